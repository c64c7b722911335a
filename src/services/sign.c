/*
 * sign.c - minisign-compatible signatures, made with libsodium.
 *
 * govrec signs its bundles so that anyone can check them with minisign
 * alone, so every file this module reads or writes is byte-compatible with
 * minisign 0.11 (the layouts are in docs/FORMATS.md):
 *
 *   public key  "Ed" | key id[8] | Ed25519 pk[32]                       42 bytes
 *   secret key  "Ed" | kdf "Sc" or 0 0 | "B2" | salt[32] | opslimit u64le |
 *               memlimit u64le | key id[8] | sk[64] | chk[32]           158 bytes
 *   signature   "ED" | key id[8] | Ed25519(BLAKE2b-512(data))[64]       74 bytes
 *               then a global signature over that signature || trusted comment
 *
 * Signatures are always made prehashed ("ED"), so a file of any size is
 * signed in one streaming pass; legacy "Ed" signatures (over the raw bytes)
 * are verified too.
 *
 * This file makes and checks signatures, and holds what key files and
 * signature files share: their two-line text (a comment line, a base64
 * line).  The key files themselves, and the secret key in memory, are
 * sign-key.c's; sign-int.h is what the two share.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "sign-int.h"
#include "govrec/util.h"

#define SIG_BYTES     74
#define SIG_FILE_MAX  16384
#define LEGACY_MAX    (1UL << 30) /* minisign's limit for unhashed ("Ed") data */
/* minisign reads a comment line into 1024 bytes and a trusted one into 8192. */
#define UNTRUSTED_MAX 1000
#define TRUSTED_MAX   8000

static const char untrusted_prefix[] = SIGN_UNTRUSTED_PREFIX;
static const char trusted_prefix[] = "trusted comment: ";

/* ---- what key files and signature files share ----------------------------- */

enum govrec_status sign_sodium_ready(struct govrec_error *err)
{
	if (sodium_init() < 0)
		return govrec_error_set(err, GOVREC_ERROR, "cannot initialise libsodium");
	return GOVREC_OK;
}

/* Decodes exactly len bytes of base64 text s (n bytes); 0 on success. */
int sign_from_base64(unsigned char *bin, size_t len, const char *s, size_t n)
{
	size_t got = 0;

	if (sodium_base642bin(bin, len, s, n, NULL, &got, NULL, sodium_base64_VARIANT_ORIGINAL) !=
		0 ||
	    got != len)
		return -1;
	return 0;
}

/*
 * Splits text (NUL-terminated, len bytes) at LF, dropping a CR before it;
 * fills at most max lines and returns how many there were in all (a final
 * line without LF counts; nothing after the last LF does not).
 */
size_t sign_split_lines(const char *text, size_t len, struct sign_line *lines, size_t max)
{
	size_t count = 0, start = 0, i;

	for (i = 0; i <= len; i++) {
		if (i < len && text[i] != '\n')
			continue;
		if (i == len && start == len)
			break;
		if (count < max) {
			size_t n = i - start;

			if (n > 0 && text[start + n - 1] == '\r')
				n--;
			lines[count].s = text + start;
			lines[count].n = n;
		}
		count++;
		start = i + 1;
	}
	return count;
}

int sign_has_prefix(const struct sign_line *l, const char *prefix)
{
	size_t n = strlen(prefix);

	return l->n >= n && memcmp(l->s, prefix, n) == 0;
}

/* ---- signing ---------------------------------------------------------------- */

/* Base64 (the original alphabet, padded) of len bytes, appended to b. */
static void add_base64(struct govrec_buf *b, const unsigned char *bin, size_t len)
{
	size_t n = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);

	govrec_buf_grow(b, n);
	sodium_bin2base64(b->data + b->len, n, bin, len, sodium_base64_VARIANT_ORIGINAL);
	govrec_buf_setlen(b, b->len + n - 1);
}

/* A comment fit for a signature line: UTF-8, TAB the only control character. */
static enum govrec_status comment_check(const char *s, size_t max, const char *what,
					struct govrec_error *err)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);

	if (n > max)
		return govrec_error_set(err, GOVREC_INVALID, "the %s is longer than %zu bytes",
					what, max);
	for (; *p; p++)
		if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
			return govrec_error_set(err, GOVREC_INVALID,
						"the %s holds a control character", what);
	if (govrec_utf8_check(s, n, NULL) != GOVREC_OK ||
	    (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0))
		return govrec_error_set(err, GOVREC_INVALID, "the %s is not UTF-8", what);
	return GOVREC_OK;
}

enum govrec_status govrec_sign_prehashed(const struct govrec_seckey *sk,
					 const unsigned char hash[GOVREC_PREHASH_BYTES],
					 const char *untrusted_comment, const char *trusted_comment,
					 struct govrec_buf *sig, struct govrec_error *err)
{
	struct govrec_seckey *k = (struct govrec_seckey *)sk;
	unsigned char sigbin[SIG_BYTES], global[64];
	unsigned char *both;
	size_t tlen;
	int rc;

