/*
 * check_proposal.c - the proposal workflow: every allowed and every refused
 * move of the state table under every combination of guard facts, the date
 * rule, changes fitting the change type, going live into the catalog, and
 * the timeline.
 */
#include <check.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "govrec/meeting.h"
#include "govrec/proposal.h"
#include "testutil.h"
#include "testmain.h"

#define TECH "cat1.technical-checks.initial"
#define RETEST "cat1.technical-checks.retest"

static int64_t count(struct govrec_store *st, const char *sql)
{
	int64_t n = -1;

	ck_assert_int_eq(govrec_sql_int(st, NULL, &n, sql, ""), GOVREC_OK);
	return n;
}

/*
 * The process of DESIGN.md section 3 written out a second time, as the test's
 * own expectation: the moves without guards, then the guarded ones.
 */
static const char *const plain_moves[][2] = {
	{ "draft", "recommended" },	      { "recommended", "pti-analysis" },
	{ "pti-analysis", "classified" },     { "classified", "public-comment" },
	{ "public-comment", "staff-report" }, { "staff-report", "csc-pti-agreed" },
	{ "staff-report", "revised" },	      { "revised", "recommended" },
	{ "csc-pti-agreed", "council-approval" },
};

static const char *const closed[] = { "live", "withdrawn", "rejected" };

static int expected(const char *from, const char *to, const struct govrec_workflow_facts *f,
		    const char **rule)
{
	size_t i;

	*rule = "state-table";
	for (i = 0; i < 3; i++)
		if (strcmp(from, closed[i]) == 0)
			return 0;
	if (strcmp(to, "withdrawn") == 0 || strcmp(to, "rejected") == 0)
		return 1;
	for (i = 0; i < sizeof(plain_moves) / sizeof(plain_moves[0]); i++)
		if (strcmp(plain_moves[i][0], from) == 0 && strcmp(plain_moves[i][1], to) == 0)
			return 1;
	if (strcmp(from, "classified") == 0 && strcmp(to, "csc-pti-agreed") == 0) {
		*rule = "public-comment-required";
		return f->change_type == 3;
	}
	if (strcmp(from, "council-approval") == 0) {
		*rule = strcmp(to, "implementing") == 0 ? "both-councils" : "council-approves-once";
		if (strcmp(to, "ccnso-approved") == 0)
			return !f->ccnso_approved;
		if (strcmp(to, "gnso-approved") == 0)
			return !f->gnso_approved;
		if (strcmp(to, "implementing") == 0)
			return f->ccnso_approved && f->gnso_approved;
		*rule = "state-table";
	}
	if (strcmp(from, "implementing") == 0 && strcmp(to, "live") == 0) {
		*rule = "live-changes-metrics";
		return f->changes > 0;
	}
	return 0;
}

START_TEST(test_state_table)
{
	static const char *const targets[] = {
		"draft",	  "recommended",    "pti-analysis",   "classified",
		"public-comment", "staff-report",   "revised",	      "csc-pti-agreed",
		"council-approval", "implementing", "live",	      "withdrawn",
		"rejected",	  "ccnso-approved", "gnso-approved",
	};
	const struct govrec_state *from;
	int allowed = 0, refused = 0, type, cc, gn, ch;
	size_t t;

	for (type = 1; type <= 4; type++)
		for (cc = 0; cc <= 1; cc++)
			for (gn = 0; gn <= 1; gn++)
				for (ch = 0; ch <= 1; ch++)
					for (from = govrec_states; from->name; from++)
						for (t = 0; t < sizeof(targets) / sizeof(targets[0]) &&
							    govrec_state_valid(from->name);
						     t++) {
							struct govrec_workflow_facts f = {
								from->name, type, cc, gn, ch
							};
							struct govrec_error err = GOVREC_ERROR_INIT;
							const struct govrec_transition *row;
							const char *rule;
							char want[64];
							int ok = expected(from->name, targets[t],
									  &f, &rule);
							enum govrec_status rc = govrec_workflow_check(
								&f, targets[t], &row, &err);

							ck_assert_msg(rc == (ok ? GOVREC_OK
										: GOVREC_REFUSED),
								      "%s -> %s (type %d, ccnso %d, "
								      "gnso %d, changes %d): %s",
								      from->name, targets[t], type, cc, gn,
								      ch, err.msg);
							if (ok) {
								allowed++;
								ck_assert_str_eq(row->to, targets[t]);
								ck_assert_int_eq(
									govrec_event_only(row->to),
									strstr(targets[t],
									       "-approved") != NULL);
								continue;
							}
							refused++;
							snprintf(want, sizeof(want), "rule '%s'",
								 rule);
							ck_assert_msg(strstr(err.msg, want) != NULL,
								      "%s -> %s: '%s' lacks %s", from->name,
								      targets[t], err.msg, want);
						}
	ck_assert_int_gt(allowed, 0);
	ck_assert_int_gt(refused, allowed);
}
END_TEST

