/*
 * bagit-analyse.c - the checks once a bag has been read: its base
 * directory, bagit.txt and bag-info.txt, every payload and tag manifest
 * line, completeness both ways, fetch.txt, Payload-Oxum, and the minisign
 * signature of tagmanifest-sha512.txt (sign.c).  Every problem is
 * collected rather than stopping at the first.
 *
 * A signed bag (it has tagmanifest-sha512.txt.minisig) and a govrec bundle
 * (bag-info.txt has Govrec-* labels, or a Bag-Software-Agent naming govrec)
 * are held to more than RFC 8493 asks: every file but the signature must be
 * listed in a payload manifest or in the signed tag manifest, so that no
 * byte rides along that the signature does not cover; and fetch.txt is
 * refused.  What govrec_bag_each may later give to restore is worked out
 * here too: each file the verified manifests list, with the strongest
 * checksum they give for it.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bagit-int.h"
#include "govrec/sign.h"
#include "govrec/util.h"

static int cmp_file_name(const void *a, const void *b)
{
	const struct bag_file *x = *(struct bag_file *const *)a, *y = *(struct bag_file *const *)b;
	int c = strcmp(x->name, y->name);

	return c ? c : (x->order < y->order ? -1 : x->order > y->order);
}

static int cmp_file_rel(const void *a, const void *b)
{
	const struct bag_file *x = *(struct bag_file *const *)a, *y = *(struct bag_file *const *)b;

	return strcmp(x->rel, y->rel);
}

struct analysis {
	struct bag_file **rel; /* files inside the base, sorted by rel */
	size_t nrel;
	struct manifest *m;
	size_t nm;
	const struct bag_file *bagit, *baginfo, *sig, *signed_tm, *fetch;
};

