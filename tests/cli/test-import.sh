#!/bin/sh
# test-import.sh - `govrec import`, `action` and `decision` end to end: a
# whole meeting folder, idempotent re-import, a failed file in the middle of a
# batch, every hostile fixture refused with a message naming the file, mbox
# (plain and gzip), zip and tar.gz of a folder, --dry-run, --quiet, --json.
. "$(dirname "$0")/lib.sh"

I="$DATA/import"
DEMO="$SRCDIR/records/demo/meeting-34"

run init
expect_rc 0
run person add "Byron Holland" --alias "BYRON HOLLAND"
run person add "Bart Boswinkel"
run meeting add --number 34 --date 2019-10-15 --time 13:00
expect_rc 0
run meeting add --number 35 --date 2019-11-20
expect_rc 0

# usage and bad options
run import
expect_rc 2
expect_err "a file, folder or archive to import is needed"
run import --meeting 99 "$I/zoom.vtt"
expect_rc 1
expect_err "no meeting 99"
run import --kind podcast "$I/zoom.vtt"
expect_rc 2
expect_err "kind 'podcast' is not a document kind"
run import --date 2019-13-01 "$I/zoom.vtt"
expect_rc 2
run import -h
expect_rc 0
expect_out "usage: govrec import [--meeting N] [--kind K] [--date D] [--title T] [--layout NAME] [--dry-run] [--strict] [--quiet] PATH..."

# --dry-run reads the folder and writes nothing
run import --dry-run --meeting 34 "$DEMO"
expect_rc 0
expect_out "dry run: 4 read, 0 failed; nothing was written"
expect_out "parsed  $DEMO/csc-meeting-34-transcript.txt: transcript by icann-transcript"
run --json meeting show 34
expect_eq "$(json 'j.get("documents")')" 0 "documents after --dry-run"

# a whole meeting folder
run import --meeting 34 "$DEMO"
expect_rc 0
expect_out "4 stored, 0 skipped (already archived), 0 failed"
expect_out "stored  $DEMO/csc-meeting-34-zoom.vtt as document"
expect_out "speakers: Byron Holland"
expect_out "unresolved speaker labels: Coordinator, Ria Otanes"
expect_out "speaker labels that match nobody"

# the same bytes again: one document each
run import --meeting 34 "$DEMO"
expect_rc 0
expect_out "already archived as document 3"
expect_out "0 stored, 4 skipped (already archived), 0 failed"
run --json import --meeting 34 "$DEMO/csc-meeting-34-chat.txt"
expect_rc 0
expect_eq "$(json 'j["skipped"], j["stored"], j["failed"], j["dry_run"]')" "(1, 0, 0, False)" "json summary"
expect_eq "$(json 'j["files"][0]["status"], j["files"][0]["document"]')" "('skipped', 1)" "json file"
run --json meeting show 34
expect_eq "$(json 'j.get("documents")')" 4 "documents of meeting 34"

# action items and decisions found in the text
run action list
expect_rc 0
expect_out "01 34 2019  open    meeting 34  owner Secretariat"
expect_out "03 34 2019  open    meeting 34  owner Bart Boswinkel  due 2019-10-22"
run --json action list --open
expect_eq "$(json 'len(j)')" 5 "open action items"
expect_eq "$(json 'sorted(j[0].keys())')" "['closed_meeting', 'document', 'due', 'id', 'meeting', 'owner', 'owner_id', 'owner_name', 'ref', 'status', 'text']" "action fields"
run --json action list --owner "bart boswinkel"
expect_eq "$(json 'sorted(a["ref"] or "-" for a in j)')" "['-', '03 34 2019']" "Bart's items"
run action list --owner "Nobody Known"
expect_rc 1
expect_err "no person 'Nobody Known'"
run action close "01 34 2019" --meeting 35
expect_rc 0
expect_out "closed action item"
run action close "01 34 2019" --meeting 35
expect_rc 1
expect_err "is already closed"
run action close 03-34-2019 --meeting 99
expect_rc 1
expect_err "no meeting 99"
run action close 999 --meeting 35
expect_rc 1
expect_err "no action item '999'"
run action close "01 34 2019"
expect_rc 2
expect_err "--meeting is needed"
run --json action list --open
expect_eq "$(json 'len(j)')" 4 "open action items after closing one"
run action list
expect_out "closed  meeting 34  owner Secretariat  closed at meeting 35"
run decision list --meeting 34
expect_rc 0
expect_out "2019-10-15  meeting 34"
expect_out "The CSC rates PTI's performance for September 2019 as Excellent."
run --json decision list
expect_eq "$(json 'list(j[0].keys())')" "['id', 'meeting', 'date', 'document', 'text']" "decision fields"
run decision list --meeting 35
expect_out "no decisions for that meeting"

