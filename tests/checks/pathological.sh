#!/bin/sh
# pathological.sh BIN - whole builds of hostile input: templates that never
# end, mass ties, every Unicode normal form, NUL bytes, huge and deep files.
# Each build must end in time with the right exit status and a clear
# message, and a failed build must publish nothing.
. "$(dirname "$0")/../lib.sh"
bin=$1
top=$(cd "$(dirname "$0")/../.." && pwd)
tiny="$top/tests/fixtures/tiny"
tmp=$(mktemp -d)
trap '[ -n "$KEEP" ] || rm -rf "$tmp"' EXIT

# build NAME DATA TEMPLATES : runs a build into $tmp/sites/NAME (outside
# DATA and TEMPLATES, at most 120 s); sets rc, and the output is in
# $tmp/NAME.out and $tmp/NAME.err.
build() {
	mkdir -p "$tmp/sites"
	timeout 120 "$bin" build -q -j 2 -d "$2" -o "$tmp/sites/$1" -t "$3" >"$tmp/$1.out" 2>"$tmp/$1.err"
	rc=$?
}
fresh_data() {
	rm -rf "$tmp/$1"
	mkdir -p "$tmp/$1"
	cp -R "$tiny/." "$tmp/$1/"
}
fresh_templates() {
	rm -rf "$tmp/$1"
	cp -R "$top/templates" "$tmp/$1"
}
# refused NAME WHAT PATTERN : the last build failed with exit 1 or 3 (not a
# crash, not a timeout), said PATTERN, and published nothing.
refused() {
	check "$1: refused (exit $rc)" [ "$rc" = 1 ] || [ "$rc" = 3 ]
	check "$1: $2" grep -q -- "$3" "$tmp/$1.err"
	check "$1: nothing published" [ ! -e "$tmp/sites/$1" ]
}

fresh_data data

# ---- templates that never end -------------------------------------------
fresh_templates self
echo '{{>partials/footer}}' >"$tmp/self/partials/footer.mustache"
build self "$tmp/data" "$tmp/self"
refused self "the template is named" "footer\|partial\|template"

fresh_templates ping
echo '{{>partials/pong}}' >"$tmp/ping/partials/footer.mustache"
echo '{{#site}}{{>partials/footer}}{{/site}}' >"$tmp/ping/partials/pong.mustache"
build ping "$tmp/data" "$tmp/ping"
refused ping "the template is named" "footer\|pong\|partial\|template"

fresh_templates fan
i=0
while [ $i -lt 30 ]; do
	echo "{{>partials/f$((i + 1))}}{{>partials/f$((i + 1))}}{{>partials/f$((i + 1))}}" \
		>"$tmp/fan/partials/f$i.mustache"
	i=$((i + 1))
done
echo 'x' >"$tmp/fan/partials/f30.mustache"
echo '{{>partials/f0}}' >"$tmp/fan/partials/footer.mustache"
build fan "$tmp/data" "$tmp/fan"
refused fan "the template is named" "footer\|partial\|template\|f0"

fresh_templates deep
n=0
{
	while [ $n -lt 200 ]; do printf '{{#site}}'; n=$((n + 1)); done
	while [ $n -gt 0 ]; do printf '{{/site}}'; n=$((n - 1)); done
	echo
} >"$tmp/deep/partials/footer.mustache"
build deep "$tmp/data" "$tmp/deep"
refused deep "says how deep" "nested more than"

# ---- 600 units with the same score share rank 1 ------------------------------
mkdir -p "$tmp/ties/indices" "$tmp/ties/periods/2023"
cp "$tiny/site.json" "$tmp/ties/"
cat >"$tmp/ties/indices/par.json" <<'EOF'
{"name": "PAR", "criteria": [{"id": "a", "name": "A", "max": 60}, {"id": "b", "name": "B", "max": 40}]}
EOF
awk 'BEGIN {
	printf "{\"groups\": [{\"id\": \"xa\", \"name\": \"UBND cấp xã\"}], \"units\": ["
	for (i = 1; i <= 600; i++)
		printf "%s{\"id\": \"xa-%03d\", \"name\": \"UBND xã %d\", \"group\": \"xa\"}", (i > 1 ? "," : ""), i, i
	print "]}"
}' >"$tmp/ties/units.json"
awk 'BEGIN {
	printf "{\"scores\": ["
	for (i = 1; i <= 600; i++)
		printf "%s{\"unit\": \"xa-%03d\", \"criteria\": {\"a\": 41.0001, \"b\": 33.25}}", (i > 1 ? "," : ""), i
	print "]}"
}' >"$tmp/ties/periods/2023/par.json"
build ties "$tmp/ties" "$top/templates"
check "ties: built (exit $rc)" [ "$rc" = 0 ]
[ "$rc" = 0 ] || head -n 5 "$tmp/ties.err"
n=$(grep -o '"rank": *[0-9]*' "$tmp/sites/ties/tai-ve/2023.json" 2>/dev/null | grep -c '"rank": *1$')
check "ties: all 600 share rank 1 (got $n)" [ "$n" = 600 ]
n=$(grep -o '"rank": *[0-9]*' "$tmp/sites/ties/tai-ve/2023.json" 2>/dev/null | grep -vc '"rank": *1$')
check "ties: no other rank (got $n)" [ "$n" = 0 ]
check "ties: every unit has its page" [ "$(find "$tmp/sites/ties/don-vi" -mindepth 1 -maxdepth 1 -type d | wc -l)" = 600 ]

