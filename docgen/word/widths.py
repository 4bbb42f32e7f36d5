"""Column widths from content, for every table of a document (engine and template tables).

The longest word and the widest number of a column set its minimum width, so that no word
is broken inside (Swedish hyphenation, on in the document settings, takes care of a word
that still does not fit). A column of numbers is as wide as its widest number or header
word needs; the text column takes the rest. A template table whose columns all fit keeps
the widths its editor gave it, apart from its number columns. A single column of short labels
beside counts or amounts keeps each label on one line where the number columns have room to
give (their headings then run onto two lines), and tables of the same shape keep in line.
"""

from __future__ import annotations

import re

from lxml import etree

from docgen.word.newelements import new_element
from docgen.word.tablefacts import Facts
from docgen.word.textsearch import texts_holding
from docgen.word.textwidth import CELL_PADDING, lines, longest_word, width

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
TABLE_SIZE = 19  # half points: the table styles' text
SMALL_SIZES = {  # bred_tabell: mindre_text
    "Tabelltextliten": 16,
    "Tabelltalliten": 16,
    "Tabellrubrikliten": 16,
    "Tabellrubrikhogerliten": 16,
    "Tabellrubrikmittliten": 16,
    "Summaradliten": 16,
    "Summaradtalliten": 16,
    "Gruppradliten": 16,
    "Mellanrubrikradliten": 16,
}
BOLD_STYLES = {
    "Tabellrubrik",
    "TabellrubrikHoger",
    "TabellrubrikMitt",
    "Summarad",
    "Summaradtal",
    "Grupprad",
    "Mellanrubrikrad",
    "Summaradliten",
    "Summaradtalliten",
    "Gruppradliten",
    "Mellanrubrikradliten",
    "Tabellrubrikliten",
    "Tabellrubrikhogerliten",
    "Tabellrubrikmittliten",
}
NUMERIC = re.compile(r"^[\s\u00a0]*[−\-–+<>≥≤]?[\d\s\u00a0,.%–−)*]*[\s\u00a0]*$")
MIN_NUMBER_WIDTH = 900  # twips: a column of numbers never narrower than this
STATUS_WORDS = 6  # words: a filled cell this short holds a status, never hyphenated
SHORT_VALUE = 3  # words: a column whose every value is this short holds values, not prose (tests/layout.py)
VALUE_STYLES = {"Tabelltal", "Summaradtal", "Tabelltalliten", "Summaradtalliten"}  # right-aligned values
VALUE_LINE_WIDTH = 2700  # twips: a column of short values ("minst 1,5 procent") kept on one line up to this
NUMBER_HEADER_WIDTH = 1450  # twips: a number column may widen to this to keep its heading on one line
EMPTY_COLUMN_WEIGHT = 600  # twips: what a text column without text counts as when words cannot all fit
FILE_NAME_ENDINGS = (".docx", ".md")  # a paragraph naming such a file is not hyphenated
LABEL_LINE_WIDTH = 4000  # twips: a table's one label column kept on one line up to this, if numbers give room
MARKER = "ATT UPPDATERA"  # a marker standing in for a value the sources lack
KEPT_MARKER = "ATT\u00a0UPPDATERA"  # a marker's label measured as one word, never parted in a cell
MARKER_STEP = 100  # twips: the widths tried for a column of values holding a marker


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


_TBL = f"{{{W}}}tbl"


_GRID_COLUMNS = etree.XPath("count(w:tblGrid/w:gridCol)", namespaces=NS)
_GRID_WIDTHS = etree.XPath("w:tblGrid/w:gridCol/@w:w", namespaces=NS, smart_strings=False)


def _grid(table) -> list[int] | None:
    """The widths of the table's grid columns; None when one has none, or none that is a number.
    (Read as strings by two queries: no Python object made for each column.)"""
    widths = _GRID_WIDTHS(table)
    if len(widths) != _GRID_COLUMNS(table):
        return None  # a column without a width
    try:
        return [int(width) for width in widths] or None
    except ValueError:
        return None


def _layout(table, facts: Facts | None = None) -> list[tuple[bool, list]]:
    """Each row as (is header row, [(cell, first grid column, columns spanned)]), the cells
    as docgen.word.tablefacts read them: for measuring and for setting the widths."""
    rows = []
    for row in (facts or Facts()).table(table).rows:
        column, cells = 0, []
        for cell in row.cells:
            span = int(cell.span) if cell.span is not None else 1
            cells.append((cell, column, span))
            column += span
        rows.append((row.header, cells))
    return rows


def _cells_by_column(layout, columns: int):
    """(column, cell, is header row) of every cell that spans one grid column."""
    for header, cells in layout:
        for cell, column, span in cells:
            if span == 1 and column < columns:
                yield column, cell, header


def _size(style: str | None) -> int:
    return SMALL_SIZES.get(style, TABLE_SIZE)


