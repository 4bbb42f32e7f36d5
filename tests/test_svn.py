"""Samverkansnämndens follow-up (SVN 2024), read back from the built document: a chart drawn
from a value table's row, captions ended once, units carried down a column, a placeholder row
left out with its reason, a decimal point stopping the build, the rounding note, nested lists."""

from __future__ import annotations

import pytest
from docx import Document

from docgen.pipeline import ROOT, Project, build

from .test_errors import edit, run_docgen, tree_digest

SVN = ROOT / "sources" / "sydostra-sjukvardsregionen" / "svn-uppfoljning-2024"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
ROUNDING = "Summorna kan avvika på grund av avrundning."


@pytest.fixture(scope="module")
def svn(tmp_path_factory):
    return Document(str(build(SVN, Project(build=tmp_path_factory.mktemp("svn")))))


def _table(document, caption_start):
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    body = list(document.element.body.iterchildren())
    for n, element in enumerate(body):
        if element.tag.endswith("}p") and Paragraph(element, document).text.startswith(caption_start):
            return Table(next(e for e in body[n + 1 :] if e.tag.endswith("}tbl")), document)
    raise AssertionError(caption_start)


def test_diagram_11_is_drawn_from_the_row_of_tabell_10(svn):
    systemmatt = _table(svn, "Tabell 10. Systemmått")
    row = next(r for r in systemmatt.rows if r.cells[0].text == "Första besök inom 90 dagar")
    header = [c.text for c in systemmatt.rows[0].cells]
    pictures = [e.get("descr") for e in svn.element.body.iter(WP + "docPr")]
    assert len(pictures) == 12
    chart = next(p for p in pictures if "Väntande 90 dagar eller kortare efter första besök" in p)
    bars = ", ".join(f"{region} {value}" for region, value in zip(header[1:], [c.text for c in row.cells[1:]]))
    assert bars == "RJL 90,5\u00a0%, RÖ 54,7\u00a0%, RKL 80,7\u00a0%, Riket 73,9\u00a0%"
    assert bars in chart
    captions = [p.text for p in svn.paragraphs if p.style.name == "Caption" and p.text.startswith("Diagram")]
    assert len(captions) == 12


def test_chart_texts_end_each_sentence_once(svn):
    texts = [p.text for p in svn.paragraphs]
    assert not [t for t in texts if ".," in t or ".." in t]
    assert any(
        "tillgänglighet till vård och behandling. Högt värde eftersträvas. Källa: Vården i siffror." in t for t in texts
    )
    assert any(
        t.startswith(
            "Andel personer som anser att deras allmänna hälsotillstånd är bra eller mycket bra, "
            "högt värde eftersträvas."
        )
        for t in texts
    )


def test_a_charts_alt_text_names_it_as_its_caption_does(svn):
    """Diagram 6, 'Jämlik vård - Dödlighet 28 dagar efter hjärtinfarkt' in the sources: its
    caption is set with a dash ('Jämlik vård – Dödlighet …'), but the alt text that a screen
    reader reads, in the .docx and the web edition, kept the hyphen. Each chart's alt text now
    names the chart as its caption does."""
    pictures = list(svn.element.body.iter(f"{WP}docPr"))
    captions = [
        p.text.split(". ", 1)[1] for p in svn.paragraphs if p.style.name == "Caption" and p.text.startswith("Diagram")
    ]
    assert len(pictures) == len(captions) == 12
    for picture, caption in zip(pictures, captions):
        assert caption in picture.get("descr"), (picture.get("descr"), caption)
    assert any("Jämlik vård\u00a0– Dödlighet 28 dagar" in picture.get("descr") for picture in pictures)


def test_units_are_carried_down_a_column_and_the_empty_row_is_left_out_with_its_reason(svn):
    systemmatt = _table(svn, "Tabell 10. Systemmått")
    operation = next(r for r in systemmatt.rows if r.cells[0].text == "Operation/behandling inom 90 dagar")
    assert [c.text for c in operation.cells[1:]] == ["91,6\u00a0%", "56\u00a0%", "71,5\u00a0%", "64\u00a0%"]
    assert not [r for r in systemmatt.rows if r.cells[0].text in ("Säker vård", "-")]
    texts = [p.text for p in svn.paragraphs]
    assert (
        "Patientlöftet säker vård saknar mått och värden för samtliga regioner och redovisas därför inte i tabellen."
    ) in texts
    counts = _table(svn, "Tabell 8. Nybesök")
    assert [c.text for c in counts.rows[2].cells[1:3]] == ["1\u00a0018", "74,6\u00a0%"]  # "Antal" gets no unit


