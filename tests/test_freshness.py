"""No work for what did not change: a build whose inputs hash as before writes nothing, and
every kind of change (source, new file, template, referenced document, outcome file, docgen
itself, a touched output, --tvinga) builds again. A parallel batch gives the same bytes as a
serial one."""

from __future__ import annotations

import pytest

from docgen import cli, freshness
from docgen.pipeline import build_batch

STATUS = "region-orebro-lan/hsn-vp-2026-styrtalsstatus"  # follows up the plan below
PLAN = "region-orebro-lan/hsn-vp-2026"
CASE = "region-ostergotland/beslut-arsplan-2025"


def docgen(workspace, capsys, *args) -> tuple[int, str]:
    code = cli.main(
        ["--kallor", str(workspace.sources), "--mallar", str(workspace.templates), "--ut", str(workspace.build), *args]
    )
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def outputs(workspace) -> dict[str, tuple[int, bytes]]:
    """Every built file (cache aside) with its modification time in ns and its bytes."""
    return {
        str(p.relative_to(workspace.build)): (p.stat().st_mtime_ns, p.read_bytes())
        for p in sorted(workspace.build.rglob("*"))
        if p.is_file() and ".cache" not in p.parts
    }


def build_twice(workspace, capsys, folder: str, change=None) -> str:
    """Build, apply `change(workspace)`, build again; returns what the second build said."""
    code, said = docgen(workspace, capsys, "build", str(workspace.sources / folder))
    assert code == 0, said
    if change:
        change(workspace)
    code, said = docgen(workspace, capsys, "build", str(workspace.sources / folder))
    assert code == 0, said
    return said


def test_second_build_with_nothing_changed_writes_nothing(workspace, capsys):
    docgen(workspace, capsys, "build", str(workspace.sources / STATUS), str(workspace.sources / CASE))
    before = outputs(workspace)
    code, said = docgen(workspace, capsys, "build", str(workspace.sources / STATUS), str(workspace.sources / CASE))
    assert code == 0
    assert "byggt:" not in said
    assert said.count("oförändrat:") == 3  # the status report, the case and its .json
    assert "--tvinga" in said
    assert outputs(workspace) == before  # not a byte, not a file time changed
    assert not [p for p in workspace.build.rglob("*.tmp")]


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _add_zip_entry(path):
    """A template saved again with one more (unreferenced) part: other bytes, same document."""
    import zipfile

    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("customXml/anteckning.xml", "<a/>")


CHANGES = {
    "a source": lambda w: _edit(w.sources / STATUS / "uppfoljning.yaml", "titel: ", "titel: Ny "),
    "a new file in the folder": lambda w: (w.sources / STATUS / "anteckning.txt").write_text("x", encoding="utf-8"),
    "the referenced plan": lambda w: _edit(w.sources / PLAN / "malsattningar.yaml", "79", "78"),
    "the template": lambda w: _add_zip_entry(w.templates / "gemensam" / "uppfoljning.docx"),
    "the output": lambda w: next(w.build.rglob("*.docx")).write_bytes(b"changed by hand"),
    "the output removed": lambda w: next(w.build.rglob("*.docx")).unlink(),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_every_kind_of_change_builds_again(workspace, capsys, change):
    said = build_twice(workspace, capsys, STATUS, CHANGES[change])
    assert "byggt:" in said and "oförändrat:" not in said, said


def test_a_changed_template_is_read_again(workspace, capsys):
    docgen(workspace, capsys, "build", str(workspace.sources / STATUS))
    (workspace.templates / "gemensam" / "uppfoljning.docx").write_bytes(b"inte ett Word-dokument")
    code, said = docgen(workspace, capsys, "build", str(workspace.sources / STATUS))
    assert code == 2 and "mallen" in said


def test_a_file_read_outside_the_folders_is_noted_as_an_input(workspace):
    folder = workspace.sources / STATUS
    outcome = workspace.sources / "utfall.csv"
    outcome.write_text("styrtal;period;värde\n", encoding="utf-8")
    freshness_inputs = freshness.Inputs()
    token = freshness._current.set(freshness_inputs)
    try:
        freshness.note_file(outcome)
    finally:
        freshness._current.reset(token)
    assert outcome.resolve() in freshness_inputs.files
    assert str(outcome.resolve()) in freshness.input_hashes(freshness_inputs)
    assert folder.is_dir()


def test_a_new_docgen_version_builds_again(workspace, capsys, monkeypatch):
    docgen(workspace, capsys, "build", str(workspace.sources / STATUS))
    # another key for this code only: a constant one is shared by every version of docgen on the
    # machine in Jinja's bytecode cache, where an older version's compiled template waits under it
    monkeypatch.setattr(freshness, "_engine_key", ["another docgen " + freshness.engine_key()])
    code, said = docgen(workspace, capsys, "build", str(workspace.sources / STATUS))
    assert code == 0 and "byggt:" in said


def test_docgens_code_key_covers_every_module_and_nothing_else(tmp_path):
    """The key of docgen's code (engine_key: a change rebuilds everything) is made from every
    module of the package, nested ones too, in a stable order, and not from compiled files."""
    from pathlib import Path

    package = tmp_path / "docgen"
    for name in ("cli.py", "word.py", "word/render.py", "sources/schema/goals.py", "sources/load.py", "notes.txt"):
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(name)
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "cli.cpython-311.pyc").write_bytes(b"")
    listed = [relative for relative, _path in freshness._code_files(str(package))]
    assert listed == ["cli.py", "sources/load.py", "sources/schema/goals.py", "word/render.py", "word.py"]
    real = [relative for relative, _path in freshness._code_files(str(Path(freshness.__file__).parent))]
    assert "word/render.py" in real and "sources/schema/goals.py" in real and len(real) == len(set(real))


