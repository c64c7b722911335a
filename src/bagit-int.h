/*
 * bagit-int.h - what the parts of the BagIt verifier share: bagit.c (the
 * open bag and the walks over it), bagit-tags.c (the text of tag files:
 * bagit.txt, bag-info.txt, manifests, fetch.txt), bagit-analyse.c (the
 * checks once everything has been read) and bagit-each.c (the second,
 * checked reading that restore loads through).
 */
#ifndef GOVREC_BAGIT_INT_H
#define GOVREC_BAGIT_INT_H

#include <nettle/sha2.h>
#include <sodium.h>

#include "digest.h"
#include "govrec/bagit.h"
#include "govrec/buf.h"

#define BAG_CHUNK     65536
#define SIG_NAME      "tagmanifest-sha512.txt.minisig"
#define SIGNED_NAME   "tagmanifest-sha512.txt"
#define DIR_DEPTH_MAX 64

/* In order of strength: the strongest a manifest lists a file with is used. */
enum alg_id { ALG_MD5, ALG_SHA1, ALG_SHA224, ALG_SHA256, ALG_SHA384, ALG_SHA512, ALG_COUNT };

struct alg {
	const char *name;
	size_t len;
	int always; /* hashed up front, before any manifest is seen */
};

extern const struct alg bag_algs[ALG_COUNT];

union hash_state {
	struct govrec_md5 md5;
	struct govrec_sha1 sha1;
	struct sha256_ctx sha256; /* sha224 too */
	struct sha512_ctx sha512; /* sha384 too */
};

void bag_hash_init(union hash_state *h, enum alg_id a);
void bag_hash_update(union hash_state *h, enum alg_id a, const void *p, size_t n);
void bag_hash_final(union hash_state *h, enum alg_id a, unsigned char *out);

/* One regular file found in the input. */
struct bag_file {
	char *name;      /* relative to the input, '/'-separated */
	const char *rel; /* into name: relative to the bag's base (set by analyse) */
	uint64_t size;
	unsigned have; /* algorithms hashed (bit per enum alg_id) */
	unsigned char digest[ALG_COUNT][64];
	struct govrec_buf *kept; /* contents of a tag file that says what the bag holds */
	size_t order;            /* position in the input, for stable sorting */
	unsigned want;           /* second pass: algorithms still to hash */
};

/* A file a verified manifest lists, as govrec_bag_each checks it. */
struct bag_listed {
	char *rel;
	uint64_t size;
	int payload;
	enum alg_id alg;
	unsigned char digest[64];
	int seen;
};

/* One manifest line. */
struct mline {
	char *path; /* decoded */
	unsigned char digest[64];
	size_t line;
};

struct manifest {
	const struct bag_file *file;
	enum alg_id alg;
	int tag; /* tagmanifest-*.txt */
	struct mline *lines;
	size_t nlines;
};

struct govrec_bag;

/* One verification of an open bag. */
struct bagv {
	struct govrec_bag *bag;
	const char *input;
	const struct govrec_bag_options *opt;
	struct govrec_bag_report *r;
	int is_dir;
	struct bag_file *files;
	size_t nfiles, cap;
	unsigned known;            /* algorithms of manifests named so far */
	int algs_final;            /* known holds every manifest's algorithm (directories) */
	int pass2;                 /* second pass: hash only what is missing */
	struct bag_file **by_name; /* pass 2 lookup */
	uint64_t done, total;
	size_t kept_total; /* bytes of tag files held in memory */
	unsigned char *chunk;
	int (*read)(void *src, void *buf, size_t n, struct bagv *v, const char *name);
	void *src;
	/* Set by the analysis. */
	int version;    /* BagIt-Version as major * 100 + minor: 100, 97; 0 unknown */
	char *encoding; /* Tag-File-Character-Encoding; NULL: UTF-8 */
	int strict;     /* a signed bag or a govrec bundle: no unlisted file at all */
	char *base;     /* the bag's base inside the input: "" or "dir/" */
	struct bag_listed *listed;
	size_t nlisted;
};

struct govrec_bag {
	char *path;
	int fd; /* the archive file, or the directory */
	int is_dir;
	uint64_t size;
	int checked; /* govrec_bag_check said GOVREC_OK */
	char *base;
	struct bag_listed *listed; /* sorted by rel */
	size_t nlisted;
	/* The file govrec_bag_each is giving. */
	struct bag_listed *cur;
	void *archive; /* struct archive * of the walk */
	int cur_fd;
	union hash_state hs;
	uint64_t got;
	int read_failed;
};

void bag_problem(struct bagv *v, const char *path, const char *fmt, ...) GOVREC_PRINTF(3, 4);
void bag_warning(struct bagv *v, const char *path, const char *fmt, ...) GOVREC_PRINTF(3, 4);

const char *bag_base_name(const char *p);
int bag_manifest_alg(const char *name, int *tag, const char **alg_name, size_t *alg_len);
char *bag_clean_name(const char *raw, const char **why);
int bag_hexval(int c);

/* Archive and directory access, on the bag's one descriptor. */
struct archive *bag_archive_open(struct govrec_bag *b);
enum govrec_status bag_walk_archive(struct bagv *v, struct govrec_error *err);

/* Tag files (bagit-tags.c). */
struct bag_lines {
	const char *p;
	size_t left;
	size_t no;
};
void bag_lines_init(struct bag_lines *it, const char *p, size_t n);
int bag_lines_next(struct bag_lines *it, const char **s, size_t *n);
int bag_tag_text(struct bagv *v, const struct bag_file *f, struct govrec_buf *out);
void bag_check_bagit_txt(struct bagv *v, const struct bag_file *f);
void bag_read_bag_info(struct bagv *v, const struct bag_file *f);
void bag_check_oxum(struct bagv *v);
void bag_parse_manifest(struct bagv *v, struct manifest *m);
const char *bag_unsafe_path(const char *p);

/* The analysis (bagit-analyse.c). */
enum govrec_status bag_analyse(struct bagv *v, struct govrec_error *err);
void bag_listed_free(struct bag_listed *l, size_t n);

#endif
