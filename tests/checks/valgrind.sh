#!/bin/sh
# valgrind.sh BIN - no leak and no memory error on a sample check and build.
. "$(dirname "$0")/../lib.sh"
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! command -v valgrind >/dev/null; then
	fail "valgrind is not installed (make test installs it as root)"
	finish
	exit 1
fi
vg="valgrind --leak-check=full --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 -q"
$vg "$bin" check -d data >/dev/null 2>"$tmp/check.log"
check "valgrind: check of the sample data is clean" [ $? -eq 0 ]
[ -s "$tmp/check.log" ] && cat "$tmp/check.log"
$vg "$bin" build -q -j 2 -d data -o "$tmp/site" >/dev/null 2>"$tmp/build.log"
check "valgrind: build of the sample data is clean" [ $? -eq 0 ]
[ -s "$tmp/build.log" ] && head -50 "$tmp/build.log"
cp -R data "$tmp/data"
MINHBACH_TODAY=2025-01-15 $vg "$bin" draft 2024-q4 -d "$tmp/data" >/dev/null 2>"$tmp/draft.log"
check "valgrind: a draft of the sample data is clean" [ $? -eq 0 ]
[ -s "$tmp/draft.log" ] && head -50 "$tmp/draft.log"
LANGUAGE=vi $vg "$bin" check -d "$tmp/data" >/dev/null 2>"$tmp/vi.log"
check "valgrind: a check in Vietnamese is clean" [ $? -eq 0 ]
[ -s "$tmp/vi.log" ] && head -50 "$tmp/vi.log"
$vg "$bin" check -d tests/fixtures/does-not-exist >/dev/null 2>&1
check "valgrind: failed check is clean" [ $? -eq 1 ]
finish
