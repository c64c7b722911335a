#!/bin/sh
# test-check.sh - `govrec check` is read-only: it runs while other processes
# write (their lock is never reported as damage), it neither migrates nor
# changes an older file, and a passage edited behind govrec's back is
# reported as that record, not as a damaged file.
. "$(dirname "$0")/lib.sh"

run init
expect_rc 0
run person add "Byron Holland" --role member --body ccNSO --from 2016-10-01
expect_rc 0
run meeting add --number 1 --date 2019-10-15
expect_rc 0
mkdir in
n=0
while [ $n -lt 20 ]; do
	printf 'Byron Holland: turn %s on the technical checks and the root zone.\n' $n >in/t$n.txt
	n=$((n + 1))
done
run import --quiet --meeting 1 in
expect_rc 0

# ---- check while others write -----------------------------------------------
# Two writers import and add meetings; eight checks run meanwhile.  Each must
# see one consistent snapshot and say ok: never "database is locked".

writer() {
	n=0
	while [ $n -lt 12 ]; do
		mkdir -p "w$1.$n"
		k=0
		while [ $k -lt 5 ]; do
			printf 'Byron Holland: writer %s batch %s item %s.\n' $1 $n $k >"w$1.$n/x$k.txt"
			k=$((k + 1))
		done
		"$GOVREC" import --quiet --meeting 1 "w$1.$n" >/dev/null 2>>"$WORK/werr.$1" ||
			echo "import $1.$n failed" >>"$WORK/werr.$1"
		"$GOVREC" meeting add --number $(($1 * 100 + n + 10)) --date 2019-11-01 >/dev/null \
			2>>"$WORK/werr.$1" || echo "meeting $1.$n failed" >>"$WORK/werr.$1"
		n=$((n + 1))
	done
}
writer 1 &
w1=$!
writer 2 &
w2=$!
i=0
while [ $i -lt 8 ]; do
	"$GOVREC" check >"$WORK/chk.$i" 2>&1
	echo $? >"$WORK/chkrc.$i"
	i=$((i + 1))
done
wait $w1 $w2
expect_eq "$(cat "$WORK"/werr.* 2>/dev/null)" "" "errors from the writers"
expect_eq "$(cat "$WORK"/chkrc.* | sort -u | tr '\n' ' ')" "0 " "exit status of the checks run while writing"
expect_eq "$(cat "$WORK"/chk.* | grep -vc '^ok: ')" "0" "lines other than ok from those checks"
run check
expect_rc 0

# ---- read-only --------------------------------------------------------------

sum() { sha256sum "$WORK/archive.db" | cut -d' ' -f1; }
before=$(sum)
run check
expect_rc 0
expect_eq "$(sum)" "$before" "the archive after check"
expect_eq "$(cat "$WORK/archive.db-wal" 2>/dev/null | wc -c | tr -d ' ')" "0" "bytes in the WAL after check"
chmod 0444 "$WORK/archive.db"
run check
expect_rc 0
chmod 0644 "$WORK/archive.db"

if command -v sqlite3 >/dev/null 2>&1; then
	# an older schema is reported and left alone: only init upgrades
	cp "$WORK/archive.db" "$WORK/old.db"
	version=$(sqlite3 "$WORK/old.db" "PRAGMA user_version")
	sqlite3 "$WORK/old.db" "PRAGMA user_version = $((version - 1))"
	before=$(sha256sum "$WORK/old.db" | cut -d' ' -f1)
	run --db "$WORK/old.db" check
	expect_rc 2
	expect_err "has schema $((version - 1)) and this govrec uses $version"
	expect_eq "$(sha256sum "$WORK/old.db" | cut -d' ' -f1)" "$before" "an older archive after check"
	expect_eq "$(sqlite3 "$WORK/old.db" "PRAGMA user_version")" "$((version - 1))" \
		"the older archive's schema after check"

	# ---- a passage edited behind govrec's back ------------------------------
	doc=$(sqlite3 "$WORK/archive.db" "SELECT document_id FROM passage ORDER BY id LIMIT 1")
	id=$(sqlite3 "$WORK/archive.db" "SELECT id FROM passage ORDER BY id LIMIT 1")
	sqlite3 "$WORK/archive.db" "UPDATE passage SET body = 'forged words' WHERE id = $id"
	run check
	expect_rc 1
	expect_out "document:$doc does not match its audit entry"
	expect_out "search index: passage $id of document:$doc is not indexed as it reads now: document:$doc was changed behind govrec's back"
	expect_no_out "malformed"
	expect_eq "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" "2" "problems reported"

	# the index damaged itself: damage, exit 1, not "could not run"
	cp "$WORK/archive.db" "$WORK/damaged.db"
	sqlite3 "$WORK/damaged.db" "UPDATE search_data SET block = X'ffffffff' WHERE id > 10"
	run --db "$WORK/damaged.db" check
	expect_rc 1
	expect_out "search index: damaged"
else
	echo "SKIP: no sqlite3 shell: the older-schema and tampering cases"
fi

finish
