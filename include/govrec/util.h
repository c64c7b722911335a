/*
 * util.h - dates, times and text helpers shared by every module.
 *
 * Dates are strings YYYY-MM-DD throughout govrec (they sort and compare as
 * text); these functions check them and do arithmetic on them.
 */
#ifndef GOVREC_UTIL_H
#define GOVREC_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "govrec/buf.h"
#include "govrec/error.h"

/* 1 when s is a real calendar date YYYY-MM-DD (years 1900-9999). */
int govrec_date_valid(const char *s);

/*
 * GOVREC_OK when s is a date; otherwise GOVREC_INVALID with the message
 * "<what> '<s>' is not a date (YYYY-MM-DD)".
 */
enum govrec_status govrec_date_check(const char *s, const char *what, struct govrec_error *err);

/* Days since 1970-01-01 of a valid date. */
int64_t govrec_date_days(const char *s);

/* The date days after 1970-01-01, into out (11 bytes). */
void govrec_date_from_days(int64_t days, char out[11]);

/* Today's date in UTC, into out (11 bytes). */
void govrec_date_today(char out[11]);

/* 1 when s is a time of day HH:MM (00:00-23:59). */
int govrec_time_valid(const char *s);

/*
 * Appends s to b with every control character (and invalid UTF-8 byte)
 * replaced by '?', at most max bytes of it (0: all), for quoting untrusted
 * text in messages and terminal output.
 */
void govrec_buf_add_safe(struct govrec_buf *b, const char *s, size_t max);

/*
 * Text as a bundle can carry it.  XML 1.0 has no way to write the C0
 * controls other than TAB, LF and CR, nor U+FFFE, U+FFFF or bytes that are
 * not UTF-8; a record holding one could not travel through export and
 * restore unchanged, and a full bundle restores only when every record is
 * exactly what its audit log says.  So text is made fit when it enters the
 * archive: in b, form feed and vertical tab (page and line breaks from PDF
 * and word-processor text) become LF and the rest become U+FFFD.  Returns
 * how many characters were replaced.
 */
size_t govrec_text_xml_clean(struct govrec_buf *b);

/* 1 when s holds only what govrec_text_xml_clean would leave as it is. */
int govrec_text_xml_ok(const char *s);

/* The last component of path ("a/b.txt": "b.txt"); path itself when it ends in '/'. */
const char *govrec_base_name(const char *path);

/* 1 when s ends with suffix (nocase: ASCII letters in either case). */
int govrec_ends_with(const char *s, const char *suffix, int nocase);

/*
 * p grown to hold n + 1 elements of size bytes (realloc); out of memory is
 * govrec_oom().  For arrays that grow by one.
 */
void *govrec_grow(void *p, size_t n, size_t size);

/* The value of the hex digit c (either case), -1 for any other byte. */
int govrec_hex_value(int c);

/* n bytes as 2n lowercase hex digits and a NUL, into hex. */
void govrec_hex_encode(const unsigned char *bin, size_t n, char *hex);

/* Parses a whole decimal number in [min, max]; 0 on success, -1 otherwise. */
int govrec_parse_int(const char *s, int64_t min, int64_t max, int64_t *out);

/* Lower-cases ASCII letters of s in place and returns s. */
char *govrec_ascii_lower(char *s);

/*
 * Checks that data is UTF-8 (a leading BOM is allowed).  GOVREC_INVALID
 * "is not UTF-8 at byte offset N" (counting from 0) otherwise.
 */
enum govrec_status govrec_utf8_check(const void *data, size_t len, struct govrec_error *err);

/* A file of records/data, compiled in (src/base/embed.cmake). */
struct govrec_embedded {
	const char *name;           /* file name, e.g. "annex-a-section-2-metrics.tsv" */
	const unsigned char *data;  /* NUL-terminated */
	size_t size;
};

/* The embedded file called name, or NULL. */
const struct govrec_embedded *govrec_embedded_find(const char *name);

#endif
