#!/usr/bin/python3
"""pagecheck.py: what the web edition promises, read from the page itself
(issue 20, points 2, 4 and 5).

    pagecheck.py PAGE.html...

For each page, every problem as "PAGE: what" (exit 1 when there is one):

  - <html lang>, a non-empty <title>, <meta charset=utf-8>, viewport,
    description and author metas;
  - landmarks: one header, nav, main and footer; the first link is a skip
    link to main;
  - one h1, the first heading; no heading level skipped going down;
  - every table has a caption; every th has a scope; a table with two
    header rows or more gives every td headers= naming th ids of the
    table; every table stands in a div role=region tabindex=0 whose
    aria-labelledby names an element of the page;
  - every svg role=img has aria-labelledby naming its <title> and
    <desc>, and its figure a <details> with a table of the data;
  - every in-page link (href="#x") and every aria-labelledby / headers
    id exists, ids are unique; footnote references and notes link to
    each other;
  - self-contained: no <script>, no src= or <link href> that is not a
    data: URI or the PDF beside it; every <img> has alt.
"""
import html.parser
import sys


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = {}
        self.dup = []
        self.stack = []
        self.elems = []  # (tag, attrs, parent chain)
        self.text = {}
        self.cur_title = None
        self.title = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            if a["id"] in self.ids:
                self.dup.append(a["id"])
            self.ids[a["id"]] = tag
        self.elems.append((tag, a, list(self.stack)))
        if tag not in ("meta", "link", "img", "br", "input", "hr", "rect",
                       "circle", "path", "line", "stop"):
            self.stack.append((tag, a))
        if tag == "title" and not any(t == "svg" for t, _ in self.stack[:-1]):
            self.cur_title = True

    def handle_startendtag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids[a["id"]] = tag
        self.elems.append((tag, a, list(self.stack)))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break
        if tag == "title":
            self.cur_title = None

    def handle_data(self, data):
        if self.cur_title:
            self.title += data


def check(path):
    probs = []
    p = Page()
    with open(path, encoding="utf-8") as f:
        src = f.read()
    p.feed(src)
    el = p.elems

    def find(tag):
        return [(a, par) for t, a, par in el if t == tag]

    html = find("html")
    if not html or not html[0][0].get("lang"):
        probs.append("no lang on <html>")
    if not p.title.strip():
        probs.append("no title")
    metas = {a.get("name"): a.get("content") for a, _ in find("meta")}
    if not any(a.get("charset", "").lower() == "utf-8" for a, _ in find("meta")):
        probs.append("no <meta charset=utf-8>")
    for m in ("viewport", "description", "author"):
        if m not in metas:
            probs.append(f"no <meta name={m}>")
    for t in ("header", "nav", "main", "footer"):
        n = len(find(t))
        if t == "nav" and n == 0 and not find("section"):
            continue  # a document without sections has no contents
        if n != 1:
            probs.append(f"{n} <{t}> landmarks, not one")
    links = find("a")
    main = find("main")
    if not links or not main or links[0][0].get("href") != "#" + main[0][0].get("id", ""):
        probs.append("the first link is not a skip link to <main>")
    heads = [int(t[1]) for t, a, par in el
             if len(t) == 2 and t[0] == "h" and t[1] in "123456"
             and not any(x == "svg" for x, _ in par)]
    if heads[:1] != [1] or heads.count(1) != 1:
        probs.append(f"not one h1 first: {heads[:5]}")
    for a, b in zip(heads, heads[1:]):
        if b > a + 1:
            probs.append(f"heading level skipped: h{a} then h{b}")
            break
    if p.dup:
        probs.append(f"ids not unique: {p.dup[:3]}")
    for a, _ in links:
        h = a.get("href", "")
        if h.startswith("#") and h[1:] not in p.ids:
            probs.append(f"link to a missing id: {h}")
    for t, a, par in el:
        for attr in ("aria-labelledby", "headers"):
            for i in a.get(attr, "").split():
                if i not in p.ids:
                    probs.append(f"{attr} names a missing id {i} on <{t}>")
    # tables
    tables = [(i, a, par) for i, (t, a, par) in enumerate(el) if t == "table"]
    for i, a, par in tables:
        # the elements of this table: up to the next table or its end
        j = i + 1
        depth_par = len(par)
        body = []
        while j < len(el) and len(el[j][2]) > depth_par:
            body.append(el[j])
            j += 1
        if not any(t == "caption" for t, _, _ in body):
            probs.append("a table without caption")
        for t, ta, _ in body:
            if t == "th" and "scope" not in ta and "id" not in ta:
                probs.append("a th without scope")
                break
        head_rows = 0
        in_head = False
        for t, ta, tpar in body:
            if t == "thead":
                in_head = True
            if t == "tbody":
                in_head = False
            if t == "tr" and in_head:
                head_rows += 1
        if head_rows >= 2:
            for t, ta, tpar in body:
                tr = [x for x in tpar if x[0] == "tr"]
                group = tr and tr[-1][1].get("class") == "grp"
                if t == "td" and any(x == "tbody" for x, _ in tpar) \
                        and "headers" not in ta and not group:
                    probs.append("a td without headers in a table with "
                                 "two header rows")
                    break
        region = [x for x in par if x[0] == "div"]
        if not region or region[-1][1].get("role") != "region" or \
                region[-1][1].get("tabindex") != "0" or \
                not region[-1][1].get("aria-labelledby"):
            probs.append("a table outside a focusable labelled region")
    # charts
    for i, (t, a, par) in enumerate(el):
        if t != "svg" or a.get("role") != "img":
            continue
        ids = a.get("aria-labelledby", "").split()
        kinds = [p.ids.get(x) for x in ids]
        if "title" not in kinds or "desc" not in kinds:
            probs.append("an svg role=img without its title and desc")
        fig = [x for x in par if x[0] == "figure"]
        if not fig:
            probs.append("an svg role=img outside a figure")
            continue
        figobj = fig[-1][1]
        has_data = False
        for t2, a2, par2 in el[i + 1:]:
            if not any(x is figobj for _, x in par2):
                break
            if t2 == "table" and any(x == "details" for x, _ in par2):
                has_data = True
        if not has_data:
            probs.append("a chart without its data as a table in <details>")
    # footnotes both ways
    for a, _ in links:
        i = a.get("id", "")
        if i.startswith("ar:fnref-"):
            k = i[len("ar:fnref-"):]
            if a.get("href") != f"#ar:fn-{k}":
                probs.append(f"footnote reference {k} does not link to its note")
            back = [b for b, _ in links if b.get("href") == f"#{i}"]
            if not back:
                probs.append(f"footnote {k} does not link back")
    # self-contained
    if find("script"):
        probs.append("a <script>")
    for t, a, _ in el:
        s = a.get("src")
        if s is not None and not s.startswith("data:"):
            probs.append(f"<{t} src> outside the page: {s[:40]}")
        if t == "link" and not a.get("href", "").endswith(".pdf"):
            probs.append(f"<link href> outside the page: {a.get('href')}")
        if t == "img" and "alt" not in a:
            probs.append("an <img> without alt")
    return [f"{path}: {x}" for x in dict.fromkeys(probs)]


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    out = []
    for path in argv[1:]:
        out += check(path)
    for line in out:
        print(line)
    return 1 if out else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
