"""A batch on all cores: which worker process assembles which document, and when.

Each worker is a copy of docgen forked after everything every document needs is imported
(pipeline._warm_up), so that no worker imports it again. Documents are handed out one at a
time, as workers become free (a worker slowed by other programs on the machine simply takes
fewer), the largest first so that the cores finish together. What a worker prepares once and
then reuses for later documents (a template's compiled code, openpyxl for workbooks) ties the
documents that need it to that worker: another worker takes one of them only when it has
nothing else left to do, instead of preparing the same thing a second time.

The sizes come from the sources alone (bytes of YAML and workbooks, the document's own and
those of the documents it refers to), so the same sources always give the same schedule. The
sources are read as text, not parsed (this is done before the workers start, while the other
cores wait): a wrong guess costs time, never a different byte.
"""

from __future__ import annotations

import contextlib
import gc
import os
import re
import signal
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path

# Estimated cost in bytes of YAML: a document's fixed part (template, zip, checks), and the
# weight of a document it refers to (loaded and validated, never rendered).
BASE_COST = 30_000
REFERRED_WEIGHT = 0.3
WORKBOOK_WEIGHT = 4  # a workbook's bytes (compressed XML, read cell by cell)
CHART_COST = 80_000  # a chart drawn (when the chart cache is empty): about 0.08 s
MATPLOTLIB_COST = 600_000  # matplotlib's import, once per worker that draws: about 0.6 s


@dataclass
class Job:
    folder: Path
    cost: float
    shared: frozenset[str]  # what a worker prepares once for it and keeps (template, openpyxl)


def plan(
    folders: list[Path], documents: list[Path], sources: Path, template_key: str, chart_key: str | None = None
) -> list[Job]:
    """Each folder's job, largest first (ties in the order given). `documents` are all the
    document folders under `sources`; `template_key` is the key that names a document's
    template ("mall"); `chart_key` the key that places a chart ("diagram"), given when the
    charts are to be drawn (an empty chart cache): a document with charts then takes longest."""
    named = {_relative(f, sources): f for f in documents}
    naming = re.compile(rf"^[ \t]+{re.escape(template_key)}:[ \t]*[\"']?([^\"'#\n]*?)[\"']?[ \t]*(?:#.*)?$", re.M)
    read: dict[Path, dict[Path, str]] = {}

    def texts_of(folder: Path) -> dict[Path, str]:
        if folder not in read:
            read[folder] = _texts(folder)
        return read[folder]

    placing = re.compile(rf"^[ \t-]*{re.escape(chart_key)}:[ \t]*[^\s#]", re.M) if chart_key else None
    jobs = []
    for folder in folders:
        texts = texts_of(folder)
        referred = _referred(folder, texts, named, texts_of)
        xlsx = [p for f in (folder, *referred) for p in _files(f, "*.xlsx")]
        cost = BASE_COST + sum(len(t) for t in texts.values())
        cost += REFERRED_WEIGHT * sum(len(t) for f in referred for t in texts_of(f).values())
        cost += WORKBOOK_WEIGHT * sum(_size(p) for p in xlsx)
        shared = {"openpyxl"} if xlsx else set()
        charts = sum(len(placing.findall(t)) for t in texts.values()) if placing else 0
        if charts:
            cost += MATPLOTLIB_COST + CHART_COST * charts
            shared.add("matplotlib")
        shared.update(f"mall:{m}" for t in texts.values() for m in naming.findall(t))
        jobs.append(Job(folder, cost, frozenset(shared)))
    _tie_families(jobs)
    order = {job.folder: n for n, job in enumerate(jobs)}
    return sorted(jobs, key=lambda job: (-job.cost, order[job.folder]))


def _tie_families(jobs: list[Job]) -> None:
    """Jobs that share anything, directly or through another job, share one key: the worker
    that starts on one of them is the one that takes the rest."""
    family: dict[str, str] = {}

    def root(key: str) -> str:
        while family.setdefault(key, key) != key:
            key = family[key]
        return key

    for job in jobs:
        keys = sorted(job.shared)
        for key in keys[1:]:
            family[root(key)] = root(keys[0])
    for job in jobs:
        job.shared = frozenset({root(key) for key in job.shared})


def _relative(folder: Path, sources: Path) -> str:
    try:
        return folder.resolve().relative_to(sources.resolve()).as_posix()
    except ValueError:
        return str(folder)


def _files(folder: Path, pattern: str) -> list[Path]:
    try:
        return sorted(folder.glob(pattern))
    except OSError:
        return []


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _texts(folder: Path) -> dict[Path, str]:
    texts = {}
    for path in _files(folder, "*.yaml"):
        try:
            texts[path] = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            pass
    return texts


def _referred(folder: Path, texts: dict[Path, str], named: dict[str, Path], texts_of) -> list[Path]:
    """The document folders whose path (organisation/dokument) the folder's YAML names, and
    those they name in turn: a reference to another document loads that document's sources."""
    found: list[Path] = []
    waiting = [texts]
    while waiting:
        text = "\n".join(waiting.pop().values())
        for name, other in named.items():
            if other != folder and other not in found and name in text:
                found.append(other)
                waiting.append(texts_of(other))
    return found


