/*
 * bagit.c - the BagIt verifier (RFC 8493) behind `govrec verify`: the open
 * bag and the walks over it.
 *
 * A bag is opened once (govrec_bag_open): an archive file through one
 * descriptor, read again from its start for every further pass, or a
 * directory through one directory descriptor and openat() without following
 * links.  Nothing is opened by its path a second time, so a file swapped in
 * under the same name between verifying and loading is never read.
 *
 * bagit-walk.c reads the input (every file hashed as it is read, what is
 * learnt kept in the database of bagit-db.c), bagit-analyse.c checks what was
 * read, bagit-tags.c parses the tag files, and bagit-each.c reads the verified
 * bag once more for restore.  Here: the open bag, the report, and what the
 * parts share (checksums, names, problems).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bagit-int.h"
#include "govrec/util.h"

const struct alg bag_algs[ALG_COUNT] = {
    {"md5", 16, 0},    {"sha1", 20, 0},   {"sha224", 28, 0},
    {"sha256", 32, 1}, {"sha384", 48, 0}, {"sha512", 64, 1},
};

void bag_hash_init(union hash_state *h, enum alg_id a)
{
	switch (a) {
	case ALG_MD5: md5_init(&h->md5); break;
	case ALG_SHA1: sha1_init(&h->sha1); break;
	case ALG_SHA224: sha224_init(&h->sha256); break;
	case ALG_SHA256: sha256_init(&h->sha256); break;
	case ALG_SHA384: sha384_init(&h->sha512); break;
	default: sha512_init(&h->sha512); break;
	}
}

void bag_hash_update(union hash_state *h, enum alg_id a, const void *p, size_t n)
{
	switch (a) {
	case ALG_MD5: md5_update(&h->md5, n, p); break;
	case ALG_SHA1: sha1_update(&h->sha1, n, p); break;
	case ALG_SHA224:
	case ALG_SHA256: sha256_update(&h->sha256, n, p); break;
	default: sha512_update(&h->sha512, n, p); break;
	}
}

void bag_hash_final(union hash_state *h, enum alg_id a, unsigned char *out)
{
	switch (a) {
	case ALG_MD5: md5_digest(&h->md5, MD5_DIGEST_SIZE, out); break;
	case ALG_SHA1: sha1_digest(&h->sha1, SHA1_DIGEST_SIZE, out); break;
	case ALG_SHA224: sha224_digest(&h->sha256, 28, out); break;
	case ALG_SHA256: sha256_digest(&h->sha256, 32, out); break;
	case ALG_SHA384: sha384_digest(&h->sha512, 48, out); break;
	default: sha512_digest(&h->sha512, 64, out); break;
	}
}

const char *govrec_bag_signature_name(enum govrec_bag_signature s)
{
	static const char *const names[] = {"unsigned", "valid", "invalid", "unchecked"};

	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "unknown";
}

static void add_note(struct govrec_bag_problem **list, size_t *n, const char *path, const char *fmt,
                     va_list ap) GOVREC_PRINTF(4, 0);

static void add_note(struct govrec_bag_problem **list, size_t *n, const char *path, const char *fmt,
                     va_list ap)
{
	struct govrec_buf b = GOVREC_BUF_INIT;

	govrec_buf_vaddf(&b, fmt, ap);
	if (*n % 16 == 0) {
		struct govrec_bag_problem *p = realloc(*list, (*n + 16) * sizeof(*p));

		if (!p)
			govrec_oom(); /* as govrec_buf does: allocation failure is fatal */
		*list = p;
	}
	(*list)[*n].path = path ? strdup(path) : NULL;
	(*list)[*n].message = govrec_buf_detach(&b, NULL);
	if (path && !(*list)[*n].path)
		govrec_oom();
	(*n)++;
}

void bag_problem(struct bagv *v, const char *path, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_note(&v->r->problems, &v->r->nproblems, path, fmt, ap);
	va_end(ap);
}

void bag_warning(struct bagv *v, const char *path, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_note(&v->r->warnings, &v->r->nwarnings, path, fmt, ap);
	va_end(ap);
}

