/*
 * bagit-analyse.c - the checks once a bag has been read: its base
 * directory, bagit.txt and bag-info.txt, every payload and tag manifest
 * line, completeness both ways, fetch.txt, Payload-Oxum, and the minisign
 * signature of tagmanifest-sha512.txt (sign.c).  Every problem is
 * collected rather than stopping at the first.  What was read is in the
 * bag's temporary database (bagit-db.c); the checks are joins there, so
 * they need no memory per file.
 *
 * A signed bag (it has tagmanifest-sha512.txt.minisig) and a govrec bundle
 * (bag-info.txt has Govrec-* labels, or a Bag-Software-Agent naming govrec)
 * are held to more than RFC 8493 asks: every file but the signature must be
 * listed in a payload manifest or in the signed tag manifest, so that no
 * byte rides along that the signature does not cover; and fetch.txt is
 * refused.  What govrec_bag_each may later give to restore is worked out
 * here too (the listed table): each file the verified manifests list, with
 * the strongest checksum they give for it.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sqlite3.h>

#include "bagit-int.h"
#include "govrec/sign.h"
#include "govrec/util.h"

#define MANIFESTS_MAX (2 * ALG_COUNT) /* manifest-ALG.txt and tagmanifest-ALG.txt */

struct analysis {
	struct manifest m[MANIFESTS_MAX];
	size_t nm;
	struct bag_file bagit, baginfo, sig, signed_tm, fetch;
	int has_bagit, has_baginfo, has_sig, has_signed_tm, has_fetch;
	int signed_m; /* the signed tag manifest's number; -1 when none */
};

static int has_rel(struct bagv *v, const char *rel)
{
	sqlite3_stmt *st = bag_sql(v->db, Q_HAS_REL);
	int found;

	if (!st)
		return 0;
	sqlite3_bind_text(st, 1, rel, -1, SQLITE_STATIC);
	found = bag_sql_row(v->db, st);
	sqlite3_reset(st);
	return found;
}

static int line_exists(struct bagv *v, int m, const char *path)
{
	sqlite3_stmt *st = bag_sql(v->db, Q_LINE_EXISTS);
	int found;

	if (!st || m < 0)
		return 0;
	sqlite3_bind_int(st, 1, m);
	sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
	found = bag_sql_row(v->db, st);
	sqlite3_reset(st);
	return found;
}

static const char *col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? (const char *)s : "";
}

static void loose_key(const char *p, struct govrec_buf *out)
{
	static const char latin1[] = "aaaaaaaceeeeiiiidnooooo*ouuuuyts"
	                             "aaaaaaaceeeeiiiidnooooo/ouuuuyty";
	const unsigned char *s = (const unsigned char *)p;

	govrec_buf_reset(out);
	for (; *s; s++) {
		if (s[0] == 0xc3 && s[1] >= 0x80 && s[1] <= 0xbf) {
			govrec_buf_addch(out, latin1[s[1] - 0x80]);
			s++;
		} else if ((s[0] == 0xcc && s[1] >= 0x80 && s[1] <= 0xbf) ||
		           (s[0] == 0xcd && s[1] >= 0x80 && s[1] <= 0xaf)) {
			s++;
		} else {
			govrec_buf_addch(out, *s >= 'A' && *s <= 'Z' ? *s + 32 : *s);
		}
	}
}

/*
 * A line of m whose file is missing, but that another line names in
 * another case or normalization, with the same checksum, and that file is
 * present: what a bag made on macOS or Windows may hold.  Before BagIt 1.0,
 * and outside govrec bundles, that is a warning.  The alias, in out.
 */
static int alias_of(struct bagv *v, const struct manifest *m, const char *path, const void *digest,
                    struct govrec_buf *out)
{
	struct govrec_buf a = GOVREC_BUF_INIT, b = GOVREC_BUF_INIT;
	sqlite3_stmt *st;
	int found = 0;

	if (v->version >= 100 || v->strict || !(st = bag_sql(v->db, Q_ALIAS)))
		return 0;
	loose_key(path, &a);
	sqlite3_bind_int(st, 1, m->m);
	sqlite3_bind_blob(st, 2, digest, (int)bag_algs[m->alg].len, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, path, -1, SQLITE_STATIC);
	while (!found && bag_sql_row(v->db, st)) {
		loose_key(col_text(st, 0), &b);
		if (strcmp(a.data, b.data) == 0) {
			govrec_buf_reset(out);
			govrec_buf_adds(out, col_text(st, 0));
			found = 1;
		}
	}
	sqlite3_reset(st);
	govrec_buf_release(&a);
	govrec_buf_release(&b);
	return found;
}

