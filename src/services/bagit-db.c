/*
 * bagit-db.c - where the verifier keeps what it learns about a bag: a
 * private temporary SQLite database (an empty file name: SQLite makes it in
 * the temporary directory, unlinked at once, gone when it is closed), with a
 * small page cache, so that memory stays flat however many files the bag
 * holds - 500 or 500 000.  The names, sizes and checksums of the files, the
 * lines of the manifests and the bytes of the tag files that say what the
 * bag holds go in as they are read; the analysis joins them with SQL.
 *
 * Also here: reading a kept tag file back, whole (bagit.txt, the signature)
 * or line by line, converted to UTF-8 on the way (the manifests, which are as
 * long as the bag is big).
 */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sqlite3.h>

#include "bagit-int.h"

#define LINE_MAX_BYTES (1u << 20) /* a manifest line: a path of up to a MiB */

/* A file's checksum of algorithm ?N, from its row f. */
#define DIGEST(f, n)                                                                               \
	"CASE ?" n " WHEN 0 THEN " f ".d0 WHEN 1 THEN " f ".d1 WHEN 2 THEN " f                     \
	".d2 WHEN 3 THEN " f ".d3 WHEN 4 THEN " f ".d4 ELSE " f ".d5 END"

static const char schema[] =
    "PRAGMA page_size = 16384;"
    "PRAGMA journal_mode = OFF;"
    "PRAGMA synchronous = OFF;"
    "PRAGMA temp_store = FILE;"
    "PRAGMA cache_size = -2048;"
    "PRAGMA locking_mode = EXCLUSIVE;"
    /* Every regular file of the input, in its order. */
    "CREATE TABLE files(id INTEGER PRIMARY KEY, name TEXT NOT NULL,"
    " size INTEGER NOT NULL, have INTEGER NOT NULL, kept INTEGER NOT NULL,"
    " d0 BLOB, d1 BLOB, d2 BLOB, d3 BLOB, d4 BLOB, d5 BLOB);"
    /*
     * The files inside the bag's base, the first of each name, by their path
     * in the bag: sorted once, so that every join with the manifests' lines
     * (sorted by path too) reads both in order, whatever order the input had.
     */
    "CREATE TABLE bag(rel TEXT PRIMARY KEY, id INTEGER NOT NULL, size INTEGER NOT NULL,"
    " have INTEGER NOT NULL, want INTEGER NOT NULL DEFAULT 0, kept INTEGER NOT NULL,"
    " d0 BLOB, d1 BLOB, d2 BLOB, d3 BLOB, d4 BLOB, d5 BLOB) WITHOUT ROWID;"
    "CREATE TABLE content(file INTEGER NOT NULL, seq INTEGER NOT NULL, data BLOB NOT NULL,"
    " PRIMARY KEY(file, seq)) WITHOUT ROWID;"
    "CREATE TABLE manifests(m INTEGER PRIMARY KEY, file INTEGER NOT NULL,"
    " alg INTEGER NOT NULL, tag INTEGER NOT NULL, signed INTEGER NOT NULL);"
    "CREATE TABLE lines(m INTEGER NOT NULL, path TEXT NOT NULL, digest BLOB NOT NULL,"
    " line INTEGER NOT NULL);"
    "CREATE TABLE listed(rel TEXT NOT NULL UNIQUE, size INTEGER NOT NULL,"
    " payload INTEGER NOT NULL, alg INTEGER NOT NULL, digest BLOB NOT NULL,"
    " seen INTEGER NOT NULL DEFAULT 0);"
    "BEGIN;";

