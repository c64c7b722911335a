/*
 * bagit.h - verifying BagIt 1.0 bags (RFC 8493), signed or not.
 *
 * govrec exports its archive as a bag, and `govrec verify` checks any bag:
 * one govrec wrote, or a plain bag made by another tool.  A bag may be a
 * directory or an archive (.tar, .tar.gz, .tar.zst, .zip; the format is found
 * from the bytes), with the bag at the top or inside one top-level directory.
 * Archives are read in one streaming pass (every file hashed while it is
 * read); only when a manifest of an algorithm not computed up front (md5,
 * sha1, sha224, sha384) comes after the payload files is a second pass made.
 * What is learnt about the files goes into a private temporary SQLite
 * database, so memory stays flat however big the files are and however many
 * there are.
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
	/*
	 * What is allowed but worth saying: an older BagIt version, a manifest
	 * written by md5sum, a path listed as "./data/...".  A bag with
	 * warnings and no problems is valid.
	 */
	struct govrec_bag_problem *warnings;
	size_t nwarnings;
	/*
	 * bag-info.txt as read, in order: label and value (continuation
	 * lines joined with a space, surrounding white space trimmed).  Empty
	 * when the bag has none.  Worth trusting only as far as the report
	 * says the bag is valid (and signed).
	 */
	struct govrec_bag_info {
		char *label;
		char *value;
	} *info;
	size_t ninfo;
};

/* The first value of label in r's bag-info.txt, NULL when absent. */
const char *govrec_bag_info_get(const struct govrec_bag_report *r, const char *label);

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
 * A bag opened once.  Every pass over it - verifying, then loading - reads
 * the same open file (an archive) or directory descriptor, never the path
 * again, so a file swapped in under the same name between the passes is
 * not read.  What is read is also checked against the verified manifests as
 * it is read (govrec_bag_each), so bytes changed in place are caught too.
 */
struct govrec_bag;

/* Opens path (a directory or an archive file).  GOVREC_INVALID when it is neither. */
enum govrec_status govrec_bag_open(const char *path, struct govrec_bag **out,
				   struct govrec_error *err);

void govrec_bag_close(struct govrec_bag *b);

/* Verifies the open bag: the same checks and results as govrec_bag_verify. */
enum govrec_status govrec_bag_check(struct govrec_bag *b, const struct govrec_bag_options *opt,
				    struct govrec_bag_report *r, struct govrec_error *err);

/* One file of a verified bag, as govrec_bag_each gives it (valid while fn runs). */
struct govrec_bag_file {
	const char *rel; /* relative to the bag's base: "data/records/committee.xml", "bag-info.txt" */
	uint64_t size;
	int payload; /* 1: under data/, listed in the payload manifests; 0: a tag file */
};

/*
 * Reads up to n bytes of the file govrec_bag_each is giving: the count, 0 at
 * its end, -1 on a read error.  Every byte is hashed on its way.
 */
long long govrec_bag_read(struct govrec_bag *b, void *buf, size_t n);

/*
 * After govrec_bag_check has returned GOVREC_OK on b: reads the bag once
 * more, from the same open file, and calls fn for every file that the
 * verified manifests list (payload files in the payload manifests, tag files
 * in the tag manifests; in a signed bag, only those the signed
 * tagmanifest-sha512.txt lists), its bytes to be read with govrec_bag_read:
 * an archive's in the order of its entries, a directory's sorted by path.
 * It may be called again on the same open bag.  What fn leaves unread is read after it
 * returns; the file's digest is then compared with the manifests, and a
 * difference stops the walk with GOVREC_REFUSED naming the file.  Entries
 * that no manifest lists, that lie outside the bag's base, or that are not
 * regular files are never given to fn.  A listed file not met again, or met
 * twice, is GOVREC_REFUSED too.  fn returning anything but GOVREC_OK stops
 * the walk with that status.  The caller therefore treats everything fn did
 * as provisional until govrec_bag_each has returned GOVREC_OK.
 */
enum govrec_status govrec_bag_each(struct govrec_bag *b,
				   enum govrec_status (*fn)(const struct govrec_bag_file *f,
							    void *ctx, struct govrec_error *err),
				   void *ctx, struct govrec_error *err);

/*
 * Decodes a manifest path as RFC 8493 says (%0D, %0A and %25, either case)
 * into out.  Returns out->data.
 */
const char *govrec_bag_path_decode(const char *s, size_t n, struct govrec_buf *out);

#endif
