"""`docgen check`: the contract between a document's template and its sources.

Renders each document without writing it, with an Undefined that records instead of
failing, and reports in one run:
- every name the template uses that the sources do not define (with the text around it);
- every field the sources fill in that the template never shows;
- every text block and table the sources define that is never placed;
- as warnings, sections standing in a file whose schema header names another kind of file
  (the build reads them wherever they stand), and a picture in the template's header or footer
  without alt text (docgen.word.headerpictures: the build marks it decorative);
- how far the document is from final: every place still marked ATT UPPDATERA, with the file
  and line it was written in (the list a final build refuses it with, pipeline._unfinished);
  warnings, errors with `final` (`docgen check --slutlig`).
Source errors (YAML, schema, references, sums) are reported as by `docgen build`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docxtpl import DocxTemplate

from docgen.errors import DocgenError, Problem, distinct
from docgen.pipeline import Project, buildable, load_validated, prepare
from docgen.sources import schema
from docgen.sources.references import Library, coverage_problems
from docgen.word.environment import RecordingUndefined, RenderState, text_around
from docgen.word.headerpictures import template_warnings as header_picture_warnings
from docgen.word.render import render, unknown_field_problem

# Which fields a template must show is declared in the schema, per record: ENGINE_READS,
# SHOWN_AS and SHOWN_BY (see docgen.sources.records.Record).

# The named collections of the sources, as (kind, name) pairs of what the template reads: text
# blocks and tables are read as `text.x` and through the tabell filter, pictures through bild,
# value tables and charts only where a flow places them.
TEXTS, TABLES, PICTURES = (schema.Sources.key_of(name) for name in ("texts", "tables", "pictures"))
VALUE_TABLES, CHARTS = ("samling:" + schema.Sources.key_of(name) for name in ("value_tables", "charts"))


def check_all(folders: list[Path], project: Project, final: bool = False) -> list[Problem]:
    problems: list[Problem] = []
    for folder in folders:
        problems.extend(check_document(folder, project, final))
    return distinct(problems)


def summary(problems: list[Problem], final: bool = False) -> tuple[str, int]:
    """The closing line of `docgen check` and its exit status: the errors and warnings found, then
    how far the documents are from final (the places still marked ATT UPPDATERA: warnings, errors
    with --slutlig)."""
    errors = [p for p in problems if not p.warning and not isinstance(p, Unfinished)]
    warnings = sum(1 for p in problems if p.warning and not isinstance(p, Unfinished))
    counted = [p for p in problems if isinstance(p, Unfinished) and p.count]
    marked = sum(p.count for p in counted)
    warned = f"{warnings} varning{'ar' if warnings > 1 else ''}"
    if errors:
        text = f"{len(errors)} problem" + (f" och {warned}" if warnings else "") + " hittades."
    elif warnings:
        text = f"inga fel hittades, {warned}."
    elif marked:
        text = "inga fel hittades."
    else:
        text = "inga problem hittades; inget står markerat ATT UPPDATERA."
    if marked:
        text += (
            f" Kvar till slutligt: {_paragraphs(marked)} ATT UPPDATERA i {len(counted)} dokument; "
            "var de skrevs står ovan med fil och rad. Skriv in det som saknas och ta bort markeringarna"
            + (" (--slutlig vägrar dem)." if final else "; ett slutligt bygge (--slutlig) vägrar dem tills dess.")
        )
    return text, 1 if errors or (final and marked) else 0


def check_document(folder: Path, project: Project, final: bool = False) -> list[Problem]:
    try:
        if not buildable(folder):  # a source for other documents: its sources must still be right
            load_validated(folder, project)
            return kind_warnings(folder)
        prepared = prepare(folder, project)
    except DocgenError as exc:
        return exc.problems
    return kind_warnings(folder) + _contract_problems(prepared, folder, project, final)


def _contract_problems(prepared, folder: Path, project: Project, final: bool = False) -> list[Problem]:
    """What the template and the sources disagree on, once the sources are valid."""
    state = RenderState(prepared.computed, sources=prepared.sources, source_folder=prepared.folder)
    records: list = []
    RecordingUndefined.records = records
    try:
        tpl = render(prepared.template, prepared.context, state, undefined=RecordingUndefined)
    except DocgenError as exc:
        return exc.problems
    finally:
        RecordingUndefined.records = None
    template = prepared.template
    problems = []
    if not records:  # with names missing, the rendered text is not the document: judge it later
        problems.extend(_publishing_problems(prepared, tpl, project, final))
    seen = set()
    for name, owner, paragraph, known in records:  # a part's fields found without data come first
        around = text_around(paragraph, focus=name)
        if (name, around) in seen:  # the same mistake, found again by the render (on an item, or on nothing)
            continue
        seen.add((name, around))
        problems.append(unknown_field_problem(template, name, owner, paragraph, known, check=True))
    problems.extend(_unshown_fields(prepared, state, template))
    problems.extend(coverage_problems(prepared.sources, Library(project.sources), folder))
    problems.extend(_unused_sections(prepared, tpl, template, state))
    problems.extend(_missing_styles(template))
    problems.extend(header_picture_warnings(template))
    return problems


def _missing_styles(template: Path) -> list[Problem]:
    """The contract's styles the template lacks (docgen.word.styles), with the fix for Word and LibreOffice."""
    from docgen.word.styles import check_message, missing_styles

    styles = DocxTemplate(str(template)).get_docx().styles.element
    return [Problem(template, None, *check_message(c)) for c in missing_styles(styles)]