static const char *const sql_text[Q_COUNT] = {
    [Q_INSERT_FILE] = "INSERT INTO files(id, name, size, have, kept, d0, d1, d2, d3, d4, d5)"
                      " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    [Q_INSERT_CHUNK] = "INSERT INTO content(file, seq, data) VALUES(?1, ?2, ?3)",
    [Q_CHUNKS] = "SELECT data FROM content WHERE file = ?1 ORDER BY seq",
    [Q_PASS2_FIND] = "SELECT want & ~have FROM bag WHERE rel = ?1 AND want != 0",
    [Q_PASS2_SET] = "UPDATE bag SET have = have | ?2, want = 0, d0 = coalesce(?3, d0),"
                    " d1 = coalesce(?4, d1), d2 = coalesce(?5, d2), d3 = coalesce(?6, d3),"
                    " d4 = coalesce(?7, d4), d5 = coalesce(?8, d5) WHERE rel = ?1",
    [Q_DUP_NAMES] = "SELECT name, count(*) FROM files GROUP BY name HAVING count(*) > 1"
                    " ORDER BY name",
    [Q_BASE_TOP] = "SELECT 1 FROM files WHERE name = 'bagit.txt'",
    [Q_BASE_SUB] = "SELECT name FROM files WHERE name GLOB '*/bagit.txt'"
                   " AND name NOT GLOB '*/*/bagit.txt' ORDER BY name LIMIT 1",
    [Q_OUTSIDE] = "SELECT name FROM files WHERE substr(name, 1, ?1) != ?2 ORDER BY name, id",
    [Q_BUILD_BAG] = "INSERT OR IGNORE INTO bag(rel, id, size, have, kept, d0, d1, d2, d3, d4, d5)"
                    " SELECT substr(name, ?1 + 1), id, size, have, kept, d0, d1, d2, d3, d4, d5"
                    " FROM files WHERE substr(name, 1, ?1) = ?2 ORDER BY name, id",
    [Q_TOP] = "SELECT id, rel, size, have, kept FROM bag WHERE instr(rel, '/') = 0 ORDER BY rel",
    [Q_WANT] = "UPDATE bag SET want = want | (1 << ?1)"
               " WHERE (rel GLOB 'data/*') = ?2 AND (have >> ?1) & 1 = 0",
    [Q_INSERT_MANIFEST] = "INSERT INTO manifests(m, file, alg, tag, signed)"
                          " VALUES(?1, ?2, ?3, ?4, ?5)",
    [Q_INSERT_LINE] = "INSERT INTO lines(m, path, digest, line) VALUES(?1, ?2, ?3, ?4)",
    [Q_MLINES] = "SELECT l.path, l.line, l.digest, f.id, f.have, " DIGEST(
        "f", "2") " FROM lines l INDEXED BY lines_path LEFT JOIN bag f ON f.rel = l.path"
                  " WHERE l.m = ?1 ORDER BY l.path, l.line",
    [Q_ALIAS] = "SELECT o.path FROM lines o JOIN bag f ON f.rel = o.path"
                " WHERE o.m = ?1 AND o.digest = ?2 AND o.path != ?3",
    [Q_UNLISTED_PAYLOAD] = "SELECT rel FROM bag WHERE rel GLOB 'data/*' AND NOT EXISTS"
                           " (SELECT 1 FROM lines WHERE path = bag.rel AND m = ?1)"
                           " ORDER BY rel",
    [Q_PAYLOAD] = "SELECT count(*), coalesce(sum(size), 0) FROM bag WHERE rel GLOB 'data/*'",
    [Q_SYSTEM_FILES] = "SELECT rel FROM bag WHERE rel GLOB 'data/*' AND"
                       " (rel GLOB '*/.DS_Store' OR rel GLOB '*/Thumbs.db'"
                       " OR rel GLOB '*/desktop.ini' OR rel GLOB '*/._*') ORDER BY rel",
    [Q_TAG_UNLISTED_SIGNED] = "SELECT rel FROM bag WHERE"
                              " rel NOT GLOB 'data/*' AND rel != ?2 AND rel != ?3"
                              " AND NOT EXISTS (SELECT 1 FROM lines WHERE path = bag.rel"
                              " AND m = ?1) ORDER BY rel",
    [Q_TAG_UNLISTED_ANY] = "SELECT rel FROM bag WHERE"
                           " rel NOT GLOB 'data/*' AND NOT EXISTS (SELECT 1 FROM lines l"
                           " JOIN manifests mm ON mm.m = l.m WHERE l.path = bag.rel"
                           " AND mm.tag) ORDER BY rel",
    [Q_HAS_REL] = "SELECT 1 FROM bag WHERE rel = ?1",
    [Q_LINE_EXISTS] = "SELECT 1 FROM lines WHERE path = ?2 AND m = ?1",
    [Q_LISTED_BUILD] = "INSERT INTO listed(rel, size, payload, alg, digest)"
                       " SELECT f.rel, f.size, mm.tag = 0, max(mm.alg), l.digest"
                       " FROM bag f JOIN lines l ON l.path = f.rel"
                       " JOIN manifests mm ON mm.m = l.m WHERE"
                       " mm.tag = (f.rel NOT GLOB 'data/*')"
                       " AND (mm.tag = 0 OR ?1 = 0 OR mm.signed)"
                       " GROUP BY f.rel ORDER BY f.rel",
    [Q_LISTED_GET] = "SELECT size, payload, alg, digest, seen FROM listed WHERE rel = ?1",
    [Q_LISTED_SEEN] = "UPDATE listed SET seen = 1 WHERE rel = ?1",
    [Q_LISTED_RESET] = "UPDATE listed SET seen = 0",
    [Q_LISTED_NEXT] = "SELECT rowid, rel FROM listed WHERE rowid > ?1 ORDER BY rowid LIMIT 1",
    [Q_LISTED_UNSEEN] = "SELECT rel FROM listed WHERE seen = 0 ORDER BY rowid LIMIT 1",
};

