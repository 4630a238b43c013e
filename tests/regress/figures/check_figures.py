#!/usr/bin/python3
"""check_figures.py SITE DATA - one figure per fact, in every output.

Works out every figure of the data folder itself, exactly (fractions), from
the rules of the data format: each unit's result (total over applicable
maximum), each area's share of its maximum, each group's mean result and
mean points per area, each service rate of a unit, a group and the province.
Each is rounded once, half away from zero.  Then reads the built site the
way its readers do and checks that every figure shown is that rounding:

- every "NN,NN%" on every page (tables, cards, alt text), and, row by row,
  that it belongs to the unit and period of its row;
- each chart's text alternative against the table beside it;
- every percentage and rate in the workbooks as Excel and LibreOffice
  display it (the cell's value, rounded to 15 significant digits, in its
  number format), and that rates are formulas over the count cells;
- every percentage and rate in the CSV files (percent, two decimals);
- the period records (JSON): percent to 4 decimals, rates to 6.

The data (make_data.py) puts every exact figure just under a half at the
second decimal, so a figure rounded twice differs from the right one: the
checker also asserts that no double-rounded figure appears anywhere.

Prints one line per problem and ends with "N passed, N failed" (a check
passes when all its figures match).
"""

import csv
import glob
import html
import html.parser
import io
import json
import os
import re
import sys
from decimal import Decimal, ROUND_HALF_UP
from fractions import Fraction as F

import openpyxl

passed = failed = 0
problems = []


def check(name, errs):
    """Counts one check; errs is the list of its problems."""
    global passed, failed
    if errs:
        failed += 1
        print(f"FAIL: {name}")
        for e in errs[:15]:
            print(f"  {e}")
        if len(errs) > 15:
            print(f"  ... and {len(errs) - 15} more")
    else:
        passed += 1


# --- exact figures --------------------------------------------------------------

def round_half(x, decimals):
    """A Fraction rounded half away from zero to `decimals`, as a Decimal."""
    q = x * 10 ** decimals
    n = (abs(q.numerator) * 2 + q.denominator) // (2 * q.denominator)
    return Decimal(n if q >= 0 else -n).scaleb(-decimals)


def vi(d, trim=False):
    """A Decimal in Vietnamese notation: dot thousands, decimal comma."""
    s = format(d, "f")
    if trim and "." in s:
        s = s.rstrip("0").rstrip(".")
    whole, _, frac = s.partition(".")
    neg = whole.startswith("-")
    whole = whole.lstrip("-")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return ("-" if neg else "") + ".".join(groups) + ("," + frac if frac else "")


def pct_text(x):
    """A fraction of one as the page shows it: "40,31%"."""
    return vi(round_half(x * 100, 2)) + "%"


def twice_text(x):
    """The same figure rounded first to 4 decimals, then to 2: the defect."""
    return vi(round_half(F(round_half(x * 100, 4)), 2)) + "%"


def dec(v):
    return F(str(v))


def period_key(p):
    """Periods in the order they end: a year right after its fourth quarter."""
    y, _, q = p.partition("-q")
    return (int(y), int(q) if q else 5)


RATES = [  # key in the period JSON, numerator and denominator in the data
    ("on_time_rate", lambda s: s["resolved"]["early"] + s["resolved"]["on_time"],
     lambda s: sum(s["resolved"].values())),
    ("online_rate", lambda s: s["received"]["online"], lambda s: sum(s["received"].values())),
    ("online_payment_rate", lambda s: s["payments"]["online"], lambda s: s["payments"]["total"]),
    ("digitized_rate", lambda s: s["digitized"], lambda s: sum(s["received"].values())),
    ("satisfaction_rate", lambda s: s["satisfaction"]["satisfied"],
     lambda s: s["satisfaction"]["responses"]),
]


