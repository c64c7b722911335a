/*
 * fuzz_signature.c - libFuzzer target for the minisign signature parser and
 * verifier: every input is a signature file, checked with
 * govrec_signature_key_id and with govrec_verify_signature over a fixed
 * message and key (those the seeds in seeds/signature/ were made with, so
 * that mutations reach the signature checks, not only the parser).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "govrec/sign.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* `minisign -G -W`; the seeds sign MESSAGE with it (one prehashed, one legacy). */
#define PUBKEY  "RWTN10e7Rji9oFApRiPui8Xv7JvTMO9HtUwJc0FjK2F4sZ3YjP/bL3QV"
#define MESSAGE "govrec fuzz\n"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct govrec_pubkey pub;
	static int have_pub;
	struct govrec_error err = GOVREC_ERROR_INIT;
	unsigned char id[8];
	char *trusted = NULL;

	if (!have_pub) {
		if (govrec_pubkey_read(PUBKEY, 1, &pub, &err) != GOVREC_OK)
			abort();
		have_pub = 1;
	}
	govrec_signature_key_id((const char *)data, size, id, &err);
	err = (struct govrec_error)GOVREC_ERROR_INIT;
	if (govrec_verify_signature(&pub, MESSAGE, strlen(MESSAGE), (const char *)data, size,
	                            &trusted, &err) == GOVREC_OK &&
	    strlen(trusted) > size)
		abort(); /* the trusted comment comes from the input */
	free(trusted);
	return 0;
}
