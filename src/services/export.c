/*
 * export.c - writing the archive as a BagIt bundle (see export.h).
 *
 * One pass, in this order: bagit.txt; the payload under data/ in byte-sorted
 * path order (the audit log, the originals, the record XML); then the tag
 * files bag-info.txt, manifest-sha256.txt, manifest-sha512.txt,
 * tagmanifest-sha512.txt and its signature.  Writing the tag files after the
 * payload is what lets export stream: every payload file is hashed while it
 * is written, and its manifest lines are spooled to temporary files, so the
 * archive is never held in memory.  A record file's XML (a meeting, one
 * document's passages, a list of action items) is made in memory, and
 * spooled to a temporary file once it grows past SPOOL_AT.
 *
 * This file is the pass itself and the files that are not records: the
 * audit log, the originals and the tag files.  The other parts
 * (export-int.h) make the record files (export-xml.c, export-akn.c), choose
 * what goes in (export-select.c) and write the output (export-out.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "export-int.h"
#include "govrec/audit.h"
#include "govrec/buf.h"
#include "govrec/sign.h"
#include "govrec/util.h"

/*
 * A record file bigger than this (a long transcript, thousands of action
 * items) is spooled to a temporary file while it is made, so that memory
 * stays flat: the archive entry's header needs the size before the data.
 */
#define SPOOL_AT ((size_t)1 << 20)

/* ---- the payload ------------------------------------------------------------ */

/* Records a finished payload file in both manifests. */
static enum govrec_status payload_done(struct exp *x, const char *rel, struct govrec_error *err)
{
	if (fprintf(x->m256, "%s  %s\n", x->out.hex256, rel) < 0 ||
	    fprintf(x->m512, "%s  %s\n", x->out.hex512, rel) < 0)
		return govrec_error_set(err, GOVREC_ERROR, "cannot write a temporary file: %s",
					strerror(errno));
	x->r->files++;
	x->r->bytes += x->out.written;
	if (x->opt->progress)
		x->opt->progress(x->r->files, x->r->bytes, x->opt->progress_ctx);
	return GOVREC_OK;
}

/* Moves what b holds to the spool once it is big; called between records. */
enum govrec_status exp_gen_flush(struct exp *x, struct govrec_buf *b, struct govrec_error *err)
{
	if (b->len < SPOOL_AT)
		return GOVREC_OK;
	if (!x->spool && !(x->spool = tmpfile()))
		return govrec_error_set(err, GOVREC_ERROR, "cannot create a temporary file: %s",
					strerror(errno));
	if (fwrite(b->data, 1, b->len, x->spool) != b->len)
		return govrec_error_set(err, GOVREC_ERROR, "cannot write a temporary file: %s",
					strerror(errno));
	govrec_buf_reset(b);
	return GOVREC_OK;
}

/* Writes a made file: what was spooled, then what b still holds. */
enum govrec_status exp_payload_put(struct exp *x, const char *rel, struct govrec_buf *b,
				   struct govrec_error *err)
{
	enum govrec_status rc;

	if (!x->spool) {
		rc = exp_entry_put(&x->out, rel, b->data, b->len, err);
	} else {
		if (fwrite(b->data, 1, b->len, x->spool) != b->len)
			rc = govrec_error_set(err, GOVREC_ERROR,
					      "cannot write a temporary file: %s", strerror(errno));
		else
			rc = exp_entry_copy(&x->out, rel, x->spool, err);
		fclose(x->spool);
		x->spool = NULL;
	}
	return rc == GOVREC_OK ? payload_done(x, rel, err) : rc;
}

/* ---- the audit log and the originals ------------------------------------------ */

/* Appends s to f with backslash, TAB, LF and CR escaped (\\ \t \n \r). */
static void tsv_field(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '\\': fputs("\\\\", f); break;
		case '\t': fputs("\\t", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		default: fputc(*s, f);
		}
	}
}

static enum govrec_status audit_file(struct exp *x, struct govrec_error *err)
{
	sqlite3_stmt *s;
	FILE *f;
	enum govrec_status rc;
	int row, c;

