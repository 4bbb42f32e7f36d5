"""Stage 3, compute: check every sum and share against its parts and derive what is implied.

Nothing here is typed twice by an editor: a declared sum is checked (within the table's
declared tolerance, for figures rounded one by one), an omitted one is computed; the lists
of what each beredning follows are derived from the uppdrag's `följs_av`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from docgen.errors import DocgenError, Problem
from docgen.sources import schema
from docgen.sources.unfinished import StandIn
from docgen.view.formatting import amount as fmt_amount


@dataclass
class TableLine:
    """One line of a computed amount table, ready to render."""

    kind: str  # "part" (del heading), "group" (group heading), "row", "of" (varav: not summed), "sum" (group),
    # "total" (part/table)
    text: str
    values: list[Decimal] = field(default_factory=list)
    note: int | None = None
    share: Decimal | None = None
    source: object = None  # the row or sum row it was written as (for its file and line)


@dataclass
class ComputedTable:
    id: str
    source: schema.AmountTable
    lines: list[TableLine]
    total: list[Decimal] | None
    rounded: bool = False  # a declared sum differs from its parts within the tolerance


@dataclass
class Followed:
    """An item a committee follows, with the section where it is described."""

    item: object
    section: str


@dataclass
class Computed:
    tables: dict[str, ComputedTable]
    followed_assignments: dict[str, list[Followed]]
    followed_follow_ups: dict[str, list[Followed]]


def compute(src: schema.Sources) -> Computed:
    problems: list[Problem] = []
    tables = {}
    for table_id, table in src.tables.items():
        if table.missing is None:
            tables[table_id] = _compute_table(table_id, table, problems)
        else:
            tables[table_id] = ComputedTable(table_id, table, [], None)
    if problems:
        raise DocgenError(problems)
    assignments, follow_ups = _followed_by_committee(src)
    return Computed(tables, assignments, follow_ups)


# ---------------------------------------------------------------- amount tables


def _sum(vectors: list[list[Decimal | None]], width: int) -> list[Decimal]:
    """Column sums; an empty cell (None) counts as zero, and a column with a marked amount (one
    the sources lack) has no sum docgen can give: it is marked too."""
    return [_column_sum([v[i] for v in vectors]) for i in range(width)]


def marked(value) -> bool:
    """A cell whose amount the sources lack: its ATT UPPDATERA marker (schema.MarkedAmount), or
    the marker docgen gives a sum or difference over it."""
    return isinstance(value, str)


def _column_sum(values: list):
    unknown = next((v for v in values if marked(v)), None)
    if unknown is not None:
        return _marked_result(unknown, "summan")
    return sum((v for v in values if v is not None), Decimal(0))


def _marked_result(unknown, what: str) -> StandIn:
    """The marker docgen writes for a sum or difference over an amount the sources lack; a final
    build names the line of that amount (the marker carries it on)."""
    problem = getattr(unknown, "problem", None)
    return StandIn(f"[[ATT UPPDATERA: {what}]]", problem)


def _compute_table(table_id: str, table: schema.AmountTable, problems: list[Problem]) -> ComputedTable:
    width = len(table.columns)
    _place_marked_amounts(table)
    filled = _with_differences(table, problems)
    shares = {table.columns.index(c) for c in table.share_columns}
    lines: list[TableLine] = []
    part_totals = []
    rounded = False
    for part in table.parts:
        if part.heading:
            lines.append(TableLine("part", part.heading))
        group_totals = []
        displayed = []  # what the reader adds up to the part's sums: rows, and groups' sum lines
        for group in part.groups:
            if group.subtotal is not None:  # a subtotal of the groups above; not counted again
                computed = _sum(group_totals, width)
                shown = _known_differences(table, _checked(group.subtotal, computed, table, problems, shares=shares))
                rounded |= _differs(shown, computed, shares) or _off_as_shown(displayed, shown, table, shares)
                lines.append(TableLine("total", group.subtotal.text, shown, source=group.subtotal))
                continue
            if group.heading:
                lines.append(TableLine("group", group.heading))
            whole = None
            for row in group.rows:
                if row.part_of:  # "varav …": shown under the row it is a part of, never summed
                    _check_part(table, whole, row, problems)
                    lines.append(TableLine("of", row.text, filled(row), row.note, source=row))
                    continue
                whole = row
                lines.append(TableLine("row", row.text, filled(row), row.note, row.share, source=row))
            computed = _sum([filled(r) for r in group.rows if not r.part_of], width)
            if group.total is not None:
                summed = [r for r in group.rows if not r.part_of]
                shown = _known_differences(table, _checked(group.total, computed, table, problems, summed, shares))
                rounded |= _differs(shown, computed, shares)
                rounded |= _off_as_shown([filled(r) for r in summed], shown, table, shares)
                lines.append(TableLine("sum", group.total.text, shown, source=group.total))
                group_totals.append(shown)
                displayed.append(shown)
            else:
                group_totals.append(computed)
                displayed.extend(filled(r) for r in group.rows if not r.part_of)
        computed = _sum(group_totals, width)
        if part.total is not None:
            summed = _rows_summed_by(part)
            shown = _known_differences(table, _checked(part.total, computed, table, problems, summed, shares))
            rounded |= _differs(shown, computed, shares) or _off_as_shown(displayed, shown, table, shares)
            lines.append(TableLine("total", part.total.text, shown, source=part.total))
            part_totals.append(shown)
        else:
            part_totals.append(computed)
    total = part_totals[0] if len(table.parts) == 1 else None
    if table.balance:
        rounded |= any(other != part_totals[0] for other in part_totals[1:])
        _check_balance(table, part_totals, problems)
    if table.share is not None:
        _compute_shares(table, lines, total, problems)
    if table.funding:
        rounded |= total is not None and sum((f.amount for f in table.funding), Decimal(0)) != total[0]
        _check_funding(table, total, problems)
    if table.outside_shares is not None:
        lines.extend(_outside_shares(table, total, problems))
    if table.sum_columns:
        rounded |= _check_sum_columns(table, lines, problems)
    if table.share_columns:
        _share_columns(table, lines, problems)
        if total is not None:  # what a text's summa('tabell', 'Förbrukat') gives: the share, not a sum
            total = list(total)
            for column, (part_column, whole_column) in table.share_columns.items():
                part, whole = total[table.columns.index(part_column)], total[table.columns.index(whole_column)]
                total[table.columns.index(column)] = (
                    _marked_result(part if marked(part) else whole, column.lower())
                    if marked(part) or marked(whole)
                    else (part * PERCENT / whole).quantize(Decimal(1) / (Decimal(10) ** table.decimals), ROUND_HALF_UP)
                    if whole
                    else None
                )
    return ComputedTable(table_id, table, lines, total, rounded)


def _place_marked_amounts(table) -> None:
    """Give every amount the sources lack (schema.MarkedAmount) the place it was written, so that
    a final build names that line, once, for it and for the sums and differences marked over it."""
    for part in table.parts:
        written = [r for group in part.groups for r in (*group.rows, group.total, group.subtotal)] + [part.total]
        for row in (r for r in written if r is not None and r.values):
            for column, value in enumerate(row.values):
                if isinstance(value, schema.MarkedAmount):
                    file, line = row.where("values", column)
                    value.problem = Problem(
                        file,
                        line,
                        f"står kvar markerat: {value[1:-1]}",  # as the built document shows it
                        "Skriv in det som saknas och ta bort markeringen, eller bygg utan --slutlig.",
                    )


def computed_stand_ins(computed: Computed) -> list[StandIn]:
    """The markers docgen wrote itself in amount tables: sums and differences over an amount the
    sources lack, each carrying where that amount was written."""
    return [
        value
        for table in computed.tables.values()
        for line_ in table.lines
        for value in line_.values
        if isinstance(value, StandIn) and value.problem is not None
    ]


def _known_differences(table, shown: list) -> list:
    """A sum row's difference column (Avvikelse = Utfall − Budget) when its parts lack an amount
    but the sum row has both its own: the year's result against its budget, when the sources give
    the budget of the result only (Region Gävleborg). A difference that cannot be given is marked
    with its column's name, as the rows above it are ('avvikelse'): it is no sum that is missing."""
    index = {column: n for n, column in enumerate(table.columns)}
    for column, (first, second) in table.difference_columns.items():
        a, b = shown[index[first]], shown[index[second]]
        if not marked(shown[index[column]]):
            continue
        shown = list(shown)
        if not marked(a) and not marked(b) and (a, b) != (None, None):
            shown[index[column]] = (a or Decimal(0)) - (b or Decimal(0))
        else:
            shown[index[column]] = _marked_result(shown[index[column]], column.lower())
    return shown


