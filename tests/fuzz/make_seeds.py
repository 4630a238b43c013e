#!/usr/bin/env python3
"""make_seeds.py - (re)writes the seed corpora of the fuzz targets in corpus/.

Run from anywhere; reads the fixtures, the sample data, the regression data,
the Mustache spec and the templates of this source tree.  The seeds are
committed; libFuzzer's own findings go to corpus-run/, which is not.
"""
import glob
import json
import os
import io
import re
import shutil
import subprocess
import tempfile
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(HERE, "corpus")

# Must match kinds[] and K_* in fuzz_data.c.
KINDS = ["site.json", "units.json", "indices/par.json", "periods/2023/par.json",
         "periods/2023-q4/services.json", "procedures.json", "periods/2022/par.json",
         "indices/extra.json"]
K_NAMED, K_LINK, K_FIFO = len(KINDS), len(KINDS) + 1, len(KINDS) + 2
# Must match spots[] in fuzz_data.c: where links and FIFOs are put.
SPOTS = ["units.json", "pages/link.md", "periods/2024", "indices/link.json",
         "periods/2023/par.json", "pages", "site.json"]


def out(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-")[:80]
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def kind_of(rel):
    """The kind index for a data file path relative to its data folder."""
    if rel in ("site.json", "units.json", "procedures.json"):
        return KINDS.index(rel)
    if rel.startswith("indices/"):
        return 2
    if rel.startswith("periods/") and rel.endswith("/services.json"):
        return 4
    if rel.startswith("periods/"):
        return 3
    return None


def data_seeds():
    folders = {"tiny": "tests/fixtures/tiny", "sample": "data",
               "basic": "tests/regress/basic/data", "pages": "tests/regress/pages/data",
               "reorg": "tests/fixtures/reorg"}
    for tag, folder in folders.items():
        base = os.path.join(TOP, folder)
        for path in sorted(glob.glob(os.path.join(base, "**", "*.json"), recursive=True)):
            rel = os.path.relpath(path, base)
            k = kind_of(rel)
            if k is None:
                continue
            with open(path, "rb") as f:
                body = f.read()
            if len(body) > 64 * 1024:  # keep the seeds small: cut big files
                continue
            out("data", f"{tag}-{rel}", bytes([k]) + body)
    hostile = {
        "nul-escape": (1, '{"groups":[{"id":"a","name":"x\\u0000y"}],"units":[]}'),
        "deep": (0, "[" * 200 + "]" * 200),
        "dup-key": (0, '{"title":"a","title":"b","organisation":"o"}'),
        "big-number": (3, '{"scores":[{"unit":"so-a","total":1e308}]}'),
        "neg-zero": (4, '{"services":[{"unit":"so-a","carried_over":-0,"received":'
                        '{"online":0,"direct":0,"postal":0},"resolved":{"early":0,'
                        '"on_time":0,"late":0},"pending":{"in_time":0,"overdue":0}}]}'),
        "nfd-name": (1, '{"groups":[{"id":"g","name":"Nho\u0301m"}],"units":[{"id":"u",'
                        '"name":"Sơ\u0309 Tư pha\u0301p","group":"g"}]}'),
        "bad-utf8": (0, b'{"title":"\xc3\x28","organisation":"o"}'),
        "empty": (2, ""),
    }
    for name, (k, body) in hostile.items():
        if isinstance(body, str):
            body = body.encode("utf-8")
        out("data", "hostile-" + name, bytes([k]) + body)
    # Ids that make two outputs share a path, and one that does not.
    with open(os.path.join(TOP, "tests/fixtures/tiny/periods/2023/par.json"), "rb") as f:
        scores = f.read()
    for name in ("q4-dich-vu", "q4-par", "dich", "par-so", "bieu-do", "ok-index"):
        out("data", "collide-" + name, bytes([K_NAMED]) + name.encode() + b"\n" + scores)
    # Links that lead out, loop or stay inside, in every spot.
    targets = ["/etc/passwd", "../../../../../../etc/passwd", "/", ".", "..", "../..",
               "link.md", "gioi-thieu.md", "../units.json", "../periods/2023", "2023/../../.."]
    for i, spot in enumerate(SPOTS):
        for t in targets:
            out("data", f"link-{spot}-{t}", bytes([K_LINK, i]) + t.encode())
        out("data", f"fifo-{spot}", bytes([K_FIFO, i]))


def mustache_seed(ctx, templates):
    parts = [json.dumps(ctx, ensure_ascii=False)]
    for name, src in templates[:8]:
        parts += [name, src]
    return "\0".join(parts)


def mustache_seeds():
    for path in sorted(glob.glob(os.path.join(TOP, "tests/mustache-spec/*.json"))):
        spec = os.path.basename(path)[:-5].lstrip("~")
        if spec == "lambdas":
            continue  # code, not data
        with open(path, encoding="utf-8") as f:
            tests = json.load(f).get("tests", [])
        for t in tests:
            templates = [("page", t["template"])]
            templates += sorted(t.get("partials", {}).items())
            out("mustache", f"spec-{spec}-{t['name']}", mustache_seed(t.get("data"), templates))
    tdir = os.path.join(TOP, "templates")
    partials = []
    for path in sorted(glob.glob(os.path.join(tdir, "partials", "*.mustache"))):
        with open(path, encoding="utf-8") as f:
            partials.append(("partials/" + os.path.basename(path)[:-9], f.read()))
    for path in sorted(glob.glob(os.path.join(tdir, "*.mustache"))):
        with open(path, encoding="utf-8") as f:
            src = f.read()
        used = [p for p in partials if p[0] in src][:7]
        ctx = {"site": {"title": "Tỉnh <b>&", "sample": True}, "page": {"title": "T"},
               "root": "../", "rows": [{"name": "a"}, {"name": "b"}]}
        out("mustache", "templates-" + os.path.basename(path)[:-9],
            mustache_seed(ctx, [("page", src)] + used))
    hostile = {
        "self-partial": [("page", "{{>page}}")],
        "mutual": [("page", "{{>a}}"), ("a", "{{#x}}{{>b}}{{/x}}"), ("b", "{{>a}}")],
        "fanout": [("page", "{{>a}}"), ("a", "{{>b}}{{>b}}{{>b}}{{>b}}"),
                   ("b", "{{>c}}{{>c}}{{>c}}{{>c}}"), ("c", "{{>a}}{{>a}}")],
        "deep-sections": [("page", "{{#x}}" * 80 + "{{/x}}" * 80)],
        "parent-loop": [("page", "{{<page}}{{$b}}x{{/b}}{{/page}}")],
        "delims": [("page", "{{=<% %>=}}<%x%><%={{ }}=%>{{x}}{{= | | =}}")],
        "unclosed": [("page", "{{#a}}{{^b}}{{x")],
    }
    for name, templates in hostile.items():
        out("mustache", "hostile-" + name, mustache_seed({"x": [1, 2, {"x": True}]}, templates))


def page_seeds():
    for folder in ("data/pages", "tests/fixtures/tiny/pages", "tests/regress/pages/data/pages"):
        for path in sorted(glob.glob(os.path.join(TOP, folder, "*.md"))):
            with open(path, "rb") as f:
                out("page", folder.split("/")[0] + "-" + os.path.basename(path), f.read())
    hostile = {
        "unclosed-front-matter": "---\ntitle: x\n",
        "no-title": "no heading here\n",
        "raw-html": "---\ntitle: T\n---\n<script>alert(1)</script>\n[x](javascript:alert(1))\n",
        "deep-quotes": ">" * 500 + " x\n",
        "deep-lists": "".join("  " * i + "- x\n" for i in range(200)),
        "headings": "# T\n\n###### six\n\n# one\n",
        "nul": "---\ntitle: a\x00b\n---\nx\n",
        "crlf": "---\r\ntitle: T\r\ndate: 2023-02-30\r\n---\r\nbody\r\n",
        "draft": "---\ntitle: T\ndraft: true\norder: -99999999999\n---\n",
    }
    for name, text in hostile.items():
        out("page", "hostile-" + name, text)


def path_seeds():
    paths = ["/", "/index.html", "/a", "/a/", "/a/b.css", "/tai-ve/2023.json", "/404.html",
             "/d%E1%BB%8B.txt", "/out", "/abs", "/up/secret.txt", "/a/home",
             "/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/a/..%2fsecret.txt",
             "/a%5c..%5csecret.txt", "/a\\..\\secret.txt", "//etc/passwd", "/%2fetc/passwd",
             "/index.html%00.css", "/.hidden", "/a/./b.css", "/%c0%ae%c0%ae/secret.txt",
             "/%%32%65%%32%65/secret.txt", "/%252e%252e/secret.txt", "/a/b.css/", "/x%zz",
             "/" + "a/" * 300, "/%e1%bb", "http://example.com/", "*"]
    for i, p in enumerate(paths):
        out("path", f"{i:02d}-" + p, p)


# Must match part_names[] in fuzz_sheet.c: mode 1 + index.
SHEET_PARTS = ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml",
               "xl/_rels/workbook.xml.rels", "docProps/custom.xml", "_rels/.rels"]


