/*
 * check_bagit.c - the BagIt verifier: valid bags in every form (directory,
 * tar, tar.gz, tar.zst, zip; at the top or in one directory), every kind of
 * damage reported with its reason (and all of them, not just the first),
 * hostile entries (traversal, absolute paths, links), signatures, and the
 * MD5 and SHA-1 digests older bags use.  Bags are built here, in C, so each
 * case says exactly what it changes.
 */
#include <archive.h>
#include <archive_entry.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "digest.h"
#include "govrec/bagit.h"
#include "govrec/sign.h"

enum { F_FILE, F_SYMLINK, F_HARDLINK };
enum { A_MD5 = 1, A_SHA1 = 2, A_SHA256 = 4, A_SHA512 = 8 };
enum { OUT_DIR, OUT_TAR, OUT_TGZ, OUT_TZST, OUT_ZIP };

struct tfile {
	char name[256];
	struct govrec_buf data;
	int kind;
};

struct tbag {
	struct tfile f[64];
	int n;
};

static char dir[256];
static int serial;

static void setup(void)
{
	snprintf(dir, sizeof(dir), "%s/govrec-bagit-XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_ge(sodium_init(), 0);
}

static void teardown(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static void bag_free(struct tbag *b)
{
	int i;

	for (i = 0; i < b->n; i++)
		govrec_buf_release(&b->f[i].data);
	b->n = 0;
}

static struct tfile *find(struct tbag *b, const char *name)
{
	int i;

	for (i = 0; i < b->n; i++)
		if (strcmp(b->f[i].name, name) == 0)
			return &b->f[i];
	return NULL;
}

/* Adds or replaces a file. */
static struct tfile *put(struct tbag *b, const char *name, const char *data, size_t len)
{
	struct tfile *f = find(b, name);

	if (!f) {
		ck_assert_int_lt(b->n, 64);
		f = &b->f[b->n++];
		snprintf(f->name, sizeof(f->name), "%s", name);
		govrec_buf_init(&f->data);
	}
	govrec_buf_reset(&f->data);
	govrec_buf_add(&f->data, data, len);
	f->kind = F_FILE;
	return f;
}

static void puts_file(struct tbag *b, const char *name, const char *text)
{
	put(b, name, text, strlen(text));
}

static void drop(struct tbag *b, const char *name)
{
	struct tfile *f = find(b, name);

	ck_assert_ptr_nonnull(f);
	govrec_buf_release(&f->data);
	*f = b->f[--b->n];
}

static void hex_digest(int alg, const struct govrec_buf *d, char *out)
{
	unsigned char h[64];
	size_t n = 0, i;

	switch (alg) {
	case A_MD5: {
		struct govrec_md5 c;

		govrec_md5_init(&c);
		govrec_md5_update(&c, d->data, d->len);
		govrec_md5_final(&c, h);
		n = 16;
		break;
	}
	case A_SHA1: {
		struct govrec_sha1 c;

		govrec_sha1_init(&c);
		govrec_sha1_update(&c, d->data, d->len);
		govrec_sha1_final(&c, h);
		n = 20;
		break;
	}
	case A_SHA256:
		crypto_hash_sha256(h, (const unsigned char *)d->data, d->len);
		n = 32;
		break;
	case A_SHA512:
		crypto_hash_sha512(h, (const unsigned char *)d->data, d->len);
		n = 64;
		break;
	}
	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", h[i]);
}

static const char *alg_name(int alg)
{
	return alg == A_MD5      ? "md5"
	       : alg == A_SHA1   ? "sha1"
	       : alg == A_SHA256 ? "sha256"
	                         : "sha512";
}

/* A manifest of alg over the files that pick (payload or tags) selects. */
static void write_manifest(struct tbag *b, int alg, int tag)
{
	struct govrec_buf m = GOVREC_BUF_INIT;
	char name[64], hex[129];
	int i;

	for (i = 0; i < b->n; i++) {
		int data = strncmp(b->f[i].name, "data/", 5) == 0;

		if (b->f[i].kind != F_FILE || data == tag ||
		    (tag && strncmp(b->f[i].name, "tagmanifest-", 12) == 0))
			continue;
		hex_digest(alg, &b->f[i].data, hex);
		govrec_buf_addf(&m, "%s  %s\n", hex, b->f[i].name);
	}
	snprintf(name, sizeof(name), "%s-%s.txt", tag ? "tagmanifest" : "manifest", alg_name(alg));
	put(b, name, m.data, m.len);
	govrec_buf_release(&m);
}

/* bagit.txt, bag-info.txt, payload manifests of algs, tagmanifest-sha512.txt. */
static void finish(struct tbag *b, int algs)
{
	struct govrec_buf info = GOVREC_BUF_INIT;
	unsigned long long bytes = 0, count = 0;
	int i, a;

	puts_file(b, "bagit.txt", "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
	for (i = 0; i < b->n; i++)
		if (strncmp(b->f[i].name, "data/", 5) == 0 && b->f[i].kind == F_FILE) {
			bytes += b->f[i].data.len;
			count++;
		}
	govrec_buf_addf(&info,
	                "Source-Organization: Test\nExternal-Description: a test bag\n  "
	                "continued here\nPayload-Oxum: %llu.%llu\n",
	                bytes, count);
	put(b, "bag-info.txt", info.data, info.len);
	govrec_buf_release(&info);
	for (a = 1; a <= 8; a <<= 1)
		if (algs & a)
			write_manifest(b, a, 0);
	write_manifest(b, A_SHA512, 1);
}

static void sample(struct tbag *b, int algs)
{
	memset(b, 0, sizeof(*b));
	puts_file(b, "data/minutes/2024-01.txt", "Meeting 117 minutes\n");
	puts_file(b, "data/records/meeting-117.xml", "<debate/>\n");
	puts_file(b, "data/empty.txt", "");
	puts_file(b, "data/with space.txt", "spaces in names are fine\n");
	finish(b, algs);
}

static void make_parents(const char *path)
{
	char tmp[1024];
	char *p;

	snprintf(tmp, sizeof(tmp), "%s", path);
	for (p = tmp + strlen(dir) + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		mkdir(tmp, 0755);
		*p = '/';
	}
}

/* Writes the bag under prefix ("" or "name/") in form out; returns its path. */
static const char *write_bag(struct tbag *b, const char *prefix, int out)
{
	static const char *const ext[] = {"", ".tar", ".tar.gz", ".tar.zst", ".zip"};
	static char path[400];
	char full[1024];
	int i;

	snprintf(path, sizeof(path), "%s/bag%d%s", dir, ++serial, ext[out]);
	if (out == OUT_DIR) {
		ck_assert_int_eq(mkdir(path, 0755), 0);
		for (i = 0; i < b->n; i++) {
			FILE *f;

			snprintf(full, sizeof(full), "%s/%s%s", path, prefix, b->f[i].name);
			make_parents(full);
			if (b->f[i].kind == F_SYMLINK) {
				ck_assert_int_eq(symlink(b->f[i].data.data, full), 0);
				continue;
			}
			f = fopen(full, "wb");
			ck_assert_ptr_nonnull(f);
			ck_assert_uint_eq(fwrite(b->f[i].data.data, 1, b->f[i].data.len, f),
			                  b->f[i].data.len);
			fclose(f);
		}
		return path;
	}
	{
		struct archive *a = archive_write_new();
		struct archive_entry *e;

		if (out == OUT_ZIP) {
			archive_write_set_format_zip(a);
		} else {
			archive_write_set_format_pax_restricted(a);
			if (out == OUT_TGZ)
				archive_write_add_filter_gzip(a);
			if (out == OUT_TZST)
				archive_write_add_filter_zstd(a);
		}
		ck_assert_int_eq(archive_write_open_filename(a, path), ARCHIVE_OK);
		for (i = 0; i < b->n; i++) {
			e = archive_entry_new();
			snprintf(full, sizeof(full), "%s%s", prefix, b->f[i].name);
			archive_entry_set_pathname(e, full);
			archive_entry_set_mtime(e, 1700000000, 0);
			archive_entry_set_perm(e, 0644);
			if (b->f[i].kind == F_SYMLINK) {
				archive_entry_set_filetype(e, AE_IFLNK);
				archive_entry_set_symlink(e, b->f[i].data.data);
				archive_entry_set_size(e, 0);
			} else if (b->f[i].kind == F_HARDLINK) {
				archive_entry_set_filetype(e, AE_IFREG);
				archive_entry_set_hardlink(e, b->f[i].data.data);
				archive_entry_set_size(e, 0);
			} else {
				archive_entry_set_filetype(e, AE_IFREG);
				archive_entry_set_size(e, (la_int64_t)b->f[i].data.len);
			}
			ck_assert_int_eq(archive_write_header(a, e), ARCHIVE_OK);
			if (b->f[i].kind == F_FILE && b->f[i].data.len)
				ck_assert_int_eq(
				    archive_write_data(a, b->f[i].data.data, b->f[i].data.len),
				    (la_ssize_t)b->f[i].data.len);
			archive_entry_free(e);
		}
		ck_assert_int_eq(archive_write_close(a), ARCHIVE_OK);
		archive_write_free(a);
	}
	return path;
}

static int verify(const char *path, const struct govrec_pubkey *pub, struct govrec_bag_report *r)
{
	struct govrec_bag_options opt = {pub, NULL, NULL};
	struct govrec_error err = GOVREC_ERROR_INIT;

	return govrec_bag_verify(path, &opt, r, &err);
}

/* 1 when r has a problem about path (NULL: the bag) whose message contains text. */
static int has(const struct govrec_bag_report *r, const char *path, const char *text)
{
	size_t i;

	for (i = 0; i < r->nproblems; i++) {
		const struct govrec_bag_problem *p = &r->problems[i];

		if ((path ? p->path && strcmp(p->path, path) == 0 : p->path == NULL) &&
		    strstr(p->message, text))
			return 1;
	}
	return 0;
}

static void dump(const struct govrec_bag_report *r)
{
	size_t i;

	for (i = 0; i < r->nproblems; i++)
		fprintf(stderr, "  %s: %s\n", r->problems[i].path ? r->problems[i].path : "-",
		        r->problems[i].message);
}

static void expect_valid(const char *path, const struct govrec_pubkey *pub)
{
	struct govrec_bag_report r;
	int rc = verify(path, pub, &r);

	if (rc != GOVREC_OK)
		dump(&r);
	ck_assert_int_eq(rc, GOVREC_OK);
	ck_assert_uint_eq(r.nproblems, 0);
	ck_assert_uint_eq(r.files, 4);
	ck_assert_uint_eq(r.bytes, 20 + 10 + 0 + 25);
	govrec_bag_report_release(&r);
}

START_TEST(test_valid_every_form)
{
	struct tbag b;
	int out;

	sample(&b, A_SHA256 | A_SHA512);
	for (out = OUT_DIR; out <= OUT_ZIP; out++) {
		expect_valid(write_bag(&b, "", out), NULL);
		expect_valid(write_bag(&b, "govrec-1/", out), NULL);
	}
	bag_free(&b);
}
END_TEST

START_TEST(test_report_fields)
{
	struct govrec_bag_report r;
	struct tbag b;

	sample(&b, A_SHA512 | A_SHA256);
	ck_assert_int_eq(verify(write_bag(&b, "x/", OUT_TAR), NULL, &r), GOVREC_OK);
	ck_assert_int_eq(r.signature, GOVREC_BAG_UNSIGNED);
	ck_assert_str_eq(r.algorithms[0], "sha256");
	ck_assert_str_eq(r.algorithms[1], "sha512");
	ck_assert_ptr_null(r.algorithms[2]);
	govrec_bag_report_release(&r);
	bag_free(&b);
}
END_TEST

START_TEST(test_damage_each_reason)
{
	struct govrec_bag_report r;
	struct tbag b;
	struct tfile *f;
	int out;

	for (out = OUT_DIR; out <= OUT_TGZ; out++) {
		/* A flipped byte in a payload file. */
		sample(&b, A_SHA256 | A_SHA512);
		f = find(&b, "data/minutes/2024-01.txt");
		f->data.data[3] ^= 1;
		ck_assert_int_eq(verify(write_bag(&b, "b/", out), NULL, &r), GOVREC_REFUSED);
		ck_assert(has(&r, "data/minutes/2024-01.txt",
		              "checksum does not match manifest-sha256.txt"));
		ck_assert(has(&r, "data/minutes/2024-01.txt",
		              "checksum does not match manifest-sha512.txt"));
		ck_assert_uint_eq(r.nproblems, 2);
		govrec_bag_report_release(&r);

		/* A flipped byte in a manifest (the tag manifest notices too). */
		f = find(&b, "data/minutes/2024-01.txt");
		f->data.data[3] ^= 1;
		f = find(&b, "manifest-sha256.txt");
		f->data.data[0] = f->data.data[0] == '0' ? '1' : '0';
		ck_assert_int_eq(verify(write_bag(&b, "", out), NULL, &r), GOVREC_REFUSED);
		ck_assert(has(&r, "manifest-sha256.txt",
		              "checksum does not match tagmanifest-sha512.txt"));
		ck_assert_uint_eq(r.nproblems, 2);
		govrec_bag_report_release(&r);
		bag_free(&b);

		/* An added file. */
		sample(&b, A_SHA256 | A_SHA512);
		puts_file(&b, "data/added.txt", "x");
		ck_assert_int_eq(verify(write_bag(&b, "", out), NULL, &r), GOVREC_REFUSED);
		ck_assert(has(&r, "data/added.txt", "is not listed in manifest-sha256.txt"));
		ck_assert(has(&r, "data/added.txt", "is not listed in manifest-sha512.txt"));
		ck_assert(has(&r, "bag-info.txt",
		              "Payload-Oxum says 55 bytes in 4 files, but "
		              "the payload has 56 bytes in 5 files"));
		govrec_bag_report_release(&r);
		bag_free(&b);

		/* A removed file. */
		sample(&b, A_SHA256 | A_SHA512);
		drop(&b, "data/records/meeting-117.xml");
		ck_assert_int_eq(verify(write_bag(&b, "", out), NULL, &r), GOVREC_REFUSED);
		ck_assert(has(&r, "data/records/meeting-117.xml",
		              "is listed in manifest-sha256.txt but missing"));
		ck_assert(has(&r, "bag-info.txt", "Payload-Oxum"));
		govrec_bag_report_release(&r);
		bag_free(&b);

		/* A renamed file. */
		sample(&b, A_SHA256 | A_SHA512);
		f = find(&b, "data/empty.txt");
		snprintf(f->name, sizeof(f->name), "data/renamed.txt");
		ck_assert_int_eq(verify(write_bag(&b, "", out), NULL, &r), GOVREC_REFUSED);
		ck_assert(
		    has(&r, "data/empty.txt", "is listed in manifest-sha512.txt but missing"));
		ck_assert(has(&r, "data/renamed.txt", "is not listed in manifest-sha512.txt"));
		govrec_bag_report_release(&r);
		bag_free(&b);
	}
}
END_TEST

START_TEST(test_every_problem_collected)
{
	struct govrec_bag_report r;
	struct tbag b;

	sample(&b, A_SHA256);
	puts_file(&b, "data/empty.txt", "now it has bytes");
	puts_file(&b, "data/extra", "e");
	drop(&b, "data/records/meeting-117.xml");
	puts_file(&b, "bagit.txt", "BagIt-Version: 2.0\nTag-File-Character-Encoding: UTF-8\n");
	ck_assert_int_eq(verify(write_bag(&b, "", OUT_TAR), NULL, &r), GOVREC_REFUSED);
	ck_assert(has(&r, "data/empty.txt", "checksum does not match manifest-sha256.txt"));
	ck_assert(has(&r, "data/extra", "is not listed in manifest-sha256.txt"));
	ck_assert(has(&r, "data/records/meeting-117.xml", "but missing"));
	ck_assert(has(&r, "bagit.txt", "which govrec does not know"));
	ck_assert(has(&r, "bagit.txt", "checksum does not match tagmanifest-sha512.txt"));
	ck_assert(has(&r, "bag-info.txt", "Payload-Oxum"));
	ck_assert_uint_eq(r.nproblems, 6);
	govrec_bag_report_release(&r);
	bag_free(&b);
}
END_TEST

START_TEST(test_hostile_entries)
{
	struct govrec_bag_report r;
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct tbag b;
	struct tfile *f;
	char outside[400];

	/* Path traversal and an absolute path in a tar: refused, never followed. */
	sample(&b, A_SHA256);
	puts_file(&b, "../escape.txt", "x");
	puts_file(&b, "data/../../up.txt", "x");
	puts_file(&b, "/etc/absolute", "x");
	ck_assert_int_eq(verify(write_bag(&b, "", OUT_TAR), NULL, &r), GOVREC_REFUSED);
	ck_assert(has(&r, "../escape.txt", "climbs out"));
	ck_assert(has(&r, "data/../../up.txt", "climbs out"));
	ck_assert(has(&r, "/etc/absolute", "absolute path"));
	ck_assert_uint_eq(r.nproblems, 3);
	govrec_bag_report_release(&r);
	bag_free(&b);

	/* A symbolic link and a hard link entry in an archive. */
	sample(&b, A_SHA256);
	f = put(&b, "data/link", "/etc/passwd", 11);
	f->kind = F_SYMLINK;
	f = put(&b, "data/hard", "data/empty.txt", 14);
	f->kind = F_HARDLINK;
	ck_assert_int_eq(verify(write_bag(&b, "", OUT_TAR), NULL, &r), GOVREC_REFUSED);
	ck_assert(has(&r, "data/link", "is a symbolic link"));
	ck_assert(has(&r, "data/hard", "is a hard link"));
	govrec_bag_report_release(&r);
	bag_free(&b);

	/* The same name twice in an archive. */
	sample(&b, A_SHA256);
	f = &b.f[b.n++];
	snprintf(f->name, sizeof(f->name), "data/empty.txt");
	govrec_buf_init(&f->data);
	govrec_buf_adds(&f->data, "second copy");
	ck_assert_int_eq(verify(write_bag(&b, "", OUT_TAR), NULL, &r), GOVREC_REFUSED);
	ck_assert(has(&r, "data/empty.txt", "appears more than once in the archive"));
	govrec_bag_report_release(&r);
	bag_free(&b);

	/* A symbolic link in a directory bag, pointing outside: not followed. */
	snprintf(outside, sizeof(outside), "%s/outside.txt", dir);
	{
		FILE *o = fopen(outside, "w");

		ck_assert_ptr_nonnull(o);
		fputs("secret", o);
		fclose(o);
	}
	sample(&b, A_SHA256);
	f = put(&b, "data/link", outside, strlen(outside));
	f->kind = F_SYMLINK;
	ck_assert_int_eq(verify(write_bag(&b, "", OUT_DIR), NULL, &r), GOVREC_REFUSED);
	ck_assert(has(&r, "data/link", "is a symbolic link"));
	ck_assert_uint_eq(r.nproblems, 1);
	govrec_bag_report_release(&r);
	bag_free(&b);

	/* A manifest that names a path outside the bag. */
	sample(&b, A_SHA256);
	f = find(&b, "manifest-sha256.txt");
	govrec_buf_adds(&f->data, "0000000000000000000000000000000000000000000000000000000000000000"
	                          "  data/../../../etc/passwd\n");
	ck_assert_int_eq(verify(write_bag(&b, "", OUT_DIR), NULL, &r), GOVREC_REFUSED);
	ck_assert(has(&r, "manifest-sha256.txt", "climbs out"));
	govrec_bag_report_release(&r);
	bag_free(&b);

	/* Not a bag at all: unreadable input, not an invalid bag. */
	{
		FILE *o = fopen(outside, "w");

		fputs("just text, no archive", o);
		fclose(o);
	}
	ck_assert_int_eq(govrec_bag_verify(outside, NULL, &r, &err), GOVREC_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "cannot read"));
	govrec_bag_report_release(&r);
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_bag_verify("/nonexistent/bag", NULL, &r, &err), GOVREC_INVALID);
	govrec_bag_report_release(&r);
}
END_TEST

START_TEST(test_base_directory)
{
	struct govrec_bag_report r;
	struct tbag b;
	const char *path;
	char cmd[1000];

	/* A stray file next to the bag's directory in the archive. */
	sample(&b, A_SHA256);
	path = write_bag(&b, "inner/", OUT_DIR);
	snprintf(cmd, sizeof(cmd), "echo stray > '%s/stray.txt' && tar -C '%s' -cf '%s.tar' .",
	         path, path, path);
	ck_assert_int_eq(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "%s.tar", path);
	ck_assert_int_eq(verify(cmd, NULL, &r), GOVREC_REFUSED);
	ck_assert(has(&r, "stray.txt", "is outside the bag's base directory 'inner/'"));
	ck_assert_uint_eq(r.nproblems, 1);
	govrec_bag_report_release(&r);

	/* No bagit.txt anywhere. */
	drop(&b, "bagit.txt");
	ck_assert_int_eq(verify(write_bag(&b, "", OUT_ZIP), NULL, &r), GOVREC_REFUSED);
	ck_assert(has(&r, "bagit.txt", "is missing"));
	govrec_bag_report_release(&r);
	bag_free(&b);
}
END_TEST

START_TEST(test_manifest_rules)
{
	struct govrec_bag_report r;
	struct tbag b;
	struct tfile *f;
	char line[300], hex[129];

	/* A malformed line, a duplicate line, a payload manifest naming a tag file. */
	sample(&b, A_SHA256);
	f = find(&b, "manifest-sha256.txt");
	govrec_buf_adds(&f->data, "not a checksum line\n");
	hex_digest(A_SHA256, &find(&b, "data/empty.txt")->data, hex);
	snprintf(line, sizeof(line), "%s data/empty.txt\n", hex);
	govrec_buf_adds(&f->data, line);
	hex_digest(A_SHA256, &find(&b, "bagit.txt")->data, hex);
	snprintf(line, sizeof(line), "%s\tbagit.txt\n", hex);
	govrec_buf_adds(&f->data, line);
	write_manifest(&b, A_SHA512, 1);
	ck_assert_int_eq(verify(write_bag(&b, "", OUT_DIR), NULL, &r), GOVREC_REFUSED);
	ck_assert(has(&r, "manifest-sha256.txt", "line 5 is not '<sha256 checksum> <path>'"));
	ck_assert(has(&r, "manifest-sha256.txt", "lists 'data/empty.txt' twice"));
	ck_assert(has(&r, "manifest-sha256.txt", "which is not in data/"));
	ck_assert_uint_eq(r.nproblems, 3);
	govrec_bag_report_release(&r);
	bag_free(&b);

	/* No payload manifest at all. */
	sample(&b, A_SHA256);
	drop(&b, "manifest-sha256.txt");
	write_manifest(&b, A_SHA512, 1);
	ck_assert_int_eq(verify(write_bag(&b, "", OUT_TAR), NULL, &r), GOVREC_REFUSED);
	ck_assert(has(&r, NULL, "no payload manifest"));
	govrec_bag_report_release(&r);
	bag_free(&b);

	/* An algorithm govrec does not know. */
	sample(&b, A_SHA256);
	puts_file(&b, "manifest-blake3.txt", "");
	ck_assert_int_eq(verify(write_bag(&b, "", OUT_TAR), NULL, &r), GOVREC_REFUSED);
	ck_assert(has(&r, "manifest-blake3.txt", "'blake3'"));
	govrec_bag_report_release(&r);
	bag_free(&b);

	/* Unlisted tag files are allowed; CRLF manifests and upper-case hex too. */
	sample(&b, A_SHA256);
	puts_file(&b, "notes/extra-tag.txt", "a tag file no tag manifest lists\n");
	f = find(&b, "manifest-sha256.txt");
	{
		struct govrec_buf crlf = GOVREC_BUF_INIT;
		size_t k, col = 0;

		/* Upper-case the checksums (the first 64 columns), not the paths. */
		for (k = 0; k < f->data.len; k++, col++) {
			char ch = f->data.data[k];

			if (ch == '\n') {
				govrec_buf_addch(&crlf, '\r');
				col = (size_t)-1;
			}
			govrec_buf_addch(&crlf, ch >= 'a' && ch <= 'f' && col < 64 ? ch - 32 : ch);
		}
		put(&b, "manifest-sha256.txt", crlf.data, crlf.len);
		govrec_buf_release(&crlf);
	}
	write_manifest(&b, A_SHA512, 1);
	expect_valid(write_bag(&b, "", OUT_DIR), NULL);
	bag_free(&b);
}
END_TEST

/*
 * Found by tests/fuzz/fuzz_bagit.c: a manifest with no usable line and a
 * directory with nothing in it left the verifier sorting a NULL array
 * (undefined behaviour that the sanitizer build stops on).
 */
START_TEST(test_empty_manifest_and_directory)
{
	struct govrec_bag_report r;
	struct tbag b;
	char empty[512];
	const char *path;
	int out;

	for (out = OUT_DIR; out <= OUT_TAR; out++) {
		sample(&b, A_SHA256);
		puts_file(&b, "manifest-md5.txt", "not a checksum line\n");
		write_manifest(&b, A_SHA512, 1);
		path = write_bag(&b, "", out);
		ck_assert_int_eq(verify(path, NULL, &r), GOVREC_REFUSED);
		ck_assert(has(&r, "manifest-md5.txt", "line 1 is not '<md5 checksum> <path>'"));
		govrec_bag_report_release(&r);
		bag_free(&b);
	}

	sample(&b, A_SHA256);
	path = write_bag(&b, "", OUT_DIR);
	snprintf(empty, sizeof(empty), "%s/data/nothing", path);
	ck_assert_int_eq(mkdir(empty, 0755), 0);
	expect_valid(path, NULL);
	bag_free(&b);
}
END_TEST

START_TEST(test_percent_encoding)
{
	struct govrec_buf out = GOVREC_BUF_INIT;
	struct tbag b;
	struct tfile *f;
	char *p;

	ck_assert_str_eq(govrec_bag_path_decode("a%0Db%0ac%25d%41", 16, &out), "a\rb\nc%d%41");
	ck_assert_str_eq(govrec_bag_path_decode("100%", 4, &out), "100%");

	/* A payload file with '%' in its name, listed as %25 (RFC 8493 2.1.3). */
	sample(&b, A_SHA256);
	puts_file(&b, "data/100%.txt", "full");
	finish(&b, A_SHA256);
	f = find(&b, "manifest-sha256.txt");
	p = strstr(f->data.data, "100%.txt");
	ck_assert_ptr_nonnull(p);
	{
		struct govrec_buf m = GOVREC_BUF_INIT;

		govrec_buf_add(&m, f->data.data, (size_t)(p - f->data.data) + 4);
		govrec_buf_adds(&m, "25");
		govrec_buf_adds(&m, p + 4);
		put(&b, "manifest-sha256.txt", m.data, m.len);
		govrec_buf_release(&m);
	}
	write_manifest(&b, A_SHA512, 1);
	{
		struct govrec_bag_report r;

		ck_assert_int_eq(verify(write_bag(&b, "", OUT_TAR), NULL, &r), GOVREC_OK);
		govrec_bag_report_release(&r);
	}
	bag_free(&b);
	govrec_buf_release(&out);
}
END_TEST

START_TEST(test_md5_sha1_bags)
{
	struct govrec_bag_report r;
	struct tbag b;
	int out;

	/* Older tools' manifests; in a tar they come after the payload (second pass). */
	sample(&b, A_MD5 | A_SHA1);
	for (out = OUT_DIR; out <= OUT_ZIP; out++)
		expect_valid(write_bag(&b, "old/", out), NULL);
	find(&b, "data/records/meeting-117.xml")->data.data[0] = '[';
	ck_assert_int_eq(verify(write_bag(&b, "", OUT_TGZ), NULL, &r), GOVREC_REFUSED);
	ck_assert(
	    has(&r, "data/records/meeting-117.xml", "checksum does not match manifest-md5.txt"));
	ck_assert(
	    has(&r, "data/records/meeting-117.xml", "checksum does not match manifest-sha1.txt"));
	ck_assert_uint_eq(r.nproblems, 2);
	govrec_bag_report_release(&r);
	bag_free(&b);
}
END_TEST

START_TEST(test_digest_vectors)
{
	static const struct {
		const char *in, *md5, *sha1;
	} v[] = {
	    {"", "d41d8cd98f00b204e9800998ecf8427e", "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
	    {"abc", "900150983cd24fb0d6963f7d28e17f72", "a9993e364706816aba3e25717850c26c9cd0d89d"},
	    {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	     "8215ef0796a20bcaaae116d3876c664a", "84983e441c3bd26ebaae4aa1f95129e5e54670f1"},
	};
	struct govrec_buf d = GOVREC_BUF_INIT;
	char hex[129];
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		govrec_buf_reset(&d);
		govrec_buf_adds(&d, v[i].in);
		hex_digest(A_MD5, &d, hex);
		ck_assert_str_eq(hex, v[i].md5);
		hex_digest(A_SHA1, &d, hex);
		ck_assert_str_eq(hex, v[i].sha1);
	}
	/* A million 'a's, fed in odd pieces. */
	{
		struct govrec_sha1 c;
		struct govrec_md5 m;
		unsigned char h[20];
		char piece[777];

		memset(piece, 'a', sizeof(piece));
		govrec_sha1_init(&c);
		govrec_md5_init(&m);
		for (i = 0; i < 1000000; i += sizeof(piece)) {
			size_t n = 1000000 - i < sizeof(piece) ? 1000000 - i : sizeof(piece);

			govrec_sha1_update(&c, piece, n);
			govrec_md5_update(&m, piece, n);
		}
		govrec_sha1_final(&c, h);
		for (i = 0; i < 20; i++)
			sprintf(hex + 2 * i, "%02x", h[i]);
		ck_assert_str_eq(hex, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
		govrec_md5_final(&m, h);
		for (i = 0; i < 16; i++)
			sprintf(hex + 2 * i, "%02x", h[i]);
		ck_assert_str_eq(hex, "7707d6ae4e027c70eea2a935c2296f21");
	}
	govrec_buf_release(&d);
}
END_TEST

START_TEST(test_signatures)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_buf sig = GOVREC_BUF_INIT;
	struct govrec_bag_report r;
	struct govrec_pubkey pub, other;
	struct govrec_seckey *sk = NULL;
	struct tbag b;
	struct tfile *tm;
	char pubp[400], secp[400];
	int out;

	snprintf(pubp, sizeof(pubp), "%s/k.pub", dir);
	snprintf(secp, sizeof(secp), "%s/k.key", dir);
	ck_assert_int_eq(govrec_key_generate(pubp, secp, NULL, &pub, &err), GOVREC_OK);
	ck_assert_int_eq(govrec_seckey_read(secp, NULL, &sk, &err), GOVREC_OK);
	other = pub;
	other.pk[0] ^= 1;

	sample(&b, A_SHA256 | A_SHA512);
	tm = find(&b, "tagmanifest-sha512.txt");
	ck_assert_int_eq(govrec_sign(sk, tm->data.data, tm->data.len, NULL,
	                             "govrec bundle\t2024-01-31", &sig, &err),
	                 GOVREC_OK);
	put(&b, "tagmanifest-sha512.txt.minisig", sig.data, sig.len);
	for (out = OUT_DIR; out <= OUT_ZIP; out++) {
		const char *path = write_bag(&b, "s/", out);

		expect_valid(path, &pub);
		ck_assert_int_eq(verify(path, &pub, &r), GOVREC_OK);
		ck_assert_int_eq(r.signature, GOVREC_BAG_SIG_VALID);
		ck_assert_str_eq(r.trusted_comment, "govrec bundle\t2024-01-31");
		ck_assert_mem_eq(r.key_id, pub.id, 8);
		govrec_bag_report_release(&r);

		/* No key: valid, the signature left unchecked. */
		ck_assert_int_eq(verify(path, NULL, &r), GOVREC_OK);
		ck_assert_int_eq(r.signature, GOVREC_BAG_SIG_UNCHECKED);
		ck_assert_int_eq(r.have_key_id, 1);
		govrec_bag_report_release(&r);

		/* The wrong key. */
		ck_assert_int_eq(verify(path, &other, &r), GOVREC_REFUSED);
		ck_assert_int_eq(r.signature, GOVREC_BAG_SIG_INVALID);
		ck_assert(has(&r, "tagmanifest-sha512.txt.minisig", "does not match"));
		ck_assert_uint_eq(r.nproblems, 1);
		govrec_bag_report_release(&r);
	}

	/* A flipped byte in the signature. */
	{
		struct tfile *s = find(&b, "tagmanifest-sha512.txt.minisig");
		char *line = strchr(s->data.data, '\n') + 1;

		line[60] = line[60] == 'A' ? 'B' : 'A';
		ck_assert_int_eq(verify(write_bag(&b, "", OUT_TAR), &pub, &r), GOVREC_REFUSED);
		ck_assert_int_eq(r.signature, GOVREC_BAG_SIG_INVALID);
		ck_assert(has(&r, "tagmanifest-sha512.txt.minisig", "signature"));
		govrec_bag_report_release(&r);
		line[60] = line[60] == 'A' ? 'B' : 'A';
	}
	/* A changed tag manifest: its signature fails. */
	govrec_buf_adds(&tm->data, "\n");
	ck_assert_int_eq(verify(write_bag(&b, "", OUT_TAR), &pub, &r), GOVREC_REFUSED);
	ck_assert(
	    has(&r, "tagmanifest-sha512.txt.minisig", "the signature does not match the data"));
	govrec_bag_report_release(&r);
	bag_free(&b);

	/* A key given for an unsigned bag. */
	sample(&b, A_SHA256);
	ck_assert_int_eq(verify(write_bag(&b, "", OUT_TAR), &pub, &r), GOVREC_REFUSED);
	ck_assert(has(&r, NULL, "the bag is not signed"));
	govrec_bag_report_release(&r);
	bag_free(&b);

	/* A signed tag manifest that leaves out a payload manifest covers too little. */
	sample(&b, A_SHA256 | A_SHA512);
	tm = find(&b, "tagmanifest-sha512.txt");
	{
		char *p = strstr(tm->data.data, "  manifest-sha256.txt\n");
		char *start = p;

		while (start > tm->data.data && start[-1] != '\n')
			start--;
		memmove(start, p + 22, strlen(p + 22) + 1);
		tm->data.len = strlen(tm->data.data);
	}
	govrec_buf_reset(&sig);
	ck_assert_int_eq(govrec_sign(sk, tm->data.data, tm->data.len, NULL, "t", &sig, &err),
	                 GOVREC_OK);
	put(&b, "tagmanifest-sha512.txt.minisig", sig.data, sig.len);
	ck_assert_int_eq(verify(write_bag(&b, "", OUT_DIR), &pub, &r), GOVREC_REFUSED);
	ck_assert(has(&r, "manifest-sha256.txt", "the signature does not cover it"));
	govrec_bag_report_release(&r);
	bag_free(&b);

	govrec_seckey_free(sk);
	govrec_buf_release(&sig);
}
END_TEST

START_TEST(test_big_file_streams)
{
	/* 24 MiB in a tar.gz: hashed in pieces, memory flat (ASan would notice a whole copy's
	 * misuse, and the count proves every byte was read). */
	struct govrec_bag_report r;
	struct tbag b;
	struct tfile *f;
	size_t i;

	memset(&b, 0, sizeof(b));
	f = put(&b, "data/big.bin", "", 0);
	govrec_buf_grow(&f->data, 24u << 20);
	for (i = 0; i < (24u << 20); i++)
		f->data.data[i] = (char)(i * 2654435761u >> 24);
	govrec_buf_setlen(&f->data, 24u << 20);
	finish(&b, A_SHA512);
	ck_assert_int_eq(verify(write_bag(&b, "big/", OUT_TGZ), NULL, &r), GOVREC_OK);
	ck_assert_uint_eq(r.bytes, 24u << 20);
	govrec_bag_report_release(&r);
	bag_free(&b);
}
END_TEST

/* ---- the open-once API: govrec_bag_open / check / each / read / close ---- */

struct seen {
	char names[32][128];
	int payload[32];
	int n;
	int fail_on; /* 1-based: fn returns GOVREC_INVALID on that file */
};

struct reader {
	struct govrec_bag *bag;
	struct seen s;
	struct govrec_buf meeting; /* what fn read of data/records/meeting-117.xml */
};

static enum govrec_status read_some(const struct govrec_bag_file *f, void *ctx,
                                    struct govrec_error *err)
{
	struct reader *r = ctx;
	char buf[4];
	long long got;

	ck_assert_int_lt(r->s.n, 32);
	snprintf(r->s.names[r->s.n], sizeof(r->s.names[0]), "%s", f->rel);
	r->s.payload[r->s.n] = f->payload;
	r->s.n++;
	if (r->s.fail_on == r->s.n)
		return govrec_error_set(err, GOVREC_INVALID, "stop at '%s'", f->rel);
	if (strcmp(f->rel, "data/records/meeting-117.xml") == 0) {
		while ((got = govrec_bag_read(r->bag, buf, sizeof(buf))) > 0)
			govrec_buf_add(&r->meeting, buf, (size_t)got);
		ck_assert_int_eq(got, 0);
	} else if (f->size > 2) {
		/* Only a little: each() reads and checks the rest. */
		ck_assert_int_eq(govrec_bag_read(r->bag, buf, 2), 2);
	}
	return GOVREC_OK;
}

static int seen_has(const struct seen *s, const char *name)
{
	int i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->names[i], name) == 0)
			return 1;
	return 0;
}

