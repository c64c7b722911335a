/*
 * check_webvtt.c - the WebVTT reader against the W3C file parsing algorithm.
 *
 * Each tests/data/webvtt/<case>.vtt is a case written from a rule of the
 * spec; <case>.expected lists, in file order, every cue the parser must
 * return (start_ms, end_ms, speaker and text as govrec stores them, tab
 * separated) and every warning it must give ("warning", tab, message), or
 * the one error that refuses the file ("error", tab, message).  Whole cues
 * are compared; the count that agree is printed (docs/FORMATS.md quotes it).
 * Then the reader itself: the passages it stores from those cues.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "govrec/buf.h"
#include "govrec/draft.h"
#include "govrec/readers.h"
#include "../../import/vtt-int.h"
#include "testmain.h"

struct got {
	struct govrec_document_draft *d;
	struct govrec_buf out;
	size_t warned;
};

static void new_warnings(struct got *g)
{
	for (; g->warned < g->d->nwarnings; g->warned++)
		govrec_buf_addf(&g->out, "warning\t%s\n", g->d->warnings[g->warned]);
}

static int collect(void *ctx, const struct vtt_cue *c)
{
	struct got *g = ctx;
	struct govrec_buf speaker = GOVREC_BUF_INIT, text = GOVREC_BUF_INIT;

	new_warnings(g);
	vtt_payload(c->text, c->text_len, &speaker, &text);
	govrec_buf_addf(&g->out, "%lld\t%lld\t%s\t%s\n", (long long)c->start_ms,
			(long long)c->end_ms, speaker.len ? speaker.data : "",
			text.len ? text.data : "");
	govrec_buf_release(&speaker);
	govrec_buf_release(&text);
	return 0;
}

static void load(struct govrec_buf *b, const char *path)
{
	struct govrec_error err = GOVREC_ERROR_INIT;

	ck_assert_msg(govrec_buf_read_file(b, path, 0, &err) == GOVREC_OK, "%s", err.msg);
}

/* What the parser makes of one case, in the .expected form. */
static void run_case(const char *vtt, struct govrec_buf *out)
{
	struct govrec_buf in = GOVREC_BUF_INIT;
	struct govrec_document_draft d;
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct got g = {&d, GOVREC_BUF_INIT, 0};

	load(&in, vtt);
	govrec_draft_init(&d);
	if (vtt_parse((const unsigned char *)in.data, in.len, &d, collect, &g, &err) != GOVREC_OK)
		govrec_buf_addf(&g.out, "error\t%s\n", err.msg);
	new_warnings(&g);
	govrec_buf_add(out, g.out.data ? g.out.data : "", g.out.len);
	govrec_buf_release(&g.out);
	govrec_buf_release(&in);
	govrec_draft_release(&d);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

START_TEST(test_spec_cases)
{
	char dir[512], *names[256];
	size_t n = 0, i, agree = 0;
	struct dirent *e;
	DIR *dh;
	struct govrec_buf diff = GOVREC_BUF_INIT;

	snprintf(dir, sizeof(dir), "%s/webvtt", TEST_DATA);
	ck_assert_ptr_nonnull(dh = opendir(dir));
	while ((e = readdir(dh)) != NULL) {
		size_t len = strlen(e->d_name);

		if (len > 4 && strcmp(e->d_name + len - 4, ".vtt") == 0 && n < 256)
			names[n++] = strdup(e->d_name);
	}
	closedir(dh);
	qsort(names, n, sizeof(*names), by_name);
	ck_assert_uint_ge(n, 25);
	for (i = 0; i < n; i++) {
		struct govrec_buf want = GOVREC_BUF_INIT, got = GOVREC_BUF_INIT;
		char path[1024];

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		run_case(path, &got);
		strcpy(path + strlen(path) - 4, ".expected");
		load(&want, path);
		if (want.len == got.len &&
		    (want.len == 0 || memcmp(want.data, got.data, want.len) == 0))
			agree++;
		else
			govrec_buf_addf(&diff, "\n== %s\n-- want:\n%s-- got:\n%s", names[i],
					want.len ? want.data : "", got.len ? got.data : "");
		govrec_buf_release(&want);
		govrec_buf_release(&got);
		free(names[i]);
	}
	printf("webvtt: %zu of %zu spec cases agree\n", agree, n);
	ck_assert_msg(agree == n, "%zu of %zu cases agree:%s", agree, n, diff.data);
	govrec_buf_release(&diff);
}
END_TEST

static void read_path(const char *path, struct govrec_document_draft *d)
{
	struct govrec_buf b = GOVREC_BUF_INIT;
	struct govrec_error err = GOVREC_ERROR_INIT;
	const struct govrec_reader *r;

	load(&b, path);
	for (r = govrec_readers; r->name && strcmp(r->name, "webvtt") != 0; r++)
		;
	ck_assert_ptr_nonnull(r->name);
	govrec_draft_init(d);
	ck_assert_msg(r->read((const unsigned char *)b.data, b.len, path, d, &err) == GOVREC_OK,
		      "%s", err.msg);
	govrec_buf_release(&b);
}

static void read_vtt(const char *rel, struct govrec_document_draft *d)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/webvtt/%s", TEST_DATA, rel);
	read_path(path, d);
}

