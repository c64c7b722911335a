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
expect_err "govrec: note add: "
expect_err "database error: disk I/O error (File too large)"
run check
expect_rc 0
run --json note list
expect_eq "$(json 'len(j)')" "0" "nothing stored"

# with room again the same note goes in
run note add --review "Big" big.md
expect_rc 0
run check
expect_rc 0

# import: the big file as a transcript-like text, refused cleanly
mkdir folder
{ cat big.md; echo "A different ending."; } > folder/notes.md
printf 'Byron Holland: a short turn.\n' > folder/a.txt
size=$(stat -c %s "$GOVREC_DB")
wal=$(stat -c %s "$GOVREC_DB-wal" 2>/dev/null || echo 0)
limit=$((size + wal + 300000))
prlimit --fsize=$limit "$GOVREC" import --kind notes folder >"$WORK/.out" 2>"$WORK/.err"
rc=$?
out=$(cat "$WORK/.out")
err=$(cat "$WORK/.err")
expect_rc 3
expect_err "File too large"
run check
expect_rc 0

# a batch that runs out of room part-way, with files still to come: SQLite
# rolls the transaction back by itself, and the files after the failure must
# not be written outside it (they once were: stored without audit rows, the
# search index damaged)
mkdir many
python3 - <<'PY'
import random
for i in range(40):
    r = random.Random(i)
    with open("many/t%02d.txt" % i, "w") as f:
        f.write("\n\n".join("Byron Holland: turn %d %s" % (k, "".join(r.choice("abcdefgh ") for _ in range(300))) for k in range(120)))
PY
small="$WORK/small.db"
run --db "$small" init
size=$(stat -c %s "$small")
prlimit --fsize=$((size + 600000)) "$GOVREC" --db "$small" import many >"$WORK/.out" 2>"$WORK/.err"
rc=$?
out=$(cat "$WORK/.out")
err=$(cat "$WORK/.err")
expect_rc 3
expect_out "0 stored"
run --db "$small" check
expect_rc 0
expect_eq "$(sqlite3 "$small" "SELECT count(*) FROM document")" "0" "documents after the failed batch"

# export: past the limit, no bundle and no partial file is left
rm -f "$WORK"/bundle*
prlimit --fsize=200000 "$GOVREC" export -o "$WORK/bundle.tar" >"$WORK/.out" 2>"$WORK/.err"
rc=$?
out=$(cat "$WORK/.out")
err=$(cat "$WORK/.err")
expect_rc 3
expect_err "cannot write"
expect_eq "$(ls "$WORK" | grep -c bundle)" "0" "files left by the failed export"
run export -o "$WORK/bundle.tar"
expect_rc 0
run verify "$WORK/bundle.tar"
expect_rc 0
run check
expect_rc 0

# opening a WAL archive writes its shared-memory file: when that cannot be
# written, say so, as an environment error, not "not a govrec archive"
run --db "$WORK/shm.db" init
expect_rc 0
expect_eq "$(ls "$WORK" | grep -c 'shm.db-')" "0" "files next to a closed archive"
prlimit --fsize=10000 "$GOVREC" --db "$WORK/shm.db" export -o "$WORK/shm.tar" >"$WORK/.out" 2>"$WORK/.err"
rc=$?
out=$(cat "$WORK/.out")
err=$(cat "$WORK/.err")
expect_rc 3
expect_err "govrec: export: cannot open '$WORK/shm.db': cannot write its shared-memory file '$WORK/shm.db-shm': File too large"
case "$err" in *"not a govrec archive"*) fail "the -shm file blamed on the archive" ;; *) ok ;; esac
rm -f "$WORK/shm.db-shm" "$WORK/shm.db-wal"
prlimit --fsize=10000 "$GOVREC" --db "$WORK/shm.db" check >"$WORK/.out" 2>"$WORK/.err"
rc=$?
err=$(cat "$WORK/.err")
expect_rc 3
expect_err "cannot write its shared-memory file"
# a file that is not SQLite at all still is "not a govrec archive"
printf 'just text, no database\n%01000d\n' 0 >"$WORK/text.db"
run --db "$WORK/text.db" check
expect_rc 2
expect_err "is not a govrec archive"
run --db "$WORK/shm.db" check
expect_rc 0

finish
