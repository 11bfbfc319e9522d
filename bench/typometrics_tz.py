#!/usr/bin/env python3
"""typometrics_tz.py ARGS… : ../shared/tools/typometrics.py (same arguments, same table) for
PDFs drawn with font expansion.

mutool reports a font's size as the square root of the text matrix's determinant, so a line
drawn with horizontal scaling `Tz` h reads as size * sqrt(h): 10.604 pt for 10.5 pt at 102 %.
The shared tool then sees a new size, so a new paragraph, at every change of expansion (it
measured 37 of wilmes parallel's 107 justified lines). This wrapper gives it each glyph's
nominal size instead and changes nothing else: word gaps still come from mutool's glyph
advances, which include `Tz`. The shared tool is read-only here; `TYPOMETRICS` overrides
where it is found.
"""
import importlib.util
import os
import sys

TOOL = os.environ.get(
    "TYPOMETRICS",
    os.path.join(os.path.dirname(__file__), "..", "..", "shared", "tools", "typometrics.py"),
)

#: communique's expansion steps (`linebreak::DEFAULT_EXPANSION_STEP`) and its largest limit
#: (`brand.rs`, FONT_EXPANSION_MAX).
STEP, MAX_STEPS = 0.005, 10


def nominal_size(s):
    """The size s / sqrt(1 + STEP * k), for the k of smallest |k|, that is a whole number of
    thousandths of a point (every size communique sets is: 10.5, 9.975, 8.925, …); s itself
    when none is."""
    for k in sorted(range(-MAX_STEPS, MAX_STEPS + 1), key=abs):
        n = s / (1 + STEP * k) ** 0.5 * 1000
        if abs(n - round(n)) < 0.002:
            return round(n) / 1000
    return s


def main(argv):
    spec = importlib.util.spec_from_file_location("typometrics", TOOL)
    tm = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tm)
    init = tm.Ch.__init__

    def nominal_init(self, c, x0, x1, y, size, font, i):
        init(self, c, x0, x1, y, nominal_size(size), font, i)

    tm.Ch.__init__ = nominal_init
    return tm.main(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