# a bad file in the middle of a batch fails alone
mkdir batch
cp "$I/zoom-chat.txt" batch/1-chat.txt
cp "$I/hostile/no-millis.vtt" batch/2-captions.vtt
cp "$I/captions.srt" batch/3-captions.srt
run import batch
expect_rc 2
expect_err "govrec: import: cannot store 'batch/2-captions.vtt': has no text to archive"
expect_err "govrec: import: 1 of 3 files failed"
expect_out "stored  batch/1-chat.txt"
expect_out "stored  batch/3-captions.srt"
expect_out "2 stored, 0 skipped (already archived), 1 failed"

# every hostile fixture is refused, naming the file, and changes nothing
run --json import --dry-run "$I"
expect_rc 2
expect_eq "$(json 'j["stored"], j["failed"] >= 7, j["parsed"] >= 12')" "(0, True, True)" "dry run of the fixtures"
head -c 1100000 /dev/zero | tr '\0' a >huge.txt
printf 'WEBVTT\n\n' >huge.vtt
cat huge.txt >>huge.vtt
for f in "$I"/hostile/bad-time.srt "$I"/hostile/invalid-utf8.txt \
	"$I"/hostile/nul.txt "$I"/hostile/empty.txt "$I"/hostile/truncated.mbox.gz huge.txt huge.vtt; do
	run import "$f"
	expect_rc 2
	expect_err "cannot read '$f'"
done
run import huge.vtt
expect_err "cannot read 'huge.vtt' line 3 is longer than 1048576 bytes"
run import huge.txt
expect_err "cannot read 'huge.txt' line 1 is longer than 1048576 bytes"
run import "$I/hostile/invalid-utf8.txt"
expect_err "is not UTF-8 at byte"
expect_err " 33"
run import "$I/hostile/empty.txt"
expect_err "cannot read '$I/hostile/empty.txt': is empty"
# an unknown charset is read as windows-1252, with a warning: the message is not lost
run import "$I/hostile/unknown-charset.mbox"
expect_rc 0
expect_out "stored  $I/hostile/unknown-charset.mbox message 1"
expect_out "stored  $I/hostile/unknown-charset.mbox message 2"
expect_err "warning: $I/hostile/unknown-charset.mbox message 2: the body declares the unknown charset 'x-no-such-charset': read as windows-1252"
# hostile archives (part B's fixtures) store nothing, not even their good entries
docs=$(sqlite3 "$GOVREC_DB" "SELECT count(*) FROM document")
for f in traversal.zip truncated.zip zip-bomb.zip nested-deep.zip symlink.zip control-char.zip \
	absolute.tar hardlink.tar symlink.tar device.tar truncated.tar.gz; do
	run import "$DATA/hostile/$f"
	expect_rc 2
	expect_err "cannot read '$DATA/hostile/$f'"
done
expect_eq "$(sqlite3 "$GOVREC_DB" "SELECT count(*) FROM document")" "$docs" "documents after hostile archives"
run import "$DATA/hostile/traversal.zip"
expect_err "archive entry '../evil' goes outside the archive"
run import "$DATA/hostile/zip-bomb.zip"
expect_err "(a zip bomb?)"

run import no-such-file.txt
expect_rc 2
expect_err "cannot read 'no-such-file.txt': No such file or directory"
run check
expect_rc 0

# mbox, gzip-compressed and plain: the messages are the same documents
run import --quiet "$I/csc-list.mbox.gz"
expect_rc 0
expect_eq "$out" "" "stdout with --quiet"
run --json import "$I/csc-list.mbox"
expect_eq "$(json 'j["stored"], j["skipped"]')" "(0, 4)" "mbox after mbox.gz"
expect_eq "$(json 'j["files"][1]["title"]')" "Re: [CSC] Réunion de novembre" "encoded subject"
expect_eq "$(json 'j["files"][1]["date"], j["files"][1]["kind"], j["files"][1]["reader"]')" "('2019-10-16', 'email', 'mbox')" "mail fields"

