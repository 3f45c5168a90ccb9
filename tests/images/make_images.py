#!/usr/bin/env python3
"""make_images.py: the test images of arsrapport, made from nothing.

    python3 tests/images/make_images.py OUTDIR

PNG files are written with zlib and struct (ISO/IEC 15948: signature,
IHDR, optional PLTE/tRNS, IDAT of filter-0 rows, IEND; Adam7 when
interlaced), JPEG files as hand-written marker sequences (ITU T.81
baseline: DQT, SOF0, DHT, SOS with DC-only blocks, EOI). No file is copied
from anywhere. Good images (each kind the loader must read) and broken
ones (each kind it must refuse) go to OUTDIR; tests/golden/bilder holds the
good ones the golden document ok-bild.xml uses, made by this script.
"""
import os
import struct
import sys
import zlib


def chunk(kind, data):
    c = struct.pack(">I", len(data)) + kind + data
    return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4),
         (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def png(width, height, ctype, depth, pixel, interlace=False, plte=None,
        trns=None, ihdr_size=None):
    """pixel(x, y) gives a tuple of samples (ints < 2**depth)."""
    def row_bytes(xs, y):
        bits = []
        out = bytearray()
        for x in xs:
            for s in pixel(x, y):
                if depth == 16:
                    out += struct.pack(">H", s)
                elif depth == 8:
                    out.append(s)
                else:
                    bits.append(s)
        if depth < 8:
            acc = 0
            n = 0
            for s in bits:
                acc = (acc << depth) | s
                n += depth
                if n == 8:
                    out.append(acc)
                    acc = n = 0
            if n:
                out.append(acc << (8 - n))
        return b"\0" + bytes(out)

    raw = bytearray()
    if interlace:
        for x0, y0, dx, dy in ADAM7:
            xs = list(range(x0, width, dx))
            if not xs:
                continue
            for y in range(y0, height, dy):
                raw += row_bytes(xs, y)
    else:
        for y in range(height):
            raw += row_bytes(range(width), y)
    w, h = ihdr_size or (width, height)
    out = b"\x89PNG\r\n\x1a\n"
    out += chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, ctype, 0, 0,
                                      1 if interlace else 0))
    if plte:
        out += chunk(b"PLTE", bytes(plte))
    if trns:
        out += chunk(b"tRNS", bytes(trns))
    out += chunk(b"IDAT", zlib.compress(bytes(raw), 9))
    out += chunk(b"IEND", b"")
    return out


class Bits:
    def __init__(self):
        self.out = bytearray()
        self.acc = 0
        self.n = 0

    def put(self, value, length):
        for i in range(length - 1, -1, -1):
            self.acc = (self.acc << 1) | ((value >> i) & 1)
            self.n += 1
            if self.n == 8:
                self.out.append(self.acc)
                if self.acc == 0xFF:
                    self.out.append(0)  # byte stuffing (T.81 F.1.2.3)
                self.acc = self.n = 0

    def flush(self):
        while self.n:
            self.put(1, 1)  # pad with 1 bits
        return bytes(self.out)


def seg(marker, data):
    return bytes([0xFF, marker]) + struct.pack(">H", len(data) + 2) + data


