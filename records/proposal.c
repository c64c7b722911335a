/*
 * proposal.c - SLE/SLA change proposals: recording them, their metric
 * changes, their moves through the workflow, and loading them (see
 * proposal.h).
 *
 * Every command is one transaction.  Whether a move is allowed is decided by
 * the state table in records/workflow.c; this file loads the proposal, asks
 * it with the facts of what was loaded, applies the date rule, and writes
 * the event.  Going live is where a proposal reaches the catalog:
 * govrec_metric_apply_proposal() (records/metric.c) writes each change of the
 * same loaded proposal as a metric version in force from the live date.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "govrec/buf.h"
#include "govrec/document.h"
#include "govrec/readers.h"
#include "govrec/draft.h"
#include "govrec/meeting.h"
#include "govrec/proposal.h"
#include "govrec/util.h"

/* A rationale is prose; 16 MiB is far beyond any real one. */
#define RATIONALE_MAX_BYTES (16u << 20)

static const char *const type_names[] = {
	"", "new SLA", "definition and threshold", "threshold or target only", "removal"
};

/*
 * Which changes fit which change type: new metrics only in type 1, removals
 * only in type 4, other changes in types 1-3 (type 1 proposals such as the
 * 2019 ccTLD one change existing SLAs too).
 */
static const struct {
	const char *action;
	unsigned types; /* bit n: allowed in type n */
} action_types[] = {
	{ "change", 1u << 1 | 1u << 2 | 1u << 3 },
	{ "new", 1u << 1 },
	{ "remove", 1u << 4 },
	{ NULL, 0 },
};

static int ref_valid(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 64 || !((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
				  (*s >= '0' && *s <= '9')))
		return 0;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= '0' && *s <= '9') || *s == '-' || *s == '.' || *s == '_'))
			return 0;
	return 1;
}

/* The few fields of a proposal that rules need. */
struct head {
	int64_t id;
	char state[32];
	int change_type;
	char date[11];
};

static enum govrec_status head_load(struct govrec_store *st, const char *ref, struct head *h,
				    struct govrec_error *err)
{
	sqlite3_stmt *s = govrec_sql(st,
				     "SELECT id, state, change_type, date FROM proposal WHERE ref = ?1",
				     err);
	int step;

	if (!s || govrec_sql_bind(st, s, err, "t", ref) != GOVREC_OK)
		return GOVREC_ERROR;
	step = govrec_sql_step(st, s, err);
	if (step == 1) {
		h->id = sqlite3_column_int64(s, 0);
		snprintf(h->state, sizeof(h->state), "%s", govrec_col_text(s, 1));
		h->change_type = sqlite3_column_int(s, 2);
		snprintf(h->date, sizeof(h->date), "%s", govrec_col_text(s, 3));
	}
	sqlite3_reset(s);
	if (step < 0)
		return GOVREC_ERROR;
	return step ? GOVREC_OK
		    : govrec_error_set(err, GOVREC_NOTFOUND, "no proposal '%.64s'", ref);
}

/*
 * The proposal's searchable text: a paragraph with the reference and title
 * saying what it is, then the rationale as given.  The reference in the
 * bytes keeps each proposal's document distinct (documents are one per
 * SHA-256).
 */
static void compose_text(struct govrec_buf *b, const struct govrec_proposal_new *n,
			 const char *originator, const char *date, const struct govrec_buf *rationale)
{
	govrec_buf_addf(b, "SLA change proposal %s (type %d, %s), recommended by %s on %s: %s\n",
			n->ref, n->change_type, type_names[n->change_type], originator, date,
			n->title);
	if (rationale->len) {
		govrec_buf_adds(b, "\n");
		govrec_buf_add(b, rationale->data, rationale->len);
		if (rationale->data[rationale->len - 1] != '\n')
			govrec_buf_addch(b, '\n');
	}
}

enum govrec_status govrec_proposal_new(struct govrec_store *st, const struct govrec_proposal_new *n,
				       struct govrec_error *err)
{
	struct govrec_buf rationale = GOVREC_BUF_INIT, text = GOVREC_BUF_INIT, title = GOVREC_BUF_INIT;
	struct govrec_document_draft d;
	const char *originator;
	char date[11], name[80];
	int64_t doc = 0, one;
	int existed;
	enum govrec_status rc;