START_TEST(test_state_names)
{
	struct govrec_workflow_facts f = { "draft", 1, 0, 0, 0 };
	struct govrec_error err = GOVREC_ERROR_INIT;
	const struct govrec_transition *row;

	ck_assert_int_eq(govrec_workflow_check(&f, "approved", &row, &err), GOVREC_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "'approved' is not a proposal state"));
	ck_assert(govrec_state_open("implementing"));
	ck_assert(!govrec_state_open("live"));
	ck_assert(govrec_state_editable("revised"));
	ck_assert(!govrec_state_editable("csc-pti-agreed"));
	ck_assert(!govrec_state_valid("ccnso-approved"));
	ck_assert(govrec_event_valid("ccnso-approved"));
}
END_TEST

static void new_proposal(struct govrec_store *st, const char *ref, int type, const char *date)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_proposal_new n = { ref, "A test proposal", "CSC", type, date, NULL };

	ck_assert_msg(govrec_proposal_new(st, &n, &err) == GOVREC_OK, "%s", err.msg);
}

static enum govrec_status advance(struct govrec_store *st, const char *ref, const char *to,
				  const char *date, struct govrec_error *err)
{
	struct govrec_advance a = { ref, to, date, "tester", NULL, 0 };

	govrec_error_clear(err);
	return govrec_proposal_advance(st, &a, err);
}

static void change(struct govrec_store *st, const char *ref, const char *metric,
		   const char *threshold, double target)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_change_spec c;

	memset(&c, 0, sizeof(c));
	c.ref = ref;
	c.metric = metric;
	c.action = "change";
	if (threshold) {
		ck_assert_int_eq(govrec_threshold_parse(threshold, &c.threshold, &c.unit, &err),
				 GOVREC_OK);
		c.has_threshold = 1;
	}
	if (target >= 0) {
		c.has_target = 1;
		c.target_percent = target;
	}
	ck_assert_msg(govrec_proposal_change(st, &c, &err) == GOVREC_OK, "%s", err.msg);
}

