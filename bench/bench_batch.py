"""Builds with nothing to do, and a batch on both cores against one.

    .venv/bin/python bench/bench_batch.py [--runs N]

Measures, as medians of N whole-process runs (default 7) in one run on this machine:
1. `docgen build` of the årsplan 2025 when nothing changed since the last build (target:
   under 0.15 s) and the same build forced (`--tvinga`), side by side;
2. `docgen build` of every document when nothing changed (target: under 0.3 s);
3. `docgen build --tvinga` of every document on all cores against the same pinned to one core
   with taskset (target: at most 0.6x), and the peak memory (max RSS) of the largest process.
Each whole-process run starts a new Python, as `make` does. The chart cache is warm in every
case (the first, unmeasured, run draws the charts): what is measured is the build itself.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "sources" / "region-ostergotland" / "hsn-arsplan-2025"
DOCGEN = [sys.executable, "-m", "docgen.cli"]


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def median_of(runs: int, *commands: list[str]) -> list[float]:
    """Median seconds of each command, the commands run alternately."""
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for i, command in enumerate(commands):
            times[i].append(timed(command))
    return [statistics.median(t) for t in times]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    if not shutil.which("taskset"):
        print("taskset saknas (util-linux): kan inte jämföra med en kärna")
        return 2
    with tempfile.TemporaryDirectory() as temporary:
        out = Path(temporary) / "build"
        base = [*DOCGEN, "--ut", str(out), "build"]
        subprocess.run([*base], check=True, capture_output=True)  # draws the charts, fills the record
        plan_unchanged, plan_forced = median_of(runs, [*base, str(PLAN)], [*base, "--tvinga", str(PLAN)])
        (all_unchanged,) = median_of(runs, base)
        forced_all = [*base, "--tvinga"]
        one_core = ["taskset", "-c", "0", *forced_all]
        all_cores, single = median_of(max(3, runs // 2), forced_all, one_core)
        peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    checks = [
        (
            f"årsplan 2025, nothing changed: {plan_unchanged:.3f} s (forced build {plan_forced:.3f} s); target < 0.15 s",
            plan_unchanged < 0.15,
        ),
        (f"all documents, nothing changed: {all_unchanged:.3f} s; target < 0.3 s", all_unchanged < 0.3),
        (
            f"all documents forced, all cores {all_cores:.2f} s vs one core {single:.2f} s = "
            f"{all_cores / single:.2f}x; target <= 0.6x",
            all_cores / single <= 0.6,
        ),
    ]
    print(f"medians of {runs} runs (the batch on one and all cores: {max(3, runs // 2)} runs)\n")
    for text, met in checks:
        print(f"- {'met' if met else 'MISSED'}: {text}")
    print(f"- peak memory (max RSS) of the largest process in these runs: {peak_mib:.0f} MiB")
    ok = all(met for _text, met in checks)
    print("targets met" if ok else "TARGETS NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
