/*
 * digest.h - the hash functions govrec computes itself.
 *
 * SHA-256 runs over every byte that is imported (the dedupe hash, the audit
 * content hashes), exported and verified, so it is Nettle's: Nettle picks
 * the CPU's SHA instructions at run time where there are any (x86 SHA-NI,
 * ARMv8), about six times libsodium's portable code.  libarchive already
 * loads Nettle, so it costs no start-up.  SHA-512 stays libsodium's, as do
 * signatures.
 *
 * MD5 and SHA-1 are here for checking older BagIt manifests: plain bags
 * made by other tools still carry manifest-md5.txt or manifest-sha1.txt.
 * They are used only to check such manifests, never to protect anything
 * govrec writes.
 */
#ifndef GOVREC_DIGEST_H
#define GOVREC_DIGEST_H

#include <stddef.h>
#include <stdint.h>
#include <nettle/sha2.h>

#define GOVREC_SHA256_BYTES 32

struct govrec_sha256 {
	struct sha256_ctx ctx;
};

static inline void govrec_sha256_init(struct govrec_sha256 *c)
{
	sha256_init(&c->ctx);
}

static inline void govrec_sha256_update(struct govrec_sha256 *c, const void *data, size_t n)
{
	sha256_update(&c->ctx, n, data);
}

static inline void govrec_sha256_final(struct govrec_sha256 *c, unsigned char out[32])
{
	sha256_digest(&c->ctx, GOVREC_SHA256_BYTES, out);
}

struct govrec_md5 {
	uint32_t h[4];
	uint64_t len;
	unsigned char block[64];
	size_t used;
};

struct govrec_sha1 {
	uint32_t h[5];
	uint64_t len;
	unsigned char block[64];
	size_t used;
};

void govrec_md5_init(struct govrec_md5 *c);
void govrec_md5_update(struct govrec_md5 *c, const void *data, size_t n);
void govrec_md5_final(struct govrec_md5 *c, unsigned char out[16]);

void govrec_sha1_init(struct govrec_sha1 *c);
void govrec_sha1_update(struct govrec_sha1 *c, const void *data, size_t n);
void govrec_sha1_final(struct govrec_sha1 *c, unsigned char out[20]);

#endif
