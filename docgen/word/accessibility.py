"""The accessibility gate (lagen 2018:1937, EN 301 549 / WCAG 2.1 AA) for a built document.

Runs on the finished parts of a .docx before anything is written, so a document that fails
is never published. Every violation names the document, the place (heading path, table
caption) and what to do. No source can switch a rule off.
"""

from __future__ import annotations

import html
import itertools
import re

from lxml import etree

from docgen.errors import Problem
from docgen.word.namedstyles import CONTINUATION
from docgen.word.plainxml import plain_elements

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "dc": "http://purl.org/dc/elements/1.1/",
}
HEADING_LEVELS = {f"Heading{n}": n for n in range(1, 10)}
MIN_CONTRAST = 4.5
# compiled once; python-docx's elements have their own xpath() without namespaces
DOC_PR = "{%s}docPr" % NS["wp"]
# the rules on a table, one query each (ElementPath's find() is several times dearer)
CAPTION = etree.XPath("string(w:tblPr[w:tblCaption][1]/w:tblCaption[1]/@w:val)", namespaces=NS)
FIRST_ROW_IS_HEADER = etree.XPath("boolean(w:tr[1]/w:trPr/w:tblHeader)", namespaces=NS)
HAS_OWN_COLOUR = etree.XPath("w:rPr/w:color[@w:val!='auto'] and w:t", namespaces=NS)
STYLE_OF = etree.XPath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS)
# paragraphs of a table's own cells with text in the style's colour
# (descendant:: rather than .//: the same runs, found in one walk of the paragraph instead of one per node)
CELL_PARAGRAPHS_WITH_TEXT = etree.XPath("w:tr/w:tc/w:p[descendant::w:r[w:t][not(w:rPr/w:color)]]", namespaces=NS)
HEADER_ROWS = etree.XPath("w:tr[w:trPr/w:tblHeader]", namespaces=NS)
# the style of each paragraph of a table's own cells (_style of each: the first w:pPr/w:pStyle/@w:val
# of the paragraph in document order), one query per table instead of one per paragraph
CELL_PARAGRAPH_STYLES = etree.XPath("w:tr/w:tc/w:p/w:pPr/w:pStyle/@w:val", namespaces=NS)
# each cell's own shading (string(w:tcPr[1]/w:shd[1]/@w:fill) of every cell), one query per table
CELL_SHADINGS = etree.XPath("w:tr/w:tc/w:tcPr[1]/w:shd[1]", namespaces=NS)


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def check_document(parts: dict[str, bytes], document_name: str, document_root=None, styles_root=None) -> list[Problem]:
    """Every violation in the finished parts of one document (`document_root`, `styles_root`:
    the parsed word/document.xml and word/styles.xml, when the caller has them already)."""
    root = document_root if document_root is not None else etree.fromstring(parts["word/document.xml"])
    problems: list[Problem] = []

    def report(place: str, message: str, hint: str) -> None:
        problems.append(Problem(document_name, None, f"tillgänglighet ({place}): {message}", hint))

    with plain_elements():  # lxml's API only (docgen.word.plainxml)
        body = root.find("w:body", NS)
        styles = Styles(styles_root if styles_root is not None else etree.fromstring(parts["word/styles.xml"]))
        _check_properties(parts, report)
        _check_language(styles, report)
        walker = _Walker(styles, report, parts.get("word/document.xml"))
        walker.walk(body)
        del walker, styles, body  # they hold plain elements
    return problems


def _check_properties(parts, report) -> None:
    core = etree.fromstring(parts["docProps/core.xml"])
    title = core.find("dc:title", NS)
    if title is None or not (title.text or "").strip():
        report("dokumentegenskaper", "dokumentet saknar titel.", "Ange 'titel' under 'dokument'.")


def _check_language(styles: "Styles", report) -> None:
    if styles.default_language != "sv-SE":
        report(
            "dokumentegenskaper",
            f"dokumentets språk är {styles.default_language or 'inte angivet'}, inte sv-SE.",
            "Sätt språket till svenska (Sverige) i mallens standardformat.",
        )