/* Opens and checks path; GOVREC_OK expected. */
static struct govrec_bag *open_checked(const char *path, const struct govrec_pubkey *pub)
{
	struct govrec_bag_options opt = {pub, NULL, NULL};
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_bag_report r;
	struct govrec_bag *bag;

	ck_assert_int_eq(govrec_bag_open(path, &bag, &err), GOVREC_OK);
	if (govrec_bag_check(bag, &opt, &r, &err) != GOVREC_OK)
		dump(&r);
	ck_assert_uint_eq(r.nproblems, 0);
	govrec_bag_report_release(&r);
	return bag;
}

static int each(struct reader *rd, struct govrec_error *err)
{
	govrec_error_clear(err);
	return govrec_bag_each(rd->bag, read_some, rd, err);
}

START_TEST(test_each_gives_listed_files)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct tbag b;
	int out, pre;

	sample(&b, A_SHA256 | A_SHA512);
	/* A tag file no tag manifest lists: allowed in a plain bag, never given. */
	puts_file(&b, "notes/unlisted.txt", "not in any manifest\n");
	for (out = OUT_DIR; out <= OUT_ZIP; out++) {
		for (pre = 0; pre < 2; pre++) {
			struct reader rd;

			memset(&rd, 0, sizeof(rd));
			govrec_buf_init(&rd.meeting);
			rd.bag = open_checked(write_bag(&b, pre ? "bundle-1/" : "", out), NULL);
			ck_assert_int_eq(each(&rd, &err), GOVREC_OK);
			ck_assert_int_eq(rd.s.n, 8); /* 4 payload, 4 tag files */
			ck_assert(seen_has(&rd.s, "data/with space.txt"));
			ck_assert(seen_has(&rd.s, "data/empty.txt"));
			ck_assert(seen_has(&rd.s, "bag-info.txt"));
			ck_assert(seen_has(&rd.s, "bagit.txt"));
			ck_assert(seen_has(&rd.s, "manifest-sha256.txt"));
			ck_assert(!seen_has(&rd.s, "notes/unlisted.txt"));
			ck_assert(!seen_has(&rd.s, "tagmanifest-sha512.txt"));
			ck_assert_str_eq(rd.meeting.data, "<debate/>\n");
			/* A second walk of the same open bag gives the same. */
			rd.s.n = 0;
			ck_assert_int_eq(each(&rd, &err), GOVREC_OK);
			ck_assert_int_eq(rd.s.n, 8);
			/* fn's failure stops the walk with its status. */
			rd.s.n = 0;
			rd.s.fail_on = 2;
			ck_assert_int_eq(each(&rd, &err), GOVREC_INVALID);
			ck_assert_int_eq(rd.s.n, 2);
			govrec_bag_close(rd.bag);
			govrec_buf_release(&rd.meeting);
		}
	}
	bag_free(&b);
}
END_TEST

