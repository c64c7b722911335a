/*
 * chat.c - meeting chat logs: Zoom's saved chat and Adobe Connect chat
 * transcripts.
 *
 * Zoom writes one message a line, "hh:mm:ss From Name to Everyone: text"
 * (older clients "From Name : text"; private messages "to Name(Direct
 * Message)"), and since version 5 "hh:mm:ss\tName:\ttext"; a message with
 * line breaks continues on lines without a time.  Adobe Connect's chat pod,
 * as mailed to the list, writes "Name:text" with no space after the colon,
 * sometimes after a "[hh:mm]" or "(hh:mm)" time.  Every message is a passage
 * with its sender as speaker and, when the log has times, the time of day as
 * start_ms.
 */
#include <ctype.h>
#include <string.h>

#include "govrec/util.h"
#include "govrec/buf.h"
#include "readers-int.h"
#include "readutil.h"

struct msg {
	struct govrec_buf speaker, text;
	int64_t at;
	int have;
};

/* hh:mm:ss or h:mm[:ss] [AM|PM] at s: its length, or 0; *ms the time of day. */
static size_t clock_time(const char *s, size_t n, int64_t *ms)
{
	size_t i = 0;
	long part[3] = { 0, 0, 0 };
	int np = 0;

	while (np < 3) {
		size_t st = i;
		long v = 0;

		while (i < n && isdigit((unsigned char)s[i]) && i - st < 2)
			v = v * 10 + (s[i++] - '0');
		if (i == st)
			return 0;
		part[np++] = v;
		if (i < n && s[i] == ':' && np < 3)
			i++;
		else
			break;
	}
	if (np < 2 || part[0] > 23 || part[1] > 59 || part[2] > 59)
		return 0;
	if (i + 3 <= n && s[i] == ' ' && (s[i + 1] == 'A' || s[i + 1] == 'P') && s[i + 2] == 'M') {
		if (part[0] == 12)
			part[0] = 0;
		if (s[i + 1] == 'P')
			part[0] += 12;
		i += 3;
	}
	*ms = ((int64_t)part[0] * 3600 + part[1] * 60 + part[2]) * 1000;
	return i;
}

/*
 * A Zoom message line: the sender in *ss (*sn bytes) and the text offset in *txt.
 * 1 when it is one.
 */
static int zoom_line(const char *s, size_t n, int64_t *at, const char **ss, size_t *sn,
		     size_t *txt)
{
	size_t i = clock_time(s, n, at), a, b;
	const char *to, *colon;

	if (!i || i == n)
		return 0;
	if (s[i] == '\t') {
		/* 00:15:02<TAB>Name:<TAB>text */
		const char *tab = memchr(s + i + 1, '\t', n - i - 1);

		if (!tab || tab == s + i + 1 || tab[-1] != ':')
			return 0;
		*ss = s + i + 1;
		*sn = (size_t)(tab - 1 - *ss);
		*txt = (size_t)(tab + 1 - s);
		return *sn > 0;
	}
	while (i < n && s[i] == ' ')
		i++;
	if (n - i < 6 || memcmp(s + i, "From ", 5) != 0)
		return 0;
	a = i + 5;
	while (a < n && s[a] == ' ')
		a++;
	colon = mem_find(s + a, n - a, ": ");
	if (!colon) {
		if (n > a && s[n - 1] == ':')
			colon = s + n - 1;
		else
			return 0;
	}
	b = (size_t)(colon - s);
	to = NULL;
	{
		/* the last " to " before the colon separates sender and recipient */
		const char *p = s + a;

		while ((p = mem_find(p, (size_t)(s + b - p), " to ")) != NULL) {
			to = p;
			p += 4;
		}
	}
	if (to)
		b = (size_t)(to - s);
	while (b > a && s[b - 1] == ' ')
		b--;
	if (b == a)
		return 0;
	*ss = s + a;
	*sn = b - a;
	*txt = (size_t)(colon - s) + 1;
	return 1;
}

