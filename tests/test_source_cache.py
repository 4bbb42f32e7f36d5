"""Source files as read before (docgen.sources.cache): a build parses again only the files whose
text changed; what comes from the cache names the same files and lines, gives the same bytes,
and an entry that is damaged or was put there by someone else is never used (nor run)."""

from __future__ import annotations

import pickle
from pathlib import Path

from docgen import cli

PLAN = "region-ostergotland/hsn-arsplan-2025"  # nine files, and the treårsbudget it refers to


def docgen(workspace, capsys, *args) -> tuple[int, str]:
    code = cli.main(
        ["--kallor", str(workspace.sources), "--mallar", str(workspace.templates), "--ut", str(workspace.build), *args]
    )
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def entries(workspace) -> set[str]:
    folder = workspace.build / ".cache" / "kallor"
    return {p.name for p in folder.iterdir()} if folder.is_dir() else set()


def built(workspace) -> bytes:
    return next((workspace.build / "region-ostergotland").glob("arsplan-och-budget-2025.docx")).read_bytes()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_only_an_edited_file_is_read_again_and_the_document_is_as_from_scratch(workspace, capsys, tmp_path):
    code, said = docgen(workspace, capsys, "build", str(workspace.sources / PLAN))
    assert code == 0, said
    first = entries(workspace)
    files = len(list((workspace.sources / PLAN).glob("*.yaml")))
    assert len(first) == files + len(
        list((workspace.sources / "region-ostergotland/planeringsaret-2024").glob("*.yaml"))
    )

    _edit(workspace.sources / PLAN / "dokument.yaml", "Årsplan", "Årsplanen")
    code, said = docgen(workspace, capsys, "build", str(workspace.sources / PLAN))
    assert code == 0, said
    now = entries(workspace)
    assert len(now - first) == 1  # the edited file; the others came from the cache
    assert len(first - now) == 1  # its older entry is gone: one entry per file
    from_cache = built(workspace)

    fresh = tmp_path / "utan-cache"  # the same sources, nothing read before
    code, said = docgen(workspace, capsys, "--ut", str(fresh), "build", str(workspace.sources / PLAN))
    assert code == 0, said
    assert (fresh / "region-ostergotland" / "arsplan-och-budget-2025.docx").read_bytes() == from_cache
    assert "Årsplanen".encode() in _document_xml(from_cache)


def _document_xml(docx: bytes) -> bytes:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return archive.read("word/document.xml") + archive.read("docProps/core.xml")


def test_a_mistake_found_in_a_file_from_the_cache_names_its_file_and_line(workspace, capsys):
    code, said = docgen(workspace, capsys, "build", str(workspace.sources / PLAN))
    assert code == 0, said
    before = entries(workspace)
    _edit(workspace.sources / PLAN / "beredningar.yaml", "- id: bb4", "- id: bb9")  # malomraden.yaml refers to bb4

    code, said = docgen(workspace, capsys, "build", str(workspace.sources / PLAN))

    assert code == 2
    assert f"{workspace.sources / PLAN / 'malomraden.yaml'}, rad 56: följs_av: 'bb4' finns inte" in said
    assert entries(workspace) == before  # a failed build keeps nothing new, in the cache neither


class _Planted:
    """What someone with write access to build/ could put in the cache: unpickling it would
    write a file."""

    def __init__(self, target: Path):
        self.target = target

    def __reduce__(self):
        return (Path.write_text, (self.target, "körd"))


def test_a_damaged_or_planted_entry_is_not_used_nor_run(workspace, capsys, tmp_path):
    code, said = docgen(workspace, capsys, "build", str(workspace.sources / PLAN))
    assert code == 0, said
    first = built(workspace)
    marker = tmp_path / "planterad.txt"
    folder = workspace.build / ".cache" / "kallor"
    for number, entry in enumerate(sorted(folder.iterdir())):
        if number % 3 == 0:
            entry.write_bytes(entry.read_bytes()[:50])  # cut short
        elif number % 3 == 1:
            entry.write_bytes(pickle.dumps(_Planted(marker)))
        else:
            entry.write_bytes(pickle.dumps({"dokument": "inte en källa"}))  # a plain dict, not a read source

    dokument = workspace.sources / PLAN / "dokument.yaml"  # an edit: the document is built again
    dokument.write_text(dokument.read_text(encoding="utf-8") + "# ändrad\n", encoding="utf-8")

    code, said = docgen(workspace, capsys, "build", str(workspace.sources / PLAN))

    assert code == 0, said
    assert not marker.exists()
    assert built(workspace) == first


def test_a_forced_build_parses_every_file_again(workspace, capsys, monkeypatch):
    """--tvinga trusts nothing read before: every source file is parsed again."""
    code, said = docgen(workspace, capsys, "build", str(workspace.sources / PLAN))
    assert code == 0, said
    first = built(workspace)
    from docgen.sources import load

    parsed = []
    original = load.load_yaml_text
    monkeypatch.setattr(load, "load_yaml_text", lambda text, path: parsed.append(path) or original(text, path))

    code, said = docgen(workspace, capsys, "build", "--tvinga", str(workspace.sources / PLAN))

    assert code == 0, said
    assert len(parsed) == len(entries(workspace))  # the plan's files and those of the treårsbudget it refers to
    assert built(workspace) == first
