"""`docgen diff` and `docgen new-year` with the fields added since they were written: an
internkontrollplan's columns, risk scale and risks (and, for diff, every field of the schema)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from docx import Document

from docgen.commands.newyear import new_year
from docgen.pipeline import ROOT, Project, build, load_validated
from docgen.sources.versions import diff_command

from .test_hostile import digest
from .test_internal_control import FULL, UPPSALA

RESULT = "          rapportering: Nämnden varje kvartal\n"


@pytest.fixture
def plan(tmp_path) -> tuple[Project, Path]:
    """Uppsala's internkontrollplan 2016 in the guide's columns, with a risk scale and a result."""
    for part in ("sources", "templates"):
        shutil.copytree(ROOT / part / "uppsala-kommun", tmp_path / part / "uppsala-kommun")
    folder = tmp_path / "sources" / UPPSALA
    text = FULL.replace("Internkontrollplan 2025", "Internkontrollplan 2016")
    text = text.replace(RESULT, RESULT + "          resultat: |\n            Två beslut saknade delegation.\n")
    (folder / "internkontroll.yaml").write_text(text, encoding="utf-8")
    return Project(tmp_path / "sources", tmp_path / "templates", tmp_path / "build"), folder


def test_diff_tells_every_change_of_an_internkontrollplan(plan, tmp_path):
    project, old = plan
    new = tmp_path / "sources" / "uppsala-kommun" / "reviderad"
    shutil.copytree(old, new)
    path = new / "internkontroll.yaml"
    text = path.read_text(encoding="utf-8")
    for before, after in (
        (
            "    rapportering: Rapporteras till/när\n",
            "    rapportering: Rapporteras till/när\n    resultat: Resultat\n",
        ),
        ("färg: röd}", "färg: orange}"),
        ("sannolikhet: 4\n          konsekvens: 4", "sannolikhet: 3\n          konsekvens: 4"),
        ("Två beslut saknade delegation.", "Tre beslut saknade delegation."),
        ("        - risk: Attest av egna kostnader", "        - risk: Attest av egna kostnader"),
    ):
        assert before in text
        text = text.replace(before, after)
    text += "        - risk: Felaktiga utbetalningar\n          kontrollmoment: Utbetalningar\n"
    text = text.replace(text[text.index("        - risk: Attest") : text.index("    - verksamhet: Myndighet")], "")
    path.write_text(text, encoding="utf-8")
    before = digest(tmp_path / "sources")
    told = diff_command(str(old), str(new), project).splitlines()
    risk = "Internkontroll › verksamhet Myndighetsutövning › risk Beslut fattas utan delegation"
    assert told == [
        "Följande revideringar görs i Intern kontrollplan 2016:",
        "a. Internkontroll: kolumner: resultat (Resultat) läggs till.",
        "b. Internkontroll › risknivå Hög: färg ändras från röd till orange.",
        "c. Internkontroll › verksamhet Inköp: risk Attest av egna kostnader tas bort.",
        f"d. {risk}: sannolikhet ändras från 4 till 3.",
        f"e. {risk}: riskvärde ändras från 16 till 12.",
        f"f. {risk}: resultat ändras från Två beslut saknade delegation. till Tre beslut saknade delegation.",
        "g. Internkontroll › verksamhet Myndighetsutövning: risk Felaktiga utbetalningar läggs till.",
    ]
    assert digest(tmp_path / "sources") == before and not project.build.exists()


def test_diff_tells_a_section_it_has_no_sentence_of_its_own_for(tmp_path):
    """A table added, a goal area renamed: fields no revision sentence was written for are
    still told, from the schema (the walk over every record and field)."""
    shutil.copytree(ROOT / "sources" / "region-ostergotland", tmp_path / "sources" / "region-ostergotland")
    shutil.copytree(ROOT / "templates" / "region-ostergotland", tmp_path / "templates" / "region-ostergotland")
    project = Project(tmp_path / "sources", tmp_path / "templates", tmp_path / "build")
    old = tmp_path / "sources" / "region-ostergotland" / "hsn-arsplan-2025"
    _raw, sources = load_validated(old, project)
    new = old.with_name("hsn-arsplan-2025-ny")
    shutil.copytree(old, new)
    area = sources.goal_areas[0]
    file, line = area.where("name")
    lines = (new / Path(file).name).read_text(encoding="utf-8").splitlines(keepends=True)
    assert area.name in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(area.name, area.name + " och samverkan")
    (new / Path(file).name).write_text("".join(lines), encoding="utf-8")
    told = diff_command(str(old), str(new), project)
    assert f"Målområde {area.name}: namn ändras från {area.name} till {area.name} och samverkan." in told, told
    assert "styrande dokumentet" not in told  # an 'ordagrant' validity read twice is the same validity


def test_new_year_of_an_internkontrollplan_marks_last_years_results_and_keeps_its_columns(plan, tmp_path):
    project, old = plan
    before = digest(old)
    summary = new_year("uppsala-kommun", 2016, 2017, project)
    new = old.with_name("mhn-intern-kontrollplan-2017")
    text = summary.text(2016, 2017)
    assert "Tabeller vars belopp ska revideras (0):" in text  # the plan's kolumner are not an amount table's
    assert "Internkontrollens resultat att skriva in för 2017 (1):\n" in text
    assert "uppsala-kommun/mhn-intern-kontrollplan-2017/internkontroll.yaml: rad 49" in text
    written = (new / "internkontroll.yaml").read_text(encoding="utf-8")
    assert "rubrik: Internkontrollplan 2017\n" in written and "att_uppdatera" not in written
    assert written.splitlines()[48] == (
        '          resultat: "[[ATT UPPDATERA: resultatet av 2017 års kontroll (2016 års resultat står i källorna '
        'för 2016)]]"'
    )
    assert "Två beslut" not in written
    _raw, sources = load_validated(new, project)  # the new year's sources are valid
    assert sources.internal_control.columns == load_validated(old, project)[1].internal_control.columns
    assert digest(old) == before  # last year's sources untouched
    path = new / "internkontroll.yaml"  # shown in the plan's table, the result reads as a marker
    path.write_text(
        written.replace("    rapportering: Rapporteras", "    resultat: Resultat\n    rapportering: Rapporteras")
    )
    cells = [c.text for t in Document(str(build(new, project))).tables for r in t.rows for c in r.cells]
    assert "[ATT UPPDATERA: resultatet av 2017 års kontroll (2016 års resultat står i källorna för 2016)]" in cells


def test_new_year_of_every_organisations_documents_gives_valid_sources(workspace):
    """Every field of every kind of document the repository holds goes through new-year and comes
    out as valid sources (an internkontroll's kolumner got an amount table's 'att_uppdatera'; a table
    the editor had marked got a second 'att_uppdatera' key). The editor's own note on a table is
    kept after docgen's."""
    from docgen.errors import DocgenError
    from docgen.pipeline import document_folders

    years = sorted(
        {
            (folder.relative_to(workspace.sources).parts[0], load_validated(folder, workspace)[1].document.year)
            for folder in document_folders(workspace)
        }
        - {(org, None) for org in (p.name for p in workspace.sources.iterdir())}
    )
    created, told = [], []
    for organisation, year in years:
        try:
            summary = new_year(organisation, year, year + 1, workspace)
        except DocgenError as exc:  # the next year's folder is already there (Östergötland's 2024 and 2025)
            assert "docgen new-year skriver aldrig över" in exc.problems[0].message, exc.problems[0]
            continue
        created += summary.created
        told += summary.tables + summary.targets + summary.results
    assert len(created) >= 25
    # every place the summary tells the editor to revise is a line of the new year's file with the
    # marker on it or right below it (a budget table's line was not given; a workbook's was off by two)
    assert len(told) >= 60
    for entry in told:
        found = re.match(r"(?P<file>[^:]+): rad (?P<line>\d+)\b", entry)
        assert found, entry
        lines = (workspace.sources / found["file"]).read_text(encoding="utf-8").splitlines()
        at = int(found["line"])
        assert any("att_uppdatera:" in line or "ATT UPPDATERA" in line for line in lines[at - 1 : at + 1]), (
            entry,
            lines[at - 1 : at + 1],
        )
    for folder in created:
        load_validated(workspace.sources / folder, workspace)
        for source in (workspace.sources / folder).glob("*.yaml"):  # no marker inside a marker (it broke the
            nested = re.search(r"\[\[[^\]]*\[\[", source.read_text(encoding="utf-8"))  # brackets)
            assert nested is None, (source, nested)
    budget = (workspace.sources / "sjobo-kommun" / "budget-2026" / "budget.yaml").read_text(encoding="utf-8")
    assert budget.count("att_uppdatera:") == (
        (ROOT / "sources" / "sjobo-kommun" / "budget-2025" / "budget.yaml")
        .read_text(encoding="utf-8")
        .count("att_uppdatera:")
        + budget.count('att_uppdatera: "Beloppen är kopierade från 2025 års källor och ska revideras."')
    )
    assert (
        'att_uppdatera: "Beloppen är kopierade från 2025 års källor och ska revideras. Tabellen fortsätter i '
        'originalet (Finansiering m.m.); resten finns inte i underlaget."'
    ) in budget


