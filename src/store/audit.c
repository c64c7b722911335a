/*
 * audit.c - canonical content hashes, the audit hash chain, and `check`.
 *
 * The store (store.c) calls govrec_record_hash() and govrec_audit_append()
 * at every outermost commit; govrec_check() recomputes both from scratch, so
 * that a row changed with the sqlite3 shell behind govrec's back is found.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "govrec/audit.h"
#include "govrec/buf.h"
#include "govrec/util.h"
#include "govrec/digest.h"
#include "searchcheck.h"

static const char zero_hash[] =
	"0000000000000000000000000000000000000000000000000000000000000000";

void govrec_sha256_hex(const void *data, size_t len, char hex[65])
{
	struct govrec_sha256 c;
	unsigned char h[GOVREC_SHA256_BYTES];

	govrec_sha256_init(&c);
	govrec_sha256_update(&c, data, len);
	govrec_sha256_final(&c, h);
	govrec_hex_encode(h, sizeof(h), hex);
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
	enum govrec_status rc;
	int q, row, rows = 0;

	govrec_sha256_init(&h);
	*exists = 0;
	hex[0] = '\0';
	for (q = 0; q < GOVREC_KIND_QUERIES && k->content_sql[q]; q++) {
		sqlite3_stmt *s;

		rc = govrec_sql_query(st, err, &s, k->content_sql[q], "t", key);
		if (rc != GOVREC_OK)
			return rc;
		govrec_sha256_update(&h, (const unsigned char *)"q", 1);
		while ((rc = govrec_sql_next(st, s, &row, err)) == GOVREC_OK && row) {
			int c, ncol = sqlite3_column_count(s);

			/* The first query is the record's own row: it decides existence. */
			if (q == 0)
				rows++;
			govrec_sha256_update(&h, (const unsigned char *)"r", 1);
			for (c = 0; c < ncol; c++)
				hash_value(&h, s, c);
		}
		sqlite3_reset(s);
		if (rc != GOVREC_OK)
			return rc;
	}
	if (rows == 0)
		return GOVREC_OK;
	govrec_sha256_final(&h, out);
	govrec_hex_encode(out, sizeof(out), hex);
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
	enum govrec_status rc;
	int row;

	rc = govrec_sql_prepare(st, "SELECT seq, sha256 FROM audit ORDER BY seq DESC LIMIT 1", &s,
				err);
	if (rc == GOVREC_OK)
		rc = govrec_sql_next(st, s, &row, err);
	if (rc != GOVREC_OK)
		return rc;
	if (row) {
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
	enum govrec_status rc;
	int row;

	rc = govrec_sql_query(
		st, err, &s,
		"SELECT seq, time, actor, op, record, content_sha256, prev_sha256, sha256 "
		"FROM audit WHERE (?1 IS NULL OR record = ?1 OR"
		"  (instr(?1, ':') = 0 AND substr(record, 1, length(?1) + 1) = ?1 || ':'))"
		" AND (?2 IS NULL OR substr(time, 1, 10) >= ?2) ORDER BY seq",
		"tt", record, since);
	if (rc != GOVREC_OK)
		return rc;
	while ((rc = govrec_sql_next(st, s, &row, err)) == GOVREC_OK && row) {
		fill_entry(s, &e);
		if (fn(&e, ctx))
			break;
	}
	sqlite3_reset(s);
	return rc;
}

/* ---- check ------------------------------------------------------------- */

struct checker {
	struct govrec_store *st;
	void (*problem)(const char *msg, void *ctx);
	void *ctx;
	int found;
	/* "\nkind:key\n..." of records found changed behind govrec's back */
	struct govrec_buf changed;
};

static void note_changed(struct checker *c, const char *record)
{
	if (c->changed.len == 0)
		govrec_buf_addch(&c->changed, '\n');
	govrec_buf_addf(&c->changed, "%s\n", record);
}

