# test-foundation.sh - init, check, log, person, meeting, note, attendance,
# run as a user would, with the bad inputs of issue 2.
. "$(dirname "$0")/lib.sh"

# --- no archive yet --------------------------------------------------------
run meeting list
expect_rc 1
expect_err "govrec: meeting list: no archive at '$GOVREC_DB': run 'govrec init' to create one"

# the XDG default path, created with its directories
run --db "" init
expect_rc 2
expect_err "govrec: --db needs a path"
unset GOVREC_DB
run init
expect_rc 0
expect_out "created archive '$HOME/.local/share/govrec/govrec.db'"
XDG_DATA_HOME="$WORK/xdg" run init --committee "Test Committee" --short TC
expect_out "'$WORK/xdg/govrec/govrec.db' for the Test Committee (TC)"
export GOVREC_DB="$WORK/archive.db"

run --json init
expect_rc 0
expect_eq "$(json 'j["short"], j["schema"]')" "('CSC', 1)" "init json"
run init
expect_rc 1
expect_err "already exists"

# --- not a govrec archive ---------------------------------------------------
printf 'just text\n' > notdb.db
run --db notdb.db meeting list
expect_rc 2
expect_err "'notdb.db' is not a govrec archive"
python3 -c 'import sqlite3; c=sqlite3.connect("other.db"); c.execute("pragma application_id=7"); c.execute("create table t(x)"); c.commit()'
run --db other.db person list
expect_rc 2
expect_err "is not a govrec archive (application id 7)"
cp "$GOVREC_DB" newer.db
python3 -c 'import sqlite3; c=sqlite3.connect("newer.db"); c.execute("pragma user_version=42"); c.commit()'
run --db newer.db meeting list
expect_rc 2
expect_err "written by a newer govrec (schema 42"

# --- people -----------------------------------------------------------------
run person add "Byron Holland" --alias "BYRON HOLLAND" --alias Byron --role member --body ccNSO --from 2016-10-01
expect_rc 0
expect_out "added person 1: Byron Holland"
run person add "Jay Daley" --role member --body ccNSO --from 2016-10-01
run person add "Kal Feher" --role member --body RySG --from 2016-10-01
run person add "Elaine Pruis" --role member --body RySG --from 2016-10-01 --to 2018-09-30
run person add "Bart Boswinkel" --role secretariat --from 2016-10-01
expect_rc 0
run person add "Byron Holland"
expect_rc 2
expect_err "person 'Byron Holland' already exists"
run person add "Someone" --role member
expect_rc 2
expect_err "a membership needs --role and --from"
expect_err "usage: govrec person add"
run person add "Someone" --role king --from 2017-01-01
expect_rc 2
expect_err "role 'king' is not one of"
run person add "Someone" --role member --from 2017-13-01
expect_rc 2
expect_err "--from '2017-13-01' is not a date (YYYY-MM-DD)"
run person alias holland "B. Holland"
expect_rc 0
run person alias daley Byron
expect_rc 2
expect_err "alias 'Byron' already belongs to person 1"
run person alias Nobody X
expect_rc 1
expect_err "no person 'Nobody'"
run --json person show "b. holland"
expect_rc 0
expect_eq "$(json 'j["name"], j["aliases"], j["memberships"][0]["body"]')" \
	"('Byron Holland', ['B. Holland', 'Byron', 'BYRON HOLLAND'], 'ccNSO')" "person show json"
run person list
expect_out "Kal Feher  member (RySG) from 2016-10-01"

# --- meetings ---------------------------------------------------------------
run meeting add --number 34 --date 2019-10-15 --time 19:00 --title "CSC Meeting 34" \
	--agenda "Welcome and roll call" --agenda "PTI performance September 2019" --agenda AOB
expect_rc 0
expect_out "added meeting 34 on 2019-10-15"
run meeting add --number 34 --date 2019-10-16
expect_rc 2
expect_err "meeting 34 already exists"
run meeting add --number 35 --date 2019-11-31
expect_rc 2
expect_err "date '2019-11-31' is not a date (YYYY-MM-DD)"
run meeting add --number 35 --date 2019-11-15 --kind party
expect_rc 2
expect_err "kind 'party' is not one of regular, public, adhoc, joint"
run meeting add --number x --date 2019-11-15
expect_rc 2
expect_err "--number 'x' is not a whole number"
run meeting add --date 2019-11-15
expect_rc 2
expect_err "--number and --date are needed"
run meeting add --number 36 --date 2019-12-16 --kind public --bogus
expect_rc 2
expect_err "unknown option '--bogus'"
run meeting list
expect_out "34  2019-10-15 19:00  regular"

for p in Byron Daley Feher; do run meeting attend 34 "$p"; expect_rc 0; done
run meeting attend 34 "Bart Boswinkel"
run meeting attend 34 Nobody
expect_rc 1
expect_err "no person 'Nobody'"
run meeting attend 99 Byron
expect_rc 1
expect_err "no meeting 99"
run meeting attend 34 Byron --status sleeping
expect_rc 2
# Elaine left in 2018: three members in office, all present
run --json meeting show 34
expect_rc 0
expect_eq "$(json 'j["number"], j["date"], j["kind"], j["title"], j["quorate"], j["members"]')" \
	"(34, '2019-10-15', 'regular', 'CSC Meeting 34', True, 3)" "meeting show json"
