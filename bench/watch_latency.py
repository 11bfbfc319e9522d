#!/usr/bin/env python3
"""Save -> new PDF latency of `communique watch`, for bench/README.md.

    python3 bench/watch_latency.py [BINARY] [SAVES]

Copies examples/persbericht-wilmes.toml into a temporary folder, starts `BINARY watch` on
it, and saves it SAVES times (default 20) the way most editors do: the new text written to
a temporary file, then renamed over the release. Each time it waits (polling every 0.5 ms)
until the PDF is replaced, and prints the time from the rename to the new PDF: min, median
and max in milliseconds. Not a test: speed is measured here, never in tests.
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target/release/communique")
saves = int(sys.argv[2]) if len(sys.argv) > 2 else 20

work = tempfile.mkdtemp(prefix="watch-latency-")
release = os.path.join(work, "r.toml")
pdf = os.path.join(work, "r.pdf")
shutil.copy(os.path.join(ROOT, "examples/persbericht-wilmes.toml"), release)
original = open(release, encoding="utf-8").read()

proc = subprocess.Popen([binary, "watch", "r.toml"], cwd=work,
                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
for line in proc.stderr:
    if line.startswith("watching"):
        break


def pdf_id():
    try:
        st = os.stat(pdf)
        return (st.st_ino, st.st_mtime_ns)
    except FileNotFoundError:
        return None


latencies = []
try:
    for i in range(saves):
        before = pdf_id()
        text = original.replace('title = "', f'title = "Versie {i} ', 1)
        tmp = os.path.join(work, ".r.toml.swp")
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        start = time.perf_counter()
        os.rename(tmp, release)
        while pdf_id() == before:
            if time.perf_counter() - start > 10:
                sys.exit("no new PDF after 10 s")
            time.sleep(0.0005)
        latencies.append((time.perf_counter() - start) * 1000)
        time.sleep(0.2)  # let the rebuild finish its output before the next save
finally:
    proc.terminate()
    proc.wait()
    shutil.rmtree(work, ignore_errors=True)

print(f"{saves} saves of persbericht-wilmes.toml: save -> new PDF "
      f"min {min(latencies):.0f} ms, median {statistics.median(latencies):.0f} ms, "
      f"max {max(latencies):.0f} ms")
