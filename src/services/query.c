/*
 * query.c - the query language: text a user types to an FTS5 MATCH expression
 * and filters (see search.h).  Pure: no archive, no I/O, no globals.
 *
 * Three steps.  The lexer cuts the text into tokens: words, "quoted phrases",
 * the operators AND OR NOT (upper case only, as in FTS5), NEAR(, parentheses,
 * and field terms name:value, which it hands straight to the field table
 * (query-field.c) and so drops from the token list.  The parser builds a
 * tree by precedence (NOT over AND over OR, adjacent terms meaning AND).
 * The emitter
 * writes the tree back as FTS5 text in which every word is a double-quoted
 * string and every operation is in parentheses; FTS5 therefore never sees a
 * bare user character, which is why hyphens, colons, apostrophes and percent
 * signs are safe.  The only errors left are ours, worded for a user.
 */
#include <stdlib.h>
#include <string.h>

#include "govrec/buf.h"
#include "govrec/search.h"
#include "govrec/util.h"
#include "query-int.h"

/* ---- the lexer ---------------------------------------------------------- */

enum tok_type { T_END, T_PHRASE, T_AND, T_OR, T_NOT, T_NEAR, T_LPAREN, T_RPAREN, T_COMMA };

struct tok {
	enum tok_type type;
	char *text;  /* T_PHRASE: the words, unquoted; otherwise NULL */
	int prefix;  /* T_PHRASE followed by '*' */
	const char *where; /* position in the query, for messages */
};

struct toks {
	struct tok *v;
	size_t n, cap;
};

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static unsigned int utf8_next(const unsigned char *s, size_t len, size_t *i)
{
	unsigned int c = s[*i], cp;
	size_t n, k;

	if (c < 0x80) {
		(*i)++;
		return c;
	}
	if ((c & 0xe0) == 0xc0)
		n = 2, cp = c & 0x1f;
	else if ((c & 0xf0) == 0xe0)
		n = 3, cp = c & 0x0f;
	else if ((c & 0xf8) == 0xf0)
		n = 4, cp = c & 0x07;
	else {
		(*i)++;
		return 0xfffd;
	}
	for (k = 1; k < n; k++) {
		if (*i + k >= len || (s[*i + k] & 0xc0) != 0x80) {
			(*i)++;
			return 0xfffd;
		}
		cp = (cp << 6) | (s[*i + k] & 0x3f);
	}
	*i += n;
	return cp;
}

/*
 * 1 when text has a character FTS5's unicode61 tokenizer keeps (letters and
 * digits).  A phrase with none matches nothing in FTS5 and would silently
 * empty an AND, so such words are dropped.  Outside ASCII this is an
 * approximation: the common punctuation and symbol blocks count as
 * separators, everything else as letters.
 */
static int has_token_chars(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;

	while (i < len) {
		unsigned int c = utf8_next(s, len, &i);

		if (c < 0x80) {
			if ((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
				return 1;
			continue;
		}
		if ((c >= 0x80 && c <= 0xbf && c != 0xaa && c != 0xb2 && c != 0xb3 && c != 0xb5 &&
		     c != 0xb9 && c != 0xba && !(c >= 0xbc && c <= 0xbe)) ||
		    c == 0xd7 || c == 0xf7 || (c >= 0x2000 && c <= 0x2bff) ||
		    (c >= 0x3000 && c <= 0x303f) || (c >= 0xfe30 && c <= 0xfe6f) ||
		    (c >= 0xff00 && c <= 0xff0f) || (c >= 0x1f000 && c <= 0x1faff) || c == 0xfffd)
			continue;
		return 1;
	}
	return 0;
}

static enum govrec_status push(struct toks *t, enum tok_type type, const char *text, size_t len,
			       int prefix, const char *where, struct govrec_error *err)
{
	struct tok *k;

	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		struct tok *n = realloc(t->v, cap * sizeof(*n));

		if (!n)
			return govrec_error_oom(err);
		t->v = n;
		t->cap = cap;
	}
	k = &t->v[t->n];
	memset(k, 0, sizeof(*k));
	k->type = type;
	k->prefix = prefix;
	k->where = where;
	if (text) {
		k->text = malloc(len + 1);
		if (!k->text)
			return govrec_error_oom(err);
		memcpy(k->text, text, len);
		k->text[len] = '\0';
	}
	t->n++;
	return GOVREC_OK;
}

static void toks_release(struct toks *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->v[i].text);
	free(t->v);
}

