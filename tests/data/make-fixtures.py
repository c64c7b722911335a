#!/usr/bin/env python3
"""Generates the binary fixtures of the archive and office tests.

Run from anywhere: python3 tests/data/make-fixtures.py.  The output is
deterministic (fixed dates, fixed order, fixed compression levels), so running
it again gives the same bytes and git shows no change.  The generated files
are committed with this script: the tests never run it.

  tests/data/archive/    good archives (zip, tar, tar.gz, tar.bz2, tar.xz)
  tests/data/hostile/    each way an archive or office file can be bad
  tests/data/office/     realistic DOCX and ODT notes of a CSC meeting, a DOCX
                         with text boxes, footnotes, endnotes and comments, and
                         an ODT with footnotes, an endnote and comments
  records/demo/meeting-34/csc-meeting-34-notes.docx   the demo's notes
"""
import bz2
import gzip
import io
import lzma
import os
import tarfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DATE = (2019, 10, 15, 12, 0, 0)
MTIME = 1571140800  # 2019-10-15 12:00 UTC


def write(path, data):
    full = os.path.join(ROOT, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as f:
        f.write(data)


def make_zip(entries, compress=zipfile.ZIP_DEFLATED):
    """entries: (name, bytes) or (ZipInfo, bytes), in order."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in entries:
            if isinstance(name, zipfile.ZipInfo):
                info = name
            else:
                info = zipfile.ZipInfo(name, DATE)
                info.compress_type = compress
                info.external_attr = (0o100644 << 16) if not name.endswith("/") else \
                    (0o40755 << 16) | 0x10
            info.create_system = 3
            z.writestr(info, data, compresslevel=9 if info.compress_type else None)
    return out.getvalue()


def zip64_end(data):
    """data with its end of central directory record made zip64: the
    counts and offset in a zip64 end record and its locator, the old record
    saying 0xffff and 0xffffffff."""
    import struct
    eocd = data.rindex(b"PK\x05\x06")
    (_, _, _, n, total, cd_size, cd_off, comment) = struct.unpack(
        "<4sHHHHIIH", data[eocd:eocd + 22])
    z64 = struct.pack("<4sQHHIIQQQQ", b"PK\x06\x06", 44, 45, 45, 0, 0, n, total,
                      cd_size, cd_off)
    loc = struct.pack("<4sIQI", b"PK\x06\x07", 0, eocd, 1)
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 0xffff, 0xffff, cd_size,
                      0xffffffff, 0)
    return data[:eocd] + z64 + loc + end


def tar_info(name, type_=tarfile.REGTYPE, size=0, linkname=""):
    t = tarfile.TarInfo(name)
    t.type = type_
    t.size = size
    t.mtime = MTIME
    t.mode = 0o755 if type_ == tarfile.DIRTYPE else 0o644
    t.uname = t.gname = "csc"
    t.linkname = linkname
    return t


def make_tar(entries):
    """entries: (name, bytes) for files, (name, None) for directories,
    or (TarInfo, bytes-or-None)."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.USTAR_FORMAT) as t:
        for name, data in entries:
            if isinstance(name, tarfile.TarInfo):
                info = name
            elif data is None:
                info = tar_info(name, tarfile.DIRTYPE)
            else:
                info = tar_info(name, size=len(data))
            t.addfile(info, io.BytesIO(data) if data is not None else None)
    return out.getvalue()


def gz(data):
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9, mtime=0) as g:
        g.write(data)
    return out.getvalue()


# --- good archives ---------------------------------------------------------

AGENDA = b"CSC meeting 34 agenda\n\n1. Welcome\n2. PTI performance report\n"
MINUTES = b"# Minutes\n\nThe CSC reviewed the September PTI report.\n"
GOOD = [("agenda.txt", AGENDA), ("notes/", None), ("notes/minutes.md", MINUTES)]


def good_archives():
    write("tests/data/archive/good.zip",
          make_zip([(n, d if d is not None else b"") for n, d in GOOD]))
    tar = make_tar(GOOD)
    write("tests/data/archive/good.tar", tar)
    write("tests/data/archive/good.tar.gz", gz(tar))
    write("tests/data/archive/good.tar.bz2", bz2.compress(tar, 9))
    write("tests/data/archive/good.tar.xz", lzma.compress(tar, preset=6))
    inner = make_zip([("inner.txt", b"inside the inner archive\n")])
    names = [("Protokoll \u00e4.txt", "Sitzung\n".encode()),
             ("\u4f1a\u8b70/notes.txt", b"meeting\n")]
    write("tests/data/archive/utf8-names.zip", make_zip(names))
    write("tests/data/archive/utf8-names.tar", make_tar(names))
    write("tests/data/archive/nested-ok.zip",
          make_zip([("outer.txt", b"outside\n"), ("meeting/inner.zip", inner)],
                   zipfile.ZIP_STORED))


