/*
 * export-out.c - where a bundle is written: one file at a time into a
 * libarchive writer (tar, tar.gz, tar.zst, zip) or into a directory, each
 * file hashed with SHA-256 and SHA-512 while it is written, for the
 * manifests.  Nothing here knows what the files hold (export.c says that);
 * this part owns the output's life: a temporary name beside the target, and
 * the move into place, never over an existing file, when it is complete.
 * Named export-out.c after the struct it works on (export-int.h), as the
 * other parts are named after what they make.
 */
/* nftw() */
#define _XOPEN_SOURCE 700
#define _GNU_SOURCE /* O_TMPFILE, linkat */

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <archive.h>
#include <archive_entry.h>

#include "export-int.h"
#include "govrec/util.h"

/* ---- output formats ------------------------------------------------------ */

static const struct {
	const char *name;   /* --format */
	const char *suffix; /* an output name ending so */
	enum govrec_bundle_format format;
} formats[] = {
	{ "tar", ".tar", GOVREC_BUNDLE_TAR },
	{ "tar.gz", ".tar.gz", GOVREC_BUNDLE_TAR_GZ },
	{ "tar.gz", ".tgz", GOVREC_BUNDLE_TAR_GZ },
	{ "tar.zst", ".tar.zst", GOVREC_BUNDLE_TAR_ZST },
	{ "tar.zst", ".tzst", GOVREC_BUNDLE_TAR_ZST },
	{ "zip", ".zip", GOVREC_BUNDLE_ZIP },
	{ "dir", NULL, GOVREC_BUNDLE_DIR },
};

#define NFORMATS (sizeof(formats) / sizeof(formats[0]))

enum govrec_bundle_format govrec_bundle_format_parse(const char *name)
{
	size_t i;

	for (i = 0; name && i < NFORMATS; i++)
		if (strcmp(formats[i].name, name) == 0)
			return formats[i].format;
	return GOVREC_BUNDLE_AUTO;
}

enum govrec_bundle_format govrec_bundle_format_of_path(const char *path)
{
	size_t i, n = strlen(path), k;

	for (i = 0; i < NFORMATS; i++) {
		if (!formats[i].suffix)
			continue;
		k = strlen(formats[i].suffix);
		if (n > k && strcmp(path + n - k, formats[i].suffix) == 0)
			return formats[i].format;
	}
	return GOVREC_BUNDLE_DIR;
}

/* ---- the output: a libarchive writer or a directory ------------------------ */


static enum govrec_status arc_fail(struct out *o, struct govrec_error *err, const char *what)
{
	return govrec_error_set(err, GOVREC_ERROR, "cannot write '%s': %s: %s", o->final, what,
				archive_error_string(o->a) ? archive_error_string(o->a) : "failed");
}

