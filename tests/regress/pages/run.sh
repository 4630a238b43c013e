#!/bin/sh
# run.sh BIN - golden pages: renders data/, diffs chosen pages with expected/ (diff -u), checks every page and link.
# UPDATE=1 sh run.sh BIN rewrites expected/ from the current templates.
. "$(dirname "$0")/../../lib.sh"
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$bin" build -q -d "$here/data" -o "$tmp/a" -t "$top/templates" -j 2 >/dev/null 2>"$tmp/err"
check "build exits 0" [ $? -eq 0 ]
check "build writes nothing on stderr" [ ! -s "$tmp/err" ]
[ -s "$tmp/err" ] && cat "$tmp/err"

# Download sizes and checksums are the downloads' business: mask them.  The
# style sheet the 404 page carries is static/site.css itself: one line.
norm() {
	sed -E -e 's/[0-9][0-9.,]* (byte|KB|MB|GB)/N \1/g' -e 's/[0-9a-f]{64}/SHA256/g' \
		-e '/^<style>$/,/^<\/style>$/{/^<style>$/!{/^<\/style>$/!d}}' "$1"
}

if [ -n "$UPDATE" ]; then
	(cd "$here/expected" && find . -type f) | while read -r f; do
		norm "$tmp/a/$f" >"$here/expected/$f"
	done
fi
for f in $(cd "$here/expected" && find . -type f | sort); do
	norm "$tmp/a/$f" >"$tmp/got" 2>/dev/null
	check "$f matches" diff -u "$here/expected/$f" "$tmp/got"
done

# The same input gives the same bytes with any number of jobs.
"$bin" build -q -d "$here/data" -o "$tmp/b" -t "$top/templates" -j 1 >/dev/null 2>&1
check "-j 1 and -j 2 give identical sites" diff -r "$tmp/a" "$tmp/b"

# Every page: one h1, lang="vi", the sample notice, no NaN; every relative
# link and #fragment resolves.
check "pages and links" python3 "$here/check_site.py" "$tmp/a"
finish
