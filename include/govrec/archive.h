/*
 * archive.h - zip, tar and gzip read from memory, within limits.
 *
 * The archive walker of the formats layer (import/archive.c, import/gzip.c):
 * the import driver walks archives of files with it, and the DOCX and ODT
 * readers their packages.
 */
#ifndef GOVREC_ARCHIVE_H
#define GOVREC_ARCHIVE_H

#include <stddef.h>
#include <stdint.h>

#include "govrec/buf.h"
#include "govrec/error.h"

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
 * Decompresses gzip data into out (appending), refusing output larger than
 * limits->max_file or limits->max_expanded, or more than limits->max_ratio
 * times the input.  GOVREC_INVALID naming the limit, or for corrupt data.
 */
enum govrec_status govrec_gunzip(const void *data, size_t len,
				 const struct govrec_import_limits *limits, struct govrec_buf *out,
				 struct govrec_error *err);

#endif
