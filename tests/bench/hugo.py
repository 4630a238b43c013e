#!/usr/bin/env python3
"""hugo.py CONTEXTS.jsonl TEMPLATES PROJECT - the Hugo reference of make bench.

Turns the page contexts of a build (tests/bench/contexts.c: for every HTML
page, the template it renders, its path and the context its Mustache
template reads) into a Hugo project that renders the same HTML pages at the
same paths:

  PROJECT/hugo.toml                 one output format, plain text templates
  PROJECT/layouts/mb/<tmpl>.mb.html each page template of TEMPLATES, its
                                    partials inlined, translated to a Go template
  PROJECT/content/p/<n>.md          one page: JSON front matter {url, layout,
                                    ctx: the page's context}
  PROJECT/data/chrome.json          the header and footer fragments the
                                    pages share (minhbach renders them once too)

`hugo --quiet -s PROJECT -d OUT` then writes every HTML page minhbach
writes (home, periods, units, indices, procedures, news, pages, downloads
page, 404), with the same bytes but for the escape of '"' (Hugo's
htmlEscape writes &#34;, minhbach &quot;).  Hugo gets every number already
computed and formatted: it only reads the contexts and renders.  It draws
no chart and writes no download, sitemap or search list.

The translation follows the Mustache spec as src/mustache.c implements it
(standalone lines, indented partials, sections over lists, objects and
truthy values, inverted sections, dotted names searched outward by their
first part).  Go templates have no context stack, so each name is bound at
translation time to the section level it is found in, learnt by rendering
a sample of the contexts here; a name found at different levels in
different contexts is looked up level by level at render time.

`hugo.py --compare HUGO_OUT SITE` prints how many of Hugo's pages are
byte-identical to minhbach's (after that one escape).
"""
import json
import os
import re
import shutil
import sys

SAMPLE_PER_TEMPLATE = 400


# ---- Mustache parsing ------------------------------------------------------

class Node:
    __slots__ = ("kind", "name", "children", "id")

    def __init__(self, kind, name=None):
        self.kind = kind          # "text", "var", "raw", "sec", "inv"
        self.name = name          # text for "text"
        self.children = []
        self.id = None


def tokenize(src):
    """Splits src into ("text", s) and ("tag", sigil, name) tokens, then
    applies the standalone-line rule: a line holding only whitespace and one
    section, inverted, closing, comment or partial tag disappears, its
    whitespace and line break with it (a partial keeps its indentation)."""
    toks = []
    i = 0
    while True:
        j = src.find("{{", i)
        if j < 0:
            toks.append(["text", src[i:]])
            break
        toks.append(["text", src[i:j]])
        if src.startswith("{{{", j):
            k = src.index("}}}", j)
            toks.append(["tag", "{", src[j + 3:k].strip()])
            i = k + 3
            continue
        k = src.index("}}", j)
        body = src[j + 2:k].strip()
        sigil = body[0] if body and body[0] in "#^/>&!" else ""
        name = body[1:].strip() if sigil else body
        toks.append(["tag", sigil, name])
        i = k + 2
    # Standalone lines.
    lines = [[]]
    for t in toks:
        if t[0] == "text":
            parts = t[1].split("\n")
            for n, part in enumerate(parts):
                if n:
                    lines[-1].append(["nl"])
                    lines.append([])
                lines[-1].append(["text", part])
        else:
            lines[-1].append(t)
    out = []
    for line in lines:
        tags = [t for t in line if t[0] == "tag"]
        texts = "".join(t[1] for t in line if t[0] == "text")
        if len(tags) == 1 and tags[0][1] and tags[0][1] in "#^/>!" and texts.strip() == "":
            tag = tags[0]
            if tag[1] == ">":
                lead = ""
                for t in line:
                    if t is tag:
                        break
                    if t[0] == "text":
                        lead += t[1]
                out.append(["tag", ">", tag[2], lead])
            else:
                out.append(tag)
            continue
        out.extend(line)
    return [["text", "\n"] if t[0] == "nl" else t for t in out]


def indent(src, lead):
    if not lead:
        return src
    lines = src.split("\n")
    return "\n".join(lead + l if (l or n < len(lines) - 1) else l for n, l in enumerate(lines))


