#!/usr/bin/python3
"""gen_import.py DATA OUTDIR - national workbooks for the import benchmark.

From the national benchmark data (gen_national.py) writes into OUTDIR, with
openpyxl in write-only mode (inline strings, no styles, as systems export):

  services-2024-q4.xlsx  every unit's service figures of 2024-q4 in the
                         official report form's layout: title rows, a
                         four-level merged header, a row of column numbers,
                         a section per group, districts under their province
                         and communes under province and district headings
                         (district and commune names repeat across the
                         country), some numbers as Vietnamese text, "-" for
                         none; about 12,200 rows;
  par-2023.xlsx          every unit's PAR INDEX 2023: criteria by number and
                         name, areas as well as their parts, a total and a
                         rank; about 12,200 rows of 40 columns.

Both hold exactly the figures of the data files, so importing them changes
nothing.  Deterministic.  Run with /usr/bin/python3 (python3-openpyxl).
"""
import json
import os
import sys

import openpyxl
from openpyxl.worksheet.cell_range import CellRange

HEADER = [
    ["STT", "Tên đơn vị", "Số hồ sơ nhận giải quyết", None, None, None, None,
     "Số hồ sơ đã giải quyết", None, None, None, "Số hồ sơ đang giải quyết", None, None,
     "Rút hồ sơ", "Thanh toán trực tuyến", None, None, "Số hồ sơ được số hóa",
     "Khảo sát hài lòng", None],
    [None, None, "Tổng số", "Trong đó", None, None, None, "Tổng số", "Trước hạn", "Đúng hạn",
     "Quá hạn", "Tổng số", "Trong hạn", "Quá hạn", None, "Số hồ sơ thanh toán trực tuyến",
     "Tổng số hồ sơ có phí", "Số tiền (đồng)", None, "Số phiếu", "Số phiếu hài lòng"],
    [None, None, None, "Số kỳ trước chuyển qua", "Số mới tiếp nhận"] + [None] * 16,
    [None, None, None, None, "Trực tuyến", "Trực tiếp", "Dịch vụ bưu chính"] + [None] * 14,
]
MERGES = ["A{0}:A{3}", "B{0}:B{3}", "C{0}:G{0}", "C{1}:C{3}", "D{1}:G{1}", "D{2}:D{3}",
          "E{2}:G{2}", "H{0}:K{0}", "L{0}:N{0}", "O{0}:O{3}", "P{0}:R{0}", "S{0}:S{3}",
          "T{0}:U{0}"] + ["{c}{{1}}:{c}{{3}}".format(c=c) for c in "HIJKLMNPQRTU"]
ROMAN = ["I", "II", "III", "IV", "V", "VI"]


def vi(n):
    return f"{n:,}".replace(",", ".")


def counts(s):
    rec, res, pen = s["received"], s["resolved"], s["pending"]
    pay = s.get("payments", {})
    sat = s.get("satisfaction", {})
    co = s["carried_over"]
    v = [co + rec["online"] + rec["direct"] + rec["postal"], co, rec["online"], rec["direct"],
         rec["postal"], res["early"] + res["on_time"] + res["late"], res["early"],
         res["on_time"], res["late"], pen["in_time"] + pen["overdue"], pen["in_time"],
         pen["overdue"], s.get("withdrawn"), pay.get("online"), pay.get("total"),
         pay.get("online_amount_vnd"), s.get("digitized"), sat.get("responses"),
         sat.get("satisfied")]
    return [None if x is None else "-" if x == 0 else vi(x) if i % 5 == 2 else x
            for i, x in enumerate(v)]


def heading(name):
    """A heading row's text: the unit's name without "UBND"."""
    return name.replace("UBND ", "")


def layout(units, has):
    """(kind, unit) rows: sections, province and district headings, units."""
    by_id = {u["id"]: u for u in units["units"]}
    kids = {}
    for u in units["units"]:
        kids.setdefault(u.get("parent"), []).append(u)
    rows = []
    for gi, g in enumerate(units["groups"]):
        rows.append(("section", ROMAN[gi], g["name"].upper()))
        members = [u for u in units["units"] if u["group"] == g["id"] and has(u["id"])]
        top = [u for u in members if not u.get("parent")]
        for u in top:
            rows.append(("unit", u))
        # Units with a parent: under the headings of their ancestors.
        shown = set()
        for u in members:
            if not u.get("parent"):
                continue
            chain = []
            p = by_id.get(u["parent"])
            while p:
                chain.insert(0, p)
                p = by_id.get(p.get("parent"))
            for p in chain:
                if (g["id"], p["id"]) not in shown:
                    shown.add((g["id"], p["id"]))
                    rows.append(("heading", p))
            rows.append(("unit", u))
    return rows


