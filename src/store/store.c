/*
 * store.c - opening, migrating and writing the archive (see store.h).
 *
 * The parts: opening checks the file's identity and schema version;
 * transactions nest by counting; and the audit hook - temporary triggers
 * generated from govrec_record_watches that tell govrec_dirty() which records
 * a statement touched, audited by the outermost commit.  The SQL helpers
 * (statements, binding, stepping) are in sql.c.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "govrec/audit.h"
#include "govrec/buf.h"
#include "govrec/store.h"
#include "rows.h"
#include "schema.h"
#include "store-int.h"

#define BUSY_TIMEOUT_MS 30000

static size_t dirty_hash(const char *s)
{
	size_t h = 1469598103934665603u; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

/* The slot that holds s, or the free slot where it would go. */
static size_t *dirty_slot(const struct dirty *d, const char *s)
{
	size_t i = dirty_hash(s) & (d->nslot - 1);

	while (d->slot[i] && strcmp(d->item[d->slot[i] - 1], s) != 0)
		i = (i + 1) & (d->nslot - 1);
	return &d->slot[i];
}

static int dirty_reindex(struct dirty *d, size_t nslot)
{
	size_t *slot = calloc(nslot, sizeof(*slot)), i;

	if (!slot)
		return -1;
	free(d->slot);
	d->slot = slot;
	d->nslot = nslot;
	for (i = 0; i < d->n; i++)
		*dirty_slot(d, d->item[i]) = i + 1;
	return 0;
}

/* 0, or -1 out of memory. */
static int dirty_add(struct dirty *d, const char *kind, const char *key)
{
	size_t len = strlen(kind) + 1 + strlen(key) + 1, *slot;
	char *s;

	if (d->n * 2 >= d->nslot && dirty_reindex(d, d->nslot ? d->nslot * 2 : 64))
		return -1;
	s = malloc(len);
	if (!s)
		return -1;
	snprintf(s, len, "%s:%s", kind, key);
	slot = dirty_slot(d, s);
	if (*slot) {
		free(s);
		return 0;
	}
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 64;
		char **item = realloc(d->item, cap * sizeof(*item));

		if (!item) {
			free(s);
			return -1;
		}
		d->item = item;
		d->cap = cap;
	}
	d->item[d->n++] = s;
	*slot = d->n;
	return 0;
}

/* Forgets all but the first n. */
static void dirty_truncate(struct dirty *d, size_t n)
{
	if (n >= d->n)
		return;
	while (d->n > n)
		free(d->item[--d->n]);
	if (d->nslot)
		memset(d->slot, 0, d->nslot * sizeof(*d->slot));
	for (n = 0; n < d->n; n++)
		*dirty_slot(d, d->item[n]) = n + 1;
}

static void dirty_release(struct dirty *d)
{
	dirty_truncate(d, 0);
	free(d->item);
	free(d->slot);
	memset(d, 0, sizeof(*d));
}

/* SQL function govrec_dirty(kind, key), called by the watch triggers. */
static void sql_dirty(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct govrec_store *st = sqlite3_user_data(ctx);
	const unsigned char *kind = sqlite3_value_text(argv[0]);
	const unsigned char *key = sqlite3_value_text(argv[1]);

	(void)argc;
	if (sqlite3_value_type(argv[1]) == SQLITE_NULL)
		return; /* the row belongs to no record */
	if (!kind || !key || dirty_add(&st->dirty, (const char *)kind, (const char *)key))
		sqlite3_result_error_nomem(ctx); /* fails the statement: nothing goes unaudited */
}

sqlite3 *govrec_store_db(struct govrec_store *st)
{
	return st->db;
}

const char *govrec_store_path(const struct govrec_store *st)
{
	return st->path;
}

void govrec_store_set_actor(struct govrec_store *st, const char *actor)
{
	char *copy = strdup(actor && *actor ? actor : "unknown");

	if (!copy)
		return;
	free(st->actor);
	st->actor = copy;
}

