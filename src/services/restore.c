/*
 * restore.c - building a new archive from a bundle (see export.h).
 *
 * The bundle is opened once (govrec_bag_open) and verified (bagit.c); only
 * then is it read again, from the same open file, through
 * govrec_bag_each(), which gives restore nothing but the files the verified
 * manifests list and checks each one's digest as it is read.  A file
 * changed after the check, or an entry no manifest lists, therefore never
 * reaches the archive: every write below is provisional until the walk has
 * returned GOVREC_OK, and a failure rolls the whole transaction back.
 *
 * The files come in whatever order the bundle gives them (a directory, or
 * a tar or zip read as a stream): every element of the govrec records
 * vocabulary becomes one row of the table it is named after (bundle_tables
 * says which columns each may carry), every element of an Akoma Ntoso
 * document that holds a g:seq attribute becomes a passage of the document
 * the file describes, and every file under data/originals/ is streamed into
 * its document's original bytes.  XML is read with libxml2's streaming
 * reader, so memory stays flat however big a file is, as it does for the
 * originals.  Foreign keys are checked at the end (deferred), since a tar
 * stream gives the originals before the records that own them; the search
 * index is rebuilt once everything is in.
 *
 * The history travels too.  A full bundle (bag-info.txt: Govrec-Bundle-Scope:
 * full) carries the archive's whole audit log, data/audit/audit.tsv: it is
 * loaded row for row, and before anything is committed the chain is
 * verified, the head matched with bag-info.txt, and every record checked
 * against the log (govrec_audit_verify).  The store then has nothing to
 * add: it logs only records whose content differs from what the log last
 * says, so the restored archive's next export is byte-identical to the
 * bundle.  A partial bundle holds only some of the records its log names,
 * so its log cannot be checked against them: the new archive starts a log
 * of its own, whose first row names the bundle, its chain head and the key
 * that signed it, and every restored record is logged as a "restore".
 *
 * Everything happens in one transaction on a new file under a temporary
 * name, linked into place only when complete.
 */
#include <stdarg.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>


#include "bundle.h"
#include "govrec/audittsv.h"
#include "govrec/audit.h"
#include "govrec/bagit.h"
#include "govrec/buf.h"
#include "govrec/export.h"
#include "govrec/readers.h"
#include "govrec/util.h"

#define CHUNK 65536

struct rst {
	struct govrec_store *st;
	struct govrec_bag *bag;
	struct govrec_restore_result *r;
	int64_t doc;          /* the document the current file describes, 0 when none */
	const char *file;     /* the current file, for messages */
	int full;             /* the bundle carries every record and the whole log */
	int64_t audit_rows;   /* rows of the bundle's audit log loaded */
	char head_hash[65];   /* the last of them */
	char *index_trigger;  /* the SQL of the passage_ai trigger, while it is dropped */
};

/* The bytes of the file the walk is giving, checked against its manifests on their way. */
static long long src_read(struct rst *x, void *buf, size_t len)
{
	return govrec_bag_read(x->bag, buf, len);
}

/* ---- records ---------------------------------------------------------------- */

/* INSERT INTO table (its columns) VALUES (?1, ...), from the store's cache. */
static enum govrec_status insert_stmt(struct rst *x, const struct bundle_table *t,
				      sqlite3_stmt **s, struct govrec_error *err)
{
	struct govrec_buf sql = GOVREC_BUF_INIT;
	enum govrec_status rc;
	const char *c;
	int i, n = 1;

	for (c = t->columns; *c; c++)
		n += *c == ',';
	govrec_buf_addf(&sql, "INSERT INTO main.%s(%s) VALUES (?1", t->table, t->columns);
	for (i = 2; i <= n; i++)
		govrec_buf_addf(&sql, ", ?%d", i);
	govrec_buf_adds(&sql, ")");
	rc = govrec_sql_prepare(x->st, sql.data, s, err);
	govrec_buf_release(&sql);
	return rc;
}

