/*
 * ingest.h - importing files: the one place that turns files into stored documents.
 */
#ifndef GOVREC_INGEST_H
#define GOVREC_INGEST_H

#include <stddef.h>
#include <stdint.h>

#include "govrec/archive.h"
#include "govrec/error.h"
#include "govrec/store.h"

/*
 * The import driver (import/driver.c): the one place that turns files into
 * stored documents.  For every PATH (a file, a directory walked in sorted
 * order without following links or entering hidden names, or an archive) it
 * reads one file at a time, picks the reader by content (then name), fills
 * in what the options and the file name say, finds action items, decisions
 * and links (extract.h, patterns compiled once per run), and stores each
 * file in its own transaction: whole or not at all.  A file that fails does
 * not stop the others; the report callback hears about every file.
 */
enum govrec_import_outcome {
	GOVREC_IMPORT_STORED,  /* a new document */
	GOVREC_IMPORT_SKIPPED, /* the same bytes were archived already */
	GOVREC_IMPORT_PARSED,  /* --dry-run: read, not stored */
	GOVREC_IMPORT_FAILED
};

/* What happened to one file; everything borrowed for the report call only. */
struct govrec_import_file {
	const char *name;    /* path, "a.zip:dir/x.vtt", or "list.mbox message 3" */
	enum govrec_import_outcome outcome;
	const char *reader;  /* NULL when no reader took it */
	const char *layout;  /* the layout the reader read ("teleconference"), or NULL */
	const char *kind, *title, *date;
	int64_t document;    /* stored or skipped: the document id */
	size_t passages, actions, decisions, links;
	const char *const *speakers;   /* resolved: person names, distinct, in order met */
	size_t nspeakers;
	const char *const *unresolved; /* labels as written that match nobody */
	size_t nunresolved;
	const struct govrec_error *err; /* failed: why (its status and message) */
	const char *const *warnings;    /* what the reader dropped or guessed */
	size_t nwarnings, warnings_more; /* kept, and counted past the limit */
};

struct govrec_import_options {
	int64_t meeting;   /* meeting number the documents belong to, 0 for none */
	const char *kind;  /* override the reader's kind, or NULL */
	const char *date;  /* override the date, or NULL */
	const char *title; /* override the title, or NULL (default: the file name) */
	const char *layout; /* read text in this transcript layout (transcript.h), or NULL */
	int dry_run;       /* read and report, write nothing */
	int strict;        /* a file with warnings fails instead of being stored */
	struct govrec_import_limits limits;
	void (*report)(const struct govrec_import_file *f, void *ctx);
	void (*progress)(uint64_t done, uint64_t total, void *ctx); /* bytes of PATHs */
	void *ctx;
};

struct govrec_import_summary {
	size_t stored, skipped, parsed, failed;
	size_t warned; /* of the stored, skipped or parsed: files with warnings */
	enum govrec_status worst; /* the most severe status of a failed file */
};

/*
 * Imports paths.  Returns GOVREC_OK when the run went through, whether or
 * not files failed (s says how many; worst says how badly); an error only
 * when the run could not start or go on (a bad option, an unknown meeting:
 * GOVREC_NOTFOUND "no meeting N"; the archive failing).
 */
enum govrec_status govrec_import_paths(struct govrec_store *st, const char *const *paths,
				       size_t npaths, const struct govrec_import_options *o,
				       struct govrec_import_summary *s, struct govrec_error *err);

#endif
