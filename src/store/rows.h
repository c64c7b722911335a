/*
 * rows.h - registers the govrec_rows() table-valued function (rows.c) on a
 * connection; the store does it when it opens an archive.
 */
#ifndef GOVREC_ROWS_H
#define GOVREC_ROWS_H

#include <sqlite3.h>

/* The pointer type that govrec_rows() accepts (sqlite3_bind_pointer). */
#define GOVREC_ROWS_POINTER "govrec_rows"

/* An SQLite result code. */
int govrec_rows_register(sqlite3 *db);

#endif