	if ((rc = sign_sodium_ready(err)) != GOVREC_OK)
		return rc;
	if (!untrusted_comment)
		untrusted_comment = "signature from govrec secret key";
	if (!trusted_comment)
		trusted_comment = "";
	if ((rc = comment_check(untrusted_comment, UNTRUSTED_MAX, "untrusted comment", err)) !=
		GOVREC_OK ||
	    (rc = comment_check(trusted_comment, TRUSTED_MAX, "trusted comment", err)) != GOVREC_OK)
		return rc;
	tlen = strlen(trusted_comment);
	both = malloc(64 + tlen);
	if (!both)
		return govrec_error_oom(err);

	sodium_mprotect_readonly(k);
	memcpy(sigbin, "ED", 2);
	memcpy(sigbin + 2, k->id, 8);
	crypto_sign_detached(sigbin + 10, NULL, hash, GOVREC_PREHASH_BYTES, k->sk);
	memcpy(both, sigbin + 10, 64);
	memcpy(both + 64, trusted_comment, tlen);
	crypto_sign_detached(global, NULL, both, 64 + tlen, k->sk);
	sodium_mprotect_noaccess(k);
	free(both);

	govrec_buf_addf(sig, "%s%s\n", untrusted_prefix, untrusted_comment);
	add_base64(sig, sigbin, sizeof(sigbin));
	govrec_buf_addf(sig, "\n%s%s\n", trusted_prefix, trusted_comment);
	add_base64(sig, global, sizeof(global));
	govrec_buf_addch(sig, '\n');
	return GOVREC_OK;
}

enum govrec_status govrec_sign(const struct govrec_seckey *sk, const void *data, size_t len,
			       const char *untrusted_comment, const char *trusted_comment,
			       struct govrec_buf *sig, struct govrec_error *err)
{
	unsigned char hash[GOVREC_PREHASH_BYTES];
	int rc;

	if ((rc = sign_sodium_ready(err)) != GOVREC_OK)
		return rc;
	crypto_generichash(hash, sizeof(hash), data, len, NULL, 0);
	return govrec_sign_prehashed(sk, hash, untrusted_comment, trusted_comment, sig, err);
}

/* BLAKE2b-512 of the file at path, read in pieces. */
static enum govrec_status hash_file(const char *path, unsigned char hash[GOVREC_PREHASH_BYTES],
				    struct govrec_error *err)
{
	crypto_generichash_state hs;
	unsigned char chunk[65536];
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return govrec_error_set(err, errno == ENOENT ? GOVREC_INVALID : GOVREC_ERROR,
					"cannot open '%s': %s", path, strerror(errno));
	crypto_generichash_init(&hs, NULL, 0, GOVREC_PREHASH_BYTES);
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		crypto_generichash_update(&hs, chunk, (size_t)n);
	}
	if (n < 0) {
		int e = errno;

		close(fd);
		return govrec_error_set(err, GOVREC_ERROR, "cannot read '%s': %s", path,
					strerror(e));
	}
	close(fd);
	crypto_generichash_final(&hs, hash, GOVREC_PREHASH_BYTES);
	return GOVREC_OK;
}

enum govrec_status govrec_sign_file(const struct govrec_seckey *sk, const char *path,
				    const char *untrusted_comment, const char *trusted_comment,
				    struct govrec_buf *sig, struct govrec_error *err)
{
	unsigned char hash[GOVREC_PREHASH_BYTES];
	int rc;

	if ((rc = sign_sodium_ready(err)) != GOVREC_OK)
		return rc;
	if ((rc = hash_file(path, hash, err)) != GOVREC_OK)
		return rc;
	return govrec_sign_prehashed(sk, hash, untrusted_comment, trusted_comment, sig, err);
}

/* ---- verifying -------------------------------------------------------------- */

/* A signature file taken apart. */
struct parsed_sig {
	unsigned char bin[SIG_BYTES]; /* algorithm, key id, signature */
	unsigned char global[64];
	const char *trusted; /* into the caller's text, not terminated */
	size_t trusted_len;
	int prehashed;
};

static enum govrec_status sig_parse(const char *text, size_t len, struct parsed_sig *p,
				    struct govrec_error *err)
{
	struct sign_line l[4];
	size_t count = sign_split_lines(text, len, l, 4);

