#!/usr/bin/env python3
"""check_site.py SITE - checks every HTML page of a built site.

Each page: exactly one <h1>, headings in order (no level skipped), <html lang="vi">, the sample notice when the
site is a sample, no "NaN", every <table> with a <caption>, every row of a
table as wide as its heading row (colspans counted: a district's heading row
spans the whole table), ids unique; every relative href/src points to a file of the site and every #fragment to
an id of its target page.  Prints one line per problem; exit 1 if any.
"""
import html.parser
import os
import sys
import urllib.parse


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.ids, self.dup_ids = [], set(), set()
        self.h1 = self.tables = self.captions = 0
        self.lang = None
        self.levels = []
        self.widths = []      # per table: [caption, width of each row]
        self.caption = None   # text of the caption being read

    def handle_data(self, data):
        if self.caption is not None:
            self.caption += data

    def handle_endtag(self, tag):
        if tag == "caption" and self.caption is not None:
            self.widths[-1][0] = " ".join(self.caption.split())
            self.caption = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "h1":
            self.h1 += 1
        if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self.levels.append(int(tag[1]))
        if tag == "table":
            self.tables += 1
            self.widths.append([f"table {self.tables}", []])
        if tag == "caption":
            self.captions += 1
            self.caption = ""
        if tag == "tr" and self.widths:
            self.widths[-1][1].append(0)
        if tag in ("td", "th") and self.widths and self.widths[-1][1]:
            self.widths[-1][1][-1] += int(a.get("colspan") or 1)
        if "id" in a:
            if a["id"] in self.ids:
                self.dup_ids.add(a["id"])
            self.ids.add(a["id"])
        for k in ("href", "src"):
            if k in a:
                self.links.append(a[k])


def main(site):
    problems = []
    pages = {}
    for dirpath, _, files in os.walk(site):
        for f in files:
            if f.endswith(".html"):
                path = os.path.join(dirpath, f)
                p = Page()
                with open(path, encoding="utf-8") as fh:
                    text = fh.read()
                p.feed(text)
                p.text = text
                pages[os.path.relpath(path, site)] = p
    for rel, p in sorted(pages.items()):
        if p.h1 != 1:
            problems.append(f"{rel}: {p.h1} <h1>")
        if p.lang != "vi":
            problems.append(f"{rel}: lang={p.lang!r}")
        if "Dữ liệu minh họa" not in p.text:
            problems.append(f"{rel}: no sample notice")
        if "NaN" in p.text:
            problems.append(f"{rel}: NaN")
        prev = 0
        for lv in p.levels:
            if lv > prev + 1:
                problems.append(f"{rel}: <h{lv}> follows <h{prev}>")
                break
            prev = lv
        if p.tables != p.captions:
            problems.append(f"{rel}: {p.tables} tables, {p.captions} captions")
        for caption, rows in p.widths:
            if rows and any(w != rows[0] for w in rows):
                problems.append(f"{rel}: table «{caption}»: rows {rows[0]} columns wide and "
                                f"{sorted(set(w for w in rows if w != rows[0]))}")
        for i in sorted(p.dup_ids):
            problems.append(f"{rel}: duplicate id {i!r}")
        if rel == "404.html":
            continue  # its links are absolute, for any missing path
        for link in p.links:
            u = urllib.parse.urlsplit(link)
            if u.scheme or link.startswith("//"):
                continue
            target = rel if not u.path else os.path.normpath(
                os.path.join(os.path.dirname(rel), urllib.parse.unquote(u.path)))
            if target.startswith(".."):
                problems.append(f"{rel}: {link} leaves the site")
                continue
            if not os.path.isfile(os.path.join(site, target)):
                problems.append(f"{rel}: {link} -> missing {target}")
                continue
            if u.fragment and target in pages and u.fragment not in pages[target].ids:
                problems.append(f"{rel}: {link} -> no id {u.fragment!r} in {target}")
    for line in problems:
        print(line)
    print(f"{len(pages)} pages checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
