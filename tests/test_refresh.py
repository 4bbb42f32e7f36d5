"""`docgen förnya`: a project's guides and schemas (docs/) made those of the installed docgen,
never touching the editors' sources/ and templates/."""

from __future__ import annotations

import shutil

import pytest

from docgen.cli import main
from docgen.commands.project import new_project
from docgen.commands.refresh import version
from docgen.shipped import shipped

from .test_hostile import digest


@pytest.fixture
def stale(tmp_path, monkeypatch):
    """A project made by an older docgen: a guide and a schema changed since, a schema added
    since (missing here), one no longer shipped; the editors' own files around them."""
    new_project(tmp_path / "lerum", "Lerums kommun")
    root = tmp_path / "lerum"
    (root / "docs" / "kallformat.md").write_text("# Källformat (äldre version)\n", encoding="utf-8")
    (root / "docs" / "schema" / "plan.schema.json").write_text("{}\n", encoding="utf-8")
    (root / "docs" / "schema" / "mal.schema.json").unlink()
    (root / "docs" / "schema" / "gammal.schema.json").write_text("{}\n", encoding="utf-8")
    (root / "docs" / "var-egen-rutin.md").write_text("Vår rutin.\n", encoding="utf-8")  # the organisation's own
    (root / "sources" / "lerums-kommun").mkdir()
    (root / "sources" / "lerums-kommun" / "dokument.yaml").write_text("dokument: {}\n", encoding="utf-8")
    plan = root / "templates" / "startpaket" / "plan.docx"
    plan.write_bytes(plan.read_bytes() + b"\0")  # given the organisation's look
    monkeypatch.chdir(root)
    return root


def test_a_stale_project_gets_the_installed_guides_and_schemas_and_is_told_which(stale, capsys):
    editors = {name: digest(stale / name) for name in ("sources", "templates")}
    assert main(["förnya"]) == 0
    told = capsys.readouterr().out.splitlines()
    assert told[:5] == [
        "ny: docs/schema/mal.schema.json",
        "ändrad: docs/kallformat.md",
        "ändrad: docs/schema/plan.schema.json",
        "borttagen: docs/schema/gammal.schema.json",
        f"förnyade 4 filer i docs/ från docgen {version()}; sources/ och templates/ ändrades inte.",
    ]
    assert told[5].startswith("templates/startpaket/ är er och ändrades inte; 1 av dess filer skiljer sig")
    assert "(plan.docx)" in told[5] and str(shipped("templates/startpaket")) in told[5]
    for relative in ("docs/kallformat.md", "docs/schema/plan.schema.json", "docs/schema/mal.schema.json"):
        assert (stale / relative).read_bytes() == shipped(relative).read_bytes()
    assert not (stale / "docs" / "schema" / "gammal.schema.json").exists()
    assert (stale / "docs" / "var-egen-rutin.md").read_text(encoding="utf-8") == "Vår rutin.\n"
    assert {name: digest(stale / name) for name in ("sources", "templates")} == editors
    assert not (stale / "build").exists()
    assert not list(stale.rglob(".docgen-*"))  # no temporary file left
    assert main(["fornya"]) == 0  # the same without å, ä, ö; nothing left to do
    assert capsys.readouterr().out.splitlines()[0] == f"docs/ är redan som i docgen {version()}: inget ändrades."


def test_a_folder_in_a_guides_place_stops_it_before_anything_is_written(stale, capsys):
    guide = stale / "docs" / "ny-organisation.md"
    guide.unlink()
    guide.mkdir()
    before = {name: digest(stale / name) for name in ("sources", "templates", "docs")}
    assert main(["förnya"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        "fel: docs/ny-organisation.md: kunde inte förnya docgens guider och scheman: där finns en mapp med det "
        "namnet. Flytta undan eller ta bort den (docs/ är docgens filer) och kör 'docgen förnya' igen. "
        "sources/ och templates/ ändrades inte.\n"
    ), err
    assert "Traceback" not in err
    assert {name: digest(stale / name) for name in ("sources", "templates", "docs")} == before  # nothing half-done
    assert not (stale / "build").exists()
    shutil.rmtree(guide)
    assert main(["förnya"]) == 0
    assert "ny: docs/ny-organisation.md" in capsys.readouterr().out


def test_outside_a_project_it_says_so(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["förnya"]) == 2
    assert "är inget docgen-projekt" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
