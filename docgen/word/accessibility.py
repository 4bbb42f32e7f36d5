"""The accessibility gate (lagen 2018:1937, EN 301 549 / WCAG 2.1 AA) for a built document.

Runs on the finished parts of a .docx before anything is written, so a document that fails
is never published. Every violation names the document, the place (heading path, table
caption) and what to do. No source can switch a rule off.
"""

from __future__ import annotations

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
VERTICAL_MERGES = etree.XPath("./w:tr/w:tc/w:tcPr/w:vMerge", namespaces=NS)
SPANS_IN_DATA_ROWS = etree.XPath("./w:tr[not(w:trPr/w:tblHeader)]/w:tc/w:tcPr/w:gridSpan", namespaces=NS)
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
        walker = _Walker(styles, report)
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

    def __init__(self, styles: Styles, report):
        self.styles, self.report = styles, report

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
        self.pictures(body)
        self.tables(body)
        self.colours(body)

    def place(self, element, extra: str = "") -> str:
        while element is not None and element not in self.places:
            element = element.getparent()
        where = self.places.get(element, "okänd plats")
        return f"{where}{' › ' + extra if extra else ''}"

    def pictures(self, body) -> None:
        for picture in body.iter(DOC_PR):  # lxml's iter: a tag filter in C, no XPath '//' walk
            if (picture.get("descr") or "").strip(" \t\n\r"):
                continue
            self.report(
                self.place(picture),
                "en bild saknar alternativtext.",
                "Ge bilden en beskrivning (alternativtext) i källorna.",
            )

    def tables(self, body) -> None:
        for tbl in body.iter(_w("tbl")):
            caption_element = tbl.find("w:tblPr/w:tblCaption", NS)
            caption = caption_element.get(_w("val")) if caption_element is not None else ""
            where = f"tabell '{caption}'" if caption else "tabell utan rubrik"
            if not caption:
                self.report(
                    self.place(tbl),
                    "en tabell saknar rubrik (tabellbeskrivning).",
                    "Ge tabellen en rubrik i mallen: i Word Tabellegenskaper › Alternativtext › Rubrik; "
                    "i LibreOffice (som inte sparar tabellrubriker i .docx) en rubrik (Rubrik 1–3) ovanför tabellen.",
                )
            first_row = tbl.find("w:tr", NS)
            if first_row is None or first_row.find("w:trPr/w:tblHeader", NS) is None:
                self.report(
                    self.place(tbl, where),
                    "tabellen saknar rubrikrad markerad som rubrik.",
                    "Markera första raden som rubrikrad som upprepas på varje sida.",
                )
            if VERTICAL_MERGES(tbl):
                self.report(
                    self.place(tbl, where),
                    "tabellen har lodrätt sammanslagna celler.",
                    "Upprepa värdet eller lämna cellen tom i stället för att slå samman celler.",
                )
            width = len(tbl.findall("w:tblGrid/w:gridCol", NS))
            for span in SPANS_IN_DATA_ROWS(tbl):
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
        their fill, other cells on white, and runs with their own colour."""
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
            table_style = tbl.find("w:tblPr/w:tblStyle", NS)
            table_style = table_style.get(_w("val")) if table_style is not None else None
            if table_style not in header_fills:
                header_fills[table_style] = self.styles.header_fill(table_style)
            header_fill = header_fills[table_style]
            header_rows = set(HEADER_ROWS(tbl)) if header_fill else ()
            fills = {}  # cell -> its own fill: one query per table instead of one per cell
            for shading in CELL_SHADINGS(tbl):
                fills.setdefault(shading.getparent().getparent(), shading.get(_w("fill")) or "")
            backgrounds: dict = {}  # cell -> its background
            styles: dict = {}  # paragraph -> its style
            for value in CELL_PARAGRAPH_STYLES(tbl):  # pStyle's w:val -> pStyle -> pPr -> paragraph
                styles.setdefault(value.getparent().getparent().getparent(), str(value))
            for p in CELL_PARAGRAPHS_WITH_TEXT(tbl):  # one query per table, in document order
                cell = p.getparent()
                background = backgrounds.get(cell)
                if background is None:
                    fill = fills.get(cell, "")
                    header = header_fill and cell.getparent() in header_rows
                    background = backgrounds[cell] = (
                        fill if fill not in ("", "auto") else (header_fill if header else "FFFFFF")
                    )
                key = (styles.get(p) or None, background)
                if key not in seen:
                    seen.add(key)
                    add(key[0], None, background, cell)
        for run in _runs_with_own_colour(body):
            cell = next(run.iterancestors(_w("tc")), None)
            shd = cell.find("w:tcPr/w:shd", NS) if cell is not None else None
            background = (
                shd.get(_w("fill")) if shd is not None and shd.get(_w("fill")) not in (None, "auto") else "FFFFFF"
            )
            add(None, run.find("w:rPr/w:color", NS).get(_w("val")), background, run)
        for (foreground, background), element in combinations.items():
            ratio = contrast(foreground, background)
            if ratio < MIN_CONTRAST:
                self.report(
                    self.place(element),
                    f"texten har kontrasten {ratio:.1f}:1 mot bakgrunden "
                    f"(#{foreground} på #{background}), under {MIN_CONTRAST}:1.",
                    "Välj en mörkare textfärg eller ljusare bakgrund i formatmallen.",
                )


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
