/*
 * committee.c - the committee row and the set-up of a new archive: the
 * committee, and the shipped metric catalog (records/metric.c), in one
 * transaction.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "govrec/committee.h"
#include "govrec/metric.h"

enum govrec_status govrec_archive_setup(struct govrec_store *st, const char *name,
					const char *short_name, struct govrec_error *err)
{
	enum govrec_status rc;
	char now[32];
	time_t t = time(NULL);
	struct tm tm;

	if (!name || !*name || !short_name || !*short_name)
		return govrec_error_set(err, GOVREC_INVALID, "the committee needs a name and a short name");
	gmtime_r(&t, &tm);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	rc = govrec_store_begin(st, "init", err);
	if (rc != GOVREC_OK)
		return rc;
	rc = govrec_sql_exec(st, err,
			     "INSERT INTO committee(id, name, short, created) VALUES (1, ?1, ?2, ?3)",
			     "ttt", name, short_name, now);
	/* Every archive starts with the shipped Annex A section 2 catalog. */
	if (rc == GOVREC_OK)
		rc = govrec_metric_load_catalog(st, err);
	if (rc != GOVREC_OK) {
		govrec_store_rollback(st);
		return rc;
	}
	return govrec_store_commit(st, err);
}

enum govrec_status govrec_committee_get(struct govrec_store *st, struct govrec_committee *c,
					struct govrec_error *err)
{
	sqlite3_stmt *s;
	enum govrec_status rc;
	int row;

	memset(c, 0, sizeof(*c));
	rc = govrec_sql_prepare(st, "SELECT name, short, created FROM committee WHERE id = 1", &s,
				err);
	if (rc == GOVREC_OK)
		rc = govrec_sql_next(st, s, &row, err);
	if (rc != GOVREC_OK)
		return rc;
	if (!row)
		return govrec_error_set(err, GOVREC_NOTFOUND, "the archive has no committee");
	snprintf(c->name, sizeof(c->name), "%s", govrec_col_text(s, 0));
	snprintf(c->short_name, sizeof(c->short_name), "%s", govrec_col_text(s, 1));
	snprintf(c->created, sizeof(c->created), "%s", govrec_col_text(s, 2));
	sqlite3_reset(s);
	return GOVREC_OK;
}
