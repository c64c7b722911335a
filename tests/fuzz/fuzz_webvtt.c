/*
 * fuzz_webvtt.c - libFuzzer target for the WebVTT reader (row "webvtt" of
 * govrec_readers); seeds in seeds/webvtt/.
 */
#include <stddef.h>
#include <stdint.h>

#include "reader_target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_read("webvtt", "fuzz.vtt", data, size);
	return 0;
}
