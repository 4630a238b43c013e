#!/bin/sh
# search.sh BIN - the unit search's ranking: builds the sample and the
# reorganisation fixture, then runs tests/search/check.js under node on the
# search lists they wrote (don-vi/tim-kiem.js) with the site's own script.
. "$(dirname "$0")/../lib.sh"
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$top" || exit 1

if ! command -v node >/dev/null; then
	fail "node is not installed (make test installs Debian's nodejs as root)"
	finish
	exit 1
fi
"$bin" build -q -j 2 -d data -o "$tmp/sample" --only pages >/dev/null 2>&1
check "the sample's pages build" [ $? -eq 0 ]
"$bin" build -q -j 2 -d tests/fixtures/reorg -o "$tmp/reorg" --only pages >/dev/null 2>&1
check "the reorganisation fixture's pages build" [ $? -eq 0 ]
node tests/search/check.js "$tmp/sample" "$tmp/reorg" >"$tmp/out" 2>&1
rc=$?
n=0
while IFS= read -r line; do
	case $line in
	"RESULT ok "*) ok ;;
	"RESULT fail "*) fail "${line#RESULT fail }" ;;
	"DONE "*) n=${line#DONE } ;;
	*) printf '%s\n' "$line" ;;
	esac
done <"$tmp/out"
check "the search cases ran to the end (exit status $rc, $n cases)" [ "$rc/$((n > 20))" = "0/1" ]
finish
