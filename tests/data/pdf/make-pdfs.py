#!/usr/bin/python3
"""Writes the PDF fixtures of tests/data/pdf (and bench inputs) with reportlab.

The output is byte-stable: reportlab's invariant mode fixes the document id,
SOURCE_DATE_EPOCH fixes the creation date, and the encrypted file uses fixed
keys.  Run it again after changing it and commit what it writes:

    /usr/bin/python3 tests/data/pdf/make-pdfs.py [OUTDIR]
    /usr/bin/python3 tests/data/pdf/make-pdfs.py --transcript-pages 200 FILE
    /usr/bin/python3 tests/data/pdf/make-pdfs.py --seeds tests/fuzz/seeds/pdf

(--seeds writes the transcript and the report with uncompressed content
streams, which a fuzzer can change one operator at a time.)

The files are laid out the way ICANN's are: a teleconference transcript made
with Word (a right-aligned page-header block on every page, the
transcription disclaimer, Mixed Case speaker turns with a hanging indent,
turns running over page breaks mid-sentence, a word hyphenated at a line
end), and a PTI monthly performance report (a title, numbered section
headings in a larger bold face, a table of metrics, a footer "Page N of M").
"""
import calendar
import os
import sys

from reportlab.lib.pagesizes import LETTER
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

W, H = LETTER
COMPRESS = 1
LEFT, RIGHT, TOP, BOTTOM = 72, W - 72, H - 72, 72


def epoch(y, m, d, hh=0, mm=0):
    return str(calendar.timegm((y, m, d, hh, mm, 0, 0, 0, 0)))


def new_canvas(path, created, title, author, encrypt=None):
    os.environ["SOURCE_DATE_EPOCH"] = created
    c = canvas.Canvas(path, pagesize=LETTER, invariant=1, encrypt=encrypt,
                      pageCompression=COMPRESS)
    c.setTitle(title)
    c.setAuthor(author)
    c.setCreator("Microsoft\u00ae Word 2016")
    return c


def wrap(text, font, size, width):
    """Lines of text no wider than width; a "\n" in text breaks the line there."""
    lines = []
    for part in text.split("\n"):
        line = ""
        for word in part.split(" "):
            trial = word if not line else line + " " + word
            if line and stringWidth(trial, font, size) > width:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
    return lines


# --- the teleconference transcript ----------------------------------------

HEADER = ["ICANN", "Moderator: Brenda Brewer", "08-17-17/2:00 pm CT",
          "Confirmation # 4807731"]

DISCLAIMER = ("Note: The following is the output of transcribing from an audio "
              "recording. Although the transcription is largely accurate, in some "
              "cases it is incomplete or inaccurate due to inaudible passages and "
              "grammatical corrections. It is posted as an aid to understanding the "
              "proceedings at the meeting, but should not be treated as an "
              "authoritative record.")

TURNS = [
    ("Coordinator", "The recording has started."),
    ("Brenda Brewer", "Thank you. Good morning, good afternoon and good evening, "
     "and welcome to the Jurisdiction Subgroup call on Thursday, 17 August 2017. "
     "On the call today we have Thomas Rickert, Greg Shatan and Kavouss Arasteh. "
     "If you are only on the audio bridge, please let yourself be known now. "
     "I\u2019ll turn the call over to Greg."),
    ("Greg Shatan", "Thank you, Brenda. Our first item is the \u201cOFAC\u201d "
     "recommendation. We circulated a draft last week and had a few comments on "
     "the list, mostly about the general licence for registrars and how ICANN "
     "applies for specific licences. The second reading is today, and I would "
     "like to close it if we can, so that the plenary sees the text before "
     "Abu Dhabi. The staff have kept a record of each comment, and the "
     "transcrip-\ntion of last week\u2019s call is on the wiki."),
    ("Kavouss Arasteh", "Yes, thank you, Greg. I have one question on the "
     "second paragraph. We say that ICANN should take steps to apply for a "
     "general licence, but we do not say what happens if the licence is "
     "refused. I would like a sentence that the subgroup reviews the matter "
     "again in that case, because otherwise registrants in sanctioned countries "
     "are left without any answer at all, and that is not the spirit of our "
     "work."),
    ("Greg Shatan", "Thank you, Kavouss. I think that is a fair point and we "
     "can add it, with a date by which the subgroup looks at the matter again. "
     "Thomas, you had your hand up."),
    ("Thomas Rickert", "Thanks, Greg. I support what Kavouss said. Just one "
     "more thing: the text should say that ICANN reports on the outcome to the "
     "community, so that we can see whether the approach works. Otherwise the "
     "recommendation is fine with me and I would not reopen it."),
    ("Greg Shatan", "Thank you, Thomas. Hearing no objection, we will make "
     "those two changes and send the text to the plenary. Our next call is on "
     "24 August at 13:00 UTC. Thank you all, and the call is adjourned."),
    ("Brenda Brewer", "Thank you. The meeting has been adjourned. Please "
     "disconnect all remaining lines and have a wonderful rest of your day."),
]

