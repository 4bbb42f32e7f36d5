"""Stage 5, write: finish the rendered document and write it reproducibly and atomically.

Finishing means what the template cannot do by itself: the table of contents is built from
the headings (hyperlinked entries, already filled in, so Word never asks to update fields
and never shows an empty TOC), the document language is sv-SE, and the document
properties (title, author, subject, language) come from the sources. The zip is written
with fixed timestamps and order, so the same sources give the same bytes, to a temporary
file that is renamed into place only when complete.
"""

from __future__ import annotations

import re
from docgen.word.emptycolumns import drop_empty_columns
from docgen.word.xmltext import escape

from docx.opc.pkgwriter import PackageWriter
from lxml import etree

from docgen.sources import schema
from docgen.word.files import docx_bytes, ensure_inside, write_atomically  # noqa: F401 (imported from here too)
from docgen.word import markers, toc
from docgen.word.environment import TOC_MARKER_STYLE
from docgen.word.namedstyles import CONTINUATION, ensure_named_styles
from docgen.word.headerpictures import mark_decorative
from docgen.word.pagination import paginate
from docgen.word.plainxml import plain_elements
from docgen.word.repair import single_table_properties, title_untitled_tables
from docgen.word.sections import landscape, turned_headers
from docgen.word.tablefacts import Facts
from docgen.word.styles import apply_contract
from docgen.word.textsearch import texts_holding
from docgen.word.widths import (
    ADDRESS_NEEDLES,
    fit_columns,
    hyphenate,
    paragraphs_of,
    unhyphenated_addresses,
    unhyphenated_headings,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
TOC_LEVELS = toc.LEVELS
TOC_HEADING_STYLE = "TOCHeading"
LANGUAGE = "sv-SE"
TOC_TAB = 9070  # twips: the right tab of a TOC entry, at the text width of an A4 page
APPLICATION = "docgen"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


class _Collect:
    """Receives the package's parts from python-docx's writer instead of a zip file."""

    def __init__(self):
        self.parts: dict[str, bytes] = {}

    def write(self, pack_uri, blob: bytes) -> None:
        self.parts[pack_uri.membername] = blob


def finish_document(rendered, inspect=None) -> dict[str, bytes]:
    """The parts of the rendered document (a docxtpl/python-docx object), finished.

    Works on the package in memory: the body is finished on its live XML tree and every
    part is serialised once (no intermediate zip to write, read and parse again).
    `inspect(parts, document_root, styles_root)` sees the finished body and styles as they
    were serialised (the accessibility gate, which so parses neither again)."""
    document = rendered.docx
    root = document.element
    with plain_elements():  # lxml's API only, here and below (docgen.word.plainxml)
        _fill_empty_cells(root)
        facts = Facts()  # each table read once, for the passes below (none of them changes a cell before fit_columns)
        drop_empty_columns(root, facts)
        single_table_properties(root)
        title_untitled_tables(root)
        landscape(root)  # first: the paragraph after a table may be one of its section breaks
        _separate_adjacent_tables(root)
        _space_after_tables(root)
    turned_headers(document.part)  # python-docx: new header and footer parts
    styles = document.styles.element
    headers = [part.element for part in header_footer_parts(document.part.package)]
    with plain_elements():
        fit_columns(root, facts)
        paginate(root, facts)
        del facts  # its elements are plain ones
        texts = texts_holding(root, "[", *ADDRESS_NEEDLES)  # one walk for the markers and the addresses
        addressed = paragraphs_of(texts)  # before the markers' runs are split (in the same paragraphs)
        markers.mark(root, texts)
        del texts
        for header in headers:
            markers.mark(header)
        for part in (root, *headers):
            markers.unhyphenated_markers(part)
        for header in headers:
            mark_decorative(header)  # a logo without alt text (docgen.word.headerpictures)
        paragraph_styles, contents = _insert_toc(root, styles)
        apply_contract(root, styles, paragraph_styles)
        _set_language(styles)
        ensure_named_styles(styles)
    settings = document.settings.element  # python-docx: made when the template has none
    with plain_elements():
        hyphenate(settings)
        unhyphenated_headings(styles)
        for paragraph in [*addressed, *contents]:  # where an address can be: each looked at as it now is
            unhyphenated_addresses(paragraph)
        del addressed, contents  # plain elements, as facts
    package = document.part.package
    for part in package.parts:
        part.before_marshal()
    collected = _Collect()
    PackageWriter._write_content_types_stream(collected, package.parts)
    PackageWriter._write_pkg_rels(collected, package.rels)
    PackageWriter._write_parts(collected, package.parts)
    parts = collected.parts
    if inspect is not None:
        inspect(parts, root, document.styles.element)
    return parts


HEADER_FOOTER = re.compile(r"word/(header|footer)\d*\.xml$")


def header_footer_parts(package) -> list:
    """The package's page headers and footers (as docxtpl rendered them)."""
    return [part for part in package.parts if HEADER_FOOTER.match(part.partname.lstrip("/"))]


def set_properties(
    parts: dict[str, bytes], info: schema.DocumentInfo, pages: int | None = None, sources: schema.Sources | None = None
) -> None:
    """docProps/core.xml and app.xml written from the sources: no build time, no template
    leftovers (the template's application and page count); the page count only when the
    document has been laid out (`pages`, when publishing). The date is the document's
    (dokument.datum), else a case's or a meeting's from the sources; never the build's."""
    if "docProps/app.xml" not in parts:
        _register_app_part(parts)
    _drop_thumbnail(parts)
    parts["docProps/app.xml"] = app_properties(info, pages)
    date = info.date or _date_in_sources(sources)
    stamp = f"{date.isoformat()}T00:00:00Z" if date else None
    dates = (
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        if stamp
        else ""
    )
    author = escape(info.author or f"{info.organisation}, {info.board.lower()}")
    title = markers.normalise(info.title)  # a title still to be written shows its marker as the page does, not as typed
    parts["docProps/core.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title>"
        f"<dc:subject>{escape(markers.normalise(info.subject) if info.subject else title)}</dc:subject>"
        f"<dc:creator>{author}</dc:creator>"
        f"<cp:lastModifiedBy>{author}</cp:lastModifiedBy>"
        f"<dc:language>{LANGUAGE}</dc:language>"
        "<cp:revision>1</cp:revision>"
        f"{dates}"
        "</cp:coreProperties>"
    ).encode("utf-8")


def _date_in_sources(sources):
    """A case's own date or meeting date, or a meeting's date (documents without dokument.datum)."""
    if sources is None:
        return None
    case, meeting = getattr(sources, "case", None), getattr(sources, "meeting", None)
    for date in (getattr(case, "date", None), getattr(case, "meeting", None), getattr(meeting, "date", None)):
        if date is not None:
            return date
    return None


def app_properties(info: schema.DocumentInfo, pages: int | None = None) -> bytes:
    """docProps/app.xml: docgen as the application, the organisation, the page count when known."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        + (f"<Pages>{pages}</Pages>" if pages else "")
        + f"<Application>{APPLICATION}</Application>"
        "<DocSecurity>0</DocSecurity>"
        f"<Company>{escape(info.organisation)}</Company>"
        "<LinksUpToDate>false</LinksUpToDate>"
        "</Properties>"
    ).encode("utf-8")


APP_TYPE = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
APP_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"


_THUMBNAIL_REL = re.compile(rb"<Relationship [^>]*relationships/metadata/thumbnail\"[^>]*/>")


def _drop_thumbnail(parts: dict[str, bytes]) -> None:
    """The template's preview picture is not the document's (the starter's and the seeds'
    templates carry a blank page from python-docx): without one, Explorer and Finder show the
    document's icon instead of an empty page."""
    rels = parts["_rels/.rels"]
    found = _THUMBNAIL_REL.search(rels)
    if found is None:
        return
    target = re.search(rb'Target="/?([^"]+)"', found.group(0))
    if target:
        parts.pop(target.group(1).decode("utf-8"), None)
    parts["_rels/.rels"] = rels[: found.start()] + rels[found.end() :]


def _register_app_part(parts: dict[str, bytes]) -> None:
    """Content type and package relationship for an app.xml the template did not have."""
    types = parts["[Content_Types].xml"].decode("utf-8")
    parts["[Content_Types].xml"] = types.replace(
        "</Types>", f'<Override PartName="/docProps/app.xml" ContentType="{APP_TYPE}"/></Types>'
    ).encode("utf-8")
    rels = parts["_rels/.rels"].decode("utf-8")
    parts["_rels/.rels"] = rels.replace(
        "</Relationships>",
        f'<Relationship Id="rIdDocgenApp" Type="{APP_REL}" Target="docProps/app.xml"/></Relationships>',
    ).encode("utf-8")


def _set_language(root) -> None:
    """The document language sv-SE in the styles' defaults, whatever the template says."""
    defaults = root.find("w:docDefaults", NS)
    if defaults is None:
        defaults = etree.SubElement(root, _w("docDefaults"))
        root.insert(0, defaults)
    rpr_default = defaults.find("w:rPrDefault", NS)
    if rpr_default is None:
        rpr_default = etree.SubElement(defaults, _w("rPrDefault"))
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find("w:rPr", NS)
    if rpr is None:
        rpr = etree.SubElement(rpr_default, _w("rPr"))
    lang = rpr.find("w:lang", NS)
    if lang is None:
        lang = etree.SubElement(rpr, _w("lang"))
    lang.set(_w("val"), LANGUAGE)
    lang.set(_w("eastAsia"), LANGUAGE)
    lang.set(_w("bidi"), "ar-SA")


NOTE_STYLE = "Tabellfotnot"  # the notes under a table or figure (pagination.FOOTNOTE_STYLES)


def _after_tables(root, tag: str) -> list:
    """The body-level tables and the element right after each (of the kind `tag`): the
    siblings looked at in Python, one step each (XPath's following-sibling::*[1] gathers every
    later sibling of each table first, a cost that grows with the square of the body)."""
    found = []
    for body in root.iterchildren(_w("body")):
        for table in body.iterchildren(_w("tbl")):
            following = table.getnext()
            while following is not None and not isinstance(following.tag, str):  # a comment
                following = following.getnext()
            if following is not None and following.tag == tag:
                found.append((table, following))
    return found


_BODY_NOTES = etree.XPath(f"w:body/w:p[string(w:pPr/w:pStyle/@w:val) = '{NOTE_STYLE}']", namespaces=NS)
_BLOCKS = frozenset(_w(tag) for tag in ("p", "tbl", "sdt"))


def _after_notes(root) -> list:
    """The paragraphs right after the notes under a table or figure (a note followed by a
    paragraph that is no note, caption or heading: those have their own space): the body's
    notes found by one query, and the paragraph, table or content control after each (other
    elements passed over) looked at."""
    found = []
    for note in _BODY_NOTES(root):
        following = note.getnext()
        while following is not None and following.tag not in _BLOCKS:
            following = following.getnext()
        if following is None or following.tag != _w("p"):
            continue
        style = _STYLE_OF(following)
        if style not in (NOTE_STYLE, "Caption") and not style.startswith("Heading"):
            found.append(following)
    return found


SPACE_AFTER_TABLE = "160"  # twips: 8 pt between a table (and its notes) and the text that follows


def _space_after_tables(root) -> None:
    """Text right after a table gets space before it, as in a typeset document (a paragraph
    style cannot know that it follows a table; empty paragraphs as spacing are not allowed).
    So does text right after the notes under a table or a figure (a heading or a caption has
    its own)."""
    for paragraph in [*(p for _table, p in _after_tables(root, _w("p"))), *_after_notes(root)]:
        ppr = paragraph.find("w:pPr", NS)
        if ppr is None:
            ppr = etree.Element(_w("pPr"))
            paragraph.insert(0, ppr)
        spacing = ppr.find("w:spacing", NS)
        if spacing is None:
            spacing = etree.SubElement(ppr, _w("spacing"))
            # schema order: w:spacing after pStyle, keepNext, tabs … and before ind, jc, rPr
            for name in ("rPr", "jc", "ind"):
                sibling = ppr.find(f"w:{name}", NS)
                if sibling is not None:
                    sibling.addprevious(spacing)
        if spacing.get(_w("before")) is None:
            spacing.set(_w("before"), SPACE_AFTER_TABLE)


def _separate_adjacent_tables(root) -> None:
    """Two tables one right after the other (a goal's own table, then the template's
    indicator table) get a paragraph between them in the style Tabellfortsättning (no text,
    no height) with space before it: Word would join them into one table, and a reader would
    see one. The HTML edition keeps them apart (pagination.rejoined joins only split tables)."""
    for table, _next in _after_tables(root, _w("tbl")):
        gap = etree.Element(_w("p"))
        ppr = etree.SubElement(gap, _w("pPr"))
        etree.SubElement(ppr, _w("pStyle")).set(_w("val"), CONTINUATION)
        etree.SubElement(ppr, _w("spacing")).set(_w("before"), SPACE_AFTER_TABLE)
        table.addnext(gap)


_EMPTY_CELLS = etree.XPath("w:tr/w:tc[not(w:p) and not(w:tbl)]", namespaces=NS)


_ROW_STYLE = etree.XPath("string((../w:tc/w:p/w:pPr/w:pStyle/@w:val)[1])", namespaces=NS)


def _fill_empty_cells(root) -> None:
    """Every table cell must hold a paragraph; a cell whose optional content was all left
    out (e.g. an uppdrag without hantering, an agenda item without dnr) would otherwise make
    Word refuse the file. The paragraph has the style of its row's text (Tabelltext), so that
    the row is as high as the others, not Normal's spacing."""
    for table in root.iter(_w("tbl")):  # per table: no XPath '//' walk over every node
        for tc in _EMPTY_CELLS(table):
            paragraph = etree.SubElement(tc, _w("p"))
            style = _ROW_STYLE(tc)
            if style:
                etree.SubElement(etree.SubElement(paragraph, _w("pPr")), _w("pStyle")).set(_w("val"), style)


# ---------------------------------------------------------------- table of contents


_STYLE_OF = etree.XPath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS)