def _off_as_shown(parts: list[list], shown: list, table, shares: set[int]) -> bool:
    """The parts, each rounded to the decimals the table shows, do not add up to the sum as shown:
    amounts with decimals the workbook hides (1 234,4 tkr shown "1 234"), right to the last öre,
    still give a page whose rows a reader cannot add up to its sum. The table then gets the
    rounding note ("Summorna kan avvika på grund av avrundning."), as in a printed budget."""
    unit = Decimal(1).scaleb(-table.decimals)

    def as_shown(value: Decimal) -> Decimal:
        return value.quantize(unit, rounding=ROUND_HALF_UP)

    for column, total in enumerate(shown):
        if column in shares or not isinstance(total, Decimal):
            continue
        figures = [p[column] for p in parts if column < len(p)]
        if any(not isinstance(f, Decimal) for f in figures if f is not None):
            continue
        if sum((as_shown(f) for f in figures if f is not None), Decimal(0)) != as_shown(total):
            return True
    return False


def _differs(shown: list[Decimal], computed: list[Decimal], shares: set[int]) -> bool:
    """A declared sum differs from its parts (shares are not sums: they never count)."""
    return any(a != b for n, (a, b) in enumerate(zip(shown, computed)) if n not in shares and not marked(b))


def _with_differences(table, problems):
    """A function giving a row's values with its difference columns (skillnadskolumner, e.g.
    Avvikelse = Budget − Prognos) computed where left empty and checked where written."""
    if not table.difference_columns:
        return lambda row: list(row.values)
    index = {column: n for n, column in enumerate(table.columns)}
    done: dict[int, list] = {}

    def filled(row) -> list:
        if id(row) in done:
            return list(done[id(row)])
        values = list(row.values)
        for column, (first, second) in table.difference_columns.items():
            a, b = values[index[first]], values[index[second]]
            if a is None and b is None:
                continue
            unknown = next((v for v in (a, b) if marked(v)), None)
            if unknown is not None:  # a difference over an amount the sources lack: marked, not checked
                if values[index[column]] is None:
                    values[index[column]] = _marked_result(unknown, column.lower())
                continue
            expected = (a or Decimal(0)) - (b or Decimal(0))
            declared = values[index[column]]
            if declared is None:
                values[index[column]] = expected
            elif abs(declared - expected) > table.tolerance:
                file, line = row.where("values", index[column])
                empty = next((name for name, value in ((first, a), (second, b)) if value is None), None)
                problems.append(
                    Problem(
                        file,
                        line,
                        f"tabellen '{table.caption}', raden '{row.text}', kolumnen '{column}': "
                        f"{fmt_amount(declared, table.decimals)} är inte {first} − {second} "
                        f"({fmt_amount(a or Decimal(0), table.decimals)} − {_term(b, table)} = "
                        f"{fmt_amount(expected, table.decimals)})"
                        + (f"; '{empty}' är tom och räknas som 0." if empty else "."),
                        f"Skriv beloppet i '{empty}', eller lämna '{column}' tom (null) så räknar docgen ut den."
                        if empty
                        else _difference_hint(table, column, first, second, declared, -expected),
                    )
                )
        done[id(row)] = values
        return list(values)

    return filled