# --- hostile archives ------------------------------------------------------

def hostile_archives():
    # 20 MiB of zeros deflate to about 20 KiB: a ratio near 1000:1.
    write("tests/data/hostile/zip-bomb.zip",
          make_zip([("zeros.bin", bytes(20 << 20))]))
    # the same in a tar.gz, after a harmless entry
    write("tests/data/hostile/tar-bomb.tar.gz",
          gz(make_tar([("agenda.txt", AGENDA), ("zeros.bin", bytes(20 << 20))])))
    write("tests/data/hostile/many-entries.zip",
          make_zip([("f%03d.txt" % i, b"x") for i in range(200)]))
    write("tests/data/hostile/traversal.zip",
          make_zip([("notes.txt", b"fine\n"), ("../evil", b"escaped\n")]))
    write("tests/data/hostile/absolute.tar",
          make_tar([("/etc/x", b"root:x:0:0\n")]))
    write("tests/data/hostile/symlink.tar",
          make_tar([(tar_info("link", tarfile.SYMTYPE, linkname="/etc/passwd"), None)]))
    link = zipfile.ZipInfo("link", DATE)
    link.external_attr = 0o120777 << 16
    write("tests/data/hostile/symlink.zip", make_zip([(link, b"/etc/passwd")]))
    write("tests/data/hostile/hardlink.tar",
          make_tar([("a.txt", b"a\n"),
                    (tar_info("b.txt", tarfile.LNKTYPE, linkname="a.txt"), None)]))
    write("tests/data/hostile/device.tar",
          make_tar([(tar_info("dev/null", tarfile.CHRTYPE), None)]))
    # a Latin-1 name: the byte 0xe4 alone is not UTF-8
    latin1 = make_zip([("caf#.txt", b"latin-1\n")]).replace(b"caf#", b"caf\xe4")
    write("tests/data/hostile/not-utf8-name.zip", latin1)
    write("tests/data/hostile/control-char.zip",
          make_zip([("notes\x1b[31m.txt", b"red\n")]))
    deep = make_zip([("deep.txt", b"three archives down\n")])
    for level in (3, 2):
        deep = make_zip([("level%d.zip" % level, deep)], zipfile.ZIP_STORED)
    write("tests/data/hostile/nested-deep.zip", deep)
    good = make_zip([(n, d if d is not None else b"") for n, d in GOOD])
    write("tests/data/hostile/truncated.zip", good[:len(good) // 2])
    # one byte of stored data changed: the CRC no longer matches
    crc = bytearray(make_zip([("minutes.txt", b"The CSC approved the findings.\n")],
                             zipfile.ZIP_STORED))
    crc[crc.index(b"approved")] = ord("A")
    write("tests/data/hostile/bad-crc.zip", bytes(crc))
    write("tests/data/hostile/truncated.tar.gz", gz(make_tar(GOOD))[:60])
    # a NUL inside a zip name: libarchive's C string would end at it
    nul = make_zip([("agenda.txt", AGENDA), ("minutes.txt@.vtt", b"hidden\n")])
    write("tests/data/hostile/nul-name.zip",
          nul.replace(b"minutes.txt@.vtt", b"minutes.txt\0.vtt"))
    # the same with a zip64 end of central directory, whose count and offset
    # are in the zip64 record the locator points at
    write("tests/data/hostile/nul-name-zip64.zip",
          zip64_end(nul.replace(b"minutes.txt@.vtt", b"minutes.txt\0.vtt")))
    # two entries with one name; the second one is what some tools extract
    dup = make_zip([("minutes.txt", b"The CSC approved the findings.\n"),
                    ("agenda.txt", AGENDA), ("minutez.txt", b"The CSC rejected them.\n")])
    write("tests/data/hostile/duplicate.zip", dup.replace(b"minutez.txt", b"minutes.txt"))
    # headers that say 5 bytes for 100 KiB of data (local header and central
    # directory alike): only counting while reading finds the real size
    lying = bytearray(make_zip([("notes/big.md", b"x" * (100 << 10))]))
    for sig, at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        h = lying.index(sig)
        lying[h + at:h + at + 4] = (5).to_bytes(4, "little")
    write("tests/data/hostile/lying-size.zip", bytes(lying))
    write("tests/data/hostile/duplicate.tar",
          make_tar([("notes/a.txt", b"one\n"), ("notes/a.txt", b"two\n")]))


# --- office documents ------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def esc(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def run(text, preserve=False):
    space = ' xml:space="preserve"' if preserve or text != text.strip() else ""
    return "<w:r><w:t%s>%s</w:t></w:r>" % (space, esc(text))


def para(*runs, style=None, numbered=False, outline=None):
    ppr = ""
    if style or numbered or outline is not None:
        ppr = "<w:pPr>"
        if style:
            ppr += '<w:pStyle w:val="%s"/>' % style
        if numbered:
            ppr += '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
        if outline is not None:
            ppr += '<w:outlineLvl w:val="%d"/>' % outline
        ppr += "</w:pPr>"
    body = "".join(r if r.startswith("<") else run(r) for r in runs)
    return "\n<w:p>%s%s</w:p>" % (ppr, body)


def table(rows):
    out = "\n<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/></w:tblPr>"
    for row in rows:
        out += "<w:tr>"
        for cell in row:
            out += "<w:tc>" + "".join(para(p) for p in cell.split("\n")) + "</w:tc>"
        out += "</w:tr>"
    return out + "</w:tbl>"


def document_xml(body, ns=W):
    return (XML_DECL + '<w:document xmlns:w="%s" xmlns:r="%s"><w:body>%s\n'
            '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>\n'
            % (ns, R, body))


def styles_xml(ns=W):
    def style(sid, name, based=None, outline=None):
        s = '<w:style w:type="paragraph" w:styleId="%s"><w:name w:val="%s"/>' % (sid, name)
        if based:
            s += '<w:basedOn w:val="%s"/>' % based
        if outline is not None:
            s += '<w:pPr><w:outlineLvl w:val="%d"/></w:pPr>' % outline
        return s + "</w:style>\n"
    return (XML_DECL + '<w:styles xmlns:w="%s">\n' % ns +
            style("Normal", "Normal") +
            style("Title", "Title", "Normal") +
            style("Heading1", "heading 1", "Normal", 0) +
            style("Heading2", "heading 2", "Normal", 1) +
            # a custom style that is a heading only through its base style
            style("CSCSection", "CSC Section", "Heading1") +
            style("ListParagraph", "List Paragraph", "Normal") +
            '<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/>'
            "</w:style>\n</w:styles>\n")


def core_xml(title, created, modified):
    return (XML_DECL +
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            "<dc:title>%s</dc:title><dc:creator>CSC Secretariat</dc:creator>"
            '<dcterms:created xsi:type="dcterms:W3CDTF">%s</dcterms:created>'
            '<dcterms:modified xsi:type="dcterms:W3CDTF">%s</dcterms:modified>'
            "</cp:coreProperties>\n" % (esc(title), created, modified))


CONTENT_TYPES = (XML_DECL +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/'
    'vnd.openxmlformats-package.core-properties+xml"/></Types>\n')


def package_rels(main="word/document.xml", strict=False):
    office = ("http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
              if strict else
              "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument")
    return (XML_DECL +
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="%s" Target="%s"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
            'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            "</Relationships>\n" % (office, main))


def document_rels(styles="styles.xml", strict=False, extra=()):
    """extra: (relationship type, target) of further parts."""
    base = ("http://purl.oclc.org/ooxml/officeDocument/relationships/" if strict else
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/")
    more = "".join('<Relationship Id="rId%d" Type="%s%s" Target="%s"/>' % (20 + i, base, t, f)
                   for i, (t, f) in enumerate(extra))
    return (XML_DECL +
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="%sstyles" Target="%s"/>'
            '<Relationship Id="rId9" Type="%shyperlink" TargetMode="External" '
            'Target="https://www.iana.org/performance/metrics"/>%s'
            "</Relationships>\n" % (base, styles, base, more))


def make_docx(body, title, created, modified, main="word/document.xml", strict=False,
              document=None, rels=(), parts=()):
    """rels: (type, target) relationships of the main part; parts: (name, bytes) more."""
    ns = W_STRICT if strict else W
    folder, name = main.rsplit("/", 1)
    return make_zip([
        ("[Content_Types].xml", CONTENT_TYPES.replace("/word/document.xml", "/" + main)),
        ("_rels/.rels", package_rels(main, strict)),
        ("docProps/core.xml", core_xml(title, created, modified)),
        (main, document if document is not None else document_xml(body, ns)),
        ("%s/_rels/%s.rels" % (folder, name), document_rels(strict=strict, extra=rels)),
        ("%s/styles.xml" % folder, styles_xml(ns)),
    ] + list(parts))


def tracked(deleted, inserted):
    return ('<w:del w:id="1" w:author="Bart Boswinkel" w:date="2019-10-15T14:10:00Z">'
            '<w:r><w:delText>%s</w:delText></w:r></w:del>'
            '<w:ins w:id="2" w:author="Bart Boswinkel" w:date="2019-10-15T14:10:00Z">%s</w:ins>'
            % (esc(deleted), run(inserted)))


def hyperlink(text):
    return ('<w:hyperlink r:id="rId9"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr>'
            "<w:t>%s</w:t></w:r></w:hyperlink>" % esc(text))


def csc_notes_body():
    return "".join([
        para("CSC Meeting 34: Notes and Action Items", style="Title"),
        para("15 October 2019, 13:00 UTC, Zoom"),
        para("Attendance", style="Heading1"),
        para("Secretariat: Bart Boswinkel, Ria Otanes.",
             '<w:r><w:br/></w:r>', run("The meeting was quorate.")),
        para("Review of open action items", style="Heading1"),
        para("Action item 01 33 2019: completed, the letter went out on 20 September."),
        para("PTI performance", style="Heading1"),
        para("September 2019", style="Heading2"),
        para("PTI met ", run("every", True), run(" threshold in September; see the "),
             hyperlink("IANA performance metrics"), run(".")),
        table([["Metric", "Threshold", "September"],
               ["cat1.technical-checks.initial", "50 minutes", "100%"],
               ["cat1.implementation.rz-publication", "72 hours", "100%\n(2 requests)"],
               ["", "", ""]]),
        para("Decisions", style="CSCSection"),
        para("The CSC ", tracked("rejected", "approved"),
             run(" SLA-2019-01, the change to cat1.technical-checks.initial.")),
        '\n<w:sdt><w:sdtPr><w:alias w:val="Decision"/></w:sdtPr><w:sdtContent>',
        para("The findings for September are rated Excellent."),
        "</w:sdtContent></w:sdt>",
        para("Action items", style="Heading1"),
        para("Action item 01 34 2019: Secretariat to send the findings to the ccNSO and "
             "GNSO Councils.", style="ListParagraph", numbered=True),
        para("Action item 02 34 2019:", '<w:r><w:tab/></w:r>',
             run("PTI to report on SLA-2019-01 at the next meeting."),
             style="ListParagraph", numbered=True),
        para('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
             '<w:r><w:instrText xml:space="preserve"> DATE \\@ "d MMMM yyyy" </w:instrText></w:r>'
             '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + run("Next meeting:") +
             '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
             '<w:fldSimple w:instr=" REF next "><w:r><w:t xml:space="preserve"> '
             '20 November 2019</w:t></w:r></w:fldSimple>'),
    ])


# --- text boxes, footnotes, endnotes and comments ---------------------------
#
# As Word writes them: a DrawingML text box twice (mc:Choice, and VML in
# mc:Fallback), a text box in VML only (an older file), separator and
# continuation notes with w:type, a comment on a footnote, and a comment no
# reference in the body reaches (Word's comments on a header).

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
V = "urn:schemas-microsoft-com:vml"
O = "urn:schemas-microsoft-com:office:office"


def note_ref(kind, nid):
    style = {"footnote": "FootnoteReference", "endnote": "EndnoteReference"}[kind]
    return ('<w:r><w:rPr><w:rStyle w:val="%s"/></w:rPr><w:%sReference w:id="%d"/></w:r>'
            % (style, kind, nid))


def commented(cid, text):
    return ('<w:commentRangeStart w:id="%d"/>%s<w:commentRangeEnd w:id="%d"/>'
            '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr>'
            '<w:commentReference w:id="%d"/></w:r>' % (cid, run(text), cid, cid))


def vml_text_box(shape_id, text):
    return ('<w:pict><v:shape id="Text Box %d" o:spid="_x0000_s10%02d" type="#_x0000_t202" '
            'style="position:absolute;width:180pt;height:60pt"><v:textbox>'
            "<w:txbxContent>%s</w:txbxContent></v:textbox></v:shape></w:pict>"
            % (shape_id, shape_id, "".join(para(t) for t in text)))


def text_box(shape_id, *text):
    """A text box as Word 2010 and later write it: DrawingML, and VML for older readers."""
    drawing = ('<w:drawing><wp:anchor distT="0" distB="0" distL="114300" distR="114300" '
               'simplePos="0" relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" '
               'allowOverlap="1"><wp:simplePos x="0" y="0"/>'
               '<wp:extent cx="2286000" cy="762000"/><wp:docPr id="%d" name="Text Box %d"/>'
               '<a:graphic><a:graphicData uri="%s"><wps:wsp><wps:cNvSpPr txBox="1"/>'
               "<wps:spPr/><wps:txbx><w:txbxContent>%s</w:txbxContent></wps:txbx>"
               "<wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
               % (shape_id, shape_id, WPS, "".join(para(t) for t in text)))
    return ('<w:r><mc:AlternateContent><mc:Choice Requires="wps">%s</mc:Choice>'
            "<mc:Fallback>%s</mc:Fallback></mc:AlternateContent></w:r>"
            % (drawing, vml_text_box(shape_id, text)))


def extras_document_xml():
    body = "".join([
        para("Findings", style="Heading1"),
        para("PTI met every threshold in October.", note_ref("footnote", 2)),
        para('<w:r><w:t xml:space="preserve">Before the comment. </w:t></w:r>' +
             commented(0, "The dashboard figures were reviewed.")),
        para("See the summary box.", text_box(1, "Kestrel summary:", "every SLA was met.")),
        para("<w:r>%s</w:r>" % vml_text_box(2, ["Osprey sidebar: no escalations."])),
        table([["Metric", "Result"]]),
        "\n<w:tbl><w:tr><w:tc>%s</w:tc><w:tc>%s</w:tc></w:tr></w:tbl>" % (
            para("cat1.technical-checks.initial", note_ref("footnote", 3)), para("100%")),
        para("Next steps", style="Heading1"),
        para("The review is scheduled.", note_ref("endnote", 2)),
    ])
    return (XML_DECL +
            '<w:document xmlns:w="%s" xmlns:r="%s" xmlns:mc="%s" xmlns:wp="%s" xmlns:a="%s" '
            'xmlns:wps="%s" xmlns:v="%s" xmlns:o="%s" mc:Ignorable="wps"><w:body>%s\n'
            '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>\n'
            % (W, R, MC, WP, A, WPS, V, O, body))


def notes_xml(kind, notes):
    """notes: (id, type or None, paragraphs, runs after the last); separators come first."""
    ref = {"footnote": "footnoteRef", "endnote": "endnoteRef"}[kind]
    out = (XML_DECL + '<w:%ss xmlns:w="%s">' % (kind, W) +
           '<w:%s w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:%s>'
           % (kind, kind) +
           '<w:%s w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
           "</w:r></w:p></w:%s>" % (kind, kind))
    for nid, type_, paras, after in notes:
        attr = ' w:type="%s"' % type_ if type_ else ""
        first = '<w:r><w:rPr><w:rStyle w:val="%sReference"/></w:rPr><w:%s/></w:r>' % (
            kind.capitalize(), ref)
        body = "".join(para(*[r for r in (first if i == 0 else "",
                                          run(" " + t if i == 0 else t),
                                          after if i == len(paras) - 1 else "") if r])
                       for i, t in enumerate(paras))
        out += '\n<w:%s%s w:id="%d">%s</w:%s>' % (kind, attr, nid, body, kind)
    return out + "</w:%ss>\n" % kind


def comments_xml(comments):
    """comments: (id, author, paragraphs)."""
    out = XML_DECL + '<w:comments xmlns:w="%s">' % W
    for cid, author, paras in comments:
        body = "".join(para('<w:r><w:annotationRef/></w:r>', t) if i == 0 else para(t)
                       for i, t in enumerate(paras))
        out += ('\n<w:comment w:id="%d" w:author="%s" w:date="2019-11-20T10:00:00Z" '
                'w:initials="%s">%s</w:comment>'
                % (cid, esc(author), "".join(w[0] for w in author.split()), body))
    return out + "</w:comments>\n"


def extras_footnotes():
    return notes_xml("footnote", [
        (1, "continuationNotice", ["Flamingo: continued overleaf."], ""),
        (2, None, ["Measured against the pelican threshold of 50 minutes."], ""),
        # a comment on a footnote
        (3, None, ["Pipit measurement excludes weekends."], commented(5, " Checked.")),
    ])


def make_extras_docx(footnotes=None):
    return make_docx(
        "", "CSC Meeting 35 notes", "2019-11-20T14:00:00Z", "2019-11-21T09:00:00Z",
        document=extras_document_xml(),
        # endnotes.xml has no relationship: it is found where it usually is
        rels=[("footnotes", "footnotes.xml"), ("comments", "comments.xml")],
        parts=[
            ("word/footnotes.xml", footnotes if footnotes is not None else extras_footnotes()),
            ("word/endnotes.xml", notes_xml("endnote", [
                (2, None, ["The cormorant review is due in 2020.", "Its terms follow."], "")])),
            ("word/comments.xml", comments_xml([
                (0, "Byron Holland", ["Should we cite the albatross report here?",
                                      "It has the October figures."]),
                (5, "Jay Daley", ["Grebe check needed."]),
                # on the page header, which is not read: no reference reaches it
                (7, "Ria Otanes", ["The ostrich logo in the header is outdated."]),
            ])),
        ])


def demo_notes_body():
    return "".join([
        para("CSC Meeting 34: Notes and Action Items", style="Title"),
        para("Customer Standing Committee, 15 October 2019, 13:00 UTC."),
        para("Welcome and roll call", style="Heading1"),
        para("The chair welcomed members, liaisons and PTI staff. The meeting was quorate."),
        para("Open action items", style="Heading1"),
        para("Action item 01 33 2019 (letter on the IDN tables SLA to the ccNSO and GNSO "
             "Councils): in progress; the letter is due on 18 October."),
        para("PTI performance for September 2019", style="Heading1"),
        para("PTI met all thresholds in September. The CSC findings rate the month "
             "Excellent; no complaints were received."),
        table([["Metric", "Threshold", "Result"],
               ["cat1.technical-checks.initial", "50 minutes", "met"],
               ["cat1.technical-checks.retest", "10 minutes", "met"]]),
        para("Decisions", style="Heading1"),
        para("The CSC ", tracked("will consider", "approved"),
             run(" the findings on PTI performance for September 2019.")),
        para("The CSC confirmed that SLA-2017-01 (the new threshold for "
             "cat1.technical-checks.initial) has been in force since 1 July 2019 and "
             "closes the proposal."),
        para("Action items", style="Heading1"),
        para("Action item 01 34 2019: Secretariat to publish the September findings.",
             style="ListParagraph", numbered=True),
        para("Action item 02 34 2019: PTI to present the first month of data on "
             "cat1.technical-checks.initial after SLA-2017-01.",
             style="ListParagraph", numbered=True),
        para("AOB and next meeting", style="Heading1"),
        para("Next meeting: 5 November 2019 at ICANN66, Montreal."),
    ])


ODF_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
          'xmlns:dc="http://purl.org/dc/elements/1.1/" '
          'xmlns:xlink="http://www.w3.org/1999/xlink" '
          'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"')

ODT_TEXT = """
<text:tracked-changes>
 <text:changed-region text:id="ct1"><text:deletion>
  <office:change-info><dc:creator>Ria Otanes</dc:creator><dc:date>2019-10-15T14:10:00</dc:date></office:change-info>
  <text:p>rejected</text:p></text:deletion></text:changed-region>
</text:tracked-changes>
<text:sequence-decls><text:sequence-decl text:display-outline-level="0" text:name="Table"/></text:sequence-decls>
<text:h text:outline-level="1">Attendance</text:h>
<text:p>Secretariat:<text:s/>Bart   Boswinkel,
  Ria Otanes.<text:line-break/>The meeting was quorate.</text:p>
<text:h text:outline-level="1">PTI performance</text:h>
<text:h text:outline-level="2">September 2019</text:h>
<text:p>PTI met <text:span text:style-name="T1">every</text:span> threshold; see the <text:a xlink:type="simple" xlink:href="https://www.iana.org/performance/metrics">IANA performance metrics</text:a>.<text:note text:id="n1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>Footnote text is not a passage.</text:p></text:note-body></text:note></text:p>
<table:table table:name="Metrics">
 <table:table-column table:number-columns-repeated="3"/>
 <table:table-header-rows><table:table-row>
  <table:table-cell><text:p>Metric</text:p></table:table-cell>
  <table:table-cell><text:p>Threshold</text:p></table:table-cell>
  <table:table-cell><text:p>September</text:p></table:table-cell>
 </table:table-row></table:table-header-rows>
 <table:table-row>
  <table:table-cell><text:p>cat1.technical-checks.initial</text:p></table:table-cell>
  <table:table-cell><text:p>50 minutes</text:p></table:table-cell>
  <table:table-cell><text:p>100%</text:p></table:table-cell>
 </table:table-row>
 <table:table-row>
  <table:table-cell table:number-columns-spanned="2"><text:p>merged</text:p></table:table-cell>
  <table:covered-table-cell/>
  <table:table-cell/>
 </table:table-row>
</table:table>
<text:section text:name="Decisions">
<text:h text:outline-level="1">Decisions</text:h>
<text:p>The CSC <text:change text:change-id="ct1"/>approved SLA-2019-01.<office:annotation><dc:creator>Ria Otanes</dc:creator><text:p>check the number</text:p></office:annotation></text:p>
</text:section>
<text:h text:outline-level="1">Action items</text:h>
<text:list text:style-name="L1">
 <text:list-item><text:p>Action item 01 34 2019: Secretariat to send the findings.</text:p></text:list-item>
 <text:list-item><text:p>Action item 02 34 2019:<text:tab/>PTI to report<text:s text:c="3"/>next time.</text:p>
  <text:list><text:list-item><text:p>Nested list item.</text:p></text:list-item></text:list>
 </text:list-item>
</text:list>
"""


def odt_note(kind, citation, *paras):
    return ('<text:note text:id="%s%s" text:note-class="%s"><text:note-citation>%s'
            "</text:note-citation><text:note-body>%s</text:note-body></text:note>"
            % (kind[0], citation, kind, citation, "".join(paras)))


def odt_comment(author, *paras, name=None):
    creator = "<dc:creator>%s</dc:creator>" % esc(author) if author else ""
    attr = ' office:name="%s"' % name if name else ""
    return ("<office:annotation%s>%s<dc:date>2019-11-20T10:00:00</dc:date>%s"
            "</office:annotation>" % (attr, creator,
                                      "".join("<text:p>%s</text:p>" % esc(t) for t in paras)))


def extras_odt_text():
    """Footnotes, an endnote and comments, the ODT counterpart of extras.docx."""
    return "".join([
        '\n<text:h text:outline-level="1">Findings</text:h>',
        "\n<text:p>PTI met every threshold in October.%s</text:p>" % odt_note(
            "footnote", "1",
            "<text:p>Measured against the heron threshold of 50 minutes.</text:p>"),
        "\n<text:p>Before the comment. %sThe dashboard figures were reviewed."
        '<office:annotation-end office:name="c1"/></text:p>' % odt_comment(
            "Gaurav Vedi", "Should we cite the puffin report here?",
            "It has the October figures.", name="c1"),
        '\n<table:table table:name="Results">'
        '<table:table-column table:number-columns-repeated="2"/>'
        "<table:table-row><table:table-cell><text:p>Metric</text:p></table:table-cell>"
        "<table:table-cell><text:p>Result</text:p></table:table-cell></table:table-row>"
        "<table:table-row><table:table-cell><text:p>cat1.technical-checks.initial%s</text:p>"
        "</table:table-cell><table:table-cell><text:p>100%%</text:p></table:table-cell>"
        "</table:table-row></table:table>" % odt_note(
            "footnote", "2", "<text:p>Lapwing measurement excludes weekends.%s</text:p>"
            % odt_comment("Jay Daley", "Siskin check needed.")),
        '\n<text:h text:outline-level="1">Next steps</text:h>',
        "\n<text:p>The review is scheduled.%s</text:p>" % odt_note(
            "endnote", "i", "<text:p>The shag review is due in 2020.</text:p>",
            "<text:p>Its terms follow.</text:p>"),
        "\n<text:p>An anonymous remark follows.%s</text:p>" % odt_comment(
            None, "Moorhen remark without an author."),
        "\n",
    ])


def odt_content(text):
    return (XML_DECL.replace(' standalone="yes"', "") +
            '<office:document-content %s office:version="1.3"><office:body><office:text>%s'
            "</office:text></office:body></office:document-content>\n" % (ODF_NS, text))


def odt_meta(title, created, date):
    return (XML_DECL.replace(' standalone="yes"', "") +
            '<office:document-meta %s office:version="1.3"><office:meta>'
            "<dc:title>%s</dc:title><meta:creation-date>%s</meta:creation-date>"
            "<dc:date>%s</dc:date></office:meta></office:document-meta>\n"
            % (ODF_NS, esc(title), created, date))


def make_odt(content, meta, mimetype="application/vnd.oasis.opendocument.text"):
    first = zipfile.ZipInfo("mimetype", DATE)
    first.compress_type = zipfile.ZIP_STORED
    return make_zip([
        (first, mimetype),
        ("content.xml", content),
        ("meta.xml", meta),
        ("META-INF/manifest.xml", XML_DECL +
         '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
         'manifest:version="1.3"><manifest:file-entry manifest:full-path="/" '
         'manifest:media-type="%s"/></manifest:manifest>\n' % mimetype),
    ])


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<w:document xmlns:w="%s"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>
""" % W

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE w:document [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<w:document xmlns:w="%s"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>
""" % W

MALFORMED = """<?xml version="1.0" encoding="UTF-8"?>
<w:document xmlns:w="%s">
<w:body>
<w:p><w:r><w:t>fine</w:t></w:r></w:p>
<w:p><w:r><w:t>unclosed</w:r></w:p>
</w:body>
</w:document>
""" % W


def office_documents():
    created, modified = "2019-10-15T14:00:00Z", "2019-10-16T09:30:00Z"
    title = "CSC Meeting 34 notes"
    write("tests/data/office/csc-notes.docx",
          make_docx(csc_notes_body(), title, created, modified))
    # strict namespaces and a main part that is not word/document.xml
    write("tests/data/office/strict.docx",
          make_docx(csc_notes_body(), title, created, modified, main="doc/main.xml",
                    strict=True))
    write("tests/data/office/csc-notes.odt",
          make_odt(odt_content(ODT_TEXT),
                   odt_meta("CSC Meeting 34 notes (ODT)", "2019-10-15T14:00:00",
                            "2019-10-16T09:30:00")))
    # a meeting folder that holds a .docx stored, not compressed: the folder
    # is not a .docx although "word/document.xml" appears in its bytes
    write("tests/data/archive/folder-with-docx.zip", make_zip([
        ("agenda.txt", AGENDA),
        ("csc-notes.docx", make_docx(csc_notes_body(), title, created, modified))],
        zipfile.ZIP_STORED))
    write("tests/data/office/extras.docx", make_extras_docx())
    write("tests/data/office/extras.odt",
          make_odt(odt_content(extras_odt_text()),
                   odt_meta("CSC Meeting 35 notes (ODT)", "2019-11-20T14:00:00",
                            "2019-11-21T09:00:00")))
    write("records/demo/meeting-34/csc-meeting-34-notes.docx",
          make_docx(demo_notes_body(), "CSC Meeting 34: Notes and Action Items",
                    "2019-10-15T15:00:00Z", "2019-10-17T08:00:00Z"))

    write("tests/data/hostile/entity-bomb.docx",
          make_docx("", title, created, modified, document=BILLION_LAUGHS))
    write("tests/data/hostile/external-entity.docx",
          make_docx("", title, created, modified, document=EXTERNAL_ENTITY))
    write("tests/data/hostile/malformed.docx",
          make_docx("", title, created, modified, document=MALFORMED))
    write("tests/data/hostile/entity-bomb-footnotes.docx",
          make_extras_docx(footnotes=BILLION_LAUGHS))
    write("tests/data/hostile/no-document.docx", make_zip([
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", package_rels()),
        ("docProps/core.xml", core_xml(title, created, modified)),
    ]))
    write("tests/data/hostile/entity-bomb.odt",
          make_odt(BILLION_LAUGHS, odt_meta(title, created, modified)))
    write("tests/data/hostile/wrong-mimetype.odt",
          make_odt(odt_content(ODT_TEXT), odt_meta(title, created, modified),
                   mimetype="application/vnd.oasis.opendocument.spreadsheet"))


if __name__ == "__main__":
    good_archives()
    hostile_archives()
    office_documents()
