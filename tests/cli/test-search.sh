#!/bin/sh
# test-search.sh - govrec search and govrec show, end to end: the query
# language's tricky inputs, every output format, saved searches, and that a
# search never changes the archive.  Data comes from `govrec note add` (speaker
# and time fields are tested through the library in check_search.c).
. "$(dirname "$0")/lib.sh"
D="$DATA/search"

run init --committee "Customer Standing Committee" --short CSC
expect_rc 0
run person add "Byron Holland" --alias "BYRON HOLLAND"
expect_rc 0
run note add --review "Charter Review" --date 2017-04-01 "$D/review-2017.md"
expect_rc 0
run note add --review "Effectiveness Review" --date 2018-05-01 "$D/review-2018.md"
expect_rc 0
run note add --review "Minutes" --date 2019-02-01 "$D/minutes-2019.md"
expect_rc 0

# --- plain words, marked matches; piped output has no colour -----------------
run search technical checks threshold
expect_rc 0
expect_out "[technical] [checks] [threshold]"
expect_out "2017-04-01"
expect_out "review-note: Technical checks review"
expect_no_out "$(printf '\033')"
n=$(printf '%s\n' "$out" | grep -c '^#')
expect_eq "$n" 2 "hits for technical checks threshold"

# --- what a user may type, none of it an FTS5 error ---------------------------
for q in "SLA-2019-01" "ccTLD's" "50%" 'he said "no' "10:30" "Findings: ccTLD's" "checks - threshold" \
	"threshold)" "(threshold" "tech*" '"technical checks"' "technical AND checks" \
	"NEAR(technical threshold, 2)" "escrow OR ccTLD" "review NOT escrow" "sla-2019-01 ccTLD"; do
	run search "$q"
	expect_rc 0
	expect_out "#"
	case "$err" in *fts5*|*SQL*|*sqlite*) fail "'$q' leaked an SQLite error: $err" ;; esac
done
run search "ccTLD's"
expect_out "[ccTLD's]"
run search SLA-2019-01
expect_out "[SLA-2019-01]"

# --- fields and their options -------------------------------------------------
run search threshold date:2017
expect_rc 0
expect_out "2017-04-01"
expect_no_out "2018-05-01"
run search threshold --since 2018-01-01
expect_out "2018-05-01"
expect_no_out "2017-04-01"
run search threshold --until 2017-12-31
expect_out "2017-04-01"
expect_no_out "2018-05-01"
run search threshold date:2017-01..2018-06
n=$(printf '%s\n' "$out" | grep -c '^#')
expect_eq "$n" 2 "hits in 2017-01..2018-06"
run search threshold date:..2017
expect_out "2017-04-01"
expect_no_out "2018-05-01"
run search threshold kind:review-note
expect_rc 0
expect_out "#"
run search threshold --kind transcript
expect_rc 0
expect_out "no passages match"
run search threshold meeting:3
expect_out "no passages match"
run search threshold speaker:holland
expect_rc 0
expect_out "no passages match"
run search proposal:SLA-2019-01
expect_rc 0
expect_out "[SLA-2019-01]"
run search 'speaker:"Byron Holland" threshold'
expect_rc 0

# --- malformed queries: exit 2, a message a user understands ------------------
run search threshold foo:bar
expect_rc 2
expect_err "unknown field 'foo' in 'foo:bar'"
run search threshold date:2017-13
expect_rc 2
expect_err "bad date '2017-13' in 'date:2017-13'"
run search threshold --since 2017-02-30
expect_rc 2
expect_err "--since: bad date"
run search threshold kind:podcast
expect_rc 2
expect_err "bad kind 'podcast'"
run search NOT threshold
expect_rc 2
expect_err "'NOT' needs a term on each side"
run search -- "- % --"
expect_rc 2
expect_err "no words to search for"
run search --raw '"technical checks'
expect_rc 2
expect_err "unbalanced double quote"
run search --raw 'technical AND'
expect_rc 2
expect_err "the --raw query is not valid FTS5"
case "$err" in *"fts5:"*) fail "raw error shows fts5: prefix" ;; *) ok ;; esac
run search --raw 'body:technical AND title:review'
expect_rc 0
expect_out "[review]"
n=$(printf '%s\n' "$out" | grep -c '^#')
expect_eq "$n" 2 "hits of a raw column query"
run search
expect_rc 2
expect_err "a query is needed"
run search --limit x threshold
expect_rc 2
run search --format xml threshold
expect_rc 2
expect_err "--format must be text, json or csv"

