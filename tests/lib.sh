# lib.sh - helpers for shell test scripts: ok/fail counting and a closing line.
# The tests read the program's messages in English, whatever the data's
# site.json or this machine's locale says (an explicit LANGUAGE=en wins over
# both); tests/checks/messages.sh asks for Vietnamese where it wants it.
LANGUAGE=en
export LANGUAGE
passed=0
failed=0
ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
# check DESCRIPTION COMMAND... : passes when the command succeeds.
check() {
	desc=$1
	shift
	if "$@"; then ok; else fail "$desc"; fi
}
finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
