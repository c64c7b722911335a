# test-attacks.sh - a signed bundle cannot carry forged records into an
# archive, and restore keeps the history (issue 11, sections 0 and 1).
#
# Each attack here worked against the restore of an earlier version: the
# verifier and restore read the bundle with two different parsers, and
# restore opened the path again after verifying it.  Restore now loads only
# what the verified manifests list, from the same open file, checking each
# file's digest as it reads it.
. "$(dirname "$0")/lib.sh"

BAGTOOL="python3 $SRCDIR/tests/cli/bagtool.py"


# ---- a genuine archive and its signed bundle
run init --committee "Customer Standing Committee" --short CSC
run person add "Byron Holland" --alias BYRON --role member --body ccNSO --from 2016-10-01
run meeting add --number 34 --date 2019-06-20 --time 14:00 --title "Monthly review"
run meeting attend 34 "Byron Holland"
printf 'BYRON: The thresholds were met this month.\n' >"$WORK/t.txt"
run import --meeting 34 --kind transcript "$WORK/t.txt"
expect_rc 0
run key generate -W -p "$WORK/k.pub" -s "$WORK/k.key"
run export -o "$WORK/b" --format dir --sign "$WORK/k.key"
expect_rc 0
bag=$WORK/b

# The forged record: meeting 666, in govrec's own vocabulary.
sed -e 's/g:id="1" g:number="34"/g:id="666" g:number="666"/' -e 's/g:meeting_id="1"/g:meeting_id="666"/' \
	"$bag/data/records/meetings/meeting-000034.xml" >"$WORK/forged.xml"
expect_true "forged meeting made" grep -q 'g:number="666"' "$WORK/forged.xml"

# ---- 0a. the bag moved to the top of the archive, a forged entry beside it
for fmt in tar zip; do
	$BAGTOOL "$fmt" "$bag" "$WORK/top.$fmt" --top \
		--add "zz/data/records/meetings/meeting-000666.xml=$WORK/forged.xml"
	run verify "$WORK/top.$fmt" -p "$WORK/k.pub"
	expect_rc 1
	expect_out "zz/data/records/meetings/meeting-000666.xml"
	run restore "$WORK/top.$fmt" --db "$WORK/top-$fmt.db" -p "$WORK/k.pub"
	expect_rc 1
	expect_false "a forged $fmt bundle left an archive" test -e "$WORK/top-$fmt.db"
	run restore "$WORK/top.$fmt" --db "$WORK/top-$fmt.db"
	expect_rc 1
	expect_false "a forged $fmt bundle restored without a key" test -e "$WORK/top-$fmt.db"
done
# The same bag at the top, with nothing added, is genuine and restores.
$BAGTOOL tar "$bag" "$WORK/top-ok.tar" --top
run restore "$WORK/top-ok.tar" --db "$WORK/top-ok.db" -p "$WORK/k.pub"
expect_rc 0
run --db "$WORK/top-ok.db" meeting show 666
expect_rc 1

# ---- 0b. a second bag directory beside the first, or an entry outside the base
$BAGTOOL tar "$bag" "$WORK/two.tar" --add "other/data/records/meetings/meeting-000666.xml=$WORK/forged.xml"
run restore "$WORK/two.tar" --db "$WORK/two.db" -p "$WORK/k.pub"
expect_rc 1
expect_false "an entry outside the base was restored" test -e "$WORK/two.db"

# ---- 0c. an unlisted payload file inside the bag, bundle signed
cp -R "$bag" "$WORK/extra"
cp "$WORK/forged.xml" "$WORK/extra/data/records/meetings/meeting-000666.xml"
run verify "$WORK/extra" -p "$WORK/k.pub"
expect_rc 1
run restore "$WORK/extra" --db "$WORK/extra.db" -p "$WORK/k.pub"
expect_rc 1
expect_false "an unlisted payload file was restored" test -e "$WORK/extra.db"
# An unlisted tag file in a signed govrec bundle is refused too.
cp -R "$bag" "$WORK/extratag"
mkdir "$WORK/extratag/zz"
cp "$WORK/forged.xml" "$WORK/extratag/zz/meeting.xml"
run verify "$WORK/extratag" -p "$WORK/k.pub"
expect_rc 1
expect_out "zz/meeting.xml"

# ---- 0d. fetch.txt has no place in a govrec bundle
cp -R "$bag" "$WORK/fetch"
printf 'https://example.org/m.xml 10 data/records/meetings/meeting-000666.xml\n' \
	>"$WORK/fetch/fetch.txt"
