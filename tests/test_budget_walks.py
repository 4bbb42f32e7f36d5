"""What a kommun's planner met on the way from `docgen new` to the kommun's own budget (fixtures
in tests/fixtures/: Munkedals kommun's Budget 2024): each fix read back from a document built
from real sources, or refused with its message, file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from docgen.commands.check import check_all
from docgen.commands.newyear import new_year
from docgen.errors import DocgenError
from docgen.pipeline import build
from docgen.word.tables import TEXT_WIDTH
from docgen.word.textwidth import CELL_PADDING, longest_word, width

from . import layout
from .test_hostile import edit, nbsp, refused

MUNKEDAL = Path("munkedals-kommun") / "budget-2024"


def test_a_percent_sign_in_running_text_stays_with_its_number(workspace):
    """'2 % av skatteintäkter' had an ordinary space in a goal's text (the sign could begin a
    line); a non-breaking space, as in the tables."""
    texts = [p.text for p in Document(str(build(workspace.sources / MUNKEDAL, workspace))).paragraphs]
    assert any("ska lägst uppgå till 2\u00a0% av skatteintäkter och bidrag." in t for t in texts), texts
    assert any("ska minst uppgå till 60\u00a0%, i genomsnitt" in t for t in texts), texts


def test_a_decimal_comma_in_a_list_of_values_is_told_to_quote_the_value(workspace):
    """[23,38] is the two values 23 and 38 in YAML: the message says why a one-column value
    table got two values, and how to write the skattesats."""
    source = workspace.sources / MUNKEDAL / "budget.yaml"
    line = edit(source, 'värden: ["23,38"]', "värden: [23,38]")
    message = refused(
        workspace,
        ["build", workspace.sources / MUNKEDAL],
        r"raden 'Beslutad skattesats, kr' har 2 värden men tabellen har 1 kolumn\. Ange ett värde per kolumn\. "
        r"I en lista inom \[ \] skiljer kommat värdena åt, så ett decimalkomma delar talet i två \(23,38 blir 23 "
        r'och 38\): skriv värdena inom citattecken, som i originalet \("23,38"\)',
        f"budget-2024/budget.yaml, rad {line}",
    )
    assert "kolumner" not in message.split("har 2 värden")[1].split(".")[0]


AMAL = Path("amals-kommun") / "budget-2020"


def _grid(path: Path) -> list[int]:
    table = Document(str(path)).tables[0]._tbl
    return [int(c.get(qn("w:w"))) for c in table.tblGrid.findall(qn("w:gridCol"))]


def test_a_label_column_beside_five_number_columns_keeps_its_words_whole(workspace):
    """Åmål's driftbudget: five number columns headed 'Budgetprognos för 2021' kept their
    headings on one line and left the nämnd column too narrow for 'arbetsmarknadsnämnden' (the
    labels broke over four lines); the number columns give room down to what their numbers and
    words need, and with bred_tabell: mindre_text every label stands on one line."""
    labels = [r.cells[0].text for r in Document(str(build(workspace.sources / AMAL, workspace))).tables[0].rows[1:]]
    grid = _grid(workspace.build / "amals-kommun" / "budget-2020.docx")
    assert sum(grid) == TEXT_WIDTH
    assert grid[0] >= max(longest_word(label) for label in labels) + CELL_PADDING, grid
    edit(workspace.sources / AMAL / "budget.yaml", "    enhet: tkr\n", "    enhet: tkr\n    bred_tabell: mindre_text\n")
    build(workspace.sources / AMAL, workspace)
    grid = _grid(workspace.build / "amals-kommun" / "budget-2020.docx")
    assert sum(grid) == TEXT_WIDTH
    assert grid[0] >= max(width(label, 16) for label in labels) + CELL_PADDING, grid


def test_a_sum_that_does_not_add_up_names_the_row_written_a_thousand_times_too_large(workspace):
    """'202.000' on the page is 202 000 to a reader, while the sum holds 202: the message says
    the difference and which row makes it, with its line."""
    source = workspace.sources / AMAL / "budget.yaml"
    row = edit(source, "Bygg- och miljönämnden, värden: [202, 202,", "Bygg- och miljönämnden, värden: [202000, 202,")
    refused(
        workspace,
        ["build", workspace.sources / AMAL],
        nbsp(
            r"raden 'Summa nämndbudget', kolumnen 'Budget för 2019': summan är 814 189 men delarna ger 1 015 987 "
            rf"\(skillnad 201 798\)\. Med 202 i stället för 202 000 på raden 'Bygg- och miljönämnden' \(rad {row}\) "
            r"stämmer summan"
        ),
        "budget-2020/budget.yaml, rad 19",
    )


def test_a_sum_short_by_a_row_names_the_row(workspace):
    """A sum that leaves out one row's amount (a varav row counted as a part) names that row."""
    source = workspace.sources / AMAL / "budget.yaml"
    edit(source, "värden: [814189, 832346,", "värden: [811370, 832346,")
    refused(
        workspace,
        ["build", workspace.sources / AMAL],
        nbsp(
            r"summan är 811 370 men delarna ger 814 189 \(skillnad 2 819\)\. Skillnaden är lika stor som raden "
            r"'Kommunfullmäktige' \(rad 10\): räknar underlaget inte med den i summan \(en del av raden ovanför\), "
            r"skriv 'varav: true' på den"
        ),
        "budget-2020/budget.yaml, rad 19",
    )