def _style_of(paragraph) -> str | None:
    return _STYLE_OF(paragraph) or None


def _styled_paragraphs(body, styles, seen: set | None = None) -> list:
    """(paragraph, style id) for every paragraph in one of the `styles`, in document order:
    lxml's iter over the style references themselves (a tag filter in C), not every paragraph
    nor an XPath `//` query, each several times dearer on a large body. `seen` gets the
    attribute values of every style reference met (a superset of the style ids used)."""
    found = []
    ppr_tag, p_tag, val = _w("pPr"), _w("p"), _w("val")
    unnamed = None in styles  # else a reference none of whose attribute values is one of them is not (values(),
    # a third of the cost of lxml's get() of a namespaced name, which parses the name each time)
    for style in body.iter(_w("pStyle")):
        values = style.values()
        if seen is not None:
            seen.update(values)
        if (not unnamed and styles.isdisjoint(values)) or (style.get(val) or None) not in styles:
            continue  # looked at no further: the paragraph's own style or not, it is not one of them
        ppr = style.getparent()
        paragraph = ppr.getparent()
        if ppr.tag != ppr_tag or paragraph is None or paragraph.tag != p_tag:
            continue  # a style reference elsewhere (a tracked change's former properties)
        if _first(ppr, style) and _first(paragraph, ppr):  # the paragraph's own style
            found.append((paragraph, style.get(val) or None))
    return found


