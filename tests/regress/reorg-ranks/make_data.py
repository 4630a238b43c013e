#!/usr/bin/python3
"""make_data.py FIXTURE OUT - the reorganisation fixture with a commune that outlives its district.

UBND xã An Bình (xa-an-binh) belongs to UBND huyện Tây An, which ends on 30/06/2025, and goes on
after it: ranked 2nd of the 7 old communes in 2025-q2 and 1st of the 4 communes after the merger
in 2025-q3, then 3rd of 4 in 2025-q4 (a quarter added here: the 2025-q3 scores again, An Bình's
lower).  Its rank is not compared across 1/7/2025 (SPEC §2), and is compared from 2025-q3 to
2025-q4."""

import json
import os
import shutil
import sys

src, dst = sys.argv[1], sys.argv[2]
shutil.rmtree(dst, ignore_errors=True)
shutil.copytree(src, dst)


def load(path):
    with open(os.path.join(dst, path), encoding="utf-8") as f:
        return json.load(f)


def save(path, data):
    os.makedirs(os.path.dirname(os.path.join(dst, path)) or dst, exist_ok=True)
    with open(os.path.join(dst, path), "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=2)


def like(scores, unit, points):
    """A copy of another unit's row for An Bình, with `points` more for one indicator group."""
    row = json.loads(json.dumps(next(r for r in scores["scores"] if r["unit"] == unit)))
    row["unit"] = "xa-an-binh"
    row["criteria"]["tien-do-giai-quyet"] += points
    return row


units = load("units.json")
at = [u["id"] for u in units["units"]].index("xa-tan-thanh") + 1
units["units"].insert(at, {"id": "xa-an-binh", "name": "UBND xã An Bình", "group": "xa",
                           "parent": "huyen-tay-an"})
save("units.json", units)

q2 = load("periods/2025-q2/chi-so-766.json")
q2["scores"].append(like(q2, "xa-tan-hung", -1))       # 82 of 84: 2nd of 7
save("periods/2025-q2/chi-so-766.json", q2)

q3 = load("periods/2025-q3/chi-so-766.json")
q4 = json.loads(json.dumps(q3))
q3["scores"].append(like(q3, "xa-tan-an", 1))          # 82 of 84: 1st of 4
save("periods/2025-q3/chi-so-766.json", q3)

q4["published"] = "2026-01-06"
q4["scores"].append(like(q4, "phuong-binh-hoa", 1))    # 75 of 84: 3rd of 4
save("periods/2025-q4/chi-so-766.json", q4)

# The quarter's services too (a quarter without the services.json its predecessor had is a
# warning): 2025-q3's figures, each row carrying over what it left pending in 2025-q3.
sv = load("periods/2025-q3/services.json")
for row in sv["services"]:
    left = row["pending"]["in_time"] + row["pending"]["overdue"]
    row["pending"]["in_time"] += left - row["carried_over"]
    row["carried_over"] = left
    assert row["pending"]["in_time"] >= 0, row["unit"]
sv["published"] = "2026-01-06"
save("periods/2025-q4/services.json", sv)
