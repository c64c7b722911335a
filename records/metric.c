/*
 * metric.c - the metric catalog: units, effective-dated versions and the TSV
 * catalog files (see metric.h).
 *
 * The catalog's values are only ever added to: a new version closes the one
 * in force on its date and runs until the next begins, so that "the version
 * in force on D" is one indexed lookup.  Proposals that go live
 * (records/proposal.c) add versions through govrec_metric_version_add() in
 * their own transaction; catalog files come through govrec_metric_import(),
 * which checks every row before it writes any.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "govrec/buf.h"

#include "govrec/metric.h"
#include "govrec/util.h"

/* Catalog files are small (a few hundred rows); 16 MiB is far beyond any. */
#define CATALOG_MAX_BYTES (16u << 20)

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

/* The largest threshold accepted: about 31 years in seconds, far past any SLA. */
#define THRESHOLD_MAX 1000000000

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
	if (!u || govrec_parse_int(num, 0, THRESHOLD_MAX, value) != 0)
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
	sqlite3_stmt *s = govrec_sql(st,
				     "SELECT threshold, unit, threshold_seconds, type, target_percent, "
				     "period FROM metric_version WHERE " VERSION_AT
				     " ORDER BY effective_from DESC LIMIT 1",
				     err);
	int step;

	if (!s || govrec_sql_bind(st, s, err, "tt", id, at) != GOVREC_OK)
		return GOVREC_ERROR;
	step = govrec_sql_step(st, s, err);
	if (step == 1)
		read_values(s, 0, v);
	sqlite3_reset(s);
	if (step < 0)
		return GOVREC_ERROR;
	return step ? GOVREC_OK : GOVREC_NOTFOUND;
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
	int step;

	rc = govrec_sql_int(st, err, &one,
			    "SELECT 1 FROM metric_version WHERE metric_id = ?1 AND effective_from = ?2",
			    "tt", id, from);
	if (rc == GOVREC_OK)
		return govrec_error_set(err, GOVREC_REFUSED,
					"metric '%s' already has a version in force from %s", id,
					from);
	if (rc != GOVREC_NOTFOUND)
		return rc;
	s = govrec_sql(st,
		       "SELECT min(effective_from) FROM metric_version "
		       "WHERE metric_id = ?1 AND effective_from > ?2",
		       err);
	if (!s || govrec_sql_bind(st, s, err, "tt", id, from) != GOVREC_OK)
		return GOVREC_ERROR;
	step = govrec_sql_step(st, s, err);
	if (step == 1)
		snprintf(next, sizeof(next), "%s", govrec_col_text(s, 0));
	sqlite3_reset(s);
	if (step < 0)
		return GOVREC_ERROR;
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
	sqlite3_stmt *s = govrec_sql(st,
				     "SELECT p.ref, p.state FROM proposal_change c "
				     "JOIN proposal p ON p.id = c.proposal_id "
				     "WHERE c.metric_id = ?1 AND c.action = 'new' "
				     "ORDER BY p.date, p.ref LIMIT 1",
				     err);
	enum govrec_status rc;
	int step;

	if (!s || govrec_sql_bind(st, s, err, "t", id) != GOVREC_OK)
		return GOVREC_ERROR;
	step = govrec_sql_step(st, s, err);
	if (step == 1)
		rc = govrec_error_set(err, GOVREC_NOTFOUND,
				      "metric '%.100s' is not in force yet: proposed by %.40s (%.32s)",
				      id, govrec_col_text(s, 0), govrec_col_text(s, 1));
	else if (step == 0)
		rc = govrec_error_set(err, GOVREC_NOTFOUND, "no metric '%.100s'", id);
	else
		rc = GOVREC_ERROR;
	sqlite3_reset(s);
	return rc;
}

enum govrec_status govrec_metric_load(struct govrec_store *st, const char *id, const char *at,
				      struct govrec_metric *m, struct govrec_error *err)
{
	sqlite3_stmt *s;
	enum govrec_status rc = GOVREC_ERROR;
	int step;