# --- --regex ------------------------------------------------------------------
run search threshold --regex '50 minutes'
expect_rc 0
n=$(printf '%s\n' "$out" | grep -c '^#')
expect_eq "$n" 1 "hits with --regex"
run search threshold --regex '(unclosed'
expect_rc 2
expect_err "bad regular expression '(unclosed' at offset 9"

# --- limit, offset, count -------------------------------------------------------
run search committee --count
expect_rc 0
expect_eq "$out" 60 "count of 'committee'"
run search committee --count --limit 5
expect_eq "$out" 60 "count ignores --limit"
run search committee
n=$(printf '%s\n' "$out" | grep -c '^#')
expect_eq "$n" 20 "default limit"
run search committee --limit 0 --format csv
n=$(printf '%s\n' "$out" | wc -l)
expect_eq "$n" 61 "csv rows with --limit 0"
run search committee --limit 5 --offset 3 --format json
first=$(json 'j["hits"][0]["id"]')
run search committee --limit 10 --format json
expect_eq "$(json 'j["hits"][3]["id"]')" "$first" "offset 3 starts at the fourth hit"
run search "root zone" --count --regex 'month 1\b'
expect_eq "$out" 3 "count with --regex"

# --- JSON and CSV shapes ------------------------------------------------------
run search threshold --format json
expect_rc 0
expect_eq "$(json 'sorted(j.keys())')" "['filters', 'hits', 'limit', 'match', 'offset', 'query']" "json keys"
expect_eq "$(json 'sorted(j["hits"][0].keys())')" "['date', 'document', 'heading', 'id', 'kind', 'meeting', 'meeting_date', 'person', 'snippet', 'speaker', 'start_ms', 'time', 'title']" "hit keys"
expect_eq "$(json 'j["match"]')" '"threshold"' "json match"
expect_eq "$(json '"[threshold]" in j["hits"][0]["snippet"]')" True "json snippet marks"
run --json search threshold kind:review-note
expect_eq "$(json 'j["filters"]')" "[{'field': 'kind', 'value': 'review-note'}]" "global --json"
run search threshold --count --format json
expect_eq "$(json 'j["count"]')" 2 "json count"
run search threshold --format csv
expect_rc 0
expect_eq "$(printf '%s\n' "$out" | head -1 | tr -d '\r')" \
	"id,date,meeting,kind,document,title,heading,speaker,person,time,snippet" "csv header"
rows=$(printf '%s\n' "$out" | python3 -c 'import csv,sys; r=list(csv.reader(sys.stdin)); print(len(r)-1, set(len(x) for x in r))')
expect_eq "$rows" "2 {11}" "csv rows and columns"

# --- colour only on a terminal, and never with NO_COLOR -------------------------
if command -v script >/dev/null 2>&1; then
	script -qc "'$GOVREC' search threshold" /dev/null >"$WORK/tty.out" 2>&1
	if grep -q "$(printf '\033')\[1;31m" "$WORK/tty.out"; then ok; else fail "no colour on a terminal"; fi
	NO_COLOR=1 script -qc "'$GOVREC' search threshold" /dev/null >"$WORK/tty.out" 2>&1
	if grep -q "$(printf '\033')" "$WORK/tty.out"; then fail "colour with NO_COLOR"; else ok; fi
	if grep -q '\[threshold\]' "$WORK/tty.out"; then ok; else fail "no [marks] with NO_COLOR"; fi
fi

# --- show ---------------------------------------------------------------------
run search escrow --format json
id=$(json 'j["hits"][0]["id"]')
run show "$id"
expect_rc 0
expect_out "> #$id"
expect_out "review-note Effectiveness review notes"
n=$(printf '%s\n' "$out" | grep -c '^[> ] #')
expect_eq "$n" 2 "show with 2 before and after (the note has 2 passages)"
run show "#$id" --context 0
n=$(printf '%s\n' "$out" | grep -c '^[> ] #')
expect_eq "$n" 1 "show --context 0"
run --json show "$id" --context 1
expect_eq "$(json '[p["target"] for p in j["passages"]]')" "[False, True]" "show json targets"
expect_eq "$(json 'j["document"]["kind"]')" "review-note" "show json document"
run show 99999
expect_rc 1
expect_err "no passage 99999"
run show abc
expect_rc 2

# --- a search never changes the archive ------------------------------------------
state() {
	cat "$GOVREC_DB" "$GOVREC_DB-wal" 2>/dev/null | sha256sum
	sqlite3 "$GOVREC_DB" 'SELECT count(*), max(seq) FROM audit'
}
"$GOVREC" check >/dev/null 2>&1 # let a writer checkpoint first
before=$(state)
run search technical checks threshold --format json
run search threshold --count
run search threshold --regex 'x'
run search --raw 'bad AND'
run search foo:bar
run show "$id"
run search --list-saved
after=$(state)
expect_eq "$after" "$before" "archive and audit log after searching"

