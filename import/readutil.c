/*
 * readutil.c - line iteration, character references and dates for the
 * readers (see readutil.h).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "govrec/readers.h"
#include "govrec/draft.h"
#include "govrec/util.h"
#include "readutil.h"

void line_iter_init(struct line_iter *it, const void *data, size_t len)
{
	const char *s = data;

	it->p = s;
	it->end = s + len;
	it->lineno = 0;
	if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		it->p += 3;
}

int line_next(struct line_iter *it, const char **s, size_t *n, struct govrec_error *err)
{
	const char *q, *cr;

	if (it->p >= it->end)
		return 0;
	/* memchr is vectorised: find the '\n', then any '\r' before it */
	q = memchr(it->p, '\n', (size_t)(it->end - it->p));
	if (!q)
		q = it->end;
	cr = memchr(it->p, '\r', (size_t)(q - it->p));
	if (cr)
		q = cr;
	it->lineno++;
	*s = it->p;
	*n = (size_t)(q - it->p);
	if (*n > GOVREC_MAX_LINE) {
		govrec_error_set(err, GOVREC_INVALID, "line %zu is longer than %u bytes", it->lineno,
				 GOVREC_MAX_LINE);
		return -1;
	}
	if (q < it->end && *q == '\r') {
		q++;
		if (q < it->end && *q == '\n')
			q++;
	} else if (q < it->end) {
		q++;
	}
	it->p = q;
	return 1;
}

enum govrec_status check_lines(const void *data, size_t len, struct govrec_error *err)
{
	struct line_iter it;
	const char *s;
	size_t n;
	int r;

	line_iter_init(&it, data, len);
	while ((r = line_next(&it, &s, &n, err)) == 1)
		;
	return r < 0 ? GOVREC_INVALID : GOVREC_OK;
}

int line_blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

/* The length of the UTF-8 sequence at s (at most n bytes), or 0 when it is not one. */
size_t utf8_seq_len(const unsigned char *s, size_t n)
{
	size_t len, k;
	unsigned long cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (k = 1; k < len; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[k] & 0x3f);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return len;
}

void add_utf8(struct govrec_buf *out, unsigned long cp)
{
	if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	if (cp < 0x80) {
		govrec_buf_addch(out, (int)cp);
	} else if (cp < 0x800) {
		govrec_buf_addch(out, (int)(0xc0 | (cp >> 6)));
		govrec_buf_addch(out, (int)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		govrec_buf_addch(out, (int)(0xe0 | (cp >> 12)));
		govrec_buf_addch(out, (int)(0x80 | ((cp >> 6) & 0x3f)));
		govrec_buf_addch(out, (int)(0x80 | (cp & 0x3f)));
	} else {
		govrec_buf_addch(out, (int)(0xf0 | (cp >> 18)));
		govrec_buf_addch(out, (int)(0x80 | ((cp >> 12) & 0x3f)));
		govrec_buf_addch(out, (int)(0x80 | ((cp >> 6) & 0x3f)));
		govrec_buf_addch(out, (int)(0x80 | (cp & 0x3f)));
	}
}

/* The named references that appear in captions and simple HTML. */
static const struct {
	const char *name;
	unsigned long cp;
} entities[] = {
	{ "amp", '&' },     { "lt", '<' },       { "gt", '>' },       { "quot", '"' },
	{ "apos", '\'' },   { "nbsp", 0xa0 },    { "lrm", 0x200e },   { "rlm", 0x200f },
	{ "ndash", 0x2013 }, { "mdash", 0x2014 }, { "rsquo", 0x2019 }, { "lsquo", 0x2018 },
	{ "rdquo", 0x201d }, { "ldquo", 0x201c }, { "hellip", 0x2026 }, { "eacute", 0xe9 },
	{ NULL, 0 }
};

void decode_entities(struct govrec_buf *out, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		const char *semi;
		size_t k, len;

		if (s[i] != '&') {
			govrec_buf_addch(out, s[i++]);
			continue;
		}
		semi = memchr(s + i, ';', n - i < 12 ? n - i : 12);
		if (!semi) {
			govrec_buf_addch(out, s[i++]);
			continue;
		}
		len = (size_t)(semi - (s + i + 1));
		if (len > 1 && s[i + 1] == '#') {
			char num[16];
			char *e;
			unsigned long cp;
			int hex = s[i + 2] == 'x' || s[i + 2] == 'X';

			memcpy(num, s + i + 2 + hex, len - 1 - (size_t)hex);
			num[len - 1 - (size_t)hex] = '\0';
			cp = strtoul(num, &e, hex ? 16 : 10);
			if (*num && !*e) {
				add_utf8(out, cp);
				i += len + 2;
				continue;
			}
		}
		for (k = 0; entities[k].name; k++)
			if (strlen(entities[k].name) == len &&
			    memcmp(entities[k].name, s + i + 1, len) == 0)
				break;
		if (entities[k].name) {
			add_utf8(out, entities[k].cp);
			i += len + 2;
		} else {
			govrec_buf_addch(out, s[i++]);
		}
	}
}

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

