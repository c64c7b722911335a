/*
 * sql.c - the store's SQL helpers (see store.h): statements from the cache
 * by their text, binding by letters or by name, stepping, one-shot
 * statements, and the errors SQLite reports turned into statuses.
 *
 * Every helper returns its status itself: what a failure means (a
 * constraint refusing input is GOVREC_INVALID, anything else GOVREC_ERROR)
 * never depends on whether the caller passed an error buffer.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "govrec/store.h"
#include "rows.h"
#include "store-int.h"

int govrec_store_last_code(const struct govrec_store *st)
{
	return st->last_code;
}

/*
 * SQLite records the system's reason for errors while a statement runs, but
 * not for one in COMMIT itself (the WAL write of a transaction that fitted
 * in the page cache).  For those, errno as the failed step left it, when it
 * is one of the reasons a write fails for lack of room or a broken disk; any
 * other value could be left by a call that was meant to fail (a probe for a
 * journal file).
 */
int govrec_store_errno(const struct govrec_store *st)
{
	int e = sqlite3_system_errno(st->db);

	if (e)
		return e;
	e = st->step_errno;
	return e == EFBIG || e == ENOSPC || e == EDQUOT || e == EIO || e == EROFS ? e : 0;
}

enum govrec_status govrec_store_fail(struct govrec_store *st, struct govrec_error *err,
				     const char *context)
{
	int code = sqlite3_extended_errcode(st->db), e = govrec_store_errno(st);
	enum govrec_status status = GOVREC_ERROR;

	st->last_code = code;
	/* A constraint failing is the caller's input being refused, not an I/O error. */
	if ((code & 0xff) == SQLITE_CONSTRAINT)
		status = GOVREC_INVALID;
	/* For I/O errors the system's reason says more: "File too large". */
	if (((code & 0xff) == SQLITE_IOERR || (code & 0xff) == SQLITE_FULL) && e)
		return govrec_error_set(err, status, "%s: %s (%s)", context, sqlite3_errmsg(st->db),
					strerror(e));
	return govrec_error_set(err, status, "%s: %s", context, sqlite3_errmsg(st->db));
}

/* ---- statements -------------------------------------------------------- */

enum govrec_status govrec_sql_prepare(struct govrec_store *st, const char *sql,
				      sqlite3_stmt **out, struct govrec_error *err)
{
	sqlite3_stmt *s = sqlcache_get(&st->cache, sql);

	*out = NULL;
	if (s) {
		/*
		 * Still being stepped: a loop over it is under way (resetting it
		 * would end or restart that loop), or a caller that stopped early
		 * did not reset it (and holds a read transaction open).
		 */
		if (sqlite3_stmt_busy(s))
			return govrec_error_set(err, GOVREC_ERROR,
						"internal: a statement is prepared again while it "
						"is being stepped: %.60s",
						sql);
		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
		*out = s;
		return GOVREC_OK;
	}
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK)
		return govrec_store_fail(st, err, "cannot prepare a query");
	if (sqlcache_put(&st->cache, sql, s) != 0) {
		sqlite3_finalize(s);
		return govrec_error_oom(err);
	}
	*out = s;
	return GOVREC_OK;
}

enum govrec_status govrec_sql_next(struct govrec_store *st, sqlite3_stmt *s, int *row,
				   struct govrec_error *err)
{
	enum govrec_status status;
	int rc;

	*row = 0;
	errno = 0;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
		st->step_errno = 0;
		st->last_code = 0;
		*row = rc == SQLITE_ROW;
		return GOVREC_OK;
	}
	st->step_errno = errno;
	/* the status before the reset, which would forget the error */
	status = govrec_store_fail(st, err, "database error");
	sqlite3_reset(s);
	return status;
}

/* ---- binding ----------------------------------------------------------- */