const char *govrec_store_actor(const struct govrec_store *st)
{
	return st->actor ? st->actor : "unknown";
}

int govrec_store_depth(const struct govrec_store *st)
{
	return st->depth;
}

/* SQL function govrec_sha256(X): hex SHA-256 of a blob or text, NULL for NULL. */
static void sql_sha256(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	char hex[65];
	const void *data;
	int n;

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	data = sqlite3_value_blob(argv[0]);
	n = sqlite3_value_bytes(argv[0]);
	govrec_sha256_hex(data ? data : "", (size_t)n, hex);
	sqlite3_result_text(ctx, hex, 64, SQLITE_TRANSIENT);
}

/* ---- the audit hook ---------------------------------------------------- */

/* Appends key with every '@' replaced by row ("NEW" or "OLD"). */
static void add_key_expr(struct govrec_buf *b, const char *key, const char *row)
{
	for (; *key; key++) {
		if (*key == '@')
			govrec_buf_adds(b, row);
		else
			govrec_buf_addch(b, *key);
	}
}

static void add_dirty_call(struct govrec_buf *b, const struct govrec_record_watch *w,
			   const char *row)
{
	govrec_buf_addf(b, " SELECT govrec_dirty('%s', CAST(", w->kind);
	add_key_expr(b, w->key, row);
	govrec_buf_adds(b, " AS TEXT));");
}

/* One trigger per table and event: the record(s) the row belongs to are dirty. */
static void add_watch_trigger(struct govrec_buf *b, const struct govrec_record_watch *w,
			      const char *event)
{
	govrec_buf_addf(b,
			"CREATE TEMP TRIGGER IF NOT EXISTS \"audit_%s_%s\" AFTER %s ON main.\"%s\" "
			"BEGIN",
			w->table, event, event, w->table);
	if (strcmp(event, "INSERT") != 0)
		add_dirty_call(b, w, "OLD");
	if (strcmp(event, "DELETE") != 0)
		add_dirty_call(b, w, "NEW");
	govrec_buf_adds(b, " END;\n");
}

static enum govrec_status install_audit_hook(struct govrec_store *st, struct govrec_error *err)
{
	struct govrec_buf sql = GOVREC_BUF_INIT;
	const struct govrec_record_watch *w;
	enum govrec_status rc;

	/*
	 * Not SQLITE_DIRECTONLY: temporary triggers call it.  A trigger of a
	 * hostile archive's own schema that calls it can only add records
	 * whose content is unchanged, which auditing skips.
	 */
	if (sqlite3_create_function(st->db, "govrec_dirty", 2, SQLITE_UTF8, st, sql_dirty, NULL,
				    NULL) != SQLITE_OK)
		return govrec_store_fail(st, err, "cannot register functions");
	for (w = govrec_record_watches; w->table; w++) {
		add_watch_trigger(&sql, w, "INSERT");
		add_watch_trigger(&sql, w, "UPDATE");
		add_watch_trigger(&sql, w, "DELETE");
	}
	rc = govrec_sql_script(st, sql.data, err);
	govrec_buf_release(&sql);
	return rc;
}

/*
 * *same is 1 when what the audit log last says of record matches the record
 * now: the same content hash, or (exists 0) deleted or never logged.
 */
static enum govrec_status audit_says(struct govrec_store *st, const char *record,
				     const char *hex, int exists, int *same,
				     struct govrec_error *err)
{
	sqlite3_stmt *s;
	enum govrec_status rc;
	int row;

	rc = govrec_sql_prepare(st,
				"SELECT content_sha256 FROM audit WHERE record = ?1 "
				"ORDER BY seq DESC LIMIT 1",
				&s, err);
	if (rc == GOVREC_OK)
		rc = govrec_sql_bind(st, s, err, "t", record);
	if (rc == GOVREC_OK)
		rc = govrec_sql_next(st, s, &row, err);
	if (rc != GOVREC_OK)
		return rc;
	if (!row || sqlite3_column_type(s, 0) == SQLITE_NULL)
		*same = !exists;
	else
		*same = exists && strcmp(govrec_col_text(s, 0), hex) == 0;
	sqlite3_reset(s);
	return GOVREC_OK;
}

