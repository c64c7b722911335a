/*
 * query-field.c - the field terms of the query language (see search.h):
 * the table of fields (speaker:, kind:, meeting:, date:, proposal:,
 * metric:), what a value of each may be and what it becomes in a
 * govrec_filter, and the query's list of filters.  The lexer (query.c)
 * hands every name:value it meets to query_add_filter(); the command-line
 * options come in through govrec_query_add_filter().  Pure, like query.c.
 */
#include <stdlib.h>
#include <string.h>

#include "govrec/buf.h"
#include "govrec/document.h"
#include "govrec/search.h"
#include "govrec/util.h"
#include "query-int.h"

/* ---- the field table --------------------------------------------------- */

typedef enum govrec_status (*field_parse_fn)(struct govrec_filter *f, const char *value,
					     struct govrec_error *err);

static enum govrec_status parse_text_value(struct govrec_filter *f, const char *value,
					   struct govrec_error *err);
static enum govrec_status parse_speaker_value(struct govrec_filter *f, const char *value,
					      struct govrec_error *err);
static enum govrec_status parse_kind_value(struct govrec_filter *f, const char *value,
					   struct govrec_error *err);
static enum govrec_status parse_meeting_value(struct govrec_filter *f, const char *value,
					      struct govrec_error *err);
static enum govrec_status parse_date_value(struct govrec_filter *f, const char *value,
					   struct govrec_error *err);

static const struct query_field {
	const char *name;
	enum govrec_field field;
	field_parse_fn parse;
} fields[] = {
	{ "speaker", GOVREC_FIELD_SPEAKER, parse_speaker_value },
	{ "kind", GOVREC_FIELD_KIND, parse_kind_value },
	{ "meeting", GOVREC_FIELD_MEETING, parse_meeting_value },
	{ "date", GOVREC_FIELD_DATE, parse_date_value },
	{ "proposal", GOVREC_FIELD_PROPOSAL, parse_text_value },
	{ "metric", GOVREC_FIELD_METRIC, parse_text_value },
};

#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

const char *govrec_field_name(enum govrec_field f)
{
	size_t i;

	for (i = 0; i < NFIELDS; i++)
		if (fields[i].field == f)
			return fields[i].name;
	return "?";
}

const struct query_field *query_field_find(const char *name, size_t len)
{
	size_t i, k;

	for (i = 0; i < NFIELDS; i++) {
		if (strlen(fields[i].name) != len)
			continue;
		for (k = 0; k < len; k++)
			if ((name[k] | 0x20) != fields[i].name[k])
				break;
		if (k == len)
			return &fields[i];
	}
	return NULL;
}

enum govrec_status query_unknown_field(const char *term, size_t len, size_t name_len,
					 struct govrec_error *err)
{
	struct govrec_buf t = GOVREC_BUF_INIT, n = GOVREC_BUF_INIT, known = GOVREC_BUF_INIT;
	enum govrec_status rc;
	size_t i;

	govrec_buf_add(&n, term, name_len);
	govrec_buf_add(&t, term, len);
	govrec_buf_reset(&known);
	for (i = 0; i < NFIELDS; i++)
		govrec_buf_addf(&known, "%s%s:", i ? ", " : "", fields[i].name);
	{
		struct govrec_buf st = GOVREC_BUF_INIT, sn = GOVREC_BUF_INIT;

		govrec_buf_add_safe(&st, t.data, 80);
		govrec_buf_add_safe(&sn, n.data, 40);
		rc = govrec_error_set(err, GOVREC_INVALID,
				      "unknown field '%s' in '%s' (fields: %s; put the term in "
				      "double quotes to search for it as text)",
				      sn.data, st.data, known.data);
		govrec_buf_release(&st);
		govrec_buf_release(&sn);
	}
	govrec_buf_release(&t);
	govrec_buf_release(&n);
	govrec_buf_release(&known);
	return rc;
}

static enum govrec_status bad_value(struct govrec_filter *f, const char *what,
				    struct govrec_error *err)
{
	struct govrec_buf b = GOVREC_BUF_INIT;
	enum govrec_status rc;

	govrec_buf_add_safe(&b, f->value, 80);
	rc = govrec_error_set(err, GOVREC_INVALID, "bad %s '%s' in '%s:%s' (%s)",
			      govrec_field_name(f->field), b.data, govrec_field_name(f->field),
			      b.data, what);
	govrec_buf_release(&b);
	return rc;
}

static enum govrec_status parse_text_value(struct govrec_filter *f, const char *value,
					   struct govrec_error *err)
{
	(void)value;
	(void)err;
	return GOVREC_OK;
}

/*
 * A value of only digits is a person id (as `govrec person list` prints it),
 * kept in lo; anything else is a name or label, and lo stays 0.  Whether the
 * person exists is for the search to say: this parser has no archive.
 */
static enum govrec_status parse_speaker_value(struct govrec_filter *f, const char *value,
					      struct govrec_error *err)
{
	if (strspn(value, "0123456789") != strlen(value))
		return GOVREC_OK;
	if (govrec_parse_int(value, 1, INT64_MAX, &f->lo) != 0)
		return bad_value(f,
				 "a value of only digits is a person id, from 1, as 'govrec "
				 "person list' prints it",
				 err);
	f->hi = f->lo;
	return GOVREC_OK;
}

static enum govrec_status parse_kind_value(struct govrec_filter *f, const char *value,
					   struct govrec_error *err)
{
	struct govrec_buf kinds = GOVREC_BUF_INIT;
	const char *const *k;
	enum govrec_status rc;

