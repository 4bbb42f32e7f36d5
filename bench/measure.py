"""What the benches share: whole-process runs timed by wall clock and by CPU, in alternating order.

The machine is shared, so each figure is a median of several runs with its spread (min–max),
and the commands compared run alternately (one round A, B; the next B, A), so that a busy
moment does not fall on one side only. CPU seconds (user + system, the process and the
processes it waited for) move much less with other people's load than wall seconds do;
on a quiet machine the two agree for a one-process build.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Run:
    wall: float  # seconds
    cpu: float  # seconds, user + system, including waited-for children
    peak_mib: float  # max RSS of the process or of its largest waited-for child


@dataclass
class Runs:
    runs: list[Run] = field(default_factory=list)

    def median(self, what: str = "wall") -> float:
        return statistics.median(getattr(r, what) for r in self.runs)

    def spread(self, what: str = "wall") -> str:
        values = [getattr(r, what) for r in self.runs]
        return f"{min(values):.3f}–{max(values):.3f}"

    def peak(self) -> float:
        return max(r.peak_mib for r in self.runs)


def run(command: list[str], env: dict | None = None) -> Run:
    """Run a command to its end; its wall and CPU seconds and its peak memory (wait4's rusage)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{' '.join(command)} failed: {process.stderr.read().decode(errors='replace')}")
    process.stderr.close()
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def compile_docgen() -> None:
    """Byte-compile docgen as an installed package is (pip compiles on install): with
    PYTHONDONTWRITEBYTECODE set, an editable checkout would otherwise compile every module
    from source on every run, a cost the bare script's installed libraries never pay."""
    package = Path(__file__).resolve().parents[1] / "docgen"
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)


def alternately(rounds: int, commands: dict[str, list[str]], warm: bool = True, before=None) -> dict[str, Runs]:
    """Each command `rounds` times, alternating the order every round (after one unmeasured run
    each). `before`: per command name, a function called with the round's number (-1 for the
    unmeasured run) before each of its runs, unmeasured (an editor's edit, say)."""
    compile_docgen()
    before = before or {}
    if warm:
        for name, command in commands.items():
            if name in before:
                before[name](-1)
            run(command)
    results = {name: Runs() for name in commands}
    names = list(commands)
    for n in range(rounds):
        for name in names if n % 2 == 0 else reversed(names):
            if name in before:
                before[name](n)
            results[name].runs.append(run(commands[name]))
    return results


def verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def instructions(command: list[str]) -> int | None:
    """The instructions one run of `command` executes (valgrind's callgrind, hash seed fixed):
    the same count on a busy machine as on a quiet one, so two versions can be compared while
    others use the machine. None without valgrind. A run takes some fifty times longer."""
    if shutil.which("valgrind") is None:
        return None
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed under valgrind: {done.stderr[-2000:]}")
    found = re.search(r"Collected : (\d+)", done.stderr)
    return int(found.group(1)) if found else None
