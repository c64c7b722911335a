/*
 * fuzz_query.c - libFuzzer target for the search query parser
 * (govrec_query_parse, src/services/query.c), with the promise of search.h as its
 * oracle: a query the parser accepts (not in raw mode) gives a MATCH
 * expression that FTS5 accepts too, so that a user never meets an FTS5
 * syntax error.  The expression is tried on an in-memory FTS5 table shaped
 * like the archive's; a refusal aborts.  Every input is also parsed in raw
 * mode, and each field is added with the input as its value (as the
 * command-line options add them).  Seeds in seeds/query/.
 */
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "govrec/search.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sqlite3 *fts;
static sqlite3_stmt *match;

static void fts_open(void)
{
	static const char sql[] =
	    "CREATE VIRTUAL TABLE search USING fts5(title, speaker, body, kind UNINDEXED,"
	    " tokenize='porter unicode61 remove_diacritics 2');"
	    "INSERT INTO search VALUES ('SLA review', 'Byron Holland',"
	    " 'the technical checks threshold of the ccTLD''s SLA-2019-01 at 50%',"
	    " 'transcript');";

	if (sqlite3_open(":memory:", &fts) != SQLITE_OK ||
	    sqlite3_exec(fts, sql, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(fts, "SELECT count(*) FROM search WHERE search MATCH ?1", -1, &match,
	                       NULL) != SQLITE_OK)
		abort();
}

/* FTS5 must take what the parser made of text. */
static void check_match(const char *text, const char *expr)
{
	int rc;

	sqlite3_bind_text(match, 1, expr, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(match)) == SQLITE_ROW)
		;
	if (rc != SQLITE_DONE) {
		fprintf(stderr, "query '%s' became '%s', which FTS5 refuses: %s\n", text, expr,
		        sqlite3_errmsg(fts));
		abort();
	}
	sqlite3_reset(match);
	sqlite3_clear_bindings(match);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const fields[] = {"speaker", "kind",     "meeting",
	                                     "date",    "proposal", "metric"};
	struct govrec_query q;
	struct govrec_error err = GOVREC_ERROR_INIT;
	char *text;
	size_t i;

	if (!fts)
		fts_open();
	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';

	govrec_query_init(&q);
	if (govrec_query_parse(&q, text, 0, &err) == GOVREC_OK) {
		if (q.match)
			check_match(text, q.match);
		for (i = 0; i < q.nfilters; i++)
			if (strlen(q.filters[i].value) > size)
				abort(); /* a value is a piece of the text */
	} else if (err.status != GOVREC_INVALID || err.msg[0] == '\0') {
		abort(); /* a refusal says why, as bad input */
	}
	govrec_query_release(&q);

	govrec_query_init(&q);
	err = (struct govrec_error)GOVREC_ERROR_INIT;
	govrec_query_parse(&q, text, GOVREC_QUERY_RAW, &err);
	govrec_query_release(&q);

	govrec_query_init(&q);
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		err = (struct govrec_error)GOVREC_ERROR_INIT;
		govrec_query_add_filter(&q, fields[i], text, &err);
		if (err.status != GOVREC_OK && strncmp(err.msg, "internal", 8) == 0)
			abort();
	}
	govrec_query_release(&q);
	free(text);
	return 0;
}
