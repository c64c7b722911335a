/*
 * check_audit.c - the audit hash chain and `check`: every write is audited,
 * the log refuses changes, and changes made behind govrec's back are found.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "govrec/audit.h"
#include "govrec/document.h"
#include "govrec/readers.h"
#include "govrec/draft.h"
#include "govrec/meeting.h"
#include "govrec/person.h"
#include "testutil.h"
#include "testmain.h"

static struct govrec_store *st;

struct found {
	int n;
	char last[GOVREC_ERROR_MAX];
	char all[4 * GOVREC_ERROR_MAX]; /* every message, one a line, as far as they fit */
};

static void collect(const char *msg, void *ctx)
{
	struct found *f = ctx;
	size_t len = strlen(f->all);

	f->n++;
	strncpy(f->last, msg, sizeof(f->last) - 1);
	snprintf(f->all + len, sizeof(f->all) - len, "%s\n", msg);
}

static int run_check(struct found *f)
{
	struct govrec_error err = GOVREC_ERROR_INIT;

	memset(f, 0, sizeof(*f));
	return govrec_check(st, collect, f, &err);
}

static void tamper(const char *sql)
{
	ck_assert_msg(sqlite3_exec(govrec_store_db(st), sql, NULL, NULL, NULL) == SQLITE_OK, "%s: %s",
		      sql, sqlite3_errmsg(govrec_store_db(st)));
}

static void setup(void)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_meeting_new m = { 34, "2019-10-15", "19:00", "regular", "CSC Meeting 34",
					NULL, 0 };
	struct govrec_document_draft d;
	static const char text[] = "# Notes\n\nThe CSC reviewed the PTI report.\n";
	int64_t id;
	int existed;

	st = test_store_new();
	ck_assert_int_eq(govrec_person_add(st, "Byron Holland", NULL, 0, NULL, &id, &err), GOVREC_OK);
	ck_assert_int_eq(govrec_meeting_add(st, &m, &err), GOVREC_OK);
	govrec_draft_init(&d);
	ck_assert_int_eq(govrec_read_text(text, strlen(text), "n.md", &d, &err), GOVREC_OK);
	d.bytes = text;
	d.size = strlen(text);
	d.meeting = 34;
	ck_assert_int_eq(govrec_document_store(st, &d, &id, &existed, &err), GOVREC_OK);
	govrec_draft_release(&d);
}

static void teardown(void)
{
	test_store_free(st);
}

/* 1 when sql names table as a word ("FROM passage", not "passage_x"). */
static int names_table(const char *sql, const char *table)
{
	size_t n = strlen(table);
	const char *p;

	for (p = strstr(sql, table); p; p = strstr(p + 1, table)) {
		char before = p == sql ? ' ' : p[-1], after = p[n];

		if (!(before == '_' || (before >= 'a' && before <= 'z')) &&
		    !(after == '_' || (after >= 'a' && after <= 'z')))
			return 1;
	}
	return 0;
}

/*
 * Every table of the schema is watched, so that a write to it is audited,
 * and the record kind it belongs to hashes it, so that check sees a change
 * to it: a table added to the schema without both fails here (the bundle
 * side is check_export's test_every_column_travels).
 */
START_TEST(test_every_table_watched)
{
	sqlite3_stmt *t;
	int tables = 0;

	ck_assert_int_eq(govrec_sql_prepare(st,
					    "SELECT name FROM sqlite_master WHERE type = 'table' "
					    "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search%' "
					    "AND name <> 'audit' ORDER BY name",
					    &t, NULL),
			 GOVREC_OK);
	while (sqlite3_step(t) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(t, 0);
		const struct govrec_record_watch *w;
		const struct govrec_record_kind *k = NULL;
		int q, hashed = 0;

		for (w = govrec_record_watches; w->table; w++)
			if (strcmp(w->table, name) == 0)
				break;
		ck_assert_msg(w->table != NULL, "table %s is not watched by the audit", name);
		k = govrec_record_kind_find(w->kind);
		ck_assert_msg(k != NULL, "table %s is watched as an unknown kind %s", name, w->kind);
		for (q = 0; q < GOVREC_KIND_QUERIES && k->content_sql[q]; q++)
			hashed |= names_table(k->content_sql[q], name);
		ck_assert_msg(hashed, "table %s is not in the content of kind %s", name, k->name);
		tables++;
	}
	sqlite3_reset(t);
	ck_assert_int_ge(tables, 19);
}
END_TEST