@dataclass
class Schedule:
    """Which job a worker that has become free takes next."""

    waiting: list[Job]
    prepared: dict[int, set[str]] = field(default_factory=dict)  # worker -> what it has prepared

    def next(self, worker: int) -> Job | None:
        """The largest waiting job that needs nothing another worker has prepared and this
        one has not; when only such jobs are left, the largest of them (better than idling)."""
        if not self.waiting:
            return None
        mine = self.prepared.setdefault(worker, set())
        others = set().union(*(keys for w, keys in self.prepared.items() if w != worker))
        free = [job for job in self.waiting if not (job.shared & others) - mine]
        job = (free or self.waiting)[0]
        self.waiting.remove(job)
        mine.update(job.shared)
        return job


class WorkerFailed(Exception):
    """A worker process ended without returning its document (killed, out of memory)."""


@dataclass
class _Failure:
    """An unexpected exception in a worker (a bug in docgen), sent back to be raised here."""

    exception: BaseException
    trace: str


class Pool:
    """Worker processes for a batch. The first is forked from this process as soon as a batch
    is likely (before its documents are listed): it imports what every document needs
    (`warm_up`) while this process lists and plans the documents on the other core, then forks
    the other workers from itself, so that they inherit those imports instead of repeating them
    (gc.freeze first: their collections leave the inherited objects alone, no copies of their
    pages). This process imports none of it: it hands out the documents and writes them.

    `assemble` may be given later (assign): the first worker then starts before its work is
    known (docgen's command line before it is parsed) and waits for it after its imports.

    Used as a context manager: leaving it normally lets the workers end; leaving it with an
    exception ends them at once."""

    def __init__(self, count: int, assemble=None, warm_up=None):
        pipes = [_pair() for _ in range(count)]
        sys.stdout.flush(), sys.stderr.flush()  # else what is buffered would be written by each worker too
        pid = os.fork()
        if pid == 0:
            _as_worker(_first, pipes, assemble, warm_up)  # never returns
        self.first = pid
        for _ours, theirs in pipes:
            theirs.close()
        self.connections = [ours for ours, _theirs in pipes]
        self.pids: dict = {}  # connection -> its worker's process id, once it has said it is ready
        self.ended: set = set()  # connections whose worker has been told it is done
        self.assigned = assemble is not None
        self.closed = False

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, kind, _value, _trace) -> None:
        self.close(kind is None)

    def assign(self, assemble) -> None:
        """What the workers are to do with each folder (a pool started without it): sent to the
        first worker, pickled (a function by its name), before it forks the others."""
        if not self.assigned:
            self.assigned = True
            self.connections[0].send(assemble)

    def run(self, jobs: list[Job], done) -> None:
        """Each job assembled by the workers as they become free (Schedule); done(folder, result)
        is called here as each finishes. An unexpected exception in a worker is raised here,
        with the worker's traceback as a note. A worker with nothing left to take is told to end
        at once, so that its exit overlaps what is still being done (a pool runs one batch)."""
        if not self.assigned:
            raise RuntimeError("Pool.run before Pool.assign: the workers do not know what to do")
        schedule = Schedule(list(jobs))
        number = {connection: n for n, connection in enumerate(self.connections)}
        busy: dict = {}

        def hand_out(connection) -> None:
            job = schedule.next(number[connection])
            if job is not None:
                connection.send(job.folder)
                busy[connection] = job
            else:  # nothing left for it: it ends now, while the others finish and this process writes
                self._end(connection)

        for connection in self.pids:
            hand_out(connection)
        while busy or (schedule.waiting and len(self.pids) < len(self.connections)):
            for connection in _readable([c for c in self.connections if c in busy or c not in self.pids]):
                try:
                    message = connection.recv()
                except (EOFError, OSError):
                    job = busy.get(connection)
                    during = f" under {job.folder}" if job else ""
                    raise WorkerFailed(f"en arbetsprocess avslutades oväntat{during}") from None
                if connection not in self.pids:  # ("ready", its process id)
                    self.pids[connection] = message[1]
                    hand_out(connection)
                    continue
                folder, result = message
                del busy[connection]
                if isinstance(result, _Failure):
                    result.exception.add_note(result.trace)
                    raise result.exception
                hand_out(connection)  # before done(), which writes: the worker is not kept waiting
                done(folder, result)
        for connection in self.connections:  # those that were not ready before the documents ran out too
            self._end(connection)

    def _end(self, connection) -> None:
        """Tell a worker it is done (once)."""
        if connection not in self.ended:
            self.ended.add(connection)
            with contextlib.suppress(OSError):
                connection.send(None)

    def close(self, gracefully: bool = True) -> None:
        """Tell the workers they are done (or, after an error, end them now) and wait for them."""
        if self.closed:
            return
        self.closed = True
        for connection in self.connections:
            if gracefully:
                self._end(connection)
            connection.close()
        if not gracefully:
            for pid in [self.first, *self.pids.values()]:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGTERM)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.first, 0)


