#!/usr/bin/env python3
"""make_readers.py OUTDIR: documents for tests/hostile_readers.sh (issue 28,
class 3: output that readers misread or archives reject).

Each is a valid document (typ="prov", found through ARSRAPPORT_MALLAR=
tests/templates) unless its name says otherwise. Writes OUTDIR/NAME.xml
for each case and prints the names, one per line. Some cases need the
characters a face has: those are read from the Liberation faces of
fonts/fonts.txt with fc-query (fontconfig), so the documents hold exactly
the glyphs the installed fonts show.
"""
import os
import subprocess
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def head(title="Läsarna", datum="2026-01-31", extra="", typ="prov"):
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rapport xmlns="urn:arsrapport:1" typ="%s" xml:lang="sv">\n'
        "  <metadata><titel>%s</titel>"
        "<organisation>Testkommun</organisation><datum>%s</datum>%s</metadata>\n"
        % (typ, title, datum, extra))


TAIL = "</rapport>\n"


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def section(body, title="Inledning"):
    return "  <avsnitt><rubrik>%s</rubrik>\n%s\n  </avsnitt>\n" % (title, body)


def para(text):
    return "    <stycke>%s</stycke>" % esc(text)


def charset(path):
    """The code points the face at path has (fc-query)."""
    out = subprocess.run(["fc-query", "--format=%{charset}", path],
                         capture_output=True, text=True).stdout
    cps = set()
    for r in out.split():
        a, _, b = r.partition("-")
        a = int(a, 16)
        cps.update(range(a, (int(b, 16) if b else a) + 1))
    return cps


def faces():
    """{role: path} of fonts/fonts.txt."""
    roles = {}
    with open(os.path.join(ROOT, "fonts", "fonts.txt")) as f:
        for line in f:
            w = line.split()
            if len(w) >= 2 and not w[0].startswith("#"):
                roles[w[0]] = w[1]
    return roles


def shown_by_all():
    """Letters, digits, punctuation and symbols of the BMP that every face
    of fonts/fonts.txt has, beyond ASCII, in blocks whose text the readers
    extract alike (Latin, Greek, Cyrillic, punctuation, currency, letterlike
    symbols, arrows, mathematical operators, box drawing): no combining
    marks, spaces, format characters, ligatures or right-to-left text."""
    sets = [charset(p) for p in faces().values()]
    common = set.intersection(*sets) if sets else set()
    blocks = [(0xA1, 0x24F), (0x370, 0x3FF), (0x400, 0x4FF), (0x2010, 0x205E),
              (0x20A0, 0x20BF), (0x2100, 0x214F), (0x2190, 0x21FF),
              (0x2200, 0x22FF), (0x2500, 0x257F)]
    keep = []
    for a, b in blocks:
        for cp in range(a, b + 1):
            if cp not in common or cp == 0xAD:
                continue
            cat = unicodedata.category(chr(cp))
            if cat[0] not in "LNPS" or cat == "Lm":
                continue
            # compatibility characters a reader may normalise (NFKC), and
            # those the parser's NFC replaces (U+2126 OHM SIGN: U+03A9)
            if unicodedata.decomposition(chr(cp)).startswith("<"):
                continue
            if unicodedata.normalize("NFC", chr(cp)) != chr(cp):
                continue
            keep.append(chr(cp))
    return keep


def words(chars, n=8):
    """chars in words of n, each after an "x" (no character starts or ends
    a line alone, no typographic replacement of ASCII punctuation)."""
    return " ".join("x" + "".join(chars[i:i + n]) for i in range(0, len(chars), n))


CASES = {}


def case(fn):
    CASES[fn.__name__.replace("_", "-")] = fn
    return fn


# --- class 1: codes, CIDs and ToUnicode --------------------------------------
@case
def codes_one_byte():
    return head() + section(para(
        "Nämnden följer upp ÅÄÖ åäö é ü – ” ’ … −17 148 tkr och 88 %.")) + TAIL


@case
def codes_two_byte():
    greek = "".join(chr(c) for c in range(0x3B1, 0x3CA) if c != 0x3C2)
    cyr = "".join(chr(c) for c in range(0x410, 0x450))
    return head() + section(para(
        "Grekiska %s och kyrilliska %s, åäö och ő ű ł ž." % (greek, cyr))) + TAIL


@case
def codes_many():
    """Every character the tests know all faces show: more than 256
    two-byte codes (several cidranges), in body text."""
    return head() + section(para(words(shown_by_all()))) + TAIL


