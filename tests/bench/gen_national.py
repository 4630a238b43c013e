#!/usr/bin/env python3
"""gen_national.py OUTDIR [--766] - national-scale benchmark data (deterministic).

Writes a data folder in the format of data/README.md at the scale of the
whole country before the 2025 reorganisation:

  bo-nganh   17 ministries and ministry-level agencies
  tinh       63 provinces and centrally-run cities
  huyen      ~705 districts (parent: their province)
  xa         ~10,600 communes (parent: their district)

with the PAR INDEX of the sample (8 areas, 29 leaf criteria), PAR scores for
2022 and 2023 for every unit, eight balanced quarters of service figures
(2023-q1 to 2024-q4) for every unit, 400 procedures and 3 pages: about 58 MB
of JSON, written in a few seconds.

With --766 it adds the sample's 766 index for the four quarters of 2024, for
every unit (group values; communes give the items of groups 3 and 4, three
of which do not apply to them): 81 MB of JSON, and a full build that draws a
criteria and a trend chart of a second index for every unit (about 23,000
more charts) takes about 1.75 times as long.  It is not the default, so
that `make bench` figures stay comparable with earlier ones.  Province and ministry names are real;
district and commune names are synthetic.  The random seed is fixed, so two
runs give byte-identical files.
"""
import json
import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_sample import (PAR_TREE, PROCEDURES, DEPT_PROCEDURES, URL, I766,  # noqa: E402
                        draw_leaves, fx, i766_index_json, num, par_index_json,
                        score_row, slug)

SEED = 63705
N_DISTRICTS = 705
N_COMMUNES = 10600

MINISTRIES = [
    "Bộ Ngoại giao", "Bộ Nội vụ", "Bộ Tư pháp", "Bộ Kế hoạch và Đầu tư", "Bộ Tài chính",
    "Bộ Công Thương", "Bộ Nông nghiệp và Phát triển nông thôn", "Bộ Giao thông vận tải",
    "Bộ Xây dựng", "Bộ Tài nguyên và Môi trường", "Bộ Thông tin và Truyền thông",
    "Bộ Lao động - Thương binh và Xã hội", "Bộ Văn hóa, Thể thao và Du lịch",
    "Bộ Khoa học và Công nghệ", "Bộ Giáo dục và Đào tạo", "Bộ Y tế",
    "Ngân hàng Nhà nước Việt Nam",
]

# (name, is a centrally-run city)
PROVINCES = [
    ("Hà Nội", 1), ("Hà Giang", 0), ("Cao Bằng", 0), ("Bắc Kạn", 0), ("Tuyên Quang", 0),
    ("Lào Cai", 0), ("Điện Biên", 0), ("Lai Châu", 0), ("Sơn La", 0), ("Yên Bái", 0),
    ("Hòa Bình", 0), ("Thái Nguyên", 0), ("Lạng Sơn", 0), ("Quảng Ninh", 0), ("Bắc Giang", 0),
    ("Phú Thọ", 0), ("Vĩnh Phúc", 0), ("Bắc Ninh", 0), ("Hải Dương", 0), ("Hải Phòng", 1),
    ("Hưng Yên", 0), ("Thái Bình", 0), ("Hà Nam", 0), ("Nam Định", 0), ("Ninh Bình", 0),
    ("Thanh Hóa", 0), ("Nghệ An", 0), ("Hà Tĩnh", 0), ("Quảng Bình", 0), ("Quảng Trị", 0),
    ("Thừa Thiên Huế", 0), ("Đà Nẵng", 1), ("Quảng Nam", 0), ("Quảng Ngãi", 0), ("Bình Định", 0),
    ("Phú Yên", 0), ("Khánh Hòa", 0), ("Ninh Thuận", 0), ("Bình Thuận", 0), ("Kon Tum", 0),
    ("Gia Lai", 0), ("Đắk Lắk", 0), ("Đắk Nông", 0), ("Lâm Đồng", 0), ("Bình Phước", 0),
    ("Tây Ninh", 0), ("Bình Dương", 0), ("Đồng Nai", 0), ("Bà Rịa - Vũng Tàu", 0),
    ("Hồ Chí Minh", 1), ("Long An", 0), ("Tiền Giang", 0), ("Bến Tre", 0), ("Trà Vinh", 0),
    ("Vĩnh Long", 0), ("Đồng Tháp", 0), ("An Giang", 0), ("Kiên Giang", 0), ("Cần Thơ", 1),
    ("Hậu Giang", 0), ("Sóc Trăng", 0), ("Bạc Liêu", 0), ("Cà Mau", 0),
]

