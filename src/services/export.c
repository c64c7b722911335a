/*
 * export.c - writing the archive as a BagIt bundle (see export.h).
 *
 * One pass, in this order: bagit.txt; the payload under data/ in byte-sorted
 * path order (the audit log, the originals, the record XML); then the tag
 * files bag-info.txt, manifest-sha256.txt, manifest-sha512.txt,
 * tagmanifest-sha512.txt and its signature.  Writing the tag files after the
 * payload is what lets export stream: every payload file is hashed while it
 * is written, and its manifest lines are spooled to temporary files, so the
 * archive is never held in memory.  A record file's XML (a meeting, one
 * document's passages, a list of action items) is made in memory, and
 * spooled to a temporary file once it grows past SPOOL_AT.
 *
 * The payload is chosen by a selection (export.h) turned into temporary
 * tables of ids (temp.sel_*), which the queries below join.  Temporary
 * tables live outside the archive file, so export stays read-only.
 *
 * Output goes to a temporary name beside the target (a file written through
 * libarchive, or a directory) and is moved into place when complete.
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


#include "bundle.h"
#include "govrec/digest.h"
#include "govrec/audit.h"
#include "govrec/buf.h"
#include "govrec/committee.h"
#include "govrec/export.h"
#include "govrec/meeting.h"
#include "govrec/sign.h"
#include "govrec/util.h"

#define CHUNK 65536

/*
 * A record file bigger than this (a long transcript, thousands of action
 * items) is spooled to a temporary file while it is made, so that memory
 * stays flat: the archive entry's header needs the size before the data.
 */
#define SPOOL_AT ((size_t)1 << 20)

const struct bundle_table bundle_tables[] = {
	{ "committee", "id, name, short, created", "ORDER BY id", NULL },
	{ "person", "id, name", "ORDER BY id", NULL },
	{ "person_alias", "label, label_key, person_id", "WHERE person_id = ?1 ORDER BY label_key",
	  "person" },
	{ "membership", "id, person_id, role, body, date_from, date_to",
	  "WHERE person_id = ?1 ORDER BY id", "person" },
	{ "metric", "id, category, phase, name, description", "ORDER BY id", NULL },
	{ "metric_version",
	  "id, metric_id, threshold, unit, threshold_seconds, type, target_percent, period, "
	  "effective_from, effective_to, source, proposal_id",
	  "WHERE metric_id = ?1 ORDER BY effective_from", "metric" },
	{ "meeting", "id, number, date, time, kind, title", "WHERE id = ?1", NULL },
	{ "agenda_item", "meeting_id, seq, text", "WHERE meeting_id = ?1 ORDER BY seq", "meeting" },
	{ "attendance", "meeting_id, person_id, status", "WHERE meeting_id = ?1 ORDER BY person_id",
	  "meeting" },
	{ "document",
	  "id, kind, meeting_id, title, date, file_name, media_type, size, sha256, importer, "
	  "importer_version, imported_at, review, section, revises, meta",
	  "WHERE id = ?1", NULL },
	{ "proposal", "id, ref, title, originator, change_type, date, state, document_id",
	  "WHERE id = ?1", NULL },
	{ "proposal_change",
	  "id, proposal_id, metric_id, action, from_threshold, from_unit, from_type, from_target, "
	  "to_threshold, to_unit, to_type, to_target, category, phase, name, description",
	  "WHERE proposal_id = ?1 ORDER BY metric_id", "proposal" },
	{ "proposal_event", "id, proposal_id, state, date, actor, note, meeting_id, document_id",
	  "WHERE proposal_id = ?1 ORDER BY id", "proposal" },
	{ "action_item",
	  "id, ref, meeting_id, passage_id, owner_id, owner, text, due, status, closed_meeting_id",
	  "WHERE id IN (SELECT id FROM temp.sel_action) ORDER BY id", NULL },
	{ "decision", "id, meeting_id, passage_id, date, text",
	  "WHERE id IN (SELECT id FROM temp.sel_decision) ORDER BY id", NULL },
	{ "link", "id, from_kind, from_id, rel, to_kind, to_id",
	  "WHERE id IN (SELECT id FROM temp.sel_link) ORDER BY id", NULL },
	{ "saved_search", "name, query", "ORDER BY name", NULL },
	{ NULL, NULL, NULL, NULL }
};

const struct bundle_table *bundle_table_find(const char *table)
{
	const struct bundle_table *t;

	for (t = bundle_tables; t->table; t++)
		if (strcmp(t->table, table) == 0)
			return t;
	return NULL;
}

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

/* ---- XML text ------------------------------------------------------------ */

/*
 * Appends s escaped for XML character data (attr 0) or a double-quoted
 * attribute value (attr 1).  CR, and in attributes TAB and LF, become
 * character references so that a parser gives them back unchanged.
 * Characters XML 1.0 cannot carry (other C0 controls, invalid UTF-8) become
 * U+FFFD: the one loss a bundle can have (docs/FORMATS.md).
 */
static void xml_add(struct govrec_buf *b, const char *s, int attr)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		unsigned c = *p, cp, n, i;
		const unsigned char *run = p;

		/* Plain ASCII goes in one piece. */
		while (*p >= 0x20 && *p < 0x80 && *p != '&' && *p != '<' && *p != '>' && *p != '"')
			p++;
		if (p > run) {
			govrec_buf_add(b, run, (size_t)(p - run));
			continue;
		}
		if (c < 0x80) {
			switch (c) {
			case '&': govrec_buf_adds(b, "&amp;"); break;
			case '<': govrec_buf_adds(b, "&lt;"); break;
			case '>': govrec_buf_adds(b, "&gt;"); break;
			case '"': govrec_buf_adds(b, attr ? "&quot;" : "\""); break;
			case '\r': govrec_buf_adds(b, "&#13;"); break;
			case '\n': govrec_buf_adds(b, attr ? "&#10;" : "\n"); break;
			case '\t': govrec_buf_adds(b, attr ? "&#9;" : "\t"); break;
			default:
				govrec_buf_adds(b, "\xef\xbf\xbd"); /* other C0 controls */
			}
			p++;
			continue;
		}
		n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
		cp = n == 4 ? c & 7 : n == 3 ? c & 15 : c & 31;
		for (i = 1; i < n && (p[i] & 0xc0) == 0x80; i++)
			cp = (cp << 6) | (p[i] & 0x3f);
		if (n == 0 || i < n || (n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) ||
		    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff) ||
		    cp == 0xfffe || cp == 0xffff) {
			govrec_buf_adds(b, "\xef\xbf\xbd");
			p += i ? i : 1;
			continue;
		}
		govrec_buf_add(b, p, n);
		p += n;
	}
}

/* Appends ` name="value"` (with prefix) unless value is NULL. */
static void xml_attr(struct govrec_buf *b, const char *prefix, const char *name, const char *value)
{
	if (!value)
		return;
	/* Not govrec_buf_addf: this runs for every column of every row exported. */
	govrec_buf_addch(b, ' ');
	govrec_buf_adds(b, prefix);
	govrec_buf_adds(b, name);
	govrec_buf_adds(b, "=\"");
	xml_add(b, value, 1);
	govrec_buf_addch(b, '"');
}

/* A column as text; REAL values in the shortest form that reads back the same. */
static const char *col_value(sqlite3_stmt *s, int col, char num[40])
{
	double d;

	switch (sqlite3_column_type(s, col)) {
	case SQLITE_NULL:
		return NULL;
	case SQLITE_FLOAT:
		d = sqlite3_column_double(s, col);
		snprintf(num, 40, "%.15g", d);
		if (strtod(num, NULL) != d)
			snprintf(num, 40, "%.17g", d);
		if (!strpbrk(num, ".eEni"))
			strcat(num, ".0");
		return num;
	default:
		return (const char *)sqlite3_column_text(s, col);
	}
}

/* Appends the first n columns of s's current row as attributes. */
static void row_attrs(struct govrec_buf *b, sqlite3_stmt *s, const char *prefix, int n)
{
	int c;
	char num[40];

	for (c = 0; c < n; c++)
		xml_attr(b, prefix, sqlite3_column_name(s, c), col_value(s, c, num));
}

/* ---- the output: a libarchive writer or a directory ------------------------ */

