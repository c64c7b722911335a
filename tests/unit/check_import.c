/*
 * check_import.c - the text-format readers (ICANN transcripts, WebVTT, SRT,
 * Zoom and Adobe Connect chat, HTML, mbox), gzip, the extractor and the
 * import driver, on the fixtures of tests/data/import/: passage counts,
 * speakers, times, headings, titles and dates; the hostile fixtures refused
 * with messages that name the line or byte; whole folders stored once, a bad
 * file in a batch failing alone, --dry-run writing nothing.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "govrec/action.h"
#include "govrec/buf.h"
#include "govrec/document.h"
#include "govrec/extract.h"
#include "govrec/readers.h"
#include "govrec/archive.h"
#include "govrec/ingest.h"
#include "govrec/draft.h"
#include "govrec/meeting.h"
#include "govrec/person.h"
#include "testutil.h"
#include "testmain.h"

static void load(struct govrec_buf *b, const char *rel)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	char path[512];

	snprintf(path, sizeof(path), "%s/import/%s", TEST_DATA, rel);
	ck_assert_msg(govrec_buf_read_file(b, path, 0, &err) == GOVREC_OK, "%s", err.msg);
}

static const struct govrec_reader *reader(const char *name)
{
	const struct govrec_reader *r;

	for (r = govrec_readers; r->name; r++)
		if (strcmp(r->name, name) == 0)
			return r;
	ck_abort_msg("no reader %s", name);
	return NULL;
}

/* The reader the driver would pick for rel: the highest detect score. */
static const char *detected(const char *rel)
{
	struct govrec_buf b = GOVREC_BUF_INIT;
	const struct govrec_reader *r, *best = NULL;
	int score, top = 0;

	load(&b, rel);
	for (r = govrec_readers; r->name; r++)
		if ((score = r->detect((const unsigned char *)b.data, b.len, rel)) > top)
			top = score, best = r;
	govrec_buf_release(&b);
	return best ? best->name : "";
}

static enum govrec_status read_as(const char *name, const char *rel,
				  struct govrec_document_draft *d, struct govrec_error *err)
{
	struct govrec_buf b = GOVREC_BUF_INIT;
	enum govrec_status rc;

	load(&b, rel);
	govrec_draft_init(d);
	rc = reader(name)->read((const unsigned char *)b.data, b.len, rel, d, err);
	govrec_buf_release(&b);
	return rc;
}

static void read_ok(const char *name, const char *rel, struct govrec_document_draft *d)
{
	struct govrec_error err = GOVREC_ERROR_INIT;

	ck_assert_msg(read_as(name, rel, d, &err) == GOVREC_OK, "%s: %s", rel, err.msg);
}

#define SPEAKER(d, i) ((d)->passages[i].speaker ? (d)->passages[i].speaker : "")

static int any_body_has(const struct govrec_document_draft *d, const char *s)
{
	size_t i;

	for (i = 0; i < d->npassages; i++)
		if (strstr(d->passages[i].body, s))
			return 1;
	return 0;
}

