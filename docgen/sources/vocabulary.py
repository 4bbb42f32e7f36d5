"""The organisation's words: `benämningar` shared by every document of an organisation.

Every word the engine writes into a document (labels, column headings, status words,
captions' fixed words, notes) is a field of `dokument.benämningar` (schema.Terms) with a
Swedish default. An organisation that says "mål" and "indikator" writes its words once, in
sources/<organisation>/benämningar.yaml:

    benämningar:
      styrtal: indikator
      kolumner:
        styrtal: Indikator

and every document folder under sources/<organisation>/ inherits them. A document's own
`dokument.benämningar` wins over the organisation's, key by key (nested sections too).
Part of the load stage: the inherited values keep their own file and line, so a mistake in
the organisation's file is reported there.
"""

from __future__ import annotations

from pathlib import Path

from docgen.errors import Problem
from docgen.sources.load import load_yaml_file
from docgen.sources.records import Invalid, Issue, Record, problems_of
from docgen.sources.schema import STATUS_TABLE_COLUMNS, DocumentInfo, Terms

KEY = DocumentInfo.key_of("terms")  # the file's one section, named as in `dokument`
FILE_NAME = f"{KEY}.yaml"


def organisation_file(folder: Path) -> Path | None:
    """The organisation's vocabulary file for a document folder, if there is one."""
    path = folder.parent / FILE_NAME
    return path if path.is_file() else None


def is_organisation_file(path: Path) -> bool:
    """True for sources/<organisation>/benämningar.yaml (not a document's source)."""
    return path.name == FILE_NAME


def inherit(sources, folder: Path) -> list[Problem]:
    """Give the document's `dokument.benämningar` the organisation's words where it has none;
    problems in the organisation's file are reported at their file and line."""
    from docgen.freshness import note_file

    note_file(folder.parent / FILE_NAME)  # an input of the build even while it does not exist
    path = organisation_file(folder)
    document = getattr(sources, "document", None)
    if path is None or document is None:
        return []
    data = load_yaml_file(path)
    extra = [key for key in data if key != KEY]
    if extra or KEY not in data:
        line = data.line_of(extra[0]) if extra else data.line
        what = f"'{extra[0]}' hör inte hemma här" if extra else "'benämningar' saknas"
        return [
            Problem(
                path,
                line,
                f"{what}: filen ska bara innehålla 'benämningar:'.",
                "Skriv organisationens ord under 'benämningar:'; allt annat hör till ett dokuments mapp.",
            )
        ]
    issues: list = []
    try:
        inherited = Terms.parse(data[KEY], (KEY,), issues)
    except Invalid as exc:
        issues.append(Issue((KEY,), exc.message, exc.hint))
    if issues:
        return problems_of(issues, data)
    document.terms = _merged(document.terms, inherited)
    return []


def _merged(own: Record, inherited: Record) -> Record:
    """`own` where the document wrote a key, `inherited` elsewhere (nested sections key by key)."""
    values = {}
    for field in own.FIELDS:
        mine, theirs = getattr(own, field.name), getattr(inherited, field.name)
        if field.key not in own.written:
            values[field.name] = theirs
        elif isinstance(mine, Record) and isinstance(theirs, Record):
            values[field.name] = _merged(mine, theirs)
        else:
            values[field.name] = mine
    merged = type(own)(**values)
    merged.written = list(own.written)
    merged._source = own._source
    return merged


def column_problems(sources) -> list[Problem]:
    """Every styrtal's own columns (`kolumner`) are declared in benämningar.styrtalskolumner."""
    declared = sources.document.terms.indicator_columns if getattr(sources, "document", None) else {}
    problems = []
    for objective in getattr(sources, "objectives", []) or []:
        for indicator in objective.indicators:
            for item in [indicator] + list(indicator.parts):
                for name in item.columns:
                    if name not in declared:
                        known = ", ".join(declared) or "inga"
                        problems.append(
                            Problem(
                                *item.where("columns", name),
                                f"styrtalet har kolumnen '{name}', som inte finns bland "
                                f"benämningar.styrtalskolumner (kända: {known}).",
                                f"Lägg till '{name}: <rubrik>' under benämningar: styrtalskolumner: "
                                "(i dokumentet eller i organisationens benämningar.yaml).",
                            )
                        )
    return problems


def status_column_problem(follow_up_terms, headings: dict, fallback) -> Problem | None:
    """A column of statuskolumner that is neither one of the status table's own nor a declared
    styrtalskolumn."""
    for n, name in enumerate(follow_up_terms.status_columns):
        if name not in STATUS_TABLE_COLUMNS.values() and name not in headings:
            file, line = follow_up_terms.where("status_columns", n)
            if file is None:
                file, line = fallback
            return Problem(
                file,
                line,
                f"statuskolumner: '{name}' är ingen kolumn i statustabellen.",
                f"Tillåtna: {', '.join((*STATUS_TABLE_COLUMNS.values(), *headings))}.",
            )
    return None
