"""Where a forced `docgen build` of the årsplan goes, stage by stage, and what each added goal
area costs in each stage (issue 15's per-area target).

    .venv/bin/python bench/bench_stages.py [--runs N] [--tid] [--bare]

Builds the årsplan 2025 and the plan with every goal area copied 16 times (as
bench/bench_build.py) with `docgen build --tvinga`, in a process whose stages (the functions in
STAGES) are marked as they begin and end. Each stage's own cost is counted, not what the stages
called inside it cost (those are stages of their own: 'render: jinja execution' does not hold
'render: drawing filters'); what lies between the stages (the command line, the exit) is 'other'.
The sum of all is the whole process.

Instructions (the default; valgrind's callgrind, hash seed fixed): a mark calls the C library's
getloadavg through ctypes, and callgrind dumps its count as libffi's ffi_call begins
(--dump-before; nothing else in a build goes through ctypes, which the count of dumps checks), so
each count is the instructions since the mark before; they do not move with other people's
load. One run each. With --tid: wall seconds of each stage instead (perf_counter at each mark,
from the first: Python's start is not in it), medians of N runs (default 7) alternating the two
plans. The marks cost a little: the whole is some 3 % above bench_build's count of an unmarked
build.

The caches a build keeps (charts, prepared templates, Jinja's bytecode) are warm: one unmeasured
build first, as bench_build's warm runs; `--tvinga` parses every source file again.

With --bare: the bare docxtpl script of bench_build (bench/bare_docxtpl.py: the same template,
docgen's context pickled, docxtpl's render and save) is measured the same way on both plans,
its stages (BARE_STAGES) marked by the same wrappers, and both are printed side by side: which
of docgen's stages are docxtpl's work done in both (opening the template, Jinja, the filters,
parsing the XML, the zip) and which are docgen's own (the sources to the context, the finishing
passes, the gate), against the bare script's stand-in for them (unpickling the context). A stage
holds the same calls in both (docxtpl's render_xml_part, map_tree, fix_docpr_ids lie inside
'render: opening the template' in both), except that docgen serialises the parts in its finishing
passes and the bare script in its save. The bare script runs with the collector on, as it does in
bench_build (docgen turns it off); its chart cache is filled by the docgen build first.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (module, attribute, stage). "Class.method" patches the class; a plain function is replaced in
# every docgen module that bound it by name (from ... import) as well as in its own.
STAGES = (
    ("docgen.sources.load", "load_document_sources", "sources: merging the files"),
    ("docgen.sources.load", "load_yaml_file", "sources: reading a file (cache)"),
    ("docgen.sources.load", "load_yaml_text", "sources: YAML with line marks"),
    ("docgen.sources.validate", "validate_sources", "validate"),
    ("docgen.sources.references", "resolve_references", "references"),
    ("docgen.word.typography", "build_problems", "typography of the sources"),
    ("docgen.view.compute", "compute", "compute"),
    ("docgen.view.context", "view", "view"),
    ("docgen.word.render", "render", "render: opening the template"),
    ("docgen.word.render", "_Template.patch_xml", "render: patched XML (cache)"),
    ("docgen.word.compiled", "_cached_code", "render: jinja code (bytecode cache)"),
    ("jinja2.environment", "Template.render", "render: jinja execution"),
    ("docgen.word.filters", "FILTERS", "render: drawing filters (tabell, md, ...)"),
    ("docgen.word.render", "_Template.resolve_listing", "render: resolve_listing"),
    ("docgen.word.render", "_Template.fix_tables", "render: parsing the XML (fix_tables)"),
    ("docgen.word.render", "unshown_blocks", "checks after rendering"),
    ("docgen.word.write", "finish_document", "finishing passes (see bench_passes)"),
    ("docgen.word.accessibility", "check_document", "accessibility gate"),
    ("docgen.word.write", "docx_bytes", "zip (docx_bytes)"),
    ("docgen.pipeline", "write", "writing the files and caches"),
)
# The bare script's stages: docxtpl's work under docgen's labels, so that the rows meet.
BARE_STAGES = (
    ("pickle", "load", "context: pickle.load (the bare script)"),
    ("docxtpl.template", "DocxTemplate.render", "render: opening the template"),
    ("docxtpl.template", "DocxTemplate.patch_xml", "render: patched XML (cache)"),
    ("jinja2.environment", "Environment.from_string", "render: jinja code (bytecode cache)"),
    ("jinja2.environment", "Template.render", "render: jinja execution"),
    ("docgen.word.filters", "FILTERS", "render: drawing filters (tabell, md, ...)"),
    ("docxtpl.template", "DocxTemplate.resolve_listing", "render: resolve_listing"),
    ("docxtpl.template", "DocxTemplate.fix_tables", "render: parsing the XML (fix_tables)"),
    ("docxtpl.template", "DocxTemplate.save", "zip (save: serialising + zip)"),
)
# docgen's stages that are docxtpl's work too (the rest are docgen's own)
SHARED = (
    "render: opening the template",
    "render: patched XML (cache)",
    "render: jinja code (bytecode cache)",
    "render: jinja execution",
    "render: drawing filters (tabell, md, ...)",
    "render: resolve_listing",
    "render: parsing the XML (fix_tables)",
    "zip (docx_bytes)",
    "zip (save: serialising + zip)",
)
OTHER, START, IMPORTS = "other (command line, exit)", "python start", "imports"
BARE_SCRIPT = ROOT / "bench" / "bare_docxtpl.py"
MARK = "ffi_call"  # callgrind dumps before it: each ctypes call (a mark; nothing else in a build)


def install(mark, stages=STAGES) -> None:
    """Wrap every stage so that `mark(label)` is called as it begins and `mark(None)` as it ends."""
    import importlib

    def wrapped(function, label):
        def stage(*args, **kwargs):
            mark(label)
            try:
                return function(*args, **kwargs)
            finally:
                mark(None)

        stage.__name__, stage.__doc__, stage.__wrapped__ = function.__name__, function.__doc__, function
        for attribute in ("jinja_pass_arg",):  # jinja's pass_context / pass_environment
            if hasattr(function, attribute):
                setattr(stage, attribute, getattr(function, attribute))
        return stage

    for module_name, attribute, label in stages:
        module = importlib.import_module(module_name)
        if attribute == "FILTERS":  # the filters that need the render: each drawn at render time
            for name, function in list(module.FILTERS.items()):
                if getattr(function, "jinja_pass_arg", None) is not None:
                    module.FILTERS[name] = wrapped(function, label)
            continue
        if "." in attribute:
            owner_name, method = attribute.split(".")
            owner = getattr(module, owner_name)
            setattr(owner, method, wrapped(owner.__dict__[method], label))
            continue
        original = getattr(module, attribute)
        replacement = wrapped(original, label)
        setattr(module, attribute, replacement)
        for other in list(sys.modules.values()):
            if getattr(other, "__name__", "").startswith("docgen") and getattr(other, attribute, None) is original:
                setattr(other, attribute, replacement)


def run_marked(arguments: list[str], counting: bool, report: Path, bare: bool = False) -> int:
    """`docgen build` (or, `bare`, the bare docxtpl script: `arguments` its path and arguments)
    with the stages marked (run under callgrind when `counting`); the labels in the order of the
    marks (counting) or each segment's label and seconds go to `report`."""
    import ctypes
    import gc
    import time

    if not bare:
        gc.disable()  # as docgen.cli.command, before the imports
    labels: list[str] = []
    stack = [START]
    clock = [time.perf_counter()]
    seconds: dict[str, float] = defaultdict(float)
    dump = ctypes.CDLL(None).getloadavg if counting else None  # any C function: called through ffi_call
    if dump is not None:
        dump.argtypes = [ctypes.c_void_p, ctypes.c_int]

    def mark(label: str | None) -> None:
        now = time.perf_counter()
        seconds[stack[-1]] += now - clock[0]
        labels.append(stack[-1])
        if dump is not None:
            dump(None, 0)
        if label is None:
            stack.pop()
        else:
            stack.append(label)
        clock[0] = time.perf_counter()

    mark(IMPORTS)
    if bare:
        import pickle  # noqa: F401
        import runpy

        import docxtpl.template  # noqa: F401
        import jinja2.environment  # noqa: F401

        import docgen.word.charts  # noqa: F401
        import docgen.word.environment  # noqa: F401
        import docgen.word.filters  # noqa: F401

        install(mark, BARE_STAGES)
        mark(None)
        stack[0] = OTHER
        sys.argv = list(arguments)
        runpy.run_path(arguments[0], run_name="__main__")
        return _reported(labels, seconds, stack, clock, report, 0)
    import docgen.cli

    install(mark)
    if counting:  # valgrind runs some fifty times slower than the render's CPU limit expects
        import docgen.word.limits

        docgen.word.limits.RENDER_SECONDS = 3600
    mark(None)
    stack[0] = OTHER
    sys.argv = ["docgen", *arguments]
    return _reported(labels, seconds, stack, clock, report, docgen.cli.command())


