/*
 * metric.h - the Annex A section 2 metric catalog, with effective-dated values.
 *
 * A metric (cat1.technical-checks.initial) has a category, a process phase
 * and a name; its values (threshold with its unit, Max or Min, compliance
 * target, period) live in versions, each in force from effective_from up to
 * (not including) effective_to.  The versions of one metric are contiguous:
 * adding a version on a date closes the one in force that day and runs until
 * the next one begins.  A version whose threshold is absent says the metric
 * was removed from that date.  Versions are written by `metric import`
 * (the shipped catalog at init, and the secretariat's files;
 * records/metric-catalog.c) and by proposals that go live
 * (govrec_metric_apply_proposal()), never edited otherwise.
 *
 * Thresholds keep the number and unit they were given in; threshold_seconds
 * makes values in different units comparable.
 */
#ifndef GOVREC_METRIC_H
#define GOVREC_METRIC_H

#include <stddef.h>
#include <stdint.h>

#include "govrec/error.h"
#include "govrec/store.h"

/* The name of the shipped catalog among the embedded files. */
#define GOVREC_METRIC_CATALOG "annex-a-section-2-metrics.tsv"

/* The largest threshold accepted: about 31 years in seconds, far past any SLA. */
#define GOVREC_THRESHOLD_MAX 1000000000

/* Seconds in one unit (seconds, minutes, hours, days); 0 for anything else. */
int64_t govrec_unit_seconds(const char *unit);


/*
 * Parses a threshold written as a number and a unit suffix, as on the command
 * line: "60s", "40m", "72h", "3d".  *unit is set to the unit's full name
 * (static).  GOVREC_INVALID "threshold 'x' is not a number with a unit (s, m,
 * h or d): 40m" otherwise.
 */
enum govrec_status govrec_threshold_parse(const char *s, int64_t *value, const char **unit,
					  struct govrec_error *err);

/* Compares two thresholds across units: <0, 0, >0 as a is shorter, equal, longer. */
int govrec_threshold_compare(int64_t a, const char *unit_a, int64_t b, const char *unit_b);

/* "40 minutes", "1 day" into out. */
void govrec_threshold_format(int64_t value, const char *unit, char *out, size_t size);

/* One set of values of a metric. */
struct govrec_metric_values {
	int removed;           /* 1: the metric is removed (no other field is set) */
	int64_t threshold;
	char unit[8];          /* seconds, minutes, hours, days */
	int64_t threshold_seconds;
	char type[4];          /* Max or Min */
	double target_percent;
	char period[16];       /* month */
};

/*
 * Reads the from_ or to_ side of a proposal_change row (threshold, unit,
 * type, target in four columns from col) into v.  Returns 0, leaving v
 * zeroed, when threshold and target are both NULL (the side is absent).
 */
int govrec_metric_values_read(sqlite3_stmt *s, int col, struct govrec_metric_values *v);

/* 1 when a and b hold the same values (a threshold compares by number and unit). */
int govrec_metric_values_equal(const struct govrec_metric_values *a,
			       const struct govrec_metric_values *b);

struct govrec_metric_version {
	int64_t id;
	struct govrec_metric_values v;
	char effective_from[11];
	char effective_to[11];  /* "" while in force */
	char *source;           /* may be NULL */
	char *proposal_ref;     /* the proposal that set it, or NULL */
};

/* A proposal that touched a metric, as `metric show` lists it. */
struct govrec_metric_proposal {
	char *ref;
	char *title;
	char *state;
	char *action;          /* change, new, remove */
	int has_from, has_to;
	struct govrec_metric_values from, to;
};

struct govrec_metric {
	char *id;
	char *category;
	char *phase;
	char *name;
	char *description;     /* may be NULL */
	char at[11];           /* the date asked about */
	int in_force;          /* 1 when `current` holds the version in force on `at` */
	struct govrec_metric_version current;
	struct govrec_metric_version *versions; /* by effective_from */
	size_t nversions;
	struct govrec_metric_proposal *proposals; /* by proposal date, ref */
	size_t nproposals;
};

/*
 * Loads metric id with the version in force on date at (YYYY-MM-DD), its
 * versions and the proposals that touched it.  GOVREC_NOTFOUND "no metric 'x'",
 * or, for a metric a proposal adds that has not gone live, "metric 'x' is not
 * in force yet: proposed by REF (STATE)".
 * Release with govrec_metric_release().
 */
