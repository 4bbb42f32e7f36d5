"""Time of `docgen pdf` for every document against a bare LibreOffice conversion of the same .docx.

    .venv/bin/python bench/bench_pdf.py [--runs N] [--before]

Target (issue 15): `make pdf` of all documents at most 1.2x a bare
`soffice --headless --convert-to pdf a.docx b.docx …` of the same .docx files in one call.
Measured side by side, run alternately, N times each (default 7), on the documents the sources
define:
- docgen pdf: the whole command (`docgen pdf`) on build/ as `docgen build` left it (as `make
  pdf` after `make all`: the .docx files built and unchanged, their TOCs without page numbers,
  no PDFs; restored before each run): what it costs is the PDFs, each made in one LibreOffice
  pass with the TOC's page numbers updated by LibreOffice (UNO), the .docx files given those
  numbers, plus checking that nothing needs building;
- bare soffice: one `soffice --headless --convert-to pdf` of the same .docx files, default
  export options, with a new profile of its own each run as docgen has (a profile shared with
  other users of this machine could hand the job to their LibreOffice);
- docgen pdf from nothing (informative): the same command into an empty build/, so the
  documents are built first (LibreOffice starts before the build: commands.pdf.pdf_expected);
- with --before: the conversion step alone (docgen.commands.pdf.to_pdf in this process) as it
  is without UNO (lay out, number the TOC, lay out again) and as it is now.
Prints medians with their spread (lowest–highest) of the wall time, and of the CPU time
(user + system of the command and every process it waited for: LibreOffice included), says
whether the target (on wall time) is met, and the machine's load average before and after (on
a machine shared with others the load moves every figure: compare only figures from one run).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docgen.commands import pdf as pdfmodule  # noqa: E402
from docgen.commands.pdf import find_libreoffice  # noqa: E402
from docgen.word.pagenumbers import page_count  # noqa: E402

TARGET = 1.2
DOCGEN = [sys.executable, "-m", "docgen.cli"]


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


CPU: dict[str, list[float]] = {}  # CPU seconds of each timed command, by the series it belongs to


def timed(command: list[str], series: str) -> float:
    cpu, start = _cpu(), time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    seconds = time.perf_counter() - start
    CPU.setdefault(series, []).append(_cpu() - cpu)
    return seconds


def docgen_pdf(build: Path, built: Path) -> float:
    """`docgen pdf` after `docgen build`: build/ restored from `built`, its copy as the build
    left it (at the same place, so that the build record's paths hold)."""
    shutil.rmtree(build)
    shutil.copytree(built, build)
    return timed([*DOCGEN, "--ut", str(build), "pdf"], "docgen")


def bare_soffice(soffice: str, documents: list[Path], work: Path) -> float:
    profile, out = work / "profil", work / "ut"
    shutil.rmtree(profile, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    seconds = timed(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
        ]
        + [str(d) for d in documents],
        "bare",
    )
    assert len(list(out.glob("*.pdf"))) == len(documents), "bare soffice did not convert every document"
    return seconds


def docgen_pdf_from_nothing(work: Path) -> float:
    shutil.rmtree(work / "tom", ignore_errors=True)
    return timed([*DOCGEN, "--ut", str(work / "tom"), "pdf"], "cold")


def conversion_step(documents: list[Path], uno: bool) -> float:
    chosen = pdfmodule.uno_python
    if not uno:
        pdfmodule.uno_python = lambda soffice: None
    try:
        start = time.perf_counter()
        with contextlib.redirect_stderr(io.StringIO()):  # the note that UNO is not used
            pdfmodule.to_pdf(documents)
        return time.perf_counter() - start
    finally:
        pdfmodule.uno_python = chosen


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):6.2f} s  ({min(values):.2f}–{max(values):.2f})"


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--before", action="store_true", help="also the conversion step without UNO (two passes)")
    args = parser.parse_args()
    soffice = find_libreoffice()
    if soffice is None:
        print("LibreOffice saknas: apt-get install -y libreoffice-writer-nogui")
        return 2
    load_before = load()
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as temporary:
        work = Path(temporary)
        build = work / "build"
        plain = work / "utan-sidnummer"  # as built, before any PDF gave the TOC its numbers
        subprocess.run([*DOCGEN, "--ut", str(build), "build"], check=True, capture_output=True)
        shutil.copytree(build, plain)
        subprocess.run([*DOCGEN, "--ut", str(build), "pdf"], check=True, capture_output=True)  # warm-up
        pages = sum(page_count(pdf) or 0 for pdf in build.rglob("*.pdf"))
        documents = sorted(plain.rglob("*.docx"))
        series: dict[str, list[float]] = {"docgen": [], "bare": [], "cold": [], "one": [], "two": []}
        for _ in range(args.runs):  # alternately, so that the machine's load falls on each alike
            series["docgen"].append(docgen_pdf(build, plain))
            series["bare"].append(bare_soffice(soffice, documents, work))
            series["cold"].append(docgen_pdf_from_nothing(work))
            if args.before:
                copies = work / "steg"
                shutil.rmtree(copies, ignore_errors=True)
                shutil.copytree(plain, copies, ignore=shutil.ignore_patterns(".cache"))
                step = sorted(copies.rglob("*.docx"))
                series["two"].append(conversion_step(step, uno=False))
                series["one"].append(conversion_step(step, uno=True))
    docgen, bare = statistics.median(series["docgen"]), statistics.median(series["bare"])
    ratio = docgen / bare
    print(f"{len(documents)} documents, {pages} pages; medians of {args.runs} runs (lowest–highest)")
    print(f"load average (1, 5, 15 min) before {load_before}, after {load()} on {os.cpu_count()} cores")
    print(f"{'':40} {'wall':>24}   {'CPU':>24}")
    print(f"docgen pdf after docgen build (make pdf) {spread(series['docgen'])}   {spread(CPU['docgen'])}")
    print(f"bare soffice --convert-to pdf, one call  {spread(series['bare'])}   {spread(CPU['bare'])}")
    cpu_ratio = statistics.median(CPU["docgen"]) / statistics.median(CPU["bare"])
    print(
        f"ratio {ratio:.2f} (target at most {TARGET}): {'met' if ratio <= TARGET else 'MISSED'}; CPU ratio {cpu_ratio:.2f}"
    )
    cold = statistics.median(series["cold"])
    print(
        f"docgen pdf from an empty build/          {spread(series['cold'])}   {spread(CPU['cold'])}"
        f"  ratio {cold / bare:.2f} (informative)"
    )
    if args.before:
        print(f"conversion step, two passes (no UNO)     {spread(series['two'])}")
        print(f"conversion step, one pass (UNO)          {spread(series['one'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
