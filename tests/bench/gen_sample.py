#!/usr/bin/env python3
"""gen_sample.py [OUTDIR] - regenerate the illustrative sample data folder.

Writes the sample province (tỉnh Bình Dương before the 2025 reorganisation:
17 sở, ban, ngành, 9 district-level and 91 commune-level People's Committees)
in the data format described in data/README.md: site.json, units.json, three indices
(PAR INDEX and SIPAS yearly for 2022 and 2023, the 766 index quarterly for
2024), eight quarters of services.json (2023-q1 to 2024-q4), procedures.json
and four Markdown pages.  The data ends in 2024-q4, before the province was
merged into Thành phố Hồ Chí Minh on 1/7/2025 (a news page says so).
OUTDIR defaults to `data` next to the repository root.

Every figure is illustrative ("dữ liệu minh họa"): the names of units,
procedures and the structure of the PAR INDEX are real, the scores and counts
are drawn from a fixed random seed, so two runs give identical files.

gen_national.py imports PAR_CRITERIA and the helpers from this file.
"""
import json
import os
import random
import re
import sys
import unicodedata

SEED = 20240417
ONE = 10000  # fixed point: values are kept in ten-thousandths

# ---------------------------------------------------------------------------
# helpers


def slug(text):
    """ASCII slug of a Vietnamese name: 'Cây Trường II' -> 'cay-truong-ii'."""
    t = text.replace("Đ", "D").replace("đ", "d")
    t = unicodedata.normalize("NFD", t)
    t = "".join(c for c in t if unicodedata.category(c) != "Mn")
    out, prev_dash = [], True
    for c in t.lower():
        if c.isascii() and c.isalnum():
            out.append(c)
            prev_dash = False
        elif not prev_dash:
            out.append("-")
            prev_dash = True
    return "".join(out).strip("-")


