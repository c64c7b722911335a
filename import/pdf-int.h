/*
 * pdf-int.h - what the PDF reader's two files share (internal): pdf.c opens
 * the document with poppler-glib and measures each page's lines; pdf-text.c
 * turns those lines into the text the text readers take (running headers
 * and footers removed, hyphenation rejoined, paragraphs and headings found
 * from the layout).  pdf-text.c knows nothing of poppler, so the unit tests
 * can give it lines directly.
 */
#ifndef GOVREC_PDF_INT_H
#define GOVREC_PDF_INT_H

#include <stddef.h>

#include "govrec/buf.h"
#include "govrec/draft.h"
#include "govrec/error.h"

/* One line of a page as laid out: its text in the page's buffer. */
struct pdf_line {
	size_t off, len;    /* in struct pdf_page.text */
	double top, bottom; /* points from the top of the page */
	double size;        /* the mean font size of its characters */
	int cells;          /* the table cells it has (1 for a plain line) */
	int dropped;        /* page furniture: left out */
	int level;          /* heading level (1-6), 0 for text */
};

struct pdf_page {
	struct govrec_buf text;
	struct pdf_line *lines;
	size_t nlines;
};

/* Appends a line (text copied) to a page; returns it. */
struct pdf_line *pdf_page_add(struct pdf_page *p, const char *s, size_t n, double top,
                              double bottom, double size, int cells);
void pdf_pages_free(struct pdf_page *pages, size_t n);

/*
 * Marks as dropped the lines repeated in the same place at the top or the
 * bottom of most pages: running headers and footers, page numbers ("Page
 * 3", "3 of 12", "- 3 -"): digits are compared as one '#', so numbered
 * lines match.  Only a run from the page's edge to the first paragraph gap
 * is furniture: a repeated line next to one that is not is body text.
 */
void pdf_drop_furniture(struct pdf_page *pages, size_t n);

/*
 * Marks headings: lines set at least a fifth larger than the body text (the
 * size most characters have), levels by size, largest first.  Returns the
 * number of heading levels.
 */
int pdf_find_headings(struct pdf_page *pages, size_t n);

/*
 * The text of the pages in reading order, into out: a blank line where the
 * layout leaves a paragraph gap, a word hyphenated at a line end joined
 * again.  For the transcript readers (markdown 0), pages are joined with a
 * form feed opening the next page's first line, as pdftotext writes them;
 * for notes (markdown 1), headings are written "# text", the lines of a
 * paragraph are joined by spaces (table rows by line breaks), and a page
 * break joins the paragraph it falls in, or starts one when the page ended
 * a sentence.
 */
void pdf_text(const struct pdf_page *pages, size_t n, int markdown, struct govrec_buf *out);

/* The limits of one PDF: a hostile file is refused when it reaches one. */
struct govrec_pdf_limits {
	int max_pages;       /* pages in the document */
	size_t max_text;     /* bytes of extracted text */
	double max_cpu_secs; /* processor time spent on the pages */
};

#define GOVREC_PDF_MAX_PAGES 2000
#define GOVREC_PDF_MAX_TEXT  (64u << 20)
#define GOVREC_PDF_MAX_CPU   30.0

/* govrec_read_pdf() with given limits (the tests use small ones). */
enum govrec_status govrec_pdf_read_limited(const unsigned char *data, size_t len, const char *name,
                                           const struct govrec_pdf_limits *lim,
                                           struct govrec_document_draft *d,
                                           struct govrec_error *err);

#endif
