"""Build time of docgen against a bare docxtpl render, and its growth with content.

    .venv/bin/python bench/bench_build.py [--runs N]

Measures, as medians of N runs (default 9) on this machine:
1. whole process: `docgen build` of the årsplan 2025 vs bench/bare_docxtpl.py rendering the
   same template with the same (pickled) context, run alternately;
2. the rendering step alone, in one process: docgen.word.render.render vs DocxTemplate.render;
3. linear cost: the plan with every goal area copied 16 times; cost per added goal area for
   docgen and for the bare render.
Targets (issue 15, "Faster than a hand-written docxtpl script"): docgen at most 1.0x the bare
script; each added goal area costs no more than it costs the bare script (`--tvinga`: every run
really builds; bench/bench_batch.py measures the builds that have nothing to do); no optional heavy
module (matplotlib, pandoc, LibreOffice) loaded
when every chart is already drawn (charts are cached by content in build/.cache; both sides
read the same cache, which the first, unmeasured, run fills).
"""

from __future__ import annotations

import argparse
import copy
import pickle
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docgen.pipeline import Project, prepare  # noqa: E402
from docgen.word.charts import ChartCache  # noqa: E402
from docgen.word.environment import RenderState, make_environment  # noqa: E402
from docgen.word.render import render  # noqa: E402

PLAN = ROOT / "sources" / "region-ostergotland" / "hsn-arsplan-2025"
PYTHON = sys.executable
COPIES = 16


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def whole_process(folder: Path, sources_root: Path, work: Path, runs: int) -> tuple[float, float]:
    """Median seconds of `docgen build` and of the bare script for one document folder."""
    prepared = prepare(folder, Project(sources=sources_root, build=work / "out"))
    context_file = work / f"{folder.name}.pickle"
    context_file.write_bytes(pickle.dumps((prepared.context, prepared.computed)))
    docgen = [
        PYTHON,
        "-m",
        "docgen.cli",
        "--kallor",
        str(sources_root),
        "--ut",
        str(work / "out"),
        "build",
        "--tvinga",
        str(folder),
    ]
    bare = [
        PYTHON,
        str(ROOT / "bench" / "bare_docxtpl.py"),
        str(prepared.template),
        str(context_file),
        str(work / "bare.docx"),
        str(work / "out" / ".cache" / "diagram"),
    ]
    ours, theirs = [], []
    timed(docgen), timed(bare)  # warm the file cache
    for _ in range(runs):
        ours.append(timed(docgen))
        theirs.append(timed(bare))
    return statistics.median(ours), statistics.median(theirs)


def render_step(folder: Path, sources_root: Path, work: Path, runs: int) -> tuple[float, float]:
    from docxtpl import DocxTemplate

    prepared = prepare(folder, Project(sources=sources_root, build=work / "out"))
    ours, theirs = [], []
    for _ in range(runs):
        start = time.perf_counter()
        render(
            prepared.template,
            prepared.context,
            RenderState(prepared.computed, chart_cache=ChartCache(work / "out" / ".cache" / "diagram")),
        )
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        tpl = DocxTemplate(str(prepared.template))
        state = RenderState(
            prepared.computed, chart_cache=ChartCache(work / "out" / ".cache" / "diagram"), template=tpl
        )
        tpl.render(prepared.context, jinja_env=make_environment(state), autoescape=True)
        theirs.append(time.perf_counter() - start)
    return statistics.median(ours), statistics.median(theirs)


def multiplied_sources(work: Path) -> Path:
    """A copy of the sources whose goal areas (with their uppdrag, styrtal, annan
    uppföljning) are repeated COPIES times, ids made unique."""
    root = work / "sources-x16"
    shutil.copytree(ROOT / "sources", root)  # the plan refers to other documents
    folder = root / "region-ostergotland" / PLAN.name
    path = folder / "malomraden.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    areas = []
    for n in range(COPIES):
        for area in data["målområden"]:
            clone = copy.deepcopy(area)
            if n:
                clone["id"] = f"{area['id']}-{n}"
                for key in ("uppdrag", "styrtal", "annan_uppföljning"):
                    for item in clone.get(key, []):
                        item["id"] = f"{item['id']}-{n}"
            areas.append(clone)
    path.write_text(yaml.safe_dump({"målområden": areas}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def heavy_modules_loaded() -> list[str]:
    probe = (
        "import sys; sys.argv=['docgen','--ut','/tmp/docgen-bench-probe','build','%s'];"
        "import docgen.cli as c; c.main(sys.argv[1:]);"
        "print('HEAVY:' + ','.join(m for m in ('matplotlib','pypandoc','subprocess_soffice') if m in sys.modules))"
        % PLAN
    )
    subprocess.run([PYTHON, "-c", probe], capture_output=True, text=True, check=True)  # draws the charts once
    out = subprocess.run([PYTHON, "-c", probe], capture_output=True, text=True, check=True).stdout
    line = next(line for line in out.splitlines() if line.startswith("HEAVY:"))
    return [m for m in line[len("HEAVY:") :].split(",") if m]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        sources_root = ROOT / "sources"
        ours, bare = whole_process(PLAN, sources_root, work, runs)
        step_ours, step_bare = render_step(PLAN, sources_root, work, runs)
        folder16 = multiplied_sources(work)
        ours16, bare16 = whole_process(folder16, work / "sources-x16", work, max(3, runs // 3))
        added = (COPIES - 1) * 4
        print(f"medians of {runs} runs ({COPIES}x content: {max(3, runs // 3)} runs)\n")
        print("| measure | docgen | bare docxtpl | ratio |")
        print("|---|---:|---:|---:|")
        print(f"| whole process, årsplan 2025 | {ours:.3f} s | {bare:.3f} s | {ours / bare:.2f} |")
        print(
            f"| rendering step alone (in process) | {step_ours:.3f} s | {step_bare:.3f} s | {step_ours / step_bare:.2f} |"
        )
        print(f"| whole process, goal areas x{COPIES} | {ours16:.3f} s | {bare16:.3f} s | {ours16 / bare16:.2f} |")
        print(
            f"| cost per added goal area ({added} added) | {(ours16 - ours) / added * 1000:.1f} ms | "
            f"{(bare16 - bare) / added * 1000:.1f} ms | |"
        )
        heavy = heavy_modules_loaded()
        print(f"\nheavy optional modules loaded by the build: {', '.join(heavy) if heavy else 'none'}")
        checks = [
            (f"whole process at most 1.0x bare docxtpl: {ours / bare:.2f}x", ours / bare <= 1.0),
            (
                f"per added goal area no more than bare docxtpl: {(ours16 - ours) / added * 1000:.1f} ms vs "
                f"{(bare16 - bare) / added * 1000:.1f} ms",
                ours16 - ours <= bare16 - bare,
            ),
            ("no heavy optional module loaded", not heavy),
        ]
        for text, met in checks:
            print(f"- {'met' if met else 'MISSED'}: {text}")
        ok = all(met for _text, met in checks)
        print("targets met" if ok else "TARGETS NOT MET")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
