"""Pagination by rule: what must stay together, set as paragraph and row properties that Word
and LibreOffice both lay out (keep with next, rows that do not split, repeated header rows).

- A caption and an introduction (the paragraph right before a table, a caption or a figure)
  keep with what follows; a picture keeps with its caption, a caption below a figure with
  the note under it.
- No table row splits; the header row repeats on every page.
- A group row (a label across the table, or a first-column label whose rows follow with
  that column empty) keeps with its first row; a group up to two thirds of a page is kept
  whole, so that a continued table never shows rows without their label (a longer group
  becomes a table part that repeats its label, and the labels of the groups it lies in, on
  every page: split_long_groups; a shorter group would begin such a part with the column
  headings again in the middle of a page). The page a kept group leaves is at least a third
  full. Group rows of two looks (an outer label in a colour) are two levels.
- A small table (under a quarter of a page) is kept whole; a longer one never leaves a lone
  row at the foot or head of a page; the last row of any table keeps with the notes below
  it, and a few notes keep together (a long list may run onto the next page: _keep_notes).

Heights are estimated from the text: each paragraph wrapped in its cell's width with Arial's
glyph widths at its style's size (docgen.word.textwidth), lines and margins as LibreOffice
lays out the table styles (measured: 9.5 pt text, 10.9 pt a line, 6.5 pt a row's margins).
"""

from __future__ import annotations

import copy
import re
import threading

from lxml import etree

from docgen.word.namedstyles import (
    CONTINUATION,
    GROUP,
    SMALL_GROUP,
    SMALL_SUM_NUMBER,
    SMALL_SUM_TEXT,
    SUM_NUMBER,
    SUM_TEXT,
)
from docgen.word.newelements import new_element
from docgen.word.tablefacts import Facts
from docgen.word.textwidth import lines
from docgen.word.widths import BOLD_STYLES, SMALL_SIZES, TABLE_SIZE, paragraph_properties

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}

PAGE_TEXT_HEIGHT = 14174  # twips: A4 height less the templates' top and bottom margins
SMALL = PAGE_TEXT_HEIGHT // 4
WHOLE_GROUP = PAGE_TEXT_HEIGHT * 2 // 3  # a group up to two thirds of a page stays on one page
LINE_HEIGHT = 218  # twips: a line of 9.5 pt table text (a smaller size: in proportion)
CELL_PADDING = 170  # twips: left and right cell margins
ROW_PADDING = 130  # twips: top and bottom cell margins and a paragraph's spacing after
PARAGRAPH_SPACING = 40  # twips: the table text styles' spacing after a paragraph

CAPTION_STYLES = {"Caption", "Beskrivning"}
FIGURE_STYLES = {"Figur"}
FOOTNOTE_STYLES = {"Tabellfotnot"}
HEADING_PREFIX = "Heading"
GROUP_STYLE = GROUP
GROUP_STYLES = {GROUP, SMALL_GROUP}  # a mindre_text table's group rows are smaller
SUM_STYLES = {SUM_TEXT, SUM_NUMBER, SMALL_SUM_TEXT, SMALL_SUM_NUMBER}


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


_PPR, _PSTYLE, _VAL, _T, _DRAWING = (f"{{{W}}}{t}" for t in ("pPr", "pStyle", "val", "t", "drawing"))
_KEEPNEXT, _TRPR, _CANTSPLIT = _w("keepNext"), _w("trPr"), _w("cantSplit")
# compiled once: one XPath call per lookup is several times cheaper than ElementPath's find()
_STYLE_OF = etree.XPath("string(w:pPr[1]/w:pStyle[1]/@w:val)", namespaces=NS)
_IS_HEADER = etree.XPath("boolean(w:trPr/w:tblHeader)", namespaces=NS)
# what keep_with_next and _set_row do to every paragraph of a row and every row of a table, found
# by one query per row and two per table (instead of three lookups per paragraph or row): the
# row's paragraphs without properties, the styles of those whose properties lack keepNext, and
# the properties without a style that lack it (three kinds apart; each is changed on its own)
_UNKEPT = etree.XPath(
    "descendant::w:p[not(w:pPr)]"
    " | descendant::w:p/w:pPr[1][not(w:keepNext)]/w:pStyle[1]"
    " | descendant::w:p/w:pPr[1][not(w:keepNext)][not(w:pStyle)]",
    namespaces=NS,
)
_P_TAG, _TBL_TAG, _W_ATTR, _TYPE_ATTR = _w("p"), _w("tbl"), _w("w"), _w("type")  # for the calls per element
_ROWS_WITHOUT_PROPERTIES = etree.XPath("w:tr[not(w:trPr)]", namespaces=NS)
_SPLITTABLE = etree.XPath("w:tr/w:trPr[1][not(w:cantSplit)]", namespaces=NS)
_SPANS = etree.XPath("boolean(w:tcPr/w:gridSpan)", namespaces=NS)
# a table's rows, cells and paragraphs (style, text, bold) are read once, for widths and
# pagination both (docgen.word.tablefacts): `facts` below


