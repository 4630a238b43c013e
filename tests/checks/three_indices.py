#!/usr/bin/python3
"""three_indices.py SITE DATA PERIOD - a period page read with every index of its period.

The page ky/PERIOD/index.html must list, in its table of contents (nav.toc, "Nội dung"), one
entry per index scored in DATA/periods/PERIOD (named as DATA/indices/<id>.json names it, in
the order of their ids, linked to #<id>) with one sub-entry per group the index ranks then
(linked to #<id>-<group>); and hold, for each index, its section (<section class="ranking"
id="<id>">, headed by the index's name) with, inside it, each of those groups' heading and
ranking table.  Prints what is wrong; exits 1 when anything is."""

import html
import json
import os
import re
import sys

site, data, period = sys.argv[1:4]
page = open(os.path.join(site, "ky", period, "index.html"), encoding="utf-8").read()
units = json.load(open(os.path.join(data, "units.json"), encoding="utf-8"))
group_of = {u["id"]: u["group"] for u in units["units"]}
group_ids = [g["id"] for g in units["groups"]]
problems = []

want = []  # (index id, index name, [groups in units.json order])
for f in sorted(os.listdir(os.path.join(data, "periods", period))):
    iid = f[:-5]
    if iid == "services" or not f.endswith(".json"):
        continue
    ix = json.load(open(os.path.join(data, "indices", f), encoding="utf-8"))
    scores = json.load(open(os.path.join(data, "periods", period, f), encoding="utf-8"))
    ranked = {group_of[r["unit"]] for r in scores["scores"]}
    want.append((iid, ix["name"], [g for g in group_ids if g in ranked]))

toc = re.search(r'<nav class="toc".*?</nav>', page, re.S)
if not toc:
    problems.append("no table of contents")
    toc_html = ""
else:
    toc_html = toc.group(0)
# The top-level entries: an index link followed by its list of groups.
entries = re.findall(r'<li><a href="#([^"]+)">([^<]*)</a>\s*<ul>(.*?)</ul></li>', toc_html, re.S)
got = [(i, html.unescape(n), re.findall(r'<a href="#([^"]+)">', sub)) for i, n, sub in entries]
expect = [(i, n, ["%s-%s" % (i, g) for g in gs]) for i, n, gs in want]
if got != expect:
    problems.append("table of contents: %r, want %r" % (got, expect))

sections = re.findall(r'<section class="ranking" id="([^"]+)".*?</section>', page, re.S)
if sections != [i for i, _, _ in want]:
    problems.append("sections %r, want %r" % (sections, [i for i, _, _ in want]))
for iid, name, groups in want:
    m = re.search(r'<section class="ranking" id="%s".*?</section>' % re.escape(iid), page, re.S)
    if not m:
        continue
    sec = m.group(0)
    h2 = re.search(r"<h2[^>]*>(.*?)</h2>", sec, re.S)
    if not h2 or not html.unescape(h2.group(1)).startswith(name):
        problems.append("%s: its section is not headed by %r" % (iid, name))
    for g in groups:
        anchor = "%s-%s" % (iid, g)
        if '<h3 id="%s">' % anchor not in sec:
            problems.append("%s: no heading #%s in its section" % (iid, anchor))
        if '<caption id="%s_bxh">' % anchor not in sec:
            problems.append("%s: no ranking table of %s in its section" % (iid, g))

if len(want) < 3:
    problems.append("%s scores %d indices, not three" % (period, len(want)))
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
