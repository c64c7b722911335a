#!/bin/sh
# proposals.sh - the demo's SLA change proposal: the 2019 technical-checks
# threshold change (a real case of the CSC), recorded from recommendation to
# live, with `metric show` before and after.
#
# Called by the demo with $GOVREC (the binary) set and GOVREC_DB exported.
#
# What is confirmed (DOMAIN.md): the CSC agreed to propose the change by
# August 2017; it was a threshold change (type 3) of three metrics, went
# without public comment, and went live on 1 July 2019; the values in force on
# 2 July 2020 are those of the shipped catalog (50, 10 and 10 minutes).
# What is ILLUSTRATIVE: the thresholds before the change (5 minutes each,
# loaded from technical-checks-before-2019.tsv as versions from 2016-10-01),
# the reference SLA-2017-01 (numbered by the year the CSC agreed to propose
# it; meeting 34's transcript, chat and notes in meeting-34/ use the same
# reference), and every date between the recommendation and the live date.
#
# The shipped catalog starts on 2020-07-02, the day PTI's SLA page confirms.
# The live event writes the new values from 2019-07-01, and they run until
# the catalog's 2020-07-02 version, which confirms the same values; before
# 2019-07-01 the illustrative earlier versions answer.
set -eu
: "${GOVREC:?GOVREC must name the govrec binary}"
here=$(cd "$(dirname "$0")" && pwd)
ref=SLA-2017-01
metric=cat1.technical-checks.initial

echo "== the metric before the proposal exists (shipped catalog only)"
"$GOVREC" metric show "$metric" --at 2019-06-30

if "$GOVREC" proposal show "$ref" >/dev/null 2>&1; then
	echo "== $ref is already recorded"
else
	echo "== loading the (illustrative) values in force before the change"
	"$GOVREC" metric import "$here/technical-checks-before-2019.tsv"

	"$GOVREC" proposal new "$ref" --title "Technical checks: longer thresholds" \
		--originator CSC --type 3 --date 2017-08-17 --rationale - <<'TEXT'
Technical checks often take longer than the thresholds of Annex A allow,
although nothing is wrong with the requests: PTI misses the SLE while the
customer is served well. The CSC agreed in August 2017 to propose longer
thresholds for the technical checks.

This is a change of threshold only (type 3), so it needs no public comment.
TEXT
	"$GOVREC" proposal change "$ref" cat1.technical-checks.initial --threshold 50m
	"$GOVREC" proposal change "$ref" cat1.technical-checks.retest --threshold 10m
	"$GOVREC" proposal change "$ref" cat1.supplemental-technical-checks --threshold 10m

	"$GOVREC" proposal advance "$ref" recommended --date 2017-08-17 --actor CSC \
		--note "CSC agrees to propose longer technical-check thresholds"
	"$GOVREC" proposal advance "$ref" pti-analysis --date 2017-10-19 --actor PTI
	"$GOVREC" proposal advance "$ref" classified --date 2019-02-15 --actor CSC \
		--note "type 3: threshold only, no public comment"
	"$GOVREC" proposal advance "$ref" csc-pti-agreed --date 2019-03-28 --actor "CSC and PTI"
	"$GOVREC" proposal advance "$ref" council-approval --date 2019-04-02 --actor "CSC chair"
	"$GOVREC" proposal advance "$ref" ccnso-approved --date 2019-05-09 --actor "ccNSO Council"
	"$GOVREC" proposal advance "$ref" gnso-approved --date 2019-05-16 --actor "GNSO Council"
	"$GOVREC" proposal advance "$ref" implementing --date 2019-05-20 --actor PTI
	"$GOVREC" proposal advance "$ref" live --date 2019-07-01 --actor PTI
fi

echo "== the proposal"
"$GOVREC" proposal show "$ref"
echo "== its timeline"
"$GOVREC" proposal timeline "$ref"
echo "== the metric the day before it went live"
"$GOVREC" metric show "$metric" --at 2019-06-30
echo "== and on the day it went live"
"$GOVREC" metric show "$metric" --at 2019-07-01
