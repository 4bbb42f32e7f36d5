"""The sources' JSON Schemas, one per kind of source file, generated from docgen.sources.schema.

Editors using VS Code (or any editor with the YAML language server) get completion, hover
help in Swedish and red underlines for unknown keys when a source file starts with the header
line `schema_header()` writes. The header names the file's kind (KINDS): a document's main
file (plan, uppföljning, planeringsår, ärende, föredragningslista), a part of a document
(text, mål, internkontroll, tabeller, avsnitt, treårsbudget) or the organisation's
benämningar; each kind's schema offers only that kind's sections. `docgen schema` rewrites
docs/schema/<kind>.schema.json; a test fails when the committed files and the schema drift
apart. The hover help of a field is its kind of value in Swedish, whether it is required, and
the comment the source guide (docs/kallformat.md) writes beside the key in its examples.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from docgen.sources import records, schema
from docgen.sources.records import Record
from docgen.shipped import shipped

SCHEMA_DIR = shipped("docs/schema")
GUIDE = shipped("docs/kallformat.md")
HEADER = "# yaml-language-server: $schema="
ID_PATTERN = "^[a-z0-9][a-z0-9-]*$"
AMOUNT_PATTERN = "^\\s*[-−]?[0-9][0-9 \u00a0]*([.,][0-9]+)?-?\\s*$"

# Types written as plain functions: their JSON Schema and their Swedish name.
_PLAIN = {
    records.text: ({"type": ["string", "number"]}, "text"),
    records.integer: ({"type": "integer"}, "heltal"),
    records.boolean: ({"type": "boolean"}, "true eller false"),
    records.identifier: (
        {"type": ["string", "integer"], "pattern": ID_PATTERN},
        "id (små bokstäver a–z, siffror och bindestreck)",
    ),
    records.amount: ({"type": ["number", "string"], "pattern": AMOUNT_PATTERN}, 'belopp, t.ex. 15979 eller "15 979"'),
    records.tolerance: (
        {"type": "number", "minimum": 0, "maximum": 100},
        "tal 0–100 (största avvikelse för avrundning)",
    ),
    records.date: ({"type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}$"}, "datum, t.ex. 2025-12-31"),
    records.month: ({"type": "string", "pattern": "^\\d{4}-\\d{2}$"}, "månad, t.ex. 2025-02"),
    schema.optional_amount: (
        {"type": ["number", "string", "null"], "pattern": AMOUNT_PATTERN},
        "belopp, eller tomt för en tom cell",
    ),
    schema.table_amount: (
        {
            "type": ["number", "string", "null"],
            "pattern": f"({AMOUNT_PATTERN})|(^\\s*\\[\\[\\s*[Aa][Tt][Tt]\\s+[Uu][Pp][Pp][Dd][Aa][Tt][Ee][Rr][Aa])",
        },
        "belopp, tomt för en tom cell, eller [[ATT UPPDATERA: …]] för ett belopp som saknas i underlaget",
    ),
    schema.outcome_value: (
        {
            "type": ["number", "string"],
            "pattern": f"({AMOUNT_PATTERN})|(^\\s*\\[\\[\\s*[Aa][Tt][Tt]\\s+[Uu][Pp][Pp][Dd][Aa][Tt][Ee][Rr][Aa])",
        },
        "utfallet som tal, t.ex. 82,5, eller [[ATT UPPDATERA: …]] för ett utfall som saknas i underlaget",
    ),
    schema.outcome_unit: (
        {"type": "string", "pattern": "^(%|[a-zåäöA-ZÅÄÖ]+( [a-zåäöA-ZÅÄÖ]+)?)$"},
        "enhet, t.ex. procent eller dagar",
    ),
    schema.Measure.parse: ({"type": ["string", "number"]}, "värde, t.ex. 87 %, >0 mnkr, 77-80 eller 5 av 8"),
    schema.measure_or_empty: ({"type": ["string", "number", "null"]}, "värde som det skrivs, eller - för inget värde"),
    schema.text_name: ({"type": "string", "pattern": "^[a-zåäö0-9_]+$"}, "namn med små bokstäver och understreck"),
    schema.reference: (
        {"type": "string", "pattern": "^[^/#]+/[^/#]+#[a-z0-9][a-z0-9-]*$"},
        "hänvisning: organisation/dokument#id",
    ),
    schema.kolada_id: (
        {"type": ["string", "integer"], "pattern": "^\\d{4}$"},
        'Kolada-id: kommunens eller regionens fyra siffror, t.ex. "0018"',
    ),
    schema.kolada_kpi: ({"type": "string", "pattern": "^[A-Z]\\d{5}$"}, "nyckeltal i Kolada, t.ex. N00945"),
    schema.clock_time: (
        {"type": ["string", "number"]},
        'tid: ett klockslag som 13.00 eller 13.00–16.00 (visas "kl. 13.00"), eller text',
    ),
    schema.period: ({"type": ["string", "number"]}, 'period: text, eller en månad som 2020-08 ("augusti 2020")'),
    schema.yellow_rule: (
        {
            "type": "string",
            "pattern": "^(bättre än föregående(, annars röd)?|aldrig|minst \\d+([.,]\\d+)? ?(%|procent) av målvärdet)$",
        },
        "när ett styrtal som inte når målvärdet är gult: 'bättre än föregående', 'bättre än föregående, "
        "annars röd', 'aldrig' eller 'minst 80 procent av målvärdet'",
    ),
    schema.column_name: (
        {"type": "string", "pattern": "^[a-zåäö0-9_]+$"},
        "kolumnnamn med små bokstäver och understreck",
    ),
    schema.status_columns: (
        {"type": "array", "items": {"type": "string"}, "minItems": 1},
        "kolumner i ordning: styrtal, utfall, målvärde, status och planens egna",
    ),
}


def _special(kind) -> tuple[dict, str] | None:
    """Types that take more than one form (defined in docgen.sources.schema as functions)."""
    if kind is schema.clause:
        return {
            "anyOf": [_PLAIN[records.text][0], _ref(schema.Clause)]
        }, "att-sats: en text, eller text och revideringar"
    if getattr(kind, "placeholders", None) is not None:  # schema.phrase
        allowed = ", ".join("{" + p + "}" for p in kind.placeholders)
        return {"type": "string"}, "text" + (f" med platshållarna {allowed}" if allowed else "")
    if kind is schema.validity:
        date = _PLAIN[records.date][0]
        return (
            {
                "anyOf": [
                    date,
                    {"type": "array", "items": date, "minItems": 1},
                    {"type": "string", "pattern": "^[Tt]ills [Vv]idare$"},
                    _ref(schema.Verbatim),
                ]
            },
            "datum, flera datum, Tills vidare eller ordagrant",
        )
    return None


def _ref(cls) -> dict:
    return {"$ref": f"#/$defs/{cls.__name__}"}


def type_schema(kind, found: set) -> tuple[dict, str]:
    """The JSON Schema and the Swedish name of one value type; records met are added to `found`."""
    if kind in _PLAIN:
        fragment, name = _PLAIN[kind]
        return dict(fragment), name
    special = _special(kind)
    if special:
        for cls in (schema.Clause, schema.Verbatim):
            if f'/{cls.__name__}"' in json.dumps(special[0]):
                found.add(cls)
        return special
    shape = getattr(kind, "shape", None)
    if shape is None:
        raise TypeError(f"docgen.sources.jsonschema känner inte typen {kind!r}: lägg till den i _PLAIN eller _special")
    if shape[0] == "between":
        return {"type": "integer", "minimum": shape[1], "maximum": shape[2]}, f"heltal {shape[1]}–{shape[2]}"
    if shape[0] == "one_of":
        return {"enum": list(shape[1])}, "ett av: " + ", ".join(str(c) for c in shape[1])
    if shape[0] == "list_of":
        items, name = type_schema(shape[1], found)
        fragment = {"type": "array", "items": items}
        if shape[2]:
            fragment["minItems"] = shape[2]
        return fragment, f"lista med {name}"
    if shape[0] == "dict_of":
        keys, key_name = type_schema(shape[1], found)
        values, name = type_schema(shape[2], found)
        fragment = {"type": "object", "additionalProperties": values}
        if keys.get("type") == "string" or keys.get("pattern"):
            fragment["propertyNames"] = {"pattern": keys["pattern"]} if "pattern" in keys else {"type": "string"}
        return fragment, f"namngivna poster med {name}"
    if shape[0] == "either":
        parts = [type_schema(t, found) for t in shape[1]]
        return {"anyOf": [p[0] for p in parts]}, " eller ".join(p[1] for p in parts)
    if shape[0] == "record":
        found.add(shape[1])
        return _ref(shape[1]), shape[1].KIND
    raise TypeError(f"okänd typform {shape[0]!r}")


def _optional(fragment: dict) -> dict:
    """An optional field may also be written empty (`nyckel:`), which counts as not written."""
    kind = fragment.get("type")
    if isinstance(kind, str) and "$ref" not in fragment:
        return {**fragment, "type": [kind, "null"]}
    if isinstance(kind, list):
        return {**fragment, "type": kind + ([] if "null" in kind else ["null"])}
    return {"anyOf": [fragment, {"type": "null"}]}


def field_schema(cls: type[Record], field, required: bool, found: set, comments: dict) -> dict:
    """One key's JSON Schema with its Swedish hover help: kind of value, whether it is
    required, and the guide's comment beside the key."""
    fragment, name = type_schema(field.type, found)
    help_text = f"{name[0].upper()}{name[1:]}. {'Obligatorisk' if required else 'Valfri'}."
    comment = comments.get((cls, field.key))
    if comment:
        help_text += f" {comment[0].upper()}{comment[1:]}" + ("" if comment.endswith((".", "?", "!")) else ".")
    if not required:
        fragment = _optional(fragment)
    if "$ref" in fragment:
        return {"allOf": [fragment], "description": help_text}
    return {**fragment, "description": help_text}


