#!/bin/sh
# run.sh BIN - golden case: the 2025 reorganisation (tests/fixtures/reorg); hand-computed
# tai-ve/<period>.json and check output, diffed with diff -u.  See NOTES.md.
. "$(dirname "$0")/../../lib.sh"
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")" || exit 1
data=../../fixtures/reorg
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" check -d "$data" 2>"$tmp/check.txt" >/dev/null
check "check exits 0" [ $? -eq 0 ]
check "check output matches" diff -u expected/check.txt "$tmp/check.txt"
"$bin" build -q -d "$data" -o "$tmp/site" -t ../../../templates 2>/dev/null
check "build exits 0" [ $? -eq 0 ]
for f in expected/tai-ve/*.json; do
	check "$f matches" diff -u "$f" "$tmp/site/tai-ve/$(basename "$f")"
done
# The former units keep their pages; the new ones have theirs.
for u in xa-an-phu xa-binh-minh huyen-dong-an so-ke-hoach-va-dau-tu xa-an-phu-2025 xa-tan-an; do
	check "don-vi/$u/index.html exists" [ -s "$tmp/site/don-vi/$u/index.html" ]
done
finish