class _Channel:
    """One end of a worker's two pipes: pickled messages, each after its length. (Not
    multiprocessing's Pipe: importing multiprocessing before the first worker is forked
    delays every worker's start by as long, about 7 ms.)"""

    def __init__(self, incoming: int, outgoing: int):
        self.incoming, self.outgoing = incoming, outgoing

    def send(self, message) -> None:
        import pickle

        data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
        view = memoryview(len(data).to_bytes(8, "little") + data)
        while view:
            view = view[os.write(self.outgoing, view) :]

    def recv(self):
        """The next message; EOFError when the other end is closed (its process ended)."""
        import pickle

        return pickle.loads(self._read(int.from_bytes(self._read(8), "little")))

    def _read(self, size: int) -> bytes:
        chunks, left = [], size
        while left:
            chunk = os.read(self.incoming, min(left, 1 << 20))
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)

    def poll(self) -> bool:
        """Whether a message (or the other end's closing) is waiting."""
        return bool(_readable([self], 0))

    def fileno(self) -> int:
        return self.incoming

    def close(self) -> None:
        for fd in (self.incoming, self.outgoing):
            with contextlib.suppress(OSError):
                os.close(fd)


def _pair() -> tuple[_Channel, _Channel]:
    """This process's end and a worker's end of the two pipes between them."""
    to_worker, from_worker = os.pipe(), os.pipe()
    return _Channel(from_worker[0], to_worker[1]), _Channel(to_worker[0], from_worker[1])


def _readable(channels: list[_Channel], timeout: float | None = None) -> list[_Channel]:
    """The channels with a message (or an end) waiting, after waiting up to `timeout` seconds
    (None: until there is one)."""
    import select

    poller = select.poll()
    by_fd = {channel.fileno(): channel for channel in channels}
    for fd in by_fd:
        poller.register(fd, select.POLLIN)
    return [by_fd[fd] for fd, _event in poller.poll(None if timeout is None else timeout * 1000)]


def _as_worker(work, *args) -> None:
    """Run work(*args) in a forked process and end the process, whatever happens: nothing may
    return into the code that forked it (the caller's stack, a test runner). Ctrl-C and
    SIGTERM end a worker at once, as the default actions do (no Python code runs for them):
    the parent, which gets them too or sent them, reports the batch's end."""
    status = 1
    try:
        for number in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(ValueError):  # not the main thread (after fork it is)
                signal.signal(number, signal.SIG_DFL)
        work(*args)
        status = 0
    except BaseException:  # a bug in docgen's worker code: the parent sees the pipe end (WorkerFailed)
        pass
    finally:
        os._exit(status)


def _first(pipes, assemble, warm_up) -> None:
    """The first worker: imports, forks the others, then works as they do."""
    others = []
    try:
        for ours, _theirs in pipes:
            ours.close()
        if warm_up is not None:
            warm_up()
        mine = pipes[0][1]
        if assemble is None:  # started before its work was known: Pool.assign, or None to end
            assemble = mine.recv()
            if assemble is None:
                return
        if mine.poll():  # told to end before any work (the batch needed no worker): no others
            return
        gc.freeze()
        for n, (_ours, theirs) in enumerate(pipes[1:], 1):
            pid = os.fork()
            if pid == 0:
                _as_worker(_other, pipes, n, assemble)
            others.append(pid)
            theirs.close()
        _serve(mine, assemble)
    finally:
        for pid in others:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


def _other(pipes, n: int, assemble) -> None:
    """A worker forked by the first: keeps its own end of the pipes only, then works."""
    for m, (_ours, theirs) in enumerate(pipes):
        if m != n:
            theirs.close()
    _serve(pipes[n][1], assemble)


def _serve(connection, assemble) -> None:
    """A worker: says it is ready, then assembles each folder it is sent, until it is sent None."""
    try:
        connection.send(("ready", os.getpid()))
        while (folder := connection.recv()) is not None:
            _send(connection, folder, assemble)
            _release()
    except (EOFError, BrokenPipeError):
        pass  # the parent gone (it reports why)


def _send(connection, folder, assemble) -> None:
    """Assemble one folder and send back its result (or the bug that stopped it)."""
    try:
        result = assemble(folder)
    except Exception as exc:  # a bug: raised again in the parent, with this traceback
        result = _Failure(exc, traceback.format_exc())
    try:
        connection.send((folder, result))
    except Exception as exc:  # the exception (or result) cannot be pickled
        connection.send((folder, _Failure(RuntimeError(repr(exc)), traceback.format_exc())))


def _release() -> None:
    """Free what the document just sent back was made of, before the next one. Its objects
    point at each other (python-docx's package and its parts, the template and the render
    state), so only a full collection frees them, which would seldom run: each document
    would take about 5 MB of new memory from the system (some 1,300 page faults, a few ms)
    instead of reusing the last one's. What survives is frozen, so that the next collection
    looks only at the next document's objects (about 1.5 ms, not 5)."""
    gc.collect()
    gc.freeze()