/* The position (from 1) of column name in the columns list, 0 when absent. */
static int column_index(const char *columns, const char *name)
{
	size_t n = strlen(name);
	const char *c = columns;
	int i = 1;

	while (*c) {
		const char *end = strchr(c, ',');
		size_t len = end ? (size_t)(end - c) : strlen(c);

		if (len == n && strncmp(c, name, n) == 0)
			return i;
		if (!end)
			break;
		c = end + 1;
		while (*c == ' ')
			c++;
		i++;
	}
	return 0;
}

static enum govrec_status bad(struct rst *x, struct govrec_error *err, const char *fmt, ...)
	GOVREC_PRINTF(3, 4);

/* A malformed bundle: the message names the file. */
static enum govrec_status bad(struct rst *x, struct govrec_error *err, const char *fmt, ...)
{
	struct govrec_buf b = GOVREC_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	govrec_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	govrec_error_set(err, GOVREC_INVALID, "'%s' %s", x->file, b.data);
	govrec_buf_release(&b);
	return GOVREC_INVALID;
}

static enum govrec_status step_insert(struct rst *x, sqlite3_stmt *s, const char *what,
				      struct govrec_error *err)
{
	if (sqlite3_step(s) != SQLITE_DONE) {
		enum govrec_status rc = govrec_store_fail(x->st, err, "cannot restore a record");

		govrec_error_prefix(err, "'%s': %s", x->file, what);
		sqlite3_reset(s);
		return rc;
	}
	sqlite3_reset(s);
	x->r->rows++;
	return GOVREC_OK;
}

#define XMLNS_NS "http://www.w3.org/2000/xmlns/"

/* 1 when the reader's current node (element or attribute) is in namespace ns. */
static int in_ns(xmlTextReaderPtr r, const char *ns)
{
	const xmlChar *uri = xmlTextReaderConstNamespaceUri(r);

	return uri && strcmp((const char *)uri, ns) == 0;
}

/*
 * One records element: its attributes, which must all be columns, into its
 * table.  The reader is on the element and stays there.
 */
static enum govrec_status insert_row(struct rst *x, const struct bundle_table *t,
				     xmlTextReaderPtr r, struct govrec_error *err)
{
	sqlite3_stmt *s;
	enum govrec_status rc = insert_stmt(x, t, &s, err);
	int more;

	if (rc != GOVREC_OK)
		return rc;
	for (more = xmlTextReaderMoveToFirstAttribute(r); rc == GOVREC_OK && more == 1;
	     more = xmlTextReaderMoveToNextAttribute(r)) {
		const char *name = (const char *)xmlTextReaderConstLocalName(r);
		const char *value = (const char *)xmlTextReaderConstValue(r);
		const xmlChar *uri = xmlTextReaderConstNamespaceUri(r);
		int i;

		if (in_ns(r, XMLNS_NS) || strcmp(name, "xmlns") == 0)
			continue; /* a namespace declaration */
		i = column_index(t->columns, name);
		if (!i || (uri && strcmp((const char *)uri, GOVREC_NS_RECORDS) != 0)) {
			rc = bad(x, err, "has an unknown attribute '%s'", name);
			break;
		}
		sqlite3_bind_text(s, i, value ? value : "", -1, SQLITE_TRANSIENT);
		if (i == 1 && strcmp(t->table, "document") == 0)
			x->doc = strtoll(value ? value : "0", NULL, 10);
	}
	xmlTextReaderMoveToElement(r);
	if (rc != GOVREC_OK)
		return rc;
	if (strcmp(t->table, "document") == 0)
		x->r->documents++;
	else if (strcmp(t->table, "meeting") == 0)
		x->r->meetings++;
	else if (strcmp(t->table, "person") == 0)
		x->r->people++;
	else if (strcmp(t->table, "proposal") == 0)
		x->r->proposals++;
	return step_insert(x, s, t->table, err);
}

/* An Akoma Ntoso element that carries a passage: g: attributes, the body as its text. */
static enum govrec_status insert_passage(struct rst *x, xmlTextReaderPtr r,
					 struct govrec_error *err)
{
	static const char columns[] = "id, seq, speaker, person_id, start_ms, end_ms, heading";
	sqlite3_stmt *s;
	enum govrec_status rc;
	xmlChar *body;
	int more;

