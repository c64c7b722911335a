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
# The restored archive is the demo archive: the same log, entry for entry.
"$GOVREC" --db "$WORK/demo/govrec.db" log >"$WORK/log.a"
"$GOVREC" --db "$WORK/demo/restored.db" log >"$WORK/log.b"
if cmp -s "$WORK/log.a" "$WORK/log.b"; then ok; else fail "the restored demo archive has another log"; fi
finish
