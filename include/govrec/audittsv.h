/*
 * audittsv.h - the audit log as a bundle carries it,
 * data/audit/audit.tsv (written by export.c, read by restore.c and by
 * `check --against BUNDLE`).
 *
 * A header line, then one line per entry, oldest first: seq, time, actor,
 * op, record, content_sha256, prev_sha256, sha256, separated by TAB, each
 * field with backslash, TAB, LF and CR written \\ \t \n \r, a deleted
 * record's content_sha256 written "-".
 */
#ifndef GOVREC_AUDITTSV_H
#define GOVREC_AUDITTSV_H

#include <stddef.h>

#include "govrec/audit.h"
#include "govrec/bagit.h"

#define GOVREC_AUDIT_TSV "data/audit/audit.tsv"

/*
 * Reads the log from the file govrec_bag_each is giving and calls fn for
 * every entry, in order, with its line number.  The form is checked here
 * (the header, eight fields, known escapes, seq counting from 1, hashes of
 * 64 hex digits); the chain is not.  fn returning anything but GOVREC_OK
 * stops the reading with that status.  Malformed: GOVREC_INVALID naming
 * the file and line.
 */
enum govrec_status govrec_audit_tsv_read(struct govrec_bag *bag,
					 enum govrec_status (*fn)(const struct govrec_audit_entry *e,
								  size_t line, void *ctx,
								  struct govrec_error *err),
					 void *ctx, struct govrec_error *err);

/*
 * The archive's audit log against the one a verified bag (a govrec bundle,
 * after govrec_bag_check) carries in data/audit/audit.tsv: every entry of
 * the bundle's log must be in the archive, the same in every field.  The
 * first that is not is reported through problem, naming its sequence number
 * and what differs, and nothing after it: where a history rewritten and
 * re-chained after the export begins.  GOVREC_REFUSED when a difference was
 * found; GOVREC_INVALID for a bag without a log or with a malformed one.
 */
enum govrec_status govrec_audit_against_bag(struct govrec_store *st, struct govrec_bag *bag,
					    void (*problem)(const char *msg, void *ctx),
					    void *ctx, struct govrec_error *err);

#endif
