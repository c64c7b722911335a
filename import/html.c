/*
 * html.c - HTML notes and wiki pages, through libxml2's HTML parser.
 *
 * The parser runs without network access and without error output
 * (HTML_PARSE_NONET | NOERROR | NOWARNING) and recovers from bad markup as
 * browsers do.  Headings h1-h6 make the heading path of what follows (and,
 * for mail, whose passages are joined into one text, passages of their own);
 * paragraphs, list items, table rows (the cells joined with " | ", as the
 * DOCX and ODT readers do) and other blocks each become a passage; script, style and the head are skipped (the <title> gives the
 * title, else the first h1).
 */
#include <string.h>
#include <strings.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>


#include "govrec/buf.h"
#include "govrec/readers.h"
#include "html-int.h"
#include "readers-int.h"
#include "readutil.h"

#define LEVELS 6

/* Elements whose text starts and ends a passage. */
static const char *const blocks[] = {
	"p", "li", "dt", "dd", "blockquote", "pre", "caption", "figcaption", "div",
	"section", "article", "main", "header", "footer", "nav", "aside", "ul", "ol", "dl",
	"table", "tr", "tbody", "thead", "tfoot", "form", "fieldset", "address", "body", "hr",
	NULL
};

static const char *const skipped[] = { "script", "style", "head", "noscript", "template",
				       "iframe", "object", "svg", NULL };

static int in_list(const char *const *list, const xmlChar *name)
{
	size_t i;

	for (i = 0; list[i]; i++)
		if (strcasecmp(list[i], (const char *)name) == 0)
			return 1;
	return 0;
}

struct html_state {
	struct govrec_document_draft *d;
	struct govrec_buf text, path, heads[LEVELS];
	int cells; /* cells seen in the current table row */
	int flags; /* HTML_* */
	int oom;
};

/* Text is gathered as written and its white space collapsed here, once per block. */
static void flush(struct html_state *h)
{
	struct govrec_buf t = GOVREC_BUF_INIT;

	add_words(&t, h->text.data, h->text.len);
	govrec_buf_trim(&t);
	if (t.len && govrec_draft_add_capped(h->d, NULL, GOVREC_NO_TIME, GOVREC_NO_TIME,
				      h->path.len ? h->path.data : NULL, t.data))
		h->oom = 1;
	govrec_buf_release(&t);
	govrec_buf_reset(&h->text);
}

static void gather(xmlNode *n, struct govrec_buf *b)
{
	for (; n; n = n->next) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content)
				add_words(b, (const char *)n->content, strlen((const char *)n->content));
		} else if (n->type == XML_ELEMENT_NODE && !in_list(skipped, n->name)) {
			if (strcasecmp((const char *)n->name, "br") == 0)
				add_words(b, " ", 1);
			gather(n->children, b);
		}
	}
}

static void heading(struct html_state *h, int level, xmlNode *n)
{
	struct govrec_buf t = GOVREC_BUF_INIT;
	int i;

	flush(h);
	gather(n->children, &t);
	govrec_buf_trim(&t);
	govrec_buf_reset(&h->heads[level - 1]);
	govrec_buf_add(&h->heads[level - 1], t.data, t.len);
	for (i = level; i < LEVELS; i++)
		govrec_buf_reset(&h->heads[i]);
	govrec_buf_reset(&h->path);
	for (i = 0; i < LEVELS; i++) {
		if (!h->heads[i].len)
			continue;
		if (h->path.len)
			govrec_buf_adds(&h->path, " / ");
		govrec_buf_add(&h->path, h->heads[i].data, h->heads[i].len);
	}
	if ((h->flags & HTML_HEADING_PASSAGES) && t.len &&
	    govrec_draft_add_capped(h->d, NULL, GOVREC_NO_TIME, GOVREC_NO_TIME, h->path.data,
				    t.data))
		h->oom = 1;
	if (!h->d->title && level == 1 && t.len)
		govrec_draft_set(&h->d->title, t.data);
	govrec_buf_release(&t);
}

