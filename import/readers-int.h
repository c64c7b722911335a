/*
 * readers-int.h - the detect and read functions of each reader in import/
 * (internal: the reader table in readers.c is their one user besides the
 * unit tests).  Each pair follows struct govrec_reader in govrec/readers.h.
 */
#ifndef GOVREC_READERS_INT_H
#define GOVREC_READERS_INT_H

#include <stddef.h>

#include "govrec/readers.h"
#include "govrec/draft.h"

#define GOVREC_READER(id)                                                                          \
	int govrec_detect_##id(const unsigned char *data, size_t len, const char *name);           \
	enum govrec_status govrec_read_##id(const unsigned char *data, size_t len,                 \
					    const char *name, struct govrec_document_draft *d,     \
					    struct govrec_error *err)

GOVREC_READER(transcript);
GOVREC_READER(webvtt);
GOVREC_READER(srt);
GOVREC_READER(zoom_chat);
GOVREC_READER(adobe_chat);
GOVREC_READER(html);
GOVREC_READER(pdf);
GOVREC_READER(plain);

int govrec_detect_mbox(const unsigned char *data, size_t len, const char *name);

#endif