class Parser:
    def __init__(self, tdir):
        self.tdir = tdir
        self.nodes = []

    def source(self, name):
        with open(os.path.join(self.tdir, name + ".mustache"), encoding="utf-8") as f:
            return f.read()

    def parse(self, name, lead="", depth=0):
        if depth > 20:
            raise SystemExit(f"hugo.py: partial {name} nests too deep")
        toks = tokenize(indent(self.source(name), lead))
        root = Node("sec", None)
        stack = [root]
        for t in toks:
            if t[0] == "text":
                if t[1]:
                    n = Node("text", t[1])
                    stack[-1].children.append(n)
                continue
            sigil, tname = t[1], t[2]
            if sigil == "!":
                continue
            if sigil == ">":
                sub = self.parse(tname, t[3] if len(t) > 3 else "", depth + 1)
                stack[-1].children.extend(sub.children)
                continue
            if sigil and sigil in "#^":
                n = self.node("sec" if sigil == "#" else "inv", tname)
                stack[-1].children.append(n)
                stack.append(n)
            elif sigil == "/":
                if stack[-1].name != tname:
                    raise SystemExit(f"hugo.py: {name}: /{tname} closes {stack[-1].name}")
                stack.pop()
            else:
                stack[-1].children.append(self.node("raw" if sigil and sigil in "{&" else "var", tname))
        return root

    def node(self, kind, name):
        n = Node(kind, name)
        n.id = len(self.nodes)
        self.nodes.append(n)
        return n


# ---- Learning where names resolve ------------------------------------------

def truthy(v):
    return not (v is None or v is False or v == [] or v == "")


def kind_of(v):
    if isinstance(v, list):
        return "list"
    if isinstance(v, dict):
        return "dict"
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, str):
        return "str"
    if v is None:
        return "none"
    return "num"


class Learn:
    """Renders contexts the Mustache way and records, for every tag, the
    stack level its name resolved in and what kinds of values it met."""

    def __init__(self, nparsed):
        self.level = [set() for _ in range(nparsed)]
        self.kinds = [set() for _ in range(nparsed)]
        self.inner = [set() for _ in range(nparsed)]  # kinds of a dotted name's middle parts

    def lookup(self, node, stack):
        name = node.name
        if name == ".":
            self.level[node.id].add(len(stack) - 1)
            return stack[-1]
        parts = name.split(".")
        for lv in range(len(stack) - 1, -1, -1):
            f = stack[lv]
            if isinstance(f, dict) and parts[0] in f:
                v = f[parts[0]]
                for p in parts[1:]:
                    self.inner[node.id].add(kind_of(v))
                    v = v.get(p) if isinstance(v, dict) else None
                self.level[node.id].add(lv)
                return v
        self.level[node.id].add(None)
        return None

    def walk(self, nodes, stack):
        for n in nodes:
            if n.kind == "text":
                continue
            v = self.lookup(n, stack)
            self.kinds[n.id].add(kind_of(v))
            if n.kind == "inv":
                if not truthy(v):
                    self.walk(n.children, stack)
            elif n.kind == "sec" and truthy(v):
                for item in (v if isinstance(v, list) else [v]):
                    stack.append(item)
                    self.walk(n.children, stack)
                    stack.pop()


# ---- Go templates ------------------------------------------------------------

