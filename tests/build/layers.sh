#!/bin/sh
# layers.sh SRCDIR NAME=DIR... - fails on an #include that goes up the
# layers (docs/HACKING.md).  The layers are given lowest first, as
# CMakeLists.txt declares them (GOVREC_LAYERS, then cli).
#
# A file of a layer may include:
#   - "govrec/X.h" (include/govrec/) when X.h belongs to its layer or one
#     below.  X.h belongs to the layer of the directory holding X.c; a
#     header with no X.c (digest.h: inline code only) belongs to base, and
#     is checked as a file of base;
#   - "Y.h" when Y.h is in its own directory: private headers stay private.
# The link check (check_layer_* in CMakeLists.txt) does the same for calls.
#
# layers.sh --self-test SRCDIR NAME=DIR... checks the tree, then checks
# that a copy of it with an upward include added to the lowest layer fails.
set -u

self_test=0
if [ "${1:-}" = "--self-test" ]; then
	self_test=1
	shift
fi
src=$1
shift

check() {
	root=$1
	shift
	awk -v root="$root" '
	BEGIN {
		n = 0
		for (i = 1; i < ARGC; i++) {
			split(ARGV[i], p, "=")
			n++
			name[n] = p[1]; dir[n] = p[2]; rank[p[1]] = n
			ARGV[i] = ""
		}
		# every header of include/govrec: its layer
		cmd = "cd \"" root "\" && ls include/govrec/*.h"
		while ((cmd | getline h) > 0) {
			stem = h; sub(/^include\/govrec\//, "", stem); sub(/\.h$/, "", stem)
			hl[stem] = 1
			for (i = 1; i <= n; i++)
				if (system("test -f \"" root "/" dir[i] "/" stem ".c\"") == 0)
					hl[stem] = i
		}
		close(cmd)
		bad = 0
		# the files of each layer; public headers are files of their layer
		for (i = 1; i <= n; i++)
			files(i, dir[i], "*.c *.h")
		for (stem in hl)
			check_file(hl[stem], "include/govrec/" stem ".h", "include/govrec")
		exit bad
	}
	function files(i, d, pat,    cmd, f) {
		cmd = "cd \"" root "/" d "\" && ls " pat " 2>/dev/null"
		while ((cmd | getline f) > 0)
			check_file(i, d "/" f, d)
		close(cmd)
	}
	function check_file(i, f, d,    line, inc, stem, lineno) {
		lineno = 0
		while ((getline line < (root "/" f)) > 0) {
			lineno++
			if (line !~ /^[ \t]*#[ \t]*include[ \t]*"/)
				continue
			inc = line; sub(/^[^"]*"/, "", inc); sub(/".*$/, "", inc)
			if (inc ~ /^govrec\//) {
				stem = inc; sub(/^govrec\//, "", stem); sub(/\.h$/, "", stem)
				if (!(stem in hl)) {
					printf "%s:%d: includes %s, which is not in include/govrec\n", f, lineno, inc
					bad = 1
				} else if (hl[stem] > i) {
					printf "%s:%d: %s (layer %s) includes %s of layer %s, above it\n", \
					    f, lineno, f, name[i], inc, name[hl[stem]]
					bad = 1
				}
			} else if (system("test -f \"" root "/" d "/" inc "\"") != 0) {
				printf "%s:%d: includes \"%s\", which is not in %s: a header of another layer goes in include/govrec\n", \
				    f, lineno, inc, d
				bad = 1
			}
		}
		close(root "/" f)
	}' "$@"
}

check "$src" "$@" || exit 1
echo "layers: every include goes down"
[ "$self_test" = 1 ] || exit 0

# The same check must fail on a copy with an upward include in base.
work=$(mktemp -d "${TMPDIR:-/tmp}/govrec-layers.XXXXXX")
trap 'rm -rf "$work"' EXIT
(cd "$src" && tar cf - include src records import) | (cd "$work" && tar xf -)
lowest=${1#*=}
victim=$(cd "$work/$lowest" && ls *.c | head -n 1)
printf '#include "govrec/search.h"\n' >>"$work/$lowest/$victim"
if out=$(check "$work" "$@"); then
	echo "layers: an upward include in $lowest/$victim was not found" >&2
	exit 1
fi
case "$out" in
*"$lowest/$victim"*"includes govrec/search.h of layer"*) ;;
*) echo "layers: unexpected report: $out" >&2; exit 1 ;;
esac
echo "layers: the check finds an upward include ($out)"
