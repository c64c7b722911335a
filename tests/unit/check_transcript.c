/*
 * check_transcript.c - the transcript reader in every ICANN layout, on the
 * fixtures of tests/data/transcripts/: each FILE.txt is read by the reader
 * the import driver would pick, and the whole result (layout, title, date,
 * meta, and every passage with its speaker, time and text) must be exactly
 * FILE.expected.  Then what the fixtures cannot show: each layout alone,
 * a forced layout, an unknown one, Zoom chat left to its reader.
 *
 * GOVREC_WRITE_EXPECTED=1 writes FILE.actual next to a fixture that
 * differs, to read with diff.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "govrec/buf.h"
#include "govrec/draft.h"
#include "govrec/readers.h"
#include "govrec/transcript.h"
#include "testmain.h"

static void load(struct govrec_buf *b, const char *path)
{
	struct govrec_error err = GOVREC_ERROR_INIT;

	ck_assert_msg(govrec_buf_read_file(b, path, 0, &err) == GOVREC_OK, "%s", err.msg);
}

static const struct govrec_reader *best_reader(const struct govrec_buf *b, const char *name)
{
	const struct govrec_reader *r, *best = NULL;
	int score, top = 0;

	for (r = govrec_readers; r->name; r++)
		if ((score = r->detect((const unsigned char *)b->data, b->len, name)) > top)
			top = score, best = r;
	ck_assert_ptr_nonnull(best);
	return best;
}

static const struct govrec_reader *named(const char *name)
{
	const struct govrec_reader *r;

	for (r = govrec_readers; r->name; r++)
		if (strcmp(r->name, name) == 0)
			return r;
	ck_abort_msg("no reader %s", name);
	return NULL;
}

/* The draft as the .expected files write it. */
static void render(const struct govrec_document_draft *d, const char *reader,
                   struct govrec_buf *out)
{
	size_t i;

	govrec_buf_addf(out, "reader: %s\nlayout: %s\ntitle: %s\ndate: %s\nmeta: ", reader,
	                d->layout ? d->layout : "-", d->title ? d->title : "-",
	                d->date ? d->date : "-");
	/* the meta object on one line: the writer's line breaks and indentation out */
	for (i = 0; d->meta && d->meta[i]; i++) {
		if (d->meta[i] != '\n') {
			govrec_buf_addch(out, d->meta[i]);
			continue;
		}
		while (d->meta[i + 1] == ' ')
			i++;
	}
	govrec_buf_adds(out, "\n");
	for (i = 0; i < d->npassages; i++) {
		const struct govrec_passage_draft *p = &d->passages[i];

		govrec_buf_addf(out, "\n-- %s", p->speaker ? p->speaker : "(no speaker)");
		if (p->start_ms != GOVREC_NO_TIME)
			govrec_buf_addf(out, " @%02lld:%02lld:%02lld",
			                (long long)(p->start_ms / 3600000),
			                (long long)(p->start_ms / 60000 % 60),
			                (long long)(p->start_ms / 1000 % 60));
		govrec_buf_addf(out, "\n%s\n", p->body);
	}
}

static int compare_fixture(const char *dir, const char *file)
{
	struct govrec_buf in = GOVREC_BUF_INIT, want = GOVREC_BUF_INIT, got = GOVREC_BUF_INIT;
	struct govrec_document_draft d;
	struct govrec_error err = GOVREC_ERROR_INIT;
	const struct govrec_reader *r;
	char path[1024];
	size_t n = strlen(file) - 4;
	int same;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	load(&in, path);
	snprintf(path, sizeof(path), "%s/%.*s.expected", dir, (int)n, file);
	load(&want, path);
	r = best_reader(&in, file);
	govrec_draft_init(&d);
	ck_assert_msg(r->read((const unsigned char *)in.data, in.len, file, &d, &err) == GOVREC_OK,
	              "%s: %s", file, err.msg);
	render(&d, r->name, &got);
	same = got.len == want.len && memcmp(got.data, want.data, got.len) == 0;
	if (!same && getenv("GOVREC_WRITE_EXPECTED")) {
		FILE *f;

		snprintf(path, sizeof(path), "%s/%.*s.actual", dir, (int)n, file);
		f = fopen(path, "wb");
		ck_assert_ptr_nonnull(f);
		fwrite(got.data, 1, got.len, f);
		fclose(f);
	}
	if (!same)
		fprintf(stderr, "%s: the passages differ from %.*s.expected; they are:\n%s\n", file,
		        (int)n, file, got.data);
	govrec_draft_release(&d);
	govrec_buf_release(&in);
	govrec_buf_release(&want);
	govrec_buf_release(&got);
	return same;
}

