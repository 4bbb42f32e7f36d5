"""External programs (LibreOffice, pdfinfo, anything later), run so that none outlives docgen.

Each runs in its own process group (a new session) with a timeout, and the whole group is
killed (SIGKILL) on timeout, when it is done (helpers it left behind), on Ctrl-C or SIGTERM
(docgen turns SIGTERM into KeyboardInterrupt), and when docgen itself is killed (the kernel
sends the direct child SIGKILL: PR_SET_PDEATHSIG). What a killed docgen could not clean up is
cleaned at the next start: `work_folder` marks each temporary folder with docgen's pid, and
`clean_leftovers` removes the folders of dead runs and kills the processes still using them.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from docgen.errors import DocgenError, Problem

OWNER_FILE = "docgen.pid"


class ProgramTimeout(Exception):
    def __init__(self, seconds: float):
        super().__init__(seconds)
        self.seconds = seconds


def _die_with_parent() -> None:  # runs in the child between fork and exec
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def run(
    command: list[str], timeout: float, env: dict | None = None, name: str | None = None, cwd=None, text: bool = True
) -> subprocess.CompletedProcess:
    """Run `command` to its end within `timeout` seconds (ProgramTimeout otherwise); its
    process group is killed whatever happens. stdout and stderr are captured as text."""
    process = _start(command, name, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=text, env=env, cwd=cwd)
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise ProgramTimeout(timeout) from None
    except BaseException:
        _kill_group(process)
        raise
    _kill_group(process)  # helpers it started and left running
    return subprocess.CompletedProcess(command, process.returncode, out, err)


def _start(command: list[str], name: str | None, **streams) -> subprocess.Popen:
    """Start a program in a process group of its own that dies with docgen; a program that
    cannot be started is said in Swedish."""
    try:
        return subprocess.Popen(command, start_new_session=True, preexec_fn=_die_with_parent, **streams)
    except OSError as exc:
        raise DocgenError(
            Problem(
                None,
                None,
                f"programmet {name or Path(command[0]).name} kunde inte startas ({exc.strerror}).",
                "Kontrollera att det är installerat.",
            )
        ) from None


def start(command: list[str], log: Path, env: dict | None = None, name: str | None = None) -> subprocess.Popen:
    """Start a program that runs beside docgen (LibreOffice) in a process group of its own,
    its output appended to `log`; end it with `stop`."""
    with open(log, "ab") as output:
        return _start(command, name, stdin=subprocess.DEVNULL, stdout=output, stderr=output, env=env)


def stop(process: subprocess.Popen, wait: float = 0) -> None:
    """End a program `start` started: after `wait` seconds for it to end by itself, its group is
    killed."""
    try:
        process.wait(timeout=wait)
    except subprocess.TimeoutExpired:
        pass
    _kill_group(process)


class Session:
    """A program that runs beside docgen (LibreOffice's UNO helper) in its own process group:
    lines go to its stdin, lines come from its stdout within a deadline (ProgramTimeout
    otherwise), its stderr goes to a file; the whole group is killed when the session is closed
    (or docgen dies: PR_SET_PDEATHSIG, clean_leftovers)."""

    def __init__(self, command: list[str], stderr: Path, env: dict | None = None, name: str | None = None):
        with open(stderr, "ab") as log:
            self.process = _start(command, name, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, env=env)
        self._pending = b""

    def send(self, line: str) -> bool:
        """Write one line to the program; False when it no longer reads."""
        try:
            self.process.stdin.write(line.encode("utf-8") + b"\n")
            self.process.stdin.flush()
            return True
        except (BrokenPipeError, ValueError, OSError):
            return False

    def end_input(self) -> None:
        try:
            self.process.stdin.close()
        except (BrokenPipeError, OSError):
            pass

    def read_line(self, deadline: float) -> str | None:
        """The program's next line of output, waiting until `deadline` (time.monotonic());
        None when it has closed its output (ended)."""
        import select
        import time

        stream = self.process.stdout.fileno()
        while b"\n" not in self._pending:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([stream], [], [], remaining)[0]:
                raise ProgramTimeout(remaining)
            chunk = os.read(stream, 65536)
            if not chunk:
                line, self._pending = self._pending, b""
                return line.decode("utf-8", "replace") or None
            self._pending += chunk
        line, self._pending = self._pending.split(b"\n", 1)
        return line.decode("utf-8", "replace")

    def close(self, wait: float = 0) -> None:
        """End the program: after `wait` seconds for it to end by itself, its group is killed."""
        try:
            self.process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        process.communicate(timeout=5)  # reap it; the pipes close with the group
    except (subprocess.TimeoutExpired, ValueError, OSError):
        pass


def work_folder(prefix: str) -> tempfile.TemporaryDirectory:
    """A temporary folder marked with this process's pid (see clean_leftovers)."""
    clean_leftovers(prefix)
    folder = tempfile.TemporaryDirectory(prefix=prefix)
    (Path(folder.name) / OWNER_FILE).write_text(str(os.getpid()), encoding="ascii")
    return folder


def clean_leftovers(prefix: str) -> None:
    """Remove the temporary folders of earlier runs that were killed, and end the programs
    still using them (only processes whose command line names such a folder)."""
    root = Path(tempfile.gettempdir())
    for folder in root.glob(f"{prefix}*"):
        try:
            owner = int((folder / OWNER_FILE).read_text(encoding="ascii"))
        except (OSError, ValueError):
            continue  # not marked (yet): not ours to judge
        if alive(owner):
            continue
        _kill_users(folder)
        shutil.rmtree(folder, ignore_errors=True)


def alive(pid: int) -> bool:
    """Whether a process with this id is running (ours or another user's)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _kill_users(folder: Path) -> None:
    marker = str(folder).encode()
    for entry in Path("/proc").glob("[0-9]*"):
        if entry.name == str(os.getpid()):
            continue
        try:
            if marker in (entry / "cmdline").read_bytes():
                os.kill(int(entry.name), signal.SIGKILL)
        except (OSError, ValueError):
            continue
