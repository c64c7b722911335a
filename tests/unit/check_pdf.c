/*
 * check_pdf.c - the PDF reader (import/pdf.c, pdf-text.c): the fixtures of
 * tests/data/pdf (made by make-pdfs.py) read into whole passages compared
 * with the .expected file next to each; the files refused (encrypted,
 * damaged, image-only) and the limits (pages, text, processor time); and
 * the text made from laid-out lines: furniture dropped, hyphens rejoined,
 * page breaks as form feeds.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "govrec/buf.h"
#include "govrec/draft.h"
#include "govrec/readers.h"
#include "pdf-int.h"
#include "readers-int.h"
#include "testmain.h"

static void load(struct govrec_buf *b, const char *rel)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	char path[512];

	snprintf(path, sizeof(path), "%s/pdf/%s", TEST_DATA, rel);
	ck_assert_msg(govrec_buf_read_file(b, path, 0, &err) == GOVREC_OK, "%s", err.msg);
}

/* The draft as the .expected files write it: the document, then each passage whole. */
static void dump(const struct govrec_document_draft *d, struct govrec_buf *out)
{
	size_t i;

	govrec_buf_addf(out, "kind: %s\ntitle: %s\ndate: %s\nmedia type: %s\nimporter: %s\n",
	                d->kind ? d->kind : "", d->title ? d->title : "", d->date ? d->date : "",
	                d->media_type ? d->media_type : "", d->importer ? d->importer : "");
	for (i = 0; i < d->npassages; i++) {
		const struct govrec_passage_draft *p = &d->passages[i];

		govrec_buf_addf(out, "\n-- %zu", i + 1);
		if (p->speaker)
			govrec_buf_addf(out, " speaker: %s", p->speaker);
		if (p->heading)
			govrec_buf_addf(out, " heading: %s", p->heading);
		govrec_buf_addf(out, "\n%s\n", p->body);
	}
}

static enum govrec_status read_pdf(const char *rel, struct govrec_document_draft *d,
                                   struct govrec_error *err)
{
	struct govrec_buf b = GOVREC_BUF_INIT;
	enum govrec_status rc;

	load(&b, rel);
	rc = govrec_read_pdf((const unsigned char *)b.data, b.len, rel, d, err);
	govrec_buf_release(&b);
	return rc;
}

static void check_expected(const char *rel)
{
	struct govrec_document_draft d;
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_buf got = GOVREC_BUF_INIT, want = GOVREC_BUF_INIT, name = GOVREC_BUF_INIT;

	govrec_draft_init(&d);
	ck_assert_msg(read_pdf(rel, &d, &err) == GOVREC_OK, "%s: %s", rel, err.msg);
	ck_assert_uint_eq(d.nwarnings, 0);
	dump(&d, &got);
	govrec_buf_addf(&name, "%s.expected", rel);
	load(&want, name.data);
	ck_assert_str_eq(got.data, want.data);
	govrec_buf_release(&got);
	govrec_buf_release(&want);
	govrec_buf_release(&name);
	govrec_draft_release(&d);
}

START_TEST(test_teleconference)
{
	check_expected("icann-teleconference.pdf");
}
END_TEST

START_TEST(test_report)
{
	check_expected("pti-report.pdf");
}
END_TEST

/* A scanned page in a document with text: left out, with a warning. */
START_TEST(test_scanned_page)
{
	struct govrec_document_draft d;
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_buf got = GOVREC_BUF_INIT;

	govrec_draft_init(&d);
	ck_assert_int_eq(read_pdf("mixed.pdf", &d, &err), GOVREC_OK);
	ck_assert_uint_eq(d.nwarnings, 1);
	ck_assert_str_eq(d.warnings[0], "page 2: has no text layer (an image?): left out");
	dump(&d, &got);
	ck_assert_str_eq(got.data,
	                 "kind: notes\ntitle: Letter to the CSC\ndate: 2018-03-12\n"
	                 "media type: application/pdf\nimporter: pdf\n"
	                 "\n-- 1\nDear Members of the Customer Standing Committee,\n"
	                 "\n-- 2\nPlease find attached the signed annex to the PTI naming "
	                 "function contract, as discussed at the March meeting.\n");
	govrec_buf_release(&got);
	govrec_draft_release(&d);
}
END_TEST

