#!/usr/bin/env python3
"""crash.py - kill govrec with SIGKILL at random moments and check the archive.

Each round picks a workload from WORKLOADS (seeded, so a run can be
repeated), starts it, kills it after a random delay, and then checks:
  - `govrec check` passes (database, index, audit chain, every record);
  - every document a finished command reported as archived is there, whole:
    its original bytes have the SHA-256 of the file that was given;
  - the workload's own invariant (e.g. a meeting never exists without its
    agenda; a note never without all its passages).

usage: crash.py --govrec PATH --count N [--seed S] [--dir DIR]
Prints "N passed, N failed" at the end; exits 1 on any failure.
"""
import argparse, hashlib, json, os, random, signal, sqlite3, subprocess, sys, tempfile, time

AGENDA = ["Welcome and roll call", "Open action items", "PTI performance", "AOB"]


def gen_note(rng, path, paragraphs):
    with open(path, "w") as f:
        f.write("# Review note %d\n\n" % rng.randrange(10**9))
        for i in range(paragraphs):
            f.write("## Section %d\n\n" % i if i % 50 == 0 else "")
            f.write("Paragraph %d: the CSC reviewed the technical checks threshold and the "
                    "performance of PTI against the service levels. %s\n\n"
                    % (i, "x" * rng.randrange(20, 400)))


class Harness:
    def __init__(self, args):
        self.govrec = args.govrec
        self.rng = random.Random(args.seed)
        self.dir = args.dir
        self.db = os.path.join(self.dir, "crash.db")
        self.env = dict(os.environ, GOVREC_DB=self.db, GOVREC_ACTOR="crash", TZ="UTC", LC_ALL="C")
        self.reported = {}  # document id -> sha256 of the file it was made from
        self.next_meeting = 1
        self.passed = self.failed = 0
        self.kills = 0

    def run(self, *argv, check=True):
        r = subprocess.run([self.govrec] + list(argv), env=self.env, capture_output=True, text=True)
        if check and r.returncode != 0:
            raise RuntimeError("%s: %s" % (" ".join(argv), r.stderr.strip()))
        return r

    def expect(self, ok, what):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL:", what, flush=True)

    def setup(self):
        self.run("init")
        self.run("person", "add", "Byron Holland", "--role", "member", "--body", "ccNSO",
                 "--from", "2016-10-01")

    # --- workloads: each returns (argv, on_output) -----------------------
    def w_note(self):
        path = os.path.join(self.dir, "note-%d.md" % self.rng.randrange(10**9))
        gen_note(self.rng, path, self.rng.choice([5, 200, 3000]))
        digest = hashlib.sha256(open(path, "rb").read()).hexdigest()

        def done(out):
            for word in out.split():
                if word.isdigit():
                    self.reported[int(word)] = digest
        return ["note", "add", "--review", "Crash", path], done

    def w_meeting(self):
        n = self.next_meeting
        self.next_meeting += 1
        argv = ["meeting", "add", "--number", str(n), "--date", "2019-10-15"]
        for a in AGENDA:
            argv += ["--agenda", a]
        return argv, None

    WORKLOADS = ["note", "note", "meeting"]

    def invariants(self):
        con = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True)
        try:
            for doc_id, digest in self.reported.items():
                row = con.execute("SELECT d.sha256, (SELECT count(*) FROM passage p WHERE "
                                  "p.document_id = d.id) FROM document d WHERE d.id = ?",
                                  (doc_id,)).fetchone()
                self.expect(row is not None and row[0] == digest and row[1] > 0,
                            "reported document %d is there whole" % doc_id)
            bad = con.execute("SELECT count(*) FROM meeting m WHERE (SELECT count(*) FROM "
                              "agenda_item a WHERE a.meeting_id = m.id) <> ?",
                              (len(AGENDA),)).fetchone()[0]
            self.expect(bad == 0, "no meeting without its whole agenda (%d)" % bad)
            bad = con.execute("SELECT count(*) FROM document d WHERE NOT EXISTS (SELECT 1 FROM "
                              "original o WHERE o.document_id = d.id) OR NOT EXISTS (SELECT 1 "
                              "FROM passage p WHERE p.document_id = d.id)").fetchone()[0]
            self.expect(bad == 0, "no half-stored document (%d)" % bad)
        finally:
            con.close()

    def round(self, i):
        kind = self.rng.choice(self.WORKLOADS)
        argv, done = getattr(self, "w_" + kind)()
        delay = self.rng.uniform(0.0, 0.12)
        p = subprocess.Popen([self.govrec] + argv, env=self.env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
        time.sleep(delay)
        killed = p.poll() is None
        if killed:
            p.send_signal(signal.SIGKILL)
            self.kills += 1
        out, err = p.communicate()
        if not killed:
            self.expect(p.returncode == 0, "round %d: %s ran to the end: %s" % (i, kind, err.strip()))
        if done and out:
            done(out)  # only what was printed before the kill counts as reported
        r = self.run("check", check=False)
        self.expect(r.returncode == 0, "round %d (%s, killed=%s): check: %s %s"
                    % (i, kind, killed, r.stdout.strip(), r.stderr.strip()))
        self.invariants()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--govrec", required=True)
    ap.add_argument("--count", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--dir")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        args.dir = args.dir or tmp
        h = Harness(args)
        h.setup()
        for i in range(args.count):
            h.round(i)
        print("crash: %d rounds, %d killed mid-run, seed %d, %d documents reported"
              % (args.count, h.kills, args.seed, len(h.reported)))
        print("%d passed, %d failed" % (h.passed, h.failed))
        sys.exit(1 if h.failed else 0)


if __name__ == "__main__":
    main()
