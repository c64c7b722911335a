/*
 * mbox.c - mailing-list archives in mbox format (the secretariat's monthly
 * pipermail archives), one document per message.
 *
 * Messages start at a "From " line at the beginning of the file or after a
 * blank line.  Each message's own bytes are its document's original, so the
 * same message archived twice (in two monthly files) is one document.
 * Headers are unfolded and RFC 2047 encoded words decoded; the body is the
 * text/plain parts of the MIME tree (multipart walked, attachments skipped,
 * quoted-printable and base64 decoded, the declared charset converted with
 * iconv), or the text of the first text/html part when there is no
 * text/plain (its headings kept as lines of their own).  A body that
 * declares no charset and is not UTF-8, or declares one iconv does not
 * know or that its bytes do not fit, is read as windows-1252, what such
 * mail almost always is, with a warning; one that declares UTF-8 and has
 * bad bytes keeps the rest, the bad bytes read as U+FFFD.  A message that
 * cannot be read is reported to the caller and the next one is read.
 */
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "govrec/util.h"
#include "govrec/buf.h"
#include "govrec/json.h"
#include "readers-int.h"
#include "readutil.h"
#include "html-int.h"

#define MIME_DEPTH 8

struct header {
	char name[32];
	struct govrec_buf value;
};

struct headers {
	struct header h[64];
	size_t n;
};

static void headers_release(struct headers *hs)
{
	size_t i;

	for (i = 0; i < hs->n; i++)
		govrec_buf_release(&hs->h[i].value);
	hs->n = 0;
}

static const char *header_get(const struct headers *hs, const char *name)
{
	size_t i;

	for (i = 0; i < hs->n; i++)
		if (strcasecmp(hs->h[i].name, name) == 0)
			return hs->h[i].value.data;
	return NULL;
}

/* Parses headers from s up to the blank line; returns the offset of the body. */
static size_t parse_headers(const char *s, size_t n, struct headers *hs)
{
	size_t i = 0;
	struct header *cur = NULL;

	hs->n = 0;
	while (i < n) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - s) : n, ln = e - i;
		const char *colon;

		if (ln && s[i + ln - 1] == '\r')
			ln--;
		if (ln == 0)
			return nl ? e + 1 : n;
		if ((s[i] == ' ' || s[i] == '\t') && cur) {
			add_words(&cur->value, s + i, ln);
		} else if ((colon = memchr(s + i, ':', ln)) != NULL &&
			   (size_t)(colon - (s + i)) < sizeof(cur->name) && hs->n < 64) {
			size_t nl_len = (size_t)(colon - (s + i));

			cur = &hs->h[hs->n++];
			memcpy(cur->name, s + i, nl_len);
			cur->name[nl_len] = '\0';
			govrec_buf_init(&cur->value);
			add_words(&cur->value, colon + 1, ln - nl_len - 1);
		} else {
			cur = NULL;
		}
		i = nl ? e + 1 : n;
	}
	return n;
}

/* A parameter of a header value: charset="utf-8"; boundary=... */
static int header_param(const char *v, const char *param, char *out, size_t max)
{
	size_t m = strlen(param);
	const char *p = v;

	while (v && (p = strchr(p, ';')) != NULL) {
		size_t k = 0;

		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, param, m) != 0 || p[m] != '=')
			continue;
		p += m + 1;
		if (*p == '"') {
			p++;
			while (*p && *p != '"' && k + 1 < max)
				out[k++] = *p++;
		} else {
			while (*p && *p != ';' && *p != ' ' && k + 1 < max)
				out[k++] = *p++;
		}
		out[k] = '\0';
		return k > 0;
	}
	return 0;
}

static void decode_qp(struct govrec_buf *out, const char *s, size_t n, int header)
{
	size_t i = 0;

	while (i < n) {
		if (s[i] == '=' && i + 1 < n) {
			int a = govrec_hex_value((unsigned char)s[i + 1]);
			int b = i + 2 < n ? govrec_hex_value((unsigned char)s[i + 2]) : -1;

			if (a >= 0 && b >= 0) {
				govrec_buf_addch(out, a * 16 + b);
				i += 3;
				continue;
			}
			/* a soft line break */
			if (s[i + 1] == '\n' || (s[i + 1] == '\r' && i + 2 < n && s[i + 2] == '\n')) {
				i += s[i + 1] == '\r' ? 3 : 2;
				continue;
			}
		}
		govrec_buf_addch(out, header && s[i] == '_' ? ' ' : s[i]);
		i++;
	}
}

