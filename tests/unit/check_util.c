/*
 * check_util.c - dates, the string buffer, the JSON writer, error context.
 */
#include <check.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "govrec/buf.h"
#include "govrec/json.h"
#include "govrec/util.h"
#include "testmain.h"

START_TEST(test_dates)
{
	char out[11];

	ck_assert(govrec_date_valid("2019-07-01"));
	ck_assert(govrec_date_valid("2020-02-29"));
	ck_assert(!govrec_date_valid("2019-02-29"));
	ck_assert(!govrec_date_valid("1900-02-29"));
	ck_assert(govrec_date_valid("2000-02-29"));
	ck_assert(!govrec_date_valid("2019-7-01"));
	ck_assert(!govrec_date_valid("2019-07-01x"));
	ck_assert(!govrec_date_valid("yesterday"));
	ck_assert(!govrec_date_valid(""));
	ck_assert_int_eq(govrec_date_days("1970-01-01"), 0);
	ck_assert_int_eq(govrec_date_days("2019-07-01") - govrec_date_days("2017-08-17"), 683);
	govrec_date_from_days(govrec_date_days("2020-02-28") + 1, out);
	ck_assert_str_eq(out, "2020-02-29");
	ck_assert(govrec_time_valid("23:59"));
	ck_assert(!govrec_time_valid("24:00"));
	ck_assert(!govrec_time_valid("9:00"));
}
END_TEST

START_TEST(test_buf)
{
	struct govrec_buf b = GOVREC_BUF_INIT;
	char *d;
	size_t len;
	int i;

	ck_assert_str_eq(b.data, "");
	for (i = 0; i < 1000; i++)
		govrec_buf_addf(&b, "%d,", i);
	ck_assert_uint_eq(b.len, strlen(b.data));
	govrec_buf_reset(&b);
	govrec_buf_adds(&b, "  \t padded \n");
	govrec_buf_trim(&b);
	ck_assert_str_eq(b.data, "padded");
	/* Binary safe: NUL bytes at either end are data, not white space. */
	govrec_buf_reset(&b);
	govrec_buf_add(&b, "\0 a \0", 5);
	govrec_buf_trim(&b);
	ck_assert_uint_eq(b.len, 5);
	ck_assert_mem_eq(b.data, "\0 a \0", 5);
	govrec_buf_reset(&b);
	govrec_buf_adds(&b, "padded");
	govrec_buf_add(&b, "\0x", 2);
	ck_assert_uint_eq(b.len, 8);
	d = govrec_buf_detach(&b, &len);
	ck_assert_uint_eq(len, 8);
	ck_assert_str_eq(b.data, "");
	free(d);
	govrec_buf_add_safe(&b, "ok\x1b[31m\xff", 0);
	ck_assert_str_eq(b.data, "ok?[31m?");
	govrec_buf_release(&b);
}
END_TEST

START_TEST(test_json)
{
	struct govrec_buf b = GOVREC_BUF_INIT;
	struct govrec_json j;

	govrec_json_init(&j, &b);
	govrec_json_object(&j);
	govrec_json_kstr(&j, "s", "quote \" backslash \\ nl \n tab \t ctl \x01 bad \xff");
	govrec_json_kint(&j, "n", -42);
	govrec_json_key(&j, "empty");
	govrec_json_array(&j);
	govrec_json_end(&j);
	govrec_json_key(&j, "list");
	govrec_json_array(&j);
	govrec_json_bool(&j, 1);
	govrec_json_null(&j);
	govrec_json_end(&j);
	govrec_json_end(&j);
	ck_assert_str_eq(b.data, "{\n"
				 "  \"s\": \"quote \\\" backslash \\\\ nl \\n tab \\t ctl \\u0001 bad "
				 "\xef\xbf\xbd\",\n"
				 "  \"n\": -42,\n"
				 "  \"empty\": [],\n"
				 "  \"list\": [\n"
				 "    true,\n"
				 "    null\n"
				 "  ]\n"
				 "}\n");
	govrec_buf_release(&b);
}
END_TEST

