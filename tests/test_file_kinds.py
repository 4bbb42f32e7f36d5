"""`docgen check` compares each source file's sections with the kind its schema header names
(`# yaml-language-server: $schema=…`): an editor without the YAML language server learns of a
section in the wrong kind of file, with file, line and what to do. The build reads a section
wherever it stands, so this is a warning: check still exits 0 when nothing else is wrong, and
the build is not affected."""

from __future__ import annotations

from pathlib import Path

from docgen.cli import main
from docgen.commands.check import check_all
from docgen.pipeline import build

from .conftest import not_unfinished
from .test_hostile import edit

TANUM = Path("tanums-kommun") / "verksamhetsmal-2024"


def _run_check(workspace, capsys, folder) -> tuple[int, str]:
    argv = ["--kallor", workspace.sources, "--mallar", workspace.templates, "--ut", workspace.build]
    status = main([str(a) for a in [*argv, "check", folder]])
    out = capsys.readouterr()
    return status, out.out + out.err


def _sources(folder: Path) -> dict:
    return {p: p.read_bytes() for p in sorted(folder.iterdir())}


def test_a_section_in_the_wrong_kind_of_file_is_a_warning_naming_file_line_and_fix(workspace, capsys):
    folder = workspace.sources / TANUM
    budget, goals = folder / "budget.yaml", folder / "mal.yaml"
    text = budget.read_text(encoding="utf-8")
    values = text[text.index("värdetabeller:") :]
    budget.write_text(text.replace(values, ""), encoding="utf-8")  # the value tables move into mal.yaml
    goals.write_text(goals.read_text(encoding="utf-8") + values, encoding="utf-8")
    line = goals.read_text(encoding="utf-8").splitlines().index("värdetabeller:") + 1
    before = _sources(folder)

    status, output = _run_check(workspace, capsys, folder)
    assert status == 0, output
    assert (
        f"varning: {goals}, rad {line}: avsnittet 'värdetabeller' hör inte till en fil av sorten "
        "'Mål, uppdrag och styrtal' (mal.schema.json i filens första rad). Bygget läser det ändå, men en "
        "editor med YAML-stöd stryker under det. Flytta avsnittet till budget.yaml. Sorterna och deras avsnitt står i docs/kallformat.md."
    ) in output
    assert "inga fel hittades, 1 varning." in output
    assert "fel:" not in output
    assert _sources(folder) == before
    assert not any(workspace.build.iterdir())
    assert build(folder, workspace).exists()  # the build reads the section where it stands


def test_a_file_whose_header_names_the_wrong_kind_is_told_which_header_fits(workspace):
    folder = workspace.sources / TANUM
    edit(folder / "budget.yaml", "tabeller.schema.json", "mal.schema.json")
    warnings = not_unfinished(check_all([folder], workspace))
    header = "# yaml-language-server: $schema=../../../docs/schema/tabeller.schema.json"
    assert len(warnings) == 2, warnings
    assert (
        "budget.yaml, rad 2: avsnittet 'tabeller' hör inte till en fil av sorten 'Mål, uppdrag och styrtal'"
        in warnings[0]
    )
    assert f"eller ändra första raden till '{header}' (sorten 'Tabeller och diagram')" in warnings[0]
    assert "avsnittet 'värdetabeller'" in warnings[1]


def test_a_header_naming_no_schema_is_a_warning(workspace):
    folder = workspace.sources / TANUM
    edit(folder / "mal.yaml", "mal.schema.json", "maal.schema.json")
    warnings = not_unfinished(check_all([folder], workspace))
    assert (
        len(warnings) == 1
        and "mal.yaml, rad 1: första raden (schemahuvudet) pekar på ett schema som inte finns" in warnings[0]
    ), warnings
    assert "mal.schema.json" in warnings[0]