def _first(parent, child) -> bool:
    """Whether `child` is the first child of its kind (the one find() would give)."""
    return parent[0] is child or next(parent.iterchildren(child.tag)) is child


def _text_of(paragraph) -> str:
    return "".join(t.text or "" for t in paragraph.iter(_w("t")))


def _insert_toc(root, styles_root=None) -> tuple[set[str], list]:
    """Replace the template's TOC marker with the filled-in TOC, bookmarking the headings.
    Returns a superset of the paragraph style ids the body then uses (those its walk met and
    the TOC's own), for styles.apply_contract: the one walk over the body's style references;
    and the TOC's paragraphs."""
    body = root.find("w:body", NS)
    used = {f"TOC{level}" for level in TOC_LEVELS.values()}
    styled = _styled_paragraphs(body, {TOC_MARKER_STYLE, *TOC_LEVELS}, used)
    markers = [p for p, style in styled if style == TOC_MARKER_STYLE]
    made: list = []
    if not markers:
        return used, made
    entries = []
    texts = ((p, style, _text_of(p).strip()) for p, style in styled if style in TOC_LEVELS)
    headings = [(p, style, text) for p, style, text in texts if text]  # each heading's text read once
    if not toc.wanted(_text_of(markers[0]), len(headings)):  # too short to tell a reader anything
        headings = toc.heading_styles(styles_root) if styles_root is not None else {TOC_HEADING_STYLE}
        for marker in markers:
            _remove_toc_place(marker, headings)
        return used, made
    for number, (paragraph, style, text) in enumerate(headings, 1):
        name = f"_Toc{number:08d}"
        _bookmark(paragraph, name, 900000 + number)
        entries.append((TOC_LEVELS[style], text, name))
    for marker in markers:
        parent = marker.getparent()
        index = parent.index(marker)
        parent.remove(marker)
        for offset, element in enumerate(_toc_paragraphs(entries)):
            parent.insert(index + offset, element)
            made.append(element)
    return used, made


