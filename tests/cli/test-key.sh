# test-key.sh - `govrec key generate|show`, and the keys working with the real minisign.
. "$(dirname "$0")/lib.sh"

command -v minisign >/dev/null || { echo "FAIL: minisign is not installed"; exit 1; }
printf 'the data\n' >data.txt

# Defaults: ./govrec.pub and ~/.govrec/govrec.key (directory 0700, key 0600).
run key generate -W
expect_rc 0
expect_out "key id: "
expect_out "(no password)"
expect_out "minisign -Vm FILE -P RW"
expect_eq "$(stat -c %a "$HOME/.govrec")" 700 "mode of ~/.govrec"
expect_eq "$(stat -c %a "$HOME/.govrec/govrec.key")" 600 "mode of the secret key"
id=$(sed -n 's/^key id: //p' "$WORK/.out")
expect_eq "$(head -n1 govrec.pub)" "untrusted comment: minisign public key $id" "public key comment"
expect_eq "$(sed -n 2p govrec.pub | wc -c)" 57 "public key line length"

# minisign signs with the govrec key and verifies with the govrec public key.
minisign -S -s "$HOME/.govrec/govrec.key" -m data.txt -t "signed by minisign" >/dev/null 2>&1
expect_eq $? 0 "minisign -S with a govrec key"
minisign -Vm data.txt -p govrec.pub >/dev/null 2>&1
expect_eq $? 0 "minisign -V with a govrec public key"
printf 'changed\n' >>data.txt
minisign -Vm data.txt -p govrec.pub >/dev/null 2>&1
expect_eq $? 1 "minisign -V of changed data"
printf 'the data\n' >data.txt

# Never overwritten: the same paths again are refused and nothing changes.
before=$(cat "$HOME/.govrec/govrec.key" govrec.pub)
run key generate -W
expect_rc 1
expect_err "already exists; a key file is never overwritten"
run key generate -W -p other.pub
expect_rc 1
expect_eq "$(cat "$HOME/.govrec/govrec.key" govrec.pub)" "$before" "existing keys after refusal"
[ ! -e other.pub ] && ok || fail "other.pub was written"
ln -s "$WORK/elsewhere" dangling.key
run key generate -W -p d.pub -s dangling.key
expect_rc 1
[ ! -e "$WORK/elsewhere" ] && ok || fail "a symbolic link was followed"

# key show
run key show
expect_rc 0
expect_out "key id: $id"
expect_out "public key: $(sed -n 2p govrec.pub)"
run --json key show -p govrec.pub
expect_rc 0
expect_eq "$(json 'j["key_id"]')" "$id" "json key_id"
expect_eq "$(json 'j["public_key"]')" "$(sed -n 2p govrec.pub)" "json public_key"
run key show -p missing.pub
expect_rc 2
expect_err "cannot open public key 'missing.pub'"
printf 'untrusted comment: x\nnot a key\n' >bad.pub
run key show -p bad.pub
expect_rc 2
expect_err "public key 'bad.pub': it is not a minisign public key"
run key show extra
expect_rc 2

# A key made by minisign is shown with the id minisign gives it.
minisign -G -W -p m.pub -s m.key >/dev/null 2>&1
run key show -p m.pub
expect_rc 0
expect_out "key id: $(head -n1 m.pub | sed 's/.* //')"

# Password from GOVREC_PASSWORD (minisign's real scrypt limits), opened by minisign.
GOVREC_PASSWORD='correct horse' run key generate -p p.pub -s p.key
expect_rc 0
expect_out "(protected by a password)"
printf 'correct horse\n' | minisign -S -s p.key -m data.txt -x p.minisig >/dev/null 2>&1
expect_eq $? 0 "minisign -S with a password-protected govrec key"
minisign -Vm data.txt -x p.minisig -p p.pub >/dev/null 2>&1
expect_eq $? 0 "minisign -V of a signature by a password-protected govrec key"
# (A wrong password is tested in check_sign with small scrypt limits: each try here costs seconds.)

# Password from a file descriptor; --json.
printf 'from fd\n' >pw.txt
"$GOVREC" --json key generate -p fd.pub -s fd.key --password-fd 3 3<pw.txt >"$WORK/.out" 2>"$WORK/.err"
rc=$?
out=$(cat "$WORK/.out")
err=$(cat "$WORK/.err")
expect_rc 0
expect_eq "$(json 'j["encrypted"]')" True "json encrypted"
expect_eq "$(json 'j["secret_key_file"]')" fd.key "json secret_key_file"
expect_eq "$(head -c 6 fd.key | wc -c)" 6 "fd.key written"

# Bad password input: empty, none and no terminal, -W with --password-fd.
GOVREC_PASSWORD= run key generate -p e.pub -s e.key
expect_rc 2
expect_err "the password is empty"
[ ! -e e.key ] && [ ! -e e.pub ] && ok || fail "a key was written without a password"
if command -v setsid >/dev/null; then
	setsid -w "$GOVREC" key generate -p t.pub -s t.key </dev/null >"$WORK/.out" 2>"$WORK/.err"
	rc=$?
	err=$(cat "$WORK/.err")
	expect_rc 2
	expect_err "there is no terminal to ask on"
fi
run key generate -W --password-fd 0 -p w.pub -s w.key
expect_rc 2
expect_err "-W and --password-fd do not go together"
run key generate -W --password-fd nine
expect_rc 2

# A place that does not exist is refused as bad input (2, govrec(1)) and
# leaves no half key pair.
run key generate -W -p ok.pub -s "$WORK/no/such/dir/x.key"
expect_rc 2
[ ! -e ok.pub ] && ok || fail "a public key was left without its secret key"

finish
