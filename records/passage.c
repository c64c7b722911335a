/*
 * passage.c - a passage in its context (see passage.h): one statement for
 * where it is, one for the turns around it by their order in the document.
 */
#include "govrec/passage.h"

enum govrec_status govrec_passage_context(
	struct govrec_store *st, int64_t id, int64_t context,
	void (*place)(const struct govrec_passage_place *, void *),
	int (*turn)(const struct govrec_turn *, void *), void *ctx, struct govrec_error *err)
{
	struct govrec_passage_place pl;
	sqlite3_stmt *s, *t;
	enum govrec_status rc;
	int64_t doc, seq;
	int row;

	rc = govrec_sql_query(
	    st, err, &s,
	    "SELECT p.document_id, p.seq, d.kind, d.title, coalesce(d.date, m.date),"
	    " m.number, m.date FROM passage p JOIN document d ON d.id = p.document_id"
	    " LEFT JOIN meeting m ON m.id = d.meeting_id WHERE p.id = ?1",
	    "i", id);
	if (rc == GOVREC_OK)
		rc = govrec_sql_next(st, s, &row, err);
	if (rc != GOVREC_OK)
		return rc;
	if (!row)
		return govrec_error_set(err, GOVREC_NOTFOUND, "no passage %lld", (long long)id);
	doc = sqlite3_column_int64(s, 0);
	seq = sqlite3_column_int64(s, 1);
	pl.document_id = doc;
	pl.kind = govrec_col_text(s, 2);
	pl.title = govrec_col_text(s, 3);
	pl.date = (const char *)sqlite3_column_text(s, 4);
	pl.meeting = sqlite3_column_int64(s, 5);
	pl.meeting_date = (const char *)sqlite3_column_text(s, 6);
	place(&pl, ctx);
	sqlite3_reset(s);

	rc = govrec_sql_query(
	    st, err, &t,
	    "SELECT p.id, p.seq, p.speaker, pe.name, p.heading, p.body, p.start_ms,"
	    " p.end_ms FROM passage p LEFT JOIN person pe ON pe.id = p.person_id"
	    " WHERE p.document_id = ?1 AND p.seq BETWEEN ?2 AND ?3 ORDER BY p.seq",
	    "iii", doc, seq - context, seq + context);
	if (rc != GOVREC_OK)
		return rc;
	while ((rc = govrec_sql_next(st, t, &row, err)) == GOVREC_OK && row) {
		struct govrec_turn tu;

		tu.id = sqlite3_column_int64(t, 0);
		tu.seq = sqlite3_column_int64(t, 1);
		tu.speaker = (const char *)sqlite3_column_text(t, 2);
		tu.person = (const char *)sqlite3_column_text(t, 3);
		tu.heading = (const char *)sqlite3_column_text(t, 4);
		tu.body = govrec_col_text(t, 5);
		tu.start_ms = sqlite3_column_type(t, 6) == SQLITE_NULL ? GOVREC_NO_TIME
								       : sqlite3_column_int64(t, 6);
		tu.end_ms = sqlite3_column_type(t, 7) == SQLITE_NULL ? GOVREC_NO_TIME
								     : sqlite3_column_int64(t, 7);
		tu.target = tu.id == id;
		if (turn(&tu, ctx))
			break;
	}
	sqlite3_reset(t);
	return rc;
}
