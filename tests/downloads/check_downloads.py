#!/usr/bin/python3
# check_downloads.py SITE_DIR DATA_DIR - reads every download the way a journalist's tools would.
"""Opens every workbook with openpyxl and every CSV with the csv module, and
compares each rank, total, percentage, count, rate and change, each group's
mean and each total with the period JSON (tai-ve/<period>.json); checks that
tai-ve/tat-ca.csv repeats every number of the period CSV files once, figure
by figure, with the unit's group and what the number counts, that each
unit's tai-ve/don-vi/<unit>.csv is its rows of it and its .json the figures
of its rows in the period records.  Checks datapackage.json against the CSV headers,
sizes and hashes; that the only formulas in a workbook are its percentages
and rates, each over the count cells of its own row with the exact value
cached; that no CSV text cell looks like a formula; that every CSV
percentage and rate is a percentage with the pages' two decimals; that
missing values are empty (never 0), sheet names follow Excel's rules,
workbooks are dated from the data, not the clock, and deflated at zlib's
level 2 (src/xlsx_level.c).

Prints one line per problem, the number of values compared, and ends with
"N passed, N failed" counting files (a file passes when all its values match)."""

import csv
import glob
import hashlib
import io
import json
import os
import zipfile
import re
import sys
import unicodedata
from decimal import Decimal, ROUND_HALF_UP
from fractions import Fraction

import openpyxl

# Every compared value counts in `compared`; the closing line counts files:
# a file passes when every value in it matched.
compared = 0
problems = 0
files_passed = 0
files_failed = 0


def check(ok, msg):
    global compared, problems
    compared += 1
    if not ok:
        problems += 1
        print(msg)
    return ok


def per_file(fn, *args):
    """Runs one file's checks and counts the file as passed or failed."""
    global files_passed, files_failed
    before = problems
    fn(*args)
    if problems == before:
        files_passed += 1
    else:
        files_failed += 1


def nfc(s):
    return unicodedata.normalize("NFC", s) if isinstance(s, str) else s


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f, parse_float=Decimal)


def close(cell, want, where, scale=1):
    """A workbook number against the JSON value (want None: cell empty)."""
    if want is None:
        return check(cell is None, f"{where}: want an empty cell, got {cell!r}")
    if not check(isinstance(cell, (int, float)) and not isinstance(cell, bool),
                 f"{where}: want the number {want}, got {cell!r}"):
        return False
    return check(abs(Decimal(repr(float(cell))) - Decimal(want) / scale) <= Decimal("1e-9"),
                 f"{where}: got {cell!r}, want {Decimal(want) / scale}")


def ratio(cell, num, den, where):
    """A workbook ratio cell: the nearest double to num/den (den 0: empty)."""
    if not den:
        return check(cell is None, f"{where}: want an empty cell, got {cell!r}")
    if not check(isinstance(cell, (int, float)) and not isinstance(cell, bool),
                 f"{where}: want the fraction {num}/{den}, got {cell!r}"):
        return False
    want = Fraction(num) / Fraction(den)
    return check(abs(Fraction(cell) - want) <= want * Fraction(1, 10 ** 15),
                 f"{where}: got {cell!r}, want {float(want)!r} ({num}/{den})")


def percent2(num, den):
    """num/den as a percentage rounded once, half away from zero, to 2
    decimals, as pages show it; None without a denominator."""
    if not den:
        return None
    q = Fraction(num) * 10000 / Fraction(den)
    n = (abs(q.numerator) * 2 + q.denominator) // (2 * q.denominator)
    return Decimal(n if q >= 0 else -n).scaleb(-2)


def exact(text, want, where):
    """A CSV field against the JSON value: the same decimal, or both empty."""
    if want is None:
        return check(text == "", f"{where}: want an empty field, got {text!r}")
    if isinstance(want, bool):
        return check(False, f"{where}: unexpected boolean {want}")
    try:
        got = Decimal(text)
    except Exception:
        return check(False, f"{where}: {text!r} is not a number (want {want})")
    return check(got == Decimal(want), f"{where}: got {text}, want {want}")


# --- the data folder: criterion numbering and unit names --------------------

def criterion_titles(index_def):
    """{title as in the workbook ("1.2. Name"): criterion id}, pre-order."""
    out = {}

    def walk(crits, prefix):
        for k, c in enumerate(crits, 1):
            num = f"{prefix}{k}"
            out[f"{num}. {nfc(c['name'])}"] = c["id"]
            walk(c.get("criteria", []), num + ".")

    walk(index_def.get("criteria", []), "")
    return out


def load_data(data_dir):
    units = load_json(os.path.join(data_dir, "units.json"))
    names = {u["id"]: nfc(u["name"]) for u in units["units"]}
    groups = {g["id"]: nfc(g["name"]) for g in units["groups"]}
    parents = {u["id"]: u.get("parent") for u in units["units"]}
    indices, areas = {}, {}
    for path in glob.glob(os.path.join(data_dir, "indices", "*.json")):
        d = load_json(path)
        indices[d["id"]] = criterion_titles(d)
        areas[d["id"]] = {c["id"] for c in d.get("criteria", [])}
    return names, groups, parents, indices, areas


# --- workbooks ---------------------------------------------------------------

SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def check_sheet_names(wb, where):
    seen = set()
    for name in wb.sheetnames:
        check(0 < len(name) <= 31, f"{where}: sheet name {name!r} longer than 31 characters")
        check(not SHEET_BAD.search(name), f"{where}: sheet name {name!r} has a forbidden character")
        check(not name.startswith("'") and not name.endswith("'"),
              f"{where}: sheet name {name!r} starts or ends with an apostrophe")
        key = name.casefold()
        check(key not in seen, f"{where}: sheet name {name!r} is not unique")
        seen.add(key)
    check(wb.sheetnames[:1] == ["Giải thích"], f"{where}: first sheet is not «Giải thích»")


RATIO_TITLES = {"Tỷ lệ điểm đạt"}  # and the rate titles, below
FORMULA = re.compile(r"=\(?([A-Z]+)(\d+)(?:\+([A-Z]+)\2)?\)?/([A-Z]+)\2")


