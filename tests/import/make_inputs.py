#!/usr/bin/python3
"""make_inputs.py DATA OUTDIR - spreadsheets for the import tests, written by programs other than minhbach.

Run with /usr/bin/python3 (Debian's python3-openpyxl).  From the sample
data folder DATA it writes into OUTDIR:

  official.xlsx   the service figures of 2024-q4 as a province's system
                  exports the official report form (Biểu 06a): title rows,
                  a four-level merged header in its own wording, a row of
                  column numbers, a TỔNG CỘNG row, section rows with
                  subtotals, communes under their district's heading,
                  names as people write them ("UBND TP. Thủ Dầu Một",
                  "Phường Chánh Mỹ", "Sở LĐTBXH"), numbers stored as text
                  in Vietnamese notation, "-" for none, notes below;
  official.csv    the same saved as CSV with ";" and Vietnamese numbers;
  official-1258.csv  the same in Windows-1258;
  scores.xlsx     the PAR INDEX 2023 as a scoring council's table: criteria
                  by number, by name and by id, areas given as well as
                  their parts, points as "9,07", KAD, a total and a rank;
  bad-NAME.xlsx   official.xlsx or scores.xlsx with one thing wrong each,
  bad-csv.csv     and official.csv with a decimal where a count goes.

Each good file holds exactly the figures of the sample's own data file,
so importing it must change nothing.  Deterministic.
"""
import csv
import json
import os
import sys
import unicodedata

import openpyxl
from openpyxl.utils import get_column_letter

# The official form's header, in a wording of its own (not minhbach's).
HEADER = [
    ["STT", "Tên đơn vị", "Số hồ sơ nhận giải quyết", None, None, None, None,
     "Số hồ sơ đã giải quyết", None, None, None, "Số hồ sơ đang giải quyết", None, None,
     "Rút hồ sơ", "Thanh toán trực tuyến", None, None, "Số hồ sơ được số hóa",
     "Khảo sát mức độ hài lòng", None, "Ghi chú"],
    [None, None, "Tổng số", "Trong đó", None, None, None,
     "Tổng số", "Trả trước hạn", "Trả đúng hạn", "Trễ hạn", "Tổng số", "Chưa đến hạn", "Quá hạn",
     None, "Số hồ sơ thanh toán trực tuyến", "Tổng số hồ sơ có phí, lệ phí",
     "Số tiền đã thanh toán trực tuyến (đồng)", None, "Số phiếu khảo sát", "Số phiếu hài lòng",
     None],
    [None, None, None, "Số kỳ trước chuyển qua", "Số mới tiếp nhận", None, None] + [None] * 15,
    [None, None, None, None, "Trực tuyến", "Trực tiếp", "Dịch vụ bưu chính công ích"] + [None] * 15,
]
MERGES = ["A{0}:A{3}", "B{0}:B{3}", "C{0}:G{0}", "C{1}:C{3}", "D{1}:G{1}", "D{2}:D{3}",
          "E{2}:G{2}", "H{0}:K{0}", "L{0}:N{0}", "O{0}:O{3}", "P{0}:R{0}", "S{0}:S{3}",
          "T{0}:U{0}", "V{0}:V{3}"] + \
         ["{c}{{1}}:{c}{{3}}".format(c=c) for c in "HIJKLMNPQRTU"]
NUMBERS = ["(1)", "(2)", "(3)=(4)+(5)+(6)+(7)", "(4)", "(5)", "(6)", "(7)", "(8)=(9)+(10)+(11)",
           "(9)", "(10)", "(11)", "(12)=(13)+(14)", "(13)", "(14)", "(15)", "(16)", "(17)",
           "(18)", "(19)", "(20)", "(21)", "(22)"]
ROMAN = ["I", "II", "III", "IV"]

# How the export spells some names; the rest are written as in units.json
# (communes without "UBND ").
SPELLING = {
    "tp-thu-dau-mot": "UBND TP. Thủ Dầu Một",
    "tp-ben-cat": "UBND TX. Bến Cát",
    "huyen-dau-tieng": "UBND H. Dầu Tiếng",
    "so-lao-dong-thuong-binh-va-xa-hoi": "Sở LĐTBXH",
    "so-van-hoa-the-thao-va-du-lich": "SỞ VĂN HOÁ, THỂ THAO VÀ DU LỊCH",
    "phuong-chanh-nghia": "P. Chánh Nghĩa",
    "thi-tran-dau-tieng": "TT. Dầu Tiếng",
}


