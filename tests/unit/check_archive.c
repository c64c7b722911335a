/*
 * check_archive.c - the archive walker: good archives walked in order with
 * the right bytes, and every hostile archive (tests/data/hostile/, made by
 * tests/data/make-fixtures.py) refused with a message naming the entry and
 * the problem.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "govrec/buf.h"
#include "govrec/archive.h"
#include "testmain.h"

static void load(struct govrec_buf *b, const char *rel)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", TEST_DATA, rel);
	ck_assert_msg(govrec_buf_read_file(b, path, 0, &err) == GOVREC_OK, "%s", err.msg);
}

/* Records "name:len:bytes;" for each entry. */
static int collect(const char *name, const void *bytes, size_t len, void *ctx)
{
	struct govrec_buf *out = ctx;

	govrec_buf_addf(out, "%s:%zu:", name, len);
	govrec_buf_add(out, bytes, len);
	govrec_buf_addch(out, ';');
	return 0;
}

static int stop_first(const char *name, const void *bytes, size_t len, void *ctx)
{
	(*(int *)ctx)++;
	return 1;
}

static const char *const good_files[] = {
	"archive/good.zip", "archive/good.tar", "archive/good.tar.gz", "archive/good.tar.bz2",
	"archive/good.tar.xz",
};

#define GOOD_WALK                                                                          \
	"agenda.txt:60:CSC meeting 34 agenda\n\n1. Welcome\n2. PTI performance report\n;"   \
	"notes/minutes.md:54:# Minutes\n\nThe CSC reviewed the September PTI report.\n;"

START_TEST(test_good)
{
	struct govrec_buf data = GOVREC_BUF_INIT, out = GOVREC_BUF_INIT;
	struct govrec_error err = GOVREC_ERROR_INIT;

	load(&data, good_files[_i]);
	ck_assert(govrec_archive_detect(data.data, data.len));
	ck_assert_msg(govrec_archive_walk(data.data, data.len, NULL, collect, &out, &err) ==
			      GOVREC_OK,
		      "%s: %s", good_files[_i], err.msg);
	ck_assert_str_eq(out.data, GOOD_WALK);
	govrec_buf_release(&out);
	govrec_buf_release(&data);
}
END_TEST

/* UTF-8 names arrive as UTF-8 even in the C locale the tests run in. */
static const char *const utf8_files[] = { "archive/utf8-names.zip", "archive/utf8-names.tar" };

START_TEST(test_utf8_names)
{
	struct govrec_buf data = GOVREC_BUF_INIT, out = GOVREC_BUF_INIT;
	struct govrec_error err = GOVREC_ERROR_INIT;

	load(&data, utf8_files[_i]);
	ck_assert_msg(govrec_archive_walk(data.data, data.len, NULL, collect, &out, &err) ==
			      GOVREC_OK,
		      "%s: %s", utf8_files[_i], err.msg);
	ck_assert_str_eq(out.data, "Protokoll \xc3\xa4.txt:8:Sitzung\n;"
				   "\xe4\xbc\x9a\xe8\xad\xb0/notes.txt:8:meeting\n;");
	govrec_buf_release(&out);
	govrec_buf_release(&data);
}
END_TEST

START_TEST(test_stop)
{
	struct govrec_buf data = GOVREC_BUF_INIT;
	struct govrec_error err = GOVREC_ERROR_INIT;
	int calls = 0;

	load(&data, "archive/good.tar.gz");
	ck_assert_int_eq(govrec_archive_walk(data.data, data.len, NULL, stop_first, &calls, &err),
			 GOVREC_OK);
	ck_assert_int_eq(calls, 1);
	govrec_buf_release(&data);
}
END_TEST

START_TEST(test_nested_ok)
{
	struct govrec_buf data = GOVREC_BUF_INIT, out = GOVREC_BUF_INIT;
	struct govrec_error err = GOVREC_ERROR_INIT;

	load(&data, "archive/nested-ok.zip");
	ck_assert_msg(govrec_archive_walk(data.data, data.len, NULL, collect, &out, &err) ==
			      GOVREC_OK,
		      "%s", err.msg);
	ck_assert_str_eq(out.data, "outer.txt:8:outside\n;"
				   "meeting/inner.zip/inner.txt:25:inside the inner archive\n;");
	govrec_buf_release(&out);
	govrec_buf_release(&data);
}
END_TEST

