/*
 * workflow.c - the SLA amendment process as data: the one table of the names
 * an event can carry (the states and the event-only names), the one table of
 * the moves between states with their guards, and what a proposal's events
 * say in their terms (the guards' facts, the timeline).
 *
 * The process is the one the CSC and PTI agreed in 2019 (DESIGN.md section 3,
 * DOMAIN.md "How an SLA is changed").  Nothing else in govrec decides whether
 * a proposal may move: records/proposal.c loads the proposal, asks
 * govrec_workflow_check() with its facts, and writes the event.  Changing the
 * process is a change to these tables, not to code paths.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "govrec/buf.h"
#include "govrec/proposal.h"
#include "govrec/util.h"

#define OPEN     GOVREC_STATE_OPEN
#define EDITABLE GOVREC_STATE_EDITABLE

/*
 * Every name an event can carry, in process order.  The moves below,
 * validation, event-only, open and editable, and the timeline's steps and
 * totals all read this table; a name is a state unless it is event-only.
 */
const struct govrec_state govrec_states[] = {
	{ "draft", OPEN | EDITABLE },
	{ "recommended", OPEN | EDITABLE },
	{ "pti-analysis", OPEN | EDITABLE },
	{ "classified", OPEN | EDITABLE },
	{ "public-comment", OPEN | EDITABLE },
	{ "staff-report", OPEN | EDITABLE },
	{ "revised", OPEN | EDITABLE },
	{ "csc-pti-agreed", OPEN },
	{ "council-approval", OPEN },
	{ "ccnso-approved", GOVREC_EVENT_ONLY },
	{ "gnso-approved", GOVREC_EVENT_ONLY },
	{ "implementing", OPEN },
	{ "live", 0 },
	{ "withdrawn", 0 },
	{ "rejected", 0 },
	{ NULL, 0 }
};

static const char *public_comment_skip(const struct govrec_workflow_facts *f)
{
	return f->change_type == 3 ? NULL
				   : "only a type 3 change (threshold or target) may skip public "
				     "comment; types 1, 2 and 4 need it";
}

static const char *ccnso_once(const struct govrec_workflow_facts *f)
{
	return f->ccnso_approved ? "the ccNSO Council's approval is already recorded" : NULL;
}

static const char *gnso_once(const struct govrec_workflow_facts *f)
{
	return f->gnso_approved ? "the GNSO Council's approval is already recorded" : NULL;
}

static const char *both_councils(const struct govrec_workflow_facts *f)
{
	if (f->ccnso_approved && f->gnso_approved)
		return NULL;
	if (!f->ccnso_approved && !f->gnso_approved)
		return "neither the ccNSO nor the GNSO Council has approved (record "
		       "ccnso-approved and gnso-approved first)";
	return f->ccnso_approved ? "the GNSO Council has not approved (record gnso-approved first)"
				 : "the ccNSO Council has not approved (record ccnso-approved first)";
}

static const char *has_changes(const struct govrec_workflow_facts *f)
{
	return f->changes ? NULL : "the proposal changes no metric (record them with "
				   "'proposal change')";
}

const struct govrec_transition govrec_transitions[] = {
	{ "draft", "recommended", "recommend", NULL },
	{ "recommended", "pti-analysis", "pti-analysis", NULL },
	{ "pti-analysis", "classified", "classify", NULL },
	{ "classified", "public-comment", "public-comment", NULL },
	{ "classified", "csc-pti-agreed", "public-comment-required", public_comment_skip },
	{ "public-comment", "staff-report", "staff-report", NULL },
	{ "staff-report", "csc-pti-agreed", "agree", NULL },
	{ "staff-report", "revised", "revise", NULL },
	{ "revised", "recommended", "re-recommend", NULL },
	{ "csc-pti-agreed", "council-approval", "to-councils", NULL },
	{ "council-approval", "ccnso-approved", "council-approves-once", ccnso_once },
	{ "council-approval", "gnso-approved", "council-approves-once", gnso_once },
	{ "council-approval", "implementing", "both-councils", both_councils },
	{ "implementing", "live", "live-changes-metrics", has_changes },
	{ "*", "withdrawn", "withdraw", NULL },
	{ "*", "rejected", "reject", NULL },
	{ NULL, NULL, NULL, NULL }
};

static const struct govrec_state *state_find(const char *name)
{
	const struct govrec_state *s;

	for (s = govrec_states; name && s->name; s++)
		if (strcmp(s->name, name) == 0)
			return s;
	return NULL;
}

static unsigned flags_of(const char *name)
{
	const struct govrec_state *s = state_find(name);

	return s ? s->flags : 0;
}

int govrec_event_valid(const char *name)
{
	return state_find(name) != NULL;
}

int govrec_state_valid(const char *name)
{
	return govrec_event_valid(name) && !govrec_event_only(name);
}

int govrec_event_only(const char *name)
{
	return (flags_of(name) & GOVREC_EVENT_ONLY) != 0;
}

int govrec_state_open(const char *name)
{
	return (flags_of(name) & GOVREC_STATE_OPEN) != 0;
}

int govrec_state_editable(const char *name)
{
	return (flags_of(name) & GOVREC_STATE_EDITABLE) != 0;
}