class Facts:
    """Every figure of the data folder, exact."""

    def __init__(self, data):
        load = lambda rel: json.load(open(os.path.join(data, rel), encoding="utf-8"))
        units = load("units.json")
        self.unit_group = {u["id"]: u["group"] for u in units["units"]}
        self.unit_name = {u["id"]: u["name"] for u in units["units"]}
        self.unit_parent = {u["id"]: u.get("parent") for u in units["units"]}
        self.target = {k: dec(v) for k, v in load("site.json")["targets"].items()}
        self.name_unit = {v: k for k, v in self.unit_name.items()}
        self.groups = [g["id"] for g in units["groups"]]
        self.group_name = {g["id"]: g["name"] for g in units["groups"]}
        self.index = load("indices/par.json")
        self.areas = [(a["id"], a["name"], dec(a["max"])) for a in self.index["criteria"]]
        self.pct = {}        # (period, unit) -> fraction of one
        self.total = {}      # (period, unit) -> (total, max)
        self.share = {}      # (period, unit, area) -> fraction of one
        self.area_val = {}   # (period, unit, area) -> points
        self.mean = {}       # (period, group) -> fraction of one
        self.amean = {}      # (period, group, area) -> points
        self.rate = {}       # (period, unit, key) -> fraction
        self.grate = {}      # (period, group, key)
        self.prate = {}      # (period, key)
        self.counts = {}     # (period, unit) -> the service row
        self.periods = sorted(os.listdir(os.path.join(data, "periods")), key=period_key)
        for p in self.periods:
            d = os.path.join(data, "periods", p)
            if os.path.exists(os.path.join(d, "par.json")):
                self.scores(p, load(f"periods/{p}/par.json"))
            if os.path.exists(os.path.join(d, "services.json")):
                self.services(p, load(f"periods/{p}/services.json"))

    def scores(self, p, doc):
        imax = sum(m for _, _, m in self.areas)
        by_group = {}
        for s in doc["scores"]:
            u = s["unit"]
            if "criteria" not in s:
                t, m = dec(s["total"]), dec(s.get("max", imax))
            else:
                t, m = F(0), imax
                for a in self.index["criteria"]:
                    if "criteria" in a:
                        vals = [s["criteria"][c["id"]] for c in a["criteria"]]
                        v = sum(dec(x) for x in vals if x is not None)
                        m -= sum(dec(c["max"]) for c, x in zip(a["criteria"], vals) if x is None)
                    else:
                        v = dec(s["criteria"][a["id"]])
                    t += v
                    self.area_val[(p, u, a["id"])] = v
                    self.share[(p, u, a["id"])] = v / dec(a["max"])
            self.total[(p, u)] = (t, m)
            self.pct[(p, u)] = t / m
            by_group.setdefault(self.unit_group[u], []).append(u)
        for g, us in by_group.items():
            self.mean[(p, g)] = sum(self.pct[(p, u)] for u in us) / len(us)
            for a, _, _ in self.areas:
                vals = [self.area_val[(p, u, a)] for u in us if (p, u, a) in self.area_val]
                if vals:
                    self.amean[(p, g, a)] = sum(vals) / len(vals)

    def services(self, p, doc):
        num, den = {}, {}
        for s in doc["services"]:
            u, g = s["unit"], self.unit_group[s["unit"]]
            self.counts[(p, u)] = s
            for key, fn, fd in RATES:
                n, d = fn(s), fd(s)
                self.rate[(p, u, key)] = F(n, d)
                for k in ((p, g, key), (p, None, key)):
                    num[k] = num.get(k, 0) + n
                    den[k] = den.get(k, 0) + d
        for (pp, g, key), n in num.items():
            if not den[(pp, g, key)]:
                continue
            x = F(n, den[(pp, g, key)])
            if g is None:
                self.prate[(pp, key)] = x
            else:
                self.grate[(pp, g, key)] = x

    def compared(self, p):
        """The periods p's changes compare with: the quarter (year) before and
        the same quarter a year earlier, each only when it has services."""
        y, _, q = p.partition("-q")
        y = int(y)
        if q:
            q = int(q)
            prev = f"{y - 1}-q4" if q == 1 else f"{y}-q{q - 1}"
            year = f"{y - 1}-q{q}"
        else:
            prev, year = str(y - 1), None
        have = {pp for (pp, _) in self.counts}
        return [x if x in have else None for x in (prev, year)]

    def change(self, p, unit, group, key, k):
        """The exact change in percentage points of a rate of a unit (or a
        group, or the province when both are None) against compared(p)[k]."""
        o = self.compared(p)[k]
        if o is None:
            return None
        if unit is not None:
            a, b = self.rate.get((p, unit, key)), self.rate.get((o, unit, key))
        elif group is not None:
            a, b = self.grate.get((p, group, key)), self.grate.get((o, group, key))
        else:
            a, b = self.prate.get((p, key)), self.prate.get((o, key))
        return None if a is None or b is None else (a - b) * 100

    def fractions(self):
        """Every figure shown as a percentage, with what it is."""
        out = [(f"result {k}", v) for k, v in self.pct.items()]
        out += [(f"share {k}", v) for k, v in self.share.items()]
        out += [(f"group mean {k}", v) for k, v in self.mean.items()]
        out += [(f"rate {k}", v) for k, v in self.rate.items()]
        out += [(f"group rate {k}", v) for k, v in self.grate.items()]
        out += [(f"province rate {k}", v) for k, v in self.prate.items()]
        return out

    def unit_texts(self, p, u):
        """The percentages a row about unit u in period p may show."""
        t = {pct_text(v) for (pp, uu), v in self.pct.items() if (pp, uu) == (p, u)}
        t |= {pct_text(v) for (pp, uu, _), v in self.rate.items() if (pp, uu) == (p, u)}
        t |= {pct_text(v) for (pp, uu, _), v in self.share.items() if (pp, uu) == (p, u)}
        return t

    def aggregate_texts(self, p):
        t = {pct_text(v) for (pp, _), v in self.mean.items() if pp == p}
        t |= {pct_text(v) for (pp, _, _), v in self.grate.items() if pp == p}
        t |= {pct_text(v) for (pp, _), v in self.prate.items() if pp == p}
        return t


# --- the dataset itself ----------------------------------------------------------

def check_dataset(facts):
    errs = []
    for what, x in facts.fractions():
        if pct_text(x) == twice_text(x):
            errs.append(f"{what}: {float(x * 100)}% rounds the same once and twice: the data "
                        "does not test double rounding")
    for (p, g, a), x in facts.amean.items():
        once = round_half(x, 2)
        twice = round_half(F(round_half(x, 4)), 2)
        if once == twice:
            errs.append(f"area mean {(p, g, a)}: {float(x)} rounds the same once and twice")
    # A few right figures equal another fact's double rounding; the row and
    # chart checks below tell those apart, the page-wide check cannot.
    right = {pct_text(x) for _, x in facts.fractions()}
    wrong = {twice_text(x) for _, x in facts.fractions()} - right
    t, m = facts.total[("2023", "so-tu-phap")]
    if (t, m) != (F("40.1134"), F("99.5")):
        errs.append(f"so-tu-phap 2023 is {t}/{m}, not 40.1134/99.5")
    s = facts.counts.get(("2023-q1", "tp-thu-dau-mot"))
    if not s or (RATES[0][1](s), RATES[0][2](s)) != (14966, 15238):
        errs.append("tp-thu-dau-mot 2023-q1 does not resolve 14,966 of 15,238 files on time")
    check("the data puts every figure just under a half", errs)
    return right, wrong


