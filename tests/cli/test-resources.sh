# test-resources.sh - running out of room fails cleanly: a clear message, exit
# 3, the archive intact, nothing half-written.
. "$(dirname "$0")/lib.sh"

run init
expect_rc 0
python3 - <<'PY'
import random
r = random.Random(1)
with open("big.md", "w") as f:
    for i in range(20000):
        f.write("Paragraph %d %s\n\n" % (i, "".join(r.choice("abcdefgh ") for _ in range(200))))
PY
size=$(stat -c %s "$GOVREC_DB")

# a file size limit just above the archive's size: the write must fail
prlimit --fsize=$((size + 400000)) "$GOVREC" note add --review "Big" big.md >"$WORK/.out" 2>"$WORK/.err"
rc=$?
out=$(cat "$WORK/.out")
err=$(cat "$WORK/.err")
expect_rc 3
expect_err "govrec: note add: database error: disk I/O error (File too large)"
run check
expect_rc 0
run --json note list
expect_eq "$(json 'len(j)')" "0" "nothing stored"

# with room again the same note goes in
run note add --review "Big" big.md
expect_rc 0
run check
expect_rc 0

finish
