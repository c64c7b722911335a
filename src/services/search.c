/*
 * search.c - running a parsed query against the archive (see search.h).
 *
 * The find statement (search-find.c) yields hits best first; equal ranks
 * are put newest first here, a group at a time, which keeps FTS5's own
 * ordering usable.  The --regex post-filter is compiled once, with match,
 * depth and heap limits, and applied to the passage body before paging;
 * then snippets are made only for the hits shown.  Nothing here writes,
 * except govrec_search_index_pending() inside its caller's transaction.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "govrec/buf.h"
#include "govrec/document.h"
#include "govrec/search.h"
#include "govrec/util.h"
#include "search-int.h"

/* Limits for one --regex match against one passage. */
#define REGEX_MATCH_LIMIT 1000000
#define REGEX_DEPTH_LIMIT 10000
#define REGEX_HEAP_LIMIT_KB 65536

/* The length of a filter-only excerpt. */
#define EXCERPT_BYTES 240

/* ---- the regular-expression post-filter --------------------------------- */

struct regex {
	pcre2_code *code;
	pcre2_match_data *md;
	pcre2_match_context *mc;
};

static enum govrec_status regex_compile(struct regex *r, const char *pattern,
					struct govrec_error *err)
{
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE offset = 0;
	int code = 0;

	memset(r, 0, sizeof(*r));
	if (!pattern)
		return GOVREC_OK;
	r->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
				PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &code, &offset, NULL);
	if (!r->code) {
		struct govrec_buf b = GOVREC_BUF_INIT;
		enum govrec_status rc;

		pcre2_get_error_message(code, msg, sizeof(msg));
		govrec_buf_add_safe(&b, pattern, 80);
		rc = govrec_error_set(err, GOVREC_INVALID,
				      "bad regular expression '%s' at offset %zu: %s", b.data,
				      (size_t)offset, (const char *)msg);
		govrec_buf_release(&b);
		return rc;
	}
	r->md = pcre2_match_data_create_from_pattern(r->code, NULL);
	r->mc = pcre2_match_context_create(NULL);
	if (!r->md || !r->mc)
		return govrec_error_oom(err);
	pcre2_set_match_limit(r->mc, REGEX_MATCH_LIMIT);
	pcre2_set_depth_limit(r->mc, REGEX_DEPTH_LIMIT);
	pcre2_set_heap_limit(r->mc, REGEX_HEAP_LIMIT_KB);
	return GOVREC_OK;
}

static void regex_free(struct regex *r)
{
	pcre2_match_context_free(r->mc);
	pcre2_match_data_free(r->md);
	pcre2_code_free(r->code);
}

/* 1 a match, 0 none, -1 a limit was hit (err set). */
static int regex_match(struct regex *r, const char *text, int64_t id, struct govrec_error *err)
{
	int m;

	if (!r->code)
		return 1;
	m = pcre2_match(r->code, (PCRE2_SPTR)text, strlen(text), 0, 0, r->md, r->mc);
	if (m >= 0)
		return 1;
	if (m == PCRE2_ERROR_NOMATCH)
		return 0;
	if (m == PCRE2_ERROR_MATCHLIMIT || m == PCRE2_ERROR_DEPTHLIMIT ||
	    m == PCRE2_ERROR_HEAPLIMIT) {
		govrec_error_set(err, GOVREC_INVALID,
				 "the regular expression is too costly: it reached its match "
				 "limit on passage %lld (simplify the pattern)",
				 (long long)id);
		return -1;
	}
	return 0;
}

/* ---- running ------------------------------------------------------------ */

/*
 * A hit waiting for its place among hits of equal rank; strings owned.  A
 * partial one (beyond the page when it was found) has only its id, rank and
 * date until emit() needs the rest.
 */
struct pending {
	struct govrec_hit hit;
	char *str[8];
	int partial;
};

enum { S_DATE, S_KIND, S_TITLE, S_HEADING, S_MEETING_DATE, S_SPEAKER, S_PERSON, S_SNIPPET };

