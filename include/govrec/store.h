/*
 * store.h - the archive: one SQLite file, opened, migrated and written here.
 *
 * A store is a connection to one archive file.  Opening checks that the file
 * is govrec's (PRAGMA application_id) and that its schema is not newer than
 * this build knows; GOVREC_STORE_CREATE applies the forward-only migrations
 * (one transaction).  Connections run in WAL mode with foreign keys on and a
 * busy timeout, so several processes can share an archive.  A store is used
 * by one thread at a time: its connection takes no lock of its own.
 *
 * Writing.  Every write happens between govrec_store_begin() and
 * govrec_store_commit().  Transactions nest by counting: only the outermost
 * commit commits, and a rollback at any depth dooms the whole transaction.
 * Records are audited by the store itself, not by the code that writes them:
 * temporary triggers note every record kind and key that a statement touches
 * (see src/store/kinds.c), and the outermost commit hashes each touched
 * record's canonical content and appends an audit-log row for each one whose
 * content is not what the log last says of it.  Code that writes through a
 * store therefore cannot forget the audit trail.
 *
 * SQL (src/store/sql.c).  govrec_sql_prepare() gives a prepared statement
 * from the store's cache (the store owns and finalizes it; it is reset and
 * its bindings cleared on each call, so it is valid until the next prepare
 * of the same text).  Values are always bound, never formatted into SQL
 * text.
 */
#ifndef GOVREC_STORE_H
#define GOVREC_STORE_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

#include "govrec/error.h"

struct govrec_store;
struct govrec_rows;

enum govrec_open_flags {
	GOVREC_STORE_READONLY = 0,
	GOVREC_STORE_WRITE = 1,
	GOVREC_STORE_CREATE = 2 /* create the file (refused if it exists) */
};

/* The schema version this build writes; migrations bring older files up to it. */
int govrec_schema_version(void);

/* govrec's PRAGMA application_id: "GvRc". */
#define GOVREC_APPLICATION_ID 0x47765263

/*
 * Opens (or with GOVREC_STORE_CREATE creates) the archive at path.  An archive
 * with an older schema opened for writing is migrated; one opened read-only is
 * refused until a write command migrates it.  Errors: GOVREC_NOTFOUND when the
 * file does not exist (the message says to run init), GOVREC_INVALID for a file
 * that is not a govrec archive or has a newer schema, GOVREC_ERROR otherwise.
 * On success *out must be closed with govrec_store_close().
 */
enum govrec_status govrec_store_open(const char *path, int flags, struct govrec_store **out,
				     struct govrec_error *err);

/* Rolls back anything still open and closes.  Accepts NULL. */
void govrec_store_close(struct govrec_store *st);

/* The underlying connection, borrowed for the store's lifetime. */
sqlite3 *govrec_store_db(struct govrec_store *st);

/* The path the store was opened with, borrowed. */
const char *govrec_store_path(const struct govrec_store *st);

/*
 * The actor named in audit rows written through st: set by the CLI from
 * --actor, $GOVREC_ACTOR or the login name.  Copied.
 */
void govrec_store_set_actor(struct govrec_store *st, const char *actor);
const char *govrec_store_actor(const struct govrec_store *st);

/*
 * Starts a (possibly nested) write transaction.  op names the operation for
 * the audit log ("meeting.add"); the outermost begin's op is the one recorded.
 * The outermost begin takes the write lock at once (BEGIN IMMEDIATE), waiting
 * up to the busy timeout for other writers.
 */
enum govrec_status govrec_store_begin(struct govrec_store *st, const char *op,
				      struct govrec_error *err);

/*
 * Ends a level.  The outermost commit writes the audit rows and commits; if an
 * inner level rolled back, it rolls back instead and returns GOVREC_ERROR.
 */
enum govrec_status govrec_store_commit(struct govrec_store *st, struct govrec_error *err);

/* Abandons the transaction (all levels).  Safe to call when none is open. */
void govrec_store_rollback(struct govrec_store *st);

/*
 * A savepoint inside the open transaction, for work that must be all or
 * nothing while the transaction goes on (one file of an import batch).
 * A rollback at any level inside it loses only the savepoint's work: the
 * caller then calls govrec_store_rollback_to().  govrec_store_release()
 * keeps the work (and fails, rolling back to the savepoint, when a level
 * inside it rolled back or was left open).  One savepoint at a time.
 */
enum govrec_status govrec_store_savepoint(struct govrec_store *st, struct govrec_error *err);
enum govrec_status govrec_store_release(struct govrec_store *st, struct govrec_error *err);
void govrec_store_rollback_to(struct govrec_store *st);

