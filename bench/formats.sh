#!/usr/bin/env bash
# Whole-process cost of the other formats (issue 14's cap: html,txt,eml add at most 30 % to
# the PDF alone): wall, user and sys time of `communique build` for a generated archive,
# `--format pdf` against `--format pdf,html,txt,eml`, each run several times into a fresh
# output folder, printed as a table of medians (and every run, for the record).
#
#   bash bench/formats.sh                    # 1,000 releases, -j 2, 5 runs of each
#   N=200 RUNS=3 bash bench/formats.sh       # a quick look
#   BIN=/tmp/communique bash bench/formats.sh   # a binary already built
#   BASE=/tmp/old-communique bash bench/formats.sh   # also that binary, in the same rounds
#   N=100 PHOTOS=6 bash bench/formats.sh     # each release with a camera photo (Pillow)
#   ARCHIVE=/tmp/releases bash bench/formats.sh   # a folder of releases of your own
#   KEEP=1 bash bench/formats.sh             # leave the outputs (runs back to back)
#
# The runs alternate (pdf, all four, pdf, all four, …; with BASE, the base binary's pdf and
# all four in each round too) so that a drift of the machine's speed, which on this VM
# reaches a quarter within minutes, falls on both alike; the table ends with the median of
# each round's own ratio, which that drift moves least. About
# 2 minutes on an idle 2-core machine at the defaults (10 builds of 5 to 12 s, plus the
# archive); the load before each run is printed beside it: figures taken under load time
# the waiting for a core, not the build.
#
# Every run's output folder is kept until the script ends (about 1.5 GB at the defaults;
# the script checks for 3 GB free). Deleting one right before the next run cost that run
# up to 3 s of sys time here: this VM's ext4 has no journal, and its inode allocator then
# skips, one buffer lookup each, every inode freed in the last 30 s (`recently_deleted`,
# 39 % of a build's samples in `ext4_create` under perf while other processes on the
# machine were deleting files; see bench/README.md). For the same reason, do not run it
# within a minute of deleting many files on the same file system.
#
# Needs python3 (the generator and the table) and GNU time (/usr/bin/time, Debian `time`).
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-1000}
JOBS=${JOBS:-2}
RUNS=${RUNS:-5}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/communique-formats.XXXXXX")
# The clean-up deletes every run's outputs: on this VM's ext4 file creation is slow for
# minutes after (see below), so the next timing should wait.
# KEEP=1 leaves them (and says where), so that runs back to back need not wait.
if [ -n "${KEEP:-}" ]; then
  trap 'echo "kept the runs'"'"' outputs in $WORK: deleting them slows file creation on this file system for minutes" >&2' EXIT
else
  trap 'rm -rf "$WORK"; echo "deleted the runs'"'"' outputs: wait 6 minutes before timing on this file system again" >&2' EXIT
fi

if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet
  BIN=${CARGO_TARGET_DIR:-target}/release/communique
fi
[ -x "$BIN" ] || { echo "no binary at $BIN" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 1; }

free_kb=$(df -Pk "$WORK" | awk 'NR == 2 { print $4 }')
need_gb=3; [ -n "${BASE:-}" ] && need_gb=6
if [ "$free_kb" -lt $((need_gb * 1024 * 1024)) ]; then
  echo "needs $need_gb GB free under $WORK (every run's output is kept until the end)" >&2
  exit 1
fi

if [ -n "${ARCHIVE:-}" ]; then
  ln -s "$(realpath "$ARCHIVE")" "$WORK/archive"
  N="$(find -L "$WORK/archive" -name '*.toml' | wc -l) (from $ARCHIVE)"
else
  python3 bench/generate.py "$N" "$WORK/archive" --photos "${PHOTOS:-0}" >/dev/null
fi
echo "binary: $BIN ($("$BIN" --version 2>/dev/null || echo '?'))"
echo "archive: $N releases (${PHOTOS:-0} camera photos shared out), --jobs $JOBS, $RUNS runs of each, $(nproc) cores"
echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

# One build into a fresh folder (kept: see above); appends "label wall user sys load" to
# $WORK/runs.
run() { # label, formats, run number[, binary]
  local label=$1 formats=$2 out=$WORK/out-$1-$3 bin=${4:-$BIN} load
  load=$(cut -d' ' -f1 /proc/loadavg)
  if ! /usr/bin/time -f "%e %U %S" -o "$WORK/time" \
    "$bin" build "$WORK/archive" -o "$out" --jobs "$JOBS" --format "$formats" -q \
    >/dev/null 2>"$WORK/err"; then
    echo "build failed ($label):" >&2
    cat "$WORK/err" >&2
    exit 1
  fi
  # GNU time prints "Command exited …" lines before the figures on some failures: the
  # figures are its last line.
  echo "$label $(tail -n 1 "$WORK/time") $load" | tee -a "$WORK/runs"
}

echo "run: label wall user sys (s), 1-minute load before it"
for i in $(seq "$RUNS"); do
  if [ -n "${BASE:-}" ]; then
    run base-pdf pdf "$i" "$BASE"
    run base-all pdf,html,txt,eml "$i" "$BASE"
  fi
  run pdf pdf "$i"
  run all pdf,html,txt,eml "$i"
done
echo "outputs of one run: pdf $(du -sh "$WORK/out-pdf-1" | cut -f1), all four $(du -sh "$WORK/out-all-1" | cut -f1)"
echo

python3 - "$WORK/runs" <<'EOF'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    label, *figures = line.split()
    runs.setdefault(label, []).append([float(f) for f in figures])
med = {l: [statistics.median(r[i] for r in rs) for i in range(4)] for l, rs in runs.items()}
print(f"{'formats':24} {'wall s':>8} {'user s':>8} {'sys s':>8} {'load':>6}   (medians of {len(runs['pdf'])} runs)")
names = {"pdf": "pdf", "all": "pdf,html,txt,eml"}
for prefix in [p for p in ("base-", "") if p + "pdf" in med]:
    for label in ("pdf", "all"):
        w, u, s, load = med[prefix + label]
        print(f"{prefix + names[label]:24} {w:8.2f} {u:8.2f} {s:8.2f} {load:6.1f}")
    p, a = med[prefix + "pdf"], med[prefix + "all"]
    pct = lambda i: f"{(a[i] / p[i] - 1) * 100:+.0f} %" if p[i] else "n/a"
    print(f"{prefix + 'all four vs pdf':24} {pct(0):>8} {pct(1):>8} {pct(2):>8}")
    # Each round's all four over the same round's pdf, run next to it: the machine's drift
    # (a quarter within minutes here) falls on both, so this median moves less than the
    # ratio of the medians above.
    pairs = [a[0] / p[0] for p, a in zip(runs[prefix + "pdf"], runs[prefix + "all"]) if p[0]]
    if pairs:
        spread = f"{min(pairs):.2f}-{max(pairs):.2f}"
        print(f"{prefix + '  round by round':24} {(statistics.median(pairs) - 1) * 100:+7.0f} %   (wall, median; spread {spread})")
EOF
