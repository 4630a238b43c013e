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
	"$bin" check -d "$tmp/$name" >"$tmp/out" 2>"$tmp/err"
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
	"$bin" build -q -d "$tmp/$name" -o "$tmp/pub" >/dev/null 2>&1
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
bad huge "huge/periods/2023/par.json: /scores/2/total:" "out of range"

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
bad abovemax "abovemax/periods/2023/par.json: /scores/0/criteria/the-che: 60.6 is above the maximum 50"

fresh decimals; sed 's/"ke-hoach": 8.3333/"ke-hoach": 8.33333/' "$tiny/periods/2023/par.json" >"$tmp/decimals/periods/2023/par.json"
bad decimals "/scores/3/criteria/ke-hoach:" "more than 4 decimals"

fresh nul; sed 's/Sở Nội vụ/Sở Nội\\u0000vụ/' "$tiny/units.json" >"$tmp/nul/units.json"
bad nul "nul/units.json:" "NUL"

fresh unknownunit; sed 's/"unit": "huyen-b"/"unit": "huyen-z"/' "$tiny/periods/2023/par.json" >"$tmp/unknownunit/periods/2023/par.json"
bad unknownunit "/scores/5/unit:" "unknown unit \"huyen-z\""

fresh badid; sed 's/"id": "huyen-b"/"id": "Huyen B"/' "$tiny/units.json" >"$tmp/badid/units.json"
bad badid "badid/units.json: /units/5/id:" "not a valid id"

fresh badsum; sed 's/"max": 30,/"max": 31,/' "$tiny/indices/par.json" >"$tmp/badsum/indices/par.json"
bad badsum "badsum/indices/par.json: /criteria/0/max:" "sum"

fresh badperiod; mv "$tmp/badperiod/periods/2023-q4" "$tmp/badperiod/periods/2023-q5"
bad badperiod "badperiod/periods/2023-q5:" "not a period"

fresh reserved; cp "$tiny/pages/gioi-thieu.md" "$tmp/reserved/pages/tin-tuc.md"
bad reserved "reserved/pages/tin-tuc.md:" "reserved"

fresh manyerrors
sed 's/"unit": "huyen-b"/"unit": "huyen-z"/; s/"ke-hoach": 8.3333/"ke-hoach": 11/' "$tiny/periods/2023/par.json" >"$tmp/manyerrors/periods/2023/par.json"
sed 's/"title": /"title": 5, "x": /' "$tiny/site.json" >"$tmp/manyerrors/site.json"
bad manyerrors "manyerrors/periods/2023/par.json: /scores/3/criteria/ke-hoach:" \
	"manyerrors/periods/2023/par.json: /scores/5/unit:" "manyerrors/site.json: /title:"

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
bad badfrom "badfrom/units.json: /units/12/from:" "\"2025-02-30\" is not a date"

edit baduntil units.json 'u["huyen-dong-an"]["until"] = "30/06/2025"'
bad baduntil "baduntil/units.json: /units/4/until:" "\"30/06/2025\" is not a date"

edit endsfirst units.json 'u["xa-tan-an"]["until"] = "2025-06-30"'
bad endsfirst "endsfirst/units.json: /units/14/until: 2025-06-30 is before \"from\" 2025-07-01"

edit succlist units.json 'u["xa-an-phu"]["successors"] = "xa-an-phu-2025"'
bad succlist "succlist/units.json: /units/6/successors:" "expected a list of unit ids"

edit succunknown units.json 'u["xa-an-phu"]["successors"] = ["xa-khong-co"]'
bad succunknown "succunknown/units.json: /units/6/successors/0:" "unknown unit \"xa-khong-co\""

edit succself units.json 'u["xa-an-phu"]["successors"] = ["xa-an-phu"]'
bad succself "succself/units.json: /units/6/successors/0:" "cannot be its own successor"

edit succtwice units.json 'u["xa-binh-minh"]["successors"] = ["xa-tan-an", "xa-tan-an"]'
bad succtwice "succtwice/units.json: /units/9/successors/1:" "\"xa-tan-an\" is listed twice"

edit succnountil units.json 'del u["xa-an-phu"]["until"]'
bad succnountil "succnountil/units.json: /units/6/successors:" "add \"until\""

