"""A nämnd's follow-up with economy (Sollentuna kommun's barn- och ungdomsnämnd, prognosrapport
april 2016, tests/fixtures/sollentuna-bun-prognosrapport-april-2016): the avvikelse column
(skillnadskolumner) and the share of the budget used (andelskolumner) computed where left empty
and checked where written, each mistake refused with its message, file and line."""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document

from docgen.pipeline import build

from .test_hostile import edit, refused

FOLLOW_UP = Path("sollentuna-kommun") / "bun-prognos-april-2016"
SOURCE = FOLLOW_UP / "uppfoljning.yaml"


def nbsp(pattern: str) -> str:
    """A message pattern with the thousands separators docgen writes (no-break spaces)."""
    return re.sub(r"(?<=\d) (?=\d)", "\u00a0", pattern)


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
    # a zero budget has no share: the cell is empty, not "0 %"
    assert område[11][3] == ""


def test_an_avvikelse_that_is_not_budget_less_prognos_is_refused(workspace):
    line = edit(
        workspace.sources / SOURCE, "[419578, 149657, 36, 451053, -31475]", "[419578, 149657, 36, 451053, -31000]"
    )
    refused(
        workspace,
        ["build", workspace.sources / FOLLOW_UP],
        nbsp(
            r"raden 'Förskola', kolumnen 'Avvikelse': −31 000 är inte Budget − Prognos april "
            r"\(419 578 − 451 053 = −31 475\)\. Rätta beloppen på raden, eller lämna 'Avvikelse' tom \(null\)"
        ),
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


def test_a_share_of_a_zero_budget_is_refused(workspace):
    line = edit(workspace.sources / SOURCE, "[0, 1021, null, 0, 0]", "[0, 1021, 0, 0, 0]")
    refused(
        workspace,
        ["build", workspace.sources / FOLLOW_UP],
        r"raden 'Prel\. kostnader-interna': 'Utfall %' går inte att räkna ut när 'Budget' är 0\. "
        r"Lämna cellen tom \(null\)",
        f"bun-prognos-april-2016/uppfoljning.yaml, rad {line}:",
    )


def test_a_share_the_rounded_figures_cannot_give_is_refused(workspace):
    line = edit(
        workspace.sources / SOURCE, "[419578, 149657, 36, 451053, -31475]", "[419578, 149657, 40, 451053, -31475]"
    )
    refused(
        workspace,
        ["build", workspace.sources / FOLLOW_UP],
        nbsp(
            r"raden 'Förskola': 'Utfall %' är 40 procent men Periodutfall 149 657 av Budget 419 578 är 35,7 procent\."
        ),
        f"bun-prognos-april-2016/uppfoljning.yaml, rad {line}:",
    )


def test_a_derived_column_naming_no_column_is_refused(workspace):
    line = edit(workspace.sources / SOURCE, "Avvikelse: [Budget, Prognos april]", "Avvikelse: [Budget, Prognos]")
    refused(
        workspace,
        ["build", workspace.sources / FOLLOW_UP],
        r"'Avvikelse' nämner 'Prognos', som inte är en av kolumnerna \(Budget, Periodutfall, Utfall %, "
        r"Prognos april, Avvikelse\)",
        f"bun-prognos-april-2016/uppfoljning.yaml, rad {line}:",
    )
