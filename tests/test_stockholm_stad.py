"""Stockholms stad, Spånga-Tensta stadsdelsnämnd (tests/fixtures/stockholm-spanga-tensta-*):
a board secretary's tjänsteutlåtande and föredragningslista of the meeting 16 December 2004,
made with `docgen new` and YAML edits only. What the walk found: the list numbers its budget
cases "4 a" and "4 b" and goes on with 5, and the case's decision sentences as decided
("+81,8 Mkr") are accepted once, in the case, also where the list shows them."""

from __future__ import annotations

import re

import pytest
from pathlib import Path

from docx import Document

from docgen.pipeline import build

from .test_hostile import Case, edit, refused

FIXTURE = Path(__file__).parent / "fixtures" / "stockholm-spanga-tensta-2004-12-16"
LIST = Path("stockholms-stad") / "sdn-spanga-tensta-2004-12-16"
CASE = Path("stockholms-stad") / "sdn-spanga-tensta-2004-12-16-vp2005"


def test_the_list_numbers_its_items_as_the_original_does(workspace):
    """'4 a' and '4 b' as the page numbers them, and 5 after them (docgen had 1–7, and
    `nummer` was an unknown field)."""
    document = Document(str(build(workspace.sources / LIST, workspace)))
    rows = [[c.text for c in r.cells][:2] for r in document.tables[0].rows[1:]]
    original = (FIXTURE / "original.txt").read_text(encoding="utf-8")
    numbered = re.findall(r"^(\d+(?: [a-z])?) (\S.+)$", original, flags=re.M)
    headed = [(number, heading) for number, heading in numbered if not heading[0].isdigit()]
    assert rows[: len(headed)] == [list(pair) for pair in headed]
    assert [n for n, _ in rows] == ["1", "2", "3", "4 a", "4 b", "5", "6"]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert "4 a. Förslag till verksamhetsplan och budget 2005 del 1" in headings
    assert headings[-1].startswith("5. Medel för kulturändamål")


def test_the_decision_sentences_stand_as_decided(workspace):
    """The tjänsteutlåtande's five sentences word for word, numbered as in the list."""
    built = build(workspace.sources / CASE, workspace)
    original = (FIXTURE / "original.txt").read_text(encoding="utf-8")
    part = original[original.index("4 a ") : original.index("4 b ")]
    expected = re.findall(r"^(\d)\. (.+)$", part, flags=re.M)
    clauses = [
        p.text.replace("\u00a0", " ") for p in Document(str(built)).paragraphs if p.style.name == "Numrerad lista"
    ]
    # the en dash written as a minus is the minus sign, which no line end parts from its number
    assert clauses == [f"{n}.\t{text}".replace("med –1,0", "med \u22121,0") for n, text in expected]
    assert len(clauses) == 5


def test_an_unnumbered_item_has_no_number_of_its_own(workspace):
    source = workspace.sources / LIST / "foredragningslista.yaml"
    line = edit(source, "      nummer: 4 b\n", "      nummer: 4 b\n      numrerad: false\n")
    refused(
        workspace,
        ["build", source.parent],
        "en punkt utan nummer \\(numrerad: false\\) kan inte ha nummer '4 b'",
        f"foredragningslista.yaml, rad {line}",
    )


def test_the_case_accepts_its_sentences_also_in_the_list(workspace):
    """Two accepted sentences with 'Mkr' in the case are both in use (the second was 'no
    longer found'), and the list that shows them does not object to what the case accepts."""
    case = Case(workspace, ["check", workspace.sources / LIST, workspace.sources / CASE])
    assert case.status == 0, case.err
    assert "typografi" not in case.err and "förekommer inte längre" not in case.err, case.err


@pytest.mark.parametrize(
    "written, number, first_item",
    [  # the letter not moved on, as a copied item keeps it; the number of the item above
        ("      nummer: 4 b\n", "4 a", "    - ärende: stockholms-stad/sdn-spanga-tensta-2004-12-16-vp2005"),
        ("      nummer: 4 a\n", "3", "    - rubrik: Inkomna medborgarförslag"),
    ],
)
def test_two_items_under_one_number_are_refused(workspace, written, number, first_item):
    """A list with two items under one number was built as it stood ('4 a' twice): the minutes
    and the kallelse would name two cases by it. Refused at the second, naming the first."""
    source = workspace.sources / LIST / "foredragningslista.yaml"
    first = source.read_text(encoding="utf-8").splitlines().index(first_item) + 1
    line = edit(source, written, f"      nummer: {number}\n")
    refused(
        workspace,
        ["build", source.parent],
        f"punkten har nummer {number}, som punkten på rad {first} redan har: två ärenden på "
        "föredragningslistan kan inte ha samma nummer",
        f"foredragningslista.yaml, rad {line}",
    )