def vi(n):
    """1234567 -> '1.234.567'"""
    return f"{n:,}".replace(",", ".")


def counts(s):
    """The 20 figures of a unit in the form's order (None where not reported)."""
    rec, res, pen = s["received"], s["resolved"], s["pending"]
    pay = s.get("payments", {})
    sat = s.get("satisfaction", {})
    co = s["carried_over"]
    return [co + rec["online"] + rec["direct"] + rec["postal"], co,
            rec["online"], rec["direct"], rec["postal"],
            res["early"] + res["on_time"] + res["late"], res["early"], res["on_time"], res["late"],
            pen["in_time"] + pen["overdue"], pen["in_time"], pen["overdue"],
            s.get("withdrawn"), pay.get("online"), pay.get("total"), pay.get("online_amount_vnd"),
            s.get("digitized"), sat.get("responses"), sat.get("satisfied")]


def quirky(values, seed):
    """Numbers as a system exports them: some as text, zeros sometimes "-"."""
    out = []
    for i, v in enumerate(values):
        k = (seed * 7 + i * 3) % 11
        if v is None:
            out.append(None)
        elif v == 0 and k < 5:
            out.append("-")
        elif k == 0:
            out.append(vi(v))          # a number stored as text
        else:
            out.append(v)
    return out


def body(data):
    """The rows below the header: total, sections, units, headings, notes."""
    units = data["units"]
    by_id = {u["id"]: u for u in units["units"]}
    svc = {s["unit"]: s for s in data["services"]["services"]}
    rows = []
    total = [0] * 19
    for gi, g in enumerate(units["groups"]):
        members = [u for u in units["units"] if u["group"] == g["id"] and u["id"] in svc]
        sub = [0] * 19
        for u in members:
            for i, v in enumerate(counts(svc[u["id"]])):
                sub[i] += v or 0
        total = [a + b for a, b in zip(total, sub)]
        # The first section gives its subtotal; the others do not.
        rows.append([ROMAN[gi], g["name"].upper()] + (sub if gi == 0 else []))
        heading = None
        n = 0
        for u in members:
            parent = by_id.get(u.get("parent"))
            if parent and parent["group"] != g["id"] and parent["id"] != heading:
                heading = parent["id"]
                rows.append([None, parent["name"].replace("UBND ", "").replace("thành phố", "Thành phố")
                             .replace("huyện", "Huyện")])
            n += 1
            name = SPELLING.get(u["id"], u["name"].replace("UBND ", "") if parent else u["name"])
            if parent and u["id"] not in SPELLING:
                name = name[0].upper() + name[1:]
            note = "Số liệu tạm tính" if n == 3 else None
            rows.append([n, name] + quirky(counts(svc[u["id"]]), n) + [note])
    return [[None, "TỔNG CỘNG"] + total] + rows


def load(datadir, period, kind):
    with open(os.path.join(datadir, "units.json"), encoding="utf-8") as f:
        units = json.load(f)
    with open(os.path.join(datadir, "periods", period, kind + ".json"), encoding="utf-8") as f:
        figures = json.load(f)
    return {"units": units, "services": figures, "scores": figures}


