/*
 * bagit-walk.c - reading a bag's input once: an archive through libarchive
 * from the bag's one descriptor, or a directory beneath its descriptor
 * without following links.
 *
 * Every regular file is hashed while it is read (a few hash states and one
 * 64 KiB buffer: memory stays flat however big the files are), and its name,
 * size and checksums go into the bag's temporary database (bagit-db.c), with
 * the bytes of the tag files that say what the bag should hold (bagit.txt,
 * bag-info.txt, the manifests, fetch.txt, the signature).  In an archive the
 * manifests may come after the payload, so every file is hashed with SHA-256
 * and SHA-512 (what RFC 8493 names and govrec writes) and with whatever other
 * algorithm a manifest already seen needs; when another manifest turns up
 * late, a second pass hashes just what is missing.  A directory is read tag
 * files first, so it needs one pass.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>
#include <archive.h>
#include <archive_entry.h>

#include "bagit-int.h"
#include "govrec/util.h"

#define KEPT_MAX       (256UL << 20) /* one tag file kept: a manifest of millions */
#define KEPT_TOTAL_MAX (1UL << 30)   /* all of them: an archive of many such directories */

enum entry_kind { ENTRY_FILE, ENTRY_DIR, ENTRY_SYMLINK, ENTRY_HARDLINK, ENTRY_OTHER };

/* A tag file whose contents the analysis needs (at depth 0 or 1 of the input). */
static int kept_name(const char *name)
{
	const char *slash = strchr(name, '/');
	const char *b = govrec_base_name(name);
	const char *an;
	size_t al;
	int tag;

	if (slash && strchr(slash + 1, '/'))
		return 0;
	return strcmp(b, "bagit.txt") == 0 || strcmp(b, "bag-info.txt") == 0 ||
	       strcmp(b, "fetch.txt") == 0 || strcmp(b, SIG_NAME) == 0 ||
	       bag_manifest_alg(b, &tag, &an, &al) >= 0;
}

static void progress(struct bagv *v)
{
	if (v->opt && v->opt->progress)
		v->opt->progress(v->done, v->total, v->opt->ctx);
}

/* Pass 2: the algorithms the file name still needs (0: none, or not in the bag). */
static unsigned pass2_need(struct bagv *v, const char *name)
{
	size_t baselen = strlen(v->base);
	sqlite3_stmt *st;
	unsigned need = 0;

	if (strncmp(name, v->base, baselen) != 0 || !(st = bag_sql(v->db, Q_PASS2_FIND)))
		return 0;
	sqlite3_bind_text(st, 1, name + baselen, -1, SQLITE_STATIC);
	if (bag_sql_row(v->db, st)) {
		need = (unsigned)sqlite3_column_int(st, 0);
		sqlite3_reset(st);
	}
	return need;
}

/* A chunk of a kept tag file, into the database; 0 when it went over the limits. */
static int keep_chunk(struct bagv *v, int64_t id, int64_t seq, const char *name, size_t n,
                      uint64_t size_so_far)
{
	sqlite3_stmt *st;

	if (size_so_far + n > KEPT_MAX || v->kept_total + n > KEPT_TOTAL_MAX) {
		bag_problem(v, name,
		            "is too large for a tag file (over %lu MiB, or over %lu MiB with the "
		            "others)",
		            KEPT_MAX >> 20, KEPT_TOTAL_MAX >> 20);
		return 0;
	}
	v->kept_total += n;
	st = bag_sql(v->db, Q_INSERT_CHUNK);
	if (st) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, seq);
		sqlite3_bind_blob(st, 3, v->chunk, (int)n, SQLITE_STATIC);
		bag_sql_done(v->db, st);
	}
	return 1;
}

/*
 * The file's row: its name, size and checksums (pass 1), or the checksums it
 * lacked (pass 2: its row in the bag, by its path there).
 */
static void store_file(struct bagv *v, int64_t id, const char *name, uint64_t size, unsigned have,
                       int kept, unsigned char digest[ALG_COUNT][64])
{
	sqlite3_stmt *st = bag_sql(v->db, v->pass2 ? Q_PASS2_SET : Q_INSERT_FILE);
	int k, col = v->pass2 ? 3 : 6;

	if (!st)
		return;
	if (v->pass2) {
		sqlite3_bind_text(st, 1, name + strlen(v->base), -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, (int)have);
	} else {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, (sqlite3_int64)size);
		sqlite3_bind_int(st, 4, (int)have);
		sqlite3_bind_int(st, 5, kept);
	}
	for (k = 0; k < ALG_COUNT; k++)
		if (have >> k & 1)
			sqlite3_bind_blob(st, col + k, digest[k], (int)bag_algs[k].len,
			                  SQLITE_STATIC);
	bag_sql_done(v->db, st);
}

/*
 * One regular file of the input: hashed with the algorithms it may need,
 * kept when it is a tag file the analysis reads.  name is already clean.
 */
