/*
 * check_office.c - the DOCX and ODT readers and the safe XML helper, on the
 * fixtures of tests/data/office/ and tests/data/hostile/ (made by
 * tests/data/make-fixtures.py): passages with their heading paths, table
 * rows, tracked deletions and field codes left out, DOCX text boxes,
 * footnotes, endnotes and comments as passages of their own (and packages
 * built here for their edge cases), title and date from the document
 * properties; entity bombs, external entities, malformed XML and broken
 * packages refused with messages that say where.
 */
#include <archive.h>
#include <archive_entry.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "govrec/buf.h"
#include "govrec/document.h"
#include "govrec/readers.h"
#include "govrec/draft.h"
#include "testutil.h"
#include "../../import/xml.h"
#include "testmain.h"

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

/* "[heading] (speaker) body\n" for every passage. */
static void passages_by(const struct govrec_document_draft *d, struct govrec_buf *out)
{
	size_t i;

	for (i = 0; i < d->npassages; i++)
		govrec_buf_addf(out, "[%s] (%s) %s\n",
				d->passages[i].heading ? d->passages[i].heading : "",
				d->passages[i].speaker ? d->passages[i].speaker : "",
				d->passages[i].body);
}

#define EXTRAS_PASSAGES                                                                     \
	"[Findings] () PTI met every threshold in October.\n"                                 \
	"[Findings / Footnote 1] () Measured against the pelican threshold of 50 minutes.\n"  \
	"[Findings] () Before the comment. The dashboard figures were reviewed.\n"            \
	"[Findings / Comment by Byron Holland] (Byron Holland) Should we cite the albatross "  \
	"report here?\nIt has the October figures.\n"                                          \
	"[Findings] () See the summary box.\n"                                                \
	"[Findings / Text box] () Kestrel summary:\nevery SLA was met.\n"                     \
	"[Findings / Text box] () Osprey sidebar: no escalations.\n"                          \
	"[Findings] () Metric | Result\n"                                                     \
	"[Findings] () cat1.technical-checks.initial | 100%\n"                                \
	"[Findings / Footnote 2] () Pipit measurement excludes weekends. Checked.\n"          \
	"[Findings / Comment by Jay Daley] (Jay Daley) Grebe check needed.\n"                 \
	"[Next steps] () The review is scheduled.\n"                                          \
	"[Next steps / Endnote 1] () The cormorant review is due in 2020.\nIts terms "        \
	"follow.\n"                                                                           \
	"[Comment by Ria Otanes] (Ria Otanes) The ostrich logo in the header is outdated.\n"

/*
 * Text boxes once each (the DrawingML choice, not its VML fallback), notes and
 * comments after the block that refers to them, separators left out, a
 * comment on a footnote after it, a comment nothing refers to last.
 */
START_TEST(test_docx_extras)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_buf out = GOVREC_BUF_INIT;
	struct govrec_document_draft d;

	ck_assert_msg(read_with(&govrec_reader_docx, "office/extras.docx", &d, &err) == GOVREC_OK,
		      "%s", err.msg);
	passages_by(&d, &out);
	ck_assert_str_eq(out.data, EXTRAS_PASSAGES);
	ck_assert_ptr_null(strstr(out.data, "Flamingo"));
	ck_assert_str_eq(d.title, "CSC Meeting 35 notes");
	govrec_draft_release(&d);
	govrec_buf_release(&out);
}
END_TEST

/* --- packages built here: [Content_Types].xml and the parts given, stored --- */

#define PKG_HEAD                                                                             \
	"<?xml version=\"1.0\"?>\n<w:%s xmlns:w=\"http://schemas.openxmlformats.org/"          \
	"wordprocessingml/2006/main\" xmlns:mc=\"http://schemas.openxmlformats.org/markup-"     \
	"compatibility/2006\" xmlns:v=\"urn:schemas-microsoft-com:vml\">"

static void zip_add(struct archive *a, const char *name, const char *data, size_t len)
{
	struct archive_entry *e = archive_entry_new();

	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)len);
	ck_assert_int_eq(archive_write_header(a, e), ARCHIVE_OK);
	ck_assert_int_eq(archive_write_data(a, data, len), (la_ssize_t)len);
	archive_entry_free(e);
}

/*
 * A DOCX whose word/document.xml has body inside w:body, and whose
 * word/footnotes.xml and word/comments.xml (when not NULL) have those
 * children; reads it into d.
 */
static enum govrec_status read_built(const char *body, const char *footnotes,
				     const char *comments, struct govrec_document_draft *d,
				     struct govrec_error *err)
{
	static const char *const roots[] = { "document", "footnotes", "comments" };
	const char *inner[3];
	struct govrec_buf part = GOVREC_BUF_INIT;
	struct archive *a = archive_write_new();
	size_t cap, used = 0, i;
	char *zip;
	enum govrec_status rc;

