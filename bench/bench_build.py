"""Build time of docgen against a bare docxtpl render, and its growth with content.

    .venv/bin/python bench/bench_build.py [--runs N] [--instruktioner]

Measures, as medians of N runs (default 7, alternating order, spread shown; wall and CPU
seconds: bench/measure.py) on this machine:
1. whole process: `docgen build` of the årsplan 2025 vs bench/bare_docxtpl.py rendering the
   same template with the same (pickled) context, run alternately; docgen both forced
   (`--tvinga`: every source file parsed again) and after an editor's edit of one source file
   (the folder's files in turn; the others read as before, from build/.cache/kallor);
2. the rendering step alone, in one process: docgen.word.render.render vs DocxTemplate.render;
3. linear cost: the plan with every goal area copied 16 times; cost per added goal area for
   docgen and for the bare render.
Targets (issue 15, "Faster than a hand-written docxtpl script"): docgen at most 1.0x the bare
script; each added goal area costs no more than it costs the bare script (`--tvinga`: every run
really builds; bench/bench_batch.py measures the builds that have nothing to do); no optional heavy
module (matplotlib, pandoc, LibreOffice) loaded
when every chart is already drawn (charts are cached by content in build/.cache; both sides
read the same cache, which the first, unmeasured, run fills).
With --instruktioner, also the instructions of one run of each side under valgrind: a count
that does not move with other people's load, for comparing two versions on a shared machine
(the targets still mean the wall-clock medians on a quiet one).
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

sys.path.insert(0, str(ROOT / "bench"))
from measure import Runs, alternately, instructions, verdict  # noqa: E402

PLAN = ROOT / "sources" / "region-ostergotland" / "hsn-arsplan-2025"
PYTHON = sys.executable
COPIES = 16


def whole_process(folder: Path, sources_root: Path, work: Path, runs: int) -> tuple[Runs, Runs, Runs]:
    """Runs of `docgen build` and of the bare script for one document folder, alternately:
    docgen forced (`--tvinga`: every source file parsed again), and docgen after an editor's
    edit of one source file (a comment added or removed, the folder's files in turn; the others
    read as before from build/.cache/kallor), on a copy of the sources."""
    commands = whole_process_commands(folder, sources_root, work)
    edited_root = work / f"edited-{sources_root.name}"
    shutil.copytree(sources_root, edited_root)
    edited = edited_root / folder.relative_to(sources_root)
    commands["edited"] = docgen_command(edited, edited_root, work / "out-edited", forced=False)
    files = sorted(edited.glob("*.yaml"))
    measured = alternately(runs, commands, before={"edited": lambda n: edit_one(files[n % len(files)])})
    return measured["docgen"], measured["bare"], measured["edited"]


def edit_one(path: Path) -> None:
    """An edit that changes the file's text but not the document: a comment line added or removed."""
    text = path.read_text(encoding="utf-8")
    mark = "# ändrad av bench_build\n"
    path.write_text(text[: -len(mark)] if text.endswith(mark) else text + mark, encoding="utf-8")


def docgen_command(folder: Path, sources_root: Path, out: Path, forced: bool = True) -> list[str]:
    """`docgen build` of one document folder (`--tvinga` when `forced`)."""
    forcing = ["--tvinga"] if forced else []
    return [PYTHON, "-m", "docgen.cli", "--kallor", str(sources_root), "--ut", str(out), "build", *forcing, str(folder)]


def whole_process_commands(folder: Path, sources_root: Path, work: Path) -> dict[str, list[str]]:
    """The forced `docgen build` and the bare script command lines for one document folder."""
    prepared = prepare(folder, Project(sources=sources_root, build=work / "out"))
    context_file = work / f"{folder.name}.pickle"
    context_file.write_bytes(pickle.dumps((prepared.context, prepared.computed)))
    bare = [
        PYTHON,
        str(ROOT / "bench" / "bare_docxtpl.py"),
        str(prepared.template),
        str(context_file),
        str(work / "bare.docx"),
        str(work / "out" / ".cache" / "diagram"),
    ]
    return {"docgen": docgen_command(folder, sources_root, work / "out"), "bare": bare}


def render_step(folder: Path, sources_root: Path, work: Path, runs: int) -> tuple[float, float]:
    prepared = prepare(folder, Project(sources=sources_root, build=work / "out"))
    ours, theirs = [], []
    for n in range(runs):
        if n % 2:  # alternate which side runs first
            theirs.append(_bare_render(prepared, work))
        start = time.perf_counter()
        render(
            prepared.template,
            prepared.context,
            RenderState(prepared.computed, chart_cache=ChartCache(work / "out" / ".cache" / "diagram")),
        )
        ours.append(time.perf_counter() - start)
        if n % 2 == 0:
            theirs.append(_bare_render(prepared, work))
    return statistics.median(ours), statistics.median(theirs)


def _bare_render(prepared, work: Path) -> float:
    from docxtpl import DocxTemplate

    start = time.perf_counter()
    tpl = DocxTemplate(str(prepared.template))
    state = RenderState(prepared.computed, chart_cache=ChartCache(work / "out" / ".cache" / "diagram"), template=tpl)
    tpl.render(prepared.context, jinja_env=make_environment(state), autoescape=True)
    return time.perf_counter() - start


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


