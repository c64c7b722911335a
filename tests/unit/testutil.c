/* testutil.c - a fresh archive per test case. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "govrec/committee.h"
#include "testutil.h"

static char dir[256];

const char *test_dir(void)
{
	return dir;
}

struct govrec_store *test_store_new(void)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_store *st = NULL;
	char path[300];

	snprintf(dir, sizeof(dir), "%s/govrec-test-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/test.db", dir);
	ck_assert_int_eq(govrec_store_open(path, GOVREC_STORE_CREATE, &st, &err), GOVREC_OK);
	govrec_store_set_actor(st, "test");
	ck_assert_msg(govrec_archive_setup(st, "Test Committee", "TC", &err) == GOVREC_OK, "%s",
		      err.msg);
	return st;
}

void test_store_free(struct govrec_store *st)
{
	char cmd[300];

	govrec_store_close(st);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}
