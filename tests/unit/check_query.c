/*
 * check_query.c - the query parser (src/services/query.c): what each input becomes,
 * and that whatever it accepts FTS5 accepts too.
 */
#include <check.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "govrec/search.h"
#include "testmain.h"

/* An in-memory FTS5 table shaped like the archive's, to try expressions on. */
static sqlite3 *fts;

static void fts_open(void)
{
	ck_assert_int_eq(sqlite3_open(":memory:", &fts), SQLITE_OK);
	static const char sql[] =
		"CREATE VIRTUAL TABLE search USING fts5(title, speaker, body, kind UNINDEXED,"
		" tokenize='porter unicode61 remove_diacritics 2');"
		"INSERT INTO search VALUES ('SLA review', 'Byron Holland',"
		" 'the technical checks threshold of the ccTLD''s SLA-2019-01 at 50%',"
		" 'transcript');";

	ck_assert_int_eq(sqlite3_exec(fts, sql, NULL, NULL, NULL), SQLITE_OK);
}

static void fts_close(void)
{
	sqlite3_close(fts);
}

/* Runs expr as a MATCH: the number of rows, or -1 when FTS5 refuses it. */
static int fts_count(const char *expr)
{
	sqlite3_stmt *s;
	int n = 0, rc;

	static const char sql[] = "SELECT count(*) FROM search WHERE search MATCH ?1";

	ck_assert_int_eq(sqlite3_prepare_v2(fts, sql, -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_text(s, 1, expr, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		n = sqlite3_column_int(s, 0);
	else
		n = -1;
	sqlite3_finalize(s);
	return n;
}

/* Parses text; returns the status and leaves the query in *q. */
static enum govrec_status parse(struct govrec_query *q, const char *text, int flags,
				struct govrec_error *err)
{
	govrec_query_init(q);
	govrec_error_clear(err);
	return govrec_query_parse(q, text, flags, err);
}

static void expect_match(const char *text, const char *expected)
{
	struct govrec_query q;
	struct govrec_error err = GOVREC_ERROR_INIT;

	ck_assert_msg(parse(&q, text, 0, &err) == GOVREC_OK, "'%s': %s", text, err.msg);
	ck_assert_ptr_nonnull(q.match);
	ck_assert_str_eq(q.match, expected);
	ck_assert_msg(fts_count(q.match) >= 0, "FTS5 refused '%s'", q.match);
	govrec_query_release(&q);
}

static void expect_invalid(const char *text, int flags, const char *msg_part)
{
	struct govrec_query q;
	struct govrec_error err = GOVREC_ERROR_INIT;

	ck_assert_msg(parse(&q, text, flags, &err) == GOVREC_INVALID, "'%s' was accepted", text);
	ck_assert_msg(strstr(err.msg, msg_part) != NULL, "'%s': message '%s' lacks '%s'", text,
		      err.msg, msg_part);
	ck_assert_ptr_null(q.match);
	ck_assert_uint_eq(q.nfilters, 0);
	govrec_query_release(&q);
}

START_TEST(plain_words_are_quoted)
{
	expect_match("technical", "\"technical\"");
	expect_match("technical checks", "(\"technical\" AND \"checks\")");
	expect_match("SLA-2019-01", "\"SLA-2019-01\"");
	expect_match("ccTLD's", "\"ccTLD's\"");
	expect_match("50%", "\"50%\"");
	expect_match("10:30", "\"10:30\"");
	expect_match("Re: scope", "(\"Re:\" AND \"scope\")");
	/* and, or, not in lower case are words */
	expect_match("rock and roll", "(\"rock\" AND \"and\" AND \"roll\")");
	/* punctuation alone is dropped rather than emptying the AND */
	expect_match("checks - threshold", "(\"checks\" AND \"threshold\")");
	expect_match("checks \xe2\x80\x94 threshold", "(\"checks\" AND \"threshold\")");
}
END_TEST

START_TEST(tricky_inputs_match_what_they_say)
{
	/* the words of the stored row, written as a user would */
	static const char *const found[] = { "SLA-2019-01", "ccTLD's", "50%", "sla-2019-01",
					     "\"technical checks\"", "techn*", "Holland",
					     "threshold NOT escrow", "NEAR(technical threshold, 3)",
					     "review OR escrow", "(escrow OR checks) threshold",
					     "checks \"" };
	static const char *const missed[] = { "escrow", "\"checks technical\"",
					      "NEAR(technical ccTLD, 1)", "threshold NOT checks" };
	struct govrec_query q;
	struct govrec_error err = GOVREC_ERROR_INIT;
	size_t i;

	for (i = 0; i < sizeof(found) / sizeof(found[0]); i++) {
		ck_assert_msg(parse(&q, found[i], 0, &err) == GOVREC_OK, "%s: %s", found[i],
			      err.msg);
		ck_assert_msg(fts_count(q.match) == 1, "'%s' as '%s' found %d", found[i], q.match,
			      fts_count(q.match));
		govrec_query_release(&q);
	}
	for (i = 0; i < sizeof(missed) / sizeof(missed[0]); i++) {
		ck_assert_msg(parse(&q, missed[i], 0, &err) == GOVREC_OK, "%s: %s", missed[i],
			      err.msg);
		ck_assert_msg(fts_count(q.match) == 0, "'%s' as '%s' found a row", missed[i],
			      q.match);
		govrec_query_release(&q);
	}
}
END_TEST

START_TEST(operators_phrases_prefix_near)
{
	expect_match("\"technical checks\"", "\"technical checks\"");
	expect_match("tech*", "\"tech\" *");
	expect_match("\"tech chec\"*", "\"tech chec\" *");
	expect_match("a OR b", "(\"a\" OR \"b\")");
	expect_match("a AND b OR c", "((\"a\" AND \"b\") OR \"c\")");
	expect_match("a b c", "(\"a\" AND \"b\" AND \"c\")");
	expect_match("((a))", "\"a\"");
	expect_match("a OR b c", "(\"a\" OR (\"b\" AND \"c\"))");
	expect_match("a NOT b", "(\"a\" NOT \"b\")");
	expect_match("(a OR b) c", "((\"a\" OR \"b\") AND \"c\")");
	expect_match("NEAR(a b)", "NEAR(\"a\" \"b\")");
	expect_match("NEAR(\"a b\" c, 5)", "NEAR(\"a b\" \"c\", 5)");
	/* a quote inside a phrase is doubled, never ends it */
	expect_match("say \"he said \"\"no\"\"\"", "(\"say\" AND \"he said \"\"no\"\"\")");
	/* lenient: an unclosed quote or parenthesis closes at the end, a stray ')' goes */
	expect_match("\"technical checks", "\"technical checks\"");
	expect_match("(a OR b", "(\"a\" OR \"b\")");
	expect_match("a) b", "(\"a\" AND \"b\")");
	expect_match("a ()", "\"a\"");
	expect_match("a (", "\"a\"");
}
END_TEST

START_TEST(misplaced_operators_are_clear_errors)
{
	expect_invalid("NOT holland", 0, "'NOT' needs a term on each side");
	expect_invalid("a OR", 0, "'OR' needs a term on each side");
	expect_invalid("AND", 0, "'AND' needs");
	expect_invalid("a OR NOT b", 0, "'NOT' needs");
	expect_invalid("a AND OR b", 0, "needs a term on each side");
	expect_invalid("NEAR(a OR b)", 0, "NEAR takes");
	expect_invalid("NEAR(a, x)", 0, "NEAR takes");
	expect_invalid("NEAR()", 0, "NEAR takes");
	expect_invalid("- -- %", 0, "no words to search for");
	expect_invalid("", 0, "no words to search for");
}
END_TEST

static void expect_filter(const char *text, enum govrec_field field, const char *value,
			  const char *since, const char *until)
{
	struct govrec_query q;
	struct govrec_error err = GOVREC_ERROR_INIT;

	ck_assert_msg(parse(&q, text, 0, &err) == GOVREC_OK, "'%s': %s", text, err.msg);
	ck_assert_uint_eq(q.nfilters, 1);
	ck_assert_int_eq(q.filters[0].field, field);
	ck_assert_str_eq(q.filters[0].value, value);
	if (since) {
		ck_assert_str_eq(q.filters[0].since, since);
		ck_assert_str_eq(q.filters[0].until, until);
	}
	govrec_query_release(&q);
}

START_TEST(field_terms)
{
	static const char *const names[] = { "speaker:holland", "speaker:12a", "speaker:\"12 b\"",
					     "speaker:-12", "speaker:\" 12\"" };
	struct govrec_query q;
	struct govrec_error err = GOVREC_ERROR_INIT;
	size_t i;

	expect_filter("speaker:holland", GOVREC_FIELD_SPEAKER, "holland", NULL, NULL);
	expect_filter("Speaker:\"Byron Holland\"", GOVREC_FIELD_SPEAKER, "Byron Holland", NULL,
		      NULL);
	expect_filter("kind:transcript", GOVREC_FIELD_KIND, "transcript", NULL, NULL);
	expect_filter("proposal:SLA-2019-01", GOVREC_FIELD_PROPOSAL, "SLA-2019-01", NULL, NULL);
	expect_filter("metric:cat1.technical-checks.initial", GOVREC_FIELD_METRIC,
		      "cat1.technical-checks.initial", NULL, NULL);
	expect_filter("date:2017", GOVREC_FIELD_DATE, "2017", "2017-01-01", "2017-12-31");
	expect_filter("date:2017-02", GOVREC_FIELD_DATE, "2017-02", "2017-02-01", "2017-02-28");
	expect_filter("date:2016-02", GOVREC_FIELD_DATE, "2016-02", "2016-02-01", "2016-02-29");
	expect_filter("date:2017-06-30", GOVREC_FIELD_DATE, "2017-06-30", "2017-06-30",
		      "2017-06-30");
	expect_filter("date:2017-01..2018-06", GOVREC_FIELD_DATE, "2017-01..2018-06", "2017-01-01",
		      "2018-06-30");
	expect_filter("date:..2018", GOVREC_FIELD_DATE, "..2018", "", "2018-12-31");
	expect_filter("date:2019..", GOVREC_FIELD_DATE, "2019..", "2019-01-01", "");

	/* speaker: only digits is a person id, in lo; anything else a name, lo 0 */
	ck_assert_int_eq(parse(&q, "speaker:12", 0, &err), GOVREC_OK);
	ck_assert_int_eq(q.filters[0].lo, 12);
	ck_assert_str_eq(q.filters[0].value, "12");
	govrec_query_release(&q);
	ck_assert_int_eq(parse(&q, "speaker:\"007\"", 0, &err), GOVREC_OK);
	ck_assert_int_eq(q.filters[0].lo, 7);
	govrec_query_release(&q);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		ck_assert_msg(parse(&q, names[i], 0, &err) == GOVREC_OK, "%s", err.msg);
		ck_assert_msg(q.filters[0].lo == 0, "'%s' read as person %lld", names[i],
			      (long long)q.filters[0].lo);
		govrec_query_release(&q);
	}
	govrec_query_init(&q);
	ck_assert_int_eq(govrec_query_add_filter(&q, "speaker", "3", &err), GOVREC_OK);
	ck_assert_int_eq(q.filters[0].lo, 3);
	govrec_query_release(&q);

	ck_assert_int_eq(parse(&q, "meeting:30..34", 0, &err), GOVREC_OK);
	ck_assert_int_eq(q.filters[0].lo, 30);
	ck_assert_int_eq(q.filters[0].hi, 34);
	govrec_query_release(&q);

	/* fields anywhere, words kept; only filters: no MATCH at all */
	ck_assert_int_eq(parse(&q, "technical speaker:holland checks date:2017", 0, &err),
			 GOVREC_OK);
	ck_assert_str_eq(q.match, "(\"technical\" AND \"checks\")");
	ck_assert_uint_eq(q.nfilters, 2);
	govrec_query_release(&q);
	ck_assert_int_eq(parse(&q, "speaker:holland", 0, &err), GOVREC_OK);
	ck_assert_ptr_null(q.match);
	govrec_query_release(&q);

	/* options add the same filters */
	govrec_query_init(&q);
	ck_assert_int_eq(govrec_query_add_filter(&q, "date", "2017-01-01..", &err), GOVREC_OK);
	ck_assert_int_eq(govrec_query_add_filter(&q, "speaker", "Byron Holland", &err), GOVREC_OK);
	ck_assert_int_eq(govrec_query_parse(&q, "checks", 0, &err), GOVREC_OK);
	ck_assert_uint_eq(q.nfilters, 2);
	ck_assert_str_eq(q.filters[0].since, "2017-01-01");
	govrec_query_release(&q);
}
END_TEST

START_TEST(bad_fields)
{
	expect_invalid("foo:bar", 0, "unknown field 'foo' in 'foo:bar'");
	expect_invalid("checks https://iana.org", 0, "unknown field 'https'");
	expect_invalid("kind:podcast", 0,
		       "bad kind 'podcast' in 'kind:podcast' (one of transcript");
	expect_invalid("date:2017-13", 0, "bad date '2017-13' in 'date:2017-13'");
	expect_invalid("date:2017-02-30", 0, "bad date");
	expect_invalid("date:17", 0, "bad date");
	expect_invalid("date:..", 0, "bad date");
	expect_invalid("date:2018..2017", 0, "the range ends before it starts");
	expect_invalid("meeting:x", 0, "bad meeting 'x'");
	expect_invalid("meeting:0", 0, "bad meeting");
	expect_invalid("meeting:9..3", 0, "ends before it starts");
	expect_invalid("speaker: holland", 0, "the field 'speaker:' needs a value");
	expect_invalid("speaker:\"\"", 0, "needs a value");
	expect_invalid("speaker:0", 0,
		       "bad speaker '0' in 'speaker:0' (a value of only digits is a person id, "
		       "from 1");
	expect_invalid("speaker:99999999999999999999", 0, "bad speaker");
	/* a bad field after a good one leaves no filter behind */
	expect_invalid("speaker:holland date:x", 0, "bad date 'x'");
}
END_TEST

START_TEST(raw_mode)
{
	struct govrec_query q;
	struct govrec_error err = GOVREC_ERROR_INIT;

	ck_assert_int_eq(parse(&q, " speaker:holland AND tech* ", GOVREC_QUERY_RAW, &err),
			 GOVREC_OK);
	ck_assert_str_eq(q.match, "speaker:holland AND tech*");
	ck_assert_int_eq(q.raw, 1);
	ck_assert_uint_eq(q.nfilters, 0);
	ck_assert_int_eq(fts_count(q.match), 1);
	govrec_query_release(&q);
	ck_assert_int_eq(parse(&q, "\"say \"\"no\"\"\"", GOVREC_QUERY_RAW, &err), GOVREC_OK);
	govrec_query_release(&q);
	expect_invalid("\"technical checks", GOVREC_QUERY_RAW, "unbalanced double quote");
	expect_invalid("  ", GOVREC_QUERY_RAW, "the query is empty");
}
END_TEST

/*
 * Any text at all: the parser either refuses it with a message, or gives an
 * expression FTS5 accepts.  Deterministic pseudo-random strings over the
 * characters that matter.
 */
START_TEST(anything_parses_or_is_refused)
{
	static const char *const pieces[] = { "a", "b", "tech", "\"", "\"\"", "(", ")", "*",
					      " ", " ", "AND", "OR", "NOT", "NEAR(", ",", "5",
					      ":", "-", "'", "%", "speaker:", "date:2017", "x:",
					      "^", "+", "{", "}", "\xc3\xa9", "\xe2\x80\x94",
					      "\\" };
	unsigned long seed = 12345;
	struct govrec_query q;
	struct govrec_error err = GOVREC_ERROR_INIT;
	char text[256];
	int i, k, accepted = 0;

	for (i = 0; i < 20000; i++) {
		size_t len = 0;
		int n;

		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		n = (int)((seed >> 33) % 12) + 1;
		text[0] = '\0';
		for (k = 0; k < n; k++) {
			const char *p;

			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			p = pieces[(seed >> 33) % (sizeof(pieces) / sizeof(pieces[0]))];
			if (len + strlen(p) + 1 >= sizeof(text))
				break;
			memcpy(text + len, p, strlen(p) + 1);
			len += strlen(p);
		}
		if (parse(&q, text, 0, &err) == GOVREC_OK) {
			if (q.match) {
				ck_assert_msg(fts_count(q.match) >= 0,
					      "'%s' gave '%s', refused: %s", text, q.match,
					      sqlite3_errmsg(fts));
				accepted++;
			}
		} else {
			ck_assert_int_eq(err.status, GOVREC_INVALID);
			ck_assert_msg(err.msg[0] != '\0', "'%s': no message", text);
		}
		govrec_query_release(&q);
	}
	ck_assert_int_gt(accepted, 1000);
}
END_TEST

/*
 * Found by tests/fuzz/fuzz_query.c: unclosed parentheses nested a few dozen
 * deep made an expression FTS5's parser refuses ("parser stack overflow").
 * Every shape that nests is tried up to past the depth where FTS5 gives up:
 * the parser refuses it with its own message, and what it accepts FTS5
 * accepts.
 */
START_TEST(deep_nesting_is_refused_before_fts5)
{
	static const char *const shapes[] = { "(a ", "(a OR b ", "a OR b NOT (", "NEAR(a b) (",
					       "(a OR b c NOT " };
	struct govrec_query q;
	struct govrec_error err = GOVREC_ERROR_INIT;
	char text[2048];
	size_t k;
	int depth, i, refused;

	for (k = 0; k < sizeof(shapes) / sizeof(shapes[0]); k++) {
		refused = 0;
		for (depth = 1; depth <= 60; depth++) {
			text[0] = '\0';
			for (i = 0; i < depth; i++)
				strcat(text, shapes[k]);
			strcat(text, "z");
			if (parse(&q, text, 0, &err) == GOVREC_OK) {
				ck_assert_msg(fts_count(q.match) >= 0, "'%s' gave '%s', refused: %s",
					      text, q.match, sqlite3_errmsg(fts));
			} else {
				ck_assert_int_eq(err.status, GOVREC_INVALID);
				ck_assert_msg(strstr(err.msg, "the query nests too deeply"), "'%s': %s",
					      text, err.msg);
				refused++;
			}
			govrec_query_release(&q);
		}
		ck_assert_msg(refused > 0, "shape '%s' was never refused", shapes[k]);
	}
	/* A query of ordinary depth is not affected. */
	ck_assert_int_eq(parse(&q, "((sla OR pti) (root NOT zone)) OR (a (b (c (d e))))", 0, &err),
			 GOVREC_OK);
	ck_assert_int_ge(fts_count(q.match), 0);
	govrec_query_release(&q);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("query");
	TCase *tc = tcase_create("parse");

	tcase_add_checked_fixture(tc, fts_open, fts_close);
	tcase_add_test(tc, plain_words_are_quoted);
	tcase_add_test(tc, tricky_inputs_match_what_they_say);
	tcase_add_test(tc, operators_phrases_prefix_near);
	tcase_add_test(tc, misplaced_operators_are_clear_errors);
	tcase_add_test(tc, field_terms);
	tcase_add_test(tc, bad_fields);
	tcase_add_test(tc, raw_mode);
	tcase_add_test(tc, anything_parses_or_is_refused);
	tcase_add_test(tc, deep_nesting_is_refused_before_fts5);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_main(suite());
}
