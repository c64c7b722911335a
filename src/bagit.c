/*
 * bagit.c - the BagIt 1.0 verifier (RFC 8493) behind `govrec verify`.
 *
 * A bag arrives as a directory or as an archive.  Either way the input is
 * walked once and every regular file is hashed while it is read (a few
 * hash states and one 64 KiB buffer: memory stays flat however big the
 * files are).  Only the small tag files that say what the bag should hold
 * (bagit.txt, bag-info.txt, the manifests, the signature) are kept in
 * memory.  In an archive the manifests may come after the payload, so every
 * file is hashed with SHA-256 and SHA-512 (what RFC 8493 names and govrec
 * writes) and with whatever other algorithm a manifest already seen needs;
 * when an md5 or sha1 manifest turns up late, a second pass hashes just what
 * is missing.  A directory is read tag files first, so it needs one pass.
 *
 * Once everything has been read, analyse() works out the bag's base
 * directory and checks, collecting every problem rather than stopping at the
 * first: bagit.txt, bag-info.txt (Payload-Oxum), every payload and tag
 * manifest line, completeness both ways, unsafe entries, and the minisign
 * signature of tagmanifest-sha512.txt (sign.c).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "digest.h"
#include "govrec/bagit.h"
#include "govrec/buf.h"
#include "govrec/util.h"
#include "lazy.h"

#define CHUNK	       65536
#define KEPT_MAX       (256UL << 20) /* one tag file kept in memory: a manifest of millions */
#define KEPT_TOTAL_MAX (1UL << 30)   /* all of them: an archive of many such directories */
#define DIR_DEPTH_MAX  64
#define SIG_NAME       "tagmanifest-sha512.txt.minisig"
#define SIGNED_NAME    "tagmanifest-sha512.txt"

enum alg_id { ALG_MD5, ALG_SHA1, ALG_SHA256, ALG_SHA512, ALG_COUNT };

/* The algorithms a manifest may name; those hashed up front are marked. */
static const struct alg {
	const char *name;
	size_t len;
	int always;
} algs[ALG_COUNT] = {
	{ "md5", 16, 0 },
	{ "sha1", 20, 0 },
	{ "sha256", 32, 1 },
	{ "sha512", 64, 1 },
};

union hash_state {
	struct govrec_md5 md5;
	struct govrec_sha1 sha1;
	struct govrec_sha256 sha256;
	crypto_hash_sha512_state sha512;
};

enum entry_kind { ENTRY_FILE, ENTRY_DIR, ENTRY_SYMLINK, ENTRY_HARDLINK, ENTRY_OTHER };

/* One regular file found in the input. */
struct bag_file {
	char *name;	 /* relative to the input, '/'-separated */
	const char *rel; /* into name: relative to the bag's base (set by analyse) */
	uint64_t size;
	unsigned have; /* algorithms hashed (bit per enum alg_id) */
	unsigned char digest[ALG_COUNT][64];
	struct govrec_buf *kept; /* contents of a tag file that says what the bag holds */
	size_t order;		 /* position in the input, for stable sorting */
	unsigned want;		 /* second pass: algorithms still to hash */
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

struct bagv {
	const char *input;
	const struct govrec_bag_options *opt;
	struct govrec_bag_report *r;
	int is_dir;
	struct bag_file *files;
	size_t nfiles, cap;
	unsigned known;		   /* algorithms of manifests named so far */
	int algs_final;		   /* known holds every manifest's algorithm (directories) */
	int pass2;		   /* second pass: hash only what is missing */
	struct bag_file **by_name; /* pass 2 lookup */
	uint64_t done, total;
	size_t kept_total; /* bytes of tag files held in memory */
	unsigned char *chunk;
	int (*read)(void *src, void *buf, size_t n, struct bagv *v, const char *name);
	void *src;
};

const char *govrec_bag_signature_name(enum govrec_bag_signature s)
{
	static const char *const names[] = { "unsigned", "valid", "invalid", "unchecked" };

	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "unknown";
}

static void problem(struct bagv *v, const char *path, const char *fmt, ...) GOVREC_PRINTF(3, 4);

static void problem(struct bagv *v, const char *path, const char *fmt, ...)
{
	struct govrec_bag_report *r = v->r;
	struct govrec_buf b = GOVREC_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	govrec_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (r->nproblems % 16 == 0) {
		struct govrec_bag_problem *p =
		    realloc(r->problems, (r->nproblems + 16) * sizeof(*p));

		if (!p)
			abort(); /* as govrec_buf does: allocation failure is fatal */
		r->problems = p;
	}
	r->problems[r->nproblems].path = path ? strdup(path) : NULL;
	r->problems[r->nproblems].message = govrec_buf_detach(&b, NULL);
	if (path && !r->problems[r->nproblems].path)
		abort();
	r->nproblems++;
}

const char *govrec_bag_path_decode(const char *s, size_t n, struct govrec_buf *out)
{
	static const struct {
		const char *code;
		char c;
	} codes[] = { { "%0D", '\r' }, { "%0A", '\n' }, { "%25", '%' } };
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

/* The last component of a path. */
static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

/* manifest-<alg>.txt or tagmanifest-<alg>.txt: the algorithm, -1 unknown, -2 not one. */
static int manifest_alg(const char *name, int *tag, const char **alg_name, size_t *alg_len)
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
		if (strlen(algs[k].name) == *alg_len && strncmp(p, algs[k].name, *alg_len) == 0)
			return k;
	return -1;
}

/* A tag file whose contents the analysis needs (at depth 0 or 1 of the input). */
static int kept_name(const char *name)
{
	const char *slash = strchr(name, '/');
	const char *b = base_name(name);
	const char *an;
	size_t al;
	int tag;

	if (slash && strchr(slash + 1, '/'))
		return 0;
	return strcmp(b, "bagit.txt") == 0 || strcmp(b, "bag-info.txt") == 0 ||
	       strcmp(b, SIG_NAME) == 0 || manifest_alg(b, &tag, &an, &al) >= 0;
}

/*
 * An archive entry name made relative and checked: "./" prefixes dropped,
 * a trailing '/' dropped; absolute names, ".." and empty or "." components
 * refused (NULL, with *why set).
 */
static char *clean_name(const char *raw, const char **why)
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
		abort();
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

static struct bag_file *find_by_name(struct bagv *v, const char *name)
{
	size_t lo = 0, hi = v->nfiles;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(v->by_name[mid]->name, name);

