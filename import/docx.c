/*
 * docx.c - the DOCX reader (Office Open XML WordprocessingML, transitional
 * and strict).
 *
 * The package is unpacked with the archive walker's limits (office.c), the
 * main part found through the officeDocument relationship of _rels/.rels
 * (word/document.xml when there is none), its styles through the main part's
 * own relationships (word/styles.xml when there are none), and the title and
 * date in docProps/core.xml.  Every part is parsed by govrec_xml_parse(), so
 * a part that declares a DOCTYPE is refused.
 *
 * Body: each paragraph (w:p, also inside w:sdt and w:customXml) is a passage;
 * a paragraph whose style or own properties give it an outline level, or
 * whose style is named "Heading N" or "Title", is a heading instead, and sets
 * the heading path of the passages under it.  Each table row (w:tr) is a
 * passage of its cells' text joined with " | ".  Text is taken from w:t,
 * w:tab, w:br and w:cr in runs, also inside hyperlinks, insertions, smart
 * tags, simple fields and content controls; deletions (w:del, w:moveFrom),
 * field codes (w:instrText) and drawings other than text boxes are left out.
 *
 * Text boxes, footnotes, endnotes and comments are passages of their own, one
 * each (its paragraphs joined by line breaks), placed right after the passage
 * of the paragraph or table row that holds the text box or the reference, in
 * the order they appear there, under that heading path plus "Text box",
 * "Footnote N", "Endnote N" or "Comment by AUTHOR" (the author is the
 * passage's speaker).  Notes are numbered in the order they are first
 * referenced, as Word numbers them by default.  While a block is read, what it
 * holds is queued (struct govrec_office_item, office.h); the queue is emptied after the block's own
 * passage, and what a queued item holds in turn (a comment on a footnote)
 * joins the end of the same queue, so no chain of notes makes the reader
 * recurse.  A text box Word writes twice, as DrawingML in mc:Choice and as VML
 * in mc:Fallback, is read from the first mc:Choice (the mc:Fallback only when
 * the choice has no text box).  Notes and comments come from the parts the
 * main part's relationships name (word/footnotes.xml, word/endnotes.xml,
 * word/comments.xml when there are none); separator notes (any w:type) are
 * not text, and notes no reference reached (comments on a header) come last,
 * without a heading path.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "govrec/readers.h"
#include "govrec/archive.h"
#include "govrec/draft.h"
#include "office.h"
#include "xml.h"
#include "readutil.h"

#define NS_W        "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_W_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define NS_REL      "http://schemas.openxmlformats.org/package/2006/relationships"
#define NS_DC       "http://purl.org/dc/elements/1.1/"
#define NS_DCTERMS  "http://purl.org/dc/terms/"
#define NS_MC       "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define MEDIA_TYPE  "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#define MAX_BASED_ON 16

/* Elements inside a paragraph whose content is not part of the text. */
static const char *const skipped[] = {
	"pPr", "rPr", "del", "moveFrom", "delText", "instrText", "delInstrText", "sdtPr",
	"sdtEndPr", "object", "fldChar", NULL,
};

/* Elements that may hold a text box (w:txbxContent) and nothing else we read. */
static const char *const drawings[] = { "drawing", "pict", NULL };

/* The parts with notes of their own, and how the body refers to them. */
static const struct note_kind {
	const char *rel;     /* the relationship type of the part, its last segment */
	const char *part;    /* where the part usually is */
	const char *root;    /* its root element */
	const char *element; /* one note */
	const char *ref;     /* the reference in the text */
	const char *label;   /* the passage heading */
	int numbered;        /* "Footnote 3"; otherwise "Comment by AUTHOR", who is the speaker */
} note_kinds[] = {
	{ "/footnotes", "word/footnotes.xml", "footnotes", "footnote", "footnoteReference",
	  "Footnote", 1 },
	{ "/endnotes", "word/endnotes.xml", "endnotes", "endnote", "endnoteReference",
	  "Endnote", 1 },
	{ "/comments", "word/comments.xml", "comments", "comment", "commentReference",
	  "Comment", 0 },
};

