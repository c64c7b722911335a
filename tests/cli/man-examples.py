#!/usr/bin/env python3
"""Runs the EXAMPLES of every docs/man1/*.1, and the README's tour, in order,
and says which fail.

usage: man-examples.py SRCDIR DEMO_DB WORK

A command is a line of a `.Dl` or of a `.Bd -literal` display in the EXAMPLES
section: in a display that shows a session (lines starting with `$ `), the
`$ ` lines (the others are output); in any other display, every line.  A
line ending in a backslash goes on in the next.  Commands are run by bash
with `set -o pipefail`, `govrec` meaning $GOVREC, in the order of the page,
each where the one before left (`cd` holds); a command must exit 0.

Each page runs in a directory of its own under WORK, holding `records`
(the source tree's, so that records/demo/... names the demo files) and, as
GOVREC_DB, a copy of DEMO_DB: the archive `make demo` leaves.  Comments in
the page (never shown to a reader) say what differs:

  .\\" example-archive: empty   the page starts from a new archive (after
                               `govrec init`) instead of the demo's
  .\\" example-archive: none    ... or from none at all (GOVREC_DB unset,
                               HOME a new directory)
  .\\" example-exit: N          the next command must exit N, not 0
  .\\" example-run: CMD         runs CMD there (setup a reader does not need
                               to see, such as the bundle someone sent)

The README's tour is every line indented by four spaces in its section
"## A short tour", with the same directives as HTML comments
(<!-- example-archive: none -->).

Prints "ok: PAGE: CMD" or "FAIL: PAGE: CMD ..." per command; exits 1 when
any failed.
"""
import glob
import os
import re
import shutil
import subprocess
import sys

PRELUDE = 'set -o pipefail\ngovrec() { "$GOVREC" "$@"; }\ncd "$1" || exit 97\nshift\n'
TRAILER = '\nst=$?\npwd >"$EXAMPLE_CWD"\nexit $st\n'


def unroff(line):
    """The text a reader sees for a line of a literal display."""
    line = line.replace("\\e", "\x00").replace("\\-", "-").replace("\\&", "")
    line = line.replace("\\(aq", "'").replace("\\(dq", '"')
    return line.replace("\x00", "\\")


DIRECTIVE_MAN = r'^\.\\"\s*example-(archive|exit|run):\s*(.*)$'
DIRECTIVE_MD = r'^<!--\s*example-(archive|exit|run):\s*(.*?)\s*-->$'


def readme_commands(path):
    """The README's tour: its indented lines, each block as a display."""
    lines = open(path, encoding="utf-8").read().split("\n")
    body, in_tour = [], False
    for raw in lines:
        if raw.startswith("## "):
            in_tour = raw.strip() == "## A short tour"
            continue
        if not in_tour:
            continue
        m = re.match(DIRECTIVE_MD, raw)
        if m:
            body.append('.\\" example-%s: %s' % (m.group(1), m.group(2)))
        elif raw.startswith("    "):
            body.append(raw[4:].replace("\\", "\\e"))
        else:
            body.append(".Ed")
            body.append(".Bd -literal")
    return commands_of([".Sh EXAMPLES", ".Bd -literal"] + body + [".Ed"])


def commands(page):
    """[(command, expected exit)] and the archive the page wants."""
    if page.endswith(".md"):
        return readme_commands(page)
    return commands_of(open(page, encoding="utf-8").read().split("\n"))


def commands_of(lines):
    out, archive, block, expect = [], "demo", None, 0
    in_examples = False

    def add(cmd):
        nonlocal expect
        out.append((cmd, expect))
        expect = 0

    def flush(block_lines):
        session = any(l.startswith("$ ") for l in block_lines)
        cmd = None
        for l in block_lines:
            if cmd is not None:
                cmd += "\n" + l
            elif not session or l.startswith("$ "):
                cmd = l[2:] if session else l
            else:
                continue  # output shown in a session
            if not cmd.endswith("\\"):
                if cmd.strip():
                    add(cmd)
                cmd = None
        if cmd is not None:
            add(cmd)

    for raw in lines:
        if raw.startswith(".Sh "):
            in_examples = raw.strip() == ".Sh EXAMPLES"
            continue
        if not in_examples:
            continue
        m = re.match(DIRECTIVE_MAN, raw)
        if m:
            key, value = m.group(1), m.group(2).strip()
            if block is not None:  # the display's commands so far come first
                flush(block)
                block = []
            if key == "archive":
                archive = value
            elif key == "exit":
                expect = int(value)
            else:
                add(value)
            continue
        if raw.startswith('.\\"'):
            continue
        if raw.startswith(".Bd ") and "-literal" in raw:
            block = []
        elif raw.startswith(".Ed"):
            if block is not None:
                flush(block)
            block = None
        elif block is not None:
            block.append(unroff(raw))
        elif raw.startswith(".Dl "):
            add(unroff(raw[4:]))
    return out, archive


def run_page(page, demo_db, work, srcdir):
    name = os.path.basename(page)
    cmds, archive = commands(page)
    if not cmds:
        return 0, 0
    home = os.path.join(work, name)
    os.makedirs(home)
    os.symlink(os.path.join(srcdir, "records"), os.path.join(home, "records"))
    env = dict(os.environ, EXAMPLE_CWD=os.path.join(work, name + ".cwd"),
               GOVREC_PASSWORD="an example password")
    db = os.path.join(work, name + ".db")
    if archive == "demo":
        shutil.copyfile(demo_db, db)
        env["GOVREC_DB"] = db
    elif archive == "empty":
        env["GOVREC_DB"] = db
        subprocess.run([os.environ["GOVREC"], "init"], env=env, check=True,
                       stdout=subprocess.DEVNULL)
    elif archive == "none":  # the default archive, in a HOME of the page's own
        env.pop("GOVREC_DB", None)
        env["HOME"] = os.path.join(home, ".home")
    else:
        print("FAIL: %s: example-archive '%s' is not demo, empty or none" % (name, archive))
        return 0, 1
    cwd, passed, failed = home, 0, 0
    for cmd, expect in cmds:
        try:
            p = subprocess.run(["bash", "-c", PRELUDE + cmd + TRAILER, "example", cwd],
                               env=env, stdin=subprocess.DEVNULL, capture_output=True,
                               timeout=120)
            rc, so, se = p.returncode, p.stdout, p.stderr
        except subprocess.TimeoutExpired:
            rc, so, se = "timeout", b"", b""
        try:
            cwd = open(env["EXAMPLE_CWD"]).read().strip() or cwd
        except OSError:
            pass
        shown = cmd.replace("\n", " ")
        if rc == expect:
            passed += 1
            print("ok: %s: %s" % (name, shown))
            continue
        failed += 1
        print("FAIL: %s: `%s` exited %s, expected %d" % (name, shown, rc, expect))
        for what, text in (("stdout", so), ("stderr", se)):
            text = text.decode("utf-8", "replace").strip()
            if text:
                print("  %s: %s" % (what, "\n    ".join(text.split("\n")[:15])))
    return passed, failed


def main():
    srcdir, demo_db, work = sys.argv[1:4]
    passed = failed = 0
    pages = sorted(glob.glob(os.path.join(srcdir, "docs", "man1", "*.1")))
    for page in pages + [os.path.join(srcdir, "README.md")]:
        p, f = run_page(page, demo_db, work, srcdir)
        passed, failed = passed + p, failed + f
    print("examples: %d ran as expected, %d did not" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
