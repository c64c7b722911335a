/*
 * fuzz_docx.c - libFuzzer target for the DOCX reader (row "docx" of
 * govrec_readers); seeds in seeds/docx/.
 */
#include <stddef.h>
#include <stdint.h>

#include "reader_target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_read("docx", "fuzz.docx", data, size);
	return 0;
}
