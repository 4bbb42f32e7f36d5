"""Time of `docgen pdf` for every document (one LibreOffice process for the batch).

    .venv/bin/python bench/bench_pdf.py [--runs N]

Reports the median of N runs (default 3) of the whole command, and of the conversion step
alone (docgen.commands.pdf.to_pdf on already built documents), with the page count. The conversion
runs LibreOffice twice per batch: once to lay out, once with the TOC page numbers filled in.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docgen.commands.pdf import find_libreoffice, to_pdf  # noqa: E402
from docgen.pipeline import Project, build, buildable, document_folders  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    if find_libreoffice() is None:
        print("LibreOffice saknas: apt-get install -y libreoffice-writer-nogui")
        return 2
    whole, step = [], []
    with tempfile.TemporaryDirectory() as temporary:
        out = Path(temporary)
        folders = [f for f in document_folders(Project()) if buildable(f)]
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "docgen.cli", "--ut", str(out / "cli"), "pdf"], check=True, capture_output=True
            )
            whole.append(time.perf_counter() - start)
        documents = [build(folder, Project(build=out / "step")) for folder in folders]
        for _ in range(runs):
            start = time.perf_counter()
            pdfs = to_pdf(documents)
            step.append(time.perf_counter() - start)
        pages = (
            sum(
                int(
                    next(
                        line.split()[-1]
                        for line in subprocess.run(
                            ["pdfinfo", str(p)], capture_output=True, text=True
                        ).stdout.splitlines()
                        if line.startswith("Pages")
                    )
                )
                for p in pdfs
            )
            if Path("/usr/bin/pdfinfo").exists()
            else "?"
        )
    print(f"{len(documents)} documents, {pages} pages, medians of {runs} runs")
    print(f"docgen pdf (build + convert, whole process): {statistics.median(whole):.2f} s")
    print(f"conversion alone (LibreOffice, one process per pass, two passes): {statistics.median(step):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
