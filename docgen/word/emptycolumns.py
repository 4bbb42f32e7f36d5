"""Columns that are empty in every row are left out of a table.

A plan whose indicators have no values yet (Utfall, Årets målvärde, Långsiktigt målvärde empty
for every indicator) would show a board three empty columns under their headings. Such a column
says nothing, so the table is drawn without it and its width goes to the first column. A column
is left out when no body row has anything in it: no text, no picture, no coloured cell (a
status shown by its colour) and no table inside; a column with one value keeps all its cells.
A column of values (its heading right-aligned, or its cells in the number styles) goes at any
number of rows. A column of text goes when two body rows or more leave it empty: a kallelse's
Föredragande when nobody presents an item at this meeting, its Dnr when no item has one (the
template serves every meeting; the secretary never keeps one template per meeting); its width
goes to the widest column left (the Ärende column, not the item numbers).
The first column is never left out, nor a column whose heading is empty or spans others. A table
with a row that stands in for rows the sources lack (an ATT UPPDATERA marker in its first cell)
is left whole: its columns show what is to be written. When such rows are its only body rows
(a goal whose indicators are not known yet: '[ATT UPPDATERA: målområdets indikatorer och
målvärden; …]' under Indikator, Utfall, Årets målvärde), each of them spans the table: the marker
reads across it, and the columns are sized by their headings (docgen.word.widths measures no
cell spanning columns), not by a marker that would hold the first column wide and make the
value columns' headings wrap.
"""

from __future__ import annotations

from lxml import etree

from docgen.word.tablefacts import Facts

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
_TBL, _TR, _TC = (f"{{{W}}}{t}" for t in ("tbl", "tr", "tc"))
_MERGED = etree.XPath("boolean(w:tr/w:tc/w:tcPr/w:vMerge)", namespaces=NS)
_FILL = etree.XPath("string(w:tcPr/w:shd/@w:fill)", namespaces=NS)
_CONTENT = etree.XPath("boolean(.//w:drawing or .//w:pict or .//w:object or .//w:tbl)", namespaces=NS)
_WIDTH = etree.XPath("w:tcPr/w:tcW", namespaces=NS)
WHITE = {"", "AUTO", "FFFFFF"}
MARKER = "ATT UPPDATERA"
TEXT_ROWS = 2  # a column of text left empty by this many body rows says nothing (one row may be a form's)
VALUE_HEADINGS = {"TabellrubrikHoger", "Tabellrubrikhogerliten"}  # right-aligned column headings
VALUE_STYLES = {"Tabelltal", "Tabelltalliten", "Summaradtal", "Summaradtalliten"}  # right-aligned values
_STYLES = etree.XPath(".//w:p/w:pPr/w:pStyle/@w:val", namespaces=NS)

# Every table of the body is looked at, and nearly all keep every column: its rows, cells, spans
# and texts are read once for all the finishing passes (docgen.word.tablefacts, one walk of the
# table), and the cheapest test that rules a column out (a body cell with text) comes first.
_SPAN = etree.XPath("w:tcPr/w:gridSpan/@w:val", namespaces=NS)


def _span(value: str | None) -> int:
    """The columns a cell spans, from its first w:tcPr/w:gridSpan/@w:val (None: none)."""
    try:
        return max(1, int(value)) if value is not None else 1
    except ValueError:
        return 1


def _placed(row) -> list[tuple[int, int, object]]:
    """The row's cells as (first grid column, columns spanned, cell)."""
    placed, at = [], 0
    for cell in row.iterchildren(_TC):
        found = _SPAN(cell)
        span = _span(found[0] if found else None)
        placed.append((at, span, cell))
        at += span
    return placed


def _placed_rows(rows: list) -> list[list[tuple[int, int, object]]]:
    """Each row's cells (tablefacts.Row) as (first grid column, columns spanned, tablefacts.Cell)."""
    placed_rows = []
    for row in rows:
        placed, at = [], 0
        for cell in row.cells:
            span = _span(cell.span)
            placed.append((at, span, cell))
            at += span
        placed_rows.append(placed)
    return placed_rows


def _by_column(placed) -> list[tuple[int, int, object]]:
    """The row's cells (_placed) by grid column: the cell covering each column."""
    return [entry for entry in placed for _ in range(entry[1])]


def _empty(cell) -> bool:
    """Nothing a reader sees (a tablefacts.Cell): no text, picture or table, and no colour of its own."""
    if cell.text.strip():
        return False
    return _FILL(cell.element).upper() in WHITE and not _CONTENT(cell.element)


def drop_empty_columns(root, facts: Facts | None = None) -> None:
    """Leave out of every table of the body the columns that are empty in every body row.
    `facts`: the tables as read once for this and the later finishing passes; a table that
    loses a column is forgotten there."""
    facts = facts or Facts()
    body = root.find("w:body", NS)
    for table in list(body.iterchildren(_TBL)):
        if _drop_in(table, facts) or _span_stand_ins(table, facts):
            facts.forget(table)


def _header_rows(rows) -> int:
    """How many header rows open the table (tablefacts.Row); 0 when it has no header row, no
    body row, or a header row among its body rows (left as the template has it)."""
    flags = [row.header for row in rows]
    count = flags.index(False) if False in flags else len(flags)
    return 0 if count == len(rows) or any(flags[count:]) else count


