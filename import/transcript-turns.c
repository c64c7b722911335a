/*
 * transcript-turns.c - reading a transcript's lines into turns (see
 * transcript-int.h).
 *
 * Page furniture is dropped wherever it falls, also inside a turn, and the
 * turn goes on as if the page had not broken: blank lines next to a page
 * break are no paragraph break, so "...did not" + the page header + "respond
 * within..." is one sentence again.  The heading (the first lines) gives the
 * title, date, time and zone; the disclaimer paragraph ("Note: The following
 * is the output of transcribing...") is dropped whole.  A line that is only
 * events ("((Crosstalk))", "[Laughter]") is a passage of its own without a
 * speaker, so it is never glued to a turn; events inside a line stay where
 * they are.  Closing markers ("END", "[END OF TRANSCRIPTION]") are dropped.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "govrec/buf.h"
#include "govrec/draft.h"
#include "transcript-int.h"

static void flush(struct turns *t)
{
	while (t->text.len &&
	       (t->text.data[t->text.len - 1] == '\n' || t->text.data[t->text.len - 1] == ' '))
		govrec_buf_setlen(&t->text, t->text.len - 1);
	if (t->text.len &&
	    govrec_draft_add_capped(t->d, t->in_turn && t->speaker.len ? t->speaker.data : NULL,
	                            t->at, GOVREC_NO_TIME, NULL, t->text.data))
		t->oom = 1;
	govrec_buf_reset(&t->text);
	t->at = GOVREC_NO_TIME; /* what the turn says after an event has no time of its own */
}

static void turn_open(struct turns *t, const char *name, size_t n, int64_t at)
{
	flush(t);
	govrec_buf_reset(&t->speaker);
	govrec_buf_add(&t->speaker, name, n);
	t->in_turn = 1;
	t->turns++;
	t->at = at;
	t->para = t->page = 0;
}

static void turn_text(struct turns *t, const char *s, size_t n)
{
	if (t->para && t->text.len) {
		if (t->in_turn)
			govrec_buf_addch(&t->text, '\n');
		else
			flush(t); /* text before the first turn: a passage a paragraph */
	}
	add_words(&t->text, s, n);
	t->para = t->page = 0;
}

static void turn_event(struct turns *t, const char *s, size_t n)
{
	int in_turn = t->in_turn;

	flush(t);
	t->in_turn = 0;
	add_words(&t->text, s, n);
	flush(t);
	t->in_turn = in_turn; /* text after it without a label goes on with the same speaker */
	t->para = t->page = 0;
}

static void turn_blank(struct turns *t)
{
	if (!t->page)
		t->para = 1;
}

static void turn_page(struct turns *t)
{
	t->para = 0;
	t->page = 1;
}

/*
 * Lines looked ahead at most, for a block or a disclaimer: real ones are a
 * few lines, and a bound keeps a file of many "Note:" lines linear.
 */
#define LOOKAHEAD 40

/* The next line that is not blank, read with a copy of it: 1, or 0 when none is near. */
static int peek(const struct line_iter *it, struct tline *l)
{
	struct line_iter p = *it;
	int k;

	for (k = 0; k < LOOKAHEAD && tline_next(&p, l, NULL) == 1; k++)
		if (l->n)
			return 1;
	return 0;
}

static void heading_time(struct heading *h, const char *s, size_t n)
{
	char hhmm[6], end[6], tz[8];

	if (clock_zone(s, n, hhmm, end, tz)) {
		memcpy(h->time, hhmm, sizeof(hhmm));
		memcpy(h->end, end, sizeof(end));
		memcpy(h->tz, tz, sizeof(tz));
	}
}

