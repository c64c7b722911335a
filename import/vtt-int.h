/*
 * vtt-int.h - the WebVTT parser (webvtt.c) and the cue text reader (vtt.c)
 * that the WebVTT and SRT readers share (internal; the unit tests run the
 * W3C cases through vtt_parse to compare whole cues).
 */
#ifndef GOVREC_IMPORT_VTT_INT_H
#define GOVREC_IMPORT_VTT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "govrec/buf.h"
#include "govrec/draft.h"
#include "govrec/error.h"

/* A cue as the W3C parser returns it: the text is the raw cue text, lines joined by LF. */
struct vtt_cue {
	size_t line;              /* of the timing line */
	int64_t start_ms, end_ms; /* the end may be before the start: the spec keeps such a cue */
	const char *id, *text;
	size_t id_len, text_len;
};

/* Called for each cue in file order; nonzero stops the parse (out of memory). */
typedef int (*vtt_cue_fn)(void *ctx, const struct vtt_cue *cue);

/*
 * Parses WebVTT by the W3C file parsing algorithm (webvtt1, "WebVTT parser
 * algorithm"): NUL and bytes that are not UTF-8 become U+FFFD, CR and CRLF
 * end lines, a block with a bad timing line or with no timing is dropped and
 * the rest kept, each drop a govrec_draft_warn() on d naming its line.
 * GOVREC_INVALID only when the file has no "WEBVTT" signature or a line over
 * GOVREC_MAX_LINE; GOVREC_ERROR when fn says memory ran out.
 */
enum govrec_status vtt_parse(const unsigned char *data, size_t len, struct govrec_document_draft *d,
			     vtt_cue_fn fn, void *ctx, struct govrec_error *err);

/*
 * Cue text as govrec stores it: tags dropped (the text of a ruby's <rt>
 * reading too, its base kept), character references decoded, white space
 * collapsed to single spaces.  The speaker is the first voice span (<v
 * Name>) or a "Name: " that starts the text (Zoom); text and speaker are
 * appended to.
 */
void vtt_payload(const char *s, size_t n, struct govrec_buf *speaker, struct govrec_buf *text);

#endif
