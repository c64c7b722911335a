/*
 * check_store.c - the store: creation, identity, migrations, transactions,
 * the statement helpers.
 */
#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "govrec/committee.h"
#include "govrec/document.h"
#include "govrec/store.h"
#include "testutil.h"
#include "testmain.h"

static struct govrec_store *st;

static void setup(void)
{
	st = test_store_new();
}

static void teardown(void)
{
	test_store_free(st);
}

static char *path_in_dir(const char *name)
{
	static char p[400];

	snprintf(p, sizeof(p), "%s/%s", test_dir(), name);
	return p;
}

START_TEST(test_identity)
{
	int64_t v = 0;

	ck_assert_int_eq(govrec_sql_int(st, NULL, &v, "PRAGMA application_id", NULL), GOVREC_OK);
	ck_assert_int_eq(v, GOVREC_APPLICATION_ID);
	ck_assert_int_eq(govrec_sql_int(st, NULL, &v, "PRAGMA user_version", NULL), GOVREC_OK);
	ck_assert_int_eq(v, govrec_schema_version());
	ck_assert_int_eq(govrec_sql_int(st, NULL, &v, "PRAGMA foreign_keys", NULL), GOVREC_OK);
	ck_assert_int_eq(v, 1);
}
END_TEST

START_TEST(test_missing_file)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_store *s2;

	ck_assert_int_eq(govrec_store_open(path_in_dir("nope.db"), GOVREC_STORE_WRITE, &s2, &err),
			 GOVREC_NOTFOUND);
	ck_assert_ptr_null(s2);
	ck_assert_ptr_nonnull(strstr(err.msg, "run 'govrec init'"));
}
END_TEST

START_TEST(test_create_refuses_existing)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_store *s2;

	ck_assert_int_eq(govrec_store_open(govrec_store_path(st), GOVREC_STORE_CREATE, &s2, &err),
			 GOVREC_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "already exists"));
}
END_TEST

START_TEST(test_foreign_file)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_store *s2;
	char *p = path_in_dir("foreign.db");
	FILE *f = fopen(p, "w");

	ck_assert_ptr_nonnull(f);
	fputs("this is not a database at all, just some text that is long enough......", f);
	fclose(f);
	ck_assert_int_eq(govrec_store_open(p, GOVREC_STORE_READONLY, &s2, &err), GOVREC_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "is not a govrec archive"));
}
END_TEST

/* A SQLite file of another application. */
START_TEST(test_other_application)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_store *s2;
	char *p = path_in_dir("other.db");
	sqlite3 *db;

	ck_assert_int_eq(sqlite3_open(p, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "PRAGMA application_id = 1234; CREATE TABLE t(x);", NULL,
				      NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	ck_assert_int_eq(govrec_store_open(p, GOVREC_STORE_WRITE, &s2, &err), GOVREC_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "application id 1234"));
}
END_TEST

START_TEST(test_newer_schema)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_store *s2;
	char path[400];
	sqlite3 *db;

	snprintf(path, sizeof(path), "%s", govrec_store_path(st));
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	ck_assert_int_eq(govrec_store_open(path, GOVREC_STORE_WRITE, &s2, &err), GOVREC_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "newer govrec (schema 99"));
}
END_TEST

/* An archive at schema 0 with govrec's id: read-only refuses, write migrates. */
START_TEST(test_migrate_older)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_store *s2;
	char *p = path_in_dir("old.db");
	sqlite3 *db;
	int64_t v = 0;
	char sql[100];

	ck_assert_int_eq(sqlite3_open(p, &db), SQLITE_OK);
	snprintf(sql, sizeof(sql), "PRAGMA application_id = %d; CREATE TABLE keep(x);",
		 GOVREC_APPLICATION_ID);
	ck_assert_int_eq(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	ck_assert_int_eq(govrec_store_open(p, GOVREC_STORE_READONLY, &s2, &err), GOVREC_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "to upgrade it"));
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_store_open(p, GOVREC_STORE_WRITE, &s2, &err), GOVREC_OK);
	ck_assert_int_eq(govrec_sql_int(s2, NULL, &v, "PRAGMA user_version", NULL), GOVREC_OK);
	ck_assert_int_eq(v, govrec_schema_version());
	ck_assert_int_eq(govrec_sql_int(s2, NULL, &v, "SELECT count(*) FROM meeting", NULL),
			 GOVREC_OK);
	govrec_store_close(s2);
}
END_TEST

