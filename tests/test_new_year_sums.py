"""`docgen new-year` on a follow-up whose running text computes from its own table: Region
Gävleborg's årsredovisning 2024 says "Regionen redovisade ett resultat på
{{ summa('resultat', 'Utfall 2024') }} mnkr". new-year moves the table's columns to 2025; the
text's summa() now follows its column, and the summary names the line (the table's amounts are
last year's until revised, which a final build refuses)."""

from __future__ import annotations

import contextlib
import io

from docx import Document

from docgen.cli import main
from docgen.pipeline import build

ORGANISATION = "region-gavleborg"


def _new_year(workspace) -> tuple[int, str]:
    argv = ["--kallor", str(workspace.sources), "--mallar", str(workspace.templates), "--ut", str(workspace.build)]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main([*argv, "new-year", ORGANISATION, "2024", "2025"])
    return status, out.getvalue()


def test_a_sum_in_the_text_follows_the_column_new_year_moves(workspace):
    """Before: the 2025 folder did not build ("använder 'Utfall 2024', som inte finns i källorna")."""
    last_year = (workspace.sources / ORGANISATION / "arsredovisning-2024" / "uppfoljning.yaml").read_text(
        encoding="utf-8"
    )
    status, said = _new_year(workspace)
    assert status == 0
    source = workspace.sources / ORGANISATION / "arsredovisning-2025" / "uppfoljning.yaml"
    lines = source.read_text(encoding="utf-8").splitlines()
    at = next(n for n, line in enumerate(lines, 1) if "Regionen redovisade" in line)
    assert lines[at - 1].strip() == (
        "Regionen redovisade ett resultat på {{ summa('resultat', 'Utfall 2025') }} mnkr, "
        "jämfört med budgeterade {{ summa('resultat', 'Budget 2025') }} mnkr."
    )
    assert (
        f"{ORGANISATION}/arsredovisning-2025/uppfoljning.yaml: rad {at}: summa('resultat', 'Utfall 2024') → 'Utfall 2025'"
        in said
    )
    assert "ska revideras: läs meningen när tabellen har 2025 års belopp (2):" in said
    texts = [p.text for p in Document(str(build(source.parent, workspace))).paragraphs]
    sentence = next(t for t in texts if t.startswith("Regionen redovisade"))
    # the table's sum as the table shows it: last year's until the editor revises the table
    assert sentence == "Regionen redovisade ett resultat på −47\u00a0mnkr, jämfört med budgeterade −367\u00a0mnkr."
    assert (workspace.sources / ORGANISATION / "arsredovisning-2024" / "uppfoljning.yaml").read_text(
        encoding="utf-8"
    ) == last_year