START_TEST(test_clean_archive_checks_out)
{
	struct found f;

	ck_assert_int_eq(run_check(&f), GOVREC_OK);
	ck_assert_int_eq(f.n, 0);
}
END_TEST

START_TEST(test_every_write_audited)
{
	int64_t n = 0;

	/* committee, person, meeting, document, and the shipped metric catalog */
	ck_assert_int_eq(govrec_sql_int(st, NULL, &n,
					"SELECT count(DISTINCT record) FROM audit WHERE record NOT LIKE "
					"'metric:%'",
					NULL),
			 GOVREC_OK);
	ck_assert_int_eq(n, 4);
	ck_assert_int_eq(govrec_sql_int(st, NULL, &n,
					"SELECT (SELECT count(DISTINCT record) FROM audit WHERE record "
					"LIKE 'metric:%') = (SELECT count(*) FROM metric)",
					NULL),
			 GOVREC_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(govrec_sql_int(st, NULL, &n,
					"SELECT count(*) FROM audit WHERE record = 'meeting:34'", NULL),
			 GOVREC_OK);
	ck_assert_int_eq(n, 1);
}
END_TEST

/* Audit rows for person:<id>, counted. */
static int64_t person_rows(const char *id)
{
	int64_t n = -1;
	char rec[40];

	snprintf(rec, sizeof(rec), "person:%s", id);
	ck_assert_int_eq(govrec_sql_int(st, NULL, &n, "SELECT count(*) FROM audit WHERE record = ?1",
					"t", rec),
			 GOVREC_OK);
	return n;
}

/* A row per change: not for a write that changes nothing, nor for one undone. */
START_TEST(test_audits_changes_only)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	int64_t id = 0;

	ck_assert_int_eq(govrec_store_begin(st, "t", &err), GOVREC_OK);
	ck_assert_int_eq(govrec_sql_exec(st, &err, "INSERT INTO person(id, name) VALUES (70, 'A')",
					 NULL),
			 GOVREC_OK);
	ck_assert_int_eq(govrec_store_commit(st, &err), GOVREC_OK);
	ck_assert_int_eq(person_rows("70"), 1);

	/* an update to the same values is no change */
	ck_assert_int_eq(govrec_store_begin(st, "t", &err), GOVREC_OK);
	ck_assert_int_eq(govrec_sql_exec(st, &err, "UPDATE person SET name = 'A' WHERE id = 70", NULL),
			 GOVREC_OK);
	ck_assert_int_eq(govrec_store_commit(st, &err), GOVREC_OK);
	ck_assert_int_eq(person_rows("70"), 1);

	/* a change and its undoing in one transaction is no change either */
	ck_assert_int_eq(govrec_store_begin(st, "t", &err), GOVREC_OK);
	ck_assert_int_eq(govrec_sql_exec(st, &err, "UPDATE person SET name = 'B' WHERE id = 70", NULL),
			 GOVREC_OK);
	ck_assert_int_eq(govrec_sql_exec(st, &err, "UPDATE person SET name = 'A' WHERE id = 70", NULL),
			 GOVREC_OK);
	ck_assert_int_eq(govrec_store_commit(st, &err), GOVREC_OK);
	ck_assert_int_eq(person_rows("70"), 1);

	/* a record made and removed in one transaction was never there */
	ck_assert_int_eq(govrec_store_begin(st, "t", &err), GOVREC_OK);
	ck_assert_int_eq(govrec_sql_exec(st, &err, "INSERT INTO person(id, name) VALUES (71, 'C')",
					 NULL),
			 GOVREC_OK);
	ck_assert_int_eq(govrec_sql_exec(st, &err, "DELETE FROM person WHERE id = 71", NULL),
			 GOVREC_OK);
	ck_assert_int_eq(govrec_store_commit(st, &err), GOVREC_OK);
	ck_assert_int_eq(person_rows("71"), 0);

	/*
	 * A statement that fails part-way: its first row fired the watch
	 * trigger before the second failed, and SQLite undid the row; the
	 * transaction goes on and commits something else.
	 */
	ck_assert_int_eq(govrec_store_begin(st, "t", &err), GOVREC_OK);
	ck_assert_int_ne(sqlite3_exec(govrec_store_db(st),
				      "INSERT INTO person(id, name) VALUES (72, 'D'), (70, 'dup')", NULL,
				      NULL, NULL),
			 SQLITE_OK);
	ck_assert_int_eq(govrec_sql_exec(st, &err, "UPDATE person SET name = 'E' WHERE id = 70", NULL),
			 GOVREC_OK);
	ck_assert_int_eq(govrec_store_commit(st, &err), GOVREC_OK);
	ck_assert_int_eq(govrec_sql_int(st, NULL, &id, "SELECT count(*) FROM person WHERE id = 72",
					NULL),
			 GOVREC_OK);
	ck_assert_int_eq(id, 0);
	ck_assert_int_eq(person_rows("72"), 0);
	ck_assert_int_eq(person_rows("70"), 2);

	/* a deletion is a change: one row, with no content */
	ck_assert_int_eq(govrec_store_begin(st, "t", &err), GOVREC_OK);
	ck_assert_int_eq(govrec_sql_exec(st, &err, "DELETE FROM person WHERE id = 70", NULL),
			 GOVREC_OK);
	ck_assert_int_eq(govrec_store_commit(st, &err), GOVREC_OK);
	ck_assert_int_eq(person_rows("70"), 3);
	ck_assert_int_eq(govrec_sql_int(st, NULL, &id,
					"SELECT content_sha256 IS NULL FROM audit WHERE record = "
					"'person:70' ORDER BY seq DESC LIMIT 1",
					NULL),
			 GOVREC_OK);
	ck_assert_int_eq(id, 1);
}
END_TEST

