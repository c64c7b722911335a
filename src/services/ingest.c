/*
 * ingest.c - the import driver (see ingest.h): paths in, stored documents
 * out.
 *
 * Readers only parse; this file walks directories and archives, keeps one
 * file in memory at a time, picks a reader from the tables in readers.c,
 * fills in what the options and names say, runs the extractor and stores
 * each file (with its action items, decisions and links) in one
 * transaction.  Failures are reported per file and the run goes on.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "govrec/action.h"
#include "govrec/extract.h"
#include "govrec/readers.h"
#include "govrec/archive.h"
#include "govrec/ingest.h"
#include "govrec/draft.h"
#include "govrec/meeting.h"
#include "govrec/person.h"
#include "govrec/transcript.h"
#include "govrec/util.h"
#include "ingest-int.h"

/* A reader scoring this much knows the content for its own, even inside a zip. */
#define SURE 80

struct run {
	struct govrec_store *st;
	const struct govrec_import_options *o;
	struct govrec_import_summary *s;
	struct govrec_extractor *x;
	uint64_t done, total;
	/*
	 * The bytes of the file at hand as a reader sees them (gunzipped when
	 * it was gzip) and its size on disk, so that progress can move within
	 * a large file; NULL inside an archive, whose entries are not in order
	 * of the file's bytes.
	 */
	const unsigned char *file_data;
	size_t file_len;
	uint64_t file_size;
	/* the file at hand */
	char **speakers, **unresolved;
	size_t nspeakers, nunresolved;
	char meeting_date[11]; /* of --meeting: the default date */
	/* the batch: files stored in one transaction, reported once it commits */
	int in_batch;
	uint64_t batch_bytes;
	size_t batch_files;
	struct pending *pending;
	size_t npending, cap;
};

/*
 * Files are stored in batches: one transaction for many files, a savepoint
 * for each, so that a file is still stored whole or not at all, while the
 * archive is written and synced once a batch instead of once a file (the
 * write amplification of hundreds of small commits made import several
 * times slower than the bare insert).  A file is reported only after its
 * batch has committed, so whatever was reported as stored is there even if
 * the process is killed the moment after.
 */
#define BATCH_BYTES (2u << 20)
#define BATCH_FILES 256

/* A report waiting for its batch to commit: a deep copy of the file's report. */
struct pending {
	struct govrec_import_file f;
	struct govrec_error err;
	char *name, *reader, *kind, *title, *date, *layout;
	char **speakers, **unresolved, **warnings;
};

static char *dup_or_null(const char *s)
{
	char *d = s ? strdup(s) : NULL;

	if (s && !d)
		govrec_oom();
	return d;
}

static char **strv_dup(const char *const *v, size_t n)
{
	char **d;
	size_t i;

	if (!n)
		return NULL;
	d = calloc(n, sizeof(*d));
	if (!d)
		govrec_oom();
	for (i = 0; i < n; i++)
		d[i] = dup_or_null(v[i]);
	return d;
}

static void count(struct run *r, const struct govrec_import_file *f)
{
	if (f->outcome != GOVREC_IMPORT_FAILED && (f->nwarnings || f->warnings_more))
		r->s->warned++;
	switch (f->outcome) {
	case GOVREC_IMPORT_STORED: r->s->stored++; break;
	case GOVREC_IMPORT_SKIPPED: r->s->skipped++; break;
	case GOVREC_IMPORT_PARSED: r->s->parsed++; break;
	case GOVREC_IMPORT_FAILED:
		r->s->failed++;
		if (f->err && f->err->status > r->s->worst)
			r->s->worst = f->err->status;
		break;
	}
}

