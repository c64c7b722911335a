/*
 * check_sql_callers.c - record modules on the status-returning SQL helpers
 * (store.h): a proposal change's absent side written as NULL columns (the
 * nullable real bound by name), a query that fails while it is stepped
 * handing back its status with or without an error buffer, and a loop
 * stopped early by its callback leaving its statement ready to run again.
 */
#include <check.h>
#include <string.h>

#include "govrec/metric.h"
#include "govrec/proposal.h"
#include "govrec/saved.h"
#include "testutil.h"
#include "testmain.h"

#define TECH "cat1.technical-checks.initial"

static int64_t count(struct govrec_store *st, const char *sql)
{
	int64_t n = -1;

	ck_assert_int_eq(govrec_sql_int(st, NULL, &n, sql, ""), GOVREC_OK);
	return n;
}

static void new_proposal(struct govrec_store *st, const char *ref, int type)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_proposal_new n = { ref, "A test proposal", "CSC", type, "2021-01-01", NULL };

	ck_assert_msg(govrec_proposal_new(st, &n, &err) == GOVREC_OK, "%s", err.msg);
}

static void change(struct govrec_store *st, struct govrec_change_spec *c)
{
	struct govrec_error err = GOVREC_ERROR_INIT;

	ck_assert_msg(govrec_proposal_change(st, c, &err) == GOVREC_OK, "%s", err.msg);
}

/*
 * A new metric has no values before, a removal none after: those four
 * columns are NULL (a target of 0 would read as a real target of 0 %),
 * and the side a change has is stored with its real target.
 */
START_TEST(test_change_sides)
{
	struct govrec_store *st = test_store_new();
	struct govrec_change_spec c;

	new_proposal(st, "T1", 1);
	new_proposal(st, "T3", 3);
	new_proposal(st, "T4", 4);
	memset(&c, 0, sizeof(c));
	c.ref = "T1";
	c.metric = "cat9.new";
	c.action = "new";
	c.category = "IX";
	c.phase = "Publication";
	c.name = "A new one";
	c.has_threshold = 1;
	c.threshold = 7;
	c.unit = "days";
	c.has_target = 1;
	c.target_percent = 90.5;
	change(st, &c);
	memset(&c, 0, sizeof(c));
	c.ref = "T4";
	c.metric = TECH;
	c.action = "remove";
	change(st, &c);
	memset(&c, 0, sizeof(c));
	c.ref = "T3";
	c.metric = TECH;
	c.action = "change";
	c.has_target = 1;
	c.target_percent = 99.25;
	change(st, &c);

	ck_assert_int_eq(count(st, "SELECT count(*) FROM proposal_change WHERE action = 'new' "
				   "AND from_threshold IS NULL AND from_unit IS NULL "
				   "AND from_type IS NULL AND from_target IS NULL "
				   "AND to_threshold = 7 AND to_unit = 'days' AND to_type = 'Max' "
				   "AND typeof(to_target) = 'real' AND to_target = 90.5 "
				   "AND category = 'IX' AND phase = 'Publication' "
				   "AND name = 'A new one' AND description IS NULL"),
			 1);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM proposal_change WHERE action = 'remove' "
				   "AND from_threshold = 50 AND from_unit = 'minutes' "
				   "AND from_type = 'Max' AND typeof(from_target) = 'real' "
				   "AND from_target = 95 AND to_threshold IS NULL "
				   "AND to_unit IS NULL AND to_type IS NULL AND to_target IS NULL "
				   "AND name IS NULL"),
			 1);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM proposal_change WHERE action = 'change' "
				   "AND from_threshold = 50 AND from_target = 95 "
				   "AND to_threshold = 50 AND to_unit = 'minutes' "
				   "AND to_target = 99.25"),
			 1);
	test_store_free(st);
}
END_TEST

/*
 * saved_search made a view whose query column overflows when it is read:
 * the statement prepares and fails at its step, which is where a busy or
 * damaged archive fails too.
 */
