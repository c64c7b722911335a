# test-proposal.sh - `govrec proposal ...` end to end: the three real cases of
# DOMAIN.md's table with their real dates (the 2019 technical-checks change
# through the demo script, the IDN tables SLA, the ccTLD creation and transfer
# SLAs), a withdrawn proposal, refusals that write nothing, --json fields, and
# the synopsis agreeing with the man page.
#
# Real dates: technical checks recommended Aug 2017 (meeting 13, 17 Aug 2017)
# and live 2019-07-01; IDN tables CSC resolution 2019-08-20, letter to the
# councils 2019-10-18, live 2019-12-01; ccTLD public comment 2019-10-14 to
# 2019-11-25, final version 2020-01-09, letter 2020-02-20, ccNSO then GNSO in
# May 2020, live 2020-07-02.  Other dates, the references and the metric
# values of categories IV and IDN are illustrative.
. "$(dirname "$0")/lib.sh"
TECH=cat1.technical-checks.initial

# days A B: the days from date A to date B
days() {
	python3 -c 'import datetime as d,sys; p=lambda s: d.date.fromisoformat(s); print((p(sys.argv[2]) - p(sys.argv[1])).days)' "$1" "$2"
}
audit_rows() { sqlite3 "$GOVREC_DB" 'SELECT count(*) FROM audit'; }

run init
expect_rc 0
run meeting add --number 13 --date 2017-08-17
run meeting add --number 34 --date 2019-10-15
run meeting add --number 52 --date 2021-07-21
expect_rc 0

# ---- 1. technical checks (type 3, no public comment), as the demo records it
GOVREC="$GOVREC" sh "$SRCDIR/records/demo/proposals.sh" >"$WORK/demo.out" 2>"$WORK/demo.err"
expect_eq "$?" 0 "demo script"
out=$(cat "$WORK/demo.out")
err=$(cat "$WORK/demo.err")
expect_out "on 2019-06-30: 5 minutes Max 95% per month (in force from 2016-10-01 to 2019-07-01)"
expect_out "on 2019-07-01: 50 minutes Max 95% per month (in force from 2019-07-01 to 2020-07-02, set by proposal SLA-2017-01)"
expect_out "total: 683 days from recommendation (2017-08-17) to live (2019-07-01)"
# before, between and after its events
run metric show $TECH --at 2017-08-16
expect_out "on 2017-08-16: 5 minutes Max 95%"
run metric show cat1.technical-checks.retest --at 2019-05-20
expect_out "on 2019-05-20: 5 minutes Max 95%"
run metric show cat1.technical-checks.retest --at 2019-07-01
expect_out "on 2019-07-01: 10 minutes Max 95% per month (in force from 2019-07-01 to 2020-07-02, set by proposal SLA-2017-01)"
run --json metric show cat1.supplemental-technical-checks --at 2020-07-02
expect_eq "$(json 'j["version"]["proposal"]')" None "catalog version from 2020-07-02"
expect_eq "$(json '[v["proposal"] for v in j["versions"]]')" "[None, 'SLA-2017-01', None]" "versions"
expect_eq "$(json 'j["proposals"][0]["from"]["threshold"], j["proposals"][0]["to"]["threshold"]')" "(5, 10)" "from/to"
run --json proposal timeline SLA-2017-01
expect_rc 0
expect_eq "$(json 'j["total_days"]')" "$(days 2017-08-17 2019-07-01)" "technical checks total"
expect_eq "$(json '[s["state"] for s in j["steps"]]')" "['draft', 'recommended', 'pti-analysis', 'classified', 'csc-pti-agreed', 'council-approval', 'implementing', 'live']" "no public comment"
expect_eq "$(json 'j["days_in_state"]["council-approval"]')" "$(days 2019-04-02 2019-05-20)" "days in council-approval"
expect_eq "$(json 'j["steps"][-1]["days"]')" None "live has no duration"
# the demo again leaves the archive alone
before=$(audit_rows)
GOVREC="$GOVREC" sh "$SRCDIR/records/demo/proposals.sh" >"$WORK/demo.out" 2>&1
expect_eq "$?" 0 "demo script again"
expect_eq "$(audit_rows)" "$before" "demo again writes nothing"

# ---- 2. IDN tables and LGR publication: a new SLA (type 1)
cat >"$WORK/idn.md" <<'EOF'
PTI should publish IDN tables and label generation rulesets promptly.

