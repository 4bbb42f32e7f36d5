"""The internkontrollplan in the columns a nämnd's plan has (process, risk, sannolikhet ×
konsekvens = riskvärde, a level only from the organisation's own scale, kontrollmoment, metod,
frekvens, ansvarig, rapportering), built through the real pipeline and read back; and the
mistakes an editor can make in it, each one Swedish message with file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from docgen.commands.check import check_all
from docgen.pipeline import ROOT, Project, build

from .conftest import assert_matches_golden, assert_only_unfinished
from .test_editor_mistakes import edit, refused
from .test_real_organisations import FIXTURES, document_words, share_reproduced, words

UPPSALA = Path("uppsala-kommun") / "mhn-intern-kontrollplan-2016"
FIXTURE = "uppsala-mhn-intern-kontrollplan-2016"

# The guide's example (docs/kallformat.md, internkontrollplan), in a plan of one's own
FULL = """\
internkontroll:
  rubrik: Internkontrollplan 2025
  kolumner:
    verksamhet: Process/rutin
    risk: Risk
    sannolikhet: S
    konsekvens: K
    riskvärde: Riskvärde
    risknivå: Risknivå
    kontrollmoment: Kontrollmoment
    kontrollmetod: Kontrollmetod
    frekvens: Frekvens
    ansvarig: Ansvarig
    rapportering: Rapporteras till/när
  riskskala:
    - {nivå: Låg, från: 1, till: 4, färg: grön}
    - {nivå: Medel, från: 5, till: 9, färg: gul}
    - {nivå: Hög, från: 10, till: 16, färg: röd}
  verksamheter:
    - verksamhet: Inköp
      risker:
        - risk: Inköp görs utanför avtal
          sannolikhet: 3
          konsekvens: 3
          kontrollmoment: Avtalstrohet vid inköp
          kontrollmetod: Stickprov, 20 fakturor
          frekvens: Två gånger per år
          ansvarig: Ekonomichef
          rapportering: Nämnden i augusti och februari
        - risk: Attest av egna kostnader
          sannolikhet: 2
          konsekvens: 2
          riskvärde: 4
          kontrollmoment: Jäv vid attest
          kontrollmetod: Registerutdrag
          frekvens: En gång per år
          ansvarig: Controller
          rapportering: Nämnden i februari
    - verksamhet: Myndighetsutövning
      risker:
        - risk: Beslut fattas utan delegation
          sannolikhet: 4
          konsekvens: 4
          kontrollmoment: Delegationsbeslut
          kontrollmetod: Genomgång av 10 beslut
          frekvens: Varje kvartal
          ansvarig: Avdelningschef
          rapportering: Nämnden varje kvartal