	rc = govrec_sql_prepare(x->st,
				"INSERT INTO main.passage(id, seq, speaker, person_id, start_ms, "
				"end_ms, heading, document_id, body) "
				"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
				&s, err);
	if (rc != GOVREC_OK)
		return rc;
	if (!x->doc)
		return bad(x, err, "has a passage (%s) outside a document",
			   (const char *)xmlTextReaderConstLocalName(r));
	for (more = xmlTextReaderMoveToFirstAttribute(r); rc == GOVREC_OK && more == 1;
	     more = xmlTextReaderMoveToNextAttribute(r)) {
		const char *name = (const char *)xmlTextReaderConstLocalName(r);
		const char *value = (const char *)xmlTextReaderConstValue(r);
		int i;

		if (!in_ns(r, GOVREC_NS_RECORDS))
			continue; /* Akoma Ntoso's own attributes */
		i = column_index(columns, name);
		if (!i)
			rc = bad(x, err, "has an unknown passage attribute '%s'", name);
		else
			sqlite3_bind_text(s, i, value ? value : "", -1, SQLITE_TRANSIENT);
	}
	xmlTextReaderMoveToElement(r);
	if (rc != GOVREC_OK)
		return rc;
	sqlite3_bind_int64(s, 8, x->doc);
	body = xmlTextReaderReadString(r);
	sqlite3_bind_text(s, 9, body ? (const char *)body : "", -1, SQLITE_TRANSIENT);
	xmlFree(body);
	x->r->passages++;
	return step_insert(x, s, "passage", err);
}

/* What the reader pulls: the bytes of the bundle file, in chunks. */
static int reader_input(void *ctx, char *buf, int len)
{
	long long n = src_read(ctx, buf, (size_t)len);

	return n < 0 ? -1 : (int)n;
}

/*
 * A record file, read as a stream (memory stays flat however long a
 * transcript is): every govrec element is a row, every element with a g:seq
 * attribute a passage.
 */
static enum govrec_status records_file(struct rst *x, struct govrec_error *err)
{
	xmlTextReaderPtr r;
	enum govrec_status rc = GOVREC_OK;
	int step;

	/* No network, no entity expansion, no DTD loading; a DOCTYPE is refused. */
	govrec_xml_init();
	r = xmlReaderForIO(reader_input, NULL, x, x->file, "UTF-8",
			   XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!r)
		return govrec_error_oom(err);
	x->doc = 0;
	while (rc == GOVREC_OK && (step = xmlTextReaderRead(r)) == 1) {
		int type = xmlTextReaderNodeType(r);
		const char *name = (const char *)xmlTextReaderConstLocalName(r);

		if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
			rc = bad(x, err, "declares a DOCTYPE");
		} else if (type != XML_READER_TYPE_ELEMENT) {
			continue;
		} else if (in_ns(r, GOVREC_NS_RECORDS) && strcmp(name, "records") != 0) {
			const struct bundle_table *t = bundle_table_find(name);

			rc = t ? insert_row(x, t, r, err)
			       : bad(x, err, "has an unknown record element '%s'", name);
		} else if (xmlTextReaderHasAttributes(r) == 1) {
			xmlChar *seq = xmlTextReaderGetAttributeNs(r, (const xmlChar *)"seq",
								   (const xmlChar *)GOVREC_NS_RECORDS);

			if (seq)
				rc = insert_passage(x, r, err);
			xmlFree(seq);
		}
	}
	if (rc == GOVREC_OK && step < 0) {
		const xmlError *e = xmlGetLastError();

		rc = govrec_error_set(err, GOVREC_INVALID, "'%s' line %d: %s", x->file,
				      e ? e->line : 0,
				      e && e->message ? e->message : "is not well-formed XML\n");
		/* libxml2's messages end in a newline */
		if (err && err->msg[0] && err->msg[strlen(err->msg) - 1] == '\n')
			err->msg[strlen(err->msg) - 1] = '\0';
	}
	xmlFreeTextReader(r);
	return rc;
}