A new service level measures the time to publish them.
EOF
run --json proposal new SLA-2019-01 --title "Publication of IDN tables and LGRs" --originator PTI \
	--type 1 --date 2019-04-18 --rationale "$WORK/idn.md"
expect_rc 0
expect_eq "$(json 'j["ref"]')" SLA-2019-01 "new ref"
expect_eq "$(json 'j["state"]')" draft "new state"
expect_eq "$(json 'j["date"]')" 2019-04-18 "new date"
idn_doc=$(json 'j["document_id"]')
expect_eq "$(sqlite3 "$GOVREC_DB" "SELECT count(*) FROM search WHERE search MATCH 'rulesets' AND kind = 'proposal'")" 1 "rationale searchable"
expect_eq "$(sqlite3 "$GOVREC_DB" "SELECT count(DISTINCT rowid) FROM search WHERE search MATCH 'title:LGRs'")" 3 "title searchable"
run --json proposal change SLA-2019-01 idn.lgr-publication --new-metric --category IDN \
	--phase "IDN Tables" --name "IDN tables and LGRs published" --threshold 3d --target 95%
expect_rc 0
expect_eq "$(json 'j["metric_id"]')" idn.lgr-publication "change metric"
expect_eq "$(json 'j["action"]')" new "change action"
expect_eq "$(json 'j["from"]')" None "change from"
expect_eq "$(json 'j["to"]["threshold"]')" 3 "to threshold"
expect_eq "$(json 'j["to"]["unit"]')" days "to unit"
expect_eq "$(json 'j["to"]["threshold_seconds"]')" 259200 "to seconds"
expect_eq "$(json 'j["to"]["type"]')" Max "to type"
expect_eq "$(json 'j["to"]["target_percent"]')" 95 "to target"
expect_eq "$(json 'j["category"]')" IDN "category"
expect_eq "$(json 'j["name"]')" "IDN tables and LGRs published" "name"
run metric show idn.lgr-publication
expect_rc 1
expect_err "metric 'idn.lgr-publication' is not in force yet: proposed by SLA-2019-01 (draft)"
run metric show idn.nothing-proposes-this
expect_rc 1
expect_err "no metric 'idn.nothing-proposes-this'"

run proposal advance SLA-2019-01 recommended --date 2019-04-18 --actor PTI
expect_rc 0
expect_out "SLA-2019-01: recommended on 2019-04-18"
run proposal advance SLA-2019-01 pti-analysis --date 2019-05-01
run proposal advance SLA-2019-01 classified --date 2019-05-15 --note "type 1: a new SLA"
expect_rc 0
before=$(audit_rows)
run proposal advance SLA-2019-01 csc-pti-agreed --date 2019-05-16
expect_rc 1
expect_err "'SLA-2019-01': cannot go from classified to csc-pti-agreed: rule 'public-comment-required'"
expect_eq "$(audit_rows)" "$before" "refused move writes nothing"
run proposal advance SLA-2019-01 public-comment --date 2019-05-30 --actor ICANN
run proposal advance SLA-2019-01 staff-report --date 2019-07-15
run proposal advance SLA-2019-01 csc-pti-agreed --date 2019-08-20 --actor CSC --note "CSC resolution"
expect_rc 0
# changes are frozen now
run proposal change SLA-2019-01 idn.lgr-publication --new-metric --category IDN \
	--phase "IDN Tables" --name "IDN tables" --threshold 2d --target 95
expect_rc 1
expect_err "rule 'changes-frozen'"
run proposal advance SLA-2019-01 council-approval --date 2019-10-18 --actor "CSC chair" \
	--note "letter to the ccNSO and GNSO Council chairs"
