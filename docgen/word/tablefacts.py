"""What the finishing passes read from a table, read once: rows, cells and each paragraph's
style, text and bold, as plain Python data.

Column widths (docgen.word.widths) and pagination (docgen.word.pagination) both read every
paragraph of every table. Every lookup on the tree costs an XPath call or a Python object
for each element touched (python-docx's element classes), so each table is read in one walk
(lxml's iter over the elements that matter, a tag filter in C) and both passes share what it
found. A table holding what that walk does not follow (a table inside it, a text box, a
content control, tracked changes of properties) is read element by element instead, with the
same result. The data holds the width elements (w:tcW) themselves, so that a width set after
the walk is seen; a pass that changes a table's rows, cells or texts forgets its data.
"""

from __future__ import annotations

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
_T, _B, _P, _PSTYLE, _TC, _TR, _TBL = (f"{{{W}}}{t}" for t in ("t", "b", "p", "pStyle", "tc", "tr", "tbl"))
_TCW, _SPAN, _HEADER, _VAL, _KEEPNEXT, _CANTSPLIT = (
    f"{{{W}}}{t}" for t in ("tcW", "gridSpan", "tblHeader", "val", "keepNext", "cantSplit")
)
# where the walk would not know which cell or paragraph an element belongs to
_UNFOLLOWED = tuple(
    f"{{{W}}}{t}" for t in ("tbl", "txbxContent", "sdt", "customXml", "pPrChange", "tcPrChange", "trPrChange")
)
_WALKED = (_T, _P, _PSTYLE, _B, _TC, _TCW, _SPAN, _TR, _HEADER, _KEEPNEXT, _CANTSPLIT, *_UNFOLLOWED)

_STYLE_OF = etree.XPath("string(w:pPr[1]/w:pStyle[1]/@w:val)", namespaces=NS)
_HEADER_ROWS = etree.XPath("w:tr[w:trPr/w:tblHeader]", namespaces=NS)
_SPANS = etree.XPath("w:tr/w:tc/w:tcPr/w:gridSpan", namespaces=NS)
_CELL_WIDTHS = etree.XPath("w:tr/w:tc/w:tcPr/w:tcW", namespaces=NS)


def text_and_bold(paragraph) -> tuple[str, bool]:
    """The paragraph's text and whether any of it is set bold (a w:b in it), in one walk."""
    parts, bold = [], False
    for element in paragraph.iter(_T, _B):
        if element.tag == _T:
            parts.append(element.text or "")
        else:
            bold = True
    return "".join(parts), bold


class Cell:
    """A cell: `span` the w:gridSpan's value as written (None: none), `width` its w:tcW
    element (None: none), `paragraphs` (style, text, bold) of its own paragraphs and
    `inner` of every paragraph in it (a table's inside it too), `text` all its text;
    `twips` the width docgen.word.widths set on its w:tcW (None: none set, read `width`);
    `keeps` the walk's list of its paragraphs, each [style, texts, bold, its style's element
    (w:pPr/w:pStyle; None: none), whether it keeps with the next (w:keepNext)], the last as
    docgen.word.pagination keeps them (None: a table not walked)."""

    __slots__ = ("element", "span", "width", "paragraphs", "inner", "text", "twips", "keeps")

    def __init__(self, element, span, width, paragraphs, inner, text, keeps=None):
        self.element, self.span, self.width = element, span, width
        self.paragraphs, self.inner, self.text = paragraphs, inner, text
        self.twips, self.keeps = None, keeps


class Row:
    """A row: whether it is a header row (w:tblHeader), its cells, all its text, and whether
    the walk found it kept from splitting (w:cantSplit; False: not, or a table not walked)."""

    __slots__ = ("element", "header", "cells", "text", "unsplit")

    def __init__(self, element, header: bool, cells: list, text: str, unsplit: bool = False):
        self.element, self.header, self.cells, self.text = element, header, cells, text
        self.unsplit = unsplit


class Table:
    __slots__ = ("rows", "by_row")

    def __init__(self, rows: list):
        self.rows = rows
        self.by_row = {row.element: row for row in rows}


