#!/bin/sh
# import.sh - archives the sample meeting folder records/demo/meeting-34 and
# shows what import made of it: the documents with their speakers, the
# action items and the decisions.
#
# Called by the demo with $GOVREC naming the binary and GOVREC_DB exported.
# The people and meeting 34 usually exist already (the demo adds them first);
# whatever is missing is added here, so the script also runs on its own
# against a fresh archive.  The folder's content is a realistic sample
# written for the demo, not a real CSC record.
set -eu
: "${GOVREC:?GOVREC must name the govrec binary}"
: "${GOVREC_DB:?GOVREC_DB must name the archive}"
here=$(cd "$(dirname "$0")" && pwd)

[ -e "$GOVREC_DB" ] || "$GOVREC" init >/dev/null

person() { # NAME [ALIAS]...
	name=$1
	shift
	"$GOVREC" person show "$name" >/dev/null 2>&1 || "$GOVREC" person add "$name" >/dev/null
	for alias in "$@"; do
		"$GOVREC" person alias "$name" "$alias" >/dev/null 2>&1 || true
	done
}
person "Byron Holland" "BYRON HOLLAND" "Byron"
person "Kal Feher" "KAL FEHER"
person "Jay Daley" "JAY DALEY"
person "Naela Sarras" "NAELA SARRAS" "Naela"
person "Bart Boswinkel" "BART BOSWINKEL" "Bart"
person "Ria Otanes" "RIA OTANES"

"$GOVREC" meeting show 34 >/dev/null 2>&1 ||
	"$GOVREC" meeting add --number 34 --date 2019-10-15 --time 13:00 \
		--title "CSC Meeting 34" --agenda "Welcome and roll call" \
		--agenda "Open action items" --agenda "PTI performance for September 2019" \
		--agenda "SLA amendments" --agenda "AOB" >/dev/null

echo "== govrec import --meeting 34 records/demo/meeting-34"
"$GOVREC" import --meeting 34 "$here/meeting-34"
echo
echo "== govrec meeting show 34"
"$GOVREC" meeting show 34
echo
echo "== govrec action list"
"$GOVREC" action list
echo
echo "== govrec decision list --meeting 34"
"$GOVREC" decision list --meeting 34
