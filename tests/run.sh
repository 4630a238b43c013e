#!/bin/sh
# run.sh BUILD [SANITIZER_BUILD] - the whole test suite; ends with "N passed, N failed".
# Runs the unit tests and command-line tests of each build, the regression
# suites, the reader checks of the downloads, and valgrind on a sample build.
# Messages in English (see lib.sh).
LANGUAGE=en
export LANGUAGE
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# Runs a command, echoes its output, adds its closing "N passed, N failed".
suite() {
	name=$1
	shift
	echo "== $name"
	"$@" >"$log" 2>&1
	rc=$?
	cat "$log"
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	if [ -z "$line" ]; then
		echo "$name: no result line (exit $rc)"
		failed=$((failed + 1))
		return
	fi
	p=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
	f=$(echo "$line" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$f" -eq 0 ] && [ "$rc" -ne 0 ]; then
		echo "$name: exit status $rc"
		failed=$((failed + 1))
	fi
}

for build in "$@"; do
	for t in "$build"/tests/test_*; do
		[ -x "$t" ] || continue
		suite "$(basename "$t") ($build)" "$t"
	done
	suite "cli ($build)" sh tests/cli.sh "$build/minhbach"
	suite "import ($build)" sh tests/import/run.sh "$build/minhbach"
	for r in tests/regress/*/run.sh; do
		[ -f "$r" ] || continue
		suite "$(dirname "$r") ($build)" sh "$r" "$build/minhbach"
	done
done

# Slower checks run once, on the first (plain) build.
bin="$1/minhbach"
suite downloads sh tests/downloads/run.sh "$bin"
for s in tests/checks/*.sh; do
	[ -f "$s" ] || continue
	suite "$(basename "$s" .sh)" sh "$s" "$bin"
done

echo "== total"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
