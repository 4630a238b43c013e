#!/usr/bin/python3
"""make_fixtures.py DIR - writes the spreadsheets that test_sheet reads into DIR.

Run with /usr/bin/python3 (it needs openpyxl, Debian's python3-openpyxl).
Every file here is written by a program other than minhbach: openpyxl,
LibreOffice (soffice, Debian's libreoffice-calc-nogui: it must be
installed, the test fails without it), Python's csv and zipfile modules,
or XML typed out below the way other producers write it (the .NET SDK's
"x:" prefixes, Strict OOXML, rich text, inline strings).  Hostile files
(a zip bomb, a million rows, malformed XML...) are built here too, at test
time, so that none of them is committed.

The official report form (Biểu 06a) is laid out as provinces' systems
export it: title rows, a three-row merged header, a row of column
numbers, section rows, communes under their district, a total row with
formulas, and notes under the table.
"""
import csv
import datetime
import io
import os
import shutil
import struct
import subprocess
import sys
import unicodedata
import zipfile
import zlib

import openpyxl
from openpyxl.styles import Alignment, Font

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"

# The table of the form: the three header rows (merged), the row of column
# numbers, then the body.  None is an empty cell.
HEADER = [
    ["STT", "Tên đơn vị", "Số hồ sơ nhận giải quyết", None, None, None,
     "Kết quả giải quyết", None, None, None, None, None, None],
    [None, None, "Tổng số", "Trong đó", None, None,
     "Số hồ sơ đã giải quyết", None, None, None, "Số hồ sơ đang giải quyết", None, None],
    [None, None, None, "Số kỳ trước chuyển qua", "Trực tuyến", "Trực tiếp, dịch vụ bưu chính",
     "Tổng số", "Trả trước hạn", "Đúng hạn", "Quá hạn", "Tổng số", "Trong hạn", "Quá hạn"],
]
# 0-based (row, col) inclusive ranges within HEADER.
HEADER_MERGES = [(0, 0, 2, 0), (0, 1, 2, 1), (0, 2, 0, 5), (0, 6, 0, 12), (1, 2, 2, 2),
                 (1, 3, 1, 5), (1, 6, 1, 9), (1, 10, 1, 12)]
NUMBERS = ["(1)", "(2)", "(3)=(4)+(5)+(6)", "(4)", "(5)", "(6)", "(7)=(8)+(9)+(10)", "(8)",
           "(9)", "(10)", "(11)=(12)+(13)", "(12)", "(13)"]
# Body rows: ("section", STT, name) or ("unit", STT, name, counts...).  The
# counts are carried over, online, direct, early, on time, late, in time,
# overdue; a string is written as text, as the systems export it.
BODY = [
    ("section", "I", "SỞ, BAN, NGÀNH"),
    ("unit", 1, "Sở Tư pháp", 52, 1200, 300, 100, 1300, 12, 138, 2),
    ("unit", 2, "Sở Kế hoạch và Đầu tư", 0, "1.510", 45, 900, 600, 5, 50, 0),
    ("unit", 3, "Sở Giao thông vận tải", 7, 2041, "-", 1000, 1000, "-", 48, 0),
    ("section", "II", "UBND CẤP HUYỆN"),
    ("unit", 4, "UBND thành phố Thủ Dầu Một", 120, 8800, 1200, 4000, 5900, 20, 190, 10),
    ("section", "III", "UBND CẤP XÃ"),
    ("district", None, "Huyện Dầu Tiếng"),
    ("unit", 5, "- Xã Định An", 3, 40, 12, 20, 30, 1, 4, 0),
    ("unit", 6, "- Thị trấn Dầu Tiếng", 0, 95, 31, 60, 60, 0, 6, 0),
]
NOTES = ["Ghi chú: Số liệu trích xuất từ Hệ thống thông tin giải quyết TTHC tỉnh.",
         "Cột (3) = (4) + (5) + (6); cột (7) = (8) + (9) + (10)."]
TITLE_ROWS = 3   # rows before the header
HEADER_ROW = TITLE_ROWS + 1  # first header row, 1-based


