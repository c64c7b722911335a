/*
 * searchcheck.c - the search index against the passages, with reads only.
 *
 * FTS5's own check ("INSERT INTO search(search) VALUES ('integrity-check')")
 * is an INSERT: it needs the write lock, which a read-only `check` has not,
 * and inside check's read transaction it fails at once, without waiting,
 * whenever another process has committed since the transaction began.
 * SQLite runs the same check read-only from PRAGMA integrity_check only from
 * 3.45.  So check compares the two sides itself: every (passage, column,
 * position, term) that the index holds, read through an fts5vocab table in
 * the temp schema, against the passages' columns as they read now,
 * tokenized by the index's own tokenizer.  Each side is summed passage by
 * passage (one 64-bit hash a token, added, so order does not matter), and
 * the two ordered lists are merged.  A passage whose sums differ is named,
 * so that `check` can say which record the index disagrees with instead of
 * "database disk image is malformed".  Reading the whole index walks every
 * segment: a damaged one fails with SQLITE_CORRUPT_VTAB.
 *
 * Not compared: the index's per-passage column sizes (%_docsize) and its
 * totals, which only weigh the ranking.
 */
#include <string.h>

#include "govrec/store.h"
#include "searchcheck.h"

#define MAX_TOKEN 32768 /* FTS5_MAX_TOKEN_SIZE: FTS5 indexes longer tokens cut to this */
#define MAX_ARGS 16

static const char *const columns[] = { "title", "speaker", "body" };
#define NCOLUMNS 3

static uint64_t mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9u;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebu;
	return x ^ (x >> 31);
}

static uint64_t token_hash(int col, int64_t pos, const char *term, size_t n)
{
	uint64_t h = 1469598103934665603u; /* FNV-1a over the term */
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)term[i]) * 1099511628211u;
	return mix(h ^ mix(((uint64_t)pos << 2) | (uint64_t)col));
}

static int column_index(const char *name)
{
	int i;

	for (i = 0; i < NCOLUMNS; i++)
		if (name && strcmp(name, columns[i]) == 0)
			return i;
	return NCOLUMNS; /* not one we index: it can only differ */
}

/* Aggregate govrec_index_sum(col, offset, term): the index side of one passage. */
static void index_sum_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	uint64_t *sum = sqlite3_aggregate_context(ctx, sizeof(*sum));
	const char *term = (const char *)sqlite3_value_text(argv[2]);

	(void)argc;
	if (!sum) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	*sum += token_hash(column_index((const char *)sqlite3_value_text(argv[0])),
			   sqlite3_value_int64(argv[1]), term ? term : "",
			   (size_t)sqlite3_value_bytes(argv[2]));
}

static void index_sum_final(sqlite3_context *ctx)
{
	uint64_t *sum = sqlite3_aggregate_context(ctx, 0);

	sqlite3_result_int64(ctx, sum ? (sqlite3_int64)*sum : 0);
}

/* The index's tokenizer, made as its CREATE VIRTUAL TABLE says. */
struct tokenizer {
	fts5_tokenizer module;
	Fts5Tokenizer *tok;
};

static fts5_api *get_fts5(sqlite3 *db)
{
	sqlite3_stmt *s = NULL;
	fts5_api *api = NULL;

	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &s, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_pointer(s, 1, &api, "fts5_api_ptr", NULL);
	sqlite3_step(s);
	sqlite3_finalize(s);
	return api && api->iVersion >= 2 ? api : NULL;
}

/* Splits the tokenize='...' option of sql into words, in place in buf. */
static int tokenize_args(const char *sql, char *buf, size_t size, const char **argv)
{
	const char *at = sql ? strstr(sql, "tokenize=") : NULL;
	const char *end;
	char quote, *p;
	int n = 0;

	if (!at)
		return 0;
	at += strlen("tokenize=");
	quote = *at++;
	if (quote != '\'' && quote != '"')
		return 0;
	end = strchr(at, quote);
	if (!end || (size_t)(end - at) >= size)
		return 0;
	memcpy(buf, at, (size_t)(end - at));
	buf[end - at] = '\0';
	for (p = strtok(buf, " \t\n"); p && n < MAX_ARGS; p = strtok(NULL, " \t\n"))
		argv[n++] = p;
	return n;
}

