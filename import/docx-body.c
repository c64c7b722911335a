/*
 * docx-body.c - the body of a DOCX main part, and the paragraph styles that
 * say which paragraphs are headings (see docx.c for the package around it).
 *
 * Each paragraph (w:p, also inside w:sdt and w:customXml) is a passage;
 * a paragraph whose style or own properties give it an outline level, or
 * whose style is named "Heading N" or "Title", is a heading instead, and sets
 * the heading path of the passages under it.  Each table row (w:tr) is a
 * passage of its cells' text joined with " | ".  Text is taken from w:t,
 * w:tab, w:br and w:cr in runs, also inside hyperlinks, insertions, smart
 * tags, simple fields and content controls; deletions (w:del, w:moveFrom),
 * field codes (w:instrText) and drawings other than text boxes are left out.
 * The text boxes and note references a block holds are queued while it is
 * read, and become passages after the block's own (docx-notes.c).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "docx-int.h"

#define NS_MC        "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define MAX_BASED_ON 16

/* Elements inside a paragraph whose content is not part of the text. */
static const char *const skipped[] = {
	"pPr", "rPr", "del", "moveFrom", "delText", "instrText", "delInstrText", "sdtPr",
	"sdtEndPr", "object", "fldChar", NULL,
};

/* Elements that may hold a text box (w:txbxContent) and nothing else we read. */
static const char *const drawings[] = { "drawing", "pict", NULL };

/* Elements that stand for characters. */
static const struct {
	const char *name;
	const char *text;
} chars[] = {
	{ "tab", "\t" }, { "br", "\n" }, { "cr", "\n" }, { "noBreakHyphen", "-" },
};

/* A paragraph style of word/styles.xml. */
struct style {
	const char *id, *name, *based_on; /* borrowed from the styles document */
	int outline;                      /* w:outlineLvl + 1, 0 for none */
};

/* --- styles --------------------------------------------------------------- */

/* The heading level a style name implies: "heading 2" / "Heading2" 2, "Title" 1. */
static int level_by_name(const char *name)
{
	if (!name)
		return 0;
	if (strcasecmp(name, "title") == 0)
		return 1;
	if (strncasecmp(name, "heading", 7) == 0) {
		const char *p = name + 7;
		int level = 0;

		if (*p == ' ')
			p++;
		if (*p < '1' || *p > '9')
			return 0;
		while (*p >= '0' && *p <= '9' && level < 100)
			level = level * 10 + (*p++ - '0');
		return *p ? 0 : level;
	}
	return 0;
}

/* 0-8 are heading levels 1-9; 9 is body text (returned as -1); -2 for none. */
static int outline_level(const char *val)
{
	if (!val || val[0] < '0' || val[0] > '9' || val[1])
		return -2;
	return val[0] == '9' ? -1 : val[0] - '0' + 1;
}

enum govrec_status docx_read_styles(struct docx *x, xmlDocPtr doc)
{
	xmlNode *n;
	size_t count = 0;

	for (n = xmlDocGetRootElement(doc)->children; n; n = n->next)
		count += is_w(x, n, "style");
	x->styles = calloc(count ? count : 1, sizeof(*x->styles));
	if (!x->styles)
		return govrec_error_oom(x->err);
	for (n = xmlDocGetRootElement(doc)->children; n; n = n->next) {
		struct style *s = &x->styles[x->nstyles];
		const char *type = w_attr(x, n, "type");
		int lvl;

		if (!is_w(x, n, "style") || (type && strcmp(type, "paragraph") != 0))
			continue;
		s->id = w_attr(x, n, "styleId");
		if (!s->id)
			continue;
		s->name = w_attr(x, govrec_xml_child(n, x->ns, "name"), "val");
		s->based_on = w_attr(x, govrec_xml_child(n, x->ns, "basedOn"), "val");
		lvl = outline_level(w_attr(
			x, govrec_xml_child(govrec_xml_child(n, x->ns, "pPr"), x->ns, "outlineLvl"),
			"val"));
		s->outline = lvl == -2 ? 0 : lvl;
		x->nstyles++;
	}
	return GOVREC_OK;
}

