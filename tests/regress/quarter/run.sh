#!/bin/sh
# run.sh BIN - golden drafts and highlights (issue 14): for the sample data and every
# test data set, the draft press release of every period and the "Điểm nổi bật" of
# the home and period pages, diffed with diff -u against expected/; check_draft.py
# works every figure of them out again with exact fractions from the period records;
# and the draft command's rules (never overwrites, unknown period, bad date, drafts
# unpublished until "draft: true" goes).
# UPDATE=1 sh run.sh BIN rewrites expected/ from the current templates: read the new
# output before committing it.
. "$(dirname "$0")/../../lib.sh"
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The drafts' date: the only one minhbach reads from the clock.
MINHBACH_TODAY=2025-01-15
export MINHBACH_TODAY

# The highlights sections of the built pages, one file: the page, then its section.
highlights() {
	python3 - "$1" <<'PY'
import os, re, sys
root = sys.argv[1]
pages = ["index.html"] + sorted("ky/%s/index.html" % d for d in os.listdir(os.path.join(root, "ky"))
                                if os.path.isdir(os.path.join(root, "ky", d)))
for p in pages:
    text = open(os.path.join(root, p), encoding="utf-8").read()
    m = re.search(r'<section class="highlights".*?</section>', text, re.S)
    print("==", p)
    print(m.group(0) if m else "(none)")
PY
}

for set in sample:data tiny:tests/fixtures/tiny reorg:tests/fixtures/reorg \
	basic:tests/regress/basic/data figures:tests/regress/figures/data pages:tests/regress/pages/data; do
	name=${set%%:*}
	src=$top/${set#*:}
	d=$tmp/$name
	mkdir -p "$d"
	cp -R "$src" "$d/data"
	"$bin" build -q -j 2 -d "$d/data" -o "$d/site" -t "$top/templates" --only pages,downloads >/dev/null 2>"$d/err"
	check "$name: build exits 0" [ $? -eq 0 ]
	highlights "$d/site" >"$d/highlights.html"
	drafts=""
	for p in $(ls "$src/periods"); do
		"$bin" draft "$p" -d "$d/data" -t "$top/templates" >"$d/out" 2>"$d/err"
		rc=$?
		check "$name: draft $p exits 0 (got $rc)" [ "$rc" -eq 0 ]
		[ "$rc" -eq 0 ] || cat "$d/err"
		check "$name: draft $p prints its path" grep -qx "$d/data/pages/ket-qua-$p.md" "$d/out"
		drafts="$drafts $d/data/pages/ket-qua-$p.md"
	done
	if [ -n "$UPDATE" ]; then
		mkdir -p "$here/expected/$name"
		cp "$d/highlights.html" "$here/expected/$name/highlights.html"
		for f in $drafts; do cp "$f" "$here/expected/$name/$(basename "$f")"; done
	fi
	check "$name: highlights match" diff -u "$here/expected/$name/highlights.html" "$d/highlights.html"
	for f in $drafts; do
		check "$name: $(basename "$f") matches" diff -u "$here/expected/$name/$(basename "$f")" "$f"
	done
	# 4 to 8 sentences on every page that has data.
	python3 - "$d/highlights.html" >"$d/count" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
for page, body in re.findall(r"== (\S+)\n(.*?)(?=\n== |\Z)", text, re.S):
    n = body.count("<li>")
    if not 4 <= n <= 8:
        print(page, n)
PY
	check "$name: every page says 4 to 8 sentences" [ ! -s "$d/count" ]
	[ -s "$d/count" ] && cat "$d/count"
	# Every figure, exactly.
	/usr/bin/python3 "$here/check_draft.py" "$d/site" "$d/data" $drafts "$d/site/index.html" \
		"$d/site"/ky/*/index.html >"$d/figures" 2>&1
	line=$(tail -n 1 "$d/figures")
	check "$name: every figure of the drafts and highlights is its period's, rounded once ($line)" \
		grep -q ' 0 failed$' "$d/figures"
	grep -q ' 0 failed$' "$d/figures" || grep FAIL "$d/figures" | head -20
	# A draft is not published, and is checked like any page.
	"$bin" check -d "$d/data" >/dev/null 2>"$d/err"
	check "$name: the data with its drafts is still valid" [ $? -eq 0 ]
done

# --- the rules of the command, on the sample ---
d=$tmp/sample
f=$d/data/pages/ket-qua-2024-q4.md
cp "$f" "$tmp/before.md"
echo "edited by the press officer" >>"$f"
cp "$f" "$tmp/edited.md"
"$bin" draft 2024-q4 -d "$d/data" -t "$top/templates" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "draft again: exit 3 (got $rc)" [ "$rc" -eq 3 ]
check "draft again: the file is left as it was" cmp -s "$f" "$tmp/edited.md"
check "draft again: says why" grep -q "already exists, and a draft never replaces a file" "$tmp/err"
"$bin" draft 2024-q5 -d "$d/data" -t "$top/templates" >/dev/null 2>"$tmp/err"
rc=$?
check "an unknown period: exit 2 (got $rc)" [ "$rc" -eq 2 ]
check "an unknown period: suggests" grep -q 'has no period "2024-q5": did you mean 2024-q1, 2024-q2, 2024-q3?' "$tmp/err"
MINHBACH_TODAY=15/01/2025 "$bin" draft 2023 -d "$tmp/tiny/data" -t "$top/templates" >/dev/null 2>"$tmp/err"
rc=$?
check "MINHBACH_TODAY not a date: exit 2 (got $rc)" [ "$rc" -eq 2 ]
check "MINHBACH_TODAY not a date: says so" grep -q 'MINHBACH_TODAY="15/01/2025" is not a date' "$tmp/err"
"$bin" draft -d "$d/data" >/dev/null 2>&1
check "no period: exit 2" [ $? -eq 2 ]
# Not published while "draft: true" stays; published once it goes.
"$bin" build -q -d "$d/data" -o "$tmp/pub" -t "$top/templates" --only pages >/dev/null 2>&1
check "a draft is not published" [ ! -e "$tmp/pub/tin-tuc/ket-qua-2024-q4" ]
sed -i '/^draft: true$/d' "$f"
"$bin" build -q -d "$d/data" -o "$tmp/pub" -t "$top/templates" --only pages >/dev/null 2>&1
check "without draft: true it is news" [ -s "$tmp/pub/tin-tuc/ket-qua-2024-q4/index.html" ]
check "... linking the downloads" grep -q 'href="../../tai-ve/2024-q4.xlsx"' "$tmp/pub/tin-tuc/ket-qua-2024-q4/index.html"
# A template that makes no valid draft writes nothing.
cp -R "$top/templates" "$tmp/tpl"
sed -i '/^draft: true$/d' "$tmp/tpl/draft.mustache"
cp -R "$top/tests/regress/basic/data" "$tmp/fresh"
"$bin" draft 2023 -d "$tmp/fresh" -t "$tmp/tpl" >/dev/null 2>"$tmp/err"
rc=$?
check "a template without draft: true: exit 1 (got $rc)" [ "$rc" -eq 1 ]
check "... says so" grep -q 'draft.mustache makes a page that is not a valid draft' "$tmp/err"
check "... and writes nothing" [ ! -e "$tmp/fresh/pages" ]
finish