def _publishing_problems(prepared, tpl, project: Project, final: bool = False) -> list[Problem]:
    """The accessibility gate on the rendered document, the typography lint on the sources and
    on the built text (findings already reported for the sources not twice), and what is still
    marked ATT UPPDATERA (as a final build lists it; warnings unless `final`)."""
    import io

    from docgen.word.accessibility import check_document as accessibility
    from docgen.word.readback import document_lines
    from docgen.word.typography import accepted, lint_sources, lint_text
    from docgen.word.write import docx_bytes, finish_document, set_properties

    finished = []
    parts = finish_document(tpl, inspect=lambda _parts, root, _styles: finished.append(root))
    set_properties(parts, prepared.sources.document)
    problems = accessibility(parts, prepared.output.name)
    findings, acceptance_problems = accepted(lint_sources(prepared.raw), prepared.raw)
    problems.extend(acceptance_problems)
    problems.extend(f.problem() for f in findings)
    from_sources = {f.found for f in lint_sources(prepared.raw)}
    path: list[str] = []
    built = []
    for line in document_lines(io.BytesIO(docx_bytes(parts))):
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            path = path[: level - 1] + [line.lstrip("# ")]
        built.extend(lint_text(line.replace("⍽", "\u00a0"), prepared.output.name, None, " › ".join(path)))
    from_sources |= _accepted_in_cases(prepared, project)
    built, _ = accepted([f for f in built if f.found not in from_sources], prepared.raw)
    problems.extend(f.problem() for f in built)
    return problems + _broken_words(finished[0], prepared) + _unfinished(finished[0], parts, prepared, project, final)


def _accepted_in_cases(prepared, project: Project) -> set[str]:
    """What the typography lint finds in the texts a föredragningslista takes from its case
    folders and that a case accepts (its att-satser as decided: "+81,8 Mkr"): accepted there,
    and reported there when not, not once more in the list."""
    from docgen.sources.references import Library
    from docgen.word.typography import lint_text

    meeting = prepared.sources.meeting
    if meeting is None:
        return set()
    library, found = Library(project.sources), set()
    for item in meeting.items:
        case = library.document(item.case) if item.case else None
        for deviation in (case.accepted_deviations if case else None) or []:
            found.update(f.found for f in lint_text(deviation.text))
    return found


