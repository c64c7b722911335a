# lib.sh - sourced by every tests/cli/test-*.sh.
#
# Each test file runs the real binary ($GOVREC, set by ctest) in a private
# temporary HOME with TZ=UTC and LC_ALL=C, and counts its checks.  Helpers:
#   run CMD...          runs govrec with CMD; sets $out, $err, $rc
#   expect_rc N         the last run exited N
#   expect_out TEXT     stdout contains TEXT      (expect_no_out: does not)
#   expect_err TEXT     stderr contains TEXT
#   expect_eq A B WHAT  A equals B
#   expect_true WHAT CMD...   CMD succeeds (expect_false: it fails); WHAT says
#                       what it shows, for the failure message
#   json EXPR           evaluates a Python expression over the last stdout parsed
#                       as JSON (bound to j) and prints the result
#   finish              prints "N passed, N failed" and exits non-zero on failure
# $GOVREC_BINARY is the binary itself (for objdump), even under valgrind;
# $GOVREC_IO the govrec-io beside it.
#
# With GOVREC_VALGRIND naming tests/valgrind.sh (set by ctest in a
# -DGOVREC_VALGRIND=ON build: `make check VALGRIND=1`), $GOVREC becomes a
# wrapper that runs the binary under valgrind, so that run() and the tests'
# direct "$GOVREC" calls are all checked; valgrind's reports go to
# $WORK/.valgrind/, and the test fails when any of them holds an error or a
# leak (counted by finish(), or at exit for tests that end otherwise).
set -u
: "${GOVREC:?GOVREC must name the govrec binary}"
: "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
DATA="$SRCDIR/tests/data"
SHARED="$SRCDIR/../shared"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/govrec-cli.XXXXXX")
trap 'lib_exit' EXIT
export HOME="$WORK/home" TZ=UTC LC_ALL=C GOVREC_ACTOR=tester
unset GOVREC_DB XDG_DATA_HOME NO_COLOR
mkdir -p "$HOME"
export GOVREC_DB="$WORK/archive.db"
GOVREC_BINARY=$GOVREC # the binary itself, even when $GOVREC becomes a wrapper
: "${GOVREC_IO:=$(dirname "$GOVREC")/govrec-io}"
if [ -n "${GOVREC_VALGRIND:-}" ]; then
	export VALGRIND_LOG_DIR="$WORK/.valgrind"
	mkdir -p "$VALGRIND_LOG_DIR"
	printf '#!/bin/sh\nexec sh "%s" "%s" "$@"\n' "$GOVREC_VALGRIND" "$GOVREC" \
		>"$VALGRIND_LOG_DIR/govrec"
	chmod +x "$VALGRIND_LOG_DIR/govrec"
	GOVREC="$VALGRIND_LOG_DIR/govrec"
fi
cd "$WORK"

passed=0
failed=0
out=
err=
rc=0

run() {
	"$GOVREC" "$@" >"$WORK/.out" 2>"$WORK/.err"
	rc=$?
	out=$(cat "$WORK/.out")
	err=$(cat "$WORK/.err")
}

ok() { passed=$((passed + 1)); }
fail() {
	failed=$((failed + 1))
	printf 'FAIL: %s\n' "$*"
	printf '  last command stdout: %s\n' "$(printf '%s' "$out" | head -20)"
	printf '  last command stderr: %s\n' "$(printf '%s' "$err" | head -20)"
}

expect_rc() { if [ "$rc" -eq "$1" ]; then ok; else fail "exit status $rc, expected $1"; fi; }
expect_out() {
	case "$out" in *"$1"*) ok ;; *) fail "stdout lacks '$1'" ;; esac
}
expect_no_out() {
	case "$out" in *"$1"*) fail "stdout has '$1'" ;; *) ok ;; esac
}
expect_err() {
	case "$err" in *"$1"*) ok ;; *) fail "stderr lacks '$1'" ;; esac
}
expect_eq() {
	if [ "$1" = "$2" ]; then ok; else fail "${3:-value}: '$1' is not '$2'"; fi
}
json() {
	printf '%s' "$out" | python3 -c 'import json,sys; j=json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"
}

# Under valgrind: one failure per run of govrec whose report is not clean.
valgrind_reported=
valgrind_reports() {
	[ -n "${GOVREC_VALGRIND:-}" ] && [ -z "$valgrind_reported" ] || return 0
	valgrind_reported=1
	for log in "$VALGRIND_LOG_DIR"/*.log; do
		[ -s "$log" ] || continue
		failed=$((failed + 1))
		printf 'FAIL: valgrind reported errors (%s):\n' "$(basename "$log")"
		cat "$log"
	done
}

# At exit: reports finish() did not see fail the test too; WORK goes.
lib_exit() {
	lib_status=$?
	before=$failed
	valgrind_reports
	[ "$failed" -ne "$before" ] && lib_status=1
	rm -rf "$WORK"
	exit $lib_status
}

expect_true() {
	what=$1
	shift
	if "$@"; then ok; else fail "$what"; fi
}
expect_false() {
	what=$1
	shift
	if "$@"; then fail "$what"; else ok; fi
}

finish() {
	valgrind_reports
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit $?
}