	inner[0] = body;
	inner[1] = footnotes;
	inner[2] = comments;
	cap = strlen(body) + (footnotes ? strlen(footnotes) : 0) +
	      (comments ? strlen(comments) : 0) + 65536;
	zip = malloc(cap);
	ck_assert_ptr_nonnull(zip);
	ck_assert_int_eq(archive_write_set_format_zip(a), ARCHIVE_OK);
	ck_assert_int_eq(archive_write_set_options(a, "zip:compression=store"), ARCHIVE_OK);
	ck_assert_int_eq(archive_write_open_memory(a, zip, cap, &used), ARCHIVE_OK);
	zip_add(a, "[Content_Types].xml", "<Types/>", 8);
	for (i = 0; i < 3; i++) {
		char name[64];

		if (!inner[i])
			continue;
		govrec_buf_reset(&part);
		govrec_buf_addf(&part, PKG_HEAD, roots[i]);
		govrec_buf_adds(&part, i == 0 ? "<w:body>" : "");
		govrec_buf_adds(&part, inner[i]);
		govrec_buf_addf(&part, "%s</w:%s>\n", i == 0 ? "</w:body>" : "", roots[i]);
		snprintf(name, sizeof(name), "word/%s.xml", roots[i]);
		zip_add(a, name, part.data, part.len);
	}
	ck_assert_int_eq(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	govrec_draft_init(d);
	rc = govrec_reader_docx.read((const unsigned char *)zip, used, "built.docx", d, err);
	free(zip);
	govrec_buf_release(&part);
	return rc;
}

static void expect_built(const char *body, const char *footnotes, const char *comments,
			 const char *want)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_buf out = GOVREC_BUF_INIT;
	struct govrec_document_draft d;

	ck_assert_msg(read_built(body, footnotes, comments, &d, &err) == GOVREC_OK, "%s",
		      err.msg);
	passages_by(&d, &out);
	ck_assert_str_eq(out.data ? out.data : "", want);
	govrec_draft_release(&d);
	govrec_buf_release(&out);
}

#define P(text)  "<w:p><w:r><w:t>" text "</w:t></w:r></w:p>"
#define FN(id)   "<w:r><w:footnoteReference w:id=\"" id "\"/></w:r>"
#define CM(id)   "<w:r><w:commentReference w:id=\"" id "\"/></w:r>"
#define BOX(text) "<w:txbxContent>" P(text) "</w:txbxContent>"

START_TEST(test_docx_text_box_forms)
{
	/* the choice holds no text box: the fallback is read, once */
	expect_built("<w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wpc\"><w:drawing/>"
		     "</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>" BOX("Only VML")
		     "</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
		     "</w:p>",
		     NULL, NULL, "[Text box] () Only VML\n");
	/* the choice has one: the fallback, even with other text, is not read */
	expect_built("<w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing>"
		     BOX("Chosen") "</w:drawing></mc:Choice><mc:Fallback><w:pict>" BOX("Fallen")
		     "</w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>",
		     NULL, NULL, "[Text box] () Chosen\n");
	/* a text box in a heading: the heading stays its own text */
	expect_built("<w:p><w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr><w:r><w:t>Head</w:t></w:r>"
		     "<w:r><w:pict>" BOX("Boxed") "</w:pict></w:r></w:p>" P("Under"),
		     NULL, NULL, "[Head / Text box] () Boxed\n[Head] () Under\n");
	/* a text box in a text box: each once, the outer first */
	expect_built("<w:p><w:r><w:pict><w:txbxContent>" P("Outer")
		     "<w:p><w:r><w:pict>" BOX("Inner") "</w:pict></w:r></w:p>"
		     "</w:txbxContent></w:pict></w:r></w:p>",
		     NULL, NULL, "[Text box] () Outer\n[Text box] () Inner\n");
}
END_TEST