def _broken_words(root, prepared) -> list[Problem]:
    """A warning for each table whose words do not fit their columns on the page (a word broken
    within itself, without a hyphen), at the table's rubrik, with the ways out (bred_tabell)."""
    from docgen.word.widths import W, broken_words

    tables = {**prepared.sources.tables, **prepared.sources.value_tables}
    problems = []
    for table in root.iter(f"{{{W}}}tbl"):
        words = broken_words(table)
        if not words:
            continue
        caption = table.getprevious()
        shown = "".join(caption.itertext()) if caption is not None else ""
        source = next((t for t in tables.values() if t.caption and shown.endswith(t.caption)), None)
        file, line = source.where("caption") if source is not None else (prepared.output.name, None)
        named = ", ".join(f"'{w}'" for w in words[:3]) + (f" och {len(words) - 3} till" if len(words) > 3 else "")
        problems.append(
            Problem(
                file,
                line,
                f"tabellen '{source.caption if source else shown}': kolumnerna ryms inte på sidans bredd, så "
                f"{named} bryts mitt i ordet, utan bindestreck.",
                "Skriv 'bred_tabell: mindre_text' (8 punkter), 'liggande' (en liggande sida) eller 'automatiskt' "
                "under tabellen (docs/kallformat.md, bred_tabell), eller korta kolumnrubrikerna.",
                warning=True,
            )
        )
    return problems


def _paragraphs(count: int) -> str:
    return "1 stycke markerat" if count == 1 else f"{count} stycken markerade"


@dataclass(frozen=True)
class Unfinished(Problem):
    """A place still marked ATT UPPDATERA (or the line counting them): `docgen check` says how
    far each document is from final. A warning unless checked as for a final build."""

    count: int = 0  # on the counting line: how many places


def _unfinished(root, parts, prepared, project: Project, final: bool) -> list[Problem]:
    """The final build's list of what is still marked ATT UPPDATERA, after a line counting them."""
    from docgen.pipeline import _shown_folder, unfinished_places

    count, places = unfinished_places(root, parts, prepared, project)
    if not count:
        return []
    summary = Unfinished(
        _shown_folder(prepared.folder, project),
        None,
        f"{_paragraphs(count)} ATT UPPDATERA: dokumentet är inte klart för ett slutligt bygge (--slutlig). "
        "Var de skrevs följer, med fil och rad.",
        warning=not final,
        count=count,
    )
    return [summary] + [Unfinished(p.file, p.line, p.message, p.hint, warning=not final) for p in places]


def _unused_sections(prepared, tpl, template: Path, state: RenderState) -> list[Problem]:
    """Top-level sections the sources fill in but the template never names."""
    from docgen.word.environment import make_environment

    env = make_environment(RenderState(prepared.computed))
    named = DocxTemplate(str(template)).get_undeclared_template_variables(jinja_env=env)
    problems = []
    fields = {f.key: f.name for f in schema.Sources.FIELDS}  # what docgen derives itself is not a section
    for key, value in prepared.context.items():
        name = fields.get(key)
        if name is None or value in (None, [], {}) or name in schema.Sources.ENGINE_READS:
            continue
        if name in schema.Sources.SHOWN_AS and schema.Sources.SHOWN_AS[name][1] in named:  # through a view
            continue
        if any(kind == key for kind, _key in state.read):  # named in prose (uppgifter)
            continue
        if key not in named:
            problems.append(
                Problem(
                    prepared.folder,
                    None,
                    f"avsnittet '{key}' finns i källorna men visas aldrig av mallen {template.name}.",
                    "Använd det i mallen eller ta bort det ur källorna.",
                )
            )
    return problems


