/*
 * bagit-each.c - reading a verified bag once more, for restore.
 *
 * govrec_bag_check has left the list of files the verified manifests name
 * (the listed table of the bag's database: path, size, the strongest
 * checksum), looked up there as the files come.  govrec_bag_each
 * reads the same open file again (an archive from its start; a directory
 * through its descriptor, each path opened a component at a time with
 * O_NOFOLLOW) and gives the caller only those files, hashing every byte on
 * its way.  Bytes that changed since the check, a listed file gone or met
 * twice, stop the walk with GOVREC_REFUSED: the caller treats what it did
 * with them as provisional until the walk returns GOVREC_OK.
 */
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

typedef enum govrec_status (*each_fn)(const struct govrec_bag_file *f, void *ctx,
                                      struct govrec_error *err);

/* The listed file rel into b->cur: 1, 0 when it is not listed; *seen if given already. */
static int find_listed(struct govrec_bag *b, const char *rel, int *seen)
{
	sqlite3_stmt *st = bag_sql(&b->db, Q_LISTED_GET);
	struct bag_listed *l = &b->cur;

	if (!st)
		return 0;
	sqlite3_bind_text(st, 1, rel, -1, SQLITE_STATIC);
	if (!bag_sql_row(&b->db, st))
		return 0;
	govrec_buf_reset(&l->rel);
	govrec_buf_adds(&l->rel, rel);
	l->size = (uint64_t)sqlite3_column_int64(st, 0);
	l->payload = sqlite3_column_int(st, 1);
	l->alg = (enum alg_id)sqlite3_column_int(st, 2);
	memset(l->digest, 0, sizeof(l->digest));
	if (sqlite3_column_bytes(st, 3) == (int)bag_algs[l->alg].len)
		memcpy(l->digest, sqlite3_column_blob(st, 3), bag_algs[l->alg].len);
	*seen = sqlite3_column_int(st, 4);
	sqlite3_reset(st);
	return 1;
}

static void mark_seen(struct govrec_bag *b)
{
	sqlite3_stmt *st = bag_sql(&b->db, Q_LISTED_SEEN);

	if (!st)
		return;
	sqlite3_bind_text(st, 1, b->cur.rel.data, -1, SQLITE_STATIC);
	bag_sql_done(&b->db, st);
}

long long govrec_bag_read(struct govrec_bag *b, void *buf, size_t n)
{
	long long got;

	if (!b->giving || b->read_failed)
		return -1;
	if (b->archive) {
		got = archive_read_data(b->archive, buf, n);
	} else {
		do
			got = read(b->cur_fd, buf, n);
		while (got < 0 && errno == EINTR);
	}
	if (got < 0) {
		b->read_failed = 1;
		return -1;
	}
	bag_hash_update(&b->hs, b->cur.alg, buf, (size_t)got);
	b->got += (uint64_t)got;
	return got;
}

/* Gives the file rel (its reader set up) to fn, drains it and checks its checksum. */
static enum govrec_status give(struct govrec_bag *b, const char *rel, each_fn fn, void *ctx,
                               struct govrec_error *err)
{
	struct bag_listed *l = &b->cur;
	struct govrec_bag_file f;
	unsigned char digest[64], sink[BAG_CHUNK / 4];
	long long n;
	int rc, seen;

	if (!find_listed(b, rel, &seen))
		return b->db.failed ? govrec_error_set(err, GOVREC_ERROR,
		                                       "cannot read the file list of '%s': %s",
		                                       b->path, b->db.msg)
		                    : GOVREC_OK; /* not listed: never given */
	if (seen)
		return govrec_error_set(err, GOVREC_REFUSED,
		                        "'%s' appears twice in '%s' on reading it again", rel,
		                        b->path);
	mark_seen(b);
	f.rel = l->rel.data;
	f.size = l->size;
	f.payload = l->payload;
	b->giving = 1;
	b->got = 0;
	b->read_failed = 0;
	bag_hash_init(&b->hs, l->alg);
	rc = fn(&f, ctx, err);
	while (rc == GOVREC_OK && (n = govrec_bag_read(b, sink, sizeof(sink))) > 0)
		;
	b->giving = 0;
	if (rc != GOVREC_OK)
		return rc;
	if (b->read_failed)
		return govrec_error_set(err, GOVREC_REFUSED,
		                        "'%s' in '%s' cannot be read again after it was verified",
		                        l->rel.data, b->path);
	bag_hash_final(&b->hs, l->alg, digest);
	if (b->got != l->size || sodium_memcmp(digest, l->digest, bag_algs[l->alg].len) != 0)
		return govrec_error_set(err, GOVREC_REFUSED,
		                        "'%s' in '%s' changed after it was verified", l->rel.data,
		                        b->path);
	return GOVREC_OK;
}

static enum govrec_status each_archive(struct govrec_bag *b, each_fn fn, void *ctx,
                                       struct govrec_error *err)
{
	struct archive *a = bag_archive_open(b);
	struct archive_entry *e;
	size_t baselen = strlen(b->base);
	int r, rc = GOVREC_OK;

