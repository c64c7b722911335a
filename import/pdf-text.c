/*
 * pdf-text.c - a PDF's lines, as pdf.c measured them, made into text.
 *
 * The text readers (transcript, plain notes) read lines and paragraphs;
 * a PDF has positioned lines and no paragraphs.  Here the furniture a
 * printed page repeats is dropped (the running header block of an ICANN
 * teleconference transcript, a report's footer and page numbers), a word
 * split by a hyphen at a line end is joined again, a paragraph break is
 * written where the layout leaves a gap taller than a line's half, and
 * lines set larger than the body text are marked as headings.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "govrec/util.h"
#include "pdf-int.h"

/* Lines of the top and the bottom of a page where furniture is looked for. */
#define TOP_LINES    6
#define BOTTOM_LINES 4
/* Slots of the table of line keys (a power of two). */
#define SLOTS (1u << 16)
/* A heading is set this much larger than the body text, or more. */
#define HEADING_RATIO 1.2
#define MAX_HEADING   200

struct pdf_line *pdf_page_add(struct pdf_page *p, const char *s, size_t n, double top,
                              double bottom, double size, int cells)
{
	struct pdf_line *l;

	p->lines = govrec_grow(p->lines, p->nlines, sizeof(*p->lines));
	l = &p->lines[p->nlines++];
	memset(l, 0, sizeof(*l));
	l->off = p->text.len;
	l->len = n;
	l->top = top;
	l->bottom = bottom;
	l->size = size;
	l->cells = cells;
	govrec_buf_add(&p->text, s, n);
	return l;
}

void pdf_pages_free(struct pdf_page *pages, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		govrec_buf_release(&pages[i].text);
		free(pages[i].lines);
	}
	free(pages);
}

static const char *line_text(const struct pdf_page *p, const struct pdf_line *l)
{
	return p->text.data + l->off;
}

/*
 * The key of a line for comparing furniture: FNV-1a over its text with
 * runs of digits as one '#' and runs of white space as one space, tagged
 * with where it was seen (top or bottom window, and its height on the page
 * to two points: furniture is printed in the same place on every page, so
 * a title that a footer repeats is not taken for one).
 */
static uint64_t line_key(const char *s, size_t n, int where)
{
	uint64_t h = 1469598103934665603u ^ (uint64_t)where;
	size_t i = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];

		if (isdigit(c) || isspace(c)) {
			int digit = isdigit(c) != 0;

			while (i < n && (digit ? isdigit((unsigned char)s[i])
			                       : isspace((unsigned char)s[i]) != 0))
				i++;
			c = digit ? '#' : ' ';
		} else {
			i++;
		}
		h = (h ^ c) * 1099511628211u;
	}
	return h ? h : 1;
}

struct slot {
	uint64_t key;
	size_t count, last_page;
};

static struct slot *slot_of(struct slot *t, uint64_t key)
{
	size_t i = (size_t)key & (SLOTS - 1), probes;

	for (probes = 0; probes < SLOTS; probes++, i = (i + 1) & (SLOTS - 1))
		if (t[i].key == key || t[i].key == 0)
			return &t[i];
	return NULL; /* full: the line is not counted */
}

static uint64_t window_key(const struct pdf_page *p, const struct pdf_line *l, int k)
{
	int where = k + 1 + ((int)(l->top / 2 + 0.5) << 2);

	return line_key(line_text(p, l), l->len, where);
}

/* Counts the lines of page p's top and bottom windows, once per page. */
static void count_windows(const struct pdf_page *p, size_t page, struct slot *t)
{
	size_t i, k;

	for (k = 0; k < 2; k++) {
		size_t from =
		    k == 0 ? 0 : (p->nlines > BOTTOM_LINES ? p->nlines - BOTTOM_LINES : 0);
		size_t to = k == 0 ? (p->nlines < TOP_LINES ? p->nlines : TOP_LINES) : p->nlines;

		for (i = from; i < to; i++) {
			uint64_t key = window_key(p, &p->lines[i], (int)k);
			struct slot *s = slot_of(t, key);

			if (s && (s->key == 0 || s->last_page != page + 1)) {
				s->key = key;
				s->count++;
				s->last_page = page + 1;
			}
		}
	}
}

