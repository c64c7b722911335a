#!/bin/sh
# export.sh - govrec's export and verify benchmark (not a test: ctest does not
# run it).
#
#   tests/bench/export.sh [BASE_MB]     default 10: corpora of 10 and 100 MB
#
# For each corpus size (BASE x each of MULTS, default "1 10"), the corpus made
# by tests/bench/gen-corpus.py (deterministic) is imported into a fresh archive
# with `govrec import --quiet DIR`, and then, on that one archive:
#   export   `govrec export -o B.tar.zst --sign KEY` and the same to .tar.gz
#            (payload, both payload manifests, tag manifest, minisign
#            signature, archive and compression in one process), against the
#            same payload files (written once by `govrec export --format dir`)
#            bagged with standard tools: `sha256sum` and `sha512sum` over the
#            payload into the two manifests, `sha512sum` of the tag files into
#            the tag manifest, `minisign -S` of the tag manifest, then
#            `tar -c | zstd` (or `| gzip`);
#   verify   `govrec verify B -p PUB` of each bundle, against `zstd -dc`
#            (`gzip -dc`) `| tar -x` of the baseline's archive, `minisign -V`
#            of the tag manifest and `sha512sum -c` / `sha256sum -c` of the
#            three manifests;
#   memory   peak RSS (/usr/bin/time, Debian package `time`) of each govrec
#            command and of the baseline: the largest of its steps, the two
#            sides of a pipe added together.
#   small    (issue 11) verify's memory and time on a bag of many small files:
#            for each count in SMALL (default "500 5000 50000 500000"), a
#            synthetic bag of that many files of 30-150 bytes (made by Python,
#            both payload manifests and the tag manifest, no signature), as a
#            directory and as a .tar: `govrec verify` of each against
#            `sha512sum -c` and `sha256sum -c` of the payload manifests and
#            `sha512sum -c` of the tag manifest in the directory (and, for the
#            tar, `tar -x` first), with the peak RSS of each.
# Each step starts with its input read once (in the page cache).  Times are
# the fastest of REPS runs (the machine may be shared); peak RSS the largest.  Speeds are MB/s of bundle payload (the bag's data/ directory), and
# the ratios are of speed: baseline time / govrec time, >= 1 means govrec is at
# least as fast.  Environment: GOVREC (the binary; default build/govrec), REPS
# (default 3), MULTS (corpus multiples of BASE_MB, default "1 10"; empty: no
# corpus), SMALL (file counts of the small-file bags; empty: none), BENCH_DIR
# (work directory, kept; default a temporary one, removed).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
GOVREC=${GOVREC:-$here/../../build/govrec}
REPS=${REPS:-3}
MULTS=${MULTS-1 10}
SMALL=${SMALL-500 5000 50000 500000}
base=${1:-10}
for tool in python3 zstd gzip tar minisign sha256sum sha512sum /usr/bin/time; do
	command -v "$tool" >/dev/null 2>&1 || { echo "export.sh: '$tool' is needed" >&2; exit 3; }
done
[ -x "$GOVREC" ] || { echo "export.sh: no govrec binary at '$GOVREC' (set GOVREC)" >&2; exit 3; }
if [ -n "${BENCH_DIR:-}" ]; then
	work=$BENCH_DIR
	mkdir -p "$work"
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/govrec-bench.XXXXXX")
	trap 'rm -rf "$work"' EXIT
fi
work=$(cd "$work" && pwd)
case $work in
*[[:space:]]*) echo "export.sh: the work directory '$work' has white space in it" >&2; exit 2 ;;
esac
export TZ=UTC LC_ALL=C GOVREC_ACTOR=bench NO_COLOR=1
unset GOVREC_DB XDG_DATA_HOME GOVREC_PASSWORD

echo "govrec export and verify benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)," \
	"$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) memory"
echo "software: $("$GOVREC" --version), $(zstd --version | sed 's/^\*\** *//; s/,.*//')," \
	"$(gzip --version | head -1), $(tar --version | head -1), minisign $(minisign -v |
		sed 's/^minisign //'), $(sha256sum --version | head -1)"
echo "load at start:$(uptime | sed 's/.*load average//')"
echo "best of $REPS runs of each"

