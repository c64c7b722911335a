/*
 * check_person.c - people, aliases, memberships and speaker-label matching.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "govrec/person.h"
#include "testutil.h"
#include "testmain.h"

static struct govrec_store *st;
static int64_t holland, daley;

static void setup(void)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	const char *aliases[] = { "BYRON HOLLAND", "Byron" };
	struct govrec_membership m = { 0, "member", "ccNSO", "2016-10-01", "" };

	st = test_store_new();
	ck_assert_int_eq(govrec_person_add(st, "Byron Holland", aliases, 2, &m, &holland, &err),
			 GOVREC_OK);
	ck_assert_int_eq(govrec_person_add(st, "Jay Daley", NULL, 0, NULL, &daley, &err), GOVREC_OK);
}

static void teardown(void)
{
	test_store_free(st);
}

START_TEST(test_find)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	int64_t id = 0;

	ck_assert_int_eq(govrec_person_find(st, "byron holland", &id, &err), GOVREC_OK);
	ck_assert_int_eq(id, holland);
	ck_assert_int_eq(govrec_person_find(st, "BYRON", &id, &err), GOVREC_OK);
	ck_assert_int_eq(id, holland);
	ck_assert_int_eq(govrec_person_find(st, "2", &id, &err), GOVREC_OK);
	ck_assert_int_eq(id, daley);
	ck_assert_int_eq(govrec_person_find(st, "Daley", &id, &err), GOVREC_OK); /* surname */
	ck_assert_int_eq(id, daley);
	ck_assert_int_eq(govrec_person_find(st, "Nobody", &id, &err), GOVREC_NOTFOUND);
	ck_assert_str_eq(err.msg, "no person 'Nobody'");
}
END_TEST

START_TEST(test_match_label)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	int64_t id = -1;

	ck_assert_int_eq(govrec_person_match_label(st, "BYRON  HOLLAND", &id, &err), GOVREC_OK);
	ck_assert_int_eq(id, holland);
	ck_assert_int_eq(govrec_person_match_label(st, "HOLLAND", &id, &err), GOVREC_OK);
	ck_assert_int_eq(id, holland);
	ck_assert_int_eq(govrec_person_match_label(st, "UNIDENTIFIED FEMALE", &id, &err), GOVREC_OK);
	ck_assert_int_eq(id, 0);
	ck_assert_int_eq(govrec_person_match_label(st, "Coordinator", &id, &err), GOVREC_OK);
	ck_assert_int_eq(id, 0);
}
END_TEST

/* A surname shared by two people resolves to nobody. */
START_TEST(test_ambiguous_surname)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	int64_t id;

	ck_assert_int_eq(govrec_person_add(st, "Anne Holland", NULL, 0, NULL, &id, &err), GOVREC_OK);
	ck_assert_int_eq(govrec_person_match_label(st, "Holland", &id, &err), GOVREC_OK);
	ck_assert_int_eq(id, 0);
}
END_TEST

START_TEST(test_duplicates_refused)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	int64_t id;
	const char *alias[] = { "byron" };

	ck_assert_int_eq(govrec_person_add(st, "byron holland", NULL, 0, NULL, &id, &err),
			 GOVREC_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "already exists"));
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_person_add(st, "Someone Else", alias, 1, NULL, &id, &err),
			 GOVREC_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "alias 'byron' already belongs to person 1"));
	/* nothing of the refused person was written */
	ck_assert_int_eq(govrec_person_find(st, "Someone Else", &id, NULL), GOVREC_NOTFOUND);
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_person_alias(st, daley, "Byron", &err), GOVREC_INVALID);
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_person_add(st, "  ", NULL, 0, NULL, &id, &err), GOVREC_INVALID);
	ck_assert_str_eq(err.msg, "the name is empty");
}
END_TEST

START_TEST(test_membership_rules)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_membership bad_role = { 0, "emperor", NULL, "2017-01-01", "" };
	struct govrec_membership bad_date = { 0, "liaison", "ALAC", "2017-02-30", "" };
	struct govrec_membership backwards = { 0, "liaison", "ALAC", "2018-01-01", "2017-01-01" };
	struct govrec_membership ok = { 0, "liaison", "ALAC", "2017-01-01", "2018-12-31" };
	struct govrec_person p;

	ck_assert_int_eq(govrec_person_add_membership(st, daley, &bad_role, &err), GOVREC_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "role 'emperor'"));
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_person_add_membership(st, daley, &bad_date, &err), GOVREC_INVALID);
	ck_assert_str_eq(err.msg, "start date '2017-02-30' is not a date (YYYY-MM-DD)");
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_person_add_membership(st, daley, &backwards, &err), GOVREC_INVALID);
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_person_add_membership(st, daley, &ok, &err), GOVREC_OK);
	ck_assert_int_eq(govrec_person_load(st, daley, &p, &err), GOVREC_OK);
	ck_assert_int_eq(p.nmemberships, 1);
	ck_assert_str_eq(p.memberships[0].to, "2018-12-31");
	govrec_person_release(&p);
	ck_assert_int_eq(govrec_person_load(st, holland, &p, &err), GOVREC_OK);
	/* BYRON HOLLAND is the name in capitals, given explicitly: shown as given */
	ck_assert_int_eq(p.naliases, 2);
	ck_assert_str_eq(p.aliases[0], "Byron");
	ck_assert_str_eq(p.aliases[1], "BYRON HOLLAND");
	govrec_person_release(&p);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("person");
	TCase *tc = tcase_create("person");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_find);
	tcase_add_test(tc, test_match_label);
	tcase_add_test(tc, test_ambiguous_surname);
	tcase_add_test(tc, test_duplicates_refused);
	tcase_add_test(tc, test_membership_rules);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_main(suite());
}