/* An O_TMPFILE in the directory of path, or -1. */
static int open_anonymous(const char *path)
{
#ifdef O_TMPFILE
	struct govrec_buf dir = GOVREC_BUF_INIT;
	const char *slash = strrchr(path, '/');
	int fd;

	if (!slash)
		govrec_buf_adds(&dir, ".");
	else if (slash == path)
		govrec_buf_adds(&dir, "/");
	else
		govrec_buf_add(&dir, path, (size_t)(slash - path));
	fd = open(dir.data, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
	govrec_buf_release(&dir);
	return fd;
#else
	(void)path;
	return -1;
#endif
}

/* Gives the anonymous file o->fd the name o->final (never over a file). */
static int link_anonymous(struct out *o)
{
	char proc[64];

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", o->fd);
	if (linkat(AT_FDCWD, proc, AT_FDCWD, o->final, AT_SYMLINK_FOLLOW) == 0)
		return 0;
	if (errno == EEXIST)
		return -1;
	/* without /proc mounted: needs CAP_DAC_READ_SEARCH, so may fail too */
	return linkat(o->fd, "", AT_FDCWD, o->final, AT_EMPTY_PATH);
}

enum govrec_status exp_out_open(struct out *o, struct govrec_error *err)
{
	struct govrec_buf t = GOVREC_BUF_INIT;
	int r = ARCHIVE_OK;

	govrec_buf_addf(&t, "%s.tmp-XXXXXX", o->final);
	o->tmp = govrec_buf_detach(&t, NULL);
	o->fd = -1;
	if (o->format == GOVREC_BUNDLE_DIR) {
		if (!mkdtemp(o->tmp) || chmod(o->tmp, 0755) != 0)
			goto io;
		return GOVREC_OK;
	}
	/*
	 * An unnamed file in the target's directory, linked into place only
	 * when complete: even a SIGKILL leaves no partial file behind.  Where
	 * the file system has no O_TMPFILE, a named temporary file.
	 */
	o->fd = open_anonymous(o->final);
	o->anonymous = o->fd >= 0;
	if (o->fd < 0)
		o->fd = mkstemp(o->tmp);
	if (o->fd < 0)
		goto io;
	fchmod(o->fd, 0644);
	o->a = archive_write_new();
	if (!o->a)
		return govrec_error_oom(err);
	switch (o->format) {
	case GOVREC_BUNDLE_ZIP:
		r = archive_write_set_format_zip(o->a);
		if (r == ARCHIVE_OK)
			r = archive_write_set_format_option(o->a, "zip", "compression", "deflate");
		break;
	case GOVREC_BUNDLE_TAR_GZ:
		r = archive_write_set_format_pax_restricted(o->a);
		if (r == ARCHIVE_OK)
			r = archive_write_add_filter_gzip(o->a);
		/* No time in the gzip header: the same archive gives the same bytes. */
		if (r == ARCHIVE_OK)
			r = archive_write_set_filter_option(o->a, "gzip", "timestamp", NULL);
		break;
	case GOVREC_BUNDLE_TAR_ZST:
		r = archive_write_set_format_pax_restricted(o->a);
		if (r == ARCHIVE_OK)
			r = archive_write_add_filter_zstd(o->a);
		break;
	default:
		r = archive_write_set_format_pax_restricted(o->a);
		break;
	}
	if (r != ARCHIVE_OK)
		return arc_fail(o, err, "cannot set up the format");
	if (archive_write_open_fd(o->a, o->fd) != ARCHIVE_OK)
		return arc_fail(o, err, "cannot open");
	return GOVREC_OK;
io:
	return govrec_error_set(err, GOVREC_ERROR, "cannot create '%s': %s", o->tmp,
				strerror(errno));
}

/* mkdir -p of the directories in rel (a path relative to o->tmp). */
static enum govrec_status make_parents(struct out *o, const char *rel, struct govrec_error *err)
{
	struct govrec_buf p = GOVREC_BUF_INIT;
	const char *s;
	enum govrec_status rc = GOVREC_OK;

	for (s = strchr(rel, '/'); s; s = strchr(s + 1, '/')) {
		govrec_buf_reset(&p);
		govrec_buf_addf(&p, "%s/%.*s", o->tmp, (int)(s - rel), rel);
		if (mkdir(p.data, 0755) != 0 && errno != EEXIST) {
			rc = govrec_error_set(err, GOVREC_ERROR, "cannot create '%s': %s", p.data,
					      strerror(errno));
			break;
		}
	}
	govrec_buf_release(&p);
	return rc;
}

/* Starts the file rel (relative to the bag's base directory) of size bytes. */
enum govrec_status exp_entry_begin(struct out *o, const char *rel, uint64_t size,
				   struct govrec_error *err)
{
	enum govrec_status rc;

	o->expect = size;
	o->written = 0;
	govrec_sha256_init(&o->h256);
	govrec_sha512_init(&o->h512);
	govrec_buf_reset(&o->path);
	if (!o->a) {
		int fd;

		govrec_buf_adds(&o->path, rel);
		rc = make_parents(o, rel, err);
		if (rc != GOVREC_OK)
			return rc;
		{
			struct govrec_buf full = GOVREC_BUF_INIT;

			govrec_buf_addf(&full, "%s/%s", o->tmp, rel);
			fd = open(full.data, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
				  0644);
			if (fd >= 0)
				o->f = fdopen(fd, "wb");
			if (fd < 0 || !o->f) {
				rc = govrec_error_set(err, GOVREC_ERROR, "cannot create '%s': %s",
						      full.data, strerror(errno));
				if (fd >= 0)
					close(fd);
			}
			govrec_buf_release(&full);
			return rc;
		}
	}
	{
		struct archive_entry *e = archive_entry_new();

		if (!e)
			return govrec_error_oom(err);
		govrec_buf_addf(&o->path, "%s/%s", o->base, rel);
		archive_entry_set_pathname(e, o->path.data);
		archive_entry_set_size(e, (la_int64_t)size);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_mtime(e, o->mtime, 0);
		archive_entry_set_uid(e, 0);
		archive_entry_set_gid(e, 0);
		archive_entry_set_uname(e, "root");
		archive_entry_set_gname(e, "root");
		rc = archive_write_header(o->a, e) == ARCHIVE_OK
			     ? GOVREC_OK
			     : arc_fail(o, err, "cannot write an entry header");
		archive_entry_free(e);
		return rc;
	}
}

enum govrec_status exp_entry_write(struct out *o, const void *data, size_t len,
				   struct govrec_error *err)
{
	if (!len)
		return GOVREC_OK;
	govrec_sha256_update(&o->h256, data, len);
	govrec_sha512_update(&o->h512, data, len);
	o->written += len;
	if (o->a) {
		if (archive_write_data(o->a, data, len) != (la_ssize_t)len)
			return arc_fail(o, err, "cannot write data");
		return GOVREC_OK;
	}
	if (fwrite(data, 1, len, o->f) != len)
		return govrec_error_set(err, GOVREC_ERROR, "cannot write '%s': %s", o->path.data,
					strerror(errno));
	return GOVREC_OK;
}

enum govrec_status exp_entry_end(struct out *o, struct govrec_error *err)
{
	unsigned char h256[GOVREC_SHA256_BYTES], h512[GOVREC_SHA512_BYTES];

	govrec_sha256_final(&o->h256, h256);
	govrec_sha512_final(&o->h512, h512);
	govrec_hex_encode(h256, sizeof(h256), o->hex256);
	govrec_hex_encode(h512, sizeof(h512), o->hex512);
	if (o->written != o->expect)
		return govrec_error_set(err, GOVREC_ERROR,
					"'%s' changed while it was exported (%llu bytes, not %llu)",
					o->path.data, (unsigned long long)o->written,
					(unsigned long long)o->expect);
	if (o->a) {
		if (archive_write_finish_entry(o->a) != ARCHIVE_OK)
			return arc_fail(o, err, "cannot finish an entry");
		return GOVREC_OK;
	}
	{
		struct timespec ts[2];
		int bad = fflush(o->f) != 0 || fsync(fileno(o->f)) != 0;

		ts[0].tv_sec = ts[1].tv_sec = o->mtime;
		ts[0].tv_nsec = ts[1].tv_nsec = 0;
		futimens(fileno(o->f), ts);
		bad |= fclose(o->f) != 0;
		o->f = NULL;
		if (bad)
			return govrec_error_set(err, GOVREC_ERROR, "cannot write '%s': %s",
						o->path.data, strerror(errno));
	}
	return GOVREC_OK;
}

/* A whole file from memory. */
enum govrec_status exp_entry_put(struct out *o, const char *rel, const void *data, size_t len,
				 struct govrec_error *err)
{
	enum govrec_status rc = exp_entry_begin(o, rel, len, err);

	if (rc == GOVREC_OK)
		rc = exp_entry_write(o, data, len, err);
	if (rc == GOVREC_OK)
		rc = exp_entry_end(o, err);
	return rc;
}

/* A whole file from a temporary file, from its start. */
enum govrec_status exp_entry_copy(struct out *o, const char *rel, FILE *f, struct govrec_error *err)
{
	char buf[EXP_CHUNK];
	long size;
	size_t n;
	enum govrec_status rc;

	if (fflush(f) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
		return govrec_error_set(err, GOVREC_ERROR, "cannot read a temporary file: %s",
					strerror(errno));
	rc = exp_entry_begin(o, rel, (uint64_t)size, err);
	while (rc == GOVREC_OK && (n = fread(buf, 1, sizeof(buf), f)) > 0)
		rc = exp_entry_write(o, buf, n, err);
	if (rc == GOVREC_OK && ferror(f))
		rc = govrec_error_set(err, GOVREC_ERROR, "cannot read a temporary file");
	if (rc == GOVREC_OK)
		rc = exp_entry_end(o, err);
	return rc;
}

static int remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Abandons the output: nothing stays behind. */
void exp_out_abort(struct out *o)
{
	if (o->f)
		fclose(o->f);
	o->f = NULL;
	if (o->a) {
		archive_write_free(o->a);
		o->a = NULL;
	}
	if (o->fd >= 0)
		close(o->fd);
	o->fd = -1;
	if (o->tmp) {
		if (o->format == GOVREC_BUNDLE_DIR)
			nftw(o->tmp, remove_one, 16, FTW_DEPTH | FTW_PHYS);
		else if (!o->anonymous)
			unlink(o->tmp);
	}
	free(o->tmp);
	o->tmp = NULL;
	govrec_buf_release(&o->path);
}

/* A directory bundle's directories get the bundle's time too, deepest first. */
static void set_dir_times(struct out *o)
{
	static const char *const dirs[] = { "data/audit", "data/originals",
					    "data/records/documents", "data/records/meetings",
					    "data/records/proposals", "data/records", "data", "" };
	struct govrec_buf p = GOVREC_BUF_INIT;
	struct timespec ts[2];
	size_t i;

	ts[0].tv_sec = ts[1].tv_sec = o->mtime;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		govrec_buf_reset(&p);
		govrec_buf_addf(&p, "%s/%s", o->tmp, dirs[i]);
		utimensat(AT_FDCWD, p.data, ts, AT_SYMLINK_NOFOLLOW); /* absent ones: ENOENT */
	}
	govrec_buf_release(&p);
}

/* Finishes the output and moves it into place, never over an existing file. */
enum govrec_status exp_out_close(struct out *o, struct govrec_error *err)
{
	struct stat sb;

	if (o->a) {
		if (archive_write_close(o->a) != ARCHIVE_OK)
			return arc_fail(o, err, "cannot finish the archive");
		archive_write_free(o->a);
		o->a = NULL;
		if (fsync(o->fd) != 0)
			return govrec_error_set(err, GOVREC_ERROR, "cannot write '%s': %s",
						o->final, strerror(errno));
		if (o->anonymous ? link_anonymous(o) != 0 : link(o->tmp, o->final) != 0)
			goto fail;
		if (!o->anonymous)
			unlink(o->tmp);
		free(o->tmp);
		o->tmp = NULL;
		if (close(o->fd) != 0) {
			o->fd = -1;
			return govrec_error_set(err, GOVREC_ERROR, "cannot write '%s': %s",
						o->final, strerror(errno));
		}
		o->fd = -1;
	} else {
		set_dir_times(o);
		if (lstat(o->final, &sb) == 0) {
			errno = EEXIST;
			goto fail;
		}
		if (rename(o->tmp, o->final) != 0)
			goto fail;
	}
	free(o->tmp);
	o->tmp = NULL;
	govrec_buf_release(&o->path);
	return GOVREC_OK;
fail:
	return govrec_error_set(err, errno == EEXIST ? GOVREC_REFUSED : GOVREC_ERROR,
				"cannot create '%s': %s", o->final, strerror(errno));
}
