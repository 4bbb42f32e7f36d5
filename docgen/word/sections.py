"""Landscape sections for wide tables (bred_tabell: liggande).

docgen.word.tables puts such a table between two placeholder section breaks. Here they get the
properties of the section the table stands in (the next real w:sectPr): the break before the
table ends a portrait piece of it, the break after the table ends a landscape piece with the page
turned (width and height swapped) and the same margins, header and footer references. The
first piece keeps the section's title page and page-number start; the pieces after it continue.
"""

from __future__ import annotations

import copy

from docgen.word.tables import LANDSCAPE_TEXT_WIDTH, TEXT_WIDTH
from docgen.word.widths import too_wide

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _placeholder(sect) -> bool:
    size = sect.find("w:pgSz", NS)
    return sect.getparent().tag == _w("pPr") and (size is None or size.get(_w("w")) is None)


def _continued(sect) -> None:
    """A later piece of a section: no title page of its own, page numbers run on."""
    for title in sect.findall("w:titlePg", NS):
        sect.remove(title)
    numbering = sect.find("w:pgNumType", NS)
    if numbering is not None and numbering.get(_w("start")) is not None:
        del numbering.attrib[_w("start")]


def _turned(sect) -> None:
    size = sect.find("w:pgSz", NS)
    if size is None:
        return
    width, height = size.get(_w("w")), size.get(_w("h"))
    if width and height and int(width) < int(height):
        size.set(_w("w"), height)
        size.set(_w("h"), width)
    size.set(_w("orient"), "landscape")
    kind = sect.find("w:type", NS)
    if kind is not None:
        kind.set(_w("val"), "nextPage")


def _text_width(sect) -> int | None:
    size, margins = sect.find("w:pgSz", NS), sect.find("w:pgMar", NS)
    try:
        return int(size.get(_w("w"))) - int(margins.get(_w("left"))) - int(margins.get(_w("right")))
    except (AttributeError, TypeError, ValueError):
        return None


def _automatic(body) -> None:
    """bred_tabell: automatiskt. Landscape when the table's columns do not fit the portrait
    width (the columns' widths scaled to the landscape page, widths.fit_columns then sets them);
    else the table stays where it is, without breaks."""
    for size in list(body.iterfind("w:p/w:pPr/w:sectPr/w:pgSz[@w:orient='portrait']", NS)):
        if size.get(_w("w")) is not None:
            continue
        start = size.getparent().getparent().getparent()
        table = next((e for e in start.itersiblings() if e.tag == _w("tbl")), None)
        end = next(
            (e for e in start.itersiblings() if e.find("w:pPr/w:sectPr/w:pgSz[@w:code='0']", NS) is not None), None
        )
        if table is None or end is None:
            continue
        if too_wide(table):
            size.getparent().remove(size)
            del end.find("w:pPr/w:sectPr/w:pgSz", NS).attrib[_w("code")]
            for element in table.iter(_w("gridCol"), _w("tcW")):
                value = element.get(_w("w"))
                if value and value.isdigit() and element.get(_w("type")) in (None, "dxa"):
                    element.set(_w("w"), str(int(value) * LANDSCAPE_TEXT_WIDTH // TEXT_WIDTH))
        else:
            body.remove(start)
            body.remove(end)


def landscape(root) -> None:
    body = root.find("w:body", NS)
    if body is None:
        return
    _automatic(body)
    pending: list = []
    for sect in list(body.iter(_w("sectPr"))):
        if _placeholder(sect):
            pending.append(sect)
            continue
        if pending:
            _split(sect, pending)
        pending = []


def _last(holder, governing) -> bool:
    """Nothing but empty paragraphs between the landscape break and the section's end."""
    paragraph = holder.getparent().getparent()
    for sibling in paragraph.itersiblings():
        if sibling is governing:
            return True
        if (
            sibling.tag != _w("p")
            or "".join(sibling.itertext()).strip()
            or sibling.find(".//w:drawing", NS) is not None
            or sibling.find("w:pPr/w:sectPr", NS) is not None
        ):
            return False
    return False


def _split(governing, placeholders: list) -> None:
    ends_turned = placeholders[-1].find("w:pgSz", NS) is not None and _last(placeholders[-1], governing)
    if ends_turned:  # the table ends the section: its last piece is the landscape one (no empty page after it)
        last = placeholders.pop()
        paragraph = last.getparent().getparent()
        paragraph.getparent().remove(paragraph)
    _split_pieces(governing, placeholders)
    if placeholders:
        _continued(governing)
        kind = governing.find("w:type", NS)
        if kind is not None:
            kind.set(_w("val"), "nextPage")
    if ends_turned:
        _turned(governing)
        _fit_tables(governing, _text_width(governing))


def _split_pieces(governing, placeholders: list) -> None:
    for n, holder in enumerate(placeholders):
        piece = copy.deepcopy(governing)
        landscape_piece = holder.find("w:pgSz", NS) is not None
        if n:
            _continued(piece)
        if landscape_piece:
            _turned(piece)
            _fit_tables(holder.getparent().getparent(), _text_width(piece))
        else:
            kind = piece.find("w:type", NS)
            if n and kind is not None:  # the piece after a landscape one starts on a new page
                kind.set(_w("val"), "nextPage")
        holder.getparent().replace(holder, piece)


def _fit_tables(end, text_width: int | None) -> None:
    """The table(s) of the landscape piece ending at `end`, drawn for the A4 page: widened (or
    narrowed) to the document's own landscape text width."""
    if not text_width or text_width == LANDSCAPE_TEXT_WIDTH:
        return
    for sibling in end.itersiblings(preceding=True):
        if sibling.tag == _w("p") and sibling.find("w:pPr/w:sectPr", NS) is not None:
            break
        if sibling.tag == _w("tbl"):
            for element in sibling.iter(_w("gridCol"), _w("tcW")):
                value = element.get(_w("w"))
                if value and value.isdigit() and element.get(_w("type")) in (None, "dxa"):
                    element.set(_w("w"), str(int(value) * text_width // LANDSCAPE_TEXT_WIDTH))
