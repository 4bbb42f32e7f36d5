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
  By default docgen shares the batch out to one LibreOffice process per core, at most two
  (commands.pdf.PROCESSES), each with its own profile: the bench says how many it used;
- docgen pdf in one LibreOffice process (DOCGEN_PDF_PROCESSES=1), as the bare call: the same
  command, to compare like with like; both ratios are stated against the target;
- bare soffice: one `soffice --headless --convert-to pdf` of the same .docx files, default
  export options, with a new profile of its own each run as docgen has (a profile shared with
  other users of this machine could hand the job to their LibreOffice);
- docgen pdf from nothing (informative): the same command into an empty build/, so the
  documents are built first (LibreOffice starts before the build: commands.pdf.pdf_expected);
- with --before: the conversion step alone (docgen.commands.pdf.to_pdf in this process) as it
  is without UNO (lay out, number the TOC, lay out again) and as it is now.
- with --stages: where the time goes, per document and per stage, in `docgen pdf` in one
  LibreOffice process (run alternately with the bare call, `--runs` times, medians): docgen's
  start until LibreOffice is started, the build's check that nothing needs building,
  LibreOffice's start (until it takes the first document), per document LibreOffice's load,
  TOC update (the indexes until they hold, fields), keep (runs kept with the next that the
  layout parts from their table: each page's top looked at, a parted run moved, the TOC
  updated again when one moved), PDF export, readback (page count), close, docgen's numbering
  of the .docx (read, number, zip), then writing the files, ending LibreOffice, removing its
  profile and the records; wall and CPU (LibreOffice's from /proc, docgen's and the helper's
  own).
Prints medians with their spread (lowest–highest) of the wall time, and of the CPU time
(user + system of the command and every process it waited for: LibreOffice included), says
whether the target (on wall time) is met, and the machine's load average before and after (on
a machine shared with others the load moves every figure: compare only figures from one run).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
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


def timed(command: list[str], series: str, env: dict | None = None) -> float:
    cpu, start = _cpu(), time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    seconds = time.perf_counter() - start
    CPU.setdefault(series, []).append(_cpu() - cpu)
    return seconds


ONE_PROCESS = {**os.environ, "DOCGEN_PDF_PROCESSES": "1"}


def docgen_pdf(build: Path, built: Path, series: str = "docgen", env: dict | None = None) -> float:
    """`docgen pdf` after `docgen build`: build/ restored from `built`, its copy as the build
    left it (at the same place, so that the build record's paths hold). `env` ONE_PROCESS: in
    one LibreOffice process, as the bare call (by default docgen uses one per core, at most
    two)."""
    shutil.rmtree(build)
    shutil.copytree(built, build)
    return timed([*DOCGEN, "--ut", str(build), "pdf"], series, env)


def bare_soffice(soffice: str, documents: list[Path], work: Path, series: str = "bare") -> float:
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
        series,
    )
    # one --outdir: two documents of the same name (budget-2024.docx of two organisations) make one
    # PDF, each converted all the same
    assert len(list(out.glob("*.pdf"))) == len({d.name for d in documents}), (
        "bare soffice did not convert every document"
    )
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


TRACE_STAGES = (
    "start and exit docgen",
    "check build",
    "start LibreOffice",
    "write files",
    "end LibreOffice",
    "records",
)
DOCUMENT_STAGES = ("load", "toc", "keep", "export", "readback", "close", "number .docx")