/* An office document inside a folder reaches fn whole: it is a document, not a folder. */
START_TEST(test_office_entry_whole)
{
	struct govrec_buf data = GOVREC_BUF_INIT, out = GOVREC_BUF_INIT, docx = GOVREC_BUF_INIT;
	struct govrec_error err = GOVREC_ERROR_INIT;
	char expect[64];
	const char *at;

	load(&data, "archive/folder-with-docx.zip");
	load(&docx, "office/csc-notes.docx");
	ck_assert_msg(govrec_archive_walk(data.data, data.len, NULL, collect, &out, &err) ==
			      GOVREC_OK,
		      "%s", err.msg);
	snprintf(expect, sizeof(expect), ";csc-notes.docx:%zu:", docx.len);
	at = strstr(out.data, expect);
	ck_assert_ptr_nonnull(at);
	at += strlen(expect);
	ck_assert_uint_ge(out.len - (size_t)(at - out.data), docx.len);
	ck_assert_int_eq(memcmp(at, docx.data, docx.len), 0);
	ck_assert_ptr_null(strstr(out.data, "csc-notes.docx/"));
	govrec_buf_release(&docx);
	govrec_buf_release(&out);
	govrec_buf_release(&data);
}
END_TEST

START_TEST(test_detect)
{
	static const char text[] = "WEBVTT\n\n00:00.000 --> 00:01.000\nhello\n";
	struct govrec_buf data = GOVREC_BUF_INIT;

	ck_assert(!govrec_archive_detect(text, sizeof(text) - 1));
	ck_assert(!govrec_archive_detect("PK", 2));
	load(&data, "hostile/absolute.tar");
	ck_assert(govrec_archive_detect(data.data, data.len));
	govrec_buf_release(&data);
}
END_TEST

START_TEST(test_defaults)
{
	struct govrec_import_limits l;

	govrec_import_limits_default(&l);
	ck_assert_uint_eq(l.max_file, (size_t)256 << 20);
	ck_assert_uint_eq(l.max_entries, 10000);
	ck_assert_uint_eq(l.max_expanded, (uint64_t)1 << 30);
	ck_assert_uint_eq(l.max_ratio, 100);
	ck_assert_uint_eq(l.max_depth, 2);
}
END_TEST