def check_formulas(path, read_only=False):
    """Only percentages and rates are formulas, each over cells of its own
    row (text from the data never becomes one)."""
    wb = openpyxl.load_workbook(path, read_only=read_only)
    for ws in wb.worksheets:
        head = None
        for row in ws.iter_rows():
            if head is None:
                head = [c.value for c in row]
                continue
            for i, c in enumerate(row):
                v = c.value
                if getattr(c, "data_type", None) != "f":
                    continue  # text that starts with "=" is text
                title = head[i] if i < len(head) else None
                m = FORMULA.fullmatch(v)
                check(title in RATIO_TITLES and m is not None and m.group(2) == str(c.row),
                      f"{path}: «{ws.title}» {c.coordinate} ({title}): formula {v!r}")


def header_map(ws, where):
    head = [c.value for c in next(ws.iter_rows(min_row=1, max_row=1))]
    check(all(isinstance(h, str) and h for h in head), f"{where}: empty header cell")
    check(len(set(head)) == len(head), f"{where}: duplicate header")
    first = ws.cell(row=1, column=1)
    check(bool(first.font and first.font.b), f"{where}: header is not bold")
    check(re.fullmatch(r"[A-Z]+2", ws.freeze_panes or "") is not None,
          f"{where}: header row is not frozen ({ws.freeze_panes})")
    return {h: i for i, h in enumerate(head)}


def check_table_object(ws, where):
    refs = [t.ref for t in ws.tables.values()]
    want = f"A1:{openpyxl.utils.get_column_letter(ws.max_column)}{ws.max_row}"
    check(want in refs, f"{where}: no Excel table over {want} (tables {refs})")


def check_ranking_sheet(ws, ix_json, ix_id, gid, rows, titles, where):
    h = header_map(ws, where)
    check_table_object(ws, where)
    data = list(ws.iter_rows(min_row=2, values_only=True))
    check(len(data) == len(rows), f"{where}: {len(data)} rows, JSON has {len(rows)}")
    fmt = {}
    for name in ("Tỷ lệ điểm đạt", "Tổng điểm"):
        if check(name in h, f"{where}: no column «{name}»"):
            fmt[name] = ws.cell(row=2, column=h[name] + 1).number_format
    check(fmt.get("Tỷ lệ điểm đạt") == "0.00%", f"{where}: percentage not formatted 0.00%")
    check(fmt.get("Tổng điểm") == "General", f"{where}: points not shown in full (General)")
    crit_cols = {titles[t]: i for t, i in h.items() if t in titles}
    rank_cols = {titles[t[5:]]: i for t, i in h.items()
                 if t.startswith("Hạng ") and t[5:] in titles}
    for n, (row, r) in enumerate(zip(data, rows), 2):
        at = f"{where}: row {n} ({r['unit']})"
        check(row[h["Đơn vị"]] == nfc(r["name"]), f"{at}: unit {row[h['Đơn vị']]!r}")
        close(row[h["Xếp hạng"]], r["rank"], f"{at}: rank")
        close(row[h["Tổng điểm"]], r["total"], f"{at}: total")
        close(row[h["Điểm tối đa áp dụng"]], r["max"], f"{at}: max")
        ratio(row[h["Tỷ lệ điểm đạt"]], Decimal(r["total"]), Decimal(r["max"]), f"{at}: percent")
        check(row[h["Xếp loại"]] == r.get("band"), f"{at}: band {row[h['Xếp loại']]!r}")
        close(row[h["Xếp hạng kỳ trước"]], r.get("previous_rank"), f"{at}: previous rank")
        close(row[h["Thay đổi thứ hạng"]], r.get("rank_change"), f"{at}: rank change")
        check(row[h["Kỳ so sánh"]] == r.get("previous_period"), f"{at}: previous period")
        for cid, v in r.get("criteria", {}).items():
            if check(cid in crit_cols, f"{at}: no column for criterion {cid}"):
                close(row[crit_cols[cid]], v, f"{at}: criterion {cid}")
        for cid, v in r.get("criteria_ranks", {}).items():
            if check(cid in rank_cols, f"{at}: no rank column for {cid}"):
                close(row[rank_cols[cid]], v, f"{at}: rank of {cid}")


SERVICE_COUNTS = {
    "Tồn kỳ trước": "carried_over", "Tiếp nhận mới": "received",
    "Tiếp nhận trực tuyến": "received_online", "Tiếp nhận trực tiếp": "received_direct",
    "Tiếp nhận qua bưu chính": "received_postal", "Đã giải quyết": "resolved",
    "Giải quyết trước hạn": "early", "Giải quyết đúng hạn": "on_time",
    "Giải quyết trễ hạn": "late", "Đang giải quyết": "pending",
    "Đang giải quyết trong hạn": "in_time", "Đang giải quyết quá hạn": "overdue",
    "Rút hồ sơ": "withdrawn", "Thanh toán trực tuyến": "payments_online",
    "Tổng số giao dịch thanh toán": "payments_total",
    "Số tiền thanh toán trực tuyến (đồng)": "payments_online_amount_vnd",
    "Hồ sơ được số hóa": "digitized", "Lượt đánh giá": "satisfaction_responses",
    "Lượt hài lòng": "satisfaction_satisfied", "Chênh lệch cân đối": "balance_difference",
}
SERVICE_RATES = {
    "Tỷ lệ giải quyết đúng hạn": "on_time_rate", "Tỷ lệ tiếp nhận trực tuyến": "online_rate",
    "Tỷ lệ thanh toán trực tuyến": "online_payment_rate", "Tỷ lệ số hóa hồ sơ": "digitized_rate",
    "Tỷ lệ hài lòng": "satisfaction_rate",
}
RATIO_TITLES |= set(SERVICE_RATES)
# Each rate from the counts of its row in the period JSON: (numerator, denominator).
RATE_PARTS = {
    "on_time_rate": lambda s: (s["early"] + s["on_time"], s["resolved"]),
    "online_rate": lambda s: (s["received_online"], s["received"]),
    "online_payment_rate": lambda s: (s["payments_online"], s["payments_total"]),
    "digitized_rate": lambda s: (s["digitized"], s["received"] if s["digitized"] is not None else 0),
    "satisfaction_rate": lambda s: (s["satisfaction_satisfied"], s["satisfaction_responses"]),
}


def rate_parts(s, key):
    num, den = RATE_PARTS[key](s)
    return (num, den) if num is not None and den else (None, 0)
