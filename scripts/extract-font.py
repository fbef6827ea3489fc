#!/usr/bin/env python3
"""Extracts one face of a TrueType collection (.ttc) into a standalone .ttf.

PDFsharp cannot read collections, so the app ships face 0 of WenQuanYi Micro Hei (Debian fonts-wqy-microhei):
    python3 scripts/extract-font.py /usr/share/fonts/truetype/wqy/wqy-microhei.ttc 0 CiieBlazor.App/Fonts/wqy-microhei.ttf
"""
import struct
import sys


def extract(collection: bytes, face: int) -> bytes:
    if collection[:4] != b"ttcf":
        raise SystemExit("not a TrueType collection")
    count = struct.unpack(">I", collection[8:12])[0]
    if not 0 <= face < count:
        raise SystemExit(f"face {face} not in 0..{count - 1}")
    start = struct.unpack(">I", collection[12 + 4 * face:16 + 4 * face])[0]
    header = collection[start:start + 12]
    tables = struct.unpack(">H", header[4:6])[0]
    records = [struct.unpack(">4sIII", collection[start + 12 + 16 * i:start + 28 + 16 * i]) for i in range(tables)]
    out = bytearray(header)
    offset = 12 + 16 * tables
    body = bytearray()
    for tag, checksum, table_offset, length in records:
        out += struct.pack(">4sIII", tag, checksum, offset + len(body), length)
        body += collection[table_offset:table_offset + length]
        body += b"\0" * (-len(body) % 4)  # tables start on 4-byte boundaries
    return bytes(out + body)


if __name__ == "__main__":
    source, face, target = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(source, "rb") as f:
        data = extract(f.read(), face)
    with open(target, "wb") as f:
        f.write(data)
    print(f"{target}: {len(data)} bytes")
