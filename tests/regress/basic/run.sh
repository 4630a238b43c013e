#!/bin/sh
# run.sh BIN - golden case: hand-computed tai-ve/<period>.json and check output, diffed with diff -u.
. "$(dirname "$0")/../../lib.sh"
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")" || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" check -d data 2>"$tmp/check.txt" >/dev/null
check "check exits 0 (warnings only)" [ $? -eq 0 ]
check "check output matches" diff -u expected/check.txt "$tmp/check.txt"
"$bin" build -q -d data -o "$tmp/site" -t ../../../templates 2>/dev/null
check "build exits 0" [ $? -eq 0 ]
for f in expected/tai-ve/*.json; do
	check "$f matches" diff -u "$f" "$tmp/site/tai-ve/$(basename "$f")"
done
finish