/*
 * Opening a WAL archive writes its shared-memory file: when that cannot be
 * written (here a file size limit), the store says so, as an environment
 * error, not "not a govrec archive".
 */
START_TEST(test_unwritable_shm)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_store *s2;
	struct rlimit old, small = { 10000, 10000 };
	char *p = path_in_dir("shm.db"), shm[420];
	enum govrec_status rc;

	ck_assert_int_eq(govrec_store_open(p, GOVREC_STORE_CREATE, &s2, &err), GOVREC_OK);
	govrec_store_close(s2);
	snprintf(shm, sizeof(shm), "%s-shm", p);
	ck_assert_int_ne(access(shm, F_OK), 0); /* the last close removed it */
	ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
	small.rlim_max = old.rlim_max;
	signal(SIGXFSZ, SIG_IGN); /* as govrec's main() does */
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &small), 0);
	rc = govrec_store_open(p, GOVREC_STORE_READONLY, &s2, &err);
	setrlimit(RLIMIT_FSIZE, &old);
	signal(SIGXFSZ, SIG_DFL);
	ck_assert_int_eq(rc, GOVREC_ERROR);
	ck_assert_msg(strstr(err.msg, "cannot write its shared-memory file") &&
			      strstr(err.msg, "-shm': File too large"),
		      "%s", err.msg);
}
END_TEST

/* The code of the last failure, to tell damage from a busy archive. */
START_TEST(test_last_code)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	sqlite3_stmt *s;

	ck_assert_int_eq(govrec_store_last_code(st), 0);
	ck_assert_int_ne(govrec_sql_script(st, "SELECT * FROM no_such_table", &err), GOVREC_OK);
	ck_assert_int_eq(govrec_store_last_code(st), SQLITE_ERROR);
	ck_assert_int_eq(govrec_sql_prepare(st, "SELECT nothing FROM nowhere", &s, &err),
			 GOVREC_ERROR);
	ck_assert_ptr_null(s);
	ck_assert_int_eq(govrec_store_last_code(st) & 0xff, SQLITE_ERROR);
	/* a statement that succeeds clears it: a stale code explains nothing */
	ck_assert_int_eq(govrec_sql_exec(st, &err, "SELECT 1", NULL), GOVREC_OK);
	ck_assert_int_eq(govrec_store_last_code(st), 0);
}
END_TEST

/* Inner levels do not commit; an inner rollback dooms the whole transaction. */
START_TEST(test_nested_transactions)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	int64_t n = -1;

	ck_assert_int_eq(govrec_store_begin(st, "outer", &err), GOVREC_OK);
	ck_assert_int_eq(govrec_store_begin(st, "inner", &err), GOVREC_OK);
	ck_assert_int_eq(govrec_store_depth(st), 2);
	ck_assert_int_eq(govrec_sql_exec(st, &err, "INSERT INTO person(name) VALUES (?1)", "t", "A"),
			 GOVREC_OK);
	ck_assert_int_eq(govrec_store_commit(st, &err), GOVREC_OK);
	ck_assert_int_eq(govrec_store_commit(st, &err), GOVREC_OK);
	ck_assert_int_eq(govrec_sql_int(st, NULL, &n, "SELECT count(*) FROM person", NULL), GOVREC_OK);
	ck_assert_int_eq(n, 1);
	/* the audit row names the outer operation */
	ck_assert_int_eq(govrec_sql_int(st, NULL, &n,
					"SELECT count(*) FROM audit WHERE op = 'outer' AND record = 'person:1'",
					NULL),
			 GOVREC_OK);
	ck_assert_int_eq(n, 1);

	ck_assert_int_eq(govrec_store_begin(st, "outer", &err), GOVREC_OK);
	ck_assert_int_eq(govrec_sql_exec(st, &err, "INSERT INTO person(name) VALUES (?1)", "t", "B"),
			 GOVREC_OK);
	ck_assert_int_eq(govrec_store_begin(st, "inner", &err), GOVREC_OK);
	govrec_store_rollback(st);
	ck_assert_int_eq(govrec_store_commit(st, &err), GOVREC_ERROR);
	ck_assert_int_eq(govrec_store_depth(st), 0);
	ck_assert_int_eq(govrec_sql_int(st, NULL, &n, "SELECT count(*) FROM person", NULL), GOVREC_OK);
	ck_assert_int_eq(n, 1);
}
END_TEST