def record_schema(cls: type[Record], found: set, comments: dict) -> dict:
    properties = {f.key: field_schema(cls, f, f.required, found, comments) for f in cls.FIELDS}
    out = {
        "type": "object",
        "title": cls.KIND,
        "description": f"{cls.KIND[0].upper()}{cls.KIND[1:]}.",
        "properties": properties,
        "additionalProperties": False,
    }
    required = [f.key for f in cls.FIELDS if f.required]
    if required:
        out["required"] = required
    return out


# ---------------------------------------------------------------- kinds of source file


@dataclass(frozen=True)
class FileKind:
    """One kind of source file: the top-level sections it may hold (English field names of
    `record`, in the record's order) and those it must hold. Its JSON Schema is
    docs/schema/<name>.schema.json; a file's header line names it."""

    name: str
    title: str
    description: str
    sections: tuple[str, ...]
    required: tuple[str, ...] = ()
    record: type[Record] = schema.Sources

    @property
    def schema_file(self) -> Path:
        return SCHEMA_DIR / f"{self.name}.schema.json"


# Groups of a document's sections that a part file holds (a main file may hold them all).
_TEXT = ("texts", "report_calendar", "patient_promises", "governing_documents", "facts")
_GOALS = ("goal_areas", "ongoing", "committees", "followers", "director", "series", "objectives")
_TABLES = ("tables", "value_tables", "charts", "annual_budget", "appendices")
_CHAPTERS = ("chapters", "pictures")
_PLANNING = ("planning_calendar", "bodies", "three_year_budget")
_EVERYWHERE = ("accepted_deviations",)  # a typography finding is accepted beside the text it concerns
_MAIN = ("document", "decision")

