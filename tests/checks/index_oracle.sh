#!/bin/sh
# index_oracle.sh BIN - every index section of every tai-ve/<period>.json of the
# sample data, the reorganisation fixture and the golden cases, recomputed by an
# independent oracle with exact fractions (index_oracle.py).
. "$(dirname "$0")/../lib.sh"
bin=$1
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for data in data tests/fixtures/reorg tests/regress/basic/data tests/regress/pages/data; do
	name=$(echo "$data" | tr '/' '-')
	"$bin" build -q -d "$top/$data" -o "$tmp/$name" -t "$top/templates" >"$tmp/build.log" 2>&1
	check "$data builds" [ $? -eq 0 ]
	/usr/bin/python3 "$top/tests/checks/index_oracle.py" "$tmp/$name" "$top/$data" >"$tmp/oracle.log" 2>&1
	rc=$?
	grep -v -E '^[0-9]+ passed, [0-9]+ failed' "$tmp/oracle.log"
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$tmp/oracle.log" | tail -n 1)
	if [ -z "$line" ]; then
		fail "$data: the oracle did not finish (exit $rc)"
		continue
	fi
	# one pass or failure per index section of a period
	passed=$((passed + $(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')))
	failed=$((failed + $(echo "$line" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')))
done
finish