START_TEST(test_bind_and_errors)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	sqlite3_stmt *s;
	int64_t v = 0;

	/* values are bound, so quotes are just text */
	ck_assert_int_eq(govrec_store_begin(st, "t", &err), GOVREC_OK);
	ck_assert_int_eq(govrec_sql_exec(st, &err, "INSERT INTO person(name) VALUES (?1)", "t",
					 "O'Brien\"; DROP TABLE person; --"),
			 GOVREC_OK);
	ck_assert_int_eq(govrec_store_commit(st, &err), GOVREC_OK);
	ck_assert_int_eq(govrec_sql_int(st, NULL, &v, "SELECT count(*) FROM person WHERE name = ?1",
					"t", "O'Brien\"; DROP TABLE person; --"),
			 GOVREC_OK);
	ck_assert_int_eq(v, 1);
	/* NOTFOUND for no row, without an error message */
	ck_assert_int_eq(govrec_sql_int(st, &err, &v, "SELECT id FROM person WHERE id = ?1", "i",
					(int64_t)999),
			 GOVREC_NOTFOUND);
	ck_assert_int_eq(err.status, GOVREC_OK);
	/* a bad statement is an error with SQLite's message */
	ck_assert_int_eq(govrec_sql_prepare(st, "SELECT nonsense FROM nowhere", &s, &err),
			 GOVREC_ERROR);
	ck_assert_ptr_null(s);
	ck_assert_int_eq(err.status, GOVREC_ERROR);
	ck_assert_ptr_nonnull(strstr(err.msg, "no such table"));
	/* a constraint failure is the caller's bad input */
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_store_begin(st, "t", &err), GOVREC_OK);
	ck_assert_int_eq(govrec_sql_exec(st, &err, "INSERT INTO meeting(number, date) VALUES (?1, ?2)",
					 "it", (int64_t)-5, "2019-01-01"),
			 GOVREC_INVALID);
	govrec_store_rollback(st);
}
END_TEST

/*
 * A savepoint loses only its own work when a level inside it rolls back; the
 * transaction goes on, and the audit log names only what was kept.
 */
START_TEST(test_savepoints)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	int64_t n = -1;

	ck_assert_int_eq(govrec_store_begin(st, "batch", &err), GOVREC_OK);
	/* part one: kept */
	ck_assert_int_eq(govrec_store_savepoint(st, &err), GOVREC_OK);
	ck_assert_int_eq(govrec_sql_exec(st, &err, "INSERT INTO person(name) VALUES (?1)", "t", "Kept"),
			 GOVREC_OK);
	ck_assert_int_eq(govrec_store_release(st, &err), GOVREC_OK);
	/* part two: an inner level fails, the part is rolled back alone */
	ck_assert_int_eq(govrec_store_savepoint(st, &err), GOVREC_OK);
	ck_assert_int_eq(govrec_store_begin(st, "inner", &err), GOVREC_OK);
	ck_assert_int_eq(govrec_sql_exec(st, &err, "INSERT INTO person(name) VALUES (?1)", "t", "Lost"),
			 GOVREC_OK);
	govrec_store_rollback(st);
	ck_assert_int_eq(govrec_store_release(st, &err), GOVREC_ERROR); /* refuses: rolled back */
	govrec_error_clear(&err);
	/* part three: rolled back by the caller */
	ck_assert_int_eq(govrec_store_savepoint(st, &err), GOVREC_OK);
	ck_assert_int_eq(govrec_sql_exec(st, &err, "INSERT INTO person(name) VALUES (?1)", "t", "Also lost"),
			 GOVREC_OK);
	govrec_store_rollback_to(st);
	ck_assert_int_eq(govrec_store_commit(st, &err), GOVREC_OK);
	ck_assert_int_eq(govrec_sql_int(st, NULL, &n, "SELECT count(*) FROM person", NULL), GOVREC_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(govrec_sql_int(st, NULL, &n,
					"SELECT count(*) FROM audit WHERE record LIKE 'person:%'", NULL),
			 GOVREC_OK);
	ck_assert_int_eq(n, 1);

	/* a savepoint left open dooms the transaction at commit */
	ck_assert_int_eq(govrec_store_begin(st, "batch", &err), GOVREC_OK);
	ck_assert_int_eq(govrec_store_savepoint(st, &err), GOVREC_OK);
	ck_assert_int_eq(govrec_store_savepoint(st, &err), GOVREC_ERROR); /* one at a time */
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_sql_exec(st, &err, "INSERT INTO person(name) VALUES (?1)", "t", "Open"),
			 GOVREC_OK);
	ck_assert_int_eq(govrec_store_commit(st, &err), GOVREC_ERROR);
	ck_assert_int_eq(govrec_sql_int(st, NULL, &n, "SELECT count(*) FROM person", NULL), GOVREC_OK);
	ck_assert_int_eq(n, 1);
}
END_TEST

