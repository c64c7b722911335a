#!/bin/sh
# pdf.sh - PDF import throughput (not a test: ctest does not run it).
#
#   tests/bench/pdf.sh [PAGES...]     default: 20 200 2000
#
# For each page count, a teleconference transcript PDF of about that many
# pages is written by tests/data/pdf/make-pdfs.py (reportlab, deterministic),
# and read by `govrec import --dry-run --quiet` (poppler-glib, then the
# layout work of import/pdf-text.c and the transcript reader: everything
# but the store) and by `pdftotext FILE /dev/null` (poppler's own text
# extraction, the same library, no layout work after it).  Times are the
# fastest of REPS runs; speeds are MB of PDF and pages per second; the
# ratio is pdftotext's time / govrec's (1 or more: govrec at least as
# fast).  Environment: GOVREC (default build/govrec), REPS (default 3),
# PYTHON (one with reportlab; default /usr/bin/python3), BENCH_DIR (kept;
# default a temporary directory, removed).
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
GOVREC=${GOVREC:-$here/build/govrec}
REPS=${REPS:-3}
PYTHON=${PYTHON:-/usr/bin/python3}
[ $# -gt 0 ] || set -- 20 200 2000
if [ -n "${BENCH_DIR:-}" ]; then
	dir=$BENCH_DIR
	mkdir -p "$dir"
else
	dir=$(mktemp -d "${TMPDIR:-/tmp}/govrec-pdf.XXXXXX")
	trap 'rm -rf "$dir"' EXIT
fi
export GOVREC_DB="$dir/archive"
rm -rf "$GOVREC_DB"
"$GOVREC" init >/dev/null

# the fastest of REPS runs of "$@", in seconds
fastest() {
	best=
	i=0
	while [ $i -lt "$REPS" ]; do
		t0=$(date +%s.%N)
		"$@" >/dev/null 2>&1 || { echo "pdf.sh: failed: $*" >&2; exit 1; }
		t1=$(date +%s.%N)
		best=$(echo "$t0 $t1 ${best:-}" | awk '{ t = $2 - $1; if ($3 != "" && $3 < t) t = $3; printf "%.4f", t }')
		i=$((i + 1))
	done
	echo "$best"
}

printf '%-7s %9s | %10s %9s %8s | %10s %9s %8s | %6s\n' pages MB \
	"govrec s" "MB/s" "pages/s" "pdftotext" "MB/s" "pages/s" ratio
for want in "$@"; do
	f="$dir/transcript-$want.pdf"
	[ -f "$f" ] || "$PYTHON" "$here/tests/data/pdf/make-pdfs.py" --transcript-pages "$want" "$f"
	pages=$(pdfinfo "$f" | awk '$1 == "Pages:" { print $2 }')
	bytes=$(wc -c <"$f")
	cat "$f" >/dev/null
	g=$(fastest "$GOVREC" import --dry-run --quiet "$f")
	p=$(fastest pdftotext "$f" /dev/null)
	echo "$pages $bytes $g $p" | awk '{
		mb = $2 / 1e6
		printf "%-7d %9.2f | %10.3f %9.2f %8.0f | %10.3f %9.2f %8.0f | %6.2f\n",
			$1, mb, $3, mb / $3, $1 / $3, $4, mb / $4, $1 / $4, $4 / $3 }'
done
