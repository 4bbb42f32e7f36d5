"""Builds with nothing to do, and a batch on both cores against one.

    .venv/bin/python bench/bench_batch.py [--runs N] [--instruktioner]

Measures, as medians of N whole-process runs (default 7, alternating order, spread shown;
bench/measure.py) in one run on this machine:
1. `docgen build` of the årsplan 2025 when nothing changed since the last build (target:
   under 0.15 s) and the same build forced (`--tvinga`), side by side;
2. `docgen build` of every document when nothing changed (target: under 0.3 s);
3. `docgen build --tvinga` of every document (`make all` when docgen changed: every document
   built) on all cores against the same pinned to one core with taskset (target: at most
   0.6x), with the CPU seconds each spends (what the second core costs in duplicated work);
4. the peak memory (max RSS) of that batch on one core and on all cores: the largest process
   (wait4's rusage), stated, no target;
5. where the batch's time goes, in CPU seconds (steady when others use the machine): the
   parent before the first worker starts (Python, imports), until the documents are listed
   and planned, alongside the workers and after them (writing); the first worker's imports;
   each worker's documents. The critical path through these against the one-core run is what
   the wall ratio comes to on an otherwise idle machine.
With --instruktioner, only 5., counted in instructions by callgrind (slow: a minute or more
per run), which others' load does not move; it cannot show the cores' sharing of caches and
memory. Each whole-process run starts a new Python, as `make` does. The chart cache is warm in every
case (the first, unmeasured, run draws the charts): what is measured is the build itself.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "sources" / "region-ostergotland" / "hsn-arsplan-2025"
DOCGEN = [sys.executable, "-m", "docgen.cli"]

sys.path[:0] = [str(ROOT / "bench"), str(ROOT)]
from measure import alternately, run, verdict  # noqa: E402


# Run inside a docgen process: marks the parent's CPU seconds when it starts the workers,
# when the documents are handed out, and before and after the batch; the first worker's after
# its imports; each worker's after each document. With instructions counted (callgrind), each
# mark is a sched_yield() instead, on which callgrind writes out the counts so far.
_PROBE = r"""
import gc, json, os, sys, time
import docgen.pipeline as P
import docgen.cli as cli
import docgen.workers as W
COUNTED = os.environ.get("PROBE_INSTRUCTIONS") == "1"
def mark(name, folder=None):
    seconds = None if COUNTED else time.process_time()
    os.write(1, ("MARK " + json.dumps([os.getpid(), name, seconds, folder]) + "\n").encode())  # atomic
    if COUNTED:
        os.sched_yield()
assemble = P._assemble_recorded
def noted(folder, *args, **kwargs):
    result = assemble(folder, *args, **kwargs)
    mark("document", str(folder))
    return result
P._assemble_recorded = noted
warm_up = P._warm_up
def warmed(*args):
    warm_up(*args)
    mark("warm")
P._warm_up = warmed
def marking(name, function):
    def marked(*args, **kwargs):
        mark(name + " start")
        try:
            return function(*args, **kwargs)
        finally:
            mark(name + " end")
    return marked
P.assemble_all = marking("batch", P.assemble_all)
W.Pool.__init__ = marking("fork", W.Pool.__init__)
W.Pool.run = marking("run", W.Pool.run)
cli.main(sys.argv[1:])
gc.freeze()  # as the docgen command does (cli.command)
mark("end")
"""


def probe(arguments: list[str], one_core: bool, instructions: bool = False) -> tuple[int, dict[int, list]]:
    """One forced batch run with the probe: the parent's process id and, for each process, its
    marks in order as (name, folder, CPU seconds or instructions so far)."""
    command = [sys.executable, "-c", _PROBE, *arguments]
    env = dict(os.environ, PYTHONPATH=str(ROOT), PROBE_INSTRUCTIONS="1" if instructions else "0")
    with tempfile.TemporaryDirectory() as counts:
        if instructions:
            command = [
                "valgrind",
                "--tool=callgrind",
                f"--callgrind-out-file={counts}/cg.%p",
                "--dump-before=sched_yield",
                "--dump-instr=no",
                "--dump-line=no",
                *command,
            ]
        if one_core:
            command = ["taskset", "-c", "0", *command]
        out = subprocess.run(command, capture_output=True, text=True, check=True, env=env).stdout.splitlines()
        marks: dict[int, list] = {}
        for line in out:
            if line.startswith("MARK "):
                pid, name, value, folder = json.loads(line[5:])
                marks.setdefault(pid, []).append([name, folder, value])
        if instructions:
            for pid, found in marks.items():
                parts = _counted(Path(counts), pid)
                if len(parts) != len(found) + 1:
                    raise SystemExit(f"callgrind: {len(parts)} counts for {len(found)} marks of process {pid}")
                total = 0
                for entry, part in zip(found, parts):
                    total += part
                    entry[2] = total
                found[-1][2] = sum(parts) if found[-1][0] == "end" else found[-1][2]  # the parent's exit too
    parent = next(pid for pid, found in marks.items() if found[-1][0] == "end")
    return parent, {pid: [tuple(entry) for entry in found] for pid, found in marks.items()}


def _counted(folder: Path, pid: int) -> list[int]:
    """The instructions callgrind counted in each part of a process's run, in order."""
    parts = []
    for path in folder.glob(f"cg.{pid}*"):
        text = path.read_text(errors="replace")
        number = int(next(line.split()[1] for line in text.splitlines() if line.startswith("part:")))
        count = int(next(line.split()[1] for line in text.splitlines() if line.startswith("summary:")))
        parts.append((number, count))
    return [count for _number, count in sorted(parts)]


