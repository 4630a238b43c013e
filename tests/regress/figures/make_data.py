#!/usr/bin/python3
"""make_data.py - writes data/, a folder whose every figure sits just under a half.

Every figure the site shows with two decimals (a unit's result, a criterion's
share of its maximum, a group's mean result, a group's mean points in an area,
each service rate of a unit, of a group and of the province) is chosen so
that its exact value, in the unit it is shown in, lies in [x.xx495, x.xx5):
rounded once it ends in x.xx; rounded first to four decimals and then to two
it would end in x.xx + 0.01.  A renderer that rounds a rounded value shows a
different figure, and check_figures.py finds it.

The folder also holds the two cases of the issue: a score of 40.1134 points
on an applicable maximum of 99.5 (a criterion that does not apply), and
14,966 of 15,238 files resolved on time.  Scores given as a total alone,
with their own maximum, sit in every group.

The search is seeded, so running this again writes the same files.  Run it
from anywhere: it writes next to itself.
"""

import json
import os
import random
from fractions import Fraction as F

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "data")
rnd = random.Random()

E4 = 10000  # fixed point: 1/10000


def frac_ok(num, den):
    """num/den lies in [k + 0.495, k + 0.5) for an integer k (den > 0)."""
    r = (num % den) * 1000
    return 495 * den <= r < 500 * den


def in_window(x, scale):
    """x (a Fraction) times scale lies in the window."""
    return frac_ok(x.numerator * scale, x.denominator)


def pct_ok(num, den):
    """num/den as a percentage with two decimals: hundredths of a percent."""
    return den > 0 and frac_ok(num * 10000, den)


def pts_ok(x):
    """Points (a Fraction) shown with two decimals."""
    return in_window(x, 100)


def fx(n):
    """Fixed-point integer to a JSON number with at most 4 decimals."""
    s = f"{n // E4}.{n % E4:04d}".rstrip("0").rstrip(".")
    return float(s) if "." in s else int(s)


# --- the index: three areas whose maxima make every share a repeating decimal ---
#
# A percentage num/den lands in the window only if den, reduced against
# 10^4, is large: a unit scored on the whole 100 points has a result with
# four decimals, exactly its points, and can never sit there.  So every
# criteria score here leaves out a sub-criterion (0.5 or 0.47 points), and
# the areas' maxima (19.53, 29.41, 51.06) have large reduced denominators.

AREAS = [("chi-dao", 195300), ("the-che", 294100), ("tthc", 510600)]
SUBS = {  # area: [(sub-criterion, max)]; the last one of each may be null
    "chi-dao": [("ke-hoach", 95100), ("bao-cao", 95200), ("tuyen-truyen", 5000)],
    "the-che": [("van-ban", 289400), ("theo-doi", 4700)],
}
SUB_NAMES = {"ke-hoach": "Kế hoạch CCHC", "bao-cao": "Báo cáo CCHC",
             "tuyen-truyen": "Tuyên truyền CCHC", "van-ban": "Xây dựng văn bản QPPL",
             "theo-doi": "Theo dõi thi hành pháp luật"}
INDEX_MAX = sum(m for _, m in AREAS)  # 100 points


def window_values(mx, lo, hi):
    """Every fixed-point value in [lo, hi] whose share of mx is in the window."""
    return [v for v in range(lo, hi + 1) if pct_ok(v, mx)]


def applicable(na):
    """The applicable maximum of a score whose sub-criteria in na are null."""
    return INDEX_MAX - sum(m for subs in SUBS.values() for s, m in subs if s in na)


def fits_subs(vals, na):
    """Each area's value fits under the maxima of its applicable sub-criteria."""
    for aid, subs in SUBS.items():
        if vals[aid] > sum(m for s, m in subs if s not in na):
            return False
    return True