/*
 * A quoted string starting at s (on the opening quote): "" inside stands for
 * one quote.  An unclosed string runs to the end of the text.  The unquoted
 * content goes to out; returns the position after the closing quote.
 */
static const char *read_quoted(const char *s, struct govrec_buf *out)
{
	s++;
	while (*s) {
		if (*s == '"') {
			if (s[1] != '"')
				return s + 1;
			s++;
		}
		govrec_buf_addch(out, *s);
		s++;
	}
	return s;
}

static int word_end(char c, int in_near)
{
	return !c || is_space(c) || c == '"' || c == '(' || c == ')' || (in_near && c == ',');
}

/*
 * A field term at s: letters, ':', then a value (a quoted string, or up to
 * the next space or parenthesis).  Returns the position after it, or NULL
 * when s does not start a field term (then it is a word like "10:30").
 */
static const char *lex_field(struct govrec_query *q, const char *s, enum govrec_status *rc,
			     struct govrec_error *err)
{
	const struct query_field *def;
	struct govrec_buf value = GOVREC_BUF_INIT;
	const char *p = s, *end;
	size_t name_len;

	while ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z')
		p++;
	if (p == s || *p != ':')
		return NULL;
	name_len = (size_t)(p - s);
	def = query_field_find(s, name_len);
	p++;
	if (*p == '"') {
		end = read_quoted(p, &value);
	} else {
		for (end = p; !word_end(*end, 0); end++)
			;
		govrec_buf_add(&value, p, (size_t)(end - p));
	}
	if (!def) {
		/* "Note:" or "Re:" with nothing after it is a word; "foo:bar" is a mistake. */
		if (value.len == 0 && *p != '"') {
			govrec_buf_release(&value);
			return NULL;
		}
		*rc = query_unknown_field(s, (size_t)(end - s), name_len, err);
		govrec_buf_release(&value);
		return end;
	}
	*rc = query_add_filter(q, def, value.data, value.len, err);
	govrec_buf_release(&value);
	return end;
}

static enum govrec_status lex(struct govrec_query *q, const char *text, struct toks *t,
			      struct govrec_error *err)
{
	struct govrec_buf w = GOVREC_BUF_INIT;
	enum govrec_status rc = GOVREC_OK;
	const char *s = text;
	int in_near = 0;

	while (rc == GOVREC_OK) {
		const char *start, *after;
		size_t len;
		int prefix = 0;

		while (is_space(*s))
			s++;
		if (!*s)
			break;
		start = s;
		if (*s == '(' || *s == ')') {
			rc = push(t, *s == '(' ? T_LPAREN : T_RPAREN, NULL, 0, 0, s, err);
			if (*s == ')')
				in_near = 0;
			s++;
			continue;
		}
		if (in_near && *s == ',') {
			rc = push(t, T_COMMA, NULL, 0, 0, s, err);
			s++;
			continue;
		}
		govrec_buf_reset(&w);
		if (*s == '"') {
			s = read_quoted(s, &w);
			if (*s == '*') {
				prefix = 1;
				while (*s == '*')
					s++;
			}
			if (has_token_chars(w.data, w.len))
				rc = push(t, T_PHRASE, w.data, w.len, prefix, start, err);
			continue;
		}
		if (!in_near && (after = lex_field(q, s, &rc, err)) != NULL) {
			s = after;
			continue;
		}
		while (!word_end(*s, in_near))
			s++;
		len = (size_t)(s - start);
		if (len == 3 && memcmp(start, "AND", 3) == 0) {
			rc = push(t, T_AND, NULL, 0, 0, start, err);
		} else if (len == 2 && memcmp(start, "OR", 2) == 0) {
			rc = push(t, T_OR, NULL, 0, 0, start, err);
		} else if (len == 3 && memcmp(start, "NOT", 3) == 0) {
			rc = push(t, T_NOT, NULL, 0, 0, start, err);
		} else if (len == 4 && memcmp(start, "NEAR", 4) == 0 && *s == '(') {
			rc = push(t, T_NEAR, NULL, 0, 0, start, err);
			in_near = 1;
			s++;
		} else {
			while (len > 0 && start[len - 1] == '*') {
				prefix = 1;
				len--;
			}
			if (has_token_chars(start, len))
				rc = push(t, T_PHRASE, start, len, prefix, start, err);
		}
	}
	govrec_buf_release(&w);
	return rc;
}

