"""A nämnd's follow-up with economy (Sollentuna kommun's barn- och ungdomsnämnd, prognosrapport
april 2016, tests/fixtures/sollentuna-bun-prognosrapport-april-2016): the avvikelse column
(skillnadskolumner) and the share of the budget used (andelskolumner) computed where left empty
and checked where written, each mistake refused with its message, file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from docgen.pipeline import build

from .test_hostile import edit, nbsp, refused

FOLLOW_UP = Path("sollentuna-kommun") / "bun-prognos-april-2016"
SOURCE = FOLLOW_UP / "uppfoljning.yaml"


def rows_of(document, caption_start: str) -> list[list[str]]:
    """The rows of the table right after the caption that begins with `caption_start`."""
    body = document.element.body
    tables = iter(document.tables)
    found = False
    for element in body.iterchildren():
        if element.tag.endswith("}tbl"):
            table = next(tables)
            if found:
                return [[cell.text for cell in row.cells] for row in table.rows]
        found = element.tag.endswith("}p") and "".join(element.itertext()).split(". ", 1)[-1].startswith(caption_start)
    raise AssertionError(caption_start)


def test_avvikelse_and_share_left_empty_are_computed_with_real_minus_signs(workspace):
    source = workspace.sources / SOURCE
    edit(source, "[419578, 149657, 36, 451053, -31475]", "[419578, 149657, null, 451053, null]")
    edit(source, "[1739519, 577987, 33, 1747436, -7917]", "[1739519, 577987, null, 1747436, null]")
    edit(source, "summa: {text: Netto, värden: [1562700, 521810, 33, 1570543, -7843]}", "summa: {text: Netto}")
    document = Document(str(build(workspace.sources / FOLLOW_UP, workspace)))
    nämnd = rows_of(document, "Prognosrapport barn- och ungdomsnämnden")
    assert nämnd[2] == [
        "Kostnader",
        "1\u00a0739\u00a0519",
        "577\u00a0987",
        "33\u00a0%",
        "1\u00a0747\u00a0436",
        "\u22127\u00a0917",
    ]
    # the sum row's share is that of its sums (521 810 / 1 562 700), not a sum of shares
    assert nämnd[4] == [
        "Netto",
        "1\u00a0562\u00a0700",
        "521\u00a0810",
        "33\u00a0%",
        "1\u00a0570\u00a0543",
        "\u22127\u00a0843",
    ]
    område = rows_of(document, "Barn- och ungdomsnämnden, netto per verksamhetsområde")
    assert område[4] == ["Förskola", "419\u00a0578", "149\u00a0657", "36\u00a0%", "451\u00a0053", "\u221231\u00a0475"]
    # a zero budget has no share: "–" as in a value table, not "0 %" and not a blank cell
    assert område[11][3] == "–"


# One edit of a row or a column list, refused at its line: (what, old, new, message)
REFUSED_EDITS = [
    (
        "an avvikelse that is not budget less prognos",
        "[419578, 149657, 36, 451053, -31475]",
        "[419578, 149657, 36, 451053, -31000]",
        nbsp(
            r"raden 'Förskola', kolumnen 'Avvikelse': −31 000 är inte Budget − Prognos april "
            r"\(419 578 − 451 053 = −31 475\)\. Rätta beloppen på raden, eller lämna 'Avvikelse' tom \(null\)"
        ),
    ),
    (
        # Västra Götalandsregionen's result: 'Avvikelse 613' beside an empty budget was refused as
        # '999 − 0 = 999' without saying that the 0 was the empty cell
        "an avvikelse beside an empty budget says the empty cell counts as zero",
        "[419578, 149657, 36, 451053, -31475]",
        "[null, 149657, 36, 451053, -31475]",
        nbsp(
            r"raden 'Förskola', kolumnen 'Avvikelse': −31 475 är inte Budget − Prognos april "
            r"\(0 − 451 053 = −451 053\); 'Budget' är tom och räknas som 0\. Skriv beloppet i 'Budget', "
            r"eller lämna 'Avvikelse' tom \(null\)"
        ),
    ),
    (
        "a share of a zero budget",
        "[0, 1021, null, 0, 0]",
        "[0, 1021, 0, 0, 0]",
        r"raden 'Prel\. kostnader-interna': 'Utfall %' går inte att räkna ut när 'Budget' är 0\. "
        r"Lämna cellen tom \(null\)",
    ),
    (
        "a share the rounded figures cannot give",
        "[419578, 149657, 36, 451053, -31475]",
        "[419578, 149657, 40, 451053, -31475]",
        nbsp(
            r"raden 'Förskola': 'Utfall %' är 40 procent men Periodutfall 149 657 av Budget 419 578 är 35,7 procent\."
        ),
    ),
    (
        "a derived column naming no column",
        "Avvikelse: [Budget, Prognos april]",
        "Avvikelse: [Budget, Prognos]",
        r"'Avvikelse' nämner 'Prognos', som inte är en av kolumnerna \(Budget, Periodutfall, Utfall %, "
        r"Prognos april, Avvikelse\)",
    ),
]


@pytest.mark.parametrize("what, old, new, message", REFUSED_EDITS, ids=[case[0] for case in REFUSED_EDITS])
def test_an_economy_table_mistake_is_refused_at_its_line(workspace, what, old, new, message):
    line = edit(workspace.sources / SOURCE, old, new)
    refused(
        workspace,
        ["build", workspace.sources / FOLLOW_UP],
        message,
        f"bun-prognos-april-2016/uppfoljning.yaml, rad {line}:",
    )


def test_costs_with_a_minus_sign_are_told_the_order_that_makes_a_surplus_positive(workspace):
    source = workspace.sources / SOURCE
    edit(source, "Avvikelse: [Årsprognos, Årsbudget]", "Avvikelse: [Årsbudget, Årsprognos]")
    line = edit(source, "{text: Investeringar,", "{text: Investeringar,")
    refused(
        workspace,
        ["build", workspace.sources / FOLLOW_UP],
        nbsp(
            r"raden 'Investeringar', kolumnen 'Avvikelse': −5 500 är inte Årsbudget − Årsprognos "
            r"\(−8 000 − \(−13 500\) = 5 500\)\. Raden stämmer med Årsprognos − Årsbudget: är kostnaderna "
            r"skrivna med minustecken\? Skriv då 'Avvikelse: \[Årsprognos, Årsbudget\]'"
        ),
        f"bun-prognos-april-2016/uppfoljning.yaml, rad {line}:",
    )


def make_prognosis_workbook(path: Path) -> None:
    """The netto per verksamhetsområde as a controller's export: 'Utfall %' formatted as a
    percentage (0,319 shown 32 %), and empty where the budget is 0."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Prognos"
    sheet.append(["Verksamhetsområde", "Budget", "Periodutfall", "Utfall %", "Prognos april", "Avvikelse"])
    for text, budget, used, prognosis, deviation in (
        ("Politisk verksamhet", 2500, 796, 2412, 88),
        ("Förskola", 419578, 149657, 451053, -31475),
        ("Prel. kostnader-interna", 0, 1021, 0, 0),
    ):
        sheet.append([text, budget, used, used / budget if budget else None, prognosis, deviation])
        sheet.cell(row=sheet.max_row, column=4).number_format = "0%"
    book.save(path)


