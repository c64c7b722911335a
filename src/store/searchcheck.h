/* searchcheck.h - private: the search index against the passages, read-only (audit.c). */
#ifndef GOVREC_SEARCHCHECK_H
#define GOVREC_SEARCHCHECK_H

#include <stdint.h>

#include "govrec/error.h"
#include "govrec/store.h"

/* What is wrong with one passage's entry in the index. */
enum govrec_index_fault {
	GOVREC_INDEX_DIFFERS, /* the passage exists, the index holds other text for it */
	GOVREC_INDEX_STRAY    /* the index holds a passage that does not exist */
};

/*
 * Compares the search index with the passages' text as it reads now, passage
 * by passage, with reads only (no write lock, no change).  Calls fault() for
 * each passage whose entry differs; document and person are the passage's
 * (0 for none, and both 0 for a stray entry).  GOVREC_ERROR when the
 * comparison cannot run, with the connection's error code telling why:
 * SQLITE_CORRUPT_VTAB when the index itself is damaged, SQLITE_BUSY when
 * the archive is busy.
 */
enum govrec_status govrec_search_check(struct govrec_store *st,
				       void (*fault)(void *ctx, enum govrec_index_fault f,
						     int64_t passage, int64_t document,
						     int64_t person),
				       void *ctx, struct govrec_error *err);

#endif