# --- HTML ------------------------------------------------------------------------

class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.kids = tag, dict(attrs), parent, []

    def text(self):
        """The text, with a space where a cell or block ends."""
        return "".join(k if isinstance(k, str) else
                       k.text() + (" " if k.tag in BLOCK else "") for k in self.kids)

    def find(self, tag):
        for k in self.kids:
            if not isinstance(k, str):
                if k.tag == tag:
                    yield k
                yield from k.find(tag)

    def walk(self):
        yield self
        for k in self.kids:
            if not isinstance(k, str):
                yield from k.walk()


VOID = {"img", "br", "meta", "link", "input", "hr", "source", "col", "wbr"}
BLOCK = {"td", "th", "tr", "dd", "dt", "li", "p", "div", "caption", "h1", "h2", "h3", "figcaption"}


class Tree(html.parser.HTMLParser):
    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.root = self.cur = Node("#root", {}, None)
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        n = Node(tag, attrs, self.cur)
        self.cur.kids.append(n)
        if tag not in VOID:
            self.cur = n

    def handle_endtag(self, tag):
        c = self.cur
        while c is not None and c.tag != tag:
            c = c.parent
        if c is not None and c.parent is not None:
            self.cur = c.parent

    def handle_data(self, data):
        self.cur.kids.append(data)


PCT = re.compile(r"\d{1,3}(?:\.\d{3})*,\d\d%")
LINK_UNIT = re.compile(r"don-vi/([a-z0-9-]+)/index\.html")
LINK_PERIOD = re.compile(r"ky/([0-9q-]+)/index\.html")


def page_period(rel):
    m = re.match(r"ky/([0-9q-]+)/index\.html$", rel)
    return m.group(1) if m else None


def page_unit(rel):
    m = re.match(r"don-vi/([a-z0-9-]+)/index\.html$", rel)
    return m.group(1) if m else None


def row_key(tr, rel, latest):
    """(unit, periods) a table row is about: the unit its heading cell links
    (a district's page compares its communes), else the page's unit, else
    the first unit it links."""
    unit, periods = page_unit(rel), []
    for th in tr.find("th"):
        if th.attrs.get("scope") == "row":
            for a in th.find("a"):
                m = LINK_UNIT.search(a.attrs.get("href", ""))
                if m:
                    unit = m.group(1)
                    break
            break
    for a in tr.find("a"):
        href = a.attrs.get("href", "")
        m = LINK_UNIT.search(href)
        if m and unit is None:
            unit = m.group(1)
        m = LINK_PERIOD.search(href)
        if m:
            periods.append(m.group(1))
    if not periods:
        periods = [page_period(rel)] if page_period(rel) else latest
    return unit, periods


def check_pages(site, facts, right, wrong):
    latest = [p for p in facts.periods]
    glob_errs, row_errs, seen = [], [], set()
    pages = sorted(glob.glob(os.path.join(site, "**", "*.html"), recursive=True))
    trees = {}
    for path in pages:
        rel = os.path.relpath(path, site)
        raw = open(path, encoding="utf-8").read()
        text = html.unescape(raw)
        for t in PCT.findall(text):
            seen.add(t)
            if t in wrong:
                glob_errs.append(f"{rel}: {t} is a figure rounded twice")
            elif t not in right:
                glob_errs.append(f"{rel}: {t} is no figure of the data")
        tree = Tree(raw).root
        trees[rel] = tree
        for tr in tree.find("tr"):
            found = PCT.findall(tr.text())
            if not found:
                continue
            unit, periods = row_key(tr, rel, latest)
            allowed = set()
            for p in periods:
                allowed |= facts.unit_texts(p, unit) if unit else facts.aggregate_texts(p)
            for t in found:
                if t not in allowed:
                    row_errs.append(f"{rel}: a row about {unit or 'a group or the province'} in "
                                    f"{'/'.join(periods)} shows {t}, none of its figures "
                                    f"({', '.join(sorted(allowed)) or 'none'})")
    # Shares of an area show only where a chart's text names the highest and
    # the lowest; every other figure shows somewhere.
    shown = {pct_text(x) for what, x in facts.fractions() if not what.startswith("share")}
    missing = sorted(shown - seen)
    check("every NN,NN% on every page is a figure of the data, rounded once", glob_errs)
    check("every percentage in a table row belongs to the row's unit and period", row_errs)
    check("every figure of the data shows on some page", [f"{t} shows nowhere" for t in missing])
    check_cards(trees, facts)
    check_charts(trees, facts)
    check_children_services(site, trees, facts)