# ---- names in every Unicode normal form come out NFC ------------------------
# "Sở Tư pháp" and "Thừa Thiên Huế": NFC, NFD, NFKC, NFKD bytes.
nfc1='Sở Tư pháp'
nfd1=$(printf 'So\314\233\314\211 Tu\314\233 pha\314\201p')
nfc2='UBND huyện Thừa Thiên Huế'
nfd2=$(printf 'UBND huye\314\202\314\243n Thu\314\233\314\200a Thie\314\202n Hue\314\202\314\201')
fresh_data forms
sed -e "s/\"Sở Tư pháp\"/\"$nfd1\"/" -e "s/\"UBND huyện Ân Thi\"/\"$nfd2\"/" \
	"$tiny/units.json" >"$tmp/forms/units.json"
check "forms: the input really is NFD" grep -q "$nfd1" "$tmp/forms/units.json"
build forms "$tmp/forms" "$top/templates"
check "forms: built (exit $rc)" [ "$rc" = 0 ]
check "forms: the record has the NFC names" grep -q "$nfc1" "$tmp/sites/forms/tai-ve/2023.json"
check "forms: ... both of them" grep -q "$nfc2" "$tmp/sites/forms/tai-ve/2023.json"
check "forms: no NFD left anywhere" sh -c "! grep -rq -e '$nfd1' -e '$nfd2' '$tmp/sites/forms'"
check "forms: the unit's page has the NFC name" grep -q "$nfc1" "$tmp/sites/forms/don-vi/so-tu-phap/index.html"
check "forms: the CSV has the NFC name" grep -q "$nfc2" "$tmp/sites/forms/tai-ve/2023-par.csv"

# ---- NUL bytes --------------------------------------------------------------
fresh_data nul1
sed 's/"Sở Tư pháp"/"Sở Tư\\u0000 pháp"/' "$tiny/units.json" >"$tmp/nul1/units.json"
build nul1 "$tmp/nul1" "$top/templates"
refused nul1 "says NUL" "units.json:[0-9]*:[0-9]*: text contains a NUL character"
fresh_data nul2
printf '{"title": "T\000", "organisation": "O"}' >"$tmp/nul2/site.json"
build nul2 "$tmp/nul2" "$top/templates"
refused nul2 "says NUL byte, with line and column" "site.json:1:13: the file contains a NUL byte"
fresh_data nul3
printf -- '---\ntitle: T\n---\nA\000B\n' >"$tmp/nul3/pages/trang.md"
build nul3 "$tmp/nul3" "$top/templates"
refused nul3 "says NUL byte in the page" "trang.md:4:2: the file contains a NUL byte"

# ---- huge and deep ------------------------------------------------------------
fresh_data huge
awk 'BEGIN { printf "{\"title\": \""; for (i = 0; i < 140000; i++) printf "xxxxxxxxxxxxxxx"; print "\", \"organisation\": \"O\"}" }' \
	>"$tmp/huge/site.json"
build huge "$tmp/huge" "$top/templates"
refused huge "gives the limit" "longer than the limit of 1048576 bytes"
fresh_data deepjson
awk 'BEGIN { for (i = 0; i < 200000; i++) printf "["; print "" }' >"$tmp/deepjson/units.json"
build deepjson "$tmp/deepjson" "$top/templates"
refused deepjson "gives the limit" "nesting deeper than 64 levels"
fresh_data longname
awk 'BEGIN { printf "{\"groups\": [{\"id\": \"g\", \"name\": \"G\"}], \"units\": [{\"id\": \"a\", \"group\": \"g\", \"name\": \""
	for (i = 0; i < 30000; i++) printf "Đồng Nai "
	print "\"}]}" }' >"$tmp/longname/units.json"
rm -rf "$tmp/longname/periods"
build longname "$tmp/longname" "$top/templates"
check "a 300 kB unit name: built (exit $rc)" [ "$rc" = 0 ]
check "a 300 kB unit name: on its page" grep -q "Đồng Nai Đồng Nai" "$tmp/sites/longname/don-vi/a/index.html"

finish