/* 1 when kind:id was found changed behind govrec's back. */
static int was_changed(const struct checker *c, const char *kind, int64_t id)
{
	char needle[64];

	if (id <= 0 || c->changed.len == 0)
		return 0;
	snprintf(needle, sizeof(needle), "\n%s:%lld\n", kind, (long long)id);
	return strstr(c->changed.data, needle) != NULL;
}

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

/* SQLite's own check of the file: pages, b-trees, indexes. */
static enum govrec_status check_sqlite(struct checker *c, struct govrec_error *err)
{
	sqlite3_stmt *s;
	enum govrec_status rc = govrec_sql_prepare(c->st, "PRAGMA integrity_check", &s, err);
	int more;

	if (rc != GOVREC_OK)
		return rc;
	while ((rc = govrec_sql_next(c->st, s, &more, err)) == GOVREC_OK && more) {
		const char *row = govrec_col_text(s, 0);

		/*
		 * SQLite 3.44 on also checks FTS5 tables here, and says only
		 * "malformed inverted index"; check_index says which passage.
		 */
		if (strcmp(row, "ok") != 0 && !strstr(row, "FTS5 table main.search"))
			report(c, "database: %s", row);
	}
	sqlite3_reset(s);
	return rc;
}

static void index_fault(void *ctx, enum govrec_index_fault f, int64_t passage, int64_t document,
			int64_t person)
{
	struct checker *c = ctx;

	if (f == GOVREC_INDEX_STRAY)
		report(c, "search index: holds passage %lld, which does not exist", (long long)passage);
	else if (was_changed(c, "document", document))
		report(c, "search index: passage %lld of document:%lld is not indexed as it reads "
			  "now: document:%lld was changed behind govrec's back",
		       (long long)passage, (long long)document, (long long)document);
	else if (was_changed(c, "person", person))
		report(c, "search index: passage %lld of document:%lld is not indexed as it reads "
			  "now: its speaker person:%lld was changed behind govrec's back",
		       (long long)passage, (long long)document, (long long)person);
	else
		report(c, "search index: passage %lld of document:%lld is not indexed as it reads "
			  "now: the index is out of step",
		       (long long)passage, (long long)document);
}

/* The search index against the passages, after the records (to say why they differ). */
static enum govrec_status check_index(struct checker *c, struct govrec_error *err)
{
	enum govrec_status rc = govrec_search_check(c->st, index_fault, c, err);
	int code = govrec_store_last_code(c->st);

	if (rc == GOVREC_ERROR && (code & 0xff) == SQLITE_CORRUPT) {
		report(c, "search index: damaged: %s", err ? err->msg : "cannot be read");
		govrec_error_clear(err);
		return GOVREC_OK;
	}
	return rc;
}

static enum govrec_status check_chain(struct checker *c, struct govrec_error *err)
{
	sqlite3_stmt *s;
	char prev[65], hex[65];
	int64_t expect = 1;
	enum govrec_status rc;
	int row;

	memcpy(prev, zero_hash, sizeof(prev));
	rc = govrec_sql_prepare(c->st,
				"SELECT seq, time, actor, op, record, content_sha256, prev_sha256, "
				"sha256 FROM audit ORDER BY seq",
				&s, err);
	if (rc != GOVREC_OK)
		return rc;
	while ((rc = govrec_sql_next(c->st, s, &row, err)) == GOVREC_OK && row) {
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
	return rc;
}

/* Compares every record of kind k with the latest audit row naming it. */
static enum govrec_status check_kind(struct checker *c, const struct govrec_record_kind *k,
				     struct govrec_error *err)
{
	struct govrec_buf record = GOVREC_BUF_INIT, key = GOVREC_BUF_INIT;
	sqlite3_stmt *keys, *last;
	enum govrec_status rc;
	int row;