# .styles, .drawn, .numbered: of the body's paragraphs, while paginate's keeping rules run
_KNOWN = threading.local()


def _style(paragraph) -> str:
    """The paragraph's style; while the keeping rules run (none of them changes a style) each
    paragraph's is looked up once, not once by each rule that asks."""
    known = getattr(_KNOWN, "styles", None)
    if known is None:
        return _STYLE_OF(paragraph)
    style = known.get(paragraph)
    if style is None:
        style = known[paragraph] = _STYLE_OF(paragraph)
    return style


_BODY_STYLES = etree.XPath("w:p/w:pPr[1]/w:pStyle[1]", namespaces=NS)


def _body_styles(body) -> dict:
    """_STYLE_OF of every paragraph of the body (not those in tables), by one query for the
    body instead of one per paragraph."""
    known = {paragraph: "" for paragraph in body.iterchildren(_P_TAG)}
    for style in _BODY_STYLES(body):
        known[style.getparent().getparent()] = style.get(_VAL) or ""
    return known


def _text(element) -> str:
    return "".join(t.text or "" for t in element.iter(_T))


def _has_drawing(paragraph) -> bool:
    """Whether a picture or chart is in the paragraph; a body paragraph's looked up once while
    the keeping rules run (none of them adds one): _kind asks it of nearly every paragraph."""
    drawn = getattr(_KNOWN, "drawn", None)
    known = drawn.get(paragraph) if drawn is not None else None
    return next(paragraph.iter(_DRAWING), None) is not None if known is None else known


_BODY_DRAWN = etree.XPath("w:p[.//w:drawing]", namespaces=NS)
_BODY_NUMBERED = etree.XPath("w:p[w:pPr/w:numPr]", namespaces=NS)


def _body_paragraphs_with(query, body) -> dict:
    """paragraph -> whether `query` (of the body) found it, for every paragraph of the body:
    one query for the body instead of one walk or query per paragraph, as _body_styles."""
    known = dict.fromkeys(body.iterchildren(_P_TAG), False)
    known.update(dict.fromkeys(query(body), True))
    return known


# the schema order of the first children of w:pPr: keepNext goes after pStyle
def keep_with_next(paragraph) -> None:
    ppr = paragraph_properties(paragraph)
    if next(ppr.iterchildren(_KEEPNEXT), None) is not None:
        return
    keep = new_element(_KEEPNEXT)
    style = next(ppr.iterchildren(_PSTYLE), None)
    if style is not None:
        style.addnext(keep)
    else:
        ppr.insert(0, keep)


def paginate(root, facts: Facts | None = None) -> None:
    """Apply the rules to the document body (the root of word/document.xml); `facts`: the
    tables as widths read them (docgen.word.tablefacts), else read here."""
    facts = facts or Facts()
    body = root.find("w:body", NS)
    heights: dict = {}  # row -> estimated height, measured once for both passes
    for table in list(body.iterchildren(_w("tbl"))):
        split_long_groups(table, heights, facts)
    _KNOWN.styles = _body_styles(body)  # the paragraphs are all in place now
    _KNOWN.drawn = _body_paragraphs_with(_BODY_DRAWN, body)
    _KNOWN.numbered = _body_paragraphs_with(_BODY_NUMBERED, body)
    try:
        _keep_introductions(body)
        _keep_lists(body)
        _keep_closing(body)
        for table in body.iter(_w("tbl")):
            _keep_table(table, heights, facts)
    finally:
        _KNOWN.styles = _KNOWN.drawn = _KNOWN.numbered = None


def _is_caption(element) -> bool:
    return element.tag == _P_TAG and _style(element) in CAPTION_STYLES


def _is_figure(element) -> bool:
    return element.tag == _P_TAG and (_style(element) in FIGURE_STYLES or _has_drawing(element))


def _kind(element) -> str:
    """What a body element is to the rules: table, caption, figure, footnote or paragraph
    (other: a section's properties, a bookmark)."""
    tag = element.tag
    if tag == _TBL_TAG:
        return "table"
    if tag != _P_TAG:
        return "other"
    style = _style(element)
    if style in CAPTION_STYLES:
        return "caption"
    if style in FIGURE_STYLES or _has_drawing(element):
        return "figure"
    return "footnote" if style in FOOTNOTE_STYLES else "paragraph"


