"""The sources' JSON Schema and the source guide are generated from, or tested against,
docgen's schema, so neither can drift from what a build accepts."""

from __future__ import annotations

import json

import jsonschema
import pytest

from docgen.pipeline import ROOT
from docgen.sources import jsonschema as sourceschema
from docgen.sources.load import load_yaml_file

SOURCES = sorted((ROOT / "sources").rglob("*.yaml"))


@pytest.fixture(scope="module")
def validator():
    committed = json.loads(sourceschema.SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(committed)
    return jsonschema.Draft202012Validator(committed)


def test_committed_schema_is_generated_from_the_schema():
    assert sourceschema.SCHEMA_FILE.read_text(encoding="utf-8") == sourceschema.schema_text(), (
        "docs/schema/kallfil.schema.json följer inte docgen/sources/schema.py eller docs/kallformat.md: "
        "kör 'make schema' (docgen schema) och checka in filen"
    )


def test_every_field_has_swedish_hover_help():
    generated = sourceschema.json_schema()
    for name, definition in [("källfil", generated)] + list(generated["$defs"].items()):
        for key, prop in definition["properties"].items():
            assert prop.get("description", "").endswith("."), (name, key)
            assert ("Obligatorisk" in prop["description"]) != ("Valfri" in prop["description"]), (name, key)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT / "sources")))
def test_every_source_file_names_its_schema_and_validates(path, validator):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == sourceschema.schema_header(path).rstrip("\n"), f"{path}: första raden ska vara schemahuvudet"
    target = (path.parent / first.removeprefix(sourceschema.HEADER)).resolve()
    assert target == sourceschema.SCHEMA_FILE.resolve()
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(load_yaml_file(path))]
    assert errors == []


def test_schema_catches_a_misspelt_key_and_a_wrong_value(tmp_path, validator):
    path = ROOT / "sources" / "region-ostergotland" / "hsn-arsplan-2025" / "styrande-dokument.yaml"
    text = path.read_text(encoding="utf-8")
    assert "nytt_beslut:" in text
    broken = tmp_path / "styrande-dokument.yaml"
    broken.write_text(text.replace("nytt_beslut:", "nyt_beslut:", 1), encoding="utf-8")
    messages = [e.message for e in validator.iter_errors(load_yaml_file(broken))]
    assert any("nyt_beslut" in m for m in messages), messages
    document = tmp_path / "dokument.yaml"
    document.write_text(
        "dokument:\n  titel: T\n  organisation: O\n  nämnd: N\n  år: 1890\n  fil: Stora Bokstäver\n", encoding="utf-8"
    )
    paths = sorted(tuple(e.absolute_path) for e in validator.iter_errors(load_yaml_file(document)))
    assert paths == [("dokument", "fil"), ("dokument", "år")]


def test_schema_header_is_relative_to_the_file():
    header = sourceschema.schema_header(ROOT / "sources" / "org" / "dok" / "fil.yaml")
    assert header == "# yaml-language-server: $schema=../../../docs/schema/kallfil.schema.json\n"


def test_source_guide_documents_every_key_the_schema_accepts():
    documented, unknown = set(), []

    def visit(cls, key, _value, _comment, where):
        if cls is None:
            unknown.append(f"{where[0].KIND}.{key} (docs/kallformat.md, rad {where[1]})")
        else:
            documented.add((cls, key))

    sourceschema.walk_guide(visit)
    assert unknown == [], "källguiden visar nycklar som docgen inte godtar"
    missing = sorted(f"{cls.KIND}.{key}" for cls, key in sourceschema.accepted_keys() - documented)
    assert missing == [], "nycklar som docgen godtar men som källguiden (docs/kallformat.md) inte visar i ett exempel"
