/*
 * check_passage.c - a passage in its context (records/passage.c): where it
 * is, the turns around it within its own document only, the target marked,
 * times and people as stored, the edges of a document, and an unknown id.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "govrec/document.h"
#include "govrec/meeting.h"
#include "govrec/passage.h"
#include "govrec/person.h"
#include "testutil.h"
#include "testmain.h"

#define TURNS 8

static struct govrec_store *st;
static int64_t doc_id, other_id;

/* Stores a document of TURNS passages "<tag> turn N", the even ones timed. */
static int64_t add_doc(const char *title, const char *date, int64_t meeting, const char *tag)
{
	struct govrec_document_draft d;
	struct govrec_error err = GOVREC_ERROR_INIT;
	char body[64];
	int64_t id;
	int existed, i;

	govrec_draft_init(&d);
	govrec_draft_set(&d.kind, "transcript");
	govrec_draft_set(&d.title, title);
	govrec_draft_set(&d.date, date);
	govrec_draft_set(&d.media_type, "text/plain");
	d.importer = "test";
	d.importer_version = "1";
	d.meeting = meeting;
	for (i = 0; i < TURNS; i++) {
		snprintf(body, sizeof(body), "%s turn %d", tag, i);
		ck_assert_int_eq(govrec_draft_add(&d, i % 2 ? "CHAIR" : "Jay Daley",
						  i % 2 ? GOVREC_NO_TIME : i * 1000,
						  i % 2 ? GOVREC_NO_TIME : i * 1000 + 500,
						  i == 0 ? "Opening" : NULL, body),
				 0);
	}
	d.bytes = tag;
	d.size = strlen(tag);
	ck_assert_msg(govrec_document_store(st, &d, &id, &existed, &err) == GOVREC_OK, "%s",
		      err.msg);
	govrec_draft_release(&d);
	return id;
}

static void setup(void)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_meeting_new mn = { 7, "2018-05-05", NULL, NULL, NULL, NULL, 0 };
	int64_t pid;

	st = test_store_new();
	ck_assert_int_eq(govrec_person_add(st, "Jay Daley", NULL, 0, NULL, &pid, &err), GOVREC_OK);
	ck_assert_msg(govrec_meeting_add(st, &mn, &err) == GOVREC_OK, "%s", err.msg);
	doc_id = add_doc("Meeting 7 transcript", NULL, 7, "seven");
	other_id = add_doc("Loose notes", "2019-02-03", 0, "loose");
}

static void teardown(void)
{
	test_store_free(st);
}

/* The id of the passage of doc with body "<tag> turn i". */
static int64_t passage(const char *tag, int i)
{
	char body[64];
	int64_t id = 0;

	snprintf(body, sizeof(body), "%s turn %d", tag, i);
	ck_assert_int_eq(govrec_sql_int(st, NULL, &id, "SELECT id FROM passage WHERE body = ?1",
					"t", body),
			 GOVREC_OK);
	ck_assert_int_gt(id, 0);
	return id;
}

struct seen {
	int places, n, targets, stop_after;
	int64_t document, meeting;
	char kind[32], title[64], date[16], meeting_date[16];
	char bodies[TURNS][64];
	int64_t target_start, target_end;
	char target_speaker[32], target_person[32];
	int target_has_person;
};

static void on_place(const struct govrec_passage_place *p, void *ctx)
{
	struct seen *s = ctx;

	s->places++;
	s->document = p->document_id;
	s->meeting = p->meeting;
	snprintf(s->kind, sizeof(s->kind), "%s", p->kind);
	snprintf(s->title, sizeof(s->title), "%s", p->title);
	snprintf(s->date, sizeof(s->date), "%s", p->date ? p->date : "(null)");
	snprintf(s->meeting_date, sizeof(s->meeting_date), "%s",
		 p->meeting_date ? p->meeting_date : "(null)");
}

