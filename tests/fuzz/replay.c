/*
 * replay.c - runs a fuzz target over files, without libFuzzer, so that ctest
 * (and the sanitizer build) replays every seed and every kept crasher of
 * tests/fuzz/ on every `make check`.
 *
 * usage: replay_<target> FILE|DIR...
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "govrec/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
	struct govrec_buf b = GOVREC_BUF_INIT;
	struct govrec_error err = GOVREC_ERROR_INIT;

	if (govrec_buf_read_file(&b, path, 0, &err) != GOVREC_OK) {
		fprintf(stderr, "replay: %s\n", err.msg);
		return 1;
	}
	LLVMFuzzerTestOneInput((const uint8_t *)b.data, b.len);
	govrec_buf_release(&b);
	return 0;
}

int main(int argc, char **argv)
{
	int i, files = 0, bad = 0;

	for (i = 1; i < argc; i++) {
		struct stat sb;
		DIR *d;
		struct dirent *e;

		if (stat(argv[i], &sb) != 0)
			continue; /* a target may have no regressions yet */
		if (!S_ISDIR(sb.st_mode)) {
			bad += replay_file(argv[i]);
			files++;
			continue;
		}
		d = opendir(argv[i]);
		while (d && (e = readdir(d)) != NULL) {
			char path[4096];

			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", argv[i], e->d_name);
			bad += replay_file(path);
			files++;
		}
		if (d)
			closedir(d);
	}
	printf("replayed %d file%s\n", files, files == 1 ? "" : "s");
	return bad ? 1 : 0;
}