def check_cards(trees, facts):
    """The result card of each unit page and the headline rates of the home page."""
    errs = []
    last = {}
    for (p, u) in facts.pct:
        if u not in last or period_key(p) > period_key(last[u]):
            last[u] = p
    for rel, tree in trees.items():
        u = page_unit(rel)
        if not u or u not in last:
            continue
        p = last[u]
        text = " ".join(tree.text().split())
        want = pct_text(facts.pct[(p, u)])
        if f"Kết quả {want}" not in text:
            errs.append(f"{rel}: the result card does not say «Kết quả {want}»")
        gm = pct_text(facts.mean[(p, facts.unit_group[u])])
        if f"trung bình nhóm {gm}" not in text:
            errs.append(f"{rel}: the result card does not say «trung bình nhóm {gm}»")
        # the criteria table: each area's group mean points, rounded once
        for a, name, _ in facts.areas:
            x = facts.amean.get((p, facts.unit_group[u], a))
            if x is None:
                continue
            for tr in tree.find("tr"):
                cells = [" ".join(c.text().split()) for c in tr.kids
                         if not isinstance(c, str) and c.tag in ("th", "td")]
                if cells and cells[0].endswith(name) and len(cells) >= 4:
                    if cells[3] != vi(round_half(x, 2), trim=True):
                        errs.append(f"{rel}: group mean of «{name}» is {cells[3]}, "
                                    f"want {vi(round_half(x, 2), trim=True)}")
    home = trees.get("index.html")
    if home:
        text = " ".join(home.text().split())
        q = max((p for (p, _) in facts.prate), key=period_key)
        for key, _, _ in RATES:
            want = pct_text(facts.prate[(q, key)])
            if want not in text:
                errs.append(f"index.html: the province's {key} {want} is not on the home page")
    # the period pages' group means of each area
    for (p, g, a), x in facts.amean.items():
        tree = trees.get(f"ky/{p}/index.html")
        want = vi(round_half(x, 2), trim=True)
        cells = []
        for tfoot in tree.find("tfoot"):
            tr = next(tfoot.find("tr"))
            row = [" ".join(c.text().split()) for c in tr.kids
                   if not isinstance(c, str) and c.tag in ("th", "td")]
            cells.extend(row)
        if want not in cells:
            errs.append(f"ky/{p}/: the mean of «{a}» in group {g} ({want}) is in no footer row")
    # The index page gives each band's range in the index's own words.
    bands = sorted(facts.index.get("bands", []), key=lambda b: -b["min"])
    tree = trees.get(f"chi-so/{facts.index['id']}/index.html")
    text = " ".join(tree.text().split()) if tree else ""
    for k, b in enumerate(bands):
        lo = vi(Decimal(str(b["min"])), trim=True) + "%"
        hi = vi(Decimal(str(bands[k - 1]["min"])), trim=True) + "%" if k else None
        want = (f"từ {lo} trở lên" if k == 0 else f"dưới {hi}" if b["min"] <= 0
                else f"từ {lo} đến dưới {hi}")
        if f"{b['name']} {want}" not in text:
            errs.append(f"chi-so/{facts.index['id']}/: band {b['name']} is not «{want}»")
    check("result cards, headline rates, group means of areas, band ranges", errs)


def following_table(fig):
    """The first <table> after a <figure> in document order."""
    node = fig
    while node.parent is not None:
        sibs = node.parent.kids
        for k in sibs[sibs.index(node) + 1:]:
            if isinstance(k, str):
                continue
            if k.tag == "table":
                return k
            t = next(k.find("table"), None)
            if t is not None:
                return t
        node = node.parent
    return None


def rows_of(table):
    out = []
    for tr in table.find("tr"):
        cells = [" ".join(c.text().split()) for c in tr.kids
                 if not isinstance(c, str) and c.tag in ("th", "td")]
        if cells:
            out.append(cells)
    return out


def has_row(rows, name, *values):
    for cells in rows:
        head = re.sub(r"^[\d.]+\.\s*", "", cells[0]) if cells else ""
        if any(head == name or c == name for c in cells[:2]):
            if all(any(c == v or c.startswith(v + " ") for c in cells) for v in values):
                return True
    return False


ALT_PATTERNS = [
    # ranking: "Cao nhất: NAME 40,31% (hạng 1, ...)"
    re.compile(r"(?:Cao nhất|Thấp nhất): (?P<name>.+?) (?P<v>\d+,\d\d%) \(hạng"),
    # trend: ": Năm 2023 40,31% (" or "; Năm 2022 ..."
    re.compile(r"[:;] (?P<name>(?:Năm|Quý) [^;:]+?) (?P<v>\d+,\d\d%) \("),
]


def named_figures(alt, names):
    """Every "NAME NN,NN%" of a service chart's text, by the units' names
    (the chart names units under a target, lowest first, and the lowest of
    a rate every unit met)."""
    out = []
    for name in sorted(names, key=len, reverse=True):
        for m in re.finditer(re.escape(name) + r" (\d{1,3}(?:\.\d{3})*,\d\d%)", alt):
            out.append((name, (m.group(1),)))
    return out
CRIT_ALT = re.compile(r"(?:tối đa: |Thấp nhất: )(?P<name>.+?) (?P<a>[\d.,]+)/(?P<b>[\d.,]+) điểm "
                      r"\((?P<v>\d+,\d\d%)\)")


def check_charts(trees, facts):
    """Each chart's numbers, as its text alternative gives them, against the
    table that follows it."""
    errs, n = [], 0
    for rel, tree in trees.items():
        for fig in tree.find("figure"):
            img = next(fig.find("img"), None)
            if img is None:
                continue
            alt = img.attrs.get("alt", "")
            table = following_table(fig)
            if table is None:
                errs.append(f"{rel}: a chart without a table after it")
                continue
            rows = rows_of(table)
            if alt.startswith("Biểu đồ chấm"):
                pairs = named_figures(alt, facts.unit_name.values())
            else:
                pairs = [(m.group("name"), (m.group("v"),)) for pat in ALT_PATTERNS
                         for m in pat.finditer(alt)]
            pairs += [(m.group("name"), (m.group("a"), m.group("b")))
                      for m in CRIT_ALT.finditer(alt)]
            if not pairs:
                errs.append(f"{rel}: no figure read from the alt text «{alt[:120]}»")
            for name, values in pairs:
                n += 1
                if not has_row(rows, name, *values):
                    errs.append(f"{rel}: the chart says {name} {' / '.join(values)}; its table "
                                f"has no such row")
            # criteria shares: each is the area's value over its maximum, rounded once
            u = page_unit(rel)
            for m in CRIT_ALT.finditer(alt):
                area = next((a for a, nm, _ in facts.areas if nm == m.group("name")), None)
                ps = [p for (p, uu, aa) in facts.share if uu == u and aa == area]
                last = max(ps, key=period_key) if ps else None
                if area and last and m.group("v") != pct_text(facts.share[(last, u, area)]):
                    errs.append(f"{rel}: share of {area} {m.group('v')}, want "
                                f"{pct_text(facts.share[(last, u, area)])}")
    if n == 0:
        errs.append("no chart figure was compared")
    check(f"each chart's numbers match its table ({n} figures)", errs)


