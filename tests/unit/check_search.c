/*
 * check_search.c - the search executor (src/services/search.c) on a corpus built
 * through the library: 12 meetings from 2016 to 2019, a transcript each with
 * speakers and times, a few notes; more than 100 passages, so bm25 means
 * something.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "govrec/buf.h"
#include "govrec/document.h"
#include "govrec/meeting.h"
#include "govrec/person.h"
#include "govrec/search.h"
#include "testutil.h"
#include "testmain.h"

static struct govrec_store *st;
static int64_t holland_id, daley_id, sarras_id;

static const char *const filler[] = {
	"We reviewed the monthly performance report from PTI and noted no concerns.",
	"The secretariat will circulate the minutes of the previous call for approval.",
	"Any other business? None was raised, so we can close the call early.",
	"Thank you all for joining, the next meeting is scheduled in four weeks.",
	"The root zone management system handled every request within the window.",
	"Customer satisfaction survey results were positive across all regions.",
	"We discussed the annual effectiveness review and its timeline.",
	"PTI presented the dashboard for routine change requests this month.",
};

static void add_doc(const char *kind, const char *title, const char *date, int64_t meeting,
		    const char *const *speakers, const char *const *bodies, size_t n)
{
	struct govrec_document_draft d;
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_buf bytes = GOVREC_BUF_INIT;
	int64_t id;
	int existed;
	size_t i;

	govrec_draft_init(&d);
	govrec_draft_set(&d.kind, kind);
	govrec_draft_set(&d.title, title);
	govrec_draft_set(&d.date, date);
	govrec_draft_set(&d.media_type, "text/plain");
	d.importer = "test";
	d.importer_version = "1";
	d.meeting = meeting;
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(govrec_draft_add(&d, speakers ? speakers[i] : NULL,
						  speakers ? (int64_t)(i * 65000 + 3723000) : -1,
						  -1, NULL, bodies[i]),
				 0);
		govrec_buf_addf(&bytes, "%s|%s\n", speakers ? speakers[i] : "", bodies[i]);
	}
	govrec_buf_addf(&bytes, "%s %s", title, date ? date : "");
	d.bytes = bytes.data;
	d.size = bytes.len;
	ck_assert_msg(govrec_document_store(st, &d, &id, &existed, &err) == GOVREC_OK, "%s",
		      err.msg);
	govrec_draft_release(&d);
	govrec_buf_release(&bytes);
}

static void setup(void)
{
	static const char *const holland_aliases[] = { "BYRON HOLLAND", "Byron" };
	static const char *const dates[] = { "2016-05-12", "2016-11-10", "2017-01-19",
					     "2017-03-16", "2017-06-15", "2017-09-21",
					     "2017-12-14", "2018-03-15", "2018-09-20",
					     "2019-01-17", "2019-06-20", "2019-11-21" };
	struct govrec_error err = GOVREC_ERROR_INIT;
	const char *speakers[10];
	const char *bodies[10];
	char title[64];
	int64_t pid;
	int m, i;

	st = test_store_new();
	ck_assert_int_eq(govrec_person_add(st, "Byron Holland", holland_aliases, 2, NULL, &pid,
					   &err),
			 GOVREC_OK);
	holland_id = pid;
	ck_assert_int_eq(govrec_person_add(st, "Jay Daley", NULL, 0, NULL, &pid, &err), GOVREC_OK);
	daley_id = pid;
	ck_assert_int_eq(govrec_person_add(st, "Naela Sarras", NULL, 0, NULL, &pid, &err),
			 GOVREC_OK);
	sarras_id = pid;
	for (m = 0; m < 12; m++) {
		struct govrec_meeting_new mn = { m + 1, dates[m], NULL, NULL, NULL, NULL, 0 };

		ck_assert_msg(govrec_meeting_add(st, &mn, &err) == GOVREC_OK, "%s", err.msg);
		for (i = 0; i < 10; i++) {
			static const char *const who[] = { "BYRON HOLLAND", "Jay Daley", "CHAIR" };

			speakers[i] = who[i % 3];
			bodies[i] = filler[(m + i) % 8];
		}
		/* what a reviewer looks for, said by different people in different years */
		if (m == 4) /* 2017-06-15 */
			bodies[3] = "Holland: the technical checks threshold should move from 50 "
				    "minutes, the current SLE is too tight for technical checks.";
		if (m == 8) /* 2018 */
			bodies[1] = "Daley: I agree the technical checks threshold needs review.";
		if (m == 10) /* 2019 */
			bodies[3] = "SLA-2019-01 was approved: the technical checks threshold "
				    "is now longer.";
		if (m == 2)
			bodies[5] = "An escrow arrangement was mentioned once in passing.";
		if (m == 6 || m == 9) /* identical text: equal ranks, ties by date */
			bodies[7] = "Zebra crossings are irrelevant to root zone work.";
		snprintf(title, sizeof(title), "CSC meeting %d transcript", m + 1);
		add_doc("transcript", title, NULL, m + 1, speakers, bodies, 10);
	}
	{
		static const char *const note[] = {
			"Charter review finding: the committee should review thresholds yearly.",
			"Escrow is out of scope for this review.",
		};
		static const char *const escrow_title[] = { "Routine business." };

		add_doc("review-note", "Charter review notes", "2018-04-01", 0, NULL, note, 2);
		/* a title match weighs more than a body match */
		add_doc("report", "Escrow report", "2017-02-01", 0, NULL, escrow_title, 1);
	}
}

