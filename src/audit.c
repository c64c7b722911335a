/*
 * audit.c - canonical content hashes, the audit hash chain, and `check`.
 *
 * The store (store.c) calls govrec_record_hash() and govrec_audit_append()
 * at every outermost commit; govrec_check() recomputes both from scratch, so
 * that a row changed with the sqlite3 shell behind govrec's back is found.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "govrec/audit.h"
#include "govrec/buf.h"
#include "digest.h"

static const char zero_hash[] =
	"0000000000000000000000000000000000000000000000000000000000000000";

static void to_hex(const unsigned char *bin, size_t n, char *hex)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		hex[2 * i] = digits[bin[i] >> 4];
		hex[2 * i + 1] = digits[bin[i] & 15];
	}
	hex[2 * n] = '\0';
}

void govrec_sha256_hex(const void *data, size_t len, char hex[65])
{
	struct govrec_sha256 c;
	unsigned char h[GOVREC_SHA256_BYTES];

	govrec_sha256_init(&c);
	govrec_sha256_update(&c, data, len);
	govrec_sha256_final(&c, h);
	to_hex(h, sizeof(h), hex);
}

const struct govrec_record_kind *govrec_record_kind_find(const char *name)
{
	const struct govrec_record_kind *k;

	for (k = govrec_record_kinds; k->name; k++)
		if (strcmp(k->name, name) == 0)
			return k;
	return NULL;
}

/* Feeds one value to the hash as a type letter, a length and the bytes. */
static void hash_value(struct govrec_sha256 *h, sqlite3_stmt *s, int col)
{
	unsigned char head[9];
	const void *data = NULL;
	uint64_t n = 0;
	char num[32];
	int i;

	switch (sqlite3_column_type(s, col)) {
	case SQLITE_NULL:
		head[0] = 'n';
		break;
	case SQLITE_INTEGER:
		head[0] = 'i';
		n = (uint64_t)snprintf(num, sizeof(num), "%lld", (long long)sqlite3_column_int64(s, col));
		data = num;
		break;
	case SQLITE_FLOAT:
		head[0] = 'f';
		n = (uint64_t)snprintf(num, sizeof(num), "%.17g", sqlite3_column_double(s, col));
		data = num;
		break;
	case SQLITE_TEXT:
		head[0] = 't';
		data = sqlite3_column_text(s, col);
		n = (uint64_t)sqlite3_column_bytes(s, col);
		break;
	default:
		head[0] = 'b';
		data = sqlite3_column_blob(s, col);
		n = (uint64_t)sqlite3_column_bytes(s, col);
		break;
	}
	for (i = 0; i < 8; i++)
		head[1 + i] = (unsigned char)(n >> (56 - 8 * i));
	govrec_sha256_update(h, head, sizeof(head));
	if (n)
		govrec_sha256_update(h, data, n);
}

enum govrec_status govrec_record_hash(struct govrec_store *st, const struct govrec_record_kind *k,
				      const char *key, char hex[65], int *exists,
				      struct govrec_error *err)
{
	struct govrec_sha256 h;
	unsigned char out[GOVREC_SHA256_BYTES];
	int q, step, rows = 0;

	govrec_sha256_init(&h);
	*exists = 0;
	hex[0] = '\0';
	for (q = 0; q < GOVREC_KIND_QUERIES && k->content_sql[q]; q++) {
		sqlite3_stmt *s = govrec_sql(st, k->content_sql[q], err);

		if (!s || govrec_sql_bind(st, s, err, "t", key) != GOVREC_OK)
			return GOVREC_ERROR;
		govrec_sha256_update(&h, (const unsigned char *)"q", 1);
		while ((step = govrec_sql_step(st, s, err)) == 1) {
			int c, ncol = sqlite3_column_count(s);

			/* The first query is the record's own row: it decides existence. */
			if (q == 0)
				rows++;
			govrec_sha256_update(&h, (const unsigned char *)"r", 1);
			for (c = 0; c < ncol; c++)
				hash_value(&h, s, c);
		}
		sqlite3_reset(s);
		if (step < 0)
			return GOVREC_ERROR;
	}
	if (rows == 0)
		return GOVREC_OK;
	govrec_sha256_final(&h, out);
	to_hex(out, sizeof(out), hex);
	*exists = 1;
	return GOVREC_OK;
}