LABEL_X, TEXT_X, LEAD = LEFT, LEFT + 108, 15


class Pager:
    """Writes lines top to bottom, starting pages with the header block."""

    def __init__(self, c, header):
        self.c, self.header, self.page, self.y = c, header, 0, 0

    def new_page(self):
        if self.page:
            self.c.showPage()
        self.page += 1
        self.c.setFont("Times-Roman", 11)
        y = TOP + 24
        for text in self.header + ["Page %d" % self.page]:
            self.c.drawRightString(RIGHT, y, text)
            y -= 13
        self.y = y - 30

    def need(self):
        if self.page == 0 or self.y < BOTTOM:
            self.new_page()

    def line(self, x, text, font="Times-Roman", size=12, lead=LEAD):
        self.need()
        self.c.setFont(font, size)
        self.c.drawString(x, self.y, text)
        self.y -= lead

    def gap(self, n=LEAD):
        self.y -= n


def transcript(path, repeat=1):
    c = new_canvas(path, epoch(2017, 8, 18, 9),
                   "Jurisdiction Subgroup call, 17 August 2017", "ICANN")
    p = Pager(c, HEADER)
    p.need()
    for text in ["ICANN Transcription", "CCWG-Accountability WS2 Jurisdiction Subgroup",
                 "Thursday, 17 August 2017 at 19:00 UTC"]:
        p.c.setFont("Times-Bold", 12)
        p.c.drawCentredString(W / 2, p.y, text)
        p.y -= LEAD
    p.gap()
    for line in wrap(DISCLAIMER, "Times-Roman", 12, RIGHT - LEFT):
        p.line(LEFT, line)
    p.gap()
    for rep in range(repeat):
        for who, said in TURNS:
            if rep and who == "Coordinator":
                # a call a little longer each time: no two pages alike
                said += " Item %d." % rep + " The next speaker is in the queue." * (rep % 5)
            lines = wrap(said, "Times-Roman", 12, RIGHT - TEXT_X)
            p.need()
            p.c.setFont("Times-Roman", 12)
            p.c.drawString(LABEL_X, p.y, who + ":")
            for line in lines:
                p.line(TEXT_X, line)
            p.gap()
    # (no closing "END": how the transcript reader treats one is its own test)
    c.save()


# --- the PTI monthly performance report ------------------------------------

SECTIONS = [
    ("1. Executive summary", [
        "PTI met 63 of the 64 service level agreements for the naming "
        "function in July 2018. The one missed threshold was the time to "
        "process a technical check for a ccTLD delegation, which ran over by "
        "one day because of a registry outage outside PTI\u2019s control.",
        "Customer satisfaction stayed above the target for the sixth month "
        "in a row."]),
    ("2. Naming function", [
        "The table below lists the root zone management metrics measured "
        "under the naming function contract."]),
    ("3. Escalations and complaints", [
        "No escalations were received in July 2018. One complaint about the "
        "time taken to confirm a contact change was resolved within five "
        "business days."]),
]

TABLE = [("Metric", "Target", "Actual", "Result"),
         ("Technical check (gTLD)", "\u2264 1 day", "0.4 days", "Met"),
         ("Technical check (ccTLD)", "\u2264 1 day", "2 days", "Not met"),
         ("Root zone publication", "\u2264 72 hours", "21 hours", "Met"),
         ("Customer satisfaction", "\u2265 95%", "97.2%", "Met")]