SYLLABLES = (
    "An Bình Phú Tân Hòa Thạnh Long Phước Mỹ Đông Tây Nam Bắc Trung Hưng Thuận Vĩnh Quang "
    "Hải Sơn Thủy Lâm Thành Lộc Yên Định Hiệp Thái Xuân Cẩm Kim Ngọc Hồng Đức Nghĩa Lợi "
    "Thịnh Khánh Gia Hà Lạc Trường Minh Quý Tiến Thắng Lương Điền Châu Cát Hội Tường Vân "
    "Phong Hạnh Tiên Linh Chánh Hiếu Liên Bảo Nhơn Quảng Tịnh Mai Đồng Hương Thọ Phúc"
).split()

QUARTERS = [("2023-q1", "2023-04-10"), ("2023-q2", "2023-07-10"), ("2023-q3", "2023-10-10"),
            ("2023-q4", "2024-01-10"), ("2024-q1", "2024-04-10"), ("2024-q2", "2024-07-10"),
            ("2024-q3", "2024-10-10"), ("2024-q4", "2025-01-10")]


class Ids:
    """Unique slugs: a clash gets -2, -3, ... appended."""

    def __init__(self):
        self.seen = set()

    def make(self, text):
        base = slug(text)[:58].strip("-")
        cand, n = base, 1
        while cand in self.seen:
            n += 1
            cand = "%s-%d" % (base, n)
        self.seen.add(cand)
        return cand


def place_name(rng, used):
    for _ in range(1000):
        name = "%s %s" % (rng.choice(SYLLABLES), rng.choice(SYLLABLES))
        a, b = name.split()
        if a != b and name not in used:
            used.add(name)
            return name
    raise RuntimeError("names exhausted")


def split_counts(rng, total, n, lo, hi):
    """n integers in [lo, hi] summing to total."""
    counts = [lo] * n
    left = total - lo * n
    while left > 0:
        i = rng.randrange(n)
        if counts[i] < hi:
            counts[i] += 1
            left -= 1
    return counts


