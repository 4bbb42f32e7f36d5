"""Upplands-Bro kommun (tests/fixtures/upplands-bro-*): a board secretary's decision drafts
and kallelse made with `docgen new` and YAML and template edits only. What the walk found:
a decision proposal without an intro line, a summary of its own, the tjänsteskrivelse listed
once in its beslutsunderlag, agenda items without a number, the time as "kl. 18.30", and
the decision's sentences in the .json for the case-management system."""

from __future__ import annotations

import json
from pathlib import Path

from docx import Document

from docgen.pipeline import build

from .test_hostile import edit, refused

SN = Path("upplands-bro-kommun") / "sn-riktlinjer-ekonomiskt-bistand-2018"
KS = Path("upplands-bro-kommun") / "ks-sporthall-bordtennis-2017"
KF = Path("upplands-bro-kommun") / "kf-2020-09-30"


def _styled(path: Path) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in Document(str(path)).paragraphs]


def test_a_proposal_without_an_intro_stands_under_its_heading(workspace):
    """Upplands-Bro's 'Förslag till beslut' has the sentence right under the heading; an intro
    was required, and the heading stood twice. The .json carries the sentence as decided."""
    built = build(workspace.sources / SN, workspace)
    texts = _styled(built)
    heading = texts.index(("Heading 1", "Förslag till beslut"))
    assert texts[heading + 1] == (
        "Numrerad lista",
        "1.\tSocialnämnden godkänner delrevidering av riktlinjer för ekonomiskt bistånd.",
    )
    assert not any(style == "Beslutsrubrik" and "Förslag" in text for style, text in texts)
    data = json.loads(built.with_suffix(".json").read_text(encoding="utf-8"))
    assert data["beslutsinledning"] is None
    assert data["datum"] == "2018-08-28"
    assert data["diarienummer"] == "SN 18/0098"
    assert data["förslag_till_beslut"] == [
        "Socialnämnden godkänner delrevidering av riktlinjer för ekonomiskt bistånd."
    ]


def test_a_numbered_proposal_keeps_its_intro_and_order_in_the_json(workspace):
    built = build(workspace.sources / KS, workspace)
    data = json.loads(built.with_suffix(".json").read_text(encoding="utf-8"))
    assert data["beslutsinledning"] == "Kommunstyrelsen föreslår kommunfullmäktige att besluta enligt:"
    assert data["förslag_till_beslut"][1] == (
        "Kultur- och fritidsnämnden tilldelas investeringsmedel om 83 mnkr för projektets genomförande."
    )
    assert (
        "Numrerad lista",
        "2.\tKultur- och fritidsnämnden tilldelas investeringsmedel om 83\u00a0mnkr för projektets genomförande.",
    ) in _styled(built)  # the amount and its unit on one line; the .json has ordinary spaces
    assert data["datum"] is None  # not in the public copy: not invented


def test_the_summary_stands_under_its_own_heading_before_the_description(workspace):
    texts = [t for _s, t in _styled(build(workspace.sources / SN, workspace))]
    summary, description = texts.index("Sammanfattning"), texts.index("Ärendet")
    assert texts[summary + 1] == "Ärendet avser en delrevidering av riktlinjerna för ekonomiskt bistånd."
    assert summary < description


def test_the_tjansteskrivelse_stands_once_in_its_basis(workspace):
    """'Tjänsteskrivelse daterad 2018-08-28' written by the secretary, with the case's date: docgen
    does not add its own 'Tjänsteskrivelse 28 augusti 2018' beside it; without it, docgen's stands first."""
    source = workspace.sources / SN / "arende.yaml"
    basis = lambda: [t for s, t in _styled(build(workspace.sources / SN, workspace)) if s == "List Bullet"][:-1]  # noqa: E731
    assert basis() == ["Tjänsteskrivelse daterad 2018-08-28", "Utdrag ur riktlinjerna för ekonomiskt bistånd"]
    edit(source, '    - "Tjänsteskrivelse daterad 2018-08-28"\n', "")
    assert basis() == ["Tjänsteskrivelse 28 augusti 2018", "Utdrag ur riktlinjerna för ekonomiskt bistånd"]
    edit(source, "  datum: 2018-08-28\n", "  datum: 2018-08-27\n")  # another date: another paper
    edit(source, '    - "Utdrag', '    - "Tjänsteskrivelse daterad 2018-08-28"\n    - "Utdrag')
    assert basis()[:2] == ["Tjänsteskrivelse 27 augusti 2018", "Tjänsteskrivelse daterad 2018-08-28"]


def test_an_agenda_numbers_only_its_numbered_items(workspace):
    """Upplands-Bro's kallelse: Inledning, Upprop, Val av justerare and the heading Beslutsärenden
    have no number; the interpellations are 1–3 (docgen made them 5–7)."""
    document = Document(str(build(workspace.sources / KF, workspace)))
    rows = [[c.text for c in r.cells][:2] for r in document.tables[0].rows[1:]]
    assert [n for n, _ in rows] == ["", "", "", "", "1", "2", "3", "4"]
    assert rows[3][1] == "Beslutsärenden"
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "1. Interpellation om vägen till Rösaring från Erik Karlsson (V)"
    assert "Tid: kl. 18.30" in [p.text for p in document.paragraphs]


def test_an_unnumbered_item_with_a_heading_section_has_no_number_in_it(workspace):
    source = workspace.sources / KF / "foredragningslista.yaml"
    edit(
        source,
        "    - rubrik: Upprop\n      numrerad: false\n",
        "    - rubrik: Upprop\n      numrerad: false\n      förslag: Ordföranden förrättar upprop.\n",
    )
    edit(source, "  punkter:\n", "  första_paragraf: 26\n  punkter:\n")
    document = Document(str(build(workspace.sources / KF, workspace)))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:2] == ["Upprop", "26. Interpellation om vägen till Rösaring från Erik Karlsson (V)"]


def test_an_unnumbered_item_cannot_go_on_to_another_body(workspace):
    source = workspace.sources / KF / "foredragningslista.yaml"
    line = edit(
        source,
        "    - rubrik: Upprop\n      numrerad: false\n",
        "    - rubrik: Upprop\n      numrerad: false\n      vidare_till: kommunstyrelsen\n",
    )
    refused(
        workspace,
        ["build", source.parent],
        "en punkt utan nummer \\(numrerad: false\\) kan inte räknas upp bland ärendena till kommunstyrelsen",
        f"foredragningslista.yaml, rad {line + 1}",
    )


def test_a_meeting_time_that_is_no_time_of_day_is_stopped(workspace):
    source = workspace.sources / KF / "foredragningslista.yaml"
    line = edit(source, '  tid: "18:30"\n', '  tid: "25:30"\n')
    message = refused(
        workspace, ["build", source.parent], "'25:30' är inget klockslag", f"foredragningslista.yaml, rad {line}"
    )
    assert "Skriv tiden som timmar och minuter, t.ex. 13.00 eller 13.00–16.00." in message


def test_a_meeting_time_in_words_stands_as_written(workspace):
    source = workspace.sources / KF / "foredragningslista.yaml"
    edit(source, '  tid: "18:30"\n', '  tid: "kl 13.00 - 16.00"\n')
    assert "Tid: kl. 13.00–16.00" in [
        p.text for p in Document(str(build(workspace.sources / KF, workspace))).paragraphs
    ]
    edit(source, '  tid: "kl 13.00 - 16.00"\n', "  tid: efter kommunstyrelsens sammanträde\n")
    texts = [p.text for p in Document(str(build(workspace.sources / KF, workspace))).paragraphs]
    assert "Tid: efter kommunstyrelsens sammanträde" in texts
