"""Versions of sources: a folder on disk, or a folder as it was in a git revision."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from .diff import as_text, revisions
from .errors import DocgenError, Problem
from .pipeline import Project, load_validated


def diff_command(old: str, new: str, project: Project) -> str:
    with tempfile.TemporaryDirectory(prefix="docgen-diff-") as temporary:
        old_folder = _materialise(old, Path(temporary) / "gammal", project)
        new_folder = _materialise(new, Path(temporary) / "ny", project)
        _raw, before = load_validated(old_folder, project)
        _raw, after = load_validated(new_folder, project)
        found = revisions(before, after)
    if not found:
        return "Inga revideringar."
    return f"Följande revideringar görs i {after.document.title}:\n" + as_text(found)


def _materialise(spec: str, target: Path, project: Project) -> Path:
    """A folder as given, or extracted from git when written REV:path."""
    if Path(spec).is_dir() or ":" not in spec:
        return Path(spec)
    revision, _, path = spec.partition(":")
    path = path.rstrip("/")
    listing = subprocess.run(["git", "ls-tree", "--name-only", f"{revision}:{path}"], capture_output=True, text=True,
                             cwd=project.sources.parent)
    if listing.returncode != 0:
        raise DocgenError(Problem(None, None, f"git hittar inte '{path}' i versionen '{revision}'.",
                                  "Ange versionen som t.ex. HEAD~1:sources/organisation/dokument."))
    target.mkdir(parents=True)
    for name in listing.stdout.split():
        if name.endswith(".yaml"):
            blob = subprocess.run(["git", "show", f"{revision}:{path}/{name}"], capture_output=True,
                                  cwd=project.sources.parent, check=True).stdout
            (target / name).write_bytes(blob)
    return target
