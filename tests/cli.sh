#!/bin/sh
# cli.sh BIN - the command line: usage, exit codes, and one test per class of
# bad input (SPEC §1-2): exit 1, the file and JSON pointer named, nothing written.
. "$(dirname "$0")/lib.sh"
bin=$1
tiny=tests/fixtures/tiny
tmp=$(mktemp -d)
chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT

# fresh NAME: a writable copy of the tiny data set at $tmp/NAME.
fresh() {
	rm -rf "$tmp/$1"
	cp -R "$tiny" "$tmp/$1"
}

# bad NAME PATTERN...: check and build of $tmp/NAME exit 1, print every
# PATTERN (fixed strings) on stderr, and the build writes nothing.
bad() {
	name=$1
	shift
	timeout 60 "$bin" check -d "$tmp/$name" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -ne 1 ]; then
		fail "$name: check exited $rc, want 1"
		cat "$tmp/err"
		return
	fi
	for pat in "$@"; do
		if grep -qF -- "$pat" "$tmp/err"; then ok; else
			fail "$name: stderr lacks \"$pat\""
			cat "$tmp/err"
		fi
	done
	mkdir -p "$tmp/pub"
	echo old >"$tmp/pub/marker"
	timeout 60 "$bin" build -q -d "$tmp/$name" -o "$tmp/pub" >/dev/null 2>&1
	rc=$?
	check "$name: build exits 1" [ "$rc" -eq 1 ]
	check "$name: build leaves OUT untouched" [ "$(ls -A "$tmp/pub")" = "marker" ]
	check "$name: no staging left" [ -z "$(ls -A "$tmp" | grep staging)" ]
}

# --- usage and exit codes ---
"$bin" --version | grep -q '^minhbach [0-9]' && ok || fail "--version"
"$bin" --help | grep -q 'minhbach build' && ok || fail "--help"
"$bin" >/dev/null 2>&1; check "no command exits 2" [ $? -eq 2 ]
"$bin" frobnicate >/dev/null 2>&1; check "unknown command exits 2" [ $? -eq 2 ]
"$bin" build --bogus >/dev/null 2>&1; check "unknown option exits 2" [ $? -eq 2 ]
"$bin" build -j 0 >/dev/null 2>&1; check "-j 0 exits 2" [ $? -eq 2 ]
"$bin" check -o x >/dev/null 2>&1; check "check -o exits 2" [ $? -eq 2 ]
"$bin" check extra >/dev/null 2>&1; check "stray argument exits 2" [ $? -eq 2 ]

"$bin" build -d "$tiny" -o "$tmp/nt" -t "$tmp/no-templates" >/dev/null 2>"$tmp/err"
check "missing templates folder exits 2" [ $? -eq 2 ]
check "missing templates folder: one clear line" [ "$(grep -c "no-templates: cannot open the templates folder" "$tmp/err")" -eq 1 ]
check "missing templates folder: nothing written" [ ! -e "$tmp/nt" ]

# A template that cannot render (it includes itself) is named once, and
# nothing is published: in a shared part, and in one page's template.
for t in partials/footer unit; do
	rm -rf "$tmp/tpl"
	cp -R templates "$tmp/tpl"
	printf '{{>%s}}\n' "$t" >>"$tmp/tpl/$t.mustache"
	"$bin" build -q -d "$tiny" -o "$tmp/tplout" -t "$tmp/tpl" >/dev/null 2>"$tmp/err"
	check "$t includes itself: build exits 1" [ $? -eq 1 ]
	check "$t includes itself: named once" \
		[ "$(grep -c "tpl/$t.mustache:1: cannot render" "$tmp/err")" -eq 1 ]
	check "$t includes itself: nothing written" [ ! -e "$tmp/tplout" ]
done

# --- the sample data and the tiny set are valid, with no warning ---
"$bin" check -d data >"$tmp/out" 2>"$tmp/err"
check "sample data: check exits 0" [ $? -eq 0 ]
check "sample data: no warning" [ ! -s "$tmp/err" ]
"$bin" check --strict -d "$tiny" >/dev/null 2>"$tmp/err"
check "tiny data: strict check exits 0" [ $? -eq 0 ]
"$bin" build -q -d "$tiny" -o "$tmp/site" 2>"$tmp/err"
check "tiny build exits 0" [ $? -eq 0 ]
check "tiny build writes the period JSON" [ -s "$tmp/site/tai-ve/2023.json" ]

# --- bad input, one class each ---
bad missing-folder "$tmp/missing-folder"