static void decode_b64(struct govrec_buf *out, const char *s, size_t n)
{
	unsigned long acc = 0;
	int bits = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		int c = (unsigned char)s[i], v;

		if (c >= 'A' && c <= 'Z')
			v = c - 'A';
		else if (c >= 'a' && c <= 'z')
			v = c - 'a' + 26;
		else if (c >= '0' && c <= '9')
			v = c - '0' + 52;
		else if (c == '+')
			v = 62;
		else if (c == '/')
			v = 63;
		else if (c == '=')
			break;
		else
			continue;
		acc = (acc << 6) | (unsigned long)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			govrec_buf_addch(out, (int)((acc >> bits) & 0xff));
		}
	}
}

static int charset_is_utf8(const char *cs)
{
	return !cs || !*cs || strcasecmp(cs, "utf-8") == 0 || strcasecmp(cs, "utf8") == 0 ||
	       strcasecmp(cs, "us-ascii") == 0 || strcasecmp(cs, "ascii") == 0;
}

/* Converts in (charset cs) to UTF-8, appending to out. */
static enum govrec_status to_utf8(const char *cs, const char *in, size_t n, struct govrec_buf *out,
				  struct govrec_error *err)
{
	iconv_t cd;
	char *ip = (char *)(uintptr_t)in;
	size_t left = n;

	if (charset_is_utf8(cs)) {
		enum govrec_status rc = govrec_utf8_check(in, n, err);

		if (rc == GOVREC_OK)
			govrec_buf_add(out, in, n);
		return rc;
	}
	cd = iconv_open("UTF-8", cs);
	if (cd == (iconv_t)-1)
		return govrec_error_set(err, GOVREC_INVALID, "declares the unknown charset '%.40s'",
					cs);
	while (left > 0) {
		char *op;
		size_t room, r;

		govrec_buf_grow(out, left * 4 + 16);
		op = out->data + out->len;
		room = out->cap - out->len - 1;
		r = iconv(cd, &ip, &left, &op, &room);
		govrec_buf_setlen(out, (size_t)(op - out->data));
		if (r == (size_t)-1 && errno != E2BIG) {
			iconv_close(cd);
			return govrec_error_set(err, GOVREC_INVALID,
						"is not valid %.40s at byte %zu of its body", cs,
						(size_t)(ip - in));
		}
	}
	iconv_close(cd);
	return GOVREC_OK;
}

/* windows-1252's 0x80-0x9f; the five it leaves undefined read as U+FFFD. */
static const unsigned short cp1252_high[32] = {
	0x20ac, 0xfffd, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0xfffd, 0x017d, 0xfffd,
	0xfffd, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0xfffd, 0x017e, 0x0178,
};

static void from_cp1252(const char *in, size_t n, struct govrec_buf *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)in[i];

		if (c < 0x80)
			govrec_buf_addch(out, c);
		else
			add_utf8(out, c < 0xa0 ? cp1252_high[c - 0x80] : c);
	}
}

/* UTF-8 with each byte that does not belong to a sequence read as U+FFFD. */
static void from_bad_utf8(const char *in, size_t n, struct govrec_buf *out)
{
	size_t i = 0;

	while (i < n) {
		size_t k = utf8_seq_len((const unsigned char *)in + i, n - i);

		if (k) {
			govrec_buf_add(out, in + i, k);
			i += k;
		} else {
			govrec_buf_adds(out, "\xef\xbf\xbd");
			i++;
		}
	}
}

/*
 * A body part's text in charset cs, appended to out as UTF-8.  Never fails:
 * what to_utf8() refuses is read as windows-1252 (or, when the part says
 * UTF-8, with U+FFFD for the bad bytes), and a warning on d says so.
 */
