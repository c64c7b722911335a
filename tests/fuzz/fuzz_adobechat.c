/*
 * fuzz_adobechat.c - libFuzzer target for the Adobe Connect chat reader (row "adobe-connect-chat"
 * of govrec_readers); seeds in seeds/adobechat/.
 */
#include <stddef.h>
#include <stdint.h>

#include "reader_target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_read("adobe-connect-chat", "fuzz.txt", data, size);
	return 0;
}
