/*
 * odt.c - the ODT reader (OpenDocument text, ODF 1.0-1.3).
 *
 * The package is unpacked with the archive walker's limits (office.c); its
 * mimetype entry must say application/vnd.oasis.opendocument.text.  The body
 * is office:body/office:text of content.xml, the title and dates come from
 * meta.xml; both go through govrec_xml_parse(), so a DOCTYPE is refused.
 *
 * text:h is a heading at its text:outline-level and sets the heading path of
 * what follows; text:p (also inside lists, sections and list headers) is a
 * passage; each table:table-row is a passage of its cells joined with " | ".
 * Inside a paragraph, white space collapses as ODF says (runs of spaces,
 * tabs and newlines are one space) and text:s, text:tab and text:line-break
 * give the spaces, tabs and line breaks back.  Tracked changes
 * (text:tracked-changes holds the deleted text), indexes, drawings and forms
 * are left out.
 *
 * Footnotes, endnotes (text:note, by its text:note-class) and comments
 * (office:annotation) are passages of their own, one each (its paragraphs
 * joined by line breaks), placed right after the passage of the paragraph,
 * heading or table row that holds them, in the order they appear there, under
 * that heading path plus "Footnote N", "Endnote N" or "Comment by NAME" (NAME
 * is dc:creator, and the passage's speaker; "Comment" when there is none).
 * Their text is not part of the paragraph's, nor is the citation mark
 * (text:note-citation); office:annotation-end only ends a commented range.
 * Footnotes and endnotes are numbered apart, 1, 2, 3 ... in the order they
 * appear.  As in the DOCX reader, a block queues what it holds while it is
 * read (struct govrec_office_item, office.h) and the queue is emptied after the block's passage;
 * what a queued note holds in turn (a comment inside a footnote) joins the
 * end of the same queue, so no chain of notes makes the reader recurse.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "govrec/readers.h"
#include "govrec/draft.h"
#include "govrec/util.h"
#include "office.h"
#include "xml.h"
#include "readutil.h"

#define NS_OFFICE  "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_TEXT    "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_TABLE   "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_META    "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
#define NS_DC      "http://purl.org/dc/elements/1.1/"
#define MEDIA_TYPE "application/vnd.oasis.opendocument.text"
#define MAX_SPACES 1000

/* The kinds of note: text:note-class, and the heading of the note's passage. */
static const struct note_kind {
	const char *note_class;
	const char *label;
} note_kinds[] = {
	{ "footnote", "Footnote" },
	{ "endnote", "Endnote" },
};

#define NKINDS  (sizeof(note_kinds) / sizeof(note_kinds[0]))
#define COMMENT ((int)NKINDS) /* the kind of an office:annotation */

struct odt {
	struct govrec_document_draft *d;
	struct govrec_outline outline;
	struct govrec_error *err;
	enum govrec_status rc;
	/* kind: an index of note_kinds, or COMMENT; node: the note or annotation */
	struct govrec_office_queue queue;
	int count[NKINDS]; /* notes of each kind emitted so far */
};

/* Inline text: a paragraph's text with ODF's white-space rules. */
struct inline_text {
	struct govrec_buf b;
	int space; /* the last character was collapsed white space */
};

/* Elements inside a paragraph whose content is not part of its text. */
static const char *const skipped_inline[] = {
	"tracked-changes", "deletion", "bookmark-start", "bookmark-end", "change",
	"change-start", "change-end", "soft-page-break", NULL,
};

static int in_list(const char *const *list, const char *name)
{
	for (; *list; list++)
		if (strcmp(*list, name) == 0)
			return 1;
	return 0;
}

static void add_collapsed(struct inline_text *t, const char *s)
{
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			if (!t->space)
				govrec_buf_addch(&t->b, ' ');
			t->space = 1;
		} else {
			govrec_buf_addch(&t->b, *s);
			t->space = 0;
		}
	}
}

static void queue(struct odt *o, int kind, const xmlNode *node)
{
	enum govrec_status rc = govrec_office_queue_push(&o->queue, kind, node, NULL, o->err);

	if (rc != GOVREC_OK && o->rc == GOVREC_OK)
		o->rc = rc;
}

/* The index in note_kinds of a text:note's class (footnote when it has none), or -1. */
static int note_kind(const xmlNode *note)
{
	const char *cls = govrec_xml_attr(note, NS_TEXT, "note-class");
	size_t k;

	if (!cls)
		return 0;
	for (k = 0; k < NKINDS; k++)
		if (strcmp(cls, note_kinds[k].note_class) == 0)
			return (int)k;
	return -1;
}

/*
 * Appends the text under n (a paragraph or anything inside one) to t, and
 * queues the notes and comments it holds.
 */