static const struct {
	const char *file, *msg;
} refused[] = {
    {"encrypted.pdf", "is an encrypted PDF: it needs a password to be read"},
    {"damaged.pdf", "is a damaged PDF: poppler cannot open it"},
    {"scanned.pdf", "has no text layer (a scanned document?); run OCR first"},
};

START_TEST(test_refused)
{
	struct govrec_document_draft d;
	struct govrec_error err = GOVREC_ERROR_INIT;

	govrec_draft_init(&d);
	ck_assert_int_eq(read_pdf(refused[_i].file, &d, &err), GOVREC_INVALID);
	ck_assert_str_eq(err.msg, refused[_i].msg);
	ck_assert_uint_eq(d.npassages, 0);
	govrec_draft_release(&d);
}
END_TEST

static const struct {
	struct govrec_pdf_limits lim;
	const char *msg;
} limits[] = {
    {{1, GOVREC_PDF_MAX_TEXT, GOVREC_PDF_MAX_CPU}, "has 2 pages, more than the limit of 1"},
    {{10, 1000, GOVREC_PDF_MAX_CPU}, "has more than 1000 bytes of text, the limit of one document"},
    {{10, GOVREC_PDF_MAX_TEXT, 0},
     "took more than 0 seconds of processor time by page 1 of 2: reading stopped "
     "(a hostile or broken PDF?)"},
};

START_TEST(test_limits)
{
	struct govrec_document_draft d;
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_buf b = GOVREC_BUF_INIT;

	load(&b, "icann-teleconference.pdf");
	govrec_draft_init(&d);
	ck_assert_int_eq(govrec_pdf_read_limited((const unsigned char *)b.data, b.len, "t.pdf",
	                                         &limits[_i].lim, &d, &err),
	                 GOVREC_INVALID);
	ck_assert_str_eq(err.msg, limits[_i].msg);
	govrec_draft_release(&d);
	govrec_buf_release(&b);
}
END_TEST

START_TEST(test_detect)
{
	const unsigned char pdf[] = "%PDF-1.7\n", late[] = "\r\n\r\n%PDF-1.4\n",
	                    text[] = "Coordinator: the PDF- format\n";

	ck_assert_int_eq(govrec_detect_pdf(pdf, sizeof(pdf) - 1, "x"), 95);
	ck_assert_int_eq(govrec_detect_pdf(late, sizeof(late) - 1, "x"), 90);
	ck_assert_int_eq(govrec_detect_pdf(text, sizeof(text) - 1, "x.pdf"), 0);
}
END_TEST

/* --- the text from lines -------------------------------------------------- */

static void line(struct pdf_page *p, const char *s, double top, double size, int cells)
{
	pdf_page_add(p, s, strlen(s), top, top + size, size, cells);
}

/* Three pages with a running header, a footer page number, and a body. */
static struct pdf_page *pages3(void)
{
	struct pdf_page *p = calloc(3, sizeof(*p));
	int i;

	ck_assert_ptr_nonnull(p);
	for (i = 0; i < 3; i++) {
		govrec_buf_init(&p[i].text);
		line(&p[i], "CSC Monthly Meeting", 40, 10, 1);
		if (i == 0)
			line(&p[i], "Minutes", 80, 18, 1);
	}
	line(&p[0], "The committee reviewed the transcrip-", 120, 10, 1);
	line(&p[0], "tion of the last call and the", 134, 10, 1);
	line(&p[0], "Metric | Target | Actual", 160, 10, 3);
	line(&p[0], "Uptime | 99% | 99.9%", 174, 10, 3);
	line(&p[0], "escalation of the PTI-", 200, 10, 1);
	line(&p[1], "CSC work plan, which it accepted with one", 60, 10, 1);
	line(&p[1], "change pre-", 74, 10, 1);
	line(&p[2], "sented by Lars.", 60, 10, 1);
	line(&p[2], "Next meeting: 12 May.", 100, 10, 1);
	for (i = 0; i < 3; i++) {
		char num[32];

		snprintf(num, sizeof(num), "Page %d of 3", i + 1);
		line(&p[i], num, 750, 9, 1);
	}
	return p;
}

