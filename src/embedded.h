/* embedded.h - private: the files of records/data, compiled in (src/embed.cmake). */
#ifndef GOVREC_EMBEDDED_H
#define GOVREC_EMBEDDED_H

#include <stddef.h>

struct govrec_embedded {
	const char *name; /* file name, e.g. "annex-a-section-2-metrics.tsv" */
	const unsigned char *data; /* NUL-terminated */
	size_t size;
};

extern const struct govrec_embedded govrec_embedded[];

/* The embedded file called name, or NULL. */
const struct govrec_embedded *govrec_embedded_find(const char *name);

#endif