def fit_columns(root, facts: Facts | None = None) -> None:
    """`facts`: the tables as read once for this and the later finishing passes (pagination)."""
    facts = facts or Facts()
    labelled = []  # tables whose label column widened to keep its labels on one line
    headed = {}  # tables whose number columns widened for their headings: their widths without
    for table in root.iter(_TBL):
        if sum(1 for _ in table.iter(_TBL)) == 1:  # a table holding tables keeps its widths
            widened: list = []
            if _fit(table, facts, widened):
                labelled.append(table)
            if widened:
                headed[table] = widened[0]
    if headed:
        _headings_alike(root, headed, facts)
    if labelled:
        _alike(root, labelled, facts)


def _headings_alike(root, headed: dict, facts: Facts) -> None:
    """A table whose number columns widened for their headings (_headings_in_fewer_lines)
    keeps the widths it would have had when it stood in line with another table of the
    document with the same heading rows that could not widen: Enköping's two goal tables, one
    under the other, stay in line rather than one of them taking 120 twips for "Årets
    målvärde"."""
    plains = {tuple(plain) for plain in headed.values()}
    unwidened: dict = {}
    for table in root.iter(_TBL):  # only a table of those widths is read for its heading rows
        grid = _grid(table)
        if grid and tuple(grid) in plains and table not in headed:
            unwidened.setdefault(_heading_texts(table, facts), []).append(grid)
    for table, plain in headed.items():
        if plain in unwidened.get(_heading_texts(table, facts), []):
            _apply(table, plain, _layout(table, facts))


def _alike(root, labelled: list, facts: Facts) -> None:
    """Tables with the same heading rows and width as a table whose label column widened (one
    table per region, one under the other) take the widest label column of them all, so that
    their columns still line up; not when a word or number of one of them would not fit."""
    groups: dict = {}
    for table in root.iter(_TBL):
        grid, heading = _grid(table), _heading_texts(table, facts)
        if grid and heading:
            groups.setdefault((heading, len(grid), sum(grid)), []).append((table, grid))
    for members in groups.values():
        if len(members) < 2 or not any(table in labelled for table, _grid in members):
            continue
        widest = max((grid for _table, grid in members), key=lambda grid: (grid[0], grid))
        if all(_holds(table, widest, facts) for table, _grid in members):
            for table, grid in members:
                if grid != widest:
                    _apply(table, widest, _layout(table, facts))


def _heading_texts(table, facts: Facts) -> tuple:
    return tuple(row.text for row in facts.table(table).rows if row.header)


def _holds(table, widths: list[int], facts: Facts) -> bool:
    """Whether every word and number of the table fits the widths."""
    minimum, widest_number, numeric, has_body, *_rest = _measure(_layout(table, facts), len(widths))
    needs = zip(minimum, widest_number, numeric, has_body)
    return all(w >= max(m, n, MIN_NUMBER_WIDTH if num and body else 0) for w, (m, n, num, body) in zip(widths, needs))


def _measure(layout, n: int):
    """Per column (of the table's `layout`): the longest word, the widest number, whether it
    holds numbers only, whether it has a body cell, its header on one line, its widest line of
    values and of body text (twips), and whether a body paragraph of it has more than
    SHORT_VALUE words (prose, not values: _short_columns, _whole_labels). One walk of the cells
    for all of these: each added table's cells are the passes' cost per added goal area."""
    minimum = [0] * n
    widest_number = [0] * n
    numeric = [True] * n
    has_body = [False] * n
    header_line = [0] * n
    value_line = [0] * n  # widest body line of a column whose body is values only (0: not one)
    body_line = [0] * n  # widest body text of the column on one line
    wordy = [False] * n
    for column, cell, header in _cells_by_column(layout, n):
        for style, text, has_bold in cell.paragraphs:
            if not header and not wordy[column] and len(text.split()) > SHORT_VALUE:
                wordy[column] = True
            text = text.strip()
            if not text:
                continue
            bold = header or style in BOLD_STYLES or has_bold
            size = _size(style)
            marked = MARKER in text
            if marked:  # set bold, its label one word (docgen.word.markers.unhyphenated_markers)
                text, bold = text.replace(MARKER, KEPT_MARKER), True
            minimum[column] = max(minimum[column], longest_word(text, size, bold) + CELL_PADDING)
            line = width(text, size, bold) + CELL_PADDING
            if header:
                header_line[column] = max(header_line[column], line)
            else:
                has_body[column] = True
                # a marker is no value to keep on one line: its words are (_markers_in_fewer_lines widens)
                need = longest_word(text, size, bold) + CELL_PADDING if marked and style in VALUE_STYLES else line
                body_line[column] = max(body_line[column], need)
                if value_line[column] >= 0:
                    value_line[column] = max(value_line[column], need) if style in VALUE_STYLES else -1
                if NUMERIC.match(text):
                    widest_number[column] = max(widest_number[column], line)
                else:
                    numeric[column] = False
    return minimum, widest_number, numeric, has_body, header_line, value_line, body_line, wordy