/* Writes one audit row for every record the transaction changed. */
static enum govrec_status audit_dirty(struct govrec_store *st, struct govrec_error *err)
{
	enum govrec_status rc = GOVREC_OK;
	size_t i;

	for (i = 0; i < st->dirty.n && rc == GOVREC_OK; i++) {
		const char *record = st->dirty.item[i], *key = strchr(record, ':') + 1;
		const struct govrec_record_kind *k;
		char kind[32], hex[65];
		int exists = 0, same = 0;

		snprintf(kind, sizeof(kind), "%.*s", (int)(key - 1 - record), record);
		k = govrec_record_kind_find(kind);
		if (!k)
			return govrec_error_set(err, GOVREC_ERROR,
						"internal: unknown record kind '%s'", kind);
		rc = govrec_record_hash(st, k, key, hex, &exists, err);
		if (rc == GOVREC_OK)
			rc = audit_says(st, record, hex, exists, &same, err);
		if (rc == GOVREC_OK && !same)
			rc = govrec_audit_append(st, st->op, record, exists ? hex : NULL, err);
	}
	return rc;
}

static enum govrec_status check_alive(struct govrec_store *st, struct govrec_error *err)
{
	if (st->depth > 0 && sqlite3_get_autocommit(st->db)) {
		st->doomed = 1;
		return govrec_error_set(err, GOVREC_ERROR,
					"the transaction was rolled back after an earlier error");
	}
	return st->doomed ? govrec_error_set(err, GOVREC_ERROR,
					     "the transaction was rolled back after an earlier "
					     "error")
			  : GOVREC_OK;
}

enum govrec_status govrec_store_begin(struct govrec_store *st, const char *op,
				      struct govrec_error *err)
{
	if (!st->writable)
		return govrec_error_set(err, GOVREC_ERROR,
					"internal: write to an archive opened read-only");
	/* refused levels are not counted: callers return without ending them */
	if (st->depth > 0 && check_alive(st, err) != GOVREC_OK)
		return GOVREC_ERROR;
	if (st->depth == 0) {
		enum govrec_status rc = govrec_sql_exec(st, err, "BEGIN IMMEDIATE", NULL);

		if (rc != GOVREC_OK) {
			govrec_error_prefix(err, "cannot start a transaction");
			return rc;
		}
		snprintf(st->op, sizeof(st->op), "%s", op ? op : "write");
		st->doomed = 0;
		st->sp_depth = 0;
		st->sp_doomed = 0;
		/* Records touched by an earlier, abandoned transaction are not ours. */
		dirty_truncate(&st->dirty, 0);
	}
	st->depth++;
	return GOVREC_OK;
}

enum govrec_status govrec_store_commit(struct govrec_store *st, struct govrec_error *err)
{
	enum govrec_status rc;

	if (st->depth == 0)
		return govrec_error_set(err, GOVREC_ERROR, "internal: commit without a transaction");
	if (--st->depth > 0)
		return GOVREC_OK;
	if (st->doomed || st->sp_depth || sqlite3_get_autocommit(st->db)) {
		if (!sqlite3_get_autocommit(st->db))
			govrec_sql_exec(st, NULL, "ROLLBACK", NULL);
		dirty_truncate(&st->dirty, 0);
		st->doomed = 0;
		st->sp_depth = 0;
		st->sp_doomed = 0;
		return govrec_error_set(err, GOVREC_ERROR, "the transaction was rolled back");
	}
	rc = audit_dirty(st, err);
	if (rc == GOVREC_OK)
		rc = govrec_sql_exec(st, err, "COMMIT", NULL);
	if (rc != GOVREC_OK) {
		govrec_error_prefix(err, "cannot commit");
		govrec_sql_exec(st, NULL, "ROLLBACK", NULL);
	}
	dirty_truncate(&st->dirty, 0);
	return rc;
}