#define NKINDS   (sizeof(note_kinds) / sizeof(note_kinds[0]))
#define TEXT_BOX (-1)

/* A note or comment of a notes part. */
struct note {
	const char *id; /* w:id, borrowed from the part */
	const xmlNode *node;
	int emitted;
};

struct notes {
	xmlDocPtr doc;
	struct note *v;      /* in the part's order */
	struct note **by_id; /* sorted by id */
	size_t n;
	int count; /* the number the next one emitted gets */
};

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

struct docx {
	struct govrec_document_draft *d;
	const char *ns; /* the WordprocessingML namespace of this file */
	struct style *styles;
	size_t nstyles;
	struct govrec_outline outline;
	struct notes notes[NKINDS];
	/* kind: TEXT_BOX (node: the w:txbxContent) or an index of note_kinds (note) */
	struct govrec_office_queue queue;
	int at_end; /* queued items get no heading path */
	struct govrec_error *err;
	enum govrec_status rc;
};

static int is_w(const struct docx *x, const xmlNode *n, const char *name)
{
	return govrec_xml_is(n, x->ns, name);
}

static const char *w_attr(const struct docx *x, const xmlNode *n, const char *name)
{
	return govrec_xml_attr(n, x->ns, name);
}

/* --- relationships -------------------------------------------------------- */

/*
 * Resolves a relationship target against the folder of the part that holds
 * the relationships ("word/"), into out.  Returns 0 when the target climbs
 * above the package root.
 */
static int resolve(const char *dir, const char *target, struct govrec_buf *out)
{
	struct govrec_buf path = GOVREC_BUF_INIT;
	const char *p;
	int ok = 1;

	govrec_buf_reset(out);
	if (target[0] != '/')
		govrec_buf_adds(&path, dir);
	govrec_buf_adds(&path, target);
	for (p = path.data; *p && ok;) {
		size_t n = strcspn(p, "/");

		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* nothing */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			char *slash;

			if (!out->len) {
				ok = 0;
				break;
			}
			slash = strrchr(out->data, '/');
			govrec_buf_setlen(out, slash ? (size_t)(slash - out->data) : 0);
		} else {
			if (out->len)
				govrec_buf_addch(out, '/');
			govrec_buf_add(out, p, n);
		}
		p += n;
		if (*p == '/')
			p++;
	}
	govrec_buf_release(&path);
	return ok && out->len;
}

/*
 * Finds, in the relationships part rels_name, the internal relationship
 * whose type ends in type_suffix, and puts its resolved target in out.
 * Returns 1 when found; 0 when the part or the relationship is missing.
 */
static enum govrec_status find_rel(const struct govrec_office_package *pkg,
				   const char *rels_name, const char *dir, const char *type_suffix,
				   struct govrec_buf *out, int *found, struct govrec_error *err)
{
	const struct govrec_office_part *part = govrec_office_part(pkg, rels_name);
	size_t m = strlen(type_suffix);
	enum govrec_status rc;
	xmlDocPtr doc;
	xmlNode *n;

	*found = 0;
	if (!part)
		return GOVREC_OK;
	rc = govrec_xml_parse(part->data, part->len, part->name, &doc, err);
	if (rc != GOVREC_OK)
		return rc;
	for (n = xmlDocGetRootElement(doc)->children; n && !*found; n = n->next) {
		const char *type = govrec_xml_attr(n, NULL, "Type");
		const char *target = govrec_xml_attr(n, NULL, "Target");
		const char *mode = govrec_xml_attr(n, NULL, "TargetMode");
		size_t tl;

		if (!govrec_xml_is(n, NS_REL, "Relationship") || !type || !target ||
		    (mode && strcmp(mode, "Internal") != 0))
			continue;
		tl = strlen(type);
		if (tl > m && strcmp(type + tl - m, type_suffix) == 0)
			*found = resolve(dir, target, out);
	}
	xmlFreeDoc(doc);
	return GOVREC_OK;
}

