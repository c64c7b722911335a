/*
 * rows.c - govrec_rows(): rows held in C memory, read by one SQL statement.
 *
 * An eponymous virtual table, used as a table-valued function:
 *
 *     INSERT INTO passage(document_id, seq, body)
 *     SELECT ?1, c0, c1 FROM govrec_rows(?2)
 *
 * with ?2 bound to a struct govrec_rows by the 'r' letter of
 * govrec_sql_bind() (see store.h).  A document's passages then go in with
 * one statement instead of one statement each.  That matters because every
 * statement that fires triggers (the audit and index triggers fire on every
 * passage) opens a statement journal, and each page the statement changes is
 * copied into it first: per passage, a copy of every page it touches.
 *
 * The pointer is passed with sqlite3_bind_pointer(), so SQL text alone can
 * never make this table read memory: without a bound pointer of the right
 * type it is empty.
 */
#include <string.h>

#include "govrec/store.h"
#include "rows.h"

enum { COL_SRC = GOVREC_ROWS_MAXCOL };

struct rows_cursor {
	sqlite3_vtab_cursor base;
	const struct govrec_rows *rows; /* NULL: no rows */
	size_t i;
};

static int rows_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
			sqlite3_vtab **out, char **errmsg)
{
	sqlite3_vtab *vt;
	int rc;

	(void)aux;
	(void)argc;
	(void)argv;
	(void)errmsg;
	rc = sqlite3_declare_vtab(db, "CREATE TABLE x(c0, c1, c2, c3, c4, c5, c6, c7, src HIDDEN)");
	if (rc != SQLITE_OK)
		return rc;
	vt = sqlite3_malloc(sizeof(*vt));
	if (!vt)
		return SQLITE_NOMEM;
	memset(vt, 0, sizeof(*vt));
	sqlite3_vtab_config(db, SQLITE_VTAB_INNOCUOUS);
	*out = vt;
	return SQLITE_OK;
}

static int rows_disconnect(sqlite3_vtab *vt)
{
	sqlite3_free(vt);
	return SQLITE_OK;
}

/* The source pointer must be given (src = ?); anything else is not a plan. */
static int rows_best_index(sqlite3_vtab *vt, sqlite3_index_info *info)
{
	int i;

	(void)vt;
	for (i = 0; i < info->nConstraint; i++) {
		const struct sqlite3_index_constraint *c = &info->aConstraint[i];

		if (c->iColumn == COL_SRC && c->op == SQLITE_INDEX_CONSTRAINT_EQ) {
			if (!c->usable)
				return SQLITE_CONSTRAINT;
			info->aConstraintUsage[i].argvIndex = 1;
			info->aConstraintUsage[i].omit = 1;
			info->estimatedCost = 1000;
			info->estimatedRows = 1000;
			return SQLITE_OK;
		}
	}
	return SQLITE_CONSTRAINT;
}

static int rows_open(sqlite3_vtab *vt, sqlite3_vtab_cursor **out)
{
	struct rows_cursor *c = sqlite3_malloc(sizeof(*c));

	(void)vt;
	if (!c)
		return SQLITE_NOMEM;
	memset(c, 0, sizeof(*c));
	*out = &c->base;
	return SQLITE_OK;
}

static int rows_close(sqlite3_vtab_cursor *cur)
{
	sqlite3_free(cur);
	return SQLITE_OK;
}

static int rows_filter(sqlite3_vtab_cursor *cur, int idx, const char *idxstr, int argc,
		       sqlite3_value **argv)
{
	struct rows_cursor *c = (struct rows_cursor *)cur;

	(void)idx;
	(void)idxstr;
	c->rows = argc == 1 ? sqlite3_value_pointer(argv[0], GOVREC_ROWS_POINTER) : NULL;
	c->i = 0;
	return SQLITE_OK;
}

static int rows_next(sqlite3_vtab_cursor *cur)
{
	((struct rows_cursor *)cur)->i++;
	return SQLITE_OK;
}

static int rows_eof(sqlite3_vtab_cursor *cur)
{
	const struct rows_cursor *c = (const struct rows_cursor *)cur;

	return !c->rows || c->i >= c->rows->n;
}

static int rows_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col)
{
	const struct rows_cursor *c = (const struct rows_cursor *)cur;

	if (col < c->rows->ncol)
		c->rows->column(c->rows->arg, c->i, col, ctx);
	else
		sqlite3_result_null(ctx);
	return SQLITE_OK;
}

static int rows_rowid(sqlite3_vtab_cursor *cur, sqlite_int64 *rowid)
{
	*rowid = (sqlite_int64)((const struct rows_cursor *)cur)->i + 1;
	return SQLITE_OK;
}

static const sqlite3_module rows_module = {
    .iVersion = 0,
    .xConnect = rows_connect,
    .xBestIndex = rows_best_index,
    .xDisconnect = rows_disconnect,
    .xOpen = rows_open,
    .xClose = rows_close,
    .xFilter = rows_filter,
    .xNext = rows_next,
    .xEof = rows_eof,
    .xColumn = rows_column,
    .xRowid = rows_rowid,
};

int govrec_rows_register(sqlite3 *db)
{
	return sqlite3_create_module(db, "govrec_rows", &rows_module, NULL);
}