fresh nosite; rm "$tmp/nosite/site.json"
bad nosite "nosite/site.json" "missing"

fresh empty; : >"$tmp/empty/units.json"
bad empty "empty/units.json:1:1:" "empty"

fresh garbage; head -c 4096 /dev/urandom >"$tmp/garbage/units.json"
printf '\001\002{' >>"$tmp/garbage/units.json"
bad garbage "garbage/units.json:"

fresh utf8; printf '{"title": "Bad \377\376 text", "organisation": "x"}' >"$tmp/utf8/site.json"
bad utf8 "utf8/site.json:1:" "UTF-8"

fresh deep; python3 -c "print('{\"groups\": ' + '[' * 5000 + ']' * 5000 + '}')" >"$tmp/deep/units.json"
bad deep "deep/units.json:1:" "nesting"

fresh huge; sed 's/"total": 70, "max": 84/"total": 1e308, "max": 84/' "$tiny/periods/2023/par.json" >"$tmp/huge/periods/2023/par.json"
bad huge "huge/periods/2023/par.json: /scores/2/total (row 3, Ban Dân tộc):" "out of range"

fresh bigstr; python3 -c "
import json; d = json.load(open('$tiny/site.json')); d['title'] = 'x' * 3000000
json.dump(d, open('$tmp/bigstr/site.json', 'w'))"
bad bigstr "bigstr/site.json:" "longer than the limit"

fresh isdir; rm "$tmp/isdir/units.json"; mkdir "$tmp/isdir/units.json"
bad isdir "isdir/units.json: is a folder"

fresh dupkey; sed 's/"title": /"title": "Một", "title": /' "$tiny/site.json" >"$tmp/dupkey/site.json"
bad dupkey "dupkey/site.json: /title:" "more than once"

fresh syntax; sed 's/"organisation":/"organisation"/' "$tiny/site.json" >"$tmp/syntax/site.json"
bad syntax "syntax/site.json:3:" "syntax"

fresh abovemax; sed 's/"the-che": 45, "tai-chinh": 18}, "rank": 1/"the-che": 50.6, "tai-chinh": 18}, "rank": 1/; s/"max": 50}/"max": 50}/' "$tiny/periods/2023/par.json" >"$tmp/abovemax/periods/2023/par.json"
sed -i 's/"the-che": 50.6/"the-che": 60.6/' "$tmp/abovemax/periods/2023/par.json"
bad abovemax "abovemax/periods/2023/par.json: /scores/0/criteria/the-che (row 1, Sở Tư pháp): 60.6 is above the maximum 50"

fresh decimals; sed 's/"ke-hoach": 8.3333/"ke-hoach": 8.33333/' "$tiny/periods/2023/par.json" >"$tmp/decimals/periods/2023/par.json"
bad decimals "/scores/3/criteria/ke-hoach (row 4, Sở Y tế):" "more than 4 decimals"

fresh nul; sed 's/Sở Nội vụ/Sở Nội\\u0000vụ/' "$tiny/units.json" >"$tmp/nul/units.json"
bad nul "nul/units.json:" "NUL"

fresh unknownunit; sed 's/"unit": "huyen-b"/"unit": "huyen-z"/' "$tiny/periods/2023/par.json" >"$tmp/unknownunit/periods/2023/par.json"
bad unknownunit "/scores/5/unit (row 6): unknown unit \"huyen-z\": did you mean huyen-a, huyen-b?"

fresh badid; sed 's/"id": "huyen-b"/"id": "Huyen B"/' "$tiny/units.json" >"$tmp/badid/units.json"
bad badid "badid/units.json: /units/5/id (row 6, UBND huyện Bình Lục):" "not a valid id"

fresh badsum; sed 's/"max": 30,/"max": 31,/' "$tiny/indices/par.json" >"$tmp/badsum/indices/par.json"
bad badsum "badsum/indices/par.json: /criteria/0/max:" "sum"

fresh badperiod; mv "$tmp/badperiod/periods/2023-q4" "$tmp/badperiod/periods/2023-q5"
bad badperiod "badperiod/periods/2023-q5:" "not a period"

fresh reserved; cp "$tiny/pages/gioi-thieu.md" "$tmp/reserved/pages/tin-tuc.md"
bad reserved "reserved/pages/tin-tuc.md:" "reserved"