/* The relationships part of a part: word/document.xml -> word/_rels/document.xml.rels */
static void rels_of(const char *part, struct govrec_buf *rels, struct govrec_buf *dir)
{
	const char *slash = strrchr(part, '/');
	size_t dlen = slash ? (size_t)(slash - part) + 1 : 0;

	govrec_buf_reset(dir);
	govrec_buf_add(dir, part, dlen);
	govrec_buf_reset(rels);
	govrec_buf_addf(rels, "%s_rels/%s.rels", dir->data, part + dlen);
}

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

static enum govrec_status read_styles(struct docx *x, xmlDocPtr doc)
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

static void queue(struct docx *x, int kind, const xmlNode *node, struct note *note)
{
	enum govrec_status rc = govrec_office_queue_push(&x->queue, kind, node, note, x->err);

	if (rc != GOVREC_OK && x->rc == GOVREC_OK)
		x->rc = rc;
}

static int note_cmp(const void *a, const void *b)
{
	return strcmp((*(struct note *const *)a)->id, (*(struct note *const *)b)->id);
}

static struct note *find_note(const struct notes *ns, const char *id)
{
	struct note key, *k = &key, **found;

	if (!id || !ns->n)
		return NULL;
	key.id = id;
	found = bsearch(&k, ns->by_id, ns->n, sizeof(*ns->by_id), note_cmp);
	return found ? *found : NULL;
}

static void alternate(struct docx *x, const xmlNode *n);

/* Queues the text boxes under n, not looking inside them (their own read does). */
static void text_boxes(struct docx *x, const xmlNode *n)
{
	const xmlNode *c;

	for (c = n->children; c; c = c->next) {
		if (is_w(x, c, "txbxContent"))
			queue(x, TEXT_BOX, c, NULL);
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

/* The index in note_kinds of a reference element's name, or -1. */
static int reference_kind(const char *name)
{
	size_t k;

	for (k = 0; k < NKINDS; k++)
		if (strcmp(name, note_kinds[k].ref) == 0)
			return (int)k;
	return -1;
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
		if ((k = reference_kind(name)) >= 0) {
			struct note *note = find_note(&x->notes[k], w_attr(x, c, "id"));

			if (note)
				queue(x, k, NULL, note);
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

static void flush(struct docx *x, size_t mark);

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
	flush(x, mark);
}

/*
 * The text of a table cell, a text box or a note: its paragraphs (and nested
 * tables) joined by sep.
 */
static void cell_text(struct docx *x, const xmlNode *n, struct govrec_buf *b, char sep)
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
			cell_text(x, c, b, sep);
		}
	}
}

/* One queued item as a passage: its text, under its heading. */
static void emit(struct docx *x, const struct govrec_office_item *it)
{
	struct govrec_buf heading = GOVREC_BUF_INIT, text = GOVREC_BUF_INIT,
			  author = GOVREC_BUF_INIT;
	const xmlNode *content = it->node;
	struct note *note = it->note;
	size_t i;

	if (!x->at_end && x->outline.path.len)
		govrec_buf_addf(&heading, "%s / ", x->outline.path.data);
	if (it->kind == TEXT_BOX) {
		govrec_buf_adds(&heading, "Text box");
	} else {
		if (note->emitted)
			goto out;
		note->emitted = 1;
		content = note->node;
		if (note_kinds[it->kind].numbered) {
			govrec_buf_addf(&heading, "%s %d", note_kinds[it->kind].label,
					++x->notes[it->kind].count);
		} else {
			const char *a = w_attr(x, content, "author");

			govrec_buf_adds(&author, a ? a : "");
			govrec_buf_trim(&author);
			for (i = 0; i < author.len; i++)
				if (author.data[i] == '\n' || author.data[i] == '\t' ||
				    author.data[i] == '\r')
					author.data[i] = ' ';
			govrec_buf_adds(&heading, note_kinds[it->kind].label);
			if (author.len)
				govrec_buf_addf(&heading, " by %s", author.data);
		}
	}
	cell_text(x, content, &text, '\n');
	if (x->rc == GOVREC_OK &&
	    govrec_draft_add_capped(x->d, author.len ? author.data : NULL, GOVREC_NO_TIME,
			     GOVREC_NO_TIME, heading.data, text.data))
		x->rc = govrec_error_oom(x->err);
out:
	govrec_buf_release(&heading);
	govrec_buf_release(&text);
	govrec_buf_release(&author);
}

