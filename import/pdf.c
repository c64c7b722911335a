/*
 * pdf.c - the PDF reader: poppler-glib opens the document from memory, and
 * each page's text is taken in reading order with the place and font size
 * of every character; pdf-text.c makes that into text, which then goes
 * through the same detection as a .txt file: an ICANN transcript becomes
 * speaker turns, anything else notes with the headings the layout shows (a
 * report, when its title says so).  Title and date come from the text, else
 * from the document's information dictionary.
 *
 * A PDF is a program of sorts: encrypted files, files poppler cannot open,
 * files with no text (scans) and files past the limits (pages, text,
 * processor time, pdf-int.h) are refused with a message, and poppler's own
 * messages are silenced (they go through GLib's log, domain "Poppler").
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <poppler.h>

#include "govrec/buf.h"
#include "govrec/draft.h"
#include "govrec/util.h"
#include "pdf-int.h"
#include "readers-int.h"
#include "readutil.h"

#define MEDIA_TYPE "application/pdf"

int govrec_detect_pdf(const unsigned char *data, size_t len, const char *name)
{
	size_t scan = len < 1024 ? len : 1024;

	if (len >= 5 && memcmp(data, "%PDF-", 5) == 0)
		return 95;
	/* the specification lets a file start with other bytes before the header */
	return mem_find((const char *)data, scan, "%PDF-") ? 90 : 0;
}

static void quiet(const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer data)
{
	(void)domain, (void)level, (void)msg, (void)data;
}

/* poppler's messages ("Syntax Error at position 12: ...") go to GLib's log: to nothing. */
static void quiet_poppler(void)
{
	static int done;

	if (!done) {
		g_log_set_handler("Poppler",
		                  G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION, quiet,
		                  NULL);
		done = 1;
	}
}