def _droppable(table, facts: Facts, columns: int) -> list[tuple[int, bool]]:
    """The grid columns of the table that may be left out (see the module's docstring), each
    with whether it is a column of values."""
    rows = facts.table(table).rows
    count = _header_rows(rows)
    if not count:
        return []
    cells = _placed_rows(rows)
    if any(sum(span for _at, span, _cell in placed) != columns for placed in cells):
        return []  # a row shorter or longer than the grid: left as the template has it
    by_column = [_by_column(placed) for placed in cells]
    found = []
    for column in range(1, columns):
        covering = [row[column] for row in by_column]
        own = [cell for _at, span, cell in covering[count:] if span == 1]
        if not own or not all(_empty(cell) for cell in own):
            continue
        heading = covering[:count]
        if any(span != 1 or not cell.text.strip() for _at, span, cell in heading):
            continue
        values = _of_values(heading[-1][2].element, [cell.element for cell in own])
        if values or len(own) >= TEXT_ROWS:
            found.append((column, values))
    if found and any(MARKER in placed[0][2].text for placed in cells[count:] if placed):
        return []  # a stand-in row: the table's columns say what to write
    return found


def _span_stand_ins(table, facts: Facts) -> bool:
    """Let each body row span the table when every body row only stands in for rows the
    sources lack (an ATT UPPDATERA marker in its first cell, nothing in the others); whether
    it did (see the module's docstring)."""
    rows = facts.table(table).rows
    count = _header_rows(rows)
    if not count or not _only_stand_ins(rows[count:]):
        return False  # nearly every table: told by the walk's texts, before any query of the table
    grid = table.find("w:tblGrid", NS)
    if grid is None or _MERGED(table):
        return False
    sizes = [int(col.get(f"{{{W}}}w", "0") or 0) for col in grid.findall("w:gridCol", NS)]
    if len(sizes) < 2:
        return False
    body = _placed_rows(rows)[count:]
    for placed in body:
        if len(placed) != len(sizes) or any(span != 1 for _at, span, _cell in placed):
            return False
        first, *others = (cell for _at, _span, cell in placed)
        if MARKER not in first.text or not all(_empty(cell) for cell in others):
            return False
    for placed in body:
        first, *others = (cell for _at, _span, cell in placed)
        for cell in others:
            cell.element.getparent().remove(cell.element)
        _spread(first.element, len(sizes), sum(sizes))
    return True


def _only_stand_ins(body_rows) -> bool:
    """Whether each body row (tablefacts.Row) has an ATT UPPDATERA marker in its first cell."""
    return all(row.cells and MARKER in row.cells[0].text for row in body_rows)


def _spread(cell, columns: int, width: int) -> None:
    """Let the cell span `columns` grid columns, `width` twips wide."""
    properties = cell.find("w:tcPr", NS)
    if properties is None:
        properties = etree.SubElement(cell, f"{{{W}}}tcPr")
        cell.insert(0, properties)
    for found in _WIDTH(cell):
        if found.get(f"{{{W}}}type") in (None, "dxa"):
            found.set(f"{{{W}}}w", str(width))
    span = properties.find("w:gridSpan", NS)
    if span is None:
        span = etree.Element(f"{{{W}}}gridSpan")
        at = properties.find("w:tcW", NS)
        properties.insert(properties.index(at) + 1 if at is not None else 0, span)
    span.set(f"{{{W}}}val", str(columns))


def _of_values(heading, cells) -> bool:
    """A column of values: its heading right-aligned, or every styled paragraph of its cells in
    a number style."""
    if set(_STYLES(heading)) & VALUE_HEADINGS:
        return True
    styles = {style for cell in cells for style in _STYLES(cell)}
    return bool(styles) and styles <= VALUE_STYLES


def _drop_in(table, facts: Facts) -> bool:
    """Leave out the table's empty columns; whether any was."""
    grid = table.find("w:tblGrid", NS)
    if grid is None:
        return False
    widths = grid.findall("w:gridCol", NS)
    droppable = _droppable(table, facts, len(widths))
    if not droppable or _MERGED(table):
        return False
    rows = list(table.iterchildren(_TR))
    dropped = [column for column, _values in droppable]
    sizes = [int(col.get(f"{{{W}}}w", "0") or 0) for col in widths]
    freed = sum(sizes[c] for c in dropped)
    for row in rows:
        for at, span, cell in _placed(row):
            inside = [c for c in dropped if at <= c < at + span]
            if not inside:
                continue
            if span == len(inside):
                row.remove(cell)
            else:
                _set_span(cell, span - len(inside))
    for column in reversed(dropped):
        grid.remove(widths[column])
    kept = [size for n, size in enumerate(sizes) if n not in dropped]
    # a column of values' width to the first (the labels); a column of text's to the widest (an agenda's Ärende)
    taker = 0 if all(values for _column, values in droppable) else kept.index(max(kept))
    kept[taker] += freed
    grid.findall("w:gridCol", NS)[taker].set(f"{{{W}}}w", str(kept[taker]))
    for row in rows:
        for at, span, cell in _placed(row):
            for width in _WIDTH(cell):
                if width.get(f"{{{W}}}type") in (None, "dxa"):
                    width.set(f"{{{W}}}w", str(sum(kept[at : at + span])))
    return True


def _set_span(cell, span: int) -> None:
    properties = cell.find("w:tcPr", NS)
    found = properties.find("w:gridSpan", NS)
    if span == 1:
        properties.remove(found)
    else:
        found.set(f"{{{W}}}val", str(span))
