#!/bin/sh
# run.sh BUILD - national-scale benchmarks (make bench); prints the figures.
# The national data (~11,400 units, 10 periods, ~58 MB of JSON) is generated
# once into tests/bench/national/ by gen_national.py (fixed seed).
set -e
build=${1:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
bin=$top/$build/minhbach
nat=$top/tests/bench/national
work=${BENCH_TMP:-$(mktemp -d)}
trap 'rm -rf "$work"' EXIT
runs=${BENCH_RUNS:-3}
m() { /usr/bin/python3 tests/bench/measure.py "$@"; }

if [ ! -f "$nat/units.json" ] || [ tests/bench/gen_national.py -nt "$nat/units.json" ]; then
	rm -rf "$nat"
	/usr/bin/python3 tests/bench/gen_national.py "$nat"
fi
echo "national data: $(du -sh "$nat" | cut -f1), $(nproc) CPUs, -j 2, median of $runs runs"
echo

# A "full build" starts from no output.  The previous output is moved aside
# rather than deleted (everything is removed at the end): on ext4 without a
# journal, inodes freed in the last minutes are skipped one by one when new
# files are created, so deleting a 1.5 GB tree just before a build added
# seconds of kernel time that a first build never pays.
fresh="mkdir -p $work/trash && if [ -e $work/out ]; then mv $work/out $work/trash/out.\$\$; fi; rm -f $work/.out.cache"
m "check (national)" 5 -- "$bin" check -d "$nat"

# import: the national data's own figures as spreadsheets (gen_import.py),
# read, matched to units by name, checked with the whole data folder and
# compared with the files they would replace (--dry-run: nothing changes).
imp=$top/tests/bench/national-import
if [ ! -f "$imp/par-2023.xlsx" ] || [ tests/bench/gen_import.py -nt "$imp/par-2023.xlsx" ] ||
	[ "$nat/units.json" -nt "$imp/par-2023.xlsx" ]; then
	rm -rf "$imp"
	/usr/bin/python3 tests/bench/gen_import.py "$nat" "$imp"
fi
m "import services workbook (national)" 5 -- "$bin" import --dry-run -d "$nat" --period 2024-q4 "$imp/services-2024-q4.xlsx"
m "import PAR INDEX table (national)" 5 -- "$bin" import --dry-run -d "$nat" --period 2023 "$imp/par-2023.xlsx"
m "full build, -j 2 (national)" "$runs" --prep "$fresh" -- "$bin" build -q -j 2 -d "$nat" -o "$work/out"
m "full build, -j 1 (national)" 1 --prep "$fresh" -- "$bin" build -q -j 1 -d "$nat" -o "$work/out"
m "pages only, -j 2 (national)" "$runs" --prep "$fresh" -- "$bin" build -q -j 2 --only pages -d "$nat" -o "$work/out"
m "charts only, -j 2 (national)" "$runs" --prep "$fresh" -- "$bin" build -q -j 2 --only charts -d "$nat" -o "$work/out"
m "downloads only, -j 2 (national)" "$runs" --prep "$fresh" -- "$bin" build -q -j 2 --only downloads -d "$nat" -o "$work/out"

# The per-stage split and chart count of one full build.
eval "$fresh"
"$bin" build -j 2 -d "$nat" -o "$work/out" >"$work/summary"
sed 's/^/  /' "$work/summary"
# charts drawn, milliseconds a chart (wall, -j 2), total chart time
sed -n 's/.*charts \([0-9.]*\) s (\([0-9]*\) PNG).*/\1 \2/p' "$work/summary" |
	awk '{ printf "  charts: %d PNG in %.2f s, %.3f ms each (wall, -j 2)\n", $2, $1, $2 ? 1000 * $1 / $2 : 0 }'
files=$(find "$work/out" -type f | wc -l)
pngs=$(find "$work/out" -name '*.png' | wc -l)
echo "  $files files, $pngs PNG charts, $(du -sh "$work/out" | cut -f1)"

m "no-op rebuild (national)" 5 -- "$bin" build -q -j 2 -d "$nat" -o "$work/out"

# One quarter changes: a copy of the data whose 2024-q2 flips between two versions.
cp -R "$nat" "$work/data"
q="$work/data/periods/2024-q2/services.json"
cp "$q" "$work/q.a"
/usr/bin/python3 - "$q" "$work/q.b" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
for r in d["services"][:50]:
    r["resolved"]["late"] += 1; r["resolved"]["on_time"] -= 1
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
"$bin" build -q -j 2 -d "$work/data" -o "$work/out2"
m "rebuild after one quarter changed (national)" "$runs" \
	--prep "if cmp -s $q $work/q.a; then cp $work/q.b $q; else cp $work/q.a $q; fi" \
	-- "$bin" build -q -j 2 -d "$work/data" -o "$work/out2"
m "cp -r of the finished site (the floor)" "$runs" \
	--prep "mkdir -p $work/trash && if [ -e $work/copy ]; then mv $work/copy $work/trash/copy.\$\$; fi" \
	-- cp -r "$work/out" "$work/copy"

echo
m "full build, -j 2 (sample province)" 5 --prep "rm -rf $work/p $work/.p.cache" -- "$bin" build -q -j 2 -d data -o "$work/p"
"$build/tests/test_chart" bench | sed 's/^/  /'

# The first step of import: a quarter of the national data as the official
# report form (about 12,100 rows of 20 columns), read into memory.
sheet="$work/services-2024-q4.xlsx"
/usr/bin/python3 tests/bench/gen_services_xlsx.py "$nat" 2024-q4 "$sheet"
m "read the services workbook (national, mb_book_read)" 5 -- "$build/tests/test_sheet" bench "$sheet"
"$build/tests/test_sheet" bench "$sheet" | sed 's/^/  /'