void govrec_store_rollback(struct govrec_store *st)
{
	if (st->depth == 0)
		return;
	if (--st->depth > 0) {
		/* inside a savepoint only the savepoint is lost */
		if (st->sp_depth && st->depth >= st->sp_depth)
			st->sp_doomed = 1;
		else
			st->doomed = 1;
		return;
	}
	if (!sqlite3_get_autocommit(st->db))
		govrec_sql_exec(st, NULL, "ROLLBACK", NULL);
	dirty_truncate(&st->dirty, 0);
	st->doomed = 0;
	st->sp_depth = 0;
	st->sp_doomed = 0;
}

enum govrec_status govrec_store_savepoint(struct govrec_store *st, struct govrec_error *err)
{
	enum govrec_status rc;

	if (st->depth == 0 || st->sp_depth)
		return govrec_error_set(err, GOVREC_ERROR,
					"internal: a savepoint needs a transaction and no other "
					"savepoint");
	if (check_alive(st, err) != GOVREC_OK)
		return GOVREC_ERROR;
	rc = govrec_sql_exec(st, err, "SAVEPOINT govrec_part", NULL);
	if (rc != GOVREC_OK)
		return rc;
	st->sp_dirty = st->dirty.n;
	st->sp_depth = st->depth;
	st->sp_doomed = 0;
	return GOVREC_OK;
}

void govrec_store_rollback_to(struct govrec_store *st)
{
	if (!st->sp_depth)
		return;
	if (sqlite3_get_autocommit(st->db) ||
	    govrec_sql_exec(st, NULL, "ROLLBACK TO govrec_part", NULL) != GOVREC_OK ||
	    govrec_sql_exec(st, NULL, "RELEASE govrec_part", NULL) != GOVREC_OK)
		st->doomed = 1; /* the transaction is in an unknown state: lose it all */
	dirty_truncate(&st->dirty, st->sp_dirty);
	st->sp_depth = 0;
	st->sp_doomed = 0;
}

enum govrec_status govrec_store_release(struct govrec_store *st, struct govrec_error *err)
{
	enum govrec_status rc;

	if (!st->sp_depth)
		return govrec_error_set(err, GOVREC_ERROR, "internal: no savepoint to release");
	if (st->sp_doomed || st->depth != st->sp_depth || check_alive(st, err) != GOVREC_OK) {
		govrec_store_rollback_to(st);
		return govrec_error_set(err, GOVREC_ERROR, "the savepoint was rolled back");
	}
	rc = govrec_sql_exec(st, err, "RELEASE govrec_part", NULL);
	if (rc != GOVREC_OK) {
		govrec_store_rollback_to(st);
		return rc;
	}
	st->sp_depth = 0;
	return GOVREC_OK;
}

/* ---- opening ----------------------------------------------------------- */

static enum govrec_status pragma_int(struct govrec_store *st, const char *sql, int64_t *out,
				     struct govrec_error *err)
{
	enum govrec_status rc = govrec_sql_int(st, err, out, sql, NULL);

	if (rc == GOVREC_NOTFOUND) {
		*out = 0;
		rc = GOVREC_OK;
	}
	return rc;
}

static enum govrec_status migrate(struct govrec_store *st, int from, struct govrec_error *err)
{
	struct govrec_buf sql = GOVREC_BUF_INIT;
	enum govrec_status rc;
	int v;

	rc = govrec_sql_script(st, "BEGIN IMMEDIATE", err);
	if (rc != GOVREC_OK)
		return rc;
	for (v = from; v < govrec_schema_version() && rc == GOVREC_OK; v++) {
		const char *const *step;

		for (step = govrec_schema_migration(v); *step && rc == GOVREC_OK; step++)
			rc = govrec_sql_script(st, *step, err);
		if (rc != GOVREC_OK)
			govrec_error_prefix(err, "cannot migrate '%s' to schema %d", st->path, v + 1);
	}
	if (rc == GOVREC_OK) {
		govrec_buf_addf(&sql, "PRAGMA application_id = %d; PRAGMA user_version = %d; COMMIT;",
				GOVREC_APPLICATION_ID, govrec_schema_version());
		rc = govrec_sql_script(st, sql.data, err);
	}
	if (rc != GOVREC_OK)
		govrec_sql_script(st, "ROLLBACK", NULL);
	govrec_buf_release(&sql);
	return rc;
}