def _body(document):
    """The document's paragraphs (text) and tables (rows of cell texts), in order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for element in document.element.body.iterchildren():
        if element.tag.endswith("}p"):
            yield Paragraph(element, document).text
        elif element.tag.endswith("}tbl"):
            yield [[c.text for c in r.cells] for r in Table(element, document).rows]


def test_a_sum_that_differs_from_its_rounded_parts_gets_the_note(svn):
    body = list(_body(svn))
    noted = [n for n, item in enumerate(body) if item == ROUNDING]
    tables = [body[n - 1] for n in noted]
    assert ["Region Östergötland", "36", "27", "24", "63", "60"] in tables[0]  # 36 + 7 shown as 44
    assert ["Summa", "44", "34", "29", "77", "72"] in tables[0]
    assert len(noted) == 2  # the two tables whose 'tolerans' is used, and no other
    exact = next(
        item for item in body if isinstance(item, list) and ["Summa", "674", "325", "353", "999", "1\u00a0027"] in item
    )
    assert body[body.index(exact) + 1] != ROUNDING  # its sums are exact: no note


def test_nested_markdown_lists_become_nested_word_lists(svn):
    items = [(p.style.name, p.text) for p in svn.paragraphs if p.style.name.startswith("List Bullet")]
    nested = [t for s, t in items if s == "List Bullet 2"]
    assert nested == [
        "Samarbetsområden",
        "Högspecialiserad vård",
        "Universitetssjukvård",
        "Vård enligt regionavtalet",
        "Reviderat riksavtal för utomlänsvård",
        "Beslut om nationell högspecialiserad vård inom områdena "
        "Avancerad esofaguskirurgi och Vaskulär Ehlers-Danlos syndrom",
    ]
    assert not [t for _s, t in items if t.startswith(("–", "-"))]
    assert ("List Bullet", "Sjukvårdsregional samverkan") in items


def _fails(workspace, expected: str, line: int, file: str):
    before = tree_digest(workspace.sources)
    result = run_docgen(
        workspace, "build", str(workspace.sources / "sydostra-sjukvardsregionen" / "svn-uppfoljning-2024")
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{file}, rad {line}: {expected}" in result.stderr, result.stderr
    assert list(workspace.build.rglob("*")) == [] and tree_digest(workspace.sources) == before
    return result.stderr


def test_a_decimal_point_in_swedish_text_stops_the_build(workspace):
    path = workspace.sources / "sydostra-sjukvardsregionen" / "svn-uppfoljning-2024" / "diagram.yaml"
    line = edit(path, '"Max-Min 91,9-78,4"', '"Max-Min 91,9-78.4"')
    message = _fails(workspace, "typografi: '91,9-78.4' – skriv decimaler med komma", line, "diagram.yaml")
    assert "godkända_avvikelser" in message


def test_a_chart_row_that_is_not_in_the_table_is_named(workspace):
    path = workspace.sources / "sydostra-sjukvardsregionen" / "svn-uppfoljning-2024" / "diagram.yaml"
    line = edit(path, "rad: Första besök inom 90 dagar}", "rad: Första besök inom 30 dagar}")
    message = _fails(
        workspace, "raden 'Första besök inom 30 dagar' finns inte i tabellen 'Systemmått'.", line, "diagram.yaml"
    )
    assert "t.ex. 'Första besök inom 90 dagar'" in message


def test_a_sub_heading_row_spans_the_table_in_its_style_without_dashes(svn):
    systemmatt = _table(svn, "Tabell 10. Systemmått")
    row = next(r for r in systemmatt.rows if r.cells[0].text.startswith("Standardiserade vårdförlopp cancer"))
    cells = row._tr.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tc")
    assert len(cells) == 1 and row.cells[0].text == "Standardiserade vårdförlopp cancer: (av RCC utvalda)"
    assert row.cells[0]._tc.grid_span == len(systemmatt.columns)
    assert "–" not in "".join(c.text for c in row.cells)
    style = row.cells[0].paragraphs[0].style
    assert style.name == "Mellanrubrikrad" and style.font.bold and style.font.italic
    assert style.paragraph_format.keep_with_next
    rows = [r.cells[0].text for r in systemmatt.rows]
    below = rows.index("Standardiserade vårdförlopp cancer: (av RCC utvalda)") + 1
    assert rows[below] == "Standardiserade vårdförlopp\u00a0– bukspottkörtelcancer"  # a dash, as its neighbours


def test_a_sub_heading_with_values_is_named(workspace):
    path = workspace.sources / "sydostra-sjukvardsregionen" / "svn-uppfoljning-2024" / "varden.yaml"
    line = edit(path, "mellanrubrik: true", "mellanrubrik: true\n            värden: [1, 2, 3, 4]") + 1
    message = _fails(
        workspace,
        "värdetabeller.systemmatt.grupper[2].rader[1].värden: en mellanrubrik har inga värden",
        line,
        "varden.yaml",
    )
    assert "Ta bort 'värden'" in message


def test_a_row_without_values_asks_for_them_or_a_sub_heading(workspace):
    path = workspace.sources / "sydostra-sjukvardsregionen" / "svn-uppfoljning-2024" / "varden.yaml"
    line = edit(path, "            mellanrubrik: true\n", "") - 1
    message = _fails(
        workspace,
        "värdetabeller.systemmatt.grupper[2].rader[1]: raden 'Standardiserade vårdförlopp cancer: (av RCC utvalda)' har inga 'värden'",
        line,
        "varden.yaml",
    )
    assert "mellanrubrik: true" in message


def test_a_chart_cannot_draw_a_sub_heading(workspace):
    path = workspace.sources / "sydostra-sjukvardsregionen" / "svn-uppfoljning-2024" / "diagram.yaml"
    line = edit(
        path, "rad: Första besök inom 90 dagar}", 'rad: "Standardiserade vårdförlopp cancer: (av RCC utvalda)"}'
    )
    _fails(
        workspace,
        "raden 'Standardiserade vårdförlopp cancer: (av RCC utvalda)' är en mellanrubrik",
        line,
        "diagram.yaml",
    )