struct run {
	struct govrec_store *st;
	struct govrec_buf key;      /* the rank key of the group's hits */
	struct govrec_buf mentions; /* no words: the proposals and metrics asked for, as FTS5 */
	const struct govrec_search *s;
	int (*fn)(const struct govrec_hit *, void *);
	void *ctx;
	struct govrec_error *err;
	int64_t pos, emitted;
	int done;
	struct pending *group;
	size_t ngroup, capgroup;
	struct govrec_buf excerpt;
};

void govrec_format_offset(int64_t ms, char *out, size_t size)
{
	int64_t sec = ms < 0 ? 0 : ms / 1000;

	snprintf(out, size, "%02lld:%02lld:%02lld", (long long)(sec / 3600),
		 (long long)(sec / 60 % 60), (long long)(sec % 60));
}

/* The start of a body, cut at a word, for hits of a query without words. */
static const char *excerpt(struct govrec_buf *b, const char *body)
{
	size_t n = strlen(body), cut;

	govrec_buf_reset(b);
	if (n <= EXCERPT_BYTES) {
		govrec_buf_add(b, body, n);
		return b->data;
	}
	cut = EXCERPT_BYTES;
	while (cut > EXCERPT_BYTES / 2 && body[cut] != ' ')
		cut--;
	while (cut > 0 && ((unsigned char)body[cut] & 0xc0) == 0x80)
		cut--;
	govrec_buf_add(b, body, cut);
	govrec_buf_adds(b, "\xe2\x80\xa6");
	return b->data;
}

/* Keeps the current row of find as a pending hit. */
static enum govrec_status group_add(struct run *r, sqlite3_stmt *find)
{
	const struct govrec_query *q = r->s->query;
	struct pending *p;
	struct govrec_hit *h;

	if (r->ngroup == r->capgroup) {
		size_t cap = r->capgroup ? r->capgroup * 2 : 16;
		struct pending *n = realloc(r->group, cap * sizeof(*n));

		if (!n)
			return govrec_error_oom(r->err);
		r->group = n;
		r->capgroup = cap;
	}
	p = &r->group[r->ngroup++];
	memset(p, 0, sizeof(*p));
	h = &p->hit;
	h->id = sqlite3_column_int64(find, C_ID);
	h->document_id = sqlite3_column_int64(find, C_DOCUMENT);
	h->meeting = sqlite3_column_int64(find, C_MEETING);
	h->start_ms = sqlite3_column_type(find, C_START) == SQLITE_NULL
			      ? GOVREC_NO_TIME
			      : sqlite3_column_int64(find, C_START);
	p->str[S_DATE] = govrec_col_dup(find, C_DATE);
	if (q->match && !r->s->regex && r->s->limit > 0 &&
	    r->pos + (int64_t)r->ngroup - 1 >= r->s->offset + r->s->limit) {
		p->partial = 1;
		return GOVREC_OK;
	}
	p->str[S_KIND] = govrec_col_dup(find, C_KIND);
	p->str[S_TITLE] = govrec_col_dup(find, C_TITLE);
	p->str[S_HEADING] = govrec_col_dup(find, C_HEADING);
	p->str[S_MEETING_DATE] = govrec_col_dup(find, C_MEETING_DATE);
	p->str[S_SPEAKER] = govrec_col_dup(find, C_SPEAKER);
	p->str[S_PERSON] = govrec_col_dup(find, C_PERSON);
	if (!q->match)
		p->str[S_SNIPPET] = search_strdup(excerpt(&r->excerpt, govrec_col_text(find, C_BODY)));
	else
		p->str[S_SNIPPET] = govrec_col_dup(find, C_SNIPPET); /* NULL with --regex: made on emit */
	return GOVREC_OK;
}

static void pending_release(struct pending *p)
{
	size_t i;

	for (i = 0; i < sizeof(p->str) / sizeof(p->str[0]); i++)
		free(p->str[i]);
}

