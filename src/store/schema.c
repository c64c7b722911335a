/*
 * schema.c - the archive's schema as forward-only migrations.
 *
 * migrations[i] brings a file from user_version i to i + 1.  store.c applies
 * every missing step in one transaction, so a file is never half-migrated.
 * A migration that has been released is never edited: a change is a new
 * entry at the end.  Version 1 holds the whole record model of DESIGN.md
 * section 2.
 */
#include <stddef.h>

#include "govrec/store.h"
#include "schema.h"

/* Version 1, in parts: ISO C limits the length of one string literal. */
static const char *const migration_1[] = {
	/* The committee the archive belongs to; one row. */
	"CREATE TABLE committee ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  name TEXT NOT NULL,"
	"  short TEXT NOT NULL,"
	"  created TEXT NOT NULL);",

	/* People and the speaker labels they appear under. */
	"CREATE TABLE person ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) > 0));"
	"CREATE TABLE person_alias ("
	"  label TEXT NOT NULL,"
	"  label_key TEXT NOT NULL PRIMARY KEY," /* case-folded label */
	"  person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE) WITHOUT ROWID;"
	"CREATE INDEX person_alias_person ON person_alias(person_id);"
	"CREATE TABLE membership ("
	"  id INTEGER PRIMARY KEY,"
	"  person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,"
	"  role TEXT NOT NULL CHECK (role IN ('member','liaison','pti-liaison',"
	"    'secretariat','staff','observer')),"
	"  body TEXT,"
	"  date_from TEXT NOT NULL,"
	"  date_to TEXT CHECK (date_to IS NULL OR date_to >= date_from));"
	"CREATE INDEX membership_person ON membership(person_id);",

	/* Meetings, their agenda and who attended. */
	"CREATE TABLE meeting ("
	"  id INTEGER PRIMARY KEY,"
	"  number INTEGER NOT NULL UNIQUE CHECK (number > 0),"
	"  date TEXT NOT NULL,"
	"  time TEXT,"
	"  kind TEXT NOT NULL DEFAULT 'regular' CHECK (kind IN ('regular','public','adhoc','joint')),"
	"  title TEXT);"
	"CREATE INDEX meeting_date ON meeting(date);"
	"CREATE TABLE agenda_item ("
	"  meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,"
	"  seq INTEGER NOT NULL,"
	"  text TEXT NOT NULL,"
	"  PRIMARY KEY (meeting_id, seq)) WITHOUT ROWID;"
	"CREATE TABLE attendance ("
	"  meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,"
	"  person_id INTEGER NOT NULL REFERENCES person(id),"
	"  status TEXT NOT NULL CHECK (status IN ('present','apologies','absent')),"
	"  PRIMARY KEY (meeting_id, person_id)) WITHOUT ROWID;",

	/* Archived source artifacts and their searchable passages. */
	"CREATE TABLE document ("
	"  id INTEGER PRIMARY KEY,"
	"  kind TEXT NOT NULL CHECK (kind IN ('transcript','captions','chat','notes','minutes',"
	"    'agenda','review-note','proposal','report','correspondence','email')),"
	"  meeting_id INTEGER REFERENCES meeting(id),"
	"  title TEXT NOT NULL,"
	"  date TEXT,"
	"  file_name TEXT,"
	"  media_type TEXT NOT NULL,"
	"  size INTEGER NOT NULL,"
	"  sha256 TEXT NOT NULL UNIQUE,"
	"  importer TEXT NOT NULL,"
	"  importer_version TEXT NOT NULL,"
	"  imported_at TEXT NOT NULL,"
	"  review TEXT,"         /* review-note: the review's name */
	"  section TEXT,"        /* review-note: the charter section */
	"  revises INTEGER REFERENCES document(id),"
	"  meta TEXT);"          /* JSON: email headers and the like */
	"CREATE INDEX document_meeting ON document(meeting_id);"
	"CREATE INDEX document_kind ON document(kind, date);"
	"CREATE TABLE original ("
	"  document_id INTEGER PRIMARY KEY REFERENCES document(id) ON DELETE CASCADE,"
	"  bytes BLOB NOT NULL);"
	"CREATE TABLE passage ("
	"  id INTEGER PRIMARY KEY,"
	"  document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,"
	"  seq INTEGER NOT NULL,"
	"  speaker TEXT,"        /* the label as written */
	"  person_id INTEGER REFERENCES person(id),"
	"  start_ms INTEGER,"
	"  end_ms INTEGER,"
	"  heading TEXT,"        /* section path of notes: \"Findings / Scope\" */
	"  body TEXT NOT NULL,"
	"  UNIQUE (document_id, seq));"
	"CREATE INDEX passage_person ON passage(person_id);",

	/* Action items and decisions. */
	"CREATE TABLE action_item ("
	"  id INTEGER PRIMARY KEY,"
	"  ref TEXT UNIQUE,"     /* CSC style: '01 34 2019' */
	"  meeting_id INTEGER REFERENCES meeting(id),"
	"  passage_id INTEGER REFERENCES passage(id),"
	"  owner_id INTEGER REFERENCES person(id),"
	"  owner TEXT,"          /* the owner as written */
	"  text TEXT NOT NULL,"
	"  due TEXT,"
	"  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),"
	"  closed_meeting_id INTEGER REFERENCES meeting(id));"
	"CREATE TABLE decision ("
	"  id INTEGER PRIMARY KEY,"
	"  meeting_id INTEGER REFERENCES meeting(id),"
	"  passage_id INTEGER REFERENCES passage(id),"
	"  date TEXT,"
	"  text TEXT NOT NULL);",

	/* The Annex A section 2 metric catalog, values effective-dated. */
	"CREATE TABLE metric ("
	"  id TEXT PRIMARY KEY,"  /* slug: cat1.technical-checks.initial */
	"  category TEXT NOT NULL,"
	"  phase TEXT NOT NULL,"
	"  name TEXT NOT NULL,"
	"  description TEXT) WITHOUT ROWID;"
	"CREATE TABLE metric_version ("
	"  id INTEGER PRIMARY KEY,"
	"  metric_id TEXT NOT NULL REFERENCES metric(id),"
	"  threshold INTEGER,"    /* NULL: the metric was removed from this date */
	"  unit TEXT CHECK (unit IN ('seconds','minutes','hours','days')),"
	"  threshold_seconds INTEGER,"
	"  type TEXT CHECK (type IN ('Max','Min')),"
	"  target_percent REAL,"
	"  period TEXT NOT NULL DEFAULT 'month',"
	"  effective_from TEXT NOT NULL,"
	"  effective_to TEXT,"    /* exclusive; NULL while in force */
	"  source TEXT,"
	"  proposal_id INTEGER REFERENCES proposal(id),"
	"  UNIQUE (metric_id, effective_from));",

	/* SLE/SLA change proposals and their workflow events. */
	"CREATE TABLE proposal ("
	"  id INTEGER PRIMARY KEY,"
	"  ref TEXT NOT NULL UNIQUE,"
	"  title TEXT NOT NULL,"
	"  originator TEXT NOT NULL CHECK (originator IN ('CSC','PTI')),"
	"  change_type INTEGER NOT NULL CHECK (change_type BETWEEN 1 AND 4),"
	"  date TEXT NOT NULL,"
	"  state TEXT NOT NULL DEFAULT 'draft',"
	"  document_id INTEGER REFERENCES document(id));" /* the rationale, searchable */
	"CREATE TABLE proposal_change ("
	"  id INTEGER PRIMARY KEY,"
	"  proposal_id INTEGER NOT NULL REFERENCES proposal(id) ON DELETE CASCADE,"
	"  metric_id TEXT NOT NULL,"
	"  action TEXT NOT NULL CHECK (action IN ('change','new','remove')),"
	"  from_threshold INTEGER, from_unit TEXT, from_type TEXT, from_target REAL,"
	"  to_threshold INTEGER, to_unit TEXT, to_type TEXT, to_target REAL,"
	"  category TEXT, phase TEXT, name TEXT, description TEXT," /* action 'new' */
	"  UNIQUE (proposal_id, metric_id));"
	"CREATE TABLE proposal_event ("
	"  id INTEGER PRIMARY KEY,"
	"  proposal_id INTEGER NOT NULL REFERENCES proposal(id) ON DELETE CASCADE,"
	"  state TEXT NOT NULL,"
	"  date TEXT NOT NULL,"
	"  actor TEXT,"
	"  note TEXT,"
	"  meeting_id INTEGER REFERENCES meeting(id),"
	"  document_id INTEGER REFERENCES document(id));"
	"CREATE INDEX proposal_event_proposal ON proposal_event(proposal_id, id);",

	/* Typed links between records, made by import or by hand. */
	"CREATE TABLE link ("
	"  id INTEGER PRIMARY KEY,"
	"  from_kind TEXT NOT NULL, from_id TEXT NOT NULL,"
	"  rel TEXT NOT NULL,"
	"  to_kind TEXT NOT NULL, to_id TEXT NOT NULL,"
	"  UNIQUE (from_kind, from_id, rel, to_kind, to_id));"
	"CREATE INDEX link_to ON link(to_kind, to_id);",

	"CREATE TABLE saved_search ("
	"  name TEXT PRIMARY KEY,"
	"  query TEXT NOT NULL) WITHOUT ROWID;",

	/*
	 * The audit log: a hash chain over every write.  sha256 covers the row
	 * and the previous row's hash; content_sha256 is the hash of the
	 * record's canonical content after the write (NULL: the record is gone).
	 */
	"CREATE TABLE audit ("
	"  seq INTEGER PRIMARY KEY,"
	"  time TEXT NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  op TEXT NOT NULL,"
	"  record TEXT NOT NULL,"
	"  content_sha256 TEXT,"
	"  prev_sha256 TEXT NOT NULL,"
	"  sha256 TEXT NOT NULL);"
	"CREATE INDEX audit_record ON audit(record, seq);"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
	"  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
	"  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",

	/*
	 * The one search index over every passage: transcripts, captions, chat,
	 * notes, review notes, emails and proposal texts.  External content
	 * (the search_source view) so text is stored once.  Columns: the
	 * document title with the heading path, the speaker label with the
	 * resolved person's name, the body; ranked by bm25 with title 4,
	 * speaker 3, body 1.
	 *
	 * Triggers keep the index in step with passage, document and person,
	 * but new and changed passages are indexed once per transaction rather
	 * than once per row: FTS5 (3.40) writes its pending terms to disk at
	 * every statement savepoint, so indexing from a row trigger made each
	 * passage its own segment and an import merge segments thousands of
	 * times.  Rows wait in search_pending, and the first audit row of the
	 * transaction (every write through the store appends one, in its
	 * outermost commit) indexes them all in one statement.  A row leaves
	 * the index (FTS5 'delete', which needs the values it was indexed
	 * with) before its source changes, unless it is still pending.
	 */
	"CREATE VIEW search_source AS"
	"  SELECT p.id AS id,"
	"    d.title || CASE WHEN p.heading IS NULL THEN '' ELSE ' / ' || p.heading END AS title,"
	"    coalesce(p.speaker, '') ||"
	"      coalesce(' ' || (SELECT name FROM person WHERE id = p.person_id), '') AS speaker,"
	"         p.body AS body,"
	"         d.kind AS kind"
	"  FROM passage p JOIN document d ON d.id = p.document_id;"
	"CREATE VIRTUAL TABLE search USING fts5("
	"  title, speaker, body, kind UNINDEXED,"
	"  content='search_source', content_rowid='id',"
	"  tokenize='porter unicode61 remove_diacritics 2');"
	"INSERT INTO search(search, rank) VALUES ('rank', 'bm25(4.0, 3.0, 1.0)');"
	"CREATE TABLE search_pending (id INTEGER PRIMARY KEY);",

	/* Leaving the index: passages whose indexed values are about to change. */
	"CREATE TRIGGER passage_bd BEFORE DELETE ON passage BEGIN"
	"  INSERT INTO search(search, rowid, title, speaker, body, kind)"
	"    SELECT 'delete', id, title, speaker, body, kind FROM search_source"
	"    WHERE id = OLD.id AND id NOT IN (SELECT id FROM search_pending);"
	"  DELETE FROM search_pending WHERE id = OLD.id;"
	"END;"
	"CREATE TRIGGER passage_bu BEFORE UPDATE ON passage BEGIN"
	"  INSERT INTO search(search, rowid, title, speaker, body, kind)"
	"    SELECT 'delete', id, title, speaker, body, kind FROM search_source"
	"    WHERE id = OLD.id AND id NOT IN (SELECT id FROM search_pending);"
	"  DELETE FROM search_pending WHERE id = OLD.id;"
	"END;"
	/* A document's passages go by cascade, after the document: too late to read them. */
	"CREATE TRIGGER document_bd BEFORE DELETE ON document BEGIN"
	"  INSERT INTO search(search, rowid, title, speaker, body, kind)"
	"    SELECT 'delete', id, title, speaker, body, kind FROM search_source"
	"    WHERE id IN (SELECT id FROM passage WHERE document_id = OLD.id)"
	"    AND id NOT IN (SELECT id FROM search_pending);"
	"  DELETE FROM search_pending"
	"    WHERE id IN (SELECT id FROM passage WHERE document_id = OLD.id);"
	"END;"
	"CREATE TRIGGER document_bu BEFORE UPDATE OF title, kind ON document BEGIN"
	"  INSERT INTO search(search, rowid, title, speaker, body, kind)"
	"    SELECT 'delete', id, title, speaker, body, kind FROM search_source"
	"    WHERE id IN (SELECT id FROM passage WHERE document_id = OLD.id)"
	"    AND id NOT IN (SELECT id FROM search_pending);"
	"END;"
	"CREATE TRIGGER person_bu BEFORE UPDATE OF name ON person BEGIN"
	"  INSERT INTO search(search, rowid, title, speaker, body, kind)"
	"    SELECT 'delete', id, title, speaker, body, kind FROM search_source"
	"    WHERE id IN (SELECT id FROM passage WHERE person_id = OLD.id)"
	"    AND id NOT IN (SELECT id FROM search_pending);"
	"END;"
	"CREATE TRIGGER person_bd BEFORE DELETE ON person BEGIN"
	"  INSERT INTO search(search, rowid, title, speaker, body, kind)"
	"    SELECT 'delete', id, title, speaker, body, kind FROM search_source"
	"    WHERE id IN (SELECT id FROM passage WHERE person_id = OLD.id)"
	"    AND id NOT IN (SELECT id FROM search_pending);"
	"END;",

	/* Waiting to be indexed. */
	"CREATE TRIGGER passage_ai AFTER INSERT ON passage BEGIN"
	"  INSERT OR IGNORE INTO search_pending(id) VALUES (NEW.id);"
	"END;"
	"CREATE TRIGGER passage_au AFTER UPDATE ON passage BEGIN"
	"  INSERT OR IGNORE INTO search_pending(id) VALUES (NEW.id);"
	"END;"
	"CREATE TRIGGER document_au AFTER UPDATE OF title, kind ON document BEGIN"
	"  INSERT OR IGNORE INTO search_pending(id)"
	"    SELECT id FROM passage WHERE document_id = NEW.id;"
	"END;"
	"CREATE TRIGGER person_au AFTER UPDATE OF name ON person BEGIN"
	"  INSERT OR IGNORE INTO search_pending(id)"
	"    SELECT id FROM passage WHERE person_id = NEW.id;"
	"END;"
	"CREATE TRIGGER person_ad AFTER DELETE ON person BEGIN"
	"  INSERT OR IGNORE INTO search_pending(id)"
	"    SELECT id FROM passage WHERE person_id = OLD.id;"
	"END;",

	/* Indexing, once per transaction, when its audit rows are written. */
	"CREATE TRIGGER search_index AFTER INSERT ON audit"
	"  WHEN EXISTS (SELECT 1 FROM search_pending) BEGIN"
	"  INSERT INTO search(rowid, title, speaker, body, kind)"
	"    SELECT s.id, s.title, s.speaker, s.body, s.kind"
	"    FROM search_pending q JOIN search_source s ON s.id = q.id ORDER BY q.id;"
	"  DELETE FROM search_pending;"
	"END;",
	NULL
};

static const char *const *const migrations[] = {
	migration_1,
};

int govrec_schema_version(void)
{
	return (int)(sizeof(migrations) / sizeof(migrations[0]));
}

const char *const *govrec_schema_migration(int from_version)
{
	if (from_version < 0 || from_version >= govrec_schema_version())
		return NULL;
	return migrations[from_version];
}