static void teardown(void)
{
	test_store_free(st);
}

/* FTS5's own check that the index agrees with its content. */
static void expect_index_ok(void)
{
	struct govrec_error err = GOVREC_ERROR_INIT;

	static const char sql[] = "INSERT INTO search(search, rank) VALUES ('integrity-check', 1)";

	ck_assert_msg(govrec_sql_exec(st, &err, sql, NULL) == GOVREC_OK, "%s", err.msg);
}

static int64_t fts_count(const char *match)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	int64_t n = -1;

	ck_assert_int_eq(govrec_sql_int(st, &err, &n,
					"SELECT count(*) FROM search WHERE search MATCH ?1", "t",
					match),
			 GOVREC_OK);
	return n;
}

struct hits {
	int n;
	int64_t id[256];
	char date[256][11];
	char speaker[256][32];
	char snippet[256][300];
	int64_t meeting[256];
	int64_t start_ms[256];
};

static int collect(const struct govrec_hit *h, void *ctx)
{
	struct hits *hs = ctx;

	if (hs->n < 256) {
		hs->id[hs->n] = h->id;
		snprintf(hs->date[hs->n], 11, "%s", h->date ? h->date : "");
		const char *who = h->person ? h->person : h->speaker ? h->speaker : "";

		snprintf(hs->speaker[hs->n], 32, "%s", who);
		snprintf(hs->snippet[hs->n], 300, "%s", h->snippet);
		hs->meeting[hs->n] = h->meeting;
		hs->start_ms[hs->n] = h->start_ms;
	}
	hs->n++;
	return 0;
}

/* Runs text with limit; returns the status; hits in *hs. */
static enum govrec_status search(const char *text, const char *regex, int64_t limit,
				 int64_t offset, struct hits *hs, struct govrec_error *err)
{
	struct govrec_query q;
	struct govrec_search s;
	enum govrec_status rc;

	memset(hs, 0, sizeof(*hs));
	govrec_error_clear(err);
	govrec_query_init(&q);
	rc = govrec_query_parse(&q, text, 0, err);
	if (rc == GOVREC_OK) {
		s.query = &q;
		s.regex = regex;
		s.limit = limit;
		s.offset = offset;
		rc = govrec_search_run(st, &s, collect, hs, err);
	}
	govrec_query_release(&q);
	return rc;
}

static struct hits hs, hs2;

START_TEST(finds_what_holland_said_in_2017)
{
	struct govrec_error err = GOVREC_ERROR_INIT;

	ck_assert_msg(search("technical checks threshold speaker:holland date:2017", NULL, 20, 0,
			     &hs, &err) == GOVREC_OK,
		      "%s", err.msg);
	ck_assert_int_eq(hs.n, 1);
	ck_assert_str_eq(hs.date[0], "2017-06-15");
	ck_assert_str_eq(hs.speaker[0], "Byron Holland");
	ck_assert_int_eq(hs.meeting[0], 5);
	ck_assert_int_eq(hs.start_ms[0], 3 * 65000 + 3723000);
	ck_assert_ptr_nonnull(strstr(hs.snippet[0], "\x01technical\x02 \x01" "checks\x02"));
	/* without the filters all three years are found */
	ck_assert_int_eq(search("technical checks threshold", NULL, 20, 0, &hs, &err), GOVREC_OK);
	ck_assert_int_eq(hs.n, 3);
}
END_TEST