static enum govrec_status tokenizer_open(struct govrec_store *st, struct tokenizer *t,
					 struct govrec_error *err)
{
	sqlite3 *db = govrec_store_db(st);
	sqlite3_stmt *s;
	const char *argv[MAX_ARGS];
	char buf[512];
	fts5_api *api = get_fts5(db);
	void *user = NULL;
	int argc = 0, row;
	enum govrec_status rc;

	memset(t, 0, sizeof(*t));
	rc = govrec_sql_prepare(st, "SELECT sql FROM sqlite_schema WHERE name = 'search'", &s, err);
	if (rc == GOVREC_OK)
		rc = govrec_sql_next(st, s, &row, err);
	if (rc != GOVREC_OK)
		return rc;
	if (row)
		argc = tokenize_args(govrec_col_text(s, 0), buf, sizeof(buf), argv);
	if (argc == 0)
		argv[argc++] = "unicode61"; /* FTS5's default */
	if (!api || api->xFindTokenizer(api, argv[0], &user, &t->module) != SQLITE_OK ||
	    t->module.xCreate(user, argv + 1, argc - 1, &t->tok) != SQLITE_OK) {
		sqlite3_reset(s);
		return govrec_error_set(err, GOVREC_ERROR,
					"cannot make the search index's tokenizer '%s'", argv[0]);
	}
	sqlite3_reset(s);
	return GOVREC_OK;
}

static void tokenizer_close(struct tokenizer *t)
{
	if (t->tok)
		t->module.xDelete(t->tok);
}

struct column_sum {
	uint64_t sum;
	int col;
	int64_t size; /* tokens so far: the next one's position is size (or size - 1) */
};

/* As FTS5 indexes a document: a colocated token shares the previous position. */
static int on_token(void *p, int tflags, const char *token, int n, int start, int end)
{
	struct column_sum *c = p;

	(void)start;
	(void)end;
	if (!(tflags & FTS5_TOKEN_COLOCATED) || c->size == 0)
		c->size++;
	if (n > MAX_TOKEN)
		n = MAX_TOKEN;
	c->sum += token_hash(c->col, c->size - 1, token, (size_t)n);
	return SQLITE_OK;
}

/* The content side of the current row of s: columns 3 on are title, speaker, body. */
static int content_sum(struct tokenizer *t, sqlite3_stmt *s, uint64_t *sum)
{
	int i, rc;

	*sum = 0;
	for (i = 0; i < NCOLUMNS; i++) {
		struct column_sum c = { 0, i, 0 };
		const char *text = (const char *)sqlite3_column_text(s, 3 + i);

		if (!text)
			continue;
		rc = t->module.xTokenize(t->tok, &c, FTS5_TOKENIZE_DOCUMENT, text,
					 sqlite3_column_bytes(s, 3 + i), on_token);
		if (rc != SQLITE_OK)
			return rc;
		*sum += c.sum;
	}
	return SQLITE_OK;
}

struct merge {
	struct govrec_store *st;
	sqlite3_stmt *idx, *src;
	int have_idx, have_src;
	struct tokenizer tok;
	void (*fault)(void *ctx, enum govrec_index_fault f, int64_t passage, int64_t document,
		      int64_t person);
	void *ctx;
};

static enum govrec_status step(struct merge *m, sqlite3_stmt *s, int *have,
			       struct govrec_error *err)
{
	return govrec_sql_next(m->st, s, have, err);
}

/* One step of the merge of the two lists, both ordered by passage id. */
static enum govrec_status merge_one(struct merge *m, struct govrec_error *err)
{
	int64_t doc = m->have_idx ? sqlite3_column_int64(m->idx, 0) : 0;
	int64_t id = m->have_src ? sqlite3_column_int64(m->src, 0) : 0;
	uint64_t sum;
	enum govrec_status rc;

	if (m->have_idx && (!m->have_src || doc < id)) {
		m->fault(m->ctx, GOVREC_INDEX_STRAY, doc, 0, 0);
		return step(m, m->idx, &m->have_idx, err);
	}
	if (content_sum(&m->tok, m->src, &sum) != SQLITE_OK)
		return govrec_error_set(err, GOVREC_ERROR, "cannot tokenize passage %lld",
					(long long)id);
	/* A passage with no tokens has no entry in the index, and sums to 0. */
	if (sum != (m->have_idx && doc == id ? (uint64_t)sqlite3_column_int64(m->idx, 1) : 0))
		m->fault(m->ctx, GOVREC_INDEX_DIFFERS, id, sqlite3_column_int64(m->src, 1),
			 sqlite3_column_int64(m->src, 2));
	if (m->have_idx && doc == id && (rc = step(m, m->idx, &m->have_idx, err)) != GOVREC_OK)
		return rc;
	return step(m, m->src, &m->have_src, err);
}