/*
 * Emits the items queued since mark, in order, with those they queue in turn,
 * and leaves the queue as it was at mark.
 */
static void flush(struct docx *x, size_t mark)
{
	size_t i;

	for (i = mark; i < x->queue.n && x->rc == GOVREC_OK; i++) {
		struct govrec_office_item it = x->queue.v[i]; /* emit() may move the queue */

		emit(x, &it);
	}
	x->queue.n = mark;
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

			cell_text(x, c, &t, ' ');
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
			flush(x, mark);
		} else if (is_w(x, c, "sdt") || is_w(x, c, "sdtContent") ||
			   is_w(x, c, "customXml")) {
			table(x, c);
		}
	}
}

static void blocks(struct docx *x, const xmlNode *n)
{
	const xmlNode *c;

	for (c = n->children; c && x->rc == GOVREC_OK; c = c->next) {
		if (is_w(x, c, "p"))
			paragraph(x, c);
		else if (is_w(x, c, "tbl"))
			table(x, c);
		else if (is_w(x, c, "sdt"))
			blocks(x, govrec_xml_child(c, x->ns, "sdtContent") ?
					  govrec_xml_child(c, x->ns, "sdtContent") : c);
		else if (is_w(x, c, "customXml") || is_w(x, c, "ins") || is_w(x, c, "moveTo"))
			blocks(x, c);
	}
}

/* --- notes and comments ---------------------------------------------------- */

/* A note that is text: separators and continuation notices have a w:type. */
static int is_text_note(const struct docx *x, const xmlNode *n, const char *element)
{
	const char *type = w_attr(x, n, "type");

	return is_w(x, n, element) && w_attr(x, n, "id") && (!type || strcmp(type, "normal") == 0);
}

/*
 * Reads the notes part of kind k, found through the main part's
 * relationships (rels in dir) or where it usually is; a package without it
 * has no such notes.  A part whose root is not the kind's is not read.
 */
static enum govrec_status read_notes(struct docx *x, const struct govrec_office_package *pkg,
				     size_t k, const char *rels, const char *dir)
{
	const struct note_kind *nk = &note_kinds[k];
	struct notes *ns = &x->notes[k];
	const struct govrec_office_part *part;
	struct govrec_buf target = GOVREC_BUF_INIT;
	enum govrec_status rc;
	const xmlNode *root, *n;
	size_t count = 0, i;
	int found;

	rc = find_rel(pkg, rels, dir, nk->rel, &target, &found, x->err);
	part = rc == GOVREC_OK ? govrec_office_part(pkg, found ? target.data : nk->part) : NULL;
	govrec_buf_release(&target);
	if (!part)
		return rc;
	rc = govrec_xml_parse(part->data, part->len, part->name, &ns->doc, x->err);
	if (rc != GOVREC_OK)
		return rc;
	root = xmlDocGetRootElement(ns->doc);
	if (!is_w(x, root, nk->root))
		return GOVREC_OK;
	for (n = root->children; n; n = n->next)
		count += is_text_note(x, n, nk->element);
	ns->v = calloc(count ? count : 1, sizeof(*ns->v));
	ns->by_id = calloc(count ? count : 1, sizeof(*ns->by_id));
	if (!ns->v || !ns->by_id)
		return govrec_error_oom(x->err);
	for (n = root->children; n; n = n->next) {
		if (!is_text_note(x, n, nk->element))
			continue;
		ns->v[ns->n].id = w_attr(x, n, "id");
		ns->v[ns->n].node = n;
		ns->n++;
	}
	for (i = 0; i < ns->n; i++)
		ns->by_id[i] = &ns->v[i];
	qsort(ns->by_id, ns->n, sizeof(*ns->by_id), note_cmp);
	return GOVREC_OK;
}

