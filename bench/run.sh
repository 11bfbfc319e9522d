#!/usr/bin/env bash
# Batch and whole-process benchmarks of the release binary. Results go to stdout; copy the
# figures into bench/README.md with the date and the machine's load.
#
#   bash bench/run.sh            # 1,000 generated releases, 2 jobs
#   N=200 JOBS=1 bash bench/run.sh
#   BASE=/tmp/communique-old PAIRS=5 bash bench/run.sh   # also: paired runs against BASE
#
# Needs python3 (the generator) and GNU time (/usr/bin/time, Debian package `time`);
# hyperfine (Debian package `hyperfine`) for the cold single-document figure, skipped with a
# message when missing. Timing is wall-clock: run it on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-1000}
JOBS=${JOBS:-2}
WORK=${WORK:-$(mktemp -d)}
trap 'rm -rf "$WORK"' EXIT

cargo build --release --quiet
BIN=${CARGO_TARGET_DIR:-target}/release/communique

python3 bench/generate.py "$N" "$WORK/archive"
echo "archive: $N releases ($(du -sh "$WORK/archive" | cut -f1)), $JOBS jobs, $(nproc) cores"

run() { # label, then the command
  local label=$1
  shift
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$WORK/rss" "$@" >/dev/null 2>"$WORK/err" || {
    cat "$WORK/err" >&2
    return 1
  }
  end=$(date +%s.%N)
  python3 - "$label" "$start" "$end" "$N" "$(cat "$WORK/rss")" <<'EOF'
import sys
label, start, end, n, rss = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
s = end - start
print(f"{label:34} {s:7.2f} s  {n / s:7.1f} documents/s  peak RSS {rss / 1024:6.1f} MiB")
EOF
}

rm -rf "$WORK/out"
run "build (first run)" "$BIN" build "$WORK/archive" -o "$WORK/out" --jobs "$JOBS" -q
run "build (second run, all unchanged)" "$BIN" build "$WORK/archive" -o "$WORK/out" --jobs "$JOBS" -q
run "build --force" "$BIN" build "$WORK/archive" -o "$WORK/out" --jobs "$JOBS" -q --force
run "check" "$BIN" check "$WORK/archive" --jobs "$JOBS" -q

# This VM's speed drifts by a quarter within minutes: compare two binaries in alternating
# pairs (each a first run into a new folder), never against figures from another hour.
if [ -n "${BASE:-}" ]; then
  for i in $(seq "${PAIRS:-5}"); do
    for b in "$BASE" "$BIN"; do
      rm -rf "$WORK/out"
      label=$([ "$b" = "$BIN" ] && echo "pair $i: this build" || echo "pair $i: BASE")
      run "$label" "$b" build "$WORK/archive" -o "$WORK/out" --jobs "$JOBS" -q
    done
  done
fi

one=$(find "$WORK/archive" -name '*.toml' | sort | sed -n 1p) # sed reads all: no SIGPIPE under pipefail
if command -v hyperfine >/dev/null 2>&1; then
  hyperfine --warmup 3 --runs 30 --style basic \
    "$BIN build $one -o $WORK --force -q" \
    "$BIN build examples/persbericht-wilmes.toml -o $WORK --force -q" 2>&1 | grep -E "Benchmark|Time"
else
  echo "hyperfine not installed: no cold single-process figure (apt-get install hyperfine)"
fi
