/*
 * ingest-int.h - private to the import driver: ingest.c and ingest-walk.c.
 */
#ifndef GOVREC_INGEST_INT_H
#define GOVREC_INGEST_INT_H

#include <stddef.h>
#include <sys/types.h>

/*
 * The names in dir, sorted byte-wise, without hidden ones (a leading dot),
 * as an array of n strings to free with govrec_strv_free() (action.h); NULL
 * on an error of opendir or readdir, with errno set (a directory that
 * fails half-way loses no entries silently).
 */
char **ingest_list_dir(const char *dir, size_t *n);

/* What a file that is not a regular file is, for a message: "a FIFO (named pipe)". */
const char *ingest_file_type(mode_t mode);

#endif
