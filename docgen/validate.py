"""Stage 2, validate: check loaded sources against the schema and their references.

Every pydantic error is translated into Swedish and placed at the file and line of the
value it concerns. References between items (följs_av, tabell, noter) are checked here too,
so that later stages can rely on them.
"""

from __future__ import annotations

import difflib
from collections import Counter

from pydantic import BaseModel, ValidationError

from . import schema
from .errors import DocgenError, Problem
from .load import SourceMap, locate


def validate_sources(raw: SourceMap) -> schema.Sources:
    """Validate the merged sources of one document; raise DocgenError listing every problem."""
    try:
        sources = schema.Sources.model_validate(raw)
    except ValidationError as exc:
        raise DocgenError(_translate(exc, raw)) from None
    problems = list(_reference_problems(sources, raw))
    if problems:
        raise DocgenError(problems)
    return sources


# ---------------------------------------------------------------- schema errors

_TYPE_WORDS = {
    "string_type": "en text",
    "int_type": "ett heltal",
    "int_parsing": "ett heltal",
    "int_from_float": "ett heltal",
    "bool_type": "ja eller nej (true/false)",
    "bool_parsing": "ja eller nej (true/false)",
    "list_type": "en lista (rader som börjar med '- ')",
    "dict_type": "ett avsnitt med nycklar",
    "model_type": "ett avsnitt med nycklar",
    "model_attributes_type": "ett avsnitt med nycklar",
    "decimal_parsing": "ett tal",
    "decimal_type": "ett tal",
}


def _translate(exc: ValidationError, raw: SourceMap) -> list[Problem]:
    problems, seen = [], set()
    for error in exc.errors():
        loc = tuple(error["loc"])
        key = (loc, error["type"])
        if key in seen:
            continue
        seen.add(key)
        file, line = locate(raw, loc)
        message, hint = _describe(error, loc, raw)
        problems.append(Problem(file, line, message, hint))
    return problems


def _path_text(loc: tuple) -> str:
    """målområden[3].uppdrag[2] (items counted from 1, as editors count)."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += ("." if text else "") + str(part)
    return text or "filen"


def _model_at(loc: tuple) -> type[BaseModel] | None:
    """The schema model that owns the last key of `loc`."""
    model: type[BaseModel] | None = schema.Sources
    for part in loc[:-1]:
        if model is None or isinstance(part, int):
            continue
        field = next((f for f in model.model_fields.values() if f.alias == part), None)
        if field is None:
            return None
        model = _inner_model(field.annotation)
        if model is None and isinstance(part, str):
            return None
    return model


def _inner_model(annotation):
    """The model inside list[Model], dict[str, Model], Model | None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _allowed_keys(loc: tuple) -> list[str]:
    model = _model_at(loc)
    if model is None:
        return []
    return [f.alias for f in model.model_fields.values() if f.alias]


def _describe(error: dict, loc: tuple, raw) -> tuple[str, str]:
    kind = error["type"]
    where = _path_text(loc[:-1]) if loc else "filen"
    name = loc[-1] if loc else ""
    if kind == "missing":
        return (f"fältet '{name}' saknas i {where}.", f"Lägg till '{name}: …'.")
    if kind == "extra_forbidden":
        allowed = _allowed_keys(loc)
        close = difflib.get_close_matches(str(name), allowed, n=1, cutoff=0.6)
        hint = f"Menade du '{close[0]}'?" if close else (
            f"Tillåtna fält här: {', '.join(allowed)}." if allowed else "Ta bort fältet.")
        return (f"okänt fält '{name}' i {where}.", hint)
    if kind == "value_error":
        reason = str(error.get("ctx", {}).get("error", error["msg"]))
        return (f"{_path_text(loc)}: {reason}.", "")
    if kind in _TYPE_WORDS:
        return (f"{_path_text(loc)} ska vara {_TYPE_WORDS[kind]}, men är {_shown(error.get('input'))}.", "")
    if kind == "string_pattern_mismatch":
        return (f"{_path_text(loc)}: '{error.get('input')}' är inget giltigt id.",
                "Använd små bokstäver a–z, siffror och bindestreck, t.ex. 'fast-lakarkontakt'.")
    if kind == "string_too_short":
        return (f"{_path_text(loc)} är tom.", "Skriv texten eller ta bort fältet.")
    if kind == "too_short":
        return (f"{_path_text(loc)} är tom.", "Lägg till minst en post.")
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return (f"{_path_text(loc)}: '{error.get('input')}' är inte tillåtet.", f"Tillåtet: {expected}.")
    if kind in ("greater_than_equal", "less_than_equal"):
        return (f"{_path_text(loc)}: värdet {error.get('input')} är utanför det tillåtna.", "")
    return (f"{_path_text(loc)}: ogiltigt värde ({error['msg']}).", "")


def _shown(value) -> str:
    if isinstance(value, dict):
        return "ett avsnitt med nycklar"
    if isinstance(value, list):
        return "en lista"
    if value is None:
        return "tomt"
    return f"'{value}'"


# ---------------------------------------------------------------- references