/* Reports f now, or queues it while a batch is open. */
static void report(struct run *r, const struct govrec_import_file *f)
{
	struct pending *p;

	if (!r->in_batch) {
		count(r, f);
		if (r->o->report)
			r->o->report(f, r->o->ctx);
		return;
	}
	if (r->npending == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		struct pending *n = realloc(r->pending, cap * sizeof(*n));

		if (!n)
			govrec_oom();
		r->pending = n;
		r->cap = cap;
	}
	p = &r->pending[r->npending++];
	memset(p, 0, sizeof(*p));
	p->f = *f;
	p->f.name = p->name = dup_or_null(f->name);
	p->f.reader = p->reader = dup_or_null(f->reader);
	p->f.kind = p->kind = dup_or_null(f->kind);
	p->f.title = p->title = dup_or_null(f->title);
	p->f.date = p->date = dup_or_null(f->date);
	p->f.layout = p->layout = dup_or_null(f->layout);
	p->speakers = strv_dup(f->speakers, f->nspeakers);
	p->f.speakers = (const char *const *)p->speakers;
	p->unresolved = strv_dup(f->unresolved, f->nunresolved);
	p->f.unresolved = (const char *const *)p->unresolved;
	p->warnings = strv_dup(f->warnings, f->nwarnings);
	p->f.warnings = (const char *const *)p->warnings;
	if (f->err) {
		p->err = *f->err;
		p->f.err = &p->err;
	}
}

/*
 * Commits the open batch and reports its files.  When the commit fails,
 * nothing of the batch is stored: its files are reported as failed with the
 * reason.  Returns the commit's status.
 */
static enum govrec_status end_batch(struct run *r)
{
	struct govrec_error e = GOVREC_ERROR_INIT;
	enum govrec_status rc = GOVREC_OK;
	size_t i;

	if (!r->in_batch)
		return GOVREC_OK;
	rc = govrec_store_commit(r->st, &e);
	r->in_batch = 0;
	r->batch_bytes = 0;
	r->batch_files = 0;
	for (i = 0; i < r->npending; i++) {
		struct pending *p = &r->pending[i];

		if (rc != GOVREC_OK && p->f.outcome == GOVREC_IMPORT_STORED) {
			p->err = e;
			govrec_error_prefix(&p->err, "cannot store '%s'", p->name);
			p->f.err = &p->err;
			p->f.outcome = GOVREC_IMPORT_FAILED;
			p->f.document = 0;
		}
		count(r, &p->f);
		if (r->o->report)
			r->o->report(&p->f, r->o->ctx);
		free(p->name);
		free(p->reader);
		free(p->kind);
		free(p->title);
		free(p->date);
		free(p->layout);
		govrec_strv_free(p->speakers, p->f.nspeakers);
		govrec_strv_free(p->unresolved, p->f.nunresolved);
		govrec_strv_free(p->warnings, p->f.nwarnings);
	}
	r->npending = 0;
	return rc;
}

static void strv_add(char ***v, size_t *n, const char *s)
{
	char **nv;
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp((*v)[i], s) == 0)
			return;
	nv = realloc(*v, (*n + 1) * sizeof(*nv));
	if (!nv)
		govrec_oom();
	*v = nv;
	(*v)[(*n)++] = dup_or_null(s);
}

static void clear_people(struct run *r)
{
	govrec_strv_free(r->speakers, r->nspeakers);
	govrec_strv_free(r->unresolved, r->nunresolved);
	r->speakers = r->unresolved = NULL;
	r->nspeakers = r->nunresolved = 0;
}

static void report_failure(struct run *r, const char *name, const char *reader,
			   const struct govrec_error *e)
{
	struct govrec_import_file f;

	memset(&f, 0, sizeof(f));
	f.name = name;
	f.outcome = GOVREC_IMPORT_FAILED;
	f.reader = reader;
	f.err = e;
	report(r, &f);
}

static void fail(struct run *r, const char *name, enum govrec_status status, const char *fmt, ...)
	GOVREC_PRINTF(4, 5);

static void fail(struct run *r, const char *name, enum govrec_status status, const char *fmt, ...)
{
	struct govrec_error e = GOVREC_ERROR_INIT;
	va_list ap;

	va_start(ap, fmt);
	govrec_error_vset(&e, status, fmt, ap);
	va_end(ap);
	govrec_error_prefix(&e, "cannot read '%s'", name);
	report_failure(r, name, NULL, &e);
}