/*
 * A path listed again (prev: the line before, of the same path): a problem in
 * BagIt 1.0; before it, a warning when both give the same checksum
 * (bagit-python accepts them so).
 */
static void duplicate(struct bagv *v, const struct manifest *m, const char *path, long long prev,
                      int same, long long line)
{
	if (v->version < 100 && !v->strict && same)
		bag_warning(v, m->file.rel, "lists '%s' twice (lines %lld and %lld)", path, prev,
		            line);
	else
		bag_problem(v, m->file.rel, "lists '%s' twice (lines %lld and %lld)", path, prev,
		            line);
}

/* One line of m (the first for its path) against the file it names. */
static void check_line(struct bagv *v, const struct manifest *m, sqlite3_stmt *st,
                       struct govrec_buf *alias)
{
	const char *mname = m->file.rel, *path = col_text(st, 0);
	long long line = sqlite3_column_int64(st, 1);
	const void *want = sqlite3_column_blob(st, 2), *got;
	int is_data = strncmp(path, "data/", 5) == 0;
	unsigned have;

	if (!m->tag && !is_data) {
		bag_problem(v, mname, "line %lld lists '%s', which is not in data/", line, path);
		return;
	}
	if (m->tag && is_data) {
		bag_problem(v, mname, "line %lld lists the payload file '%s'", line, path);
		return;
	}
	if (sqlite3_column_type(st, 3) == SQLITE_NULL) {
		if (alias_of(v, m, path, want, alias))
			bag_warning(v, path,
			            "is listed in %s but missing; it also lists '%s', the same "
			            "name in another case or Unicode form, which is present",
			            mname, alias->data);
		else
			bag_problem(v, path, "is listed in %s but missing", mname);
		return;
	}
	have = (unsigned)sqlite3_column_int(st, 4);
	got = sqlite3_column_blob(st, 5);
	if (!(have >> m->alg & 1) || !got ||
	    sqlite3_column_bytes(st, 5) != (int)bag_algs[m->alg].len) {
		bag_problem(v, path, "could not be read to check it against %s", mname);
		return;
	}
	if (sodium_memcmp(got, want, bag_algs[m->alg].len) != 0)
		bag_problem(v, path, "checksum does not match %s", mname);
}

/*
 * Every line of m against the files, in the order of their paths: a path
 * that comes again is a duplicate, checked once; then every file m should
 * list against m.
 */
static void check_manifest(struct bagv *v, const struct manifest *m)
{
	struct govrec_buf alias = GOVREC_BUF_INIT, prev = GOVREC_BUF_INIT;
	unsigned char prev_digest[64];
	long long prev_line = 0;
	sqlite3_stmt *st;

	st = bag_sql(v->db, Q_MLINES);
	if (st) {
		sqlite3_bind_int(st, 1, m->m);
		sqlite3_bind_int(st, 2, (int)m->alg);
	}
	while (st && bag_sql_row(v->db, st)) {
		const char *path = col_text(st, 0);
		const void *digest = sqlite3_column_blob(st, 2);
		int dlen = sqlite3_column_bytes(st, 2);

		if (prev.len && strcmp(prev.data, path) == 0) {
			duplicate(v, m, path, prev_line,
			          dlen == (int)bag_algs[m->alg].len &&
			              memcmp(prev_digest, digest, (size_t)dlen) == 0,
			          sqlite3_column_int64(st, 1));
		} else {
			govrec_buf_reset(&prev);
			govrec_buf_adds(&prev, path);
			check_line(v, m, st, &alias);
		}
		prev_line = sqlite3_column_int64(st, 1);
		if (dlen == (int)bag_algs[m->alg].len)
			memcpy(prev_digest, digest, (size_t)dlen);
	}
	govrec_buf_release(&alias);
	govrec_buf_release(&prev);
	if (m->tag || !(st = bag_sql(v->db, Q_UNLISTED_PAYLOAD)))
		return;
	sqlite3_bind_int(st, 1, m->m);
	while (bag_sql_row(v->db, st))
		bag_problem(v, col_text(st, 0), "is not listed in %s", m->file.rel);
}

