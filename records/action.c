/*
 * action.c - action items, decisions and extracted links (see action.h).
 *
 * The extractor (import/extract.c) finds; this file decides what is new and
 * stores it, inside the import's per-file transaction, so a file's action
 * items and links are stored with it or not at all.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "govrec/action.h"
#include "govrec/meeting.h"
#include "govrec/person.h"
#include "govrec/util.h"

void govrec_strv_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

enum govrec_status govrec_metric_catalog(struct govrec_store *st, char ***ids, char ***names,
					 size_t *n, struct govrec_error *err)
{
	sqlite3_stmt *s;
	size_t cap = 0;
	enum govrec_status rc;
	int row;

	*ids = *names = NULL;
	*n = 0;
	rc = govrec_sql_prepare(st, "SELECT id, name FROM metric ORDER BY id", &s, err);
	if (rc != GOVREC_OK)
		return rc;
	while ((rc = govrec_sql_next(st, s, &row, err)) == GOVREC_OK && row) {
		if (*n == cap) {
			size_t c = cap ? cap * 2 : 64;
			char **a = realloc(*ids, c * sizeof(*a)), **b;

			if (a)
				*ids = a;
			b = a ? realloc(*names, c * sizeof(*b)) : NULL;
			if (!b) {
				sqlite3_reset(s);
				govrec_strv_free(*ids, *n);
				govrec_strv_free(*names, *n);
				*ids = *names = NULL;
				*n = 0;
				return govrec_error_oom(err);
			}
			*names = b;
			cap = c;
		}
		(*ids)[*n] = strdup(govrec_col_text(s, 0));
		(*names)[*n] = strdup(govrec_col_text(s, 1));
		(*n)++;
	}
	return rc;
}

static enum govrec_status add_link(struct govrec_store *st, const char *fk, const char *fid,
				   const char *rel, const char *tk, const char *tid, size_t *count,
				   struct govrec_error *err)
{
	enum govrec_status rc = govrec_sql_exec(
		st, err,
		"INSERT OR IGNORE INTO link(from_kind, from_id, rel, to_kind, to_id) "
		"VALUES (?1, ?2, ?3, ?4, ?5)",
		"ttttt", fk, fid, rel, tk, tid);

	if (rc == GOVREC_OK)
		*count += (size_t)sqlite3_changes(govrec_store_db(st));
	return rc;
}

/* The meeting an action item was raised at: the one its CSC id names, if archived. */
static enum govrec_status raised_at(struct govrec_store *st, const char *ref, int64_t fallback,
				    int64_t *meeting_id, struct govrec_error *err)
{
	int64_t number;
	enum govrec_status rc;

	*meeting_id = fallback;
	if (!ref)
		return GOVREC_OK;
	number = strtol(ref + 3, NULL, 10);
	rc = govrec_sql_int(st, err, &number, "SELECT id FROM meeting WHERE number = ?1", "i",
			    number);
	if (rc == GOVREC_OK)
		*meeting_id = number;
	return rc == GOVREC_NOTFOUND ? GOVREC_OK : rc;
}

static enum govrec_status store_action(struct govrec_store *st, const struct govrec_found *it,
				       int64_t passage, int64_t doc_meeting,
				       struct govrec_findings_counts *c, struct govrec_error *err)
{
	int64_t meeting = 0, owner = 0, x;
	enum govrec_status rc;

	rc = raised_at(st, it->ref, doc_meeting, &meeting, err);
	if (rc != GOVREC_OK)
		return rc;
	if (it->ref)
		rc = govrec_sql_int(st, err, &x, "SELECT id FROM action_item WHERE ref = ?1", "t",
				    it->ref);
	else
		rc = govrec_sql_int(st, err, &x,
				    "SELECT id FROM action_item WHERE meeting_id IS ?1 AND text = ?2",
				    "It", meeting, it->text);
	if (rc != GOVREC_NOTFOUND)
		return rc; /* known already, or an error */
	if (it->owner && (rc = govrec_person_match_label(st, it->owner, &owner, err)) != GOVREC_OK)
		return rc;
	rc = govrec_sql_exec(st, err,
			     "INSERT INTO action_item(ref, meeting_id, passage_id, owner_id, owner, "
			     "text, due) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
			     "tIIIttt", it->ref, meeting, passage, owner, it->owner, it->text, it->due);
	if (rc == GOVREC_OK)
		c->actions++;
	return rc;
}

static enum govrec_status store_decision(struct govrec_store *st, const struct govrec_found *it,
					 int64_t passage, int64_t meeting, const char *date,
					 struct govrec_findings_counts *c,
					 struct govrec_error *err)
{
	int64_t x;
	enum govrec_status rc;

