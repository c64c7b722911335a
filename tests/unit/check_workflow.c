/*
 * check_workflow.c - the state table as the one source of the proposal
 * workflow's names: every name in govrec_states is accepted by advance,
 * comes back from the archive as written, and is a step of the timeline
 * exactly when it is a state; the moves use only its names; and the man
 * page's table of moves is the code's.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "govrec/proposal.h"
#include "testutil.h"
#include "testmain.h"

#define TECH "cat1.technical-checks.initial"
#define MAN_PAGE TEST_DATA "/../../docs/man1/govrec-proposal.1"

static const struct govrec_state *find(const char *name)
{
	const struct govrec_state *s;

	for (s = govrec_states; s->name; s++)
		if (strcmp(s->name, name) == 0)
			return s;
	return NULL;
}

static size_t nstates(void)
{
	size_t n = 0;

	while (govrec_states[n].name)
		n++;
	return n;
}

/* Each name's answers come from its row, and the rows agree with each other. */
START_TEST(test_names_from_the_table)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	const struct govrec_state *s, *t;
	int events = 0, closed = 0;

	ck_assert_str_eq(govrec_states[0].name, "draft");
	for (s = govrec_states; s->name; s++) {
		int only = (s->flags & GOVREC_EVENT_ONLY) != 0;

		for (t = s + 1; t->name; t++)
			ck_assert_str_ne(s->name, t->name);
		ck_assert_msg(govrec_event_valid(s->name), "%s", s->name);
		ck_assert_int_eq(govrec_event_check(s->name, &err), GOVREC_OK);
		ck_assert_int_eq(govrec_event_only(s->name), only);
		ck_assert_int_eq(govrec_state_valid(s->name), !only);
		ck_assert_int_eq(govrec_state_open(s->name), (s->flags & GOVREC_STATE_OPEN) != 0);
		ck_assert_int_eq(govrec_state_editable(s->name),
				 (s->flags & GOVREC_STATE_EDITABLE) != 0);
		/* editable only while open; an event is neither */
		if (govrec_state_editable(s->name))
			ck_assert(govrec_state_open(s->name));
		if (only)
			ck_assert_uint_eq(s->flags, GOVREC_EVENT_ONLY);
		events += only;
		closed += !only && !govrec_state_open(s->name);
	}
	ck_assert_int_eq(events, 2);
	ck_assert_int_eq(closed, 3);
	ck_assert(!govrec_event_valid("approved"));
	ck_assert(!govrec_event_valid(NULL));
	ck_assert(!govrec_event_only("approved"));
	ck_assert_int_eq(govrec_event_check("approved", &err), GOVREC_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "'approved' is not a proposal state"));
}
END_TEST

/* The moves name only the table's names: every state is reached and left as its row says. */
START_TEST(test_moves_use_the_table)
{
	const struct govrec_transition *r;
	const struct govrec_state *s;

	for (r = govrec_transitions; r->from; r++) {
		ck_assert_msg(strcmp(r->from, "*") == 0 || govrec_state_valid(r->from), "%s",
			      r->from);
		ck_assert_msg(govrec_event_valid(r->to), "%s", r->to);
		ck_assert_msg(!govrec_event_only(r->to) || strcmp(r->from, "*") != 0, "%s", r->to);
	}
	for (s = govrec_states; s->name; s++) {
		int into = 0, out = 0;

		for (r = govrec_transitions; r->from; r++) {
			into += strcmp(r->to, s->name) == 0;
			out += strcmp(r->from, s->name) == 0 ||
			       (strcmp(r->from, "*") == 0 && govrec_state_open(s->name));
		}
		ck_assert_msg(into > 0 || s == govrec_states, "nothing goes to %s", s->name);
		if (govrec_state_valid(s->name))
			ck_assert_msg((out > 0) == govrec_state_open(s->name), "%s: %d moves", s->name,
				      out);
		else
			ck_assert_int_eq(out, 0);
	}
}
END_TEST

static enum govrec_status advance(struct govrec_store *st, const char *ref, const char *to,
				  const char *date)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_advance a = { ref, to, date, "tester", NULL, 0 };
	enum govrec_status rc = govrec_proposal_advance(st, &a, &err);

	ck_assert_msg(rc == GOVREC_OK, "%s -> %s on %s: %s", ref, to, date, err.msg);
	return rc;
}