static double cpu_seconds(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) != 0)
		return 0;
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The bytes of the UTF-8 character at s (1 for a byte that does not start one). */
static size_t char_len(const unsigned char *s, size_t n)
{
	size_t k = *s < 0x80 ? 1 : *s >= 0xf0 ? 4 : *s >= 0xe0 ? 3 : *s >= 0xc0 ? 2 : 1, i;

	if (k > n)
		return 1;
	for (i = 1; i < k; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 1;
	return k;
}

/* One line being measured. */
struct meas {
	struct govrec_buf text;
	double top, bottom, x1, x2, sizes;
	size_t chars;
	int wide;
};

static void meas_start(struct meas *m)
{
	govrec_buf_reset(&m->text);
	m->top = 1e9, m->bottom = -1e9, m->sizes = 0, m->chars = 0, m->wide = 0;
}

static void meas_end(struct meas *m, struct pdf_page *p)
{
	struct govrec_buf b = GOVREC_BUF_INIT;
	size_t i;

	govrec_buf_trim(&m->text);
	if (!m->text.len || !m->chars)
		return;
	/* three cells or more on one line: a table row, cells joined as " | " */
	for (i = 0; i < m->text.len; i++)
		if (m->text.data[i] == '\t')
			govrec_buf_adds(&b, m->wide >= 2 ? " | " : " ");
		else
			govrec_buf_addch(&b, m->text.data[i]);
	pdf_page_add(p, b.data, b.len, m->top, m->bottom, m->sizes / (double)m->chars,
	             m->wide >= 2 ? m->wide + 1 : 1);
	govrec_buf_release(&b);
}

/*
 * Adds character k (n bytes at s, laid out in r, set in size) to the line:
 * poppler's text has no space where two blocks meet on one line (a speaker
 * label and its turn, table cells), so a gap in the layout becomes one.
 */
static void meas_add(struct meas *m, const char *s, size_t n, const PopplerRectangle *r,
                     double size)
{
	double h = r->y2 - r->y1;
	int space = s[0] == ' ';

	if (m->text.len && !space && m->text.data[m->text.len - 1] != ' ') {
		double gap = r->x1 - m->x2;

		if (gap > 2 * h) {
			govrec_buf_addch(&m->text, '\t');
			m->wide++;
		} else if (gap > 0.25 * h || r->x1 < m->x1 - h) {
			govrec_buf_addch(&m->text, ' ');
		}
	}
	govrec_buf_add(&m->text, s, n);
	if (space)
		return;
	m->x1 = r->x1;
	m->x2 = r->x2;
	if (r->y1 < m->top)
		m->top = r->y1;
	if (r->y2 > m->bottom)
		m->bottom = r->y2;
	m->sizes += size;
	m->chars++;
}

/* The lines of one page into p; *bytes counts the text taken. */
static void read_page(PopplerPage *pg, struct pdf_page *p, size_t *bytes)
{
	char *text = poppler_page_get_text(pg);
	PopplerRectangle *r = NULL;
	guint nr = 0, k = 0;
	GList *attrs, *a;
	struct meas m;
	size_t i = 0, len;

	if (!text)
		return;
	len = strlen(text);
	*bytes += len;
	if (!poppler_page_get_text_layout(pg, &r, &nr))
		nr = 0;
	attrs = poppler_page_get_text_attributes(pg);
	a = attrs;
	memset(&m, 0, sizeof(m));
	govrec_buf_init(&m.text);
	meas_start(&m);
	for (; i < len && k < nr; k++) {
		size_t n = char_len((const unsigned char *)text + i, len - i);
		double size = 0;

		while (a && ((PopplerTextAttributes *)a->data)->end_index < (int)k)
			a = a->next;
		if (a && ((PopplerTextAttributes *)a->data)->start_index <= (int)k)
			size = ((PopplerTextAttributes *)a->data)->font_size;
		if (text[i] == '\n') {
			meas_end(&m, p);
			meas_start(&m);
		} else if ((unsigned char)text[i] >= 0x20 || text[i] == '\t') {
			meas_add(&m, text + i, n, &r[k], size);
		}
		i += n;
	}
	meas_end(&m, p);
	govrec_buf_release(&m.text);
	poppler_page_free_text_attributes(attrs);
	g_free(r);
	g_free(text);
}

/* 1 when the page shows an image: a page without text that does is a scan. */
static int has_image(PopplerPage *pg)
{
	GList *images = poppler_page_get_image_mapping(pg);
	int yes = images != NULL;

	poppler_page_free_image_mapping(images);
	return yes;
}

static enum govrec_status open_doc(const unsigned char *data, size_t len, PopplerDocument **doc,
                                   struct govrec_error *err)
{
	GBytes *bytes = g_bytes_new_static(data, len);
	GError *ge = NULL;
	enum govrec_status rc = GOVREC_OK;

	quiet_poppler();
	*doc = poppler_document_new_from_bytes(bytes, NULL, &ge);
	g_bytes_unref(bytes);
	if (!*doc) {
		if (ge && ge->domain == POPPLER_ERROR && ge->code == POPPLER_ERROR_ENCRYPTED)
			rc =
			    govrec_error_set(err, GOVREC_INVALID,
			                     "is an encrypted PDF: it needs a password to be read");
		else
			rc = govrec_error_set(err, GOVREC_INVALID,
			                      "is a damaged PDF: poppler cannot open it");
	}
	if (ge)
		g_error_free(ge);
	return rc;
}

/* Every page's lines into *pages (n of them), within the limits. */
static enum govrec_status read_pages(PopplerDocument *doc, const struct govrec_pdf_limits *lim,
                                     struct govrec_document_draft *d, struct pdf_page **pages,
                                     size_t *n, struct govrec_error *err)
{
	int count = poppler_document_get_n_pages(doc), i;
	double start = cpu_seconds();
	size_t bytes = 0, text = 0, k;

	if (count > lim->max_pages)
		return govrec_error_set(err, GOVREC_INVALID,
		                        "has %d pages, more than the limit of %d", count,
		                        lim->max_pages);
	*pages = calloc(count > 0 ? (size_t)count : 1, sizeof(**pages));
	if (!*pages)
		return govrec_error_oom(err);
	for (i = 0; i < count; i++) {
		PopplerPage *pg = poppler_document_get_page(doc, i);
		struct pdf_page *p = &(*pages)[i];

		*n = (size_t)i + 1;
		govrec_buf_init(&p->text);
		if (!pg)
			continue;
		read_page(pg, p, &bytes);
		if (!p->nlines && has_image(pg))
			govrec_draft_warn(d, "page %d: has no text layer (an image?): left out",
			                  i + 1);
		g_object_unref(pg);
		for (k = 0; k < p->nlines; k++)
			text += p->lines[k].len;
		if (bytes > lim->max_text)
			return govrec_error_set(
			    err, GOVREC_INVALID,
			    "has more than %zu bytes of text, the limit of one document",
			    lim->max_text);
		if (cpu_seconds() - start > lim->max_cpu_secs)
			return govrec_error_set(
			    err, GOVREC_INVALID,
			    "took more than %g seconds of processor time by page %d of %d: "
			    "reading stopped (a hostile or broken PDF?)",
			    lim->max_cpu_secs, i + 1, count);
	}
	if (!text)
		return govrec_error_set(err, GOVREC_INVALID,
		                        "has no text layer (a scanned document?); run OCR first");
	return GOVREC_OK;
}

/*
 * A report's title is its one largest line, at the top of the first page:
 * it becomes the title, and the headings under it the sections.
 */
static void take_title(struct pdf_page *pages, size_t n, struct govrec_document_draft *d)
{
	struct pdf_line *title = NULL;
	size_t i, k, ones = 0;

	for (i = 0; i < n; i++)
		for (k = 0; k < pages[i].nlines; k++)
			if (!pages[i].lines[k].dropped && pages[i].lines[k].level == 1) {
				ones++;
				if (i == 0 && !title)
					title = &pages[i].lines[k];
			}
	if (ones != 1 || !title)
		return;
	{
		struct govrec_buf t = GOVREC_BUF_INIT;

		govrec_buf_add(&t, pages[0].text.data + title->off, title->len);
		govrec_draft_set(&d->title, t.data);
		govrec_buf_release(&t);
	}
	title->dropped = 1;
	for (i = 0; i < n; i++)
		for (k = 0; k < pages[i].nlines; k++)
			if (pages[i].lines[k].level > 1)
				pages[i].lines[k].level--;
}

/* The text reader a .txt file of this text would have, as the driver picks one. */
static const struct govrec_reader *text_reader(const char *text, size_t len, const char *name)
{
	const struct govrec_reader *rd, *best = NULL;
	int score, best_score = 0;

	for (rd = govrec_readers; rd->name; rd++) {
		if (rd->detect == govrec_detect_pdf)
			continue;
		score = rd->detect((const unsigned char *)text, len, name);
		if (score > best_score)
			best_score = score, best = rd;
	}
	return best;
}

/* name with its extension made .txt (or .md): how the text readers know text. */
static void text_name(const char *name, const char *ext, struct govrec_buf *out)
{
	const char *base = govrec_base_name(name ? name : "document.pdf");
	const char *dot = strrchr(base, '.');

	govrec_buf_reset(out);
	govrec_buf_add(out, base, dot ? (size_t)(dot - base) : strlen(base));
	govrec_buf_adds(out, ext);
}

/* Title and date from the information dictionary, where the text gave none. */
static void info(PopplerDocument *doc, struct govrec_document_draft *d)
{
	char *title = poppler_document_get_title(doc);
	time_t created = poppler_document_get_creation_date(doc);
	struct govrec_buf t = GOVREC_BUF_INIT;
	struct tm tm;
	char date[32];

	if (title && !d->title) {
		govrec_buf_adds(&t, title);
		govrec_buf_trim(&t);
		if (t.len)
			govrec_draft_set(&d->title, t.data);
	}
	if (!d->date && created > 0 && gmtime_r(&created, &tm) &&
	    strftime(date, sizeof(date), "%Y-%m-%d", &tm) == 10 && govrec_date_valid(date))
		govrec_draft_set(&d->date, date);
	govrec_buf_release(&t);
	g_free(title);
}

/* 1 when title has the word "report" (any case): a report, not notes. */
static int says_report(const char *title)
{
	const char *p;

	for (p = title; p && *p; p++)
		if (strncasecmp(p, "report", 6) == 0)
			return 1;
	return 0;
}

/* The pages' text through the reader a text file of it would have. */
static enum govrec_status read_text(struct pdf_page *pages, size_t n, const char *name,
                                    struct govrec_document_draft *d, struct govrec_error *err)
{
	struct govrec_buf text = GOVREC_BUF_INIT, tname = GOVREC_BUF_INIT;
	const struct govrec_reader *rd;
	enum govrec_status rc;
	int levels = pdf_find_headings(pages, n);

	pdf_text(pages, n, 0, &text);
	text_name(name, ".txt", &tname);
	rd = text_reader(text.data, text.len, tname.data);
	if (rd && rd->detect != govrec_detect_plain) {
		rc = rd->read((const unsigned char *)text.data, text.len, tname.data, d, err);
	} else {
		/* notes: the layout's headings as Markdown, so they become sections */
		if (levels > 1)
			take_title(pages, n, d);
		govrec_buf_reset(&text);
		pdf_text(pages, n, 1, &text);
		if (levels)
			text_name(name, ".md", &tname);
		if (says_report(d->title) && !d->kind)
			govrec_draft_set(&d->kind, "report");
		rc = govrec_read_text(text.data, text.len, tname.data, d, err);
	}
	govrec_buf_release(&text);
	govrec_buf_release(&tname);
	return rc;
}

enum govrec_status govrec_pdf_read_limited(const unsigned char *data, size_t len, const char *name,
                                           const struct govrec_pdf_limits *lim,
                                           struct govrec_document_draft *d,
                                           struct govrec_error *err)
{
	PopplerDocument *doc;
	struct pdf_page *pages = NULL;
	size_t n = 0;
	enum govrec_status rc;

	rc = open_doc(data, len, &doc, err);
	if (rc != GOVREC_OK)
		return rc;
	rc = read_pages(doc, lim, d, &pages, &n, err);
	if (rc == GOVREC_OK) {
		pdf_drop_furniture(pages, n);
		/* the text readers keep what d already has: the importer is this one */
		if (!d->media_type)
			govrec_draft_set(&d->media_type, MEDIA_TYPE);
		d->importer = "pdf";
		d->importer_version = GOVREC_READER_VERSION;
		rc = read_text(pages, n, name, d, err);
	}
	if (rc == GOVREC_OK) {
		info(doc, d);
		if (!d->kind || (strcmp(d->kind, "notes") == 0 && says_report(d->title)))
			govrec_draft_set(&d->kind, says_report(d->title) ? "report" : "notes");
	}
	pdf_pages_free(pages, n);
	g_object_unref(doc);
	return rc;
}

enum govrec_status govrec_read_pdf(const unsigned char *data, size_t len, const char *name,
                                   struct govrec_document_draft *d, struct govrec_error *err)
{
	static const struct govrec_pdf_limits lim = {GOVREC_PDF_MAX_PAGES, GOVREC_PDF_MAX_TEXT,
	                                             GOVREC_PDF_MAX_CPU};

	return govrec_pdf_read_limited(data, len, name, &lim, d, err);
}
