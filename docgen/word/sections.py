"""Landscape sections for wide tables (bred_tabell: liggande).

docgen.word.tables puts such a table between two placeholder section breaks. Here they get the
properties of the section the table stands in (the next real w:sectPr): the break before the
table ends a portrait piece of it, the break after the table ends a landscape piece with the page
turned (width and height swapped), the same margins, and header and footer (widened, below). The
first piece keeps the section's title page and page-number start; the pieces after it continue.
Wide tables one after the other share one landscape piece (no empty portrait page between
them), and the heading(s) and introduction right before a wide table turn with it.

A turned page is wider: its running header and footer (turned_headers) are copies of the
template's own parts with their tab stops and table widths scaled to the landscape text width,
so a right-aligned title or page number stands at the landscape page's right margin.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.parts.hdrftr import FooterPart, HeaderPart
from lxml import etree

from docgen.word import toc
from docgen.word.environment import TOC_MARKER_STYLE
from docgen.word.pagination import SHORT_LINE
from docgen.word.tables import LANDSCAPE_TEXT_WIDTH, TEXT_WIDTH
from docgen.word.widths import too_wide

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


# the body's section breaks, found in C (ElementPath's iterfind makes a Python object for every paragraph)
_BREAKS = etree.XPath("w:p/w:pPr/w:sectPr", namespaces=NS)
_PORTRAIT_SIZES = etree.XPath("w:p/w:pPr/w:sectPr/w:pgSz[@w:orient='portrait']", namespaces=NS)
_LANDSCAPE_SIZES = etree.XPath("w:p/w:pPr/w:sectPr/w:pgSz[@w:orient='landscape']", namespaces=NS)


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
    for size in _PORTRAIT_SIZES(body):
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
    _join_turns(body)
    _take_introductions(body)
    _drop_empty_pieces(body)
    pending: list = []
    for sect in list(body.iter(_w("sectPr"))):
        if _placeholder(sect):
            pending.append(sect)
            continue
        if pending:
            _split(sect, pending)
        pending = []


def _blank(element) -> bool:
    return (
        element.tag == _w("p")
        and not "".join(element.itertext()).strip()
        and element.find(".//w:drawing", NS) is None
        and element.find("w:pPr/w:sectPr", NS) is None
    )


def _join_turns(body) -> None:
    """Wide tables one after the other share one landscape section: the portrait section
    between them would hold nothing and print as an empty page."""
    for size in _LANDSCAPE_SIZES(body):
        sect = size.getparent()
        if not _placeholder(sect):
            continue
        end = sect.getparent().getparent()
        start = next((e for e in end.itersiblings() if not _blank(e)), None)
        placeholder = start.find("w:pPr/w:sectPr", NS) if start is not None and start.tag == _w("p") else None
        if placeholder is not None and _placeholder(placeholder) and placeholder.find("w:pgSz", NS) is None:
            body.remove(start)
            body.remove(end)


def _style_of(paragraph) -> str:
    style = paragraph.find("w:pPr/w:pStyle", NS)
    return style.get(_w("val")) if style is not None else ""


def _introduction(element) -> bool:
    """A paragraph of running text (not a heading, caption, figure, TOC, field or list item:
    a list's last item does not leave its list)."""
    style = _style_of(element)
    return (
        element.tag == _w("p")
        and bool("".join(element.itertext()).strip())
        and not style.startswith(("Heading", "Caption", "TOC", "Title", "Subtitle", "Docgen"))
        and "list" not in style.lower()
        and element.find("w:pPr/w:numPr", NS) is None
        and element.find(".//w:drawing", NS) is None
        and element.find(".//w:fldChar", NS) is None
        and element.find("w:pPr/w:sectPr", NS) is None
    )


def _title_line(element) -> bool:
    """A paragraph of one short line without a full stop right above an introduction: it reads
    as the title of what is introduced and turns with it (as pagination keeps it with it)."""
    text = "".join(element.itertext()).strip()
    return _introduction(element) and len(text) <= SHORT_LINE and not text.endswith((".", "!", "?"))


def _heading(element) -> bool:
    return element.tag == _w("p") and _style_of(element).startswith("Heading")


def _take_introductions(body) -> None:
    """The heading(s) and the introduction right before a landscape table turn with it: the
    break before the table moves above them, so they do not end the portrait page alone. Not
    when they are all the portrait section holds (it would print as an empty page)."""
    for sect in _BREAKS(body):
        if not _placeholder(sect) or sect.find("w:pgSz", NS) is not None:
            continue
        start = sect.getparent().getparent()
        taken, before = [], start.getprevious()
        if before is not None and _introduction(before):
            taken.append(before)
            before = before.getprevious()
            if before is not None and _title_line(before):  # "År: 2016" above "Nämnd: …" and the plan
                taken.append(before)
                before = before.getprevious()
        while before is not None and _heading(before):
            taken.append(before)
            before = before.getprevious()
        if taken and _only_title_before(taken[-1]) and _table_ends_section(start):
            _first_of_section(taken[-1]).addprevious(start)  # the title turns too (_drop_empty_pieces)
        elif taken and _content_before(taken[-1]):
            taken[-1].addprevious(start)


def _only_title_before(element) -> bool:
    """Only the document's title block (Title, Subtitle; blank paragraphs) printed before the
    element in its section: left behind, it would stand alone on a near-empty portrait page
    (Uppsala's internkontrollplan, one wide table under its heading, nothing after it)."""
    titled = False
    for sibling in element.itersiblings(preceding=True):
        if sibling.tag == _w("p") and sibling.find("w:pPr/w:sectPr", NS) is not None:
            break
        if _blank(sibling) or _left_out_toc(sibling):
            continue
        if sibling.tag != _w("p") or _style_of(sibling) not in ("Title", "Subtitle"):
            return False
        titled = True
    return titled


def _left_out_toc(paragraph) -> bool:
    """The template's TOC place, or its heading above it, when the TOC will be left out (too
    few headings: docgen.word.toc.wanted; write._insert_toc removes both later)."""
    if paragraph.tag != _w("p"):
        return False
    place = paragraph
    if _style_of(paragraph) != TOC_MARKER_STYLE:
        place = paragraph.getnext()
        style = _style_of(paragraph).lower()
        if place is None or _style_of(place) != TOC_MARKER_STYLE or not ("toc" in style or "innehall" in style):
            return False
    body = paragraph.getparent()
    headings = sum(
        1 for p in body.iterchildren(_w("p")) if _style_of(p) in toc.LEVELS and "".join(p.itertext()).strip()
    )
    return not toc.wanted("".join(place.itertext()), headings)


def _table_ends_section(start) -> bool:
    """Nothing printed after the landscape piece that `start` opens, up to its section's end (a
    document that ends with its wide table): a document that goes on in portrait keeps its
    title page portrait."""
    end = None
    for sibling in start.itersiblings():
        sect = sibling.find("w:pPr/w:sectPr", NS) if sibling.tag == _w("p") else None
        if sect is not None:
            end = sibling
            break
    if end is None or end.find("w:pPr/w:sectPr/w:pgSz", NS) is None:
        return False
    for sibling in end.itersiblings():
        if sibling.tag == _w("sectPr"):
            return True
        sect = sibling.find("w:pPr/w:sectPr", NS) if sibling.tag == _w("p") else None
        if sect is not None:
            return not _placeholder(sect)
        if not _blank(sibling):
            return False
    return True


def _first_of_section(element):
    """The first element of the element's section (after the section break before it)."""
    first = element
    for sibling in element.itersiblings(preceding=True):
        if sibling.tag == _w("p") and sibling.find("w:pPr/w:sectPr", NS) is not None:
            break
        first = sibling
    return first


def _drop_empty_pieces(body) -> None:
    """A break before a landscape table with nothing printed before it in its section would end
    an empty portrait piece (an empty page): the table's piece takes the section's start, its
    title page and page numbering (a document that is one wide table under its title is set
    landscape throughout, as a typesetter sets it)."""
    for sect in _BREAKS(body):
        if not _placeholder(sect) or sect.find("w:pgSz", NS) is not None:
            continue
        start = sect.getparent().getparent()
        if not _content_before(start) and _opens_landscape(start):
            body.remove(start)


def _opens_landscape(start) -> bool:
    """The next section break after `start` is a landscape placeholder (start opens a turned piece)."""
    for sibling in start.itersiblings():
        sect = sibling.find("w:pPr/w:sectPr", NS) if sibling.tag == _w("p") else None
        if sect is not None:
            return _placeholder(sect) and sect.find("w:pgSz", NS) is not None
    return False


def _content_before(element) -> bool:
    """Something printed before the element in its section."""
    for sibling in element.itersiblings(preceding=True):
        if sibling.tag == _w("p") and sibling.find("w:pPr/w:sectPr", NS) is not None:
            return False
        if not _blank(sibling):
            return True
    return False


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


_REFERENCES = {
    _w("headerReference"): (RT.HEADER, HeaderPart, "/word/header%d.xml"),
    _w("footerReference"): (RT.FOOTER, FooterPart, "/word/footer%d.xml"),
}
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def turned_headers(document_part) -> None:
    """Each landscape section refers to landscape copies of its header and footer parts (one
    copy per part and width, shared by the landscape sections, numbered after the template's
    parts so the same document gives the same part names). Page numbers run on: the copies
    keep the template's fields, and the section's pgNumType is left as it is. A header a
    section inherits from the one before it is spelt out in the landscape section and in the
    section after it, which would otherwise inherit the landscape copy."""
    body = document_part.element.find("w:body", NS)
    if body is None:
        return
    styles = document_part.styles.element
    copies: dict[tuple[str, int, int], str] = {}
    inherited: dict[tuple[str, str], object] = {}
    after_turned = False
    for sect in list(body.iter(_w("sectPr"))):
        wide, narrow = _text_width(sect), _portrait_width(sect)
        size = sect.find("w:pgSz", NS)
        turned = size is not None and size.get(_w("orient")) == "landscape" and bool(wide and narrow and wide > narrow)
        if turned or after_turned:
            _spell_out(sect, inherited)
        for reference in _references(sect):
            inherited[(reference.tag, reference.get(_w("type"), "default"))] = copy.deepcopy(reference)
        after_turned = turned
        if not turned:
            continue
        turn = _turn(sect)
        for reference in _references(sect):
            if reference.get(R_ID) not in document_part.rels:
                continue
            key = (reference.get(R_ID), narrow, wide, turn)
            if key not in copies:
                copies[key] = _turned_copy(document_part, reference, styles, narrow, wide, turn)
            reference.set(R_ID, copies[key])


def _references(sect) -> list:
    return [child for child in sect if child.tag in _REFERENCES]


def _spell_out(sect, inherited: dict) -> None:
    """The header and footer references a section inherits, written in it (they come first)."""
    own = {(r.tag, r.get(_w("type"), "default")) for r in _references(sect)}
    missing = [reference for key, reference in sorted(inherited.items()) if key not in own]
    for n, reference in enumerate(missing):
        sect.insert(len(own) + n, copy.deepcopy(reference))


def _portrait_width(sect) -> int | None:
    size, margins = sect.find("w:pgSz", NS), sect.find("w:pgMar", NS)
    try:
        return int(size.get(_w("h"))) - int(margins.get(_w("left"))) - int(margins.get(_w("right")))
    except (AttributeError, TypeError, ValueError):
        return None


def _turned_copy(document_part, reference, styles, narrow: int, wide: int, turn: Turn | None = None) -> str:
    """A copy of the referenced part, widened, its pictures placed from the page edge moved with
    the turn; its relationships (pictures) keep their ids."""
    reltype, kind, template = _REFERENCES[reference.tag]
    original = document_part.rels[reference.get(R_ID)].target_part  # docxtpl replaced it by the rendered part
    element = copy.deepcopy(original.element)
    _widen(element, styles, narrow, wide)
    if turn is not None:
        _move_pictures(element, turn)
    package = document_part.package
    part = kind(package.next_partname(template), original.content_type, element, package)
    for rId, rel in sorted(original.rels.items()):
        part.load_rel(rel.reltype, rel.target_ref if rel.is_external else rel.target_part, rId, rel.is_external)
    return document_part.relate_to(part, reltype)


@dataclass(frozen=True)
class Turn:
    """A landscape page against the portrait page it turns (twips): the portrait page's and
    text area's width and height, and how much each grows (or shrinks) when turned."""

    page: tuple[int, int]
    text: tuple[int, int]
    page_growth: tuple[int, int]
    text_growth: tuple[int, int]


def _turn(sect) -> Turn | None:
    size, margins = sect.find("w:pgSz", NS), sect.find("w:pgMar", NS)
    try:
        wide, high = int(size.get(_w("w"))), int(size.get(_w("h")))
        left, right = int(margins.get(_w("left"))), int(margins.get(_w("right")))
        top, bottom = abs(int(margins.get(_w("top")))), abs(int(margins.get(_w("bottom"))))
    except (AttributeError, TypeError, ValueError):
        return None
    page = (high, wide)  # the portrait page: width and height swapped back, the same margins
    text = (high - left - right, wide - top - bottom)
    turned_text = (wide - left - right, high - top - bottom)
    return Turn(page, text, (wide - high, high - wide), (turned_text[0] - text[0], turned_text[1] - text[1]))


EMU = 635  # per twip
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


def _move_pictures(part_root, turn: Turn) -> None:
    """A picture placed at a distance from the page's or the margins' left or top edge (a logo
    in the header, "In front of text" in Word) keeps its distance to the nearer edge: one in the
    right half moves right with the wider page, one in the lower half up with the lower page.
    A picture aligned (left, centre, right) or placed from a margin area moves by itself."""
    for anchor in part_root.iter(f"{{{_WP}}}anchor"):
        extent = anchor.find(f"{{{_WP}}}extent")
        size = [int(extent.get(n, "0") or 0) for n in ("cx", "cy")] if extent is not None else [0, 0]
        for axis, tag in enumerate(("positionH", "positionV")):
            position = anchor.find(f"{{{_WP}}}{tag}")
            offset = position.find(f"{{{_WP}}}posOffset") if position is not None else None
            if offset is None or not (offset.text or "").strip().lstrip("-").isdigit():
                continue
            frame = {"page": (turn.page, turn.page_growth), "margin": (turn.text, turn.text_growth)}
            frame["column"] = frame["margin"] if axis == 0 else None
            found = frame.get(position.get("relativeFrom", ""))
            if found is None:
                continue
            (length, growth) = found[0][axis], found[1][axis]
            at = int(offset.text.strip())
            if at + size[axis] / 2 > length * EMU / 2:  # nearer the right or bottom edge
                offset.text = str(at + growth * EMU)


def _scaled(value: str | None, narrow: int, wide: int) -> str | None:
    if value is None or not value.lstrip("-").isdigit():
        return None
    return str(int(value) * wide // narrow)


def _widen(part_root, styles, narrow: int, wide: int) -> None:
    """Tab stops (the paragraph's own and those of its style) and table widths in twips, scaled
    from the portrait to the landscape text width."""
    for paragraph in part_root.iter(_w("p")):
        _widen_tabs(paragraph, styles, narrow, wide)
    for element in part_root.iter(_w("tblW"), _w("gridCol"), _w("tcW")):
        if element.get(_w("type")) in (None, "dxa"):
            value = _scaled(element.get(_w("w")), narrow, wide)
            if value is not None:
                element.set(_w("w"), value)


def _style_tabs(style_id: str | None, styles) -> dict[int, str]:
    """The tab stops a paragraph style sets (through its basedOn chain): position → alignment."""
    chain, seen = [], set()
    style = _paragraph_style(style_id, styles)
    while style is not None and style.get(_w("styleId")) not in seen:
        seen.add(style.get(_w("styleId")))
        chain.append(style)
        based = style.find("w:basedOn", NS)
        style = _paragraph_style(based.get(_w("val")), styles) if based is not None else None
    tabs: dict[int, str] = {}
    for style in reversed(chain):
        for tab in style.findall("w:pPr/w:tabs/w:tab", NS):
            _merge_tab(tabs, tab)
    return tabs


def _paragraph_style(style_id: str | None, styles):
    if style_id is None:
        return styles.find("w:style[@w:type='paragraph'][@w:default='1']", NS)
    return styles.find(f"w:style[@w:type='paragraph'][@w:styleId='{style_id}']", NS)


def _merge_tab(tabs: dict[int, str], tab) -> None:
    try:
        position = int(tab.get(_w("pos")))
    except (TypeError, ValueError):
        return
    if tab.get(_w("val")) == "clear":
        tabs.pop(position, None)
    else:
        tabs[position] = tab


def _widen_tabs(paragraph, styles, narrow: int, wide: int) -> None:
    style = paragraph.find("w:pPr/w:pStyle", NS)
    inherited = _style_tabs(style.get(_w("val")) if style is not None else None, styles)
    own = paragraph.find("w:pPr/w:tabs", NS)
    if not inherited and own is None:
        return
    stops = dict(inherited)
    for tab in own if own is not None else []:
        _merge_tab(stops, tab)
    tabs = etree.Element(_w("tabs"))
    for position in sorted(set(inherited) | set(stops)):
        if position in inherited:  # the style's stop is cleared; the widened one takes its place
            tabs.append(etree.Element(_w("tab"), {_w("val"): "clear", _w("pos"): str(position)}))
    for position, tab in sorted(stops.items()):
        widened = copy.deepcopy(tab)
        widened.set(_w("pos"), _scaled(str(position), narrow, wide))
        tabs.append(widened)
    if own is not None:
        own.getparent().replace(own, tabs)
    else:
        _insert_tabs(paragraph, tabs)


# the children of w:pPr that come before w:tabs, in the schema's order
_BEFORE_TABS = (
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
)


def _insert_tabs(paragraph, tabs) -> None:
    ppr = paragraph.find("w:pPr", NS)
    if ppr is None:
        ppr = etree.Element(_w("pPr"))
        paragraph.insert(0, ppr)
    position = 0
    for n, child in enumerate(ppr):
        if etree.QName(child).localname in _BEFORE_TABS:
            position = n + 1
    ppr.insert(position, tabs)
