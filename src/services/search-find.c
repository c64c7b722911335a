/*
 * search-find.c - the statement that finds a query's hits (see
 * search-int.h).  The FTS5 table drives it and orders it (ORDER BY rank is
 * done inside FTS5, which then yields rows best first, so the statement
 * stops after the last hit shown); it is joined to passage, document and
 * meeting for the filters and for where each hit is, and computes snippet()
 * in the same pass, so no query runs per hit.  The filters come from a table
 * of SQL templates, one per field, with every value bound.
 */
#include <stdlib.h>
#include <string.h>

#include "govrec/buf.h"
#include "govrec/search.h"
#include "govrec/util.h"
#include "search-int.h"

enum val_type { V_TEXT, V_INT };

struct val {
	enum val_type type;
	char *text; /* owned */
	int64_t i;
};

struct sqlgen {
	struct govrec_buf sql;
	struct val *vals;
	size_t n, cap;
};

/*
 * The filter of each field as an SQL template over the aliases p (passage),
 * d (document) and m (meeting, may be NULL): '@' stands for the first value
 * bound and '#' for the second.  values() says what they are.
 */
struct filter_sql {
	const char *sql;
	const char *by_id; /* the template instead when the term holds an id (f->lo, speaker:) */
	int all; /* several terms of this field must all hold; otherwise any of them */
	void (*values)(const struct govrec_filter *f, struct val *a, struct val *b);
};

char *search_strdup(const char *s)
{
	struct govrec_buf b = GOVREC_BUF_INIT;

	govrec_buf_adds(&b, s);
	return govrec_buf_detach(&b, NULL);
}

/*
 * A person id as it is; a name as person.c keys aliases: ASCII lower case,
 * runs of blanks as one space.
 */
static void speaker_values(const struct govrec_filter *f, struct val *a, struct val *b)
{
	struct govrec_buf k = GOVREC_BUF_INIT;
	const char *p;
	int space = 0;

	(void)b;
	if (f->lo > 0) {
		a->type = V_INT;
		a->i = f->lo;
		return;
	}
	for (p = f->value; *p; p++) {
		if (*p == ' ' || *p == '\t') {
			space = k.len > 0;
			continue;
		}
		if (space)
			govrec_buf_addch(&k, ' ');
		space = 0;
		govrec_buf_addch(&k, *p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
	}
	a->type = V_TEXT;
	a->text = govrec_buf_detach(&k, NULL);
}

static void text_value(const struct govrec_filter *f, struct val *a, struct val *b)
{
	a->type = V_TEXT;
	a->text = search_strdup(f->value);
	(void)b;
}

void search_add_phrase(struct govrec_buf *b, const char *s)
{
	govrec_buf_addch(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			govrec_buf_addch(b, '"');
		govrec_buf_addch(b, *s);
	}
	govrec_buf_addch(b, '"');
}

/* The value, and the value as an FTS5 phrase for "mentions it in the text". */
static void ref_values(const struct govrec_filter *f, struct val *a, struct val *b)
{
	struct govrec_buf ph = GOVREC_BUF_INIT;

	text_value(f, a, b);
	search_add_phrase(&ph, f->value);
	b->type = V_TEXT;
	b->text = govrec_buf_detach(&ph, NULL);
}

static void meeting_values(const struct govrec_filter *f, struct val *a, struct val *b)
{
	a->type = V_INT;
	a->i = f->lo;
	b->type = V_INT;
	b->i = f->hi;
}

static void date_values(const struct govrec_filter *f, struct val *a, struct val *b)
{
	a->type = V_TEXT;
	a->text = search_strdup(f->since);
	b->type = V_TEXT;
	b->text = search_strdup(f->until);
}

/* Passages and documents linked to a record of kind K whose key is '@'. */
#define LINKED(K, KEYS)                                                                    \
	"p.id IN (SELECT CAST(from_id AS INTEGER) FROM link WHERE from_kind = 'passage'"    \
	" AND to_kind = '" K "' AND to_id COLLATE NOCASE IN " KEYS                          \
	" UNION SELECT CAST(to_id AS INTEGER) FROM link WHERE to_kind = 'passage'"          \
	" AND from_kind = '" K "' AND from_id COLLATE NOCASE IN " KEYS ")"                  \
	" OR p.document_id IN (SELECT CAST(from_id AS INTEGER) FROM link"                   \
	" WHERE from_kind = 'document' AND to_kind = '" K "' AND to_id COLLATE NOCASE IN "  \
	KEYS " UNION SELECT CAST(to_id AS INTEGER) FROM link WHERE to_kind = 'document'"    \
	" AND from_kind = '" K "' AND from_id COLLATE NOCASE IN " KEYS ")"

/* A proposal is keyed by its reference or its row id. */
#define PROPOSAL_KEYS                                                                       \
	"(SELECT @ UNION SELECT CAST(id AS TEXT) FROM proposal WHERE ref = @ COLLATE NOCASE)"

static const struct filter_sql filter_sql[GOVREC_FIELD_COUNT] = {
	[GOVREC_FIELD_SPEAKER] = {
		"(p.person_id IN (SELECT id FROM person WHERE lower(name) = @"
		" OR substr(lower(name), -length(@) - 1) = ' ' || @"
		" UNION SELECT person_id FROM person_alias WHERE label_key = @)"
		" OR lower(p.speaker) = @ OR substr(lower(p.speaker), -length(@) - 1) = ' ' || @)",
		"p.person_id = @", 0, speaker_values },
	[GOVREC_FIELD_KIND] = { "d.kind = @", NULL, 0, text_value },
	[GOVREC_FIELD_MEETING] = { "m.number BETWEEN @ AND #", NULL, 0, meeting_values },
	[GOVREC_FIELD_DATE] = {
		"(@ = '' OR coalesce(d.date, m.date) >= @)"
		" AND (# = '' OR coalesce(d.date, m.date) <= #)",
		NULL, 1, date_values },
	[GOVREC_FIELD_PROPOSAL] = {
		"(" LINKED("proposal", PROPOSAL_KEYS)
		" OR p.document_id IN (SELECT document_id FROM proposal"
		" WHERE ref = @ COLLATE NOCASE"
		" UNION SELECT e.document_id FROM proposal_event e JOIN proposal r"
		" ON r.id = e.proposal_id WHERE r.ref = @ COLLATE NOCASE)"
		" OR p.id IN (SELECT rowid FROM search WHERE search MATCH #))",
		NULL, 0, ref_values },
	[GOVREC_FIELD_METRIC] = {
		"(" LINKED("metric", "(SELECT @)")
		" OR p.id IN (SELECT rowid FROM search WHERE search MATCH #))",
		NULL, 0, ref_values },
};

static int gen_val(struct sqlgen *g, struct val *v)
{
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 16;
		struct val *n = realloc(g->vals, cap * sizeof(*n));

		if (!n) {
			free(v->text);
			return -1;
		}
		g->vals = n;
		g->cap = cap;
	}
	g->vals[g->n++] = *v;
	return (int)g->n;
}