	govrec_draft_init(&d);
	if (!n->ref || !ref_valid(n->ref))
		return govrec_error_set(err, GOVREC_INVALID,
					"reference '%.64s' is not a proposal reference (letters, "
					"digits, '-', '.', '_', as in SLA-2019-01)",
					n->ref ? n->ref : "");
	if (!n->title || !n->title[0])
		return govrec_error_set(err, GOVREC_INVALID, "a proposal needs a title");
	if (strchr(n->title, '\n') || strchr(n->title, '\r'))
		return govrec_error_set(err, GOVREC_INVALID, "the title must be one line");
	if (n->originator && strcasecmp(n->originator, "CSC") == 0)
		originator = "CSC";
	else if (n->originator && strcasecmp(n->originator, "PTI") == 0)
		originator = "PTI";
	else
		return govrec_error_set(err, GOVREC_INVALID, "originator '%.20s' is not CSC or PTI",
					n->originator ? n->originator : "");
	if (n->change_type < 1 || n->change_type > 4)
		return govrec_error_set(err, GOVREC_INVALID,
					"change type %d is not 1 (new SLA), 2 (definition and "
					"threshold), 3 (threshold or target only) or 4 (removal)",
					n->change_type);
	if (n->date && (rc = govrec_date_check(n->date, "date", err)) != GOVREC_OK)
		return rc;
	if (n->date)
		snprintf(date, sizeof(date), "%s", n->date);
	else
		govrec_date_today(date);
	if (n->rationale) {
		rc = govrec_buf_read_file(&rationale, n->rationale, RATIONALE_MAX_BYTES, err);
		if (rc == GOVREC_OK)
			rc = govrec_utf8_check(rationale.data, rationale.len, err);
		if (rc == GOVREC_OK && memchr(rationale.data, '\0', rationale.len))
			rc = govrec_error_set(err, GOVREC_INVALID, "has a NUL byte");
		if (rc != GOVREC_OK) {
			govrec_error_prefix(err, "rationale '%s'",
					    strcmp(n->rationale, "-") == 0 ? "standard input"
									  : n->rationale);
			goto out;
		}
	}
	compose_text(&text, n, originator, date, &rationale);
	snprintf(name, sizeof(name), "%s.md", n->ref);
	rc = govrec_read_text(text.data, text.len, name, &d, err);
	if (rc != GOVREC_OK) {
		govrec_error_prefix(err, "rationale");
		goto out;
	}
	govrec_buf_addf(&title, "%s: %s", n->ref, n->title);
	govrec_draft_set(&d.kind, "proposal");
	govrec_draft_set(&d.title, title.data);
	govrec_draft_set(&d.date, date);
	govrec_draft_set(&d.file_name, n->rationale && strcmp(n->rationale, "-") != 0
					       ? govrec_base_name(n->rationale)
					       : NULL);
	d.importer = "proposal";
	d.importer_version = GOVREC_READER_VERSION;
	d.bytes = text.data;
	d.size = text.len;

	rc = govrec_store_begin(st, "proposal.new", err);
	if (rc != GOVREC_OK)
		goto out;
	rc = govrec_sql_int(st, err, &one, "SELECT 1 FROM proposal WHERE ref = ?1", "t", n->ref);
	if (rc == GOVREC_OK) {
		rc = govrec_error_set(err, GOVREC_INVALID, "proposal '%s' already exists", n->ref);
		goto fail;
	}
	if (rc != GOVREC_NOTFOUND)
		goto fail;
	rc = govrec_document_store(st, &d, &doc, &existed, err);
	if (rc == GOVREC_OK)
		rc = govrec_sql_exec(st, err,
				     "INSERT INTO proposal(ref, title, originator, change_type, date, "
				     "state, document_id) VALUES (?1, ?2, ?3, ?4, ?5, 'draft', ?6)",
				     "tttiti", n->ref, n->title, originator, (int64_t)n->change_type,
				     date, doc);
	if (rc == GOVREC_OK)
		rc = govrec_sql_exec(st, err,
				     "INSERT INTO proposal_event(proposal_id, state, date, actor, note) "
				     "VALUES (last_insert_rowid(), 'draft', ?1, ?2, 'recorded')",
				     "tt", date, originator);
	if (rc != GOVREC_OK)
		goto fail;
	rc = govrec_store_commit(st, err);
	goto out;
fail:
	govrec_store_rollback(st);
out:
	govrec_draft_release(&d);
	govrec_buf_release(&title);
	govrec_buf_release(&text);
	govrec_buf_release(&rationale);
	return rc;
}