START_TEST(ranking_is_bm25_with_column_weights)
{
	struct govrec_error err = GOVREC_ERROR_INIT;

	/* The passage that says "technical checks" twice, in a short turn, comes first. */
	ck_assert_int_eq(search("\"technical checks\"", NULL, 20, 0, &hs, &err), GOVREC_OK);
	ck_assert_int_eq(hs.n, 3);
	ck_assert_str_eq(hs.date[0], "2017-06-15");
	/* A word in a document's title outranks the same word in a body. */
	ck_assert_int_eq(search("escrow", NULL, 20, 0, &hs, &err), GOVREC_OK);
	ck_assert_int_eq(hs.n, 3);
	ck_assert_str_eq(hs.date[0], "2017-02-01");
	ck_assert_ptr_nonnull(strstr(hs.snippet[0], "\x01" "Escrow\x02"));
	/* A speaker's name outranks the same name in the body of someone else's turn. */
	ck_assert_int_eq(search("daley threshold", NULL, 20, 0, &hs, &err), GOVREC_OK);
	ck_assert_int_eq(hs.n, 1);
	ck_assert_int_eq(search("holland", NULL, 0, 0, &hs, &err), GOVREC_OK);
	ck_assert_int_gt(hs.n, 40);
	ck_assert_str_eq(hs.speaker[0], "Byron Holland");
}
END_TEST

START_TEST(equal_ranks_newest_first)
{
	struct govrec_error err = GOVREC_ERROR_INIT;

	ck_assert_int_eq(search("zebra", NULL, 20, 0, &hs, &err), GOVREC_OK);
	ck_assert_int_eq(hs.n, 2);
	ck_assert_str_eq(hs.date[0], "2019-01-17");
	ck_assert_str_eq(hs.date[1], "2017-12-14");
	/* one a page: the hit found after the page was full is completed when shown */
	ck_assert_int_eq(search("zebra", NULL, 1, 0, &hs, &err), GOVREC_OK);
	ck_assert_int_eq(hs.n, 1);
	ck_assert_str_eq(hs.date[0], "2019-01-17");
	ck_assert_int_eq(hs.meeting[0], 10);
	ck_assert_ptr_nonnull(strstr(hs.snippet[0], "\x01Zebra\x02"));
	ck_assert_int_eq(search("zebra", NULL, 1, 1, &hs2, &err), GOVREC_OK);
	ck_assert_int_eq(hs2.n, 1);
	ck_assert_str_eq(hs2.date[0], "2017-12-14");
	ck_assert_int_eq(hs2.meeting[0], 7);
	ck_assert_ptr_nonnull(strstr(hs2.snippet[0], "\x01Zebra\x02"));
}
END_TEST

START_TEST(speaker_field)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	static const char *const same[] = { "speaker:holland", "speaker:\"Byron Holland\"",
					    "speaker:byron", "speaker:\"BYRON  HOLLAND\"" };
	size_t i;

	for (i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		char text[80];

		snprintf(text, sizeof(text), "threshold %s date:2017", same[i]);
		ck_assert_msg(search(text, NULL, 20, 0, &hs, &err) == GOVREC_OK, "%s", err.msg);
		ck_assert_msg(hs.n == 1, "%s: %d hits", same[i], hs.n);
		ck_assert_str_eq(hs.date[0], "2017-06-15");
	}
	/* an unresolved label matches as written */
	ck_assert_int_eq(search("speaker:chair", NULL, 0, 0, &hs, &err), GOVREC_OK);
	ck_assert_int_eq(hs.n, 36);
	ck_assert_str_eq(hs.speaker[0], "CHAIR");
	/* two speakers: either */
	ck_assert_int_eq(search("threshold speaker:holland", NULL, 0, 0, &hs, &err), GOVREC_OK);
	ck_assert_int_eq(hs.n, 2);
	ck_assert_int_eq(search("threshold speaker:holland speaker:daley", NULL, 0, 0, &hs, &err),
			 GOVREC_OK);
	ck_assert_int_eq(hs.n, 3);
	ck_assert_int_eq(search("threshold speaker:sarras", NULL, 0, 0, &hs, &err), GOVREC_OK);
	ck_assert_int_eq(hs.n, 0);
}
END_TEST

