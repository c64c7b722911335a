/*
 * saved.c - saved searches (see saved.h): a name for a query text.  Writing
 * one is an ordinary audited write; the store's triggers see the
 * saved_search row (src/store/kinds.c), so nothing here calls the audit log.
 */
#include <string.h>

#include "govrec/buf.h"
#include "govrec/saved.h"
#include "govrec/util.h"

static enum govrec_status check_name(const char *name, struct govrec_error *err)
{
	size_t n = name ? strlen(name) : 0, ok = name ? strspn(name, "abcdefghijklmnopqrstuvwxyz"
									"ABCDEFGHIJKLMNOPQRSTUVWXYZ"
									"0123456789._-")
						      : 0;

	if (n == 0 || n > 64 || ok != n) {
		struct govrec_buf b = GOVREC_BUF_INIT;
		enum govrec_status rc;

		govrec_buf_add_safe(&b, name ? name : "", 80);
		rc = govrec_error_set(err, GOVREC_INVALID,
				      "'%s' is not a search name (1 to 64 letters, digits, '.', "
				      "'_' or '-')",
				      b.data);
		govrec_buf_release(&b);
		return rc;
	}
	return GOVREC_OK;
}

enum govrec_status govrec_saved_search_put(struct govrec_store *st, const char *name,
					   const char *query, int *replaced,
					   struct govrec_error *err)
{
	enum govrec_status rc;
	int64_t n = 0;

	*replaced = 0;
	if ((rc = check_name(name, err)) != GOVREC_OK)
		return rc;
	rc = govrec_store_begin(st, "search.save", err);
	if (rc != GOVREC_OK)
		return rc;
	rc = govrec_sql_int(st, err, &n, "SELECT count(*) FROM saved_search WHERE name = ?1", "t",
			    name);
	/*
	 * Not an upsert: its conflict handling would also apply to the audit
	 * hook's INSERT OR IGNORE triggers and make them fail.
	 */
	if (rc == GOVREC_OK && n > 0)
		rc = govrec_sql_exec(st, err, "UPDATE saved_search SET query = ?2 WHERE name = ?1",
				     "tt", name, query);
	else if (rc == GOVREC_OK)
		rc = govrec_sql_exec(st, err,
				     "INSERT INTO saved_search(name, query) VALUES (?1, ?2)", "tt",
				     name, query);
	if (rc != GOVREC_OK) {
		govrec_store_rollback(st);
		return rc;
	}
	*replaced = n > 0;
	return govrec_store_commit(st, err);
}

enum govrec_status govrec_saved_search_get(struct govrec_store *st, const char *name,
					   char **query, struct govrec_error *err)
{
	sqlite3_stmt *s;
	enum govrec_status rc;
	int row;

	*query = NULL;
	if ((rc = check_name(name, err)) != GOVREC_OK)
		return rc;
	rc = govrec_sql_query(st, err, &s, "SELECT query FROM saved_search WHERE name = ?1", "t",
			      name);
	if (rc == GOVREC_OK)
		rc = govrec_sql_next(st, s, &row, err);
	if (rc != GOVREC_OK)
		return rc;
	if (!row)
		return govrec_error_set(err, GOVREC_NOTFOUND,
					"no saved search '%s' (see 'govrec search --list-saved')",
					name);
	*query = govrec_col_dup(s, 0); /* query is NOT NULL */
	sqlite3_reset(s);
	return GOVREC_OK;
}

enum govrec_status govrec_saved_search_each(struct govrec_store *st,
					    int (*fn)(const char *name, const char *query, void *),
					    void *ctx, struct govrec_error *err)
{
	sqlite3_stmt *s;
	enum govrec_status rc;
	int row;

	rc = govrec_sql_prepare(st, "SELECT name, query FROM saved_search ORDER BY name", &s, err);
	if (rc != GOVREC_OK)
		return rc;
	while ((rc = govrec_sql_next(st, s, &row, err)) == GOVREC_OK && row)
		if (fn(govrec_col_text(s, 0), govrec_col_text(s, 1), ctx))
			break;
	sqlite3_reset(s);
	return rc;
}
