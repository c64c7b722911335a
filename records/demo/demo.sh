#!/bin/sh
# demo.sh - `make demo`: a fresh demo archive, loaded with the sample records
# shipped in records/demo, and a tour of what govrec does with them.
#
# Environment: GOVREC (the binary), DEMO_DIR (where the archive goes).
set -e
: "${GOVREC:?}" "${DEMO_DIR:?}"
DEMO_DATA=$(cd "$(dirname "$0")" && pwd)
export GOVREC DEMO_DIR DEMO_DATA
export GOVREC_DB="$DEMO_DIR/govrec.db" GOVREC_ACTOR=demo

rm -rf "$DEMO_DIR"
mkdir -p "$DEMO_DIR"
echo "== a new archive at $GOVREC_DB"
$GOVREC init

for part in people import proposals search export; do
	echo
	. "$DEMO_DATA/$part.sh"
done

echo
echo "\$ govrec check"
$GOVREC check
echo
echo "The demo archive is $GOVREC_DB; try for example:"
echo "  $GOVREC --db $GOVREC_DB meeting list"