/* "cannot read 'x' line 12: ..." or "cannot read 'x': ..." */
static void prefix(struct govrec_error *e, const char *verb, const char *name)
{
	if (strncmp(e->msg, "line ", 5) == 0) {
		struct govrec_buf b = GOVREC_BUF_INIT;

		govrec_buf_addf(&b, "cannot %s '%s' %s", verb, name, e->msg);
		if (b.len >= sizeof(e->msg))
			govrec_buf_setlen(&b, sizeof(e->msg) - 1);
		memcpy(e->msg, b.data, b.len + 1);
		govrec_buf_release(&b);
	} else {
		govrec_error_prefix(e, "cannot %s '%s'", verb, name);
	}
}

/* Resolves the draft's speaker labels, for the report. */
static enum govrec_status people(struct run *r, const struct govrec_document_draft *d,
				 struct govrec_error *err)
{
	size_t i;

	for (i = 0; i < d->npassages; i++) {
		const char *label = d->passages[i].speaker;
		int64_t id = 0;
		enum govrec_status rc;
		char **v;
		size_t k;

		if (!label)
			continue;
		for (k = 0, v = r->unresolved; k < r->nunresolved && strcmp(v[k], label); k++)
			;
		if (k < r->nunresolved)
			continue;
		rc = govrec_person_match_label(r->st, label, &id, err);
		if (rc != GOVREC_OK)
			return rc;
		if (id) {
			struct govrec_person p;

			if (govrec_person_load(r->st, id, &p, err) != GOVREC_OK)
				return GOVREC_ERROR;
			strv_add(&r->speakers, &r->nspeakers, p.name);
			govrec_person_release(&p);
		} else {
			strv_add(&r->unresolved, &r->nunresolved, label);
		}
	}
	return GOVREC_OK;
}

/* Fills in, extracts, stores and reports one draft. */
static void finish(struct run *r, const char *name, const char *file_name, const char *reader,
		   struct govrec_document_draft *d, const void *bytes, size_t len)
{
	const struct govrec_import_options *o = r->o;
	struct govrec_findings f = { NULL, 0, 0 };
	struct govrec_findings_counts c = { 0, 0, 0 };
	struct govrec_import_file rep;
	struct govrec_error e = GOVREC_ERROR_INIT;
	enum govrec_status rc;
	int existed = 0;
	int64_t id = 0;