START_TEST(test_fixtures)
{
	char dir[512];
	DIR *dh;
	struct dirent *e;
	int n = 0, bad = 0;

	snprintf(dir, sizeof(dir), "%s/transcripts", TEST_DATA);
	dh = opendir(dir);
	ck_assert_ptr_nonnull(dh);
	while ((e = readdir(dh)) != NULL) {
		size_t len = strlen(e->d_name);

		if (len > 4 && strcmp(e->d_name + len - 4, ".txt") == 0) {
			n++;
			bad += !compare_fixture(dir, e->d_name);
		}
	}
	closedir(dh);
	ck_assert_int_ge(n, 5); /* every layout has its fixture */
	ck_assert_msg(bad == 0, "%d of %d fixtures read otherwise than expected (above)", bad, n);
}
END_TEST

/* Reads text (with its layout preset, or NULL) as the transcript reader. */
static enum govrec_status read_text(const char *text, const char *layout,
                                    struct govrec_document_draft *d, struct govrec_error *err)
{
	govrec_draft_init(d);
	if (layout)
		govrec_draft_set(&d->layout, layout);
	return named("icann-transcript")
	    ->read((const unsigned char *)text, strlen(text), "t.txt", d, err);
}

#define SPEAKER(d, i) ((d)->passages[i].speaker ? (d)->passages[i].speaker : "")

START_TEST(test_face_to_face_one_line)
{
	static const char text[] =
	    "Transcription ICANN61 San Juan Joint Meeting: ccNSO & GNSO Councils Monday, "
	    "12 March 2018 at 12:15 AST\n\nPage 1\n\nKatrina Sataki: Welcome, everyone.\n"
	    "Heather Forrest: Thank you, Katrina.\nKatrina Sataki: Let us start.\n";
	struct govrec_document_draft d;
	struct govrec_error err = GOVREC_ERROR_INIT;

	ck_assert_int_eq(read_text(text, NULL, &d, &err), GOVREC_OK);
	ck_assert_str_eq(d.layout, "face-to-face");
	ck_assert_str_eq(d.title, "ICANN61 San Juan Joint Meeting: ccNSO & GNSO Councils");
	ck_assert_str_eq(d.date, "2018-03-12");
	ck_assert_ptr_nonnull(strstr(d.meta, "\"time\": \"12:15\""));
	ck_assert_ptr_nonnull(strstr(d.meta, "\"time_zone\": \"AST\""));
	ck_assert_uint_eq(d.npassages, 3);
	ck_assert_str_eq(SPEAKER(&d, 1), "Heather Forrest");
	govrec_draft_release(&d);
}
END_TEST

/* The block alone, without the "ICANN Transcription" heading: date, time and zone from it. */
START_TEST(test_call_line_gives_date)
{
	static const char text[] =
	    "\t\t\t\t\tICANN\n\t\t\tModerator: Brenda Brewer\n\t\t\t08-17-17/2:00 pm CT\n"
	    "\t\tConfirmation # 4807731\n\t\t\t\tPage 1\n\nCoordinator: Recording has started.\n"
	    "Terri Agnew: Thank you. Welcome.\nJeff Neuman: Thanks, Terri.\n";
	struct govrec_document_draft d;
	struct govrec_error err = GOVREC_ERROR_INIT;

	ck_assert_int_eq(read_text(text, NULL, &d, &err), GOVREC_OK);
	ck_assert_str_eq(d.layout, "teleconference");
	ck_assert_str_eq(d.date, "2017-08-17");
	ck_assert_ptr_nonnull(strstr(d.meta, "\"time\": \"14:00\""));
	ck_assert_ptr_nonnull(strstr(d.meta, "\"time_zone\": \"CT\""));
	ck_assert_ptr_nonnull(strstr(d.meta, "\"moderator\": \"Brenda Brewer\""));
	ck_assert_ptr_nonnull(strstr(d.meta, "\"confirmation\": \"4807731\""));
	ck_assert_uint_eq(d.npassages, 3);
	ck_assert_str_eq(SPEAKER(&d, 0), "Coordinator");
	govrec_draft_release(&d);
}
END_TEST