START_TEST(test_detection)
{
	static const struct {
		const char *file, *reader;
	} cases[] = {
		{ "icann-public.txt", "icann-transcript" },
		{ "icann-teleconference.txt", "icann-transcript" },
		{ "zoom.vtt", "webvtt" },
		{ "teams.vtt", "webvtt" },
		{ "captions.srt", "srt" },
		{ "zoom-chat.txt", "zoom-chat" },
		{ "zoom-chat-tabs.txt", "zoom-chat" },
		{ "adobe-chat.txt", "adobe-connect-chat" },
		{ "notes.html", "html" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_msg(strcmp(detected(cases[i].file), cases[i].reader) == 0,
			      "%s detected as %s", cases[i].file, detected(cases[i].file));
}
END_TEST

START_TEST(test_transcript_public)
{
	struct govrec_document_draft d;
	static const char *const speakers[] = { "BYRON HOLLAND", "ELISE GERICH",
						"BYRON HOLLAND", "UNIDENTIFIED FEMALE",
						"BYRON HOLLAND", "JAY DALEY", "BYRON HOLLAND" };
	size_t i;

	/* the heading (title, date line, "ICANN60 | Abu Dhabi") is no passage */
	read_ok("icann-transcript", "icann-public.txt", &d);
	ck_assert_uint_eq(d.npassages, 7);
	for (i = 0; i < d.npassages; i++)
		ck_assert_str_eq(SPEAKER(&d, i), speakers[i]);
	ck_assert_str_eq(d.kind, "transcript");
	ck_assert_str_eq(d.date, "2017-11-02");
	ck_assert_str_eq(d.title, "ABU DHABI – Customer Standing Committee (CSC) Meeting");
	/* page furniture and the disclaimer are gone; markers stay */
	ck_assert(!any_body_has(&d, "Page 1 of 3"));
	ck_assert(!any_body_has(&d, "authoritative record"));
	ck_assert(!any_body_has(&d, "          EN"));
	ck_assert_ptr_nonnull(strstr(d.passages[1].body, "[inaudible]"));
	/* a turn that goes on after a page break is one passage */
	ck_assert_ptr_nonnull(strstr(d.passages[0].body, "First, the PTI performance"));
	ck_assert_ptr_nonnull(strstr(d.passages[4].body, "DECISION: The CSC will publish"));
	ck_assert_str_eq(d.passages[6].body, "Agreed. Thank you all for coming.");
	ck_assert_str_eq(d.layout, "public-meeting");
	govrec_draft_release(&d);
}
END_TEST

START_TEST(test_transcript_teleconference)
{
	struct govrec_document_draft d;
	static const char *const speakers[] = { "",           "Coordinator",    "Byron Holland",
						"Bart Boswinkel", "Kal Feher",  "",
						"Byron Holland", "Kal Feher",  "Elaine Pruis",
						"Byron Holland", "Coordinator" };
	size_t i;

	read_ok("icann-transcript", "icann-teleconference.txt", &d);
	ck_assert_uint_eq(d.npassages, 11);
	for (i = 0; i < d.npassages; i++)
		ck_assert_str_eq(SPEAKER(&d, i), speakers[i]);
	ck_assert_str_eq(d.date, "2017-08-17");
	ck_assert_str_eq(d.title, "Customer Standing Committee (CSC)");
	ck_assert_str_eq(d.layout, "teleconference");
	ck_assert(!any_body_has(&d, "ICANN Moderator"));
	ck_assert(!any_body_has(&d, "Confirmation #"));
	ck_assert(!any_body_has(&d, "Page 2"));
	/* ((Crosstalk)) alone is an event of its own, glued to no speaker's turn */
	ck_assert_str_eq(d.passages[4].body, "On the technical checks, I would like us to agree "
					     "to propose a change of the threshold.");
	ck_assert_str_eq(d.passages[5].body, "((Crosstalk))");
	ck_assert_int_eq(d.passages[3].start_ms, GOVREC_NO_TIME);
	govrec_draft_release(&d);
}
END_TEST

START_TEST(test_webvtt_zoom)
{
	struct govrec_document_draft d;

	read_ok("webvtt", "zoom.vtt", &d);
	ck_assert_uint_eq(d.npassages, 4);
	ck_assert_str_eq(d.kind, "captions");
	ck_assert_str_eq(d.media_type, "text/vtt");
	/* two cues of the same speaker merged: first start, last end */
	ck_assert_str_eq(SPEAKER(&d, 0), "Byron Holland");
	ck_assert_int_eq(d.passages[0].start_ms, 1000);
	ck_assert_int_eq(d.passages[0].end_ms, 8250);
	ck_assert_str_eq(d.passages[0].body,
			 "Welcome everybody to the CSC meeting number 52, on the 21st of July.");
	ck_assert_str_eq(d.passages[1].body,
			 "Thank you. PTI met all the SLAs & there were no complaints.");
	ck_assert_str_eq(SPEAKER(&d, 2), "Byron Holland");
	ck_assert_int_eq(d.passages[2].start_ms, 14100);
	ck_assert_ptr_null(d.passages[3].speaker);
	ck_assert_int_eq(d.passages[3].start_ms, 3723004);
	ck_assert_int_eq(d.passages[3].end_ms, 3725000);
	govrec_draft_release(&d);
}
END_TEST

START_TEST(test_webvtt_teams)
{
	struct govrec_document_draft d;

	read_ok("webvtt", "teams.vtt", &d);
	ck_assert_uint_eq(d.npassages, 2);
	ck_assert_str_eq(SPEAKER(&d, 0), "Lars-Johan Liman");
	ck_assert_int_eq(d.passages[0].start_ms, 520);
	ck_assert_int_eq(d.passages[0].end_ms, 7200);
	ck_assert_str_eq(d.passages[0].body, "Good afternoon, this is the CSC. Let's start with the "
					     "roll call <members first>.");
	ck_assert_str_eq(SPEAKER(&d, 1), "Ria Otanes");
	ck_assert_str_eq(d.passages[1].body, "Thank you, Liman. We have apologies from Jay.");
	govrec_draft_release(&d);
}
END_TEST

START_TEST(test_srt)
{
	struct govrec_document_draft d;

	read_ok("srt", "captions.srt", &d);
	ck_assert_uint_eq(d.npassages, 2);
	ck_assert_str_eq(SPEAKER(&d, 0), "Bart Boswinkel");
	ck_assert_int_eq(d.passages[0].start_ms, 1000);
	ck_assert_int_eq(d.passages[0].end_ms, 6000);
	ck_assert_str_eq(d.passages[0].body, "Good morning all. The agenda is on the wiki.");
	ck_assert_str_eq(SPEAKER(&d, 1), "Ria Otanes");
	ck_assert_int_eq(d.passages[1].end_ms, 9000);
	govrec_draft_release(&d);
}
END_TEST

static const struct {
	const char *reader, *file, *msg;
} bad_files[] = {
	/* WebVTT drops a bad cue and keeps the rest (check_webvtt.c): only the signature refuses */
	{ "webvtt", "hostile/no-signature.vtt", "line 1: no WEBVTT signature" },
	{ "srt", "hostile/bad-time.srt", "line 6: timestamp '00:00:0x,600' is malformed" },
	{ "text", "hostile/invalid-utf8.txt", "is not UTF-8 at byte 33" },
	{ "text", "hostile/nul.txt", "has a NUL byte at byte 31" },
	{ "icann-transcript", "hostile/invalid-utf8.txt", "is not UTF-8 at byte 33" },
	{ "zoom-chat", "hostile/nul.txt", "has a NUL byte at byte 31" },
	{ "html", "hostile/nul.txt", "has a NUL byte at byte 31" },
};

START_TEST(test_hostile)
{
	struct govrec_document_draft d;
	struct govrec_error err = GOVREC_ERROR_INIT;

	char got[GOVREC_ERROR_MAX], *offset;

	ck_assert_int_eq(read_as(bad_files[_i].reader, bad_files[_i].file, &d, &err),
			 GOVREC_INVALID);
	/* "at byte 33" and "at byte offset 33" say the same */
	snprintf(got, sizeof(got), "%s", err.msg);
	if ((offset = strstr(got, "at byte offset ")) != NULL)
		memmove(offset + 8, offset + 15, strlen(offset + 15) + 1);
	ck_assert_str_eq(got, bad_files[_i].msg);
	govrec_draft_release(&d);
}
END_TEST

START_TEST(test_huge_line)
{
	static const char *const readers[] = { "icann-transcript", "webvtt", "zoom-chat", "text" };
	struct govrec_buf b = GOVREC_BUF_INIT;
	struct govrec_document_draft d;
	struct govrec_error err = GOVREC_ERROR_INIT;
	size_t i;

	govrec_buf_adds(&b, "WEBVTT\n\n");
	for (i = 0; i < (1u << 20) + 10; i++)
		govrec_buf_addch(&b, 'a');
	govrec_buf_adds(&b, "\n");
	for (i = 0; i < 4; i++) {
		govrec_error_clear(&err);
		govrec_draft_init(&d);
		ck_assert_int_eq(reader(readers[i])->read((const unsigned char *)b.data, b.len, "x",
							  &d, &err),
				 GOVREC_INVALID);
		ck_assert_str_eq(err.msg, "line 3 is longer than 1048576 bytes");
		govrec_draft_release(&d);
	}
	govrec_buf_release(&b);
}
END_TEST

START_TEST(test_zoom_chat)
{
	struct govrec_document_draft d;

	read_ok("zoom-chat", "zoom-chat.txt", &d);
	ck_assert_uint_eq(d.npassages, 6);
	ck_assert_str_eq(d.kind, "chat");
	ck_assert_str_eq(SPEAKER(&d, 0), "Ria Otanes");
	ck_assert_int_eq(d.passages[0].start_ms, (13 * 3600 + 41) * 1000);
	ck_assert_str_eq(d.passages[3].body,
			 "The IDN tables SLA went live on 1 December.\nData collection has started.");
	ck_assert_str_eq(SPEAKER(&d, 4), "Kal Feher");
	ck_assert_str_eq(d.passages[4].body, "thanks");
	govrec_draft_release(&d);

	read_ok("zoom-chat", "zoom-chat-tabs.txt", &d);
	ck_assert_uint_eq(d.npassages, 3);
	ck_assert_str_eq(SPEAKER(&d, 1), "Byron Holland");
	ck_assert_int_eq(d.passages[1].start_ms, 195000);
	ck_assert_str_eq(d.passages[2].body, "Report: https://www.iana.org/performance/csc-reports/"
					     "202106\nthe second line of it");
	govrec_draft_release(&d);
}
END_TEST

START_TEST(test_adobe_chat)
{
	struct govrec_document_draft d;

	read_ok("adobe-connect-chat", "adobe-chat.txt", &d);
	ck_assert_uint_eq(d.npassages, 5);
	ck_assert_str_eq(SPEAKER(&d, 0), "Ria Otanes");
	ck_assert_str_eq(SPEAKER(&d, 3), "Elaine Pruis");
	ck_assert_str_eq(d.passages[1].body, "hello all");
	ck_assert_int_eq(d.passages[1].start_ms, GOVREC_NO_TIME);
	govrec_draft_release(&d);
}
END_TEST

START_TEST(test_html)
{
	struct govrec_document_draft d;

	read_ok("html", "notes.html", &d);
	ck_assert_str_eq(d.title, "CSC Meeting 36: Notes and Action Items");
	ck_assert_uint_eq(d.npassages, 7);
	ck_assert_str_eq(d.passages[0].heading, "CSC Meeting 36");
	ck_assert_str_eq(d.passages[1].heading, "CSC Meeting 36 / PTI performance");
	ck_assert_str_eq(d.passages[1].body,
			 "PTI met all thresholds in November & the CSC rated the month Excellent.");
	ck_assert_str_eq(d.passages[2].body, "Metric | Result");
	ck_assert_str_eq(d.passages[3].body, "cat1.technical-checks.initial | met");
	ck_assert_str_eq(d.passages[4].heading, "CSC Meeting 36 / Action items");
	ck_assert_str_eq(d.passages[6].heading, "CSC Meeting 36 / Action items / Decisions");
	ck_assert(!any_body_has(&d, "tracker"));
	ck_assert(!any_body_has(&d, "color"));
	govrec_draft_release(&d);
}
END_TEST

struct mail {
	struct govrec_document_draft d[8];
	char err[8][GOVREC_ERROR_MAX];
	size_t n;
};

static int keep_mail(struct govrec_document_draft *d, size_t index,
		     const struct govrec_error *perr, void *ctx)
{
	struct mail *m = ctx;
	size_t i = m->n++, k;

	ck_assert_uint_eq(index, m->n);
	govrec_draft_init(&m->d[i]);
	if (perr) {
		snprintf(m->err[i], sizeof(m->err[i]), "%s", perr->msg);
		return 0;
	}
	/* take the draft over: the reader releases what it passed */
	m->d[i] = *d;
	m->d[i].passages = NULL;
	m->d[i].npassages = m->d[i].cap = 0;
	m->d[i].kind = strdup(d->kind);
	m->d[i].title = strdup(d->title);
	m->d[i].date = d->date ? strdup(d->date) : NULL;
	m->d[i].media_type = strdup(d->media_type);
	m->d[i].meta = strdup(d->meta);
	m->d[i].file_name = NULL;
	m->d[i].review = m->d[i].section = NULL;
	m->d[i].warnings = NULL;
	m->d[i].nwarnings = 0;
	for (k = 0; k < d->nwarnings; k++)
		govrec_draft_warn(&m->d[i], "%s", d->warnings[k]);
	govrec_draft_add(&m->d[i], d->passages[0].speaker, GOVREC_NO_TIME, GOVREC_NO_TIME, NULL,
			 d->passages[0].body);
	return 0;
}

static void mail_release(struct mail *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		govrec_draft_release(&m->d[i]);
}

START_TEST(test_mbox)
{
	struct govrec_buf b = GOVREC_BUF_INIT;
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct mail m;

	memset(&m, 0, sizeof(m));
	load(&b, "csc-list.mbox");
	ck_assert_int_eq(govrec_read_mbox((const unsigned char *)b.data, b.len, "csc-list.mbox",
					  keep_mail, &m, &err),
			 GOVREC_OK);
	ck_assert_uint_eq(m.n, 4);
	ck_assert_str_eq(m.d[0].kind, "email");
	ck_assert_str_eq(m.d[0].title, "[CSC] Findings on PTI performance, September 2019");
	ck_assert_str_eq(m.d[0].date, "2019-10-15");
	ck_assert_str_eq(m.d[0].passages[0].speaker, "Byron Holland");
	ck_assert_ptr_nonnull(strstr(m.d[0].passages[0].body, "Byron Holland — Chair CSC"));
	ck_assert_ptr_nonnull(strstr(m.d[0].meta, "\"message_id\": \"<20191015150211.A1@example.org>\""));
	/* RFC 2047 subject and a quoted-printable latin-1 body, converted */
	ck_assert_str_eq(m.d[1].title, "Re: [CSC] Réunion de novembre");
	ck_assert_str_eq(m.d[1].passages[0].speaker, "Bart Boswinkel");
	ck_assert_ptr_nonnull(strstr(m.d[1].passages[0].body,
				     "The réunion in Montréal is confirmed for the 20th"));
	ck_assert_ptr_nonnull(strstr(m.d[1].meta,
				     "\"in_reply_to\": \"<20191015150211.A1@example.org>\""));
	/* multipart: the base64 text/plain part, not the html, not the attachment */
	ck_assert_str_eq(m.d[2].passages[0].body, "Hello all,\n\nThe SLA-2019-03 public comment "
						  "has closed. Staff report to follow.\n\nRia");
	/* html only: its text */
	ck_assert_str_eq(m.d[3].passages[0].body,
			 "The IDN tables SLA went live on 1 December.\n\nDECISION: none needed.");
	mail_release(&m);

	/* an unknown charset fails that message only */
	memset(&m, 0, sizeof(m));
	govrec_buf_reset(&b);
	load(&b, "hostile/unknown-charset.mbox");
	ck_assert_int_eq(govrec_read_mbox((const unsigned char *)b.data, b.len, "x", keep_mail, &m,
					  &err),
			 GOVREC_OK);
	ck_assert_uint_eq(m.n, 2);
	ck_assert_str_eq(m.err[0], "");
	ck_assert_uint_eq(m.d[0].nwarnings, 0);
	/* an unknown charset: read as windows-1252, with a warning, never refused */
	ck_assert_str_eq(m.err[1], "");
	ck_assert_str_eq(m.d[1].passages[0].body,
			 "Dear Byron,\n\nThe findings are published. The réunion in Montréal is "
			 "confirmed for the 20th of November.\n\nBart");
	ck_assert_uint_eq(m.d[1].nwarnings, 1);
	ck_assert_str_eq(m.d[1].warnings[0], "the body declares the unknown charset "
					     "'x-no-such-charset': read as windows-1252");
	mail_release(&m);

	/* 8 bits and no charset (Outlook), HTML only with headings, a bad byte in UTF-8 */
	memset(&m, 0, sizeof(m));
	govrec_buf_reset(&b);
	load(&b, "mail-8bit.mbox");
	ck_assert_int_eq(govrec_read_mbox((const unsigned char *)b.data, b.len, "x", keep_mail, &m,
					  &err),
			 GOVREC_OK);
	ck_assert_uint_eq(m.n, 3);
	ck_assert_str_eq(m.err[0], "");
	ck_assert_str_eq(m.d[0].passages[0].body,
			 "Dear all,\r\n\r\nThe agenda for the “January” call is on the wiki – "
			 "PTI’s report first.\r\nThe résumé of costs (€\u00a01,200) follows.\r\n\r\nNaela");
	ck_assert_uint_eq(m.d[0].nwarnings, 1);
	ck_assert_str_eq(m.d[0].warnings[0], "the body declares no charset and is not UTF-8 at "
					     "byte offset 32: read as windows-1252");
	ck_assert_str_eq(m.d[1].passages[0].body,
			 "CSC Meeting 37\n\nAttendees\n\nByron Holland, Ria Otanes\n\nDecisions\n\n"
			 "DECISION: the CSC approves the SLA change.");
	ck_assert_uint_eq(m.d[1].nwarnings, 0);
	ck_assert_str_eq(m.d[2].passages[0].body,
			 "Thanks Ria — one cut byte: caf\xef\xbf\xbd and the rest is fine.");
	ck_assert_str_eq(m.d[2].warnings[0], "the body is not UTF-8 at byte offset 32: the bad "
					     "bytes read as U+FFFD");
	mail_release(&m);
	govrec_buf_release(&b);
}
END_TEST

START_TEST(test_gunzip)
{
	struct govrec_buf gz = GOVREC_BUF_INIT, plain = GOVREC_BUF_INIT, out = GOVREC_BUF_INIT;
	struct govrec_import_limits l;
	struct govrec_error err = GOVREC_ERROR_INIT;

	govrec_import_limits_default(&l);
	load(&gz, "csc-list.mbox.gz");
	load(&plain, "csc-list.mbox");
	ck_assert_int_eq(govrec_gunzip(gz.data, gz.len, &l, &out, &err), GOVREC_OK);
	ck_assert_uint_eq(out.len, plain.len);
	ck_assert(memcmp(out.data, plain.data, plain.len) == 0);

	govrec_buf_reset(&out);
	l.max_expanded = 1000;
	ck_assert_int_eq(govrec_gunzip(gz.data, gz.len, &l, &out, &err), GOVREC_INVALID);
	ck_assert_str_eq(err.msg, "expands to more than the limit of 1000 bytes");
	ck_assert_uint_eq(out.len, 0);

	govrec_buf_reset(&gz);
	govrec_error_clear(&err);
	govrec_import_limits_default(&l);
	load(&gz, "hostile/truncated.mbox.gz");
	ck_assert_int_eq(govrec_gunzip(gz.data, gz.len, &l, &out, &err), GOVREC_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "gzip"));
	govrec_buf_release(&gz);
	govrec_buf_release(&plain);
	govrec_buf_release(&out);
}
END_TEST

START_TEST(test_extract)
{
	static const char *const ids[] = { "cat1.technical-checks.initial" };
	static const char *const names[] = { "technical checks initial" };
	struct govrec_extractor *x;
	struct govrec_document_draft d;
	struct govrec_findings f = { NULL, 0, 0 };
	struct govrec_error err = GOVREC_ERROR_INIT;

	ck_assert_int_eq(govrec_extractor_new(ids, names, 1, &x, &err), GOVREC_OK);
	govrec_draft_init(&d);
	govrec_draft_add(&d, "Byron Holland", GOVREC_NO_TIME, GOVREC_NO_TIME, NULL,
			 "Good. DECISION: The CSC rates September as Excellent. Action item 1 34 "
			 "2019: Bart Boswinkel to circulate the draft by 22 October 2019. Action "
			 "item 02 34 2019 - PTI to report on SLA-2019-01.");
	govrec_draft_add(&d, NULL, GOVREC_NO_TIME, GOVREC_NO_TIME, NULL,
			 "AI: send the invitation (Owner: Ria Otanes) due 2019-11-01\n"
			 "AGREED: keep the technical checks initial threshold\n"
			 "cat1.technical-checks.retest and SLA-2019-01 and SLA-2019-01 again");
	govrec_draft_add(&d, NULL, GOVREC_NO_TIME, GOVREC_NO_TIME, NULL,
			 "the next action item is unrelated; ai: lower case is not one");
	ck_assert_int_eq(govrec_extract(x, &d, &f, &err), GOVREC_OK);
	ck_assert_uint_eq(govrec_findings_count(&f, GOVREC_FOUND_ACTION), 3);
	ck_assert_uint_eq(govrec_findings_count(&f, GOVREC_FOUND_DECISION), 2);
	ck_assert_uint_eq(govrec_findings_count(&f, GOVREC_FOUND_PROPOSAL), 2);
	ck_assert_uint_eq(govrec_findings_count(&f, GOVREC_FOUND_METRIC), 2);

	ck_assert_int_eq(f.items[0].kind, GOVREC_FOUND_ACTION);
	ck_assert_str_eq(f.items[0].ref, "01 34 2019");
	ck_assert_str_eq(f.items[0].owner, "Bart Boswinkel");
	ck_assert_str_eq(f.items[0].due, "2019-10-22");
	ck_assert_str_eq(f.items[0].text,
			 "Bart Boswinkel to circulate the draft by 22 October 2019.");
	ck_assert_str_eq(f.items[1].ref, "02 34 2019");
	ck_assert_str_eq(f.items[1].owner, "PTI");
	ck_assert_ptr_null(f.items[1].due);
	ck_assert_int_eq(f.items[2].kind, GOVREC_FOUND_DECISION);
	ck_assert_str_eq(f.items[2].text, "The CSC rates September as Excellent.");
	ck_assert_int_eq(f.items[3].kind, GOVREC_FOUND_PROPOSAL);
	ck_assert_str_eq(f.items[3].ref, "SLA-2019-01");
	ck_assert_int_eq(f.items[4].kind, GOVREC_FOUND_ACTION);
	ck_assert_ptr_null(f.items[4].ref);
	ck_assert_str_eq(f.items[4].owner, "Ria Otanes");
	ck_assert_str_eq(f.items[4].due, "2019-11-01");
	ck_assert_uint_eq(f.items[4].passage, 1);
	ck_assert_str_eq(f.items[5].text, "keep the technical checks initial threshold");
	ck_assert_str_eq(f.items[7].ref, "cat1.technical-checks.retest");
	/* found by its name in the catalog */
	ck_assert_str_eq(f.items[8].ref, "cat1.technical-checks.initial");
	govrec_findings_release(&f);
	govrec_draft_release(&d);
	govrec_extractor_free(x);
}
END_TEST

/* The import driver against a fresh archive. */
struct tally {
	size_t stored, skipped, failed;
	char failures[4][GOVREC_ERROR_MAX];
	char unresolved[256];
};

static void tally(const struct govrec_import_file *f, void *ctx)
{
	struct tally *t = ctx;
	size_t i;

	if (f->outcome == GOVREC_IMPORT_FAILED) {
		if (t->failed < 4)
			snprintf(t->failures[t->failed], GOVREC_ERROR_MAX, "%s", f->err->msg);
		t->failed++;
	}
	t->stored += f->outcome == GOVREC_IMPORT_STORED;
	t->skipped += f->outcome == GOVREC_IMPORT_SKIPPED;
	for (i = 0; i < f->nunresolved; i++) {
		size_t used = strlen(t->unresolved), n = strlen(f->unresolved[i]);

		if (used + n + 2 > sizeof(t->unresolved))
			break;
		memcpy(t->unresolved + used, f->unresolved[i], n);
		memcpy(t->unresolved + used + n, ";", 2);
	}
}

static int64_t count(struct govrec_store *st, const char *sql)
{
	int64_t n = -1;

	ck_assert_int_eq(govrec_sql_int(st, NULL, &n, sql, ""), GOVREC_OK);
	return n;
}

static void setup_people(struct govrec_store *st)
{
	static const char *const bh[] = { "BYRON HOLLAND" };
	struct govrec_meeting_new m = { 34, "2019-10-15", "13:00", NULL, NULL, NULL, 0 };
	int64_t id;

	ck_assert_int_eq(govrec_person_add(st, "Byron Holland", bh, 1, NULL, &id, NULL),
			 GOVREC_OK);
	ck_assert_int_eq(govrec_person_add(st, "Bart Boswinkel", NULL, 0, NULL, &id, NULL),
			 GOVREC_OK);
	ck_assert_int_eq(govrec_meeting_add(st, &m, NULL), GOVREC_OK);
}

START_TEST(test_driver_folder)
{
	struct govrec_store *st = test_store_new();
	struct govrec_import_options o;
	struct govrec_import_summary s;
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct tally t;
	char dir[512];
	const char *paths[1] = { dir };

	setup_people(st);
	snprintf(dir, sizeof(dir), "%s/../../records/demo/meeting-34", TEST_DATA);
	memset(&o, 0, sizeof(o));
	memset(&t, 0, sizeof(t));
	govrec_import_limits_default(&o.limits);
	o.meeting = 34;
	o.report = tally;
	o.ctx = &t;
	ck_assert_int_eq(govrec_import_paths(st, paths, 1, &o, &s, &err), GOVREC_OK);
	ck_assert_msg(s.failed == 0, "%s", t.failures[0]);
	ck_assert_uint_eq(s.stored, 4);
	ck_assert_uint_eq(t.stored, 4);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM document WHERE meeting_id IS NOT NULL"),
			 4);
	/* speakers resolved through aliases, also the surname and the capitals */
	ck_assert_int_eq(count(st, "SELECT count(*) FROM passage WHERE speaker = 'Byron Holland' "
				   "AND person_id IS NULL"),
			 0);
	ck_assert_int_gt(count(st, "SELECT count(*) FROM passage p JOIN person x ON "
				   "x.id = p.person_id WHERE x.name = 'Bart Boswinkel'"),
			 0);
	ck_assert_ptr_nonnull(strstr(t.unresolved, "Naela Sarras;"));
	ck_assert_ptr_null(strstr(t.unresolved, "Byron Holland;"));
	ck_assert_int_eq(count(st, "SELECT count(*) FROM action_item WHERE ref = '01 34 2019'"), 1);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM action_item WHERE ref = '03 34 2019' AND "
				   "due = '2019-10-22' AND owner_id IS NOT NULL"),
			 1);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM decision"), 1);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM link WHERE rel = 'discussed-at' AND "
				   "to_kind = 'meeting' AND to_id = '34'"),
			 1);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM document WHERE date = '2019-10-15'"), 4);

	/* the same bytes again: nothing new */
	memset(&t, 0, sizeof(t));
	ck_assert_int_eq(govrec_import_paths(st, paths, 1, &o, &s, &err), GOVREC_OK);
	ck_assert_uint_eq(s.stored, 0);
	ck_assert_uint_eq(s.skipped, 4);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM document"), 4);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM action_item"), 5);
	test_store_free(st);
}
END_TEST

