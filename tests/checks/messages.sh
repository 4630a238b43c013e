#!/bin/sh
# messages.sh BIN - the messages in English and in Vietnamese (issue 14): the
# language rule (site.json, the environment, LANGUAGE=en winning), one message
# of each class in both languages (usage, help, syntax, a data problem at a
# pointer and a row, a consistency error, each warning, --strict, a system
# error, a template error, the build and check summaries, import's cells,
# draft, the preview's overlay), and the catalogue: compiled, every message of
# the sources in it, every one translated, none fuzzy.
. "$(dirname "$0")/../lib.sh"
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT
tiny=$top/tests/fixtures/tiny
reorg=$top/tests/fixtures/reorg

# en|vi|env COMMAND...: runs COMMAND asking for English (LANGUAGE=en), for
# Vietnamese (LANGUAGE=vi), or with no choice at all (LANG=C.UTF-8, as on a
# fresh Debian machine: site.json decides).  Output in $tmp/out, $tmp/err.
run() {
	lang=$1
	shift
	case $lang in
	en) env -u LC_ALL -u LC_MESSAGES LANGUAGE=en LANG=C.UTF-8 "$@" ;;
	vi) env -u LC_ALL -u LC_MESSAGES LANGUAGE=vi LANG=C.UTF-8 "$@" ;;
	env) env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=C.UTF-8 "$@" ;;
	*) env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG="$lang" "$@" ;;
	esac >"$tmp/out" 2>"$tmp/err"
	rc=$?
}
# says DESC FILE TEXT...: every TEXT (fixed string) is in $tmp/FILE.
says() {
	desc=$1
	f=$2
	shift 2
	for t in "$@"; do
		if grep -qF -- "$t" "$tmp/$f"; then ok; else
			fail "$desc: $f lacks \"$t\""
			cat "$tmp/$f"
		fi
	done
}
copy() {
	rm -rf "$tmp/$1"
	cp -R "$2" "$tmp/$1"
}

