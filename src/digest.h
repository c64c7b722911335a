/*
 * digest.h - MD5 and SHA-1 for checking older BagIt manifests.
 *
 * libsodium has SHA-256 and SHA-512 but neither of these; plain bags made by
 * other tools still carry manifest-md5.txt or manifest-sha1.txt, so the bag
 * verifier needs them.  They are used only to check such manifests, never to
 * protect anything govrec writes.
 */
#ifndef GOVREC_DIGEST_H
#define GOVREC_DIGEST_H

#include <stddef.h>
#include <stdint.h>

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
