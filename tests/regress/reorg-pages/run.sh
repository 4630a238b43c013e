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
# shown under the ended district as if it were still its parent.  It is
# scored in 2024 (under its district then) and in 2025-q3 (after the
# district ended), with services in 2025-q3.
cp -R "$data" "$tmp/kept"
python3 - "$tmp/kept" <<'PY'
import json, os, sys
top = sys.argv[1]
def edit(rel, change):
    p = os.path.join(top, rel)
    d = json.load(open(p, encoding="utf-8"))
    change(d)
    json.dump(d, open(p, "w", encoding="utf-8"), ensure_ascii=False, indent=2)
def copy_row(key, like):
    def change(d):
        row = dict(next(r for r in d[key] if r["unit"] == like))
        row["unit"] = "xa-dao-ngoc"
        d[key].append(row)
    return change
edit("units.json", lambda d: d["units"].append(
    {"id": "xa-dao-ngoc", "name": "UBND xã Đảo Ngọc", "group": "xa", "parent": "huyen-tay-an"}))
edit("periods/2024/par.json", copy_row("scores", "xa-tan-hung"))
edit("periods/2025-q3/chi-so-766.json", copy_row("scores", "xa-tan-an"))
edit("periods/2025-q3/services.json", copy_row("services", "xa-tan-an"))
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
# Period tables are of their time: under the district in 2024; after the
# district ended no table of 2025-q3 is split by district.
check "kept commune: under its district in 2024, under none in 2025-q3" \
	python3 - "$tmp/k" <<'PY'
import re, sys
top = sys.argv[1]
def page(period):
    return open(f"{top}/ky/{period}/index.html", encoding="utf-8").read()
def part(period, tbody, unit):
    m = re.search(r'<tbody id="%s">(.*?)</tbody>' % re.escape(tbody), page(period), re.S)
    return m is not None and f"don-vi/{unit}/index.html" in m.group(1)
q3 = page("2025-q3")
ok = (part("2024", "par-xa_huyen-tay-an", "xa-dao-ngoc")
      and part("2024", "par-xa_huyen-tay-an", "xa-tan-hung")
      and "don-vi/xa-dao-ngoc/index.html" in q3
      and 'class="group"' not in q3 and "huyen-tay-an" not in q3)
sys.exit(0 if ok else 1)
PY
# The district compares its communes only while it existed: PAR 2024 with
# the kept commune, the 766 index and the services of 2025-q2 without it
# (never 2025-q3, after the district ended).
d=$tmp/k/don-vi/huyen-tay-an/index.html
check "kept commune: compared under its district in 2024" sh -c \
	"sed -n '/id=\"so-sanh-par_cap\"/,/<\/table>/p' '$d' | grep -q 'xa-dao-ngoc/index.html'"
check "kept commune: the district compares the 766 index of Quý II/2025, without it" sh -c \
	"grep -q '<h3 id=\"so-sanh-chi-so-766\">.*Quý II/2025</h3>' '$d' &&
	! sed -n '/id=\"so-sanh-chi-so-766_cap\"/,/<\/table>/p' '$d' | grep -q xa-dao-ngoc"
check "kept commune: the district's service comparison is of Quý II/2025, without it" sh -c \
	"grep -q '<h3 id=\"so-sanh-dich-vu\">.*Quý II/2025</h3>' '$d' &&
	! sed -n '/id=\"so-sanh-dich-vu_cap\"/,/<\/table>/p' '$d' | grep -q xa-dao-ngoc"
check "kept commune: not in the chart of the district's communes" sh -c \
	"grep 'chi-so-766-truc-thuoc.png\" width' '$d' | grep -q 'Tân' &&
	! grep 'truc-thuoc.png\" width' '$d' | grep 'chi-so-766' | grep -q 'Đảo Ngọc'"

# A district compares its communes latest first, whatever the indices are
# called: with PAR INDEX renamed "a-par" (before "chi-so-766" by name), the
# 766 index of Quý II/2025 still comes before PAR INDEX of 2024.
cp -R "$data" "$tmp/named"
mv "$tmp/named/indices/par.json" "$tmp/named/indices/a-par.json"
mv "$tmp/named/periods/2024/par.json" "$tmp/named/periods/2024/a-par.json"
sed -i 's/"id": "par"/"id": "a-par"/' "$tmp/named/indices/a-par.json"
"$bin" build -q -d "$tmp/named" -o "$tmp/n" -t "$top/templates" --only pages >/dev/null 2>&1
check "renamed index: build exits 0" [ $? -eq 0 ]
check "a district's comparisons: the latest first, not by the index's name" sh -c \
	"grep -o '<h3 id=\"so-sanh-[a-z0-9-]*\"' '$tmp/n/don-vi/huyen-dong-an/index.html' | tr '\n' ' ' |
	grep -qx '<h3 id=\"so-sanh-chi-so-766\" <h3 id=\"so-sanh-a-par\" <h3 id=\"so-sanh-dich-vu\" '"
finish