static void new_proposal(struct govrec_store *st, const char *ref, int type, const char *date)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_proposal_new n = { ref, "A test proposal", "CSC", type, date, NULL };

	ck_assert_msg(govrec_proposal_new(st, &n, &err) == GOVREC_OK, "%s", err.msg);
}

/* Marks each event name of ref in seen[] (indexed as govrec_states); checks its timeline. */
static void walk_back(struct govrec_store *st, const char *ref, int *seen)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_proposal p;
	struct govrec_timeline t;
	size_t i, step = 0;
	int64_t total = 0;

	ck_assert_int_eq(govrec_proposal_load(st, ref, &p, &err), GOVREC_OK);
	govrec_proposal_timeline(&p, &t);
	for (i = 0; i < p.nevents; i++) {
		const struct govrec_state *s = find(p.events[i].state);

		ck_assert_msg(s != NULL, "%s: '%s' is not in the table", ref, p.events[i].state);
		seen[s - govrec_states] = 1;
		if (govrec_event_only(s->name))
			continue;
		/* each state event is the next step of the timeline, and only they are */
		ck_assert_uint_lt(step, t.nsteps);
		ck_assert_str_eq(t.steps[step++].state, s->name);
	}
	ck_assert_uint_eq(step, t.nsteps);
	ck_assert_str_eq(t.steps[t.nsteps - 1].state, p.state);
	/* the totals: each state left, in the table's order, adding up every visit */
	for (i = 0; i < t.ntotals; i++) {
		ck_assert(govrec_state_valid(t.totals[i].state));
		if (i)
			ck_assert_int_lt(find(t.totals[i - 1].state) - govrec_states,
					 find(t.totals[i].state) - govrec_states);
		total += t.totals[i].days;
	}
	for (i = 0; i < t.nsteps; i++)
		if (t.steps[i].days >= 0)
			total -= t.steps[i].days;
	ck_assert_int_eq(total, 0);
	govrec_timeline_release(&t);
	govrec_proposal_release(&p);
}

/*
 * Every name of the table through the archive: advance accepts it, load gives
 * it back, and the timeline makes a step of it exactly when it is a state.
 * A name added to the table fails here until the walk records it.
 */
START_TEST(test_every_name_round_trips)
{
	static const char *const a_path[] = {
		"recommended",	  "pti-analysis",   "classified",     "public-comment",
		"staff-report",	  "revised",	    "recommended",    "pti-analysis",
		"classified",	  "public-comment", "staff-report",   "csc-pti-agreed",
		"council-approval", "ccnso-approved", "gnso-approved", "implementing",
		"live",
	};
	struct govrec_store *st = test_store_new();
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_change_spec c;
	struct govrec_timeline t;
	struct govrec_proposal p;
	int seen[64] = { 0 };
	char date[11];
	size_t i;

	ck_assert_uint_lt(nstates(), sizeof(seen) / sizeof(seen[0]));
	/* validation: every name passes it (the proposal is missing), no other does */
	for (i = 0; govrec_states[i].name; i++) {
		struct govrec_advance a = { "NOPE", govrec_states[i].name, "2021-01-01", NULL, NULL,
					    0 };

		govrec_error_clear(&err);
		ck_assert_msg(govrec_proposal_advance(st, &a, &err) == GOVREC_NOTFOUND, "%s: %s",
			      a.to, err.msg);
	}
	{
		struct govrec_advance a = { "NOPE", "approved", "2021-01-01", NULL, NULL, 0 };

		govrec_error_clear(&err);
		ck_assert_int_eq(govrec_proposal_advance(st, &a, &err), GOVREC_INVALID);
	}

	new_proposal(st, "A", 1, "2021-01-01");
	memset(&c, 0, sizeof(c));
	c.ref = "A";
	c.metric = TECH;
	c.action = "change";
	c.has_target = 1;
	c.target_percent = 97;
	ck_assert_msg(govrec_proposal_change(st, &c, &err) == GOVREC_OK, "%s", err.msg);
	for (i = 0; i < sizeof(a_path) / sizeof(a_path[0]); i++) {
		snprintf(date, sizeof(date), "2021-02-%02zu", i + 1);
		advance(st, "A", a_path[i], date);
	}
	new_proposal(st, "B", 3, "2021-01-01");
	advance(st, "B", "withdrawn", "2021-01-02");
	new_proposal(st, "C", 3, "2021-01-01");
	advance(st, "C", "recommended", "2021-01-02");
	advance(st, "C", "rejected", "2021-01-05");

	walk_back(st, "A", seen);
	walk_back(st, "B", seen);
	walk_back(st, "C", seen);
	for (i = 0; govrec_states[i].name; i++)
		ck_assert_msg(seen[i], "'%s' was never recorded", govrec_states[i].name);

	/* A visited recommended twice: one total for both visits */
	ck_assert_int_eq(govrec_proposal_load(st, "A", &p, &err), GOVREC_OK);
	govrec_proposal_timeline(&p, &t);
	ck_assert_str_eq(t.steps[7].state, "recommended");
	ck_assert_str_eq(t.totals[1].state, "recommended");
	ck_assert_int_eq(t.totals[1].days, t.steps[1].days + t.steps[7].days);
	ck_assert_int_eq(t.totals[1].days, 1 + 1); /* 02-01 .. 02-02, 02-07 .. 02-08 */
	ck_assert_str_eq(t.ccnso_approved, "2021-02-14");
	ck_assert_str_eq(t.gnso_approved, "2021-02-15");
	ck_assert_str_eq(t.live, "2021-02-17");
	govrec_timeline_release(&t);
	govrec_proposal_release(&p);
	test_store_free(st);
}
END_TEST