static void collect(struct odt *o, const xmlNode *n, struct inline_text *t)
{
	const xmlNode *c;

	for (c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			add_collapsed(t, (const char *)c->content);
			continue;
		}
		if (govrec_xml_is(c, NS_OFFICE, "annotation")) {
			queue(o, COMMENT, c);
			continue;
		}
		if (c->type != XML_ELEMENT_NODE || !c->ns || !c->ns->href)
			continue;
		if (strcmp((const char *)c->ns->href, NS_TEXT) != 0)
			continue; /* office:annotation-end, draw:frame, ... */
		if (govrec_xml_is(c, NS_TEXT, "note")) {
			int k = note_kind(c);

			if (k >= 0)
				queue(o, k, c);
		} else if (govrec_xml_is(c, NS_TEXT, "s")) {
			const char *count = govrec_xml_attr(c, NS_TEXT, "c");
			long k = count ? strtol(count, NULL, 10) : 1;

			if (k < 1)
				k = 1;
			if (k > MAX_SPACES)
				k = MAX_SPACES;
			while (k--)
				govrec_buf_addch(&t->b, ' ');
			t->space = 0;
		} else if (govrec_xml_is(c, NS_TEXT, "tab")) {
			govrec_buf_addch(&t->b, '\t');
			t->space = 0;
		} else if (govrec_xml_is(c, NS_TEXT, "line-break")) {
			govrec_buf_addch(&t->b, '\n');
			t->space = 1;
		} else if (!in_list(skipped_inline, (const char *)c->name)) {
			collect(o, c, t); /* text:span, text:a, text:meta, fields, ... */
		}
	}
}

/* The text of one paragraph or heading, trimmed, into b; queues its notes. */
static void paragraph_text(struct odt *o, const xmlNode *p, struct govrec_buf *b)
{
	struct inline_text t;

	govrec_buf_init(&t.b);
	t.space = 1; /* leading white space is dropped */
	collect(o, p, &t);
	govrec_buf_trim(&t.b);
	govrec_buf_add(b, t.b.data, t.b.len);
	govrec_buf_release(&t.b);
}

static void add_passage(struct odt *o, const char *body)
{
	if (o->rc == GOVREC_OK)
		o->rc = govrec_outline_add(&o->outline, o->d, body, o->err);
}

/*
 * The text of a cell, a note body or a comment: its paragraphs, lists and
 * nested tables joined by sep.  With sep ' ' (a cell), the line breaks and
 * tabs inside paragraphs are spaces too.
 */
static void cell_text(struct odt *o, const xmlNode *n, struct govrec_buf *b, char sep)
{
	const xmlNode *c;

	for (c = n ? n->children : NULL; c; c = c->next) {
		if (govrec_xml_is(c, NS_TEXT, "p") || govrec_xml_is(c, NS_TEXT, "h")) {
			struct govrec_buf t = GOVREC_BUF_INIT;
			size_t i;

			paragraph_text(o, c, &t);
			for (i = 0; sep == ' ' && i < t.len; i++)
				if (t.data[i] == '\n' || t.data[i] == '\t')
					t.data[i] = ' ';
			if (t.len && b->len)
				govrec_buf_addch(b, sep);
			govrec_buf_add(b, t.data, t.len);
			govrec_buf_release(&t);
		} else if (c->type == XML_ELEMENT_NODE && c->ns && c->ns->href &&
			   (strcmp((const char *)c->ns->href, NS_TEXT) == 0 ||
			    strcmp((const char *)c->ns->href, NS_TABLE) == 0) &&
			   strcmp((const char *)c->name, "tracked-changes") != 0) {
			cell_text(o, c, b, sep);
		} else if (govrec_xml_is(c, NS_OFFICE, "annotation")) {
			queue(o, COMMENT, c); /* a comment on the cell itself */
		}
	}
}

/* One queued note or comment as a passage: its text, under its heading. */
static void emit(struct odt *o, const struct govrec_office_item *it)
{
	struct govrec_buf heading = GOVREC_BUF_INIT, text = GOVREC_BUF_INIT,
			  author = GOVREC_BUF_INIT;
	size_t i;

	if (o->outline.path.len)
		govrec_buf_addf(&heading, "%s / ", o->outline.path.data);
	if (it->kind == COMMENT) {
		govrec_xml_text(govrec_xml_child(it->node, NS_DC, "creator"), &author);
		govrec_buf_trim(&author);
		for (i = 0; i < author.len; i++)
			if (author.data[i] == '\n' || author.data[i] == '\t' ||
			    author.data[i] == '\r')
				author.data[i] = ' ';
		govrec_buf_adds(&heading, "Comment");
		if (author.len)
			govrec_buf_addf(&heading, " by %s", author.data);
		cell_text(o, it->node, &text, '\n');
	} else {
		govrec_buf_addf(&heading, "%s %d", note_kinds[it->kind].label,
				++o->count[it->kind]);
		cell_text(o, govrec_xml_child(it->node, NS_TEXT, "note-body"), &text, '\n');
	}
	if (o->rc == GOVREC_OK &&
	    govrec_draft_add_capped(o->d, author.len ? author.data : NULL, GOVREC_NO_TIME,
			     GOVREC_NO_TIME, heading.data, text.data))
		o->rc = govrec_error_oom(o->err);
	govrec_buf_release(&heading);
	govrec_buf_release(&text);
	govrec_buf_release(&author);
}

