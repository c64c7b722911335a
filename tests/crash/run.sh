#!/bin/sh
# run.sh COUNT [SEED] - the long crash run: COUNT rounds of kill-and-check.
# Uses build/govrec unless GOVREC names another binary.
here=$(cd "$(dirname "$0")" && pwd)
exec python3 "$here/crash.py" --govrec "${GOVREC:-$here/../../build/govrec}" \
	--count "${1:-200}" --seed "${2:-1}"
