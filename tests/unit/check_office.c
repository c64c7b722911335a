/*
 * check_office.c - the DOCX and ODT readers and the safe XML helper, on the
 * fixtures of tests/data/office/ and tests/data/hostile/ (made by
 * tests/data/make-fixtures.py): passages with their heading paths, table
 * rows, tracked deletions, notes and field codes left out, title and date
 * from the document properties; entity bombs, external entities, malformed
 * XML and broken packages refused with messages that say where.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "govrec/buf.h"
#include "govrec/document.h"
#include "govrec/import.h"
#include "testutil.h"
#include "../../import/xml.h"

#define DOCX_MEDIA "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#define ODT_MEDIA  "application/vnd.oasis.opendocument.text"

static void load(struct govrec_buf *b, const char *rel)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", TEST_DATA, rel);
	ck_assert_msg(govrec_buf_read_file(b, path, 0, &err) == GOVREC_OK, "%s", err.msg);
}

/* Reads rel with r into d; returns the status and leaves the message in err. */
static enum govrec_status read_with(const struct govrec_reader *r, const char *rel,
				    struct govrec_document_draft *d, struct govrec_error *err)
{
	struct govrec_buf data = GOVREC_BUF_INIT;
	enum govrec_status rc;

	load(&data, rel);
	govrec_draft_init(d);
	rc = r->read((const unsigned char *)data.data, data.len, rel, d, err);
	govrec_buf_release(&data);
	return rc;
}

/* "[heading] body\n" for every passage. */
static void passages(const struct govrec_document_draft *d, struct govrec_buf *out)
{
	size_t i;

	for (i = 0; i < d->npassages; i++)
		govrec_buf_addf(out, "[%s] %s\n",
				d->passages[i].heading ? d->passages[i].heading : "",
				d->passages[i].body);
}

#define DOCX_PASSAGES                                                                        \
	"[CSC Meeting 34: Notes and Action Items] 15 October 2019, 13:00 UTC, Zoom\n"         \
	"[Attendance] Secretariat: Bart Boswinkel, Ria Otanes.\nThe meeting was quorate.\n"   \
	"[Review of open action items] Action item 01 33 2019: completed, the letter went "   \
	"out on 20 September.\n"                                                              \
	"[PTI performance / September 2019] PTI met every threshold in September; see the "  \
	"IANA performance metrics.\n"                                                         \
	"[PTI performance / September 2019] Metric | Threshold | September\n"                \
	"[PTI performance / September 2019] cat1.technical-checks.initial | 50 minutes | "   \
	"100%\n"                                                                              \
	"[PTI performance / September 2019] cat1.implementation.rz-publication | 72 hours | " \
	"100% (2 requests)\n"                                                                 \
	"[Decisions] The CSC approved SLA-2019-01, the change to "                           \
	"cat1.technical-checks.initial.\n"                                                    \
	"[Decisions] The findings for September are rated Excellent.\n"                      \
	"[Action items] Action item 01 34 2019: Secretariat to send the findings to the "    \
	"ccNSO and GNSO Councils.\n"                                                          \
	"[Action items] Action item 02 34 2019:\tPTI to report on SLA-2019-01 at the next "  \
	"meeting.\n"                                                                          \
	"[Action items] Next meeting: 20 November 2019\n"

static const char *const docx_files[] = { "office/csc-notes.docx", "office/strict.docx" };

START_TEST(test_docx)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_buf out = GOVREC_BUF_INIT;
	struct govrec_document_draft d;

	ck_assert_msg(read_with(&govrec_reader_docx, docx_files[_i], &d, &err) == GOVREC_OK, "%s",
		      err.msg);
	passages(&d, &out);
	ck_assert_uint_eq(d.npassages, 12);
	ck_assert_str_eq(out.data, DOCX_PASSAGES);
	/* the tracked deletion and the field code are not text */
	ck_assert_ptr_null(strstr(out.data, "rejected"));
	ck_assert_ptr_null(strstr(out.data, "DATE"));
	ck_assert_str_eq(d.title, "CSC Meeting 34 notes");
	ck_assert_str_eq(d.date, "2019-10-15");
	ck_assert_str_eq(d.kind, "notes");
	ck_assert_str_eq(d.media_type, DOCX_MEDIA);
	ck_assert_str_eq(d.importer, "docx");
	ck_assert_str_eq(d.importer_version, GOVREC_READER_VERSION);
	govrec_draft_release(&d);
	govrec_buf_release(&out);
}
END_TEST