def _term(value, table) -> str:
    """A figure as a term of a difference: a negative one in parentheses, "−(−8 000)" read right."""
    shown = fmt_amount(value or Decimal(0), table.decimals)
    return f"({shown})" if (value or 0) < 0 else shown


def _difference_hint(table, column, first, second, declared, reversed_) -> str:
    """What to do about a difference column that does not match its row; when the row matches
    the other order (costs written with a minus sign), say so: the sign convention is the
    organisation's, positive = överskott."""
    if abs(declared - reversed_) <= table.tolerance:
        return (
            f"Raden stämmer med {second} − {first}: är kostnaderna skrivna med minustecken? Skriv då "
            f"'{column}: [{second}, {first}]' under skillnadskolumner, så att ett överskott blir positivt."
        )
    return (
        f"Rätta beloppen på raden, eller lämna '{column}' tom (null) så räknar docgen ut den. "
        f"Tecknet följer ordningen under skillnadskolumner: [{first}, {second}] ger ett positivt "
        f"tal när {first} är större."
    )


def _share_columns(table, lines, problems) -> None:
    """Each share column (andelskolumner, e.g. Förbrukat = Utfall / Budget) is the part in
    percent of the whole on every line, sums included: computed where left empty, and a
    written one checked against what the rounded figures allow. A whole of zero has no share."""
    index = {column: n for n, column in enumerate(table.columns)}
    for line_ in lines:
        if not line_.values or line_.kind == "outside":
            continue
        declared_values = getattr(line_.source, "values", None) or [None] * len(table.columns)
        for column, (part_column, whole_column) in table.share_columns.items():
            n = index[column]
            part, whole = line_.values[index[part_column]], line_.values[index[whole_column]]
            declared = declared_values[n]
            unknown = next((v for v in (part, whole) if marked(v)), None)
            if unknown is not None:  # a share of an amount the sources lack
                line_.values[n] = declared if declared is not None else _marked_result(unknown, column.lower())
                continue
            if not whole:
                line_.values[n] = None
                if declared is not None:
                    _share_problem(
                        table,
                        line_,
                        n,
                        problems,
                        f"'{column}' går inte att räkna ut när '{whole_column}' är "
                        f"{'0' if whole is not None else 'tom'}.",
                        "Lämna cellen tom (null); den visas –.",
                    )
                continue
            part = part or Decimal(0)
            if declared is None:
                line_.values[n] = (part * PERCENT / whole).quantize(
                    Decimal(1) / (Decimal(10) ** table.decimals), rounding=ROUND_HALF_UP
                )
                continue
            line_.values[n] = declared
            low, high = _share_range(part, whole, table.decimals)
            half = Decimal(5) / (Decimal(10) ** (max(0, -declared.as_tuple().exponent) + 1))
            if declared + half < low or declared - half > high:
                shown = (part * PERCENT / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
                _share_problem(
                    table,
                    line_,
                    n,
                    problems,
                    f"'{column}' är {fmt_amount(declared)} procent men {part_column} "
                    f"{fmt_amount(part, table.decimals)} av {whole_column} {fmt_amount(whole, table.decimals)} "
                    f"är {fmt_amount(shown, 1)} procent.",
                    f"Rätta andelen eller beloppen, eller lämna '{column}' tom (null) så räknar docgen ut den.",
                )


def _share_range(part: Decimal, whole: Decimal, decimals: int) -> tuple[Decimal, Decimal]:
    """The least and greatest share in percent that figures rounded to `decimals` may stand for."""
    half = Decimal(5) / (Decimal(10) ** (decimals + 1))
    corners = [
        p * PERCENT / w
        for p in (part - half, part + half)
        for w in (whole - half, whole + half)
        if w != 0 and (w > 0) == (whole > 0)
    ]
    return min(corners), max(corners)


def _share_problem(table, line_, column: int, problems, message: str, hint: str) -> None:
    file, line = line_.source.where("values", column) if line_.source is not None else (None, None)
    problems.append(Problem(file, line, f"tabellen '{table.caption}', raden '{line_.text}': {message}", hint))


def _check_part(table, whole, row, problems) -> None:
    """A varav row is a part of the row above it: no value beyond that row's (same sign, not larger)."""
    for column, (part, all_) in enumerate(zip(row.values, whole.values)):
        if part is None or all_ is None or marked(part) or marked(all_):
            continue
        if abs(part) > abs(all_) or (part and all_ and (part > 0) != (all_ > 0)):
            file, line = row.where("values", column)
            problems.append(
                Problem(
                    file,
                    line,
                    f"tabellen '{table.caption}', raden '{row.text}' (varav), kolumnen "
                    f"'{table.columns[column]}': {fmt_amount(part, table.decimals)} är mer än raden ovanför, "
                    f"'{whole.text}', {fmt_amount(all_, table.decimals)}.",
                    "En varav-rad är en del av raden ovanför; rätta beloppen eller ta bort 'varav: true'. "
                    "Står ett netto först med 'varav kostnader' och 'varav intäkter' under, skriv kostnaderna "
                    "och intäkterna som rader och nettot som gruppens summa (docs/kallformat.md, "
                    "avvikelse och andel av budget).",
                )
            )


def _check_sum_columns(table, lines, problems) -> bool:
    """Every row's sum column equals the sum of its part columns (within the tolerance);
    True when one differs within it (the figures were rounded one by one)."""
    index = {column: n for n, column in enumerate(table.columns)}
    rounded = False
    for line_ in lines:
        if not line_.values:
            continue
        for total, parts in table.sum_columns.items():
            declared = line_.values[index[total]]
            if marked(declared) or any(marked(line_.values[index[p]]) for p in parts):
                continue  # an amount the sources lack: nothing to check
            expected = sum((line_.values[index[p]] or Decimal(0) for p in parts), Decimal(0))
            rounded |= declared is not None and declared != expected
            if declared is not None and abs(declared - expected) > table.tolerance:
                file, line = (  # the row's figure, not the column's rule
                    line_.source.where("values", index[total])
                    if line_.source is not None
                    else table.where("sum_columns", total)
                )
                terms = " + ".join(_term(line_.values[index[p]], table) for p in parts)
                problems.append(
                    Problem(
                        file,
                        line,
                        f"tabellen '{table.caption}', raden '{line_.text}': "
                        f"'{total}' är {fmt_amount(declared, table.decimals)} men "
                        f"{' + '.join(parts)} ger {fmt_amount(expected, table.decimals)} "
                        f"({terms} = {fmt_amount(expected, table.decimals)}).",
                        "Rätta beloppen på raden." + _rounding_hint(table, declared - expected),
                    )
                )
    return rounded


def _outside_shares(table, total, problems) -> list[TableLine]:
    """Shares of the table's sum (less excluded rows) of an amount outside the table. When
    that amount is not known, the shares are checked against each other: some amount must
    give every declared share after rounding."""
    shares = table.outside_shares
    if total is None or marked(total[0]):  # the sum over an amount the sources lack: shown, not checked
        return [TableLine("outside", share.text, [share.value], share=None) for share in shares.rows]
    rows = {row.text: row for part in table.parts for group in part.groups for row in group.rows}
    low, high = Decimal(0), Decimal("Infinity")
    lines = []
    for share in shares.rows:
        missing = [text for text in share.except_rows if text not in rows]
        if missing:
            file, line = share.where("except_rows")
            problems.append(
                Problem(
                    file,
                    line,
                    f"tabellen '{table.caption}': raden '{missing[0]}' finns inte i tabellen.",
                    "Skriv radens text exakt som i tabellen.",
                )
            )
            continue
        if any(marked(rows[t].values[0]) for t in share.except_rows):  # an amount the sources lack
            lines.append(TableLine("outside", share.text, [share.value], share=None))
            continue
        part = total[0] - sum((rows[t].values[0] or Decimal(0) for t in share.except_rows), Decimal(0))
        decimals = max(0, -share.value.as_tuple().exponent)
        half = Decimal(5) / (Decimal(10) ** (decimals + 1))
        if shares.base.amount is not None:
            computed = (part * PERCENT / shares.base.amount).quantize(
                Decimal(1) / (Decimal(10) ** decimals), rounding=ROUND_HALF_UP
            )
            if computed != share.value:
                file, line = share.where("value")
                problems.append(
                    Problem(
                        file,
                        line,
                        f"tabellen '{table.caption}', '{share.text}': andelen är "
                        f"{fmt_amount(share.value, decimals)} % men {fmt_amount(part)} av "
                        f"{fmt_amount(shares.base.amount)} ger {fmt_amount(computed, decimals)} %.",
                        "Rätta andelen eller beloppen.",
                    )
                )
        else:
            low = max(low, part * PERCENT / (share.value + half))
            high = min(high, part * PERCENT / (share.value - half)) if share.value > half else high
        lines.append(TableLine("outside", share.text, [share.value], share=None))
    if shares.base.amount is None and low >= high:
        file, line = shares.where()
        problems.append(
            Problem(
                file,
                line,
                f"tabellen '{table.caption}': andelarna av {shares.base.text} går inte "
                "ihop; inget belopp ger alla andelarna efter avrundning.",
                "Kontrollera andelarna och raderna under 'utom'.",
            )
        )
    return lines


def _rows_summed_by(part) -> list:
    """The rows a part's total is the sum of, when they are its one group's rows (a controller's
    list of nämnder under "Totalt"): then the hints that name a row (one left empty, a varav row,
    a thousand times too large) apply to the total as to a group's sum."""
    if len(part.groups) != 1 or part.groups[0].total is not None or part.groups[0].subtotal is not None:
        return []
    return [row for row in part.groups[0].rows if not row.part_of]


def _checked(
    sum_row: schema.SumRow, computed: list[Decimal], table, problems, rows=(), shares=frozenset()
) -> list[Decimal]:
    """The values to show for a sum row: the declared ones if they match their parts (`rows`,
    when they are a group's rows, are searched for the one that makes the difference; a share
    column is no sum: _share_columns checks it)."""
    if sum_row.values is None:
        return computed
    if any(v is None for v in sum_row.values):  # an empty cell is computed (e.g. a share of a zero budget)
        sum_row_values = [e if v is None else v for v, e in zip(sum_row.values, computed)]
    else:
        sum_row_values = sum_row.values
    for column, (declared, expected) in enumerate(zip(sum_row_values, computed)):
        if marked(declared) or marked(expected):  # a part or the sum the sources lack: nothing to check
            continue
        if column not in shares and abs(declared - expected) > table.tolerance:
            file, line = sum_row.where("values", column)
            rule = (
                f" (tillåten avvikelse för avrundning: {fmt_amount(table.tolerance, table.decimals)})"
                if table.tolerance
                else ""
            )
            shown = _decimals_apart(declared, expected, table.decimals)
            problems.append(
                Problem(
                    file,
                    line,
                    f"tabellen '{table.caption}', raden '{sum_row.text}', kolumnen '{table.columns[column]}': "
                    f"summan är {fmt_amount(declared, shown)} men delarna ger "
                    f"{fmt_amount(expected, shown)}{_difference(declared - expected, table)}{rule}"
                    f"{_hidden_decimals(table, shown)}.",
                    _suspect_row(rows, column, expected - declared, table) + _sum_hint(table, declared - expected),
                )
            )
    return list(sum_row_values)


def _decimals_apart(declared: Decimal, expected: Decimal, decimals: int) -> int:
    """The fewest decimals, at least the table's, that show a sum and its parts as different
    figures: 1 086,6 and 1 086,6004 with one decimal are both '1 086,6', and a message saying
    'summan är 1 086,6 men delarna ger 1 086,6' leaves the editor nothing to look for."""
    for shown in range(decimals, decimals + 8):
        if fmt_amount(declared, shown) != fmt_amount(expected, shown):
            return shown
    return decimals


def _hidden_decimals(table, shown: int) -> str:
    """Why a sum's message shows more decimals than the table: its figures have more than the
    table shows (an Excel cell's number format hides them; a YAML figure written with more)."""
    if shown == table.decimals:
        return ""
    where = "cellerna i arbetsboken" if table.from_excel is not None else "beloppen i källan"
    return (
        f": {where} har fler decimaler än de {table.decimals} som tabellen visar "
        f"('decimaler: {table.decimals}'), och med alla decimaler går summan inte ihop"
    )


def _difference(difference: Decimal, table) -> str:
    """ " (skillnad 201 798)": how far a declared sum is from its parts, when more than one unit
    of the last decimal (a rounding, for which the hint names `tolerans`)."""
    if abs(difference) <= Decimal(1).scaleb(-table.decimals):
        return ""
    return f" (skillnad {fmt_amount(abs(difference), table.decimals)})"


def _suspect_row(rows, column: int, excess: Decimal, table) -> str:
    """The row that makes a sum's difference, when one does: a row exactly as large as the
    excess (counted but not meant to be: a varav row), or one written a thousand times too
    large or small ("202.000" on a web page is 202 000, while the sum holds 202)."""
    for row in rows:
        value = row.values[column]
        if value is None or not excess:
            continue
        where = _where_written(row, column)
        if value == excess:
            mark = (
                "börja radens text med 'varav' i arbetsboken"
                if table.from_excel is not None
                else "skriv 'varav: true' på den"
            )
            return (
                f"Skillnaden är lika stor som raden '{row.text}' ({where}): räknar underlaget inte med den "
                f"i summan (en del av raden ovanför), {mark}. "
            )
        meant = value - excess
        if meant and (meant * 1000 == value or meant == value * 1000):
            return (
                f"Med {fmt_amount(meant, table.decimals)} i stället för {fmt_amount(value, table.decimals)} på "
                f"raden '{row.text}' ({where}) stämmer summan: är beloppet avskrivet med fel tusental (i underlaget "
                "kanske med punkt eller komma som tusentalstecken)? "
            )
    return _empty_row(rows, column, excess, table)


def _empty_row(rows, column: int, excess: Decimal, table) -> str:
    """The one row left empty (null) in a column whose sum is written: it counts as no amount,
    and the sum says how much it lacks (a report naming only the main causes of a deviation)."""
    empty = [row for row in rows if row.values[column] is None]
    if len(empty) != 1 or not excess:
        return ""
    row = empty[0]
    empty_as = "tom eller har ett streck" if table.from_excel is not None else "tom (null)"
    return (
        f"Raden '{row.text}' ({_where_written(row, column)}) är {empty_as} i kolumnen och räknas som inget "
        f"belopp; med {fmt_amount(-excess, table.decimals)} där stämmer summan. Skriv beloppet om underlaget anger "
        "det, annars '[[ATT UPPDATERA: …]]' i cellen (då kontrolleras inte summan). "
    )


def _where_written(row, column: int) -> str:
    """Where an editor finds a row's figure: "rad 14" of a YAML file, "cell B7" of a workbook
    (whose rows carry the cell in their place, not a line)."""
    place, line = row.where("values", column)
    if line:
        return f"rad {line}"
    if place and ", cell " in place:
        return "cell " + place.rsplit(", cell ", 1)[1]
    return "i källan"


def _sum_hint(table, difference: Decimal) -> str:
    """What to do about a sum that does not add up: in the workbook or in the YAML, and, when
    the difference is one unit of the last decimal shown, that rounded figures need `tolerans`."""
    if table.from_excel is not None:
        hint = (
            "Rätta cellen eller delarna i arbetsboken (en summa som Excel räknar ut med en formel, "
            "t.ex. =SUMMA(C5:C8), stämmer med sina delar) och spara den."
        )
    else:
        hint = "Rätta summan eller delarna; utelämna 'värden' för att låta docgen räkna ut summan."
    return hint + _rounding_hint(table, difference)


def _rounding_hint(table, difference: Decimal) -> str:
    """When a sum is one unit of the last decimal shown from its parts (figures rounded one by one,
    as Helsingborg's 470,1 + 248,6 − 697,0 beside its 21,6), that `tolerans` lets it differ so much."""
    unit = Decimal(1).scaleb(-table.decimals)
    if table.tolerance or abs(difference) > unit:
        return ""
    return (
        f" Är beloppen avrundade (som i en tabell avskriven ur ett tryckt dokument), ange "
        f"'tolerans: {fmt_amount(unit, table.decimals)}' i tabellen: summor får då avvika så mycket."
    )


def _check_balance(table, part_totals, problems):
    first = part_totals[0]
    for p, other in enumerate(part_totals[1:], 1):
        for column, (a, b) in enumerate(zip(first, other)):
            if marked(a) or marked(b):
                continue
            if abs(a - b) > table.tolerance:
                file, line = table.parts[p].where("total")
                problems.append(
                    Problem(
                        file,
                        line,
                        f"tabellen '{table.caption}' balanserar inte i kolumnen '{table.columns[column]}': "
                        f"'{table.parts[0].heading}' är {fmt_amount(a, table.decimals)} men "
                        f"'{table.parts[p].heading}' är {fmt_amount(b, table.decimals)}.",
                        "Delarnas summor ska vara lika (balans: true).",
                    )
                )


PERCENT = Decimal(100)


def share_of(value: Decimal, total: Decimal) -> Decimal:
    """A share in whole percent, rounded half up (the rule for every share docgen computes)."""
    return (value * PERCENT / total).quantize(Decimal(1), rounding=ROUND_HALF_UP) + 0  # + 0: no "-0"


def _compute_shares(table, lines, total, problems):
    if total is not None and marked(total[0]):  # no share of a sum the sources lack
        return
    if total is None or total[0] == 0:
        file, line = table.where("share")
        problems.append(
            Problem(file, line, f"tabellen '{table.caption}': andelar kräver en summa skild från noll.", "")
        )
        return
    rows = [row for part in table.parts for group in part.groups for row in group.rows if not row.part_of]
    by_line = iter(rows)
    for line_ in lines:
        if line_.kind != "row":
            continue
        row = next(by_line)
        if marked(row.values[0]) or row.values[0] is None:  # no amount (a dash, null): no share
            continue
        computed = share_of(row.values[0], total[0])
        if row.share is not None and row.share != computed:
            file, line = row.where("share")
            problems.append(
                Problem(
                    file,
                    line,
                    f"tabellen '{table.caption}', raden '{row.text}': andelen är {fmt_amount(row.share)} % men "
                    f"{fmt_amount(row.values[0], table.decimals)} av {fmt_amount(total[0], table.decimals)} ger "
                    f"{fmt_amount(computed)} % (avrundat till hela procent, halva uppåt).",
                    "Rätta andelen eller utelämna den så räknar docgen ut den.",
                )
            )
        line_.share = computed
    for line_ in lines:
        if line_.kind == "total":
            line_.share = PERCENT


def _check_funding(table, total, problems):
    if total is not None and marked(total[0]):  # a sum the sources lack: nothing to check against
        return
    funded = sum((f.amount for f in table.funding), Decimal(0))
    if total is None or abs(funded - total[0]) > table.tolerance:
        file, line = table.where("funding")
        parts = " + ".join(fmt_amount(f.amount, table.decimals) for f in table.funding)
        problems.append(
            Problem(
                file,
                line,
                f"tabellen '{table.caption}': finansieringen {parts} = {fmt_amount(funded, table.decimals)} "
                f"stämmer inte med summan {fmt_amount(total[0], table.decimals) if total else '(saknas)'}.",
                "Rätta beloppen så att de tillsammans blir tabellens summa.",
            )
        )


# ---------------------------------------------------------------- committees


def _followed_by_committee(src: schema.Sources):
    assignments: dict[str, list[Followed]] = {c.id: [] for c in src.committees}
    follow_ups: dict[str, list[Followed]] = {c.id: [] for c in src.committees}
    for area in src.goal_areas:
        section = f"målområde {area.name}"
        for item in area.assignments:
            for ref in item.followed_by:
                if ref in assignments:
                    assignments[ref].append(Followed(item, section))
        for item in area.other_follow_ups:
            for ref in item.followed_by:
                if ref in follow_ups:
                    follow_ups[ref].append(Followed(item, section))
    for budget in src.ongoing:
        section = f"avsnittet Pågående uppdrag från {budget.budget}"
        for focus in budget.focus_areas:
            for item in focus.assignments:
                for ref in item.followed_by:
                    if ref in assignments:
                        assignments[ref].append(Followed(item, section))
    return assignments, follow_ups


def counts(src: schema.Sources) -> dict[str, int]:
    """What a plan contains, counted from its own sources (never typed): uppdrag (to the
    board, ongoing, numbered), styrtal (sub-indicators included) and annan uppföljning."""
    assignments = sum(len(a.assignments) for a in src.goal_areas)
    assignments += sum(len(f.assignments) for b in src.ongoing for f in b.focus_areas)
    assignments += sum(len(g.assignments) for o in src.objectives for g in o.assignment_groups)
    indicators = sum(len(a.indicators) for a in src.goal_areas)
    indicators += sum(1 + len(i.parts) for o in src.objectives for i in o.indicators)
    other = sum(len(a.other_follow_ups) for a in src.goal_areas)
    return {
        "assignments": assignments,
        "indicators": indicators,
        "other_follow_ups": other,
        "total": assignments + indicators,
    }
