#!/usr/bin/python3
"""check_draft.py SITE DATA FILE... - every figure of a draft or a page's highlights is its
period's figure, rounded once from its exact value.

FILE is a draft press release (DATA/pages/ket-qua-PERIOD.md, written by
minhbach draft) or a built page (SITE/index.html, SITE/ky/PERIOD/index.html)
whose "Điểm nổi bật" section is read.  Each sentence is read in the words of
the default templates/partials/highlights-*.mustache; each figure in it (a
count, a rate or a result to two decimals, a change in percentage points, a
rank, a rank change) is worked out again with exact fractions from the
period records SITE/tai-ve/<period>.json (and units.json and site.json for
groups and targets) and rounded once, half away from zero.  Every number of
the sentences must be accounted for: a percentage, a change or a rank that
no rule explains fails too.  Ends with "N passed, N failed".
"""

import datetime
import html
import json
import os
import re
import sys
from fractions import Fraction as F

passed = failed = 0


def ok(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)


def half_away(q):
    """q (a Fraction) rounded half away from zero to an integer."""
    n = (abs(q.numerator) * 2 + q.denominator) // (2 * q.denominator)
    return -n if q < 0 else n


def vi_int(n):
    s = str(abs(n))
    parts = []
    while len(s) > 3:
        parts.insert(0, s[-3:])
        s = s[:-3]
    parts.insert(0, s)
    return ("-" if n < 0 else "") + ".".join(parts)


