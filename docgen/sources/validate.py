"""Stage 2, validate: check loaded sources against the schema and their references.

Every problem is reported in Swedish at the file and line of the value it concerns. References
between items (följs_av, tabell, noter) are checked here too,
so that later stages can rely on them.
"""

from __future__ import annotations

import difflib
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from docgen.errors import DocgenError, Problem
from docgen.sources import schema
from docgen.sources.load import SourceMap
from docgen.sources.records import problems_of
from docgen.sources.schema.followup import columns_count


def validate_sources(raw: SourceMap) -> schema.Sources:
    """Validate the merged sources of one document; raise DocgenError listing every problem.
    Every record of the result knows its file and line (`where`)."""
    issues: list = []
    sources = schema.Sources.parse(raw, (), issues)
    if issues:
        raise DocgenError(problems_of(issues, raw))
    from docgen.sources.vocabulary import column_problems, inherit

    problems = inherit(sources, Path(raw.file)) if getattr(raw, "file", "") else []
    problems += column_problems(sources) if not problems else []
    problems += list(_reference_problems(sources)) + _chart_bars_from_tables(sources) + _share_row_problems(sources)
    if problems:
        raise DocgenError(problems)
    return sources


def _share_row_problems(src: schema.Sources) -> list[Problem]:
    """A value table's share rows (andelsrader: "Årets resultats andel av skatteintäkter, %" of
    "Årets resultat" and "Skatteintäkter") against the rows they are made of, column by column,
    as an amount table's sums and andelskolumner are: a share the written figures cannot give,
    rounded as they were written (8,0 of 749 is 1,06–1,08 %), is named at its cell. A cell
    without a number (text, a marker, empty) is not checked."""
    problems = []
    for table in src.value_tables.values():
        for share_text, (part_text, whole_text) in table.share_rows.items():
            share, part, whole = (table.row(t) for t in (share_text, part_text, whole_text))
            for column, name in enumerate(table.columns):
                figures = [_figure(row, column) for row in (share, part, whole)]
                if None in figures or not figures[2][0]:
                    continue
                (written, written_half), (p, p_half), (w, w_half) = figures
                low, high = _share_between(p, p_half, w, w_half)
                if written + written_half >= low and written - written_half <= high:
                    continue
                file, line = share.where("values", column)
                shown = (p * 100 / w).quantize(Decimal(1).scaleb(-max(1, share.values[column].decimals)), ROUND_HALF_UP)
                problems.append(
                    Problem(
                        file,
                        line,
                        f"tabellen '{table.caption}', raden '{share.text}', kolumnen '{name}': "
                        f"{_percent(share.values[column])} men '{part.text}' {part.values[column].text} av "
                        f"'{whole.text}' {whole.values[column].text} är {_swedish(shown)} procent.",
                        "Rätta andelen eller raderna den räknas ur (som i underlaget), eller ta bort raden "
                        "under 'andelsrader' om den inte är en andel av de två raderna.",
                    )
                )
    return problems


def _figure(row, column: int):
    """(number, half of its last written digit) of a cell holding a number, else None."""
    value = row.values[column] if column < len(row.values) else None
    if value is None or value.kind != "number" or value.comparator:
        return None
    return value.number, Decimal(5).scaleb(-(value.decimals + 1))


def _share_between(part, part_half, whole, whole_half) -> tuple[Decimal, Decimal]:
    """The least and greatest share in percent that the rounded figures may stand for."""
    corners = [
        p * 100 / w
        for p in (part - part_half, part + part_half)
        for w in (whole - whole_half, whole + whole_half)
        if w != 0 and (w > 0) == (whole > 0)
    ]
    return min(corners), max(corners)


def _swedish(number: Decimal) -> str:
    return str(number).replace("-", "−").replace(".", ",")


def _percent(value) -> str:
    """A written share as written, "97,7" said "97,7 procent" ("97,7 %" stays as it is)."""
    return value.text if value.unit else f"{value.text} procent"


