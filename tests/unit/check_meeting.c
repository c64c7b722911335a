/*
 * check_meeting.c - meetings, attendance, the quorum rule and the yearly
 * attendance record.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "govrec/meeting.h"
#include "govrec/person.h"
#include "testutil.h"
#include "testmain.h"

static struct govrec_store *st;
static int64_t a, b, c, d, staff;

static void add_member(const char *name, const char *body, const char *from, const char *to,
		       int64_t *id)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_membership m = { 0, "member", (char *)body, "", "" };

	strcpy(m.from, from);
	strcpy(m.to, to);
	ck_assert_msg(govrec_person_add(st, name, NULL, 0, &m, id, &err) == GOVREC_OK, "%s", err.msg);
}

static void add_meeting(int64_t number, const char *date)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_meeting_new m = { number, date, NULL, NULL, NULL, NULL, 0 };

	ck_assert_msg(govrec_meeting_add(st, &m, &err) == GOVREC_OK, "%s", err.msg);
}

static void attend(int64_t number, int64_t person, const char *status)
{
	struct govrec_error err = GOVREC_ERROR_INIT;

	ck_assert_msg(govrec_meeting_attend(st, number, person, status, &err) == GOVREC_OK, "%s",
		      err.msg);
}

static void setup(void)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_membership sec = { 0, "secretariat", NULL, "2016-10-01", "" };

	st = test_store_new();
	add_member("Alice Ccnso", "ccNSO", "2016-10-01", "", &a);
	add_member("Bob Ccnso", "ccNSO", "2016-10-01", "2017-06-30", &b); /* leaves mid-2017 */
	add_member("Carol Rysg", "RySG", "2016-10-01", "", &c);
	add_member("Dan Rysg", "RySG", "2017-07-01", "", &d); /* replaces Bob */
	ck_assert_int_eq(govrec_person_add(st, "Sam Staff", NULL, 0, &sec, &staff, &err), GOVREC_OK);
}

static void teardown(void)
{
	test_store_free(st);
}

START_TEST(test_add_rules)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	const char *agenda[] = { "Welcome", "" };
	struct govrec_meeting_new m = { 1, "2017-01-15", "25:00", NULL, NULL, NULL, 0 };

	ck_assert_int_eq(govrec_meeting_add(st, &m, &err), GOVREC_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "time '25:00'"));
	govrec_error_clear(&err);
	m.time = "17:00";
	m.kind = "party";
	ck_assert_int_eq(govrec_meeting_add(st, &m, &err), GOVREC_INVALID);
	govrec_error_clear(&err);
	m.kind = "public";
	m.date = "2017-13-01";
	ck_assert_int_eq(govrec_meeting_add(st, &m, &err), GOVREC_INVALID);
	ck_assert_str_eq(err.msg, "date '2017-13-01' is not a date (YYYY-MM-DD)");
	govrec_error_clear(&err);
	m.date = "2017-01-15";
	m.agenda = agenda;
	m.nagenda = 2;
	ck_assert_int_eq(govrec_meeting_add(st, &m, &err), GOVREC_INVALID);
	govrec_error_clear(&err);
	m.nagenda = 1;
	ck_assert_int_eq(govrec_meeting_add(st, &m, &err), GOVREC_OK);
	ck_assert_int_eq(govrec_meeting_add(st, &m, &err), GOVREC_INVALID);
	ck_assert_str_eq(err.msg, "meeting 1 already exists");
}
END_TEST

