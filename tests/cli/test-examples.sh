#!/bin/sh
# test-examples.sh - every example in the man pages runs: the EXAMPLES of
# each docs/man1/*.1, in order, against a copy of the archive `make demo`
# makes from records/demo; and so does the README's tour, from the top of
# the source tree on a new archive (see man-examples.py for what counts as an
# example and how a page says it expects a failure).
. "$(dirname "$0")/lib.sh"

GOVREC="$GOVREC" DEMO_DIR="$WORK/demo" sh "$SRCDIR/records/demo/demo.sh" \
	>"$WORK/demo.out" 2>&1
rc=$?
expect_rc 0
mkdir "$WORK/examples"
python3 "$SRCDIR/tests/cli/man-examples.py" "$SRCDIR" "$WORK/demo/govrec.db" \
	"$WORK/examples" >"$WORK/examples.out" 2>&1
rc=$?
cat "$WORK/examples.out"
passed=$((passed + $(grep -c '^ok: ' "$WORK/examples.out")))
failed=$((failed + $(grep -c '^FAIL: ' "$WORK/examples.out")))
expect_rc 0
# Each page with examples was read: a parser that finds nothing passes nothing.
for page in "$SRCDIR"/docs/man1/*.1; do
	name=$(basename "$page")
	if grep -q '^\.Sh EXAMPLES' "$page"; then
		expect_true "no example of $name ran" grep -q "^ok: $name: " "$WORK/examples.out"
	fi
done
expect_true "the README's tour did not run" grep -q "^ok: README.md: govrec init" "$WORK/examples.out"
finish