void add_words(struct govrec_buf *b, const char *s, size_t n)
{
	size_t i = 0, w;
	int space = b->len > 0 && b->data[b->len - 1] != '\n';

	while (i < n) {
		if (is_space((unsigned char)s[i])) {
			space = b->len > 0;
			i++;
			continue;
		}
		for (w = i + 1; w < n && !is_space((unsigned char)s[w]); w++)
			;
		if (space && b->len && b->data[b->len - 1] != '\n')
			govrec_buf_addch(b, ' ');
		space = 0;
		govrec_buf_add(b, s + i, w - i); /* a word at a time */
		i = w;
	}
	if (space && b->len && b->data[b->len - 1] != ' ' && b->data[b->len - 1] != '\n')
		govrec_buf_addch(b, ' ');
}

enum govrec_status check_no_nul(const void *data, size_t len, struct govrec_error *err)
{
	const char *z = memchr(data, '\0', len);

	if (z)
		return govrec_error_set(err, GOVREC_INVALID, "has a NUL byte at byte offset %zu",
					(size_t)(z - (const char *)data));
	return GOVREC_OK;
}

const char *mem_find(const char *s, size_t n, const char *needle)
{
	size_t m = strlen(needle);
	const char *p;

	if (!m)
		return NULL;
	while (n >= m && (p = memchr(s, needle[0], n - m + 1)) != NULL) {
		if (memcmp(p, needle, m) == 0)
			return p;
		n -= (size_t)(p + 1 - s);
		s = p + 1;
	}
	return NULL;
}

int name_ends(const char *name, const char *suffix)
{
	size_t n, m = strlen(suffix);

	if (!name)
		return 0;
	n = strlen(name);
	return n >= m && strcasecmp(name + n - m, suffix) == 0;
}

static const char *const months[] = { "january", "february", "march",     "april",
				      "may",     "june",     "july",      "august",
				      "september", "october", "november", "december" };

int month_number(const char *s, size_t n)
{
	int m;

	if (n < 3)
		return 0;
	for (m = 0; m < 12; m++) {
		size_t full = strlen(months[m]);

		if ((n == full || n == 3 || (n == 4 && m == 8)) && n <= full &&
		    strncasecmp(s, months[m], n) == 0)
			return m + 1;
	}
	return 0;
}

/* Reads a run of digits at s[*i]: its value, or -1 when there is none. */
static long digits(const char *s, size_t n, size_t *i, size_t maxlen)
{
	long v = 0;
	size_t k = 0;

	while (*i < n && k < maxlen && isdigit((unsigned char)s[*i])) {
		v = v * 10 + (s[*i] - '0');
		(*i)++;
		k++;
	}
	if (k == 0 || (*i < n && isdigit((unsigned char)s[*i])))
		return -1;
	return v;
}

static int make_date(long y, long m, long d, char out[11])
{
	char tmp[32];

	if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	snprintf(tmp, sizeof(tmp), "%04ld-%02ld-%02ld", y, m, d);
	if (!govrec_date_valid(tmp))
		return -1;
	memcpy(out, tmp, 11);
	return 0;
}

static size_t skip_space(const char *s, size_t n, size_t i)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == ','))
		i++;
	return i;
}

int find_date(const char *s, size_t n, char out[11])
{
	size_t i;

	for (i = 0; i < n; i++) {
		size_t j = i, w;
		long a, b, c;
		int m;

		if (i > 0 && isalnum((unsigned char)s[i - 1]))
			continue;
		if (isdigit((unsigned char)s[i])) {
			/* 2019-10-15 */
			a = digits(s, n, &j, 4);
			if (a >= 1900 && j - i == 4 && j < n && s[j] == '-') {
				j++;
				b = digits(s, n, &j, 2);
				if (b > 0 && j < n && s[j] == '-') {
					j++;
					c = digits(s, n, &j, 2);
					if (c > 0 && make_date(a, b, c, out) == 0)
						return 0;
				}
				continue;
			}
			/* 15 October 2019 */
			j = i;
			a = digits(s, n, &j, 2);
			if (a < 1)
				continue;
			j = skip_space(s, n, j);
			for (w = j; w < n && isalpha((unsigned char)s[w]); w++)
				;
			m = month_number(s + j, w - j);
			if (!m)
				continue;
			j = skip_space(s, n, w + (w < n && s[w] == '.'));
			c = digits(s, n, &j, 4);
			if (make_date(c, m, a, out) == 0)
				return 0;
		} else if (isalpha((unsigned char)s[i])) {
			/* October 15, 2019 */
			for (w = i; w < n && isalpha((unsigned char)s[w]); w++)
				;
			m = month_number(s + i, w - i);
			if (!m)
				continue;
			j = skip_space(s, n, w + (w < n && s[w] == '.'));
			b = digits(s, n, &j, 2);
			if (b < 1)
				continue;
			if (j + 1 < n && (strncmp(s + j, "st", 2) == 0 || strncmp(s + j, "nd", 2) == 0 ||
					  strncmp(s + j, "rd", 2) == 0 || strncmp(s + j, "th", 2) == 0))
				j += 2;
			j = skip_space(s, n, j);
			c = digits(s, n, &j, 4);
			if (make_date(c, m, b, out) == 0)
				return 0;
		}
	}
	return -1;
}

int govrec_draft_add_capped(struct govrec_document_draft *d, const char *speaker,
			    int64_t start_ms, int64_t end_ms, const char *heading,
			    const char *body)
{
	if (d->npassages > GOVREC_MAX_PASSAGES)
		return 0;
	return govrec_draft_add(d, speaker, start_ms, end_ms, heading, body);
}
