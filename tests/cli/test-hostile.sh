# test-hostile.sh - import against files made to exhaust or fool it: office
# parts that expand to hundreds of megabytes, documents of hundreds of
# thousands of passages, a NUL hidden in a zip name, two entries with one
# name, a FIFO in a folder, and running out of memory.  The big files are
# generated here (python3), not committed.
. "$(dirname "$0")/lib.sh"

run init
expect_rc 0

documents() { sqlite3 "$GOVREC_DB" "SELECT count(*) FROM document"; }

# Under valgrind and the sanitizers the process's memory is not its own:
# prlimit --as cannot work (ASan reserves terabytes of address space) and
# peak RSS says nothing about govrec.
measured=1
[ -n "${GOVREC_VALGRIND:-}" ] && measured=
grep -qa __asan_init "$GOVREC_BINARY" && measured=
[ -x /usr/bin/time ] || measured=

# run_peak CMD...: runs govrec like run(), and sets $peak to its peak RSS in KB
peak=0
run_peak() {
	if [ -n "$measured" ]; then
		/usr/bin/time -o "$WORK/.time" -f %M "$GOVREC" "$@" >"$WORK/.out" 2>"$WORK/.err"
		rc=$?
		peak=$(tail -n 1 "$WORK/.time")
	else
		"$GOVREC" "$@" >"$WORK/.out" 2>"$WORK/.err"
		rc=$?
		peak=0
	fi
	out=$(cat "$WORK/.out")
	err=$(cat "$WORK/.err")
}
expect_peak_under() { # MB
	if [ "$peak" -lt $(($1 * 1024)) ]; then ok; else fail "peak RSS $peak KB, over $1 MB"; fi
}

python3 - <<'PY'
import random, zipfile

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PARA = (b"<w:p><w:r><w:t>The committee discussed the report of the operator "
        b"at length.</w:t></w:r></w:p>")

