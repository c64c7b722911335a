/*
 * fuzz_zoomchat.c - libFuzzer target for the Zoom chat reader (row "zoom-chat" of
 * govrec_readers); seeds in seeds/zoomchat/.
 */
#include <stddef.h>
#include <stdint.h>

#include "reader_target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_read("zoom-chat", "fuzz.txt", data, size);
	return 0;
}