static int frequent(struct slot *t, const struct pdf_page *p, const struct pdf_line *l, int k,
                    size_t n_pages)
{
	struct slot *s = slot_of(t, window_key(p, l, k));

	return s && s->key && s->count >= 2 && s->count * 2 > n_pages;
}

static int para_gap(const struct pdf_line *a, const struct pdf_line *b);

/*
 * Drops the frequent lines of page p from its top edge down to the first
 * paragraph gap, and from its bottom edge up to the first: furniture is
 * set apart from the body by a margin, and a run that meets a line that is
 * not frequent before any gap is no furniture (a short page whose body
 * lines happen to fall where another page's did).
 */
static void drop_windows(struct pdf_page *p, struct slot *t, size_t n_pages)
{
	size_t i, k, top = 0;

	for (i = 0; i < p->nlines && i < TOP_LINES && frequent(t, p, &p->lines[i], 0, n_pages); i++)
		if (i + 1 == p->nlines || para_gap(&p->lines[i], &p->lines[i + 1])) {
			for (k = 0; k <= i; k++)
				p->lines[k].dropped = 1;
			top = i + 1;
			break;
		}
	for (i = p->nlines; i > top && p->nlines - i < BOTTOM_LINES &&
	                    frequent(t, p, &p->lines[i - 1], 1, n_pages);
	     i--)
		if (i - 1 == top || para_gap(&p->lines[i - 2], &p->lines[i - 1])) {
			for (k = i - 1; k < p->nlines; k++)
				p->lines[k].dropped = 1;
			break;
		}
}

void pdf_drop_furniture(struct pdf_page *pages, size_t n)
{
	struct slot *t;
	size_t i;

	if (n < 2)
		return;
	t = calloc(SLOTS, sizeof(*t));
	if (!t)
		govrec_oom();
	for (i = 0; i < n; i++)
		count_windows(&pages[i], i, t);
	for (i = 0; i < n; i++)
		drop_windows(&pages[i], t, n);
	free(t);
}

/* --- headings -------------------------------------------------------------- */

#define SIZES 64

/* A font size to half a point, as an index into a histogram (0 for none). */
static int size_slot(double size)
{
	int s = (int)(size * 2 + 0.5);

	return s > 0 && s < SIZES * 8 ? s : 0;
}

int pdf_find_headings(struct pdf_page *pages, size_t n)
{
	size_t chars[SIZES * 8];
	int heads[SIZES * 8] = {0};
	size_t i, k, best = 0;
	int body = 0, s, levels = 0;

	memset(chars, 0, sizeof(chars));
	for (i = 0; i < n; i++)
		for (k = 0; k < pages[i].nlines; k++)
			if (!pages[i].lines[k].dropped)
				chars[size_slot(pages[i].lines[k].size)] += pages[i].lines[k].len;
	for (s = 1; s < SIZES * 8; s++)
		if (chars[s] > best)
			best = chars[s], body = s;
	if (!body)
		return 0;
	for (i = 0; i < n; i++)
		for (k = 0; k < pages[i].nlines; k++) {
			struct pdf_line *l = &pages[i].lines[k];

			if (!l->dropped && l->cells == 1 && l->len <= MAX_HEADING &&
			    size_slot(l->size) >= body * HEADING_RATIO)
				heads[size_slot(l->size)] = 1;
		}
	/* levels by size, largest first; sizes past the sixth share level 6 */
	for (s = SIZES * 8 - 1; s > 0; s--)
		if (heads[s])
			heads[s] = levels < 6 ? ++levels : 6;
	for (i = 0; i < n; i++)
		for (k = 0; k < pages[i].nlines; k++) {
			struct pdf_line *l = &pages[i].lines[k];

			if (!l->dropped && l->cells == 1 && l->len <= MAX_HEADING)
				l->level = heads[size_slot(l->size)];
		}
	return levels;
}

/* --- the text -------------------------------------------------------------- */

struct cursor {
	const struct pdf_page *pages;
	size_t n, page, line;
};

/* The next line not dropped, at or after c; 0 at the end. */
static int next_line(struct cursor *c)
{
	while (c->page < c->n) {
		while (c->line < c->pages[c->page].nlines) {
			if (!c->pages[c->page].lines[c->line].dropped)
				return 1;
			c->line++;
		}
		c->page++;
		c->line = 0;
	}
	return 0;
}

