/*
 * fuzz_pubkey.c - libFuzzer target for the public key parsers: every input
 * is read as a public key file (govrec_pubkey_read on a path) and as the
 * base64 line `govrec verify -P` takes.  Seeds in seeds/pubkey/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "govrec/sign.h"
#include "tempfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct govrec_pubkey pub;
	struct govrec_error err = GOVREC_ERROR_INIT;
	char *line = malloc(size + 1);

	if (!line)
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';
	govrec_pubkey_read(line, 1, &pub, &err);
	free(line);
	err = (struct govrec_error)GOVREC_ERROR_INIT;
	govrec_pubkey_read(fuzz_tempfile(data, size, ".pub"), 0, &pub, &err);
	return 0;
}