static unsigned action_mask(const char *action)
{
	size_t i;

	for (i = 0; action_types[i].action; i++)
		if (strcmp(action_types[i].action, action) == 0)
			return action_types[i].types;
	return 0;
}

/* Checks the parts of a change that need no archive. */
static enum govrec_status change_check(const struct govrec_change_spec *c, struct govrec_error *err)
{
	if (!c->action || !action_mask(c->action))
		return govrec_error_set(err, GOVREC_INVALID, "internal: unknown change action");
	if (!c->metric || !govrec_metric_id_valid(c->metric))
		return govrec_error_set(err, GOVREC_INVALID,
					"'%.100s' is not a metric id (lower-case letters, digits, "
					"'.', '-', '_')",
					c->metric ? c->metric : "");
	if (c->has_threshold && !govrec_unit_seconds(c->unit))
		return govrec_error_set(err, GOVREC_INVALID, "internal: threshold without a unit");
	if (c->has_target && !(c->target_percent >= 0 && c->target_percent <= 100))
		return govrec_error_set(err, GOVREC_INVALID,
					"target %g is not a percentage (0-100)", c->target_percent);
	if (c->type && strcmp(c->type, "Max") != 0 && strcmp(c->type, "Min") != 0)
		return govrec_error_set(err, GOVREC_INVALID, "type '%.10s' is not Max or Min",
					c->type);
	if (strcmp(c->action, "remove") == 0 && (c->has_threshold || c->has_target || c->type))
		return govrec_error_set(err, GOVREC_INVALID,
					"a removal takes no threshold, target or type");
	if (strcmp(c->action, "new") == 0) {
		if (!c->category || !*c->category || !c->phase || !*c->phase || !c->name ||
		    !*c->name)
			return govrec_error_set(err, GOVREC_INVALID,
						"a new metric needs its category, phase and name");
		if (!c->has_threshold || !c->has_target)
			return govrec_error_set(err, GOVREC_INVALID,
						"a new metric needs a threshold and a target");
	} else if (c->category || c->phase) {
		return govrec_error_set(err, GOVREC_INVALID,
					"category and phase are for new metrics");
	} else if (strcmp(c->action, "remove") == 0 && (c->name || c->description)) {
		return govrec_error_set(err, GOVREC_INVALID,
					"a removal takes no name or description");
	}
	if (strcmp(c->action, "change") == 0 && !c->has_threshold && !c->has_target && !c->type &&
	    !c->name && !c->description)
		return govrec_error_set(err, GOVREC_INVALID,
					"a change needs a new threshold, target, type, name or "
					"description");
	return GOVREC_OK;
}

enum govrec_status govrec_proposal_change(struct govrec_store *st,
					  const struct govrec_change_spec *c,
					  struct govrec_error *err)
{
	struct govrec_metric_values from, to;
	struct head h;
	int has_from = 0, removal;
	enum govrec_status rc;