static const struct pdf_line *at(const struct cursor *c)
{
	return &c->pages[c->page].lines[c->line];
}

/* 1 when a paragraph ends between a and b on one page. */
static int para_gap(const struct pdf_line *a, const struct pdf_line *b)
{
	double ha = a->bottom - a->top, hb = b->bottom - b->top, h = ha > hb ? ha : hb;

	if (a->level || b->level)
		return 1;
	if (b->top < a->top - 1) /* the text went up: a new column or block */
		return 1;
	if (a->cells > 1 && b->cells > 1)
		return 0; /* rows of one table */
	return b->top - a->bottom > h * 0.6;
}

/*
 * How two lines of one paragraph of notes are joined: a line break in a
 * table, else a space (the PDF's line breaks are where the page was full).
 */
static const char *join(const struct pdf_line *a, const struct pdf_line *b)
{
	return a->cells > 1 || b->cells > 1 ? "\n" : " ";
}

/* The length of a hyphen ending s (ASCII, soft or Unicode hyphen) after a letter, or 0. */
static size_t end_hyphen(const char *s, size_t n)
{
	size_t h = 0;

	if (n >= 2 && s[n - 1] == '-')
		h = 1;
	else if (n >= 3 && memcmp(s + n - 2, "\xc2\xad", 2) == 0)
		h = 2;
	else if (n >= 4 && memcmp(s + n - 3, "\xe2\x80\x90", 3) == 0)
		h = 3;
	if (!h || n <= h)
		return 0;
	return isalpha((unsigned char)s[n - h - 1]) || (unsigned char)s[n - h - 1] >= 0x80 ? h : 0;
}

/* 1 when s ends a sentence or a heading: the page break after it ends a paragraph. */
static int ends_sentence(const char *s, size_t n)
{
	while (n && (s[n - 1] == ' ' || s[n - 1] == '"' || s[n - 1] == ')'))
		n--;
	return n && strchr(".!?:;", s[n - 1]) != NULL;
}

void pdf_text(const struct pdf_page *pages, size_t n, int markdown, struct govrec_buf *out)
{
	struct cursor c = {pages, n, 0, 0};
	const struct pdf_line *prev = NULL;
	const char *prev_s = NULL;
	size_t prev_page = 0, skip = 0;

	while (next_line(&c)) {
		const struct pdf_line *l = at(&c);
		const char *s = line_text(&c.pages[c.page], l) + skip;
		size_t len = l->len - skip, hy;
		int lvl;

		skip = 0;
		if (prev && c.page != prev_page) {
			if (!markdown)
				govrec_buf_adds(out, "\n\f");
			else if (prev->level || l->level || ends_sentence(prev_s, prev->len))
				govrec_buf_adds(out, "\n\n");
			else
				govrec_buf_adds(out, join(prev, l));
		} else if (prev) {
			govrec_buf_adds(out, para_gap(prev, l) ? "\n\n"
			                     : markdown        ? join(prev, l)
			                                       : "\n");
		}
		if (markdown && l->level) {
			for (lvl = 0; lvl < l->level; lvl++)
				govrec_buf_addch(out, '#');
			govrec_buf_addch(out, ' ');
		} else if (markdown && len && s[0] == '#') {
			govrec_buf_addch(out, ' '); /* not a heading */
		}
		prev = l;
		prev_s = line_text(&c.pages[c.page], l);
		prev_page = c.page;
		hy = l->level ? 0 : end_hyphen(s, len);
		c.line++;
		if (hy && next_line(&c)) {
			/* "transcrip-" and "tion": the next line's first word joins this one */
			const struct pdf_line *m = at(&c);
			const char *t = line_text(&c.pages[c.page], m);
			size_t w = 0;

			if (!m->level && islower((unsigned char)t[0]) &&
			    (c.page != prev_page || !para_gap(l, m))) {
				govrec_buf_add(out, s, len - hy);
				while (w < m->len && t[w] != ' ')
					w++;
				govrec_buf_add(out, t, w);
				while (w < m->len && t[w] == ' ')
					w++;
				if (w < m->len) {
					skip = w;
				} else { /* the word was the whole line */
					prev = m;
					prev_s = t;
					prev_page = c.page;
					c.line++;
				}
				continue;
			}
		}
		govrec_buf_add(out, s, len);
	}
	if (out->len)
		govrec_buf_addch(out, '\n');
}
