"""Templates survive being saved by Microsoft Word: every template in the repository and every
starter, rewritten as a Swedish Word writes a .docx when an editor saves it (tests/wordsave.py:
style ids in Swedish, tags split into runs with the speller's marks between them, paragraph ids,
the _GoBack bookmark, rendered page breaks, complex fields, compatibility mode 15), still builds,
passes the accessibility gate (part of every build) and gives the same text."""

from __future__ import annotations

import shutil
import zipfile

import pytest

from docgen.cli import main
from docgen.pipeline import ROOT, Project

from .resaved import every_document_builds_the_same, every_starter_builds_the_same
from .wordsave import save_as_word


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    """A copy of templates/ in which every .docx is the one Word saved."""
    templates = tmp_path_factory.mktemp("word") / "templates"
    shutil.copytree(ROOT / "templates", templates)
    for path in sorted(templates.rglob("*.docx")):
        save_as_word(path)
    return templates


def test_the_copy_is_what_word_writes(saved):
    """The transformation did its work: Swedish style ids, split tags with spelling marks,
    the _GoBack bookmark and complex page number fields (else the tests below prove nothing)."""
    with zipfile.ZipFile(saved / "startpaket" / "plan.docx") as archive:
        styles = archive.read("word/styles.xml").decode("utf-8")
        body = archive.read("word/document.xml").decode("utf-8")
        footer = archive.read("word/footer1.xml").decode("utf-8")
        names = archive.namelist()
    assert 'w:styleId="Rubrik1"' in styles and 'w:styleId="Heading1"' not in styles
    assert 'w:styleId="Innehll1"' in styles and 'w:styleId="Sidhuvud"' in styles
    assert '<w:pStyle w:val="Rubrik1"/>' in body
    assert '<w:t>{{</w:t></w:r><w:bookmarkStart w:id="0" w:name="_GoBack"/>' in body
    assert '<w:proofErr w:type="spellStart"/><w:r w:rsidR="' in body and "<w:t>dokument.titel</w:t>" in body
    assert "w14:paraId=" in body and "<w:lastRenderedPageBreak/>" in body
    assert "fldSimple" not in footer and '<w:instrText xml:space="preserve"> PAGE </w:instrText>' in footer
    assert "word/stylesWithEffects.xml" not in names


def test_every_document_builds_the_same_from_templates_saved_by_word(saved, tmp_path):
    assert every_document_builds_the_same(saved, tmp_path) >= 40


def test_every_starter_builds_the_same_when_saved_by_word(saved, tmp_path):
    assert every_starter_builds_the_same(saved, tmp_path) == 5


def test_the_web_edition_is_the_same_from_a_template_saved_by_word(saved, tmp_path):
    """The web page is made from the same build: byte for byte the same from the Word-saved
    starter plan as from the original (its headings, TOC, lists and colours found by style)."""
    pages = []
    for name, templates in (("original", ROOT / "templates"), ("resaved", saved)):
        project = Project(tmp_path / name / "sources", tmp_path / name / "templates", tmp_path / name / "build")
        shutil.copytree(templates / "startpaket", project.templates / "startpaket")
        project.sources.mkdir()
        common = ["--kallor", str(project.sources), "--mallar", str(project.templates), "--ut", str(project.build)]
        folder = project.sources / "sjobo-kommun" / "plan"
        org = ["--organisation", "Sjöbo kommun", "--namnd", "Kommunfullmäktige", "--ar", "2026"]
        assert main([*common, "new", "plan", str(folder), *org]) == 0
        assert main([*common, "html", str(folder)]) == 0
        pages.append(next(project.build.rglob("*.html")).read_bytes())
    assert pages[0] == pages[1]