def _reported(
    labels: list[str], seconds: dict[str, float], stack: list[str], clock: list[float], report: Path, status: int
) -> int:
    """The last segment added (callgrind's dump at the exit) and the marks written to `report`."""
    import time

    labels.append(stack[-1])
    seconds[stack[-1]] += time.perf_counter() - clock[0]
    report.write_text(json.dumps({"labels": labels, "seconds": seconds}), encoding="utf-8")
    return status


def build_arguments(folder: Path, sources: Path, out: Path) -> list[str]:
    return ["--kallor", str(sources), "--ut", str(out), "build", "--tvinga", str(folder)]


def counted(arguments: list[str], work: Path, name: str, mode: str = "count") -> dict[str, int]:
    """Instructions of each stage of one marked build (mode "count") or bare script run
    ("count-bare") under callgrind."""
    report, out = work / f"{name}.json", work / f"{name}.cg"
    for old in work.glob(f"{name}.cg*"):
        old.unlink()
    done = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={out}",
            f"--dump-before={MARK}",
            sys.executable,
            __file__,
            "--marked",
            mode,
            str(report),
            *arguments,
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    if done.returncode != 0:
        raise SystemExit(f"the marked build failed under valgrind: {done.stderr[-2000:]}")
    labels = json.loads(report.read_text(encoding="utf-8"))["labels"]
    dumps = sorted(work.glob(f"{name}.cg.*"), key=lambda path: int(path.name.rsplit(".", 1)[1]))
    dumps.append(out)  # the last count, written at the exit
    counts = [int(re.search(r"^totals: (\d+)", path.read_text(), re.M).group(1)) for path in dumps]
    if len(counts) != len(labels):
        raise SystemExit(f"{len(counts)} counts for {len(labels)} marks: did the build call C through ctypes?")
    summed: dict[str, int] = defaultdict(int)
    for label, count in zip(labels, counts):
        summed[label] += count
    return summed


