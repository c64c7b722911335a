/*
 * import.h - format readers: bytes in, a document draft out.
 *
 * Readers never touch the archive; records/document.c stores what they make.
 */
#ifndef GOVREC_IMPORT_H
#define GOVREC_IMPORT_H

#include <stddef.h>
#include <stdint.h>

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
 * as is going over any limit.  fn returning nonzero stops the walk with
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

/* 1 when data looks like a zip, tar or gzip/tar archive (by its magic bytes). */
int govrec_archive_detect(const void *data, size_t len);

/* Version of the readers, recorded with every document they made. */
#define GOVREC_READER_VERSION "1"

/*
 * Checks that data is UTF-8 (a leading BOM is allowed).  GOVREC_INVALID
 * "is not UTF-8 at byte N" otherwise.
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

#endif
