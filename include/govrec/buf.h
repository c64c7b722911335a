/*
 * buf.h - a growable byte string.
 *
 * Invariants (as git's strbuf): data is never NULL and always NUL-terminated
 * at data[len], so a buf can be passed anywhere a C string is wanted; it may
 * also hold NUL bytes inside, for binary data.  A buf set up with
 * GOVREC_BUF_INIT or govrec_buf_init() owns no memory until something is
 * added.  Allocation failure ends the process through govrec_oom() (error.h;
 * see buf.c for why): adding to a buf never fails.
 *
 * _init sets up, _reset empties (keeps memory), _release frees and re-inits,
 * _detach hands the memory to the caller (who frees it).
 */
#ifndef GOVREC_BUF_H
#define GOVREC_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "govrec/error.h"

struct govrec_buf {
	char *data;
	size_t len;
	size_t cap; /* 0 while data points at the shared empty string */
};

extern char govrec_buf_empty[];
#define GOVREC_BUF_INIT { govrec_buf_empty, 0, 0 }

void govrec_buf_init(struct govrec_buf *b);
void govrec_buf_release(struct govrec_buf *b);
void govrec_buf_reset(struct govrec_buf *b);
char *govrec_buf_detach(struct govrec_buf *b, size_t *len);

/* Makes room for at least extra more bytes (plus the terminating NUL). */
void govrec_buf_grow(struct govrec_buf *b, size_t extra);

void govrec_buf_add(struct govrec_buf *b, const void *data, size_t len);
void govrec_buf_adds(struct govrec_buf *b, const char *s);
void govrec_buf_addch(struct govrec_buf *b, int c);
void govrec_buf_addf(struct govrec_buf *b, const char *fmt, ...) GOVREC_PRINTF(2, 3);
void govrec_buf_vaddf(struct govrec_buf *b, const char *fmt, va_list ap) GOVREC_PRINTF(2, 0);
void govrec_buf_setlen(struct govrec_buf *b, size_t len);

/* Removes white space (space, \t \r \n \f \v) at both ends; NUL bytes are data and stay. */
void govrec_buf_trim(struct govrec_buf *b);

/*
 * Reads all of path into b (appending).  A file larger than max bytes (0: no
 * limit) is refused with GOVREC_INVALID.  path "-" reads standard input.
 */
enum govrec_status govrec_buf_read_file(struct govrec_buf *b, const char *path, size_t max,
					struct govrec_error *err);

#endif