/* The notes no reference in the body reached, in their parts' order. */
static void unreferenced_notes(struct docx *x)
{
	size_t k, i;

	x->at_end = 1;
	for (k = 0; k < NKINDS && x->rc == GOVREC_OK; k++)
		for (i = 0; i < x->notes[k].n && x->rc == GOVREC_OK; i++)
			if (!x->notes[k].v[i].emitted) {
				queue(x, (int)k, NULL, &x->notes[k].v[i]);
				flush(x, 0);
			}
}

static void notes_release(struct docx *x)
{
	size_t k;

	for (k = 0; k < NKINDS; k++) {
		xmlFreeDoc(x->notes[k].doc);
		free(x->notes[k].v);
		free(x->notes[k].by_id);
	}
	govrec_office_queue_release(&x->queue);
}

/* --- the reader ----------------------------------------------------------- */

static enum govrec_status read_core(struct docx *x, const struct govrec_office_part *core)
{
	static const char *const dates[] = { "created", "modified" };
	struct govrec_buf text = GOVREC_BUF_INIT;
	enum govrec_status rc;
	xmlDocPtr doc;
	xmlNode *root;
	size_t i;

	rc = govrec_xml_parse(core->data, core->len, core->name, &doc, x->err);
	if (rc != GOVREC_OK)
		return rc;
	root = xmlDocGetRootElement(doc);
	govrec_xml_text(govrec_xml_child(root, NS_DC, "title"), &text);
	govrec_office_set_title(x->d, text.data);
	for (i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
		govrec_buf_reset(&text);
		govrec_xml_text(govrec_xml_child(root, NS_DCTERMS, dates[i]), &text);
		if (govrec_office_set_date(x->d, text.data))
			break;
	}
	govrec_buf_release(&text);
	xmlFreeDoc(doc);
	return GOVREC_OK;
}

enum govrec_status govrec_docx_read(const unsigned char *data, size_t len, const char *name,
				    struct govrec_document_draft *d, struct govrec_error *err)
{
	struct govrec_office_package pkg;
	const struct govrec_office_part *main_part, *part;
	struct govrec_buf main_name = GOVREC_BUF_INIT, rels = GOVREC_BUF_INIT,
			  dir = GOVREC_BUF_INIT, target = GOVREC_BUF_INIT;
	xmlDocPtr doc = NULL, styles = NULL;
	struct docx x;
	xmlNode *root, *body;
	size_t k;
	int found;
	enum govrec_status rc;