/* Binds one value to parameter i: the meaning of each letter, in one place. */
static int bind_one(sqlite3_stmt *s, int i, const struct govrec_bind *b)
{
	switch (b->type) {
	case 't':
		return b->text ? sqlite3_bind_text(s, i, b->text, -1, SQLITE_TRANSIENT)
			       : sqlite3_bind_null(s, i);
	case 'i':
		return sqlite3_bind_int64(s, i, b->i);
	case 'I':
		return b->i ? sqlite3_bind_int64(s, i, b->i) : sqlite3_bind_null(s, i);
	case 'm':
		return b->i >= 0 ? sqlite3_bind_int64(s, i, b->i) : sqlite3_bind_null(s, i);
	case 'd':
		return sqlite3_bind_double(s, i, b->d);
	case 'D':
		return b->dp ? sqlite3_bind_double(s, i, *b->dp) : sqlite3_bind_null(s, i);
	case 'b':
		return sqlite3_bind_blob64(s, i, b->blob.p ? b->blob.p : "",
					   (sqlite3_uint64)b->blob.n, SQLITE_STATIC);
	case 'r':
		return sqlite3_bind_pointer(s, i, (void *)b->rows, GOVREC_ROWS_POINTER, NULL);
	case 'n':
		return sqlite3_bind_null(s, i);
	}
	return SQLITE_MISUSE;
}

static enum govrec_status bind_failed(struct govrec_store *st, const struct govrec_bind *b,
				      int rc, struct govrec_error *err)
{
	if (rc == SQLITE_MISUSE)
		return govrec_error_set(err, GOVREC_ERROR, "internal: bad bind letter '%c'",
					b->type);
	return govrec_store_fail(st, err, "cannot bind a value");
}

static enum govrec_status bind_va(struct govrec_store *st, sqlite3_stmt *s,
				  struct govrec_error *err, const char *fmt, va_list ap)
{
	int i, rc;

	if ((fmt ? (int)strlen(fmt) : 0) != sqlite3_bind_parameter_count(s))
		return govrec_error_set(err, GOVREC_ERROR,
					"internal: %d values for a statement of %d parameters",
					fmt ? (int)strlen(fmt) : 0, sqlite3_bind_parameter_count(s));
	for (i = 1; fmt && *fmt; fmt++, i++) {
		struct govrec_bind b = { NULL, *fmt, { 0 } };

		switch (*fmt) {
		case 't':
			b.text = va_arg(ap, const char *);
			break;
		case 'i':
		case 'I':
		case 'm':
			b.i = va_arg(ap, int64_t);
			break;
		case 'd':
			b.d = va_arg(ap, double);
			break;
		case 'D':
			b.dp = va_arg(ap, const double *);
			break;
		case 'b':
			b.blob.p = va_arg(ap, const void *);
			b.blob.n = va_arg(ap, size_t);
			break;
		case 'r':
			b.rows = va_arg(ap, const struct govrec_rows *);
			break;
		}
		rc = bind_one(s, i, &b);
		if (rc != SQLITE_OK)
			return bind_failed(st, &b, rc, err);
	}
	return GOVREC_OK;
}

enum govrec_status govrec_sql_bind(struct govrec_store *st, sqlite3_stmt *s,
				   struct govrec_error *err, const char *fmt, ...)
{
	va_list ap;
	enum govrec_status rc;

	va_start(ap, fmt);
	rc = bind_va(st, s, err, fmt, ap);
	va_end(ap);
	return rc;
}

enum govrec_status govrec_sql_bind_named(struct govrec_store *st, sqlite3_stmt *s,
					 const struct govrec_bind *b, size_t n,
					 struct govrec_error *err)
{
	size_t i, j;
	int rc;