START_TEST(test_log_refuses_update_and_delete)
{
	sqlite3 *db = govrec_store_db(st);

	ck_assert_int_ne(sqlite3_exec(db, "UPDATE audit SET actor = 'mallory'", NULL, NULL, NULL),
			 SQLITE_OK);
	ck_assert_ptr_nonnull(strstr(sqlite3_errmsg(db), "append-only"));
	ck_assert_int_ne(sqlite3_exec(db, "DELETE FROM audit WHERE seq = 1", NULL, NULL, NULL),
			 SQLITE_OK);
}
END_TEST

START_TEST(test_changed_row_found)
{
	struct found f;

	tamper("UPDATE meeting SET title = 'forged' WHERE number = 34");
	ck_assert_int_eq(run_check(&f), GOVREC_REFUSED);
	ck_assert_int_eq(f.n, 1);
	ck_assert_ptr_nonnull(strstr(f.last, "meeting:34 does not match its audit entry"));
}
END_TEST

START_TEST(test_changed_child_row_found)
{
	struct found f;

	tamper("UPDATE passage SET body = 'forged' WHERE seq = 1");
	ck_assert_int_eq(run_check(&f), GOVREC_REFUSED);
	ck_assert_ptr_nonnull(strstr(f.all, "document:1 does not match"));
	/* the index disagrees too: said of the passage and its record, not as damage */
	ck_assert_msg(strstr(f.all, "search index: passage ") &&
			      strstr(f.all, "of document:1 is not indexed as it reads now: "
					    "document:1 was changed behind govrec's back"),
		      "%s", f.all);
	ck_assert_ptr_null(strstr(f.all, "malformed"));
}
END_TEST

START_TEST(test_inserted_row_found)
{
	struct found f;

	tamper("INSERT INTO person(name) VALUES ('Ghost')");
	ck_assert_int_eq(run_check(&f), GOVREC_REFUSED);
	ck_assert_ptr_nonnull(strstr(f.last, "person:2 has no audit entry"));
}
END_TEST

START_TEST(test_deleted_row_found)
{
	struct found f;

	tamper("PRAGMA foreign_keys = OFF; DELETE FROM person WHERE id = 1; "
	       "PRAGMA foreign_keys = ON;");
	ck_assert_int_eq(run_check(&f), GOVREC_REFUSED);
	ck_assert_ptr_nonnull(strstr(f.last, "person:1 is in the audit log but is gone"));
}
END_TEST

START_TEST(test_original_bytes_found)
{
	struct found f;

	tamper("UPDATE original SET bytes = X'00'");
	ck_assert_int_eq(run_check(&f), GOVREC_REFUSED);
	ck_assert_ptr_nonnull(strstr(f.last, "original bytes do not match their SHA-256"));
}
END_TEST

/* Rewriting the log needs the triggers dropped; the chain then breaks. */
START_TEST(test_rewritten_log_found)
{
	struct found f;

	tamper("DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'mallory' "
	       "WHERE record = 'person:1';");
	ck_assert_int_eq(run_check(&f), GOVREC_REFUSED);
	ck_assert_ptr_nonnull(strstr(f.last, "(person:1) was altered"));
}
END_TEST

