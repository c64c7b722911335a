/*
 * export-select.c - the selection: which records a bundle holds.  A
 * selection (export.h: a meeting, a proposal, dates) becomes temporary
 * tables of ids, temp.sel_*, which the bundle table's queries (bundle.c)
 * and the per-record files join.  Temporary tables live outside the archive
 * file, so export stays read-only.  The selection in words goes into
 * bag-info.txt and the bundle's id.
 */
#include <string.h>

#include "export-int.h"
#include "govrec/util.h"

/*
 * Parameters: ?1 meeting number (0: none), ?2 proposal reference (NULL:
 * none), ?3 since, ?4 until (NULL: open).  A meeting or proposal named
 * narrows the bundle to it; dates narrow further.  People, the metric
 * catalog, the committee and saved searches always travel.
 */
static const char *const selection_sql[] = {
	"CREATE TEMP TABLE IF NOT EXISTS sel_meeting (id INTEGER PRIMARY KEY)",
	"CREATE TEMP TABLE IF NOT EXISTS sel_document (id INTEGER PRIMARY KEY)",
	"CREATE TEMP TABLE IF NOT EXISTS sel_proposal (id INTEGER PRIMARY KEY)",
	"CREATE TEMP TABLE IF NOT EXISTS sel_action (id INTEGER PRIMARY KEY)",
	"CREATE TEMP TABLE IF NOT EXISTS sel_decision (id INTEGER PRIMARY KEY)",
	"CREATE TEMP TABLE IF NOT EXISTS sel_link (id INTEGER PRIMARY KEY)",
	"DELETE FROM temp.sel_meeting",
	"DELETE FROM temp.sel_document",
	"DELETE FROM temp.sel_proposal",
	"DELETE FROM temp.sel_action",
	"DELETE FROM temp.sel_decision",
	"DELETE FROM temp.sel_link",
	"INSERT INTO temp.sel_meeting SELECT id FROM main.meeting "
	"WHERE ((?1 = 0 AND ?2 IS NULL) OR number = ?1) "
	"AND (?3 IS NULL OR date >= ?3) AND (?4 IS NULL OR date <= ?4)",
	"INSERT INTO temp.sel_proposal SELECT p.id FROM main.proposal p "
	"WHERE ((?1 = 0 AND ?2 IS NULL) OR p.ref = ?2 OR (?1 <> 0 AND EXISTS (SELECT 1 "
	"  FROM main.proposal_event e JOIN main.meeting m ON m.id = e.meeting_id "
	"  WHERE e.proposal_id = p.id AND m.number = ?1))) "
	"AND ((?3 IS NULL AND ?4 IS NULL) OR EXISTS (SELECT 1 FROM (SELECT p.date AS d "
	"  UNION ALL SELECT date FROM main.proposal_event WHERE proposal_id = p.id) "
	"  WHERE (?3 IS NULL OR d >= ?3) AND (?4 IS NULL OR d <= ?4)))",
	"INSERT INTO temp.sel_document SELECT id FROM main.document d "
	"WHERE meeting_id IN (SELECT id FROM temp.sel_meeting) "
	"OR (meeting_id IS NULL AND ?1 = 0 AND ?2 IS NULL "
	"  AND (?3 IS NULL OR coalesce(date, substr(imported_at, 1, 10)) >= ?3) "
	"  AND (?4 IS NULL OR coalesce(date, substr(imported_at, 1, 10)) <= ?4)) "
	"OR id IN (SELECT document_id FROM main.proposal WHERE id IN (SELECT id FROM "
	"  temp.sel_proposal)) "
	"OR id IN (SELECT document_id FROM main.proposal_event WHERE proposal_id IN (SELECT id "
	"  FROM temp.sel_proposal))",
	"INSERT INTO temp.sel_action SELECT id FROM main.action_item "
	"WHERE meeting_id IN (SELECT id FROM temp.sel_meeting) "
	"OR closed_meeting_id IN (SELECT id FROM temp.sel_meeting) "
	"OR (meeting_id IS NULL AND ?1 = 0 AND ?2 IS NULL AND ?3 IS NULL AND ?4 IS NULL)",
	"INSERT INTO temp.sel_decision SELECT id FROM main.decision "
	"WHERE meeting_id IN (SELECT id FROM temp.sel_meeting) "
	"OR (meeting_id IS NULL AND ?1 = 0 AND ?2 IS NULL "
	"  AND ((?3 IS NULL AND ?4 IS NULL) OR (date IS NOT NULL "
	"  AND (?3 IS NULL OR date >= ?3) AND (?4 IS NULL OR date <= ?4))))",
	"INSERT INTO temp.sel_link SELECT l.id FROM main.link l "
	"WHERE (?1 = 0 AND ?2 IS NULL AND ?3 IS NULL AND ?4 IS NULL) "
	"OR EXISTS (SELECT 1 FROM (SELECT l.from_kind AS k, l.from_id AS v "
	"  UNION ALL SELECT l.to_kind, l.to_id) "
	"  WHERE (k = 'meeting' AND v IN (SELECT CAST(number AS TEXT) FROM main.meeting "
	"    WHERE id IN (SELECT id FROM temp.sel_meeting))) "
	"  OR (k = 'document' AND v IN (SELECT CAST(id AS TEXT) FROM temp.sel_document)) "
	"  OR (k = 'proposal' AND v IN (SELECT ref FROM main.proposal "
	"    WHERE id IN (SELECT id FROM temp.sel_proposal))))",
	NULL
};