SHORT_LINE = 80  # characters: a paragraph this short stands on one line of body text


def _keep_introductions(body) -> None:
    children = list(body)
    kinds = [_kind(child) for child in children]
    for index, (element, kind, following) in enumerate(zip(children, kinds, kinds[1:])):
        if kind in ("table", "other", "footnote"):  # a note belongs to what stands above it
            continue
        leads_in = following in ("table", "caption", "figure")
        # a caption keeps with its table or the note under its figure; a picture with its
        # caption; an introduction with the table, caption or figure it introduces
        if not (kind in ("caption", "figure") or leads_in):
            continue
        if not (leads_in or following == "footnote"):
            continue
        if _text(element).strip() or _has_drawing(element):  # last: the dearest test
            keep_with_next(element)
            if kind == "paragraph" and index and kinds[index - 1] == "paragraph" and _is_body(element):
                _keep_title_line(children[index - 1])  # not above a heading: it starts what follows


def _keep_title_line(paragraph) -> None:
    """A paragraph of one short line right above an introduction reads as the title of what it
    introduces ("Diagram 3–5: Standardiserade vårdförlopp cancer" above "Källa: …" and the
    chart): it keeps with it, never alone at the foot of a page."""
    text = _text(paragraph).strip()
    if text and len(text) <= SHORT_LINE and not text.endswith((".", "!", "?")) and _is_body(paragraph):
        keep_with_next(paragraph)


def _is_body(paragraph) -> bool:
    """A paragraph of body text: not a heading (those keep with what follows by their style)
    nor an item of a list."""
    return not _style(paragraph).startswith((HEADING_PREFIX, "List", "Numrerad", "Title", "Subtitle"))


LIST_PREFIXES = ("List", "Numrerad")  # List Bullet, List Number, List Paragraph, Numrerad lista
SHORT_LIST = 4  # items: a list this short is kept whole
LIST_BEFORE_TABLE = 8  # items: a list up to this long right above a table keeps with it whole
_NUMBERED = etree.XPath("boolean(w:pPr/w:numPr)", namespaces=NS)
_RUNS_BOLD = etree.XPath(
    "count(w:r[normalize-space(w:t)]) > 0 and count(w:r[normalize-space(w:t)][not(w:rPr/w:b) or w:rPr/w:b/@w:val='0'"
    " or w:rPr/w:b/@w:val='false']) = 0",
    namespaces=NS,
)


def _is_item(element) -> bool:
    """A paragraph of a list: in a list style, or numbered by its own properties."""
    return element.tag == _P and (_style(element).startswith(LIST_PREFIXES) or _numbered(element))


def _numbered(paragraph) -> bool:
    """Whether the paragraph's properties number it (w:numPr); a body paragraph's looked up once."""
    numbered = getattr(_KNOWN, "numbered", None)
    known = numbered.get(paragraph) if numbered is not None else None
    return _NUMBERED(paragraph) if known is None else known


def _keep_lists(body) -> None:
    """A list never leaves its last item alone at the top of a page, nor its first alone at the
    foot of one: the item before the last keeps with it, and the first with the second; a short
    list (SHORT_LIST) is kept whole. The line that introduces a list (a short title such as
    "Förväntat resultat", or a sentence that ends with a colon) keeps with its first item. A list
    that introduces a table or figure (a goal's results above its indicators) keeps with it whole
    when it is not long, so that the table never stands apart from the text it belongs to."""
    children = list(body)
    index = 0
    while index < len(children):
        if not _is_item(children[index]):
            _keep_run_in_title(children[index])
            index += 1
            continue
        end = index
        while end < len(children) and _is_item(children[end]):
            end += 1
        items = [item for item in children[index:end] if _text(item).strip()]
        following = children[end] if end < len(children) else None
        leads_in = following is not None and _kind(following) in ("table", "caption", "figure")
        if len(items) <= SHORT_LIST or (leads_in and len(items) <= LIST_BEFORE_TABLE):
            kept = items[:-1]
        else:
            kept = [items[0], items[-2]]
        for item in kept:
            keep_with_next(item)
        if items and index:
            _keep_list_introduction(children[index - 1])
        index = end


def _keep_list_introduction(paragraph) -> None:
    """The paragraph right above a list keeps with it when it introduces it: a sentence that
    ends with a colon, or a short title line."""
    if paragraph.tag != _P or not _is_body(paragraph):
        return
    text = _text(paragraph).strip()
    if text and (text.endswith(":") or (len(text) <= SHORT_LINE and not text.endswith((".", "!", "?")))):
        keep_with_next(paragraph)


