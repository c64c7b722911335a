/*
 * office.c - the pieces the DOCX and ODT readers share (see office.h).
 *
 * A package is unpacked once, through the same archive walker and limits as
 * any imported archive, keeping only the parts a reader may parse: XML
 * parts, relationship parts and the ODF mimetype entry.  Pictures and other
 * media are read (the limits see them) but not kept, and a part over
 * GOVREC_XML_MAX_PART is refused while it is read, before it is whole.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "govrec/archive.h"
#include "govrec/draft.h"
#include "govrec/util.h"
#include "office.h"
#include "xml.h"
#include "readutil.h"

/* The parts a reader may parse: XML, relationships, the ODF mimetype entry. */
static int wanted(const char *name)
{
	return govrec_ends_with(name, ".xml", 0) || govrec_ends_with(name, ".rels", 0) ||
	       strcmp(name, "mimetype") == 0;
}

static int keep_part(const char *name, const void *bytes, size_t len, void *ctx)
{
	struct govrec_office_package *pkg = ctx;
	struct govrec_office_part *p;

	if (!wanted(name))
		return 0;
	if (pkg->nparts == pkg->cap) {
		size_t cap = pkg->cap ? pkg->cap * 2 : 16;
		struct govrec_office_part *n = realloc(pkg->parts, cap * sizeof(*n));

		if (!n)
			govrec_oom();
		pkg->parts = n;
		pkg->cap = cap;
	}
	p = &pkg->parts[pkg->nparts];
	p->name = strdup(name);
	p->data = malloc(len + 1);
	if (!p->name || !p->data)
		govrec_oom();
	memcpy(p->data, bytes, len);
	p->data[len] = '\0';
	p->len = len;
	pkg->nparts++;
	return 0;
}

enum govrec_status govrec_office_unpack(const void *data, size_t len,
					struct govrec_office_package *pkg,
					struct govrec_error *err)
{
	static const struct govrec_archive_parts parts = { wanted, GOVREC_XML_MAX_PART,
							   "one XML part" };

	memset(pkg, 0, sizeof(*pkg));
	return govrec_archive_walk_parts(data, len, NULL, &parts, keep_part, pkg, err);
}

void govrec_office_release(struct govrec_office_package *pkg)
{
	size_t i;

	for (i = 0; i < pkg->nparts; i++) {
		free(pkg->parts[i].name);
		free(pkg->parts[i].data);
	}
	free(pkg->parts);
	memset(pkg, 0, sizeof(*pkg));
}

const struct govrec_office_part *govrec_office_part(const struct govrec_office_package *pkg,
						    const char *name)
{
	size_t i;

	for (i = 0; i < pkg->nparts; i++)
		if (strcmp(pkg->parts[i].name, name) == 0)
			return &pkg->parts[i];
	return NULL;
}

static unsigned get16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)get16(p) | (uint32_t)get16(p + 2) << 16;
}

/*
 * The names come from the zip's central directory, found through the end of
 * central directory record: only the package's own entries count, never
 * names inside a document stored in a zip (a meeting folder holding a .docx
 * is not a .docx).  Every offset is checked against len.
 */
int govrec_office_has_entry(const void *data, size_t len, const char *name)
{
	const unsigned char *s = data, *eocd = NULL;
	size_t n = strlen(name), i, p, entries, stop;

	if (len < 22 || memcmp(s, "PK\x03\x04", 4) != 0)
		return 0;
	stop = len - 22 > 0xffff ? len - 22 - 0xffff : 0;
	for (i = len - 22 + 1; i-- > stop;)
		if (memcmp(s + i, "PK\x05\x06", 4) == 0) {
			eocd = s + i;
			break;
		}
	if (!eocd)
		return 0;
	entries = get16(eocd + 10);
	p = get32(eocd + 16);
	for (i = 0; i < entries; i++) {
		size_t nlen, total;

		if (p > len || len - p < 46 || memcmp(s + p, "PK\x01\x02", 4) != 0)
			return 0;
		nlen = get16(s + p + 28);
		total = 46 + nlen + get16(s + p + 30) + get16(s + p + 32);
		if (len - p < total)
			return 0;
		if (nlen == n && memcmp(s + p + 46, name, n) == 0)
			return 1;
		p += total;
	}
	return 0;
}