static enum govrec_status take_file(struct bagv *v, const char *name, uint64_t size,
                                    struct govrec_error *err)
{
	union hash_state hs[ALG_COUNT];
	unsigned char digest[ALG_COUNT][64];
	unsigned need = 0;
	uint64_t got = 0;
	int64_t id = 0, seq = 0;
	int k, n, kept = 0, failed = 0;
	const char *an;
	size_t al;
	int tag, alg;

	(void)err;
	if (v->pass2) {
		need = pass2_need(v, name);
		if (!need)
			return GOVREC_OK;
	} else {
		alg = bag_manifest_alg(govrec_base_name(name), &tag, &an, &al);
		if (alg >= 0 && kept_name(name))
			v->known |= 1u << alg;
		for (k = 0; k < ALG_COUNT; k++)
			if ((v->known >> k & 1) || (!v->algs_final && bag_algs[k].always))
				need |= 1u << k;
		id = ++v->next_id;
		kept = kept_name(name);
	}
	for (k = 0; k < ALG_COUNT; k++)
		if (need >> k & 1)
			bag_hash_init(&hs[k], (enum alg_id)k);
	for (;;) {
		n = v->read(v->src, v->chunk, BAG_CHUNK, v, name);
		if (n < 0) {
			failed = 1; /* read() reported the problem; the file stays unhashed */
			break;
		}
		if (n == 0)
			break;
		for (k = 0; k < ALG_COUNT; k++)
			if (need >> k & 1)
				bag_hash_update(&hs[k], (enum alg_id)k, v->chunk, (size_t)n);
		if (kept)
			kept = keep_chunk(v, id, seq++, name, (size_t)n, got);
		got += (uint64_t)n;
		progress(v); /* the callback decides how often to show it */
	}
	if (failed)
		need = 0;
	for (k = 0; k < ALG_COUNT; k++)
		if (need >> k & 1)
			bag_hash_final(&hs[k], (enum alg_id)k, digest[k]);
	if (v->pass2 && !need)
		return GOVREC_OK;
	store_file(v, id, name, got, need, kept, digest);
	if (!v->pass2 && size != UINT64_MAX && size != got && !v->is_dir && !failed)
		bag_problem(v, name, "has %llu bytes, not the %llu its archive entry says",
		            (unsigned long long)got, (unsigned long long)size);
	return GOVREC_OK;
}

/* ---- archives, through libarchive ---- */

static int archive_src_read(void *src, void *buf, size_t n, struct bagv *v, const char *name)
{
	la_ssize_t got = archive_read_data(src, buf, n);

	v->done = (uint64_t)archive_filter_bytes(src, -1);
	if (got < 0) {
		if (!v->pass2)
			bag_problem(v, name, "cannot be read from the archive: %s",
			            archive_error_string(src) ? archive_error_string(src)
			                                      : "error");
		return -1;
	}
	return (int)got;
}

/* A reader on the bag's archive file, from its start. */
struct archive *bag_archive_open(struct govrec_bag *b)
{
	struct archive *a;

	if (lseek(b->fd, 0, SEEK_SET) != 0)
		return NULL;
	a = archive_read_new();
	if (!a)
		return NULL;
	/* Only in-process filters: never an external program. */
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_bzip2(a);
	archive_read_support_filter_xz(a);
	archive_read_support_filter_zstd(a);
	archive_read_support_format_tar(a);
	archive_read_support_format_zip(a);
	if (archive_read_open_fd(a, b->fd, BAG_CHUNK) != ARCHIVE_OK) {
		archive_read_free(a);
		return NULL;
	}
	return a;
}

enum govrec_status bag_walk_archive(struct bagv *v, struct govrec_error *err)
{
	struct archive *a = bag_archive_open(v->bag);
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
				bag_problem(v, NULL, "archive entry %zu has no name", entries);
			continue;
		}
		if (archive_entry_filetype(e) == AE_IFDIR &&
		    (strcmp(raw, ".") == 0 || strcmp(raw, "./") == 0))
			continue; /* the root of a tar made with "tar -C dir ." */
		name = bag_clean_name(raw, &why);
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
				bag_problem(v, raw, "is %s; it is refused", why);
			else if (kind == ENTRY_SYMLINK)
				bag_problem(v, name,
				            "is a symbolic link; a bag holds only regular files");
			else if (kind == ENTRY_HARDLINK)
				bag_problem(v, name,
				            "is a hard link; a bag holds only regular files");
			else if (kind == ENTRY_OTHER)
				bag_problem(
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
			bag_problem(v, NULL, "the archive is damaged after %zu entries: %s",
			            entries, msg);
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
				bag_problem(v, name, "cannot be read: %s", strerror(errno));
			return -1;
		}
	}
}

/*
 * The kind of the entry d of dir: what readdir() says, or fstatat() when it
 * does not say; -1 when it cannot be told (reported when report).  Only a
 * hint: what is opened is checked again on its descriptor.
 */
