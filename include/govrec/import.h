/*
 * import.h - format readers: bytes in, a document draft out.
 *
 * Readers never touch the archive; records/document.c stores what they make.
 */
#ifndef GOVREC_IMPORT_H
#define GOVREC_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "govrec/buf.h"
#include "govrec/document.h"
#include "govrec/error.h"

/*
 * A reader: one file in import/ and one row in the reader table
 * (govrec_readers, import/readers.c).  detect() scores how sure it is that the
 * bytes are its format (0 no, 100 certain), looking at content first and at
 * the file name second; the driver picks the highest score.  read() fills the
 * draft (kind when it has a natural one, title, date when the file says,
 * media_type, passages) and leaves file_name, meeting, bytes and importer to
 * the driver.  Messages name the line ("line 12: timestamp '00:01' has no
 * milliseconds"); the driver puts the file name in front.
 */
struct govrec_reader {
	const char *name;       /* recorded as the document's importer: "webvtt" */
	const char *media_type; /* the default media type */
	int (*detect)(const unsigned char *data, size_t len, const char *name);
	enum govrec_status (*read)(const unsigned char *data, size_t len, const char *name,
				   struct govrec_document_draft *d, struct govrec_error *err);
};

/* The reader table, ending in a row whose name is NULL. */
extern const struct govrec_reader govrec_readers[];

/*
 * A reader of files that hold many documents (an mbox mailing-list archive):
 * each() calls fn once per document, in file order, with either a draft
 * (perr NULL) or, for a document that could not be read, the reason (d
 * NULL).  The reader sets the draft's bytes to that document's own bytes
 * (borrowed from data) and its importer; index counts documents from 1.  fn
 * returning nonzero stops the walk with GOVREC_OK.  The table
 * govrec_multi_readers (import/readers.c) ends in a row whose name is NULL;
 * the driver tries it before the single-document readers.
 */
struct govrec_multi_reader {
	const char *name;
	int (*detect)(const unsigned char *data, size_t len, const char *name);
	enum govrec_status (*each)(const unsigned char *data, size_t len, const char *name,
				   int (*fn)(struct govrec_document_draft *d, size_t index,
					     const struct govrec_error *perr, void *ctx),
				   void *ctx, struct govrec_error *err);
};

extern const struct govrec_multi_reader govrec_multi_readers[];

/*
 * Office documents (import/docx.c, import/odt.c): paragraphs, headings (as
 * heading paths), lists and table rows (cells joined with " | ") become
 * passages; tracked deletions, notes and comments are left out; title and
 * date come from the document properties.  Kind "notes" by default.
 */
int govrec_docx_detect(const unsigned char *data, size_t len, const char *name);
enum govrec_status govrec_docx_read(const unsigned char *data, size_t len, const char *name,
				    struct govrec_document_draft *d, struct govrec_error *err);
int govrec_odt_detect(const unsigned char *data, size_t len, const char *name);
enum govrec_status govrec_odt_read(const unsigned char *data, size_t len, const char *name,
				   struct govrec_document_draft *d, struct govrec_error *err);

/* Their rows, for the reader table (a table of structs needs constant initializers). */
#define GOVREC_READER_DOCX                                                                 \
	{ "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", \
	  govrec_docx_detect, govrec_docx_read }
#define GOVREC_READER_ODT                                                                  \
	{ "odt", "application/vnd.oasis.opendocument.text", govrec_odt_detect, govrec_odt_read }

extern const struct govrec_reader govrec_reader_docx;
extern const struct govrec_reader govrec_reader_odt;

/*
 * The most passages one document may have: more refuses the file ("has more
 * than 200000 passages, the limit of one document").  A real transcript of a
 * day-long meeting has a few thousand; a file that makes a passage of every
 * few bytes is an attack on memory and on the search index, not a record.
 */
#define GOVREC_MAX_PASSAGES 200000

/* Limits that protect the importer from hostile files (see the import man page). */
struct govrec_import_limits {
	size_t max_file;          /* bytes of one file (or archive entry) */
	size_t max_entries;       /* entries of one archive */
	uint64_t max_expanded;    /* bytes expanded from one archive, in all */
	unsigned max_ratio;       /* expanded / compressed, per archive */
	unsigned max_depth;       /* archives within archives */
};

/* The defaults: 256 MiB, 10000 entries, 1 GiB, 100:1, depth 2. */
void govrec_import_limits_default(struct govrec_import_limits *l);

/*
 * Walks the regular-file entries of a zip, tar or tar.gz archive held in
 * memory, calling fn(entry_name, bytes, len, ctx) for each, in archive order.
 * Entry names are checked first: absolute paths, "..", links, devices and
 * names with control characters are refused (GOVREC_INVALID naming the entry),
 * as are two entries with the same name, a zip without a central directory,
 * and going over any limit.  Zip names are checked as stored, with their
 * lengths: a NUL byte inside one is a control character, not its end.  fn returning nonzero stops the walk with
 * GOVREC_OK.  Directories are skipped.  Entries named as archives (.zip, .tar,
 * .tgz, .tar.gz, .tar.bz2, .tar.xz) are walked in turn, up to max_depth
 * archives deep, their entries named "outer.zip/inner.txt".  Names, types,
 * the entry count and the sizes headers declare are checked over the whole
 * archive before fn sees any entry; only what shows while data is read (a
 * bad CRC, a bomb whose headers give no size) can stop a walk after fn has
 * had entries, so callers that want all or nothing keep what fn got until the
 * walk returns GOVREC_OK.
 */