edit succlate units.json 'u["xa-an-phu-2025"]["from"] = "2025-07-02"'
bad succlate "succlate/units.json: /units/6/successors/0:" \
	"the successor \"xa-an-phu-2025\" begins on 2025-07-02, later than 2025-07-01"

edit succended units.json 'u["xa-an-phu"]["successors"] = ["xa-an-loc"]'
bad succended "succended/units.json: /units/6/successors/0:" \
	"the successor \"xa-an-loc\" ends on 2025-06-30, before 2025-07-01"

# A loop always breaks a date rule too (every step must end later); the
# loop is named as such.
edit succloop units.json 'u["so-tai-chinh"]["until"] = "2025-12-31"; u["so-tai-chinh"]["successors"] = ["so-ke-hoach-va-dau-tu"]'
bad succloop "succloop/units.json: /units/3/successors:" \
	"the successors form a loop (so-tai-chinh → so-ke-hoach-va-dau-tu → so-tai-chinh)"

edit parentgone units.json 'u["xa-an-phu-2025"]["parent"] = "huyen-dong-an"'
bad parentgone "parentgone/units.json: /units/12/parent:" \
	"the parent \"huyen-dong-an\" ended on 2025-06-30, before this unit began (\"from\" 2025-07-01)"

edit parentlater units.json 'd["units"].append({"id": "huyen-moi", "name": "UBND huyện Mới", "group": "huyen", "from": "2025-07-01"}); u["xa-an-phu"]["parent"] = "huyen-moi"'
bad parentlater "parentlater/units.json: /units/6/parent:" \
	"the parent \"huyen-moi\" began on 2025-07-01, after this unit ended (\"until\" 2025-06-30)"

edit scoreended periods/2025-q3/chi-so-766.json 's.append(dict(s[3], unit="xa-an-phu"))'
bad scoreended "scoreended/periods/2025-q3/chi-so-766.json: /scores/6/unit:" \
	"\"xa-an-phu\" ended on 2025-06-30 (\"until\" in units.json), before the period 2025-q3 (2025-07-01 to 2025-09-30)"

edit scorebefore periods/2024/par.json 's.append(dict(s[6], unit="xa-tan-an"))'
bad scorebefore "scorebefore/periods/2024/par.json: /scores/12/unit:" \
	"\"xa-tan-an\" begins on 2025-07-01 (\"from\" in units.json), after the period 2024 (2024-01-01 to 2024-12-31)"

edit serviceended periods/2025-q2/services.json 's.append(dict(s[0], unit="so-ke-hoach-va-dau-tu"))'
bad serviceended "serviceended/periods/2025-q2/services.json: /services/11/unit:" \
	"\"so-ke-hoach-va-dau-tu\" ended on 2025-02-28"

edit servicebefore periods/2025-q2/services.json 's.append(dict(s[5], unit="phuong-binh-hoa"))'
bad servicebefore "servicebefore/periods/2025-q2/services.json: /services/11/unit:" \
	"\"phuong-binh-hoa\" begins on 2025-07-01"
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
bad notafont "notafont/site.json: /font:" "not a TrueType" "notafont/periods/2023/par.json: /scores/5/unit:"

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
check "warning: names both ranks" grep -q "/scores/0/rank: warning: the official rank 2 differs from the computed rank 1" "$tmp/err"
"$bin" check --strict -d "$tmp/warn" >/dev/null 2>&1
check "warning with --strict exits 1" [ $? -eq 1 ]

fresh unbalanced; sed 's/"in_time": 148/"in_time": 150/' "$tiny/periods/2023-q4/services.json" >"$tmp/unbalanced/periods/2023-q4/services.json"
"$bin" check -d "$tmp/unbalanced" >/dev/null 2>"$tmp/err"
check "unbalanced: check exits 0" [ $? -eq 0 ]
check "unbalanced: gives both sides" grep -q "/services/0: warning: files do not balance: carried_over + received = 52 + 1510 = 1562, but resolved + pending + withdrawn = 1412 + 152 + 0 = 1564 (difference -2)" "$tmp/err"

# Sorted output: the same problems in the same order on every run.
"$bin" check -d "$tmp/manyerrors" 2>"$tmp/e1" >/dev/null
"$bin" check -d "$tmp/manyerrors" 2>"$tmp/e2" >/dev/null
check "problems are listed in a stable order" cmp -s "$tmp/e1" "$tmp/e2"

finish
