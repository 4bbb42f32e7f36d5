"""Pagination by rule: what must stay together, set as paragraph and row properties that Word
and LibreOffice both lay out (keep with next, rows that do not split, repeated header rows).

- A caption and an introduction (the paragraph right before a table, a caption or a figure)
  keep with what follows; a picture keeps with its caption, a caption below a figure with
  the note under it.
- No table row splits; the header row repeats on every page.
- A group row (a label across the table, or a first-column label whose rows follow with
  that column empty) keeps with its first row; a small group is kept whole, so that a
  continued table never shows rows without their label.
- A small table (under a third of a page) is kept whole; a longer one never leaves a lone
  row at the foot or head of a page; the last row of any table keeps with the notes below
  it, and the notes keep together.

Heights are estimated from the text (characters per line at the table's font size): enough
to tell a small table from a long one, which is all these rules need.
"""

from __future__ import annotations

import math

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}

PAGE_TEXT_HEIGHT = 14174  # twips: A4 height less the templates' top and bottom margins
SMALL = PAGE_TEXT_HEIGHT // 3
CHAR_WIDTH = 105  # twips: an average character of 9.5 pt Arial
LINE_HEIGHT = 230  # twips: a line of table text with its spacing
CELL_PADDING = 170  # twips: left and right cell margins
ROW_PADDING = 120  # twips: top and bottom cell margins and paragraph spacing

CAPTION_STYLES = {"Caption", "Beskrivning"}
FIGURE_STYLES = {"Figur"}
FOOTNOTE_STYLES = {"Tabellfotnot"}
HEADING_PREFIX = "Heading"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


_PPR, _PSTYLE, _VAL, _T, _DRAWING = (f"{{{W}}}{t}" for t in ("pPr", "pStyle", "val", "t", "drawing"))


def _style(paragraph) -> str:
    ppr = paragraph.find(_PPR)
    style = ppr.find(_PSTYLE) if ppr is not None else None
    return style.get(_VAL) if style is not None else ""


def _text(element) -> str:
    return "".join(t.text or "" for t in element.iter(_T))


def _has_drawing(paragraph) -> bool:
    return next(paragraph.iter(_DRAWING), None) is not None


def _ppr(paragraph):
    ppr = paragraph.find("w:pPr", NS)
    if ppr is None:
        ppr = etree.Element(_w("pPr"))
        paragraph.insert(0, ppr)
    return ppr


# the schema order of the first children of w:pPr: keepNext goes after pStyle
def keep_with_next(paragraph) -> None:
    ppr = _ppr(paragraph)
    if ppr.find("w:keepNext", NS) is not None:
        return
    keep = etree.Element(_w("keepNext"))
    style = ppr.find("w:pStyle", NS)
    if style is not None:
        style.addnext(keep)
    else:
        ppr.insert(0, keep)


def paginate(root) -> None:
    """Apply the rules to the document body (the root of word/document.xml)."""
    body = root.find("w:body", NS)
    _keep_introductions(body)
    for table in body.iter(_w("tbl")):
        _keep_table(table)


def _is_caption(element) -> bool:
    return element.tag == _w("p") and _style(element) in CAPTION_STYLES


def _is_figure(element) -> bool:
    return element.tag == _w("p") and (_style(element) in FIGURE_STYLES or _has_drawing(element))


def _keep_introductions(body) -> None:
    children = list(body)
    for element, following in zip(children, children[1:]):
        if element.tag != _w("p") or not _text(element).strip() and not _has_drawing(element):
            continue
        leads_in = following.tag == _w("tbl") or _is_caption(following) or _is_figure(following)
        if _is_caption(element) or _is_figure(element) or leads_in:
            # a caption keeps with its table or the note under its figure; a picture with its
            # caption; an introduction with the table, caption or figure it introduces
            if (
                following.tag == _w("tbl")
                or following.tag == _w("p")
                and (leads_in or _style(following) in FOOTNOTE_STYLES)
            ):
                keep_with_next(element)


