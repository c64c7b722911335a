#!/bin/sh
# test-libraries.sh - govrec does not link libxml2, libarchive or
# poppler-glib (and GLib with it): the commands that read or write XML,
# archives or PDF run in govrec-io, which does (src/cli/commands.c).  Checked here: which program links what, that
# the other commands run without govrec-io, that those commands run in
# it with the same arguments, output and exit status, and that when it
# cannot be run govrec says so, exits 3 and leaves the archive as it was.
. "$(dirname "$0")/lib.sh"

needed() {
	objdump -p "$1" | awk '$1 == "NEEDED" { print $2 }'
}

core=$(needed "$GOVREC_BINARY")
case "$core" in
*libsqlite3*) ok ;;
*) fail "objdump found no NEEDED entries: '$core'" ;;
esac
case "$core" in
*libxml2* | *libarchive*) fail "govrec links libxml2 or libarchive: $core" ;;
*) ok ;;
esac
case "$core" in
*libpoppler* | *libglib* | *libgobject*) fail "govrec links poppler or GLib: $core" ;;
*) ok ;;
esac
formats=$(needed "$GOVREC_IO")
case "$formats" in
*libxml2*libarchive* | *libarchive*libxml2*) ok ;;
*) fail "govrec-io does not link libxml2 and libarchive: $formats" ;;
esac
case "$formats" in
*libpoppler-glib*) ok ;;
*) fail "govrec-io does not link poppler-glib: $formats" ;;
esac

run init
expect_rc 0
run person add "Byron Holland"
expect_rc 0
run meeting add --number 34 --date 2019-10-15
expect_rc 0

# The formats commands run in govrec-io: a DOCX (libxml2) and a zip
# (libarchive) come in through govrec, with the summary on its stdout.
run import --meeting 34 "$DATA/office/csc-notes.docx"
expect_rc 0
expect_out "stored"
# ... global options before and after the command reach it too
run --json import --dry-run "$DATA/import/icann-teleconference.txt" --db "$GOVREC_DB"
expect_rc 0
expect_out '"parsed"'
# ... its usage errors and exit codes are the command's
run export
expect_rc 2
expect_err "govrec: export:"
run import --meeting 34 "$DATA/import/icann-teleconference.txt"
expect_rc 0

# Without govrec-io the other commands still work.
before=$(sqlite3 "$GOVREC_DB" "SELECT count(*) FROM audit")
export GOVREC_EXEC_PATH="$WORK/nowhere"
run search holland
expect_rc 0
expect_out "Holland"
run person list
expect_rc 0
run meeting show 34
expect_rc 0

# A formats command says what it cannot run, exits 3, and stores nothing.
run import --meeting 34 "$DATA/import/icann-teleconference.txt"
expect_rc 3
expect_err "govrec: import: cannot run $WORK/nowhere/govrec-io, which this command needs"
after=$(sqlite3 "$GOVREC_DB" "SELECT count(*) FROM audit")
expect_eq "$after" "$before" "audit rows after govrec-io could not run"
run export -o "$WORK/out.tar.gz"
expect_rc 3
if [ -e "$WORK/out.tar.gz" ]; then fail "a bundle was left behind"; else ok; fi

# GOVREC_EXEC_PATH names the directory it is in.
GOVREC_EXEC_PATH=$(dirname "$GOVREC_IO")
run export -o "$WORK/out.tar.gz"
expect_rc 0
unset GOVREC_EXEC_PATH
run verify "$WORK/out.tar.gz"
expect_rc 0
finish
