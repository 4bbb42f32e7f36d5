"""The accessibility gate and the typography lint: every rule fails on a broken document."""

from __future__ import annotations

import re

import pytest

from docgen.commands.check import check_all
from docgen.pipeline import Project, prepare
from docgen.word.accessibility import check_document, contrast
from docgen.word.environment import RenderState
from docgen.word.render import render
from docgen.word.typography import lint_text
from docgen.word.write import finish_document, set_properties

from .conftest import PLAN_2025, not_unfinished
from .test_errors import DOC, edit, run_docgen, source

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@pytest.fixture(scope="module")
def finished_parts():
    prepared = prepare(PLAN_2025, Project())
    parts = finish_document(render(prepared.template, prepared.context, RenderState(prepared.computed)))
    set_properties(parts, prepared.sources.document)
    return parts


def broken(parts, part: str, old: str, new: str, count: int = 1):
    text = parts[part].decode("utf-8")
    assert old in text, old
    changed = dict(parts)
    changed[part] = text.replace(old, new, count).encode("utf-8")
    return changed


def messages(parts):
    return [str(p) for p in check_document(parts, "test.docx")]


def test_real_documents_pass(finished_parts):
    assert messages(finished_parts) == []


def test_missing_title(finished_parts):
    parts = dict(finished_parts)
    parts["docProps/core.xml"] = re.sub(
        rb"<dc:title>.*?</dc:title>", b"<dc:title></dc:title>", parts["docProps/core.xml"]
    )
    assert any("saknar titel" in m for m in messages(parts))


def test_wrong_language(finished_parts):
    parts = broken(finished_parts, "word/styles.xml", 'w:val="sv-SE"', 'w:val="en-US"')
    assert any("språk är en-US" in m for m in messages(parts))


def test_heading_level_skipped(finished_parts):
    parts = broken(finished_parts, "word/document.xml", '<w:pStyle w:val="Heading2"/>', '<w:pStyle w:val="Heading3"/>')
    found = [m for m in messages(parts) if "nivå 3 direkt efter nivå 1" in m]
    assert found and "(Hantering av mål, uppdrag och styrtal från Treårsbudget)" in found[0] and "Rubrik 2" in found[0]


def test_first_heading_not_level_one(finished_parts):
    parts = broken(finished_parts, "word/document.xml", '<w:pStyle w:val="Heading1"/>', '<w:pStyle w:val="Heading2"/>')
    assert any("den första rubriken ('Årets planering') har nivå 2" in m for m in messages(parts))


def test_picture_without_alt_text(finished_parts):
    drawing = (
        '<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
        '<wp:docPr id="5" name="Bild 1" descr=""/></wp:inline></w:drawing></w:r>'
    )
    parts = broken(
        finished_parts,
        "word/document.xml",
        '<w:t xml:space="preserve">Patientlöften</w:t></w:r>',
        '<w:t xml:space="preserve">Patientlöften</w:t></w:r>' + drawing,
    )
    assert any("bild saknar alternativtext" in m for m in messages(parts))


def test_table_without_header_row(finished_parts):
    parts = broken(finished_parts, "word/document.xml", "<w:tblHeader/>", "")
    found = [m for m in messages(parts) if "saknar rubrikrad" in m]
    assert found and "tabell 'Uppdrag till nämnden inom Långsiktigt hållbar ekonomi'" in found[0]


def test_table_without_caption(finished_parts):
    parts = dict(finished_parts)
    parts["word/document.xml"] = re.sub(rb'<w:tblCaption w:val="[^"]*"/>', b"", parts["word/document.xml"], count=1)
    assert any("en tabell saknar rubrik" in m for m in messages(parts))


def test_vertically_merged_cells(finished_parts):
    parts = broken(finished_parts, "word/document.xml", '<w:tcW w:w="', '<w:vMerge w:val="restart"/><w:tcW w:w="')
    assert any("lodrätt sammanslagna" in m for m in messages(parts))


def test_merged_data_cells(finished_parts):
    parts = broken(
        finished_parts,
        "word/document.xml",
        '<w:tcPr><w:tcW w:w="1450" w:type="dxa"/></w:tcPr>',
        '<w:tcPr><w:tcW w:w="1450" w:type="dxa"/><w:gridSpan w:val="2"/></w:tcPr>',
        40,
    )
    assert any("sammanslagna celler som inte är en hel grupprubrik" in m for m in messages(parts))


def test_empty_paragraph_as_spacing(finished_parts):
    parts = broken(
        finished_parts,
        "word/document.xml",
        '<w:p><w:pPr><w:pStyle w:val="Heading1"/>',
        '<w:p/><w:p><w:pPr><w:pStyle w:val="Heading1"/>',
    )
    assert any("tomt stycke används som mellanrum" in m for m in messages(parts))


def test_low_contrast_style(finished_parts):
    parts = broken(finished_parts, "word/styles.xml", 'w:styleId="Heading1"', 'w:styleId="Heading1"', 1)
    text = parts["word/styles.xml"].decode()
    start = text.index('w:styleId="Heading1"')
    end = text.index("</w:style>", start)
    heading = re.sub(r'<w:color w:val="[0-9A-F]{6}"', '<w:color w:val="B0B0B0"', text[start:end])
    parts["word/styles.xml"] = (text[:start] + heading + text[end:]).encode()
    assert any("kontrasten 2.2:1" in m and "#B0B0B0 på #FFFFFF" in m for m in messages(parts))


