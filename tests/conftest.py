"""Shared fixtures: documents built from the real sources, through the real pipeline."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document

from docgen.pipeline import ROOT, Project, build, buildable, document_folders

PLAN_2025 = ROOT / "sources" / "region-ostergotland" / "hsn-arsplan-2025"
VP_2026 = ROOT / "sources" / "region-orebro-lan" / "hsn-vp-2026"
GOLDEN = Path(__file__).parent / "golden"


def edit_part(docx: Path, part: str, change) -> None:
    """Rewrite one XML part of a .docx (an editor's change to a template): `change` takes the
    part's text and gives the new text; every other part as it was."""
    import zipfile

    with zipfile.ZipFile(docx) as archive:
        parts = {info: archive.read(info) for info in archive.infolist()}
    with zipfile.ZipFile(docx, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts.items():
            if info.filename == part:
                data = change(data.decode("utf-8")).encode("utf-8")
            archive.writestr(info, data)


def assert_matches_golden(built: Path, name: str) -> None:
    """Compare the built document's text with tests/golden/<name>.txt (UPDATE_GOLDEN=1 rewrites it)."""
    import os

    from docgen.word.readback import document_text

    golden = GOLDEN / f"{name}.txt"
    text = document_text(built)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"{golden} is missing: run UPDATE_GOLDEN=1 make test and review it"
    assert text == golden.read_text(encoding="utf-8"), (
        f"the text of {built.name} changed; review the difference and run UPDATE_GOLDEN=1 make test"
    )


@pytest.fixture(scope="session")
def plan_2025_path(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("build")
    return build(PLAN_2025, Project(build=out))


@pytest.fixture(scope="session")
def plan_2025(plan_2025_path):
    return Document(str(plan_2025_path))


@pytest.fixture(scope="session")
def vp_2026_path(tmp_path_factory) -> Path:
    return build(VP_2026, Project(build=tmp_path_factory.mktemp("build-vp")))


@pytest.fixture(scope="session")
def vp_2026(vp_2026_path):
    return Document(str(vp_2026_path))


@pytest.fixture(scope="session")
def html_editions(tmp_path_factory) -> list[Path]:
    """Every buildable document built with its HTML edition (docgen html); the .docx paths."""
    project = Project(build=tmp_path_factory.mktemp("html"))
    return [build(folder, project, html=True) for folder in document_folders(project) if buildable(folder)]


@pytest.fixture
def workspace(tmp_path) -> Project:
    """A copy of sources/ and templates/ that a test may break, with its own build/."""
    shutil.copytree(ROOT / "sources", tmp_path / "sources")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    (tmp_path / "build").mkdir()
    return Project(tmp_path / "sources", tmp_path / "templates", tmp_path / "build")


@pytest.fixture(scope="session")
def all_pdfs(tmp_path_factory):
    """Every document the sources define, built and converted to PDF in one LibreOffice batch
    (skipped without LibreOffice or poppler-utils)."""
    from docgen.commands.pdf import find_libreoffice, to_pdf
    from docgen.pipeline import buildable, document_folders

    if find_libreoffice() is None or shutil.which("pdfinfo") is None:
        pytest.skip("LibreOffice or poppler-utils is not installed")
    project = Project(build=tmp_path_factory.mktemp("pdf-all"))
    documents = [build(folder, project) for folder in document_folders(project) if buildable(folder)]
    return to_pdf(documents)


def joined_rows(document, first_header: str) -> list:
    """The rows of the table whose header begins with `first_header`, over all its parts (a
    table split at a long group, pagination.split_long_groups) and without the header rows
    each later part repeats; python-docx rows."""
    parts = [t for t in document.tables if t.rows[0].cells[0].text == first_header]
    header = [c.text for c in parts[0].rows[0].cells]
    rows = list(parts[0].rows)
    for part in parts[1:]:
        rows += [r for r in part.rows if [c.text for c in r.cells] != header]
    return rows


def marked_places(built: Path) -> int:
    """How many paragraphs of a built document (body, page headers and footers) are still marked
    ATT UPPDATERA, read back from the .docx."""
    import re
    import zipfile

    from lxml import etree

    from docgen.word.markers import unfinished

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    texts = []
    with zipfile.ZipFile(built) as docx:
        for name in sorted(docx.namelist()):
            if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", name):
                root = etree.fromstring(docx.read(name))
                texts += ["".join(t.text or "" for t in p.iter(f"{w}t")) for p in root.iter(f"{w}p")]
    return len(unfinished(texts))


def assert_only_unfinished(problems: list, built: Path | None = None) -> list:
    """What `docgen check` found is only how far the document is from final: no error, no other
    warning, only the places still marked ATT UPPDATERA (warnings), counted as the built document
    shows them. Returns them."""
    from docgen.commands.check import Unfinished

    assert [str(p) for p in problems if not isinstance(p, Unfinished)] == []
    assert all(p.warning for p in problems)
    counted = [p for p in problems if p.count]
    if built is not None:
        assert sum(p.count for p in counted) == marked_places(built), [str(p) for p in problems]
    assert len(counted) <= 1 and (not counted or problems[0] is counted[0])
    return problems


def not_unfinished(problems: list) -> list[str]:
    """What `docgen check` found besides the places still marked ATT UPPDATERA, as printed."""
    from docgen.commands.check import Unfinished

    return [str(p) for p in problems if not isinstance(p, Unfinished)]
