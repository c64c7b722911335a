/*
 * export-int.h - what the parts of export share (see export.h for what
 * export does).  The parts are the seams of one pass over the archive:
 *
 *   export.c        the export itself: one read transaction, the payload in
 *                   its order, the audit log and the originals, the tag
 *                   files and the signature;
 *   export-out.c    the output: one file at a time into a libarchive writer
 *                   or a directory, hashed while it is written, moved into
 *                   place when complete;
 *   export-xml.c    XML text, and rows of the bundle tables (bundle.c) as
 *                   elements of the govrec records vocabulary;
 *   export-akn.c    documents and meetings as Akoma Ntoso;
 *   export-select.c the selection: which records a bundle holds.
 *
 * Names shared between the parts start with exp_; everything else stays
 * static in its file.
 */
#ifndef GOVREC_EXPORT_INT_H
#define GOVREC_EXPORT_INT_H

#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "bundle.h"
#include "govrec/buf.h"
#include "govrec/committee.h"
#include "govrec/digest.h"
#include "govrec/error.h"
#include "govrec/export.h"
#include "govrec/store.h"

/* Bytes moved at a time: an original from SQLite, a temporary file to the output. */
#define EXP_CHUNK 65536

struct archive;

/* ---- the output (export-out.c) ------------------------------------------- */

struct out {
	enum govrec_bundle_format format;
	const char *final;      /* o->out */
	char *tmp;              /* where it is written until complete */
	int anonymous;          /* tmp was never created: fd is an O_TMPFILE */
	int fd;                 /* the archive file (archives) */
	struct archive *a;      /* NULL for a directory */
	const char *base;       /* "govrec-<id>" inside archives */
	time_t mtime;
	struct govrec_buf path; /* the entry being written */
	FILE *f;                /* directory output: the file being written */
	struct govrec_sha256 h256;
	struct govrec_sha512 h512;
	uint64_t expect, written;
	char hex256[65], hex512[129];
};

/* Creates the output under a temporary name beside o->final. */
enum govrec_status exp_out_open(struct out *o, struct govrec_error *err);
/* Starts the file rel (relative to the bag's base directory) of size bytes. */
enum govrec_status exp_entry_begin(struct out *o, const char *rel, uint64_t size,
				   struct govrec_error *err);
enum govrec_status exp_entry_write(struct out *o, const void *data, size_t len,
				   struct govrec_error *err);
/* Ends the file; its checksums are then in o->hex256 and o->hex512. */
enum govrec_status exp_entry_end(struct out *o, struct govrec_error *err);
/* A whole file from memory. */
enum govrec_status exp_entry_put(struct out *o, const char *rel, const void *data, size_t len,
				 struct govrec_error *err);
/* A whole file from a temporary file, from its start. */
enum govrec_status exp_entry_copy(struct out *o, const char *rel, FILE *f,
				  struct govrec_error *err);
/* Finishes the output and moves it into place, never over an existing file. */
enum govrec_status exp_out_close(struct out *o, struct govrec_error *err);
/* Abandons the output: nothing stays behind. */
void exp_out_abort(struct out *o);

/* ---- one export (export.c) ----------------------------------------------- */

struct exp {
	struct govrec_store *st;
	const struct govrec_export_options *opt;
	struct govrec_export_result *r;
	struct out out;
	FILE *m256, *m512;      /* the payload manifests, spooled */
	struct govrec_committee committee;
	char slug[32];          /* the committee's short name for FRBR URIs: "csc" */
	char time[32];          /* the latest audit entry's time */
	char date[11];
	int64_t audit_seq;
	char audit_hash[65];
	struct govrec_buf sel;  /* the selection, in words */
	FILE *spool;            /* the XML file being made, once it outgrew SPOOL_AT */
};

/* Moves what b holds to the spool once it is big; called between records. */
enum govrec_status exp_gen_flush(struct exp *x, struct govrec_buf *b, struct govrec_error *err);
/* Writes a made file (what was spooled, then what b still holds) into the payload. */
enum govrec_status exp_payload_put(struct exp *x, const char *rel, struct govrec_buf *b,
				   struct govrec_error *err);

/* ---- XML (export-xml.c) -------------------------------------------------- */

/* Appends s escaped for XML character data (attr 0) or an attribute value (attr 1). */
void exp_xml_add(struct govrec_buf *b, const char *s, int attr);
/* Appends ` name="value"` (with prefix) unless value is NULL. */
void exp_xml_attr(struct govrec_buf *b, const char *prefix, const char *name, const char *value);
/* Appends the first n columns of s's current row as attributes. */
void exp_row_attrs(struct govrec_buf *b, sqlite3_stmt *s, const char *prefix, int n);
/*
 * Writes the rows of table t as elements (with ?1 bound to key when key is
 * not NULL), each holding the rows of its child tables.
 */
enum govrec_status exp_write_rows(struct exp *x, struct govrec_buf *b,
				  const struct bundle_table *t, const char *key,
				  const char *prefix, struct govrec_error *err);
/* A govrec-vocabulary file holding the rows of tables (a NULL-terminated list). */
enum govrec_status exp_records_file(struct exp *x, const char *rel, const char *kind,
				    const char *const *tables, const char *key,
				    struct govrec_error *err);

/* ---- Akoma Ntoso (export-akn.c) ------------------------------------------ */

/* data/records/documents/document-<id>.xml: a debate (transcripts) or a doc. */
enum govrec_status exp_document_file(struct exp *x, int64_t id, struct govrec_error *err);
/* data/records/meetings/meeting-<number>.xml: a debate. */
enum govrec_status exp_meeting_file(struct exp *x, int64_t id, struct govrec_error *err);

/* ---- the selection (export-select.c) ------------------------------------- */

/* Fills the temporary tables temp.sel_* and says the selection in words in x->sel. */
enum govrec_status exp_select(struct exp *x, struct govrec_error *err);
/* No meeting, proposal or dates: a full bundle. */
int exp_selection_is_all(const struct govrec_export_selection *sel);

#endif
