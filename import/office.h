/*
 * office.h - what the DOCX and ODT readers share (private to import/): the
 * parts of a zip package, the outline of headings that gives each passage its
 * heading path, and dates taken from document properties.
 */
#ifndef GOVREC_IMPORT_OFFICE_H
#define GOVREC_IMPORT_OFFICE_H

#include <stddef.h>

#include "govrec/buf.h"
#include "govrec/draft.h"
#include "govrec/error.h"

/* The XML parts (and the mimetype entry) of a zip package, copied out. */
struct govrec_office_part {
	char *name;
	char *data; /* NUL-terminated */
	size_t len;
};

struct govrec_office_package {
	struct govrec_office_part *parts;
	size_t nparts, cap;
};

/*
 * Unpacks the entries of data whose names end in .xml or .rels, and the
 * mimetype entry, with the default import limits (govrec_archive_walk).
 * Release with govrec_office_release() whatever the result.
 */
enum govrec_status govrec_office_unpack(const void *data, size_t len,
					struct govrec_office_package *pkg,
					struct govrec_error *err);
void govrec_office_release(struct govrec_office_package *pkg);

/* The part named name (exactly, as in the zip), or NULL. */
const struct govrec_office_part *govrec_office_part(const struct govrec_office_package *pkg,
						    const char *name);

/*
 * 1 when data is a zip whose central directory lists an entry called name.
 * For detect(): cheap, bounds-checked, never fails.
 */
int govrec_office_has_entry(const void *data, size_t len, const char *name);

#define GOVREC_OUTLINE_LEVELS 10

/*
 * The headings above the current point of a document; path is "A / B" of
 * the levels set, and empty before the first heading.
 */
struct govrec_outline {
	struct govrec_buf heads[GOVREC_OUTLINE_LEVELS];
	struct govrec_buf path;
};

void govrec_outline_init(struct govrec_outline *o);
void govrec_outline_release(struct govrec_outline *o);

/* Sets heading level (1-based, clamped to the levels there are) to text,
 * forgetting the levels below it. */
void govrec_outline_set(struct govrec_outline *o, int level, const char *text);

/*
 * Adds body (trimmed; nothing when empty) as a passage under the outline's
 * path.  GOVREC_ERROR when memory runs out.
 */
enum govrec_status govrec_outline_add(struct govrec_outline *o,
				      struct govrec_document_draft *d, const char *body,
				      struct govrec_error *err);

/*
 * Sets d->date from an ISO 8601 timestamp ("2019-10-15T14:00:00Z") when d has
 * no date and the timestamp starts with a real date.  Returns 1 when set.
 */
int govrec_office_set_date(struct govrec_document_draft *d, const char *stamp);

/* Sets d->title to text, trimmed, when d has none and text is not blank. */
void govrec_office_set_title(struct govrec_document_draft *d, const char *text);

/*
 * What a block (a paragraph, a table) holds that becomes a passage after the
 * block's own: a text box, a note, a comment.  Both readers queue them while
 * they read a block and empty the queue after its passage; what a queued
 * item holds in turn joins the end of the same queue, so no chain of notes
 * makes a reader recurse.  kind and note mean what the reader says.
 */
struct govrec_office_item {
	int kind;
	const void *node; /* the element whose text the passage is */
	void *note;       /* the reader's own record of it, or NULL */
};

struct govrec_office_queue {
	struct govrec_office_item *v;
	size_t n, cap;
};

/* Appends an item; GOVREC_ERROR (err set) when memory runs out. */
enum govrec_status govrec_office_queue_push(struct govrec_office_queue *q, int kind,
					    const void *node, void *note,
					    struct govrec_error *err);

void govrec_office_queue_release(struct govrec_office_queue *q);

#endif