def _unshown_fields(prepared, state: RenderState, template: Path) -> list[Problem]:
    """Fields filled in in the sources that the template never reads."""
    present: dict[tuple[str, str], list] = {}
    places: dict[tuple[str, str], tuple] = {}  # where each was first written: file and line
    _collect_written(prepared.sources, present, places)

    def at(kind: str, key: str) -> tuple:
        file, line = places.get((kind, key), (None, None))
        return (file, line) if file else (prepared.folder, None)

    placed_blocks = (
        {b.table for c in prepared.sources.chapters for b in c.content if b.table}
        | {b.chart for c in prepared.sources.chapters for b in c.content if b.chart}
        | {o.table for o in prepared.sources.objectives if o.table}  # a målsättning's own table
    )
    problems = []
    for (kind, key), origins in present.items():
        if (kind, key) in state.read:
            continue
        if origins and all(_shown_by_engine(cls, name, state, prepared) for cls, name in origins):
            continue
        if kind == TABLES:
            if key not in state.tables_placed:
                problems.append(
                    Problem(
                        *at(kind, key),
                        f"tabellen '{key}' placeras aldrig i dokumentet.",
                        "Placera den i ett flöde med '- tabell: …' eller ta bort den.",
                    )
                )
            continue
        if kind == PICTURES:
            placed = {block.picture for chapter in prepared.sources.chapters for block in chapter.content}
            if key not in placed:
                problems.append(
                    Problem(
                        *at(kind, key),
                        f"bilden '{key}' placeras aldrig i dokumentet.",
                        "Placera den med '- bild: …' i ett avsnitt eller ta bort den.",
                    )
                )
            continue
        if kind in (VALUE_TABLES, CHARTS) and key in placed_blocks:
            continue
        if kind == VALUE_TABLES and key in state.tables_placed:  # placed by the template ({{p 'id'|tabell }})
            continue
        if kind in (VALUE_TABLES, CHARTS):
            problems.append(
                Problem(
                    *at(kind, key),
                    f"'{kind.split(':')[1]}.{key}' placeras aldrig i dokumentet.",
                    "Placera den med '- tabell: …' eller '- diagram: …' i ett avsnitt, eller ta bort den.",
                )
            )
            continue
        what = f"textblocket 'text.{key}'" if kind == "text" else f"fältet '{key}' på {kind}"
        problems.append(
            Problem(
                *at(kind, key),
                f"{what} finns i källorna men visas aldrig av mallen {template.name}.",
                "Använd det i mallen eller ta bort det ur källorna.",
            )
        )
    return problems


def _shown_by_engine(cls, name: str, state: RenderState, prepared) -> bool:
    """A field a template need not show: docgen reads or draws it (as the schema declares)."""
    if name == "id" or name in cls.ENGINE_READS:
        return True
    if name in cls.SHOWN_AS and any(view in state.read for view in _views(cls.SHOWN_AS[name])):
        return True
    if cls.SHOWN_BY == schema.TEMPLATE.key_of("follow_up"):
        return prepared.context.get(schema.TEMPLATE.key_of("follow_up")) is not None
    if cls.SHOWN_BY == TABLES:
        return bool(state.tables_placed)
    drawn = cls.SHOWN_BY == schema.Sources.key_of("internal_control") or (
        cls is schema.InternalControl and name == "activities"
    )
    if drawn:  # the plan's rows, when the internkontrolltabell filter drew them
        return state.internal_control_drawn
    return cls.SHOWN_BY == schema.Sources.key_of("charts")


def _views(shown_as: tuple) -> tuple:
    """A SHOWN_AS entry's views: one (kind, name) pair, or several (a field shown in more than one place)."""
    return shown_as if isinstance(shown_as[0], tuple) else (shown_as,)