def _keep_run_in_title(paragraph) -> None:
    """A short body paragraph all in bold (a title written **Strategier** in the sources) keeps
    with what follows it, as a heading does."""
    if paragraph.tag != _P or not _is_body(paragraph):
        return
    text = _text(paragraph).strip()
    if text and len(text) <= SHORT_LINE and not text.endswith((".", "!", "?")) and _RUNS_BOLD(paragraph):
        keep_with_next(paragraph)


CLOSING_STYLE = "Beslutsrubrik"  # the case's own headings: I tjänsten, Utdrag till (and a decision's introduction)
TITLE_STYLES = ("Title", "Subtitle")


def _keep_closing(body) -> None:
    """What closes a case after its last heading (I tjänsten with who signs, Utdrag till with
    whom the decision is sent to: paragraphs in the style Beslutsrubrik and the short lines they
    head) keeps together and with the last paragraph of text above it, as a secretary keeps the
    signature with the last lines of the letter: never alone on the last page (Knivsta's
    tjänsteskrivelse had I tjänsten and the recipients alone on its page 2). The paragraph above
    carries what keeps with it (a short list kept whole, the heading over it) onto that page."""
    tail = []  # the paragraphs after the last heading, from the end (a walk of the body's end only)
    above = None
    for child in reversed(body):
        if child.tag == _TBL_TAG:
            above = child
            break
        if child.tag != _P_TAG:
            continue  # the section's properties, a bookmark
        style = _style(child)
        if style.startswith(HEADING_PREFIX) or style in TITLE_STYLES:
            above = child
            break
        tail.append(child)
    tail.reverse()
    start = next((index for index, paragraph in enumerate(tail) if _style(paragraph) == CLOSING_STYLE), None)
    if start is None:
        return
    closing = [paragraph for paragraph in tail[start:] if _text(paragraph).strip()]
    above = next((paragraph for paragraph in reversed(tail[:start]) if _text(paragraph).strip()), above)
    if above is None or above.tag != _P_TAG or len(closing) < 2:
        return  # nothing above it but a table (its own rules keep its rows) or the document's start
    if any(len(_text(paragraph).strip()) > SHORT_LINE for paragraph in closing):
        return  # sentences (a decision's att-satser under its introduction), not a signature's lines
    for paragraph in [above, *closing[:-1]]:
        keep_with_next(paragraph)


_TR, _TC, _P = (f"{{{W}}}{t}" for t in ("tr", "tc", "p"))


def _rows(table):
    return list(table.iterchildren(_TR))


def _cells(row):
    return list(row.iterchildren(_TC))


def _cell_width(width) -> int:
    """The width in twips of a cell whose w:tcW is `width` (2000 when it has none)."""
    try:
        value = int(width.get(_W_ATTR)) if width is not None and width.get(_TYPE_ATTR) in (None, "dxa") else 0
    except (TypeError, ValueError):
        value = 0
    return value or 2000


def _heights(rows, known: dict | None, facts: Facts) -> list[int]:
    """Each row's estimated height; `known` keeps them for the next pass over the same rows."""
    missing = rows if known is None else [r for r in rows if r not in known]
    measured = dict(zip(missing, _measured(missing, facts)))
    if known is None:
        return [measured[r] for r in rows]
    known.update(measured)
    return [known[r] for r in rows]


def _measured(rows, facts: Facts) -> list[int]:
    """The heights of rows of one table."""
    if not rows:
        return []
    read = facts.table(rows[0].getparent()).by_row
    return [_row_height(read[row]) for row in rows]


def _row_height(row) -> int:
    """The height of a row (tablefacts.Row)."""
    return max((_cell_height(cell, row.header) for cell in row.cells), default=0) or LINE_HEIGHT + ROW_PADDING


def _cell_height(cell, header: bool) -> int:
    """The height of a cell (tablefacts.Cell): every paragraph in it, wrapped in its width."""
    twips = cell.twips  # as docgen.word.widths set it, else read from its w:tcW
    room = max(1, ((twips or 2000) if twips is not None else _cell_width(cell.width)) - CELL_PADDING)
    height = ROW_PADDING - PARAGRAPH_SPACING
    for style, text, has_bold in cell.inner:
        size = SMALL_SIZES.get(style, TABLE_SIZE)
        bold = header or style in BOLD_STYLES or has_bold
        height += lines(text, room, size, bold) * LINE_HEIGHT * size // TABLE_SIZE + PARAGRAPH_SPACING
    return height


