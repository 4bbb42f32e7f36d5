"""Helsingborgs stad, socialnämndens mål in the årsredovisning 2016 (tests/fixtures/helsingborg-sn-mal-2016):
a follow-up made from `docgen new` with the city's own words for its four steps of uppfyllelse, its
mätetal's earlier outcomes as columns of their own, and "Minst NKI 75". What the walk found, through
the real path (the sources built, the document read back)."""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document

from docgen.pipeline import ROOT, Project, build
from docgen.view.status import parse_target

from .test_hostile import edit, nbsp, refused

FOLLOW_UP = ROOT / "sources" / "helsingborgs-stad" / "socialnamnden-arsredovisning-2016"


def _rows(path) -> dict[str, list]:
    """Every table row of a built document by its first cell's first line: the cells' paragraphs."""
    rows = {}
    for table in Document(str(path)).tables:
        for row in table.rows:
            rows[row.cells[0].text.split("\n")[0]] = [cell.paragraphs[0] for cell in row.cells]
    return rows


def test_an_index_named_before_its_figure_is_a_target(tmp_path):
    """ "Minst NKI 75" (Nöjd-Kund-Index) was refused as a target that cannot be compared: it is
    "minst 75" in NKI, and the outcome shows the index as the target writes it (not "79 nki")."""
    rule = parse_target("Minst NKI 75")
    assert (rule.kind, rule.low) == ("min", 75)
    assert parse_target("högst NMI 20").high == 20
    assert parse_target("minst 75 procent").unit == "%"  # unchanged
    row = _rows(build(FOLLOW_UP, Project(build=tmp_path)))[
        "Klienternas helhetsintryck av förvaltningens arbete (Nöjd-Kund-Index; NKI)"
    ]
    # the target is one quantity, never parted on its line (it could break between "NKI" and "75")
    assert [p.text for p in row[3:]] == ["79\u00a0NKI", "Minst\u00a0NKI\u00a075", "Uppfyllelse 100 procent"]


def test_own_columns_of_figures_are_right_aligned_as_the_outcome(tmp_path):
    """Utfall 2014 and Utfall 2015 (benämningar.styrtalskolumner) stood left beside a right-aligned
    Utfall 2016: a column whose every value is a figure is set as one, in every table of the
    report (Tabell 3's Utfall 2014 has only '–')."""
    built = build(FOLLOW_UP, Project(build=tmp_path))
    tables = Document(str(built)).tables
    for table in tables[1:3]:
        header = [c.paragraphs[0].style.name for c in table.rows[0].cells]
        assert header[1] == header[2] == header[3] != header[0]  # as Utfall 2016's, not as Mätetal's
        for row in table.rows[1:]:
            styles = [c.paragraphs[0].style.name for c in row.cells]
            assert styles[1] == styles[2] == styles[3] == "Tabelltal"
    fenix = _rows(built)["Andel klienter som bor sex månader eller kortare vid förvaltningens egna akutboende (Fenix)"]
    assert [p.text for p in fenix[1:5]] == ["–", "59\u00a0%", "58\u00a0%", "Minst\u00a060\u00a0%"]


def test_a_sum_column_of_rounded_figures_is_told_at_its_row_with_tolerans(workspace):
    """Helsingborg's driftsredovisning: 470,1 + 248,6 − 697,0 is 21,7, the page says 21,6 (each
    figure rounded). The message named the summakolumner line and said 'Rätta beloppen på raden';
    now it names the row's line, shows the sum and, as for a group's sum, offers 'tolerans: 0,1'."""
    source = workspace.sources / "helsingborgs-stad" / "socialnamnden-arsredovisning-2016" / "uppfoljning.yaml"
    edit(source, "    tolerans: 0.1 ", "    # tolerans: 0.1 ")
    row = (
        source.read_text(encoding="utf-8")
        .splitlines()
        .index("          - {text: Socialnämnden, värden: [11.8, 0.0, 470.1, 248.6, -697.0, 21.6, 33.4]}")
    )
    refused(
        workspace,
        ["build", source.parent],
        nbsp(
            r"'Årets resultat' är 21,6 men Kommunbidrag 2\) \+ Intäkter \+ Kostnader ger 21,7 "
            r"\(470,1 \+ 248,6 \+ \(−697,0\) = 21,7\)\. Rätta beloppen på raden\. Är beloppen avrundade .*"
            r"'tolerans: 0,1'"
        ),
        where=f"uppfoljning.yaml, rad {row + 1}:",
    )


def test_a_footnote_written_in_paragraphs_keeps_them(tmp_path):
    """The driftsredovisning's notes "1) …", "2) …" and a closing sentence, written as a block with
    blank lines between: one paragraph with line breaks, "2)" indented under the hanging indent.
    Now one footnote paragraph each, before docgen's own note on rounding."""
    built = build(FOLLOW_UP, Project(build=tmp_path))
    notes = [p.text for p in Document(str(built)).paragraphs if p.style.name == "Tabellfotnot"]
    assert [n[:18] for n in notes] == [
        "1) Det ingående re",
        "2) Kommunbidrag ut",
        "I driftsredovisnin",
        "Summorna kan avvik",
    ]
    assert not any("\n" in n for n in notes)


def test_new_year_marks_a_table_whose_columns_are_a_block_list(workspace):
    """The driftsredovisning's kolumner are written as a block list ("kolumner:" with "- …" under
    it): new-year put its 'att_uppdatera' between the key and its items, and the next year's
    file did not load (YAML error at the first item). The marker now goes above the list."""
    from docgen.commands.newyear import new_year
    from docgen.pipeline import load_validated

    summary = new_year("helsingborgs-stad", 2016, 2017, workspace)
    folder = workspace.sources / "helsingborgs-stad" / "socialnamnden-arsredovisning-2017"
    load_validated(folder, workspace)  # raised a DocgenError (YAML-fel) before
    lines = (folder / "uppfoljning.yaml").read_text(encoding="utf-8").splitlines()
    told = next(t for t in summary.tables if "socialnamnden-arsredovisning-2017" in t)
    at = int(re.search(r"rad (\d+)", told).group(1))
    assert lines[at - 1].strip().startswith("att_uppdatera:") and lines[at].strip() == "kolumner:"


def test_a_table_whose_words_do_not_fit_is_told_by_check(workspace):
    """Eight columns in 9 points on a portrait page: 'Socialnämnden' broke within the word, without
    a hyphen, and neither the build nor docgen check said so (it showed only on the page). Now check
    warns at the table's rubrik with the ways out; a warning, not an error (status 0)."""
    from docgen.commands.check import check_all, summary

    folder = workspace.sources / "helsingborgs-stad" / "socialnamnden-arsredovisning-2016"
    source = folder / "uppfoljning.yaml"
    assert not [p for p in check_all([folder], workspace) if "bryts mitt i ordet" in p.message]
    edit(source, "    bred_tabell: mindre_text ", "    # bred_tabell: mindre_text ")
    rubrik = (
        source.read_text(encoding="utf-8")
        .splitlines()
        .index('    rubrik: "Driftsredovisning 2016, socialnämnden (mnkr)"')
    )
    before = source.read_bytes()
    problems = check_all([folder], workspace)
    told = [p for p in problems if "bryts mitt i ordet" in p.message]
    assert len(told) == 1 and told[0].warning
    assert (Path(told[0].file), told[0].line) == (source, rubrik + 1)
    assert "'Socialnämnden' bryts mitt i ordet" in told[0].message
    assert "bred_tabell: mindre_text" in told[0].hint
    assert summary(problems)[1] == 0 and source.read_bytes() == before