static void chain_hash(const char *prev, int64_t seq, const char *time, const char *actor,
		       const char *op, const char *record, const char *content, char hex[65])
{
	struct govrec_buf b = GOVREC_BUF_INIT;

	govrec_buf_addf(&b, "%s\n%lld\n%s\n%s\n%s\n%s\n%s", prev, (long long)seq, time, actor, op,
			record, content ? content : "-");
	govrec_sha256_hex(b.data, b.len, hex);
	govrec_buf_release(&b);
}

enum govrec_status govrec_audit_append(struct govrec_store *st, const char *op,
				       const char *record, const char *content_hex,
				       struct govrec_error *err)
{
	sqlite3_stmt *s;
	char prev[65], hex[65], when[32];
	int64_t seq = 1;
	time_t now = time(NULL);
	struct tm tm;
	int step;

	s = govrec_sql(st, "SELECT seq, sha256 FROM audit ORDER BY seq DESC LIMIT 1", err);
	if (!s)
		return GOVREC_ERROR;
	step = govrec_sql_step(st, s, err);
	if (step < 0)
		return GOVREC_ERROR;
	if (step == 1) {
		seq = sqlite3_column_int64(s, 0) + 1;
		snprintf(prev, sizeof(prev), "%s", govrec_col_text(s, 1));
	} else {
		memcpy(prev, zero_hash, sizeof(prev));
	}
	sqlite3_reset(s);
	gmtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	chain_hash(prev, seq, when, govrec_store_actor(st), op, record, content_hex, hex);
	return govrec_sql_exec(st, err,
			       "INSERT INTO audit(seq, time, actor, op, record, content_sha256, "
			       "prev_sha256, sha256) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
			       "ittttttt", seq, when, govrec_store_actor(st), op, record, content_hex,
			       prev, hex);
}

static void fill_entry(sqlite3_stmt *s, struct govrec_audit_entry *e)
{
	e->seq = sqlite3_column_int64(s, 0);
	e->time = govrec_col_text(s, 1);
	e->actor = govrec_col_text(s, 2);
	e->op = govrec_col_text(s, 3);
	e->record = govrec_col_text(s, 4);
	e->content_sha256 = (const char *)sqlite3_column_text(s, 5);
	e->prev_sha256 = govrec_col_text(s, 6);
	e->sha256 = govrec_col_text(s, 7);
}

enum govrec_status govrec_audit_each(struct govrec_store *st, const char *record,
				     const char *since,
				     int (*fn)(const struct govrec_audit_entry *, void *), void *ctx,
				     struct govrec_error *err)
{
	sqlite3_stmt *s;
	struct govrec_audit_entry e;
	int step;

	s = govrec_sql(st,
		       "SELECT seq, time, actor, op, record, content_sha256, prev_sha256, sha256 "
		       "FROM audit WHERE (?1 IS NULL OR record = ?1 OR"
		       "  (instr(?1, ':') = 0 AND substr(record, 1, length(?1) + 1) = ?1 || ':'))"
		       " AND (?2 IS NULL OR substr(time, 1, 10) >= ?2) ORDER BY seq",
		       err);
	if (!s || govrec_sql_bind(st, s, err, "tt", record, since) != GOVREC_OK)
		return GOVREC_ERROR;
	while ((step = govrec_sql_step(st, s, err)) == 1) {
		fill_entry(s, &e);
		if (fn(&e, ctx))
			break;
	}
	sqlite3_reset(s);
	return step < 0 ? GOVREC_ERROR : GOVREC_OK;
}

/* ---- check ------------------------------------------------------------- */

struct checker {
	struct govrec_store *st;
	void (*problem)(const char *msg, void *ctx);
	void *ctx;
	int found;
};

