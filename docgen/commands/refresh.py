"""`docgen förnya`: a project's copy of docgen's guides and JSON Schemas (docs/) made the same as
the installed docgen's, after docgen was upgraded (`docgen new projekt` copied those of the
docgen that made the project, and nothing refreshed them since).

Only docgen's own files are touched: docs/schema/ (written by docgen, "ändra inget här") and the
guides of docgen.shipped.GUIDES; a file there that the installed docgen no longer ships is
removed. sources/ and templates/ are the editors' files and never touched: the project's starter
kit (templates/startpaket) may have the organisation's own look, so a difference from the
installed one is only told. Every file is written beside its place and renamed into it, after
every target has been found writable.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from docgen.commands.project import SCHEMA, STARTER
from docgen.errors import DocgenError, Problem
from docgen.pipeline import Project
from docgen.shipped import GUIDES, shipped

SKIPPED = (".", "~$", "__pycache__")  # as new_project copies them: hidden files, Word's lock files


@dataclass
class Refreshed:
    """What `docgen förnya` changed in the project's docs/, each a path relative to the project."""

    root: Path
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    starter_differs: list[str] = field(default_factory=list)

    def text(self, version: str) -> str:
        lines = []
        for label, paths in (("ny", self.added), ("ändrad", self.changed), ("borttagen", self.removed)):
            lines += [f"{label}: {p}" for p in paths]
        count = len(self.added) + len(self.changed) + len(self.removed)
        if count:
            lines.append(
                f"förnyade {count} fil{'er' if count > 1 else ''} i docs/ från docgen {version}; "
                "sources/ och templates/ ändrades inte."
            )
        else:
            lines.append(f"docs/ är redan som i docgen {version}: inget ändrades.")
        if self.starter_differs:
            lines.append(
                f"templates/{STARTER}/ är er och ändrades inte; {len(self.starter_differs)} av dess filer skiljer sig "
                f"från den installerade docgens ({', '.join(self.starter_differs[:5])}"
                + (", …" if len(self.starter_differs) > 5 else "")
                + f"). Den installerade docgens startpaket finns i {shipped('templates/' + STARTER)}: "
                "kopiera det ni vill ha därifrån."
            )
        return "\n".join(lines)


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("docgen")
    except PackageNotFoundError:
        return "(okänd version)"


def refresh(project: Project) -> Refreshed:
    """Make the project's docs/ guides and schemas those of the installed docgen; returns what changed."""
    root = project.sources.parent
    done = Refreshed(root)
    wanted = _shipped_files()
    present = _project_files(root)
    writes = {rel: data for rel, data in wanted.items() if present.get(rel) != data}
    removals = sorted(rel for rel in present if rel not in wanted and _docgens(rel))
    if root.resolve() == shipped("docs").parent.resolve():  # docgen's own folder: its docs are the shipped ones
        writes, removals = {}, []
    _refuse_unwritable(root, writes, removals)
    try:
        _write_all(root, writes)
        for rel in removals:
            (root / rel).unlink()
    except OSError as exc:
        raise DocgenError(_unwritable(root, Path(exc.filename or root), exc.strerror or str(exc))) from None
    done.added = sorted(rel for rel in writes if rel not in present)
    done.changed = sorted(rel for rel in writes if rel in present)
    done.removed = removals
    done.starter_differs = _starter_differences(project)
    return done


def _docgens(rel: str) -> bool:
    """Whether a file of the project's docs/ is one docgen ships there (schemas, guides, pictures)."""
    return rel.startswith(SCHEMA.as_posix() + "/") or any(rel == g or rel.startswith(g + "/") for g in GUIDES)


def _files_under(base: Path, relative: str) -> dict[str, Path]:
    """Every file of `relative` under `base` (a file or a folder), by its path relative to base."""
    place = base / relative
    if place.is_file():
        return {relative: place}
    if not place.is_dir():
        return {}
    found = {}
    for path in sorted(place.rglob("*")):
        parts = path.relative_to(base).parts
        if path.is_file() and not any(part.startswith(SKIPPED) for part in parts):
            found["/".join(parts)] = path
    return found


def _shipped_files() -> dict[str, bytes]:
    found = {}
    for relative in (SCHEMA.as_posix(), *GUIDES):
        base = shipped(relative)
        base = base.parents[len(Path(relative).parts) - 1]
        found.update({rel: path.read_bytes() for rel, path in _files_under(base, relative).items()})
    return found


def _project_files(root: Path) -> dict[str, bytes]:
    found = {}
    for relative in (SCHEMA.as_posix(), *GUIDES):
        for rel, path in _files_under(root, relative).items():
            found[rel] = path.read_bytes()
    return found


def _refuse_unwritable(root: Path, writes: dict, removals: list) -> None:
    """Before anything is written: a place taken by a folder (or a folder's place by a file)."""
    for rel in sorted(writes):
        target = root / rel
        if target.is_dir():
            raise DocgenError(_unwritable(root, target, "där finns en mapp med det namnet"))
        for parent in target.parents:
            if parent == root:
                break
            if parent.exists() and not parent.is_dir():
                raise DocgenError(_unwritable(root, parent, "det är en fil, men docgen behöver en mapp där"))


def _unwritable(root: Path, path: Path, why: str) -> Problem:
    try:
        shown = path.relative_to(root).as_posix()
    except ValueError:
        shown = str(path)
    return Problem(
        shown,
        None,
        f"kunde inte förnya docgens guider och scheman: {why}.",
        "Flytta undan eller ta bort den (docs/ är docgens filer) och kör 'docgen förnya' igen. "
        "sources/ och templates/ ändrades inte.",
    )


def _write_all(root: Path, writes: dict[str, bytes]) -> None:
    """Each file written beside its place, then all renamed into place."""
    staged = []
    try:
        for rel, data in sorted(writes.items()):
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix=".docgen-", dir=target.parent)
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            staged.append((Path(name), target))
        for temporary, target in staged:
            os.replace(temporary, target)
    finally:
        for temporary, _target in staged:
            temporary.unlink(missing_ok=True)


def _starter_differences(project: Project) -> list[str]:
    """The files of the project's starter kit that differ from (or are missing in) the installed one."""
    own = project.templates / STARTER
    if not own.is_dir():
        return []
    installed = shipped(f"templates/{STARTER}")
    if own.resolve() == installed.resolve():
        return []
    theirs = _files_under(installed.parent, STARTER)
    ours = _files_under(own.parent, STARTER)
    differ = (rel for rel, path in theirs.items() if rel not in ours or ours[rel].read_bytes() != path.read_bytes())
    return sorted(rel.removeprefix(STARTER + "/") for rel in differ)