def too_wide(table) -> bool:
    """Whether the columns' minimum widths (longest word, widest number) exceed the table's width."""
    grid = _grid(table)
    if not grid:
        return False
    minimum, widest_number, numeric, has_body, *_rest = _measure(_layout(table), len(grid))
    return sum(
        max(m, w, MIN_NUMBER_WIDTH if num and body else 0)
        for m, w, num, body in zip(minimum, widest_number, numeric, has_body)
    ) > sum(grid)


def _fit(table, facts: Facts, widened: list | None = None, headings: bool = True) -> bool:
    """Fit the columns to their content; whether the label column widened (_label_on_one_line).
    `widened` gets True when number columns widened for their headings (unless not `headings`)."""
    grid = _grid(table)
    if not grid or len(grid) < 2:
        return False
    n = len(grid)
    layout = _layout(table, facts)
    minimum, widest_number, numeric, has_body, header_line, value_line, body_line, wordy = _measure(layout, n)
    number_columns = [c for c in range(n) if numeric[c] and has_body[c]]
    text_columns = [c for c in range(n) if c not in number_columns]
    if not text_columns:
        return False
    total = sum(grid)
    widths = list(grid)
    for c in number_columns:  # a column of numbers: as wide as its content needs
        widths[c] = max(minimum[c], widest_number[c], MIN_NUMBER_WIDTH, min(header_line[c], NUMBER_HEADER_WIDTH))
    if number_columns:
        same = max(widths[c] for c in number_columns)  # number columns alike, if the text column keeps room
        if total - same * len(number_columns) >= sum(max(minimum[c], 1600) for c in text_columns):
            for c in number_columns:
                widths[c] = same
    for c in text_columns:
        widths[c] = max(widths[c], minimum[c])
    _values_on_one_line(widths, text_columns, minimum, value_line, total)
    rest = _share_out(widths, text_columns, header_line, body_line, total - sum(widths))
    # the widest text column takes the rest (or gives what the others need)
    order = sorted(text_columns, key=lambda c: -widths[c])
    for c in order:
        if rest == 0:
            break
        change = rest if rest > 0 else -min(-rest, widths[c] - minimum[c])
        widths[c] += change
        rest -= change
    floors = {c: max(minimum[c], widest_number[c], MIN_NUMBER_WIDTH) for c in number_columns}
    labelled = _label_on_one_line(widths, text_columns, number_columns, floors, body_line, total, value_line)
    if sum(widths) > total:
        _words_cannot_fit(widths, text_columns, minimum, header_line, body_line, total)
    else:
        short = _short_columns(wordy)
        _idle_to_wrapping(widths, text_columns, header_line, body_line, value_line, short)
        _short_values_on_one_line(widths, layout, text_columns, minimum, body_line, short)
    if sum(widths) == total:
        plain = list(widths)  # as it would be without widening for headings
        if headings and _headings_in_fewer_lines(widths, layout, text_columns, number_columns, header_line, body_line):
            if widened is not None:
                widened.append(plain if plain != grid else grid)
        _markers_in_fewer_lines(widths, layout, text_columns, minimum, value_line)
    applied = widths != grid and sum(widths) == total  # else: fits as it was, or the numbers alone
    _whole_labels(layout, number_columns, widths if applied else grid, minimum, wordy)  # do not fit
    if not applied:
        return False  # hyphenation does the rest
    _apply(table, widths, layout)
    return labelled


def _whole_labels(layout, number_columns: list, widths: list[int], minimum: list[int], wordy: list[bool]) -> None:
    """The labels beside number columns (the first column: a nämnd, a row of a budget) and the
    values of a column of short values ('Årligen', a marker '[ATT UPPDATERA: risken]') are not
    hyphenated when their longest word fits the column: 'Teknik- och fritidsnäm-' / 'nden' in a
    column that holds 'fritidsnämnden' whole (LibreOffice hyphenates to fill a line). Prose in
    a cell keeps its hyphenation (`wordy`: _measure's columns of prose)."""
    cells: dict[int, list] = {}
    for column, cell, header in _cells_by_column(layout, len(widths)):
        if not header and cell.element is not None and column not in number_columns:
            cells.setdefault(column, []).append(cell)
    for column, found in cells.items():
        if widths[column] < minimum[column]:
            continue
        label = column == 0 and number_columns
        if label or not wordy[column] or _status_words(found):
            for cell in found:
                for properties in _own_properties(cell):
                    _suppress_hyphens(properties)


def _own_properties(cell) -> list:
    """The w:pPr of each of the cell's (tablefacts.Cell) own paragraphs, made where one has none:
    where the walk found each one's style element (tablefacts.Cell.keeps), its parent."""
    keeps = cell.keeps
    if keeps is not None and all(paragraph[3] is not None for paragraph in keeps):
        return [paragraph[3].getparent() for paragraph in keeps]
    return [paragraph_properties(paragraph) for paragraph in cell.element.iterchildren(_P)]


