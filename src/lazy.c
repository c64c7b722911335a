/*
 * lazy.c - loads libxml2 and libarchive on first use (see lazy.h).
 *
 * The shared-object names are the ones the build found (CMakeLists.txt reads
 * them from the libraries it would have linked), so a build always loads the
 * library version it was compiled against.
 */
#define GOVREC_LAZY_IMPL
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lazy.h"

struct symbol {
	const char *name;
	size_t offset;
};

#define XML_SYMBOL(name) { #name, offsetof(struct govrec_libxml2, name) },
#define ARCHIVE_SYMBOL(name) { #name, offsetof(struct govrec_libarchive, name) },

static const struct symbol xml_symbols[] = { GOVREC_LIBXML2_SYMBOLS(XML_SYMBOL) };
static const struct symbol archive_symbols[] = { GOVREC_LIBARCHIVE_SYMBOLS(ARCHIVE_SYMBOL) };

static struct govrec_libxml2 xml;
static struct govrec_libarchive archive;
static pthread_once_t xml_once = PTHREAD_ONCE_INIT, archive_once = PTHREAD_ONCE_INIT;

/* The installation is broken: say what is missing and stop (see lazy.h). */
static void fail(const char *soname, const char *what)
{
	fprintf(stderr, "govrec: cannot load %s, which this command needs: %s\n", soname, what);
	exit(3);
}

static void load(const char *soname, const struct symbol *symbols, size_t n, void *table)
{
	void *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	size_t i;

	if (!lib)
		fail(soname, dlerror());
	for (i = 0; i < n; i++) {
		void *p = dlsym(lib, symbols[i].name);

		if (!p)
			fail(soname, dlerror());
		/* POSIX: dlsym's object pointer converts to a function pointer */
		memcpy((char *)table + symbols[i].offset, &p, sizeof(p));
	}
}

/* libxml2's global error handlers: print nothing (see lazy.h). */
static void quiet_generic(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void quiet_structured(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	(void)e;
}

static void load_xml(void)
{
	load(GOVREC_LIBXML2_SONAME, xml_symbols, sizeof(xml_symbols) / sizeof(xml_symbols[0]), &xml);
	xml.xmlSetGenericErrorFunc(NULL, quiet_generic);
	xml.xmlSetStructuredErrorFunc(NULL, quiet_structured);
}

static void load_archive(void)
{
	load(GOVREC_LIBARCHIVE_SONAME, archive_symbols,
	     sizeof(archive_symbols) / sizeof(archive_symbols[0]), &archive);
}

const struct govrec_libxml2 *govrec_libxml2(void)
{
	pthread_once(&xml_once, load_xml);
	return &xml;
}

const struct govrec_libarchive *govrec_libarchive(void)
{
	pthread_once(&archive_once, load_archive);
	return &archive;
}
