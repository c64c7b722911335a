/*
 * xml.c - the one way import/ parses XML (see xml.h).
 *
 * The DOCTYPE check happens while parsing, not after: the SAX internalSubset
 * callback fires as soon as "<!DOCTYPE name ..." has been read, before any
 * entity declaration of the internal subset, and stops the parser there.  So
 * a billion-laughs document never declares its first entity, and a SYSTEM
 * identifier is never looked at.  Without a DOCTYPE no entity but the five
 * predefined ones exists, so any other reference is a well-formedness error.
 *
 * The tree is bounded too: a part over GOVREC_XML_MAX_PART bytes is not
 * parsed, and the SAX callbacks that make nodes count them and stop the
 * parser past GOVREC_XML_MAX_NODES, so a dense part (a million empty
 * elements fit in a few MiB) cannot make a tree of gigabytes.
 */
#include <pthread.h>
#include <string.h>


#include "govrec/readers.h"
#include "xml.h"

/* What the parser callbacks learnt; hung on the context's _private. */
struct parse_state {
	int doctype_line; /* 0 when none was seen */
	int error_line;
	int oom;
	int too_many;     /* stopped at GOVREC_XML_MAX_NODES */
	size_t nodes;
	startElementNsSAX2Func start; /* libxml2's own, which builds the tree */
	charactersSAXFunc characters;
	commentSAXFunc comment;
	processingInstructionSAXFunc pi;
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

/* Counts n more nodes; past the limit, stops the parser.  1 when stopped. */
static int too_many(xmlParserCtxtPtr ctxt, size_t n)
{
	struct parse_state *s = ctxt->_private;

	s->nodes += n;
	if (s->nodes <= GOVREC_XML_MAX_NODES)
		return 0;
	s->too_many = 1;
	xmlStopParser(ctxt);
	return 1;
}

/*
 * SAX: an element with its attributes and namespace declarations.  An
 * attribute is two nodes of the tree, the attribute and the text it holds.
 */
static void count_element(void *ctx, const xmlChar *localname, const xmlChar *prefix,
			  const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
			  int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct parse_state *s = ctxt->_private;

	if (!too_many(ctxt, 1 + 2 * (size_t)nb_attributes + (size_t)nb_namespaces))
		s->start(ctx, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes,
			 nb_defaulted, attributes);
}

/* SAX: text, which makes a node unless it continues the text node before it. */
static void count_text(void *ctx, const xmlChar *ch, int len)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct parse_state *s = ctxt->_private;
	const xmlNode *last = ctxt->node ? ctxt->node->last : NULL;

	if (!(last && last->type == XML_TEXT_NODE) && too_many(ctxt, 1))
		return;
	s->characters(ctx, ch, len);
}

/* SAX: a comment or a processing instruction, a node each. */
static void count_comment(void *ctx, const xmlChar *value)
{
	struct parse_state *s = ((xmlParserCtxtPtr)ctx)->_private;

	if (!too_many(ctx, 1))
		s->comment(ctx, value);
}

static void count_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
	struct parse_state *s = ((xmlParserCtxtPtr)ctx)->_private;

	if (!too_many(ctx, 1))
		s->pi(ctx, target, data);
}


/* libxml2's global error handlers: print nothing (see govrec_xml_init). */
static void quiet_generic(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void quiet_structured(void *ctx, const xmlError *e)
{
	(void)ctx;
	(void)e;
}

static void xml_init_once(void)
{
	xmlInitParser();
	xmlSetGenericErrorFunc(NULL, quiet_generic);
	xmlSetStructuredErrorFunc(NULL, (xmlStructuredErrorFunc)quiet_structured);
}

void govrec_xml_init(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, xml_init_once);
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
	if (len > GOVREC_XML_MAX_PART)
		return govrec_error_set(err, GOVREC_INVALID,
					"%s is larger than %zu MiB, the limit of one XML part", part,
					GOVREC_XML_MAX_PART >> 20);
	govrec_xml_init();
	ctxt = xmlNewParserCtxt();
	if (!ctxt)
		return govrec_error_oom(err);
	memset(&s, 0, sizeof(s));
	ctxt->_private = &s;
	ctxt->sax->internalSubset = refuse_doctype;
	ctxt->sax->serror = keep_error;
	s.start = ctxt->sax->startElementNs;
	s.characters = ctxt->sax->characters;
	s.comment = ctxt->sax->comment;
	s.pi = ctxt->sax->processingInstruction;
	ctxt->sax->startElementNs = count_element;
	if (ctxt->sax->ignorableWhitespace == ctxt->sax->characters)
		ctxt->sax->ignorableWhitespace = count_text;
	ctxt->sax->characters = count_text;
	ctxt->sax->comment = count_comment;
	ctxt->sax->processingInstruction = count_pi;
	xmlResetLastError();
	doc = xmlCtxtReadMemory(ctxt, data, (int)len, part, NULL, options);
	/* An allocation that failed outside the context's handler shows in errNo
	 * or the thread's last error (govrec_xml_init keeps libxml2 from printing it). */
	if (s.oom || ctxt->errNo == XML_ERR_NO_MEMORY ||
	    (xmlGetLastError() && xmlGetLastError()->code == XML_ERR_NO_MEMORY)) {
		rc = govrec_error_set(err, GOVREC_ERROR, "out of memory parsing %s", part);
	} else if (s.too_many) {
		rc = govrec_error_set(err, GOVREC_INVALID,
				      "%s has more than %u elements, attributes and text nodes, "
				      "the limit of one XML part",
				      part, GOVREC_XML_MAX_NODES);
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
