#!/usr/bin/env python3
"""check_life.py DATA SITE - units over time on the pages of a built site.

Reads DATA/units.json and the period files, and checks SITE as a citizen of a
merged commune would use it:
- the page of every unit that ended says from which day ("Đã kết thúc hoạt
  động từ DD/MM/YYYY", the day after "until"), with the data's reason when
  it gives one, and links each successor by a link that resolves to the
  successor's page; each successor's page links back to it;
- following successor links from any former unit ends on a current unit;
- the A–Z list shows the units of the latest period, and the former units
  in their own section ("Đơn vị đã kết thúc hoạt động"); the search data
  flags the former ones;
- a group with no unit in a period has no table in that period's page, and
  no section of current units in the A–Z list when it has none in the
  latest period;
- a unit whose predecessors ended the day before it began is "mới" in its
  first ranking, whatever they ranked before.
Prints one line per problem; exit 1 if any.
"""
import datetime
import glob
import html.parser
import json
import os
import re
import sys
import urllib.parse


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and "href" in a:
            self.hrefs.append(a["href"])


def day(iso):
    return datetime.date.fromisoformat(iso)


def vn(d):
    return d.strftime("%d/%m/%Y")


def period_days(pid):
    y = int(pid[:4])
    if "-q" not in pid:
        return datetime.date(y, 1, 1), datetime.date(y, 12, 31)
    q = int(pid[-1])
    first = datetime.date(y, 3 * q - 2, 1)
    last = (datetime.date(y + (q == 4), (3 * q) % 12 + 1, 1) - datetime.timedelta(days=1))
    return first, last


def exists(u, first, last):
    return ((not u.get("from") or day(u["from"]) <= last)
            and (not u.get("until") or day(u["until"]) >= first))


def main(data, site):
    problems = []
    units = json.load(open(os.path.join(data, "units.json"), encoding="utf-8"))
    byid = {u["id"]: u for u in units["units"]}
    groups = [g["id"] for g in units["groups"]]
    periods = sorted(os.listdir(os.path.join(data, "periods")),
                     key=lambda p: (period_days(p)[1], "-q" not in p))
    latest = period_days(periods[-1])
    current = {u["id"] for u in units["units"] if exists(u, *latest)}
    former = {u["id"] for u in units["units"] if u["id"] not in current and u.get("until")}

    def page(uid):
        with open(os.path.join(site, "don-vi", uid, "index.html"), encoding="utf-8") as f:
            return f.read()

    def links_to(uid, target):
        p = Links()
        p.feed(page(uid))
        for href in p.hrefs:
            path = urllib.parse.urlsplit(href).path
            dest = os.path.normpath(os.path.join("don-vi", uid, path))
            if dest == os.path.join("don-vi", target, "index.html"):
                return os.path.isfile(os.path.join(site, dest))
        return False

    preds = {}
    for u in units["units"]:
        for s in u.get("successors", []):
            preds.setdefault(s, []).append(u["id"])
    for u in units["units"]:
        if not u.get("until"):
            continue
        text = page(u["id"])
        ends = vn(day(u["until"]) + datetime.timedelta(days=1))
        if u["id"] in former and "Đã kết thúc hoạt động từ %s" % ends not in text:
            problems.append("%s: does not say it ended from %s" % (u["id"], ends))
        if u.get("end_reason") and "(%s)" % u["end_reason"] not in text:
            problems.append("%s: does not give the reason %r" % (u["id"], u["end_reason"]))
        for s in u.get("successors", []):
            if not links_to(u["id"], s):
                problems.append("%s: no working link to its successor %s" % (u["id"], s))
    for s, ps in sorted(preds.items()):
        for p in ps:
            if not links_to(s, p):
                problems.append("%s: no working link to its predecessor %s" % (s, p))
        if "Hình thành từ" not in page(s) and "Tiếp nhận chức năng, nhiệm vụ của" not in page(s):
            problems.append("%s: does not say what it was formed from" % s)
    # From a former unit, successor links lead to a current unit.
    for uid in sorted(former):
        seen, todo = set(), [uid]
        while todo:
            x = todo.pop()
            if x in seen:
                continue
            seen.add(x)
            todo += byid[x].get("successors", [])
        if byid[uid].get("successors") and not seen & current:
            problems.append("%s: its successors never lead to a current unit" % uid)

    az = open(os.path.join(site, "don-vi", "index.html"), encoding="utf-8").read()
    cut = az.find('id="da_ket_thuc"')
    main_part, former_part = (az, "") if cut < 0 else (az[:cut], az[cut:])
    if former and cut < 0:
        problems.append("A–Z: no section of former units")
    for uid in sorted(current):
        if 'don-vi/%s/index.html"' % uid not in main_part:
            problems.append("A–Z: current unit %s is not in the main list" % uid)
    for uid in sorted(former):
        if 'don-vi/%s/index.html"' % uid not in former_part:
            problems.append("A–Z: former unit %s is not in the former units' section" % uid)
        if 'don-vi/%s/index.html"' % uid in main_part:
            problems.append("A–Z: former unit %s is listed with the current units" % uid)
    for g in groups:
        has = any(byid[x]["group"] == g for x in current)
        if has != ('id="nhom-%s"' % g in main_part):
            problems.append("A–Z: group %s %s a section of current units" % (g, "lacks" if has else "has"))
    js = open(os.path.join(site, "don-vi", "tim-kiem.js"), encoding="utf-8").read()
    rows = json.loads(js[js.index("["):js.rindex("]") + 1])
    for r in rows:
        if (r[4] == 1) != (r[0] in former):
            problems.append("search: %s flagged %d" % (r[0], r[4]))

    # Groups only in the periods where they have units; new units "mới".
    for pid in periods:
        text = open(os.path.join(site, "ky", pid, "index.html"), encoding="utf-8").read()
        members = [u for u in units["units"] if exists(u, *period_days(pid))]
        for f in glob.glob(os.path.join(data, "periods", pid, "*.json")):
            ix = os.path.basename(f)[:-5]
            if ix == "services":
                continue
            for g in groups:
                if not any(u["group"] == g for u in members) and 'id="%s-%s"' % (ix, g) in text:
                    problems.append("ky/%s: a table of %s for group %s, which has no unit" % (pid, ix, g))
            for row in json.load(open(f, encoding="utf-8"))["scores"]:
                u = byid[row["unit"]]
                formed = [p for p in preds.get(u["id"], [])
                          if u.get("from") and day(byid[p]["until"]) + datetime.timedelta(days=1) == day(u["from"])]
                if not formed or period_days(pid)[0] > day(u["from"]):
                    continue
                m = re.search(r'href="../../don-vi/%s/index.html">.*?</tr>' % re.escape(u["id"]), text, re.S)
                if not m or "mới" not in m.group(0):
                    problems.append("ky/%s: %s, formed on %s, is not \"mới\"" % (pid, u["id"], u["from"]))
    for line in problems:
        print(line)
    print("%d units checked, %d problems" % (len(byid), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