def test_a_share_column_in_a_workbook_is_read_as_the_percentage_excel_shows(workspace):
    """An export whose 'Utfall %' is formatted as a percentage was refused in a table of tkr
    ('procent och belopp kan inte stå i samma sifferkolumn'); under andelskolumner the percentage
    is the column's figure, checked against the amounts, and an empty cell for a zero budget
    stays empty."""
    folder = workspace.sources / FOLLOW_UP
    make_prognosis_workbook(folder / "prognos.xlsx")
    text = (folder / "uppfoljning.yaml").read_text(encoding="utf-8")
    start = text.index("    grupper:", text.index("  netto-per-verksamhetsomrade:"))
    end = text.index("  prognos-kommunala-skolor:")
    excel = "    från_excel: {fil: prognos.xlsx, blad: Prognos, område: A1:F4}\n"
    (folder / "uppfoljning.yaml").write_text(text[:start] + excel + text[end:], encoding="utf-8")
    rows = rows_of(Document(str(build(folder, workspace))), "Barn- och ungdomsnämnden, netto per verksamhetsområde")
    assert rows[1] == ["Politisk verksamhet", "2\u00a0500", "796", "32\u00a0%", "2\u00a0412", "88"]
    assert rows[2] == ["Förskola", "419\u00a0578", "149\u00a0657", "36\u00a0%", "451\u00a0053", "\u221231\u00a0475"]
    assert rows[3] == ["Prel. kostnader-interna", "0", "1\u00a0021", "–", "0", "0"]


def test_a_netto_with_varav_kostnader_and_intakter_is_told_to_write_them_as_rows(workspace):
    """The original prints Netto first with '- varav kostnader' and '- varav intäkter' under it;
    copied so, the costs are more than the netto and the income has the other sign."""
    source = workspace.sources / SOURCE
    edit(
        source,
        "          - {text: Kostnader, värden: [1739519, 577987, 33, 1747436, -7917]}\n"
        "          - {text: Intäkter, värden: [-176819, -56177, 32, -176893, 74]}\n"
        "        summa: {text: Netto, värden: [1562700, 521810, 33, 1570543, -7843]}\n",
        "          - {text: Netto, värden: [1562700, 521810, 33, 1570543, -7843]}\n"
        "          - {text: varav kostnader, värden: [1739519, 577987, 33, 1747436, -7917], varav: true}\n"
        "          - {text: varav intäkter, värden: [-176819, -56177, 32, -176893, 74], varav: true}\n",
    )
    line = edit(source, "{text: varav kostnader,", "{text: varav kostnader,")
    refused(
        workspace,
        ["build", workspace.sources / FOLLOW_UP],
        r"raden 'varav kostnader' \(varav\), kolumnen 'Budget': .* är mer än raden ovanför, 'Netto'.*"
        r"Står ett netto först med 'varav kostnader' och 'varav intäkter' under, skriv kostnaderna och "
        r"intäkterna som rader och nettot som gruppens summa",
        f"bun-prognos-april-2016/uppfoljning.yaml, rad {line}:",
    )
