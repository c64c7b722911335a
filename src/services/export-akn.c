/*
 * export-akn.c - documents and meetings as Akoma Ntoso 3.0 (OASIS
 * LegalDocML), the human-readable part of a bundle: a transcript, captions
 * or a chat as a debate of speeches, any other document as a doc of
 * paragraphs (under its headings), a meeting as a debate of its agenda, roll
 * call and documents.  The FRBR identification names the committee; every
 * passage carries its row as g: attributes and each file's proprietary block
 * the record's rows (export-xml.c), so that restore reads the records back
 * from the same file a person reads.  Named after the vocabulary it writes,
 * like the other parts of export.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "export-int.h"
#include "govrec/audit.h"
#include "govrec/util.h"

static void akn_open(struct exp *x, struct govrec_buf *b, const char *type, const char *name,
		     const char *work, const char *date, const char *date_name)
{
	const char *shortname = x->slug;

	govrec_buf_addf(b,
			"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			"<akomaNtoso xmlns=\"%s\" xmlns:%s=\"%s\">\n"
			"<%s name=\"%s\">\n<meta>\n<identification source=\"#govrec\">\n",
			GOVREC_NS_AKN, GOVREC_NS_PREFIX, GOVREC_NS_RECORDS, type, name);
	govrec_buf_addf(b,
			"<FRBRWork><FRBRthis value=\"/akn/int/%s/%s/%s/%s/main\"/>"
			"<FRBRuri value=\"/akn/int/%s/%s/%s/%s\"/>"
			"<FRBRdate date=\"%s\" name=\"%s\"/><FRBRauthor href=\"#committee\"/>"
			"<FRBRcountry value=\"int\"/></FRBRWork>\n",
			type, date, shortname, work, type, date, shortname, work, date, date_name);
	govrec_buf_addf(b,
			"<FRBRExpression><FRBRthis value=\"/akn/int/%s/%s/%s/%s/eng@/main\"/>"
			"<FRBRuri value=\"/akn/int/%s/%s/%s/%s/eng@\"/>"
			"<FRBRdate date=\"%s\" name=\"%s\"/><FRBRauthor href=\"#committee\"/>"
			"<FRBRlanguage language=\"eng\"/></FRBRExpression>\n",
			type, date, shortname, work, type, date, shortname, work, date, date_name);
	govrec_buf_addf(
	    b,
	    "<FRBRManifestation><FRBRthis value=\"/akn/int/%s/%s/%s/%s/eng@/main.xml\"/>"
	    "<FRBRuri value=\"/akn/int/%s/%s/%s/%s/eng@.akn\"/>"
	    "<FRBRdate date=\"%s\" name=\"%s\"/><FRBRauthor href=\"#govrec\"/>"
	    "</FRBRManifestation>\n</identification>\n<references source=\"#govrec\">\n"
	    "<TLCOrganization eId=\"committee\" href=\"/ontology/organization/%s\"",
	    type, date, shortname, work, type, date, shortname, work, date, date_name, shortname);
	exp_xml_attr(b, "", "showAs", x->committee.name);
	govrec_buf_adds(b,
			"/>\n<TLCOrganization eId=\"govrec\" href=\"/ontology/organization/govrec\""
			" showAs=\"govrec\"/>\n");
}

/* The eId of a speaker label that no person was found for. */
static void speaker_eid(const char *label, char out[32])
{
	char hex[65];

	govrec_sha256_hex(label, strlen(label), hex);
	snprintf(out, 32, "speaker_%.16s", hex);
}

/*
 * The eIds of one document's unresolved speakers, worked out once per
 * document instead of once per passage (a SHA-256 each): "label\0eid\0"
 * records in text, their offsets (size_t) in at, in the order akn_speakers
 * read the labels, which is SQLite's BINARY order, strcmp's.
 */
struct speaker_eids {
	struct govrec_buf text;
	struct govrec_buf at;
};

