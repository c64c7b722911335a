/*
 * document.h - archived source documents and their searchable passages.
 *
 * Readers (import/) turn bytes into a govrec_document_draft without touching
 * the archive; govrec_document_store() is the one place that validates a draft
 * and stores it: the original bytes verbatim with their SHA-256, the document
 * row, and its passages (which the search index picks up by trigger), with
 * speaker labels resolved to people through their aliases.  The same bytes
 * stored twice are one document.
 */
#ifndef GOVREC_DOCUMENT_H
#define GOVREC_DOCUMENT_H

#include <stddef.h>
#include <stdint.h>

#include "govrec/draft.h"
#include "govrec/error.h"
#include "govrec/store.h"

/* The document kinds, NULL-terminated. */
extern const char *const govrec_document_kinds[];
int govrec_document_kind_valid(const char *kind);

/*
 * Validates d and stores it in one transaction.  When the same bytes are
 * already archived nothing is written, *existed is set to 1 and *id to that
 * document.  Errors: GOVREC_INVALID for a draft that breaks a rule (no
 * passages: "has no text"; unknown kind; bad date), GOVREC_NOTFOUND for an
 * unknown meeting.
 */
enum govrec_status govrec_document_store(struct govrec_store *st,
					 const struct govrec_document_draft *d, int64_t *id,
					 int *existed, struct govrec_error *err);

#endif
