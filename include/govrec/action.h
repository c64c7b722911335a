/*
 * action.h - action items, decisions and the links import finds in text.
 *
 * Action items carry the CSC's id when the text gives one ("01 34 2019":
 * item 01 of meeting 34, in 2019), an owner (as written, and the person it
 * resolves to), a due date and a status (open or closed, with the meeting
 * that closed it).  Decisions belong to the meeting of the document they were
 * found in.  govrec_findings_store() turns an extractor's findings
 * (extract.h) into these records and into links: document mentions proposal,
 * proposal discussed-at meeting, passage mentions metric.  Nothing is stored
 * twice: an action id already known, or the same action or decision text for
 * the same meeting, is skipped, and links are unique.
 */
#ifndef GOVREC_ACTION_H
#define GOVREC_ACTION_H

#include <stddef.h>
#include <stdint.h>

#include "govrec/document.h"
#include "govrec/error.h"
#include "govrec/extract.h"
#include "govrec/store.h"

struct govrec_findings_counts {
	size_t actions, decisions, links;
};

/*
 * Stores f, found in draft d, archived as document (whose passages are d's,
 * in order).  Runs inside the caller's transaction (its own nested level).
 * c gets what was new.
 */
enum govrec_status govrec_findings_store(struct govrec_store *st, int64_t document,
					 const struct govrec_document_draft *d,
					 const struct govrec_findings *f,
					 struct govrec_findings_counts *c, struct govrec_error *err);

/* The metric catalog's ids and names (for the extractor); free with govrec_strv_free. */
enum govrec_status govrec_metric_catalog(struct govrec_store *st, char ***ids, char ***names,
					 size_t *n, struct govrec_error *err);
void govrec_strv_free(char **v, size_t n);

struct govrec_action {
	int64_t id;
	const char *ref;      /* "01 34 2019" or NULL */
	int64_t meeting;      /* number of the meeting where it was raised, 0 when none */
	const char *owner;    /* as written, or NULL */
	int64_t owner_id;     /* the person, 0 when not resolved */
	const char *owner_name; /* that person's name, or NULL */
	const char *due;      /* YYYY-MM-DD or NULL */
	const char *status;   /* open, closed */
	int64_t closed_meeting; /* number, 0 while open */
	int64_t document;     /* where it was found, 0 when entered by hand */
	const char *text;
};

/*
 * Calls fn for each action item (borrowed during the call), by meeting and
 * id; only open ones when open_only, only owner's when owner is not 0.
 */
enum govrec_status govrec_action_each(struct govrec_store *st, int open_only, int64_t owner,
				      int (*fn)(const struct govrec_action *, void *), void *ctx,
				      struct govrec_error *err);

/*
 * Finds an action item by row id ("7") or CSC id ("01 34 2019", also with
 * dashes or dots).  GOVREC_NOTFOUND "no action item 'x'".
 */
enum govrec_status govrec_action_find(struct govrec_store *st, const char *ref, int64_t *id,
				      struct govrec_error *err);

/*
 * Closes action item id at meeting number.  GOVREC_NOTFOUND for an unknown
 * meeting; GOVREC_REFUSED when it is already closed, or when the meeting is
 * earlier than the one that raised it.
 */
enum govrec_status govrec_action_close(struct govrec_store *st, int64_t id, int64_t meeting,
				       struct govrec_error *err);

struct govrec_decision {
	int64_t id;
	int64_t meeting; /* number, 0 when none */
	const char *date; /* or NULL */
	int64_t document;
	const char *text;
};

/* Calls fn for each decision (of meeting number, when not 0), by date and id. */
enum govrec_status govrec_decision_each(struct govrec_store *st, int64_t meeting,
					int (*fn)(const struct govrec_decision *, void *),
					void *ctx, struct govrec_error *err);

#endif
