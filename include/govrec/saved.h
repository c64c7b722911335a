/*
 * saved.h - saved searches: a name for a query text, kept in the archive.
 *
 * A saved search is a record like any other (table saved_search, record
 * kind "saved-search" in src/store/kinds.c), so saving one is audited; the
 * text is stored as the user typed it and parsed only when it is run (see
 * search.h), so a saved search follows the query language as it is then.
 * A name is letters, digits, '.', '_' and '-', at most 64.
 */
#ifndef GOVREC_SAVED_H
#define GOVREC_SAVED_H

#include "govrec/error.h"
#include "govrec/store.h"

/*
 * Saves query under name in one transaction ("search.save"); saving a name
 * that exists replaces it (*replaced = 1).  GOVREC_INVALID for a bad name.
 */
enum govrec_status govrec_saved_search_put(struct govrec_store *st, const char *name,
					   const char *query, int *replaced,
					   struct govrec_error *err);

/* *query (caller frees) gets the saved text.  GOVREC_NOTFOUND: "no saved search 'x'". */
enum govrec_status govrec_saved_search_get(struct govrec_store *st, const char *name,
					   char **query, struct govrec_error *err);

/* Calls fn for every saved search, by name (fn returns nonzero to stop). */
enum govrec_status govrec_saved_search_each(struct govrec_store *st,
					    int (*fn)(const char *name, const char *query, void *),
					    void *ctx, struct govrec_error *err);

#endif
