/*
 * transcript.c - transcript text in every layout ICANN has published:
 * which layout a file is in, and reading it (the line tests are in
 * transcript-line.c, the turns in transcript-turns.c).
 *
 * teleconference: a right-aligned block on every page ("ICANN" /
 *   "Moderator: Brenda Brewer" / "08-17-17/2:00 pm CT" / "Confirmation #
 *   4807731" / "Page 2"), the heading "ICANN Transcription" / group / date
 *   line, Mixed Case turns ("Byron Holland:").
 * face-to-face: "Transcription ICANN61 San Juan Joint Meeting: ... Monday,
 *   12 March 2018 at 12:15 AST", "Page 1" headers, "Name: text" turns.
 * public-meeting: "SAN JUAN – Joint Meeting: ...   EN" on every page, a
 *   date line "Monday, March 12, 2018 – 12:15 to 13:45 AST", turns in
 *   capitals ("BYRON HOLLAND:").
 * speaker-turns: "Name: text" turns and none of the headings above.
 * zoom-transcript: Zoom's saved transcript, "[Name] 12:03:15" then the text.
 * zoom-lines: "12:03:15 Name: text" (not Zoom chat's "12:03:15 From Name to
 *   Everyone: text", which import/chat.c reads).
 *
 * Text with form feeds between pages (PDF-to-text) reads as the same text.
 * The title, date, time and zone come from the heading (or the call line of
 * the block); the time, zone, moderator, confirmation number and place go
 * into the document's meta with the layout.
 */
#include <string.h>

#include "govrec/buf.h"
#include "govrec/draft.h"
#include "govrec/json.h"
#include "govrec/transcript.h"
#include "govrec/util.h"
#include "readers-int.h"
#include "readutil.h"
#include "transcript-int.h"

const char *const govrec_transcript_layouts[] = {"teleconference",
                                                 "face-to-face",
                                                 "public-meeting",
                                                 "speaker-turns",
                                                 "zoom-transcript",
                                                 "zoom-lines",
                                                 NULL};

const struct govrec_reader *govrec_layout_reader(const char *layout, struct govrec_error *err)
{
	const struct govrec_reader *r;
	struct govrec_buf names = GOVREC_BUF_INIT;
	size_t k;

	for (k = 0; govrec_transcript_layouts[k]; k++)
		if (strcmp(govrec_transcript_layouts[k], layout) == 0)
			for (r = govrec_readers; r->name; r++)
				if (r->read == govrec_read_transcript)
					return r;
	for (k = 0; govrec_transcript_layouts[k]; k++)
		govrec_buf_addf(&names, "%s%s", k ? ", " : "", govrec_transcript_layouts[k]);
	govrec_error_set(err, GOVREC_INVALID, "unknown layout '%s' (the layouts are: %s)", layout,
	                 names.data);
	govrec_buf_release(&names);
	return NULL;
}

/* What the first lines of a file say about its layout. */
struct signs {
	int tele, f2f, public_hdr, en_alone, dashed, zblock, zline, chat, caps, mixed, lines;
};

/* "Transcription ICANN61 San Juan ..." or "ICANN Transcription ICANN61 ...". */
static int f2f_heading(const char *s, size_t n)
{
	size_t at = starts_ci(s, n, "Transcription ICANN")         ? 19
	            : starts_ci(s, n, "ICANN Transcription ICANN") ? 25
	                                                           : 0;

	return at && at < n && s[at] >= '0' && s[at] <= '9';
}

static void sign_line(struct signs *g, const struct tline *l, const char *raw, size_t rawn)
{
	const char *ls;
	size_t ln, rest;
	int64_t at;
	char date[11], hhmm[6], tz[8];
	int st;

	if (!l->n)
		return;
	g->lines++;
	if (moderator_line(l->s, l->n) || call_time_line(l->s, l->n, date, hhmm, tz))
		g->tele++;
	if (f2f_heading(l->s, l->n))
		g->f2f++;
	else if (starts_ci(l->s, l->n, "ICANN Transcription"))
		g->tele++;
	if (en_header(l->s, l->n) > 1)
		g->public_hdr++;
	else if (l->n == 2 && memcmp(l->s, "EN", 2) == 0)
		g->en_alone++;
	else if (mem_find(l->s, l->n, " \xe2\x80\x93 "))
		g->dashed++;
	if (zoom_block_head(l->s, l->n, &ls, &ln, &at))
		g->zblock++;
	/* Zoom chat, also in the tab-separated form of Zoom 5 */
	if (zoom_chat_like(l->s, l->n) || (memchr(raw, '\t', rawn < 12 ? rawn : 12) &&
	                                   zoom_timed_line(l->s, l->n, &ls, &ln, &at, &rest)))
		g->chat++;
	else if (zoom_timed_line(l->s, l->n, &ls, &ln, &at, &rest))
		g->zline++;
	st = speaker_label(l->s, l->n, &ls, &ln, &rest);
	g->caps += st == STYLE_CAPS;
	g->mixed += st == STYLE_MIXED;
}