static void copy(const char *rel, const char *to)
{
	struct govrec_buf b = GOVREC_BUF_INIT;
	FILE *f;

	load(&b, rel);
	f = fopen(to, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(b.data, 1, b.len, f), b.len);
	fclose(f);
	govrec_buf_release(&b);
}

START_TEST(test_driver_bad_file_in_batch)
{
	struct govrec_store *st = test_store_new();
	struct govrec_import_options o;
	struct govrec_import_summary s;
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct tally t;
	char a[600], b[600], c[600], dir[512];
	const char *paths[1] = { dir };

	snprintf(dir, sizeof(dir), "%s/batch", test_dir());
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	snprintf(a, sizeof(a), "%s/1-chat.txt", dir);
	snprintf(b, sizeof(b), "%s/2-bad.vtt", dir);
	snprintf(c, sizeof(c), "%s/3-captions.srt", dir);
	copy("zoom-chat.txt", a);
	copy("hostile/no-millis.vtt", b);
	copy("captions.srt", c);
	memset(&o, 0, sizeof(o));
	memset(&t, 0, sizeof(t));
	govrec_import_limits_default(&o.limits);
	o.report = tally;
	o.ctx = &t;
	ck_assert_int_eq(govrec_import_paths(st, paths, 1, &o, &s, &err), GOVREC_OK);
	ck_assert_uint_eq(s.stored, 2);
	ck_assert_uint_eq(s.failed, 1);
	ck_assert_int_eq(s.worst, GOVREC_INVALID);
	ck_assert_msg(strstr(t.failures[0], "cannot store '") &&
			      strstr(t.failures[0], "2-bad.vtt': has no text to archive"),
		      "%s", t.failures[0]);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM document"), 2);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM document WHERE file_name = '2-bad.vtt'"),
			 0);

	/* --dry-run reads everything and writes nothing */
	{
		int64_t audit = count(st, "SELECT count(*) FROM audit");

		snprintf(dir, sizeof(dir), "%s/import", TEST_DATA);
		o.dry_run = 1;
		memset(&t, 0, sizeof(t));
		ck_assert_int_eq(govrec_import_paths(st, paths, 1, &o, &s, &err), GOVREC_OK);
		ck_assert_uint_eq(s.stored, 0);
		ck_assert_uint_gt(s.parsed, 10);
		ck_assert_uint_gt(s.failed, 5); /* the hostile fixtures */
		ck_assert_int_eq(count(st, "SELECT count(*) FROM document"), 2);
		ck_assert_int_eq(count(st, "SELECT count(*) FROM audit"), audit);
	}
	test_store_free(st);
}
END_TEST

