/*
 * readers.c - the reader table (see import.h): one row per format, in the
 * order the driver breaks ties in.  A new format is one file in import/ and
 * one row here.
 */
#include <string.h>
#include <strings.h>

#include "govrec/import.h"

/* Plain text and Markdown: any UTF-8 text, more surely when named so. */
static int text_detect(const unsigned char *data, size_t len, const char *name)
{
	static const char *const suffixes[] = { ".txt", ".md", ".markdown", NULL };
	size_t n = name ? strlen(name) : 0;
	const char *const *s;

	if (govrec_utf8_check(data, len, NULL) != GOVREC_OK)
		return 0;
	for (s = suffixes; *s; s++)
		if (n >= strlen(*s) && strcasecmp(name + n - strlen(*s), *s) == 0)
			return 50;
	return 10;
}

static enum govrec_status text_read(const unsigned char *data, size_t len, const char *name,
				    struct govrec_document_draft *d, struct govrec_error *err)
{
	return govrec_read_text(data, len, name, d, err);
}

const struct govrec_reader govrec_readers[] = {
	GOVREC_READER_DOCX,
	GOVREC_READER_ODT,
	{ "text", "text/plain", text_detect, text_read },
	{ NULL, NULL, NULL, NULL },
};
