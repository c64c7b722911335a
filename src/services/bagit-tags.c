/*
 * bagit-tags.c - the text of a bag's tag files: bagit.txt, bag-info.txt
 * and the manifests.
 *
 * RFC 8493 lets a line end in CR, LF or CRLF, and the last line go without
 * one, in every tag file; bag_lines_next() takes all of them.  Tag files
 * other than bagit.txt are in the encoding bagit.txt names
 * (Tag-File-Character-Encoding): they are converted to UTF-8 with iconv(3)
 * before they are parsed, while their checksums stay those of their bytes.
 * The manifests are read line by line from the database (bagit-db.c) and
 * their lines go back into it: they are as long as the bag is big.
 */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sqlite3.h>

#include "bagit-int.h"
#include "govrec/util.h"

/* Lines of a small text in memory (bagit.txt). */
struct bag_lines {
	const char *p;
	size_t left;
	size_t no;
};

static void bag_lines_init(struct bag_lines *it, const char *p, size_t n)
{
	it->p = p;
	it->left = n;
	it->no = 0;
}

/* The next line (without its end) in *s and *n; 0 at the end of the text. */
static int bag_lines_next(struct bag_lines *it, const char **s, size_t *n)
{
	size_t i = 0;

	if (it->left == 0)
		return 0;
	while (i < it->left && it->p[i] != '\n' && it->p[i] != '\r')
		i++;
	*s = it->p;
	*n = i;
	if (i < it->left) {
		if (it->p[i] == '\r' && i + 1 < it->left && it->p[i + 1] == '\n')
			i++;
		i++;
	}
	it->p += i;
	it->left -= i;
	it->no++;
	return 1;
}

static int is_utf8(const char *enc)
{
	return !enc || strcasecmp(enc, "UTF-8") == 0 || strcasecmp(enc, "UTF8") == 0;
}

/* "Label: value" with exactly that separator, as bagit.txt must be. */
static int bagit_line(const char *s, size_t n, const char *label, char *val, size_t vsize)
{
	size_t l = strlen(label);

	if (n < l + 3 || memcmp(s, label, l) != 0 || s[l] != ':' || s[l + 1] != ' ' ||
	    n - l - 2 >= vsize)
		return 0;
	memcpy(val, s + l + 2, n - l - 2);
	val[n - l - 2] = '\0';
	return val[0] != ' ' && val[0] != '\t' && !memchr(val, '\0', n - l - 2);
}

static int parse_version(const char *s)
{
	char *end;
	long major, minor;

	if (s[0] < '0' || s[0] > '9')
		return 0;
	major = strtol(s, &end, 10);
	if (*end != '.' || end[1] < '0' || end[1] > '9')
		return 0;
	minor = strtol(end + 1, &end, 10);
	if (*end || major > 9 || minor > 99)
		return 0;
	return (int)(major * 100 + minor);
}

/*
 * bagit.txt: exactly "BagIt-Version: M.N" and "Tag-File-Character-Encoding:
 * ENC", in UTF-8 with no byte order mark.  1.0 and 0.97 are checked as they
 * are; 0.93 to 0.96 by the rules of 0.97, with a warning.
 */
void bag_check_bagit_txt(struct bagv *v, const struct bag_file *f)
{
	struct govrec_buf text = GOVREC_BUF_INIT;
	const char *s;
	size_t n;
	struct bag_lines it;
	char ver[32], enc[64];
	int ok = 1, got = 0;

	v->version = 0;
	if (!f) {
		bag_problem(v, "bagit.txt", "is missing: this is not a bag");
		return;
	}
	if (!f->kept || bag_kept_load(v, f, 1u << 16, &text) != 0) {
		govrec_buf_release(&text);
		return;
	}
	if (text.len >= 3 && memcmp(text.data, "\xef\xbb\xbf", 3) == 0) {
		bag_problem(v, "bagit.txt",
		            "begins with a byte order mark, which RFC 8493 forbids");
		govrec_buf_release(&text);
		return;
	}
	bag_lines_init(&it, text.data, text.len);
	while (ok && bag_lines_next(&it, &s, &n)) {
		if (it.no == 1)
			ok = bagit_line(s, n, "BagIt-Version", ver, sizeof(ver));
		else if (it.no == 2)
			ok = bagit_line(s, n, "Tag-File-Character-Encoding", enc, sizeof(enc));
		else
			ok = n == 0 && it.left == 0; /* one empty line at the end at most */
		got = (int)it.no;
	}
	govrec_buf_release(&text);
	if (!ok || got < 2) {
		bag_problem(v, "bagit.txt",
		            "is not exactly 'BagIt-Version: M.N' and "
		            "'Tag-File-Character-Encoding: ENCODING'");
		return;
	}
	v->version = parse_version(ver);
	if (v->version != 100 && v->version != 97 && (v->version < 93 || v->version > 96)) {
		bag_problem(v, "bagit.txt",
		            "says BagIt-Version '%s', which govrec does not know (1.0, 0.97 and "
		            "0.93 to 0.96 are checked)",
		            ver);
		v->version = 0;
		return;
	}
	if (v->version < 97)
		bag_warning(v, "bagit.txt",
		            "says BagIt-Version %s, older than 0.97: checked by the rules of 0.97",
		            ver);
	if (!is_utf8(enc)) {
		iconv_t cd = iconv_open("UTF-8", enc);

		if (cd == (iconv_t)-1) {
			bag_problem(v, "bagit.txt",
			            "names the encoding '%s', which iconv does not know", enc);
			return;
		}
		iconv_close(cd);
		v->encoding = strdup(enc);
		if (!v->encoding)
			govrec_oom();
	}
}

