"""Cost of the HTML edition: each large document assembled in memory without and with its
HTML edition (docgen html), medians side by side, charts cached (as in a second build).

    .venv/bin/python bench/bench_html.py [--runs N]

What it answers: how much `docgen html` and every rebuild in `docgen serve` add to a build.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docgen.pipeline import Project, assemble, write  # noqa: E402

DOCUMENTS = (
    "region-ostergotland/hsn-arsplan-2025",
    "region-orebro-lan/hsn-vp-2026",
    "sydostra-sjukvardsregionen/svn-uppfoljning-2024",
)


def medians(folder: Path, project: Project, runs: int) -> tuple[float, float]:
    """Median seconds without and with the HTML edition, runs interleaved (a busy machine
    slows both alike)."""
    times: dict[bool, list[float]] = {False: [], True: []}
    for _ in range(runs):
        for html in (False, True):
            start = time.perf_counter()
            assemble(folder, project, html=html)
            times[html].append(time.perf_counter() - start)
    return statistics.median(times[False]), statistics.median(times[True])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as temporary:
        project = Project(build=Path(temporary))
        print(f"{'dokument':<48} {'utan html':>10} {'med html':>10} {'html':>8}")
        for name in DOCUMENTS:
            folder = ROOT / "sources" / name
            write(assemble(folder, project, html=True))  # fills the chart cache and warms the imports
            without, with_html = medians(folder, project, runs)
            print(f"{name:<48} {without:>9.3f}s {with_html:>9.3f}s {with_html - without:>+7.3f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
