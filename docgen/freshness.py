"""Skip a build whose inputs did not change: decided by content hashes, never by file times.

While a document is assembled, every input it reads is noted: each source folder loaded (all
of its files, so a new or removed file counts as a change), the template and any file read
from outside those folders (an outcome file elsewhere). After the document is written,
build/.cache/byggen.json records the SHA-256 of each input and of each file written, under a
key for docgen's own code and the installed libraries that shape the output. The next build
of the same folder is skipped only when all of these hash the same again: a changed source,
template, referenced document, outcome file, docgen version or library always rebuilds, as
does a written file that was changed or removed. `--tvinga` rebuilds anyway.
"""

from __future__ import annotations

import contextvars
import hashlib
import json
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

RECORD_NAME = "byggen.json"
_HASHED_LIBRARIES = (
    "docxtpl",
    "python_docx",
    "docx",
    "jinja2",
    "babel",
    "lxml",
    "matplotlib",
    "PyYAML",
    "yaml",
    "openpyxl",
    "MarkupSafe",
)


@dataclass
class Inputs:
    """What one build read: whole folders and single files."""

    folders: set[Path] = field(default_factory=set)
    files: set[Path] = field(default_factory=set)
    digests: dict[Path, str] = field(default_factory=dict)  # files hashed as read (file_digest)


_current: contextvars.ContextVar[Inputs | None] = contextvars.ContextVar("docgen_inputs", default=None)


def note_folder(folder: Path) -> None:
    """A source folder was loaded: every file under it is an input of the build under way."""
    inputs = _current.get()
    if inputs is not None:
        inputs.folders.add(Path(folder).resolve())


def note_file(path: Path) -> None:
    """A single file (template, outcome file) was read by the build under way."""
    inputs = _current.get()
    if inputs is not None:
        inputs.files.add(Path(path).resolve())


def recording(function, *args, **kwargs):
    """Call function(*args, **kwargs) while noting what it reads; returns (result, Inputs)."""
    inputs = Inputs()
    token = _current.set(inputs)
    try:
        return function(*args, **kwargs), inputs
    finally:
        _current.reset(token)


def file_digest(path: Path, data: bytes) -> str:
    """The SHA-256 of a file's bytes as the build under way read them, kept for input_hashes,
    which then does not read and hash the file again (the source cache keys an entry by it:
    a source file's bytes are hashed once a build, not twice)."""
    digest = hashlib.sha256(data).hexdigest()
    inputs = _current.get()
    if inputs is not None:
        inputs.digests[Path(path).resolve()] = digest
    return digest


