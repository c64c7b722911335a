/*
 * import.h - format readers: bytes in, a document draft out.
 *
 * Readers never touch the archive; records/document.c stores what they make.
 */
#ifndef GOVREC_IMPORT_H
#define GOVREC_IMPORT_H

#include <stddef.h>

#include "govrec/document.h"
#include "govrec/error.h"

/* Version of the readers, recorded with every document they made. */
#define GOVREC_READER_VERSION "1"

/*
 * Checks that data is UTF-8 (a leading BOM is allowed).  GOVREC_INVALID
 * "is not UTF-8 at byte N" otherwise.
 */
enum govrec_status govrec_utf8_check(const void *data, size_t len, struct govrec_error *err);

/*
 * Plain text and Markdown notes: paragraphs (separated by blank lines) become
 * passages; Markdown ATX headings ("# Scope") become the heading path of the
 * paragraphs under them; the first heading gives the title when d has none.
 * Sets kind to "notes" when d has none and media type text/plain or
 * text/markdown (by name).  Refuses text that is not UTF-8.
 */
enum govrec_status govrec_read_text(const void *data, size_t len, const char *name,
				    struct govrec_document_draft *d, struct govrec_error *err);

#endif