# Keys without passwords: one for govrec, one made by minisign for the baseline.
rm -f "$work/k.pub" "$work/k.key" "$work/m.pub" "$work/m.key"
"$GOVREC" key generate -W -p "$work/k.pub" -s "$work/k.key" >/dev/null
minisign -G -W -p "$work/m.pub" -s "$work/m.key" >/dev/null

# The clock in nanoseconds.
now() {
	date +%s%N
}

# Times a command: "<seconds> <peak RSS KB>" into $1 (the wall time read
# around /usr/bin/time, whose own is in hundredths).
timed() {
	t_out=$1
	shift
	t0=$(now)
	/usr/bin/time -f "%M" -o "$t_out.rss" "$@"
	t1=$(now)
	echo "$(((t1 - t0) / 1000000)) $(cat "$t_out.rss")" |
		awk '{ printf "%.3f %d\n", $1 / 1000, $2 }' >"$t_out"
	rm -f "$t_out.rss"
}

# Reads the files and directories given, so that each timed step starts
# with its input in the page cache, govrec's archive as much as the
# baseline's payload files (on a machine that reclaims cold pages, an input
# written minutes before is otherwise read from disk page by page).
warm() {
	find "$@" -type f -exec cat {} + >/dev/null
}

# Times the pipe "$2 | $3 >$4" (each a command line, word-split): its wall
# time and the peak RSS of both sides added together, into $1.
timed_pipe() {
	p_out=$1
	t0=$(now)
	# shellcheck disable=SC2016 # $1... are the inner shell's
	sh -c '/usr/bin/time -f %M -o "$1.a" $2 | /usr/bin/time -f %M -o "$1.b" $3 >"$4"' \
		sh "$p_out" "$2" "$3" "$4"
	t1=$(now)
	echo "$(((t1 - t0) / 1000000)) $(($(cat "$p_out.a") + $(cat "$p_out.b")))" |
		awk '{ printf "%.3f %d\n", $1 / 1000, $2 }' >"$p_out"
	rm -f "$p_out.a" "$p_out.b"
}

# Adds the step files "$2"... ("<s> <KB>") to "<total s> <max KB>" in $1.
steps() {
	s_out=$1
	shift
	cat "$@" | awk '{ s += $1; if ($2 > m) m = $2 } END { print s, m }' >"$s_out"
}

# Keeps the fastest time and the largest RSS of the runs $2.1$3 ... $2.REPS$3
# into $1.
best() {
	b_out=$1
	i=1
	while [ "$i" -le "$REPS" ]; do
		cat "$2.$i${3:-}"
		i=$((i + 1))
	done | awk 'NR == 1 || $1 < s { s = $1 } $2 > m { m = $2 } END { print s, m }' >"$b_out"
}

# The baseline's export of the payload in "$work/base/$id" to $2 (zst or gz)
# as file $3, its total time and peak into $1, the steps' times into $1.*.
base_export() {
	e_out=$1 z=$2 arc=$3
	(cd "$work/base/$id" && rm -f manifest-*.txt tagmanifest-*)
	warm "$work/base/$id"
	timed "$e_out.h256" sh -c 'cd "$1" && find data -type f -print0 | sort -z |
		xargs -0 sha256sum >manifest-sha256.txt' sh "$work/base/$id"
	timed "$e_out.h512" sh -c 'cd "$1" && find data -type f -print0 | sort -z |
		xargs -0 sha512sum >manifest-sha512.txt' sh "$work/base/$id"
	timed "$e_out.tag" sh -c 'cd "$1" && sha512sum bagit.txt bag-info.txt manifest-sha256.txt \
		manifest-sha512.txt >tagmanifest-sha512.txt' sh "$work/base/$id"
	timed "$e_out.sign" minisign -S -s "$work/m.key" -m "$work/base/$id/tagmanifest-sha512.txt" \
		-t "bench bundle $id" -c "bench"
	rm -f "$arc"
	timed_pipe "$e_out.pack" "tar -cf - -C $work/base $id" "$z -c" "$arc"
	steps "$e_out" "$e_out.h256" "$e_out.h512" "$e_out.tag" "$e_out.sign" "$e_out.pack"
}

