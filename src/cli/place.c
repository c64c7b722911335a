/*
 * place.c - where the running binary's own files are: its manual pages and
 * govrec-io, the program that runs the commands reading or writing
 * XML and archives (see main.c).
 *
 * The binary of the build tree uses the build tree's files and the source
 * tree's pages.  Any other binary is installed: it finds its files from its
 * own place (bin/../share/man, bin/../libexec/govrec, whatever prefix `make
 * install` was given), or when they are not there, where the prefix it was
 * configured with puts them.  An installed binary never falls back to the
 * tree it was built from: that tree may be gone, or hold other files.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/*
 * The directory of the running binary, resolved (the kernel's own record of
 * the file it runs, so a symbolic link to an installed binary still leads to
 * its prefix); empty when it cannot be told.
 */
static void exe_dir(struct govrec_buf *dir)
{
	char path[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);
	char *slash;

	if (n <= 0)
		return;
	path[n] = '\0';
	slash = strrchr(path, '/');
	if (slash && slash != path)
		govrec_buf_add(dir, path, (size_t)(slash - path));
}

static int same_dir(const char *a, const char *b)
{
	char ra[PATH_MAX], rb[PATH_MAX];

	return realpath(a, ra) && realpath(b, rb) && strcmp(ra, rb) == 0;
}

/*
 * Into dir: build_dir for the build tree's binary; otherwise the binary's
 * own directory followed by relative when that exists, else installed.
 */
static void find_dir(struct govrec_buf *dir, const char *build_dir, const char *relative,
		     const char *installed)
{
	govrec_buf_reset(dir);
	exe_dir(dir);
	if (dir->len > 0 && same_dir(dir->data, GOVREC_BUILD_DIR)) {
		govrec_buf_reset(dir);
		govrec_buf_adds(dir, build_dir);
		return;
	}
	if (dir->len > 0) {
		govrec_buf_addf(dir, "/%s", relative);
		if (access(dir->data, X_OK) == 0)
			return;
	}
	govrec_buf_reset(dir);
	govrec_buf_adds(dir, installed);
}

void cli_man_dir(struct govrec_buf *dir)
{
	find_dir(dir, GOVREC_SOURCE_MANDIR, GOVREC_BIN_TO_MANDIR, GOVREC_MANDIR);
}

void cli_io_path(struct govrec_buf *path)
{
	const char *env = getenv("GOVREC_EXEC_PATH");

	if (env && *env) {
		govrec_buf_reset(path);
		govrec_buf_adds(path, env);
	} else {
		find_dir(path, GOVREC_BUILD_DIR, GOVREC_BIN_TO_LIBEXECDIR, GOVREC_LIBEXECDIR);
	}
	govrec_buf_adds(path, "/govrec-io");
}
