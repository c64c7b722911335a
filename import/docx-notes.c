/*
 * docx-notes.c - the passages that follow a block's own in a DOCX body: text
 * boxes, footnotes, endnotes and comments (see docx.c for the package, and
 * docx-body.c for the blocks).
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

#include "docx-int.h"
#include "readutil.h"

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

_Static_assert(sizeof(note_kinds) / sizeof(note_kinds[0]) == NKINDS, "NKINDS");

void docx_queue(struct docx *x, int kind, const xmlNode *node, struct note *note)
{
	enum govrec_status rc = govrec_office_queue_push(&x->queue, kind, node, note, x->err);

	if (rc != GOVREC_OK && x->rc == GOVREC_OK)
		x->rc = rc;
}

static int note_cmp(const void *a, const void *b)
{
	return strcmp((*(struct note *const *)a)->id, (*(struct note *const *)b)->id);
}

struct note *docx_find_note(const struct notes *ns, const char *id)
{
	struct note key, *k = &key, **found;

	if (!id || !ns->n)
		return NULL;
	key.id = id;
	found = bsearch(&k, ns->by_id, ns->n, sizeof(*ns->by_id), note_cmp);
	return found ? *found : NULL;
}

/* The index in note_kinds of a reference element's name, or -1. */
int docx_reference_kind(const char *name)
{
	size_t k;

	for (k = 0; k < NKINDS; k++)
		if (strcmp(name, note_kinds[k].ref) == 0)
			return (int)k;
	return -1;
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
	docx_cell_text(x, content, &text, '\n');
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
void docx_flush(struct docx *x, size_t mark)
{
	size_t i;

	for (i = mark; i < x->queue.n && x->rc == GOVREC_OK; i++) {
		struct govrec_office_item it = x->queue.v[i]; /* emit() may move the queue */

		emit(x, &it);
	}
	x->queue.n = mark;
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
enum govrec_status docx_read_notes(struct docx *x, const struct govrec_office_package *pkg,
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

	rc = docx_find_rel(pkg, rels, dir, nk->rel, &target, &found, x->err);
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
void docx_unreferenced_notes(struct docx *x)
{
	size_t k, i;

	x->at_end = 1;
	for (k = 0; k < NKINDS && x->rc == GOVREC_OK; k++)
		for (i = 0; i < x->notes[k].n && x->rc == GOVREC_OK; i++)
			if (!x->notes[k].v[i].emitted) {
				docx_queue(x, (int)k, NULL, &x->notes[k].v[i]);
				docx_flush(x, 0);
			}
}

void docx_notes_release(struct docx *x)
{
	size_t k;

	for (k = 0; k < NKINDS; k++) {
		xmlFreeDoc(x->notes[k].doc);
		free(x->notes[k].v);
		free(x->notes[k].by_id);
	}
	govrec_office_queue_release(&x->queue);
}