/* One line of the teleconference block, noted in h: 1 when it is one. */
static int block_line(struct heading *h, const struct tline *l, int moderator)
{
	char date[11], hhmm[6], tz[8];
	size_t at, k = 0;

	if (!l->n || page_line(l->s, l->n) || (l->n == 5 && memcmp(l->s, "ICANN", 5) == 0)) {
		if (!starts_ci(l->s, l->n, "Confirmation") || h->confirmation[0])
			return 1;
		at = 12;
		while (at < l->n && (l->s[at] == ' ' || l->s[at] == '#'))
			at++;
		while (at < l->n && k + 1 < sizeof(h->confirmation))
			h->confirmation[k++] = l->s[at++];
		h->confirmation[k] = '\0';
		return 1;
	}
	if (moderator && (at = moderator_line(l->s, l->n)) > 0) {
		if (!h->moderator.len && at < l->n)
			govrec_buf_add(&h->moderator, l->s + at, l->n - at);
		return 1;
	}
	if (!call_time_line(l->s, l->n, date, hhmm, tz))
		return 0;
	if (h->date_rank < 1) {
		memcpy(h->date, date, sizeof(date));
		memcpy(h->time, hhmm, sizeof(hhmm));
		memcpy(h->tz, tz, sizeof(tz));
		h->date_rank = 1;
	}
	return 1;
}

/*
 * The teleconference header block ("ICANN" / "Moderator: Brenda Brewer" /
 * "08-17-17/2:00 pm CT" / "Confirmation # 4807731" / "Page 2"), from the
 * line l: 1 when l opens one and the block was read (it is advanced past
 * it), else 0.
 */
static int header_block(struct line_iter *it, struct tline *l, struct tline *p, struct heading *h)
{
	char date[11], hhmm[6], tz[8];
	int in_block, first;
	int alone = l->n == 5 && memcmp(l->s, "ICANN", 5) == 0;

	first = alone;
	if (alone)
		/* "ICANN" alone is a block's first line when the moderator or the call follows */
		in_block = peek(it, p) && (moderator_line(p->s, p->n) ||
		                           call_time_line(p->s, p->n, date, hhmm, tz));
	else if (starts_ci(l->s, l->n, "ICANN Moderator:"))
		in_block = 1;
	else /* "Moderator: Name" alone is a speaker unless the call's time follows */
		in_block = moderator_line(l->s, l->n) && peek(it, p) &&
		           call_time_line(p->s, p->n, date, hhmm, tz);
	if (!in_block)
		return 0;
	block_line(h, l, 1);
	for (;;) {
		struct line_iter save = *it;

		if (tline_next(it, p, NULL) != 1)
			break;
		/* the moderator's line comes right after "ICANN", never later */
		if (!block_line(h, p, first)) {
			*it = save;
			break;
		}
		first = 0;
	}
	return 1;
}

/* 1 when a and b hold the same words, however many spaces are between them. */
static int same_words(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i = 0, j = 0;

	while (i < an && j < bn) {
		if (a[i] == ' ' && b[j] == ' ') {
			while (i < an && a[i] == ' ')
				i++;
			while (j < bn && b[j] == ' ')
				j++;
		} else if (a[i++] != b[j++]) {
			return 0;
		}
	}
	return i == an && j == bn;
}

/* Page furniture on line l (the block above, page numbers, headers): 1 when it is. */
static int furniture(struct line_iter *it, struct tline *l, struct tline *p, struct heading *h,
                     enum layout lay)
{
	char date[11], hhmm[6], tz[8];
	size_t hl;
	int after_en = h->last_en;

	h->last_en = 0;
	if (header_block(it, l, p, h))
		return 1;
	if (page_line(l->s, l->n))
		return 1;
	if (call_time_line(l->s, l->n, date, hhmm, tz))
		return 1;
	if ((hl = en_header(l->s, l->n)) > 0) {
		if (!h->title.len && hl > 1)
			add_words(&h->title, l->s, hl);
		h->last_en = hl == 1;
		return 1;
	}
	if (lay != LAYOUT_PUBLIC_MEETING)
		return 0;
	/* the header with "EN" on a line of its own (before or after), and repeated alone */
	if (h->title.len && same_words(l->s, l->n, h->title.data, h->title.len))
		return 1;
	if (!h->title.len &&
	    (mem_find(l->s, l->n, " \xe2\x80\x93 ") || mem_find(l->s, l->n, " - ")) &&
	    (after_en || (peek(it, p) && p->n == 2 && memcmp(p->s, "EN", 2) == 0))) {
		add_words(&h->title, l->s, l->n);
		return 1;
	}
	return 0;
}

