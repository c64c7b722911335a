/*
 * metric.c - the metric catalog: units, effective-dated versions, and
 * applying a proposal that goes live (see metric.h).
 *
 * The catalog's values are only ever added to: a new version closes the one
 * in force on its date and runs until the next begins, so that "the version
 * in force on D" is one indexed lookup.  A proposal going live adds its
 * versions through govrec_metric_apply_proposal() in the advance's
 * transaction; catalog files come through govrec_metric_import()
 * (metric-catalog.c), which checks every row before it writes any.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "govrec/buf.h"

#include "govrec/metric.h"
#include "govrec/proposal.h"
#include "govrec/util.h"

static const struct unit {
	const char *name;
	const char *suffix;
	int64_t seconds;
} units[] = {
	{ "seconds", "s", 1 },
	{ "minutes", "m", 60 },
	{ "hours", "h", 3600 },
	{ "days", "d", 86400 },
	{ NULL, NULL, 0 }
};

static const struct unit *unit_find(const char *s)
{
	const struct unit *u;

	for (u = units; s && u->name; u++)
		if (strcmp(s, u->name) == 0 || strcmp(s, u->suffix) == 0)
			return u;
	return NULL;
}

int64_t govrec_unit_seconds(const char *unit)
{
	const struct unit *u = unit_find(unit);

	return u && strcmp(u->name, unit) == 0 ? u->seconds : 0;
}

enum govrec_status govrec_threshold_parse(const char *s, int64_t *value, const char **unit,
					  struct govrec_error *err)
{
	char num[24];
	size_t n = 0;
	const struct unit *u;
	const char *p = s ? s : "";

	while (p[n] >= '0' && p[n] <= '9' && n < sizeof(num) - 1) {
		num[n] = p[n];
		n++;
	}
	num[n] = '\0';
	u = n ? unit_find(p[n] == ' ' ? p + n + 1 : p + n) : NULL;
	if (!u || govrec_parse_int(num, 0, GOVREC_THRESHOLD_MAX, value) != 0)
		return govrec_error_set(err, GOVREC_INVALID,
					"threshold '%.30s' is not a number with a unit "
					"(s, m, h or d, as in 40m)",
					p);
	*unit = u->name;
	return GOVREC_OK;
}

int govrec_threshold_compare(int64_t a, const char *unit_a, int64_t b, const char *unit_b)
{
	int64_t sa = a * govrec_unit_seconds(unit_a), sb = b * govrec_unit_seconds(unit_b);

	return sa < sb ? -1 : sa > sb;
}

void govrec_threshold_format(int64_t value, const char *unit, char *out, size_t size)
{
	size_t len = strlen(unit ? unit : "");

	/* "1 day", "3 days" */
	snprintf(out, size, "%lld %.*s", (long long)value,
		 (int)(value == 1 && len > 1 ? len - 1 : len), unit ? unit : "");
}

int govrec_metric_values_equal(const struct govrec_metric_values *a,
			       const struct govrec_metric_values *b)
{
	if (a->removed || b->removed)
		return a->removed == b->removed;
	return a->threshold_seconds == b->threshold_seconds && strcmp(a->type, b->type) == 0 &&
	       fabs(a->target_percent - b->target_percent) < 1e-9 &&
	       strcmp(a->period, b->period) == 0;
}

/* Reads threshold, unit, threshold_seconds, type, target_percent, period from col on. */
static void read_values(sqlite3_stmt *s, int col, struct govrec_metric_values *v)
{
	memset(v, 0, sizeof(*v));
	if (sqlite3_column_type(s, col) == SQLITE_NULL) {
		v->removed = 1;
		return;
	}
	v->threshold = sqlite3_column_int64(s, col);
	snprintf(v->unit, sizeof(v->unit), "%s", govrec_col_text(s, col + 1));
	v->threshold_seconds = sqlite3_column_int64(s, col + 2);
	snprintf(v->type, sizeof(v->type), "%s", govrec_col_text(s, col + 3));
	v->target_percent = sqlite3_column_double(s, col + 4);
	snprintf(v->period, sizeof(v->period), "%s", govrec_col_text(s, col + 5));
}

