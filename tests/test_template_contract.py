"""The template contract: a style the engine writes but the template lacks is reported by
`docgen check` with the fix for Word and LibreOffice, and the build falls back to the
starter kit's style instead of failing."""

from __future__ import annotations

import re
import zipfile

from docx import Document

from docgen.commands.check import check_all
from docgen.pipeline import build
from docgen.word.styles import CONTRACT

from .conftest import not_unfinished


def _remove_style(template, style_id: str) -> None:
    with zipfile.ZipFile(template) as archive:
        parts = {i.filename: archive.read(i.filename) for i in archive.infolist()}
    styles = parts["word/styles.xml"].decode("utf-8")
    pattern = rf'<w:style [^>]*w:styleId="{style_id}"[^>]*>.*?</w:style>'
    assert re.search(pattern, styles, flags=re.S)
    parts["word/styles.xml"] = re.sub(pattern, "", styles, flags=re.S).encode("utf-8")
    with zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_a_missing_style_is_reported_and_falls_back(workspace):
    template = workspace.templates / "region-orebro-lan" / "verksamhetsplan-med-budget.docx"
    _remove_style(template, "Tabelltal")
    folder = workspace.sources / "region-orebro-lan" / "hsn-vp-2026"
    sources_before = {p: p.read_bytes() for p in folder.iterdir()}
    problems = not_unfinished(check_all([folder], workspace))
    assert len(problems) == 1, problems
    message = problems[0]
    assert str(template) in message
    assert "mallen saknar formatmallen 'Tabelltal'" in message
    assert "i Word Start › Format › Ny formatmall" in message and "i LibreOffice Format › Formatmallar" in message
    built = build(folder, workspace)
    document = Document(str(built))
    assert "Tabelltal" in [s.style_id for s in document.styles]
    numbers = [
        p
        for t in document.tables
        for row in t.rows
        for c in row.cells
        for p in c.paragraphs
        if p.style is not None and p.style.style_id == "Tabelltal"
    ]
    assert numbers and numbers[0].style.paragraph_format.alignment is not None  # right-aligned, as in the kit
    assert {p: p.read_bytes() for p in folder.iterdir()} == sources_before


def test_every_template_in_the_repository_has_the_whole_contract(workspace):
    from docgen.word.styles import missing_styles

    for template in sorted(workspace.templates.rglob("*.docx")):
        assert missing_styles(Document(str(template)).styles.element) == [], template
    assert len(CONTRACT) >= 15


def test_the_editors_guide_names_every_style_of_the_contract():
    from docgen.pipeline import ROOT

    guide = (ROOT / "docs" / "ny-organisation.md").read_text(encoding="utf-8")
    for contract in CONTRACT:
        assert contract.shown in guide, contract.shown


def test_the_guides_pictures_exist():
    import re

    from docgen.pipeline import ROOT

    guide = (ROOT / "docs" / "ny-organisation.md").read_text(encoding="utf-8")
    pictures = re.findall(r"\]\((bilder/[^)]+\.png)\)", guide)
    assert len(pictures) >= 3
    for picture in pictures:
        assert (ROOT / "docs" / picture).is_file(), picture


def test_a_tag_split_across_runs_still_works(tmp_path):
    """Word and LibreOffice split a tag into several runs (spelling marks, an edit in the
    middle); the template still fills it in."""
    import shutil

    from docgen.cli import main
    from docgen.pipeline import ROOT, Project

    project = Project(tmp_path / "sources", tmp_path / "templates", tmp_path / "build")
    shutil.copytree(ROOT / "templates" / "startpaket", project.templates / "startpaket")
    project.sources.mkdir()
    folder = project.sources / "x-kommun" / "plan"
    assert (
        main(
            [
                "--kallor",
                str(project.sources),
                "--mallar",
                str(project.templates),
                "--ut",
                str(project.build),
                "new",
                "plan",
                str(folder),
                "--organisation",
                "X kommun",
                "--namnd",
                "KF",
                "--ar",
                "2026",
            ]
        )
        == 0
    )
    template = project.templates / "x-kommun" / "plan.docx"
    with zipfile.ZipFile(template) as archive:
        parts = {i.filename: archive.read(i.filename) for i in archive.infolist()}
    whole = b"<w:r><w:t>{{ dokument.titel }}</w:t></w:r>"
    assert whole in parts["word/document.xml"]
    split = (
        b'<w:r><w:t>{{ dok</w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:rPr><w:b/></w:rPr>'
        b'<w:t>ument.ti</w:t></w:r><w:proofErr w:type="spellEnd"/><w:r><w:t>tel }}</w:t></w:r>'
    )
    parts["word/document.xml"] = parts["word/document.xml"].replace(whole, split)
    with zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    built = build(folder, project)
    assert Document(str(built)).paragraphs[0].text == "Mål och budget 2026"


# CT_TblPr in ECMA-376 (wml.xsd): the children of w:tblPr, each at most once, in this order.
TABLE_PROPERTY_ORDER = (
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
    "tblCaption",
    "tblDescription",
    "tblPrChange",
)


def table_property_problems(docx) -> list[str]:
    """Each w:tblPr of a .docx whose children repeat or stand out of the schema's order."""
    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    problems = []
    with zipfile.ZipFile(docx) as archive:
        for name in archive.namelist():
            data = archive.read(name)
            if not name.endswith(".xml") or b"tblPr" not in data:
                continue
            for n, tbl_pr in enumerate(etree.fromstring(data).iter(f"{w}tblPr")):
                children = [etree.QName(c).localname for c in tbl_pr if etree.QName(c).namespace == w[1:-1]]
                ranks = [TABLE_PROPERTY_ORDER.index(c) if c in TABLE_PROPERTY_ORDER else -1 for c in children]
                if -1 in ranks or ranks != sorted(set(ranks)):
                    problems.append(f"{name}, tabell {n + 1}: {children}")
    return problems


def test_every_template_in_the_repository_has_each_table_property_once_in_schema_order():
    from docgen.pipeline import ROOT

    templates = sorted((ROOT / "templates").rglob("*.docx"))
    assert len(templates) >= 15
    for template in templates:
        assert table_property_problems(template) == [], template


def test_the_table_property_check_finds_a_repeated_or_misplaced_property(tmp_path):
    from docgen.pipeline import ROOT

    template = tmp_path / "plan.docx"
    with zipfile.ZipFile(ROOT / "templates" / "startpaket" / "plan.docx") as archive:
        parts = {i.filename: archive.read(i.filename) for i in archive.infolist()}
    layout = b'<w:tblLayout w:type="fixed"/>'
    assert layout in parts["word/document.xml"]
    for broken, found in (
        (layout + layout, "'tblLayout', 'tblLayout'"),
        (b'<w:tblLook w:val="04A0"/>' + layout, "'tblLook', 'tblLayout', 'tblLook'"),
    ):
        with zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in parts.items():
                archive.writestr(name, data.replace(layout, broken, 1) if name == "word/document.xml" else data)
        problems = table_property_problems(template)
        assert len(problems) == 1 and found in problems[0], problems
