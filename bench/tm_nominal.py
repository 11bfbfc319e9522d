#!/usr/bin/env python3
"""tm_nominal.py TYPOMETRICS [typometrics arguments…] : typometrics.py on PDFs set with font
expansion, every glyph measured at its nominal size.

Font expansion (`[page] font_expansion_percent`, pdfTeX's hz) draws a line's glyphs with a
horizontal scale (`Tz`, 98–102 %). `mutool convert -F stext`, which typometrics reads, gives
each glyph the size `s·√tz` (the expansion of its text matrix), so one paragraph's lines come
out at 10.394 … 10.604 pt instead of 10.5. typometrics takes a change of size for a change of
style: it splits the paragraph there, drops each piece's last line as a paragraph end, and so
measured 21 of wilmes parallel's ~70 justified lines; it also divides gaps by the inflated
size. This wrapper gives every glyph its nominal size before typometrics sees it: the glyph's
quad height (ascender − descender, which `Tz` does not scale) divided by that ratio `H` of
its face. `H` is taken from the faces of the same PDF whose glyphs all show one ratio (the
sans faces, never expanded): for the Noto faces communique embeds it is 1.362 em for every
face, checked on a build without expansion. On a PDF without `Tz` every size is unchanged.

`loose_lines.py` applies the same correction (`nominal(tm)`). A report tool, not a test.
"""
import importlib.util
import statistics
import sys
from collections import Counter, defaultdict


def load(path):
    spec = importlib.util.spec_from_file_location("typometrics", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def nominal(tm):
    """Patches typometrics module `tm` so that `tm.stext` gives nominal sizes."""
    raw_stext, Ch = tm.stext, tm.Ch
    ET, subprocess, tempfile, os = tm.ET, tm.subprocess, tm.tempfile, tm.os

    def stext(pdf):
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "t.xml")
            subprocess.run(["mutool", "convert", "-F", "stext", "-o", out, pdf], check=True,
                           capture_output=True)
            root = ET.parse(out).getroot()
        ratios = defaultdict(Counter)
        for font in root.iter("font"):
            size = float(font.get("size"))
            for ch in font.iter("char"):
                q = [float(v) for v in ch.get("quad").split()]
                if size > 0:
                    ratios[font.get("name")][round((q[5] - q[1]) / size, 4)] += 1
        single = [next(iter(c)) for c in ratios.values() if len(c) == 1]
        if not single or all(len(c) == 1 for c in ratios.values()):
            return raw_stext(pdf)
        h = statistics.median(single)
        pages = []
        for pg in root.iter("page"):
            chars = []
            for line in pg.iter("line"):
                if line.get("dir", "1 0") != "1 0":
                    continue
                for font in line.iter("font"):
                    name, size = font.get("name"), float(font.get("size"))
                    scaled = len(ratios[name]) > 1
                    for ch in font.iter("char"):
                        q = [float(v) for v in ch.get("quad").split()]
                        s = round((q[5] - q[1]) / h, 3) if scaled else size
                        chars.append(Ch(ch.get("c"), q[0], q[2], float(ch.get("y")), s, name,
                                        len(chars)))
            pages.append((float(pg.get("width")), float(pg.get("height")), chars))
        return pages

    tm.stext = stext
    return tm


if __name__ == "__main__":
    tm = nominal(load(sys.argv[1]))
    sys.exit(tm.main(sys.argv[2:]))
