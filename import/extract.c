/*
 * extract.c - action items, decisions, proposal references and metric
 * mentions found in a draft's passages (see extract.h).
 *
 * Every pattern is compiled once in govrec_extractor_new(), with a match
 * limit so that no passage can make a pattern run away, and the one match
 * data block is reused.  Patterns live in a table; the code that turns a
 * match into a finding is chosen by the row's kind.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "govrec/buf.h"
#include "govrec/extract.h"
#include "govrec/util.h"
#include "govrec/draft.h"
#include "readutil.h"

enum pat {
	PAT_ACTION_ID,  /* Action item 01 34 2019: text */
	PAT_ACTION,     /* ACTION: text, AI: text */
	PAT_DECISION,   /* DECISION: text */
	PAT_PROPOSAL,   /* SLA-2019-01 */
	PAT_METRIC_ID,  /* cat1.technical-checks.initial */
	PAT_OWNER,      /* "Bart Boswinkel to ..." at the start of an action */
	PAT_OWNER_TAG,  /* "Owner: Bart" */
	PAT_DUE,        /* "by 22 October 2019" */
	PAT_COUNT
};

static const char *const patterns[PAT_COUNT] = {
	[PAT_ACTION_ID] = "(?i)\\baction\\s+items?\\s+(\\d{1,3})[ ./-](\\d{1,4})[ ./-]"
			  "((?:19|20)\\d\\d)\\b\\s*[:\\x{2013}-]\\s*([^\\n]+)",
	[PAT_ACTION] = "(?:^|(?<=\\s))(?:ACTION(?:\\s+ITEM)?|Action(?:\\s+item)?|AI)\\s*:\\s*"
		       "([^\\n]+)",
	[PAT_DECISION] = "(?:^|(?<=\\s))(?:DECISION|RESOLVED|AGREED|Decision|Resolved|Agreed)"
			 "\\s*:\\s*([^\\n]+)",
	[PAT_PROPOSAL] = "\\bSLA-(?:19|20)\\d\\d-\\d{2,3}\\b",
	[PAT_METRIC_ID] = "\\bcat[1-5](?:\\.[a-z0-9]+(?:-[a-z0-9]+)*){1,3}\\b",
	[PAT_OWNER] = "^\\s*(\\p{Lu}[\\p{L}.'\\x{2019}-]*(?:\\s+(?:van|de|der|von|"
		      "\\p{Lu}[\\p{L}.'\\x{2019}-]*)){0,3})\\s+(?:to|will)\\s",
	[PAT_OWNER_TAG] = "(?i)\\bowner\\s*:\\s*([^;,.()\\n]+)",
	[PAT_DUE] = "(?i)\\b(?:by|due(?:\\s+date)?:?|before)\\s+(\\d{4}-\\d\\d-\\d\\d|"
		    "\\d{1,2}\\s+\\p{L}+\\.?\\s+\\d{4}|\\p{L}+\\.?\\s+\\d{1,2},?\\s+\\d{4})",
};

/*
 * Text that a match of each scanning pattern must contain (any one of the
 * list).  A passage without it cannot match, and is not run through the
 * pattern: PCRE2 finds no first character to look for in the patterns that
 * begin with a look-behind, and would try them at every offset.
 */
static const char *const needles[PAT_COUNT][4] = {
	[PAT_ACTION_ID] = { ":", "-", "\xe2\x80\x93", NULL }, /* [:\x{2013}-] */
	[PAT_ACTION] = { ":", NULL },
	[PAT_DECISION] = { ":", NULL },
	[PAT_PROPOSAL] = { "SLA-", NULL },
	[PAT_METRIC_ID] = { "cat", NULL },
};

static int may_match(enum pat p, const char *s, size_t n)
{
	const char *const *k = needles[p];

	if (!k[0])
		return 1;
	for (; *k; k++)
		if (mem_find(s, n, *k))
			return 1;
	return 0;
}

#define MATCH_LIMIT 100000

struct govrec_extractor {
	pcre2_code *re[PAT_COUNT];
	pcre2_code *names;   /* the catalog's metric names, or NULL */
	char **ids, **lnames;
	size_t nmetrics;
	pcre2_match_data *md;
	pcre2_match_context *mc;
};