/*
 * A .tar.gz is walked with the archive limits (per entry, the whole
 * expanded), not first gunzipped whole as one file: a tar that is larger
 * than max_file imports when each entry is within it.
 */
START_TEST(test_driver_tar_gz)
{
	struct govrec_store *st = test_store_new();
	struct govrec_import_options o;
	struct govrec_import_summary s;
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct tally t;
	char dir[512], cmd[2048], tgz[600];
	const char *paths[1] = { tgz };
	struct stat sb;

	snprintf(dir, sizeof(dir), "%s/tgz", test_dir());
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	snprintf(cmd, sizeof(cmd), "%s/chat.txt", dir);
	copy("zoom-chat.txt", cmd);
	snprintf(cmd, sizeof(cmd), "%s/captions.srt", dir);
	copy("captions.srt", cmd);
	snprintf(tgz, sizeof(tgz), "%s/both.tar.gz", test_dir());
	snprintf(cmd, sizeof(cmd), "tar -C '%s' -czf '%s' chat.txt captions.srt", dir, tgz);
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_int_eq(stat(tgz, &sb), 0);
	memset(&o, 0, sizeof(o));
	memset(&t, 0, sizeof(t));
	govrec_import_limits_default(&o.limits);
	/* above each entry and the .tar.gz, below the tar (10 KiB of blocks at least) */
	o.limits.max_file = 4096;
	ck_assert_int_lt(sb.st_size, 4096);
	o.report = tally;
	o.ctx = &t;
	ck_assert_int_eq(govrec_import_paths(st, paths, 1, &o, &s, &err), GOVREC_OK);
	ck_assert_msg(s.failed == 0, "%s", t.failures[0]);
	ck_assert_uint_eq(s.stored, 2);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM document"), 2);
	test_store_free(st);
}
END_TEST

