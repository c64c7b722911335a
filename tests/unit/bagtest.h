/*
 * bagtest.h - what the BagIt verifier's unit tests share (check_bagit.c,
 * check_bagit_each.c, check_bagit_tags.c): bags built in C, file by file,
 * written as a directory or an archive, and the report looked into.
 */
#ifndef GOVREC_BAGTEST_H
#define GOVREC_BAGTEST_H

#include <archive.h>
#include <archive_entry.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "govrec/digest.h"
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

static inline void setup(void)
{
	snprintf(dir, sizeof(dir), "%s/govrec-bagit-XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_ge(sodium_init(), 0);
}

static inline void teardown(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static inline void bag_free(struct tbag *b)
{
	int i;

	for (i = 0; i < b->n; i++)
		govrec_buf_release(&b->f[i].data);
	b->n = 0;
}

static inline struct tfile *find(struct tbag *b, const char *name)
{
	int i;

	for (i = 0; i < b->n; i++)
		if (strcmp(b->f[i].name, name) == 0)
			return &b->f[i];
	return NULL;
}

/* Adds or replaces a file. */
static inline struct tfile *put(struct tbag *b, const char *name, const char *data, size_t len)
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

static inline void puts_file(struct tbag *b, const char *name, const char *text)
{
	put(b, name, text, strlen(text));
}

static inline void drop(struct tbag *b, const char *name)
{
	struct tfile *f = find(b, name);

	ck_assert_ptr_nonnull(f);
	govrec_buf_release(&f->data);
	*f = b->f[--b->n];
}

static inline void hex_digest(int alg, const struct govrec_buf *d, char *out)
{
	unsigned char h[64];
	size_t n = 0, i;

	switch (alg) {
	case A_MD5: {
		struct md5_ctx c;

		md5_init(&c);
		md5_update(&c, d->len, (const uint8_t *)d->data);
		md5_digest(&c, MD5_DIGEST_SIZE, h);
		n = 16;
		break;
	}
	case A_SHA1: {
		struct sha1_ctx c;

		sha1_init(&c);
		sha1_update(&c, d->len, (const uint8_t *)d->data);
		sha1_digest(&c, SHA1_DIGEST_SIZE, h);
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

static inline const char *alg_name(int alg)
{
	return alg == A_MD5      ? "md5"
	       : alg == A_SHA1   ? "sha1"
	       : alg == A_SHA256 ? "sha256"
	                         : "sha512";
}

/* A manifest of alg over the files that pick (payload or tags) selects. */
static inline void write_manifest(struct tbag *b, int alg, int tag)
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
static inline void finish(struct tbag *b, int algs)
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

static inline void sample(struct tbag *b, int algs)
{
	memset(b, 0, sizeof(*b));
	puts_file(b, "data/minutes/2024-01.txt", "Meeting 117 minutes\n");
	puts_file(b, "data/records/meeting-117.xml", "<debate/>\n");
	puts_file(b, "data/empty.txt", "");
	puts_file(b, "data/with space.txt", "spaces in names are fine\n");
	finish(b, algs);
}

static inline void make_parents(const char *path)
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
static inline const char *write_bag(struct tbag *b, const char *prefix, int out)
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

static inline int verify(const char *path, const struct govrec_pubkey *pub,
                         struct govrec_bag_report *r)
{
	struct govrec_bag_options opt = {pub, NULL, NULL};
	struct govrec_error err = GOVREC_ERROR_INIT;

	return govrec_bag_verify(path, &opt, r, &err);
}

/* 1 when r has a problem about path (NULL: the bag) whose message contains text. */
static inline int has(const struct govrec_bag_report *r, const char *path, const char *text)
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

static inline void dump(const struct govrec_bag_report *r)
{
	size_t i;

	for (i = 0; i < r->nproblems; i++)
		fprintf(stderr, "  %s: %s\n", r->problems[i].path ? r->problems[i].path : "-",
		        r->problems[i].message);
}

static inline void expect_valid(const char *path, const struct govrec_pubkey *pub)
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

/* 1 when r has a warning about path (NULL: the bag) whose message contains text. */
static inline int warned(const struct govrec_bag_report *r, const char *path, const char *text)
{
	size_t i;

	for (i = 0; i < r->nwarnings; i++)
		if ((path ? r->warnings[i].path && strcmp(r->warnings[i].path, path) == 0
		          : r->warnings[i].path == NULL) &&
		    strstr(r->warnings[i].message, text))
			return 1;
	return 0;
}

#endif
