# test-edges.sh - the smaller edges a new user found (issue 12): a renaming
# change printed without empty category and phase, every alias a person was
# given shown, counts of one in the singular.  (The saved-search confirmation
# is in test-search.sh, the proposed metric in test-proposal.sh.)
. "$(dirname "$0")/lib.sh"

run init
expect_rc 0

# ---- a change that renames a metric has no category or phase: "(name)", not "(, : name)"
run proposal new SLA-2020-01 --title "Root zone names" --originator CSC --type 2 --date 2020-08-01
expect_rc 0
run proposal change SLA-2020-01 cat1.technical-checks.initial --name "Root zone technical checks"
expect_rc 0
expect_out "(Root zone technical checks)"
expect_no_out "(, : "
run proposal show SLA-2020-01
expect_out "(Root zone technical checks)"
expect_no_out "(, "
# a new metric still shows its category and phase
run proposal new SLA-2020-02 --title "A new SLA" --originator CSC --type 1 --date 2020-01-10
run proposal change SLA-2020-02 idn.table-publication --new-metric --category IDN \
	--phase "IDN Tables" --name "IDN tables published" --threshold 3d --target 95%
expect_rc 0
expect_out "(IDN, IDN Tables: IDN tables published)"

# ---- every alias given is shown, also one that differs from the name only in case
run person add "Byron Holland" --alias "BYRON HOLLAND" --alias Byron --role member --body ccNSO \
	--from 2016-10-01
expect_rc 0
run person show Holland
expect_rc 0
expect_out "aliases: Byron, BYRON HOLLAND"
run --json person show Holland
expect_eq "$(json 'j["aliases"]')" "['Byron', 'BYRON HOLLAND']" "aliases in json"
run person show "byron holland"
expect_out "person 1: Byron Holland"
# given again in its own spelling, nothing is written
audit=$(sqlite3 "$GOVREC_DB" 'SELECT count(*) FROM audit')
run person alias Holland "BYRON HOLLAND"
expect_rc 0
expect_eq "$(sqlite3 "$GOVREC_DB" 'SELECT count(*) FROM audit')" "$audit" "same alias again writes nothing"
# another person still cannot take it, in any case
run person add "Someone Else" --alias "byron holland"
expect_rc 2
expect_err "already"

# ---- one of a thing is singular
run meeting add --number 1 --date 2020-01-01 --title "First"
expect_rc 0
run export -o "$WORK/b.tar" --format tar --meeting 1
expect_rc 0
expect_out "1 meeting,"
expect_no_out "1 meetings"
case "$out" in *"(0 documents, "*) ok ;; *) fail "plural of zero documents: $out" ;; esac
printf 'id\tcategory\tphase\tname\tthreshold\tunit\ttype\ttarget_percent\tperiod\tin_force_on\n' >"$WORK/one.tsv"
printf 'x.one\tX\tTest\tOne metric\t5\tdays\tMax\t95\tmonth\t2020-01-01\n' >>"$WORK/one.tsv"
run metric import "$WORK/one.tsv"
expect_rc 0
expect_out ": 1 row, 1 new metric, 1 new version, 0 unchanged"
# a timeline of one day
run proposal new SLA-2020-03 --title "Quick" --originator PTI --type 3 --date 2020-08-01
run proposal change SLA-2020-03 cat1.technical-checks.initial --target 96
expect_rc 0
for s in recommended pti-analysis classified csc-pti-agreed council-approval ccnso-approved \
	gnso-approved implementing; do
	run proposal advance SLA-2020-03 $s --date 2020-08-01
done
run proposal advance SLA-2020-03 live --date 2020-08-02
expect_rc 0
run proposal timeline SLA-2020-03
expect_out "total: 1 day from recommendation (2020-08-01) to live (2020-08-02)"

# An original that came from no file travels under its kind and date, not
# as "original".
printf 'The checks take longer than the threshold allows.\n' |
	"$GOVREC" proposal new SLA-2020-04 --title "Typed" --originator CSC --type 3 \
		--date 2020-09-01 --rationale - >/dev/null
run export -o "$WORK/names" --format dir
expect_rc 0
ls "$WORK/names/data/originals" >"$WORK/names.txt"
expect_true "an original from standard input is named after its kind and date" \
	grep -q '^[0-9]*-proposal-2020-09-01\.md$' "$WORK/names.txt"
expect_false "an original named 'original'" grep -q -- '-original$' "$WORK/names.txt"
finish