def timed(arguments: list[str], work: Path, name: str, mode: str = "time") -> dict[str, float]:
    """Wall seconds of each stage of one marked build (mode "time") or bare run ("time-bare")."""
    report = work / f"{name}.json"
    command = [sys.executable, __file__, "--marked", mode, str(report), *arguments]
    subprocess.run(command, check=True, capture_output=True)
    return json.loads(report.read_text(encoding="utf-8"))["seconds"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7, help="runs of each plan with --tid")
    parser.add_argument("--tid", action="store_true", help="wall seconds per stage instead of instructions")
    parser.add_argument("--bare", action="store_true", help="the bare docxtpl script's stages beside docgen's")
    options = parser.parse_args()
    if not options.tid and shutil.which("valgrind") is None:
        print("valgrind saknas: apt-get install -y valgrind (eller --tid)")
        return 2
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_build import COPIES, PLAN, multiplied_sources
    from measure import compile_docgen

    compile_docgen()
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        folder16 = multiplied_sources(work)
        documents = {"one": (PLAN, ROOT / "sources"), "x16": (folder16, work / "sources-x16")}
        plans = {
            name: ("", build_arguments(folder, root, work / f"out-{name}"))
            for name, (folder, root) in documents.items()
        }
        if options.bare:
            plans.update(bare_plans(documents, work))
        for name, (bare, arguments) in plans.items():  # fills the caches: charts, templates, bytecode
            timed(arguments, work, name, f"time{bare}")
        if options.tid:
            runs: dict[str, list[dict[str, float]]] = {name: [] for name in plans}
            for n in range(options.runs):
                for name in plans if n % 2 == 0 else reversed(plans):
                    bare, arguments = plans[name]
                    runs[name].append(timed(arguments, work, name, f"time{bare}"))
            figures = {
                name: {label: statistics.median(run.get(label, 0.0) for run in found) for label in found[0]}
                for name, found in runs.items()
            }
        else:
            figures = {
                name: counted(arguments, work, name, f"count{bare}") for name, (bare, arguments) in plans.items()
            }
    show(figures, (COPIES - 1) * 4, COPIES, options)
    if options.bare:
        show_beside(figures, (COPIES - 1) * 4, options)
    return 0