class Styles:
    """What the gate needs from styles.xml: heading levels, colours and the default language."""

    def __init__(self, root):
        self.by_id = {s.get(_w("styleId")): s for s in root.findall("w:style", NS)}
        self._levels: dict = {}
        self._colors: dict = {}
        lang = root.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
        self.default_language = lang.get(_w("val")) if lang is not None else None

    def heading_level(self, style_id: str | None) -> int | None:
        if style_id not in self._levels:
            self._levels[style_id] = self._heading_level(style_id)
        return self._levels[style_id]

    def _heading_level(self, style_id: str | None) -> int | None:
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            if style_id in HEADING_LEVELS:
                return HEADING_LEVELS[style_id]
            style = self.by_id.get(style_id)
            if style is None:
                return None
            outline = style.find("w:pPr/w:outlineLvl", NS)
            if outline is not None:
                value = int(outline.get(_w("val")))
                return value + 1 if value < 9 else None  # 9 is Word's "body text"
            based = style.find("w:basedOn", NS)
            style_id = based.get(_w("val")) if based is not None else None
        return None

    def color(self, style_id: str | None) -> str:
        if style_id not in self._colors:
            self._colors[style_id] = self._color(style_id)
        return self._colors[style_id]

    def _color(self, style_id: str | None) -> str:
        return self.inherited(style_id, "w:rPr/w:color") or "000000"

    def inherited(self, style_id: str | None, path: str) -> str | None:
        """The w:val of `path` in the style or the nearest style it is based on ('auto' skipped)."""
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id.get(style_id)
            if style is None:
                break
            found = style.find(path, NS)
            if found is not None and found.get(_w("val")) not in (None, "auto"):
                return found.get(_w("val"))
            based = style.find("w:basedOn", NS)
            style_id = based.get(_w("val")) if based is not None else None
        return None

    def header_fill(self, table_style: str | None) -> str | None:
        style = self.by_id.get(table_style or "")
        if style is None:
            return None
        for conditional in style.findall("w:tblStylePr", NS):
            if conditional.get(_w("type")) == "firstRow":
                shd = conditional.find("w:tcPr/w:shd", NS)
                if shd is not None and shd.get(_w("fill")) not in (None, "auto"):
                    return shd.get(_w("fill"))
        return None