def report(path):
    title = "PTI Monthly Performance Report \u2013 July 2018"
    c = new_canvas(path, epoch(2018, 8, 15, 12), title, "Public Technical Identifiers")
    pages = []

    def footer(n):
        c.setFont("Helvetica", 9)
        c.drawString(LEFT, 40, "PTI Monthly Performance Report \u2013 July 2018")
        c.drawRightString(RIGHT, 40, "Page %d of 2" % n)

    y = TOP
    c.setFont("Helvetica-Bold", 20)
    c.drawString(LEFT, y, title)
    y -= 36
    page = 1
    for heading, paras in SECTIONS:
        if heading.startswith("3."):
            footer(page)
            c.showPage()
            page += 1
            y = TOP
        c.setFont("Helvetica-Bold", 14)
        c.drawString(LEFT, y, heading)
        y -= 24
        for para in paras:
            for line in wrap(para, "Helvetica", 10, RIGHT - LEFT):
                c.setFont("Helvetica", 10)
                c.drawString(LEFT, y, line)
                y -= 13
            y -= 8
        if heading.startswith("2."):
            cols = [LEFT, LEFT + 180, LEFT + 270, LEFT + 360]
            for i, row in enumerate(TABLE):
                c.setFont("Helvetica-Bold" if i == 0 else "Helvetica", 10)
                for x, cell in zip(cols, row):
                    c.drawString(x, y, cell)
                c.setLineWidth(0.5)
                c.line(LEFT, y - 4, RIGHT, y - 4)
                y -= 18
            y -= 8
    footer(page)
    c.save()
    return pages


# --- files refused ------------------------------------------------------------

def encrypted(path):
    from reportlab.lib import pdfencrypt

    enc = pdfencrypt.StandardEncryption("secret", "owner", strength=128)
    # fixed keys: the file is the same every time
    enc.prepare = (lambda prep: lambda document, overrideID=None:
                   prep(document, overrideID=b"0123456789abcdef"))(enc.prepare)
    c = new_canvas(path, epoch(2018, 8, 15), "Confidential", "PTI", encrypt=enc)
    c.setFont("Helvetica", 12)
    c.drawString(LEFT, TOP, "This text is behind a password.")
    c.save()


def scan_image(seed):
    """A page as a scanner makes it: grey lines of "text" on white, as pixels."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader

    img = Image.new("L", (306, 396), 250)
    draw = ImageDraw.Draw(img)
    for i in range(24):
        width = 180 + ((i * 7 + seed) % 5) * 12
        draw.rectangle([36, 40 + i * 13, 36 + width, 46 + i * 13], fill=60)
    return ImageReader(img)


def draw_scan(c, seed):
    c.drawImage(scan_image(seed), 0, 0, W, H)


def image_only(path):
    c = new_canvas(path, epoch(2018, 3, 12), "Scanned letter", "ICANN")
    draw_scan(c, 0)
    c.showPage()
    draw_scan(c, 1)
    c.save()


def mixed(path):
    """A letter whose signed annex page was scanned in: text, then an image."""
    c = new_canvas(path, epoch(2018, 3, 12), "Letter to the CSC", "ICANN")
    c.setFont("Times-Roman", 12)
    y = TOP
    for para in ["Dear Members of the Customer Standing Committee,",
                 "Please find attached the signed annex to the PTI naming "
                 "function contract, as discussed at the March meeting."]:
        for line in wrap(para, "Times-Roman", 12, RIGHT - LEFT):
            c.drawString(LEFT, y, line)
            y -= 15
        y -= 12
    c.showPage()
    draw_scan(c, 2)
    c.save()


def damaged(src, path):
    with open(src, "rb") as f:
        data = f.read()
    with open(path, "wb") as f:
        f.write(data[:len(data) // 3])


def main(argv):
    global COMPRESS
    if len(argv) == 2 and argv[0] == "--seeds":
        COMPRESS = 0
        transcript(os.path.join(argv[1], "plain-teleconference.pdf"))
        report(os.path.join(argv[1], "plain-report.pdf"))
        return
    if len(argv) == 3 and argv[0] == "--transcript-pages":
        # about 1.2 pages per repetition of the turns
        transcript(argv[2], repeat=max(1, int(argv[1]) * 10 // 12))
        return
    out = argv[0] if argv else os.path.dirname(os.path.abspath(__file__))
    transcript(os.path.join(out, "icann-teleconference.pdf"))
    report(os.path.join(out, "pti-report.pdf"))
    encrypted(os.path.join(out, "encrypted.pdf"))
    image_only(os.path.join(out, "scanned.pdf"))
    mixed(os.path.join(out, "mixed.pdf"))
    damaged(os.path.join(out, "icann-teleconference.pdf"), os.path.join(out, "damaged.pdf"))


if __name__ == "__main__":
    main(sys.argv[1:])