def build_units(rng):
    ids = Ids()
    groups = [{"id": "bo-nganh", "name": "Bộ, cơ quan ngang bộ"},
              {"id": "tinh", "name": "UBND tỉnh, thành phố"},
              {"id": "huyen", "name": "UBND cấp huyện"},
              {"id": "xa", "name": "UBND cấp xã"}]
    units = []
    members = {"bo-nganh": [], "tinh": [], "huyen": [], "xa": []}
    kind_of = {}
    for name in MINISTRIES:
        uid = ids.make(name)
        units.append({"id": uid, "name": name, "group": "bo-nganh",
                      "website": "https://%s.example.gov.vn/" % uid.replace("-", "")[:20]})
        members["bo-nganh"].append(uid)
    dcounts = split_counts(rng, N_DISTRICTS, len(PROVINCES), 6, 27)
    ccounts = split_counts(rng, N_COMMUNES, N_DISTRICTS, 6, 30)
    di = 0
    for (pname, city), nd in zip(PROVINCES, dcounts):
        pfull = ("thành phố " if city else "tỉnh ") + pname
        pid = ids.make(pfull)
        units.append({"id": pid, "name": "UBND " + pfull, "group": "tinh",
                      "address": "Trụ sở UBND %s" % pfull, "phone": "0%03d 3822 %03d" % (200 + len(units) % 99,
                                                                                     len(units) % 1000)})
        members["tinh"].append(pid)
        used = set()
        for k in range(nd):
            if k == 0:
                dkind = "quận" if city else "thành phố"
            elif city and k < nd // 2:
                dkind = "quận"
            elif k < 3 and rng.random() < 0.3:
                dkind = "thị xã"
            else:
                dkind = "huyện"
            dname = place_name(rng, used)
            did = ids.make("%s %s %s" % (dkind, dname, pname))
            units.append({"id": did, "name": "UBND %s %s" % (dkind, dname), "group": "huyen",
                          "parent": pid})
            members["huyen"].append(did)
            kind_of[did] = dkind
            cused = set()
            nc = ccounts[di]
            di += 1
            for j in range(nc):
                if dkind in ("quận", "thành phố", "thị xã"):
                    ckind = "phường" if j < nc * 0.75 else "xã"
                else:
                    ckind = "thị trấn" if j == 0 else "xã"
                cname = place_name(rng, cused)
                cid = ids.make("%s %s %s" % (ckind, cname, dname))
                units.append({"id": cid, "name": "UBND %s %s" % (ckind, cname), "group": "xa",
                              "parent": did})
                members["xa"].append(cid)
                kind_of[cid] = ckind
    return {"groups": groups, "units": units}, members, kind_of


def build_scores(rng, members):
    tree = PAR_TREE
    quality = {}
    ranges = {"bo-nganh": (0.78, 0.92), "tinh": (0.80, 0.92), "huyen": (0.78, 0.95), "xa": (0.66, 0.96)}
    for g, us in members.items():
        lo, hi = ranges[g]
        for u in us:
            quality[u] = rng.uniform(lo, hi)
    files = {}
    for period, published in (("2022", "2023-04-19"), ("2023", "2024-04-17")):
        rows = []
        for g in ("bo-nganh", "tinh", "huyen", "xa"):
            lo, hi = ranges[g]
            for i, u in enumerate(members[g]):
                if period == "2023":
                    quality[u] = min(hi + 0.02, max(lo - 0.02, quality[u] + rng.gauss(0.015, 0.03)))
                if g == "bo-nganh" and i == len(members[g]) - 1:
                    # a total-only score with its own maximum
                    rows.append({"unit": u, "total": num(fx(68.32) + (fx(1.5) if period == "2023" else 0)),
                                 "max": 84})
                    continue
                na = ("tu-chu-su-nghiep",) if (g == "xa" and i % 7 == 0) else ()
                vals = draw_leaves(rng, tree, quality[u], na)
                rows.append(score_row(u, tree, vals, na))
        files[period] = {"published": published, "scores": rows}
    return files