def _status_words(cells) -> bool:
    """A column of status words: every cell filled with its colour and its words a status's few
    ('Uppfyllelse 90 procent eller lägre' was hyphenated 'el-' / 'ler' in a narrow column)."""
    return all(
        _filled(cell.element) and all(len(text.split()) <= STATUS_WORDS for _style, text, _bold in cell.paragraphs)
        for cell in cells
    )


_SHADING = etree.XPath("(w:tcPr/w:shd)[1]", namespaces=NS)  # find()'s, by a compiled query


def _filled(cell) -> bool:
    shading = next(iter(_SHADING(cell)), None)
    return shading is not None and shading.get(_w("fill"), "auto") not in ("auto", "FFFFFF")


def _short_columns(wordy: list[bool]) -> set[int]:
    """Columns whose every body text is a few words (a dnr, a name, 'kl. 09.00–09.10'), whatever
    their style: values, not prose (_measure's `wordy`). Not the first column: its few words are
    the rows' labels."""
    return {column for column in range(1, len(wordy)) if not wordy[column]}


def _idle_to_wrapping(widths, text_columns, header_line, body_line, value_line, short=frozenset()) -> None:
    """Room a text column does not use (wider than its texts and heading on one line) goes to a
    heading that wraps, when the whole heading then fits on one line (a plan's goal with one short
    indicator: the label column kept the template's width while "Utfall, senast kända värde" broke
    over two lines beside it); and room a column of short values does not use goes to the labels
    that wrap (a status table's "Utfall" 2 cm wider than "18 078 st" while the indicators beside
    it broke over two lines; an agenda's Dnr, Föredragande and Tid, set wider by hand than their
    values, while the Ärende titles beside them broke over five lines). Prose in another column is
    not widened at the label's cost."""

    def spare(c) -> int:
        return widths[c] - max(body_line[c], header_line[c])

    def give(to: int, amount: int, donors: list) -> None:
        for donor in sorted(donors, key=lambda d: -spare(d)):
            take = min(max(spare(donor), 0), amount)
            widths[donor] -= take
            widths[to] += take
            amount -= take

    for c in sorted(text_columns, key=lambda c: header_line[c] - widths[c]):
        missing = header_line[c] - widths[c]
        donors = [d for d in text_columns if d != c and spare(d) > 0]
        if missing > 0 and sum(spare(d) for d in donors) >= missing:
            give(c, missing, donors)
    values = [c for c in text_columns if value_line[c] > 0 or c in short]
    wrapping = [c for c in text_columns if c not in values and body_line[c] > widths[c]]
    if wrapping:
        label = max(wrapping, key=lambda c: widths[c])
        give(label, body_line[label] - widths[label], [d for d in values if spare(d) > 0])


def _short_values_on_one_line(widths, layout, text_columns, minimum, body_line, short) -> None:
    """A column of short values set narrower than its values (a dnr, a date, 'kl. 09.00–09.10'
    over two lines) widens to keep each on one line, up to VALUE_LINE_WIDTH, taking from the
    widest other text column (down to its longest word and 1600 twips), when the table's rows
    then take no more lines: over-wide columns of values give their room (_idle_to_wrapping),
    too narrow ones now take what they need."""
    for c in sorted(short & set(text_columns), key=lambda c: body_line[c] - widths[c]):
        wanted = min(body_line[c], VALUE_LINE_WIDTH) - widths[c]
        others = [o for o in text_columns if o != c and o not in short]
        if wanted <= 0 or not others:
            continue
        donor = max(others, key=lambda o: widths[o])
        grow = min(wanted, widths[donor] - max(minimum[donor], 1600))
        if grow <= 0:
            continue
        tried = list(widths)
        tried[c] += grow
        tried[donor] -= grow
        if _body_lines(layout, tried) <= _body_lines(layout, widths):
            widths[:] = tried


def _words_cannot_fit(widths, text_columns, minimum, header_line, body_line, total) -> None:
    """A table whose longest words do not all fit its width (an internkontrollplan of eleven
    columns, even on a landscape page): the number columns keep what their numbers need; each
    text column keeps its heading's word whole where the room allows (headings are not
    hyphenated: "Frekvens" would break as "Frekve-ns") and the text columns share the rest in
    proportion to their longest words, a column of longer texts counting up to twice its
    longest word (its rows would otherwise run over many lines); hyphenation breaks the words.
    Instead of the table keeping widths that give a one-digit column as much as a column of
    long texts."""
    room = total - sum(w for c, w in enumerate(widths) if c not in text_columns)
    weight = {c: max(minimum[c], min(body_line[c], 2 * minimum[c]), EMPTY_COLUMN_WEIGHT) for c in text_columns}
    if room < EMPTY_COLUMN_WEIGHT * len(text_columns):
        return
    for c in text_columns:
        widths[c] = weight[c] * room // sum(weight.values())
    floor = {c: min(header_line[c], minimum[c]) for c in text_columns}  # a one-word heading on one line
    short = {c: floor[c] - widths[c] for c in text_columns if widths[c] < floor[c]}
    spare = {c: widths[c] - floor[c] for c in text_columns if c not in short}
    if short and sum(spare.values()) >= sum(short.values()):
        for c, missing in short.items():
            widths[c] += missing
        for c, above in spare.items():
            widths[c] -= above * sum(short.values()) // sum(spare.values())
    widths[max(text_columns, key=lambda c: weight[c])] += total - sum(widths)


