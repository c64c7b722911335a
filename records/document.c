/*
 * document.c - storing documents and passages (see document.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "govrec/audit.h"
#include "govrec/buf.h"
#include "govrec/document.h"
#include "govrec/meeting.h"
#include "govrec/person.h"
#include "govrec/util.h"

const char *const govrec_document_kinds[] = {
	"transcript", "captions", "chat", "notes", "minutes", "agenda", "review-note",
	"proposal", "report", "correspondence", "email", NULL
};

int govrec_document_kind_valid(const char *kind)
{
	const char *const *k;

	for (k = govrec_document_kinds; kind && *k; k++)
		if (strcmp(*k, kind) == 0)
			return 1;
	return 0;
}

static enum govrec_status validate(const struct govrec_document_draft *d,
				   struct govrec_error *err)
{
	enum govrec_status rc;

	if (!govrec_document_kind_valid(d->kind))
		return govrec_error_set(err, GOVREC_INVALID, "kind '%.30s' is not a document kind",
					d->kind ? d->kind : "");
	if (!d->title || !d->title[0])
		return govrec_error_set(err, GOVREC_INVALID, "the document has no title");
	if (d->date && (rc = govrec_date_check(d->date, "date", err)) != GOVREC_OK)
		return rc;
	if (!d->media_type || !d->importer || !d->importer_version)
		return govrec_error_set(err, GOVREC_ERROR, "internal: reader left the draft incomplete");
	if (d->npassages == 0)
		return govrec_error_set(err, GOVREC_INVALID, "has no text to archive");
	return GOVREC_OK;
}

/* Speaker labels repeat within a document: remember what each resolved to. */
struct label_cache {
	const char *label[64];
	int64_t id[64];
	size_t n;
};

static enum govrec_status resolve(struct govrec_store *st, struct label_cache *c,
				  const char *label, int64_t *id, struct govrec_error *err)
{
	size_t i;
	enum govrec_status rc;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->label[i], label) == 0) {
			*id = c->id[i];
			return GOVREC_OK;
		}
	rc = govrec_person_match_label(st, label, id, err);
	if (rc == GOVREC_OK && c->n < 64) {
		c->label[c->n] = label;
		c->id[c->n++] = *id;
	}
	return rc;
}

/* A draft's passages with their speakers resolved, as rows for govrec_rows(). */
struct passage_rows {
	const struct govrec_document_draft *d;
	int64_t *person;
};

static void text_or_null(sqlite3_context *ctx, const char *s)
{
	if (s)
		sqlite3_result_text(ctx, s, -1, SQLITE_STATIC);
	else
		sqlite3_result_null(ctx);
}

/* v, or NULL when v is negative (GOVREC_NO_TIME) */
static void time_or_null(sqlite3_context *ctx, int64_t v)
{
	if (v < 0)
		sqlite3_result_null(ctx);
	else
		sqlite3_result_int64(ctx, v);
}

static void passage_column(void *arg, size_t row, int col, sqlite3_context *ctx)
{
	const struct passage_rows *r = arg;
	const struct govrec_passage_draft *p = &r->d->passages[row];

	switch (col) {
	case 0: sqlite3_result_int64(ctx, (int64_t)row + 1); break;
	case 1: text_or_null(ctx, p->speaker); break;
	case 2:
		if (r->person[row]) /* 0: the label matched nobody */
			sqlite3_result_int64(ctx, r->person[row]);
		else
			sqlite3_result_null(ctx);
		break;
	case 3: time_or_null(ctx, p->start_ms); break;
	case 4: time_or_null(ctx, p->end_ms); break;
	case 5: text_or_null(ctx, p->heading); break;
	default: text_or_null(ctx, p->body); break;
	}
}

/*
 * Stores the passages of document id with one statement: each passage fires
 * the audit and index triggers, and a statement per passage would copy every
 * page it touches into a statement journal of its own (see src/store/rows.c).
 */
static enum govrec_status insert_passages(struct govrec_store *st,
					  const struct govrec_document_draft *d, int64_t id,
					  struct govrec_error *err)
{
	struct passage_rows r = { d, calloc(d->npassages + 1, sizeof(int64_t)) };
	struct govrec_rows rows = { d->npassages, 7, passage_column, &r };
	struct label_cache cache;
	enum govrec_status rc = GOVREC_OK;
	size_t i;