static void db_fail(struct bag_db *d)
{
	if (!d->failed)
		snprintf(d->msg, sizeof(d->msg), "%s",
		         d->db ? sqlite3_errmsg(d->db) : "cannot open it");
	d->failed = 1;
}

enum govrec_status bag_db_open(struct bag_db *d, struct govrec_error *err)
{
	memset(d, 0, sizeof(*d));
	if (sqlite3_open_v2("", &d->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	        SQLITE_OK ||
	    sqlite3_exec(d->db, schema, NULL, NULL, NULL) != SQLITE_OK) {
		db_fail(d);
		return govrec_error_set(err, GOVREC_ERROR,
		                        "cannot make a temporary database for the bag's file list: "
		                        "%s",
		                        d->msg);
	}
	return GOVREC_OK;
}

void bag_db_close(struct bag_db *d)
{
	size_t i;

	for (i = 0; i < Q_COUNT; i++)
		sqlite3_finalize(d->st[i]);
	sqlite3_close(d->db);
	memset(d, 0, sizeof(*d));
}

sqlite3_stmt *bag_sql(struct bag_db *d, enum bag_sql q)
{
	if (d->failed || !d->db)
		return NULL;
	if (!d->st[q] && sqlite3_prepare_v2(d->db, sql_text[q], -1, &d->st[q], NULL) != SQLITE_OK) {
		db_fail(d);
		return NULL;
	}
	sqlite3_reset(d->st[q]);
	sqlite3_clear_bindings(d->st[q]);
	return d->st[q];
}

int bag_sql_row(struct bag_db *d, sqlite3_stmt *st)
{
	int rc;

	if (!st)
		return 0;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE)
		db_fail(d);
	sqlite3_reset(st);
	return 0;
}

int bag_sql_done(struct bag_db *d, sqlite3_stmt *st)
{
	while (bag_sql_row(d, st))
		;
	return !d->failed;
}

int bag_sql_exec(struct bag_db *d, const char *sql)
{
	if (d->failed)
		return 0;
	if (sqlite3_exec(d->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		db_fail(d);
		return 0;
	}
	return 1;
}

/* ---- kept tag files, read back ---- */

int bag_kept_load(struct bagv *v, const struct bag_file *f, size_t max, struct govrec_buf *out)
{
	sqlite3_stmt *st = bag_sql(v->db, Q_CHUNKS);

	govrec_buf_reset(out);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, f->id);
	while (bag_sql_row(v->db, st)) {
		size_t n = (size_t)sqlite3_column_bytes(st, 0);

		if (out->len + n > max) {
			bag_problem(v, f->rel,
			            "is too large to be read as this tag file (over %zu bytes)",
			            max);
			sqlite3_reset(st);
			return -1;
		}
		govrec_buf_add(out, sqlite3_column_blob(st, 0), n);
	}
	return v->db->failed ? -1 : 0;
}

static int is_utf8(const char *enc)
{
	return !enc || strcasecmp(enc, "UTF-8") == 0 || strcasecmp(enc, "UTF8") == 0;
}

/*
 * Reads f's lines; convert: in the encoding bagit.txt names (every tag file
 * but bagit.txt itself).  Its statement is its own: a walk over one file's
 * lines may run while other statements do.
 */
int bag_text_open(struct bagv *v, const struct bag_file *f, int convert, struct bag_text *t)
{
	memset(t, 0, sizeof(*t));
	t->v = v;
	t->f = f;
	govrec_buf_init(&t->raw);
	govrec_buf_init(&t->text);
	if (convert && !is_utf8(v->encoding)) {
		iconv_t cd = iconv_open("UTF-8", v->encoding);

		if (cd == (iconv_t)-1) {
			bag_problem(v, f->rel,
			            "cannot be read: iconv does not know the encoding '%s'",
			            v->encoding);
			return -1;
		}
		t->cd = cd;
	}
	if (v->db->failed ||
	    sqlite3_prepare_v2(v->db->db, "SELECT data FROM content WHERE file = ?1 ORDER BY seq",
	                       -1, &t->st, NULL) != SQLITE_OK) {
		bag_text_close(t);
		return -1;
	}
	sqlite3_bind_int64(t->st, 1, f->id);
	t->more = 1;
	return 0;
}