RATE_NAMES = {"on_time_rate": "Tỷ lệ giải quyết đúng hạn",
              "online_rate": "Tỷ lệ tiếp nhận trực tuyến",
              "online_payment_rate": "Tỷ lệ thanh toán trực tuyến",
              "digitized_rate": "Tỷ lệ số hóa hồ sơ", "satisfaction_rate": "Tỷ lệ hài lòng"}
RATE_CELL = re.compile(r"^(\d{1,3},\d\d)%")


def children_served(facts):
    """Each unit with children that have service figures: the latest quarter
    with any, and those children in units.json order (the page's table)."""
    out = {}
    for parent in sorted({p for p in facts.unit_parent.values() if p}):
        kids = [u for u in facts.unit_name if facts.unit_parent[u] == parent]
        ps = [p for p in facts.periods if any((p, u) in facts.counts for u in kids)]
        if ps:
            p = ps[-1]
            out[parent] = (p, [u for u in kids if (p, u) in facts.counts])
    return out


def service_table_rows(table):
    """(name, [(rate text, "met"/"unmet"), ...]) for each body row of a service table."""
    out = []
    for tr in table.find("tr"):
        cells = [c for c in tr.kids if not isinstance(c, str) and c.tag in ("th", "td")]
        if not cells or cells[0].tag != "th" or cells[0].attrs.get("scope") != "row":
            continue
        rates = []
        for c in cells[1:]:
            m = RATE_CELL.match(" ".join(c.text().split()))
            if m or "data-sort" in c.attrs:
                rates.append((m.group(1) if m else "", c.attrs.get("class", "")))
        out.append((" ".join(cells[0].text().split()), rates))
    return out


def check_children_services(site, trees, facts):
    """A district's chart of its communes' service rates: on the page of every
    unit whose children have service figures, with its phone form and no 2x
    image (nor a srcset naming one); its text names figures of the table
    after it, the rate most of
    them miss first; its CSV holds exactly that table's rows (the same units
    in the same order, each rate and its verdict as the table shows them),
    each rate rounded once."""
    errs, n = [], 0
    served = children_served(facts)
    for parent, (p, kids) in served.items():
        rel = f"don-vi/{parent}/index.html"
        base = f"bieu-do/don-vi/{parent}/dich-vu-truc-thuoc"
        for ext in (".png", ".dien-thoai.png", ".csv"):
            if not os.path.exists(os.path.join(site, base + ext)):
                errs.append(f"{base}{ext} is missing")
        if os.path.exists(os.path.join(site, base + "@2x.png")):
            errs.append(f"{base}@2x.png is drawn: a district's chart has no 2x image")
        fig = next((f for f in trees[rel].find("figure")
                    for img in f.find("img") if img.attrs.get("src", "").endswith(base + ".png")),
                   None)
        if fig is None:
            errs.append(f"{rel}: no chart of the communes' service rates")
            continue
        if "@2x" in next(fig.find("img")).attrs.get("srcset", ""):
            errs.append(f"{rel}: the chart of the communes' service rates offers a 2x image")
        table = following_table(fig)
        rows = service_table_rows(table) if table is not None else []
        want_names = [facts.unit_name[u] for u in kids]
        if [name for name, _ in rows] != want_names:
            errs.append(f"{rel}: the table after the chart has {[nm for nm, _ in rows]}, "
                        f"want {want_names}")
        alt = next(fig.find("img")).attrs.get("alt", "")
        pairs = named_figures(alt, want_names)
        if not pairs:
            errs.append(f"{rel}: no figure read from the chart's text «{alt[:120]}»")
        for name, values in pairs:
            n += 1
            if not has_row(rows_of(table), name, *values):
                errs.append(f"{rel}: the chart says {name} {values[0]}; its table has no such row")
        # the rate most of the communes miss first, ties in the data format's order
        unmet = {key: sum(1 for u in kids if facts.rate[(p, u, key)] < facts.target[key])
                 for key, _, _ in RATES}
        order = sorted(unmet, key=lambda k: -unmet[k])
        at = [alt.find(". " + RATE_NAMES[k] + " (") for k in order]
        if -1 in at or at != sorted(at):
            errs.append(f"{rel}: the chart's rates are not in the order {order}")
        h, csv_data = csv_rows(os.path.join(site, base + ".csv"))
        if [r[h["don_vi"]] for r in csv_data] != [name for name, _ in rows]:
            errs.append(f"{base}.csv: rows {[r[h['don_vi']] for r in csv_data]}, the table's "
                        f"{[name for name, _ in rows]}")
        for r, (row, (name, cells)) in enumerate(zip(csv_data, rows), 2):
            u = row[h["ma_don_vi"]]
            if row[h["ky"]] != p or facts.unit_name.get(u) != name:
                errs.append(f"{base}.csv row {r}: {row[h['ky']]} {u}, want {p} and the unit {name}")
                continue
            for k, (col, key) in enumerate(CSV_RATES.items()):
                n += 1
                want_dec(errs, f"{base}.csv row {r} {col}", row[h[col]],
                         facts.rate[(p, u, key)] * 100)
                text, state = cells[k] if k < len(cells) else ("", "")
                if text.replace(",", ".") != f"{Decimal(row[h[col]] or 'NaN'):.2f}":
                    errs.append(f"{base}.csv row {r} {col}: {row[h[col]]}, the table shows {text}%")
                verdict = row[h["dat_chi_tieu_" + col[len("ty_le_"):]]]
                if {"Đạt": "met", "Chưa đạt": "unmet"}.get(verdict) != state:
                    errs.append(f"{base}.csv row {r} {col}: {verdict!r}, the table's cell "
                                f"is «{state}»")
    if not served:
        errs.append("no unit has children with service figures: the data tests nothing")
    check(f"each district's chart of its communes' service rates: its text and CSV are its "
          f"table's ({len(served)} charts, {n} figures)", errs)


