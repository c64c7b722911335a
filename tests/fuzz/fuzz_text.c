/*
 * fuzz_text.c - libFuzzer target for the plain-text and Markdown reader.
 */
#include <stddef.h>
#include <stdint.h>

#include "govrec/document.h"
#include "govrec/readers.h"
#include "govrec/draft.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct govrec_document_draft d;
	struct govrec_error err = GOVREC_ERROR_INIT;

	govrec_draft_init(&d);
	govrec_read_text(data, size, size % 2 ? "fuzz.md" : "fuzz.txt", &d, &err);
	govrec_draft_release(&d);
	return 0;
}
