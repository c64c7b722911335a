/*
 * fuzz_pdf.c - libFuzzer target for the PDF reader (row "pdf" of
 * govrec_readers); seeds in seeds/pdf/ (the fixtures of tests/data/pdf).
 */
#include <stddef.h>
#include <stdint.h>

#include "reader_target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_read("pdf", "fuzz.pdf", data, size);
	return 0;
}