static int entry_type(struct bagv *v, DIR *dir, const struct dirent *d, const char *path,
                      int report)
{
	struct stat st;

	if (d->d_type != DT_UNKNOWN)
		return d->d_type;
	if (fstatat(dirfd(dir), d->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
		if (report)
			bag_problem(v, path, "cannot be read: %s", strerror(errno));
		return -1;
	}
	return S_ISDIR(st.st_mode)   ? DT_DIR
	       : S_ISREG(st.st_mode) ? DT_REG
	       : S_ISLNK(st.st_mode) ? DT_LNK
	                             : DT_FIFO;
}

/* Round 0 of walk_dir: a regular file taken, anything but a directory a problem. */
static enum govrec_status dir_file(struct bagv *v, DIR *dir, const struct dirent *d,
                                   const char *path, struct govrec_error *err)
{
	int type = entry_type(v, dir, d, path, 1), fd;
	struct stat st;
	enum govrec_status rc;

	if (type == -1 || type == DT_DIR)
		return GOVREC_OK;
	if (type == DT_LNK) {
		bag_problem(v, path, "is a symbolic link; a bag holds only regular files");
		return GOVREC_OK;
	}
	if (type != DT_REG) {
		bag_problem(v, path, "is a device, FIFO or socket; a bag holds only regular files");
		return GOVREC_OK;
	}
	/* O_NONBLOCK: a FIFO put there since readdir() must not hang the open. */
	fd = openat(dirfd(dir), d->d_name,
	            O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ELOOP)
			bag_problem(v, path, "is a symbolic link; a bag holds only regular files");
		else
			bag_problem(v, path, "cannot be opened: %s", strerror(errno));
		return GOVREC_OK;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		bag_problem(v, path, "is not a regular file; a bag holds only regular files");
		close(fd);
		return GOVREC_OK;
	}
	v->src = &fd;
	rc = take_file(v, path, (uint64_t)st.st_size, err);
	close(fd);
	return rc;
}

static enum govrec_status walk_dir(struct bagv *v, int dfd, const char *prefix, int depth,
                                   struct govrec_error *err);

/* Round 1 of walk_dir: a directory walked. */
static enum govrec_status dir_dir(struct bagv *v, DIR *dir, const struct dirent *d,
                                  struct govrec_buf *path, int depth, struct govrec_error *err)
{
	int fd;

	if (entry_type(v, dir, d, path->data, 0) != DT_DIR)
		return GOVREC_OK;
	fd = openat(dirfd(dir), d->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		bag_problem(v, path->data, "cannot be opened: %s", strerror(errno));
		return GOVREC_OK;
	}
	if (depth >= DIR_DEPTH_MAX) {
		bag_problem(v, path->data, "is nested too deeply");
		close(fd);
		return GOVREC_OK;
	}
	govrec_buf_addch(path, '/');
	return walk_dir(v, fd, path->data, depth + 1, err);
}

/*
 * Walks directory dfd (named prefix, "" at the top) without following
 * links: regular files are taken, links and devices are problems.  Files
 * come before directories, so at the top the manifests are known first.
 * The entries are read twice, as readdir() gives them, rather than listed and
 * sorted: a directory of half a million files costs no memory.
 */
static enum govrec_status walk_dir(struct bagv *v, int dfd, const char *prefix, int depth,
                                   struct govrec_error *err)
{
	struct govrec_buf path = GOVREC_BUF_INIT;
	int round, rc = GOVREC_OK;
	struct dirent *d;
	DIR *dir;

	dir = fdopendir(dfd);
	if (!dir) {
		close(dfd);
		return govrec_error_set(err, GOVREC_ERROR, "cannot read directory '%s%s': %s",
		                        v->input, prefix, strerror(errno));
	}
	for (round = 0; round < 2 && rc == GOVREC_OK; round++) {
		/* scan_manifest_names() read the top through a duplicate of this descriptor. */
		rewinddir(dir);
		while (rc == GOVREC_OK && (d = readdir(dir)) != NULL) {
			if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
				continue;
			govrec_buf_reset(&path);
			govrec_buf_addf(&path, "%s%s", prefix, d->d_name);
			rc = round == 0 ? dir_file(v, dir, d, path.data, err)
			                : dir_dir(v, dir, d, &path, depth, err);
		}
	}
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
		int tag, alg = bag_manifest_alg(d->d_name, &tag, &an, &al);

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

enum govrec_status bag_walk_directory(struct bagv *v, struct govrec_error *err)
{
	/* walk_dir() closes what it is given: a duplicate of the bag's descriptor. */
	int fd = fcntl(v->bag->fd, F_DUPFD_CLOEXEC, 0);

	if (fd < 0)
		return govrec_error_set(err, GOVREC_ERROR, "cannot read directory '%s': %s",
		                        v->input, strerror(errno));
	v->read = fd_src_read;
	scan_manifest_names(v, fd, 0);
	v->algs_final = 1;
	return walk_dir(v, fd, "", 0, err);
}
