/*
 * bundle.h - private: what export writes (export-xml.c, export-akn.c) and
 * restore.c reads back.
 *
 * Every govrec record row travels as one XML element in the govrec records
 * namespace, named after its table, with one attribute per column (absent
 * for NULL).  The same table drives both directions: export runs the query
 * and writes the columns it returns; restore accepts exactly those columns
 * and inserts them into the table of the same name.  Passages are the one
 * exception: they are the text of the Akoma Ntoso documents, carried by the
 * elements that hold a g:seq attribute (see export-akn.c).
 */
#ifndef GOVREC_BUNDLE_H
#define GOVREC_BUNDLE_H

#define GOVREC_NS_AKN "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
#define GOVREC_NS_RECORDS "urn:x-govrec:records:1"

/* The prefix of the govrec namespace inside Akoma Ntoso documents. */
#define GOVREC_NS_PREFIX "g"

struct bundle_table {
	const char *table;   /* the table, and the element name */
	const char *columns; /* the columns, in order: the attributes */
	/*
	 * What follows FROM table in export's query.  Child tables (parent
	 * not NULL) are queried with the parent row's first column bound to
	 * ?1; top-level ones with the key the file that holds them gives.
	 */
	const char *where;
	const char *parent;
};

/* Every table a bundle carries as rows; ends with a NULL table. */
extern const struct bundle_table bundle_tables[];

const struct bundle_table *bundle_table_find(const char *table);

/* The passage columns, as attributes of the element that holds the text. */
#define BUNDLE_PASSAGE_SQL                                                                       \
	"SELECT id, seq, speaker, person_id, start_ms, end_ms, heading, body FROM passage "      \
	"WHERE document_id = ?1 ORDER BY seq"

#endif