static void info_add(struct govrec_bag_report *r, const char *label, size_t ll, const char *value,
                     size_t vl)
{
	struct govrec_bag_info *in;

	while (ll > 0 && (label[ll - 1] == ' ' || label[ll - 1] == '\t'))
		ll--;
	while (vl > 0 && (*value == ' ' || *value == '\t'))
		value++, vl--;
	while (vl > 0 && (value[vl - 1] == ' ' || value[vl - 1] == '\t'))
		vl--;
	if (r->ninfo % 16 == 0) {
		in = realloc(r->info, (r->ninfo + 16) * sizeof(*in));
		if (!in)
			govrec_oom();
		r->info = in;
	}
	in = &r->info[r->ninfo++];
	in->label = strndup(label, ll);
	in->value = strndup(value, vl);
	if (!in->label || !in->value)
		govrec_oom();
}

/* Appends a continuation line to the last value, joined with one space. */
static void info_continue(struct govrec_bag_report *r, const char *s, size_t n)
{
	struct govrec_bag_info *in = &r->info[r->ninfo - 1];
	struct govrec_buf b = GOVREC_BUF_INIT;

	while (n > 0 && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0)
		return;
	govrec_buf_adds(&b, in->value);
	if (b.len)
		govrec_buf_addch(&b, ' ');
	govrec_buf_add(&b, s, n);
	free(in->value);
	in->value = govrec_buf_detach(&b, NULL);
}

/* bag-info.txt: "Label: value" lines (continuations indented) into the report. */
void bag_read_bag_info(struct bagv *v, const struct bag_file *f)
{
	struct bag_text it;
	const char *s;
	size_t n;

	if (!f || !f->kept || bag_text_open(v, f, 1, &it) != 0)
		return;
	while (bag_text_line(&it, &s, &n)) {
		const char *colon;

		if (n == 0)
			continue;
		if (s[0] == ' ' || s[0] == '\t') {
			if (v->r->ninfo)
				info_continue(v->r, s, n);
			else
				bag_problem(v, "bag-info.txt",
				            "line %zu continues a value, but no label comes "
				            "before it",
				            it.no);
			continue;
		}
		colon = memchr(s, ':', n);
		if (!colon || colon == s || memchr(s, '\0', n)) {
			bag_problem(v, "bag-info.txt", "line %zu is not 'Label: value'", it.no);
			continue;
		}
		info_add(v->r, s, (size_t)(colon - s), colon + 1, n - (size_t)(colon + 1 - s));
	}
	bag_text_close(&it);
}

/* Payload-Oxum, once the payload is counted. */
void bag_check_oxum(struct bagv *v)
{
	const struct govrec_bag_report *r = v->r;
	int seen = 0;
	size_t i;

	for (i = 0; i < r->ninfo; i++) {
		const char *val = r->info[i].value, *dot = strchr(val, '.');
		unsigned long long bytes, count;
		char *end;

		if (strcmp(r->info[i].label, "Payload-Oxum") != 0)
			continue;
		seen++;
		errno = 0;
		bytes = strtoull(val, &end, 10);
		if (!dot || end != dot || val[0] < '0' || val[0] > '9' || errno || dot[1] < '0' ||
		    dot[1] > '9' || (count = strtoull(dot + 1, &end, 10), *end != '\0' || errno)) {
			bag_problem(v, "bag-info.txt", "Payload-Oxum '%s' is not <bytes>.<files>",
			            val);
			continue;
		}
		if (bytes != r->bytes || count != r->files)
			bag_problem(v, "bag-info.txt",
			            "Payload-Oxum says %llu bytes in %llu files, but the payload "
			            "has %llu bytes in %llu files",
			            bytes, count, (unsigned long long)r->bytes,
			            (unsigned long long)r->files);
	}
	if (seen > 1)
		bag_problem(v, "bag-info.txt", "has Payload-Oxum %d times", seen);
}