def bare_plans(documents: dict[str, tuple[Path, Path]], work: Path) -> dict[str, tuple[str, list[str]]]:
    """The bare script's command line for each plan (bench_build's), its chart cache filled by
    the plan's docgen build."""
    from bench_build import whole_process_commands

    plans = {}
    for name, (folder, root) in documents.items():
        folder_work = work / f"bare-{name}"
        folder_work.mkdir()
        commands = whole_process_commands(folder, root, folder_work)
        subprocess.run(commands["docgen"], check=True, capture_output=True)
        plans[f"bare-{name}"] = ("-bare", commands["bare"][1:])
    return plans


def show(figures: dict[str, dict[str, float]], added: int, copies: int, options) -> None:
    one, many = figures["one"], figures["x16"]
    if options.tid:
        unit, scale, per_scale, per_unit = "ms", 1e3, 1e3, "ms"
        print(f"wall time of each stage, medians of {options.runs} runs (one process; load moves these)\n")
    else:
        unit, scale, per_scale, per_unit = "M", 1e-6, 1e-6, "M"
        print("instructions of each stage (valgrind, millions; the same on a busy machine)\n")
    print(f"| stage | årsplan 2025 | goal areas x{copies} | per added goal area |")
    print("|---|---:|---:|---:|")
    order = [label for _module, _attribute, label in STAGES]
    labels = [IMPORTS, *dict.fromkeys(order), OTHER] if options.tid else [START, IMPORTS, *dict.fromkeys(order), OTHER]
    for label in labels:
        if label not in one and label not in many:
            continue
        a, b = one.get(label, 0), many.get(label, 0)
        print(
            f"| {label} | {a * scale:,.1f} {unit} | {b * scale:,.1f} {unit} | {(b - a) / added * per_scale:.2f} {per_unit} |"
        )
    a, b = sum(one.values()), sum(many.values())
    print(
        f"| whole process | {a * scale:,.1f} {unit} | {b * scale:,.1f} {unit} | {(b - a) / added * per_scale:.2f} {per_unit} |"
    )
    print(f"\n({added} goal areas added: {copies} copies of the plan's 4)")


def show_beside(figures: dict[str, dict[str, float]], added: int, options) -> None:
    """docgen's stages and the bare script's side by side, per added goal area, the stages that
    are docxtpl's work in both first, then docgen's own, then what lies outside the stages."""
    scale, unit = (1e3, "ms") if options.tid else (1e-6, "M")
    ours = {
        label: figures["x16"].get(label, 0) - figures["one"].get(label, 0)
        for label in {*figures["x16"], *figures["one"]}
    }
    theirs = {
        label: figures["bare-x16"].get(label, 0) - figures["bare-one"].get(label, 0)
        for label in {*figures["bare-x16"], *figures["bare-one"]}
    }
    order = [*dict.fromkeys(label for _module, _attribute, label in (*STAGES, *BARE_STAGES))]
    groups = (
        ("docxtpl's work, in both", [label for label in order if label in SHARED]),
        (
            "docgen's own work (the bare script: its context unpickled)",
            [label for label in order if label not in SHARED],
        ),
        ("outside the stages", [START, IMPORTS, OTHER]),
    )

    def row(label: str, a: float | None, b: float | None, bold: str = "") -> str:
        shown = [f"{bold}{x / added * scale:.2f} {unit}{bold}" if x is not None else "—" for x in (a, b)]
        difference = ((a or 0) - (b or 0)) / added * scale
        return f"| {bold}{label}{bold} | {shown[0]} | {shown[1]} | {bold}{difference:+.2f} {unit}{bold} |"

    print(
        f"\nper added goal area, docgen beside the bare docxtpl script ({unit}, {'wall' if options.tid else 'instructions'})\n"
    )
    print("| stage | docgen | bare docxtpl | docgen − bare |")
    print("|---|---:|---:|---:|")
    for title, labels in groups:
        labels = [label for label in labels if label in ours or label in theirs]
        a, b = sum(ours.get(label, 0) for label in labels), sum(theirs.get(label, 0) for label in labels)
        print(row(title, a, b, "**"))
        for label in labels:
            print(row(label, ours.get(label), theirs.get(label)))
    print(row("whole process", sum(ours.values()), sum(theirs.values())))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--marked"]:
        mode = sys.argv[2]
        sys.exit(run_marked(sys.argv[4:], mode.startswith("count"), Path(sys.argv[3]), mode.endswith("-bare")))
    sys.exit(main())