def trace(build: Path, out: Path) -> None:
    """Run `docgen pdf` in this process (started afresh by `traced`) with a stopwatch on each
    stage; the figures go to `out` as JSON."""
    begun = time.perf_counter()
    self_cpu = time.process_time
    marks: list[tuple[str, float, float]] = [("begun", 0.0, self_cpu())]

    def mark(label: str) -> None:
        marks.append((label, time.perf_counter() - begun, self_cpu()))

    from docgen import cli, freshness, pipeline, processes
    from docgen.word import files

    pdfmodule.TIMINGS = True
    documents: list[dict] = []

    def wrapped(owner, name: str, before=None, after=None):
        original = getattr(owner, name)

        def call(*args, **kwargs):
            before and before(*args)
            try:
                return original(*args, **kwargs)
            finally:
                after and after(*args)

        setattr(owner, name, call)

    wrapped(pdfmodule.LibreOffice, "__init__", lambda *a: mark("LibreOffice()"), lambda *a: mark("LibreOffice started"))
    wrapped(pipeline, "build_batch", lambda *a: mark("build_batch"), lambda *a: mark("built"))
    names: list[str] = []
    wrapped(pdfmodule, "to_pdf", lambda docs, *a: (mark("to_pdf"), names.extend(str(d) for d in docs)))
    numbering: list[tuple[float, float]] = []

    def number_begin(*args):
        numbering.append((time.perf_counter(), self_cpu()))

    def number_end(*args):
        wall, cpu = numbering.pop()
        documents[-1]["number .docx"] = [time.perf_counter() - wall, 0.0, self_cpu() - cpu]

    wrapped(pdfmodule, "_numbered", number_begin, number_end)
    answer = pdfmodule.LibreOffice._answer

    def answered(self, deadline):
        said = answer(self, deadline)
        if "seconds" in said:
            documents.append(
                {
                    "name": Path(said["pdf"]).stem,
                    "pages": said.get("pages") or 0,
                    "entries": len(said.get("entries") or []),
                    **said["seconds"],
                }
            )
            mark("answer")
        return said

    pdfmodule.LibreOffice._answer = answered
    wrapped(
        files,
        "write_atomically",
        lambda path, *a: path.suffix == ".pdf" and "written" not in [m[0] for m in marks] and mark("written"),
    )
    wrapped(pdfmodule.LibreOffice, "close", lambda *a: mark("close"), lambda *a: mark("closed"))
    wrapped(freshness.BuildRecord, "rehash_output", lambda *a: "rehash" not in [m[0] for m in marks] and mark("rehash"))
    status = cli.main(["--ut", str(build), "pdf"])
    mark("end")
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    out.write_text(
        json.dumps(
            {
                "status": status,
                "names": names,
                "marks": marks,
                "documents": documents,
                "children": used.ru_utime + used.ru_stime,
            }
        )
    )
    del processes


def traced(build: Path, built: Path, work: Path) -> dict:
    """`docgen pdf` after `docgen build` (build/ restored as docgen_pdf does) with its stages timed."""
    shutil.rmtree(build)
    shutil.copytree(built, build)
    out = work / "stages.json"
    start = time.perf_counter()
    command = [sys.executable, __file__, "--trace", str(build), str(out)]
    subprocess.run(command, check=True, capture_output=True, env=ONE_PROCESS)  # per document: one process
    figures = json.loads(out.read_text())
    figures["wall"] = time.perf_counter() - start
    marks: dict[str, tuple[float, float]] = {}
    for label, wall, cpu in figures["marks"]:
        marks.setdefault(label, (wall, cpu))  # the first: LibreOffice is closed by to_pdf, then again by the command
    docs = figures["documents"]
    first_wait = docs[0]["wait"] if docs else [0.0, 0.0, 0.0]

    def between(a: str, b: str) -> list[float]:
        return [marks[b][0] - marks[a][0], 0.0, marks[b][1] - marks[a][1]]

    stages = {
        "start and exit docgen": [
            figures["wall"] - (marks["end"][0] - marks["begun"][0]) + marks["LibreOffice started"][0],
            0.0,
            marks["LibreOffice started"][1],
        ],
        "check build": between("LibreOffice started", "to_pdf"),
        "start LibreOffice": first_wait,  # from the helper's first line read to LibreOffice answering
        "write files": between("written", "close"),
        "end LibreOffice": between("close", "closed"),
        "records": between("rehash", "end"),
    }
    figures["stages"] = stages
    return figures