START_TEST(test_each_needs_a_valid_check)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_bag_report r;
	struct reader rd;
	struct tbag b;

	memset(&rd, 0, sizeof(rd));
	sample(&b, A_SHA256);
	puts_file(&b, "data/extra", "e");
	ck_assert_int_eq(govrec_bag_open(write_bag(&b, "", OUT_TAR), &rd.bag, &err), GOVREC_OK);
	ck_assert_int_eq(govrec_bag_each(rd.bag, read_some, &rd, &err), GOVREC_ERROR);
	ck_assert_int_eq(govrec_bag_check(rd.bag, NULL, &r, &err), GOVREC_REFUSED);
	govrec_bag_report_release(&r);
	ck_assert_int_eq(govrec_bag_each(rd.bag, read_some, &rd, &err), GOVREC_ERROR);
	ck_assert_int_eq(rd.s.n, 0);
	govrec_bag_close(rd.bag);
	ck_assert_int_eq(govrec_bag_open("/nonexistent/bag", &rd.bag, &err), GOVREC_INVALID);
	ck_assert_int_eq(govrec_bag_open("/dev/null", &rd.bag, &err), GOVREC_INVALID);
	bag_free(&b);
}
END_TEST

/* Overwrites the first occurrence of old in file path with new (same length), in place. */
static void rewrite_in_place(const char *path, const char *old, const char *new)
{
	struct govrec_buf data = GOVREC_BUF_INIT;
	char *at;
	FILE *f;

	ck_assert_uint_eq(strlen(old), strlen(new));
	ck_assert_int_eq(govrec_buf_read_file(&data, path, 1u << 26, NULL), GOVREC_OK);
	for (at = data.data; at + strlen(old) <= data.data + data.len; at++)
		if (memcmp(at, old, strlen(old)) == 0)
			break;
	ck_assert(at + strlen(old) <= data.data + data.len);
	f = fopen(path, "r+b");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fseek(f, (long)(at - data.data), SEEK_SET), 0);
	ck_assert_uint_eq(fwrite(new, 1, strlen(new), f), strlen(new));
	ck_assert_int_eq(fclose(f), 0);
	govrec_buf_release(&data);
}