class Facts:
    """Each table's data, read when first asked for (one finishing of one document)."""

    def __init__(self):
        self._tables: dict = {}

    def table(self, element) -> Table:
        found = self._tables.get(element)
        if found is None:
            found = self._tables[element] = _walked(element) or _looked_up(element)
        return found

    def forget(self, element) -> None:
        """The table's rows, cells or texts changed: read it again when next asked."""
        self._tables.pop(element, None)


def _walked(table) -> Table | None:
    """The table in one walk; None when it holds what the walk does not follow. (The tests
    most often true first, and the current paragraph's texts kept at hand: this loop runs for
    every cell, paragraph and text of every table.)"""
    rows: list = []  # [row element, its cells, [header]]
    cells = None  # the current row's cells
    cell: list | None = None  # [element, span, width, paragraphs]
    paragraph = texts = None  # the current paragraph's [style, texts, bold, style element, kept] and its texts
    for element in table.iter(*_WALKED):
        tag = element.tag
        if tag == _T:
            if texts is None:
                return None
            texts.append(element.text or "")
        elif tag == _P:
            if cell is None:
                return None
            texts = []
            paragraph = [None, texts, False, None, False]
            cell[3].append(paragraph)
        elif tag == _PSTYLE:
            if paragraph is None:
                return None
            if paragraph[0] is None:
                paragraph[0], paragraph[3] = element.get(_VAL) or "", element
        elif tag == _TC:
            if cells is None:
                return None
            cell, paragraph, texts = [element, None, None, []], None, None
            cells.append(cell)
        elif tag == _TCW:
            if cell is None or cell[3]:
                return None
            if cell[2] is None:
                cell[2] = element
        elif tag == _TR:
            cells, cell, paragraph, texts = [], None, None, None
            rows.append((element, cells, [False, False]))
        elif tag == _B:
            if paragraph is None:
                return None
            paragraph[2] = True
        elif tag == _SPAN:
            if cell is None or cell[3]:
                return None
            if cell[1] is None:
                cell[1] = element.get(_VAL)
        elif tag == _HEADER:
            if not rows or cells:
                return None
            rows[-1][2][0] = True
        elif tag == _CANTSPLIT:
            if not rows or cells:
                return None
            rows[-1][2][1] = True
        elif tag == _KEEPNEXT:
            if paragraph is None:
                return None
            paragraph[4] = True
        elif element is not table:  # a table inside, a text box, …
            return None
    return Table([_row(element, header, cells, unsplit) for element, cells, (header, unsplit) in rows])


def _row(element, header: bool, cells: list, unsplit: bool = False) -> Row:
    """The row's data from the walk's lists. (Most paragraphs of a table hold one text and most
    cells one paragraph: no join for those; a loop, not a comprehension, for each cell.)"""
    made = []
    for cell, span, width, paragraphs in cells:
        read = []
        for style, texts, bold, _element, _kept in paragraphs:
            read.append((style or "", texts[0] if len(texts) == 1 else "".join(texts), bold))
        text = read[0][1] if len(read) == 1 else "".join([text for _style, text, _bold in read])
        made.append(Cell(cell, span, width, read, read, text, paragraphs))
    return Row(element, header, made, "".join([cell.text for cell in made]), unsplit)


def _looked_up(table) -> Table:
    """The table element by element (what the walk does not follow)."""
    headers = set(_HEADER_ROWS(table))
    spans, widths = _by_cell(_SPANS(table)), _by_cell(_CELL_WIDTHS(table))
    rows = []
    for row in table.iterchildren(_TR):
        cells = []
        for cell in row.iterchildren(_TC):
            span = spans.get(cell)
            cells.append(
                Cell(
                    cell,
                    span.get(_VAL) if span is not None else None,
                    widths.get(cell),
                    [_paragraph(p) for p in cell.iterchildren(_P)],
                    [_paragraph(p) for p in cell.iter(_P)],
                    _text(cell),
                )
            )
        rows.append(Row(row, row in headers, cells, _text(row)))
    return Table(rows)


def _paragraph(paragraph) -> tuple[str, str, bool]:
    return (_STYLE_OF(paragraph), *text_and_bold(paragraph))


def _text(element) -> str:
    return "".join(t.text or "" for t in element.iter(_T))


def _by_cell(properties) -> dict:
    """Each cell's first of the cell properties found (w:tcPr/w:…, in document order)."""
    found: dict = {}
    for element in properties:
        found.setdefault(element.getparent().getparent(), element)
    return found
