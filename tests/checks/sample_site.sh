#!/bin/sh
# sample_site.sh BIN - the sample site has every path of SPEC §3, a chart on
# every unit and period page, the rows of every chart, each unit's files.
. "$(dirname "$0")/../lib.sh"
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" build -q -d data -o "$tmp/site"
check "sample build exits 0" [ $? -eq 0 ]
s=$tmp/site
for f in index.html 404.html sitemap.xml robots.txt thu-tuc/index.html tin-tuc/index.html \
	tai-ve/index.html tai-ve/tat-ca.xlsx tai-ve/datapackage.json tai-ve/don-vi.csv; do
	check "$f exists" [ -s "$s/$f" ]
done
indices=$(ls data/indices | sed -n 's/\.json$//p')
check "the sample has three indices" [ "$(echo $indices | wc -w)" -eq 3 ]
for i in $indices; do
	check "chi-so/$i/index.html exists" [ -s "$s/chi-so/$i/index.html" ]
done
for p in $(ls data/periods); do
	check "ky/$p/index.html exists" [ -s "$s/ky/$p/index.html" ]
	check "ky/$p/index.html has a chart" grep -q '<figure class="chart[ "]' "$s/ky/$p/index.html"
	check "tai-ve/$p.json exists" [ -s "$s/tai-ve/$p.json" ]
	check "tai-ve/$p.xlsx exists" [ -s "$s/tai-ve/$p.xlsx" ]
	if [ -f "data/periods/$p/services.json" ]; then
		check "tai-ve/$p-dich-vu.csv exists" [ -s "$s/tai-ve/$p-dich-vu.csv" ]
	fi
	for i in $indices; do
		if [ -f "data/periods/$p/$i.json" ]; then
			check "tai-ve/$p-$i.csv exists" [ -s "$s/tai-ve/$p-$i.csv" ]
		fi
	done
done
# Each unit page carries every index the unit has scores in (its result
# links the index's page): in the sample and in the reorganisation data,
# where former units keep theirs and new units have their own.
carries() {
	/usr/bin/python3 -c '
import glob, json, os, sys
data, site, missing = sys.argv[1], sys.argv[2], []
has = {}
for f in glob.glob(os.path.join(data, "periods/*/*.json")):
    i = os.path.basename(f)[:-5]
    if i != "services":
        for row in json.load(open(f, encoding="utf-8"))["scores"]:
            has.setdefault(row["unit"], set()).add(i)
for u, ixs in sorted(has.items()):
    page = open(os.path.join(site, "don-vi", u, "index.html"), encoding="utf-8").read()
    missing += ["%s: %s" % (u, i) for i in sorted(ixs)
                if "chi-so/%s/index.html" % i not in page or "id=\"kq-%s\"" % i not in page]
for line in missing[:10]:
    print("no result card of", line)
sys.exit(1 if missing or not has else 0)' "$1" "$2"
}
check "every unit page carries each of its indices" carries data "$s"
"$bin" build -q -d tests/fixtures/reorg -o "$tmp/reorg"
check "reorganisation build exits 0" [ $? -eq 0 ]
check "reorganisation: every unit page carries each of its indices" carries tests/fixtures/reorg "$tmp/reorg"
units=$(/usr/bin/python3 -c "import json; print(' '.join(u['id'] for u in json.load(open('data/units.json'))['units']))")
missing=0
nochart=0
for u in $units; do
	[ -s "$s/don-vi/$u/index.html" ] || missing=$((missing + 1))
	grep -q '<figure class="chart[ "]' "$s/don-vi/$u/index.html" 2>/dev/null || nochart=$((nochart + 1))
done
check "every unit has its page ($missing missing)" [ "$missing" -eq 0 ]
# Each level that has procedures has its page, and each unit with children
# (a district) compares them, with a chart of them.
for g in $(/usr/bin/python3 -c "import json; print(' '.join(sorted({g for p in json.load(open('data/procedures.json'))['procedures'] for g in p.get('groups', [])})))"); do
	check "thu-tuc/$g/index.html exists" [ -s "$s/thu-tuc/$g/index.html" ]
done
parents=$(/usr/bin/python3 -c "import json; print(' '.join(sorted({u['parent'] for u in json.load(open('data/units.json'))['units'] if u.get('parent')})))")
nocompare=0
for u in $parents; do
	grep -q 'id="so-sanh"' "$s/don-vi/$u/index.html" && [ -s "$s/bieu-do/don-vi/$u/par-truc-thuoc.png" ] ||
		nocompare=$((nocompare + 1))