static void check_fetch(struct bagv *v, struct analysis *an)
{
	struct govrec_buf path = GOVREC_BUF_INIT;
	struct bag_text it;
	const char *s;
	size_t n;

	if (!an->has_fetch)
		return;
	if (v->strict) {
		bag_problem(v, "fetch.txt",
		            "is refused: a signed bag or a govrec bundle must hold every file "
		            "itself");
		return;
	}
	if (!an->fetch.kept || bag_text_open(v, &an->fetch, 1, &it) != 0)
		return;
	while (bag_text_line(&it, &s, &n)) {
		size_t u = 0, l0, l1, p;
		const char *why;

		if (n == 0)
			continue;
		while (u < n && s[u] != ' ' && s[u] != '\t')
			u++;
		for (l0 = u; l0 < n && (s[l0] == ' ' || s[l0] == '\t'); l0++)
			;
		for (l1 = l0; l1 < n && s[l1] != ' ' && s[l1] != '\t'; l1++)
			;
		for (p = l1; p < n && (s[p] == ' ' || s[p] == '\t'); p++)
			;
		if (u == 0 || l0 == u || l1 == l0 || p == l1 || p == n ||
		    !((l1 - l0 == 1 && s[l0] == '-') || strspn(s + l0, "0123456789") >= l1 - l0)) {
			bag_problem(v, "fetch.txt", "line %zu is not '<url> <length> <path>'",
			            it.no);
			continue;
		}
		govrec_bag_path_decode(s + p, n - p, &path);
		why = path.data[0] == '~'             ? "a path in a home directory"
		      : strlen(path.data) != path.len ? "a path with a NUL byte"
		                                      : bag_unsafe_path(path.data);
		if (!why && strncmp(path.data, "data/", 5) != 0)
			why = "a path outside data/";
		if (why) {
			struct govrec_buf safe = GOVREC_BUF_INIT;

			govrec_buf_add_safe(&safe, path.data, 200);
			bag_problem(v, "fetch.txt", "line %zu names '%s', %s; it is refused", it.no,
			            safe.data, why);
			govrec_buf_release(&safe);
			continue;
		}
		if (!has_rel(v, path.data))
			bag_problem(v, path.data,
			            "is listed in fetch.txt but not present: the bag is "
			            "incomplete (RFC 8493, 2.2.3); fetch it first");
	}
	bag_text_close(&it);
	govrec_buf_release(&path);
}

/* A govrec bundle says so in bag-info.txt. */
static int govrec_bundle(const struct govrec_bag_report *r)
{
	const char *agent = govrec_bag_info_get(r, "Bag-Software-Agent");
	size_t i, n;

	for (i = 0; i < r->ninfo; i++)
		if (strncasecmp(r->info[i].label, "Govrec-", 7) == 0)
			return 1;
	for (n = 0; agent && agent[n]; n++)
		if (strncasecmp(agent + n, "govrec", 6) == 0)
			return 1;
	return 0;
}

/*
 * In a signed bag or a govrec bundle, no file that no manifest covers: the
 * signature vouches only for what the signed tag manifest lists.  (Payload
 * files are the payload manifests' own check.)
 */
static void check_unlisted(struct bagv *v, const struct analysis *an)
{
	sqlite3_stmt *st;

	if (an->has_sig) {
		st = bag_sql(v->db, Q_TAG_UNLISTED_SIGNED);
		if (!st)
			return;
		sqlite3_bind_int(st, 1, an->signed_m);
		sqlite3_bind_text(st, 2, SIG_NAME, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, SIGNED_NAME, -1, SQLITE_STATIC);
		while (bag_sql_row(v->db, st))
			bag_problem(v, col_text(st, 0),
			            "is not listed in the signed %s: a signed bag holds no file "
			            "its signature does not cover",
			            SIGNED_NAME);
		return;
	}
	st = bag_sql(v->db, Q_TAG_UNLISTED_ANY);
	while (st && bag_sql_row(v->db, st)) {
		const char *rel = col_text(st, 0), *a;
		size_t al;
		int tag;

		if (!strchr(rel, '/') && bag_manifest_alg(rel, &tag, &a, &al) != -2 && tag)
			continue; /* a tag manifest cannot list itself */
		bag_problem(v, rel,
		            "is not listed in any tag manifest: a govrec bundle holds no file its "
		            "manifests do not cover");
	}
}

