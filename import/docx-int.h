/*
 * docx-int.h - what the parts of the DOCX reader share: docx.c (the package:
 * its parts, relationships and core properties; the read and detect entry
 * points), docx-body.c (paragraphs, headings by outline level or style,
 * tables) and docx-notes.c (what becomes a passage after a block's own: text
 * boxes, footnotes, endnotes and comments).  Names shared between the parts
 * start with docx_; everything else stays static in its file.
 */
#ifndef GOVREC_IMPORT_DOCX_INT_H
#define GOVREC_IMPORT_DOCX_INT_H

#include <stddef.h>

#include "govrec/draft.h"
#include "govrec/error.h"
#include "office.h"
#include "xml.h"

/* The kinds of notes (footnotes, endnotes, comments: note_kinds in docx-notes.c). */
#define NKINDS 3
/* The kind of a queued text box; the others are indexes of note_kinds. */
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

struct style; /* a paragraph style of word/styles.xml (docx-body.c) */

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

static inline int is_w(const struct docx *x, const xmlNode *n, const char *name)
{
	return govrec_xml_is(n, x->ns, name);
}

static inline const char *w_attr(const struct docx *x, const xmlNode *n, const char *name)
{
	return govrec_xml_attr(n, x->ns, name);
}

/* ---- the package (docx.c) ------------------------------------------------ */

/*
 * Finds, in the relationships part rels_name, the internal relationship
 * whose type ends in type_suffix, and puts its resolved target in out.
 * *found is 1 when found; 0 when the part or the relationship is missing.
 */
enum govrec_status docx_find_rel(const struct govrec_office_package *pkg, const char *rels_name,
				 const char *dir, const char *type_suffix, struct govrec_buf *out,
				 int *found, struct govrec_error *err);

/* ---- the body (docx-body.c) ---------------------------------------------- */

/* Reads the paragraph styles of a styles part into x->styles. */
enum govrec_status docx_read_styles(struct docx *x, xmlDocPtr doc);
/* The passages of the blocks (paragraphs, tables) under n, and what they queue. */
void docx_blocks(struct docx *x, const xmlNode *n);
/*
 * The text of a table cell, a text box or a note: its paragraphs (and nested
 * tables) joined by sep.
 */
void docx_cell_text(struct docx *x, const xmlNode *n, struct govrec_buf *b, char sep);

/* ---- notes, comments and text boxes (docx-notes.c) ----------------------- */

/* Queues a text box (kind TEXT_BOX, node) or a note (kind k, note). */
void docx_queue(struct docx *x, int kind, const xmlNode *node, struct note *note);
/* The note with w:id id of a notes part, or NULL. */
struct note *docx_find_note(const struct notes *ns, const char *id);
/* The index in note_kinds of a reference element's name, or -1. */
int docx_reference_kind(const char *name);
/*
 * Emits the items queued since mark, in order, with those they queue in turn,
 * and leaves the queue as it was at mark.
 */
void docx_flush(struct docx *x, size_t mark);
/* Reads the notes part of kind k (see docx-notes.c). */
enum govrec_status docx_read_notes(struct docx *x, const struct govrec_office_package *pkg,
				   size_t k, const char *rels, const char *dir);
/* The notes no reference in the body reached, in their parts' order. */
void docx_unreferenced_notes(struct docx *x);
/* The notes parts and the queue. */
void docx_notes_release(struct docx *x);

#endif
