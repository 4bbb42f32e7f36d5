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

from docgen.commands.pdf import find_libreoffice
from docgen.pipeline import ROOT

from .resaved import every_document_builds_the_same, every_starter_builds_the_same

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
    assert every_document_builds_the_same(saved, tmp_path, comparable) >= 8


def test_every_starter_builds_the_same_when_saved_by_libreoffice(saved, tmp_path):
    assert every_starter_builds_the_same(saved, tmp_path, comparable) == 5