	if ((rc = change_check(c, err)) != GOVREC_OK)
		return rc;
	removal = strcmp(c->action, "remove") == 0;
	rc = govrec_store_begin(st, "proposal.change", err);
	if (rc != GOVREC_OK)
		return rc;
	if ((rc = head_load(st, c->ref, &h, err)) != GOVREC_OK)
		goto fail;
	if (!govrec_state_editable(h.state)) {
		rc = govrec_error_set(err, GOVREC_REFUSED,
				      "'%s' is %s: rule 'changes-frozen': metric changes can only be "
				      "edited before the CSC and PTI agree",
				      c->ref, h.state);
		goto fail;
	}
	if (!(action_mask(c->action) & (1u << h.change_type))) {
		rc = govrec_error_set(err, GOVREC_REFUSED,
				      "'%s' is a type %d change (%s): rule 'change-fits-type': %s",
				      c->ref, h.change_type, type_names[h.change_type],
				      strcmp(c->action, "new") == 0 ? "only type 1 adds new metrics"
				      : removal ? "only type 4 removes metrics"
						: "type 4 only removes metrics");
		goto fail;
	}
	if (strcmp(c->action, "new") == 0) {
		if (govrec_metric_exists(st, c->metric)) {
			rc = govrec_error_set(err, GOVREC_INVALID,
					      "metric '%s' is already in the catalog", c->metric);
			goto fail;
		}
	} else {
		if (!govrec_metric_exists(st, c->metric)) {
			rc = govrec_error_set(err, GOVREC_NOTFOUND, "no metric '%s'", c->metric);
			goto fail;
		}
		rc = govrec_metric_values_at(st, c->metric, h.date, &from, err);
		if (rc != GOVREC_OK && rc != GOVREC_NOTFOUND)
			goto fail;
		has_from = rc == GOVREC_OK && !from.removed;
		if (rc == GOVREC_OK && from.removed) {
			rc = govrec_error_set(err, GOVREC_REFUSED,
					      "metric '%s' is removed on %s (the proposal's date)",
					      c->metric, h.date);
			goto fail;
		}
		if (removal && !has_from) {
			rc = govrec_error_set(err, GOVREC_REFUSED,
					      "metric '%s' is not in force on %s (the proposal's "
					      "date): there is nothing to remove",
					      c->metric, h.date);
			goto fail;
		}
	}
	memset(&to, 0, sizeof(to));
	if (!removal) {
		if (has_from)
			to = from;
		else if (!c->has_threshold || !c->has_target) {
			rc = govrec_error_set(err, GOVREC_INVALID,
					      "metric '%s' has no version in force on %s (the "
					      "proposal's date): give both --threshold and --target",
					      c->metric, h.date);
			goto fail;
		}
		if (!has_from)
			snprintf(to.type, sizeof(to.type), "Max");
		if (c->has_threshold) {
			to.threshold = c->threshold;
			snprintf(to.unit, sizeof(to.unit), "%s", c->unit);
			to.threshold_seconds = c->threshold * govrec_unit_seconds(c->unit);
		}
		if (c->has_target)
			to.target_percent = c->target_percent;
		if (c->type)
			snprintf(to.type, sizeof(to.type), "%s", c->type);
		snprintf(to.period, sizeof(to.period), "%s", has_from ? from.period : "month");
		if (h.change_type == 3 && (c->name || c->description)) {
			rc = govrec_error_set(err, GOVREC_REFUSED,
					      "'%s' is a type 3 change (threshold or target only): "
					      "rule 'change-fits-type': a new name or description is a "
					      "change of definition (type 2)",
					      c->ref);
			goto fail;
		}
		if (has_from && h.change_type == 3 && strcmp(to.type, from.type) != 0) {
			rc = govrec_error_set(err, GOVREC_REFUSED,
					      "'%s' is a type 3 change (threshold or target only): "
					      "rule 'change-fits-type': Max or Min is part of the "
					      "definition (type 2)",
					      c->ref);
			goto fail;
		}
		if (has_from && govrec_metric_values_equal(&from, &to) &&
		    strcmp(from.unit, to.unit) == 0 && !c->name && !c->description) {
			rc = govrec_error_set(err, GOVREC_INVALID,
					      "the change leaves metric '%s' as it is on %s",
					      c->metric, h.date);
			goto fail;
		}
	}
	/*
	 * Recording a change again replaces it.  No upsert: the store's audit
	 * triggers insert with OR IGNORE, which an outer ON CONFLICT overrides.
	 */
	rc = govrec_sql_exec(st, err,
			     "DELETE FROM proposal_change WHERE proposal_id = ?1 AND metric_id = ?2",
			     "it", h.id, c->metric);
	/* Targets are reals, which the bind format cannot make NULL: a flag says. */
	if (rc == GOVREC_OK)
		rc = govrec_sql_exec(
			st, err,
			"INSERT INTO proposal_change(proposal_id, metric_id, action, from_threshold, "
			"from_unit, from_type, from_target, to_threshold, to_unit, to_type, to_target, "
			"category, phase, name, description) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
			"CASE WHEN ?14 THEN ?15 END, ?7, ?8, ?9, CASE WHEN ?16 THEN ?17 END, ?10, ?11, "
			"?12, ?13)",
			"ittmttmtttttt" "idid", h.id, c->metric, c->action,
			has_from ? from.threshold : -1, has_from ? from.unit : NULL,
			has_from ? from.type : NULL, removal ? -1 : to.threshold,
			removal ? NULL : to.unit, removal ? NULL : to.type, c->category, c->phase,
			c->name, c->description, (int64_t)has_from,
			has_from ? from.target_percent : 0.0, (int64_t)!removal,
			removal ? 0.0 : to.target_percent);
	if (rc != GOVREC_OK)
		goto fail;
	return govrec_store_commit(st, err);
fail:
	govrec_store_rollback(st);
	return rc;
}

