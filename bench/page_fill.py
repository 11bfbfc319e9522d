#!/usr/bin/env python3
"""Page fill: how far each page's text ends above the text area's foot, in body lines.

    page_fill.py BOTTOM_MM [--per-page] PDF...

BOTTOM_MM is the brand's bottom margin (the default brand 22, the stress corpus' A5 brand
20). For every page, the gap is the distance from the lowest word above the footer (its box
bottom, from `pdftotext -bbox`) down to the text area's foot, in lines of 14.5 pt (the 10.5 pt
body at 1.38 leading). A page before a page that is set by design to end early is left out: the
last page of a PDF, and the last page of a language's part (the next page's footer, page
numbers aside, differs). In `--layout parallel` the lowest word of either column counts.

Prints, per PDF and in total: pages counted, the gaps' sum, pages with a gap of two lines or
more, and the largest gap.
"""
import re
import subprocess
import sys

LINE = 14.5
MM = 72 / 25.4


def pages(pdf, bottom_mm):
    out = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True,
                         text=True, check=True).stdout
    result = []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S):
        height = float(page.group(2))
        foot = height - bottom_mm * MM
        body, footer = [], []
        for w in re.finditer(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" '
                             r'yMax="([\d.]+)">(.*?)</word>', page.group(3)):
            y0, y1 = float(w.group(1)), float(w.group(2))
            (footer if y0 > foot else body).append((y1, w.group(3)))
        lowest = max((y for y, _ in body), default=foot)
        key = re.sub(r"\d+", "#", " ".join(t for _, t in footer))
        result.append(((foot - lowest) / LINE, key))
    return result


def main():
    args = sys.argv[1:]
    bottom = float(args.pop(0))
    per_page = "--per-page" in args
    args = [a for a in args if a != "--per-page"]
    total = [0, 0.0, 0, 0.0]
    for pdf in args:
        ps = pages(pdf, bottom)
        gaps = [g for i, (g, key) in enumerate(ps[:-1]) if ps[i + 1][1] == key]
        row = [len(gaps), sum(gaps), sum(g >= 2 for g in gaps), max(gaps, default=0.0)]
        if per_page:
            print(f"{pdf}: {len(ps)} pages, gaps " + " ".join(f"{g:.1f}" for g, _ in ps))
        total = [total[0] + row[0], total[1] + row[1], total[2] + row[2], max(total[3], row[3])]
    print(f"pages counted {total[0]}, gap sum {total[1]:.1f} lines, "
          f"pages with >= 2 lines empty {total[2]}, largest {total[3]:.1f} lines")


if __name__ == "__main__":
    main()