const char *govrec_bag_path_decode(const char *s, size_t n, struct govrec_buf *out)
{
	static const struct {
		const char *code;
		char c;
	} codes[] = {{"%0D", '\r'}, {"%0A", '\n'}, {"%25", '%'}};
	size_t i, k;

	govrec_buf_reset(out);
	for (i = 0; i < n; i++) {
		int done = 0;

		if (s[i] == '%' && i + 2 < n) {
			for (k = 0; k < sizeof(codes) / sizeof(codes[0]) && !done; k++) {
				if (s[i + 1] == codes[k].code[1] &&
				    (s[i + 2] == codes[k].code[2] ||
				     s[i + 2] == (codes[k].code[2] | 0x20))) {
					govrec_buf_addch(out, codes[k].c);
					i += 2;
					done = 1;
				}
			}
		}
		if (!done)
			govrec_buf_addch(out, s[i]);
	}
	return out->data;
}

/* manifest-<alg>.txt or tagmanifest-<alg>.txt: the algorithm, -1 unknown, -2 not one. */
int bag_manifest_alg(const char *name, int *tag, const char **alg_name, size_t *alg_len)
{
	const char *p = name;
	size_t n = strlen(name);
	int k;

	*tag = 0;
	if (strncmp(p, "tagmanifest-", 12) == 0) {
		*tag = 1;
		p += 12;
	} else if (strncmp(p, "manifest-", 9) == 0) {
		p += 9;
	} else {
		return -2;
	}
	if (n < 4 || strcmp(name + n - 4, ".txt") != 0 || p >= name + n - 4)
		return -2;
	*alg_name = p;
	*alg_len = (size_t)(name + n - 4 - p);
	for (k = 0; k < ALG_COUNT; k++)
		if (strlen(bag_algs[k].name) == *alg_len &&
		    strncmp(p, bag_algs[k].name, *alg_len) == 0)
			return k;
	return -1;
}

/*
 * An archive entry name made relative and checked: "./" prefixes dropped,
 * a trailing '/' dropped; absolute names, ".." and empty or "." components
 * refused (NULL, with *why set).
 */
char *bag_clean_name(const char *raw, const char **why)
{
	const char *p = raw, *c;
	char *out;
	size_t n;

	while (p[0] == '.' && p[1] == '/')
		p += 2;
	if (*p == '/') {
		*why = "an absolute path";
		return NULL;
	}
	out = strdup(p);
	if (!out)
		govrec_oom();
	n = strlen(out);
	while (n > 0 && out[n - 1] == '/')
		out[--n] = '\0';
	if (n == 0) {
		free(out);
		*why = "an empty name";
		return NULL;
	}
	for (c = out; c; c = strchr(c, '/') ? strchr(c, '/') + 1 : NULL) {
		size_t len = strchr(c, '/') ? (size_t)(strchr(c, '/') - c) : strlen(c);

		if (len == 2 && c[0] == '.' && c[1] == '.') {
			*why = "a path that climbs out with '..'";
			free(out);
			return NULL;
		}
		if (len == 0 || (len == 1 && c[0] == '.')) {
			*why = "a path with an empty or '.' component";
			free(out);
			return NULL;
		}
	}
	return out;
}

enum govrec_status govrec_bag_open(const char *path, struct govrec_bag **out,
                                   struct govrec_error *err)
{
	struct govrec_bag *b;
	struct stat st;
	int fd;