/* Fills in a partial hit. */
static enum govrec_status complete(struct run *r, struct pending *p)
{
	enum govrec_status rc;
	sqlite3_stmt *d;
	int row;

	rc = govrec_sql_query(r->st, r->err, &d,
			      "SELECT p.document_id, d.kind, d.title, p.heading, m.number, m.date,"
			      " p.speaker, pe.name, p.start_ms"
			      " FROM passage p JOIN document d ON d.id = p.document_id"
			      " LEFT JOIN meeting m ON m.id = d.meeting_id"
			      " LEFT JOIN person pe ON pe.id = p.person_id WHERE p.id = ?1",
			      "i", p->hit.id);
	if (rc == GOVREC_OK)
		rc = govrec_sql_next(r->st, d, &row, r->err);
	if (rc != GOVREC_OK)
		return rc;
	if (row) {
		p->hit.document_id = sqlite3_column_int64(d, 0);
		p->str[S_KIND] = govrec_col_dup(d, 1);
		p->str[S_TITLE] = govrec_col_dup(d, 2);
		p->str[S_HEADING] = govrec_col_dup(d, 3);
		p->hit.meeting = sqlite3_column_int64(d, 4);
		p->str[S_MEETING_DATE] = govrec_col_dup(d, 5);
		p->str[S_SPEAKER] = govrec_col_dup(d, 6);
		p->str[S_PERSON] = govrec_col_dup(d, 7);
		p->hit.start_ms = sqlite3_column_type(d, 8) == SQLITE_NULL
					  ? GOVREC_NO_TIME
					  : sqlite3_column_int64(d, 8);
	}
	sqlite3_reset(d);
	p->partial = 0;
	return GOVREC_OK;
}

/*
 * Gives a hit to the caller.  With --regex the snippet is made here, for
 * shown hits only, since the find statement then steps over many passages
 * that the pattern drops.
 */
static enum govrec_status emit(struct run *r, struct pending *p)
{
	struct govrec_hit *h = &p->hit;
	sqlite3_stmt *sn = NULL;
	enum govrec_status rc;
	int row;

	if (p->partial && (rc = complete(r, p)) != GOVREC_OK)
		return rc;

	h->date = p->str[S_DATE];
	h->kind = p->str[S_KIND] ? p->str[S_KIND] : "";
	h->title = p->str[S_TITLE] ? p->str[S_TITLE] : "";
	h->heading = p->str[S_HEADING];
	h->meeting_date = p->str[S_MEETING_DATE];
	h->speaker = p->str[S_SPEAKER];
	h->person = p->str[S_PERSON];
	h->snippet = p->str[S_SNIPPET] ? p->str[S_SNIPPET] : "";
	/*
	 * A query of fields alone shows the start of the passage, unless it
	 * asked for a proposal or metric that the passage names: then the
	 * snippet around the name.
	 */
	if ((!p->str[S_SNIPPET] && r->s->query->match) ||
	    (!r->s->query->match && r->mentions.len)) {
		const char *match = r->s->query->match ? r->s->query->match : r->mentions.data;

		rc = govrec_sql_query(
		    r->st, r->err, &sn,
		    "SELECT snippet(search, -1, char(1), char(2), '\xe2\x80\xa6', 24)"
		    " FROM search WHERE search MATCH ?1 AND rowid = ?2",
		    "ti", match, h->id);
		if (rc == GOVREC_OK)
			rc = govrec_sql_next(r->st, sn, &row, r->err);
		if (rc != GOVREC_OK)
			return rc;
		if (row)
			h->snippet = govrec_col_text(sn, 0);
	}
	if (r->fn(h, r->ctx))
		r->done = 1;
	if (sn)
		sqlite3_reset(sn);
	return GOVREC_OK;
}

/* Newest first; then by passage id, so the order is always the same. */
static int pending_cmp(const void *a, const void *b)
{
	const struct pending *x = a, *y = b;
	int c = strcmp(y->str[S_DATE] ? y->str[S_DATE] : "", x->str[S_DATE] ? x->str[S_DATE] : "");

	if (c)
		return c;
	return x->hit.id < y->hit.id ? -1 : x->hit.id > y->hit.id;
}

