/*
 * fuzz_seckey.c - libFuzzer target for the secret key file reader
 * (govrec_seckey_read, through a private temporary file) and
 * govrec_seckey_encrypted.  A key whose scrypt limits are tiny is also
 * tried with the password "pw" (the encrypted seed was made with it), so
 * that decryption and the checksum are reached; larger limits are read
 * without a password, as a run of scrypt at minisign's limits costs a
 * gigabyte and seconds.  Seeds in seeds/seckey/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "govrec/sign.h"
#include "tempfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* 1 when the second line decodes to a key whose scrypt limits are tiny. */
static int cheap_scrypt(const uint8_t *data, size_t size)
{
	const uint8_t *line = memchr(data, '\n', size), *end;
	unsigned char raw[158];
	uint64_t ops = 0, mem = 0;
	size_t got = 0;
	int i;

	if (!line)
		return 0;
	line++;
	end = memchr(line, '\n', size - (size_t)(line - data));
	if (!end)
		end = data + size;
	if (sodium_base642bin(raw, sizeof(raw), (const char *)line, (size_t)(end - line), "\r",
	                      &got, NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    got != sizeof(raw))
		return 0;
	for (i = 7; i >= 0; i--) {
		ops = ops << 8 | raw[38 + i];
		mem = mem << 8 | raw[46 + i];
	}
	return ops <= 4096 && mem <= 65536;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_seckey *sk = NULL;
	struct govrec_pubkey pub;
	const char *path = fuzz_tempfile(data, size, ".key");

	if (sodium_init() < 0)
		abort();
	govrec_seckey_encrypted(path);
	if (govrec_seckey_read(path, cheap_scrypt(data, size) ? "pw" : NULL, &sk, &err) ==
	    GOVREC_OK) {
		govrec_seckey_pubkey(sk, &pub);
		govrec_seckey_free(sk);
	}
	return 0;
}