def _share_out(widths, text_columns, header_line, body_line, rest: int) -> int:
    """Room left over first brings onto one line the text columns it can, the nearest first
    ("39 % (nationellt mål 80 %)" in a column of short values), then goes to the widest column
    whose texts still wrap: a column of short texts is not given a third of the page while the
    labels beside it break over four lines. What is left (every text on one line) is returned
    for the widest column, as before."""
    if rest <= 0 or len(text_columns) < 2:
        return rest
    need = {c: max(body_line[c], header_line[c]) for c in text_columns}
    for c in sorted(text_columns, key=lambda c: need[c] - widths[c]):
        if 0 < need[c] - widths[c] <= rest:
            rest -= need[c] - widths[c]
            widths[c] = need[c]
    wrapping = [c for c in text_columns if need[c] > widths[c]]
    if wrapping and rest > 0:
        widths[max(wrapping, key=lambda c: widths[c])] += rest
        rest = 0
    return rest


def _values_on_one_line(widths, text_columns, minimum, value_line, total) -> None:
    """A text column of short right-aligned values (a target such as "oförändrad 21,56 kronor")
    widens to keep each value on one line, up to VALUE_LINE_WIDTH, while the widest other text
    column keeps room for its longest word and 1600 twips."""
    others = [c for c in text_columns if value_line[c] <= 0]
    if not others:
        return
    for c in text_columns:
        wanted = min(value_line[c], VALUE_LINE_WIDTH)
        if value_line[c] <= 0 or wanted <= widths[c]:
            continue
        widest = max(others, key=lambda o: widths[o])
        room = widths[widest] - max(minimum[widest], 1600)
        grow = min(wanted - widths[c], room)
        if grow > 0:
            widths[c] += grow
            widths[widest] -= grow


def _headings(layout, n: int) -> dict[int, list]:
    """Each column's heading paragraphs (heading rows' cells of one column) as (size, text)."""
    found: dict[int, list] = {}
    for column, cell, header in _cells_by_column(layout, n):
        if header:
            found.setdefault(column, []).extend(
                (_size(style), text.strip()) for style, text, _bold in cell.paragraphs if text.strip()
            )
    return found


def _heading_lines(heading: list, room: int) -> int:
    """The lines a column's heading takes at `room` twips: its tallest paragraph, bold and not
    hyphenated (headings are not); one where the paragraph's measured width fits."""
    return max(
        (
            1 if width(text, size, True) + CELL_PADDING <= room else lines(text, room - CELL_PADDING, size, True, False)
            for size, text in heading
        ),
        default=0,
    )


def _headings_in_fewer_lines(widths, layout, text_columns, number_columns, header_line, body_line) -> bool:
    """A number column whose heading wraps ("Kostnad, mnkr" over two lines in a column kept at
    NUMBER_HEADER_WIDTH beside a label column with room to spare: Tidaholm's kostnader) widens
    to the narrowest width at which its heading takes the fewest lines the text columns' slack
    allows: one line where it can, else fewer than before. A text column gives only the room
    its body texts and heading, each on one line, leave (so none of its rows wraps more); a
    column whose texts wrap anyway gives nothing, so that the tables of a document that look
    alike keep in line. Number columns alike widen alike; a row of three or more alike (years,
    counts per status) only together, so that they stay alike. Whether any widened."""
    slack = {d: widths[d] - max(body_line[d], header_line[d]) for d in text_columns}
    if all(header_line[c] <= widths[c] for c in number_columns) or sum(max(r, 0) for r in slack.values()) <= 0:
        return False  # every heading on one line, or no room to give: the cells are not walked again
    headings = _headings(layout, len(widths))
    wrapping = [c for c in number_columns if _heading_lines(headings.get(c, []), widths[c]) > 1]
    if not wrapping:
        return False
    alike = len(number_columns) > 1 and len({widths[c] for c in number_columns}) == 1
    groups = [(wrapping, number_columns)] if alike else []  # (headings to bring up, columns widened)
    if not alike or len(number_columns) < 3:
        groups += [([c], [c]) for c in sorted(wrapping, key=lambda c: -_heading_lines(headings[c], widths[c]))]
    before = list(widths)
    for group, widened in groups:
        now = max(_heading_lines(headings[c], widths[c]) for c in group)
        for fewer in range(1, now):
            wanted = [
                header_line[c] if fewer == 1 else _narrowest(headings[c], widths[c], sum(widths), fewer) for c in group
            ]
            if None not in wanted and _take_for(widths, slack, widened, max(wanted)):
                break
    return widths != before