SERVICE_MET = {
    "Chỉ tiêu đúng hạn": "on_time_rate", "Chỉ tiêu trực tuyến": "online_rate",
    "Chỉ tiêu thanh toán trực tuyến": "online_payment_rate", "Chỉ tiêu số hóa": "digitized_rate",
    "Chỉ tiêu hài lòng": "satisfaction_rate",
}
MET_TEXT = {True: "Đạt", False: "Chưa đạt", None: None}
CSV_COUNTS = {
    "ton_ky_truoc": "carried_over", "tiep_nhan": "received",
    "tiep_nhan_truc_tuyen": "received_online", "tiep_nhan_truc_tiep": "received_direct",
    "tiep_nhan_buu_chinh": "received_postal", "da_giai_quyet": "resolved",
    "giai_quyet_truoc_han": "early", "giai_quyet_dung_han": "on_time",
    "giai_quyet_tre_han": "late", "dang_giai_quyet": "pending",
    "dang_giai_quyet_trong_han": "in_time", "dang_giai_quyet_qua_han": "overdue",
    "rut_ho_so": "withdrawn", "thanh_toan_truc_tuyen": "payments_online",
    "thanh_toan_tong": "payments_total", "so_tien_truc_tuyen": "payments_online_amount_vnd",
    "so_hoa": "digitized", "luot_danh_gia": "satisfaction_responses",
    "luot_hai_long": "satisfaction_satisfied", "chenh_lech_can_doi": "balance_difference",
}
CSV_RATES = {
    "ty_le_dung_han": "on_time_rate", "ty_le_truc_tuyen": "online_rate",
    "ty_le_thanh_toan_truc_tuyen": "online_payment_rate", "ty_le_so_hoa": "digitized_rate",
    "ty_le_hai_long": "satisfaction_rate",
}
CSV_MET = {
    "dat_chi_tieu_dung_han": "on_time_rate", "dat_chi_tieu_truc_tuyen": "online_rate",
    "dat_chi_tieu_thanh_toan_truc_tuyen": "online_payment_rate",
    "dat_chi_tieu_so_hoa": "digitized_rate", "dat_chi_tieu_hai_long": "satisfaction_rate",
}


def check_services_sheet(ws, services, names, where):
    h = header_map(ws, where)
    check_table_object(ws, where)
    data = list(ws.iter_rows(min_row=2, values_only=True))
    check(len(data) == len(services), f"{where}: {len(data)} rows, JSON has {len(services)}")
    for n, (row, s) in enumerate(zip(data, services), 2):
        at = f"{where}: row {n} ({s['unit']})"
        check(row[h["Đơn vị"]] == names.get(s["unit"]), f"{at}: unit {row[h['Đơn vị']]!r}")
        for title, key in SERVICE_COUNTS.items():
            if check(title in h, f"{where}: no column «{title}»") and key in s:
                close(row[h[title]], s[key], f"{at}: {key}")
        for title, key in SERVICE_RATES.items():
            if check(title in h, f"{where}: no column «{title}»"):
                ratio(row[h[title]], *rate_parts(s, key), f"{at}: {key}")
        for title, key in SERVICE_MET.items():
            if check(title in h, f"{where}: no column «{title}»"):
                want = MET_TEXT[s.get("targets_met", {}).get(key)]
                check(row[h[title]] == want, f"{at}: target {key}: {row[h[title]]!r}, want {want!r}")


def check_totals_sheet(ws, totals, where):
    h = header_map(ws, where)
    check_table_object(ws, where)
    data = list(ws.iter_rows(min_row=2, values_only=True))
    want = list(totals["groups"].values()) + [totals["all"]]
    check(len(data) == len(want), f"{where}: {len(data)} rows, JSON has {len(want)}")
    for n, (row, t) in enumerate(zip(data, want), 2):
        at = f"{where}: row {n}"
        for title, key in SERVICE_COUNTS.items():
            if check(title in h, f"{where}: no column «{title}»") and key in t:
                close(row[h[title]], t[key], f"{at}: {key}")
        close(row[h["Số đơn vị"]], t["units"], f"{at}: units")
        for title, key in SERVICE_RATES.items():
            num, den = rate_parts(t, key)
            if key == "digitized_rate":  # a total counts the reporting units' files
                num, den = ((t["digitized"], t["digitized_received"]) if t["digitized_received"]
                            else (None, 0))
            ratio(row[h[title]], num, den, f"{at}: {key}")


def check_means_sheet(ws, means, titles, where):
    h = header_map(ws, where)
    check_table_object(ws, where)
    data = list(ws.iter_rows(min_row=2, values_only=True))
    check(len(data) == len(means), f"{where}: {len(data)} rows, JSON has {len(means)}")
    area = {t[len("Trung bình "):]: i for t, i in h.items() if t.startswith("Trung bình ")}
    for n, (row, gm) in enumerate(zip(data, means.values()), 2):
        at = f"{where}: row {n}"
        close(row[h["Số đơn vị"]], gm["units"], f"{at}: units")
        v = row[h["Tỷ lệ điểm đạt trung bình"]]
        # The cell holds the exact mean; the JSON its rounding to 4 decimals.
        tol = Decimal("0.00005") + Decimal("1e-12")
        check(isinstance(v, (int, float)) and not isinstance(v, bool) and
              abs(Decimal(repr(float(v))) * 100 - Decimal(gm["percent"])) <= tol,
              f"{at}: mean {v!r}, JSON {gm['percent']}")
        for t, i in area.items():
            cid = titles.get(t)
            want = gm["criteria"].get(cid)
            got = row[i]
            if want is None:
                check(got is None, f"{at}: mean of {cid}: {got!r}, want empty")
            else:
                check(isinstance(got, (int, float)) and
                      abs(Decimal(repr(float(got))) - Decimal(want)) <= tol,
                      f"{at}: mean of {cid}: {got!r}, JSON {want}")


def want_created(rec):
    """The date a workbook must carry: publication, else the period's last day."""
    if rec.get("published"):
        return rec["published"]
    pid = rec["period"]
    m = re.fullmatch(r"(\d{4})-q([1-4])", pid)
    if m:
        return f"{m.group(1)}-{['03-31', '06-30', '09-30', '12-31'][int(m.group(2)) - 1]}"
    return f"{pid}-12-31"


def check_zip_level(path, where):
    """Every part deflated at level 2: minizip marks it "fast" (flag bits 1-2 = 10)."""
    with zipfile.ZipFile(path) as z:
        for i in z.infolist():
            check(i.compress_type == zipfile.ZIP_DEFLATED and i.flag_bits & 6 == 4,
                  f"{where}: {i.filename}: method {i.compress_type}, flags {i.flag_bits:#x}, "
                  "want deflated at level 2 (flags 0x4)")