START_TEST(test_new_and_search)
{
	struct govrec_store *st = test_store_new();
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_proposal_new n = { "SLA-2019-02", "Publication of IDN tables", "pti", 1,
					 "2019-05-01", NULL };
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/rationale.txt", test_dir());
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("Label generation rulesets should be published promptly.\n\nSecond paragraph.\n", f);
	fclose(f);
	n.rationale = path;
	ck_assert_msg(govrec_proposal_new(st, &n, &err) == GOVREC_OK, "%s", err.msg);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM proposal WHERE ref = 'SLA-2019-02' AND "
				   "originator = 'PTI' AND state = 'draft' AND change_type = 1"),
			 1);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM search WHERE search MATCH 'rulesets' "
				   "AND kind = 'proposal'"),
			 1);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM search WHERE search MATCH "
				   "'title:IDN AND title:tables'"),
			 3);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM proposal p JOIN document d ON d.id = "
				   "p.document_id WHERE d.kind = 'proposal' AND d.file_name = "
				   "'rationale.txt'"),
			 1);
	/* the same rationale for another proposal is another document */
	n.ref = "SLA-2019-03";
	ck_assert_int_eq(govrec_proposal_new(st, &n, &err), GOVREC_OK);
	ck_assert_int_eq(count(st, "SELECT count(DISTINCT document_id) FROM proposal"), 2);

	ck_assert_int_eq(govrec_proposal_new(st, &n, &err), GOVREC_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "proposal 'SLA-2019-03' already exists"));
	govrec_error_clear(&err);
	n.ref = "SLA 1";
	ck_assert_int_eq(govrec_proposal_new(st, &n, &err), GOVREC_INVALID);
	n.ref = "SLA-9";
	n.originator = "ICANN";
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_proposal_new(st, &n, &err), GOVREC_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "originator 'ICANN' is not CSC or PTI"));
	n.originator = "CSC";
	n.change_type = 5;
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_proposal_new(st, &n, &err), GOVREC_INVALID);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM proposal"), 2);
	test_store_free(st);
}
END_TEST

START_TEST(test_changes_fit_type)
{
	struct govrec_store *st = test_store_new();
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_change_spec c;
	struct govrec_proposal p;

	new_proposal(st, "T3", 3, "2021-01-01");
	new_proposal(st, "T4", 4, "2021-01-01");
	new_proposal(st, "T1", 1, "2021-01-01");
	new_proposal(st, "OLD", 3, "2018-01-01");

	/* current values come from the version in force on the proposal's date */
	change(st, "T3", TECH, "40m", -1);
	ck_assert_int_eq(govrec_proposal_load(st, "T3", &p, &err), GOVREC_OK);
	ck_assert_int_eq(p.nchanges, 1);
	ck_assert_int_eq(p.changes[0].has_from, 1);
	ck_assert_int_eq(p.changes[0].from.threshold, 50);
	ck_assert_str_eq(p.changes[0].from.unit, "minutes");
	ck_assert_int_eq(p.changes[0].to.threshold, 40);
	ck_assert(p.changes[0].to.target_percent == 95.0);
	govrec_proposal_release(&p);
	/* recording it again replaces it */
	change(st, "T3", TECH, "1h", 99);
	ck_assert_int_eq(govrec_proposal_load(st, "T3", &p, &err), GOVREC_OK);
	ck_assert_int_eq(p.nchanges, 1);
	ck_assert_str_eq(p.changes[0].to.unit, "hours");
	ck_assert(p.changes[0].to.target_percent == 99.0);
	govrec_proposal_release(&p);

	/* no version in force on 2018-01-01: both values must be given */
	memset(&c, 0, sizeof(c));
	c.ref = "OLD";
	c.metric = TECH;
	c.action = "change";
	c.has_target = 1;
	c.target_percent = 90;
	ck_assert_int_eq(govrec_proposal_change(st, &c, &err), GOVREC_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "has no version in force on 2018-01-01"));
	change(st, "OLD", TECH, "60m", 95);
	ck_assert_int_eq(govrec_proposal_load(st, "OLD", &p, &err), GOVREC_OK);
	ck_assert_int_eq(p.changes[0].has_from, 0);
	govrec_proposal_release(&p);

	/* nothing changes: refused as bad input */
	memset(&c, 0, sizeof(c));
	c.ref = "T3";
	c.metric = RETEST;
	c.action = "change";
	c.has_threshold = 1;
	c.threshold = 600;
	c.unit = "seconds";
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_proposal_change(st, &c, &err), GOVREC_OK);
	c.unit = "minutes";
	c.threshold = 10;
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_proposal_change(st, &c, &err), GOVREC_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "leaves metric"));
	/* type 3 may not change Max/Min */
	c.threshold = 5;
	c.type = "Min";
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_proposal_change(st, &c, &err), GOVREC_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.msg, "rule 'change-fits-type'"));

	/* new metrics only in type 1, removals only in type 4 */
	memset(&c, 0, sizeof(c));
	c.ref = "T3";
	c.metric = "cat9.new";
	c.action = "new";
	c.category = "IX";
	c.phase = "Publication";
	c.name = "A new one";
	c.has_threshold = 1;
	c.threshold = 7;
	c.unit = "days";
	c.has_target = 1;
	c.target_percent = 90;
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_proposal_change(st, &c, &err), GOVREC_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.msg, "only type 1 adds new metrics"));
	c.ref = "T1";
	govrec_error_clear(&err);
	ck_assert_msg(govrec_proposal_change(st, &c, &err) == GOVREC_OK, "%s", err.msg);
	c.metric = TECH;
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_proposal_change(st, &c, &err), GOVREC_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "already in the catalog"));

	memset(&c, 0, sizeof(c));
	c.ref = "T3";
	c.metric = RETEST;
	c.action = "remove";
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_proposal_change(st, &c, &err), GOVREC_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.msg, "only type 4 removes metrics"));
	c.ref = "T4";
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_proposal_change(st, &c, &err), GOVREC_OK);
	c.action = "change";
	c.has_target = 1;
	c.target_percent = 50;
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_proposal_change(st, &c, &err), GOVREC_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.msg, "type 4 only removes metrics"));

	c.ref = "T3";
	c.metric = "cat9.unknown";
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_proposal_change(st, &c, &err), GOVREC_NOTFOUND);
	c.ref = "NOPE";
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_proposal_change(st, &c, &err), GOVREC_NOTFOUND);
	test_store_free(st);
}
END_TEST

