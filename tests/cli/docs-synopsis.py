#!/usr/bin/env python3
"""Checks that the command table, `govrec CMD -h` and the man pages agree.

For every command that `govrec help` lists: `govrec CMD -h` prints the
synopsis of every command of its group; the SYNOPSIS section of
docs/man1/govrec-GROUP.1, rendered by mandoc, must hold exactly those lines.
Every src/cli/cmd-*.c has its page, every page lints clean.
Prints "N passed, N failed".
"""
import glob, os, re, subprocess, sys

govrec = os.environ["GOVREC"]
src = os.environ["SRCDIR"]
passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)


def norm(s):
    return " ".join(s.split())


def render(page):
    out = subprocess.run(["mandoc", "-Tascii", page], capture_output=True, text=True).stdout
    return re.sub(".\b", "", out)


def synopsis_lines(page):
    text = render(page)
    m = re.search(r"^SYNOPSIS\n(.*?)\n\S", text, re.S | re.M)
    lines, cur = [], None
    for line in (m.group(1) if m else "").split("\n"):
        if re.match(r"^ {5}govrec\b", line):
            if cur:
                lines.append(norm(cur))
            cur = line
        elif cur is not None and line.strip():
            cur += " " + line
    if cur:
        lines.append(norm(cur))
    return lines


listing = subprocess.run([govrec, "help"], capture_output=True, text=True).stdout
commands = []
for line in listing.split("\n"):
    m = re.match(r"^  (\S+(?: \S+)?)\s{2,}", line)
    if m:
        commands.append(m.group(1))
check(len(commands) >= 10, "govrec help lists the commands")

groups = {}
for cmd in commands:
    groups.setdefault(cmd.split()[0], []).append(cmd)

for group, cmds in sorted(groups.items()):
    page = os.path.join(src, "docs", "man1", "govrec-%s.1" % group)
    check(os.path.exists(page), "man page for '%s'" % group)
    if not os.path.exists(page):
        continue
    for cmd in cmds:
        r = subprocess.run([govrec] + cmd.split() + ["-h"], capture_output=True, text=True)
        check(r.returncode == 0, "'%s -h' exits 0" % cmd)
        usage = [norm(re.sub(r"^\s*(usage|or):\s*", "", l)) for l in r.stdout.strip().split("\n")]
        man = synopsis_lines(page)
        check(usage == man, "'%s -h' and %s SYNOPSIS differ:\n  -h:  %s\n  man: %s"
              % (cmd, os.path.basename(page), usage, man))

for c in glob.glob(os.path.join(src, "src", "cli", "cmd-*.c")):
    name = os.path.basename(c)[4:-2]
    check(os.path.exists(os.path.join(src, "docs", "man1", "govrec-%s.1" % name)),
          "src/cli/cmd-%s.c has docs/man1/govrec-%s.1" % (name, name))

for page in sorted(glob.glob(os.path.join(src, "docs", "man[157]", "*.[157]"))):
    r = subprocess.run(["mandoc", "-Tlint", "-Wwarning", page], capture_output=True, text=True)
    msgs = [l for l in (r.stdout + r.stderr).split("\n") if l and "mandoc.db" not in l]
    check(not msgs, "%s lints clean: %s" % (os.path.basename(page), msgs))
    name = os.path.basename(page).rsplit(".", 1)[0]
    if name.startswith("govrec-") and page.endswith(".1"):
        check(name[7:] in groups, "%s documents a command in the table" % name)

print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