run proposal link SLA-2019-01 --meeting 34
expect_rc 0
expect_out "linked SLA-2019-01 to meeting 34"
before=$(audit_rows)
run proposal advance SLA-2019-01 implementing --date 2019-11-01
expect_rc 1
expect_err "rule 'both-councils': neither the ccNSO nor the GNSO Council has approved"
run proposal advance SLA-2019-01 live --date 2019-11-01
expect_rc 1
expect_err "rule 'state-table'"
run proposal advance SLA-2019-01 gnso-approved --date 2019-10-17
expect_rc 1
expect_err "rule 'dates-forward': the previous event (council-approval) is dated 2019-10-18"
expect_eq "$(audit_rows)" "$before" "refused moves write nothing"
run proposal advance SLA-2019-01 gnso-approved --date 2019-11-06 --actor "GNSO Council"
expect_rc 0
expect_out "gnso-approved recorded on 2019-11-06 (still council-approval)"
run proposal advance SLA-2019-01 implementing --date 2019-11-06
expect_rc 1
expect_err "the ccNSO Council has not approved"
run proposal advance SLA-2019-01 gnso-approved --date 2019-11-07
expect_rc 1
expect_err "rule 'council-approves-once'"
run proposal advance SLA-2019-01 ccnso-approved --date 2019-11-07 --actor "ccNSO Council"
run proposal advance SLA-2019-01 implementing --date 2019-11-07 --actor PTI
expect_rc 0
run metric list --category IDN --at 2019-12-01
expect_out "no metrics in force on 2019-12-01 in that category"
run --json proposal advance SLA-2019-01 live --date 2019-12-01 --actor PTI
expect_rc 0
expect_eq "$(json 'j["ref"]')" SLA-2019-01 "advance ref"
expect_eq "$(json 'j["event"]')" live "advance event"
expect_eq "$(json 'j["date"]')" 2019-12-01 "advance date"
expect_eq "$(json 'j["state"]')" live "advance state"
run metric show idn.lgr-publication --at 2019-11-30
expect_rc 0
expect_out "on 2019-11-30: no version in force"
run metric show idn.lgr-publication --at 2019-12-01
expect_out "on 2019-12-01: 3 days Max 95% per month (in force from 2019-12-01, set by proposal SLA-2019-01)"
run metric list --category IDN --at 2019-12-01
expect_out "idn.lgr-publication  3 days Max 95%  (from 2019-12-01, SLA-2019-01)"

run --json proposal show SLA-2019-01
expect_rc 0
expect_eq "$(json 'j["ref"]')" SLA-2019-01 "show ref"
expect_eq "$(json 'j["title"]')" "Publication of IDN tables and LGRs" "show title"
expect_eq "$(json 'j["originator"]')" PTI "show originator"
expect_eq "$(json 'j["change_type"]')" 1 "show type"
expect_eq "$(json 'j["date"]')" 2019-04-18 "show date"
expect_eq "$(json 'j["state"]')" live "show state"
expect_eq "$(json 'j["document_id"]')" "$idn_doc" "show document"
expect_eq "$(json 'len(j["changes"])')" 1 "show changes"
expect_eq "$(json 'j["changes"][0]["to"]["threshold_seconds"]')" 259200 "show change to"
expect_eq "$(json '[e["state"] for e in j["events"]]')" "['draft', 'recommended', 'pti-analysis', 'classified', 'public-comment', 'staff-report', 'csc-pti-agreed', 'council-approval', 'gnso-approved', 'ccnso-approved', 'implementing', 'live']" "show events"
expect_eq "$(json 'j["events"][6]["date"]')" 2019-08-20 "resolution date"
expect_eq "$(json 'j["events"][6]["actor"]')" CSC "resolution actor"
expect_eq "$(json 'j["events"][6]["note"]')" "CSC resolution" "resolution note"
expect_eq "$(json 'j["events"][6]["meeting"]')" None "resolution meeting"
expect_eq "$(json 'j["meetings"]')" "[34]" "show meetings"
expect_eq "$(json 'j["documents"]')" "[]" "show documents"
run --json proposal timeline SLA-2019-01
expect_eq "$(json 'j["recommended"]')" 2019-04-18 "idn recommended"
expect_eq "$(json 'j["live"]')" 2019-12-01 "idn live"
expect_eq "$(json 'j["total_days"]')" "$(days 2019-04-18 2019-12-01)" "idn total"
expect_eq "$(json 'j["gnso_approved"]')" 2019-11-06 "gnso date"
expect_eq "$(json 'j["ccnso_approved"]')" 2019-11-07 "ccnso date"
expect_eq "$(json 'j["days_in_state"]["public-comment"]')" "$(days 2019-05-30 2019-07-15)" "public comment days"
expect_eq "$(json 'j["days_in_state"]["council-approval"]')" "$(days 2019-10-18 2019-11-07)" "council days"
expect_eq "$(json 'j["days_in_state"]["implementing"]')" "$(days 2019-11-07 2019-12-01)" "implementing days"
run proposal timeline SLA-2019-01
expect_out "csc-pti-agreed    2019-08-20 .. 2019-10-18     59 days"
expect_out "total: 227 days from recommendation (2019-04-18) to live (2019-12-01)"