/* data/originals/<id>-<name>: streamed into the original bytes of document <id>. */
static enum govrec_status original_file(struct rst *x, const char *name, uint64_t size,
					struct govrec_error *err)
{
	sqlite3_blob *blob = NULL;
	char buf[CHUNK];
	char *end;
	long long id = strtoll(name, &end, 10), n = 0;
	uint64_t off = 0;
	enum govrec_status rc;

	if (end == name || *end != '-' || id <= 0)
		return bad(x, err, "is not named <document id>-<name>");
	if (size > (uint64_t)INT32_MAX)
		return bad(x, err, "is too large for an original");
	rc = govrec_sql_exec(
	    x->st, err, "INSERT INTO main.original(document_id, bytes) VALUES (?1, zeroblob(?2))",
	    "ii", (int64_t)id, (int64_t)size);
	if (rc != GOVREC_OK) {
		govrec_error_prefix(err, "'%s'", x->file);
		return rc;
	}
	if (sqlite3_blob_open(govrec_store_db(x->st), "main", "original", "bytes", id, 1, &blob) !=
	    SQLITE_OK)
		return govrec_store_fail(x->st, err, "cannot write an original");
	while (rc == GOVREC_OK && (n = src_read(x, buf, sizeof(buf))) > 0) {
		if (off + (uint64_t)n > size) {
			rc = bad(x, err, "is longer than its entry says");
			break;
		}
		if (sqlite3_blob_write(blob, buf, (int)n, (int)off) != SQLITE_OK)
			rc = govrec_store_fail(x->st, err, "cannot write an original");
		off += (uint64_t)n;
	}
	if (rc == GOVREC_OK && n < 0)
		rc = govrec_error_set(err, GOVREC_ERROR, "cannot read '%s'", x->file);
	if (rc == GOVREC_OK && off != size)
		rc = bad(x, err, "is shorter than its entry says");
	sqlite3_blob_close(blob);
	return rc;
}

/* ---- the audit log ----------------------------------------------------------- */

/*
 * One entry of a full bundle's data/audit/audit.tsv into the audit log as
 * it is.  The chain and what it says of the records are checked once
 * everything is in (check_history).
 */
static enum govrec_status audit_row(const struct govrec_audit_entry *e, size_t line, void *ctx,
				    struct govrec_error *err)
{
	struct rst *x = ctx;
	enum govrec_status rc;

	rc = govrec_sql_exec(x->st, err,
			     "INSERT INTO main.audit(seq, time, actor, op, record, content_sha256, "
			     "prev_sha256, sha256) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
			     "ittttttt", e->seq, e->time, e->actor, e->op, e->record,
			     e->content_sha256, e->prev_sha256, e->sha256);
	if (rc != GOVREC_OK) {
		govrec_error_prefix(err, "'%s' line %zu", x->file, line);
		return rc;
	}
	x->audit_rows = e->seq;
	memcpy(x->head_hash, e->sha256, sizeof(x->head_hash));
	return GOVREC_OK;
}

/* One file the verified manifests list, by its path relative to the bag's base. */
static enum govrec_status bag_file(const struct govrec_bag_file *f, void *ctx,
				   struct govrec_error *err)
{
	struct rst *x = ctx;
	const char *rel = f->rel;
	size_t n = strlen(rel);

	if (!f->payload)
		return GOVREC_OK; /* tag files: what restore needs of them is in the report */
	x->file = rel;
	if (strncmp(rel, "data/originals/", 15) == 0 && !strchr(rel + 15, '/'))
		return original_file(x, rel + 15, f->size, err);
	if (strncmp(rel, "data/records/", 13) == 0 && n > 4 && strcmp(rel + n - 4, ".xml") == 0)
		return records_file(x, err);
	if (strcmp(rel, GOVREC_AUDIT_TSV) == 0 && x->full)
		return govrec_audit_tsv_read(x->bag, audit_row, x, err);
	return GOVREC_OK; /* a partial bundle's log stays in the bundle */
}

/* ---- finishing ---------------------------------------------------------------- */