/* A layout given before read() is used, not detected; an unknown one is refused. */
START_TEST(test_forced_layout)
{
	static const char text[] = "[Ria Otanes] 12:03:15\nWelcome.\n\n[Byron Holland] 12:03:40\n"
	                           "Thanks.\n";
	struct govrec_document_draft d;
	struct govrec_error err = GOVREC_ERROR_INIT;

	ck_assert_int_eq(read_text(text, NULL, &d, &err), GOVREC_OK);
	ck_assert_str_eq(d.layout, "zoom-transcript");
	ck_assert_uint_eq(d.npassages, 2);
	ck_assert_str_eq(SPEAKER(&d, 1), "Byron Holland");
	ck_assert_int_eq(d.passages[1].start_ms, (12 * 3600 + 3 * 60 + 40) * 1000);
	govrec_draft_release(&d);

	ck_assert_uint_eq(d.nwarnings, 0);
	govrec_draft_release(&d);

	ck_assert_int_eq(read_text(text, "speaker-turns", &d, &err), GOVREC_OK);
	ck_assert_str_eq(d.layout, "speaker-turns");
	ck_assert_uint_eq(d.npassages, 2); /* two paragraphs, nobody speaking */
	ck_assert_str_eq(SPEAKER(&d, 0), "");
	ck_assert_uint_eq(d.nwarnings, 1);
	ck_assert_str_eq(d.warnings[0], "no speaker turn found in the speaker-turns layout: the "
	                                "text is stored without speakers");
	govrec_draft_release(&d);

	/* text in no layout, given to the reader anyway: read, and said so */
	ck_assert_int_eq(read_text("Just a note.\n", NULL, &d, &err), GOVREC_OK);
	ck_assert_str_eq(d.layout, "speaker-turns");
	ck_assert_str_eq(d.warnings[0], "no transcript layout recognised: read as speaker-turns");
	govrec_draft_release(&d);

	ck_assert_int_eq(read_text(text, "webinar", &d, &err), GOVREC_INVALID);
	ck_assert_str_eq(err.msg, "unknown layout 'webinar' (the layouts are: teleconference, "
	                          "face-to-face, public-meeting, speaker-turns, zoom-transcript, "
	                          "zoom-lines)");
	govrec_draft_release(&d);
	ck_assert_ptr_null(govrec_layout_reader("webinar", NULL));
	ck_assert_str_eq(govrec_layout_reader("zoom-lines", NULL)->name, "icann-transcript");
}
END_TEST

/* Zoom chat ("From Name to Everyone:", or tab-separated) stays with the chat reader. */
START_TEST(test_zoom_chat_not_transcript)
{
	static const char *const chats[] = {
	    "12:03:15 From Ria Otanes to Everyone: hello all\n12:03:40 From Kal Feher to "
	    "Everyone: hi\n12:04:02 From Byron Holland to Everyone: welcome\n",
	    "12:03:15\tRia Otanes:\thello all\n12:03:40\tKal Feher:\thi\n12:04:02\tByron "
	    "Holland:\twelcome\n",
	};
	static const char lines[] = "12:03:15 Ria Otanes: hello all\n12:03:40 Kal Feher: hi\n"
	                            "12:04:02 Byron Holland: welcome\n";
	struct govrec_buf b = GOVREC_BUF_INIT;
	size_t i;

	for (i = 0; i < 2; i++) {
		govrec_buf_reset(&b);
		govrec_buf_adds(&b, chats[i]);
		ck_assert_str_eq(best_reader(&b, "chat.txt")->name, "zoom-chat");
	}
	govrec_buf_reset(&b);
	govrec_buf_adds(&b, lines);
	ck_assert_str_eq(best_reader(&b, "transcript.txt")->name, "icann-transcript");
	govrec_buf_release(&b);
}
END_TEST

/* Text with a form feed between pages, as a PDF reader passes it, reads as one turn. */
START_TEST(test_form_feed_mid_sentence)
{
	static const char text[] =
	    "Jeff Neuman: The applicant did not\n\n\f                     ICANN\n"
	    "          Moderator: Brenda Brewer\n             08-17-17/2:00 pm CT\n"
	    "          Confirmation # 4807731\n                   Page 2\n\n"
	    "respond within the time allowed.\nCheryl Langdon-Orr: Thank you, Jeff.\n"
	    "Jeff Neuman: Okay.\n";
	struct govrec_document_draft d;
	struct govrec_error err = GOVREC_ERROR_INIT;

	ck_assert_int_eq(read_text(text, NULL, &d, &err), GOVREC_OK);
	ck_assert_uint_eq(d.npassages, 3);
	ck_assert_str_eq(d.passages[0].body,
	                 "The applicant did not respond within the time allowed.");
	govrec_draft_release(&d);
}
END_TEST