static enum govrec_status link_add(struct govrec_store *st, const char *from_kind,
				   const char *from_id, const char *rel, const char *to_kind,
				   const char *to_id, struct govrec_error *err)
{
	return govrec_sql_exec(st, err,
			       "INSERT INTO link(from_kind, from_id, rel, to_kind, to_id) "
			       "SELECT ?1, ?2, ?3, ?4, ?5 WHERE NOT EXISTS (SELECT 1 FROM link "
			       "WHERE from_kind = ?1 AND from_id = ?2 AND rel = ?3 AND to_kind = ?4 "
			       "AND to_id = ?5)",
			       "ttttt", from_kind, from_id, rel, to_kind, to_id);
}

/*
 * An event's note becomes a small document of kind "proposal", so that notes
 * are searchable like the rationale.  Documents are never edited: each note
 * is its own, and the event points to it.  Its bytes name the proposal, the
 * event and the date, so equal notes of different events stay distinct.
 */
static enum govrec_status note_store(struct govrec_store *st, const struct govrec_advance *a,
				     int64_t *id, struct govrec_error *err)
{
	struct govrec_buf text = GOVREC_BUF_INIT, title = GOVREC_BUF_INIT;
	struct govrec_document_draft d;
	enum govrec_status rc;
	int existed;

	govrec_draft_init(&d);
	govrec_buf_addf(&text, "%s %s on %s%s%s: %s\n", a->ref, a->to, a->date,
			a->actor && *a->actor ? " by " : "", a->actor ? a->actor : "", a->note);
	govrec_buf_addf(&title, "%s: %s", a->ref, a->to);
	if (govrec_utf8_check(text.data, text.len, NULL) != GOVREC_OK ||
	    govrec_draft_add(&d, NULL, GOVREC_NO_TIME, GOVREC_NO_TIME, "event", text.data) != 0) {
		rc = govrec_error_set(err, GOVREC_INVALID, "the note is not UTF-8 text");
		goto out;
	}
	govrec_draft_set(&d.kind, "proposal");
	govrec_draft_set(&d.title, title.data);
	govrec_draft_set(&d.date, a->date);
	govrec_draft_set(&d.media_type, "text/plain");
	d.importer = "proposal";
	d.importer_version = GOVREC_READER_VERSION;
	d.bytes = text.data;
	d.size = text.len;
	rc = govrec_document_store(st, &d, id, &existed, err);
out:
	govrec_draft_release(&d);
	govrec_buf_release(&title);
	govrec_buf_release(&text);
	return rc;
}

/* The date rule: events happen in order, none before the latest one. */
static enum govrec_status dates_forward(const struct govrec_proposal *p,
					const struct govrec_advance *a, struct govrec_error *err)
{
	const struct govrec_proposal_event *last = govrec_proposal_last_event(p);

	if (!last || strcmp(a->date, last->date) >= 0)
		return GOVREC_OK;
	return govrec_error_set(err, GOVREC_REFUSED,
				"'%s': cannot go from %s to %s on %s: rule 'dates-forward': "
				"the previous event (%s) is dated %s",
				a->ref, p->state, a->to, a->date, last->state, last->date);
}

/* Writes the event of an allowed move, and what it brings with it. */
static enum govrec_status event_write(struct govrec_store *st, const struct govrec_proposal *p,
				      const struct govrec_advance *a, int64_t meeting_id,
				      struct govrec_error *err)
{
	char number[24];
	int64_t note_doc = 0;
	enum govrec_status rc = GOVREC_OK;

