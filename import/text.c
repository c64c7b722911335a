/*
 * text.c - plain text and Markdown notes (see readers.h).
 *
 * Paragraphs are runs of non-blank lines; Markdown ATX headings ("## Scope")
 * open a section, and the heading path ("Findings / Scope") goes with every
 * paragraph under it.  Lines of a paragraph are joined with a newline so
 * lists keep their shape.
 */
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "govrec/buf.h"
#include "govrec/readers.h"
#include "govrec/draft.h"
#include "govrec/util.h"
#include "readutil.h"

#define MAX_LEVELS 6

/* The level (1-6) of a Markdown ATX heading line, or 0. */
static int heading_level(const char *line, size_t len, const char **text, size_t *tlen)
{
	size_t level = 0, i;

	while (level < len && line[level] == '#')
		level++;
	if (level == 0 || level > MAX_LEVELS || (level < len && line[level] != ' '))
		return 0;
	i = level;
	while (i < len && line[i] == ' ')
		i++;
	*text = line + i;
	*tlen = len - i;
	/* closing hashes */
	while (*tlen > 0 && ((*text)[*tlen - 1] == '#' || (*text)[*tlen - 1] == ' '))
		(*tlen)--;
	return (int)level;
}

struct text_state {
	struct govrec_document_draft *d;
	struct govrec_buf para;
	struct govrec_buf path;
	struct govrec_buf heads[MAX_LEVELS];
	int markdown;
	int oom;
};

static void flush(struct text_state *t)
{
	if (t->para.len && govrec_draft_add_capped(t->d, NULL, GOVREC_NO_TIME, GOVREC_NO_TIME,
					    t->path.len ? t->path.data : NULL, t->para.data))
		t->oom = 1;
	govrec_buf_reset(&t->para);
}

static void set_heading(struct text_state *t, int level, const char *text, size_t len)
{
	int i;

	flush(t);
	govrec_buf_reset(&t->heads[level - 1]);
	govrec_buf_add(&t->heads[level - 1], text, len);
	for (i = level; i < MAX_LEVELS; i++)
		govrec_buf_reset(&t->heads[i]);
	govrec_buf_reset(&t->path);
	for (i = 0; i < MAX_LEVELS; i++) {
		if (!t->heads[i].len)
			continue;
		if (t->path.len)
			govrec_buf_adds(&t->path, " / ");
		govrec_buf_add(&t->path, t->heads[i].data, t->heads[i].len);
	}
	if (!t->d->title && len) {
		struct govrec_buf title = GOVREC_BUF_INIT;

		govrec_buf_add(&title, text, len);
		govrec_draft_set(&t->d->title, title.data);
		govrec_buf_release(&title);
	}
}

enum govrec_status govrec_read_text(const void *data, size_t len, const char *name,
				    struct govrec_document_draft *d, struct govrec_error *err)
{
	const char *s = data, *end = s + len;
	struct text_state t;
	enum govrec_status rc;
	int i;

	rc = govrec_utf8_check(data, len, err);
	if (rc != GOVREC_OK)
		return rc;
	if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		s += 3;
	memset(&t, 0, sizeof(t));
	t.d = d;
	govrec_buf_init(&t.para);
	govrec_buf_init(&t.path);
	for (i = 0; i < MAX_LEVELS; i++)
		govrec_buf_init(&t.heads[i]);
	t.markdown = name && (govrec_ends_with(name, ".md", 1) ||
			      govrec_ends_with(name, ".markdown", 1));
	if (!t.markdown) {
		/* A text whose first line is an ATX heading is Markdown too. */
		const char *tx, *nl = memchr(s, '\n', (size_t)(end - s));
		size_t tl;

		t.markdown = heading_level(s, (size_t)((nl ? nl : end) - s), &tx, &tl) > 0;
	}
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = (size_t)((nl ? nl : end) - s);
		const char *text;
		size_t tlen, k;
		int level;

		if (n && s[n - 1] == '\r')
			n--;
		for (k = 0; k < n && (s[k] == ' ' || s[k] == '\t'); k++)
			;
		if (k == n) {
			flush(&t);
		} else if (t.markdown && (level = heading_level(s, n, &text, &tlen)) > 0) {
			set_heading(&t, level, text, tlen);
		} else {
			if (t.para.len)
				govrec_buf_addch(&t.para, '\n');
			govrec_buf_add(&t.para, s, n);
		}
		s = nl ? nl + 1 : end;
	}
	flush(&t);
	govrec_buf_release(&t.para);
	govrec_buf_release(&t.path);
	for (i = 0; i < MAX_LEVELS; i++)
		govrec_buf_release(&t.heads[i]);
	if (t.oom)
		return govrec_error_oom(err);
	if (!d->kind)
		govrec_draft_set(&d->kind, "notes");
	if (!d->media_type)
		govrec_draft_set(&d->media_type, t.markdown ? "text/markdown" : "text/plain");
	if (!d->importer) {
		d->importer = t.markdown ? "markdown" : "text";
		d->importer_version = GOVREC_READER_VERSION;
	}
	return GOVREC_OK;
}