static enum govrec_status flush(struct run *r)
{
	size_t i;
	enum govrec_status rc = GOVREC_OK;

	if (r->ngroup > 1)
		qsort(r->group, r->ngroup, sizeof(r->group[0]), pending_cmp);
	for (i = 0; i < r->ngroup; i++) {
		if (rc == GOVREC_OK && !r->done && r->pos++ >= r->s->offset) {
			rc = emit(r, &r->group[i]);
			r->emitted++;
			if (r->s->limit > 0 && r->emitted >= r->s->limit)
				r->done = 1;
		}
		pending_release(&r->group[i]);
	}
	r->ngroup = 0;
	return rc;
}

static void registered(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	sqlite3_result_int(ctx, 1);
}

/*
 * FTS5 auxiliary function govrec_rank_key(search): everything bm25 depends on
 * for the current row - how often each phrase occurs in each column, and
 * each column's size - as a blob.  Rows with equal keys have equal ranks.
 * The find statement uses it to see ties instead of reading the rank column,
 * because FTS5 computes that column again outside its sorter, and bm25's
 * first call in a cursor scans every match of every phrase for its IDF:
 * about a tenth of a whole search.
 */
static void rank_key(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
		     int argc, sqlite3_value **argv)
{
	int nphrase = api->xPhraseCount(fts), ncol = api->xColumnCount(fts), ninst = 0, i;
	size_t n = (size_t)nphrase * (size_t)ncol + (size_t)ncol;
	int small[64], *key = small, rc;

	(void)argc;
	(void)argv;
	if (n > sizeof(small) / sizeof(small[0]) && !(key = sqlite3_malloc64(n * sizeof(int)))) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	memset(key, 0, n * sizeof(int));
	rc = api->xInstCount(fts, &ninst);
	for (i = 0; rc == SQLITE_OK && i < ninst; i++) {
		int phrase, col, off;

		rc = api->xInst(fts, i, &phrase, &col, &off);
		if (rc == SQLITE_OK && phrase >= 0 && phrase < nphrase && col >= 0 && col < ncol)
			key[phrase * ncol + col]++;
	}
	for (i = 0; rc == SQLITE_OK && i < ncol; i++)
		rc = api->xColumnSize(fts, i, &key[nphrase * ncol + i]);
	if (rc == SQLITE_OK)
		sqlite3_result_blob(ctx, key, (int)(n * sizeof(int)), SQLITE_TRANSIENT);
	else
		sqlite3_result_error_code(ctx, rc);
	if (key != small)
		sqlite3_free(key);
}

/*
 * Registers govrec_rank_key with FTS5 on st's connection, once: a plain SQL
 * function of the same name marks that it is there.
 */
static enum govrec_status register_rank_key(struct govrec_store *st, struct govrec_error *err)
{
	sqlite3 *db = govrec_store_db(st);
	sqlite3_stmt *s = NULL;
	fts5_api *api = NULL;

	if (sqlite3_prepare_v2(db, "SELECT govrec_rank_key_registered()", -1, &s, NULL) ==
	    SQLITE_OK) {
		sqlite3_finalize(s);
		return GOVREC_OK;
	}
	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &s, NULL) != SQLITE_OK)
		return govrec_store_fail(st, err, "cannot reach FTS5");
	sqlite3_bind_pointer(s, 1, &api, "fts5_api_ptr", NULL);
	sqlite3_step(s);
	sqlite3_finalize(s);
	if (!api || api->iVersion < 1 ||
	    api->xCreateFunction(api, "govrec_rank_key", NULL, rank_key, NULL) != SQLITE_OK ||
	    sqlite3_create_function(db, "govrec_rank_key_registered", 0, SQLITE_UTF8, NULL,
				    registered, NULL, NULL) != SQLITE_OK)
		return govrec_error_set(err, GOVREC_ERROR, "cannot register a search function");
	return GOVREC_OK;
}