	if (a->note && *a->note && (rc = note_store(st, a, &note_doc, err)) != GOVREC_OK)
		return rc;
	rc = govrec_sql_exec(st, err,
			     "INSERT INTO proposal_event(proposal_id, state, date, actor, note, "
			     "meeting_id, document_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
			     "ittttII", p->id, a->to, a->date, a->actor && *a->actor ? a->actor : NULL,
			     a->note && *a->note ? a->note : NULL, meeting_id, note_doc);
	if (rc == GOVREC_OK && !govrec_event_only(a->to))
		rc = govrec_sql_exec(st, err, "UPDATE proposal SET state = ?2 WHERE id = ?1", "it",
				     p->id, a->to);
	if (rc == GOVREC_OK && a->meeting) {
		snprintf(number, sizeof(number), "%lld", (long long)a->meeting);
		rc = link_add(st, "proposal", a->ref, "discussed-at", "meeting", number, err);
	}
	/* Going live writes the catalog; advance does not change the changes loaded. */
	if (rc == GOVREC_OK && strcmp(a->to, "live") == 0) {
		rc = govrec_metric_apply_proposal(st, p, a->date, err);
		if (rc == GOVREC_REFUSED)
			govrec_error_prefix(err, "'%s': cannot go live on %s", a->ref, a->date);
	}
	return rc;
}

enum govrec_status govrec_proposal_advance(struct govrec_store *st, const struct govrec_advance *a,
					   struct govrec_error *err)
{
	const struct govrec_transition *row;
	struct govrec_workflow_facts f;
	struct govrec_proposal p;
	int64_t meeting_id = 0;
	enum govrec_status rc;

	if ((rc = govrec_event_check(a->to, err)) != GOVREC_OK)
		return rc;
	if ((rc = govrec_date_check(a->date, "date", err)) != GOVREC_OK)
		return rc;
	rc = govrec_store_begin(st, "proposal.advance", err);
	if (rc != GOVREC_OK)
		return rc;
	/* Loaded in the transaction: the facts, the date rule and going live read it. */
	if ((rc = govrec_proposal_load(st, a->ref, &p, err)) != GOVREC_OK) {
		govrec_store_rollback(st);
		return rc;
	}
	if (a->meeting)
		rc = govrec_meeting_id(st, a->meeting, &meeting_id, err);
	govrec_proposal_facts(&p, &f);
	if (rc == GOVREC_OK && (rc = govrec_workflow_check(&f, a->to, &row, err)) != GOVREC_OK)
		govrec_error_prefix(err, "'%s'", a->ref);
	if (rc == GOVREC_OK)
		rc = dates_forward(&p, a, err);
	if (rc == GOVREC_OK)
		rc = event_write(st, &p, a, meeting_id, err);
	govrec_proposal_release(&p);
	if (rc != GOVREC_OK) {
		govrec_store_rollback(st);
		return rc;
	}
	return govrec_store_commit(st, err);
}

enum govrec_status govrec_proposal_link(struct govrec_store *st, const char *ref,
					int64_t meeting, int64_t document,
					struct govrec_error *err)
{
	struct head h;
	char id[24];
	int64_t one;
	enum govrec_status rc;

	if ((meeting > 0) == (document > 0))
		return govrec_error_set(err, GOVREC_INVALID, "link to one meeting or one document");
	rc = govrec_store_begin(st, "proposal.link", err);
	if (rc != GOVREC_OK)
		return rc;
	rc = head_load(st, ref, &h, err);
	if (rc == GOVREC_OK && meeting > 0) {
		rc = govrec_meeting_id(st, meeting, &one, err);
		snprintf(id, sizeof(id), "%lld", (long long)meeting);
		if (rc == GOVREC_OK)
			rc = link_add(st, "proposal", ref, "discussed-at", "meeting", id, err);
	} else if (rc == GOVREC_OK) {
		rc = govrec_sql_int(st, err, &one, "SELECT 1 FROM document WHERE id = ?1", "i",
				    document);
		if (rc == GOVREC_NOTFOUND)
			rc = govrec_error_set(err, GOVREC_NOTFOUND, "no document %lld",
					      (long long)document);
		snprintf(id, sizeof(id), "%lld", (long long)document);
		if (rc == GOVREC_OK)
			rc = link_add(st, "document", id, "mentions", "proposal", ref, err);
	}
	if (rc != GOVREC_OK) {
		govrec_store_rollback(st);
		return rc;
	}
	return govrec_store_commit(st, err);
}

