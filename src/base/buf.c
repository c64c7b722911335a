/*
 * buf.c - the growable byte string of buf.h.
 *
 * Running out of memory while growing a buffer goes to govrec_oom() (the
 * CLI exits with 3; a library user aborts by default): every caller would
 * otherwise have to check every append, and the archive is protected by
 * transactions, so stopping there leaves it as it was.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#include "govrec/buf.h"

char govrec_buf_empty[1];

void govrec_buf_init(struct govrec_buf *b)
{
	b->data = govrec_buf_empty;
	b->len = 0;
	b->cap = 0;
}

void govrec_buf_release(struct govrec_buf *b)
{
	if (b->cap)
		free(b->data);
	govrec_buf_init(b);
}

void govrec_buf_reset(struct govrec_buf *b)
{
	govrec_buf_setlen(b, 0);
}

char *govrec_buf_detach(struct govrec_buf *b, size_t *len)
{
	char *d;

	if (!b->cap)
		govrec_buf_grow(b, 0);
	d = b->data;
	if (len)
		*len = b->len;
	govrec_buf_init(b);
	return d;
}

void govrec_buf_grow(struct govrec_buf *b, size_t extra)
{
	size_t need, cap;
	char *d;

	/* A size that cannot be represented cannot be allocated either. */
	if (extra > SIZE_MAX - b->len - 1)
		govrec_oom();
	need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	d = b->cap ? realloc(b->data, cap) : malloc(cap);
	if (!d)
		govrec_oom();
	if (!b->cap)
		d[0] = '\0';
	b->data = d;
	b->cap = cap;
}

void govrec_buf_setlen(struct govrec_buf *b, size_t len)
{
	if (!b->cap && len == 0)
		return;
	if (len > b->len)
		govrec_buf_grow(b, len - b->len);
	b->len = len;
	b->data[len] = '\0';
}

void govrec_buf_add(struct govrec_buf *b, const void *data, size_t len)
{
	if (!len)
		return;
	govrec_buf_grow(b, len);
	memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void govrec_buf_adds(struct govrec_buf *b, const char *s)
{
	govrec_buf_add(b, s, strlen(s));
}

void govrec_buf_addch(struct govrec_buf *b, int c)
{
	if (b->len + 2 > b->cap)
		govrec_buf_grow(b, 1);
	b->data[b->len++] = (char)c;
	b->data[b->len] = '\0';
}

void govrec_buf_vaddf(struct govrec_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n <= 0)
		return;
	govrec_buf_grow(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void govrec_buf_addf(struct govrec_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	govrec_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

/* Not strchr(): it finds the terminator too, so a NUL byte would count as white space. */
static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

void govrec_buf_trim(struct govrec_buf *b)
{
	size_t start = 0, end = b->len;

	while (start < end && is_space(b->data[start]))
		start++;
	while (end > start && is_space(b->data[end - 1]))
		end--;
	if (start)
		memmove(b->data, b->data + start, end - start);
	govrec_buf_setlen(b, end - start);
}

enum govrec_status govrec_buf_read_file(struct govrec_buf *b, const char *path, size_t max,
					struct govrec_error *err)
{
	int fd;
	size_t start = b->len;
	enum govrec_status rc = GOVREC_OK;

	if (strcmp(path, "-") == 0)
		fd = STDIN_FILENO;
	else
		fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return govrec_error_set(err, errno == ENOENT ? GOVREC_INVALID : GOVREC_ERROR,
					"cannot open '%s': %s", path, strerror(errno));
	for (;;) {
		ssize_t n;

		govrec_buf_grow(b, 65536);
		n = read(fd, b->data + b->len, 65536);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = govrec_error_set(err, GOVREC_ERROR, "cannot read '%s': %s", path,
					      strerror(errno));
			break;
		}
		if (n == 0)
			break;
		b->len += (size_t)n;
		b->data[b->len] = '\0';
		if (max && b->len - start > max) {
			rc = govrec_error_set(err, GOVREC_INVALID,
					      "'%s' is larger than the limit of %zu bytes", path, max);
			break;
		}
	}
	if (fd != STDIN_FILENO)
		close(fd);
	if (rc != GOVREC_OK)
		govrec_buf_setlen(b, start);
	return rc;
}