def vi2(x):
    """A fraction of one as a percentage to 2 decimals, the Vietnamese way: "99,77"."""
    n = half_away(x * 10000)
    a = abs(n)
    return ("-" if n < 0 else "") + vi_int(a // 100) + "," + "%02d" % (a % 100)


def pct(x):
    return vi2(x) + "%"


def target_text(t):
    """A target as site.json gives it (a fraction), every digit: 0.99 -> "99%"."""
    s = format(F(str(t)) * 100, "f") if False else None
    q = F(str(t)) * 100
    whole = q.numerator // q.denominator
    rest = q - whole
    digits = ""
    while rest and len(digits) < 4:
        rest *= 10
        d = rest.numerator // rest.denominator
        digits += str(d)
        rest -= d
    return vi_int(whole) + ("," + digits if digits else "") + "%"


# ---- the data -----------------------------------------------------------------------

site_dir, data_dir = sys.argv[1], sys.argv[2]
units = json.load(open(os.path.join(data_dir, "units.json"), encoding="utf-8"))
group_of = {u["id"]: u["group"] for u in units["units"]}
group_name = {g["id"]: g["name"] for g in units["groups"]}
group_order = [g["id"] for g in units["groups"]]
site = json.load(open(os.path.join(data_dir, "site.json"), encoding="utf-8"))
targets = site.get("targets", {})
records = {}
for f in os.listdir(os.path.join(site_dir, "tai-ve")):
    if re.fullmatch(r"\d{4}(-q[1-4])?\.json", f):
        rec = json.load(open(os.path.join(site_dir, "tai-ve", f), encoding="utf-8"))
        records[rec["period"]] = rec


def period_days(pid):
    """The first and last day of a period, "2025" or "2025-q3"."""
    year = int(pid[:4])
    if len(pid) == 4:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    q = int(pid[6])
    last = (datetime.date(year + 1, 1, 1) if q == 4 else datetime.date(year, 3 * q + 1, 1))
    return datetime.date(year, 3 * q - 2, 1), last - datetime.timedelta(days=1)


def reorganised(group, then, now):
    """The latest day, after the first day of period `then` and on or before the last day of
    `now`, on which a unit of the group began (from) or ended (the day after until), or None:
    SPEC §2, a group's rankings and means are not compared across it."""
    after, last = period_days(then)[0], period_days(now)[1]
    days = []
    for u in units["units"]:
        if u["group"] != group:
            continue
        if u.get("from"):
            days.append(datetime.date.fromisoformat(u["from"]))
        if u.get("until"):
            days.append(datetime.date.fromisoformat(u["until"]) + datetime.timedelta(days=1))
    days = [d for d in days if after < d <= last]
    return max(days) if days else None


def lower(label):
    return label[0].lower() + label[1:]


by_text = {lower(r["label"]): r for r in records.values()}

RATES = {  # word in the sentences -> (numerator, denominator, the rows that count)
    "đúng hạn": ("on_time", lambda r: r["early"] + r["on_time"], lambda r: r["resolved"], None),
    "trực tuyến": ("online", lambda r: r["received_online"], lambda r: r["received"], None),
    "thanh toán trực tuyến": ("online_payment", lambda r: r["payments_online"],
                              lambda r: r["payments_total"], "payments_total"),
    "số hóa": ("digitized", lambda r: r["digitized"], lambda r: r["received"], "digitized"),
    "hài lòng": ("satisfaction", lambda r: r["satisfaction_satisfied"],
                 lambda r: r["satisfaction_responses"], "satisfaction_responses"),
}


def rate_of(rows, word):
    """The exact rate over rows (None without a denominator)."""
    _, num, den, need = RATES[word]
    rows = [r for r in rows if need is None or r.get(need) is not None]
    n, d = sum(num(r) for r in rows), sum(den(r) for r in rows)
    return F(n, d) if d else None


def unit_rate(r, word):
    _, num, den, need = RATES[word]
    if need is not None and r.get(need) is None:
        return None
    d = den(r)
    return F(num(r), d) if d else None


def met_counts(rows, word):
    key = RATES[word][0] + "_rate"
    t = targets.get(key)
    if t is None:
        return None
    t = F(str(t))
    rated = [unit_rate(r, word) for r in rows]
    rated = [x for x in rated if x is not None]
    return sum(1 for x in rated if x >= t), len(rated)


def scores(rec, index):
    """{group: [rows]} of an index in a period record."""
    ix = rec["indices"].get(index) if rec.get("indices") else None
    return ix["groups"] if ix else {}


def result(row):
    return F(str(row["total"])) / F(str(row["max"]))


def mean(rows):
    return sum(result(r) for r in rows) / len(rows)


# ---- the sentences ------------------------------------------------------------------

NUM = r"-?[\d.]+(?:,\d+)?"


def sentences(path):
    text = open(path, encoding="utf-8").read()
    if path.endswith(".html"):
        m = re.search(r'<section class="highlights".*?</section>', text, re.S)
        if not m:
            return None, []
        period = re.search(r"Điểm nổi bật – ([^<]+)</h2>", m.group(0)).group(1)
        items = [html.unescape(re.sub(r"<[^>]+>", "", li)) for li in re.findall(r"<li>(.*?)</li>", m.group(0), re.S)]
        return lower(html.unescape(period)), items
    body = text.split("\n---\n", 1)[1]
    paras = [p.strip() for p in body.split("\n\n") if p.strip() and not p.startswith("#")]
    lead = paras[0]
    m = re.match(r"Ngày [\d/]+, .*? công bố .*? ((?:quý [IV]+|năm)(?:/| )\d{4}) của ([\d.]+) cơ quan, đơn vị\. ?(.*)", lead)
    ok(m is not None, f"{path}: the lead names the period and the units")
    out = [m.group(3)] if m and m.group(3) else []
    period = m.group(1) if m else None
    rec = by_text.get(period)
    if rec:
        reported = {r["unit"] for r in rec.get("services") or []}
        for ix in (rec.get("indices") or {}).values():
            reported |= {r["unit"] for g in ix["groups"].values() for r in g}
        ok(m.group(2) == vi_int(len(reported)), f"{path}: the lead's units: {m.group(2)}, want {len(reported)}")
    for p in paras[1:]:
        if p.startswith("Số liệu chi tiết:"):
            continue
        out.append(p)
    return period, out


checked = []  # (file, token) of each figure checked


def see(expect, got, what):
    ok(expect == got, f"{what}: {got!r}, want {expect!r}")
    checked.append(got)


def check_services(rec, s, where):
    rows = rec["services"] or []
    m = re.fullmatch(r"Trong (.+?), các cơ quan, đơn vị tiếp nhận mới (%s) hồ sơ và giải quyết (%s) hồ sơ; "
                     r"tỷ lệ hồ sơ giải quyết đúng hạn (%s%%)(?:, (đạt|chưa đạt) mục tiêu ([\d,]+%%) \((%s)/(%s) cơ quan, đơn vị đạt\))?\." % (NUM, NUM, NUM, NUM, NUM), s)
    ok(m is not None, f"{where}: services sentence: {s}")
    if not m:
        return
    see(vi_int(sum(r["received"] for r in rows)), m.group(2), where + " received")
    see(vi_int(sum(r["resolved"] for r in rows)), m.group(3), where + " resolved")
    ot = rate_of(rows, "đúng hạn")
    see(pct(ot), m.group(4), where + " on-time rate")
    if m.group(5):
        t = F(str(targets["on_time_rate"]))
        see("đạt" if ot >= t else "chưa đạt", m.group(5), where + " on-time met")
        see(target_text(targets["on_time_rate"]), m.group(6), where + " on-time target")
        mc = met_counts(rows, "đúng hạn")
        see(vi_int(mc[0]), m.group(7), where + " units met")
        see(vi_int(mc[1]), m.group(8), where + " units compared")


def check_targets(rec, s, where):
    rows = rec["services"]
    body = s[len("So với mục tiêu: "):-1]
    for clause in re.split(r"; | và (?=tỷ lệ)", body):
        m = re.fullmatch(r"tỷ lệ (.+?) (%s%%), (đạt|chưa đạt) mục tiêu ([\d,]+%%) \((%s)/(%s) cơ quan, đơn vị đạt\)" % (NUM, NUM, NUM), clause)
        ok(m is not None and m.group(1) in RATES, f"{where}: target clause: {clause}")
        if not m or m.group(1) not in RATES:
            continue
        word = m.group(1)
        x = rate_of(rows, word)
        key = RATES[word][0] + "_rate"
        see(pct(x), m.group(2), f"{where} {word}")
        see("đạt" if x >= F(str(targets[key])) else "chưa đạt", m.group(3), f"{where} {word} met")
        see(target_text(targets[key]), m.group(4), f"{where} {word} target")
        mc = met_counts(rows, word)
        see(vi_int(mc[0]), m.group(5), f"{where} {word} units met")
        see(vi_int(mc[1]), m.group(6), f"{where} {word} units compared")


def check_groups(rec, s, where):
    rows = rec["services"]
    body = s[len("Theo nhóm: "):-1]
    for g in group_order:
        name = group_name[g]
        if not body.startswith(name + " "):
            continue
        m = re.match(r"%s tiếp nhận mới (%s) hồ sơ(?:, đúng hạn (%s%%))?(?:, trực tuyến (%s%%))?(?:; |$)" % (re.escape(name), NUM, NUM, NUM), body)
        ok(m is not None, f"{where}: group clause of {name}: {body}")
        if not m:
            return
        gr = [r for r in rows if group_of[r["unit"]] == g]
        see(vi_int(sum(r["received"] for r in gr)), m.group(1), f"{where} {name} received")
        for word, got in (("đúng hạn", m.group(2)), ("trực tuyến", m.group(3))):
            x = rate_of(gr, word)
            if got is None:
                ok(x is None, f"{where} {name} {word}: no figure although it has one")
            else:
                see(pct(x), got, f"{where} {name} {word}")
        body = body[m.end():]
    ok(body == "", f"{where}: groups left unread: {body!r}")


def change_text(now, then):
    d = now - then
    n = half_away(d * 10000)
    if n == 0:
        return "không đổi"
    return ("tăng " if n > 0 else "giảm ") + vi2(abs(d)) + " điểm phần trăm"


def check_change(rec, s, where):
    for part in re.split(r"; (?=so với)", s[:-1]):
        m = re.fullmatch(r"[Ss]o với (.+?), (.*)", part)
        ok(m is not None and m.group(1) in by_text, f"{where}: comparison: {part}")
        if not m or m.group(1) not in by_text:
            continue
        then = by_text[m.group(1)]
        for clause in m.group(2).split(" và tỷ lệ "):
            c = re.fullmatch(r"(?:tỷ lệ )?(.+?) (tăng %s điểm phần trăm|giảm %s điểm phần trăm|không đổi)" % (NUM, NUM), clause)
            ok(c is not None and c.group(1) in RATES, f"{where}: change clause: {clause}")
            if not c or c.group(1) not in RATES:
                continue
            want = change_text(rate_of(rec["services"], c.group(1)), rate_of(then["services"], c.group(1)))
            see(want, c.group(2), f"{where} {c.group(1)} against {m.group(1)}")


def check_overdue(rec, s, where):
    rows = rec["services"]
    od = sorted((r for r in rows if r["overdue"] > 0), key=lambda r: -r["overdue"])
    if "không cơ quan, đơn vị nào còn hồ sơ quá hạn" in s:
        ok(not od, f"{where}: says no file is overdue")
        return
    m = re.fullmatch(r"Hết .+?, chỉ còn (.+) có hồ sơ quá hạn \((%s) hồ sơ\)\." % NUM, s)
    if m:
        ok(len(od) == 1 and od[0]["name"] == m.group(1), f"{where}: the one unit overdue")
        see(vi_int(sum(r["overdue"] for r in rows)), m.group(2), where + " overdue files")
        return
    m = re.fullmatch(r"Hết .+?, (%s) cơ quan, đơn vị còn (%s) hồ sơ quá hạn, nhiều nhất là (.*)\." % (NUM, NUM), s)
    ok(m is not None, f"{where}: overdue sentence: {s}")
    if not m:
        return
    see(vi_int(len(od)), m.group(1), where + " units overdue")
    see(vi_int(sum(r["overdue"] for r in rows)), m.group(2), where + " files overdue")
    named = re.findall(r"(?:^|, | và )(.+?) \((%s) hồ sơ\)" % NUM, m.group(3))
    for k, (name, n) in enumerate(named):
        ok(k < len(od) and od[k]["name"] == name, f"{where}: overdue #{k + 1} is {name}")
        if k < len(od):
            see(vi_int(od[k]["overdue"]), n, f"{where} overdue of {name}")


def index_by_name(rec, text):
    for iid, ix in rec["indices"].items():
        if text.startswith(ix["name"]) or (ix.get("short_name") and text.startswith(ix["short_name"])):
            return iid, ix
    return None, None


def groups_clauses(body):
    """Splits "...nhóm G1 ...; nhóm G2 ..." by the groups' names."""
    out = []
    names = sorted((group_name[g] for g in group_order), key=len, reverse=True)
    pat = r"(?:^|; )(?:dẫn đầu |xếp cuối )?nhóm (%s) " % "|".join(re.escape(n) for n in names)
    marks = list(re.finditer(pat, body))
    for k, mk in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(body)
        out.append((mk.group(1), body[mk.end():end]))
    return out


def joined(names):
    """Names as the partial highlights-names joins them: "A", "A và B", "A, B và C"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " và " + names[-1]


def gid(name):
    return next(g for g in group_order if group_name[g] == name)


def check_places(rec, iid, body, where, last):
    groups = scores(rec, iid)
    for name, clause in groups_clauses(body):
        rows = groups[gid(name)]
        place = rows[-1]["rank"] if last else 1
        at = [r for r in rows if r["rank"] == place]
        if last:
            m = re.fullmatch(r"là (.+?)(?:, đồng hạng (%s)/(%s)| \(hạng (%s)/(%s)\)) với (%s%%)" % (NUM, NUM, NUM, NUM, NUM), clause)
        else:
            m = re.fullmatch(r"là (.+?)(, đồng hạng nhất)? với (%s%%)" % NUM, clause)
        ok(m is not None, f"{where}: place clause: {clause}")
        if not m:
            continue
        ok(m.group(1) == joined([r["name"] for r in at][:3]),
           f"{where}: {name}: {m.group(1)!r} are the units at place {place}")
        if last:
            r_, of = (m.group(2), m.group(3)) if m.group(2) else (m.group(4), m.group(5))
            see(vi_int(place), r_, f"{where} {name} last place")
            see(vi_int(len(rows)), of, f"{where} {name} ranked")
        see(pct(result(at[0])), m.group(6 if last else 3), f"{where} {name} result")


def check_means(rec, iid, body, where):
    groups = scores(rec, iid)
    for clause in body.split("; "):
        name = next((group_name[g] for g in group_order if clause.startswith(group_name[g] + " ")), None)
        ok(name is not None, f"{where}: mean clause: {clause}")
        if not name:
            continue
        m = re.fullmatch(r"(%s%%)(?: \(((?:tăng|giảm|không đổi)[^()]*)\))?"
                         r"(?: \(không so sánh với (.+?): các đơn vị trong nhóm được sắp xếp lại "
                         r"từ (\d\d)/(\d\d)/(\d{4})\))?" % NUM, clause[len(name) + 1:])
        ok(m is not None, f"{where}: mean: {clause}")
        if not m:
            continue
        now = mean(groups[gid(name)])
        see(pct(now), m.group(1), f"{where} mean of {name}")
        for ch in (m.group(2) or "").split(", ") if m.group(2) else []:
            c = re.fullmatch(r"(tăng %s điểm phần trăm|giảm %s điểm phần trăm|không đổi) so với (.+)" % (NUM, NUM), ch)
            ok(c is not None and c.group(2) in by_text, f"{where}: mean change: {ch}")
            if not c or c.group(2) not in by_text:
                continue
            then = scores(by_text[c.group(2)], iid).get(gid(name))
            see(change_text(now, mean(then)), c.group(1), f"{where} mean of {name} against {c.group(2)}")
            ok(reorganised(gid(name), by_text[c.group(2)]["period"], rec["period"]) is None,
               f"{where}: {name}: a mean compared across a reorganisation: {ch}")
        if m.group(3):
            day = datetime.date(int(m.group(6)), int(m.group(5)), int(m.group(4)))
            latest = None
            for label in m.group(3).split(" và "):
                ok(label in by_text, f"{where}: {name}: not compared with {label!r}")
                if label not in by_text:
                    continue
                r = reorganised(gid(name), by_text[label]["period"], rec["period"])
                ok(r is not None, f"{where}: {name}: no reorganisation since {label}")
                latest = r if latest is None or (r and r > latest) else latest
            ok(latest == day, f"{where}: {name}: reorganised on {day}, want {latest}")


def check_movers(rec, iid, body, where):
    rows = {r["unit"]: r for g in scores(rec, iid).values() for r in g}
    by_name = {r["name"]: r for r in rows.values()}
    for part in body.split("; "):
        m = re.fullmatch(r"(tăng|giảm) bậc nhiều nhất là (.*), (?:cùng )?(tăng|giảm) (%s) bậc" % NUM, part)
        ok(m is not None, f"{where}: mover clause: {part}")
        if not m:
            continue
        sign = 1 if m.group(1) == "tăng" else -1
        best = max((r["rank_change"] * sign for r in rows.values() if r.get("rank_change") is not None), default=0)
        see(vi_int(best), m.group(4), f"{where} biggest {m.group(1)}")
        for name, g, a, b in re.findall(r"(?:^|, | và )(.+?) \((.+?), từ vị trí (%s) (?:lên|xuống) vị trí (%s)\)" % (NUM, NUM), m.group(2)):
            r = by_name.get(name)
            ok(r is not None and r["rank_change"] * sign == best, f"{where}: {name} moved {best}")
            if r:
                see(vi_int(r["previous_rank"]), a, f"{where} {name} from")
                see(vi_int(r["rank"]), b, f"{where} {name} to")


def check_ranked(rec, iid, body, where):
    groups = scores(rec, iid)
    m = re.fullmatch(r"(%s) cơ quan, đơn vị được đánh giá, gồm (.*)\." % NUM, body)
    ok(m is not None, f"{where}: ranked: {body}")
    if not m:
        return
    see(vi_int(sum(len(v) for v in groups.values())), m.group(1), where + " units ranked")
    for n, name in re.findall(r"(%s) đơn vị nhóm (.+?)(?=, \d| và \d|$)" % NUM, m.group(2)):
        see(vi_int(len(groups[gid(name)])), n, f"{where} {name} ranked")


def check_index(rec, s, where):
    iid, ix = index_by_name(rec, s) if not s.startswith("Dẫn đầu") else (current_index, rec["indices"].get(current_index))
    ok(iid is not None, f"{where}: an index sentence: {s}")
    if not iid:
        return
    short = ix.get("short_name") or ix["name"]
    full = ix["name"] + (f" ({ix['short_name']})" if ix.get("short_name") else "")
    if s.startswith("Dẫn đầu "):
        check_places(rec, iid, "nhóm" + s[len("Dẫn đầu nhóm"):-1], where, False)
    elif s.startswith(full + ": dẫn đầu "):
        check_places(rec, iid, s[len(full + ": "):-1], where, False)
    elif s.startswith(full + " "):
        check_ranked(rec, iid, s.split(": ", 1)[1], where)
        return iid
    elif s.startswith("Kết quả trung bình"):
        pass
    elif s.startswith(short + ", so với "):
        check_movers(rec, iid, s.split(": ", 1)[1][:-1], where)
    elif s.startswith(short + ": xếp cuối "):
        check_places(rec, iid, s[len(short + ": "):-1], where, True)
    else:
        ok(False, f"{where}: unknown sentence: {s}")
    return iid


current_index = None


def check_file(path):
    global current_index
    period, items = sentences(path)
    if period is None:
        return 0
    rec = by_text.get(period)
    ok(rec is not None, f"{path}: a period record for {period}")
    if rec is None:
        return 0
    for k, s in enumerate(items):
        where = f"{os.path.basename(os.path.dirname(path))}/{os.path.basename(path)} #{k + 1}"
        checked.clear()
        if s.startswith("Trong "):
            check_services(rec, s, where)
        elif s.startswith("So với mục tiêu: "):
            check_targets(rec, s, where)
        elif s.startswith("Theo nhóm: "):
            check_groups(rec, s, where)
        elif s.startswith("So với "):
            check_change(rec, s, where)
        elif s.startswith("Hết "):
            check_overdue(rec, s, where)
        elif s.startswith("Kết quả trung bình "):
            iid, ix = index_by_name(rec, s[len("Kết quả trung bình "):])
            ok(iid is not None, f"{where}: means of an index: {s}")
            if iid:
                name = ix.get("short_name") or ix["name"]
                check_means(rec, iid, s[len("Kết quả trung bình ") + len(name) + 2:-1], where)
        else:
            current_index = check_index(rec, s, where) or current_index
        # Every percentage, every change and every rank of the sentence was checked.
        for tok in re.findall(r"%s%%|(?:tăng|giảm) %s điểm phần trăm|vị trí %s" % (NUM, NUM, NUM), s):
            tok_n = tok.replace("vị trí ", "")
            ok(tok in checked or tok_n in checked, f"{where}: {tok!r} was not accounted for in: {s}")
    return len(items)


for f in sys.argv[3:]:
    n = check_file(f)
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
