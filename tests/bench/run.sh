#!/bin/sh
# run.sh BUILD - national-scale benchmarks (make bench); prints the figures.
# The national data (~11,400 units, 10 periods, ~58 MB of JSON) is generated
# once into tests/bench/national/ by gen_national.py (fixed seed), and the
# Hugo reference project of its pages once into tests/bench/national-hugo/
# (again whenever the data, the templates, hugo.py or the program change).
set -e
build=${1:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
bin=$top/$build/minhbach
ctxbin=$top/$build/bench/contexts
nat=$top/tests/bench/national
work=${BENCH_TMP:-$(mktemp -d)}
trap 'rm -rf "$work"' EXIT
runs=${BENCH_RUNS:-3}
m() { /usr/bin/python3 tests/bench/measure.py "$@"; }
vs() { /usr/bin/python3 tests/bench/versus.py "$@"; }

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
fresh="sync; mkdir -p $work/trash && if [ -e $work/out ]; then mv $work/out $work/trash/out.\$\$; fi; rm -f $work/.out.cache"

# hugo_project DATA PROJECT: the Hugo reference of DATA's pages (hugo.py):
# every page's template context as a build computes it (contexts.c, which
# draws the charts and writes the downloads into a scratch folder, as the
# pages list them), turned into a Hugo project of the same templates.
hugo_project() {
	rm -rf "$2" "$work/scratch"
	# (The data's warnings kept aside, shown only when it fails.)
	"$ctxbin" "$1" templates "$work/scratch" "$work/ctx.jsonl" >/dev/null 2>"$work/ctx.err" ||
		{ tail -n 20 "$work/ctx.err" >&2; echo "run.sh: contexts failed on $1" >&2; exit 1; }
	/usr/bin/python3 tests/bench/hugo.py "$work/ctx.jsonl" templates "$2" >/dev/null
	rm -rf "$work/scratch" "$work/ctx.jsonl"
}
# What the national project is made from: regenerated when any of it changes.
# (Paths relative to the top folder: the stamp does not depend on where it is.)
hugo_stamp() {
	{ sha256sum <"$ctxbin"; find tests/bench/hugo.py templates tests/bench/national -type f |
		LC_ALL=C sort | xargs sha256sum; } | sha256sum | cut -d' ' -f1
}
hnat=$top/tests/bench/national-hugo
stamp=$(hugo_stamp)
if [ "$(cat "$hnat/stamp" 2>/dev/null)" != "$stamp" ]; then
	echo "generating the Hugo reference project of the national pages (once)"
	mkdir -p "$hnat"
	hugo_project "$nat" "$hnat/project"
	echo "$stamp" >"$hnat/stamp"
fi
hfresh="sync; mkdir -p $work/trash && if [ -e $work/hout ]; then mv $work/hout $work/trash/hout.\$\$; fi"

# ---- The targets of issue 17, side by side in one run ---------------------
# Hugo renders the same HTML pages from contexts minhbach computed (no chart,
# no download, no sitemap or search list); minhbach makes the whole site.
# Both write into a fresh folder, alternately.
echo "Targets: minhbach's whole site against Hugo's HTML pages alone ($(hugo version | cut -d' ' -f2))"
vs "national full build, -j 2, against Hugo" "$runs" 0.75 800 \
	"$fresh" "$bin build -q -j 2 -d $nat -o $work/out" \
	"$hfresh" "hugo --quiet -s $hnat/project -d $work/hout"
hugo_project data "$work/phugo"
vs "province full build (sample data/), -j 2, against Hugo" "${BENCH_PROVINCE_RUNS:-9}" 1.0 0 \
	"sync; mkdir -p $work/trash; if [ -e $work/p ]; then mv $work/p $work/trash/p.\$\$; fi; rm -f $work/.p.cache" \
	"$bin build -q -j 2 -d data -o $work/p" \
	"sync; mkdir -p $work/trash; if [ -e $work/ph ]; then mv $work/ph $work/trash/ph.\$\$; fi" \
	"hugo --quiet -s $work/phugo -d $work/ph"
# The last national build of the comparison is in $work/out, its cache beside.
m "no-op rebuild (national)" 5 --under 1 -- "$bin" build -q -j 2 -d "$nat" -o "$work/out"
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
flip="sync; if cmp -s $q $work/q.a; then cp $work/q.b $q; else cp $work/q.a $q; fi"
"$bin" build -q -j 2 -d "$work/data" -o "$work/out2" 2>/dev/null
m "rebuild after one quarter changed (national)" "$runs" --under 3 --prep "$flip" \
	-- "$bin" build -q -j 2 -d "$work/data" -o "$work/out2"
# Where its time goes: the stages of one more such rebuild.
eval "$flip"
"$bin" build -j 2 -d "$work/data" -o "$work/out2" 2>/dev/null | sed 's/^/  /'
apparent=$(du -s --apparent-size -B1 "$work/out" | cut -f1)
used=$(du -s -B1 "$work/out" | cut -f1)
awk -v a="$apparent" -v u="$used" 'BEGIN { printf "national output: %.0f MB apparent (%.0f MB on disk, du)  target < 700 MB apparent: %s\n", a / 1e6, u / 1e6, a < 700e6 ? "met" : "NOT MET" }'
echo

# ---- The details -----------------------------------------------------------
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
m "full build, -j 1 (national)" 1 --prep "$fresh" -- "$bin" build -q -j 1 -d "$nat" -o "$work/out"
m "pages only, -j 2 (national)" "$runs" --prep "$fresh" -- "$bin" build -q -j 2 --only pages -d "$nat" -o "$work/out"
m "charts only, -j 2 (national)" "$runs" --prep "$fresh" -- "$bin" build -q -j 2 --only charts -d "$nat" -o "$work/out"
m "downloads only, -j 2 (national)" "$runs" --prep "$fresh" -- "$bin" build -q -j 2 --only downloads -d "$nat" -o "$work/out"

# The per-stage split and chart count of one full build.
eval "$fresh"
"$bin" build -j 2 -d "$nat" -o "$work/out" >"$work/summary" 2>/dev/null
sed 's/^/  /' "$work/summary"
# charts drawn, milliseconds a chart (wall, -j 2), total chart time
sed -n 's/.*charts \([0-9.]*\) s (\([0-9]*\) PNG).*/\1 \2/p' "$work/summary" |
	awk '{ printf "  charts: %d PNG in %.2f s, %.3f ms each (wall, -j 2)\n", $2, $1, $2 ? 1000 * $1 / $2 : 0 }'
files=$(find "$work/out" -type f | wc -l)
pngs=$(find "$work/out" -name '*.png' | wc -l)
echo "  $files files, $pngs PNG charts, $(du -sh "$work/out" | cut -f1)"

m "cp -r of the finished site (the floor)" "$runs" \
	--prep "mkdir -p $work/trash && if [ -e $work/copy ]; then mv $work/copy $work/trash/copy.\$\$; fi" \
	-- cp -r "$work/out" "$work/copy"

echo
"$build/tests/test_chart" bench | sed 's/^/  /'

# The first step of import: a quarter of the national data as the official
# report form (about 12,100 rows of 20 columns), read into memory.
sheet="$work/services-2024-q4.xlsx"
/usr/bin/python3 tests/bench/gen_services_xlsx.py "$nat" 2024-q4 "$sheet"
m "read the services workbook (national, mb_book_read)" 5 -- "$build/tests/test_sheet" bench "$sheet"
"$build/tests/test_sheet" bench "$sheet" | sed 's/^/  /'