def _code_package(tmp_path, monkeypatch):
    """A package of two modules, its files settled (the clock two minutes on), its remembered key
    kept under tmp_path instead of the user's temporary folder."""
    import time

    package = tmp_path / "docgen"
    (package / "word").mkdir(parents=True)
    (package / "cli.py").write_text("A = 1\n")
    (package / "word" / "render.py").write_text("B = 2\n")
    now = time.time_ns()
    monkeypatch.setattr(freshness, "_clock", lambda: now + 120_000_000_000)
    monkeypatch.setattr(freshness, "_memo_path", lambda folder: tmp_path / "motor.json")
    return package


def test_docgens_code_key_is_remembered_and_made_again_from_the_bytes_after_any_write(tmp_path, monkeypatch):
    """engine_key hashes docgen's code once and remembers the hash by each file's inode, size and
    times: a module's bytes changed with its size and modification time as before (cp -p, touch -d)
    still give another key, from the new bytes, as hashing every build did."""
    import os
    import time

    package = _code_package(tmp_path, monkeypatch)
    first = freshness.package_key(str(package))
    files, libraries = freshness._code_files(str(package)), freshness._library_versions()
    assert first == freshness._content_key(files, libraries)
    assert (tmp_path / "motor.json").is_file()

    hashed = []
    content_key = freshness._content_key
    monkeypatch.setattr(freshness, "_content_key", lambda *args: hashed.append(1) or content_key(*args))
    assert freshness.package_key(str(package)) == first and not hashed  # remembered: no file read

    module = package / "cli.py"
    before = os.stat(module)
    time.sleep(0.05)  # the clock's step for file times is at most a hundredth of a second
    module.write_text("A = 3\n")
    os.utime(module, ns=(before.st_atime_ns, before.st_mtime_ns))  # size and modification time as before
    changed = freshness.package_key(str(package))
    assert hashed and changed != first
    assert changed == content_key(freshness._code_files(str(package)), libraries)


def test_docgens_code_key_is_not_remembered_while_a_file_just_changed_nor_from_a_damaged_note(tmp_path, monkeypatch):
    """A file written in the last two seconds may be written again within the same step of its
    times: the key is made from the bytes and not remembered. A damaged note is not used."""
    import time

    package = _code_package(tmp_path, monkeypatch)
    monkeypatch.setattr(freshness, "_clock", lambda: time.time_ns() + 1_000_000_000)  # changed a second ago
    key = freshness.package_key(str(package))
    assert key == freshness._content_key(freshness._code_files(str(package)), freshness._library_versions())
    assert not (tmp_path / "motor.json").exists()
    (tmp_path / "motor.json").write_text('{"signatur": "', encoding="utf-8")
    assert freshness.package_key(str(package)) == key


