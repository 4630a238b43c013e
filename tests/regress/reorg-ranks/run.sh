#!/bin/sh
# run.sh BIN - rank changes never cross a reorganisation (SPEC §2, issue 16): on a copy of
# tests/fixtures/reorg with a commune that outlives its district (make_data.py), the commune
# has no rank change from 2025-q2 (2/7 among the old communes) to 2025-q3 (1/4 after the
# merger) in the period records, the CSV files, the period and unit pages, the highlights
# and the draft, keeps its own earlier period, and has one again from 2025-q3 to 2025-q4;
# the communes' mean and service totals are not compared across 1/7/2025 either.
. "$(dirname "$0")/../../lib.sh"
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
data=$tmp/data
python3 "$here/make_data.py" "$top/tests/fixtures/reorg" "$data"
check "the data is made" [ -s "$data/periods/2025-q4/chi-so-766.json" ]

"$bin" check --strict -d "$data" >"$tmp/out" 2>"$tmp/err"
check "strict check exits 0" [ $? -eq 0 ]
check "check warns of nothing" [ ! -s "$tmp/err" ]
[ -s "$tmp/err" ] && cat "$tmp/err"
# The latest quarter against the one before: the communes' mean is compared again.
check "check compares the communes' mean from 2025-q3 to 2025-q4" \
	grep -qF 'UBND cấp xã 92.56% (-2.08 points)' "$tmp/out"

"$bin" build -q -d "$data" -o "$tmp/site" -t "$top/templates" 2>"$tmp/err"
check "build exits 0" [ $? -eq 0 ]
s=$tmp/site

# rec PERIOD UNIT: the unit's row of the 766 index in tai-ve/PERIOD.json, as
# "rank previous_period previous_rank rank_change" (None for null).
rec() {
	python3 - "$s/tai-ve/$1.json" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
for rows in d["indices"]["chi-so-766"]["groups"].values():
    for r in rows:
        if r["unit"] == sys.argv[2]:
            print(r["rank"], r["previous_period"], r["previous_rank"], r["rank_change"])
PY
}
check "2025-q2: 2nd of the old communes, ranked for the first time" \
	[ "$(rec 2025-q2 xa-an-binh)" = "2 None None None" ]
check "2025-q3: 1st after the merger, its previous period kept, no rank change" \
	[ "$(rec 2025-q3 xa-an-binh)" = "1 2025-q2 None None" ]
check "2025-q4: a rank change against 2025-q3 (1st to 3rd)" \
	[ "$(rec 2025-q4 xa-an-binh)" = "3 2025-q3 1 -2" ]
check "2025-q3: a department, whose group was not reorganised since 2025-q2, keeps its change" \
	[ "$(rec 2025-q3 so-tu-phap)" = "2 2025-q2 3 1" ]
check "2025-q3: a new commune is new" [ "$(rec 2025-q3 xa-tan-an)" = "2 None None None" ]

# The period's CSV: kỳ so sánh kept, previous rank and change empty.
csv() {
	python3 - "$s/tai-ve/$1-chi-so-766.csv" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")):
    if r["ma_don_vi"] == "xa-an-binh":
        print("%s|%s|%s" % (r["ky_so_sanh"], r["xep_hang_ky_truoc"], r["thay_doi_xep_hang"]))
PY
}
check "2025-q3 CSV: 2025-q2 compared with, no previous rank, no change" \
	[ "$(csv 2025-q3)" = "2025-q2||" ]
check "2025-q4 CSV: previous rank 1, change -2" [ "$(csv 2025-q4)" = "2025-q3|1|-2" ]

# has FILE TEXT: the page FILE (under the site) holds TEXT, line breaks read as spaces.
has() {
	tr '\n' ' ' <"$s/$1" | grep -qF -- "$2"
}
# lacks FILE PATTERN: no line of FILE (a path) matches the extended regular expression.
lacks() {
	! grep -qE -- "$2" "$1"
}
q3=ky/2025-q3/index.html
q4=ky/2025-q4/index.html
u=don-vi/xa-an-binh/index.html
# An Bình's rows in the rankings of each quarter.
for p in q3 q4; do
	eval f=\$$p
	grep -F 'don-vi/xa-an-binh/index.html">UBND xã An Bình</a>' "$s/$f" |
		grep -F 'class="chg' >"$tmp/$p.rows"
