/*
 * fuzz_srt.c - libFuzzer target for the SubRip reader (row "srt" of
 * govrec_readers); seeds in seeds/srt/.
 */
#include <stddef.h>
#include <stdint.h>

#include "reader_target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_read("srt", "fuzz.srt", data, size);
	return 0;
}