fresh manyerrors
sed 's/"unit": "huyen-b"/"unit": "huyen-z"/; s/"ke-hoach": 8.3333/"ke-hoach": 11/' "$tiny/periods/2023/par.json" >"$tmp/manyerrors/periods/2023/par.json"
sed 's/"title": /"title": 5, "x": /' "$tiny/site.json" >"$tmp/manyerrors/site.json"
bad manyerrors "manyerrors/periods/2023/par.json: /scores/3/criteria/ke-hoach (row 4, Sở Y tế):" \
	"manyerrors/periods/2023/par.json: /scores/5/unit (row 6):" "manyerrors/site.json: /title:"

# --- units over time (SPEC §2): one test per rule, on the reorganisation data set ---
reorg=tests/fixtures/reorg
"$bin" check --strict -d "$reorg" >/dev/null 2>"$tmp/err"
check "reorganisation data: strict check exits 0" [ $? -eq 0 ]
check "reorganisation data: no warning" [ ! -s "$tmp/err" ]

# edit NAME FILE PYTHON: a copy of the reorganisation data at $tmp/NAME whose
# FILE (under it) is changed by the Python statements: d is the file's JSON,
# u the units of units.json by id, s the list of rows of a scores or
# services file.
edit() {
	rm -rf "$tmp/$1"
	cp -R "$reorg" "$tmp/$1"
	python3 - "$tmp/$1/$2" "$3" <<'PY'
import json, sys
p = sys.argv[1]
d = json.load(open(p, encoding="utf-8"))
u = {x["id"]: x for x in d.get("units", [])}
s = d.get("scores", d.get("services"))
exec(sys.argv[2])
json.dump(d, open(p, "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY
}

edit badfrom units.json 'u["xa-an-phu-2025"]["from"] = "2025-02-30"'
bad badfrom "badfrom/units.json: /units/12/from (row 13, UBND xã An Phú):" "\"2025-02-30\" is not a date"

edit baduntil units.json 'u["huyen-dong-an"]["until"] = "30/06/2025"'
bad baduntil "baduntil/units.json: /units/4/until (row 5, UBND huyện Đông An):" "\"30/06/2025\" is not a date"

edit endsfirst units.json 'u["xa-tan-an"]["until"] = "2025-06-30"'
bad endsfirst "endsfirst/units.json: /units/14/until (row 15, UBND xã Tân An): 2025-06-30 is before \"from\" 2025-07-01"

edit succlist units.json 'u["xa-an-phu"]["successors"] = "xa-an-phu-2025"'
bad succlist "succlist/units.json: /units/6/successors (row 7, UBND xã An Phú):" "expected a list of unit ids"

edit succunknown units.json 'u["xa-an-phu"]["successors"] = ["xa-khong-co"]'
bad succunknown "succunknown/units.json: /units/6/successors/0 (row 7, UBND xã An Phú):" "unknown unit \"xa-khong-co\""

edit succself units.json 'u["xa-an-phu"]["successors"] = ["xa-an-phu"]'
bad succself "succself/units.json: /units/6/successors/0 (row 7, UBND xã An Phú):" "cannot be its own successor"

edit succtwice units.json 'u["xa-binh-minh"]["successors"] = ["xa-tan-an", "xa-tan-an"]'
bad succtwice "succtwice/units.json: /units/9/successors/1 (row 10, UBND xã Bình Minh):" "\"xa-tan-an\" is listed twice"

edit succnountil units.json 'del u["xa-an-phu"]["until"]'
bad succnountil "succnountil/units.json: /units/6/successors (row 7, UBND xã An Phú):" "add \"until\""

edit succlate units.json 'u["xa-an-phu-2025"]["from"] = "2025-07-02"'
bad succlate "succlate/units.json: /units/6/successors/0 (row 7, UBND xã An Phú):" \
	"the successor \"xa-an-phu-2025\" begins on 2025-07-02, later than 2025-07-01"

edit succended units.json 'u["xa-an-phu"]["successors"] = ["xa-an-loc"]'
bad succended "succended/units.json: /units/6/successors/0 (row 7, UBND xã An Phú):" \
	"the successor \"xa-an-loc\" ends on 2025-06-30, before 2025-07-01"

# A loop always breaks a date rule too (every step must end later); the
# loop is named as such.
edit succloop units.json 'u["so-tai-chinh"]["until"] = "2025-12-31"; u["so-tai-chinh"]["successors"] = ["so-ke-hoach-va-dau-tu"]'
bad succloop "succloop/units.json: /units/3/successors (row 4, Sở Kế hoạch và Đầu tư):" \
	"the successors form a loop (so-tai-chinh → so-ke-hoach-va-dau-tu → so-tai-chinh)"

edit parentgone units.json 'u["xa-an-phu-2025"]["parent"] = "huyen-dong-an"'
bad parentgone "parentgone/units.json: /units/12/parent (row 13, UBND xã An Phú):" \
	"the parent \"huyen-dong-an\" ended on 2025-06-30, before this unit began (\"from\" 2025-07-01)"

edit parentlater units.json 'd["units"].append({"id": "huyen-moi", "name": "UBND huyện Mới", "group": "huyen", "from": "2025-07-01"}); u["xa-an-phu"]["parent"] = "huyen-moi"'
bad parentlater "parentlater/units.json: /units/6/parent (row 7, UBND xã An Phú):" \
	"the parent \"huyen-moi\" began on 2025-07-01, after this unit ended (\"until\" 2025-06-30)"

edit scoreended periods/2025-q3/chi-so-766.json 's.append(dict(s[3], unit="xa-an-phu"))'
bad scoreended "scoreended/periods/2025-q3/chi-so-766.json: /scores/6/unit (row 7, UBND xã An Phú):" \
	"\"xa-an-phu\" ended on 2025-06-30 (\"until\" in units.json), before the period 2025-q3 (2025-07-01 to 2025-09-30)"

edit scorebefore periods/2024/par.json 's.append(dict(s[6], unit="xa-tan-an"))'
bad scorebefore "scorebefore/periods/2024/par.json: /scores/12/unit (row 13, UBND xã Tân An):" \
	"\"xa-tan-an\" begins on 2025-07-01 (\"from\" in units.json), after the period 2024 (2024-01-01 to 2024-12-31)"

edit serviceended periods/2025-q2/services.json 's.append(dict(s[0], unit="so-ke-hoach-va-dau-tu"))'
bad serviceended "serviceended/periods/2025-q2/services.json: /services/11/unit (row 12, Sở Kế hoạch và Đầu tư):" \
	"\"so-ke-hoach-va-dau-tu\" ended on 2025-02-28"

edit servicebefore periods/2025-q2/services.json 's.append(dict(s[5], unit="phuong-binh-hoa"))'
bad servicebefore "servicebefore/periods/2025-q2/services.json: /services/11/unit (row 12, UBND phường Bình Hòa):" \
	"\"phuong-binh-hoa\" begins on 2025-07-01"

# Why a unit ended is said only of a unit that ended.
edit reasonnountil units.json 'u["xa-tan-an"]["end_reason"] = "sắp xếp đơn vị hành chính"'
bad reasonnountil "reasonnountil/units.json: /units/14/end_reason (row 15, UBND xã Tân An):" "add \"until\""
edit reasonctl units.json 'u["xa-an-phu"]["end_reason"] = "sáp nhập\nvào xã mới"'
bad reasonctl "reasonctl/units.json: /units/6/end_reason (row 7, UBND xã An Phú):" "control character U+000A"

# "levels" names the levels of an index's criteria: a list of names, no
# more than the tree has.
edit levelslist indices/par.json 'd["levels"] = "lĩnh vực"'
bad levelslist "levelslist/indices/par.json: /levels:" "expected a list of names"
edit levelsempty indices/par.json 'd["levels"] = []'
bad levelsempty "levelsempty/indices/par.json: /levels:" "is empty"
edit levelsdeep indices/par.json 'd["levels"] = ["lĩnh vực", "tiêu chí", "tiêu chí thành phần"]'
bad levelsdeep "levelsdeep/indices/par.json: /levels:" "names 3 levels, but the criteria are 2 levels deep"
edit levelsname indices/par.json 'd["levels"] = ["lĩnh vực", ""]'
bad levelsname "levelsname/indices/par.json: /levels/1:" "is empty"
edit levelsnum indices/par.json 'd["levels"] = ["lĩnh vực", 2]'
bad levelsnum "levelsnum/indices/par.json: /levels/1:" "expected a name, found a number"
# A chart font is data too: check refuses what build would, in one run with
# the other problems.
fresh badfont; python3 -c "
import json; d = json.load(open('$tiny/site.json')); d['font'] = '/nonexistent/font.ttf'
json.dump(d, open('$tmp/badfont/site.json', 'w'), ensure_ascii=False)"
bad badfont "badfont/site.json: /font: font \"/nonexistent/font.ttf\": cannot open" "DejaVu Sans"
fresh notafont; python3 -c "
import json; d = json.load(open('$tiny/site.json')); d['font'] = '$tmp/notafont/units.json'
json.dump(d, open('$tmp/notafont/site.json', 'w'), ensure_ascii=False)"
sed 's/"unit": "huyen-b"/"unit": "huyen-z"/' "$tiny/periods/2023/par.json" >"$tmp/notafont/periods/2023/par.json"
bad notafont "notafont/site.json: /font:" "not a TrueType" "notafont/periods/2023/par.json: /scores/5/unit (row 6):"
# --- nothing outside DATA is read, no special file is opened (issue 13) ---
secret="SECRET-$$-minhbach"
printf '{"%s": 1}\n' "$secret" >"$tmp/secret.json"
# A page linked to a file outside DATA: refused, never published.
fresh linkpage; ln -s /etc/nsswitch.conf "$tmp/linkpage/pages/leak.md"
bad linkpage "linkpage/pages/leak.md: is a symbolic link that leads out of"
# A data file linked to a secret: refused before a byte of it is read.
fresh linksecret; rm "$tmp/linksecret/units.json"; ln -s "$tmp/secret.json" "$tmp/linksecret/units.json"
bad linksecret "linksecret/units.json: is a symbolic link that leads out of"
check "linksecret: nothing of the target is shown" sh -c "! grep -q '$secret' '$tmp/err'"
# A relative link that climbs out, and a period folder linked out.
fresh climb; ln -s ../../secret.json "$tmp/climb/pages/x.md"
bad climb "climb/pages/x.md: is a symbolic link that leads out of"
fresh dirout; mkdir -p "$tmp/elsewhere"; rm -rf "$tmp/elsewhere/2023-q4"; mv "$tmp/dirout/periods/2023-q4" "$tmp/elsewhere/"
ln -s "$tmp/elsewhere/2023-q4" "$tmp/dirout/periods/2023-q4"
bad dirout "dirout/periods/2023-q4: is a symbolic link that leads out of"
# Links that stay inside DATA are followed.
fresh linkin; mkdir "$tmp/linkin/archive"; mv "$tmp/linkin/periods/2023-q4" "$tmp/linkin/archive/"
ln -s ../archive/2023-q4 "$tmp/linkin/periods/2023-q4"
mv "$tmp/linkin/pages/gioi-thieu.md" "$tmp/linkin/archive/"; ln -s ../archive/gioi-thieu.md "$tmp/linkin/pages/gioi-thieu.md"
"$bin" check -d "$tmp/linkin" >"$tmp/out" 2>"$tmp/err"
check "links inside DATA: followed (exit $?)" grep -q "3 periods (2 score tables), 0 procedures, 1 page$" "$tmp/out"
# FIFOs where files or folders belong: refused at once, never waited on.
fresh fifo; rm "$tmp/fifo/units.json"; mkfifo "$tmp/fifo/units.json"
bad fifo "fifo/units.json: is a FIFO, socket or device: only regular files and folders are read"
fresh fifopage; mkfifo "$tmp/fifopage/pages/trang.md"
bad fifopage "fifopage/pages/trang.md: is a FIFO, socket or device"
fresh fifodir; rm -r "$tmp/fifodir/periods/2022"; mkfifo "$tmp/fifodir/periods/2022"
bad fifodir "fifodir/periods/2022: is a FIFO, socket or device"
if [ "$(id -u)" -eq 0 ]; then
	fresh device; mknod "$tmp/device/pages/null.md" c 1 3
	bad device "device/pages/null.md: is a FIFO, socket or device"
fi
# The chart font of site.json lies outside DATA: checked as a regular file by check.
mkfifo "$tmp/font.fifo"
fresh fontfifo; sed "s#\"sample\": true#\"sample\": true, \"font\": \"$tmp/font.fifo\"#" "$tiny/site.json" >"$tmp/fontfifo/site.json"
bad fontfifo "fontfifo/site.json: /font: the font file \"$tmp/font.fifo\" is a FIFO, socket or device"
fresh fontmissing; sed "s#\"sample\": true#\"sample\": true, \"font\": \"$tmp/nope.ttf\"#" "$tiny/site.json" >"$tmp/fontmissing/site.json"
bad fontmissing "fontmissing/site.json: /font: the font file \"$tmp/nope.ttf\" does not exist"

# --- two inputs never write the same file (issue 13) ---
# Index "q4-dich-vu" of 2023 and the services of 2023-q4: tai-ve/2023-q4-dich-vu.csv.
fresh clash1
sed 's/"id": "par"/"id": "q4-dich-vu"/' "$tiny/indices/par.json" >"$tmp/clash1/indices/q4-dich-vu.json"
cp "$tiny/periods/2023/par.json" "$tmp/clash1/periods/2023/q4-dich-vu.json"
bad clash1 "clash1/periods/2023/q4-dich-vu.json: the ranking table of index \"q4-dich-vu\" in period 2023 would be written to tai-ve/2023-q4-dich-vu.csv, and so would the service table of period 2023-q4 (" \
	"clash1/periods/2023-q4/services.json)"
# Index "par-so" with group "nganh", and "par" with "so-nganh": bieu-do/2023/par-so-nganh.png.
fresh clash2; sed 's/"huyen"/"nganh"/g' "$tiny/units.json" >"$tmp/clash2/units.json"
sed 's/"id": "par"/"id": "par-so"/' "$tiny/indices/par.json" >"$tmp/clash2/indices/par-so.json"
cp "$tiny/periods/2023/par.json" "$tmp/clash2/periods/2023/par-so.json"
bad clash2 "bieu-do/2023/par-so-nganh.png" "index \"par\" for group \"so-nganh\"" "index \"par-so\" for group \"nganh\"" \
	"clash2/periods/2023/par-so.json"
# Index "par-trung-binh" and the group means of index "par" (issue 15):
# tai-ve/2023-par-trung-binh.csv.
fresh clash3
sed 's/"id": "par"/"id": "par-trung-binh"/' "$tiny/indices/par.json" >"$tmp/clash3/indices/par-trung-binh.json"
cp "$tiny/periods/2023/par.json" "$tmp/clash3/periods/2023/par-trung-binh.json"
bad clash3 "tai-ve/2023-par-trung-binh.csv" "the group means of index \"par\" in period 2023" \
	"the ranking table of index \"par-trung-binh\" in period 2023"
# Index "dich-vu-tong-hop" of 2023-q4 and the service totals of 2023-q4.
fresh clash4
sed 's/"id": "par"/"id": "dich-vu-tong-hop"/' "$tiny/indices/par.json" >"$tmp/clash4/indices/dich-vu-tong-hop.json"
cp "$tiny/periods/2023/par.json" "$tmp/clash4/periods/2023-q4/dich-vu-tong-hop.json"
bad clash4 "tai-ve/2023-q4-dich-vu-tong-hop.csv" "the service totals of period 2023-q4"
# The charts' folder is the site's own: no page may take its name.
fresh chartslug; cp "$tiny/pages/gioi-thieu.md" "$tmp/chartslug/pages/bieu-do.md"
bad chartslug "chartslug/pages/bieu-do.md:" "reserved"

# --- no control character in a name: it would break the workbooks' XML (issue 13) ---
fresh ctrl; sed 's/"Sở Tư pháp"/"Sở Tư\\u000b pháp"/' "$tiny/units.json" >"$tmp/ctrl/units.json"
bad ctrl "ctrl/units.json: /units/0/name (row 1): contains the control character U+000B (character 6)"
check "ctrl: one error, not one per score of the unit" grep -q "1 error, 0 warnings" "$tmp/err"
fresh ctrltitle; printf -- '---\ntitle: Tin \033[31m đỏ\n---\nNội dung.\n' >"$tmp/ctrltitle/pages/tin.md"
bad ctrltitle "ctrltitle/pages/tin.md:2:1: \"title\" contains the control character U+001B"
fresh ctrldesc; sed 's/"Sở Y tế", "group"/"Sở Y tế", "description": "Dòng 1\\nDòng 2\\tcột", "group"/' "$tiny/units.json" >"$tmp/ctrldesc/units.json"
"$bin" check -d "$tmp/ctrldesc" >/dev/null 2>"$tmp/err"
check "a description may hold line breaks and tabs (exit $?)" [ ! -s "$tmp/err" ]

# --- limits that check enforces, before a build meets them (issue 13) ---
fresh bigpage; { echo '# Trang rất dài'; head -c 8000000 /dev/zero | tr '\0' 'a'; } >"$tmp/bigpage/pages/dai.md"
bad bigpage "bigpage/pages/dai.md: the page is $(wc -c <"$tmp/bigpage/pages/dai.md") bytes, more than the limit of 4 MB"
check "bigpage: no template is blamed" sh -c "! grep -q mustache '$tmp/err'"
fresh quotes; { echo '# Trích dẫn'; head -c 3000000 /dev/zero | tr '\0' '"'; } >"$tmp/quotes/pages/trich.md"
bad quotes "quotes/pages/trich.md: the page renders to" "more than the limit of 16 MB"

# --- templates: read inside their folder, no special file (issue 13) ---
cp -R templates "$tmp/tl"
ln -s /etc "$tmp/tl/static/etc"
timeout 60 "$bin" build -q -d "$tiny" -t "$tmp/tl" -o "$tmp/tlsite" >/dev/null 2>"$tmp/err"
rc=$?
check "templates/static linked out: refused (exit $rc), nothing published" [ "$rc" -eq 1 ] && [ ! -e "$tmp/tlsite" ]
check "templates/static linked out: says so" grep -q "tl/static/etc: is a symbolic link that leads out of" "$tmp/err"
rm "$tmp/tl/static/etc"; ln -s / "$tmp/tl/static/root"
timeout 60 "$bin" build -q -d "$tiny" -t "$tmp/tl" -o "$tmp/tlsite" >/dev/null 2>"$tmp/err"
rc=$?
check "templates/static linked to /: refused, not hung (exit $rc)" [ "$rc" -eq 1 ] && [ ! -e "$tmp/tlsite" ]
rm "$tmp/tl/static/root"; ln -s . "$tmp/tl/static/self"
timeout 60 "$bin" build -q -d "$tiny" -t "$tmp/tl" -o "$tmp/tlsite" >/dev/null 2>"$tmp/err"
rc=$?
check "templates/static with a link to itself: refused, not hung (exit $rc)" [ "$rc" -eq 1 ] && [ ! -e "$tmp/tlsite" ]
check "... says the links loop" grep -q "tl/static/self: symbolic links loop" "$tmp/err"
rm "$tmp/tl/static/self"; ln -s ../partials/head.mustache "$tmp/tl/static/head.txt"
mv "$tmp/tl/404.mustache" "$tmp/tl/partials/not-found.mustache"; ln -s partials/not-found.mustache "$tmp/tl/404.mustache"
"$bin" build -q -d "$tiny" -t "$tmp/tl" -o "$tmp/tlsite" >/dev/null 2>"$tmp/err"
check "templates: links inside the folder are followed" cmp -s "$tmp/tl/partials/head.mustache" "$tmp/tlsite/static/head.txt"
check "... a template too" [ -s "$tmp/tlsite/404.html" ]
mkfifo "$tmp/tl/partials/pipe.mustache"
timeout 60 "$bin" build -q -d "$tiny" -t "$tmp/tl" -o "$tmp/tlsite2" >/dev/null 2>"$tmp/err"
rc=$?
check "a FIFO template: refused, not hung (exit $rc)" [ "$rc" -eq 1 ] && [ ! -e "$tmp/tlsite2" ]
check "... named" grep -q "tl/partials/pipe.mustache: is a FIFO, socket or device" "$tmp/err"

# Unreadable files: root reads anything, so run as an unprivileged user when root.
fresh unreadable; chmod 000 "$tmp/unreadable/units.json"
chmod -R a+rX "$tmp"; chmod 000 "$tmp/unreadable/units.json"
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	setpriv --reuid=65534 --regid=65534 --clear-groups "$bin" check -d "$tmp/unreadable" 2>"$tmp/err" >/dev/null
	rc=$?
else
	"$bin" check -d "$tmp/unreadable" 2>"$tmp/err" >/dev/null
	rc=$?
fi
check "unreadable: exit 1" [ "$rc" -eq 1 ]
check "unreadable: names the file" grep -q "unreadable/units.json: cannot open the file: Permission denied" "$tmp/err"

# Warnings: print but pass; --strict fails.
fresh warn; sed 's/"rank": 1/"rank": 2/' "$tiny/periods/2023/par.json" >"$tmp/warn/periods/2023/par.json"
"$bin" check -d "$tmp/warn" >/dev/null 2>"$tmp/err"
check "warning: check exits 0" [ $? -eq 0 ]
check "warning: names both ranks" grep -q "/scores/0/rank (row 1, Sở Tư pháp): warning: the official rank 2 differs from the computed rank 1" "$tmp/err"
"$bin" check --strict -d "$tmp/warn" >/dev/null 2>&1
check "warning with --strict exits 1" [ $? -eq 1 ]

fresh unbalanced; sed 's/"in_time": 148/"in_time": 150/' "$tiny/periods/2023-q4/services.json" >"$tmp/unbalanced/periods/2023-q4/services.json"
"$bin" check -d "$tmp/unbalanced" >/dev/null 2>"$tmp/err"
check "unbalanced: check exits 0" [ $? -eq 0 ]
check "unbalanced: gives both sides" grep -q "/services/0 (row 1, Sở Tư pháp): warning: files do not balance: carried_over + received = 52 + 1510 = 1562, but resolved + pending + withdrawn = 1412 + 152 + 0 = 1564 (difference -2)" "$tmp/err"

# --- no silent gaps (issue 14): warnings, errors with --strict ---
# warns NAME PATTERN...: check of $tmp/NAME exits 0 with every PATTERN on
# stderr, and exits 1 with --strict.
warns() {
	name=$1
	shift
	"$bin" check -d "$tmp/$name" >/dev/null 2>"$tmp/err"
	check "$name: check exits 0 (warnings only)" [ $? -eq 0 ]
	for pat in "$@"; do
		if grep -qF -- "$pat" "$tmp/err"; then ok; else
			fail "$name: stderr lacks \"$pat\""
			cat "$tmp/err"
		fi
	done
	"$bin" check --strict -d "$tmp/$name" >/dev/null 2>&1
	check "$name: --strict exits 1" [ $? -eq 1 ]
}
# A unit with figures last quarter and none now, though it still exists
# (the units that ended on 2025-06-30 are not expected in 2025-q3).
edit gone periods/2025-q3/services.json 'd["services"] = [r for r in s if r["unit"] != "so-tu-phap"]'
warns gone "gone/periods/2025-q3/services.json: /services: warning: Sở Tư pháp (so-tu-phap) has figures in Quý II/2025 but no row here"
check "gone: the units that ended are not named" sh -c "! grep -q 'xa-an-phu)' '$tmp/err'"
# A PAR row removed: the unit is named, not only another unit's rank.
fresh parrow; python3 - "$tmp/parrow/periods/2023/par.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["scores"] = [r for r in d["scores"] if r["unit"] != "so-y-te"]
json.dump(d, open(sys.argv[1], "w"), ensure_ascii=False)
PY
warns parrow "parrow/periods/2023/par.json: /scores: warning: Sở Y tế (so-y-te) was ranked in Năm 2022 but has no score here"
# Carried over is not what the previous quarter left pending (balanced, so
# that only this check speaks).
edit carry periods/2025-q3/services.json 's[1]["carried_over"] += 5; s[1]["pending"]["in_time"] += 5'
warns carry "carry/periods/2025-q3/services.json: /services/1/carried_over (row 2, Sở Tư pháp): warning: 80 files carried over, but Quý II/2025 ended with 75 files pending (73 in time, 2 overdue)"
# A rate that jumps against the previous quarter: on time read from the
# late column (the files still balance).
edit jump periods/2025-q3/services.json 's[2]["resolved"] = {"early": 5, "on_time": 0, "late": 830}'
warns jump "jump/periods/2025-q3/services.json: /services/2/resolved (row 3, Sở Tài chính): warning: the on-time rate fell from 99.38% in Quý II/2025 to 0.60%, down 98.78 points: more than the 20 points that \"rate_change_warning\" in site.json allows"
# The limit is the site's: 0.99 lets it pass.
python3 - "$tmp/jump/site.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["rate_change_warning"] = 0.99
json.dump(d, open(sys.argv[1], "w"), ensure_ascii=False)
PY
"$bin" check --strict -d "$tmp/jump" >/dev/null 2>"$tmp/err"
check "jump: within the site's rate_change_warning: no warning" [ ! -s "$tmp/err" ]

# Sorted output: the same problems in the same order on every run.
"$bin" check -d "$tmp/manyerrors" 2>"$tmp/e1" >/dev/null
"$bin" check -d "$tmp/manyerrors" 2>"$tmp/e2" >/dev/null
check "problems are listed in a stable order" cmp -s "$tmp/e1" "$tmp/e2"

# Installed (make install: PREFIX/bin/minhbach, PREFIX/share/minhbach/templates),
# the program finds its templates from a folder that has none.
mkdir -p "$tmp/inst/bin" "$tmp/inst/share/minhbach" "$tmp/away"
cp "$bin" "$tmp/inst/bin/minhbach"
top=$(pwd)
(cd "$tmp/away" && "$tmp/inst/bin/minhbach" build -q -d "$top/$tiny" -o "$tmp/away/site" >/dev/null 2>"$tmp/err")
check "installed, no templates here, none installed: exit 2" [ $? -eq 2 ]
check "... and says to give them with -t" grep -q -- "-t" "$tmp/err"
cp -R templates "$tmp/inst/share/minhbach/"
(cd "$tmp/away" && "$tmp/inst/bin/minhbach" build -q -d "$top/$tiny" -o "$tmp/away/site" >/dev/null 2>"$tmp/err")
check "installed: the installed templates are used: exit 0" [ $? -eq 0 ]
check "installed: ... and the pages are written" [ -s "$tmp/away/site/index.html" ]

finish