def num(v):
    return v if isinstance(v, int) else None


# ---- the official form, by openpyxl ------------------------------------------

def form_workbook(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Biểu 06a"
    ws["A1"] = "UBND TỈNH BÌNH DƯƠNG"
    ws["H1"] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    ws["A2"] = "Biểu số 06a/VPCP/KSTT"
    ws["A3"] = "TỔNG HỢP TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC QUÝ I NĂM 2025"
    ws.merge_cells("A1:D1")
    ws.merge_cells("H1:M1")
    ws.merge_cells("A3:M3")
    ws["A3"].font = Font(bold=True)
    for i, row in enumerate(HEADER):
        for j, v in enumerate(row):
            if v is not None:
                c = ws.cell(row=HEADER_ROW + i, column=j + 1, value=v)
                c.alignment = Alignment(wrap_text=True, horizontal="center")
    for r1, c1, r2, c2 in HEADER_MERGES:
        ws.merge_cells(start_row=HEADER_ROW + r1, start_column=c1 + 1,
                       end_row=HEADER_ROW + r2, end_column=c2 + 1)
    r = HEADER_ROW + len(HEADER)
    for j, v in enumerate(NUMBERS):
        ws.cell(row=r, column=j + 1, value=v)
    first = r + 1
    for k, row in enumerate(BODY):
        r = first + k
        kind, stt, name = row[:3]
        if stt is not None:
            ws.cell(row=r, column=1, value=stt)
        ws.cell(row=r, column=2, value=name)
        if kind != "unit":
            continue
        carried, online, direct, early, on_time, late, in_time, overdue = row[3:]
        ws.cell(row=r, column=3, value=f"=D{r}+E{r}+F{r}")
        for col, v in zip((4, 5, 6), (carried, online, direct)):
            ws.cell(row=r, column=col, value=v)
        ws.cell(row=r, column=7, value=f"=H{r}+I{r}+J{r}")
        for col, v in zip((8, 9, 10), (early, on_time, late)):
            ws.cell(row=r, column=col, value=v)
        ws.cell(row=r, column=11, value=f"=L{r}+M{r}")
        for col, v in zip((12, 13), (in_time, overdue)):
            ws.cell(row=r, column=col, value=v)
    last = first + len(BODY) - 1
    total = last + 1
    ws.cell(row=total, column=2, value="TỔNG CỘNG")
    for col in range(3, 14):
        letter = openpyxl.utils.get_column_letter(col)
        ws.cell(row=total, column=col, value=f"=SUM({letter}{first}:{letter}{last})")
    ws.cell(row=total + 2, column=1, value=NOTES[0])
    ws.cell(row=total + 3, column=1, value=NOTES[1])
    ws.cell(row=total + 5, column=9, value="NGƯỜI LẬP BIỂU")
    ws.cell(row=total + 6, column=9, value="Nguyễn Thị Hồng Nhung")
    # A rate with decimals and a hidden sheet of lists, as forms have.
    ws.cell(row=total + 7, column=9, value=88.78)
    hidden = wb.create_sheet("Danh mục")
    hidden["A1"] = "Đơn vị"
    hidden["A2"] = "Sở Tư pháp"
    hidden.sheet_state = "hidden"
    # Fixed dates, so that the same script writes the same bytes.
    wb.properties.created = wb.properties.modified = datetime.datetime(2025, 4, 1, 8, 0, 0)
    wb.save(path)
    add_custom_property(path, "minhbach", "services 2025-q1")


def add_custom_property(path, name, value):
    """openpyxl 3.0 writes no custom properties: add docProps/custom.xml as
    Excel writes it (part, relationship, content type)."""
    custom = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
              'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
              '2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" '
              f'pid="2" name="{name}"><vt:lpwstr>{value}</vt:lpwstr></property></Properties>')
    with zipfile.ZipFile(path) as z:
        parts = [(i, z.read(i.filename)) for i in z.infolist()]
    out = []
    for info, data in parts:
        if info.filename == "_rels/.rels":
            data = data.replace(b"</Relationships>", (
                '<Relationship Id="rIdCustom" Type="http://schemas.openxmlformats.org/'
                'officeDocument/2006/relationships/custom-properties" '
                'Target="docProps/custom.xml"/></Relationships>').encode())
        elif info.filename == "[Content_Types].xml":
            data = data.replace(b"</Types>", (
                '<Override PartName="/docProps/custom.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>').encode())
        out.append((info.filename, data))
    out.append(("docProps/custom.xml", custom.encode()))
    write_zip(path, out)


