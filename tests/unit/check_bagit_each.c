/*
 * check_bagit_each.c - the open-once API restore loads through
 * (govrec_bag_open, _check, _each, _read, _close): only listed files given,
 * every byte checked again as it is read, the same open file read each time;
 * bag-info.txt in the report; and the rules of issue 11, section 0: no file
 * a signed bag or a govrec bundle does not list, fetch.txt checked.
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

static Suite *suite(void)
{
	Suite *s = suite_create("bagit_each");
	TCase *tc = tcase_create("bagit_each");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_each_gives_listed_files);
	tcase_add_test(tc, test_each_needs_a_valid_check);
	tcase_add_test(tc, test_each_catches_changes_after_check);
	tcase_add_test(tc, test_bag_info_in_report);
	tcase_add_test(tc, test_unlisted_files_in_signed_and_govrec_bags);
	tcase_add_test(tc, test_fetch_txt);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_main(suite());
}