static const struct style *find_style(const struct docx *x, const char *id)
{
	size_t i;

	for (i = 0; id && i < x->nstyles; i++)
		if (strcmp(x->styles[i].id, id) == 0)
			return &x->styles[i];
	return NULL;
}

/* The heading level of a paragraph style id, 0 for body text. */
static int style_level(const struct docx *x, const char *id)
{
	const struct style *s = find_style(x, id);
	int hops, by_name;

	if (!s)
		return level_by_name(id);
	for (hops = 0; s && hops < MAX_BASED_ON; hops++) {
		if (s->outline)
			return s->outline > 0 ? s->outline : 0;
		by_name = level_by_name(s->name);
		if (by_name)
			return by_name;
		s = find_style(x, s->based_on);
	}
	return 0;
}

/* --- body ----------------------------------------------------------------- */

static int in_list(const char *const *list, const char *name)
{
	const char *const *s;

	for (s = list; *s; s++)
		if (strcmp(*s, name) == 0)
			return 1;
	return 0;
}

static void alternate(struct docx *x, const xmlNode *n);

/* Queues the text boxes under n, not looking inside them (their own read does). */
static void text_boxes(struct docx *x, const xmlNode *n)
{
	const xmlNode *c;

	for (c = n->children; c; c = c->next) {
		if (is_w(x, c, "txbxContent"))
			docx_queue(x, TEXT_BOX, c, NULL);
		else if (govrec_xml_is(c, NS_MC, "AlternateContent"))
			alternate(x, c);
		else if (c->type == XML_ELEMENT_NODE)
			text_boxes(x, c);
	}
}

/*
 * Markup compatibility: the same content in several forms, of which one is
 * read.  Word writes a text box as DrawingML (mc:Choice Requires="wps") and
 * again as VML (mc:Fallback); the first choice is read, and the fallback only
 * when the choice holds no text box.
 */
static void alternate(struct docx *x, const xmlNode *n)
{
	const xmlNode *choice = govrec_xml_child(n, NS_MC, "Choice");
	const xmlNode *fallback = govrec_xml_child(n, NS_MC, "Fallback");
	size_t before = x->queue.n;

	if (choice)
		text_boxes(x, choice);
	if (x->queue.n == before && fallback)
		text_boxes(x, fallback);
}

/*
 * Appends the text of the runs under n (a paragraph or anything inside one),
 * and queues the text boxes and notes it holds.
 */
static void collect(struct docx *x, const xmlNode *n, struct govrec_buf *b)
{
	const xmlNode *c;
	size_t i;
	int k;

	for (c = n->children; c; c = c->next) {
		const char *name = (const char *)c->name;

		if (govrec_xml_is(c, NS_MC, "AlternateContent")) {
			alternate(x, c);
			continue;
		}
		if (c->type != XML_ELEMENT_NODE || !c->ns || !c->ns->href ||
		    strcmp((const char *)c->ns->href, x->ns) != 0 || in_list(skipped, name))
			continue;
		if (in_list(drawings, name)) {
			text_boxes(x, c);
			continue;
		}
		if ((k = docx_reference_kind(name)) >= 0) {
			struct note *note = docx_find_note(&x->notes[k], w_attr(x, c, "id"));

			if (note)
				docx_queue(x, k, NULL, note);
			continue;
		}
		if (strcmp(name, "t") == 0) {
			govrec_xml_text(c, b);
			continue;
		}
		for (i = 0; i < sizeof(chars) / sizeof(chars[0]); i++)
			if (strcmp(name, chars[i].name) == 0)
				break;
		if (i < sizeof(chars) / sizeof(chars[0]))
			govrec_buf_adds(b, chars[i].text);
		else
			collect(x, c, b);
	}
}

