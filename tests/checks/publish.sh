#!/bin/sh
# publish.sh BIN - publishing: identical bytes for any -j, atomic replacement
# of OUT (invalid data, SIGKILL, a failing disk), no-op and partial rebuilds.
. "$(dirname "$0")/../lib.sh"
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
tree=$(dirname "$bin")/tests/test_tree  # "test_tree print DIR": DIR's fingerprint, walked
tmp=$(mktemp -d)
cleanup() {
	mountpoint -q "$tmp/small" 2>/dev/null && umount "$tmp/small"
	rm -rf "$tmp"
}
trap cleanup EXIT

# content DIR: one hash of every path and its bytes.
content() {
	(cd "$1" && find . -type f ! -name '.*' -print | LC_ALL=C sort | xargs sha256sum) | sha256sum | cut -c1-64
}
# listing DIR: path, inode and modification time of every file.
listing() {
	(cd "$1" && find . -type f -printf '%p %i %T@\n' | LC_ALL=C sort)
}

# --- determinism ---
"$bin" build -q -j 1 -d data -o "$tmp/j1"
"$bin" build -q -j 2 -d data -o "$tmp/j2"
"$bin" build -q -j 2 -d data -o "$tmp/again"
check "-j 1 and -j 2 give byte-identical trees" diff -r "$tmp/j1" "$tmp/j2"
check "two builds give byte-identical trees" diff -r "$tmp/j2" "$tmp/again"

# --- invalid data leaves OUT untouched ---
cp -R data "$tmp/bad"
sed 's/"title": /"title": 5, "x": /' data/site.json >"$tmp/bad/site.json"
before=$(listing "$tmp/j2" | sha256sum)
"$bin" build -q -d "$tmp/bad" -o "$tmp/j2" >/dev/null 2>&1
check "invalid data: exit 1" [ $? -eq 1 ]
check "invalid data: OUT untouched (paths, inodes, times)" [ "$(listing "$tmp/j2" | sha256sum)" = "$before" ]

# --- no-op rebuild rewrites nothing ---
out=$tmp/site
"$bin" build -q -d data -o "$out"
listing "$out" >"$tmp/l1"
"$bin" build -d data -o "$out" >"$tmp/noop.txt"
check "no-op rebuild: exit 0" [ $? -eq 0 ]
check "no-op rebuild: says up to date" grep -q "is up to date" "$tmp/noop.txt"
listing "$out" >"$tmp/l2"
check "no-op rebuild: no file rewritten" cmp -s "$tmp/l1" "$tmp/l2"

# A site changed by hand is rebuilt, not trusted.
rm "$out/index.html"
"$bin" build -q -d data -o "$out"
check "a tampered OUT is rebuilt" [ -s "$out/index.html" ]