	rc = govrec_sql_prepare(x->st,
				"SELECT seq, time, actor, op, record, content_sha256, prev_sha256, "
				"sha256 FROM audit ORDER BY seq",
				&s, err);
	if (rc != GOVREC_OK)
		return rc;
	f = tmpfile();
	if (!f)
		return govrec_error_set(err, GOVREC_ERROR, "cannot create a temporary file: %s",
					strerror(errno));
	fputs("seq\ttime\tactor\top\trecord\tcontent_sha256\tprev_sha256\tsha256\n", f);
	while ((rc = govrec_sql_next(x->st, s, &row, err)) == GOVREC_OK && row) {
		for (c = 0; c < 8; c++) {
			if (c)
				fputc('\t', f);
			tsv_field(f, sqlite3_column_type(s, c) == SQLITE_NULL ? "-"
									   : govrec_col_text(s, c));
		}
		fputc('\n', f);
	}
	if (rc == GOVREC_OK && ferror(f))
		rc = govrec_error_set(err, GOVREC_ERROR, "cannot write a temporary file");
	if (rc == GOVREC_OK)
		rc = exp_entry_copy(&x->out, "data/audit/audit.tsv", f, err);
	if (rc == GOVREC_OK)
		rc = payload_done(x, "data/audit/audit.tsv", err);
	fclose(f);
	return rc;
}

/*
 * The payload name of a document's original: its id, then its file name
 * with everything but letters, digits, '.', '-' and '_' replaced by '_'
 * (so no '%', CR or LF, and nothing a validator could misread).
 */
static void original_name(int64_t id, const char *file, struct govrec_buf *out)
{
	size_t n = 0;

	govrec_buf_addf(out, "data/originals/%08lld-", (long long)id);
	for (; *file && n < 80; file++, n++) {
		unsigned char c = (unsigned char)*file;
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			 (c >= '0' && c <= '9') || c == '-' || c == '_' || (c == '.' && n > 0);

		govrec_buf_addch(out, ok ? c : '_');
	}
}

/* Streams one document's original bytes from SQLite into the output. */
static enum govrec_status original_file(struct exp *x, int64_t id, const char *file,
					struct govrec_error *err)
{
	struct govrec_buf rel = GOVREC_BUF_INIT;
	sqlite3_blob *blob = NULL;
	enum govrec_status rc;
	unsigned char *buf = NULL;
	int size, off, n;

	original_name(id, file, &rel);
	if (sqlite3_blob_open(govrec_store_db(x->st), "main", "original", "bytes", id, 0, &blob) !=
	    SQLITE_OK) {
		rc = govrec_store_fail(x->st, err, "cannot read an original");
		govrec_error_prefix(err, "document %lld", (long long)id);
		goto done;
	}
	size = sqlite3_blob_bytes(blob);
	buf = malloc(EXP_CHUNK);
	if (!buf) {
		rc = govrec_error_oom(err);
		goto done;
	}
	rc = exp_entry_begin(&x->out, rel.data, (uint64_t)size, err);
	for (off = 0; rc == GOVREC_OK && off < size; off += n) {
		n = size - off < EXP_CHUNK ? size - off : EXP_CHUNK;
		if (sqlite3_blob_read(blob, buf, n, off) != SQLITE_OK) {
			rc = govrec_store_fail(x->st, err, "cannot read an original");
			break;
		}
		rc = exp_entry_write(&x->out, buf, (size_t)n, err);
	}
	if (rc == GOVREC_OK)
		rc = exp_entry_end(&x->out, err);
	if (rc == GOVREC_OK)
		rc = payload_done(x, rel.data, err);
done:
	free(buf);
	sqlite3_blob_close(blob);
	govrec_buf_release(&rel);
	return rc;
}

/* ---- the bag ----------------------------------------------------------------- */