/*
 * Emits the items queued since mark, in order, with those they queue in turn,
 * and leaves the queue as it was at mark.
 */
static void flush(struct odt *o, size_t mark)
{
	size_t i;

	for (i = mark; i < o->queue.n && o->rc == GOVREC_OK; i++) {
		struct govrec_office_item it = o->queue.v[i]; /* emit() may move the queue */

		emit(o, &it);
	}
	o->queue.n = mark;
}

/* Rows may sit in table:table-rows, table:table-header-rows, table:table-row-group. */
static void table(struct odt *o, const xmlNode *n)
{
	const xmlNode *c, *cell;

	for (c = n->children; c; c = c->next) {
		struct govrec_buf row = GOVREC_BUF_INIT;
		size_t ncells = 0, kept = 0, mark = o->queue.n;

		if (!govrec_xml_is(c, NS_TABLE, "table-row")) {
			if (c->type == XML_ELEMENT_NODE && c->ns && c->ns->href &&
			    strcmp((const char *)c->ns->href, NS_TABLE) == 0 &&
			    strncmp((const char *)c->name, "table-", 6) == 0 &&
			    strcmp((const char *)c->name, "table-columns") != 0 &&
			    strcmp((const char *)c->name, "table-column") != 0)
				table(o, c);
			continue;
		}
		for (cell = c->children; cell; cell = cell->next) {
			struct govrec_buf t = GOVREC_BUF_INIT;

			if (!govrec_xml_is(cell, NS_TABLE, "table-cell"))
				continue; /* table:covered-table-cell: merged away */
			cell_text(o, cell, &t, ' ');
			if (ncells++)
				govrec_buf_adds(&row, " | ");
			govrec_buf_add(&row, t.data, t.len);
			if (t.len)
				kept = row.len;
			govrec_buf_release(&t);
		}
		/* Empty cells at the end of a row (often repeated) say nothing. */
		govrec_buf_setlen(&row, kept);
		add_passage(o, row.data);
		govrec_buf_release(&row);
		flush(o, mark);
	}
}

/* Block content: office:text, text:section, text:list, text:list-item, ... */
static void blocks(struct odt *o, const xmlNode *n)
{
	const xmlNode *c;

	for (c = n->children; c && o->rc == GOVREC_OK; c = c->next) {
		struct govrec_buf text = GOVREC_BUF_INIT;
		size_t mark = o->queue.n;

		if (govrec_xml_is(c, NS_TEXT, "h")) {
			const char *lvl = govrec_xml_attr(c, NS_TEXT, "outline-level");
			long level = lvl ? strtol(lvl, NULL, 10) : 1;

			if (level < 1 || level > GOVREC_OUTLINE_LEVELS)
				level = level < 1 ? 1 : GOVREC_OUTLINE_LEVELS;
			paragraph_text(o, c, &text);
			if (text.len) {
				govrec_outline_set(&o->outline, (int)level, text.data);
				govrec_office_set_title(o->d, text.data);
			}
		} else if (govrec_xml_is(c, NS_TEXT, "p")) {
			paragraph_text(o, c, &text);
			add_passage(o, text.data);
		} else if (govrec_xml_is(c, NS_TABLE, "table")) {
			table(o, c);
		} else if (govrec_xml_is(c, NS_TEXT, "section") ||
			   govrec_xml_is(c, NS_TEXT, "list") ||
			   govrec_xml_is(c, NS_TEXT, "list-item") ||
			   govrec_xml_is(c, NS_TEXT, "list-header") ||
			   govrec_xml_is(c, NS_TEXT, "numbered-paragraph")) {
			blocks(o, c);
		}
		/* text:tracked-changes, text:table-of-content, text:sequence-decls,
		 * office:forms, draw:* and the rest are not body text. */
		govrec_buf_release(&text);
		flush(o, mark);
	}
}

static enum govrec_status read_meta(struct odt *o, const struct govrec_office_part *part)
{
	struct govrec_buf text = GOVREC_BUF_INIT;
	enum govrec_status rc;
	xmlDocPtr doc;
	xmlNode *meta;