def _set_row(row, tag: str) -> None:
    trpr = next(row.iterchildren(_TRPR), None)
    if trpr is None:
        trpr = new_element(_TRPR)
        cells = row.find("w:tc", NS)
        # trPr comes after tblPrEx and before the cells
        (cells.addprevious(trpr) if cells is not None else row.append(trpr))
    if next(trpr.iterchildren(_w(tag)), None) is None:
        element = new_element(_w(tag))
        if tag == "cantSplit":
            trpr.insert(0, element)
        else:
            trpr.append(element)


def _is_header(row) -> bool:
    return _IS_HEADER(row)


def _body_rows(rows) -> list[int]:
    """The indexes of the rows (tablefacts.Row) that are not header rows."""
    return [n for n, row in enumerate(rows) if not row.header]


def _keep_row(row, read=None) -> None:
    """keep_with_next for every paragraph of the row (its cells' paragraphs and any inside them).
    `read`: the row's facts (tablefacts.Row); where they hold each paragraph's style element and
    whether it keeps already (tablefacts.Cell.keeps), no query of the row is needed."""
    if read is not None and read.element is row and _kept_as_read(read):
        return
    for found in _UNKEPT(row):
        tag = found.tag
        if tag == _PSTYLE:  # after the style: the schema order
            found.addnext(new_element(_KEEPNEXT))
        elif tag == _P_TAG:
            ppr = new_element(_PPR)
            found.insert(0, ppr)
            ppr.insert(0, new_element(_KEEPNEXT))
        else:
            found.insert(0, new_element(_KEEPNEXT))


def _kept_as_read(row) -> bool:
    """_keep_row by the row's facts (tablefacts.Row), when every paragraph of it has a style
    element there (the table walked); whether it could."""
    for cell in row.cells:
        if cell.keeps is None:
            return False
        for paragraph in cell.keeps:
            if paragraph[3] is None:
                return False
    for cell in row.cells:
        for paragraph in cell.keeps:
            if not paragraph[4]:
                paragraph[3].addnext(new_element(_KEEPNEXT))  # after the style: the schema order
                paragraph[4] = True
    return True


def _cant_split(table) -> None:
    """_set_row(row, "cantSplit") for every row of the table."""
    for row in _ROWS_WITHOUT_PROPERTIES(table):
        _set_row(row, "cantSplit")
    for trpr in _SPLITTABLE(table):
        trpr.insert(0, new_element(_CANTSPLIT))


def _first_text(row) -> str:
    """The text of the row's (tablefacts.Row) first cell."""
    return row.cells[0].text.strip() if row.cells else ""


def _styles_in(row) -> set[str]:
    """The styles of every paragraph in the row (tablefacts.Row)."""
    return {style for cell in row.cells for style, _text, _bold in cell.inner}


def _is_group_row(row, columns: int) -> bool:
    """A row that only labels the rows under it: one cell across the table, or a first cell
    in the group row style (an amount table's "Verksamhetens kostnader")."""
    cells = _cells(row)
    if len(cells) == 1 and columns > 1 and _SPANS(cells[0]):
        return True
    return bool(cells) and _style_of_cell(cells[0]) in GROUP_STYLES


def _is_group(row, columns: int) -> bool:
    """_is_group_row of a tablefacts.Row."""
    cells = row.cells
    if len(cells) == 1 and columns > 1 and cells[0].span is not None:
        return True
    return bool(cells) and _first_style(cells[0]) in GROUP_STYLES


def _first_style(cell) -> str:
    """The style of the first paragraph of a cell (tablefacts.Cell)."""
    return cell.paragraphs[0][0] if cell.paragraphs else ""


def _style_of_cell(cell) -> str:
    first = next(cell.iterchildren(_P), None)
    return _style(first) if first is not None else ""


def _names(text: str, label: str) -> bool:
    """The text holds the label as words of its own ("Summa intäkter", not "Summa
    omsättningstillgångar" for "Tillgångar")."""
    return re.search(rf"(?<!\w){re.escape(label)}(?!\w)", " ".join(text.split()).casefold()) is not None


def groups(table, facts: Facts | None = None) -> list[tuple[int, int, bool]]:
    """The groups of a table's body rows as (start, end, labelled_by_column), outer groups
    before the groups inside them (see group_levels)."""
    return [(start, end, by_column) for start, end, by_column, _level in group_levels(table, facts)]


def _signature(row) -> tuple[str, str]:
    """How a group row (tablefacts.Row) looks: its first cell's paragraph style and shading. A
    table whose group rows look two ways has two levels (an outer label across the table in a
    colour, the labels inside it without)."""
    cell = row.cells[0]
    shading = cell.element.find("w:tcPr/w:shd", NS)
    fill = shading.get(_w("fill"), "") if shading is not None else ""
    return _first_style(cell), "" if fill.upper() in ("FFFFFF", "AUTO") else fill  # white: no colour