def check_period_workbook(path, rec, names, indices):
    where = os.path.basename(path)
    check_zip_level(path, where)
    check_formulas(path)
    wb = openpyxl.load_workbook(path, data_only=True)
    check_sheet_names(wb, where)
    created = wb.properties.created
    check(created is not None and created.strftime("%Y-%m-%d") == want_created(rec),
          f"{where}: created {created}, want {want_created(rec)} (from the data)")
    sheets = [ws for ws in wb.worksheets if ws.title != "Giải thích"]
    head = {ws.title: [c.value for c in next(ws.iter_rows(min_row=1, max_row=1))] for ws in sheets}
    ranking = [ws for ws in sheets if head[ws.title][0] == "Xếp hạng"]
    service = [ws for ws in sheets if "Đơn vị" in head[ws.title] and "Tiếp nhận mới" in head[ws.title]]
    totals = [ws for ws in sheets if head[ws.title][0] == "Phạm vi"]
    means = [ws for ws in sheets if "Tỷ lệ điểm đạt trung bình" in head[ws.title]]
    check(len(means) == len(rec.get("indices", {})),
          f"{where}: {len(means)} sheets of group means, JSON has {len(rec.get('indices', {}))} indices")
    for ws, (ix_id, ix) in zip(means, rec.get("indices", {}).items()):
        check_means_sheet(ws, ix["group_means"], indices.get(ix_id, {}), f"{where}: «{ws.title}»")
    if rec.get("services"):
        if check(len(totals) == 1, f"{where}: want one totals sheet, found {len(totals)}"):
            check_totals_sheet(totals[0], rec["service_totals"], f"{where}: «{totals[0].title}»")
    else:
        check(not totals, f"{where}: totals sheet without service data")
    expected = [(ix_id, gid, rows) for ix_id, ix in rec.get("indices", {}).items()
                for gid, rows in ix["groups"].items() if rows]
    check(len(ranking) == len(expected),
          f"{where}: {len(ranking)} ranking sheets, JSON has {len(expected)} rankings")
    check(len(wb.chartsheets) == len(expected),
          f"{where}: {len(wb.chartsheets)} chart sheets, want one per ranking ({len(expected)})")
    for ws, (ix_id, gid, rows) in zip(ranking, expected):
        check_ranking_sheet(ws, rec["indices"][ix_id], ix_id, gid, rows,
                            indices.get(ix_id, {}), f"{where}: «{ws.title}»")
    if rec.get("services"):
        if check(len(service) == 1, f"{where}: want one services sheet, found {len(service)}"):
            check_services_sheet(service[0], rec["services"], names, f"{where}: «{service[0].title}»")
    else:
        check(not service, f"{where}: services sheet without service data")
    about = wb["Giải thích"]
    text = " ".join(str(c) for row in about.iter_rows(values_only=True) for c in row if c)
    check(rec["label"] in text, f"{where}: «Giải thích» does not name the period {rec['label']}")
    check("Từ điển dữ liệu" in text, f"{where}: «Giải thích» has no data dictionary")


def check_all_workbook(path, records, areas):
    where = os.path.basename(path)
    check_zip_level(path, where)
    check_formulas(path, read_only=True)
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    check_sheet_names(wb, where)
    latest = max((want_created(r) for r in records.values()), default=None)
    created = wb.properties.created
    check(latest is None or (created and created.strftime("%Y-%m-%d") == latest),
          f"{where}: created {created}, want {latest} (from the data)")
    by_key = {}
    for pid, rec in records.items():
        for ix_id, ix in rec.get("indices", {}).items():
            for gid, rows in ix["groups"].items():
                for r in rows:
                    by_key[(pid, ix_id, gid, r["unit"])] = r
    by_unit = {(p, x, u): r for (p, x, g, u), r in by_key.items()}
    services = {(pid, s["unit"]): s for pid, rec in records.items()
                for s in rec.get("services") or []}
    seen_scores = seen_crit = seen_serv = 0
    # Large data keeps only the top-level areas, on a sheet named for them.
    areas_only = any(n.startswith("Lĩnh vực") for n in wb.sheetnames)
    crit_want = sum(1 for (p, x, g, u), r in by_key.items()
                    for cid, v in r.get("criteria", {}).items()
                    if v is not None and (not areas_only or cid in areas.get(x, ())))
    for ws in wb.worksheets:
        rows = ws.iter_rows(values_only=True)
        head = next(rows, None)
        if ws.title == "Giải thích" or head is None:
            continue
        h = {v: i for i, v in enumerate(head)}
        kind = ("crit" if "Mã tiêu chí" in h else "serv" if "Tiếp nhận mới" in h
                else "score" if "Tỷ lệ điểm đạt" in h else None)
        check(kind is not None, f"{where}: «{ws.title}» has an unknown header")
        for n, row in enumerate(rows, 2):
            at = f"{where}: «{ws.title}» row {n}"
            if kind == "score":
                r = by_key.get((row[h["Kỳ"]], row[h["Mã chỉ số"]], row[h["Mã nhóm"]],
                                row[h["Mã đơn vị"]]))
                if check(r is not None, f"{at}: not in the period JSON"):
                    seen_scores += 1
                    close(row[h["Xếp hạng"]], r["rank"], f"{at}: rank")
                    close(row[h["Tổng điểm"]], r["total"], f"{at}: total")
                    ratio(row[h["Tỷ lệ điểm đạt"]], Decimal(r["total"]), Decimal(r["max"]),
                          f"{at}: percent")
                    close(row[h["Thay đổi thứ hạng"]], r.get("rank_change"), f"{at}: change")
            elif kind == "crit":
                r = by_unit.get((row[h["Kỳ"]], row[h["Mã chỉ số"]], row[h["Mã đơn vị"]]))
                if check(r is not None, f"{at}: not in the period JSON"):
                    seen_crit += 1
                    close(row[h["Điểm"]], r["criteria"].get(row[h["Mã tiêu chí"]]),
                          f"{at}: {row[h['Mã tiêu chí']]}")
            elif kind == "serv":
                s = services.get((row[h["Kỳ"]], row[h["Mã đơn vị"]]))
                if check(s is not None, f"{at}: not in the period JSON"):
                    seen_serv += 1
                    for title, key in SERVICE_COUNTS.items():
                        if key in s:
                            close(row[h[title]], s[key], f"{at}: {key}")
                    for title, key in SERVICE_RATES.items():
                        ratio(row[h[title]], *rate_parts(s, key), f"{at}: {key}")
    check(seen_scores == len(by_key), f"{where}: {seen_scores} score rows, JSON has {len(by_key)}")
    check(seen_crit == crit_want, f"{where}: {seen_crit} criterion rows, JSON has {crit_want}")
    check(seen_serv == len(services), f"{where}: {seen_serv} service rows, JSON has {len(services)}")


