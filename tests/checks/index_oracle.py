#!/usr/bin/python3
# index_oracle.py SITE_DIR DATA_DIR - recomputes every index section of tai-ve/<period>.json.
"""An oracle for the period records, written from the data format alone and
independent of the C code: it reads DATA_DIR (units.json, indices/*.json,
periods/*/<index>.json), computes with exact fractions (fractions.Fraction)
what SPEC §2-3 say each index section of SITE_DIR/tai-ve/<period>.json must
hold, and compares:

- every criterion at every level, given or summed, null where it does not
  apply (a total-only score has every criterion null);
- totals, applicable maxima, percentages rounded half away from zero to 4
  decimals from the exact fraction;
- ranks within each group by exact percentage, ties sharing a rank (1, 2,
  2, 4), rows in rank order then unit id; ranks of each top-level criterion
  among the units it applies to; bands by exact percentage;
- rank changes against the latest earlier period of the same index in which
  the unit was ranked (always in its own group), null for a unit ranked for
  the first time, so a unit that replaced others in a reorganisation is
  "mới" whatever its predecessors did; null too, with the previous period
  kept, when a unit of its group (current or former) began or ended (the
  day after `until`) after the first day of that period and on or before
  the last day of this one (SPEC §2: rank changes never cross a
  reorganisation); and that every ranked unit exists on some day of the
  period and every previous period on some day of its own (SPEC §2: units
  over time);
- each group's means (group_means): the mean of its units' exact results and
  of each area's points among the units it applies to, to 4 decimals.

Prints one line per difference and ends with "N passed, N failed", counting
one check per index section of a period."""

import datetime
import json
import os
import sys
from fractions import Fraction

passed = 0
failed = 0


def load(path):
    with open(path, encoding="utf-8") as f:
        # numbers as exact fractions of their decimal text
        return json.load(f, parse_float=Fraction, parse_int=Fraction)


def round_half_away(x, decimals):
    """x rounded to `decimals` places, half away from zero, as a Fraction."""
    scale = 10 ** decimals
    y = abs(x) * scale
    n = int(y + Fraction(1, 2))  # floor of y + 1/2 for y >= 0
    r = Fraction(n, scale)
    return r if x >= 0 else -r


def period_key(pid):
    """Periods in order of the day they end; a year right after its Q4."""
    year = int(pid[:4])
    return (year, int(pid[6]) if len(pid) == 7 else 5)


def period_days(pid):
    year = int(pid[:4])
    if len(pid) == 4:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    q = int(pid[6])
    first = datetime.date(year, 3 * q - 2, 1)
    last = (datetime.date(year + 1, 1, 1) if q == 4 else datetime.date(year, 3 * q + 1, 1)) \
        - datetime.timedelta(days=1)
    return first, last


def exists(unit, first, last):
    start = datetime.date.fromisoformat(unit["from"]) if unit.get("from") else datetime.date.min
    end = datetime.date.fromisoformat(unit["until"]) if unit.get("until") else datetime.date.max
    return start <= last and end >= first


def reorganised(units, group, then, now):
    """Whether a unit of the group began or ended between the first day of
    period `then` (excluded) and the last day of `now` (included)."""
    after, last = period_days(then)[0], period_days(now)[1]
    for u in units.values():
        if u["group"] != group:
            continue
        days = []
        if u.get("from"):
            days.append(datetime.date.fromisoformat(u["from"]))
        if u.get("until"):
            days.append(datetime.date.fromisoformat(u["until"]) + datetime.timedelta(days=1))
        if any(after < d <= last for d in days):
            return True
    return False


class Index:
    def __init__(self, obj):
        self.id = obj["id"]
        self.name = obj["name"]
        self.order, self.max, self.kids, self.parent = [], {}, {}, {}
        self.top = [c["id"] for c in obj["criteria"]]

        def walk(nodes, parent):
            for c in nodes:
                self.order.append(c["id"])
                self.max[c["id"]] = Fraction(c["max"])
                self.parent[c["id"]] = parent
                self.kids[c["id"]] = [k["id"] for k in c.get("criteria", [])]
                walk(c.get("criteria", []), c["id"])
        walk(obj["criteria"], None)
        self.total_max = sum(self.max[t] for t in self.top)
        self.bands = sorted(obj.get("bands", []), key=lambda b: -Fraction(b["min"]))


NA = "na"  # a criterion that does not apply