def _narrowest(heading: list, low: int, high: int, count: int) -> int | None:
    """The narrowest width between `low` and `high` twips at which the heading takes `count`
    lines or fewer; None when even `high` is too narrow."""
    if _heading_lines(heading, high) > count:
        return None
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (low, middle) if _heading_lines(heading, middle) <= count else (middle, high)
    return high


def _take_for(widths, slack: dict, group: list, wanted: int) -> bool:
    """Widen each column of `group` to `wanted` twips, taken from the text columns' `slack`
    (the most first), when it holds enough; whether it did."""
    need = sum(max(wanted - widths[c], 0) for c in group)
    if need <= 0 or sum(max(room, 0) for room in slack.values()) < need:
        return False
    for c in group:
        widths[c] = max(wanted, widths[c])
    for donor in sorted(slack, key=lambda d: -slack[d]):
        take = max(min(need, slack[donor]), 0)
        widths[donor] -= take
        slack[donor] -= take
        need -= take
    return True


def _markers_in_fewer_lines(widths, layout, text_columns, minimum, value_line) -> None:
    """A column of short values holding a marker for a value the sources lack ("[ATT
    UPPDATERA: målvärdet för skuldsättningen står inte i underlaget]" under Årets målvärde)
    widens, taking from the widest other text column (down to its longest word and 1600
    twips), to the width at which the table's rows take the fewest lines: the marker ran over
    four right-aligned lines in a column kept for "minst 2 %" while the indicator beside it
    had room. Where widening would make other rows taller than it makes the marker's shorter
    (a status table whose labels wrap already), the widths stay."""
    marked = {
        column for column, cell, header in _cells_by_column(layout, len(widths)) if not header and MARKER in cell.text
    }
    holding = [c for c in text_columns if value_line[c] > 0 and c in marked]
    for c in holding:
        others = [o for o in text_columns if o != c]
        if not others:
            return
        donor = max(others, key=lambda o: widths[o])
        floor = max(minimum[donor], 1600)
        best, fewest = widths[c], (_body_lines(layout, widths), _body_lines(layout, widths, c))
        for grow in range(MARKER_STEP, max(widths[donor] - floor, 0) + 1, MARKER_STEP):
            tried = list(widths)
            tried[c] += grow
            tried[donor] -= grow
            count = (_body_lines(layout, tried), _body_lines(layout, tried, c))  # as tall, the marker shorter
            if count < fewest:
                best, fewest = tried[c], count
        widths[donor] -= best - widths[c]
        widths[c] = best


def _body_lines(layout, widths, only: int | None = None) -> int:
    """The lines the table's body rows take at these column widths (each row as tall as its
    tallest cell; lines estimated as textwidth.lines lays them out); with `only`, the lines of
    that column's cells."""
    total = 0
    for header, cells in layout:
        if header:
            continue
        tallest = 0
        for cell, column, span in cells:
            if only is not None and column != only:
                continue
            room = sum(widths[column : column + span]) - CELL_PADDING
            tall = sum(_lines(text.strip(), room, style, bold) for style, text, bold in cell.paragraphs if text.strip())
            tallest = max(tallest, tall)
        total += tallest
    return total


def _lines(text: str, room: int, style: str | None, bold: bool) -> int:
    """The lines a cell's paragraph takes; a paragraph with a marker bold and unhyphenated, its
    label one word (docgen.word.markers.unhyphenated_markers)."""
    if MARKER in text:
        return lines(text.replace(MARKER, KEPT_MARKER), room, _size(style), True, hyphenate=False)
    return lines(text, room, _size(style), style in BOLD_STYLES or bold)


def _label_on_one_line(widths, text_columns, number_columns, floors, body_line, total, value_line) -> bool:
    """A table of short labels and numbers ("Medborgare och kunder" beside counts under
    "Ingen uppgift"): the label column widens to keep each label on one line, up to
    LABEL_LINE_WIDTH, taken from the number columns down to what their numbers and words
    need (a heading then runs onto a second line rather than a label being hyphenated):
    alike when they are alike, otherwise from the widest first; alike columns become unlike
    (each down to what its own heading words and numbers need) when only that brings every label
    onto one line (Gnesta's driftredovisning: "Kansli- och nämndserviceenheten" broke over two
    lines beside "Utfall 2013" as wide as "Budgetavvikelse"). Also when the label column
    has not even room for its longest word (five columns headed "Budgetprognos för 2021"
    beside "Välfärds- och arbetsmarknadsnämnden": the labels broke over four lines while the
    number columns kept their headings on one line). Labels too long for one line even then
    (goal names of a hundred characters beside five counts) still get LABEL_LINE_WIDTH: fewer
    lines, not five hyphenated ones in a 4 cm column beside counts of one digit. Columns of
    short values beside it ("Ej uppfyllt" under "Utfallssymbol") keep theirs: the label is the
    one text column that is not such a column (Vårgårda's 30-word Mätmetod broke over fifteen
    lines beside four two-digit columns kept wide for "Utfall 2021" on one line)."""
    labels = [c for c in text_columns if value_line[c] <= 0]  # beside it: columns of short values
    if len(labels) != 1 or not number_columns:
        return False
    label = labels[0]
    over = max(sum(widths) - total, 0)  # what the label column lacks of its longest word
    wanted = min(body_line[label], LABEL_LINE_WIDTH) - widths[label]
    if not over and wanted <= 0:
        return False
    alike = all(widths[c] == widths[number_columns[0]] for c in number_columns)
    floor = {c: max(floors.values()) if alike else floors[c] for c in number_columns}
    need = max(wanted, 0) + over
    narrower = _narrowed(widths, number_columns, floor, need)
    if alike and _freed(widths, narrower) < need:
        unlike = _narrowed(widths, number_columns, floors, need)
        if _freed(widths, unlike) >= need:  # only when it brings every label onto one line
            narrower = unlike
    taken = _freed(widths, narrower)
    if taken <= 0:
        return False
    for c in number_columns:
        widths[c] = narrower[c]
    widths[label] += taken - over
    return True