int exp_selection_is_all(const struct govrec_export_selection *sel)
{
	return !sel->meeting && !sel->proposal && !sel->since && !sel->until;
}

enum govrec_status exp_select(struct exp *x, struct govrec_error *err)
{
	const struct govrec_export_selection *sel = &x->opt->sel;
	const char *const *q;
	enum govrec_status rc = GOVREC_OK;
	int64_t n;

	if (sel->since && (rc = govrec_date_check(sel->since, "--since", err)) != GOVREC_OK)
		return rc;
	if (sel->until && (rc = govrec_date_check(sel->until, "--until", err)) != GOVREC_OK)
		return rc;
	if (sel->since && sel->until && strcmp(sel->since, sel->until) > 0)
		return govrec_error_set(err, GOVREC_INVALID, "--since %s is after --until %s",
					sel->since, sel->until);
	if (sel->meeting) {
		rc = govrec_sql_int(x->st, err, &n, "SELECT id FROM meeting WHERE number = ?1", "i",
				    sel->meeting);
		if (rc == GOVREC_NOTFOUND)
			return govrec_error_set(err, GOVREC_NOTFOUND, "no meeting %lld",
						(long long)sel->meeting);
		if (rc != GOVREC_OK)
			return rc;
	}
	if (sel->proposal) {
		rc = govrec_sql_int(x->st, err, &n, "SELECT id FROM proposal WHERE ref = ?1", "t",
				    sel->proposal);
		if (rc == GOVREC_NOTFOUND) {
			struct govrec_buf b = GOVREC_BUF_INIT;

			govrec_buf_add_safe(&b, sel->proposal, 60);
			govrec_error_set(err, GOVREC_NOTFOUND, "no proposal '%s'", b.data);
			govrec_buf_release(&b);
			return GOVREC_NOTFOUND;
		}
		if (rc != GOVREC_OK)
			return rc;
	}
	for (q = selection_sql; rc == GOVREC_OK && *q; q++) {
		sqlite3_stmt *s;
		int row;

		rc = govrec_sql_prepare(x->st, *q, &s, err);
		if (rc == GOVREC_OK && sqlite3_bind_parameter_count(s) > 0)
			rc = govrec_sql_bind(x->st, s, err, "ittt", sel->meeting, sel->proposal,
					     sel->since, sel->until);
		if (rc == GOVREC_OK)
			rc = govrec_sql_next(x->st, s, &row, err);
	}
	/* The selection in words: bag-info.txt says it, and it is part of the bundle id. */
	if (exp_selection_is_all(sel))
		govrec_buf_adds(&x->sel, "all records");
	if (sel->meeting)
		govrec_buf_addf(&x->sel, "meeting %lld", (long long)sel->meeting);
	if (sel->proposal) {
		govrec_buf_adds(&x->sel, x->sel.len ? ", proposal " : "proposal ");
		govrec_buf_add_safe(&x->sel, sel->proposal, 60);
	}
	if (sel->since)
		govrec_buf_addf(&x->sel, "%ssince %s", x->sel.len ? ", " : "", sel->since);
	if (sel->until)
		govrec_buf_addf(&x->sel, "%suntil %s", x->sel.len ? ", " : "", sel->until);
	return rc;
}