def _remove_toc_place(marker, heading_styles: set[str]) -> None:
    """The TOC's marker and the TOC heading right above it ("Innehåll")."""
    above = marker.getprevious()
    if above is not None and above.tag == _w("p") and _style_of(above) in heading_styles:
        above.getparent().remove(above)
    marker.getparent().remove(marker)


def _bookmark(paragraph, name: str, bookmark_id: int) -> None:
    start = etree.Element(_w("bookmarkStart"))
    start.set(_w("id"), str(bookmark_id))
    start.set(_w("name"), name)
    end = etree.Element(_w("bookmarkEnd"))
    end.set(_w("id"), str(bookmark_id))
    ppr = paragraph.find("w:pPr", NS)
    paragraph.insert(paragraph.index(ppr) + 1 if ppr is not None else 0, start)
    paragraph.append(end)


def _toc_paragraphs(entries):
    """A normal TOC field (what Word's References > Table of Contents inserts, so F9 updates
    it) with its result filled in: one hyperlinked paragraph per heading, linked to the
    heading's bookmark. Page numbers are added where the document is laid out
    (docgen.word.pagenumbers, when publishing); until then the entries stand without them, and
    Word never asks to update fields.
    """
    begin = (
        f'<w:r xmlns:w="{W}"><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r xmlns:w="{W}"><w:instrText xml:space="preserve"> TOC \\o "1-2" \\h \\z \\u </w:instrText></w:r>'
        f'<w:r xmlns:w="{W}"><w:fldChar w:fldCharType="separate"/></w:r>'
    )
    end = f'<w:r xmlns:w="{W}"><w:fldChar w:fldCharType="end"/></w:r>'
    paragraphs = []
    for n, (level, text, anchor) in enumerate(entries):
        xml = (
            f'<w:p xmlns:w="{W}"><w:pPr><w:pStyle w:val="TOC{level}"/>'
            f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TOC_TAB}"/></w:tabs></w:pPr>'
            + (begin if n == 0 else "")
            + f'<w:hyperlink w:anchor="{anchor}" w:history="1"><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:hyperlink>'
            + (end if n == len(entries) - 1 else "")
            + "</w:p>"
        )
        paragraphs.append(etree.fromstring(xml))
    if not entries:
        paragraphs.append(etree.fromstring(f'<w:p xmlns:w="{W}">{begin}{end}</w:p>'))
    return paragraphs
