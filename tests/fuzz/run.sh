#!/bin/sh
# run.sh SECONDS - builds every libFuzzer target with clang into build-fuzz/
# and runs each for SECONDS (default 60), starting from its seed corpus
# (and with tests/fuzz/<target>.dict as its dictionary when there is one).
# FUZZ_TARGETS="a b" runs only those targets.
# Crashes, leaks and timeouts are written to tests/fuzz/crashes/<target>/;
# keep each as a regression fixture in tests/fuzz/regressions/<target>/
# once it is fixed (ctest replays those).  Exits non-zero when any target
# found something.
set -u
seconds=${1:-60}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build="$top/build-fuzz"
CC=clang cmake -S "$top" -B "$build" -DGOVREC_FUZZ=ON -DBUILD_TESTING=OFF \
	-DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null || exit 3
cmake --build "$build" -j2 >/dev/null || exit 3
status=0
for bin in "$build"/tests/fuzz/fuzz_*; do
	[ -x "$bin" ] || continue
	name=$(basename "$bin" | sed 's/^fuzz_//')
	case " ${FUZZ_TARGETS:-$name} " in *" $name "*) ;; *) continue ;; esac
	corpus="$build/corpus/$name"
	crashes="$here/crashes/$name"
	mkdir -p "$corpus" "$crashes"
	[ -d "$here/seeds/$name" ] && cp -n "$here/seeds/$name"/* "$corpus"/ 2>/dev/null
	[ -d "$here/regressions/$name" ] && cp -n "$here/regressions/$name"/* "$corpus"/ 2>/dev/null
	dict=
	[ -f "$here/$name.dict" ] && dict="-dict=$here/$name.dict"
	echo "== $name: ${seconds}s"
	"$bin" "$corpus" $dict -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
		-max_len=1048576 -artifact_prefix="$crashes/" -print_final_stats=1 \
		2>"$build/$name.log"
	rc=$?
	grep -E '^(#[0-9]+[[:space:]]+DONE|stat::number_of_executed_units|stat::peak_rss_mb)' "$build/$name.log"
	if [ $rc -ne 0 ]; then
		echo "$name: FOUND A PROBLEM (see $build/$name.log and $crashes)"
		status=1
	fi
	rmdir "$crashes" 2>/dev/null
done
exit $status
