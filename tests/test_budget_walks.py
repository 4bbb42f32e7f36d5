"""What a kommun's planner met on the way from `docgen new` to the kommun's own budget (fixtures
in tests/fixtures/: Munkedals kommun's Budget 2024): each fix read back from a document built
from real sources, or refused with its message, file and line."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from docgen.pipeline import build

from .test_hostile import edit, refused

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
