# test-concurrency.sh - several processes writing one archive at once all
# succeed (busy timeout on the write lock) and nothing is lost; the audit
# chain stays whole.
. "$(dirname "$0")/lib.sh"

run init
expect_rc 0
run person add "Byron Holland" --role member --body ccNSO --from 2016-10-01
expect_rc 0

writers=4
per=25
i=0
while [ $i -lt $writers ]; do
	(
		n=0
		while [ $n -lt $per ]; do
			num=$((i * 1000 + n + 1))
			"$GOVREC" meeting add --number $num --date 2019-10-15 >/dev/null 2>>"$WORK/errors.$i" || echo "add $num failed" >>"$WORK/errors.$i"
			"$GOVREC" meeting attend $num Holland >/dev/null 2>>"$WORK/errors.$i" || echo "attend $num failed" >>"$WORK/errors.$i"
			printf 'Note %s of writer %s.\n' "$n" "$i" >"$WORK/note.$i.$n.txt"
			"$GOVREC" note add --review "Concurrency" "$WORK/note.$i.$n.txt" >/dev/null 2>>"$WORK/errors.$i" || echo "note $num failed" >>"$WORK/errors.$i"
			n=$((n + 1))
		done
	) &
	i=$((i + 1))
done
wait

errors=$(cat "$WORK"/errors.* 2>/dev/null)
expect_eq "$errors" "" "errors from concurrent writers"
run --json meeting list
expect_eq "$(json 'len(j), all(m["quorate"] for m in j)')" "($((writers * per)), True)" "meetings written"
run --json note list --review Concurrency
expect_eq "$(json 'len(j)')" "$((writers * per))" "notes written"
# person + committee + every meeting + every note (the metric catalog aside)
run --json log
expect_eq "$(json 'len(set(e["record"] for e in j if not e["record"].startswith("metric:")))')" \
	"$((2 + 2 * writers * per))" "audited records"
run check
expect_rc 0

# imports and proposal transitions at once: two importers, two proposals
# advanced by two processes each taking turns with the importers
mkdir in1 in2
n=0
while [ $n -lt 30 ]; do
	printf 'Byron Holland: turn %s of folder one on the technical checks.\n' $n > in1/t$n.txt
	printf 'Byron Holland: turn %s of folder two on the root zone.\n' $n > in2/t$n.txt
	n=$((n + 1))
done
"$GOVREC" meeting add --number 5000 --date 2019-10-15 >/dev/null
for ref in SLA-2019-01 SLA-2019-02; do
	"$GOVREC" proposal new $ref --title "Concurrent $ref" --originator CSC --type 3 \
		--date 2019-01-02 >/dev/null
done
"$GOVREC" import --quiet --meeting 5000 in1 >"$WORK/imp1" 2>&1 &
"$GOVREC" import --quiet --meeting 5000 in2 >"$WORK/imp2" 2>&1 &
for ref in SLA-2019-01 SLA-2019-02; do
	(
		for step in recommended:2019-01-03 pti-analysis:2019-01-04 classified:2019-01-05 \
			csc-pti-agreed:2019-01-06 council-approval:2019-01-07; do
			"$GOVREC" proposal advance $ref "${step%%:*}" --date "${step#*:}" >/dev/null \
				2>>"$WORK/adv.$ref" || echo "advance $ref $step failed" >>"$WORK/adv.$ref"
		done
	) &
done
wait
expect_eq "$(cat "$WORK"/adv.* 2>/dev/null)" "" "errors from concurrent transitions"
run --json meeting show 5000
expect_eq "$(json 'j["documents"]')" "60" "documents imported concurrently"
run --json proposal list --state council-approval
expect_eq "$(json 'sorted(p["ref"] for p in j)')" "['SLA-2019-01', 'SLA-2019-02']" "proposals advanced"
run check
expect_rc 0

finish