/* The progress callback's calls, for test_driver_progress_within. */
struct steps {
	uint64_t done[64];
	size_t n;
	uint64_t total;
};

static void record_progress(uint64_t done, uint64_t total, void *ctx)
{
	struct steps *p = ctx;

	if (p->n < 64)
		p->done[p->n++] = done;
	p->total = total;
}

/*
 * Progress moves within one file: an mbox reports after each message, not
 * only when the whole file is done; plain and gzip-compressed alike, in
 * bytes of the file on disk, never going back.
 */
START_TEST(test_driver_progress_within)
{
	static const char *const files[] = { "csc-list.mbox", "csc-list.mbox.gz" };
	size_t f, i, inside;

	for (f = 0; f < 2; f++) {
		struct govrec_store *st = test_store_new();
		struct govrec_import_options o;
		struct govrec_import_summary s;
		struct govrec_error err = GOVREC_ERROR_INIT;
		struct steps p;
		char path[512];
		const char *paths[1] = { path };
		struct stat sb;

		snprintf(path, sizeof(path), "%s/import/%s", TEST_DATA, files[f]);
		ck_assert_int_eq(stat(path, &sb), 0);
		memset(&o, 0, sizeof(o));
		memset(&p, 0, sizeof(p));
		govrec_import_limits_default(&o.limits);
		o.progress = record_progress;
		o.ctx = &p;
		o.dry_run = 1;
		ck_assert_int_eq(govrec_import_paths(st, paths, 1, &o, &s, &err), GOVREC_OK);
		ck_assert_uint_eq(p.total, (uint64_t)sb.st_size);
		ck_assert_uint_gt(p.n, 1);
		ck_assert_uint_eq(p.done[p.n - 1], p.total);
		for (i = 1, inside = 0; i < p.n; i++) {
			ck_assert_uint_ge(p.done[i], p.done[i - 1]);
			inside += p.done[i - 1] > 0 && p.done[i - 1] < p.total;
		}
		ck_assert_msg(inside >= 2, "%s: %zu steps inside the file", files[f], inside);
		test_store_free(st);
	}
}
END_TEST