/* 1 when the current row of find has the rank key key (and key is not empty). */
static int same_key(const struct govrec_buf *key, sqlite3_stmt *find)
{
	const void *k = sqlite3_column_blob(find, C_RANK);
	size_t n = (size_t)sqlite3_column_bytes(find, C_RANK);

	return key->len > 0 && n == key->len && memcmp(k, key->data, n) == 0;
}

/*
 * SQL function govrec_search_wants_snippet(), evaluated by the find statement
 * for each row before it computes that row's snippet: 1 when the row could be
 * shown, 0 when it lies beyond the page even before equal ranks are
 * reordered (its place is pos + ngroup whether or not its rank starts a new
 * group).  Thousands of passages can share one rank ("Thank you."), and each
 * would otherwise get a snippet only to be dropped; a row that the
 * reordering brings onto the page after all gets its snippet in emit().
 */
static void wants_snippet(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const struct run *r = sqlite3_user_data(ctx);
	int64_t at = r->pos + (int64_t)r->ngroup;

	(void)argc;
	(void)argv;
	sqlite3_result_int(ctx, r->s->limit == 0 || at < r->s->offset + r->s->limit);
}

/*
 * A speaker: person id must name a person: an id is a reference, and one that
 * names nobody (a typo, a person since merged away) would otherwise quietly
 * find nothing.  A name is a label and may match nobody.
 */
static enum govrec_status check_speaker_ids(struct govrec_store *st, const struct govrec_query *q,
					    struct govrec_error *err)
{
	enum govrec_status rc;
	size_t i;

	for (i = 0; i < q->nfilters; i++) {
		const struct govrec_filter *f = &q->filters[i];
		int64_t n = 0;

		if (f->field != GOVREC_FIELD_SPEAKER || f->lo <= 0)
			continue;
		rc = govrec_sql_int(st, err, &n, "SELECT count(*) FROM person WHERE id = ?1", "i",
				    f->lo);
		if (rc != GOVREC_OK)
			return rc;
		if (n == 0)
			return govrec_error_set(err, GOVREC_INVALID,
						"no person %lld in 'speaker:%s' (a value of only "
						"digits is a person id; 'govrec person list' shows "
						"them)",
						(long long)f->lo, f->value);
	}
	return GOVREC_OK;
}

/*
 * Steps the find statement; gives hits to r->fn, or only counts them into
 * *count when r->fn is NULL.
 */
static enum govrec_status run(struct run *r, int64_t *count)
{
	const struct govrec_search *s = r->s;
	const struct govrec_query *q = s->query;
	struct regex re;
	sqlite3_stmt *find = NULL;
	int sql_paging = !q || (!q->match && !s->regex && r->fn);
	enum govrec_status rc;
	int step = SQLITE_DONE;