/* What the caller set is kept: kind, title and date from the command line win. */
START_TEST(test_docx_keeps_caller_fields)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_buf data = GOVREC_BUF_INIT;
	struct govrec_document_draft d;

	load(&data, "office/csc-notes.docx");
	govrec_draft_init(&d);
	govrec_draft_set(&d.kind, "minutes");
	govrec_draft_set(&d.title, "Minutes of meeting 34");
	govrec_draft_set(&d.date, "2019-10-14");
	ck_assert_int_eq(govrec_reader_docx.read((const unsigned char *)data.data, data.len,
						 "x.docx", &d, &err),
			 GOVREC_OK);
	ck_assert_str_eq(d.kind, "minutes");
	ck_assert_str_eq(d.title, "Minutes of meeting 34");
	ck_assert_str_eq(d.date, "2019-10-14");
	govrec_draft_release(&d);
	govrec_buf_release(&data);
}
END_TEST

#define ODT_PASSAGES                                                                       \
	"[Attendance] Secretariat: Bart Boswinkel, Ria Otanes.\nThe meeting was quorate.\n" \
	"[PTI performance / September 2019] PTI met every threshold; see the IANA "        \
	"performance metrics.\n"                                                            \
	"[PTI performance / September 2019] Metric | Threshold | September\n"              \
	"[PTI performance / September 2019] cat1.technical-checks.initial | 50 minutes | " \
	"100%\n"                                                                            \
	"[PTI performance / September 2019] merged\n"                                      \
	"[Decisions] The CSC approved SLA-2019-01.\n"                                      \
	"[Action items] Action item 01 34 2019: Secretariat to send the findings.\n"       \
	"[Action items] Action item 02 34 2019:\tPTI to report   next time.\n"             \
	"[Action items] Nested list item.\n"

START_TEST(test_odt)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_buf out = GOVREC_BUF_INIT;
	struct govrec_document_draft d;

	ck_assert_msg(read_with(&govrec_reader_odt, "office/csc-notes.odt", &d, &err) ==
			      GOVREC_OK,
		      "%s", err.msg);
	passages(&d, &out);
	ck_assert_uint_eq(d.npassages, 9);
	ck_assert_str_eq(out.data, ODT_PASSAGES);
	/* tracked deletion, footnote and annotation are not text */
	ck_assert_ptr_null(strstr(out.data, "rejected"));
	ck_assert_ptr_null(strstr(out.data, "Footnote"));
	ck_assert_ptr_null(strstr(out.data, "check the number"));
	ck_assert_str_eq(d.title, "CSC Meeting 34 notes (ODT)");
	ck_assert_str_eq(d.date, "2019-10-15");
	ck_assert_str_eq(d.kind, "notes");
	ck_assert_str_eq(d.media_type, ODT_MEDIA);
	ck_assert_str_eq(d.importer, "odt");
	govrec_draft_release(&d);
	govrec_buf_release(&out);
}
END_TEST

/* The demo's notes: what the meeting 34 demo imports. */
START_TEST(test_demo_notes)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_buf out = GOVREC_BUF_INIT;
	struct govrec_document_draft d;

	ck_assert_msg(read_with(&govrec_reader_docx,
				"../../records/demo/meeting-34/csc-meeting-34-notes.docx", &d,
				&err) == GOVREC_OK,
		      "%s", err.msg);
	passages(&d, &out);
	ck_assert_str_eq(d.title, "CSC Meeting 34: Notes and Action Items");
	ck_assert_str_eq(d.date, "2019-10-15");
	ck_assert_msg(strstr(out.data, "[Action items] Action item 01 34 2019: Secretariat to "
				       "publish the September findings.\n") != NULL,
		      "%s", out.data);
	ck_assert_msg(strstr(out.data, "[Decisions] The CSC confirmed that SLA-2019-01") != NULL,
		      "%s", out.data);
	ck_assert_ptr_nonnull(strstr(out.data, "cat1.technical-checks.initial"));
	ck_assert_ptr_null(strstr(out.data, "will consider"));
	govrec_draft_release(&d);
	govrec_buf_release(&out);
}
END_TEST