/* The forms the furniture takes besides the fixtures', and what is text though it looks close. */
START_TEST(test_variants)
{
	/* "EN" before the header, as some PDF-to-text tools order it */
	static const char en_first[] =
	    "EN\nSAN JUAN \xe2\x80\x93 GAC Plenary\nMonday, March 12, 2018 \xe2\x80\x93 "
	    "09:00 to 10:30 AST\n\nMANAL ISMAIL: Good morning.\nTHOMAS SCHNEIDER: Thank "
	    "you, Manal, and\n\fEN\nSAN JUAN \xe2\x80\x93 GAC Plenary\nPage 2\n"
	    "welcome.\nMANAL ISMAIL: Thank you.\n";
	/* a block without the moderator's line; "Moderator:" alone is a speaker */
	static const char no_moderator[] =
	    "ICANN\n08-17-17/2:00 pm CT\nConfirmation #4807731\nPage 1\n\n"
	    "Moderator: Welcome to the call.\nByron Holland: Thank you. This is the End of the\n"
	    "ICANN\n08-17-17/2:00 pm CT\nPage 2\nitem.\nKal Feher: Agreed.\n"
	    "Byron Holland: Bye.\n\nEND\n";
	/* the disclaimer wrapped anywhere and no blank line before the first turn */
	static const char disclaimer[] =
	    "Note: The following is\nthe output of transcribing from an audio recording. "
	    "It should not be\ntreated as an authoritative record.\nCoordinator: Recording "
	    "started.\nNote: the agenda changed.\nByron Holland: Okay.\nKal Feher: Fine.\n";
	struct govrec_document_draft d;
	struct govrec_error err = GOVREC_ERROR_INIT;

	ck_assert_int_eq(read_text(en_first, NULL, &d, &err), GOVREC_OK);
	ck_assert_str_eq(d.layout, "public-meeting");
	ck_assert_str_eq(d.title, "SAN JUAN \xe2\x80\x93 GAC Plenary");
	ck_assert_uint_eq(d.npassages, 3);
	ck_assert_str_eq(d.passages[1].body, "Thank you, Manal, and welcome.");
	govrec_draft_release(&d);

	ck_assert_int_eq(read_text(no_moderator, NULL, &d, &err), GOVREC_OK);
	ck_assert_str_eq(d.layout, "teleconference");
	ck_assert_str_eq(d.date, "2017-08-17");
	ck_assert_ptr_nonnull(strstr(d.meta, "\"confirmation\": \"4807731\""));
	ck_assert_uint_eq(d.npassages, 4);
	ck_assert_str_eq(SPEAKER(&d, 0), "Moderator");
	ck_assert_str_eq(d.passages[1].body, "Thank you. This is the End of the item.");
	ck_assert_str_eq(d.passages[3].body, "Bye.");
	govrec_draft_release(&d);

	/* a zone of five capitals and an offset is none (it overflowed the zone's buffer) */
	ck_assert_int_eq(read_text("ICANN Moderator: Ria Otanes\n08-17-17/2:00 pm CTICA+99\n"
	                           "Page 1\nByron Holland: Hello.\n",
	                           NULL, &d, &err),
	                 GOVREC_OK);
	ck_assert_str_eq(d.date, "2017-08-17");
	ck_assert_ptr_null(strstr(d.meta, "time_zone"));
	govrec_draft_release(&d);
	ck_assert_int_eq(read_text("ICANN Moderator: Ria Otanes\n08-17-17/2:00 pm UTC+10\n"
	                           "Byron Holland: Hello.\n",
	                           NULL, &d, &err),
	                 GOVREC_OK);
	ck_assert_ptr_nonnull(strstr(d.meta, "\"time_zone\": \"UTC+10\""));
	govrec_draft_release(&d);

	ck_assert_int_eq(read_text(disclaimer, NULL, &d, &err), GOVREC_OK);
	ck_assert_uint_eq(d.npassages, 3);
	ck_assert_str_eq(SPEAKER(&d, 0), "Coordinator");
	/* a note that is no disclaimer stays, in the turn it falls in */
	ck_assert_str_eq(d.passages[0].body, "Recording started. Note: the agenda changed.");
	govrec_draft_release(&d);
}
END_TEST

static Suite *transcript_suite(void)
{
	Suite *s = suite_create("transcript");
	TCase *tc = tcase_create("layouts");

	tcase_add_test(tc, test_fixtures);
	tcase_add_test(tc, test_face_to_face_one_line);
	tcase_add_test(tc, test_call_line_gives_date);
	tcase_add_test(tc, test_forced_layout);
	tcase_add_test(tc, test_zoom_chat_not_transcript);
	tcase_add_test(tc, test_form_feed_mid_sentence);
	tcase_add_test(tc, test_variants);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_main(transcript_suite());
}
