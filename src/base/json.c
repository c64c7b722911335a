/*
 * json.c - the JSON writer of json.h.
 *
 * Nesting deeper than GOVREC_JSON_DEPTH is a programming error; the writer
 * still produces balanced output by not tracking the extra levels' commas.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "govrec/json.h"

void govrec_json_init(struct govrec_json *j, struct govrec_buf *out)
{
	memset(j, 0, sizeof(*j));
	j->out = out;
}

static void indent(struct govrec_json *j)
{
	int i;

	govrec_buf_addch(j->out, '\n');
	for (i = 0; i < j->depth; i++)
		govrec_buf_adds(j->out, "  ");
}

/* The separator and indentation due before a value or a key. */
static void before(struct govrec_json *j)
{
	if (j->after_key) {
		j->after_key = 0;
		return;
	}
	if (j->depth > 0) {
		if (j->count[j->depth] > 0)
			govrec_buf_addch(j->out, ',');
		indent(j);
	}
	j->count[j->depth]++;
}

static void open_level(struct govrec_json *j, char open, char close)
{
	before(j);
	govrec_buf_addch(j->out, open);
	if (j->depth + 1 < GOVREC_JSON_DEPTH) {
		j->depth++;
		j->count[j->depth] = 0;
		j->closer[j->depth] = close;
	}
}

void govrec_json_object(struct govrec_json *j)
{
	open_level(j, '{', '}');
}

void govrec_json_array(struct govrec_json *j)
{
	open_level(j, '[', ']');
}

void govrec_json_end(struct govrec_json *j)
{
	char close;

	if (j->depth == 0)
		return;
	close = j->closer[j->depth];
	j->depth--;
	if (j->count[j->depth + 1] > 0)
		indent(j);
	govrec_buf_addch(j->out, close);
	if (j->depth == 0)
		govrec_buf_addch(j->out, '\n');
}

void govrec_json_quote(struct govrec_buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;

	govrec_buf_addch(b, '"');
	while (p < end) {
		unsigned char c = *p;
		size_t len = 0, i;

		if (c == '"' || c == '\\') {
			govrec_buf_addch(b, '\\');
			govrec_buf_addch(b, c);
			p++;
			continue;
		}
		if (c < 0x20 || c == 0x7f) {
			switch (c) {
			case '\n': govrec_buf_adds(b, "\\n"); break;
			case '\t': govrec_buf_adds(b, "\\t"); break;
			case '\r': govrec_buf_adds(b, "\\r"); break;
			default: govrec_buf_addf(b, "\\u%04x", c); break;
			}
			p++;
			continue;
		}
		if (c < 0x80) {
			govrec_buf_addch(b, c);
			p++;
			continue;
		}
		/* Copy a well-formed UTF-8 sequence; anything else becomes U+FFFD. */
		if ((c & 0xe0) == 0xc0 && c >= 0xc2)
			len = 2;
		else if ((c & 0xf0) == 0xe0)
			len = 3;
		else if ((c & 0xf8) == 0xf0 && c <= 0xf4)
			len = 4;
		for (i = 1; len && i < len; i++)
			if (p + i >= end || (p[i] & 0xc0) != 0x80)
				len = 0;
		if (len == 3 && ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] >= 0xa0)))
			len = 0;
		if (len == 4 && ((c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] >= 0x90)))
			len = 0;
		if (!len) {
			govrec_buf_adds(b, "\xef\xbf\xbd");
			p++;
			continue;
		}
		govrec_buf_add(b, p, len);
		p += len;
	}
	govrec_buf_addch(b, '"');
}

void govrec_json_key(struct govrec_json *j, const char *key)
{
	before(j);
	govrec_json_quote(j->out, key, strlen(key));
	govrec_buf_adds(j->out, ": ");
	j->after_key = 1;
}

void govrec_json_strn(struct govrec_json *j, const char *s, size_t n)
{
	before(j);
	govrec_json_quote(j->out, s, n);
	if (j->depth == 0)
		govrec_buf_addch(j->out, '\n');
}

void govrec_json_str(struct govrec_json *j, const char *s)
{
	if (!s)
		govrec_json_null(j);
	else
		govrec_json_strn(j, s, strlen(s));
}

static void scalar(struct govrec_json *j, const char *text)
{
	before(j);
	govrec_buf_adds(j->out, text);
	if (j->depth == 0)
		govrec_buf_addch(j->out, '\n');
}

void govrec_json_int(struct govrec_json *j, int64_t v)
{
	char num[32];

	snprintf(num, sizeof(num), "%lld", (long long)v);
	scalar(j, num);
}

void govrec_json_real(struct govrec_json *j, double v)
{
	char num[40];

	if (!isfinite(v)) {
		scalar(j, "null");
		return;
	}
	snprintf(num, sizeof(num), "%.15g", v);
	scalar(j, num);
}

void govrec_json_bool(struct govrec_json *j, int v)
{
	scalar(j, v ? "true" : "false");
}

void govrec_json_null(struct govrec_json *j)
{
	scalar(j, "null");
}

void govrec_json_kstr(struct govrec_json *j, const char *key, const char *s)
{
	govrec_json_key(j, key);
	govrec_json_str(j, s);
}

void govrec_json_kint(struct govrec_json *j, const char *key, int64_t v)
{
	govrec_json_key(j, key);
	govrec_json_int(j, v);
}

void govrec_json_kbool(struct govrec_json *j, const char *key, int v)
{
	govrec_json_key(j, key);
	govrec_json_bool(j, v);
}