int govrec_metric_id_valid(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 100 || !((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '.' ||
		      *s == '-' || *s == '_'))
			return 0;
	return 1;
}

int govrec_metric_exists(struct govrec_store *st, const char *id)
{
	int64_t one;

	return govrec_sql_int(st, NULL, &one, "SELECT 1 FROM metric WHERE id = ?1", "t", id) ==
	       GOVREC_OK;
}

/* The version in force on a date: the latest that began by then and has not ended. */
#define VERSION_AT                                                                       \
	"metric_id = ?1 AND effective_from <= ?2 AND (effective_to IS NULL OR effective_to > ?2)"

enum govrec_status govrec_metric_values_at(struct govrec_store *st, const char *id,
					   const char *at, struct govrec_metric_values *v,
					   struct govrec_error *err)
{
	sqlite3_stmt *s;
	enum govrec_status rc;
	int row;

	rc = govrec_sql_query(st, err, &s,
			      "SELECT threshold, unit, threshold_seconds, type, target_percent, "
			      "period FROM metric_version WHERE " VERSION_AT
			      " ORDER BY effective_from DESC LIMIT 1",
			      "tt", id, at);
	if (rc == GOVREC_OK)
		rc = govrec_sql_next(st, s, &row, err);
	if (rc != GOVREC_OK)
		return rc;
	if (row)
		read_values(s, 0, v);
	sqlite3_reset(s);
	return row ? GOVREC_OK : GOVREC_NOTFOUND;
}

enum govrec_status govrec_metric_version_add(struct govrec_store *st, const char *id,
					     const struct govrec_metric_values *v, const char *from,
					     const char *source, int64_t proposal_id,
					     struct govrec_error *err)
{
	sqlite3_stmt *s;
	char next[11] = "";
	int64_t one;
	enum govrec_status rc;
	int row;

	rc = govrec_sql_int(st, err, &one,
			    "SELECT 1 FROM metric_version WHERE metric_id = ?1 AND effective_from = ?2",
			    "tt", id, from);
	if (rc == GOVREC_OK)
		return govrec_error_set(err, GOVREC_REFUSED,
					"metric '%s' already has a version in force from %s", id,
					from);
	if (rc != GOVREC_NOTFOUND)
		return rc;
	rc = govrec_sql_query(st, err, &s,
			      "SELECT min(effective_from) FROM metric_version "
			      "WHERE metric_id = ?1 AND effective_from > ?2",
			      "tt", id, from);
	if (rc == GOVREC_OK)
		rc = govrec_sql_next(st, s, &row, err);
	if (rc != GOVREC_OK)
		return rc;
	if (row)
		snprintf(next, sizeof(next), "%s", govrec_col_text(s, 0));
	sqlite3_reset(s);
	rc = govrec_sql_exec(st, err,
			     "UPDATE metric_version SET effective_to = ?2 WHERE metric_id = ?1 "
			     "AND effective_from < ?2 AND (effective_to IS NULL OR effective_to > ?2)",
			     "tt", id, from);
	if (rc != GOVREC_OK)
		return rc;
	if (v->removed)
		return govrec_sql_exec(st, err,
				       "INSERT INTO metric_version(metric_id, effective_from, "
				       "effective_to, source, proposal_id) VALUES (?1, ?2, ?3, ?4, ?5)",
				       "ttttI", id, from, next[0] ? next : NULL, source, proposal_id);
	return govrec_sql_exec(st, err,
			       "INSERT INTO metric_version(metric_id, threshold, unit, "
			       "threshold_seconds, type, target_percent, period, effective_from, "
			       "effective_to, source, proposal_id) "
			       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
			       "tititdttttI", id, v->threshold, v->unit,
			       v->threshold * govrec_unit_seconds(v->unit), v->type, v->target_percent,
			       v->period[0] ? v->period : "month", from, next[0] ? next : NULL, source,
			       proposal_id);
}

