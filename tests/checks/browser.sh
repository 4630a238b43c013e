#!/bin/sh
# browser.sh BIN - the sample site and the reorganisation site in a real
# browser.  Debian's chromium, headless and driven by puppeteer-core
# (tests/browser/check.mjs), opens one page of every type of the sample at
# 390 px and 1280 px (home, the list of periods, a year, a quarter, the A-Z
# list, a department, a district, a commune, an index, the procedures and a
# level's procedures, news, a news item, a Markdown page, the downloads, and
# a missing path answered by 404.html), and the reorganisation site's home
# page, A–Z list, a merged commune's page, the new commune's page and the
# period after the reorganisation: no console error, no failed request, no
# WCAG 2.1 A/AA violation found by axe-core, and at 390 px no horizontal
# scroll, every table's headings over their columns when it scrolls
# sideways, and chart text of at least 12 CSS px, measured on the charts
# themselves (a page whose charts stopped declaring data-text-px fails).
# Each (page, width, check) is one check.  First the layout checks run on tests/browser/fixtures,
# pages made to fail them, to show they can.
# The pinned npm packages are installed with "npm ci" when
# tests/browser/node_modules is missing or older than the lock file.
# BROWSER_SHOTS=DIR keeps a full-page screenshot of each page and width there.
. "$(dirname "$0")/../lib.sh"
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
top=$(cd "$(dirname "$0")/../.." && pwd)
dir="$top/tests/browser"
chromium=${CHROMIUM:-/usr/bin/chromium}
reorg_pages="index.html don-vi/index.html don-vi/xa-an-phu/index.html don-vi/xa-an-phu-2025/index.html ky/2025-q3/index.html"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
cd "$top" || exit 1

# Runs a command with a time limit when coreutils' timeout is there.
limit() {
	secs=$1
	shift
	if command -v timeout >/dev/null; then
		timeout -k 10 "$secs" "$@"
	else
		"$@"
	fi
}

give_up() {
	fail "$1"
	finish
	exit 1
}

[ -x "$chromium" ] || give_up "$chromium is not installed (make test installs Debian's chromium as root)"
command -v node >/dev/null || give_up "node is not installed (make test installs Debian's nodejs as root)"
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 18 ? 0 : 1)' ||
	give_up "node $(node --version) is too old: the browser check needs Node.js 18 or later"

# Debian's nodejs comes without npm; a nodejs package that bundles npm
# conflicts with Debian's npm, so npm is installed only when missing.
if ! command -v npm >/dev/null; then
	sh "$top/tests/deps.sh" npm || give_up "npm is missing (apt-get install npm, as root)"
fi

if [ ! -f "$dir/node_modules/.package-lock.json" ] ||
	[ -n "$(find "$dir/package-lock.json" -newer "$dir/node_modules/.package-lock.json")" ]; then
	echo "installing the browser check's npm packages (npm ci)"
	(cd "$dir" && limit 600 npm ci --ignore-scripts --no-audit --no-fund) >"$tmp/npm.log" 2>&1
	rc=$?
	check "npm ci installs the pinned packages" [ $rc -eq 0 ]
	[ $rc -eq 0 ] || { tail -n 30 "$tmp/npm.log"; finish; exit 1; }
fi

"$bin" build -q -j 2 -d data -o "$tmp/site" >"$tmp/build.out" 2>&1
rc=$?
check "the sample site builds" [ $rc -eq 0 ]
[ $rc -eq 0 ] || { head -n 30 "$tmp/build.out"; finish; exit 1; }

