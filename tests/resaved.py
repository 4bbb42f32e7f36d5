"""What a template saved by an editor's program must give: the same document text as the
original template, for every document of sources/ and for every starter `docgen new` writes.
Shared by the LibreOffice and the Word round trips (tests/test_libreoffice.py, test_word_saved.py)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from docgen.cli import main
from docgen.pipeline import ROOT, Project, build, buildable, document_folders
from docgen.word.readback import document_text

from .conftest import GOLDEN


def same(text: str) -> str:
    return text


def every_document_builds_the_same(saved: Path, tmp_path: Path, comparable: Callable[[str], str] = same) -> int:
    """Every buildable document of sources/ built from the templates in `saved`; its text is
    the golden text (the original template's), or the original's build where there is none.
    Returns how many were built."""
    folders = [f for f in document_folders(Project()) if buildable(f)]
    for folder in folders:
        resaved = build(folder, Project(templates=saved, build=tmp_path / "resaved"))
        golden = GOLDEN / f"{resaved.stem}.txt"  # the original template's text, kept by the golden tests
        if golden.exists():
            original = golden.read_text(encoding="utf-8")
        else:
            original = document_text(build(folder, Project(build=tmp_path / "original")))
        assert comparable(document_text(resaved)) == comparable(original), folder
    return len(folders)


def every_starter_builds_the_same(saved: Path, tmp_path: Path, comparable: Callable[[str], str] = same) -> int:
    """The five starters `docgen new` makes (a plan and what follows from it, for Sjöbo kommun)
    from the original starter kit and from the one in `saved`, built: the same text. Returns
    how many documents were compared."""
    for name, templates in (("original", ROOT / "templates"), ("resaved", saved)):
        project = Project(tmp_path / name / "sources", tmp_path / name / "templates", tmp_path / name / "build")
        shutil.copytree(templates / "startpaket", project.templates / "startpaket")
        project.sources.mkdir()
        common = ["--kallor", str(project.sources), "--mallar", str(project.templates), "--ut", str(project.build)]
        org = ["--organisation", "Sjöbo kommun", "--namnd", "Kommunfullmäktige", "--ar", "2026"]
        plan = project.sources / "sjobo-kommun" / "plan"
        assert main([*common, "new", "plan", str(plan), *org]) == 0
        for kind in ("verksamhetsplan", "uppfoljning", "tjansteskrivelse", "foredragningslista"):
            extra = ["--foljer-upp", str(plan)] if kind == "uppfoljning" else []
            assert main([*common, "new", kind, str(project.sources / "sjobo-kommun" / kind), *org, *extra]) == 0
        for folder in sorted(p for p in (project.sources / "sjobo-kommun").iterdir() if p.is_dir()):
            build(folder, project)
    built = sorted((tmp_path / "original" / "build" / "sjobo-kommun").glob("*.docx"))
    for original in built:
        resaved = tmp_path / "resaved" / "build" / "sjobo-kommun" / original.name
        assert comparable(document_text(resaved)) == comparable(document_text(original)), original.name
    return len(built)
