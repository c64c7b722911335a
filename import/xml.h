/*
 * xml.h - parsing untrusted XML from memory (private to import/).
 *
 * Every XML part of an office file goes through govrec_xml_parse(): libxml2
 * with no network, no entity substitution, no DTD loading, and documents that
 * declare a DOCTYPE refused outright (entity bombs, external entities).
 * Errors arrive through a parser context's structured error handler, never
 * the global one, and name the part and the line.  The small DOM helpers
 * below match elements by namespace and local name so that readers do not
 * depend on prefixes.
 */
#ifndef GOVREC_IMPORT_XML_H
#define GOVREC_IMPORT_XML_H

#include <stddef.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>

#include "govrec/buf.h"
#include "govrec/error.h"

/*
 * Limits of one XML part (see docs/ARCHIVES-AND-OFFICE.md): libxml2's tree
 * takes about 130 bytes a node, so 64 MiB of DOCX paragraphs became a 1 GB
 * tree.  With both, a part takes at most about 330 MB to read.  Documents
 * hold 13-30 bytes of XML a node, so the two limits meet at thousands of
 * pages, far past any meeting's notes.
 */
#define GOVREC_XML_MAX_PART  ((size_t)32 << 20)  /* bytes of one part */
#define GOVREC_XML_MAX_NODES 2000000u            /* elements, attributes, text */

/*
 * Parses len bytes of XML named part ("word/document.xml") into *doc (the
 * caller frees it with xmlFreeDoc).  GOVREC_INVALID with "part line N: ..."
 * for XML that is not well formed or declares a DOCTYPE, GOVREC_INVALID
 * naming the limit for a part over GOVREC_XML_MAX_PART bytes or
 * GOVREC_XML_MAX_NODES nodes (the parser stops there); GOVREC_ERROR when
 * memory runs out.
 */
enum govrec_status govrec_xml_parse(const void *data, size_t len, const char *part,
				    xmlDocPtr *doc, struct govrec_error *err);

/* 1 when n is an element named name in namespace ns. */
int govrec_xml_is(const xmlNode *n, const char *ns, const char *name);

/* The first child element of n named ns:name, or NULL. */
xmlNode *govrec_xml_child(const xmlNode *n, const char *ns, const char *name);

/*
 * The value of attribute ns:name of n (ns NULL: no namespace), borrowed from
 * the document until it is freed, or NULL.
 */
const char *govrec_xml_attr(const xmlNode *n, const char *ns, const char *name);

/* Appends the text of every text node under n to b. */
void govrec_xml_text(const xmlNode *n, struct govrec_buf *b);

#endif