static const struct bag_file *find_rel(const struct analysis *an, const char *rel)
{
	size_t lo = 0, hi = an->nrel;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(an->rel[mid]->rel, rel);

		if (c == 0)
			return an->rel[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static const struct mline *find_line(const struct manifest *m, const char *path)
{
	size_t lo = 0, hi = m->nlines;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(m->lines[mid].path, path);

		if (c == 0)
			return &m->lines[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int bag_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * A loose form of a path: ASCII letters in lower case, Latin-1 letters as
 * their base letter, combining marks (U+0300-U+036F) dropped.  Two names
 * alike in it differ only in case or Unicode normalization.
 */
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
 * and outside govrec bundles, that is a warning.
 */
static const struct mline *alias_of(const struct bagv *v, const struct analysis *an,
                                    const struct manifest *m, const struct mline *l)
{
	struct govrec_buf a = GOVREC_BUF_INIT, b = GOVREC_BUF_INIT;
	const struct mline *found = NULL;
	size_t i;

	if (v->version >= 100 || v->strict)
		return NULL;
	loose_key(l->path, &a);
	for (i = 0; i < m->nlines && !found; i++) {
		const struct mline *o = &m->lines[i];

		if (o == l || memcmp(o->digest, l->digest, bag_algs[m->alg].len) != 0 ||
		    !find_rel(an, o->path))
			continue;
		loose_key(o->path, &b);
		if (strcmp(a.data, b.data) == 0)
			found = o;
	}
	govrec_buf_release(&a);
	govrec_buf_release(&b);
	return found;
}

/* Every line of m against the files; every file m should list against m. */
static void check_manifest(struct bagv *v, const struct analysis *an, const struct manifest *m)
{
	const char *mname = m->file->rel;
	size_t i;

	for (i = 0; i < m->nlines; i++) {
		const struct mline *l = &m->lines[i], *alias;
		const struct bag_file *f;
		int is_data = strncmp(l->path, "data/", 5) == 0;

		if (i > 0 && strcmp(l->path, m->lines[i - 1].path) == 0)
			continue; /* reported as a duplicate */
		if (!m->tag && !is_data) {
			bag_problem(v, mname, "line %zu lists '%s', which is not in data/", l->line,
			            l->path);
			continue;
		}
		if (m->tag && is_data) {
			bag_problem(v, mname, "line %zu lists the payload file '%s'", l->line,
			            l->path);
			continue;
		}
		f = find_rel(an, l->path);
		if (!f && (alias = alias_of(v, an, m, l)) != NULL) {
			bag_warning(v, l->path,
			            "is listed in %s but missing; it also lists '%s', the same "
			            "name in another case or Unicode form, which is present",
			            mname, alias->path);
			continue;
		}
		if (!f) {
			bag_problem(v, l->path, "is listed in %s but missing", mname);
			continue;
		}
		if (!(f->have >> m->alg & 1)) {
			bag_problem(v, l->path, "could not be read to check it against %s", mname);
			continue;
		}
		if (sodium_memcmp(f->digest[m->alg], l->digest, bag_algs[m->alg].len) != 0)
			bag_problem(v, l->path, "checksum does not match %s", mname);
	}
	if (m->tag)
		return;
	for (i = 0; i < an->nrel; i++) {
		const struct bag_file *f = an->rel[i];

		if (strncmp(f->rel, "data/", 5) == 0 && !find_line(m, f->rel))
			bag_problem(v, f->rel, "is not listed in %s", mname);
	}
}

/*
 * fetch.txt: "URL LENGTH PATH" lines.  Each PATH must be a normal path
 * inside data/; a file it names that is not present makes the bag
 * incomplete (RFC 8493, 2.2.3).  A govrec bundle never has one.
 */
static void check_fetch(struct bagv *v, const struct analysis *an)
{
	struct govrec_buf text = GOVREC_BUF_INIT, path = GOVREC_BUF_INIT;
	struct bag_lines it;
	const char *s;
	size_t n;

	if (!an->fetch)
		return;
	if (v->strict) {
		bag_problem(v, "fetch.txt",
		            "is refused: a signed bag or a govrec bundle must hold every file "
		            "itself");
		return;
	}
	if (!an->fetch->kept || bag_tag_text(v, an->fetch, &text) != 0) {
		govrec_buf_release(&text);
		return;
	}
	bag_lines_init(&it, text.data, text.len);
	while (bag_lines_next(&it, &s, &n)) {
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
		if (!find_rel(an, path.data))
			bag_problem(v, path.data,
			            "is listed in fetch.txt but not present: the bag is "
			            "incomplete (RFC 8493, 2.2.3); fetch it first");
	}
	govrec_buf_release(&text);
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

static const struct manifest *manifest_of(const struct analysis *an, const struct bag_file *f)
{
	size_t i;

	for (i = 0; i < an->nm && f; i++)
		if (an->m[i].file == f)
			return &an->m[i];
	return NULL;
}

/*
 * In a signed bag or a govrec bundle, no file that no manifest covers: the
 * signature vouches only for what the signed tag manifest lists.
 */
static void check_unlisted(struct bagv *v, const struct analysis *an)
{
	const struct manifest *signed_m = an->sig ? manifest_of(an, an->signed_tm) : NULL;
	size_t i, k;

	for (i = 0; i < an->nrel; i++) {
		const char *rel = an->rel[i]->rel;
		const char *a;
		size_t al;
		int tag, listed = 0;

		if (strncmp(rel, "data/", 5) == 0 || strcmp(rel, SIG_NAME) == 0)
			continue; /* the payload manifests' own check covers data/ */
		if (an->sig) {
			if (strcmp(rel, SIGNED_NAME) == 0)
				continue;
			if (!signed_m || !find_line(signed_m, rel))
				bag_problem(v, rel,
				            "is not listed in the signed %s: a signed bag holds "
				            "no file its signature does not cover",
				            SIGNED_NAME);
			continue;
		}
		if (!strchr(rel, '/') && bag_manifest_alg(rel, &tag, &a, &al) != -2 && tag)
			continue;
		for (k = 0; k < an->nm && !listed; k++)
			listed = an->m[k].tag && find_line(&an->m[k], rel);
		if (!listed)
			bag_problem(v, rel,
			            "is not listed in any tag manifest: a govrec bundle holds "
			            "no file its manifests do not cover");
	}
}
static void check_signature(struct bagv *v, const struct analysis *an)
{
	struct govrec_bag_report *r = v->r;
	struct govrec_error e = GOVREC_ERROR_INIT;
	const struct manifest *signed_m = NULL;
	size_t i;

	if (!an->sig) {
		if (v->opt && v->opt->pub)
			bag_problem(
			    v, NULL,
			    "the bag is not signed (it has no %s), but a public key was given",
			    SIG_NAME);
		return;
	}
	if (!an->sig->kept)
		return;
	if (govrec_signature_key_id(an->sig->kept->data, an->sig->kept->len, r->key_id, &e) !=
	    GOVREC_OK) {
		r->signature = GOVREC_BAG_SIG_INVALID;
		bag_problem(v, SIG_NAME, "%s", e.msg);
		return;
	}
	r->have_key_id = 1;
	if (!v->opt || !v->opt->pub) {
		r->signature = GOVREC_BAG_SIG_UNCHECKED;
		return;
	}
	if (!an->signed_tm || !an->signed_tm->kept) {
		r->signature = GOVREC_BAG_SIG_INVALID;
		bag_problem(v, SIG_NAME, "signs %s, which the bag does not have", SIGNED_NAME);
		return;
	}
	if (govrec_verify_signature(v->opt->pub, an->signed_tm->kept->data,
	                            an->signed_tm->kept->len, an->sig->kept->data,
	                            an->sig->kept->len, &r->trusted_comment, &e) != GOVREC_OK) {
		r->signature = GOVREC_BAG_SIG_INVALID;
		bag_problem(v, SIG_NAME, "%s", e.msg);
		return;
	}
	r->signature = GOVREC_BAG_SIG_VALID;
	/* A valid signature means little unless the signed manifest covers the bag. */
	for (i = 0; i < an->nm; i++)
		if (an->m[i].file == an->signed_tm)
			signed_m = &an->m[i];
	for (i = 0; i < an->nrel && signed_m; i++) {
		const char *rel = an->rel[i]->rel;
		int tag, alg;
		const char *a;
		size_t al;

		alg = bag_manifest_alg(rel, &tag, &a, &al);
		if ((strcmp(rel, "bagit.txt") == 0 || strcmp(rel, "bag-info.txt") == 0 ||
		     (alg != -2 && !tag)) &&
		    !find_line(signed_m, rel)) {
			r->signature = GOVREC_BAG_SIG_INVALID;
			bag_problem(v, rel,
			            "is not listed in the signed %s, so the signature does not "
			            "cover it",
			            SIGNED_NAME);
		}
	}
}

void bag_listed_free(struct bag_listed *l, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(l[i].rel);
	free(l);
}

/*
 * What govrec_bag_each may give: each file present that a payload manifest
 * (under data/) or a tag manifest lists - in a signed bag, only the signed
 * one - with the strongest checksum listed for it.
 */
static void build_listed(struct bagv *v, const struct analysis *an)
{
	const struct manifest *signed_m = an->sig ? manifest_of(an, an->signed_tm) : NULL;
	size_t i, k;

	v->listed = calloc(an->nrel ? an->nrel : 1, sizeof(*v->listed));
	if (!v->listed)
		abort();
	for (i = 0; i < an->nrel; i++) {
		const struct bag_file *f = an->rel[i];
		struct bag_listed *l = &v->listed[v->nlisted];
		int payload = strncmp(f->rel, "data/", 5) == 0, found = 0;

		for (k = 0; k < an->nm; k++) {
			const struct manifest *m = &an->m[k];
			const struct mline *line;

			if (m->tag == payload || (m->tag && an->sig && m != signed_m))
				continue;
			line = find_line(m, f->rel);
			if (!line || (found && m->alg <= l->alg))
				continue;
			l->alg = m->alg;
			memcpy(l->digest, line->digest, bag_algs[m->alg].len);
			found = 1;
		}
		if (!found)
			continue;
		l->rel = strdup(f->rel);
		if (!l->rel)
			abort();
		l->size = f->size;
		l->payload = payload;
		v->nlisted++;
	}
}

/* The base: the top, or the one directory that holds bagit.txt. */
static void find_base(struct bagv *v, struct bag_file **sorted, struct analysis *an)
{
	size_t i, baselen = 0;
	const char *base = NULL;

	for (i = 0; i < v->nfiles && !base; i++)
		if (strcmp(sorted[i]->name, "bagit.txt") == 0)
			base = "";
	for (i = 0; i < v->nfiles && !base; i++) {
		const char *slash = strchr(sorted[i]->name, '/');

		if (slash && strcmp(slash + 1, "bagit.txt") == 0) {
			base = sorted[i]->name;
			baselen = (size_t)(slash + 1 - base);
		}
	}
	if (base) {
		v->base = strndup(base, baselen);
		if (!v->base)
			abort();
	}
	for (i = 0; i < v->nfiles && base; i++) {
		struct bag_file *f = sorted[i];

		if (strncmp(f->name, v->base, baselen) == 0) {
			f->rel = f->name + baselen;
			if (i == 0 || strcmp(f->name, sorted[i - 1]->name) != 0)
				an->rel[an->nrel++] = f;
		} else {
			bag_problem(v, f->name, "is outside the bag's base directory '%s'",
			            v->base);
		}
	}
	qsort(an->rel, an->nrel, sizeof(*an->rel), cmp_file_rel);
}

/* The tag files that say what the bag holds. */
static void find_tag_files(struct bagv *v, struct analysis *an)
{
	size_t i;

	for (i = 0; i < an->nrel; i++) {
		struct bag_file *f = an->rel[i];
		const char *a;
		size_t al;
		int tag, alg;

		if (strcmp(f->rel, "bagit.txt") == 0)
			an->bagit = f;
		else if (strcmp(f->rel, "bag-info.txt") == 0)
			an->baginfo = f;
		else if (strcmp(f->rel, "fetch.txt") == 0)
			an->fetch = f;
		else if (strcmp(f->rel, SIG_NAME) == 0)
			an->sig = f;
		if (strcmp(f->rel, SIGNED_NAME) == 0)
			an->signed_tm = f;
		if (strchr(f->rel, '/'))
			continue;
		alg = bag_manifest_alg(f->rel, &tag, &a, &al);
		if (alg == -1) {
			bag_problem(v, f->rel,
			            "uses the checksum algorithm '%.*s', which govrec cannot "
			            "check (md5, sha1, sha224, sha256, sha384 and sha512 are "
			            "supported)",
			            (int)al, a);
		} else if (alg >= 0 && f->kept) {
			an->m[an->nm].file = f;
			an->m[an->nm].alg = (enum alg_id)alg;
			an->m[an->nm].tag = tag;
			an->nm++;
		}
	}
}

/*
 * Files that a manifest wants hashed with an algorithm not computed in the
 * first pass (an md5 or sha1 manifest after the payload): a second pass.
 */
static enum govrec_status second_pass(struct bagv *v, const struct analysis *an,
                                      struct govrec_error *err)
{
	unsigned missing_any = 0;
	size_t i, k;

	for (k = 0; k < an->nm; k++) {
		for (i = 0; i < an->nrel; i++) {
			struct bag_file *f = an->rel[i];
			int data = strncmp(f->rel, "data/", 5) == 0;

			if (data == !an->m[k].tag && !(f->have >> an->m[k].alg & 1)) {
				f->want |= 1u << an->m[k].alg;
				missing_any = 1;
			}
		}
	}
	if (!missing_any || v->is_dir)
		return GOVREC_OK;
	v->by_name = malloc((v->nfiles ? v->nfiles : 1) * sizeof(*v->by_name));
	if (!v->by_name)
		return govrec_error_oom(err);
	for (i = 0; i < v->nfiles; i++)
		v->by_name[i] = &v->files[i];
	qsort(v->by_name, v->nfiles, sizeof(*v->by_name), cmp_file_name);
	v->pass2 = 1;
	return bag_walk_archive(v, err);
}

/* A file an operating system leaves by itself (Finder, Explorer): payload, but said. */
static int system_file(const char *rel)
{
	const char *b = bag_base_name(rel);

	return strcmp(b, ".DS_Store") == 0 || strcmp(b, "Thumbs.db") == 0 ||
	       strcmp(b, "desktop.ini") == 0 || strncmp(b, "._", 2) == 0;
}

static void report_payload(struct bagv *v, const struct analysis *an)
{
	struct govrec_bag_report *r = v->r;
	size_t i, k, npay = 0;

	for (i = 0; i < an->nrel; i++) {
		if (strncmp(an->rel[i]->rel, "data/", 5) == 0) {
			r->files++;
			r->bytes += an->rel[i]->size;
			if (system_file(an->rel[i]->rel))
				bag_warning(v, an->rel[i]->rel,
				            "is a file the operating system writes by itself "
				            "(Finder, Explorer); it is payload all the same");
		}
	}
	for (k = 0; k < an->nm; k++)
		if (!an->m[k].tag)
			npay++;
	r->algorithms = calloc(npay + 1, sizeof(char *));
	if (!r->algorithms)
		abort();
	for (k = 0, npay = 0; k < an->nm; k++)
		if (!an->m[k].tag && !(r->algorithms[npay++] = strdup(bag_algs[an->m[k].alg].name)))
			abort();
	if (npay == 0)
		bag_problem(v, NULL,
		            "the bag has no payload manifest (manifest-sha512.txt or another)");
}

enum govrec_status bag_analyse(struct bagv *v, struct govrec_error *err)
{
	struct analysis an;
	struct bag_file **sorted;
	size_t i, k;
	int rc = GOVREC_OK;

	memset(&an, 0, sizeof(an));
	sorted = malloc((v->nfiles ? v->nfiles : 1) * sizeof(*sorted));
	an.rel = malloc((v->nfiles ? v->nfiles : 1) * sizeof(*an.rel));
	an.m = calloc(v->nfiles ? v->nfiles : 1, sizeof(*an.m));
	if (!sorted || !an.rel || !an.m) {
		rc = govrec_error_oom(err);
		goto done;
	}
	for (i = 0; i < v->nfiles; i++)
		sorted[i] = &v->files[i];
	qsort(sorted, v->nfiles, sizeof(*sorted), cmp_file_name);
	for (i = 1; i < v->nfiles; i++)
		if (strcmp(sorted[i]->name, sorted[i - 1]->name) == 0)
			bag_problem(v, sorted[i]->name, "appears more than once in the archive");
	find_base(v, sorted, &an);
	find_tag_files(v, &an);
	if (!v->base) {
		bag_problem(v, "bagit.txt", "is missing: this is not a bag");
		goto done;
	}
	bag_check_bagit_txt(v, an.bagit);
	bag_read_bag_info(v, an.baginfo);
	v->strict = an.sig != NULL || govrec_bundle(v->r);
	rc = second_pass(v, &an, err);
	if (rc != GOVREC_OK)
		goto done;
	for (k = 0; k < an.nm; k++)
		bag_parse_manifest(v, &an.m[k]);
	report_payload(v, &an);
	for (k = 0; k < an.nm; k++)
		check_manifest(v, &an, &an.m[k]);
	if (v->strict)
		check_unlisted(v, &an);
	check_fetch(v, &an);
	bag_check_oxum(v);
	check_signature(v, &an);
	build_listed(v, &an);
done:
	for (k = 0; k < an.nm; k++) {
		for (i = 0; i < an.m[k].nlines; i++)
			free(an.m[k].lines[i].path);
		free(an.m[k].lines);
	}
	free(an.m);
	free(an.rel);
	free(sorted);
	return rc;
}
