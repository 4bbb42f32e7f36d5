"""Sundbybergs stad (tests/fixtures/sundbyberg-ks-planeringsdirektiv-2013): a tjänsteskrivelse
with a summary and no ärendebeskrivning, made with `docgen new` and YAML and template edits
only. What the walk found: an empty heading Ärendebeskrivning, and the paper listed twice in
its own beslutsunderlag."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from docgen.cli import main
from docgen.commands.check import check_all
from docgen.pipeline import build

from .test_hostile import edit

CASE = Path("sundbybergs-stad") / "ks-planeringsdirektiv-2013"


def _styled(path: Path) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in Document(str(path)).paragraphs]


def test_the_paper_in_its_own_words_stands_once_in_its_basis(workspace):
    """'Kommunkontorets skrivelse den 30 augusti 2012' is the tjänsteskrivelse itself (its date):
    docgen does not add 'Tjänsteskrivelse 30 augusti 2012' above it; with another date it does."""
    source = workspace.sources / CASE / "arende.yaml"
    basis = lambda: [t for s, t in _styled(build(workspace.sources / CASE, workspace)) if s == "List Bullet"]  # noqa: E731
    own = "Kommunkontorets skrivelse den 30 augusti 2012"
    assert basis() == ["Den politiska ledningens planeringsdirektiv inför budget 2013", own]
    edit(source, "  datum: 2012-08-30\n", "  datum: 2012-08-31\n")  # another date: another paper
    assert basis()[0] == "Tjänsteskrivelse 31 augusti 2012" and own in basis()


def _new_case(project, folder: Path) -> Path:
    args = ["--organisation", "Provby kommun", "--namnd", "Kommunstyrelsen", "--ar", "2012"]  # the starter's template
    where = ["--kallor", str(project.sources), "--mallar", str(project.templates), "--ut", str(project.build)]
    assert main([*where, "new", "tjansteskrivelse", str(folder), *args]) == 0
    return folder / "arende.yaml"


def test_the_description_heading_stands_only_with_a_description_or_without_a_summary(workspace):
    """The starter kit's tjänsteskrivelse: a summary and no ärendebeskrivning shows no empty
    heading Ärendebeskrivning; neither shows the heading with a marker that docgen check places
    under 'ärende:'; a description shows under its heading as before."""
    folder = workspace.sources / "provby-kommun" / "ny"
    source = _new_case(workspace, folder)
    description = (
        "  ärendebeskrivning: |\n    [[ATT UPPDATERA: Beskriv ärendet: bakgrund, vad som föreslås och varför.]]\n"
    )
    edit(source, description, "  sammanfattning: Planeringsdirektiven lägger grunden för budgetarbetet.\n")
    texts = [t for _s, t in _styled(build(folder, workspace))]
    assert "Sammanfattning" in texts and "Ärendebeskrivning" not in texts
    edit(source, "  sammanfattning: Planeringsdirektiven lägger grunden för budgetarbetet.\n", "")
    texts = [t for _s, t in _styled(build(folder, workspace))]
    heading = texts.index("Ärendebeskrivning")
    assert texts[heading + 1] == "[ATT UPPDATERA: ärendebeskrivningen saknas i underlaget]"
    told = [p for p in check_all([folder], workspace) if "ärendebeskrivningen saknas" in p.message]
    assert len(told) == 1 and told[0].file.endswith("arende.yaml"), told
    assert "Skriv 'ärendebeskrivning' under 'ärende:'" in told[0].hint
    edit(source, "  beslutsunderlag:", "  ärendebeskrivning: Staden planerar budgeten.\n  beslutsunderlag:")
    texts = [t for _s, t in _styled(build(folder, workspace))]
    assert texts[texts.index("Ärendebeskrivning") + 1] == "Staden planerar budgeten."