	/* the readers stop collecting one passage past the limit (readutil.h) */
	if (d->npassages > GOVREC_MAX_PASSAGES) {
		govrec_error_set(&e, GOVREC_INVALID,
				 "has more than %u passages, the limit of one document",
				 GOVREC_MAX_PASSAGES);
		prefix(&e, "read", name);
		report_failure(r, name, reader, &e);
		return;
	}
	/* --strict: what the reader had to drop or guess makes the file fail */
	if (o->strict && d->nwarnings) {
		govrec_error_set(&e, GOVREC_INVALID, "%s%s (--strict refuses a file with warnings)",
				 d->warnings[0],
				 d->nwarnings + d->warnings_more > 1 ? ", and more" : "");
		prefix(&e, "read", name);
		report_failure(r, name, reader, &e);
		return;
	}
	if (o->kind)
		govrec_draft_set(&d->kind, o->kind);
	if (o->title)
		govrec_draft_set(&d->title, o->title);
	else if (!d->title)
		govrec_draft_set(&d->title, govrec_base_name(file_name));
	if (o->date)
		govrec_draft_set(&d->date, o->date);
	else if (!d->date && *r->meeting_date)
		govrec_draft_set(&d->date, r->meeting_date);
	govrec_draft_set(&d->file_name, govrec_base_name(file_name));
	d->meeting = o->meeting;
	if (!d->importer) {
		d->importer = reader;
		d->importer_version = GOVREC_READER_VERSION;
	}
	if (!d->bytes) {
		d->bytes = bytes;
		d->size = len;
	}
	clear_people(r);
	rc = govrec_extract(r->x, d, &f, &e);
	if (rc == GOVREC_OK)
		rc = people(r, d, &e);
	if (rc == GOVREC_OK && o->dry_run) {
		c.actions = govrec_findings_count(&f, GOVREC_FOUND_ACTION);
		c.decisions = govrec_findings_count(&f, GOVREC_FOUND_DECISION);
		c.links = govrec_findings_count(&f, GOVREC_FOUND_PROPOSAL) +
			  govrec_findings_count(&f, GOVREC_FOUND_METRIC);
		if (d->npassages == 0)
			rc = govrec_error_set(&e, GOVREC_INVALID, "has no text to archive");
	} else if (rc == GOVREC_OK) {
		if (!r->in_batch) {
			rc = govrec_store_begin(r->st, "import", &e);
			r->in_batch = rc == GOVREC_OK;
		}
		if (rc == GOVREC_OK)
			rc = govrec_store_savepoint(r->st, &e);
		if (rc == GOVREC_OK) {
			rc = govrec_document_store(r->st, d, &id, &existed, &e);
			if (rc == GOVREC_OK && !existed)
				rc = govrec_findings_store(r->st, id, d, &f, &c, &e);
			if (rc == GOVREC_OK)
				rc = govrec_store_release(r->st, &e);
			else
				govrec_store_rollback_to(r->st);
		}
	}
	govrec_findings_release(&f);
	if (rc != GOVREC_OK) {
		prefix(&e, "store", name);
		report_failure(r, name, d->importer, &e);
		return;
	}
	memset(&rep, 0, sizeof(rep));
	rep.name = name;
	rep.outcome = o->dry_run ? GOVREC_IMPORT_PARSED
		      : existed  ? GOVREC_IMPORT_SKIPPED
				 : GOVREC_IMPORT_STORED;
	rep.reader = d->importer;
	rep.layout = d->layout;
	rep.kind = d->kind;
	rep.title = d->title;
	rep.date = d->date;
	rep.document = id;
	rep.passages = d->npassages;
	rep.actions = c.actions;
	rep.decisions = c.decisions;
	rep.links = c.links;
	rep.speakers = (const char *const *)r->speakers;
	rep.nspeakers = r->nspeakers;
	rep.unresolved = (const char *const *)r->unresolved;
	rep.nunresolved = r->nunresolved;
	rep.warnings = (const char *const *)d->warnings;
	rep.nwarnings = d->nwarnings;
	rep.warnings_more = d->warnings_more;
	report(r, &rep);
	if (r->in_batch) {
		r->batch_bytes += len;
		if (++r->batch_files >= BATCH_FILES || r->batch_bytes >= BATCH_BYTES)
			end_batch(r);
	}
}

struct mbox_ctx {
	struct run *r;
	const char *name;
};

/*
 * Progress within the file at hand, up to the end of bytes (a part of it: a
 * message of an mbox), scaled to its size on disk: one mbox of 30 000
 * messages is one file, and would otherwise show nothing until it is done.
 */
static void progress_within(struct run *r, const void *bytes, size_t len)
{
	const unsigned char *p = bytes;
	uint64_t upto;

	if (!r->o->progress || !r->file_data || !p || p < r->file_data ||
	    p + len > r->file_data + r->file_len || !r->file_len)
		return;
	upto = (uint64_t)(p + len - r->file_data);
	r->o->progress(r->done + (uint64_t)((double)r->file_size * (double)upto /
					    (double)r->file_len),
		       r->total, r->o->ctx);
}