	rc = govrec_xml_parse(part->data, part->len, part->name, &doc, o->err);
	if (rc != GOVREC_OK)
		return rc;
	meta = govrec_xml_child(xmlDocGetRootElement(doc), NS_OFFICE, "meta");
	govrec_xml_text(govrec_xml_child(meta, NS_DC, "title"), &text);
	govrec_office_set_title(o->d, text.data);
	govrec_buf_reset(&text);
	govrec_xml_text(govrec_xml_child(meta, NS_META, "creation-date"), &text);
	if (!govrec_office_set_date(o->d, text.data)) {
		govrec_buf_reset(&text);
		govrec_xml_text(govrec_xml_child(meta, NS_DC, "date"), &text);
		govrec_office_set_date(o->d, text.data);
	}
	govrec_buf_release(&text);
	xmlFreeDoc(doc);
	return GOVREC_OK;
}

/* The mimetype entry's text without trailing white space, into b. */
static void mimetype(const struct govrec_office_part *p, struct govrec_buf *b)
{
	govrec_buf_add(b, p->data, p->len);
	govrec_buf_trim(b);
}

enum govrec_status govrec_odt_read(const unsigned char *data, size_t len, const char *name,
				   struct govrec_document_draft *d, struct govrec_error *err)
{
	const struct govrec_office_part *part;
	struct govrec_office_package pkg;
	struct govrec_buf type = GOVREC_BUF_INIT;
	xmlDocPtr doc = NULL;
	xmlNode *body, *text;
	enum govrec_status rc;
	struct odt o;

	memset(&o, 0, sizeof(o));
	o.d = d;
	o.err = err;
	govrec_outline_init(&o.outline);
	rc = govrec_office_unpack(data, len, &pkg, err);
	if (rc != GOVREC_OK)
		goto out;
	part = govrec_office_part(&pkg, "mimetype");
	if (!part) {
		rc = govrec_error_set(err, GOVREC_INVALID,
				      "is not an OpenDocument file: it has no 'mimetype' entry");
		goto out;
	}
	mimetype(part, &type);
	if (strcmp(type.data, MEDIA_TYPE) != 0) {
		struct govrec_buf safe = GOVREC_BUF_INIT;

		govrec_buf_add_safe(&safe, type.data, 80);
		rc = govrec_error_set(err, GOVREC_INVALID,
				      "is not an OpenDocument text: its mimetype is '%s'",
				      safe.data);
		govrec_buf_release(&safe);
		goto out;
	}
	part = govrec_office_part(&pkg, "meta.xml");
	if (part && (rc = read_meta(&o, part)) != GOVREC_OK)
		goto out;
	part = govrec_office_part(&pkg, "content.xml");
	if (!part) {
		rc = govrec_error_set(err, GOVREC_INVALID,
				      "is not an OpenDocument text: it has no 'content.xml'");
		goto out;
	}
	rc = govrec_xml_parse(part->data, part->len, part->name, &doc, err);
	if (rc != GOVREC_OK)
		goto out;
	body = govrec_xml_child(xmlDocGetRootElement(doc), NS_OFFICE, "body");
	text = govrec_xml_child(body, NS_OFFICE, "text");
	if (!govrec_xml_is(xmlDocGetRootElement(doc), NS_OFFICE, "document-content") || !text) {
		rc = govrec_error_set(err, GOVREC_INVALID,
				      "content.xml has no office:document-content/office:body/"
				      "office:text");
		goto out;
	}
	blocks(&o, text);
	rc = o.rc;
	if (rc != GOVREC_OK)
		goto out;
	if (!d->kind)
		govrec_draft_set(&d->kind, "notes");
	if (!d->media_type)
		govrec_draft_set(&d->media_type, MEDIA_TYPE);
	if (!d->importer) {
		d->importer = "odt";
		d->importer_version = GOVREC_READER_VERSION;
	}
out:
	xmlFreeDoc(doc);
	govrec_buf_release(&type);
	govrec_outline_release(&o.outline);
	govrec_office_queue_release(&o.queue);
	govrec_office_release(&pkg);
	return rc;
}

/*
 * ODF puts the mimetype entry first and stored, so its name and content sit
 * in clear at byte 30 of the file.
 */
int govrec_odt_detect(const unsigned char *data, size_t len, const char *name)
{
	static const char head[] = "mimetype" MEDIA_TYPE;
	size_t n = name ? strlen(name) : 0;
	int by_name = n >= 4 && strcasecmp(name + n - 4, ".odt") == 0;

	if (len < 4 || memcmp(data, "PK\x03\x04", 4) != 0)
		return 0;
	if (len >= 30 + sizeof(head) - 1 && memcmp(data + 30, head, sizeof(head) - 1) == 0 &&
	    (len == 30 + sizeof(head) - 1 || data[30 + sizeof(head) - 1] == 'P'))
		return 100;
	if (by_name && govrec_office_has_entry(data, len, "content.xml"))
		return 60;
	return by_name ? 40 : 0;
}

const struct govrec_reader govrec_reader_odt = GOVREC_READER_ODT;
