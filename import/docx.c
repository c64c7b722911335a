/*
 * docx.c - the DOCX reader (Office Open XML WordprocessingML, transitional
 * and strict).
 *
 * The package is unpacked with the archive walker's limits (office.c), the
 * main part found through the officeDocument relationship of _rels/.rels
 * (word/document.xml when there is none), its styles through the main part's
 * own relationships (word/styles.xml when there are none), and the title and
 * date in docProps/core.xml.  Every part is parsed by govrec_xml_parse(), so
 * a part that declares a DOCTYPE is refused.
 *
 * This file is the package: its parts, their relationships, the core
 * properties, and the read and detect entry points.  The main part's body is
 * read by docx-body.c, and the passages that follow a block's own (text
 * boxes, notes, comments) are docx-notes.c's; docx-int.h is what the three
 * share.  They are named docx-* after the reader they make up, as the
 * office.c helpers the DOCX and ODT readers share are named after both.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "govrec/readers.h"
#include "govrec/archive.h"
#include "govrec/draft.h"
#include "docx-int.h"
#include "office.h"
#include "xml.h"

#define NS_W        "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_W_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define NS_REL      "http://schemas.openxmlformats.org/package/2006/relationships"
#define NS_DC       "http://purl.org/dc/elements/1.1/"
#define NS_DCTERMS  "http://purl.org/dc/terms/"
#define MEDIA_TYPE  "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

/* --- relationships -------------------------------------------------------- */

/*
 * Resolves a relationship target against the folder of the part that holds
 * the relationships ("word/"), into out.  Returns 0 when the target climbs
 * above the package root.
 */
static int resolve(const char *dir, const char *target, struct govrec_buf *out)
{
	struct govrec_buf path = GOVREC_BUF_INIT;
	const char *p;
	int ok = 1;

	govrec_buf_reset(out);
	if (target[0] != '/')
		govrec_buf_adds(&path, dir);
	govrec_buf_adds(&path, target);
	for (p = path.data; *p && ok;) {
		size_t n = strcspn(p, "/");

		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* nothing */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			char *slash;

			if (!out->len) {
				ok = 0;
				break;
			}
			slash = strrchr(out->data, '/');
			govrec_buf_setlen(out, slash ? (size_t)(slash - out->data) : 0);
		} else {
			if (out->len)
				govrec_buf_addch(out, '/');
			govrec_buf_add(out, p, n);
		}
		p += n;
		if (*p == '/')
			p++;
	}
	govrec_buf_release(&path);
	return ok && out->len;
}

/*
 * Finds, in the relationships part rels_name, the internal relationship
 * whose type ends in type_suffix, and puts its resolved target in out.
 * Returns 1 when found; 0 when the part or the relationship is missing.
 */
enum govrec_status docx_find_rel(const struct govrec_office_package *pkg, const char *rels_name,
				 const char *dir, const char *type_suffix, struct govrec_buf *out,
				 int *found, struct govrec_error *err)
{
	const struct govrec_office_part *part = govrec_office_part(pkg, rels_name);
	size_t m = strlen(type_suffix);
	enum govrec_status rc;
	xmlDocPtr doc;
	xmlNode *n;

	*found = 0;
	if (!part)
		return GOVREC_OK;
	rc = govrec_xml_parse(part->data, part->len, part->name, &doc, err);
	if (rc != GOVREC_OK)
		return rc;
	for (n = xmlDocGetRootElement(doc)->children; n && !*found; n = n->next) {
		const char *type = govrec_xml_attr(n, NULL, "Type");
		const char *target = govrec_xml_attr(n, NULL, "Target");
		const char *mode = govrec_xml_attr(n, NULL, "TargetMode");
		size_t tl;

		if (!govrec_xml_is(n, NS_REL, "Relationship") || !type || !target ||
		    (mode && strcmp(mode, "Internal") != 0))
			continue;
		tl = strlen(type);
		if (tl > m && strcmp(type + tl - m, type_suffix) == 0)
			*found = resolve(dir, target, out);
	}
	xmlFreeDoc(doc);
	return GOVREC_OK;
}

/* The relationships part of a part: word/document.xml -> word/_rels/document.xml.rels */
static void rels_of(const char *part, struct govrec_buf *rels, struct govrec_buf *dir)
{
	const char *slash = strrchr(part, '/');
	size_t dlen = slash ? (size_t)(slash - part) + 1 : 0;

	govrec_buf_reset(dir);
	govrec_buf_add(dir, part, dlen);
	govrec_buf_reset(rels);
	govrec_buf_addf(rels, "%s_rels/%s.rels", dir->data, part + dlen);
}

/* --- the reader ----------------------------------------------------------- */

static enum govrec_status read_core(struct docx *x, const struct govrec_office_part *core)
{
	static const char *const dates[] = { "created", "modified" };
	struct govrec_buf text = GOVREC_BUF_INIT;
	enum govrec_status rc;
	xmlDocPtr doc;
	xmlNode *root;
	size_t i;

	rc = govrec_xml_parse(core->data, core->len, core->name, &doc, x->err);
	if (rc != GOVREC_OK)
		return rc;
	root = xmlDocGetRootElement(doc);
	govrec_xml_text(govrec_xml_child(root, NS_DC, "title"), &text);
	govrec_office_set_title(x->d, text.data);
	for (i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
		govrec_buf_reset(&text);
		govrec_xml_text(govrec_xml_child(root, NS_DCTERMS, dates[i]), &text);
		if (govrec_office_set_date(x->d, text.data))
			break;
	}
	govrec_buf_release(&text);
	xmlFreeDoc(doc);
	return GOVREC_OK;
}

