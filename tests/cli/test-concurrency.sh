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

finish
