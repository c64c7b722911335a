/*
 * draft.c - building a document draft (see draft.h).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "govrec/buf.h"
#include "govrec/draft.h"
#include "govrec/error.h"
#include "govrec/util.h"

void govrec_draft_init(struct govrec_document_draft *d)
{
	memset(d, 0, sizeof(*d));
}

void govrec_draft_set(char **field, const char *value)
{
	struct govrec_buf b = GOVREC_BUF_INIT;
	char *copy = NULL;

	if (value) {
		govrec_buf_adds(&b, value);
		govrec_text_xml_clean(&b); /* what a bundle cannot carry never gets in */
		copy = govrec_buf_detach(&b, NULL);
	}
	free(*field);
	*field = copy;
}

void govrec_draft_release(struct govrec_document_draft *d)
{
	size_t i;

	for (i = 0; i < d->npassages; i++) {
		free(d->passages[i].speaker);
		free(d->passages[i].heading);
		free(d->passages[i].body);
	}
	free(d->passages);
	free(d->kind);
	free(d->title);
	free(d->date);
	free(d->media_type);
	free(d->meta);
	free(d->layout);
	free(d->file_name);
	free(d->review);
	free(d->section);
	for (i = 0; i < d->nwarnings; i++)
		free(d->warnings[i]);
	free(d->warnings);
	govrec_draft_init(d);
}

int govrec_draft_add(struct govrec_document_draft *d, const char *speaker, int64_t start_ms,
		     int64_t end_ms, const char *heading, const char *body)
{
	struct govrec_buf b = GOVREC_BUF_INIT;
	struct govrec_passage_draft *p;

	govrec_buf_adds(&b, body ? body : "");
	govrec_text_xml_clean(&b);
	govrec_buf_trim(&b);
	if (!b.len) {
		govrec_buf_release(&b);
		return 0;
	}
	if (d->npassages == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		struct govrec_passage_draft *n = realloc(d->passages, cap * sizeof(*n));

		if (!n) {
			govrec_buf_release(&b);
			return -1;
		}
		d->passages = n;
		d->cap = cap;
	}
	p = &d->passages[d->npassages];
	memset(p, 0, sizeof(*p));
	govrec_draft_set(&p->speaker, speaker && *speaker ? speaker : NULL);
	govrec_draft_set(&p->heading, heading && *heading ? heading : NULL);
	p->body = govrec_buf_detach(&b, NULL);
	p->start_ms = start_ms;
	p->end_ms = end_ms;
	d->npassages++;
	return 0;
}

void govrec_draft_warn(struct govrec_document_draft *d, const char *fmt, ...)
{
	struct govrec_buf b = GOVREC_BUF_INIT;
	va_list ap;

	if (d->nwarnings >= GOVREC_DRAFT_MAX_WARNINGS) {
		d->warnings_more++;
		return;
	}
	va_start(ap, fmt);
	govrec_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	govrec_text_xml_clean(&b);
	d->warnings = govrec_grow(d->warnings, d->nwarnings, sizeof(*d->warnings));
	d->warnings[d->nwarnings++] = govrec_buf_detach(&b, NULL);
}