enum govrec_status govrec_docx_read(const unsigned char *data, size_t len, const char *name,
				    struct govrec_document_draft *d, struct govrec_error *err)
{
	struct govrec_office_package pkg;
	const struct govrec_office_part *main_part, *part;
	struct govrec_buf main_name = GOVREC_BUF_INIT, rels = GOVREC_BUF_INIT,
			  dir = GOVREC_BUF_INIT, target = GOVREC_BUF_INIT;
	xmlDocPtr doc = NULL, styles = NULL;
	struct docx x;
	xmlNode *root, *body;
	size_t k;
	int found;
	enum govrec_status rc;

	memset(&x, 0, sizeof(x));
	x.d = d;
	x.err = err;
	govrec_outline_init(&x.outline);
	rc = govrec_office_unpack(data, len, &pkg, err);
	if (rc != GOVREC_OK)
		goto out;
	rc = docx_find_rel(&pkg, "_rels/.rels", "", "/officeDocument", &main_name, &found, err);
	if (rc != GOVREC_OK)
		goto out;
	if (!found)
		govrec_buf_adds(&main_name, "word/document.xml");
	main_part = govrec_office_part(&pkg, main_name.data);
	if (!main_part) {
		rc = govrec_error_set(err, GOVREC_INVALID,
				      "is not a Word document: it has no main document part "
				      "('%s')",
				      main_name.data);
		goto out;
	}
	rc = govrec_xml_parse(main_part->data, main_part->len, main_part->name, &doc, err);
	if (rc != GOVREC_OK)
		goto out;
	root = xmlDocGetRootElement(doc);
	if (root->ns && root->ns->href && strcmp((const char *)root->ns->href, NS_W_STRICT) == 0)
		x.ns = NS_W_STRICT;
	else
		x.ns = NS_W;
	if (!govrec_xml_is(root, x.ns, "document")) {
		rc = govrec_error_set(err, GOVREC_INVALID,
				      "%s is not a WordprocessingML document (its root is '%s')",
				      main_part->name, (const char *)root->name);
		goto out;
	}
	/* Styles and core properties, through relationships or where they usually are. */
	rels_of(main_part->name, &rels, &dir);
	rc = docx_find_rel(&pkg, rels.data, dir.data, "/styles", &target, &found, err);
	if (rc != GOVREC_OK)
		goto out;
	part = govrec_office_part(&pkg, found ? target.data : "word/styles.xml");
	if (part) {
		rc = govrec_xml_parse(part->data, part->len, part->name, &styles, err);
		if (rc == GOVREC_OK)
			rc = docx_read_styles(&x, styles);
		if (rc != GOVREC_OK)
			goto out;
	}
	rc = docx_find_rel(&pkg, "_rels/.rels", "", "/metadata/core-properties", &target, &found,
			   err);
	if (rc != GOVREC_OK)
		goto out;
	part = govrec_office_part(&pkg, found ? target.data : "docProps/core.xml");
	if (part && (rc = read_core(&x, part)) != GOVREC_OK)
		goto out;
	for (k = 0; k < NKINDS; k++)
		if ((rc = docx_read_notes(&x, &pkg, k, rels.data, dir.data)) != GOVREC_OK)
			goto out;
	body = govrec_xml_child(root, x.ns, "body");
	if (body)
		docx_blocks(&x, body);
	if (x.rc == GOVREC_OK)
		docx_unreferenced_notes(&x);
	rc = x.rc;
	if (rc != GOVREC_OK)
		goto out;
	if (!d->kind)
		govrec_draft_set(&d->kind, "notes");
	if (!d->media_type)
		govrec_draft_set(&d->media_type, MEDIA_TYPE);
	if (!d->importer) {
		d->importer = "docx";
		d->importer_version = GOVREC_READER_VERSION;
	}
out:
	xmlFreeDoc(styles);
	xmlFreeDoc(doc);
	free(x.styles);
	docx_notes_release(&x);
	govrec_outline_release(&x.outline);
	govrec_buf_release(&target);
	govrec_buf_release(&dir);
	govrec_buf_release(&rels);
	govrec_buf_release(&main_name);
	govrec_office_release(&pkg);
	return rc;
}

/* Stops the walk at [Content_Types].xml and remembers whether it names WordprocessingML. */
static int content_types(const char *name, const void *bytes, size_t len, void *ctx)
{
	static const char wml[] = "wordprocessingml.document.main+xml";
	const char *s = bytes, *end = s + len;

	if (strcmp(name, "[Content_Types].xml") != 0)
		return 0;
	while (s && (size_t)(end - s) >= sizeof(wml) - 1) {
		s = memchr(s, 'w', (size_t)(end - s) - (sizeof(wml) - 1) + 1);
		if (s && memcmp(s, wml, sizeof(wml) - 1) == 0) {
			*(int *)ctx = 1;
			break;
		}
		if (s)
			s++;
	}
	return 1;
}

int govrec_docx_detect(const unsigned char *data, size_t len, const char *name)
{
	size_t n = name ? strlen(name) : 0;
	int by_name = n >= 5 && strcasecmp(name + n - 5, ".docx") == 0;
	int wml = 0;

	if (len < 4 || memcmp(data, "PK\x03\x04", 4) != 0)
		return 0;
	if (govrec_office_has_entry(data, len, "word/document.xml"))
		return 95;
	if (govrec_office_has_entry(data, len, "[Content_Types].xml")) {
		govrec_archive_walk(data, len, NULL, content_types, &wml, NULL);
		if (wml)
			return 90;
	}
	return by_name ? 40 : 0;
}

const struct govrec_reader govrec_reader_docx = GOVREC_READER_DOCX;