void govrec_metric_release(struct govrec_metric *m)
{
	size_t i;

	free(m->id);
	free(m->category);
	free(m->phase);
	free(m->name);
	free(m->description);
	free(m->current.source);
	free(m->current.proposal_ref);
	for (i = 0; i < m->nversions; i++) {
		free(m->versions[i].source);
		free(m->versions[i].proposal_ref);
	}
	free(m->versions);
	for (i = 0; i < m->nproposals; i++) {
		free(m->proposals[i].ref);
		free(m->proposals[i].title);
		free(m->proposals[i].state);
		free(m->proposals[i].action);
	}
	free(m->proposals);
	memset(m, 0, sizeof(*m));
}

int govrec_metric_values_read(sqlite3_stmt *s, int col, struct govrec_metric_values *v)
{
	memset(v, 0, sizeof(*v));
	if (sqlite3_column_type(s, col) == SQLITE_NULL &&
	    sqlite3_column_type(s, col + 3) == SQLITE_NULL)
		return 0;
	v->threshold = sqlite3_column_int64(s, col);
	snprintf(v->unit, sizeof(v->unit), "%s", govrec_col_text(s, col + 1));
	v->threshold_seconds = v->threshold * govrec_unit_seconds(v->unit);
	snprintf(v->type, sizeof(v->type), "%s", govrec_col_text(s, col + 2));
	v->target_percent = sqlite3_column_double(s, col + 3);
	snprintf(v->period, sizeof(v->period), "month");
	return 1;
}

static const char version_sql[] =
	"SELECT v.id, v.threshold, v.unit, v.threshold_seconds, v.type, v.target_percent, "
	"v.period, v.effective_from, v.effective_to, v.source, p.ref "
	"FROM metric_version v LEFT JOIN proposal p ON p.id = v.proposal_id "
	"WHERE v.metric_id = ?1 ORDER BY v.effective_from";

static void read_version(sqlite3_stmt *s, struct govrec_metric_version *v)
{
	memset(v, 0, sizeof(*v));
	v->id = sqlite3_column_int64(s, 0);
	read_values(s, 1, &v->v);
	snprintf(v->effective_from, sizeof(v->effective_from), "%s", govrec_col_text(s, 7));
	snprintf(v->effective_to, sizeof(v->effective_to), "%s", govrec_col_text(s, 8));
	v->source = govrec_col_dup(s, 9);
	v->proposal_ref = govrec_col_dup(s, 10);
}

/*
 * The NOTFOUND answer for a metric the catalog does not hold: a metric that
 * a proposal means to add exists only as that proposal's change until it
 * goes live, and saying "no metric" would hide it.  The earliest proposal
 * that adds it is named, with its state.
 */
static enum govrec_status not_in_catalog(struct govrec_store *st, const char *id,
					 struct govrec_error *err)
{
	sqlite3_stmt *s;
	enum govrec_status rc;
	int row;

	rc = govrec_sql_query(st, err, &s,
			      "SELECT p.ref, p.state FROM proposal_change c "
			      "JOIN proposal p ON p.id = c.proposal_id "
			      "WHERE c.metric_id = ?1 AND c.action = 'new' "
			      "ORDER BY p.date, p.ref LIMIT 1",
			      "t", id);
	if (rc == GOVREC_OK)
		rc = govrec_sql_next(st, s, &row, err);
	if (rc != GOVREC_OK)
		return rc;
	if (row)
		rc = govrec_error_set(
		    err, GOVREC_NOTFOUND,
		    "metric '%.100s' is not in force yet: proposed by %.40s (%.32s)", id,
		    govrec_col_text(s, 0), govrec_col_text(s, 1));
	else
		rc = govrec_error_set(err, GOVREC_NOTFOUND, "no metric '%.100s'", id);
	sqlite3_reset(s);
	return rc;
}

