/*
 * tempfile.h - one private temporary file per fuzz process, rewritten with
 * each input, for the parsers that take a path (key files, bags).  Mode
 * 0600, so that the secret key reader does not refuse it for its mode.
 */
#ifndef GOVREC_FUZZ_TEMPFILE_H
#define GOVREC_FUZZ_TEMPFILE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char fuzz_temp_path[4096];

static inline void fuzz_tempfile_remove(void)
{
	unlink(fuzz_temp_path);
}

/* The path of a file holding exactly data; aborts when it cannot be written. */
static inline const char *fuzz_tempfile(const uint8_t *data, size_t size, const char *suffix)
{
	static int fd = -1;
	char *path = fuzz_temp_path;
	const char *dir = getenv("TMPDIR");

	if (fd < 0) {
		snprintf(path, sizeof(fuzz_temp_path), "%s/govrec-fuzz.XXXXXX%s",
		         dir ? dir : "/tmp", suffix);
		fd = mkstemps(path, (int)strlen(suffix));
		if (fd < 0)
			abort();
		fchmod(fd, 0600);
		atexit(fuzz_tempfile_remove);
	}
	if (ftruncate(fd, 0) != 0 || (size && pwrite(fd, data, size, 0) != (ssize_t)size))
		abort();
	return path;
}

#endif
