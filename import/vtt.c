/*
 * vtt.c - captions: WebVTT (Zoom and Teams) and SRT.
 *
 * A cue's timing becomes the passage's start_ms and end_ms.  The speaker is
 * the first voice span (<v Name>, Teams) or a "Name: " at the start of the
 * payload (Zoom, and SRT files made from it).  Tags are dropped and character
 * references decoded.  Consecutive cues of the same speaker are merged into
 * one passage (first start, last end) up to MERGE_MAX bytes, so a turn reads
 * as a turn.  Timestamps are checked strictly: a malformed one, an end before
 * its start or a start before the previous cue's start is an error naming
 * the line.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "govrec/util.h"
#include "govrec/buf.h"
#include "readers-int.h"
#include "readutil.h"

#define MERGE_MAX 4000

struct cues {
	struct govrec_document_draft *d;
	struct govrec_buf speaker, body;
	int have; /* a merged run is pending */
	int64_t start, end, last_start;
	int oom;
};

static void cues_flush(struct cues *c)
{
	if (c->have && govrec_draft_add_capped(c->d, c->speaker.len ? c->speaker.data : NULL, c->start,
					c->end, NULL, c->body.data))
		c->oom = 1;
	c->have = 0;
	govrec_buf_reset(&c->body);
	govrec_buf_reset(&c->speaker);
}

static void cues_add(struct cues *c, const char *speaker, int64_t start, int64_t end,
		     const char *text)
{
	const char *cur = c->speaker.len ? c->speaker.data : NULL;
	int same = c->have && ((!cur && !speaker) || (cur && speaker && strcmp(cur, speaker) == 0));

	if (!*text)
		return;
	if (!same || c->body.len + strlen(text) > MERGE_MAX)
		cues_flush(c);
	if (!c->have) {
		c->have = 1;
		c->start = start;
		govrec_buf_adds(&c->speaker, speaker ? speaker : "");
	}
	c->end = end;
	add_words(&c->body, text, strlen(text));
}

/* Parses a timestamp at s; on error sets err naming the line. */
static int timestamp(const char *s, size_t n, int srt, size_t line, int64_t *ms,
		     struct govrec_error *err)
{
	long part[3];
	size_t i = 0, np = 0, k;
	char sep = srt ? ',' : '.', other = srt ? '.' : ',';
	long frac = 0;

	for (;;) {
		size_t start = i;
		long v = 0;

		while (i < n && isdigit((unsigned char)s[i]) && i - start < 10)
			v = v * 10 + (s[i++] - '0');
		if (i == start || np == 3)
			goto bad;
		part[np++] = v;
		if (i < n && s[i] == ':') {
			i++;
			continue;
		}
		break;
	}
	if (np < 2)
		goto bad;
	if (i == n || (s[i] != sep && !(srt && s[i] == other))) {
		const char *why = "is malformed";

		if (i < n && s[i] == other)
			why = "has a comma where WebVTT has a period";
		else if (i == n)
			why = "has no milliseconds";
		govrec_error_set(err, GOVREC_INVALID, "line %zu: timestamp '%.*s' %s", line,
				 (int)(n > 20 ? 20 : n), s, why);
		return -1;
	}
	i++;
	for (k = 0; k < 3; k++, i++) {
		if (i >= n || !isdigit((unsigned char)s[i]))
			goto bad;
		frac = frac * 10 + (s[i] - '0');
	}
	if (i != n)
		goto bad;
	{
		long h = np == 3 ? part[0] : 0, m = part[np - 2], sec = part[np - 1];

		if (m > 59 || sec > 59)
			goto bad;
		*ms = ((int64_t)h * 3600 + m * 60 + sec) * 1000 + frac;
	}
	return 0;
bad:
	govrec_error_set(err, GOVREC_INVALID, "line %zu: timestamp '%.*s' is malformed", line,
			 (int)(n > 20 ? 20 : n), s);
	return -1;
}

/* "start --> end [settings]" */
static int timing(const char *s, size_t n, int srt, size_t line, int64_t *start, int64_t *end,
		  struct govrec_error *err)
{
	const char *arrow = mem_find(s, n, "-->");
	size_t a = 0, b, e;

