"""The planning year and the treårsbudget: calendar, wheel, focus areas, recipients, shares,
and the connection to a board's plan."""

from __future__ import annotations

import pytest
from docx import Document

from docgen.commands.check import check_all
from docgen.errors import DocgenError
from docgen.pipeline import ROOT, Project, build
from docgen.word.charts import ChartCache, planning_wheel, wheel_alt_text

from .conftest import assert_matches_golden
from .test_errors import DOC, edit, source
from .test_plan_2025 import table_after

PLANNING = ROOT / "sources" / "region-ostergotland" / "planeringsaret-2024"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
STEPS = [
    "Strategiprogram",
    "Planeringsförutsättningar",
    "Treårsbudget med fokusområden",
    "Årsplaner och budget HSN Överenskommelse",
    "Handlingsplan verksamheter",
    "Verksamhetsplan PE",
]


@pytest.fixture(scope="module")
def planning_path(tmp_path_factory):
    return build(PLANNING, Project(build=tmp_path_factory.mktemp("build-pa")))


@pytest.fixture(scope="module")
def planning(planning_path):
    return Document(str(planning_path))


def test_calendar_table_in_the_order_of_the_year(planning):
    table = next(t for t in planning.tables if t.rows[0].cells[0].text == "Månad")
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert [r[0] for r in rows] == ["November", "Mars", "Juni", "September", "December", "December"]
    assert [r[1] for r in rows] == STEPS
    september = rows[3][2]
    assert "Nämnder och styrelse årsplaner:" in september and "HSN Överenskommelse:" in september


def test_wheel_picture_with_alt_text_from_the_calendar(planning):
    pictures = list(planning.element.body.iter(WP + "docPr"))
    assert len(pictures) == 1
    alt = pictures[0].get("descr")
    assert alt == wheel_alt_text("Planeringsåret", list(zip(STEPS, [11, 3, 6, 9, 12, 12])))
    assert "Strategiprogram (november), Planeringsförutsättningar (mars)" in alt
    captions = [p.text for p in planning.paragraphs if p.style.name == "Caption"]
    assert "Figur 1. Planeringsåret" in captions


def test_wheel_is_deterministic_and_cached(tmp_path):
    steps = list(zip(STEPS, [11, 3, 6, 9, 12, 12]))
    cache = ChartCache(tmp_path)
    first = planning_wheel("Planeringsåret", steps, cache)
    assert list(tmp_path.glob("*.png")) == []  # saved only when the build succeeds
    cache.save()
    cached = list(tmp_path.glob("*.png"))
    assert len(cached) == 1
    again = planning_wheel("Planeringsåret", steps, ChartCache(None))
    assert again.png == first.png == cached[0].read_bytes()


def test_focus_areas_with_styrtal_and_recipients(planning):
    headings = [p.text for p in planning.paragraphs if p.style.name == "Heading 2"]
    assert "Hållbar ekonomi över tid" in headings and "Goda livsvillkor i Östergötland" in headings
    tables = [t for t in planning.tables if t.rows[0].cells[0].text == "Uppdrag"]
    assert len(tables) == 8
    rows = [[c.text for c in r.cells] for t in tables for r in t.rows[1:]]
    assert len(rows) == 54
    by_text = {r[0]: r[1] for r in rows}
    egen = next(text for text in by_text if text.startswith("Utöka antalet individer med egenmonitorering"))
    assert by_text[egen] == "HSN"
    assert sum(1 for r in rows if ", " in r[1]) == 5  # uppdrag given to two bodies


def test_savings_table_sum_and_shares(planning):
    rows = {r.cells[0].text: r.cells[1].text for r in table_after(planning, "Tabell 1. Besparingar").rows}
    assert rows["Summa"] == "1\u00a0375"
    assert rows["Andel av omsättning"] == "5,9\u00a0%"
    assert rows["Andel av omsättning (exkl ettårig)"] == "4,4\u00a0%"


def test_shares_that_cannot_come_from_one_turnover_fail(workspace):
    path = workspace.sources / "region-ostergotland" / "planeringsaret-2024" / "besparingar.yaml"
    edit(path, "värde: 4.4", "värde: 3.4")
    with pytest.raises(DocgenError) as failure:
        build(workspace.sources / "region-ostergotland" / "planeringsaret-2024", workspace)
    assert "andelarna av omsättning går inte ihop" in str(failure.value)


def test_plan_takes_the_text_of_the_budget_assignment(plan_2025):
    cells = [c.text for t in plan_2025.tables for r in t.rows for c in r.cells]
    assert any(c.startswith("Utöka antalet individer med egenmonitorering för patienter med kroniska") for c in cells)


def test_reference_to_an_unknown_budget_assignment(workspace):
    line = edit(source(workspace, "pagaende-uppdrag.yaml"), "#tab2024-egenmonitorering", "#tab2024-egenmonitoring")
    with pytest.raises(DocgenError) as failure:
        build(workspace.sources / DOC, workspace)
    message = str(failure.value)
    assert f"pagaende-uppdrag.yaml, rad {line}" in message and "har inget uppdrag 'tab2024-egenmonitoring'" in message


def test_check_reports_missing_and_unknown_handling(workspace):
    """One handled (egenmonitorering), one given to another body, the rest missing."""
    plan = source(workspace, "dokument.yaml")
    edit(
        plan,
        "  ämne: Årsplan och budget 2025\n",
        "  ämne: Årsplan och budget 2025\n  svarar_på:\n"
        "    treårsbudget: region-ostergotland/planeringsaret-2024\n    organ: hsn\n",
    )
    ongoing = source(workspace, "pagaende-uppdrag.yaml")
    text = ongoing.read_text(encoding="utf-8")
    extra = (
        "          - id: kostnadseffektivitet\n"
        "            från: region-ostergotland/planeringsaret-2024#tab2024-varumarke\n"
        "            hantering: Följs i nämndens beställningar.\n"
    )
    ongoing.write_text(
        text.replace(
            "\n  - treårsbudget: Treårsbudget 2023", "\n" + extra + "\n  - treårsbudget: Treårsbudget 2023", 1
        ),
        encoding="utf-8",
    )
    budget = (PLANNING / "trearsbudget.yaml").read_text(encoding="utf-8")
    assert "id: tab2024-varumarke" in budget, "the test needs an RS uppdrag with this id"
    messages = [str(p) for p in check_all([workspace.sources / DOC], workspace)]
    missing = [m for m in messages if "ges till HSN men hanteras inte i planen" in m]
    assert len(missing) == 10  # eleven HSN uppdrag in the treårsbudget, one handled
    assert not any("'tab2024-egenmonitorering'" in m for m in missing)
    assert any("uppdraget 'tab2024-varumarke' ges i treårsbudgeten inte till HSN utan till RS" in m for m in messages)


def test_golden_text_snapshot(planning_path):
    assert_matches_golden(planning_path, "planeringsaret-2024")