START_TEST(test_docx_note_rules)
{
	/* numbered by first reference; a second reference adds nothing; a reference to a
	 * separator or to no note is no text; a note no reference reaches comes last */
	expect_built("<w:p><w:r><w:t>One</w:t></w:r>" FN("7") FN("-1") FN("99") "</w:p>"
		     "<w:p><w:r><w:t>Two</w:t></w:r>" FN("3") FN("7") "</w:p>",
		     "<w:footnote w:type=\"separator\" w:id=\"-1\">" P("SEPARATOR") "</w:footnote>"
		     "<w:footnote w:id=\"3\">" P("Three") "</w:footnote>"
		     "<w:footnote w:id=\"5\">" P("Orphan") "</w:footnote>"
		     "<w:footnote w:type=\"normal\" w:id=\"7\">" P("Seven") "</w:footnote>",
		     NULL,
		     "[] () One\n[Footnote 1] () Seven\n[] () Two\n[Footnote 2] () Three\n"
		     "[Footnote 3] () Orphan\n");
	/* a comment without an author; one whose author is blank */
	expect_built(P("Text") "<w:p>" CM("1") CM("2") "</w:p>", NULL,
		     "<w:comment w:id=\"1\">" P("Anonymous") "</w:comment>"
		     "<w:comment w:id=\"2\" w:author=\"  \">" P("Blank") "</w:comment>",
		     "[] () Text\n[Comment] () Anonymous\n[Comment] () Blank\n");
	/* a comment that refers to itself is read once */
	expect_built("<w:p>" CM("4") "</w:p>", NULL,
		     "<w:comment w:id=\"4\" w:author=\"A\"><w:p><w:r><w:t>Loop</w:t></w:r>" CM("4")
		     "</w:p></w:comment>",
		     "[Comment by A] (A) Loop\n");
}
END_TEST

/* A chain of comments, each on the one before: read without recursing. */
START_TEST(test_docx_comment_chain)
{
	enum { N = 30000 };
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_buf comments = GOVREC_BUF_INIT;
	struct govrec_document_draft d;
	char want[64];
	int i;

	for (i = 0; i < N; i++)
		govrec_buf_addf(&comments,
				"<w:comment w:id=\"%d\" w:author=\"A\"><w:p><w:r><w:t>c%d</w:t>"
				"</w:r><w:r><w:commentReference w:id=\"%d\"/></w:r></w:p>"
				"</w:comment>",
				i, i, i + 1);
	ck_assert_msg(read_built("<w:p>" CM("0") "</w:p>", NULL, comments.data, &d, &err) ==
			      GOVREC_OK,
		      "%s", err.msg);
	ck_assert_uint_eq(d.npassages, N);
	snprintf(want, sizeof(want), "c%d", N - 1);
	ck_assert_str_eq(d.passages[N - 1].body, want);
	ck_assert_str_eq(d.passages[0].body, "c0");
	govrec_draft_release(&d);
	govrec_buf_release(&comments);
}
END_TEST

#define ODT_PASSAGES                                                                       \
	"[Attendance] Secretariat: Bart Boswinkel, Ria Otanes.\nThe meeting was quorate.\n" \
	"[PTI performance / September 2019] PTI met every threshold; see the IANA "        \
	"performance metrics.\n"                                                            \
	"[PTI performance / September 2019 / Footnote 1] Footnote text is not a passage.\n" \
	"[PTI performance / September 2019] Metric | Threshold | September\n"              \
	"[PTI performance / September 2019] cat1.technical-checks.initial | 50 minutes | " \
	"100%\n"                                                                            \
	"[PTI performance / September 2019] merged\n"                                      \
	"[Decisions] The CSC approved SLA-2019-01.\n"                                      \
	"[Decisions / Comment by Ria Otanes] check the number\n"                           \
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
	ck_assert_uint_eq(d.npassages, 11);
	ck_assert_str_eq(out.data, ODT_PASSAGES);
	/* the tracked deletion is not text */
	ck_assert_ptr_null(strstr(out.data, "rejected"));
	ck_assert_str_eq(d.title, "CSC Meeting 34 notes (ODT)");
	ck_assert_str_eq(d.date, "2019-10-15");
	ck_assert_str_eq(d.kind, "notes");
	ck_assert_str_eq(d.media_type, ODT_MEDIA);
	ck_assert_str_eq(d.importer, "odt");
	govrec_draft_release(&d);
	govrec_buf_release(&out);
}
END_TEST

#define ODT_EXTRAS_PASSAGES                                                                  \
	"[Findings] () PTI met every threshold in October.\n"                                 \
	"[Findings / Footnote 1] () Measured against the heron threshold of 50 minutes.\n"    \
	"[Findings] () Before the comment. The dashboard figures were reviewed.\n"            \
	"[Findings / Comment by Gaurav Vedi] (Gaurav Vedi) Should we cite the puffin report "  \
	"here?\nIt has the October figures.\n"                                                \
	"[Findings] () Metric | Result\n"                                                     \
	"[Findings] () cat1.technical-checks.initial | 100%\n"                                \
	"[Findings / Footnote 2] () Lapwing measurement excludes weekends.\n"                 \
	"[Findings / Comment by Jay Daley] (Jay Daley) Siskin check needed.\n"                \
	"[Next steps] () The review is scheduled.\n"                                          \
	"[Next steps / Endnote 1] () The shag review is due in 2020.\nIts terms follow.\n"    \
	"[Next steps] () An anonymous remark follows.\n"                                      \
	"[Next steps / Comment] () Moorhen remark without an author.\n"