static int mbox_message(struct govrec_document_draft *d, size_t index,
			const struct govrec_error *perr, void *ctx)
{
	struct mbox_ctx *m = ctx;
	char *label;
	size_t n = strlen(m->name) + 32;

	label = malloc(n);
	if (!label)
		govrec_oom();
	snprintf(label, n, "%s message %zu", m->name, index);
	if (d)
		progress_within(m->r, d->bytes, d->size);
	if (d) {
		finish(m->r, label, m->name, "mbox", d, NULL, 0);
	} else {
		struct govrec_error e = *perr;

		prefix(&e, "read", label);
		report_failure(m->r, label, "mbox", &e);
	}
	free(label);
	return 0;
}

static void import_bytes(struct run *r, const char *name, const unsigned char *data, size_t len,
			 unsigned depth);

struct walk_ctx {
	struct run *r;
	const char *name;
	unsigned depth;
};

static int archive_entry(const char *entry, const void *bytes, size_t len, void *ctx)
{
	struct walk_ctx *w = ctx;
	size_t n = strlen(w->name) + strlen(entry) + 2;
	char *label = malloc(n);

	if (!label)
		govrec_oom();
	snprintf(label, n, "%s:%s", w->name, entry);
	import_bytes(w->r, label, bytes, len, w->depth + 1);
	free(label);
	return 0;
}

static void walk_archive(struct run *r, const char *name, const unsigned char *data, size_t len,
			 unsigned depth)
{
	struct walk_ctx w = { r, name, depth };
	struct govrec_error e = GOVREC_ERROR_INIT;
	const unsigned char *file_data = r->file_data;

	if (depth >= r->o->limits.max_depth) {
		fail(r, name, GOVREC_INVALID, "archives are nested deeper than %u levels",
		     r->o->limits.max_depth);
		return;
	}
	/*
	 * The whole walk's first pass checks the archive, data included
	 * (entry names, links, limits, CRCs), so that a hostile archive stores
	 * nothing; its second imports the entries, one in memory at a time.
	 */
	r->file_data = NULL; /* entries: progress per file only */
	if (govrec_archive_walk_whole(data, len, &r->o->limits, archive_entry, &w, &e) !=
	    GOVREC_OK) {
		prefix(&e, "read", name);
		report_failure(r, name, "archive", &e);
	}
	r->file_data = file_data;
}

static int is_gzip(const unsigned char *data, size_t len)
{
	return len >= 3 && data[0] == 0x1f && data[1] == 0x8b && data[2] == 8;
}

/* The name of what a .gz holds: "x.mbox.gz" -> "x.mbox", "x.tgz" -> "x.tar". */
static char *gunzipped_name(const char *name)
{
	size_t n = strlen(name);
	char *s = malloc(n + 5);

	if (!s)
		govrec_oom();
	memcpy(s, name, n + 1);
	if (n > 3 && strcmp(s + n - 3, ".gz") == 0)
		s[n - 3] = '\0';
	else if (n > 4 && strcmp(s + n - 4, ".tgz") == 0)
		strcpy(s + n - 4, ".tar");
	return s;
}