def repack(data):
    """A zip's parts again, with a fixed date and without the document's
    creation time and editing statistics, so that the seeds do not change
    from one run to the next."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as z, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as w:
        for info in z.infolist():
            if info.filename in ("docProps/core.xml", "docProps/app.xml", "docProps/meta.xml"):
                continue
            w.writestr(zipfile.ZipInfo(info.filename, (2025, 1, 1, 0, 0, 0)), z.read(info.filename),
                       compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def sheet_seeds():
    """The test fixtures (tests/sheets/make_fixtures.py, run with the Python
    that has openpyxl): small files whole (mode 0), and the XML parts of the
    workbooks on their own (modes 1 to 6)."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["/usr/bin/python3", os.path.join(TOP, "tests/sheets/make_fixtures.py"), tmp],
                       check=True)
        for root, _dirs, files in sorted(os.walk(tmp)):
            for name in sorted(files):
                path = os.path.join(root, name)
                rel = os.path.relpath(path, tmp)
                with open(path, "rb") as f:
                    data = f.read()
                if len(data) > 48 * 1024 or "limit" in name:
                    continue  # bombs, a million rows, budgets: test_sheet has them
                if data[:2] == b"PK":
                    try:
                        data = repack(data)
                    except (zipfile.BadZipFile, zlib.error, EOFError):
                        pass  # damaged on purpose: kept as it is
                out("sheet", "file-" + rel, b"\0" + data)
                if data[:2] != b"PK":
                    continue
                try:
                    with zipfile.ZipFile(io.BytesIO(data)) as z:
                        for k, part in enumerate(SHEET_PARTS):
                            if part in z.namelist() and z.getinfo(part).file_size <= 48 * 1024:
                                out("sheet", f"part{k + 1}-{rel}", bytes([k + 1]) + z.read(part))
                except (zipfile.BadZipFile, zlib.error, EOFError):
                    pass
    hostile = {
        "csv-quote-eof": b'\0a;"b\nc',
        "csv-crlf-blank": b"\0a,b\r\n\r\n\r\nc\r",
        "csv-1258": b"\0T\xean;X\xe3 \xd2\n",
        "csv-utf16": b"\0\xff\xfea\x00\t\x00b\x00",
        "csv-nul": b"\0a\x00b",
        "sheet-zz": b'\1<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    b'<sheetData><row><c t="zz"><v>1</v></c><c r="XFE1"/></row><row r="0"/>'
                    b"</sheetData></worksheet>",
        "sheet-escapes": b'\1<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                         b'<sheetData><row><c t="inlineStr"><is><t>_xD83D__xDE00__x0000__xD800_</t>'
                         b"</is></c></row></sheetData></worksheet>",
        "sheet-doctype": b'\1<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
    }
    for name, body in hostile.items():
        out("sheet", "hostile-" + name, body)


def main():
    if os.path.isdir(CORPUS):
        shutil.rmtree(CORPUS)
    data_seeds()
    mustache_seeds()
    page_seeds()
    path_seeds()
    sheet_seeds()
    for t in sorted(os.listdir(CORPUS)):
        print(t, len(os.listdir(os.path.join(CORPUS, t))), "seeds")


if __name__ == "__main__":
    main()
