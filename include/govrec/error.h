/*
 * error.h - status codes and the error buffer every fallible function takes.
 *
 * A function that can fail returns an enum govrec_status and takes a last
 * argument `struct govrec_error *err`, which may be NULL.  On failure it fills
 * err with one complete, lowercase message ("cannot read 'x.vtt' line 12:
 * ...").  The first error set wins; callers that want to add context put it in
 * front with govrec_error_prefix().  Library code never prints and never exits:
 * only src/cli/ does, and it maps the status to the exit code with
 * govrec_status_exit().
 */
#ifndef GOVREC_ERROR_H
#define GOVREC_ERROR_H

#include <stdarg.h>

enum govrec_status {
	GOVREC_OK = 0,
	GOVREC_REFUSED,  /* ran, and the answer is no: a rule refused it      (exit 1) */
	GOVREC_NOTFOUND, /* a record that was required does not exist        (exit 1) */
	GOVREC_INVALID,  /* bad input: a malformed argument, file or query   (exit 2) */
	GOVREC_ERROR     /* environment or internal: I/O, database, memory   (exit 3) */
};

#define GOVREC_ERROR_MAX 1024

struct govrec_error {
	enum govrec_status status; /* GOVREC_OK while nothing was set */
	char msg[GOVREC_ERROR_MAX];
};

#define GOVREC_ERROR_INIT { GOVREC_OK, { 0 } }

#if defined(__GNUC__)
#define GOVREC_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define GOVREC_PRINTF(f, a)
#endif

/* Sets err (if it is not NULL and not already set) and returns status. */
enum govrec_status govrec_error_set(struct govrec_error *err, enum govrec_status status,
				    const char *fmt, ...) GOVREC_PRINTF(3, 4);
enum govrec_status govrec_error_vset(struct govrec_error *err, enum govrec_status status,
				     const char *fmt, va_list ap) GOVREC_PRINTF(3, 0);

/* Puts "context: " in front of err's message.  No-op when err is NULL or unset. */
void govrec_error_prefix(struct govrec_error *err, const char *fmt, ...) GOVREC_PRINTF(2, 3);

/* Forgets err's message so that it can be reused. */
void govrec_error_clear(struct govrec_error *err);

/* The process exit status for status: 0, 1, 2 or 3. */
int govrec_status_exit(enum govrec_status status);

/* Shorthand for a failed allocation. */
enum govrec_status govrec_error_oom(struct govrec_error *err);

/*
 * Out of memory where no error can be returned (a buffer growing, a copy the
 * caller cannot do without).  Calls the handler set with
 * govrec_set_oom_handler(), which must not return; by default, or when the
 * handler returns, it prints "govrec: out of memory" and aborts.  The
 * archive is written in transactions, so stopping here leaves it as the
 * last commit left it.  The CLI installs a handler that exits with 3.
 */
_Noreturn void govrec_oom(void);

/* Sets the handler govrec_oom() calls (NULL: the default); returns the old one. */
typedef void (*govrec_oom_handler)(void);
govrec_oom_handler govrec_set_oom_handler(govrec_oom_handler h);

#endif
