#!/usr/bin/python3
"""webtext.py: the web edition carries the same words as the PDF (issue 20).

    webtext.py SOURCE.xml PAGE.html FILE.pdf|LAYOUT.txt

Two checks, with the words of tests/structtext.py (lower-cased, without
punctuation, tokens without a letter skipped, hyphens ignored):

  order   the source's words (headings, paragraphs, lists, quotations,
          tables, captions in document order) appear in the page's text in
          the same order, as structtext.py asks of the PDF's structure
          text;
  words   every word of the PDF's structure text (`pdfinfo -struct-text`
          FILE.pdf, or the text boxes that are structure content in
          `arsrapport dump-layout` LAYOUT.txt: the same boxes, read in a
          fraction of the time): the cover, the contents, the body, the
          footnotes, the charts, a draft's problems (less the page each
          is on: the page has no pages), each word in the page as often
          as in the PDF. A word the PDF hyphenated at a line end
          may come in two pieces.

The page's text is read from the HTML itself (html.parser): the text of
every element but <style>, <title> and <script>, block elements apart.
Prints the first problem and exits 1; exits 0 when both hold.
"""
import collections
import html.parser
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                ".."))
import structtext  # noqa: E402

BLOCK = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr",
         "caption", "figcaption", "section", "div", "header", "footer",
         "nav", "main", "blockquote", "ul", "ol", "table", "summary",
         "details", "figure", "br", "text", "desc", "svg", "sup"}


class Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "title", "script"):
            self.skip += 1
        if tag in BLOCK:
            self.out.append(" ")

    def handle_endtag(self, tag):
        if tag in ("style", "title", "script"):
            self.skip -= 1
        if tag in BLOCK:
            self.out.append(" ")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def page_text(path):
    p = Text()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    return "".join(p.out)


LAYOUT_TEXT = re.compile(r'^\s*text .* tag=\S+ .*?"((?:[^"\\]|\\.)*)"'
                         r'(?: actual="((?:[^"\\]|\\.)*)")?\s*$')


def layout_text(path):
    """The text of the structure-content boxes of a layout dump, in page
    order: `text ... tag=P#3 ... "TEXT"` (artifacts have no tag); a word
    hyphenated at a line end counts once, as its ActualText (`actual=`
    on the first piece, empty on the second)."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = LAYOUT_TEXT.match(line)
            if not m:
                continue
            t = m.group(1) if m.group(2) is None else m.group(2)
            out.append(t.replace('\\"', '"').replace("\\u00a0", " "))
    return "\n".join(out)


# A draft's problem list in the PDF gives each problem's page ("s. 12",
# "p. 12", or "ingen sida" / "no page"), the web edition, which has no
# pages, links to the place instead: those words are the PDF's own, like
# its page footers (which are artifacts).
PROBLEMS = re.compile(r"Problem i utkastet|Problems in the draft")
PAGE_REF = re.compile(r"(?<![\w.])[sp]\.[ \u00a0]\d+\b|\bingen sida\b|\bno page\b")


def without_pages(text):
    heads = list(PROBLEMS.finditer(text))
    if not heads:
        return text
    at = heads[-1].end()
    return text[:at] + PAGE_REF.sub(" ", text[at:])


def flat(w):
    return w.replace("-", "")


def in_order(src, page):
    j = 0
    for i, w in enumerate(src):
        k = j
        while k < len(page) and flat(page[k]) != flat(w):
            k += 1
        if k == len(page):
            return i, j
        j = k + 1
    return None


def main(argv):
    if len(argv) != 4:
        print(__doc__)
        return 2
    src_xml, page_html, pdf = argv[1:]
    page = structtext.words(page_text(page_html))
    src = structtext.words(structtext.source_text(src_xml))
    miss = in_order(src, page)
    if miss:
        i, j = miss
        print(f"{page_html}: source word {i + 1} \"{src[i]}\" not found in "
              f"order\n  source: ...{' '.join(src[max(0, i - 5):i + 5])}..."
              f"\n  page after the last match: "
              f"...{' '.join(page[max(0, j - 5):j + 5])}...")
        return 1
    have = collections.Counter(flat(w) for w in page)
    text = structtext.struct_text(pdf) if pdf.endswith(".pdf") \
        else layout_text(pdf)
    text = without_pages(text)
    pdfw = [flat(w) for w in structtext.words(text)]
    if not pdfw:
        print(f"{pdf}: no structure text")
        return 1
    need = collections.Counter(pdfw)
    missing = []
    for w, n in need.items():
        if have[w] >= n:
            continue
        missing.append((w, n, have[w]))
    # a word hyphenated at a line end: both pieces stand for one word
    pieces = collections.Counter()
    for a, b in zip(pdfw, pdfw[1:]):
        if have[a + b] > 0:
            pieces[a] += 1
            pieces[b] += 1
    missing = [m for m in missing if m[2] + pieces[m[0]] < m[1]]
    if missing:
        show = ", ".join(f"\"{w}\" {n}× in the PDF, {h}× in the page"
                         for w, n, h in missing[:5])
        print(f"{page_html}: {len(missing)} words of the PDF missing: {show}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
