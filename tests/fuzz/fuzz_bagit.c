/*
 * fuzz_bagit.c - libFuzzer target for the BagIt verifier on archive bytes
 * (tar, tar.gz, zip; the verifier finds the format from the bytes), written
 * to one private temporary file per process, with the key the signed seeds
 * were made with so that the signature checks are reached: the bag is opened,
 * checked, and when valid read once more through govrec_bag_each, as restore
 * reads it.  Seeds in seeds/bagit/ (govrec's own, and bags of the BagIt
 * conformance suite: UTF-16 tag files, fetch.txt, md5sum's '*', 0.96).
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

/* Reads every byte of each file given, as restore would. */
static enum govrec_status drain(const struct govrec_bag_file *f, void *ctx,
                                struct govrec_error *err)
{
	struct govrec_bag *b = ctx;
	char buf[4096];
	long long n;

	(void)f;
	(void)err;
	while ((n = govrec_bag_read(b, buf, sizeof(buf))) > 0)
		;
	return GOVREC_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct govrec_pubkey pub;
	struct govrec_bag *b = NULL;
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
	memset(&r, 0, sizeof(r));
	if (govrec_bag_open(fuzz_tempfile(data, size, ".bag"), &b, &err) == GOVREC_OK &&
	    govrec_bag_check(b, &opt, &r, &err) == GOVREC_OK)
		govrec_bag_each(b, drain, b, &err);
	govrec_bag_close(b);
	for (i = 0; i < r.nproblems; i++)
		n += strlen(r.problems[i].message) + (r.problems[i].path ? 1 : 0);
	for (i = 0; i < r.nwarnings; i++)
		n += strlen(r.warnings[i].message);
	for (i = 0; i < r.ninfo; i++)
		n += strlen(r.info[i].label) + strlen(r.info[i].value);
	for (i = 0; r.algorithms && r.algorithms[i]; i++)
		n += strlen(r.algorithms[i]);
	if (r.trusted_comment)
		n += strlen(r.trusted_comment);
	govrec_bag_report_release(&r);
	return n == (size_t)-1;
}
