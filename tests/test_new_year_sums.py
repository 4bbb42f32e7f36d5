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
    # the table's sums as the table shows them, last year's until the editor revises the table:
    # marked, as the table is, for the sentence reads as this year's (before: unmarked)
    marked = "[ATT UPPDATERA: Beloppen är kopierade från 2024 års källor och ska revideras]"
    assert _sentence(build(source.parent, workspace)) == (
        f"Regionen redovisade ett resultat på −47 {marked} mnkr, jämfört med budgeterade −367 {marked} mnkr."
    )
    revised = source.read_text(encoding="utf-8").replace(
        '    att_uppdatera: "Beloppen är kopierade från 2024 års källor och ska revideras."\n', ""
    )
    source.write_text(revised, encoding="utf-8")  # the amounts checked and the mark taken away
    assert _sentence(build(source.parent, workspace)) == (
        "Regionen redovisade ett resultat på −47\u00a0mnkr, jämfört med budgeterade −367\u00a0mnkr."
    )
    assert (workspace.sources / ORGANISATION / "arsredovisning-2024" / "uppfoljning.yaml").read_text(
        encoding="utf-8"
    ) == last_year


def _sentence(docx) -> str:
    """The summary's sentence with the two sums, as the built document reads."""
    return next(p.text for p in Document(str(docx)).paragraphs if p.text.startswith("Regionen redovisade"))


def test_a_figure_computed_from_a_marked_table_is_marked_once(workspace):
    """A figure computed from such sums ('{{ summa(…) - summa(…) }}', a share with procent_av)
    is last year's too: one mark after it; a figure from the same expression's other tables or
    a text without sums is left as it is."""
    _new_year(workspace)
    source = workspace.sources / ORGANISATION / "arsredovisning-2025" / "uppfoljning.yaml"
    text = source.read_text(encoding="utf-8")
    start = text.index("Regionen redovisade")
    end = text.index("\n", start)
    source.write_text(
        text[:start] + "Regionen redovisade ett resultat på {{ summa('resultat', 'Utfall 2025') - summa('resultat', "
        "'Budget 2025') }} mnkr bättre än budget, {{ procent_av(summa('resultat', 'Utfall 2025'), "
        "summa('resultat', 'Budget 2025')) }} av budgeten, i en region med {{ 2 + 2 }} sjukhus." + text[end:],
        encoding="utf-8",
    )
    marked = "[ATT UPPDATERA: Beloppen är kopierade från 2024 års källor och ska revideras]"
    assert _sentence(build(source.parent, workspace)) == (
        f"Regionen redovisade ett resultat på 320 {marked} mnkr bättre än budget, 13\u00a0procent {marked} av "
        "budgeten, i en region med 4 sjukhus."
    )


def test_new_year_names_a_follow_ups_copied_outcome_export(workspace):
    """Next year's editor: a follow-up whose outcomes come from a controller's export
    ('utfall_fil: utfall.csv') with a period without a year ('senast kända värde') read the copied
    export as the new year's outcomes, and once the new year's targets were written a status
    would be computed from last year's figures; new-year said nothing of the file. Now its
    summary names the file and the line that reads it, and what to do."""
    folder = workspace.sources / "region-orebro-lan" / "hsn-vp-2026-styrtalsstatus"
    source = folder / "uppfoljning.yaml"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("  utfall_ur_planen: true\n", "  utfall_fil: utfall.csv\n"), encoding="utf-8")
    (folder / "utfall.csv").write_text("styrtal;period;värde\nms1/2;senast kända värde;88\n", encoding="utf-8")
    argv = ["--kallor", str(workspace.sources), "--mallar", str(workspace.templates), "--ut", str(workspace.build)]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main([*argv, "new-year", "region-orebro-lan", "2026", "2027"]) == 0
    said = out.getvalue()
    copied = workspace.sources / "region-orebro-lan" / "hsn-vp-2027-styrtalsstatus" / "uppfoljning.yaml"
    lines = copied.read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("  utfall_fil:"))
    assert (
        "Utfallsfiler (controllerns export), kopierade med 2026 års utfall och inte markerade: lägg 2027 års "
        "export i mappen med samma namn innan du bygger" in said
    ), said
    assert (
        f"  region-orebro-lan/hsn-vp-2027-styrtalsstatus/uppfoljning.yaml: rad {line} (utfall.csv): "
        "ersätt hsn-vp-2027-styrtalsstatus/utfall.csv med 2027 års export" in said
    ), said
