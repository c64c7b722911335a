/*
 * check_draft.c - the document draft (draft.h): passages and warnings.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "govrec/draft.h"
#include "testmain.h"

START_TEST(test_warn_kept_in_order)
{
	struct govrec_document_draft d;

	govrec_draft_init(&d);
	govrec_draft_warn(&d, "line %d: cue dropped: %s", 12, "no end time");
	govrec_draft_warn(&d, "line 40: block dropped");
	ck_assert_uint_eq(d.nwarnings, 2);
	ck_assert_uint_eq(d.warnings_more, 0);
	ck_assert_str_eq(d.warnings[0], "line 12: cue dropped: no end time");
	ck_assert_str_eq(d.warnings[1], "line 40: block dropped");
	govrec_draft_release(&d);
	ck_assert_uint_eq(d.nwarnings, 0);
	ck_assert_ptr_null(d.warnings);
}
END_TEST

/* A file that makes a warning of every line keeps the first 100 only. */
START_TEST(test_warn_limit)
{
	struct govrec_document_draft d;
	int i;

	govrec_draft_init(&d);
	for (i = 1; i <= GOVREC_DRAFT_MAX_WARNINGS + 37; i++)
		govrec_draft_warn(&d, "line %d: dropped", i);
	ck_assert_uint_eq(d.nwarnings, GOVREC_DRAFT_MAX_WARNINGS);
	ck_assert_uint_eq(d.warnings_more, 37);
	ck_assert_str_eq(d.warnings[GOVREC_DRAFT_MAX_WARNINGS - 1], "line 100: dropped");
	govrec_draft_release(&d);
}
END_TEST

/* A warning quotes the file: what a bundle cannot carry is cleaned, as text is. */
START_TEST(test_warn_cleaned)
{
	struct govrec_document_draft d;

	govrec_draft_init(&d);
	govrec_draft_warn(&d, "line 3: cue '%s' dropped", "a\001b");
	ck_assert_uint_eq(d.nwarnings, 1);
	ck_assert_ptr_null(strchr(d.warnings[0], '\001'));
	govrec_draft_release(&d);
}
END_TEST

START_TEST(test_add_skips_blank)
{
	struct govrec_document_draft d;

	govrec_draft_init(&d);
	ck_assert_int_eq(govrec_draft_add(&d, "A", 0, 10, NULL, "  \n "), 0);
	ck_assert_uint_eq(d.npassages, 0);
	ck_assert_int_eq(govrec_draft_add(&d, "", GOVREC_NO_TIME, GOVREC_NO_TIME, "H", " text "), 0);
	ck_assert_uint_eq(d.npassages, 1);
	ck_assert_ptr_null(d.passages[0].speaker);
	ck_assert_str_eq(d.passages[0].heading, "H");
	ck_assert_str_eq(d.passages[0].body, "text");
	govrec_draft_release(&d);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("draft");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_warn_kept_in_order);
	tcase_add_test(tc, test_warn_limit);
	tcase_add_test(tc, test_warn_cleaned);
	tcase_add_test(tc, test_add_skips_blank);
	suite_add_tcase(s, tc);
	return s;
}

int main(void) { return test_main(suite()); }
