# test-export.sh - `govrec export` and `govrec restore` end to end: every
# output form, signatures checked by the real minisign, manifests checked by
# sha256sum/sha512sum, every Akoma Ntoso document validated by xmllint
# against the OASIS schema, byte-identical repeat exports, an archive file
# that export leaves untouched, and export -> restore -> export.
. "$(dirname "$0")/lib.sh"

SCHEMA="$DATA/akn/akomantoso30.xsd"


# ---- an archive built with the ordinary commands
run init --committee "Customer Standing Committee" --short CSC
expect_rc 0
run person add "Byron Holland" --alias "BYRON" --role member --body ccNSO --from 2016-10-01
expect_rc 0
run person add "Jay Daley" --role pti-liaison --body PTI --from 2016-10-01
expect_rc 0
run meeting add --number 34 --date 2019-06-20 --time 14:00 --title "Monthly & <review>" \
	--agenda "Welcome" --agenda "PTI performance report"
expect_rc 0
run meeting add --number 35 --date 2019-07-18 --kind adhoc
expect_rc 0
run meeting attend 34 "Byron Holland"
expect_rc 0
run meeting attend 34 "Jay Daley" --status apologies
expect_rc 0
printf '# Scope\n\nThe review covers the SLA & its "thresholds".\n\n# Findings\n\nNone yet.\n' \
	>"$WORK/scope note.md"
run note add --review "CSC Charter Review 2018" --section 3 --date 2018-05-01 "$WORK/scope note.md"
expect_rc 0
run key generate -W -p "$WORK/k.pub" -s "$WORK/k.key"
expect_rc 0

db_hash=$(sha256sum "$GOVREC_DB" | cut -c1-64)
log_before=$("$GOVREC" log | wc -l)

# ---- every output form, twice, a second apart: byte-identical
for f in b.tar b.tar.gz b.tar.zst b.zip b.dir; do
	run export -o "$WORK/$f" --sign "$WORK/k.key"
	expect_rc 0
	expect_out "signed"
done
sleep 1
for f in c.tar c.tar.gz c.tar.zst c.zip c.dir; do
	run export -o "$WORK/$f" --sign "$WORK/k.key"
	expect_rc 0
done
for ext in tar tar.gz tar.zst zip; do
	if cmp -s "$WORK/b.$ext" "$WORK/c.$ext"; then ok; else fail "repeat .$ext export differs"; fi
done
if diff -r "$WORK/b.dir" "$WORK/c.dir" >/dev/null; then ok; else fail "repeat directory export differs"; fi
# ... and in another time zone (zip headers hold local DOS times).
TZ=EST5 "$GOVREC" export -o "$WORK/tz.zip" --sign "$WORK/k.key" >/dev/null
expect_true "a zip exported in another time zone differs" cmp -s "$WORK/b.zip" "$WORK/tz.zip"
run --json export -o "$WORK/d.tar" --format tar
expect_rc 0
expect_eq "$(json 'j["format"]')" "tar" "json format"
expect_eq "$(json 'j["signed"]')" "False" "json signed"
expect_eq "$(json 'j["meetings"]')" "2" "json meetings"
expect_eq "$(json 'j["documents"]')" "1" "json documents"
id=$(json 'j["id"]')
case "$id" in govrec-????????????????) ok ;; *) fail "bundle id '$id'" ;; esac
if head -c 4 "$WORK/b.tar.gz" | od -An -tx1 | grep -q '1f 8b 08 00' &&
	[ "$(od -An -tx1 -j4 -N4 "$WORK/b.tar.gz" | tr -d ' \n')" = 00000000 ]; then
	ok
else
	fail "the gzip header carries a name or a time"
fi

# ---- export never changes the archive, the audit log included
expect_eq "$(sha256sum "$GOVREC_DB" | cut -c1-64)" "$db_hash" "archive file after export"
expect_eq "$("$GOVREC" log | wc -l)" "$log_before" "audit entries after export"