/* The layout of the first 64 KiB and how sure that is (0-95); -1 when none. */
static int detect_layout(const unsigned char *data, size_t len, int *score)
{
	struct line_iter it;
	struct tline l;
	struct signs g;
	const char *s;
	size_t n;
	int lay = -1;

	memset(&g, 0, sizeof(g));
	memset(&l, 0, sizeof(l));
	govrec_buf_init(&l.buf);
	line_iter_init(&it, data, len < 65536 ? len : 65536);
	while (g.lines < 2000 && line_next(&it, &s, &n, NULL) == 1) {
		tline_set(&l, s, n);
		sign_line(&g, &l, s, n);
	}
	govrec_buf_release(&l.buf);
	*score = 0;
	if (g.zblock >= 2 && g.zblock * 4 >= g.lines)
		return *score = 85, LAYOUT_ZOOM_TRANSCRIPT;
	if (g.zline >= 2 && g.zline * 2 >= g.lines && g.chat < g.zline)
		return *score = 85, LAYOUT_ZOOM_LINES;
	if (g.f2f)
		lay = LAYOUT_FACE_TO_FACE;
	else if (g.public_hdr || (g.en_alone && g.dashed))
		lay = LAYOUT_PUBLIC_MEETING;
	else if (g.tele)
		lay = LAYOUT_TELECONFERENCE;
	if (lay >= 0)
		*score = 50;
	if (g.caps >= 3 || g.mixed >= 3) {
		*score += 40;
		if (lay < 0)
			lay = LAYOUT_SPEAKER_TURNS;
	}
	return lay;
}

int govrec_detect_transcript(const unsigned char *data, size_t len, const char *name)
{
	int score;

	if (memchr(data, '\0', len < 65536 ? len : 65536))
		return 0;
	if (detect_layout(data, len, &score) < 0)
		return 0;
	if (name_ends(name, ".txt"))
		score += 5;
	return score > 95 ? 95 : score;
}

/* The layout preset in d->layout (--layout), or detected and recorded there. */
static int layout_of(const unsigned char *data, size_t len, struct govrec_document_draft *d,
                     struct govrec_error *err)
{
	int k, score;

	if (d->layout) {
		for (k = 0; govrec_transcript_layouts[k]; k++)
			if (strcmp(govrec_transcript_layouts[k], d->layout) == 0)
				return k;
		govrec_layout_reader(d->layout, err);
		return -1;
	}
	k = detect_layout(data, len, &score);
	if (k < 0) {
		/* read as the caller asked, with no heading known */
		govrec_draft_warn(d, "no transcript layout recognised: read as speaker-turns");
		k = LAYOUT_SPEAKER_TURNS;
	}
	govrec_draft_set(&d->layout, govrec_transcript_layouts[k]);
	return k;
}

static void meta_str(struct govrec_json *j, const char *key, const char *v)
{
	if (v && *v)
		govrec_json_kstr(j, key, v);
}

static void set_meta(struct govrec_document_draft *d, const struct heading *h)
{
	struct govrec_buf b = GOVREC_BUF_INIT;
	struct govrec_json j;

	govrec_json_init(&j, &b);
	govrec_json_object(&j);
	govrec_json_kstr(&j, "layout", d->layout);
	meta_str(&j, "time", h->time);
	meta_str(&j, "end_time", h->end);
	meta_str(&j, "time_zone", h->tz);
	meta_str(&j, "moderator", h->moderator.data);
	meta_str(&j, "confirmation", h->confirmation);
	meta_str(&j, "location", h->location.data);
	govrec_json_end(&j);
	govrec_draft_set(&d->meta, b.data);
	govrec_buf_release(&b);
}

static void finish(struct govrec_document_draft *d, struct heading *h)
{
	/* "Customer Standing Committee (CSC) –" before the date line */
	while (h->title.len && strchr(" ,-", h->title.data[h->title.len - 1]))
		govrec_buf_setlen(&h->title, h->title.len - 1);
	if (h->title.len >= 4 && memcmp(h->title.data + h->title.len - 4, " \xe2\x80\x93", 4) == 0)
		govrec_buf_setlen(&h->title, h->title.len - 4);
	if (!d->kind)
		govrec_draft_set(&d->kind, "transcript");
	if (!d->title && h->title.len)
		govrec_draft_set(&d->title, h->title.data);
	if (!d->date && h->date_rank)
		govrec_draft_set(&d->date, h->date);
	if (!d->media_type)
		govrec_draft_set(&d->media_type, "text/plain");
	if (!d->meta)
		set_meta(d, h);
}

enum govrec_status govrec_read_transcript(const unsigned char *data, size_t len, const char *name,
                                          struct govrec_document_draft *d, struct govrec_error *err)
{
	struct turns t;
	struct heading h;
	enum govrec_status rc;
	int lay, r;

	if ((rc = govrec_utf8_check(data, len, err)) != GOVREC_OK)
		return rc;
	if ((rc = check_lines(data, len, err)) != GOVREC_OK)
		return rc;
	if ((lay = layout_of(data, len, d, err)) < 0)
		return GOVREC_INVALID;
	memset(&t, 0, sizeof(t));
	memset(&h, 0, sizeof(h));
	t.d = d;
	t.at = GOVREC_NO_TIME;
	govrec_buf_init(&t.speaker);
	govrec_buf_init(&t.text);
	govrec_buf_init(&h.title);
	govrec_buf_init(&h.moderator);
	govrec_buf_init(&h.location);
	r = read_turns(data, len, (enum layout)lay, &t, &h, err);
	if (r == 0 && !t.oom)
		finish(d, &h);
	if (r == 0 && !t.turns && d->npassages)
		govrec_draft_warn(d,
		                  "no speaker turn found in the %s layout: the text is stored "
		                  "without speakers",
		                  d->layout);
	govrec_buf_release(&t.speaker);
	govrec_buf_release(&t.text);
	govrec_buf_release(&h.title);
	govrec_buf_release(&h.moderator);
	govrec_buf_release(&h.location);
	if (r < 0)
		return GOVREC_INVALID;
	if (t.oom)
		return govrec_error_oom(err);
	return GOVREC_OK;
}