def _reference_problems(src: schema.Sources, raw: SourceMap):
    """Unique ids, and every reference pointing at something that exists."""
    seen: dict[str, tuple] = {}
    for loc, item in _identified_items(src):
        if item.id in seen:
            file, line = locate(raw, seen[item.id] + ("id",))
            here_file, here_line = locate(raw, loc + ("id",))
            yield Problem(here_file, here_line, f"id '{item.id}' används redan ({file}, rad {line}).",
                          "Varje id ska vara unikt i dokumentet; ge det ena ett annat id.")
        else:
            seen[item.id] = loc

    followers = {c.id for c in src.committees} | {f.id for f in src.followers}
    for loc, item in _identified_items(src):
        for n, ref in enumerate(getattr(item, "followed_by", [])):
            if ref not in followers:
                file, line = locate(raw, loc + ("följs_av", n))
                close = difflib.get_close_matches(ref, sorted(followers), n=1)
                hint = f"Menade du '{close[0]}'?" if close else (
                    f"Kända: {', '.join(sorted(followers))}." if followers else "Lägg till den under 'beredningar' eller 'uppföljare'.")
                yield Problem(file, line, f"följs_av: '{ref}' finns inte bland beredningar och uppföljare.", hint)

    for loc, block in _flow_blocks(src):
        if block.table is not None and block.table not in src.tables:
            file, line = locate(raw, loc + ("tabell",))
            close = difflib.get_close_matches(block.table, sorted(src.tables), n=1)
            hint = f"Menade du '{close[0]}'?" if close else "Lägg till tabellen under 'tabeller'."
            yield Problem(file, line, f"tabellen '{block.table}' finns inte under 'tabeller'.", hint)

    used = Counter(b.table for _, b in _flow_blocks(src) if b.table)
    for table_id, count in used.items():
        if count > 1 and table_id in src.tables:
            file, line = locate(raw, ("tabeller", table_id))
            yield Problem(file, line, f"tabellen '{table_id}' placeras {count} gånger.", "En tabell får stå på ett ställe.")

    for table_id, table in src.tables.items():
        yield from _note_problems(table_id, table, raw)


def _identified_items(src: schema.Sources):
    for g, area in enumerate(src.goal_areas):
        yield ("målområden", g), area
        for kind, items in (("uppdrag", area.assignments), ("styrtal", area.indicators),
                            ("annan_uppföljning", area.other_follow_ups)):
            for i, item in enumerate(items):
                yield ("målområden", g, kind, i), item
    for b, budget in enumerate(src.ongoing):
        for f, focus in enumerate(budget.focus_areas):
            for i, item in enumerate(focus.assignments):
                yield ("pågående_uppdrag", b, "fokusområden", f, "uppdrag", i), item
    for i, item in enumerate(src.committees):
        yield ("beredningar", i), item
    for i, item in enumerate(src.followers):
        yield ("uppföljare", i), item


def _flow_blocks(src: schema.Sources):
    for i, block in enumerate(src.annual_budget):
        yield ("årsbudget", i), block
    for a, appendix in enumerate(src.appendices):
        for i, block in enumerate(appendix.content):
            yield ("bilagor", a, "innehåll", i), block


def table_row_locations(table_id: str, table: schema.AmountTable):
    """(loc, part, group, row-or-None) for every group and row, with the loc as written."""
    for p, part in enumerate(table.parts):
        base = ("tabeller", table_id) if table.groups else ("tabeller", table_id, "delar", p)
        for g, group in enumerate(part.groups):
            yield base + ("grupper", g), part, group, None
            for r, row in enumerate(group.rows):
                yield base + ("grupper", g, "rader", r), part, group, row


def _note_problems(table_id: str, table: schema.AmountTable, raw):
    referenced = set()
    for loc, _part, _group, row in table_row_locations(table_id, table):
        if row is None:
            continue
        if len(row.values) != len(table.columns):
            file, line = locate(raw, loc + ("värden",))
            yield Problem(file, line, f"raden '{row.text}' har {len(row.values)} värden men tabellen har "
                          f"{len(table.columns)} kolumner ({', '.join(table.columns)}).",
                          "Ange ett värde per kolumn.")
        if row.note is not None:
            referenced.add(row.note)
            if row.note not in table.notes:
                file, line = locate(raw, loc + ("not",))
                yield Problem(file, line, f"not {row.note} finns inte under 'noter' i tabellen '{table_id}'.",
                              "Skriv notens text under 'noter' eller ta bort hänvisningen.")
    for number in sorted(set(table.notes) - referenced):
        file, line = locate(raw, ("tabeller", table_id, "noter", number))
        yield Problem(file, line, f"not {number} i tabellen '{table_id}' hänvisas inte till från någon rad.",
                      "Sätt 'not: …' på raden den gäller eller ta bort noten.")
    for part in table.parts:
        for total in [part.total] + [g.total for g in part.groups]:
            if total is not None and total.values is not None and len(total.values) != len(table.columns):
                file, line = locate(raw, ("tabeller", table_id))
                yield Problem(file, line, f"summaraden '{total.text}' har {len(total.values)} värden men tabellen har "
                              f"{len(table.columns)} kolumner.", "Ange ett värde per kolumn.")