def critical_path(arguments: list[str], one_core: bool, build: Path, instructions: bool = False) -> dict:
    """CPU seconds (or instructions) of one forced batch along its critical path. On one core:
    the one process. On all cores: the parent until the documents are planned or the first
    worker has its imports, whichever is later; then the busiest worker's documents; then the
    parent's own work while the workers run (it shares their cores) and its writing after."""
    parent, marks = probe(arguments, one_core, instructions)
    at = {name: value for name, _folder, value in marks[parent]}
    end = at["end"]
    workers: dict[int, float] = {}  # each worker's documents
    documents: dict[str, float] = {}  # each document, in the process that built it
    warm = 0.0
    for pid, found in marks.items():
        previous = 0.0
        for name, folder, value in found:
            if name == "warm":
                warm = value
            if name == "document":
                documents[folder] = value - previous
                workers[pid] = workers.get(pid, 0.0) + documents[folder]
            previous = value
    total = sum(found[-1][2] for found in marks.values())  # every process, up to its last mark
    if parent in workers:  # built in the parent itself
        return {
            "parent": end,
            "before": at["batch start"],
            "workers": [],
            "after": 0.0,
            "path": end,
            "idle": end,
            "total": total,
        }
    ready = max(at["run start"], at["fork end"] + warm)  # documents planned, first worker warm
    alongside = at["run end"] - at["run start"] + (end - at["batch end"])
    return {
        "parent": end,
        "before": at["fork start"],
        "planned": at["run start"],
        "warm": warm,
        "workers": sorted(workers.values()),
        "after": end - at["batch end"],
        "path": ready + max(workers.values()) + alongside,
        "idle": ready + replayed(documents, build, len(workers)) + alongside,
        "total": total,
    }


def replayed(documents: dict[str, float], out: Path, workers: int) -> float:
    """When the last of `workers` equally fast cores would be done, handed the documents by
    docgen's own schedule, each taking the CPU seconds it took in this run: what the workers'
    part of the batch comes to on an otherwise idle machine (on a busy one, a worker that
    others slow down takes fewer documents, so its CPU seconds say little)."""
    from docgen.pipeline import Project, batch_plan
    from docgen.workers import Schedule

    schedule = Schedule(batch_plan([Path(f) for f in documents], Project(build=out)))
    free = [0.0] * workers
    while (job := schedule.next(worker := min(range(workers), key=lambda w: (free[w], w)))) is not None:
        free[worker] += documents[str(job.folder)]
    return max(free)