def _freed(widths, narrower: dict) -> int:
    return sum(widths[c] - w for c, w in narrower.items())


def _narrowed(widths, columns, floor, need: int) -> dict:
    """The columns' widths, each capped at the widest cap that frees `need` twips (not below
    its floor); capped at their floors when even that frees less."""

    def capped(cap):
        return {c: max(floor[c], min(widths[c], cap)) for c in columns}

    def freed(cap):
        return sum(widths[c] - w for c, w in capped(cap).items())

    low, high = 0, max(widths[c] for c in columns)  # freed(high) is 0; freed falls as cap grows
    if freed(low) < need:
        return capped(low)
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if freed(middle) >= need else (low, middle)
    return capped(low)


_TBLGRID, _GRIDCOL, _W_ATTR, _TYPE_ATTR = _w("tblGrid"), _w("gridCol"), _w("w"), _w("type")


def _apply(table, widths: list[int], layout) -> None:
    """Set the widths on the grid and on each cell's w:tcW (in twips, "dxa", or none said),
    and in the cell's facts (tablefacts.Cell.twips: pagination measures its rows in them)."""
    columns = [col for grid in table.iterchildren(_TBLGRID) for col in grid.iterchildren(_GRIDCOL)]
    for col, value in zip(columns, widths):
        col.set(_W_ATTR, str(value))
    for _header, cells in layout:
        for cell, column, span in cells:
            tcw = cell.width
            if tcw is not None and tcw.get(_TYPE_ATTR) in (None, "dxa"):
                value = sum(widths[column : column + span])
                tcw.set(_W_ATTR, str(value))
                cell.twips = value


def hyphenate(settings_root) -> None:
    """Automatic hyphenation on (the document language is sv-SE), unless the template says."""
    if settings_root.find("w:autoHyphenation", NS) is not None:
        return
    element = etree.Element(_w("autoHyphenation"))
    anchor = settings_root.find("w:defaultTabStop", NS)
    if anchor is not None:
        anchor.addnext(element)
        return
    later = (
        "consecutiveHyphenLimit",
        "hyphenationZone",
        "doNotHyphenateCaps",
        "showEnvelope",
        "summaryLength",
        "clickAndTypeStyle",
        "defaultTableStyle",
        "evenAndOddHeaders",
        "bookFoldRevPrinting",
        "bookFoldPrinting",
        "bookFoldPrintingSheets",
        "drawingGridHorizontalSpacing",
        "drawingGridVerticalSpacing",
        "displayHorizontalDrawingGridEvery",
        "displayVerticalDrawingGridEvery",
        "doNotUseMarginsForDrawingGridOrigin",
        "drawingGridHorizontalOrigin",
        "drawingGridVerticalOrigin",
        "doNotShadeFormData",
        "noPunctuationKerning",
        "characterSpacingControl",
    )
    for name in later:
        found = settings_root.find(f"w:{name}", NS)
        if found is not None:
            found.addprevious(element)
            return
    settings_root.insert(0, element)


# Paragraph properties that come after w:suppressAutoHyphens in a w:pPr (ECMA-376 CT_PPrBase order).
_AFTER_SUPPRESS_HYPHENS = (
    "kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd "
    "snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection "
    "textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
).split()
_AFTER_SUPPRESS_HYPHENS = frozenset(_AFTER_SUPPRESS_HYPHENS)
_P, _PPR, _SUPPRESS = _w("p"), _w("pPr"), _w("suppressAutoHyphens")


def _localname(tag: str) -> str:
    """An element's name without its namespace (etree.QName(…).localname, without the object)."""
    return tag.rpartition("}")[2]


_UNHYPHENATED = re.compile(r"^(heading \d|toc \d|title|subtitle|header|footer)$", re.IGNORECASE)


