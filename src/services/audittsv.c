/*
 * audittsv.c - reading a bundle's audit log (see audittsv.h), and comparing
 * it with an archive's.
 *
 * Restore loads a full bundle's log through it; `check --against BUNDLE`
 * compares the archive's log with the bundle's entry by entry, so that a
 * history rewritten and re-chained after the export is named at the first
 * entry that differs, not only at the anchor.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "govrec/audittsv.h"
#include "govrec/buf.h"
#include "govrec/util.h"

#define CHUNK 65536
#define HEADER "seq\ttime\tactor\top\trecord\tcontent_sha256\tprev_sha256\tsha256"
#define FIELDS 8
#define LINE_MAX_BYTES (1UL << 20) /* an entry is a few hundred bytes */

static enum govrec_status bad(struct govrec_error *err, size_t line, const char *what)
{
	if (line)
		return govrec_error_set(err, GOVREC_INVALID, "'%s' line %zu %s", GOVREC_AUDIT_TSV,
					line, what);
	return govrec_error_set(err, GOVREC_INVALID, "'%s' %s", GOVREC_AUDIT_TSV, what);
}

/* Undoes export's escapes (\\ \t \n \r) in place; 0 for an unknown escape. */
static int unescape(char *s)
{
	char *o = s;

	for (; *s; s++) {
		if (*s != '\\') {
			*o++ = *s;
			continue;
		}
		switch (*++s) {
		case '\\': *o++ = '\\'; break;
		case 't': *o++ = '\t'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		default: return 0;
		}
	}
	*o = '\0';
	return 1;
}