def _luminance(hex_color: str) -> float:
    channels = [int(hex_color[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two colours written RRGGBB."""
    a, b = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


class _Walker:
    """The body in reading order for headings and empty paragraphs (body level only); the
    rules on tables, pictures and colours with XPath, so that the gate's cost grows with the
    number of tables and styles rather than with every run of text."""

    def __init__(self, styles: Styles, report, document_xml: bytes | None = None):
        self.styles, self.report, self.document_xml = styles, report, document_xml

    def walk(self, body) -> None:
        path: list[str] = []
        last_level = 0
        self.places: dict = {}  # body-level element -> heading path where it stands
        self.with_text: list = []  # (paragraph, style) of the body's paragraphs with a w:t, for colours
        here = "början av dokumentet"  # the heading path, joined when a heading changes it
        p_tag, t_tag = _w("p"), _w("t")
        styles = _body_styles(body)
        for child in body:
            self.places[child] = here
            if child.tag != p_tag:
                continue
            texts = [t.text or "" for t in child.iter(t_tag)]
            text = "".join(texts).strip()
            style = styles.get(child)
            if texts:
                self.with_text.append((child, style))
            level = self.styles.heading_level(style)
            if level is not None and text:
                place = here
                if last_level == 0 and level != 1:
                    self.report(
                        place, f"den första rubriken ('{text}') har nivå {level}, inte 1.", "Börja med Rubrik 1."
                    )
                elif level > last_level + 1:
                    self.report(
                        place,
                        f"rubriken '{text}' har nivå {level} direkt efter nivå {last_level}.",
                        f"Hoppa inte över rubriknivåer: använd Rubrik {last_level + 1}.",
                    )
                last_level = level
                path = path[: level - 1] + [text]
                here = " › ".join(path)
            elif not text and _is_spacing(child):
                self.report(
                    self.places[child],
                    "ett tomt stycke används som mellanrum.",
                    "Ta bort det tomma stycket och använd styckeavstånd i formatmallen.",
                )
        tables, pictures, merged, spans = _table_parts(body)
        self.pictures(pictures)
        self.tables(tables, merged, spans)
        self.colours(body)

    def place(self, element, extra: str = "") -> str:
        while element is not None and element not in self.places:
            element = element.getparent()
        where = self.places.get(element, "okänd plats")
        return f"{where}{' › ' + extra if extra else ''}"

    def pictures(self, pictures) -> None:
        for picture in pictures:
            if (picture.get("descr") or "").strip(" \t\n\r"):
                continue
            self.report(
                self.place(picture),
                "en bild saknar alternativtext.",
                "Ge bilden en beskrivning (alternativtext) i källorna.",
            )

    def tables(self, tables, merged: set, spans: dict) -> None:
        """The rules on each table (`merged`: the tables with a vertically merged cell, `spans`:
        each table's spans in its data rows, from _table_parts)."""
        for tbl in tables:
            caption = CAPTION(tbl)
            where = f"tabell '{caption}'" if caption else "tabell utan rubrik"
            if not caption:
                self.report(
                    self.place(tbl),
                    "en tabell saknar rubrik (tabellbeskrivning).",
                    "Ge tabellen en rubrik i mallen: i Word Tabellegenskaper › Alternativtext › Rubrik; "
                    "i LibreOffice (som inte sparar tabellrubriker i .docx) en rubrik (Rubrik 1–3) ovanför tabellen.",
                )
            if not FIRST_ROW_IS_HEADER(tbl):
                self.report(
                    self.place(tbl, where),
                    "tabellen saknar rubrikrad markerad som rubrik.",
                    "Markera första raden som rubrikrad som upprepas på varje sida.",
                )
            if tbl in merged:
                self.report(
                    self.place(tbl, where),
                    "tabellen har lodrätt sammanslagna celler.",
                    "Upprepa värdet eller lämna cellen tom i stället för att slå samman celler.",
                )
            data_spans = spans.get(tbl, ())
            width = len(tbl.findall("w:tblGrid/w:gridCol", NS)) if data_spans else 0
            for span in data_spans:
                row = span.getparent().getparent().getparent()
                if not (len(row.findall("w:tc", NS)) == 1 and int(span.get(_w("val"))) == width):
                    self.report(
                        self.place(tbl, where),
                        "en datarad har sammanslagna celler som inte är en hel grupprubrik.",
                        "Slå bara samman celler i rubrikrader eller över hela bredden för en grupprubrik.",
                    )
                    break

    def colours(self, body) -> None:
        """Every (text colour, background) that occurs: styles outside tables on white,
        styles in header rows on the table style's header fill, styles in shaded cells on
        their fill, other cells on white, and runs with their own colour. First, from the
        serialised document, whether any pair at all can fail (_pairs_pass); only then each
        pair with the place where it first occurs."""
        if self.document_xml is not None and self._pairs_pass(body):
            return
        combinations: dict = {}
        seen: set = set()  # (style, background) added: the same colours again add nothing

        def add(style, colour, background, element):
            colour = colour or self.styles.color(style)
            combinations.setdefault((colour.upper(), background.upper()), element)

        for p, style in self.with_text:  # the body's paragraphs with text (walk), in document order
            if (style, "FFFFFF") not in seen:
                seen.add((style, "FFFFFF"))
                add(style, None, "FFFFFF", p)
        header_fills: dict = {}  # table style -> its header rows' fill
        for tbl in body.iter(_w("tbl")):
            for key, cell in self._table_keys(tbl, header_fills).items():
                if key not in seen:
                    seen.add(key)
                    add(key[0], None, key[1], cell)
        for run in _runs_with_own_colour(body):
            add(None, _own_colour(run), _run_background(run), run)
        for (foreground, background), element in combinations.items():
            ratio = contrast(foreground, background)
            if ratio < MIN_CONTRAST:
                self.report(
                    self.place(element),
                    f"texten har kontrasten {ratio:.1f}:1 mot bakgrunden "
                    f"(#{foreground} på #{background}), under {MIN_CONTRAST}:1.",
                    "Välj en mörkare textfärg eller ljusare bakgrund i formatmallen.",
                )

    def _header_fill(self, table_style: str | None, header_fills: dict) -> str | None:
        if table_style not in header_fills:
            header_fills[table_style] = self.styles.header_fill(table_style)
        return header_fills[table_style]

    def _table_keys(self, tbl, header_fills: dict) -> dict:
        """(style, background) of the text of the table's own cells, each with the first cell
        it is in, in document order."""
        table_style = tbl.find("w:tblPr/w:tblStyle", NS)
        table_style = table_style.get(_w("val")) if table_style is not None else None
        header_fill = self._header_fill(table_style, header_fills)
        header_rows = set(HEADER_ROWS(tbl)) if header_fill else ()
        fills = {}  # cell -> its own fill: one query per table instead of one per cell
        for shading in CELL_SHADINGS(tbl):
            fills.setdefault(shading.getparent().getparent(), shading.get(_w("fill")) or "")
        backgrounds: dict = {}  # cell -> its background
        styles: dict = {}  # paragraph -> its style
        for value in CELL_PARAGRAPH_STYLES(tbl):  # pStyle's w:val -> pStyle -> pPr -> paragraph
            styles.setdefault(value.getparent().getparent().getparent(), str(value))
        keys: dict = {}
        for p in CELL_PARAGRAPHS_WITH_TEXT(tbl):  # one query per table, in document order
            cell = p.getparent()
            background = backgrounds.get(cell)
            if background is None:
                fill = fills.get(cell, "")
                header = header_fill and cell.getparent() in header_rows
                background = backgrounds[cell] = (
                    fill if fill not in ("", "auto") else (header_fill if header else "FFFFFF")
                )
            keys.setdefault((styles.get(p) or None, background), cell)
        return keys

    def _pairs_pass(self, body) -> bool:
        """Whether every pair of colours the check above can find passes, told from the
        serialised body (a regular expression over its text is many times cheaper than a query
        or a walk over its elements): the pairs of each table's text read as a superset (every
        paragraph's style, with or without text, on its row's background), the pairs of a table
        with shaded cells from its elements. False (the check above runs) when a pair of the
        superset fails or when the text is not written as read here."""
        texts = _table_texts(self.document_xml)
        if texts is None:
            return False
        keys = {(style, "FFFFFF") for _p, style in self.with_text}
        header_fills: dict = {}
        tables = body.iter(_w("tbl"))  # the elements, walked to only for a table that needs them
        read = 0
        for index, text in enumerate(texts):
            found = _text_keys(text, lambda style: self._header_fill(style, header_fills))
            if found is None:
                table = next(itertools.islice(tables, index - read, None), None)
                if table is None:
                    return False
                read = index + 1
                found = self._table_keys(table, header_fills).keys()
            keys |= found
        pairs = {(self.styles.color(style).upper(), background.upper()) for style, background in keys}
        if b"<w:color " in self.document_xml:  # else no run has a colour of its own
            pairs |= {(_own_colour(run).upper(), _run_background(run).upper()) for run in _runs_with_own_colour(body)}
        return all(contrast(foreground, background) >= MIN_CONTRAST for foreground, background in pairs)


_TABLE_PARTS = (_w("tbl"), DOC_PR, _w("vMerge"), _w("gridSpan"))


def _table_parts(body) -> tuple[list, list, set, dict]:
    """The body's tables and pictures (wp:docPr) in document order, the tables with a vertically
    merged cell (w:tr/w:tc/w:tcPr/w:vMerge) and each table's spans in its data rows
    (w:tr[not(w:trPr/w:tblHeader)]/w:tc/w:tcPr/w:gridSpan, in document order): one walk of the
    body by lxml's iter (tag filters in C) instead of two queries over every cell of each table."""
    tables, pictures, merged, spans = [], [], set(), {}
    tbl, tc_pr, tc, tr = _TABLE_PARTS[0], _w("tcPr"), _w("tc"), _w("tr")
    for element in body.iter(*_TABLE_PARTS):
        tag = element.tag
        if tag == tbl:
            tables.append(element)
            continue
        if tag == DOC_PR:
            pictures.append(element)
            continue
        props = element.getparent()
        cell = props.getparent() if props is not None and props.tag == tc_pr else None
        row = cell.getparent() if cell is not None and cell.tag == tc else None
        table = row.getparent() if row is not None and row.tag == tr else None
        if table is None or table.tag != tbl:
            continue
        if tag == _TABLE_PARTS[2]:
            merged.add(table)
        elif not _IS_HEADER_ROW(row):
            spans.setdefault(table, []).append(element)
    return tables, pictures, merged, spans


_IS_HEADER_ROW = etree.XPath("boolean(w:trPr/w:tblHeader)", namespaces=NS)


def _own_colour(run) -> str:
    return run.find("w:rPr/w:color", NS).get(_w("val"))


def _run_background(run) -> str:
    """The background of a run: its cell's shading, else white."""
    cell = next(run.iterancestors(_w("tc")), None)
    shd = cell.find("w:tcPr/w:shd", NS) if cell is not None else None
    return shd.get(_w("fill")) if shd is not None and shd.get(_w("fill")) not in (None, "auto") else "FFFFFF"


# The serialised body, as lxml writes it with the prefix w: (_pairs_pass checks it is).
_PARAGRAPH_START = re.compile(rb"<w:p[ >/]")
_STYLE_VALUE = re.compile(rb'<w:pStyle [^>]*?w:val="([^"]*)"')
_TABLE_STYLE_VALUE = re.compile(rb'<w:tblStyle [^>]*?w:val="([^"]*)"')


def _table_texts(xml: bytes) -> list[bytes] | None:
    """The text of each table, in document order, without the tables inside it. None when the
    text is not as read here: the main namespace declared once, as w: on the root (so every
    element of it is written w:…), and no comment, processing instruction or CDATA section
    (where a tag could be written as text)."""
    namespace = W.encode()
    if xml.count(namespace) != 1 or b'xmlns:w="' + namespace + b'"' not in xml:
        return None
    if b"<!--" in xml or b"<![CDATA[" in xml or xml.count(b"<?") > 1:
        return None
    tables: list[tuple[int, bytes]] = []  # (where it starts, its text)
    reading: list[tuple[int, list[bytes]]] = []  # the tables being read, outermost first
    at = 0
    for start, end in _table_tags(xml):
        if reading:
            reading[-1][1].append(xml[at:start])
        at = start
        if end:
            if not reading:
                return None
            begun, pieces = reading.pop()
            pieces.append(xml[start:end])
            tables.append((begun, b"".join(pieces)))
            at = end
        else:
            reading.append((start, []))
    return None if reading else [text for _start, text in sorted(tables)]


def _table_tags(xml: bytes):
    """(start, 0) of each table's start tag and (start, end) of each end tag, in document order:
    found by bytes.find, several times cheaper than a regular expression's scan of the text."""
    close = xml.find(b"</w:tbl>")
    found = xml.find(b"<w:tbl")
    while found >= 0 or close >= 0:
        if close >= 0 and (found < 0 or close < found):
            yield close, close + 8
            close = xml.find(b"</w:tbl>", close + 8)
            continue
        if xml[found + 6 : found + 7] in (b" ", b">"):  # not <w:tblPr, <w:tblGrid, …
            yield found, 0
        found = xml.find(b"<w:tbl", found + 6)


def _text_keys(text: bytes, header_fill) -> set | None:
    """A superset of the (style, background) keys of a table (its text, _table_texts): every
    styled paragraph's style on its row's background, and no style (black) on white; None for a
    table with shading or tracked changes of its properties (read from its elements)."""
    first_row = text.find(b"<w:tr")
    styles = _TABLE_STYLE_VALUE.findall(text, 0, first_row if first_row >= 0 else len(text))
    if len(styles) > 1 or b"<w:shd " in text or b"Change" in text:
        return None  # shading, or a tracked change of properties: read from the elements
    fill = header_fill(_value(styles[0]) if styles else None)
    header, body = _header_rows(text) if fill else (b"", text)
    if body is None:
        return None
    keys = {(None, "FFFFFF")}  # black on white: whatever is unstyled in rows on white
    keys |= {(_value(style) or None, "FFFFFF") for style in set(_STYLE_VALUE.findall(body))}
    keys |= {(_value(style) or None, fill) for style in set(_STYLE_VALUE.findall(header))}
    if any(_STYLE_VALUE.search(paragraph) is None for paragraph in _PARAGRAPH_START.split(header)[1:]):
        keys.add((None, fill))  # an unstyled paragraph in a header row
    return keys


def _header_rows(text: bytes) -> tuple[bytes, bytes | None]:
    """The table's header rows (those with a w:tblHeader) and the rest of its text (None: rows
    not written as read here)."""
    header, body, at = [], [], 0
    mark = text.find(b"<w:tblHeader")
    while mark >= 0:
        start = max(text.rfind(b"<w:tr>", at, mark), text.rfind(b"<w:tr ", at, mark))
        end = text.find(b"</w:tr>", mark)
        if start < 0 or end < 0:
            return b"", None
        body.append(text[at:start])
        header.append(text[start : end + 7])
        at = end + 7
        mark = text.find(b"<w:tblHeader", at)
    body.append(text[at:])
    return b"".join(header), b"".join(body)


def _value(raw: bytes) -> str:
    text = raw.decode("utf-8")
    return html.unescape(text) if "&" in text else text


def _runs_with_own_colour(body):
    """Runs with text and a colour of their own, in document order: found from the colour
    elements (lxml's iter, a tag filter in C) instead of an XPath '//' walk over every node."""
    seen = None
    for colour in body.iter(_w("color")):
        run = colour.getparent().getparent()
        if run is None or run is seen or run.tag != _w("r") or colour.getparent().tag != _w("rPr"):
            continue
        if HAS_OWN_COLOUR(run):
            seen = run
            yield run


def _style(p) -> str | None:
    return STYLE_OF(p) or None


BODY_STYLES = etree.XPath("w:p/w:pPr/w:pStyle/@w:val", namespaces=NS)


def _body_styles(body) -> dict:
    """_style of every paragraph of the body that has one (first value in document order, as
    STYLE_OF reads it), by one query for the body instead of one per paragraph."""
    found: dict = {}
    for value in BODY_STYLES(body):  # w:val -> w:pStyle -> w:pPr -> w:p
        found.setdefault(value.getparent().getparent().getparent(), str(value) or None)
    return found


def _is_spacing(p) -> bool:
    """An empty paragraph that only makes space: no page break, field, drawing or section break,
    nor the paragraph (no height) between the parts of a split table (pagination)."""
    if p.find("w:pPr/w:sectPr", NS) is not None or STYLE_OF(p) == CONTINUATION:
        return False
    for tag in ("br", "fldChar", "fldSimple", "drawing", "instrText", "bookmarkStart"):
        if p.find(f".//w:{tag}", NS) is not None:
            return False
    return True