	if (!r.person)
		return govrec_error_oom(err);
	cache.n = 0;
	for (i = 0; rc == GOVREC_OK && i < d->npassages; i++)
		if (d->passages[i].speaker)
			rc = resolve(st, &cache, d->passages[i].speaker, &r.person[i], err);
	if (rc == GOVREC_OK)
		rc = govrec_sql_exec(st, err,
				     "INSERT INTO passage(document_id, seq, speaker, person_id, "
				     "start_ms, end_ms, heading, body) "
				     "SELECT ?1, c0, c1, c2, c3, c4, c5, c6 FROM govrec_rows(?2)",
				     "ir", id, &rows);
	free(r.person);
	return rc;
}

/* The document's row, without its bytes and passages: fourteen values, by name. */
static enum govrec_status insert_document(struct govrec_store *st,
					  const struct govrec_document_draft *d, int64_t meeting_id,
					  const char *hex, const char *now, struct govrec_error *err)
{
	const struct govrec_bind b[] = {
		GOVREC_BIND_TEXT(":kind", d->kind),
		GOVREC_BIND_ID(":meeting", meeting_id),
		GOVREC_BIND_TEXT(":title", d->title),
		GOVREC_BIND_TEXT(":date", d->date),
		GOVREC_BIND_TEXT(":file", d->file_name),
		GOVREC_BIND_TEXT(":media", d->media_type),
		GOVREC_BIND_INT(":size", (int64_t)d->size),
		GOVREC_BIND_TEXT(":sha256", hex),
		GOVREC_BIND_TEXT(":importer", d->importer),
		GOVREC_BIND_TEXT(":version", d->importer_version),
		GOVREC_BIND_TEXT(":now", now),
		GOVREC_BIND_TEXT(":review", d->review),
		GOVREC_BIND_TEXT(":section", d->section),
		GOVREC_BIND_TEXT(":meta", d->meta),
	};

	return govrec_sql_exec_named(
		st,
		"INSERT INTO document(kind, meeting_id, title, date, file_name, media_type, size, "
		"sha256, importer, importer_version, imported_at, review, section, meta) "
		"VALUES (:kind, :meeting, :title, :date, :file, :media, :size, :sha256, :importer, "
		":version, :now, :review, :section, :meta)",
		b, GOVREC_NBIND(b), err);
}

enum govrec_status govrec_document_store(struct govrec_store *st,
					 const struct govrec_document_draft *d, int64_t *id,
					 int *existed, struct govrec_error *err)
{
	char hex[65], now[32];
	int64_t meeting_id = 0;
	enum govrec_status rc;
	time_t t = time(NULL);
	struct tm tm;

	*existed = 0;
	rc = validate(d, err);
	if (rc != GOVREC_OK)
		return rc;
	govrec_sha256_hex(d->bytes ? d->bytes : "", d->size, hex);
	rc = govrec_store_begin(st, "document.add", err);
	if (rc != GOVREC_OK)
		return rc;
	rc = govrec_sql_int(st, err, id, "SELECT id FROM document WHERE sha256 = ?1", "t", hex);
	if (rc == GOVREC_OK) {
		*existed = 1;
		return govrec_store_commit(st, err);
	}
	if (rc != GOVREC_NOTFOUND)
		goto fail;
	if (d->meeting && (rc = govrec_meeting_id(st, d->meeting, &meeting_id, err)) != GOVREC_OK)
		goto fail;
	gmtime_r(&t, &tm);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	rc = insert_document(st, d, meeting_id, hex, now, err);
	if (rc != GOVREC_OK)
		goto fail;
	*id = sqlite3_last_insert_rowid(govrec_store_db(st));
	rc = govrec_sql_exec(st, err, "INSERT INTO original(document_id, bytes) VALUES (?1, ?2)",
			     "ib", *id, d->bytes, d->size);
	if (rc == GOVREC_OK)
		rc = insert_passages(st, d, *id, err);
	if (rc != GOVREC_OK)
		goto fail;
	return govrec_store_commit(st, err);
fail:
	govrec_store_rollback(st);
	return rc;
}
