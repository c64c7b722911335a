/*
 * webvtt.c - WebVTT files by the W3C parsing algorithm (webvtt1, section
 * 6.1 "WebVTT file parsing"), the way a browser reads them.
 *
 * Browsers drop what they cannot read and keep the rest, so one bad cue no
 * longer loses a whole meeting's captions: only a file without the "WEBVTT"
 * signature is refused.  Each dropped block is a warning naming its line
 * (govrec_draft_warn), so `import --strict` can still refuse such a file.
 * The places where this follows the spec and an easier reading would not:
 *
 * - a block ends at an empty line only; a line of spaces is cue text;
 * - a line holding "-->" inside a cue's text ends that cue and starts the
 *   next block, so a timing line that follows text without a blank line is
 *   a cue of its own, never merged into the one before;
 * - timestamps: minutes and seconds exactly two digits and under 60, the
 *   fraction exactly three digits; hours are any number of digits, and a
 *   first field that is not exactly two digits (or is over 59) is hours, so
 *   it needs the three-field form ("0:00:01.000" is good, "0:01.000" not);
 * - a cue whose end is not after its start is kept, as the spec keeps it;
 * - NUL becomes U+FFFD; form feed is white space around the timings;
 * - STYLE and REGION blocks before the first cue, NOTE comments and the
 *   header (old-style "Region:" lines too) are skipped.
 *
 * One limit the spec has not: hours over 999999 (114 years) drop the cue,
 * so that a time always fits in milliseconds.
 */
#include <stdio.h>
#include <string.h>

#include "govrec/buf.h"
#include "govrec/util.h"
#include "readutil.h"
#include "vtt-int.h"

#define MAX_HOURS 999999L

struct vtt {
	const char *s;
	size_t n, pos;
	size_t line; /* the number of the line at pos, from 1 */
	int seen_cue;
	struct govrec_document_draft *d;
	vtt_cue_fn fn;
	void *ctx;
	struct govrec_buf buf, id;
	int stop;
};

/*
 * The spec's preprocessing: the byte order mark dropped, NUL and bytes that
 * are not UTF-8 replaced by U+FFFD, CRLF and CR made LF (so line numbers
 * stay those of the file).  The first bad byte is a warning; NUL is not,
 * as the spec replaces it without a word.
 */
static void preprocess(const unsigned char *p, size_t len, struct govrec_buf *out,
		       struct govrec_document_draft *d)
{
	size_t i = 0, line = 1;
	int warned = 0;

	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len) {
		size_t k = utf8_seq_len(p + i, len - i);

		if (p[i] == '\r' || p[i] == '\n') {
			govrec_buf_addch(out, '\n');
			line++;
			i += p[i] == '\r' && i + 1 < len && p[i + 1] == '\n' ? 2 : 1;
		} else if (p[i] == 0 || k == 0) {
			if (p[i] && !warned) {
				govrec_draft_warn(
				    d, "line %zu: bytes that are not UTF-8 read as U+FFFD", line);
				warned = 1;
			}
			govrec_buf_adds(out, "\xef\xbf\xbd");
			i++;
		} else {
			govrec_buf_add(out, (const char *)p + i, k);
			i += k;
		}
	}
}

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Collects ASCII digits at *i: their count, the value in *v (saturating). */
static size_t digits(const char *s, size_t n, size_t *i, long *v)
{
	size_t start = *i;

	*v = 0;
	for (; *i < n && is_digit(s[*i]); (*i)++)
		if (*v <= MAX_HOURS)
			*v = *v * 10 + (s[*i] - '0');
	return *i - start;
}

