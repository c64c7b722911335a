#!/bin/sh
# test-install.sh - an installed govrec, as `make install PREFIX=...` leaves
# it (cmake --install with another prefix than the one configured): `govrec
# help` shows the pages installed beside it, never the source tree's, and a
# page that is missing is an error that says where it was looked for; the
# same for govrec-io, installed in libexec/govrec/.
. "$(dirname "$0")/lib.sh"

build=$(dirname "$GOVREC_BINARY")
if ! cmake --install "$build" --prefix "$WORK/prefix" >"$WORK/install.log" 2>&1; then
	cat "$WORK/install.log"
	fail "cmake --install into a temporary prefix failed"
	finish
fi
P=$(cd "$WORK/prefix" && pwd -P)
G="$P/bin/govrec"
expect_true "the binary is installed" test -x "$G"
expect_true "govrec(1) is installed" test -f "$P/share/man/man1/govrec.1"

# The installed pages, not the source tree's: mark the installed copy.
sed -i 's/^\.Nd .*/.Nd the installed copy of this page/' "$P/share/man/man1/govrec.1"
"$G" help govrec >"$WORK/.out" 2>"$WORK/.err"
rc=$?
out=$(cat "$WORK/.out")
err=$(cat "$WORK/.err")
expect_rc 0
expect_out "the installed copy of this page"
"$G" help meeting add >"$WORK/.out" 2>"$WORK/.err"
rc=$?
out=$(cat "$WORK/.out")
expect_rc 0
expect_out "govrec meeting add"

# A missing page: exit 3, naming the file looked for; nothing on stdout.
rm "$P/share/man/man1/govrec.1"
"$G" help govrec >"$WORK/.out" 2>"$WORK/.err"
rc=$?
out=$(cat "$WORK/.out")
err=$(cat "$WORK/.err")
expect_rc 3
expect_err "govrec: help: no manual page '$P/bin/../share/man/man1/govrec.1' (not installed?)"
expect_eq "$out" "" "stdout of a missing page"

# Reached through a symbolic link, the binary still finds its own pages.
mkdir -p "$WORK/elsewhere"
ln -s "$G" "$WORK/elsewhere/govrec"
"$WORK/elsewhere/govrec" help meeting >"$WORK/.out" 2>"$WORK/.err"
rc=$?
out=$(cat "$WORK/.out")
expect_rc 0
expect_out "govrec meeting add"

# The installed govrec runs the installed govrec-io (libexec/govrec/),
# not the build tree's: a marked copy shows which one ran.
F="$P/libexec/govrec/govrec-io"
expect_true "govrec-io is installed" test -x "$F"
mv "$F" "$F.real"
printf '#!/bin/sh\necho "installed govrec-io: $*"\n' >"$F"
chmod +x "$F"
"$WORK/elsewhere/govrec" verify x.tar >"$WORK/.out" 2>"$WORK/.err"
rc=$?
out=$(cat "$WORK/.out")
expect_rc 0
expect_out "installed govrec-io: verify x.tar"
mv "$F.real" "$F"
"$G" --db "$WORK/installed.db" init >/dev/null
"$G" --db "$WORK/installed.db" import --dry-run "$DATA/office/csc-notes.docx" >"$WORK/.out" 2>"$WORK/.err"
rc=$?
out=$(cat "$WORK/.out")
expect_rc 0
expect_out "parsed"
# ... and without it, says where it looked.
rm "$F"
"$G" --db "$WORK/installed.db" import "$DATA/office/csc-notes.docx" >"$WORK/.out" 2>"$WORK/.err"
rc=$?
err=$(cat "$WORK/.err")
expect_rc 3
expect_err "govrec: import: cannot run $P/bin/../libexec/govrec/govrec-io, which this command needs"

# The build tree's binary shows the source tree's page.
run help govrec
expect_rc 0
expect_out "$(sed -n 's/^\.Nd //p' "$SRCDIR/docs/man1/govrec.1")"
finish