/* A valid signature means little unless the signed manifest covers the bag. */
static void check_coverage(struct bagv *v, const struct analysis *an)
{
	struct govrec_bag_report *r = v->r;
	sqlite3_stmt *st = bag_sql(v->db, Q_TOP);

	while (st && bag_sql_row(v->db, st)) {
		const char *rel = col_text(st, 1), *a;
		size_t al;
		int tag, alg = bag_manifest_alg(rel, &tag, &a, &al);

		if ((strcmp(rel, "bagit.txt") == 0 || strcmp(rel, "bag-info.txt") == 0 ||
		     (alg != -2 && !tag)) &&
		    !line_exists(v, an->signed_m, rel)) {
			r->signature = GOVREC_BAG_SIG_INVALID;
			bag_problem(v, rel,
			            "is not listed in the signed %s, so the signature does not "
			            "cover it",
			            SIGNED_NAME);
		}
	}
}

static void check_signature(struct bagv *v, const struct analysis *an)
{
	struct govrec_bag_report *r = v->r;
	struct govrec_error e = GOVREC_ERROR_INIT;
	struct govrec_buf sig = GOVREC_BUF_INIT, tm = GOVREC_BUF_INIT;

	if (!an->has_sig) {
		if (v->opt && v->opt->pub)
			bag_problem(v, NULL,
			            "the bag is not signed (it has no %s), but a public key was "
			            "given",
			            SIG_NAME);
		return;
	}
	if (!an->sig.kept || bag_kept_load(v, &an->sig, 1u << 16, &sig) != 0)
		goto done;
	if (govrec_signature_key_id(sig.data, sig.len, r->key_id, &e) != GOVREC_OK) {
		r->signature = GOVREC_BAG_SIG_INVALID;
		bag_problem(v, SIG_NAME, "%s", e.msg);
		goto done;
	}
	r->have_key_id = 1;
	if (!v->opt || !v->opt->pub) {
		r->signature = GOVREC_BAG_SIG_UNCHECKED;
		goto done;
	}
	if (!an->has_signed_tm || !an->signed_tm.kept ||
	    bag_kept_load(v, &an->signed_tm, 256u << 20, &tm) != 0) {
		r->signature = GOVREC_BAG_SIG_INVALID;
		bag_problem(v, SIG_NAME, "signs %s, which the bag does not have", SIGNED_NAME);
		goto done;
	}
	if (govrec_verify_signature(v->opt->pub, tm.data, tm.len, sig.data, sig.len,
	                            &r->trusted_comment, &e) != GOVREC_OK) {
		r->signature = GOVREC_BAG_SIG_INVALID;
		bag_problem(v, SIG_NAME, "%s", e.msg);
		goto done;
	}
	r->signature = GOVREC_BAG_SIG_VALID;
	check_coverage(v, an);
done:
	govrec_buf_release(&sig);
	govrec_buf_release(&tm);
}

/* The base: the top, or the one directory that holds bagit.txt. */
static void find_base(struct bagv *v)
{
	sqlite3_stmt *st;
	size_t baselen = 0;

	if ((st = bag_sql(v->db, Q_BASE_TOP)) && bag_sql_row(v->db, st)) {
		sqlite3_reset(st);
		v->base = strdup("");
	} else if ((st = bag_sql(v->db, Q_BASE_SUB)) && bag_sql_row(v->db, st)) {
		const char *name = col_text(st, 0);

		baselen = (size_t)(strchr(name, '/') + 1 - name);
		v->base = strndup(name, baselen);
		sqlite3_reset(st);
	} else {
		return;
	}
	if (!v->base)
		govrec_oom();
	if ((st = bag_sql(v->db, Q_OUTSIDE))) {
		sqlite3_bind_int64(st, 1, (sqlite3_int64)baselen);
		sqlite3_bind_text(st, 2, v->base, -1, SQLITE_STATIC);
		while (bag_sql_row(v->db, st))
			bag_problem(v, col_text(st, 0), "is outside the bag's base directory '%s'",
			            v->base);
	}
	if ((st = bag_sql(v->db, Q_BUILD_BAG))) {
		sqlite3_bind_int64(st, 1, (sqlite3_int64)baselen);
		sqlite3_bind_text(st, 2, v->base, -1, SQLITE_STATIC);
		bag_sql_done(v->db, st);
	}
}

