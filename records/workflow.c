/*
 * workflow.c - the SLA amendment process as data: the states a proposal can
 * be in, and the one table of the moves between them with their guards.
 *
 * The process is the one the CSC and PTI agreed in 2019 (DESIGN.md section 3,
 * DOMAIN.md "How an SLA is changed").  Nothing else in govrec decides whether
 * a proposal may move: records/proposal.c gathers the facts, asks
 * govrec_workflow_check(), and writes the event.  Changing the process is a
 * change to these tables, not to code paths.
 */
#include <stdio.h>
#include <string.h>

#include "govrec/buf.h"
#include "govrec/proposal.h"

static const struct state {
	const char *name;
	int open;     /* not finished: it can still move, be withdrawn or rejected */
	int editable; /* its metric changes may still be edited */
} states[] = {
	{ "draft", 1, 1 },
	{ "recommended", 1, 1 },
	{ "pti-analysis", 1, 1 },
	{ "classified", 1, 1 },
	{ "public-comment", 1, 1 },
	{ "staff-report", 1, 1 },
	{ "revised", 1, 1 },
	{ "csc-pti-agreed", 1, 0 },
	{ "council-approval", 1, 0 },
	{ "implementing", 1, 0 },
	{ "live", 0, 0 },
	{ "withdrawn", 0, 0 },
	{ "rejected", 0, 0 },
	{ NULL, 0, 0 }
};

const char *const govrec_states[] = {
	"draft", "recommended", "pti-analysis", "classified", "public-comment", "staff-report",
	"revised", "csc-pti-agreed", "council-approval", "implementing", "live", "withdrawn",
	"rejected", NULL
};

/* Events recorded while in council-approval that do not change the state. */
const char *const govrec_events[] = { "ccnso-approved", "gnso-approved", NULL };

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
	{ "draft", "recommended", "recommend", NULL, 0 },
	{ "recommended", "pti-analysis", "pti-analysis", NULL, 0 },
	{ "pti-analysis", "classified", "classify", NULL, 0 },
	{ "classified", "public-comment", "public-comment", NULL, 0 },
	{ "classified", "csc-pti-agreed", "public-comment-required", public_comment_skip, 0 },
	{ "public-comment", "staff-report", "staff-report", NULL, 0 },
	{ "staff-report", "csc-pti-agreed", "agree", NULL, 0 },
	{ "staff-report", "revised", "revise", NULL, 0 },
	{ "revised", "recommended", "re-recommend", NULL, 0 },
	{ "csc-pti-agreed", "council-approval", "to-councils", NULL, 0 },
	{ "council-approval", "ccnso-approved", "council-approves-once", ccnso_once, 1 },
	{ "council-approval", "gnso-approved", "council-approves-once", gnso_once, 1 },
	{ "council-approval", "implementing", "both-councils", both_councils, 0 },
	{ "implementing", "live", "live-changes-metrics", has_changes, 0 },
	{ "*", "withdrawn", "withdraw", NULL, 0 },
	{ "*", "rejected", "reject", NULL, 0 },
	{ NULL, NULL, NULL, NULL, 0 }
};

static const struct state *state_find(const char *name)
{
	const struct state *s;

	for (s = states; name && s->name; s++)
		if (strcmp(s->name, name) == 0)
			return s;
	return NULL;
}

int govrec_state_valid(const char *state)
{
	return state_find(state) != NULL;
}

int govrec_state_open(const char *state)
{
	const struct state *s = state_find(state);

	return s && s->open;
}

int govrec_state_editable(const char *state)
{
	const struct state *s = state_find(state);

	return s && s->editable;
}

int govrec_event_valid(const char *name)
{
	const char *const *e;

	for (e = govrec_events; name && *e; e++)
		if (strcmp(*e, name) == 0)
			return 1;
	return govrec_state_valid(name);
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
	if (!govrec_event_valid(to))
		return govrec_error_set(err, GOVREC_INVALID,
					"'%.40s' is not a proposal state (see 'govrec help proposal')",
					to ? to : "");
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