/* Splits "a, b, c" in place into at most max words; returns how many. */
static size_t words(char *text, char **out, size_t max)
{
	char *save, *w;
	size_t n = 0;

	for (w = strtok_r(text, ", ", &save); w; w = strtok_r(NULL, ", ", &save)) {
		ck_assert_uint_lt(n, max);
		out[n++] = w;
	}
	return n;
}

/*
 * Adds the (from, to, rule) rows of one ".It from Ta to, to Ta rule, rule"
 * line: one rule for every target, or one each.
 */
static size_t man_row(char *line, char rows[][3][40], size_t n, size_t max)
{
	char *from = line, *tos, *rules, *to[8], *rule[8];
	size_t nto, nrule, i;

	tos = strstr(from, " Ta ");
	ck_assert_ptr_nonnull(tos);
	*tos = '\0';
	tos += 4;
	rules = strstr(tos, " Ta ");
	ck_assert_ptr_nonnull(rules);
	*rules = '\0';
	rules += 4;
	if (strcmp(from, "any open state") == 0)
		from = "*";
	nto = words(tos, to, 8);
	nrule = words(rules, rule, 8);
	ck_assert_msg(nrule == 1 || nrule == nto, "'%s': %zu targets, %zu rules", from, nto, nrule);
	for (i = 0; i < nto; i++) {
		ck_assert_uint_lt(n, max);
		snprintf(rows[n][0], sizeof(rows[n][0]), "%.39s", from);
		snprintf(rows[n][1], sizeof(rows[n][1]), "%.39s", to[i]);
		snprintf(rows[n][2], sizeof(rows[n][2]), "%.39s", rule[nrule == 1 ? 0 : i]);
		n++;
	}
	return n;
}

/* The man page's table of moves is govrec_transitions, row for row. */
START_TEST(test_man_page_agrees)
{
	char line[512], rows[64][3][40];
	const struct govrec_transition *r;
	size_t n = 0, i, ncode = 0;
	int in_table = 0;
	FILE *f = fopen(MAN_PAGE, "r");

	ck_assert_msg(f != NULL, "cannot open %s", MAN_PAGE);
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (strcmp(line, ".Ss States") == 0)
			in_table = 1;
		else if (in_table && strcmp(line, ".El") == 0)
			break;
		else if (in_table && strncmp(line, ".It ", 4) == 0 &&
			 strncmp(line, ".It Sy", 6) != 0)
			n = man_row(line + 4, rows, n, sizeof(rows) / sizeof(rows[0]));
	}
	fclose(f);
	for (r = govrec_transitions; r->from; r++, ncode++) {
		for (i = 0; i < n; i++)
			if (strcmp(rows[i][0], r->from) == 0 && strcmp(rows[i][1], r->to) == 0 &&
			    strcmp(rows[i][2], r->rule) == 0)
				break;
		ck_assert_msg(i < n, "the man page lacks %s -> %s (%s)", r->from, r->to, r->rule);
	}
	ck_assert_uint_eq(n, ncode);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("workflow");
	TCase *t = tcase_create("core");

	tcase_add_test(t, test_names_from_the_table);
	tcase_add_test(t, test_moves_use_the_table);
	tcase_add_test(t, test_every_name_round_trips);
	tcase_add_test(t, test_man_page_agrees);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return test_main(suite());
}
