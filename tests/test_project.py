"""An organisation's own project folder, outside docgen's repository: `docgen new projekt`,
then every command run from the folder (or below it) uses its sources/, templates/ and build/.
Run as an editor runs it: the installed `docgen` in its own process, in a temporary folder."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document

from docgen.pipeline import ROOT

from .test_hostile import digest

DOCGEN = Path(sys.executable).with_name("docgen")
ORG = ["--organisation", "Lerums kommun"]
PLAN = ["--namnd", "Kommunfullmäktige", "--ar", "2026"]


def docgen(cwd: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    command = [str(DOCGEN)] if env is None else [sys.executable, "-m", "docgen.cli"]
    return subprocess.run([*command, *args], cwd=cwd, capture_output=True, text=True, timeout=120, env=env)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A project made with `docgen new projekt`, with one plan made in it with `docgen new`."""
    root = tmp_path_factory.mktemp("organisation")
    made = docgen(root, "new", "projekt", "lerum", *ORG)
    assert made.returncode == 0, made.stderr
    assert "cd lerum" in made.stdout
    folder = root / "lerum"
    plan = docgen(folder, "new", "plan", "sources/lerums-kommun/mal-och-budget-2026", *ORG, *PLAN)
    assert plan.returncode == 0, plan.stderr
    return folder


def test_a_new_project_holds_sources_templates_a_readme_and_nothing_of_the_repository(project):
    assert (project / "templates" / "startpaket" / "plan.docx").is_file()
    assert (project / "docs" / "schema" / "plan.schema.json").is_file()
    guide = (project / "docs" / "ny-organisation.md").read_text(encoding="utf-8")
    assert guide == (ROOT / "docs" / "ny-organisation.md").read_text(encoding="utf-8")
    assert (project / "docs" / "bilder" / "startpaket-plan-sida-1.png").is_file()
    assert "build/" in (project / ".gitignore").read_text(encoding="utf-8")
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Styrdokument för Lerums kommun\n")
    assert "docgen new plan sources/lerums-kommun/mal-och-budget-2026" in readme
    # the web edition for the organisation's website, and the preview, by the project's own commands
    assert "docgen publicera    bygger dokumenten som .docx, PDF och webbsida (.html)" in readme
    preview = (project / "docs" / "forhandsvisning.md").read_text(encoding="utf-8")
    assert "\n    docgen serve sources/" in preview and "\n    make " not in preview
    assert "`docgen html` skriver en webbsida" in preview
    assert (project / "templates" / "lerums-kommun" / "plan.docx").is_file()
    first = (project / "sources" / "lerums-kommun" / "mal-och-budget-2026" / "mal.yaml").read_text(encoding="utf-8")
    assert first.startswith("# yaml-language-server: $schema=../../../docs/schema/mal.schema.json\n")
    assert not (ROOT / "sources" / "lerums-kommun").exists() and not (ROOT / "templates" / "lerums-kommun").exists()


def test_commands_run_below_the_project_use_its_folders(project):
    """`docgen build` and `check` from the organisation's folder under sources/ build into the
    project's build/, as from the project folder itself."""
    below = project / "sources" / "lerums-kommun"
    built = docgen(below, "build")
    assert built.returncode == 0, built.stderr
    document = project / "build" / "lerums-kommun" / "mal-och-budget-2026.docx"
    assert built.stdout == "byggt: ../../build/lerums-kommun/mal-och-budget-2026.docx\n"
    assert "Kommunfullmäktige" in "\n".join(p.text for p in Document(str(document)).paragraphs)
    checked = docgen(below, "check")  # a new plan has no error, but is not final
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("inga fel hittades. Kvar till slutligt: "), checked.stdout
    assert "ATT UPPDATERA i 1 dokument" in checked.stdout


def _told(run: subprocess.CompletedProcess, prefix: str) -> list[str]:
    return [line.removeprefix(prefix) for line in run.stderr.splitlines() if line.startswith(prefix)]


