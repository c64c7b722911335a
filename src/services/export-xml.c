/*
 * export-xml.c - the XML a bundle's record files are made of: text escaped
 * so that a parser gives it back unchanged, and the rows of the bundle
 * tables (bundle.c) as elements of the govrec records vocabulary, each
 * holding the rows of its child tables.  The records files (people, the
 * metric catalog, action items, a proposal) are nothing else; the Akoma
 * Ntoso files (export-akn.c) carry the same elements in their proprietary
 * block.  Named export-xml.c: every text export puts into XML is escaped
 * here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export-int.h"

/* ---- XML text ------------------------------------------------------------ */

/*
 * Appends s escaped for XML character data (attr 0) or a double-quoted
 * attribute value (attr 1).  CR, and in attributes TAB and LF, become
 * character references so that a parser gives them back unchanged.
 * Characters XML 1.0 cannot carry (other C0 controls, invalid UTF-8) become
 * U+FFFD: the one loss a bundle can have (docs/FORMATS.md).
 */
void exp_xml_add(struct govrec_buf *b, const char *s, int attr)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		unsigned c = *p, cp, n, i;
		const unsigned char *run = p;

		/* Plain ASCII goes in one piece. */
		while (*p >= 0x20 && *p < 0x80 && *p != '&' && *p != '<' && *p != '>' && *p != '"')
			p++;
		if (p > run) {
			govrec_buf_add(b, run, (size_t)(p - run));
			continue;
		}
		if (c < 0x80) {
			switch (c) {
			case '&': govrec_buf_adds(b, "&amp;"); break;
			case '<': govrec_buf_adds(b, "&lt;"); break;
			case '>': govrec_buf_adds(b, "&gt;"); break;
			case '"': govrec_buf_adds(b, attr ? "&quot;" : "\""); break;
			case '\r': govrec_buf_adds(b, "&#13;"); break;
			case '\n': govrec_buf_adds(b, attr ? "&#10;" : "\n"); break;
			case '\t': govrec_buf_adds(b, attr ? "&#9;" : "\t"); break;
			default:
				govrec_buf_adds(b, "\xef\xbf\xbd"); /* other C0 controls */
			}
			p++;
			continue;
		}
		n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
		cp = n == 4 ? c & 7 : n == 3 ? c & 15 : c & 31;
		for (i = 1; i < n && (p[i] & 0xc0) == 0x80; i++)
			cp = (cp << 6) | (p[i] & 0x3f);
		if (n == 0 || i < n || (n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) ||
		    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff) ||
		    cp == 0xfffe || cp == 0xffff) {
			govrec_buf_adds(b, "\xef\xbf\xbd");
			p += i ? i : 1;
			continue;
		}
		govrec_buf_add(b, p, n);
		p += n;
	}
}

/* Appends ` name="value"` (with prefix) unless value is NULL. */
void exp_xml_attr(struct govrec_buf *b, const char *prefix, const char *name, const char *value)
{
	if (!value)
		return;
	/* Not govrec_buf_addf: this runs for every column of every row exported. */
	govrec_buf_addch(b, ' ');
	govrec_buf_adds(b, prefix);
	govrec_buf_adds(b, name);
	govrec_buf_adds(b, "=\"");
	exp_xml_add(b, value, 1);
	govrec_buf_addch(b, '"');
}

/* A column as text; REAL values in the shortest form that reads back the same. */
static const char *col_value(sqlite3_stmt *s, int col, char num[40])
{
	double d;

	switch (sqlite3_column_type(s, col)) {
	case SQLITE_NULL:
		return NULL;
	case SQLITE_FLOAT:
		d = sqlite3_column_double(s, col);
		snprintf(num, 40, "%.15g", d);
		if (strtod(num, NULL) != d)
			snprintf(num, 40, "%.17g", d);
		if (!strpbrk(num, ".eEni"))
			strcat(num, ".0");
		return num;
	default:
		return (const char *)sqlite3_column_text(s, col);
	}
}

/* Appends the first n columns of s's current row as attributes. */
void exp_row_attrs(struct govrec_buf *b, sqlite3_stmt *s, const char *prefix, int n)
{
	int c;
	char num[40];

	for (c = 0; c < n; c++)
		exp_xml_attr(b, prefix, sqlite3_column_name(s, c), col_value(s, c, num));
}

/* ---- rows as elements ------------------------------------------------------ */

/* The query of table t, from the store's cache. */
static enum govrec_status table_stmt(struct exp *x, const struct bundle_table *t, sqlite3_stmt **s,
				     struct govrec_error *err)
{
	struct govrec_buf sql = GOVREC_BUF_INIT;
	enum govrec_status rc;

	govrec_buf_addf(&sql, "SELECT %s FROM main.%s %s", t->columns, t->table, t->where);
	rc = govrec_sql_prepare(x->st, sql.data, s, err);
	govrec_buf_release(&sql);
	return rc;
}

/*
 * Writes the rows of table t as elements (with ?1 bound to key when key is
 * not NULL), each holding the rows of its child tables.
 */
enum govrec_status exp_write_rows(struct exp *x, struct govrec_buf *b, const struct bundle_table *t,
				  const char *key, const char *prefix, struct govrec_error *err)
{
	const struct bundle_table *c;
	enum govrec_status rc;
	sqlite3_stmt *s;
	int row, children = 0;

	rc = table_stmt(x, t, &s, err);
	if (rc == GOVREC_OK && key)
		rc = govrec_sql_bind(x->st, s, err, "t", key);
	if (rc != GOVREC_OK)
		return rc;
	for (c = bundle_tables; c->table; c++)
		children += c->parent && strcmp(c->parent, t->table) == 0;
	while ((rc = govrec_sql_next(x->st, s, &row, err)) == GOVREC_OK && row) {
		rc = exp_gen_flush(x, b, err);
		if (rc != GOVREC_OK)
			break;
		govrec_buf_addf(b, "<%s%s", prefix, t->table);
		exp_row_attrs(b, s, prefix, sqlite3_column_count(s));
		if (!children) {
			govrec_buf_adds(b, "/>\n");
			continue;
		}
		govrec_buf_adds(b, ">\n");
		{
			char *parent = strdup(govrec_col_text(s, 0));

			if (!parent) {
				sqlite3_reset(s);
				return govrec_error_oom(err);
			}
			for (c = bundle_tables; rc == GOVREC_OK && c->table; c++)
				if (c->parent && strcmp(c->parent, t->table) == 0)
					rc = exp_write_rows(x, b, c, parent, prefix, err);
			free(parent);
		}
		govrec_buf_addf(b, "</%s%s>\n", prefix, t->table);
		if (rc != GOVREC_OK)
			break;
	}
	sqlite3_reset(s);
	return rc;
}

/* A govrec-vocabulary file holding the rows of tables (a NULL-terminated list). */
enum govrec_status exp_records_file(struct exp *x, const char *rel, const char *kind,
				    const char *const *tables, const char *key,
				    struct govrec_error *err)
{
	struct govrec_buf b = GOVREC_BUF_INIT;
	enum govrec_status rc = GOVREC_OK;

	govrec_buf_addf(&b,
			"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			"<records xmlns=\"%s\" kind=\"%s\">\n",
			GOVREC_NS_RECORDS, kind);
	for (; rc == GOVREC_OK && *tables; tables++)
		rc = exp_write_rows(x, &b, bundle_table_find(*tables), key, "", err);
	govrec_buf_adds(&b, "</records>\n");
	if (rc == GOVREC_OK)
		rc = exp_payload_put(x, rel, &b, err);
	govrec_buf_release(&b);
	return rc;
}