def stages_report(traces: list[dict], bare_wall: list[float], bare_cpu: list[float]) -> None:
    """Medians over the traced runs: per stage (wall, LibreOffice CPU, docgen CPU), then per document."""
    med = statistics.median
    print()
    print(
        f"where the time goes in docgen pdf in one LibreOffice process (medians of {len(traces)} traced runs, "
        "alternating with the bare call)"
    )
    print(f"{'stage':28} {'wall s':>8} {'LO CPU':>8} {'docgen CPU':>10}")
    total = [0.0, 0.0, 0.0]
    rows = [(name, [t["stages"][name] for t in traces]) for name in TRACE_STAGES[:3]]
    for stage in DOCUMENT_STAGES:
        rows.append(
            (
                f"per document: {stage}",
                [[sum(d.get(stage, [0, 0, 0])[i] for d in t["documents"]) for i in range(3)] for t in traces],
            )
        )
    rows += [
        ("per document: waits", [[sum(d["wait"][i] for d in t["documents"][1:]) for i in range(3)] for t in traces])
    ]
    rows += [(name, [t["stages"][name] for t in traces]) for name in TRACE_STAGES[3:]]
    for name, values in rows:
        figures = [med([v[i] for v in values]) for i in range(3)]
        total = [a + b for a, b in zip(total, figures)]
        print(f"{name:28} {figures[0]:8.3f} {figures[1]:8.3f} {figures[2]:10.3f}")
    print(f"{'sum of the stages':28} {total[0]:8.3f} {total[1]:8.3f} {total[2]:10.3f}")
    walls = [t["wall"] for t in traces]
    cpus = [t["children"] + t["marks"][-1][2] for t in traces]
    print(
        f"{'docgen pdf, whole':28} {med(walls):8.3f}   CPU all {med(cpus):.3f} ({min(walls):.2f}–{max(walls):.2f} s wall)"
    )
    print(
        f"{'bare soffice, whole':28} {med(bare_wall):8.3f}   CPU all {med(bare_cpu):.3f} ({min(bare_wall):.2f}–{max(bare_wall):.2f} s wall)"
    )
    for title, column in (("wall s", 0), ("LibreOffice CPU s; number .docx: docgen CPU s", 1)):
        print()
        print(
            f"{'document':40} {'pages':>5} {'TOC':>4} "
            + " ".join(f"{s[:8]:>8}" for s in DOCUMENT_STAGES)
            + f"  ({title})"
        )
        for n, doc in enumerate(traces[0]["documents"]):
            cells = []
            for stage in DOCUMENT_STAGES:
                i = 2 if stage == "number .docx" and column else column
                cells.append(med([t["documents"][n].get(stage, [0, 0, 0])[i] for t in traces]))
            print(f"{doc['name'][:40]:40} {doc['pages']:5} {doc['entries']:4} " + " ".join(f"{c:8.3f}" for c in cells))


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):6.2f} s  ({min(values):.2f}–{max(values):.2f})"


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--stages", action="store_true", help="where the time goes, per document and per stage")
    parser.add_argument("--trace", nargs=2, type=Path, help=argparse.SUPPRESS)  # internal: one traced run
    parser.add_argument("--before", action="store_true", help="also the conversion step without UNO (two passes)")
    args = parser.parse_args()
    if args.trace:
        trace(*args.trace)
        return 0
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
        series: dict[str, list[float]] = {"docgen": [], "single": [], "bare": [], "cold": [], "one": [], "two": []}
        for _ in range(args.runs):  # alternately, so that the machine's load falls on each alike
            series["docgen"].append(docgen_pdf(build, plain))
            series["bare"].append(bare_soffice(soffice, documents, work))
            series["single"].append(docgen_pdf(build, plain, "single", ONE_PROCESS))
            series["cold"].append(docgen_pdf_from_nothing(work))
            if args.before:
                copies = work / "steg"
                shutil.rmtree(copies, ignore_errors=True)
                shutil.copytree(plain, copies, ignore=shutil.ignore_patterns(".cache"))
                step = sorted(copies.rglob("*.docx"))
                series["two"].append(conversion_step(step, uno=False))
                series["one"].append(conversion_step(step, uno=True))
        if args.stages:
            traces, bare_wall, bare_cpu = [], [], []
            for _ in range(args.runs):
                traces.append(traced(build, plain, work))
                bare_wall.append(bare_soffice(soffice, documents, work, "bare beside the stages"))
            bare_cpu = CPU["bare beside the stages"]
    bare = statistics.median(series["bare"])
    print(f"{len(documents)} documents, {pages} pages; medians of {args.runs} runs (lowest–highest)")
    print(f"load average (1, 5, 15 min) before {load_before}, after {load()} on {os.cpu_count()} cores")
    print(f"{'':40} {'wall':>24}   {'CPU':>24}")
    processes = pdfmodule.processes_for(len(documents))
    print(f"docgen pdf after docgen build (make pdf) {spread(series['docgen'])}   {spread(CPU['docgen'])}")
    print(
        f"  in {processes} LibreOffice process{'es' if processes > 1 else ''} (one per core, at most {pdfmodule.PROCESSES})"
    )
    print(f"docgen pdf, one LibreOffice process      {spread(series['single'])}   {spread(CPU['single'])}")
    print(f"bare soffice --convert-to pdf, one call  {spread(series['bare'])}   {spread(CPU['bare'])}")
    for name, label in (("docgen", f"make pdf ({processes} processes)"), ("single", "make pdf in one process")):
        ratio = statistics.median(series[name]) / bare
        cpu_ratio = statistics.median(CPU[name]) / statistics.median(CPU["bare"])
        print(
            f"{label:28} ratio {ratio:.2f} to the bare call (target at most {TARGET}): "
            f"{'met' if ratio <= TARGET else 'MISSED'}; CPU ratio {cpu_ratio:.2f}"
        )
    cold = statistics.median(series["cold"])
    print(
        f"docgen pdf from an empty build/          {spread(series['cold'])}   {spread(CPU['cold'])}"
        f"  ratio {cold / bare:.2f} (informative)"
    )
    if args.stages:
        stages_report(traces, bare_wall, bare_cpu)
        print(f"load average after the stages {load()}")
    if args.before:
        print(f"conversion step, two passes (no UNO)     {spread(series['two'])}")
        print(f"conversion step, one pass (UNO)          {spread(series['one'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