def unhyphenated_headings(styles_root) -> None:
    """Headings, titles, TOC entries and the running header and footer are not hyphenated
    ("trygg-het" in a TOC line, "underla-get" in a long title in the header), as Swedish
    typesetting has it; a style whose editor says otherwise (suppressAutoHyphens
    w:val="0") is left as it is."""
    for style in styles_root.findall("w:style[@w:type='paragraph']", NS):
        name = style.find("w:name", NS)
        outline = style.find("w:pPr/w:outlineLvl", NS)
        if not (
            (name is not None and _UNHYPHENATED.match(name.get(_w("val"), "")))
            or (outline is not None and outline.get(_w("val")) not in (None, "9"))
        ):
            continue
        ppr = style.find("w:pPr", NS)
        if ppr is None:
            ppr = etree.SubElement(style, _w("pPr"))
            run = style.find("w:rPr", NS)
            if run is not None:
                run.addprevious(ppr)
        _suppress_hyphens(ppr)


def paragraph_properties(paragraph):
    """The paragraph's w:pPr (its first), made first in it when it has none."""
    ppr = next(paragraph.iterchildren(_PPR), None)
    if ppr is None:
        ppr = new_element(_PPR)
        paragraph.insert(0, ppr)
    return ppr


def unhyphenated(paragraph) -> None:
    """Keep the paragraph from automatic hyphenation (w:suppressAutoHyphens)."""
    _suppress_hyphens(paragraph_properties(paragraph))


def _suppress_hyphens(ppr) -> None:
    """w:suppressAutoHyphens in the paragraph properties, in schema order (unless there already)."""
    if next(ppr.iterchildren(_SUPPRESS), None) is not None:
        return
    element = new_element(_SUPPRESS)
    later = next((c for c in ppr.iterchildren("*") if _localname(c.tag) in _AFTER_SUPPRESS_HYPHENS), None)
    if later is None:
        ppr.append(element)
    else:
        later.addprevious(element)


def unhyphenated_addresses(root) -> None:
    """A paragraph with a web address in its text is not hyphenated: a hyphen put into an
    address ("politiskt-styran-de-dokument") makes it one that does not exist when read or
    copied. The line breaks after a slash or at the address's own hyphens instead. So too a
    paragraph naming a file (".docx", ".md": the starter's first-page note, where LibreOffice
    broke the template's path as "plan.-docx") or with an e-mail address (a kallelse's "anmäl
    förhinder till … elisabeth.persson@botkyrka.se", broken as "bot-kyrka.se")."""
    for paragraph in _address_paragraphs(root):
        _suppress_hyphens(paragraph_properties(paragraph))


ADDRESS_NEEDLES = ("://", "www.", "@", *FILE_NAME_ENDINGS)  # a web or e-mail address, a file


def _address_paragraphs(root) -> list:
    """The paragraphs with an address in a text of their own runs (w:p/w:r/w:t: '://', 'www.',
    an e-mail address's '@' or a file name ending .docx or .md) or of a hyperlink's runs
    (w:p/w:hyperlink/w:r/w:t: '://'), in document order."""
    found = []
    for text in texts_holding(root, *ADDRESS_NEEDLES):
        run = text.getparent()
        if run is None or run.tag != _w("r"):
            continue
        paragraph = run.getparent()
        if paragraph is not None and paragraph.tag == _w("hyperlink") and "://" in "".join(text.itertext()):
            paragraph = paragraph.getparent()
        if paragraph is not None and paragraph.tag == _w("p") and (not found or found[-1] is not paragraph):
            found.append(paragraph)
    return found


def paragraphs_of(texts) -> list:
    """The paragraphs the w:t elements `texts` stand in (their run's, or their hyperlink's),
    each once: where unhyphenated_addresses can later find an address when these are the texts
    that held an address or a marker (docgen.word.markers splits a marker's run, in the same
    paragraph), found by a walk shared with the markers'."""
    found: dict = {}
    for text in texts:
        run = text.getparent()
        paragraph = run.getparent() if run is not None else None
        if paragraph is not None and paragraph.tag == _w("hyperlink"):
            paragraph = paragraph.getparent()
        if paragraph is not None and paragraph.tag == _w("p"):
            found[paragraph] = None
    return list(found)


BROKEN_SLACK = 40  # twips (under a character): a word estimated this little too wide still fits


def broken_words(table) -> list[str]:
    """The words of a finished table wider than their column (longest word and padding): without
    a hyphen LibreOffice and Word break them within the word ("Socialnämn" / "den" in eight
    columns on a portrait page). Each word once, in the table's order."""
    grid = _grid(table)
    if not grid:
        return []
    found: list[str] = []
    for column, cell, header in _cells_by_column(_layout(table), len(grid)):
        for style, text, has_bold in cell.paragraphs:
            bold = header or style in BOLD_STYLES or has_bold
            for word in text.split():
                too_wide_ = longest_word(word, _size(style), bold) + CELL_PADDING > grid[column] + BROKEN_SLACK
                if too_wide_ and word not in found:
                    found.append(word)
    return found
