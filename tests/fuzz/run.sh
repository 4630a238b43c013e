#!/bin/sh
# run.sh FUZZ_BUILD [SECONDS] [TARGET...] - runs each libFuzzer target for SECONDS (60).
#
# make fuzz builds the targets (FUZZ_BUILD/fuzz_NAME) and calls this.  Each
# target starts from its committed seeds, tests/fuzz/corpus/NAME/, and
# keeps what it discovers in tests/fuzz/corpus-run/NAME/ (not committed),
# so later runs go on from there.
#
# A crash stops its target and leaves the input in FUZZ_BUILD/crashes/NAME/.
# Then: shrink it (FUZZ_BUILD/fuzz_NAME -minimize_crash=1 -runs=10000 FILE),
# copy the result into tests/fuzz/regressions/NAME/ under a name that says
# what it breaks, and fix the bug: make test replays every file there.
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
build=${1:?usage: run.sh FUZZ_BUILD [SECONDS] [TARGET...]}
seconds=${2:-60}
[ $# -ge 2 ] && shift 2 || shift $#
targets=${*:-$(ls tests/fuzz/fuzz_*.c | sed 's|.*/fuzz_||; s|\.c$||')}
crashed=0
ran=0
for t in $targets; do
	bin="$build/fuzz_$t"
	[ -x "$bin" ] || { echo "$bin: not built (run make fuzz)"; crashed=$((crashed + 1)); continue; }
	case $t in
	data) max=65536 ;;
	path) max=4096 ;;
	sheet) max=65536 ;;
	*) max=16384 ;;
	esac
	dict=""
	[ -f "tests/fuzz/$t.dict" ] && dict="-dict=tests/fuzz/$t.dict"
	mkdir -p "tests/fuzz/corpus-run/$t" "$build/crashes/$t"
	log="$build/fuzz_$t.log"
	echo "== fuzz_$t for ${seconds}s"
	# The targets' scratch folders: libFuzzer ends without running atexit.
	scratch="$build/tmp-$t"
	rm -rf "$scratch"
	mkdir -p "$scratch"
	TMPDIR="$scratch" "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$max" \
		-print_final_stats=1 -artifact_prefix="$build/crashes/$t/" $dict \
		"tests/fuzz/corpus-run/$t" "tests/fuzz/corpus/$t" >"$log" 2>&1
	rc=$?
	rm -rf "$scratch"
	grep -E '^(stat::number_of_executed_units|stat::average_exec_per_sec|stat::new_units_added|stat::peak_rss_mb)' "$log"
	grep -E '^#[0-9]+ +DONE' "$log" | tail -n 1
	ran=$((ran + 1))
	if [ "$rc" -ne 0 ]; then
		crashed=$((crashed + 1))
		echo "fuzz_$t: crashed (exit $rc); the report:"
		grep -E -A 30 '^==[0-9]+==ERROR|runtime error|deadly signal|timeout|out-of-memory' "$log" | head -n 40
		ls "$build/crashes/$t"
	fi
done
echo "$((ran - crashed < 0 ? 0 : ran - crashed)) passed, $crashed failed"
[ "$crashed" -eq 0 ]