	if (govrec_document_kind_valid(value))
		return GOVREC_OK;
	for (k = govrec_document_kinds; *k; k++)
		govrec_buf_addf(&kinds, "%s%s", k == govrec_document_kinds ? "one of " : ", ", *k);
	rc = bad_value(f, kinds.data, err);
	govrec_buf_release(&kinds);
	return rc;
}

static enum govrec_status parse_meeting_value(struct govrec_filter *f, const char *value,
					      struct govrec_error *err)
{
	const char *dots = strstr(value, "..");
	char lo[24], hi[24];
	size_t n;

	if (!dots) {
		if (govrec_parse_int(value, 1, 1000000000, &f->lo) != 0)
			return bad_value(f, "a meeting number such as 34, or a range 30..34", err);
		f->hi = f->lo;
		return GOVREC_OK;
	}
	n = (size_t)(dots - value);
	if (n >= sizeof(lo) || strlen(dots + 2) >= sizeof(hi))
		return bad_value(f, "a meeting number such as 34, or a range 30..34", err);
	memcpy(lo, value, n);
	lo[n] = '\0';
	strcpy(hi, dots + 2);
	f->lo = 1;
	f->hi = 1000000000;
	if ((lo[0] && govrec_parse_int(lo, 1, 1000000000, &f->lo) != 0) ||
	    (hi[0] && govrec_parse_int(hi, 1, 1000000000, &f->hi) != 0) || (!lo[0] && !hi[0]))
		return bad_value(f, "a meeting number such as 34, or a range 30..34", err);
	if (f->lo > f->hi)
		return bad_value(f, "the range ends before it starts", err);
	return GOVREC_OK;
}

/*
 * One end of a date range: a year (2017), a month (2017-06) or a day
 * (2017-06-30), as its first day or, with last set, its last day.
 */
static int date_point(const char *s, size_t len, int last, char out[11])
{
	char buf[11];
	int day;

	if (len == 4) {
		memcpy(buf, s, 4);
		memcpy(buf + 4, last ? "-12-31" : "-01-01", 7);
	} else if (len == 7) {
		memcpy(buf, s, 7);
		memcpy(buf + 7, "-01", 4);
		if (!govrec_date_valid(buf))
			return -1;
		/* The last day of the month is the last that makes a date. */
		for (day = last ? 31 : 1; day >= 28 && last; day--) {
			buf[8] = (char)('0' + day / 10);
			buf[9] = (char)('0' + day % 10);
			if (govrec_date_valid(buf))
				break;
		}
	} else if (len == 10) {
		memcpy(buf, s, 10);
		buf[10] = '\0';
	} else {
		return -1;
	}
	if (!govrec_date_valid(buf))
		return -1;
	memcpy(out, buf, 11);
	return 0;
}

static const char date_forms[] = "a day 2017-06-30, a month 2017-06, a year 2017, or a range "
				 "such as 2017-01..2018-06, 2019.. or ..2018";

static enum govrec_status parse_date_value(struct govrec_filter *f, const char *value,
					   struct govrec_error *err)
{
	const char *dots = strstr(value, "..");
	size_t n = strlen(value);

	if (!dots) {
		if (date_point(value, n, 0, f->since) || date_point(value, n, 1, f->until))
			return bad_value(f, date_forms, err);
		return GOVREC_OK;
	}
	if (dots == value && !dots[2])
		return bad_value(f, date_forms, err);
	if (dots > value && date_point(value, (size_t)(dots - value), 0, f->since))
		return bad_value(f, date_forms, err);
	if (dots[2] && date_point(dots + 2, strlen(dots + 2), 1, f->until))
		return bad_value(f, date_forms, err);
	if (f->since[0] && f->until[0] && strcmp(f->since, f->until) > 0)
		return bad_value(f, "the range ends before it starts", err);
	return GOVREC_OK;
}

/* ---- the query's filters ----------------------------------------------- */

void govrec_query_init(struct govrec_query *q)
{
	memset(q, 0, sizeof(*q));
}

void govrec_query_release(struct govrec_query *q)
{
	size_t i;

	for (i = 0; i < q->nfilters; i++)
		free(q->filters[i].value);
	free(q->filters);
	free(q->match);
	govrec_query_init(q);
}

enum govrec_status query_add_filter(struct govrec_query *q, const struct query_field *def,
				    const char *value, size_t len, struct govrec_error *err)
{
	struct govrec_filter *f;
	enum govrec_status rc;

	if (q->nfilters == q->cap) {
		size_t cap = q->cap ? q->cap * 2 : 8;
		struct govrec_filter *n = realloc(q->filters, cap * sizeof(*n));

		if (!n)
			return govrec_error_oom(err);
		q->filters = n;
		q->cap = cap;
	}
	f = &q->filters[q->nfilters];
	memset(f, 0, sizeof(*f));
	f->field = def->field;
	f->value = malloc(len + 1);
	if (!f->value)
		return govrec_error_oom(err);
	memcpy(f->value, value, len);
	f->value[len] = '\0';
	if (len == 0 || strspn(f->value, " \t\r\n") == len) {
		free(f->value);
		return govrec_error_set(err, GOVREC_INVALID, "the field '%s:' needs a value",
					def->name);
	}
	rc = def->parse(f, f->value, err);
	if (rc != GOVREC_OK) {
		free(f->value);
		return rc;
	}
	q->nfilters++;
	return GOVREC_OK;
}

enum govrec_status govrec_query_add_filter(struct govrec_query *q, const char *name,
					   const char *value, struct govrec_error *err)
{
	const struct query_field *def = query_field_find(name, strlen(name));

	if (!def)
		return govrec_error_set(err, GOVREC_INVALID, "internal: no field '%s'", name);
	return query_add_filter(q, def, value ? value : "", value ? strlen(value) : 0, err);
}
