/*
 * digest.h - the hash functions govrec computes itself, all from Nettle.
 *
 * One provider for every algorithm: Nettle picks the CPU's SHA instructions
 * at run time where there are any (x86 SHA-NI, ARMv8), about six times
 * libsodium's portable SHA-256, and libarchive already loads it, so it costs
 * no start-up.  SHA-256 runs over every byte that is imported (the dedupe
 * hash, the audit content hashes), exported and verified; SHA-512 over
 * every byte exported and verified.  Signatures stay libsodium's.
 *
 * MD5 and SHA-1 (and SHA-224, SHA-384) are here for checking BagIt
 * manifests that other tools write: plain bags still carry
 * manifest-md5.txt or manifest-sha1.txt.  They never protect anything
 * govrec writes.
 */
#ifndef GOVREC_DIGEST_H
#define GOVREC_DIGEST_H

#include <stddef.h>
#include <stdint.h>
#include <nettle/md5.h>
#include <nettle/sha1.h>
#include <nettle/sha2.h>

#define GOVREC_SHA256_BYTES 32
#define GOVREC_SHA512_BYTES 64

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

struct govrec_sha512 {
	struct sha512_ctx ctx;
};

static inline void govrec_sha512_init(struct govrec_sha512 *c)
{
	sha512_init(&c->ctx);
}

static inline void govrec_sha512_update(struct govrec_sha512 *c, const void *data, size_t n)
{
	sha512_update(&c->ctx, n, data);
}

static inline void govrec_sha512_final(struct govrec_sha512 *c, unsigned char out[64])
{
	sha512_digest(&c->ctx, GOVREC_SHA512_BYTES, out);
}

#endif
