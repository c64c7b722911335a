/*
 * kinds.c - the record kinds: what a record is, for auditing and `check`.
 *
 * govrec_record_kinds says, for each kind, how to list its keys and which
 * rows make up one record's canonical content (hashed in order by audit.c).
 * govrec_record_watches says which kind and key each row of each table
 * belongs to, so that the store can tell which records a write touched.
 * A new table is one row in each list; nothing else has to know.
 *
 * Content queries list columns explicitly and order their rows, so that the
 * hash depends only on the record, never on storage order.
 */
#include <stddef.h>
#include <string.h>

#include "govrec/audit.h"

const struct govrec_record_kind govrec_record_kinds[] = {
	{ "committee", "SELECT id FROM committee",
	  { "SELECT name, short, created FROM committee WHERE id = ?1", NULL } },
	{ "person", "SELECT id FROM person ORDER BY id",
	  { "SELECT id, name FROM person WHERE id = ?1",
	    "SELECT label, label_key FROM person_alias WHERE person_id = ?1 ORDER BY label_key",
	    "SELECT id, role, body, date_from, date_to FROM membership WHERE person_id = ?1 "
	    "ORDER BY id",
	    NULL } },
	{ "meeting", "SELECT number FROM meeting ORDER BY number",
	  { "SELECT id, number, date, time, kind, title FROM meeting WHERE number = ?1",
	    "SELECT a.seq, a.text FROM agenda_item a JOIN meeting m ON m.id = a.meeting_id "
	    "WHERE m.number = ?1 ORDER BY a.seq",
	    "SELECT a.person_id, a.status FROM attendance a JOIN meeting m ON m.id = a.meeting_id "
	    "WHERE m.number = ?1 ORDER BY a.person_id",
	    NULL } },
	{ "document", "SELECT id FROM document ORDER BY id",
	  { "SELECT id, kind, meeting_id, title, date, file_name, media_type, size, sha256, "
	    "importer, importer_version, imported_at, review, section, revises, meta "
	    "FROM document WHERE id = ?1",
	    /*
	     * The original bytes are not hashed again here: the row above holds
	     * their SHA-256, and check compares the bytes with it separately.
	     * Whether the bytes are there at all is part of the content.
	     */
	    "SELECT length(bytes) FROM original WHERE document_id = ?1",
	    "SELECT id, seq, speaker, person_id, start_ms, end_ms, heading, body FROM passage "
	    "WHERE document_id = ?1 ORDER BY seq",
	    NULL } },
	{ "action", "SELECT id FROM action_item ORDER BY id",
	  { "SELECT id, ref, meeting_id, passage_id, owner_id, owner, text, due, status, "
	    "closed_meeting_id FROM action_item WHERE id = ?1",
	    NULL } },
	{ "decision", "SELECT id FROM decision ORDER BY id",
	  { "SELECT id, meeting_id, passage_id, date, text FROM decision WHERE id = ?1", NULL } },
	{ "metric", "SELECT id FROM metric ORDER BY id",
	  { "SELECT id, category, phase, name, description FROM metric WHERE id = ?1",
	    "SELECT id, threshold, unit, threshold_seconds, type, target_percent, period, "
	    "effective_from, effective_to, source, proposal_id FROM metric_version "
	    "WHERE metric_id = ?1 ORDER BY effective_from",
	    NULL } },
	{ "proposal", "SELECT ref FROM proposal ORDER BY ref",
	  { "SELECT id, ref, title, originator, change_type, date, state, document_id "
	    "FROM proposal WHERE ref = ?1",
	    "SELECT c.id, c.metric_id, c.action, c.from_threshold, c.from_unit, c.from_type, "
	    "c.from_target, c.to_threshold, c.to_unit, c.to_type, c.to_target, c.category, "
	    "c.phase, c.name, c.description FROM proposal_change c "
	    "JOIN proposal p ON p.id = c.proposal_id WHERE p.ref = ?1 ORDER BY c.metric_id",
	    "SELECT e.id, e.state, e.date, e.actor, e.note, e.meeting_id, e.document_id "
	    "FROM proposal_event e JOIN proposal p ON p.id = e.proposal_id WHERE p.ref = ?1 "
	    "ORDER BY e.id",
	    NULL } },
	{ "link", "SELECT id FROM link ORDER BY id",
	  { "SELECT id, from_kind, from_id, rel, to_kind, to_id FROM link WHERE id = ?1", NULL } },
	{ "saved-search", "SELECT name FROM saved_search ORDER BY name",
	  { "SELECT name, query FROM saved_search WHERE name = ?1", NULL } },
	{ NULL, NULL, { NULL } }
};

const struct govrec_record_watch govrec_record_watches[] = {
	{ "committee", "committee", "@.id" },
	{ "person", "person", "@.id" },
	{ "person_alias", "person", "@.person_id" },
	{ "membership", "person", "@.person_id" },
	{ "meeting", "meeting", "@.number" },
	{ "agenda_item", "meeting", "(SELECT number FROM meeting WHERE id = @.meeting_id)" },
	{ "attendance", "meeting", "(SELECT number FROM meeting WHERE id = @.meeting_id)" },
	{ "document", "document", "@.id" },
	{ "original", "document", "@.document_id" },
	{ "passage", "document", "@.document_id" },
	{ "action_item", "action", "@.id" },
	{ "decision", "decision", "@.id" },
	{ "metric", "metric", "@.id" },
	{ "metric_version", "metric", "@.metric_id" },
	{ "proposal", "proposal", "@.ref" },
	{ "proposal_change", "proposal", "(SELECT ref FROM proposal WHERE id = @.proposal_id)" },
	{ "proposal_event", "proposal", "(SELECT ref FROM proposal WHERE id = @.proposal_id)" },
	{ "link", "link", "@.id" },
	{ "saved_search", "saved-search", "@.name" },
	{ NULL, NULL, NULL }
};
