#!/usr/bin/env python3
"""loose_lines.py TYPOMETRICS PDF DUMP : every loose line of a PDF and what stopped a better break.

A first sort of issue 12's loose lines (roman justified body lines whose median word gap is over
0.5 em, exactly as typometrics.py counts them), for a person to confirm: the gaps come from the PDF
(typometrics' own line finder), the text of each line and of the line after it from the layout
dump of the same build (`tests/reference/<stem>.<layout>.layout.txt`, which keeps U+00A0/U+202F
and soft hyphens that the PDF's text loses). A line is loose because the material after it could
not come up; the sort looks at the first unit of the next line (up to its first breakable space)
and names the first rule that forbids breaking inside it:

  glued      the unit holds a no-break space (a number and its unit, a date, a name, `à`)
  address    URL, e-mail, @handle, #hashtag: breaks only after / . @ … with no hyphen
  digits     a token with digits
  acronym    all capitals or a capital inside the word
  name       capitalised, not starting a sentence (nl, fr, en)
  short      fewer than 5 letters
  hyphens2   the two lines before already end in a hyphen (at most two in a row)
  word       none of the above: a word the patterns could break (the breaker's choice, a pattern
             gap or the minima; confirm by hand)

A short or breakable next unit means the cause lies elsewhere in the paragraph: Knuth-Plass
chooses all of a paragraph's breaks at once, so a group glued two lines further down can loosen
this one. bench/README.md ("every loose line of the parallel examples") puts each line down to
a rule by lifting the rules one at a time in a scratch build; this sort is the first look. A
report, not a test.
"""
import importlib.util
import re
import statistics
import sys
from pathlib import Path

NB = "\u00a0\u202f"


def load(path):
    """typometrics.py at `path`, measuring glyphs at their nominal size (`tm_nominal.py`: a
    line set with font expansion would otherwise count as another style)."""
    spec = importlib.util.spec_from_file_location("tm_nominal", Path(__file__).with_name("tm_nominal.py"))
    wrap = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(wrap)
    return wrap.nominal(wrap.load(path))


def loose(tm, pdf):
    """(page, y, x0, median gap) of every roman justified body line over 0.5 em."""
    pages, lines, body = tm.analyse_layout(pdf)
    edges = tm.right_edges(lines)
    out = []
    for col, flow in tm.flows(lines).items():
        runs = tm.paragraphs(flow)
        for ri, run in enumerate(runs):
            if run[0].kind != "body":
                continue
            last_on_page = ri + 1 == len(runs) or runs[ri + 1][0].page != run[-1].page
            for i, l in enumerate(run):
                if i == len(run) - 1 and not last_on_page:
                    break
                if not tm.is_flush(l, edges) or l.bold or l.italic:
                    continue
                gaps = [(b[0].x0 - tm.word_end(a)) / l.size for a, b in zip(l.words, l.words[1:])
                        if not tm.fixed_gap(a, b)]
                if gaps and statistics.median(gaps) > 0.5:
                    out.append((l.page, l.y, l.x0, statistics.median(gaps), len(gaps)))
    return out


def dump_lines(path):
    """[(page, y, x, text)] of the dump's text items, with its \\u{..} escapes decoded (and a
    font-expanded run's "+1.5%" left out); items on one baseline in one column are joined (an
    italic run is an item of its own)."""
    items, page = [], -1
    for raw in open(path, encoding="utf-8"):
        if raw.startswith("page "):
            page += 1
            continue
        m = re.match(r"\s+text\s+([\d.]+)\s+([\d.]+)\s+f\d+\s+[\d.]+\s+\"(.*)\"(?:\s+[+-][\d.]+%)?$", raw)
        if m:
            t = re.sub(r"\\u\{([0-9a-f]+)\}", lambda g: chr(int(g.group(1), 16)), m.group(3))
            t = t.replace('\\"', '"').replace("\\\\", "\\")
            items.append((page, float(m.group(2)), float(m.group(1)), t))
    return items


def cause(prev2, line, nxt, sentence_start):
    unit = re.split(r"(?<=[^\s" + NB + r"]) ", nxt, maxsplit=1)[0]
    word = re.sub(r"^[\W_]+|[\W_]+$", "", unit.split(NB)[0].split("\u202f")[0])
    if sum(1 for p in prev2 if p.rstrip().endswith(("\u00ad", "-"))) == 2:
        return "hyphens2", unit
    if any(c in unit for c in NB):
        return "glued", unit
    if "://" in unit or "@" in unit or unit.startswith("#") or re.search(r"\w\.\w+/", unit):
        return "address", unit
    if any(c.isdigit() for c in unit):
        return "digits", unit
    letters = [c for c in word if c.isalpha()]
    if len(letters) >= 2 and (all(c.isupper() for c in letters) or any(c.isupper() for c in word[1:])):
        return "acronym", unit
    if word[:1].isupper() and not sentence_start:
        return "name", unit
    if len(letters) < 5:
        return "short", unit
    return "word", unit


def main(argv):
    tm = load(argv[0])
    for pdf, dump in zip(argv[1::2], argv[2::2]):
        items = dump_lines(dump)
        for page, y, x0, gap, n in loose(tm, pdf):
            # the dump's lines in this column, in order, joined per baseline
            base = {}
            for p, yy, xx, t in items:
                if p == page and x0 - 30 <= xx <= x0 + 225 and not re.fullmatch(r"\d+\.", t.strip()):
                    base.setdefault(yy, []).append((xx, t))
            ys = sorted(base)
            here = min(ys, key=lambda v: abs(v - y)) if ys else None
            if here is None or abs(here - y) > 1.5:
                print(f"{pdf}\tp{page + 1}\t{gap:.3f}\t?\t(line not found in dump)")
                continue
            text = lambda v: "".join(t for _, t in sorted(base[v]))
            i = ys.index(here)
            nxt = text(ys[i + 1]) if i + 1 < len(ys) else ""
            prev2 = [text(v) for v in ys[max(0, i - 2):i]]
            line = text(here)
            ss = bool(re.search(r"[.!?…][”’»\")\]]*\s*$", line.replace("\u00ad", "")))
            why, unit = cause(prev2, line, nxt, ss)
            print(f"p{page + 1}\t{gap:.3f}\t{n}\t{why}\t{line.strip()!r} / {unit!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
