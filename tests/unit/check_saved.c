/*
 * check_saved.c - saved searches (records/saved.c): names, replacing, reading
 * back, listing, and that saving is an audited write of a saved-search record.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "govrec/saved.h"
#include "testutil.h"
#include "testmain.h"

static struct govrec_store *st;

static void setup(void)
{
	st = test_store_new();
}

static void teardown(void)
{
	test_store_free(st);
}

static int64_t audit_rows(const char *record)
{
	int64_t n = -1;

	ck_assert_int_eq(govrec_sql_int(st, NULL, &n,
					"SELECT count(*) FROM audit WHERE record = ?1 AND op = "
					"'search.save'",
					"t", record),
			 GOVREC_OK);
	return n;
}

struct names {
	int n;
	char first[80];
	int stop_after;
};

static int each_name(const char *name, const char *query, void *ctx)
{
	struct names *c = ctx;

	(void)query;
	if (c->n++ == 0)
		strcpy(c->first, name);
	return c->stop_after && c->n >= c->stop_after;
}

START_TEST(save_replace_get)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	char *text = NULL;
	int replaced = -1;

	ck_assert_int_eq(govrec_saved_search_put(st, "checks-2017", "technical checks date:2017",
						 &replaced, &err),
			 GOVREC_OK);
	ck_assert_int_eq(replaced, 0);
	ck_assert_msg(govrec_saved_search_put(st, "checks-2017", "technical checks date:2018",
					      &replaced, &err) == GOVREC_OK,
		      "%s", err.msg);
	ck_assert_int_eq(replaced, 1);
	ck_assert_int_eq(govrec_saved_search_get(st, "checks-2017", &text, &err), GOVREC_OK);
	ck_assert_str_eq(text, "technical checks date:2018");
	free(text);
	ck_assert_int_eq(govrec_saved_search_get(st, "nope", &text, &err), GOVREC_NOTFOUND);
	ck_assert_ptr_null(text);
	ck_assert_ptr_nonnull(strstr(err.msg, "no saved search 'nope'"));
}
END_TEST

START_TEST(names)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	char name[80];
	char *text = NULL;
	int replaced;

	memset(name, 'a', 64);
	name[64] = '\0';
	ck_assert_int_eq(govrec_saved_search_put(st, name, "x", &replaced, &err), GOVREC_OK);
	strcat(name, "a"); /* 65 */
	ck_assert_int_eq(govrec_saved_search_put(st, name, "x", &replaced, &err), GOVREC_INVALID);
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_saved_search_put(st, "bad name", "x", &replaced, &err),
			 GOVREC_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "'bad name' is not a search name"));
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_saved_search_put(st, "", "x", &replaced, &err), GOVREC_INVALID);
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_saved_search_get(st, "a/b", &text, &err), GOVREC_INVALID);
	ck_assert_ptr_null(text);
	ck_assert_int_eq(govrec_saved_search_put(st, "v1.0_final-B", "x", &replaced, NULL),
			 GOVREC_OK);
}
END_TEST

START_TEST(listed_by_name)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct names c;
	int replaced;

	ck_assert_int_eq(govrec_saved_search_put(st, "zeta", "z", &replaced, &err), GOVREC_OK);
	ck_assert_int_eq(govrec_saved_search_put(st, "alpha", "a", &replaced, &err), GOVREC_OK);
	ck_assert_int_eq(govrec_saved_search_put(st, "mid", "m", &replaced, &err), GOVREC_OK);
	memset(&c, 0, sizeof(c));
	ck_assert_int_eq(govrec_saved_search_each(st, each_name, &c, &err), GOVREC_OK);
	ck_assert_int_eq(c.n, 3);
	ck_assert_str_eq(c.first, "alpha");
	/* the callback stops the walk */
	memset(&c, 0, sizeof(c));
	c.stop_after = 2;
	ck_assert_int_eq(govrec_saved_search_each(st, each_name, &c, &err), GOVREC_OK);
	ck_assert_int_eq(c.n, 2);
}
END_TEST

START_TEST(audited)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	int replaced;

	ck_assert_int_eq(govrec_saved_search_put(st, "checks", "a", &replaced, &err), GOVREC_OK);
	ck_assert_int_eq(audit_rows("saved-search:checks"), 1);
	ck_assert_int_eq(govrec_saved_search_put(st, "checks", "b", &replaced, &err), GOVREC_OK);
	ck_assert_int_eq(audit_rows("saved-search:checks"), 2);
	/* saving the same text again changes nothing, so it logs nothing */
	ck_assert_int_eq(govrec_saved_search_put(st, "checks", "b", &replaced, &err), GOVREC_OK);
	ck_assert_int_eq(replaced, 1);
	ck_assert_int_eq(audit_rows("saved-search:checks"), 2);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("saved");
	TCase *tc = tcase_create("saved");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, save_replace_get);
	tcase_add_test(tc, names);
	tcase_add_test(tc, listed_by_name);
	tcase_add_test(tc, audited);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_main(suite());
}
