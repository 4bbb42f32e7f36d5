"""Älmhults kommun, Budget och verksamhetsplan 2015, plan 2016–2017
(tests/fixtures/almhult-budget-och-verksamhetsplan-2015): a kommun's plan made from `docgen new
plan` with YAML and template edits only. Its figures, read back from the built document, are the
original's, in Swedish form."""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document

from docgen.pipeline import ROOT, Project, build

PLAN = ROOT / "sources" / "almhults-kommun" / "budget-och-verksamhetsplan-2015"
ORIGINAL = Path(__file__).parent / "fixtures" / "almhult-budget-och-verksamhetsplan-2015" / "original.txt"
FIGURE = re.compile(r"-?\d+(?:,\d+)?")


def _key_figures_of_the_original() -> dict[str, list[str]]:
    """The original's key figure rows (between "Bokslut 2013 …" and the first footnote): each
    row's text and its three figures, the numeric words at the end of the line: three, or six
    when each figure has a thousands group ("Totala tillgångar, mkr 1 095 1 234 1 319")."""
    lines = ORIGINAL.read_text(encoding="utf-8").splitlines()
    start = lines.index("Bokslut 2013 Budget 2014 Budget 2015") + 1
    rows = {}
    for line in lines[start:]:
        if not line.strip():
            break
        words = line.split(" ")
        count = next(n for n in range(len(words), 0, -1) if all(FIGURE.fullmatch(w) for w in words[-n:]))
        numbers = words[-count:]
        size = len(numbers) // 3
        assert size * 3 == len(numbers), line
        rows[" ".join(words[:-count])] = [" ".join(numbers[n : n + size]) for n in range(0, len(numbers), size)]
    return rows


def test_the_key_figures_are_the_originals_in_swedish_form(tmp_path):
    """Every figure of the original's twelve key figure rows, in its row and year, with a
    no-break space between thousands, a real minus sign and right-aligned as a figure."""
    document = Document(str(build(PLAN, Project(build=tmp_path))))
    table = next(t for t in document.tables if t.rows[0].cells[1].text == "Bokslut 2013")
    assert [c.text for c in table.rows[0].cells[1:]] == ["Bokslut 2013", "Budget 2014", "Budget 2015"]
    built = {row.cells[0].text: row.cells[1:] for row in table.rows[1:]}
    original = _key_figures_of_the_original()
    assert len(original) == 12
    # the one word corrected: the original's "Kassalividitet" is a misprint of Kassalikviditet
    original = {text.replace("Kassalividitet", "Kassalikviditet"): figures for text, figures in original.items()}
    assert list(built) == list(original)
    for text, figures in original.items():
        cells = built[text]
        assert [c.text for c in cells] == [f.replace(" ", "\u00a0").replace("-", "\u2212") for f in figures], text
        assert {c.paragraphs[0].style.name for c in cells} == {"Tabelltal"}, text
    notes = [p.text for p in document.paragraphs if p.style.name == "Tabellfotnot"]
    assert [n.split(" ", 1)[0] for n in notes] == ["*", "**", "***"]
    # typeset as running text is (no-break space before the unit): "0,39 kr" and "10 mkr" stood
    # with an ordinary space, which a line end could part
    assert notes[0].startswith("* 2015 har det skett skatteväxling med Region Kronoberg på 0,39\u00a0kr")
    assert "cirka 10\u00a0mkr lägre intäkter" in notes[0]


def test_the_overall_goal_and_its_targets(tmp_path):
    """The short-term and long-term goal of the strategic plan as the indicator's two targets,
    under the kommun's own column headings (written in the template, as in Word)."""
    document = Document(str(build(PLAN, Project(build=tmp_path))))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Indikator")
    assert [c.text for c in table.rows[0].cells] == ["Indikator", "Kortsiktigt mål", "Långsiktigt mål"]
    assert [c.text for c in table.rows[1].cells] == [
        "Befolkningsökning",
        "minst\u00a01\u00a0% per år",
        "20\u00a0000\u00a0invånare",
    ]


