/*
 * sign-int.h - what the two parts of sign.h share: sign.c (signatures, and
 * the text of minisign files) and sign-key.c (key files and the secret key
 * in memory).
 */
#ifndef GOVREC_SIGN_INT_H
#define GOVREC_SIGN_INT_H

#include <stddef.h>

#include "govrec/error.h"
#include "govrec/sign.h"

/*
 * A secret key in sodium_malloc memory, kept inaccessible while idle
 * (sodium_mprotect_noaccess): make it readable around each use.
 */
struct govrec_seckey {
	unsigned char id[8];
	unsigned char sk[64]; /* libsodium's layout: seed, then the public key */
};

/* Every minisign file starts with this line: a comment nothing signs. */
#define SIGN_UNTRUSTED_PREFIX "untrusted comment: "

/* sodium_init(), which every entry point calls first. */
enum govrec_status sign_sodium_ready(struct govrec_error *err);

/* Decodes exactly len bytes of base64 text s (n bytes); 0 on success. */
int sign_from_base64(unsigned char *bin, size_t len, const char *s, size_t n);

/* One line of a small text file (a key or a signature), without its end. */
struct sign_line {
	const char *s;
	size_t n;
};

/*
 * The lines of a small text file: fills at most max lines and returns how
 * many there were in all.
 */
size_t sign_split_lines(const char *text, size_t len, struct sign_line *lines, size_t max);
int sign_has_prefix(const struct sign_line *l, const char *prefix);

#endif