	*out = NULL;
	if (sodium_init() < 0)
		return govrec_error_set(err, GOVREC_ERROR, "cannot initialise libsodium");
	/* O_NONBLOCK: a FIFO must not hang the open; cleared once it is known a file. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return govrec_error_set(err, errno == ENOENT ? GOVREC_INVALID : GOVREC_ERROR,
		                        "cannot read '%s': %s", path, strerror(errno));
	if (fstat(fd, &st) != 0 || (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode))) {
		close(fd);
		return govrec_error_set(err, GOVREC_INVALID,
		                        "'%s' is neither a directory nor an archive file", path);
	}
	(void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	b = calloc(1, sizeof(*b));
	if (!b || !(b->path = strdup(path))) {
		free(b);
		close(fd);
		return govrec_error_oom(err);
	}
	b->fd = fd;
	b->cur_fd = -1;
	b->is_dir = S_ISDIR(st.st_mode);
	b->size = b->is_dir ? 0 : (uint64_t)st.st_size;
	*out = b;
	return GOVREC_OK;
}

void govrec_bag_close(struct govrec_bag *b)
{
	if (!b)
		return;
	if (b->fd >= 0)
		close(b->fd);
	if (b->cur_fd >= 0)
		close(b->cur_fd);
	bag_db_close(&b->db);
	govrec_buf_release(&b->cur.rel);
	free(b->base);
	free(b->path);
	free(b);
}

static void bagv_release(struct bagv *v)
{
	free(v->chunk);
	free(v->encoding);
	free(v->base);
}

enum govrec_status govrec_bag_check(struct govrec_bag *b, const struct govrec_bag_options *opt,
                                    struct govrec_bag_report *r, struct govrec_error *err)
{
	struct bagv v;
	int rc;

	memset(r, 0, sizeof(*r));
	memset(&v, 0, sizeof(v));
	b->checked = 0;
	b->listed = 0;
	free(b->base);
	b->base = NULL;
	bag_db_close(&b->db);
	rc = bag_db_open(&b->db, err);
	if (rc != GOVREC_OK)
		return rc;
	v.db = &b->db;
	v.bag = b;
	v.input = b->path;
	v.opt = opt;
	v.r = r;
	v.is_dir = b->is_dir;
	v.total = b->size;
	v.chunk = malloc(BAG_CHUNK);
	if (!v.chunk)
		return govrec_error_oom(err);
	rc = v.is_dir ? bag_walk_directory(&v, err) : bag_walk_archive(&v, err);
	if (rc == GOVREC_OK)
		rc = bag_analyse(&v, err);
	if (rc == GOVREC_OK && r->nproblems == 0) {
		b->base = v.base;
		v.base = NULL;
		b->checked = 1;
	}
	bagv_release(&v);
	if (rc != GOVREC_OK)
		return rc;
	if (r->nproblems)
		return govrec_error_set(err, GOVREC_REFUSED,
		                        "'%s' is not a valid bag: %zu problem%s", b->path,
		                        r->nproblems, r->nproblems == 1 ? "" : "s");
	return GOVREC_OK;
}

enum govrec_status govrec_bag_verify(const char *path, const struct govrec_bag_options *opt,
                                     struct govrec_bag_report *r, struct govrec_error *err)
{
	struct govrec_bag *b;
	int rc;

	memset(r, 0, sizeof(*r));
	rc = govrec_bag_open(path, &b, err);
	if (rc != GOVREC_OK)
		return rc;
	rc = govrec_bag_check(b, opt, r, err);
	govrec_bag_close(b);
	return rc;
}

const char *govrec_bag_info_get(const struct govrec_bag_report *r, const char *label)
{
	size_t i;

	for (i = 0; i < r->ninfo; i++)
		if (strcmp(r->info[i].label, label) == 0)
			return r->info[i].value;
	return NULL;
}

void govrec_bag_report_release(struct govrec_bag_report *r)
{
	size_t i;

	for (i = 0; i < r->nproblems; i++) {
		free(r->problems[i].path);
		free(r->problems[i].message);
	}
	free(r->problems);
	if (r->algorithms)
		for (i = 0; r->algorithms[i]; i++)
			free(r->algorithms[i]);
	free(r->algorithms);
	free(r->trusted_comment);
	for (i = 0; i < r->nwarnings; i++) {
		free(r->warnings[i].path);
		free(r->warnings[i].message);
	}
	free(r->warnings);
	for (i = 0; i < r->ninfo; i++) {
		free(r->info[i].label);
		free(r->info[i].value);
	}
	free(r->info);
	memset(r, 0, sizeof(*r));
}