START_TEST(test_text_transcript_form)
{
	struct pdf_page *p = pages3();
	struct govrec_buf out = GOVREC_BUF_INIT;

	pdf_drop_furniture(p, 3);
	ck_assert_int_eq(pdf_find_headings(p, 3), 1);
	pdf_text(p, 3, 0, &out);
	ck_assert_str_eq(out.data, "Minutes\n\n"
	                           "The committee reviewed the transcription\n"
	                           "of the last call and the\n\n"
	                           "Metric | Target | Actual\n"
	                           "Uptime | 99% | 99.9%\n\n"
	                           "escalation of the PTI-\n"
	                           "\fCSC work plan, which it accepted with one\n"
	                           "change presented\n"
	                           "\fby Lars.\n\n"
	                           "Next meeting: 12 May.\n");
	govrec_buf_release(&out);
	pdf_pages_free(p, 3);
}
END_TEST

START_TEST(test_text_notes_form)
{
	struct pdf_page *p = pages3();
	struct govrec_buf out = GOVREC_BUF_INIT;

	pdf_drop_furniture(p, 3);
	pdf_find_headings(p, 3);
	pdf_text(p, 3, 1, &out);
	ck_assert_str_eq(out.data,
	                 "# Minutes\n\n"
	                 "The committee reviewed the transcription of the last call and the\n\n"
	                 "Metric | Target | Actual\n"
	                 "Uptime | 99% | 99.9%\n\n"
	                 "escalation of the PTI- CSC work plan, which it accepted with one "
	                 "change presented by Lars.\n\n"
	                 "Next meeting: 12 May.\n");
	govrec_buf_release(&out);
	pdf_pages_free(p, 3);
}
END_TEST

/* Two pages are not "most pages" when a line is on one only. */
START_TEST(test_furniture_needs_most_pages)
{
	struct pdf_page *p = calloc(3, sizeof(*p));
	size_t i;

	for (i = 0; i < 3; i++)
		govrec_buf_init(&p[i].text);
	line(&p[0], "Draft", 40, 10, 1);
	line(&p[0], "one", 60, 10, 1);
	line(&p[1], "two", 60, 10, 1);
	line(&p[2], "three", 60, 10, 1);
	pdf_drop_furniture(p, 3);
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(p[i].lines[0].dropped, 0);
	pdf_pages_free(p, 3);
}
END_TEST

/* A line repeated in one place below one that is not furniture is body text. */
START_TEST(test_furniture_from_the_edges)
{
	static const char *const body[] = {"one", "two", "three"};
	struct pdf_page *p = calloc(3, sizeof(*p));
	size_t i;

	for (i = 0; i < 3; i++) {
		govrec_buf_init(&p[i].text);
		line(&p[i], "Report", 40, 10, 1);
		line(&p[i], body[i], 60, 10, 1);
		line(&p[i], "Thank you.", 80, 10, 1);
		line(&p[i], "Agreed.", 94, 10, 1);
		line(&p[i], "- 1 -", 750, 10, 1);
	}
	pdf_drop_furniture(p, 3);
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(p[i].lines[0].dropped, 1);
		ck_assert_int_eq(p[i].lines[1].dropped, 0);
		ck_assert_int_eq(p[i].lines[2].dropped, 0);
		ck_assert_int_eq(p[i].lines[3].dropped, 0);
		ck_assert_int_eq(p[i].lines[4].dropped, 1);
	}
	pdf_pages_free(p, 3);
}
END_TEST

static Suite *pdf_suite(void)
{
	Suite *s = suite_create("pdf");
	TCase *tc = tcase_create("pdf");

	tcase_add_test(tc, test_teleconference);
	tcase_add_test(tc, test_report);
	tcase_add_test(tc, test_scanned_page);
	tcase_add_loop_test(tc, test_refused, 0, (int)(sizeof(refused) / sizeof(refused[0])));
	tcase_add_loop_test(tc, test_limits, 0, (int)(sizeof(limits) / sizeof(limits[0])));
	tcase_add_test(tc, test_detect);
	tcase_add_test(tc, test_text_transcript_form);
	tcase_add_test(tc, test_text_notes_form);
	tcase_add_test(tc, test_furniture_needs_most_pages);
	tcase_add_test(tc, test_furniture_from_the_edges);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_main(pdf_suite());
}
