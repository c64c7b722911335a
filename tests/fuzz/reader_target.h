/*
 * reader_target.h - the body shared by the fuzz targets of the readers in the
 * reader table (govrec_readers): each fuzz_<reader>.c names its row, and
 * every input goes through that reader's detect() and read() as the import
 * driver would call them, under two file names (the reader's own extension
 * and none) so that name-dependent paths are reached too.
 */
#ifndef GOVREC_FUZZ_READER_TARGET_H
#define GOVREC_FUZZ_READER_TARGET_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "govrec/document.h"
#include "govrec/readers.h"
#include "govrec/draft.h"

static inline const struct govrec_reader *fuzz_reader(const char *name)
{
	const struct govrec_reader *rd;

	for (rd = govrec_readers; rd->name; rd++)
		if (strcmp(rd->name, name) == 0)
			return rd;
	abort(); /* the target names a reader the table does not have */
}

/*
 * Reads every string of a draft, so that a dangling or unterminated one
 * shows under AddressSanitizer; returns a count the caller may ignore.
 */
static inline size_t fuzz_touch(const struct govrec_document_draft *d)
{
	size_t i, n = 0;

	n += d->kind ? strlen(d->kind) : 0;
	n += d->title ? strlen(d->title) : 0;
	n += d->date ? strlen(d->date) : 0;
	n += d->media_type ? strlen(d->media_type) : 0;
	n += d->meta ? strlen(d->meta) : 0;
	for (i = 0; i < d->npassages; i++) {
		const struct govrec_passage_draft *p = &d->passages[i];

		n += p->speaker ? strlen(p->speaker) : 0;
		n += p->heading ? strlen(p->heading) : 0;
		n += strlen(p->body);
	}
	return n;
}

static inline void fuzz_read(const char *reader, const char *file_name, const uint8_t *data,
                             size_t size)
{
	const struct govrec_reader *rd = fuzz_reader(reader);
	struct govrec_document_draft d;
	struct govrec_error err = GOVREC_ERROR_INIT;
	const char *name = size % 2 ? file_name : "fuzz";

	rd->detect(data, size, name);
	govrec_draft_init(&d);
	if (rd->read(data, size, name, &d, &err) == GOVREC_OK)
		fuzz_touch(&d);
	govrec_draft_release(&d);
}

#endif