enum govrec_status govrec_metric_load(struct govrec_store *st, const char *id, const char *at,
				      struct govrec_metric *m, struct govrec_error *err);
void govrec_metric_release(struct govrec_metric *m);

/*
 * The values of metric id in force on date at.  GOVREC_NOTFOUND (err not set)
 * when no version is in force that day; a removed metric gives v->removed = 1.
 */
enum govrec_status govrec_metric_values_at(struct govrec_store *st, const char *id,
					   const char *at, struct govrec_metric_values *v,
					   struct govrec_error *err);

/* 1 when id is a metric id: lower-case letters, digits, '.', '-', '_' (at most 100). */
int govrec_metric_id_valid(const char *id);

/* 1 when metric id is in the catalog (with or without versions). */
int govrec_metric_exists(struct govrec_store *st, const char *id);

/* A row of `metric list`: borrowed for the callback's duration. */
struct govrec_metric_row {
	const char *id;
	const char *category;
	const char *phase;
	const char *name;
	const struct govrec_metric_values *v;
	const char *effective_from;
	const char *proposal_ref; /* NULL unless a proposal set the version */
};

/*
 * Calls fn for every metric in force on date at (removed ones left out), of
 * category (NULL: all), by category and id.  fn returning nonzero stops.
 */
enum govrec_status govrec_metric_each(struct govrec_store *st, const char *category,
				      const char *at,
				      int (*fn)(const struct govrec_metric_row *, void *), void *ctx,
				      struct govrec_error *err);

/*
 * Adds a version of metric id in force from date from (in the caller's
 * transaction): the version in force that day ends there, and the new one runs
 * until the next version begins.  GOVREC_REFUSED when a version of the metric
 * already begins on that date.  proposal_id 0: none.
 */
enum govrec_status govrec_metric_version_add(struct govrec_store *st, const char *id,
					     const struct govrec_metric_values *v, const char *from,
					     const char *source, int64_t proposal_id,
					     struct govrec_error *err);

struct govrec_proposal; /* proposal.h */

/*
 * Applies proposal p's metric changes to the catalog, in force from date (in
 * the caller's transaction): each change becomes a metric version with the
 * proposal as its source, a new metric is added to the catalog, and a change
 * of definition (type 2) sets the metric's name or description.  p is as
 * govrec_proposal_load() gives it.  GOVREC_REFUSED "rule 'live-writes-catalog':
 * ..." when a new metric is already in the catalog, a changed one is not, or
 * a metric already has a version beginning on date.
 */
enum govrec_status govrec_metric_apply_proposal(struct govrec_store *st,
						const struct govrec_proposal *p, const char *date,
						struct govrec_error *err);

/* ---- catalog files (records/metric-catalog.c) ---- */

struct govrec_metric_import_result {
	int rows;             /* data rows read */
	int metrics_added;    /* metrics new to the catalog */
	int versions_added;   /* rows that changed a metric's values */
	int unchanged;        /* rows equal to the version in force on their date */
};

/*
 * Loads a catalog file: TAB-separated, '#' comment lines, a header naming the
 * columns (id category phase name threshold unit type target_percent period
 * in_force_on, and optionally source and description, in any order), then one
 * row per metric version.  A row equal to the version in force on its date
 * changes nothing; a row with other values adds a version from its date.  All
 * rows are checked before anything is written, and everything is written in
 * one transaction: a malformed row gives GOVREC_INVALID "'name' line N column
 * C (col): ..." and nothing is loaded.  name labels the data in messages.
 */
enum govrec_status govrec_metric_import(struct govrec_store *st, const char *data, size_t len,
					const char *name,
					struct govrec_metric_import_result *result,
					struct govrec_error *err);

/* Reads path ("-": standard input) and imports it as above. */
enum govrec_status govrec_metric_import_file(struct govrec_store *st, const char *path,
					     struct govrec_metric_import_result *result,
					     struct govrec_error *err);

/* Imports the shipped catalog (GOVREC_METRIC_CATALOG), compiled into the library. */
enum govrec_status govrec_metric_load_catalog(struct govrec_store *st, struct govrec_error *err);

#endif