def group_levels(table, facts: Facts | None = None) -> list[tuple[int, int, bool, int]]:
    """The groups of a table's body rows as (start, end, labelled_by_column, level): a group
    row and the rows under it up to the next group row of its level or an outer one, or the
    sum row that names it; or, in a table whose first column labels groups, a row with a
    first-column label and the rows after it whose first column is empty (labelled_by_column,
    one level). Group rows that look alike are of one level, the first look seen the
    outermost. Header rows are never group rows."""
    rows = (facts or Facts()).table(table).rows
    columns = len(table.findall("w:tblGrid/w:gridCol", NS))
    body = _body_rows(rows)
    found = []
    starts = [n for n in body if _is_group(rows[n], columns)]
    looks: list[tuple[str, str]] = []
    levels = {}
    for start in starts:
        look = _signature(rows[start])
        if look not in looks:
            looks.append(look)
        levels[start] = looks.index(look)
    for index, start in enumerate(starts):
        level = levels[start]
        end = next((n for n in starts[index + 1 :] if levels[n] <= level), len(rows))
        label = " ".join(rows[start].text.split()).casefold()
        for n in range(start + 1, end):
            if SUM_STYLES & _styles_in(rows[n]) and _names(rows[n].text, label):
                end = n + 1  # the sum that names the group closes it ("Summa intäkter"); a total below
                break  # belongs to no group, a sum of a part of it ("Summa Eget kapital") does
        found.append((start, end, False, level))
    if found:
        return found
    firsts = {n: _first_text(rows[n]) for n in body}
    for n in body:
        if firsts[n] and n + 1 in firsts and not firsts[n + 1]:
            end = n + 1
            while end in firsts and not firsts[end]:
                end += 1
            found.append((n, end, True, 0))
    return found


def _keep_table(table, known: dict | None, facts: Facts) -> None:
    rows = _rows(table)
    if not rows:
        return
    read = facts.table(table).rows
    if not all(row.unsplit for row in read) or len(read) != len(rows):  # each row found with w:cantSplit: nothing to do
        _cant_split(table)
    heights = _heights(rows, known, facts)
    body = _body_rows(read)
    if not body:
        return
    if sum(heights) < SMALL:  # a small table is kept whole
        for n in range(len(rows) - 1):
            _keep_row(rows[n], read[n])
    else:
        first, last = body[0], body[-1]
        found = groups(table, facts)
        whole = {start for start, end, _ in found if end - start > 1 and sum(heights[start:end]) <= WHOLE_GROUP}
        if last - first >= 3:  # no lone row at either end of a page: two rows at least
            if first + 1 not in whole:  # (a group kept whole moves on its own, not with the row above it)
                _keep_row(rows[first], read[first])
            _keep_row(rows[last - 1], read[last - 1])
        for start, end, _by_column in found:
            if start + 1 < end:
                _keep_row(rows[start], read[start])  # the group row keeps with its first row
            if start in whole:  # a group up to half a page is kept whole
                for n in range(start, end - 1):
                    _keep_row(rows[n], read[n])
    following = table.getnext()
    if following is not None and following.tag == _w("p") and _style(following) in FOOTNOTE_STYLES:
        _keep_row(rows[-1], read[-1])  # the notes never stand alone
        notes = []
        while following is not None and following.tag == _w("p") and _style(following) in FOOTNOTE_STYLES:
            notes.append(following)
            following = following.getnext()
        _keep_notes(notes)


NOTES_KEPT_WHOLE = 4  # a table's notes up to this many keep together; more may run onto the next page


def _keep_notes(notes: list) -> None:
    """A few notes keep together; a longer list (the income statement's thirteen) may run onto
    the next page, its first three with the table and its last two together, so that the
    table's last rows need not leave their page to stay with all of them. A note that ends
    with a colon ("Noter till resultaträkningen:") keeps with the note it introduces."""
    if len(notes) <= NOTES_KEPT_WHOLE:
        kept = notes[:-1]
    else:
        kept = [*notes[:2], notes[-2], *(n for n in notes[2:-2] if _text(n).rstrip().endswith(":"))]
    for note in kept:
        keep_with_next(note)


CONTINUATION_STYLE = CONTINUATION  # the paragraph between the parts of a split table
CONTINUED = " (forts.)"
_TABLE_PARTS = {_w("tblPr"), _w("tblGrid"), _TR}