def test_tvinga_builds_anyway_and_gives_the_same_bytes(workspace, capsys):
    docgen(workspace, capsys, "build", str(workspace.sources / STATUS))
    before = {name: data for name, (_time, data) in outputs(workspace).items()}
    code, said = docgen(workspace, capsys, "build", "--tvinga", str(workspace.sources / STATUS))
    assert code == 0 and "byggt:" in said
    assert {name: data for name, (_time, data) in outputs(workspace).items()} == before


def test_a_final_build_is_not_taken_for_a_draft(workspace, capsys):
    docgen(workspace, capsys, "build", str(workspace.sources / CASE))
    code, said = docgen(workspace, capsys, "build", "--slutlig", str(workspace.sources / CASE))
    assert "oförändrat:" not in said  # built again (and refused: the case still has ATT UPPDATERA)
    assert code == 2


def test_parallel_batch_gives_the_same_bytes_as_serial(workspace, tmp_path):
    from docgen.pipeline import Project

    folders = [workspace.sources / STATUS, workspace.sources / CASE, workspace.sources / PLAN]
    serial = Project(workspace.sources, workspace.templates, tmp_path / "serial")
    parallel = Project(workspace.sources, workspace.templates, tmp_path / "parallel")
    one = build_batch(folders, serial, workers=1)
    two = build_batch(folders, parallel, workers=2)
    assert not one.failed and not two.failed
    assert [p.relative_to(serial.build) for p in one.written] == [p.relative_to(parallel.build) for p in two.written]
    for a, b in zip(one.written, two.written):
        assert a.read_bytes() == b.read_bytes(), a.name


AGENDA = "region-ostergotland/hsn-foredragningslista"


@pytest.mark.skipif(not __import__("shutil").which("soffice"), reason="LibreOffice saknas")
def test_pdf_only_for_documents_whose_pdf_is_missing_or_older(workspace, capsys):
    folders = [str(workspace.sources / CASE), str(workspace.sources / AGENDA)]
    code, said = docgen(workspace, capsys, "pdf", *folders)
    assert code == 0 and said.count(".pdf") == 2, said
    laid_out = outputs(workspace)  # the .docx files now carry their page numbers
    code, said = docgen(workspace, capsys, "pdf", *folders)
    assert code == 0 and "byggt:" not in said, said  # nothing built, nothing converted
    assert outputs(workspace) == laid_out
    removed = next(workspace.build.rglob("foredragningslista-hsn.pdf"))
    removed.unlink()
    code, said = docgen(workspace, capsys, "pdf", *folders)
    assert code == 0 and [line for line in said.splitlines() if line.startswith("byggt:")] == [
        "byggt: " + cli._shown(removed)
    ], said


@pytest.mark.skipif(not __import__("shutil").which("soffice"), reason="LibreOffice saknas")
def test_a_copied_build_folder_speaks_of_its_own_files(workspace, capsys, tmp_path):
    """build/ copied elsewhere (a copy to send, a moved project) and used with --ut: its record
    names its own files. Before, `docgen --ut <kopia> pdf` said 'oförändrat' of the original's
    .docx and converted and rewrote the original's files, outside --ut."""
    import shutil

    code, said = docgen(workspace, capsys, "build", str(workspace.sources / CASE))
    assert code == 0, said
    original = outputs(workspace)
    copy = tmp_path / "kopia"
    shutil.copytree(workspace.build, copy)
    elsewhere = type(workspace)(workspace.sources, workspace.templates, copy)
    code, said = docgen(elsewhere, capsys, "pdf", str(workspace.sources / CASE))
    assert code == 0, said
    assert str(workspace.build) not in said and said.count("oförändrat:") == 2, said  # the .docx and the .json
    assert outputs(workspace) == original  # the original: not a byte, not a file time changed
    assert len(list(copy.rglob("*.pdf"))) == 1 and not list(workspace.build.rglob("*.pdf"))
    shutil.rmtree(workspace.build)  # the copy needs nothing of the original
    code, said = docgen(elsewhere, capsys, "build", str(workspace.sources / CASE))
    assert code == 0 and "byggt:" not in said, said