static void walk(struct html_state *h, xmlNode *n, int depth)
{
	for (; n; n = n->next) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content)
				govrec_buf_adds(&h->text, (const char *)n->content);
			continue;
		}
		if (n->type != XML_ELEMENT_NODE || in_list(skipped, n->name))
			continue;
		if (strlen((const char *)n->name) == 2 && (n->name[0] == 'h' || n->name[0] == 'H') &&
		    n->name[1] >= '1' && n->name[1] <= '6') {
			heading(h, n->name[1] - '0', n);
			continue;
		}
		if (strcasecmp((const char *)n->name, "br") == 0) {
			govrec_buf_addch(&h->text, ' ');
			continue;
		}
		/* a table row is one passage, its cells joined with " | " */
		if (strcasecmp((const char *)n->name, "td") == 0 ||
		    strcasecmp((const char *)n->name, "th") == 0) {
			if (h->cells++)
				govrec_buf_adds(&h->text, " | ");
			walk(h, n->children, depth + 1);
			continue;
		}
		/* libxml2's HTML tree is not deep for real pages; a hostile one stops here. */
		if (depth > 200)
			continue;
		if (in_list(blocks, n->name)) {
			flush(h);
			h->cells = 0;
			walk(h, n->children, depth + 1);
			flush(h);
			h->cells = 0;
		} else {
			walk(h, n->children, depth + 1);
		}
	}
}

static void find_title(xmlNode *n, struct govrec_document_draft *d)
{
	for (; n && !d->title; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (strcasecmp((const char *)n->name, "title") == 0) {
			struct govrec_buf t = GOVREC_BUF_INIT;

			gather(n->children, &t);
			govrec_buf_trim(&t);
			if (t.len)
				govrec_draft_set(&d->title, t.data);
			govrec_buf_release(&t);
			return;
		}
		if (strcasecmp((const char *)n->name, "body") != 0)
			find_title(n->children, d);
	}
}

int govrec_detect_html(const unsigned char *data, size_t len, const char *name)
{
	const char *s = (const char *)data;
	size_t n = len < 1024 ? len : 1024, i;

	for (i = 0; i + 5 <= n; i++) {
		if (s[i] != '<')
			continue;
		if (strncasecmp(s + i, "<!doctype html", i + 14 <= n ? 14 : n - i) == 0 ||
		    strncasecmp(s + i, "<html", 5) == 0)
			return 90;
	}
	if (name_ends(name, ".html") || name_ends(name, ".htm"))
		return 60;
	return 0;
}

enum govrec_status govrec_read_html(const unsigned char *data, size_t len, const char *name,
				    struct govrec_document_draft *d, struct govrec_error *err)
{
	return html_read(data, len, 0, d, err);
}

enum govrec_status html_read(const unsigned char *data, size_t len, int flags,
			     struct govrec_document_draft *d, struct govrec_error *err)
{
	struct html_state h;
	htmlDocPtr doc;
	enum govrec_status rc;
	int i;

	if ((rc = check_no_nul(data, len, err)) != GOVREC_OK)
		return rc;
	if (len > (size_t)0x7fffffff)
		return govrec_error_set(err, GOVREC_INVALID, "is too large for the HTML parser");
	govrec_xml_init();
	xmlResetLastError();
	doc = htmlReadMemory((const char *)data, (int)len, NULL, NULL,
			     HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
	/* the parser recovers from anything but running out of memory */
	if (xmlGetLastError() && xmlGetLastError()->code == XML_ERR_NO_MEMORY) {
		xmlFreeDoc(doc);
		return govrec_error_set(err, GOVREC_ERROR, "out of memory parsing HTML");
	}
	if (!doc)
		return govrec_error_set(err, GOVREC_INVALID, "is not HTML that can be read");
	memset(&h, 0, sizeof(h));
	h.d = d;
	h.flags = flags;
	govrec_buf_init(&h.text);
	govrec_buf_init(&h.path);
	for (i = 0; i < LEVELS; i++)
		govrec_buf_init(&h.heads[i]);
	find_title(xmlDocGetRootElement(doc), d);
	walk(&h, xmlDocGetRootElement(doc), 0);
	flush(&h);
	xmlFreeDoc(doc);
	govrec_buf_release(&h.text);
	govrec_buf_release(&h.path);
	for (i = 0; i < LEVELS; i++)
		govrec_buf_release(&h.heads[i]);
	if (h.oom)
		return govrec_error_oom(err);
	if (!d->kind)
		govrec_draft_set(&d->kind, "notes");
	if (!d->media_type)
		govrec_draft_set(&d->media_type, "text/html");
	return GOVREC_OK;
}
