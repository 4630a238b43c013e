#!/bin/sh
# run.sh BIN - one figure per fact: builds data/ (every figure just under a half,
# see make_data.py) and checks pages, alt text, workbooks, CSV and JSON with
# check_figures.py; the data is valid without a warning.
. "$(dirname "$0")/../../lib.sh"
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$bin" check -d "$here/data" >/dev/null 2>"$tmp/err"
check "check exits 0" [ $? -eq 0 ]
check "check writes nothing on stderr" [ ! -s "$tmp/err" ]
"$bin" build -q -d "$here/data" -o "$tmp/site" -t "$top/templates" >/dev/null 2>"$tmp/err"
check "build exits 0" [ $? -eq 0 ]
check "build writes nothing on stderr" [ ! -s "$tmp/err" ]
[ -s "$tmp/err" ] && cat "$tmp/err"
/usr/bin/python3 "$here/check_figures.py" "$tmp/site" "$here/data" >"$tmp/log" 2>&1
grep -v -E '^[0-9]+ passed, [0-9]+ failed' "$tmp/log"
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$tmp/log" | tail -n 1)
if [ -z "$line" ]; then
	fail "check_figures.py ended without a result"
else
	passed=$((passed + $(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')))
	failed=$((failed + $(echo "$line" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')))
fi
finish