def _sha(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _folder_files(folder: Path) -> list[Path]:
    """Every file under a source folder, hidden files and editors' lock files aside."""
    found = []
    for directory, subfolders, names in os.walk(folder):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        found.extend(
            Path(directory) / n
            for n in sorted(names)
            if not n.startswith((".", "~$")) and (Path(directory) / n).is_file()
        )  # never a pipe
    return found


def input_hashes(inputs: Inputs) -> dict[str, str | None]:
    """path -> SHA-256 of every input (None for a file that is gone); of a file hashed as the
    build read it (file_digest), that hash: what the build was made from."""
    paths = set(inputs.files)
    for folder in inputs.folders:
        paths.update(_folder_files(folder))
    digests = inputs.digests
    return {str(p): digests.get(p) or _sha(p) for p in sorted(paths)}


def output_hashes(files: dict[Path, bytes]) -> dict[str, str]:
    """path -> SHA-256 of every file a build writes, from the bytes it will write."""
    return {str(p.resolve()): hashlib.sha256(data).hexdigest() for p, data in files.items()}


_engine_key: list[str] = []
_SETTLED_NS = 2_000_000_000  # a file changed this recently may change again within its timestamps' step
_clock = time.time_ns


def engine_key() -> str:
    """A hash of docgen's own code and of the versions of the libraries that shape its output.

    The SHA-256 of the code's bytes (1.1 MB, some 40 M instructions a build) is made again only
    when a module's file may have changed: it is remembered with each file's inode, size, and
    modification and change times (_remembered_key), as git's index remembers a file's hash.
    Every write to a file sets its change time to the clock's, which nothing can set back
    (touch and cp -p set the modification time only), so a file whose bytes changed has another
    change time; a file changed within the last two seconds is not remembered (a second write in
    the same step of the clock would keep its times)."""
    if not _engine_key:
        _engine_key.append(package_key(os.path.dirname(os.path.realpath(__file__))))
    return _engine_key[0]


def package_key(package: str) -> str:
    """engine_key() of the package in the folder `package`: remembered, or made from its bytes."""
    files = _code_files(package)
    libraries = _library_versions()
    signature, settled = _signature(files, libraries)
    key = _remembered_key(package, signature)
    if key is None:
        key = _content_key(files, libraries)
        if settled:
            _remember_key(package, signature, key)
    return key


def _content_key(files: list[tuple[str, str]], libraries: list[str]) -> str:
    """The SHA-256 of Python's version, every module's path and bytes, and the libraries' versions."""
    digest = hashlib.sha256(sys.version.encode())
    for relative, path in files:
        with open(path, "rb") as code:
            digest.update(relative.encode() + b"\0" + code.read())
    for name in libraries:
        digest.update(name.encode())
    return digest.hexdigest()


def _library_versions() -> list[str]:
    """The installed versions of the libraries that shape the output (their dist-info folders)."""
    found = []
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        found.extend(
            name for name in sorted(names) if name.endswith(".dist-info") and name.split("-")[0] in _HASHED_LIBRARIES
        )
    return found


def _signature(files: list[tuple[str, str]], libraries: list[str]) -> tuple[str, bool]:
    """What the content key is remembered by (every module's inode, size, modification and change
    times in nanoseconds, Python's and the libraries' versions), and whether every file is settled
    (last changed at least _SETTLED_NS ago)."""
    newest = 0
    parts = [sys.version, *libraries]
    for relative, path in files:
        found = os.stat(path)
        parts.append(f"{relative}\0{found.st_ino}\0{found.st_size}\0{found.st_mtime_ns}\0{found.st_ctime_ns}")
        newest = max(newest, found.st_mtime_ns, found.st_ctime_ns)
    settled = newest <= _clock() - _SETTLED_NS
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest(), settled


def _memo_path(package: str) -> Path | None:
    """Where the key of this package's code is remembered: in Jinja's per-user folder in the
    system's temporary folder (docgen.word.compiled keeps the compiled templates there), which
    Jinja makes readable and writable by the user alone and refuses when anyone else may write
    there; None where there is no such folder."""
    from jinja2 import FileSystemBytecodeCache

    try:
        folder = FileSystemBytecodeCache().directory
    except (OSError, RuntimeError):
        return None
    name = hashlib.sha256(package.encode("utf-8", "surrogatepass")).hexdigest()[:20]
    return Path(folder) / f"docgen-motor-{name}.json"


def _remembered_key(package: str, signature: str) -> str | None:
    """The content key remembered for this signature, or None (none remembered, another, damaged)."""
    path = _memo_path(package)
    if path is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("signatur") != signature or not isinstance(data.get("motor"), str):
        return None
    return data["motor"]


def _remember_key(package: str, signature: str, key: str) -> None:
    """Keep the content key for the next process (written whole: a temporary file renamed)."""
    path = _memo_path(package)
    if path is None:
        return
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(json.dumps({"signatur": signature, "motor": key}), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:  # a full or read-only temporary folder: the next process hashes the code again
        try:
            temporary.unlink()
        except OSError:
            pass


def _code_files(package: str) -> list[tuple[str, str]]:
    """Every module of docgen as (its path in the package with '/', its path), in the order of
    the paths' parts (a folder's modules before a module named as the folder): found with
    os.walk and strings, not Path.rglob and a Path object per file and folder (12 -> 5 M
    instructions a build). __pycache__ holds compiled files only."""
    found = []
    for folder, subfolders, names in os.walk(package):
        subfolders[:] = [d for d in subfolders if d != "__pycache__"]
        inner = os.path.relpath(folder, package)
        prefix = "" if inner == "." else inner.replace(os.sep, "/") + "/"
        found.extend((prefix + name, os.path.join(folder, name)) for name in names if name.endswith(".py"))
    found.sort(key=lambda item: item[0].split("/"))
    return found


def adopt_engine_key(key: str) -> None:
    """engine_key() as the process that started this one made it (a batch's worker, a fork of
    it: the same code and libraries), instead of hashing the code again."""
    if not _engine_key:
        _engine_key.append(key)


class BuildRecord:
    """build/.cache/byggen.json: per document folder, the hashes its last build was made from.
    The files a build wrote are kept by their place in build/ ('region/plan.docx'), so that a
    build folder copied or moved (`docgen --ut <kopia> pdf`) speaks of its own files, never of
    the folder it was copied from."""

    def __init__(self, build_root: Path):
        self.root = build_root.resolve()
        self.path = build_root / ".cache" / RECORD_NAME
        self.entries: dict[str, dict] = self._read()
        self.changed = False

    def _read(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # no record, or a damaged one: everything is simply built again
        if not isinstance(data, dict) or data.get("motor") != engine_key():
            return {}  # another docgen version or library: everything is built again
        entries = data.get("dokument")
        return entries if isinstance(entries, dict) else {}

    def unchanged(self, folder: Path, settings: dict) -> list[Path] | None:
        """The files written by the last build of `folder` when nothing it depends on changed
        (`settings`: what else shapes the output, such as a final build and the project's folders)."""
        entry = self.entries.get(str(folder.resolve()))
        if not isinstance(entry, dict) or not _covers(entry.get("inställningar"), settings):
            return None
        inputs = Inputs({Path(p) for p in entry.get("mappar", [])}, {Path(p) for p in entry.get("filer", [])})
        if input_hashes(inputs) != entry.get("indata"):
            return None
        outputs = entry.get("utdata", {})
        if not settings.get("html"):  # an HTML edition made beside the .docx (docgen html, serve) is not asked for
            outputs = {p: digest for p, digest in outputs.items() if not p.endswith(".html")}
        places = {self.root / p: digest for p, digest in outputs.items()}
        if not places or any(_sha(place) != digest for place, digest in places.items()):
            return None
        return list(places)

    def remember(self, folder: Path, settings: dict, inputs: Inputs, hashes: dict, outputs: dict[str, str]) -> None:
        """Record a build of `folder`: its inputs and their `hashes` (input_hashes), and the
        files it wrote with theirs (output_hashes)."""
        self.entries[str(folder.resolve())] = {
            "inställningar": settings,
            "mappar": sorted(str(p) for p in inputs.folders),
            "filer": sorted(str(p) for p in inputs.files),
            "indata": hashes,
            "utdata": {self._in_build(p): digest for p, digest in outputs.items()},
        }
        self.changed = True

    def rehash_output(self, path: Path) -> None:
        """A written file was finished later (docgen pdf writes the laid-out page numbers into
        the .docx): its new bytes are what the last build made."""
        for entry in self.entries.values():
            outputs = entry.get("utdata", {}) if isinstance(entry, dict) else {}
            if (place := self._in_build(str(path.resolve()))) in outputs:
                outputs[place] = _sha(path)
                self.changed = True

    def _in_build(self, path: str) -> str:
        """A written file's place in build/ with '/' (its full path when outside build/)."""
        try:
            return Path(path).relative_to(self.root).as_posix()
        except ValueError:
            return path

    def forget(self, folder: Path) -> None:
        if self.entries.pop(str(folder.resolve()), None) is not None:
            self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        from docgen.word.files import write_atomically

        data = {"motor": engine_key(), "dokument": dict(sorted(self.entries.items()))}
        write_atomically(
            self.path,
            (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"),
            inside=self.path.parent.parent,
        )
        self.changed = False


def _covers(recorded, wanted: dict) -> bool:
    """A build made with `recorded` settings gives what one with `wanted` would: the same, or
    the same with an HTML edition beside it (the .docx does not depend on it)."""
    if not isinstance(recorded, dict):
        return False
    return recorded == wanted or (recorded.get("html") is True and {**recorded, "html": False} == wanted)


class PdfRecord:
    """build/.cache/pdf.json: for each PDF, the SHA-256 of the .docx it was made from, so that
    `docgen pdf` converts only documents whose PDF is missing or older than their .docx."""

    def __init__(self, build_root: Path):
        self.path = build_root / ".cache" / "pdf.json"
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        self.made_from: dict[str, str] = data if isinstance(data, dict) else {}

    def stale(self, documents: list[Path]) -> list[Path]:
        """The .docx files whose PDF is missing or was made from other bytes."""
        return [
            d
            for d in documents
            if not d.with_suffix(".pdf").is_file() or self.made_from.get(str(d.resolve())) != _sha(d)
        ]

    def remember(self, documents: list[Path]) -> None:
        from docgen.word.files import write_atomically

        for document in documents:
            self.made_from[str(document.resolve())] = _sha(document)
        text = json.dumps(dict(sorted(self.made_from.items())), ensure_ascii=False, indent=1) + "\n"
        write_atomically(self.path, text.encode("utf-8"))