def test_check_says_how_far_from_final_with_the_final_builds_list(project, tmp_path):
    """`docgen check` of a plan just made: no error, but every place still marked ATT UPPDATERA,
    with its file and line, the same list a final build refuses it with; a warning (exit 0),
    an error with --slutlig; nothing written in build/, the sources untouched. One marker
    filled in: one place fewer."""
    copy = tmp_path / "lerum"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("build"))
    sources, before = copy / "sources", digest(copy / "sources")
    checked = docgen(copy, "check")
    assert checked.returncode == 0, checked.stderr
    counted, *places = _told(checked, "varning: ")
    total = int(re.search(r"(\d+) stycken markerade", counted)[1])
    assert counted == (
        f"sources/lerums-kommun/mal-och-budget-2026: {total} stycken markerade ATT UPPDATERA: dokumentet är inte "
        "klart för ett slutligt bygge (--slutlig). Var de skrevs följer, med fil och rad."
    )
    assert (
        "sources/lerums-kommun/mal-och-budget-2026/mal.yaml, rad 9: står kvar markerat: [ATT UPPDATERA: målets namn]"
        in ("\n".join(places))
    )
    assert checked.stdout == (
        f"inga fel hittades. Kvar till slutligt: {total} stycken markerade ATT UPPDATERA i 1 dokument; var de "
        "skrevs står ovan med fil och rad. Skriv in det som saknas och ta bort markeringarna; ett slutligt bygge "
        "(--slutlig) vägrar dem tills dess.\n"
    )
    final = docgen(copy, "build", "--slutlig")
    assert final.returncode == 2
    refused, *listed = _told(final, "fel: ")
    assert (
        refused
        == f"mal-och-budget-2026.docx: dokumentet har {total} ställen markerade ATT UPPDATERA och kan inte byggas slutligt:"
    )
    assert listed == places  # the same list, file and line
    strict = docgen(copy, "check", "--slutlig")
    assert strict.returncode == 1 and _told(strict, "fel: ") == [counted, *places]
    assert not (copy / "build").exists() and digest(sources) == before
    mal = sources / "lerums-kommun" / "mal-och-budget-2026" / "mal.yaml"
    mal.write_text(mal.read_text(encoding="utf-8").replace("[[ATT UPPDATERA: målets namn]]", "Trygg uppväxt"), "utf-8")
    again = docgen(copy, "check")
    left = int(re.search(r"Kvar till slutligt: (\d+) stycken", again.stdout)[1])
    assert 0 < left < total, again.stdout  # the goal's name stood in two paragraphs
    assert not any("målets namn" in line for line in _told(again, "varning: "))


def test_outside_a_project_a_command_says_so_and_writes_nothing(tmp_path):
    for args in (["build"], ["new", "plan", "sources/lerums-kommun/plan-2026", *ORG, *PLAN]):
        run = docgen(tmp_path, *args)
        assert run.returncode == 2 and "Traceback" not in run.stderr
        assert run.stderr.startswith(
            f"fel: mappen du står i ({tmp_path}) är inget docgen-projekt: här, och i mapparna ovanför, "
            "finns ingen mapp med både sources/ och templates/. Gå till projektets mapp med cd"
        ), run.stderr
        assert "docgen new projekt <mapp>" in run.stderr
        assert list(tmp_path.iterdir()) == []


def test_beside_a_project_just_made_the_message_names_it(tmp_path):
    """`docgen new projekt` says 'cd <mapp>' next; a command run without it names the folder."""
    assert docgen(tmp_path, "new", "projekt", "Lerums styrdokument", *ORG).returncode == 0
    before = digest(tmp_path)
    run = docgen(tmp_path, "new", "plan", "sources/lerums-kommun/plan-2026", *ORG, *PLAN)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert f"fel: mappen du står i ({tmp_path}) är inget docgen-projekt" in run.stderr
    assert 'Gå först till projektet: cd "Lerums styrdokument"' in run.stderr, run.stderr
    assert digest(tmp_path) == before


