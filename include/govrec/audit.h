/*
 * audit.h - the record kinds, the hash-chained audit log, and `check`.
 *
 * A record is what a user names: a meeting (by number), a person (by id), a
 * document (by id), a proposal (by reference), a metric (by slug) ...  Its
 * audit name is "<kind>:<key>", e.g. "meeting:34".  Each kind has a canonical
 * content: the rows of a fixed list of queries (src/store/kinds.c), hashed in
 * order with SHA-256.  Each table that holds part of a record is watched
 * (govrec_record_watches) so that store.c knows which records a transaction
 * touched and audits them at commit.
 *
 * An audit row holds seq, time, actor, op, record, the content hash after the
 * write (NULL when the record was deleted), the previous row's hash and its
 * own hash:
 *   sha256 = SHA-256(prev "\n" seq "\n" time "\n" actor "\n" op "\n" record "\n" content)
 * with content "-" for NULL.  Row 1's prev is 64 zeros.
 */
#ifndef GOVREC_AUDIT_H
#define GOVREC_AUDIT_H

#include <stdint.h>

#include "govrec/error.h"
#include "govrec/store.h"

#define GOVREC_KIND_QUERIES 6

struct govrec_record_kind {
	const char *name;     /* "meeting" */
	const char *keys_sql; /* every key of this kind, ordered */
	/* canonical content of the record whose key is ?1; NULL-terminated */
	const char *content_sql[GOVREC_KIND_QUERIES];
};

struct govrec_record_watch {
	const char *table; /* a table of the schema */
	const char *kind;  /* the record kind its rows belong to */
	const char *key;   /* SQL for the key, '@' standing for the row (NEW/OLD) */
};

/* Both tables end with an entry whose name/table is NULL. */
extern const struct govrec_record_kind govrec_record_kinds[];
extern const struct govrec_record_watch govrec_record_watches[];

const struct govrec_record_kind *govrec_record_kind_find(const char *name);

/*
 * Hashes the canonical content of record kind:key into hex (65 bytes).
 * *exists is set to 0 (and hex to "") when the record has no rows.
 */
enum govrec_status govrec_record_hash(struct govrec_store *st, const struct govrec_record_kind *k,
				      const char *key, char hex[65], int *exists,
				      struct govrec_error *err);

/* Appends one audit row; content_hex NULL for a deleted record.  In a transaction. */
enum govrec_status govrec_audit_append(struct govrec_store *st, const char *op,
				       const char *record, const char *content_hex,
				       struct govrec_error *err);

struct govrec_audit_entry {
	int64_t seq;
	const char *time;           /* 2026-11-28T06:53:00Z */
	const char *actor;
	const char *op;
	const char *record;
	const char *content_sha256; /* NULL: record deleted */
	const char *prev_sha256;
	const char *sha256;
};

/*
 * Calls fn for every audit row, oldest first, whose record equals record (or
 * starts with record followed by ':' when record names only a kind), and whose
 * time is on or after since (a YYYY-MM-DD date).  Either filter may be NULL.
 * The entry's strings are borrowed for the duration of the call.  fn returns
 * nonzero to stop.
 */
enum govrec_status govrec_audit_each(struct govrec_store *st, const char *record,
				     const char *since,
				     int (*fn)(const struct govrec_audit_entry *, void *), void *ctx,
				     struct govrec_error *err);

/*
 * Checks the archive: SQLite's integrity_check, the search index's
 * integrity-check, the audit hash chain, every record's content against its
 * latest audit row, and every document's bytes against its SHA-256.  Calls
 * problem(msg, ctx) once for each problem found.  Returns GOVREC_REFUSED when
 * anything was found, GOVREC_OK when not, another status when the check
 * itself could not run.
 */
enum govrec_status govrec_check(struct govrec_store *st,
				void (*problem)(const char *msg, void *ctx), void *ctx,
				struct govrec_error *err);

/*
 * The part of govrec_check that needs no write lock and no snapshot of its
 * own: the audit hash chain, every record against its latest audit row,
 * records the log says exist but are gone, and every original against its
 * SHA-256.  Runs inside the caller's transaction (restore calls it before it
 * commits, to refuse a bundle whose audit log does not match its records).
 * Statuses as govrec_check.
 */
enum govrec_status govrec_audit_verify(struct govrec_store *st,
				       void (*problem)(const char *msg, void *ctx), void *ctx,
				       struct govrec_error *err);

/*
 * An audit chain head: the newest row's sequence number and hash (and its
 * time, when known).  Published, it is an anchor: whoever holds it can later
 * ask whether the archive's history still runs through it.  Its textual form,
 * what `govrec log --head` prints and `govrec check --against-head` reads, is
 * "SEQ:HASH": the decimal sequence number, a colon and 64 lowercase hex
 * digits.  GOVREC_HEAD_MAX bytes hold it with its NUL.
 */
struct govrec_audit_head {
	int64_t seq;
	char sha256[65];
	char time[32]; /* "" when not known (an anchor read as SEQ:HASH) */
};

#define GOVREC_HEAD_MAX (20 + 1 + 64 + 1)

/* The archive's head.  GOVREC_NOTFOUND (err set) when the log is empty. */
enum govrec_status govrec_audit_head(struct govrec_store *st, struct govrec_audit_head *h,
				     struct govrec_error *err);

/* Writes h as "SEQ:HASH" into out (GOVREC_HEAD_MAX bytes). */
void govrec_audit_head_format(const struct govrec_audit_head *h, char out[GOVREC_HEAD_MAX]);

/*
 * Reads "SEQ:HASH" (hex digits in either case; SEQ from 1, no sign, no
 * leading zeros); GOVREC_INVALID, saying what is wrong, for anything else.
 */
enum govrec_status govrec_audit_head_parse(const char *s, struct govrec_audit_head *h,
					   struct govrec_error *err);

/*
 * Does the archive's chain still run through anchor?  Rows 1 to anchor->seq
 * must all be there, each following the one before it and matching its own
 * hash, and row anchor->seq's hash must be anchor->sha256.  Calls problem()
 * once, naming the first sequence number that differs, when it does not
 * (GOVREC_REFUSED).  Runs inside the caller's transaction, if any.
 */
enum govrec_status govrec_audit_against(struct govrec_store *st,
					const struct govrec_audit_head *anchor,
					void (*problem)(const char *msg, void *ctx), void *ctx,
					struct govrec_error *err);

/*
 * govrec_check, and govrec_audit_against an anchor (when not NULL) in the
 * same snapshot.
 */
enum govrec_status govrec_check_against(struct govrec_store *st,
					const struct govrec_audit_head *anchor,
					void (*problem)(const char *msg, void *ctx), void *ctx,
					struct govrec_error *err);

/* Hex SHA-256 of data into hex (65 bytes). */
void govrec_sha256_hex(const void *data, size_t len, char hex[65]);

#endif
