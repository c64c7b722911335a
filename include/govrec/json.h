/*
 * json.h - a small JSON writer into a govrec_buf.
 *
 * The writer keeps track of commas and indentation; callers say what comes
 * next.  Strings are escaped, and invalid UTF-8 is written as U+FFFD, so the
 * output is always valid JSON.  Output is pretty-printed with two spaces, with
 * keys in the order they were written (callers keep that order fixed: the
 * field names and their order are part of the command line's contract).
 */
#ifndef GOVREC_JSON_H
#define GOVREC_JSON_H

#include <stdint.h>

#include "govrec/buf.h"

#define GOVREC_JSON_DEPTH 32

struct govrec_json {
	struct govrec_buf *out;
	int depth;
	int count[GOVREC_JSON_DEPTH];  /* values written at each depth */
	char closer[GOVREC_JSON_DEPTH]; /* '}' or ']' for each open level */
	int after_key;
};

void govrec_json_init(struct govrec_json *j, struct govrec_buf *out);

void govrec_json_object(struct govrec_json *j);  /* { */
void govrec_json_array(struct govrec_json *j);   /* [ */
void govrec_json_end(struct govrec_json *j);     /* } or ] */

void govrec_json_key(struct govrec_json *j, const char *key);
void govrec_json_str(struct govrec_json *j, const char *s); /* NULL writes null */
void govrec_json_strn(struct govrec_json *j, const char *s, size_t n);
void govrec_json_int(struct govrec_json *j, int64_t v);
void govrec_json_real(struct govrec_json *j, double v);
void govrec_json_bool(struct govrec_json *j, int v);
void govrec_json_null(struct govrec_json *j);

/* key and value together */
void govrec_json_kstr(struct govrec_json *j, const char *key, const char *s);
void govrec_json_kint(struct govrec_json *j, const char *key, int64_t v);
void govrec_json_kbool(struct govrec_json *j, const char *key, int v);

/* Appends s as a JSON string literal (with quotes) to b. */
void govrec_json_quote(struct govrec_buf *b, const char *s, size_t n);

#endif
