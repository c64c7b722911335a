#!/bin/sh
# test-cli.sh - the command line as a new user meets it: the exit-status
# table of govrec(1), one command per row, and the option handling every
# command shares (help, global options after the command, stdout checked).
. "$(dirname "$0")/lib.sh"

run init
expect_rc 0
run meeting add --number 1 --date 2020-01-01
expect_rc 0

# --- The EXIT STATUS table of govrec(1), row by row -------------------------

# 0: a listing that matched nothing; help asked for as an option.
run meeting list --year 1990
expect_rc 0
expect_out "no meetings"
run meeting -h
expect_rc 0
expect_out "usage: govrec meeting add"

# 1: the command ran and the answer is no.
run meeting show 999
expect_rc 1
expect_err "no meeting 999"
run decision list --meeting 999
expect_rc 1
expect_err "no meeting 999"
run decision list --meeting 1
expect_rc 0
run proposal list --metric no.such-metric
expect_rc 1
expect_err "no metric 'no.such-metric'"
run search @nosuch
expect_rc 1
run --db "$WORK/new.db" meeting list
expect_rc 1
expect_err "no archive at"
expect_false "a read does not create an archive" test -e "$WORK/new.db"
run proposal new SLA-T-01 --title "a test" --originator CSC --type 1 --date 2020-01-02
expect_rc 0
run proposal advance SLA-T-01 live --date 2020-02-01
expect_rc 1
expect_err "cannot go from draft to live"
: >"$WORK/existing"
run export -o "$WORK/existing"
expect_rc 1
expect_err "exists"
run export -o "$WORK/bag" --format dir
expect_rc 0
printf 'changed\n' >>"$WORK/bag/bag-info.txt"
run verify "$WORK/bag"
expect_rc 1

# 2: a usage error or bad input; nothing is done.
run meeting frobnicate
expect_rc 2
expect_err "unknown subcommand 'frobnicate'"
run --db
expect_rc 2
run meeting add --number 2 --date 2020-13-01
expect_rc 2
expect_err "2020-13-01"
run meeting add --number 1 --date 2020-01-01
expect_rc 2
expect_err "already exists"
run meeting add --number 3 --date 2020-01-03 --title "$(printf 'bell\007')"
expect_rc 2
expect_err "control character"
run import "$WORK/missing.txt"
expect_rc 2
expect_err "missing.txt"
printf 'not a bag at all\n' >"$WORK/junk.tar"
run verify "$WORK/junk.tar"
expect_rc 2
run export -o "$WORK/missing/dir/x"
expect_rc 2
expect_err "no directory '$WORK/missing/dir'"
expect_false "no directory was made for -o" test -e "$WORK/missing"
run key generate -W -p "$WORK/missing/dir/k.pub" -s "$WORK/k.sec"
expect_rc 2
expect_err "-p: no directory"
expect_false "no secret key was written" test -e "$WORK/k.sec"
run export -o "$WORK/good.tar"
expect_rc 0
run restore "$WORK/good.tar" --db "$WORK/missing/dir/new.db"
expect_rc 2
expect_err "--db: no directory"
run --db "$WORK/junk.tar" meeting list
expect_rc 2
expect_err "not a govrec archive"
run meeting list
expect_out "2020-01-01"
expect_no_out "2020-01-03"

# 3: an environment error.
if [ -r /proc/self/mem ]; then
	run import /proc/self/mem
	expect_rc 3
	expect_err "cannot read '/proc/self/mem'"
fi
cp "$GOVREC_DB" "$WORK/damaged.db"
# The meeting table's page spoilt: the archive opens, the table cannot be read.
python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
root = c.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", ("meeting",)).fetchone()[0]
size = c.execute("PRAGMA page_size").fetchone()[0]
c.close()
f = open(sys.argv[1], "r+b"); f.seek((root - 1) * size); f.write(b"\xa5" * size)' "$WORK/damaged.db"
run --db "$WORK/damaged.db" meeting list
expect_rc 3
expect_err "database"
run --version
expect_rc 0
"$GOVREC" --version >/dev/full 2>"$WORK/.err"
rc=$?
err=$(cat "$WORK/.err")
expect_rc 3
expect_err "cannot write to standard output"

# --- Help is an option, never an option's value -----------------------------

run meeting add --number 4 --date 2020-01-04 --title -h
expect_rc 0
expect_out "added meeting 4"
run --json meeting show 4
expect_rc 0
expect_eq "$(json 'j["title"]')" "-h" "the title given as -h"
run meeting add --number 5 --date 2020-01-05 --title --help
expect_rc 0
run --json meeting show 5
expect_eq "$(json 'j["title"]')" "--help" "the title given as --help"
# -h as an option still means help, and nothing is added.
run meeting add --number 6 --date 2020-01-06 -h
expect_rc 0
expect_out "usage: govrec meeting add"
run meeting show 6
expect_rc 1
# Help needs no archive, wherever -h is.
run --db "$WORK/none.db" meeting show 1 --help
expect_rc 0
expect_out "usage: govrec meeting"
# After "--" -h is an operand.
run meeting show -- -h
expect_rc 2

# --- Global options after the command ---------------------------------------

run meeting show 1 --json
expect_rc 0
expect_eq "$(json 'j["number"]')" "1" "meeting show 1 --json"
run meeting list --json
expect_rc 0
expect_eq "$(json 'len(j)')" "3" "meetings listed as JSON"
run init --db "$WORK/second.db"
expect_rc 0
run meeting add --number 7 --date 2020-01-07 --db "$WORK/second.db" --actor someone
expect_rc 0
run --db "$WORK/second.db" --json log
expect_out '"someone"'
run meeting show 7
expect_rc 1
run meeting show 7 --db "$WORK/second.db"
expect_rc 0
run meeting show 7 --db
expect_rc 2
expect_err "option '--db' needs a value"

# --- stdout is checked on every way out -------------------------------------

for args in "--version" "--help" "meeting show -h" "meeting -h" "person --help" \
	"help" "meeting list"; do
	# shellcheck disable=SC2086 # the words of args are the arguments
	"$GOVREC" $args >/dev/full 2>"$WORK/.err"
	rc=$?
	err=$(cat "$WORK/.err")
	expect_eq "$rc" 3 "exit status of 'govrec $args >/dev/full'"
	expect_err "cannot write to standard output"
done

# --- A missing value is said so; groups take -h/--help ----------------------

run --db
expect_rc 2
expect_err "option '--db' needs a value"
run --actor
expect_rc 2
expect_err "needs a value"
run --db= meeting list
expect_rc 2
expect_err "--db needs a path"
for h in --help -h; do
	run person "$h"
	expect_rc 0
	expect_out "usage: govrec person add"
	expect_out "or: govrec person show"
done
run person
expect_rc 2
expect_err "a subcommand is needed"

finish