START_TEST(test_error_context)
{
	struct govrec_error err = GOVREC_ERROR_INIT;

	ck_assert_int_eq(govrec_error_set(&err, GOVREC_INVALID, "line %d: bad", 12), GOVREC_INVALID);
	govrec_error_set(&err, GOVREC_ERROR, "second error is ignored");
	govrec_error_prefix(&err, "cannot read '%s'", "x.vtt");
	ck_assert_str_eq(err.msg, "cannot read 'x.vtt': line 12: bad");
	ck_assert_int_eq(err.status, GOVREC_INVALID);
	ck_assert_int_eq(govrec_status_exit(GOVREC_NOTFOUND), 1);
	ck_assert_int_eq(govrec_status_exit(GOVREC_INVALID), 2);
	ck_assert_int_eq(govrec_status_exit(GOVREC_ERROR), 3);
	/* NULL is allowed everywhere */
	ck_assert_int_eq(govrec_error_set(NULL, GOVREC_ERROR, "x"), GOVREC_ERROR);
	govrec_error_prefix(NULL, "y");
}
END_TEST

static jmp_buf oom_jump;
static int oom_calls;

/* A handler must not return; this one jumps back into the test. */
static void oom_handler(void)
{
	oom_calls++;
	longjmp(oom_jump, 1);
}

/*
 * Out of memory in a buffer goes to the handler the program installed (the
 * CLI exits with 3), not to abort(): a buffer asked to grow past SIZE_MAX
 * cannot be allocated, and fails the same way.
 */
START_TEST(test_oom_handler)
{
	struct govrec_buf b = GOVREC_BUF_INIT;
	govrec_oom_handler old;

	govrec_buf_adds(&b, "kept");
	old = govrec_set_oom_handler(oom_handler);
	ck_assert(old == NULL);
	oom_calls = 0;
	if (setjmp(oom_jump) == 0) {
		govrec_buf_grow(&b, SIZE_MAX - 2);
		ck_abort_msg("govrec_buf_grow returned");
	}
	ck_assert_int_eq(oom_calls, 1);
	/* the buffer is as it was */
	ck_assert_str_eq(b.data, "kept");
	ck_assert(govrec_set_oom_handler(NULL) == oom_handler);
	govrec_buf_release(&b);
}
END_TEST

/* Text a bundle can carry: what XML 1.0 cannot write is replaced, the rest kept byte for byte. */
START_TEST(test_text_xml_clean)
{
	static const struct {
		const char *in, *out;
		size_t replaced;
	} v[] = {
		{ "plain ASCII, tab\there, lines\r\n", "plain ASCII, tab\there, lines\r\n", 0 },
		{ "caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x93\x84", "caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x93\x84", 0 },
		{ "page one\fpage two\vline", "page one\npage two\nline", 2 },
		{ "bell\x07 escape\x1b", "bell\xef\xbf\xbd escape\xef\xbf\xbd", 2 },
		{ "Latin-1 caf\xe9!", "Latin-1 caf\xef\xbf\xbd!", 1 },
		{ "non\xef\xbf\xbe-char \xef\xbf\xbf", "non\xef\xbf\xbd-char \xef\xbf\xbd", 2 },
		{ "cut \xe2\x80", "cut \xef\xbf\xbd\xef\xbf\xbd", 2 },
		/* past the first 8 bytes, where the word-at-a-time scan takes over */
		{ "0123456789abcdef\x01", "0123456789abcdef\xef\xbf\xbd", 1 },
	};
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct govrec_buf b = GOVREC_BUF_INIT;

		govrec_buf_adds(&b, v[i].in);
		ck_assert_int_eq(govrec_text_xml_ok(v[i].in), v[i].replaced == 0);
		ck_assert_uint_eq(govrec_text_xml_clean(&b), v[i].replaced);
		ck_assert_str_eq(b.data, v[i].out);
		ck_assert(govrec_text_xml_ok(b.data));
		govrec_buf_release(&b);
	}
}
END_TEST

START_TEST(test_hex_value)
{
	int c, n = 0;

	for (c = 0; c < 256; c++) {
		int v = govrec_hex_value(c);
		const char *digits = "0123456789abcdef";
		const char *p = c ? strchr(digits, c >= 'A' && c <= 'F' ? c - 'A' + 'a' : c) : NULL;

		ck_assert_int_eq(v, p ? (int)(p - digits) : -1);
		n += v >= 0;
	}
	ck_assert_int_eq(n, 22);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("util");
	TCase *tc = tcase_create("util");

	tcase_add_test(tc, test_dates);
	tcase_add_test(tc, test_buf);
	tcase_add_test(tc, test_json);
	tcase_add_test(tc, test_error_context);
	tcase_add_test(tc, test_oom_handler);
	tcase_add_test(tc, test_text_xml_clean);
	tcase_add_test(tc, test_hex_value);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_main(suite());
}