static void human_size(uint64_t n, char out[32])
{
	static const char *const units[] = { "KB", "MB", "GB", "TB" };
	double v = (double)n;
	int u = -1;

	if (n < 1024) {
		snprintf(out, 32, "%llu bytes", (unsigned long long)n);
		return;
	}
	while (v >= 1024 && u < 3) {
		v /= 1024;
		u++;
	}
	snprintf(out, 32, "%.1f %s", v, units[u]);
}

/* bag-info.txt values are one line: CR and LF become spaces. */
static void info_line(struct govrec_buf *b, const char *label, const char *value)
{
	govrec_buf_addf(b, "%s: ", label);
	for (; *value; value++)
		govrec_buf_addch(b, *value == '\n' || *value == '\r' ? ' ' : *value);
	govrec_buf_addch(b, '\n');
}

static enum govrec_status bag_info(struct exp *x, struct govrec_buf *b)
{
	char size[32], num[64];
	struct govrec_buf desc = GOVREC_BUF_INIT;

	govrec_buf_addf(&desc, "govrec archive of the %s (%s): %s", x->committee.name,
			x->committee.short_name, x->sel.data);
	info_line(b, "Source-Organization", x->committee.name);
	info_line(b, "External-Description", desc.data);
	info_line(b, "Bagging-Date", x->date);
	info_line(b, "External-Identifier", x->r->id);
	info_line(b, "Bag-Software-Agent", "govrec " GOVREC_VERSION);
	snprintf(num, sizeof(num), "%llu.%llu", (unsigned long long)x->r->bytes,
		 (unsigned long long)x->r->files);
	info_line(b, "Payload-Oxum", num);
	human_size(x->r->bytes, size);
	info_line(b, "Bag-Size", size);
	snprintf(num, sizeof(num), "%lld", (long long)x->audit_seq);
	info_line(b, "Govrec-Audit-Seq", num);
	info_line(b, "Govrec-Audit-Time", x->time);
	info_line(b, "Govrec-Audit-Sha256", x->audit_hash);
	/*
	 * A full bundle holds every record its audit log names, so restore can
	 * take the log over and check it; a selection cannot (govrec-bundle(5)).
	 */
	info_line(b, "Govrec-Bundle-Scope",
		  exp_selection_is_all(&x->opt->sel) ? "full" : "partial");
	snprintf(num, sizeof(num), "%d", govrec_schema_version());
	info_line(b, "Govrec-Schema-Version", num);
	govrec_buf_release(&desc);
	return GOVREC_OK;
}

/* The tag files, after the payload; the tag manifest, then its signature. */
static enum govrec_status tag_files(struct exp *x, const char *bagit512,
				    struct govrec_error *err)
{
	struct govrec_buf info = GOVREC_BUF_INIT, tag = GOVREC_BUF_INIT, sig = GOVREC_BUF_INIT;
	char info512[129], m256[129], m512[129];
	enum govrec_status rc;

	bag_info(x, &info);
	rc = exp_entry_put(&x->out, "bag-info.txt", info.data, info.len, err);
	memcpy(info512, x->out.hex512, sizeof(info512));
	if (rc == GOVREC_OK)
		rc = exp_entry_copy(&x->out, "manifest-sha256.txt", x->m256, err);
	memcpy(m256, x->out.hex512, sizeof(m256));
	if (rc == GOVREC_OK)
		rc = exp_entry_copy(&x->out, "manifest-sha512.txt", x->m512, err);
	memcpy(m512, x->out.hex512, sizeof(m512));
	govrec_buf_addf(&tag, "%s  bag-info.txt\n%s  bagit.txt\n%s  manifest-sha256.txt\n"
			      "%s  manifest-sha512.txt\n",
			info512, bagit512, m256, m512);
	if (rc == GOVREC_OK)
		rc = exp_entry_put(&x->out, "tagmanifest-sha512.txt", tag.data, tag.len, err);
	if (rc == GOVREC_OK && x->opt->key) {
		struct govrec_buf trusted = GOVREC_BUF_INIT;

		govrec_buf_addf(&trusted, "govrec bundle %s archive %s time %s audit-seq %lld",
				x->r->id, x->committee.short_name, x->time,
				(long long)x->audit_seq);
		/* The trusted comment is printable text: no control characters. */
		for (size_t i = 0; i < trusted.len; i++)
			if ((unsigned char)trusted.data[i] < 0x20)
				trusted.data[i] = ' ';
		rc = govrec_sign(x->opt->key, tag.data, tag.len, "signature from govrec secret key",
				 trusted.data, &sig, err);
		govrec_buf_release(&trusted);
		if (rc == GOVREC_OK)
			rc = exp_entry_put(&x->out, "tagmanifest-sha512.txt.minisig", sig.data,
					   sig.len, err);
		if (rc == GOVREC_OK)
			x->r->signed_ = 1;
	}
	govrec_buf_release(&info);
	govrec_buf_release(&tag);
	govrec_buf_release(&sig);
	return rc;
}