# --- saved searches -----------------------------------------------------------------
audit_rows() { sqlite3 "$GOVREC_DB" 'SELECT count(*) FROM audit'; }
a0=$(audit_rows)
run search --save checks technical checks --since 2017-01-01
expect_rc 0
# a confirmation goes to stdout, first, and stderr stays empty
expect_eq "$(printf '%s\n' "$out" | head -n 1)" "saved search 'checks'" "save confirmed on stdout"
expect_eq "$err" "" "nothing on stderr when saving"
expect_out "[technical] [checks]"
expect_eq "$(audit_rows)" "$((a0 + 1))" "saving is one audited write"
run search --list-saved
expect_out "$(printf 'checks\ttechnical checks date:"2017-01-01.."')"
run search @checks --format json
expect_rc 0
expect_eq "$(json 'len(j["hits"])')" 4 "hits of @checks (words in the title count)"
expect_eq "$(json 'j["filters"][0]["value"]')" "2017-01-01.." "saved filter"
run search @checks date:2018
expect_eq "$(printf '%s\n' "$out" | grep -c '^#')" 1 "saved search narrowed"
run search --save checks technical
expect_eq "$(printf '%s\n' "$out" | head -n 1)" "replaced saved search 'checks'" "replace confirmed on stdout"
run search --save checks technical --format json
expect_rc 0
expect_eq "$(json 'len(j["hits"]) > 0')" True "json output stays json when saving"
run search --save checks technical --count
expect_eq "$out" "$("$GOVREC" search technical --count)" "a saved count is the bare count"
run --json search --list-saved
expect_eq "$(json 'j')" "[{'name': 'checks', 'query': 'technical'}]" "list-saved json"
run search @nope
expect_rc 1
expect_err "no saved search 'nope'"
run search --save "bad name" threshold
expect_rc 2
run search --save raw1 --raw threshold
expect_rc 2
expect_err "cannot be saved"
run search --save broken foo:bar
expect_rc 2
run search --list-saved
expect_no_out "broken"

# --- speaker: a person id, as `person list` prints it ------------------------------
run person add "Naela Sarras"
expect_rc 0
run person add "Jay Daley"
expect_rc 0
run import "$DATA/import/zoom.vtt"
expect_rc 0
expect_out "speakers: Byron Holland, Naela Sarras"
run --json person list
byron=$(json '[p["id"] for p in j if p["name"] == "Byron Holland"][0]')
naela=$(json '[p["id"] for p in j if p["name"] == "Naela Sarras"][0]')
jay=$(json '[p["id"] for p in j if p["name"] == "Jay Daley"][0]')
run person list
expect_out "$(printf '%4s  Naela Sarras' "$naela")"
run --json search report "speaker:$byron"
expect_rc 0
expect_eq "$(json '[(h["person"], h["time"]) for h in j["hits"]]')" "[('Byron Holland', '00:00:14')]" "report said by person $byron"
expect_eq "$(json 'j["filters"]')" "[{'field': 'speaker', 'value': '$byron'}]" "id filter in json"
run search PTI --speaker "$naela"
expect_rc 0
expect_out "Naela Sarras  00:00:09"
expect_out "[PTI] met all the SLAs"
run search PTI --speaker "$byron"
expect_rc 0
expect_out "no passages match"
run search "speaker:$byron" --count
expect_rc 0
by_id=$out
run search speaker:holland --count
expect_eq "$by_id" "$out" "speaker:$byron and speaker:holland count the same turns"
expect_eq "$by_id" 2 "turns of person $byron"
run search "speaker:$jay" --count
expect_rc 0
expect_eq "$out" 0 "turns of a person who never spoke"
run search --save byron report --speaker "$byron"
expect_rc 0
run search @byron --format json
expect_eq "$(json '[h["person"] for h in j["hits"]]')" "['Byron Holland']" "saved search by person id"
# an id that names no person: exit 2, like any bad field value
run search report --speaker 999
expect_rc 2
expect_err "no person 999 in 'speaker:999' (a value of only digits is a person id; 'govrec person list' shows them)"
run search report speaker:999 --count
expect_rc 2
expect_err "no person 999"
run search report speaker:0
expect_rc 2
expect_err "bad speaker '0' in 'speaker:0'"
# a name that matches nobody finds nothing, as before
run search report speaker:nobody
expect_rc 0
expect_out "no passages match"

finish