/* A hostile fixture, the limits to walk it with, and the message expected. */
static const struct hostile {
	const char *file;
	size_t max_file, max_entries;
	uint64_t max_expanded;
	unsigned max_ratio;
	const char *msg;
} hostile[] = {
	{ "hostile/zip-bomb.zip", 0, 0, 0, 0,
	  "archive entry 'zeros.bin' expands the archive more than 100 times its size "
	  "(a zip bomb?)" },
	{ "hostile/zip-bomb.zip", 16 << 20, 0, 0, 1000000,
	  "archive entry 'zeros.bin' is larger than 16 MiB" },
	{ "hostile/zip-bomb.zip", 0, 0, 2 << 20, 1000000,
	  "archive entry 'zeros.bin' takes the archive over 2 MiB expanded" },
	{ "hostile/tar-bomb.tar.gz", 0, 0, 0, 0,
	  "archive entry 'zeros.bin' expands the archive more than 100 times its size "
	  "(a zip bomb?)" },
	{ "hostile/many-entries.zip", 0, 100, 0, 0,
	  "archive entry 'f100.txt' is one entry more than the limit of 100" },
	{ "hostile/traversal.zip", 0, 0, 0, 0,
	  "archive entry '../evil' goes outside the archive ('..' in its path)" },
	{ "hostile/absolute.tar", 0, 0, 0, 0, "archive entry '/etc/x' has an absolute path" },
	{ "hostile/symlink.tar", 0, 0, 0, 0, "archive entry 'link' is a symbolic link" },
	{ "hostile/symlink.zip", 0, 0, 0, 0, "archive entry 'link' is a symbolic link" },
	{ "hostile/hardlink.tar", 0, 0, 0, 0, "archive entry 'b.txt' is a hard link" },
	{ "hostile/device.tar", 0, 0, 0, 0,
	  "archive entry 'dev/null' is a device or special file, not a plain file" },
	{ "hostile/not-utf8-name.zip", 0, 0, 0, 0,
	  "archive entry 'caf\\xe4.txt' has a name that is not UTF-8" },
	{ "hostile/control-char.zip", 0, 0, 0, 0,
	  "archive entry 'notes\\x1b[31m.txt' has a control character in its name" },
	{ "hostile/nested-deep.zip", 0, 0, 0, 0,
	  "archive entry 'level2.zip/level3.zip' is an archive nested more than 2 deep" },
	{ "hostile/truncated.zip", 0, 0, 0, 0, "is not a readable archive (" },
	{ "hostile/bad-crc.zip", 0, 0, 0, 0,
	  "is not a readable archive (reading entry 'minutes.txt'): ZIP bad CRC" },
	{ "hostile/truncated.tar.gz", 0, 0, 0, 0, "is not a readable archive (" },
	{ "hostile/nul-name.zip", 0, 0, 0, 0,
	  "archive entry 'minutes.txt\\x00.vtt' has a control character in its name" },
	{ "hostile/nul-name-zip64.zip", 0, 0, 0, 0,
	  "archive entry 'minutes.txt\\x00.vtt' has a control character in its name" },
	{ "hostile/duplicate.zip", 0, 0, 0, 0,
	  "archive entry 'minutes.txt' appears more than once in the archive" },
	{ "hostile/duplicate.tar", 0, 0, 0, 0,
	  "archive entry 'notes/a.txt' appears more than once in the archive" },
};

START_TEST(test_hostile)
{
	const struct hostile *h = &hostile[_i];
	struct govrec_buf data = GOVREC_BUF_INIT, out = GOVREC_BUF_INIT;
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_import_limits l;

	govrec_import_limits_default(&l);
	if (h->max_file)
		l.max_file = h->max_file;
	if (h->max_entries)
		l.max_entries = h->max_entries;
	if (h->max_expanded)
		l.max_expanded = h->max_expanded;
	if (h->max_ratio)
		l.max_ratio = h->max_ratio;
	load(&data, h->file);
	ck_assert_int_eq(govrec_archive_walk(data.data, data.len, &l, collect, &out, &err),
			 GOVREC_INVALID);
	ck_assert_msg(strncmp(err.msg, h->msg, strlen(h->msg)) == 0, "%s: got \"%s\"", h->file,
		      err.msg);
	/* refused before any entry reached fn, even those before the bad one */
	ck_assert_msg(out.len == 0, "%s: fn got \"%s\"", h->file, out.data);
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_archive_walk_whole(data.data, data.len, &l, collect, &out, &err),
			 GOVREC_INVALID);
	ck_assert_msg(strncmp(err.msg, h->msg, strlen(h->msg)) == 0, "%s whole: got \"%s\"",
		      h->file, err.msg);
	ck_assert_msg(out.len == 0, "%s whole: fn got \"%s\"", h->file, out.data);
	govrec_buf_release(&out);
	govrec_buf_release(&data);
}
END_TEST

/* A bomb is stopped while it expands, not after: nothing of it reaches fn. */
START_TEST(test_bomb_stops_early)
{
	struct govrec_buf data = GOVREC_BUF_INIT, out = GOVREC_BUF_INIT;
	struct govrec_error err = GOVREC_ERROR_INIT;

	load(&data, "hostile/zip-bomb.zip");
	ck_assert_int_eq(govrec_archive_walk(data.data, data.len, NULL, collect, &out, &err),
			 GOVREC_INVALID);
	ck_assert_uint_eq(out.len, 0);
	govrec_buf_release(&out);
	govrec_buf_release(&data);
}
END_TEST

