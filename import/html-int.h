/*
 * html-int.h - the HTML reader with its options, for the readers that read
 * HTML inside another format (mail's text/html parts; internal).
 */
#ifndef GOVREC_IMPORT_HTML_INT_H
#define GOVREC_IMPORT_HTML_INT_H

#include <stddef.h>

#include "govrec/draft.h"
#include "govrec/error.h"

/*
 * Each heading is also a passage of its own (its text as the body, the path
 * down to it as the heading): for a reader that joins the passages into one
 * text, which would otherwise lose the headings.
 */
#define HTML_HEADING_PASSAGES 1

/* govrec_read_html() with flags (HTML_*). */
enum govrec_status html_read(const unsigned char *data, size_t len, int flags,
			     struct govrec_document_draft *d, struct govrec_error *err);

#endif
