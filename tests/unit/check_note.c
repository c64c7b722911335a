/*
 * check_note.c - review notes: reading text and Markdown, storing, listing,
 * refusing empty or unreadable input.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "govrec/document.h"
#include "govrec/readers.h"
#include "govrec/util.h"
#include "govrec/draft.h"
#include "govrec/note.h"
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

static const char *write_file(const char *name, const char *text, size_t len)
{
	static char path[400];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", test_dir(), name);
	f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(text, 1, len, f), len);
	fclose(f);
	return path;
}

START_TEST(test_markdown_sections)
{
	static const char md[] = "# Charter review\n\nIntro paragraph\nwith two lines.\n\n"
				 "## Scope\n\nKeep the narrow scope.\n\n### Detail\n\nDeeper.\n\n"
				 "## Membership\n\n- a mechanism\n- for change\n";
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_document_draft d;

	govrec_draft_init(&d);
	ck_assert_int_eq(govrec_read_text(md, strlen(md), "x.md", &d, &err), GOVREC_OK);
	ck_assert_str_eq(d.title, "Charter review");
	ck_assert_str_eq(d.media_type, "text/markdown");
	ck_assert_int_eq(d.npassages, 4);
	ck_assert_str_eq(d.passages[0].body, "Intro paragraph\nwith two lines.");
	ck_assert_str_eq(d.passages[0].heading, "Charter review");
	ck_assert_str_eq(d.passages[1].heading, "Charter review / Scope");
	ck_assert_str_eq(d.passages[2].heading, "Charter review / Scope / Detail");
	ck_assert_str_eq(d.passages[3].heading, "Charter review / Membership");
	ck_assert_str_eq(d.passages[3].body, "- a mechanism\n- for change");
	govrec_draft_release(&d);
}
END_TEST

START_TEST(test_plain_text_crlf_bom)
{
	static const char txt[] = "\xef\xbb\xbf" "First para.\r\n\r\n\r\nSecond # not a heading\r\n";
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_document_draft d;

	govrec_draft_init(&d);
	ck_assert_int_eq(govrec_read_text(txt, strlen(txt), "x.txt", &d, &err), GOVREC_OK);
	ck_assert_int_eq(d.npassages, 2);
	ck_assert_str_eq(d.passages[0].body, "First para.");
	ck_assert_str_eq(d.passages[1].body, "Second # not a heading");
	ck_assert_ptr_null(d.passages[1].heading);
	ck_assert_str_eq(d.media_type, "text/plain");
	govrec_draft_release(&d);
}
END_TEST

START_TEST(test_invalid_utf8_offset)
{
	static const char bad[] = "caf\xc3\xa9 ok\n\nthen \xff bad";
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_document_draft d;

	govrec_draft_init(&d);
	ck_assert_int_eq(govrec_read_text(bad, sizeof(bad) - 1, "x.txt", &d, &err), GOVREC_INVALID);
	ck_assert_str_eq(err.msg, "is not UTF-8 at byte offset 15");
	govrec_draft_release(&d);
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_utf8_check("a\0b", 3, &err), GOVREC_INVALID);
	ck_assert_str_eq(err.msg, "has a NUL byte at byte offset 1");
	govrec_error_clear(&err);
	/* an overlong encoding and a surrogate are not UTF-8 */
	ck_assert_int_eq(govrec_utf8_check("\xc0\xaf", 2, &err), GOVREC_INVALID);
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_utf8_check("\xed\xa0\x80", 3, &err), GOVREC_INVALID);
	govrec_error_clear(&err);
}
END_TEST