def write_zip(path, parts, level=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", level) as z:
        for name, data in parts:
            z.writestr(zipfile.ZipInfo(name, (2025, 4, 1, 8, 0, 0)), data, compress_type=level)


def libreoffice_copy(src, outdir):
    """The workbook opened and saved again by LibreOffice (it computes the
    formulas' values, and writes its own XML)."""
    soffice = shutil.which("soffice")
    if not soffice:
        sys.exit("make_fixtures.py: soffice not found: install libreoffice-calc-nogui")
    home = os.path.join(outdir, "home")
    os.makedirs(home, exist_ok=True)
    env = dict(os.environ, HOME=home)
    r = subprocess.run([soffice, "--headless", "--norestore", "--convert-to", "xlsx",
                        "--outdir", outdir, src], env=env, capture_output=True, timeout=300)
    out = os.path.join(outdir, os.path.basename(src))
    if r.returncode != 0 or not os.path.exists(out):
        sys.exit(f"make_fixtures.py: soffice failed ({r.returncode}): "
                 f"{r.stdout.decode()} {r.stderr.decode()}")
    shutil.rmtree(home, ignore_errors=True)


# ---- the same table as CSV ----------------------------------------------------

def vn_number(v):
    """Vietnamese notation: a dot between thousands."""
    return f"{v:,}".replace(",", ".") if isinstance(v, int) else v


def table_rows():
    """The form as the rows of a CSV: merged cells become one filled cell
    followed by empty ones, numbers in Vietnamese notation, totals."""
    rows = [["UBND TỈNH BÌNH DƯƠNG"] + [""] * 12,
            ["Biểu số 06a/VPCP/KSTT"] + [""] * 12,
            ["TỔNG HỢP TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC QUÝ I NĂM 2025"] + [""] * 12]
    for row in HEADER:
        rows.append(["" if v is None else v for v in row])
    # A header cell with a line break inside its quotes: the record spans two lines.
    rows[HEADER_ROW - 1][2] = "Số hồ sơ nhận\ngiải quyết"
    rows.append(list(NUMBERS))
    totals = [0] * 11
    for row in BODY:
        kind, stt, name = row[:3]
        out = ["" if stt is None else str(stt), name] + [""] * 11
        if kind == "unit":
            c = row[3:]
            n = [int(x.replace(".", "")) if isinstance(x, str) and x != "-" else
                 x if isinstance(x, int) else 0 for x in c]
            vals = [n[0] + n[1] + n[2], c[0], c[1], c[2], n[3] + n[4] + n[5], c[3], c[4], c[5],
                    n[6] + n[7], c[6], c[7]]
            nums = [n[0] + n[1] + n[2], n[0], n[1], n[2], n[3] + n[4] + n[5], n[3], n[4], n[5],
                    n[6] + n[7], n[6], n[7]]
            totals = [a + b for a, b in zip(totals, nums)]
            out[2:] = [vn_number(v) for v in vals]
        rows.append(out)
    rows.append(["", "TỔNG CỘNG"] + [vn_number(v) for v in totals])
    rows.append([NOTES[0]] + [""] * 12)
    rows.append(["Tỷ lệ đúng hạn", "88,78"] + [""] * 11)
    return rows


def csv_text(rows, sep):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, lineterminator="\r\n")
    w.writerows(rows)
    return buf.getvalue()


TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text):
    """Windows-1258 as Vietnamese Windows writes it: letters with a tone mark
    become the letter without it, then the combining tone mark."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        d = unicodedata.normalize("NFD", ch)
        tone = "".join(m for m in d if m in TONES)
        base = unicodedata.normalize("NFC", "".join(m for m in d if m not in TONES))
        out += (base + tone).encode("cp1258")
    return bytes(out)


def csv_files(d):
    rows = table_rows()
    with open(os.path.join(d, "bieu06a-utf8.csv"), "w", encoding="utf-8", newline="") as f:
        f.write(csv_text(rows, ";"))
    with open(os.path.join(d, "bieu06a-bom.csv"), "w", encoding="utf-8-sig", newline="") as f:
        f.write(csv_text(rows, ";"))
    with open(os.path.join(d, "bieu06a-1258.csv"), "wb") as f:
        f.write(cp1258(csv_text(rows, ";")))
    # Decomposed text with commas: as a Mac or an old keyboard driver writes.
    with open(os.path.join(d, "bieu06a-comma.csv"), "w", encoding="utf-8", newline="") as f:
        f.write(unicodedata.normalize("NFD", csv_text(rows, ",").replace("\r\n", "\n")))
    # Excel's "Unicode text": UTF-16 with its mark, tabs.
    with open(os.path.join(d, "bieu06a-unicode.txt"), "wb") as f:
        f.write(csv_text(rows, "\t").encode("utf-16"))


# ---- workbooks typed out as other producers write them ---------------------------

CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="rels" ContentType="application/'
                 'vnd.openxmlformats-package.relationships+xml"/>'
                 '<Default Extension="xml" ContentType="application/xml"/></Types>')


def pkg_rels(target="xl/workbook.xml", base=NS_R):
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            f'<Relationships xmlns="{NS_PKG}"><Relationship Id="rId1" '
            f'Type="{base}/officeDocument" Target="{target}"/></Relationships>')


def workbook_xml(sheets, main=NS_MAIN, rel=NS_R):
    """sheets: (name, rId, state or None)."""
    items = "".join(f'<sheet name="{n}" sheetId="{i + 1}" r:id="{rid}"'
                    + (f' state="{st}"' if st else "") + "/>"
                    for i, (n, rid, st) in enumerate(sheets))
    return (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}">'
            f'<sheets>{items}</sheets></workbook>')


def wb_rels(targets, base=NS_R, shared=None):
    """targets: (rId, target, type)."""
    items = "".join(f'<Relationship Id="{rid}" Type="{base}/{typ}" Target="{t}"/>'
                    for rid, t, typ in targets)
    if shared:
        items += f'<Relationship Id="rIdS" Type="{base}/sharedStrings" Target="{shared}"/>'
    return f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{NS_PKG}">{items}</Relationships>'


def sheet_xml(body, main=NS_MAIN, extra=""):
    return (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}" '
            f'xmlns:r="{NS_R}"><sheetData>{body}</sheetData>{extra}</worksheet>')


def one_sheet_book(path, body, shared=None, extra="", name="Sheet1"):
    parts = [("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", pkg_rels()),
             ("xl/workbook.xml", workbook_xml([(name, "rId1", None)])),
             ("xl/_rels/workbook.xml.rels",
              wb_rels([("rId1", "worksheets/sheet1.xml", "worksheet")],
                      shared="sharedStrings.xml" if shared is not None else None)),
             ("xl/worksheets/sheet1.xml", sheet_xml(body, extra=extra))]
    if shared is not None:
        parts.append(("xl/sharedStrings.xml",
                      f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{NS_MAIN}">{shared}</sst>'))
    write_zip(path, parts)


def handmade(d):
    """Rich text with phonetic runs, inline strings, booleans, errors,
    formula strings, dates, escapes, cells and rows without r=, decomposed
    text, and absolute targets as openpyxl writes them."""
    nfd = unicodedata.normalize("NFD", "Ủy ban nhân dân")
    shared = ('<si><t>Sở Tư pháp</t></si>'
              '<si><r><rPr><b/></rPr><t>Số hồ sơ </t></r><r><t xml:space="preserve">'
              'đã giải quyết</t></r><rPh sb="0" eb="1"><t>ソ</t></rPh><phoneticPr fontId="1"/></si>'
              '<si><t>Dòng 1_x000D__x000A_Dòng 2 _x005F_x0041_</t></si>'
              f'<si><t>{nfd}</t></si>'
              '<si><t></t></si>'
              '<si><t>emoji _xD83D__xDE00_ and _xZZZZ_</t></si>')
    body = ('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
            '<c r="C1" t="inlineStr"><is><t>Chuỗi trực tiếp</t></is></c>'
            '<c r="D1" t="inlineStr"><is><r><t>Phần </t></r><r><rPr><i/></rPr><t>nghiêng</t></r>'
            '</is></c></row>'
            '<row r="2"><c r="A2" t="b"><v>1</v></c><c r="B2" t="b"><v>0</v></c>'
            '<c r="C2" t="e"><v>#DIV/0!</v></c><c r="D2" t="e"><f>NA()</f><v>#N/A</v></c></row>'
            '<row r="3"><c r="A3"><v>1E-3</v></c><c r="B3" t="n"><v>-12.5</v></c>'
            '<c r="C3" t="str"><f>A1&amp;"!"</f><v>Sở Tư pháp!</v></c>'
            '<c r="D3"><f>SUM(A3:B3)</f><v>-12.499</v></c>'
            '<c r="E3" t="d"><v>2025-03-31T00:00:00</v></c>'
            '<c r="F3"><f>1+1</f></c></row>'
            # No r= on rows or cells: they follow the last ones.
            '<row><c t="s"><v>2</v></c><c><v>7</v></c><c t="s"><v>3</v></c></row>'
            '<row r="6"><c r="B6" t="s"><v>4</v></c><c r="C6" t="s"><v>5</v></c>'
            '<c r="E6" s="3"/></row>'
            '<row r="9" spans="1:3"/>')
    merges = '<mergeCells count="2"><mergeCell ref="A1:B2"/><mergeCell ref="D9:C7"/></mergeCells>'
    parts = [("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", pkg_rels("/xl/workbook.xml")),
             ("xl/workbook.xml", workbook_xml([("Dữ liệu", "rId1", None),
                                               ("Ẩn", "rId2", "veryHidden"),
                                               ("Biểu đồ", "rId3", None)])),
             ("xl/_rels/workbook.xml.rels",
              wb_rels([("rId1", "/xl/worksheets/data.xml", "worksheet"),
                       ("rId2", "worksheets/../worksheets/other%20one.xml", "worksheet"),
                       ("rId3", "chartsheets/sheet1.xml", "chartsheet")],
                      shared="/xl/strings.xml")),
             ("xl/worksheets/data.xml", sheet_xml(body, extra=merges)),
             ("xl/worksheets/other one.xml", sheet_xml('<row r="2"><c r="B2"><v>5</v></c></row>')),
             ("xl/chartsheets/sheet1.xml", "<chartsheet/>"),
             ("xl/strings.xml",
              f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{NS_MAIN}">{shared}</sst>')]
    write_zip(os.path.join(d, "handmade.xlsx"), parts)


def write_only(d):
    """openpyxl's write-only mode, as systems export large tables: inline
    strings, no shared strings part."""
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Xuất dữ liệu")
    ws.append(["STT", "Tên đơn vị", "Trực tuyến"])
    ws.append([1, "UBND xã An Tây", 1510])
    ws.append([2, "UBND phường Chánh Nghĩa", 0.5])
    wb.save(os.path.join(d, "write-only.xlsx"))


def prefixed(d):
    """The .NET Open XML SDK's way: every element prefixed "x:", no default
    namespace; the property in Strict's namespace names too."""
    X = NS_MAIN
    wb = (f'<?xml version="1.0" encoding="utf-8"?><x:workbook xmlns:x="{X}" '
          f'xmlns:rel="{NS_R}"><x:sheets><x:sheet name="Báo cáo" sheetId="1" rel:id="R1a"/>'
          '</x:sheets></x:workbook>')
    sheet = (f'<?xml version="1.0" encoding="utf-8"?><x:worksheet xmlns:x="{X}"><x:sheetData>'
             '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Đơn vị</x:t></x:is></x:c>'
             '<x:c r="B1" t="s"><x:v>0</x:v></x:c></x:row>'
             '<x:row r="2"><x:c r="A2" t="s"><x:v>1</x:v></x:c><x:c r="B2"><x:v>42</x:v></x:c>'
             '</x:row></x:sheetData><x:mergeCells><x:mergeCell ref="A3:B3"/></x:mergeCells>'
             # Another namespace's "c" and "v" are not cells.
             '<y:c xmlns:y="urn:other"><y:v>9</y:v></y:c></x:worksheet>')
    sst = (f'<?xml version="1.0" encoding="utf-8"?><x:sst xmlns:x="{X}"><x:si><x:t>Số lượng</x:t>'
           '</x:si><x:si><x:t>Sở Nội vụ</x:t></x:si></x:sst>')
    rels = (f'<?xml version="1.0" encoding="utf-8"?><Relationships xmlns="{NS_PKG}">'
            f'<Relationship Type="{NS_R}/worksheet" Target="/xl/worksheets/sheet.xml" Id="R1a"/>'
            f'<Relationship Type="{NS_R}/sharedStrings" Target="/xl/sharedStrings.xml" Id="R2b"/>'
            '</Relationships>')
    custom = ('<?xml version="1.0" encoding="utf-8"?><op:Properties xmlns:op="http://schemas.'
              'openxmlformats.org/officeDocument/2006/custom-properties" xmlns:v="http://'
              'schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><op:property '
              'fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="MinhBach">'
              '<v:lpwstr>index par 2023</v:lpwstr></op:property></op:Properties>')
    pkg = (f'<?xml version="1.0" encoding="utf-8"?><Relationships xmlns="{NS_PKG}">'
           f'<Relationship Type="{NS_R}/officeDocument" Target="/xl/workbook.xml" Id="R0"/>'
           f'<Relationship Type="{NS_R}/custom-properties" Target="/docProps/custom.xml" Id="R9"/>'
           '</Relationships>')
    write_zip(os.path.join(d, "prefixed.xlsx"),
              [("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", pkg),
               ("xl/workbook.xml", wb), ("xl/_rels/workbook.xml.rels", rels),
               ("xl/worksheets/sheet.xml", sheet), ("xl/sharedStrings.xml", sst),
               ("docProps/custom.xml", custom)])


