/*
 * archive.c - walking zip, tar and compressed tar archives held in memory
 * (see archive.h), for the import driver (a meeting folder sent as one file)
 * and for the office readers (DOCX and ODT are zip packages).
 *
 * Archives come from outside, so nothing in them is trusted.  A walk makes
 * two passes.  The first reads only the headers (and the entries that may be
 * nested archives): names that are absolute, climb out with "..", hold
 * control characters or backslashes or are not UTF-8, entries that are links,
 * devices or anything but plain files and directories, too many entries, and
 * sizes declared over the limits refuse the archive before the caller has
 * seen any of it.  The second reads the data in chunks and checks the limits
 * (size of one entry, total expanded, expansion ratio) after every chunk, so
 * a zip bomb that hides its size is still stopped as soon as it passes a
 * limit instead of being expanded first.  An entry that is itself an archive, named so (.zip, .tar, .tgz,
 * .tar.gz, ...) and starting with an archive's magic bytes, is walked in turn
 * up to limits->max_depth archives deep; its entries are named
 * "outer.zip/inner.txt".  Office packages (.docx, .odt) are not archives in
 * this sense: they reach the callback whole.
 *
 * libarchive return codes are classified as bsdtar does: ARCHIVE_OK goes on,
 * ARCHIVE_WARN from a header goes on (the entry is usable; the usual cause
 * is a name in another character set, and names are checked by us anyway),
 * ARCHIVE_RETRY reads the next header again a few times, ARCHIVE_FAILED
 * (this entry cannot be read) and ARCHIVE_FATAL (the archive cannot be read
 * any further) refuse the archive, naming the entry.  Reading data, any
 * warning refuses the archive too: it means the data is damaged (a bad CRC),
 * and a damaged record must not be archived as if it were whole.
 */
#include <errno.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <archive.h>
#include <archive_entry.h>

#include "govrec/buf.h"
#include "govrec/archive.h"
#include "govrec/util.h"

#define CHUNK        65536
#define MAX_RETRIES  8
/* Below this many expanded bytes the ratio is not checked: tiny archives of
 * text legitimately expand more than 100 times their size. */
#define RATIO_FLOOR  ((uint64_t)1 << 20)

void govrec_import_limits_default(struct govrec_import_limits *l)
{
	l->max_file = (size_t)256 << 20;
	l->max_entries = 10000;
	l->max_expanded = (uint64_t)1 << 30;
	l->max_ratio = 100;
	l->max_depth = 2;
}

/* Magic bytes of the containers libarchive reads for us. */
static const struct magic {
	size_t offset;
	const char *bytes;
	size_t len;
} magics[] = {
	{ 0, "PK\x03\x04", 4 },                  /* zip */
	{ 0, "PK\x05\x06", 4 },                  /* empty zip */
	{ 0, "\x1f\x8b", 2 },                    /* gzip */
	{ 0, "BZh", 3 },                         /* bzip2 */
	{ 0, "\xfd" "7zXZ\x00", 6 },             /* xz */
	{ 257, "ustar", 5 },                     /* POSIX and GNU tar */
};

int govrec_archive_detect(const void *data, size_t len)
{
	const unsigned char *s = data;
	size_t i;

	for (i = 0; i < sizeof(magics) / sizeof(magics[0]); i++)
		if (len >= magics[i].offset + magics[i].len &&
		    memcmp(s + magics[i].offset, magics[i].bytes, magics[i].len) == 0)
			return 1;
	return 0;
}

/* Entry names that are walked into as nested archives. */
static const char *const nested_suffixes[] = {
	".zip", ".tar", ".tgz", ".tar.gz", ".tbz2", ".tar.bz2", ".txz", ".tar.xz", NULL
};

/* Sizes in messages: "256 MiB", "10 KiB" or "1000 bytes". */
static void add_size(struct govrec_buf *b, uint64_t n)
{
	if (n && n % ((uint64_t)1 << 30) == 0)
		govrec_buf_addf(b, "%llu GiB", (unsigned long long)(n >> 30));
	else if (n && n % ((uint64_t)1 << 20) == 0)
		govrec_buf_addf(b, "%llu MiB", (unsigned long long)(n >> 20));
	else if (n && n % 1024 == 0)
		govrec_buf_addf(b, "%llu KiB", (unsigned long long)(n >> 10));
	else
		govrec_buf_addf(b, "%llu bytes", (unsigned long long)n);
}