void govrec_extractor_free(struct govrec_extractor *x)
{
	size_t i;

	if (!x)
		return;
	for (i = 0; i < PAT_COUNT; i++)
		pcre2_code_free(x->re[i]);
	pcre2_code_free(x->names);
	for (i = 0; i < x->nmetrics; i++) {
		free(x->ids[i]);
		free(x->lnames[i]);
	}
	free(x->ids);
	free(x->lnames);
	pcre2_match_data_free(x->md);
	pcre2_match_context_free(x->mc);
	free(x);
}

static enum govrec_status compile(const char *pattern, uint32_t flags, pcre2_code **out,
				  struct govrec_error *err)
{
	int code;
	PCRE2_SIZE off;
	pcre2_code *re = *out =
	    pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
			  PCRE2_UTF | PCRE2_UCP | PCRE2_MULTILINE | flags, &code, &off, NULL);

	if (!re) {
		PCRE2_UCHAR msg[200];

		pcre2_get_error_message(code, msg, sizeof(msg));
		return govrec_error_set(err, GOVREC_ERROR,
					"internal: pattern does not compile at %zu: %s",
					(size_t)off, (const char *)msg);
	}
	/*
	 * Every passage of every import runs through these patterns: the JIT
	 * makes them several times faster, and pcre2_match uses it by itself.
	 * Where the JIT is not available the interpreter does the same work.
	 * GOVREC_NO_JIT (set by tests/valgrind.sh) keeps to the interpreter:
	 * JIT code reads past the end of the subject in aligned blocks, which
	 * memcheck cannot tell from a bug, nor be told to ignore alone.
	 */
	if (!getenv("GOVREC_NO_JIT"))
		(void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	return GOVREC_OK;
}

enum govrec_status govrec_extractor_new(const char *const *ids, const char *const *names, size_t n,
					struct govrec_extractor **out, struct govrec_error *err)
{
	struct govrec_extractor *x = calloc(1, sizeof(*x));
	struct govrec_buf alt = GOVREC_BUF_INIT;
	enum govrec_status rc;
	size_t i;

	*out = NULL;
	if (!x)
		return govrec_error_oom(err);
	for (i = 0; i < PAT_COUNT; i++)
		if ((rc = compile(patterns[i], 0, &x->re[i], err)) != GOVREC_OK)
			goto fail;
	if (n) {
		x->ids = calloc(n, sizeof(*x->ids));
		x->lnames = calloc(n, sizeof(*x->lnames));
		if (!x->ids || !x->lnames)
			goto oom;
		x->nmetrics = n;
		govrec_buf_adds(&alt, "\\b(?:");
		for (i = 0; i < n; i++) {
			const char *p;

			x->ids[i] = strdup(ids[i]);
			x->lnames[i] = strdup(names[i]);
			if (!x->ids[i] || !x->lnames[i])
				goto oom;
			/* \Q...\E quotes the name; a name holding \E is split around it */
			govrec_buf_adds(&alt, i ? "|\\Q" : "\\Q");
			for (p = names[i]; *p; p++) {
				if (p[0] == '\\' && p[1] == 'E') {
					govrec_buf_adds(&alt, "\\E\\\\\\QE");
					p++;
					continue;
				}
				govrec_buf_addch(&alt, *p);
			}
			govrec_buf_adds(&alt, "\\E");
		}
		govrec_buf_adds(&alt, ")\\b");
		if ((rc = compile(alt.data, PCRE2_CASELESS, &x->names, err)) != GOVREC_OK)
			goto fail;
	}
	x->md = pcre2_match_data_create(10, NULL);
	x->mc = pcre2_match_context_create(NULL);
	if (!x->md || !x->mc)
		goto oom;
	pcre2_set_match_limit(x->mc, MATCH_LIMIT);
	govrec_buf_release(&alt);
	*out = x;
	return GOVREC_OK;
oom:
	rc = govrec_error_oom(err);
fail:
	govrec_buf_release(&alt);
	govrec_extractor_free(x);
	return rc;
}