/*
 * ODT notes and comments after the paragraph or row that holds them, not in
 * its text (nor the citation mark), footnotes and endnotes numbered apart, a
 * comment inside a footnote after it, a comment without dc:creator.
 */
START_TEST(test_odt_extras)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_buf out = GOVREC_BUF_INIT;
	struct govrec_document_draft d;

	ck_assert_msg(read_with(&govrec_reader_odt, "office/extras.odt", &d, &err) == GOVREC_OK,
		      "%s", err.msg);
	passages_by(&d, &out);
	ck_assert_str_eq(out.data, ODT_EXTRAS_PASSAGES);
	ck_assert_str_eq(d.title, "CSC Meeting 35 notes (ODT)");
	ck_assert_str_eq(d.date, "2019-11-20");
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
	ck_assert_msg(strstr(out.data, "[Decisions] The CSC confirmed that SLA-2017-01") != NULL,
		      "%s", out.data);
	ck_assert_ptr_nonnull(strstr(out.data, "cat1.technical-checks.initial"));
	ck_assert_ptr_null(strstr(out.data, "will consider"));
	/* ICANN66 (Montreal) ran from 2 to 7 November 2019 */
	ck_assert_msg(strstr(out.data, "Next meeting: 5 November 2019 at ICANN66") != NULL, "%s",
		      out.data);
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
	{ "hostile/entity-bomb-footnotes.docx", &govrec_reader_docx,
	  "word/footnotes.xml line 2: declares a DOCTYPE, which is refused (entities and "
	  "external DTDs are never read)" },
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

/*
 * The tree of one part is bounded: nodes are counted as the parser makes
 * them (elements and text here, one more than the limit), and a part over
 * the byte limit is not parsed at all.
 */
START_TEST(test_xml_limits)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_buf x = GOVREC_BUF_INIT;
	xmlDocPtr doc = NULL;
	size_t i;

	govrec_buf_adds(&x, "<a>");
	for (i = 0; i < GOVREC_XML_MAX_NODES / 2; i++)
		govrec_buf_add(&x, "<b/>t", 5);
	govrec_buf_adds(&x, "</a>");
	ck_assert_int_eq(govrec_xml_parse(x.data, x.len, "word/document.xml", &doc, &err),
			 GOVREC_INVALID);
	ck_assert_ptr_null(doc);
	ck_assert_str_eq(err.msg, "word/document.xml has more than 2000000 elements, attributes "
				  "and text nodes, the limit of one XML part");

	govrec_error_clear(&err);
	govrec_buf_reset(&x);
	govrec_buf_adds(&x, "<a>");
	govrec_buf_setlen(&x, GOVREC_XML_MAX_PART + 1 - 4);
	memset(x.data + 3, ' ', x.len - 3);
	govrec_buf_adds(&x, "</a>");
	ck_assert_uint_eq(x.len, GOVREC_XML_MAX_PART + 1);
	ck_assert_int_eq(govrec_xml_parse(x.data, x.len, "content.xml", &doc, &err),
			 GOVREC_INVALID);
	ck_assert_str_eq(err.msg, "content.xml is larger than 32 MiB, the limit of one XML part");
	/* one byte less reaches the parser (which finds the cut part not well formed) */
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_xml_parse(x.data + 1, x.len - 1, "content.xml", &doc, &err),
			 GOVREC_INVALID);
	ck_assert_msg(strstr(err.msg, "limit") == NULL, "%s", err.msg);
	govrec_buf_release(&x);
}
END_TEST

static Suite *office_suite(void)
{
	Suite *s = suite_create("office");
	TCase *tc = tcase_create("readers");

	tcase_add_loop_test(tc, test_docx, 0, (int)(sizeof(docx_files) / sizeof(docx_files[0])));
	tcase_add_test(tc, test_docx_keeps_caller_fields);
	tcase_add_test(tc, test_docx_extras);
	tcase_add_test(tc, test_docx_text_box_forms);
	tcase_add_test(tc, test_docx_note_rules);
	tcase_add_test(tc, test_docx_comment_chain);
	tcase_add_test(tc, test_odt);
	tcase_add_test(tc, test_odt_extras);
	tcase_add_test(tc, test_demo_notes);
	tcase_add_test(tc, test_store_docx);
	tcase_add_test(tc, test_detect);
	tcase_add_loop_test(tc, test_hostile, 0, (int)(sizeof(hostile) / sizeof(hostile[0])));
	tcase_add_loop_test(tc, test_xml, 0, (int)(sizeof(xml_cases) / sizeof(xml_cases[0])));
	tcase_add_test(tc, test_xml_limits);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_main(office_suite());
}
