#!/bin/sh
# test-webvtt-warnings.sh - `govrec import` of captions and mail that are
# partly bad: a WebVTT file with a damaged cue and a stray block is stored
# with what the W3C parser keeps, each drop a warning on stderr naming the
# file and line, exit 0; `--strict` refuses it (exit 2, nothing stored);
# `--json` lists the warnings.  Mail in an undeclared 8-bit charset is stored,
# read as windows-1252, with a warning.
. "$(dirname "$0")/lib.sh"

V="$DATA/webvtt"
M="$DATA/import"
cp "$V/zoom-damaged.vtt" csc-2017-08-17.vtt

run init
expect_rc 0

# --strict: refused, nothing stored
run import --strict csc-2017-08-17.vtt
expect_rc 2
expect_err "cannot read 'csc-2017-08-17.vtt' line 8: cue dropped: the end time '00:0:07.900' has a minutes or seconds field that is not two digits, and more (--strict refuses a file with warnings)"
expect_eq "$(sqlite3 "$GOVREC_DB" "SELECT count(*) FROM document")" 0 "documents after --strict"

# without it: stored, the drops on stderr, exit 0
run import csc-2017-08-17.vtt
expect_rc 0
expect_out "stored  csc-2017-08-17.vtt as document 1: captions by webvtt, 4 passages"
expect_err "govrec: import: warning: csc-2017-08-17.vtt: line 8: cue dropped: the end time '00:0:07.900' has a minutes or seconds field that is not two digits"
expect_err "govrec: import: warning: csc-2017-08-17.vtt: line 17: text block dropped: it has no cue timing line"
# whole passages: the cue right after Ria's text is Naela's own, not part of Ria's
expect_eq "$(sqlite3 -separator '|' "$GOVREC_DB" "SELECT speaker, start_ms, end_ms, body FROM passage ORDER BY seq")" \
"Byron Holland|1500|4000|Good afternoon, this is the CSC call of 17 August.
Ria Otanes|8000|10000|Thank you, Byron.
Naela Sarras|10000|12500|The PTI report is on the wiki.
Byron Holland|13000|15000|Next item." "passages stored"

# --json lists the warnings of each file
run --json import "$V/arrows.vtt"
expect_rc 0
expect_eq "$(json 'j["files"][0]["status"], j["with_warnings"]')" "('stored', 1)" "json status"
expect_eq "$(json '"\n".join(j["files"][0]["warnings"])')" "line 3: cue dropped: there is no start time
line 6: cue dropped: the start time 'foo' does not start with a digit
line 9: cue dropped: there is no start time
line 15: cue dropped: no '-->' after the start time
line 17: cue dropped: no '-->' after the start time" "json warnings"

# a file without the signature is still refused whole
printf 'Kind: captions\n\n00:00:01.000 --> 00:00:02.000\ntext\n' >no-signature.vtt
run import no-signature.vtt
expect_rc 2
expect_err "cannot read 'no-signature.vtt' line 1: no WEBVTT signature"

# mail: 8 bits and no charset is windows-1252, with a warning; html headings kept
run import "$M/mail-8bit.mbox"
expect_rc 0
expect_out "3 stored, 0 skipped (already archived), 0 failed"
expect_err "warning: $M/mail-8bit.mbox message 1: the body declares no charset and is not UTF-8 at byte offset 32: read as windows-1252"
expect_eq "$(sqlite3 "$GOVREC_DB" "SELECT body FROM passage p JOIN document d ON d.id = p.document_id WHERE d.title = '[CSC] January meeting agenda'" | tr -d '\r' | sed -n 3p)" \
	"The agenda for the “January” call is on the wiki – PTI’s report first." "windows-1252 body"
expect_eq "$(sqlite3 "$GOVREC_DB" "SELECT body FROM passage p JOIN document d ON d.id = p.document_id WHERE d.title = '[CSC] Meeting 37 notes'" | head -1)" \
	"CSC Meeting 37" "html heading kept"

finish
