#!/usr/bin/python3
"""uacheck.py: checks a PDF for the parts of PDF/UA-1 (ISO 14289-1) that
arsrapport promises (issue 7), with pikepdf (Debian's python3-pikepdf).

    uacheck.py FILE.pdf...      prints one line per problem, exit 1 if any
    uacheck.py --selftest FILE  breaks copies of a passing FILE in several
                                ways and fails unless each copy is refused

Checked: MarkInfo/Marked; a StructTreeRoot with a ParentTree; /Lang;
ViewerPreferences/DisplayDocTitle; XMP with pdfuaid:part 1 and dc:title;
every page's StructParents, /Tabs /S on pages with annotations; heading
levels start at H1 and never skip one; every painting operator (text,
paths, images) inside marked content with an MCID or inside an Artifact;
every MCID in the content reachable through the ParentTree, pointing at
the element that owns it; every TH with a Scope; every Figure with Alt;
every Link with an OBJR to a Link annotation that has /Contents and a
/StructParent leading back to it; every font with a ToUnicode map.
"""
import re
import sys

import pikepdf
from pikepdf import Array, Dictionary, Name

PAINT = {"Tj", "TJ", "'", '"', "f", "F", "f*", "B", "B*", "b", "b*", "S", "s",
         "Do", "sh", "BI", "INLINE IMAGE"}


def nums(tree):
    """The number tree as a dict key -> value."""
    out = {}
    stack = [tree]
    while stack:
        node = stack.pop()
        if "/Nums" in node:
            a = node.Nums
            for i in range(0, len(a) - 1, 2):
                out[int(a[i])] = a[i + 1]
        if "/Kids" in node:
            stack.extend(node.Kids)
    return out


def attrs(elem):
    """The attribute dictionaries of a structure element."""
    a = elem.get("/A")
    if a is None:
        return []
    if isinstance(a, Array):
        return [x for x in a if isinstance(x, Dictionary)]
    return [a] if isinstance(a, Dictionary) else []


def check(path):
    errs = []
    try:
        pdf = pikepdf.open(path)
    except Exception as e:  # noqa: BLE001
        return [f"cannot open: {e}"]
    root = pdf.Root
    mi = root.get("/MarkInfo")
    if mi is None or not bool(mi.get("/Marked", False)):
        errs.append("MarkInfo/Marked is not true")
    lang = root.get("/Lang")
    if lang is None or not str(lang):
        errs.append("no /Lang")
    vp = root.get("/ViewerPreferences")
    if vp is None or not bool(vp.get("/DisplayDocTitle", False)):
        errs.append("ViewerPreferences/DisplayDocTitle is not true")
    xmp = root.Metadata.read_bytes().decode("utf-8", "replace") \
        if "/Metadata" in root else ""
    if not re.search(r"<pdfuaid:part>1</pdfuaid:part>|pdfuaid:part=\"1\"", xmp):
        errs.append("XMP has no pdfuaid:part 1")
    if "<dc:title>" not in xmp:
        errs.append("XMP has no dc:title")
    st = root.get("/StructTreeRoot")
    if st is None:
        errs.append("no StructTreeRoot")
        return errs
    if "/ParentTree" not in st:
        errs.append("StructTreeRoot has no ParentTree")
        return errs
    ptree = nums(st.ParentTree)

    pages = list(pdf.pages)
    page_ids = {p.obj.objgen: i for i, p in enumerate(pages)}
    # walk the structure tree in order
    owner = {}  # (page objgen, mcid) -> element objgen
    headings = []
    annots_of = {}  # annotation objgen -> element objgen
    kids0 = st.get("/K")
    for k0 in (list(kids0) if isinstance(kids0, Array) else [kids0]):
        if isinstance(k0, Dictionary) and k0.get("/P") is not None and \
                k0.P.objgen != st.objgen:
            errs.append("the root element's /P is not the StructTreeRoot")
    stack = list(reversed(kids0)) if isinstance(kids0, Array) else [kids0]
    seen = set()
    while stack:
        e = stack.pop()
        if not isinstance(e, Dictionary) or "/S" not in e:
            continue
        if e.objgen in seen and e.objgen != (0, 0):
            errs.append("a structure element is reached twice")
            continue
        seen.add(e.objgen)
        s = str(e.S)[1:]
        if re.fullmatch(r"H[1-6]", s):
            headings.append(int(s[1]))
        elif s == "H":
            errs.append("an unnumbered H (use H1-H6)")
        if s == "TH" and not any("/Scope" in a for a in attrs(e)):
            errs.append("a TH without Scope")
        if s == "Figure" and not str(e.get("/Alt", "")):
            errs.append("a Figure without Alt")
        pg = e.get("/Pg")
        k = e.get("/K")
        kids = list(k) if isinstance(k, Array) else ([] if k is None else [k])
        objr = 0
        children = []
        for kd in kids:
            if isinstance(kd, int):
                if pg is None:
                    errs.append(f"{s}: an MCID without /Pg")
                    continue
                owner[(pg.objgen, int(kd))] = e.objgen
            elif isinstance(kd, Dictionary):
                t = kd.get("/Type")
                if t == Name.MCR:
                    p = kd.get("/Pg", pg)
                    if p is None:
                        errs.append(f"{s}: an MCR without /Pg")
                        continue
                    owner[(p.objgen, int(kd.MCID))] = e.objgen
                elif t == Name.OBJR:
                    objr += 1
                    an = kd.Obj
                    annots_of[an.objgen] = e.objgen
                    if an.get("/Subtype") == Name.Link and s != "Link":
                        errs.append(f"a Link annotation under {s}, not Link")
                else:
                    children.append(kd)
        if s == "Link" and objr == 0:
            errs.append("a Link without an OBJR")
        for c in children:
            # each element's /P is the element whose /K holds it
            cp = c.get("/P")
            if cp is None or cp.objgen != e.objgen:
                errs.append(f"a {str(c.S)[1:]} under {s} whose /P is not it")
                break
        stack.extend(reversed(children))
    # heading levels: the first is H1, none skipped
    prev = 0
    for h in headings:
        if h > prev + 1:
            errs.append(f"heading level skipped: H{h} after "
                        f"{'H' + str(prev) if prev else 'the start'}")
            break
        prev = h

    for i, page in enumerate(pages):
        po = page.obj
        n = i + 1
        if "/StructParents" not in po:
            errs.append(f"page {n}: no StructParents")
            continue
        arr = ptree.get(int(po.StructParents))
        if arr is None:
            errs.append(f"page {n}: StructParents not in the ParentTree")
            arr = Array()
        annots = po.get("/Annots")
        if annots is not None and len(annots) > 0:
            if po.get("/Tabs") != Name.S:
                errs.append(f"page {n}: annotations but no /Tabs /S")
            for an in annots:
                if an.get("/Subtype") != Name.Link:
                    continue
                if "/Contents" not in an or not str(an.Contents):
                    errs.append(f"page {n}: a link annotation without Contents")
                if "/StructParent" not in an:
                    errs.append(f"page {n}: a link annotation without "
                                "StructParent")
                    continue
                el = ptree.get(int(an.StructParent))
                if el is None or annots_of.get(an.objgen) != el.objgen:
                    errs.append(f"page {n}: a link annotation not reached "
                                "from its Link element")
        # fonts
        res = po.get("/Resources", Dictionary())
        for fname, font in res.get("/Font", Dictionary()).items():
            if "/ToUnicode" not in font:
                errs.append(f"page {n}: font {fname} without ToUnicode")
        # content: every painting operator tagged or an artifact; MCIDs
        stack = []
        bad = 0
        mcids = set()
        for operands, op in pikepdf.parse_content_stream(page):
            o = str(op)
            if o in ("BDC", "BMC"):
                tag = str(operands[0])
                mcid = None
                if o == "BDC" and isinstance(operands[1], Dictionary) \
                        and "/MCID" in operands[1]:
                    mcid = int(operands[1].MCID)
                    if mcid in mcids:
                        errs.append(f"page {n}: MCID {mcid} used twice")
                    mcids.add(mcid)
                stack.append((tag, mcid))
            elif o == "EMC":
                if not stack:
                    errs.append(f"page {n}: EMC without BDC/BMC")
                else:
                    stack.pop()
            elif o in PAINT:
                if not any(t == "/Artifact" or m is not None
                           for t, m in stack):
                    bad += 1
        if stack:
            errs.append(f"page {n}: marked content left open")
        if bad:
            errs.append(f"page {n}: {bad} painting operators neither tagged "
                        "nor an artifact")
        for m in sorted(mcids):
            el = arr[m] if m < len(arr) else None
            if el is None or not isinstance(el, Dictionary):
                errs.append(f"page {n}: MCID {m} not in the ParentTree")
            elif owner.get((po.objgen, m)) != el.objgen:
                errs.append(f"page {n}: MCID {m}: the ParentTree's element "
                            "does not own it")
    for (pgid, m) in owner:
        if pgid not in page_ids:
            errs.append("an MCID on an object that is not a page")
    return errs


