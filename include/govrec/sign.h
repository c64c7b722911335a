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

/* The key id as minisign prints it: upper-case hex, no leading zeros (at most 16 digits). */
void govrec_key_id_hex(const unsigned char id[8], char out[17]);

/* minisign's scrypt limits for a password-protected secret key. */
#define GOVREC_SCRYPT_OPSLIMIT 33554432ULL
#define GOVREC_SCRYPT_MEMLIMIT 1073741824ULL

/* The prehash of "ED" signatures: BLAKE2b-512, unkeyed. */
#define GOVREC_PREHASH_BYTES 64

/*
 * Generates a key pair and writes pub_path (0644) and sec_path (0600,
 * created exclusively: an existing file is never overwritten).  password NULL
 * writes an unprotected secret key (minisign -W); otherwise the key is
 * encrypted with scrypt as minisign does.
 */
enum govrec_status govrec_key_generate(const char *pub_path, const char *sec_path,
				       const char *password, struct govrec_pubkey *pub,
				       struct govrec_error *err);

/*
 * As govrec_key_generate with other scrypt limits.  Only tests want this
 * (minisign's limits cost about a gigabyte and two seconds); minisign reads
 * keys made with any limits.
 */
enum govrec_status govrec_key_generate_limits(const char *pub_path, const char *sec_path,
					      const char *password, uint64_t opslimit,
					      uint64_t memlimit, struct govrec_pubkey *pub,
					      struct govrec_error *err);

/*
 * Writes the two lines of a public key file for pub to out:
 * "untrusted comment: minisign public key <KEYID>" and the base64 line.
 */
void govrec_pubkey_format(const struct govrec_pubkey *pub, struct govrec_buf *out);

/* The base64 line of pub alone (what `minisign -P` takes), into out (57 bytes). */
void govrec_pubkey_base64(const struct govrec_pubkey *pub, char out[57]);

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

/* The public half (and key id) of a secret key. */
void govrec_seckey_pubkey(const struct govrec_seckey *sk, struct govrec_pubkey *pub);

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
 * Signs the file at path, read in pieces (its size does not matter), as
 * govrec_sign does; `minisign -Vm path` verifies the result.
 */
enum govrec_status govrec_sign_file(const struct govrec_seckey *sk, const char *path,
				    const char *untrusted_comment, const char *trusted_comment,
				    struct govrec_buf *sig, struct govrec_error *err);

/*
 * Signs a prehash computed by the caller (crypto_generichash with
 * GOVREC_PREHASH_BYTES of output over the data, fed in pieces), for writers
 * that hash while they stream.
 */
enum govrec_status govrec_sign_prehashed(const struct govrec_seckey *sk,
					 const unsigned char hash[GOVREC_PREHASH_BYTES],
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

/* As govrec_verify_signature over the file at path, read in pieces. */
enum govrec_status govrec_verify_file(const struct govrec_pubkey *pub, const char *path,
				      const char *sig, size_t siglen, char **trusted,
				      struct govrec_error *err);

/*
 * The key id a signature file names, without checking anything else, so
 * that a verifier without the key can say which key would be needed.
 * GOVREC_INVALID for a malformed signature file.
 */
enum govrec_status govrec_signature_key_id(const char *sig, size_t siglen, unsigned char id[8],
					   struct govrec_error *err);

#endif
