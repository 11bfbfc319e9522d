#!/usr/bin/env bash
# bench/expansion.sh BIN OUT — the spacing table of bench/README.md ("Issue 12: font
# expansion"): builds every example, parallel and sequential, with copies of its brand whose
# [page] font_expansion_percent is 0, 1 and 2, into OUT/e0 … OUT/e2, then prints the
# roman-text row of bench/tm_nominal.py (typometrics at each glyph's nominal size) for each example and layout. Run from the
# project root.
set -euo pipefail
BIN=$(realpath "$1"); OUT=$2; EX=examples
RELEASES="persbericht-wilmes gezamenlijk-persbericht statistiek-werkloosheid persbericht-haven-foto crisisupdate-stroompanne"
for E in 0 1 2; do
  D=$OUT/e$E; rm -rf "$D"; mkdir -p "$D/default" "$D/kust"
  cp templates/brand/brand.toml templates/brand/logo.svg "$D/default/"
  cp -r $EX/brand-kustwacht/. "$D/kust/"
  cp -r $EX/brands "$D/brands"
  for f in "$D"/default/brand.toml "$D"/kust/brand.toml "$D"/brands/*/brand.toml; do
    python3 - "$f" "$E" <<'PY'
import re, sys
path, e = sys.argv[1], sys.argv[2]
s = open(path).read()
s = re.sub(r"(?m)^font_expansion_percent.*\n", "", s)
if re.search(r"(?m)^\[page\]\n", s):
    s = re.sub(r"(?m)^\[page\]\n", f"[page]\nfont_expansion_percent = {e}\n", s, count=1)
else:
    s += f"\n[page]\nfont_expansion_percent = {e}\n"
open(path, "w").write(s)
PY
  done
  for L in parallel sequential; do
    for r in $RELEASES; do
      "$BIN" build -q $EX/$r.toml --brand "$D/default/brand.toml" --brands "$D/brands" -o "$D/$L" --layout $L >/dev/null
    done
    "$BIN" build -q $EX/kustwacht-stormwaarschuwing.toml --brand "$D/kust/brand.toml" -o "$D/$L" --layout $L >/dev/null
  done
done
for r in $RELEASES kustwacht-stormwaarschuwing; do
  for L in parallel sequential; do
    echo "== $r $L (0 / 1 / 2 %)"
    python3 bench/tm_nominal.py "${TYPOMETRICS:-../shared/tools/typometrics.py}" "e0=$OUT/e0/$L/$r.pdf" "e1=$OUT/e1/$L/$r.pdf" "e2=$OUT/e2/$L/$r.pdf" 2>&1 \
      | grep -E "roman text only|Error" || true
  done
done
