/*
 * xml.c - the one way import/ parses XML (see xml.h).
 *
 * The DOCTYPE check happens while parsing, not after: the SAX internalSubset
 * callback fires as soon as "<!DOCTYPE name ..." has been read, before any
 * entity declaration of the internal subset, and stops the parser there.  So
 * a billion-laughs document never declares its first entity, and a SYSTEM
 * identifier is never looked at.  Without a DOCTYPE no entity but the five
 * predefined ones exists, so any other reference is a well-formedness error.
 */
#include <string.h>


#include "xml.h"
#include "lazy.h"

/* What the parser callbacks learnt; hung on the context's _private. */
struct parse_state {
	int doctype_line; /* 0 when none was seen */
	int error_line;
	int oom;
	char error[256];
};

/* SAX: a DOCTYPE was declared.  Refuse it and stop reading at once. */
static void refuse_doctype(void *ctx, const xmlChar *name, const xmlChar *external_id,
			   const xmlChar *system_id)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct parse_state *s = ctxt->_private;

	if (!s->doctype_line)
		s->doctype_line = xmlSAX2GetLineNumber(ctxt);
	xmlStopParser(ctxt);
}

/* Structured error handler of the context: keeps the first error. */
static void keep_error(void *ctx, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct parse_state *s = ctxt->_private;
	size_t n;

	if (!e || e->level < XML_ERR_ERROR || s->error[0])
		return;
	if (e->code == XML_ERR_NO_MEMORY)
		s->oom = 1;
	s->error_line = e->line;
	snprintf(s->error, sizeof(s->error), "%s", e->message ? e->message : "malformed XML");
	n = strlen(s->error);
	while (n && (s->error[n - 1] == '\n' || s->error[n - 1] == ' '))
		s->error[--n] = '\0';
}

enum govrec_status govrec_xml_parse(const void *data, size_t len, const char *part,
				    xmlDocPtr *out, struct govrec_error *err)
{
	/* No NOENT (entity substitution), no DTDLOAD, DTDATTR or DTDVALID, no
	 * XINCLUDE, no HUGE: libxml2's own size limits stay on. */
	const int options = XML_PARSE_NONET | XML_PARSE_NOCDATA;
	struct parse_state s;
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc;
	enum govrec_status rc = GOVREC_OK;

	*out = NULL;
	if (len > (size_t)0x7fffffff)
		return govrec_error_set(err, GOVREC_INVALID, "%s is too large to parse", part);
	xmlInitParser();
	ctxt = xmlNewParserCtxt();
	if (!ctxt)
		return govrec_error_oom(err);
	memset(&s, 0, sizeof(s));
	ctxt->_private = &s;
	ctxt->sax->internalSubset = refuse_doctype;
	ctxt->sax->serror = keep_error;
	doc = xmlCtxtReadMemory(ctxt, data, (int)len, part, NULL, options);
	if (s.oom) {
		rc = govrec_error_oom(err);
	} else if (s.doctype_line) {
		rc = govrec_error_set(err, GOVREC_INVALID,
				      "%s line %d: declares a DOCTYPE, which is refused "
				      "(entities and external DTDs are never read)",
				      part, s.doctype_line);
	} else if (s.error[0] || !doc || !ctxt->wellFormed) {
		rc = govrec_error_set(err, GOVREC_INVALID, "%s line %d: %s", part, s.error_line,
				      s.error[0] ? s.error : "malformed XML");
	} else if (!xmlDocGetRootElement(doc)) {
		rc = govrec_error_set(err, GOVREC_INVALID, "%s has no root element", part);
	}
	if (rc != GOVREC_OK) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	xmlFreeParserCtxt(ctxt);
	*out = doc;
	return rc;
}

int govrec_xml_is(const xmlNode *n, const char *ns, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0 &&
	       n->ns && n->ns->href && strcmp((const char *)n->ns->href, ns) == 0;
}

xmlNode *govrec_xml_child(const xmlNode *n, const char *ns, const char *name)
{
	xmlNode *c;

	for (c = n ? n->children : NULL; c; c = c->next)
		if (govrec_xml_is(c, ns, name))
			return c;
	return NULL;
}

const char *govrec_xml_attr(const xmlNode *n, const char *ns, const char *name)
{
	const xmlAttr *a;

	for (a = n ? n->properties : NULL; a; a = a->next) {
		if (strcmp((const char *)a->name, name) != 0)
			continue;
		if (ns ? !(a->ns && a->ns->href && strcmp((const char *)a->ns->href, ns) == 0)
		       : a->ns != NULL)
			continue;
		if (a->children && a->children->type == XML_TEXT_NODE && !a->children->next)
			return (const char *)a->children->content;
		return "";
	}
	return NULL;
}

void govrec_xml_text(const xmlNode *n, struct govrec_buf *b)
{
	const xmlNode *c;

	for (c = n ? n->children : NULL; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
			govrec_buf_adds(b, (const char *)c->content);
		else if (c->type == XML_ELEMENT_NODE)
			govrec_xml_text(c, b);
	}
}