START_TEST(test_each_catches_changes_after_check)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct tbag b;
	int out;

	sample(&b, A_SHA256 | A_SHA512);
	for (out = OUT_DIR; out <= OUT_TAR; out++) {
		const char *path = write_bag(&b, "", out);
		char victim[600];
		struct reader rd;

		memset(&rd, 0, sizeof(rd));
		govrec_buf_init(&rd.meeting);
		rd.bag = open_checked(path, NULL);
		/* Rewritten in place, same size, between check and each. */
		snprintf(victim, sizeof(victim), "%s%s", path,
		         out == OUT_DIR ? "/data/minutes/2024-01.txt" : "");
		rewrite_in_place(victim, "Meeting 117 minutes", "Meeting 666 minutes");
		ck_assert_int_eq(each(&rd, &err), GOVREC_REFUSED);
		ck_assert_ptr_nonnull(strstr(err.msg, "changed after it was verified"));
		ck_assert_ptr_nonnull(strstr(err.msg, "data/minutes/2024-01.txt"));
		govrec_bag_close(rd.bag);
		govrec_buf_release(&rd.meeting);
	}

	/* A listed file removed after the check. */
	{
		const char *path = write_bag(&b, "", OUT_DIR);
		char victim[600];
		struct reader rd;

		memset(&rd, 0, sizeof(rd));
		rd.bag = open_checked(path, NULL);
		snprintf(victim, sizeof(victim), "%s/data/empty.txt", path);
		ck_assert_int_eq(unlink(victim), 0);
		ck_assert_int_eq(each(&rd, &err), GOVREC_REFUSED);
		ck_assert_ptr_nonnull(strstr(err.msg, "data/empty.txt"));
		govrec_bag_close(rd.bag);
		/* ... or turned into a link to a file elsewhere. */
		rd.bag = open_checked(path = write_bag(&b, "", OUT_DIR), NULL);
		snprintf(victim, sizeof(victim), "%s/data/empty.txt", path);
		ck_assert_int_eq(unlink(victim), 0);
		ck_assert_int_eq(symlink("/dev/null", victim), 0);
		ck_assert_int_eq(each(&rd, &err), GOVREC_REFUSED);
		govrec_bag_close(rd.bag);
	}

	/* The path swapped for another archive after open: the open file is what is read. */
	{
		const char *first = write_bag(&b, "", OUT_TAR);
		char keep[400], swap[400];
		struct reader rd;

		snprintf(keep, sizeof(keep), "%s", first);
		memset(&rd, 0, sizeof(rd));
		govrec_buf_init(&rd.meeting);
		rd.bag = open_checked(keep, NULL);
		puts_file(&b, "data/records/meeting-117.xml", "<forged/>\n");
		finish(&b, A_SHA256 | A_SHA512);
		snprintf(swap, sizeof(swap), "%s", write_bag(&b, "", OUT_TAR));
		ck_assert_int_eq(rename(swap, keep), 0);
		ck_assert_int_eq(each(&rd, &err), GOVREC_OK);
		ck_assert_str_eq(rd.meeting.data, "<debate/>\n");
		govrec_bag_close(rd.bag);
		govrec_buf_release(&rd.meeting);
	}
	bag_free(&b);
}
END_TEST