def test_the_key_figures_and_the_colophon_stand_before_the_table_of_contents(tmp_path):
    """As on the original's second page: the template places the table and the colophon itself
    ({{p 'nyckeltal'|tabell }} and {{p text.redaktion|md }} above Innehåll, which starts a page)."""
    paragraphs = Document(str(build(PLAN, Project(build=tmp_path)))).paragraphs
    styles = [p.style.name for p in paragraphs]
    texts = [p.text for p in paragraphs]
    toc = styles.index("TOC Heading")
    assert texts.index("Tabell 1. Finansiella nyckeltal") < toc
    assert texts.index("Älmhults kommun januari 2015") < toc
    assert paragraphs[toc].paragraph_format.page_break_before


def test_a_table_the_template_places_by_its_id_shows_its_figures_of_today(workspace):
    """{{p 'nyckeltal'|tabell }}: Jinja called the filter while compiling (its value is a
    constant) and docgen keeps compiled templates, so a figure edited after the first build
    stood as it was in every later build (9,1 for 99,1), and docgen check said the table was
    never placed."""
    from docgen.commands.check import check_all

    folder = workspace.sources / "almhults-kommun" / "budget-och-verksamhetsplan-2015"
    first = Document(str(build(folder, workspace))).tables[0]
    assert [c.text for c in first.rows[7].cells] == ["Nettoinvesteringar, mkr", "83", "136", "178"]
    budget = folder / "budget.yaml"
    text = budget.read_text(encoding="utf-8")
    budget.write_text(text.replace('["83", "136", "178"]', '["83", "136", "187"]'), encoding="utf-8")
    again = Document(str(build(folder, workspace))).tables[0]
    assert [c.text for c in again.rows[7].cells] == ["Nettoinvesteringar, mkr", "83", "136", "187"]
    problems = check_all([folder], workspace)
    assert not [p for p in problems if "placeras aldrig" in p.message], problems


def test_a_share_row_that_its_rows_cannot_give_stops_the_build_at_its_cell(workspace):
    """The key figures' shares (andelsrader) are checked against the rows they are made of, as an
    amount table's sums are: Verksamhetens nettokostnad 733 of Skatteintäkter 749 is 97,7–98,0 %
    (the figures rounded to whole mkr), so a net cost share written 99,7 is named at its line and
    column; the original's figures (97,7, 96,0, 97,8; 1,1, 2,4, 1,1) all pass. Nothing is written."""
    from .test_hostile import edit, refused

    folder = workspace.sources / "almhults-kommun" / "budget-och-verksamhetsplan-2015"
    line = edit(folder / "budget.yaml", '["97,7", "96,0", "97,8"]', '["99,7", "96,0", "97,8"]')
    refused(
        workspace,
        ["build", folder],
        "tabellen 'Finansiella nyckeltal', raden 'Verksamhetens nettokostnadsandel av skatteintäkter, statsbidrag "
        "och utjämning, %', kolumnen 'Bokslut 2013': 99,7 procent men 'Verksamhetens nettokostnad, mkr\\*' 733 av "
        "'Skatteintäkter, generella bidrag och utjämning\\*' 749 är 97,9 procent",
        f"budget-och-verksamhetsplan-2015/budget.yaml, rad {line}",
    )


def test_a_share_row_naming_a_row_the_table_lacks_is_named_with_the_rows_it_has(workspace):
    from .test_hostile import edit, refused

    folder = workspace.sources / "almhults-kommun" / "budget-och-verksamhetsplan-2015"
    line = edit(folder / "budget.yaml", '["Årets resultat, mkr", "Skatte', '["Årets resultat", "Skatte')
    refused(
        workspace,
        ["build", folder],
        "'Årets resultat' är ingen rad med värden i tabellen.*t.ex. 'Årets resultat, mkr'",
        f"budget.yaml, rad {line - 1}",
    )
