#!/usr/bin/python3
"""gen_services_xlsx.py DATA PERIOD OUT.xlsx - a quarter's service figures as the official report form.

Writes, with openpyxl in write-only mode (as a province's system exports
it: inline strings, numbers, no styles), the workbook a press officer
would import for PERIOD: the service figures of DATA/periods/PERIOD/
services.json for every unit of DATA/units.json, in the layout of the
official form (Biểu 06a): title rows, a three-row merged header, a row of
column numbers, one section row per group, communes under a heading row
for their district, a TỔNG CỘNG row of SUM formulas, notes below.  Twenty
columns.  On the national benchmark data (gen_national.py) that is about
12,100 rows.

Run with /usr/bin/python3 (Debian's python3-openpyxl).  Deterministic: the
same data gives the same cells.
"""
import json
import os
import sys

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange

# The three header rows; None under a merged cell.
HEADER = [
    ["STT", "Tên đơn vị", "Số hồ sơ nhận giải quyết", None, None, None, None,
     "Kết quả giải quyết", None, None, None, None, None, None, "Số hồ sơ rút",
     "Thanh toán trực tuyến", None, "Số hồ sơ số hóa", "Đánh giá", None],
    [None, None, "Tổng số", "Trong đó", None, None, None,
     "Số hồ sơ đã giải quyết", None, None, None, "Số hồ sơ đang giải quyết", None, None, None,
     "Số hồ sơ thanh toán trực tuyến", "Tổng số hồ sơ có phí, lệ phí", None,
     "Số lượt đánh giá", "Số lượt hài lòng"],
    [None, None, None, "Số kỳ trước chuyển qua", "Trực tuyến", "Trực tiếp",
     "Dịch vụ bưu chính công ích", "Tổng số", "Trả trước hạn", "Đúng hạn", "Quá hạn",
     "Tổng số", "Trong hạn", "Quá hạn", None, None, None, None, None, None],
]
MERGES = ["A{0}:A{2}", "B{0}:B{2}", "C{0}:G{0}", "H{0}:N{0}", "O{0}:O{2}", "P{0}:Q{0}",
          "R{0}:R{2}", "S{0}:T{0}", "C{1}:C{2}", "D{1}:G{1}", "H{1}:K{1}", "L{1}:N{1}",
          "P{1}:P{2}", "Q{1}:Q{2}", "S{1}:S{2}", "T{1}:T{2}"]
NUMBERS = ["(1)", "(2)", "(3)=(4)+(5)+(6)+(7)", "(4)", "(5)", "(6)", "(7)",
           "(8)=(9)+(10)+(11)", "(9)", "(10)", "(11)", "(12)=(13)+(14)", "(13)", "(14)", "(15)",
           "(16)", "(17)", "(18)", "(19)", "(20)"]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]


def counts(s):
    """The 18 figures of a unit, in the form's order; None where not reported."""
    rec, res, pen = s["received"], s["resolved"], s["pending"]
    pay = s.get("payments", {})
    sat = s.get("satisfaction", {})
    return [s["carried_over"] + rec["online"] + rec["direct"] + rec["postal"],
            s["carried_over"], rec["online"], rec["direct"], rec["postal"],
            res["early"] + res["on_time"] + res["late"], res["early"], res["on_time"], res["late"],
            pen["in_time"] + pen["overdue"], pen["in_time"], pen["overdue"],
            s.get("withdrawn", 0), pay.get("online"), pay.get("total"), s.get("digitized"),
            sat.get("responses"), sat.get("satisfied")]


def main(argv):
    if len(argv) != 4:
        print("usage: gen_services_xlsx.py DATA PERIOD OUT.xlsx", file=sys.stderr)
        return 2
    data, period, out = argv[1:]
    with open(os.path.join(data, "units.json"), encoding="utf-8") as f:
        units = json.load(f)
    with open(os.path.join(data, "periods", period, "services.json"), encoding="utf-8") as f:
        services = {s["unit"]: s for s in json.load(f)["services"]}
    by_id = {u["id"]: u for u in units["units"]}

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Biểu 06a")
    ws.append(["UBND TỈNH"] + [None] * 9 + ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
    ws.append(["Biểu số 06a/VPCP/KSTT"])
    year, q = period.split("-q")
    ws.append([f"TỔNG HỢP TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH QUÝ {ROMAN[int(q) - 1]} "
               f"NĂM {year}"])
    top = 4
    for row in HEADER:
        ws.append(row)
    for m in MERGES:
        ws.merged_cells.add(CellRange(m.format(top, top + 1, top + 2)))
    ws.merged_cells.add(CellRange("A3:T3"))
    ws.append(NUMBERS)
    r = top + len(HEADER) + 1
    first = r + 1
    n = 0
    for gi, g in enumerate(units["groups"]):
        ws.append([ROMAN[gi], g["name"].upper()])
        r += 1
        members = [u for u in units["units"] if u["group"] == g["id"] and u["id"] in services]
        # Communes come under a heading row for their district.
        under = {}
        for u in members:
            parent = by_id.get(u.get("parent"))
            if parent and parent["group"] == "huyen":
                under.setdefault(parent["id"], []).append(u)
        for u in members:
            if (by_id.get(u.get("parent")) or {}).get("group") != "huyen":
                n += 1
                ws.append([n, u["name"]] + counts(services[u["id"]]))
                r += 1
        for d in (x for x in units["units"] if x["id"] in under):
            ws.append([None, d["name"].replace("UBND ", "")])
            r += 1
            for c in under[d["id"]]:
                n += 1
                ws.append([n, "- " + c["name"]] + counts(services[c["id"]]))
                r += 1
    last = r
    ws.append([None, "TỔNG CỘNG"] + [f"=SUM({get_column_letter(c)}{first}:{get_column_letter(c)}{last})"
                                    for c in range(3, 21)])
    ws.append([])
    ws.append(["Ghi chú: Số liệu trích xuất từ Hệ thống thông tin giải quyết thủ tục hành chính."])
    wb.save(out)
    print(f"gen_services_xlsx: {n} units, {last + 3} rows, 20 columns in {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
