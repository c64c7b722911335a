/*
 * proposal.h - SLE/SLA change proposals and their workflow.
 *
 * A proposal (SLA-2019-01) is recommended by the CSC or PTI, classified as
 * change type 1 (new SLA), 2 (definition and threshold), 3 (threshold or
 * target only) or 4 (removal), and changes metrics of the catalog (metric.h)
 * from their current values to proposed ones.  It moves through the states of
 * the SLA amendment process (DESIGN.md section 3); the allowed moves and their
 * guards are one table of data, govrec_transitions (records/workflow.c), over
 * the names of one other, govrec_states, and govrec_workflow_check() is the
 * only judge of a move.  Every accepted move is an event with its own date,
 * actor and note.  Going live writes the new metric versions, in force from
 * the live event's date (govrec_metric_apply_proposal(), metric.h).
 *
 * The proposal's title and rationale are kept as a document of kind
 * "proposal" whose passages the search index holds.
 */
#ifndef GOVREC_PROPOSAL_H
#define GOVREC_PROPOSAL_H

#include <stddef.h>
#include <stdint.h>

#include "govrec/error.h"
#include "govrec/metric.h"
#include "govrec/store.h"

/* ---- the workflow (records/workflow.c) ---- */

/*
 * Every name a proposal's event can carry, in process order: the states a
 * proposal can be in, and the events recorded without changing its state
 * (the councils' approvals, while in council-approval).  This one table is
 * where the names, their validity, and whether a name is a state, open,
 * editable or event-only all come from; the moves below use its names.
 */
#define GOVREC_STATE_OPEN     1u /* not finished: it can still move, be withdrawn or rejected */
#define GOVREC_STATE_EDITABLE 2u /* its metric changes may still be edited */
#define GOVREC_EVENT_ONLY     4u /* an event, not a state: recorded, the state stays */

struct govrec_state {
	const char *name;
	unsigned flags;
};

extern const struct govrec_state govrec_states[]; /* ends with a NULL name */

int govrec_state_valid(const char *name);    /* a state a proposal can be in */
int govrec_state_open(const char *name);     /* not live, withdrawn or rejected */
int govrec_state_editable(const char *name); /* metric changes may still be edited */
int govrec_event_valid(const char *name);    /* a state or an event-only name */
int govrec_event_only(const char *name);     /* recorded without changing the state */

/* GOVREC_OK for a name of the table; GOVREC_INVALID "'x' is not a proposal state" otherwise. */
enum govrec_status govrec_event_check(const char *name, struct govrec_error *err);

/* What a guard needs to know about a proposal (govrec_proposal_facts() gathers it). */
struct govrec_workflow_facts {
	const char *state;      /* the current state */
	int change_type;        /* 1-4 */
	int ccnso_approved;     /* recorded while in council-approval */
	int gnso_approved;
	int changes;            /* metric changes recorded */
};

/*
 * One row of the state table: `from` ("*": any open state) may go to `to`
 * when guard (NULL: none) returns NULL; otherwise the guard returns why not,
 * and `rule` names the rule in the refusal.  A row whose `to` is event-only
 * (govrec_event_only()) records the event and leaves the state as it is.
 */
struct govrec_transition {
	const char *from;
	const char *to;
	const char *rule;
	const char *(*guard)(const struct govrec_workflow_facts *f);
};

extern const struct govrec_transition govrec_transitions[]; /* ends with a NULL from */

/*
 * Judges a move of a proposal with facts f to `to`.  GOVREC_OK with *row set
 * to the table row that allows it; GOVREC_REFUSED with a message naming the
 * rule ("rule 'public-comment-required': ...") otherwise; GOVREC_INVALID for
 * a `to` that is no state or event.
 */
enum govrec_status govrec_workflow_check(const struct govrec_workflow_facts *f, const char *to,
					 const struct govrec_transition **row,
					 struct govrec_error *err);

/* ---- proposals (records/proposal.c) ---- */

struct govrec_proposal_new {
	const char *ref;        /* SLA-2019-01 */
	const char *title;
	const char *originator; /* CSC or PTI */
	int change_type;        /* 1-4 */
	const char *date;       /* YYYY-MM-DD; NULL: today */
	const char *rationale;  /* path of the rationale text, "-" for stdin, or NULL */
};

/*
 * Records a new proposal in state draft with its first event, and archives
 * its title and rationale as a searchable document.  GOVREC_INVALID for a bad
 * field or a reference already used.
 */
enum govrec_status govrec_proposal_new(struct govrec_store *st, const struct govrec_proposal_new *n,
				       struct govrec_error *err);

struct govrec_change_spec {
	const char *ref;
	const char *metric;
	const char *action;      /* change, new, remove */
	int has_threshold;
	int64_t threshold;
	const char *unit;        /* seconds, minutes, hours, days */
	int has_target;
	double target_percent;
	const char *type;        /* Max or Min, NULL: unchanged (new: Max) */
	/* action new: the new metric's definition (category, phase, name needed);
	 * action change: a new name or description (a change of definition) */
	const char *category, *phase, *name, *description;
};

