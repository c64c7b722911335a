/*
 * metric-catalog.c - catalog files: the TSV of metric versions that
 * `metric import` loads and the shipped Annex A catalog compiled in (see
 * metric.h).  Every row is checked before any is written, and all are
 * written in one transaction, each through govrec_metric_version_add().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "govrec/buf.h"
#include "govrec/metric.h"
#include "govrec/util.h"

/* Catalog files are small (a few hundred rows); 16 MiB is far beyond any. */
#define CATALOG_MAX_BYTES (16u << 20)

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
	if (govrec_parse_int(r->field[C_THRESHOLD], 0, GOVREC_THRESHOLD_MAX, &n) != 0)
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
