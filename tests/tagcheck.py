#!/usr/bin/env python3
"""tagcheck.py LAYOUT...: the logical structure in layout dumps.

Reads `arsrapport dump-layout` output (tests/golden/*.layout) and checks
what the PDF painter relies on when it writes the structure tree
(src/pdf/pdf_tag.c), without a PDF: every text, image and chart box is
either an artifact or content of an element (tag=ROLE#N); every such
element exists with that role; every element's parent comes before it and
the first is the Document; table cells sit in rows, rows in table parts;
a Figure has alternative text; list items sit in lists. Prints one line
per problem and exits 1 when there is any.
"""
import re
import sys

CONTAINERS = {
    "TD": {"TR"}, "TH": {"TR"}, "TR": {"THead", "TBody", "TFoot", "Table"},
    "THead": {"Table"}, "TBody": {"Table"}, "TFoot": {"Table"},
    "LI": {"L"}, "Lbl": {"LI"}, "LBody": {"LI"},
}


def check(path):
    bad = []
    elems = {}
    tags = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            m = re.match(r"elem (\d+) (\S+) parent=(\d+)(.*)$", line)
            if m:
                elems[int(m.group(1))] = (m.group(2), int(m.group(3)), m.group(4))
                continue
            m = re.match(r"  (text|image|path)( artifact)? x=-?\d+ y=-?\d+"
                         r"( tag=(\w+)#(\d+))?", line)
            if m and not m.group(2):
                if not m.group(3):
                    bad.append("%s:%d: content box without a tag" % (path, n))
                else:
                    tags.append((n, m.group(4), int(m.group(5))))
    if not elems:
        return ["%s: no structure elements" % path]
    if elems.get(1, ("",))[0] != "Document":
        bad.append("%s: element 1 is not the Document" % path)
    for i, (role, parent, rest) in sorted(elems.items()):
        if i > 1 and not 1 <= parent < i:
            bad.append("%s: elem %d %s: parent %d does not come before it"
                       % (path, i, role, parent))
        want = CONTAINERS.get(role)
        if want and i > 1 and elems.get(parent, ("",))[0] not in want:
            bad.append("%s: elem %d %s under %s" % (path, i, role,
                                                     elems.get(parent, ("?",))[0]))
        if role == "Figure" and 'alt="' not in rest:
            bad.append("%s: elem %d Figure without alt" % (path, i))
    for n, role, i in tags:
        if elems.get(i, ("",))[0] != role:
            bad.append("%s:%d: tag %s#%d names no such element" % (path, n, role, i))
    return bad


def main(argv):
    problems = []
    for p in argv[1:]:
        problems += check(p)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