void govrec_proposal_release(struct govrec_proposal *p)
{
	size_t i;

	free(p->ref);
	free(p->title);
	free(p->state);
	for (i = 0; i < p->nchanges; i++) {
		free(p->changes[i].metric_id);
		free(p->changes[i].action);
		free(p->changes[i].category);
		free(p->changes[i].phase);
		free(p->changes[i].name);
		free(p->changes[i].description);
	}
	free(p->changes);
	for (i = 0; i < p->nevents; i++) {
		free(p->events[i].state);
		free(p->events[i].actor);
		free(p->events[i].note);
	}
	free(p->events);
	free(p->meetings);
	for (i = 0; i < p->ndocuments; i++) {
		free(p->documents[i].kind);
		free(p->documents[i].title);
		free(p->documents[i].date);
	}
	free(p->documents);
	memset(p, 0, sizeof(*p));
}

enum govrec_status govrec_proposal_load(struct govrec_store *st, const char *ref,
					struct govrec_proposal *p, struct govrec_error *err)
{
	sqlite3_stmt *s;
	int step;

	memset(p, 0, sizeof(*p));
	s = govrec_sql(st,
		       "SELECT id, ref, title, originator, change_type, date, state, document_id "
		       "FROM proposal WHERE ref = ?1",
		       err);
	if (!s || govrec_sql_bind(st, s, err, "t", ref) != GOVREC_OK)
		return GOVREC_ERROR;
	step = govrec_sql_step(st, s, err);
	if (step == 1) {
		p->id = sqlite3_column_int64(s, 0);
		p->ref = govrec_col_dup(s, 1);
		p->title = govrec_col_dup(s, 2);
		snprintf(p->originator, sizeof(p->originator), "%s", govrec_col_text(s, 3));
		p->change_type = sqlite3_column_int(s, 4);
		snprintf(p->date, sizeof(p->date), "%s", govrec_col_text(s, 5));
		p->state = govrec_col_dup(s, 6);
		p->document_id = sqlite3_column_int64(s, 7);
	}
	sqlite3_reset(s);
	if (step < 0)
		return GOVREC_ERROR;
	if (step == 0)
		return govrec_error_set(err, GOVREC_NOTFOUND, "no proposal '%.64s'", ref);

	s = govrec_sql(st,
		       "SELECT metric_id, action, from_threshold, from_unit, from_type, from_target, "
		       "to_threshold, to_unit, to_type, to_target, category, phase, name, "
		       "description FROM proposal_change WHERE proposal_id = ?1 ORDER BY metric_id",
		       err);
	if (!s || govrec_sql_bind(st, s, err, "i", p->id) != GOVREC_OK)
		goto fail;
	while ((step = govrec_sql_step(st, s, err)) == 1) {
		struct govrec_proposal_change_row *c;

		p->changes = govrec_grow(p->changes, p->nchanges, sizeof(*p->changes));
		c = &p->changes[p->nchanges++];
		memset(c, 0, sizeof(*c));
		c->metric_id = govrec_col_dup(s, 0);
		c->action = govrec_col_dup(s, 1);
		c->has_from = govrec_metric_values_read(s, 2, &c->from);
		c->has_to = govrec_metric_values_read(s, 6, &c->to);
		c->category = govrec_col_dup(s, 10);
		c->phase = govrec_col_dup(s, 11);
		c->name = govrec_col_dup(s, 12);
		c->description = govrec_col_dup(s, 13);
	}
	if (step < 0)
		goto fail;