	if (!q || (!q->match && q->nfilters == 0))
		return govrec_error_set(r->err, GOVREC_INVALID, "the query is empty");
	rc = regex_compile(&re, s->regex, r->err);
	if (rc == GOVREC_OK)
		rc = check_speaker_ids(r->st, q, r->err);
	if (rc == GOVREC_OK && q->match)
		rc = register_rank_key(r->st, r->err);
	if (rc == GOVREC_OK &&
	    sqlite3_create_function(govrec_store_db(r->st), "govrec_search_wants_snippet", 0,
				    SQLITE_UTF8 | SQLITE_DIRECTONLY, r, wants_snippet, NULL,
				    NULL) != SQLITE_OK)
		rc = govrec_store_fail(r->st, r->err, "cannot register a search function");
	if (rc == GOVREC_OK)
		rc = search_find_prepare(r->st, q, s->regex != NULL || (!q->match && r->fn),
				  q->match && !s->regex && r->fn, sql_paging ? s->limit : 0,
				  s->offset, &find, r->err);
	if (rc != GOVREC_OK)
		goto out;
	if (sql_paging && s->limit > 0)
		r->pos = s->offset; /* the statement skipped them */
	while (!r->done && (step = sqlite3_step(find)) == SQLITE_ROW) {
		if (s->regex) {
			int m = regex_match(&re, govrec_col_text(find, C_BODY),
					    sqlite3_column_int64(find, C_ID), r->err);

			if (m < 0) {
				rc = GOVREC_INVALID;
				break;
			}
			if (!m)
				continue;
		}
		if (!r->fn) {
			(*count)++;
			continue;
		}
		/* Equal ranks wait in a group, to be put newest first. */
		if (!q->match || !same_key(&r->key, find)) {
			rc = flush(r);
			if (rc != GOVREC_OK || r->done)
				break;
			govrec_buf_reset(&r->key);
			if (q->match && sqlite3_column_bytes(find, C_RANK) > 0)
				govrec_buf_add(&r->key, sqlite3_column_blob(find, C_RANK),
					       (size_t)sqlite3_column_bytes(find, C_RANK));
		}
		rc = group_add(r, find);
		if (rc != GOVREC_OK)
			break;
	}
	if (rc == GOVREC_OK && !r->done && step != SQLITE_DONE && step != SQLITE_ROW)
		rc = search_find_failed(r->st, q, r->err);
	if (rc == GOVREC_OK && r->fn)
		rc = flush(r);
out:
	while (r->ngroup > 0)
		pending_release(&r->group[--r->ngroup]);
	sqlite3_finalize(find);
	sqlite3_create_function(govrec_store_db(r->st), "govrec_search_wants_snippet", 0,
				SQLITE_UTF8, NULL, NULL, NULL, NULL);
	regex_free(&re);
	return rc;
}

enum govrec_status govrec_search_run(struct govrec_store *st, const struct govrec_search *s,
				     int (*fn)(const struct govrec_hit *, void *), void *ctx,
				     struct govrec_error *err)
{
	struct run r;
	enum govrec_status rc;
	size_t i;

	memset(&r, 0, sizeof(r));
	r.st = st;
	r.s = s;
	r.fn = fn;
	r.ctx = ctx;
	r.err = err;
	govrec_buf_init(&r.excerpt);
	govrec_buf_init(&r.key);
	govrec_buf_init(&r.mentions);
	for (i = 0; s->query && !s->query->match && i < s->query->nfilters; i++) {
		const struct govrec_filter *f = &s->query->filters[i];

		if (f->field != GOVREC_FIELD_PROPOSAL && f->field != GOVREC_FIELD_METRIC)
			continue;
		if (r.mentions.len)
			govrec_buf_adds(&r.mentions, " OR ");
		search_add_phrase(&r.mentions, f->value);
	}
	rc = run(&r, NULL);
	free(r.group);
	govrec_buf_release(&r.excerpt);
	govrec_buf_release(&r.key);
	govrec_buf_release(&r.mentions);
	return rc;
}

enum govrec_status govrec_search_count(struct govrec_store *st, const struct govrec_search *s,
				       int64_t *count, struct govrec_error *err)
{
	struct run r;

	memset(&r, 0, sizeof(r));
	r.st = st;
	r.s = s;
	r.err = err;
	*count = 0;
	return run(&r, count);
}

enum govrec_status govrec_search_index_pending(struct govrec_store *st, struct govrec_error *err)
{
	enum govrec_status rc;

	if (govrec_store_depth(st) == 0)
		return govrec_error_set(err, GOVREC_ERROR,
					"internal: indexing pending passages needs a transaction");
	rc = govrec_sql_exec(st, err,
			     "INSERT INTO search(rowid, title, speaker, body, kind)"
			     " SELECT s.id, s.title, s.speaker, s.body, s.kind"
			     " FROM search_pending q JOIN search_source s ON s.id = q.id"
			     " ORDER BY q.id",
			     NULL);
	if (rc == GOVREC_OK)
		rc = govrec_sql_exec(st, err, "DELETE FROM search_pending", NULL);
	return rc;
}