# --- workbooks -------------------------------------------------------------------

def excel_shows(value, fmt):
    """What Excel and LibreOffice display for a number in a format: the
    double rounded to 15 significant digits, then to the format's decimals,
    half away from zero."""
    d = Decimal(format(value, ".15g"))
    m = re.fullmatch(r"0(?:\.(0+))?(%?)", fmt)
    if not m:
        return None
    places = len(m.group(1) or "")
    if m.group(2):
        d *= 100
    return d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


RATE_TITLES = {
    "Tỷ lệ giải quyết đúng hạn": "on_time_rate",
    "Tỷ lệ tiếp nhận trực tuyến": "online_rate",
    "Tỷ lệ thanh toán trực tuyến": "online_payment_rate",
    "Tỷ lệ số hóa hồ sơ": "digitized_rate",
    "Tỷ lệ hài lòng": "satisfaction_rate",
}
FORMULA = re.compile(r"=\(?[A-Z]+(\d+)(?:\+[A-Z]+\1)?\)?/[A-Z]+\1")


def sheet_rows(ws):
    rows = list(ws.iter_rows())
    if not rows:
        return {}, []
    head = {c.value: i for i, c in enumerate(rows[0])}
    return head, rows[1:]


def cell_figure(errs, where, cell, vcell, want):
    """A percentage cell: a formula with its cached value, displayed as want."""
    if want is None:
        if vcell.value is not None:
            errs.append(f"{where}: want an empty cell, got {vcell.value!r}")
        return
    if not (isinstance(cell.value, str) and FORMULA.fullmatch(cell.value)
            and FORMULA.fullmatch(cell.value).group(1) == str(cell.row)):
        errs.append(f"{where}: not a formula over the count cells of its row: {cell.value!r}")
    if not isinstance(vcell.value, (int, float)):
        errs.append(f"{where}: no cached value ({vcell.value!r})")
        return
    shown = excel_shows(vcell.value, vcell.number_format)
    wantd = round_half(want * 100, 2)
    if shown != wantd:
        errs.append(f"{where}: displays {shown}% ({vcell.value!r} as {vcell.number_format}), "
                    f"want {wantd}%")


def group_of(facts, name):
    """A group's id from its name in a totals row; None for all units."""
    return next((g for g, n in facts.group_name.items() if n == name), None)


def check_aggregate_row(errs, facts, book, sheet, r, head, row, vrow, p):
    """A row of a totals sheet (a group's or all units' rates, formulas over
    the row's counts) or of a means sheet (a group's mean result and mean
    points per area, exact values shown with 2 decimals).  Returns the
    number of cells compared."""
    g = group_of(facts, row[head["Nhóm"]].value)
    where = f"{book} «{sheet}» row {r} ({g or 'all units'})"
    n = 0
    if "Phạm vi" in head:
        for title, key in RATE_TITLES.items():
            if title in head:
                want = facts.grate.get((p, g, key)) if g else facts.prate.get((p, key))
                i = head[title]
                cell_figure(errs, f"{where} {key}", row[i], vrow[i], want)
                n += 1
        return n
    i = head["Tỷ lệ điểm đạt trung bình"]
    v = vrow[i]
    want = round_half(facts.mean[(p, g)] * 100, 2)
    shown = excel_shows(v.value, v.number_format) if isinstance(v.value, float) else None
    if shown != want:
        errs.append(f"{where}: mean result displays {shown} ({v.value!r} as {v.number_format}), "
                    f"want {want}%")
    n += 1
    for a, aname, _ in facts.areas:
        t = next((t for t in head if t and t.startswith("Trung bình ") and t.endswith(aname)), None)
        x = facts.amean.get((p, g, a))
        if t is None or x is None:
            continue
        v = vrow[head[t]]
        shown = excel_shows(v.value, v.number_format) if isinstance(v.value, float) else None
        if shown != round_half(x, 2):
            errs.append(f"{where}: mean of {a} displays {shown} ({v.value!r} as "
                        f"{v.number_format}), want {round_half(x, 2)}")
        n += 1
    return n


