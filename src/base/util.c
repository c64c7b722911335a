/*
 * util.c - dates, times and text helpers (see util.h).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "embedded.h"
#include "govrec/util.h"

static int is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int64_t y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

static int digits(const char *s, int n)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int govrec_date_valid(const char *s)
{
	int y, m, d;

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	y = digits(s, 4);
	m = digits(s + 5, 2);
	d = digits(s + 8, 2);
	if (y < 1900 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= month_days(y, m);
}

enum govrec_status govrec_date_check(const char *s, const char *what, struct govrec_error *err)
{
	struct govrec_buf b = GOVREC_BUF_INIT;
	enum govrec_status rc = GOVREC_OK;

	if (!govrec_date_valid(s)) {
		govrec_buf_add_safe(&b, s ? s : "", 64);
		rc = govrec_error_set(err, GOVREC_INVALID, "%s '%s' is not a date (YYYY-MM-DD)", what,
				      b.data);
	}
	govrec_buf_release(&b);
	return rc;
}

/* Howard Hinnant's days_from_civil. */
int64_t govrec_date_days(const char *s)
{
	int64_t y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void govrec_date_from_days(int64_t z, char out[11])
{
	int64_t era, doe, yoe, y, doy, mp, d, m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	snprintf(out, 11, "%04d-%02d-%02d", (int)y, (int)m, (int)d);
}

void govrec_date_today(char out[11])
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

int govrec_time_valid(const char *s)
{
	int h, m;

	if (!s || strlen(s) != 5 || s[2] != ':')
		return 0;
	h = digits(s, 2);
	m = digits(s + 3, 2);
	return h >= 0 && h <= 23 && m >= 0 && m <= 59;
}

/* Length of the valid UTF-8 sequence at s (1-4), or 0. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n, i;
	unsigned int cp;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0)
		n = 2, cp = s[0] & 0x1f;
	else if ((s[0] & 0xf0) == 0xe0)
		n = 3, cp = s[0] & 0x0f;
	else if ((s[0] & 0xf8) == 0xf0)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/* Length of the character at s that XML 1.0 can carry (1-4), or 0. */
static size_t xml_char_len(const unsigned char *s)
{
	size_t n;

	if (s[0] >= 0x20 && s[0] < 0x80)
		return 1;
	if (s[0] < 0x20)
		return s[0] == '\t' || s[0] == '\n' || s[0] == '\r';
	n = utf8_len(s);
	/* U+FFFE and U+FFFF: EF BF BE, EF BF BF */
	if (n == 3 && s[0] == 0xef && s[1] == 0xbf && s[2] >= 0xbe)
		return 0;
	return n;
}

/* 1 when 8 bytes are all printable ASCII (0x20-0x7f): none below 0x20, none with the top bit. */
static int ascii8(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return (((v - 0x2020202020202020ULL) | v) & 0x8080808080808080ULL) == 0;
}

int govrec_text_xml_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + strlen(s);
	size_t n;

	while (p < end) {
		if (end - p >= 8 && ascii8(p)) {
			p += 8;
			continue;
		}
		if ((n = xml_char_len(p)) == 0)
			return 0;
		p += n;
	}
	return 1;
}

size_t govrec_text_xml_clean(struct govrec_buf *b)
{
	struct govrec_buf out = GOVREC_BUF_INIT;
	const unsigned char *p;
	size_t n, replaced = 0;

	if (!b->len || govrec_text_xml_ok(b->data))
		return 0;
	for (p = (const unsigned char *)b->data; *p; p += n ? n : 1) {
		n = xml_char_len(p);
		if (n) {
			govrec_buf_add(&out, p, n);
			continue;
		}
		replaced++;
		if (*p == '\f' || *p == '\v') {
			govrec_buf_addch(&out, '\n');
		} else {
			size_t skip = utf8_len(p);

			govrec_buf_adds(&out, "\xef\xbf\xbd");
			if (skip > 1) /* a whole U+FFFE/U+FFFF */
				p += skip - 1;
		}
	}
	govrec_buf_release(b);
	*b = out;
	return replaced;
}

