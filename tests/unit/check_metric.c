/*
 * check_metric.c - the metric catalog: units and thresholds across units,
 * effective-dated versions, catalog files (all rows checked before any is
 * written), and applying a loaded proposal's changes.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "govrec/metric.h"
#include "govrec/proposal.h"
#include "testutil.h"
#include "testmain.h"

#define HEADER                                                                       \
	"id\tcategory\tphase\tname\tthreshold\tunit\ttype\ttarget_percent\tperiod\t" \
	"in_force_on\tsource\n"
#define TECH "cat1.technical-checks.initial"

static int64_t count(struct govrec_store *st, const char *sql)
{
	int64_t n = -1;

	ck_assert_int_eq(govrec_sql_int(st, NULL, &n, sql, ""), GOVREC_OK);
	return n;
}

static enum govrec_status import(struct govrec_store *st, const char *text,
				 struct govrec_metric_import_result *r, struct govrec_error *err)
{
	return govrec_metric_import(st, text, strlen(text), "t.tsv", r, err);
}

START_TEST(test_units)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	const char *unit = NULL;
	int64_t v = 0;
	char out[40];
	static const struct {
		const char *in;
		int64_t value;
		const char *unit;
		int64_t seconds;
	} good[] = {
		{ "60s", 60, "seconds", 60 },	  { "40m", 40, "minutes", 2400 },
		{ "72h", 72, "hours", 259200 },	  { "3d", 3, "days", 259200 },
		{ "5 days", 5, "days", 432000 }, { "0m", 0, "minutes", 0 },
	};
	static const char *const bad[] = { "", "m", "40", "40x", "-3m", "3.5h", "m40",
					   "40mm", "99999999999m", "40 ", " 40m" };
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		ck_assert_int_eq(govrec_threshold_parse(good[i].in, &v, &unit, &err), GOVREC_OK);
		ck_assert_int_eq(v, good[i].value);
		ck_assert_str_eq(unit, good[i].unit);
		ck_assert_int_eq(v * govrec_unit_seconds(unit), good[i].seconds);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		govrec_error_clear(&err);
		ck_assert_msg(govrec_threshold_parse(bad[i], &v, &unit, &err) == GOVREC_INVALID,
			      "'%s' parsed", bad[i]);
		ck_assert_ptr_nonnull(strstr(err.msg, "is not a number with a unit"));
	}
	ck_assert_int_eq(govrec_unit_seconds("seconds"), 1);
	ck_assert_int_eq(govrec_unit_seconds("minutes"), 60);
	ck_assert_int_eq(govrec_unit_seconds("hours"), 3600);
	ck_assert_int_eq(govrec_unit_seconds("days"), 86400);
	ck_assert_int_eq(govrec_unit_seconds("weeks"), 0);
	ck_assert_int_eq(govrec_unit_seconds("m"), 0);

	ck_assert_int_eq(govrec_threshold_compare(72, "hours", 3, "days"), 0);
	ck_assert_int_eq(govrec_threshold_compare(60, "seconds", 1, "minutes"), 0);
	ck_assert_int_lt(govrec_threshold_compare(50, "minutes", 1, "hours"), 0);
	ck_assert_int_gt(govrec_threshold_compare(10, "minutes", 599, "seconds"), 0);
	ck_assert_int_gt(govrec_threshold_compare(2, "days", 47, "hours"), 0);
	/* a bigger number in a smaller unit is still shorter */
	ck_assert_int_lt(govrec_threshold_compare(90, "minutes", 2, "hours"), 0);

	govrec_threshold_format(1, "days", out, sizeof(out));
	ck_assert_str_eq(out, "1 day");
	govrec_threshold_format(40, "minutes", out, sizeof(out));
	ck_assert_str_eq(out, "40 minutes");
}
END_TEST

static int count_row(const struct govrec_metric_row *r, void *ctx)
{
	(void)r;
	(*(int *)ctx)++;
	return 0;
}

