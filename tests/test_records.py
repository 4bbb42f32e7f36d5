"""Records know where they were written (file and line, from load to write), and declare
their kind; later stages ask a record, not the raw YAML, where a value stands."""

from __future__ import annotations

import inspect

from docgen.pipeline import Project, load_validated
from docgen.sources import schema
from docgen.sources.records import Record

from .conftest import PLAN_2025


def _records():
    return [
        cls for _, cls in inspect.getmembers(schema, inspect.isclass) if issubclass(cls, Record) and cls is not Record
    ]


def test_every_record_declares_its_kind():
    for cls in _records():
        assert cls.__dict__.get("KIND"), f"{cls.__name__} declares no KIND"
        assert cls.kind() == cls.KIND


def _line(file, number) -> str:
    with open(file, encoding="utf-8") as handle:
        return handle.read().splitlines()[number - 1]


def test_where_names_file_and_line_of_records_fields_and_items():
    _raw, sources = load_validated(PLAN_2025, Project())
    file, line = sources.where("document")
    assert file.endswith(".yaml") and _line(file, line).startswith("dokument:")
    file, line = sources.document.where("title")
    assert _line(file, line).strip().startswith("titel:")
    table_id, table = next((k, t) for k, t in sources.tables.items() if t.parts and t.parts[0].groups)
    file, line = table.where()
    assert _line(file, line).strip().startswith(f"{table_id}:") or _line(file, line - 1).strip().startswith(
        f"{table_id}:"
    )
    row = table.parts[0].groups[0].rows[0]
    file, line = row.where("values")
    assert "värden" in _line(file, line)
    file, line = row.where("values", 0)
    assert _line(file, line)  # the first value, on the värden line or below it
    part_file, part_line = table.parts[0].where("groups", 0)
    assert part_file == file and part_line <= line
    area = next(a for a in sources.goal_areas if a.assignments)
    file, line = area.assignments[0].where("id")
    assert _line(file, line).strip().lstrip("- ").startswith("id:")
    assert schema.DocumentInfo(title="x").where() == (None, None)


def test_template_contract_declarations_name_real_fields():
    """ENGINE_READS and SHOWN_AS (what `docgen check` need not see in a template) name the
    record's own fields, so a renamed field cannot silently drop out of the contract."""
    for cls in _records():
        names = {f.name for f in cls.FIELDS}
        assert set(cls.ENGINE_READS) <= names, cls.__name__
        assert set(cls.SHOWN_AS) <= names, cls.__name__
        assert cls.SHOWN_BY in ("", "tabeller", "diagram", "uppföljningen", "internkontroll"), cls.__name__


def test_check_lists_a_section_the_template_never_shows(workspace):
    from docgen.commands.check import check_all

    folder = workspace.sources / "region-ostergotland" / "beslut-arsplan-2025"
    path = folder / "arende.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "\npatientlöften:\n  - erbjudas vård som är lätt tillgänglig\n",
        encoding="utf-8",
    )
    messages = [str(p) for p in check_all([folder], workspace)]
    assert any("avsnittet 'patientlöften' finns i källorna men visas aldrig" in m for m in messages), messages
    assert not any("avsnittet 'ärende'" in m or "avsnittet 'dokument'" in m for m in messages), messages


# Swedish words outside the schema that are not source keys, though spelt like one: the
# starter kit's {placeholders} (docgen new), the build record's own file, the template's
# filter names, and a CSS class of the HTML edition.
NOT_SOURCE_KEYS = {
    "docgen/commands/new.py": {"nämnd", "år", "fil", "mall", "följer_upp"},
    "docgen/freshness.py": {"dokument"},
    "docgen/word/filters.py": {"belopp", "datum", "månad", "värde"},
    "docgen/web/html.py": {"summa"},
}


def _swedish_keys_spelt_in(path, name: str, keys: set[str]) -> list[str]:
    """Where the module at `path` reads, writes or compares one of `keys` as a string literal."""
    import ast

    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        literals = []
        if isinstance(node, ast.Subscript):
            literals = [node.slice]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("get", "pop"):
            literals = node.args[:1]
        elif isinstance(node, ast.Dict):
            literals = [k for k in node.keys if k is not None]
        elif isinstance(node, ast.Compare):
            literals = [node.left, *node.comparators]
        for literal in literals:
            if isinstance(literal, ast.Constant) and literal.value in keys:
                found.append(f"{name}:{literal.lineno} '{literal.value}'")
    return found


def test_swedish_keys_are_spelt_in_the_schema_only():
    """The rest of the code names fields in English and asks the schema (a record's key_of, a
    schema.View) for the Swedish key: no module outside docgen/sources/schema/ spells one."""
    from pathlib import Path

    root = Path(__file__).parent.parent
    english = {f.name for cls in _records() for f in cls.FIELDS}
    keys = {f.key for cls in _records() for f in cls.FIELDS}
    keys |= {
        key
        for name in schema.__all__
        if isinstance(getattr(schema, name), schema.View)
        for key in getattr(schema, name).keys.values()
    }
    keys -= english  # "id", "text", "status", "period", "plan": the same word in both
    found = []
    for path in sorted((root / "docgen").rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if not relative.startswith("docgen/sources/schema/"):
            found += _swedish_keys_spelt_in(path, relative, keys - NOT_SOURCE_KEYS.get(relative, set()))
    assert not found, "svenska nycklar utanför schemat:\n" + "\n".join(found)
