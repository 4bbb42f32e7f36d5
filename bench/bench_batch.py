"""Builds with nothing to do, and a batch on both cores against one.

    .venv/bin/python bench/bench_batch.py [--runs N] [--instruktioner | --tidslinje]

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
memory. With --tidslinje, only where the wall time of the forced batch goes: for each process,
when it starts, when its imports are done, each document's start and end (wall, CPU and page
faults beside the same document's on one core), the parent's planning, writing and wait for the
workers to end, and its exit (N/2 runs each on one core and on all, the median one shown).
Each whole-process run starts a new Python, as `make` does. The chart cache is warm in every
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
import time
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


# Run inside a docgen process for --tidslinje: marks each event with the wall clock (shared by
# all processes), the process's CPU seconds and its page faults so far.
_TIMELINE = r"""
import json, os, resource, sys, time
def mark(name, folder=None):
    usage = resource.getrusage(resource.RUSAGE_SELF)
    line = [os.getpid(), name, time.monotonic(), time.process_time(), usage.ru_minflt, folder]
    os.write(1, ("MARK " + json.dumps(line) + "\n").encode())  # atomic
mark("up")
import gc
import docgen.cli as cli
import docgen.pipeline as P
import docgen.workers as W
mark("imported")
def around(name, function):
    def marked(*args, **kwargs):
        mark(name + " start", str(args[0]) if name == "document" else None)
        try:
            return function(*args, **kwargs)
        finally:
            mark(name + " end", str(args[0]) if name == "document" else None)
    return marked
P._assemble_recorded = around("document", P._assemble_recorded)
P._warm_up = around("imports", P._warm_up)
P.write = around("write", P.write)
W.Pool.__init__ = around("fork", W.Pool.__init__)
W.Pool.run = around("run", W.Pool.run)
W.Pool.close = around("close", W.Pool.close)
W._serve = around("serve", W._serve)
cli.main(sys.argv[1:])
gc.freeze()  # as the docgen command does (cli.command)
mark("end")
"""


def timeline(arguments: list[str], one_core: bool) -> tuple[float, dict[int, list]]:
    """One forced batch run with the timeline probe: its wall seconds (start to exit) and, for
    each process in the order they first marked, its marks as (name, folder, ms since the
    start, CPU ms, page faults)."""
    command = [sys.executable, "-c", _TIMELINE, *arguments]
    if one_core:
        command = ["taskset", "-c", "0", *command]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    start = time.monotonic()
    out = subprocess.run(command, capture_output=True, text=True, check=True, env=env).stdout
    wall = time.monotonic() - start
    marks: dict[int, list] = {}
    for line in out.splitlines():
        if line.startswith("MARK "):
            pid, name, at, cpu, faults, folder = json.loads(line[5:])
            marks.setdefault(pid, []).append((name, folder, (at - start) * 1000, cpu * 1000, faults))
    return wall, marks


def show_timeline(runs: int) -> int:
    """Where the wall time of a forced batch goes, process by process (--tidslinje)."""
    with tempfile.TemporaryDirectory() as temporary:
        out = Path(temporary) / "build"
        run([*DOCGEN, "--ut", str(out), "build"])  # draws the charts, fills the record
        arguments = ["--ut", str(out), "build", "--tvinga"]
        load = os.getloadavg()
        pairs = [(timeline(arguments, True), timeline(arguments, False)) for _ in range(runs)]
    walls = [(one[0], both[0]) for one, both in pairs]
    (one_wall, one), (wall, marks) = sorted(pairs, key=lambda pair: pair[1][0])[len(pairs) // 2]
    print(
        f"timeline of the forced batch of every document (the all-cores run with the median wall time of {runs}; "
        f"ms since the command started; load before {' '.join(f'{x:.2f}' for x in load)})"
    )
    print("  wall: " + ", ".join(f"one core {a * 1000:.0f} / all cores {b * 1000:.0f}" for a, b in walls))
    alone = {folder: end - start for folder, start, end in _documents(next(iter(one.values())), 3)}
    alone_faults = {folder: end - start for folder, start, end in _documents(next(iter(one.values())), 4)}
    for n, (pid, found) in enumerate(marks.items()):
        at = {name: (ms, cpu, faults) for name, _folder, ms, cpu, faults in found}
        if n == 0:
            print(
                f"  parent: Python up {at['up'][0]:.0f}, docgen imported {at['imported'][0]:.0f}, "
                f"forks the first worker at {at['fork start'][0]:.0f}, documents planned {at['run start'][0]:.0f}, "
                f"last document back {at['run end'][0]:.0f}, written {_last(found, 'write end'):.0f}, "
                f"workers gone {_last(found, 'close end'):.0f}, last mark {at['end'][0]:.0f}, exit {wall * 1000:.0f} "
                f"(CPU {at['end'][1]:.0f} ms, {at['end'][2]} page faults)"
            )
            continue
        first = found[0]
        imports = f", imports done {at['imports end'][0]:.0f}" if "imports end" in at else ""
        print(
            f"  worker {n}: first mark {first[2]:.0f}{imports}, then its documents: wall ms from–to, CPU ms "
            "(on one core), page faults (on one core)"
        )
        cpu = {folder: end - start for folder, start, end in _documents(found, 3)}
        faults = {folder: end - start for folder, start, end in _documents(found, 4)}
        for folder, start, end in _documents(found, 2):
            print(
                f"    {Path(folder).name:40s} {start:5.0f}–{end:5.0f}  {cpu[folder]:4.0f} ({alone.get(folder, 0):4.0f})"
                f"  {faults[folder]:5d} ({alone_faults.get(folder, 0):5d})"
            )
        last, spans = found[-1], _documents(found, 2)
        done = f"last document done {spans[-1][2]:.0f}; " if spans else ""
        print(f"    {done}worker's last mark {last[2]:.0f} (CPU {last[3]:.0f} ms, {last[4]} page faults)")
    total_one = next(iter(one.values()))[-1]
    print(f"  one core: CPU {total_one[3]:.0f} ms, {total_one[4]} page faults, wall {one_wall * 1000:.0f} ms")
    return 0


def _documents(found: list, column: int) -> list[tuple[str, float, float]]:
    """(folder, start, end) of each document in a process's marks, by wall ms (2), CPU ms (3) or
    page faults (4)."""
    starts, spans = {}, []
    for entry in found:
        if entry[0] == "document start":
            starts[entry[1]] = entry[column]
        elif entry[0] == "document end":
            spans.append((entry[1], starts[entry[1]], entry[column]))
    return spans


def _last(found: list, name: str) -> float:
    return max((ms for mark, _folder, ms, _cpu, _faults in found if mark == name), default=float("nan"))


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
    parser.add_argument(
        "--tidslinje",
        action="store_true",
        help="where the wall time of a forced batch goes, per process (documents, imports, writing, waiting)",
    )
    options = parser.parse_args()
    if options.instruktioner:
        return instructions()
    if options.tidslinje:
        return show_timeline(max(1, options.runs // 2))
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