/* Writes outside a transaction are refused by the read-only store. */
/* govrec_rows(): row i, column c reads "r<i>c<c>"; columns 0 and 1 only. */
static void rows_column(void *arg, size_t row, int col, sqlite3_context *ctx)
{
	(void)arg;
	sqlite3_result_text(ctx, sqlite3_mprintf("r%lldc%d", (long long)row, col), -1, sqlite3_free);
}

START_TEST(test_rows)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_rows rows = { 3, 2, rows_column, NULL };
	sqlite3_stmt *s;
	int64_t n = -1;
	int row = -1;

	/* every row and column, NULL past ncol */
	ck_assert_int_eq(govrec_sql_query(st, &err, &s, "SELECT c0, c1, c2 FROM govrec_rows(?1)",
					  "r", &rows),
			 GOVREC_OK);
	ck_assert_int_eq(govrec_sql_next(st, s, &row, &err), GOVREC_OK);
	ck_assert_int_eq(row, 1);
	ck_assert_str_eq((const char *)sqlite3_column_text(s, 0), "r0c0");
	ck_assert_str_eq((const char *)sqlite3_column_text(s, 1), "r0c1");
	ck_assert_int_eq(sqlite3_column_type(s, 2), SQLITE_NULL);
	ck_assert_int_eq(govrec_sql_next(st, s, &row, &err), GOVREC_OK);
	ck_assert_int_eq(govrec_sql_next(st, s, &row, &err), GOVREC_OK);
	ck_assert_int_eq(row, 1);
	ck_assert_str_eq((const char *)sqlite3_column_text(s, 1), "r2c1");
	ck_assert_int_eq(govrec_sql_next(st, s, &row, &err), GOVREC_OK);
	ck_assert_int_eq(row, 0);
	sqlite3_reset(s);

	/* into a table, in one statement */
	ck_assert_int_eq(govrec_sql_script(st, "CREATE TEMP TABLE t(a, b)", &err), GOVREC_OK);
	ck_assert_int_eq(govrec_sql_exec(st, &err, "INSERT INTO t SELECT c0, c1 FROM govrec_rows(?1)",
					 "r", &rows),
			 GOVREC_OK);
	ck_assert_int_eq(govrec_sql_int(st, &err, &n, "SELECT count(*) FROM t WHERE b LIKE 'r_c1'",
					NULL),
			 GOVREC_OK);
	ck_assert_int_eq(n, 3);

	/* SQL alone cannot make it read memory: anything but a bound pointer is no rows */
	ck_assert_int_eq(govrec_sql_int(st, &err, &n, "SELECT count(*) FROM govrec_rows(1234)", NULL),
			 GOVREC_OK);
	ck_assert_int_eq(n, 0);
	ck_assert_int_eq(govrec_sql_int(st, &err, &n, "SELECT count(*) FROM govrec_rows(?1)", "t",
					"x"),
			 GOVREC_OK);
	ck_assert_int_eq(n, 0);
	/* and without its argument it is not a table at all */
	ck_assert_int_eq(govrec_sql_prepare(st, "SELECT * FROM govrec_rows", &s, &err),
			 GOVREC_ERROR);
}
END_TEST
START_TEST(test_readonly_refuses_writes)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_store *ro;
	char path[400];

	snprintf(path, sizeof(path), "%s", govrec_store_path(st));
	ck_assert_int_eq(govrec_store_open(path, GOVREC_STORE_READONLY, &ro, &err), GOVREC_OK);
	ck_assert_int_eq(govrec_store_begin(ro, "x", &err), GOVREC_ERROR);
	govrec_store_close(ro);
}
END_TEST