def jpeg(bw, bh, comps, dc):
    """A baseline JPEG of bw x bh blocks of 8x8, flat blocks: dc(bx, by, c)
    gives each block's level (-128..127) in component c."""
    out = b"\xff\xd8"
    # JFIF APP0
    out += seg(0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0")
    out += seg(0xDB, b"\0" + bytes([8] * 64))  # DQT 0: all 8
    sof = struct.pack(">BHHB", 8, bh * 8, bw * 8, comps)
    for c in range(comps):
        sof += bytes([c + 1, 0x11, 0])
    out += seg(0xC0, sof)
    # DC table 0: categories 0..8, all with 4-bit codes 0000..1000
    out += seg(0xC4, b"\x00" + bytes([0, 0, 0, 9] + [0] * 12) + bytes(range(9)))
    # AC table 0: EOB only, code "0"
    out += seg(0xC4, b"\x10" + bytes([1] + [0] * 15) + b"\x00")
    sos = bytes([comps])
    for c in range(comps):
        sos += bytes([c + 1, 0x00])
    out += seg(0xDA, sos + b"\x00\x3f\x00")
    bits = Bits()
    pred = [0] * comps
    for by in range(bh):
        for bx in range(bw):
            for c in range(comps):
                v = dc(bx, by, c)
                d = v - pred[c]
                pred[c] = v
                cat = 0 if d == 0 else abs(d).bit_length()
                bits.put(cat, 4)
                if cat:
                    bits.put(d if d > 0 else d + (1 << cat) - 1, cat)
                bits.put(0, 1)  # EOB
    out += bits.flush()
    return out + b"\xff\xd9"


def good_images():
    W, H = 240, 120

    def rgb(x, y):
        # a bar chart: five dark blue bars on a light ground, a base line
        bar = x // 48
        top = H - 20 - bar * 18
        if y >= H - 4:
            return (64, 64, 64)
        if 8 <= x % 48 <= 40 and y >= top:
            return (31, 56, 100)
        return (232, 236, 242)

    imgs = {
        "rgb.png": png(W, H, 2, 8, rgb),
        "rgba.png": png(64, 32, 6, 8,
                        lambda x, y: (200, 60, 30, x * 255 // 63)),
        "gra.png": png(64, 32, 0, 8, lambda x, y: (x * 4,)),
        "gra2.png": png(30, 10, 0, 2, lambda x, y: ((x // 8) % 4,)),
        "palett.png": png(32, 16, 3, 4, lambda x, y: ((x // 4) % 4,),
                          plte=[31, 56, 100, 200, 60, 30, 250, 250, 250,
                                0, 120, 80],
                          trns=[255, 255, 0]),
        "16bit.png": png(40, 20, 2, 16,
                         lambda x, y: (x * 1600, y * 3200, 40000)),
        "interlacad.png": png(33, 17, 2, 8, lambda x, y: (x * 7, y * 15, 99),
                              interlace=True),
        "foto.jpg": jpeg(8, 4, 3, lambda bx, by, c:
                         (bx * 30 - 100) if c == 0 else
                         (60 - by * 30 if c == 1 else bx * 12 - 40)),
        "gra.jpg": jpeg(4, 2, 1, lambda bx, by, c: bx * 40 - 80),
    }
    return imgs


def broken_images(good):
    p = good["rgb.png"]
    j = good["foto.jpg"]
    il = good["interlacad.png"]
    b16 = good["16bit.png"]
    tiny_big = png(1, 1, 2, 8, lambda x, y: (0, 0, 0),
                   ihdr_size=(20000, 20000))
    return {
        "trunkerad.png": p[: len(p) * 2 // 3],
        "utan-iend.png": p[:-12],
        "trunkerad.jpg": j[: len(j) * 2 // 3],
        "utan-eoi.jpg": j[:-2],
        "falsk.png": b"Det har ar text, ingen bild.\n",
        "tom.png": b"",
        "gif.png": b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
        "jatte.png": tiny_big,
        "fel-crc.png": p[:40] + bytes([p[40] ^ 0xFF]) + p[41:],
        # the kinds libharu 2.3.0 mishandles even when whole (a double free
        # for interlaced, 16-bit samples), broken: cut inside the image data
        "trunkerad-interlacad.png": il[: len(il) * 2 // 3],
        "trunkerad-16bit.png": b16[: len(b16) * 2 // 3],
        "jpeg-utan-sof.jpg": b"\xff\xd8" + seg(0xDA, b"\x01\x01\x00\x00\x3f\x00")
        + b"\x00\xff\xd9",
    }


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_images.py OUTDIR")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    good = good_images()
    for name, data in list(good.items()) + list(broken_images(good).items()):
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
