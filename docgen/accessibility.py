"""The accessibility gate (lagen 2018:1937, EN 301 549 / WCAG 2.1 AA) for a built document.

Runs on the finished parts of a .docx before anything is written, so a document that fails
is never published. Every violation names the document, the place (heading path, table
caption) and what to do. No source can switch a rule off.
"""

from __future__ import annotations

from lxml import etree

from .errors import Problem

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "dc": "http://purl.org/dc/elements/1.1/"}
HEADING_LEVELS = {f"Heading{n}": n for n in range(1, 10)}
MIN_CONTRAST = 4.5


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def check_document(parts: dict[str, bytes], document_name: str) -> list[Problem]:
    """Every violation in the finished parts of one document."""
    body = etree.fromstring(parts["word/document.xml"]).find("w:body", NS)
    styles = Styles(etree.fromstring(parts["word/styles.xml"]))
    problems: list[Problem] = []

    def report(place: str, message: str, hint: str) -> None:
        problems.append(Problem(document_name, None, f"tillgänglighet ({place}): {message}", hint))

    _check_properties(parts, report)
    _check_language(styles, report)
    walker = _Walker(styles, report)
    walker.walk(body)
    return problems


def _check_properties(parts, report) -> None:
    core = etree.fromstring(parts["docProps/core.xml"])
    title = core.find("dc:title", NS)
    if title is None or not (title.text or "").strip():
        report("dokumentegenskaper", "dokumentet saknar titel.", "Ange 'titel' under 'dokument'.")


def _check_language(styles: "Styles", report) -> None:
    if styles.default_language != "sv-SE":
        report("dokumentegenskaper", f"dokumentets språk är {styles.default_language or 'inte angivet'}, inte sv-SE.",
               "Sätt språket till svenska (Sverige) i mallens standardformat.")