/* A draft the readers make is one the store accepts. */
START_TEST(test_store_docx)
{
	struct govrec_store *st = test_store_new();
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_buf data = GOVREC_BUF_INIT;
	struct govrec_document_draft d;
	int64_t id = 0;
	int existed = -1;

	load(&data, "office/csc-notes.docx");
	govrec_draft_init(&d);
	ck_assert_int_eq(govrec_reader_docx.read((const unsigned char *)data.data, data.len,
						 "csc-notes.docx", &d, &err),
			 GOVREC_OK);
	govrec_draft_set(&d.file_name, "csc-notes.docx");
	d.bytes = data.data;
	d.size = data.len;
	ck_assert_msg(govrec_document_store(st, &d, &id, &existed, &err) == GOVREC_OK, "%s",
		      err.msg);
	ck_assert_int_gt(id, 0);
	ck_assert_int_eq(existed, 0);
	govrec_draft_release(&d);
	govrec_buf_release(&data);
	test_store_free(st);
}
END_TEST

START_TEST(test_detect)
{
	static const char text[] = "word/document.xml is just text here\n";
	struct govrec_buf docx = GOVREC_BUF_INIT, odt = GOVREC_BUF_INIT, zip = GOVREC_BUF_INIT,
			  strict = GOVREC_BUF_INIT, folder = GOVREC_BUF_INIT;
	const unsigned char *t = (const unsigned char *)text;

	load(&docx, "office/csc-notes.docx");
	load(&odt, "office/csc-notes.odt");
	load(&zip, "archive/good.zip");
	load(&strict, "office/strict.docx");
	load(&folder, "archive/folder-with-docx.zip");
#define DET(r, b, name) (r).detect((const unsigned char *)(b).data, (b).len, name)
	ck_assert_int_eq(DET(govrec_reader_docx, docx, "x.bin"), 95);
	ck_assert_int_eq(DET(govrec_reader_odt, docx, "x.bin"), 0);
	/* strict: main part elsewhere, found by [Content_Types].xml */
	ck_assert_int_eq(DET(govrec_reader_docx, strict, "x.bin"), 90);
	ck_assert_int_eq(DET(govrec_reader_odt, odt, "x.bin"), 100);
	ck_assert_int_eq(DET(govrec_reader_docx, odt, "x.odt"), 0);
	/* a plain zip: only its name could make it an office file */
	ck_assert_int_eq(DET(govrec_reader_docx, zip, "good.zip"), 0);
	ck_assert_int_eq(DET(govrec_reader_docx, zip, "good.docx"), 40);
	ck_assert_int_eq(DET(govrec_reader_odt, zip, "good.zip"), 0);
	ck_assert_int_eq(DET(govrec_reader_odt, zip, "good.ODT"), 40);
	/* a folder holding a stored .docx is not a .docx */
	ck_assert_int_eq(DET(govrec_reader_docx, folder, "meeting-34.zip"), 0);
	ck_assert_int_eq(DET(govrec_reader_odt, folder, "meeting-34.zip"), 0);
	/* not a zip at all */
	ck_assert_int_eq(govrec_reader_docx.detect(t, sizeof(text) - 1, "notes.docx"), 0);
	ck_assert_int_eq(govrec_reader_odt.detect(t, sizeof(text) - 1, "notes.odt"), 0);
#undef DET
	govrec_buf_release(&folder);
	govrec_buf_release(&strict);
	govrec_buf_release(&zip);
	govrec_buf_release(&odt);
	govrec_buf_release(&docx);
}
END_TEST

static const struct hostile {
	const char *file;
	const struct govrec_reader *reader;
	const char *msg;
} hostile[] = {
	{ "hostile/entity-bomb.docx", &govrec_reader_docx,
	  "word/document.xml line 2: declares a DOCTYPE, which is refused (entities and "
	  "external DTDs are never read)" },
	{ "hostile/external-entity.docx", &govrec_reader_docx,
	  "word/document.xml line 2: declares a DOCTYPE, which is refused (entities and "
	  "external DTDs are never read)" },
	{ "hostile/malformed.docx", &govrec_reader_docx,
	  "word/document.xml line 5: Opening and ending tag mismatch: t line 5 and r" },
	{ "hostile/no-document.docx", &govrec_reader_docx,
	  "is not a Word document: it has no main document part ('word/document.xml')" },
	{ "hostile/zip-bomb.zip", &govrec_reader_docx,
	  "archive entry 'zeros.bin' expands the archive more than 100 times its size "
	  "(a zip bomb?)" },
	{ "hostile/traversal.zip", &govrec_reader_docx,
	  "archive entry '../evil' goes outside the archive ('..' in its path)" },
	{ "hostile/symlink.zip", &govrec_reader_odt, "archive entry 'link' is a symbolic link" },
	{ "hostile/truncated.zip", &govrec_reader_docx, "is not a readable archive (" },
	{ "hostile/entity-bomb.odt", &govrec_reader_odt,
	  "content.xml line 2: declares a DOCTYPE, which is refused (entities and external "
	  "DTDs are never read)" },
	{ "hostile/wrong-mimetype.odt", &govrec_reader_odt,
	  "is not an OpenDocument text: its mimetype is "
	  "'application/vnd.oasis.opendocument.spreadsheet'" },
	{ "office/csc-notes.docx", &govrec_reader_odt,
	  "is not an OpenDocument file: it has no 'mimetype' entry" },
	{ "office/csc-notes.odt", &govrec_reader_docx,
	  "is not a Word document: it has no main document part ('word/document.xml')" },
};

