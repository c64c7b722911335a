/*
 * fuzz_odt.c - libFuzzer target for the ODT reader (row "odt" of
 * govrec_readers); seeds in seeds/odt/.
 */
#include <stddef.h>
#include <stdint.h>

#include "reader_target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_read("odt", "fuzz.odt", data, size);
	return 0;
}