/*
 * The statement cache is keyed by the SQL text: one buffer holding two
 * queries in turn gets each its own statement (a cache keyed by the
 * buffer's address gave the first query's statement for the second), and
 * the same text in another buffer finds the statement prepared for it.
 */
START_TEST(test_sql_cache_by_text)
{
	char buf[64];
	sqlite3_stmt *a, *b, *again;
	char *copy;

	snprintf(buf, sizeof(buf), "SELECT 1");
	ck_assert_int_eq(govrec_sql_prepare(st, buf, &a, NULL), GOVREC_OK);
	ck_assert_int_eq(sqlite3_step(a), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int(a, 0), 1);
	sqlite3_reset(a);
	snprintf(buf, sizeof(buf), "SELECT 2");
	ck_assert_int_eq(govrec_sql_prepare(st, buf, &b, NULL), GOVREC_OK);
	ck_assert_ptr_ne(a, b);
	ck_assert_int_eq(sqlite3_step(b), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int(b, 0), 2);
	sqlite3_reset(b);
	copy = strdup("SELECT 1");
	ck_assert_int_eq(govrec_sql_prepare(st, copy, &again, NULL), GOVREC_OK);
	free(copy);
	ck_assert_ptr_eq(again, a);
	/* Many statements: the table grows and every one is still found. */
	for (int i = 0; i < 500; i++) {
		sqlite3_stmt *s;

		snprintf(buf, sizeof(buf), "SELECT %d", i + 10);
		ck_assert_int_eq(govrec_sql_prepare(st, buf, &s, NULL), GOVREC_OK);
		ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
		ck_assert_int_eq(sqlite3_column_int(s, 0), i + 10);
		sqlite3_reset(s);
	}
	snprintf(buf, sizeof(buf), "SELECT 2");
	ck_assert_int_eq(govrec_sql_prepare(st, buf, &again, NULL), GOVREC_OK);
	ck_assert_ptr_eq(again, b);
}
END_TEST

/*
 * A statement still being stepped is not handed out again: a loop over it
 * that calls code preparing the same text would otherwise see it reset
 * under it, and end early or start over.
 */
START_TEST(test_sql_busy_not_reused)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	const char *sql = "SELECT v FROM n ORDER BY v";
	sqlite3_stmt *outer, *inner = NULL;
	int row = 0, seen = 0;

	ck_assert_int_eq(govrec_sql_script(st,
					   "CREATE TEMP TABLE n(v); INSERT INTO n VALUES (1), (2), (3)",
					   &err),
			 GOVREC_OK);
	ck_assert_int_eq(govrec_sql_prepare(st, sql, &outer, &err), GOVREC_OK);
	while (govrec_sql_next(st, outer, &row, &err) == GOVREC_OK && row) {
		seen++;
		ck_assert_int_eq(sqlite3_column_int(outer, 0), seen);
		ck_assert_int_eq(govrec_sql_prepare(st, sql, &inner, NULL), GOVREC_ERROR);
		ck_assert_ptr_null(inner);
	}
	ck_assert_int_eq(seen, 3);
	/* done, it is free again; and one stopped early must be reset first */
	ck_assert_int_eq(govrec_sql_prepare(st, sql, &inner, &err), GOVREC_OK);
	ck_assert_ptr_eq(inner, outer);
	ck_assert_int_eq(govrec_sql_next(st, inner, &row, &err), GOVREC_OK);
	ck_assert_int_eq(govrec_sql_prepare(st, sql, &inner, &err), GOVREC_ERROR);
	ck_assert_ptr_nonnull(strstr(err.msg, "prepared again while it is being stepped"));
	sqlite3_reset(outer);
	ck_assert_int_eq(govrec_sql_prepare(st, sql, &inner, NULL), GOVREC_OK);
}
END_TEST

/*
 * The status of a failure is the helper's return, the same with and without
 * an error buffer: a refused constraint is INVALID whether or not the caller
 * asked for the message (govrec_sql_exec gave ERROR without one).
 */