/* Files that were refused whole before: read now, their one cue dropped with a warning. */
START_TEST(test_once_refused)
{
	static const struct {
		const char *file, *warning;
	} cases[] = {
	    {"no-millis.vtt", "line 3: cue dropped: the start time '00:00:01' has no '.' before "
			      "the milliseconds"},
	    {"comma.vtt", "line 4: cue dropped: the start time '00:00:01,000' has no '.' before "
			  "the milliseconds"},
	};
	struct govrec_document_draft d;
	char path[512];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		snprintf(path, sizeof(path), "%s/import/hostile/%s", TEST_DATA, cases[i].file);
		read_path(path, &d);
		ck_assert_uint_eq(d.npassages, 0);
		ck_assert_uint_eq(d.nwarnings, 1);
		ck_assert_str_eq(d.warnings[0], cases[i].warning);
		govrec_draft_release(&d);
	}
}
END_TEST

#define SPEAKER(d, i) ((d)->passages[i].speaker ? (d)->passages[i].speaker : "")

/* A timing line right after cue text is the next cue, never text of the one before. */
START_TEST(test_stored_not_merged)
{
	struct govrec_document_draft d;

	read_vtt("timing-after-text.vtt", &d);
	ck_assert_uint_eq(d.npassages, 2);
	ck_assert_str_eq(SPEAKER(&d, 0), "Byron Holland");
	ck_assert_str_eq(d.passages[0].body, "The SLA report is out.");
	ck_assert_int_eq(d.passages[0].end_ms, 3000);
	ck_assert_str_eq(SPEAKER(&d, 1), "Ria Otanes");
	ck_assert_str_eq(d.passages[1].body, "Any questions on it?");
	ck_assert_uint_eq(d.nwarnings, 0);
	govrec_draft_release(&d);
}
END_TEST

/* Cues of one speaker in time order make one turn; a cue out of order does not join it. */
START_TEST(test_stored_turns)
{
	struct govrec_document_draft d;

	read_vtt("zoom.vtt", &d);
	ck_assert_str_eq(d.kind, "captions");
	ck_assert_str_eq(d.media_type, "text/vtt");
	ck_assert_uint_eq(d.npassages, 2);
	ck_assert_str_eq(d.passages[0].body,
			 "Good afternoon, this is the CSC call. We start with the PTI report.");
	ck_assert_int_eq(d.passages[0].start_ms, 1500);
	ck_assert_int_eq(d.passages[0].end_ms, 7900);
	govrec_draft_release(&d);

	read_vtt("negative-zero.vtt", &d);
	ck_assert_uint_eq(d.npassages, 3);
	ck_assert_int_eq(d.passages[1].start_ms, 2000);
	ck_assert_int_eq(d.passages[1].end_ms, 1999);
	ck_assert_str_eq(d.passages[2].body, "an hour back");
	govrec_draft_release(&d);
}
END_TEST

/* The dropped cues are warnings on the stored draft; ruby readings are not text. */
START_TEST(test_stored_warnings)
{
	struct govrec_document_draft d;

	read_vtt("truncated.vtt", &d);
	ck_assert_uint_eq(d.npassages, 1);
	ck_assert_str_eq(d.passages[0].body, "fine");
	ck_assert_uint_eq(d.nwarnings, 1);
	ck_assert_str_eq(d.warnings[0], "line 6: cue dropped: the end time '00:00:0' has a seconds "
					"field that is not two digits");
	govrec_draft_release(&d);

	read_vtt("ruby.vtt", &d);
	ck_assert_uint_eq(d.npassages, 1);
	ck_assert_str_eq(d.passages[0].body, "左に 漢字 東京");
	govrec_draft_release(&d);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("webvtt");
	TCase *t = tcase_create("webvtt");

	tcase_add_test(t, test_spec_cases);
	tcase_add_test(t, test_stored_not_merged);
	tcase_add_test(t, test_stored_turns);
	tcase_add_test(t, test_stored_warnings);
	tcase_add_test(t, test_once_refused);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return test_main(suite());
}
