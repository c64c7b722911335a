# test-verify.sh - `govrec verify`: bags built here with standard tools (sha256sum,
# sha512sum, tar, zip), signed with the real minisign, in every form; each kind of
# damage exits 1 with its reason; hostile bundles are refused; unreadable input exits 2.
. "$(dirname "$0")/lib.sh"

command -v minisign >/dev/null || { echo "FAIL: minisign is not installed"; exit 1; }

# A bag as RFC 8493 describes it, made with coreutils only.
make_bag() {
	d=$1
	mkdir -p "$d/data/minutes" "$d/data/records"
	printf 'Meeting 117 minutes\n' >"$d/data/minutes/2024-01.txt"
	printf '<debate/>\n' >"$d/data/records/meeting-117.xml"
	printf 'spaces in names are fine\n' >"$d/data/with space.txt"
	: >"$d/data/empty.txt"
	printf 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n' >"$d/bagit.txt"
	(
		cd "$d" || exit 1
		find data -type f | LC_ALL=C sort >.list
		while IFS= read -r f; do sha256sum "$f"; done <.list >manifest-sha256.txt
		while IFS= read -r f; do sha512sum "$f"; done <.list >manifest-sha512.txt
		bytes=$(while IFS= read -r f; do wc -c <"$f"; done <.list | awk '{s += $1} END {print s}')
		printf 'Source-Organization: ICANN CSC\nBagging-Date: 2024-01-31\nPayload-Oxum: %s.%s\n' \
			"$bytes" "$(wc -l <.list)" >bag-info.txt
		rm .list
		sha512sum bagit.txt bag-info.txt manifest-sha256.txt manifest-sha512.txt \
			>tagmanifest-sha512.txt
	)
}

sign_bag() { # sign_bag DIR KEY [TRUSTED COMMENT]
	minisign -S -s "$2" -m "$1/tagmanifest-sha512.txt" -t "${3:-govrec test bundle}" >/dev/null 2>&1 ||
		fail "minisign could not sign $1"
}

# Archive forms of a bag directory: NAME.tar, .tar.gz, .tar.zst, .zip (bag inside one directory).
pack() {
	tar -C "$(dirname "$1")" -cf "$1.tar" "$(basename "$1")"
	tar -C "$(dirname "$1")" -czf "$1.tar.gz" "$(basename "$1")"
	tar -C "$(dirname "$1")" --zstd -cf "$1.tar.zst" "$(basename "$1")"
	(cd "$(dirname "$1")" && zip -qr "$(basename "$1").zip" "$(basename "$1")")
}

minisign -G -W -p ms.pub -s ms.key >/dev/null 2>&1
run key generate -W -p gv.pub -s gv.key
expect_rc 0
gv_id=$(sed -n 's/^key id: //p' "$WORK/.out")
ms_b64=$(sed -n 2p ms.pub)

# --- valid bags, every form, signed by minisign with a minisign key and a govrec key ---
make_bag good
sign_bag good ms.key "govrec bundle	2024-01-31"
pack good
for form in good good.tar good.tar.gz good.tar.zst good.zip; do
	run verify "$form" -p ms.pub
	expect_rc 0
	expect_out "valid: $form"
	expect_out "payload: 4 files, 55 bytes (sha256, sha512)"
	expect_out "signature: valid, key"
	expect_out "trusted comment: govrec bundle?2024-01-31"
done
run verify good.tar.zst -P "$ms_b64"
expect_rc 0
run --json verify good.zip -p ms.pub
expect_rc 0
expect_eq "$(json 'j["valid"]')" True "json valid"
expect_eq "$(json 'j["signature"]')" valid "json signature"
expect_eq "$(json 'j["key_id"]')" "$(head -n1 ms.pub | sed 's/.* //')" "json key_id"
expect_eq "$(json 'j["trusted_comment"]')" "govrec bundle	2024-01-31" "json trusted_comment"
expect_eq "$(json 'j["files"]')" 4 "json files"
expect_eq "$(json 'j["bytes"]')" 55 "json bytes"
expect_eq "$(json 'j["algorithms"]')" "['sha256', 'sha512']" "json algorithms"
expect_eq "$(json 'j["problems"]')" "[]" "json problems"