	rc = govrec_sql_prepare(c->st, k->keys_sql, &keys, err);
	if (rc != GOVREC_OK)
		return rc;
	while ((rc = govrec_sql_next(c->st, keys, &row, err)) == GOVREC_OK && row) {
		char hex[65];
		int exists, found;

		govrec_buf_reset(&key);
		govrec_buf_adds(&key, govrec_col_text(keys, 0));
		govrec_buf_reset(&record);
		govrec_buf_addf(&record, "%s:%s", k->name, key.data);
		rc = govrec_record_hash(c->st, k, key.data, hex, &exists, err);
		if (rc != GOVREC_OK)
			break;
		rc = govrec_sql_query(c->st, err, &last,
				      "SELECT seq, content_sha256 FROM audit WHERE record = ?1 "
				      "ORDER BY seq DESC LIMIT 1",
				      "t", record.data);
		if (rc == GOVREC_OK)
			rc = govrec_sql_next(c->st, last, &found, err);
		if (rc != GOVREC_OK)
			break;
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
		if (found == 0 || sqlite3_column_type(last, 1) == SQLITE_NULL ||
		    strcmp(govrec_col_text(last, 1), hex) != 0)
			note_changed(c, record.data);
		sqlite3_reset(last);
	}
	sqlite3_reset(keys);
	govrec_buf_release(&record);
	govrec_buf_release(&key);
	return rc;
}

/* Records whose latest audit row says they exist, but which are gone. */
static enum govrec_status check_vanished(struct checker *c, struct govrec_error *err)
{
	sqlite3_stmt *s;
	int row;
	enum govrec_status rc;

	rc = govrec_sql_prepare(c->st,
				"SELECT a.record FROM audit a WHERE a.content_sha256 IS NOT NULL"
				" AND a.seq = (SELECT max(seq) FROM audit b WHERE b.record = a.record)"
				" ORDER BY a.seq",
				&s, err);
	if (rc != GOVREC_OK)
		return rc;
	while ((rc = govrec_sql_next(c->st, s, &row, err)) == GOVREC_OK && row) {
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
	return rc;
}

static enum govrec_status check_originals(struct checker *c, struct govrec_error *err)
{
	sqlite3_stmt *s;
	enum govrec_status rc;
	int row;

	rc = govrec_sql_prepare(c->st,
				"SELECT d.id, d.sha256, govrec_sha256(o.bytes), o.bytes IS NULL "
				"FROM document d LEFT JOIN original o ON o.document_id = d.id "
				"ORDER BY d.id",
				&s, err);
	if (rc != GOVREC_OK)
		return rc;
	while ((rc = govrec_sql_next(c->st, s, &row, err)) == GOVREC_OK && row) {
		long long id = sqlite3_column_int64(s, 0);

		if (sqlite3_column_int(s, 3))
			report(c, "document:%lld has lost its original bytes", id);
		else if (strcmp(govrec_col_text(s, 1), govrec_col_text(s, 2)) != 0)
			report(c, "document:%lld: its original bytes do not match their SHA-256", id);
	}
	sqlite3_reset(s);
	return rc;
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
	struct checker c = { st, problem, ctx, 0, GOVREC_BUF_INIT };
	enum govrec_status rc = check_records(&c, err);

	govrec_buf_release(&c.changed);
	if (rc != GOVREC_OK)
		return rc;
	return c.found ? GOVREC_REFUSED : GOVREC_OK;
}

/* ---- anchors ----------------------------------------------------------- */

enum govrec_status govrec_audit_head(struct govrec_store *st, struct govrec_audit_head *h,
				     struct govrec_error *err)
{
	sqlite3_stmt *s;
	enum govrec_status rc;
	int row;