/* The selected ids of one kind, each handed to fn. */
static enum govrec_status each_selected(struct exp *x, const char *sql,
					enum govrec_status (*fn)(struct exp *, int64_t,
								 struct govrec_error *),
					uint64_t *count, struct govrec_error *err)
{
	sqlite3_stmt *s;
	enum govrec_status rc;
	int64_t *ids = NULL;
	size_t n = 0, cap = 0, i;
	int row;

	/*
	 * Ids first, then the files: the per-record queries reuse cached
	 * statements.  An id list is small next to the records themselves.
	 */
	rc = govrec_sql_prepare(x->st, sql, &s, err);
	if (rc != GOVREC_OK)
		return rc;
	while ((rc = govrec_sql_next(x->st, s, &row, err)) == GOVREC_OK && row) {
		if (n == cap) {
			int64_t *m = realloc(ids, (cap = cap ? cap * 2 : 256) * sizeof(*m));

			if (!m) {
				sqlite3_reset(s);
				free(ids);
				return govrec_error_oom(err);
			}
			ids = m;
		}
		ids[n++] = sqlite3_column_int64(s, 0);
	}
	for (i = 0; rc == GOVREC_OK && i < n; i++)
		rc = fn(x, ids[i], err);
	if (count)
		*count += n;
	free(ids);
	return rc;
}

/*
 * The name an original travels under: its file name, or, for a document
 * that came from no file (a rationale typed on standard input, a proposal
 * event's note), its kind and date with the extension its media type has:
 * "proposal-2019-08-20.txt" says more than "original".
 */
static char *travel_name(sqlite3_stmt *s)
{
	static const struct {
		const char *type, *ext;
	} exts[] = {
		{ "text/plain", ".txt" },     { "text/markdown", ".md" }, { "text/html", ".html" },
		{ "text/vtt", ".vtt" },       { "application/x-subrip", ".srt" },
		{ "message/rfc822", ".eml" }, { "application/mbox", ".mbox" },
		{ "application/pdf", ".pdf" },
	};
	struct govrec_buf b = GOVREC_BUF_INIT;
	const char *type = govrec_col_text(s, 3);
	size_t i;

	if (*govrec_col_text(s, 0)) {
		govrec_buf_adds(&b, govrec_col_text(s, 0));
		return govrec_buf_detach(&b, NULL);
	}
	govrec_buf_addf(&b, "%s-%s", govrec_col_text(s, 1), govrec_col_text(s, 2));
	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++)
		if (strncmp(type, exts[i].type, strlen(exts[i].type)) == 0)
			govrec_buf_adds(&b, exts[i].ext);
	return govrec_buf_detach(&b, NULL);
}

static enum govrec_status original_of(struct exp *x, int64_t id, struct govrec_error *err)
{
	sqlite3_stmt *s;
	char *name;
	enum govrec_status rc;
	int row;

