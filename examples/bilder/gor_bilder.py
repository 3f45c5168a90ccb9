#!/usr/bin/env python3
"""gor_bilder.py: the images of the example gallery, made from nothing.

    python3 examples/bilder/gor_bilder.py

Writes examples/bilder/stadsdelar.png (a schematic map of four districts,
RGB) and examples/stil/logga.png (a round emblem with a transparent
background, RGBA). The PNG files are written with zlib and struct
(signature, IHDR, IDAT of filter-0 rows, IEND); nothing is fetched or
copied. The committed PNG files are this script's output; run it again
after changing it.
"""
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))


def chunk(kind, data):
    c = struct.pack(">I", len(data)) + kind + data
    return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def write_png(path, width, height, channels, pixel):
    ctype = {3: 2, 4: 6}[channels]
    raw = bytearray()
    for y in range(height):
        raw.append(0)
        for x in range(width):
            raw += bytes(pixel(x, y))
    data = (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, ctype,
                                         0, 0, 0))
            + chunk(b"IDAT", zlib.compress(bytes(raw), 9))
            + chunk(b"IEND", b""))
    with open(path, "wb") as f:
        f.write(data)


# Four districts: the nearest seed point decides, a darker line where two
# districts meet, a lake in the middle.
SEEDS = [((110, 90), (198, 219, 239)), ((350, 80), (199, 233, 192)),
         ((130, 240), (253, 208, 162)), ((380, 230), (218, 218, 235))]


def district(x, y):
    d = sorted(((x - sx) ** 2 + (y - sy) ** 2, i)
               for i, ((sx, sy), _) in enumerate(SEEDS))
    return d[0][1], d[1][0] - d[0][0]


def stadsdelar(x, y):
    if (x - 250) ** 2 / 60 ** 2 + (y - 150) ** 2 / 35 ** 2 <= 1:
        return (107, 174, 214)
    i, margin = district(x, y)
    if margin < 400:
        return (64, 64, 64)
    return SEEDS[i][1]


def logga(x, y):
    r2 = (x - 48) ** 2 + (y - 48) ** 2
    if r2 > 46 ** 2:
        return (255, 255, 255, 0)
    if r2 > 40 ** 2:
        return (31, 56, 100, 255)
    # a stylised wave across the emblem
    wave = 52 + int(8 * ((x % 24) - 12) ** 2 / 144)
    if y > wave:
        return (31, 56, 100, 255)
    return (255, 255, 255, 255)


write_png(os.path.join(HERE, "stadsdelar.png"), 480, 300, 3, stadsdelar)
write_png(os.path.join(HERE, "..", "stil", "logga.png"), 96, 96, 4, logga)
