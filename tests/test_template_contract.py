"""The template contract: a style the engine writes but the template lacks is reported by
`docgen check` with the fix for Word and LibreOffice, and the build falls back to the
starter kit's style instead of failing."""

from __future__ import annotations

import re
import zipfile

from docx import Document

from docgen.contract import check_all
from docgen.pipeline import build
from docgen.styles import CONTRACT


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
    problems = [str(p) for p in check_all([folder], workspace)]
    assert len(problems) == 1, problems
    message = problems[0]
    assert str(template) in message
    assert "mallen saknar formatmallen 'Tabelltal'" in message
    assert "i Word Start › Format › Ny formatmall" in message and "i LibreOffice Format › Formatmallar" in message
    built = build(folder, workspace)
    document = Document(str(built))
    assert "Tabelltal" in [s.style_id for s in document.styles]
    numbers = [p for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs
               if p.style is not None and p.style.style_id == "Tabelltal"]
    assert numbers and numbers[0].style.paragraph_format.alignment is not None  # right-aligned, as in the kit
    assert {p: p.read_bytes() for p in folder.iterdir()} == sources_before


def test_every_template_in_the_repository_has_the_whole_contract(workspace):
    from docgen.styles import missing_styles

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