	rc = govrec_sql_query(x->st, err, &s,
			      "SELECT coalesce(file_name, ''), kind, "
			      "coalesce(date, substr(imported_at, 1, 10)), "
			      "coalesce(media_type, '') FROM document WHERE id = ?1",
			      "i", id);
	if (rc == GOVREC_OK)
		rc = govrec_sql_next(x->st, s, &row, err);
	if (rc != GOVREC_OK)
		return rc;
	if (!row)
		/* its id was just selected: an error, as it always was, now with a message */
		return govrec_error_set(err, GOVREC_ERROR, "no document %lld", (long long)id);
	name = travel_name(s);
	sqlite3_reset(s);
	rc = original_file(x, id, name, err);
	free(name);
	return rc;
}

static enum govrec_status proposal_file(struct exp *x, int64_t id, struct govrec_error *err)
{
	static const char *const tables[] = { "proposal", NULL };
	char rel[64], key[24];

	snprintf(rel, sizeof(rel), "data/records/proposals/proposal-%08lld.xml", (long long)id);
	snprintf(key, sizeof(key), "%lld", (long long)id);
	return exp_records_file(x, rel, "proposal", tables, key, err);
}

static enum govrec_status list_file(struct exp *x, const char *rel, const char *kind,
				    const char *table, struct govrec_error *err)
{
	const char *tables[2];

	tables[0] = table;
	tables[1] = NULL;
	return exp_records_file(x, rel, kind, tables, NULL, err);
}

static enum govrec_status payload(struct exp *x, struct govrec_error *err)
{
	enum govrec_status rc;

	rc = audit_file(x, err);
	if (rc == GOVREC_OK)
		rc = each_selected(x, "SELECT id FROM temp.sel_document ORDER BY id", original_of,
				   NULL, err);
	if (rc == GOVREC_OK)
		rc = list_file(x, "data/records/actions.xml", "actions", "action_item", err);
	if (rc == GOVREC_OK)
		rc = list_file(x, "data/records/committee.xml", "committee", "committee", err);
	if (rc == GOVREC_OK)
		rc = list_file(x, "data/records/decisions.xml", "decisions", "decision", err);
	if (rc == GOVREC_OK)
		rc = each_selected(x, "SELECT id FROM temp.sel_document ORDER BY id",
				   exp_document_file, &x->r->documents, err);
	if (rc == GOVREC_OK)
		rc = list_file(x, "data/records/links.xml", "links", "link", err);
	if (rc == GOVREC_OK)
		rc = each_selected(x,
				   "SELECT m.id FROM main.meeting m JOIN temp.sel_meeting s "
				   "ON s.id = m.id ORDER BY m.number",
				   exp_meeting_file, &x->r->meetings, err);
	if (rc == GOVREC_OK)
		rc = list_file(x, "data/records/metrics.xml", "metrics", "metric", err);
	if (rc == GOVREC_OK)
		rc = list_file(x, "data/records/people.xml", "people", "person", err);
	if (rc == GOVREC_OK)
		rc = each_selected(x, "SELECT id FROM temp.sel_proposal ORDER BY id", proposal_file,
				   &x->r->proposals, err);
	if (rc == GOVREC_OK)
		rc = list_file(x, "data/records/searches.xml", "searches", "saved_search", err);
	return rc;
}

/* The archive's latest audit entry: the bundle's time and part of its id. */
static enum govrec_status latest_audit(struct exp *x, struct govrec_error *err)
{
	sqlite3_stmt *s;
	struct tm tm;
	enum govrec_status rc;
	int row;

