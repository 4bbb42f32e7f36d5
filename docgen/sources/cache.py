"""Source files as read before, by content: a build reads again only the files that changed.

Reading a source file (YAML, with the line of every value: docgen.sources.load) is most of
the work before rendering. What it gives depends only on the file's bytes, its path (named in
messages) and docgen's own code, so it is kept under build/.cache/kallor by the hash of those
three and read back from there while they are the same: after an edit, only the edited file
is read again. Kept as a pickle read by an unpickler that makes nothing but what a source
holds (mappings and lists with their lines, texts, numbers): an entry someone else put in
build/ cannot run code (the "Restricting globals" pattern of Python's pickle documentation).
Anything wrong with an entry (cut short, another format) means the file is read again.
An entry's name begins with the hash of the file's path: a file's older entries are removed
when its new one is kept, so the cache holds one entry per file, not one per edit.
"""

from __future__ import annotations

import decimal
import hashlib
import io
import pickle

from docgen.caches import FileCache
from docgen.freshness import engine_key
from docgen.sources import load


class SourceCache(FileCache):
    """Read source files (load.SourceMap) by the hash of their path, text and docgen's code."""

    SUFFIX = ".pickle"

    def __init__(self, folder, reading: bool = True):
        """`reading` False (a forced build): every file is parsed again; what is read is still
        kept for the next build, where it is not kept already."""
        super().__init__(folder)
        self.reading = reading

    def read(self, path, digest: str) -> load.SourceMap | None:
        """What reading `path`, whose bytes' SHA-256 is `digest`, gave before, or None."""
        if not self.reading:
            return None
        found = self.get(self._key(path, digest))
        if found is None:
            return None
        try:
            data = _Unpickler(io.BytesIO(found)).load()
        except Exception:  # a damaged or foreign entry, whatever the unpickler met: read the file again
            return None
        return data if isinstance(data, load.SourceMap) else None

    def keep(self, path, digest: str, data: load.SourceMap) -> None:
        """Keep what reading `path` (its bytes' SHA-256 `digest`) gave, as it is now (later
        stages change the mappings)."""
        key = self._key(path, digest)
        if not self.reading and self.folder is not None and (self.folder / f"{key}{self.SUFFIX}").is_file():
            return
        self.put(key, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))

    def save(self) -> None:
        if self.folder is not None:
            for key in self.pending:
                for older in self.folder.glob(f"{key.partition('-')[0]}-*{self.SUFFIX}"):
                    if older.name != f"{key}{self.SUFFIX}":
                        older.unlink(missing_ok=True)
        super().save()

    def _key(self, path, digest: str) -> str:
        """The hash of the path, a dash, and the hash of docgen's code, the path and the file's
        bytes (their SHA-256, `digest`: freshness.file_digest, made once a build)."""
        where = hashlib.sha256(str(path).encode("utf-8", "surrogatepass")).hexdigest()[:16]
        key = hashlib.sha256(f"{engine_key()}\0{path}\0{digest}".encode("utf-8", "surrogatepass"))
        return f"{where}-{key.hexdigest()[:32]}"


_ALLOWED = {
    ("docgen.sources.load", "SourceMap"): load.SourceMap,
    ("docgen.sources.load", "SourceList"): load.SourceList,
    ("decimal", "Decimal"): decimal.Decimal,
}


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        try:
            return _ALLOWED[module, name]
        except KeyError:
            raise pickle.UnpicklingError(f"{module}.{name} hör inte hemma i en läst källfil") from None