# Signed but no key given: valid, and it says the signature was not checked and how to.
run verify good.tar.gz
expect_rc 0
expect_out "signature: present but not checked"
expect_out "give the public key with -p FILE or -P BASE64"
run --json verify good
expect_eq "$(json 'j["signature"]')" unchecked "json unchecked"

# Signed with a govrec key (by minisign -S), checked with the govrec public key.
make_bag gsig
sign_bag gsig gv.key
run verify gsig -p gv.pub
expect_rc 0
expect_out "signature: valid, key $gv_id"

# The recipe of docs/FORMATS.md: the same checks with minisign and coreutils only.
(
	cd gsig &&
		minisign -Vm tagmanifest-sha512.txt -p ../gv.pub >/dev/null &&
		sha512sum -c --quiet tagmanifest-sha512.txt &&
		sha256sum -c --quiet manifest-sha256.txt &&
		sha512sum -c --quiet manifest-sha512.txt &&
		find data -type f | sort >../present &&
		cut -d' ' -f3- manifest-sha256.txt | sort >../listed &&
		diff ../present ../listed
)
expect_eq $? 0 "the minisign and coreutils recipe"

# An unsigned bag is valid without a key; with a key it is not.
make_bag plain
run verify plain
expect_rc 0
expect_out "signature: none"
run verify plain -p ms.pub
expect_rc 1
expect_out "the bag is not signed"

# --- damage: each exits 1 with its reason ---
fresh() { rm -rf "$1" "$1".*; make_bag "$1"; sign_bag "$1" ms.key; }

fresh t
printf 'X' | dd of=t/data/minutes/2024-01.txt bs=1 seek=3 conv=notrunc 2>/dev/null
pack t
for form in t t.tar t.tar.gz t.zip; do
	run verify "$form" -p ms.pub
	expect_rc 1
	expect_out "invalid: $form"
	expect_out "data/minutes/2024-01.txt: checksum does not match manifest-sha256.txt"
	expect_out "data/minutes/2024-01.txt: checksum does not match manifest-sha512.txt"
	expect_err "is not a valid bag: 2 problems"
done

fresh t
first=$(head -c1 t/manifest-sha256.txt)
if [ "$first" = 0 ]; then first=1; else first=0; fi
sed -i "1s/^./$first/" t/manifest-sha256.txt
run verify t -p ms.pub
expect_rc 1
expect_out "manifest-sha256.txt: checksum does not match tagmanifest-sha512.txt"

fresh t
# Character 50 of the signature line (inside the Ed25519 signature) changed.
python3 - t/tagmanifest-sha512.txt.minisig <<'EOF'
import sys
lines = open(sys.argv[1]).read().split("\n")
c = lines[1][50]
lines[1] = lines[1][:50] + ("B" if c == "A" else "A") + lines[1][51:]
open(sys.argv[1], "w").write("\n".join(lines))
EOF
run verify t -p ms.pub
expect_rc 1
expect_out "signature: INVALID"
expect_out "tagmanifest-sha512.txt.minisig: the signature"

fresh t
sed -i '3s/test/TEST/' t/tagmanifest-sha512.txt.minisig
run verify t -p ms.pub
expect_rc 1
expect_out "the trusted comment's signature does not match"

fresh t
printf 'new\n' >t/data/added.txt
run verify t -p ms.pub
expect_rc 1
expect_out "data/added.txt: is not listed in manifest-sha256.txt"
expect_out "Payload-Oxum says 55 bytes in 4 files, but the payload has 59 bytes in 5 files"

fresh t
rm t/data/records/meeting-117.xml
pack t
run verify t.tar.zst -p ms.pub
expect_rc 1
expect_out "data/records/meeting-117.xml: is listed in manifest-sha256.txt but missing"