	rc = govrec_sql_int(st, err, &x,
			    "SELECT id FROM decision WHERE meeting_id IS ?1 AND text = ?2", "It",
			    meeting, it->text);
	if (rc != GOVREC_NOTFOUND)
		return rc;
	rc = govrec_sql_exec(st, err,
			     "INSERT INTO decision(meeting_id, passage_id, date, text) "
			     "VALUES (?1, ?2, ?3, ?4)",
			     "IItt", meeting, passage, date, it->text);
	if (rc == GOVREC_OK)
		c->decisions++;
	return rc;
}

enum govrec_status govrec_findings_store(struct govrec_store *st, int64_t document,
					 const struct govrec_document_draft *d,
					 const struct govrec_findings *f,
					 struct govrec_findings_counts *c, struct govrec_error *err)
{
	sqlite3_stmt *s;
	int64_t meeting_id = 0, meeting_number = 0, passage = 0;
	char date[11] = "", doc[24], pid[24], num[24];
	enum govrec_status rc;
	size_t i;
	int row;

	memset(c, 0, sizeof(*c));
	if (f->n == 0)
		return GOVREC_OK;
	rc = govrec_sql_query(st, err, &s,
			      "SELECT d.meeting_id, m.number, coalesce(d.date, m.date) FROM "
			      "document d LEFT JOIN meeting m ON m.id = d.meeting_id WHERE d.id = ?1",
			      "i", document);
	if (rc == GOVREC_OK)
		rc = govrec_sql_next(st, s, &row, err);
	if (rc != GOVREC_OK)
		return rc;
	if (!row)
		return govrec_error_set(err, GOVREC_ERROR, "internal: document %lld is missing",
					(long long)document);
	meeting_id = sqlite3_column_int64(s, 0);
	meeting_number = sqlite3_column_int64(s, 1);
	snprintf(date, sizeof(date), "%s", govrec_col_text(s, 2));
	sqlite3_reset(s);
	snprintf(doc, sizeof(doc), "%lld", (long long)document);
	snprintf(num, sizeof(num), "%lld", (long long)meeting_number);
	rc = govrec_store_begin(st, "import.extract", err);
	if (rc != GOVREC_OK)
		return rc;
	for (i = 0; i < f->n && rc == GOVREC_OK; i++) {
		const struct govrec_found *it = &f->items[i];

		if (it->passage >= d->npassages)
			continue;
		rc = govrec_sql_int(st, err, &passage,
				    "SELECT id FROM passage WHERE document_id = ?1 AND seq = ?2", "ii",
				    document, (int64_t)it->passage + 1);
		if (rc != GOVREC_OK)
			break;
		snprintf(pid, sizeof(pid), "%lld", (long long)passage);
		switch (it->kind) {
		case GOVREC_FOUND_ACTION:
			rc = store_action(st, it, passage, meeting_id, c, err);
			break;
		case GOVREC_FOUND_DECISION:
			rc = store_decision(st, it, passage, meeting_id, *date ? date : NULL, c,
					    err);
			break;
		case GOVREC_FOUND_PROPOSAL:
			rc = add_link(st, "document", doc, "mentions", "proposal", it->ref,
				      &c->links, err);
			if (rc == GOVREC_OK && meeting_number)
				rc = add_link(st, "proposal", it->ref, "discussed-at", "meeting", num,
					      &c->links, err);
			break;
		case GOVREC_FOUND_METRIC:
			rc = add_link(st, "passage", pid, "mentions", "metric", it->ref, &c->links,
				      err);
			break;
		}
	}
	if (rc != GOVREC_OK) {
		govrec_store_rollback(st);
		return rc;
	}
	return govrec_store_commit(st, err);
}

enum govrec_status govrec_action_each(struct govrec_store *st, int open_only, int64_t owner,
				      int (*fn)(const struct govrec_action *, void *), void *ctx,
				      struct govrec_error *err)
{
	sqlite3_stmt *s;
	struct govrec_action a;
	enum govrec_status rc;
	int row;

	rc = govrec_sql_query(
		st, err, &s,
		"SELECT a.id, a.ref, m.number, a.owner, a.owner_id, p.name, a.due, a.status, "
		"cm.number, ps.document_id, a.text FROM action_item a "
		"LEFT JOIN meeting m ON m.id = a.meeting_id "
		"LEFT JOIN meeting cm ON cm.id = a.closed_meeting_id "
		"LEFT JOIN person p ON p.id = a.owner_id "
		"LEFT JOIN passage ps ON ps.id = a.passage_id "
		"WHERE (?1 = 0 OR a.status = 'open') AND (?2 = 0 OR a.owner_id = ?2) "
		"ORDER BY m.number IS NULL, m.number, a.ref, a.id",
		"ii", (int64_t)open_only, owner);
	if (rc != GOVREC_OK)
		return rc;
	while ((rc = govrec_sql_next(st, s, &row, err)) == GOVREC_OK && row) {
		a.id = sqlite3_column_int64(s, 0);
		a.ref = (const char *)sqlite3_column_text(s, 1);
		a.meeting = sqlite3_column_int64(s, 2);
		a.owner = (const char *)sqlite3_column_text(s, 3);
		a.owner_id = sqlite3_column_int64(s, 4);
		a.owner_name = (const char *)sqlite3_column_text(s, 5);
		a.due = (const char *)sqlite3_column_text(s, 6);
		a.status = govrec_col_text(s, 7);
		a.closed_meeting = sqlite3_column_int64(s, 8);
		a.document = sqlite3_column_int64(s, 9);
		a.text = govrec_col_text(s, 10);
		if (fn(&a, ctx))
			break;
	}
	sqlite3_reset(s);
	return rc;
}