/*
 * Records (or replaces) the proposal's change to one metric, with the
 * metric's current values taken from the version in force on the proposal's
 * date.  The change must fit the proposal's type (new metrics for type 1,
 * removals for type 4) and the proposal must still be editable; otherwise
 * GOVREC_REFUSED.  GOVREC_NOTFOUND for an unknown proposal or metric.
 */
enum govrec_status govrec_proposal_change(struct govrec_store *st,
					  const struct govrec_change_spec *c,
					  struct govrec_error *err);

struct govrec_advance {
	const char *ref;
	const char *to;        /* a state, or ccnso-approved / gnso-approved */
	const char *date;      /* when it happened */
	const char *actor;     /* may be NULL */
	const char *note;      /* may be NULL */
	int64_t meeting;       /* meeting number, 0 for none */
};

/*
 * Moves a proposal (or records a council's approval), in one transaction,
 * after govrec_workflow_check() and the date rule (no event before the
 * previous one).  Going live writes the metric versions from a->date
 * (govrec_metric_apply_proposal(), metric.h).
 * GOVREC_REFUSED names the rule that refused it; nothing is written then.
 */
enum govrec_status govrec_proposal_advance(struct govrec_store *st, const struct govrec_advance *a,
					   struct govrec_error *err);

/*
 * Links a proposal to a meeting (number > 0) or a document (id > 0).
 * Linking twice is not an error.
 */
enum govrec_status govrec_proposal_link(struct govrec_store *st, const char *ref,
					int64_t meeting, int64_t document,
					struct govrec_error *err);

/* ---- reading proposals (records/proposal-read.c) ---- */

struct govrec_proposal_change_row {
	char *metric_id;
	char *action;          /* change, new, remove */
	int has_from, has_to;
	struct govrec_metric_values from, to;
	char *category, *phase, *name, *description; /* action new; name and description
							 also a change's new definition */
};

struct govrec_proposal_event {
	int64_t id;
	char *state;
	char date[11];
	char *actor, *note;    /* may be NULL */
	int64_t meeting;       /* number, 0 for none */
	int64_t document_id;   /* the note, archived as a searchable document; 0 for none */
};

struct govrec_proposal_document {
	int64_t id;
	char *kind;
	char *title;
	char *date;            /* may be NULL */
};

struct govrec_proposal {
	int64_t id;
	char *ref;
	char *title;
	char originator[4];
	int change_type;
	char date[11];
	char *state;
	int64_t document_id;   /* the title and rationale, 0 if none */
	struct govrec_proposal_change_row *changes; /* by metric id */
	size_t nchanges;
	struct govrec_proposal_event *events;       /* in order */
	size_t nevents;
	int64_t *meetings;                          /* linked meeting numbers, ascending */
	size_t nmeetings;
	struct govrec_proposal_document *documents; /* linked documents, by id */
	size_t ndocuments;
};

/* Loads proposal ref fully.  GOVREC_NOTFOUND "no proposal 'x'". */
enum govrec_status govrec_proposal_load(struct govrec_store *st, const char *ref,
					struct govrec_proposal *p, struct govrec_error *err);
void govrec_proposal_release(struct govrec_proposal *p);

/* A row of `proposal list`, borrowed for the callback's duration. */
struct govrec_proposal_row {
	const char *ref, *title, *originator, *date, *state;
	int change_type;
	int changes;
	const char *last_date; /* date of the latest event */
};

/* Calls fn for each proposal, in state (NULL: any) touching metric (NULL: any), by date, ref. */
enum govrec_status govrec_proposal_each(struct govrec_store *st, const char *state,
					const char *metric,
					int (*fn)(const struct govrec_proposal_row *, void *),
					void *ctx, struct govrec_error *err);

/* ---- a loaded proposal in the workflow (records/workflow.c) ---- */

/* The facts the guards judge, from the proposal as loaded (borrowed from p). */
void govrec_proposal_facts(const struct govrec_proposal *p, struct govrec_workflow_facts *f);

/* The proposal's latest event (by date, then order recorded), or NULL. */
const struct govrec_proposal_event *govrec_proposal_last_event(const struct govrec_proposal *p);

struct govrec_timeline_step {
	const char *state;     /* borrowed from the proposal */
	const char *from;      /* date entered */
	const char *to;        /* date left, NULL while still in it or for an end state */
	int64_t days;          /* to - from; -1 when to is NULL */
};

/* The days spent in one state over all its visits. */
struct govrec_timeline_total {
	const char *state;     /* a name of govrec_states (static) */
	int64_t days;
};

struct govrec_timeline {
	struct govrec_timeline_step *steps;
	size_t nsteps;
	struct govrec_timeline_total *totals; /* each state it has left, in process order */
	size_t ntotals;
	const char *recommended;  /* the first recommendation's date, or NULL */
	const char *live;         /* the live date, or NULL */
	int64_t total_days;       /* recommended -> live, -1 until both exist */
	const char *ccnso_approved, *gnso_approved; /* dates, or NULL */
};

/*
 * The days in each state, from the events of p (borrowed: keep p until
 * released).  Event-only names are not steps: the councils' approvals are
 * their dates.
 */
void govrec_proposal_timeline(const struct govrec_proposal *p, struct govrec_timeline *t);
void govrec_timeline_release(struct govrec_timeline *t);

#endif