/*
 * The sums of the whole index and of every passage: when they agree, so does
 * every passage (short of 64-bit hashes summing alike by chance), and the
 * passage-by-passage merge, whose GROUP BY sorts every token the index
 * holds, is not needed.  *same is set to 1 when they agree.
 */
static enum govrec_status totals_agree(struct merge *m, int *same, struct govrec_error *err)
{
	sqlite3_stmt *idx, *src;
	uint64_t index = 0, content = 0, sum;
	enum govrec_status rc;
	int have;

	*same = 0;
	rc = govrec_sql_prepare(m->st,
				"SELECT govrec_index_sum(col, offset, term)"
				" FROM temp.govrec_search_vocab",
				&idx, err);
	if (rc == GOVREC_OK)
		rc = step(m, idx, &have, err);
	if (rc != GOVREC_OK)
		return rc;
	if (have)
		index = (uint64_t)sqlite3_column_int64(idx, 0);
	sqlite3_reset(idx);
	rc = govrec_sql_prepare(
		m->st, "SELECT s.id, 0, 0, s.title, s.speaker, s.body FROM search_source s", &src,
		err);
	if (rc != GOVREC_OK)
		return rc;
	while ((rc = step(m, src, &have, err)) == GOVREC_OK && have) {
		if (content_sum(&m->tok, src, &sum) != SQLITE_OK) {
			sqlite3_reset(src);
			return govrec_error_set(err, GOVREC_ERROR, "cannot tokenize passage %lld",
						(long long)sqlite3_column_int64(src, 0));
		}
		content += sum;
	}
	sqlite3_reset(src);
	if (rc != GOVREC_OK)
		return rc;
	*same = index == content;
	return GOVREC_OK;
}

enum govrec_status govrec_search_check(struct govrec_store *st,
				       void (*fault)(void *ctx, enum govrec_index_fault f,
						     int64_t passage, int64_t document,
						     int64_t person),
				       void *ctx, struct govrec_error *err)
{
	sqlite3 *db = govrec_store_db(st);
	struct merge m;
	enum govrec_status rc;
	int same = 0;

	memset(&m, 0, sizeof(m));
	m.st = st;
	m.fault = fault;
	m.ctx = ctx;
	if (sqlite3_create_function(db, "govrec_index_sum", 3, SQLITE_UTF8 | SQLITE_DIRECTONLY,
				    NULL, NULL, index_sum_step, index_sum_final) != SQLITE_OK)
		return govrec_store_fail(st, err, "cannot register functions");
	rc = govrec_sql_script(st,
			       "CREATE VIRTUAL TABLE IF NOT EXISTS temp.govrec_search_vocab"
			       " USING fts5vocab(main, search, instance)",
			       err);
	if (rc == GOVREC_OK)
		rc = tokenizer_open(st, &m.tok, err);
	if (rc == GOVREC_OK)
		rc = totals_agree(&m, &same, err);
	if (rc != GOVREC_OK || same) {
		tokenizer_close(&m.tok);
		return rc;
	}
	rc = govrec_sql_prepare(st,
				"SELECT doc, govrec_index_sum(col, offset, term)"
				" FROM temp.govrec_search_vocab GROUP BY doc ORDER BY doc",
				&m.idx, err);
	if (rc == GOVREC_OK)
		rc = govrec_sql_prepare(st,
					"SELECT s.id, p.document_id, p.person_id, s.title, "
					"s.speaker, s.body FROM search_source s JOIN passage p "
					"ON p.id = s.id ORDER BY s.id",
					&m.src, err);
	if (rc == GOVREC_OK)
		rc = step(&m, m.idx, &m.have_idx, err);
	if (rc == GOVREC_OK)
		rc = step(&m, m.src, &m.have_src, err);
	while (rc == GOVREC_OK && (m.have_idx || m.have_src))
		rc = merge_one(&m, err);
	if (m.idx)
		sqlite3_reset(m.idx);
	if (m.src)
		sqlite3_reset(m.src);
	tokenizer_close(&m.tok);
	return rc;
}