static void paragraph(struct docx *x, const xmlNode *p)
{
	const xmlNode *ppr = govrec_xml_child(p, x->ns, "pPr");
	struct govrec_buf text = GOVREC_BUF_INIT;
	size_t mark = x->queue.n;
	int level;

	collect(x, p, &text);
	level = outline_level(w_attr(x, govrec_xml_child(ppr, x->ns, "outlineLvl"), "val"));
	if (level == -2)
		level = style_level(x, w_attr(x, govrec_xml_child(ppr, x->ns, "pStyle"), "val"));
	govrec_buf_trim(&text);
	if (level > 0 && text.len) {
		govrec_outline_set(&x->outline, level, text.data);
		govrec_office_set_title(x->d, text.data);
	} else if (x->rc == GOVREC_OK) {
		x->rc = govrec_outline_add(&x->outline, x->d, text.data, x->err);
	}
	govrec_buf_release(&text);
	docx_flush(x, mark);
}

/*
 * The text of a table cell, a text box or a note: its paragraphs (and nested
 * tables) joined by sep.
 */
void docx_cell_text(struct docx *x, const xmlNode *n, struct govrec_buf *b, char sep)
{
	const xmlNode *c;

	for (c = n->children; c; c = c->next) {
		if (is_w(x, c, "p")) {
			struct govrec_buf t = GOVREC_BUF_INIT;

			collect(x, c, &t);
			govrec_buf_trim(&t);
			if (t.len && b->len)
				govrec_buf_addch(b, sep);
			govrec_buf_add(b, t.data, t.len);
			govrec_buf_release(&t);
		} else if (is_w(x, c, "tbl") || is_w(x, c, "tr") || is_w(x, c, "tc") ||
			   is_w(x, c, "sdt") || is_w(x, c, "sdtContent") ||
			   is_w(x, c, "customXml")) {
			docx_cell_text(x, c, b, sep);
		}
	}
}

/*
 * Appends the cells of a row (also those inside content controls) to row,
 * separated by " | "; *kept is the length of row up to its last cell with text.
 */
static void row_cells(struct docx *x, const xmlNode *n, struct govrec_buf *row,
		      size_t *ncells, size_t *kept)
{
	const xmlNode *c;

	for (c = n->children; c; c = c->next) {
		if (is_w(x, c, "tc")) {
			struct govrec_buf t = GOVREC_BUF_INIT;
			size_t i;

			docx_cell_text(x, c, &t, ' ');
			for (i = 0; i < t.len; i++)
				if (t.data[i] == '\n' || t.data[i] == '\t')
					t.data[i] = ' ';
			if ((*ncells)++)
				govrec_buf_adds(row, " | ");
			govrec_buf_add(row, t.data, t.len);
			if (t.len)
				*kept = row->len;
			govrec_buf_release(&t);
		} else if (is_w(x, c, "sdt") || is_w(x, c, "sdtContent") ||
			   is_w(x, c, "customXml")) {
			row_cells(x, c, row, ncells, kept);
		}
	}
}

static void table(struct docx *x, const xmlNode *tbl)
{
	const xmlNode *c;

	for (c = tbl->children; c && x->rc == GOVREC_OK; c = c->next) {
		if (is_w(x, c, "tr")) {
			struct govrec_buf row = GOVREC_BUF_INIT;
			size_t ncells = 0, kept = 0, mark = x->queue.n;

			row_cells(x, c, &row, &ncells, &kept);
			/* Empty cells at the end of a row say nothing. */
			govrec_buf_setlen(&row, kept);
			if (x->rc == GOVREC_OK)
				x->rc = govrec_outline_add(&x->outline, x->d, row.data, x->err);
			govrec_buf_release(&row);
			docx_flush(x, mark);
		} else if (is_w(x, c, "sdt") || is_w(x, c, "sdtContent") ||
			   is_w(x, c, "customXml")) {
			table(x, c);
		}
	}
}

void docx_blocks(struct docx *x, const xmlNode *n)
{
	const xmlNode *c;

	for (c = n->children; c && x->rc == GOVREC_OK; c = c->next) {
		if (is_w(x, c, "p"))
			paragraph(x, c);
		else if (is_w(x, c, "tbl"))
			table(x, c);
		else if (is_w(x, c, "sdt"))
			docx_blocks(x, govrec_xml_child(c, x->ns, "sdtContent") ?
					 govrec_xml_child(c, x->ns, "sdtContent") : c);
		else if (is_w(x, c, "customXml") || is_w(x, c, "ins") || is_w(x, c, "moveTo"))
			docx_blocks(x, c);
	}
}
