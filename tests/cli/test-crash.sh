# test-crash.sh - the short crash run of make check (tests/crash/run.sh for long ones).
. "$(dirname "$0")/lib.sh"
python3 "$SRCDIR/tests/crash/crash.py" --govrec "$GOVREC" --count 25 --seed 7
exit $?