START_TEST(test_removed_log_entry_found)
{
	struct found f;

	tamper("DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = 2;");
	ck_assert_int_eq(run_check(&f), GOVREC_REFUSED);
	ck_assert_int_ge(f.n, 2); /* the gap, the broken link, and person:1 unaudited */
}
END_TEST

/* The index alone loses a passage: nothing else changed, so the index is out of step. */
START_TEST(test_index_out_of_step_found)
{
	struct found f;

	tamper("INSERT INTO search(search, rowid, title, speaker, body, kind)"
	       " SELECT 'delete', id, title, speaker, body, kind FROM search_source"
	       " WHERE id = (SELECT min(id) FROM passage)");
	ck_assert_int_eq(run_check(&f), GOVREC_REFUSED);
	ck_assert_int_eq(f.n, 1);
	ck_assert_msg(strstr(f.last, "of document:1 is not indexed as it reads now: the index is "
				     "out of step"),
		      "%s", f.last);
}
END_TEST

START_TEST(test_index_stray_passage_found)
{
	struct found f;

	tamper("INSERT INTO search(rowid, title, speaker, body, kind)"
	       " VALUES (999, 'Ghost', '', 'words nobody wrote', 'note')");
	ck_assert_int_eq(run_check(&f), GOVREC_REFUSED);
	ck_assert_int_eq(f.n, 1);
	ck_assert_str_eq(f.last, "search index: holds passage 999, which does not exist");
}
END_TEST

/* A damaged index is damage (a finding), not a check that could not run. */
START_TEST(test_index_damage_found)
{
	struct found f;

	tamper("UPDATE search_data SET block = X'ffffffff' WHERE id > 10");
	ck_assert_int_eq(run_check(&f), GOVREC_REFUSED);
	ck_assert_msg(strstr(f.all, "search index: damaged"), "%s", f.all);
}
END_TEST

START_TEST(test_head_parse)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_audit_head h;
	char text[GOVREC_HEAD_MAX];
	static const char hash[] =
		"A7DDB906692A09DA6FF6E158546808C3B912B2D062FF5C6DE58EB5678C50CEB2";
	char in[100];

	snprintf(in, sizeof(in), "12:%s", hash);
	ck_assert_int_eq(govrec_audit_head_parse(in, &h, &err), GOVREC_OK);
	ck_assert_int_eq(h.seq, 12);
	govrec_audit_head_format(&h, text);
	ck_assert_str_eq(text, "12:a7ddb906692a09da6ff6e158546808c3b912b2d062ff5c6de58eb5678c50ceb2");
	snprintf(in, sizeof(in), "0:%s", hash);
	ck_assert_int_eq(govrec_audit_head_parse(in, &h, &err), GOVREC_INVALID);
	snprintf(in, sizeof(in), "012:%s", hash);
	ck_assert_int_eq(govrec_audit_head_parse(in, &h, &err), GOVREC_INVALID);
	snprintf(in, sizeof(in), "-1:%s", hash);
	ck_assert_int_eq(govrec_audit_head_parse(in, &h, &err), GOVREC_INVALID);
	snprintf(in, sizeof(in), "99999999999999999999:%s", hash);
	ck_assert_int_eq(govrec_audit_head_parse(in, &h, &err), GOVREC_INVALID);
	snprintf(in, sizeof(in), "12:%.63s", hash);
	ck_assert_int_eq(govrec_audit_head_parse(in, &h, &err), GOVREC_INVALID);
	snprintf(in, sizeof(in), "12:%s0", hash);
	ck_assert_int_eq(govrec_audit_head_parse(in, &h, &err), GOVREC_INVALID);
	snprintf(in, sizeof(in), "12:%.63sg", hash);
	ck_assert_int_eq(govrec_audit_head_parse(in, &h, &err), GOVREC_INVALID);
	ck_assert_int_eq(govrec_audit_head_parse(hash, &h, &err), GOVREC_INVALID);
}
END_TEST

static enum govrec_status against(const struct govrec_audit_head *h, struct found *f)
{
	struct govrec_error err = GOVREC_ERROR_INIT;

	memset(f, 0, sizeof(*f));
	return govrec_audit_against(st, h, collect, f, &err);
}

