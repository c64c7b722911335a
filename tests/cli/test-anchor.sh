#!/bin/sh
# test-anchor.sh - `govrec log --head` prints the audit chain's head to publish,
# and `govrec check --against-head SEQ:HASH` / `--against BUNDLE` find a
# history that no longer runs through it: a deleted tail (which plain check
# cannot see), a rewritten entry, and a history rewritten and re-chained
# consistently.  The archive is tampered with as an attacker would: the
# sqlite3 shell, the append-only triggers dropped.
. "$(dirname "$0")/lib.sh"

if ! command -v sqlite3 >/dev/null 2>&1; then
	echo "SKIP: no sqlite3 shell to tamper with the archive"
	finish
fi

run init
expect_rc 0
for n in 1 2 3; do
	"$GOVREC" meeting add --number $n --date 2019-10-1$n >/dev/null
done

# ---- log --head --------------------------------------------------------------

run log --head
expect_rc 0
expect_eq "$(printf '%s\n' "$out" | grep -cE '^govrec audit head [1-9][0-9]*:[0-9a-f]{64} [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$')" \
	"1" "log --head prints one line to publish"
expect_eq "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" "1" "log --head lines on stdout"
expect_err "Publish this line"
A=$(printf '%s' "$out" | cut -d' ' -f4)
A_SEQ=${A%%:*}
run --json log --head
expect_rc 0
expect_eq "$(json '"%d:%s" % (j["seq"], j["sha256"])')" "$A" "--json head"
expect_eq "$(json 'sorted(j), len(j["time"])')" "(['seq', 'sha256', 'time'], 20)" "--json head fields"
run log --head --record meeting:1
expect_rc 2
expect_err "--head goes alone"

for n in 4 5 6; do
	"$GOVREC" meeting add --number $n --date 2019-10-1$n >/dev/null
