#!/usr/bin/env python3
"""gen-corpus.py - a deterministic corpus of CSC-like meeting transcripts for benchmarks.

    gen-corpus.py OUTDIR SIZE_MB [--seed N]
    gen-corpus.py --sql OUTDIR > passages.sql     (the same passages, for a bare FTS5 table)

Writes meeting-NNNN.txt files, one per meeting, in the ICANN "Mixed Case" transcript style:
a title line, then one paragraph per speaker turn, "Byron Holland: text", separated by blank
lines.  Turns talk about the SLAs, technical checks, root zone changes, action items
("ACTION ITEM 03 34 2017: ..."), SLA change proposals (SLA-2019-01) and metric ids
(cat1.technical-checks.initial).  The same seed and size give the same bytes, so runs on
different machines or branches compare.  A meeting is about 40 KB (an hour's call); the
corpus grows by adding meetings until it reaches SIZE_MB.

--sql reads a corpus back and prints one transaction of INSERTs of its passages
(title, speaker, body) for the baseline: the work govrec does, minus govrec.
"""
import os
import random
import sys

SPEAKERS = ["Byron Holland", "Jay Daley", "Lars-Johan Liman", "Naela Sarras", "Kim Davies",
            "Elise Lindeberg", "Brett Carr", "Dmitry Burkov", "Gaurav Vedi", "Alan Barrett",
            "Frederico Neves", "Jonathan Robinson", "Kal Feher", "Martin Boyle", "Bart Boswinkel"]

SUBJECTS = ["the technical checks threshold", "the root zone change request", "the monthly PTI "
            "performance report", "the customer satisfaction survey", "the remedial action "
            "procedure", "the escalation path", "the ccTLD delegation request", "the SLA dashboard",
            "the effectiveness review", "the charter review", "the RZMS submission interface",
            "the contact confirmation step", "the authorization contacts", "the emergency "
            "change process", "the independent audit", "the service level expectations"]
VERBS = ["we discussed", "PTI presented", "the committee reviewed", "I want to flag",
         "we need to revisit", "the liaison raised", "staff clarified", "members agreed on",
         "there was a concern about", "we should document"]
TAILS = ["and the figures look steady this month", "because the target was missed twice",
         "so we will come back to it at the next call", "which is within the agreed threshold",
         "and PTI will send data before the next meeting", "as the report shows ninety five "
         "percent compliance", "though the minutes should record our reservations",
         "which needs the ccNSO and the GNSO to agree", "and the secretariat will circulate it",
         "while the metric itself stays unchanged"]
METRICS = ["cat1.technical-checks.initial", "cat1.technical-checks.retest",
           "cat1.submission.ticket-confirmation", "cat1.contact-confirmation.request",
           "cat1.review.validation"]
FILLERS = ["Thank you.", "Okay, thanks everyone.", "Yes, I agree.", "Can everyone hear me?",
           "Let's move on to the next agenda item.", "Any other business?"]


def sentence(r):
    s = f"{r.choice(VERBS)} {r.choice(SUBJECTS)} {r.choice(TAILS)}"
    return s[0].upper() + s[1:] + "."


def turn(r, number, year, actions):
    roll = r.random()
    if roll < 0.12:
        return r.choice(FILLERS)
    parts = [sentence(r) for _ in range(r.randint(1, 5))]
    if roll > 0.93:
        actions[0] += 1
        parts.append(f"ACTION ITEM {actions[0]:02d} {number} {year}: PTI to report on "
                     f"{r.choice(SUBJECTS)} by the next meeting.")
    elif roll > 0.88:
        parts.append(f"Proposal SLA-{r.randint(2018, 2022)}-{r.randint(1, 4):02d} would change "
                     f"{r.choice(METRICS)} from {r.choice([50, 60, 10])} minutes to "
                     f"{r.choice([2, 3, 4])} hours.")
    elif roll > 0.84:
        parts.append(f"The metric {r.choice(METRICS)} was at {r.randint(90, 100)}% this month.")
    return " ".join(parts)


def meeting(r, number):
    year = 2016 + number // 12
    month = number % 12 + 1
    actions = [0]
    lines = [f"CSC Meeting {number} - {year}-{month:02d}-{r.randint(10, 28)}", ""]
    size = 0
    while size < 40000:
        t = f"{r.choice(SPEAKERS)}: {turn(r, number, year, actions)}"
        lines += [t, ""]
        size += len(t) + 2
    return "\n".join(lines)


def generate(outdir, size_mb, seed):
    os.makedirs(outdir, exist_ok=True)
    total, number = 0, 0
    while total < size_mb * 1024 * 1024:
        number += 1
        r = random.Random(seed * 1000003 + number)
        text = meeting(r, number).encode()
        with open(os.path.join(outdir, f"meeting-{number:04d}.txt"), "wb") as f:
            f.write(text)
        total += len(text)
    print(f"{number} meetings, {total} bytes in {outdir}", file=sys.stderr)


def q(s):
    return "'" + s.replace("'", "''") + "'"


def sql(outdir):
    out = sys.stdout
    out.write("BEGIN;\n")
    for name in sorted(os.listdir(outdir)):
        with open(os.path.join(outdir, name), encoding="utf-8") as f:
            paras = [p.strip() for p in f.read().split("\n\n") if p.strip()]
        title = paras[0]
        for p in paras[1:]:
            speaker, _, body = p.partition(": ")
            out.write(f"INSERT INTO bare(title, speaker, body) VALUES ({q(title)}, {q(speaker)}, "
                      f"{q(body)});\n")
    out.write("COMMIT;\n")


def main(argv):
    if len(argv) >= 3 and argv[1] == "--sql":
        sql(argv[2])
        return 0
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    seed = int(argv[4]) if len(argv) > 4 and argv[3] == "--seed" else 1
    generate(argv[1], float(argv[2]), seed)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
