#!/bin/sh
# run.sh - govrec's search benchmark (not a test: ctest does not run it).
#
#   tests/bench/run.sh [BASE_MB]        default 1: corpora of 1, 10 and 100 MB
#
# For each corpus size (BASE, 10 x BASE, 100 x BASE), in one run on the same
# generated corpus (tests/bench/gen-corpus.py, deterministic):
#   import   MB/s of source text into a fresh archive, with `govrec import DIR`
#            when this build has that command, else `govrec note add` per file;
#            against the same passages INSERTed into a bare FTS5 table (same
#            tokenizer) by the sqlite3 shell in one transaction;
#   search   median and p95 wall time over a fixed query set, each query run
#            REPS times as a whole process: `govrec search Q` (20 hits with
#            snippets) against the same MATCH on the bare table with snippet()
#            and ORDER BY rank LIMIT 20 in the sqlite3 shell, and against
#            `grep -rilF` over the source files;
#   memory   peak RSS (/usr/bin/time, Debian package `time`) of the import
#            and of a broad search.
# and prints the ratios.  The three imports take turns IMPORT_REPS times
# (default 3) and each is reported by its median time, so that a load that
# comes and goes on a shared machine does not decide a ratio.  Environment:
# GOVREC (the binary; default build/govrec), REPS (default 11), IMPORT_REPS,
# BENCH_DIR (work directory, kept; default a temporary one, removed).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
GOVREC=${GOVREC:-$here/../../build/govrec}
REPS=${REPS:-11}
ireps=${IMPORT_REPS:-3}
base=${1:-1}
for tool in sqlite3 python3 /usr/bin/time; do
	command -v "$tool" >/dev/null 2>&1 || { echo "run.sh: '$tool' is needed" >&2; exit 3; }
done
[ -x "$GOVREC" ] || { echo "run.sh: no govrec binary at '$GOVREC' (set GOVREC)" >&2; exit 3; }
if [ -n "${BENCH_DIR:-}" ]; then
	work=$BENCH_DIR
	mkdir -p "$work"
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/govrec-bench.XXXXXX")
	trap 'rm -rf "$work"' EXIT
fi
export TZ=UTC LC_ALL=C GOVREC_ACTOR=bench NO_COLOR=1
unset GOVREC_DB XDG_DATA_HOME

if "$GOVREC" import -h >/dev/null 2>&1; then
	importer="govrec import DIR"
else
	importer="govrec note add, one process per file"
fi

echo "govrec search benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)," \
	"$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) memory"
echo "software: $("$GOVREC" --version), sqlite3 $(sqlite3 --version | cut -d' ' -f1)," \
	"$(grep --version | head -1)"
echo "importer: $importer; median of $ireps imports each, $REPS runs of each query"

# The fixed query set: as typed to govrec | as FTS5 for the bare table | for grep -F.
cat >"$work/queries" <<'EOF'
technical checks threshold|technical checks threshold|technical checks threshold
"root zone change request"|"root zone change request"|root zone change request
SLA-2019-01|"SLA-2019-01"|SLA-2019-01
holland|holland|holland
escalation path|escalation path|escalation path
tech*|tech*|tech
remedial NOT audit|remedial NOT audit|remedial
NEAR(contact confirmation, 3)|NEAR(contact confirmation, 3)|contact confirmation
cat1.technical-checks.initial|"cat1.technical-checks.initial"|cat1.technical-checks.initial
thank|thank|thank
EOF

# Times a command: appends "<seconds> <peak RSS KB>" to $1.
timed() {
	out=$1
	shift
	/usr/bin/time -a -f "%e %M" -o "$out" "$@"
}

# "<median seconds> <largest peak RSS KB>" of the lines timed() wrote to $1.
median() {
	sort -n "$1" | awk '{ s[NR] = $1; if ($2 > m) m = $2 }
		END { printf "%s %s\n", NR % 2 ? s[(NR + 1) / 2] : (s[NR / 2] + s[NR / 2 + 1]) / 2, m }'
}

