/*
 * search.h - the query language and the ranked full-text search over every
 * passage.  (Saved searches are records: saved.h; a hit's passage with the
 * turns around it: passage.h.)
 *
 * A query is text a user types: plain words (made safe for FTS5 here, so a
 * user never meets FTS5 syntax errors), "phrases", prefix*, AND/OR/NOT,
 * NEAR(...), parentheses, and field terms (speaker:holland, speaker:12 for a
 * person id, kind:transcript, meeting:34, date:2017-01..2018-06,
 * proposal:SLA-2019-01, metric:ID) that become filters.  govrec_query_parse()
 * is a pure function (no archive, no I/O) from that text to an FTS5 MATCH
 * expression plus filters, so that it can be tested and fuzzed alone.
 *
 * govrec_search_run() executes a parsed query against the one FTS5 index
 * (table search, see src/store/schema.c): hits ranked by bm25 with the title and
 * speaker columns weighted above the body, equal ranks newest first, each with
 * where it is and a snippet.  Searching never writes: it works on a store
 * opened read-only.
 */
#ifndef GOVREC_SEARCH_H
#define GOVREC_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "govrec/error.h"
#include "govrec/store.h"

enum govrec_field {
	GOVREC_FIELD_SPEAKER,
	GOVREC_FIELD_KIND,
	GOVREC_FIELD_MEETING,
	GOVREC_FIELD_DATE,
	GOVREC_FIELD_PROPOSAL,
	GOVREC_FIELD_METRIC,
	GOVREC_FIELD_COUNT
};

/* One field term.  Terms of different fields must all hold; several terms of
 * one field match any of them, except date:, whose ranges must all hold. */
struct govrec_filter {
	enum govrec_field field;
	char *value;    /* as written, unquoted: "Byron Holland", "2017-01..2018-06" */
	int64_t lo, hi; /* meeting: numbers lo..hi; speaker: a person id (lo = hi), else 0 */
	char since[11]; /* date: first day (YYYY-MM-DD), "" when open */
	char until[11]; /* date: last day, "" when open */
};

struct govrec_query {
	char *match; /* the FTS5 MATCH expression; NULL when the query has only filters */
	int raw;     /* match was given as FTS5 syntax (--raw) */
	struct govrec_filter *filters;
	size_t nfilters, cap;
};

#define GOVREC_QUERY_RAW 1 /* hand the text to FTS5 as it is; no field terms */

/* Marks around matched words in snippets. */
#define GOVREC_MARK_START '\x01'
#define GOVREC_MARK_END '\x02'

void govrec_query_init(struct govrec_query *q);
void govrec_query_release(struct govrec_query *q);

/* The name of a field ("speaker"). */
const char *govrec_field_name(enum govrec_field f);

/*
 * Parses text into q (which must be initialised; filters already in q are
 * kept, so options can be added before or after).  GOVREC_INVALID with a
 * message a user understands for an unknown field, a bad date, a misplaced
 * operator, an unbalanced quote in raw mode, or a query with nothing in it.
 */
enum govrec_status govrec_query_parse(struct govrec_query *q, const char *text, int flags,
				      struct govrec_error *err);

/*
 * Adds one field term as if "name:value" had been written in the query (for
 * the command-line options --speaker, --kind, --meeting, --since, --until).
 */
enum govrec_status govrec_query_add_filter(struct govrec_query *q, const char *name,
					   const char *value, struct govrec_error *err);

/* What to run. */
struct govrec_search {
	const struct govrec_query *query;
	const char *regex; /* PCRE2 pattern the passage body must match, or NULL */
	int64_t limit;     /* 0: no limit */
	int64_t offset;
};

/* One hit; every pointer is borrowed until the callback returns. */
struct govrec_hit {
	int64_t id;          /* the passage */
	int64_t document_id;
	const char *kind;    /* the document's kind */
	const char *title;   /* the document's title */
	const char *heading; /* section path, or NULL */
	const char *date;    /* the document's date, else its meeting's; NULL when neither */
	int64_t meeting;     /* meeting number, 0 for none */
	const char *meeting_date;
	const char *speaker; /* label as written, or NULL */
	const char *person;  /* the resolved person's name, or NULL */
	int64_t start_ms;    /* GOVREC_NO_TIME (-1) when the passage has no time */
	const char *snippet; /* matches between GOVREC_MARK_START and GOVREC_MARK_END */
};

/*
 * Runs s, calling fn for each hit in order (fn returns nonzero to stop).
 * GOVREC_INVALID for a bad --regex pattern (with its offset), a raw query FTS5
 * refuses, a pattern that exceeds the match limit, or a speaker: person id
 * that names no person (a name that matches nobody is no error: it finds
 * nothing).
 */
enum govrec_status govrec_search_run(struct govrec_store *st, const struct govrec_search *s,
				     int (*fn)(const struct govrec_hit *, void *), void *ctx,
				     struct govrec_error *err);

/* The number of hits s has in all (limit and offset ignored). */
enum govrec_status govrec_search_count(struct govrec_store *st, const struct govrec_search *s,
				       int64_t *count, struct govrec_error *err);

/*
 * Brings the search index up to date inside the current write transaction.
 * Passages written in a transaction are indexed when it commits (see
 * src/store/schema.c: search_pending); code that must search what it has just
 * written, before committing, calls this first.  Needs an open transaction.
 */
enum govrec_status govrec_search_index_pending(struct govrec_store *st, struct govrec_error *err);

/* Formats start_ms as hh:mm:ss into out (at least 16 bytes). */
void govrec_format_offset(int64_t ms, char *out, size_t size);

#endif
