#!/usr/bin/env bash
# The spacing report of issue 12: how even the justified body text is, measured from the
# PDFs by typometrics.py (its docstring defines every figure: word gap mean / sd / lines
# over 0.5 em, hyphens, widows...). Builds each example in `--layout parallel` (narrow
# columns, about 20 em) and `sequential` (the full measure) and prints one table per
# example. A report, not a test: nothing here fails on a figure.
#
#   bash bench/spacing.sh
#   EXAMPLES="persbericht-wilmes" bash bench/spacing.sh
#   TYPOMETRICS=/path/to/typometrics.py bash bench/spacing.sh
#
# Needs python3 >= 3.11, mutool (mupdf-tools) and pdftotext (poppler-utils); typometrics.py
# lives beside the project (../shared/tools/), not in it.
set -euo pipefail
cd "$(dirname "$0")/.."

TOOL=${TYPOMETRICS:-../shared/tools/typometrics.py}
if [ ! -f "$TOOL" ]; then
  echo "typometrics.py not found at $TOOL; set TYPOMETRICS" >&2
  exit 2
fi
EXAMPLES=${EXAMPLES:-persbericht-wilmes kustwacht-stormwaarschuwing crisisupdate-stroompanne}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

cargo build --release --quiet
BIN=${CARGO_TARGET_DIR:-target}/release/communique

for ex in $EXAMPLES; do
  pdfs=()
  for layout in parallel sequential; do
    if "$BIN" build "examples/$ex.toml" --brands examples/brands --layout "$layout" \
      -o "$WORK/$layout" >"$WORK/log" 2>&1; then
      pdfs+=("$layout=$WORK/$layout/$ex.pdf")
    else
      echo "$ex: $layout refused or failed: $(tail -1 "$WORK/log")" >&2
    fi
  done
  echo "## $ex ($(git rev-parse --short HEAD 2>/dev/null || echo '?'))"
  echo
  # tm_nominal.py: typometrics with every glyph at its nominal size (font expansion's `Tz`
  # otherwise changes the size mutool reports, and typometrics splits paragraphs there).
  python3 bench/tm_nominal.py "$TOOL" --text "examples/$ex.toml" "${pdfs[@]}"
  echo
done