# ---- 3. ccTLD creation and transfer: 1 changed and 3 new SLAs (type 1)
run metric import "$DATA/metric/category-iv.tsv"
expect_rc 0
run proposal new SLA-2019-02 --title "ccTLD creation and transfer SLAs" --originator CSC --type 1 \
	--date 2019-09-01
expect_rc 0
run proposal change SLA-2019-02 cat4.review.validation --threshold 21d
expect_rc 0
expect_out "cat4.review.validation  30 days Max 90% -> 21 days Max 90%"
for m in cat4.creation.initial-checks cat4.creation.report cat4.transfer.initial-checks; do
	run proposal change SLA-2019-02 $m --new-metric --category IV --phase "ccTLD $m" \
		--name "$m (illustrative)" --threshold 10d --target 90
	expect_rc 0
done
run proposal advance SLA-2019-02 recommended --date 2019-09-01
run proposal advance SLA-2019-02 pti-analysis --date 2019-09-15
run proposal advance SLA-2019-02 classified --date 2019-10-01
run proposal advance SLA-2019-02 public-comment --date 2019-10-14 --note "public comment opens"
run proposal advance SLA-2019-02 staff-report --date 2019-11-25 --note "public comment closes"
run proposal advance SLA-2019-02 csc-pti-agreed --date 2020-01-09 --note "final version"
run proposal advance SLA-2019-02 council-approval --date 2020-02-20 --note "CSC letter to the councils"
run proposal advance SLA-2019-02 ccnso-approved --date 2020-05-14
run proposal advance SLA-2019-02 gnso-approved --date 2020-05-21
run proposal advance SLA-2019-02 implementing --date 2020-05-21
expect_rc 0
run --json proposal list --state implementing
expect_eq "$(json '[p["ref"] for p in j]')" "['SLA-2019-02']" "list implementing"
expect_eq "$(json 'j[0]["changes"]')" 4 "list changes"
expect_eq "$(json 'j[0]["last_event_date"]')" 2020-05-21 "list last event"
expect_eq "$(json 'j[0]["originator"]')" CSC "list originator"
expect_eq "$(json 'j[0]["change_type"]')" 1 "list type"
run proposal advance SLA-2019-02 live --date 2020-07-02 --note "SLA page updated"
expect_rc 0
expect_out "4 metric versions in force from 2020-07-02"
run metric show cat4.review.validation --at 2019-09-01
expect_out "on 2019-09-01: 30 days Max 90%"
run metric show cat4.review.validation --at 2020-07-01
expect_out "on 2020-07-01: 30 days Max 90% per month (in force from 2016-10-01 to 2020-07-02)"
run metric show cat4.review.validation --at 2020-07-02
expect_out "on 2020-07-02: 21 days Max 90% per month (in force from 2020-07-02, set by proposal SLA-2019-02)"
run metric list --category IV --at 2020-07-02
expect_eq "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 5 "category IV metrics after"
run metric list --category IV --at 2020-07-01
expect_eq "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 2 "category IV metrics before"
run --json proposal timeline SLA-2019-02
expect_eq "$(json 'j["total_days"]')" "$(days 2019-09-01 2020-07-02)" "cctld total"
expect_eq "$(json 'j["days_in_state"]["public-comment"]')" 42 "cctld public comment"
expect_eq "$(json 'j["days_in_state"]["council-approval"]')" "$(days 2020-02-20 2020-05-21)" "cctld councils"
run --json proposal list --metric cat4.review.validation
expect_eq "$(json '[p["ref"] for p in j]')" "['SLA-2019-02']" "list by metric"
run --json proposal list --state live
expect_eq "$(json '[p["ref"] for p in j]')" "['SLA-2017-01', 'SLA-2019-01', 'SLA-2019-02']" "list live"

# ---- 4. a withdrawn proposal (type 2), with a revision loop
run proposal new SLA-2021-01 --title "Contact confirmation as a minimum" --originator CSC --type 2 \
	--date 2021-01-20
run proposal change SLA-2021-01 cat1.contact-confirmation.request --type Min --threshold 2m
expect_rc 0
expect_out "60 seconds Max 95% -> 2 minutes Min 95%"
for step in recommended:2021-01-20 pti-analysis:2021-02-10 classified:2021-03-01 \
	public-comment:2021-03-15 staff-report:2021-05-01 revised:2021-05-20 recommended:2021-06-01; do
	run proposal advance SLA-2021-01 "${step%%:*}" --date "${step#*:}"
	expect_rc 0