# --- the catalogue ---
po=$top/src/po/vi.po
mo=$(dirname "$bin")/locale/vi/LC_MESSAGES/minhbach.mo
check "the catalogue is compiled beside the program" [ -s "$mo" ]
stats=$(msgfmt --check --statistics -o /dev/null "$po" 2>&1)
check "vi.po: msgfmt --check passes ($stats)" msgfmt --check -o /dev/null "$po"
case $stats in
*untranslated* | *fuzzy*) fail "vi.po: every message translated, none fuzzy ($stats)" ;;
*" translated message"*) ok ;;
*) fail "vi.po: no statistics ($stats)" ;;
esac
xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ --keyword=P_:1,2 \
	-o "$tmp/now.pot" "$top"/src/*.c 2>/dev/null
msgcmp --use-untranslated "$po" "$tmp/now.pot" >"$tmp/cmp" 2>&1
check "vi.po has every message of the sources (make po refreshes it)" [ $? -eq 0 ]
[ -s "$tmp/cmp" ] && head -n 5 "$tmp/cmp"

# --- the language rule ---
copy bad "$tiny"
sed -i 's/"unit": "huyen-b"/"unit": "huyen-bb"/' "$tmp/bad/periods/2023/par.json"
run env "$bin" check -d "$tmp/bad"
says "site.json vi, no choice in the environment: Vietnamese" err \
	'/scores/5/unit (hàng 6): không có đơn vị "huyen-bb": có phải huyen-b?'
run en "$bin" check -d "$tmp/bad"
says "LANGUAGE=en wins over site.json" err '/scores/5/unit (row 6): unknown unit "huyen-bb": did you mean huyen-b?'
run en_US.UTF-8 "$bin" check -d "$tmp/bad"
says "LANG=en_US.UTF-8 is a choice of English" err 'unknown unit "huyen-bb"'
copy nolang "$tmp/bad"
sed -i '/"language"/d' "$tmp/nolang/site.json"
run env "$bin" check -d "$tmp/nolang"
says "no language anywhere: English" err 'unknown unit "huyen-bb"'
run vi_VN.UTF-8 "$bin" check -d "$tmp/nolang"
says "LANG=vi_VN.UTF-8, not installed here: Vietnamese all the same" err 'không có đơn vị "huyen-bb"'
check "... vi_VN is indeed not installed" sh -c "! locale -a 2>/dev/null | grep -qi '^vi_VN'"
(cd "$tmp" && run env "$bin" frobnicate)
says "no data folder, no choice in the environment: English" err 'unknown command "frobnicate"'
run env "$bin" frobnicate -d "$tmp/bad"
says "a usage error, before the loader: site.json's language all the same" err \
	'minhbach: không có lệnh "frobnicate"'
run env "$bin" build -x -d "$tmp/bad"
says "a bad option, site.json's language" err 'minhbach: tùy chọn sai "-x"'
run env "$bin" build -q -d "$tmp/bad" -t "$tmp/no-templates" -o "$tmp/nt"
says "no templates folder, site.json's language" err 'không mở được thư mục mẫu'
run env "$bin" frobnicate -d "$tmp/nolang"
says "a usage error, site.json without a language: English" err 'unknown command "frobnicate"'
run en "$bin" frobnicate -d "$tmp/bad"
says "a usage error, LANGUAGE=en wins" err 'unknown command "frobnicate"'

# --- one message of each class, in both languages ---
run en "$bin" frobnicate
check "usage: exit 2" [ "$rc" -eq 2 ]
says "usage (en)" err 'minhbach: unknown command "frobnicate"' 'usage: minhbach build'
run vi "$bin" frobnicate
says "usage (vi)" err 'minhbach: không có lệnh "frobnicate"' 'cách dùng: minhbach build'
run en "$bin" --help
says "help (en)" out 'commands:' 'draft   write a draft press release' 'exit status:'
run vi "$bin" --help
says "help (vi)" out 'lệnh:' 'draft   viết dự thảo thông cáo báo chí' 'tùy chọn:' 'mã thoát:' 'LANGUAGE=en cho tiếng Anh'
# The usage lines line up under the first in both languages ("usage: " and
# "cách dùng: " differ in length): every "minhbach" at the first one's column,
# the import line's continuation under its first argument.
for l in en vi; do
	run $l "$bin" --help
	python3 - "$tmp/out" >"$tmp/cols" <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n\n")[0].split("\n")
col = lines[0].index("minhbach")
imp = [l for l in lines if "minhbach import" in l][0]
arg = imp.index("minhbach import ") + len("minhbach import ")
bad = [l for l in lines[1:] if (l.index("minhbach") if "minhbach" in l else
       len(l) - len(l.lstrip()) + (col - arg)) != col]
print(len(lines), len(bad))
PY
	check "help ($l): the usage lines line up" [ "$(cat "$tmp/cols")" = "8 0" ]
done

copy syntax "$tiny"
printf '{"groups": [' >"$tmp/syntax/units.json"
run en "$bin" check -d "$tmp/syntax"
says "syntax (en)" err 'syntax/units.json:1:12: JSON syntax error near' '1 error, 0 warnings: nothing was published'
run vi "$bin" check -d "$tmp/syntax"
says "syntax (vi)" err 'syntax/units.json:1:12: lỗi cú pháp JSON gần' '1 lỗi, 0 cảnh báo: không có gì được xuất bản'

copy above "$tiny"
sed -i 's/"ke-hoach": 8.3333/"ke-hoach": 11/' "$tmp/above/periods/2023/par.json"
run en "$bin" check -d "$tmp/above"
says "a value at a pointer, its row named (en)" err '/scores/3/criteria/ke-hoach (row 4, Sở Y tế): 11 is above the maximum 10'
run vi "$bin" check -d "$tmp/above"
says "a value at a pointer, its row named (vi)" err '/scores/3/criteria/ke-hoach (hàng 4, Sở Y tế): 11 lớn hơn điểm tối đa 10'

copy sum "$tiny"
sed -i 's/"total": 70, "max": 84/"total": 70, "max": 84, "criteria": {"the-che": 10}/' "$tmp/sum/periods/2023/par.json"
run en "$bin" check -d "$tmp/sum"
says "a consistency error (en)" err '"max" is only for a score given as a "total" alone'
run vi "$bin" check -d "$tmp/sum"
says "a consistency error (vi)" err '"max" chỉ dùng cho kết quả chỉ ghi "total"'

copy keys "$tiny"
sed -i 's/"title": /"titel": "x", "title": /' "$tmp/keys/site.json"
run en "$bin" check -d "$tmp/keys"
says "an unknown key, with the closest (en)" err '/titel: warning: unknown key "titel" is ignored: did you mean title?'
run vi "$bin" check -d "$tmp/keys"
says "an unknown key, with the closest (vi)" err '/titel: cảnh báo: khóa "titel" không được biết và bị bỏ qua: có phải title?'

copy unbal "$tiny"
sed -i 's/"in_time": 148/"in_time": 150/' "$tmp/unbal/periods/2023-q4/services.json"
run en "$bin" check -d "$tmp/unbal"
says "a warning (en)" err '/services/0 (row 1, Sở Tư pháp): warning: files do not balance: carried_over + received = 52 + 1510 = 1562'
run vi "$bin" check -d "$tmp/unbal"
says "a warning (vi)" err '/services/0 (hàng 1, Sở Tư pháp): cảnh báo: số hồ sơ không cân đối: kỳ trước chuyển qua + tiếp nhận mới = 52 + 1510 = 1562'
run en "$bin" check --strict -d "$tmp/unbal"
says "--strict (en)" err 'error (--strict): files do not balance' '(warnings count as errors with --strict)'
run vi "$bin" check --strict -d "$tmp/unbal"
says "--strict (vi)" err 'lỗi (--strict): số hồ sơ không cân đối' '(với --strict, cảnh báo được tính là lỗi)'

# The three silent gaps.
copy gaps "$reorg"
python3 - "$tmp/gaps/periods/2025-q3/services.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
s = d["services"]
s[1]["carried_over"] += 5
s[1]["pending"]["in_time"] += 5
s[2]["resolved"] = {"early": 5, "on_time": 0, "late": 830}
d["services"] = [r for r in s if r["unit"] != "so-noi-vu"]
json.dump(d, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY
run en "$bin" check -d "$tmp/gaps"
says "silent gaps (en)" err 'warning: Sở Nội vụ (so-noi-vu) has figures in Quý II/2025 but no row here' \
	'(row 1, Sở Tư pháp): warning: 80 files carried over, but Quý II/2025 ended with 75 files pending' \
	'(row 2, Sở Tài chính): warning: the on-time rate fell from 99.38% in Quý II/2025 to 0.60%, down 98.78 points'
run vi "$bin" check -d "$tmp/gaps"
says "silent gaps (vi)" err 'cảnh báo: Sở Nội vụ (so-noi-vu) có số liệu trong Quý II/2025 nhưng ở đây không có dòng nào' \
	'(hàng 1, Sở Tư pháp): cảnh báo: số kỳ trước chuyển qua là 80 hồ sơ, nhưng cuối Quý II/2025 còn 75 hồ sơ đang giải quyết' \
	'(hàng 2, Sở Tài chính): cảnh báo: tỷ lệ giải quyết đúng hạn giảm từ 99,38% (Quý II/2025) xuống 0,60%, giảm 98,78 điểm phần trăm'

# Figures a unit gave and leaves out, a file a period had and the next
# has not.
copy drop "$reorg"
python3 - "$tmp/drop/periods/2025-q3/services.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
for r in d["services"]:
    if "payments" in r and "digitized" in r:
        del r["payments"], r["digitized"]
        break
else:
    raise SystemExit("no row with payments and digitized")
json.dump(d, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY
rm "$tmp/drop/periods/2025-q3/chi-so-766.json"
run en "$bin" check -d "$tmp/drop"
check "dropped figures and a missing file are warnings: exit 0" [ "$rc" -eq 0 ]
says "dropped figures, a missing file (en)" err \
	'warning: Payments online ("payments") were given in Quý II/2025 but are missing here' \
	'warning: Digitised files ("digitized") were given in Quý II/2025 but are missing here' \
	'2025-q3/chi-so-766.json: warning: missing: Quý II/2025 has scores of'
run vi "$bin" check -d "$tmp/drop"
says "dropped figures, a missing file (vi)" err \
	'cảnh báo: Số liệu thanh toán trực tuyến ("payments") có trong Quý II/2025 nhưng thiếu ở đây' \
	'cảnh báo: thiếu tệp: Quý II/2025 có điểm'
rm "$tmp/drop/periods/2025-q3/services.json"
run en "$bin" check --strict -d "$tmp/drop"
check "--strict: a missing services.json is an error" [ "$rc" -eq 1 ]
says "a missing services.json (en)" err \
	'2025-q3/services.json: error (--strict): missing: Quý II/2025 has service figures and Quý III/2025 has none'

# A number of the data in a message, in each language's way.
copy max "$tiny"
sed -i 's/"ke-hoach": 8.3333/"ke-hoach": 1234.5/' "$tmp/max/periods/2023/par.json"
run en "$bin" check -d "$tmp/max"
says "a figure of the data (en)" err '1234.5 is above the maximum 10'
run vi "$bin" check -d "$tmp/max"
says "a figure of the data (vi)" err '1.234,5 lớn hơn điểm tối đa 10'

# A system error (exit 3): an OUT of someone else's files.
mkdir -p "$tmp/theirs"
echo x >"$tmp/theirs/notes.txt"
run en "$bin" build -q -d "$tiny" -o "$tmp/theirs" -t "$top/templates"
check "a system error: exit 3" [ "$rc" -eq 3 ]
says "a system error (en)" err 'the folder holds files that minhbach did not write ("notes.txt"'
run vi "$bin" build -q -d "$tiny" -o "$tmp/theirs" -t "$top/templates"
says "a system error (vi)" err 'thư mục chứa các tệp không do minhbach ghi ("notes.txt"'
run vi "$bin" check -d "$tmp/nowhere"
says "a missing folder (vi)" err 'không mở được thư mục dữ liệu: Không có tập tin hoặc thư mục như vậy'

# A template error.
cp -R "$top/templates" "$tmp/tpl"
printf '{{>unit}}\n' >>"$tmp/tpl/unit.mustache"
run en "$bin" build -q -d "$tiny" -o "$tmp/t1" -t "$tmp/tpl"
says "a template error (en)" err 'tpl/unit.mustache:1: cannot render' 'the build failed'
run vi "$bin" build -q -d "$tiny" -o "$tmp/t2" -t "$tmp/tpl"
says "a template error (vi)" err 'tpl/unit.mustache:1: không dựng được' 'dựng trang không thành công'

# The build's and check's summaries.
run en "$bin" build -d "$tiny" -o "$tmp/s1" -t "$top/templates"
says "build summary (en)" out 'units in 2 groups, 3 periods ->' 'load '
run vi "$bin" build -d "$tiny" -o "$tmp/s2" -t "$top/templates"
says "build summary (vi)" out 'đơn vị trong 2 nhóm, 3 kỳ ->' 'đọc dữ liệu '
check "build summary (vi): decimal commas" grep -Eq 'MB trong [0-9]+,[0-9]{2} giây' "$tmp/out"
check "build summary (vi): no decimal point" sh -c "! grep -Eq '[0-9]\\.[0-9]+ (giây|MB)' '$tmp/out'"
run en "$bin" check -d "$reorg"
says "check summary (en)" out 'valid: 3 groups, 15 units, 2 indices, 3 periods' \
	'(3 score tables), 0 procedures, 1 page' \
	'Quý III/2025, against Quý II/2025:' \
	'on time 99.49% (+0.31 points)' 'UBND huyện Đông An (ended 2025-06-30)' \
	'UBND cấp xã 93.65% (not compared: the group'"'"'s units were reorganised on 2025-07-01)'
check "check summary (en): one page is a page" [ "$(grep -c '1 pages' "$tmp/out")" -eq 0 ]
run en "$bin" check -d "$tiny"
says "check summary (en): one of a kind" out '2 groups, 7 units, 1 index, 3 periods' \
	'0 procedures, 1 page'
run vi "$bin" check -d "$reorg"
says "check summary (vi)" out 'hợp lệ: 3 nhóm, 15 đơn vị, 2 bộ chỉ số, 3 kỳ' \
	'(3 bảng điểm), 0 thủ tục, 1 trang' \
	'Quý III/2025, so với Quý II/2025:' \
	'đúng hạn 99,49% (+0,31 điểm phần trăm)' 'UBND huyện Đông An (kết thúc 2025-06-30)' \
	'UBND cấp xã 93,65% (không so sánh: các đơn vị trong nhóm được sắp xếp lại từ 2025-07-01)'

# import, located by cell.
cat >"$tmp/bao-cao.csv" <<'CSV'
Mã đơn vị,Tên đơn vị,carried_over,received.online,received.direct,received.postal,resolved.early,resolved.on_time,resolved.late,pending.in_time,pending.overdue
so-tu-phap,Sở Tư pháp,52,1200,300,10,100,1300,12,148,2
,Sở Tư phap,1,1,1,1,1,1,1,1,1
CSV
copy imp "$tiny"
run en "$bin" import "$tmp/bao-cao.csv" -d "$tmp/imp" --period 2023-q4 --dry-run
check "import: exit 1" [ "$rc" -eq 1 ]
says "import (en)" err 'bao-cao.csv:3:2: Sở Tư phap: no unit is called "Sở Tư phap": did you mean "Sở Tư pháp" (so-tu-phap)?' \
	'1 error, 0 warnings: nothing was written'
run vi "$bin" import "$tmp/bao-cao.csv" -d "$tmp/imp" --period 2023-q4 --dry-run
says "import (vi)" err 'bao-cao.csv:3:2: Sở Tư phap: không có đơn vị nào tên là "Sở Tư phap": có phải "Sở Tư pháp" (so-tu-phap)?' \
	'1 lỗi, 0 cảnh báo: không ghi gì vào'

# draft.
copy dr "$tiny"
MINHBACH_TODAY=2025-01-15
export MINHBACH_TODAY
run en "$bin" draft 2023 -d "$tmp/dr" -t "$top/templates"
says "draft (en)" out "dr/pages/ket-qua-2023.md" 'a draft press release of Năm 2023'
run vi "$bin" draft 2023 -d "$tmp/dr" -t "$top/templates"
check "draft again: exit 3" [ "$rc" -eq 3 ]
says "draft, never over a file (vi)" err 'tệp đã có, và lệnh draft không bao giờ ghi đè tệp'
run en "$bin" draft 2023 -d "$tmp/dr" -t "$top/templates"
says "draft, never over a file (en)" err 'already exists, and a draft never replaces a file'

# The preview's overlay speaks the language too.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
env -u LC_ALL -u LC_MESSAGES LANGUAGE=vi LANG=C.UTF-8 TMPDIR="$tmp" "$bin" serve -d "$tmp/unbal" \
	-t "$top/templates" -p "$port" >"$tmp/serve.out" 2>"$tmp/serve.err" &
pid=$!
i=0
while [ $i -lt 300 ] && ! curl -s --max-time 2 -o "$tmp/status" "http://127.0.0.1:$port/__minhbach/status"; do
	sleep 0.1
	i=$((i + 1))
done
says "preview (vi)" status '"warnings_title":"minhbach: trang đã được dựng, nhưng có cảnh báo' \
	'cảnh báo: số hồ sơ không cân đối'
says "preview (vi): the terminal" serve.out 'minhbach: xem trước trong'
kill -TERM "$pid"
wait "$pid"
pid=""
finish
