"""Templates survive the editors' tools: every template in the repository and every starter,
opened and saved as .docx by LibreOffice (headless, all in one call), still builds, passes the
accessibility gate (part of every build) and gives the same text. LibreOffice drops table
titles and renames styles ("toc 1" becomes "Contents1"); docgen re-creates and finds them
(docgen.word.repair, docgen.word.styles)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from docgen.cli import main
from docgen.commands.pdf import find_libreoffice
from docgen.pipeline import ROOT, Project, build, buildable, document_folders
from docgen.word.readback import document_text

from .conftest import GOLDEN

pytestmark = pytest.mark.skipif(find_libreoffice() is None, reason="LibreOffice is not installed")


def comparable(text: str) -> str:
    """The text with style names in one case (LibreOffice writes "TOC 1" for Word's "toc 1"),
    without soft hyphens (LibreOffice keeps them as w:softHyphen, which is not text to python-docx)."""
    text = text.replace("\u00ad", "")
    return re.sub(r"^\[([^\]]*)\]", lambda m: f"[{m.group(1).lower()}]", text, flags=re.M)


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    """A copy of templates/ in which every .docx is the one LibreOffice saved."""
    work = tmp_path_factory.mktemp("libreoffice")
    templates = work / "templates"
    shutil.copytree(ROOT / "templates", templates)
    originals = sorted(templates.rglob("*.docx"))
    flat = work / "in"
    flat.mkdir()
    for n, path in enumerate(originals):
        shutil.copyfile(path, flat / f"{n:03d}.docx")
    result = subprocess.run(
        [
            find_libreoffice(),
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{work / 'profile'}",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(work / "out"),
            *sorted(map(str, flat.iterdir())),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    for n, path in enumerate(originals):
        saved_copy = work / "out" / f"{n:03d}.docx"
        assert saved_copy.exists(), f"LibreOffice did not save {path}"
        assert saved_copy.read_bytes() != path.read_bytes()
        shutil.copyfile(saved_copy, path)
    return templates


def test_every_document_builds_the_same_from_templates_saved_by_libreoffice(saved, tmp_path):
    folders = [f for f in document_folders(Project()) if buildable(f)]
    assert len(folders) >= 8
    for folder in folders:
        resaved = build(folder, Project(templates=saved, build=tmp_path / "resaved"))
        golden = GOLDEN / f"{resaved.stem}.txt"  # the original template's text, kept by the golden tests
        if golden.exists():
            original = golden.read_text(encoding="utf-8")
        else:
            original = document_text(build(folder, Project(build=tmp_path / "original")))
        assert comparable(document_text(resaved)) == comparable(original), folder


def test_every_starter_builds_the_same_when_saved_by_libreoffice(saved, tmp_path):
    for name, templates in (("original", ROOT / "templates"), ("resaved", saved)):
        project = Project(tmp_path / name / "sources", tmp_path / name / "templates", tmp_path / name / "build")
        shutil.copytree(templates / "startpaket", project.templates / "startpaket")
        project.sources.mkdir()
        common = [
            "--kallor",
            str(project.sources),
            "--mallar",
            str(project.templates),
            "--ut",
            str(project.build),
            "new",
        ]
        org = ["--organisation", "Sjöbo kommun", "--namnd", "Kommunfullmäktige", "--ar", "2026"]
        plan = project.sources / "sjobo-kommun" / "plan"
        assert main([*common, "plan", str(plan), *org]) == 0
        for kind in ("verksamhetsplan", "uppfoljning", "tjansteskrivelse", "foredragningslista"):
            extra = ["--foljer-upp", str(plan)] if kind == "uppfoljning" else []
            assert main([*common, kind, str(project.sources / "sjobo-kommun" / kind), *org, *extra]) == 0
        for folder in sorted(p for p in (project.sources / "sjobo-kommun").iterdir() if p.is_dir()):
            build(folder, project)
    for built in sorted((tmp_path / "original" / "build" / "sjobo-kommun").glob("*.docx")):
        resaved = tmp_path / "resaved" / "build" / "sjobo-kommun" / built.name
        assert comparable(document_text(resaved)) == comparable(document_text(built)), built.name