def _collect_written(value, present: dict, places: dict) -> None:
    """Every (kind, key) the editor wrote in the sources (defaults are not written), and in
    `places` the file and line where each was first written."""
    from docgen.sources.records import Record

    if isinstance(value, Record):
        kind = value.kind()
        for field in value.FIELDS:
            child = getattr(value, field.name)
            if field.key in value.written and kind != schema.Sources.KIND and child not in (None, [], {}):
                origins = present.setdefault((kind, field.key), [])
                if (type(value), field.name) not in origins:
                    origins.append((type(value), field.name))
                if (kind, field.key) not in places:
                    places[(kind, field.key)] = value.where(field.name)
            _collect_written(child, present, places)
        if kind == schema.Sources.KIND:  # a named collection's entries: text blocks, tables, pictures
            for key, field in (
                (TEXTS, "texts"),
                (TABLES, "tables"),
                (PICTURES, "pictures"),
                (VALUE_TABLES, "value_tables"),
                (CHARTS, "charts"),
            ):
                for name in getattr(value, field):
                    present.setdefault((key, name), [])
                    places.setdefault((key, name), value.where(field, name))
    elif isinstance(value, (list, tuple)):
        for child in value:
            _collect_written(child, present, places)
    elif isinstance(value, dict):
        for child in value.values():
            _collect_written(child, present, places)


# ---------------------------------------------------------------- the kind a file's header names


def kind_warnings(folder: Path) -> list[Problem]:
    """Sections standing in a file whose schema header names a kind that does not hold them:
    the build reads them wherever they stand, but an editor with the YAML language server
    underlines them, and one without it is told only here (a warning, not an error)."""
    from docgen.sources.jsonschema import HEADER, header_kind
    from docgen.sources.load import load_yaml_file

    files = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    loaded = {path: load_yaml_file(path) for path in files}
    kinds = {path: header_kind(path.read_text(encoding="utf-8")) for path in files}
    warnings = []
    for path in files:
        kind = kinds[path]
        if kind is None:
            if path.read_text(encoding="utf-8").startswith(HEADER):
                warnings.append(_unknown_schema(path))
            continue
        keys = {f.key: f.name for f in kind.record.FIELDS}
        for key in loaded[path]:
            if key in keys and keys[key] not in kind.sections:
                warnings.append(_misplaced(path, loaded[path].line_of(key), key, kind, loaded, kinds))
    return warnings


def _unknown_schema(path: Path) -> Problem:
    from docgen.sources.jsonschema import KINDS

    return Problem(
        path,
        1,
        "första raden (schemahuvudet) pekar på ett schema som inte finns i docs/schema/.",
        "Skriv ett av " + ", ".join(f"{k.name}.schema.json" for k in KINDS) + " (tabellen i docs/kallformat.md).",
        warning=True,
    )


def _misplaced(path: Path, line: int, key: str, kind, loaded: dict, kinds: dict) -> Problem:
    """One section in a file of the wrong kind, with where it belongs: another file of the
    document whose kind holds it (a part before the main file), or the header that would make
    this file a kind that holds all its sections."""
    from docgen.sources.jsonschema import KINDS

    own = {f.key: f.name for f in kind.record.FIELDS}
    holders = sorted((k for k in KINDS if k.record is kind.record and own[key] in k.sections), key=_parts_first)
    others = sorted((p for p, k in kinds.items() if p != path and k in holders), key=lambda p: holders.index(kinds[p]))
    if others:
        fix = f"Flytta avsnittet till {others[0].name}"
    else:
        fix = f"Flytta avsnittet till en fil av sorten '{holders[0].title}' ({holders[0].name}.schema.json)"
    sections = {own[k] for k in loaded[path] if k in own}
    fitting = [k for k in holders if sections <= set(k.sections) and set(k.required) <= sections]
    if fitting:
        first = path.read_text(encoding="utf-8").split("\n", 1)[0].rstrip()
        header = first.replace(f"{kind.name}.schema.json", f"{fitting[0].name}.schema.json")
        fix += f", eller ändra första raden till '{header}' (sorten '{fitting[0].title}')"
    return Problem(
        path,
        line,
        f"avsnittet '{key}' hör inte till en fil av sorten '{kind.title}' ({kind.name}.schema.json i filens "
        "första rad). Bygget läser det ändå, men en editor med YAML-stöd stryker under det.",
        fix + ". Sorterna och deras avsnitt står i docs/kallformat.md.",
        warning=True,
    )


def _parts_first(kind) -> bool:
    """Sort key: a part of a document (tabeller, mal, …) before a document's main file."""
    return bool(kind.required)