def test_typography_advice_shows_the_editors_own_number_corrected(workspace):
    """'202.000' was told to write '2 500, inte 2.500': now its own number, '202 000'."""
    source = workspace.sources / AMAL / "budget.yaml"
    text = source.read_text(encoding="utf-8")
    source.write_text(text[: text.index("godkända_avvikelser:")], encoding="utf-8")
    found = [str(p) for p in check_all([workspace.sources / AMAL], workspace)]
    assert any(
        "budget-2020/budget.yaml, rad 22: typografi: '202.000' – skriv tusental med mellanslag: 202 000, inte 202.000."
        in m
        for m in found
    ), found


def test_new_year_marks_the_years_targets_and_value_tables_for_revision(workspace):
    """Munkedal's Budget 2025 made by new-year showed 2024's resultatmål (16,4 mnkr) as the
    year's target and 2024's skattesats under 'Planeringsförutsättningar 2025', unmarked: each
    target becomes a marker quoting last year's, and a value table gets a marked footnote."""
    summary = new_year("munkedals-kommun", 2024, 2025, workspace)
    folder = workspace.sources / "munkedals-kommun" / "budget-2025"
    goals = (folder / "mal.yaml").read_text(encoding="utf-8")
    assert 'målvärde: "[[ATT UPPDATERA: målvärdet för 2025 (2024: 16,4 mnkr)]]"' in goals
    assert 'långsiktigt_målvärde: "2 %"' in goals  # the long-term target stays
    assert [t.split(": ", 1)[1] for t in summary.targets] == [
        "rad 9 (2024: 16,4 mnkr)",
        "rad 17 (2024: 50 %)",
        "rad 25 (2024: 10 %)",
    ]
    tables = (folder / "budget.yaml").read_text(encoding="utf-8")
    assert 'fotnot: "[[ATT UPPDATERA: Värdena är kopierade från 2024 års källor och ska revideras.]]"' in tables
    assert 'kolumner: ["År 2025"]' in tables
    built = build(folder, workspace)
    document = Document(str(built))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "[ATT UPPDATERA: målvärdet för 2025 (2024: 16,4\u00a0mnkr)]" in cells, cells
    texts = [p.text for p in document.paragraphs]
    assert "[ATT UPPDATERA: Värdena är kopierade från 2024 års källor och ska revideras.]" in texts, texts
    with pytest.raises(DocgenError):
        build(folder, workspace, final=True)