# One page of each kind, found in the data: a department (a unit with
# neither parent nor children), a district (a unit with children) and a
# commune (a unit whose parent has no parent).
units=$(node -e '
const u = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).units;
const byId = new Map(u.map((x) => [x.id, x]));
const kids = new Set(u.filter((x) => x.parent).map((x) => x.parent));
const dept = u.find((x) => !x.parent && !kids.has(x.id));
const district = u.find((x) => kids.has(x.id));
const commune = u.find((x) => x.parent && byId.has(x.parent) && !byId.get(x.parent).parent);
console.log([dept, district, commune].map((x) => (x ? x.id : "-")).join(" "));' data/units.json)
set -- $units
dept=$1 district=$2 commune=$3
index=$(cd "$tmp/site/chi-so" 2>/dev/null && ls | head -n 1)
year=$(cd "$tmp/site/ky" && ls | grep -E '^[0-9]{4}$' | tail -n 1)
quarter=$(cd "$tmp/site/ky" && ls | grep -E '^[0-9]{4}-q[1-4]$' | tail -n 1)
news=$(cd "$tmp/site/tin-tuc" && ls -d */ 2>/dev/null | head -n 1)
level=$(cd "$tmp/site/thu-tuc" && ls -d */ 2>/dev/null | tail -n 1)
mdpage=""
for d in "$tmp"/site/*/; do
	d=$(basename "$d")
	case $d in ky | don-vi | chi-so | thu-tuc | tin-tuc | tai-ve | bieu-do | static) ;;
	*) [ -f "$tmp/site/$d/index.html" ] && mdpage=$d && break ;;
	esac
done
pages="index.html ky/index.html ky/$year/index.html ky/$quarter/index.html don-vi/index.html
don-vi/$dept/index.html don-vi/$district/index.html don-vi/$commune/index.html
chi-so/$index/index.html thu-tuc/index.html thu-tuc/${level}index.html tin-tuc/index.html
tin-tuc/${news}index.html $mdpage/index.html tai-ve/index.html"
for p in $pages; do
	[ -f "$tmp/site/$p" ] || give_up "no page $p in the sample site (department '$dept', district '$district', commune '$commune', index '$index', year '$year', quarter '$quarter', news '$news', level '$level', page '$mdpage')"
done
pages="$pages 404:khong-co/trang-nay/"

# Reads check.mjs's output: a check per RESULT line.
tally() {
	done_line=""
	while IFS= read -r line; do
		case $line in
		"RESULT ok "*) ok ;;
		"RESULT fail "*) fail "${line#RESULT fail }" ;;
		"DONE "*) done_line=$line ;;
		*) printf '%s\n' "$line" ;;
		esac
	done <"$1"
}

# The layout checks can fail: on pages made to fail them they do, exactly there.
limit 120 node "$dir/check.mjs" --site "$dir/fixtures" --chromium "$chromium" --only tables,charts \
	tables-good.html tables-bad.html charts-good.html charts-bad.html >"$tmp/self" 2>&1
rc=$?
got=$(sed -n 's/^RESULT \([a-z]*\) \([a-z-]*\.html\) @390: \([a-z]*\).*/\2 \3 \1/p' "$tmp/self" | tr '\n' ' ')
want="tables-good.html tables ok tables-good.html chart ok tables-bad.html tables fail tables-bad.html chart ok \
charts-good.html tables ok charts-good.html chart ok charts-bad.html tables ok charts-bad.html chart fail "
check "the layout checks fail on the pages made to fail them, and only there" [ "$rc/$got" = "0/$want" ]
[ "$rc/$got" = "0/$want" ] || cat "$tmp/self"
grep -q "column «Column 1».*cell" "$tmp/self"
check "a first column kept in view without its heading is found" [ $? -eq 0 ]
grep -q "shown as cards, a cell without its column's name" "$tmp/self"
check "cards without labels are found" [ $? -eq 0 ]
grep -q "reads 10.4 CSS px, under 12" "$tmp/self" && grep -q "does not say the size of its text" "$tmp/self"
check "chart text under 12 CSS px, and a chart that does not say its size, are found" [ $? -eq 0 ]

# run SITE SHOTS PAGE...: check.mjs on PAGE... of SITE; each result line
# becomes one check, and the run must get to the end with 9 results a page
# (6 checks at 390 px: tables, charts, console, requests, scroll, axe; 3 at
# 1280).
run() {
	site=$1 shots=$2
	shift 2
	expected=$(($# * 9))
	secs=$((120 + 40 * $#))
	set -- --site "$site" --chromium "$chromium" "$@"
	[ -n "$BROWSER_SHOTS" ] && set -- --shots "$BROWSER_SHOTS/$shots" "$@" && mkdir -p "$BROWSER_SHOTS/$shots"
	limit $secs node "$dir/check.mjs" "$@" >"$tmp/out" 2>&1
	rc=$?
	tally "$tmp/out"
	check "the browser check of $shots ran to the end ($expected checks, exit status $rc)" \
		[ "$rc/$done_line" = "0/DONE $expected" ]
	# The chart-text check measures real charts: every chart declares its
	# text size, and some pages have charts to measure.
	! grep -q "no chart declares its text size" "$tmp/out" && grep -q "charts\{0,1\} measured)" "$tmp/out"
	check "the chart text of the $shots pages is measured, not skipped (data-text-px on every chart)" [ $? -eq 0 ]
}

# shellcheck disable=SC2086
run "$tmp/site" sample $pages

# The reorganisation: a citizen of a merged commune, from the old commune's
# page to the new one's.
"$bin" build -q -j 2 -d tests/fixtures/reorg -o "$tmp/reorg" >"$tmp/build.out" 2>&1
rc=$?
check "the reorganisation site builds" [ $rc -eq 0 ]
[ $rc -eq 0 ] || { head -n 30 "$tmp/build.out"; finish; exit 1; }
# shellcheck disable=SC2086
run "$tmp/reorg" reorg $reorg_pages
finish