START_TEST(test_bag_info_in_report)
{
	struct govrec_bag_report r;
	struct tbag b;

	sample(&b, A_SHA512);
	puts_file(&b, "bag-info.txt",
	          "Source-Organization: Test\r\nExternal-Description: a test bag\r\n  "
	          "continued\r\n\tand again  \r\nTest-Tag : spaced\rPayload-Oxum: 55.4");
	write_manifest(&b, A_SHA512, 1);
	ck_assert_int_eq(verify(write_bag(&b, "", OUT_ZIP), NULL, &r), GOVREC_OK);
	ck_assert_uint_eq(r.ninfo, 4);
	ck_assert_str_eq(r.info[0].label, "Source-Organization");
	ck_assert_str_eq(r.info[1].value, "a test bag continued and again");
	ck_assert_str_eq(r.info[2].label, "Test-Tag");
	ck_assert_str_eq(r.info[2].value, "spaced");
	ck_assert_str_eq(govrec_bag_info_get(&r, "Payload-Oxum"), "55.4");
	ck_assert_ptr_null(govrec_bag_info_get(&r, "Bagging-Date"));
	govrec_bag_report_release(&r);
	bag_free(&b);
}
END_TEST

/* ---- issue 11, section 0: no unlisted file in a signed bag or a govrec bundle ---- */