/* A path that is safe and normal: relative, no "..", "." or empty parts.  NULL if so. */
const char *bag_unsafe_path(const char *p)
{
	const char *why = NULL;
	char *c;

	if (*p == '/')
		return "an absolute path";
	c = bag_clean_name(p, &why);
	if (!c)
		return why;
	if (strcmp(c, p) != 0)
		why = "a path that is not in normal form";
	free(c);
	return why;
}

/* One line's path: decoded, "./" and md5sum's '*' dropped with a warning; NULL: refused. */
static const char *line_path(struct bagv *v, const char *name, size_t lineno, const char *s,
                             size_t n, int star, struct govrec_buf *path)
{
	const char *why;

	govrec_bag_path_decode(s, n, path);
	if (strlen(path->data) != path->len) {
		bag_problem(v, name, "line %zu names a path with a NUL byte", lineno);
		return NULL;
	}
	if (star)
		bag_warning(v, name,
		            "line %zu marks its path with '*', as md5sum does for binary mode; "
		            "the '*' is not taken as part of the name",
		            lineno);
	if (strncmp(path->data, "./", 2) == 0 && !v->strict) {
		bag_warning(v, name, "line %zu names '%s' with a leading './', which is dropped",
		            lineno, path->data);
		memmove(path->data, path->data + 2, path->len - 1);
		path->len -= 2;
	}
	why = bag_unsafe_path(path->data);
	if (why) {
		struct govrec_buf safe = GOVREC_BUF_INIT;

		govrec_buf_add_safe(&safe, path->data, 200);
		bag_problem(v, name, "line %zu names '%s', %s; it is refused", lineno, safe.data,
		            why);
		govrec_buf_release(&safe);
		return NULL;
	}
	return path->data;
}

static void add_line(struct bagv *v, const struct manifest *m, const struct govrec_buf *path,
                     size_t lineno, const char *hex)
{
	unsigned char digest[64];
	sqlite3_stmt *st;
	size_t i;

	for (i = 0; i < bag_algs[m->alg].len; i++)
		digest[i] = (unsigned char)(govrec_hex_value((unsigned char)hex[2 * i]) << 4 |
		                            govrec_hex_value((unsigned char)hex[2 * i + 1]));
	st = bag_sql(v->db, Q_INSERT_LINE);
	if (!st)
		return;
	sqlite3_bind_int(st, 1, m->m);
	sqlite3_bind_text(st, 2, path->data, (int)path->len, SQLITE_STATIC);
	sqlite3_bind_blob(st, 3, digest, (int)bag_algs[m->alg].len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)lineno);
	bag_sql_done(v->db, st);
}

/* Parses the lines of manifest m into the database. */
void bag_parse_manifest(struct bagv *v, struct manifest *m)
{
	const char *name = m->file.rel;
	struct govrec_buf path = GOVREC_BUF_INIT;
	size_t hexlen = 2 * bag_algs[m->alg].len;
	struct bag_text it;
	const char *s;
	size_t n;

	if (bag_text_open(v, &m->file, 1, &it) != 0)
		return;
	while (bag_text_line(&it, &s, &n)) {
		size_t i, p;
		int star;

		if (n == 0)
			continue;
		for (i = 0; i < n && govrec_hex_value((unsigned char)s[i]) >= 0; i++)
			;
		for (p = i; p < n && (s[p] == ' ' || s[p] == '\t'); p++)
			;
		if (i != hexlen || p == i || p == n) {
			bag_problem(v, name, "line %zu is not '<%s checksum> <path>'", it.no,
			            bag_algs[m->alg].name);
			continue;
		}
		star = p == i + 1 && s[p] == '*' && p + 1 < n;
		if (!line_path(v, name, it.no, s + p + star, n - p - (size_t)star, star, &path))
			continue;
		add_line(v, m, &path, it.no, s);
	}
	bag_text_close(&it);
	govrec_buf_release(&path);
}
