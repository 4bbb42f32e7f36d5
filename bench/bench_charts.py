"""Cost of the charts: the follow-up report of Samverkansnämnden (eleven drawn charts, one
flagged) built with an empty chart cache (cold) and with a filled one (warm).

    .venv/bin/python bench/bench_charts.py [--runs N]

Target (issue "Follow-up reports"): the charts cold under 1.5 s together (matplotlib import
included), warm nothing: a warm build does not import matplotlib at all.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "sources" / "sydostra-sjukvardsregionen" / "svn-uppfoljning-2024"
PROBE = (
    "import sys, docgen.cli as c; code = c.main(['--ut', sys.argv[1], 'build', sys.argv[2]]);"
    "print('MATPLOTLIB:' + str('matplotlib' in sys.modules))"
)


def run(out: Path) -> tuple[float, bool]:
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(out), str(REPORT)], capture_output=True, text=True, check=True
    )
    elapsed = time.perf_counter() - start
    return elapsed, "MATPLOTLIB:True" in result.stdout


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    cold, warm, warm_imports = [], [], []
    with tempfile.TemporaryDirectory() as temporary:
        out = Path(temporary) / "build"
        for _ in range(runs):
            shutil.rmtree(out, ignore_errors=True)
            seconds, _imported = run(out)
            cold.append(seconds)
            seconds, imported = run(out)
            warm.append(seconds)
            warm_imports.append(imported)
    charts = statistics.median(cold) - statistics.median(warm)
    print(
        f"medians of {runs} runs: cold build {statistics.median(cold):.2f} s, warm build "
        f"{statistics.median(warm):.2f} s"
    )
    print(f"the charts cold (the difference, matplotlib import included): {charts:.2f} s (target < 1.5 s)")
    print(f"matplotlib imported by a warm build: {'yes' if any(warm_imports) else 'no'} (target: no)")
    return 0 if charts < 1.5 and not any(warm_imports) else 1


if __name__ == "__main__":
    sys.exit(main())