/* "Collect a WebVTT timestamp": NULL with *ms set, or why it is not one. */
static const char *timestamp(const char *s, size_t n, size_t *i, int64_t *ms)
{
	long v1, v2, v3, v4;
	size_t len;
	int hours;

	if (*i >= n || !is_digit(s[*i]))
		return "does not start with a digit";
	len = digits(s, n, i, &v1);
	hours = len != 2 || v1 > 59;
	if (*i >= n || s[*i] != ':')
		return "has no ':' after its first field";
	(*i)++;
	if (digits(s, n, i, &v2) != 2)
		return "has a minutes or seconds field that is not two digits";
	if (hours || (*i < n && s[*i] == ':')) {
		if (*i >= n || s[*i] != ':')
			return "has a first field of hours but no seconds";
		(*i)++;
		if (digits(s, n, i, &v3) != 2)
			return "has a seconds field that is not two digits";
	} else {
		v3 = v2, v2 = v1, v1 = 0;
	}
	if (*i >= n || s[*i] != '.')
		return "has no '.' before the milliseconds";
	(*i)++;
	if (digits(s, n, i, &v4) != 3)
		return "has milliseconds that are not three digits";
	if (v2 > 59 || v3 > 59)
		return "has minutes or seconds over 59";
	if (v1 > MAX_HOURS)
		return "has hours out of range";
	*ms = ((int64_t)v1 * 3600 + v2 * 60 + v3) * 1000 + v4;
	return NULL;
}

static size_t skip_ws(const char *s, size_t n, size_t i)
{
	while (i < n && is_ws(s[i]))
		i++;
	return i;
}

/* The timestamp written at s[at], as a message quotes it: up to white space or '-'. */
static int token(const char *s, size_t n, size_t at)
{
	size_t e = at;

	while (e < n && e - at < 20 && !is_ws(s[e]) && s[e] != '-')
		e++;
	return (int)(e - at);
}

static void bad_time(char *msg, size_t msgsize, const char *which, const char *s, size_t n,
		     size_t at, const char *why)
{
	int len = token(s, n, at);

	if (len == 0)
		snprintf(msg, msgsize, "there is no %s time", which);
	else
		snprintf(msg, msgsize, "the %s time '%.*s' %s", which, len, s + at, why);
}

/*
 * "Collect WebVTT cue timings and settings" (the settings are read and not
 * kept: govrec stores no layout).  0, or -1 with why in msg.
 */
static int timings(const char *s, size_t n, int64_t *start, int64_t *end, char *msg, size_t msgsize)
{
	size_t i = skip_ws(s, n, 0), at = i;
	const char *why = timestamp(s, n, &i, start);

	if (why) {
		bad_time(msg, msgsize, "start", s, n, at, why);
		return -1;
	}
	i = skip_ws(s, n, i);
	if (n - i < 3 || memcmp(s + i, "-->", 3) != 0) {
		snprintf(msg, msgsize, "no '-->' after the start time");
		return -1;
	}
	i = skip_ws(s, n, i + 3);
	at = i;
	if ((why = timestamp(s, n, &i, end)) != NULL) {
		bad_time(msg, msgsize, "end", s, n, at, why);
		return -1;
	}
	return 0;
}

/* 1 when s starts with word followed by white space or nothing ("STYLE", "NOTE"). */
static int starts_word(const char *s, size_t n, const char *word)
{
	size_t m = strlen(word);

	return n >= m && memcmp(s, word, m) == 0 && (n == m || is_ws(s[m]));
}

static void emit(struct vtt *v, size_t line, int64_t start, int64_t end)
{
	struct vtt_cue c;

	c.line = line;
	c.start_ms = start;
	c.end_ms = end;
	c.id = v->id.len ? v->id.data : "";
	c.id_len = v->id.len;
	c.text = v->buf.len ? v->buf.data : "";
	c.text_len = v->buf.len;
	if (v->fn(v->ctx, &c))
		v->stop = 1;
}

/* Why a block that is not a cue was dropped, when it is worth a warning. */
static void dropped(struct vtt *v, size_t first, size_t timing_line, const char *why)
{
	const char *s = v->buf.data;
	size_t n = v->buf.len;

	if (timing_line) {
		govrec_draft_warn(v->d, "line %zu: cue dropped: %s", timing_line, why);
		return;
	}
	/* a comment, or style and region settings (old-style "REGION:" too) govrec does not keep */
	if (starts_word(s, n, "NOTE") || (n >= 5 && memcmp(s, "STYLE", 5) == 0) ||
	    (n >= 6 && memcmp(s, "REGION", 6) == 0))
		return;
	govrec_draft_warn(v->d, "line %zu: text block dropped: it has no cue timing line", first);
}