def test_libreoffice_is_found_where_its_installer_puts_it(tmp_path, monkeypatch):
    """LibreOffice installed from libreoffice.org (Windows, Mac) is not on PATH."""
    from docgen.commands import pdf

    installed = tmp_path / "LibreOffice" / "program" / "soffice.exe"
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    monkeypatch.setattr(pdf, "INSTALLED", (tmp_path / "saknas" / "soffice", installed))
    assert pdf.find_libreoffice() is None
    installed.parent.mkdir(parents=True)
    installed.write_bytes(b"")
    assert pdf.find_libreoffice() == str(installed)


@pytest.mark.parametrize(
    "args, message",
    [
        (["new", "projekt", "."], "finns redan och har sources, templates, docs, README.md, .gitignore; "),
        (["new", "projekt", "sources/ny"], "ligger i projektet"),
        (["new", "projekt", "../annat", *ORG, "--ar", "2026"], "--namnd, --ar och --foljer-upp gäller ett dokument"),
        (["new", "plan", "sources/lerums-kommun/x", *ORG], "följande argument saknas: --namnd, --ar."),
    ],
)
def test_a_project_mistake_is_one_swedish_message_that_changes_nothing(project, args, message):
    before = digest(project.parent)
    run = docgen(project, *args)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert run.stderr.startswith("fel: ") and message in run.stderr, run.stderr
    assert run.stderr.rstrip().endswith("Inget skapades.")
    assert digest(project.parent) == before


def test_installed_without_the_repository_docgen_brings_its_starter_kit(tmp_path):
    """`pip install <repository>` (not -e): setup.py puts the starter kit and the schemas in
    the package; a project made by that docgen builds and checks."""
    setuptools = pytest.importorskip("setuptools")
    assert setuptools
    package = tmp_path / "installerad"
    made = subprocess.run(
        [sys.executable, "setup.py", "-q", "build_py", "--build-lib", str(package)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    shipped = package / "docgen" / "_delat"
    assert (shipped / "templates" / "startpaket" / "plan.docx").is_file()
    assert (shipped / "docs" / "kallformat.md").is_file() and (shipped / "docs" / "bilder").is_dir()
    env = {**os.environ, "PYTHONPATH": str(package)}
    work = tmp_path / "arbete"
    work.mkdir()
    assert docgen(work, "new", "projekt", "lerum", *ORG, env=env).returncode == 0
    project = work / "lerum"
    run = docgen(project, "new", "tjansteskrivelse", "sources/lerums-kommun/arende-1", *ORG, *PLAN, env=env)
    assert run.returncode == 0, run.stderr
    checked = docgen(project, "check", env=env)
    assert checked.returncode == 0, checked.stderr
    assert (project / "docs" / "kallformat.md").is_file()
    where = "from docgen.shipped import shipped; print(shipped('templates/startpaket'))"
    shown = subprocess.run([sys.executable, "-c", where], cwd=project, env=env, capture_output=True, text=True)
    assert shown.stdout.strip() == str(shipped / "templates" / "startpaket")


@pytest.mark.parametrize(
    "organisation, board",
    [("Region Jämtland Härjedalen", "Regionfullmäktige"), ("Västra Götalandsregionen", "Regionfullmäktige")]
    + [("Lerums kommun", "Kommunfullmäktige"), ("Stockholms stad", "Kommunfullmäktige")],
)
def test_the_first_command_told_names_the_organisations_own_assembly(tmp_path, organisation, board):
    """The command a new project is told to run next (and its README) names a region's
    regionfullmäktige, not the kommunfullmäktige a region does not have."""
    made = docgen(tmp_path, "new", "projekt", "p", "--organisation", organisation)
    assert made.returncode == 0, made.stderr
    told = f'--organisation "{organisation}" --namnd "{board}" --ar 2026'
    assert told in made.stdout
    assert told in (tmp_path / "p" / "README.md").read_text(encoding="utf-8")
