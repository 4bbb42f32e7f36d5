"""Files kept under build/.cache by content hash: charts, prepared templates, read sources.

Each cache holds what a build made new in memory until `save()`, which the build calls only
after the document is written: a failed build leaves build/ as it was. An entry is found by
a key its user makes from everything the entry depends on, so an entry is never stale, only
unused (`make clean` empties build/, caches included).
"""

from __future__ import annotations

from pathlib import Path


class FileCache:
    """Entries as files `<key><SUFFIX>` under a folder (None: kept in memory only)."""

    SUFFIX = ""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.pending: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        if key in self.pending:
            return self.pending[key]
        if self.folder is None:
            return None
        try:
            return (self.folder / f"{key}{self.SUFFIX}").read_bytes()
        except OSError:  # not there (or not readable): made again
            return None

    def put(self, key: str, data: bytes) -> None:
        self.pending[key] = data

    def save(self) -> None:
        if self.folder is None or not self.pending:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        for key, data in self.pending.items():
            temporary = self.folder / f".{key}.tmp"
            temporary.write_bytes(data)
            temporary.replace(self.folder / f"{key}{self.SUFFIX}")
        self.pending.clear()