done
run proposal change SLA-2021-01 cat1.contact-confirmation.request --type Min --threshold 3m
expect_rc 0
run proposal advance SLA-2021-01 withdrawn --date 2021-07-21 --meeting 52 --actor CSC \
	--note "superseded by the SLA review"
expect_rc 0
before=$(audit_rows)
run proposal advance SLA-2021-01 recommended --date 2021-08-01
expect_rc 1
expect_err "rule 'state-table': no such move (a closed proposal does not move)"
run proposal advance SLA-2021-01 rejected --date 2021-08-01
expect_rc 1
run proposal change SLA-2021-01 cat1.contact-confirmation.request --threshold 4m
expect_rc 1
expect_eq "$(audit_rows)" "$before" "closed proposal unchanged"
run --json proposal timeline SLA-2021-01
expect_eq "$(json 'j["state"]')" withdrawn "withdrawn state"
expect_eq "$(json 'j["live"]')" None "never live"
expect_eq "$(json 'j["total_days"]')" None "no total"
expect_eq "$(json 'j["recommended"]')" 2021-01-20 "first recommendation"
expect_eq "$(json 'j["days_in_state"]["recommended"]')" "$(( $(days 2021-01-20 2021-02-10) + $(days 2021-06-01 2021-07-21) ))" "two visits"
expect_eq "$(json 'j["days_in_state"]["revised"]')" 12 "revised days"
run --json proposal show SLA-2021-01
expect_eq "$(json 'j["events"][-1]["meeting"]')" 52 "event meeting"
expect_eq "$(json 'j["events"][-1]["note"]')" "superseded by the SLA review" "event note"
note_doc=$(json 'j["events"][-1]["document_id"]')
expect_eq "$(json 'j["events"][-2]["document_id"]')" None "no note, no document"
expect_eq "$(sqlite3 "$GOVREC_DB" "SELECT rowid FROM search WHERE search MATCH 'superseded' AND kind = 'proposal'")" \
	"$(sqlite3 "$GOVREC_DB" "SELECT id FROM passage WHERE document_id = $note_doc")" "note searchable"
expect_eq "$(json 'j["meetings"]')" "[52]" "meeting linked by the event"
expect_eq "$(json 'j["changes"][0]["to"]["threshold"], j["changes"][0]["to"]["type"]')" "(3, 'Min')" "replaced change"
run metric show cat1.contact-confirmation.request --at 2022-01-01
expect_out "on 2022-01-01: 60 seconds Max 95%"
expect_out "SLA-2021-01  withdrawn  change: 60 seconds Max 95% -> 3 minutes Min 95%"

# ---- a change of definition (type 2) reaches the catalog when it goes live
run proposal new SLA-2022-01 --title "Clearer lodgment SLA" --originator PTI --type 2 --date 2022-01-10
run proposal change SLA-2022-01 cat1.submission.email-lodgment --threshold 2d \
	--name "Change request sent by email lodged by PTI" --description "Counted from receipt"
expect_rc 0
run proposal change SLA-2021-01 cat1.submission.email-lodgment --phase X
expect_rc 2
expect_err "category and phase are for new metrics"
for step in recommended pti-analysis classified public-comment staff-report csc-pti-agreed \
	council-approval ccnso-approved gnso-approved implementing; do
	run proposal advance SLA-2022-01 $step --date 2022-02-01
	expect_rc 0
done
run metric show cat1.submission.email-lodgment --at 2022-02-01
expect_out "name: Change request sent by email lodged into RZMS by PTI"
run proposal advance SLA-2022-01 live --date 2022-03-01
run --json metric show cat1.submission.email-lodgment --at 2022-03-01
expect_eq "$(json 'j["name"]')" "Change request sent by email lodged by PTI" "new name"
expect_eq "$(json 'j["description"]')" "Counted from receipt" "new description"
expect_eq "$(json 'j["version"]["threshold"], j["version"]["unit"]')" "(2, 'days')" "new threshold"