enum govrec_status govrec_event_check(const char *name, struct govrec_error *err)
{
	if (govrec_event_valid(name))
		return GOVREC_OK;
	return govrec_error_set(err, GOVREC_INVALID,
				"'%.40s' is not a proposal state (see 'govrec help proposal')",
				name ? name : "");
}

static int row_applies(const struct govrec_transition *t, const char *state)
{
	return strcmp(t->from, state) == 0 || (strcmp(t->from, "*") == 0 && govrec_state_open(state));
}

enum govrec_status govrec_workflow_check(const struct govrec_workflow_facts *f, const char *to,
					 const struct govrec_transition **row,
					 struct govrec_error *err)
{
	const struct govrec_transition *t, *refused = NULL;
	const char *why = NULL;
	struct govrec_buf allowed = GOVREC_BUF_INIT;

	*row = NULL;
	if (govrec_event_check(to, err) != GOVREC_OK)
		return GOVREC_INVALID;
	for (t = govrec_transitions; t->from; t++) {
		if (!row_applies(t, f->state) || strcmp(t->to, to) != 0)
			continue;
		why = t->guard ? t->guard(f) : NULL;
		if (!why) {
			*row = t;
			return GOVREC_OK;
		}
		if (!refused)
			refused = t;
	}
	if (refused) {
		/* Run the first refusing guard again for its reason. */
		why = refused->guard(f);
		return govrec_error_set(err, GOVREC_REFUSED, "cannot go from %s to %s: rule '%s': %s",
					f->state, to, refused->rule, why);
	}
	for (t = govrec_transitions; t->from; t++)
		if (row_applies(t, f->state))
			govrec_buf_addf(&allowed, "%s%s", allowed.len ? ", " : "", t->to);
	govrec_error_set(err, GOVREC_REFUSED,
			 "cannot go from %s to %s: rule 'state-table': no such move (%s%s)",
			 f->state, to, allowed.len ? "from here: " : "",
			 allowed.len ? allowed.data : "a closed proposal does not move");
	govrec_buf_release(&allowed);
	return GOVREC_REFUSED;
}

/* ---- a loaded proposal ---- */

void govrec_proposal_facts(const struct govrec_proposal *p, struct govrec_workflow_facts *f)
{
	size_t i;

	memset(f, 0, sizeof(*f));
	f->state = p->state;
	f->change_type = p->change_type;
	f->changes = (int)p->nchanges;
	for (i = 0; i < p->nevents; i++) {
		if (strcmp(p->events[i].state, "ccnso-approved") == 0)
			f->ccnso_approved = 1;
		if (strcmp(p->events[i].state, "gnso-approved") == 0)
			f->gnso_approved = 1;
	}
}

const struct govrec_proposal_event *govrec_proposal_last_event(const struct govrec_proposal *p)
{
	const struct govrec_proposal_event *last = NULL;
	size_t i;

	/* Events are in the order recorded: the last of the latest date wins. */
	for (i = 0; i < p->nevents; i++)
		if (!last || strcmp(p->events[i].date, last->date) >= 0)
			last = &p->events[i];
	return last;
}

/* Adds up the days of each state the proposal has left, in the table's order. */
static void timeline_totals(struct govrec_timeline *t)
{
	const struct govrec_state *s;
	size_t i;

	for (s = govrec_states; s->name; s++) {
		int64_t days = 0;
		int visited = 0;

		for (i = 0; i < t->nsteps; i++)
			if (strcmp(t->steps[i].state, s->name) == 0 && t->steps[i].days >= 0) {
				visited = 1;
				days += t->steps[i].days;
			}
		if (!visited)
			continue;
		t->totals = govrec_grow(t->totals, t->ntotals, sizeof(*t->totals));
		t->totals[t->ntotals].state = s->name;
		t->totals[t->ntotals++].days = days;
	}
}

void govrec_proposal_timeline(const struct govrec_proposal *p, struct govrec_timeline *t)
{
	size_t i;

	memset(t, 0, sizeof(*t));
	t->total_days = -1;
	for (i = 0; i < p->nevents; i++) {
		const struct govrec_proposal_event *e = &p->events[i];
		struct govrec_timeline_step *s;

		if (strcmp(e->state, "ccnso-approved") == 0)
			t->ccnso_approved = e->date;
		if (strcmp(e->state, "gnso-approved") == 0)
			t->gnso_approved = e->date;
		if (govrec_event_only(e->state))
			continue;
		if (t->nsteps) {
			s = &t->steps[t->nsteps - 1];
			s->to = e->date;
			s->days = govrec_date_days(e->date) - govrec_date_days(s->from);
		}
		t->steps = govrec_grow(t->steps, t->nsteps, sizeof(*t->steps));
		s = &t->steps[t->nsteps++];
		s->state = e->state;
		s->from = e->date;
		s->to = NULL;
		s->days = -1;
		if (strcmp(e->state, "recommended") == 0 && !t->recommended)
			t->recommended = e->date;
		if (strcmp(e->state, "live") == 0)
			t->live = e->date;
	}
	if (t->recommended && t->live)
		t->total_days = govrec_date_days(t->live) - govrec_date_days(t->recommended);
	timeline_totals(t);
}

void govrec_timeline_release(struct govrec_timeline *t)
{
	free(t->steps);
	free(t->totals);
	memset(t, 0, sizeof(*t));
}
