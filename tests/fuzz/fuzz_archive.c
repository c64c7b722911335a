/*
 * fuzz_archive.c - libFuzzer target for the archive walker
 * (govrec_archive_walk: zip, tar and compressed tar held in memory) with
 * small limits, so that the limit checks are reached quickly; every entry's
 * name and bytes are read.  Seeds in seeds/archive/.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "govrec/archive.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int entry(const char *name, const void *bytes, size_t len, void *ctx)
{
	size_t *sum = ctx;
	const unsigned char *b = bytes;

	*sum += strlen(name);
	if (len)
		*sum += b[0] + b[len - 1];
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct govrec_import_limits limits;
	struct govrec_error err = GOVREC_ERROR_INIT;
	size_t sum = 0;

	govrec_import_limits_default(&limits);
	limits.max_file = 1 << 20;
	limits.max_entries = 64;
	limits.max_expanded = 4 << 20;
	limits.max_ratio = 100;
	limits.max_depth = 2;
	govrec_archive_detect(data, size);
	govrec_archive_walk(data, size, &limits, entry, &sum, &err);
	return 0;
}