fresh t
mv t/data/empty.txt t/data/renamed.txt
run verify t -p ms.pub
expect_rc 1
expect_out "data/empty.txt: is listed in manifest-sha512.txt but missing"
expect_out "data/renamed.txt: is not listed in manifest-sha512.txt"

run verify good -p gv.pub
expect_rc 1
expect_out "the signature was made with key $(head -n1 ms.pub | sed 's/.* //'), not with key $gv_id"

# Every problem at once, listed in --json.
fresh t
printf 'x' >>t/data/empty.txt
printf 'y' >t/data/extra
printf 'BagIt-Version: 2.0\nTag-File-Character-Encoding: UTF-8\n' >t/bagit.txt
run --json verify t -p ms.pub
expect_rc 1
expect_eq "$(json 'j["valid"]')" False "json invalid"
expect_eq "$(json 'len(j["problems"])')" 7 "number of problems"
expect_eq "$(json '[p["path"] for p in j["problems"]]')" \
	"['bagit.txt', 'data/empty.txt', 'data/extra', 'data/empty.txt', 'data/extra', 'bagit.txt', 'bag-info.txt']" \
	"paths of the problems"

# --- hostile bundles: traversal and symbolic link entries are refused, never followed ---
make_bag h
python3 - "$WORK" <<'EOF'
import io, os, sys, tarfile
work = sys.argv[1]
with tarfile.open(os.path.join(work, "hostile.tar"), "w") as t:
    t.add(os.path.join(work, "h"), arcname="h")
    evil = tarfile.TarInfo("h/../../escape.txt")
    evil.size = 5
    t.addfile(evil, io.BytesIO(b"evil\n"))
    link = tarfile.TarInfo("h/data/passwd")
    link.type = tarfile.SYMTYPE
    link.linkname = "/etc/passwd"
    t.addfile(link)
    absolute = tarfile.TarInfo("/tmp/govrec-absolute")
    absolute.size = 1
    t.addfile(absolute, io.BytesIO(b"a"))
EOF
run verify hostile.tar
expect_rc 1
expect_out "h/../../escape.txt: is a path that climbs out with '..'; it is refused"
expect_out "h/data/passwd: is a symbolic link; a bag holds only regular files"
expect_out "/tmp/govrec-absolute: is an absolute path; it is refused"
[ ! -e "$WORK/../escape.txt" ] && [ ! -e /tmp/govrec-absolute ] && ok || fail "an entry was written"

ln -s /etc/passwd h/data/link
run verify h
expect_rc 1
expect_out "data/link: is a symbolic link"
rm h/data/link

# --- a plain bag in the layout bagit-python writes (md5 and sha256, tagmanifest-md5.txt) ---
python3 - "$WORK/pybag" <<'EOF'
import hashlib, os, sys
bag = sys.argv[1]
files = {"data/report.txt": b"CSC report\n", "data/sub dir/notes.md": b"# Notes\n\nok\n"}
for name, body in files.items():
    os.makedirs(os.path.dirname(os.path.join(bag, name)), exist_ok=True)
    open(os.path.join(bag, name), "wb").write(body)
def manifest(alg, names):
    lines = []
    for n in sorted(names):
        lines.append("%s  %s\n" % (hashlib.new(alg, open(os.path.join(bag, n), "rb").read()).hexdigest(), n))
    return "".join(lines)
open(os.path.join(bag, "bagit.txt"), "w").write("BagIt-Version: 0.97\nTag-File-Character-Encoding: UTF-8\n")
for alg in ("md5", "sha256"):
    open(os.path.join(bag, "manifest-%s.txt" % alg), "w").write(manifest(alg, files))
size = sum(len(b) for b in files.values())
open(os.path.join(bag, "bag-info.txt"), "w").write(
    "Bag-Software-Agent: bagit.py v1.8.1 <https://github.com/LibraryOfCongress/bagit-python>\n"
    "Bagging-Date: 2024-02-01\nPayload-Oxum: %d.%d\n" % (size, len(files)))