void bag_text_close(struct bag_text *t)
{
	if (t->cd)
		iconv_close((iconv_t)t->cd);
	sqlite3_finalize(t->st);
	govrec_buf_release(&t->raw);
	govrec_buf_release(&t->text);
	memset(t, 0, sizeof(*t));
}

/* Converts what raw holds into text; what ends in the middle of a character stays. */
static int convert(struct bag_text *t)
{
	char tmp[4096], *in = t->raw.data, *o;
	size_t inleft = t->raw.len, oleft, r;
	int e;

	while (inleft > 0) {
		o = tmp;
		oleft = sizeof(tmp);
		r = iconv((iconv_t)t->cd, &in, &inleft, &o, &oleft);
		e = r == (size_t)-1 ? errno : 0;
		govrec_buf_add(&t->text, tmp, sizeof(tmp) - oleft);
		if (e == EINVAL)
			break; /* the rest of a character comes with the next chunk */
		if (e != 0 && e != E2BIG) {
			bag_problem(t->v, t->f->rel, "is not valid %s", t->v->encoding);
			return -1;
		}
	}
	if (inleft)
		memmove(t->raw.data, in, inleft);
	govrec_buf_setlen(&t->raw, inleft);
	return 0;
}

/* Reads the next chunk into text (dropping what was consumed): 1, 0 at the end, -1. */
static int refill(struct bag_text *t)
{
	const void *p;
	size_t n;

	if (!t->more)
		return 0;
	if (t->pos > 0) {
		memmove(t->text.data, t->text.data + t->pos, t->text.len - t->pos);
		govrec_buf_setlen(&t->text, t->text.len - t->pos);
		t->pos = 0;
	}
	if (!bag_sql_row(t->v->db, t->st)) {
		t->more = 0;
		if (t->v->db->failed)
			return -1;
		if (t->cd && t->raw.len) {
			bag_problem(t->v, t->f->rel, "ends in the middle of a %s character",
			            t->v->encoding);
			return -1;
		}
		return 0;
	}
	p = sqlite3_column_blob(t->st, 0);
	n = (size_t)sqlite3_column_bytes(t->st, 0);
	if (!t->cd) {
		govrec_buf_add(&t->text, p, n);
		return 1;
	}
	govrec_buf_add(&t->raw, p, n);
	if (convert(t) != 0)
		return -1;
	/* A byte order mark the conversion kept is not text. */
	if (t->no == 0 && t->text.len >= 3 && memcmp(t->text.data, "\xef\xbb\xbf", 3) == 0) {
		memmove(t->text.data, t->text.data + 3, t->text.len - 3);
		govrec_buf_setlen(&t->text, t->text.len - 3);
	}
	return 1;
}

int bag_text_line(struct bag_text *t, const char **s, size_t *n)
{
	size_t i = 0, avail; /* i: how far this line was scanned, from t->pos */
	const char *p;

	if (t->failed || !t->st)
		return 0;
	for (;;) {
		avail = t->text.len - t->pos;
		p = avail ? t->text.data + t->pos : "";
		while (i < avail && p[i] != '\n' && p[i] != '\r')
			i++;
		/* Done: a line end (a CR with the byte after it known), or the end of the file. */
		if (i < avail && (p[i] == '\n' || i + 1 < avail || !t->more))
			break;
		if (i >= avail && !t->more)
			break;
		if (i > LINE_MAX_BYTES) {
			bag_problem(t->v, t->f->rel, "line %zu is longer than %u bytes", t->no + 1,
			            LINE_MAX_BYTES);
			t->failed = 1;
			return 0;
		}
		if (refill(t) < 0) { /* compacts text: t->pos becomes 0, i stays right */
			t->failed = 1;
			return 0;
		}
	}
	if (avail == 0)
		return 0;
	*s = p;
	*n = i;
	if (i < avail) {
		if (p[i] == '\r' && i + 1 < avail && p[i + 1] == '\n')
			i++;
		i++;
	}
	t->pos += i;
	t->no++;
	return 1;
}
