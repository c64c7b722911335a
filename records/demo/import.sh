#!/bin/sh
# import.sh - archives the sample meeting folder records/demo/meeting-34 and
# shows what import made of it: the documents with their speakers, the
# action items and the decisions.
#
# Called by the demo (run, or sourced by demo.sh with DEMO_DATA set) with
# $GOVREC naming the binary and GOVREC_DB exported.  The people and meeting
# 34 usually exist already (people.sh adds them first); whatever is missing
# is added here, so the script also runs on its own against a fresh archive.
# The folder's content is a realistic sample written for the demo, not a
# real CSC record.
set -e
: "${GOVREC:?GOVREC must name the govrec binary}"
: "${GOVREC_DB:?GOVREC_DB must name the archive}"
here=${DEMO_DATA:-$(cd "$(dirname "$0")" && pwd)}

[ -e "$GOVREC_DB" ] || "$GOVREC" init >/dev/null

demo_person() { # NAME [ALIAS]...
	demo_name=$1
	shift
	"$GOVREC" person show "$demo_name" >/dev/null 2>&1 ||
		"$GOVREC" person add "$demo_name" >/dev/null
	for demo_alias in "$@"; do
		"$GOVREC" person alias "$demo_name" "$demo_alias" >/dev/null 2>&1 || true
	done
}
demo_person "Byron Holland" "BYRON HOLLAND" "Byron"
demo_person "Brett Carr"
demo_person "Kal Feher"
demo_person "Naela Sarras" "Naela"
demo_person "Bart Boswinkel" "Bart"
demo_person "Ria Otanes"

"$GOVREC" meeting show 34 >/dev/null 2>&1 ||
	"$GOVREC" meeting add --number 34 --date 2019-10-15 --time 13:00 \
		--title "CSC Meeting 34" --agenda "Welcome and roll call" \
		--agenda "Open action items" --agenda "PTI performance for September 2019" \
		--agenda "SLA amendments" --agenda "AOB" >/dev/null

if "$GOVREC" meeting show 13 >/dev/null 2>&1; then
	echo "== govrec import --meeting 13 records/demo/meeting-13"
	"$GOVREC" import --meeting 13 "$here/meeting-13"
	echo
fi
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
