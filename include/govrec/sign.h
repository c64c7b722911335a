/*
 * sign.h - minisign-compatible keys and signatures (Ed25519 via libsodium).
 *
 * Files are byte-compatible with minisign 0.11 (see ../shared/FORMATS.md):
 * `minisign -Vm FILE -p KEY.pub` verifies what govrec signs, and govrec
 * verifies what minisign signs.  Signatures are always made prehashed ("ED":
 * Ed25519 over BLAKE2b-512 of the file).  Secret keys live in sodium_malloc
 * memory and are wiped when released.
 */
#ifndef GOVREC_SIGN_H
#define GOVREC_SIGN_H

#include <stddef.h>
#include <stdint.h>

#include "govrec/buf.h"
#include "govrec/error.h"

struct govrec_pubkey {
	unsigned char id[8];
	unsigned char pk[32];
};

struct govrec_seckey; /* opaque; in sodium_malloc memory */

/* The key id as minisign prints it: 16 upper-case hex digits. */
void govrec_key_id_hex(const unsigned char id[8], char out[17]);

/*
 * Generates a key pair and writes pub_path (0644) and sec_path (0600,
 * created exclusively: an existing file is never overwritten).  password NULL
 * writes an unprotected secret key (minisign -W); otherwise the key is
 * encrypted with scrypt as minisign does.
 */
enum govrec_status govrec_key_generate(const char *pub_path, const char *sec_path,
				       const char *password, struct govrec_pubkey *pub,
				       struct govrec_error *err);

/* Reads a public key file, or (from_base64) the base64 line itself (-P). */
enum govrec_status govrec_pubkey_read(const char *path_or_base64, int from_base64,
				      struct govrec_pubkey *pub, struct govrec_error *err);

/*
 * Reads a secret key file; password may be NULL for an unprotected key.
 * Refuses a file readable by group or others.  Release with
 * govrec_seckey_free().
 */
enum govrec_status govrec_seckey_read(const char *path, const char *password,
				      struct govrec_seckey **out, struct govrec_error *err);
void govrec_seckey_free(struct govrec_seckey *sk);

/* 1 when the secret key file at path needs a password. */
int govrec_seckey_encrypted(const char *path);

/*
 * Signs data and appends the four lines of a minisign signature file to sig.
 * trusted_comment: printable UTF-8, TAB the only control character.
 */
enum govrec_status govrec_sign(const struct govrec_seckey *sk, const void *data, size_t len,
			       const char *untrusted_comment, const char *trusted_comment,
			       struct govrec_buf *sig, struct govrec_error *err);

/*
 * Verifies a minisign signature file (sig, siglen bytes) over data with pub.
 * GOVREC_OK valid; GOVREC_REFUSED with the reason (wrong key, bad signature,
 * bad trusted comment signature); GOVREC_INVALID for a malformed signature
 * file.  *trusted gets the trusted comment (caller frees) when not NULL.
 */
enum govrec_status govrec_verify_signature(const struct govrec_pubkey *pub, const void *data,
					   size_t len, const char *sig, size_t siglen,
					   char **trusted, struct govrec_error *err);

#endif