_TR, _TC, _P = (f"{{{W}}}{t}" for t in ("tr", "tc", "p"))


def _rows(table):
    return list(table.iterchildren(_TR))


def _cells(row):
    return list(row.iterchildren(_TC))


def _cell_width(cell) -> int:
    width = cell.find("w:tcPr/w:tcW", NS)
    try:
        value = int(width.get(_w("w"))) if width is not None and width.get(_w("type")) in (None, "dxa") else 0
    except (TypeError, ValueError):
        value = 0
    return value or 2000


def _row_height(row) -> int:
    tallest = 1
    for cell in _cells(row):
        per_line = max(1, (_cell_width(cell) - CELL_PADDING) // CHAR_WIDTH)
        lines = sum(max(1, math.ceil(len(_text(p)) / per_line)) for p in cell.iter(_P))
        tallest = max(tallest, lines)
    return tallest * LINE_HEIGHT + ROW_PADDING


def _set_row(row, tag: str) -> None:
    trpr = row.find("w:trPr", NS)
    if trpr is None:
        trpr = etree.Element(_w("trPr"))
        cells = row.find("w:tc", NS)
        # trPr comes after tblPrEx and before the cells
        (cells.addprevious(trpr) if cells is not None else row.append(trpr))
    if trpr.find(f"w:{tag}", NS) is None:
        element = etree.Element(_w(tag))
        if tag == "cantSplit":
            trpr.insert(0, element)
        else:
            trpr.append(element)


def _is_header(row) -> bool:
    return row.find("w:trPr/w:tblHeader", NS) is not None


def _keep_row(row) -> None:
    for paragraph in row.iter(_w("p")):
        keep_with_next(paragraph)


def _group_starts(rows) -> list[int]:
    """Indexes of rows that begin a group: a row across the table (one cell spanning the
    grid) or, in a table whose first column labels groups, a row with a first-column label
    after which rows follow with the first column empty."""
    starts = []
    first_texts = [_text(_cells(r)[0]).strip() if _cells(r) else "" for r in rows]
    labelled = any(not t for t in first_texts[1:]) and sum(1 for t in first_texts if t) >= 1
    for n, row in enumerate(rows):
        cells = _cells(row)
        spanning = len(cells) == 1 and cells[0].find("w:tcPr/w:gridSpan", NS) is not None
        grouped = labelled and first_texts[n] and n + 1 < len(rows) and not first_texts[n + 1]
        if spanning or grouped:
            starts.append(n)
    return starts


def _keep_table(table) -> None:
    rows = _rows(table)
    if not rows:
        return
    for row in rows:
        _set_row(row, "cantSplit")
    heights = [_row_height(r) for r in rows]
    body = [n for n, r in enumerate(rows) if not _is_header(r)]
    if not body:
        return
    if sum(heights) < SMALL:  # a small table is kept whole
        for n in range(len(rows) - 1):
            _keep_row(rows[n])
    else:
        first, last = body[0], body[-1]
        if last - first >= 3:  # no lone row at either end of a page: two rows at least
            _keep_row(rows[first])
            _keep_row(rows[last - 1])
        starts = _group_starts(rows)
        for index, start in enumerate(starts):
            end = starts[index + 1] if index + 1 < len(starts) else len(rows)
            if start + 1 < end:
                _keep_row(rows[start])  # the group row keeps with its first row
            if sum(heights[start:end]) < SMALL:  # a small group is kept whole
                for n in range(start, end - 1):
                    _keep_row(rows[n])
    following = table.getnext()
    if following is not None and following.tag == _w("p") and _style(following) in FOOTNOTE_STYLES:
        _keep_row(rows[-1])  # the notes never stand alone
        notes = []
        while following is not None and following.tag == _w("p") and _style(following) in FOOTNOTE_STYLES:
            notes.append(following)
            following = following.getnext()
        for note in notes[:-1]:
            keep_with_next(note)