static int gen_add_filter(struct sqlgen *g, const struct govrec_filter *f)
{
	const struct filter_sql *fs = &filter_sql[f->field];
	struct val a = { V_TEXT, NULL, 0 }, b = { V_TEXT, NULL, 0 };
	int na = 0, nb = 0;
	const char *c;

	fs->values(f, &a, &b);
	if ((na = gen_val(g, &a)) < 0)
		return -1;
	if ((b.text || b.type == V_INT) && (nb = gen_val(g, &b)) < 0)
		return -1;
	govrec_buf_addch(&g->sql, '(');
	for (c = fs->by_id && f->lo > 0 ? fs->by_id : fs->sql; *c; c++) {
		if (*c == '@')
			govrec_buf_addf(&g->sql, "?%d", na);
		else if (*c == '#')
			govrec_buf_addf(&g->sql, "?%d", nb);
		else
			govrec_buf_addch(&g->sql, *c);
	}
	govrec_buf_addch(&g->sql, ')');
	return 0;
}

/* " AND (...)" for every field with terms: OR within a field, AND across. */
static int gen_filters(struct sqlgen *g, const struct govrec_query *q)
{
	int field;
	size_t i;

	for (field = 0; field < GOVREC_FIELD_COUNT; field++) {
		int n = 0;

		for (i = 0; i < q->nfilters; i++) {
			if ((int)q->filters[i].field != field)
				continue;
			govrec_buf_adds(&g->sql, n == 0 ? " AND (" :
							  filter_sql[field].all ? " AND " : " OR ");
			if (gen_add_filter(g, &q->filters[i]) < 0)
				return -1;
			n++;
		}
		if (n)
			govrec_buf_addch(&g->sql, ')');
	}
	return 0;
}

static void gen_release(struct sqlgen *g)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		free(g->vals[i].text);
	free(g->vals);
	govrec_buf_release(&g->sql);
}

/* The columns C_DOCUMENT to C_START of a hit. */
#define FIND_COLUMNS                                                                        \
	" p.document_id, d.kind, d.title, p.heading, m.number, m.date, p.speaker,"           \
	" (SELECT name FROM person WHERE id = p.person_id), p.start_ms"

