/*
 * transcript-int.h - what the files of the transcript reader share
 * (internal to import/: transcript.c detection, layouts and the entry
 * points; transcript-line.c what one line is; transcript-turns.c turns).
 */
#ifndef GOVREC_TRANSCRIPT_INT_H
#define GOVREC_TRANSCRIPT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "govrec/buf.h"
#include "govrec/draft.h"
#include "readutil.h"

/* The layouts, in the order of govrec_transcript_layouts[]. */
enum layout {
	LAYOUT_TELECONFERENCE,
	LAYOUT_FACE_TO_FACE,
	LAYOUT_PUBLIC_MEETING,
	LAYOUT_SPEAKER_TURNS,
	LAYOUT_ZOOM_TRANSCRIPT,
	LAYOUT_ZOOM_LINES,
	LAYOUT_COUNT
};

enum style { STYLE_CAPS = 1, STYLE_MIXED = 2 };

/*
 * One line as PDF-to-text or a word processor leaves it, cleaned: form
 * feeds (page breaks) taken out and noted, tabs and no-break spaces made
 * spaces, trimmed.  s points into buf, or into the line itself when it
 * needed no change but trimming.
 */
struct tline {
	struct govrec_buf buf;
	const char *s;
	size_t n;
	int ff; /* the line held a form feed: a page break */
};

/* Cleans the n bytes at raw into l. */
void tline_set(struct tline *l, const char *raw, size_t n);

/*
 * The next line of it cleaned into l: 1, or 0 at the end, -1 for a line
 * over the limit (err says which).
 */
int tline_next(struct line_iter *it, struct tline *l, struct govrec_error *err);

/* 1 when the n bytes at s begin with prefix, ignoring case. */
int starts_ci(const char *s, size_t n, const char *prefix);

/*
 * The speaker label opening line s: its style, the label (without
 * surrounding parentheses) in *ls (*ln bytes), the text after the colon
 * at offset *rest.  0 when the line opens no turn.
 */
int speaker_label(const char *s, size_t n, const char **ls, size_t *ln, size_t *rest);

/* Zoom: "[Name] 12:03:15" (1, name and time of day set), else 0. */
int zoom_block_head(const char *s, size_t n, const char **ns, size_t *nn, int64_t *at);

/* Zoom: "12:03:15 Name: text" (1, name, time and text offset set), else 0. */
int zoom_timed_line(const char *s, size_t n, const char **ns, size_t *nn, int64_t *at,
                    size_t *rest);

/* A Zoom chat line "12:03:15 From Name to Everyone: text" (import/chat.c reads those). */
int zoom_chat_like(const char *s, size_t n);

/* Page furniture that is one line: "Page 3", "Page 3 of 40", "3", "Confirmation # 48". */
int page_line(const char *s, size_t n);

/* The public-meeting page header "CITY – Session    EN": its length without " EN" (1 for "EN"). */
size_t en_header(const char *s, size_t n);

/* "ICANN Moderator: Name" or "Moderator: Name": the name's offset, or 0. */
size_t moderator_line(const char *s, size_t n);

/*
 * The teleconference call line "08-17-17/2:00 pm CT": 1 with the date,
 * the 24-hour time "14:00" and the zone written, else 0.
 */
int call_time_line(const char *s, size_t n, char date[11], char hhmm[6], char tz[8]);

/* A line that is only events: "((Crosstalk))", "[Laughter]", "(Inaudible)". */
int event_line(const char *s, size_t n);

/* A closing marker: "END", "[END OF TRANSCRIPTION]", "(End of recording)". */
int closing_line(const char *s, size_t n);

/*
 * The first clock time in s ("at 12:15 AST", "– 12:15 to 13:45 AST",
 * "2:00 pm CT"): 1 with hhmm, end (or "") and the zone (or "") written.
 */
int clock_zone(const char *s, size_t n, char hhmm[6], char end[6], char tz[8]);

/* Where a weekday ("Monday,") starts in s, or n when none does. */
size_t weekday_at(const char *s, size_t n);

/* What a transcript's heading and page furniture say about the meeting. */
struct heading {
	struct govrec_buf title, moderator, location;
	char date[11], time[6], end[6], tz[8], confirmation[24];
	int date_rank; /* 0 none, 1 from the call line, 2 from the heading */
	int last_en;   /* the line before was "EN" alone: a public-meeting header follows */
};

/* The state of a transcript being read into a draft: the turn open now. */
struct turns {
	struct govrec_document_draft *d;
	struct govrec_buf speaker, text;
	int64_t at;
	int in_turn;  /* a speaker's turn is open */
	int para;     /* a blank line since the last text: a new paragraph */
	int page;     /* page furniture since the last text: blank lines join */
	size_t turns; /* turns opened: none means the layout did not fit */
	int oom;
};

/* Reads the lines of data by the layout into t and h. */
int read_turns(const unsigned char *data, size_t len, enum layout lay, struct turns *t,
               struct heading *h, struct govrec_error *err);

#endif