enum govrec_status govrec_metric_load(struct govrec_store *st, const char *id, const char *at,
				      struct govrec_metric *m, struct govrec_error *err)
{
	sqlite3_stmt *s;
	enum govrec_status rc;
	int row;

	memset(m, 0, sizeof(*m));
	if ((rc = govrec_date_check(at, "date", err)) != GOVREC_OK)
		return rc;
	snprintf(m->at, sizeof(m->at), "%s", at);
	rc = govrec_sql_query(
	    st, err, &s, "SELECT id, category, phase, name, description FROM metric WHERE id = ?1",
	    "t", id);
	if (rc == GOVREC_OK)
		rc = govrec_sql_next(st, s, &row, err);
	if (rc != GOVREC_OK)
		return rc;
	if (row) {
		m->id = govrec_col_dup(s, 0);
		m->category = govrec_col_dup(s, 1);
		m->phase = govrec_col_dup(s, 2);
		m->name = govrec_col_dup(s, 3);
		m->description = govrec_col_dup(s, 4);
	}
	sqlite3_reset(s);
	if (!row)
		return not_in_catalog(st, id, err);

	rc = govrec_sql_query(st, err, &s, version_sql, "t", id);
	if (rc != GOVREC_OK)
		goto fail;
	while ((rc = govrec_sql_next(st, s, &row, err)) == GOVREC_OK && row) {
		struct govrec_metric_version *v;

		m->versions = govrec_grow(m->versions, m->nversions, sizeof(*m->versions));
		v = &m->versions[m->nversions++];
		read_version(s, v);
		if (strcmp(v->effective_from, at) <= 0 &&
		    (!v->effective_to[0] || strcmp(v->effective_to, at) > 0)) {
			m->in_force = 1;
			m->current = *v;
			m->current.source = v->source ? strdup(v->source) : NULL;
			m->current.proposal_ref = v->proposal_ref ? strdup(v->proposal_ref) : NULL;
		}
	}
	if (rc != GOVREC_OK)
		goto fail;

	rc = govrec_sql_query(
	    st, err, &s,
	    "SELECT p.ref, p.title, p.state, c.action, c.from_threshold, c.from_unit, "
	    "c.from_type, c.from_target, c.to_threshold, c.to_unit, c.to_type, "
	    "c.to_target FROM proposal_change c JOIN proposal p ON p.id = c.proposal_id "
	    "WHERE c.metric_id = ?1 ORDER BY p.date, p.ref",
	    "t", id);
	if (rc != GOVREC_OK)
		goto fail;
	while ((rc = govrec_sql_next(st, s, &row, err)) == GOVREC_OK && row) {
		struct govrec_metric_proposal *p;

		m->proposals = govrec_grow(m->proposals, m->nproposals, sizeof(*m->proposals));
		p = &m->proposals[m->nproposals++];
		memset(p, 0, sizeof(*p));
		p->ref = govrec_col_dup(s, 0);
		p->title = govrec_col_dup(s, 1);
		p->state = govrec_col_dup(s, 2);
		p->action = govrec_col_dup(s, 3);
		p->has_from = govrec_metric_values_read(s, 4, &p->from);
		p->has_to = govrec_metric_values_read(s, 8, &p->to);
	}
	if (rc != GOVREC_OK)
		goto fail;
	return GOVREC_OK;
fail:
	govrec_metric_release(m);
	return rc;
}

enum govrec_status govrec_metric_each(struct govrec_store *st, const char *category,
				      const char *at,
				      int (*fn)(const struct govrec_metric_row *, void *), void *ctx,
				      struct govrec_error *err)
{
	struct govrec_metric_values v;
	struct govrec_metric_row r;
	enum govrec_status rc;
	sqlite3_stmt *s;
	int row;