/* What the disclaimer says: 1 it is about a transcription, 2 about its accuracy. */
static int boilerplate(const char *s, size_t n)
{
	return (mem_find(s, n, "transcri") || mem_find(s, n, "Transcri") ? 1 : 0) |
	       (mem_find(s, n, "accura") || mem_find(s, n, "audio") ||
	                mem_find(s, n, "authoritative")
	            ? 2
	            : 0);
}

/*
 * A disclaimer paragraph opening at l ("Note: The following is the output
 * of transcribing..."): 1 when it is one, and it is skipped whole, to a
 * blank line, a page break or a speaker's turn.
 */
static int disclaimer(struct line_iter *it, const struct tline *l, struct tline *p, int style,
                      const char **judged)
{
	struct line_iter q = *it, end;
	const char *ls;
	size_t ln, rest;
	int said, k = 0;

	/* a line of a paragraph already found to be none is none either */
	if (!starts_ci(l->s, l->n, "Note:") || (*judged && it->p < *judged))
		return 0;
	said = boilerplate(l->s, l->n);
	end = q;
	while (k++ < LOOKAHEAD && tline_next(&q, p, NULL) == 1) {
		if (!p->n || p->ff || speaker_label(p->s, p->n, &ls, &ln, &rest) == style)
			break;
		said |= boilerplate(p->s, p->n);
		end = q;
	}
	if ((said & 3) != 3) {
		*judged = end.p;
		return 0;
	}
	*it = end;
	return 1;
}

/* Where the date in s starts: a weekday, a day or a month that begins one; n if none. */
static size_t date_at(const char *s, size_t n)
{
	size_t i, w = weekday_at(s, n);
	char date[11];

	if (w < n)
		return w;
	for (i = 0; i < n; i++) {
		size_t e = i;

		if (i && s[i - 1] != ' ')
			continue;
		while (e < n && s[e] != ' ' && s[e] != ',')
			e++;
		if ((month_number(s + i, e - i) || (e - i <= 2 && isdigit((unsigned char)s[i]))) &&
		    find_date(s + i, n - i < 24 ? n - i : 24, date) == 0)
			return i;
	}
	return n;
}

/* Heading lines ("ICANN Transcription" / group / date line): 1 while more may follow. */
static int heading_line(struct heading *h, const char *s, size_t n)
{
	size_t w;
	char date[11];

	if (find_date(s, n, date) != 0) {
		add_words(&h->title, s, n);
		return h->title.len < 300;
	}
	w = date_at(s, n);
	add_words(&h->title, s, w);
	memcpy(h->date, date, sizeof(date));
	h->date_rank = 2;
	heading_time(h, s + w, n - w);
	return 0;
}

/* The heading's first line: "ICANN Transcription ..." or "Transcription ICANN61 ...". */
static int heading_start(const char *s, size_t n, size_t *rest)
{
	if (starts_ci(s, n, "ICANN Transcription"))
		*rest = 19;
	else if (starts_ci(s, n, "Transcription ICANN"))
		*rest = 13;
	else
		return 0;
	if (*rest < n && s[*rest] != ' ')
		return 0;
	while (*rest < n && s[*rest] == ' ')
		(*rest)++;
	return 1;
}

