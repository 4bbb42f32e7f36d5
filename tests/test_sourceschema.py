"""The sources' JSON Schemas (one per kind of source file) and the source guide are generated
from, or tested against, docgen's schema, so neither can drift from what a build accepts."""

from __future__ import annotations

import json
import re
from functools import cache

import jsonschema
import pytest

from docgen.pipeline import ROOT
from docgen.sources import jsonschema as sourceschema
from docgen.sources import schema
from docgen.sources.load import load_yaml_file, load_yaml_text

SOURCES = sorted((ROOT / "sources").rglob("*.yaml"))
STARTER = sorted((ROOT / "templates" / "startpaket").glob("*/*.yaml"))


@cache
def validator(schema_file) -> jsonschema.Draft202012Validator:
    """A validator of a committed schema file (checked to be a valid JSON Schema first)."""
    committed = json.loads(schema_file.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(committed)
    return jsonschema.Draft202012Validator(committed)


def named_schema(path):
    """The schema file a source file's header names, resolved from where the file lies."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(sourceschema.HEADER), f"{path}: första raden ska vara schemahuvudet"
    return (path.parent / first.removeprefix(sourceschema.HEADER)).resolve()


def errors(path, kind_name: str, text: str | None = None) -> list[str]:
    data = load_yaml_file(path) if text is None else load_yaml_text(text, path)
    found = validator(sourceschema.KIND_BY_NAME[kind_name].schema_file).iter_errors(data)
    return sorted(f"{list(e.absolute_path)}: {e.message}" for e in found)


def test_committed_schemas_are_generated_from_the_schema():
    committed = {p.name: p.read_text(encoding="utf-8") for p in sourceschema.SCHEMA_DIR.glob("*.schema.json")}
    generated = {k.schema_file.name: sourceschema.schema_text(k) for k in sourceschema.KINDS}
    assert committed == generated, (
        "docs/schema/ följer inte docgen/sources/schema eller docs/kallformat.md: "
        "kör 'make schema' (docgen schema) och checka in filerna"
    )


def test_write_schemas_writes_every_kind_and_removes_a_stale_one(tmp_path):
    (tmp_path / "kallfil.schema.json").write_text("{}", encoding="utf-8")
    written = sourceschema.write_schemas(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in written)
    assert len(written) == len(sourceschema.KINDS)


def test_every_section_belongs_to_a_main_file_and_parts_hold_no_dokument():
    mains = [k for k in sourceschema.KINDS if "document" in k.required]
    parts = [k for k in sourceschema.KINDS if k.record is schema.Sources and "document" not in k.sections]
    assert {f.name for f in schema.Sources.FIELDS} == {s for k in mains for s in k.sections}
    assert {s for k in parts for s in k.sections} <= {s for k in mains for s in k.sections}
    assert parts and all(set(k.sections) < {f.name for f in schema.Sources.FIELDS} for k in parts)


def test_every_field_has_swedish_hover_help():
    for kind in sourceschema.KINDS:
        generated = sourceschema.kind_schema(kind)
        assert generated["additionalProperties"] is False, kind.name
        assert generated["title"].startswith("docgen: ") and generated["description"].endswith("."), kind.name
        for name, definition in [(kind.name, generated)] + list(generated["$defs"].items()):
            for key, prop in definition["properties"].items():
                assert prop.get("description", "").endswith("."), (name, key)
                assert ("Obligatorisk" in prop["description"]) != ("Valfri" in prop["description"]), (name, key)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT / "sources")))
def test_every_source_file_names_its_kinds_schema_and_validates(path):
    target = named_schema(path)
    kind = sourceschema.header_kind(path.read_text(encoding="utf-8"))
    assert kind is not None and target == kind.schema_file.resolve(), (
        f"{path}: första raden ska peka på schemat för filens sort (tabellen i docs/kallformat.md), inte på {target}"
    )
    assert path.read_text(encoding="utf-8").startswith(sourceschema.schema_header(path, kind))
    assert errors(path, kind.name) == []


@pytest.mark.parametrize("path", STARTER, ids=lambda p: str(p.relative_to(ROOT / "templates")))
def test_every_starter_file_names_an_existing_schema(path):
    kind = sourceschema.header_kind(path.read_text(encoding="utf-8"))
    assert kind is not None and named_schema(path) == kind.schema_file.resolve()
    assert named_schema(path).is_file()


def test_a_key_of_another_kind_is_underlined():
    """A table file does not accept a plan's goals, a part file no `dokument`, a plan's main
    file no agenda; the same file with its own kind's keys does."""
    folder = ROOT / "sources" / "region-orebro-lan" / "hsn-vp-2026"
    budget = folder / "budget.yaml"
    assert sourceschema.header_kind(budget.read_text(encoding="utf-8")).name == "tabeller"
    goals = (folder / "malsattningar.yaml").read_text(encoding="utf-8")
    mixed = budget.read_text(encoding="utf-8") + goals.split("\n", 1)[1]
    assert errors(budget, "tabeller", mixed) == [
        "[]: Additional properties are not allowed ('målsättningar' was unexpected)"
    ]
    document = (folder / "dokument.yaml").read_text(encoding="utf-8").split("\n", 1)[1]
    assert errors(budget, "plan", mixed + document) == []  # a plan's main file may hold all of the plan
    assert errors(budget, "tabeller", budget.read_text(encoding="utf-8") + document) == [
        "[]: Additional properties are not allowed ('dokument', 'uppdragsserier' were unexpected)"
    ]
    agenda = "sammanträde:\n  punkter:\n    - rubrik: Val av justerare\n"
    assert errors(folder / "dokument.yaml", "plan", document + agenda) == [
        "[]: Additional properties are not allowed ('sammanträde' was unexpected)"
    ]
    assert (
        errors(
            folder / "dokument.yaml",
            "foredragningslista",
            re.sub(r"\nuppdragsserier:.*", "", document, flags=re.S) + agenda,
        )
        == []
    )
    vocabulary = "benämningar:\n  styrtal: indikator\n"
    assert errors(folder / "benämningar.yaml", "benamningar", vocabulary) == []
    assert errors(folder / "benämningar.yaml", "benamningar", vocabulary + document) == [
        "[]: Additional properties are not allowed ('dokument', 'uppdragsserier' were unexpected)"
    ]


def test_schema_catches_a_misspelt_key_and_a_wrong_value(tmp_path):
    path = ROOT / "sources" / "region-ostergotland" / "hsn-arsplan-2025" / "styrande-dokument.yaml"
    text = path.read_text(encoding="utf-8")
    assert "nytt_beslut:" in text
    messages = errors(path, "text", text.replace("nytt_beslut:", "nyt_beslut:", 1))
    assert any("nyt_beslut" in m for m in messages), messages
    document = "dokument:\n  titel: T\n  organisation: O\n  nämnd: N\n  år: 1890\n  fil: Stora Bokstäver\n"
    data = load_yaml_text(document, tmp_path / "dokument.yaml")
    paths = sorted(
        tuple(e.absolute_path) for e in validator(sourceschema.KIND_BY_NAME["plan"].schema_file).iter_errors(data)
    )
    assert paths == [("dokument", "fil"), ("dokument", "år")]


def test_schema_header_is_relative_to_the_file():
    plan = sourceschema.KIND_BY_NAME["plan"]
    header = sourceschema.schema_header(ROOT / "sources" / "org" / "dok" / "fil.yaml", plan)
    assert header == "# yaml-language-server: $schema=../../../docs/schema/plan.schema.json\n"
    assert sourceschema.header_kind(header + "dokument:\n") is plan
    vocabulary = sourceschema.KIND_BY_NAME["benamningar"]
    header = sourceschema.schema_header(ROOT / "sources" / "org" / "benämningar.yaml", vocabulary)
    assert header == "# yaml-language-server: $schema=../../docs/schema/benamningar.schema.json\n"
    assert sourceschema.header_kind("# yaml-language-server: $schema=../kallfil.schema.json\n") is None
    assert sourceschema.header_kind("dokument:\n") is None


def test_source_guide_shows_every_kind():
    guide = sourceschema.GUIDE.read_text(encoding="utf-8")
    assert sourceschema.kinds_table() in guide, (
        "tabellen över sorters källfiler i docs/kallformat.md följer inte docgen/sources/jsonschema.KINDS; "
        "den ska vara:\n" + sourceschema.kinds_table()
    )


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