/* Depth of the open transaction, 0 when none. */
int govrec_store_depth(const struct govrec_store *st);

/*
 * Statuses of the SQL helpers below.  Each returns its status itself, the
 * same whether err is NULL or not: GOVREC_OK, GOVREC_INVALID when SQLite
 * refused the statement for a constraint (the caller's input), GOVREC_ERROR
 * for anything else (a query that does not prepare, I/O, a busy or damaged
 * archive, memory, a misused helper: "internal: ..."), and GOVREC_NOTFOUND
 * only where a helper says so.  err is set on every failure but that
 * NOTFOUND.  A statement whose step failed has been reset.
 */

/*
 * Sets *out to a prepared statement for sql from the store's cache (see
 * above): reset, its bindings cleared.  The cache is keyed by the text, so
 * sql may be a literal or built at run time (the buffer may be freed after
 * the call).  GOVREC_OK, or GOVREC_ERROR with *out NULL; that includes a
 * statement of the same text still being stepped (a loop over it is under
 * way, or one stopped early was not reset), which is never reset under
 * its user.
 *
 *     sqlite3_stmt *s;
 *     int row;
 *
 *     if ((rc = govrec_sql_prepare(st, "SELECT name FROM person", &s,
 *                                  err)) != GOVREC_OK)
 *             return rc;
 *     while ((rc = govrec_sql_next(st, s, &row, err)) == GOVREC_OK && row)
 *             ...;
 *     return rc;
 */
enum govrec_status govrec_sql_prepare(struct govrec_store *st, const char *sql,
				      sqlite3_stmt **out, struct govrec_error *err);

/*
 * Binds values to s by a format: one letter a parameter, from ?1 on.
 *   t  const char *   text (NULL binds NULL)
 *   i  int64_t        integer
 *   I  int64_t        integer, or NULL when 0 (for optional foreign keys)
 *   m  int64_t        integer, or NULL when negative (for optional times)
 *   d  double         real
 *   D  const double * real, or NULL when the pointer is NULL
 *   b  const void *, size_t   blob
 *   n  (no argument)  NULL
 *   r  const struct govrec_rows *   rows for govrec_rows(?N) (below)
 * The arguments are variadic, so each must have the letter's type exactly:
 * (int64_t) in front of an int.  fmt has a letter for each parameter of s
 * (up to its highest ?N; NULL for none): one too few or too many is
 * GOVREC_ERROR ("internal: ..."), never a parameter silently left NULL.
 * GOVREC_OK or GOVREC_ERROR.  For ten parameters or more, bind by name
 * (govrec_sql_bind_named()).
 */
enum govrec_status govrec_sql_bind(struct govrec_store *st, sqlite3_stmt *s,
				   struct govrec_error *err, const char *fmt, ...);

/*
 * govrec_sql_prepare() and govrec_sql_bind() in one: *out is the statement
 * with fmt's values bound, ready to step; NULL on failure.
 *
 *     if ((rc = govrec_sql_query(st, err, &s, "SELECT name FROM person "
 *                                "WHERE id = ?1", "i", id)) != GOVREC_OK)
 *             return rc;
 */
enum govrec_status govrec_sql_query(struct govrec_store *st, struct govrec_error *err,
				   sqlite3_stmt **out, const char *sql, const char *fmt, ...);

/*
 * One value bound by name, for statements too wide to read as a row of
 * letters.  Written with the macros below, which say the type and convert
 * the value as an assignment would (no variadic arguments to get wrong):
 *
 *     const struct govrec_bind b[] = {
 *             GOVREC_BIND_TEXT(":title", d->title),
 *             GOVREC_BIND_ID(":meeting", meeting_id),
 *             GOVREC_BIND_INT(":size", d->size),
 *     };
 *     rc = govrec_sql_exec_named(st, "INSERT INTO document(title, meeting_id, "
 *                                "size) VALUES (:title, :meeting, :size)",
 *                                b, GOVREC_NBIND(b), err);
 *
 * type is the letter of govrec_sql_bind() that the value means.
 */
struct govrec_bind {
	const char *name; /* as written in the SQL, with its ':' */
	char type;
	union {
		const char *text;		/* t */
		int64_t i;			/* i I m */
		double d;			/* d */
		const double *dp;		/* D */
		struct {
			const void *p;
			size_t n;
		} blob;				/* b */
		const struct govrec_rows *rows; /* r */
	};
};

