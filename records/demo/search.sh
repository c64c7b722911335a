#!/bin/sh
# search.sh - the search part of `make demo`: questions a review team asks of
# the archive, answered with ranked, marked snippets.  Called by demo.sh after
# the sample records are loaded, with $GOVREC (the binary) set and GOVREC_DB
# exported.  A search that finds nothing is not a failure; a search that
# fails is, and makes this script exit non-zero after running the rest.
set -u
: "${GOVREC:?GOVREC must name the govrec binary}"
: "${GOVREC_DB:?GOVREC_DB must name the demo archive}"
status=0

run() {
	printf '\n$ govrec'
	printf ' %s' "$@"
	printf '\n'
	"$GOVREC" "$@" || status=1
}

echo
echo "== search: what did the committee say, when, and who said it"
# What Holland said about the technical checks in 2017, phrase and speaker.
run search '"technical checks"' --speaker holland --since 2017-01-01 --until 2017-12-31 --limit 5
# The same question in one line, as a reviewer would type it.
run search technical checks threshold speaker:holland date:2017 --limit 3
# Everything about thresholds over eighteen months, transcripts only.
run search threshold kind:transcript date:2017-01..2018-06 --limit 5
# What was said about an SLA change proposal, linked or mentioned.
run search proposal:SLA-2017-01 --limit 5

# The best hit in context: the turns before and after it.
id=$("$GOVREC" search --format csv --limit 1 technical checks 2>/dev/null |
	sed -n '2s/^\([0-9][0-9]*\),.*/\1/p')
if [ -n "$id" ]; then
	run show "$id" --context 1
fi
# demo.sh sources this part: end the demo only when a search failed.
if [ "$status" -ne 0 ]; then
	echo "govrec demo: a search failed" >&2
	exit 1
fi
