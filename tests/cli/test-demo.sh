# test-demo.sh - `make demo` runs to its end: every step of the tour in
# records/demo, as a user sees it, on a fresh archive.
. "$(dirname "$0")/lib.sh"

GOVREC="$GOVREC" DEMO_DIR="$WORK/demo" sh "$SRCDIR/records/demo/demo.sh" \
	>"$WORK/demo.out" 2>"$WORK/demo.err"
rc=$?
out=$(cat "$WORK/demo.out")
err=$(cat "$WORK/demo.err")
expect_rc 0
# The last steps of each part, so that a part that stops early is seen.
expect_out "every manifest and payload checksum matches"
expect_out "govrec audit head "
expect_out "history: the bundle's audit log"
expect_out "signature: valid (key "
expect_out "the audit chain runs through the anchor"
expect_out "The demo archive is $WORK/demo/govrec.db"
# One reference for the technical-checks change: the proposal the demo
# records is the one its transcripts, notes and search name.
run --db "$WORK/demo/govrec.db" proposal show SLA-2017-01
expect_rc 0
run --db "$WORK/demo/govrec.db" search SLA-2019-01
expect_out "no passages match"
run --db "$WORK/demo/govrec.db" search proposal:SLA-2017-01 kind:notes
expect_out "SLA-2017-01"
expect_eq "$(grep -c 'search proposal:SLA-2017-01' "$WORK/demo.out")" 1 "the demo searches the proposal it records"
# ICANN66 (Montreal) ran from 2 to 7 November 2019: meeting 35 was held there.
run --db "$WORK/demo/govrec.db" search ICANN66
expect_out "Next meeting: 5 November 2019 at [ICANN66], Montreal."
expect_out "the next meeting is on the 5th of November at [ICANN66] in Montreal"
expect_no_out "20 November"
expect_no_out "20th of November"
run --db "$WORK/demo/govrec.db" --json meeting show 35
expect_eq "$(json 'j["date"], j["title"]')" "('2019-11-05', 'CSC Meeting 35 (ICANN66, Montreal)')" "meeting 35"
# The restored archive is the demo archive: the same log, entry for entry.
"$GOVREC" --db "$WORK/demo/govrec.db" log >"$WORK/log.a"
"$GOVREC" --db "$WORK/demo/restored.db" log >"$WORK/log.b"
if cmp -s "$WORK/log.a" "$WORK/log.b"; then ok; else fail "the restored demo archive has another log"; fi
finish