_MAIN_HELP = " Huvudfilen har dokument: och kan ensam rymma hela dokumentet, eller dela upp det på flera filer."
_PART_HELP = " En del av ett dokument; dokument: står i dokumentets huvudfil i samma mapp."

KINDS = (
    FileKind(
        "plan",
        "Planens huvudfil",
        "Huvudfilen för en plan (årsplan, verksamhetsplan, mål och budget)." + _MAIN_HELP,
        _MAIN + _TEXT + _GOALS + ("internal_control",) + _TABLES + _CHAPTERS + _EVERYWHERE,
        ("document",),
    ),
    FileKind(
        "uppfoljning",
        "Uppföljningens huvudfil",
        "Huvudfilen för en uppföljning: status för en plans styrtal och uppdrag, värdetabeller och diagram."
        + _MAIN_HELP,
        _MAIN + ("follow_up",) + _TEXT + _TABLES + _CHAPTERS + _EVERYWHERE,
        ("document",),
    ),
    FileKind(
        "planeringsar",
        "Planeringsårets huvudfil",
        "Huvudfilen för planeringsåret och treårsbudgeten (regionens nivå)." + _MAIN_HELP,
        _MAIN + _TEXT + _TABLES + _CHAPTERS + _PLANNING + _EVERYWHERE,
        ("document",),
    ),
    FileKind(
        "arende",
        "Ärende (tjänsteskrivelse)",
        "Ett ärende med förslag till beslut (tjänsteskrivelse), i en fil.",
        _MAIN + ("case", "texts", "facts") + _EVERYWHERE,
        ("document",),
    ),
    FileKind(
        "foredragningslista",
        "Föredragningslista",
        "Föredragningslistan för ett sammanträde, i en fil.",
        ("document", "meeting", "texts") + _EVERYWHERE,
        ("document",),
    ),
    FileKind(
        "text",
        "Löptext och listor",
        "Namngivna löptextblock, uppgifter, rapportkalender, patientlöften och styrande dokument." + _PART_HELP,
        _TEXT + _EVERYWHERE,
    ),
    FileKind(
        "mal",
        "Mål, uppdrag och styrtal",
        "Målområden och målsättningar med uppdrag och styrtal, uppdragsserier, pågående uppdrag, "
        "direktörsuppdrag och de som följer uppdragen." + _PART_HELP,
        _GOALS + _EVERYWHERE,
    ),
    FileKind(
        "internkontroll",
        "Internkontrollplan",
        "Internkontrollplanen: verksamheter med risker och åtgärder." + _PART_HELP,
        ("internal_control",) + _EVERYWHERE,
    ),
    FileKind(
        "tabeller",
        "Tabeller och diagram",
        "Sifferstabeller (även ur Excel), värdetabeller, diagram, årsbudgetens flöden och bilagor." + _PART_HELP,
        _TABLES + _EVERYWHERE,
    ),
    FileKind(
        "avsnitt",
        "Kapitel",
        "Dokumentets kapitel i ordning, och bilderna de visar." + _PART_HELP,
        _CHAPTERS + _EVERYWHERE,
    ),
    FileKind(
        "trearsbudget",
        "Treårsbudget och planeringskalender",
        "Treårsbudgetens fokusområden och uppdrag, organen som tar emot uppdrag och planeringskalendern." + _PART_HELP,
        _PLANNING + _EVERYWHERE,
    ),
    FileKind(
        "benamningar",
        "Organisationens benämningar",
        "sources/<organisation>/benämningar.yaml: orden som docgen skriver i alla organisationens "
        "dokument. Filen är inget dokument och får bara innehålla benämningar:.",
        ("terms",),
        ("terms",),
        schema.DocumentInfo,
    ),
)
KIND_BY_NAME = {kind.name: kind for kind in KINDS}


