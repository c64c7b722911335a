/*
 * meeting.c - meetings, attendance and the quorum rule (see meeting.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "govrec/buf.h"
#include "govrec/meeting.h"
#include "govrec/util.h"

static const char *const kinds[] = { "regular", "public", "adhoc", "joint", NULL };
static const char *const statuses[] = { "present", "apologies", "absent", NULL };

static int in_list(const char *const *list, const char *s)
{
	for (; s && *list; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

int govrec_meeting_kind_valid(const char *kind)
{
	return in_list(kinds, kind);
}

enum govrec_status govrec_meeting_id(struct govrec_store *st, int64_t number, int64_t *id,
				     struct govrec_error *err)
{
	enum govrec_status rc =
		govrec_sql_int(st, err, id, "SELECT id FROM meeting WHERE number = ?1", "i", number);

	if (rc == GOVREC_NOTFOUND)
		rc = govrec_error_set(err, GOVREC_NOTFOUND, "no meeting %lld", (long long)number);
	return rc;
}

enum govrec_status govrec_meeting_add(struct govrec_store *st, const struct govrec_meeting_new *m,
				      struct govrec_error *err)
{
	enum govrec_status rc;
	int64_t id;
	size_t i;

	if (m->number <= 0)
		return govrec_error_set(err, GOVREC_INVALID, "meeting number must be 1 or more");
	if ((rc = govrec_date_check(m->date, "date", err)) != GOVREC_OK)
		return rc;
	if (m->time && !govrec_time_valid(m->time))
		return govrec_error_set(err, GOVREC_INVALID, "time '%.20s' is not a UTC time (HH:MM)",
					m->time);
	if (m->kind && !govrec_meeting_kind_valid(m->kind))
		return govrec_error_set(err, GOVREC_INVALID,
					"kind '%.20s' is not one of regular, public, adhoc, joint",
					m->kind);
	for (i = 0; i < m->nagenda; i++)
		if (!m->agenda[i][0])
			return govrec_error_set(err, GOVREC_INVALID, "agenda item %zu is empty", i + 1);
	rc = govrec_store_begin(st, "meeting.add", err);
	if (rc != GOVREC_OK)
		return rc;
	if (govrec_sql_int(st, NULL, &id, "SELECT id FROM meeting WHERE number = ?1", "i",
			   m->number) == GOVREC_OK) {
		rc = govrec_error_set(err, GOVREC_INVALID, "meeting %lld already exists",
				      (long long)m->number);
		goto fail;
	}
	rc = govrec_sql_exec(st, err,
			     "INSERT INTO meeting(number, date, time, kind, title) "
			     "VALUES (?1, ?2, ?3, ?4, ?5)",
			     "itttt", m->number, m->date, m->time, m->kind ? m->kind : "regular",
			     m->title && *m->title ? m->title : NULL);
	if (rc != GOVREC_OK)
		goto fail;
	id = sqlite3_last_insert_rowid(govrec_store_db(st));
	for (i = 0; i < m->nagenda && rc == GOVREC_OK; i++)
		rc = govrec_sql_exec(st, err,
				     "INSERT INTO agenda_item(meeting_id, seq, text) VALUES (?1, ?2, ?3)",
				     "iit", id, (int64_t)(i + 1), m->agenda[i]);
	if (rc != GOVREC_OK)
		goto fail;
	return govrec_store_commit(st, err);
fail:
	govrec_store_rollback(st);
	return rc;
}

enum govrec_status govrec_meeting_attend(struct govrec_store *st, int64_t number, int64_t person,
					 const char *status, struct govrec_error *err)
{
	enum govrec_status rc;
	int64_t id;

	if (!in_list(statuses, status))
		return govrec_error_set(err, GOVREC_INVALID,
					"status '%.20s' is not one of present, apologies, absent",
					status ? status : "");
	rc = govrec_store_begin(st, "meeting.attend", err);
	if (rc != GOVREC_OK)
		return rc;
	rc = govrec_meeting_id(st, number, &id, err);
	if (rc == GOVREC_OK)
		rc = govrec_sql_exec(st, err,
				     "INSERT INTO attendance(meeting_id, person_id, status) "
				     "VALUES (?1, ?2, ?3) ON CONFLICT (meeting_id, person_id) "
				     "DO UPDATE SET status = excluded.status",
				     "iit", id, person, status);
	if (rc != GOVREC_OK) {
		govrec_store_rollback(st);
		return rc;
	}
	return govrec_store_commit(st, err);
}

void govrec_meeting_release(struct govrec_meeting *m)
{
	size_t i;

	free(m->title);
	for (i = 0; i < m->nagenda; i++)
		free(m->agenda[i]);
	free(m->agenda);
	for (i = 0; i < m->nattendees; i++) {
		free(m->attendees[i].name);
		free(m->attendees[i].status);
		free(m->attendees[i].role);
		free(m->attendees[i].body);
	}
	free(m->attendees);
	memset(m, 0, sizeof(*m));
}

/*
 * Everyone with recorded attendance, plus every member in office on the
 * date; with the role they held that day (a member role wins over others).
 */