void govrec_outline_init(struct govrec_outline *o)
{
	int i;

	for (i = 0; i < GOVREC_OUTLINE_LEVELS; i++)
		govrec_buf_init(&o->heads[i]);
	govrec_buf_init(&o->path);
}

void govrec_outline_release(struct govrec_outline *o)
{
	int i;

	for (i = 0; i < GOVREC_OUTLINE_LEVELS; i++)
		govrec_buf_release(&o->heads[i]);
	govrec_buf_release(&o->path);
}

void govrec_outline_set(struct govrec_outline *o, int level, const char *text)
{
	int i;

	if (level < 1)
		level = 1;
	if (level > GOVREC_OUTLINE_LEVELS)
		level = GOVREC_OUTLINE_LEVELS;
	govrec_buf_reset(&o->heads[level - 1]);
	govrec_buf_adds(&o->heads[level - 1], text);
	govrec_buf_trim(&o->heads[level - 1]);
	/* A heading spread over lines is one heading. */
	for (i = 0; i < (int)o->heads[level - 1].len; i++)
		if (o->heads[level - 1].data[i] == '\n' || o->heads[level - 1].data[i] == '\t')
			o->heads[level - 1].data[i] = ' ';
	for (i = level; i < GOVREC_OUTLINE_LEVELS; i++)
		govrec_buf_reset(&o->heads[i]);
	govrec_buf_reset(&o->path);
	for (i = 0; i < GOVREC_OUTLINE_LEVELS; i++) {
		if (!o->heads[i].len)
			continue;
		if (o->path.len)
			govrec_buf_adds(&o->path, " / ");
		govrec_buf_add(&o->path, o->heads[i].data, o->heads[i].len);
	}
}

enum govrec_status govrec_outline_add(struct govrec_outline *o,
				      struct govrec_document_draft *d, const char *body,
				      struct govrec_error *err)
{
	if (govrec_draft_add_capped(d, NULL, GOVREC_NO_TIME, GOVREC_NO_TIME,
			     o->path.len ? o->path.data : NULL, body))
		return govrec_error_oom(err);
	return GOVREC_OK;
}

int govrec_office_set_date(struct govrec_document_draft *d, const char *stamp)
{
	char date[11];

	if (d->date || !stamp)
		return 0;
	while (*stamp == ' ' || *stamp == '\n' || *stamp == '\t' || *stamp == '\r')
		stamp++;
	if (strlen(stamp) < 10 || (stamp[10] && stamp[10] != 'T' && stamp[10] != ' ' &&
				   stamp[10] != '\n' && stamp[10] != 'Z'))
		return 0;
	memcpy(date, stamp, 10);
	date[10] = '\0';
	if (!govrec_date_valid(date))
		return 0;
	govrec_draft_set(&d->date, date);
	return 1;
}

void govrec_office_set_title(struct govrec_document_draft *d, const char *text)
{
	struct govrec_buf b = GOVREC_BUF_INIT;
	size_t i;

	if (d->title || !text)
		return;
	govrec_buf_adds(&b, text);
	govrec_buf_trim(&b);
	for (i = 0; i < b.len; i++)
		if (b.data[i] == '\n' || b.data[i] == '\t' || b.data[i] == '\r')
			b.data[i] = ' ';
	if (b.len)
		govrec_draft_set(&d->title, b.data);
	govrec_buf_release(&b);
}

enum govrec_status govrec_office_queue_push(struct govrec_office_queue *q, int kind,
					    const void *node, void *note,
					    struct govrec_error *err)
{
	if (q->n == q->cap) {
		size_t cap = q->cap ? q->cap * 2 : 16;
		struct govrec_office_item *v = realloc(q->v, cap * sizeof(*v));

		if (!v)
			return govrec_error_oom(err);
		q->v = v;
		q->cap = cap;
	}
	q->v[q->n].kind = kind;
	q->v[q->n].node = node;
	q->v[q->n].note = note;
	q->n++;
	return GOVREC_OK;
}

void govrec_office_queue_release(struct govrec_office_queue *q)
{
	free(q->v);
	memset(q, 0, sizeof(*q));
}