START_TEST(test_hostile)
{
	const struct hostile *h = &hostile[_i];
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_document_draft d;

	ck_assert_int_eq(read_with(h->reader, h->file, &d, &err), GOVREC_INVALID);
	ck_assert_msg(strncmp(err.msg, h->msg, strlen(h->msg)) == 0, "%s: got \"%s\"", h->file,
		      err.msg);
	ck_assert_uint_eq(d.npassages, 0);
	govrec_draft_release(&d);
}
END_TEST

/* The XML helper on its own. */
static const struct xml_case {
	const char *xml;
	enum govrec_status status;
	const char *msg;
} xml_cases[] = {
	{ "<a>caf\xc3\xa9 &amp; &#x42;</a>", GOVREC_OK, "" },
	{ "<?xml version=\"1.0\"?>\n<!DOCTYPE a SYSTEM \"http://example.org/a.dtd\">\n<a/>",
	  GOVREC_INVALID, "t.xml line 2: declares a DOCTYPE" },
	{ "<?xml version=\"1.0\"?>\n<!DOCTYPE a [\n<!ENTITY e SYSTEM \"file:///etc/passwd\">\n]>"
	  "<a>&e;</a>",
	  GOVREC_INVALID, "t.xml line 2: declares a DOCTYPE" },
	{ "<a>\n\n&undeclared;</a>", GOVREC_INVALID,
	  "t.xml line 3: Entity 'undeclared' not defined" },
	{ "<a>\n<b>\n</a>", GOVREC_INVALID, "t.xml line 3: Opening and ending tag mismatch" },
	{ "", GOVREC_INVALID, "t.xml line " },
	{ "<a/><b/>", GOVREC_INVALID, "t.xml line 1: Extra content at the end of the document" },
};

START_TEST(test_xml)
{
	const struct xml_case *c = &xml_cases[_i];
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_buf text = GOVREC_BUF_INIT;
	xmlDocPtr doc = NULL;

	ck_assert_int_eq(govrec_xml_parse(c->xml, strlen(c->xml), "t.xml", &doc, &err),
			 c->status);
	ck_assert_msg(strncmp(err.msg, c->msg, strlen(c->msg)) == 0, "case %d: got \"%s\"", _i,
		      err.msg);
	if (c->status == GOVREC_OK) {
		ck_assert_ptr_nonnull(doc);
		govrec_xml_text(xmlDocGetRootElement(doc), &text);
		ck_assert_str_eq(text.data, "caf\xc3\xa9 & B");
	} else {
		ck_assert_ptr_null(doc);
	}
	xmlFreeDoc(doc);
	govrec_buf_release(&text);
}
END_TEST

static Suite *office_suite(void)
{
	Suite *s = suite_create("office");
	TCase *tc = tcase_create("readers");

	tcase_add_loop_test(tc, test_docx, 0, (int)(sizeof(docx_files) / sizeof(docx_files[0])));
	tcase_add_test(tc, test_docx_keeps_caller_fields);
	tcase_add_test(tc, test_odt);
	tcase_add_test(tc, test_demo_notes);
	tcase_add_test(tc, test_store_docx);
	tcase_add_test(tc, test_detect);
	tcase_add_loop_test(tc, test_hostile, 0, (int)(sizeof(hostile) / sizeof(hostile[0])));
	tcase_add_loop_test(tc, test_xml, 0, (int)(sizeof(xml_cases) / sizeof(xml_cases[0])));
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(office_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