def _chart_bars_from_tables(src: schema.Sources) -> list[Problem]:
    """Fill the bars of every chart with `staplar_ur` from the value table's row it names: one
    bar per column, labelled by the column. The row is found by its text exactly as written
    (spaces aside), never by a guess; a cell without a number is a problem, not a missing bar."""
    problems = []
    for chart in src.charts.values():
        wanted = chart.bars_from
        if wanted is None:
            continue
        table = src.value_tables.get(wanted.table)
        if table is None:
            file, line = wanted.where("table")
            close = difflib.get_close_matches(wanted.table, sorted(src.value_tables), n=1)
            problems.append(
                Problem(
                    file,
                    line,
                    f"värdetabellen '{wanted.table}' finns inte under 'värdetabeller'.",
                    f"Menade du '{close[0]}'?" if close else "Ange id för en av värdetabellerna.",
                )
            )
            continue
        rows = {" ".join(r.text.split()): r for g in table.groups for r in g.rows}
        row = rows.get(" ".join(wanted.row.split()))
        if row is None:
            file, line = wanted.where("row")
            close = difflib.get_close_matches(wanted.row, sorted(rows), n=1)
            problems.append(
                Problem(
                    file,
                    line,
                    f"raden '{wanted.row}' finns inte i tabellen '{table.caption}'.",
                    "Skriv radens text som den står i tabellen" + (f", t.ex. '{close[0]}'." if close else "."),
                )
            )
            continue
        if row.subheading:
            file, line = wanted.where("row")
            problems.append(
                Problem(
                    file,
                    line,
                    f"raden '{row.text}' är en mellanrubrik i tabellen '{table.caption}' och har inga värden.",
                    "Peka ut en rad med värden, eller skriv diagrammets staplar själv.",
                )
            )
            continue
        empty = [c for c, v in zip(table.columns, row.values) if v is None or v.kind != "number"]
        if empty:
            file, line = wanted.where("row")
            problems.append(
                Problem(
                    file,
                    line,
                    f"raden '{row.text}' har inget tal för {', '.join(empty)}.",
                    "Fyll i värdet i tabellen, eller skriv diagrammets staplar själv.",
                )
            )
            continue
        chart.bars = [schema.Bar(text=c, value=v.number) for c, v in zip(table.columns, row.values)]
    return problems


# ---------------------------------------------------------------- references


def _reference_problems(src: schema.Sources):
    """Unique ids, and every reference pointing at something that exists."""
    yield from _repeated_ids(_identified_items(src))
    yield from _repeated_ids(src.series)  # a series id is its own name space (groups name it)

    followers = {c.id for c in src.committees} | {f.id for f in src.followers}
    for item in _identified_items(src):
        for n, ref in enumerate(getattr(item, "followed_by", [])):
            if ref not in followers:
                file, line = item.where("followed_by", n)
                close = difflib.get_close_matches(ref, sorted(followers), n=1)
                hint = (
                    f"Menade du '{close[0]}'?"
                    if close
                    else (
                        f"Kända: {', '.join(sorted(followers))}."
                        if followers
                        else "Lägg till den under 'beredningar' eller 'uppföljare'."
                    )
                )
                yield Problem(file, line, f"följs_av: '{ref}' finns inte bland beredningar och uppföljare.", hint)

    for block in _flow_blocks(src):
        if block.table is not None and block.table not in src.tables and block.table not in src.value_tables:
            file, line = block.where("table")
            close = difflib.get_close_matches(block.table, sorted(src.tables), n=1)
            hint = f"Menade du '{close[0]}'?" if close else "Lägg till tabellen under 'tabeller'."
            yield Problem(file, line, f"tabellen '{block.table}' finns inte under 'tabeller'.", hint)
    yield from _objective_table_problems(src)

    placed: dict[str, list[tuple]] = {}
    for item in [*_flow_blocks(src), *src.objectives]:
        if item.table and (item.table in src.tables or item.table in src.value_tables):
            placed.setdefault(item.table, []).append(item.where("table"))
    for table_id, places in placed.items():
        if len(places) > 1:
            file, line = places[1]
            first = f"{Path(places[0][0]).name}, rad {places[0][1]}"
            yield Problem(
                file,
                line,
                f"tabellen '{table_id}' placeras {len(places)} gånger (första gången i {first}).",
                "En tabell får stå på ett ställe: ta bort den ena placeringen.",
            )

    for table_id, table in src.tables.items():
        yield from _note_problems(table_id, table)

    yield from _chapter_problems(src)
    yield from _series_problems(src)
    yield from _recipient_problems(src)