summary="$work/summary"
: >"$summary"
for mult in 1 10 100; do
	mb=$(awk -v b="$base" -v m="$mult" 'BEGIN { print b * m }')
	dir="$work/corpus-$mb"
	echo
	echo "== corpus of $mb MB"
	python3 "$here/gen-corpus.py" "$dir" "$mb"
	bytes=$(cat "$dir"/*.txt | wc -c)
	files=$(ls "$dir" | wc -l)

	# The storage engine alone: the same text in one process and few
	# transactions (one note per 15 MB chunk), as an importer that batches
	# files would store it.
	rm -rf "$work/chunks"
	mkdir "$work/chunks"
	python3 - "$dir" "$work/chunks" <<'EOF2'
import os, sys
src, dst = sys.argv[1:3]
n, size, out = 0, 0, None
for name in sorted(os.listdir(src)):
    data = open(os.path.join(src, name), "rb").read()
    if out is None or size + len(data) > 15 * 1024 * 1024:
        n += 1
        out = open(os.path.join(dst, f"chunk-{n:03d}.txt"), "wb")
        size = 0
    out.write(data + b"\n\n")
    size += len(data) + 2
EOF2
	python3 "$here/gen-corpus.py" --sql "$dir" >"$work/bare.sql"
	db="$work/govrec-$mb.db"
	db2="$work/engine-$mb.db"
	: >"$work/t.bare"
	: >"$work/t.gov"
	: >"$work/t.engine"
	# The three imports take turns, IMPORT_REPS times, each into a fresh
	# file: a load that comes and goes falls on all three alike.
	rep=0
	while [ "$rep" -lt "$ireps" ]; do
		rep=$((rep + 1))
		# The baseline: the same passages into a bare FTS5 table, one transaction.
		rm -f "$work/bare.db"
		sqlite3 "$work/bare.db" "CREATE VIRTUAL TABLE bare USING fts5(title, speaker, body,
			tokenize='porter unicode61 remove_diacritics 2');"
		timed "$work/t.bare" sqlite3 "$work/bare.db" ".read $work/bare.sql"

		rm -f "$db" "$db-wal" "$db-shm"
		"$GOVREC" --db "$db" init >/dev/null
		if [ "$importer" = "govrec import DIR" ]; then
			timed "$work/t.gov" "$GOVREC" --db "$db" import --quiet "$dir" >/dev/null
		else
			timed "$work/t.gov" sh -c 'g=$1 db=$2; shift 2
				for f; do "$g" --db "$db" note add --review bench \
					--date 2017-01-01 "$f" >/dev/null || exit 1; done' \
				sh "$GOVREC" "$db" "$dir"/*.txt
		fi

		rm -f "$db2" "$db2-wal" "$db2-shm"
		"$GOVREC" --db "$db2" init >/dev/null
		timed "$work/t.engine" sh -c 'g=$1 db=$2; shift 2
			for f; do "$g" --db "$db" note add --review bench --date 2017-01-01 "$f" \
				>/dev/null || exit 1; done' sh "$GOVREC" "$db2" "$work/chunks"/*.txt
		rm -f "$db2" "$db2-wal" "$db2-shm"
	done
	passages=$(sqlite3 "$db" "SELECT count(*) FROM passage")

	read -r bare_s bare_kb <<EOF3
$(median "$work/t.bare")
EOF3
	read -r gov_s gov_kb <<EOF3
$(median "$work/t.gov")
EOF3
	read -r eng_s eng_kb <<EOF3
$(median "$work/t.engine")
EOF3
	awk -v b="$bytes" -v f="$files" -v p="$passages" -v bs="$bare_s" -v gs="$gov_s" \
		-v bk="$bare_kb" -v gk="$gov_kb" -v es="$eng_s" -v ek="$eng_kb" 'BEGIN {
		mb = b / 1048576
		printf "import: %d files, %.1f MB, %d passages\n", f, mb, p
		printf "  govrec   %7.2f s  %7.2f MB/s  peak RSS %6.1f MB\n", gs, mb / gs, gk / 1024
		printf "  engine   %7.2f s  %7.2f MB/s  peak RSS %6.1f MB  (one note per 15 MB)\n",
			es, mb / es, ek / 1024
		printf "  bare     %7.2f s  %7.2f MB/s  peak RSS %6.1f MB\n", bs, mb / bs, bk / 1024
		printf "  govrec/bare speed ratio %.2f, engine/bare %.2f (target >= 0.5)\n",
			bs / gs, bs / es
	}'

	# Search latency, every query as a whole process, each system in turn.
	python3 - "$GOVREC" "$db" "$work/bare.db" "$dir" "$work/queries" "$REPS" \
		>"$work/search.$mb" <<'EOF'
import statistics, subprocess, sys, time
gov, db, bare, corpus, queries, reps = sys.argv[1:7]
reps = int(reps)
rows = [l.rstrip("\n").split("|") for l in open(queries) if l.strip()]
def run(cmd):
    t = time.perf_counter()
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    dt = time.perf_counter() - t
    if r.returncode not in (0, 1):
        sys.exit(f"failed: {cmd}: {r.stderr.decode()}")
    return dt
times = {"govrec": [], "bare": [], "grep": []}
for rep in range(reps):
    for g, f, p in rows:
        times["govrec"].append(run([gov, "--db", db, "search", "--limit", "20", g]))
        times["bare"].append(run(["sqlite3", bare,
            "SELECT rowid, snippet(bare, -1, '[', ']', '...', 24) FROM bare WHERE bare MATCH '"
            + f.replace("'", "''") + "' ORDER BY rank LIMIT 20"]))
        times["grep"].append(run(["grep", "-rilF", p, corpus]))
def p95(v):
    v = sorted(v)
    return v[min(len(v) - 1, int(round(0.95 * (len(v) - 1))))]
for k in ("govrec", "bare", "grep"):
    print(k, statistics.median(times[k]) * 1000, p95(times[k]) * 1000)
EOF
	: >"$work/t.search"
	: >"$work/t.baresearch"
	timed "$work/t.search" "$GOVREC" --db "$db" search --limit 20 "the committee" >/dev/null
	timed "$work/t.baresearch" sqlite3 "$work/bare.db" "SELECT rowid, snippet(bare, -1, '[', ']',
		'...', 24) FROM bare WHERE bare MATCH 'the committee' ORDER BY rank LIMIT 20" >/dev/null
	read -r _ gsearch_kb <"$work/t.search"
	read -r _ bsearch_kb <"$work/t.baresearch"
	awk -v gk="$gsearch_kb" -v bk="$bsearch_kb" '
		{ med[$1] = $2; p95[$1] = $3 }
		END {
		print "search: median / p95 over the query set, ms per process"
		for (k in med) if (k != "") ;
		printf "  govrec   %7.1f / %7.1f  peak RSS %6.1f MB\n", med["govrec"], p95["govrec"], gk / 1024
		printf "  bare     %7.1f / %7.1f  peak RSS %6.1f MB\n", med["bare"], p95["bare"], bk / 1024
		printf "  grep     %7.1f / %7.1f\n", med["grep"], p95["grep"]
		printf "  govrec/bare median %.2f, p95 %.2f (target <= 1.2); govrec/grep median %.2f\n",
			med["govrec"] / med["bare"], p95["govrec"] / p95["bare"], med["govrec"] / med["grep"]
	}' "$work/search.$mb"
	awk -v mb="$mb" -v gi="$gov_kb" -v gs="$gsearch_kb" -v bs="$bare_s" -v g="$gov_s" \
		-v es="$eng_s" '
		{ med[$1] = $2; p95[$1] = $3 }
		END { printf "%s %.2f %.2f %.2f %.2f %.1f %.1f\n", mb, bs / g, bs / es,
			med["govrec"] / med["bare"], p95["govrec"] / p95["bare"], gi / 1024, gs / 1024 }' \
		"$work/search.$mb" >>"$summary"
done

echo
echo "== summary"
echo "corpus MB | import govrec/bare | engine/bare | search median govrec/bare | p95 | import RSS MB | search RSS MB"
awk '{ printf "%9s | %19s | %11s | %26s | %4s | %13s | %13s\n", $1, $2, $3, $4, $5, $6, $7 }' \
	"$summary"
