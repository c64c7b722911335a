/*
 * export.h - signed BagIt bundles of the archive (export) and loading one
 * into a new archive (restore).
 *
 * A bundle is a BagIt 1.0 bag (RFC 8493) whose base directory is
 * govrec-<id>: bagit.txt, data/ (the payload: original document bytes,
 * canonical XML of every record, the audit log), the payload manifests
 * (SHA-256 and SHA-512), bag-info.txt, a SHA-512 tag manifest and,
 * when signed, a minisign signature of the tag manifest.  Its layout and
 * vocabularies are described in docs/FORMATS.md and govrec-bundle(5).
 *
 * Export is read-only and deterministic: the same archive state and
 * selection give byte-identical output, because every time in the bundle
 * comes from the archive's latest audit entry, entries are written in a
 * fixed (sorted) order, and archive headers carry fixed owners and modes.
 * (Zip headers also carry DOS times, which libarchive writes in the local
 * time zone: callers that want zip bundles identical across time zones run
 * with TZ=UTC, as the CLI does.)
 * Document bytes are streamed from SQLite in chunks and hashed while they
 * are written, so memory stays flat however big the archive is.
 */
#ifndef GOVREC_EXPORT_H
#define GOVREC_EXPORT_H

#include <stdint.h>

#include "govrec/error.h"
#include "govrec/store.h"

struct govrec_seckey;
struct govrec_pubkey;

enum govrec_bundle_format {
	GOVREC_BUNDLE_AUTO = 0, /* from the output name; a directory when none fits */
	GOVREC_BUNDLE_DIR,
	GOVREC_BUNDLE_TAR,
	GOVREC_BUNDLE_TAR_GZ,
	GOVREC_BUNDLE_TAR_ZST,
	GOVREC_BUNDLE_ZIP
};

/*
 * The format named by name ("tar", "tar.gz", "tar.zst", "zip", "dir"), or
 * GOVREC_BUNDLE_AUTO when name is none of them.
 */
enum govrec_bundle_format govrec_bundle_format_parse(const char *name);

/* The format an output path implies by its ending; GOVREC_BUNDLE_DIR when none. */
enum govrec_bundle_format govrec_bundle_format_of_path(const char *path);

/* What to export.  Zero/NULL fields select everything. */
struct govrec_export_selection {
	const char *since;    /* YYYY-MM-DD, inclusive */
	const char *until;    /* YYYY-MM-DD, inclusive */
	int64_t meeting;      /* a meeting number, 0 for all */
	const char *proposal; /* a proposal reference, NULL for all */
};

struct govrec_export_options {
	const char *out;                 /* the file or directory to create; never overwritten */
	enum govrec_bundle_format format;
	struct govrec_export_selection sel;
	const struct govrec_seckey *key; /* sign with it when not NULL */
	/* called after each payload file when not NULL (files and bytes so far) */
	void (*progress)(uint64_t files, uint64_t bytes, void *ctx);
	void *progress_ctx;
};

struct govrec_export_result {
	char id[64];          /* the bundle's base directory, "govrec-<16 hex>" */
	char time[32];        /* the time the bundle carries (latest audit entry) */
	uint64_t files;       /* payload files */
	uint64_t bytes;       /* payload bytes */
	uint64_t documents, meetings, proposals;
	int signed_;          /* 1 when a signature was written */
};

/*
 * Writes the bundle to o->out (through a temporary name, renamed into place
 * at the end, so a failure leaves nothing behind).  Errors: GOVREC_REFUSED
 * when o->out exists; GOVREC_NOTFOUND for a selected meeting or proposal that
 * does not exist; GOVREC_INVALID for a bad selection; GOVREC_ERROR for I/O.
 */
enum govrec_status govrec_export(struct govrec_store *st, const struct govrec_export_options *o,
				 struct govrec_export_result *r, struct govrec_error *err);

struct govrec_restore_result {
	char id[64];          /* the bundle's External-Identifier (its base directory name) */
	uint64_t rows;        /* records' rows restored */
	uint64_t documents, passages, meetings, people, proposals;
	int64_t dropped;      /* references to records outside a partial bundle, cleared */
	int signature;        /* enum govrec_bag_signature: how the signature was found */
	char key_id[17];      /* the key the signature names, "" when unsigned */
	int full;             /* 1: a full bundle, restored with its own audit log */
	int scope_said;       /* bag-info.txt says full or partial (older bundles do not) */
	int64_t head_seq;     /* the audit head bag-info.txt names (0 when none) */
	char head_sha256[65];
	int64_t audit_rows;   /* entries in the new archive's audit log */
};

/* restore flags */
#define GOVREC_RESTORE_REQUIRE_SIGNATURE 1u /* refuse a bundle whose signature is not verified */

/*
 * Loads the bundle at in (a directory or a .tar, .tar.gz, .tar.zst, .zip
 * file) into the new archive at db_path, which must not exist; it is built
 * under a temporary name and linked into place only when complete.  The
 * bundle is opened once and verified first (govrec_bag_check: every
 * checksum, complete, no unlisted files in a govrec bundle) and, when pub is
 * not NULL, its signature must verify with pub; with
 * GOVREC_RESTORE_REQUIRE_SIGNATURE a bundle without a verified signature is
 * refused.  Restore then loads only what the verified manifests list,
 * checking each file's digest as it reads it, and still checks every
 * document's bytes against its recorded SHA-256.
 *
 * A full bundle brings its audit log: it is loaded as it is and must match
 * (chain, head in bag-info.txt, every record), so that the new archive's
 * history is the old one's.  A partial bundle starts a new log with a row
 * naming the bundle, its audit head and its key, and the records restored
 * are logged with the operation "restore" by actor.
 *
 * Errors: GOVREC_REFUSED when db_path exists, the bundle does not verify
 * (the message gives the first problem), its signature is required and not
 * verified, or its audit log does not match its records (the message names
 * the first record that differs); GOVREC_INVALID for a bundle that is not
 * govrec's or whose records are malformed; GOVREC_ERROR for I/O.
 */
enum govrec_status govrec_restore(const char *in, const char *db_path, const char *actor,
				  const struct govrec_pubkey *pub, unsigned flags,
				  struct govrec_restore_result *r, struct govrec_error *err);

#endif
