/*
 * readers.h - format readers: bytes in, a document draft out.
 *
 * The formats layer (import/): readers never touch the archive (they link
 * no SQLite); services/ingest.c stores what they make through records/.
 */
#ifndef GOVREC_READERS_H
#define GOVREC_READERS_H

#include <stddef.h>
#include <stdint.h>

#include "govrec/buf.h"
#include "govrec/draft.h"
#include "govrec/error.h"

/*
 * A reader: one file in import/ and one row in the reader table
 * (govrec_readers, import/readers.c).  detect() scores how sure it is that the
 * bytes are its format (0 no, 100 certain), looking at content first and at
 * the file name second; the driver picks the highest score.  read() fills the
 * draft (kind when it has a natural one, title, date when the file says,
 * media_type, passages) and leaves file_name, meeting, bytes and importer to
 * the driver.  Messages name the line ("line 12: timestamp '00:01' has no
 * milliseconds"); the driver puts the file name in front.
 */
struct govrec_reader {
	const char *name;       /* recorded as the document's importer: "webvtt" */
	const char *media_type; /* the default media type */
	int (*detect)(const unsigned char *data, size_t len, const char *name);
	enum govrec_status (*read)(const unsigned char *data, size_t len, const char *name,
				   struct govrec_document_draft *d, struct govrec_error *err);
};

/* The reader table, ending in a row whose name is NULL. */
extern const struct govrec_reader govrec_readers[];

/*
 * A reader of files that hold many documents (an mbox mailing-list archive):
 * each() calls fn once per document, in file order, with either a draft
 * (perr NULL) or, for a document that could not be read, the reason (d
 * NULL).  The reader sets the draft's bytes to that document's own bytes
 * (borrowed from data) and its importer; index counts documents from 1.  fn
 * returning nonzero stops the walk with GOVREC_OK.  The table
 * govrec_multi_readers (import/readers.c) ends in a row whose name is NULL;
 * the driver tries it before the single-document readers.
 */
struct govrec_multi_reader {
	const char *name;
	int (*detect)(const unsigned char *data, size_t len, const char *name);
	enum govrec_status (*each)(const unsigned char *data, size_t len, const char *name,
				   int (*fn)(struct govrec_document_draft *d, size_t index,
					     const struct govrec_error *perr, void *ctx),
				   void *ctx, struct govrec_error *err);
};

extern const struct govrec_multi_reader govrec_multi_readers[];

/*
 * Office documents (import/docx.c, import/odt.c): paragraphs, headings (as
 * heading paths), lists and table rows (cells joined with " | ") become
 * passages; tracked deletions, notes and comments are left out; title and
 * date come from the document properties.  Kind "notes" by default.
 */
int govrec_docx_detect(const unsigned char *data, size_t len, const char *name);
enum govrec_status govrec_docx_read(const unsigned char *data, size_t len, const char *name,
				    struct govrec_document_draft *d, struct govrec_error *err);
int govrec_odt_detect(const unsigned char *data, size_t len, const char *name);
enum govrec_status govrec_odt_read(const unsigned char *data, size_t len, const char *name,
				   struct govrec_document_draft *d, struct govrec_error *err);

/* Their rows, for the reader table (a table of structs needs constant initializers). */
#define GOVREC_READER_DOCX                                                                 \
	{ "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", \
	  govrec_docx_detect, govrec_docx_read }
#define GOVREC_READER_ODT                                                                  \
	{ "odt", "application/vnd.oasis.opendocument.text", govrec_odt_detect, govrec_odt_read }

extern const struct govrec_reader govrec_reader_docx;
extern const struct govrec_reader govrec_reader_odt;

/*
 * The most passages one document may have: more refuses the file ("has more
 * than 200000 passages, the limit of one document").  A real transcript of a
 * day-long meeting has a few thousand; a file that makes a passage of every
 * few bytes is an attack on memory and on the search index, not a record.
 */
#define GOVREC_MAX_PASSAGES 200000

/* Version of the readers, recorded with every document they made. */
#define GOVREC_READER_VERSION "1"

/*
 * Plain text and Markdown notes: paragraphs (separated by blank lines) become
 * passages; Markdown ATX headings ("# Scope") become the heading path of the
 * paragraphs under them; the first heading gives the title when d has none.
 * Sets kind to "notes" when d has none and media type text/plain or
 * text/markdown (by name).  Refuses text that is not UTF-8.
 */
enum govrec_status govrec_read_text(const void *data, size_t len, const char *name,
				    struct govrec_document_draft *d, struct govrec_error *err);

/*
 * mbox mailing-list archives: every message is a document of kind email with
 * its From, Date, Subject, Message-ID and In-Reply-To in meta, its date set,
 * the sender's name as the speaker of one passage holding the text/plain
 * parts of the body (quoted-printable and base64 decoded, the declared
 * charset converted to UTF-8; text/html when there is no text/plain).
 */
enum govrec_status govrec_read_mbox(const unsigned char *data, size_t len, const char *name,
				    int (*fn)(struct govrec_document_draft *d, size_t index,
					      const struct govrec_error *perr, void *ctx),
				    void *ctx, struct govrec_error *err);

/*
 * Readies libxml2 for govrec, once per process, before any other use of it:
 * its parser, and global error handlers that print nothing.  libxml2 prints
 * errors it cannot hand to a parser context (an allocation that fails
 * outside one: "Memory allocation failed") on standard error by itself;
 * govrec prints nothing it did not write, and callers read what went wrong
 * from their context or xmlGetLastError().  libxml2 keeps these handlers
 * per thread; govrec calls it from the main thread only.
 */
void govrec_xml_init(void);

#endif