def num(v):
    """A fixed-point value (ten-thousandths) as the JSON number to write."""
    if v % ONE == 0:
        return v // ONE
    return float("%d.%04d" % (v // ONE, v % ONE))


def fx(x):
    """A decimal literal (at most 4 decimals) to fixed point."""
    return int(round(x * ONE))


def write_json(path, obj, indent=2):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        json.dump(obj, f, ensure_ascii=False, indent=indent)
        f.write("\n")


def write_text(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


# ---------------------------------------------------------------------------
# the PAR INDEX (structure of QĐ 876/QĐ-BNV as used for provincial agencies;
# the maxima of areas 3, 5, 6, 7 and 8 are an illustrative split of 70 points)

PAR_CRITERIA = [
    ("chi-dao-dieu-hanh", "Công tác chỉ đạo, điều hành", 9.5, [
        ("ke-hoach-cchc", "Kế hoạch cải cách hành chính năm", 3, [
            ("ban-hanh-ke-hoach", "Ban hành kế hoạch đúng thời hạn, đủ nội dung", 1, None),
            ("hoan-thanh-ke-hoach", "Mức độ hoàn thành kế hoạch", 2, None)]),
        ("bao-cao-cchc", "Báo cáo cải cách hành chính định kỳ", 1.5, None),
        ("kiem-tra-cchc", "Kiểm tra công tác cải cách hành chính", 2.5, None),
        ("tuyen-truyen-cchc", "Tuyên truyền, sáng kiến cải cách hành chính", 2.5, None)]),
    ("cai-cach-the-che", "Cải cách thể chế", 10, [
        ("xay-dung-vbqppl", "Xây dựng, ban hành văn bản quy phạm pháp luật", 3.5, None),
        ("theo-doi-thi-hanh-phap-luat", "Theo dõi thi hành pháp luật", 3, None),
        ("ra-soat-vbqppl", "Rà soát, hệ thống hóa văn bản quy phạm pháp luật", 3.5, None)]),
    ("cai-cach-thu-tuc-hanh-chinh", "Cải cách thủ tục hành chính", 12.5, [
        ("kiem-soat-tthc", "Kiểm soát thủ tục hành chính", 3, None),
        ("cong-khai-tthc", "Công khai thủ tục hành chính", 3, None),
        ("mot-cua-lien-thong", "Thực hiện cơ chế một cửa, một cửa liên thông", 4.5, None),
        ("phan-anh-kien-nghi", "Tiếp nhận, xử lý phản ánh, kiến nghị", 2, None)]),
    ("cai-cach-to-chuc-bo-may", "Cải cách tổ chức bộ máy", 10.5, [
        ("sap-xep-to-chuc", "Sắp xếp, kiện toàn tổ chức bộ máy", 4, None),
        ("quan-ly-bien-che", "Quản lý, sử dụng biên chế", 3.5, None),
        ("phan-cap-phan-quyen", "Thực hiện phân cấp, phân quyền", 3, None)]),
    ("cai-cach-che-do-cong-vu", "Cải cách chế độ công vụ", 14, [
        ("vi-tri-viec-lam", "Vị trí việc làm, cơ cấu ngạch công chức", 4, None),
        ("tuyen-dung-bo-nhiem", "Tuyển dụng, bổ nhiệm", 3.5, None),
        ("danh-gia-xep-loai", "Đánh giá, xếp loại công chức", 3, None),
        ("ky-luat-ky-cuong", "Kỷ luật, kỷ cương hành chính", 3.5, None)]),
    ("cai-cach-tai-chinh-cong", "Cải cách tài chính công", 10, [
        ("quan-ly-ngan-sach", "Quản lý, sử dụng ngân sách", 4, None),
        ("tu-chu-su-nghiep", "Tự chủ của đơn vị sự nghiệp công lập", 3, None),
        ("tiet-kiem-chong-lang-phi", "Thực hành tiết kiệm, chống lãng phí", 3, None)]),
    ("chinh-quyen-so", "Xây dựng và phát triển chính quyền điện tử, chính quyền số", 11, [
        ("ha-tang-so", "Hạ tầng số, văn bản điện tử", 3, None),
        ("dich-vu-cong-truc-tuyen", "Cung cấp dịch vụ công trực tuyến", 5, [
            ("ho-so-toan-trinh", "Tỷ lệ hồ sơ trực tuyến toàn trình", 3, None),
            ("thanh-toan-truc-tuyen", "Tỷ lệ thanh toán trực tuyến", 2, None)]),
        ("so-hoa-ho-so", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", 3, None)]),
    ("tac-dong-cchc", "Tác động của cải cách hành chính đến người dân, tổ chức "
     "và phát triển kinh tế – xã hội", 22.5, [
        ("hai-long-nguoi-dan", "Sự hài lòng của người dân, tổ chức (SIPAS)", 12, None),
        ("danh-gia-lanh-dao", "Đánh giá của lãnh đạo, quản lý", 6.5, None),
        ("phat-trien-kt-xh", "Tác động đến phát triển kinh tế – xã hội", 4, None)]),
]

PAR_DESCRIPTION = """\
**Chỉ số cải cách hành chính** (PAR INDEX) đo kết quả thực hiện nhiệm vụ cải
cách hành chính (CCHC) trong năm của từng sở, ban, ngành, UBND cấp huyện và
UBND cấp xã trên địa bàn tỉnh. Bộ chỉ số được xây dựng trên khung của Đề án
xác định Chỉ số CCHC giai đoạn 2022–2030 (Quyết định số 876/QĐ-BNV ngày
10/11/2022 của Bộ Nội vụ), gồm 8 lĩnh vực, thang điểm 100.

## Ai chấm điểm, chấm thế nào

1. **Tự đánh giá**: mỗi cơ quan, địa phương tự chấm điểm theo từng tiêu chí,
   tiêu chí thành phần và gửi kèm tài liệu kiểm chứng.
2. **Thẩm định**: Hội đồng thẩm định do Sở Nội vụ làm thường trực rà soát tài
   liệu kiểm chứng và có thể điều chỉnh điểm tự đánh giá.
3. **Điều tra xã hội học**: lĩnh vực *Tác động của CCHC* được chấm qua khảo sát
   người dân, tổ chức (chỉ số hài lòng SIPAS) và khảo sát lãnh đạo, quản lý.

Tiêu chí **không áp dụng** đối với một đơn vị (ví dụ tự chủ của đơn vị sự
nghiệp công lập đối với cơ quan không có đơn vị sự nghiệp) không được tính vào
điểm tối đa của đơn vị đó. Kết quả là **tỷ lệ phần trăm** giữa tổng điểm đạt
được và điểm tối đa áp dụng.

## Xếp hạng và xếp nhóm

Các đơn vị chỉ được xếp hạng trong cùng khối (sở, ban, ngành; cấp huyện; cấp
xã). Đơn vị có cùng tỷ lệ phần trăm được xếp đồng hạng. Kết quả được xếp nhóm:

- **Nhóm A**: từ 90% trở lên;
- **Nhóm B**: từ 80% đến dưới 90%;
- **Nhóm C**: từ 70% đến dưới 80%;
- **Nhóm D**: dưới 70%.

Điểm tối đa của các lĩnh vực 3, 5, 6, 7 và 8 trong bộ dữ liệu này là phân bổ
minh họa.
"""

PAR_BANDS = [
    {"min": 90, "name": "Nhóm A"},
    {"min": 80, "name": "Nhóm B"},
    {"min": 70, "name": "Nhóm C"},
    {"min": 0, "name": "Nhóm D"},
]


def unwrap(md):
    """Joins the hard-wrapped lines of each Markdown paragraph or list item."""
    out = []
    for line in md.split("\n"):
        cont = (out and out[-1] != "" and line.strip() != "" and not line.startswith(("#", "- "))
                and not re.match(r"[0-9]+\. ", line) and not out[-1].startswith("#"))
        if cont:
            out[-1] += " " + line.strip()
        else:
            out.append(line)
    return "\n".join(out)


def criteria_json(nodes):
    out = []
    for cid, name, mx, kids in nodes:
        c = {"id": cid, "name": name, "max": mx}
        if kids:
            c["criteria"] = criteria_json(kids)
        out.append(c)
    return out


def par_index_json():
    return {
        "id": "par",
        "name": "Chỉ số cải cách hành chính",
        "short_name": "PAR INDEX",
        "description": unwrap(PAR_DESCRIPTION),
        "levels": ["lĩnh vực", "tiêu chí", "tiêu chí thành phần"],
        "criteria": criteria_json(PAR_CRITERIA),
        "bands": PAR_BANDS,
    }


class Tree:
    """Flattened criteria tree: pre-order ids, parents, maxima (fixed point)."""

    def __init__(self, nodes):
        self.ids, self.parent, self.max, self.kids, self.leaves = [], {}, {}, {}, []
        self.top = [n[0] for n in nodes]

        def walk(ns, parent):
            for cid, _name, mx, kids in ns:
                self.ids.append(cid)
                self.parent[cid] = parent
                self.max[cid] = fx(mx)
                self.kids[cid] = [k[0] for k in kids] if kids else []
                if not kids:
                    self.leaves.append(cid)
                walk(kids or [], cid)
        walk(nodes, None)
        self.total_max = sum(self.max[t] for t in self.top)

    def ancestors_or_self(self, cid):
        while cid is not None:
            yield cid
            cid = self.parent[cid]

    def leaves_under(self, cid):
        if not self.kids[cid]:
            return [cid]
        out = []
        for k in self.kids[cid]:
            out.extend(self.leaves_under(k))
        return out


PAR_TREE = Tree(PAR_CRITERIA)


def draw_leaves(rng, tree, quality, na=(), spread=0.05, step=100):
    """Leaf values (fixed point, multiples of `step`) for a unit of the
    given quality (0..1); criteria in `na` (any level) are not applicable."""
    na_leaves = set()
    for c in na:
        na_leaves.update(tree.leaves_under(c))
    vals = {}
    for leaf in tree.leaves:
        if leaf in na_leaves:
            continue
        mx = tree.max[leaf]
        f = quality + rng.gauss(0, spread)
        # easy criteria (reports, plans) are usually near full marks
        if leaf in ("ban-hanh-ke-hoach", "bao-cao-cchc", "cong-khai-tthc"):
            f = max(f, 0.9 + rng.random() * 0.1)
        f = min(1.0, max(0.3, f))
        v = int(round(mx * f / step)) * step
        vals[leaf] = min(mx, v)
    return vals


def adjust_total(rng, tree, vals, target, step=100):
    """Moves leaf values by `step` until their sum equals target."""
    leaves = sorted(vals)
    guard = 0
    while True:
        diff = target - sum(vals.values())
        if diff == 0:
            return vals
        guard += 1
        if guard > 100000:
            raise RuntimeError("cannot reach total")
        leaf = rng.choice(leaves)
        d = step if diff > 0 else -step
        if abs(diff) < step:
            d = diff
        nv = vals[leaf] + d
        if 0 <= nv <= tree.max[leaf]:
            vals[leaf] = nv


def score_row(unit_id, tree, vals, na=()):
    """A score object for the data file: leaf values, null for n/a nodes."""
    crit = {}
    for cid in tree.ids:
        if cid in na:
            crit[cid] = None
        elif cid in vals:
            crit[cid] = num(vals[cid])
    return {"unit": unit_id, "criteria": crit}


def compute_ranks(rows):
    """rows: list of (unit_id, total, max).  Returns {unit: rank} with shared
    ranks for exactly equal percentages (compared as total*max' vs total'*max)."""
    from functools import cmp_to_key

    def cmp(a, b):
        x = a[1] * b[2] - b[1] * a[2]
        if x != 0:
            return -1 if x > 0 else 1
        return -1 if a[0] < b[0] else (1 if a[0] > b[0] else 0)
    order = sorted(rows, key=cmp_to_key(cmp))
    ranks, prev, prev_rank = {}, None, 0
    for i, r in enumerate(order):
        if prev is not None and r[1] * prev[2] == prev[1] * r[2]:
            ranks[r[0]] = prev_rank
        else:
            ranks[r[0]] = i + 1
            prev_rank = i + 1
        prev = r
    return ranks


def pct(total, mx):
    """Percentage total/mx rounded half away from zero to 2 decimals, as
    Vietnamese text ("88,78")."""
    v = (2 * total * 10000 + mx) // (2 * mx)
    return "%d,%02d" % (v // 100, v % 100)


# ---------------------------------------------------------------------------
# units of tỉnh Bình Dương

CENTRE = ("Trung tâm Hành chính tập trung tỉnh, đường Lê Lợi, phường Hòa Phú, "
          "thành phố Thủ Dầu Một, tỉnh Bình Dương")

# id, name, site prefix, tower/floor, phone, services volume (files per quarter)
DEPARTMENTS = [
    ("van-phong-ubnd-tinh", "Văn phòng UBND tỉnh", "vpubnd", "Tầng 16, Tháp A", "0274 3822 929", 900),
    ("so-noi-vu", "Sở Nội vụ", "sonoivu", "Tầng 12, Tháp A", "0274 3822 494", 1100),
    ("so-tu-phap", "Sở Tư pháp", "sotuphap", "Tầng 11, Tháp A", "0274 3822 514", 5200),
    ("so-ke-hoach-va-dau-tu", "Sở Kế hoạch và Đầu tư", "sokhdt", "Tầng 5, Tháp A", "0274 3822 601", 7800),
    ("so-tai-chinh", "Sở Tài chính", "sotaichinh", "Tầng 4, Tháp A", "0274 3822 450", 1300),
    ("so-cong-thuong", "Sở Công Thương", "socongthuong", "Tầng 9, Tháp B", "0274 3822 215", 3600),
    ("so-nong-nghiep-va-phat-trien-nong-thon", "Sở Nông nghiệp và Phát triển nông thôn",
     "sonnptnt", "Tầng 10, Tháp B", "0274 3822 367", 1700),
    ("so-giao-thong-van-tai", "Sở Giao thông vận tải", "sogtvt", "Tầng 8, Tháp B", "0274 3822 545", 16500),
    ("so-xay-dung", "Sở Xây dựng", "soxaydung", "Tầng 7, Tháp B", "0274 3822 317", 2100),
    ("so-tai-nguyen-va-moi-truong", "Sở Tài nguyên và Môi trường", "sotnmt",
     "Tầng 6, Tháp B", "0274 3822 477", 27500),
    ("so-thong-tin-va-truyen-thong", "Sở Thông tin và Truyền thông", "sotttt",
     "Tầng 14, Tháp A", "0274 3855 300", 1000),
    ("so-lao-dong-thuong-binh-va-xa-hoi", "Sở Lao động - Thương binh và Xã hội", "soldtbxh",
     "Tầng 13, Tháp B", "0274 3822 389", 4300),
    ("so-van-hoa-the-thao-va-du-lich", "Sở Văn hóa, Thể thao và Du lịch", "sovhttdl",
     "Tầng 15, Tháp B", "0274 3822 618", 1200),
    ("so-khoa-hoc-va-cong-nghe", "Sở Khoa học và Công nghệ", "sokhcn", "Tầng 11, Tháp B", "0274 3822 573", 1050),
    ("so-giao-duc-va-dao-tao", "Sở Giáo dục và Đào tạo", "sogddt", "Tầng 12, Tháp B", "0274 3822 451", 2600),
    ("so-y-te", "Sở Y tế", "soyte", "Tầng 14, Tháp B", "0274 3825 604", 3900),
    ("ban-quan-ly-cac-khu-cong-nghiep", "Ban Quản lý các khu công nghiệp", "bqlkcn",
     "Tầng 9, Tháp A", "0274 3822 520", 9200),
]

DEPT_DESCRIPTIONS = {
    "so-noi-vu": (
        "Cơ quan chuyên môn tham mưu UBND tỉnh về tổ chức bộ máy, biên chế, "
        "công chức, viên chức và **cải cách hành chính**. Sở Nội vụ là cơ quan "
        "thường trực Hội đồng thẩm định Chỉ số CCHC của tỉnh.\n"),
    "so-tu-phap": (
        "Tiếp nhận và giải quyết các thủ tục về **lý lịch tư pháp**, quốc tịch, "
        "hộ tịch có yếu tố nước ngoài, công chứng, luật sư, bổ trợ tư pháp.\n\n"
        "Hồ sơ nộp trực tuyến tại Cổng dịch vụ công quốc gia hoặc tại Trung tâm "
        "Phục vụ hành chính công tỉnh.\n"),
    "so-tai-nguyen-va-moi-truong": (
        "Phụ trách đất đai, môi trường, tài nguyên nước và khoáng sản. Phần lớn hồ "
        "sơ của Sở là hồ sơ **đăng ký biến động đất đai** do Văn phòng Đăng ký đất "
        "đai và các chi nhánh tiếp nhận.\n"),
    "ban-quan-ly-cac-khu-cong-nghiep": (
        "Quản lý nhà nước đối với các khu công nghiệp trên địa bàn tỉnh; cấp giấy "
        "chứng nhận đăng ký đầu tư, giấy phép lao động cho người nước ngoài làm "
        "việc trong khu công nghiệp.\n\n"
        "Một số lĩnh vực của Chỉ số CCHC không áp dụng đối với Ban, nên kết quả "
        "được công bố theo tổng điểm trên điểm tối đa áp dụng (84 điểm).\n"),
}

# district id, kind, name, address, phone, communes [(kind, name)]
P, X, TT = "phường", "xã", "thị trấn"
DISTRICTS = [
    ("tp-thu-dau-mot", "thành phố", "Thủ Dầu Một", "Số 1 Quang Trung, phường Phú Cường", "0274 3822 224",
     [(P, "Chánh Mỹ"), (P, "Chánh Nghĩa"), (P, "Định Hòa"), (P, "Hiệp An"), (P, "Hiệp Thành"),
      (P, "Hòa Phú"), (P, "Phú Cường"), (P, "Phú Hòa"), (P, "Phú Lợi"), (P, "Phú Mỹ"),
      (P, "Phú Tân"), (P, "Phú Thọ"), (P, "Tân An"), (P, "Tương Bình Hiệp")]),
    ("tp-thuan-an", "thành phố", "Thuận An", "Đường Nguyễn Văn Tiết, phường Lái Thiêu", "0274 3755 001",
     [(P, "An Phú"), (P, "An Thạnh"), (P, "Bình Chuẩn"), (P, "Bình Hòa"), (P, "Bình Nhâm"),
      (P, "Hưng Định"), (P, "Lái Thiêu"), (P, "Thuận Giao"), (P, "Vĩnh Phú"), (X, "An Sơn")]),
    ("tp-di-an", "thành phố", "Dĩ An", "Số 1 đường Trần Hưng Đạo, phường Dĩ An", "0274 3742 042",
     [(P, "An Bình"), (P, "Bình An"), (P, "Bình Thắng"), (P, "Dĩ An"), (P, "Đông Hòa"),
      (P, "Tân Bình"), (P, "Tân Đông Hiệp")]),
    ("tp-tan-uyen", "thành phố", "Tân Uyên", "Đường ĐT 746, phường Uyên Hưng", "0274 3656 222",
     [(P, "Hội Nghĩa"), (P, "Khánh Bình"), (P, "Phú Chánh"), (P, "Tân Hiệp"), (P, "Tân Phước Khánh"),
      (P, "Tân Vĩnh Hiệp"), (P, "Thái Hòa"), (P, "Thạnh Phước"), (P, "Uyên Hưng"), (P, "Vĩnh Tân"),
      (X, "Bạch Đằng"), (X, "Thạnh Hội")]),
    ("tp-ben-cat", "thành phố", "Bến Cát", "Đường 30 Tháng 4, phường Mỹ Phước", "0274 3564 122",
     [(P, "Chánh Phú Hòa"), (P, "Hòa Lợi"), (P, "Mỹ Phước"), (P, "Tân Định"), (P, "Thới Hòa"),
      (X, "An Điền"), (X, "An Tây"), (X, "Phú An")]),
    ("huyen-bau-bang", "huyện", "Bàu Bàng", "Đường N8, thị trấn Lai Uyên", "0274 3552 088",
     [(TT, "Lai Uyên"), (X, "Cây Trường II"), (X, "Hưng Hòa"), (X, "Lai Hưng"), (X, "Long Nguyên"),
      (X, "Tân Hưng"), (X, "Trừ Văn Thố")]),
    ("huyen-bac-tan-uyen", "huyện", "Bắc Tân Uyên", "Đường ĐT 746, thị trấn Tân Thành", "0274 3680 168",
     [(TT, "Tân Bình"), (TT, "Tân Thành"), (X, "Bình Mỹ"), (X, "Đất Cuốc"), (X, "Hiếu Liêm"),
      (X, "Lạc An"), (X, "Tân Định"), (X, "Tân Lập"), (X, "Tân Mỹ"), (X, "Thường Tân")]),
    ("huyen-dau-tieng", "huyện", "Dầu Tiếng", "Đường 13 Tháng 3, thị trấn Dầu Tiếng", "0274 3561 234",
     [(TT, "Dầu Tiếng"), (X, "An Lập"), (X, "Định An"), (X, "Định Hiệp"), (X, "Định Thành"),
      (X, "Long Hòa"), (X, "Long Tân"), (X, "Minh Hòa"), (X, "Minh Tân"), (X, "Minh Thạnh"),
      (X, "Thanh An"), (X, "Thanh Tuyền")]),
    ("huyen-phu-giao", "huyện", "Phú Giáo", "Đường Độc Lập, thị trấn Phước Vĩnh", "0274 3672 236",
     [(TT, "Phước Vĩnh"), (X, "An Bình"), (X, "An Linh"), (X, "An Long"), (X, "An Thái"),
      (X, "Phước Hòa"), (X, "Phước Sang"), (X, "Tam Lập"), (X, "Tân Hiệp"), (X, "Tân Long"),
      (X, "Vĩnh Hòa")]),
]

DISTRICT_DESCRIPTIONS = {
    "tp-thu-dau-mot": (
        "Trung tâm hành chính, chính trị của tỉnh, gồm 14 phường. Bộ phận Tiếp "
        "nhận và Trả kết quả của thành phố đặt tại trụ sở UBND thành phố.\n"),
    "huyen-dau-tieng": (
        "Huyện phía Bắc của tỉnh, gồm thị trấn Dầu Tiếng và 11 xã; nhiều hồ sơ "
        "đất đai, nông nghiệp.\n"),
}

COMMUNE_DESCRIPTIONS = {
    "phuong-chanh-my": "Phường thuộc thành phố Thủ Dầu Một, ven sông Sài Gòn.\n",
    "xa-cay-truong-ii": (
        "Xã thuộc huyện Bàu Bàng. Bộ phận Một cửa của xã tiếp nhận hồ sơ hộ tịch, "
        "chứng thực, đất đai và chính sách xã hội.\n"),
}


def build_units():
    groups = [
        {"id": "so-nganh", "name": "Sở, ban, ngành"},
        {"id": "huyen", "name": "UBND cấp huyện"},
        {"id": "xa", "name": "UBND cấp xã"},
    ]
    units, depts, districts, communes = [], [], [], []
    for uid, name, web, floor, phone, _vol in DEPARTMENTS:
        u = {"id": uid, "name": name, "group": "so-nganh",
             "address": "%s, %s" % (floor, CENTRE), "phone": phone,
             "website": "https://%s.binhduong.example.vn/" % web}
        if uid in DEPT_DESCRIPTIONS:
            u["description"] = DEPT_DESCRIPTIONS[uid]
        units.append(u)
        depts.append(uid)
    for did, kind, dname, addr, phone, _c in DISTRICTS:
        u = {"id": did, "name": "UBND %s %s" % (kind, dname), "group": "huyen",
             "address": "%s, %s %s, tỉnh Bình Dương" % (addr, kind, dname), "phone": phone}
        if did in DISTRICT_DESCRIPTIONS:
            u["description"] = DISTRICT_DESCRIPTIONS[did]
        units.append(u)
        districts.append(did)
    seen = set()
    for did, _kind, _dname, _addr, _phone, comms in DISTRICTS:
        for kind, cname in comms:
            cid = slug("%s %s" % (kind, cname))
            assert cid not in seen, cid
            seen.add(cid)
            u = {"id": cid, "name": "UBND %s %s" % (kind, cname), "group": "xa", "parent": did}
            if cid in COMMUNE_DESCRIPTIONS:
                u["description"] = COMMUNE_DESCRIPTIONS[cid]
            units.append(u)
            communes.append((cid, kind, did))
    assert len(depts) == 17 and len(districts) == 9 and len(communes) == 91
    return {"groups": groups, "units": units}, depts, districts, communes


# ---------------------------------------------------------------------------
# PAR scores 2022 and 2023

NA_TU_CHU = ("tu-chu-su-nghiep",)  # units without public service providers
NA_UNITS = {"van-phong-ubnd-tinh": NA_TU_CHU, "so-ke-hoach-va-dau-tu": NA_TU_CHU}
TOTAL_ONLY = "ban-quan-ly-cac-khu-cong-nghiep"
TOTAL_ONLY_SCORES = {"2022": (fx(69.84), fx(84)), "2023": (fx(71.35), fx(84))}
BIG_CLIMBER = "xa-minh-tan"          # commune rising far between 2022 and 2023
BIG_FALLER = "phuong-binh-thang"


def build_scores(rng, depts, districts, communes):
    """Returns {period: (published, [score rows])} and the computed results
    {period: {group: [(unit, total, max, rank)]}} used by the news page."""
    tree = PAR_TREE
    quality = {}
    for u in depts:
        quality[u] = rng.uniform(0.77, 0.93)
    for u in districts:
        quality[u] = rng.uniform(0.82, 0.94)
    for cid, kind, _d in communes:
        base = 0.80 if kind == "phường" else 0.76
        quality[cid] = min(0.95, max(0.67, rng.gauss(base, 0.07)))
    quality[BIG_CLIMBER] = 0.70
    quality[BIG_FALLER] = 0.93

    results, files = {}, {}
    for period, published in (("2022", "2023-04-19"), ("2023", "2024-04-17")):
        if period == "2023":
            bounds = {u: (0.77, 0.935) for u in depts}
            bounds.update({u: (0.81, 0.95) for u in districts})
            for u in quality:
                lo, hi = bounds.get(u, (0.66, 0.96))
                quality[u] = min(hi, max(lo, quality[u] + rng.gauss(0.012, 0.025)))
            quality[BIG_CLIMBER] = 0.94
            quality[BIG_FALLER] = 0.78
        rows, vals_by_unit, totals = [], {}, {}
        groups = [("so-nganh", depts), ("huyen", districts), ("xa", [c[0] for c in communes])]
        for gid, members in groups:
            for u in members:
                if u == TOTAL_ONLY:
                    t, m = TOTAL_ONLY_SCORES[period]
                    totals[u] = (t, m)
                    continue
                na = NA_UNITS.get(u, ())
                vals = draw_leaves(rng, tree, quality[u], na)
                vals_by_unit[u] = (vals, na)
                mx = tree.total_max - sum(tree.max[c] for c in na)
                totals[u] = (sum(vals.values()), mx)
        # exact ties in percentage: a department with 3 points not applicable
        # at 90% (87.3 of 97) ties one with 90 of 100; two communes tie.
        if period == "2023":
            tie_pairs = [("van-phong-ubnd-tinh", fx(87.3), "so-tu-phap", fx(90)),
                         ("phuong-phu-loi", fx(88.75), "phuong-hiep-thanh", fx(88.75))]
        else:
            tie_pairs = [("tp-thuan-an", fx(89.2), "tp-tan-uyen", fx(89.2)),
                         ("xa-an-son", fx(84.55), "xa-lac-an", fx(84.55))]
        for a, ta, b, tb in tie_pairs:
            for u, t in ((a, ta), (b, tb)):
                vals, na = vals_by_unit[u]
                adjust_total(rng, tree, vals, t)
                totals[u] = (t, totals[u][1])
        # computed ranks
        res = {}
        for gid, members in groups:
            ranks = compute_ranks([(u, totals[u][0], totals[u][1]) for u in members])
            res[gid] = sorted(((u, totals[u][0], totals[u][1], ranks[u]) for u in members),
                              key=lambda r: (r[3], r[0]))
        results[period] = res
        rank_of = {r[0]: r[3] for g in res.values() for r in g}
        # official ranks: the top three of each group and the total-only unit
        official = set()
        for gid, _m in groups:
            official.update(r[0] for r in res[gid][:3])
        official.add(TOTAL_ONLY)
        for gid, members in groups:
            for u in members:
                if u == TOTAL_ONLY:
                    t, m = totals[u]
                    row = {"unit": u, "total": num(t), "max": num(m)}
                else:
                    vals, na = vals_by_unit[u]
                    row = score_row(u, tree, vals, na)
                if u in official:
                    row["rank"] = rank_of[u]
                rows.append(row)
        files[period] = {"published": published, "scores": rows}
    return files, results


# ---------------------------------------------------------------------------
# service delivery, 8 quarters

QUARTERS = [("2023-q1", "2023-04-10"), ("2023-q2", "2023-07-10"), ("2023-q3", "2023-10-10"),
            ("2023-q4", "2024-01-10"), ("2024-q1", "2024-04-10"), ("2024-q2", "2024-07-10"),
            ("2024-q3", "2024-10-10"), ("2024-q4", "2025-01-10")]

# average fee per fee-bearing file (đồng)
FEE = {"so-tai-nguyen-va-moi-truong": 420000, "so-giao-thong-van-tai": 135000,
       "so-tu-phap": 200000, "so-ke-hoach-va-dau-tu": 100000, "so-xay-dung": 500000,
       "so-y-te": 350000, "so-cong-thuong": 300000, "ban-quan-ly-cac-khu-cong-nghiep": 600000,
       "so-lao-dong-thuong-binh-va-xa-hoi": 400000, "so-giao-duc-va-dao-tao": 60000}
NO_FEES = {"van-phong-ubnd-tinh", "so-noi-vu", "so-tai-chinh"}  # no payments block


def service_row(rng, uid, q_index, volume, carried, kind, fee):
    """One balanced row.  kind: 'so', 'huyen', 'xa'."""
    season = (0.88, 1.04, 1.02, 1.10)[q_index % 4]  # Tết slows the first quarter
    received = max(40, int(volume * season * rng.uniform(0.9, 1.1)))
    # paper files stop from 1/6/2023: the online share jumps from 2023-q3
    if q_index == 0:
        online_share = rng.uniform(0.52, 0.78)
    elif q_index == 1:
        online_share = rng.uniform(0.70, 0.88)
    else:
        online_share = min(0.995, rng.uniform(0.86, 0.97) + 0.005 * q_index)
    if kind == "xa":
        online_share -= rng.uniform(0.0, 0.06)
    online = int(received * online_share)
    postal = int(received * rng.uniform(0.0, 0.012)) if kind != "xa" else int(received * rng.uniform(0, 0.004))
    postal = min(postal, received - online)
    direct = received - online - postal
    work = carried + received
    if kind == "xa":
        resolve_share = rng.uniform(0.95, 0.995)
    elif kind == "huyen":
        resolve_share = rng.uniform(0.86, 0.95)
    else:
        resolve_share = rng.uniform(0.82, 0.93)
    resolved = int(work * resolve_share)
    withdrawn = int(work * rng.uniform(0.0, 0.006))
    late_share = max(0.0, rng.gauss(0.008 if kind == "xa" else 0.014, 0.008) - 0.002 * q_index)
    late = int(resolved * late_share)
    early = int((resolved - late) * rng.uniform(0.35, 0.8))
    on_time = resolved - late - early
    pending = work - resolved - withdrawn
    overdue = int(pending * max(0.0, rng.gauss(0.015, 0.012)))
    in_time = pending - overdue
    row = {"unit": uid, "carried_over": carried,
           "received": {"online": online, "direct": direct, "postal": postal},
           "resolved": {"early": early, "on_time": on_time, "late": late},
           "pending": {"in_time": in_time, "overdue": overdue}}
    if withdrawn or rng.random() < 0.6:
        row["withdrawn"] = withdrawn
    else:
        assert withdrawn == 0
    if fee is not None:
        total = int(received * rng.uniform(0.18, 0.55))
        pay_share = min(0.92, rng.uniform(0.25, 0.45) + 0.06 * q_index)
        pay_online = int(total * pay_share)
        row["payments"] = {"online": pay_online, "total": total,
                           "online_amount_vnd": pay_online * fee // 1000 * 1000}
    if q_index >= 1 or rng.random() < 0.7:
        dig = min(1.0, rng.uniform(0.5, 0.78) + 0.04 * q_index + (0.08 if q_index >= 2 else 0))
        row["digitized"] = int(received * dig)
    if kind != "xa" or q_index >= 2 or rng.random() < 0.5:
        responses = int(resolved * rng.uniform(0.04, 0.2))
        sat = int(responses * min(1.0, rng.uniform(0.9, 0.995)))
        row["satisfaction"] = {"responses": responses, "satisfied": sat}
    return row


def build_services(rng, depts, districts, communes):
    files = {}
    pending = {}
    vol = {}
    for uid, _n, _w, _f, _p, v in DEPARTMENTS:
        vol[uid] = v
    big = {"tp-thu-dau-mot": 16000, "tp-thuan-an": 15000, "tp-di-an": 14500, "tp-tan-uyen": 9000,
           "tp-ben-cat": 8500}
    for d in districts:
        vol[d] = big.get(d, rng.randint(4200, 6500))
    for cid, kind, did in communes:
        vol[cid] = rng.randint(500, 1400) if kind == "phường" else rng.randint(160, 650)
    # communes reporting: about 70% in 2023, all of them from 2024
    rep2023 = [c for c in communes if rng.random() < 0.72]
    zero_pay = ("xa-an-thai", "2024-q2")
    for qi, (period, published) in enumerate(QUARTERS):
        rows = []
        members = [(u, "so") for u in depts] + [(u, "huyen") for u in districts]
        clist = rep2023 if qi < 4 else communes
        members += [(c[0], "xa") for c in clist]
        for uid, kind in members:
            carried = pending.get(uid)
            if carried is None:
                carried = int(vol[uid] * rng.uniform(0.04, 0.14))
            if kind == "xa":
                fee = rng.choice((2000, 5000, 8000, 15000, 30000))
            elif kind == "huyen":
                fee = rng.choice((50000, 100000, 150000))
            else:
                fee = None if uid in NO_FEES else FEE.get(uid, 150000)
            row = service_row(rng, uid, qi, vol[uid], carried, "xa" if kind == "xa" else kind, fee)
            if (uid, period) == zero_pay:
                row["payments"] = {"online": 0, "total": 0, "online_amount_vnd": 0}
            p = row["pending"]
            pending[uid] = p["in_time"] + p["overdue"]
            rows.append(row)
        files[period] = {"published": published, "services": rows}
    return files


# ---------------------------------------------------------------------------
# Bộ chỉ số 766 (Quyết định 766/QĐ-TTg ngày 23/6/2022): 5 groups, 100 points.
# Names and maxima of the sub-indicators are those of the national portal
# (Cổng Dịch vụ công quốc gia); items the portal gives no maximum (3.1, 3.3,
# the "chủ động" items) or scores 0 (5.1, monitoring only) are left out.

I766 = "chi-so-766"
I766_CRITERIA = [
    ("cong-khai-minh-bach", "Công khai, minh bạch", 18, [
        ("cong-bo-dung-han", "TTHC được công bố đúng hạn", 6, None),
        ("cong-khai-dung-han", "TTHC được cập nhật, công khai đúng hạn", 4, None),
        ("cong-khai-day-du", "TTHC được công khai đầy đủ nội dung", 2, None),
        ("dong-bo-ho-so", "Hồ sơ được đồng bộ lên Cổng Dịch vụ công quốc gia", 6, None)]),
    ("tien-do-giai-quyet", "Tiến độ, kết quả giải quyết", 20, [
        ("xu-ly-dung-han", "Hồ sơ xử lý trước hạn, đúng hạn", 20, None)]),
    ("dich-vu-truc-tuyen", "Cung cấp dịch vụ trực tuyến", 22, [
        ("ho-so-toan-trinh", "Hồ sơ dịch vụ công trực tuyến toàn trình", 12, None),
        ("tthc-tich-hop-thanh-toan", "TTHC có nghĩa vụ tài chính được tích hợp thanh toán trực tuyến",
         2, None),
        ("tthc-co-thanh-toan", "TTHC có giao dịch thanh toán trực tuyến", 2, None),
        ("ho-so-thanh-toan", "Hồ sơ thanh toán trực tuyến", 6, None)]),
    ("so-hoa-ho-so", "Số hóa hồ sơ", 22, [
        ("ket-qua-dien-tu", "Hồ sơ được cấp kết quả giải quyết điện tử", 6, None),
        ("ho-so-so-hoa", "Hồ sơ thực hiện số hóa", 4, None),
        ("chung-thuc-dien-tu", "Cung cấp dịch vụ chứng thực bản sao điện tử từ bản chính", 2, None),
        ("tai-su-dung-du-lieu", "Hồ sơ khai thác, sử dụng lại dữ liệu số hóa", 2, None),
        ("ket-noi-kho-du-lieu", "Hồ sơ số hóa được kết nối, chia sẻ với kho dữ liệu cá nhân", 4, None),
        ("ho-so-du-lieu-dan-cu", "Hồ sơ sử dụng dữ liệu từ Cơ sở dữ liệu quốc gia về dân cư", 2, None),
        ("tthc-ket-noi-dan-cu", "TTHC triển khai kết nối, chia sẻ dữ liệu dân cư", 2, None)]),
    ("muc-do-hai-long", "Mức độ hài lòng", 18, [
        ("pakn-dung-han", "Phản ánh, kiến nghị được xử lý đúng hạn", 6, None),
        ("hai-long-pakn", "Hài lòng trong xử lý phản ánh, kiến nghị", 6, None),
        ("hai-long-tthc", "Hài lòng trong tiếp nhận, giải quyết TTHC", 6, None)]),
]
# Not applicable at commune level (rows 6, 16 and 17 of the portal's
# list of indicators; rows 8 and 9 carry no points).
I766_NA_XA = ("ho-so-toan-trinh", "ho-so-du-lieu-dan-cu", "tthc-ket-noi-dan-cu")
I766_NA_NO_FEES = ("tthc-tich-hop-thanh-toan", "tthc-co-thanh-toan", "ho-so-thanh-toan")
I766_TREE = Tree(I766_CRITERIA)

I766_DESCRIPTION = """\
**Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ người dân,
doanh nghiệp** trong thực hiện thủ tục hành chính, dịch vụ công theo thời gian
thực trên môi trường điện tử được Thủ tướng Chính phủ phê duyệt tại Quyết định
số 766/QĐ-TTg ngày 23/6/2022 (thường gọi là *Bộ chỉ số 766*).

## Ai chấm điểm, chấm thế nào

Điểm không do hội đồng chấm: hệ thống đánh giá do Văn phòng Chính phủ vận
hành (chính thức từ 01/8/2022) tự tính từ dữ liệu giải quyết hồ sơ trên Cổng
Dịch vụ công quốc gia và hệ thống thông tin giải quyết thủ tục hành chính của
tỉnh, cho từng cơ quan, đơn vị, theo **tháng, quý và năm**. Mỗi chỉ tiêu là
một tỷ lệ (ví dụ số hồ sơ giải quyết đúng hạn trên số hồ sơ phải giải quyết)
được quy ra điểm. Trang này công bố kết quả **theo quý**.

Thang điểm 100, gồm 5 nhóm chỉ số:

- **Công khai, minh bạch**: 18 điểm;
- **Tiến độ, kết quả giải quyết**: 20 điểm;
- **Cung cấp dịch vụ trực tuyến**: 22 điểm;
- **Số hóa hồ sơ**: 22 điểm;
- **Mức độ hài lòng**: 18 điểm.

Điểm tối đa của từng chỉ tiêu thành phần là mức đang áp dụng trên Cổng Dịch
vụ công quốc gia. Các chỉ tiêu chỉ để theo dõi, không có điểm (tỷ lệ thủ tục
cung cấp dịch vụ công trực tuyến, tỷ lệ hồ sơ theo hình thức nộp, phân loại
phản ánh, kiến nghị) không được liệt kê.

## Không áp dụng

Ba chỉ tiêu không áp dụng đối với **cấp xã**: hồ sơ dịch vụ công trực tuyến
toàn trình (12 điểm) và hai chỉ tiêu về dữ liệu dân cư (2 điểm mỗi chỉ tiêu).
Cổng Dịch vụ công quốc gia tính điểm tối đa cho cấp xã ở các chỉ tiêu này;
trang này ghi *không áp dụng* và tính kết quả của cấp xã trên **84 điểm tối
đa áp dụng**, nên tỷ lệ phần trăm của cấp xã có thể khác điểm trên Cổng. Cơ
quan không có thủ tục thu phí, lệ phí thì ba chỉ tiêu về thanh toán trực
tuyến không áp dụng.

## Xếp loại

Quyết định 766/QĐ-TTg không quy định xếp loại (tốt, khá, trung bình…) theo
điểm, nên trang này chỉ xếp hạng, không xếp loại. Các đơn vị được xếp hạng
trong cùng khối theo tỷ lệ phần trăm; đơn vị có cùng tỷ lệ được xếp đồng hạng.
"""


def i766_index_json():
    return {
        "id": I766,
        "name": "Bộ chỉ số phục vụ người dân, doanh nghiệp",
        "short_name": "Chỉ số 766",
        "description": unwrap(I766_DESCRIPTION),
        "levels": ["nhóm chỉ số", "chỉ tiêu"],
        "criteria": criteria_json(I766_CRITERIA),
    }


def pts(rng, mx, ratio):
    """Points of an indicator of maximum mx (a number) for a ratio, to 2
    decimals as the portal publishes them, in fixed point."""
    ratio = min(1.0, max(0.0, ratio))
    return min(fx(mx), int(round(mx * ratio * 100)) * 100)


def i766_base(rng):
    """A unit's own level on the indicators that do not come from its
    service figures: drawn once, so its ranks move by quarters, not leaps."""
    return {"cong-bo-dung-han": rng.uniform(0.86, 1.05), "cong-khai-dung-han": rng.uniform(0.8, 1.02),
            "cong-khai-day-du": rng.uniform(0.95, 1.05), "dong-bo-ho-so": rng.uniform(0.84, 1.02),
            "toan-trinh": rng.uniform(0.25, 0.6), "tich-hop": rng.uniform(0.75, 1.2),
            "co-thanh-toan": rng.uniform(0.5, 1.0), "ket-qua-dien-tu": rng.uniform(0.7, 1.0),
            "chung-thuc": rng.uniform(0.5, 1.0), "tai-su-dung": rng.uniform(0.4, 1.1),
            "ket-noi-kho": rng.uniform(0.2, 0.8), "dan-cu-ho-so": rng.uniform(0.5, 1.0),
            "dan-cu-tthc": rng.uniform(0.6, 1.0), "pakn-dung-han": rng.uniform(0.85, 1.05),
            "hai-long-pakn": rng.uniform(0.8, 1.02)}


def i766_row(rng, uid, kind, base, qi, sv):
    """One unit's 766 score in the qi-th quarter of 2024, from its level
    `base` and its service figures sv (the same quarter's services.json
    row): the progress, online payment, digitisation and satisfaction
    indicators follow those counts."""
    def b(key):
        return base[key] + 0.01 * qi + rng.gauss(0, 0.02)
    received = sv["received"]["online"] + sv["received"]["direct"] + sv["received"]["postal"]
    r = sv["resolved"]
    resolved = r["early"] + r["on_time"] + r["late"]
    pend = sv["pending"]
    v = {}
    v["cong-bo-dung-han"] = pts(rng, 6, b("cong-bo-dung-han"))
    v["cong-khai-dung-han"] = pts(rng, 4, b("cong-khai-dung-han"))
    v["cong-khai-day-du"] = pts(rng, 2, b("cong-khai-day-du"))
    v["dong-bo-ho-so"] = pts(rng, 6, b("dong-bo-ho-so"))
    # files handled on time or still within their time limit, among all
    # files handled in the quarter (the portal's formula for 2.1)
    on_time = r["early"] + r["on_time"] + pend["in_time"]
    v["xu-ly-dung-han"] = pts(rng, 20, on_time / max(1, resolved + pend["in_time"] + pend["overdue"]))
    online_share = sv["received"]["online"] / max(1, received)
    na = ()
    if kind == "xa":
        na = I766_NA_XA
    else:
        v["ho-so-toan-trinh"] = pts(rng, 12, online_share * b("toan-trinh"))
    pay = sv.get("payments")
    if not pay or pay["total"] == 0:
        na = na + I766_NA_NO_FEES
    else:
        v["tthc-tich-hop-thanh-toan"] = pts(rng, 2, b("tich-hop"))
        v["tthc-co-thanh-toan"] = pts(rng, 2, b("co-thanh-toan"))
        v["ho-so-thanh-toan"] = pts(rng, 6, pay["online"] / pay["total"])
    dig = sv["digitized"] / max(1, received) if "digitized" in sv else 0.5
    v["ket-qua-dien-tu"] = pts(rng, 6, dig * b("ket-qua-dien-tu"))
    v["ho-so-so-hoa"] = pts(rng, 4, dig / 0.8)
    v["chung-thuc-dien-tu"] = pts(rng, 2, b("chung-thuc"))
    v["tai-su-dung-du-lieu"] = pts(rng, 2, b("tai-su-dung"))
    v["ket-noi-kho-du-lieu"] = pts(rng, 4, b("ket-noi-kho"))
    if kind != "xa":
        v["ho-so-du-lieu-dan-cu"] = pts(rng, 2, b("dan-cu-ho-so"))
        v["tthc-ket-noi-dan-cu"] = pts(rng, 2, b("dan-cu-tthc"))
    v["pakn-dung-han"] = pts(rng, 6, b("pakn-dung-han"))
    v["hai-long-pakn"] = pts(rng, 6, b("hai-long-pakn"))
    # 100% less the overdue share and the share of unsatisfied answers;
    # full marks from 90%
    late = r["late"] / max(1, resolved)
    sat = sv.get("satisfaction")
    unhappy = (sat["responses"] - sat["satisfied"]) / sat["responses"] if sat and sat["responses"] else 0
    v["hai-long-tthc"] = pts(rng, 6, (1 - late - unhappy) / 0.9)
    return score_row(uid, I766_TREE, v, na)


I766_PUBLISHED = {"2024-q1": "2024-04-05", "2024-q2": "2024-07-05", "2024-q3": "2024-10-04",
                  "2024-q4": "2025-01-06"}


def build_766(depts, districts, communes, services):
    """Quarterly 766 scores for every unit, 2024-q1 to 2024-q4, drawn with
    their own random stream so the other files do not change."""
    rng = random.Random(SEED + 766)
    kinds = [(u, "so") for u in depts] + [(u, "huyen") for u in districts] + \
        [(c[0], "xa") for c in communes]
    base = {u: i766_base(rng) for u, _k in kinds}
    files = {}
    for qi, (period, published) in enumerate(I766_PUBLISHED.items()):
        rows_by_unit = {row["unit"]: row for row in services[period]["services"]}
        rows = [i766_row(rng, u, kind, base[u], qi, rows_by_unit[u]) for u, kind in kinds]
        files[period] = {"published": published, "scores": rows}
    return files


# ---------------------------------------------------------------------------
# SIPAS: satisfaction of citizens and organisations with the service of the
# administrative agencies, yearly, for departments and districts.

SIPAS_CRITERIA = [
    ("tiep-can-dich-vu", "Tiếp cận dịch vụ hành chính công", 20, None),
    ("thu-tuc-hanh-chinh", "Thủ tục hành chính", 20, None),
    ("cong-chuc-giai-quyet", "Công chức trực tiếp giải quyết công việc", 20, None),
    ("ket-qua-dich-vu", "Kết quả cung ứng dịch vụ hành chính công", 20, None),
    ("tiep-nhan-gop-y", "Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị", 20, None),
]
SIPAS_TREE = Tree(SIPAS_CRITERIA)

SIPAS_DESCRIPTION = """\
**Chỉ số hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành
chính nhà nước** (SIPAS) đo mức độ hài lòng của người đã trực tiếp giải quyết
thủ tục hành chính tại cơ quan, qua khảo sát xã hội học hằng năm.

## Ai chấm điểm, chấm thế nào

SIPAS cấp tỉnh do Bộ Nội vụ khảo sát và công bố hằng năm cho từng tỉnh; từ
năm 2023, khảo sát gồm 9 nhóm chính sách (kinh tế, khám chữa bệnh, giáo dục
phổ thông, nước sinh hoạt, điện sinh hoạt, trật tự an toàn xã hội, giao thông
đường bộ, an sinh xã hội, cải cách hành chính) và việc cung ứng dịch vụ hành
chính công. Các nhóm chính sách đánh giá chung cả tỉnh, nên chỉ số của từng
sở, ban, ngành và UBND cấp huyện trên trang này **chỉ gồm phần cung ứng dịch
vụ hành chính công**: người dân, tổ chức đã giải quyết thủ tục tại cơ quan
được hỏi về 5 yếu tố của quá trình phục vụ:

1. tiếp cận dịch vụ hành chính công;
2. thủ tục hành chính;
3. công chức trực tiếp giải quyết công việc;
4. kết quả cung ứng dịch vụ hành chính công;
5. tiếp nhận, xử lý góp ý, phản ánh, kiến nghị.

Mỗi yếu tố có **20 điểm**, bằng tỷ lệ người được hỏi hài lòng với yếu tố đó
nhân với 20; tổng 5 yếu tố là chỉ số SIPAS của đơn vị, thang điểm 100. Cách
chia đều 20 điểm cho mỗi yếu tố là lựa chọn của trang này, không phải thang
điểm do văn bản nào quy định.

SIPAS không quy định xếp loại, nên trang này chỉ xếp hạng các đơn vị trong
cùng khối. Cấp xã không được khảo sát riêng.
"""


def sipas_index_json():
    return {
        "id": "sipas",
        "name": "Chỉ số hài lòng về sự phục vụ hành chính",
        "short_name": "SIPAS",
        "description": unwrap(SIPAS_DESCRIPTION),
        "levels": ["yếu tố"],
        "criteria": criteria_json(SIPAS_CRITERIA),
    }


SIPAS_PUBLISHED = {"2022": "2023-03-15", "2023": "2024-03-20"}


def build_sipas(depts, districts, services):
    """SIPAS 2022 and 2023 for departments and districts.  A unit's 2023
    level follows the satisfaction rate of its 2023 service figures."""
    rng = random.Random(SEED + 2017)
    units = list(depts) + list(districts)
    sat23 = {}
    for period in ("2023-q1", "2023-q2", "2023-q3", "2023-q4"):
        for row in services[period]["services"]:
            s = row.get("satisfaction")
            if s and s["responses"]:
                a, b = sat23.get(row["unit"], (0, 0))
                sat23[row["unit"]] = (a + s["satisfied"], b + s["responses"])
    files = {}
    level = {u: rng.uniform(0.8, 0.92) for u in units}
    for period, published in SIPAS_PUBLISHED.items():
        rows = []
        for u in units:
            if period == "2023" and u in sat23:
                a, b = sat23[u]
                level[u] = min(0.97, max(0.78, (level[u] + a / b) / 2 + rng.gauss(-0.01, 0.01)))
            # public-service delivery: procedures and outcomes rate lowest
            tilt = {"tiep-can-dich-vu": 0.02, "thu-tuc-hanh-chinh": -0.03, "cong-chuc-giai-quyet": 0.02,
                    "ket-qua-dich-vu": 0.0, "tiep-nhan-gop-y": -0.04}
            v = {c: pts(rng, 20, level[u] + tilt[c] + rng.gauss(0, 0.015)) for c in SIPAS_TREE.ids}
            rows.append(score_row(u, SIPAS_TREE, v))
        files[period] = {"published": published, "scores": rows}
    return files


# ---------------------------------------------------------------------------
# procedures (TTHC)

URL = "https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc="
XA, HUYEN = ["xa"], ["huyen"]

# code, name, field, groups, units, time limit, fee, online
PROCEDURES = [
    # Hộ tịch (cấp xã)
    ("1.001193", "Thủ tục đăng ký khai sinh", "Hộ tịch", XA, [],
     "Ngay trong ngày tiếp nhận hồ sơ; nhận sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo",
     "Miễn lệ phí", "full"),
    ("1.000689", "Thủ tục đăng ký khai sinh kết hợp nhận cha, mẹ, con", "Hộ tịch", XA, [],
     "03 ngày làm việc", "Miễn lệ phí đăng ký khai sinh; lệ phí nhận cha, mẹ, con theo quy định của tỉnh", "partial"),
    ("1.004884", "Thủ tục đăng ký lại khai sinh", "Hộ tịch", XA, [],
     "05 ngày làm việc", "Theo Nghị quyết của HĐND tỉnh", "partial"),
    ("1.000894", "Thủ tục đăng ký kết hôn", "Hộ tịch", XA, [],
     "Ngay trong ngày tiếp nhận hồ sơ; trường hợp cần xác minh không quá 05 ngày làm việc",
     "Miễn lệ phí", "partial"),
    ("1.000593", "Thủ tục đăng ký kết hôn lưu động", "Hộ tịch", XA, [],
     "05 ngày làm việc", "Miễn lệ phí", "none"),
    ("1.004746", "Thủ tục đăng ký lại kết hôn", "Hộ tịch", XA, [],
     "05 ngày làm việc", "Theo Nghị quyết của HĐND tỉnh", "partial"),
    ("1.000656", "Thủ tục đăng ký khai tử", "Hộ tịch", XA, [],
     "Ngay trong ngày tiếp nhận hồ sơ", "Miễn lệ phí", "full"),
    ("1.000419", "Thủ tục đăng ký khai tử lưu động", "Hộ tịch", XA, [],
     "Ngay trong ngày tiếp nhận hồ sơ", "Miễn lệ phí", "none"),
    ("1.005461", "Thủ tục đăng ký lại khai tử", "Hộ tịch", XA, [],
     "05 ngày làm việc", "Theo Nghị quyết của HĐND tỉnh", "partial"),
    ("1.004873", "Thủ tục cấp Giấy xác nhận tình trạng hôn nhân", "Hộ tịch", XA, [],
     "03 ngày làm việc", "Theo Nghị quyết của HĐND tỉnh", "full"),
    ("1.004845", "Thủ tục đăng ký chấm dứt giám hộ", "Hộ tịch", XA, [],
     "02 ngày làm việc", "Miễn lệ phí", "partial"),
    ("2.000635", "Thủ tục cấp bản sao Trích lục hộ tịch", "Hộ tịch", ["xa", "huyen"], ["so-tu-phap"],
     "Ngay trong ngày tiếp nhận yêu cầu", "8.000 đồng/bản sao", "full"),
    ("2.001263", "Thủ tục đăng ký việc nuôi con nuôi trong nước", "Nuôi con nuôi", XA, [],
     "20 ngày kể từ ngày nhận đủ hồ sơ hợp lệ", "400.000 đồng/trường hợp; miễn đối với các trường hợp theo quy định",
     "none"),
    # Hộ tịch có yếu tố nước ngoài (cấp huyện)
    ("2.000528", "Thủ tục đăng ký khai sinh có yếu tố nước ngoài", "Hộ tịch", HUYEN, [],
     "Ngay trong ngày tiếp nhận hồ sơ", "Theo Nghị quyết của HĐND tỉnh", "partial"),
    ("2.000806", "Thủ tục đăng ký kết hôn có yếu tố nước ngoài", "Hộ tịch", HUYEN, [],
     "15 ngày kể từ ngày nhận đủ hồ sơ hợp lệ", "1.000.000 đồng/trường hợp", "partial"),
    # Chứng thực
    ("2.000815", "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền "
     "của Việt Nam cấp hoặc chứng nhận", "Chứng thực", ["xa", "huyen"], [],
     "Trong ngày cơ quan, tổ chức tiếp nhận yêu cầu hoặc ngày làm việc tiếp theo",
     "2.000 đồng/trang; từ trang thứ ba trở lên 1.000 đồng/trang, tối đa 200.000 đồng/bản", "full"),
    ("2.000884", "Chứng thực chữ ký trong các giấy tờ, văn bản", "Chứng thực", ["xa", "huyen"], [],
     "Trong ngày cơ quan, tổ chức tiếp nhận yêu cầu hoặc ngày làm việc tiếp theo",
     "10.000 đồng/trường hợp", "partial"),
    ("2.000942", "Cấp bản sao có chứng thực từ bản chính hợp đồng, giao dịch đã được chứng thực",
     "Chứng thực", ["xa", "huyen"], [], "02 ngày làm việc", "2.000 đồng/trang", "partial"),
    ("2.001008", "Chứng thực chữ ký người dịch mà người dịch không phải là cộng tác viên dịch thuật",
     "Chứng thực", HUYEN, [], "Trong ngày tiếp nhận yêu cầu hoặc ngày làm việc tiếp theo",
     "10.000 đồng/trường hợp", "none"),
    ("2.000992", "Chứng thực chữ ký người dịch là cộng tác viên dịch thuật của Phòng Tư pháp",
     "Chứng thực", HUYEN, [], "Trong ngày tiếp nhận yêu cầu hoặc ngày làm việc tiếp theo",
     "10.000 đồng/trường hợp", "none"),
    # Hòa giải cơ sở
    ("2.000950", "Thủ tục công nhận tổ trưởng tổ hòa giải", "Phổ biến, giáo dục pháp luật", XA, [],
     "03 ngày làm việc", "Không", "none"),
    ("2.000930", "Thủ tục thôi làm hòa giải viên", "Phổ biến, giáo dục pháp luật", XA, [],
     "05 ngày làm việc", "Không", "none"),
    # Đăng ký kinh doanh
    ("1.001612", "Đăng ký thành lập hộ kinh doanh", "Thành lập và hoạt động của hộ kinh doanh", HUYEN, [],
     "03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ", "Theo Nghị quyết của HĐND tỉnh", "full"),
    ("2.000720", "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh", "Thành lập và hoạt động của hộ kinh doanh",
     HUYEN, [], "03 ngày làm việc", "Theo Nghị quyết của HĐND tỉnh", "full"),
    ("2.000575", "Cấp lại Giấy chứng nhận đăng ký hộ kinh doanh", "Thành lập và hoạt động của hộ kinh doanh",
     HUYEN, [], "03 ngày làm việc", "Theo Nghị quyết của HĐND tỉnh", "full"),
    ("1.001570", "Tạm ngừng hoạt động hộ kinh doanh", "Thành lập và hoạt động của hộ kinh doanh",
     HUYEN, [], "03 ngày làm việc", "Không", "full"),
    ("1.001266", "Chấm dứt hoạt động hộ kinh doanh", "Thành lập và hoạt động của hộ kinh doanh",
     HUYEN, [], "03 ngày làm việc", "Không", "full"),
    ("2.001610", "Đăng ký thành lập doanh nghiệp tư nhân", "Thành lập và hoạt động của doanh nghiệp",
     [], ["so-ke-hoach-va-dau-tu"], "03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ",
     "50.000 đồng/lần; miễn lệ phí khi đăng ký qua mạng điện tử", "full"),
    # Xây dựng
    ("1.013225", "Cấp giấy phép xây dựng mới đối với công trình cấp III, cấp IV và nhà ở riêng lẻ",
     "Hoạt động xây dựng", HUYEN, ["so-xay-dung"],
     "15 ngày đối với nhà ở riêng lẻ; 20 ngày đối với công trình", "75.000 đồng/giấy phép đối với nhà ở riêng lẻ",
     "partial"),
    ("1.013226", "Cấp điều chỉnh giấy phép xây dựng đối với công trình cấp III, cấp IV và nhà ở riêng lẻ",
     "Hoạt động xây dựng", HUYEN, ["so-xay-dung"], "15 ngày kể từ ngày nhận đủ hồ sơ hợp lệ",
     "75.000 đồng/giấy phép", "partial"),
    ("1.013227", "Gia hạn giấy phép xây dựng", "Hoạt động xây dựng", HUYEN, ["so-xay-dung"],
     "05 ngày làm việc", "15.000 đồng/giấy phép", "partial"),
    ("1.013228", "Cấp lại giấy phép xây dựng", "Hoạt động xây dựng", HUYEN, ["so-xay-dung"],
     "05 ngày làm việc", "15.000 đồng/giấy phép", "partial"),
    # Bảo trợ xã hội, người có công
    ("1.011607", "Thủ tục công nhận hộ nghèo, hộ cận nghèo thường xuyên hằng năm", "Bảo trợ xã hội",
     XA, [], "Theo kế hoạch rà soát hằng năm", "Không", "none"),
    ("1.001776", "Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hằng tháng", "Bảo trợ xã hội",
     XA, [], "15 ngày làm việc", "Không", "partial"),
    ("1.001699", "Xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật",
     "Bảo trợ xã hội", XA, [], "25 ngày làm việc", "Không", "partial"),
    ("1.001653", "Đổi, cấp lại Giấy xác nhận khuyết tật", "Bảo trợ xã hội", XA, [],
     "05 ngày làm việc", "Không", "partial"),
    ("1.014028", "Hỗ trợ chi phí mai táng đối với người đang hưởng trợ cấp hưu trí xã hội",
     "Bảo trợ xã hội", XA, [], "10 ngày làm việc", "Không", "partial"),
    ("2.002307", "Giải quyết chế độ mai táng phí đối với cựu chiến binh", "Người có công",
     XA, [], "20 ngày làm việc", "Không", "none"),
    ("2.002308", "Giải quyết chế độ mai táng phí đối với thanh niên xung phong thời kỳ chống Pháp",
     "Người có công", XA, [], "20 ngày làm việc", "Không", "none"),
    ("1.010833", "Xác nhận thân nhân của người có công", "Người có công", XA, [],
     "05 ngày làm việc", "Không", "partial"),
    ("1.010803", "Giải quyết chế độ trợ cấp thờ cúng liệt sĩ", "Người có công", [],
     ["so-lao-dong-thuong-binh-va-xa-hoi"], "12 ngày làm việc", "Không", "partial"),
    # Lao động (Sở LĐTBXH, Ban Quản lý các KCN)
    ("1.014199", "Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam", "Việc làm",
     [], ["so-lao-dong-thuong-binh-va-xa-hoi", "ban-quan-ly-cac-khu-cong-nghiep"],
     "05 ngày làm việc", "600.000 đồng/giấy phép", "full"),
    ("1.014200", "Cấp lại giấy phép lao động cho người lao động nước ngoài", "Việc làm",
     [], ["so-lao-dong-thuong-binh-va-xa-hoi", "ban-quan-ly-cac-khu-cong-nghiep"],
     "03 ngày làm việc", "450.000 đồng/giấy phép", "full"),
    ("1.014201", "Gia hạn giấy phép lao động cho người lao động nước ngoài", "Việc làm",
     [], ["so-lao-dong-thuong-binh-va-xa-hoi", "ban-quan-ly-cac-khu-cong-nghiep"],
     "05 ngày làm việc", "450.000 đồng/giấy phép", "full"),
    ("1.014196", "Xác nhận người lao động nước ngoài không thuộc diện cấp giấy phép lao động", "Việc làm",
     [], ["so-lao-dong-thuong-binh-va-xa-hoi", "ban-quan-ly-cac-khu-cong-nghiep"],
     "03 ngày làm việc", "Không", "full"),
    # Giáo dục
    ("3.000182", "Tuyển sinh trung học cơ sở", "Giáo dục và Đào tạo thuộc hệ thống giáo dục quốc dân",
     HUYEN, [], "Theo kế hoạch tuyển sinh hằng năm", "Không", "full"),
    ("1.001639", "Giải thể trường tiểu học (theo đề nghị của cá nhân, tổ chức thành lập trường)",
     "Giáo dục và Đào tạo thuộc hệ thống giáo dục quốc dân", HUYEN, [], "20 ngày làm việc", "Không", "none"),
]

# Plausible department procedures (codes in the national format, names as
# published by the sectors; illustrative).
DEPT_PROCEDURES = [
    ("2.001417", "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam",
     "Lý lịch tư pháp", "so-tu-phap", "10 ngày làm việc", "200.000 đồng/lần/người", "full"),
    ("2.001418", "Cấp Phiếu lý lịch tư pháp cho cơ quan tiến hành tố tụng", "Lý lịch tư pháp",
     "so-tu-phap", "10 ngày làm việc", "Không", "partial"),
    ("2.001035", "Thủ tục đăng ký hành nghề và cấp Thẻ công chứng viên", "Công chứng",
     "so-tu-phap", "10 ngày làm việc", "Không", "partial"),
    ("1.001822", "Cấp Giấy chứng nhận đăng ký đầu tư đối với dự án không thuộc diện chấp thuận chủ trương",
     "Đầu tư tại Việt Nam", "so-ke-hoach-va-dau-tu", "15 ngày kể từ ngày nhận đủ hồ sơ", "Không", "partial"),
    ("2.001199", "Đăng ký thay đổi nội dung đăng ký doanh nghiệp", "Thành lập và hoạt động của doanh nghiệp",
     "so-ke-hoach-va-dau-tu", "03 ngày làm việc", "50.000 đồng/lần; miễn khi nộp qua mạng", "full"),
    ("1.005004", "Cấp Giấy phép kinh doanh bán lẻ sản phẩm rượu", "Lưu thông hàng hóa trong nước",
     "so-cong-thuong", "10 ngày làm việc", "Theo quy định của Bộ Tài chính", "full"),
    ("2.000633", "Cấp Giấy chứng nhận đủ điều kiện cửa hàng bán lẻ xăng dầu", "Kinh doanh khí",
     "so-cong-thuong", "15 ngày làm việc", "Theo quy định của Bộ Tài chính", "partial"),
    ("1.002835", "Cấp đổi giấy phép lái xe do ngành Giao thông vận tải cấp", "Đường bộ",
     "so-giao-thong-van-tai", "05 ngày làm việc", "135.000 đồng/lần", "full"),
    ("1.002801", "Cấp lại giấy phép lái xe", "Đường bộ", "so-giao-thong-van-tai",
     "10 ngày làm việc", "135.000 đồng/lần", "partial"),
    ("1.001023", "Cấp phù hiệu xe kinh doanh vận tải", "Đường bộ", "so-giao-thong-van-tai",
     "02 ngày làm việc", "Không", "full"),
    ("1.009974", "Cấp chứng chỉ hành nghề hoạt động xây dựng hạng II, hạng III", "Hoạt động xây dựng",
     "so-xay-dung", "20 ngày", "150.000 đồng/chứng chỉ", "partial"),
    ("1.004227", "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
     "Đất đai", "so-tai-nguyen-va-moi-truong", "10 ngày làm việc", "Theo Nghị quyết của HĐND tỉnh", "partial"),
    ("1.004203", "Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận lần đầu",
     "Đất đai", "so-tai-nguyen-va-moi-truong", "20 ngày làm việc", "Theo Nghị quyết của HĐND tỉnh", "partial"),
    ("1.004238", "Cấp đổi Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
     "Đất đai", "so-tai-nguyen-va-moi-truong", "07 ngày làm việc", "Theo Nghị quyết của HĐND tỉnh", "partial"),
    ("1.004249", "Thẩm định báo cáo đánh giá tác động môi trường", "Môi trường",
     "so-tai-nguyen-va-moi-truong", "30 ngày", "Theo Thông tư của Bộ Tài chính", "partial"),
    ("1.003534", "Cấp giấy phép xuất bản bản tin", "Xuất bản, in và phát hành",
     "so-thong-tin-va-truyen-thong", "10 ngày làm việc", "Không", "full"),
    ("1.001865", "Cấp Giấy chứng nhận đăng ký hoạt động giáo dục nghề nghiệp", "Giáo dục nghề nghiệp",
     "so-lao-dong-thuong-binh-va-xa-hoi", "10 ngày làm việc", "Không", "partial"),
    ("1.001628", "Cấp giấy phép tổ chức biểu diễn nghệ thuật", "Nghệ thuật biểu diễn",
     "so-van-hoa-the-thao-va-du-lich", "05 ngày làm việc", "Theo Thông tư của Bộ Tài chính", "full"),
    ("1.001432", "Cấp Giấy chứng nhận đủ điều kiện kinh doanh dịch vụ lữ hành nội địa", "Lữ hành",
     "so-van-hoa-the-thao-va-du-lich", "10 ngày làm việc", "3.000.000 đồng/giấy phép", "partial"),
    ("1.003196", "Cấp Giấy chứng nhận đăng ký hoạt động khoa học và công nghệ", "Hoạt động khoa học và công nghệ",
     "so-khoa-hoc-va-cong-nghe", "15 ngày làm việc", "Không", "partial"),
    ("1.005074", "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc", "Văn bằng, chứng chỉ",
     "so-giao-duc-va-dao-tao", "Ngay trong ngày làm việc", "Không", "full"),
    ("1.005092", "Chỉnh sửa nội dung văn bằng, chứng chỉ", "Văn bằng, chứng chỉ",
     "so-giao-duc-va-dao-tao", "05 ngày làm việc", "Không", "partial"),
    ("1.003001", "Cấp chứng chỉ hành nghề khám bệnh, chữa bệnh", "Khám bệnh, chữa bệnh",
     "so-y-te", "20 ngày", "360.000 đồng/hồ sơ", "partial"),
    ("1.002467", "Cấp giấy phép hoạt động đối với phòng khám chuyên khoa", "Khám bệnh, chữa bệnh",
     "so-y-te", "45 ngày", "4.300.000 đồng/hồ sơ", "partial"),
    ("1.004895", "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm", "An toàn thực phẩm",
     "so-nong-nghiep-va-phat-trien-nong-thon", "15 ngày làm việc", "Theo Thông tư của Bộ Tài chính", "partial"),
    ("1.003612", "Cấp giấy phép khai thác tài nguyên nước dưới đất quy mô nhỏ", "Tài nguyên nước",
     "so-tai-nguyen-va-moi-truong", "25 ngày", "Theo Nghị quyết của HĐND tỉnh", "none"),
    ("1.000967", "Thủ tục tiếp nhận hồ sơ thi tuyển công chức", "Công chức, viên chức",
     "so-noi-vu", "Theo thông báo tuyển dụng", "Theo quy định của Bộ Tài chính", "partial"),
    ("1.009399", "Thẩm định, phê duyệt quyết toán vốn đầu tư dự án hoàn thành", "Quản lý công sản",
     "so-tai-chinh", "Theo quy mô dự án, từ 20 đến 60 ngày", "Theo quy mô tổng mức đầu tư", "none"),
    ("2.001942", "Giải quyết khiếu nại lần đầu tại cấp tỉnh", "Giải quyết khiếu nại",
     "van-phong-ubnd-tinh", "30 ngày kể từ ngày thụ lý", "Không", "none"),
]


def build_procedures():
    procs, seen = [], set()
    for code, name, field, groups, units, tl, fee, online in PROCEDURES:
        procs.append({"code": code, "name": name, "field": field, "groups": groups, "units": units,
                      "time_limit": tl, "fee": fee, "online": online, "url": URL + code})
    for code, name, field, unit, tl, fee, online in DEPT_PROCEDURES:
        procs.append({"code": code, "name": name, "field": field, "groups": [], "units": [unit],
                      "time_limit": tl, "fee": fee, "online": online, "url": URL + code})
    for p in procs:
        assert p["code"] not in seen, p["code"]
        seen.add(p["code"])
    return {"procedures": procs}


# ---------------------------------------------------------------------------
# pages

ABOUT = """\
---
title: Giới thiệu
order: 1
---
# Giới thiệu

Trang **Công khai kết quả cải cách hành chính tỉnh Bình Dương** công bố, theo
từng năm và từng quý, kết quả cải cách hành chính của:

- 17 sở, ban, ngành thuộc UBND tỉnh;
- UBND 9 huyện, thành phố;
- UBND 91 xã, phường, thị trấn.

Các cơ quan, địa phương được xếp hạng trong khối của mình theo ba chỉ số:

- **Chỉ số cải cách hành chính** (PAR INDEX), chấm mỗi năm;
- **Chỉ số hài lòng** của người dân, tổ chức (SIPAS), khảo sát mỗi năm, cho
  các sở, ban, ngành và UBND cấp huyện;
- **Bộ chỉ số 766** về chất lượng phục vụ người dân, doanh nghiệp, tính theo
  từng quý từ dữ liệu giải quyết hồ sơ.

Mỗi quý, trang còn công bố số liệu giải quyết thủ tục hành chính: số hồ sơ
tiếp nhận, đã giải quyết đúng hạn, trễ hạn, còn tồn, tỷ lệ nộp trực tuyến,
thanh toán trực tuyến, số hóa và mức độ hài lòng của người dân, so với chỉ
tiêu của tỉnh.

## Phạm vi dữ liệu

Dữ liệu trên trang dừng ở **Quý IV/2024**, trước khi sắp xếp đơn vị hành chính
năm 2025. Từ ngày 01/7/2025, tỉnh Bình Dương được hợp nhất vào **Thành phố Hồ
Chí Minh** (Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Quốc hội), cấp huyện
kết thúc hoạt động và các xã, phường, thị trấn được sắp xếp lại. Các đơn vị
trên trang là đơn vị của tỉnh Bình Dương trước khi sắp xếp; kết quả của chúng
được giữ nguyên để tra cứu. Xem [thông báo](/tin-tuc/sap-xep-don-vi-hanh-chinh-2025/).

## Dữ liệu mở

Mọi bảng trên trang có thể tải về dưới dạng Excel, CSV và JSON tại mục
[Tải về](/tai-ve/), theo giấy phép
[CC BY 4.0](https://creativecommons.org/licenses/by/4.0/deed.vi): được tự do sử
dụng, kể cả cho mục đích thương mại, với điều kiện ghi rõ nguồn.

## Liên hệ

Mọi góp ý về số liệu xin gửi về Sở Nội vụ tỉnh Bình Dương, thư điện tử
cchc@binhduong.example.vn.

> Số liệu trên trang này là **dữ liệu minh họa**, không phải kết quả chính thức.
"""

MERGER = """\
---
title: Tỉnh Bình Dương hợp nhất vào Thành phố Hồ Chí Minh từ ngày 01/7/2025
date: 2025-07-01
summary: Dữ liệu trên trang dừng ở Quý IV/2024; kết quả của các đơn vị trước khi sắp xếp được giữ nguyên để tra cứu.
---
Theo Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Quốc hội về sắp xếp đơn
vị hành chính cấp tỉnh, từ ngày **01/7/2025** tỉnh Bình Dương được hợp nhất vào
**Thành phố Hồ Chí Minh**. Cùng ngày, chính quyền địa phương tổ chức theo hai
cấp (tỉnh, xã): cấp huyện kết thúc hoạt động, các xã, phường, thị trấn được
sắp xếp thành các xã, phường mới.

Trang này là **bộ dữ liệu minh họa** của tỉnh Bình Dương và dừng ở **Quý
IV/2024**, trước khi sắp xếp: các sở, ban, ngành, UBND cấp huyện và cấp xã
trên trang là các đơn vị của tỉnh trước ngày 01/7/2025. Kết quả Chỉ số cải
cách hành chính, chỉ số hài lòng SIPAS, Bộ chỉ số 766 và số liệu giải quyết
hồ sơ của các kỳ đã công bố được giữ nguyên để tra cứu và tải về.

Kết quả của các đơn vị sau sắp xếp thuộc trang công khai của Thành phố Hồ Chí
Minh.

*Dữ liệu trên trang là dữ liệu minh họa.*
"""

HOW_TO_READ = """\
---
title: Cách đọc số liệu
order: 2
---
# Cách đọc số liệu

## Điểm và tỷ lệ phần trăm

Mỗi đơn vị được chấm điểm theo 8 lĩnh vực, tổng cộng **100 điểm**. Nếu một tiêu
chí *không áp dụng* cho đơn vị (ví dụ đơn vị không có đơn vị sự nghiệp công
lập), điểm tối đa của tiêu chí đó được trừ khỏi điểm tối đa của đơn vị. Vì vậy
kết quả được so sánh bằng **tỷ lệ phần trăm**: tổng điểm đạt được chia cho điểm
tối đa áp dụng.

Ví dụ: một đơn vị đạt 87,3 điểm trên 97 điểm tối đa áp dụng có kết quả 90%,
bằng đơn vị đạt 90 điểm trên 100 điểm, và hai đơn vị được xếp đồng hạng.

## Thứ hạng và thay đổi thứ hạng

- Đơn vị chỉ được xếp hạng với các đơn vị cùng khối.
- Hai đơn vị có cùng tỷ lệ được xếp đồng hạng; hạng tiếp theo bị bỏ qua
  (1, 2, 2, 4).
- Mũi tên ↑ cho biết số bậc tăng so với kỳ trước, ↓ là số bậc giảm, "=" là giữ
  nguyên, "mới" là đơn vị lần đầu được xếp hạng.

## Số liệu giải quyết hồ sơ

- **Tỷ lệ đúng hạn** = hồ sơ giải quyết trước hạn và đúng hạn ÷ hồ sơ đã giải
  quyết (chỉ tiêu của tỉnh: 99%).
- **Tỷ lệ trực tuyến** = hồ sơ nộp trực tuyến ÷ hồ sơ tiếp nhận mới (chỉ tiêu 80%).
- **Tỷ lệ thanh toán trực tuyến** = hồ sơ thanh toán phí, lệ phí trực tuyến ÷
  hồ sơ có phí, lệ phí (chỉ tiêu 50%).
- **Tỷ lệ số hóa** = hồ sơ được số hóa ÷ hồ sơ tiếp nhận mới (chỉ tiêu 100%).
- **Tỷ lệ hài lòng** = phiếu đánh giá hài lòng ÷ tổng số phiếu đánh giá (chỉ
  tiêu 95%).

Khi mẫu số bằng 0 (ví dụ đơn vị không có hồ sơ có phí), trang ghi *không có
số liệu* thay vì 0%. Số hồ sơ của một quý phải **cân đối**: tồn kỳ trước cộng
tiếp nhận mới bằng đã giải quyết cộng đang giải quyết cộng hồ sơ rút.
"""


def news_page(results):
    r23 = results["2023"]
    r22 = results["2022"]
    prev_rank = {r[0]: r[3] for g in r22.values() for r in g}
    names = {}
    for d in DEPARTMENTS:
        names[d[0]] = d[1]
    for did, kind, dname, _addr, _phone, comms in DISTRICTS:
        names[did] = "UBND %s %s" % (kind, dname)
        for k, c in comms:
            names[slug("%s %s" % (k, c))] = "UBND %s %s" % (k, c)

    def top(gid, n=3):
        out = []
        for u, t, m, rk in r23[gid][:n]:
            out.append("%s (%s%%)" % (names[u], pct(t, m)))
        return out

    def count_a(gid):
        return sum(1 for u, t, m, rk in r23[gid] if t * 100 >= 90 * m)
    climb = BIG_CLIMBER
    c_new = next(r[3] for r in r23["xa"] if r[0] == climb)
    c_old = prev_rank[climb]
    c_pct = next(pct(r[1], r[2]) for r in r23["xa"] if r[0] == climb)
    return """\
---
title: Công bố Chỉ số cải cách hành chính năm 2023
date: 2024-04-20
summary: UBND tỉnh công bố kết quả Chỉ số CCHC năm 2023 của 17 sở, ban, ngành, 9 huyện, thành phố và 91 xã, phường, thị trấn.
---
Ngày 20/4/2024, UBND tỉnh Bình Dương công bố kết quả xác định **Chỉ số cải
cách hành chính năm 2023** của các sở, ban, ngành, UBND các huyện, thành phố
và UBND các xã, phường, thị trấn.

## Khối sở, ban, ngành

Dẫn đầu khối là {d0}; tiếp theo là {d1} và {d2}. Có {da}/17 đơn vị đạt Nhóm A
(từ 90% trở lên).

## Khối UBND cấp huyện

Dẫn đầu là {h0}, tiếp theo là {h1} và {h2}.

## Khối UBND cấp xã

Ba đơn vị dẫn đầu là {x0}, {x1} và {x2}; {xa}/91 xã, phường, thị trấn đạt
Nhóm A. Đáng chú ý, UBND xã Minh Tân (huyện Dầu Tiếng) đạt {cp}%, từ vị trí
{co} năm 2022 tăng {cd} bậc lên vị trí {cn}.

Bảng xếp hạng đầy đủ theo từng lĩnh vực xem tại [kỳ Năm 2023](/ky/2023/);
số liệu tải về tại [Tải về](/tai-ve/).

*Số liệu trong bài là dữ liệu minh họa.*
""".format(d0=top("so-nganh")[0], d1=top("so-nganh")[1], d2=top("so-nganh")[2],
           da=count_a("so-nganh"),
           h0=top("huyen")[0], h1=top("huyen")[1], h2=top("huyen")[2],
           x0=top("xa")[0], x1=top("xa")[1], x2=top("xa")[2], xa=count_a("xa"),
           cp=c_pct, co=c_old, cd=c_old - c_new, cn=c_new)


# ---------------------------------------------------------------------------

SITE = {
    "title": "Công khai kết quả cải cách hành chính tỉnh Bình Dương",
    "organisation": "UBND tỉnh Bình Dương",
    "base_url": "https://cchc.binhduong.example.vn/",
    "language": "vi",
    "license": "CC BY 4.0",
    "contact": {"email": "cchc@binhduong.example.vn", "phone": "0274 3822 494",
                "address": "Sở Nội vụ, Tầng 12, Tháp A, " + CENTRE},
    "sample": True,
    "targets": {"on_time_rate": 0.99, "online_rate": 0.8, "online_payment_rate": 0.5,
                "digitized_rate": 1, "satisfaction_rate": 0.95},
    # 2023 is the year of the paperless campaign: online and digitised rates
    # jump by up to 37 points a quarter, more than the default warning (20).
    "rate_change_warning": 0.4,
}


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    out = argv[1] if len(argv) > 1 else os.path.join(here, "..", "..", "data")
    rng = random.Random(SEED)
    units, depts, districts, communes = build_units()
    write_json(os.path.join(out, "site.json"), SITE)
    write_json(os.path.join(out, "units.json"), units)
    write_json(os.path.join(out, "indices", "par.json"), par_index_json())
    score_files, results = build_scores(rng, depts, districts, communes)
    for period, obj in score_files.items():
        write_json(os.path.join(out, "periods", period, "par.json"), obj)
    services = build_services(rng, depts, districts, communes)
    for period, obj in services.items():
        write_json(os.path.join(out, "periods", period, "services.json"), obj)
    write_json(os.path.join(out, "indices", I766 + ".json"), i766_index_json())
    for period, obj in build_766(depts, districts, communes, services).items():
        write_json(os.path.join(out, "periods", period, I766 + ".json"), obj)
    write_json(os.path.join(out, "indices", "sipas.json"), sipas_index_json())
    for period, obj in build_sipas(depts, districts, services).items():
        write_json(os.path.join(out, "periods", period, "sipas.json"), obj)
    write_json(os.path.join(out, "procedures.json"), build_procedures())
    write_text(os.path.join(out, "pages", "gioi-thieu.md"), ABOUT)
    write_text(os.path.join(out, "pages", "cach-doc-so-lieu.md"), HOW_TO_READ)
    write_text(os.path.join(out, "pages", "cong-bo-chi-so-cchc-nam-2023.md"), news_page(results))
    write_text(os.path.join(out, "pages", "sap-xep-don-vi-hanh-chinh-2025.md"), MERGER)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