def build_services(rng, members, kind_of):
    vol = {}
    for u in members["bo-nganh"]:
        vol[u] = rng.randint(1500, 40000)
    for u in members["tinh"]:
        vol[u] = rng.randint(20000, 150000)
    for u in members["huyen"]:
        vol[u] = rng.randint(2500, 20000) if kind_of[u] != "huyện" else rng.randint(1200, 8000)
    for u in members["xa"]:
        vol[u] = rng.randint(300, 1800) if kind_of[u] == "phường" else rng.randint(80, 700)
    pending = {u: int(vol[u] * rng.uniform(0.04, 0.12)) for g in members.values() for u in g}
    order = members["bo-nganh"] + members["tinh"] + members["huyen"] + members["xa"]
    files = {}
    r = rng.random
    for qi, (period, published) in enumerate(QUARTERS):
        season = (0.88, 1.04, 1.02, 1.10)[qi % 4]
        rows = []
        for u in order:
            carried = pending[u]
            received = max(20, int(vol[u] * season * (0.9 + 0.2 * r())))
            online = int(received * min(0.99, 0.45 + 0.06 * qi + 0.3 * r()))
            postal = int((received - online) * 0.02 * r())
            direct = received - online - postal
            work = carried + received
            resolved = int(work * (0.84 + 0.14 * r()))
            withdrawn = int(work * 0.005 * r())
            late = int(resolved * 0.03 * r() * r())
            early = int((resolved - late) * (0.35 + 0.45 * r()))
            on_time = resolved - late - early
            pend = work - resolved - withdrawn
            overdue = int(pend * 0.04 * r() * r())
            row = {"unit": u, "carried_over": carried,
                   "received": {"online": online, "direct": direct, "postal": postal},
                   "resolved": {"early": early, "on_time": on_time, "late": late},
                   "pending": {"in_time": pend - overdue, "overdue": overdue}}
            if withdrawn:
                row["withdrawn"] = withdrawn
            x = r()
            if x < 0.7:
                total = int(received * (0.15 + 0.4 * r()))
                pay = int(total * min(0.95, 0.2 + 0.07 * qi + 0.3 * r()))
                row["payments"] = {"online": pay, "total": total, "online_amount_vnd": pay * 25000}
            if x < 0.45:
                row["digitized"] = int(received * min(1.0, 0.55 + 0.05 * qi + 0.3 * r()))
            if x < 0.3:
                resp = int(resolved * (0.03 + 0.15 * r()))
                row["satisfaction"] = {"responses": resp, "satisfied": int(resp * (0.88 + 0.12 * r()))}
            pending[u] = pend
            rows.append(row)
        files[period] = {"published": published, "services": rows}
    return files


def build_766(members, services):
    """The 766 index for the quarters of 2024, from its own random stream
    (the other files stay as they were).  Departments, provinces and
    districts give the five group values; communes give groups 1, 2 and 5
    and the items of groups 3 and 4, with the three items that do not apply
    to communes null.  Group 2 (files handled on time) follows the
    quarter's service figures."""
    rng = random.Random(SEED + 766)
    r = rng.random
    quality = {u: 0.72 + 0.24 * r() for g in members.values() for u in g}
    xa = set(members["xa"])

    def p(mx, ratio):
        return num(min(fx(mx), int(round(mx * min(1.0, max(0.0, ratio)) * 100)) * 100))
    files = {}
    for period, published in QUARTERS[4:]:
        rows = []
        for sv in services[period]["services"]:
            u = sv["unit"]
            q = quality[u] = min(0.98, max(0.6, quality[u] + 0.02 * (r() - 0.45)))
            res, pend = sv["resolved"], sv["pending"]
            handled = res["early"] + res["on_time"] + res["late"] + pend["in_time"] + pend["overdue"]
            on_time = res["early"] + res["on_time"] + pend["in_time"]
            c = {"cong-khai-minh-bach": p(18, q + 0.1 * r()),
                 "tien-do-giai-quyet": p(20, on_time / max(1, handled))}
            if u in xa:
                pay = sv.get("payments")
                c.update({"ho-so-toan-trinh": None, "tthc-tich-hop-thanh-toan": p(2, q + 0.1 * r()),
                          "tthc-co-thanh-toan": p(2, q * r() + 0.3),
                          "ho-so-thanh-toan": p(6, pay["online"] / pay["total"] if pay and pay["total"]
                                               else q - 0.2),
                          "ket-qua-dien-tu": p(6, q - 0.1 * r()), "ho-so-so-hoa": p(4, q + 0.1),
                          "chung-thuc-dien-tu": p(2, q * r() + 0.4), "tai-su-dung-du-lieu": p(2, q - 0.2 * r()),
                          "ket-noi-kho-du-lieu": p(4, 0.2 + 0.6 * r()), "ho-so-du-lieu-dan-cu": None,
                          "tthc-ket-noi-dan-cu": None})
            else:
                c.update({"dich-vu-truc-tuyen": p(22, q - 0.25 + 0.15 * r()),
                          "so-hoa-ho-so": p(22, q - 0.1 + 0.1 * r())})
            c["muc-do-hai-long"] = p(18, q + 0.05 * r())
            rows.append({"unit": u, "criteria": c})
        files[period] = {"published": published, "scores": rows}
    return files