		if (c == 0)
			return v->by_name[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void progress(struct bagv *v)
{
	if (v->opt && v->opt->progress)
		v->opt->progress(v->done, v->total, v->opt->ctx);
}

/*
 * One regular file of the input: hashed with the algorithms it may need,
 * kept when it is a tag file the analysis reads.  name is already clean.
 */
static enum govrec_status take_file(struct bagv *v, const char *name, uint64_t size,
				    struct govrec_error *err)
{
	union hash_state hs[ALG_COUNT];
	struct bag_file *f;
	unsigned need = 0;
	int k, n;
	const char *an;
	size_t al;
	int tag, alg;

	if (v->pass2) {
		f = find_by_name(v, name);
		if (!f)
			return GOVREC_OK;
		need = f->want & ~f->have;
		f->want = 0; /* a name twice in an archive: only the first */
		if (!need)
			return GOVREC_OK;
	} else {
		alg = manifest_alg(base_name(name), &tag, &an, &al);
		if (alg >= 0 && kept_name(name))
			v->known |= 1u << alg;
		for (k = 0; k < ALG_COUNT; k++)
			if ((v->known >> k & 1) || (!v->algs_final && algs[k].always))
				need |= 1u << k;
		if (v->nfiles == v->cap) {
			size_t cap = v->cap ? v->cap * 2 : 256;
			struct bag_file *nf = realloc(v->files, cap * sizeof(*nf));

			if (!nf)
				return govrec_error_oom(err);
			v->files = nf;
			v->cap = cap;
		}
		f = &v->files[v->nfiles];
		memset(f, 0, sizeof(*f));
		f->name = strdup(name);
		if (!f->name)
			return govrec_error_oom(err);
		f->order = v->nfiles++;
		if (kept_name(name)) {
			f->kept = malloc(sizeof(*f->kept));
			if (!f->kept)
				return govrec_error_oom(err);
			govrec_buf_init(f->kept);
		}
	}

	if (need >> ALG_MD5 & 1)
		govrec_md5_init(&hs[ALG_MD5].md5);
	if (need >> ALG_SHA1 & 1)
		govrec_sha1_init(&hs[ALG_SHA1].sha1);
	if (need >> ALG_SHA256 & 1)
		govrec_sha256_init(&hs[ALG_SHA256].sha256);
	if (need >> ALG_SHA512 & 1)
		crypto_hash_sha512_init(&hs[ALG_SHA512].sha512);
	f->size = 0;
	for (;;) {
		n = v->read(v->src, v->chunk, CHUNK, v, name);
		if (n < 0)
			return GOVREC_OK; /* read() reported the problem; the file stays unhashed */
		if (n == 0)
			break;
		f->size += (uint64_t)n;
		if (need >> ALG_MD5 & 1)
			govrec_md5_update(&hs[ALG_MD5].md5, v->chunk, (size_t)n);
		if (need >> ALG_SHA1 & 1)
			govrec_sha1_update(&hs[ALG_SHA1].sha1, v->chunk, (size_t)n);
		if (need >> ALG_SHA256 & 1)
			govrec_sha256_update(&hs[ALG_SHA256].sha256, v->chunk, (size_t)n);
		if (need >> ALG_SHA512 & 1)
			crypto_hash_sha512_update(&hs[ALG_SHA512].sha512, v->chunk, (size_t)n);
		if (f->kept && !v->pass2) {
			if (f->kept->len + (size_t)n > KEPT_MAX ||
			    v->kept_total + (size_t)n > KEPT_TOTAL_MAX) {
				problem(
				    v, name,
				    "is too large for a tag file (over %lu MiB, or over %lu MiB "
				    "with the others)",
				    KEPT_MAX >> 20, KEPT_TOTAL_MAX >> 20);
				v->kept_total -= f->kept->len;
				govrec_buf_release(f->kept);
				free(f->kept);
				f->kept = NULL;
			} else {
				govrec_buf_add(f->kept, v->chunk, (size_t)n);
				v->kept_total += (size_t)n;
			}
		}
		progress(v); /* the callback decides how often to show it */
	}
	if (need >> ALG_MD5 & 1)
		govrec_md5_final(&hs[ALG_MD5].md5, f->digest[ALG_MD5]);
	if (need >> ALG_SHA1 & 1)
		govrec_sha1_final(&hs[ALG_SHA1].sha1, f->digest[ALG_SHA1]);
	if (need >> ALG_SHA256 & 1)
		govrec_sha256_final(&hs[ALG_SHA256].sha256, f->digest[ALG_SHA256]);
	if (need >> ALG_SHA512 & 1)
		crypto_hash_sha512_final(&hs[ALG_SHA512].sha512, f->digest[ALG_SHA512]);
	f->have |= need;
	if (!v->pass2 && size != UINT64_MAX && size != f->size && !v->is_dir)
		problem(v, name, "has %llu bytes, not the %llu its archive entry says",
			(unsigned long long)f->size, (unsigned long long)size);
	return GOVREC_OK;
}

/* ---- archives, through libarchive ---- */

static int archive_src_read(void *src, void *buf, size_t n, struct bagv *v, const char *name)
{
	la_ssize_t got = archive_read_data(src, buf, n);

	v->done = (uint64_t)archive_filter_bytes(src, -1);
	if (got < 0) {
		if (!v->pass2)
			problem(v, name, "cannot be read from the archive: %s",
				archive_error_string(src) ? archive_error_string(src) : "error");
		return -1;
	}
	return (int)got;
}

static struct archive *archive_open(const char *path)
{
	struct archive *a = archive_read_new();

	if (!a)
		return NULL;
	/* Only in-process filters: never an external program. */
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_bzip2(a);
	archive_read_support_filter_xz(a);
	archive_read_support_filter_zstd(a);
	archive_read_support_format_tar(a);
	archive_read_support_format_zip(a);
	if (archive_read_open_filename(a, path, CHUNK) != ARCHIVE_OK) {
		archive_read_free(a);
		return NULL;
	}
	return a;
}

static enum govrec_status walk_archive(struct bagv *v, struct govrec_error *err)
{
	struct archive *a = archive_open(v->input);
	struct archive_entry *e;
	size_t entries = 0;
	int r, rc = GOVREC_OK;

	if (!a)
		return govrec_error_set(err, GOVREC_INVALID,
					"cannot read '%s' as an archive (tar, tar.gz, tar.zst or "
					"zip)",
					v->input);
	v->read = archive_src_read;
	v->src = a;
	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
		const char *raw = archive_entry_pathname(e);
		const char *why = NULL;
		enum entry_kind kind;
		uint64_t size;
		char *name;

		entries++;
		if (!raw) {
			if (!v->pass2)
				problem(v, NULL, "archive entry %zu has no name", entries);
			continue;
		}
		if (archive_entry_filetype(e) == AE_IFDIR &&
		    (strcmp(raw, ".") == 0 || strcmp(raw, "./") == 0))
			continue; /* the root of a tar made with "tar -C dir ." */
		name = clean_name(raw, &why);
		if (archive_entry_hardlink(e))
			kind = ENTRY_HARDLINK;
		else if (archive_entry_filetype(e) == AE_IFREG)
			kind = ENTRY_FILE;
		else if (archive_entry_filetype(e) == AE_IFDIR)
			kind = ENTRY_DIR;
		else if (archive_entry_filetype(e) == AE_IFLNK)
			kind = ENTRY_SYMLINK;
		else
			kind = ENTRY_OTHER;
		if (!v->pass2) {
			if (!name)
				problem(v, raw, "is %s; it is refused", why);
			else if (kind == ENTRY_SYMLINK)
				problem(v, name,
					"is a symbolic link; a bag holds only regular files");
			else if (kind == ENTRY_HARDLINK)
				problem(v, name, "is a hard link; a bag holds only regular files");
			else if (kind == ENTRY_OTHER)
				problem(
				    v, name,
				    "is a device, FIFO or socket; a bag holds only regular files");
		}
		/* A streamed zip entry may not say its size until its end. */
		size = archive_entry_size_is_set(e) ? (uint64_t)archive_entry_size(e) : UINT64_MAX;
		if (name && kind == ENTRY_FILE)
			rc = take_file(v, name, size, err);
		free(name);
		if (rc != GOVREC_OK)
			break;
		v->done = (uint64_t)archive_filter_bytes(a, -1);
		progress(v);
	}
	if (rc == GOVREC_OK && r != ARCHIVE_EOF) {
		const char *msg = archive_error_string(a) ? archive_error_string(a) : "error";

		if (entries == 0 && !v->pass2)
			rc =
			    govrec_error_set(err, GOVREC_INVALID,
					     "cannot read '%s' as an archive (tar, tar.gz, tar.zst "
					     "or zip): %s",
					     v->input, msg);
		else if (!v->pass2)
			problem(v, NULL, "the archive is damaged after %zu entries: %s", entries,
				msg);
	}
	archive_read_free(a);
	return rc;
}

/* ---- directories ---- */

static int fd_src_read(void *src, void *buf, size_t n, struct bagv *v, const char *name)
{
	int fd = *(int *)src;

	for (;;) {
		ssize_t got = read(fd, buf, n);

		if (got >= 0) {
			v->done += (uint64_t)got;
			return (int)got;
		}
		if (errno != EINTR) {
			if (!v->pass2)
				problem(v, name, "cannot be read: %s", strerror(errno));
			return -1;
		}
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Walks directory dfd (named prefix, "" at the top) without following
 * links: regular files are taken, links and devices are problems.  At the
 * top, files come before directories so the manifests are known first.
 */
static enum govrec_status walk_dir(struct bagv *v, int dfd, const char *prefix, int depth,
				   struct govrec_error *err)
{
	struct govrec_buf path = GOVREC_BUF_INIT;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	int round, rc = GOVREC_OK;
	struct dirent *d;
	DIR *dir;

	dir = fdopendir(dfd);
	if (!dir) {
		close(dfd);
		return govrec_error_set(err, GOVREC_ERROR, "cannot read directory '%s%s': %s",
					v->input, prefix, strerror(errno));
	}
	/* scan_manifest_names() read the top through a duplicate of this descriptor. */
	rewinddir(dir);
	while ((d = readdir(dir)) != NULL) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		if (n == cap) {
			char **nn = realloc(names, (cap = cap ? cap * 2 : 64) * sizeof(*nn));

			if (!nn)
				abort();
			names = nn;
		}
		names[n] = strdup(d->d_name);
		if (!names[n++])
			abort();
	}
	if (n > 1) /* names is NULL for an empty directory */
		qsort(names, n, sizeof(*names), cmp_str);
	for (round = 0; round < 2 && rc == GOVREC_OK; round++) {
		for (i = 0; i < n && rc == GOVREC_OK; i++) {
			struct stat st;
			int fd;

			govrec_buf_reset(&path);
			govrec_buf_addf(&path, "%s%s", prefix, names[i]);
			if (fstatat(dirfd(dir), names[i], &st, AT_SYMLINK_NOFOLLOW) != 0) {
				if (round == 0)
					problem(v, path.data, "cannot be read: %s",
						strerror(errno));
				continue;
			}
			/* Round 0: files (and problems); round 1: directories. */
			if (S_ISDIR(st.st_mode) != (round == 1))
				continue;
			if (S_ISLNK(st.st_mode)) {
				problem(v, path.data,
					"is a symbolic link; a bag holds only regular files");
				continue;
			}
			if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
				problem(v, path.data,
					"is a device, FIFO or socket; a bag holds only regular "
					"files");
				continue;
			}
			fd = openat(dirfd(dir), names[i],
				    O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY |
					(S_ISDIR(st.st_mode) ? O_DIRECTORY : 0));
			if (fd < 0) {
				problem(v, path.data, "cannot be opened: %s", strerror(errno));
				continue;
			}
			if (S_ISDIR(st.st_mode)) {
				if (depth >= DIR_DEPTH_MAX) {
					problem(v, path.data, "is nested too deeply");
					close(fd);
					continue;
				}
				govrec_buf_addch(&path, '/');
				rc = walk_dir(v, fd, path.data, depth + 1, err);
				continue;
			}
			v->src = &fd;
			rc = take_file(v, path.data, (uint64_t)st.st_size, err);
			close(fd);
		}
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	govrec_buf_release(&path);
	closedir(dir);
	return rc;
}

/*
 * Before walking a directory, note which manifests its top level and a
 * single subdirectory hold, so that every file is hashed only with the
 * algorithms the bag uses.
 */
static void scan_manifest_names(struct bagv *v, int dfd, int depth)
{
	struct dirent *d;
	DIR *dir;
	int fd = dup(dfd);

	if (fd < 0 || !(dir = fdopendir(fd))) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((d = readdir(dir)) != NULL) {
		const char *an;
		size_t al;
		int tag, alg = manifest_alg(d->d_name, &tag, &an, &al);

		if (alg >= 0)
			v->known |= 1u << alg;
		if (depth == 0 && d->d_name[0] != '.') {
			int sub = openat(dirfd(dir), d->d_name,
					 O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

			if (sub >= 0) {
				scan_manifest_names(v, sub, 1);
				close(sub);
			}
		}
	}
	closedir(dir);
}

static enum govrec_status walk_directory(struct bagv *v, struct govrec_error *err)
{
	int fd = open(v->input, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return govrec_error_set(err, GOVREC_INVALID, "cannot open directory '%s': %s",
					v->input, strerror(errno));
	v->read = fd_src_read;
	scan_manifest_names(v, fd, 0);
	v->algs_final = 1;
	return walk_dir(v, fd, "", 0, err);
}

/* ---- the analysis ---- */

static int cmp_file_name(const void *a, const void *b)
{
	const struct bag_file *x = *(struct bag_file *const *)a, *y = *(struct bag_file *const *)b;
	int c = strcmp(x->name, y->name);

	return c ? c : (x->order < y->order ? -1 : x->order > y->order);
}

static int cmp_file_rel(const void *a, const void *b)
{
	const struct bag_file *x = *(struct bag_file *const *)a, *y = *(struct bag_file *const *)b;

	return strcmp(x->rel, y->rel);
}

static int cmp_mline(const void *a, const void *b)
{
	const struct mline *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	return c ? c : (x->line < y->line ? -1 : x->line > y->line);
}

struct analysis {
	struct bag_file **rel; /* files inside the base, sorted by rel */
	size_t nrel;
	struct manifest *m;
	size_t nm;
	const struct bag_file *bagit, *baginfo, *sig, *signed_tm;
};

static const struct bag_file *find_rel(const struct analysis *an, const char *rel)
{
	size_t lo = 0, hi = an->nrel;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(an->rel[mid]->rel, rel);

		if (c == 0)
			return an->rel[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static const struct mline *find_line(const struct manifest *m, const char *path)
{
	size_t lo = 0, hi = m->nlines;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(m->lines[mid].path, path);

		if (c == 0)
			return &m->lines[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A manifest path that is safe and normal: relative, no "..", "." or empty parts. */
static const char *unsafe_path(const char *p)
{
	const char *why = NULL;
	char *c;

	if (*p == '/')
		return "an absolute path";
	c = clean_name(p, &why);
	if (!c)
		return why;
	if (strcmp(c, p) != 0)
		why = "a path that is not in normal form";
	free(c);
	return why;
}

/* Parses the lines of manifest m (its file kept in memory). */
static void parse_manifest(struct bagv *v, struct manifest *m)
{
	const char *name = m->file->rel;
	const struct govrec_buf *b = m->file->kept;
	struct govrec_buf path = GOVREC_BUF_INIT;
	size_t pos = 0, lineno = 0, cap = 0;
	size_t hexlen = 2 * algs[m->alg].len;

	while (pos < b->len) {
		const char *s = b->data + pos, *nl = memchr(s, '\n', b->len - pos);
		size_t n = nl ? (size_t)(nl - s) : b->len - pos, i, p;
		const char *why;

		pos += n + (nl != NULL);
		lineno++;
		if (n > 0 && s[n - 1] == '\r')
			n--;
		if (n == 0)
			continue;
		for (i = 0; i < n && hexval((unsigned char)s[i]) >= 0; i++)
			;
		for (p = i; p < n && (s[p] == ' ' || s[p] == '\t'); p++)
			;
		if (i != hexlen || p == i || p == n) {
			problem(v, name, "line %zu is not '<%s checksum> <path>'", lineno,
				algs[m->alg].name);
			continue;
		}
		govrec_bag_path_decode(s + p, n - p, &path);
		if (strlen(path.data) != path.len) {
			problem(v, name, "line %zu names a path with a NUL byte", lineno);
			continue;
		}
		why = unsafe_path(path.data);
		if (why) {
			struct govrec_buf safe = GOVREC_BUF_INIT;

			govrec_buf_add_safe(&safe, path.data, 200);
			problem(v, name, "line %zu names '%s', %s; it is refused", lineno,
				safe.data, why);
			govrec_buf_release(&safe);
			continue;
		}
		if (m->nlines == cap) {
			struct mline *nl2 =
			    realloc(m->lines, (cap = cap ? 2 * cap : 64) * sizeof(*nl2));

			if (!nl2)
				abort();
			m->lines = nl2;
		}
		m->lines[m->nlines].path = govrec_buf_detach(&path, NULL);
		m->lines[m->nlines].line = lineno;
		for (i = 0; i < algs[m->alg].len; i++)
			m->lines[m->nlines].digest[i] =
			    (unsigned char)(hexval((unsigned char)s[2 * i]) << 4 |
					    hexval((unsigned char)s[2 * i + 1]));
		m->nlines++;
	}
	govrec_buf_release(&path);
	if (m->nlines > 1) /* lines is NULL when no line was usable */
		qsort(m->lines, m->nlines, sizeof(*m->lines), cmp_mline);
	for (pos = 1; pos < m->nlines; pos++)
		if (strcmp(m->lines[pos].path, m->lines[pos - 1].path) == 0)
			problem(v, name, "lists '%s' twice (lines %zu and %zu)", m->lines[pos].path,
				m->lines[pos - 1].line, m->lines[pos].line);
}

static void check_bagit_txt(struct bagv *v, const struct bag_file *f)
{
	static const char *const ok[] = {
		"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n",
		"BagIt-Version: 1.0\r\nTag-File-Character-Encoding: UTF-8\r\n",
		"BagIt-Version: 0.97\nTag-File-Character-Encoding: UTF-8\n",
		"BagIt-Version: 0.97\r\nTag-File-Character-Encoding: UTF-8\r\n",
	};
	size_t i;

	if (!f) {
		problem(v, "bagit.txt", "is missing: this is not a bag");
		return;
	}
	if (!f->kept)
		return;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (f->kept->len == strlen(ok[i]) &&
		    memcmp(f->kept->data, ok[i], f->kept->len) == 0)
			return;
	problem(v, "bagit.txt",
		"is not exactly 'BagIt-Version: 1.0' and 'Tag-File-Character-Encoding: UTF-8'");
}

/* bag-info.txt: "Label: value" lines (continuations indented); Payload-Oxum checked. */
static void check_bag_info(struct bagv *v, const struct bag_file *f)
{
	const struct govrec_buf *b;
	size_t pos = 0, lineno = 0;
	int oxum_seen = 0;

	if (!f || !f->kept)
		return;
	b = f->kept;
	while (pos < b->len) {
		const char *s = b->data + pos, *nl = memchr(s, '\n', b->len - pos);
		size_t n = nl ? (size_t)(nl - s) : b->len - pos;
		const char *colon;

		pos += n + (nl != NULL);
		lineno++;
		if (n > 0 && s[n - 1] == '\r')
			n--;
		if (n == 0 || s[0] == ' ' || s[0] == '\t')
			continue;
		colon = memchr(s, ':', n);
		if (!colon || colon == s) {
			problem(v, "bag-info.txt", "line %zu is not 'Label: value'", lineno);
			continue;
		}
		if ((size_t)(colon - s) == 12 && strncmp(s, "Payload-Oxum", 12) == 0) {
			char val[64];
			size_t vl = n - (size_t)(colon + 1 - s);
			const char *vs = colon + 1;
			unsigned long long bytes, count;
			char *dot, *end;

			while (vl > 0 && (*vs == ' ' || *vs == '\t'))
				vs++, vl--;
			if (vl >= sizeof(val))
				vl = sizeof(val) - 1;
			memcpy(val, vs, vl);
			val[vl] = '\0';
			oxum_seen++;
			dot = strchr(val, '.');
			errno = 0;
			bytes = strtoull(val, &end, 10);
			if (!dot || end != dot || val[0] < '0' || val[0] > '9' || errno ||
			    dot[1] < '0' || dot[1] > '9' ||
			    (count = strtoull(dot + 1, &end, 10), *end != '\0' || errno)) {
				problem(v, "bag-info.txt",
					"line %zu: Payload-Oxum '%s' is not <bytes>.<files>",
					lineno, val);
				continue;
			}
			if (bytes != v->r->bytes || count != v->r->files)
				problem(
				    v, "bag-info.txt",
				    "Payload-Oxum says %llu bytes in %llu files, but the payload "
				    "has %llu bytes in %llu files",
				    bytes, count, (unsigned long long)v->r->bytes,
				    (unsigned long long)v->r->files);
		}
	}
	if (oxum_seen > 1)
		problem(v, "bag-info.txt", "has Payload-Oxum %d times", oxum_seen);
}

/* Every line of m against the files; every file m should list against m. */
static void check_manifest(struct bagv *v, const struct analysis *an, const struct manifest *m)
{
	const char *mname = m->file->rel;
	size_t i;

	for (i = 0; i < m->nlines; i++) {
		const struct mline *l = &m->lines[i];
		const struct bag_file *f;
		int is_data = strncmp(l->path, "data/", 5) == 0;

		if (!m->tag && !is_data) {
			problem(v, mname, "line %zu lists '%s', which is not in data/", l->line,
				l->path);
			continue;
		}
		if (m->tag && is_data) {
			problem(v, mname, "line %zu lists the payload file '%s'", l->line, l->path);
			continue;
		}
		f = find_rel(an, l->path);
		if (!f) {
			problem(v, l->path, "is listed in %s but missing", mname);
			continue;
		}
		if (!(f->have >> m->alg & 1)) {
			problem(v, l->path, "could not be read to check it against %s", mname);
			continue;
		}
		if (sodium_memcmp(f->digest[m->alg], l->digest, algs[m->alg].len) != 0)
			problem(v, l->path, "checksum does not match %s", mname);
	}
	if (m->tag)
		return;
	for (i = 0; i < an->nrel; i++) {
		const struct bag_file *f = an->rel[i];

		if (strncmp(f->rel, "data/", 5) == 0 && !find_line(m, f->rel))
			problem(v, f->rel, "is not listed in %s", mname);
	}
}

static void check_signature(struct bagv *v, const struct analysis *an)
{
	struct govrec_bag_report *r = v->r;
	struct govrec_error e = GOVREC_ERROR_INIT;
	const struct manifest *signed_m = NULL;
	size_t i;

	if (!an->sig) {
		if (v->opt && v->opt->pub)
			problem(v, NULL,
				"the bag is not signed (it has no %s), but a public key was given",
				SIG_NAME);
		return;
	}
	if (!an->sig->kept)
		return;
	if (govrec_signature_key_id(an->sig->kept->data, an->sig->kept->len, r->key_id, &e) !=
	    GOVREC_OK) {
		r->signature = GOVREC_BAG_SIG_INVALID;
		problem(v, SIG_NAME, "%s", e.msg);
		return;
	}
	r->have_key_id = 1;
	if (!v->opt || !v->opt->pub) {
		r->signature = GOVREC_BAG_SIG_UNCHECKED;
		return;
	}
	if (!an->signed_tm || !an->signed_tm->kept) {
		r->signature = GOVREC_BAG_SIG_INVALID;
		problem(v, SIG_NAME, "signs %s, which the bag does not have", SIGNED_NAME);
		return;
	}
	if (govrec_verify_signature(v->opt->pub, an->signed_tm->kept->data,
				    an->signed_tm->kept->len, an->sig->kept->data,
				    an->sig->kept->len, &r->trusted_comment, &e) != GOVREC_OK) {
		r->signature = GOVREC_BAG_SIG_INVALID;
		problem(v, SIG_NAME, "%s", e.msg);
		return;
	}
	r->signature = GOVREC_BAG_SIG_VALID;
	/* A valid signature means little unless the signed manifest covers the bag. */
	for (i = 0; i < an->nm; i++)
		if (an->m[i].file == an->signed_tm)
			signed_m = &an->m[i];
	for (i = 0; i < an->nrel && signed_m; i++) {
		const char *rel = an->rel[i]->rel;
		int tag, alg;
		const char *a;
		size_t al;

		alg = manifest_alg(rel, &tag, &a, &al);
		if ((strcmp(rel, "bagit.txt") == 0 || strcmp(rel, "bag-info.txt") == 0 ||
		     (alg != -2 && !tag)) &&
		    !find_line(signed_m, rel)) {
			r->signature = GOVREC_BAG_SIG_INVALID;
			problem(v, rel,
				"is not listed in the signed %s, so the signature does not "
				"cover it",
				SIGNED_NAME);
		}
	}
}

static enum govrec_status analyse(struct bagv *v, struct govrec_error *err)
{
	struct govrec_bag_report *r = v->r;
	struct analysis an;
	struct bag_file **sorted;
	const char *base = NULL;
	size_t baselen = 0, i, k, npay = 0;
	unsigned missing_any = 0;

	memset(&an, 0, sizeof(an));
	sorted = malloc((v->nfiles ? v->nfiles : 1) * sizeof(*sorted));
	an.rel = malloc((v->nfiles ? v->nfiles : 1) * sizeof(*an.rel));
	if (!sorted || !an.rel) {
		free(sorted);
		free(an.rel);
		return govrec_error_oom(err);
	}
	for (i = 0; i < v->nfiles; i++)
		sorted[i] = &v->files[i];
	qsort(sorted, v->nfiles, sizeof(*sorted), cmp_file_name);
	for (i = 1; i < v->nfiles; i++)
		if (strcmp(sorted[i]->name, sorted[i - 1]->name) == 0)
			problem(v, sorted[i]->name, "appears more than once in the archive");

	/* The base: the top, or the one directory that holds bagit.txt. */
	for (i = 0; i < v->nfiles && !base; i++)
		if (strcmp(sorted[i]->name, "bagit.txt") == 0)
			base = "";
	for (i = 0; i < v->nfiles && !base; i++) {
		const char *slash = strchr(sorted[i]->name, '/');

		if (slash && strcmp(slash + 1, "bagit.txt") == 0) {
			base = sorted[i]->name;
			baselen = (size_t)(slash + 1 - base);
		}
	}
	for (i = 0; i < v->nfiles; i++) {
		struct bag_file *f = sorted[i];

		if (base && strncmp(f->name, base, baselen) == 0) {
			f->rel = f->name + baselen;
			if (i == 0 || strcmp(f->name, sorted[i - 1]->name) != 0)
				an.rel[an.nrel++] = f;
		} else if (base) {
			struct govrec_buf b = GOVREC_BUF_INIT;

			govrec_buf_add(&b, base, baselen);
			problem(v, f->name, "is outside the bag's base directory '%s'", b.data);
			govrec_buf_release(&b);
		}
	}
	free(sorted);
	qsort(an.rel, an.nrel, sizeof(*an.rel), cmp_file_rel);

	/* The tag files that say what the bag holds. */
	an.m = calloc(an.nrel ? an.nrel : 1, sizeof(*an.m));
	if (!an.m) {
		free(an.rel);
		return govrec_error_oom(err);
	}
	for (i = 0; i < an.nrel; i++) {
		struct bag_file *f = an.rel[i];
		const char *a;
		size_t al;
		int tag, alg;

		if (strcmp(f->rel, "bagit.txt") == 0)
			an.bagit = f;
		else if (strcmp(f->rel, "bag-info.txt") == 0)
			an.baginfo = f;
		else if (strcmp(f->rel, SIG_NAME) == 0)
			an.sig = f;
		if (strcmp(f->rel, SIGNED_NAME) == 0)
			an.signed_tm = f;
		if (strchr(f->rel, '/'))
			continue;
		alg = manifest_alg(f->rel, &tag, &a, &al);
		if (alg == -1) {
			problem(v, f->rel,
				"uses the checksum algorithm '%.*s', which govrec cannot "
				"check (md5, sha1, sha256 and sha512 are supported)",
				(int)al, a);
		} else if (alg >= 0 && f->kept) {
			an.m[an.nm].file = f;
			an.m[an.nm].alg = (enum alg_id)alg;
			an.m[an.nm].tag = tag;
			an.nm++;
		}
	}
	if (!base) {
		problem(v, "bagit.txt", "is missing: this is not a bag");
		goto done;
	}
	check_bagit_txt(v, an.bagit);

	/*
	 * Files that a manifest wants hashed with an algorithm not computed
	 * in the first pass (an md5 or sha1 manifest after the payload).
	 */
	for (k = 0; k < an.nm; k++) {
		for (i = 0; i < an.nrel; i++) {
			struct bag_file *f = an.rel[i];
			int data = strncmp(f->rel, "data/", 5) == 0;

			if (data == !an.m[k].tag && !(f->have >> an.m[k].alg & 1)) {
				f->want |= 1u << an.m[k].alg;
				missing_any = 1;
			}
		}
	}
	if (missing_any && !v->is_dir) {
		v->by_name = malloc((v->nfiles ? v->nfiles : 1) * sizeof(*v->by_name));
		if (!v->by_name) {
			free(an.m);
			free(an.rel);
			return govrec_error_oom(err);
		}
		for (i = 0; i < v->nfiles; i++)
			v->by_name[i] = &v->files[i];
		qsort(v->by_name, v->nfiles, sizeof(*v->by_name), cmp_file_name);
		v->pass2 = 1;
		if (walk_archive(v, err) != GOVREC_OK) {
			free(an.m);
			free(an.rel);
			return err ? err->status : GOVREC_ERROR;
		}
	}

	for (k = 0; k < an.nm; k++)
		parse_manifest(v, &an.m[k]);
	for (i = 0; i < an.nrel; i++) {
		if (strncmp(an.rel[i]->rel, "data/", 5) == 0) {
			r->files++;
			r->bytes += an.rel[i]->size;
		}
	}
	for (k = 0; k < an.nm; k++)
		if (!an.m[k].tag)
			npay++;
	r->algorithms = calloc(npay + 1, sizeof(char *));
	if (!r->algorithms)
		abort();
	for (k = 0, npay = 0; k < an.nm; k++)
		if (!an.m[k].tag)
			r->algorithms[npay++] = strdup(algs[an.m[k].alg].name);
	if (npay == 0)
		problem(v, NULL,
			"the bag has no payload manifest (manifest-sha512.txt or another)");
	for (k = 0; k < an.nm; k++)
		check_manifest(v, &an, &an.m[k]);
	check_bag_info(v, an.baginfo);
	check_signature(v, &an);
done:
	for (k = 0; k < an.nm; k++) {
		for (i = 0; i < an.m[k].nlines; i++)
			free(an.m[k].lines[i].path);
		free(an.m[k].lines);
	}
	free(an.m);
	free(an.rel);
	return GOVREC_OK;
}

enum govrec_status govrec_bag_verify(const char *path, const struct govrec_bag_options *opt,
				     struct govrec_bag_report *r, struct govrec_error *err)
{
	struct bagv v;
	struct stat st;
	size_t i;
	int rc;

	memset(r, 0, sizeof(*r));
	memset(&v, 0, sizeof(v));
	if (sodium_init() < 0)
		return govrec_error_set(err, GOVREC_ERROR, "cannot initialise libsodium");
	if (stat(path, &st) != 0)
		return govrec_error_set(err, errno == ENOENT ? GOVREC_INVALID : GOVREC_ERROR,
					"cannot read '%s': %s", path, strerror(errno));
	if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode))
		return govrec_error_set(err, GOVREC_INVALID,
					"'%s' is neither a directory nor an archive file", path);
	v.input = path;
	v.opt = opt;
	v.r = r;
	v.is_dir = S_ISDIR(st.st_mode);
	v.total = v.is_dir ? 0 : (uint64_t)st.st_size;
	v.chunk = malloc(CHUNK);
	if (!v.chunk)
		return govrec_error_oom(err);
	rc = v.is_dir ? walk_directory(&v, err) : walk_archive(&v, err);
	if (rc == GOVREC_OK)
		rc = analyse(&v, err);
	for (i = 0; i < v.nfiles; i++) {
		free(v.files[i].name);
		if (v.files[i].kept) {
			govrec_buf_release(v.files[i].kept);
			free(v.files[i].kept);
		}
	}
	free(v.files);
	free(v.by_name);
	free(v.chunk);
	if (rc != GOVREC_OK)
		return rc;
	if (r->nproblems)
		return govrec_error_set(err, GOVREC_REFUSED,
					"'%s' is not a valid bag: %zu problem%s", path,
					r->nproblems, r->nproblems == 1 ? "" : "s");
	return GOVREC_OK;
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
	memset(r, 0, sizeof(*r));
}
