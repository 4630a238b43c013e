#!/bin/sh
# browser.sh BIN - the sample site and the reorganisation site in a real
# browser.  Debian's chromium, headless and driven by puppeteer-core
# (tests/browser/check.mjs), opens the sample's home page, a commune's page
# and the procedures page, and the reorganisation site's home page, A–Z
# list, a merged commune's page, the new commune's page and the period after
# the reorganisation, at 390 px and 1280 px: no console error, no failed
# request, no horizontal scroll at 390 px, and no WCAG 2.1 A/AA violation
# found by axe-core.  Each (page, width, check) is one check.  The pinned npm packages are installed with "npm ci" when
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

# The first commune of the sample: a unit whose parent has a parent in turn
# or, failing that, any unit with a parent.
commune=$(node -e '
const u = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).units;
const byId = new Map(u.map((x) => [x.id, x]));
const c = u.find((x) => x.parent && byId.has(x.parent) && !byId.get(x.parent).parent) || u.find((x) => x.parent);
if (c) console.log(c.id);' data/units.json)
if [ -z "$commune" ] || [ ! -f "$tmp/site/don-vi/$commune/index.html" ]; then
	give_up "no commune page found in the sample site (commune: '$commune')"
fi

# run SITE SHOTS PAGE...: check.mjs on PAGE... of SITE; each result line
# becomes one check, and the run must get to the end with 7 results a page.
run() {
	site=$1 shots=$2
	shift 2
	expected=$(($# * 7))
	set -- --site "$site" --chromium "$chromium" "$@"
	[ -n "$BROWSER_SHOTS" ] && set -- --shots "$BROWSER_SHOTS/$shots" "$@" && mkdir -p "$BROWSER_SHOTS/$shots"
	limit 300 node "$dir/check.mjs" "$@" >"$tmp/out" 2>&1
	rc=$?
	done_line=""
	while IFS= read -r line; do
		case $line in
		"RESULT ok "*) ok ;;
		"RESULT fail "*) fail "${line#RESULT fail }" ;;
		"DONE "*) done_line=$line ;;
		*) printf '%s\n' "$line" ;;
		esac
	done <"$tmp/out"
	check "the browser check of $shots ran to the end ($expected checks, exit status $rc)" \
		[ "$rc/$done_line" = "0/DONE $expected" ]
}

run "$tmp/site" sample index.html "don-vi/$commune/index.html" thu-tuc/index.html

# The reorganisation: a citizen of a merged commune, from the old commune's
# page to the new one's.
"$bin" build -q -j 2 -d tests/fixtures/reorg -o "$tmp/reorg" >"$tmp/build.out" 2>&1
rc=$?
check "the reorganisation site builds" [ $rc -eq 0 ]
[ $rc -eq 0 ] || { head -n 30 "$tmp/build.out"; finish; exit 1; }
# shellcheck disable=SC2086
run "$tmp/reorg" reorg $reorg_pages
finish