expect_eq "$(json '[(a["person"], a["status"]) for a in j["attendance"]]')" \
	"[('Byron Holland', 'present'), ('Jay Daley', 'present'), ('Kal Feher', 'present'), ('Bart Boswinkel', 'present')]" \
	"attendance json"
expect_eq "$(json 'j["agenda"]')" "['Welcome and roll call', 'PTI performance September 2019', 'AOB']" "agenda"
run meeting show 34
expect_out "quorum: quorate (3 of 3 members present)"

run meeting add --number 35 --date 2019-11-15
run meeting attend 35 Byron --status present
run meeting attend 35 Daley --status apologies
run meeting show 35
expect_out "quorum: not quorate (1 of 3 members present)"
expect_out "(not recorded) Kal Feher"
run meeting show 77
expect_rc 1
expect_err "no meeting 77"

# --- attendance -------------------------------------------------------------
run attendance --year 2019
expect_rc 0
expect_out "attendance 2019: 2 meetings held"
expect_out "not quorate: 35"
run --json attendance --year 2019
expect_eq "$(json '[(m["person"], m["attended"], m["held"], m["apologies"]) for m in j["members"]]')" \
	"[('Byron Holland', 2, 2, 0), ('Jay Daley', 1, 2, 1), ('Kal Feher', 1, 2, 0)]" "attendance json"
expect_eq "$(json 'j["not_quorate"]')" "[35]" "not quorate"
run attendance --year 19
expect_rc 2

# --- review notes -----------------------------------------------------------
cat > scope.md <<'MD'
# CSC charter review: scope

The review team recommends that the CSC keep its narrow scope.

## Membership

A mechanism is needed for members whose circumstances change.
MD
run note add --review "CSC Charter Review 2018" --section 3 --date 2018-04-11 scope.md
expect_rc 0
expect_out "archived note as document 1"
run note add --review "CSC Charter Review 2018" scope.md
expect_rc 0
expect_out "already archived as document 1"
printf 'The effectiveness review assessed 14 metrics.\n' | { "$GOVREC" note add --review "Effectiveness Review 2019" --title "Metrics" - >"$WORK/.out" 2>&1; rc=$?; }
expect_rc 0
run --json note list --review "csc charter review 2018"
expect_eq "$(json '[(n["id"], n["section"], n["date"], n["title"], n["passages"]) for n in j]')" \
	"[(1, '3', '2018-04-11', 'CSC charter review: scope', 2)]" "note list json"
: > empty.md
run note add --review X empty.md
expect_rc 2
expect_err "'empty.md': is empty"
run note add --review X missing.md
expect_rc 2
expect_err "cannot open 'missing.md'"
printf 'bad \377 byte\n' > latin1.txt
run note add --review X latin1.txt
expect_rc 2
expect_err "'latin1.txt': is not UTF-8 at byte offset 4"
run note add scope.md
expect_rc 2
expect_err "--review is needed"

# --- check and the audit log -------------------------------------------------
run check
expect_rc 0
expect_out "ok:"
run log --record meeting:34
expect_rc 0
expect_out "meeting.add  meeting:34"
expect_out "meeting.attend  meeting:34"
run --json log --record person
expect_eq "$(json 'len(j), j[0]["record"], j[0]["actor"]')" "(6, 'person:1', 'tester')" "log json"
run log --since 2999-01-01
expect_rc 0
expect_eq "$out" "" "log --since future"
run log --record meeting:99
expect_rc 1
run log --since someday
expect_rc 2

# a change behind govrec's back is found, with the record named
python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("update meeting set title=? where number=34", ("forged",)); c.commit()' "$GOVREC_DB"
run check
expect_rc 1
expect_out "meeting:34 does not match its audit entry"
expect_err "1 problem found"
run --json check
expect_rc 1
expect_eq "$(json 'j["ok"], len(j["problems"])')" "(False, 1)" "check json"

# --- usage and output errors ------------------------------------------------
run frobnicate
expect_rc 2
expect_err "unknown command 'frobnicate'"
run person
expect_rc 2
expect_err "person: a subcommand is needed"
run person fly
expect_rc 2
expect_err "person: unknown subcommand 'fly'"
run meeting add -h
expect_rc 0
expect_out "usage: govrec meeting add --number N --date D"
if [ -w /dev/full ]; then
	"$GOVREC" person list >/dev/full 2>"$WORK/.err"
	rc=$?
	err=$(cat "$WORK/.err")
	expect_rc 3
	expect_err "cannot write to standard output"
fi
run --version
expect_out "govrec "
run help
expect_rc 0
expect_out "meeting attend"
run help meeting
expect_rc 0
expect_out "GOVREC-MEETING(1)"
expect_out "Quorum"
run help nosuch
expect_rc 2
expect_err "no command 'nosuch'"

finish