START_TEST(test_dates_and_nothing_written)
{
	struct govrec_store *st = test_store_new();
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_change_spec c;
	int64_t audit, events;

	new_proposal(st, "P", 1, "2021-03-01");
	ck_assert_int_eq(advance(st, "P", "recommended", "2021-02-28", &err), GOVREC_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.msg, "rule 'dates-forward'"));
	ck_assert_int_eq(advance(st, "P", "recommended", "2021-03-01", &err), GOVREC_OK);
	ck_assert_int_eq(advance(st, "P", "pti-analysis", "2021-04-01", &err), GOVREC_OK);
	ck_assert_int_eq(advance(st, "P", "classified", "2021-05-01", &err), GOVREC_OK);

	audit = count(st, "SELECT count(*) FROM audit");
	events = count(st, "SELECT count(*) FROM proposal_event");
	ck_assert_int_eq(advance(st, "P", "classified", "2021-04-30", &err), GOVREC_REFUSED);
	ck_assert_int_eq(advance(st, "P", "public-comment", "2021-04-30", &err), GOVREC_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.msg, "the previous event (classified) is dated 2021-05-01"));
	ck_assert_int_eq(advance(st, "P", "csc-pti-agreed", "2021-06-01", &err), GOVREC_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.msg, "rule 'public-comment-required'"));
	ck_assert_int_eq(advance(st, "P", "live", "2021-06-01", &err), GOVREC_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.msg, "rule 'state-table'"));
	ck_assert_int_eq(advance(st, "NOPE", "live", "2021-06-01", &err), GOVREC_NOTFOUND);
	{
		struct govrec_advance a = { "P", "public-comment", "2021-06-01", NULL, NULL, 99 };

		govrec_error_clear(&err);
		ck_assert_int_eq(govrec_proposal_advance(st, &a, &err), GOVREC_NOTFOUND);
		ck_assert_ptr_nonnull(strstr(err.msg, "no meeting 99"));
	}
	ck_assert_int_eq(count(st, "SELECT count(*) FROM audit"), audit);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM proposal_event"), events);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM proposal WHERE state = 'classified'"), 1);

	/* the same day as the previous event is fine; a meeting is linked */
	{
		struct govrec_meeting_new m = { 40, "2021-05-01", NULL, NULL, NULL, NULL, 0 };
		struct govrec_advance a = { "P", "public-comment", "2021-05-01", "ICANN",
					    "opened", 40 };

		ck_assert_int_eq(govrec_meeting_add(st, &m, &err), GOVREC_OK);
		ck_assert_int_eq(govrec_proposal_advance(st, &a, &err), GOVREC_OK);
		ck_assert_int_eq(count(st, "SELECT count(*) FROM link WHERE from_id = 'P' AND "
					   "to_kind = 'meeting' AND to_id = '40'"),
				 1);
	}
	/* changes are frozen once the CSC and PTI agree */
	ck_assert_int_eq(advance(st, "P", "staff-report", "2021-06-15", &err), GOVREC_OK);
	ck_assert_int_eq(advance(st, "P", "csc-pti-agreed", "2021-07-01", &err), GOVREC_OK);
	memset(&c, 0, sizeof(c));
	c.ref = "P";
	c.metric = TECH;
	c.action = "change";
	c.has_target = 1;
	c.target_percent = 90;
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_proposal_change(st, &c, &err), GOVREC_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.msg, "rule 'changes-frozen'"));
	/* withdrawn ends it */
	ck_assert_int_eq(advance(st, "P", "withdrawn", "2021-07-02", &err), GOVREC_OK);
	ck_assert_int_eq(advance(st, "P", "council-approval", "2021-07-03", &err), GOVREC_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.msg, "a closed proposal does not move"));
	ck_assert_int_eq(advance(st, "P", "rejected", "2021-07-03", &err), GOVREC_REFUSED);
	test_store_free(st);
}
END_TEST

