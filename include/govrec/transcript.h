/*
 * transcript.h - the layouts of the transcript reader (import/transcript.c).
 *
 * The reader "icann-transcript" knows every layout ICANN has published
 * transcripts in; its detect() picks one by content and read() says which
 * in the draft's layout field.  A layout set in the draft before read()
 * (`import --layout NAME`) is used instead of detecting one.
 */
#ifndef GOVREC_TRANSCRIPT_H
#define GOVREC_TRANSCRIPT_H

#include "govrec/error.h"
#include "govrec/readers.h"

/*
 * The names, ending in NULL: teleconference, face-to-face, public-meeting,
 * speaker-turns, zoom-transcript, zoom-lines.
 */
extern const char *const govrec_transcript_layouts[];

/*
 * The reader that reads layout (its row of govrec_readers); NULL with
 * GOVREC_INVALID "unknown layout 'x' (the layouts are: ...)" when no
 * reader knows the name.
 */
const struct govrec_reader *govrec_layout_reader(const char *layout, struct govrec_error *err);

#endif