def strict(d):
    """ISO/IEC 29500 Strict: other namespace names, same elements."""
    main = "http://purl.oclc.org/ooxml/spreadsheetml/main"
    rel = "http://purl.oclc.org/ooxml/officeDocument/relationships"
    sheet = (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><sheetData>'
             '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>3.25</v></c></row>'
             '</sheetData></worksheet>')
    write_zip(os.path.join(d, "strict.xlsx"),
              [("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", pkg_rels(base=rel)),
               ("xl/workbook.xml", workbook_xml([("Strict", "rId1", None)], main, rel)),
               ("xl/_rels/workbook.xml.rels",
                wb_rels([("rId1", "worksheets/sheet1.xml", "worksheet")], rel, "sharedStrings.xml")),
               ("xl/worksheets/sheet1.xml", sheet),
               ("xl/sharedStrings.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{main}"><si><t>Chặt chẽ</t>'
                '</si></sst>')])


# ---- hostile files ---------------------------------------------------------------

def bomb(d):
    """A sheet part of about 130 KB that inflates past the 128 MB limit:
    white space between elements, which a parser would happily read on."""
    head = sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>').split("</sheetData>")[0]
    size = (128 << 20) + (1 << 20)
    z = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunks = [z.compress(head.encode())]
    block = b" " * (1 << 20)
    crc = zlib.crc32(head.encode())
    for _ in range(size >> 20):
        chunks.append(z.compress(block))
        crc = zlib.crc32(block, crc)
    chunks.append(z.flush())
    comp = b"".join(chunks)
    total = len(head.encode()) + size
    write_book_with_raw_sheet(os.path.join(d, "bomb.xlsx"), comp, crc, total)
    # The same, declaring a small size in both headers: the size is counted
    # as the data inflates, never trusted.
    write_book_with_raw_sheet(os.path.join(d, "bomb-lying.xlsx"), comp, crc, 4096)
    return len(comp)