	/* Every parameter of the statement once: a typo is an error, never a NULL. */
	if (n != (size_t)sqlite3_bind_parameter_count(s))
		return govrec_error_set(err, GOVREC_ERROR,
					"internal: %zu values for a statement of %d parameters", n,
					sqlite3_bind_parameter_count(s));
	for (i = 0; i < n; i++) {
		int at = b[i].name ? sqlite3_bind_parameter_index(s, b[i].name) : 0;

		if (!at)
			return govrec_error_set(err, GOVREC_ERROR, "internal: no parameter '%s'",
						b[i].name ? b[i].name : "(null)");
		for (j = 0; j < i; j++)
			if (strcmp(b[j].name, b[i].name) == 0)
				return govrec_error_set(err, GOVREC_ERROR,
							"internal: parameter '%s' bound twice",
							b[i].name);
		rc = bind_one(s, at, &b[i]);
		if (rc != SQLITE_OK)
			return bind_failed(st, &b[i], rc, err);
	}
	return GOVREC_OK;
}

enum govrec_status govrec_sql_query(struct govrec_store *st, struct govrec_error *err,
				   sqlite3_stmt **out, const char *sql, const char *fmt, ...)
{
	enum govrec_status rc = govrec_sql_prepare(st, sql, out, err);
	va_list ap;

	if (rc != GOVREC_OK)
		return rc;
	va_start(ap, fmt);
	rc = bind_va(st, *out, err, fmt, ap);
	va_end(ap);
	if (rc != GOVREC_OK)
		*out = NULL;
	return rc;
}

/* ---- one-shot statements ----------------------------------------------- */

/* Steps s to its end. */
static enum govrec_status run(struct govrec_store *st, sqlite3_stmt *s, struct govrec_error *err)
{
	enum govrec_status rc;
	int row;

	while ((rc = govrec_sql_next(st, s, &row, err)) == GOVREC_OK && row)
		;
	sqlite3_reset(s);
	return rc;
}

enum govrec_status govrec_sql_exec(struct govrec_store *st, struct govrec_error *err,
				   const char *sql, const char *fmt, ...)
{
	sqlite3_stmt *s;
	enum govrec_status rc;
	va_list ap;

	rc = govrec_sql_prepare(st, sql, &s, err);
	if (rc != GOVREC_OK)
		return rc;
	va_start(ap, fmt);
	rc = bind_va(st, s, err, fmt, ap);
	va_end(ap);
	return rc == GOVREC_OK ? run(st, s, err) : rc;
}

enum govrec_status govrec_sql_exec_named(struct govrec_store *st, const char *sql,
					 const struct govrec_bind *b, size_t n,
					 struct govrec_error *err)
{
	sqlite3_stmt *s;
	enum govrec_status rc = govrec_sql_prepare(st, sql, &s, err);

	if (rc == GOVREC_OK)
		rc = govrec_sql_bind_named(st, s, b, n, err);
	return rc == GOVREC_OK ? run(st, s, err) : rc;
}

enum govrec_status govrec_sql_int(struct govrec_store *st, struct govrec_error *err,
				  int64_t *out, const char *sql, const char *fmt, ...)
{
	sqlite3_stmt *s;
	enum govrec_status rc;
	va_list ap;
	int row;

	rc = govrec_sql_prepare(st, sql, &s, err);
	if (rc != GOVREC_OK)
		return rc;
	va_start(ap, fmt);
	rc = bind_va(st, s, err, fmt, ap);
	va_end(ap);
	if (rc == GOVREC_OK)
		rc = govrec_sql_next(st, s, &row, err);
	if (rc != GOVREC_OK)
		return rc;
	if (row)
		*out = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return row ? GOVREC_OK : GOVREC_NOTFOUND;
}

enum govrec_status govrec_sql_script(struct govrec_store *st, const char *sql,
				     struct govrec_error *err)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		st->last_code = sqlite3_extended_errcode(st->db);
		govrec_error_set(err, GOVREC_ERROR, "database error: %s",
				 msg ? msg : sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		return GOVREC_ERROR;
	}
	st->last_code = 0;
	return GOVREC_OK;
}

/* ---- columns ----------------------------------------------------------- */

const char *govrec_col_text(sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);

	return t ? (const char *)t : "";
}

char *govrec_col_dup(sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);
	char *copy;

	if (!t)
		return NULL;
	copy = strdup((const char *)t);
	if (!copy)
		govrec_oom();
	return copy;
}