/* State shared by an archive and the archives nested in it. */
struct walk {
	const struct govrec_import_limits *limits;
	int (*fn)(const char *name, const void *bytes, size_t len, void *ctx);
	void *ctx;
	uint64_t expanded; /* over all levels */
	int checking;      /* the first pass: headers only, fn not called */
	int whole;         /* the first pass reads every entry's data too */
	int stopped;       /* fn asked to stop */
	locale_t caller;   /* the caller's locale, for fn; 0 when not switched */
	locale_t utf8;     /* C.UTF-8, for libarchive */
	const struct govrec_archive_parts *parts; /* NULL: fn gets every entry */
	char **names;      /* the first pass: every entry's full name, for duplicates */
	size_t nnames, capnames;
};

/* The length of the valid UTF-8 multibyte sequence at s (avail bytes), or 1 (ASCII or invalid). */
static size_t utf8_length(const unsigned char *s, size_t avail)
{
	size_t n = *s >= 0xf0 ? 4 : *s >= 0xe0 ? 3 : *s >= 0xc0 ? 2 : 1, i;

	if (n == 1 || n > avail)
		return 1;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 1;
	return govrec_utf8_check(s, n, NULL) == GOVREC_OK ? n : 1;
}

/*
 * Quotes an entry name for a message: control characters and bytes that are
 * not printable ASCII appear as \xNN, so the message itself stays safe.
 */
static void add_name_n(struct govrec_buf *b, const char *prefix, const char *name, size_t len)
{
	const unsigned char *s, *end = (const unsigned char *)name + len;

	govrec_buf_addch(b, '\'');
	govrec_buf_adds(b, prefix);
	for (s = (const unsigned char *)name; s < end; s++) {
		size_t n = utf8_length(s, (size_t)(end - s));

		if (n > 1) {
			govrec_buf_add(b, s, n);
			s += n - 1;
		} else if (*s < 0x20 || *s >= 0x7f || *s == '\'' || *s == '\\') {
			govrec_buf_addf(b, "\\x%02x", *s);
		} else {
			govrec_buf_addch(b, *s);
		}
	}
	govrec_buf_addch(b, '\'');
}

static void add_name(struct govrec_buf *b, const char *prefix, const char *name)
{
	add_name_n(b, prefix, name, strlen(name));
}

static enum govrec_status entry_error(struct govrec_error *err, enum govrec_status status,
				      const char *prefix, const char *name, const char *what)
{
	struct govrec_buf b = GOVREC_BUF_INIT;

	govrec_buf_adds(&b, "archive entry ");
	add_name(&b, prefix, name);
	govrec_buf_addf(&b, " %s", what);
	govrec_error_set(err, status, "%s", b.data);
	govrec_buf_release(&b);
	return status;
}

/* Refuses names that could escape a directory or fool a terminal. */
static enum govrec_status check_name(const char *prefix, const char *name,
				     struct govrec_error *err)
{
	const unsigned char *s;
	const char *p;

	if (!*name)
		return entry_error(err, GOVREC_INVALID, prefix, name, "has an empty name");
	for (s = (const unsigned char *)name; *s; s++)
		if (*s < 0x20 || *s == 0x7f)
			return entry_error(err, GOVREC_INVALID, prefix, name,
					   "has a control character in its name");
	if (govrec_utf8_check(name, strlen(name), NULL) != GOVREC_OK)
		return entry_error(err, GOVREC_INVALID, prefix, name,
				   "has a name that is not UTF-8");
	if (strchr(name, '\\'))
		return entry_error(err, GOVREC_INVALID, prefix, name,
				   "has a backslash in its name");
	if (name[0] == '/' || (((name[0] | 0x20) >= 'a' && (name[0] | 0x20) <= 'z') &&
			       name[1] == ':'))
		return entry_error(err, GOVREC_INVALID, prefix, name, "has an absolute path");
	for (p = name; *p;) {
		size_t n = strcspn(p, "/");

		if (n == 2 && p[0] == '.' && p[1] == '.')
			return entry_error(err, GOVREC_INVALID, prefix, name,
					   "goes outside the archive ('..' in its path)");
		p += n;
		if (*p == '/')
			p++;
	}
	return GOVREC_OK;
}