START_TEST(test_catalog_at_init)
{
	struct govrec_store *st = test_store_new();
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_metric_values v;
	int n = 0;

	ck_assert_int_eq(count(st, "SELECT count(*) FROM metric"), 10);
	ck_assert_int_eq(govrec_metric_each(st, NULL, "2020-07-02", count_row, &n, &err), GOVREC_OK);
	ck_assert_int_eq(n, 10);
	n = 0;
	ck_assert_int_eq(govrec_metric_each(st, NULL, "2020-07-01", count_row, &n, &err), GOVREC_OK);
	ck_assert_int_eq(n, 0);
	n = 0;
	ck_assert_int_eq(govrec_metric_each(st, "II", "2021-01-01", count_row, &n, &err), GOVREC_OK);
	ck_assert_int_eq(n, 0);
	ck_assert_int_eq(govrec_metric_values_at(st, "cat1.implementation.rz-publication",
						 "2024-05-05", &v, &err),
			 GOVREC_OK);
	ck_assert_int_eq(v.threshold, 72);
	ck_assert_str_eq(v.unit, "hours");
	ck_assert_int_eq(v.threshold_seconds, 259200);
	ck_assert_str_eq(v.type, "Max");
	ck_assert(v.target_percent == 99.0);
	ck_assert_str_eq(v.period, "month");
	ck_assert_int_eq(govrec_metric_values_at(st, TECH, "2020-07-01", &v, &err), GOVREC_NOTFOUND);
	test_store_free(st);
}
END_TEST

START_TEST(test_effective_dates)
{
	struct govrec_store *st = test_store_new();
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_metric_import_result r;
	struct govrec_metric_values v, mid;
	struct govrec_metric m;

	/* an earlier version, before the shipped one */
	ck_assert_msg(import(st, HEADER TECH "\tI\tTechnical Checks\tchecks\t60\tminutes\tMax\t95\t"
					     "month\t2016-10-01\tillustrative\n",
			     &r, &err) == GOVREC_OK,
		      "%s", err.msg);
	ck_assert_int_eq(r.versions_added, 1);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM metric_version WHERE metric_id = '" TECH
				   "' AND effective_from = '2016-10-01' AND effective_to = "
				   "'2020-07-02'"),
			 1);
	ck_assert_int_eq(govrec_metric_values_at(st, TECH, "2016-09-30", &v, &err), GOVREC_NOTFOUND);
	ck_assert_int_eq(govrec_metric_values_at(st, TECH, "2016-10-01", &v, &err), GOVREC_OK);
	ck_assert_int_eq(v.threshold, 60);
	ck_assert_int_eq(govrec_metric_values_at(st, TECH, "2020-07-01", &v, &err), GOVREC_OK);
	ck_assert_int_eq(v.threshold, 60);
	ck_assert_int_eq(govrec_metric_values_at(st, TECH, "2020-07-02", &v, &err), GOVREC_OK);
	ck_assert_int_eq(v.threshold, 50);

	/* a version in between closes the earlier one and ends where the next begins */
	memset(&mid, 0, sizeof(mid));
	mid.threshold = 1;
	strcpy(mid.unit, "hours");
	strcpy(mid.type, "Max");
	mid.target_percent = 90;
	strcpy(mid.period, "month");
	ck_assert_int_eq(govrec_store_begin(st, "test", &err), GOVREC_OK);
	ck_assert_int_eq(govrec_metric_version_add(st, TECH, &mid, "2019-07-01", "test", 0, &err),
			 GOVREC_OK);
	ck_assert_int_eq(govrec_metric_version_add(st, TECH, &mid, "2019-07-01", "test", 0, &err),
			 GOVREC_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.msg, "already has a version in force from 2019-07-01"));
	govrec_store_rollback(st);
	ck_assert_int_eq(govrec_store_begin(st, "test", &err), GOVREC_OK);
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_metric_version_add(st, TECH, &mid, "2019-07-01", "test", 0, &err),
			 GOVREC_OK);
	ck_assert_int_eq(govrec_store_commit(st, &err), GOVREC_OK);
	ck_assert_int_eq(govrec_metric_values_at(st, TECH, "2019-06-30", &v, &err), GOVREC_OK);
	ck_assert_int_eq(v.threshold, 60);
	ck_assert_int_eq(govrec_metric_values_at(st, TECH, "2019-07-01", &v, &err), GOVREC_OK);
	ck_assert_int_eq(v.threshold_seconds, 3600);
	ck_assert(v.target_percent == 90.0);
	ck_assert_int_eq(govrec_metric_values_at(st, TECH, "2020-07-02", &v, &err), GOVREC_OK);
	ck_assert_int_eq(v.threshold, 50);

	ck_assert_int_eq(govrec_metric_load(st, TECH, "2019-12-31", &m, &err), GOVREC_OK);
	ck_assert_int_eq(m.nversions, 3);
	ck_assert_str_eq(m.versions[0].effective_from, "2016-10-01");
	ck_assert_str_eq(m.versions[0].effective_to, "2019-07-01");
	ck_assert_str_eq(m.versions[1].effective_to, "2020-07-02");
	ck_assert_str_eq(m.versions[2].effective_to, "");
	ck_assert_int_eq(m.in_force, 1);
	ck_assert_str_eq(m.current.effective_from, "2019-07-01");
	ck_assert_str_eq(m.current.v.unit, "hours");
	govrec_metric_release(&m);
	ck_assert_int_eq(govrec_metric_load(st, "cat9.nothing", "2019-12-31", &m, &err),
			 GOVREC_NOTFOUND);

	/* a removal from a date hides the metric from the list from then on */
	memset(&mid, 0, sizeof(mid));
	mid.removed = 1;
	ck_assert_int_eq(govrec_store_begin(st, "test", &err), GOVREC_OK);
	ck_assert_int_eq(govrec_metric_version_add(st, TECH, &mid, "2022-01-01", NULL, 0, &err),
			 GOVREC_OK);
	ck_assert_int_eq(govrec_store_commit(st, &err), GOVREC_OK);
	ck_assert_int_eq(govrec_metric_values_at(st, TECH, "2023-01-01", &v, &err), GOVREC_OK);
	ck_assert_int_eq(v.removed, 1);
	{
		int n = 0;

		ck_assert_int_eq(govrec_metric_each(st, "I", "2023-01-01", count_row, &n, &err),
				 GOVREC_OK);
		ck_assert_int_eq(n, 9);
	}
	test_store_free(st);
}
END_TEST

