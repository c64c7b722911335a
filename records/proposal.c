/*
 * proposal.c - SLE/SLA change proposals: recording them, their metric
 * changes, their links and their moves through the workflow (see
 * proposal.h; reading them is proposal-read.c).
 *
 * Every command is one transaction.  Whether a move is allowed is decided by
 * the state table in records/workflow.c; this file loads the proposal
 * (govrec_proposal_load()), asks the table with the facts of what it loaded,
 * applies the date rule, and writes the event.  Going live is where a proposal reaches the catalog:
 * govrec_metric_apply_proposal() (records/metric.c) writes each change of the
 * same loaded proposal as a metric version in force from the live date.
 */
#include <stdio.h>
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

/*
 * The proposal_change row of c: from and to are the metric's values before
 * and after, NULL for a side that is absent (a new metric has no before, a
 * removal no after), whose columns are then NULL.
 */
static enum govrec_status insert_change(struct govrec_store *st, int64_t proposal,
					const struct govrec_change_spec *c,
					const struct govrec_metric_values *from,
					const struct govrec_metric_values *to,
					struct govrec_error *err)
{
	const struct govrec_bind b[] = {
		GOVREC_BIND_INT(":proposal", proposal),
		GOVREC_BIND_TEXT(":metric", c->metric),
		GOVREC_BIND_TEXT(":action", c->action),
		GOVREC_BIND_OPT(":from_threshold", from ? from->threshold : -1),
		GOVREC_BIND_TEXT(":from_unit", from ? from->unit : NULL),
		GOVREC_BIND_TEXT(":from_type", from ? from->type : NULL),
		GOVREC_BIND_REAL_OR_NULL(":from_target", from ? &from->target_percent : NULL),
		GOVREC_BIND_OPT(":to_threshold", to ? to->threshold : -1),
		GOVREC_BIND_TEXT(":to_unit", to ? to->unit : NULL),
		GOVREC_BIND_TEXT(":to_type", to ? to->type : NULL),
		GOVREC_BIND_REAL_OR_NULL(":to_target", to ? &to->target_percent : NULL),
		GOVREC_BIND_TEXT(":category", c->category),
		GOVREC_BIND_TEXT(":phase", c->phase),
		GOVREC_BIND_TEXT(":name", c->name),
		GOVREC_BIND_TEXT(":description", c->description),
	};

	return govrec_sql_exec_named(
		st,
		"INSERT INTO proposal_change(proposal_id, metric_id, action, from_threshold, "
		"from_unit, from_type, from_target, to_threshold, to_unit, to_type, to_target, "
		"category, phase, name, description) VALUES (:proposal, :metric, :action, "
		":from_threshold, :from_unit, :from_type, :from_target, :to_threshold, :to_unit, "
		":to_type, :to_target, :category, :phase, :name, :description)",
		b, GOVREC_NBIND(b), err);
}

enum govrec_status govrec_proposal_change(struct govrec_store *st,
					  const struct govrec_change_spec *c,
					  struct govrec_error *err)
{
	struct govrec_metric_values from, to;
	struct govrec_proposal h;
	int has_from = 0, removal;
	enum govrec_status rc;

	if ((rc = change_check(c, err)) != GOVREC_OK)
		return rc;
	removal = strcmp(c->action, "remove") == 0;
	rc = govrec_store_begin(st, "proposal.change", err);
	if (rc != GOVREC_OK)
		return rc;
	if ((rc = govrec_proposal_load(st, c->ref, &h, err)) != GOVREC_OK)
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
	if (rc == GOVREC_OK)
		rc = insert_change(st, h.id, c, has_from ? &from : NULL, removal ? NULL : &to, err);
	if (rc == GOVREC_OK) {
		govrec_proposal_release(&h);
		return govrec_store_commit(st, err);
	}
fail:
	govrec_proposal_release(&h);
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
	struct govrec_proposal p;
	char id[24];
	int64_t one;
	enum govrec_status rc;

	if ((meeting > 0) == (document > 0))
		return govrec_error_set(err, GOVREC_INVALID, "link to one meeting or one document");
	rc = govrec_store_begin(st, "proposal.link", err);
	if (rc != GOVREC_OK)
		return rc;
	rc = govrec_proposal_load(st, ref, &p, err);
	govrec_proposal_release(&p);
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