def selftest(path):
    """Each breakage of a passing file must be found."""
    import tempfile
    base = check(path)
    if base:
        print(f"{path}: not a passing file: {base[0]}")
        return 1

    def st_elems(pdf):
        out = []
        k = pdf.Root.StructTreeRoot.K
        stack = [k]
        while stack:  # in document order
            e = stack.pop()
            if isinstance(e, Array):
                stack.extend(reversed(list(e)))
            elif isinstance(e, Dictionary) and "/S" in e:
                out.append(e)
                if "/K" in e:
                    stack.append(e.K)
        return out

    def no_marked(pdf):
        del pdf.Root.MarkInfo

    def no_struct_parents(pdf):
        del pdf.pages[-1].obj.StructParents

    def no_scope(pdf):
        for e in st_elems(pdf):
            if e.S == Name.TH:
                del e.A
                return
        del pdf.Root.Lang  # no table: break something else

    def skip_heading(pdf):
        for e in st_elems(pdf):
            if e.S == Name.H1:
                e.S = Name.H3
                return

    def untagged_paint(pdf):
        page = pdf.pages[-1]
        page.contents_add(pdf.make_stream(b"0 0 10 10 re f\n"))

    def no_contents(pdf):
        for page in pdf.pages:
            for an in page.obj.get("/Annots", Array()):
                del an.Contents
                return
        del pdf.Root.ViewerPreferences

    def wrong_parent(pdf):
        for e in st_elems(pdf):
            if e.S == Name.P:
                e.P = pdf.Root.StructTreeRoot
                return

    failures = 0
    for fn in (no_marked, no_struct_parents, no_scope, skip_heading,
               untagged_paint, no_contents, wrong_parent):
        with pikepdf.open(path) as pdf:
            fn(pdf)
            with tempfile.NamedTemporaryFile(suffix=".pdf") as tf:
                pdf.save(tf.name)
                if not check(tf.name):
                    print(f"selftest: {fn.__name__}: the broken file passed")
                    failures += 1
    return 1 if failures else 0


def main(argv):
    if len(argv) == 3 and argv[1] == "--selftest":
        return selftest(argv[2])
    rc = 0
    for path in argv[1:]:
        for e in check(path):
            print(f"{path}: {e}")
            rc = 1
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv))