# ---- each form unpacked and checked with standard tools only
mkdir -p "$WORK/x/tar" "$WORK/x/tgz" "$WORK/x/zst" "$WORK/x/zip"
tar -xf "$WORK/b.tar" -C "$WORK/x/tar"
tar -xzf "$WORK/b.tar.gz" -C "$WORK/x/tgz"
zstd -dc "$WORK/b.tar.zst" | tar -xf - -C "$WORK/x/zst"
unzip -q "$WORK/b.zip" -d "$WORK/x/zip"
for bag in "$WORK"/x/*/govrec-* "$WORK/b.dir"; do
	if (cd "$bag" && minisign -Vm tagmanifest-sha512.txt -p "$WORK/k.pub" >/dev/null); then
		ok
	else
		fail "minisign rejects $bag"
	fi
	if (cd "$bag" && sha512sum -c --quiet tagmanifest-sha512.txt &&
		sha512sum -c --quiet manifest-sha512.txt && sha256sum -c --quiet manifest-sha256.txt); then
		ok
	else
		fail "checksums of $bag"
	fi
	expect_eq "$(cat "$bag/bagit.txt")" "BagIt-Version: 1.0
Tag-File-Character-Encoding: UTF-8" "bagit.txt"
done
bag=$(echo "$WORK"/x/tar/govrec-*)
expect_eq "$(basename "$bag")" "$id" "base directory"
run verify "$WORK/b.tar.zst" -p "$WORK/k.pub"
expect_rc 0
expect_out "signature: valid"
expect_true "bag-info.txt lacks the committee" \
	grep -q "^Source-Organization: Customer Standing Committee$" "$bag/bag-info.txt"
expect_true "Payload-Oxum" grep -q "^Payload-Oxum: [0-9]*\.12$" "$bag/bag-info.txt"
expect_true "External-Identifier" grep -q "^External-Identifier: $id$" "$bag/bag-info.txt"
expect_true "trusted comment" grep -q "^trusted comment: govrec bundle $id archive CSC time " \
	"$bag/tagmanifest-sha512.txt.minisig"
expect_true "original's payload name" test -f "$bag/data/originals/00000001-scope_note.md"
expect_true "original bytes" \
	cmp -s "$bag/data/originals/00000001-scope_note.md" "$WORK/scope note.md"

# Every Akoma Ntoso document is valid against the OASIS schema.
n=0
for x in "$bag"/data/records/meetings/*.xml "$bag"/data/records/documents/*.xml; do
	n=$((n + 1))
	if xmllint --noout --schema "$SCHEMA" "$x" 2>"$WORK/.xmllint"; then
		ok
	else
		fail "$(basename "$x") is not valid Akoma Ntoso: $(cat "$WORK/.xmllint")"
	fi
done
expect_eq "$n" "3" "Akoma Ntoso documents"
expect_true "meeting is not a debate" \
	grep -q '<debate name="meeting">' "$bag/data/records/meetings/meeting-000034.xml"
expect_true "note is not a doc" \
	grep -q '<doc name="review-note">' "$bag/data/records/documents/document-00000001.xml"
# The govrec vocabulary files are valid against govrec's own schema.
for x in "$bag"/data/records/*.xml; do
	expect_true "$(basename "$x") is not valid" \
		xmllint --noout --schema "$SRCDIR/docs/govrec-records.xsd" "$x" 2>/dev/null
done

# A changed tag manifest fails minisign; a changed payload fails verify.
cp -R "$WORK/b.dir" "$WORK/bad"
printf 'x' >>"$WORK/bad/tagmanifest-sha512.txt"
if (cd "$WORK/bad" && minisign -Vm tagmanifest-sha512.txt -p "$WORK/k.pub" >/dev/null 2>&1); then
	fail "minisign accepts a changed tag manifest"
else
	ok
fi
cp -R "$WORK/b.dir" "$WORK/bad2"
printf 'x' >>"$WORK/bad2/data/records/people.xml"
run verify "$WORK/bad2" -p "$WORK/k.pub"
expect_rc 1

# ---- restore, then export again: the same payload, audit log included
run restore "$WORK/b.tar.zst" --db "$WORK/r.db" -p "$WORK/k.pub"
expect_rc 0
expect_out "2 people, 2 meetings, 1 document (2 passages), 0 proposals"
expect_out "signature: valid"
run --db "$WORK/r.db" check
expect_rc 0
run --db "$WORK/r.db" log
expect_out "meeting.add"
expect_no_out "restore"
run --db "$WORK/r.db" meeting show 34
expect_rc 0
expect_out "Byron Holland"
run --db "$WORK/r.db" export -o "$WORK/r.dir"
expect_rc 0
if diff -r "$WORK/b.dir/data" "$WORK/r.dir/data" >/dev/null; then
	ok
else
	fail "export -> restore -> export changed the payload"
fi
# A bag at the top of a tar made by hand restores too; the id comes from bag-info.txt.
tar -C "$WORK/b.dir" -cf "$WORK/top.tar" .
run restore "$WORK/top.tar" --db "$WORK/r-top.db"
expect_rc 0
expect_out "restored $id into"
run --json restore "$WORK/b.zip" --db "$WORK/r2.db"
expect_rc 0
expect_eq "$(json 'j["signature"]')" "unchecked" "restore json signature"
expect_eq "$(json 'j["passages"]')" "2" "restore json passages"

# ---- refusals
run export
expect_rc 2
expect_err "-o OUT is needed"
run export -o "$WORK/b.tar"
expect_rc 1
expect_err "exists; export never overwrites"
run export -o "$WORK/e.tar" --meeting 99
expect_rc 1
expect_err "no meeting 99"
run export -o "$WORK/e.tar" --proposal SLA-1999-01
expect_rc 1
expect_err "no proposal 'SLA-1999-01'"
run export -o "$WORK/e.tar" --format rar
expect_rc 2
expect_err "--format 'rar' is not tar, tar.gz, tar.zst, zip or dir"
run export -o "$WORK/e.tar" --since 2019-02-30
expect_rc 2
run export -o "$WORK/e.tar" --since 2020-01-01 --until 2019-01-01
expect_rc 2
expect_false "a failed export left a file" test -e "$WORK/e.tar"
run export -o "$WORK/e.tar" --sign "$WORK/missing.key"
expect_rc 2
expect_err "cannot open secret key"
run restore "$WORK/b.tar" --db "$WORK/r.db"
expect_rc 1
expect_err "exists; restore builds a new archive"
run restore "$WORK/bad2" --db "$WORK/r3.db"
expect_rc 1
expect_err "does not verify"
expect_false "a refused restore left an archive" test -e "$WORK/r3.db"
run key generate -W -p "$WORK/other.pub" -s "$WORK/other.key"
run restore "$WORK/b.tar" --db "$WORK/r3.db" -p "$WORK/other.pub"
expect_rc 1
expect_false "a restore with the wrong key left an archive" test -e "$WORK/r3.db"
run restore
expect_rc 2

# ---- a selection
run export -o "$WORK/m35" --meeting 35
expect_rc 0
expect_out "(0 documents, 1 meeting, 0 proposals)"
expect_true "selection in bag-info.txt" grep -q "): meeting 35$" "$WORK/m35/bag-info.txt"
expect_true "meeting 35 missing" test -f "$WORK/m35/data/records/meetings/meeting-000035.xml"
expect_false "meeting 34 exported" test -f "$WORK/m35/data/records/meetings/meeting-000034.xml"

finish
