#!/bin/sh
# run.sh BIN - golden pages of the 2025 reorganisation (tests/fixtures/reorg):
# renders the data, diffs chosen pages with expected/ (diff -u), checks every
# page and link, and follows a merged commune to its new commune
# (check_life.py).  UPDATE=1 sh run.sh BIN rewrites expected/.
. "$(dirname "$0")/../../lib.sh"
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
data=$top/tests/fixtures/reorg
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$bin" build -q -d "$data" -o "$tmp/a" -t "$top/templates" -j 2 >/dev/null 2>"$tmp/err"
check "build exits 0" [ $? -eq 0 ]
check "build writes nothing on stderr" [ ! -s "$tmp/err" ]
[ -s "$tmp/err" ] && cat "$tmp/err"

# Download sizes and checksums are the downloads' business: mask them.
norm() {
	sed -E -e 's/[0-9][0-9.,]* (byte|KB|MB|GB)/N \1/g' -e 's/[0-9a-f]{64}/SHA256/g' "$1"
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

"$bin" build -q -d "$data" -o "$tmp/b" -t "$top/templates" -j 1 >/dev/null 2>&1
check "-j 1 and -j 2 give identical sites" diff -r "$tmp/a" "$tmp/b"

check "pages and links" python3 "$top/tests/regress/pages/check_site.py" "$tmp/a"
check "units over time: ended, successors, predecessors, former units, mới" \
	python3 "$here/check_life.py" "$data" "$tmp/a"

# The check fails when the way from the old commune to the new one is cut.
cp -R "$tmp/a" "$tmp/cut"
sed -i 's|href="../../don-vi/xa-an-phu-2025/index.html"|href="../../don-vi/xa-an-phu/index.html"|g' \
	"$tmp/cut/don-vi/xa-an-phu/index.html"
python3 "$here/check_life.py" "$data" "$tmp/cut" >"$tmp/out"
check "check_life.py finds a missing link to a successor" [ $? -eq 1 ]
check "check_life.py names it" grep -q "xa-an-phu: no working link to its successor xa-an-phu-2025" "$tmp/out"

# A commune that outlived its district (kept as it was on 1/7/2025) is not
# shown under the ended district as if it were still its parent.
cp -R "$data" "$tmp/kept"
python3 - "$tmp/kept/units.json" <<'PY'
import json, sys
p = sys.argv[1]
d = json.load(open(p, encoding="utf-8"))
d["units"].append({"id": "xa-dao-ngoc", "name": "UBND xã Đảo Ngọc", "group": "xa",
                   "parent": "huyen-tay-an"})
json.dump(d, open(p, "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY
"$bin" build -q -d "$tmp/kept" -o "$tmp/k" -t "$top/templates" >/dev/null 2>&1
check "kept commune: build exits 0" [ $? -eq 0 ]
k=$tmp/k/don-vi/xa-dao-ngoc/index.html
check "kept commune: its district is named with its end" \
	grep -q 'Trực thuộc <a href="../../don-vi/huyen-tay-an/index.html">UBND huyện Tây An</a> đến ngày 30/06/2025' "$k"
check "kept commune: not under the district in the page path" \
	sh -c "! grep 'class=\"crumbs\"' '$k' | grep -q huyen-tay-an"
check "kept commune: no \"Trực thuộc:\" of the ended district" sh -c "! grep -q 'Trực thuộc: ' '$k'"
check "kept commune: listed with current units, without the district" \
	grep -q 'xa-dao-ngoc/index.html">UBND xã Đảo Ngọc</a></li>' "$tmp/k/don-vi/index.html"
check "kept commune: search data without the district" \
	grep -qF '["xa-dao-ngoc","UBND xã Đảo Ngọc","UBND cấp xã","",0]' "$tmp/k/don-vi/tim-kiem.js"
check "kept commune: the district still lists it among its communes" \
	grep -q 'xa-dao-ngoc/index.html">UBND xã Đảo Ngọc</a></li>' "$tmp/k/don-vi/huyen-tay-an/index.html"
finish
