#!/usr/bin/env python3
"""Generates the binary fixtures of the archive and office tests.

Run from anywhere: python3 tests/data/make-fixtures.py.  The output is
deterministic (fixed dates, fixed order, fixed compression levels), so running
it again gives the same bytes and git shows no change.  The generated files
are committed with this script: the tests never run it.

  tests/data/archive/    good archives (zip, tar, tar.gz, tar.bz2, tar.xz)
  tests/data/hostile/    each way an archive or office file can be bad
  tests/data/office/     realistic DOCX and ODT notes of a CSC meeting
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
    write("tests/data/archive/nested-ok.zip",
          make_zip([("outer.txt", b"outside\n"), ("meeting/inner.zip", inner)],
                   zipfile.ZIP_STORED))


# --- hostile archives ------------------------------------------------------

def hostile_archives():
    # 20 MiB of zeros deflate to about 20 KiB: a ratio near 1000:1.
    write("tests/data/hostile/zip-bomb.zip",
          make_zip([("zeros.bin", bytes(20 << 20))]))
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
    write("tests/data/hostile/control-char.zip",
          make_zip([("notes\x1b[31m.txt", b"red\n")]))
    deep = make_zip([("deep.txt", b"three archives down\n")])
    for level in (3, 2):
        deep = make_zip([("level%d.zip" % level, deep)], zipfile.ZIP_STORED)
    write("tests/data/hostile/nested-deep.zip", deep)
    good = make_zip([(n, d if d is not None else b"") for n, d in GOOD])
    write("tests/data/hostile/truncated.zip", good[:len(good) // 2])
    write("tests/data/hostile/truncated.tar.gz", gz(make_tar(GOOD))[:60])


if __name__ == "__main__":
    good_archives()
    hostile_archives()
