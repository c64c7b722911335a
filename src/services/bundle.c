/*
 * bundle.c - the bundle table (bundle.h): every table a bundle carries as
 * rows, with the columns and the query that carry it.  Export writes what
 * the table says (export-xml.c) and restore accepts exactly that
 * (restore.c), so it is its own file, named after the header both include,
 * rather than a part of either.
 */
#include <stddef.h>
#include <string.h>

#include "bundle.h"

const struct bundle_table bundle_tables[] = {
	{ "committee", "id, name, short, created", "ORDER BY id", NULL },
	{ "person", "id, name", "ORDER BY id", NULL },
	{ "person_alias", "label, label_key, person_id", "WHERE person_id = ?1 ORDER BY label_key",
	  "person" },
	{ "membership", "id, person_id, role, body, date_from, date_to",
	  "WHERE person_id = ?1 ORDER BY id", "person" },
	{ "metric", "id, category, phase, name, description", "ORDER BY id", NULL },
	{ "metric_version",
	  "id, metric_id, threshold, unit, threshold_seconds, type, target_percent, period, "
	  "effective_from, effective_to, source, proposal_id",
	  "WHERE metric_id = ?1 ORDER BY effective_from", "metric" },
	{ "meeting", "id, number, date, time, kind, title", "WHERE id = ?1", NULL },
	{ "agenda_item", "meeting_id, seq, text", "WHERE meeting_id = ?1 ORDER BY seq", "meeting" },
	{ "attendance", "meeting_id, person_id, status", "WHERE meeting_id = ?1 ORDER BY person_id",
	  "meeting" },
	{ "document",
	  "id, kind, meeting_id, title, date, file_name, media_type, size, sha256, importer, "
	  "importer_version, imported_at, review, section, revises, meta",
	  "WHERE id = ?1", NULL },
	{ "proposal", "id, ref, title, originator, change_type, date, state, document_id",
	  "WHERE id = ?1", NULL },
	{ "proposal_change",
	  "id, proposal_id, metric_id, action, from_threshold, from_unit, from_type, from_target, "
	  "to_threshold, to_unit, to_type, to_target, category, phase, name, description",
	  "WHERE proposal_id = ?1 ORDER BY metric_id", "proposal" },
	{ "proposal_event", "id, proposal_id, state, date, actor, note, meeting_id, document_id",
	  "WHERE proposal_id = ?1 ORDER BY id", "proposal" },
	{ "action_item",
	  "id, ref, meeting_id, passage_id, owner_id, owner, text, due, status, closed_meeting_id",
	  "WHERE id IN (SELECT id FROM temp.sel_action) ORDER BY id", NULL },
	{ "decision", "id, meeting_id, passage_id, date, text",
	  "WHERE id IN (SELECT id FROM temp.sel_decision) ORDER BY id", NULL },
	{ "link", "id, from_kind, from_id, rel, to_kind, to_id",
	  "WHERE id IN (SELECT id FROM temp.sel_link) ORDER BY id", NULL },
	{ "saved_search", "name, query", "ORDER BY name", NULL },
	{ NULL, NULL, NULL, NULL }
};

const struct bundle_table *bundle_table_find(const char *table)
{
	const struct bundle_table *t;

	for (t = bundle_tables; t->table; t++)
		if (strcmp(t->table, table) == 0)
			return t;
	return NULL;
}