# The baseline's verification of the archive $3 (zst or gz: $2) into $1.
base_verify() {
	v_out=$1 z=$2 arc=$3
	rm -rf "$work/x"
	mkdir "$work/x"
	warm "$arc"
	timed_pipe "$v_out.unpack" "$z -dc $arc" "tar -xf - -C $work/x" /dev/null
	timed "$v_out.check" sh -c 'cd "$1" && minisign -Vqm tagmanifest-sha512.txt -p "$2" &&
		sha512sum -c --quiet tagmanifest-sha512.txt && sha512sum -c --quiet manifest-sha512.txt &&
		sha256sum -c --quiet manifest-sha256.txt' sh "$work/x/$id" "$work/m.pub"
	steps "$v_out" "$v_out.unpack" "$v_out.check"
}

summary="$work/summary"
: >"$summary"
for mult in $MULTS; do
	mb=$(awk -v b="$base" -v m="$mult" 'BEGIN { print b * m }')
	dir="$work/corpus-$mb"
	echo
	echo "== corpus of $mb MB"
	rm -rf "$dir"
	python3 "$here/gen-corpus.py" "$dir" "$mb"
	db="$work/govrec-$mb.db"
	rm -f "$db" "$db-wal" "$db-shm"
	"$GOVREC" --db "$db" init >/dev/null
	timed "$work/t.import" "$GOVREC" --db "$db" import --quiet "$dir" >/dev/null
	rm -rf "$dir"

	# The payload as plain files, for the baseline: the bag without its
	# manifests and signature.
	rm -rf "$work/bag" "$work/base"
	"$GOVREC" --db "$db" export -o "$work/bag" --format dir >/dev/null
	id=$(sed -n 's/^External-Identifier: //p' "$work/bag/bag-info.txt")
	mkdir "$work/base"
	mkdir "$work/base/$id"
	cp -R "$work/bag/data" "$work/bag/bagit.txt" "$work/bag/bag-info.txt" "$work/base/$id/"
	rm -rf "$work/bag"
	payload=$(sed -n 's/^Payload-Oxum: //p' "$work/base/$id/bag-info.txt")
	read -r _ import_kb <"$work/t.import"
	awk -v p="$payload" -v d="$(wc -c <"$db")" -v ik="$import_kb" 'BEGIN {
		split(p, o, ".")
		printf "archive %.1f MB (import peak RSS %.1f MB); bundle payload %d files, %.1f MB\n",
			d / 1048576, ik / 1024, o[2], o[1] / 1048576 }'

	for z in zstd gzip; do
		case $z in zstd) ext=tar.zst ;; *) ext=tar.gz ;; esac
		rep=1
		while [ "$rep" -le "$REPS" ]; do
			rm -f "$work/b.$ext"
			warm "$db"
			timed "$work/ge.$rep" "$GOVREC" --db "$db" export -o "$work/b.$ext" \
				--sign "$work/k.key" >/dev/null
			warm "$work/b.$ext"
			timed "$work/gv.$rep" "$GOVREC" verify "$work/b.$ext" -p "$work/k.pub" \
				>"$work/verify.out" || true
			if ! grep -q '^valid:' "$work/verify.out" ||
				! grep -q '^signature: valid' "$work/verify.out"; then
				echo "export.sh: govrec verify did not find the bundle and its signature valid:" >&2
				cat "$work/verify.out" >&2
				exit 1
			fi
			base_export "$work/be.$rep" "$z" "$work/base.$ext"
			base_verify "$work/bv.$rep" "$z" "$work/base.$ext"
			rep=$((rep + 1))
		done
		for r in ge gv be bv; do best "$work/$r" "$work/$r"; done
		# The baseline's steps, fastest run of each, to show where its time goes.
		for s in h256 h512 tag sign pack; do best "$work/be.$s" "$work/be" ".$s"; done
		for s in unpack check; do best "$work/bv.$s" "$work/bv" ".$s"; done
		awk -v p="$payload" -v ext="$ext" -v z="$z" -v gsz="$(wc -c <"$work/b.$ext")" \
			-v bsz="$(wc -c <"$work/base.$ext")" \
			-v ge="$(cat "$work/ge")" -v gv="$(cat "$work/gv")" \
			-v be="$(cat "$work/be")" -v bv="$(cat "$work/bv")" \
			-v hs="$(cat "$work/be.h256" "$work/be.h512" | awk '{ s += $1 } END { print s }')" \
			-v ss="$(cat "$work/be.tag" "$work/be.sign" | awk '{ s += $1 } END { print s }')" \
			-v ps="$(cut -d' ' -f1 "$work/be.pack")" \
			-v us="$(cut -d' ' -f1 "$work/bv.unpack")" -v cs="$(cut -d' ' -f1 "$work/bv.check")" '
		function line(who, t, extra) {
			split(t, v, " ")
			printf "  %-9s %6.2f s %7.1f MB/s  peak RSS %6.1f MB%s\n", who, v[1],
				mb / v[1], v[2] / 1024, extra
			return v[1]
		}
		BEGIN {
			split(p, o, ".")
			mb = o[1] / 1048576
			printf "export to .%s, signed\n", ext
			g = line("govrec", ge, sprintf("  (%.1f MB)", gsz / 1048576))
			b = line("baseline", be, sprintf("  (%.1f MB; sha256sum+sha512sum %.2f s, " \
				"tag manifest+minisign %.2f s, tar|%s %.2f s)", bsz / 1048576, hs, ss, z, ps))
			printf "  govrec/baseline speed ratio %.2f\n", b / g
			printf "verify .%s\n", ext
			g = line("govrec", gv, "")
			b = line("baseline", bv, sprintf("  (%s -dc|tar -x %.2f s, minisign -V + " \
				"sha512sum -c + sha256sum -c %.2f s)", z, us, cs))
			printf "  govrec/baseline speed ratio %.2f\n", b / g
		}'
		awk -v mb="$mb" -v p="$payload" -v ext="$ext" -v ge="$(cat "$work/ge")" \
			-v gv="$(cat "$work/gv")" -v be="$(cat "$work/be")" -v bv="$(cat "$work/bv")" \
			'BEGIN {
			split(p, o, "."); split(ge, a, " "); split(gv, b, " ")
			split(be, c, " "); split(bv, d, " ")
			printf "%s %.1f %s %.2f %.2f %.1f %.1f %.1f %.1f %.1f %.1f\n", mb,
				o[1] / 1048576, ext, c[1] / a[1], d[1] / b[1], o[1] / 1048576 / a[1],
				o[1] / 1048576 / b[1], a[2] / 1024, b[2] / 1024, c[2] / 1024, d[2] / 1024
		}' >>"$summary"
		rm -f "$work"/ge* "$work"/gv* "$work"/be* "$work"/bv* "$work/b.$ext" "$work/base.$ext"
	done
	rm -rf "$work/base" "$work/x" "$db" "$db-wal" "$db-shm"
