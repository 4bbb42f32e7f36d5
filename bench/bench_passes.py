"""Instructions of each finishing pass (docgen.word.write.finish_document and the accessibility
gate), per added goal area: which pass to work on next for issue 15's per-area target.

    .venv/bin/python bench/bench_passes.py
    .venv/bin/python bench/bench_passes.py --inom widths._measure,tablefacts._walked

Renders the årsplan 2025 and the plan with every goal area copied 16 times (as
bench/bench_build.py), stores each rendered, unfinished document, then finishes each under
valgrind's callgrind with the collector on only inside the passes: each pass is called through a
ctypes callback, so it runs inside libffi's `ffi_call`, and callgrind collects only there
(--toggle-collect) and writes one count per call (--dump-after). The instructions do not move
with other people's load. The collector is off, as in `docgen build` (cli.command). A rendered
document read back from its .docx is finished here, not the one in memory: the same elements,
so the same passes' work.

`--inom` names functions of docgen.word's modules (module.function, comma-separated) to count
instead of the passes: where inside a pass its instructions go. None of them may call another
(callgrind's collector toggles at each call of ffi_call: an inner call would turn it off).
"""

from __future__ import annotations

import ctypes
import gc
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

PASSES = (  # the names finish_document calls, in docgen.word.write's namespace (counted where it calls them)
    "_fill_empty_cells",
    "drop_empty_columns",
    "single_table_properties",
    "title_untitled_tables",
    "landscape",
    "_separate_adjacent_tables",
    "_space_after_tables",
    "turned_headers",
    "fit_columns",
    "paginate",
    "texts_holding",  # the one walk for the markers and the addresses (markers.mark gets its texts)
    "_insert_toc",
    "apply_contract",
    "_set_language",
    "ensure_named_styles",
    "hyphenate",
    "unhyphenated_headings",
    "unhyphenated_addresses",
)


def save_rendered(folder: Path, sources: Path, out: Path, saved: Path) -> None:
    """Build the document once (caches filled) and keep its rendered, unfinished .docx."""
    from docgen import pipeline
    from docgen.word import write

    finish = write.finish_document

    def keeping(rendered, inspect=None):
        rendered.docx.save(str(saved))
        return finish(rendered, inspect)

    write.finish_document = keeping
    try:
        pipeline.assemble(folder, pipeline.Project(sources=sources, build=out))
    finally:
        write.finish_document = finish


def finish_counted(saved: Path, labels: Path, within: list[str]) -> None:
    """Finish the stored document with each pass (or else each function named in `within`)
    called through a ctypes callback (run under callgrind by `counted`); their names, in the
    order called, go to `labels`."""
    import importlib

    from docx.opc.pkgwriter import PackageWriter
    from docxtpl import DocxTemplate

    from docgen.word import accessibility, markers, write

    called: list[str] = []
    callback = ctypes.CFUNCTYPE(None)

    def wrap(owner, name: str, label: str) -> None:
        original = getattr(owner, name)

        def wrapper(*args, **kwargs):
            result = []

            def call():
                try:
                    result.append((True, original(*args, **kwargs)))
                except BaseException as exc:  # raised again outside the callback
                    result.append((False, exc))

            called.append(label)
            callback(call)()
            ok, value = result[0]
            if not ok:
                raise value
            return value

        setattr(owner, name, wrapper)

    for name in within:
        module, function = name.rsplit(".", 1)
        wrap(importlib.import_module(f"docgen.word.{module}"), function, name)
    holder = type("Holder", (), {"serialise": staticmethod(PackageWriter._write_parts), "zip": write.docx_bytes})
    if not within:
        for name in PASSES:
            wrap(write, name, name)
        wrap(markers, "mark", "markers.mark")
        wrap(accessibility, "check_document", "accessibility gate")
        wrap(holder, "serialise", "serialising the parts")
        PackageWriter._write_parts = staticmethod(lambda *args: holder.serialise(*args))
        wrap(holder, "zip", "zipping (docx_bytes)")
    template = DocxTemplate(str(saved))
    template.init_docx()
    gc.disable()  # as `docgen build` runs
    parts = write.finish_document(
        template,
        inspect=lambda parts, root, styles: accessibility.check_document(parts, "bench.docx", root, styles),
    )
    holder.zip(parts)
    labels.write_text(json.dumps(called), encoding="utf-8")


def counted(saved: Path, work: Path, name: str, within: list[str]) -> dict[str, int]:
    """Instructions of each pass finishing the stored document (summed over its calls)."""
    labels = work / f"{name}.json"
    out = work / f"{name}.cg"
    done = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={out}",
            "--collect-atstart=no",
            "--toggle-collect=ffi_call",
            "--dump-after=ffi_call",
            sys.executable,
            __file__,
            "--finish",
            str(saved),
            str(labels),
            ",".join(within),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    if done.returncode != 0:
        raise SystemExit(f"finishing under valgrind failed: {done.stderr[-2000:]}")
    names = json.loads(labels.read_text(encoding="utf-8"))
    dumps = sorted(work.glob(f"{name}.cg.*"), key=lambda path: int(path.name.rsplit(".", 1)[1]))
    counts = [int(re.search(r"^totals: (\d+)", path.read_text(), re.M).group(1)) for path in dumps]
    if len(counts) != len(names):
        raise SystemExit(f"{len(counts)} counts for {len(names)} calls: was a pass called inside another?")
    summed: dict[str, int] = defaultdict(int)
    for label, count in zip(names, counts):
        summed[label] += count
    return summed


def main(within: list[str]) -> int:
    if shutil.which("valgrind") is None:
        print("valgrind saknas: apt-get install -y valgrind")
        return 2
    from bench_build import COPIES, PLAN, multiplied_sources

    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        folder16 = multiplied_sources(work)
        documents = {"one": (PLAN, ROOT / "sources"), "x16": (folder16, work / "sources-x16")}
        counts = {}
        for name, (folder, sources) in documents.items():
            saved = work / f"{name}.docx"
            save_rendered(folder, sources, work / f"out-{name}", saved)
            counts[name] = counted(saved, work, name, within)
    added = (COPIES - 1) * 4
    print("instructions of the finishing passes (valgrind, millions), per added goal area:\n")
    print(f"| pass | årsplan 2025 | goal areas x{COPIES} | per added goal area |")
    print("|---|---:|---:|---:|")
    one, many = counts["one"], counts["x16"]
    for label in sorted(many, key=lambda label: -(many[label] - one.get(label, 0))):
        per = (many[label] - one.get(label, 0)) / added
        print(f"| {label} | {one.get(label, 0) / 1e6:.1f} | {many[label] / 1e6:.1f} | {per / 1e6:.2f} |")
    total_one, total_many = sum(one.values()), sum(many.values())
    print(f"| all | {total_one / 1e6:.1f} | {total_many / 1e6:.1f} | {(total_many - total_one) / added / 1e6:.2f} |")
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--finish"]:
        finish_counted(Path(sys.argv[2]), Path(sys.argv[3]), [name for name in sys.argv[4].split(",") if name])
        sys.exit(0)
    within = sys.argv[sys.argv.index("--inom") + 1].split(",") if "--inom" in sys.argv else []
    sys.exit(main(within))
