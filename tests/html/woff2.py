"""Decodes WOFF2 fonts with fontTools (its own Brotli binding and glyf/loca reconstruction,
independent of the encoder that wrote them) and writes each back as TrueType beside it.

Usage: python3 woff2.py FONT...  → writes FONT.ttf for each, prints {"FONT": {"flavor":
"woff2", "tables": ["OS/2", ...]}} as JSON.
"""
import json
import sys

from fontTools.ttLib import TTFont

out = {}
for path in sys.argv[1:]:
    font = TTFont(path)
    flavor = font.flavor
    tables = sorted(font.keys())
    font.flavor = None
    font.save(path + ".ttf")
    out[path] = {"flavor": flavor, "tables": [t for t in tables if t != "GlyphOrder"]}
print(json.dumps(out))
