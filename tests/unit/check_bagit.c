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

#include "bagtest.h"
#include "testmain.h"

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

/* The test bags' own manifests are right: md5 and sha1 from known vectors. */
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
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_main(suite());
}
