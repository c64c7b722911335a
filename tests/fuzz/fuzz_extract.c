/*
 * fuzz_extract.c - libFuzzer target for the extraction of action items,
 * decisions, proposal references and metric mentions (import/extract.c).
 *
 * The input is split into passages at NUL bytes and given to the extractor
 * as they are: most are valid UTF-8 (matched with PCRE2_NO_UTF_CHECK after
 * one check of the passage), some are not (PCRE2 checks them itself), which
 * is the line this target watches.  The extractor knows a few metric names,
 * as an import gives it the catalog's.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "govrec/document.h"
#include "govrec/extract.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct govrec_extractor *extractor(void)
{
	static const char *const ids[] = { "cat1.technical-checks.initial",
					   "cat2.root-zone-publication", "cat5.rzms-availability" };
	static const char *const names[] = { "Technical Checks", "Root Zone Publication",
					     "RZMS availability" };
	static struct govrec_extractor *x;

	if (!x && govrec_extractor_new(ids, names, 3, &x, NULL) != GOVREC_OK)
		abort();
	return x;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct govrec_document_draft d;
	struct govrec_findings f = { NULL, 0, 0 };
	struct govrec_error err = GOVREC_ERROR_INIT;
	size_t a = 0, b, i;

	govrec_draft_init(&d);
	while (a < size) {
		char *body;

		for (b = a; b < size && data[b]; b++)
			;
		body = malloc(b - a + 1);
		if (!body)
			abort();
		memcpy(body, data + a, b - a);
		body[b - a] = '\0';
		if (govrec_draft_add(&d, NULL, GOVREC_NO_TIME, GOVREC_NO_TIME, NULL, body))
			abort();
		free(body);
		a = b + 1;
	}
	if (govrec_extract(extractor(), &d, &f, &err) == GOVREC_OK)
		for (i = 0; i < f.n; i++)
			if (f.items[i].passage >= d.npassages)
				abort();
	govrec_findings_release(&f);
	govrec_draft_release(&d);
	return 0;
}