/* The preamble before the first turn: heading, date line, place line. 1 when l was one. */
static int preamble(struct turns *t, struct heading *h, const struct tline *l, int *in_heading)
{
	char date[11];
	const char *bar;
	size_t rest;

	if (t->in_turn || t->d->npassages || t->text.len)
		return 0;
	if (*in_heading) {
		*in_heading = heading_line(h, l->s, l->n);
		return 1;
	}
	if (h->date_rank < 2 && heading_start(l->s, l->n, &rest)) {
		govrec_buf_reset(&h->title);
		*in_heading = rest < l->n ? heading_line(h, l->s + rest, l->n - rest) : 1;
		return 1;
	}
	if (h->date_rank < 2 && find_date(l->s, l->n, date) == 0) {
		memcpy(h->date, date, sizeof(date));
		h->date_rank = 2;
		heading_time(h, l->s, l->n);
		return 1;
	}
	/* "ICANN60 | Abu Dhabi, United Arab Emirates" */
	bar = mem_find(l->s, l->n, " | ");
	if (bar && starts_ci(l->s, l->n, "ICANN") && !h->location.len) {
		rest = (size_t)(bar - l->s) + 3;
		add_words(&h->location, l->s + rest, l->n - rest);
		return 1;
	}
	return 0;
}

/* The first pass: which style opens turns, Mixed Case or capitals. */
static int pick_style(const unsigned char *data, size_t len, struct tline *l)
{
	struct line_iter it;
	const char *ls;
	size_t ln, rest;
	int caps = 0, mixed = 0, st;

	line_iter_init(&it, data, len);
	while (tline_next(&it, l, NULL) == 1) {
		if (moderator_line(l->s, l->n))
			continue;
		st = speaker_label(l->s, l->n, &ls, &ln, &rest);
		caps += st == STYLE_CAPS;
		mixed += st == STYLE_MIXED;
	}
	return caps >= mixed ? STYLE_CAPS : STYLE_MIXED;
}

/* One line of a Zoom layout: 1 when it opened a turn. */
static int zoom_turn(struct turns *t, const struct tline *l, enum layout lay)
{
	const char *ns;
	size_t nn, rest;
	int64_t at;

	if (lay == LAYOUT_ZOOM_TRANSCRIPT && zoom_block_head(l->s, l->n, &ns, &nn, &at)) {
		turn_open(t, ns, nn, at);
		return 1;
	}
	if (lay == LAYOUT_ZOOM_LINES && zoom_timed_line(l->s, l->n, &ns, &nn, &at, &rest)) {
		turn_open(t, ns, nn, at);
		turn_text(t, l->s + rest, l->n - rest);
		return 1;
	}
	return 0;
}

int read_turns(const unsigned char *data, size_t len, enum layout lay, struct turns *t,
               struct heading *h, struct govrec_error *err)
{
	struct line_iter it;
	struct tline l, p;
	const char *ls;
	size_t ln, rest;
	const char *judged = NULL;
	int r, style, in_heading = 0;
	int zoom = lay == LAYOUT_ZOOM_TRANSCRIPT || lay == LAYOUT_ZOOM_LINES;

	memset(&l, 0, sizeof(l));
	memset(&p, 0, sizeof(p));
	govrec_buf_init(&l.buf);
	govrec_buf_init(&p.buf);
	style = zoom ? 0 : pick_style(data, len, &l);
	line_iter_init(&it, data, len);
	while ((r = tline_next(&it, &l, err)) == 1) {
		if (l.ff)
			turn_page(t);
		if (!l.n) {
			in_heading = 0;
			turn_blank(t);
			continue;
		}
		if (furniture(&it, &l, &p, h, lay)) {
			turn_page(t);
			continue;
		}
		if (closing_line(l.s, l.n))
			continue;
		if (zoom ? zoom_turn(t, &l, lay)
		         : disclaimer(&it, &l, &p, style, &judged) ||
		               preamble(t, h, &l, &in_heading))
			continue;
		if (!zoom && speaker_label(l.s, l.n, &ls, &ln, &rest) == style) {
			turn_open(t, ls, ln, GOVREC_NO_TIME);
			turn_text(t, l.s + rest, l.n - rest);
		} else if (event_line(l.s, l.n)) {
			turn_event(t, l.s, l.n);
		} else {
			turn_text(t, l.s, l.n);
		}
	}
	if (r == 0)
		flush(t);
	govrec_buf_release(&l.buf);
	govrec_buf_release(&p.buf);
	return r;
}