# --- CSV -----------------------------------------------------------------------

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def read_csv(path):
    raw = open(path, "rb").read()
    where = os.path.basename(path)
    check(raw.startswith(b"\xef\xbb\xbf"), f"{where}: no UTF-8 BOM")
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    check(body.endswith(b"\r\n"), f"{where}: last line does not end with CRLF")
    # Every line break outside quotes must be CRLF.
    inq = False
    bare = 0
    for i, b in enumerate(body):
        if b == 0x22:
            inq = not inq
        elif b == 0x0A and not inq and (i == 0 or body[i - 1] != 0x0D):
            bare += 1
    check(bare == 0, f"{where}: {bare} line(s) end with LF instead of CRLF")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
    return rows[0], rows[1:]


def csv_text(got, want, where):
    """A CSV text field: the text itself, or with the apostrophe that
    neutralises a formula-like start."""
    want = want or ""
    ok = got == want or (want.startswith(FORMULA_START) and got == "'" + want)
    return check(ok, f"{where}: {got!r}, want {want!r}")


def check_csv_cells(header, rows, types, where):
    """Text must not look like a formula; typed columns must parse."""
    for n, row in enumerate(rows, 2):
        check(len(row) == len(header), f"{where}: row {n} has {len(row)} fields, header {len(header)}")
        for name, v in zip(header, row):
            t = types.get(name, "string")
            if v == "":
                continue
            if t == "string":
                check(not v.startswith(FORMULA_START),
                      f"{where}: row {n} {name}: {v!r} would read as a formula")
            elif t == "integer":
                check(re.fullmatch(r"-?\d+", v) is not None, f"{where}: row {n} {name}: {v!r} is not an integer")
            elif t == "number":
                check(re.fullmatch(r"-?\d+(\.\d+)?", v) is not None,
                      f"{where}: row {n} {name}: {v!r} is not a dot-decimal number")


def check_ranking_csv(path, rec, ix_id, types, names, groups, parents):
    where = os.path.basename(path)
    header, rows = read_csv(path)
    check_csv_cells(header, rows, types, where)
    h = {v: i for i, v in enumerate(header)}
    want = [(gid, r) for gid, rs in rec["indices"][ix_id]["groups"].items() for r in rs]
    check(len(rows) == len(want), f"{where}: {len(rows)} rows, JSON has {len(want)}")
    for n, (row, (gid, r)) in enumerate(zip(rows, want), 2):
        at = f"{where}: row {n} ({r['unit']})"
        check(row[h["ky"]] == rec["period"], f"{at}: period {row[h['ky']]!r}")
        check(row[h["ma_nhom"]] == gid, f"{at}: group {row[h['ma_nhom']]!r}")
        check(row[h["ma_don_vi"]] == r["unit"], f"{at}: unit {row[h['ma_don_vi']]!r}")
        csv_text(row[h["don_vi"]], r["name"], f"{at}: name")
        csv_text(row[h["nhom"]], groups[gid], f"{at}: group name")
        parent = parents.get(r["unit"])
        csv_text(row[h["ma_don_vi_cap_tren"]], parent, f"{at}: parent")
        csv_text(row[h["don_vi_cap_tren"]], names.get(parent), f"{at}: parent name")
        exact(row[h["xep_hang"]], r["rank"], f"{at}: rank")
        exact(row[h["tong_diem"]], r["total"], f"{at}: total")
        exact(row[h["diem_toi_da"]], r["max"], f"{at}: max")
        exact(row[h["phan_tram"]], percent2(Decimal(r["total"]), Decimal(r["max"])),
              f"{at}: percent (two decimals, as on the page)")
        exact(row[h["xep_hang_ky_truoc"]], r.get("previous_rank"), f"{at}: previous rank")
        exact(row[h["thay_doi_xep_hang"]], r.get("rank_change"), f"{at}: change")
        csv_text(row[h["xep_loai"]], r.get("band"), f"{at}: band")
        for cid, v in r.get("criteria", {}).items():
            if check(cid in h, f"{at}: no column {cid}"):
                exact(row[h[cid]], v, f"{at}: {cid}")
        for cid, v in r.get("criteria_ranks", {}).items():
            if check("xep_hang_" + cid in h, f"{at}: no column xep_hang_{cid}"):
                exact(row[h["xep_hang_" + cid]], v, f"{at}: rank of {cid}")


def check_services_csv(path, rec, types, names):
    where = os.path.basename(path)
    header, rows = read_csv(path)
    check_csv_cells(header, rows, types, where)
    h = {v: i for i, v in enumerate(header)}
    services = rec.get("services") or []
    check(len(rows) == len(services), f"{where}: {len(rows)} rows, JSON has {len(services)}")
    for n, (row, s) in enumerate(zip(rows, services), 2):
        at = f"{where}: row {n} ({s['unit']})"
        check(row[h["ma_don_vi"]] == s["unit"], f"{at}: unit {row[h['ma_don_vi']]!r}")
        csv_text(row[h["don_vi"]], names.get(s["unit"]), f"{at}: name")
        for col, key in CSV_COUNTS.items():
            if key in s:
                exact(row[h[col]], s[key], f"{at}: {key}")
        for col, key in CSV_RATES.items():
            exact(row[h[col]], percent2(*rate_parts(s, key)),
                  f"{at}: {key} (percent, two decimals, as on the page)")
        for col, key in CSV_MET.items():
            want = MET_TEXT[s.get("targets_met", {}).get(key)] or ""
            check(row[h[col]] == want, f"{at}: {col} {row[h[col]]!r}, want {want!r}")
        check_changes_csv(h, row, s, at)


JSON_TYPES = {"string", "number", "integer", "boolean", "object", "array"}