static void set_file(struct bag_file *f, sqlite3_stmt *st)
{
	f->id = sqlite3_column_int64(st, 0);
	f->rel = strdup(col_text(st, 1));
	if (!f->rel)
		govrec_oom();
	f->size = (uint64_t)sqlite3_column_int64(st, 2);
	f->have = (unsigned)sqlite3_column_int(st, 3);
	f->kept = sqlite3_column_int(st, 4);
}

/* The tag files that say what the bag holds (at its top). */
static void find_tag_files(struct bagv *v, struct analysis *an)
{
	sqlite3_stmt *st = bag_sql(v->db, Q_TOP);

	while (st && bag_sql_row(v->db, st)) {
		const char *rel = col_text(st, 1), *a;
		size_t al;
		int tag, alg;

		if (strcmp(rel, "bagit.txt") == 0)
			set_file(&an->bagit, st), an->has_bagit = 1;
		else if (strcmp(rel, "bag-info.txt") == 0)
			set_file(&an->baginfo, st), an->has_baginfo = 1;
		else if (strcmp(rel, "fetch.txt") == 0)
			set_file(&an->fetch, st), an->has_fetch = 1;
		else if (strcmp(rel, SIG_NAME) == 0)
			set_file(&an->sig, st), an->has_sig = 1;
		if (strcmp(rel, SIGNED_NAME) == 0)
			set_file(&an->signed_tm, st), an->has_signed_tm = 1;
		alg = bag_manifest_alg(rel, &tag, &a, &al);
		if (alg == -1) {
			bag_problem(v, rel,
			            "uses the checksum algorithm '%.*s', which govrec cannot "
			            "check (md5, sha1, sha224, sha256, sha384 and sha512 are "
			            "supported)",
			            (int)al, a);
		} else if (alg >= 0 && sqlite3_column_int(st, 4) && an->nm < MANIFESTS_MAX) {
			struct manifest *m = &an->m[an->nm];

			set_file(&m->file, st);
			m->alg = (enum alg_id)alg;
			m->tag = tag;
			m->m = (int)an->nm++;
		}
	}
}

/* The manifests into the database, with the signed one marked. */
static void record_manifests(struct bagv *v, struct analysis *an)
{
	size_t k;

	an->signed_m = -1;
	for (k = 0; k < an->nm; k++) {
		sqlite3_stmt *st = bag_sql(v->db, Q_INSERT_MANIFEST);
		int is_signed = an->has_sig && strcmp(an->m[k].file.rel, SIGNED_NAME) == 0;

		if (is_signed)
			an->signed_m = an->m[k].m;
		if (!st)
			return;
		sqlite3_bind_int(st, 1, an->m[k].m);
		sqlite3_bind_int64(st, 2, an->m[k].file.id);
		sqlite3_bind_int(st, 3, (int)an->m[k].alg);
		sqlite3_bind_int(st, 4, an->m[k].tag);
		sqlite3_bind_int(st, 5, is_signed);
		bag_sql_done(v->db, st);
	}
}

/*
 * Files that a manifest wants hashed with an algorithm not computed in the
 * first pass (an md5 or sha1 manifest after the payload): a second pass.
 */
static enum govrec_status second_pass(struct bagv *v, const struct analysis *an,
                                      struct govrec_error *err)
{
	int missing_any = 0;
	size_t k;

	for (k = 0; k < an->nm; k++) {
		sqlite3_stmt *st = bag_sql(v->db, Q_WANT);

		if (!st)
			break;
		sqlite3_bind_int(st, 1, (int)an->m[k].alg);
		sqlite3_bind_int(st, 2, !an->m[k].tag);
		if (bag_sql_done(v->db, st) && sqlite3_changes(v->db->db) > 0)
			missing_any = 1;
	}
	if (!missing_any || v->is_dir)
		return GOVREC_OK;
	v->pass2 = 1;
	return bag_walk_archive(v, err);
}

