/*
 * passage.h - a passage read in its context: the turns before and after it
 * in its document, and where the document is (its kind, title, date and
 * meeting).  This is what `govrec show ID` prints for a search hit's id.
 * Reading only: it works on a store opened read-only.
 */
#ifndef GOVREC_PASSAGE_H
#define GOVREC_PASSAGE_H

#include <stdint.h>

#include "govrec/draft.h" /* GOVREC_NO_TIME */
#include "govrec/error.h"
#include "govrec/store.h"

/* A passage of a document, for `show`; pointers borrowed during the callback. */
struct govrec_turn {
	int64_t id;
	int64_t seq;
	const char *speaker, *person, *heading, *body;
	int64_t start_ms, end_ms; /* GOVREC_NO_TIME when unknown */
	int target;               /* 1 for the passage asked for */
};

struct govrec_passage_place {
	int64_t document_id;
	const char *kind, *title, *date;
	int64_t meeting; /* 0 for none */
	const char *meeting_date;
};

/*
 * Calls place once, then turn for the passage id and up to context passages
 * before and after it in its document, in order (turn returns nonzero to
 * stop).  GOVREC_NOTFOUND: "no passage N".
 */
enum govrec_status govrec_passage_context(
	struct govrec_store *st, int64_t id, int64_t context,
	void (*place)(const struct govrec_passage_place *, void *),
	int (*turn)(const struct govrec_turn *, void *), void *ctx, struct govrec_error *err);

#endif
