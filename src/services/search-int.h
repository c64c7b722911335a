/*
 * search-int.h - what the two halves of the search share: search-find.c
 * builds the one statement that finds and orders hits (SQL from the query's
 * filters, every value bound), search.c steps it and turns rows into hits
 * (ties newest first, snippets, paging, the --regex post-filter).
 */
#ifndef GOVREC_SEARCH_INT_H
#define GOVREC_SEARCH_INT_H

#include <stdint.h>

#include "govrec/buf.h"
#include "govrec/search.h"
#include "govrec/store.h"

/* The columns of the find statement (C_RANK: a rank key, see rank_key() in search.c). */
enum {
	C_ID, C_RANK, C_DATE, C_BODY, C_SNIPPET, C_DOCUMENT, C_KIND, C_TITLE, C_HEADING,
	C_MEETING, C_MEETING_DATE, C_SPEAKER, C_PERSON, C_START
};

/*
 * The statement that finds and orders hits, with everything a hit shows
 * (see the C_ columns): the body only when want_body, the snippet only when
 * want_snippet (then computed only where govrec_search_wants_snippet() says
 * so).  With a limit (filter-only queries without a regex) SQL does the
 * paging.  *out is the caller's to finalize.
 */
enum govrec_status search_find_prepare(struct govrec_store *st, const struct govrec_query *q,
				       int want_body, int want_snippet, int64_t limit,
				       int64_t offset, sqlite3_stmt **out, struct govrec_error *err);

/* An error while stepping: FTS5 refusing a --raw query is the user's to fix. */
enum govrec_status search_find_failed(struct govrec_store *st, const struct govrec_query *q,
				      struct govrec_error *err);

/* Appends s as an FTS5 string (a phrase of its words). */
void search_add_phrase(struct govrec_buf *b, const char *s);

/* A copy of s; running out of memory ends in govrec_oom(). */
char *search_strdup(const char *s);

#endif