	memset(h, 0, sizeof(*h));
	rc = govrec_sql_prepare(st, "SELECT seq, sha256, time FROM audit ORDER BY seq DESC LIMIT 1",
				&s, err);
	if (rc == GOVREC_OK)
		rc = govrec_sql_next(st, s, &row, err);
	if (rc != GOVREC_OK)
		return rc;
	if (!row)
		return govrec_error_set(err, GOVREC_NOTFOUND,
					"the audit log of '%s' is empty: there is no head yet",
					govrec_store_path(st));
	h->seq = sqlite3_column_int64(s, 0);
	snprintf(h->sha256, sizeof(h->sha256), "%s", govrec_col_text(s, 1));
	snprintf(h->time, sizeof(h->time), "%s", govrec_col_text(s, 2));
	sqlite3_reset(s);
	return GOVREC_OK;
}

void govrec_audit_head_format(const struct govrec_audit_head *h, char out[GOVREC_HEAD_MAX])
{
	snprintf(out, GOVREC_HEAD_MAX, "%lld:%s", (long long)h->seq, h->sha256);
}

enum govrec_status govrec_audit_head_parse(const char *s, struct govrec_audit_head *h,
					   struct govrec_error *err)
{
	const char *colon = strchr(s, ':'), *p;
	char *end;
	long long seq;
	int i;

	memset(h, 0, sizeof(*h));
	if (!colon || colon == s || *s == '0' || strspn(s, "0123456789") != (size_t)(colon - s))
		return govrec_error_set(err, GOVREC_INVALID,
					"an audit head is SEQ:HASH (as 'govrec log --head' prints "
					"it): a sequence number from 1, a colon and a SHA-256");
	errno = 0;
	seq = strtoll(s, &end, 10);
	if (errno || end != colon)
		return govrec_error_set(err, GOVREC_INVALID,
					"the sequence number of the audit head is too big");
	for (p = colon + 1, i = 0; p[i]; i++)
		if (i >= 64 || !strchr("0123456789abcdefABCDEF", p[i]))
			break;
	if (i != 64 || p[i])
		return govrec_error_set(err, GOVREC_INVALID,
					"the hash of an audit head is 64 hex digits (SHA-256)");
	h->seq = seq;
	for (i = 0; i < 64; i++)
		h->sha256[i] = (char)(p[i] >= 'A' && p[i] <= 'F' ? p[i] - 'A' + 'a' : p[i]);
	h->sha256[64] = '\0';
	return GOVREC_OK;
}

/*
 * Walks rows 1 to the anchor's, reporting the first that is missing or does
 * not hold.  *next: the sequence number after the last row that held; prev:
 * that row's hash.
 */
static enum govrec_status walk_to_anchor(struct checker *c, const struct govrec_audit_head *a,
					 int64_t *next, char prev[65], struct govrec_error *err)
{
	sqlite3_stmt *s;
	int64_t expect = 1;
	enum govrec_status rc;
	int row;

	*next = 1;
	memcpy(prev, zero_hash, 65);
	rc = govrec_sql_query(c->st, err, &s,
			      "SELECT seq, time, actor, op, record, content_sha256, "
			      "prev_sha256, sha256 FROM audit WHERE seq <= ?1 ORDER BY seq",
			      "i", a->seq);
	if (rc != GOVREC_OK)
		return rc;
	while ((rc = govrec_sql_next(c->st, s, &row, err)) == GOVREC_OK && row) {
		struct govrec_audit_entry e;
		char hex[65];

		fill_entry(s, &e);
		if (e.seq != expect) {
			report(c, "audit entry %lld is missing: the entries before it hold, the "
				  "anchor is at %lld",
			       (long long)expect, (long long)a->seq);
			break;
		}
		chain_hash(e.prev_sha256, e.seq, e.time, e.actor, e.op, e.record, e.content_sha256,
			   hex);
		if (strcmp(e.prev_sha256, prev) != 0) {
			report(c, "audit entry %lld does not match the anchor: it does not follow "
				  "entry %lld, so the history was rewritten at entry %lld or before it",
			       (long long)e.seq, (long long)e.seq - 1, (long long)e.seq);
			break;
		}
		if (strcmp(hex, e.sha256) != 0) {
			report(c, "audit entry %lld does not match the anchor: it was changed after "
				  "it was written",
			       (long long)e.seq);
			break;
		}
		memcpy(prev, e.sha256, 65);
		expect++;
	}
	sqlite3_reset(s);
	*next = expect;
	return rc;
}

enum govrec_status govrec_audit_against(struct govrec_store *st,
					const struct govrec_audit_head *anchor,
					void (*problem)(const char *msg, void *ctx), void *ctx,
					struct govrec_error *err)
{
	struct checker c = { st, problem, ctx, 0, GOVREC_BUF_INIT };
	char prev[65];
	int64_t next, last = 0;
	enum govrec_status rc;