void govrec_findings_release(struct govrec_findings *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		free(f->items[i].ref);
		free(f->items[i].owner);
		free(f->items[i].due);
		free(f->items[i].text);
	}
	free(f->items);
	memset(f, 0, sizeof(*f));
}

size_t govrec_findings_count(const struct govrec_findings *f, enum govrec_found_kind kind)
{
	size_t i, n = 0;

	for (i = 0; i < f->n; i++)
		n += f->items[i].kind == kind;
	return n;
}

static char *dup_n(const char *s, size_t n)
{
	char *c = malloc(n + 1);

	if (c) {
		memcpy(c, s, n);
		c[n] = '\0';
	}
	return c;
}

static struct govrec_found *add(struct govrec_findings *f, enum govrec_found_kind kind,
				size_t passage)
{
	struct govrec_found *it;

	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 16;
		struct govrec_found *n = realloc(f->items, cap * sizeof(*n));

		if (!n)
			return NULL;
		f->items = n;
		f->cap = cap;
	}
	it = &f->items[f->n++];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	it->passage = passage;
	return it;
}

/* 1 when a finding of kind with ref is already recorded for passage. */
static int seen(const struct govrec_findings *f, enum govrec_found_kind kind, size_t passage,
		const char *ref, size_t n)
{
	size_t i;

	for (i = f->n; i > 0; i--) {
		const struct govrec_found *it = &f->items[i - 1];

		if (it->passage != passage)
			break;
		if (it->kind == kind && strlen(it->ref) == n && memcmp(it->ref, ref, n) == 0)
			return 1;
	}
	return 0;
}

/* Matches re at offset; 1 with the match in x->md, 0 none, -1 error. */
static int match(struct govrec_extractor *x, pcre2_code *re, const char *s, size_t n, size_t off,
		 uint32_t opts)
{
	int rc = pcre2_match(re, (PCRE2_SPTR)s, n, off, opts, x->md, x->mc);

	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	return rc < 0 ? -1 : 1;
}

/* The length of the first sentence of s (at least 20 bytes of it), without trailing space. */
static size_t sentence(const char *s, size_t n)
{
	size_t i;

	for (i = 20; i + 2 < n; i++)
		if ((s[i] == '.' || s[i] == '?' || s[i] == '!') && s[i + 1] == ' ' &&
		    s[i + 2] >= 'A' && s[i + 2] <= 'Z') {
			n = i + 1;
			break;
		}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return n;
}

/* Fills owner and due of an action from its text. */
static int action_details(struct govrec_extractor *x, struct govrec_found *it)
{
	const char *t = it->text;
	size_t n = strlen(t);
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(x->md);

	if (match(x, x->re[PAT_OWNER_TAG], t, n, 0, 0) == 1 ||
	    match(x, x->re[PAT_OWNER], t, n, 0, 0) == 1) {
		size_t a = ov[2], b = ov[3];

		while (b > a && t[b - 1] == ' ')
			b--;
		if (b > a && !(it->owner = dup_n(t + a, b - a)))
			return -1;
	}
	if (match(x, x->re[PAT_DUE], t, n, 0, 0) == 1) {
		char date[11];

		if (find_date(t + ov[2], ov[3] - ov[2], date) == 0 && !(it->due = strdup(date)))
			return -1;
	}
	return 0;
}