"""


@pytest.fixture
def ws(tmp_path) -> Path:
    """The Uppsala document alone, with its template, a build folder and nothing else."""
    for part in ("sources", "templates"):
        shutil.copytree(ROOT / part / "uppsala-kommun", tmp_path / part / "uppsala-kommun")
    (tmp_path / "build").mkdir()
    return tmp_path


def plan_file(ws: Path) -> Path:
    return ws / "sources" / UPPSALA / "internkontroll.yaml"


def full_plan(ws: Path) -> Path:
    path = plan_file(ws)
    path.write_text("# yaml-language-server: $schema=../../../docs/schema/internkontroll.schema.json\n" + FULL)
    return path


def test_uppsalas_plan_is_built_from_the_starter_in_its_own_columns(tmp_path):
    project = Project(build=tmp_path)
    source = ROOT / "sources" / UPPSALA
    checked = check_all([source], project)
    built = build(source, project)
    assert_only_unfinished(checked, built)
    original = (FIXTURES / FIXTURE / "original.txt").read_text(encoding="utf-8")
    plan = original.split("(4)", 1)[1]  # bilaga 1, the plan; before it the tjänsteskrivelse and the beslut
    assert share_reproduced(words(plan), document_words(built)) == 1.0
    table = Document(str(built)).tables[0]
    assert [c.text for c in table.rows[0].cells][:5] == [
        "Process/rutin/system",
        "Kontrollmoment",
        "Riskvärde",
        "Kontrollmetod",
        "Kontrollansvarig",
    ]
    assert_matches_golden(built, FIXTURE)


def test_risk_value_is_computed_and_the_level_comes_from_the_organisations_scale(ws, tmp_path):
    full_plan(ws)
    built = build(ws / "sources" / UPPSALA, Project(ws / "sources", ws / "templates", ws / "build"))
    table = Document(str(built)).tables[0]
    header = [c.text for c in table.rows[0].cells]
    assert header == [
        "Process/rutin",
        "Risk",
        "S",
        "K",
        "Riskvärde",
        "Risknivå",
        "Kontrollmoment",
        "Kontrollmetod",
        "Frekvens",
        "Ansvarig",
        "Rapporteras till/när",
    ]
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert [r[0] for r in rows] == ["Inköp", "", "Myndighetsutövning"]  # a process on its first risk only
    assert [r[2:6] for r in rows] == [["3", "3", "9", "Medel"], ["2", "2", "4", "Låg"], ["4", "4", "16", "Hög"]]
    first = table.rows[1].cells
    assert first[4].paragraphs[0].style.name == "Tabelltal"  # numbers right-aligned
    assert first[1].paragraphs[0].style.name == "Tabelltext"
    fills = [row.cells[5]._tc.tcPr.xpath("./w:shd/@w:fill") for row in table.rows[1:]]
    assert fills == [["FFC000"], ["00703C"], ["C00000"]]  # the scale's colours, the level always in words
    assert any(p.text == "Tabell 1. Internkontrollplan 2025" for p in Document(str(built)).paragraphs)


def _wrong_value(ws):
    line = edit(full_plan(ws), "          riskvärde: 4\n", "          riskvärde: 6\n")
    return r"riskvärdet 6 stämmer inte med sannolikhet × konsekvens \(2 × 2 = 4\)", line


def _half_a_product(ws):
    line = edit(full_plan(ws), "          konsekvens: 3\n", "")
    return r"'konsekvens' saknas: riskvärdet räknas som sannolikhet × konsekvens", line - 1


def _level_without_scale(ws):
    path = full_plan(ws)
    text = path.read_text()
    start = text.index("  riskskala:")
    path.write_text(text[:start] + text[text.index("  verksamheter:") :])
    line = path.read_text().splitlines().index("        - risk: Inköp görs utanför avtal") + 1
    return r"kolumnen 'risknivå' visas, men risken har ingen risknivå och planen ingen 'riskskala'", line


def _outside_the_scale(ws):
    line = edit(
        full_plan(ws), "{nivå: Hög, från: 10, till: 16, färg: röd}", "{nivå: Hög, från: 10, till: 15, färg: röd}"
    )
    line = plan_file(ws).read_text().splitlines().index("          sannolikhet: 4") + 1
    return r"riskvärdet 16 finns inte i riskskalan \(Låg 1–4, Medel 5–9, Hög 10–15\)", line


def _overlapping_steps(ws):
    line = edit(full_plan(ws), "{nivå: Medel, från: 5,", "{nivå: Medel, från: 4,")
    return r"nivån 'Medel' \(4–9\) överlappar 'Låg' \(1–4\)", line


def _level_against_the_scale(ws):
    line = edit(full_plan(ws), "          riskvärde: 4\n", "          riskvärde: 4\n          risknivå: Medel\n") + 1
    return r"risknivån 'Medel' stämmer inte med riskskalan: riskvärdet 4 är 'Låg'", line


def _neither_risk_nor_control(ws):
    path = full_plan(ws)
    line = edit(path, "        - risk: Beslut fattas utan delegation\n", "")
    edit(path, "          sannolikhet: 4\n", "        - sannolikhet: 4\n")
    edit(path, "          kontrollmoment: Delegationsbeslut\n", "")
    return r"risken har varken 'risk' eller 'kontrollmoment'", line


def _unknown_column(ws):
    line = edit(full_plan(ws), "    frekvens: Frekvens\n", "    frekvensen: Frekvens\n")
    return r"'frekvensen' är inte tillåtet", line


MISTAKES = [
    _wrong_value,
    _half_a_product,
    _level_without_scale,
    _outside_the_scale,
    _overlapping_steps,
    _level_against_the_scale,
    _neither_risk_nor_control,
    _unknown_column,
]


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.__name__.strip("_") for m in MISTAKES])
def test_a_mistake_in_the_plan_is_one_message_with_file_and_line(ws, mistake):
    expected, line = mistake(ws)
    refused(ws, ["build", ws / "sources" / UPPSALA], expected, "internkontroll.yaml", line)


def test_columns_whose_words_cannot_all_fit_share_the_width_by_their_texts(ws):
    """Eleven columns of long Swedish words ('verksamhetssystemet') do not fit even a landscape
    page: the number columns keep what their digits need, every one-word heading stays whole
    (headings are not hyphenated), and the text columns share the rest (before, the table kept
    the widths it was drawn with, scaled to the landscape page: S and K each 1,698 twips, the
    texts 1,113)."""
    from docgen.word.textwidth import CELL_PADDING, longest_word

    long_words = (
        FULL.replace("Inköp görs utanför avtal", "Utbetalning utan fullständigt beslutsunderlag")
        .replace("Stickprov, 20 fakturor", "Uttag ur verksamhetssystemet, samtliga anmälningar")
        .replace("Ekonomichef", "Enhetschef försörjningsstöd")
        .replace("Genomgång av 10 beslut", "Registerkontroll i verksamhetssystemet")
    )
    plan_file(ws).write_text(long_words)
    built = build(ws / "sources" / UPPSALA, Project(ws / "sources", ws / "templates", ws / "build"))
    table = Document(str(built)).tables[0]
    grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    headings = [c.text for c in table.rows[0].cells]

    assert grid[2:4] == [900, 900]  # S and K: one digit each
    for heading, width in zip(headings, grid):
        if " " not in heading:
            assert width >= longest_word(heading, 19, True) + CELL_PADDING, heading
    assert grid[headings.index("Risk")] > grid[headings.index("Risknivå")]  # long risks, one-word levels