/* The same for a row that lies beyond the page (see wants_snippet() in search.c). */
#define FIND_COLUMNS_LAZY                                                                   \
	" p.document_id, d.kind, d.title, p.heading, m.number, m.date, p.speaker,"           \
	" CASE WHEN govrec_search_wants_snippet() THEN"                                     \
	" (SELECT name FROM person WHERE id = p.person_id) END, p.start_ms"

enum govrec_status search_find_prepare(struct govrec_store *st, const struct govrec_query *q,
				       int want_body, int want_snippet, int64_t limit,
				       int64_t offset, sqlite3_stmt **out, struct govrec_error *err)
{
	struct sqlgen g;
	sqlite3_stmt *s = NULL;
	enum govrec_status rc = GOVREC_OK;
	size_t i;

	memset(&g, 0, sizeof(g));
	govrec_buf_init(&g.sql);
	if (q->match) {
		struct val v = { V_TEXT, search_strdup(q->match), 0 };

		govrec_buf_addf(&g.sql,
				"SELECT p.id, govrec_rank_key(search), coalesce(d.date, m.date),"
				" %s, %s, %s"
				" FROM search s JOIN passage p ON p.id = s.rowid"
				" JOIN document d ON d.id = p.document_id"
				" LEFT JOIN meeting m ON m.id = d.meeting_id"
				" WHERE s.search MATCH ?1",
				want_body ? "p.body" : "NULL",
				want_snippet ? "CASE WHEN govrec_search_wants_snippet() THEN"
					       " snippet(search, -1, char(1), char(2),"
					       " '\xe2\x80\xa6', 24) END"
					     : "NULL",
				want_snippet ? FIND_COLUMNS_LAZY : FIND_COLUMNS);
		if (gen_val(&g, &v) < 0)
			rc = govrec_error_oom(err);
	} else {
		govrec_buf_addf(&g.sql,
				"SELECT p.id, NULL, coalesce(d.date, m.date), %s, NULL,"
				FIND_COLUMNS
				" FROM passage p JOIN document d ON d.id = p.document_id"
				" LEFT JOIN meeting m ON m.id = d.meeting_id WHERE 1",
				want_body ? "p.body" : "NULL");
	}
	if (rc == GOVREC_OK && gen_filters(&g, q) < 0)
		rc = govrec_error_oom(err);
	if (rc != GOVREC_OK)
		goto out;
	if (q->match) {
		/* Done inside FTS5, which then yields rows best first, one at a time. */
		govrec_buf_adds(&g.sql, " ORDER BY s.rank");
	} else {
		govrec_buf_adds(&g.sql, " ORDER BY coalesce(d.date, m.date), d.id, p.seq");
		if (limit > 0)
			govrec_buf_addf(&g.sql, " LIMIT %lld OFFSET %lld", (long long)limit,
					(long long)offset);
	}
	if (sqlite3_prepare_v2(govrec_store_db(st), g.sql.data, (int)g.sql.len, &s, NULL) !=
	    SQLITE_OK) {
		rc = govrec_store_fail(st, err, "cannot prepare the search");
		goto out;
	}
	for (i = 0; i < g.n && rc == GOVREC_OK; i++) {
		const struct val *v = &g.vals[i];
		int r = v->type == V_INT ? sqlite3_bind_int64(s, (int)i + 1, v->i)
					 : sqlite3_bind_text(s, (int)i + 1, v->text, -1,
							     SQLITE_TRANSIENT);

		if (r != SQLITE_OK)
			rc = govrec_store_fail(st, err, "cannot bind a search value");
	}
out:
	if (rc != GOVREC_OK) {
		sqlite3_finalize(s);
		s = NULL;
	}
	*out = s;
	gen_release(&g);
	return rc;
}

enum govrec_status search_find_failed(struct govrec_store *st, const struct govrec_query *q,
				      struct govrec_error *err)
{
	const char *msg = sqlite3_errmsg(govrec_store_db(st));
	int code = sqlite3_errcode(govrec_store_db(st));
	struct govrec_buf b = GOVREC_BUF_INIT;
	enum govrec_status rc;

	if (strncmp(msg, "fts5: ", 6) == 0)
		msg += 6;
	govrec_buf_add_safe(&b, msg, 200);
	if (code == SQLITE_ERROR && q->raw)
		rc = govrec_error_set(err, GOVREC_INVALID,
				      "the --raw query is not valid FTS5: %s (columns: title, "
				      "speaker, body)",
				      b.data);
	else
		rc = govrec_error_set(err, GOVREC_ERROR, "cannot run the search: %s", b.data);
	govrec_buf_release(&b);
	return rc;
}
