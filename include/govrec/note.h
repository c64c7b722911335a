/*
 * note.h - charter-review and effectiveness-review notes.
 *
 * A note is a document of kind review-note with the review's name, the
 * charter section it concerns and its date; its paragraphs are passages,
 * searchable like everything else.
 */
#ifndef GOVREC_NOTE_H
#define GOVREC_NOTE_H

#include <stddef.h>
#include <stdint.h>

#include "govrec/error.h"
#include "govrec/store.h"

struct govrec_note_new {
	const char *review;  /* "CSC Charter Review 2018" */
	const char *section; /* may be NULL */
	const char *date;    /* may be NULL: today */
	const char *title;   /* may be NULL: the first heading, or the file name */
	const char *path;    /* file to read, "-" for standard input */
};

/*
 * Reads the note at n->path (text or Markdown) and stores it.  *id gets the
 * document id; *existed is 1 when the same bytes were archived before.
 */
enum govrec_status govrec_note_add(struct govrec_store *st, const struct govrec_note_new *n,
				   int64_t *id, int *existed, struct govrec_error *err);

struct govrec_note {
	int64_t id;
	const char *review, *section, *date, *title; /* borrowed during the callback */
	int passages;
};

/* Calls fn for each note (of review, when not NULL), by date. */
enum govrec_status govrec_note_each(struct govrec_store *st, const char *review,
				    int (*fn)(const struct govrec_note *, void *), void *ctx,
				    struct govrec_error *err);

#endif