	memset(&x, 0, sizeof(x));
	x.d = d;
	x.err = err;
	govrec_outline_init(&x.outline);
	rc = govrec_office_unpack(data, len, &pkg, err);
	if (rc != GOVREC_OK)
		goto out;
	rc = find_rel(&pkg, "_rels/.rels", "", "/officeDocument", &main_name, &found, err);
	if (rc != GOVREC_OK)
		goto out;
	if (!found)
		govrec_buf_adds(&main_name, "word/document.xml");
	main_part = govrec_office_part(&pkg, main_name.data);
	if (!main_part) {
		rc = govrec_error_set(err, GOVREC_INVALID,
				      "is not a Word document: it has no main document part "
				      "('%s')",
				      main_name.data);
		goto out;
	}
	rc = govrec_xml_parse(main_part->data, main_part->len, main_part->name, &doc, err);
	if (rc != GOVREC_OK)
		goto out;
	root = xmlDocGetRootElement(doc);
	if (root->ns && root->ns->href && strcmp((const char *)root->ns->href, NS_W_STRICT) == 0)
		x.ns = NS_W_STRICT;
	else
		x.ns = NS_W;
	if (!govrec_xml_is(root, x.ns, "document")) {
		rc = govrec_error_set(err, GOVREC_INVALID,
				      "%s is not a WordprocessingML document (its root is '%s')",
				      main_part->name, (const char *)root->name);
		goto out;
	}
	/* Styles and core properties, through relationships or where they usually are. */
	rels_of(main_part->name, &rels, &dir);
	rc = find_rel(&pkg, rels.data, dir.data, "/styles", &target, &found, err);
	if (rc != GOVREC_OK)
		goto out;
	part = govrec_office_part(&pkg, found ? target.data : "word/styles.xml");
	if (part) {
		rc = govrec_xml_parse(part->data, part->len, part->name, &styles, err);
		if (rc == GOVREC_OK)
			rc = read_styles(&x, styles);
		if (rc != GOVREC_OK)
			goto out;
	}
	rc = find_rel(&pkg, "_rels/.rels", "", "/metadata/core-properties", &target, &found,
		      err);
	if (rc != GOVREC_OK)
		goto out;
	part = govrec_office_part(&pkg, found ? target.data : "docProps/core.xml");
	if (part && (rc = read_core(&x, part)) != GOVREC_OK)
		goto out;
	for (k = 0; k < NKINDS; k++)
		if ((rc = read_notes(&x, &pkg, k, rels.data, dir.data)) != GOVREC_OK)
			goto out;
	body = govrec_xml_child(root, x.ns, "body");
	if (body)
		blocks(&x, body);
	if (x.rc == GOVREC_OK)
		unreferenced_notes(&x);
	rc = x.rc;
	if (rc != GOVREC_OK)
		goto out;
	if (!d->kind)
		govrec_draft_set(&d->kind, "notes");
	if (!d->media_type)
		govrec_draft_set(&d->media_type, MEDIA_TYPE);
	if (!d->importer) {
		d->importer = "docx";
		d->importer_version = GOVREC_READER_VERSION;
	}
out:
	xmlFreeDoc(styles);
	xmlFreeDoc(doc);
	free(x.styles);
	notes_release(&x);
	govrec_outline_release(&x.outline);
	govrec_buf_release(&target);
	govrec_buf_release(&dir);
	govrec_buf_release(&rels);
	govrec_buf_release(&main_name);
	govrec_office_release(&pkg);
	return rc;
}

/* Stops the walk at [Content_Types].xml and remembers whether it names WordprocessingML. */
static int content_types(const char *name, const void *bytes, size_t len, void *ctx)
{
	static const char wml[] = "wordprocessingml.document.main+xml";
	const char *s = bytes, *end = s + len;

	if (strcmp(name, "[Content_Types].xml") != 0)
		return 0;
	while (s && (size_t)(end - s) >= sizeof(wml) - 1) {
		s = memchr(s, 'w', (size_t)(end - s) - (sizeof(wml) - 1) + 1);
		if (s && memcmp(s, wml, sizeof(wml) - 1) == 0) {
			*(int *)ctx = 1;
			break;
		}
		if (s)
			s++;
	}
	return 1;
}

int govrec_docx_detect(const unsigned char *data, size_t len, const char *name)
{
	size_t n = name ? strlen(name) : 0;
	int by_name = n >= 5 && strcasecmp(name + n - 5, ".docx") == 0;
	int wml = 0;

	if (len < 4 || memcmp(data, "PK\x03\x04", 4) != 0)
		return 0;
	if (govrec_office_has_entry(data, len, "word/document.xml"))
		return 95;
	if (govrec_office_has_entry(data, len, "[Content_Types].xml")) {
		govrec_archive_walk(data, len, NULL, content_types, &wml, NULL);
		if (wml)
			return 90;
	}
	return by_name ? 40 : 0;
}

const struct govrec_reader govrec_reader_docx = GOVREC_READER_DOCX;
