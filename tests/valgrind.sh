#!/bin/sh
# valgrind.sh PROGRAM [ARG...] - runs PROGRAM under valgrind memcheck with
# the options every `make check VALGRIND=1` run uses: any memory error, and
# any definite or indirect leak, makes it exit 99.  With VALGRIND_LOG_DIR
# set, valgrind writes its report to DIR/<pid>.log instead of stderr, so that
# tests that look at stderr see only the program's own messages (the CLI
# tests do this through tests/cli/lib.sh, which fails a test whose logs
# report errors).
# Children are followed (govrec runs govrec-io for the commands that
# read XML or archives), except the system's own programs (mandoc, sh).
# GOVREC_NO_JIT: PCRE2's JIT code reads past the end of a subject in aligned
# blocks; memcheck reports that (uninitialised bytes of the buffer's spare
# capacity) and a suppression cannot single out JIT code, so the patterns run
# in PCRE2's interpreter here.
set -u
export GOVREC_NO_JIT=1
log=
[ -n "${VALGRIND_LOG_DIR:-}" ] && log="--log-file=$VALGRIND_LOG_DIR/%p.log"
exec valgrind --tool=memcheck --quiet --error-exitcode=99 --leak-check=full \
	--show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
	--track-origins=yes --num-callers=30 \
	--trace-children=yes --trace-children-skip='/bin/*,/usr/*' \
	--suppressions="$(dirname "$0")/valgrind.supp" $log "$@"