def resolve(ix, given):
    """Values of every criterion (Fraction, NA, or None for unknown) and
    applicable maxima, from the values given in a score."""
    val, amax = {}, {}

    def node(c):
        kids = ix.kids[c]
        g = given.get(c, "absent")
        if g is None:
            for k in kids:
                mark_na(k)
            val[c], amax[c] = NA, Fraction(0)
            return
        for k in kids:
            node(k)
        kv = [val[k] for k in kids]
        if g != "absent":
            val[c] = Fraction(g)
            known = kids and all(v is not None for v in kv)
            amax[c] = sum(amax[k] for k in kids) if known else ix.max[c]
            return
        if kids and all(v is not None for v in kv):
            if all(v == NA for v in kv):
                val[c], amax[c] = NA, Fraction(0)
            else:
                val[c] = sum(v for v in kv if v != NA)
                amax[c] = sum(amax[k] for k in kids)
            return
        val[c], amax[c] = None, ix.max[c]

    def mark_na(c):
        val[c], amax[c] = NA, Fraction(0)
        for k in ix.kids[c]:
            mark_na(k)
    for t in ix.top:
        node(t)
    return val, amax


def share_ranks(items, key):
    """items: [(unit_id, value)]; best (largest key) first; equal values
    share a rank (1, 2, 2, 4).  Returns ({unit: rank}, ordered ids)."""
    order = sorted(items, key=lambda it: (-key(it[1]), it[0]))
    ranks, prev, prev_rank = {}, None, 0
    for i, (u, v) in enumerate(order):
        if prev is not None and key(v) == key(prev):
            ranks[u] = prev_rank
        else:
            ranks[u] = i + 1
            prev_rank = i + 1
        prev = v
    return ranks, [u for u, _ in order]


def num(x):
    """A JSON number read as Fraction, or None."""
    return None if x is None else Fraction(x)