START_TEST(speaker_person_id)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	const char *label[1];
	static const char *const body[] = { "Quokka threshold, said by a numbered label." };
	char text[128], digits[24];
	int64_t n = -1;

	/* the id finds the person's turns, as the name does */
	snprintf(text, sizeof(text), "threshold speaker:%lld", (long long)holland_id);
	ck_assert_msg(search(text, NULL, 0, 0, &hs, &err) == GOVREC_OK, "%s", err.msg);
	ck_assert_int_eq(hs.n, 2);
	ck_assert_str_eq(hs.speaker[0], "Byron Holland");
	ck_assert_str_eq(hs.speaker[1], "Byron Holland");
	snprintf(text, sizeof(text), "threshold speaker:%lld speaker:%lld", (long long)holland_id,
		 (long long)daley_id);
	ck_assert_int_eq(search(text, NULL, 0, 0, &hs, &err), GOVREC_OK);
	ck_assert_int_eq(hs.n, 3);
	/* an id mixes with a name: either */
	snprintf(text, sizeof(text), "threshold speaker:%lld speaker:daley", (long long)holland_id);
	ck_assert_int_eq(search(text, NULL, 0, 0, &hs, &err), GOVREC_OK);
	ck_assert_int_eq(hs.n, 3);
	/* a filter alone: every turn of the person (4 of 10 in each of 12 meetings) */
	snprintf(text, sizeof(text), "speaker:%lld", (long long)holland_id);
	ck_assert_int_eq(search(text, NULL, 0, 0, &hs, &err), GOVREC_OK);
	ck_assert_int_eq(hs.n, 48);
	/* a person who never spoke: nothing, and no error */
	snprintf(text, sizeof(text), "threshold speaker:%lld", (long long)sarras_id);
	ck_assert_int_eq(search(text, NULL, 0, 0, &hs, &err), GOVREC_OK);
	ck_assert_int_eq(hs.n, 0);

	/* the id is the person's, never a label written as that number */
	snprintf(digits, sizeof(digits), "%lld", (long long)daley_id);
	label[0] = digits;
	add_doc("chat", "Numbered chat", "2020-03-03", 0, label, body, 1);
	snprintf(text, sizeof(text), "quokka speaker:%lld", (long long)daley_id);
	ck_assert_int_eq(search(text, NULL, 0, 0, &hs, &err), GOVREC_OK);
	ck_assert_int_eq(hs.n, 0);

	/* an id that names no person is an error, for hits and for a count */
	ck_assert_int_eq(search("threshold speaker:9999", NULL, 0, 0, &hs, &err), GOVREC_INVALID);
	ck_assert_str_eq(err.msg, "no person 9999 in 'speaker:9999' (a value of only digits is a "
				  "person id; 'govrec person list' shows them)");
	ck_assert_int_eq(hs.n, 0);
	{
		struct govrec_query q;
		struct govrec_search s = { NULL, NULL, 0, 0 };

		govrec_query_init(&q);
		ck_assert_int_eq(govrec_query_add_filter(&q, "speaker", "9999", &err), GOVREC_OK);
		s.query = &q;
		ck_assert_int_eq(govrec_search_count(st, &s, &n, &err), GOVREC_INVALID);
		ck_assert_ptr_nonnull(strstr(err.msg, "no person 9999"));
		govrec_query_release(&q);
	}
}
END_TEST

