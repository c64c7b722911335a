/*
 * proposal-read.c - reading proposals: one loaded whole (its changes,
 * events, meetings and documents), which `proposal show` and `timeline`
 * print and which advance, the workflow's facts and going live
 * (govrec_metric_apply_proposal()) all read; and the rows of `proposal list`
 * (see proposal.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "govrec/proposal.h"
#include "govrec/util.h"

void govrec_proposal_release(struct govrec_proposal *p)
{
	size_t i;

	free(p->ref);
	free(p->title);
	free(p->state);
	for (i = 0; i < p->nchanges; i++) {
		free(p->changes[i].metric_id);
		free(p->changes[i].action);
		free(p->changes[i].category);
		free(p->changes[i].phase);
		free(p->changes[i].name);
		free(p->changes[i].description);
	}
	free(p->changes);
	for (i = 0; i < p->nevents; i++) {
		free(p->events[i].state);
		free(p->events[i].actor);
		free(p->events[i].note);
	}
	free(p->events);
	free(p->meetings);
	for (i = 0; i < p->ndocuments; i++) {
		free(p->documents[i].kind);
		free(p->documents[i].title);
		free(p->documents[i].date);
	}
	free(p->documents);
	memset(p, 0, sizeof(*p));
}

enum govrec_status govrec_proposal_load(struct govrec_store *st, const char *ref,
					struct govrec_proposal *p, struct govrec_error *err)
{
	sqlite3_stmt *s;
	enum govrec_status rc;
	int row;

	memset(p, 0, sizeof(*p));
	rc = govrec_sql_query(
	    st, err, &s,
	    "SELECT id, ref, title, originator, change_type, date, state, document_id "
	    "FROM proposal WHERE ref = ?1",
	    "t", ref);
	if (rc == GOVREC_OK)
		rc = govrec_sql_next(st, s, &row, err);
	if (rc != GOVREC_OK)
		return rc;
	if (row) {
		p->id = sqlite3_column_int64(s, 0);
		p->ref = govrec_col_dup(s, 1);
		p->title = govrec_col_dup(s, 2);
		snprintf(p->originator, sizeof(p->originator), "%s", govrec_col_text(s, 3));
		p->change_type = sqlite3_column_int(s, 4);
		snprintf(p->date, sizeof(p->date), "%s", govrec_col_text(s, 5));
		p->state = govrec_col_dup(s, 6);
		p->document_id = sqlite3_column_int64(s, 7);
	}
	sqlite3_reset(s);
	if (!row)
		return govrec_error_set(err, GOVREC_NOTFOUND, "no proposal '%.64s'", ref);

	rc = govrec_sql_query(
	    st, err, &s,
	    "SELECT metric_id, action, from_threshold, from_unit, from_type, from_target, "
	    "to_threshold, to_unit, to_type, to_target, category, phase, name, "
	    "description FROM proposal_change WHERE proposal_id = ?1 ORDER BY metric_id",
	    "i", p->id);
	if (rc != GOVREC_OK)
		goto fail;
	while ((rc = govrec_sql_next(st, s, &row, err)) == GOVREC_OK && row) {
		struct govrec_proposal_change_row *c;

		p->changes = govrec_grow(p->changes, p->nchanges, sizeof(*p->changes));
		c = &p->changes[p->nchanges++];
		memset(c, 0, sizeof(*c));
		c->metric_id = govrec_col_dup(s, 0);
		c->action = govrec_col_dup(s, 1);
		c->has_from = govrec_metric_values_read(s, 2, &c->from);
		c->has_to = govrec_metric_values_read(s, 6, &c->to);
		c->category = govrec_col_dup(s, 10);
		c->phase = govrec_col_dup(s, 11);
		c->name = govrec_col_dup(s, 12);
		c->description = govrec_col_dup(s, 13);
	}
	if (rc != GOVREC_OK)
		goto fail;

	rc = govrec_sql_query(
	    st, err, &s,
	    "SELECT e.id, e.state, e.date, e.actor, e.note, m.number, e.document_id "
	    "FROM proposal_event e "
	    "LEFT JOIN meeting m ON m.id = e.meeting_id WHERE e.proposal_id = ?1 "
	    "ORDER BY e.id",
	    "i", p->id);
	if (rc != GOVREC_OK)
		goto fail;
	while ((rc = govrec_sql_next(st, s, &row, err)) == GOVREC_OK && row) {
		struct govrec_proposal_event *e;

		p->events = govrec_grow(p->events, p->nevents, sizeof(*p->events));
		e = &p->events[p->nevents++];
		e->id = sqlite3_column_int64(s, 0);
		e->state = govrec_col_dup(s, 1);
		snprintf(e->date, sizeof(e->date), "%s", govrec_col_text(s, 2));
		e->actor = govrec_col_dup(s, 3);
		e->note = govrec_col_dup(s, 4);
		e->meeting = sqlite3_column_int64(s, 5);
		e->document_id = sqlite3_column_int64(s, 6);
	}
	if (rc != GOVREC_OK)
		goto fail;

	rc = govrec_sql_query(
	    st, err, &s,
	    "SELECT CAST(to_id AS INTEGER) AS n FROM link WHERE from_kind = 'proposal' "
	    "AND from_id = ?1 AND rel = 'discussed-at' AND to_kind = 'meeting' ORDER BY n",
	    "t", p->ref);
	if (rc != GOVREC_OK)
		goto fail;
	while ((rc = govrec_sql_next(st, s, &row, err)) == GOVREC_OK && row) {
		p->meetings = govrec_grow(p->meetings, p->nmeetings, sizeof(*p->meetings));
		p->meetings[p->nmeetings++] = sqlite3_column_int64(s, 0);
	}
	if (rc != GOVREC_OK)
		goto fail;

	rc = govrec_sql_query(st, err, &s,
			      "SELECT d.id, d.kind, d.title, d.date FROM link l "
			      "JOIN document d ON d.id = CAST(l.from_id AS INTEGER) "
			      "WHERE l.from_kind = 'document' AND l.rel = 'mentions' "
			      "AND l.to_kind = 'proposal' AND l.to_id = ?1 ORDER BY d.id",
			      "t", p->ref);
	if (rc != GOVREC_OK)
		goto fail;
	while ((rc = govrec_sql_next(st, s, &row, err)) == GOVREC_OK && row) {
		struct govrec_proposal_document *d;

		p->documents = govrec_grow(p->documents, p->ndocuments, sizeof(*p->documents));
		d = &p->documents[p->ndocuments++];
		d->id = sqlite3_column_int64(s, 0);
		d->kind = govrec_col_dup(s, 1);
		d->title = govrec_col_dup(s, 2);
		d->date = govrec_col_dup(s, 3);
	}
	if (rc != GOVREC_OK)
		goto fail;
	return GOVREC_OK;
fail:
	govrec_proposal_release(p);
	return rc;
}

enum govrec_status govrec_proposal_each(struct govrec_store *st, const char *state,
					const char *metric,
					int (*fn)(const struct govrec_proposal_row *, void *),
					void *ctx, struct govrec_error *err)
{
	struct govrec_proposal_row r;
	sqlite3_stmt *s;
	enum govrec_status rc;
	int row;

	rc = govrec_sql_query(
	    st, err, &s,
	    "SELECT p.ref, p.title, p.originator, p.date, p.state, p.change_type, "
	    "(SELECT count(*) FROM proposal_change c WHERE c.proposal_id = p.id), "
	    "(SELECT max(date) FROM proposal_event e WHERE e.proposal_id = p.id) "
	    "FROM proposal p WHERE (?1 IS NULL OR p.state = ?1) AND (?2 IS NULL OR "
	    "EXISTS (SELECT 1 FROM proposal_change c WHERE c.proposal_id = p.id AND "
	    "c.metric_id = ?2)) ORDER BY p.date, p.ref",
	    "tt", state, metric);
	if (rc != GOVREC_OK)
		return rc;
	while ((rc = govrec_sql_next(st, s, &row, err)) == GOVREC_OK && row) {
		r.ref = govrec_col_text(s, 0);
		r.title = govrec_col_text(s, 1);
		r.originator = govrec_col_text(s, 2);
		r.date = govrec_col_text(s, 3);
		r.state = govrec_col_text(s, 4);
		r.change_type = sqlite3_column_int(s, 5);
		r.changes = sqlite3_column_int(s, 6);
		r.last_date = govrec_col_text(s, 7);
		if (fn(&r, ctx))
			break;
	}
	sqlite3_reset(s);
	return rc;
}
