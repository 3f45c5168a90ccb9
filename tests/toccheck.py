#!/usr/bin/env python3
"""toccheck.py ARSRAPPORT FILE.xml OUT.pdf [build options...]

Checks the table of contents of a rendered document, on the layout and on
the PDF. From `dump-layout` (the same fonts as the PDF): each contents
entry is a link box after its page-number text box; the number printed
must be the printed number of the page holding the link's destination,
and that page must carry the heading (the outline puts it there). From the
PDF (qpdf --json, pdftotext): the link annotations of the contents pages,
in the same order, must go to the pages whose footer prints that number
("Sida N av" / "Page N of"). Prints one line per problem; exit 1 if any,
0 (with "toc ok: N entries" or "toc none") otherwise.
"""
import json
import re
import subprocess
import sys


def parse_dump(text):
    pages, outline = [], []
    for line in text.splitlines():
        m = re.match(r'page (\d+) number=(-?\d+)', line)
        if m:
            pages.append({'number': int(m.group(2)), 'boxes': []})
            continue
        m = re.match(r'outline level=(\d+) page=(\d+) y=-?\d+ dest=(\S+) "(.*)"$',
                     line)
        if m:
            outline.append((int(m.group(1)), int(m.group(2)) - 1, m.group(3),
                            m.group(4)))
            continue
        m = re.match(r'  (\w+)( artifact)? x=(-?\d+) y=(-?\d+)(.*)$', line)
        if m and pages:
            kind, rest = m.group(1), m.group(5)
            box = {'kind': kind, 'artifact': bool(m.group(2))}
            if kind == 'text':
                t = re.search(r' size=\d+ "(.*?)"( actual=.*)?$', rest)
                box['text'] = t.group(1).replace('\\u00a0', '\u00a0') if t else ''
            elif kind == 'link':
                t = re.search(r' (dest|uri)=(\S+)$', rest)
                box['uri'] = t.group(1) == 'uri'
                box['target'] = t.group(2)
            elif kind == 'dest':
                box['name'] = re.search(r' name=(\S+)$', rest).group(1)
            pages[-1]['boxes'].append(box)
    return pages, outline


def main():
    exe, xml, pdf = sys.argv[1:4]
    opts = sys.argv[4:]
    problems = []
    dump = subprocess.run([exe, 'dump-layout'] + opts + [xml],
                          capture_output=True, text=True).stdout
    pages, outline = parse_dump(dump)
    if not outline:
        print('toc none')
        return 0
    dest_page = {}
    for i, p in enumerate(pages):
        for b in p['boxes']:
            if b['kind'] == 'dest':
                dest_page.setdefault(b['name'], i)
    heading_of = {o[2]: o for o in outline}
    for o in outline:
        if dest_page.get(o[2]) != o[1]:
            problems.append(f'outline entry {o[2]} says page {o[1] + 1}, its '
                            f'destination is on page {dest_page.get(o[2])}')
    # the contents: from the page with the destination "innehall" to the
    # last page before the first heading's
    if 'innehall' not in dest_page:
        for p in problems:
            print(p)
        print('toc none')
        return 1 if problems else 0
    toc_first = dest_page['innehall']
    first_body = min(dest_page.get(o[2], len(pages)) for o in outline)
    entries = []  # (toc page index, target, printed number)
    for i in range(toc_first, first_body):
        boxes = pages[i]['boxes']
        for k, b in enumerate(boxes):
            if b['kind'] != 'link' or b['uri']:
                continue
            num = boxes[k - 1] if k > 0 else None
            if not num or num['kind'] != 'text' or not num['text'].isdigit():
                problems.append(f'page {i + 1}: a contents link to '
                                f'{b["target"]} without a page number')
                continue
            entries.append((i, b['target'], int(num['text'])))
    if not entries:
        problems.append('a contents page without entries')
    for i, target, printed in entries:
        p = dest_page.get(target)
        if p is None:
            problems.append(f'entry -> {target}: no such destination')
            continue
        if pages[p]['number'] != printed:
            problems.append(f'entry -> {target} prints {printed}, the heading '
                            f'is on page {pages[p]["number"]}')
        h = heading_of.get(target)
        if not h or h[1] != p:
            problems.append(f'entry -> {target}: no heading on page {p + 1}')
        else:
            # the heading's first word is set on that page
            words = h[3].split()
            word = words[1] if len(words) > 1 and words[0][0].isdigit() \
                else words[0]
            texts = ' '.join(b.get('text', '') for b in pages[p]['boxes'])
            if word not in texts:
                problems.append(f'entry -> {target}: "{word}" not on page '
                                f'{p + 1}')
    # the PDF: link annotations of the contents pages, in order
    j = json.loads(subprocess.run(['qpdf', '--json', pdf], capture_output=True,
                                  text=True).stdout)
    objs = j['qpdf'][1]
    page_objs = [p['object'] for p in j['pages']]

    def val(ref):
        return objs['obj:' + ref]['value'] if isinstance(ref, str) else ref

    pdf_links = []
    for i in range(toc_first, first_body):
        annots = val(val(page_objs[i]).get('/Annots', []))
        for a in annots:
            a = val(a)
            if a.get('/Subtype') != '/Link' or '/Dest' not in a:
                continue
            d = val(a['/Dest'])
            pdf_links.append(page_objs.index(d[0]))
    if len(pdf_links) != len(entries):
        problems.append(f'{len(entries)} contents entries, {len(pdf_links)} '
                        f'links in the PDF')
    for (i, target, printed), p in zip(entries, pdf_links):
        text = subprocess.run(['pdftotext', '-layout', '-f', str(p + 1), '-l',
                               str(p + 1), pdf, '-'], capture_output=True,
                              text=True).stdout
        if not re.search(rf'(Sida|Page) {printed} (av|of) \d+', text):
            problems.append(f'PDF: entry printing {printed} links to page '
                            f'{p + 1}, whose footer does not say so')
    for p in problems:
        print(p)
    if problems:
        return 1
    print(f'toc ok: {len(entries)} entries')
    return 0


if __name__ == '__main__':
    sys.exit(main())