def write_book_with_raw_sheet(path, comp, crc, declared):
    """A workbook whose sheet entry is the deflated bytes comp, declared as
    `declared` bytes inflated; the other parts are ordinary."""
    one_sheet_book(path, "")
    with zipfile.ZipFile(path) as z:
        others = [(i.filename, z.read(i.filename)) for i in z.infolist()
                  if i.filename != "xl/worksheets/sheet1.xml"]
    out = io.BytesIO()
    central = []
    for name, data in others:
        c = zlib.compressobj(6, zlib.DEFLATED, -15)
        cd = c.compress(data) + c.flush()
        central.append(local_entry(out, name, cd, zlib.crc32(data), len(data)))
    central.append(local_entry(out, "xl/worksheets/sheet1.xml", comp, crc, declared))
    start = out.tell()
    for name, off, crc_, csize, usize in central:
        n = name.encode()
        out.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014b50, 20, 20, 0, 8, 0, 0, crc_,
                              csize, usize, len(n), 0, 0, 0, 0, 0, off) + n)
    end = out.tell()
    out.write(struct.pack("<IHHHHIIH", 0x06054b50, 0, 0, len(central), len(central),
                          end - start, start, 0))
    with open(path, "wb") as f:
        f.write(out.getvalue())


def local_entry(out, name, comp, crc, usize):
    off = out.tell()
    n = name.encode()
    out.write(struct.pack("<IHHHHHIIIHH", 0x04034b50, 20, 0, 8, 0, 0, crc, len(comp), usize,
                          len(n), 0) + n + comp)
    return (name, off, crc, len(comp), usize)