	if (!arrow) {
		govrec_error_set(err, GOVREC_INVALID, "line %zu: cue has no timing line", line);
		return -1;
	}
	while (a < n && (s[a] == ' ' || s[a] == '\t'))
		a++;
	b = (size_t)(arrow - s);
	while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
		b--;
	if (timestamp(s + a, b - a, srt, line, start, err))
		return -1;
	a = (size_t)(arrow - s) + 3;
	while (a < n && (s[a] == ' ' || s[a] == '\t'))
		a++;
	for (e = a; e < n && s[e] != ' ' && s[e] != '\t'; e++)
		;
	if (timestamp(s + a, e - a, srt, line, end, err))
		return -1;
	if (*end <= *start) {
		govrec_error_set(err, GOVREC_INVALID, "line %zu: cue ends before it starts", line);
		return -1;
	}
	return 0;
}

/* Payload text: voice, tags stripped, references decoded, Zoom "Name: " split off. */
static void payload(const char *s, size_t n, struct govrec_buf *speaker, struct govrec_buf *text)
{
	struct govrec_buf raw = GOVREC_BUF_INIT;
	size_t i = 0, k;

	while (i < n) {
		if (s[i] == '<') {
			const char *gt = memchr(s + i, '>', n - i);

			if (!gt)
				break;
			if (!speaker->len && n - i > 3 && s[i + 1] == 'v' &&
			    (s[i + 2] == ' ' || s[i + 2] == '.')) {
				const char *v = s + i + 2;

				while (v < gt && *v != ' ')
					v++;
				while (v < gt && *v == ' ')
					v++;
				decode_entities(speaker, v, (size_t)(gt - v));
				govrec_buf_trim(speaker);
			}
			i = (size_t)(gt - s) + 1;
			continue;
		}
		govrec_buf_addch(&raw, s[i++]);
	}
	decode_entities(text, raw.data, raw.len);
	govrec_buf_trim(text);
	if (!speaker->len) {
		/* Zoom: "Byron Holland: text" */
		const char *colon = mem_find(text->data, text->len < 66 ? text->len : 66, ": ");
		size_t words = 1;
		int ok = colon && colon > text->data + 1 && isupper((unsigned char)text->data[0]);

		for (k = 0; ok && text->data + k < colon; k++) {
			unsigned char c = (unsigned char)text->data[k];

			if (c == ' ')
				words++;
			else if (!(isalnum(c) || c == '.' || c == '\'' || c == '-' || c == '(' ||
				   c == ')' || c == '&' || c >= 0x80))
				ok = 0;
		}
		if (ok && words <= 6) {
			size_t ln = (size_t)(colon - text->data);

			govrec_buf_add(speaker, text->data, ln);
			memmove(text->data, colon + 2, text->len - ln - 2);
			govrec_buf_setlen(text, text->len - ln - 2);
			govrec_buf_trim(text);
		}
	}
	govrec_buf_release(&raw);
}

static int starts_word(const char *s, size_t n, const char *w)
{
	size_t m = strlen(w);

	return n >= m && memcmp(s, w, m) == 0 && (n == m || s[m] == ' ' || s[m] == '\t');
}

static enum govrec_status read_cues(const unsigned char *data, size_t len, int srt,
				    struct govrec_document_draft *d, struct govrec_error *err)
{
	struct line_iter it;
	struct cues c;
	struct govrec_buf lines = GOVREC_BUF_INIT, speaker = GOVREC_BUF_INIT,
			  text = GOVREC_BUF_INIT;
	const char *s;
	size_t n, timing_line;
	enum govrec_status rc = GOVREC_OK;
	int r;
	int64_t start, end;