START_TEST(test_import_rules)
{
	struct govrec_store *st = test_store_new();
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_metric_import_result r;
	int64_t versions = count(st, "SELECT count(*) FROM metric_version"),
		audit = count(st, "SELECT count(*) FROM audit");

	/* the shipped catalog again changes nothing */
	ck_assert_int_eq(govrec_metric_load_catalog(st, &err), GOVREC_OK);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM metric_version"), versions);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM audit"), audit);

	/* a later row with the same values is unchanged; other values make a version;
	 * a new category II metric is added; description is optional, in any order */
	ck_assert_msg(import(st,
			     "# comment\r\n"
			     "description\tid\tcategory\tphase\tname\tthreshold\tunit\ttype\t"
			     "target_percent\tperiod\tin_force_on\r\n"
			     "\t" TECH "\tI\tTechnical Checks\tchecks\t50\tminutes\tMax\t95\tmonth\t"
			     "2021-01-01\r\n"
			     "\t" TECH "\tI\tTechnical Checks\tchecks\t3000\tseconds\tMax\t95\tMonth\t"
			     "2021-06-01\r\n"
			     "\t" TECH "\tI\tTechnical Checks\tchecks\t45\tminutes\tMax\t95\tmonth\t"
			     "2022-01-01\r\n"
			     "Two days\tcat2.example\tII\tImplementation\tExample\t2\tdays\tmin\t"
			     "97.5\tmonth\t2020-07-02\r\n",
			     &r, &err) == GOVREC_OK,
		      "%s", err.msg);
	ck_assert_int_eq(r.rows, 4);
	ck_assert_int_eq(r.unchanged, 2);
	ck_assert_int_eq(r.versions_added, 2);
	ck_assert_int_eq(r.metrics_added, 1);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM metric WHERE id = 'cat2.example' AND "
				   "description = 'Two days' AND category = 'II'"),
			 1);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM metric_version WHERE metric_id = "
				   "'cat2.example' AND type = 'Min' AND target_percent = 97.5 AND "
				   "threshold_seconds = 172800"),
			 1);
	versions = count(st, "SELECT count(*) FROM metric_version");
	audit = count(st, "SELECT count(*) FROM audit");

	{
		static const struct {
			const char *text;
			const char *msg;
		} bad[] = {
			{ HEADER "cat1.x\tI\tP\tN\tten\tminutes\tMax\t95\tmonth\t2020-01-01\ts\n",
			  "'t.tsv' line 2 column 5 (threshold): 'ten' is not a whole number" },
			{ HEADER "cat1.x\tI\tP\tN\t10\tweeks\tMax\t95\tmonth\t2020-01-01\ts\n",
			  "line 2 column 6 (unit): 'weeks' is not one of seconds" },
			{ HEADER "cat1.x\tI\tP\tN\t10\tminutes\tAvg\t95\tmonth\t2020-01-01\ts\n",
			  "line 2 column 7 (type): 'Avg' is not Max or Min" },
			{ HEADER "cat1.x\tI\tP\tN\t10\tminutes\tMax\t101\tmonth\t2020-01-01\ts\n",
			  "line 2 column 8 (target_percent): '101' is not a percentage" },
			{ HEADER "cat1.x\tI\tP\tN\t10\tminutes\tMax\t95\tmonth\t2020-02-30\ts\n",
			  "line 2 column 10 (in_force_on): '2020-02-30' is not a date" },
			{ HEADER "Cat1 X\tI\tP\tN\t10\tminutes\tMax\t95\tmonth\t2020-01-01\ts\n",
			  "line 2 column 1 (id): 'Cat1 X' is not a metric id" },
			{ HEADER "cat1.x\tI\t\tN\t10\tminutes\tMax\t95\tmonth\t2020-01-01\ts\n",
			  "line 2 column 3 (phase): is empty" },
			{ HEADER "cat1.x\tI\tP\tN\t10\tminutes\tMax\t95\tmonth\n",
			  "line 2 column 10: the row has 9 columns, the header 11" },
			{ "# only a comment\n\nid\tcategory\tphase\tname\tthreshold\tunit\ttype\t"
			  "target\tperiod\tin_force_on\n",
			  "line 3 column 8: 'target' is not a catalog column" },
			{ "id\tcategory\tphase\tname\tthreshold\tunit\ttype\ttarget_percent\tperiod\n",
			  "line 1: the header has no 'in_force_on' column" },
			{ "# nothing\n", "has no header line" },
			/* a good row first: it must not be loaded either */
			{ HEADER "cat1.good\tI\tP\tN\t10\tminutes\tMax\t95\tmonth\t2020-01-01\ts\n"
				 "cat1.good\tI\tP\tN\t20\tminutes\tMax\t95\tmonth\t2020-01-01\ts\n",
			  "line 3 column 10 (in_force_on): '2020-01-01' is the date of line 2 too" },
			{ HEADER "cat1.good\tI\tP\tN\t10\tminutes\tMax\t95\tmonth\t2020-01-01\ts\n"
				 "cat1.bad\tI\tP\tN\t10\tminutes\tMax\t95\tmonth\t2020-01-01\t\xff\n",
			  "'t.tsv': is not UTF-8" },
		};
		size_t i;

		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			govrec_error_clear(&err);
			ck_assert_msg(import(st, bad[i].text, &r, &err) == GOVREC_INVALID, "case %zu",
				      i);
			ck_assert_msg(strstr(err.msg, bad[i].msg) != NULL, "case %zu: %s", i, err.msg);
			ck_assert_int_eq(count(st, "SELECT count(*) FROM metric_version"), versions);
			ck_assert_int_eq(count(st, "SELECT count(*) FROM metric WHERE id = 'cat1.good'"),
					 0);
		}
	}
	/* other values on a date that already has a version: refused, nothing loaded */
	govrec_error_clear(&err);
	ck_assert_int_eq(import(st,
				HEADER "cat1.good\tI\tP\tN\t10\tminutes\tMax\t95\tmonth\t2020-01-01\ts\n" TECH
				       "\tI\tTechnical Checks\tchecks\t55\tminutes\tMax\t95\tmonth\t"
				       "2020-07-02\ts\n",
				&r, &err),
			 GOVREC_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.msg, "line 3 column 10 (in_force_on): metric '" TECH
					      "' already has other values in force from 2020-07-02"));
	ck_assert_int_eq(count(st, "SELECT count(*) FROM metric_version"), versions);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM metric WHERE id = 'cat1.good'"), 0);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM audit"), audit);
	test_store_free(st);
}
END_TEST