def check_workbooks(site, facts):
    errs, n = [], 0
    for path in sorted(glob.glob(os.path.join(site, "tai-ve", "*.xlsx"))):
        name = os.path.basename(path)
        period = name[:-5] if name != "tat-ca.xlsx" else None
        wf = openpyxl.load_workbook(path)
        wv = openpyxl.load_workbook(path, data_only=True)
        for ws in wf.worksheets:
            if ws.title == "Giải thích":
                continue
            head, rows = sheet_rows(ws)
            _, vrows = sheet_rows(wv[ws.title])
            for r, (row, vrow) in enumerate(zip(rows, vrows), 2):
                get = lambda t: row[head[t]].value if t in head else None
                p = get("Kỳ") or period
                if "Phạm vi" in head or "Tỷ lệ điểm đạt trung bình" in head:
                    n += check_aggregate_row(errs, facts, name, ws.title, r, head, row, vrow, p)
                    continue
                u = get("Mã đơn vị") or facts.name_unit.get(get("Đơn vị"))
                where = f"{name} «{ws.title}» row {r} ({u})"
                if "Tỷ lệ điểm đạt" in head:
                    i = head["Tỷ lệ điểm đạt"]
                    cell_figure(errs, where + " result", row[i], vrow[i], facts.pct[(p, u)])
                    n += 1
                    for t in ("Tổng điểm", "Điểm tối đa áp dụng"):
                        if t in head:
                            v = vrow[head[t]]
                            tot, mx = facts.total[(p, u)]
                            want = tot if t == "Tổng điểm" else mx
                            if v.number_format != "General" or F(str(v.value)) != want:
                                errs.append(f"{where}: {t} shows {v.value!r} as "
                                            f"{v.number_format}, want {want} in full")
                for title, key in RATE_TITLES.items():
                    if title in head:
                        i = head[title]
                        cell_figure(errs, f"{where} {key}", row[i], vrow[i],
                                    facts.rate[(p, u, key)])
                        n += 1
    check(f"every percentage in the workbooks displays the page's figure ({n} cells)", errs)


# --- CSV and JSON ------------------------------------------------------------------

CSV_RATES = {"ty_le_dung_han": "on_time_rate", "ty_le_truc_tuyen": "online_rate",
             "ty_le_thanh_toan_truc_tuyen": "online_payment_rate",
             "ty_le_so_hoa": "digitized_rate", "ty_le_hai_long": "satisfaction_rate"}


def csv_rows(path):
    text = open(path, encoding="utf-8-sig").read()
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return {v: i for i, v in enumerate(rows[0])}, rows[1:]


def want_dec(errs, where, text_v, x, decimals=2):
    """A CSV number against an exact figure rounded once (x None: empty)."""
    if x is None:
        if text_v != "":
            errs.append(f"{where}: {text_v!r}, want an empty field")
        return
    want = round_half(x, decimals)
    try:
        ok = Decimal(text_v) == want
    except Exception:
        ok = False
    if not ok:
        errs.append(f"{where}: {text_v!r}, want {want} (rounded once)")


CHANGE_COLS = {f"{col}_{suffix}": (key, k) for col, key in CSV_RATES.items()
               for k, suffix in enumerate(("so_ky_truoc", "so_cung_ky"))}


def check_csv(site, facts):
    """Every percentage, rate, mean and change of every CSV: the period
    tables, the totals and means, the long table and the charts' own rows."""
    errs, n = [], 0
    paths = sorted(glob.glob(os.path.join(site, "tai-ve", "*.csv")) +
                   glob.glob(os.path.join(site, "tai-ve", "don-vi", "*.csv")) +
                   glob.glob(os.path.join(site, "bieu-do", "**", "*.csv"), recursive=True))
    for path in paths:
        name = os.path.relpath(path, site)
        h, rows = csv_rows(path)
        chart = name.startswith("bieu-do/")
        period = None
        m = re.match(r"bieu-do/([0-9q-]+)/", name)
        if m:
            period = m.group(1)
        # a unit's own file names the unit in its file name, not in a column
        m = re.match(r"tai-ve/don-vi/([a-z0-9-]+)\.csv$", name)
        unit = m.group(1) if m else None
        for r, row in enumerate(rows, 2):
            get = lambda c: row[h[c]] if c in h else None
            p = get("ky") or period
            u = get("ma_don_vi") or unit
            at = f"{name} row {r}"
            if "chi_tieu" in h:  # the long table: one figure a row, or a unit's series
                col = get("chi_tieu")
                if "gia_tri" in h:
                    values = [(p, get("gia_tri"))]
                else:  # a unit's file: one column per period
                    values = [(c, row[i]) for c, i in h.items()
                              if c not in ("chi_so", "chi_tieu", "don_vi_tinh") and row[i] != ""]
                for p, v in values:
                    if col == "phan_tram":
                        want_dec(errs, f"{at} {p}", v, facts.pct[(p, u)] * 100)
                    elif col in CSV_RATES:
                        want_dec(errs, f"{at} {p}", v, facts.rate[(p, u, CSV_RATES[col])] * 100)
                    elif col in CHANGE_COLS:
                        key, k = CHANGE_COLS[col]
                        want_dec(errs, f"{at} {p}", v, facts.change(p, u, None, key, k))
                    else:
                        continue
                    n += 1
                continue
            if "pham_vi" in h or "phan_tram_trung_binh" in h:
                g = get("ma_nhom") or None
                if "phan_tram_trung_binh" in h:
                    want_dec(errs, at, get("phan_tram_trung_binh"), facts.mean[(p, g)] * 100)
                    n += 1
                    for a, _, _ in facts.areas:
                        if "trung_binh_" + a in h:
                            want_dec(errs, f"{at} {a}", get("trung_binh_" + a),
                                     facts.amean.get((p, g, a)))
                            n += 1
                    continue
            else:
                g = None
            agg = "pham_vi" in h
            for col, key in CSV_RATES.items():
                if col in h:
                    x = (facts.grate.get((p, g, key)) if g else facts.prate.get((p, key))) \
                        if agg else facts.rate[(p, u, key)]
                    want_dec(errs, f"{at} {col}", get(col), x * 100)
                    n += 1
            for col, (key, k) in CHANGE_COLS.items():
                if col in h:
                    x = facts.change(p, None if agg else u, g if agg else None, key, k)
                    want_dec(errs, f"{at} {col}", get(col), x)
                    n += 1
            if "phan_tram" in h and u:
                if chart and "ma_tieu_chi" in h:  # a unit's areas: shares
                    x = facts.share.get((p, u, get("ma_tieu_chi")))
                else:
                    x = facts.pct[(p, u)]
                want_dec(errs, f"{at} phan_tram", get("phan_tram"), x * 100 if x is not None else None)
                n += 1
            if "trung_binh_nhom" in h and u:
                g2 = facts.unit_group[u]
                want_dec(errs, f"{at} trung_binh_nhom", get("trung_binh_nhom"),
                         facts.amean.get((p, g2, get("ma_tieu_chi"))))
                n += 1
    check(f"every percentage, mean and change in the CSV files is the page's figure ({n} fields)",
          errs)