done
why='không so sánh thứ hạng: các đơn vị trong nhóm được sắp xếp lại từ 01/07/2025'
check "$q3: An Bình's change is «–»" grep -qF '<td class="chg reorg"' "$tmp/q3.rows"
check "$q3: and says why" grep -qF "$why" "$tmp/q3.rows"
check "$q3: no arrow, no climb for An Bình" lacks "$tmp/q3.rows" '↑|↓|tăng'
check "$q3: the communes' table says why its changes are missing" has $q3 \
	"Thứ hạng kỳ này không so sánh với kỳ trước («–» ở cột Thay đổi): các đơn vị trong nhóm \
được sắp xếp lại từ 01/07/2025."
check "$q4: An Bình fell 2 places" grep -qF \
	'<span aria-hidden="true">↓2</span><span class="vh">giảm 2 bậc' "$tmp/q4.rows"
check "$q4: no note of a reorganisation" lacks "$s/$q4" 'không so sánh'
check "$u: the 2025-q3 history row has no change, and says why" has $u \
	"<td class=\"chg reorg\"><span aria-hidden=\"true\">–</span><span class=\"vh\">$why</span>"
check "$u: the history explains «–»" has $u \
	"«–»: thứ hạng không so sánh với kỳ trước, vì các đơn vị trong nhóm được sắp xếp lại từ \
01/07/2025."
check "$u: its latest result fell 2 places from 1st" has $u \
	'giảm 2 bậc; kỳ trước (quý III/2025) xếp thứ 1'
check "$u: never a climb" lacks "$s/$u" 'tăng 1 bậc'

# The highlights: no mean change of the communes across 1/7/2025, one after; no mover
# across it.
check "$q3: the communes' mean is not compared with 2025-q2" has $q3 \
	"UBND cấp xã 94,64% (không so sánh với quý II/2025: các đơn vị trong nhóm được sắp xếp lại \
từ 01/07/2025)"
grep -E 'bậc nhiều nhất' "$s/$q3" >"$tmp/movers"
check "$q3: An Bình is no mover" lacks "$tmp/movers" 'An Bình'
check "$q4: the communes' mean against 2025-q3" has $q4 \
	'UBND cấp xã 92,56% (giảm 2,08 điểm phần trăm so với quý III/2025)'

# A group's service totals are sums over its units: across 1/7/2025 the communes' are
# over other communes, so their rates are not compared with 2025-q2 (the departments'
# are); from 2025-q3 on nothing keeps them apart.
svc() {
	python3 - "$s/tai-ve/$1.json" "$s/tai-ve/$1-dich-vu-tong-hop.csv" "$2" <<'PY'
import csv, json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
j = d["service_totals"]["groups"][sys.argv[3]]["changes_pp"]["previous"]
c = [r for r in csv.DictReader(open(sys.argv[2], encoding="utf-8-sig")) if r["ma_nhom"] == sys.argv[3]]
print(j["period"], j["on_time_rate"] is None, j["online_rate"] is None,
      c[0]["ty_le_dung_han_so_ky_truoc"] == "", c[0]["ty_le_truc_tuyen_so_ky_truoc"] == "")
PY
}
check "2025-q3: the communes' service rates are not compared with 2025-q2 (JSON, CSV)" \
	[ "$(svc 2025-q3 xa)" = "2025-q2 True True True True" ]
check "2025-q3: the departments' service rates are" \
	[ "$(svc 2025-q3 so-nganh)" = "2025-q2 False False False False" ]
check "$q3: the communes' service table says why its total has no change" has $q3 \
	"Dòng Cộng của nhóm không so sánh với kỳ trước: các đơn vị trong nhóm được sắp xếp lại \
từ 01/07/2025."
check "$q4: no such note" lacks "$s/$q4" 'Dòng Cộng của nhóm không so sánh'

# Every index section, recomputed by the oracle from the data alone.
python3 "$top/tests/checks/index_oracle.py" "$s" "$data" >"$tmp/log" 2>&1
check "index oracle" [ $? -eq 0 ]
grep -v -E '^[0-9]+ passed, 0 failed' "$tmp/log"
# The draft and the highlights: every figure, and every comparison, by check_draft.py.
"$bin" draft 2025-q3 -d "$data" -t "$top/templates" >/dev/null 2>&1
check "draft 2025-q3 exits 0" [ $? -eq 0 ]
python3 "$top/tests/regress/quarter/check_draft.py" "$s" "$data" \
	"$data/pages/ket-qua-2025-q3.md" "$s/$q3" "$s/$q4" "$s/index.html" \
	>"$tmp/log" 2>&1
check "the draft and the highlights, figure by figure" [ $? -eq 0 ]
grep -v -E '^[0-9]+ passed, 0 failed' "$tmp/log"
finish