class Styles:
    """What the gate needs from styles.xml: heading levels, colours and the default language."""

    def __init__(self, root):
        self.by_id = {s.get(_w("styleId")): s for s in root.findall("w:style", NS)}
        lang = root.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
        self.default_language = lang.get(_w("val")) if lang is not None else None

    def heading_level(self, style_id: str | None) -> int | None:
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
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id.get(style_id)
            if style is None:
                break
            color = style.find("w:rPr/w:color", NS)
            if color is not None and color.get(_w("val")) not in (None, "auto"):
                return color.get(_w("val"))
            based = style.find("w:basedOn", NS)
            style_id = based.get(_w("val")) if based is not None else None
        return "000000"

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
    channels = [int(hex_color[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two colours written RRGGBB."""
    a, b = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


class _Walker:
    """Walks the body in reading order, keeping the heading path for messages."""

    def __init__(self, styles: Styles, report):
        self.styles, self.report = styles, report
        self.path: list[str] = []
        self.last_level = 0
        self.checked_colors: set = set()

    def place(self, extra: str = "") -> str:
        where = " › ".join(self.path) if self.path else "början av dokumentet"
        return f"{where}{' › ' + extra if extra else ''}"

    def walk(self, body) -> None:
        for child in body:
            if child.tag == _w("p"):
                self.paragraph(child)
            elif child.tag == _w("tbl"):
                self.table(child)

    def paragraph(self, p, background: str = "FFFFFF", where: str = "", in_cell: bool = False) -> None:
        style = _style(p)
        text = "".join(t.text or "" for t in p.iter(_w("t"))).strip()
        level = self.styles.heading_level(style)
        if level is not None and text and not in_cell:
            if self.last_level == 0 and level != 1:
                self.report(self.place(), f"den första rubriken ('{text}') har nivå {level}, inte 1.",
                            "Börja med Rubrik 1.")
            elif level > self.last_level + 1:
                self.report(self.place(), f"rubriken '{text}' har nivå {level} direkt efter nivå {self.last_level}.",
                            f"Hoppa inte över rubriknivåer: använd Rubrik {self.last_level + 1}.")
            self.last_level = level
            self.path = self.path[:level - 1] + [text]
        if not in_cell and not text and _is_spacing(p):
            self.report(self.place(), "ett tomt stycke används som mellanrum.",
                        "Ta bort det tomma stycket och använd styckeavstånd i formatmallen.")
        for drawing in p.iter(f"{{{NS['wp']}}}docPr"):
            if not (drawing.get("descr") or "").strip():
                self.report(self.place(where), "en bild saknar alternativtext.",
                            "Ge bilden en beskrivning (alternativtext) i källorna.")
        if text:
            self.colors(p, style, background, where)

    def colors(self, p, style, background, where) -> None:
        for run in p.iter(_w("r")):
            if not "".join(t.text or "" for t in run.iter(_w("t"))).strip():
                continue
            color = run.find("w:rPr/w:color", NS)
            foreground = color.get(_w("val")) if color is not None else self.styles.color(style)
            if foreground in (None, "auto"):
                foreground = "000000"
            key = (foreground.upper(), background.upper())
            if key in self.checked_colors:
                continue
            self.checked_colors.add(key)
            ratio = contrast(foreground, background)
            if ratio < MIN_CONTRAST:
                self.report(self.place(where), f"texten har kontrasten {ratio:.1f}:1 mot bakgrunden "
                            f"(#{foreground} på #{background}), under {MIN_CONTRAST}:1.",
                            "Välj en mörkare textfärg eller ljusare bakgrund i formatmallen.")

    def table(self, tbl) -> None:
        caption_element = tbl.find("w:tblPr/w:tblCaption", NS)
        caption = caption_element.get(_w("val")) if caption_element is not None else ""
        where = f"tabell '{caption}'" if caption else "tabell utan rubrik"
        rows = tbl.findall("w:tr", NS)
        if not caption:
            self.report(self.place(), "en tabell saknar rubrik (tabellbeskrivning).",
                        "Ge tabellen en rubrik i mallen (Tabellegenskaper › Alternativtext › Rubrik).")
        if not rows or rows[0].find("w:trPr/w:tblHeader", NS) is None:
            self.report(self.place(where), "tabellen saknar rubrikrad markerad som rubrik.",
                        "Markera första raden som rubrikrad som upprepas på varje sida.")
        width = len(tbl.findall("w:tblGrid/w:gridCol", NS))
        table_style = tbl.find("w:tblPr/w:tblStyle", NS)
        header_fill = self.styles.header_fill(table_style.get(_w("val")) if table_style is not None else None)
        for row in rows:
            header = row.find("w:trPr/w:tblHeader", NS) is not None
            cells = row.findall("w:tc", NS)
            for cell in cells:
                if cell.find("w:tcPr/w:vMerge", NS) is not None:
                    self.report(self.place(where), "tabellen har lodrätt sammanslagna celler.",
                                "Upprepa värdet eller lämna cellen tom i stället för att slå samman celler.")
                span = cell.find("w:tcPr/w:gridSpan", NS)
                if span is not None and not header and not (len(cells) == 1 and int(span.get(_w("val"))) == width):
                    self.report(self.place(where), "en datarad har sammanslagna celler som inte är en hel grupprubrik.",
                                "Slå bara samman celler i rubrikrader eller över hela bredden för en grupprubrik.")
                shd = cell.find("w:tcPr/w:shd", NS)
                background = shd.get(_w("fill")) if shd is not None and shd.get(_w("fill")) not in (None, "auto") else (
                    header_fill if header and header_fill else "FFFFFF")
                for p in cell.iter(_w("p")):
                    self.paragraph(p, background, where, in_cell=True)


def _style(p) -> str | None:
    style = p.find("w:pPr/w:pStyle", NS)
    return style.get(_w("val")) if style is not None else None


def _is_spacing(p) -> bool:
    """An empty paragraph that only makes space: no page break, field, drawing or section break."""
    if p.find("w:pPr/w:sectPr", NS) is not None:
        return False
    for tag in ("br", "fldChar", "fldSimple", "drawing", "instrText", "bookmarkStart"):
        if p.find(f".//w:{tag}", NS) is not None:
            return False
    return True