	rc = govrec_sql_prepare(
	    x->st, "SELECT seq, time, sha256 FROM audit ORDER BY seq DESC LIMIT 1", &s, err);
	if (rc == GOVREC_OK)
		rc = govrec_sql_next(x->st, s, &row, err);
	if (rc != GOVREC_OK)
		return rc;
	if (row) {
		x->audit_seq = sqlite3_column_int64(s, 0);
		snprintf(x->time, sizeof(x->time), "%s", govrec_col_text(s, 1));
		snprintf(x->audit_hash, sizeof(x->audit_hash), "%s", govrec_col_text(s, 2));
	}
	sqlite3_reset(s);
	if (!row)
		return govrec_error_set(err, GOVREC_INVALID, "the archive has no audit log to date "
							     "a bundle by");
	memset(&tm, 0, sizeof(tm));
	if (sscanf(x->time, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		   &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return govrec_error_set(err, GOVREC_INVALID,
					"the latest audit entry's time '%.40s' is malformed",
					x->time);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	x->out.mtime = timegm(&tm);
	snprintf(x->date, sizeof(x->date), "%.10s", x->time);
	return GOVREC_OK;
}

enum govrec_status govrec_export(struct govrec_store *st, const struct govrec_export_options *o,
				 struct govrec_export_result *r, struct govrec_error *err)
{
	static const char bagit[] = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";
	struct exp x;
	struct stat sb;
	struct govrec_buf idsrc = GOVREC_BUF_INIT, final = GOVREC_BUF_INIT;
	char hex[65], bagit512[129];
	enum govrec_status rc;
	size_t i;

	memset(&x, 0, sizeof(x));
	memset(r, 0, sizeof(*r));
	x.st = st;
	x.opt = o;
	x.r = r;
	x.out.fd = -1;
	govrec_buf_init(&x.sel);
	govrec_buf_init(&x.out.path);
	/* "out/" names the directory "out". */
	govrec_buf_adds(&final, o->out);
	while (final.len > 1 && final.data[final.len - 1] == '/')
		govrec_buf_setlen(&final, final.len - 1);
	x.out.final = final.data;
	x.out.format = o->format == GOVREC_BUNDLE_AUTO ? govrec_bundle_format_of_path(final.data)
						       : o->format;
	if (lstat(final.data, &sb) == 0) {
		rc = govrec_error_set(err, GOVREC_REFUSED, "'%s' exists; export never overwrites",
				      final.data);
		govrec_buf_release(&final);
		return rc;
	}
	rc = govrec_committee_get(st, &x.committee, err);
	if (rc != GOVREC_OK) {
		govrec_buf_release(&final);
		return rc;
	}
	for (i = 0; x.committee.short_name[i] && i + 1 < sizeof(x.slug); i++) {
		char c = x.committee.short_name[i];

		x.slug[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a')
			    : ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) ? c
										 : '-';
	}
	x.slug[i] = '\0';
	/* One read transaction: the bundle is one consistent state of the archive. */
	rc = govrec_sql_exec(st, err, "BEGIN", NULL);
	if (rc != GOVREC_OK)
		return rc;
	rc = latest_audit(&x, err);
	if (rc == GOVREC_OK)
		rc = exp_select(&x, err);
	if (rc != GOVREC_OK)
		goto done;
	govrec_buf_addf(&idsrc, "govrec bundle\n%s\n%s", x.audit_hash, x.sel.data);
	govrec_sha256_hex(idsrc.data, idsrc.len, hex);
	snprintf(r->id, sizeof(r->id), "govrec-%.16s", hex);
	snprintf(r->time, sizeof(r->time), "%s", x.time);
	x.out.base = r->id;
	x.m256 = tmpfile();
	x.m512 = tmpfile();
	if (!x.m256 || !x.m512) {
		rc = govrec_error_set(err, GOVREC_ERROR, "cannot create a temporary file: %s",
				      strerror(errno));
		goto done;
	}
	rc = exp_out_open(&x.out, err);
	if (rc == GOVREC_OK)
		rc = exp_entry_put(&x.out, "bagit.txt", bagit, sizeof(bagit) - 1, err);
	memcpy(bagit512, x.out.hex512, sizeof(bagit512));
	if (rc == GOVREC_OK)
		rc = payload(&x, err);
	if (rc == GOVREC_OK)
		rc = tag_files(&x, bagit512, err);
	if (rc == GOVREC_OK)
		rc = exp_out_close(&x.out, err);
done:
	exp_out_abort(&x.out);
	if (x.spool)
		fclose(x.spool);
	if (x.m256)
		fclose(x.m256);
	if (x.m512)
		fclose(x.m512);
	govrec_sql_exec(st, NULL, "COMMIT", NULL);
	govrec_buf_release(&x.sel);
	govrec_buf_release(&idsrc);
	govrec_buf_release(&final);
	return rc;
}