run verify "$WORK/fetch"
expect_rc 1
expect_out "fetch.txt"
run restore "$WORK/fetch" --db "$WORK/fetch.db"
expect_rc 1

# ---- 0e. the bundle swapped for a tampered one while restore runs
# The tampered copy is a valid (unsigned) bag whose meeting is renamed: were
# restore to verify one file and load another, "Tampered" would get in.
cp -R "$bag" "$WORK/tampered"
sed -i 's/Monthly review/Tampered review/' "$WORK/tampered/data/records/meetings/meeting-000034.xml"
$BAGTOOL rebag "$WORK/tampered"
$BAGTOOL tar "$bag" "$WORK/good.tar"
$BAGTOOL tar "$WORK/tampered" "$WORK/bad.tar"
cp "$WORK/good.tar" "$WORK/race.tar"
(
	i=0
	while [ $i -lt 4000 ] && [ ! -e "$WORK/race.stop" ]; do
		cp "$WORK/bad.tar" "$WORK/race.new" && mv -f "$WORK/race.new" "$WORK/race.tar"
		cp "$WORK/good.tar" "$WORK/race.new" && mv -f "$WORK/race.new" "$WORK/race.tar"
		i=$((i + 1))
	done
) &
swapper=$!
loaded_bad=0
restored=0
for i in $(seq 1 30); do
	rm -f "$WORK/race.db"
	if "$GOVREC" restore "$WORK/race.tar" --db "$WORK/race.db" -p "$WORK/k.pub" \
		>/dev/null 2>&1; then
		restored=$((restored + 1))
		if "$GOVREC" --db "$WORK/race.db" meeting show 34 | grep -q Tampered; then
			loaded_bad=$((loaded_bad + 1))
		fi
	fi
done
touch "$WORK/race.stop"
wait $swapper
expect_eq "$loaded_bad" 0 "restores that loaded the tampered bundle under a valid signature"
# And in place: the same file, its bytes changed after the check (a directory bag).
run restore "$WORK/tampered" --db "$WORK/tampered.db" -p "$WORK/k.pub"
expect_rc 1
expect_err "is not signed"

# ---- 0f. a signature that was not checked is said loudly
run restore "$bag" --db "$WORK/nokey.db"
expect_rc 0
expect_err "signature was NOT checked"
expect_out "signature: NOT checked"
run restore "$bag" --db "$WORK/req.db" --require-signature
expect_rc 1
expect_err "cannot be checked without its public key"
expect_false "--require-signature left an archive" test -e "$WORK/req.db"
run restore "$bag" --db "$WORK/req.db" --require-signature -p "$WORK/k.pub"
expect_rc 0
run export -o "$WORK/unsigned" --format dir
run restore "$WORK/unsigned" --db "$WORK/u.db" --require-signature
expect_rc 1
expect_err "is not signed, and --require-signature was given"
run restore "$WORK/unsigned" --db "$WORK/u.db"
expect_rc 0
expect_err "the bundle is not signed"

# ---- 1. restore keeps the history: export -> restore -> export is identical
run restore "$bag" --db "$WORK/r.db" -p "$WORK/k.pub"
expect_rc 0
expect_out "history: the bundle's audit log"
run --db "$WORK/r.db" check
expect_rc 0
"$GOVREC" log >"$WORK/log.before"
"$GOVREC" --db "$WORK/r.db" log >"$WORK/log.after"
expect_true "restore keeps the audit log" cmp -s "$WORK/log.before" "$WORK/log.after"
run --db "$WORK/r.db" export -o "$WORK/b2" --format dir --sign "$WORK/k.key"
expect_rc 0
expect_true "export -> restore -> export: payload identical, audit log included" \
	diff -r "$bag/data" "$WORK/b2/data"
expect_true "export -> restore -> export: manifests identical" \
	cmp -s "$bag/manifest-sha512.txt" "$WORK/b2/manifest-sha512.txt"
expect_true "export -> restore -> export: bag-info identical" \
	cmp -s "$bag/bag-info.txt" "$WORK/b2/bag-info.txt"
# The restored archive goes on: a new write chains onto the old head.
run --db "$WORK/r.db" meeting add --number 35 --date 2019-07-18
expect_rc 0
run --db "$WORK/r.db" check
expect_rc 0