	s = govrec_sql(st,
		       "SELECT e.id, e.state, e.date, e.actor, e.note, m.number, e.document_id "
		       "FROM proposal_event e "
		       "LEFT JOIN meeting m ON m.id = e.meeting_id WHERE e.proposal_id = ?1 "
		       "ORDER BY e.id",
		       err);
	if (!s || govrec_sql_bind(st, s, err, "i", p->id) != GOVREC_OK)
		goto fail;
	while ((step = govrec_sql_step(st, s, err)) == 1) {
		struct govrec_proposal_event *e;

		p->events = govrec_grow(p->events, p->nevents, sizeof(*p->events));
		e = &p->events[p->nevents++];
		e->id = sqlite3_column_int64(s, 0);
		e->state = govrec_col_dup(s, 1);
		snprintf(e->date, sizeof(e->date), "%s", govrec_col_text(s, 2));
		e->actor = govrec_col_dup(s, 3);
		e->note = govrec_col_dup(s, 4);
		e->meeting = sqlite3_column_int64(s, 5);
		e->document_id = sqlite3_column_int64(s, 6);
	}
	if (step < 0)
		goto fail;

	s = govrec_sql(st,
		       "SELECT CAST(to_id AS INTEGER) AS n FROM link WHERE from_kind = 'proposal' "
		       "AND from_id = ?1 AND rel = 'discussed-at' AND to_kind = 'meeting' ORDER BY n",
		       err);
	if (!s || govrec_sql_bind(st, s, err, "t", p->ref) != GOVREC_OK)
		goto fail;
	while ((step = govrec_sql_step(st, s, err)) == 1) {
		p->meetings = govrec_grow(p->meetings, p->nmeetings, sizeof(*p->meetings));
		p->meetings[p->nmeetings++] = sqlite3_column_int64(s, 0);
	}
	if (step < 0)
		goto fail;

	s = govrec_sql(st,
		       "SELECT d.id, d.kind, d.title, d.date FROM link l "
		       "JOIN document d ON d.id = CAST(l.from_id AS INTEGER) "
		       "WHERE l.from_kind = 'document' AND l.rel = 'mentions' "
		       "AND l.to_kind = 'proposal' AND l.to_id = ?1 ORDER BY d.id",
		       err);
	if (!s || govrec_sql_bind(st, s, err, "t", p->ref) != GOVREC_OK)
		goto fail;
	while ((step = govrec_sql_step(st, s, err)) == 1) {
		struct govrec_proposal_document *d;

		p->documents = govrec_grow(p->documents, p->ndocuments, sizeof(*p->documents));
		d = &p->documents[p->ndocuments++];
		d->id = sqlite3_column_int64(s, 0);
		d->kind = govrec_col_dup(s, 1);
		d->title = govrec_col_dup(s, 2);
		d->date = govrec_col_dup(s, 3);
	}
	if (step < 0)
		goto fail;
	return GOVREC_OK;
fail:
	govrec_proposal_release(p);
	return GOVREC_ERROR;
}

enum govrec_status govrec_proposal_each(struct govrec_store *st, const char *state,
					const char *metric,
					int (*fn)(const struct govrec_proposal_row *, void *),
					void *ctx, struct govrec_error *err)
{
	struct govrec_proposal_row r;
	sqlite3_stmt *s;
	int step;

	s = govrec_sql(st,
		       "SELECT p.ref, p.title, p.originator, p.date, p.state, p.change_type, "
		       "(SELECT count(*) FROM proposal_change c WHERE c.proposal_id = p.id), "
		       "(SELECT max(date) FROM proposal_event e WHERE e.proposal_id = p.id) "
		       "FROM proposal p WHERE (?1 IS NULL OR p.state = ?1) AND (?2 IS NULL OR "
		       "EXISTS (SELECT 1 FROM proposal_change c WHERE c.proposal_id = p.id AND "
		       "c.metric_id = ?2)) ORDER BY p.date, p.ref",
		       err);
	if (!s || govrec_sql_bind(st, s, err, "tt", state, metric) != GOVREC_OK)
		return GOVREC_ERROR;
	while ((step = govrec_sql_step(st, s, err)) == 1) {
		r.ref = govrec_col_text(s, 0);
		r.title = govrec_col_text(s, 1);
		r.originator = govrec_col_text(s, 2);
		r.date = govrec_col_text(s, 3);
		r.state = govrec_col_text(s, 4);
		r.change_type = sqlite3_column_int(s, 5);
		r.changes = sqlite3_column_int(s, 6);
		r.last_date = govrec_col_text(s, 7);
		if (fn(&r, ctx))
			break;
	}
	sqlite3_reset(s);
	return step < 0 ? GOVREC_ERROR : GOVREC_OK;
}