def split_long_groups(table, known: dict | None = None, facts: Facts | None = None) -> None:
    """A table whose group is longer than half a page (a shorter one is kept on one page):
    the group becomes a table part of its own with the header row(s), the labels of the groups
    it lies in ("… (forts.)") and its own label repeated on every page (w:tblHeader), so that
    a continued page shows which group its rows belong to (Word cannot repeat a row in the
    middle of a table). The parts keep the table's style, grid and title ("… (forts.)"), and
    stand one after another with a paragraph in the style Tabellfortsättning between them (no
    text, no height) so that Word does not join them; the HTML edition joins them again."""
    facts = facts or Facts()
    rows = _rows(table)
    if not rows or any(child.tag not in _TABLE_PARTS for child in table):
        return
    header = [row.element for row in facts.table(table).rows if row.header]
    if header != rows[: len(header)] or not header:
        return
    heights = _heights(rows, known, facts)
    if sum(heights) < SMALL:
        return
    long = [g for g in group_levels(table, facts) if sum(heights[g[0] : g[1]]) > WHOLE_GROUP]
    if not long:
        return
    opens = {g[0]: g for g in long}
    cuts = sorted(({g[0] for g in long} | {g[1] for g in long if g[1] < len(rows)}) - {len(header)})
    cuts = [c for c in cuts if not (c in opens and c - 1 in opens)]  # a label right under its outer one
    cuts = _chain_short_tails(rows, cuts, opens, heights)
    bounds = [0, *cuts, len(rows)]
    facts.forget(table)  # its rows move, its labels repeat: read again when next asked
    anchor = table
    for index, (start, end) in enumerate(zip(bounds, bounds[1:])):
        part = table if index == 0 else _new_part(table, header)
        first = max(start, len(header))
        if index:
            for row in rows[start:end]:
                part.append(row)
            separator = etree.Element(_w("p"))
            etree.SubElement(etree.SubElement(separator, _w("pPr")), _w("pStyle")).set(_w("val"), CONTINUATION_STYLE)
            anchor.addnext(separator)
            separator.addnext(part)
            anchor = part
        for outer in [g for g in long if g[0] < first < g[1]]:  # outer groups begun on an earlier part
            rows[first].addprevious(_continued_label(rows[outer[0]]))
        at = first
        while at in opens and at < end:
            _repeat_label(table, rows[at], opens[at][2], known)
            at += 1
    for row in rows[bounds[1] :]:
        if row.getparent() is table:
            table.remove(row)


def _chain_short_tails(rows, cuts: list[int], opens: dict, heights: list[int]) -> list[int]:
    """The cuts left after dropping those where a long group ends and a short tail follows (the
    rest of its outer group, up to the next cut: the styrande dokument's 'Tandvård' and 'Övrigt'
    after a long 'Upphandlad vård'). The tail stays in the long group's part, kept with that
    group's last two rows so that it never opens a page under the long group's repeated label
    (up to two thirds of a page, as a group kept whole); as a part of its own it would begin with
    the column headings again in the middle of a page."""
    kept = []
    for index, cut in enumerate(cuts):
        following = cuts[index + 1] if index + 1 < len(cuts) else len(rows)
        if cut not in opens and cut >= 2 and sum(heights[cut - 2 : following]) <= WHOLE_GROUP:
            for row in rows[cut - 2 : following - 1]:
                _keep_row(row)
            continue
        kept.append(cut)
    return kept


def _repeat_label(table, row, by_column: bool, known: dict | None) -> None:
    """The row's group label repeats at the top of every page its part runs onto."""
    if by_column:
        row.addprevious(_label_row(table, row))
        if known is not None:
            known.pop(row, None)  # its label moved out: measured again
    else:
        _set_row(row, "tblHeader")
        _own_fill(row)


def _continued_label(row):
    """A copy of an outer group's row, its label followed by "(forts.)", repeated on every page
    of a part inside that group."""
    copied = copy.deepcopy(row)
    texts = [t for t in copied.iter(_T) if (t.text or "").strip()]
    if texts:
        texts[-1].text = texts[-1].text.rstrip() + CONTINUED
    _set_row(copied, "tblHeader")
    _own_fill(copied)
    return copied


def _own_fill(row) -> None:
    """A group row repeated as a header keeps the look of a body row: cells without their own
    shading get the body's white, not the header row's fill from the table style."""
    for cell in _cells(row):
        properties = cell.find("w:tcPr", NS)
        if properties is None:
            properties = etree.Element(_w("tcPr"))
            cell.insert(0, properties)
        if properties.find("w:shd", NS) is None:
            shading = etree.Element(_w("shd"), {_w("val"): "clear", _w("color"): "auto", _w("fill"): "FFFFFF"})
            # schema order: shd after tcW, gridSpan, vMerge, tcBorders; before noWrap, tcMar, vAlign
            later = [
                properties.find(f"w:{t}", NS)
                for t in ("noWrap", "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark")
            ]
            later = [e for e in later if e is not None]
            (later[0].addprevious(shading) if later else properties.append(shading))