START_TEST(test_status_without_err)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	const char *bad = "INSERT INTO meeting(number, date) VALUES (?1, ?2)";
	sqlite3_stmt *s;
	int row = -1;

	ck_assert_int_eq(govrec_store_begin(st, "t", NULL), GOVREC_OK);
	ck_assert_int_eq(govrec_sql_exec(st, NULL, bad, "it", (int64_t)-5, "2019-01-01"),
			 GOVREC_INVALID);
	ck_assert_int_eq(govrec_sql_query(st, NULL, &s, bad, "it", (int64_t)-5, "2019-01-01"),
			 GOVREC_OK);
	ck_assert_int_eq(govrec_sql_next(st, s, &row, NULL), GOVREC_INVALID);
	ck_assert_int_eq(row, 0);
	/* with a buffer: the same status, and the message */
	ck_assert_int_eq(govrec_sql_query(st, &err, &s, bad, "it", (int64_t)-5, "2019-01-01"),
			 GOVREC_OK);
	ck_assert_int_eq(govrec_sql_next(st, s, &row, &err), GOVREC_INVALID);
	ck_assert_int_eq(err.status, GOVREC_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "CHECK constraint failed"));
	govrec_store_rollback(st);
	/* a statement that does not prepare, with no buffer */
	ck_assert_int_eq(govrec_sql_prepare(st, "SELECT nonsense FROM nowhere", &s, NULL),
			 GOVREC_ERROR);
	ck_assert_int_eq(govrec_sql_query(st, NULL, &s, "SELECT ?1", "?", (int64_t)1),
			 GOVREC_ERROR);
	ck_assert_ptr_null(s);
	ck_assert_int_eq(govrec_sql_int(st, NULL, &(int64_t){ 0 }, "SELECT nonsense FROM nowhere",
					NULL),
			 GOVREC_ERROR);
}
END_TEST

/* A format binds every parameter: a letter too few or too many is an error. */
START_TEST(test_bind_counts)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	sqlite3_stmt *s;

	ck_assert_int_eq(govrec_sql_exec(st, &err, "SELECT ?1, ?2", "t", "x"), GOVREC_ERROR);
	ck_assert_ptr_nonnull(strstr(err.msg, "1 values for a statement of 2 parameters"));
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_sql_query(st, &err, &s, "SELECT ?1", "ti", "x", (int64_t)1),
			 GOVREC_ERROR);
	ck_assert_ptr_null(s);
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_sql_int(st, &err, &(int64_t){ 0 }, "SELECT ?1", NULL),
			 GOVREC_ERROR);
	govrec_error_clear(&err);
	/* a parameter used twice is one letter; ?3 alone needs three */
	ck_assert_int_eq(govrec_sql_exec(st, &err, "SELECT ?1, ?1", "i", (int64_t)1), GOVREC_OK);
	ck_assert_int_eq(govrec_sql_exec(st, &err, "SELECT ?3", "nni", (int64_t)3), GOVREC_OK);
	ck_assert_int_eq(govrec_sql_exec(st, &err, "SELECT 1", NULL), GOVREC_OK);
}
END_TEST

/* 'D' binds a real or, for a NULL pointer, NULL (no CASE WHEN flag in the SQL). */
START_TEST(test_bind_nullable_double)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	const double half = 0.5;
	sqlite3_stmt *s;
	int row = 0;

	ck_assert_int_eq(govrec_sql_query(st, &err, &s, "SELECT ?1, typeof(?1), ?2, typeof(?2)",
					  "DD", (const double *)NULL, &half),
			 GOVREC_OK);
	ck_assert_int_eq(govrec_sql_next(st, s, &row, &err), GOVREC_OK);
	ck_assert_int_eq(row, 1);
	ck_assert_int_eq(sqlite3_column_type(s, 0), SQLITE_NULL);
	ck_assert_str_eq(govrec_col_text(s, 1), "null");
	ck_assert_double_eq(sqlite3_column_double(s, 2), 0.5);
	ck_assert_str_eq(govrec_col_text(s, 3), "real");
	sqlite3_reset(s);
	/* into a table and back, as a target that may be absent is stored */
	ck_assert_int_eq(govrec_sql_script(st, "CREATE TEMP TABLE t(x REAL)", &err), GOVREC_OK);
	ck_assert_int_eq(govrec_sql_exec(st, &err, "INSERT INTO t VALUES (?1), (?2)", "DD", &half,
					 (const double *)NULL),
			 GOVREC_OK);
	ck_assert_int_eq(govrec_sql_int(st, &err, &(int64_t){ 0 },
					"SELECT 1 FROM t WHERE x IS NULL", NULL),
			 GOVREC_OK);
	ck_assert_int_eq(govrec_sql_int(st, &err, &(int64_t){ 0 }, "SELECT 1 FROM t WHERE x = 0.5",
					NULL),
			 GOVREC_OK);
}
END_TEST

