/*
 * vtt.c - captions: WebVTT (Zoom and Teams) and SRT, as passages.
 *
 * WebVTT is parsed by the W3C algorithm in webvtt.c; SRT, which has no
 * spec, here, strictly: a malformed timestamp, an end before its start or a
 * start before the previous cue's start is an error naming the line.  A
 * cue's timing becomes the passage's start_ms and end_ms.  The speaker is
 * the first voice span (<v Name>, Teams) or a "Name: " at the start of the
 * payload (Zoom, and SRT files made from it).  Tags are dropped, a ruby's
 * reading with them, and character references decoded.  Consecutive cues
 * of the same speaker in time order are merged into one passage (first
 * start, last end) up to MERGE_MAX bytes, so a turn reads as a turn.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "govrec/util.h"
#include "govrec/buf.h"
#include "readers-int.h"
#include "readutil.h"
#include "vtt-int.h"

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
	if (c->have && govrec_draft_add_capped(c->d, c->speaker.len ? c->speaker.data : NULL,
					       c->start, c->end, NULL, c->body.data))
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

	int64_t last = c->last_start;

	c->last_start = start;
	if (!*text)
		return;
	/* a cue out of time order, or ending before it starts, is a passage of its own */
	if (!same || c->body.len + strlen(text) > MERGE_MAX || start < last || end < start ||
	    c->end < c->start)
		cues_flush(c);
	if (!c->have) {
		c->have = 1;
		c->start = start;
		c->end = end;
		govrec_buf_adds(&c->speaker, speaker ? speaker : "");
	}
	if (end > c->end)
		c->end = end;
	add_words(&c->body, text, strlen(text));
}