def want_json(errs, where, v, x, decimals):
    if x is None:
        if v is not None:
            errs.append(f"{where}: {v}, want null")
        return
    if v is None or Decimal(v) != round_half(x, decimals):
        errs.append(f"{where}: {v}, want {round_half(x, decimals)}")


def check_json(site, facts):
    errs, n = [], 0
    for path in sorted(glob.glob(os.path.join(site, "tai-ve", "20*.json"))):
        rec = json.load(open(path, encoding="utf-8"), parse_float=Decimal)
        p = rec["period"]
        for ix in rec["indices"].values():
            for rows in ix["groups"].values():
                for r in rows:
                    n += 1
                    want = round_half(facts.pct[(p, r["unit"])] * 100, 4)
                    if Decimal(r["percent"]) != want:
                        errs.append(f"{p}.json {r['unit']}: percent {r['percent']}, want {want}")
            for g, gm in ix.get("group_means", {}).items():
                n += 1
                want_json(errs, f"{p}.json {g} mean", gm["percent"], facts.mean[(p, g)] * 100, 4)
                for a, v in gm["criteria"].items():
                    n += 1
                    want_json(errs, f"{p}.json {g} mean {a}", v, facts.amean.get((p, g, a)), 4)
        for s in rec.get("services") or []:
            for key, _, _ in RATES:
                n += 1
                want = round_half(facts.rate[(p, s["unit"], key)], 6)
                if Decimal(s[key]) != want:
                    errs.append(f"{p}.json {s['unit']}: {key} {s[key]}, want {want}")
                for k, ck in enumerate(("previous", "year_earlier")):
                    n += 1
                    want_json(errs, f"{p}.json {s['unit']} {ck} {key}", s["changes_pp"][ck][key],
                              facts.change(p, s["unit"], None, key, k), 4)
        totals = rec.get("service_totals") or {}
        scopes = [(g, t) for g, t in totals.get("groups", {}).items()]
        if totals:
            scopes.append((None, totals["all"]))
        for g, t in scopes:
            for key, _, _ in RATES:
                n += 1
                x = facts.grate.get((p, g, key)) if g else facts.prate.get((p, key))
                want_json(errs, f"{p}.json total {g or 'all'} {key}", t[key], x, 6)
                for k, ck in enumerate(("previous", "year_earlier")):
                    n += 1
                    want_json(errs, f"{p}.json total {g or 'all'} {ck} {key}",
                              t["changes_pp"][ck][key], facts.change(p, None, g, key, k), 4)
    check(f"the period records round each figure once ({n} values)", errs)


def check_changes_on_pages(site, facts):
    """The small change under each rate of a unit's row (period and unit
    pages): "+0,52 · −1,20", rounded once from the exact change."""
    errs, n = [], 0
    pages = sorted(glob.glob(os.path.join(site, "ky", "*", "index.html")) +
                   glob.glob(os.path.join(site, "don-vi", "*", "index.html")))
    for path in pages:
        rel = os.path.relpath(path, site)
        tree = Tree(open(path, encoding="utf-8").read()).root
        for tr in tree.find("tr"):
            cells = [c for c in tr.kids if not isinstance(c, str) and c.tag == "td"]
            deltas = [next((x for x in c.walk() if "delta" in x.attrs.get("class", "")), None)
                      for c in cells]
            deltas = [d for d in deltas if d is not None]
            if not deltas:
                continue
            unit, periods = row_key(tr, rel, [])
            if not unit or not periods:
                continue
            p = periods[0]
            for (key, _, _), d in zip(RATES, deltas):
                text = d.text().replace("thay đổi:", "").strip()
                shown = [t.strip() for t in text.split("·")]
                if len(shown) != 2:
                    errs.append(f"{rel}: {unit} {p} {key}: change reads {text!r}")
                for k, txt in enumerate(shown[:2]):
                    n += 1
                    x = facts.change(p, unit, None, key, k)
                    if x is None:
                        want = "–"
                    else:
                        r = round_half(x, 2)
                        want = ("+" if r > 0 else "\u2212" if r < 0 else "") + vi(abs(r))
                    if txt.strip() != want:
                        errs.append(f"{rel}: {unit} {p} {key} change {k}: {txt!r}, want {want!r}")
    if n == 0:
        errs.append("no change of a rate found on a page")
    check(f"every change of a rate on the pages is rounded once ({n} changes)", errs)


def main(site, data):
    facts = Facts(data)
    right, wrong = check_dataset(facts)
    check_pages(site, facts, right, wrong)
    check_workbooks(site, facts)
    check_csv(site, facts)
    check_json(site, facts)
    check_changes_on_pages(site, facts)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