@case
def codes_every_font():
    """The same characters in headings (sans bold), table cells (sans),
    bold and italic runs, footnotes: several fonts, one code space."""
    ch = shown_by_all()
    part = ch[: len(ch) // 3]
    rows = "".join("<rad><cell>%s</cell></rad>" % esc("x" + "".join(part[i:i + 6]))
                   for i in range(0, len(part), 6))
    body = (para(words(ch[len(ch) // 3:])) + "\n"
            + "    <stycke><fet>%s</fet> <kursiv>%s</kursiv>"
              "<fotnot>%s</fotnot></stycke>\n"
            % (esc(words(part[:40])), esc(words(part[40:80])), esc(words(part[80:120])))
            + '    <tabell><rubrik>Tecken</rubrik><kolumn typ="text">Tecken</kolumn>'
            + rows + "</tabell>")
    return head() + section(body, title=esc("Rubrik " + "".join(part[:30]))) + TAIL


# --- class 2: metadata cut at a byte limit -----------------------------------
def keywords_doc(unit, pad):
    """Keywords of many copies of a multi-byte character, padded with pad
    ASCII letters, so that the 1023-byte limit of the Keywords falls at
    each byte inside the character for one pad or another."""
    kws = "".join("<nyckelord>%s%s</nyckelord>" % ("k" * pad if i == 0 else "", unit * 40)
                  for i in range(40))
    return head(extra=kws) + section(para("Text.")) + TAIL


for _unit, _name in (("å", "2"), ("€", "3"), ("😀", "4")):
    for _pad in range(len(_unit.encode())):
        CASES["keywords-cut-%sbyte-%d" % (_name, _pad)] = (
            lambda u=_unit, p=_pad: keywords_doc(u, p))


@case
def subject_cut():
    """A long undertitel and period: the Subject is cut at its limit."""
    return (head(extra='<undertitel>%s</undertitel><period start="2026-01-01" slut="2026-08-31"/>'
                 % ("Delårsrapport för förvaltningen " * 30))
            + section(para("Text.")) + TAIL)


# --- class 3: characters the fonts lack --------------------------------------
@case
def glyphs_cjk():
    return (head() + section(
        '    <stycke>Vänorten heter\n北京 och staden 東京.</stycke>') + TAIL)


@case
def glyphs_emoji_everywhere():
    return (head(title="Rapport 😀") + section(
        "    <stycke>Glad 😀 text<fotnot>Not 🎉 här</fotnot>.</stycke>\n"
        "    <lista><punkt>Punkt 👍</punkt></lista>\n"
        '    <tabell enhet="€ 💶"><rubrik>Tabell 🚀</rubrik><kolumn typ="text">Ort 🏠</kolumn>'
        "<rad><cell>Cell 🌍</cell></rad></tabell>", title="Rubrik 🎈") + TAIL)


@case
def glyphs_private_use():
    return head() + section(para("Logga \ue000\ue001 och \uf8ff slut.")) + TAIL


@case
def glyphs_many():
    """More distinct missing characters than are warned about one by one."""
    return head() + section(para(" ".join(chr(0x4E00 + i) for i in range(100)))) + TAIL


@case
def glyphs_invisible():
    """Format characters that show nothing: no warning, no mark."""
    return head() + section(para(
        "Familj\u200d\u200djer och pil\u2060ar, text\ufe0f slut, ord\u200bord.")) + TAIL


@case
def glyphs_combining():
    """A combining sequence whose mark the faces have, and one whose they
    lack (U+20DD COMBINING ENCLOSING CIRCLE)."""
    return head() + section(para("Cafe\u0301 och A\u20dd.")) + TAIL


# --- class 4: dates and periods ----------------------------------------------
for _name, _datum in (("plus", "2026-01-31+02:00"), ("z", "2026-01-31Z"),
                      ("minus", "2026-01-31-05:30"), ("max", "2026-01-31+14:00"),
                      ("space", " 2026-01-31 ")):
    CASES["datum-tz-" + _name] = (lambda d=_datum: head(datum=d) + section(para("Text.")) + TAIL)


def period_doc(start, slut):
    return (head(extra='\n    <period start="%s" slut="%s"/>' % (start, slut))
            + section(para("Text.")) + TAIL)


CASES["period-reversed"] = lambda: period_doc("2026-08-31", "2026-01-01")
CASES["period-reversed-day"] = lambda: period_doc("2026-01-02", "2026-01-01")
CASES["period-reversed-year"] = lambda: period_doc("2027-01-01", "2026-12-31")
CASES["period-same-day"] = lambda: period_doc("2026-01-01", "2026-01-01")
CASES["period-tz-same-day"] = lambda: period_doc("2026-01-01+14:00", "2026-01-01-12:00")


# --- class 5: deep nesting -----------------------------------------------------
def nested(n, numbered=False, word="Nivå"):
    typ = ' typ="numrerad"' if numbered else ""
    s = "".join("<lista%s><punkt>%s %d med text som bryts över rader när den blir lång."
                % (typ, word, i + 1) for i in range(n))
    s += "</punkt></lista>" * n
    return head() + section("    <stycke>Text.</stycke>\n    " + s) + TAIL


CASES["lists-nested-120"] = lambda: nested(120)
CASES["lists-nested-120-numbered"] = lambda: nested(120, numbered=True)
CASES["lists-nested-60-long-word"] = lambda: nested(60, word="Kvalitetsledningssystemsdokumentationsöverenskommelse" * 3)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_readers.py OUTDIR")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, fn in CASES.items():
        with open(os.path.join(out, name + ".xml"), "w", encoding="utf-8") as f:
            f.write(fn())
        print(name)


if __name__ == "__main__":
    main()