def counted_instructions(folder16: Path, work: Path) -> dict[str, int] | None:
    """Instructions of one warm run each: docgen forced, docgen after an edit of the file with
    the goal areas (the largest: the dearest edit), and bare; on the plan and on the x16 plan.
    Run after whole_process, whose copies and caches the edited runs use."""
    counts = {}
    for label, folder, root in (("", PLAN, ROOT / "sources"), ("16", folder16, work / "sources-x16")):
        commands = whole_process_commands(folder, root, work)
        edited_root = work / f"edited-{root.name}"
        edited = edited_root / folder.relative_to(root)
        commands["edited"] = docgen_command(edited, edited_root, work / "out-edited", forced=False)
        for side, command in commands.items():
            if side == "edited":
                edit_one(edited / "malomraden.yaml")
            count = instructions(command)
            if count is None:
                return None
            counts[side + label] = count
    return counts


def print_instructions(counts: dict[str, int], added: int) -> None:
    print("\ninstructions (valgrind, one warm run each; the same on a busy machine):\n")
    print("| measure | docgen | bare docxtpl | ratio |")
    print("|---|---:|---:|---:|")
    for side, how in (("docgen", "forced"), ("edited", "after an edit of malomraden.yaml")):
        for label, suffix in (("årsplan 2025", ""), (f"goal areas x{COPIES}", "16")):
            ours, bare = counts[side + suffix], counts["bare" + suffix]
            print(f"| {label}, {how} | {ours / 1e6:,.0f} M | {bare / 1e6:,.0f} M | {ours / bare:.2f} |")
        per_ours = (counts[side + "16"] - counts[side]) / added / 1e6
        per_bare = (counts["bare16"] - counts["bare"]) / added / 1e6
        print(f"| per added goal area, {how} | {per_ours:.1f} M | {per_bare:.1f} M | {per_ours / per_bare:.2f} |")


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
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--instruktioner",
        action="store_true",
        help="also count the instructions of one run each under valgrind (the same on a busy machine)",
    )
    options = parser.parse_args()
    runs = options.runs
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        sources_root = ROOT / "sources"
        ours, bare, edited = whole_process(PLAN, sources_root, work, runs)
        step_ours, step_bare = render_step(PLAN, sources_root, work, runs)
        folder16 = multiplied_sources(work)
        ours16, bare16, edited16 = whole_process(folder16, work / "sources-x16", work, runs)
        heavy = heavy_modules_loaded()
        counted = counted_instructions(folder16, work) if options.instruktioner else None
    added = (COPIES - 1) * 4
    print(f"medians of {runs} runs each, alternating order; spread (min–max) in brackets")
    print("wall: seconds on the clock (what the targets mean, on a quiet machine);")
    print("cpu: user + system seconds (moves much less when others use the machine);")
    print("forced: `--tvinga`, every source file parsed again; after an edit: one source file")
    print("changed (the folder's files in turn), the others read as before (build/.cache/kallor)\n")
    print("| measure | docgen | bare docxtpl | ratio | target | |")
    print("|---|---:|---:|---:|---|---|")
    checks = []
    for how, one, sixteen in (("forced", ours, ours16), ("after an edit", edited, edited16)):
        for what in ("wall", "cpu"):
            ratio = one.median(what) / bare.median(what)
            print(
                f"| årsplan 2025, {how}, whole process ({what}) | {one.median(what):.3f} s [{one.spread(what)}] | "
                f"{bare.median(what):.3f} s [{bare.spread(what)}] | {ratio:.2f} | ≤ 1.00 | {verdict(ratio <= 1.0)} |"
            )
            checks.append((f"årsplan, {how} ({what}), at most 1.0x bare docxtpl: {ratio:.2f}x", ratio <= 1.0))
        for what in ("wall", "cpu"):
            ratio = sixteen.median(what) / bare16.median(what)
            print(
                f"| goal areas x{COPIES}, {how}, whole process ({what}) | {sixteen.median(what):.3f} s "
                f"[{sixteen.spread(what)}] | {bare16.median(what):.3f} s [{bare16.spread(what)}] | {ratio:.2f} | | |"
            )
        for what in ("wall", "cpu"):
            per_ours = (sixteen.median(what) - one.median(what)) / added * 1000
            per_bare = (bare16.median(what) - bare.median(what)) / added * 1000
            met = per_ours <= per_bare
            print(
                f"| per added goal area, {how} ({added} added, {what}) | {per_ours:.1f} ms | {per_bare:.1f} ms | "
                f"{per_ours / per_bare:.2f} | ≤ 1.00 | {verdict(met)} |"
            )
            checks.append(
                (
                    f"per added goal area, {how} ({what}), no dearer than bare docxtpl: "
                    f"{per_ours:.1f} vs {per_bare:.1f} ms",
                    met,
                )
            )
    print(
        f"| rendering step alone (in process, wall) | {step_ours:.3f} s | {step_bare:.3f} s | "
        f"{step_ours / step_bare:.2f} | | |"
    )
    print(
        f"| peak memory (max RSS), årsplan / x{COPIES} | {ours.peak():.0f} / {ours16.peak():.0f} MiB | "
        f"{bare.peak():.0f} / {bare16.peak():.0f} MiB | | | |"
    )
    if counted:
        print_instructions(counted, added)
    print(f"\nheavy optional modules loaded by the build: {', '.join(heavy) if heavy else 'none'}")
    checks.append(("no heavy optional module loaded", not heavy))
    for text, met in checks:
        print(f"- {verdict(met)}: {text}")
    ok = all(met for _text, met in checks)
    print("targets met" if ok else "TARGETS NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