	rc = walk_to_anchor(&c, anchor, &next, prev, err);
	if (rc == GOVREC_OK && !c.found && next <= anchor->seq) {
		rc = govrec_sql_int(st, err, &last, "SELECT max(seq) FROM audit", NULL);
		if (rc == GOVREC_OK)
			report(&c, "audit entry %lld is missing: the archive's history ends at %lld, "
				   "the anchor is at %lld",
			       (long long)next, (long long)last, (long long)anchor->seq);
	} else if (rc == GOVREC_OK && !c.found && strcmp(prev, anchor->sha256) != 0) {
		report(&c, "audit entry %lld does not match the anchor: each entry up to it "
			   "follows the one before, but its hash is not the anchored one, so the "
			   "history was rewritten at entry %lld or before it and its hashes "
			   "recomputed",
		       (long long)anchor->seq, (long long)anchor->seq);
	}
	govrec_buf_release(&c.changed);
	if (rc != GOVREC_OK)
		return rc;
	return c.found ? GOVREC_REFUSED : GOVREC_OK;
}

/* ---- check ------------------------------------------------------------- */

/* Why the check could not run, once it has stopped: damage is a finding, busy is not. */
static enum govrec_status stopped(struct checker *c, enum govrec_status rc,
				  struct govrec_error *err)
{
	int code = govrec_store_last_code(c->st) & 0xff;

	if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) {
		report(c, "database: %s", err ? err->msg : "damaged");
		govrec_error_clear(err);
		return GOVREC_OK;
	}
	if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
		govrec_error_clear(err);
		return govrec_error_set(err, GOVREC_ERROR,
					"could not run: the archive is busy (another process kept "
					"it locked beyond the busy timeout); try again");
	}
	return rc;
}

enum govrec_status govrec_check_against(struct govrec_store *st,
					const struct govrec_audit_head *anchor,
					void (*problem)(const char *msg, void *ctx), void *ctx,
					struct govrec_error *err)
{
	struct checker c = { st, problem, ctx, 0, GOVREC_BUF_INIT };
	enum govrec_status rc;

	/* One read transaction: every part sees the same snapshot, and writers go on. */
	rc = govrec_sql_script(st, "BEGIN", err);
	if (rc == GOVREC_OK)
		rc = check_sqlite(&c, err);
	if (rc == GOVREC_OK)
		rc = check_records(&c, err);
	if (rc == GOVREC_OK)
		rc = check_index(&c, err);
	if (rc == GOVREC_OK && anchor) {
		rc = govrec_audit_against(st, anchor, problem, ctx, err);
		if (rc == GOVREC_REFUSED) {
			c.found++;
			rc = GOVREC_OK;
		}
	}
	if (rc != GOVREC_OK)
		rc = stopped(&c, rc, err);
	if (!sqlite3_get_autocommit(govrec_store_db(st)))
		govrec_sql_script(st, "COMMIT", NULL);
	govrec_buf_release(&c.changed);
	if (rc != GOVREC_OK)
		return rc;
	return c.found ? GOVREC_REFUSED : GOVREC_OK;
}

enum govrec_status govrec_check(struct govrec_store *st,
				void (*problem)(const char *msg, void *ctx), void *ctx,
				struct govrec_error *err)
{
	return govrec_check_against(st, NULL, problem, ctx, err);
}