/* gzip data holding a tar is told from its first header, without the rest. */
START_TEST(test_gzip_tar)
{
	struct govrec_buf data = GOVREC_BUF_INIT;

	load(&data, "archive/good.tar.gz");
	ck_assert(govrec_archive_gzip_tar(data.data, data.len));
	govrec_buf_reset(&data);
	/* the first header only: a bomb's first 4 KiB tell it is a tar */
	load(&data, "hostile/tar-bomb.tar.gz");
	ck_assert_uint_gt(data.len, 4096);
	ck_assert(govrec_archive_gzip_tar(data.data, 4096));
	govrec_buf_reset(&data);
	load(&data, "archive/good.tar");
	ck_assert(!govrec_archive_gzip_tar(data.data, data.len));
	govrec_buf_reset(&data);
	load(&data, "import/csc-list.mbox.gz");
	ck_assert(!govrec_archive_gzip_tar(data.data, data.len));
	ck_assert(!govrec_archive_gzip_tar("", 0));
	govrec_buf_release(&data);
}
END_TEST

/* good.zip with a wrong CRC for its second entry, in both headers. */
static void bad_second_crc(struct govrec_buf *b)
{
	static const unsigned char crc[4] = { 0x5f, 0xbc, 0x6c, 0x7f }; /* notes/minutes.md */
	size_t i, n = 0;

	load(b, "archive/good.zip");
	for (i = 0; i + 4 <= b->len; i++)
		if (memcmp(b->data + i, crc, 4) == 0) {
			b->data[i] ^= 1;
			n++;
		}
	ck_assert_uint_eq(n, 2);
}

/*
 * Damage only data shows: a plain walk has handed the first entry to fn
 * before it finds it; a whole walk finds it in its first pass, before fn
 * has anything.
 */
START_TEST(test_whole_walk)
{
	struct govrec_buf data = GOVREC_BUF_INIT, out = GOVREC_BUF_INIT;
	struct govrec_error err = GOVREC_ERROR_INIT;

	bad_second_crc(&data);
	ck_assert_int_eq(govrec_archive_walk(data.data, data.len, NULL, collect, &out, &err),
			 GOVREC_INVALID);
	ck_assert_msg(strncmp(out.data, "agenda.txt:", 11) == 0, "%s", out.data);
	govrec_buf_reset(&out);
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_archive_walk_whole(data.data, data.len, NULL, collect, &out, &err),
			 GOVREC_INVALID);
	ck_assert_msg(strstr(err.msg, "notes/minutes.md") != NULL, "%s", err.msg);
	ck_assert_uint_eq(out.len, 0);
	/* and a good archive walks as usual */
	govrec_buf_reset(&data);
	govrec_error_clear(&err);
	load(&data, "archive/good.tar.gz");
	ck_assert_int_eq(govrec_archive_walk_whole(data.data, data.len, NULL, collect, &out, &err),
			 GOVREC_OK);
	ck_assert_str_eq(out.data, GOOD_WALK);
	govrec_buf_release(&out);
	govrec_buf_release(&data);
}
END_TEST

START_TEST(test_not_archive)
{
	static const char text[] = "just some text, not an archive at all\n";
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_buf out = GOVREC_BUF_INIT;

	ck_assert_int_eq(govrec_archive_walk(text, sizeof(text) - 1, NULL, collect, &out, &err),
			 GOVREC_INVALID);
	ck_assert_msg(strstr(err.msg, "is not a readable archive") != NULL, "%s", err.msg);
	govrec_error_clear(&err);
	ck_assert_int_eq(govrec_archive_walk(text, 0, NULL, collect, &out, &err), GOVREC_INVALID);
	ck_assert_str_eq(err.msg, "is an empty archive");
	govrec_buf_release(&out);
}
END_TEST

static int want_md(const char *name)
{
	size_t n = strlen(name);

	return n > 3 && strcmp(name + n - 3, ".md") == 0;
}

