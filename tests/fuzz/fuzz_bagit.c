/*
 * fuzz_bagit.c - libFuzzer target for the BagIt verifier (govrec_bag_verify)
 * on archive bytes (tar, tar.gz, zip; the verifier finds the format from the
 * bytes), written to one private temporary file per process, with the key
 * the signed seeds were made with so that the signature checks are reached.
 * Seeds in seeds/bagit/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "govrec/bagit.h"
#include "govrec/sign.h"
#include "tempfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PUBKEY "RWTN10e7Rji9oFApRiPui8Xv7JvTMO9HtUwJc0FjK2F4sZ3YjP/bL3QV"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct govrec_pubkey pub;
	static int have_pub;
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_bag_options opt;
	struct govrec_bag_report r;
	size_t i, n = 0;

	if (!have_pub) {
		if (govrec_pubkey_read(PUBKEY, 1, &pub, &err) != GOVREC_OK)
			abort();
		have_pub = 1;
	}
	memset(&opt, 0, sizeof(opt));
	opt.pub = &pub;
	govrec_bag_verify(fuzz_tempfile(data, size, ".bag"), &opt, &r, &err);
	for (i = 0; i < r.nproblems; i++)
		n += strlen(r.problems[i].message) + (r.problems[i].path ? 1 : 0);
	for (i = 0; r.algorithms && r.algorithms[i]; i++)
		n += strlen(r.algorithms[i]);
	if (r.trusted_comment)
		n += strlen(r.trusted_comment);
	govrec_bag_report_release(&r);
	return n == (size_t)-1;
}