START_TEST(test_against_head)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_audit_head head, mid;
	struct found f;
	char want[GOVREC_ERROR_MAX];

	ck_assert_int_eq(govrec_audit_head(st, &head, &err), GOVREC_OK);
	ck_assert_int_ge(head.seq, 3);
	ck_assert_int_eq(strlen(head.time), 20);
	ck_assert_int_eq(against(&head, &f), GOVREC_OK);
	/* an older head is still in the chain */
	mid.seq = 2;
	mid.time[0] = '\0';
	{
		sqlite3_stmt *s;
		int row = 0;

		ck_assert_int_eq(govrec_sql_prepare(st, "SELECT sha256 FROM audit WHERE seq = 2", &s,
						    &err),
				 GOVREC_OK);
		ck_assert_int_eq(govrec_sql_next(st, s, &row, &err), GOVREC_OK);
		ck_assert_int_eq(row, 1);
		snprintf(mid.sha256, sizeof(mid.sha256), "%s", govrec_col_text(s, 0));
		sqlite3_reset(s);
	}
	ck_assert_int_eq(against(&mid, &f), GOVREC_OK);
	/* the tail goes */
	tamper("DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq > 2;");
	ck_assert_int_eq(against(&mid, &f), GOVREC_OK);
	ck_assert_int_eq(against(&head, &f), GOVREC_REFUSED);
	ck_assert_int_eq(f.n, 1);
	snprintf(want, sizeof(want),
		 "audit entry 3 is missing: the archive's history ends at 2, the anchor is at %lld",
		 (long long)head.seq);
	ck_assert_str_eq(f.last, want);
}
END_TEST

START_TEST(test_against_rewritten)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	struct govrec_audit_head head;
	struct found f;

	ck_assert_int_eq(govrec_audit_head(st, &head, &err), GOVREC_OK);
	tamper("DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'mallory' WHERE seq = 2;");
	ck_assert_int_eq(against(&head, &f), GOVREC_REFUSED);
	ck_assert_str_eq(f.last, "audit entry 2 does not match the anchor: it was changed after it "
				 "was written");
	/* with its hash recomputed, the next entry no longer follows it */
	tamper("UPDATE audit SET sha256 = '1111111111111111111111111111111111111111111111111111111111111111' "
	       "WHERE seq = 2;");
	ck_assert_int_eq(against(&head, &f), GOVREC_REFUSED);
	ck_assert_ptr_nonnull(strstr(f.last, "audit entry 2 does not match the anchor"));
}
END_TEST

static int count_entries(const struct govrec_audit_entry *e, void *ctx)
{
	(void)e;
	(*(int *)ctx)++;
	return 0;
}

START_TEST(test_log_filters)
{
	struct govrec_error err = GOVREC_ERROR_INIT;
	int n = 0;

	ck_assert_int_eq(govrec_audit_each(st, "meeting:34", NULL, count_entries, &n, &err),
			 GOVREC_OK);
	ck_assert_int_eq(n, 1);
	n = 0;
	ck_assert_int_eq(govrec_audit_each(st, "meeting", NULL, count_entries, &n, &err), GOVREC_OK);
	ck_assert_int_eq(n, 1);
	n = 0;
	ck_assert_int_eq(govrec_audit_each(st, NULL, "9999-01-01", count_entries, &n, &err),
			 GOVREC_OK);
	ck_assert_int_eq(n, 0);
	n = 0;
	ck_assert_int_eq(govrec_audit_each(st, "person", NULL, count_entries, &n, &err), GOVREC_OK);
	ck_assert_int_eq(n, 1);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("audit");
	TCase *tc = tcase_create("audit");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_clean_archive_checks_out);
	tcase_add_test(tc, test_every_table_watched);
	tcase_add_test(tc, test_every_write_audited);
	tcase_add_test(tc, test_audits_changes_only);
	tcase_add_test(tc, test_log_refuses_update_and_delete);
	tcase_add_test(tc, test_changed_row_found);
	tcase_add_test(tc, test_changed_child_row_found);
	tcase_add_test(tc, test_inserted_row_found);
	tcase_add_test(tc, test_deleted_row_found);
	tcase_add_test(tc, test_original_bytes_found);
	tcase_add_test(tc, test_rewritten_log_found);
	tcase_add_test(tc, test_removed_log_entry_found);
	tcase_add_test(tc, test_log_filters);
	tcase_add_test(tc, test_index_out_of_step_found);
	tcase_add_test(tc, test_index_stray_passage_found);
	tcase_add_test(tc, test_index_damage_found);
	tcase_add_test(tc, test_head_parse);
	tcase_add_test(tc, test_against_head);
	tcase_add_test(tc, test_against_rewritten);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_main(suite());
}
