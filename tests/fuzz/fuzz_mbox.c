/*
 * fuzz_mbox.c - libFuzzer target for the mbox reader (govrec_multi_readers)
 * and, for gzip input, govrec_gunzip in front of it as the import driver
 * does for list.mbox.gz; seeds in seeds/mbox/.
 */
#include <stddef.h>
#include <stdint.h>

#include "govrec/archive.h"
#include "govrec/buf.h"
#include "reader_target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Touches what the driver would store, so that a bad pointer shows. */
static int each(struct govrec_document_draft *d, size_t index, const struct govrec_error *perr,
                void *ctx)
{
	size_t *n = ctx;

	(*n)++;
	if (d)
		*n += fuzz_touch(d) > 0 && d->bytes && d->size > 0;
	else
		*n += strlen(perr->msg) > 0;
	return index >= 64; /* the driver never stops; this reaches that path too */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct govrec_multi_reader *mr = &govrec_multi_readers[0];
	struct govrec_import_limits limits;
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_buf out = GOVREC_BUF_INIT;
	size_t n = 0;

	govrec_import_limits_default(&limits);
	limits.max_file = limits.max_expanded = 4 << 20;
	if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b) {
		if (govrec_gunzip(data, size, &limits, &out, &err) == GOVREC_OK) {
			mr->detect((const unsigned char *)out.data, out.len, "list.mbox");
			mr->each((const unsigned char *)out.data, out.len, "list.mbox", each, &n,
			         &err);
		}
		govrec_buf_release(&out);
		return 0;
	}
	mr->detect(data, size, "list.mbox");
	mr->each(data, size, "list.mbox", each, &n, &err);
	return 0;
}
