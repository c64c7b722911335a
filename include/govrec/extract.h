/*
 * extract.h - finding action items, decisions, proposal references and
 * metric mentions in a document draft.
 *
 * The extractor runs on drafts (bytes already turned into passages), so it
 * never touches the archive; records/action.c stores what it finds.  Its
 * PCRE2 patterns are compiled once, by govrec_extractor_new(), and reused
 * for every passage of every file of an import run.
 *
 * What it finds, passage by passage:
 *   action     "Action item 01 34 2019: Bart to circulate the findings by
 *              2019-10-22" (the CSC id: item 01 of meeting 34, 2019),
 *              "ACTION: ...", "Action: ...", "AI: ..."; the owner is the
 *              name before " to " at the start of the text or after
 *              "Owner:", the due date follows "by" or "due"
 *   decision   "DECISION: ...", "RESOLVED: ...", "AGREED: ..." (also
 *              capitalised as "Decision:")
 *   proposal   a reference SLA-YYYY-NN
 *   metric     a catalog id (cat1.technical-checks.initial) or, when the
 *              extractor was given the catalog, a metric's name
 */
#ifndef GOVREC_EXTRACT_H
#define GOVREC_EXTRACT_H

#include <stddef.h>

#include "govrec/draft.h"
#include "govrec/error.h"

enum govrec_found_kind {
	GOVREC_FOUND_ACTION,
	GOVREC_FOUND_DECISION,
	GOVREC_FOUND_PROPOSAL,
	GOVREC_FOUND_METRIC
};

struct govrec_found {
	enum govrec_found_kind kind;
	size_t passage; /* index into the draft's passages */
	char *ref;      /* action: "01 34 2019" or NULL; proposal: "SLA-2019-01"; metric: its id */
	char *owner;    /* action: the owner as written, or NULL */
	char *due;      /* action: YYYY-MM-DD or NULL */
	char *text;     /* action and decision: the text; NULL otherwise */
};

struct govrec_findings {
	struct govrec_found *items; /* in passage order */
	size_t n, cap;
};

struct govrec_extractor;

/*
 * Compiles the patterns.  ids and names (n of each, may be 0) are the metric
 * catalog, for finding metrics by name; they are copied.  *out is freed with
 * govrec_extractor_free().
 */
enum govrec_status govrec_extractor_new(const char *const *ids, const char *const *names, size_t n,
					struct govrec_extractor **out, struct govrec_error *err);
void govrec_extractor_free(struct govrec_extractor *x);

/* Appends what d's passages hold to f (each metric and proposal once per passage). */
enum govrec_status govrec_extract(struct govrec_extractor *x,
				  const struct govrec_document_draft *d, struct govrec_findings *f,
				  struct govrec_error *err);

void govrec_findings_release(struct govrec_findings *f);

/* Counts the findings of one kind. */
size_t govrec_findings_count(const struct govrec_findings *f, enum govrec_found_kind kind);

#endif
