# test-docs.sh - the command table, -h and the man pages agree; pages lint clean.
. "$(dirname "$0")/lib.sh"
python3 "$SRCDIR/tests/cli/docs-synopsis.py"
exit $?