static void import_bytes(struct run *r, const char *name, const unsigned char *data, size_t len,
			 unsigned depth)
{
	const struct govrec_reader *rd, *best = NULL;
	const struct govrec_multi_reader *mr, *mbest = NULL;
	struct govrec_document_draft d;
	struct govrec_error e = GOVREC_ERROR_INIT;
	int score, best_score = 0, mscore = 0;

	if (len == 0) {
		fail(r, name, GOVREC_INVALID, "is empty");
		return;
	}
	if (len > r->o->limits.max_file) {
		fail(r, name, GOVREC_INVALID, "is larger than the limit of %zu bytes",
		     r->o->limits.max_file);
		return;
	}
	if (is_gzip(data, len)) {
		struct govrec_buf out = GOVREC_BUF_INIT;
		char *inner;

		if (depth >= r->o->limits.max_depth) {
			fail(r, name, GOVREC_INVALID, "archives are nested deeper than %u levels",
			     r->o->limits.max_depth);
			return;
		}
		/* A compressed tar: the walker reads it, with its own limits.  Only
		 * its first header is decompressed to tell, not the whole. */
		if (govrec_archive_gzip_tar(data, len)) {
			walk_archive(r, name, data, len, depth);
			return;
		}
		if (govrec_gunzip(data, len, &r->o->limits, &out, &e) != GOVREC_OK) {
			prefix(&e, "read", name);
			report_failure(r, name, "gzip", &e);
			return;
		}
		inner = gunzipped_name(name);
		if (r->file_data == data) { /* the whole file, compressed: progress in its text */
			r->file_data = (const unsigned char *)out.data;
			r->file_len = out.len;
		}
		import_bytes(r, inner, (const unsigned char *)out.data, out.len, depth + 1);
		if (r->file_data == (const unsigned char *)out.data)
			r->file_data = data, r->file_len = len;
		free(inner);
		govrec_buf_release(&out);
		return;
	}
	for (mr = govrec_multi_readers; mr->name; mr++)
		if ((score = mr->detect(data, len, name)) > mscore)
			mscore = score, mbest = mr;
	for (rd = govrec_readers; rd->name; rd++)
		if ((score = rd->detect(data, len, name)) > best_score)
			best_score = score, best = rd;
	/* a zip that a reader knows by its content (DOCX, ODT) is a document, not a folder */
	if (govrec_archive_detect(data, len) && best_score < SURE) {
		walk_archive(r, name, data, len, depth);
		return;
	}
	if (mbest && mscore >= best_score) {
		struct mbox_ctx m = { r, name };

		if (mbest->each(data, len, name, mbox_message, &m, &e) != GOVREC_OK) {
			prefix(&e, "read", name);
			report_failure(r, name, mbest->name, &e);
		}
		return;
	}
	if (!best) {
		const char *z = memchr(data, '\0', len);

		if (z)
			fail(r, name, GOVREC_INVALID,
			     "is not in a format govrec reads (binary data: a NUL byte at byte offset %zu)",
			     (size_t)(z - (const char *)data));
		else
			fail(r, name, GOVREC_INVALID, "is not in a format govrec reads");
		return;
	}
	govrec_draft_init(&d);
	if (r->o->layout) {
		/* --layout: text is read by the reader of that layout, which uses it */
		if (strcmp(best->media_type, "text/plain") == 0)
			best = govrec_layout_reader(r->o->layout, NULL);
		govrec_draft_set(&d.layout, r->o->layout);
	}
	if (best->read(data, len, name, &d, &e) != GOVREC_OK) {
		prefix(&e, "read", name);
		report_failure(r, name, best->name, &e);
	} else {
		if (!d.media_type)
			govrec_draft_set(&d.media_type, best->media_type);
		finish(r, name, name, best->name, &d, data, len);
	}
	govrec_draft_release(&d);
}

static void import_file(struct run *r, const char *path, const struct stat *sb)
{
	struct govrec_buf b = GOVREC_BUF_INIT;
	struct govrec_error e = GOVREC_ERROR_INIT;

	if ((uint64_t)sb->st_size > r->o->limits.max_file) {
		fail(r, path, GOVREC_INVALID, "is larger than the limit of %zu bytes",
		     r->o->limits.max_file);
	} else if (govrec_buf_read_file(&b, path, r->o->limits.max_file, &e) != GOVREC_OK) {
		report_failure(r, path, NULL, &e);
	} else {
		r->file_data = (const unsigned char *)b.data;
		r->file_len = b.len;
		r->file_size = (uint64_t)sb->st_size;
		import_bytes(r, path, (const unsigned char *)b.data, b.len, 0);
		r->file_data = NULL;
	}
	govrec_buf_release(&b);
	r->done += (uint64_t)sb->st_size;
	if (r->o->progress)
		r->o->progress(r->done, r->total, r->o->ctx);
}

