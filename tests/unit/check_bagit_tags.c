/*
 * check_bagit_tags.c - what RFC 8493 allows in tag files (issue 11,
 * section 3): CR, LF and CRLF line ends, no final newline, bagit.txt's exact
 * form, older versions, UTF-16 tag files, './data/...' and md5sum's '*',
 * SHA-224 and SHA-384, system files; and manifests longer than one read.
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

#include "bagtest.h"
#include "testmain.h"

/* ---- issue 11, section 3: what RFC 8493 allows in tag files ---- */

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
	/* A bagit.txt of 70 000 bytes is not read whole. */
	{
		struct govrec_buf big = GOVREC_BUF_INIT;
		int i;

		govrec_buf_adds(&big, "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
		for (i = 0; i < 7000; i++)
			govrec_buf_adds(&big, "         \n");
		put(&b, "bagit.txt", big.data, big.len);
		govrec_buf_release(&big);
		write_manifest(&b, A_SHA512, 1);
		ck_assert_int_eq(verify(write_bag(&b, "", OUT_TAR), NULL, &r), GOVREC_REFUSED);
		ck_assert(has(&r, "bagit.txt",
		              "is too large to be read as this tag file (over 65536 bytes)"));
		govrec_bag_report_release(&r);
	}
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
	Suite *s = suite_create("bagit_tags");
	TCase *tc = tcase_create("bagit_tags");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_tag_file_forms);
	tcase_add_test(tc, test_tag_file_encodings_and_paths);
	tcase_add_test(tc, test_long_manifests);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_main(suite());
}