def _objective_table_problems(src: schema.Sources):
    """A målsättning's own table (`tabell:`) is one of the document's tables or value tables."""
    known = sorted(set(src.tables) | set(src.value_tables))
    for objective in src.objectives:
        if objective.table is None or objective.table in known:
            continue
        file, line = objective.where("table")
        close = difflib.get_close_matches(objective.table, known, n=1)
        if close:
            hint = f"Menade du '{close[0]}'?"
        elif known:
            hint = f"Tabellerna i dokumentet: {', '.join(known)}."
        else:
            hint = "Lägg till tabellen under 'tabeller' eller 'värdetabeller' (t.ex. i budget.yaml)."
        yield Problem(
            file,
            line,
            f"målsättningen '{objective.id}' har tabell: '{objective.table}', men den finns inte under "
            "'tabeller' eller 'värdetabeller'.",
            hint,
        )


def _recipient_problems(src: schema.Sources):
    """Every treårsbudget uppdrag is given to known bodies."""
    if src.three_year_budget is None:
        return
    bodies = {b.id for b in src.bodies}
    for focus in src.three_year_budget.focus_areas:
        for item in focus.assignments:
            for n, body in enumerate(item.to):
                if body not in bodies:
                    file, line = item.where("to", n)
                    close = difflib.get_close_matches(body, sorted(bodies), n=1)
                    yield Problem(
                        file,
                        line,
                        f"till: '{body}' finns inte bland organ.",
                        f"Menade du '{close[0]}'?" if close else "Lägg till organet under 'organ'.",
                    )


def _chapter_problems(src: schema.Sources):
    """Pictures exist, and items listed in a chapter ("målsättningar: alla") exist."""
    for chapter in src.chapters:
        for block in chapter.content:
            if block.chart is not None and block.chart not in src.charts:
                file, line = block.where("chart")
                yield Problem(file, line, f"diagrammet '{block.chart}' finns inte under 'diagram'.", "")
            if block.picture is not None and block.picture not in src.pictures:
                file, line = block.where("picture")
                yield Problem(
                    file,
                    line,
                    f"bilden '{block.picture}' finns inte under 'bilder'.",
                    "Lägg till den under 'bilder' med 'beskrivning'.",
                )
            if block.objectives is not None and not src.objectives:
                file, line = block.where()
                yield Problem(file, line, "blocket placerar målsättningar, men källorna har inga 'målsättningar'.", "")
            if block.internal_control is not None and src.internal_control is None:
                file, line = block.where()
                yield Problem(
                    file, line, "blocket placerar internkontrollplanen, men källorna har ingen 'internkontroll'.", ""
                )


def _series_problems(src: schema.Sources):
    """Every numbered uppdrag names a known series, and no number is used twice in a series."""
    series = {s.id for s in src.series}
    seen: dict[tuple, schema.Record] = {}
    for objective in src.objectives:
        for group in objective.assignment_groups:
            if group.series is None:  # only unnumbered uppdrag (checked by the group itself)
                continue
            if group.series not in series:
                file, line = group.where("series")
                close = difflib.get_close_matches(group.series, sorted(series), n=1)
                yield Problem(
                    file,
                    line,
                    f"serien '{group.series}' finns inte under 'uppdragsserier'.",
                    f"Menade du '{close[0]}'?" if close else "Lägg till den under 'uppdragsserier'.",
                )
                continue
            for assignment in group.assignments:
                key = (group.series, assignment.key)
                field = "number" if assignment.number is not None else "id"
                if key in seen:
                    first_file, first_line = seen[key].where(field)
                    file, line = assignment.where(field)
                    named = f"nr {assignment.number}" if field == "number" else f"med id '{assignment.id}'"
                    yield Problem(
                        file,
                        line,
                        f"uppdrag {named} i serien '{group.series}' finns redan ({first_file}, rad {first_line}).",
                        "Numren är uppdragens identitet: ge det ett eget nummer."
                        if field == "number"
                        else "Id:t är uppdragets identitet: ge det ett eget id.",
                    )
                else:
                    seen[key] = assignment


