/*
 * bagit-int.h - what the parts of the BagIt verifier share: bagit.c (the
 * open bag and the walks over it), bagit-tags.c (the text of tag files:
 * bagit.txt, bag-info.txt, manifests, fetch.txt), bagit-analyse.c (the
 * checks once everything has been read) and bagit-each.c (the second,
 * checked reading that restore loads through).
 */
#ifndef GOVREC_BAGIT_INT_H
#define GOVREC_BAGIT_INT_H

#include <stdint.h>

#include <nettle/sha2.h>
#include <sodium.h>

#include "govrec/digest.h"
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
	struct md5_ctx md5;
	struct sha1_ctx sha1;
	struct sha256_ctx sha256; /* sha224 too */
	struct sha512_ctx sha512; /* sha384 too */
};

void bag_hash_init(union hash_state *h, enum alg_id a);
void bag_hash_update(union hash_state *h, enum alg_id a, const void *p, size_t n);
void bag_hash_final(union hash_state *h, enum alg_id a, unsigned char *out);

/*
 * What the verifier learns about the files of a bag (their names, sizes and
 * checksums, the manifests' lines, the bytes of the tag files that say what
 * the bag holds) goes into a private temporary SQLite database, not into
 * memory, and is joined there with SQL: memory stays flat however many files
 * the bag has (bagit-db.c).
 */
enum bag_sql {
	Q_INSERT_FILE,
	Q_INSERT_CHUNK,
	Q_CHUNKS,
	Q_PASS2_FIND,
	Q_PASS2_SET,
	Q_DUP_NAMES,
	Q_BASE_TOP,
	Q_BASE_SUB,
	Q_OUTSIDE,
	Q_BUILD_BAG,
	Q_TOP,
	Q_WANT,
	Q_INSERT_MANIFEST,
	Q_INSERT_LINE,
	Q_MLINES,
	Q_ALIAS,
	Q_UNLISTED_PAYLOAD,
	Q_PAYLOAD,
	Q_SYSTEM_FILES,
	Q_TAG_UNLISTED_SIGNED,
	Q_TAG_UNLISTED_ANY,
	Q_HAS_REL,
	Q_LINE_EXISTS,
	Q_LISTED_BUILD,
	Q_LISTED_GET,
	Q_LISTED_SEEN,
	Q_LISTED_RESET,
	Q_LISTED_NEXT,
	Q_LISTED_UNSEEN,
	Q_COUNT
};

struct bag_db {
	struct sqlite3 *db;
	struct sqlite3_stmt *st[Q_COUNT];
	int failed;
	char msg[300];
};

enum govrec_status bag_db_open(struct bag_db *d, struct govrec_error *err);
void bag_db_close(struct bag_db *d);
/* The statement q, reset and unbound; NULL once the database has failed. */
struct sqlite3_stmt *bag_sql(struct bag_db *d, enum bag_sql q);
/* Runs a statement to its end: 1, or 0 when it failed (d->failed is set). */
int bag_sql_done(struct bag_db *d, struct sqlite3_stmt *st);
/* One row of st: 1, 0 at the end or on failure (d->failed set). */
int bag_sql_row(struct bag_db *d, struct sqlite3_stmt *st);
int bag_sql_exec(struct bag_db *d, const char *sql);

/* A tag file the analysis reads: a row of the files table. */
struct bag_file {
	int64_t id;
	char *rel;
	uint64_t size;
	unsigned have; /* algorithms hashed (bit per enum alg_id) */
	int kept;      /* its bytes are in the database */
};

/* A file a verified manifest lists, as govrec_bag_each checks it. */
struct bag_listed {
	struct govrec_buf rel;
	uint64_t size;
	int payload;
	enum alg_id alg;
	unsigned char digest[64];
};

struct manifest {
	struct bag_file file;
	enum alg_id alg;
	int tag; /* tagmanifest-*.txt */
	int m;   /* its number in the database */
};

struct govrec_bag;

/* One verification of an open bag. */
struct bagv {
	struct govrec_bag *bag;
	struct bag_db *db;
	const char *input;
	const struct govrec_bag_options *opt;
	struct govrec_bag_report *r;
	int is_dir;
	int64_t next_id;
	unsigned known; /* algorithms of manifests named so far */
	int algs_final; /* known holds every manifest's algorithm (directories) */
	int pass2;      /* second pass: hash only what is missing */
	uint64_t done, total;
	uint64_t kept_total; /* bytes of tag files kept */
	unsigned char *chunk;
	int (*read)(void *src, void *buf, size_t n, struct bagv *v, const char *name);
	void *src;
	/* Set by the analysis. */
	int version;    /* BagIt-Version as major * 100 + minor: 100, 97; 0 unknown */
	char *encoding; /* Tag-File-Character-Encoding; NULL: UTF-8 */
	int strict;     /* a signed bag or a govrec bundle: no unlisted file at all */
	char *base;     /* the bag's base inside the input: "" or "dir/" */
};

struct govrec_bag {
	char *path;
	int fd; /* the archive file, or the directory */
	int is_dir;
	uint64_t size;
	int checked;     /* govrec_bag_check said GOVREC_OK */
	int signed_only; /* signed: tag files only from the signed tag manifest */
	int listed;      /* the listed table is built (on the first govrec_bag_each) */
	char *base;
	struct bag_db db; /* what the check learnt, the listed files among it */
	/* The file govrec_bag_each is giving. */
	struct bag_listed cur;
	int giving;
	void *archive; /* struct archive * of the walk */
	int cur_fd;
	union hash_state hs;
	uint64_t got;
	int read_failed;
};

void bag_problem(struct bagv *v, const char *path, const char *fmt, ...) GOVREC_PRINTF(3, 4);
void bag_warning(struct bagv *v, const char *path, const char *fmt, ...) GOVREC_PRINTF(3, 4);

int bag_manifest_alg(const char *name, int *tag, const char **alg_name, size_t *alg_len);
char *bag_clean_name(const char *raw, const char **why);

/* Archive and directory access, on the bag's one descriptor. */
struct archive *bag_archive_open(struct govrec_bag *b);
enum govrec_status bag_walk_archive(struct bagv *v, struct govrec_error *err);
enum govrec_status bag_walk_directory(struct bagv *v, struct govrec_error *err);

/* Tag files (bagit-tags.c). */

/* The lines of a kept tag file, read from the database and converted to UTF-8. */
struct bag_text {
	struct bagv *v;
	const struct bag_file *f;
	struct sqlite3_stmt *st;
	void *cd; /* iconv_t; NULL for UTF-8 */
	struct govrec_buf raw, text;
	size_t pos;
	int more; /* chunks not read yet */
	int failed;
	size_t no; /* the line's number */
};

int bag_text_open(struct bagv *v, const struct bag_file *f, int convert, struct bag_text *t);
/* The next line (without its end): 1, 0 at the end of the file or on failure (reported). */
int bag_text_line(struct bag_text *t, const char **s, size_t *n);
void bag_text_close(struct bag_text *t);
/* The whole of a kept tag file, as it is (at most max bytes): 0, or -1 (reported). */
int bag_kept_load(struct bagv *v, const struct bag_file *f, size_t max, struct govrec_buf *out);

void bag_check_bagit_txt(struct bagv *v, const struct bag_file *f);
void bag_read_bag_info(struct bagv *v, const struct bag_file *f);
void bag_check_oxum(struct bagv *v);
void bag_parse_manifest(struct bagv *v, struct manifest *m);
const char *bag_unsafe_path(const char *p);

/* The analysis (bagit-analyse.c). */
enum govrec_status bag_analyse(struct bagv *v, struct govrec_error *err);

#endif