/*
 * The first read of the file failed.  Only SQLite's "file is not a database"
 * means that it is not an archive; anything else (the shared-memory file
 * of a WAL archive cannot be made: a full disk, a file size limit, a
 * read-only directory) is the environment's, and said as such.
 */
static enum govrec_status open_failed(struct govrec_store *st, struct govrec_error *err)
{
	int code = st->last_code, e = govrec_store_errno(st);

	govrec_error_clear(err);
	if ((code & 0xff) == SQLITE_NOTADB || (code & 0xff) == SQLITE_CORRUPT)
		return govrec_error_set(err, GOVREC_INVALID, "'%s' is not a govrec archive",
					st->path);
	if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
		return govrec_error_set(err, GOVREC_ERROR,
					"cannot open '%s': the archive is busy (another process "
					"kept it locked for %d seconds); try again",
					st->path, BUSY_TIMEOUT_MS / 1000);
	if (code == SQLITE_IOERR_SHMOPEN || code == SQLITE_IOERR_SHMSIZE ||
	    code == SQLITE_IOERR_SHMMAP || code == SQLITE_READONLY_CANTINIT)
		return govrec_error_set(err, GOVREC_ERROR,
					"cannot open '%s': cannot write its shared-memory file "
					"'%s-shm': %s",
					st->path, st->path,
					e ? strerror(e) : sqlite3_errstr(code));
	return govrec_error_set(err, GOVREC_ERROR, "cannot open '%s': %s%s%s%s", st->path,
				sqlite3_errmsg(st->db), e ? " (" : "", e ? strerror(e) : "",
				e ? ")" : "");
}

static enum govrec_status check_identity(struct govrec_store *st, int flags,
					 struct govrec_error *err)
{
	int64_t app = 0, version = 0, tables = 0;
	enum govrec_status rc;

	if ((rc = pragma_int(st, "PRAGMA application_id", &app, err)) != GOVREC_OK ||
	    (rc = pragma_int(st, "PRAGMA user_version", &version, err)) != GOVREC_OK ||
	    (rc = pragma_int(st, "SELECT count(*) FROM sqlite_schema", &tables, err)) != GOVREC_OK)
		return open_failed(st, err);
	if (flags & GOVREC_STORE_CREATE) {
		if (app != 0 || tables != 0)
			return govrec_error_set(err, GOVREC_INVALID, "'%s' already exists", st->path);
		return migrate(st, 0, err);
	}
	if (app != GOVREC_APPLICATION_ID)
		return govrec_error_set(err, GOVREC_INVALID,
					"'%s' is not a govrec archive (application id %lld)",
					st->path, (long long)app);
	if (version > govrec_schema_version())
		return govrec_error_set(err, GOVREC_INVALID,
					"'%s' was written by a newer govrec (schema %lld; this "
					"govrec knows up to %d)",
					st->path, (long long)version, govrec_schema_version());
	if (version < govrec_schema_version()) {
		if (!(flags & GOVREC_STORE_WRITE))
			return govrec_error_set(err, GOVREC_INVALID,
						"'%s' has schema %lld and this govrec uses %d: run "
						"'govrec init' to upgrade it",
						st->path, (long long)version, govrec_schema_version());
		return migrate(st, (int)version, err);
	}
	return GOVREC_OK;
}

/*
 * Process-wide settings, before SQLite initialises: no memory statistics
 * (they take a global mutex on every allocation, and govrec never reads
 * them).  If something initialised SQLite first the call is refused, and
 * SQLite keeps counting: slower, nothing worse.
 */
static pthread_once_t configured = PTHREAD_ONCE_INIT;

