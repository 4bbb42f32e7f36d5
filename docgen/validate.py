"""Stage 2, validate: check loaded sources against the schema and their references.

Every problem is reported in Swedish at the file and line of the value it concerns. References between items (följs_av, tabell, noter) are checked here too,
so that later stages can rely on them.
"""

from __future__ import annotations

import difflib
from collections import Counter

from . import schema
from .errors import DocgenError, Problem
from .load import SourceMap, locate
from .records import prefix_issue


def validate_sources(raw: SourceMap) -> schema.Sources:
    """Validate the merged sources of one document; raise DocgenError listing every problem."""
    issues: list = []
    sources = schema.Sources.parse(raw, (), issues)
    if issues:
        problems = []
        for issue in issues:
            file, line = locate(raw, issue.path)
            problems.append(Problem(file, line, prefix_issue(issue.path, issue), issue.hint))
        raise DocgenError(problems)
    problems = list(_reference_problems(sources, raw))
    if problems:
        raise DocgenError(problems)
    return sources


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
        if block.table is not None and block.table not in src.tables and block.table not in src.value_tables:
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

    yield from _chapter_problems(src, raw)
    yield from _series_problems(src, raw)
    yield from _recipient_problems(src, raw)


def _recipient_problems(src: schema.Sources, raw: SourceMap):
    """Every treårsbudget uppdrag is given to known bodies."""
    if src.three_year_budget is None:
        return
    bodies = {b.id for b in src.bodies}
    for f, focus in enumerate(src.three_year_budget.focus_areas):
        for i, item in enumerate(focus.assignments):
            for n, body in enumerate(item.to):
                if body not in bodies:
                    file, line = locate(raw, ("treårsbudget", "fokusområden", f, "uppdrag", i, "till", n))
                    close = difflib.get_close_matches(body, sorted(bodies), n=1)
                    yield Problem(file, line, f"till: '{body}' finns inte bland organ.",
                                  f"Menade du '{close[0]}'?" if close else "Lägg till organet under 'organ'.")


def _chapter_problems(src: schema.Sources, raw: SourceMap):
    """Pictures exist, and items listed in a chapter ("målsättningar: alla") exist."""
    for c, chapter in enumerate(src.chapters):
        for b, block in enumerate(chapter.content):
            loc = ("avsnitt", c, "innehåll", b)
            if block.chart is not None and block.chart not in src.charts:
                file, line = locate(raw, loc + ("diagram",))
                yield Problem(file, line, f"diagrammet '{block.chart}' finns inte under 'diagram'.", "")
            if block.picture is not None and block.picture not in src.pictures:
                file, line = locate(raw, loc + ("bild",))
                yield Problem(file, line, f"bilden '{block.picture}' finns inte under 'bilder'.",
                              "Lägg till den under 'bilder' med 'beskrivning'.")
            if block.objectives is not None and not src.objectives:
                file, line = locate(raw, loc)
                yield Problem(file, line, "blocket placerar målsättningar, men källorna har inga 'målsättningar'.", "")
            if block.internal_control is not None and src.internal_control is None:
                file, line = locate(raw, loc)
                yield Problem(file, line, "blocket placerar internkontrollplanen, men källorna har ingen 'internkontroll'.", "")


def _series_problems(src: schema.Sources, raw: SourceMap):
    """Every numbered uppdrag names a known series, and no number is used twice in a series."""
    series = {s.id for s in src.series}
    seen: dict[tuple, tuple] = {}
    for o, objective in enumerate(src.objectives):
        for g, group in enumerate(objective.assignment_groups):
            loc = ("målsättningar", o, "uppdrag", g)
            if group.series not in series:
                file, line = locate(raw, loc + ("serie",))
                close = difflib.get_close_matches(group.series, sorted(series), n=1)
                yield Problem(file, line, f"serien '{group.series}' finns inte under 'uppdragsserier'.",
                              f"Menade du '{close[0]}'?" if close else "Lägg till den under 'uppdragsserier'.")
                continue
            for a, assignment in enumerate(group.assignments):
                key = (group.series, assignment.number)
                here = loc + ("uppdrag", a, "nr")
                if key in seen:
                    first_file, first_line = locate(raw, seen[key])
                    file, line = locate(raw, here)
                    yield Problem(file, line, f"uppdrag nr {assignment.number} i serien '{group.series}' finns redan "
                                  f"({first_file}, rad {first_line}).", "Numren är uppdragens identitet: ge det ett eget nummer.")
                else:
                    seen[key] = here


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
    for i, item in enumerate(src.planning_calendar):
        yield ("planeringskalender", i), item
    for i, item in enumerate(src.bodies):
        yield ("organ", i), item
    if src.three_year_budget is not None:
        for f, focus in enumerate(src.three_year_budget.focus_areas):
            yield ("treårsbudget", "fokusområden", f), focus
            for i, item in enumerate(focus.assignments):
                yield ("treårsbudget", "fokusområden", f, "uppdrag", i), item


def _flow_blocks(src: schema.Sources):
    for i, block in enumerate(src.annual_budget):
        yield ("årsbudget", i), block
    for a, appendix in enumerate(src.appendices):
        for i, block in enumerate(appendix.content):
            yield ("bilagor", a, "innehåll", i), block
    for c, chapter in enumerate(src.chapters):
        for i, block in enumerate(chapter.content):
            yield ("avsnitt", c, "innehåll", i), block


def table_row_locations(table_id: str, table: schema.AmountTable):
    """(loc, part, group, row-or-None) for every group and row, with the loc as written."""
    for p, part in enumerate(table.parts):
        base = ("tabeller", table_id) if table.written_with_groups else ("tabeller", table_id, "delar", p)
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