struct out {
	enum govrec_bundle_format format;
	const char *final;      /* o->out */
	char *tmp;              /* where it is written until complete */
	int anonymous;          /* tmp was never created: fd is an O_TMPFILE */
	int fd;                 /* the archive file (archives) */
	struct archive *a;      /* NULL for a directory */
	const char *base;       /* "govrec-<id>" inside archives */
	time_t mtime;
	struct govrec_buf path; /* the entry being written */
	FILE *f;                /* directory output: the file being written */
	struct govrec_sha256 h256;
	struct govrec_sha512 h512;
	uint64_t expect, written;
	char hex256[65], hex512[129];
};

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

static enum govrec_status out_open(struct out *o, struct govrec_error *err)
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
static enum govrec_status entry_begin(struct out *o, const char *rel, uint64_t size,
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

static enum govrec_status entry_write(struct out *o, const void *data, size_t len,
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

static enum govrec_status entry_end(struct out *o, struct govrec_error *err)
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
static enum govrec_status entry_put(struct out *o, const char *rel, const void *data, size_t len,
				    struct govrec_error *err)
{
	enum govrec_status rc = entry_begin(o, rel, len, err);

	if (rc == GOVREC_OK)
		rc = entry_write(o, data, len, err);
	if (rc == GOVREC_OK)
		rc = entry_end(o, err);
	return rc;
}

/* A whole file from a temporary file, from its start. */
static enum govrec_status entry_copy(struct out *o, const char *rel, FILE *f,
				     struct govrec_error *err)
{
	char buf[CHUNK];
	long size;
	size_t n;
	enum govrec_status rc;

	if (fflush(f) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
		return govrec_error_set(err, GOVREC_ERROR, "cannot read a temporary file: %s",
					strerror(errno));
	rc = entry_begin(o, rel, (uint64_t)size, err);
	while (rc == GOVREC_OK && (n = fread(buf, 1, sizeof(buf), f)) > 0)
		rc = entry_write(o, buf, n, err);
	if (rc == GOVREC_OK && ferror(f))
		rc = govrec_error_set(err, GOVREC_ERROR, "cannot read a temporary file");
	if (rc == GOVREC_OK)
		rc = entry_end(o, err);
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
static void out_abort(struct out *o)
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
static enum govrec_status out_close(struct out *o, struct govrec_error *err)
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

/* ---- the export ------------------------------------------------------------ */

struct exp {
	struct govrec_store *st;
	const struct govrec_export_options *opt;
	struct govrec_export_result *r;
	struct out out;
	FILE *m256, *m512;      /* the payload manifests, spooled */
	struct govrec_committee committee;
	char slug[32];          /* the committee's short name for FRBR URIs: "csc" */
	char time[32];          /* the latest audit entry's time */
	char date[11];
	int64_t audit_seq;
	char audit_hash[65];
	struct govrec_buf sel;  /* the selection, in words */
	FILE *spool;            /* the XML file being made, once it outgrew SPOOL_AT */
};


/* Records a finished payload file in both manifests. */
static enum govrec_status payload_done(struct exp *x, const char *rel, struct govrec_error *err)
{
	if (fprintf(x->m256, "%s  %s\n", x->out.hex256, rel) < 0 ||
	    fprintf(x->m512, "%s  %s\n", x->out.hex512, rel) < 0)
		return govrec_error_set(err, GOVREC_ERROR, "cannot write a temporary file: %s",
					strerror(errno));
	x->r->files++;
	x->r->bytes += x->out.written;
	if (x->opt->progress)
		x->opt->progress(x->r->files, x->r->bytes, x->opt->progress_ctx);
	return GOVREC_OK;
}

/* Moves what b holds to the spool once it is big; called between records. */
static enum govrec_status gen_flush(struct exp *x, struct govrec_buf *b,
				    struct govrec_error *err)
{
	if (b->len < SPOOL_AT)
		return GOVREC_OK;
	if (!x->spool && !(x->spool = tmpfile()))
		return govrec_error_set(err, GOVREC_ERROR, "cannot create a temporary file: %s",
					strerror(errno));
	if (fwrite(b->data, 1, b->len, x->spool) != b->len)
		return govrec_error_set(err, GOVREC_ERROR, "cannot write a temporary file: %s",
					strerror(errno));
	govrec_buf_reset(b);
	return GOVREC_OK;
}

/* Writes a made file: what was spooled, then what b still holds. */
static enum govrec_status payload_put(struct exp *x, const char *rel, struct govrec_buf *b,
				      struct govrec_error *err)
{
	enum govrec_status rc;

	if (!x->spool) {
		rc = entry_put(&x->out, rel, b->data, b->len, err);
	} else {
		if (fwrite(b->data, 1, b->len, x->spool) != b->len)
			rc = govrec_error_set(err, GOVREC_ERROR,
					      "cannot write a temporary file: %s", strerror(errno));
		else
			rc = entry_copy(&x->out, rel, x->spool, err);
		fclose(x->spool);
		x->spool = NULL;
	}
	return rc == GOVREC_OK ? payload_done(x, rel, err) : rc;
}

/* The query of table t, from the store's cache. */
static sqlite3_stmt *table_stmt(struct exp *x, const struct bundle_table *t,
				struct govrec_error *err)
{
	struct govrec_buf sql = GOVREC_BUF_INIT;
	sqlite3_stmt *s;

	govrec_buf_addf(&sql, "SELECT %s FROM main.%s %s", t->columns, t->table, t->where);
	s = govrec_sql(x->st, sql.data, err);
	govrec_buf_release(&sql);
	return s;
}

/*
 * Writes the rows of table t as elements (with ?1 bound to key when key is
 * not NULL), each holding the rows of its child tables.
 */
static enum govrec_status write_rows(struct exp *x, struct govrec_buf *b,
				     const struct bundle_table *t, const char *key,
				     const char *prefix, struct govrec_error *err)
{
	sqlite3_stmt *s = table_stmt(x, t, err);
	const struct bundle_table *c;
	enum govrec_status rc = GOVREC_OK;
	int step, children = 0;

	if (!s)
		return GOVREC_ERROR;
	for (c = bundle_tables; c->table; c++)
		children += c->parent && strcmp(c->parent, t->table) == 0;
	if (key && sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT) != SQLITE_OK)
		return govrec_store_fail(x->st, err, "cannot bind a value");
	while (rc == GOVREC_OK && (step = govrec_sql_step(x->st, s, err)) == 1) {
		rc = gen_flush(x, b, err);
		if (rc != GOVREC_OK)
			break;
		govrec_buf_addf(b, "<%s%s", prefix, t->table);
		row_attrs(b, s, prefix, sqlite3_column_count(s));
		if (!children) {
			govrec_buf_adds(b, "/>\n");
			continue;
		}
		govrec_buf_adds(b, ">\n");
		{
			char *parent = strdup(govrec_col_text(s, 0));

			if (!parent)
				return govrec_error_oom(err);
			for (c = bundle_tables; rc == GOVREC_OK && c->table; c++)
				if (c->parent && strcmp(c->parent, t->table) == 0)
					rc = write_rows(x, b, c, parent, prefix, err);
			free(parent);
		}
		govrec_buf_addf(b, "</%s%s>\n", prefix, t->table);
	}
	sqlite3_reset(s);
	if (rc == GOVREC_OK && step < 0)
		rc = GOVREC_ERROR;
	return rc;
}

/* A govrec-vocabulary file holding the rows of tables (a NULL-terminated list). */
static enum govrec_status records_file(struct exp *x, const char *rel, const char *kind,
				       const char *const *tables, const char *key,
				       struct govrec_error *err)
{
	struct govrec_buf b = GOVREC_BUF_INIT;
	enum govrec_status rc = GOVREC_OK;

	govrec_buf_addf(&b,
			"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			"<records xmlns=\"%s\" kind=\"%s\">\n",
			GOVREC_NS_RECORDS, kind);
	for (; rc == GOVREC_OK && *tables; tables++)
		rc = write_rows(x, &b, bundle_table_find(*tables), key, "", err);
	govrec_buf_adds(&b, "</records>\n");
	if (rc == GOVREC_OK)
		rc = payload_put(x, rel, &b, err);
	govrec_buf_release(&b);
	return rc;
}

/* ---- Akoma Ntoso ------------------------------------------------------------ */

static void akn_open(struct exp *x, struct govrec_buf *b, const char *type, const char *name,
		     const char *work, const char *date, const char *date_name)
{
	const char *shortname = x->slug;

	govrec_buf_addf(b,
			"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			"<akomaNtoso xmlns=\"%s\" xmlns:%s=\"%s\">\n"
			"<%s name=\"%s\">\n<meta>\n<identification source=\"#govrec\">\n",
			GOVREC_NS_AKN, GOVREC_NS_PREFIX, GOVREC_NS_RECORDS, type, name);
	govrec_buf_addf(b,
			"<FRBRWork><FRBRthis value=\"/akn/int/%s/%s/%s/%s/main\"/>"
			"<FRBRuri value=\"/akn/int/%s/%s/%s/%s\"/>"
			"<FRBRdate date=\"%s\" name=\"%s\"/><FRBRauthor href=\"#committee\"/>"
			"<FRBRcountry value=\"int\"/></FRBRWork>\n",
			type, date, shortname, work, type, date, shortname, work, date, date_name);
	govrec_buf_addf(b,
			"<FRBRExpression><FRBRthis value=\"/akn/int/%s/%s/%s/%s/eng@/main\"/>"
			"<FRBRuri value=\"/akn/int/%s/%s/%s/%s/eng@\"/>"
			"<FRBRdate date=\"%s\" name=\"%s\"/><FRBRauthor href=\"#committee\"/>"
			"<FRBRlanguage language=\"eng\"/></FRBRExpression>\n",
			type, date, shortname, work, type, date, shortname, work, date, date_name);
	govrec_buf_addf(
	    b,
	    "<FRBRManifestation><FRBRthis value=\"/akn/int/%s/%s/%s/%s/eng@/main.xml\"/>"
	    "<FRBRuri value=\"/akn/int/%s/%s/%s/%s/eng@.akn\"/>"
	    "<FRBRdate date=\"%s\" name=\"%s\"/><FRBRauthor href=\"#govrec\"/>"
	    "</FRBRManifestation>\n</identification>\n<references source=\"#govrec\">\n"
	    "<TLCOrganization eId=\"committee\" href=\"/ontology/organization/%s\"",
	    type, date, shortname, work, type, date, shortname, work, date, date_name, shortname);
	xml_attr(b, "", "showAs", x->committee.name);
	govrec_buf_adds(b,
			"/>\n<TLCOrganization eId=\"govrec\" href=\"/ontology/organization/govrec\""
			" showAs=\"govrec\"/>\n");
}

/* The eId of a speaker label that no person was found for. */
static void speaker_eid(const char *label, char out[32])
{
	char hex[65];

	govrec_sha256_hex(label, strlen(label), hex);
	snprintf(out, 32, "speaker_%.16s", hex);
}

/*
 * The eIds of one document's unresolved speakers, worked out once per
 * document instead of once per passage (a SHA-256 each): "label\0eid\0"
 * records in text, their offsets (size_t) in at, in the order akn_speakers
 * read the labels, which is SQLite's BINARY order, strcmp's.
 */
struct speaker_eids {
	struct govrec_buf text;
	struct govrec_buf at;
};

static void speaker_eids_add(struct speaker_eids *m, const char *label, const char *eid)
{
	size_t at = m->text.len;

	govrec_buf_add(&m->at, &at, sizeof(at));
	govrec_buf_add(&m->text, label, strlen(label) + 1);
	govrec_buf_add(&m->text, eid, strlen(eid) + 1);
}

/* The eId of label: found in m by binary search, else worked out. */
static void speaker_eid_of(const struct speaker_eids *m, const char *label, char out[32])
{
	size_t lo = 0, hi = m->at.len / sizeof(size_t);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2, at;
		const char *l;
		int c;

		memcpy(&at, m->at.data + mid * sizeof(at), sizeof(at));
		l = m->text.data + at;
		c = strcmp(label, l);
		if (c == 0) {
			snprintf(out, 32, "%s", l + strlen(l) + 1);
			return;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	speaker_eid(label, out);
}

/*
 * TLCPerson entries for the people and unresolved speakers of a document;
 * the speakers' eIds also go into eids.
 */
static enum govrec_status akn_speakers(struct exp *x, struct govrec_buf *b, int64_t doc,
				       struct speaker_eids *eids, struct govrec_error *err)
{
	sqlite3_stmt *s = govrec_sql(x->st,
				     "SELECT DISTINCT p.id, p.name FROM passage x "
				     "JOIN person p ON p.id = x.person_id WHERE x.document_id = ?1 "
				     "ORDER BY p.id",
				     err);
	char eid[32];
	int step;

	if (!s || govrec_sql_bind(x->st, s, err, "i", doc) != GOVREC_OK)
		return GOVREC_ERROR;
	while ((step = govrec_sql_step(x->st, s, err)) == 1) {
		govrec_buf_addf(b, "<TLCPerson eId=\"person_%lld\" href=\"/ontology/person/%lld\"",
				(long long)sqlite3_column_int64(s, 0),
				(long long)sqlite3_column_int64(s, 0));
		xml_attr(b, "", "showAs", govrec_col_text(s, 1));
		govrec_buf_adds(b, "/>\n");
	}
	if (step < 0)
		return GOVREC_ERROR;
	s = govrec_sql(x->st,
		       "SELECT DISTINCT speaker FROM passage WHERE document_id = ?1 "
		       "AND person_id IS NULL AND speaker IS NOT NULL ORDER BY speaker",
		       err);
	if (!s || govrec_sql_bind(x->st, s, err, "i", doc) != GOVREC_OK)
		return GOVREC_ERROR;
	while ((step = govrec_sql_step(x->st, s, err)) == 1) {
		speaker_eid(govrec_col_text(s, 0), eid);
		speaker_eids_add(eids, govrec_col_text(s, 0), eid);
		govrec_buf_addf(b, "<TLCPerson eId=\"%s\" href=\"/ontology/person/speaker/%s\"",
				eid, eid + 8);
		xml_attr(b, "", "showAs", govrec_col_text(s, 0));
		govrec_buf_adds(b, "/>\n");
	}
	return step < 0 ? GOVREC_ERROR : GOVREC_OK;
}

/* The transcript kinds, written as debates; the others are docs. */
static int is_debate(const char *kind)
{
	static const char *const debates[] = { "transcript", "captions", "chat", NULL };
	const char *const *k;

	for (k = debates; *k; k++)
		if (strcmp(*k, kind) == 0)
			return 1;
	return 0;
}

/* base + ms as an xsd:dateTime. */
static void add_time(struct govrec_buf *b, const char *attr, time_t base, int64_t ms)
{
	time_t t = base + (time_t)(ms / 1000);
	struct tm tm;
	char s[32];

	gmtime_r(&t, &tm);
	strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%S", &tm);
	if (ms % 1000)
		govrec_buf_addf(b, " %s=\"%s.%03dZ\"", attr, s, (int)(ms % 1000));
	else
		govrec_buf_addf(b, " %s=\"%sZ\"", attr, s);
}

/* The passages of document doc as the body of a debate or a doc. */
static enum govrec_status akn_passages(struct exp *x, struct govrec_buf *b, int64_t doc,
				       int debate, time_t base, const struct speaker_eids *eids,
				       struct govrec_error *err)
{
	sqlite3_stmt *s = govrec_sql(x->st, BUNDLE_PASSAGE_SQL, err);
	const char *pre = GOVREC_NS_PREFIX ":";
	struct govrec_buf heading = GOVREC_BUF_INIT;
	int step, open = 0, n, count = 0;

	if (!s || govrec_sql_bind(x->st, s, err, "i", doc) != GOVREC_OK)
		return GOVREC_ERROR;
	while ((step = govrec_sql_step(x->st, s, err)) == 1) {
		const char *speaker = (const char *)sqlite3_column_text(s, 2);
		const char *head = (const char *)sqlite3_column_text(s, 6);

		if (gen_flush(x, b, err) != GOVREC_OK) {
			sqlite3_reset(s);
			govrec_buf_release(&heading);
			return GOVREC_ERROR;
		}
		count++;
		n = sqlite3_column_count(s) - 1; /* the body is the text, not an attribute */
		if (debate && speaker) {
			char eid[32];

			if (sqlite3_column_type(s, 3) != SQLITE_NULL)
				snprintf(eid, sizeof(eid), "person_%lld",
					 (long long)sqlite3_column_int64(s, 3));
			else
				speaker_eid_of(eids, speaker, eid);
			govrec_buf_addf(b, "<speech by=\"#%s\"", eid);
			if (base != (time_t)-1 && sqlite3_column_type(s, 4) != SQLITE_NULL)
				add_time(b, "startTime", base, sqlite3_column_int64(s, 4));
			if (base != (time_t)-1 && sqlite3_column_type(s, 5) != SQLITE_NULL)
				add_time(b, "endTime", base, sqlite3_column_int64(s, 5));
			govrec_buf_adds(b, "><from>");
			xml_add(b, speaker, 0);
			govrec_buf_adds(b, "</from><p");
			row_attrs(b, s, pre, n);
			govrec_buf_adds(b, ">");
			xml_add(b, govrec_col_text(s, 7), 0);
			govrec_buf_adds(b, "</p></speech>\n");
			continue;
		}
		if (debate) {
			govrec_buf_adds(b, "<narrative");
			row_attrs(b, s, pre, n);
			govrec_buf_adds(b, ">");
			xml_add(b, govrec_col_text(s, 7), 0);
			govrec_buf_adds(b, "</narrative>\n");
			continue;
		}
		/* Notes: runs of passages under one heading form a section. */
		if (open && (!head || strcmp(head, heading.data) != 0)) {
			govrec_buf_adds(b, "</content></hcontainer>\n");
			open = 0;
		}
		if (head && !open) {
			govrec_buf_reset(&heading);
			govrec_buf_adds(&heading, head);
			govrec_buf_adds(b, "<hcontainer name=\"section\"><heading>");
			xml_add(b, head, 0);
			govrec_buf_adds(b, "</heading><content>\n");
			open = 1;
		}
		govrec_buf_adds(b, "<p");
		row_attrs(b, s, pre, n);
		govrec_buf_adds(b, ">");
		xml_add(b, govrec_col_text(s, 7), 0);
		govrec_buf_adds(b, "</p>\n");
	}
	if (open)
		govrec_buf_adds(b, "</content></hcontainer>\n");
	/* A doc's body cannot be empty: a document without passages gets an empty paragraph. */
	if (!debate && !count)
		govrec_buf_adds(b, "<p/>\n");
	govrec_buf_release(&heading);
	return step < 0 ? GOVREC_ERROR : GOVREC_OK;
}

/* When a meeting started, for speech times: (time_t)-1 when not known. */
static time_t meeting_start(const char *date, const char *hhmm)
{
	struct tm tm;

	if (!govrec_date_valid(date) || !govrec_time_valid(hhmm))
		return (time_t)-1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = atoi(date) - 1900;
	tm.tm_mon = atoi(date + 5) - 1;
	tm.tm_mday = atoi(date + 8);
	tm.tm_hour = atoi(hhmm);
	tm.tm_min = atoi(hhmm + 3);
	return timegm(&tm);
}

static enum govrec_status document_file(struct exp *x, int64_t id, struct govrec_error *err)
{
	sqlite3_stmt *s = govrec_sql(x->st,
				     "SELECT d.kind, d.title, coalesce(d.date, m.date, "
				     "substr(d.imported_at, 1, 10)), m.date, m.time, m.number "
				     "FROM document d LEFT JOIN meeting m ON m.id = d.meeting_id "
				     "WHERE d.id = ?1",
				     err);
	struct govrec_buf b = GOVREC_BUF_INIT;
	struct speaker_eids eids = { GOVREC_BUF_INIT, GOVREC_BUF_INIT };
	char work[48], rel[64], kind[32], key[24];
	time_t base = (time_t)-1;
	enum govrec_status rc;
	int debate, step;

	if (!s || govrec_sql_bind(x->st, s, err, "i", id) != GOVREC_OK)
		return GOVREC_ERROR;
	step = govrec_sql_step(x->st, s, err);
	if (step != 1) {
		sqlite3_reset(s);
		return step < 0 ? GOVREC_ERROR
				: govrec_error_set(err, GOVREC_ERROR, "document %lld vanished",
						   (long long)id);
	}
	snprintf(kind, sizeof(kind), "%s", govrec_col_text(s, 0));
	debate = is_debate(kind);
	snprintf(work, sizeof(work), "document-%lld", (long long)id);
	if (sqlite3_column_type(s, 4) != SQLITE_NULL)
		base = meeting_start(govrec_col_text(s, 3), govrec_col_text(s, 4));
	akn_open(x, &b, debate ? "debate" : "doc", kind, work, govrec_col_text(s, 2),
		 debate ? "meeting" : "document");
	{
		struct govrec_buf title = GOVREC_BUF_INIT;

		govrec_buf_adds(&title, govrec_col_text(s, 1));
		/* The meeting, by its FRBR work URI: the debate of meetings/. */
		if (sqlite3_column_type(s, 5) != SQLITE_NULL)
			govrec_buf_addf(&b,
					"<TLCEvent eId=\"meeting\" href=\"/akn/int/debate/%s/%s/"
					"meeting-%lld\" showAs=\"Meeting %lld\"/>\n",
					govrec_col_text(s, 3), x->slug,
					(long long)sqlite3_column_int64(s, 5),
					(long long)sqlite3_column_int64(s, 5));
		sqlite3_reset(s);
		rc = akn_speakers(x, &b, id, &eids, err);
		govrec_buf_adds(&b, "</references>\n<proprietary source=\"#govrec\">\n");
		snprintf(key, sizeof(key), "%lld", (long long)id);
		if (rc == GOVREC_OK)
			rc = write_rows(x, &b, bundle_table_find("document"), key,
					GOVREC_NS_PREFIX ":", err);
		govrec_buf_adds(&b, "</proprietary>\n</meta>\n");
		if (debate) {
			govrec_buf_addf(&b, "<debateBody>\n<debateSection name=\"%s\" "
					    "eId=\"dbsect_1\"><heading>", kind);
			xml_add(&b, title.data, 0);
			govrec_buf_adds(&b, "</heading>\n");
		} else {
			govrec_buf_adds(&b, "<mainBody>\n");
		}
		govrec_buf_release(&title);
	}
	if (rc == GOVREC_OK)
		rc = akn_passages(x, &b, id, debate, base, &eids, err);
	govrec_buf_release(&eids.text);
	govrec_buf_release(&eids.at);
	govrec_buf_addf(&b, "%s</%s>\n</akomaNtoso>\n",
			debate ? "</debateSection>\n</debateBody>\n" : "</mainBody>\n",
			debate ? "debate" : "doc");
	snprintf(rel, sizeof(rel), "data/records/documents/document-%08lld.xml", (long long)id);
	if (rc == GOVREC_OK)
		rc = payload_put(x, rel, &b, err);
	govrec_buf_release(&b);
	return rc;
}

/* The human-readable part of a meeting's debate: agenda, attendance, documents. */
static enum govrec_status meeting_body(struct exp *x, struct govrec_buf *b, int64_t id,
				       struct govrec_error *err)
{
	sqlite3_stmt *s;
	int step, n = 0;

	s = govrec_sql(x->st,
		       "SELECT seq, text FROM agenda_item WHERE meeting_id = ?1 ORDER BY seq", err);
	if (!s || govrec_sql_bind(x->st, s, err, "i", id) != GOVREC_OK)
		return GOVREC_ERROR;
	while ((step = govrec_sql_step(x->st, s, err)) == 1) {
		if (n++ == 0)
			govrec_buf_adds(
			    b, "<debateSection name=\"agenda\" eId=\"agenda\">"
			       "<heading>Agenda</heading>\n<blockList eId=\"agenda__list\">\n");
		govrec_buf_addf(b, "<item eId=\"agenda__list__item_%lld\"><p>",
				(long long)sqlite3_column_int64(s, 0));
		xml_add(b, govrec_col_text(s, 1), 0);
		govrec_buf_adds(b, "</p></item>\n");
	}
	if (step < 0)
		return GOVREC_ERROR;
	if (n)
		govrec_buf_adds(b, "</blockList>\n</debateSection>\n");
	s = govrec_sql(x->st,
		       "SELECT p.id, p.name, a.status FROM attendance a JOIN person p "
		       "ON p.id = a.person_id WHERE a.meeting_id = ?1 ORDER BY p.name, p.id",
		       err);
	if (!s || govrec_sql_bind(x->st, s, err, "i", id) != GOVREC_OK)
		return GOVREC_ERROR;
	n = 0;
	while ((step = govrec_sql_step(x->st, s, err)) == 1) {
		if (n++ == 0)
			govrec_buf_adds(
			    b, "<rollCall eId=\"attendance\"><heading>Attendance</heading>\n");
		govrec_buf_addf(b, "<p><person refersTo=\"#person_%lld\">",
				(long long)sqlite3_column_int64(s, 0));
		xml_add(b, govrec_col_text(s, 1), 0);
		govrec_buf_addf(b, "</person>: %s</p>\n", govrec_col_text(s, 2));
	}
	if (step < 0)
		return GOVREC_ERROR;
	if (n)
		govrec_buf_adds(b, "</rollCall>\n");
	s = govrec_sql(x->st,
		       "SELECT id, kind, title FROM document WHERE meeting_id = ?1 "
		       "AND id IN (SELECT id FROM temp.sel_document) ORDER BY id",
		       err);
	if (!s || govrec_sql_bind(x->st, s, err, "i", id) != GOVREC_OK)
		return GOVREC_ERROR;
	n = 0;
	while ((step = govrec_sql_step(x->st, s, err)) == 1) {
		if (n++ == 0)
			govrec_buf_adds(b, "<debateSection name=\"documents\" eId=\"documents\">"
					   "<heading>Documents</heading>\n");
		govrec_buf_addf(b, "<p><ref href=\"../documents/document-%08lld.xml\">%s: ",
				(long long)sqlite3_column_int64(s, 0), govrec_col_text(s, 1));
		xml_add(b, govrec_col_text(s, 2), 0);
		govrec_buf_adds(b, "</ref></p>\n");
	}
	if (step < 0)
		return GOVREC_ERROR;
	if (n)
		govrec_buf_adds(b, "</debateSection>\n");
	return GOVREC_OK;
}

/* TLCPerson entries for the people on a meeting's roll. */
static enum govrec_status meeting_people(struct exp *x, struct govrec_buf *b, int64_t id,
					 struct govrec_error *err)
{
	sqlite3_stmt *s = govrec_sql(x->st,
				     "SELECT p.id, p.name FROM attendance a JOIN person p "
				     "ON p.id = a.person_id WHERE a.meeting_id = ?1 ORDER BY p.id",
				     err);
	int step;

	if (!s || govrec_sql_bind(x->st, s, err, "i", id) != GOVREC_OK)
		return GOVREC_ERROR;
	while ((step = govrec_sql_step(x->st, s, err)) == 1) {
		govrec_buf_addf(b, "<TLCPerson eId=\"person_%lld\" href=\"/ontology/person/%lld\"",
				(long long)sqlite3_column_int64(s, 0),
				(long long)sqlite3_column_int64(s, 0));
		xml_attr(b, "", "showAs", govrec_col_text(s, 1));
		govrec_buf_adds(b, "/>\n");
	}
	return step < 0 ? GOVREC_ERROR : GOVREC_OK;
}

static enum govrec_status meeting_file(struct exp *x, int64_t id, struct govrec_error *err)
{
	sqlite3_stmt *s = govrec_sql(
	    x->st, "SELECT number, date, time, kind, title FROM meeting WHERE id = ?1", err);
	struct govrec_buf b = GOVREC_BUF_INIT;
	char work[32], rel[64], key[24];
	int64_t number;
	enum govrec_status rc;
	int step;

	if (!s || govrec_sql_bind(x->st, s, err, "i", id) != GOVREC_OK)
		return GOVREC_ERROR;
	step = govrec_sql_step(x->st, s, err);
	if (step != 1) {
		sqlite3_reset(s);
		return step < 0 ? GOVREC_ERROR
				: govrec_error_set(err, GOVREC_ERROR, "meeting %lld vanished",
						   (long long)id);
	}
	number = sqlite3_column_int64(s, 0);
	snprintf(work, sizeof(work), "meeting-%lld", (long long)number);
	akn_open(x, &b, "debate", "meeting", work, govrec_col_text(s, 1), "meeting");
	sqlite3_reset(s);
	rc = meeting_people(x, &b, id, err);
	if (rc != GOVREC_OK) {
		govrec_buf_release(&b);
		return rc;
	}
	govrec_buf_adds(&b, "</references>\n<proprietary source=\"#govrec\">\n");
	step = govrec_sql_step(x->st, s, err);
	if (step != 1) {
		sqlite3_reset(s);
		govrec_buf_release(&b);
		return GOVREC_ERROR;
	}
	{
		struct govrec_buf head = GOVREC_BUF_INIT;

		govrec_buf_addf(&head,
				"<debateBody>\n<debateSection name=\"meeting\" eId=\"meeting\">"
				"<heading>Meeting %lld",
				(long long)number);
		if (sqlite3_column_type(s, 4) != SQLITE_NULL) {
			govrec_buf_adds(&head, ": ");
			xml_add(&head, govrec_col_text(s, 4), 0);
		}
		govrec_buf_addf(&head, "</heading>\n<p>%s meeting on %s", govrec_col_text(s, 3),
				govrec_col_text(s, 1));
		if (sqlite3_column_type(s, 2) != SQLITE_NULL) {
			govrec_buf_adds(&head, " at ");
			xml_add(&head, govrec_col_text(s, 2), 0);
			govrec_buf_adds(&head, " UTC");
		}
		govrec_buf_adds(&head, "</p>\n</debateSection>\n");
		sqlite3_reset(s);
		snprintf(key, sizeof(key), "%lld", (long long)id);
		rc =
		    write_rows(x, &b, bundle_table_find("meeting"), key, GOVREC_NS_PREFIX ":", err);
		govrec_buf_adds(&b, "</proprietary>\n</meta>\n");
		govrec_buf_add(&b, head.data, head.len);
		govrec_buf_release(&head);
	}
	if (rc == GOVREC_OK)
		rc = meeting_body(x, &b, id, err);
	govrec_buf_adds(&b, "</debateBody>\n</debate>\n</akomaNtoso>\n");
	snprintf(rel, sizeof(rel), "data/records/meetings/meeting-%06lld.xml", (long long)number);
	if (rc == GOVREC_OK)
		rc = payload_put(x, rel, &b, err);
	govrec_buf_release(&b);
	return rc;
}

/* ---- the audit log and the originals ------------------------------------------ */

/* Appends s to f with backslash, TAB, LF and CR escaped (\\ \t \n \r). */
static void tsv_field(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '\\': fputs("\\\\", f); break;
		case '\t': fputs("\\t", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		default: fputc(*s, f);
		}
	}
}

static enum govrec_status audit_file(struct exp *x, struct govrec_error *err)
{
	sqlite3_stmt *s =
	    govrec_sql(x->st,
		       "SELECT seq, time, actor, op, record, content_sha256, prev_sha256, "
		       "sha256 FROM audit ORDER BY seq",
		       err);
	FILE *f = tmpfile();
	enum govrec_status rc = GOVREC_OK;
	int step, c;

	if (!f)
		return govrec_error_set(err, GOVREC_ERROR, "cannot create a temporary file: %s",
					strerror(errno));
	if (!s) {
		fclose(f);
		return GOVREC_ERROR;
	}
	fputs("seq\ttime\tactor\top\trecord\tcontent_sha256\tprev_sha256\tsha256\n", f);
	while ((step = govrec_sql_step(x->st, s, err)) == 1) {
		for (c = 0; c < 8; c++) {
			if (c)
				fputc('\t', f);
			tsv_field(f, sqlite3_column_type(s, c) == SQLITE_NULL ? "-"
									   : govrec_col_text(s, c));
		}
		fputc('\n', f);
	}
	if (step < 0)
		rc = GOVREC_ERROR;
	if (rc == GOVREC_OK && ferror(f))
		rc = govrec_error_set(err, GOVREC_ERROR, "cannot write a temporary file");
	if (rc == GOVREC_OK)
		rc = entry_copy(&x->out, "data/audit/audit.tsv", f, err);
	if (rc == GOVREC_OK)
		rc = payload_done(x, "data/audit/audit.tsv", err);
	fclose(f);
	return rc;
}

/*
 * The payload name of a document's original: its id, then its file name
 * with everything but letters, digits, '.', '-' and '_' replaced by '_'
 * (so no '%', CR or LF, and nothing a validator could misread).
 */
static void original_name(int64_t id, const char *file, struct govrec_buf *out)
{
	size_t n = 0;

	govrec_buf_addf(out, "data/originals/%08lld-", (long long)id);
	for (; *file && n < 80; file++, n++) {
		unsigned char c = (unsigned char)*file;
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			 (c >= '0' && c <= '9') || c == '-' || c == '_' || (c == '.' && n > 0);

		govrec_buf_addch(out, ok ? c : '_');
	}
}

/* Streams one document's original bytes from SQLite into the output. */
static enum govrec_status original_file(struct exp *x, int64_t id, const char *file,
					struct govrec_error *err)
{
	struct govrec_buf rel = GOVREC_BUF_INIT;
	sqlite3_blob *blob = NULL;
	enum govrec_status rc;
	unsigned char *buf = NULL;
	int size, off, n;

	original_name(id, file, &rel);
	if (sqlite3_blob_open(govrec_store_db(x->st), "main", "original", "bytes", id, 0, &blob) !=
	    SQLITE_OK) {
		rc = govrec_store_fail(x->st, err, "cannot read an original");
		govrec_error_prefix(err, "document %lld", (long long)id);
		goto done;
	}
	size = sqlite3_blob_bytes(blob);
	buf = malloc(CHUNK);
	if (!buf) {
		rc = govrec_error_oom(err);
		goto done;
	}
	rc = entry_begin(&x->out, rel.data, (uint64_t)size, err);
	for (off = 0; rc == GOVREC_OK && off < size; off += n) {
		n = size - off < CHUNK ? size - off : CHUNK;
		if (sqlite3_blob_read(blob, buf, n, off) != SQLITE_OK) {
			rc = govrec_store_fail(x->st, err, "cannot read an original");
			break;
		}
		rc = entry_write(&x->out, buf, (size_t)n, err);
	}
	if (rc == GOVREC_OK)
		rc = entry_end(&x->out, err);
	if (rc == GOVREC_OK)
		rc = payload_done(x, rel.data, err);
done:
	free(buf);
	sqlite3_blob_close(blob);
	govrec_buf_release(&rel);
	return rc;
}

/* ---- the selection ---------------------------------------------------------- */

/*
 * Parameters: ?1 meeting number (0: none), ?2 proposal reference (NULL:
 * none), ?3 since, ?4 until (NULL: open).  A meeting or proposal named
 * narrows the bundle to it; dates narrow further.  People, the metric
 * catalog, the committee and saved searches always travel.
 */
static const char *const selection_sql[] = {
	"CREATE TEMP TABLE IF NOT EXISTS sel_meeting (id INTEGER PRIMARY KEY)",
	"CREATE TEMP TABLE IF NOT EXISTS sel_document (id INTEGER PRIMARY KEY)",
	"CREATE TEMP TABLE IF NOT EXISTS sel_proposal (id INTEGER PRIMARY KEY)",
	"CREATE TEMP TABLE IF NOT EXISTS sel_action (id INTEGER PRIMARY KEY)",
	"CREATE TEMP TABLE IF NOT EXISTS sel_decision (id INTEGER PRIMARY KEY)",
	"CREATE TEMP TABLE IF NOT EXISTS sel_link (id INTEGER PRIMARY KEY)",
	"DELETE FROM temp.sel_meeting",
	"DELETE FROM temp.sel_document",
	"DELETE FROM temp.sel_proposal",
	"DELETE FROM temp.sel_action",
	"DELETE FROM temp.sel_decision",
	"DELETE FROM temp.sel_link",
	"INSERT INTO temp.sel_meeting SELECT id FROM main.meeting "
	"WHERE ((?1 = 0 AND ?2 IS NULL) OR number = ?1) "
	"AND (?3 IS NULL OR date >= ?3) AND (?4 IS NULL OR date <= ?4)",
	"INSERT INTO temp.sel_proposal SELECT p.id FROM main.proposal p "
	"WHERE ((?1 = 0 AND ?2 IS NULL) OR p.ref = ?2 OR (?1 <> 0 AND EXISTS (SELECT 1 "
	"  FROM main.proposal_event e JOIN main.meeting m ON m.id = e.meeting_id "
	"  WHERE e.proposal_id = p.id AND m.number = ?1))) "
	"AND ((?3 IS NULL AND ?4 IS NULL) OR EXISTS (SELECT 1 FROM (SELECT p.date AS d "
	"  UNION ALL SELECT date FROM main.proposal_event WHERE proposal_id = p.id) "
	"  WHERE (?3 IS NULL OR d >= ?3) AND (?4 IS NULL OR d <= ?4)))",
	"INSERT INTO temp.sel_document SELECT id FROM main.document d "
	"WHERE meeting_id IN (SELECT id FROM temp.sel_meeting) "
	"OR (meeting_id IS NULL AND ?1 = 0 AND ?2 IS NULL "
	"  AND (?3 IS NULL OR coalesce(date, substr(imported_at, 1, 10)) >= ?3) "
	"  AND (?4 IS NULL OR coalesce(date, substr(imported_at, 1, 10)) <= ?4)) "
	"OR id IN (SELECT document_id FROM main.proposal WHERE id IN (SELECT id FROM "
	"  temp.sel_proposal)) "
	"OR id IN (SELECT document_id FROM main.proposal_event WHERE proposal_id IN (SELECT id "
	"  FROM temp.sel_proposal))",
	"INSERT INTO temp.sel_action SELECT id FROM main.action_item "
	"WHERE meeting_id IN (SELECT id FROM temp.sel_meeting) "
	"OR closed_meeting_id IN (SELECT id FROM temp.sel_meeting) "
	"OR (meeting_id IS NULL AND ?1 = 0 AND ?2 IS NULL AND ?3 IS NULL AND ?4 IS NULL)",
	"INSERT INTO temp.sel_decision SELECT id FROM main.decision "
	"WHERE meeting_id IN (SELECT id FROM temp.sel_meeting) "
	"OR (meeting_id IS NULL AND ?1 = 0 AND ?2 IS NULL "
	"  AND ((?3 IS NULL AND ?4 IS NULL) OR (date IS NOT NULL "
	"  AND (?3 IS NULL OR date >= ?3) AND (?4 IS NULL OR date <= ?4))))",
	"INSERT INTO temp.sel_link SELECT l.id FROM main.link l "
	"WHERE (?1 = 0 AND ?2 IS NULL AND ?3 IS NULL AND ?4 IS NULL) "
	"OR EXISTS (SELECT 1 FROM (SELECT l.from_kind AS k, l.from_id AS v "
	"  UNION ALL SELECT l.to_kind, l.to_id) "
	"  WHERE (k = 'meeting' AND v IN (SELECT CAST(number AS TEXT) FROM main.meeting "
	"    WHERE id IN (SELECT id FROM temp.sel_meeting))) "
	"  OR (k = 'document' AND v IN (SELECT CAST(id AS TEXT) FROM temp.sel_document)) "
	"  OR (k = 'proposal' AND v IN (SELECT ref FROM main.proposal "
	"    WHERE id IN (SELECT id FROM temp.sel_proposal))))",
	NULL
};

static int selection_is_all(const struct govrec_export_selection *sel)
{
	return !sel->meeting && !sel->proposal && !sel->since && !sel->until;
}

static enum govrec_status select_records(struct exp *x, struct govrec_error *err)
{
	const struct govrec_export_selection *sel = &x->opt->sel;
	const char *const *q;
	enum govrec_status rc = GOVREC_OK;
	int64_t n;

	if (sel->since && (rc = govrec_date_check(sel->since, "--since", err)) != GOVREC_OK)
		return rc;
	if (sel->until && (rc = govrec_date_check(sel->until, "--until", err)) != GOVREC_OK)
		return rc;
	if (sel->since && sel->until && strcmp(sel->since, sel->until) > 0)
		return govrec_error_set(err, GOVREC_INVALID, "--since %s is after --until %s",
					sel->since, sel->until);
	if (sel->meeting) {
		rc = govrec_sql_int(x->st, err, &n, "SELECT id FROM meeting WHERE number = ?1", "i",
				    sel->meeting);
		if (rc == GOVREC_NOTFOUND)
			return govrec_error_set(err, GOVREC_NOTFOUND, "no meeting %lld",
						(long long)sel->meeting);
		if (rc != GOVREC_OK)
			return rc;
	}
	if (sel->proposal) {
		rc = govrec_sql_int(x->st, err, &n, "SELECT id FROM proposal WHERE ref = ?1", "t",
				    sel->proposal);
		if (rc == GOVREC_NOTFOUND) {
			struct govrec_buf b = GOVREC_BUF_INIT;

			govrec_buf_add_safe(&b, sel->proposal, 60);
			govrec_error_set(err, GOVREC_NOTFOUND, "no proposal '%s'", b.data);
			govrec_buf_release(&b);
			return GOVREC_NOTFOUND;
		}
		if (rc != GOVREC_OK)
			return rc;
	}
	for (q = selection_sql; rc == GOVREC_OK && *q; q++) {
		sqlite3_stmt *s = govrec_sql(x->st, *q, err);

		if (!s)
			return GOVREC_ERROR;
		if (sqlite3_bind_parameter_count(s) > 0)
			rc = govrec_sql_bind(x->st, s, err, "ittt", sel->meeting, sel->proposal,
					     sel->since, sel->until);
		if (rc == GOVREC_OK && govrec_sql_step(x->st, s, err) < 0)
			rc = GOVREC_ERROR;
	}
	/* The selection in words: bag-info.txt says it, and it is part of the bundle id. */
	if (selection_is_all(sel))
		govrec_buf_adds(&x->sel, "all records");
	if (sel->meeting)
		govrec_buf_addf(&x->sel, "meeting %lld", (long long)sel->meeting);
	if (sel->proposal) {
		govrec_buf_adds(&x->sel, x->sel.len ? ", proposal " : "proposal ");
		govrec_buf_add_safe(&x->sel, sel->proposal, 60);
	}
	if (sel->since)
		govrec_buf_addf(&x->sel, "%ssince %s", x->sel.len ? ", " : "", sel->since);
	if (sel->until)
		govrec_buf_addf(&x->sel, "%suntil %s", x->sel.len ? ", " : "", sel->until);
	return rc;
}

/* ---- the bag ----------------------------------------------------------------- */

static void human_size(uint64_t n, char out[32])
{
	static const char *const units[] = { "KB", "MB", "GB", "TB" };
	double v = (double)n;
	int u = -1;

	if (n < 1024) {
		snprintf(out, 32, "%llu bytes", (unsigned long long)n);
		return;
	}
	while (v >= 1024 && u < 3) {
		v /= 1024;
		u++;
	}
	snprintf(out, 32, "%.1f %s", v, units[u]);
}

/* bag-info.txt values are one line: CR and LF become spaces. */
static void info_line(struct govrec_buf *b, const char *label, const char *value)
{
	govrec_buf_addf(b, "%s: ", label);
	for (; *value; value++)
		govrec_buf_addch(b, *value == '\n' || *value == '\r' ? ' ' : *value);
	govrec_buf_addch(b, '\n');
}

static enum govrec_status bag_info(struct exp *x, struct govrec_buf *b)
{
	char size[32], num[64];
	struct govrec_buf desc = GOVREC_BUF_INIT;

	govrec_buf_addf(&desc, "govrec archive of the %s (%s): %s", x->committee.name,
			x->committee.short_name, x->sel.data);
	info_line(b, "Source-Organization", x->committee.name);
	info_line(b, "External-Description", desc.data);
	info_line(b, "Bagging-Date", x->date);
	info_line(b, "External-Identifier", x->r->id);
	info_line(b, "Bag-Software-Agent", "govrec " GOVREC_VERSION);
	snprintf(num, sizeof(num), "%llu.%llu", (unsigned long long)x->r->bytes,
		 (unsigned long long)x->r->files);
	info_line(b, "Payload-Oxum", num);
	human_size(x->r->bytes, size);
	info_line(b, "Bag-Size", size);
	snprintf(num, sizeof(num), "%lld", (long long)x->audit_seq);
	info_line(b, "Govrec-Audit-Seq", num);
	info_line(b, "Govrec-Audit-Time", x->time);
	info_line(b, "Govrec-Audit-Sha256", x->audit_hash);
	/*
	 * A full bundle holds every record its audit log names, so restore can
	 * take the log over and check it; a selection cannot (govrec-bundle(5)).
	 */
	info_line(b, "Govrec-Bundle-Scope", selection_is_all(&x->opt->sel) ? "full" : "partial");
	snprintf(num, sizeof(num), "%d", govrec_schema_version());
	info_line(b, "Govrec-Schema-Version", num);
	govrec_buf_release(&desc);
	return GOVREC_OK;
}

/* The tag files, after the payload; the tag manifest, then its signature. */
static enum govrec_status tag_files(struct exp *x, const char *bagit512,
				    struct govrec_error *err)
{
	struct govrec_buf info = GOVREC_BUF_INIT, tag = GOVREC_BUF_INIT, sig = GOVREC_BUF_INIT;
	char info512[129], m256[129], m512[129];
	enum govrec_status rc;

	bag_info(x, &info);
	rc = entry_put(&x->out, "bag-info.txt", info.data, info.len, err);
	memcpy(info512, x->out.hex512, sizeof(info512));
	if (rc == GOVREC_OK)
		rc = entry_copy(&x->out, "manifest-sha256.txt", x->m256, err);
	memcpy(m256, x->out.hex512, sizeof(m256));
	if (rc == GOVREC_OK)
		rc = entry_copy(&x->out, "manifest-sha512.txt", x->m512, err);
	memcpy(m512, x->out.hex512, sizeof(m512));
	govrec_buf_addf(&tag, "%s  bag-info.txt\n%s  bagit.txt\n%s  manifest-sha256.txt\n"
			      "%s  manifest-sha512.txt\n",
			info512, bagit512, m256, m512);
	if (rc == GOVREC_OK)
		rc = entry_put(&x->out, "tagmanifest-sha512.txt", tag.data, tag.len, err);
	if (rc == GOVREC_OK && x->opt->key) {
		struct govrec_buf trusted = GOVREC_BUF_INIT;

		govrec_buf_addf(&trusted, "govrec bundle %s archive %s time %s audit-seq %lld",
				x->r->id, x->committee.short_name, x->time,
				(long long)x->audit_seq);
		/* The trusted comment is printable text: no control characters. */
		for (size_t i = 0; i < trusted.len; i++)
			if ((unsigned char)trusted.data[i] < 0x20)
				trusted.data[i] = ' ';
		rc = govrec_sign(x->opt->key, tag.data, tag.len, "signature from govrec secret key",
				 trusted.data, &sig, err);
		govrec_buf_release(&trusted);
		if (rc == GOVREC_OK)
			rc = entry_put(&x->out, "tagmanifest-sha512.txt.minisig", sig.data, sig.len,
				       err);
		if (rc == GOVREC_OK)
			x->r->signed_ = 1;
	}
	govrec_buf_release(&info);
	govrec_buf_release(&tag);
	govrec_buf_release(&sig);
	return rc;
}

/* The selected ids of one kind, each handed to fn. */
static enum govrec_status each_selected(struct exp *x, const char *sql,
					enum govrec_status (*fn)(struct exp *, int64_t,
								 struct govrec_error *),
					uint64_t *count, struct govrec_error *err)
{
	sqlite3_stmt *s = govrec_sql(x->st, sql, err);
	enum govrec_status rc = GOVREC_OK;
	int64_t *ids = NULL;
	size_t n = 0, cap = 0, i;
	int step;

	/*
	 * Ids first, then the files: the per-record queries reuse cached
	 * statements.  An id list is small next to the records themselves.
	 */
	if (!s)
		return GOVREC_ERROR;
	while ((step = govrec_sql_step(x->st, s, err)) == 1) {
		if (n == cap) {
			int64_t *m = realloc(ids, (cap = cap ? cap * 2 : 256) * sizeof(*m));

			if (!m) {
				sqlite3_reset(s);
				free(ids);
				return govrec_error_oom(err);
			}
			ids = m;
		}
		ids[n++] = sqlite3_column_int64(s, 0);
	}
	if (step < 0)
		rc = GOVREC_ERROR;
	for (i = 0; rc == GOVREC_OK && i < n; i++)
		rc = fn(x, ids[i], err);
	if (count)
		*count += n;
	free(ids);
	return rc;
}

/*
 * The name an original travels under: its file name, or, for a document
 * that came from no file (a rationale typed on standard input, a proposal
 * event's note), its kind and date with the extension its media type has:
 * "proposal-2019-08-20.txt" says more than "original".
 */
static char *travel_name(sqlite3_stmt *s)
{
	static const struct {
		const char *type, *ext;
	} exts[] = {
		{ "text/plain", ".txt" },     { "text/markdown", ".md" }, { "text/html", ".html" },
		{ "text/vtt", ".vtt" },       { "application/x-subrip", ".srt" },
		{ "message/rfc822", ".eml" }, { "application/mbox", ".mbox" },
		{ "application/pdf", ".pdf" },
	};
	struct govrec_buf b = GOVREC_BUF_INIT;
	const char *type = govrec_col_text(s, 3);
	size_t i;

	if (*govrec_col_text(s, 0)) {
		govrec_buf_adds(&b, govrec_col_text(s, 0));
		return govrec_buf_detach(&b, NULL);
	}
	govrec_buf_addf(&b, "%s-%s", govrec_col_text(s, 1), govrec_col_text(s, 2));
	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++)
		if (strncmp(type, exts[i].type, strlen(exts[i].type)) == 0)
			govrec_buf_adds(&b, exts[i].ext);
	return govrec_buf_detach(&b, NULL);
}

static enum govrec_status original_of(struct exp *x, int64_t id, struct govrec_error *err)
{
	sqlite3_stmt *s = govrec_sql(x->st,
				     "SELECT coalesce(file_name, ''), kind, "
				     "coalesce(date, substr(imported_at, 1, 10)), "
				     "coalesce(media_type, '') FROM document WHERE id = ?1",
				     err);
	char *name;
	enum govrec_status rc;

	if (!s || govrec_sql_bind(x->st, s, err, "i", id) != GOVREC_OK)
		return GOVREC_ERROR;
	if (govrec_sql_step(x->st, s, err) != 1)
		return GOVREC_ERROR;
	name = travel_name(s);
	sqlite3_reset(s);
	rc = original_file(x, id, name, err);
	free(name);
	return rc;
}

static enum govrec_status proposal_file(struct exp *x, int64_t id, struct govrec_error *err)
{
	static const char *const tables[] = { "proposal", NULL };
	char rel[64], key[24];

	snprintf(rel, sizeof(rel), "data/records/proposals/proposal-%08lld.xml", (long long)id);
	snprintf(key, sizeof(key), "%lld", (long long)id);
	return records_file(x, rel, "proposal", tables, key, err);
}

static enum govrec_status list_file(struct exp *x, const char *rel, const char *kind,
				    const char *table, struct govrec_error *err)
{
	const char *tables[2];

	tables[0] = table;
	tables[1] = NULL;
	return records_file(x, rel, kind, tables, NULL, err);
}

static enum govrec_status payload(struct exp *x, struct govrec_error *err)
{
	enum govrec_status rc;

	rc = audit_file(x, err);
	if (rc == GOVREC_OK)
		rc = each_selected(x, "SELECT id FROM temp.sel_document ORDER BY id", original_of,
				   NULL, err);
	if (rc == GOVREC_OK)
		rc = list_file(x, "data/records/actions.xml", "actions", "action_item", err);
	if (rc == GOVREC_OK)
		rc = list_file(x, "data/records/committee.xml", "committee", "committee", err);
	if (rc == GOVREC_OK)
		rc = list_file(x, "data/records/decisions.xml", "decisions", "decision", err);
	if (rc == GOVREC_OK)
		rc = each_selected(x, "SELECT id FROM temp.sel_document ORDER BY id", document_file,
				   &x->r->documents, err);
	if (rc == GOVREC_OK)
		rc = list_file(x, "data/records/links.xml", "links", "link", err);
	if (rc == GOVREC_OK)
		rc = each_selected(x,
				   "SELECT m.id FROM main.meeting m JOIN temp.sel_meeting s "
				   "ON s.id = m.id ORDER BY m.number",
				   meeting_file, &x->r->meetings, err);
	if (rc == GOVREC_OK)
		rc = list_file(x, "data/records/metrics.xml", "metrics", "metric", err);
	if (rc == GOVREC_OK)
		rc = list_file(x, "data/records/people.xml", "people", "person", err);
	if (rc == GOVREC_OK)
		rc = each_selected(x, "SELECT id FROM temp.sel_proposal ORDER BY id", proposal_file,
				   &x->r->proposals, err);
	if (rc == GOVREC_OK)
		rc = list_file(x, "data/records/searches.xml", "searches", "saved_search", err);
	return rc;
}

/* The archive's latest audit entry: the bundle's time and part of its id. */
static enum govrec_status latest_audit(struct exp *x, struct govrec_error *err)
{
	sqlite3_stmt *s =
	    govrec_sql(x->st, "SELECT seq, time, sha256 FROM audit ORDER BY seq DESC LIMIT 1", err);
	struct tm tm;
	int step;

	if (!s)
		return GOVREC_ERROR;
	step = govrec_sql_step(x->st, s, err);
	if (step == 1) {
		x->audit_seq = sqlite3_column_int64(s, 0);
		snprintf(x->time, sizeof(x->time), "%s", govrec_col_text(s, 1));
		snprintf(x->audit_hash, sizeof(x->audit_hash), "%s", govrec_col_text(s, 2));
	}
	sqlite3_reset(s);
	if (step < 0)
		return GOVREC_ERROR;
	if (step == 0)
		return govrec_error_set(err, GOVREC_INVALID, "the archive has no audit log to date "
							     "a bundle by");
	memset(&tm, 0, sizeof(tm));
	if (sscanf(x->time, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		   &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return govrec_error_set(err, GOVREC_INVALID,
					"the latest audit entry's time '%.40s' is malformed",
					x->time);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	x->out.mtime = timegm(&tm);
	snprintf(x->date, sizeof(x->date), "%.10s", x->time);
	return GOVREC_OK;
}

enum govrec_status govrec_export(struct govrec_store *st, const struct govrec_export_options *o,
				 struct govrec_export_result *r, struct govrec_error *err)
{
	static const char bagit[] = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";
	struct exp x;
	struct stat sb;
	struct govrec_buf idsrc = GOVREC_BUF_INIT, final = GOVREC_BUF_INIT;
	char hex[65], bagit512[129];
	enum govrec_status rc;
	size_t i;

	memset(&x, 0, sizeof(x));
	memset(r, 0, sizeof(*r));
	x.st = st;
	x.opt = o;
	x.r = r;
	x.out.fd = -1;
	govrec_buf_init(&x.sel);
	govrec_buf_init(&x.out.path);
	/* "out/" names the directory "out". */
	govrec_buf_adds(&final, o->out);
	while (final.len > 1 && final.data[final.len - 1] == '/')
		govrec_buf_setlen(&final, final.len - 1);
	x.out.final = final.data;
	x.out.format = o->format == GOVREC_BUNDLE_AUTO ? govrec_bundle_format_of_path(final.data)
						       : o->format;
	if (lstat(final.data, &sb) == 0) {
		rc = govrec_error_set(err, GOVREC_REFUSED, "'%s' exists; export never overwrites",
				      final.data);
		govrec_buf_release(&final);
		return rc;
	}
	rc = govrec_committee_get(st, &x.committee, err);
	if (rc != GOVREC_OK) {
		govrec_buf_release(&final);
		return rc;
	}
	for (i = 0; x.committee.short_name[i] && i + 1 < sizeof(x.slug); i++) {
		char c = x.committee.short_name[i];

		x.slug[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a')
			    : ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) ? c
										 : '-';
	}
	x.slug[i] = '\0';
	/* One read transaction: the bundle is one consistent state of the archive. */
	rc = govrec_sql_exec(st, err, "BEGIN", NULL);
	if (rc != GOVREC_OK)
		return rc;
	rc = latest_audit(&x, err);
	if (rc == GOVREC_OK)
		rc = select_records(&x, err);
	if (rc != GOVREC_OK)
		goto done;
	govrec_buf_addf(&idsrc, "govrec bundle\n%s\n%s", x.audit_hash, x.sel.data);
	govrec_sha256_hex(idsrc.data, idsrc.len, hex);
	snprintf(r->id, sizeof(r->id), "govrec-%.16s", hex);
	snprintf(r->time, sizeof(r->time), "%s", x.time);
	x.out.base = r->id;
	x.m256 = tmpfile();
	x.m512 = tmpfile();
	if (!x.m256 || !x.m512) {
		rc = govrec_error_set(err, GOVREC_ERROR, "cannot create a temporary file: %s",
				      strerror(errno));
		goto done;
	}
	rc = out_open(&x.out, err);
	if (rc == GOVREC_OK)
		rc = entry_put(&x.out, "bagit.txt", bagit, sizeof(bagit) - 1, err);
	memcpy(bagit512, x.out.hex512, sizeof(bagit512));
	if (rc == GOVREC_OK)
		rc = payload(&x, err);
	if (rc == GOVREC_OK)
		rc = tag_files(&x, bagit512, err);
	if (rc == GOVREC_OK)
		rc = out_close(&x.out, err);
done:
	out_abort(&x.out);
	if (x.spool)
		fclose(x.spool);
	if (x.m256)
		fclose(x.m256);
	if (x.m512)
		fclose(x.m512);
	govrec_sql_exec(st, NULL, "COMMIT", NULL);
	govrec_buf_release(&x.sel);
	govrec_buf_release(&idsrc);
	govrec_buf_release(&final);
	return rc;
}