static enum govrec_status scan(struct govrec_extractor *x, enum pat p, const char *s, size_t n,
			       uint32_t opts, size_t passage, struct govrec_findings *f,
			       struct govrec_error *err)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(x->md);
	pcre2_code *re = (int)p == PAT_COUNT ? x->names : x->re[p];
	size_t off = 0;
	int r = 0;

	while (off <= n && (r = match(x, re, s, n, off, opts)) == 1) {
		struct govrec_found *it = NULL;
		size_t a = ov[0], b = ov[1], len;
		char ref[32];

		switch ((int)p) {
		case PAT_ACTION_ID: {
			long item = strtol(s + ov[2], NULL, 10), meeting = strtol(s + ov[4], NULL, 10);
			long year = strtol(s + ov[6], NULL, 10);

			snprintf(ref, sizeof(ref), "%02ld %02ld %04ld", item, meeting, year);
			if (!(it = add(f, GOVREC_FOUND_ACTION, passage)) || !(it->ref = strdup(ref)))
				goto oom;
			/* the next item may follow in the same line: go on after this sentence */
			len = sentence(s + ov[8], ov[9] - ov[8]);
			b = ov[8] + len;
			if (!(it->text = dup_n(s + ov[8], len)) || action_details(x, it))
				goto oom;
			break;
		}
		case PAT_ACTION:
		case PAT_DECISION:
			len = sentence(s + ov[2], ov[3] - ov[2]);
			b = ov[2] + len;
			if (!(it = add(f, p == PAT_ACTION ? GOVREC_FOUND_ACTION : GOVREC_FOUND_DECISION,
				       passage)) ||
			    !(it->text = dup_n(s + ov[2], len)))
				goto oom;
			if (p == PAT_ACTION && action_details(x, it))
				goto oom;
			break;
		case PAT_PROPOSAL:
			if (seen(f, GOVREC_FOUND_PROPOSAL, passage, s + a, b - a))
				break;
			if (!(it = add(f, GOVREC_FOUND_PROPOSAL, passage)) ||
			    !(it->ref = dup_n(s + a, b - a)))
				goto oom;
			break;
		case PAT_METRIC_ID:
			if (seen(f, GOVREC_FOUND_METRIC, passage, s + a, b - a))
				break;
			if (!(it = add(f, GOVREC_FOUND_METRIC, passage)) ||
			    !(it->ref = dup_n(s + a, b - a)))
				goto oom;
			break;
		default: { /* a metric's name: its id from the catalog */
			size_t i;

			for (i = 0; i < x->nmetrics; i++)
				if (strlen(x->lnames[i]) == b - a &&
				    strncasecmp(x->lnames[i], s + a, b - a) == 0)
					break;
			if (i == x->nmetrics ||
			    seen(f, GOVREC_FOUND_METRIC, passage, x->ids[i], strlen(x->ids[i])))
				break;
			if (!(it = add(f, GOVREC_FOUND_METRIC, passage)) ||
			    !(it->ref = strdup(x->ids[i])))
				goto oom;
			break;
		}
		}
		off = b > a ? b : b + 1;
		while (off < n && ((unsigned char)s[off] & 0xc0) == 0x80)
			off++; /* a start offset must begin a character */
	}
	if (off <= n && r < 0)
		return govrec_error_set(err, GOVREC_INVALID,
					"passage %zu is too complex to search for action items",
					passage + 1);
	return GOVREC_OK;
oom:
	return govrec_error_oom(err);
}

enum govrec_status govrec_extract(struct govrec_extractor *x,
				  const struct govrec_document_draft *d, struct govrec_findings *f,
				  struct govrec_error *err)
{
	static const enum pat order[] = { PAT_ACTION_ID, PAT_ACTION, PAT_DECISION, PAT_PROPOSAL,
					  PAT_METRIC_ID };
	enum govrec_status rc = GOVREC_OK;
	size_t i, k;

	for (i = 0; i < d->npassages && rc == GOVREC_OK; i++) {
		const char *s = d->passages[i].body;
		size_t n = strlen(s);
		/*
		 * PCRE2 checks the subject's UTF-8 at every match, and the
		 * patterns run several times over each passage: check once.
		 * The readers have checked it already; a passage that is not
		 * UTF-8 after all keeps PCRE2's own check (and its error).
		 */
		uint32_t opts = govrec_utf8_check(s, n, NULL) == GOVREC_OK ? PCRE2_NO_UTF_CHECK : 0;

		for (k = 0; k < sizeof(order) / sizeof(order[0]) && rc == GOVREC_OK; k++)
			if (may_match(order[k], s, n))
				rc = scan(x, order[k], s, n, opts, i, f, err);
		if (rc == GOVREC_OK && x->names)
			rc = scan(x, (enum pat)PAT_COUNT, s, n, opts, i, f, err);
	}
	return rc;
}