def test_new_year_marks_a_value_table_whose_footnote_is_a_block(workspace):
    """A value table's footnote written as a YAML block (`fotnot: |`) gets the marker as its first
    line, where the summary says (it got none: the table went to the new year unmarked), and as a
    paragraph of its own: Älmhult's key figures have three footnotes ("* 2015 har det skett
    skatteväxling …", "** …", "*** …"), and the marker glued to the first one read as part of it."""
    folder = workspace.sources / "sydostra-sjukvardsregionen" / "svn-uppfoljning-2024"
    values = folder / "varden.yaml"
    text = values.read_text(encoding="utf-8")
    note = "    fotnot: Patientlöftet säker vård saknar mått"
    assert note in text
    values.write_text(text.replace(note, "    fotnot: |\n      Patientlöftet säker vård saknar mått"), encoding="utf-8")
    summary = new_year("sydostra-sjukvardsregionen", 2024, 2025, workspace)
    entry = next(t for t in summary.tables if "varden.yaml" in t and "värdetabell" in t)
    at = int(re.search(r"rad (\d+)", entry).group(1))
    new = workspace.sources / "sydostra-sjukvardsregionen" / "svn-uppfoljning-2025"
    lines = (new / "varden.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[at - 1] == "    fotnot: |"
    assert lines[at] == "      [[ATT UPPDATERA: Värdena är kopierade från 2024 års källor och ska revideras.]]"
    assert lines[at + 1] == ""
    assert lines[at + 2].startswith("      Patientlöftet säker vård saknar mått")
    load_validated(new, workspace)
    notes = [p.text for p in Document(str(build(new, workspace))).paragraphs if p.style.name == "Tabellfotnot"]
    marker = "[ATT UPPDATERA: Värdena är kopierade från 2024 års källor och ska revideras.]"
    assert notes[notes.index(marker) + 1].startswith("Patientlöftet säker vård saknar mått"), notes


def test_check_after_new_year_lists_every_marker_by_file_and_line(workspace):
    """Next year's editor works through `docgen check`'s list: every marker, in file and line order
    (it was the document's order, twenty at most: Örebro's 2027 plan hid four), and a table's own
    `att_uppdatera` at each table that repeats it (three budget tables were one line)."""
    from docgen.commands.check import check_all

    new_year("region-orebro-lan", 2026, 2027, workspace)
    folder = workspace.sources / "region-orebro-lan" / "hsn-vp-2027"
    places = [(p.file, p.line) for p in check_all([folder], workspace) if p.line]
    budget = folder / "budget.yaml"
    lines = budget.read_text(encoding="utf-8").splitlines()
    marked = [n for n, line in enumerate(lines, 1) if line.strip().startswith("att_uppdatera:")]
    assert len(marked) == 4
    assert [line for file, line in places if str(file).endswith("hsn-vp-2027/budget.yaml")] == marked
    targets = [
        n
        for n, line in enumerate((folder / "malsattningar.yaml").read_text().splitlines(), 1)
        if "ATT UPPDATERA" in line
    ]
    assert [line for file, line in places if str(file).endswith("malsattningar.yaml")] == targets
    assert places == sorted(places, key=lambda p: (str(p[0]), p[1]))