enum govrec_status govrec_archive_walk(const void *data, size_t len,
				       const struct govrec_import_limits *limits,
				       int (*fn)(const char *name, const void *bytes, size_t len,
						 void *ctx),
				       void *ctx, struct govrec_error *err);

/*
 * What a reader of a package (DOCX, ODT) keeps of it: fn gets only the
 * entries want(name) accepts; the others are read through and counted
 * against the limits but never held whole.  A wanted entry over max_part
 * bytes is refused as soon as its header or its data shows it ("archive
 * entry 'word/document.xml' is larger than 32 MiB, the limit of one XML
 * part", what being "one XML part"), so a part that expands to gigabytes
 * never takes more than max_part of memory.
 */
struct govrec_archive_parts {
	int (*want)(const char *name);
	size_t max_part;
	const char *what;
};

/*
 * govrec_archive_walk() whose first pass reads every entry's data as well
 * (through, holding none): what only data shows (a bad CRC, a bomb whose
 * headers give no size) then refuses the archive before fn sees any entry,
 * so once fn has had one the walk cannot fail.  Two passes over the data,
 * for callers that want all or nothing (the import driver).
 */
enum govrec_status govrec_archive_walk_whole(const void *data, size_t len,
					     const struct govrec_import_limits *limits,
					     int (*fn)(const char *name, const void *bytes,
						       size_t len, void *ctx),
					     void *ctx, struct govrec_error *err);

/* 1 when gzip data holds a tar; decompresses only up to the first tar header. */
int govrec_archive_gzip_tar(const void *data, size_t len);

/* govrec_archive_walk() handing fn only the parts wanted (parts NULL: all). */
enum govrec_status govrec_archive_walk_parts(const void *data, size_t len,
					     const struct govrec_import_limits *limits,
					     const struct govrec_archive_parts *parts,
					     int (*fn)(const char *name, const void *bytes,
						       size_t len, void *ctx),
					     void *ctx, struct govrec_error *err);

/* 1 when data looks like a zip, tar or gzip/tar archive (by its magic bytes). */
int govrec_archive_detect(const void *data, size_t len);

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
	const char *kind, *title, *date;
	int64_t document;    /* stored or skipped: the document id */
	size_t passages, actions, decisions, links;
	const char *const *speakers;   /* resolved: person names, distinct, in order met */
	size_t nspeakers;
	const char *const *unresolved; /* labels as written that match nobody */
	size_t nunresolved;
	const struct govrec_error *err; /* failed: why (its status and message) */
};

struct govrec_import_options {
	int64_t meeting;   /* meeting number the documents belong to, 0 for none */
	const char *kind;  /* override the reader's kind, or NULL */
	const char *date;  /* override the date, or NULL */
	const char *title; /* override the title, or NULL (default: the file name) */
	int dry_run;       /* read and report, write nothing */
	struct govrec_import_limits limits;
	void (*report)(const struct govrec_import_file *f, void *ctx);
	void (*progress)(uint64_t done, uint64_t total, void *ctx); /* bytes of PATHs */
	void *ctx;
};

struct govrec_import_summary {
	size_t stored, skipped, parsed, failed;
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

/* Version of the readers, recorded with every document they made. */
#define GOVREC_READER_VERSION "1"

/*
 * Checks that data is UTF-8 (a leading BOM is allowed).  GOVREC_INVALID
 * "is not UTF-8 at byte offset N" (counting from 0) otherwise.
 */
enum govrec_status govrec_utf8_check(const void *data, size_t len, struct govrec_error *err);

/*
 * Plain text and Markdown notes: paragraphs (separated by blank lines) become
 * passages; Markdown ATX headings ("# Scope") become the heading path of the
 * paragraphs under them; the first heading gives the title when d has none.
 * Sets kind to "notes" when d has none and media type text/plain or
 * text/markdown (by name).  Refuses text that is not UTF-8.
 */
enum govrec_status govrec_read_text(const void *data, size_t len, const char *name,
				    struct govrec_document_draft *d, struct govrec_error *err);

/*
 * mbox mailing-list archives: every message is a document of kind email with
 * its From, Date, Subject, Message-ID and In-Reply-To in meta, its date set,
 * the sender's name as the speaker of one passage holding the text/plain
 * parts of the body (quoted-printable and base64 decoded, the declared
 * charset converted to UTF-8; text/html when there is no text/plain).
 */
enum govrec_status govrec_read_mbox(const unsigned char *data, size_t len, const char *name,
				    int (*fn)(struct govrec_document_draft *d, size_t index,
					      const struct govrec_error *perr, void *ctx),
				    void *ctx, struct govrec_error *err);

/*
 * Decompresses gzip data into out (appending), refusing output larger than
 * limits->max_file or limits->max_expanded, or more than limits->max_ratio
 * times the input.  GOVREC_INVALID naming the limit, or for corrupt data.
 */
enum govrec_status govrec_gunzip(const void *data, size_t len,
				 const struct govrec_import_limits *limits, struct govrec_buf *out,
				 struct govrec_error *err);

#endif
