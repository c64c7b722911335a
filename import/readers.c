/*
 * readers.c - the reader tables: which formats import knows, in one place.
 *
 * The driver asks every row's detect() and uses the reader with the highest
 * score; a new format is one file in import/ and one row here.  Formats that
 * hold many documents (mbox) have their own table, tried first.  Plain text
 * scores lowest, so it only takes what nothing else claims.
 */
#include <stddef.h>
#include <string.h>

#include "readers-int.h"
#include "readutil.h"

int govrec_detect_plain(const unsigned char *data, size_t len, const char *name)
{
	if (name_ends(name, ".md") || name_ends(name, ".markdown"))
		return 50;
	if (name_ends(name, ".txt") || name_ends(name, ".text"))
		return 10;
	/* Unnamed text: anything without NUL bytes in its first 4 KiB. */
	return memchr(data, 0, len < 4096 ? len : 4096) ? 0 : 5;
}

enum govrec_status govrec_read_plain(const unsigned char *data, size_t len, const char *name,
				     struct govrec_document_draft *d, struct govrec_error *err)
{
	enum govrec_status rc = check_no_nul(data, len, err);

	if (rc == GOVREC_OK)
		rc = check_lines(data, len, err);
	return rc == GOVREC_OK ? govrec_read_text(data, len, name, d, err) : rc;
}

const struct govrec_reader govrec_readers[] = {
	GOVREC_READER_DOCX,
	GOVREC_READER_ODT,
	{ "pdf", "application/pdf", govrec_detect_pdf, govrec_read_pdf },
	{ "webvtt", "text/vtt", govrec_detect_webvtt, govrec_read_webvtt },
	{ "srt", "application/x-subrip", govrec_detect_srt, govrec_read_srt },
	{ "icann-transcript", "text/plain", govrec_detect_transcript, govrec_read_transcript },
	{ "zoom-chat", "text/plain", govrec_detect_zoom_chat, govrec_read_zoom_chat },
	{ "adobe-connect-chat", "text/plain", govrec_detect_adobe_chat, govrec_read_adobe_chat },
	{ "html", "text/html", govrec_detect_html, govrec_read_html },
	{ "text", "text/plain", govrec_detect_plain, govrec_read_plain },
	{ NULL, NULL, NULL, NULL }
};

const struct govrec_multi_reader govrec_multi_readers[] = {
	{ "mbox", govrec_detect_mbox, govrec_read_mbox },
	{ NULL, NULL, NULL }
};
