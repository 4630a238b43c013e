#!/bin/sh
# publish.sh BIN - publishing: identical bytes for any -j, atomic replacement
# of OUT (invalid data, SIGKILL, a failing disk), no-op and partial rebuilds.
. "$(dirname "$0")/../lib.sh"
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
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

finish