/* Only the wanted parts reach fn; the others are read and counted, not handed over. */
START_TEST(test_parts_wanted)
{
	static const struct govrec_archive_parts parts = { want_md, 1024, "one test part" };
	struct govrec_buf data = GOVREC_BUF_INIT, out = GOVREC_BUF_INIT;
	struct govrec_error err = GOVREC_ERROR_INIT;

	load(&data, "archive/good.zip");
	ck_assert_msg(govrec_archive_walk_parts(data.data, data.len, NULL, &parts, collect, &out,
						&err) == GOVREC_OK,
		      "%s", err.msg);
	ck_assert_str_eq(out.data,
			 "notes/minutes.md:54:# Minutes\n\nThe CSC reviewed the September PTI "
			 "report.\n;");
	govrec_buf_release(&out);
	govrec_buf_release(&data);
}
END_TEST

/* A wanted part over its limit is refused, naming the part and the limit. */
START_TEST(test_parts_limit)
{
	static const struct govrec_archive_parts parts = { want_md, 50, "one test part" };
	struct govrec_buf data = GOVREC_BUF_INIT, out = GOVREC_BUF_INIT;
	struct govrec_error err = GOVREC_ERROR_INIT;

	load(&data, good_files[_i]);
	ck_assert_int_eq(govrec_archive_walk_parts(data.data, data.len, NULL, &parts, collect,
						   &out, &err),
			 GOVREC_INVALID);
	ck_assert_str_eq(err.msg, "archive entry 'notes/minutes.md' is larger than 50 bytes, "
				  "the limit of one test part");
	ck_assert_uint_eq(out.len, 0);
	govrec_buf_release(&out);
	govrec_buf_release(&data);
}
END_TEST

/*
 * A part whose headers say 5 bytes and whose data inflates to 100 KiB
 * (tests/data/hostile/lying-size.zip) does not get through on the strength
 * of its headers: the data is refused while it is read.
 */
START_TEST(test_parts_limit_while_reading)
{
	static const struct govrec_archive_parts parts = { want_md, 64 << 10, "one test part" };
	struct govrec_buf data = GOVREC_BUF_INIT, out = GOVREC_BUF_INIT;
	struct govrec_error err = GOVREC_ERROR_INIT;

	load(&data, "hostile/lying-size.zip");
	ck_assert_int_eq(govrec_archive_walk_parts(data.data, data.len, NULL, &parts, collect,
						   &out, &err),
			 GOVREC_INVALID);
	/* libarchive itself notices first that the data outgrows the header */
	ck_assert_msg(strstr(err.msg, "'notes/big.md'") != NULL, "%s", err.msg);
	ck_assert_uint_eq(out.len, 0);
	govrec_buf_release(&out);
	govrec_buf_release(&data);
}
END_TEST

static Suite *archive_suite(void)
{
	Suite *s = suite_create("archive");
	TCase *tc = tcase_create("walk");

	tcase_add_loop_test(tc, test_good, 0, (int)(sizeof(good_files) / sizeof(good_files[0])));
	tcase_add_loop_test(tc, test_utf8_names, 0,
			    (int)(sizeof(utf8_files) / sizeof(utf8_files[0])));
	tcase_add_test(tc, test_stop);
	tcase_add_test(tc, test_nested_ok);
	tcase_add_test(tc, test_office_entry_whole);
	tcase_add_test(tc, test_detect);
	tcase_add_test(tc, test_defaults);
	tcase_add_loop_test(tc, test_hostile, 0, (int)(sizeof(hostile) / sizeof(hostile[0])));
	tcase_add_test(tc, test_bomb_stops_early);
	tcase_add_test(tc, test_not_archive);
	tcase_add_test(tc, test_gzip_tar);
	tcase_add_test(tc, test_whole_walk);
	tcase_add_test(tc, test_parts_wanted);
	tcase_add_test(tc, test_parts_limit_while_reading);
	tcase_add_loop_test(tc, test_parts_limit, 0,
			    (int)(sizeof(good_files) / sizeof(good_files[0])));
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_main(archive_suite());
}