/* "Collect a WebVTT block" from v->pos. */
static void block(struct vtt *v, int in_header)
{
	size_t lines = 0, prev = v->pos, prev_line = v->line, first = v->line, timing_line = 0;
	int seen_eof = 0, seen_arrow = 0, cue = 0, style = 0;
	int64_t start = 0, end = 0;
	char why[160] = "";

	govrec_buf_reset(&v->buf);
	govrec_buf_reset(&v->id);
	while (!seen_eof) {
		const char *s = v->s + v->pos, *lf = memchr(s, '\n', v->n - v->pos);
		size_t n = lf ? (size_t)(lf - s) : v->n - v->pos, lineno = v->line;

		lines++;
		if (lf) {
			v->pos += n + 1;
			v->line++;
		} else {
			v->pos = v->n;
			seen_eof = 1;
		}
		if (mem_find(s, n, "-->")) {
			if (in_header || !(lines == 1 || (lines == 2 && !seen_arrow))) {
				/* a timing line inside a block starts the next block */
				v->pos = prev;
				v->line = prev_line;
				break;
			}
			seen_arrow = 1;
			prev = v->pos;
			prev_line = v->line;
			timing_line = lineno;
			cue = timings(s, n, &start, &end, why, sizeof(why)) == 0;
			if (cue) {
				govrec_buf_add(&v->id, v->buf.data, v->buf.len);
				govrec_buf_reset(&v->buf);
				v->seen_cue = 1;
			}
			continue;
		}
		if (n == 0)
			break;
		if (!in_header && lines == 2 && !v->seen_cue &&
		    (starts_word(v->buf.data, v->buf.len, "STYLE") ||
		     starts_word(v->buf.data, v->buf.len, "REGION"))) {
			style = 1; /* its settings follow, and govrec keeps none */
			govrec_buf_reset(&v->buf);
		}
		if (v->buf.len)
			govrec_buf_addch(&v->buf, '\n');
		govrec_buf_add(&v->buf, s, n);
		prev = v->pos;
		prev_line = v->line;
	}
	if (in_header || style)
		return;
	if (cue)
		emit(v, timing_line, start, end);
	else if (timing_line || v->buf.len)
		dropped(v, first, timing_line, why);
}

static void skip_newlines(struct vtt *v)
{
	while (v->pos < v->n && v->s[v->pos] == '\n') {
		v->pos++;
		v->line++;
	}
}

/* The algorithm's steps after the signature: the header, then block after block. */
static void blocks(struct vtt *v)
{
	const char *lf = memchr(v->s, '\n', v->n);

	if (!lf)
		return;
	v->pos = (size_t)(lf - v->s) + 1;
	v->line = 2;
	if (v->pos >= v->n)
		return;
	if (v->s[v->pos] != '\n') {
		block(v, 1);
	} else {
		v->pos++;
		v->line++;
	}
	skip_newlines(v);
	while (v->pos < v->n && !v->stop) {
		block(v, 0);
		skip_newlines(v);
	}
}

enum govrec_status vtt_parse(const unsigned char *data, size_t len, struct govrec_document_draft *d,
			     vtt_cue_fn fn, void *ctx, struct govrec_error *err)
{
	struct govrec_buf text = GOVREC_BUF_INIT;
	struct vtt v;
	enum govrec_status rc = GOVREC_OK;

	if ((rc = check_lines(data, len, err)) != GOVREC_OK)
		return rc;
	memset(&v, 0, sizeof(v));
	govrec_buf_init(&v.buf);
	govrec_buf_init(&v.id);
	preprocess(data, len, &text, d);
	v.s = text.len ? text.data : "";
	v.n = text.len;
	v.d = d;
	v.fn = fn;
	v.ctx = ctx;
	if (v.n < 6 || memcmp(v.s, "WEBVTT", 6) != 0 ||
	    (v.n > 6 && v.s[6] != ' ' && v.s[6] != '\t' && v.s[6] != '\n')) {
		rc = govrec_error_set(err, GOVREC_INVALID, "line 1: no WEBVTT signature");
		goto out;
	}
	blocks(&v);
	if (v.stop)
		rc = govrec_error_oom(err);
out:
	govrec_buf_release(&text);
	govrec_buf_release(&v.buf);
	govrec_buf_release(&v.id);
	return rc;
}
