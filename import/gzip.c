/*
 * gzip.c - gzip decompression for the driver (mbox.gz, tar.gz seen as a
 * whole), through libarchive's raw format, with the import limits enforced
 * while the data expands, so a gzip bomb stops early.
 */
#include <string.h>
#include <archive.h>
#include <archive_entry.h>

#include "govrec/archive.h"

enum govrec_status govrec_gunzip(const void *data, size_t len,
				 const struct govrec_import_limits *limits, struct govrec_buf *out,
				 struct govrec_error *err)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	enum govrec_status rc = GOVREC_OK;
	size_t start = out->len;
	uint64_t cap = limits->max_expanded, ratio_cap = (uint64_t)len * limits->max_ratio;

	if (!a)
		return govrec_error_oom(err);
	if (limits->max_file && limits->max_file < cap)
		cap = limits->max_file;
	archive_read_support_filter_gzip(a);
	archive_read_support_format_raw(a);
	if (archive_read_open_memory(a, data, len) != ARCHIVE_OK ||
	    archive_read_next_header(a, &e) != ARCHIVE_OK) {
		rc = govrec_error_set(err, GOVREC_INVALID, "is not gzip data that can be read: %s",
				      archive_error_string(a) ? archive_error_string(a) : "corrupt");
		goto out;
	}
	for (;;) {
		la_ssize_t n;
		uint64_t total;

		govrec_buf_grow(out, 65536);
		n = archive_read_data(a, out->data + out->len, 65536);
		if (n < 0) {
			rc = govrec_error_set(err, GOVREC_INVALID, "has corrupt gzip data: %s",
					      archive_error_string(a) ? archive_error_string(a)
								      : "read error");
			break;
		}
		if (n == 0)
			break;
		govrec_buf_setlen(out, out->len + (size_t)n);
		total = out->len - start;
		if (total > cap) {
			rc = govrec_error_set(err, GOVREC_INVALID,
					      "expands to more than the limit of %llu bytes",
					      (unsigned long long)cap);
			break;
		}
		if (total > ratio_cap && total > 1048576) {
			rc = govrec_error_set(err, GOVREC_INVALID,
					      "expands more than %u times (a compression bomb?)",
					      limits->max_ratio);
			break;
		}
	}
out:
	archive_read_free(a);
	if (rc != GOVREC_OK)
		govrec_buf_setlen(out, start);
	return rc;
}