enum govrec_status govrec_action_find(struct govrec_store *st, const char *ref, int64_t *id,
				      struct govrec_error *err)
{
	long item, meeting, year;
	char norm[32], tail;
	enum govrec_status rc;

	if (govrec_parse_int(ref, 1, INT64_MAX, id) == 0) {
		rc = govrec_sql_int(st, err, id, "SELECT id FROM action_item WHERE id = ?1", "i",
				    *id);
	} else if (sscanf(ref, "%ld%*[ .-]%ld%*[ .-]%ld%c", &item, &meeting, &year, &tail) == 3 &&
		   isdigit((unsigned char)ref[0])) {
		snprintf(norm, sizeof(norm), "%02ld %02ld %04ld", item, meeting, year);
		rc = govrec_sql_int(st, err, id, "SELECT id FROM action_item WHERE ref = ?1", "t",
				    norm);
	} else {
		rc = GOVREC_NOTFOUND;
	}
	if (rc == GOVREC_NOTFOUND)
		return govrec_error_set(err, GOVREC_NOTFOUND, "no action item '%.40s'", ref);
	return rc;
}

enum govrec_status govrec_action_close(struct govrec_store *st, int64_t id, int64_t meeting,
				       struct govrec_error *err)
{
	sqlite3_stmt *s;
	int64_t meeting_id, raised = 0;
	char status[8] = "";
	enum govrec_status rc;
	int row;

	rc = govrec_meeting_id(st, meeting, &meeting_id, err);
	if (rc == GOVREC_OK)
		rc = govrec_sql_query(st, err, &s,
				      "SELECT a.status, m.number FROM action_item a "
				      "LEFT JOIN meeting m ON m.id = a.meeting_id WHERE a.id = ?1",
				      "i", id);
	if (rc == GOVREC_OK)
		rc = govrec_sql_next(st, s, &row, err);
	if (rc != GOVREC_OK)
		return rc;
	if (!row)
		return govrec_error_set(err, GOVREC_NOTFOUND, "no action item %lld", (long long)id);
	snprintf(status, sizeof(status), "%s", govrec_col_text(s, 0));
	raised = sqlite3_column_int64(s, 1);
	sqlite3_reset(s);
	if (strcmp(status, "closed") == 0)
		return govrec_error_set(err, GOVREC_REFUSED, "action item %lld is already closed",
					(long long)id);
	if (raised && meeting < raised)
		return govrec_error_set(err, GOVREC_REFUSED,
					"action item %lld was raised at meeting %lld and cannot be "
					"closed at the earlier meeting %lld",
					(long long)id, (long long)raised, (long long)meeting);
	rc = govrec_store_begin(st, "action.close", err);
	if (rc != GOVREC_OK)
		return rc;
	rc = govrec_sql_exec(st, err,
			     "UPDATE action_item SET status = 'closed', closed_meeting_id = ?2 "
			     "WHERE id = ?1",
			     "ii", id, meeting_id);
	if (rc != GOVREC_OK) {
		govrec_store_rollback(st);
		return rc;
	}
	return govrec_store_commit(st, err);
}

enum govrec_status govrec_decision_each(struct govrec_store *st, int64_t meeting,
					int (*fn)(const struct govrec_decision *, void *),
					void *ctx, struct govrec_error *err)
{
	sqlite3_stmt *s;
	struct govrec_decision dc;
	enum govrec_status rc;
	int row;

	rc = govrec_sql_query(
		st, err, &s,
		"SELECT dc.id, m.number, dc.date, p.document_id, dc.text FROM decision dc "
		"LEFT JOIN meeting m ON m.id = dc.meeting_id "
		"LEFT JOIN passage p ON p.id = dc.passage_id "
		"WHERE ?1 = 0 OR m.number = ?1 ORDER BY dc.date IS NULL, dc.date, dc.id",
		"i", meeting);
	if (rc != GOVREC_OK)
		return rc;
	while ((rc = govrec_sql_next(st, s, &row, err)) == GOVREC_OK && row) {
		dc.id = sqlite3_column_int64(s, 0);
		dc.meeting = sqlite3_column_int64(s, 1);
		dc.date = (const char *)sqlite3_column_text(s, 2);
		dc.document = sqlite3_column_int64(s, 3);
		dc.text = govrec_col_text(s, 4);
		if (fn(&dc, ctx))
			break;
	}
	sqlite3_reset(s);
	return rc;
}