static void report(struct checker *c, const char *fmt, ...) GOVREC_PRINTF(2, 3);
static void report(struct checker *c, const char *fmt, ...)
{
	char msg[GOVREC_ERROR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	c->found++;
	c->problem(msg, c->ctx);
}

static enum govrec_status check_sqlite(struct checker *c, struct govrec_error *err)
{
	sqlite3_stmt *s = govrec_sql(c->st, "PRAGMA integrity_check", err);
	int step;

	if (!s)
		return GOVREC_ERROR;
	while ((step = govrec_sql_step(c->st, s, err)) == 1)
		if (strcmp(govrec_col_text(s, 0), "ok") != 0)
			report(c, "database: %s", govrec_col_text(s, 0));
	sqlite3_reset(s);
	if (step < 0)
		return GOVREC_ERROR;

	/* FTS5 reports a damaged or out-of-step index as SQLITE_CORRUPT_VTAB. */
	if (sqlite3_exec(govrec_store_db(c->st),
			 "INSERT INTO search(search, rank) VALUES ('integrity-check', 1)", NULL, NULL,
			 NULL) != SQLITE_OK)
		report(c, "search index: %s", sqlite3_errmsg(govrec_store_db(c->st)));
	return GOVREC_OK;
}

static enum govrec_status check_chain(struct checker *c, struct govrec_error *err)
{
	sqlite3_stmt *s;
	char prev[65], hex[65];
	int64_t expect = 1;
	int step;

	memcpy(prev, zero_hash, sizeof(prev));
	s = govrec_sql(c->st,
		       "SELECT seq, time, actor, op, record, content_sha256, prev_sha256, sha256 "
		       "FROM audit ORDER BY seq",
		       err);
	if (!s)
		return GOVREC_ERROR;
	while ((step = govrec_sql_step(c->st, s, err)) == 1) {
		struct govrec_audit_entry e;

		fill_entry(s, &e);
		if (e.seq != expect)
			report(c, "audit log: entry %lld is missing", (long long)expect);
		if (strcmp(e.prev_sha256, prev) != 0)
			report(c, "audit log: entry %lld does not follow the entry before it",
			       (long long)e.seq);
		chain_hash(e.prev_sha256, e.seq, e.time, e.actor, e.op, e.record, e.content_sha256,
			   hex);
		if (strcmp(hex, e.sha256) != 0)
			report(c, "audit log: entry %lld (%s) was altered", (long long)e.seq, e.record);
		snprintf(prev, sizeof(prev), "%s", e.sha256);
		expect = e.seq + 1;
	}
	sqlite3_reset(s);
	return step < 0 ? GOVREC_ERROR : GOVREC_OK;
}

/* Compares every record of kind k with the latest audit row naming it. */
static enum govrec_status check_kind(struct checker *c, const struct govrec_record_kind *k,
				     struct govrec_error *err)
{
	struct govrec_buf record = GOVREC_BUF_INIT, key = GOVREC_BUF_INIT;
	sqlite3_stmt *keys, *last;
	enum govrec_status rc = GOVREC_OK;
	int step;

	keys = govrec_sql(c->st, k->keys_sql, err);
	if (!keys)
		return GOVREC_ERROR;
	while (rc == GOVREC_OK && (step = govrec_sql_step(c->st, keys, err)) == 1) {
		char hex[65];
		int exists, found;

		govrec_buf_reset(&key);
		govrec_buf_adds(&key, govrec_col_text(keys, 0));
		govrec_buf_reset(&record);
		govrec_buf_addf(&record, "%s:%s", k->name, key.data);
		rc = govrec_record_hash(c->st, k, key.data, hex, &exists, err);
		if (rc != GOVREC_OK)
			break;
		last = govrec_sql(c->st,
				  "SELECT seq, content_sha256 FROM audit WHERE record = ?1 "
				  "ORDER BY seq DESC LIMIT 1",
				  err);
		if (!last || govrec_sql_bind(c->st, last, err, "t", record.data) != GOVREC_OK) {
			rc = GOVREC_ERROR;
			break;
		}
		found = govrec_sql_step(c->st, last, err);
		if (found < 0) {
			rc = GOVREC_ERROR;
			break;
		}
		if (found == 0)
			report(c, "%s has no audit entry: it was written behind govrec's back",
			       record.data);
		else if (sqlite3_column_type(last, 1) == SQLITE_NULL)
			report(c, "%s was deleted (audit entry %lld) but exists again", record.data,
			       (long long)sqlite3_column_int64(last, 0));
		else if (strcmp(govrec_col_text(last, 1), hex) != 0)
			report(c, "%s does not match its audit entry %lld: it was changed behind "
				  "govrec's back",
			       record.data, (long long)sqlite3_column_int64(last, 0));
		sqlite3_reset(last);
	}
	sqlite3_reset(keys);
	if (rc == GOVREC_OK && step < 0)
		rc = GOVREC_ERROR;
	govrec_buf_release(&record);
	govrec_buf_release(&key);
	return rc;
}

/* Records whose latest audit row says they exist, but which are gone. */
static enum govrec_status check_vanished(struct checker *c, struct govrec_error *err)
{
	sqlite3_stmt *s;
	int step;
	enum govrec_status rc = GOVREC_OK;

	s = govrec_sql(c->st,
		       "SELECT a.record FROM audit a WHERE a.content_sha256 IS NOT NULL"
		       " AND a.seq = (SELECT max(seq) FROM audit b WHERE b.record = a.record)"
		       " ORDER BY a.seq",
		       err);
	if (!s)
		return GOVREC_ERROR;
	while ((step = govrec_sql_step(c->st, s, err)) == 1) {
		const char *record = govrec_col_text(s, 0);
		const char *colon = strchr(record, ':');
		const struct govrec_record_kind *k;
		char name[64], hex[65];
		int exists;

		if (!colon || (size_t)(colon - record) >= sizeof(name)) {
			report(c, "audit log names an unknown record '%s'", record);
			continue;
		}
		memcpy(name, record, (size_t)(colon - record));
		name[colon - record] = '\0';
		k = govrec_record_kind_find(name);
		if (!k) {
			report(c, "audit log names an unknown record '%s'", record);
			continue;
		}
		rc = govrec_record_hash(c->st, k, colon + 1, hex, &exists, err);
		if (rc != GOVREC_OK)
			break;
		if (!exists)
			report(c, "%s is in the audit log but is gone: it was deleted behind govrec's "
				  "back",
			       record);
	}
	sqlite3_reset(s);
	if (rc == GOVREC_OK && step < 0)
		rc = GOVREC_ERROR;
	return rc;
}

static enum govrec_status check_originals(struct checker *c, struct govrec_error *err)
{
	sqlite3_stmt *s;
	int step;

	s = govrec_sql(c->st,
		       "SELECT d.id, d.sha256, govrec_sha256(o.bytes), o.bytes IS NULL "
		       "FROM document d LEFT JOIN original o ON o.document_id = d.id ORDER BY d.id",
		       err);
	if (!s)
		return GOVREC_ERROR;
	while ((step = govrec_sql_step(c->st, s, err)) == 1) {
		long long id = sqlite3_column_int64(s, 0);

		if (sqlite3_column_int(s, 3))
			report(c, "document:%lld has lost its original bytes", id);
		else if (strcmp(govrec_col_text(s, 1), govrec_col_text(s, 2)) != 0)
			report(c, "document:%lld: its original bytes do not match their SHA-256", id);
	}
	sqlite3_reset(s);
	return step < 0 ? GOVREC_ERROR : GOVREC_OK;
}

/* The chain, every record against it, every original against its SHA-256. */
static enum govrec_status check_records(struct checker *c, struct govrec_error *err)
{
	const struct govrec_record_kind *k;
	enum govrec_status rc;

	rc = check_chain(c, err);
	for (k = govrec_record_kinds; rc == GOVREC_OK && k->name; k++)
		rc = check_kind(c, k, err);
	if (rc == GOVREC_OK)
		rc = check_vanished(c, err);
	if (rc == GOVREC_OK)
		rc = check_originals(c, err);
	return rc;
}

enum govrec_status govrec_audit_verify(struct govrec_store *st,
				       void (*problem)(const char *msg, void *ctx), void *ctx,
				       struct govrec_error *err)
{
	struct checker c = { st, problem, ctx, 0 };
	enum govrec_status rc = check_records(&c, err);

	if (rc != GOVREC_OK)
		return rc;
	return c.found ? GOVREC_REFUSED : GOVREC_OK;
}

enum govrec_status govrec_check(struct govrec_store *st,
				void (*problem)(const char *msg, void *ctx), void *ctx,
				struct govrec_error *err)
{
	struct checker c = { st, problem, ctx, 0 };
	enum govrec_status rc;

	rc = govrec_sql_script(st, "BEGIN", err); /* one consistent snapshot */
	if (rc != GOVREC_OK)
		return rc;
	rc = check_sqlite(&c, err);
	if (rc == GOVREC_OK)
		rc = check_records(&c, err);
	govrec_sql_script(st, "COMMIT", NULL);
	if (rc != GOVREC_OK)
		return rc;
	return c.found ? GOVREC_REFUSED : GOVREC_OK;
}