static void speaker_eids_add(struct speaker_eids *m, const char *label, const char *eid)
{
	size_t at = m->text.len;

	govrec_buf_add(&m->at, &at, sizeof(at));
	govrec_buf_add(&m->text, label, strlen(label) + 1);
	govrec_buf_add(&m->text, eid, strlen(eid) + 1);
}

/* The eId of label: found in m by binary search, else worked out. */
static void speaker_eid_of(const struct speaker_eids *m, const char *label, char out[32])
{
	size_t lo = 0, hi = m->at.len / sizeof(size_t);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2, at;
		const char *l;
		int c;

		memcpy(&at, m->at.data + mid * sizeof(at), sizeof(at));
		l = m->text.data + at;
		c = strcmp(label, l);
		if (c == 0) {
			snprintf(out, 32, "%s", l + strlen(l) + 1);
			return;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	speaker_eid(label, out);
}

/*
 * TLCPerson entries for the people and unresolved speakers of a document;
 * the speakers' eIds also go into eids.
 */
static enum govrec_status akn_speakers(struct exp *x, struct govrec_buf *b, int64_t doc,
				       struct speaker_eids *eids, struct govrec_error *err)
{
	sqlite3_stmt *s;
	char eid[32];
	enum govrec_status rc;
	int row;

	rc = govrec_sql_query(x->st, err, &s,
			      "SELECT DISTINCT p.id, p.name FROM passage x "
			      "JOIN person p ON p.id = x.person_id WHERE x.document_id = ?1 "
			      "ORDER BY p.id",
			      "i", doc);
	if (rc != GOVREC_OK)
		return rc;
	while ((rc = govrec_sql_next(x->st, s, &row, err)) == GOVREC_OK && row) {
		govrec_buf_addf(b, "<TLCPerson eId=\"person_%lld\" href=\"/ontology/person/%lld\"",
				(long long)sqlite3_column_int64(s, 0),
				(long long)sqlite3_column_int64(s, 0));
		exp_xml_attr(b, "", "showAs", govrec_col_text(s, 1));
		govrec_buf_adds(b, "/>\n");
	}
	if (rc != GOVREC_OK)
		return rc;
	rc = govrec_sql_query(x->st, err, &s,
			      "SELECT DISTINCT speaker FROM passage WHERE document_id = ?1 "
			      "AND person_id IS NULL AND speaker IS NOT NULL ORDER BY speaker",
			      "i", doc);
	if (rc != GOVREC_OK)
		return rc;
	while ((rc = govrec_sql_next(x->st, s, &row, err)) == GOVREC_OK && row) {
		speaker_eid(govrec_col_text(s, 0), eid);
		speaker_eids_add(eids, govrec_col_text(s, 0), eid);
		govrec_buf_addf(b, "<TLCPerson eId=\"%s\" href=\"/ontology/person/speaker/%s\"",
				eid, eid + 8);
		exp_xml_attr(b, "", "showAs", govrec_col_text(s, 0));
		govrec_buf_adds(b, "/>\n");
	}
	return rc;
}

/* The transcript kinds, written as debates; the others are docs. */
static int is_debate(const char *kind)
{
	static const char *const debates[] = { "transcript", "captions", "chat", NULL };
	const char *const *k;

	for (k = debates; *k; k++)
		if (strcmp(*k, kind) == 0)
			return 1;
	return 0;
}

/* base + ms as an xsd:dateTime. */
static void add_time(struct govrec_buf *b, const char *attr, time_t base, int64_t ms)
{
	time_t t = base + (time_t)(ms / 1000);
	struct tm tm;
	char s[32];

	gmtime_r(&t, &tm);
	strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%S", &tm);
	if (ms % 1000)
		govrec_buf_addf(b, " %s=\"%s.%03dZ\"", attr, s, (int)(ms % 1000));
	else
		govrec_buf_addf(b, " %s=\"%sZ\"", attr, s);
}

/* The passages of document doc as the body of a debate or a doc. */
static enum govrec_status akn_passages(struct exp *x, struct govrec_buf *b, int64_t doc,
				       int debate, time_t base, const struct speaker_eids *eids,
				       struct govrec_error *err)
{
	const char *pre = GOVREC_NS_PREFIX ":";
	struct govrec_buf heading = GOVREC_BUF_INIT;
	enum govrec_status rc;
	sqlite3_stmt *s;
	int row, open = 0, n, count = 0;

	rc = govrec_sql_query(x->st, err, &s, BUNDLE_PASSAGE_SQL, "i", doc);
	if (rc != GOVREC_OK)
		return rc;
	while ((rc = govrec_sql_next(x->st, s, &row, err)) == GOVREC_OK && row) {
		const char *speaker = (const char *)sqlite3_column_text(s, 2);
		const char *head = (const char *)sqlite3_column_text(s, 6);

		if ((rc = exp_gen_flush(x, b, err)) != GOVREC_OK) {
			sqlite3_reset(s);
			govrec_buf_release(&heading);
			return rc;
		}
		count++;
		n = sqlite3_column_count(s) - 1; /* the body is the text, not an attribute */
		if (debate && speaker) {
			char eid[32];

			if (sqlite3_column_type(s, 3) != SQLITE_NULL)
				snprintf(eid, sizeof(eid), "person_%lld",
					 (long long)sqlite3_column_int64(s, 3));
			else
				speaker_eid_of(eids, speaker, eid);
			govrec_buf_addf(b, "<speech by=\"#%s\"", eid);
			if (base != (time_t)-1 && sqlite3_column_type(s, 4) != SQLITE_NULL)
				add_time(b, "startTime", base, sqlite3_column_int64(s, 4));
			if (base != (time_t)-1 && sqlite3_column_type(s, 5) != SQLITE_NULL)
				add_time(b, "endTime", base, sqlite3_column_int64(s, 5));
			govrec_buf_adds(b, "><from>");
			exp_xml_add(b, speaker, 0);
			govrec_buf_adds(b, "</from><p");
			exp_row_attrs(b, s, pre, n);
			govrec_buf_adds(b, ">");
			exp_xml_add(b, govrec_col_text(s, 7), 0);
			govrec_buf_adds(b, "</p></speech>\n");
			continue;
		}
		if (debate) {
			govrec_buf_adds(b, "<narrative");
			exp_row_attrs(b, s, pre, n);
			govrec_buf_adds(b, ">");
			exp_xml_add(b, govrec_col_text(s, 7), 0);
			govrec_buf_adds(b, "</narrative>\n");
			continue;
		}
		/* Notes: runs of passages under one heading form a section. */
		if (open && (!head || strcmp(head, heading.data) != 0)) {
			govrec_buf_adds(b, "</content></hcontainer>\n");
			open = 0;
		}
		if (head && !open) {
			govrec_buf_reset(&heading);
			govrec_buf_adds(&heading, head);
			govrec_buf_adds(b, "<hcontainer name=\"section\"><heading>");
			exp_xml_add(b, head, 0);
			govrec_buf_adds(b, "</heading><content>\n");
			open = 1;
		}
		govrec_buf_adds(b, "<p");
		exp_row_attrs(b, s, pre, n);
		govrec_buf_adds(b, ">");
		exp_xml_add(b, govrec_col_text(s, 7), 0);
		govrec_buf_adds(b, "</p>\n");
	}
	if (open)
		govrec_buf_adds(b, "</content></hcontainer>\n");
	/* A doc's body cannot be empty: a document without passages gets an empty paragraph. */
	if (!debate && !count)
		govrec_buf_adds(b, "<p/>\n");
	govrec_buf_release(&heading);
	return rc;
}

/* When a meeting started, for speech times: (time_t)-1 when not known. */
static time_t meeting_start(const char *date, const char *hhmm)
{
	struct tm tm;

	if (!govrec_date_valid(date) || !govrec_time_valid(hhmm))
		return (time_t)-1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = atoi(date) - 1900;
	tm.tm_mon = atoi(date + 5) - 1;
	tm.tm_mday = atoi(date + 8);
	tm.tm_hour = atoi(hhmm);
	tm.tm_min = atoi(hhmm + 3);
	return timegm(&tm);
}

enum govrec_status exp_document_file(struct exp *x, int64_t id, struct govrec_error *err)
{
	sqlite3_stmt *s;
	struct govrec_buf b = GOVREC_BUF_INIT;
	struct speaker_eids eids = { GOVREC_BUF_INIT, GOVREC_BUF_INIT };
	char work[48], rel[64], kind[32], key[24];
	time_t base = (time_t)-1;
	enum govrec_status rc;
	int debate, row;

	rc = govrec_sql_query(x->st, err, &s,
			      "SELECT d.kind, d.title, coalesce(d.date, m.date, "
			      "substr(d.imported_at, 1, 10)), m.date, m.time, m.number "
			      "FROM document d LEFT JOIN meeting m ON m.id = d.meeting_id "
			      "WHERE d.id = ?1",
			      "i", id);
	if (rc == GOVREC_OK)
		rc = govrec_sql_next(x->st, s, &row, err);
	if (rc != GOVREC_OK)
		return rc;
	if (!row)
		return govrec_error_set(err, GOVREC_ERROR, "document %lld vanished", (long long)id);
	snprintf(kind, sizeof(kind), "%s", govrec_col_text(s, 0));
	debate = is_debate(kind);
	snprintf(work, sizeof(work), "document-%lld", (long long)id);
	if (sqlite3_column_type(s, 4) != SQLITE_NULL)
		base = meeting_start(govrec_col_text(s, 3), govrec_col_text(s, 4));
	akn_open(x, &b, debate ? "debate" : "doc", kind, work, govrec_col_text(s, 2),
		 debate ? "meeting" : "document");
	{
		struct govrec_buf title = GOVREC_BUF_INIT;

		govrec_buf_adds(&title, govrec_col_text(s, 1));
		/* The meeting, by its FRBR work URI: the debate of meetings/. */
		if (sqlite3_column_type(s, 5) != SQLITE_NULL)
			govrec_buf_addf(&b,
					"<TLCEvent eId=\"meeting\" href=\"/akn/int/debate/%s/%s/"
					"meeting-%lld\" showAs=\"Meeting %lld\"/>\n",
					govrec_col_text(s, 3), x->slug,
					(long long)sqlite3_column_int64(s, 5),
					(long long)sqlite3_column_int64(s, 5));
		sqlite3_reset(s);
		rc = akn_speakers(x, &b, id, &eids, err);
		govrec_buf_adds(&b, "</references>\n<proprietary source=\"#govrec\">\n");
		snprintf(key, sizeof(key), "%lld", (long long)id);
		if (rc == GOVREC_OK)
			rc = exp_write_rows(x, &b, bundle_table_find("document"), key,
					    GOVREC_NS_PREFIX ":", err);
		govrec_buf_adds(&b, "</proprietary>\n</meta>\n");
		if (debate) {
			govrec_buf_addf(&b, "<debateBody>\n<debateSection name=\"%s\" "
					    "eId=\"dbsect_1\"><heading>", kind);
			exp_xml_add(&b, title.data, 0);
			govrec_buf_adds(&b, "</heading>\n");
		} else {
			govrec_buf_adds(&b, "<mainBody>\n");
		}
		govrec_buf_release(&title);
	}
	if (rc == GOVREC_OK)
		rc = akn_passages(x, &b, id, debate, base, &eids, err);
	govrec_buf_release(&eids.text);
	govrec_buf_release(&eids.at);
	govrec_buf_addf(&b, "%s</%s>\n</akomaNtoso>\n",
			debate ? "</debateSection>\n</debateBody>\n" : "</mainBody>\n",
			debate ? "debate" : "doc");
	snprintf(rel, sizeof(rel), "data/records/documents/document-%08lld.xml", (long long)id);
	if (rc == GOVREC_OK)
		rc = exp_payload_put(x, rel, &b, err);
	govrec_buf_release(&b);
	return rc;
}

/* The human-readable part of a meeting's debate: agenda, attendance, documents. */
static enum govrec_status meeting_body(struct exp *x, struct govrec_buf *b, int64_t id,
				       struct govrec_error *err)
{
	sqlite3_stmt *s;
	enum govrec_status rc;
	int row, n = 0;

	rc = govrec_sql_query(
	    x->st, err, &s, "SELECT seq, text FROM agenda_item WHERE meeting_id = ?1 ORDER BY seq",
	    "i", id);
	if (rc != GOVREC_OK)
		return rc;
	while ((rc = govrec_sql_next(x->st, s, &row, err)) == GOVREC_OK && row) {
		if (n++ == 0)
			govrec_buf_adds(
			    b, "<debateSection name=\"agenda\" eId=\"agenda\">"
			       "<heading>Agenda</heading>\n<blockList eId=\"agenda__list\">\n");
		govrec_buf_addf(b, "<item eId=\"agenda__list__item_%lld\"><p>",
				(long long)sqlite3_column_int64(s, 0));
		exp_xml_add(b, govrec_col_text(s, 1), 0);
		govrec_buf_adds(b, "</p></item>\n");
	}
	if (rc != GOVREC_OK)
		return rc;
	if (n)
		govrec_buf_adds(b, "</blockList>\n</debateSection>\n");
	rc = govrec_sql_query(x->st, err, &s,
			      "SELECT p.id, p.name, a.status FROM attendance a JOIN person p "
			      "ON p.id = a.person_id WHERE a.meeting_id = ?1 ORDER BY p.name, p.id",
			      "i", id);
	if (rc != GOVREC_OK)
		return rc;
	n = 0;
	while ((rc = govrec_sql_next(x->st, s, &row, err)) == GOVREC_OK && row) {
		if (n++ == 0)
			govrec_buf_adds(
			    b, "<rollCall eId=\"attendance\"><heading>Attendance</heading>\n");
		govrec_buf_addf(b, "<p><person refersTo=\"#person_%lld\">",
				(long long)sqlite3_column_int64(s, 0));
		exp_xml_add(b, govrec_col_text(s, 1), 0);
		govrec_buf_addf(b, "</person>: %s</p>\n", govrec_col_text(s, 2));
	}
	if (rc != GOVREC_OK)
		return rc;
	if (n)
		govrec_buf_adds(b, "</rollCall>\n");
	rc = govrec_sql_query(x->st, err, &s,
			      "SELECT id, kind, title FROM document WHERE meeting_id = ?1 "
			      "AND id IN (SELECT id FROM temp.sel_document) ORDER BY id",
			      "i", id);
	if (rc != GOVREC_OK)
		return rc;
	n = 0;
	while ((rc = govrec_sql_next(x->st, s, &row, err)) == GOVREC_OK && row) {
		if (n++ == 0)
			govrec_buf_adds(b, "<debateSection name=\"documents\" eId=\"documents\">"
					   "<heading>Documents</heading>\n");
		govrec_buf_addf(b, "<p><ref href=\"../documents/document-%08lld.xml\">%s: ",
				(long long)sqlite3_column_int64(s, 0), govrec_col_text(s, 1));
		exp_xml_add(b, govrec_col_text(s, 2), 0);
		govrec_buf_adds(b, "</ref></p>\n");
	}
	if (rc != GOVREC_OK)
		return rc;
	if (n)
		govrec_buf_adds(b, "</debateSection>\n");
	return GOVREC_OK;
}

/* TLCPerson entries for the people on a meeting's roll. */
static enum govrec_status meeting_people(struct exp *x, struct govrec_buf *b, int64_t id,
					 struct govrec_error *err)
{
	sqlite3_stmt *s;
	enum govrec_status rc;
	int row;

	rc = govrec_sql_query(x->st, err, &s,
			      "SELECT p.id, p.name FROM attendance a JOIN person p "
			      "ON p.id = a.person_id WHERE a.meeting_id = ?1 ORDER BY p.id",
			      "i", id);
	if (rc != GOVREC_OK)
		return rc;
	while ((rc = govrec_sql_next(x->st, s, &row, err)) == GOVREC_OK && row) {
		govrec_buf_addf(b, "<TLCPerson eId=\"person_%lld\" href=\"/ontology/person/%lld\"",
				(long long)sqlite3_column_int64(s, 0),
				(long long)sqlite3_column_int64(s, 0));
		exp_xml_attr(b, "", "showAs", govrec_col_text(s, 1));
		govrec_buf_adds(b, "/>\n");
	}
	return rc;
}

enum govrec_status exp_meeting_file(struct exp *x, int64_t id, struct govrec_error *err)
{
	sqlite3_stmt *s;
	struct govrec_buf b = GOVREC_BUF_INIT;
	char work[32], rel[64], key[24];
	int64_t number;
	enum govrec_status rc;
	int row;

	rc = govrec_sql_query(x->st, err, &s,
			      "SELECT number, date, time, kind, title FROM meeting WHERE id = ?1",
			      "i", id);
	if (rc == GOVREC_OK)
		rc = govrec_sql_next(x->st, s, &row, err);
	if (rc != GOVREC_OK)
		return rc;
	if (!row)
		return govrec_error_set(err, GOVREC_ERROR, "meeting %lld vanished", (long long)id);
	number = sqlite3_column_int64(s, 0);
	snprintf(work, sizeof(work), "meeting-%lld", (long long)number);
	akn_open(x, &b, "debate", "meeting", work, govrec_col_text(s, 1), "meeting");
	sqlite3_reset(s);
	rc = meeting_people(x, &b, id, err);
	if (rc != GOVREC_OK) {
		govrec_buf_release(&b);
		return rc;
	}
	govrec_buf_adds(&b, "</references>\n<proprietary source=\"#govrec\">\n");
	/* The same row again: the reset kept the statement's binding. */
	rc = govrec_sql_next(x->st, s, &row, err);
	if (rc == GOVREC_OK && !row)
		rc = govrec_error_set(err, GOVREC_ERROR, "meeting %lld vanished", (long long)id);
	if (rc != GOVREC_OK) {
		govrec_buf_release(&b);
		return rc;
	}
	{
		struct govrec_buf head = GOVREC_BUF_INIT;

		govrec_buf_addf(&head,
				"<debateBody>\n<debateSection name=\"meeting\" eId=\"meeting\">"
				"<heading>Meeting %lld",
				(long long)number);
		if (sqlite3_column_type(s, 4) != SQLITE_NULL) {
			govrec_buf_adds(&head, ": ");
			exp_xml_add(&head, govrec_col_text(s, 4), 0);
		}
		govrec_buf_addf(&head, "</heading>\n<p>%s meeting on %s", govrec_col_text(s, 3),
				govrec_col_text(s, 1));
		if (sqlite3_column_type(s, 2) != SQLITE_NULL) {
			govrec_buf_adds(&head, " at ");
			exp_xml_add(&head, govrec_col_text(s, 2), 0);
			govrec_buf_adds(&head, " UTC");
		}
		govrec_buf_adds(&head, "</p>\n</debateSection>\n");
		sqlite3_reset(s);
		snprintf(key, sizeof(key), "%lld", (long long)id);
		rc = exp_write_rows(x, &b, bundle_table_find("meeting"), key, GOVREC_NS_PREFIX ":",
				    err);
		govrec_buf_adds(&b, "</proprietary>\n</meta>\n");
		govrec_buf_add(&b, head.data, head.len);
		govrec_buf_release(&head);
	}
	if (rc == GOVREC_OK)
		rc = meeting_body(x, &b, id, err);
	govrec_buf_adds(&b, "</debateBody>\n</debate>\n</akomaNtoso>\n");
	snprintf(rel, sizeof(rel), "data/records/meetings/meeting-%06lld.xml", (long long)number);
	if (rc == GOVREC_OK)
		rc = exp_payload_put(x, rel, &b, err);
	govrec_buf_release(&b);
	return rc;
}