def instructions() -> int:
    """The forced batch's critical path in instructions (callgrind), on one core and on all:
    the same figure as the CPU path, but exact and the same on a busy machine. It leaves out
    what instructions cannot show: the cores' sharing of caches and memory, and waiting."""
    if not shutil.which("valgrind"):
        print("valgrind saknas (apt-get install valgrind): kan inte räkna instruktioner")
        return 2
    with tempfile.TemporaryDirectory() as temporary:
        out = Path(temporary) / "build"
        run([*DOCGEN, "--ut", str(out), "build"])  # draws the charts, fills the record
        arguments = ["--ut", str(out), "build", "--tvinga"]
        one = critical_path(arguments, True, out, instructions=True)
        both = critical_path(arguments, False, out, instructions=True)
    g = 1e9
    print(
        f"- instructions on the critical path of the forced batch (callgrind): one core {one['path'] / g:.3f} G, "
        f"all cores {both['path'] / g:.3f} G = {both['path'] / one['path']:.3f}x; with the documents replayed "
        f"by docgen's own schedule {both['idle'] / g:.3f} G = {both['idle'] / one['path']:.3f}x"
    )
    print(
        f"- all cores: parent {both['parent'] / g:.3f} G (up to starting the first worker {both['before'] / g:.3f} G, "
        f"documents planned at {both['planned'] / g:.3f} G, writing {both['after'] / g:.3f} G), the first worker's "
        f"imports {both['warm'] / g:.3f} G, the workers' documents {', '.join(f'{w / g:.3f}' for w in both['workers'])} G; "
        f"all processes {both['total'] / g:.3f} G vs one core {one['total'] / g:.3f} G"
    )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--instruktioner",
        action="store_true",
        help="count instructions along the critical path instead (callgrind: one run each, slow, not moved by load)",
    )
    options = parser.parse_args()
    if options.instruktioner:
        return instructions()
    runs = options.runs
    if not shutil.which("taskset"):
        print("taskset saknas (util-linux): kan inte jämföra med en kärna")
        return 2
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as temporary:
        out = Path(temporary) / "build"
        base = [*DOCGEN, "--ut", str(out), "build"]
        run(base)  # draws the charts, fills the record
        plan = alternately(runs, {"unchanged": [*base, str(PLAN)], "forced": [*base, "--tvinga", str(PLAN)]})
        every = alternately(runs, {"unchanged": base})["unchanged"]
        forced_all = [*base, "--tvinga"]
        batch = alternately(runs, {"all cores": forced_all, "one core": ["taskset", "-c", "0", *forced_all]})
        arguments = ["--ut", str(out), "build", "--tvinga"]
        paths: dict[bool, list[dict]] = {True: [], False: []}
        for n in range(max(3, runs // 2)):
            for one_core in (True, False) if n % 2 == 0 else (False, True):
                paths[one_core].append(critical_path(arguments, one_core, out))
    unchanged, forced = plan["unchanged"], plan["forced"]
    both, one = batch["all cores"], batch["one core"]
    ratio = both.median() / one.median()
    checks = [
        (
            f"årsplan 2025, nothing changed: {unchanged.median():.3f} s [{unchanged.spread()}] "
            f"(forced build {forced.median():.3f} s [{forced.spread()}]); target < 0.15 s",
            unchanged.median() < 0.15,
        ),
        (
            f"all documents, nothing changed: {every.median():.3f} s [{every.spread()}]; target < 0.3 s",
            every.median() < 0.3,
        ),
        (
            f"all documents forced, all cores {both.median():.2f} s [{both.spread()}] vs one core "
            f"{one.median():.2f} s [{one.spread()}] = {ratio:.2f}x; target <= 0.6x",
            ratio <= 0.6,
        ),
    ]
    load_after = os.getloadavg()
    print(f"medians of {runs} runs each, alternating order; spread (min–max) in brackets")
    print(
        f"machine load (1/5/15-minute averages, {len(os.sched_getaffinity(0))} cores): before "
        f"{' '.join(f'{x:.2f}' for x in load_before)}, after {' '.join(f'{x:.2f}' for x in load_after)} "
        "(this bench itself adds about 1)\n"
    )
    for text, met in checks:
        print(f"- {verdict(met)}: {text}")
    print(
        f"- CPU seconds (user + system, all processes) of the forced batch: all cores {both.median('cpu'):.2f} s, "
        f"one core {one.median('cpu'):.2f} s (the difference is work each worker process repeats)"
    )
    print(
        f"- peak memory (max RSS of the largest process) of the forced batch: one core {one.peak():.0f} MiB, "
        f"all cores {both.peak():.0f} MiB (per process; the parent and each worker are separate processes)"
    )
    serial = statistics.median(p["path"] for p in paths[True])
    parallel = statistics.median(p["path"] for p in paths[False])
    idle = statistics.median(p["idle"] for p in paths[False])
    last = paths[False][-1]
    print(
        f"- CPU critical path of the forced batch (medians of {len(paths[True])}): one core {serial:.2f} s, all cores "
        f"{parallel:.2f} s = {parallel / serial:.2f}x (the parent until the documents are planned and the first "
        f"worker has its imports, + the busiest worker's documents, + the parent's own work alongside and after "
        f"them); last run: parent {last['parent']:.2f} s (Python, its imports and listing the documents "
        f"{last['before']:.2f} s when it starts the first worker, the documents planned at {last['planned']:.2f} s, "
        f"writing {last['after']:.2f} s), the first worker's imports {last['warm']:.2f} s, the workers' documents "
        f"{', '.join(f'{w:.2f}' for w in last['workers'])} s"
    )
    print(
        f"- idle-machine estimate: the same path with each document's CPU seconds replayed on "
        f"{len(last['workers'])} equally fast cores by docgen's own schedule: {idle:.2f} s vs one core {serial:.2f} s "
        f"= {idle / serial:.2f}x (on a busy machine a worker that others slow down takes fewer documents, so the "
        "busiest worker's CPU above overstates the path)"
    )
    ok = all(met for _text, met in checks)
    print("targets met" if ok else "TARGETS NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