static void body_to_utf8(struct govrec_document_draft *d, const char *cs, const char *in,
			 size_t n, struct govrec_buf *out)
{
	struct govrec_error e = GOVREC_ERROR_INIT;
	size_t mark = out->len;
	int says_utf8 = strcasecmp(cs, "utf-8") == 0 || strcasecmp(cs, "utf8") == 0;

	if (to_utf8(cs, in, n, out, &e) == GOVREC_OK)
		return;
	govrec_buf_setlen(out, mark);
	if (says_utf8) {
		from_bad_utf8(in, n, out);
		govrec_draft_warn(d, "the body %s: the bad bytes read as U+FFFD", e.msg);
		return;
	}
	from_cp1252(in, n, out);
	if (!*cs)
		govrec_draft_warn(d, "the body declares no charset and %s: read as windows-1252",
				  e.msg);
	else
		govrec_draft_warn(d, "the body %s: read as windows-1252", e.msg);
}

/* Decodes RFC 2047 encoded words in a header value. */
static void decode_header(const char *v, struct govrec_buf *out)
{
	const char *p = v;
	int last_encoded = 0;

	while (*p) {
		const char *q, *cs_end, *enc_end, *end;

		if (p[0] == '=' && p[1] == '?' && (cs_end = strchr(p + 2, '?')) != NULL &&
		    cs_end[1] && cs_end[2] == '?' && (end = strstr(cs_end + 3, "?=")) != NULL) {
			struct govrec_buf raw = GOVREC_BUF_INIT;
			char cs[48];
			size_t csl = (size_t)(cs_end - (p + 2));
			int enc = toupper((unsigned char)cs_end[1]);

			enc_end = cs_end + 3;
			if (csl < sizeof(cs) && (enc == 'Q' || enc == 'B')) {
				memcpy(cs, p + 2, csl);
				cs[csl] = '\0';
				if (strchr(cs, '*'))
					*strchr(cs, '*') = '\0';
				if (enc == 'Q')
					decode_qp(&raw, enc_end, (size_t)(end - enc_end), 1);
				else
					decode_b64(&raw, enc_end, (size_t)(end - enc_end));
				if (to_utf8(cs, raw.data, raw.len, out, NULL) != GOVREC_OK)
					govrec_buf_adds(out, "\xef\xbf\xbd");
				govrec_buf_release(&raw);
				p = end + 2;
				last_encoded = 1;
				continue;
			}
			govrec_buf_release(&raw);
		}
		/* white space between two encoded words is dropped */
		for (q = p; *q == ' ' || *q == '\t'; q++)
			;
		if (last_encoded && q > p && q[0] == '=' && q[1] == '?') {
			p = q;
			continue;
		}
		last_encoded = 0;
		govrec_buf_addch(out, *p++);
	}
}

struct body {
	struct govrec_document_draft *d; /* for warnings */
	struct govrec_buf text;
	struct govrec_buf html;
	int depth;
};

static enum govrec_status mime_part(const struct headers *hs, const char *s, size_t n,
				    struct body *b, struct govrec_error *err);

static enum govrec_status multipart(const char *boundary, const char *s, size_t n,
				    struct body *b, struct govrec_error *err)
{
	struct govrec_buf delim = GOVREC_BUF_INIT;
	const char *p = s, *end = s + n, *part = NULL;
	enum govrec_status rc = GOVREC_OK;

	govrec_buf_addf(&delim, "--%s", boundary);
	while (p < end && rc == GOVREC_OK) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		size_t ln = (size_t)(le - p);

		if (ln && p[ln - 1] == '\r')
			ln--;
		if (ln >= delim.len && memcmp(p, delim.data, delim.len) == 0) {
			int last = ln >= delim.len + 2 && memcmp(p + delim.len, "--", 2) == 0;

			if (part) {
				struct headers ph;
				size_t plen = (size_t)(p - part), off;

				off = parse_headers(part, plen, &ph);
				rc = mime_part(&ph, part + off, plen - off, b, err);
				headers_release(&ph);
			}
			part = nl ? nl + 1 : end;
			if (last)
				break;
		}
		p = nl ? nl + 1 : end;
	}
	govrec_buf_release(&delim);
	return rc;
}

static enum govrec_status mime_part(const struct headers *hs, const char *s, size_t n,
				    struct body *b, struct govrec_error *err)
{
	const char *ct = header_get(hs, "Content-Type");
	const char *cte = header_get(hs, "Content-Transfer-Encoding");
	const char *disp = header_get(hs, "Content-Disposition");
	struct govrec_buf decoded = GOVREC_BUF_INIT;
	char param[200];
	enum govrec_status rc = GOVREC_OK;
	int plain, html;

