/*
 * draft.h - a document as a reader makes it: the text, before it is stored.
 *
 * The one type the formats layer (import/) and the records layer share:
 * readers fill a draft from bytes; govrec_document_store() (document.h)
 * validates and stores it.  Plain data, no archive: it sits in base so
 * that a reader needs nothing above it.
 */
#ifndef GOVREC_DRAFT_H
#define GOVREC_DRAFT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define GOVREC_NO_TIME (-1)

struct govrec_passage_draft {
	char *speaker;   /* label as written, or NULL */
	int64_t start_ms; /* GOVREC_NO_TIME when the source has no times */
	int64_t end_ms;
	char *heading;   /* section path "A / B", or NULL */
	char *body;      /* UTF-8, not empty */
};

struct govrec_document_draft {
	/* set by the reader (all owned by the draft, freed by _release) */
	char *kind;        /* transcript, captions, chat, notes, ..., see govrec_document_kinds */
	char *title;
	char *date;        /* YYYY-MM-DD or NULL */
	char *media_type;
	char *meta;        /* a JSON object or NULL */
	char *layout;      /* the layout the reader read ("teleconference"), or NULL;
			      set before read() to make the reader use that one */
	struct govrec_passage_draft *passages;
	size_t npassages, cap;
	/* set by the caller */
	char *file_name;
	int64_t meeting;   /* meeting number, 0 for none */
	char *review;      /* review-note: the review */
	char *section;     /* review-note: the charter section */
	const char *importer;         /* static: reader name */
	const char *importer_version; /* static */
	const void *bytes; /* the original bytes, borrowed */
	size_t size;
	/* what the reader dropped or had to guess (govrec_draft_warn), in order */
	char **warnings;
	size_t nwarnings;
	size_t warnings_more; /* past GOVREC_DRAFT_MAX_WARNINGS: counted only */
};

/* Warnings kept per draft; a hostile file could make one per line. */
#define GOVREC_DRAFT_MAX_WARNINGS 100

void govrec_draft_init(struct govrec_document_draft *d);
void govrec_draft_release(struct govrec_document_draft *d);

/*
 * Replaces the string field *field with a copy of value (NULL clears it),
 * made fit for a bundle as govrec_text_xml_clean says; passages too.
 */
void govrec_draft_set(char **field, const char *value);

/*
 * Appends a passage; the strings are copied.  speaker and heading may be NULL;
 * a body that is empty after trimming is skipped (returns 0, as on success).
 */
int govrec_draft_add(struct govrec_document_draft *d, const char *speaker, int64_t start_ms,
		     int64_t end_ms, const char *heading, const char *body);

/*
 * Records that the reader stored the file but dropped or guessed part of it:
 * "line 12: cue dropped: the end time is before the start".  The document
 * is still stored (import says so on stderr, and `import --strict` refuses
 * it instead).  Messages name the line or page, lowercase, as errors do;
 * the first GOVREC_DRAFT_MAX_WARNINGS are kept, the rest counted.
 */
void govrec_draft_warn(struct govrec_document_draft *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
