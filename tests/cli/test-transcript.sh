#!/bin/sh
# test-transcript.sh - ICANN transcripts through `govrec import`: the layout
# each fixture of tests/data/transcripts/ is read in, shown by --dry-run and
# --json; --layout forcing one, an unknown name refused with the names; a
# sentence split by a teleconference page header found whole by search.
. "$(dirname "$0")/lib.sh"

T="$DATA/transcripts"

run init
expect_rc 0

# each layout is detected and said
for pair in teleconference-subpro-2017-08-17:teleconference \
	face-to-face-icann61-joint-ccnso-gnso:face-to-face \
	public-meeting-icann61-joint:public-meeting \
	zoom-transcript-csc-2021-06-17:zoom-transcript \
	zoom-lines-csc-2021-07-15:zoom-lines; do
	file=${pair%%:*}
	layout=${pair#*:}
	run import --dry-run "$T/$file.txt"
	expect_rc 0
	expect_out "parsed  $T/$file.txt: transcript by icann-transcript ($layout layout)"
done
run --json import --dry-run "$T/face-to-face-icann61-joint-ccnso-gnso.txt"
expect_rc 0
expect_eq "$(json 'j["files"][0]["layout"], j["files"][0]["date"], j["files"][0]["passages"]')" \
	"('face-to-face', '2018-03-12', 7)" "face-to-face in --json"
run --json import --dry-run "$DATA/import/zoom.vtt"
expect_eq "$(json 'j["files"][0]["layout"]')" "None" "a reader without layouts"

# --layout: an unknown name is refused before any file is read
run import --layout webinar "$T/zoom-lines-csc-2021-07-15.txt"
expect_rc 2
expect_err "unknown layout 'webinar' (the layouts are: teleconference, face-to-face, public-meeting, speaker-turns, zoom-transcript, zoom-lines)"
expect_no_out "parsed"

# --layout forces one: Zoom chat read as timed lines by the transcript reader
run import --dry-run "$DATA/import/zoom-chat-tabs.txt"
expect_out "chat by zoom-chat,"
run import --dry-run --layout zoom-lines "$DATA/import/zoom-chat-tabs.txt"
expect_rc 0
expect_out "transcript by icann-transcript (zoom-lines layout)"

# a layout that does not fit: read all the same, and said so
run import --dry-run --layout zoom-transcript "$T/teleconference-subpro-2017-08-17.txt"
expect_rc 0
expect_err "warning: $T/teleconference-subpro-2017-08-17.txt: no speaker turn found in the zoom-transcript layout"
run import --dry-run --strict --layout zoom-transcript "$T/teleconference-subpro-2017-08-17.txt"
expect_rc 2

# stored: the page header gone from the turn, the sentence it split whole again
run import "$T/teleconference-subpro-2017-08-17.txt"
expect_rc 0
expect_out "stored  $T/teleconference-subpro-2017-08-17.txt as document 1: transcript by icann-transcript (teleconference layout), 9 passages"
run --json search '"did not respond within"'
expect_rc 0
expect_eq "$(json 'len(j["hits"]) if "hits" in j else len(j)')" 1 "the joined sentence found"
run --json search '"Brenda Brewer"'
expect_eq "$(json 'len(j["hits"]) if "hits" in j else len(j)')" 0 "the moderator's name in no passage"

finish