def docx(path, mib, picture_mib=0, para=PARA):
    """A DOCX whose word/document.xml is about mib MiB of paragraphs, with a
    stored random picture of picture_mib MiB (which keeps the whole zip under
    the 100x expansion ratio)."""
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Override PartName="/word/document.xml" '
                   'ContentType="application/vnd.openxmlformats-officedocument.'
                   'wordprocessingml.document.main+xml"/></Types>')
        info = zipfile.ZipInfo("word/document.xml", (2019, 10, 15, 12, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, "w", force_zip64=True) as f:
            f.write(('<?xml version="1.0"?><w:document xmlns:w="%s"><w:body>' % W).encode())
            block = para * 1000
            for _ in range((mib << 20) // len(block)):
                f.write(block)
            f.write(b"</w:body></w:document>")
        if picture_mib:
            info = zipfile.ZipInfo("word/media/image1.png", (2019, 10, 15, 12, 0, 0))
            info.compress_type = zipfile.ZIP_STORED
            z.writestr(info, random.Random(1).randbytes(picture_mib << 20))

def odt(path, mib, picture_mib):
    T = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    O = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    with zipfile.ZipFile(path, "w") as z:
        info = zipfile.ZipInfo("mimetype", (2019, 10, 15, 12, 0, 0))
        z.writestr(info, "application/vnd.oasis.opendocument.text")
        info = zipfile.ZipInfo("content.xml", (2019, 10, 15, 12, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, "w", force_zip64=True) as f:
            f.write(('<office:document-content xmlns:office="%s" xmlns:text="%s">'
                     '<office:body><office:text>' % (O, T)).encode())
            block = b"<text:p>The committee discussed the report.</text:p>" * 1000
            for _ in range((mib << 20) // len(block)):
                f.write(block)
            f.write(b"</office:text></office:body></office:document-content>")
        info = zipfile.ZipInfo("Pictures/image1.png", (2019, 10, 15, 12, 0, 0))
        z.writestr(info, random.Random(2).randbytes(picture_mib << 20))

# 250 MB of XML in a 4 MB file: under the 100x ratio thanks to the picture
docx("evade.docx", 250, 3)
docx("plain.docx", 250)
odt("evade.odt", 250, 3)
# under the byte limit, over the node limit: 14 MiB, 2 400 000 empty paragraphs
docx("dense.docx", 14, 1, b"<w:p/>")
# under both, over the passage limit: 22 MiB, 220 000 paragraphs
docx("many.docx", 22, 1)
with open("many.md", "w") as f:
    f.write("\n\n".join("Paragraph %d." % i for i in range(200001)))
# under every limit, for the runs with too little memory: 16 MiB, 160 000 paragraphs
docx("big.docx", 16, 1)
PY

# --- office parts that expand too far: refused while read, memory flat -----
for f in evade.docx plain.docx; do
	run_peak import "$f"
	expect_rc 2
	expect_err "govrec: import: cannot read '$f': archive entry 'word/document.xml' is larger than 32 MiB, the limit of one XML part"
	expect_peak_under 200
done
run_peak import evade.odt
expect_rc 2
expect_err "cannot read 'evade.odt': archive entry 'content.xml' is larger than 32 MiB, the limit of one XML part"
expect_peak_under 200
expect_eq "$(documents)" "0" "documents stored from the bombs"

run_peak import dense.docx
expect_rc 2
expect_err "cannot read 'dense.docx': word/document.xml has more than 2000000 elements, attributes and text nodes, the limit of one XML part"
expect_peak_under 400

# --- documents with too many passages ---------------------------------------
run import many.docx many.md
expect_rc 2
expect_err "cannot read 'many.docx': has more than 200000 passages, the limit of one document"
expect_err "cannot read 'many.md': has more than 200000 passages, the limit of one document"
expect_eq "$(documents)" "0" "documents stored over the passage limit"

# --- names: a NUL in a zip name, two entries with one name -----------------
run import "$DATA/hostile/nul-name.zip"
expect_rc 2
expect_err "archive entry 'minutes.txt\\x00.vtt' has a control character in its name"
run import "$DATA/hostile/duplicate.zip" "$DATA/hostile/duplicate.tar"
expect_rc 2
expect_err "duplicate.zip': archive entry 'minutes.txt' appears more than once in the archive"
expect_err "duplicate.tar': archive entry 'notes/a.txt' appears more than once in the archive"
expect_eq "$(documents)" "0" "documents stored from hostile names"

# --- a FIFO in a folder: named, counted, the rest goes in -------------------
mkdir folder
printf 'Byron Holland: the folder holds a pipe.\n' >folder/a.txt
mkfifo folder/pipe
ln -s a.txt folder/link
run import folder
expect_rc 2
expect_out "stored  folder/a.txt"
expect_out "1 stored, 0 skipped (already archived), 1 failed"
expect_err "cannot read 'folder/pipe': is a FIFO (named pipe), not a regular file"
case "$err" in *link*) fail "a symbolic link in a folder was reported" ;; *) ok ;; esac
expect_eq "$(documents)" "1" "documents stored from the folder"

# --- out of memory: exit 3 and a message, never SIGABRT; the archive intact -
if [ -n "$measured" ]; then
	python3 - <<'PY'
line = "Paragraph text of a long meeting transcript, said by someone at some time.\n"
with open("big.md", "w") as f:
    for i in range((150 << 20) // len(line) // 50):
        f.write(line * 49 + "\n")
PY
	# a 150 MB file cannot be read into 96-160 MiB of address space (govrec-io
	# maps about 80 MiB of shared libraries, poppler-glib's among them, before
	# its main runs: below that the loader fails, not govrec)
	for mb in 96 128 160; do
		prlimit --as=$((mb << 20)) "$GOVREC" import folder big.md >"$WORK/.out" 2>"$WORK/.err"
		rc=$?
		out=$(cat "$WORK/.out")
		err=$(cat "$WORK/.err")
		expect_rc 3
		expect_err "out of memory"
		run check
		expect_rc 0
	done
	rm -f big.md
	expect_eq "$(documents)" "1" "documents after running out of memory"

	# parse_under_limits FILE WHOLE PARSER MB...: import --dry-run FILE with
	# each address-space limit.  Whatever fails first, libxml2 prints nothing
	# of its own; the run either reads the file whole (stdout has WHOLE) or
	# exits 3 with govrec's message; and at some limit it is the parser that
	# runs out ("out of memory parsing PARSER").
	parse_under_limits() {
		file=$1 whole=$2 parser=$3
		shift 3
		parse_oom=0
		for mb in "$@"; do
			prlimit --as=$((mb << 20)) "$GOVREC" import --dry-run "$file" \
				>"$WORK/.out" 2>"$WORK/.err"
			rc=$?
			out=$(cat "$WORK/.out")
			err=$(cat "$WORK/.err")
			case "$rc" in
			0) expect_out "$whole" ;;
			3) expect_err "out of memory" ;;
			*) fail "$file: exit status $rc with $mb MiB" ;;
			esac
			case "$err" in
			*"Memory allocation failed"* | *"parser error"* | *"error :"*)
				fail "libxml2 printed on its own with $mb MiB ($file)" ;;
			*) ok ;;
			esac
			case "$err" in
			*"cannot read '$file': out of memory parsing $parser"*)
				parse_oom=$((parse_oom + 1)) ;;
			esac
		done
		if [ "$parse_oom" -gt 0 ]; then ok; else fail "no limit made $parser run out of memory"; fi
	}
	parse_under_limits big.docx "notes by docx, 178000 passages" word/document.xml 90 120 150 180 210 240

	# HTML: libxml2's HTML parser recovers from running out of memory by
	# ending the document there, and a tenth of the page was archived as
	# the whole of it, exit 0.  The page is read whole or the run exits 3.
	python3 -c '
with open("big.html", "w") as f:
    f.write("<html><body>")
    for i in range(150000):
        f.write("<p>Paragraph number %d of the notes.</p>\n" % i)
    f.write("</body></html>")'
	parse_under_limits big.html "notes by html, 150000 passages" HTML 70 80 90 100 120
	run check
	expect_rc 0
else
	echo "skipped: the memory limits and peaks (valgrind or sanitizer build, or no /usr/bin/time)"
fi

finish