def check_datapackage(dl):
    path = os.path.join(dl, "datapackage.json")
    if not check(os.path.exists(path), f"{path}: missing"):
        return {}
    pkg = load_json(path)
    check(pkg.get("profile") == "data-package", "datapackage.json: profile")
    res = {r["path"]: r for r in pkg.get("resources", [])}
    csv_res = sorted(n for n, r in res.items() if r.get("format") == "csv")
    json_res = sorted(n for n, r in res.items() if r.get("format") == "json")
    csvs = sorted(os.path.basename(p) for p in glob.glob(os.path.join(dl, "*.csv")))
    check(csv_res == csvs, f"datapackage.json: CSV resources {csv_res} != CSV files {csvs}")
    records = sorted(os.path.basename(p) for p in glob.glob(os.path.join(dl, "*.json"))
                     if os.path.basename(p) != "datapackage.json")
    check(json_res == records, f"datapackage.json: JSON resources {json_res} != records {records}")
    types = {}
    for name, r in res.items():
        p = os.path.join(dl, name)
        if not os.path.exists(p):
            continue
        raw = open(p, "rb").read()
        check(r.get("bytes") == len(raw), f"datapackage.json: {name}: bytes {r.get('bytes')} != {len(raw)}")
        check(r.get("hash") == "sha256:" + hashlib.sha256(raw).hexdigest(),
              f"datapackage.json: {name}: hash does not match")
        fields = r.get("schema", {}).get("fields", [])
        if r.get("format") == "json":
            # The fields of a record: a path, a Table Schema type, a meaning.
            check(len(fields) > 40, f"datapackage.json: {name}: only {len(fields)} fields explained")
            for f in fields:
                check(f.get("type") in JSON_TYPES and f.get("description") and f.get("name"),
                      f"datapackage.json: {name}: field {f.get('name')} lacks a type or description")
            for key in ("service_totals", "services[].changes_pp", "indices.<chi-so>.group_means"):
                check(any(f.get("name") == key for f in fields),
                      f"datapackage.json: {name}: {key} is not explained")
            continue
        header = next(csv.reader(io.StringIO(raw[3:].decode("utf-8"), newline="")))
        check([f["name"] for f in fields] == header,
              f"datapackage.json: {name}: field names differ from the CSV header")
        for f in fields:
            check(all(f.get(k) for k in ("name", "type", "title", "description")),
                  f"datapackage.json: {name}: field {f.get('name')} lacks a type, title or description")
        types[name] = {f["name"]: f.get("type") for f in fields}
    return types


# --- totals, means, the long table, the files of a unit ------------------------

TOTAL_COUNTS = dict(CSV_COUNTS, tiep_nhan_co_bao_cao_so_hoa="digitized_received",
                    so_don_vi="units")
CHANGE_SUFFIX = {"so_ky_truoc": "previous", "so_cung_ky": "year_earlier"}


def near(text, want, where, tol):
    """A CSV number within tol of a JSON value given to more decimals (the
    CSV has the page's 2: the exact figure rounded once)."""
    if want is None:
        return check(text == "", f"{where}: want an empty field, got {text!r}")
    try:
        got = Decimal(text)
    except Exception:
        return check(False, f"{where}: {text!r} is not a number (want about {want})")
    return check(abs(got - Decimal(want)) <= tol, f"{where}: {text}, want about {want}")


def check_changes_csv(h, row, s, at):
    """The change columns of a services or totals CSV row against changes_pp
    of its JSON row (percentage points, 4 decimals there, 2 here)."""
    for col, key in CSV_RATES.items():
        for suffix, ck in CHANGE_SUFFIX.items():
            name = f"{col}_{suffix}"
            if check(name in h, f"{at}: no column {name}"):
                near(row[h[name]], s["changes_pp"][ck][key], f"{at}: {name}", Decimal("0.005"))
    for name, ck in (("ky_truoc", "previous"), ("ky_cung_ky_nam_truoc", "year_earlier")):
        if check(name in h, f"{at}: no column {name}"):
            check(row[h[name]] == (s["changes_pp"][ck]["period"] or ""),
                  f"{at}: {name} {row[h[name]]!r}")


def check_totals_csv(path, rec, types, groups):
    where = os.path.basename(path)
    header, rows = read_csv(path)
    check_csv_cells(header, rows, types, where)
    h = {v: i for i, v in enumerate(header)}
    totals = rec["service_totals"]
    want = [(g, t) for g, t in totals["groups"].items()] + [(None, totals["all"])]
    check(len(rows) == len(want), f"{where}: {len(rows)} rows, JSON has {len(want)}")
    for n, (row, (g, t)) in enumerate(zip(rows, want), 2):
        at = f"{where}: row {n} ({g or 'all'})"
        check(row[h["pham_vi"]] == ("Nhóm" if g else "Tổng cộng"), f"{at}: scope")
        check(row[h["ma_nhom"]] == (g or ""), f"{at}: group {row[h['ma_nhom']]!r}")
        if g:
            csv_text(row[h["nhom"]], groups[g], f"{at}: group name")
        for col, key in TOTAL_COUNTS.items():
            if check(col in h, f"{at}: no column {col}"):
                exact(row[h[col]], t.get(key), f"{at}: {key}")
        for col, key in CSV_RATES.items():
            near(row[h[col]], None if t[key] is None else Decimal(t[key]) * 100, f"{at}: {key}",
                 Decimal("0.005"))
        for col, key in CSV_MET.items():
            want_met = MET_TEXT[t["targets_met"][key]] or ""
            check(row[h[col]] == want_met, f"{at}: {col} {row[h[col]]!r}, want {want_met!r}")
        check_changes_csv(h, row, t, at)


def check_means_csv(path, rec, ix_id, types):
    where = os.path.basename(path)
    header, rows = read_csv(path)
    check_csv_cells(header, rows, types, where)
    h = {v: i for i, v in enumerate(header)}
    means = rec["indices"][ix_id]["group_means"]
    check(len(rows) == len(means), f"{where}: {len(rows)} rows, JSON has {len(means)}")
    for n, (row, (g, gm)) in enumerate(zip(rows, means.items()), 2):
        at = f"{where}: row {n} ({g})"
        check(row[h["ma_nhom"]] == g, f"{at}: group {row[h['ma_nhom']]!r}")
        exact(row[h["so_don_vi"]], gm["units"], f"{at}: units")
        near(row[h["phan_tram_trung_binh"]], gm["percent"], f"{at}: mean", Decimal("0.005"))
        for cid, v in gm["criteria"].items():
            if check("trung_binh_" + cid in h, f"{at}: no column trung_binh_{cid}"):
                near(row[h["trung_binh_" + cid]], v, f"{at}: mean of {cid}", Decimal("0.005"))


# Text columns of the period CSVs (never in the long table).
LONG_SKIP = {"ky", "ten_ky", "ma_nhom", "nhom", "ma_don_vi", "don_vi", "ma_don_vi_cap_tren",
             "don_vi_cap_tren", "xep_loai", "ky_so_sanh", "ky_truoc", "ky_cung_ky_nam_truoc"} | \
    set(CSV_MET)


