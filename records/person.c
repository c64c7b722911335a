/*
 * person.c - people, aliases and memberships (see person.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "govrec/buf.h"
#include "govrec/person.h"
#include "govrec/util.h"

static const char *const roles[] = { "member", "liaison", "pti-liaison", "secretariat",
				     "staff", "observer", NULL };

int govrec_role_valid(const char *role)
{
	size_t i;

	for (i = 0; role && roles[i]; i++)
		if (strcmp(roles[i], role) == 0)
			return 1;
	return 0;
}

/* The case-folded key an alias is matched by: lower case, spaces collapsed. */
static void label_key(struct govrec_buf *key, const char *label)
{
	const char *p;
	int space = 0;

	govrec_buf_reset(key);
	for (p = label; *p; p++) {
		if (*p == ' ' || *p == '\t') {
			space = key->len > 0;
			continue;
		}
		if (space)
			govrec_buf_addch(key, ' ');
		space = 0;
		govrec_buf_addch(key, *p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
	}
}

static enum govrec_status check_label(const char *what, const char *label,
				      struct govrec_error *err)
{
	const char *p;

	for (p = label; *p; p++)
		if ((unsigned char)*p < 0x20)
			return govrec_error_set(err, GOVREC_INVALID, "%s has a control character",
						what);
	for (p = label; *p == ' ' || *p == '\t'; p++)
		;
	if (!*p)
		return govrec_error_set(err, GOVREC_INVALID, "%s is empty", what);
	return GOVREC_OK;
}

static enum govrec_status insert_alias(struct govrec_store *st, int64_t person,
				       const char *label, struct govrec_error *err)
{
	struct govrec_buf key = GOVREC_BUF_INIT, safe = GOVREC_BUF_INIT;
	enum govrec_status rc;
	int64_t owner = 0;

	rc = check_label("the alias", label, err);
	if (rc != GOVREC_OK)
		return rc;
	label_key(&key, label);
	rc = govrec_sql_int(st, err, &owner,
			    "SELECT person_id FROM person_alias WHERE label_key = ?1", "t", key.data);
	if (rc == GOVREC_OK) {
		govrec_buf_add_safe(&safe, label, 80);
		if (owner == person)
			/* Matching ignores case, so one row holds "Byron Holland" and
			 * "BYRON HOLLAND"; the spelling given last is the one shown
			 * (an unchanged spelling writes nothing). */
			rc = govrec_sql_exec(st, err,
					     "UPDATE person_alias SET label = ?1 WHERE label_key = ?2 "
					     "AND label <> ?1",
					     "tt", label, key.data);
		else
			rc = govrec_error_set(err, GOVREC_INVALID,
					      "alias '%s' already belongs to person %lld", safe.data,
					      (long long)owner);
	} else if (rc == GOVREC_NOTFOUND) {
		rc = govrec_sql_exec(st, err,
				     "INSERT INTO person_alias(label, label_key, person_id) "
				     "VALUES (?1, ?2, ?3)",
				     "tti", label, key.data, person);
	}
	govrec_buf_release(&key);
	govrec_buf_release(&safe);
	return rc;
}

enum govrec_status govrec_person_add_membership(struct govrec_store *st, int64_t person,
						const struct govrec_membership *m,
						struct govrec_error *err)
{
	enum govrec_status rc;

	if (!govrec_role_valid(m->role))
		return govrec_error_set(err, GOVREC_INVALID,
					"role '%s' is not one of member, liaison, pti-liaison, "
					"secretariat, staff, observer",
					m->role ? m->role : "");
	if ((rc = govrec_date_check(m->from, "start date", err)) != GOVREC_OK)
		return rc;
	if (m->to[0] && (rc = govrec_date_check(m->to, "end date", err)) != GOVREC_OK)
		return rc;
	if (m->to[0] && strcmp(m->to, m->from) < 0)
		return govrec_error_set(err, GOVREC_INVALID, "membership ends (%s) before it starts (%s)",
					m->to, m->from);
	rc = govrec_store_begin(st, "person.membership", err);
	if (rc != GOVREC_OK)
		return rc;
	rc = govrec_sql_exec(st, err,
			     "INSERT INTO membership(person_id, role, body, date_from, date_to) "
			     "VALUES (?1, ?2, ?3, ?4, ?5)",
			     "itttt", person, m->role, m->body, m->from, m->to[0] ? m->to : NULL);
	if (rc != GOVREC_OK) {
		govrec_store_rollback(st);
		return rc;
	}
	return govrec_store_commit(st, err);
}

enum govrec_status govrec_person_add(struct govrec_store *st, const char *name,
				     const char *const *aliases, size_t naliases,
				     const struct govrec_membership *m, int64_t *id,
				     struct govrec_error *err)
{
	struct govrec_buf safe = GOVREC_BUF_INIT;
	enum govrec_status rc;
	int64_t found;
	size_t i;

	rc = check_label("the name", name, err);
	if (rc != GOVREC_OK)
		return rc;
	rc = govrec_store_begin(st, "person.add", err);
	if (rc != GOVREC_OK)
		return rc;
	if (govrec_person_find(st, name, &found, NULL) == GOVREC_OK) {
		govrec_buf_add_safe(&safe, name, 80);
		rc = govrec_error_set(err, GOVREC_INVALID,
				      "person '%s' already exists (or is an alias of person %lld)",
				      safe.data, (long long)found);
		goto fail;
	}
	rc = govrec_sql_exec(st, err, "INSERT INTO person(name) VALUES (?1)", "t", name);
	if (rc != GOVREC_OK)
		goto fail;
	*id = sqlite3_last_insert_rowid(govrec_store_db(st));
	rc = insert_alias(st, *id, name, err);
	for (i = 0; rc == GOVREC_OK && i < naliases; i++)
		rc = insert_alias(st, *id, aliases[i], err);
	if (rc == GOVREC_OK && m)
		rc = govrec_person_add_membership(st, *id, m, err);
	if (rc != GOVREC_OK)
		goto fail;
	govrec_buf_release(&safe);
	return govrec_store_commit(st, err);
fail:
	govrec_buf_release(&safe);
	govrec_store_rollback(st);
	return rc;
}

enum govrec_status govrec_person_alias(struct govrec_store *st, int64_t person, const char *label,
				       struct govrec_error *err)
{
	enum govrec_status rc = govrec_store_begin(st, "person.alias", err);

	if (rc != GOVREC_OK)
		return rc;
	rc = insert_alias(st, person, label, err);
	if (rc != GOVREC_OK) {
		govrec_store_rollback(st);
		return rc;
	}
	return govrec_store_commit(st, err);
}

enum govrec_status govrec_person_find(struct govrec_store *st, const char *ref, int64_t *id,
				      struct govrec_error *err)
{
	struct govrec_buf key = GOVREC_BUF_INIT, safe = GOVREC_BUF_INIT;
	enum govrec_status rc;
	int64_t n;

	if (govrec_parse_int(ref, 1, INT64_MAX, &n) == 0) {
		rc = govrec_sql_int(st, err, id, "SELECT id FROM person WHERE id = ?1", "i", n);
	} else {
		label_key(&key, ref);
		rc = govrec_sql_int(st, err, id,
				    "SELECT person_id FROM person_alias WHERE label_key = ?1 "
				    "UNION ALL SELECT id FROM person WHERE name = ?2 LIMIT 1",
				    "tt", key.data, ref);
	}
	/* A surname that names one person only is enough. */
	if (rc == GOVREC_NOTFOUND) {
		rc = govrec_person_match_label(st, ref, id, err);
		if (rc == GOVREC_OK && *id == 0)
			rc = GOVREC_NOTFOUND;
	}
	if (rc == GOVREC_NOTFOUND) {
		govrec_buf_add_safe(&safe, ref, 80);
		rc = govrec_error_set(err, GOVREC_NOTFOUND, "no person '%s'", safe.data);
	}
	govrec_buf_release(&key);
	govrec_buf_release(&safe);
	return rc;
}

enum govrec_status govrec_person_match_label(struct govrec_store *st, const char *label,
					     int64_t *id, struct govrec_error *err)
{
	struct govrec_buf key = GOVREC_BUF_INIT;
	enum govrec_status rc;
	sqlite3_stmt *s;
	int row, matches = 0;

	*id = 0;
	label_key(&key, label);
	if (!key.len || strchr(key.data, ':')) {
		govrec_buf_release(&key);
		return GOVREC_OK;
	}
	rc = govrec_sql_int(st, err, id, "SELECT person_id FROM person_alias WHERE label_key = ?1",
			    "t", key.data);
	if (rc != GOVREC_NOTFOUND) {
		govrec_buf_release(&key);
		return rc;
	}
	rc = GOVREC_OK;
	/* A one-word label may be a surname: accept it when it names one person only. */
	if (!strchr(key.data, ' ')) {
		rc = govrec_sql_query(st, err, &s,
				      "SELECT id FROM person WHERE lower(name) LIKE '% ' || ?1 "
				      "ESCAPE '\\' LIMIT 2",
				      "t", key.data);
		while (rc == GOVREC_OK && (rc = govrec_sql_next(st, s, &row, err)) == GOVREC_OK &&
		       row) {
			matches++;
			*id = sqlite3_column_int64(s, 0);
		}
		if (s)
			sqlite3_reset(s);
		if (matches != 1)
			*id = 0;
	}
	govrec_buf_release(&key);
	return rc;
}

void govrec_person_release(struct govrec_person *p)
{
	size_t i;

	free(p->name);
	for (i = 0; i < p->naliases; i++)
		free(p->aliases[i]);
	free(p->aliases);
	for (i = 0; i < p->nmemberships; i++) {
		free(p->memberships[i].role);
		free(p->memberships[i].body);
	}
	free(p->memberships);
	memset(p, 0, sizeof(*p));
}

/* Adds the aliases of p (but its name) to p. */
static enum govrec_status load_aliases(struct govrec_store *st, struct govrec_person *p,
				       struct govrec_error *err)
{
	sqlite3_stmt *s;
	enum govrec_status rc;
	int row;

	rc = govrec_sql_query(st, err, &s,
			      "SELECT label FROM person_alias WHERE person_id = ?1 AND label <> "
			      "(SELECT name FROM person WHERE id = ?1) ORDER BY label_key",
			      "i", p->id);
	while (rc == GOVREC_OK && (rc = govrec_sql_next(st, s, &row, err)) == GOVREC_OK && row) {
		char **n = realloc(p->aliases, (p->naliases + 1) * sizeof(*n));

		if (!n) {
			sqlite3_reset(s);
			return govrec_error_oom(err);
		}
		p->aliases = n;
		p->aliases[p->naliases++] = govrec_col_dup(s, 0);
	}
	return rc;
}

/* Adds the memberships of p to p. */
static enum govrec_status load_memberships(struct govrec_store *st, struct govrec_person *p,
					   struct govrec_error *err)
{
	sqlite3_stmt *s;
	enum govrec_status rc;
	int row;

	rc = govrec_sql_query(st, err, &s,
			      "SELECT id, role, body, date_from, coalesce(date_to, '') FROM "
			      "membership WHERE person_id = ?1 ORDER BY date_from, id",
			      "i", p->id);
	while (rc == GOVREC_OK && (rc = govrec_sql_next(st, s, &row, err)) == GOVREC_OK && row) {
		struct govrec_membership *n =
			realloc(p->memberships, (p->nmemberships + 1) * sizeof(*n));
		struct govrec_membership *m;

		if (!n) {
			sqlite3_reset(s);
			return govrec_error_oom(err);
		}
		p->memberships = n;
		m = &p->memberships[p->nmemberships++];
		memset(m, 0, sizeof(*m));
		m->id = sqlite3_column_int64(s, 0);
		m->role = govrec_col_dup(s, 1);
		m->body = govrec_col_dup(s, 2);
		snprintf(m->from, sizeof(m->from), "%s", govrec_col_text(s, 3));
		snprintf(m->to, sizeof(m->to), "%s", govrec_col_text(s, 4));
	}
	return rc;
}

enum govrec_status govrec_person_load(struct govrec_store *st, int64_t id,
				      struct govrec_person *p, struct govrec_error *err)
{
	sqlite3_stmt *s;
	enum govrec_status rc;
	int row;

	memset(p, 0, sizeof(*p));
	rc = govrec_sql_query(st, err, &s, "SELECT id, name FROM person WHERE id = ?1", "i", id);
	if (rc == GOVREC_OK)
		rc = govrec_sql_next(st, s, &row, err);
	if (rc != GOVREC_OK)
		return rc;
	if (!row)
		return govrec_error_set(err, GOVREC_NOTFOUND, "no person %lld", (long long)id);
	p->id = id;
	p->name = govrec_col_dup(s, 1);
	sqlite3_reset(s);
	rc = load_aliases(st, p, err);
	if (rc == GOVREC_OK)
		rc = load_memberships(st, p, err);
	if (rc != GOVREC_OK)
		govrec_person_release(p);
	return rc;
}

enum govrec_status govrec_person_each(struct govrec_store *st,
				      int (*fn)(const struct govrec_person *, void *), void *ctx,
				      struct govrec_error *err)
{
	sqlite3_stmt *s;
	int64_t *ids = NULL;
	size_t n = 0, i;
	int row;
	enum govrec_status rc;

	/* Collect ids first: loading a person reuses the cached statements. */
	rc = govrec_sql_prepare(st, "SELECT id FROM person ORDER BY name COLLATE NOCASE, id", &s,
				err);
	if (rc != GOVREC_OK)
		return rc;
	while ((rc = govrec_sql_next(st, s, &row, err)) == GOVREC_OK && row) {
		int64_t *m = realloc(ids, (n + 1) * sizeof(*m));

		if (!m) {
			sqlite3_reset(s);
			free(ids);
			return govrec_error_oom(err);
		}
		ids = m;
		ids[n++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_reset(s);
	for (i = 0; i < n && rc == GOVREC_OK; i++) {
		struct govrec_person p;
		int stop;

		rc = govrec_person_load(st, ids[i], &p, err);
		if (rc != GOVREC_OK)
			break;
		stop = fn(&p, ctx);
		govrec_person_release(&p);
		if (stop)
			break;
	}
	free(ids);
	return rc;
}