static void configure_sqlite(void)
{
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

enum govrec_status govrec_store_open(const char *path, int flags, struct govrec_store **out,
				     struct govrec_error *err)
{
	struct govrec_store *st;
	struct stat sb;
	int oflags;
	enum govrec_status rc;

	*out = NULL;
	pthread_once(&configured, configure_sqlite);
	if (flags & GOVREC_STORE_CREATE) {
		if (stat(path, &sb) == 0)
			return govrec_error_set(err, GOVREC_INVALID, "'%s' already exists", path);
		oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
		flags |= GOVREC_STORE_WRITE;
	} else {
		if (stat(path, &sb) != 0) {
			if (errno == ENOENT)
				return govrec_error_set(err, GOVREC_NOTFOUND,
							"no archive at '%s': run 'govrec init' to "
							"create one",
							path);
			return govrec_error_set(err, GOVREC_ERROR, "cannot open '%s': %s", path,
						strerror(errno));
		}
		if (!S_ISREG(sb.st_mode))
			return govrec_error_set(err, GOVREC_INVALID, "'%s' is not a file", path);
		oflags = (flags & GOVREC_STORE_WRITE) ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY;
	}
	st = calloc(1, sizeof(*st));
	if (!st || !(st->path = strdup(path))) {
		free(st);
		return govrec_error_oom(err);
	}
	st->writable = (flags & GOVREC_STORE_WRITE) != 0;
	/* NOMUTEX: a store is one thread's (store.h), so no lock around every call */
	oflags |= SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(path, &st->db, oflags, NULL) != SQLITE_OK) {
		rc = govrec_error_set(err, GOVREC_ERROR, "cannot open '%s': %s", path,
				      st->db ? sqlite3_errmsg(st->db) : "out of memory");
		goto fail;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
	if (sqlite3_create_function(st->db, "govrec_sha256", 1,
				    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
				    sql_sha256, NULL, NULL) != SQLITE_OK ||
	    govrec_rows_register(st->db) != SQLITE_OK) {
		rc = govrec_store_fail(st, err, "cannot register functions");
		goto fail;
	}
	rc = govrec_sql_script(st, "PRAGMA foreign_keys = ON;", err);
	if (rc == GOVREC_OK && (flags & GOVREC_STORE_CREATE))
		rc = govrec_sql_script(st, "PRAGMA journal_mode = WAL;", err);
	if (rc == GOVREC_OK)
		rc = check_identity(st, flags, err);
	/*
	 * Statement and savepoint journals in memory: every statement that fires
	 * triggers has one, and an import keeps a savepoint per file; in temporary
	 * files they cost hundreds of thousands of writes.  Their size is bounded
	 * by what one transaction changes (an import batch is at most 2 MiB of
	 * files), not by the size of the archive.
	 *
	 * A page cache that holds what one such transaction changes (16 MiB,
	 * against SQLite's 2): with less, SQLite writes changed pages to the WAL
	 * in the middle of the transaction to make room, and writes them again
	 * when they change once more, and reads back pages it dropped.  For 10 MB
	 * of transcripts that was 43 000 writes and 31 000 reads; now 32 000 and
	 * 11 000.  It is a bound, reached only by transactions that big.
	 */
	if (rc == GOVREC_OK && st->writable)
		rc = govrec_sql_script(st,
				       "PRAGMA synchronous = FULL; PRAGMA temp_store = MEMORY;"
				       " PRAGMA cache_size = -16384;",
				       err);
	if (rc == GOVREC_OK && st->writable)
		rc = install_audit_hook(st, err);
	if (rc != GOVREC_OK)
		goto fail;
	*out = st;
	return GOVREC_OK;
fail:
	govrec_store_close(st);
	return rc;
}

void govrec_store_close(struct govrec_store *st)
{
	if (!st)
		return;
	while (st->depth > 0)
		govrec_store_rollback(st);
	sqlcache_release(&st->cache);
	if (st->db)
		sqlite3_close(st->db);
	dirty_release(&st->dirty);
	free(st->path);
	free(st->actor);
	free(st);
}