/*
 * Optional references a partial bundle may leave pointing outside itself
 * (a proposal event at a meeting that was not exported): they are cleared
 * and counted.  Required ones are checked by the foreign keys.
 */
static const struct {
	const char *table, *column, *target;
} optional_refs[] = {
	{ "document", "meeting_id", "meeting" },
	{ "document", "revises", "document" },
	{ "action_item", "meeting_id", "meeting" },
	{ "action_item", "closed_meeting_id", "meeting" },
	{ "action_item", "passage_id", "passage" },
	{ "action_item", "owner_id", "person" },
	{ "decision", "meeting_id", "meeting" },
	{ "decision", "passage_id", "passage" },
	{ "metric_version", "proposal_id", "proposal" },
	{ "proposal", "document_id", "document" },
	{ "proposal_event", "meeting_id", "meeting" },
	{ "proposal_event", "document_id", "document" },
};

/* Clears the optional references that point outside the bundle; counts them. */
static enum govrec_status clear_dangling(struct rst *x, struct govrec_error *err)
{
	struct govrec_buf sql = GOVREC_BUF_INIT;
	enum govrec_status rc = GOVREC_OK;
	size_t i;

	for (i = 0; rc == GOVREC_OK && i < sizeof(optional_refs) / sizeof(optional_refs[0]); i++) {
		govrec_buf_reset(&sql);
		govrec_buf_addf(&sql,
				"UPDATE main.%s SET %s = NULL WHERE %s IS NOT NULL "
				"AND %s NOT IN (SELECT id FROM main.%s)",
				optional_refs[i].table, optional_refs[i].column,
				optional_refs[i].column, optional_refs[i].column,
				optional_refs[i].target);
		rc = govrec_sql_script(x->st, sql.data, err);
		x->r->dropped += sqlite3_changes(govrec_store_db(x->st));
	}
	govrec_buf_release(&sql);
	return rc;
}

static enum govrec_status finish(struct rst *x, struct govrec_error *err)
{
	enum govrec_status rc;
	sqlite3_stmt *s;
	int64_t n;
	int row;

	rc = govrec_sql_int(x->st, err, &n, "SELECT count(*) FROM main.committee", NULL);
	if (rc != GOVREC_OK)
		return rc;
	if (n != 1)
		return govrec_error_set(
		    err, GOVREC_INVALID,
		    "'%s' is not a govrec bundle (no data/records/committee.xml)", x->r->id);
	rc = clear_dangling(x, err);
	if (rc != GOVREC_OK)
		return rc;
	rc = govrec_sql_prepare(x->st,
				"SELECT d.id, o.document_id IS NULL FROM main.document d "
				"LEFT JOIN main.original o ON o.document_id = d.id "
				"WHERE o.document_id IS NULL OR govrec_sha256(o.bytes) <> d.sha256 "
				"LIMIT 1",
				&s, err);
	if (rc == GOVREC_OK)
		rc = govrec_sql_next(x->st, s, &row, err);
	if (rc != GOVREC_OK)
		return rc;
	if (row) {
		rc = govrec_error_set(err, GOVREC_INVALID,
				      sqlite3_column_int(s, 1)
					      ? "document %lld has no original in the bundle"
					      : "the original of document %lld does not match its "
						"SHA-256",
				      (long long)sqlite3_column_int64(s, 0));
		sqlite3_reset(s);
		return rc;
	}
	rc = govrec_sql_prepare(x->st, "PRAGMA main.foreign_key_check", &s, err);
	if (rc == GOVREC_OK)
		rc = govrec_sql_next(x->st, s, &row, err);
	if (rc != GOVREC_OK)
		return rc;
	if (row) {
		rc = govrec_error_set(err, GOVREC_INVALID,
				      "the bundle's records do not hold together: a row of '%s' "
				      "refers to a missing '%s'",
				      govrec_col_text(s, 0), govrec_col_text(s, 2));
		sqlite3_reset(s);
		return rc;
	}
	/*
	 * The search index is built once, now that the people speakers resolve
	 * to are in too; then the trigger that keeps it in step comes back.
	 */
	rc = govrec_sql_exec(x->st, err, "INSERT INTO main.search(search) VALUES ('rebuild')",
			     NULL);
	if (rc == GOVREC_OK && x->index_trigger)
		rc = govrec_sql_script(x->st, x->index_trigger, err);
	return rc;
}