def check_section(site, data, units, ix, pid, scores, history, problems):
    """Compares one index section; history maps unit -> (period, rank) of
    its latest earlier ranked period, and is updated for the next one."""
    first, last = period_days(pid)
    rows = {}
    for s in scores["scores"]:
        u = s["unit"]
        unit = units[u]
        if not exists(unit, first, last):
            problems.append(f"{pid}/{ix.id}: {u} is ranked but does not exist in the period")
        if "criteria" in s:
            val, amax = resolve(ix, s["criteria"])
            total = sum(val[t] for t in ix.top if val[t] not in (None, NA))
            mx = sum(amax[t] for t in ix.top)
            if "total" in s and Fraction(s["total"]) != total:
                problems.append(f"{pid}/{ix.id}: {u}: the data's total differs from the criteria")
        else:
            val = {c: None for c in ix.order}
            total = Fraction(s["total"])
            mx = Fraction(s["max"]) if "max" in s else ix.total_max
        rows[u] = {"unit": u, "group": unit["group"], "val": val, "total": total, "max": mx,
                   "pct": total * 100 / mx, "official": s.get("rank")}
    got = site["indices"].get(ix.id)
    if got is None:
        problems.append(f"{pid}: the index {ix.id} is missing from tai-ve/{pid}.json")
        return
    if got.get("name") != ix.name or num(got.get("max")) != ix.total_max:
        problems.append(f"{pid}/{ix.id}: name or max differs")
    groups = {}
    for r in rows.values():
        groups.setdefault(r["group"], []).append(r)
    if set(got["groups"]) != set(groups):
        problems.append(f"{pid}/{ix.id}: groups {sorted(got['groups'])}, want {sorted(groups)}")
    new_history = dict(history)
    for g, members in groups.items():
        ranks, order = share_ranks([(r["unit"], r["pct"]) for r in members], key=lambda p: p)
        crit_ranks = {}
        for t in ix.top:
            items = [(r["unit"], r["val"][t]) for r in members if r["val"][t] not in (None, NA)]
            crit_ranks[t] = share_ranks(items, key=lambda v: v)[0]
        want_rows = []
        for u in order:
            r = rows[u]
            band = None
            for b in ix.bands:
                if r["pct"] >= Fraction(b["min"]):
                    band = b["name"]
                    break
            prev = history.get(u)
            if prev is not None and not exists(units[u], *period_days(prev[0])):
                problems.append(f"{pid}/{ix.id}: {u}: previous period {prev[0]} is outside its days")
            compared = prev is not None and not reorganised(units, r["group"], prev[0], pid)
            want_rows.append({
                "unit": u, "name": units[u]["name"], "rank": ranks[u], "total": r["total"],
                "max": r["max"], "percent": round_half_away(r["pct"], 4), "band": band,
                "official_rank": r["official"],
                "previous_period": prev[0] if prev else None,
                "previous_rank": prev[1] if compared else None,
                "rank_change": prev[1] - ranks[u] if compared else None,
                "criteria": {c: (None if r["val"][c] in (None, NA) else r["val"][c]) for c in ix.order},
                "criteria_ranks": {t: crit_ranks[t].get(u) for t in ix.top},
            })
            new_history[u] = (pid, ranks[u])
        got_rows = got["groups"].get(g, [])
        if [x["unit"] for x in got_rows] != order:
            problems.append(f"{pid}/{ix.id}/{g}: row order {[x['unit'] for x in got_rows]}, want {order}")
            continue
        for want, have in zip(want_rows, got_rows):
            for k, w in want.items():
                h = have.get(k)
                if k == "criteria":
                    if list(h) != ix.order:
                        problems.append(f"{pid}/{ix.id}/{want['unit']}: criteria keys differ")
                    for c, wv in w.items():
                        if num(h.get(c)) != wv:
                            problems.append(f"{pid}/{ix.id}/{want['unit']}: criteria/{c}: "
                                            f"{h.get(c)}, want {wv}")
                elif k == "criteria_ranks":
                    for c, wv in w.items():
                        if num(h.get(c)) != wv:
                            problems.append(f"{pid}/{ix.id}/{want['unit']}: criteria_ranks/{c}: "
                                            f"{h.get(c)}, want {wv}")
                elif isinstance(w, (int, Fraction)) and not isinstance(w, bool):
                    if num(h) != w:
                        problems.append(f"{pid}/{ix.id}/{want['unit']}: {k}: {h}, want {w}")
                elif h != w:
                    problems.append(f"{pid}/{ix.id}/{want['unit']}: {k}: {h!r}, want {w!r}")
        # The group's means: the mean of the units' exact results, and of
        # each area's points among the units it applies to, to 4 decimals.
        gm = (got.get("group_means") or {}).get(g)
        if gm is None:
            problems.append(f"{pid}/{ix.id}/{g}: no group_means")
            continue
        pcts = [r["pct"] for r in members]
        if gm.get("units") != len(pcts):
            problems.append(f"{pid}/{ix.id}/{g}: group_means units {gm.get('units')}, want {len(pcts)}")
        want = round_half_away(sum(pcts) / len(pcts), 4)
        if num(gm.get("percent")) != want:
            problems.append(f"{pid}/{ix.id}/{g}: group_means percent {gm.get('percent')}, want {want}")
        for t in ix.top:
            vals = [r["val"][t] for r in members if r["val"][t] not in (None, NA)]
            want = round_half_away(sum(vals) / len(vals), 4) if vals else None
            if num((gm.get("criteria") or {}).get(t)) != want:
                problems.append(f"{pid}/{ix.id}/{g}: group_means criteria/{t}: "
                                f"{(gm.get('criteria') or {}).get(t)}, want {want}")
    if set(got.get("group_means") or {}) != set(groups):
        problems.append(f"{pid}/{ix.id}: group_means groups {sorted(got.get('group_means') or {})}")
    history.clear()
    history.update(new_history)


def main(argv):
    global passed, failed
    if len(argv) != 3:
        print("usage: index_oracle.py SITE_DIR DATA_DIR", file=sys.stderr)
        return 2
    site_dir, data = argv[1], argv[2]
    units = {u["id"]: u for u in load(os.path.join(data, "units.json"))["units"]}
    indices = {}
    idir = os.path.join(data, "indices")
    for name in sorted(os.listdir(idir)) if os.path.isdir(idir) else []:
        if name.endswith(".json"):
            obj = load(os.path.join(idir, name))
            obj.setdefault("id", name[:-5])
            indices[name[:-5]] = Index(obj)
    pdir = os.path.join(data, "periods")
    periods = sorted(os.listdir(pdir), key=period_key)
    history = {i: {} for i in indices}
    for pid in periods:
        site = load(os.path.join(site_dir, "tai-ve", pid + ".json"))
        for iid, ix in indices.items():
            path = os.path.join(pdir, pid, iid + ".json")
            if not os.path.exists(path):
                if iid in site["indices"]:
                    print(f"FAIL {pid}/{iid}: in tai-ve/{pid}.json without a data file")
                    failed += 1
                continue
            problems = []
            check_section(site, data, units, ix, pid, load(path), history[iid], problems)
            for p in problems[:20]:
                print("FAIL " + p)
            if problems:
                failed += 1
            else:
                passed += 1
        extra = set(site["indices"]) - set(indices)
        if extra:
            print(f"FAIL {pid}: unknown indices {sorted(extra)}")
            failed += 1
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