	if (memchr(text, '\0', len))
		return govrec_error_set(err, GOVREC_INVALID, "the signature file holds a NUL byte");
	if (count < 4 || !sign_has_prefix(&l[0], untrusted_prefix) ||
	    !sign_has_prefix(&l[2], trusted_prefix))
		return govrec_error_set(err, GOVREC_INVALID,
					"the signature file does not have minisign's four lines "
					"(untrusted comment, signature, trusted comment, global "
					"signature)");
	if (count > 4)
		return govrec_error_set(err, GOVREC_INVALID,
					"the signature file has more than four lines");
	if (sign_from_base64(p->bin, SIG_BYTES, l[1].s, l[1].n) != 0)
		return govrec_error_set(err, GOVREC_INVALID,
					"the signature line is not a base64 minisign signature");
	if (sign_from_base64(p->global, 64, l[3].s, l[3].n) != 0)
		return govrec_error_set(err, GOVREC_INVALID,
					"the global signature line is not a base64 signature");
	if (memcmp(p->bin, "ED", 2) == 0)
		p->prehashed = 1;
	else if (memcmp(p->bin, "Ed", 2) == 0)
		p->prehashed = 0;
	else
		return govrec_error_set(err, GOVREC_INVALID,
					"the signature algorithm is neither ED nor Ed");
	p->trusted = l[2].s + strlen(trusted_prefix);
	p->trusted_len = l[2].n - strlen(trusted_prefix);
	return GOVREC_OK;
}

enum govrec_status govrec_signature_key_id(const char *sig, size_t siglen, unsigned char id[8],
					   struct govrec_error *err)
{
	struct parsed_sig p;
	int rc;

	if ((rc = sign_sodium_ready(err)) != GOVREC_OK)
		return rc;
	if ((rc = sig_parse(sig, siglen, &p, err)) != GOVREC_OK)
		return rc;
	memcpy(id, p.bin + 2, 8);
	return GOVREC_OK;
}

/*
 * Checks a parsed signature: msg is the prehash or (legacy) the data.  The
 * key id, then the signature, then the global signature over the trusted
 * comment, each failure with its own reason.
 */
static enum govrec_status sig_check(const struct govrec_pubkey *pub, const struct parsed_sig *p,
				    const unsigned char *msg, size_t msglen, char **trusted,
				    struct govrec_error *err)
{
	unsigned char *both;
	char want[17], got[17];
	int bad;

	if (memcmp(p->bin + 2, pub->id, 8) != 0) {
		govrec_key_id_hex(p->bin + 2, got);
		govrec_key_id_hex(pub->id, want);
		return govrec_error_set(err, GOVREC_REFUSED,
					"the signature was made with key %s, not with key %s", got,
					want);
	}
	if (crypto_sign_verify_detached(p->bin + 10, msg, msglen, pub->pk) != 0)
		return govrec_error_set(err, GOVREC_REFUSED,
					"the signature does not match the data");
	both = malloc(64 + p->trusted_len);
	if (!both)
		return govrec_error_oom(err);
	memcpy(both, p->bin + 10, 64);
	memcpy(both + 64, p->trusted, p->trusted_len);
	bad = crypto_sign_verify_detached(p->global, both, 64 + p->trusted_len, pub->pk) != 0;
	free(both);
	if (bad)
		return govrec_error_set(err, GOVREC_REFUSED,
					"the trusted comment's signature does not match (the "
					"comment was changed)");
	if (trusted) {
		*trusted = malloc(p->trusted_len + 1);
		if (!*trusted)
			return govrec_error_oom(err);
		memcpy(*trusted, p->trusted, p->trusted_len);
		(*trusted)[p->trusted_len] = '\0';
	}
	return GOVREC_OK;
}

enum govrec_status govrec_verify_signature(const struct govrec_pubkey *pub, const void *data,
					   size_t len, const char *sig, size_t siglen,
					   char **trusted, struct govrec_error *err)
{
	unsigned char hash[GOVREC_PREHASH_BYTES];
	struct parsed_sig p;
	int rc;

	if (trusted)
		*trusted = NULL;
	if ((rc = sign_sodium_ready(err)) != GOVREC_OK)
		return rc;
	if ((rc = sig_parse(sig, siglen, &p, err)) != GOVREC_OK)
		return rc;
	if (!p.prehashed)
		return sig_check(pub, &p, data, len, trusted, err);
	crypto_generichash(hash, sizeof(hash), data, len, NULL, 0);
	return sig_check(pub, &p, hash, sizeof(hash), trusted, err);
}

enum govrec_status govrec_verify_file(const struct govrec_pubkey *pub, const char *path,
				      const char *sig, size_t siglen, char **trusted,
				      struct govrec_error *err)
{
	unsigned char hash[GOVREC_PREHASH_BYTES];
	struct parsed_sig p;
	int rc;

	if (trusted)
		*trusted = NULL;
	if ((rc = sign_sodium_ready(err)) != GOVREC_OK)
		return rc;
	if ((rc = sig_parse(sig, siglen, &p, err)) != GOVREC_OK)
		return rc;
	if (!p.prehashed) {
		/* Legacy signatures are over the raw bytes: minisign's 1 GB limit. */
		struct govrec_buf b = GOVREC_BUF_INIT;

		rc = govrec_buf_read_file(&b, path, LEGACY_MAX, err);
		if (rc == GOVREC_OK)
			rc = sig_check(pub, &p, (const unsigned char *)b.data, b.len, trusted, err);
		govrec_buf_release(&b);
		return rc;
	}
	if ((rc = hash_file(path, hash, err)) != GOVREC_OK)
		return rc;
	return sig_check(pub, &p, hash, sizeof(hash), trusted, err);
}
