"""Computed numbers in prose in Swedish form without a filter, periods as dates, and
ATT UPPDATERA markers highlighted (character style "Att uppdatera") wherever they stand."""

from __future__ import annotations

import zipfile

import pytest
from docx import Document

from docgen.errors import DocgenError
from docgen.pipeline import build
from docgen.word.readback import document_text

from .test_errors import edit
from .test_vocabulary import kommun  # noqa: F401  (the fixture)

FOLDER = ("exempelby-kommun", "uppfoljning-2026-08")

EXTRA = """
uppgifter:
  a: 1234,5
  b: 10000
  c: -48

värdetabeller:
  elever:
    rubrik: "Elever per skola [[att uppdatera: läsår]]"
    kolumner: [Antal]
    grupper:
      - rader:
          - text: Norra skolan
            värden: ["[[ ATT  uppdatera :siffra saknas ]]"]
          - text: Södra skolan
            värden: ["412"]
"""


def _follow_up(kommun):  # noqa: F811
    folder = kommun.sources.joinpath(*FOLDER)
    with open(folder / "uppfoljning.yaml", "a", encoding="utf-8") as out:
        out.write(EXTRA)
    return folder


def test_computed_numbers_in_prose_are_swedish_without_a_filter(kommun):  # noqa: F811
    folder = _follow_up(kommun)
    edit(
        folder / "uppfoljning.yaml",
        "och bedömning.",
        "och bedömning. Summa {{ uppgifter.a + uppgifter.b }}, skillnad {{ uppgifter.c }}, "
        "kvot {{ uppgifter.b / 3 }}, nästa år {{ dokument.år + 1 }}, med filter {{ uppgifter.b|tal }}.",
    )
    text = document_text(build(folder, kommun))
    assert (
        "Summa 11\u00a0234,5, skillnad \u221248, kvot 3\u00a0333,33, nästa år 2027, med filter 10\u00a0000."
        in text.replace("⍽", "\u00a0")
    )


def test_a_month_period_reads_as_a_date(kommun):  # noqa: F811
    folder = kommun.sources.joinpath(*FOLDER)
    edit(folder / "uppfoljning.yaml", "period: 2026-08", "period: 2026-13")
    with pytest.raises(DocgenError, match="'2026-13' är inte en månad"):  # a typo, not a period in words
        build(folder, kommun)
    edit(folder / "uppfoljning.yaml", "period: 2026-13", "period: 2026-02")
    assert "per mål, februari 2026" in document_text(build(folder, kommun))


def test_markers_are_highlighted_in_cells_and_captions(kommun):  # noqa: F811
    folder = _follow_up(kommun)
    edit(folder / "uppfoljning.yaml", "      - uppföljning: alla", "      - uppföljning: alla\n      - tabell: elever")
    built = build(folder, kommun)
    document = Document(str(built))
    table = document.tables[-1]
    cell = table.rows[1].cells[1]
    assert cell.text == "[ATT UPPDATERA: siffra saknas]"
    assert [r.style.name for r in cell.paragraphs[0].runs] == ["Att uppdatera"]
    caption = next(p for p in document.paragraphs if p.text.startswith("Tabell 4."))
    assert caption.text == "Tabell 4. Elever per skola [ATT UPPDATERA: läsår]"
    assert [r.text for r in caption.runs if r.style.name == "Att uppdatera"] == ["[ATT UPPDATERA: läsår]"]
    styles = zipfile.ZipFile(built).read("word/styles.xml").decode()
    assert 'w:styleId="Attuppdatera"' in styles and '<w:highlight w:val="yellow"/>' in styles
    with pytest.raises(DocgenError) as failure:
        build(folder, kommun, final=True)
    assert "2 ställen markerade ATT UPPDATERA" in str(failure.value)


def test_markers_in_page_headers_and_footers_are_highlighted_and_counted(kommun, tmp_path):  # noqa: F811
    """An editor writes a marker in the template's footer: it is highlighted like any other,
    and a final build counts it (the body of this follow-up has none)."""
    import shutil

    from docgen.pipeline import Project

    templates = tmp_path / "mallar"
    shutil.copytree(kommun.templates, templates)
    template = templates / "gemensam" / "uppfoljning.docx"
    with zipfile.ZipFile(template) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    footer = parts["word/footer1.xml"].decode()
    assert '<w:t xml:space="preserve">Sida </w:t>' in footer
    parts["word/footer1.xml"] = footer.replace(
        '<w:t xml:space="preserve">Sida </w:t>',
        '<w:t xml:space="preserve">Kontakt: [[att uppdatera: kontaktperson]]. Sida </w:t>',
    ).encode()
    with zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    project = Project(kommun.sources, templates, kommun.build)
    folder = kommun.sources.joinpath(*FOLDER)
    footer = Document(str(build(folder, project))).sections[0].footer.paragraphs[0]
    assert footer.text.startswith("Kontakt: [ATT UPPDATERA: kontaktperson]. Sida ")
    assert [r.text for r in footer.runs if r.style.name == "Att uppdatera"] == ["[ATT UPPDATERA: kontaktperson]"]
    with pytest.raises(DocgenError) as failure:
        build(folder, project, final=True)
    assert "ett ställe markerat ATT UPPDATERA" in str(failure.value)
    assert "gemensam/uppfoljning.docx: mallen har ett stycke markerat" in str(failure.value)
    assert "[ATT UPPDATERA: kontaktperson]" in str(failure.value)