/* Applies p from date in a transaction of its own, as advance does. */
static enum govrec_status apply(struct govrec_store *st, const struct govrec_proposal *p,
				const char *date, struct govrec_error *err)
{
	enum govrec_status rc;

	govrec_error_clear(err);
	ck_assert_int_eq(govrec_store_begin(st, "test.apply", err), GOVREC_OK);
	rc = govrec_metric_apply_proposal(st, p, date, err);
	if (rc == GOVREC_OK)
		return govrec_store_commit(st, err);
	govrec_store_rollback(st);
	return rc;
}

/*
 * The proposal as govrec_proposal_load() gives it is what goes live: a change
 * of definition renames the metric, each change is a version naming the
 * proposal, and the refusals name rule 'live-writes-catalog'.
 */
START_TEST(test_apply_proposal)
{
	struct govrec_store *st = test_store_new();
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_proposal_new n = { "SLA-2", "Rename", "CSC", 2, "2021-01-01", NULL };
	struct govrec_change_spec c;
	struct govrec_metric_values v;
	struct govrec_proposal p;
	char *kept;

	ck_assert_int_eq(govrec_proposal_new(st, &n, &err), GOVREC_OK);
	memset(&c, 0, sizeof(c));
	c.ref = "SLA-2";
	c.metric = TECH;
	c.action = "change";
	c.name = "Technical checks, first run";
	c.has_target = 1;
	c.target_percent = 99;
	ck_assert_msg(govrec_proposal_change(st, &c, &err) == GOVREC_OK, "%s", err.msg);
	ck_assert_int_eq(govrec_proposal_load(st, "SLA-2", &p, &err), GOVREC_OK);

	ck_assert_msg(apply(st, &p, "2021-06-01", &err) == GOVREC_OK, "%s", err.msg);
	ck_assert_int_eq(govrec_metric_values_at(st, TECH, "2021-06-01", &v, &err), GOVREC_OK);
	ck_assert(v.target_percent == 99.0);
	ck_assert_int_eq(v.threshold, 50);
	ck_assert_int_eq(govrec_metric_values_at(st, TECH, "2021-05-31", &v, &err), GOVREC_OK);
	ck_assert(v.target_percent == 95.0);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM metric WHERE name = 'Technical checks, "
				   "first run'"),
			 1);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM metric_version v JOIN proposal p ON "
				   "p.id = v.proposal_id WHERE p.ref = 'SLA-2' AND v.source = "
				   "'proposal SLA-2' AND v.effective_from = '2021-06-01'"),
			 1);

	/* the same date again, and a metric the catalog no longer has */
	ck_assert_int_eq(apply(st, &p, "2021-06-01", &err), GOVREC_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.msg, "rule 'live-writes-catalog': metric '" TECH
					      "' already has a version in force from 2021-06-01"));
	kept = p.changes[0].metric_id;
	p.changes[0].metric_id = "cat9.gone";
	ck_assert_int_eq(apply(st, &p, "2021-07-01", &err), GOVREC_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.msg, "metric 'cat9.gone' is not in the catalog"));
	p.changes[0].metric_id = kept;
	ck_assert_int_eq(count(st, "SELECT count(*) FROM metric_version WHERE proposal_id IS NOT "
				   "NULL"),
			 1);
	govrec_proposal_release(&p);
	test_store_free(st);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("metric");
	TCase *t = tcase_create("core");

	tcase_add_test(t, test_units);
	tcase_add_test(t, test_catalog_at_init);
	tcase_add_test(t, test_effective_dates);
	tcase_add_test(t, test_import_rules);
	tcase_add_test(t, test_apply_proposal);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return test_main(suite());
}