static const char attendee_sql[] =
	"WITH m AS (SELECT id, date FROM meeting WHERE number = ?1),"
	" office AS (SELECT ms.person_id, ms.role, ms.body,"
	"   row_number() OVER (PARTITION BY ms.person_id"
	"     ORDER BY ms.role = 'member' DESC, ms.date_from DESC) AS r"
	"   FROM membership ms, m WHERE ms.date_from <= m.date"
	"   AND (ms.date_to IS NULL OR ms.date_to >= m.date)),"
	" people AS (SELECT person_id FROM attendance, m WHERE meeting_id = m.id"
	"   UNION SELECT person_id FROM office WHERE role = 'member')"
	" SELECT p.id, p.name, coalesce(a.status, ''), o.role, o.body"
	" FROM people JOIN person p ON p.id = people.person_id"
	" LEFT JOIN attendance a ON a.person_id = p.id AND a.meeting_id = (SELECT id FROM m)"
	" LEFT JOIN office o ON o.person_id = p.id AND o.r = 1"
	" ORDER BY o.role = 'member' DESC, p.name COLLATE NOCASE";

/* Adds the agenda of m to m. */
static enum govrec_status load_agenda(struct govrec_store *st, struct govrec_meeting *m,
				      struct govrec_error *err)
{
	sqlite3_stmt *s;
	enum govrec_status rc;
	int row;

	rc = govrec_sql_query(st, err, &s,
			      "SELECT text FROM agenda_item WHERE meeting_id = ?1 ORDER BY seq", "i",
			      m->id);
	while (rc == GOVREC_OK && (rc = govrec_sql_next(st, s, &row, err)) == GOVREC_OK && row) {
		char **n = realloc(m->agenda, (m->nagenda + 1) * sizeof(*n));

		if (!n) {
			sqlite3_reset(s);
			return govrec_error_oom(err);
		}
		m->agenda = n;
		m->agenda[m->nagenda++] = govrec_col_dup(s, 0);
	}
	return rc;
}

/* Adds the attendees of m to m, and counts the members present. */
static enum govrec_status load_attendees(struct govrec_store *st, struct govrec_meeting *m,
					 struct govrec_error *err)
{
	sqlite3_stmt *s;
	enum govrec_status rc;
	int row;

	rc = govrec_sql_query(st, err, &s, attendee_sql, "i", m->number);
	while (rc == GOVREC_OK && (rc = govrec_sql_next(st, s, &row, err)) == GOVREC_OK && row) {
		struct govrec_attendee *n =
			realloc(m->attendees, (m->nattendees + 1) * sizeof(*n));
		struct govrec_attendee *a;

		if (!n) {
			sqlite3_reset(s);
			return govrec_error_oom(err);
		}
		m->attendees = n;
		a = &m->attendees[m->nattendees++];
		a->person_id = sqlite3_column_int64(s, 0);
		a->name = govrec_col_dup(s, 1);
		a->status = govrec_col_dup(s, 2);
		a->role = govrec_col_dup(s, 3);
		a->body = govrec_col_dup(s, 4);
		a->member = a->role && strcmp(a->role, "member") == 0;
		if (a->member) {
			m->members++;
			if (a->status && strcmp(a->status, "present") == 0)
				m->members_present++;
		}
	}
	return rc;
}

enum govrec_status govrec_meeting_load(struct govrec_store *st, int64_t number,
				       struct govrec_meeting *m, struct govrec_error *err)
{
	sqlite3_stmt *s;
	enum govrec_status rc;
	int row;
	int64_t docs = 0;

	memset(m, 0, sizeof(*m));
	rc = govrec_sql_query(st, err, &s,
			      "SELECT id, number, date, coalesce(time, ''), kind, title "
			      "FROM meeting WHERE number = ?1",
			      "i", number);
	if (rc == GOVREC_OK)
		rc = govrec_sql_next(st, s, &row, err);
	if (rc != GOVREC_OK)
		return rc;
	if (!row)
		return govrec_error_set(err, GOVREC_NOTFOUND, "no meeting %lld", (long long)number);
	m->id = sqlite3_column_int64(s, 0);
	m->number = sqlite3_column_int64(s, 1);
	snprintf(m->date, sizeof(m->date), "%s", govrec_col_text(s, 2));
	snprintf(m->time, sizeof(m->time), "%s", govrec_col_text(s, 3));
	snprintf(m->kind, sizeof(m->kind), "%s", govrec_col_text(s, 4));
	m->title = govrec_col_dup(s, 5);
	sqlite3_reset(s);
	rc = load_agenda(st, m, err);
	if (rc == GOVREC_OK)
		rc = load_attendees(st, m, err);
	if (rc == GOVREC_OK)
		rc = govrec_sql_int(st, err, &docs,
				    "SELECT count(*) FROM document WHERE meeting_id = ?1", "i",
				    m->id);
	if (rc != GOVREC_OK) {
		govrec_meeting_release(m);
		return rc;
	}
	m->quorate = m->members == 0 ? -1 : m->members_present == m->members;
	m->documents = (int)docs;
	return GOVREC_OK;
}