/* The message of a libarchive failure, naming the entry when there is one. */
static enum govrec_status archive_failure(struct archive *a, struct govrec_error *err,
					  const char *prefix, const char *name, const char *doing)
{
	const char *why = archive_error_string(a);
	struct govrec_buf b = GOVREC_BUF_INIT;
	enum govrec_status status =
		archive_errno(a) == ENOMEM ? GOVREC_ERROR : GOVREC_INVALID;

	if (status == GOVREC_ERROR)
		return govrec_error_oom(err);
	govrec_buf_addf(&b, "is not a readable archive (%s", doing);
	if (name) {
		govrec_buf_adds(&b, " entry ");
		add_name(&b, prefix, name);
	} else if (*prefix) {
		govrec_buf_adds(&b, " ");
		add_name(&b, "", prefix);
	}
	govrec_buf_addf(&b, "): %s", why && *why ? why : "unknown error");
	govrec_error_set(err, status, "%s", b.data);
	govrec_buf_release(&b);
	return status;
}

static unsigned get16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)get16(p) | (uint32_t)get16(p + 2) << 16;
}

static uint64_t get64(const unsigned char *p)
{
	return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

/*
 * Zip64: the entry count and directory offset of the end record, when it
 * says 0xffff/0xffffffff, are in the zip64 end record its locator (20 bytes
 * before it) points at.  0 when they cannot be read.
 */
static int zip64_directory(const unsigned char *s, size_t len, size_t eocd, uint64_t *entries,
			   uint64_t *offset)
{
	uint64_t at;

	if (eocd < 20 || memcmp(s + eocd - 20, "PK\x06\x07", 4) != 0)
		return 0;
	at = get64(s + eocd - 20 + 8);
	if (at > len || len - at < 56 || memcmp(s + at, "PK\x06\x06", 4) != 0)
		return 0;
	*entries = get64(s + at + 32);
	*offset = get64(s + at + 48);
	return 1;
}

/*
 * Where a central directory entry (at c, total bytes long) says its local
 * header is: the zip64 extra field holds the offset when the entry says
 * 0xffffffff, after the sizes that say so too.  UINT64_MAX when unknown.
 */
static uint64_t local_offset(const unsigned char *c, size_t total)
{
	size_t nlen = get16(c + 28), x = 46 + nlen, end = x + get16(c + 30), skip = 0;

	if (get32(c + 42) != 0xffffffff)
		return get32(c + 42);
	skip += get32(c + 24) == 0xffffffff ? 8 : 0;
	skip += get32(c + 20) == 0xffffffff ? 8 : 0;
	while (end <= total && x + 4 <= end) {
		size_t n = get16(c + x + 2);

		if (x + 4 + n > end)
			break;
		if (get16(c + x) == 0x0001 && skip + 8 <= n)
			return get64(c + x + 4 + skip);
		x += 4 + n;
	}
	return UINT64_MAX;
}

/* Refuses a raw zip entry name (len bytes, NULs included) with a control character. */
static enum govrec_status check_raw_name(const char *prefix, const unsigned char *name,
					 size_t len, struct govrec_error *err)
{
	struct govrec_buf b = GOVREC_BUF_INIT;
	size_t i;

	for (i = 0; i < len; i++)
		if (name[i] < 0x20 || name[i] == 0x7f)
			break;
	if (i == len)
		return GOVREC_OK;
	govrec_buf_adds(&b, "archive entry ");
	add_name_n(&b, prefix, (const char *)name, len);
	govrec_buf_adds(&b, " has a control character in its name");
	govrec_error_set(err, GOVREC_INVALID, "%s", b.data);
	govrec_buf_release(&b);
	return GOVREC_INVALID;
}

/*
 * libarchive hands names over as C strings, so a zip entry called
 * "agenda.txt\0.exe" would reach us as "agenda.txt".  The names are checked
 * here as the zip stores them, with their lengths: in the central directory
 * and in the local header each of its entries points at (libarchive reads the
 * name from there).  A zip without a central directory is refused: every zip
 * writer makes one, and libarchive would otherwise read the local headers
 * alone, whose names cannot all be found without reading the data.
 */
static enum govrec_status check_zip_names(const unsigned char *s, size_t len,
					  const char *prefix, struct govrec_error *err)
{
	const unsigned char *eocd = NULL;
	uint64_t entries, p, i;
	size_t k, stop;
	enum govrec_status rc;

	stop = len >= 22 + 0xffff ? len - 22 - 0xffff : 0;
	for (k = len >= 22 ? len - 22 + 1 : 0; k-- > stop;)
		if (memcmp(s + k, "PK\x05\x06", 4) == 0) {
			eocd = s + k;
			break;
		}
	if (!eocd) {
		struct govrec_buf b = GOVREC_BUF_INIT;

		govrec_buf_adds(&b, "is not a readable archive (reading the central directory");
		if (*prefix) {
			govrec_buf_adds(&b, " of ");
			add_name(&b, "", prefix);
		}
		govrec_buf_adds(&b, "): there is none, the zip is truncated or damaged");
		govrec_error_set(err, GOVREC_INVALID, "%s", b.data);
		govrec_buf_release(&b);
		return GOVREC_INVALID;
	}
	entries = get16(eocd + 10);
	p = get32(eocd + 16);
	if ((entries == 0xffff || p == 0xffffffff) &&
	    !zip64_directory(s, len, (size_t)(eocd - s), &entries, &p))
		return GOVREC_OK; /* damaged: libarchive says how */
	for (i = 0; i < entries; i++) {
		size_t nlen, total;
		uint64_t local;

		if (p > len || len - p < 46 || memcmp(s + p, "PK\x01\x02", 4) != 0)
			return GOVREC_OK; /* damaged: libarchive says how */
		nlen = get16(s + p + 28);
		total = 46 + nlen + get16(s + p + 30) + get16(s + p + 32);
		if (len - p < total)
			return GOVREC_OK;
		if ((rc = check_raw_name(prefix, s + p + 46, nlen, err)) != GOVREC_OK)
			return rc;
		local = local_offset(s + p, total);
		if (local < len && len - local >= 30 && memcmp(s + local, "PK\x03\x04", 4) == 0 &&
		    len - local - 30 >= get16(s + local + 26) &&
		    (rc = check_raw_name(prefix, s + local + 30, get16(s + local + 26), err)) !=
			    GOVREC_OK)
			return rc;
		p += total;
	}
	return GOVREC_OK;
}

static enum govrec_status walk_archive(struct walk *w, const void *data, size_t len,
				       const char *prefix, unsigned depth,
				       struct govrec_error *err);

/*
 * Counts n more bytes of entry name (which has size bytes so far) and checks
 * the limits: the entry's size, the walk's total, this archive's ratio.
 */
static enum govrec_status count(struct walk *w, uint64_t n, uint64_t size, uint64_t *expanded,
				size_t archive_len, const char *prefix, const char *name,
				struct govrec_error *err)
{
	const struct govrec_import_limits *l = w->limits;
	struct govrec_buf msg = GOVREC_BUF_INIT;
	enum govrec_status rc = GOVREC_OK;

	*expanded += n;
	w->expanded += n;
	if (size > l->max_file) {
		govrec_buf_adds(&msg, "is larger than ");
		add_size(&msg, l->max_file);
		rc = entry_error(err, GOVREC_INVALID, prefix, name, msg.data);
	} else if (w->expanded > l->max_expanded) {
		govrec_buf_adds(&msg, "takes the archive over ");
		add_size(&msg, l->max_expanded);
		govrec_buf_adds(&msg, " expanded");
		rc = entry_error(err, GOVREC_INVALID, prefix, name, msg.data);
	} else if (l->max_ratio && *expanded > RATIO_FLOOR &&
		   *expanded / l->max_ratio > archive_len) {
		govrec_buf_addf(&msg, "expands the archive more than %u times its size (a zip bomb?)",
				l->max_ratio);
		rc = entry_error(err, GOVREC_INVALID, prefix, name, msg.data);
	}
	govrec_buf_release(&msg);
	return rc;
}

/* A wanted part of a package over its limit (govrec_archive_walk_parts). */
static enum govrec_status part_too_large(struct walk *w, const char *prefix, const char *name,
					 struct govrec_error *err)
{
	struct govrec_buf msg = GOVREC_BUF_INIT;
	enum govrec_status rc;

	govrec_buf_adds(&msg, "is larger than ");
	add_size(&msg, w->parts->max_part);
	govrec_buf_addf(&msg, ", the limit of %s", w->parts->what);
	rc = entry_error(err, GOVREC_INVALID, prefix, name, msg.data);
	govrec_buf_release(&msg);
	return rc;
}

/*
 * Reads the data of the current entry, checking limits after each chunk:
 * into b when keep, else through b's first chunk only (counted, not kept).
 */
static enum govrec_status read_entry(struct walk *w, struct archive *a, uint64_t *expanded,
				     size_t archive_len, const char *prefix, const char *name,
				     int keep, struct govrec_buf *b, struct govrec_error *err)
{
	enum govrec_status rc = GOVREC_OK;
	uint64_t size = 0;

	while (rc == GOVREC_OK) {
		la_ssize_t n;

		if (!keep)
			govrec_buf_setlen(b, 0);
		govrec_buf_grow(b, CHUNK);
		n = archive_read_data(a, b->data + b->len, CHUNK);
		if (n == 0)
			break;
		/* Unlike a header's, a data warning means damaged data (a bad CRC). */
		if (n < 0)
			return archive_failure(a, err, prefix, name, "reading");
		govrec_buf_setlen(b, b->len + (size_t)n);
		size += (uint64_t)n;
		rc = count(w, (uint64_t)n, size, expanded, archive_len, prefix, name, err);
		if (rc == GOVREC_OK && keep && w->parts && size > w->parts->max_part)
			rc = part_too_large(w, prefix, name, err);
	}
	return rc;
}

/* Remembers prefix + name, for the duplicate check at the end of the first pass. */
static void remember_name(struct walk *w, const char *prefix, const char *name)
{
	struct govrec_buf b = GOVREC_BUF_INIT;

	if (w->nnames == w->capnames) {
		size_t cap = w->capnames ? w->capnames * 2 : 64;
		char **v = realloc(w->names, cap * sizeof(*v));

		if (!v)
			govrec_oom();
		w->names = v;
		w->capnames = cap;
	}
	govrec_buf_adds(&b, prefix);
	govrec_buf_adds(&b, name);
	w->names[w->nnames++] = govrec_buf_detach(&b, NULL);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Two entries with one name: which one a tool extracts differs from tool to
 * tool (the first, the last, both with a rename), so the archive is refused
 * rather than archived as one reading of it.
 */
static enum govrec_status check_duplicates(struct walk *w, struct govrec_error *err)
{
	size_t i;

	qsort(w->names, w->nnames, sizeof(*w->names), by_name);
	for (i = 1; i < w->nnames; i++)
		if (strcmp(w->names[i - 1], w->names[i]) == 0)
			return entry_error(err, GOVREC_INVALID, "", w->names[i],
					   "appears more than once in the archive");
	return GOVREC_OK;
}

static int has_nested_name(const char *name)
{
	size_t n = strlen(name), m;
	const char *const *s;

	for (s = nested_suffixes; *s; s++) {
		m = strlen(*s);
		if (n > m && strcasecmp(name + n - m, *s) == 0)
			return 1;
	}
	return 0;
}

/* Checks one entry header, then reads and hands over (or walks into) its data. */
static enum govrec_status walk_entry(struct walk *w, struct archive *a,
				     struct archive_entry *e, uint64_t *expanded,
				     size_t archive_len, const char *prefix, unsigned depth,
				     struct govrec_error *err)
{
	const char *name = archive_entry_pathname_utf8(e);
	struct govrec_buf b = GOVREC_BUF_INIT, msg = GOVREC_BUF_INIT;
	enum govrec_status rc;
	mode_t type;
	int nested, keep;

	if (!name)
		name = archive_entry_pathname(e);
	if (!name)
		return entry_error(err, GOVREC_INVALID, prefix, "",
				   "has a name that cannot be read in its character set");
	rc = check_name(prefix, name, err);
	if (rc != GOVREC_OK)
		return rc;
	type = archive_entry_filetype(e);
	if (archive_entry_hardlink(e))
		return entry_error(err, GOVREC_INVALID, prefix, name, "is a hard link");
	if (type == AE_IFLNK || archive_entry_symlink(e))
		return entry_error(err, GOVREC_INVALID, prefix, name, "is a symbolic link");
	if (type == AE_IFDIR)
		return GOVREC_OK;
	if (type != AE_IFREG)
		return entry_error(err, GOVREC_INVALID, prefix, name,
				   "is a device or special file, not a plain file");
	nested = has_nested_name(name);
	keep = nested || !w->parts || w->parts->want(name);
	if (w->checking)
		remember_name(w, prefix, name);
	if (archive_entry_size_is_set(e) && archive_entry_size(e) >= 0) {
		uint64_t size = (uint64_t)archive_entry_size(e);

		if (keep && !nested && w->parts && size > w->parts->max_part)
			return part_too_large(w, prefix, name, err);
		/* The first pass counts the sizes headers declare; libarchive then
		 * skips the data (unless the walk is whole).  Entries that may be
		 * archives are read, to check what they hold too. */
		if (w->checking && !nested && !w->whole)
			return count(w, size, size, expanded, archive_len, prefix, name, err);
		if (size > w->limits->max_file)
			return count(w, 0, size, expanded, archive_len, prefix, name, err);
	} else if (w->checking && !nested && !w->whole) {
		return GOVREC_OK; /* no size given: the second pass counts as it reads */
	}
	if (w->checking && !nested)
		keep = 0; /* a whole first pass reads the data through, holding none */
	rc = read_entry(w, a, expanded, archive_len, prefix, name, keep, &b, err);
	if (rc != GOVREC_OK)
		goto out;
	govrec_buf_adds(&msg, prefix);
	govrec_buf_adds(&msg, name);
	if (nested && govrec_archive_detect(b.data, b.len)) {
		if (depth >= w->limits->max_depth) {
			govrec_buf_reset(&msg);
			govrec_buf_addf(&msg, "is an archive nested more than %u deep",
					w->limits->max_depth);
			rc = entry_error(err, GOVREC_INVALID, prefix, name, msg.data);
			goto out;
		}
		govrec_buf_addch(&msg, '/');
		rc = walk_archive(w, b.data, b.len, msg.data, depth + 1, err);
		goto out;
	}
	if (w->checking || !keep)
		goto out;
	if (w->caller)
		uselocale(w->caller);
	if (w->fn(msg.data, b.data, b.len, w->ctx))
		w->stopped = 1;
	if (w->caller)
		uselocale(w->utf8);
out:
	govrec_buf_release(&msg);
	govrec_buf_release(&b);
	return rc;
}

static enum govrec_status walk_archive(struct walk *w, const void *data, size_t len,
				       const char *prefix, unsigned depth,
				       struct govrec_error *err)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	enum govrec_status rc = GOVREC_OK;
	uint64_t expanded = 0;
	size_t entries = 0;
	int retries = 0, r;

	if (!a)
		return govrec_error_oom(err);
	/* Formats and filters compiled into libarchive; none runs a program. */
	if (archive_read_support_format_zip(a) != ARCHIVE_OK ||
	    archive_read_support_format_tar(a) != ARCHIVE_OK ||
	    archive_read_support_format_gnutar(a) != ARCHIVE_OK ||
	    archive_read_support_filter_gzip(a) != ARCHIVE_OK ||
	    archive_read_support_filter_bzip2(a) != ARCHIVE_OK ||
	    archive_read_support_filter_xz(a) != ARCHIVE_OK) {
		rc = govrec_error_set(err, GOVREC_ERROR,
				      "libarchive cannot read zip, tar, gzip, bzip2 and xz "
				      "by itself: %s",
				      archive_error_string(a) ? archive_error_string(a) : "?");
		goto out;
	}
	if (len == 0) {
		rc = govrec_error_set(err, GOVREC_INVALID, "is an empty archive");
		goto out;
	}
	if (w->checking && len >= 4 && memcmp(data, "PK", 2) == 0 &&
	    (rc = check_zip_names(data, len, prefix, err)) != GOVREC_OK)
		goto out;
	r = archive_read_open_memory(a, data, len);
	if (r < ARCHIVE_WARN) {
		rc = archive_failure(a, err, prefix, NULL, "opening");
		goto out;
	}
	while (!w->stopped) {
		r = archive_read_next_header(a, &e);
		if (r == ARCHIVE_EOF)
			break;
		if (r == ARCHIVE_RETRY && ++retries <= MAX_RETRIES)
			continue;
		if (r < ARCHIVE_WARN) {
			rc = archive_failure(a, err, prefix, NULL,
					     r == ARCHIVE_RETRY ? "retrying a header in"
								: "reading a header in");
			goto out;
		}
		retries = 0;
		if (++entries > w->limits->max_entries) {
			struct govrec_buf msg = GOVREC_BUF_INIT;
			const char *name = archive_entry_pathname_utf8(e);

			govrec_buf_addf(&msg, "is one entry more than the limit of %zu",
					w->limits->max_entries);
			rc = entry_error(err, GOVREC_INVALID, prefix,
					 name ? name : "", msg.data);
			govrec_buf_release(&msg);
			goto out;
		}
		rc = walk_entry(w, a, e, &expanded, len, prefix, depth, err);
		if (rc != GOVREC_OK)
			goto out;
	}
out:
	archive_read_free(a);
	return rc;
}

int govrec_archive_gzip_tar(const void *data, size_t len)
{
	struct archive *a;
	struct archive_entry *e;
	int tar = 0;

	/* libarchive reads uncompressed input too: gzip is checked here */
	if (len < 2 || memcmp(data, "\x1f\x8b", 2) != 0)
		return 0;
	a = archive_read_new();
	if (!a)
		govrec_oom();
	/*
	 * Only the tar readers are enabled, so a header read means a tar: and
	 * libarchive decompresses only as far as that first header.
	 */
	if (archive_read_support_filter_gzip(a) == ARCHIVE_OK &&
	    archive_read_support_format_tar(a) == ARCHIVE_OK &&
	    archive_read_support_format_gnutar(a) == ARCHIVE_OK &&
	    archive_read_open_memory(a, data, len) == ARCHIVE_OK)
		tar = archive_read_next_header(a, &e) >= ARCHIVE_WARN;
	archive_read_free(a);
	return tar;
}

static enum govrec_status walk_two_passes(const void *data, size_t len,
					  const struct govrec_import_limits *limits,
					  const struct govrec_archive_parts *parts, int whole,
					  int (*fn)(const char *name, const void *bytes, size_t len,
						    void *ctx),
					  void *ctx, struct govrec_error *err);

enum govrec_status govrec_archive_walk(const void *data, size_t len,
				       const struct govrec_import_limits *limits,
				       int (*fn)(const char *name, const void *bytes, size_t len,
						 void *ctx),
				       void *ctx, struct govrec_error *err)
{
	return walk_two_passes(data, len, limits, NULL, 0, fn, ctx, err);
}

enum govrec_status govrec_archive_walk_whole(const void *data, size_t len,
					     const struct govrec_import_limits *limits,
					     int (*fn)(const char *name, const void *bytes,
						       size_t len, void *ctx),
					     void *ctx, struct govrec_error *err)
{
	return walk_two_passes(data, len, limits, NULL, 1, fn, ctx, err);
}

enum govrec_status govrec_archive_walk_parts(const void *data, size_t len,
					     const struct govrec_import_limits *limits,
					     const struct govrec_archive_parts *parts,
					     int (*fn)(const char *name, const void *bytes,
						       size_t len, void *ctx),
					     void *ctx, struct govrec_error *err)
{
	return walk_two_passes(data, len, limits, parts, 0, fn, ctx, err);
}

static enum govrec_status walk_two_passes(const void *data, size_t len,
					  const struct govrec_import_limits *limits,
					  const struct govrec_archive_parts *parts, int whole,
					  int (*fn)(const char *name, const void *bytes, size_t len,
						    void *ctx),
					  void *ctx, struct govrec_error *err)
{
	struct govrec_import_limits defaults;
	enum govrec_status rc;
	struct walk w;
	size_t i;

	if (!limits) {
		govrec_import_limits_default(&defaults);
		limits = &defaults;
	}
	memset(&w, 0, sizeof(w));
	w.limits = limits;
	w.parts = parts;
	w.whole = whole;
	w.fn = fn;
	w.ctx = ctx;
	/*
	 * libarchive converts UTF-8 entry names (zip's UTF-8 flag, pax headers)
	 * to the current locale's character set, and in the C locale a name
	 * like "Protokoll ä.txt" cannot be converted and is lost.  So the walk
	 * runs in C.UTF-8, for this thread only (uselocale), and fn runs in the
	 * caller's locale again.
	 */
	w.utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	if (w.utf8)
		w.caller = uselocale(w.utf8);
	/* Headers first, so that a bad entry refuses the archive before fn
	 * has seen any of it; then the data. */
	w.checking = 1;
	rc = walk_archive(&w, data, len, "", 1, err);
	if (rc == GOVREC_OK)
		rc = check_duplicates(&w, err);
	for (i = 0; i < w.nnames; i++)
		free(w.names[i]);
	free(w.names);
	if (rc == GOVREC_OK) {
		w.checking = 0;
		w.expanded = 0;
		rc = walk_archive(&w, data, len, "", 1, err);
	}
	if (w.utf8) {
		uselocale(w.caller);
		freelocale(w.utf8);
	}
	return rc;
}