def period_csv_figures(dl):
    """{(period, unit, source, column): text} of every number of the period
    CSV files: what the long table must repeat, figure by figure."""
    out = {}
    for path in glob.glob(os.path.join(dl, "20*.csv")):
        base = os.path.basename(path)[:-4]
        if base.endswith("-trung-binh") or base.endswith("-tong-hop"):
            continue
        header, rows = read_csv(path)
        m = re.match(r"(\d{4}(?:-q\d)?)-(.*)", base)
        pid, source = m.group(1), m.group(2)
        numeric = [i for i, c in enumerate(header) if c not in LONG_SKIP]
        u = header.index("ma_don_vi")
        for row in rows:
            for i in numeric:
                if row[i] != "" and re.fullmatch(r"-?\d+(\.\d+)?", row[i]):
                    out[(pid, row[u], source, header[i])] = row[i]
    return out


# What each figure counts, by the name of its column: the long table's
# don_vi_tinh, said here apart from the program's own tables.
RANK_COLS = {"xep_hang", "xep_hang_ky_truoc"}


def unit_of(source, col):
    if source != "dich-vu":
        if col in RANK_COLS or col.startswith("xep_hang_"):
            return "hạng"
        return {"phan_tram": "%", "thay_doi_xep_hang": "bậc"}.get(col, "điểm")
    if col.startswith("ty_le_"):
        return "điểm phần trăm" if col.endswith(tuple(CHANGE_SUFFIX)) else "%"
    if col.startswith("thanh_toan_"):
        return "giao dịch"
    return {"so_tien_truc_tuyen": "đồng", "luot_danh_gia": "lượt",
            "luot_hai_long": "lượt"}.get(col, "hồ sơ")


def long_unit_enum(dl):
    """The words datapackage.json allows in the long table's don_vi_tinh."""
    pkg = load_json(os.path.join(dl, "datapackage.json"))
    for r in pkg.get("resources", []):
        if r.get("path") == "tat-ca.csv":
            for f in r["schema"]["fields"]:
                if f["name"] == "don_vi_tinh":
                    return f.get("constraints", {}).get("enum")
    return None


LONG_HEADER = ["ky", "ma_don_vi", "ma_nhom", "chi_so", "chi_tieu", "gia_tri", "don_vi_tinh"]


def check_long_csv(path, dl, types, units_json):
    """tai-ve/tat-ca.csv: every number of the period CSV files once, with the
    unit's group and what the number counts."""
    where = os.path.basename(path)
    header, rows = read_csv(path)
    check_csv_cells(header, rows, types, where)
    check(header == LONG_HEADER, f"{where}: header {header}")
    want = period_csv_figures(dl)
    allowed = long_unit_enum(dl) or []
    seen, used = set(), set()
    for n, row in enumerate(rows, 2):
        if not check(len(row) == 7, f"{where}: row {n}: {len(row)} cells"):
            continue
        ky, uid, gid, src, col, v, unit = row
        k = (ky, uid, src, col)
        at = f"{where}: row {n} {k}"
        u = units_json.get(uid)
        check(u is not None and gid == u["group"], f"{at}: group {gid!r}")
        check(unit == unit_of(src, col), f"{at}: unit {unit!r}, want {unit_of(src, col)!r}")
        used.add(unit)
        if not check(k in want, f"{at}: no such figure in the period CSV files"):
            continue
        check(v == want[k], f"{at}: {v!r}, the period CSV has {want[k]!r}")
        check(k not in seen, f"{at}: twice")
        seen.add(k)
    check(len(seen) == len(want), f"{where}: {len(seen)} figures, the period CSV files have {len(want)}")
    check(used <= set(allowed) and len(allowed) == len(set(allowed)),
          f"{where}: units {sorted(used - set(allowed))} not in datapackage.json's {allowed}")
    return rows


def check_units_csv(path, types, names, units_json, group_names):
    """tai-ve/don-vi.csv: every unit of units.json once, in its order, with
    its name, group, parent, days and successors (what the long table joins
    on ma_don_vi)."""
    where = os.path.basename(path)
    header, rows = read_csv(path)
    check_csv_cells(header, rows, types, where)
    check(header == ["ma_don_vi", "don_vi", "ma_nhom", "nhom", "ma_don_vi_cap_tren", "tu_ngay",
                     "den_ngay", "don_vi_ke_thua"], f"{where}: header {header}")
    check([r[0] for r in rows] == list(units_json), f"{where}: not the units of units.json in order")
    for n, row in enumerate(rows, 2):
        u = units_json.get(row[0])
        at = f"{where}: row {n} ({row[0]})"
        if not check(u is not None and len(row) == 8, f"{at}: unknown unit or {len(row)} cells"):
            continue
        csv_text(row[1], names.get(row[0]), f"{at}: name")
        check(row[2] == u["group"], f"{at}: group {row[2]!r}")
        csv_text(row[3], group_names.get(u["group"]), f"{at}: group name")
        check(row[4] == u.get("parent", ""), f"{at}: parent {row[4]!r}")
        check(row[5] == u.get("from", "") and row[6] == u.get("until", "") and
              row[7] == " ".join(u.get("successors", [])), f"{at}: the unit's days or successors")


def check_chart_csvs(site):
    """The rows under each chart ("Tải số liệu"): UTF-8 with BOM, CRLF, no
    text that reads as a formula, numbers with a dot."""
    paths = sorted(glob.glob(os.path.join(site, "bieu-do", "**", "*.csv"), recursive=True))
    check(len(paths) > 0, f"{site}: no chart has its rows as CSV")
    pngs = glob.glob(os.path.join(site, "bieu-do", "**", "*.png"), recursive=True)
    for png in pngs:
        base = re.sub(r"(@2x|\.dien-thoai)?\.png$", "", png)
        if not base.endswith("chia-se"):
            check(os.path.exists(base + ".csv"), f"{png}: no {os.path.basename(base)}.csv beside it")
    for path in paths:
        header, rows = read_csv(path)
        types = {}
        for i, name in enumerate(header):
            vals = [r[i] for r in rows if i < len(r) and r[i] != ""]
            if vals and all(re.fullmatch(r"\d+(\.\d+)?", v) for v in vals):
                types[name] = "number"
        check_csv_cells(header, rows, types, os.path.relpath(path, site))