class Emit:
    """Writes the Go template of one page template.  Each Mustache stack
    level that holds an object or a list item is a variable $fN."""

    def __init__(self, learn, name):
        self.L = learn
        self.name = name
        self.out = []
        self.dynamic = 0

    def warn(self, n, what):
        print(f"hugo.py: {self.name}: {{{{{n.name}}}}}: {what}", file=sys.stderr)

    def ref(self, n, lv, guard_inner):
        """The Go expression of n's name at stack level lv, or None."""
        parts = n.name.split(".")
        if n.name == ".":
            return f"$f{lv}"
        if guard_inner and parts[1:] and self.L.inner[n.id] - {"dict"}:
            return None
        return f"$f{lv}." + ".".join(parts)

    def value(self, n, frames):
        """A Go pipeline giving n's value, or None when it never resolves.
        frames[i] is True when stack level i is an object frame."""
        levels = self.L.level[n.id]
        found = sorted(lv for lv in levels if lv is not None)
        if not found:
            return None
        if len(found) == 1:
            lv = found[0]
            expr = self.ref(n, lv, True)
            if expr is not None:
                return expr
        # Looked up at render time, innermost first.
        self.dynamic += 1
        return ("dyn", found)

    def go(self, pipeline, body_fn, else_fn=None):
        self.out.append("{{" + pipeline + "}}")
        body_fn()
        if else_fn:
            self.out.append("{{else}}")
            else_fn()
        self.out.append("{{end}}")

    def with_value(self, n, frames, fn, missing_fn=None):
        """Calls fn(expr) inside guards so that expr is n's value, present;
        missing_fn() renders where it is missing."""
        v = self.value(n, frames)
        if v is None:
            if missing_fn:
                missing_fn()
            return
        if isinstance(v, tuple):
            self.dyn(n, v[1], fn, missing_fn)
            return
        parts = n.name.split(".")
        if n.name == "." or len(parts) == 1:
            fn(v)
            return
        # A dotted name: only its first part is searched for.
        lv = sorted(x for x in self.L.level[n.id] if x is not None)[0]
        fn(v)

    def dyn(self, n, levels, fn, missing_fn):
        parts = n.name.split(".")
        first = True
        for lv in sorted(levels, reverse=True):
            self.out.append("{{" + ("if" if first else "else if") + f" isset $f{lv} \"{parts[0]}\"" + "}}")
            first = False
            expr = f"$f{lv}." + parts[0]
            if parts[1:]:
                self.out.append("{{with " + expr + "}}")
                fn("." + ".".join(parts[1:]))
                self.out.append("{{end}}")
            else:
                fn(expr)
        if missing_fn:
            self.out.append("{{else}}")
            missing_fn()
        self.out.append("{{end}}")

    def nodes(self, nodes, frames):
        for n in nodes:
            if n.kind == "text":
                self.out.append(n.name.replace("{{", "{{`{{`}}"))
            elif n.kind in ("var", "raw"):
                self.var(n, frames)
            elif n.kind == "inv":
                self.inv(n, frames)
            else:
                self.sec(n, frames)

    def var(self, n, frames):
        kinds = self.L.kinds[n.id] - {"none"}
        if kinds - {"str"}:
            if kinds <= {"dict", "list", "bool"} and not kinds & {"bool"}:
                return  # objects and lists print nothing
            if kinds & {"num", "bool"}:
                self.warn(n, f"prints {sorted(kinds)}")
        chrome = n.kind == "raw" and n.name in ("header", "footer") and \
            self.L.level[n.id] == {0}

        def put(expr):
            if chrome:
                self.out.append("{{index site.Data.chrome " + expr + "}}")
            elif n.kind == "raw":
                self.out.append("{{with " + expr + "}}{{.}}{{end}}")
            else:
                self.out.append("{{with " + expr + "}}{{htmlEscape .}}{{end}}")
        self.with_value(n, frames, put)

    def sec(self, n, frames):
        kinds = self.L.kinds[n.id] - {"none"}
        depth = len(frames)
        child = frames + [True]

        def body_list(expr):
            self.out.append("{{with " + expr + "}}{{range $f" + str(depth) + " := .}}")
            self.nodes(n.children, child)
            self.out.append("{{end}}{{end}}")

        def body_push(expr):
            self.out.append("{{with $f" + str(depth) + " := " + expr + "}}")
            self.nodes(n.children, child)
            self.out.append("{{end}}")

        def body_if(expr):
            self.out.append("{{if " + expr + "}}")
            self.nodes(n.children, frames + [False])
            self.out.append("{{end}}")

        if not kinds - {"bool"}:
            fn = body_if
        elif "list" in kinds:
            if kinds - {"list", "bool"}:
                self.warn(n, f"is sometimes a list, sometimes {sorted(kinds - {'list'})}")
            fn = body_list
        else:
            fn = body_push
        self.with_value(n, frames, fn)

    def inv(self, n, frames):
        def body():
            self.nodes(n.children, frames)

        def present(expr):
            self.out.append("{{if not " + expr + "}}")
            body()
            self.out.append("{{end}}")
        self.with_value(n, frames, present, body)