START_TEST(test_quorum)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_meeting m;

	add_meeting(5, "2017-02-15");
	attend(5, a, "present");
	attend(5, b, "present");
	attend(5, c, "present");
	attend(5, staff, "present");
	ck_assert_int_eq(govrec_meeting_load(st, 5, &m, &err), GOVREC_OK);
	ck_assert_int_eq(m.members, 3); /* Dan not yet appointed; staff not a member */
	ck_assert_int_eq(m.members_present, 3);
	ck_assert_int_eq(m.quorate, 1);
	ck_assert_int_eq(m.nattendees, 4);
	govrec_meeting_release(&m);

	/* apologies break the quorum; a later status replaces the earlier */
	attend(5, c, "apologies");
	ck_assert_int_eq(govrec_meeting_load(st, 5, &m, &err), GOVREC_OK);
	ck_assert_int_eq(m.quorate, 0);
	ck_assert_int_eq(m.members_present, 2);
	govrec_meeting_release(&m);

	/* a member in office but not recorded also breaks it */
	add_meeting(9, "2017-08-15");
	attend(9, a, "present");
	attend(9, c, "present");
	ck_assert_int_eq(govrec_meeting_load(st, 9, &m, &err), GOVREC_OK);
	ck_assert_int_eq(m.members, 3); /* Alice, Carol, Dan */
	ck_assert_int_eq(m.quorate, 0);
	govrec_meeting_release(&m);
	attend(9, d, "present");
	ck_assert_int_eq(govrec_meeting_load(st, 9, &m, &err), GOVREC_OK);
	ck_assert_int_eq(m.quorate, 1);
	govrec_meeting_release(&m);
}
END_TEST

START_TEST(test_quorum_unknown_without_members)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_meeting m;

	add_meeting(1, "2016-01-01"); /* before anyone was appointed */
	ck_assert_int_eq(govrec_meeting_load(st, 1, &m, &err), GOVREC_OK);
	ck_assert_int_eq(m.quorate, -1);
	govrec_meeting_release(&m);
}
END_TEST

START_TEST(test_attend_errors)
{
	struct govrec_error err = GOVREC_ERROR_INIT;

	add_meeting(5, "2017-02-15");
	ck_assert_int_eq(govrec_meeting_attend(st, 6, a, "present", &err), GOVREC_NOTFOUND);
	ck_assert_str_eq(err.msg, "no meeting 6");
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_meeting_attend(st, 5, a, "asleep", &err), GOVREC_INVALID);
}
END_TEST

START_TEST(test_attendance_report)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_attendance_report r;
	size_t i;

	add_meeting(5, "2017-02-15");
	attend(5, a, "present");
	attend(5, b, "present");
	attend(5, c, "present");
	add_meeting(9, "2017-08-15");
	attend(9, a, "present");
	attend(9, c, "apologies");
	attend(9, d, "present");
	add_meeting(12, "2018-01-15");
	ck_assert_int_eq(govrec_attendance_report(st, 2017, &r, &err), GOVREC_OK);
	ck_assert_int_eq(r.meetings, 2);
	ck_assert_int_eq(r.nrows, 4);
	for (i = 0; i < r.nrows; i++) {
		if (r.rows[i].person_id == a) {
			ck_assert_int_eq(r.rows[i].held, 2);
			ck_assert_int_eq(r.rows[i].attended, 2);
		} else if (r.rows[i].person_id == b || r.rows[i].person_id == d) {
			ck_assert_int_eq(r.rows[i].held, 1);
			ck_assert_int_eq(r.rows[i].attended, 1);
		} else {
			ck_assert_int_eq(r.rows[i].person_id, c);
			ck_assert_int_eq(r.rows[i].held, 2);
			ck_assert_int_eq(r.rows[i].attended, 1);
			ck_assert_int_eq(r.rows[i].apologies, 1);
		}
	}
	ck_assert_int_eq(r.nnot_quorate, 1);
	ck_assert_int_eq(r.not_quorate[0], 9);
	ck_assert_str_eq(r.rows[0].name, "Alice Ccnso"); /* by name */
	govrec_attendance_report_release(&r);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("meeting");
	TCase *tc = tcase_create("meeting");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_add_rules);
	tcase_add_test(tc, test_quorum);
	tcase_add_test(tc, test_quorum_unknown_without_members);
	tcase_add_test(tc, test_attend_errors);
	tcase_add_test(tc, test_attendance_report);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_main(suite());
}