/* ---- the parser and emitter --------------------------------------------- */

struct parser {
	struct toks *t;
	size_t i;
	const char *text;
	struct govrec_buf *out;
	struct govrec_error *err;
	int depth;
};

/* Parenthesised groups nest at most this deep: the parser recurses. */
#define MAX_DEPTH 64

static enum tok_type peek(const struct parser *p)
{
	return p->i < p->t->n ? p->t->v[p->i].type : T_END;
}

static const char *op_name(enum tok_type t)
{
	switch (t) {
	case T_AND: return "AND";
	case T_OR: return "OR";
	case T_NOT: return "NOT";
	default: return "?";
	}
}

static enum govrec_status misplaced(struct parser *p, enum tok_type op)
{
	const char *lower = op == T_AND ? "and" : op == T_OR ? "or" : "not";

	return govrec_error_set(p->err, GOVREC_INVALID,
				"'%s' needs a term on each side, as in 'a %s b' (write '%s' in "
				"lower case to search for the word)",
				op_name(op), op_name(op), lower);
}

static int is_op(enum tok_type t)
{
	return t == T_AND || t == T_OR || t == T_NOT;
}

static void emit_phrase(struct govrec_buf *out, const struct tok *k)
{
	const char *c;

	govrec_buf_addch(out, '"');
	for (c = k->text; *c; c++) {
		if (*c == '"')
			govrec_buf_addch(out, '"');
		govrec_buf_addch(out, *c);
	}
	govrec_buf_addch(out, '"');
	if (k->prefix)
		govrec_buf_adds(out, " *");
}

static enum govrec_status parse_or(struct parser *p);

static enum govrec_status near_error(struct parser *p)
{
	return govrec_error_set(p->err, GOVREC_INVALID,
				"NEAR takes words or phrases and an optional distance, as in "
				"'NEAR(technical checks, 10)'");
}

static enum govrec_status parse_near(struct parser *p)
{
	size_t phrases = 0;

	govrec_buf_adds(p->out, "NEAR(");
	while (peek(p) == T_PHRASE) {
		if (phrases++)
			govrec_buf_addch(p->out, ' ');
		emit_phrase(p->out, &p->t->v[p->i++]);
	}
	if (phrases == 0)
		return near_error(p);
	if (peek(p) == T_COMMA) {
		const struct tok *k;
		int64_t n;

		p->i++;
		k = peek(p) == T_PHRASE ? &p->t->v[p->i] : NULL;
		if (!k || k->prefix || govrec_parse_int(k->text, 0, 100000, &n) != 0)
			return near_error(p);
		p->i++;
		govrec_buf_addf(p->out, ", %lld", (long long)n);
	}
	if (peek(p) == T_RPAREN)
		p->i++;
	else if (peek(p) != T_END)
		return near_error(p);
	govrec_buf_addch(p->out, ')');
	return GOVREC_OK;
}