open(os.path.join(bag, "tagmanifest-md5.txt"), "w").write(
    manifest("md5", ["bagit.txt", "bag-info.txt", "manifest-md5.txt", "manifest-sha256.txt"]))
EOF
pack "$WORK/pybag"
for form in pybag pybag.tar.gz pybag.zip; do
	run verify "$form"
	expect_rc 0
	expect_out "payload: 2 files, 23 bytes (md5, sha256)"
done
printf 'changed' >pybag/data/report.txt
run verify pybag
expect_rc 1
expect_out "data/report.txt: checksum does not match manifest-md5.txt"

# A truncated archive: what could be read is reported, and the damage.
make_bag tr
head -c 300000 /dev/urandom >tr/data/big.bin
tar -czf tr.tar.gz tr
truncate -s 150000 tr.tar.gz
run verify tr.tar.gz
expect_rc 1
expect_out "tr/data/big.bin: cannot be read from the archive"
expect_out "the archive is damaged after"

# --- usage and unreadable input: exit 2 ---
run verify
expect_rc 2
expect_err "one bag (a directory or an archive) is needed"
run verify good -p ms.pub -P "$ms_b64"
expect_rc 2
expect_err "-p and -P do not go together"
run verify missing.tar
expect_rc 2
expect_err "cannot read 'missing.tar'"
printf 'not an archive at all\n' >junk.bin
run verify junk.bin
expect_rc 2
expect_err "cannot read 'junk.bin' as an archive"
run verify good -P "not base64!"
expect_rc 2
expect_err "it is not a minisign public key"
run verify good -p missing.pub
expect_rc 2

# --- issue 11, section 0: a genuine signed govrec bundle, the bag moved to the top of the
# archive and a forged record added outside data/: the signature still verifies, but the
# forged entry is listed in no signed manifest, so the bundle is refused (tar and zip).
run init --committee "Customer Standing Committee" --short CSC
expect_rc 0
run person add "Byron Holland" --role member --body ccNSO --from 2016-10-01
expect_rc 0
run meeting add --number 34 --date 2019-06-20 --time 14:00 --title "Monthly review"
expect_rc 0
run export -o "$WORK/real.tar" --sign gv.key
expect_rc 0
run export -o "$WORK/real.zip" --sign gv.key
expect_rc 0
run verify real.tar -p gv.pub
expect_rc 0
for form in tar zip; do
	python3 - "$WORK/real.$form" "$WORK/forged.$form" "$form" <<'EOF'
import io, sys, tarfile, zipfile
src, dst, form = sys.argv[1:]
forged = b'<meeting number="666"><title>forged</title></meeting>\n'
def strip(name):
    return name.split("/", 1)[1] if "/" in name else name
if form == "tar":
    with tarfile.open(src) as t, tarfile.open(dst, "w") as o:
        for m in t.getmembers():
            if not m.isfile():
                continue
            data = t.extractfile(m).read()
            m.name = strip(m.name)
            o.addfile(m, io.BytesIO(data))
        evil = tarfile.TarInfo("zz/data/records/meetings/meeting-000666.xml")
        evil.size = len(forged)
        o.addfile(evil, io.BytesIO(forged))
else:
    with zipfile.ZipFile(src) as z, zipfile.ZipFile(dst, "w") as o:
        for i in z.infolist():
            if not i.is_dir():
                o.writestr(strip(i.filename), z.read(i))
        o.writestr("zz/data/records/meetings/meeting-000666.xml", forged)
EOF
	run verify "forged.$form" -p gv.pub
	expect_rc 1
	expect_out "zz/data/records/meetings/meeting-000666.xml: is not listed in the signed tagmanifest-sha512.txt"
	# Without the key too: it is a signed bag, so the rule holds all the same.
	run verify "forged.$form"
	expect_rc 1
	expect_out "meeting-000666.xml: is not listed in the signed"