/*
 * Passages are indexed for search by a trigger as they are inserted; restore
 * builds the index once at the end instead (finish), so it drops the trigger
 * for the transaction and puts it back from its own SQL.
 */
static enum govrec_status pause_indexing(struct rst *x, struct govrec_error *err)
{
	sqlite3_stmt *s;
	enum govrec_status rc;
	int row;

	rc = govrec_sql_prepare(x->st,
				"SELECT sql FROM main.sqlite_master WHERE type = 'trigger' "
				"AND name = 'passage_ai'",
				&s, err);
	if (rc == GOVREC_OK)
		rc = govrec_sql_next(x->st, s, &row, err);
	if (rc != GOVREC_OK)
		return rc;
	if (row && !(x->index_trigger = strdup(govrec_col_text(s, 0)))) {
		sqlite3_reset(s);
		return govrec_error_oom(err);
	}
	sqlite3_reset(s);
	return x->index_trigger ? govrec_sql_script(x->st, "DROP TRIGGER main.passage_ai", err)
				: GOVREC_OK;
}

static void remove_db(const char *path)
{
	struct govrec_buf b = GOVREC_BUF_INIT;

	unlink(path);
	govrec_buf_addf(&b, "%s-wal", path);
	unlink(b.data);
	govrec_buf_reset(&b);
	govrec_buf_addf(&b, "%s-shm", path);
	unlink(b.data);
	govrec_buf_release(&b);
}

/* Refuses a bundle that does not verify, with its first problem. */
static enum govrec_status verify(struct rst *x, const char *in, const struct govrec_pubkey *pub,
				 unsigned flags, struct govrec_bag_report *rep,
				 struct govrec_error *err)
{
	struct govrec_bag_options opt = { pub, NULL, NULL };
	struct govrec_restore_result *r = x->r;
	enum govrec_status rc = govrec_bag_check(x->bag, &opt, rep, err);

	r->signature = (int)rep->signature;
	if (rep->have_key_id)
		govrec_key_id_hex(rep->key_id, r->key_id);
	if (rc == GOVREC_OK && pub && rep->signature != GOVREC_BAG_SIG_VALID)
		rc = govrec_error_set(err, GOVREC_REFUSED, "'%s' is not signed", in);
	if (rc == GOVREC_OK && !pub && (flags & GOVREC_RESTORE_REQUIRE_SIGNATURE))
		rc = govrec_error_set(err, GOVREC_REFUSED,
				      rep->signature == GOVREC_BAG_UNSIGNED
					  ? "'%s' is not signed, and --require-signature was given"
					  : "the signature of '%s' cannot be checked without its "
					    "public key (-p PUB or -P BASE64), and --require-signature "
					    "was given",
				      in);
	if (rc == GOVREC_REFUSED && rep->nproblems) {
		struct govrec_buf b = GOVREC_BUF_INIT;

		if (rep->problems[0].path) {
			govrec_buf_add_safe(&b, rep->problems[0].path, 120);
			govrec_buf_adds(&b, ": ");
		}
		govrec_buf_add_safe(&b, rep->problems[0].message, 200);
		if (rep->nproblems > 1)
			govrec_buf_addf(&b, " (and %zu more problems)", rep->nproblems - 1);
		govrec_error_clear(err); /* the verifier's summary: ours is more telling */
		govrec_error_set(err, GOVREC_REFUSED, "'%s' does not verify: %s; see govrec verify",
				 in, b.data);
		govrec_buf_release(&b);
	}
	return rc;
}

/*
 * What bag-info.txt says of the bundle: its id, whether it is full, and the
 * head of the log it was exported with.  Read from the verified report.
 */