	if (!ct || !*ct)
		ct = "text/plain";
	if (strncasecmp(ct, "multipart/", 10) == 0) {
		if (b->depth >= MIME_DEPTH)
			return govrec_error_set(err, GOVREC_INVALID,
						"has MIME parts nested deeper than %d", MIME_DEPTH);
		if (!header_param(ct, "boundary", param, sizeof(param)))
			return govrec_error_set(err, GOVREC_INVALID,
						"has a multipart body without a boundary");
		b->depth++;
		rc = multipart(param, s, n, b, err);
		b->depth--;
		return rc;
	}
	if (disp && strncasecmp(disp, "attachment", 10) == 0)
		return GOVREC_OK;
	plain = strncasecmp(ct, "text/plain", 10) == 0;
	html = strncasecmp(ct, "text/html", 9) == 0;
	if (!plain && !(html && !b->html.len))
		return GOVREC_OK;
	if (cte && strncasecmp(cte, "quoted-printable", 16) == 0)
		decode_qp(&decoded, s, n, 0);
	else if (cte && strncasecmp(cte, "base64", 6) == 0)
		decode_b64(&decoded, s, n);
	else
		govrec_buf_add(&decoded, s, n);
	if (!header_param(ct, "charset", param, sizeof(param)))
		param[0] = '\0';
	if (plain) {
		if (b->text.len)
			govrec_buf_adds(&b->text, "\n\n");
		body_to_utf8(b->d, param, decoded.data ? decoded.data : "", decoded.len, &b->text);
	} else {
		body_to_utf8(b->d, param, decoded.data ? decoded.data : "", decoded.len, &b->html);
	}
	govrec_buf_release(&decoded);
	return rc;
}

/* The sender's name: "Byron Holland <b@x>", "b at x (Byron Holland)", or the address. */
static void sender_name(const char *from, struct govrec_buf *out)
{
	const char *lt = strchr(from, '<'), *lp = strchr(from, '('), *rp;

	if (lt && lt > from) {
		govrec_buf_add(out, from, (size_t)(lt - from));
	} else if (lp && (rp = strchr(lp, ')')) != NULL) {
		govrec_buf_add(out, lp + 1, (size_t)(rp - lp - 1));
	} else {
		govrec_buf_adds(out, from);
	}
	govrec_buf_trim(out);
	if (out->len >= 2 && out->data[0] == '"' && out->data[out->len - 1] == '"') {
		memmove(out->data, out->data + 1, out->len - 2);
		govrec_buf_setlen(out, out->len - 2);
	}
}

static enum govrec_status read_message(const char *s, size_t n, struct govrec_document_draft *d,
				       struct govrec_error *err)
{
	struct headers hs;
	struct body b;
	struct govrec_buf meta = GOVREC_BUF_INIT, v = GOVREC_BUF_INIT, who = GOVREC_BUF_INIT;
	struct govrec_json j;
	const char *nl = memchr(s, '\n', n), *val;
	size_t off, start = nl ? (size_t)(nl - s) + 1 : n;
	enum govrec_status rc;
	char date[11];
	static const struct {
		const char *header, *key;
	} fields[] = { { "From", "from" },           { "Date", "date" },
		       { "Subject", "subject" },     { "Message-ID", "message_id" },
		       { "In-Reply-To", "in_reply_to" }, { NULL, NULL } };
	size_t k;