def _repeated_ids(items):
    """An id given to a second item of `items`, at the second one's line."""
    seen: dict[str, schema.Record] = {}
    for item in items:
        if item.id in seen:
            file, line = seen[item.id].where("id")
            here_file, here_line = item.where("id")
            yield Problem(
                here_file,
                here_line,
                f"id '{item.id}' används redan ({file}, rad {line}).",
                "Varje id ska vara unikt i dokumentet; ge det ena ett annat id.",
            )
        else:
            seen[item.id] = item


def _identified_items(src: schema.Sources):
    """Every item with an id, in the order of the sources."""
    for area in src.goal_areas:
        yield area
        yield from area.assignments
        yield from area.indicators
        yield from area.other_follow_ups
    for budget in src.ongoing:
        for focus in budget.focus_areas:
            yield from focus.assignments
    yield from src.committees
    yield from src.followers
    yield from src.planning_calendar
    yield from src.bodies
    yield from src.objectives
    if src.three_year_budget is not None:
        for focus in src.three_year_budget.focus_areas:
            yield focus
            yield from focus.assignments


def _flow_blocks(src: schema.Sources):
    yield from src.annual_budget
    for appendix in src.appendices:
        yield from appendix.content
    for chapter in src.chapters:
        yield from chapter.content


_DECIMAL_COMMA_IN_LIST = re.compile(r"\[[^\]\"']*\d,\d")


def _decimal_comma_hint(file, line) -> str | None:
    """The hint for a list of values one too long because a decimal comma split a number in
    two ([1234,5] is the two values 1234 and 5 in YAML); None when the line has none."""
    try:
        text = Path(file).read_text(encoding="utf-8").splitlines()[line - 1]
    except (OSError, TypeError, IndexError, UnicodeDecodeError):
        return None
    if not _DECIMAL_COMMA_IN_LIST.search(text):
        return None
    return (
        "I en lista inom [ ] skiljer kommat värdena åt, så ett decimalkomma delar talet i två (1234,5 blir "
        '1234 och 5). Skriv decimalpunkt (1234.5) eller talet inom citattecken ("1 234,5").'
    )


def _note_problems(table_id: str, table: schema.AmountTable):
    referenced = set()
    rows = [row for part in table.parts for group in part.groups for row in group.rows]
    for row in rows:
        if len(row.values) != len(table.columns):
            file, line = row.where("values")
            yield Problem(
                file,
                line,
                f"raden '{row.text}' har {len(row.values)} värden men tabellen har "
                f"{columns_count(len(table.columns))} ({', '.join(table.columns)}).",
                _decimal_comma_hint(file, line) or "Ange ett värde per kolumn.",
            )
        if row.note is not None:
            referenced.add(row.note)
            if row.note not in table.notes:
                file, line = row.where("note")
                yield Problem(
                    file,
                    line,
                    f"not {row.note} finns inte under 'noter' i tabellen '{table_id}'.",
                    "Skriv notens text under 'noter' eller ta bort hänvisningen.",
                )
    for number in sorted(set(table.notes) - referenced):
        file, line = table.where("notes", number)
        yield Problem(
            file,
            line,
            f"not {number} i tabellen '{table_id}' hänvisas inte till från någon rad.",
            "Sätt 'not: …' på raden den gäller eller ta bort noten.",
        )
    for part in table.parts:
        for total in [part.total] + [g.total for g in part.groups]:
            if total is not None and total.values is not None and len(total.values) != len(table.columns):
                file, line = total.where("values")
                yield Problem(
                    file,
                    line,
                    f"summaraden '{total.text}' har {len(total.values)} värden men tabellen har "
                    f"{columns_count(len(table.columns))}.",
                    _decimal_comma_hint(file, line) or "Ange ett värde per kolumn.",
                )