static enum govrec_status parse_primary(struct parser *p)
{
	enum govrec_status rc;
	enum tok_type t = peek(p);

	switch (t) {
	case T_PHRASE:
		emit_phrase(p->out, &p->t->v[p->i++]);
		return GOVREC_OK;
	case T_NEAR:
		p->i++;
		return parse_near(p);
	case T_LPAREN:
		if (++p->depth > MAX_DEPTH)
			return govrec_error_set(p->err, GOVREC_INVALID,
						"the query nests parentheses more than %d deep",
						MAX_DEPTH);
		p->i++;
		/* No parentheses of our own: every binary operation already has them. */
		rc = parse_or(p);
		if (rc != GOVREC_OK)
			return rc;
		/* An unclosed parenthesis closes at the end of the query. */
		if (peek(p) == T_RPAREN)
			p->i++;
		p->depth--;
		return GOVREC_OK;
	case T_AND:
	case T_OR:
	case T_NOT:
		return misplaced(p, t);
	default:
		return govrec_error_set(p->err, GOVREC_INVALID, "internal: unexpected token");
	}
}

static int starts_term(enum tok_type t)
{
	return t == T_PHRASE || t == T_NEAR || t == T_LPAREN;
}

/*
 * Each level writes its operands into a scratch buffer first, so that a
 * binary operation can be wrapped in parentheses once it is known to be one.
 */
static enum govrec_status parse_level(struct parser *p, int level);

static enum govrec_status parse_operand(struct parser *p, int level)
{
	return level == 2 ? parse_primary(p) : parse_level(p, level + 1);
}

/* level 0: OR, 1: AND (explicit or implied), 2: NOT */
static enum govrec_status parse_level(struct parser *p, int level)
{
	static const enum tok_type ops[] = { T_OR, T_AND, T_NOT };
	struct govrec_buf *outer = p->out, acc = GOVREC_BUF_INIT;
	enum govrec_status rc;
	int n = 0;

	p->out = &acc;
	rc = parse_operand(p, level);
	while (rc == GOVREC_OK) {
		enum tok_type t = peek(p);

		if (t == ops[level]) {
			p->i++;
			if (!starts_term(peek(p))) {
				rc = misplaced(p, is_op(peek(p)) ? peek(p) : t);
				break;
			}
		} else if (!(level == 1 && starts_term(t))) {
			break;
		}
		govrec_buf_addf(&acc, " %s ", op_name(ops[level]));
		rc = parse_operand(p, level);
		n++;
	}
	p->out = outer;
	if (rc == GOVREC_OK) {
		if (n)
			govrec_buf_addch(outer, '(');
		govrec_buf_add(outer, acc.data, acc.len);
		if (n)
			govrec_buf_addch(outer, ')');
	}
	govrec_buf_release(&acc);
	return rc;
}

static enum govrec_status parse_or(struct parser *p)
{
	if (!starts_term(peek(p))) {
		enum tok_type t = peek(p);

		if (is_op(t))
			return misplaced(p, t);
		return govrec_error_set(p->err, GOVREC_INVALID, "empty parentheses in the query");
	}
	return parse_level(p, 0);
}

/* Drops ')' that close nothing and '(' ')' pairs with nothing between. */
static void balance(struct toks *t)
{
	size_t i, k = 0;
	int depth = 0;

	for (i = 0; i < t->n; i++) {
		struct tok *v = &t->v[i];

		if (v->type == T_LPAREN || v->type == T_NEAR) {
			depth++;
		} else if (v->type == T_RPAREN) {
			if (depth == 0) {
				free(v->text);
				continue;
			}
			depth--;
			if (k > 0 && t->v[k - 1].type == T_LPAREN) {
				k--;
				continue;
			}
		}
		t->v[k++] = *v;
	}
	/* A '(' at the very end opens nothing. */
	while (k > 0 && t->v[k - 1].type == T_LPAREN)
		k--;
	t->n = k;
}