static void break_saved_search(struct govrec_store *st)
{
	int replaced;

	ck_assert_int_eq(govrec_saved_search_put(st, "a", "threshold", &replaced, NULL),
			 GOVREC_OK);
	ck_assert_int_eq(govrec_sql_script(st,
					   "ALTER TABLE saved_search RENAME TO saved_search_real;"
					   "CREATE TEMP VIEW saved_search AS SELECT name, "
					   "abs(-9223372036854775807 - 1) AS query "
					   "FROM saved_search_real",
					   NULL),
			 GOVREC_OK);
}

static int count_saved(const char *name, const char *query, void *ctx)
{
	(void)name;
	(void)query;
	++*(int *)ctx;
	return 0;
}

START_TEST(test_step_failure_status)
{
	struct govrec_store *st = test_store_new();
	struct govrec_error err = GOVREC_ERROR_INIT;
	char *query = NULL;
	int n = 0;

	break_saved_search(st);
	/* the same status without an error buffer and with one, with its reason */
	ck_assert_int_eq(govrec_saved_search_get(st, "a", &query, NULL), GOVREC_ERROR);
	ck_assert_ptr_null(query);
	ck_assert_int_eq(govrec_saved_search_get(st, "a", &query, &err), GOVREC_ERROR);
	ck_assert_ptr_nonnull(strstr(err.msg, "integer overflow"));
	ck_assert_int_eq(govrec_saved_search_each(st, count_saved, &n, NULL), GOVREC_ERROR);
	ck_assert_int_eq(n, 0);
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_saved_search_each(st, count_saved, &n, &err), GOVREC_ERROR);
	ck_assert_ptr_nonnull(strstr(err.msg, "integer overflow"));
	/* a failed step left its statement reset: the next call runs it again */
	ck_assert_int_eq(govrec_saved_search_get(st, "a", &query, NULL), GOVREC_ERROR);
	/* a name that is not there is still NOTFOUND: the view has no row to fail on */
	ck_assert_int_eq(govrec_saved_search_get(st, "b", &query, NULL), GOVREC_NOTFOUND);
	test_store_free(st);
}
END_TEST

static int first_metric(const struct govrec_metric_row *r, void *ctx)
{
	(void)r;
	++*(int *)ctx;
	return 1;
}

static int first_proposal(const struct govrec_proposal_row *r, void *ctx)
{
	(void)r;
	++*(int *)ctx;
	return 1;
}

static int first_saved(const char *name, const char *query, void *ctx)
{
	(void)name;
	(void)query;
	++*(int *)ctx;
	return 1;
}

/*
 * A callback that stops a loop early: the loop's statement is reset, so the
 * same loop runs again (a statement left mid-step would be refused).
 */
START_TEST(test_stopped_loop_runs_again)
{
	struct govrec_store *st = test_store_new();
	struct govrec_error err = GOVREC_ERROR_INIT;
	int replaced, i, n = 0;

	new_proposal(st, "T1", 1);
	new_proposal(st, "T3", 3);
	ck_assert_int_eq(govrec_saved_search_put(st, "a", "one", &replaced, NULL), GOVREC_OK);
	ck_assert_int_eq(govrec_saved_search_put(st, "b", "two", &replaced, NULL), GOVREC_OK);
	for (i = 0; i < 2; i++) {
		ck_assert_msg(govrec_metric_each(st, NULL, "2021-01-01", first_metric, &n, &err) ==
				      GOVREC_OK,
			      "%s", err.msg);
		ck_assert_msg(govrec_proposal_each(st, NULL, NULL, first_proposal, &n, &err) ==
				      GOVREC_OK,
			      "%s", err.msg);
		ck_assert_msg(govrec_saved_search_each(st, first_saved, &n, &err) == GOVREC_OK,
			      "%s", err.msg);
	}
	ck_assert_int_eq(n, 6);
	test_store_free(st);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("sql_callers");
	TCase *t = tcase_create("core");

	tcase_add_test(t, test_change_sides);
	tcase_add_test(t, test_step_failure_status);
	tcase_add_test(t, test_stopped_loop_runs_again);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return test_main(suite());
}