/* Numbers of the meetings of year (0: all), in order. */
static enum govrec_status meeting_numbers(struct govrec_store *st, int year, int64_t **out,
					  size_t *n, struct govrec_error *err)
{
	char y[8];
	sqlite3_stmt *s;
	enum govrec_status rc;
	int row;

	*out = NULL;
	*n = 0;
	snprintf(y, sizeof(y), "%04d", year);
	rc = govrec_sql_query(st, err, &s,
			      "SELECT number FROM meeting WHERE ?1 = 0 OR substr(date, 1, 4) = ?2 "
			      "ORDER BY number",
			      "it", (int64_t)year, y);
	if (rc != GOVREC_OK)
		return rc;
	while ((rc = govrec_sql_next(st, s, &row, err)) == GOVREC_OK && row) {
		int64_t *m = realloc(*out, (*n + 1) * sizeof(*m));

		if (!m) {
			sqlite3_reset(s);
			free(*out);
			*out = NULL;
			return govrec_error_oom(err);
		}
		*out = m;
		(*out)[(*n)++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_reset(s);
	if (rc != GOVREC_OK) {
		free(*out);
		*out = NULL;
	}
	return rc;
}

enum govrec_status govrec_meeting_each(struct govrec_store *st, int year,
				       int (*fn)(const struct govrec_meeting *, void *), void *ctx,
				       struct govrec_error *err)
{
	int64_t *numbers;
	size_t n, i;
	enum govrec_status rc = meeting_numbers(st, year, &numbers, &n, err);

	for (i = 0; rc == GOVREC_OK && i < n; i++) {
		struct govrec_meeting m;
		int stop;

		rc = govrec_meeting_load(st, numbers[i], &m, err);
		if (rc != GOVREC_OK)
			break;
		stop = fn(&m, ctx);
		govrec_meeting_release(&m);
		if (stop)
			break;
	}
	free(numbers);
	return rc;
}

void govrec_attendance_report_release(struct govrec_attendance_report *r)
{
	size_t i;

	for (i = 0; i < r->nrows; i++) {
		free(r->rows[i].name);
		free(r->rows[i].body);
	}
	free(r->rows);
	free(r->not_quorate);
	free(r->unknown_quorum);
	memset(r, 0, sizeof(*r));
}

static int push_number(int64_t **list, size_t *n, int64_t v)
{
	int64_t *m = realloc(*list, (*n + 1) * sizeof(*m));

	if (!m)
		return -1;
	*list = m;
	m[(*n)++] = v;
	return 0;
}

static struct govrec_attendance_row *report_row(struct govrec_attendance_report *r,
						const struct govrec_attendee *a)
{
	struct govrec_attendance_row *n;
	size_t i;

	for (i = 0; i < r->nrows; i++)
		if (r->rows[i].person_id == a->person_id)
			return &r->rows[i];
	n = realloc(r->rows, (r->nrows + 1) * sizeof(*n));
	if (!n)
		return NULL;
	r->rows = n;
	n = &r->rows[r->nrows++];
	memset(n, 0, sizeof(*n));
	n->person_id = a->person_id;
	n->name = strdup(a->name ? a->name : "");
	n->body = a->body ? strdup(a->body) : NULL;
	return n;
}

static int row_cmp(const void *a, const void *b)
{
	const struct govrec_attendance_row *x = a, *y = b;

	return strcasecmp(x->name, y->name);
}

struct report_ctx {
	struct govrec_attendance_report *r;
	int oom;
};

static int report_meeting(const struct govrec_meeting *m, void *p)
{
	struct report_ctx *c = p;
	struct govrec_attendance_report *r = c->r;
	size_t i;

	r->meetings++;
	if (m->quorate == 0 && push_number(&r->not_quorate, &r->nnot_quorate, m->number))
		return c->oom = 1;
	if (m->quorate < 0 && push_number(&r->unknown_quorum, &r->nunknown, m->number))
		return c->oom = 1;
	for (i = 0; i < m->nattendees; i++) {
		const struct govrec_attendee *a = &m->attendees[i];
		struct govrec_attendance_row *row;

		if (!a->member)
			continue;
		row = report_row(r, a);
		if (!row)
			return c->oom = 1;
		row->held++;
		if (a->status && strcmp(a->status, "present") == 0)
			row->attended++;
		else if (a->status && strcmp(a->status, "apologies") == 0)
			row->apologies++;
	}
	return 0;
}

enum govrec_status govrec_attendance_report(struct govrec_store *st, int year,
					    struct govrec_attendance_report *r,
					    struct govrec_error *err)
{
	struct report_ctx c = { r, 0 };
	enum govrec_status rc;

	memset(r, 0, sizeof(*r));
	r->year = year;
	rc = govrec_meeting_each(st, year, report_meeting, &c, err);
	if (rc == GOVREC_OK && c.oom)
		rc = govrec_error_oom(err);
	if (rc != GOVREC_OK) {
		govrec_attendance_report_release(r);
		return rc;
	}
	if (r->nrows)
		qsort(r->rows, r->nrows, sizeof(*r->rows), row_cmp);
	return GOVREC_OK;
}
