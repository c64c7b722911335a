/*
 * bagit.h - verifying BagIt 1.0 bags (RFC 8493), signed or not.
 *
 * govrec exports its archive as a bag, and `govrec verify` checks any bag:
 * one govrec wrote, or a plain bag made by another tool.  A bag may be a
 * directory or an archive (.tar, .tar.gz, .tar.zst, .zip; the format is found
 * from the bytes), with the bag at the top or inside one top-level directory.
 * Archives are read in one streaming pass (every file hashed while it is
 * read, memory flat however big the files are); only when a manifest of an
 * algorithm not computed up front (md5, sha1) comes after the payload files
 * is a second pass made.
 *
 * The verifier collects every problem instead of stopping at the first:
 * bagit.txt, the payload and tag manifests, completeness both ways, every
 * checksum, Payload-Oxum, files no manifest lists, unsafe entries (absolute
 * paths, "..", links, devices), and the minisign signature
 * tagmanifest-sha512.txt.minisig when a public key is given.
 */
#ifndef GOVREC_BAGIT_H
#define GOVREC_BAGIT_H

#include <stddef.h>
#include <stdint.h>

#include "govrec/error.h"
#include "govrec/sign.h"

/* The state of the bag's signature. */
enum govrec_bag_signature {
	GOVREC_BAG_UNSIGNED = 0, /* no tagmanifest-sha512.txt.minisig */
	GOVREC_BAG_SIG_VALID,	 /* verified with the key given */
	GOVREC_BAG_SIG_INVALID,	 /* did not verify (see the problems) */
	GOVREC_BAG_SIG_UNCHECKED /* signed, but no key was given */
};

/* "unsigned", "valid", "invalid", "unchecked": the names --json uses. */
const char *govrec_bag_signature_name(enum govrec_bag_signature s);

struct govrec_bag_problem {
	char *path;    /* the file concerned, relative to the bag; NULL for the bag itself */
	char *message; /* "checksum does not match manifest-sha256.txt" */
};

struct govrec_bag_report {
	enum govrec_bag_signature signature;
	int have_key_id;	 /* 1 when the bag is signed */
	unsigned char key_id[8]; /* the key the signature names */
	char *trusted_comment;	 /* of a valid signature; NULL otherwise */
	uint64_t files;		 /* payload files found */
	uint64_t bytes;		 /* their bytes */
	char **algorithms;	 /* payload manifest algorithms, NULL-terminated */
	struct govrec_bag_problem *problems;
	size_t nproblems;
};

struct govrec_bag_options {
	const struct govrec_pubkey *pub; /* NULL: the signature is not checked */
	/* Called now and then with bytes done and the total (0 when unknown). */
	void (*progress)(uint64_t done, uint64_t total, void *ctx);
	void *ctx;
};

/*
 * Verifies the bag at path (a directory or an archive file) and fills r
 * (release with govrec_bag_report_release, also after a failure).
 * GOVREC_OK: the bag is valid (and its signature, when a key was given).
 * GOVREC_REFUSED: it is not, and r->problems lists every reason.
 * GOVREC_INVALID: path cannot be read as a bag at all (missing, not a
 * directory or an archive).  GOVREC_ERROR: out of memory or an I/O error on
 * our side.
 */
enum govrec_status govrec_bag_verify(const char *path, const struct govrec_bag_options *opt,
				     struct govrec_bag_report *r, struct govrec_error *err);

void govrec_bag_report_release(struct govrec_bag_report *r);

/*
 * Decodes a manifest path as RFC 8493 says (%0D, %0A and %25, either case)
 * into out.  Returns out->data.
 */
const char *govrec_bag_path_decode(const char *s, size_t n, struct govrec_buf *out);

#endif
