#!/bin/sh
# test-libraries.sh - libxml2 and libarchive are loaded only by the commands
# that use them (src/lazy.h): the binary does not link them, commands that do
# not read XML or archives run without them, and a command that needs one
# that cannot be loaded says which and exits 3, leaving the archive as it was.
. "$(dirname "$0")/lib.sh"

# Not linked: they are not among the binary's needed libraries.
needed=$(objdump -p "$GOVREC_BINARY" | awk '$1 == "NEEDED" { print $2 }')
case "$needed" in
*libsqlite3*) ok ;;
*) fail "objdump found no NEEDED entries: '$needed'" ;;
esac
case "$needed" in
*libxml2* | *libarchive*) fail "linked with libxml2 or libarchive: $needed" ;;
*) ok ;;
esac

run init
expect_rc 0
run person add "Byron Holland"
expect_rc 0
run meeting add --number 34 --date 2019-10-15
expect_rc 0
run import --meeting 34 "$DATA/import/icann-teleconference.txt"
expect_rc 0

# A libxml2 and a libarchive that are not the real ones: shared objects of
# the same names that define none of their functions, found first.
fake="$WORK/fake-libs"
mkdir -p "$fake"
printf 'int govrec_fake_library;\n' >"$fake/empty.c"
for so in libxml2.so.2 libarchive.so.13; do
	${CC:-cc} -shared -fPIC -o "$fake/$so" "$fake/empty.c" || fail "cannot build $so"
done
before=$(sqlite3 "$GOVREC_DB" "SELECT count(*) FROM audit")

export LD_LIBRARY_PATH="$fake"

# Commands that need neither still work.
run search holland
expect_rc 0
expect_out "Holland"
run person list
expect_rc 0

# One that needs libxml2 names it, exits 3, and stores nothing.
run import --meeting 34 "$DATA/office/csc-notes.docx"
expect_rc 3
expect_err "cannot load lib"
expect_err "which this command needs"
after=$(sqlite3 "$GOVREC_DB" "SELECT count(*) FROM audit")
expect_eq "$after" "$before" "audit rows after a failed load"

# One that needs libarchive (an export) says so too, and leaves no bundle.
run export -o "$WORK/out.tar.gz"
expect_rc 3
expect_err "cannot load libarchive.so.13"
if [ -e "$WORK/out.tar.gz" ]; then fail "a bundle was left behind"; else ok; fi

# With the real libraries the same commands work.
unset LD_LIBRARY_PATH
run import --meeting 34 "$DATA/office/csc-notes.docx"
expect_rc 0
finish