# ---- links, bad input, audit
printf 'Notes on the IDN tables SLA.\n' >"$WORK/note.md"
run --json note add --review "SLA review" "$WORK/note.md"
doc=$(json 'j["id"]')
run --json proposal link SLA-2019-01 --document "$doc"
expect_rc 0
expect_eq "$(json 'j["to_kind"]')" document "link kind"
expect_eq "$(json 'j["to_id"]')" "$doc" "link id"
run proposal link SLA-2019-01 --document "$doc"
expect_rc 0
run proposal show SLA-2019-01
expect_out "documents:"
expect_out "review-note"
expect_out "meetings: 34"
run proposal link SLA-2019-01 --document 9999
expect_rc 1
expect_err "no document 9999"
run proposal link SLA-2019-01 --meeting 99
expect_rc 1
expect_err "no meeting 99"
run proposal link SLA-2019-01
expect_rc 2
run proposal link SLA-2019-01 --meeting 34 --document "$doc"
expect_rc 2

run proposal show SLA-1999-99
expect_rc 1
expect_err "no proposal 'SLA-1999-99'"
run proposal new SLA-2019-01 --title again --originator CSC --type 3
expect_rc 2
expect_err "proposal 'SLA-2019-01' already exists"
run proposal new SLA-X --title "x" --originator ICANN --type 3
expect_rc 2
expect_err "originator 'ICANN' is not CSC or PTI"
run proposal new SLA-X --title "x" --originator CSC --type 5
expect_rc 2
expect_err "--type '5' is not a whole number from 1 to 4"
run proposal new SLA-X --originator CSC --type 3
expect_rc 2
expect_err "--title, --originator and --type are needed"
run proposal new SLA-X --title x --originator CSC --type 3 --rationale "$WORK/none.txt"
expect_rc 2
expect_err "none.txt"
run proposal new SLA-X --title x --originator CSC --type 3 --date 2019-04-18
expect_rc 0
run proposal change SLA-X $TECH --threshold 40x
expect_rc 2
expect_err "threshold '40x' is not a number with a unit"
run proposal change SLA-X $TECH --target 120
expect_rc 2
expect_err "--target '120' is not a percentage"
run proposal change SLA-X $TECH
expect_rc 2
expect_err "a change needs a new threshold, target, type, name or description"
run proposal change SLA-X cat9.new --new-metric --category I --phase P --name N --threshold 1d --target 9
expect_rc 1
expect_err "rule 'change-fits-type': only type 1 adds new metrics"
run proposal change SLA-X $TECH --name "Another name"
expect_rc 1
expect_err "a new name or description is a change of definition (type 2)"
run proposal change SLA-X $TECH --remove
expect_rc 1
expect_err "only type 4 removes metrics"
run proposal change SLA-X cat1.unknown --threshold 5m
expect_rc 1
expect_err "no metric 'cat1.unknown'"
run proposal change SLA-X $TECH --threshold 5m --target 90
expect_rc 0
expect_out "5 minutes Max 95% -> 5 minutes Max 90%"
run proposal advance SLA-X recommended
expect_rc 2
expect_err "--date is needed"
run proposal advance SLA-X approved --date 2019-05-01
expect_rc 2
expect_err "'approved' is not a proposal state"
run proposal advance SLA-X recommended --date 2019-04-17
expect_rc 1
expect_err "rule 'dates-forward'"
run proposal advance SLA-X recommended --date 2019-04-18 --meeting 77
expect_rc 1
expect_err "no meeting 77"
run proposal list --state nonsense
expect_rc 2
run proposal list --state draft
expect_out "SLA-X  2019-04-18  type 3  draft"

run log --record proposal:SLA-2019-01
expect_out "proposal.advance"
expect_out "proposal.change"
run log --record metric:idn.lgr-publication
expect_out "proposal.advance"
run log
expect_out "proposal.link  link:"
run check
expect_rc 0
expect_out "ok:"

# ---- the synopsis of each command agrees with the man page
if command -v mandoc >/dev/null 2>&1; then
	page=$(mandoc -Tascii "$SRCDIR/docs/man1/govrec-proposal.1" | col -b |
		sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | tr -s ' \t\n' ' ')
	for sub in new change advance list show timeline link; do
		run proposal $sub -h
		usage=$(printf '%s\n' "$out" | sed -n 's/^ *[a-z]*: //p' | grep "^govrec proposal $sub ")
		case "$page" in
		*"$usage "*) ok ;;
		*) fail "man page synopsis lacks '$usage'" ;;
		esac
	done
fi

finish