	memset(m, 0, sizeof(*m));
	if ((rc = govrec_date_check(at, "date", err)) != GOVREC_OK)
		return rc;
	snprintf(m->at, sizeof(m->at), "%s", at);
	s = govrec_sql(st, "SELECT id, category, phase, name, description FROM metric WHERE id = ?1",
		       err);
	if (!s || govrec_sql_bind(st, s, err, "t", id) != GOVREC_OK)
		return GOVREC_ERROR;
	step = govrec_sql_step(st, s, err);
	if (step == 1) {
		m->id = govrec_col_dup(s, 0);
		m->category = govrec_col_dup(s, 1);
		m->phase = govrec_col_dup(s, 2);
		m->name = govrec_col_dup(s, 3);
		m->description = govrec_col_dup(s, 4);
	}
	sqlite3_reset(s);
	if (step < 0)
		return GOVREC_ERROR;
	if (step == 0)
		return not_in_catalog(st, id, err);

	rc = GOVREC_ERROR;
	s = govrec_sql(st, version_sql, err);
	if (!s || govrec_sql_bind(st, s, err, "t", id) != GOVREC_OK)
		goto fail;
	while ((step = govrec_sql_step(st, s, err)) == 1) {
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
	if (step < 0)
		goto fail;

	s = govrec_sql(st,
		       "SELECT p.ref, p.title, p.state, c.action, c.from_threshold, c.from_unit, "
		       "c.from_type, c.from_target, c.to_threshold, c.to_unit, c.to_type, "
		       "c.to_target FROM proposal_change c JOIN proposal p ON p.id = c.proposal_id "
		       "WHERE c.metric_id = ?1 ORDER BY p.date, p.ref",
		       err);
	if (!s || govrec_sql_bind(st, s, err, "t", id) != GOVREC_OK)
		goto fail;
	while ((step = govrec_sql_step(st, s, err)) == 1) {
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
	if (step < 0)
		goto fail;
	return GOVREC_OK;
fail:
	govrec_metric_release(m);
	return GOVREC_ERROR;
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
	int step;

	if ((rc = govrec_date_check(at, "date", err)) != GOVREC_OK)
		return rc;
	s = govrec_sql(st,
		       "SELECT m.id, m.category, m.phase, m.name, v.threshold, v.unit, "
		       "v.threshold_seconds, v.type, v.target_percent, v.period, v.effective_from, "
		       "p.ref FROM metric m JOIN metric_version v ON v.metric_id = m.id "
		       "AND v.effective_from <= ?2 AND (v.effective_to IS NULL OR v.effective_to > ?2) "
		       "LEFT JOIN proposal p ON p.id = v.proposal_id "
		       "WHERE (?1 IS NULL OR m.category = ?1 COLLATE NOCASE) "
		       "AND v.threshold IS NOT NULL ORDER BY m.category, m.id",
		       err);
	if (!s || govrec_sql_bind(st, s, err, "tt", category, at) != GOVREC_OK)
		return GOVREC_ERROR;
	while ((step = govrec_sql_step(st, s, err)) == 1) {
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
	return step < 0 ? GOVREC_ERROR : GOVREC_OK;
}

/*
 * Catalog files.  The columns a file may have, in the order of a row's
 * fields below; the header says which column of the file holds which.
 */
enum col {
	C_ID, C_CATEGORY, C_PHASE, C_NAME, C_THRESHOLD, C_UNIT, C_TYPE, C_TARGET, C_PERIOD,
	C_IN_FORCE_ON, C_SOURCE, C_DESCRIPTION, C_COUNT
};

static const struct column {
	const char *name;
	int required;
} columns[C_COUNT] = {
	{ "id", 1 }, { "category", 1 }, { "phase", 1 }, { "name", 1 },
	{ "threshold", 1 }, { "unit", 1 }, { "type", 1 }, { "target_percent", 1 },
	{ "period", 1 }, { "in_force_on", 1 }, { "source", 0 }, { "description", 0 },
};

struct row {
	int line;
	char *field[C_COUNT]; /* NULL: the file has no such column; points into the data copy */
	int colno[C_COUNT];   /* 1-based column of the file */
	struct govrec_metric_values v;
};

struct parse {
	const char *name;
	struct govrec_error *err;
	int map[C_COUNT + 8]; /* file column -> enum col */
	int ncols;
	struct row *rows;
	size_t nrows;
};

/* Sets the error for field c of row r: "'value' complaint", or the complaint alone. */
static enum govrec_status bad(struct parse *p, const struct row *r, enum col c, const char *value,
			      const char *complaint)
{
	struct govrec_buf safe = GOVREC_BUF_INIT;

	if (value) {
		govrec_buf_addch(&safe, '\'');
		govrec_buf_add_safe(&safe, value, 60);
		govrec_buf_adds(&safe, "' ");
	}
	govrec_error_set(p->err, GOVREC_INVALID, "'%s' line %d column %d (%s): %s%s", p->name,
			 r->line, r->colno[c], columns[c].name, safe.data, complaint);
	govrec_buf_release(&safe);
	return GOVREC_INVALID;
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

static int parse_target(const char *s, double *out)
{
	char *end;

	if (!*s || !((*s >= '0' && *s <= '9') || *s == '.'))
		return -1;
	*out = strtod(s, &end);
	return *end || !(*out >= 0 && *out <= 100) ? -1 : 0;
}

/* Checks the fields of r and fills r->v. */
static enum govrec_status check_row(struct parse *p, struct row *r)
{
	static const char *const types[] = { "Max", "Min", NULL };
	const char *const *t;
	int64_t n;
	size_t i;
	int c;

	for (c = 0; c < C_COUNT; c++)
		if (columns[c].required && !r->field[c][0])
			return bad(p, r, (enum col)c, NULL, "is empty");
	if (!govrec_metric_id_valid(r->field[C_ID]))
		return bad(p, r, C_ID, r->field[C_ID],
			   "is not a metric id (lower-case letters, digits, '.', '-', '_')");
	if (strlen(r->field[C_CATEGORY]) > 32)
		return bad(p, r, C_CATEGORY, r->field[C_CATEGORY], "is longer than 32 bytes");
	if (govrec_parse_int(r->field[C_THRESHOLD], 0, THRESHOLD_MAX, &n) != 0)
		return bad(p, r, C_THRESHOLD, r->field[C_THRESHOLD], "is not a whole number");
	r->v.threshold = n;
	if (!govrec_unit_seconds(r->field[C_UNIT]))
		return bad(p, r, C_UNIT, r->field[C_UNIT],
			   "is not one of seconds, minutes, hours, days");
	snprintf(r->v.unit, sizeof(r->v.unit), "%s", r->field[C_UNIT]);
	r->v.threshold_seconds = n * govrec_unit_seconds(r->v.unit);
	for (t = types; *t && strcasecmp(*t, r->field[C_TYPE]) != 0; t++)
		;
	if (!*t)
		return bad(p, r, C_TYPE, r->field[C_TYPE], "is not Max or Min");
	snprintf(r->v.type, sizeof(r->v.type), "%s", *t);
	if (parse_target(r->field[C_TARGET], &r->v.target_percent) != 0)
		return bad(p, r, C_TARGET, r->field[C_TARGET], "is not a percentage (0-100)");
	if (strlen(r->field[C_PERIOD]) >= sizeof(r->v.period))
		return bad(p, r, C_PERIOD, r->field[C_PERIOD], "is not a period (month)");
	for (i = 0; r->field[C_PERIOD][i]; i++)
		if (r->field[C_PERIOD][i] < 'A' || (r->field[C_PERIOD][i] | 0x20) < 'a' ||
		    (r->field[C_PERIOD][i] | 0x20) > 'z')
			return bad(p, r, C_PERIOD, r->field[C_PERIOD], "is not a period (month)");
	snprintf(r->v.period, sizeof(r->v.period), "%s", r->field[C_PERIOD]);
	govrec_ascii_lower(r->v.period);
	if (!govrec_date_valid(r->field[C_IN_FORCE_ON]))
		return bad(p, r, C_IN_FORCE_ON, r->field[C_IN_FORCE_ON],
			   "is not a date (YYYY-MM-DD)");
	return GOVREC_OK;
}

static enum govrec_status parse_header(struct parse *p, char *line, int lineno)
{
	int seen[C_COUNT] = { 0 };
	char *field = line, *tab;
	int c;

	p->ncols = 0;
	for (;;) {
		tab = strchr(field, '\t');
		if (tab)
			*tab = '\0';
		for (c = 0; c < C_COUNT && strcmp(columns[c].name, field) != 0; c++)
			;
		if (c == C_COUNT || seen[c] || p->ncols == C_COUNT) {
			struct govrec_buf safe = GOVREC_BUF_INIT;

			govrec_buf_add_safe(&safe, field, 40);
			govrec_error_set(p->err, GOVREC_INVALID,
					 "'%s' line %d column %d: '%s' is %s", p->name, lineno,
					 p->ncols + 1, safe.data,
					 c < C_COUNT ? "named twice" : "not a catalog column");
			govrec_buf_release(&safe);
			return GOVREC_INVALID;
		}
		seen[c] = 1;
		p->map[p->ncols++] = c;
		if (!tab)
			break;
		field = tab + 1;
	}
	for (c = 0; c < C_COUNT; c++)
		if (columns[c].required && !seen[c])
			return govrec_error_set(p->err, GOVREC_INVALID,
						"'%s' line %d: the header has no '%s' column",
						p->name, lineno, columns[c].name);
	return GOVREC_OK;
}

static enum govrec_status parse_row(struct parse *p, char *line, int lineno)
{
	struct row *r;
	char *field = line, *tab;
	int n = 0;
	size_t i;

	p->rows = govrec_grow(p->rows, p->nrows, sizeof(*p->rows));
	r = &p->rows[p->nrows];
	memset(r, 0, sizeof(*r));
	r->line = lineno;
	for (;;) {
		tab = strchr(field, '\t');
		if (tab)
			*tab = '\0';
		if (n < p->ncols) {
			r->field[p->map[n]] = field;
			r->colno[p->map[n]] = n + 1;
		}
		n++;
		if (!tab)
			break;
		field = tab + 1;
	}
	if (n != p->ncols)
		return govrec_error_set(p->err, GOVREC_INVALID,
					"'%s' line %d column %d: the row has %d columns, the header %d",
					p->name, lineno, n < p->ncols ? n + 1 : p->ncols + 1, n,
					p->ncols);
	p->nrows++;
	if (check_row(p, r) != GOVREC_OK)
		return GOVREC_INVALID;
	for (i = 0; i + 1 < p->nrows; i++)
		if (strcmp(p->rows[i].field[C_ID], r->field[C_ID]) == 0 &&
		    strcmp(p->rows[i].field[C_IN_FORCE_ON], r->field[C_IN_FORCE_ON]) == 0) {
			char dup[80];

			snprintf(dup, sizeof(dup), "is the date of line %d too: one version a date",
				 p->rows[i].line);
			return bad(p, r, C_IN_FORCE_ON, r->field[C_IN_FORCE_ON], dup);
		}
	return GOVREC_OK;
}

/* Splits text (a writable copy) into lines and parses them; rows point into text. */
static enum govrec_status parse_catalog(struct parse *p, char *text)
{
	char *line = text, *nl;
	int lineno = 0, header = 0;
	enum govrec_status rc;

	if (strncmp(line, "\xEF\xBB\xBF", 3) == 0)
		line += 3;
	for (; line; line = nl ? nl + 1 : NULL) {
		size_t len;

		lineno++;
		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		len = strlen(line);
		if (len && line[len - 1] == '\r')
			line[--len] = '\0';
		if (len == 0 || line[0] == '#')
			continue;
		rc = header ? parse_row(p, line, lineno) : parse_header(p, line, lineno);
		if (rc != GOVREC_OK)
			return rc;
		header = 1;
	}
	if (!header)
		return govrec_error_set(p->err, GOVREC_INVALID, "'%s': has no header line", p->name);
	return GOVREC_OK;
}

/* Writes one checked row (in the import's transaction). */
static enum govrec_status apply_row(struct govrec_store *st, struct parse *p, const struct row *r,
				    struct govrec_metric_import_result *res, struct govrec_error *err)
{
	const char *id = r->field[C_ID], *date = r->field[C_IN_FORCE_ON];
	const char *source = r->field[C_SOURCE] && r->field[C_SOURCE][0] ? r->field[C_SOURCE] : NULL;
	const char *desc = r->field[C_DESCRIPTION];
	struct govrec_metric_values now;
	enum govrec_status rc;

	if (!govrec_metric_exists(st, id)) {
		rc = govrec_sql_exec(st, err,
				     "INSERT INTO metric(id, category, phase, name, description) "
				     "VALUES (?1, ?2, ?3, ?4, ?5)",
				     "ttttt", id, r->field[C_CATEGORY], r->field[C_PHASE],
				     r->field[C_NAME], desc && *desc ? desc : NULL);
		res->metrics_added++;
	} else {
		/* The definition follows the file; only a real difference is a write. */
		rc = govrec_sql_exec(st, err,
				     "UPDATE metric SET category = ?2, phase = ?3, name = ?4, "
				     "description = CASE WHEN ?5 THEN nullif(?6, '') ELSE description "
				     "END WHERE id = ?1 AND (category IS NOT ?2 OR phase IS NOT ?3 OR "
				     "name IS NOT ?4 OR (?5 AND description IS NOT nullif(?6, '')))",
				     "ttttit", id, r->field[C_CATEGORY], r->field[C_PHASE],
				     r->field[C_NAME], (int64_t)(desc != NULL), desc);
	}
	if (rc != GOVREC_OK)
		return rc;
	rc = govrec_metric_values_at(st, id, date, &now, err);
	if (rc == GOVREC_OK && govrec_metric_values_equal(&now, &r->v)) {
		res->unchanged++;
		return GOVREC_OK;
	}
	if (rc != GOVREC_OK && rc != GOVREC_NOTFOUND)
		return rc;
	rc = govrec_metric_version_add(st, id, &r->v, date, source, 0, err);
	if (rc == GOVREC_REFUSED) {
		govrec_error_clear(err);
		return govrec_error_set(err, GOVREC_REFUSED,
					"'%s' line %d column %d (in_force_on): metric '%s' already "
					"has other values in force from %s (versions are never "
					"edited: give the new values a later date)",
					p->name, r->line, r->colno[C_IN_FORCE_ON], id, date);
	}
	if (rc == GOVREC_OK)
		res->versions_added++;
	return rc;
}

enum govrec_status govrec_metric_import(struct govrec_store *st, const char *data, size_t len,
					const char *name,
					struct govrec_metric_import_result *result,
					struct govrec_error *err)
{
	struct govrec_buf text = GOVREC_BUF_INIT;
	struct parse p;
	enum govrec_status rc;
	size_t i;

	memset(result, 0, sizeof(*result));
	memset(&p, 0, sizeof(p));
	p.name = name;
	p.err = err;
	rc = govrec_utf8_check(data, len, err);
	if (rc == GOVREC_OK && memchr(data, '\0', len))
		rc = govrec_error_set(err, GOVREC_INVALID, "has a NUL byte");
	if (rc != GOVREC_OK) {
		govrec_error_prefix(err, "'%s'", name);
		goto out;
	}
	govrec_buf_add(&text, data, len);
	rc = parse_catalog(&p, text.data);
	if (rc != GOVREC_OK)
		goto out;
	result->rows = (int)p.nrows;
	rc = govrec_store_begin(st, "metric.import", err);
	if (rc != GOVREC_OK)
		goto out;
	for (i = 0; i < p.nrows && rc == GOVREC_OK; i++)
		rc = apply_row(st, &p, &p.rows[i], result, err);
	if (rc == GOVREC_OK)
		rc = govrec_store_commit(st, err);
	else
		govrec_store_rollback(st);
	if (rc != GOVREC_OK) {
		int rows = result->rows;

		memset(result, 0, sizeof(*result));
		result->rows = rows;
	}
out:
	if (rc != GOVREC_OK && err) {
		size_t n = strlen(err->msg);

		snprintf(err->msg + n, sizeof(err->msg) - n, " (nothing loaded)");
	}
	free(p.rows);
	govrec_buf_release(&text);
	return rc;
}

enum govrec_status govrec_metric_import_file(struct govrec_store *st, const char *path,
					     struct govrec_metric_import_result *result,
					     struct govrec_error *err)
{
	struct govrec_buf b = GOVREC_BUF_INIT;
	enum govrec_status rc;

	memset(result, 0, sizeof(*result));
	rc = govrec_buf_read_file(&b, path, CATALOG_MAX_BYTES, err);
	if (rc == GOVREC_OK)
		rc = govrec_metric_import(st, b.data, b.len,
					  strcmp(path, "-") == 0 ? "standard input" : path, result,
					  err);
	govrec_buf_release(&b);
	return rc;
}

enum govrec_status govrec_metric_load_catalog(struct govrec_store *st, struct govrec_error *err)
{
	const struct govrec_embedded *f = govrec_embedded_find(GOVREC_METRIC_CATALOG);
	struct govrec_metric_import_result res;

	if (!f)
		return govrec_error_set(err, GOVREC_ERROR, "internal: the metric catalog '%s' is "
					"not compiled in", GOVREC_METRIC_CATALOG);
	return govrec_metric_import(st, (const char *)f->data, f->size, GOVREC_METRIC_CATALOG,
				    &res, err);
}
