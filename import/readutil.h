/*
 * readutil.h - what the line-oriented readers of import/ share (internal).
 *
 * A line iterator that knows LF, CRLF and lone CR endings, counts lines for
 * messages and refuses absurdly long lines; decoding of HTML character
 * references (WebVTT payloads, HTML); and a few text predicates.  Nothing
 * here touches the archive.
 */
#ifndef GOVREC_IMPORT_READUTIL_H
#define GOVREC_IMPORT_READUTIL_H

#include <stddef.h>
#include <stdint.h>

#include "govrec/buf.h"
#include "govrec/draft.h"
#include "govrec/error.h"

/* A line longer than this is refused: no real transcript or cue has one. */
#define GOVREC_MAX_LINE (1u << 20)

struct line_iter {
	const char *p, *end;
	size_t lineno; /* of the line last returned, from 1 */
};

/* Starts at data, skipping a UTF-8 byte order mark. */
void line_iter_init(struct line_iter *it, const void *data, size_t len);

/*
 * The next line without its ending: 1 with *s and *n set, 0 at the end, -1
 * for a line over GOVREC_MAX_LINE (err names the line).
 */
int line_next(struct line_iter *it, const char **s, size_t *n, struct govrec_error *err);

/* Refuses data with a line over GOVREC_MAX_LINE (err names the line). */
enum govrec_status check_lines(const void *data, size_t len, struct govrec_error *err);

/*
 * govrec_draft_add() that stops adding once d holds one passage more than
 * GOVREC_MAX_PASSAGES (readers.h): the reader goes on to the end, the draft
 * stays small, and the driver refuses the document for its count.  -1 when
 * memory runs out, as govrec_draft_add().
 */
int govrec_draft_add_capped(struct govrec_document_draft *d, const char *speaker,
			    int64_t start_ms, int64_t end_ms, const char *heading,
			    const char *body);

/* 1 when the n bytes at s are only spaces and tabs. */
int line_blank(const char *s, size_t n);

/* Appends s with character references (&amp; &#233; &#x2014; &nbsp;) decoded. */
void decode_entities(struct govrec_buf *out, const char *s, size_t n);

/* The length of the UTF-8 sequence at s (n bytes available), 0 when there is none there. */
size_t utf8_seq_len(const unsigned char *s, size_t n);

/* Appends a code point as UTF-8. */
void add_utf8(struct govrec_buf *out, unsigned long cp);

/* Appends s to b, joined by one space when b is not empty; runs of white space collapsed. */
void add_words(struct govrec_buf *b, const char *s, size_t n);

/* Refuses NUL bytes: GOVREC_INVALID "has a NUL byte at byte offset N". */
enum govrec_status check_no_nul(const void *data, size_t len, struct govrec_error *err);

/* The first occurrence of needle in the n bytes at s, or NULL. */
const char *mem_find(const char *s, size_t n, const char *needle);

/* 1 when name ends with suffix, ignoring case. */
int name_ends(const char *name, const char *suffix);

/*
 * Finds a date in text written as "Tuesday, 15 October 2019", "15 October
 * 2019", "October 15, 2019", "Oct 15 2019" or "2019-10-15"; writes
 * YYYY-MM-DD into out.  0 when found, -1 otherwise.
 */
int find_date(const char *s, size_t n, char out[11]);

/* The month 1-12 named by the word at s (full or three letters), or 0. */
int month_number(const char *s, size_t n);

#endif