/* Refuses every read of proposal_event.state: advance cannot read the events. */
static int deny_event_state(void *unused, int action, const char *table, const char *column,
			    const char *db, const char *trigger)
{
	if (action == SQLITE_READ && table && column && strcmp(table, "proposal_event") == 0 &&
	    strcmp(column, "state") == 0)
		return SQLITE_DENY;
	return SQLITE_OK;
}

/*
 * A failed read of the events (once a count query, now the proposal's load)
 * fails the advance with its own error, writes nothing, and decides nothing
 * from facts it never read (the old code read an unset int64 into the
 * workflow facts before looking at the status).
 */
START_TEST(test_count_failure)
{
	struct govrec_store *st = test_store_new();
	struct govrec_error err = GOVREC_ERROR_INIT;
	int64_t audit, events;

	new_proposal(st, "P", 1, "2021-03-01");
	audit = count(st, "SELECT count(*) FROM audit");
	events = count(st, "SELECT count(*) FROM proposal_event");
	sqlite3_set_authorizer(govrec_store_db(st), deny_event_state, NULL);
	ck_assert_int_eq(advance(st, "P", "recommended", "2021-03-02", &err), GOVREC_ERROR);
	ck_assert_msg(err.msg[0] != '\0', "no message");
	sqlite3_set_authorizer(govrec_store_db(st), NULL, NULL);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM audit"), audit);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM proposal_event"), events);
	ck_assert_int_eq(advance(st, "P", "recommended", "2021-03-02", &err), GOVREC_OK);
	test_store_free(st);
}
END_TEST