static void import_path(struct run *r, const char *path, int top, int count_only)
{
	struct stat sb;
	char **names;
	size_t n, i;

	if ((top ? stat(path, &sb) : lstat(path, &sb)) != 0) {
		if (!count_only)
			fail(r, path, errno == ENOENT ? GOVREC_INVALID : GOVREC_ERROR, "%s",
			     strerror(errno));
		return;
	}
	if (S_ISDIR(sb.st_mode)) {
		names = ingest_list_dir(path, &n);
		if (!names) {
			if (!count_only)
				fail(r, path, GOVREC_ERROR, "%s", strerror(errno));
			return;
		}
		for (i = 0; i < n; i++) {
			size_t len = strlen(path) + strlen(names[i]) + 2;
			char *child = malloc(len);

			if (!child)
				govrec_oom();
			snprintf(child, len, "%s%s%s", path,
				 path[strlen(path) - 1] == '/' ? "" : "/", names[i]);
			import_path(r, child, 0, count_only);
			free(child);
		}
		govrec_strv_free(names, n);
		return;
	}
	if (!S_ISREG(sb.st_mode)) {
		/*
		 * Symbolic links met while walking a directory are left alone (so
		 * a folder cannot pull in files from elsewhere).  Anything else
		 * that is not a file fails like an unreadable file: it is named,
		 * counted, and the import exits non-zero; the rest goes in.
		 */
		if (!count_only && (top || !S_ISLNK(sb.st_mode)))
			fail(r, path, GOVREC_INVALID, "is %s, not a regular file",
			     ingest_file_type(sb.st_mode));
		return;
	}
	if (count_only)
		r->total += (uint64_t)sb.st_size;
	else
		import_file(r, path, &sb);
}

enum govrec_status govrec_import_paths(struct govrec_store *st, const char *const *paths,
				       size_t npaths, const struct govrec_import_options *o,
				       struct govrec_import_summary *s, struct govrec_error *err)
{
	struct run r;
	char **ids = NULL, **names = NULL;
	size_t nmetrics = 0, i;
	int64_t meeting_id;
	enum govrec_status rc;

	memset(s, 0, sizeof(*s));
	s->worst = GOVREC_OK;
	if (o->kind && !govrec_document_kind_valid(o->kind))
		return govrec_error_set(err, GOVREC_INVALID, "kind '%.30s' is not a document kind",
					o->kind);
	if (o->date && (rc = govrec_date_check(o->date, "date", err)) != GOVREC_OK)
		return rc;
	if (o->meeting && (rc = govrec_meeting_id(st, o->meeting, &meeting_id, err)) != GOVREC_OK)
		return rc;
	if (o->layout && !govrec_layout_reader(o->layout, err))
		return GOVREC_INVALID;
	rc = govrec_metric_catalog(st, &ids, &names, &nmetrics, err);
	if (rc != GOVREC_OK)
		return rc;
	memset(&r, 0, sizeof(r));
	if (o->meeting) {
		struct govrec_meeting m;

		if ((rc = govrec_meeting_load(st, o->meeting, &m, err)) != GOVREC_OK) {
			govrec_strv_free(ids, nmetrics);
			govrec_strv_free(names, nmetrics);
			return rc;
		}
		memcpy(r.meeting_date, m.date, sizeof(r.meeting_date));
		govrec_meeting_release(&m);
	}
	r.st = st;
	r.o = o;
	r.s = s;
	rc = govrec_extractor_new((const char *const *)ids, (const char *const *)names, nmetrics,
				  &r.x, err);
	govrec_strv_free(ids, nmetrics);
	govrec_strv_free(names, nmetrics);
	if (rc != GOVREC_OK)
		return rc;
	if (o->progress)
		for (i = 0; i < npaths; i++)
			import_path(&r, paths[i], 1, 1);
	for (i = 0; i < npaths; i++)
		import_path(&r, paths[i], 1, 0);
	end_batch(&r);
	free(r.pending);
	clear_people(&r);
	govrec_extractor_free(r.x);
	return GOVREC_OK;
}