# a meeting folder as zip and as tar.gz
mkdir -p folder/meeting-36
cp "$I/notes.html" "$I/zoom.vtt" "$I/teams.vtt" "$I/adobe-chat.txt" folder/meeting-36/
python3 - <<'PY'
import tarfile, zipfile
with zipfile.ZipFile("meeting-36.zip", "w", zipfile.ZIP_DEFLATED) as z:
    for n in ["adobe-chat.txt", "notes.html", "teams.vtt", "zoom.vtt"]:
        z.write("folder/meeting-36/" + n, "meeting-36/" + n)
with tarfile.open("meeting-36.tar.gz", "w:gz") as t:
    t.add("folder/meeting-36", "meeting-36")
PY
run --json import meeting-36.zip
expect_rc 0
expect_eq "$(json 'j["stored"]')" 4 "documents from the zip"
expect_eq "$(json 'sorted(f["file"] for f in j["files"])[0]')" "meeting-36.zip:meeting-36/adobe-chat.txt" "entry names"
run --json import meeting-36.tar.gz folder
expect_rc 0
expect_eq "$(json 'j["stored"], j["skipped"]')" "(0, 8)" "tar.gz and folder after zip"
expect_eq "$(json 'j["files"][0]["reader"]')" "adobe-connect-chat" "reader of a tar entry"

# DOCX text boxes, footnotes, endnotes and comments are archived and found
O="$DATA/office"
run import --date 2019-11-20 "$O/extras.docx"
expect_rc 0
expect_out "notes by docx, 14 passages"
run search pelican
expect_rc 0
expect_out "notes: CSC Meeting 35 notes / Findings / Footnote 1"
expect_out "Measured against the [pelican] threshold"
run search cormorant
expect_out "notes: CSC Meeting 35 notes / Next steps / Endnote 1"
run search kestrel --count
expect_eq "$out" 1 "a text box written as DrawingML and VML is read once"
run search osprey --count
expect_eq "$out" 1 "a VML-only text box"
run search flamingo --count
expect_eq "$out" 0 "a continuation notice is not a passage"
run search weekends --count
expect_eq "$out" 1 "a footnote on a table row"
# a comment's author is its speaker, resolved like any speaker label
run search albatross
expect_out "notes: CSC Meeting 35 notes / Findings / Comment by Byron Holland"
expect_out "    Byron Holland"
run --json person list
byron=$(json '[p["id"] for p in j if p["name"] == "Byron Holland"][0]')
run search --json "speaker:$byron" kind:notes date:2019-11-20
expect_eq "$(json '[h["heading"] for h in j["hits"]]')" "['Findings / Comment by Byron Holland']" "Byron's comment by person id"
run search grebe speaker:daley
expect_out "Comment by Jay Daley"
run search ostrich
expect_out "notes: CSC Meeting 35 notes / Comment by Ria Otanes"
# ODT footnotes, endnotes and comments too, and none is glued into its paragraph
run import --date 2019-11-20 "$O/extras.odt"
expect_rc 0
expect_out "notes by odt, 12 passages"
run search heron
expect_rc 0
expect_out "notes: CSC Meeting 35 notes (ODT) / Findings / Footnote 1"
expect_out "Measured against the [heron] threshold"
run search heron --count
expect_eq "$out" 1 "an ODT footnote is not part of its paragraph"
run search shag
expect_out "notes: CSC Meeting 35 notes (ODT) / Next steps / Endnote 1"
run search vedi
expect_rc 0
expect_out "notes: CSC Meeting 35 notes (ODT) / Findings / Comment by Gaurav Vedi"
expect_out "    Gaurav Vedi"
run search puffin --count
expect_eq "$out" 1 "an ODT comment is not part of its paragraph"
run search siskin speaker:daley
expect_out "Comment by Jay Daley"
run search moorhen
expect_out "notes: CSC Meeting 35 notes (ODT) / Next steps / Comment"
# the notes parts are parsed as safely as the main part
run import "$DATA/hostile/entity-bomb-footnotes.docx"
expect_rc 2
expect_err "word/footnotes.xml line 2: declares a DOCTYPE, which is refused"

run check
expect_rc 0
finish