START_TEST(test_driver_options)
{
	struct govrec_store *st = test_store_new();
	struct govrec_import_options o;
	struct govrec_import_summary s;
	struct govrec_error err = GOVREC_ERROR_INIT;
	char path[512];
	const char *paths[1] = { path };

	memset(&o, 0, sizeof(o));
	govrec_import_limits_default(&o.limits);
	snprintf(path, sizeof(path), "%s/import/zoom.vtt", TEST_DATA);
	o.meeting = 99;
	ck_assert_int_eq(govrec_import_paths(st, paths, 1, &o, &s, &err), GOVREC_NOTFOUND);
	ck_assert_str_eq(err.msg, "no meeting 99");
	govrec_error_clear(&err);
	o.meeting = 0;
	o.kind = "podcast";
	ck_assert_int_eq(govrec_import_paths(st, paths, 1, &o, &s, &err), GOVREC_INVALID);
	govrec_error_clear(&err);
	o.kind = "minutes";
	o.title = "Zoom captions, meeting 52";
	o.date = "2021-07-21";
	o.limits.max_file = 100;
	ck_assert_int_eq(govrec_import_paths(st, paths, 1, &o, &s, &err), GOVREC_OK);
	ck_assert_uint_eq(s.failed, 1);
	o.limits.max_file = (size_t)256 << 20;
	ck_assert_int_eq(govrec_import_paths(st, paths, 1, &o, &s, &err), GOVREC_OK);
	ck_assert_uint_eq(s.stored, 1);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM document WHERE kind = 'minutes' AND "
				   "title = 'Zoom captions, meeting 52' AND date = '2021-07-21' "
				   "AND importer = 'webvtt'"),
			 1);
	test_store_free(st);
}
END_TEST