void govrec_buf_add_safe(struct govrec_buf *b, const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t used = 0;

	while (*p && (!max || used < max)) {
		size_t n = utf8_len(p);

		if (n == 0 || (n == 1 && (*p < 0x20 || *p == 0x7f))) {
			govrec_buf_addch(b, '?');
			p++;
			used++;
			continue;
		}
		/* C1 controls U+0080-U+009F */
		if (n == 2 && p[0] == 0xc2 && p[1] < 0xa0) {
			govrec_buf_addch(b, '?');
		} else {
			govrec_buf_add(b, p, n);
		}
		p += n;
		used += n;
	}
	if (*p)
		govrec_buf_adds(b, "...");
}

int govrec_parse_int(const char *s, int64_t min, int64_t max, int64_t *out)
{
	char *end;
	long long v;

	if (!s || !*s || isspace((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

char *govrec_ascii_lower(char *s)
{
	char *p;

	for (p = s; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return s;
}

const struct govrec_embedded *govrec_embedded_find(const char *name)
{
	const struct govrec_embedded *e;

	for (e = govrec_embedded; e->name; e++)
		if (strcmp(e->name, name) == 0)
			return e;
	return NULL;
}

void govrec_hex_encode(const unsigned char *bin, size_t n, char *hex)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		hex[2 * i] = digits[bin[i] >> 4];
		hex[2 * i + 1] = digits[bin[i] & 15];
	}
	hex[2 * n] = '\0';
}

const char *govrec_base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash && slash[1] ? slash + 1 : path;
}

int govrec_ends_with(const char *s, const char *suffix, int nocase)
{
	size_t n = strlen(s), m = strlen(suffix);

	if (n < m)
		return 0;
	return nocase ? strcasecmp(s + n - m, suffix) == 0 : strcmp(s + n - m, suffix) == 0;
}

void *govrec_grow(void *p, size_t n, size_t size)
{
	void *q = realloc(p, (n + 1) * size);

	if (!q)
		govrec_oom();
	return q;
}

enum govrec_status govrec_utf8_check(const void *data, size_t len, struct govrec_error *err)
{
	const unsigned char *s = data;
	size_t i = 0;

	if (len >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf)
		i = 3;
	while (i < len) {
		unsigned char c;
		size_t n, k;
		unsigned int cp;
		uint64_t w;

		/* eight bytes at a time while they are ASCII and not NUL */
		while (i + 8 <= len) {
			memcpy(&w, s + i, 8);
			if ((w & 0x8080808080808080u) ||
			    ((w - 0x0101010101010101u) & ~w & 0x8080808080808080u))
				break;
			i += 8;
		}
		if (i == len)
			break;
		c = s[i];
		if (c < 0x80) {
			if (c == 0)
				return govrec_error_set(err, GOVREC_INVALID,
							"has a NUL byte at byte offset %zu", i);
			i++;
			continue;
		}
		if ((c & 0xe0) == 0xc0)
			n = 2, cp = c & 0x1f;
		else if ((c & 0xf0) == 0xe0)
			n = 3, cp = c & 0x0f;
		else if ((c & 0xf8) == 0xf0)
			n = 4, cp = c & 0x07;
		else
			goto bad;
		if (i + n > len)
			goto bad;
		for (k = 1; k < n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				goto bad;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			goto bad;
		i += n;
	}
	return GOVREC_OK;
bad:
	return govrec_error_set(err, GOVREC_INVALID, "is not UTF-8 at byte offset %zu", i);
}

/* A table: it runs for every byte of every bag manifest read. */
int govrec_hex_value(int c)
{
	/* The value plus one; 0 for a byte that is not a hex digit. */
	static const signed char plus1[256] = {
	    ['0'] = 1,  ['1'] = 2,  ['2'] = 3,  ['3'] = 4,  ['4'] = 5,  ['5'] = 6,
	    ['6'] = 7,  ['7'] = 8,  ['8'] = 9,  ['9'] = 10, ['a'] = 11, ['b'] = 12,
	    ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16, ['A'] = 11, ['B'] = 12,
	    ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
	};

	return plus1[c & 0xff] - 1;
}
