"""What an editor does by editing YAML alone shows up in the built document."""

from __future__ import annotations

from docx import Document

from docgen.pipeline import build

from .test_errors import DOC, edit, source

NEW_ASSIGNMENT = """      - id: nytt-testuppdrag
        text: Ett nytt uppdrag som en redaktör lägger till.
        hantering: Hanteras i beställningarna.
        följs_av: [bb3]
"""


def paragraphs(path):
    return [p.text for p in Document(str(path)).paragraphs]


def test_added_assignment_appears_in_its_table_and_in_the_committee_list(workspace):
    edit(
        source(workspace, "malomraden.yaml"),
        "      - id: civilsamhallet\n",
        NEW_ASSIGNMENT + "      - id: civilsamhallet\n",
    )
    built = build(workspace.sources / DOC, workspace)
    document = Document(str(built))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "Ett nytt uppdrag som en redaktör lägger till." in cells
    texts = paragraphs(built)
    start = texts.index("Behovsstyrningsberedning 3", texts.index("Nämndens beredningar"))
    assert "Ett nytt uppdrag som en redaktör lägger till." in texts[start:]


def test_added_table_row_needs_its_sum_updated(workspace):
    path = source(workspace, "arsbudget.yaml")
    text = path.read_text(encoding="utf-8")
    anchor = "          - text: Fortsatt satsning primärvård (treårsbudget)\n"
    assert anchor in text
    path.write_text(
        text.replace(anchor, "          - text: Ny rad\n            värden: [1.0]\n" + anchor), encoding="utf-8"
    )
    from docgen.errors import DocgenError

    try:
        build(workspace.sources / DOC, workspace)
        raise AssertionError("the build should stop: the group sum no longer matches")
    except DocgenError as exc:
        assert "summan är 163,1 men delarna ger 164,1" in str(exc)
    edit(path, "[163.1]", "[164.1]")
    edit(path, "värden: [-93.0]", "värden: [-94.0]")  # keep the table's total 0,0
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "          - text: Ersättning vaccination covid-19\n            värden: [-40.0]",
            "          - text: Ersättning vaccination covid-19\n            värden: [-41.0]",
        ),
        encoding="utf-8",
    )
    built = build(workspace.sources / DOC, workspace)
    cells = [c.text for t in Document(str(built)).tables for r in t.rows for c in r.cells]
    assert "Ny rad" in cells and "164,1" in cells


def test_added_governing_document(workspace):
    path = source(workspace, "styrande-dokument.yaml")
    text = path.read_text(encoding="utf-8")
    anchor = "            - namn: Regelbok för vårdval inom primärvård i Östergötland\n"
    assert anchor in text
    added = (
        "            - namn: Testregelbok\n              gäller_till_och_med: 2026-06-30\n"
        "              nytt_beslut: Juni 2026\n              beslutad_av: HSN\n"
    )
    path.write_text(text.replace(anchor, added + anchor), encoding="utf-8")
    built = build(workspace.sources / DOC, workspace)
    rows = [[c.text for c in r.cells] for t in Document(str(built)).tables for r in t.rows]
    assert ["Testregelbok", "2026-06-30", "Juni 2026", "HSN"] in rows