/* A file an operating system leaves by itself (Finder, Explorer): payload, but said. */
static int system_file(const char *rel)
{
	const char *b = govrec_base_name(rel);

	return strcmp(b, ".DS_Store") == 0 || strcmp(b, "Thumbs.db") == 0 ||
	       strcmp(b, "desktop.ini") == 0 || strncmp(b, "._", 2) == 0;
}

static void report_payload(struct bagv *v, const struct analysis *an)
{
	struct govrec_bag_report *r = v->r;
	sqlite3_stmt *st = bag_sql(v->db, Q_PAYLOAD);
	size_t k, npay = 0;

	if (st && bag_sql_row(v->db, st)) {
		r->files = (uint64_t)sqlite3_column_int64(st, 0);
		r->bytes = (uint64_t)sqlite3_column_int64(st, 1);
		sqlite3_reset(st);
	}
	st = bag_sql(v->db, Q_SYSTEM_FILES);
	while (st && bag_sql_row(v->db, st))
		if (system_file(col_text(st, 0)))
			bag_warning(v, col_text(st, 0),
			            "is a file the operating system writes by itself (Finder, "
			            "Explorer); it is payload all the same");
	for (k = 0; k < an->nm; k++)
		if (!an->m[k].tag)
			npay++;
	r->algorithms = calloc(npay + 1, sizeof(char *));
	if (!r->algorithms)
		govrec_oom();
	for (k = 0, npay = 0; k < an->nm; k++)
		if (!an->m[k].tag && !(r->algorithms[npay++] = strdup(bag_algs[an->m[k].alg].name)))
			govrec_oom();
	if (npay == 0)
		bag_problem(v, NULL,
		            "the bag has no payload manifest (manifest-sha512.txt or another)");
}

static void report_duplicate_names(struct bagv *v)
{
	sqlite3_stmt *st = bag_sql(v->db, Q_DUP_NAMES);

	while (st && bag_sql_row(v->db, st)) {
		long long n;

		for (n = sqlite3_column_int64(st, 1); n > 1; n--)
			bag_problem(v, col_text(st, 0), "appears more than once in the archive");
	}
}

static void analysis_release(struct analysis *an)
{
	size_t k;

	free(an->bagit.rel);
	free(an->baginfo.rel);
	free(an->sig.rel);
	free(an->signed_tm.rel);
	free(an->fetch.rel);
	for (k = 0; k < an->nm; k++)
		free(an->m[k].file.rel);
}

enum govrec_status bag_analyse(struct bagv *v, struct govrec_error *err)
{
	struct analysis an;
	size_t k;
	int rc = GOVREC_OK;

	memset(&an, 0, sizeof(an));
	report_duplicate_names(v);
	find_base(v);
	if (!v->base) {
		bag_problem(v, "bagit.txt", "is missing: this is not a bag");
		goto done;
	}
	find_tag_files(v, &an);
	bag_check_bagit_txt(v, an.has_bagit ? &an.bagit : NULL);
	bag_read_bag_info(v, an.has_baginfo ? &an.baginfo : NULL);
	v->strict = an.has_sig || govrec_bundle(v->r);
	record_manifests(v, &an);
	rc = second_pass(v, &an, err);
	if (rc != GOVREC_OK)
		goto done;
	for (k = 0; k < an.nm; k++)
		bag_parse_manifest(v, &an.m[k]);
	bag_sql_exec(v->db, "CREATE INDEX lines_path ON lines(path, m, line, digest)");
	if (v->version < 100 && !v->strict) /* for alias_of() */
		bag_sql_exec(v->db, "CREATE INDEX lines_digest ON lines(digest, m)");
	report_payload(v, &an);
	for (k = 0; k < an.nm; k++)
		check_manifest(v, &an.m[k]);
	if (v->strict)
		check_unlisted(v, &an);
	check_fetch(v, &an);
	bag_check_oxum(v);
	check_signature(v, &an);
	v->bag->signed_only = an.has_sig;
done:
	analysis_release(&an);
	if (rc == GOVREC_OK && v->db->failed)
		rc = govrec_error_set(
		    err, GOVREC_ERROR,
		    "cannot keep the file list of '%s' in a temporary database: %s", v->input,
		    v->db->msg);
	return rc;
}