# --- one quarter changes: only what depends on it is rewritten ---
cp -R data "$tmp/q"
/usr/bin/python3 - "$tmp/q/periods/2024-q2/services.json" <<'PY'
import json, sys
p = sys.argv[1]; d = json.load(open(p, encoding="utf-8"))
r = d["services"][0]; r["resolved"]["late"] += 1; r["resolved"]["on_time"] -= 1
json.dump(d, open(p, "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY
"$bin" build -q -d "$tmp/q" -o "$tmp/qsite"
listing "$tmp/qsite" >"$tmp/q1"
cp "$tmp/q/periods/2024-q2/services.json" "$tmp/q2.json"
/usr/bin/python3 - "$tmp/q/periods/2024-q2/services.json" <<'PY'
import json, sys
p = sys.argv[1]; d = json.load(open(p, encoding="utf-8"))
r = d["services"][0]; r["resolved"]["late"] -= 1; r["resolved"]["on_time"] += 1
json.dump(d, open(p, "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY
"$bin" build -q -d "$tmp/q" -o "$tmp/qsite"
listing "$tmp/qsite" >"$tmp/q2"
changed=$(join "$tmp/q1" "$tmp/q2" | awk '$2 != $4 || $3 != $5 {print $1}')
total=$(wc -l <"$tmp/q2")
n=$(printf '%s\n' "$changed" | grep -c .)
check "one quarter changed: some files rewritten ($n)" [ "$n" -gt 0 ]
check "one quarter changed: at most 20 of $total files rewritten ($n)" [ "$n" -le 20 ]
check "one quarter changed: other periods' charts kept" sh -c "! printf '%s\n' \"$changed\" | grep -q 'bieu-do/2023'"
check "one quarter changed: its chart redrawn" sh -c "printf '%s\n' \"$changed\" | grep -q 'bieu-do/2024-q2/dich-vu-so-nganh'"
check "partial rebuild equals a full build" diff -r "$tmp/qsite" "$tmp/j1"

# --- one quarter changed, rebuilt from a site of the old data: the same
# bytes as a full build of the new data, at -j 1 and -j 2; the downloads of
# the periods it cannot change are taken from the previous site (same inode),
# those of the quarter and of the later quarters compared with it are made
# again ---
# 2024-q1: a services row and a 766 index score change (ranks, the changes
# 2024-q2 and later show against it, the group means).
cp -R data "$tmp/q1d"
/usr/bin/python3 - "$tmp/q1d/periods/2024-q1" <<'PY'
import json, sys
d = sys.argv[1]
p = d + "/services.json"; s = json.load(open(p, encoding="utf-8"))
r = s["services"][1]; r["resolved"]["late"] += 3; r["resolved"]["on_time"] -= 3
json.dump(s, open(p, "w", encoding="utf-8"), ensure_ascii=False, indent=2)
p = d + "/chi-so-766.json"; s = json.load(open(p, encoding="utf-8"))
c = s["scores"][2]["criteria"]; k = next(k for k, v in c.items() if v)
c[k] = round(c[k] / 2, 2)
json.dump(s, open(p, "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY
"$bin" build -q -j 2 -d "$tmp/q1d" -o "$tmp/q1full"
for j in 1 2; do
	rm -rf "$tmp/q1inc" "$tmp/.q1inc.cache"
	"$bin" build -q -j $j -d data -o "$tmp/q1inc"
	listing "$tmp/q1inc" >"$tmp/q1before"
	grep '^file ' "$tmp/.q1inc.cache" | cut -d' ' -f2,3 | LC_ALL=C sort >"$tmp/k1"
	"$bin" build -q -j $j -d "$tmp/q1d" -o "$tmp/q1inc"
	listing "$tmp/q1inc" >"$tmp/q1after"
	grep '^file ' "$tmp/.q1inc.cache" | cut -d' ' -f2,3 | LC_ALL=C sort >"$tmp/k2"
	check "one quarter changed, -j $j: the same bytes as a full build" diff -r "$tmp/q1inc" "$tmp/q1full"
	check "one quarter changed, -j $j: the fingerprint recorded is a walk's" \
		[ "$(sed -n 's/^tree //p' "$tmp/.q1inc.cache")" = "$("$tree" print "$tmp/q1inc")" ]
	remade=$(join "$tmp/q1before" "$tmp/q1after" | awk '$2 != $4 {print $1}')
	check "one quarter changed, -j $j: earlier periods' downloads taken from the previous site" \
		sh -c "! printf '%s\n' \"$remade\" | grep -q '^./tai-ve/2023'"
	check "one quarter changed, -j $j: its files and the next quarter's made again" \
		sh -c "printf '%s\n' \"$remade\" | grep -q '^./tai-ve/2024-q1.json' &&
		       printf '%s\n' \"$remade\" | grep -q '^./tai-ve/2024-q2-chi-so-766.csv'"
	# A period page is keyed as the period's files are (pages.c): the pages
	# of the years and earlier quarters are kept, the quarter's and the
	# next one's (which shows changes against it) made again; later ones are
	# rendered again too, to the same bytes, so they keep their file.
	check "one quarter changed, -j $j: earlier periods' pages taken from the previous site" \
		sh -c "! printf '%s\n' \"$remade\" | grep -Eq '^./ky/(2022|2023|2023-q[1-4])/index.html'"
	check "one quarter changed, -j $j: its page and the next quarter's made again" \
		sh -c "printf '%s\n' \"$remade\" | grep -q '^./ky/2024-q1/index.html' &&
		       printf '%s\n' \"$remade\" | grep -q '^./ky/2024-q2/index.html'"
	# What the period files are made from (their keys in the cache): the
	# years and the earlier quarters keep theirs, the quarter and every later
	# quarter (compared with it) get new ones.
	kept=$(join "$tmp/k1" "$tmp/k2" | awk '$2 == $3 {print $1}' |
		sed -E 's#^tai-ve/##; s#[.].*$##; s#-(par|sipas|chi-so-766|dich-vu).*$##' | sort -u | tr '\n' ' ')
	check "one quarter changed, -j $j: keys kept for the years and earlier quarters ($kept)" \
		[ "$kept" = "2022 2023 2023-q1 2023-q2 2023-q3 2023-q4 " ]
	check "one quarter changed, -j $j: every period file has a key ($(wc -l <"$tmp/k2"))" \
		[ "$(wc -l <"$tmp/k2")" -eq "$(ls "$tmp/q1inc/tai-ve" | grep -c '^20')" ]
done
# --- a new quarter added, with a new article (the press office's quarter):
# the same bytes as a full build; the other periods' files and long-table
# rows are kept (a period's files show neither the list of periods nor the
# articles), while the pages that show them are made again (the quarter
# before links the new one) ---
cp -R data "$tmp/nq"
mv "$tmp/nq/periods/2024-q4" "$tmp/nq.q4"
rm -rf "$tmp/nqs" "$tmp/.nqs.cache"
"$bin" build -q -j 2 -d "$tmp/nq" -o "$tmp/nqs"
listing "$tmp/nqs" >"$tmp/nq.before"
grep '^piece ' "$tmp/.nqs.cache" | cut -d' ' -f2,3 >"$tmp/nq.k1"
grep '^file ' "$tmp/.nqs.cache" | cut -d' ' -f2,3 | LC_ALL=C sort >"$tmp/nq.f1"
mv "$tmp/nq.q4" "$tmp/nq/periods/2024-q4"
sed 's/^title: .*/title: Công bố kết quả quý IV năm 2024/' \
	data/pages/cong-bo-chi-so-cchc-nam-2023.md >"$tmp/nq/pages/cong-bo-quy-4-2024.md"
"$bin" build -q -j 2 -d "$tmp/nq" -o "$tmp/nqs"
"$bin" build -q -j 2 -d "$tmp/nq" -o "$tmp/nqfull"
listing "$tmp/nqs" >"$tmp/nq.after"
check "a new quarter and article: the same bytes as a full build" diff -r "$tmp/nqs" "$tmp/nqfull"
remade=$(join "$tmp/nq.before" "$tmp/nq.after" | awk '$2 != $4 {print $1}')
check "a new quarter and article: the other periods' files kept" \
	sh -c "! printf '%s\n' \"$remade\" | grep -Eq '^./tai-ve/(2022|2023|2024-q[1-3])'"
check "a new quarter and article: the quarter before's page made again (it links the new one)" \
	sh -c "printf '%s\n' \"$remade\" | grep -q '^./ky/2024-q3/index.html'"
grep '^piece ' "$tmp/.nqs.cache" | cut -d' ' -f2,3 >"$tmp/nq.k2"
grep '^file ' "$tmp/.nqs.cache" | cut -d' ' -f2,3 | LC_ALL=C sort >"$tmp/nq.f2"
kept=$(join "$tmp/nq.f1" "$tmp/nq.f2" | awk '$2 == $3 {print $1}' |
	sed -E 's#^tai-ve/##; s#[.].*$##; s#-(par|sipas|chi-so-766|dich-vu).*$##' | sort -u | tr '\n' ' ')
check "a new quarter and article: the other periods' files keep their keys ($kept)" \
	[ "$kept" = "2022 2023 2023-q1 2023-q2 2023-q3 2023-q4 2024-q1 2024-q2 2024-q3 " ]
same=$(join "$tmp/nq.k1" "$tmp/nq.k2" | awk '$2 == $3' | wc -l)
check "a new quarter and article: the long table's rows of the nine other periods copied ($same)" \
	[ "$same" -eq 9 ] && [ "$(wc -l <"$tmp/nq.k2")" -eq 10 ]
rm -rf "$tmp/nq" "$tmp/nqs" "$tmp/.nqs.cache" "$tmp/.nqs.previous" "$tmp/..nqs.previous.cache" \
	"$tmp/nqfull" "$tmp/.nqfull.cache"

# tai-ve/tat-ca.csv is made a period at a time: a rebuild copies the rows
# of each period whose inputs did not change from the published file, where
# the cache says its build put them, and writes the others again.  Seen by
# marking the published file with its size and modification time kept
# (what a build trusts a published file by: README, "What OUT may be"):
# the marks of the years and earlier quarters come through, those of the
# changed quarter and the later ones (compared with it) do not.
rm -rf "$tmp/pc" "$tmp/.pc.cache"
"$bin" build -q -j 2 -d data -o "$tmp/pc"
n=$(grep -c '^piece tai-ve/tat-ca.csv#' "$tmp/.pc.cache")
check "the long table's rows recorded a period at a time ($n pieces)" \
	[ "$n" -eq "$(ls data/periods | wc -l)" ]
f=$tmp/pc/tai-ve/tat-ca.csv
cp -p "$f" "$tmp/pc.ref"
/usr/bin/python3 - "$f" <<'PY'
import sys
p = sys.argv[1]; lines = open(p, "rb").read().split(b"\r\n")
seen = set()
for i, l in enumerate(lines[1:], 1):
    k = l.split(b",")[0]
    if l and k not in seen:
        seen.add(k); lines[i] = b"X" + l[1:]
open(p, "wb").write(b"\r\n".join(lines))
PY
touch -r "$tmp/pc.ref" "$f"
"$bin" build -q -j 2 -d "$tmp/q1d" -o "$tmp/pc"
marks=$(grep -ao '^X[^,]*' "$tmp/pc/tai-ve/tat-ca.csv" | tr '\n' ' ')
check "one quarter changed: the long table's rows of the other periods copied, its own and later ones written ($marks)" \
	[ "$marks" = "X022 X023-q1 X023-q2 X023-q3 X023-q4 X023 " ]
rm -rf "$tmp/pc" "$tmp/.pc.cache" "$tmp/.pc.previous" "$tmp/..pc.previous.cache" "$tmp/pc.ref"
# A download edited by hand in OUT (same size) is never taken as the
# build's own: the next build, after a change elsewhere, makes it again.
f=$tmp/q1inc/tai-ve/2023-par.csv
/usr/bin/python3 - "$f" <<'PY'
import sys
p = sys.argv[1]; b = bytearray(open(p, "rb").read())
i = b.rindex(b"9") if b"9" in b else b.rindex(b"1")
b[i] = ord("8") if b[i] == ord("9") else ord("2")
open(p, "wb").write(bytes(b))
PY
cp -R "$tmp/q1d" "$tmp/q3d"
/usr/bin/python3 - "$tmp/q3d/periods/2024-q4/services.json" <<'PY'
import json, sys
p = sys.argv[1]; d = json.load(open(p, encoding="utf-8"))
r = d["services"][0]; r["resolved"]["late"] += 1; r["resolved"]["on_time"] -= 1
json.dump(d, open(p, "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY
"$bin" build -q -d "$tmp/q3d" -o "$tmp/q1inc"
check "a download edited by hand in OUT: made again" cmp -s "$f" "$tmp/q1full/tai-ve/2023-par.csv"

# A page edited by hand in OUT is never taken as the build's own either: a
# page that changed in the last build is not in the kept site, and the next
# build, after a change that does not touch it, makes it again rather than
# take the edited file.
cp -R data "$tmp/hd"
"$bin" build -q -d "$tmp/hd" -o "$tmp/hs"
/usr/bin/python3 - "$tmp/hd/periods/2024-q4/services.json" <<'PY'
import json, sys
p = sys.argv[1]; d = json.load(open(p, encoding="utf-8"))
r = d["services"][0]; r["resolved"]["late"] += 1; r["resolved"]["on_time"] -= 1
json.dump(d, open(p, "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY
"$bin" build -q -d "$tmp/hd" -o "$tmp/hs"
hu=$(/usr/bin/python3 -c 'import json, sys; print(json.load(open(sys.argv[1], encoding="utf-8"))["services"][0]["unit"])' "$tmp/hd/periods/2024-q4/services.json")
hp=$tmp/hs/don-vi/$hu/index.html
sed -i 's/<title>/<title>SỬA TAY /' "$hp"
/usr/bin/python3 - "$tmp/hd/periods/2023-q1/services.json" <<'PY'
import json, sys
p = sys.argv[1]; d = json.load(open(p, encoding="utf-8"))
r = [x for x in d["services"] if x["unit"].startswith("xa-")][0]
r["resolved"]["late"] += 1; r["resolved"]["on_time"] -= 1
json.dump(d, open(p, "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY
"$bin" build -q -d "$tmp/hd" -o "$tmp/hs"
"$bin" build -q -d "$tmp/hd" -o "$tmp/hfull"
check "a page edited by hand in OUT ($hu): made again" sh -c "! grep -q 'SỬA TAY' '$hp'"
check "a page edited by hand in OUT: the site is a full build's" diff -r "$tmp/hs" "$tmp/hfull"

# --- the replaced site is kept beside OUT (.OUT.previous) and the next build
# brings it up to date in place: the same bytes as a full build every time,
# the published site never written into (the kept folder holds exactly the
# site it replaced), files it no longer makes removed, a kept folder changed
# by hand mended ---
cp -R data "$tmp/fd"
fq=$tmp/fd/periods/2024-q2/services.json
cp "$fq" "$tmp/fq.a"
/usr/bin/python3 - "$fq" "$tmp/fq.b" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
for r in d["services"][:3]:
    r["resolved"]["late"] += 1; r["resolved"]["on_time"] -= 1
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY
cp -R data "$tmp/fbd"
cp "$tmp/fq.b" "$tmp/fbd/periods/2024-q2/services.json"
"$bin" build -q -d "$tmp/fbd" -o "$tmp/fbfull" 2>/dev/null
"$bin" build -q -d "$tmp/fd" -o "$tmp/fs"
check "first build: nothing kept yet" [ ! -e "$tmp/.fs.previous" ]
before=$(content "$tmp/fs")
for step in b a b a; do
	cp "$tmp/fq.$step" "$fq"
	full=$tmp/fbfull
	[ "$step" = a ] && full=$tmp/j1
	"$bin" build -j 2 -d "$tmp/fd" -o "$tmp/fs" 2>/dev/null >"$tmp/fs.out"
	check "kept site, data $step: the same bytes as a full build" diff -r "$tmp/fs" "$full"
	said=$(sed -n 's/.* files (\([0-9]*\) unchanged).*/\1/p' "$tmp/fs.out")
	differ=$(diff -rq "$tmp/fs" "$tmp/.fs.previous" | wc -l)
	check "kept site, data $step: unchanged files counted ($said)" \
		[ "$said" -eq $(($(find "$tmp/fs" -type f | wc -l) - differ)) ]
	check "kept site, data $step: the replaced site kept as it was published" \
		[ "$(content "$tmp/.fs.previous")" = "$before" ]
	# The tree's fingerprint the next build compares OUT with is made from
	# what the build knows it left (out.c), not walked: it must be a walk's.
	check "kept site, data $step: the fingerprint recorded is a walk's" \
		[ "$(sed -n 's/^tree //p' "$tmp/.fs.cache")" = "$("$tree" print "$tmp/fs")" ]
	before=$(content "$tmp/fs")
done
# By hand in the kept folder: a stray file and folder, a page replaced by
# other bytes (a new file, not the shared one).
echo stray >"$tmp/.fs.previous/stray.html"
mkdir -p "$tmp/.fs.previous/old/unit" "$tmp/.fs.previous/empty/folder"
echo x >"$tmp/.fs.previous/old/unit/index.html"
pg=$tmp/.fs.previous/ky/2024-q2/index.html
sed 's/<\/title>/ (sửa tay)<\/title>/' "$pg" >"$tmp/pg" && rm -f "$pg" && mv "$tmp/pg" "$pg"
cp "$tmp/fq.b" "$fq"
"$bin" build -q -j 1 -d "$tmp/fd" -o "$tmp/fs" 2>/dev/null
check "kept folder changed by hand: the same bytes as a full build" diff -r "$tmp/fs" "$tmp/fbfull"
check "kept folder changed by hand: stray files and folders gone" \
	[ ! -e "$tmp/fs/stray.html" ] && [ ! -e "$tmp/fs/old" ] && [ ! -e "$tmp/fs/empty" ]
check "kept folder changed by hand: the fingerprint recorded is a walk's" \
	[ "$(sed -n 's/^tree //p' "$tmp/.fs.cache")" = "$("$tree" print "$tmp/fs")" ]
# A partial build merges into the published site and never takes the kept
# one; what it replaces is kept in its place.
before=$(content "$tmp/fs")
"$bin" build -q --only charts -d "$tmp/fd" -o "$tmp/fs" 2>/dev/null
check "--only after a kept site: the site keeps every file" diff -r "$tmp/fs" "$tmp/fbfull"
check "--only after a kept site: the replaced site kept" [ "$(content "$tmp/.fs.previous")" = "$before" ]
# Pages are kept by a key of their context and every template: a changed
# partial (not one rendered ahead into the context, as the footer is)
# renders every page again; the owner's dot files are OUT's, never
# the kept folder's older ones.
cp -R templates "$tmp/ft"
echo "Options -Indexes" >"$tmp/fs/.htaccess"
"$bin" build -q -d "$tmp/fd" -t "$tmp/ft" -o "$tmp/fs" 2>/dev/null
sed -i 's/^<\/main>/<p>Bản thử phần cuối.<\/p><\/main>/' "$tmp/ft/partials/foot.mustache"
echo "Options +Indexes" >"$tmp/fs/.htaccess"
"$bin" build -q -d "$tmp/fd" -t "$tmp/ft" -o "$tmp/fs" 2>/dev/null
"$bin" build -q -d "$tmp/fd" -t "$tmp/ft" -o "$tmp/ftfull" 2>/dev/null
check "a partial changed: every page rendered again" diff -r "$tmp/fs" "$tmp/ftfull" -x .htaccess
check "a partial changed: the change is on the pages" \
	grep -q 'Bản thử phần cuối' "$tmp/fs/don-vi/so-tu-phap/index.html"
check "kept site: the owner's dot file is OUT's latest" [ "$(cat "$tmp/fs/.htaccess")" = "Options +Indexes" ]
rm -f "$tmp/fs/.htaccess"
"$bin" build -q -d "$tmp/fd" -o "$tmp/fs" 2>/dev/null
check "templates back: the same bytes as a full build" diff -r "$tmp/fs" "$tmp/fbfull"

# A folder by that name that no build made is never taken nor removed.
mkdir -p "$tmp/.fo.previous/notes" && echo "của tôi" >"$tmp/.fo.previous/notes/a.txt"
"$bin" build -q -d "$tmp/fd" -o "$tmp/fo" 2>/dev/null
"$bin" build -q -d "$tmp/fbd" -o "$tmp/fo" 2>/dev/null
"$bin" build -q -d "$tmp/fd" -o "$tmp/fo" 2>/dev/null
check "someone's .OUT.previous: kept as it was" [ "$(cat "$tmp/.fo.previous/notes/a.txt")" = "của tôi" ]
check "someone's .OUT.previous: nothing of ours put in it" [ ! -e "$tmp/.fo.previous/.minhbach" ]
check "someone's .OUT.previous: the site built all the same" diff -r "$tmp/fo" "$tmp/fs"

# Invalid data: OUT as it was; the next build is whole again.
before=$(content "$tmp/fs")
cp "$fq" "$tmp/fq.keep"
printf '{"services": [' >"$fq"
"$bin" build -q -d "$tmp/fd" -o "$tmp/fs" >/dev/null 2>&1
check "kept site, invalid data: exit 1" [ $? -eq 1 ]
check "kept site, invalid data: OUT as it was" [ "$(content "$tmp/fs")" = "$before" ]
cp "$tmp/fq.a" "$fq"
"$bin" build -q -d "$tmp/fd" -o "$tmp/fs" 2>/dev/null
check "after a failed build: the same bytes as a full build" diff -r "$tmp/fs" "$tmp/j1"

# --- SIGKILL at several points: OUT is entirely old or entirely new ---
cp -R data "$tmp/b"
sed 's/"title": "\([^"]*\)"/"title": "\1 (bản mới)"/' data/site.json >"$tmp/b/site.json"
"$bin" build -q -d "$tmp/b" -o "$tmp/new"
old_hash=$(content "$tmp/j1")
new_hash=$(content "$tmp/new")
check "old and new sites differ" [ "$old_hash" != "$new_hash" ]
for delay in 0.02 0.05 0.1 0.2 0.3 0.5 0.8; do
	rm -rf "$tmp/k" "$tmp/.k.cache"
	cp -R "$tmp/j1" "$tmp/k"
	"$bin" build -q -j 2 -d "$tmp/b" -o "$tmp/k" >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	h=$(content "$tmp/k")
	check "SIGKILL after ${delay}s: OUT is old or new" [ "$h" = "$old_hash" -o "$h" = "$new_hash" ]
done
"$bin" build -q -d "$tmp/b" -o "$tmp/k"
check "after kills: the next build succeeds" [ "$(content "$tmp/k")" = "$new_hash" ]
check "after kills: no staging folder left" sh -c "! ls -A '$tmp' | grep -q staging"

# --- a failing disk: OUT untouched, exit 3 ---
mkdir -p "$tmp/small"
if mount -t tmpfs -o size=3m tmpfs "$tmp/small" 2>/dev/null; then
	"$bin" build -q -d tests/fixtures/tiny -o "$tmp/small/site"
	before=$(listing "$tmp/small/site" | sha256sum)
	"$bin" build -q -d data -o "$tmp/small/site" >/dev/null 2>"$tmp/full.txt"
	rc=$?
	check "full disk: exit 3" [ "$rc" -eq 3 ]
	check "full disk: names the reason" grep -q "No space left on device" "$tmp/full.txt"
	check "full disk: OUT untouched" [ "$(listing "$tmp/small/site" | sha256sum)" = "$before" ]
	check "full disk: staging removed" sh -c "! ls -A '$tmp/small' | grep -q staging"
	umount "$tmp/small"
else
	echo "(no tmpfs: the full-disk case uses a file size limit instead)"
fi
# A write that fails: the file size limit makes large writes fail with EFBIG.
"$bin" build -q -d tests/fixtures/tiny -o "$tmp/limit"
before=$(listing "$tmp/limit" | sha256sum)
(ulimit -f 200; "$bin" build -q -d data -o "$tmp/limit") >/dev/null 2>"$tmp/limit.txt"
rc=$?
check "failing write: exit 3" [ "$rc" -eq 3 ]
check "failing write: names the path and reason" grep -q "File too large" "$tmp/limit.txt"
check "failing write: OUT untouched" [ "$(listing "$tmp/limit" | sha256sum)" = "$before" ]

# OUT under folders that do not exist yet: they are created.
"$bin" build -q -d tests/fixtures/tiny -o "$tmp/new/deeper/site"
check "OUT with a missing parent: built" [ -s "$tmp/new/deeper/site/index.html" ]

# An OUT that is a file is never replaced.
echo keep >"$tmp/afile"
"$bin" build -q -d tests/fixtures/tiny -o "$tmp/afile" >/dev/null 2>&1
check "OUT that is a file: exit 3" [ $? -eq 3 ]
check "OUT that is a file: kept" [ "$(cat "$tmp/afile")" = keep ]

# ==== issue 13: nothing a user keeps is ever lost ==========================
w=$tmp/w
mkdir -p "$w"
cp -R tests/fixtures/tiny "$w/data"
cp -R templates "$w/templates"
tree_of() { (cd "$1" && find . -printf '%p %s %T@\n' | LC_ALL=C sort) | sha256sum; }
data_before=$(tree_of "$w/data")
templates_before=$(tree_of "$w/templates")
# OUT that is, lies inside or contains DATA or TEMPLATES: refused with the reason.
for o in data templates data/pages templates/static templates/static/site data/new/site; do
	"$bin" build -q -d "$w/data" -t "$w/templates" -o "$w/$o" >/dev/null 2>"$tmp/ov.err"
	rc=$?
	check "-o $o: refused as bad usage (exit $rc)" [ "$rc" -eq 2 ]
	check "-o $o: says why" grep -q "the output folder \(is\|lies inside\|contains\) \(DATA\|TEMPLATES\)" "$tmp/ov.err"
done
(cd "$w/data" && "$bin" build -q -d . -t ../templates -o ../../w) >/dev/null 2>"$tmp/ov.err"
check "-o ../w from inside w/data: refused (OUT contains DATA)" grep -q "the output folder contains DATA" "$tmp/ov.err"
ln -s "$w/data" "$tmp/data-link"
"$bin" build -q -d "$w/data" -t "$w/templates" -o "$tmp/data-link" >/dev/null 2>&1
check "-o a link to DATA: refused" [ $? -eq 2 ]
check "DATA untouched by all of it" [ "$(tree_of "$w/data")" = "$data_before" ]
check "TEMPLATES untouched by all of it" [ "$(tree_of "$w/templates")" = "$templates_before" ]
check "no staging or lock left inside DATA" sh -c "! ls -A '$w/data' '$w/data/pages' | grep -q 'staging\|lock'"

# Each part below starts from fresh data, so that one failure does not hide another.
rm -rf "$w/data" "$w/templates"
cp -R tests/fixtures/tiny "$w/data"
cp -R templates "$w/templates"

# An OUT holding files of its own and no mark of a build: refused (3), kept.
mkdir -p "$w/mine/docs"
echo "my notes" >"$w/mine/notes.txt"
echo "draft" >"$w/mine/docs/a.txt"
"$bin" build -q -d "$w/data" -t "$w/templates" -o "$w/mine" >/dev/null 2>"$tmp/mine.err"
check "an OUT of someone's files: refused (exit $?)" [ $? -eq 3 ]
check "... says why" grep -q "mine: the folder holds files that minhbach did not write" "$tmp/mine.err"
check "... and kept them" [ "$(cat "$w/mine/notes.txt" "$w/mine/docs/a.txt")" = "my notes
draft" ]

# An OUT with only dot folders (a new git checkout) is built into; every
# build marks it and keeps the dot files and folders at its top.
mkdir -p "$w/repo/.git/objects/ab" "$w/repo/.well-known"
echo "ref: refs/heads/main" >"$w/repo/.git/HEAD"
echo "blob" >"$w/repo/.git/objects/ab/cdef"
ln -s HEAD "$w/repo/.git/HEAD.link"
echo "Contact: mailto:cchc@example.vn" >"$w/repo/.well-known/security.txt"
echo "Options -Indexes" >"$w/repo/.htaccess"
"$bin" build -q -d "$w/data" -t "$w/templates" -o "$w/repo"
check "an OUT with only dot folders: built" [ -s "$w/repo/index.html" ]
check "... and marked as a build's" [ -f "$w/repo/.minhbach" ]
sed -i 's/"Sở Tư pháp"/"Sở Tư pháp (mới)"/' "$w/data/units.json"
"$bin" build -q -d "$w/data" -t "$w/templates" -o "$w/repo"
check "rebuilt" grep -q "Sở Tư pháp (mới)" "$w/repo/tai-ve/2023.json"
check "rebuild: .git/HEAD kept" [ "$(cat "$w/repo/.git/HEAD")" = "ref: refs/heads/main" ]
check "rebuild: .git/objects kept" [ "$(cat "$w/repo/.git/objects/ab/cdef")" = blob ]
check "rebuild: a link inside .git kept" [ "$(readlink "$w/repo/.git/HEAD.link")" = HEAD ]
check "rebuild: .well-known kept" grep -q "mailto:cchc" "$w/repo/.well-known/security.txt"
check "rebuild: .htaccess kept" [ "$(cat "$w/repo/.htaccess")" = "Options -Indexes" ]
"$bin" build -d "$w/data" -t "$w/templates" -o "$w/repo" >"$tmp/noop2.txt"
check "dot folders do not make a rebuild: up to date" grep -q "is up to date" "$tmp/noop2.txt"
echo "more" >>"$w/repo/.git/objects/ab/cdef"
"$bin" build -d "$w/data" -t "$w/templates" -o "$w/repo" >"$tmp/noop3.txt"
check "a change inside .git is the owner's: still up to date" grep -q "is up to date" "$tmp/noop3.txt"

# --only never publishes a part of the site: what it does not build is
# taken from the published site.
find "$w/repo" -path "$w/repo/.git" -prune -o -type f -print | LC_ALL=C sort >"$tmp/full.list"
sed -i 's/"Sở Tư pháp (mới)"/"Sở Tư pháp (lần 3)"/' "$w/data/units.json"
"$bin" build -q --only charts -d "$w/data" -t "$w/templates" -o "$w/repo"
check "--only charts: exit 0" [ $? -eq 0 ]
find "$w/repo" -path "$w/repo/.git" -prune -o -type f -print | LC_ALL=C sort >"$tmp/part.list"
check "--only charts: the site keeps every file" cmp -s "$tmp/full.list" "$tmp/part.list"
check "--only charts: the pages are still there" [ -s "$w/repo/index.html" ] && [ -s "$w/repo/tai-ve/2023.xlsx" ]
check "--only charts: dot folders kept" [ -s "$w/repo/.git/HEAD" ]
echo "<!-- thử mẫu -->" >>"$w/templates/partials/footer.mustache"
"$bin" build -q --only pages -d "$w/data" -t "$w/templates" -o "$w/repo"
check "--only pages: the new pages" grep -q "thử mẫu" "$w/repo/index.html"
check "--only pages: the charts kept" [ -s "$w/repo/bieu-do/2023/par-so-nganh.png" ]
"$bin" build -q -d "$w/data" -t "$w/templates" -o "$w/repo"
check "a full build after partial ones equals a build from nothing" \
	sh -c "'$bin' build -q -d '$w/data' -t '$w/templates' -o '$w/fresh' && diff -r -x .git -x .well-known -x .htaccess '$w/repo' '$w/fresh' >/dev/null"

# A lock file left by another user (root) does not keep a build out.
mkdir -p "$w/lk"
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	cp -R "$w/data" "$w/lk/data"
	cp -R "$w/templates" "$w/lk/templates"
	chown -R 65534:65534 "$w/lk"
	chmod 755 "$tmp" "$w"
	: >"$w/lk/.site.lock"
	chown 0:0 "$w/lk/.site.lock"
	chmod 644 "$w/lk/.site.lock"
	setpriv --reuid=65534 --regid=65534 --clear-groups "$bin" build -q -d "$w/lk/data" \
		-t "$w/lk/templates" -o "$w/lk/site" >/dev/null 2>"$tmp/lk.err"
	rc=$?
else
	: >"$w/lk/.site.lock"
	chmod 444 "$w/lk/.site.lock"
	"$bin" build -q -d "$w/data" -t "$w/templates" -o "$w/lk/site" >/dev/null 2>"$tmp/lk.err"
	rc=$?
fi
check "a read-only lock of another user: the build goes on (exit $rc)" [ "$rc" -eq 0 ]
[ "$rc" -eq 0 ] || cat "$tmp/lk.err"

# A FIFO or a link beside OUT in place of the lock or the cache never hangs
# a build (anyone who can write OUT's parent folder, /tmp say, can plant one).
f=$tmp/fifo
mkdir -p "$f"
mkfifo "$f/.site.lock"
timeout 60 "$bin" build -q -d "$w/data" -t "$w/templates" -o "$f/site" 2>"$tmp/fifo.err"
rc=$?
check "a FIFO as the lock file: refused at once (exit $rc)" [ "$rc" -eq 3 ]
check "... saying what it is" grep -q 'the lock file is not a regular file' "$tmp/fifo.err"
check "... nothing published" [ ! -e "$f/site" ]
rm "$f/.site.lock"
ln -s /etc/passwd "$f/.site.lock"
timeout 60 "$bin" build -q -d "$w/data" -t "$w/templates" -o "$f/site" 2>"$tmp/fifo.err"
check "a link as the lock file: refused (exit $?)" grep -q 'the lock file is a symbolic link' "$tmp/fifo.err"
rm "$f/.site.lock"
mkfifo "$f/.site.cache"
timeout 60 "$bin" build -q -d "$w/data" -t "$w/templates" -o "$f/site"
rc=$?
check "a FIFO as the build cache: ignored, the build goes on (exit $rc)" [ "$rc" -eq 0 ]
check "... and a real cache takes its place" [ -f "$f/.site.cache" ]

# ==== issue 13: the cache fingerprints what was read ========================
c=$tmp/c
mkdir -p "$c"
cp -R tests/fixtures/tiny "$c/data"
# A period folder linked inside DATA: the files behind the link count.
mkdir "$c/data/archive"
mv "$c/data/periods/2023-q4" "$c/data/archive/"
ln -s ../archive/2023-q4 "$c/data/periods/2023-q4"
"$bin" build -q -d "$c/data" -o "$c/site"
check "a linked quarter: published" [ -s "$c/site/tai-ve/2023-q4.json" ]
rm "$c/data/archive/2023-q4/services.json"
"$bin" build -d "$c/data" -o "$c/site" >"$tmp/c1.txt"
check "a linked quarter withdrawn: not up to date" sh -c "! grep -q 'up to date' '$tmp/c1.txt'"
check "a linked quarter withdrawn: its figures are gone" grep -q '"services": null' "$c/site/tai-ve/2023-q4.json"
# The chart font is read too: a new font is a new site.
cp /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf "$c/font.ttf"
sed "s#\"sample\": true#\"sample\": true, \"font\": \"$c/font.ttf\"#" tests/fixtures/tiny/site.json >"$c/data/site.json"
"$bin" build -q -d "$c/data" -o "$c/site"
cp "$c/site/bieu-do/2023/par-so-nganh.png" "$tmp/chart1.png"
cp /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf "$c/font.ttf"
"$bin" build -d "$c/data" -o "$c/site" >"$tmp/c2.txt"
check "a new font: not up to date" sh -c "! grep -q 'up to date' '$tmp/c2.txt'"
check "a new font: the charts are drawn again" sh -c "! cmp -s '$tmp/chart1.png' '$c/site/bieu-do/2023/par-so-nganh.png'"
# A file edited while the build loads it, then put back: the next build
# must not call the site (made from the edit) up to date.
big=$c/templates
cp -R templates "$big"
head -c 50000000 /dev/zero >"$big/static/padding.bin" # read after the data by a walk over every input
"$bin" build -q -d "$c/data" -t "$big" -o "$c/race"
sed 's/"Sở Tư pháp"/"Sở Tư pháp A"/' tests/fixtures/tiny/units.json >"$c/data/units.json"
cp "$c/data/units.json" "$tmp/units.A"
sed 's/"Sở Tư pháp"/"Sở Tư pháp B"/' tests/fixtures/tiny/units.json >"$c/units.B"
python3 tests/checks/swap_on_read.py "$c/data/units.json" "$c/units.B" >"$tmp/swap.out" 2>&1 &
spid=$!
i=0
while ! grep -q ready "$tmp/swap.out" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
"$bin" build -q -d "$c/data" -t "$big" -o "$c/race" >/dev/null 2>&1
wait "$spid"
check "the data file was edited during the build" grep -q swapped "$tmp/swap.out"
cp "$tmp/units.A" "$c/data/units.json"
"$bin" build -q -d "$c/data" -t "$big" -o "$c/race" >/dev/null 2>&1
check "edited during a build, then put back: the site shows what the file holds" \
	sh -c "grep -q 'Sở Tư pháp A\"' '$c/race/tai-ve/2023.json' && ! grep -q 'Sở Tư pháp B' '$c/race/tai-ve/2023.json'"

finish
