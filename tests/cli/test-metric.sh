# test-metric.sh - `govrec metric list|show|import`: the shipped catalog,
# effective dates, catalog files (good, malformed, conflicting), --json
# fields, and the synopsis agreeing with the man page.
. "$(dirname "$0")/lib.sh"
M="$DATA/metric"
TECH=cat1.technical-checks.initial

run init
expect_rc 0

# the shipped catalog, in force from 2020-07-02
run metric list
expect_rc 0
expect_eq "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 10 "metrics listed"
expect_out "$TECH  50 minutes Max 95%  (from 2020-07-02)"
expect_out "cat1.implementation.rz-publication  72 hours Max 99%"
run metric list --at 2020-07-01
expect_rc 0
expect_out "no metrics in force on 2020-07-01"
run metric list --category II
expect_out "no metrics in force on"
run metric list --at 2020-13-01
expect_rc 2
expect_err "is not a date"
run metric list extra
expect_rc 2
expect_err "usage: govrec metric list"

run --json metric list --category i --at 2024-01-01
expect_rc 0
expect_eq "$(json 'len(j)')" 10 "json list length"
expect_eq "$(json '[m for m in j if m["id"] == "cat1.submission.email-lodgment"][0]["threshold"]')" 3 "threshold"
expect_eq "$(json '[m for m in j if m["id"] == "cat1.submission.email-lodgment"][0]["unit"]')" days "unit"
expect_eq "$(json '[m for m in j if m["id"] == "cat1.submission.email-lodgment"][0]["threshold_seconds"]')" 259200 "threshold_seconds"
expect_eq "$(json 'j[0]["type"]')" Max "type"
expect_eq "$(json '[m for m in j if m["id"] == "cat1.review.validation"][0]["target_percent"]')" 90 "target"
expect_eq "$(json 'j[0]["period"]')" month "period"
expect_eq "$(json 'j[0]["category"]')" I "category"
expect_eq "$(json 'j[0]["effective_from"]')" 2020-07-02 "effective_from"
expect_eq "$(json 'j[0]["proposal"]')" None "proposal"
expect_eq "$(json 'j[0]["removed"]')" False "removed"
expect_eq "$(json 'sorted(j[0].keys()) == sorted(["id","category","phase","name","threshold","unit","threshold_seconds","type","target_percent","period","removed","effective_from","proposal"])')" True "list fields"

run metric show $TECH --at 2019-06-30
expect_rc 0
expect_out "on 2019-06-30: no version in force"
expect_out "2020-07-02 ..             50 minutes Max 95%  source: https://pti.icann.org/"
run metric show cat9.nothing
expect_rc 1
expect_err "no metric 'cat9.nothing'"
run metric show
expect_rc 2
run --json metric show $TECH --at 2021-03-04
expect_rc 0
expect_eq "$(json 'j["id"]')" $TECH "id"
expect_eq "$(json 'j["phase"]')" "Technical Checks" "phase"
expect_eq "$(json 'j["at"]')" 2021-03-04 "at"
expect_eq "$(json 'j["in_force"]')" True "in_force"
expect_eq "$(json 'j["version"]["threshold"]')" 50 "version threshold"
expect_eq "$(json 'j["version"]["threshold_seconds"]')" 3000 "version seconds"
expect_eq "$(json 'j["version"]["effective_to"]')" None "effective_to"
expect_eq "$(json 'len(j["versions"])')" 1 "versions"
expect_eq "$(json 'j["proposals"]')" "[]" "proposals"

# a category IV file: two new metrics
run --json metric import "$M/category-iv.tsv"
expect_rc 0
expect_eq "$(json 'j["rows"]')" 2 "rows"
expect_eq "$(json 'j["metrics_added"]')" 2 "metrics_added"
expect_eq "$(json 'j["versions_added"]')" 2 "versions_added"
expect_eq "$(json 'j["unchanged"]')" 0 "unchanged"
run metric list --category IV --at 2017-01-01
expect_out "cat4.review.validation  30 days Max 90%  (from 2016-10-01)"
run metric import "$M/category-iv.tsv"
expect_rc 0
expect_out "2 rows, 0 new metrics, 0 new versions, 2 unchanged"

# 720 hours is 30 days (unchanged); 48 hours is a new version from 2018-01-01
run metric import "$M/category-iv-2018.tsv"
expect_rc 0
expect_out "2 rows, 0 new metrics, 1 new version, 1 unchanged"
run metric show cat4.implementation.rz-publication --at 2017-12-31
expect_out "on 2017-12-31: 72 hours Max 99% per month (in force from 2016-10-01 to 2018-01-01)"
run metric show cat4.implementation.rz-publication --at 2018-01-01
expect_out "on 2018-01-01: 48 hours Max 99% per month (in force from 2018-01-01)"
run --json metric show cat4.implementation.rz-publication --at 2018-01-01
expect_eq "$(json 'j["versions"][0]["effective_to"]')" 2018-01-01 "closed version"
expect_eq "$(json 'j["version"]["source"]')" "test fixture" "source"

# a malformed row: file, line, column; nothing loaded
before=$(sqlite3 "$GOVREC_DB" 'SELECT count(*) FROM metric_version')
audit=$(sqlite3 "$GOVREC_DB" 'SELECT count(*) FROM audit')
run metric import "$M/bad-unit.tsv"
expect_rc 2
expect_err "bad-unit.tsv' line 3 column 6 (unit): 'd' is not one of seconds, minutes, hours, days"
expect_err "nothing loaded"
# other values on a date that already has a version
run metric import "$M/conflict.tsv"
expect_rc 1
expect_err "conflict.tsv' line 2 column 10 (in_force_on): metric '$TECH' already has other values in force from 2020-07-02"
expect_eq "$(sqlite3 "$GOVREC_DB" 'SELECT count(*) FROM metric_version')" "$before" "versions after bad imports"
expect_eq "$(sqlite3 "$GOVREC_DB" 'SELECT count(*) FROM audit')" "$audit" "audit after bad imports"
run metric import "$WORK/missing.tsv"
expect_rc 2
expect_err "missing.tsv"
printf 'id\tcategory\n' >"$WORK/short.tsv"
run metric import "$WORK/short.tsv"
expect_rc 2
expect_err "short.tsv' line 1: the header has no 'phase' column"
# standard input
printf '# from stdin\nid\tcategory\tphase\tname\tthreshold\tunit\ttype\ttarget_percent\tperiod\tin_force_on\ncat5.example\tV\tOther\tAn example\t10\tdays\tMax\t80\tmonth\t2019-01-01\n' |
	"$GOVREC" metric import - >"$WORK/.out" 2>"$WORK/.err"
expect_eq "$?" 0 "import from stdin"
run metric list --category V --at 2019-01-01
expect_out "cat5.example  10 days Max 80%"

# every write is audited, and the archive checks out
run log --record metric:cat4.implementation.rz-publication
expect_out "metric.import"
run check
expect_rc 0

# the synopsis of each command agrees with the man page
if command -v mandoc >/dev/null 2>&1; then
	page=$(mandoc -Tascii "$SRCDIR/docs/man1/govrec-metric.1" | col -b |
		sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | tr -s ' \t\n' ' ')
	for sub in list show import; do
		run metric $sub -h
		usage=$(printf '%s\n' "$out" | sed -n 's/^ *[a-z]*: //p' | grep "^govrec metric $sub")
		case "$page" in
		*"$usage "*) ok ;;
		*) fail "man page synopsis lacks '$usage'" ;;
		esac
	done
fi

finish