/* Parses an SRT timestamp at s; on error sets err naming the line. */
static int timestamp(const char *s, size_t n, size_t line, int64_t *ms, struct govrec_error *err)
{
	long part[3];
	size_t i = 0, np = 0, k;
	/* SRT writes a comma; a period, as WebVTT writes it, is taken too */
	char sep = ',', other = '.';
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
	if (i == n || (s[i] != sep && s[i] != other)) {
		const char *why = "is malformed";

		if (i == n)
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
static int timing(const char *s, size_t n, size_t line, int64_t *start, int64_t *end,
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
	if (timestamp(s + a, b - a, line, start, err))
		return -1;
	a = (size_t)(arrow - s) + 3;
	while (a < n && (s[a] == ' ' || s[a] == '\t'))
		a++;
	for (e = a; e < n && s[e] != ' ' && s[e] != '\t'; e++)
		;
	if (timestamp(s + a, e - a, line, end, err))
		return -1;
	if (*end <= *start) {
		govrec_error_set(err, GOVREC_INVALID, "line %zu: cue ends before it starts", line);
		return -1;
	}
	return 0;
}

/* The name of the tag at s (after '<'): its length, *end set when it is an end tag. */
static size_t tag_name(const char *s, size_t n, int *end)
{
	size_t i = 0, k;

	*end = n > 0 && s[0] == '/';
	i = (size_t)*end;
	for (k = i; k < n && s[k] != '.' && s[k] != '>' && s[k] != ' ' && s[k] != '\t' &&
		    s[k] != '\n' && s[k] != '\f';
	     k++)
		;
	return k - i;
}

/* <v Name>: the annotation after the tag name and its classes, as the speaker. */
static void voice(const char *s, const char *gt, struct govrec_buf *speaker)
{
	const char *v = s + 2;
	struct govrec_buf name = GOVREC_BUF_INIT;

	while (v < gt && *v != ' ' && *v != '\t' && *v != '\n' && *v != '\f')
		v++;
	decode_entities(&name, v, (size_t)(gt - v));
	add_words(speaker, name.data ? name.data : "", name.len);
	govrec_buf_trim(speaker);
	govrec_buf_release(&name);
}

/* Zoom: "Byron Holland: text" - a short capitalised name and ": " start the text. */
static void zoom_speaker(struct govrec_buf *speaker, struct govrec_buf *text)
{
	const char *colon = mem_find(text->data, text->len < 66 ? text->len : 66, ": ");
	size_t words = 1, k;
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

void vtt_payload(const char *s, size_t n, struct govrec_buf *speaker, struct govrec_buf *text)
{
	struct govrec_buf raw = GOVREC_BUF_INIT, dec = GOVREC_BUF_INIT;
	size_t i = 0, start = speaker->len;
	int in_rt = 0, end;

	while (i < n) {
		if (s[i] == '<') {
			const char *gt = memchr(s + i, '>', n - i);
			size_t len = tag_name(s + i + 1, n - i - 1, &end);
			const char *name = s + i + 1 + end;

			if (!gt)
				break;
			if (len == 2 && memcmp(name, "rt", 2) == 0)
				in_rt = !end; /* a ruby's reading: not the text */
			else if (end && len == 4 && memcmp(name, "ruby", 4) == 0)
				in_rt = 0;
			else if (!end && len == 1 && *name == 'v' && speaker->len == start)
				voice(s + i, gt, speaker);
			i = (size_t)(gt - s) + 1;
			continue;
		}
		if (!in_rt)
			govrec_buf_addch(&raw, s[i]);
		i++;
	}
	decode_entities(&dec, raw.data ? raw.data : "", raw.len);
	add_words(text, dec.data ? dec.data : "", dec.len);
	govrec_buf_trim(text);
	if (speaker->len == start && text->len)
		zoom_speaker(speaker, text);
	govrec_buf_release(&raw);
	govrec_buf_release(&dec);
}

static void cues_init(struct cues *c, struct govrec_document_draft *d)
{
	memset(c, 0, sizeof(*c));
	c->d = d;
	c->last_start = -1;
	govrec_buf_init(&c->speaker);
	govrec_buf_init(&c->body);
}

/* Flushes the last run; the status, and the draft's kind and media type set. */
static enum govrec_status cues_done(struct cues *c, const char *media_type,
				    struct govrec_error *err)
{
	cues_flush(c);
	govrec_buf_release(&c->speaker);
	govrec_buf_release(&c->body);
	if (c->oom)
		return govrec_error_oom(err);
	if (!c->d->kind)
		govrec_draft_set(&c->d->kind, "captions");
	if (!c->d->media_type)
		govrec_draft_set(&c->d->media_type, media_type);
	return GOVREC_OK;
}

static void cue_text(struct cues *c, const char *s, size_t n, int64_t start, int64_t end)
{
	struct govrec_buf speaker = GOVREC_BUF_INIT, text = GOVREC_BUF_INIT;

	vtt_payload(s, n, &speaker, &text);
	cues_add(c, speaker.len ? speaker.data : NULL, start, end, text.len ? text.data : "");
	govrec_buf_release(&speaker);
	govrec_buf_release(&text);
}

static enum govrec_status read_srt(const unsigned char *data, size_t len,
				   struct govrec_document_draft *d, struct govrec_error *err)
{
	struct line_iter it;
	struct cues c;
	struct govrec_buf lines = GOVREC_BUF_INIT;
	const char *s;
	size_t n, timing_line;
	enum govrec_status rc = GOVREC_OK;
	int r;
	int64_t start, end;

	if ((rc = govrec_utf8_check(data, len, err)) != GOVREC_OK)
		return rc;
	cues_init(&c, d);
	line_iter_init(&it, data, len);
	for (;;) {
		r = line_next(&it, &s, &n, err);
		if (r <= 0)
			break;
		if (line_blank(s, n))
			continue;
		if (!mem_find(s, n, "-->")) {
			/* the cue's index: the timing follows */
			size_t id_line = it.lineno;

			r = line_next(&it, &s, &n, err);
			if (r < 0)
				break;
			if (r == 0 || !mem_find(s, n, "-->")) {
				rc = govrec_error_set(err, GOVREC_INVALID,
						      "line %zu: cue has no timing line", id_line);
				break;
			}
		}
		timing_line = it.lineno;
		if (timing(s, n, timing_line, &start, &end, err)) {
			r = -1;
			break;
		}
		if (start < c.last_start) {
			rc = govrec_error_set(err, GOVREC_INVALID,
					      "line %zu: cue starts before the previous one",
					      timing_line);
			break;
		}
		govrec_buf_reset(&lines);
		while ((r = line_next(&it, &s, &n, err)) == 1 && !line_blank(s, n)) {
			if (lines.len)
				govrec_buf_addch(&lines, ' ');
			govrec_buf_add(&lines, s, n);
		}
		if (r < 0)
			break;
		cue_text(&c, lines.data ? lines.data : "", lines.len, start, end);
		if (r == 0)
			break;
	}
	if (r < 0 && rc == GOVREC_OK)
		rc = GOVREC_INVALID;
	govrec_buf_release(&lines);
	if (rc != GOVREC_OK) {
		govrec_buf_release(&c.speaker);
		govrec_buf_release(&c.body);
		return rc;
	}
	return cues_done(&c, "application/x-subrip", err);
}

static int webvtt_cue(void *ctx, const struct vtt_cue *cue)
{
	struct cues *c = ctx;

	cue_text(c, cue->text, cue->text_len, cue->start_ms, cue->end_ms);
	return c->oom;
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
	struct cues c;
	enum govrec_status rc;

	cues_init(&c, d);
	rc = vtt_parse(data, len, d, webvtt_cue, &c, err);
	if (rc != GOVREC_OK) {
		govrec_buf_release(&c.speaker);
		govrec_buf_release(&c.body);
		return rc;
	}
	return cues_done(&c, "text/vtt", err);
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
	return read_srt(data, len, d, err);
}