	if ((rc = govrec_utf8_check(data, len, err)) != GOVREC_OK)
		return rc;
	memset(&c, 0, sizeof(c));
	c.d = d;
	c.last_start = -1;
	govrec_buf_init(&c.speaker);
	govrec_buf_init(&c.body);
	line_iter_init(&it, data, len);
	if (!srt) {
		/* The WEBVTT line and the header block. */
		if (line_next(&it, &s, &n, err) != 1 || !starts_word(s, n, "WEBVTT")) {
			rc = govrec_error_set(err, GOVREC_INVALID, "line 1: no WEBVTT signature");
			goto out;
		}
		while ((r = line_next(&it, &s, &n, err)) == 1 && !line_blank(s, n))
			;
		if (r < 0)
			goto bad;
	}
	for (;;) {
		r = line_next(&it, &s, &n, err);
		if (r < 0)
			goto bad;
		if (r == 0)
			break;
		if (line_blank(s, n))
			continue;
		if (!srt && (starts_word(s, n, "NOTE") || starts_word(s, n, "STYLE") ||
			     starts_word(s, n, "REGION"))) {
			while ((r = line_next(&it, &s, &n, err)) == 1 && !line_blank(s, n))
				;
			if (r < 0)
				goto bad;
			continue;
		}
		if (!mem_find(s, n, "-->")) {
			/* a cue identifier (WebVTT) or index (SRT): the timing follows */
			size_t id_line = it.lineno;

			r = line_next(&it, &s, &n, err);
			if (r < 0)
				goto bad;
			if (r == 0 || !mem_find(s, n, "-->")) {
				rc = govrec_error_set(err, GOVREC_INVALID,
						      "line %zu: cue has no timing line", id_line);
				goto out;
			}
		}
		timing_line = it.lineno;
		if (timing(s, n, srt, timing_line, &start, &end, err))
			goto bad;
		if (start < c.last_start) {
			rc = govrec_error_set(err, GOVREC_INVALID,
					      "line %zu: cue starts before the previous one",
					      timing_line);
			goto out;
		}
		c.last_start = start;
		govrec_buf_reset(&lines);
		while ((r = line_next(&it, &s, &n, err)) == 1 && !line_blank(s, n)) {
			if (lines.len)
				govrec_buf_addch(&lines, ' ');
			govrec_buf_add(&lines, s, n);
		}
		if (r < 0)
			goto bad;
		govrec_buf_reset(&speaker);
		govrec_buf_reset(&text);
		payload(lines.data, lines.len, &speaker, &text);
		cues_add(&c, speaker.len ? speaker.data : NULL, start, end, text.data);
		if (r == 0)
			break;
	}
	cues_flush(&c);
	if (c.oom) {
		rc = govrec_error_oom(err);
		goto out;
	}
	if (!d->kind)
		govrec_draft_set(&d->kind, "captions");
	if (!d->media_type)
		govrec_draft_set(&d->media_type, srt ? "application/x-subrip" : "text/vtt");
	goto out;
bad:
	rc = GOVREC_INVALID;
out:
	govrec_buf_release(&lines);
	govrec_buf_release(&speaker);
	govrec_buf_release(&text);
	govrec_buf_release(&c.speaker);
	govrec_buf_release(&c.body);
	return rc;
}

int govrec_detect_webvtt(const unsigned char *data, size_t len, const char *name)
{
	const char *s = (const char *)data;

	if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		s += 3, len -= 3;
	if (len >= 6 && memcmp(s, "WEBVTT", 6) == 0 &&
	    (len == 6 || s[6] == ' ' || s[6] == '\t' || s[6] == '\n' || s[6] == '\r'))
		return 100;
	return name_ends(name, ".vtt") ? 30 : 0;
}

enum govrec_status govrec_read_webvtt(const unsigned char *data, size_t len, const char *name,
				      struct govrec_document_draft *d, struct govrec_error *err)
{
	return read_cues(data, len, 0, d, err);
}

int govrec_detect_srt(const unsigned char *data, size_t len, const char *name)
{
	struct line_iter it;
	const char *s;
	size_t n, i;

	line_iter_init(&it, data, len < 4096 ? len : 4096);
	while (line_next(&it, &s, &n, NULL) == 1 && line_blank(s, n))
		;
	if (it.lineno == 0 || n == 0)
		return 0;
	for (i = 0; i < n && isdigit((unsigned char)s[i]); i++)
		;
	if (i == n && line_next(&it, &s, &n, NULL) == 1 && n >= 29 && mem_find(s, n, "-->") &&
	    s[2] == ':' && s[8] == ',')
		return 95;
	return name_ends(name, ".srt") ? 30 : 0;
}

enum govrec_status govrec_read_srt(const unsigned char *data, size_t len, const char *name,
				   struct govrec_document_draft *d, struct govrec_error *err)
{
	return read_cues(data, len, 1, d, err);
}