def official_xlsx(rows, path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Biểu 06a"
    ws.append(["UBND TỈNH BÌNH DƯƠNG", None, None, None, None, None, None, None, None, None,
               "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
    ws.append(["Biểu số 06a/VPCP/KSTT"])
    ws.append(["TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH QUÝ IV NĂM 2024"])
    ws.merge_cells("A3:V3")
    top = 5
    ws.append([])
    for r in HEADER:
        ws.append(r)
    for m in MERGES:
        ws.merge_cells(m.format(top, top + 1, top + 2, top + 3))
    ws.append(NUMBERS)
    for r in rows:
        ws.append(r)
    ws.append([])
    ws.append(["Ghi chú: số liệu trích xuất từ Hệ thống thông tin giải quyết TTHC tỉnh."])
    ws.append([None, "Người lập biểu", None, None, None, None, None, None, None, None, None, None,
               None, None, None, "Thủ trưởng cơ quan"])
    wb.save(path)
    return wb


TONES = "\u0300\u0301\u0303\u0309\u0323"


def windows_1258(text):
    """Windows-1258 writes the tone marks as combining characters after
    precomposed vowels (â, ơ, ư...): decompose, keep the vowel's own mark."""
    out = []
    for ch in text:
        d = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in d if c in TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in d if c not in TONES))
        out.append(base + tones)
    return "".join(out)


def official_csv(rows, path, encoding):
    if encoding == "cp1258":
        import io
        buf = io.StringIO()
        official_csv_to(rows, buf)
        with open(path, "wb") as f:
            f.write(windows_1258(buf.getvalue()).encode("cp1258"))
        return
    with open(path, "w", encoding=encoding, newline="") as f:
        official_csv_to(rows, f)


def official_csv_to(rows, f):
    if True:
        w = csv.writer(f, delimiter=";")
        w.writerow(["Biểu số 06a/VPCP/KSTT"])
        w.writerow(["TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH QUÝ IV NĂM 2024"])
        for r in HEADER:
            w.writerow(["" if c is None else c for c in r])
        w.writerow(NUMBERS)
        for r in rows:
            w.writerow(["" if c is None else vi(c) if isinstance(c, int) and not isinstance(c, bool)
                        and i >= 2 else c for i, c in enumerate(r)])
        w.writerow([])
        w.writerow(["Ghi chú: số liệu trích xuất từ Hệ thống thông tin giải quyết TTHC tỉnh."])


# ---- the scoring council's table --------------------------------------------

def tree(criteria, prefix=""):
    """(number, criterion, depth) in the index's order."""
    out = []
    for i, c in enumerate(criteria, 1):
        num = f"{prefix}{i}"
        out.append((num, c))
        out += tree(c.get("criteria", []), num + ".")
    return out


def label(num, c, k):
    """Each criterion headed another way: by number, by name, by id."""
    if k % 3 == 0:
        return f"{num}. {c['name']} (tối đa {str(c['max']).replace('.', ',')})"
    if k % 3 == 1:
        return num if "." in num else f"Lĩnh vực {num}"
    return c["id"]


def value(v, k):
    if v is None:
        return "KAD" if k % 2 else "Không áp dụng"
    if k % 4 == 0:
        return str(v).replace(".", ",")   # Vietnamese text
    return v


def leaves_sum(c, vals):
    """A criterion's points from its leaves (None where nothing applies)."""
    kids = c.get("criteria")
    if not kids:
        return vals.get(c["id"], "absent")
    parts = [leaves_sum(k, vals) for k in kids]
    if any(p == "absent" for p in parts):
        return "absent"
    nums = [p for p in parts if p is not None]
    return round(sum(nums), 4) if nums else None


def scores_xlsx(datadir, path):
    with open(os.path.join(datadir, "indices", "par.json"), encoding="utf-8") as f:
        index = json.load(f)
    data = load(datadir, "2023", "par")
    crit = tree(index["criteria"])
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Điểm PAR 2023"
    ws.append(["BẢNG TỔNG HỢP ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023"])
    ws.append([])
    ws.append(["TT", "Cơ quan, đơn vị"] + [label(n, c, k) for k, (n, c) in enumerate(crit)] +
              ["Tổng điểm", "Xếp hạng", "Xếp loại"])
    by_unit = {s["unit"]: s for s in data["scores"]["scores"]}
    units = data["units"]
    for gi, g in enumerate(units["groups"]):
        ws.append([ROMAN[gi], g["name"]])
        n = 0
        for u in units["units"]:
            s = by_unit.get(u["id"])
            if u["group"] != g["id"] or not s:
                continue
            n += 1
            row = [n, u["name"]]
            vals = s.get("criteria", {})
            for k, (num, c) in enumerate(crit):
                v = leaves_sum(c, vals) if vals else "absent"
                row.append(None if v == "absent" else value(v, k + n))
            if vals:
                tops = [leaves_sum(c, vals) for c in index["criteria"]]
                row.append(round(sum(t for t in tops if t not in (None, "absent")), 4))
            else:
                row.append(str(s["total"]).replace(".", ","))
            row.append(s.get("rank"))
            row.append("Tốt" if n % 2 else None)
            ws.append(row)
            if "max" in s:
                # A unit scored by its total alone: its maximum in a note row.
                pass
    ws.append([])
    ws.append(["Ghi chú: KAD = không áp dụng."])
    # The applicable maximum of units scored by their total alone.
    ws.cell(row=3, column=len(crit) + 6, value="Điểm tối đa áp dụng")
    for r in ws.iter_rows(min_row=4):
        name = r[1].value
        for u in units["units"]:
            s = by_unit.get(u["id"])
            if s and u["name"] == name and "max" in s:
                ws.cell(row=r[0].row, column=len(crit) + 6, value=s["max"])
    wb.save(path)


# ---- one thing wrong each ------------------------------------------------------

def find_row(ws, name):
    for r in ws.iter_rows(min_row=9):
        if r[1].value == name:
            return r
    raise KeyError(name)


def bad_variants(good, outdir):
    """name -> (what to change); each writes bad-NAME.xlsx."""
    def text(col, v, who="Sở Tư pháp"):
        def f(ws):
            find_row(ws, who)[col].value = v
        return f

    def rename(old, new):
        def f(ws):
            find_row(ws, old)[1].value = new
        return f

    def twice(ws):
        r = find_row(ws, "Sở Tư pháp")
        ws.append([99, "Sở Tư pháp"] + [c.value for c in r[2:]])

    def drop_column(ws):
        ws["N6"] = "Ghi chú thêm"   # was "Quá hạn" of the pending files

    def formula(ws):
        find_row(ws, "Sở Tư pháp")[4].value = "=1+1"

    variants = {
        "word": text(3, "năm mươi"),              # D: carried over
        "decimal": text(4, "1,5"),                # E: online
        "negative": text(5, -3),                  # F: direct
        "unknown": rename("Sở Tư pháp", "Sở Tư phap"),
        "nounit": rename("Sở Nội vụ", "Sở Ngoại vụ"),
        "twice": twice,
        "nocolumn": drop_column,
        "formula": formula,
        "overpaid": text(15, 99999),              # P: paid online > files with a fee
    }
    for name, change in variants.items():
        wb = openpyxl.load_workbook(good)
        change(wb["Biểu 06a"])
        wb.save(os.path.join(outdir, f"bad-{name}.xlsx"))


def bad_csv(src, dst):
    """official.csv with a decimal where a count goes, on Sở Tư pháp's line."""
    with open(src, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    for r in rows:
        if len(r) > 3 and r[1] == "Sở Tư pháp":
            r[3] = "1,5"
    with open(dst, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f, delimiter=";").writerows(rows)


def ambiguous(good, dst):
    """A commune named without its kind, under a heading that is no district:
    "An Bình" is a phường of Dĩ An and a xã of Phú Giáo."""
    wb = openpyxl.load_workbook(good)
    ws = wb["Biểu 06a"]
    for r in ws.iter_rows(min_row=9):
        if r[1].value == "Thành phố Dĩ An":
            r[1].value = "Khu vực phía Nam"
        elif r[1].value == "Phường An Bình":
            r[1].value = "An Bình"
    wb.save(dst)


def bad_scores(good, outdir):
    """The council's table with an ambiguous number, and points above a maximum."""
    for name, col, value in (("ambiguous", None, "1.510"), ("over", None, 99)):
        wb = openpyxl.load_workbook(good)
        ws = wb.active
        head = [c.value for c in ws[3]]
        col = head.index("2.3")   # Rà soát, hệ thống hóa văn bản QPPL: at most 3,5
        for r in ws.iter_rows(min_row=4):
            if r[1].value == "Sở Tư pháp":
                r[col].value = value
        wb.save(os.path.join(outdir, f"bad-scores-{name}.xlsx"))


def main(argv):
    datadir, outdir = argv[1], argv[2]
    os.makedirs(outdir, exist_ok=True)
    rows = body(load(datadir, "2024-q4", "services"))
    good = os.path.join(outdir, "official.xlsx")
    official_xlsx(rows, good)
    official_csv(rows, os.path.join(outdir, "official.csv"), "utf-8-sig")
    official_csv(rows, os.path.join(outdir, "official-1258.csv"), "cp1258")
    scores_xlsx(datadir, os.path.join(outdir, "scores.xlsx"))
    bad_variants(good, outdir)
    bad_csv(os.path.join(outdir, "official.csv"), os.path.join(outdir, "bad-csv.csv"))
    ambiguous(good, os.path.join(outdir, "bad-ambiguous.xlsx"))
    bad_scores(os.path.join(outdir, "scores.xlsx"), outdir)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