static void sign_tagmanifest(struct tbag *b, struct govrec_seckey *sk)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_buf sig = GOVREC_BUF_INIT;
	struct tfile *tm = find(b, "tagmanifest-sha512.txt");

	ck_assert_int_eq(govrec_sign(sk, tm->data.data, tm->data.len, NULL, "t", &sig, &err),
	                 GOVREC_OK);
	put(b, "tagmanifest-sha512.txt.minisig", sig.data, sig.len);
	govrec_buf_release(&sig);
}

START_TEST(test_unlisted_files_in_signed_and_govrec_bags)
{
	static const char forged[] = "zz/data/records/meetings/meeting-000666.xml";
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_bag_report r;
	struct govrec_seckey *sk = NULL;
	struct govrec_pubkey pub;
	struct tbag b;
	char pubp[400], secp[400];
	int out;

	snprintf(pubp, sizeof(pubp), "%s/k.pub", dir);
	snprintf(secp, sizeof(secp), "%s/k.key", dir);
	ck_assert_int_eq(govrec_key_generate(pubp, secp, NULL, &pub, &err), GOVREC_OK);
	ck_assert_int_eq(govrec_seckey_read(secp, NULL, &sk, &err), GOVREC_OK);

	/* A plain bag may carry tag files no manifest lists (RFC 8493): still valid. */
	sample(&b, A_SHA512);
	puts_file(&b, forged, "<forged/>\n");
	ck_assert_int_eq(verify(write_bag(&b, "", OUT_TAR), NULL, &r), GOVREC_OK);
	govrec_bag_report_release(&r);

	/* Signed, the bag at the top of the archive: every form, key or none. */
	drop(&b, forged);
	finish(&b, A_SHA512);
	sign_tagmanifest(&b, sk);
	puts_file(&b, forged, "<forged/>\n");
	for (out = OUT_DIR; out <= OUT_ZIP; out++) {
		const char *path = write_bag(&b, "", out);

		ck_assert_int_eq(verify(path, &pub, &r), GOVREC_REFUSED);
		ck_assert(has(&r, forged, "is not listed in the signed tagmanifest-sha512.txt"));
		ck_assert_uint_eq(r.nproblems, 1);
		ck_assert_int_eq(r.signature,
		                 GOVREC_BAG_SIG_VALID); /* the signature itself holds */
		govrec_bag_report_release(&r);
		ck_assert_int_eq(verify(path, NULL, &r), GOVREC_REFUSED);
		ck_assert(has(&r, forged, "is not listed in the signed"));
		govrec_bag_report_release(&r);
	}
	/* A second tag manifest the signed one does not list: it could vouch for anything. */
	drop(&b, forged);
	puts_file(&b, "tagmanifest-md5.txt", "0123456789abcdef0123456789abcdef  bagit.txt\n");
	ck_assert_int_eq(verify(write_bag(&b, "", OUT_TAR), &pub, &r), GOVREC_REFUSED);
	ck_assert(has(&r, "tagmanifest-md5.txt", "is not listed in the signed"));
	govrec_bag_report_release(&r);
	bag_free(&b);

	/* Unsigned, but a govrec bundle: by a Govrec-* label, or by its software agent. */
	for (out = 0; out < 2; out++) {
		sample(&b, A_SHA512);
		puts_file(&b, "bag-info.txt",
		          out ? "Bag-Software-Agent: govrec 0.1\nPayload-Oxum: 55.4\n"
		              : "Govrec-Audit-Seq: 12\nPayload-Oxum: 55.4\n");
		write_manifest(&b, A_SHA512, 1);
		ck_assert_int_eq(verify(write_bag(&b, "", OUT_ZIP), NULL, &r), GOVREC_OK);
		govrec_bag_report_release(&r);
		puts_file(&b, forged, "<forged/>\n");
		ck_assert_int_eq(verify(write_bag(&b, "", OUT_ZIP), NULL, &r), GOVREC_REFUSED);
		ck_assert(has(&r, forged, "is not listed in any tag manifest"));
		govrec_bag_report_release(&r);
		/* fetch.txt, even listed: refused. */
		drop(&b, forged);
		puts_file(&b, "fetch.txt", "https://example.org/a 20 data/minutes/2024-01.txt\n");
		write_manifest(&b, A_SHA512, 1);
		ck_assert_int_eq(verify(write_bag(&b, "", OUT_DIR), NULL, &r), GOVREC_REFUSED);
		ck_assert(has(&r, "fetch.txt", "is refused"));
		govrec_bag_report_release(&r);
		bag_free(&b);
	}
	govrec_seckey_free(sk);
}
END_TEST