# A full bundle whose records were changed (and re-bagged, unsigned) no
# longer matches its own audit log: refused, naming the record.
cp -R "$bag" "$WORK/mismatch"
sed -i 's/Monthly review/Rewritten review/' "$WORK/mismatch/data/records/meetings/meeting-000034.xml"
$BAGTOOL rebag "$WORK/mismatch"
run verify "$WORK/mismatch"
expect_rc 0
run restore "$WORK/mismatch" --db "$WORK/mismatch.db"
expect_rc 1
expect_err "does not match its records: meeting:34"
expect_false "a mismatched bundle left an archive" test -e "$WORK/mismatch.db"
# A rewritten audit row breaks the chain.
cp -R "$bag" "$WORK/chain"
sed -i "2s/\ttester\t/\tmallory\t/" "$WORK/chain/data/audit/audit.tsv"
$BAGTOOL rebag "$WORK/chain"
run restore "$WORK/chain" --db "$WORK/chain.db"
expect_rc 1
expect_err "audit log"
expect_false "a re-written log left an archive" test -e "$WORK/chain.db"
# A log cut short no longer reaches the head bag-info.txt names.
cp -R "$bag" "$WORK/cut"
sed -i '$d' "$WORK/cut/data/audit/audit.tsv"
$BAGTOOL rebag "$WORK/cut"
run restore "$WORK/cut" --db "$WORK/cut.db"
expect_rc 1
expect_err "but its bag-info.txt names entry"

# A bundle of an older govrec does not say whether it is whole: it is taken
# as partial, and restore says why.
cp -R "$bag" "$WORK/older"
sed -i '/^Govrec-Bundle-Scope:/d' "$WORK/older/bag-info.txt"
$BAGTOOL rebag "$WORK/older"
run --json restore "$WORK/older" --db "$WORK/older.db"
expect_rc 0
expect_eq "$(json 'j["scope"]')" "partial" "an older bundle is restored as partial"
run restore "$WORK/older" --db "$WORK/older2.db"
expect_out "does not say it holds every record (an older govrec made it)"

# ---- a partial bundle: a new log that starts from the bundle
run export -o "$WORK/p" --format dir --meeting 34 --sign "$WORK/k.key"
expect_rc 0
expect_true "partial bundle says so" grep -q '^Govrec-Bundle-Scope: partial$' "$WORK/p/bag-info.txt"
expect_true "full bundle says so" grep -q '^Govrec-Bundle-Scope: full$' "$bag/bag-info.txt"
run --json restore "$WORK/p" --db "$WORK/p.db" -p "$WORK/k.pub"
expect_rc 0
expect_eq "$(json 'j["scope"]')" "partial" "restore json scope"
head_seq=$(sed -n 's/^Govrec-Audit-Seq: //p' "$WORK/p/bag-info.txt")
head_hash=$(sed -n 's/^Govrec-Audit-Sha256: //p' "$WORK/p/bag-info.txt")
keyid=$("$GOVREC" key show -p "$WORK/k.pub" | sed -n 's/^key id: //p')
run --db "$WORK/p.db" --json log
expect_eq "$(json 'j[0]["record"]')" "bundle:$(sed -n 's/^External-Identifier: //p' "$WORK/p/bag-info.txt")" \
	"first row names the bundle"
expect_eq "$(json 'j[0]["op"]')" "restore from head $head_seq:$head_hash, signed by key $keyid" \
	"first row names the head and the key"
expect_eq "$(json 'j[1]["op"]')" "restore" "records restored are logged"
run --db "$WORK/p.db" log
expect_out "bundle:"
expect_no_out "(deleted)"
run --db "$WORK/p.db" check
expect_rc 0

# ---- text a bundle cannot carry never enters, so every full bundle restores
run meeting add --number 36 --date 2019-08-15 --title "$(printf 'bell\007title')"
expect_rc 2
expect_err "holds a control character or bytes that are not UTF-8"
run meeting add --number 36 --date 2019-08-15 --title "$(printf 'caf\351')"
expect_rc 2
# A page break (form feed) and a stray control byte in an imported text.
printf 'BYRON: Page one ends here\fpage two \001 goes on.\n' >"$WORK/ff.txt"
run import --meeting 34 --kind transcript "$WORK/ff.txt"
expect_rc 0
run export -o "$WORK/ff" --format dir
expect_rc 0
run restore "$WORK/ff" --db "$WORK/ff.db"
expect_rc 0
expect_out "checked against every record"
run --db "$WORK/ff.db" search "page two"
expect_out "one ends here"

finish