static enum govrec_status bundle_info(struct rst *x, const char *in,
				      const struct govrec_bag_report *rep,
				      struct govrec_error *err)
{
	const char *id = govrec_bag_info_get(rep, "External-Identifier");
	const char *scope = govrec_bag_info_get(rep, "Govrec-Bundle-Scope");
	const char *seq = govrec_bag_info_get(rep, "Govrec-Audit-Seq");
	const char *hash = govrec_bag_info_get(rep, "Govrec-Audit-Sha256");
	struct govrec_restore_result *r = x->r;
	struct govrec_buf text = GOVREC_BUF_INIT;
	struct govrec_audit_head head;
	enum govrec_status rc;

	if (!id)
		id = strrchr(in, '/') ? strrchr(in, '/') + 1 : in;
	snprintf(r->id, sizeof(r->id), "%s", id);
	/* A bundle that does not say it is full (older govrec) is taken as partial. */
	x->full = r->full = scope && strcmp(scope, "full") == 0;
	r->scope_said = scope != NULL;
	if (scope && !x->full && strcmp(scope, "partial") != 0)
		return govrec_error_set(err, GOVREC_INVALID,
					"'%s': bag-info.txt has Govrec-Bundle-Scope '%.20s', not "
					"full or partial",
					in, scope);
	if (!seq || !hash) {
		if (x->full)
			return govrec_error_set(err, GOVREC_INVALID,
						"'%s': bag-info.txt of a full bundle lacks "
						"Govrec-Audit-Seq or Govrec-Audit-Sha256",
						in);
		return GOVREC_OK;
	}
	govrec_buf_addf(&text, "%s:%s", seq, hash);
	rc = govrec_audit_head_parse(text.data, &head, err);
	govrec_buf_release(&text);
	if (rc != GOVREC_OK) {
		govrec_error_prefix(err, "'%s': the audit head in bag-info.txt", in);
		return rc;
	}
	r->head_seq = head.seq;
	memcpy(r->head_sha256, head.sha256, sizeof(r->head_sha256));
	return GOVREC_OK;
}

/* A partial bundle: the new log begins with a row that names where it came from. */
static enum govrec_status log_origin(struct rst *x, struct govrec_error *err)
{
	const struct govrec_restore_result *r = x->r;
	struct govrec_buf op = GOVREC_BUF_INIT, record = GOVREC_BUF_INIT;
	enum govrec_status rc;

	govrec_buf_adds(&op, "restore");
	if (r->head_seq)
		govrec_buf_addf(&op, " from head %lld:%s", (long long)r->head_seq,
				r->head_sha256);
	if (r->signature == GOVREC_BAG_SIG_VALID)
		govrec_buf_addf(&op, ", signed by key %s", r->key_id);
	else if (r->signature == GOVREC_BAG_SIG_UNCHECKED)
		govrec_buf_addf(&op, ", signed by key %s, signature not checked", r->key_id);
	else
		govrec_buf_adds(&op, ", unsigned");
	govrec_buf_adds(&record, "bundle:");
	govrec_buf_add_safe(&record, r->id, sizeof(r->id));
	rc = govrec_audit_append(x->st, op.data, record.data, NULL, err);
	govrec_buf_release(&op);
	govrec_buf_release(&record);
	return rc;
}

static void first_problem(const char *msg, void *ctx)
{
	struct govrec_buf *b = ctx;

	if (!b->len)
		govrec_buf_adds(b, msg);
}

/*
 * A full bundle: the log loaded must be the one bag-info.txt names, its
 * chain must hold, and every record must be what the log last says of it.
 */
static enum govrec_status check_history(struct rst *x, struct govrec_error *err)
{
	const struct govrec_restore_result *r = x->r;
	struct govrec_buf first = GOVREC_BUF_INIT;
	enum govrec_status rc;

	if (x->audit_rows == 0)
		return govrec_error_set(err, GOVREC_INVALID,
					"'%s' is a full bundle without its audit log "
					"(data/audit/audit.tsv)",
					r->id);
	if (x->audit_rows != r->head_seq || strcmp(x->head_hash, r->head_sha256) != 0)
		return govrec_error_set(err, GOVREC_REFUSED,
					"the audit log of '%s' ends at entry %lld, %.12s, but its "
					"bag-info.txt names entry %lld, %.12s",
					r->id, (long long)x->audit_rows, x->head_hash,
					(long long)r->head_seq, r->head_sha256);
	rc = govrec_audit_verify(x->st, first_problem, &first, err);
	if (rc == GOVREC_REFUSED)
		govrec_error_set(err, GOVREC_REFUSED,
				 "the audit log of '%s' does not match its records: %s", r->id,
				 first.data);
	govrec_buf_release(&first);
	return rc;
}

