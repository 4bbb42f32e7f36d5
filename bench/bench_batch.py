"""Builds with nothing to do, and a batch on both cores against one.

    .venv/bin/python bench/bench_batch.py [--runs N]

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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "sources" / "region-ostergotland" / "hsn-arsplan-2025"
DOCGEN = [sys.executable, "-m", "docgen.cli"]

sys.path[:0] = [str(ROOT / "bench"), str(ROOT)]
from measure import alternately, run, verdict  # noqa: E402


# Run inside a docgen process: notes each worker's CPU seconds after each document and the
# first worker's after its imports, and the parent's when it starts the workers, when the
# documents are handed out, and before and after the batch.
_PROBE = r"""
import json, os, sys, time
import docgen.pipeline as P
import docgen.cli as cli
import docgen.workers as W
def note(*what):
    os.write(1, (" ".join(map(str, what[:1])) + " " + json.dumps([os.getpid(), time.process_time(), *what[1:]]) + "\n").encode())  # atomic
assemble = P._assemble_recorded
def noted(folder, *args, **kwargs):
    result = assemble(folder, *args, **kwargs)
    note("DOC", str(folder))
    return result
P._assemble_recorded = noted
warm_up = P._warm_up
def warmed(*args):
    warm_up(*args)
    note("WARM")
P._warm_up = warmed
marks = {}
def marking(name, function):
    def marked(*args, **kwargs):
        marks.setdefault(name + " start", time.process_time())
        try:
            return function(*args, **kwargs)
        finally:
            marks[name + " end"] = time.process_time()
    return marked
P.assemble_all = marking("batch", P.assemble_all)
W.Pool.__init__ = marking("fork", W.Pool.__init__)
W.Pool.run = marking("run", W.Pool.run)
cli.main(sys.argv[1:])
marks["end"] = time.process_time()
print("PARENT " + json.dumps([os.getpid(), marks]), flush=True)
"""


def cpu_path(arguments: list[str], one_core: bool, build: Path) -> dict:
    """CPU seconds of one forced batch along its critical path. On one core: the one process.
    On all cores: the parent until the first worker has its imports and the documents are
    planned (whichever is later), then the busiest worker's documents, then the parent's own
    work while the workers run (it shares their cores) and its writing after them."""
    command = [sys.executable, "-c", _PROBE, *arguments]
    if one_core:
        command = ["taskset", "-c", "0", *command]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run(command, capture_output=True, text=True, check=True, env=env).stdout.splitlines()
    pid, marks = json.loads(next(line[7:] for line in out if line.startswith("PARENT ")))
    end = marks["end"]
    workers: dict[int, float] = {}  # CPU seconds of each worker's documents
    documents: dict[str, float] = {}  # CPU seconds of each document, in the process that built it
    last: dict[int, float] = {}
    warm = 0.0
    for line in out:
        kind, _, data = line.partition(" ")
        if kind == "WARM":
            worker, warm = json.loads(data)
            last[worker] = warm
        elif kind == "DOC":
            worker, seconds, folder = json.loads(data)
            documents[folder] = seconds - last.get(worker, 0.0)
            workers[worker] = workers.get(worker, 0.0) + documents[folder]
            last[worker] = seconds
    if pid in workers:  # built in the parent itself
        return {"parent": end, "before": marks["batch start"], "workers": [], "after": 0.0, "path": end, "idle": end}
    ready = max(marks["run start"], marks["fork end"] + warm)  # documents planned, first worker warm
    alongside = marks["run end"] - marks["run start"] + (end - marks["batch end"])
    return {
        "parent": end,
        "before": marks["fork start"],
        "planned": marks["run start"],
        "warm": warm,
        "workers": sorted(workers.values()),
        "after": end - marks["batch end"],
        "path": ready + max(workers.values()) + alongside,
        "idle": ready + replayed(documents, build, len(workers)) + alongside,
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


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
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
                paths[one_core].append(cpu_path(arguments, one_core, out))
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
