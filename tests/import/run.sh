#!/bin/sh
# run.sh BIN - import and form end to end, on workbooks and CSV files that
# minhbach did not write (tests/import/make_inputs.py: openpyxl, Python's csv),
# on its own forms re-saved by LibreOffice and edited with openpyxl:
# each imports to exactly the expected data file; every class of bad cell
# exits 1, names the sheet and cell, and leaves DATA byte-identical.
. "$(dirname "$0")/../lib.sh"
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
py=/usr/bin/python3

# The sample data, with an alias for a name no rule covers ("Sở LĐTBXH").
cp -R "$top/data" "$tmp/pristine"
$py - "$tmp/pristine/units.json" <<'PY'
import json, sys
p = sys.argv[1]
u = json.load(open(p, encoding="utf-8"))
for x in u["units"]:
    if x["id"] == "so-lao-dong-thuong-binh-va-xa-hoi":
        x["aliases"] = ["Sở LĐTBXH"]
json.dump(u, open(p, "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY
in=$tmp/in
$py "$top/tests/import/make_inputs.py" "$top/data" "$in" || fail "make_inputs.py"
data=$tmp/data
fresh() { rm -rf "$data"; cp -R "$tmp/pristine" "$data"; }
same() { diff -r "$tmp/pristine" "$data" >/dev/null; }
cd "$tmp" || exit 1

# imp NAME ARGS...: runs import, keeping stdout and stderr; sets $rc.
imp() {
	out=$1
	shift
	"$bin" import -d "$data" "$@" >"$tmp/$out.out" 2>"$tmp/$out.err"
	rc=$?
}
has() { grep -qF -- "$2" "$tmp/$1"; }

# --- files other programs wrote import to exactly the sample's data files ---
for f in official.xlsx official.csv official-1258.csv; do
	fresh
	imp "$f" "$in/$f" --period 2024-q4
	check "$f: exit 0" [ "$rc" -eq 0 ]
	check "$f: nothing changed" has "$f.out" "2024-q4/services.json: 117 units, nothing changed"
	check "$f: no problem reported" [ ! -s "$tmp/$f.err" ]
	check "$f: DATA byte-identical" same
	[ "$rc" -eq 0 ] || cat "$tmp/$f.err"
done
fresh
imp scores "$in/scores.xlsx" --period 2023
check "scores.xlsx: exit 0" [ "$rc" -eq 0 ]
check "scores.xlsx: nothing changed" has scores.out "2023/par.json: 117 units, nothing changed"
check "scores.xlsx: DATA byte-identical" same
[ "$rc" -eq 0 ] || cat "$tmp/scores.err"

# A new file: the same bytes as the sample's, less its publication date
# (which import keeps from a file it replaces, and cannot know otherwise).
fresh
rm "$data/periods/2024-q4/services.json"
imp new "$in/official.xlsx" --period 2024-q4
check "new file: exit 0" [ "$rc" -eq 0 ]
check "new file: reported as new" has new.out "a new file with 117 units"
grep -v '"published"' "$tmp/pristine/periods/2024-q4/services.json" >"$tmp/want.json"
check "new file: formatted as the sample's" cmp -s "$tmp/want.json" "$data/periods/2024-q4/services.json"
check "new file: no temporary file left" [ "$(ls -A "$data/periods/2024-q4")" = "$(ls -A "$tmp/pristine/periods/2024-q4")" ]
"$bin" check -d "$data" >/dev/null 2>&1
check "new file: the data folder is valid" [ $? -eq 0 ]

# A new period folder is made, with the publication date given.
fresh
imp newperiod "$in/official.xlsx" --period 2025-q1 --published 2025-04-10
check "new period: exit 0" [ "$rc" -eq 0 ]
check "new period: file written" [ -s "$data/periods/2025-q1/services.json" ]
check "new period: --published sets the date" grep -q '"published": "2025-04-10"' "$data/periods/2025-q1/services.json"
"$bin" import -d "$data" --published 10/04/2025 "$in/official.xlsx" >/dev/null 2>&1
check "a bad --published exits 2" [ $? -eq 2 ]
check "new period: carry-over checked against 2024-q4" has newperiod.err "ended with"

# --- form: round trips, byte for byte -----------------------------------------
fresh
for p in 2024-q3 2023-q1 2022 2023; do
	"$bin" form "$p" -d "$data" -o "$tmp/form-$p.xlsx" >"$tmp/form.out" 2>&1
	check "form $p: exit 0" [ $? -eq 0 ]
	imp "rt-$p" "$tmp/form-$p.xlsx"
	check "form $p -> import: exit 0, no options needed" [ "$rc" -eq 0 ]
	check "form $p -> import: nothing changed" has "rt-$p.out" "nothing changed"
	check "form $p -> import: no problem" [ ! -s "$tmp/rt-$p.err" ]
	[ "$rc" -eq 0 ] || cat "$tmp/rt-$p.err"
done
check "form -> import: DATA byte-identical" same
mkdir "$tmp/again"
"$bin" form 2024-q3 -d "$data" -o "$tmp/again/form-2024-q3.xlsx" >/dev/null 2>&1
check "form: the same workbook twice, byte for byte" cmp -s "$tmp/form-2024-q3.xlsx" "$tmp/again/form-2024-q3.xlsx"
check "form: property records period and kind" sh -c "unzip -p '$tmp/form-2023.xlsx' docProps/custom.xml | grep -q 'index par,sipas 2023'"
check "form: services property" sh -c "unzip -p '$tmp/form-2024-q3.xlsx' docProps/custom.xml | grep -q 'services 2024-q3'"

# Re-saved by LibreOffice (which computes the formulas), then imported.
mkdir -p "$tmp/lo"
HOME=$tmp/lohome soffice --headless --convert-to xlsx --outdir "$tmp/lo" \
	"$tmp/form-2024-q3.xlsx" "$tmp/form-2023.xlsx" >/dev/null 2>&1
check "LibreOffice re-saved both forms" [ -s "$tmp/lo/form-2024-q3.xlsx" ] && [ -s "$tmp/lo/form-2023.xlsx" ]
imp lo "$tmp/lo/form-2024-q3.xlsx" "$tmp/lo/form-2023.xlsx"
check "LibreOffice: exit 0" [ "$rc" -eq 0 ]
check "LibreOffice: services unchanged" has lo.out "2024-q3/services.json: 117 units, nothing changed"
check "LibreOffice: scores unchanged" has lo.out "2023/par.json: 117 units, nothing changed"
check "LibreOffice: no problem" [ ! -s "$tmp/lo.err" ]
check "LibreOffice: DATA byte-identical" same
[ "$rc" -eq 0 ] || cat "$tmp/lo.err"

# Edited with openpyxl (which keeps no formula results): the edits arrive.
$py - "$tmp/form-2024-q3.xlsx" "$tmp/edit.xlsx" "$tmp/form-2023.xlsx" "$tmp/edit-y.xlsx" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Kết quả giải quyết TTHC"]
for r in ws.iter_rows(min_row=9):
    if r[1].value == "Sở Tư pháp":
        r[3].value += 5          # carried over
        r[9].value += 5          # resolved on time: still balanced
    if r[1].value == "UBND xã An Tây":
        for c in r[2:22]:
            c.value = None       # the unit did not report
wb.save(sys.argv[2])
wb = openpyxl.load_workbook(sys.argv[3])
ws = wb.worksheets[1]
for r in ws.iter_rows(min_row=6):
    if r[1].value == "Sở Nội vụ":
        r[4].value = 0.5         # 1.1.1 Ban hành kế hoạch
        r[29].value = "KAD"      # 6.2 Tự chủ của đơn vị sự nghiệp công lập
wb.save(sys.argv[4])
PY
cp "$data/periods/2024-q3/services.json" "$tmp/before.json"
imp dry "$tmp/edit.xlsx" --dry-run
check "--dry-run: exit 0" [ "$rc" -eq 0 ]
check "--dry-run: reports the change" has dry.out "Sở Tư pháp, Số hồ sơ nhận giải quyết › Số kỳ trước chuyển qua:"
check "--dry-run: says nothing was written" has dry.out "nothing was written"
check "--dry-run: DATA byte-identical" same
imp edit "$tmp/edit.xlsx" "$tmp/edit-y.xlsx" --period 2024-q3
check "edit: property lost by openpyxl: the title gives the period" [ "$rc" -eq 1 ]
check "edit: ... and it must agree with --period" has edit.err "says its figures are for 2023"
imp edit "$tmp/edit.xlsx" "$tmp/edit-y.xlsx"
check "edit: exit 0" [ "$rc" -eq 0 ]
[ "$rc" -eq 0 ] || cat "$tmp/edit.err"
check "edit: 1 removed, 1 changed" has edit.out "116 units (117 before): 0 added, 1 removed, 1 changed"
check "edit: the removed unit named" has edit.out "removed: UBND xã An Tây"
check "edit: a unit without its row warns (it still exists)" has edit.err "edit.xlsx: 'Kết quả giải quyết TTHC': warning: UBND xã An Tây (xa-an-tay) has figures in Quý II/2024 but no row here"
check "edit: carried over against the previous quarter, on its cell" has edit.err "(Sở Tư pháp, Số kỳ trước chuyển qua): warning: 1008 files carried over, but Quý II/2024 ended with 1003 files pending (985 in time, 18 overdue)"
check "edit: the scores change named" has edit.out "Sở Nội vụ, 1.1.1. Ban hành kế hoạch đúng thời hạn, đủ nội dung:"
$py - "$data" <<'PY' >"$tmp/edit.check" 2>&1
import json, sys
d = sys.argv[1]
s = {r["unit"]: r for r in json.load(open(d + "/periods/2024-q3/services.json"))["services"]}
p = {r["unit"]: r for r in json.load(open(d + "/periods/2023/par.json"))["scores"]}
old = {r["unit"]: r for r in json.load(open(d + "/../pristine/periods/2024-q3/services.json"))["services"]}
assert s["so-tu-phap"]["carried_over"] == old["so-tu-phap"]["carried_over"] + 5
assert s["so-tu-phap"]["resolved"]["on_time"] == old["so-tu-phap"]["resolved"]["on_time"] + 5
assert "xa-an-tay" not in s
assert p["so-noi-vu"]["criteria"]["ban-hanh-ke-hoach"] == 0.5
assert p["so-noi-vu"]["criteria"]["tu-chu-su-nghiep"] is None
print("ok")
PY
check "edit: the new values are in the data files" grep -qx ok "$tmp/edit.check"
grep -qx ok "$tmp/edit.check" || cat "$tmp/edit.check"
check "edit: no temporary file left" [ -z "$(find "$data" -name '.*.tmp-*')" ]
"$bin" check -d "$data" >/dev/null 2>&1
check "edit: the data folder is valid" [ $? -eq 0 ]

# A new quarter: carried over is the previous quarter's pending.
fresh
"$bin" form 2025-q1 -d "$data" -o "$tmp/q1.xlsx" >"$tmp/q1.out" 2>&1
check "form 2025-q1: exit 0" [ $? -eq 0 ]
check "form 2025-q1: says carried over was filled in" has q1.out "carried over from the previous quarter"
$py - "$tmp/q1.xlsx" "$data/periods/2024-q4/services.json" <<'PY' >"$tmp/q1.check" 2>&1
import json, sys, openpyxl
pend = {r["unit"]: r["pending"]["in_time"] + r["pending"]["overdue"]
        for r in json.load(open(sys.argv[2]))["services"]}
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[1]
n = 0
for r in ws.iter_rows(min_row=9):
    uid = r[22].value
    if uid in pend:
        assert r[3].value == pend[uid], (uid, r[3].value, pend[uid])
        assert r[4].value is None
        n += 1
assert n == len(pend), n
print("ok")
PY
check "form 2025-q1: carried over = 2024-q4 pending, the rest empty" grep -qx ok "$tmp/q1.check"
# Imported untouched, the form holds nothing of the quarter: one error, no
# balance warning for each of its rows, nothing written.
imp untouched "$tmp/q1.xlsx"
check "untouched form: exit 1" [ "$rc" -eq 1 ]
check "untouched form: says nothing was entered" has untouched.err "no figure of the quarter has been entered"
# (The one warning left says the quarter has no file of the 766 index yet.)
check "untouched form: one problem, not a warning a row" \
	[ "$(grep -c ': no figure of the quarter has been entered' "$tmp/untouched.err")" -eq 1 ]
check "untouched form: no balance warning" sh -c "! grep -q 'do not balance' '$tmp/untouched.err'"
check "untouched form: 1 error" grep -q '1 error, ' "$tmp/untouched.err"
check "untouched form: DATA untouched" same

# --- every class of bad input: exit 1, the cell named, DATA untouched -----------
# bad NAME FILE PERIOD TEXT...
bad() {
	name=$1 file=$2 period=$3
	shift 3
	fresh
	imp "bad-$name" "$in/$file" --period "$period"
	check "bad $name: exit 1" [ "$rc" -eq 1 ]
	for t in "$@"; do
		if has "bad-$name.err" "$t"; then ok; else
			fail "bad $name: stderr lacks \"$t\""
			cat "$tmp/bad-$name.err"
		fi
	done
	check "bad $name: nothing written" has "bad-$name.err" "nothing was written"
	check "bad $name: DATA byte-identical" same
}
bad word bad-word.xlsx 2024-q4 \
	"bad-word.xlsx: 'Biểu 06a'!D14 (Sở Tư pháp, Số kỳ trước chuyển qua): \"năm mươi\" is not a number"
bad decimal bad-decimal.xlsx 2024-q4 \
	"'Biểu 06a'!E14 (Sở Tư pháp, Trực tuyến): \"1,5\" is not a whole number"
bad negative bad-negative.xlsx 2024-q4 "'Biểu 06a'!F14 (Sở Tư pháp, Trực tiếp): \"-3\" is below 0"
bad formula bad-formula.xlsx 2024-q4 "'Biểu 06a'!E14 (Sở Tư pháp, Trực tuyến): the formula in this cell has no saved result"
bad unknown bad-unknown.xlsx 2024-q4 \
	"'Biểu 06a'!B14 (Sở Tư phap): no unit is called \"Sở Tư phap\": did you mean \"Sở Tư pháp\" (so-tu-phap)?"
bad nounit bad-nounit.xlsx 2024-q4 "'Biểu 06a'!B13 (Sở Ngoại vụ): no unit is called"
bad ambiguous bad-ambiguous.xlsx 2024-q4 \
	"\"An Bình\" could be \"UBND phường An Bình\" (phuong-an-binh) or \"UBND xã An Bình\" (xa-an-binh)"
bad twice bad-twice.xlsx 2024-q4 "has a second row here; the first is at 'Biểu 06a'!B14"
bad nocolumn bad-nocolumn.xlsx 2024-q4 \
	"bad-nocolumn.xlsx: 'Biểu 06a': no column was found for Số hồ sơ đang giải quyết › Quá hạn (pending.overdue); the header was read from rows 5 to 8"
bad overpaid bad-overpaid.xlsx 2024-q4 \
	"'Biểu 06a'!P14 (Sở Tư pháp, Số hồ sơ thanh toán trực tuyến): 99999 paid online is more than the 1795 files with a fee"
bad csv bad-csv.csv 2024-q4 "bad-csv.csv:12:4: Sở Tư pháp, Số kỳ trước chuyển qua: \"1,5\" is not a whole number"
bad points-ambiguous bad-scores-ambiguous.xlsx 2023 \
	"'Điểm PAR 2023'!M7 (Sở Tư pháp, 2.3): \"1.510\" can be read as 1510 (dot between thousands) or as 1.51"
bad points-over bad-scores-over.xlsx 2023 "'Điểm PAR 2023'!M7 (Sở Tư pháp, 2.3): 99 is above the maximum 3.5"
# The alias is in the test's units.json: without it the name is unknown.
fresh
$py - "$data/units.json" <<'PY'
import json, sys
u = json.load(open(sys.argv[1], encoding="utf-8"))
for x in u["units"]:
    x.pop("aliases", None)
json.dump(u, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY
imp noalias "$in/official.xlsx" --period 2024-q4
check "without the alias: exit 1" [ "$rc" -eq 1 ]
check "without the alias: the name is unknown" has noalias.err "no unit is called \"Sở LĐTBXH\""
fresh

imp noperiod "$in/official.xlsx"
check "no period: exit 1" [ "$rc" -eq 1 ]
check "no period: asks for --period" has noperiod.err "Give it with --period"
imp mismatch "$tmp/form-2024-q3.xlsx" --period 2024-q4
check "period mismatch: exit 1" [ "$rc" -eq 1 ]
check "period mismatch: explained" has mismatch.err "the workbook was made for 2024-q3 (by minhbach form), but --period says 2024-q4"
check "period mismatch: DATA byte-identical" same
imp two "$in/official.xlsx" "$in/official.csv" --period 2024-q4
check "two files for one data file: exit 1" [ "$rc" -eq 1 ]
check "two files for one data file: both named" has two.err "both give"

# --- usage ------------------------------------------------------------------
"$bin" import -d "$data" >/dev/null 2>&1
check "import without files exits 2" [ $? -eq 2 ]
"$bin" import -d "$data" "$tmp/no-such.xlsx" >/dev/null 2>"$tmp/nf.err"
check "a missing file exits 3" [ $? -eq 3 ]
check "a missing file: path and reason" has nf.err "no-such.xlsx: cannot read the file: No such file or directory"
"$bin" import -d "$data" --period 2025-q5 "$in/official.xlsx" >/dev/null 2>&1
check "a bad --period exits 2" [ $? -eq 2 ]
"$bin" import -d "$data" --index nope "$in/scores.xlsx" >/dev/null 2>&1
check "an unknown --index exits 2" [ $? -eq 2 ]
"$bin" form 2025-13 -d "$data" -o "$tmp/x.xlsx" >/dev/null 2>&1
check "form: a bad period exits 2" [ $? -eq 2 ]
"$bin" form 2024-q3 -d "$data" -o "$tmp/form-2023.xlsx" >/dev/null 2>"$tmp/exists.err"
check "form: an existing workbook is never overwritten (exit 2)" [ $? -eq 2 ]
check "form: ... and says why" has exists.err "already exists"
"$bin" form 2023 --index nope -d "$data" -o "$tmp/y.xlsx" >/dev/null 2>&1
check "form: an unknown --index exits 2" [ $? -eq 2 ]
"$bin" form -d "$data" >/dev/null 2>&1
check "form without a period exits 2" [ $? -eq 2 ]
(cd "$tmp" && "$bin" form 2024-q4 -d "$data" >/dev/null 2>&1)
check "form: default name nhap-lieu-PERIOD.xlsx" [ -s "$tmp/nhap-lieu-2024-q4.xlsx" ]
check "usage lists form and import" sh -c "'$bin' --help | grep -q 'minhbach import FILE.xlsx'"
same
check "usage errors leave DATA alone" [ $? -eq 0 ]

# An import that changes nothing leaves the file's date alone.
touch -d 2020-01-01 "$data/periods/2024-q4/services.json"
imp keep "$in/official.xlsx" --period 2024-q4
check "unchanged file keeps its modification time" \
	[ "$(stat -c %Y "$data/periods/2024-q4/services.json")" = "$(date -d 2020-01-01 +%s)" ]

finish
