#!/bin/sh
# export.sh - the last step of `make demo`: a signed bundle of the demo
# archive, verified by govrec, then checked without govrec by minisign and
# sha512sum, as anyone who receives it would; then restored elsewhere with its
# history, and checked against the bundle as an anchor.
#
# Called with $GOVREC (the binary), GOVREC_DB exported (the demo archive) and
# DEMO_DIR (a scratch directory, where the key and the bundle go).
set -eu
: "${GOVREC:?GOVREC must name the govrec binary}"
: "${GOVREC_DB:?GOVREC_DB must name the demo archive}"
: "${DEMO_DIR:?DEMO_DIR must name a scratch directory}"

mkdir -p "$DEMO_DIR"
key="$DEMO_DIR/demo.key"
pub="$DEMO_DIR/demo.pub"
bundle="$DEMO_DIR/csc-bundle.tar.zst"
rm -f "$key" "$pub" "$bundle"

echo "== a signing key (unprotected: for the demo only)"
"$GOVREC" key generate -W -p "$pub" -s "$key"

echo
echo "== a signed export of the whole archive"
"$GOVREC" export -o "$bundle" --sign "$key"

echo
echo "== govrec checks it: every checksum, nothing missing or extra, the signature"
"$GOVREC" verify "$bundle" -p "$pub"

echo
echo "== anyone can check it without govrec:"
check="$DEMO_DIR/check"
rm -rf "$check"
mkdir -p "$check"
echo "   mkdir check && zstd -dc $bundle | tar -xf - -C check && cd check/govrec-*/"
echo "   minisign -Vm tagmanifest-sha512.txt -p $pub"
echo "   sha512sum -c tagmanifest-sha512.txt && sha512sum -c manifest-sha512.txt"
if command -v minisign >/dev/null 2>&1 && command -v zstd >/dev/null 2>&1; then
	zstd -qdc "$bundle" | tar -xf - -C "$check"
	cd "$check"/govrec-*/
	minisign -Vm tagmanifest-sha512.txt -p "$pub"
	sha512sum -c --quiet tagmanifest-sha512.txt && sha512sum -c --quiet manifest-sha512.txt &&
		echo "every manifest and payload checksum matches"
else
	echo "(minisign or zstd is not installed here, so the check was not run)"
fi

echo
echo "== the head of the audit log, to publish in the minutes as an anchor"
"$GOVREC" log --head

echo
echo "== restored elsewhere, the archive keeps its history: its log is checked"
echo "   against every record, and the next export is byte-identical"
restored="$DEMO_DIR/restored.db"
rm -f "$restored"
"$GOVREC" restore "$bundle" --db "$restored" -p "$pub" --require-signature
"$GOVREC" --db "$restored" check --against "$bundle" -p "$pub"
