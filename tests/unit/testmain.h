/*
 * testmain.h - the main() of every Check suite: run it, exit non-zero when
 * any test failed.  A check_<module>.c ends with
 *
 *     int main(void) { return test_main(suite()); }
 */
#ifndef GOVREC_TESTMAIN_H
#define GOVREC_TESTMAIN_H

#include <check.h>
#include <stdlib.h>

static inline int test_main(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
