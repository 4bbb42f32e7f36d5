"""Botkyrka kommun (tests/fixtures/botkyrka-tefn-2020-01-21): Teknik- och fastighetsnämndens
kallelse/föredragningslista of 21 January 2020 and two of its ordförandeförslag, made with
`docgen new` and YAML and template edits only. What the walk found: the paper's own line in its
beslutsunderlag said "Tjänsteskrivelse 9 januari 2020" of an ordförandeförslag; now the
organisation names its papers once (benämningar: tjänsteskrivelse)."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from docgen.pipeline import build

from .test_hostile import edit, refused

ORGANISATION = Path("botkyrka-kommun")
CASE = ORGANISATION / "tefn-mal-och-internbudget-2020"
TERMS_LINE = "  tjänsteskrivelse: Ordförandeförslag\n"


def _basis(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs if p.style.name == "List Bullet"]


def test_the_paper_stands_in_its_basis_under_the_organisations_name(workspace):
    """benämningar: tjänsteskrivelse names the paper ("Ordförandeförslag 9 januari 2020"); without
    it the paper is a tjänsteskrivelse, as before; listed in the editor's own words with the same
    date it stands once."""
    terms = workspace.sources / ORGANISATION / "benämningar.yaml"
    source = workspace.sources / CASE / "arende.yaml"
    assert _basis(build(workspace.sources / CASE, workspace))[0] == "Ordförandeförslag 9 januari 2020"
    edit(terms, TERMS_LINE, "")
    assert _basis(build(workspace.sources / CASE, workspace))[0] == "Tjänsteskrivelse 9 januari 2020"
    edit(terms, "benämningar:\n", "benämningar:\n" + TERMS_LINE)
    own = "Ordförandeförslag daterat 2020-01-09"
    edit(
        source,
        "  beslutsunderlag:                 # tjänsteskrivelsen själv står först när datum finns\n",
        f"  beslutsunderlag:\n    - {own}\n",
    )
    basis = _basis(build(workspace.sources / CASE, workspace))
    assert basis[0] == own and not any(b.startswith("Ordförandeförslag 9") for b in basis), basis


def test_a_name_for_the_paper_that_is_not_a_word_is_refused_with_file_and_line(workspace):
    """A list where the name goes is refused with the file and line of benämningar.yaml, and
    nothing is written."""
    terms = workspace.sources / ORGANISATION / "benämningar.yaml"
    line = edit(terms, TERMS_LINE, "  tjänsteskrivelse: [Ordförandeförslag]\n")
    refused(
        workspace, ["build", str(workspace.sources / CASE)], "tjänsteskrivelse", where=f"benämningar.yaml, rad {line}"
    )


def test_check_never_asks_to_remove_the_required_title(workspace):
    """A template that does not print dokument.titel (the ordförandeförslag's header says
    ORDFÖRANDEFÖRSLAG) still has it as the document's title property: docgen check does not
    tell the editor to remove it (the build would then refuse a document without 'titel'); an
    optional field the template never shows is still pointed out with its file and line."""
    from docgen.commands.check import check_all

    folder = workspace.sources / CASE
    said = [str(p) for p in check_all([folder], workspace) if not p.warning]
    assert said == [], said
    line = edit(folder / "arende.yaml", "  dnr: TEF/2019:263\n", "  dnr: TEF/2019:263\n  sammanträde: 2020-01-21\n") + 1
    said = [p for p in check_all([folder], workspace) if not p.warning]
    assert [(Path(p.file).name, p.line) for p in said] == [("arende.yaml", line)], said
    assert "'sammanträde'" in said[0].message


def test_the_kallelse_prints_each_case_folders_summary_and_its_own_date(tmp_path):
    """Botkyrka's kallelse shows each ordförandeförslag's sammanfattning under its proposal
    (punkt.sammanfattning, from the case folder), a short item none, and the kallelse's own date
    (dokument.datum, 2020-01-09) in its header while the meeting is on 21 January."""
    from docgen.pipeline import ROOT, Project

    built = build(ROOT / "sources" / ORGANISATION / "tefn-2020-01-21", Project(build=tmp_path))
    document = Document(str(built))
    texts = [(p.style.name, p.text) for p in document.paragraphs]
    item = texts.index(("Heading 1", "3. Teknik- och fastighetsnämndens internkontrollplan för 2020"))
    assert [t for _s, t in texts[item + 1 : item + 5]] == [
        "Diarienummer: TEF/2019:243",
        "Förslag till beslut",
        "Teknik- och fastighetsnämnden godkänner internkontrollplanen för 2020 i enlighet med tjänsteskrivelsens "
        "bilaga 1 och 2 om Internkontroll 2020.",
        "Sammanfattning",
    ]
    assert texts[item + 5][1].startswith("Den interna kontrollen ska säkra en effektiv förvaltning")
    assert sum(1 for _s, t in texts if t == "Sammanfattning") == 2  # items 2 and 3; the short items have none
    assert document.sections[0].header.paragraphs[0].text.endswith("\t2020-01-09")
    assert "Tid: 21 januari 2020, kl. 19.00" in [t for _s, t in texts]