/* An Adobe Connect line: "[hh:mm] Name:text". */
static int adobe_line(const char *s, size_t n, int64_t *at, const char **ss, size_t *sn,
		      size_t *txt)
{
	size_t i = 0, k, words = 1;
	const char *colon;

	*at = GOVREC_NO_TIME;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i < n && (s[i] == '[' || s[i] == '(')) {
		size_t t = clock_time(s + i + 1, n - i - 1, at);

		if (!t || i + 1 + t >= n || (s[i + 1 + t] != ']' && s[i + 1 + t] != ')'))
			return 0;
		i += t + 2;
		while (i < n && s[i] == ' ')
			i++;
	}
	colon = memchr(s + i, ':', n - i);
	if (!colon || colon == s + i || (size_t)(colon - (s + i)) > 60 ||
	    colon + 1 >= s + n || colon[1] == ' ' || colon[1] == '/' || colon[1] == '\t')
		return 0;
	if (!isupper((unsigned char)s[i]) && (unsigned char)s[i] < 0x80)
		return 0;
	for (k = i; s + k < colon; k++) {
		unsigned char c = (unsigned char)s[k];

		if (c == ' ')
			words++;
		else if (!(isalnum(c) || c == '.' || c == '\'' || c == '-' || c == '(' || c == ')' ||
			   c >= 0x80))
			return 0;
	}
	if (words > 6 || isdigit((unsigned char)colon[1]))
		return 0;
	*ss = s + i;
	*sn = (size_t)(colon - (s + i));
	*txt = (size_t)(colon - s) + 1;
	return 1;
}

typedef int (*line_fn)(const char *, size_t, int64_t *, const char **, size_t *, size_t *);

static int count_lines(const unsigned char *data, size_t len, line_fn fn, int *total)
{
	struct line_iter it;
	const char *s, *ss;
	size_t n, sn, txt;
	int64_t at;
	int hits = 0;

	*total = 0;
	if (memchr(data, '\0', len < 65536 ? len : 65536))
		return 0;
	line_iter_init(&it, data, len < 65536 ? len : 65536);
	while (*total < 500 && line_next(&it, &s, &n, NULL) == 1) {
		if (line_blank(s, n))
			continue;
		(*total)++;
		hits += fn(s, n, &at, &ss, &sn, &txt);
	}
	return hits;
}

static int flush(struct govrec_document_draft *d, struct msg *m)
{
	int rc = 0;

	if (m->have && m->text.len)
		rc = govrec_draft_add_capped(d, m->speaker.data, m->at, GOVREC_NO_TIME, NULL, m->text.data);
	m->have = 0;
	govrec_buf_reset(&m->speaker);
	govrec_buf_reset(&m->text);
	return rc;
}

static enum govrec_status read_chat(const unsigned char *data, size_t len, line_fn fn,
				    struct govrec_document_draft *d, struct govrec_error *err)
{
	struct line_iter it;
	struct msg m;
	const char *s, *ss;
	size_t n, sn, txt;
	int64_t at;
	int r, oom = 0;
	enum govrec_status rc;

	if ((rc = govrec_utf8_check(data, len, err)) != GOVREC_OK)
		return rc;
	memset(&m, 0, sizeof(m));
	govrec_buf_init(&m.speaker);
	govrec_buf_init(&m.text);
	line_iter_init(&it, data, len);
	while ((r = line_next(&it, &s, &n, err)) == 1) {
		if (fn(s, n, &at, &ss, &sn, &txt)) {
			oom |= flush(d, &m);
			m.have = 1;
			m.at = at;
			govrec_buf_add(&m.speaker, ss, sn);
			add_words(&m.text, s + txt, n - txt);
		} else if (m.have && !line_blank(s, n)) {
			/* a message that goes on over several lines */
			govrec_buf_addch(&m.text, '\n');
			add_words(&m.text, s, n);
		}
	}
	oom |= flush(d, &m);
	govrec_buf_release(&m.speaker);
	govrec_buf_release(&m.text);
	if (r < 0)
		return GOVREC_INVALID;
	if (oom)
		return govrec_error_oom(err);
	if (!d->kind)
		govrec_draft_set(&d->kind, "chat");
	if (!d->media_type)
		govrec_draft_set(&d->media_type, "text/plain");
	return GOVREC_OK;
}

int govrec_detect_zoom_chat(const unsigned char *data, size_t len, const char *name)
{
	int total, hits = count_lines(data, len, zoom_line, &total);

	if (hits >= 1 && hits * 2 >= total)
		return 90;
	return 0;
}

enum govrec_status govrec_read_zoom_chat(const unsigned char *data, size_t len, const char *name,
					 struct govrec_document_draft *d,
					 struct govrec_error *err)
{
	return read_chat(data, len, zoom_line, d, err);
}

int govrec_detect_adobe_chat(const unsigned char *data, size_t len, const char *name)
{
	int total, hits = count_lines(data, len, adobe_line, &total);

	if (hits >= 3 && hits * 2 >= total)
		return 80;
	return 0;
}

enum govrec_status govrec_read_adobe_chat(const unsigned char *data, size_t len,
					  const char *name, struct govrec_document_draft *d,
					  struct govrec_error *err)
{
	return read_chat(data, len, adobe_line, d, err);
}