enum govrec_status govrec_restore(const char *in, const char *db_path, const char *actor,
				  const struct govrec_pubkey *pub, unsigned flags,
				  struct govrec_restore_result *r, struct govrec_error *err)
{
	struct rst x;
	struct stat sb;
	struct govrec_bag_report rep;
	struct govrec_buf tmp = GOVREC_BUF_INIT;
	enum govrec_status rc;
	int64_t logged = 0;

	memset(&x, 0, sizeof(x));
	memset(&rep, 0, sizeof(rep));
	memset(r, 0, sizeof(*r));
	x.r = r;
	if (lstat(db_path, &sb) == 0)
		return govrec_error_set(err, GOVREC_REFUSED,
					"'%s' exists; restore builds a new archive", db_path);
	rc = govrec_bag_open(in, &x.bag, err);
	if (rc == GOVREC_OK)
		rc = verify(&x, in, pub, flags, &rep, err);
	if (rc == GOVREC_OK)
		rc = bundle_info(&x, in, &rep, err);
	govrec_bag_report_release(&rep);
	if (rc != GOVREC_OK)
		goto out;
	govrec_buf_addf(&tmp, "%s.restore-%ld", db_path, (long)getpid());
	remove_db(tmp.data);
	rc = govrec_store_open(tmp.data, GOVREC_STORE_CREATE, &x.st, err);
	if (rc != GOVREC_OK)
		goto out;
	govrec_store_set_actor(x.st, actor);
	rc = govrec_store_begin(x.st, "restore", err);
	if (rc != GOVREC_OK)
		goto out;
	rc = govrec_sql_exec(x.st, err, "PRAGMA defer_foreign_keys = ON", NULL);
	if (rc == GOVREC_OK)
		rc = pause_indexing(&x, err);
	if (rc == GOVREC_OK && !x.full)
		rc = log_origin(&x, err);
	if (rc == GOVREC_OK)
		rc = govrec_bag_each(x.bag, bag_file, &x, err);
	if (rc == GOVREC_OK)
		rc = finish(&x, err);
	if (rc == GOVREC_OK && x.full)
		rc = check_history(&x, err);
	if (rc != GOVREC_OK) {
		govrec_store_rollback(x.st);
		goto out;
	}
	rc = govrec_store_commit(x.st, err);
	/* A full bundle's log already says everything: the commit must have added nothing. */
	if (rc == GOVREC_OK)
		rc = govrec_sql_int(x.st, err, &logged, "SELECT count(*) FROM main.audit", NULL);
	if (rc == GOVREC_OK && x.full && logged != x.audit_rows)
		rc = govrec_error_set(err, GOVREC_ERROR,
				      "restoring '%s' logged %lld entries after its own %lld",
				      r->id, (long long)(logged - x.audit_rows),
				      (long long)x.audit_rows);
	r->audit_rows = logged;
	/* Everything into the main file before it is linked into place. */
	if (rc == GOVREC_OK)
		rc = govrec_sql_script(x.st, "PRAGMA wal_checkpoint(TRUNCATE)", err);
	if (rc != GOVREC_OK)
		goto out;
	govrec_store_close(x.st);
	x.st = NULL;
	if (link(tmp.data, db_path) != 0)
		rc = govrec_error_set(err, errno == EEXIST ? GOVREC_REFUSED : GOVREC_ERROR,
				      "cannot create '%s': %s", db_path, strerror(errno));
out:
	free(x.index_trigger);
	govrec_store_close(x.st);
	govrec_bag_close(x.bag);
	if (tmp.len)
		remove_db(tmp.data);
	govrec_buf_release(&tmp);
	return rc;
}