START_TEST(test_speaker_resolution)
{
	struct govrec_store *st = test_store_new();
	struct govrec_import_options o;
	struct govrec_import_summary s;
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct tally t;
	char path[600];
	const char *paths[1] = { path };
	FILE *f;

	setup_people(st);
	snprintf(path, sizeof(path), "%s/chat.txt", test_dir());
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("13:00:01 From BYRON HOLLAND to Everyone: capitals\n"
	      "13:00:02 From byron holland to Everyone: lower case\n"
	      "13:00:03 From Boswinkel to Everyone: the surname\n"
	      "13:00:04 From Someone Else to Everyone: nobody known\n",
	      f);
	fclose(f);
	memset(&o, 0, sizeof(o));
	memset(&t, 0, sizeof(t));
	govrec_import_limits_default(&o.limits);
	o.report = tally;
	o.ctx = &t;
	ck_assert_int_eq(govrec_import_paths(st, paths, 1, &o, &s, &err), GOVREC_OK);
	ck_assert_uint_eq(s.stored, 1);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM passage p JOIN person x ON x.id = "
				   "p.person_id WHERE x.name = 'Byron Holland'"),
			 2);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM passage p JOIN person x ON x.id = "
				   "p.person_id WHERE x.name = 'Bart Boswinkel' AND "
				   "p.speaker = 'Boswinkel'"),
			 1);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM passage WHERE person_id IS NULL AND "
				   "speaker = 'Someone Else'"),
			 1);
	ck_assert_str_eq(t.unresolved, "Someone Else;");

	/* every column of a stored passage, times where the source has them and NULL where not */
	snprintf(path, sizeof(path), "%s/cues.vtt", test_dir());
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("WEBVTT\n\n00:00:01.500 --> 00:00:04.000\nByron Holland: timed\n", f);
	fclose(f);
	snprintf(path + strlen(path) - 3, 4, "txt");
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("An untimed paragraph.\n", f);
	fclose(f);
	snprintf(path + strlen(path) - 3, 4, "vtt");
	ck_assert_int_eq(govrec_import_paths(st, paths, 1, &o, &s, &err), GOVREC_OK);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM passage p JOIN person x ON x.id = "
				   "p.person_id WHERE p.seq = 1 AND p.start_ms = 1500 AND "
				   "p.end_ms = 4000 AND p.body = 'timed' AND p.heading IS NULL"),
			 1);
	snprintf(path + strlen(path) - 3, 4, "txt");
	ck_assert_int_eq(govrec_import_paths(st, paths, 1, &o, &s, &err), GOVREC_OK);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM passage WHERE body = 'An untimed "
				   "paragraph.' AND seq = 1 AND start_ms IS NULL AND end_ms IS NULL "
				   "AND speaker IS NULL AND person_id IS NULL"),
			 1);
	test_store_free(st);
}
END_TEST