FIELDS = [
    ("Hộ tịch", ["xa"]), ("Chứng thực", ["xa", "huyen"]), ("Đất đai", ["huyen"]),
    ("Xây dựng", ["huyen"]), ("Đăng ký kinh doanh", ["tinh"]), ("Tư pháp", ["tinh"]),
    ("Lao động", ["tinh"]), ("Bảo trợ xã hội", ["xa"]), ("Người có công", ["huyen"]),
    ("Giáo dục và Đào tạo", ["huyen"]), ("Y tế", ["tinh"]), ("Giao thông vận tải", ["tinh"]),
    ("Môi trường", ["tinh"]), ("Văn hóa", ["huyen"]), ("Nông nghiệp", ["xa"]),
    ("Công Thương", ["tinh"]), ("Khoa học và Công nghệ", ["bo-nganh"]), ("Tài chính", ["bo-nganh"]),
]
ACTIONS = ["Cấp giấy phép", "Cấp lại giấy phép", "Gia hạn giấy phép", "Điều chỉnh giấy phép",
           "Cấp giấy chứng nhận", "Đăng ký", "Thẩm định hồ sơ", "Xác nhận", "Công nhận", "Thu hồi giấy phép"]
OBJECTS = ["hoạt động", "kinh doanh có điều kiện", "cơ sở đủ điều kiện", "hành nghề", "dự án",
           "tổ chức dịch vụ", "cá nhân hành nghề", "phương tiện", "công trình", "sản phẩm"]
TIME_LIMITS = ["Ngay trong ngày làm việc", "03 ngày làm việc", "05 ngày làm việc", "07 ngày làm việc",
               "10 ngày làm việc", "15 ngày làm việc", "20 ngày làm việc", "30 ngày"]
FEES = ["Miễn lệ phí", "Không", "50.000 đồng/hồ sơ", "100.000 đồng/lần", "200.000 đồng/giấy phép",
        "Theo Nghị quyết của HĐND tỉnh", "Theo quy định của Bộ Tài chính"]


def build_procedures(rng):
    procs, seen = [], set()
    for code, name, field, groups, _units, tl, fee, online in PROCEDURES:
        # the sample's department-only procedures become provincial ones
        procs.append({"code": code, "name": name, "field": field, "groups": groups or ["tinh"],
                      "units": [], "time_limit": tl, "fee": fee, "online": online, "url": URL + code})
        seen.add(code)
    for code, name, field, _unit, tl, fee, online in DEPT_PROCEDURES:
        procs.append({"code": code, "name": name, "field": field, "groups": ["tinh"], "units": [],
                      "time_limit": tl, "fee": fee, "online": online, "url": URL + code})
        seen.add(code)
    n = 0
    while len(procs) < 400:
        field, groups = FIELDS[n % len(FIELDS)]
        code = "%d.%06d" % (1 + n % 3, 100000 + rng.randrange(900000))
        n += 1
        if code in seen:
            continue
        seen.add(code)
        name = "%s %s lĩnh vực %s" % (rng.choice(ACTIONS), rng.choice(OBJECTS), field.lower())
        procs.append({"code": code, "name": name, "field": field, "groups": groups, "units": [],
                      "time_limit": rng.choice(TIME_LIMITS), "fee": rng.choice(FEES),
                      "online": rng.choice(("full", "full", "partial", "none")), "url": URL + code})
    return {"procedures": procs}