START_TEST(kind_meeting_date_fields)
{
	struct govrec_error err = GOVREC_ERROR_INIT;

	ck_assert_int_eq(search("escrow kind:report", NULL, 0, 0, &hs, &err), GOVREC_OK);
	ck_assert_int_eq(hs.n, 1);
	ck_assert_int_eq(search("escrow kind:report kind:review-note", NULL, 0, 0, &hs, &err),
			 GOVREC_OK);
	ck_assert_int_eq(hs.n, 2);
	ck_assert_int_eq(search("threshold meeting:5", NULL, 0, 0, &hs, &err), GOVREC_OK);
	ck_assert_int_eq(hs.n, 1);
	ck_assert_int_eq(search("threshold meeting:5..11", NULL, 0, 0, &hs, &err), GOVREC_OK);
	ck_assert_int_eq(hs.n, 3);
	ck_assert_int_eq(search("threshold date:2018..", NULL, 0, 0, &hs, &err), GOVREC_OK);
	ck_assert_int_eq(hs.n, 3); /* 2018, 2019, and the 2018 review note */
	ck_assert_int_eq(search("threshold date:..2017-06-14", NULL, 0, 0, &hs, &err), GOVREC_OK);
	ck_assert_int_eq(hs.n, 0);
	ck_assert_int_eq(search("threshold date:2017-06", NULL, 0, 0, &hs, &err), GOVREC_OK);
	ck_assert_int_eq(hs.n, 1);
	/* dates intersect */
	ck_assert_int_eq(search("threshold date:2017.. date:..2018", NULL, 0, 0, &hs, &err),
			 GOVREC_OK);
	ck_assert_int_eq(hs.n, 3);
	/* only filters: every passage of meeting 2, in order */
	ck_assert_int_eq(search("meeting:2", NULL, 0, 0, &hs, &err), GOVREC_OK);
	ck_assert_int_eq(hs.n, 10);
	ck_assert_int_lt(hs.id[0], hs.id[9]);
	ck_assert_ptr_null(strchr(hs.snippet[0], '\x01'));
}
END_TEST

START_TEST(proposal_and_metric_fields)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	char id[32];

	/* mentioned in the text */
	ck_assert_int_eq(search("proposal:SLA-2019-01", NULL, 0, 0, &hs, &err), GOVREC_OK);
	ck_assert_int_eq(hs.n, 1);
	ck_assert_str_eq(hs.date[0], "2019-06-20");
	ck_assert_ptr_nonnull(strstr(hs.snippet[0], "\x01SLA-2019-01\x02"));
	/* or linked: link the 2018 passage by hand */
	ck_assert_int_eq(search("daley agree", NULL, 0, 0, &hs2, &err), GOVREC_OK);
	ck_assert_int_eq(hs2.n, 1);
	snprintf(id, sizeof(id), "%lld", (long long)hs2.id[0]);
	ck_assert_int_eq(govrec_store_begin(st, "link.add", &err), GOVREC_OK);
	ck_assert_int_eq(govrec_sql_exec(st, &err,
					 "INSERT INTO link(from_kind, from_id, rel, to_kind, to_id)"
					 " VALUES ('passage', ?1, 'mentions', 'proposal',"
					 " 'SLA-2019-01'),"
					 " ('passage', ?1, 'mentions', 'metric',"
					 " 'cat1.technical-checks.initial')",
					 "t", id),
			 GOVREC_OK);
	ck_assert_int_eq(govrec_store_commit(st, &err), GOVREC_OK);
	ck_assert_int_eq(search("threshold proposal:sla-2019-01", NULL, 0, 0, &hs, &err),
			 GOVREC_OK);
	ck_assert_int_eq(hs.n, 2);
	ck_assert_int_eq(search("metric:cat1.technical-checks.initial", NULL, 0, 0, &hs, &err),
			 GOVREC_OK);
	ck_assert_int_eq(hs.n, 1);
	ck_assert_int_eq(hs.id[0], hs2.id[0]);
	/* linked, not named: the start of the passage, unmarked */
	ck_assert_ptr_nonnull(strstr(hs.snippet[0], "Daley: I agree"));
	ck_assert_ptr_null(strchr(hs.snippet[0], '\x01'));
	ck_assert_int_eq(search("proposal:SLA-2020-07", NULL, 0, 0, &hs, &err), GOVREC_OK);
	ck_assert_int_eq(hs.n, 0);
}
END_TEST

