/*
 * fuzz_html.c - libFuzzer target for the HTML reader (row "html" of
 * govrec_readers); seeds in seeds/html/.
 */
#include <stddef.h>
#include <stdint.h>

#include "reader_target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_read("html", "fuzz.html", data, size);
	return 0;
}