def test_low_contrast_in_a_table_header_row(finished_parts):
    """The table style's header fill made light: the header rows' white text fails on it (the
    gate's pairs are first read from the serialised text: this one must be among them)."""
    parts = broken(finished_parts, "word/styles.xml", 'w:fill="1F3864"', 'w:fill="D9E2F3"')
    found = [m for m in messages(parts) if "#FFFFFF på #D9E2F3" in m]
    assert found


def test_low_contrast_in_a_table_body_row(finished_parts):
    """The table text style in light grey: its text in the body rows fails on white."""
    text = finished_parts["word/styles.xml"].decode()
    start = text.index('w:styleId="Tabelltext"')
    end = text.index("</w:style>", start)
    style = text[start:end].replace("<w:sz ", '<w:color w:val="B0B0B0"/><w:sz ', 1)
    parts = dict(finished_parts)
    parts["word/styles.xml"] = (text[:start] + style + text[end:]).encode()
    assert any("#B0B0B0 på #FFFFFF" in m for m in messages(parts))


def test_contrast_ratio():
    assert round(contrast("000000", "FFFFFF"), 1) == 21.0
    assert contrast("FFFFFF", "1F3864") > 4.5


def test_build_refuses_an_inaccessible_document(workspace):
    edit(
        workspace.sources / "region-orebro-lan" / "hsn-vp-2026" / "avsnitt.yaml",
        "## Målbild för hälso",
        "### Målbild för hälso",
    )
    result = run_docgen(workspace, "build", str(workspace.sources / "region-orebro-lan" / "hsn-vp-2026"))
    assert (
        result.returncode == 2
        and "rubriken 'Målbild för hälso- och sjukvårdens utveckling fram till år 2030' har nivå 3 direkt efter nivå 1"
        in result.stderr
    )
    assert list(workspace.build.rglob("*")) == []


@pytest.mark.parametrize(
    "text, rule",
    [
        ("kostar 20 mkr", "enhet"),
        ("kostar 5 MSEK", "enhet"),
        ("milj kr", "enhet"),
        ("budget 2.500 mnkr", "tusentalspunkt"),
        ("ökar 3.1 procent", "decimalpunkt"),
        ("andelen 68%", "procenttecken"),
        ("justeras till -13 procent", "minustecken"),
        ("perioden 2025-2027", "intervall"),
        ("budgetåret 2024/25", "förkortat år"),
        ("verksamhetsåret 1999/00", "förkortat år"),
    ],
)
def test_typography_rules(text, rule):
    assert [f.rule for f in lint_text(text)] == [rule]


@pytest.mark.parametrize(
    "text",
    [
        "2025-12-31",
        "RÖ 2024-5883",
        "Kapitlet 1.6.1. Fast läkarkontakt",
        "3,1 procent",
        "68 %",
        "−13 %",
        "2025–2027",
        "6-åringarna",
        "RÖ 2024/1648",
        "KS 2018/14",  # Kramfors's diarienummer: not the years 2018/2019
        "Dnr KS 2018/62",
    ],
)
def test_typography_leaves_correct_text_alone(text):
    assert lint_text(text) == []


def test_check_reports_typography_with_file_and_line(workspace):
    line = edit(
        source(workspace, "direktor.yaml"),
        "Upphandla vuxenpsykiatrisk öppenvård",
        "Upphandla vuxenpsykiatrisk öppenvård för 20 mkr",
    )
    found = [str(p) for p in check_all([workspace.sources / DOC], workspace)]
    assert any(f"direktor.yaml, rad {line}: typografi" in m and "'mkr'" in m for m in found), found


def test_range_advice_shows_the_editors_own_years(workspace):
    """The advice for a range written with a hyphen is the editor's text with the dash, not an
    example with other years ("2024-2026" was told to write "2025–2027")."""
    line = edit(
        source(workspace, "direktor.yaml"),
        "Upphandla vuxenpsykiatrisk öppenvård",
        "Upphandla vuxenpsykiatrisk öppenvård 2024-2026",
    )
    found = [str(p) for p in check_all([workspace.sources / DOC], workspace)]
    assert any(
        f"direktor.yaml, rad {line}: typografi: '2024-2026' – skriv intervall med tankstreck: 2024–2026." in m
        for m in found
    ), found


def test_accepting_a_finding_needs_a_reason(workspace):
    edit(
        source(workspace, "direktor.yaml"),
        "Upphandla vuxenpsykiatrisk öppenvård",
        "Upphandla vuxenpsykiatrisk öppenvård för 20 mkr",
    )
    path = source(workspace, "direktor.yaml")
    path.write_text(
        path.read_text(encoding="utf-8") + "\ngodkända_avvikelser:\n  - text: mkr\n    skäl: Citat.\n", encoding="utf-8"
    )
    found = [str(p) for p in check_all([workspace.sources / DOC], workspace)]
    assert any("skälet är för kort" in m for m in found), found
    path.write_text(
        path.read_text(encoding="utf-8").replace("skäl: Citat.", "skäl: Citat ur avtalet, ordagrant."), encoding="utf-8"
    )
    assert not_unfinished(check_all([workspace.sources / DOC], workspace)) == []
