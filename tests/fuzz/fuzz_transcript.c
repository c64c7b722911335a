/*
 * fuzz_transcript.c - libFuzzer target for the ICANN transcript reader (row "icann-transcript" of
 * govrec_readers); seeds in seeds/transcript/.
 */
#include <stddef.h>
#include <stdint.h>

#include "reader_target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_read("icann-transcript", "fuzz.txt", data, size);
	return 0;
}