/* The ASCII fast path (eight bytes at a time) finds what the slow one does, at every offset. */
START_TEST(test_utf8_every_offset)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	char buf[40], want[64];
	size_t at;

	for (at = 0; at < 24; at++) {
		memset(buf, 'a', sizeof(buf));
		ck_assert_int_eq(govrec_utf8_check(buf, sizeof(buf), NULL), GOVREC_OK);
		buf[at] = '\0';
		ck_assert_int_eq(govrec_utf8_check(buf, sizeof(buf), &err), GOVREC_INVALID);
		snprintf(want, sizeof(want), "has a NUL byte at byte offset %zu", at);
		ck_assert_str_eq(err.msg, want);
		govrec_error_clear(&err);
		buf[at] = (char)0xff;
		ck_assert_int_eq(govrec_utf8_check(buf, sizeof(buf), &err), GOVREC_INVALID);
		snprintf(want, sizeof(want), "is not UTF-8 at byte offset %zu", at);
		ck_assert_str_eq(err.msg, want);
		govrec_error_clear(&err);
		memcpy(buf + at, "\xc3\xa9", 2); /* valid after any run of ASCII */
		ck_assert_int_eq(govrec_utf8_check(buf, sizeof(buf), NULL), GOVREC_OK);
		/* a sequence cut by the end of the data */
		ck_assert_int_eq(govrec_utf8_check(buf, at + 1, NULL), GOVREC_INVALID);
	}
}
END_TEST

START_TEST(test_note_add_and_list)
{
	static const char md[] = "# Findings\n\nThe CSC should keep monthly reports.\n";
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_note_new n = { "CSC Charter Review 2018", "6.2", "2018-04-11", NULL, NULL };
	int64_t id, id2, count = 0;
	int existed;

	n.path = write_file("findings.md", md, strlen(md));
	ck_assert_int_eq(govrec_note_add(st, &n, &id, &existed, &err), GOVREC_OK);
	ck_assert_int_eq(existed, 0);
	ck_assert_int_eq(govrec_note_add(st, &n, &id2, &existed, &err), GOVREC_OK);
	ck_assert_int_eq(existed, 1);
	ck_assert_int_eq(id, id2);
	ck_assert_int_eq(govrec_sql_int(st, NULL, &count,
					"SELECT count(*) FROM document WHERE kind = 'review-note' "
					"AND review = ?1 AND section = '6.2' AND date = '2018-04-11' "
					"AND title = 'Findings'",
					"t", "CSC Charter Review 2018"),
			 GOVREC_OK);
	ck_assert_int_eq(count, 1);
	/* searchable through the one index */
	ck_assert_int_eq(govrec_sql_int(st, NULL, &count,
					"SELECT count(*) FROM search WHERE search MATCH 'monthly'", NULL),
			 GOVREC_OK);
	ck_assert_int_eq(count, 1);
}
END_TEST

START_TEST(test_note_refusals)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_note_new n = { "Review", NULL, NULL, NULL, NULL };
	int64_t id, count = -1;
	int existed;

	n.path = write_file("empty.md", "\n\n   \n", 6);
	ck_assert_int_eq(govrec_note_add(st, &n, &id, &existed, &err), GOVREC_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "empty.md': is empty"));
	govrec_error_clear(&err);
	n.path = "/nonexistent/x.md";
	ck_assert_int_eq(govrec_note_add(st, &n, &id, &existed, &err), GOVREC_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "cannot open '/nonexistent/x.md'"));
	govrec_error_clear(&err);
	n.path = write_file("ok.md", "text\n", 5);
	n.date = "2018-02-29";
	ck_assert_int_eq(govrec_note_add(st, &n, &id, &existed, &err), GOVREC_INVALID);
	govrec_error_clear(&err);
	n.date = NULL;
	n.review = "";
	ck_assert_int_eq(govrec_note_add(st, &n, &id, &existed, &err), GOVREC_INVALID);
	ck_assert_int_eq(govrec_sql_int(st, NULL, &count, "SELECT count(*) FROM document", NULL),
			 GOVREC_OK);
	ck_assert_int_eq(count, 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("note");
	TCase *tc = tcase_create("note");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_markdown_sections);
	tcase_add_test(tc, test_plain_text_crlf_bom);
	tcase_add_test(tc, test_invalid_utf8_offset);
	tcase_add_test(tc, test_utf8_every_offset);
	tcase_add_test(tc, test_note_add_and_list);
	tcase_add_test(tc, test_note_refusals);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_main(suite());
}
