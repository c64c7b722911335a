/*
 * note.c - review notes (see note.h): read with the text reader, stored as
 * documents.
 */
#include <string.h>

#include "govrec/buf.h"
#include "govrec/document.h"
#include "govrec/readers.h"
#include "govrec/draft.h"
#include "govrec/note.h"
#include "govrec/util.h"

/* Notes are prose; 16 MiB is far beyond any real one. */
#define NOTE_MAX_BYTES (16u << 20)

enum govrec_status govrec_note_add(struct govrec_store *st, const struct govrec_note_new *n,
				   int64_t *id, int *existed, struct govrec_error *err)
{
	struct govrec_buf bytes = GOVREC_BUF_INIT;
	struct govrec_document_draft d;
	const char *label = strcmp(n->path, "-") == 0 ? "standard input" : n->path;
	char today[11];
	enum govrec_status rc;

	if (!n->review || !*n->review)
		return govrec_error_set(err, GOVREC_INVALID, "a note needs the review's name");
	if (n->date && (rc = govrec_date_check(n->date, "date", err)) != GOVREC_OK)
		return rc;
	govrec_draft_init(&d);
	rc = govrec_buf_read_file(&bytes, n->path, NOTE_MAX_BYTES, err);
	if (rc != GOVREC_OK)
		goto out;
	if (n->title)
		govrec_draft_set(&d.title, n->title);
	rc = govrec_read_text(bytes.data, bytes.len, n->path, &d, err);
	if (rc == GOVREC_OK && d.npassages == 0)
		rc = govrec_error_set(err, GOVREC_INVALID, "is empty");
	if (rc != GOVREC_OK) {
		govrec_error_prefix(err, "'%s'", label);
		goto out;
	}
	govrec_draft_set(&d.kind, "review-note");
	if (!d.title)
		govrec_draft_set(&d.title, strcmp(n->path, "-") == 0 ? n->review
								    : govrec_base_name(n->path));
	govrec_date_today(today);
	govrec_draft_set(&d.date, n->date ? n->date : today);
	govrec_draft_set(&d.review, n->review);
	govrec_draft_set(&d.section, n->section && *n->section ? n->section : NULL);
	govrec_draft_set(&d.file_name,
			 strcmp(n->path, "-") == 0 ? NULL : govrec_base_name(n->path));
	d.bytes = bytes.data;
	d.size = bytes.len;
	rc = govrec_store_begin(st, "note.add", err);
	if (rc != GOVREC_OK)
		goto out;
	rc = govrec_document_store(st, &d, id, existed, err);
	if (rc == GOVREC_OK)
		rc = govrec_store_commit(st, err);
	else
		govrec_store_rollback(st);
out:
	govrec_draft_release(&d);
	govrec_buf_release(&bytes);
	return rc;
}

enum govrec_status govrec_note_each(struct govrec_store *st, const char *review,
				    int (*fn)(const struct govrec_note *, void *), void *ctx,
				    struct govrec_error *err)
{
	sqlite3_stmt *s;
	struct govrec_note n;
	enum govrec_status rc;
	int row;

	rc = govrec_sql_query(
		st, err, &s,
		"SELECT d.id, d.review, d.section, d.date, d.title,"
		" (SELECT count(*) FROM passage p WHERE p.document_id = d.id)"
		" FROM document d WHERE d.kind = 'review-note'"
		" AND (?1 IS NULL OR d.review = ?1 COLLATE NOCASE) ORDER BY d.date, d.id",
		"t", review);
	if (rc != GOVREC_OK)
		return rc;
	while ((rc = govrec_sql_next(st, s, &row, err)) == GOVREC_OK && row) {
		n.id = sqlite3_column_int64(s, 0);
		n.review = govrec_col_text(s, 1);
		n.section = (const char *)sqlite3_column_text(s, 2);
		n.date = govrec_col_text(s, 3);
		n.title = govrec_col_text(s, 4);
		n.passages = sqlite3_column_int(s, 5);
		if (fn(&n, ctx))
			break;
	}
	sqlite3_reset(s);
	return rc;
}