	memset(&b, 0, sizeof(b));
	b.d = d;
	govrec_buf_init(&b.text);
	govrec_buf_init(&b.html);
	off = start + parse_headers(s + start, n - start, &hs);
	rc = mime_part(&hs, s + off, n - off, &b, err);
	if (rc != GOVREC_OK)
		goto out;
	if (!b.text.len && b.html.len) {
		struct govrec_document_draft h;
		size_t i;

		govrec_draft_init(&h);
		if (html_read((const unsigned char *)b.html.data, b.html.len, HTML_HEADING_PASSAGES, &h,
			      NULL) == GOVREC_OK)
			for (i = 0; i < h.npassages; i++) {
				if (b.text.len)
					govrec_buf_adds(&b.text, "\n\n");
				govrec_buf_adds(&b.text, h.passages[i].body);
			}
		govrec_draft_release(&h);
	}
	govrec_json_init(&j, &meta);
	govrec_json_object(&j);
	for (k = 0; fields[k].header; k++) {
		val = header_get(&hs, fields[k].header);
		govrec_buf_reset(&v);
		if (val)
			decode_header(val, &v);
		govrec_json_kstr(&j, fields[k].key, val ? v.data : NULL);
		if (k == 0 && val)
			sender_name(v.data, &who);
		if (k == 1 && val && find_date(v.data, v.len, date) == 0)
			govrec_draft_set(&d->date, date);
		if (k == 2)
			govrec_draft_set(&d->title, val && v.len ? v.data : "(no subject)");
	}
	govrec_json_end(&j);
	govrec_draft_set(&d->meta, meta.data);
	govrec_draft_set(&d->kind, "email");
	govrec_draft_set(&d->media_type, "message/rfc822");
	if (govrec_draft_add(d, who.len ? who.data : NULL, GOVREC_NO_TIME, GOVREC_NO_TIME, NULL,
			     b.text.len ? b.text.data : "(no text)"))
		rc = govrec_error_oom(err);
	d->importer = "mbox";
	d->importer_version = GOVREC_READER_VERSION;
	d->bytes = s;
	d->size = n;
out:
	headers_release(&hs);
	govrec_buf_release(&b.text);
	govrec_buf_release(&b.html);
	govrec_buf_release(&meta);
	govrec_buf_release(&v);
	govrec_buf_release(&who);
	return rc;
}

/* 1 when a message starts at s (a "From " line at a message boundary). */
static int from_line(const char *s, size_t left)
{
	return left >= 5 && memcmp(s, "From ", 5) == 0;
}

int govrec_detect_mbox(const unsigned char *data, size_t len, const char *name)
{
	const char *s = (const char *)data;
	const char *nl = memchr(s, '\n', len < 1024 ? len : 1024);

	if (!from_line(s, len) || !nl)
		return 0;
	/* the next line is a header */
	nl++;
	{
		size_t rest = len - (size_t)(nl - s), i;

		for (i = 0; i < rest && i < 40 && nl[i] != ':' && nl[i] != ' ' && nl[i] != '\n'; i++)
			;
		if (i == 0 || i >= rest || nl[i] != ':')
			return 0;
	}
	return 95;
}

enum govrec_status govrec_read_mbox(const unsigned char *data, size_t len, const char *name,
				    int (*fn)(struct govrec_document_draft *d, size_t index,
					      const struct govrec_error *perr, void *ctx),
				    void *ctx, struct govrec_error *err)
{
	const char *s = (const char *)data, *end = s + len, *msg = s, *p = s;
	size_t index = 0;
	enum govrec_status rc;

	if ((rc = check_no_nul(data, len, err)) != GOVREC_OK)
		return rc;
	if (!from_line(s, len))
		return govrec_error_set(err, GOVREC_INVALID, "line 1: an mbox starts with 'From '");
	while (msg < end) {
		const char *next = NULL;
		struct govrec_document_draft d;
		struct govrec_error perr = GOVREC_ERROR_INIT;
		int stop;

		/* find the next "From " line that follows a blank line */
		p = memchr(msg, '\n', (size_t)(end - msg));
		while (p && p < end) {
			const char *line = p + 1;
			int blank_before = p > msg && (p[-1] == '\n' || (p[-1] == '\r' && p - 1 > msg &&
									 p[-2] == '\n'));

			if (blank_before && from_line(line, (size_t)(end - line))) {
				next = line;
				break;
			}
			p = memchr(line, '\n', (size_t)(end - line));
		}
		if (!next)
			next = end;
		index++;
		govrec_draft_init(&d);
		rc = read_message(msg, (size_t)(next - msg), &d, &perr);
		if (rc == GOVREC_OK)
			stop = fn(&d, index, NULL, ctx);
		else
			stop = fn(NULL, index, &perr, ctx);
		govrec_draft_release(&d);
		if (stop)
			break;
		msg = next;
	}
	return GOVREC_OK;
}