static int on_turn(const struct govrec_turn *t, void *ctx)
{
	struct seen *s = ctx;

	ck_assert_int_lt(s->n, TURNS);
	snprintf(s->bodies[s->n++], 64, "%s", t->body);
	if (t->target) {
		s->targets++;
		s->target_start = t->start_ms;
		s->target_end = t->end_ms;
		snprintf(s->target_speaker, 32, "%s", t->speaker ? t->speaker : "(null)");
		snprintf(s->target_person, 32, "%s", t->person ? t->person : "(null)");
	}
	return s->stop_after && s->n >= s->stop_after;
}

START_TEST(middle_of_a_document)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct seen s;

	memset(&s, 0, sizeof(s));
	ck_assert_msg(govrec_passage_context(st, passage("seven", 4), 2, on_place, on_turn, &s,
					     &err) == GOVREC_OK,
		      "%s", err.msg);
	ck_assert_int_eq(s.places, 1);
	ck_assert_int_eq(s.document, doc_id);
	ck_assert_str_eq(s.kind, "transcript");
	ck_assert_str_eq(s.title, "Meeting 7 transcript");
	/* a document without a date has its meeting's */
	ck_assert_str_eq(s.date, "2018-05-05");
	ck_assert_int_eq(s.meeting, 7);
	ck_assert_str_eq(s.meeting_date, "2018-05-05");
	ck_assert_int_eq(s.n, 5);
	ck_assert_str_eq(s.bodies[0], "seven turn 2");
	ck_assert_str_eq(s.bodies[4], "seven turn 6");
	ck_assert_int_eq(s.targets, 1);
	ck_assert_int_eq(s.target_start, 4000);
	ck_assert_int_eq(s.target_end, 4500);
	ck_assert_str_eq(s.target_speaker, "Jay Daley");
	ck_assert_str_eq(s.target_person, "Jay Daley");
}
END_TEST

START_TEST(edges_and_other_documents)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct seen s;

	/* at the start there is less before; the other document never shows */
	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(govrec_passage_context(st, passage("loose", 0), 3, on_place, on_turn, &s,
						&err),
			 GOVREC_OK);
	ck_assert_int_eq(s.document, other_id);
	ck_assert_str_eq(s.date, "2019-02-03");
	ck_assert_int_eq(s.meeting, 0);
	ck_assert_str_eq(s.meeting_date, "(null)");
	ck_assert_int_eq(s.n, 4);
	ck_assert_str_eq(s.bodies[0], "loose turn 0");
	ck_assert_str_eq(s.bodies[3], "loose turn 3");
	/* at the end, less after; an untimed turn has no times, CHAIR is no person */
	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(govrec_passage_context(st, passage("seven", 7), 1, on_place, on_turn, &s,
						&err),
			 GOVREC_OK);
	ck_assert_int_eq(s.n, 2);
	ck_assert_str_eq(s.bodies[0], "seven turn 6");
	ck_assert_int_eq(s.target_start, GOVREC_NO_TIME);
	ck_assert_int_eq(s.target_end, GOVREC_NO_TIME);
	ck_assert_str_eq(s.target_speaker, "CHAIR");
	ck_assert_str_eq(s.target_person, "(null)");
	/* no context: the passage alone */
	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(govrec_passage_context(st, passage("seven", 3), 0, on_place, on_turn, &s,
						&err),
			 GOVREC_OK);
	ck_assert_int_eq(s.n, 1);
	ck_assert_int_eq(s.targets, 1);
}
END_TEST

START_TEST(stops_and_not_found)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct seen s;

	memset(&s, 0, sizeof(s));
	s.stop_after = 2;
	ck_assert_int_eq(govrec_passage_context(st, passage("seven", 4), 3, on_place, on_turn, &s,
						&err),
			 GOVREC_OK);
	ck_assert_int_eq(s.n, 2);
	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(govrec_passage_context(st, 999999, 2, on_place, on_turn, &s, &err),
			 GOVREC_NOTFOUND);
	ck_assert_str_eq(err.msg, "no passage 999999");
	ck_assert_int_eq(s.places, 0);
	ck_assert_int_eq(s.n, 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("passage");
	TCase *tc = tcase_create("passage");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, middle_of_a_document);
	tcase_add_test(tc, edges_and_other_documents);
	tcase_add_test(tc, stops_and_not_found);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_main(suite());
}