/* In raw mode the text goes to FTS5 as it is; only quotes are checked here,
 * because FTS5's own message for them ("unterminated string") names nothing. */
static enum govrec_status check_raw(const char *text, struct govrec_error *err)
{
	const char *s;
	int in = 0;

	for (s = text; *s; s++) {
		if (*s != '"')
			continue;
		if (in && s[1] == '"')
			s++;
		else
			in = !in;
	}
	if (in)
		return govrec_error_set(err, GOVREC_INVALID,
					"the query has an unbalanced double quote (in --raw mode "
					"a quote inside a phrase is written twice: \"\")");
	return GOVREC_OK;
}

/*
 * FTS5's own parser has a fixed stack: an expression whose groups nest
 * about 32 deep ("(a AND (b AND (...") fails with "fts5: parser stack
 * overflow".  What this parser writes nests more than the user's
 * parentheses (every binary operation is one group, and precedence adds
 * groups), so the depth of the output is what is checked.
 */
#define MATCH_MAX_DEPTH 24

/* The deepest nesting of '(' in expr, not counting those inside "phrases". */
static int match_depth(const char *expr)
{
	int depth = 0, max = 0, in = 0;
	const char *s;

	for (s = expr; *s; s++) {
		if (*s == '"')
			in = !in; /* a doubled "" inside a phrase leaves and re-enters it */
		else if (!in && *s == '(' && ++depth > max)
			max = depth;
		else if (!in && *s == ')')
			depth--;
	}
	return max;
}

enum govrec_status govrec_query_parse(struct govrec_query *q, const char *text, int flags,
				      struct govrec_error *err)
{
	struct govrec_buf out = GOVREC_BUF_INIT;
	struct toks t = { NULL, 0, 0 };
	struct parser p;
	enum govrec_status rc;
	size_t n;

	free(q->match);
	q->match = NULL;
	q->raw = (flags & GOVREC_QUERY_RAW) != 0;
	if (q->raw) {
		govrec_buf_adds(&out, text);
		govrec_buf_trim(&out);
		rc = out.len ? check_raw(out.data, err)
			     : govrec_error_set(err, GOVREC_INVALID, "the query is empty");
		if (rc == GOVREC_OK)
			q->match = govrec_buf_detach(&out, NULL);
		govrec_buf_release(&out);
		return rc;
	}
	n = q->nfilters;
	rc = lex(q, text, &t, err);
	if (rc == GOVREC_OK) {
		balance(&t);
		if (t.n > 0) {
			memset(&p, 0, sizeof(p));
			p.t = &t;
			p.text = text;
			p.out = &out;
			p.err = err;
			rc = parse_or(&p);
			while (rc == GOVREC_OK && p.i < t.n) {
				/* What is left after a complete expression: another operand. */
				enum tok_type k = peek(&p);

				if (is_op(k))
					rc = misplaced(&p, k);
				else
					rc = govrec_error_set(err, GOVREC_INVALID,
							      "internal: the query parse stopped");
			}
		}
	}
	if (rc == GOVREC_OK && out.len == 0 && q->nfilters == 0)
		rc = govrec_error_set(err, GOVREC_INVALID,
				      "the query has no words to search for (punctuation alone "
				      "is not searched)");
	if (rc == GOVREC_OK && out.len && match_depth(out.data) > MATCH_MAX_DEPTH)
		rc = govrec_error_set(err, GOVREC_INVALID,
				      "the query nests too deeply (over %d levels of parentheses "
				      "and operators)",
				      MATCH_MAX_DEPTH);
	if (rc == GOVREC_OK && out.len)
		q->match = govrec_buf_detach(&out, NULL);
	if (rc != GOVREC_OK) {
		/* Leave q as it was: drop the filters this text added. */
		while (q->nfilters > n)
			free(q->filters[--q->nfilters].value);
	}
	govrec_buf_release(&out);
	toks_release(&t);
	return rc;
}
