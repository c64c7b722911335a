#!/usr/bin/env python3
"""bagtool.py - crafts hostile and re-bagged bundles for tests/cli/test-attacks.sh.

  bagtool.py rebag DIR          recompute DIR's payload and tag manifests and
                                Payload-Oxum, and drop its signature: a bag that
                                is valid (unsigned) whatever was changed in data/
  bagtool.py tar DIR OUT [--top] [--add NAME=FILE]...
  bagtool.py zip DIR OUT [--top] [--add NAME=FILE]...
                                pack DIR as govrec does (inside a base directory
                                named after DIR, or at the top with --top), then
                                append the extra entries
Test scripts only, never the product.
"""
import hashlib
import os
import sys
import tarfile
import zipfile


def files_under(root):
    out = []
    for d, _, names in os.walk(root):
        for n in names:
            full = os.path.join(d, n)
            out.append(os.path.relpath(full, root))
    return sorted(out)


def digest(path, alg):
    h = hashlib.new(alg)
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()


def rebag(bag):
    payload = [p for p in files_under(bag) if p.startswith("data/")]
    for alg in ("sha256", "sha512"):
        with open(os.path.join(bag, "manifest-%s.txt" % alg), "w") as m:
            for p in payload:
                m.write("%s  %s\n" % (digest(os.path.join(bag, p), alg), p))
    size = sum(os.path.getsize(os.path.join(bag, p)) for p in payload)
    info = os.path.join(bag, "bag-info.txt")
    lines = open(info).read().splitlines()
    lines = ["Payload-Oxum: %d.%d" % (size, len(payload)) if l.startswith("Payload-Oxum:")
             else l for l in lines]
    open(info, "w").write("\n".join(lines) + "\n")
    sig = os.path.join(bag, "tagmanifest-sha512.txt.minisig")
    if os.path.exists(sig):
        os.remove(sig)
    tags = ["bag-info.txt", "bagit.txt", "manifest-sha256.txt", "manifest-sha512.txt"]
    with open(os.path.join(bag, "tagmanifest-sha512.txt"), "w") as m:
        for p in tags:
            m.write("%s  %s\n" % (digest(os.path.join(bag, p), "sha512"), p))


def pack(kind, bag, out, top, extra):
    base = "" if top else os.path.basename(os.path.normpath(bag)) + "/"
    names = files_under(bag)
    if kind == "tar":
        with tarfile.open(out, "w", format=tarfile.PAX_FORMAT) as t:
            for n in names:
                t.add(os.path.join(bag, n), arcname=base + n)
            for name, src in extra:
                t.add(src, arcname=name)
    else:
        with zipfile.ZipFile(out, "w") as z:
            for n in names:
                z.write(os.path.join(bag, n), base + n)
            for name, src in extra:
                z.write(src, name)


def main(argv):
    if len(argv) == 2 and argv[0] == "rebag":
        rebag(argv[1])
        return 0
    if len(argv) >= 3 and argv[0] in ("tar", "zip"):
        top, extra, rest = False, [], argv[3:]
        while rest:
            a = rest.pop(0)
            if a == "--top":
                top = True
            elif a == "--add":
                name, src = rest.pop(0).split("=", 1)
                extra.append((name, src))
            else:
                sys.exit("bagtool: unknown argument " + a)
        pack(argv[0], argv[1], argv[2], top, extra)
        return 0
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