	if (!a)
		return govrec_error_set(err, GOVREC_REFUSED,
		                        "'%s' cannot be read again as an archive", b->path);
	b->archive = a;
	while (rc == GOVREC_OK &&
	       ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK || r == ARCHIVE_WARN)) {
		const char *raw = archive_entry_pathname(e), *why;
		char *name;

		if (!raw || archive_entry_hardlink(e) || archive_entry_filetype(e) != AE_IFREG)
			continue;
		name = bag_clean_name(raw, &why);
		if (!name)
			continue;
		if (strncmp(name, b->base, baselen) == 0)
			rc = give(b, name + baselen, fn, ctx, err);
		free(name);
	}
	if (rc == GOVREC_OK && r != ARCHIVE_EOF)
		rc = govrec_error_set(
		    err, GOVREC_REFUSED, "'%s' cannot be read again after it was verified: %s",
		    b->path, archive_error_string(a) ? archive_error_string(a) : "error");
	b->archive = NULL;
	archive_read_free(a);
	return rc;
}

/* Opens rel under directory fd dfd, one component at a time, following no link. */
static int open_beneath(int dfd, const char *rel)
{
	char *copy = strdup(rel), *p, *slash;
	int fd = dfd, next;

	if (!copy)
		return -1;
	for (p = copy; (slash = strchr(p, '/')) != NULL; p = slash + 1) {
		*slash = '\0';
		next = openat(fd, p, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd != dfd)
			close(fd);
		if (next < 0) {
			free(copy);
			return -1;
		}
		fd = next;
	}
	next = openat(fd, p, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd != dfd)
		close(fd);
	free(copy);
	return next;
}

/* The listed file after rowid *at, in b->cur.rel: 1, or 0 at the end. */
static int next_listed(struct govrec_bag *b, int64_t *at)
{
	sqlite3_stmt *st = bag_sql(&b->db, Q_LISTED_NEXT);

	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, *at);
	if (!bag_sql_row(&b->db, st))
		return 0;
	*at = sqlite3_column_int64(st, 0);
	govrec_buf_reset(&b->cur.rel);
	govrec_buf_adds(&b->cur.rel, (const char *)sqlite3_column_text(st, 1));
	sqlite3_reset(st);
	return 1;
}

static enum govrec_status each_directory(struct govrec_bag *b, each_fn fn, void *ctx,
                                         struct govrec_error *err)
{
	struct govrec_buf path = GOVREC_BUF_INIT, rel = GOVREC_BUF_INIT;
	int64_t at = 0;
	int rc = GOVREC_OK;

	while (rc == GOVREC_OK && next_listed(b, &at)) {
		struct stat st;

		govrec_buf_reset(&rel);
		govrec_buf_adds(&rel, b->cur.rel.data);
		govrec_buf_reset(&path);
		govrec_buf_addf(&path, "%s%s", b->base, rel.data);
		b->cur_fd = open_beneath(b->fd, path.data);
		if (b->cur_fd < 0 || fstat(b->cur_fd, &st) != 0 || !S_ISREG(st.st_mode)) {
			rc =
			    govrec_error_set(err, GOVREC_REFUSED,
			                     "'%s' in '%s' is no longer a regular file it can read",
			                     rel.data, b->path);
		} else {
			(void)fcntl(b->cur_fd, F_SETFL, fcntl(b->cur_fd, F_GETFL) & ~O_NONBLOCK);
			rc = give(b, rel.data, fn, ctx, err);
		}
		if (b->cur_fd >= 0)
			close(b->cur_fd);
		b->cur_fd = -1;
	}
	govrec_buf_release(&path);
	govrec_buf_release(&rel);
	return rc;
}

enum govrec_status govrec_bag_each(struct govrec_bag *b, each_fn fn, void *ctx,
                                   struct govrec_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (!b->checked)
		return govrec_error_set(err, GOVREC_ERROR,
		                        "'%s' has not been verified: it cannot be read", b->path);
	/*
	 * What may be given: each file present that a payload manifest (under
	 * data/) or a tag manifest lists - in a signed bag, only the signed one
	 * - with the strongest checksum listed for it.  Built here, not by the
	 * check: verify alone never needs it.
	 */
	if (!b->listed && (st = bag_sql(&b->db, Q_LISTED_BUILD))) {
		sqlite3_bind_int(st, 1, b->signed_only);
		b->listed = bag_sql_done(&b->db, st);
	}
	if ((st = bag_sql(&b->db, Q_LISTED_RESET)))
		bag_sql_done(&b->db, st);
	rc = b->is_dir ? each_directory(b, fn, ctx, err) : each_archive(b, fn, ctx, err);
	if (rc == GOVREC_OK && (st = bag_sql(&b->db, Q_LISTED_UNSEEN)) && bag_sql_row(&b->db, st)) {
		rc = govrec_error_set(err, GOVREC_REFUSED,
		                      "'%s' in '%s' is gone on reading it again",
		                      (const char *)sqlite3_column_text(st, 0), b->path);
		sqlite3_reset(st);
	}
	if (rc == GOVREC_OK && b->db.failed)
		rc = govrec_error_set(err, GOVREC_ERROR, "cannot read the file list of '%s': %s",
		                      b->path, b->db.msg);
	return rc;
}