def kind_schema(kind: FileKind) -> dict:
    """The JSON Schema of one kind of source file: its sections, each record it reaches in
    $defs, and no other key (additionalProperties false underlines it)."""
    comments = guide_comments()
    fields = {f.name: f for f in kind.record.FIELDS}
    unknown = [name for name in (*kind.sections, *kind.required) if name not in fields]
    if unknown:
        raise ValueError(f"{kind.name}: {kind.record.__name__} har inga fält {unknown}")
    found: set = set()
    properties = {
        f.key: field_schema(kind.record, f, f.name in kind.required, found, comments)
        for f in kind.record.FIELDS
        if f.name in kind.sections
    }
    definitions, done = {}, set()
    while found - done:
        for cls in sorted(found - done, key=lambda c: c.__name__):
            done.add(cls)
            definitions[cls.__name__] = record_schema(cls, found, comments)
    out = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://docgen.invalid/schema/{kind.name}.schema.json",
        "title": f"docgen: {kind.title[0].lower()}{kind.title[1:]}",
        "description": f"{kind.description} Se docs/kallformat.md.",
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if kind.required:
        out["required"] = [fields[name].key for name in kind.required]
    out["$defs"] = {name: definitions[name] for name in sorted(definitions)}
    return out


def schema_text(kind: FileKind) -> str:
    return json.dumps(kind_schema(kind), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def write_schemas(folder: Path = SCHEMA_DIR) -> list[Path]:
    """Write every kind's JSON Schema into `folder` and remove schemas of kinds that no
    longer exist (the folder holds generated files only)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        target = folder / kind.schema_file.name
        text = schema_text(kind)
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
        written.append(target)
    for stale in sorted(folder.glob("*.schema.json")):
        if stale not in written:
            stale.unlink()
    return written


def schema_header(source_file: Path, kind: FileKind, folder: Path | None = None) -> str:
    """The first line of a source file that points editors at its kind's JSON Schema
    (relative to the file, so it works in every clone), in `folder` (an organisation's project
    has its own copy) or docgen's. `docgen new` writes it."""
    schema_file = folder / kind.schema_file.name if folder is not None else kind.schema_file
    relative = os.path.relpath(schema_file.resolve(), source_file.resolve().parent)
    return f"{HEADER}{Path(relative).as_posix()}\n"


def header_kind(text: str) -> FileKind | None:
    """The kind a source file's first line names, or None (no header, or an unknown schema)."""
    first = text.split("\n", 1)[0].rstrip("\r")
    if not first.startswith(HEADER):
        return None
    name = first.removeprefix(HEADER).strip().rsplit("/", 1)[-1]
    return KIND_BY_NAME.get(name.removesuffix(".schema.json")) if name.endswith(".schema.json") else None


def kinds_table() -> str:
    """The source guide's table of kinds (docs/kallformat.md holds it; a test compares): each
    schema file, what the file is, and its sections, a main file's as its own keys plus the
    parts it may hold whole."""
    rows = ["| schema i `docs/schema/` | sorts källfil | nycklar på översta nivån |", "|---|---|---|"]
    parts = [k for k in KINDS if k.record is schema.Sources and "document" not in k.sections]
    for kind in KINDS:
        fields = {f.name: f.key for f in kind.record.FIELDS}
        whole = [p for p in parts if p is not kind and set(p.sections) <= set(kind.sections)]
        covered = {s for p in whole for s in p.sections}
        keys = ", ".join(f"`{fields[s]}`" for s in kind.sections if s not in covered)
        if whole:
            names = [p.name for p in whole]
            keys += " och nycklarna i " + (", ".join(names[:-1]) + " och " if len(names) > 1 else "") + names[-1]
        rows.append(f"| `{kind.schema_file.name}` | {kind.title} | {keys} |")
    return "\n".join(rows) + "\n"


# ---------------------------------------------------------------- the source guide


def guide_blocks(guide: Path = GUIDE) -> list[tuple[int, str]]:
    """(first line, text) of every ```yaml example in the source guide."""
    text = guide.read_text(encoding="utf-8")
    blocks = []
    for match in re.finditer(r"^```yaml\n(.*?)^```", text, re.M | re.S):
        # a line that is only "…" stands for more of the same: blank it (keeping line numbers)
        block = re.sub(r"^[ \t]*…[ \t]*$", "", match.group(1), flags=re.M)
        blocks.append((text[: match.start(1)].count("\n") + 1, block))
    return blocks


def walk_guide(visit, guide: Path = GUIDE) -> None:
    """Call visit(cls, key, value, comment, where) for every key the guide's examples write,
    following the schema from the top level; `cls` is None for a key the schema does not accept."""
    from docgen.sources.load import load_yaml_text

    for first_line, block in guide_blocks(guide):
        data = load_yaml_text(block, f"{guide.name}:{first_line}")
        lines = block.splitlines()
        _walk_record(schema.Sources, data, lines, first_line, visit)


def _comment(lines: list[str], line: int) -> str:
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    masked = re.sub(r"\"[^\"]*\"|'[^']*'", lambda m: "x" * len(m.group(0)), text)  # a # inside quotes is text
    at = masked.find(" #")
    if at < 0:
        return ""
    comment = text[at + 2 :].strip()
    return re.sub(r"^(valfri|obligatorisk)\b[,:;]?\s*", "", comment, flags=re.I)


def _walk_record(cls, data, lines, first_line, visit) -> None:
    if not isinstance(data, dict):
        return
    fields = {f.key: f for f in cls.FIELDS}
    for key, value in data.items():
        line = data.line_of(key) if hasattr(data, "line_of") else 0
        field = fields.get(key)
        visit(cls if field else None, key, value, _comment(lines, line), (cls, first_line + line - 1))
        if field is not None:
            _walk_value(field.type, value, lines, first_line, visit)


def _walk_value(kind, value, lines, first_line, visit) -> None:
    if kind is schema.clause and isinstance(value, dict):
        return _walk_record(schema.Clause, value, lines, first_line, visit)
    if kind is schema.validity and isinstance(value, dict):
        return _walk_record(schema.Verbatim, value, lines, first_line, visit)
    shape = getattr(kind, "shape", None)
    if shape is None:
        return
    if shape[0] == "record":
        _walk_record(shape[1], value, lines, first_line, visit)
    elif shape[0] == "list_of" and isinstance(value, list):
        for item in value:
            _walk_value(shape[1], item, lines, first_line, visit)
    elif shape[0] == "dict_of" and isinstance(value, dict):
        for item in value.values():
            _walk_value(shape[2], item, lines, first_line, visit)
    elif shape[0] == "either":
        for option in shape[1]:
            _walk_value(option, value, lines, first_line, visit)


def guide_comments(guide: Path = GUIDE) -> dict:
    """(record class, key) -> the comment the guide writes beside the key (first one found)."""
    found: dict = {}

    def visit(cls, key, _value, comment, _where):
        if cls is not None and comment and (cls, key) not in found:
            found[(cls, key)] = comment

    if guide.is_file():
        walk_guide(visit, guide)
    return found


def accepted_keys() -> set:
    """Every (record class, key) a source may write, reachable from the top level."""
    found: set = {schema.Sources}
    done: set = set()
    keys = set()
    while found - done:
        for cls in list(found - done):
            done.add(cls)
            for field in cls.FIELDS:
                keys.add((cls, field.key))
                type_schema(field.type, found)
    return keys