/*
 * Binding by name: each value goes to its parameter whatever the order, with
 * the type its macro says; a name the statement lacks, one left out or one
 * given twice is an error, never a parameter silently left NULL.
 */
START_TEST(test_bind_named)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	const char *sql = "SELECT :t, :i, typeof(:id0), :id, typeof(:opt), :real, typeof(:rnull),"
			  " :rval, hex(:blob), typeof(:null)";
	const double third = 1.0 / 3;
	const struct govrec_bind b[] = {
		GOVREC_BIND_REAL_OR_NULL(":rval", &third),
		GOVREC_BIND_TEXT(":t", "O'Brien"),
		GOVREC_BIND_INT(":i", 42),
		GOVREC_BIND_ID(":id0", 0),
		GOVREC_BIND_ID(":id", 7),
		GOVREC_BIND_OPT(":opt", -1),
		GOVREC_BIND_REAL(":real", 2.5),
		GOVREC_BIND_REAL_OR_NULL(":rnull", NULL),
		GOVREC_BIND_BLOB(":blob", "\x01\x02", 2),
		GOVREC_BIND_NULL(":null"),
	};
	struct govrec_bind wrong[GOVREC_NBIND(b)];
	sqlite3_stmt *s;
	int row = 0;

	ck_assert_int_eq(govrec_sql_prepare(st, sql, &s, &err), GOVREC_OK);
	ck_assert_int_eq(govrec_sql_bind_named(st, s, b, GOVREC_NBIND(b), &err), GOVREC_OK);
	ck_assert_int_eq(govrec_sql_next(st, s, &row, &err), GOVREC_OK);
	ck_assert_int_eq(row, 1);
	ck_assert_str_eq(govrec_col_text(s, 0), "O'Brien");
	ck_assert_int_eq(sqlite3_column_int64(s, 1), 42);
	ck_assert_str_eq(govrec_col_text(s, 2), "null");
	ck_assert_int_eq(sqlite3_column_int64(s, 3), 7);
	ck_assert_str_eq(govrec_col_text(s, 4), "null");
	ck_assert_double_eq(sqlite3_column_double(s, 5), 2.5);
	ck_assert_str_eq(govrec_col_text(s, 6), "null");
	ck_assert_double_eq(sqlite3_column_double(s, 7), third);
	ck_assert_str_eq(govrec_col_text(s, 8), "0102");
	ck_assert_str_eq(govrec_col_text(s, 9), "null");
	sqlite3_reset(s);

	/* a misspelt name */
	memcpy(wrong, b, sizeof(b));
	wrong[2].name = ":I";
	ck_assert_int_eq(govrec_sql_prepare(st, sql, &s, &err), GOVREC_OK);
	ck_assert_int_eq(govrec_sql_bind_named(st, s, wrong, GOVREC_NBIND(wrong), &err),
			 GOVREC_ERROR);
	ck_assert_ptr_nonnull(strstr(err.msg, "no parameter ':I'"));
	/* one left out */
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_sql_exec_named(st, sql, b, GOVREC_NBIND(b) - 1, &err), GOVREC_ERROR);
	ck_assert_ptr_nonnull(strstr(err.msg, "9 values for a statement of 10 parameters"));
	/* one twice (and so another left out) */
	govrec_error_clear(&err);
	memcpy(wrong, b, sizeof(b));
	wrong[9].name = ":t";
	ck_assert_int_eq(govrec_sql_exec_named(st, sql, wrong, GOVREC_NBIND(wrong), &err),
			 GOVREC_ERROR);
	ck_assert_ptr_nonnull(strstr(err.msg, "':t' bound twice"));
	/* a bad letter, and a bad letter in a format */
	govrec_error_clear(&err);
	memcpy(wrong, b, sizeof(b));
	wrong[0].type = 'x';
	ck_assert_int_eq(govrec_sql_exec_named(st, sql, wrong, GOVREC_NBIND(wrong), NULL),
			 GOVREC_ERROR);
	ck_assert_int_eq(govrec_sql_exec(st, &err, "SELECT ?1", "x", (int64_t)1), GOVREC_ERROR);
	ck_assert_ptr_nonnull(strstr(err.msg, "bad bind letter 'x'"));
}
END_TEST