done
B=$("$GOVREC" log --head 2>/dev/null | cut -d' ' -f4)
B_SEQ=${B%%:*}
B_HASH=${B#*:}
expect_eq "$((B_SEQ > A_SEQ))" "1" "the head moves on with each write"

# ---- the archive as it is ---------------------------------------------------

run check --against-head "$B"
expect_rc 0
expect_out "ok: the audit chain runs through the anchor $B_SEQ:"
run check --against-head "$A"
expect_rc 0
# what --head prints, upper-case hex too
run check --against-head "$(printf '%s' "$B" | tr a-f A-F)"
expect_rc 0
run --json check --against-head "$B"
expect_rc 0
expect_eq "$(json 'j["ok"], j["anchor"], j["problems"]')" "(True, '$B', [])" "--json check anchor"

# ---- malformed anchors: exit 2 ----------------------------------------------

for bad in "" "$B_HASH" "$B_SEQ" "$B_SEQ:" "0:$B_HASH" "-1:$B_HASH" "0$B_SEQ:$B_HASH" \
	"x$B_SEQ:$B_HASH" "$B_SEQ:${B_HASH}0" "$B_SEQ:$(printf '%s' "$B_HASH" | cut -c2-)g" \
	"99999999999999999999:$B_HASH" "$B_SEQ:$B_HASH 2026-11-28T06:53:00Z"; do
	run check --against-head "$bad"
	if [ "$rc" -ne 2 ]; then fail "--against-head '$bad' exits $rc, not 2"; else ok; fi
done
run check --against-head
expect_rc 2
run check --against-head "$B" --against x.tar
expect_rc 2
run check --against-head "$B" -P RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3
expect_rc 2
expect_err "a public key checks the bundle of --against"

# ---- an anchor newer than the archive ---------------------------------------

run check --against-head "$((B_SEQ + 5)):$B_HASH"
expect_rc 1
expect_out "audit entry $((B_SEQ + 1)) is missing: the archive's history ends at $B_SEQ, the anchor is at $((B_SEQ + 5))"

# ---- a deleted tail ---------------------------------------------------------

copy() { rm -f "$WORK/$1"; cp "$WORK/archive.db" "$WORK/$1"; }
copy tail.db
sqlite3 "$WORK/tail.db" "DROP TRIGGER audit_no_delete;
	DELETE FROM meeting WHERE number > 3;
	DELETE FROM audit WHERE seq > $A_SEQ;" || fail "sqlite3 could not cut the tail"
run --db "$WORK/tail.db" check
expect_rc 0 # the chain and the records agree: only an anchor shows what is gone
run --db "$WORK/tail.db" check --against-head "$B"
expect_rc 1
expect_out "audit entry $((A_SEQ + 1)) is missing: the archive's history ends at $A_SEQ, the anchor is at $B_SEQ"
expect_err "1 problem found"
run --db "$WORK/tail.db" check --against-head "$A"
expect_rc 0

# ---- a rewritten entry ------------------------------------------------------

copy rewritten.db
sqlite3 "$WORK/rewritten.db" "DROP TRIGGER audit_no_update;
	UPDATE audit SET actor = 'mallory' WHERE seq = 2;" || fail "sqlite3 could not rewrite"
run --db "$WORK/rewritten.db" check --against-head "$B"
expect_rc 1
expect_out "audit entry 2 does not match the anchor: it was changed after it was written"
run --db "$WORK/rewritten.db" check --against-head "1:$(sqlite3 "$WORK/archive.db" 'SELECT sha256 FROM audit WHERE seq = 1')"
expect_rc 1
expect_out "audit log: entry 2 (" # plain check still sees the break in the chain
expect_no_out "does not match the anchor"

# ---- a history rewritten and re-chained -------------------------------------
# The actor of entry 2 is forged and every hash from there on recomputed the
# way govrec computes them: the chain is whole, plain check says ok, and only
# the published head shows it.

copy rechained.db
python3 - "$WORK/rechained.db" <<'EOF' || fail "could not re-chain the forged history"
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript("DROP TRIGGER audit_no_update;")
db.execute("UPDATE audit SET actor = 'mallory' WHERE seq = 2")
prev = "0" * 64
for seq, time, actor, op, record, content in db.execute(
        "SELECT seq, time, actor, op, record, content_sha256 FROM audit ORDER BY seq").fetchall():
    text = "\n".join([prev, str(seq), time, actor, op, record, content or "-"])
    h = hashlib.sha256(text.encode()).hexdigest()
    db.execute("UPDATE audit SET prev_sha256 = ?, sha256 = ? WHERE seq = ?", (prev, h, seq))
    prev = h
db.commit()
EOF
run --db "$WORK/rechained.db" check
expect_rc 0
run --db "$WORK/rechained.db" log
expect_out "mallory"
run --db "$WORK/rechained.db" check --against-head "$A"
expect_rc 1
expect_out "audit entry $A_SEQ does not match the anchor: each entry up to it follows the one before, but its hash is not the anchored one, so the history was rewritten at entry $A_SEQ or before it and its hashes recomputed"
run --db "$WORK/rechained.db" check --against-head "$B"
expect_rc 1
expect_out "audit entry $B_SEQ does not match the anchor"
run --db "$WORK/rechained.db" check --against-head "1:$(sqlite3 "$WORK/archive.db" 'SELECT sha256 FROM audit WHERE seq = 1')"
expect_rc 0 # entry 1 was not touched: an anchor before the rewrite still holds

# ---- a bundle as the anchor -------------------------------------------------

run key generate -W -p "$WORK/k.pub" -s "$WORK/k.key"
expect_rc 0
run key generate -W -p "$WORK/other.pub" -s "$WORK/other.key"
expect_rc 0
run export -o "$WORK/plain.tar"
expect_rc 0
run export -o "$WORK/signed.tar" --sign "$WORK/k.key"
expect_rc 0
run check --against "$WORK/signed.tar" -p "$WORK/k.pub"
expect_rc 0
expect_out "ok: the audit chain runs through the anchor $B_SEQ:"
expect_no_out "not checked"
run check --against "$WORK/signed.tar"
expect_rc 0
expect_err "is signed but its signature was not checked"
run check --against "$WORK/plain.tar"
expect_rc 0
expect_err "is not signed"
run check --against "$WORK/signed.tar" -p "$WORK/other.pub"
expect_rc 1
expect_err "cannot serve as an anchor: it does not verify"
run check --against "$WORK/plain.tar" -p "$WORK/k.pub"
expect_rc 1
expect_err "cannot serve as an anchor"
run check --against "$WORK/missing.tar"
expect_rc 2
run --db "$WORK/tail.db" check --against "$WORK/signed.tar" -p "$WORK/k.pub"
expect_rc 1
expect_out "audit entry $((A_SEQ + 1)) is missing: the archive's history ends at $A_SEQ, the anchor is at $B_SEQ"
run --db "$WORK/rechained.db" check --against "$WORK/signed.tar" -p "$WORK/k.pub"
expect_rc 1
expect_out "audit entry $B_SEQ does not match the anchor"
# The bundle carries the whole log: it names the entry where the rewrite begins.
expect_out "audit entry 2 differs from the bundle's: its actor is 'mallory', the bundle says 'tester'"
run --db "$WORK/tail.db" check --against "$WORK/signed.tar" -p "$WORK/k.pub"
expect_out "audit entry $((A_SEQ + 1)) is missing: the archive's history ends at $A_SEQ, the bundle's goes on"
# a bundle whose bag-info was changed no longer verifies, so it anchors nothing
mkdir "$WORK/t" && tar -xf "$WORK/signed.tar" -C "$WORK/t"
info=$(find "$WORK/t" -name bag-info.txt)
sed -i "s/^Govrec-Audit-Seq: .*/Govrec-Audit-Seq: $A_SEQ/" "$info"
(cd "$WORK/t" && tar -cf "$WORK/forged.tar" .)
run --db "$WORK/tail.db" check --against "$WORK/forged.tar" -p "$WORK/k.pub"
expect_rc 1
expect_err "cannot serve as an anchor"

finish