def check_unit_files(dl, long_rows, units_json, records, types):
    """Each unit's CSV holds its figures of tat-ca.csv as a time series:
    one row per (chi_so, chi_tieu) with its unit, one column per period the unit has
    figures in, in the order of the periods; its JSON every figure of its
    rows in the period records, and who it is."""
    by_unit = {}
    for row in long_rows:
        by_unit.setdefault(row[1], []).append(row)
    for uid, u in units_json.items():
        c = os.path.join(dl, "don-vi", uid + ".csv")
        if not check(os.path.exists(c), f"{c}: missing"):
            continue
        at = f"don-vi/{uid}.csv"
        header, rows = read_csv(c)
        mine = by_unit.get(uid, [])
        periods = list(dict.fromkeys(r[0] for r in mine))
        check(header == ["chi_so", "chi_tieu", "don_vi_tinh"] + periods,
              f"{at}: header {header}, want periods {periods}")
        check_csv_cells(header, rows, {p: "number" for p in periods}, at)
        want = {}
        for ky, _, _, src, col, v, unit in mine:
            want.setdefault((src, col, unit), {})[ky] = v
        got = {}
        for n, row in enumerate(rows, 2):
            k = tuple(row[:3])
            check(k not in got, f"{at}: row {n} {k}: twice")
            got[k] = {p: v for p, v in zip(header[3:], row[3:]) if v != ""}
        check(got == want, f"{at}: not its figures of tat-ca.csv "
              f"({len(got)} rows, {len(want)} figures' names)")
        srcs = list(dict.fromkeys(k[0] for k in got))
        check(srcs == sorted(srcs, key=lambda x: x == "dich-vu"), f"{at}: services before an index")
        j = os.path.join(dl, "don-vi", uid + ".json")
        if not check(os.path.exists(j), f"{j}: missing"):
            continue
        rec = load_json(j)
        at = f"don-vi/{uid}.json"
        check(rec["unit"] == uid and rec["group"] == u["group"], f"{at}: unit or group")
        check(rec["from"] == u.get("from") and rec["until"] == u.get("until") and
              rec["successors"] == u.get("successors", []), f"{at}: days or successors")
        check(rec["parent"] == u.get("parent"), f"{at}: parent")
        want_scores = {(pid, x): r for pid, pr in records.items()
                       for x, ix in pr["indices"].items() for rows_ in ix["groups"].values()
                       for r in rows_ if r["unit"] == uid}
        got_scores = {(r["period"], x): r for x, ix in rec["indices"].items()
                      for r in ix["results"]}
        check(set(want_scores) == set(got_scores), f"{at}: periods of its scores")
        for k, w in want_scores.items():
            g = got_scores.get(k, {})
            for f, v in w.items():
                if f not in ("unit", "name"):
                    check(g.get(f) == v, f"{at}: {k} {f}: {g.get(f)!r}, want {v!r}")
        want_serv = {pid: s for pid, pr in records.items() for s in pr["services"]
                     if s["unit"] == uid}
        got_serv = {s["period"]: s for s in rec["services"]}
        check(set(want_serv) == set(got_serv), f"{at}: periods of its services")
        for pid, w in want_serv.items():
            g = got_serv.get(pid, {})
            for f, v in w.items():
                if f not in ("unit", "name"):
                    check(g.get(f) == v, f"{at}: {pid} {f}: {g.get(f)!r}, want {v!r}")


def main():
    if len(sys.argv) != 3:
        print("usage: check_downloads.py SITE_DIR DATA_DIR", file=sys.stderr)
        return 2
    site, data = sys.argv[1], sys.argv[2]
    dl = os.path.join(site, "tai-ve")
    names, groups, parents, indices, areas = load_data(data)
    records = {}
    for path in sorted(glob.glob(os.path.join(dl, "*.json"))):
        if os.path.basename(path) != "datapackage.json":
            rec = load_json(path)
            rec["indices"] = rec.get("indices") or {}
            rec["services"] = rec.get("services") or []
            records[rec["period"]] = rec
    check(len(records) > 0, f"{dl}: no period JSON")
    types = {}

    def datapackage():
        types.update(check_datapackage(dl))
    per_file(datapackage)
    for pid, rec in records.items():
        x = os.path.join(dl, pid + ".xlsx")
        if check(os.path.exists(x), f"{x}: missing"):
            per_file(check_period_workbook, x, rec, names, indices)
        for ix_id in rec.get("indices", {}):
            c = os.path.join(dl, f"{pid}-{ix_id}.csv")
            if check(os.path.exists(c), f"{c}: missing"):
                per_file(check_ranking_csv, c, rec, ix_id, types.get(os.path.basename(c), {}),
                         names, groups, parents)
            c = os.path.join(dl, f"{pid}-{ix_id}-trung-binh.csv")
            if check(os.path.exists(c), f"{c}: missing"):
                per_file(check_means_csv, c, rec, ix_id, types.get(os.path.basename(c), {}))
        c = os.path.join(dl, f"{pid}-dich-vu.csv")
        if rec.get("services"):
            if check(os.path.exists(c), f"{c}: missing"):
                per_file(check_services_csv, c, rec, types.get(os.path.basename(c), {}), names)
            c = os.path.join(dl, f"{pid}-dich-vu-tong-hop.csv")
            if check(os.path.exists(c), f"{c}: missing"):
                per_file(check_totals_csv, c, rec, types.get(os.path.basename(c), {}), groups)
    x = os.path.join(dl, "tat-ca.xlsx")
    if check(os.path.exists(x), f"{x}: missing"):
        per_file(check_all_workbook, x, records, areas)
    units_json = {u["id"]: u for u in load_json(os.path.join(data, "units.json"))["units"]}
    c = os.path.join(dl, "tat-ca.csv")
    long_rows = []
    if check(os.path.exists(c), f"{c}: missing"):
        def long_csv():
            long_rows.extend(check_long_csv(c, dl, types.get("tat-ca.csv", {}), units_json))
        per_file(long_csv)
    c = os.path.join(dl, "don-vi.csv")
    if check(os.path.exists(c), f"{c}: missing"):
        per_file(check_units_csv, c, types.get("don-vi.csv", {}), names, units_json, groups)
    per_file(check_unit_files, dl, long_rows, units_json, records, types.get("tat-ca.csv", {}))
    per_file(check_chart_csvs, site)
    failed = files_failed + (1 if problems and not files_failed else 0)
    print(f"{compared} values compared, {problems} problems")
    print(f"{files_passed} passed, {failed} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