START_TEST(limit_offset_count)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_query q;
	struct govrec_search s = { NULL, NULL, 0, 0 };
	int64_t count = 0;
	int i, k;

	ck_assert_int_eq(search("holland", NULL, 0, 0, &hs, &err), GOVREC_OK);
	ck_assert_int_eq(search("holland", NULL, 10, 5, &hs2, &err), GOVREC_OK);
	ck_assert_int_eq(hs2.n, 10);
	for (i = 0; i < 10; i++)
		ck_assert_int_eq(hs2.id[i], hs.id[i + 5]);
	/* pages never overlap and never skip */
	for (k = 0; k * 7 < hs.n; k++) {
		ck_assert_int_eq(search("holland", NULL, 7, k * 7, &hs2, &err), GOVREC_OK);
		for (i = 0; i < hs2.n; i++)
			ck_assert_int_eq(hs2.id[i], hs.id[k * 7 + i]);
	}
	govrec_query_init(&q);
	ck_assert_int_eq(govrec_query_parse(&q, "holland", 0, &err), GOVREC_OK);
	s.query = &q;
	s.limit = 3;
	ck_assert_int_eq(govrec_search_count(st, &s, &count, &err), GOVREC_OK);
	ck_assert_int_eq(count, hs.n);
	s.regex = "(?i)root zone";
	ck_assert_int_eq(govrec_search_count(st, &s, &count, &err), GOVREC_OK);
	ck_assert_int_gt(count, 0);
	ck_assert_int_lt(count, hs.n);
	govrec_query_release(&q);
	/* filter-only pages too */
	ck_assert_int_eq(search("speaker:chair", NULL, 0, 0, &hs, &err), GOVREC_OK);
	ck_assert_int_eq(search("speaker:chair", NULL, 5, 30, &hs2, &err), GOVREC_OK);
	ck_assert_int_eq(hs2.n, 5);
	ck_assert_int_eq(hs2.id[0], hs.id[30]);
}
END_TEST

START_TEST(regex_post_filter)
{
	struct govrec_error err = GOVREC_ERROR_INIT;

	ck_assert_int_eq(search("threshold", "\\b50 minutes\\b", 20, 0, &hs, &err), GOVREC_OK);
	ck_assert_int_eq(hs.n, 1);
	ck_assert_str_eq(hs.date[0], "2017-06-15");
	ck_assert_int_eq(search("threshold", "^SLA-\\d{4}-\\d{2}", 20, 0, &hs, &err), GOVREC_OK);
	ck_assert_int_eq(hs.n, 1);
	/* the regex applies before paging: offset counts only matching hits */
	ck_assert_int_eq(search("holland", "(?i)root zone", 0, 0, &hs, &err), GOVREC_OK);
	ck_assert_int_eq(search("holland", "(?i)root zone", 2, 1, &hs2, &err), GOVREC_OK);
	ck_assert_int_eq(hs2.n, 2);
	ck_assert_int_eq(hs2.id[0], hs.id[1]);

	ck_assert_int_eq(search("threshold", "(unclosed", 20, 0, &hs, &err), GOVREC_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "bad regular expression '(unclosed' at offset 9"));
	ck_assert_int_eq(search("threshold", "(a|aa)+$", 20, 0, &hs, &err), GOVREC_OK);
}
END_TEST

START_TEST(regex_match_limit)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	static const char *const speakers[] = { "X" };
	char body[200];
	const char *bodies[1] = { body };

	memset(body, 'a', 60);
	strcpy(body + 60, " catastrophic backtracking!");
	add_doc("chat", "Chat", "2020-01-01", 0, speakers, bodies, 1);
	ck_assert_int_eq(search("catastrophic", "^(a|a)*$", 20, 0, &hs, &err), GOVREC_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "too costly"));
}
END_TEST