static int count_actions(const struct govrec_action *a, void *ctx)
{
	(*(int *)ctx)++;
	return 0;
}

START_TEST(test_action_close)
{
	struct govrec_store *st = test_store_new();
	struct govrec_meeting_new m33 = { 33, "2019-09-17", NULL, NULL, NULL, NULL, 0 };
	struct govrec_meeting_new m35 = { 35, "2019-11-20", NULL, NULL, NULL, NULL, 0 };
	struct govrec_import_options o;
	struct govrec_import_summary s;
	struct govrec_error err = GOVREC_ERROR_INIT;
	char path[512];
	const char *paths[1] = { path };
	int64_t id;
	int n = 0;

	setup_people(st);
	ck_assert_int_eq(govrec_meeting_add(st, &m33, NULL), GOVREC_OK);
	ck_assert_int_eq(govrec_meeting_add(st, &m35, NULL), GOVREC_OK);
	memset(&o, 0, sizeof(o));
	govrec_import_limits_default(&o.limits);
	o.meeting = 34;
	snprintf(path, sizeof(path), "%s/../../records/demo/meeting-34/csc-meeting-34-transcript.txt",
		 TEST_DATA);
	ck_assert_int_eq(govrec_import_paths(st, paths, 1, &o, &s, &err), GOVREC_OK);
	ck_assert_uint_eq(s.stored, 1);
	ck_assert_int_eq(govrec_action_each(st, 1, 0, count_actions, &n, &err), GOVREC_OK);
	ck_assert_int_eq(n, 4);
	ck_assert_int_eq(govrec_action_find(st, "01-34-2019", &id, &err), GOVREC_OK);
	ck_assert_int_eq(govrec_action_close(st, id, 33, &err), GOVREC_REFUSED);
	ck_assert_str_eq(err.msg, "action item 1 was raised at meeting 34 and cannot be closed "
				  "at the earlier meeting 33");
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_action_close(st, id, 35, &err), GOVREC_OK);
	ck_assert_int_eq(govrec_action_close(st, id, 35, &err), GOVREC_REFUSED);
	ck_assert_str_eq(err.msg, "action item 1 is already closed");
	govrec_error_clear(&err);
	n = 0;
	ck_assert_int_eq(govrec_action_each(st, 1, 0, count_actions, &n, &err), GOVREC_OK);
	ck_assert_int_eq(n, 3);
	ck_assert_int_eq(govrec_action_find(st, "09 99 2019", &id, &err), GOVREC_NOTFOUND);
	ck_assert_str_eq(err.msg, "no action item '09 99 2019'");
	test_store_free(st);
}
END_TEST

static Suite *import_suite(void)
{
	Suite *s = suite_create("import");
	TCase *readers = tcase_create("readers");
	TCase *driver = tcase_create("driver");

	tcase_add_test(readers, test_detection);
	tcase_add_test(readers, test_transcript_public);
	tcase_add_test(readers, test_transcript_teleconference);
	tcase_add_test(readers, test_webvtt_zoom);
	tcase_add_test(readers, test_webvtt_teams);
	tcase_add_test(readers, test_srt);
	tcase_add_loop_test(readers, test_hostile, 0,
			    (int)(sizeof(bad_files) / sizeof(bad_files[0])));
	tcase_add_test(readers, test_huge_line);
	tcase_add_test(readers, test_zoom_chat);
	tcase_add_test(readers, test_adobe_chat);
	tcase_add_test(readers, test_html);
	tcase_add_test(readers, test_mbox);
	tcase_add_test(readers, test_gunzip);
	tcase_add_test(readers, test_extract);
	suite_add_tcase(s, readers);
	tcase_add_test(driver, test_driver_folder);
	tcase_add_test(driver, test_driver_bad_file_in_batch);
	tcase_add_test(driver, test_driver_tar_gz);
	tcase_add_test(driver, test_driver_progress_within);
	tcase_add_test(driver, test_driver_options);
	tcase_add_test(driver, test_action_close);
	tcase_add_test(driver, test_speaker_resolution);
	suite_add_tcase(s, driver);
	return s;
}

int main(void)
{
	return test_main(import_suite());
}