PAGES = {
    "gioi-thieu.md": """\
---
title: Giới thiệu
order: 1
---
Bộ dữ liệu **thử tải** quy mô toàn quốc: 17 bộ, ngành, 63 tỉnh, thành phố,
khoảng 700 đơn vị cấp huyện và 10.600 đơn vị cấp xã. Tên cấp huyện, cấp xã là
tên giả lập; mọi số liệu là dữ liệu minh họa.
""",
    "cach-doc-so-lieu.md": """\
---
title: Cách đọc số liệu
order: 2
---
Kết quả Chỉ số CCHC là tỷ lệ phần trăm giữa tổng điểm và điểm tối đa áp dụng.
Các đơn vị chỉ được xếp hạng trong cùng khối; đơn vị cùng tỷ lệ được xếp đồng
hạng.

- **Tỷ lệ đúng hạn** = hồ sơ trước hạn và đúng hạn ÷ hồ sơ đã giải quyết.
- **Tỷ lệ trực tuyến** = hồ sơ nộp trực tuyến ÷ hồ sơ tiếp nhận mới.
""",
    "cong-bo-chi-so-cchc-2023.md": """\
---
title: Công bố Chỉ số CCHC năm 2023 (dữ liệu thử tải)
date: 2024-04-17
summary: Kết quả giả lập của Chỉ số CCHC năm 2023 cho mọi cấp chính quyền.
---
Kết quả Chỉ số cải cách hành chính năm 2023 của các bộ, ngành, tỉnh, huyện và
xã trong bộ dữ liệu thử tải đã được công bố. Xem bảng xếp hạng tại kỳ Năm 2023.
""",
}


def write_json(path, obj, indent=1):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(json.dumps(obj, ensure_ascii=False, indent=indent))
        f.write("\n")


def main(argv):
    with_766 = "--766" in argv[1:]
    args = [a for a in argv[1:] if a != "--766"]
    if len(args) != 1:
        print("usage: gen_national.py OUTDIR [--766]", file=sys.stderr)
        return 2
    out = args[0]
    t0 = time.time()
    rng = random.Random(SEED)
    units, members, kind_of = build_units(rng)
    site = {"title": "Công khai kết quả cải cách hành chính toàn quốc (dữ liệu thử tải)",
            "organisation": "Bộ dữ liệu thử tải minhbach",
            "base_url": "https://cchc.example.gov.vn/", "language": "vi", "license": "CC BY 4.0",
            "contact": {"email": "cchc@example.gov.vn"}, "sample": True,
            "targets": {"on_time_rate": 0.99, "online_rate": 0.8, "online_payment_rate": 0.5,
                        "digitized_rate": 1, "satisfaction_rate": 0.95}}
    write_json(os.path.join(out, "site.json"), site, 2)
    write_json(os.path.join(out, "units.json"), units)
    write_json(os.path.join(out, "indices", "par.json"), par_index_json(), 2)
    for period, obj in build_scores(rng, members).items():
        write_json(os.path.join(out, "periods", period, "par.json"), obj)
    services = build_services(rng, members, kind_of)
    for period, obj in services.items():
        write_json(os.path.join(out, "periods", period, "services.json"), obj)
    write_json(os.path.join(out, "procedures.json"), build_procedures(rng), 2)
    if with_766:
        write_json(os.path.join(out, "indices", I766 + ".json"), i766_index_json(), 2)
        for period, obj in build_766(members, services).items():
            write_json(os.path.join(out, "periods", period, I766 + ".json"), obj)
    for name, text in PAGES.items():
        os.makedirs(os.path.join(out, "pages"), exist_ok=True)
        with open(os.path.join(out, "pages", name), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    size = 0
    for d, _s, fs in os.walk(out):
        size += sum(os.path.getsize(os.path.join(d, f)) for f in fs)
    nunits = sum(len(v) for v in members.values())
    print("gen_national: %d units, %.1f MB in %s (%.1f s)" % (nunits, size / 1e6, out, time.time() - t0),
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