START_TEST(test_fetch_txt)
{
	static const char *const bad[] = {
	    "../../../README.md", "~root/foo", "~/test.txt", "/tmp/test.txt",
	    "bagit.txt",          "data/../x", "data//x"};
	struct govrec_bag_report r;
	struct tbag b;
	char line[200];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		sample(&b, A_SHA512);
		snprintf(line, sizeof(line), "http://localhost/x - %s\r\n", bad[i]);
		puts_file(&b, "fetch.txt", line);
		write_manifest(&b, A_SHA512, 1);
		ck_assert_int_eq(verify(write_bag(&b, "", OUT_DIR), NULL, &r), GOVREC_REFUSED);
		ck_assert(has(&r, "fetch.txt", "line 1 names"));
		govrec_bag_report_release(&r);
		bag_free(&b);
	}
	/* A file fetch.txt names that is not there: incomplete. */
	sample(&b, A_SHA512);
	puts_file(&b, "fetch.txt",
	          "http://localhost/a 20 data/minutes/2024-01.txt\rhttp://localhost/b - "
	          "data/with space.txt");
	write_manifest(&b, A_SHA512, 1);
	ck_assert_int_eq(verify(write_bag(&b, "", OUT_TAR), NULL, &r), GOVREC_OK);
	govrec_bag_report_release(&r);
	puts_file(&b, "fetch.txt",
	          "http://localhost/a 20 data/minutes/2024-01.txt\rhttp://localhost/b - "
	          "data/later.txt\r");
	write_manifest(&b, A_SHA512, 1);
	ck_assert_int_eq(verify(write_bag(&b, "", OUT_TAR), NULL, &r), GOVREC_REFUSED);
	ck_assert(has(&r, "data/later.txt", "the bag is incomplete"));
	govrec_bag_report_release(&r);
	/* Lines that are not URL LENGTH PATH. */
	puts_file(&b, "fetch.txt", "http://localhost/a twenty data/minutes/2024-01.txt\n");
	write_manifest(&b, A_SHA512, 1);
	ck_assert_int_eq(verify(write_bag(&b, "", OUT_TAR), NULL, &r), GOVREC_REFUSED);
	ck_assert(has(&r, "fetch.txt", "is not '<url> <length> <path>'"));
	govrec_bag_report_release(&r);
	bag_free(&b);
}
END_TEST

/* ---- issue 11, section 3: what RFC 8493 allows in tag files ---- */

static int warned(const struct govrec_bag_report *r, const char *path, const char *text)
{
	size_t i;

	for (i = 0; i < r->nwarnings; i++)
		if ((path ? r->warnings[i].path && strcmp(r->warnings[i].path, path) == 0
		          : r->warnings[i].path == NULL) &&
		    strstr(r->warnings[i].message, text))
			return 1;
	return 0;
}

/* Rewrites every tag file's line ends as eol (and drops the last one when cut). */
static void line_ends(struct tbag *b, const char *name, const char *eol, int cut)
{
	struct tfile *f = find(b, name);
	struct govrec_buf o = GOVREC_BUF_INIT;
	size_t i;

	for (i = 0; i < f->data.len; i++) {
		if (f->data.data[i] != '\n')
			govrec_buf_addch(&o, f->data.data[i]);
		else if (!cut || i + 1 < f->data.len)
			govrec_buf_adds(&o, eol);
	}
	put(b, name, o.data ? o.data : "", o.len);
	govrec_buf_release(&o);
}

