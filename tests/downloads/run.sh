#!/bin/sh
# run.sh MINHBACH - the downloads as their readers see them; ends with "N passed, N failed".
# Builds the sample data and the formula-injection data, runs
# check_downloads.py on each, and checks that two builds give identical
# bytes under tai-ve/.
bin=${1:?usage: run.sh MINHBACH}
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

# Adds the closing "N passed, N failed" line of a check to the totals.
count() {
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
	if [ -z "$line" ]; then
		failed=$((failed + 1))
		return
	fi
	passed=$((passed + $(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')))
	failed=$((failed + $(echo "$line" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')))
}

for case in sample:data injection:tests/downloads/injection; do
	name=${case%%:*}
	data=$top/${case#*:}
	if ! "$bin" build -q -d "$data" -o "$tmp/$name" -t "$top/templates" >"$tmp/build.log" 2>&1; then
		cat "$tmp/build.log"
		echo "FAIL $name: the build failed"
		failed=$((failed + 1))
		continue
	fi
	/usr/bin/python3 "$top/tests/downloads/check_downloads.py" "$tmp/$name" "$data" >"$tmp/check.log" 2>&1
	grep -v -E '^[0-9]+ passed, [0-9]+ failed' "$tmp/check.log"
	echo "$name: $(tail -n 1 "$tmp/check.log")"
	count "$tmp/check.log"
done

# Determinism: a second build of the sample gives the same bytes.
if "$bin" build -q -d "$top/data" -o "$tmp/again" -t "$top/templates" >/dev/null 2>&1 &&
	diff -r "$tmp/sample/tai-ve" "$tmp/again/tai-ve" >"$tmp/diff.log" 2>&1; then
	passed=$((passed + 1))
else
	head -n 5 "$tmp/diff.log"
	echo "FAIL determinism: two builds differ under tai-ve/"
	failed=$((failed + 1))
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
