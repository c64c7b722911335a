/* testutil.h - helpers shared by the Check unit tests. */
#ifndef GOVREC_TESTUTIL_H
#define GOVREC_TESTUTIL_H

#include "govrec/store.h"

/* A fresh archive in a new temporary directory; removed by test_store_free. */
struct govrec_store *test_store_new(void);
void test_store_free(struct govrec_store *st);

/* The temporary directory of the last test_store_new(), for extra files. */
const char *test_dir(void);

#endif