def _new_part(table, header):
    part = etree.Element(_w("tbl"))
    properties = copy.deepcopy(table.find("w:tblPr", NS))
    caption = properties.find("w:tblCaption", NS)
    if caption is not None:
        caption.set(_w("val"), caption.get(_w("val"), "") + CONTINUED)
    part.append(properties)
    part.append(copy.deepcopy(table.find("w:tblGrid", NS)))
    for row in header:
        part.append(copy.deepcopy(row))
    return part


def _label_row(table, row):
    """The first-column label of a group as a header row across the table; the row it came
    from keeps its cell, emptied (the label stands once)."""
    cell = _cells(row)[0]
    label = _text(cell).strip()
    style = SMALL_GROUP if _style_of_cell(cell) in SMALL_SIZES else GROUP_STYLE  # a mindre_text table's: small
    widths = [int(c.get(_w("w"), "0")) for c in table.findall("w:tblGrid/w:gridCol", NS)]
    xml = (
        f'<w:tr xmlns:w="{W}"><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr><w:tc><w:tcPr>'
        f'<w:tcW w:w="{sum(widths)}" w:type="dxa"/><w:gridSpan w:val="{len(widths)}"/></w:tcPr>'
        f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t xml:space="preserve"></w:t></w:r></w:p>'
        "</w:tc></w:tr>"
    )
    new = etree.fromstring(xml)
    next(new.iter(_T)).text = label
    _own_fill(new)
    paragraphs = cell.findall("w:p", NS)
    for child in list(cell):
        if child.tag != _w("tcPr"):
            cell.remove(child)
    empty = etree.SubElement(cell, _w("p"))
    ppr = paragraphs[0].find("w:pPr", NS) if paragraphs else None
    if ppr is not None:
        empty.append(copy.deepcopy(ppr))
    return new


def rejoined(elements: list) -> list:
    """The body's elements with the parts of each split table joined again into one table (a
    copy; the HTML edition shows one table): the outer labels a part repeats ("… (forts.)")
    dropped, the group rows back among the body rows. Tables that were not split are returned as they are."""
    out: list = []
    copies: set[int] = set()
    for element in elements:
        separated = len(out) > 1 and out[-1].tag == _P and _style(out[-1]) == CONTINUATION and not _spaced(out[-1])
        if element.tag == _w("tbl") and separated and out[-2].tag == _w("tbl"):
            out.pop()
            if id(out[-1]) not in copies:
                out[-1] = copy.deepcopy(out[-1])
                copies.add(id(out[-1]))
            for row in _rows(element)[_header_count(element) :]:
                if not _is_continued_label(row):
                    out[-1].append(_unmarked(copy.deepcopy(row)))
            continue
        if element.tag == _w("tbl") and _repeats_group_row(element):
            element = copy.deepcopy(element)
            copies.add(id(element))
            for row in _rows(element)[_header_count(element) :]:
                _unmarked(row)
        out.append(element)
    return out


def _is_continued_label(row) -> bool:
    """A copy of an outer group's row that a part repeats (split_long_groups)."""
    return _is_header(row) and _text(row).rstrip().endswith(CONTINUED.strip())


def _spaced(paragraph) -> bool:
    """A Tabellfortsättning paragraph with space before it sets two tables apart (docgen.word.write);
    one without it joins the parts of a split table."""
    return paragraph.find("w:pPr/w:spacing[@w:before]", NS) is not None


def _leading_headers(rows) -> int:
    count = 0
    while count < len(rows) and _is_header(rows[count]):
        count += 1
    return count


def _header_count(table) -> int:
    """How many of the table's first rows are column headers (a group row repeated with them is not)."""
    rows = _rows(table)
    count = _leading_headers(rows)
    columns = len(table.findall("w:tblGrid/w:gridCol", NS))
    while count > 1 and _is_group_row(rows[count - 1], columns):
        count -= 1
    return count


def _repeats_group_row(table) -> bool:
    return _header_count(table) < _leading_headers(_rows(table))


def _unmarked(row):
    """The row as a body row (no w:tblHeader)."""
    mark = row.find("w:trPr/w:tblHeader", NS)
    if mark is not None:
        mark.getparent().remove(mark)
    return row