START_TEST(test_live_writes_catalog)
{
	struct govrec_store *st = test_store_new();
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_metric_values v;
	struct govrec_change_spec c;
	struct govrec_proposal p;
	struct govrec_timeline t;

	new_proposal(st, "SLA-2021-01", 1, "2021-01-10");
	change(st, "SLA-2021-01", TECH, "40m", 97);
	memset(&c, 0, sizeof(c));
	c.ref = "SLA-2021-01";
	c.metric = "cat9.idn-tables";
	c.action = "new";
	c.category = "IDN";
	c.phase = "Publication";
	c.name = "IDN tables published";
	c.has_threshold = 1;
	c.threshold = 90;
	c.unit = "days";
	c.has_target = 1;
	c.target_percent = 90;
	ck_assert_int_eq(govrec_proposal_change(st, &c, &err), GOVREC_OK);

	ck_assert_int_eq(advance(st, "SLA-2021-01", "recommended", "2021-01-10", &err), GOVREC_OK);
	ck_assert_int_eq(advance(st, "SLA-2021-01", "pti-analysis", "2021-02-01", &err), GOVREC_OK);
	ck_assert_int_eq(advance(st, "SLA-2021-01", "classified", "2021-02-15", &err), GOVREC_OK);
	ck_assert_int_eq(advance(st, "SLA-2021-01", "public-comment", "2021-03-01", &err),
			 GOVREC_OK);
	ck_assert_int_eq(advance(st, "SLA-2021-01", "staff-report", "2021-04-15", &err), GOVREC_OK);
	ck_assert_int_eq(advance(st, "SLA-2021-01", "csc-pti-agreed", "2021-05-01", &err),
			 GOVREC_OK);
	ck_assert_int_eq(advance(st, "SLA-2021-01", "council-approval", "2021-05-20", &err),
			 GOVREC_OK);
	ck_assert_int_eq(advance(st, "SLA-2021-01", "implementing", "2021-05-21", &err),
			 GOVREC_REFUSED);
	ck_assert_int_eq(advance(st, "SLA-2021-01", "gnso-approved", "2021-06-01", &err), GOVREC_OK);
	ck_assert_int_eq(advance(st, "SLA-2021-01", "gnso-approved", "2021-06-02", &err),
			 GOVREC_REFUSED);
	ck_assert_int_eq(advance(st, "SLA-2021-01", "implementing", "2021-06-02", &err),
			 GOVREC_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.msg, "the ccNSO Council has not approved"));
	ck_assert_int_eq(advance(st, "SLA-2021-01", "ccnso-approved", "2021-06-10", &err),
			 GOVREC_OK);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM proposal WHERE state = "
				   "'council-approval'"),
			 1);
	ck_assert_int_eq(advance(st, "SLA-2021-01", "implementing", "2021-06-11", &err), GOVREC_OK);
	ck_assert_int_eq(govrec_metric_exists(st, "cat9.idn-tables"), 0);
	ck_assert_msg(advance(st, "SLA-2021-01", "live", "2021-08-01", &err) == GOVREC_OK, "%s",
		      err.msg);

	ck_assert_int_eq(govrec_metric_values_at(st, TECH, "2021-07-31", &v, &err), GOVREC_OK);
	ck_assert_int_eq(v.threshold, 50);
	ck_assert_int_eq(govrec_metric_values_at(st, TECH, "2021-08-01", &v, &err), GOVREC_OK);
	ck_assert_int_eq(v.threshold, 40);
	ck_assert(v.target_percent == 97.0);
	ck_assert_int_eq(govrec_metric_values_at(st, "cat9.idn-tables", "2021-07-31", &v, &err),
			 GOVREC_NOTFOUND);
	ck_assert_int_eq(govrec_metric_values_at(st, "cat9.idn-tables", "2021-08-01", &v, &err),
			 GOVREC_OK);
	ck_assert_int_eq(v.threshold_seconds, 90 * 86400);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM metric_version v JOIN proposal p ON "
				   "p.id = v.proposal_id WHERE p.ref = 'SLA-2021-01' AND "
				   "v.effective_from = '2021-08-01' AND v.source = 'proposal "
				   "SLA-2021-01'"),
			 2);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM metric WHERE id = 'cat9.idn-tables' AND "
				   "category = 'IDN'"),
			 1);

	ck_assert_int_eq(govrec_proposal_load(st, "SLA-2021-01", &p, &err), GOVREC_OK);
	govrec_proposal_timeline(&p, &t);
	ck_assert_int_eq(t.nsteps, 10);
	ck_assert_str_eq(t.steps[0].state, "draft");
	ck_assert_str_eq(t.steps[8].state, "implementing");
	ck_assert_int_eq(t.steps[7].days, 22); /* council-approval 05-20 .. 06-11 */
	ck_assert_int_eq(t.steps[9].days, -1);
	ck_assert_str_eq(t.recommended, "2021-01-10");
	ck_assert_str_eq(t.live, "2021-08-01");
	ck_assert_str_eq(t.ccnso_approved, "2021-06-10");
	ck_assert_str_eq(t.gnso_approved, "2021-06-01");
	ck_assert_int_eq(t.total_days, 203);
	govrec_timeline_release(&t);
	govrec_proposal_release(&p);

	/* a type 4 removal, and a live date that clashes with an existing version */
	new_proposal(st, "SLA-2022-01", 4, "2022-01-01");
	memset(&c, 0, sizeof(c));
	c.ref = "SLA-2022-01";
	c.metric = RETEST;
	c.action = "remove";
	ck_assert_int_eq(govrec_proposal_change(st, &c, &err), GOVREC_OK);
	ck_assert_int_eq(advance(st, "SLA-2022-01", "recommended", "2022-01-01", &err), GOVREC_OK);
	ck_assert_int_eq(advance(st, "SLA-2022-01", "pti-analysis", "2022-01-02", &err), GOVREC_OK);
	ck_assert_int_eq(advance(st, "SLA-2022-01", "classified", "2022-01-03", &err), GOVREC_OK);
	ck_assert_int_eq(advance(st, "SLA-2022-01", "public-comment", "2022-01-04", &err),
			 GOVREC_OK);
	ck_assert_int_eq(advance(st, "SLA-2022-01", "staff-report", "2022-02-20", &err), GOVREC_OK);
	ck_assert_int_eq(advance(st, "SLA-2022-01", "csc-pti-agreed", "2022-03-01", &err),
			 GOVREC_OK);
	ck_assert_int_eq(advance(st, "SLA-2022-01", "council-approval", "2022-03-02", &err),
			 GOVREC_OK);
	ck_assert_int_eq(advance(st, "SLA-2022-01", "ccnso-approved", "2022-03-03", &err),
			 GOVREC_OK);
	ck_assert_int_eq(advance(st, "SLA-2022-01", "gnso-approved", "2022-03-04", &err), GOVREC_OK);
	ck_assert_int_eq(advance(st, "SLA-2022-01", "implementing", "2022-03-05", &err), GOVREC_OK);
	{
		/* a version that begins on the intended live date */
		struct govrec_metric_values same = { 0, 9, "minutes", 540, "Max", 95, "month" };

		ck_assert_int_eq(govrec_store_begin(st, "test", &err), GOVREC_OK);
		ck_assert_int_eq(govrec_metric_version_add(st, RETEST, &same, "2022-04-01", NULL, 0,
							   &err),
				 GOVREC_OK);
		ck_assert_int_eq(govrec_store_commit(st, &err), GOVREC_OK);
	}
	ck_assert_int_eq(advance(st, "SLA-2022-01", "live", "2022-04-01", &err), GOVREC_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.msg, "rule 'live-writes-catalog'"));
	ck_assert_int_eq(count(st, "SELECT count(*) FROM proposal WHERE ref = 'SLA-2022-01' AND "
				   "state = 'implementing'"),
			 1);
	ck_assert_int_eq(advance(st, "SLA-2022-01", "live", "2022-04-02", &err), GOVREC_OK);
	ck_assert_int_eq(govrec_metric_values_at(st, RETEST, "2022-04-02", &v, &err), GOVREC_OK);
	ck_assert_int_eq(v.removed, 1);
	ck_assert_int_eq(govrec_metric_values_at(st, RETEST, "2022-04-01", &v, &err), GOVREC_OK);
	ck_assert_int_eq(v.threshold, 9);
	test_store_free(st);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("proposal");
	TCase *t = tcase_create("core");

	tcase_add_test(t, test_state_table);
	tcase_add_test(t, test_state_names);
	tcase_add_test(t, test_new_and_search);
	tcase_add_test(t, test_changes_fit_type);
	tcase_add_test(t, test_dates_and_nothing_written);
	tcase_add_test(t, test_count_failure);
	tcase_add_test(t, test_live_writes_catalog);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return test_main(suite());
}