done

# A bag of $2 small files in directory $1 (its base inside: $1/bag).
small_bag() {
	python3 - "$1" "$2" <<'EOF'
import hashlib, os, sys
top, n = sys.argv[1], int(sys.argv[2])
bag = os.path.join(top, "bag")
m256, m512, total = [], [], 0
for i in range(n):
    name = "data/d%04d/record-%07d.txt" % (i // 1000, i)
    body = (b"record %d of a synthetic bag\n" % i) * (1 + i % 5)
    path = os.path.join(bag, name)
    if i % 1000 == 0:
        os.makedirs(os.path.dirname(path))
    with open(path, "wb") as f:
        f.write(body)
    total += len(body)
    m256.append("%s  %s\n" % (hashlib.sha256(body).hexdigest(), name))
    m512.append("%s  %s\n" % (hashlib.sha512(body).hexdigest(), name))
tags = {
    "bagit.txt": b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n",
    "bag-info.txt": b"Bag-Software-Agent: export.sh\nPayload-Oxum: %d.%d\n" % (total, n),
    "manifest-sha256.txt": "".join(m256).encode(),
    "manifest-sha512.txt": "".join(m512).encode(),
}
for name, body in tags.items():
    with open(os.path.join(bag, name), "wb") as f:
        f.write(body)
with open(os.path.join(bag, "tagmanifest-sha512.txt"), "w") as f:
    for name, body in tags.items():
        f.write("%s  %s\n" % (hashlib.sha512(body).hexdigest(), name))
EOF
}

small="$work/small-summary"
: >"$small"
for count in $SMALL; do
	echo
	echo "== verify, a bag of $count small files"
	rm -rf "$work/sb" "$work/sb.tar" "$work/sx"
	mkdir "$work/sb"
	small_bag "$work/sb" "$count"
	tar -C "$work/sb" -cf "$work/sb.tar" bag
	for form in dir tar; do
		rep=1
		while [ "$rep" -le "$REPS" ]; do
			if [ "$form" = dir ]; then
				warm "$work/sb"
				timed "$work/sg.$rep" "$GOVREC" verify "$work/sb/bag" >"$work/verify.out" || true
			else
				warm "$work/sb.tar"
				timed "$work/sg.$rep" "$GOVREC" verify "$work/sb.tar" >"$work/verify.out" || true
			fi
			grep -q '^valid:' "$work/verify.out" || {
				echo "export.sh: govrec verify did not find the small bag valid:" >&2
				cat "$work/verify.out" >&2
				exit 1
			}
			rm -rf "$work/sx"
			mkdir "$work/sx"
			if [ "$form" = dir ]; then
				echo "0 0" >"$work/sx.unpack"
				check_dir=$work/sb/bag
				warm "$check_dir"
			else
				warm "$work/sb.tar"
				timed "$work/sx.unpack" tar -xf "$work/sb.tar" -C "$work/sx"
				check_dir=$work/sx/bag
			fi
			timed "$work/sx.check" sh -c 'cd "$1" && sha512sum -c --quiet tagmanifest-sha512.txt &&
				sha512sum -c --quiet manifest-sha512.txt &&
				sha256sum -c --quiet manifest-sha256.txt' sh "$check_dir"
			steps "$work/sv.$rep" "$work/sx.unpack" "$work/sx.check"
			rep=$((rep + 1))
		done
		best "$work/sg" "$work/sg"
		best "$work/sv" "$work/sv"
		awk -v n="$count" -v form="$form" -v g="$(cat "$work/sg")" -v b="$(cat "$work/sv")" 'BEGIN {
			split(g, x, " "); split(b, y, " ")
			printf "  %-4s govrec verify %7.2f s, peak RSS %6.1f MB; baseline %s %7.2f s, " \
				"peak RSS %5.1f MB; govrec/baseline speed ratio %.2f\n", form, x[1],
				x[2] / 1024, form == "tar" ? "tar -x + sha*sum -c" : "sha*sum -c", y[1],
				y[2] / 1024, y[1] / x[1]
			printf "%s %s %.2f %.1f %.2f %.1f %.2f\n", n, form, x[1], x[2] / 1024, y[1],
				y[2] / 1024, y[1] / x[1] >>"'"$small"'"
		}'
		rm -f "$work"/sg* "$work"/sv* "$work"/sx.*
	done
	rm -rf "$work/sb" "$work/sb.tar" "$work/sx"
done

echo
echo "load at end:$(uptime | sed 's/.*load average//')"
if [ -s "$small" ]; then
	echo
	echo "== verify of many small files (speed ratio govrec/baseline: >= 1 means govrec is at least as fast)"
	echo "    files | form | govrec s | govrec peak RSS MB | baseline s | baseline peak RSS MB | ratio"
	awk '{ printf "%9s | %-4s | %8s | %18s | %10s | %20s | %5s\n", $1, $2, $3, $4, $5, $6, $7 }' \
		"$small"
fi
[ -s "$summary" ] || exit 0
echo
echo "== summary (speed ratios govrec/baseline: >= 1 means govrec is at least as fast)"
echo "corpus MB | payload MB | bundle  | export ratio | verify ratio | govrec export MB/s | verify MB/s | RSS export / verify MB | baseline RSS export / verify MB"
awk '{ printf "%9s | %10s | %-7s | %12s | %12s | %18s | %11s | %22s | %31s\n", $1, $2, $3, $4,
	$5, $6, $7, $8 " / " $9, $10 " / " $11 }' "$summary"