	if ((rc = govrec_date_check(at, "date", err)) != GOVREC_OK)
		return rc;
	rc = govrec_sql_query(
	    st, err, &s,
	    "SELECT m.id, m.category, m.phase, m.name, v.threshold, v.unit, "
	    "v.threshold_seconds, v.type, v.target_percent, v.period, v.effective_from, "
	    "p.ref FROM metric m JOIN metric_version v ON v.metric_id = m.id "
	    "AND v.effective_from <= ?2 AND (v.effective_to IS NULL OR v.effective_to > ?2) "
	    "LEFT JOIN proposal p ON p.id = v.proposal_id "
	    "WHERE (?1 IS NULL OR m.category = ?1 COLLATE NOCASE) "
	    "AND v.threshold IS NOT NULL ORDER BY m.category, m.id",
	    "tt", category, at);
	if (rc != GOVREC_OK)
		return rc;
	while ((rc = govrec_sql_next(st, s, &row, err)) == GOVREC_OK && row) {
		r.id = govrec_col_text(s, 0);
		r.category = govrec_col_text(s, 1);
		r.phase = govrec_col_text(s, 2);
		r.name = govrec_col_text(s, 3);
		read_values(s, 4, &v);
		r.v = &v;
		r.effective_from = govrec_col_text(s, 10);
		r.proposal_ref = (const char *)sqlite3_column_text(s, 11);
		if (fn(&r, ctx))
			break;
	}
	sqlite3_reset(s);
	return rc;
}

/* Writes one change of a proposal going live: see govrec_metric_apply_proposal(). */
static enum govrec_status apply_change(struct govrec_store *st,
				       const struct govrec_proposal_change_row *c, const char *date,
				       const char *source, int64_t proposal_id,
				       struct govrec_error *err)
{
	struct govrec_metric_values v;
	int is_new = strcmp(c->action, "new") == 0;
	enum govrec_status rc = GOVREC_OK;

	if (is_new == govrec_metric_exists(st, c->metric_id))
		return govrec_error_set(err, GOVREC_REFUSED,
					"rule 'live-writes-catalog': metric '%s' is %s the catalog",
					c->metric_id, is_new ? "already in" : "not in");
	if (is_new)
		rc = govrec_sql_exec(st, err,
				     "INSERT INTO metric(id, category, phase, name, "
				     "description) VALUES (?1, ?2, ?3, ?4, ?5)",
				     "ttttt", c->metric_id, c->category, c->phase, c->name,
				     c->description);
	else if (c->name || c->description)
		/* a change of definition (type 2): the metric's name or description */
		rc = govrec_sql_exec(st, err,
				     "UPDATE metric SET name = coalesce(?2, name), "
				     "description = coalesce(?3, description) WHERE id = ?1",
				     "ttt", c->metric_id, c->name, c->description);
	/* A change with no values to (a removal, type 4) is a removed version. */
	memset(&v, 0, sizeof(v));
	if (c->has_to)
		v = c->to;
	else
		v.removed = 1;
	if (rc == GOVREC_OK)
		rc = govrec_metric_version_add(st, c->metric_id, &v, date, source, proposal_id, err);
	if (rc == GOVREC_REFUSED) {
		govrec_error_clear(err);
		rc = govrec_error_set(err, GOVREC_REFUSED,
				      "rule 'live-writes-catalog': metric '%s' already has a "
				      "version in force from %s",
				      c->metric_id, date);
	}
	return rc;
}

enum govrec_status govrec_metric_apply_proposal(struct govrec_store *st,
						const struct govrec_proposal *p, const char *date,
						struct govrec_error *err)
{
	struct govrec_buf source = GOVREC_BUF_INIT;
	enum govrec_status rc = GOVREC_OK;
	size_t i;

	govrec_buf_addf(&source, "proposal %s", p->ref);
	for (i = 0; rc == GOVREC_OK && i < p->nchanges; i++)
		rc = apply_change(st, &p->changes[i], date, source.data, p->id, err);
	govrec_buf_release(&source);
	return rc;
}
