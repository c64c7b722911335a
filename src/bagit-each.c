/*
 * bagit-each.c - reading a verified bag once more, for restore.
 *
 * govrec_bag_check has left the list of files the verified manifests name
 * (struct bag_listed: path, size, the strongest checksum).  govrec_bag_each
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

#include "bagit-int.h"
#include "lazy.h"

typedef enum govrec_status (*each_fn)(const struct govrec_bag_file *f, void *ctx,
                                      struct govrec_error *err);

static struct bag_listed *find_listed(struct govrec_bag *b, const char *rel)
{
	size_t lo = 0, hi = b->nlisted;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(b->listed[mid].rel, rel);

		if (c == 0)
			return &b->listed[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

long long govrec_bag_read(struct govrec_bag *b, void *buf, size_t n)
{
	long long got;

	if (!b->cur || b->read_failed)
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
	bag_hash_update(&b->hs, b->cur->alg, buf, (size_t)got);
	b->got += (uint64_t)got;
	return got;
}

/* Gives the file l (its reader set up) to fn, drains it and checks its checksum. */
static enum govrec_status give(struct govrec_bag *b, struct bag_listed *l, each_fn fn, void *ctx,
                               struct govrec_error *err)
{
	struct govrec_bag_file f = {l->rel, l->size, l->payload};
	unsigned char digest[64], sink[BAG_CHUNK / 4];
	long long n;
	int rc;

	if (l->seen)
		return govrec_error_set(err, GOVREC_REFUSED,
		                        "'%s' appears twice in '%s' on reading it again", l->rel,
		                        b->path);
	l->seen = 1;
	b->cur = l;
	b->got = 0;
	b->read_failed = 0;
	bag_hash_init(&b->hs, l->alg);
	rc = fn(&f, ctx, err);
	while (rc == GOVREC_OK && (n = govrec_bag_read(b, sink, sizeof(sink))) > 0)
		;
	b->cur = NULL;
	if (rc != GOVREC_OK)
		return rc;
	if (b->read_failed)
		return govrec_error_set(err, GOVREC_REFUSED,
		                        "'%s' in '%s' cannot be read again after it was verified",
		                        l->rel, b->path);
	bag_hash_final(&b->hs, l->alg, digest);
	if (b->got != l->size || sodium_memcmp(digest, l->digest, bag_algs[l->alg].len) != 0)
		return govrec_error_set(err, GOVREC_REFUSED,
		                        "'%s' in '%s' changed after it was verified", l->rel,
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
		struct bag_listed *l;
		char *name;

		if (!raw || archive_entry_hardlink(e) || archive_entry_filetype(e) != AE_IFREG)
			continue;
		name = bag_clean_name(raw, &why);
		if (!name)
			continue;
		l = strncmp(name, b->base, baselen) == 0 ? find_listed(b, name + baselen) : NULL;
		if (l)
			rc = give(b, l, fn, ctx, err);
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

static enum govrec_status each_directory(struct govrec_bag *b, each_fn fn, void *ctx,
                                         struct govrec_error *err)
{
	struct govrec_buf path = GOVREC_BUF_INIT;
	int rc = GOVREC_OK;
	size_t i;

	for (i = 0; i < b->nlisted && rc == GOVREC_OK; i++) {
		struct stat st;

		govrec_buf_reset(&path);
		govrec_buf_addf(&path, "%s%s", b->base, b->listed[i].rel);
		b->cur_fd = open_beneath(b->fd, path.data);
		if (b->cur_fd < 0 || fstat(b->cur_fd, &st) != 0 || !S_ISREG(st.st_mode)) {
			rc =
			    govrec_error_set(err, GOVREC_REFUSED,
			                     "'%s' in '%s' is no longer a regular file it can read",
			                     b->listed[i].rel, b->path);
		} else {
			(void)fcntl(b->cur_fd, F_SETFL, fcntl(b->cur_fd, F_GETFL) & ~O_NONBLOCK);
			rc = give(b, &b->listed[i], fn, ctx, err);
		}
		if (b->cur_fd >= 0)
			close(b->cur_fd);
		b->cur_fd = -1;
	}
	govrec_buf_release(&path);
	return rc;
}

enum govrec_status govrec_bag_each(struct govrec_bag *b, each_fn fn, void *ctx,
                                   struct govrec_error *err)
{
	size_t i;
	int rc;

	if (!b->checked)
		return govrec_error_set(err, GOVREC_ERROR,
		                        "'%s' has not been verified: it cannot be read", b->path);
	for (i = 0; i < b->nlisted; i++)
		b->listed[i].seen = 0;
	rc = b->is_dir ? each_directory(b, fn, ctx, err) : each_archive(b, fn, ctx, err);
	for (i = 0; i < b->nlisted && rc == GOVREC_OK; i++)
		if (!b->listed[i].seen)
			rc = govrec_error_set(err, GOVREC_REFUSED,
			                      "'%s' in '%s' is gone on reading it again",
			                      b->listed[i].rel, b->path);
	return rc;
}