def test_new_year_marks_targets_and_value_tables_written_inside_braces(workspace):
    """A styrtal or value table written on one line in braces ("- {text: …, målvärde: "50 %"}") was
    carried into the new year unmarked: last year's target and planning figures shown as the new
    year's. The same markers as for the key on its own line, the rest of the line kept."""
    folder = workspace.sources / "munkedals-kommun" / "budget-2024"
    edit(
        folder / "mal.yaml",
        '      - text: Självfinansieringsgrad av investeringar (%)\n        målvärde: "50 %"\n'
        '        långsiktigt_målvärde: "100 %"\n',
        '      - {text: "Självfinansieringsgrad av investeringar (%)", målvärde: "50 %", långsiktigt_målvärde: "100 %"}\n',
    )
    text = (folder / "budget.yaml").read_text(encoding="utf-8")
    start = text.index("  forutsattningar:\n")
    inline = (
        "  forutsattningar: {rubrik: Planeringsförutsättningar 2024, första_kolumn: Planeringsförutsättning, "
        'kolumner: ["År 2024"], grupper: [{rader: [{text: Beslutad skattesats kr, värden: ["23,38"]}]}]}\n'
    )
    (folder / "budget.yaml").write_text(text[:start] + inline, encoding="utf-8")
    build(folder, workspace)  # last year's sources are valid as written
    summary = new_year("munkedals-kommun", 2024, 2025, workspace)
    new = workspace.sources / "munkedals-kommun" / "budget-2025"
    goals = (new / "mal.yaml").read_text(encoding="utf-8")
    assert (
        '      - {text: "Självfinansieringsgrad av investeringar (%)", '
        'målvärde: "[[ATT UPPDATERA: målvärdet för 2025 (2024: 50 %)]]", långsiktigt_målvärde: "100 %"}\n'
    ) in goals
    assert [t.split(": ", 1)[1] for t in summary.targets] == [
        "rad 9 (2024: 16,4 mnkr)",
        "rad 16 (2024: 50 %)",
        "rad 23 (2024: 10 %)",
    ]
    tables = (new / "budget.yaml").read_text(encoding="utf-8")
    assert 'saknas: "Nämndernas ekonomiska ramar 2025 finns inte i underlaget."' in tables  # as its rubrik
    assert (
        "  forutsattningar: {rubrik: Planeringsförutsättningar 2025, första_kolumn: Planeringsförutsättning, "
        'fotnot: "[[ATT UPPDATERA: Värdena är kopierade från 2024 års källor och ska revideras.]]", '
        'kolumner: ["År 2025"], grupper: [{rader: [{text: Beslutad skattesats kr, värden: ["23,38"]}]}]}\n'
    ) in tables, tables
    document = Document(str(build(new, workspace)))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "[ATT UPPDATERA: målvärdet för 2025 (2024: 50\u00a0%)]" in cells, cells
    texts = [p.text for p in document.paragraphs]
    assert "[ATT UPPDATERA: Värdena är kopierade från 2024 års källor och ska revideras.]" in texts, texts


def test_a_nämnd_beside_number_columns_is_broken_between_its_words_not_hyphenated(workspace):
    """Åmål's driftbudget: LibreOffice hyphenated the nämnd names to fill their lines ('Teknik-
    och fritidsnäm-' / 'nden', 'Välfärds- och arbetsmark-' / 'nadsnämnden') in a label column
    that holds each of their words whole: the labels beside number columns are not hyphenated
    when their longest word fits (w:suppressAutoHyphens; hyphenation stays on elsewhere)."""
    built = build(workspace.sources / AMAL, workspace)
    table = Document(str(built)).tables[0]
    for row in table.rows[1:]:
        first, value = row.cells[0].paragraphs[0]._p, row.cells[1].paragraphs[0]._p
        assert first.find(qn("w:pPr") + "/" + qn("w:suppressAutoHyphens")) is not None, row.cells[0].text
        assert value.find(qn("w:pPr") + "/" + qn("w:suppressAutoHyphens")) is None
    from docgen.commands.pdf import find_libreoffice, to_pdf

    if find_libreoffice() is None or shutil.which("pdftotext") is None:
        return
    pdf = to_pdf([built])[0]
    lines = [line.text for page in layout.read_pages(pdf) for line in page.lines]
    for name in ("utbildningsnämnden", "fritidsnämnden", "arbetsmarknadsnämnden", "arbetskraftskostnader"):
        assert any(name in line for line in lines), name  # whole on its line
