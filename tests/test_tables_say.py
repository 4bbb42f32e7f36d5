"""What the sources can say about a table: rows shown but not summed ("varav", "därav")."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from docgen.errors import DocgenError
from docgen.pipeline import build

from .test_errors import edit, tree_digest
from .test_vocabulary import kommun  # noqa: F401  (the fixture)

TABLE = """
tabeller:
  driftbudget:
    rubrik: Driftbudget 2026 (mnkr)
    enhet: mnkr
    kolumner: [Budget 2026]
    grupper:
      - rader:
          - text: Skola och förskola
            värden: [820]
          - text: varav förskola
            varav: true
            värden: [310]
          - text: Vård och omsorg
            värden: [640]
        summa: {text: Summa, värden: [1460]}
"""


def _folder(kommun):  # noqa: F811
    folder = kommun.sources / "exempelby-kommun" / "uppfoljning-2026-08"
    with open(folder / "uppfoljning.yaml", "a", encoding="utf-8") as out:
        out.write(TABLE)
    edit(
        folder / "uppfoljning.yaml",
        "      - uppföljning: alla",
        "      - uppföljning: alla\n      - tabell: driftbudget",
    )
    return folder


def test_a_varav_row_is_shown_indented_and_not_summed(kommun):  # noqa: F811
    built = build(_folder(kommun), kommun)
    table = Document(str(built)).tables[-1]
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows == [
        ["", "Budget 2026"],
        ["Skola och förskola", "820"],
        ["varav förskola", "310"],
        ["Vård och omsorg", "640"],
        ["Summa", "1\u00a0460"],
    ]
    indent = table.rows[2].cells[0].paragraphs[0].paragraph_format.left_indent
    assert indent is not None and indent > 0
    assert table.rows[1].cells[0].paragraphs[0].paragraph_format.left_indent is None


@pytest.mark.parametrize(
    "old, new, message",
    [
        (
            "            värden: [310]",
            "            värden: [910]",
            "raden 'varav förskola' (varav), kolumnen 'Budget 2026': 910 är mer än raden ovanför, 'Skola och förskola', 820.",
        ),
        (
            "          - text: Skola och förskola\n            värden: [820]\n",
            "",
            "en varav-rad kan inte stå först i gruppen",
        ),
    ],
)
def test_varav_mistakes_name_file_and_line(kommun, old, new, message):  # noqa: F811
    folder = _folder(kommun)
    edit(folder / "uppfoljning.yaml", "summa: {text: Summa, värden: [1460]}", "summa: {text: Summa}")
    text = (folder / "uppfoljning.yaml").read_text(encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    edit(folder / "uppfoljning.yaml", old, new)
    if not new:  # the varav row is now first: reported at its 'varav'
        text = (folder / "uppfoljning.yaml").read_text(encoding="utf-8")
        line = text[: text.index("varav: true")].count("\n") + 1
    before = tree_digest(kommun.sources)
    with pytest.raises(DocgenError) as failure:
        build(folder, kommun)
    problem = failure.value.problems[0]
    assert (Path(problem.file).name, problem.line) == ("uppfoljning.yaml", line), str(problem)
    assert message in str(problem)
    assert list(kommun.build.rglob("*.docx")) == []
    assert tree_digest(kommun.sources) == before


def test_the_not_column_stands_where_it_is_declared(kommun):  # noqa: F811
    folder = _folder(kommun)
    edit(
        folder / "uppfoljning.yaml",
        "          - text: Vård och omsorg\n",
        "          - text: Vård och omsorg\n            not: 1\n",
    )
    edit(folder / "uppfoljning.yaml", "    enhet: mnkr\n", "    enhet: mnkr\n    noter: {1: Inklusive hemtjänst.}\n")
    last = Document(str(build(folder, kommun))).tables[-1]
    assert [c.text for c in last.rows[0].cells] == ["", "Budget 2026", "Not"]
    assert [c.text for c in last.rows[3].cells] == ["Vård och omsorg", "640", "1)"]
    edit(folder / "uppfoljning.yaml", "    enhet: mnkr\n", "    enhet: mnkr\n    notkolumn: efter_texten\n")
    table = Document(str(build(folder, kommun))).tables[-1]
    assert [c.text for c in table.rows[0].cells] == ["", "Not", "Budget 2026"]
    assert [c.text for c in table.rows[3].cells] == ["Vård och omsorg", "1)", "640"]
    assert [c.text for c in table.rows[4].cells] == ["Summa", "", "1\u00a0460"]