START_TEST(test_tag_file_forms)
{
	static const char *const eols[] = {"\r", "\r\n", "\n"};
	struct govrec_bag_report r;
	struct tbag b;
	size_t e;

	/* CR, CRLF or LF line ends, the last line with or without one, in every tag file. */
	for (e = 0; e < 3; e++) {
		sample(&b, A_SHA256 | A_SHA512);
		line_ends(&b, "bagit.txt", eols[e], 1);
		line_ends(&b, "bag-info.txt", eols[e], e == 0);
		line_ends(&b, "manifest-sha256.txt", eols[e], 1);
		write_manifest(&b, A_SHA512, 1);
		line_ends(&b, "tagmanifest-sha512.txt", eols[e], e == 1);
		ck_assert_int_eq(verify(write_bag(&b, "", OUT_TAR), NULL, &r), GOVREC_OK);
		ck_assert_str_eq(govrec_bag_info_get(&r, "External-Description"),
		                 "a test bag continued here");
		govrec_bag_report_release(&r);
		bag_free(&b);
	}
	/* bagit.txt: not its exact form, a byte order mark, an unknown version. */
	sample(&b, A_SHA512);
	puts_file(&b, "bagit.txt", "BagIt-Version : 1.0\nTag-File-Character-Encoding : UTF-8\n");
	write_manifest(&b, A_SHA512, 1);
	ck_assert_int_eq(verify(write_bag(&b, "", OUT_DIR), NULL, &r), GOVREC_REFUSED);
	ck_assert(has(&r, "bagit.txt", "is not exactly"));
	govrec_bag_report_release(&r);
	puts_file(&b, "bagit.txt",
	          "\xef\xbb\xbf"
	          "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
	write_manifest(&b, A_SHA512, 1);
	ck_assert_int_eq(verify(write_bag(&b, "", OUT_DIR), NULL, &r), GOVREC_REFUSED);
	ck_assert(has(&r, "bagit.txt", "byte order mark"));
	govrec_bag_report_release(&r);
	puts_file(&b, "bagit.txt", "BagIt-Version: 1.0\n");
	write_manifest(&b, A_SHA512, 1);
	ck_assert_int_eq(verify(write_bag(&b, "", OUT_DIR), NULL, &r), GOVREC_REFUSED);
	ck_assert(has(&r, "bagit.txt", "is not exactly"));
	govrec_bag_report_release(&r);
	/* An older version: accepted, said so. */
	puts_file(&b, "bagit.txt", "BagIt-Version: 0.96\r\nTag-File-Character-Encoding: UTF-8");
	write_manifest(&b, A_SHA512, 1);
	ck_assert_int_eq(verify(write_bag(&b, "", OUT_DIR), NULL, &r), GOVREC_OK);
	ck_assert(warned(&r, "bagit.txt", "older than 0.97"));
	govrec_bag_report_release(&r);
	bag_free(&b);
	/* Files Finder and Explorer leave: payload, with a warning. */
	sample(&b, A_SHA512);
	puts_file(&b, "data/.DS_Store", "");
	puts_file(&b, "data/sub/Thumbs.db", "");
	finish(&b, A_SHA512);
	ck_assert_int_eq(verify(write_bag(&b, "", OUT_DIR), NULL, &r), GOVREC_OK);
	ck_assert(warned(&r, "data/.DS_Store", "operating system writes by itself"));
	ck_assert(warned(&r, "data/sub/Thumbs.db", "operating system writes by itself"));
	ck_assert_uint_eq(r.nwarnings, 2);
	govrec_bag_report_release(&r);
	bag_free(&b);
}
END_TEST

/* text as UTF-16LE with a byte order mark (ASCII text only). */
static void put_utf16(struct tbag *b, const char *name)
{
	struct tfile *f = find(b, name);
	struct govrec_buf o = GOVREC_BUF_INIT;
	size_t i;

	govrec_buf_add(&o, "\xff\xfe", 2);
	for (i = 0; i < f->data.len; i++) {
		govrec_buf_addch(&o, f->data.data[i]);
		govrec_buf_addch(&o, 0);
	}
	put(b, name, o.data, o.len);
	govrec_buf_release(&o);
}

START_TEST(test_tag_file_encodings_and_paths)
{
	struct govrec_bag_report r;
	struct tbag b;
	struct tfile *m;

	/* UTF-16 tag files, as bagit.txt says: converted before they are read. */
	sample(&b, A_SHA256);
	puts_file(&b, "bagit.txt", "BagIt-Version: 0.97\nTag-File-Character-Encoding: UTF-16\n");
	put_utf16(&b, "bag-info.txt");
	put_utf16(&b, "manifest-sha256.txt");
	write_manifest(&b, A_SHA512, 1);
	put_utf16(&b, "tagmanifest-sha512.txt");
	ck_assert_int_eq(verify(write_bag(&b, "u16/", OUT_ZIP), NULL, &r), GOVREC_OK);
	ck_assert_str_eq(govrec_bag_info_get(&r, "Source-Organization"), "Test");
	ck_assert_uint_eq(r.files, 4);
	govrec_bag_report_release(&r);
	puts_file(&b, "bagit.txt", "BagIt-Version: 0.97\nTag-File-Character-Encoding: NO-SUCH-8\n");
	ck_assert_int_eq(verify(write_bag(&b, "", OUT_ZIP), NULL, &r), GOVREC_REFUSED);
	ck_assert(has(&r, "bagit.txt", "which iconv does not know"));
	govrec_bag_report_release(&r);
	bag_free(&b);

	/* ./data/... and md5sum's '*': accepted with a warning in a plain bag. */
	sample(&b, A_MD5);
	m = find(&b, "manifest-md5.txt");
	{
		struct govrec_buf o = GOVREC_BUF_INIT;
		const char *p = m->data.data;

		for (; *p; p++) {
			govrec_buf_addch(&o, *p);
			if (p[0] == ' ' && p[1] == ' ' && p[2] == 'd') {
				govrec_buf_adds(&o, p == strstr(m->data.data, "  ") ? "./" : "");
				p++;
			}
		}
		put(&b, "manifest-md5.txt", o.data, o.len);
		govrec_buf_release(&o);
	}
	write_manifest(&b, A_SHA512, 1);
	ck_assert_int_eq(verify(write_bag(&b, "", OUT_TAR), NULL, &r), GOVREC_OK);
	ck_assert(warned(&r, "manifest-md5.txt", "with a leading './', which is dropped"));
	govrec_bag_report_release(&r);
	/* ... but never in a govrec bundle. */
	puts_file(&b, "bag-info.txt", "Govrec-Audit-Seq: 1\nPayload-Oxum: 55.4\n");
	write_manifest(&b, A_SHA512, 1);
	ck_assert_int_eq(verify(write_bag(&b, "", OUT_TAR), NULL, &r), GOVREC_REFUSED);
	ck_assert(has(&r, "manifest-md5.txt", "not in normal form"));
	govrec_bag_report_release(&r);
	bag_free(&b);

	/* SHA-224 and SHA-384 manifests. */
	memset(&b, 0, sizeof(b));
	puts_file(&b, "data/README", "a file\n");
	puts_file(&b, "manifest-sha224.txt",
	          "bc4ad6fc6e0f5a9aec1bb4a4f40839b6fbd8a8d0ec86a83a1f7cc23a  data/README\n");
	puts_file(&b, "bagit.txt", "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
	ck_assert_int_eq(verify(write_bag(&b, "", OUT_DIR), NULL, &r), GOVREC_REFUSED);
	ck_assert(has(&r, "data/README", "checksum does not match manifest-sha224.txt"));
	govrec_bag_report_release(&r);
	puts_file(&b, "manifest-sha224.txt",
	          "f42ef88474118f780e8037b506dea5d97a4fc7f086bb58697932fd7e  data/README\n");
	puts_file(&b, "manifest-sha384.txt",
	          "4dca1d4a16bc2d8c1ab8df3e8c51b4d27d1dc18d32e7d33a0dcf3e2b8c2a7b2f6d1c0f06e1c0e4b"
	          "0c5b2da2d3c7be2a7  data/README\n");
	ck_assert_int_eq(verify(write_bag(&b, "", OUT_DIR), NULL, &r), GOVREC_REFUSED);
	ck_assert(!has(&r, "data/README", "manifest-sha224.txt"));
	ck_assert(has(&r, "data/README", "checksum does not match manifest-sha384.txt"));
	govrec_bag_report_release(&r);
	puts_file(
	    &b, "manifest-sha384.txt",
	    "ea9054d69d409f151c9dd3403e98db635c9d9814a7932eb53d8810bf76d9eeb290dc8b7b0b0528e1d"
	    "6176fd3b838fd66  data/README\n");
	ck_assert_int_eq(verify(write_bag(&b, "", OUT_TAR), NULL, &r), GOVREC_OK);
	ck_assert_str_eq(r.algorithms[0], "sha224");
	govrec_bag_report_release(&r);
	bag_free(&b);
}
END_TEST

/* ---- manifests longer than one read: lines and characters across chunk ends ---- */

static void write_file(const char *path, const char *data, size_t len)
{
	FILE *f;

	make_parents(path);
	f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

/* text as UTF-16LE with a byte order mark; every ASCII byte two. */
static void utf16(const struct govrec_buf *in, struct govrec_buf *out)
{
	size_t i;

	govrec_buf_reset(out);
	govrec_buf_add(out, "\xff\xfe", 2);
	for (i = 0; i < in->len; i++) {
		govrec_buf_addch(out, in->data[i]);
		govrec_buf_addch(out, 0);
	}
}

/*
 * A bag of n files whose names grow and shrink, so that the manifests' line
 * ends fall everywhere across the 64 KiB pieces they are read in; eol the
 * line end, UTF-16 tag files when wide.
 */
static const char *many_files_bag(int n, const char *eol, int wide)
{
	struct govrec_buf m = GOVREC_BUF_INIT, tm = GOVREC_BUF_INIT, name = GOVREC_BUF_INIT,
	                  body = GOVREC_BUF_INIT, enc = GOVREC_BUF_INIT;
	static char top[400];
	char path[1200], hex[129];
	int i;

	snprintf(top, sizeof(top), "%s/many%d", dir, ++serial);
	for (i = 0; i < n; i++) {
		govrec_buf_reset(&name);
		govrec_buf_addf(
		    &name, "data/%03d/%.*s-%d.txt", i % 7, 1 + (i * 37) % 90,
		    "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstu"
		    "vwxyzabcdefghijkl",
		    i);
		govrec_buf_reset(&body);
		govrec_buf_addf(&body, "file %d\n", i);
		snprintf(path, sizeof(path), "%s/%s", top, name.data);
		write_file(path, body.data, body.len);
		hex_digest(A_SHA256, &body, hex);
		govrec_buf_addf(&m, "%s  %s%s", hex, name.data, eol);
	}
	snprintf(path, sizeof(path), "%s/bagit.txt", top);
	govrec_buf_reset(&body);
	govrec_buf_addf(&body, "BagIt-Version: 0.97%sTag-File-Character-Encoding: %s%s", eol,
	                wide ? "UTF-16" : "UTF-8", eol);
	write_file(path, body.data, body.len);
	hex_digest(A_SHA256, &body, hex);
	govrec_buf_addf(&tm, "%s  bagit.txt%s", hex, eol);
	if (wide) {
		utf16(&m, &enc);
		govrec_buf_reset(&m);
		govrec_buf_add(&m, enc.data, enc.len);
	}
	snprintf(path, sizeof(path), "%s/manifest-sha256.txt", top);
	write_file(path, m.data, m.len);
	hex_digest(A_SHA256, &m, hex);
	govrec_buf_addf(&tm, "%s  manifest-sha256.txt%s", hex, eol);
	if (wide) {
		utf16(&tm, &enc);
		govrec_buf_reset(&tm);
		govrec_buf_add(&tm, enc.data, enc.len);
	}
	snprintf(path, sizeof(path), "%s/tagmanifest-sha256.txt", top);
	write_file(path, tm.data, tm.len);
	govrec_buf_release(&m);
	govrec_buf_release(&tm);
	govrec_buf_release(&name);
	govrec_buf_release(&body);
	govrec_buf_release(&enc);
	return top;
}

START_TEST(test_long_manifests)
{
	static const char *const eols[] = {"\r\n", "\r", "\n"};
	struct govrec_bag_report r;
	size_t e;
	int wide;

	for (wide = 0; wide < 2; wide++) {
		for (e = 0; e < 3; e++) {
			const char *bag = many_files_bag(2500, eols[e], wide);
			char cmd[2200], tar[1000];

			ck_assert_int_eq(verify(bag, NULL, &r), GOVREC_OK);
			ck_assert_uint_eq(r.files, 2500);
			govrec_bag_report_release(&r);
			snprintf(tar, sizeof(tar), "%s.tar", bag);
			snprintf(cmd, sizeof(cmd), "tar -C '%s' -cf '%s' .", bag, tar);
			ck_assert_int_eq(system(cmd), 0);
			ck_assert_int_eq(verify(tar, NULL, &r), GOVREC_OK);
			ck_assert_uint_eq(r.files, 2500);
			govrec_bag_report_release(&r);
		}
	}
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("bagit");
	TCase *tc = tcase_create("bagit");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_valid_every_form);
	tcase_add_test(tc, test_report_fields);
	tcase_add_test(tc, test_damage_each_reason);
	tcase_add_test(tc, test_every_problem_collected);
	tcase_add_test(tc, test_hostile_entries);
	tcase_add_test(tc, test_base_directory);
	tcase_add_test(tc, test_manifest_rules);
	tcase_add_test(tc, test_empty_manifest_and_directory);
	tcase_add_test(tc, test_percent_encoding);
	tcase_add_test(tc, test_md5_sha1_bags);
	tcase_add_test(tc, test_digest_vectors);
	tcase_add_test(tc, test_signatures);
	tcase_add_test(tc, test_big_file_streams);
	tcase_add_test(tc, test_each_gives_listed_files);
	tcase_add_test(tc, test_each_needs_a_valid_check);
	tcase_add_test(tc, test_each_catches_changes_after_check);
	tcase_add_test(tc, test_bag_info_in_report);
	tcase_add_test(tc, test_unlisted_files_in_signed_and_govrec_bags);
	tcase_add_test(tc, test_fetch_txt);
	tcase_add_test(tc, test_tag_file_forms);
	tcase_add_test(tc, test_tag_file_encodings_and_paths);
	tcase_add_test(tc, test_long_manifests);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
