"""Versions of sources: a folder on disk, or a folder as it was in a git revision."""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

from docgen.errors import DocgenError, Problem
from docgen.pipeline import Project, load_validated
from docgen.view.revisions import as_text, revisions


def diff_command(old: str, new: str, project: Project) -> str:
    with tempfile.TemporaryDirectory(prefix="docgen-diff-") as temporary:
        old_folder = _materialise(old, Path(temporary) / "gammal", project)
        new_folder = _materialise(new, Path(temporary) / "ny", project)
        before = _validated(old_folder, old, project)
        after = _validated(new_folder, new, project)
        found = revisions(before, after)
    if not found:
        return "Inga revideringar."
    return f"Följande revideringar görs i {after.document.title}:\n" + as_text(found)


def _validated(folder: Path, spec: str, project: Project):
    """The sources of one version; problems in a git version are named as git names them
    (HEAD~1:sources/…/fil.yaml), not by the temporary folder they were extracted to."""
    try:
        return load_validated(folder, project)[1]
    except DocgenError as exc:
        if Path(spec) == folder:
            raise
        temporary, named = str(folder), spec.rstrip("/")
        exc.problems = [
            dataclasses.replace(
                p,
                file=str(p.file).replace(temporary, named) if p.file is not None else None,
                message=p.message.replace(temporary, named),
            )
            for p in exc.problems
        ]
        raise


def _materialise(spec: str, target: Path, project: Project) -> Path:
    """A folder as given, or extracted from git when written REV:path."""
    if Path(spec).is_dir() or ":" not in spec:
        return Path(spec)
    revision, _, path = spec.partition(":")
    path = path.rstrip("/")
    listing = _git(["ls-tree", "--name-only", f"{revision}:{path}"], project)
    if listing.returncode != 0:
        raise DocgenError(
            Problem(
                None,
                None,
                f"git hittar inte '{path}' i versionen '{revision}'.",
                "Ange versionen som t.ex. HEAD~1:sources/organisation/dokument.",
            )
        )
    target.mkdir(parents=True)
    for name in listing.stdout.split():
        if name.endswith((".yaml", ".xlsx", ".csv", ".json")):  # sources and the files they read
            blob = _git(["show", f"{revision}:{path}/{name}"], project, text=False).stdout
            (target / name).write_bytes(blob)
    return target


def _git(args: list[str], project: Project, text: bool = True):
    """git in its own process group, with a timeout (docgen.processes)."""
    from docgen.processes import ProgramTimeout, run

    try:
        return run(["git", *args], timeout=60, cwd=project.sources.parent, text=text)
    except ProgramTimeout:
        raise DocgenError(Problem(None, None, "git svarade inte inom 60 sekunder.", "Försök igen.")) from None
