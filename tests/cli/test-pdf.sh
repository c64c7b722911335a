#!/bin/sh
# test-pdf.sh - PDF import (import/pdf.c): a teleconference transcript made
# like ICANN's becomes speaker turns (its page-header block gone, the turn
# split by a page break whole), a PTI report a `report` with its sections;
# a scanned page among text is left out with a warning; encrypted, damaged
# and image-only PDFs exit 2 with their message, poppler prints nothing of
# its own, and nothing is stored.
. "$(dirname "$0")/lib.sh"

PDF="$DATA/pdf"
run init
expect_rc 0

run import --dry-run "$PDF/icann-teleconference.pdf"
expect_rc 0
expect_out "transcript by pdf (teleconference layout), 8 passages"
expect_out "Coordinator, Brenda Brewer, Greg Shatan, Kavouss Arasteh, Thomas Rickert"
run --json import --dry-run "$PDF/icann-teleconference.pdf"
expect_eq "$(json 'j["files"][0]["date"]')" "2017-08-17" "transcript date"
expect_eq "$(json 'j["files"][0]["title"]')" \
	"CCWG-Accountability WS2 Jurisdiction Subgroup" "transcript title"
run --json import --dry-run "$PDF/pti-report.pdf"
expect_rc 0
expect_eq "$(json 'j["files"][0]["kind"]')" "report" "report kind"
expect_eq "$(json 'j["files"][0]["title"]')" "PTI Monthly Performance Report – July 2018" "report title"
expect_eq "$(json 'j["files"][0]["date"]')" "2018-08-15" "report date"
expect_eq "$(sqlite3 "$GOVREC_DB" 'SELECT count(*) FROM document')" 0 "dry run stores nothing"

# Stored: the page header block is in no passage, the turn split by the page
# break is one passage, and the hyphenated word is whole.
run import "$PDF/icann-teleconference.pdf" "$PDF/pti-report.pdf"
expect_rc 0
expect_eq "$(sqlite3 "$GOVREC_DB" "SELECT count(*) FROM passage WHERE body LIKE '%Moderator%' OR body LIKE '%Confirmation%' OR body LIKE '%Page 2%'")" 0 "no header block"
expect_eq "$(sqlite3 "$GOVREC_DB" "SELECT speaker FROM passage WHERE body LIKE '%the recommendation is fine with me%'")" "Thomas Rickert" "turn over the page break"
run search transcription
expect_rc 0
expect_out "Greg Shatan"
expect_eq "$(sqlite3 "$GOVREC_DB" "SELECT heading FROM passage WHERE body LIKE 'Metric | Target%'")" "2. Naming function" "table under its section"
expect_eq "$(sqlite3 "$GOVREC_DB" "SELECT count(*) FROM original")" 2 "original bytes kept"

# A scanned page among pages of text: left out with a warning, which
# --strict refuses.
run import --strict "$PDF/mixed.pdf"
expect_rc 2
expect_err "page 2: has no text layer (an image?): left out (--strict refuses a file with warnings)"
run import "$PDF/mixed.pdf"
expect_rc 0
expect_err "govrec: import: warning: $PDF/mixed.pdf: page 2: has no text layer (an image?): left out"
expect_out "notes by pdf, 2 passages"

# Refused: exit 2, the message, nothing of poppler's on stderr, nothing stored.
# GLib would print poppler's debug messages with this set, unless silenced
export G_MESSAGES_DEBUG=all
before=$(sqlite3 "$GOVREC_DB" "SELECT count(*) FROM document")
for case in "encrypted.pdf:is an encrypted PDF: it needs a password to be read" \
	"damaged.pdf:is a damaged PDF: poppler cannot open it" \
	"scanned.pdf:has no text layer (a scanned document?); run OCR first"; do
	file=${case%%:*}
	msg=${case#*:}
	run import "$PDF/$file"
	expect_rc 2
	expect_err "cannot read '$PDF/$file': $msg"
	expect_eq "$(grep -cv '^govrec: import: ' "$WORK/.err")" 0 "only govrec's messages on stderr ($file)"
done
expect_eq "$(sqlite3 "$GOVREC_DB" "SELECT count(*) FROM document")" "$before" "refused files store nothing"
unset G_MESSAGES_DEBUG

finish