#define GOVREC_BIND_TEXT(name, v) { (name), 't', { .text = (v) } }
#define GOVREC_BIND_INT(name, v) { (name), 'i', { .i = (v) } }
#define GOVREC_BIND_ID(name, v) { (name), 'I', { .i = (v) } }	   /* 0 binds NULL */
#define GOVREC_BIND_OPT(name, v) { (name), 'm', { .i = (v) } }	   /* < 0 binds NULL */
#define GOVREC_BIND_REAL(name, v) { (name), 'd', { .d = (v) } }
#define GOVREC_BIND_REAL_OR_NULL(name, p) { (name), 'D', { .dp = (p) } } /* NULL: NULL */
#define GOVREC_BIND_BLOB(name, p, n) { (name), 'b', { .blob = { (p), (n) } } }
#define GOVREC_BIND_NULL(name) { (name), 'n', { .i = 0 } }
#define GOVREC_BIND_ROWS(name, r) { (name), 'r', { .rows = (r) } }

/* The number of values in an array of them. */
#define GOVREC_NBIND(b) (sizeof(b) / sizeof((b)[0]))

/*
 * Binds n values to s by their names.  They must name every parameter of
 * s once, each by a name s has: a missing, misspelt or repeated one is
 * GOVREC_ERROR ("internal: ..."), never a silent NULL.  Named parameters
 * only (not mixed with ?N).  GOVREC_OK or GOVREC_ERROR.
 */
enum govrec_status govrec_sql_bind_named(struct govrec_store *st, sqlite3_stmt *s,
					 const struct govrec_bind *b, size_t n,
					 struct govrec_error *err);

/*
 * Rows from C memory for one statement, in place of a statement per row:
 *
 *     INSERT INTO t(a, b) SELECT c0, c1 FROM govrec_rows(?1)
 *
 * with ?1 bound by the letter 'r'.  Row i's column c<col> is whatever
 * column(arg, i, col, ctx) sets with sqlite3_result_*() (SQLITE_STATIC is
 * safe: the rows outlive the statement's step).  Columns c0 to c7; any
 * column at or past ncol reads NULL.  The rows must stay valid until the
 * statement is reset.
 */
#define GOVREC_ROWS_MAXCOL 8

struct govrec_rows {
	size_t n;
	int ncol;
	void (*column)(void *arg, size_t row, int col, sqlite3_context *ctx);
	void *arg;
};

/*
 * Steps s.  GOVREC_OK with *row 1 when it gave a row, 0 when it is done;
 * otherwise the failure's status (*row 0, s reset).  Loop while both hold:
 *
 *     while ((rc = govrec_sql_next(st, s, &row, err)) == GOVREC_OK && row)
 *
 * (stepping a statement that is done starts it again).  Reset a statement
 * you stop stepping before it is done.
 */
enum govrec_status govrec_sql_next(struct govrec_store *st, sqlite3_stmt *s, int *row,
				   struct govrec_error *err);

/* Prepares (cached), binds and steps sql to completion.  No NOTFOUND. */
enum govrec_status govrec_sql_exec(struct govrec_store *st, struct govrec_error *err,
				   const char *sql, const char *fmt, ...);

/* The same, with values bound by name (govrec_sql_bind_named()). */
enum govrec_status govrec_sql_exec_named(struct govrec_store *st, const char *sql,
					 const struct govrec_bind *b, size_t n,
					 struct govrec_error *err);

/*
 * Runs a query that gives one integer.  GOVREC_NOTFOUND (without setting err)
 * when there is no row; NULL reads as 0.
 */
enum govrec_status govrec_sql_int(struct govrec_store *st, struct govrec_error *err,
				  int64_t *out, const char *sql, const char *fmt, ...);

/*
 * Runs uncached SQL text with no parameters (schema, pragmas).  GOVREC_OK or
 * GOVREC_ERROR, a constraint included.
 */
enum govrec_status govrec_sql_script(struct govrec_store *st, const char *sql,
				     struct govrec_error *err);

/*
 * SQLite's extended result code of the last statement the store ran or
 * failed to prepare (SQLITE_BUSY, SQLITE_CORRUPT_VTAB ...), 0 when it
 * succeeded: after a failure, what tells a caller whether it met damage or
 * a busy archive.
 */
int govrec_store_last_code(const struct govrec_store *st);

/*
 * Sets err from the connection's last error, with context in front, and
 * returns its status: GOVREC_INVALID for a constraint, else GOVREC_ERROR.
 */
enum govrec_status govrec_store_fail(struct govrec_store *st, struct govrec_error *err,
				     const char *context);

/* A column as text, "" for NULL: borrowed until the next step or reset of s. */
const char *govrec_col_text(sqlite3_stmt *s, int col);

/*
 * A copy of a column as text (the caller frees it), NULL for NULL.  Running
 * out of memory aborts, as growing a govrec_buf does.
 */
char *govrec_col_dup(sqlite3_stmt *s, int col);

#endif
