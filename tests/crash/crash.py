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
ADVANCE = [("recommended", "2019-01-03"), ("pti-analysis", "2019-01-04"),
           ("classified", "2019-01-05"), ("csc-pti-agreed", "2019-01-06"),
           ("council-approval", "2019-01-07"), ("ccnso-approved", "2019-01-08"),
           ("gnso-approved", "2019-01-09"), ("implementing", "2019-01-10"),
           ("live", "2019-01-11")]


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

    def w_import(self):
        # a meeting folder: transcript, captions and chat, generated anew
        n = self.next_meeting
        self.next_meeting += 1
        folder = os.path.join(self.dir, "meeting-%d" % n)
        os.mkdir(folder)
        argv = ["meeting", "add", "--number", str(n), "--date", "2019-10-15"]
        for a in AGENDA:
            argv += ["--agenda", a]
        self.run(*argv)
        turns = self.rng.choice([20, 400, 4000])
        speakers = ["Byron Holland", "Kal Feher", "Naela Sarras"]
        with open(os.path.join(folder, "transcript.txt"), "w") as f:
            for t in range(turns):
                f.write("%s: Turn %d of meeting %d on the technical checks threshold. "
                        "Action item %02d %d 2019: follow up. %s\n\n"
                        % (speakers[t % 3], t, n, t % 100, n, "y" * self.rng.randrange(10, 300)))
        with open(os.path.join(folder, "captions.vtt"), "w") as f:
            f.write("WEBVTT\n\n")
            for t in range(turns // 4 + 1):
                f.write("%d\n00:%02d:%02d.000 --> 00:%02d:%02d.500\n%s: caption %d\n\n"
                        % (t + 1, t // 60 % 60, t % 60, t // 60 % 60, t % 60, speakers[t % 3], t))
        digests = {}
        for name in os.listdir(folder):
            digests[name] = hashlib.sha256(open(os.path.join(folder, name), "rb").read()).hexdigest()

        def done(out):
            for line in out.split("\n"):
                words = line.split()
                # "stored  PATH as document N: ..."
                if len(words) > 4 and words[0] == "stored" and words[2:4] == ["as", "document"]:
                    self.reported[int(words[4].rstrip(":"))] = digests[os.path.basename(words[1])]
        return ["import", "--meeting", str(n), folder], done

    def w_advance(self):
        # a type 3 proposal taken through its whole life, one transition a round
        if not hasattr(self, "proposal"):
            self.proposal = None
        if self.proposal is None or self.proposal[1] >= len(ADVANCE):
            ref = "SLA-2099-%02d" % self.rng.randrange(100)
            if self.run("proposal", "show", ref, check=False).returncode == 0:
                return self.w_meeting()
            # each proposal lives in its own year, so that no two go live the same day
            self.year = getattr(self, "year", 2020) + 1
            self.run("proposal", "new", ref, "--title", "Crash test", "--originator", "CSC",
                     "--type", "3", "--date", "%d-01-02" % self.year)
            self.run("proposal", "change", ref, "cat1.technical-checks.retest",
                     "--threshold", "%dm" % self.rng.randrange(11, 99), "--target", "95")
            self.proposal = [ref, 0]
        ref, step = self.proposal
        state, date = ADVANCE[step]

        def done(out):
            pass
        # the state is read back after the round, so a killed transition is retried
        self.proposal[1] = step + 1
        return ["proposal", "advance", ref, state, "--date", "%d%s" % (self.year, date[4:])], done

    def w_export(self):
        # an export killed part-way must leave no output at all (file forms)
        # or only a temporary directory (the directory form); a finished one
        # must verify
        self.exports = getattr(self, "exports", 0) + 1
        fmt = self.rng.choice(["tar", "tar.gz", "zip", "tar.zst"])
        out = os.path.join(self.dir, "bundle-%d.%s" % (self.exports, fmt))
        self.pending_export = out
        return ["export", "-o", out], None

    def check_export(self, killed):
        out = getattr(self, "pending_export", None)
        if not out:
            return
        self.pending_export = None
        leftovers = [n for n in os.listdir(self.dir) if ".tmp-" in n]
        self.expect(not leftovers, "no partial export file left: %s" % leftovers)
        if os.path.exists(out):
            r = self.run("verify", out, check=False)
            self.expect(r.returncode == 0, "an export that exists verifies: %s" % r.stdout[-300:])
        else:
            self.expect(killed, "an export that ran to the end wrote its file")

    WORKLOADS = ["note", "meeting", "import", "import", "advance", "advance", "export"]

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
            # a proposal is live exactly when the metric versions it set exist
            bad = con.execute("SELECT count(*) FROM proposal p WHERE (p.state = 'live') <> "
                              "EXISTS (SELECT 1 FROM metric_version v WHERE v.proposal_id = p.id)"
                              ).fetchone()[0]
            self.expect(bad == 0, "no proposal half gone live (%d)" % bad)
            # every event's state is the proposal's state or one it went through
            bad = con.execute("SELECT count(*) FROM proposal p WHERE p.state NOT IN "
                              "('draft') AND NOT EXISTS (SELECT 1 FROM proposal_event e WHERE "
                              "e.proposal_id = p.id AND e.state = p.state)").fetchone()[0]
            self.expect(bad == 0, "no state change without its event (%d)" % bad)
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
        if kind == "advance" and self.proposal:
            # resume from what the archive says, whatever the kill left
            con = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True)
            row = con.execute("SELECT count(*) FROM proposal_event e JOIN proposal p ON "
                              "p.id = e.proposal_id WHERE p.ref = ? AND e.state <> 'draft'",
                              (self.proposal[0],)).fetchone()
            con.close()
            self.proposal[1] = row[0]
        if kind == "export":
            self.check_export(killed)
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