def translate(tdir, name, contexts):
    parser = Parser(tdir)
    root = parser.parse(name)
    learn = Learn(len(parser.nodes))
    for ctx in contexts:
        learn.walk(root.children, [ctx])
    e = Emit(learn, name)
    e.out.append("{{$f0 := .Params.ctx}}")
    e.nodes(root.children, [True])
    return "".join(e.out)


# ---- the project -----------------------------------------------------------------

CONFIG = """\
# Written by tests/bench/hugo.py: the pages of a minhbach build, for make bench.
baseURL = "/"
disableKinds = ["home", "section", "taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
disableLanguages = []
enableRobotsTXT = false
[outputFormats.mb]
  mediaType = "text/html"
  baseName = "index"
  isPlainText = true
  isHTML = true
[outputs]
  page = ["mb"]
[markup.goldmark.renderer]
  unsafe = false
"""


def first_wins(pairs):
    """An object whose key is repeated keeps its first value, the one
    src/mustache.c finds."""
    d = {}
    for k, v in pairs:
        d.setdefault(k, v)
    return d


def project(jsonl, tdir, proj):
    if os.path.exists(proj):
        shutil.rmtree(proj)
    os.makedirs(os.path.join(proj, "layouts", "mb"))
    os.makedirs(os.path.join(proj, "content", "p"))
    os.makedirs(os.path.join(proj, "data"))
    with open(os.path.join(proj, "hugo.toml"), "w") as f:
        f.write(CONFIG)
    samples = {}
    chrome = {}
    n = 0
    with open(jsonl, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line, object_pairs_hook=first_wins)
            tmpl, rel, ctx = d["tmpl"], d["rel"], d["ctx"]
            if not rel.endswith(".html"):
                continue  # sitemap.xml, robots.txt: not pages
            s = samples.setdefault(tmpl, [])
            if len(s) < SAMPLE_PER_TEMPLATE:
                s.append(ctx)
            for k in ("header", "footer"):
                if k in ctx:
                    key = chrome.setdefault(ctx[k], f"{k}{len(chrome)}")
                    ctx[k] = key
            url = "/" + (rel[:-len("index.html")] if rel.endswith("index.html") else rel)
            page = {"url": url, "type": "mb", "layout": tmpl, "ctx": ctx}
            with open(os.path.join(proj, "content", "p", f"{n}.md"), "w", encoding="utf-8") as out:
                json.dump(page, out, ensure_ascii=False, separators=(",", ":"))
                out.write("\n")
            n += 1
    with open(os.path.join(proj, "data", "chrome.json"), "w", encoding="utf-8") as f:
        json.dump({v: k for k, v in chrome.items()}, f, ensure_ascii=False)
    for tmpl, ctxs in samples.items():
        # The header and footer keys learnt above stand for the fragments.
        go = translate(tdir, tmpl, ctxs)
        with open(os.path.join(proj, "layouts", "mb", tmpl + ".mb.html"), "w", encoding="utf-8") as f:
            f.write(go)
    print(f"hugo.py: {n} pages, {len(samples)} templates -> {proj}")


def compare(hugo_out, site):
    same = differ = missing = 0
    first = None
    for dirpath, _, files in os.walk(hugo_out):
        for name in files:
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, hugo_out)
            try:
                with open(os.path.join(site, rel), "rb") as f:
                    ours = f.read()
            except FileNotFoundError:
                missing += 1
                continue
            with open(path, "rb") as f:
                theirs = f.read().replace(b"&#34;", b"&quot;")
            if theirs == ours:
                same += 1
            else:
                differ += 1
                first = first or rel
    print(f"  Hugo's pages identical to minhbach's: {same} of {same + differ + missing}"
          + (f" (first that differs: {first})" if first else "")
          + (f", {missing} not in the site" if missing else ""))
    return 0 if differ == 0 and missing == 0 else 1


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--compare":
        sys.exit(compare(sys.argv[2], sys.argv[3]))
    if len(sys.argv) != 4:
        sys.exit("usage: hugo.py CONTEXTS.jsonl TEMPLATES PROJECT | --compare HUGO_OUT SITE")
    project(sys.argv[1], sys.argv[2], sys.argv[3])


if __name__ == "__main__":
    main()