done

# An unsigned govrec bundle (bag-info names govrec) with an unlisted file: refused too.
run export -o "$WORK/plain.dir"
expect_rc 0
mkdir -p plain.dir/zz/data
printf 'forged\n' >plain.dir/zz/data/x.xml
run verify plain.dir
expect_rc 1
expect_out "zz/data/x.xml: is not listed in any tag manifest"
rm -r plain.dir/zz
run verify plain.dir
expect_rc 0
# fetch.txt is refused in a govrec bundle, even when a tag manifest lists it.
printf 'https://example.org/x 1 data/x\n' >plain.dir/fetch.txt
(cd plain.dir && sha512sum fetch.txt >>tagmanifest-sha512.txt)
run verify plain.dir
expect_rc 1
expect_out "fetch.txt: is refused"

# --- fetch.txt in a plain bag: each path checked, a bag whose files are not fetched is incomplete ---
for dest in "../../../README.md" "~root/foo" "/tmp/test.txt" "bagit.txt"; do
	rm -rf fb
	make_bag fb
	printf 'https://example.org/x - %s\n' "$dest" >fb/fetch.txt
	run verify fb
	expect_rc 1
	expect_out "fetch.txt: line 1 names '$dest'"
done
rm -rf fb
make_bag fb
printf 'https://example.org/a 20 data/minutes/2024-01.txt\r\nhttps://example.org/b - data/not-yet.txt\r\n' >fb/fetch.txt
run verify fb
expect_rc 1
expect_out "data/not-yet.txt: is listed in fetch.txt but not present: the bag is incomplete"
printf 'https://example.org/a 20 data/minutes/2024-01.txt\n' >fb/fetch.txt
run verify fb
expect_rc 0

# --- what verify learns about a bag goes to a temporary database: when it cannot be
# written (here a file size limit), verify says so and exits 3, never "valid" or "invalid".
python3 - "$WORK/many.tar" <<'EOF'
import hashlib, io, sys, tarfile
lines, total = [], 0
with tarfile.open(sys.argv[1], "w") as t:
    def add(name, data):
        ti = tarfile.TarInfo("many/" + name)
        ti.size = len(data)
        t.addfile(ti, io.BytesIO(data))
    add("bagit.txt", b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n")
    for i in range(12000):
        body = b"file %d\n" % i
        total += len(body)
        name = "data/%02d/file-%05d.txt" % (i % 50, i)
        lines.append("%s  %s\n" % (hashlib.sha512(body).hexdigest(), name))
        add(name, body)
    add("manifest-sha512.txt", "".join(lines).encode())
    add("bag-info.txt", b"Payload-Oxum: %d.12000\n" % total)
EOF
run verify many.tar
expect_rc 0
expect_out "payload: 12000 files"
prlimit --fsize=1000000 "$GOVREC" verify many.tar >"$WORK/.out" 2>"$WORK/.err"
rc=$?
err=$(cat "$WORK/.err")
expect_rc 3
expect_err "cannot keep the file list of 'many.tar' in a temporary database"

# --- warnings: allowed but said, in text and in --json; the bag stays valid ---
rm -rf wb
make_bag wb
(cd wb && sed -i 's|  data/empty.txt|  ./data/empty.txt|' manifest-sha256.txt &&
	sha512sum bagit.txt bag-info.txt manifest-sha256.txt manifest-sha512.txt >tagmanifest-sha512.txt)
run verify wb
expect_rc 0
expect_out "valid: wb"
expect_out "1 warning:"
expect_out "manifest-sha256.txt: line 1 names './data/empty.txt' with a leading './', which is dropped"
run --json verify wb
expect_rc 0
expect_eq "$(json 'j["valid"], len(j["warnings"]), j["warnings"][0]["path"]')" "(True, 1, 'manifest-sha256.txt')" "json warnings"
expect_eq "$(json 'j["problems"]')" "[]" "json problems with warnings"

finish