done
check "every district compares its communes, with a chart ($nocompare without)" [ "$nocompare" -eq 0 ]
# Each district whose communes have service figures shows them in a chart
# too, as the period pages show a group's: desktop form, phone form, its
# rows beside it, above the communes' table; never a 2x image (one per
# district: the phone form is the sharp one), so no srcset either.
served=$(/usr/bin/python3 -c "
import glob, json
units = json.load(open('data/units.json'))['units']
parent = {u['id']: u.get('parent') for u in units}
served = {parent[r['unit']] for f in glob.glob('data/periods/*/services.json')
          for r in json.load(open(f))['services'] if parent.get(r['unit'])}
print(' '.join(sorted(served)))")
check "the sample has districts whose communes have service figures" [ -n "$served" ]
noserved=0
for u in $served; do
	c=bieu-do/don-vi/$u/dich-vu-truc-thuoc
	fig=$(sed -n '/id="so-sanh-dich-vu"/,/<table/p' "$s/don-vi/$u/index.html")
	[ -s "$s/$c.png" ] && [ -s "$s/$c.dien-thoai.png" ] && [ ! -e "$s/$c@2x.png" ] &&
		[ -s "$s/$c.csv" ] && printf '%s' "$fig" | grep -q "src=\"[./]*$c.png\"" &&
		! printf '%s' "$fig" | grep -q 'srcset="[^"]*@2x' || noserved=$((noserved + 1))
done
check "every district with communes' service figures charts them ($noserved without)" [ "$noserved" -eq 0 ]
check "every unit page has a chart ($nochart without)" [ "$nochart" -eq 0 ]
for pg in data/pages/*.md; do
	slug=$(basename "$pg" .md)
	if grep -q '^date:' "$pg"; then
		check "tin-tuc/$slug/index.html exists" [ -s "$s/tin-tuc/$slug/index.html" ]
	else
		check "$slug/index.html exists" [ -s "$s/$slug/index.html" ]
	fi
done
# Issue 15: each unit's own files, linked from its page; every chart with its
# rows beside it and a phone form for the group charts.
nofiles=0
for u in $units; do
	[ -s "$s/tai-ve/don-vi/$u.csv" ] && [ -s "$s/tai-ve/don-vi/$u.json" ] &&
		grep -q "tai-ve/don-vi/$u.csv" "$s/don-vi/$u/index.html" || nofiles=$((nofiles + 1))
done
check "every unit has its CSV and JSON, linked from its page ($nofiles without)" [ "$nofiles" -eq 0 ]
check "tai-ve/tat-ca.csv exists" [ -s "$s/tai-ve/tat-ca.csv" ]
check "every chart on a page links its rows (Tải số liệu)" /usr/bin/python3 -c '
import glob, os, re, sys
site, bad = sys.argv[1], []
for page in glob.glob(os.path.join(site, "**", "*.html"), recursive=True):
    html = open(page, encoding="utf-8").read()
    for fig in re.findall(r"<figure class=.chart.*?</figure>", html, re.S):
        m = re.search(r"href=.([^ >]+[.]csv). download>Tải số liệu", fig)
        if not m or not os.path.exists(os.path.join(os.path.dirname(page), m.group(1))):
            bad.append(page)
print(chr(10).join(sorted(set(bad))[:5]))
sys.exit(1 if bad else 0)' "$s"
check "the group charts have a phone form" sh -c "ls '$s'/bieu-do/2024-q4/*.dien-thoai.png >/dev/null"
# A period with three indices (issue 16: no sample period has more than
# two): the 766 index scored for 2023 too, beside PAR INDEX and SIPAS.  Its
# page lists the three, each with its groups, in its table of contents and
# has a section for each (three_indices.py).
cp -R data "$tmp/three"
sed 's/"published": "[0-9-]*"/"published": "2024-04-20"/' data/periods/2024-q4/chi-so-766.json \
	>"$tmp/three/periods/2023/chi-so-766.json"
"$bin" build -q -d "$tmp/three" -o "$tmp/three-site" 2>"$tmp/err"
check "a period with three indices builds" [ $? -eq 0 ]
check "ky/2023/index.html with three indices: contents and sections" /usr/bin/python3 \
	"$(dirname "$0")/three_indices.py" "$tmp/three-site" "$tmp/three" 2023
check "sitemap lists absolute URLs" grep -q '<loc>https://' "$s/sitemap.xml"
check "robots.txt names the sitemap" grep -q '^Sitemap: https://.*sitemap.xml' "$s/robots.txt"
check "every page says lang=vi" sh -c "! grep -L '<html lang=\"vi\"' \$(find '$s' -name '*.html') | grep -q ."
check "no NaN anywhere" sh -c "! grep -rl 'NaN' '$s' --include=*.html | grep -q ."
finish