def many_rows(path, n):
    """n rows of one cell each, without r= (the sheet says how many in its
    dimension), streamed into the zip."""
    head = sheet_xml("").split("<sheetData>")[0].encode()
    one_sheet_book(path, "")
    with zipfile.ZipFile(path) as z:
        others = [(i.filename, z.read(i.filename)) for i in z.infolist()
                  if i.filename != "xl/worksheets/sheet1.xml"]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in others:
            z.writestr(name, data)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(head + f'<dimension ref="A1:A{n}"/><sheetData>'.encode())
            row = b"<row><c><v>1</v></c></row>"
            block = row * 4096
            left = n
            while left >= 4096:
                f.write(block)
                left -= 4096
            f.write(row * left)
            f.write(b"</sheetData></worksheet>")


def hostile(d):
    # Malformed XML: the tag closed on line 3 does not match.
    one_sheet_book(os.path.join(d, "malformed.xlsx"),
                   '<row r="1"><c r="A1"><v>1</v></c></row>\n<row r="2">\n<c r="A2"><v>2</v></row>')
    one_sheet_book(os.path.join(d, "badtype.xlsx"),
                   '<row r="1"><c r="A1" t="zz"><v>1</v></c><c r="B1"><v>2</v></c></row>'
                   '<row r="2"><c r="C2" t="n"><v>abc</v></c><c r="D2" t="s"><v>7</v></c>'
                   '<c r="E2" t="b"><v>2</v></c></row>')
    one_sheet_book(os.path.join(d, "badref.xlsx"),
                   '<row r="1"><c r="A0"><v>1</v></c></row><row r="2"><c r="XFE2"><v>1</v></c>'
                   '<c r="XFD2"><v>1</v></c></row><row r="3"><c r="B4"><v>1</v></c></row>'
                   '<row r="1048577"><c r="A1048577"><v>1</v></c></row>',
                   extra='<mergeCells><mergeCell ref="A1:XFE3"/></mergeCells>')
    one_sheet_book(os.path.join(d, "lastrow.xlsx"),
                   '<row r="1048576"><c r="XFD1048576"><v>5</v></c></row>')
    write_zip(os.path.join(d, "doctype.xlsx"),
              [("_rels/.rels", pkg_rels()),
               ("xl/workbook.xml", '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
                f'<workbook xmlns="{NS_MAIN}"><sheets><sheet name="&lol2;" r:id="rId1" '
                f'xmlns:r="{NS_R}"/></sheets></workbook>')])
    one_sheet_book(os.path.join(d, "deep.xlsx"),
                   '<row r="1"><c r="A1"><v>1</v></c></row>',
                   extra="<extLst>" + "<ext>" * 300 + "</ext>" * 300 + "</extLst>")
    # A sheet whose part is missing; shared strings that are missing.
    write_zip(os.path.join(d, "missing-part.xlsx"),
              [("_rels/.rels", pkg_rels()),
               ("xl/workbook.xml", workbook_xml([("Mất", "rId1", None)])),
               ("xl/_rels/workbook.xml.rels",
                wb_rels([("rId1", "worksheets/sheet1.xml", "worksheet")], shared="sharedStrings.xml"))])
    write_zip(os.path.join(d, "no-workbook.xlsx"), [("readme.txt", "not a workbook")])
    write_zip(os.path.join(d, "opendocument.ods"),
              [("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
               ("content.xml", "<office:document-content/>")], zipfile.ZIP_STORED)
    with open(os.path.join(d, "bieu06a.xlsx"), "rb") as f:
        good = f.read()
    with open(os.path.join(d, "truncated.xlsx"), "wb") as f:
        f.write(good[:len(good) // 2])
    # The central directory intact, a part's data damaged: the checksum catches it.
    with zipfile.ZipFile(os.path.join(d, "bieu06a.xlsx")) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    damaged = bytearray(good)
    at = info.header_offset + 30 + len(info.filename) + 40
    for i in range(at, at + 16):
        damaged[i] ^= 0x55
    with open(os.path.join(d, "damaged.xlsx"), "wb") as f:
        f.write(bytes(damaged))
    with open(os.path.join(d, "notzip.xlsx"), "w") as f:
        f.write("STT;Tên đơn vị\n1;Sở Tư pháp\n")
    with open(os.path.join(d, "webpage.xls"), "w") as f:
        f.write("\n<html><body><table><tr><td>1</td></tr></table></body></html>\n")
    with open(os.path.join(d, "encrypted.xlsx"), "wb") as f:
        f.write(bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + b"\0" * 504)
    open(os.path.join(d, "empty.xlsx"), "wb").close()
    open(os.path.join(d, "empty.csv"), "wb").close()
    # Invalid UTF-8 (0xC3 0x28) on line 2 and, on line 3, 0x81, which
    # Windows-1258 leaves undefined.
    with open(os.path.join(d, "bad-bytes.csv"), "wb") as f:
        f.write(b"STT;T\xc3\xaan\n1;S\xc3\x28\n2;X\x81Y\n")
    with open(os.path.join(d, "nul.csv"), "wb") as f:
        f.write(b"a;b\nc;d\x00e\n")
    with open(os.path.join(d, "unterminated.csv"), "w", encoding="utf-8") as f:
        f.write('STT;Tên\n1;"Sở Tư pháp\n2;Sở Nội vụ\n')
    with open(os.path.join(d, "stray-quote.csv"), "w", encoding="utf-8") as f:
        f.write('a;b\n1;Sở "Tư" pháp\n2;"x"y\n')


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_fixtures.py DIR")
    d = sys.argv[1]
    os.makedirs(os.path.join(d, "lo"), exist_ok=True)
    form_workbook(os.path.join(d, "bieu06a.xlsx"))
    libreoffice_copy(os.path.join(d, "bieu06a.xlsx"), os.path.join(d, "lo"))
    csv_files(d)
    handmade(d)
    write_only(d)
    prefixed(d)
    strict(d)
    bomb(d)
    many_rows(os.path.join(d, "rows-1048576.xlsx"), 1048576)
    many_rows(os.path.join(d, "rows-1048577.xlsx"), 1048577)
    hostile(d)


if __name__ == "__main__":
    main()