static int is_hex64(const char *s)
{
	size_t i;

	for (i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[64] == '\0';
}

/* One line into e (its strings point into line); expect is the seq it must have. */
static enum govrec_status parse(char *line, size_t lineno, int64_t expect,
				struct govrec_audit_entry *e, struct govrec_error *err)
{
	char *f[FIELDS], *end;
	size_t n = 0;
	long long seq;

	f[n++] = line;
	for (char *p = line; *p; p++) {
		if (*p != '\t')
			continue;
		if (n == FIELDS)
			return bad(err, lineno, "has more than eight fields");
		*p = '\0';
		f[n++] = p + 1;
	}
	if (n != FIELDS)
		return bad(err, lineno, "has fewer than eight fields");
	for (n = 0; n < FIELDS; n++)
		if (!unescape(f[n]))
			return bad(err, lineno, "has an unknown escape");
	errno = 0;
	seq = strtoll(f[0], &end, 10);
	if (errno || end == f[0] || *end || seq != expect)
		return bad(err, lineno, "is not the next entry of the log");
	if ((strcmp(f[5], "-") != 0 && !is_hex64(f[5])) || !is_hex64(f[6]) || !is_hex64(f[7]))
		return bad(err, lineno, "has a hash that is not 64 hex digits");
	e->seq = seq;
	e->time = f[1];
	e->actor = f[2];
	e->op = f[3];
	e->record = f[4];
	e->content_sha256 = strcmp(f[5], "-") == 0 ? NULL : f[5];
	e->prev_sha256 = f[6];
	e->sha256 = f[7];
	return GOVREC_OK;
}

enum govrec_status govrec_audit_tsv_read(struct govrec_bag *bag,
					 enum govrec_status (*fn)(const struct govrec_audit_entry *e,
								  size_t line, void *ctx,
								  struct govrec_error *err),
					 void *ctx, struct govrec_error *err)
{
	struct govrec_buf line = GOVREC_BUF_INIT;
	enum govrec_status rc = GOVREC_OK;
	char *buf = malloc(CHUNK);
	size_t lineno = 0;
	long long n = 0;

	if (!buf)
		return govrec_error_oom(err);
	while (rc == GOVREC_OK && (n = govrec_bag_read(bag, buf, CHUNK)) > 0) {
		const char *p = buf, *e = buf + n;

		while (rc == GOVREC_OK && p < e) {
			const char *nl = memchr(p, '\n', (size_t)(e - p));
			struct govrec_audit_entry entry;

			govrec_buf_add(&line, p, nl ? (size_t)(nl - p) : (size_t)(e - p));
			p = nl ? nl + 1 : e;
			if (line.len > LINE_MAX_BYTES)
				rc = bad(err, lineno + 1, "is too long");
			if (!nl || rc != GOVREC_OK)
				continue;
			lineno++;
			if (strlen(line.data) != line.len)
				rc = bad(err, lineno, "holds a NUL byte");
			else if (lineno == 1)
				rc = strcmp(line.data, HEADER) == 0
					 ? GOVREC_OK
					 : bad(err, 0, "does not begin with the audit log's header");
			else if ((rc = parse(line.data, lineno, (int64_t)lineno - 1, &entry, err)) ==
				 GOVREC_OK)
				rc = fn(&entry, lineno, ctx, err);
			govrec_buf_reset(&line);
		}
	}
	if (rc == GOVREC_OK && n < 0)
		rc = govrec_error_set(err, GOVREC_ERROR, "cannot read '%s'", GOVREC_AUDIT_TSV);
	if (rc == GOVREC_OK && line.len)
		rc = bad(err, 0, "ends without a newline");
	if (rc == GOVREC_OK && lineno == 0)
		rc = bad(err, 0, "is empty");
	govrec_buf_release(&line);
	free(buf);
	return rc;
}

/* ---- the archive's log against a bag's ------------------------------------ */

struct against {
	struct govrec_store *st;
	struct govrec_bag *bag;
	void (*problem)(const char *msg, void *ctx);
	void *ctx;
	int found;     /* a difference was reported: read no further */
	int have_log;  /* the bag carries a log */
	int64_t last;  /* the archive's last entry */
};

static const char *or_dash(const char *s)
{
	return s ? s : "-";
}

static void differs(struct against *a, const struct govrec_audit_entry *want,
		    const char *field, const char *bundle, const char *archive)
{
	struct govrec_buf msg = GOVREC_BUF_INIT;

	govrec_buf_addf(&msg, "audit entry %lld differs from the bundle's: its %s is '",
			(long long)want->seq, field);
	govrec_buf_add_safe(&msg, archive, 80);
	govrec_buf_adds(&msg, "', the bundle says '");
	govrec_buf_add_safe(&msg, bundle, 80);
	govrec_buf_adds(&msg, "': the history was rewritten from there on");
	a->problem(msg.data, a->ctx);
	govrec_buf_release(&msg);
	a->found = 1;
}

static enum govrec_status compare_entry(const struct govrec_audit_entry *want, size_t line,
					void *ctx, struct govrec_error *err)
{
	struct against *a = ctx;
	sqlite3_stmt *s;
	enum govrec_status rc;
	int row;

	(void)line;
	if (a->found)
		return GOVREC_OK;
	rc = govrec_sql_query(a->st, err, &s,
			      "SELECT time, actor, op, record, content_sha256, prev_sha256, sha256 "
			      "FROM audit WHERE seq = ?1",
			      "i", want->seq);
	if (rc == GOVREC_OK)
		rc = govrec_sql_next(a->st, s, &row, err);
	if (rc != GOVREC_OK)
		return rc;
	if (!row) {
		char msg[200];

		snprintf(msg, sizeof(msg),
			 "audit entry %lld is missing: the archive's history ends at %lld, the "
			 "bundle's goes on",
			 (long long)want->seq, (long long)a->last);
		a->problem(msg, a->ctx);
		a->found = 1;
		return GOVREC_OK;
	}
	{
		static const char *const names[] = { "time", "actor", "operation", "record",
						     "content hash", "previous hash", "hash" };
		const char *have[7], *bundle[7] = { want->time,
						     want->actor,
						     want->op,
						     want->record,
						     or_dash(want->content_sha256),
						     want->prev_sha256,
						     want->sha256 };
		int i;

		for (i = 0; i < 7; i++)
			have[i] = or_dash((const char *)sqlite3_column_text(s, i));
		for (i = 0; i < 7 && !a->found; i++)
			if (strcmp(have[i], bundle[i]) != 0)
				differs(a, want, names[i], bundle[i], have[i]);
	}
	sqlite3_reset(s);
	return GOVREC_OK;
}

static enum govrec_status against_file(const struct govrec_bag_file *f, void *ctx,
				       struct govrec_error *err)
{
	struct against *a = ctx;

	if (strcmp(f->rel, GOVREC_AUDIT_TSV) != 0)
		return GOVREC_OK;
	a->have_log = 1;
	return govrec_audit_tsv_read(a->bag, compare_entry, a, err);
}

enum govrec_status govrec_audit_against_bag(struct govrec_store *st, struct govrec_bag *bag,
					    void (*problem)(const char *msg, void *ctx),
					    void *ctx, struct govrec_error *err)
{
	struct against a = { st, bag, problem, ctx, 0, 0, 0 };
	enum govrec_status rc;

	rc = govrec_sql_int(st, err, &a.last, "SELECT coalesce(max(seq), 0) FROM audit", NULL);
	if (rc != GOVREC_OK)
		return rc;
	rc = govrec_bag_each(bag, against_file, &a, err);
	if (rc == GOVREC_OK && !a.have_log)
		return govrec_error_set(err, GOVREC_INVALID, "the bundle carries no audit log (%s)",
					GOVREC_AUDIT_TSV);
	if (rc != GOVREC_OK)
		return rc;
	return a.found ? GOVREC_REFUSED : GOVREC_OK;
}