START_TEST(raw_queries)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_query q;
	struct govrec_search s = { NULL, NULL, 20, 0 };

	govrec_query_init(&q);
	ck_assert_int_eq(govrec_query_parse(&q, "speaker:daley AND threshold", GOVREC_QUERY_RAW,
					    &err),
			 GOVREC_OK);
	s.query = &q;
	memset(&hs, 0, sizeof(hs));
	ck_assert_int_eq(govrec_search_run(st, &s, collect, &hs, &err), GOVREC_OK);
	ck_assert_int_eq(hs.n, 1);
	ck_assert_int_eq(govrec_query_parse(&q, "threshold AND", GOVREC_QUERY_RAW, &err),
			 GOVREC_OK);
	ck_assert_int_eq(govrec_search_run(st, &s, collect, &hs, &err), GOVREC_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "not valid FTS5"));
	ck_assert_ptr_null(strstr(err.msg, "fts5:"));
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_query_parse(&q, "nosuchcolumn:x", GOVREC_QUERY_RAW, &err),
			 GOVREC_OK);
	ck_assert_int_eq(govrec_search_run(st, &s, collect, &hs, &err), GOVREC_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "no such column"));
	govrec_query_release(&q);
}
END_TEST

START_TEST(index_in_step)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	static const char *const speakers[] = { "Jay Daley" };
	static const char *const bodies[] = { "Quokka sightings are off topic." };
	int64_t pending = -1;

	/* every commit leaves nothing pending, and FTS5 agrees with its content */
	ck_assert_int_eq(govrec_sql_int(st, &err, &pending, "SELECT count(*) FROM search_pending",
					NULL),
			 GOVREC_OK);
	ck_assert_int_eq(pending, 0);
	expect_index_ok();
	/* inside a transaction, new passages are searchable once indexed */
	ck_assert_int_eq(govrec_store_begin(st, "test", &err), GOVREC_OK);
	add_doc("chat", "Chat", "2020-02-02", 0, speakers, bodies, 1);
	ck_assert_int_eq(fts_count("quokka"), 0);
	ck_assert_int_eq(govrec_search_index_pending(st, &err), GOVREC_OK);
	ck_assert_int_eq(fts_count("quokka"), 1);
	ck_assert_int_eq(govrec_store_commit(st, &err), GOVREC_OK);
	/* renaming a person re-indexes their turns under the new name */
	ck_assert_int_eq(govrec_store_begin(st, "person.rename", &err), GOVREC_OK);
	ck_assert_int_eq(govrec_sql_exec(st, &err, "UPDATE person SET name = ?1 WHERE name = ?2",
					 "tt", "Jay Q. Daley", "Jay Daley"),
			 GOVREC_OK);
	ck_assert_int_eq(govrec_store_commit(st, &err), GOVREC_OK);
	ck_assert_int_eq(search("quokka speaker:\"Jay Q. Daley\"", NULL, 0, 0, &hs, &err),
			 GOVREC_OK);
	ck_assert_int_eq(hs.n, 1);
	expect_index_ok();
	/* and deleting a document takes its passages out of the index */
	ck_assert_int_eq(govrec_store_begin(st, "document.delete", &err), GOVREC_OK);
	ck_assert_int_eq(govrec_sql_exec(st, &err,
					 "DELETE FROM document WHERE title = 'Chat'", NULL),
			 GOVREC_OK);
	ck_assert_int_eq(govrec_store_commit(st, &err), GOVREC_OK);
	ck_assert_int_eq(search("quokka", NULL, 0, 0, &hs, &err), GOVREC_OK);
	ck_assert_int_eq(hs.n, 0);
	expect_index_ok();
}
END_TEST

START_TEST(offset_format)
{
	char out[32];

	govrec_format_offset(3723000, out, sizeof(out));
	ck_assert_str_eq(out, "01:02:03");
	govrec_format_offset(0, out, sizeof(out));
	ck_assert_str_eq(out, "00:00:00");
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("search");
	TCase *tc = tcase_create("search");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, finds_what_holland_said_in_2017);
	tcase_add_test(tc, ranking_is_bm25_with_column_weights);
	tcase_add_test(tc, equal_ranks_newest_first);
	tcase_add_test(tc, speaker_field);
	tcase_add_test(tc, speaker_person_id);
	tcase_add_test(tc, kind_meeting_date_fields);
	tcase_add_test(tc, proposal_and_metric_fields);
	tcase_add_test(tc, limit_offset_count);
	tcase_add_test(tc, regex_post_filter);
	tcase_add_test(tc, regex_match_limit);
	tcase_add_test(tc, raw_queries);
	tcase_add_test(tc, index_in_step);
	tcase_add_test(tc, offset_format);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_main(suite());
}