/*
 * A wide statement bound by name writes what it says: a document through
 * govrec_document_store (fourteen columns) reads back column by column.
 */
START_TEST(test_document_row_by_name)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_document_draft d;
	static const char bytes[] = "Alice: hello";
	sqlite3_stmt *s;
	int64_t id = 0;
	int existed = -1, row = 0;

	govrec_draft_init(&d);
	govrec_draft_set(&d.kind, "notes");
	govrec_draft_set(&d.title, "A title");
	govrec_draft_set(&d.date, "2019-11-04");
	govrec_draft_set(&d.media_type, "text/plain");
	govrec_draft_set(&d.meta, "{\"k\":1}");
	govrec_draft_set(&d.file_name, "a.txt");
	govrec_draft_set(&d.review, "RZERC");
	govrec_draft_set(&d.section, "4.2");
	d.importer = "text";
	d.importer_version = "9";
	d.bytes = bytes;
	d.size = sizeof(bytes) - 1;
	ck_assert_int_eq(govrec_draft_add(&d, "Alice", -1, -1, NULL, "hello"), 0);
	ck_assert_int_eq(govrec_document_store(st, &d, &id, &existed, &err), GOVREC_OK);
	ck_assert_int_eq(existed, 0);
	govrec_draft_release(&d);
	ck_assert_int_eq(govrec_sql_query(st, &err, &s,
					  "SELECT kind, typeof(meeting_id), title, date, file_name,"
					  " media_type, size, length(sha256), importer,"
					  " importer_version, length(imported_at), review, section,"
					  " meta FROM document WHERE id = ?1",
					  "i", id),
			 GOVREC_OK);
	ck_assert_int_eq(govrec_sql_next(st, s, &row, &err), GOVREC_OK);
	ck_assert_int_eq(row, 1);
	ck_assert_str_eq(govrec_col_text(s, 0), "notes");
	ck_assert_str_eq(govrec_col_text(s, 1), "null");
	ck_assert_str_eq(govrec_col_text(s, 2), "A title");
	ck_assert_str_eq(govrec_col_text(s, 3), "2019-11-04");
	ck_assert_str_eq(govrec_col_text(s, 4), "a.txt");
	ck_assert_str_eq(govrec_col_text(s, 5), "text/plain");
	ck_assert_int_eq(sqlite3_column_int64(s, 6), 12);
	ck_assert_int_eq(sqlite3_column_int64(s, 7), 64);
	ck_assert_str_eq(govrec_col_text(s, 8), "text");
	ck_assert_str_eq(govrec_col_text(s, 9), "9");
	ck_assert_int_eq(sqlite3_column_int64(s, 10), 20);
	ck_assert_str_eq(govrec_col_text(s, 11), "RZERC");
	ck_assert_str_eq(govrec_col_text(s, 12), "4.2");
	ck_assert_str_eq(govrec_col_text(s, 13), "{\"k\":1}");
	sqlite3_reset(s);
}
END_TEST


static Suite *suite(void)
{
	Suite *s = suite_create("store");
	TCase *tc = tcase_create("store");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_identity);
	tcase_add_test(tc, test_missing_file);
	tcase_add_test(tc, test_create_refuses_existing);
	tcase_add_test(tc, test_foreign_file);
	tcase_add_test(tc, test_other_application);
	tcase_add_test(tc, test_newer_schema);
	tcase_add_test(tc, test_migrate_older);
	tcase_add_test(tc, test_nested_transactions);
	tcase_add_test(tc, test_rows);
	tcase_add_test(tc, test_bind_and_errors);
	tcase_add_test(tc, test_readonly_refuses_writes);
	tcase_add_test(tc, test_savepoints);
	tcase_add_test(tc, test_unwritable_shm);
	tcase_add_test(tc, test_last_code);
	tcase_add_test(tc, test_sql_cache_by_text);
	tcase_add_test(tc, test_sql_busy_not_reused);
	tcase_add_test(tc, test_status_without_err);
	tcase_add_test(tc, test_bind_nullable_double);
	tcase_add_test(tc, test_bind_named);
	tcase_add_test(tc, test_bind_counts);
	tcase_add_test(tc, test_document_row_by_name);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_main(suite());
}