def services(data, out):
    with open(os.path.join(data, "units.json"), encoding="utf-8") as f:
        units = json.load(f)
    with open(os.path.join(data, "periods", "2024-q4", "services.json"), encoding="utf-8") as f:
        svc = {s["unit"]: s for s in json.load(f)["services"]}
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Biểu 06a")
    ws.append(["Biểu số 06a/VPCP/KSTT"])
    ws.append(["TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH QUÝ IV NĂM 2024"])
    ws.append([])
    for r in HEADER:
        ws.append(r)
    for m in MERGES:
        ws.merged_cells.add(CellRange(m.format(4, 5, 6, 7)))
    ws.append(["(1)", "(2)", "(3)=(4)+(5)+(6)+(7)"] + [f"({i})" for i in range(4, 22)])
    n = 0
    for row in layout(units, lambda uid: uid in svc):
        if row[0] == "section":
            ws.append([row[1], row[2]])
        elif row[0] == "heading":
            ws.append([None, heading(row[1]["name"])])
        else:
            n += 1
            ws.append([n, row[1]["name"]] + counts(svc[row[1]["id"]]))
    ws.append([])
    ws.append(["Ghi chú: số liệu trích xuất từ Hệ thống thông tin giải quyết TTHC."])
    wb.save(out)
    return n


def tree(criteria, prefix=""):
    out = []
    for i, c in enumerate(criteria, 1):
        num = f"{prefix}{i}"
        out.append((num, c))
        out += tree(c.get("criteria", []), num + ".")
    return out


def value_of(c, vals):
    kids = c.get("criteria")
    if not kids:
        return vals.get(c["id"], "absent")
    parts = [value_of(k, vals) for k in kids]
    if "absent" in parts:
        return "absent"
    nums = [p for p in parts if p is not None]
    return round(sum(nums), 4) if nums else None


def par(data, out):
    with open(os.path.join(data, "units.json"), encoding="utf-8") as f:
        units = json.load(f)
    with open(os.path.join(data, "indices", "par.json"), encoding="utf-8") as f:
        index = json.load(f)
    with open(os.path.join(data, "periods", "2023", "par.json"), encoding="utf-8") as f:
        scores = {s["unit"]: s for s in json.load(f)["scores"]}
    crit = tree(index["criteria"])
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("PAR INDEX 2023")
    ws.append(["BẢNG ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023"])
    ws.append(["TT", "Đơn vị"] + [f"{n}. {c['name']}" if k % 2 else n
                                  for k, (n, c) in enumerate(crit)] +
              ["Tổng điểm", "Điểm tối đa áp dụng", "Xếp hạng"])
    n = 0
    for row in layout(units, lambda uid: uid in scores):
        if row[0] == "section":
            ws.append([row[1], row[2]])
        elif row[0] == "heading":
            ws.append([None, heading(row[1]["name"])])
        else:
            n += 1
            s = scores[row[1]["id"]]
            vals = s.get("criteria")
            cells = []
            for k, (num, c) in enumerate(crit):
                v = value_of(c, vals) if vals else "absent"
                cells.append(None if v == "absent" else "KAD" if v is None
                             else str(v).replace(".", ",") if k % 3 == 0 else v)
            if vals:
                tops = [value_of(c, vals) for c in index["criteria"]]
                total = round(sum(t for t in tops if t not in (None, "absent")), 4)
            else:
                total = s["total"]
            ws.append([n, row[1]["name"]] + cells + [total, s.get("max"), s.get("rank")])
    wb.save(out)
    return n


def main(argv):
    data, outdir = argv[1], argv[2]
    os.makedirs(outdir, exist_ok=True)
    a = services(data, os.path.join(outdir, "services-2024-q4.xlsx"))
    b = par(data, os.path.join(outdir, "par-2023.xlsx"))
    print(f"gen_import: {a} units' services, {b} units' scores in {outdir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
