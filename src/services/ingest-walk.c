/*
 * ingest-walk.c - what the import driver (ingest.c) asks of the file
 * system when it walks the paths it is given: a directory's names in the
 * order they are imported, and what a file that is not a regular file is.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "govrec/action.h"
#include "govrec/error.h"
#include "govrec/util.h"
#include "ingest-int.h"

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **ingest_list_dir(const char *dir, size_t *n)
{
	DIR *dh = opendir(dir);
	struct dirent *de;
	char **v = NULL;
	size_t cap = 0;

	*n = 0;
	if (!dh)
		return NULL;
	/* readdir() says an error only through errno: without this check a
	 * failing directory would silently lose the entries after it */
	for (errno = 0; (de = readdir(dh)) != NULL; errno = 0) {
		if (de->d_name[0] == '.')
			continue;
		if (*n == cap) {
			char **nv = realloc(v, (cap = cap ? cap * 2 : 32) * sizeof(*nv));

			if (!nv)
				govrec_oom();
			v = nv;
		}
		if (!(v[*n] = strdup(de->d_name)))
			govrec_oom();
		(*n)++;
	}
	if (errno) {
		int saved = errno;

		closedir(dh);
		govrec_strv_free(v, *n);
		*n = 0;
		errno = saved;
		return NULL;
	}
	closedir(dh);
	if (!v && !(v = calloc(1, sizeof(*v))))
		govrec_oom();
	qsort(v, *n, sizeof(*v), by_name);
	return v;
}

const char *ingest_file_type(mode_t mode)
{
	if (S_ISFIFO(mode))
		return "a FIFO (named pipe)";
	if (S_ISSOCK(mode))
		return "a socket";
	if (S_ISCHR(mode) || S_ISBLK(mode))
		return "a device";
	if (S_ISLNK(mode))
		return "a symbolic link";
	return "a special file";
}