def split_subs(vals, na):
    """Each area with sub-criteria as its sub-criteria (null where in na)."""
    out = {}
    for aid, subs in SUBS.items():
        rest = vals[aid]
        for k, (s, m) in enumerate(subs):
            if s in na:
                out[s] = None
                continue
            left = [mm for ss, mm in subs[k + 1:] if ss not in na]
            share = rest if not left else min(m, max(rest - sum(left), rest * m // (m + sum(left))))
            out[s] = fx(share)
            rest -= share
        assert rest == 0, (aid, vals[aid])
    out.update({aid: fx(vals[aid]) for aid, _ in AREAS if aid not in SUBS})
    return out


def score_with_criteria(na, target_total=None, lo=0.3, hi=0.9):
    """Area values with every share in the window, and the result too."""
    mx = applicable(na)
    for _ in range(20000):
        vals = {}
        for aid, amax in AREAS:
            a = int(amax * rnd.uniform(lo, hi))
            cands = window_values(amax, a, a + 400)
            if not cands:
                break
            vals[aid] = rnd.choice(cands)
        else:
            if target_total is not None:
                # the last area takes what the total leaves
                rest = target_total - vals["chi-dao"] - vals["the-che"]
                if not (0 <= rest <= AREAS[2][1] and pct_ok(rest, AREAS[2][1])):
                    continue
                vals["tthc"] = rest
            total = sum(vals.values())
            if pct_ok(total, mx) and fits_subs(vals, na):
                return vals, total, mx
    raise SystemExit("no score found")


def total_only(mx, others, n_group, lo=0.35, hi=0.8, mean_lo=None):
    """A total on its own maximum, in the window, that also puts the group's
    mean result (others: the exact percentages of the rest) in the window."""
    cands = list(range(int(mx * lo), int(mx * hi)))
    rnd.shuffle(cands)
    for t in cands:
        if not pct_ok(t, mx):
            continue
        mean = (sum(others) + F(t, mx)) / n_group
        if not in_window(mean, 10000):
            continue
        if mean_lo is not None and not (mean_lo[0] <= mean * 100 < mean_lo[1]):
            continue
        return t
    raise NoFit()


def adjust_area_means(fixed_scores, na):
    """A criteria score whose areas put the group's mean points of every area
    in the window (fixed_scores: the other criteria scores of the group)."""
    n = len(fixed_scores) + 1
    mx = applicable(na)
    per_area = {}
    for aid, amax in AREAS:
        s = sum(v[aid] for v in fixed_scores)
        cands = [v for v in window_values(amax, int(amax * 0.2), int(amax * 0.95))
                 if frac_ok(s + v, n * 100)]
        rnd.shuffle(cands)
        per_area[aid] = cands[:60]
    for cd in per_area["chi-dao"]:
        for tc in per_area["the-che"]:
            for th in per_area["tthc"]:
                vals = {"chi-dao": cd, "the-che": tc, "tthc": th}
                total = cd + tc + th
                if pct_ok(total, mx) and fits_subs(vals, na):
                    return vals, total, mx
    return None


def with_adjuster(first, na_last):
    """Draws the free scores (first: their arguments) until a last score can
    put every area mean of the group in the window."""
    for _ in range(200):
        free = [score_with_criteria(*a, **k) for a, k in first]
        last = adjust_area_means([v for v, _, _ in free], na_last)
        if last:
            return free + [last]
    raise SystemExit("no area adjuster found")


# --- units ---------------------------------------------------------------------

GROUPS = [
    ("so-nganh", "Sở, ban, ngành"),
    ("huyen", "UBND cấp huyện"),
    ("xa", "UBND cấp xã"),
]
UNITS = [
    ("so-tu-phap", "Sở Tư pháp", "so-nganh", None),
    ("so-noi-vu", "Sở Nội vụ", "so-nganh", None),
    ("so-tai-chinh", "Sở Tài chính", "so-nganh", None),
    ("ban-dan-toc", "Ban Dân tộc", "so-nganh", None),
    ("tp-thu-dau-mot", "UBND thành phố Thủ Dầu Một", "huyen", None),
    ("tx-ben-cat", "UBND thị xã Bến Cát", "huyen", None),
    ("huyen-dau-tieng", "UBND huyện Dầu Tiếng", "huyen", None),
    ("phuong-chanh-my", "UBND phường Chánh Mỹ", "xa", "tp-thu-dau-mot"),
    ("phuong-phu-cuong", "UBND phường Phú Cường", "xa", "tp-thu-dau-mot"),
]


def scores_for(year):
    """One period of PAR INDEX scores.  so-nganh: three criteria scores
    (so-tu-phap without tuyen-truyen; in 2023 exactly 40.1134 points of
    99.5) and a total alone that sets the group mean; huyen: two criteria
    scores and a total alone; xa: two totals alone."""
    for _ in range(100):
        try:
            return try_scores(year)
        except NoFit:
            continue
    raise SystemExit("no scores found")


class NoFit(Exception):
    pass


def try_scores(year):
    rows = []
    tt, td = {"tuyen-truyen"}, {"theo-doi"}
    (a_vals, a_tot, a_max), (b_vals, b_tot, b_max), (c_vals, c_tot, c_max) = with_adjuster(
        [((tt,), {"target_total": 401134 if year == 2023 else None, "lo": 0.3, "hi": 0.5}),
         ((td,), {"lo": 0.4, "hi": 0.6})], tt | td)
    pcts = [F(a_tot, a_max), F(b_tot, b_max), F(c_tot, c_max)]
    # the 2023 mean of the four is 45,2849...%: rounded once 45,28%
    d_max = 920300
    d_tot = total_only(d_max, pcts, 4, mean_lo=(F(4528495, 100000), F(45285, 1000))
                       if year == 2023 else None)
    for uid, vals, na in (("so-tu-phap", a_vals, tt), ("so-noi-vu", b_vals, td),
                          ("so-tai-chinh", c_vals, tt | td)):
        rows.append({"unit": uid, "criteria": split_subs(vals, na)})
    rows.append({"unit": "ban-dan-toc", "total": fx(d_tot), "max": fx(d_max)})
    (e_vals, e_tot, e_max), (f_vals, f_tot, f_max) = with_adjuster(
        [((td,), {"lo": 0.6, "hi": 0.9})], tt)
    g_max = 840300
    g_tot = total_only(g_max, [F(e_tot, e_max), F(f_tot, f_max)], 3)
    for uid, vals, na in (("tp-thu-dau-mot", e_vals, td), ("tx-ben-cat", f_vals, tt)):
        rows.append({"unit": uid, "criteria": split_subs(vals, na),
                     "total": fx(sum(vals.values()))})
    rows.append({"unit": "huyen-dau-tieng", "total": fx(g_tot), "max": fx(g_max)})
    h_max = 975300
    h_tot = next(t for t in range(int(h_max * rnd.uniform(0.4, 0.7)), h_max)
                 if pct_ok(t, h_max))
    i_max = 885300
    i_tot = total_only(i_max, [F(h_tot, h_max)], 2)
    rows.append({"unit": "phuong-chanh-my", "total": fx(h_tot), "max": fx(h_max)})
    rows.append({"unit": "phuong-phu-cuong", "total": fx(i_tot), "max": fx(i_max)})
    rnd.shuffle(rows)  # files need not be in rank order
    return {"published": f"{year + 1}-04-17", "scores": rows}


# --- services --------------------------------------------------------------------

RATE_KEYS = ["on_time", "online", "online_payment", "digitized", "satisfaction"]


def unit_counts(size):
    """Counts of one unit with every rate in the window."""
    while True:
        received = rnd.randint(size // 2, size)
        online = [n for n in range(int(received * 0.3), int(received * 0.95))
                  if pct_ok(n, received)]
        dig = [n for n in range(int(received * 0.5), received) if pct_ok(n, received)]
        if online and dig:
            break
    resolved, early_on = pair(int(size * 0.9), size, 0.9, 0.999)
    pay_total, pay_online = pair(size // 10, size // 3, 0.2, 0.9)
    resp, sat = pair(size // 20, size // 5, 0.85, 0.995)
    return {"received": received, "online": rnd.choice(online), "digitized": rnd.choice(dig),
            "resolved": resolved, "early_on": early_on, "pay_total": pay_total,
            "pay_online": pay_online, "responses": resp, "satisfied": sat}


def pair(lo, hi, rlo, rhi):
    """(den, num) with num/den in the window and in [rlo, rhi)."""
    while True:
        den = rnd.randint(max(lo, 20), max(hi, 21))
        c = [n for n in range(int(den * rlo), int(den * rhi) + 1) if pct_ok(n, den) and n <= den]
        if c:
            return den, rnd.choice(c)


PARTS = {  # rate: (numerator, denominator) among the counts
    "on_time": ("early_on", "resolved"), "online": ("online", "received"),
    "online_payment": ("pay_online", "pay_total"), "digitized": ("digitized", "received"),
    "satisfaction": ("satisfied", "responses"),
}


def sums(rows):
    out = {}
    for r in rows:
        for k, v in r.items():
            out[k] = out.get(k, 0) + v
    return out


def fix_last(rows, others, size):
    """Replaces rows[-1] so that each rate of the unit, of sum(rows) and of
    sum(rows) + sum(others) (the province, when others is not None) is in the
    window."""
    head = sums(rows[:-1])
    rest = sums(others) if others is not None else None
    last = {}

    def ok(num, den, k_num, k_den):
        if not pct_ok(num, den):
            return False
        if not pct_ok(head.get(k_num, 0) + num, head.get(k_den, 0) + den):
            return False
        if rest is not None and not pct_ok(head.get(k_num, 0) + rest.get(k_num, 0) + num,
                                           head.get(k_den, 0) + rest.get(k_den, 0) + den):
            return False
        return True

    def numerators(den, k_num, k_den, rlo, rhi):
        """Numerators in [rlo*den, rhi*den] meeting ok(), by the unit's window."""
        if den < 10000:
            return [n for n in range(int(rlo * den), int(rhi * den) + 1)
                    if ok(n, den, k_num, k_den)]
        out = []
        for k in range(int(rlo * 10000), int(rhi * 10000) + 1):
            a = -((-(k * 1000 + 495) * den) // 10000000)  # ceil((k + 0.495) den / 10^4)
            b = ((2 * k + 1) * den - 1) // 20000            # floor of below (k + 0.5) den / 10^4
            for n in range(a, b + 1):
                if n <= den and ok(n, den, k_num, k_den):
                    out.append(n)
        return out

    # received carries two rates: search it until both have a numerator
    if "received" not in last:
        for _ in range(5000):
            den = rnd.randint(size // 2, size)
            on = numerators(den, "online", "received", 0.3, 0.95)
            dg = numerators(den, "digitized", "received", 0.5, 0.999)
            if on and dg:
                last.update(received=den, online=rnd.choice(on), digitized=rnd.choice(dg))
                break
        else:
            raise SystemExit("no received found")
    for key, (lo, hi, rlo, rhi) in {"on_time": (size // 2, 2 * size, 0.9, 0.999),
                                    "online_payment": (size // 10, size, 0.2, 0.9),
                                    "satisfaction": (size // 10, size, 0.85, 0.995)}.items():
        k_num, k_den = PARTS[key]
        if k_den in last and k_num in last:
            assert ok(last[k_num], last[k_den], k_num, k_den), key
            continue
        for _ in range(5000):
            den = last.get(k_den) or rnd.randint(lo, hi)
            nums = numerators(den, k_num, k_den, rlo, rhi)
            if nums:
                last[k_den], last[k_num] = den, rnd.choice(nums)
                break
        else:
            raise SystemExit(f"no {key} found")
    rows[-1] = last


def services_for(quarter):
    """One quarter: every unit; the last unit of each group sets its group's
    rates, and Dầu Tiếng (the last of all) the province's as well: three
    windows at once need a unit with many files."""
    groups = {g: [u for u in UNITS if u[2] == g] for g, _ in GROUPS}
    size = {"so-nganh": 4000, "huyen": 16000, "xa": 1500}
    counts = {}
    done = []
    for g in ("so-nganh", "xa", "huyen"):
        rows = [unit_counts(size[g]) for _ in groups[g]]
        if quarter == 1 and g == "huyen":
            rows[0] = None  # the case
        last_is_province = g == "huyen"
        if rows[0] is None:
            rows[0] = {"resolved": 15238, "early_on": 14966}
            r = rows[0]
            while True:
                rec = rnd.randint(12000, 16000)
                on = [n for n in range(int(rec * 0.6), int(rec * 0.9)) if pct_ok(n, rec)]
                dg = [n for n in range(int(rec * 0.6), rec) if pct_ok(n, rec)]
                if on and dg:
                    break
            pt, po = pair(3000, 5000, 0.3, 0.6)
            rs, st = pair(2000, 3500, 0.9, 0.99)
            r.update(received=rec, online=rnd.choice(on), digitized=rnd.choice(dg),
                     pay_total=pt, pay_online=po, responses=rs, satisfied=st)
        fix_last(rows, done if last_is_province else None,
                 1500000 if last_is_province else size[g])
        for (uid, *_), r in zip(groups[g], rows):
            counts[uid] = r
        done.extend(rows)
    out = []
    for uid, *_ in UNITS:
        c = counts[uid]
        received = c["received"]
        direct = (received - c["online"]) * 3 // 4
        postal = received - c["online"] - direct
        early = c["early_on"] * 2 // 5
        late = c["resolved"] - c["early_on"]
        carried = rnd.randint(received // 10, received // 5)
        carried = max(carried, c["resolved"] - received + rnd.randint(10, 200))
        pending = carried + received - c["resolved"]
        assert pending >= 0
        overdue = pending // 50
        out.append({
            "unit": uid, "carried_over": carried,
            "received": {"online": c["online"], "direct": direct, "postal": postal},
            "resolved": {"early": early, "on_time": c["early_on"] - early, "late": late},
            "pending": {"in_time": pending - overdue, "overdue": overdue},
            "withdrawn": 0,
            "payments": {"online": c["pay_online"], "total": c["pay_total"],
                         "online_amount_vnd": c["pay_online"] * 15000},
            "digitized": c["digitized"],
            "satisfaction": {"responses": c["responses"], "satisfied": c["satisfied"]},
        })
    return {"published": f"2023-{quarter * 3 + 1:02d}-15", "services": out}


def chain_carry_over(q1, q2):
    """Quarter 2 carries over what quarter 1 left pending, as a real report
    does (minhbach warns otherwise).  Carried-over and pending files take
    part in no rate, so the windows above are untouched: where quarter 2
    resolves more than it could, quarter 1 carried more in."""
    first = {r["unit"]: r for r in q1["services"]}
    for r in q2["services"]:
        p = first[r["unit"]]
        received = sum(r["received"].values())
        resolved = sum(r["resolved"].values())
        pending = p["pending"]["in_time"] + p["pending"]["overdue"]
        short = resolved - received - pending + 10
        if short > 0:
            p["carried_over"] += short
            pending += short
            p["pending"] = {"in_time": pending - pending // 50, "overdue": pending // 50}
        r["carried_over"] = pending
        now = pending + received - resolved
        r["pending"] = {"in_time": now - now // 50, "overdue": now // 50}


# --- writing -----------------------------------------------------------------------

def write(rel, obj):
    path = os.path.join(OUT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=2)
        f.write("\n")


def main():
    write("site.json", {
        "title": "Công khai kết quả cải cách hành chính (số liệu kiểm thử làm tròn)",
        "organisation": "UBND tỉnh Mẫu Thử",
        "base_url": "https://cchc.example.vn/",
        "language": "vi",
        "license": "CC BY 4.0",
        "sample": True,
        "targets": {"on_time_rate": 0.98, "online_rate": 0.6, "online_payment_rate": 0.5,
                    "digitized_rate": 0.9, "satisfaction_rate": 0.95},
        # Each quarter's rates are searched for on their own: they may move
        # by any amount between the two quarters without a warning.
        "rate_change_warning": 1,
    })
    write("units.json", {
        "groups": [{"id": g, "name": n} for g, n in GROUPS],
        "units": [dict({"id": u, "name": n, "group": g}, **({"parent": p} if p else {}))
                  for u, n, g, p in UNITS],
    })
    write("indices/par.json", {
        "id": "par", "name": "Chỉ số cải cách hành chính", "short_name": "PAR INDEX",
        "description": "Ba lĩnh vực, thang điểm 100; hai tiêu chí có thể không áp dụng.",
        "criteria": [
            {"id": "chi-dao", "name": "Công tác chỉ đạo, điều hành", "max": fx(AREAS[0][1]),
             "criteria": [{"id": s, "name": SUB_NAMES[s], "max": fx(m)}
                          for s, m in SUBS["chi-dao"]]},
            {"id": "the-che", "name": "Cải cách thể chế", "max": fx(AREAS[1][1]),
             "criteria": [{"id": s, "name": SUB_NAMES[s], "max": fx(m)}
                          for s, m in SUBS["the-che"]]},
            {"id": "tthc", "name": "Cải cách thủ tục hành chính", "max": fx(AREAS[2][1])},
        ],
        "bands": [{"min": 60, "name": "Nhóm A"}, {"min": 45, "name": "Nhóm B"},
                  {"min": 0, "name": "Nhóm C"}],
    })
    for year in (2022, 2023):
        write(f"periods/{year}/par.json", scores_for(year))
    quarters = [services_for(q) for q in (1, 2)]
    chain_carry_over(*quarters)
    for q, figures in zip((1, 2), quarters):
        write(f"periods/2023-q{q}/services.json", figures)


if __name__ == "__main__":
    rnd.seed(12)
    main()
