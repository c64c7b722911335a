/*
 * error.c - the error buffer: first error wins, context goes in front.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "govrec/error.h"

enum govrec_status govrec_error_vset(struct govrec_error *err, enum govrec_status status,
				     const char *fmt, va_list ap)
{
	if (err && err->status == GOVREC_OK) {
		err->status = status;
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	}
	return status;
}

enum govrec_status govrec_error_set(struct govrec_error *err, enum govrec_status status,
				    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	govrec_error_vset(err, status, fmt, ap);
	va_end(ap);
	return status;
}

void govrec_error_prefix(struct govrec_error *err, const char *fmt, ...)
{
	char head[GOVREC_ERROR_MAX];
	size_t h, old, room;
	va_list ap;

	if (!err || err->status == GOVREC_OK)
		return;
	va_start(ap, fmt);
	vsnprintf(head, sizeof(head), fmt, ap);
	va_end(ap);
	/* "head: old message", cut at the end if it does not fit */
	h = strlen(head);
	if (h > sizeof(err->msg) - 3)
		h = sizeof(err->msg) - 3;
	old = strlen(err->msg);
	room = sizeof(err->msg) - h - 3;
	if (old > room)
		old = room;
	memmove(err->msg + h + 2, err->msg, old);
	err->msg[h + 2 + old] = '\0';
	memcpy(err->msg, head, h);
	err->msg[h] = ':';
	err->msg[h + 1] = ' ';
}

void govrec_error_clear(struct govrec_error *err)
{
	if (err) {
		err->status = GOVREC_OK;
		err->msg[0] = '\0';
	}
}

int govrec_status_exit(enum govrec_status status)
{
	switch (status) {
	case GOVREC_OK:
		return 0;
	case GOVREC_REFUSED:
	case GOVREC_NOTFOUND:
		return 1;
	case GOVREC_INVALID:
		return 2;
	case GOVREC_ERROR:
		break;
	}
	return 3;
}

enum govrec_status govrec_error_oom(struct govrec_error *err)
{
	return govrec_error_set(err, GOVREC_ERROR, "out of memory");
}

static govrec_oom_handler oom_handler;

govrec_oom_handler govrec_set_oom_handler(govrec_oom_handler h)
{
	govrec_oom_handler old = oom_handler;

	oom_handler = h;
	return old;
}

_Noreturn void govrec_oom(void)
{
	if (oom_handler)
		oom_handler();
	/* No handler, or one that returned: a library user gets a core to look at. */
	fputs("govrec: out of memory\n", stderr);
	abort();
}
