"""A layout check of built PDFs, read as a board secretary would (poppler: pdftotext -bbox-layout,
pdfinfo -dests, pdftoppm), against the .docx they were made from.

Fails on: a TOC page number that differs from the page its heading is on (found by the
heading's bookmark); a word of a heading, a TOC line, the running header or footer or a web
address hyphenated; a word broken without a hyphen (a PDF word that is not in the document's
text but joins with a word on the line below it to one that is); a heading, a caption above a
table or an introduction to a table or figure (or a one-line title above that introduction), or
any paragraph of a run kept with the next that ends at a table, as the last line of a page; a page other than
the last filled under a third while the next page continues the same chapter, or while the
next page starts on a new page by a break docgen put there (a page break before a paragraph, a
page break or a section break that the template does not ask for: the editor decides where
chapters start, in the template's heading style or paragraphs); an empty page (not the last); a
page that opens with rows of a grouped table without their group's label (read from the .docx: a
group row across the table or in the style Grupprad, or a first-column label over rows whose
first column is empty) above them on that page; a continued part of a split table (its column
headings repeated, pagination.split_long_groups) that begins in the middle of a page, its
headings right under the rows of the part above (a part exists to repeat its labels at the top of
the pages it runs onto; begun mid-page, it shows the headings twice on one page); a text column of
a table far wider than its texts need while the texts of another of its text columns wrap (read
from the .docx); text right under the notes of a table or figure without space between them; an
ATT UPPDATERA marker in light text on its yellow (read from the .docx); a bullet list closer to
the paragraph after it than paragraphs stand to each other (cramped_lists); a line of the running
header that wraps back under the organisation's name instead of under the title beside it
(header_under_name); a value of a table column of short values hyphenated although its words fit
the column (hyphenated_values: 'Samtliga delårsrappor-' / 'ter'; a nämnd's name beside number
columns, 'Teknik- och fritidsnäm-' / 'nden', until docgen kept such labels unhyphenated).

    .venv/bin/python -m tests.layout build/      # checks every PDF under build/ (the sources'
                                                 # documents, each against its template)
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from docgen.word import pagenumbers

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
XHTML = "{http://www.w3.org/1999/xhtml}"
BODY_TOP = 62.0  # points: below the running header
FOOTER_ZONE = 57.0  # points: the footer ("Sida N av M") at the foot of any page, portrait or turned
BODY_BOTTOM = 842.0 - FOOTER_ZONE  # on the A4 portrait page
HEADINGS = {"Heading1", "Heading2", "Heading3", "Heading4"}
CHAPTER_STARTS = {"Heading1", "Title", "TOCHeading"}
CAPTIONS = {"Caption"}
FIGURES = {"Figur"}
NOTES = {"Tabellfotnot"}
GROUP_ROWS = {"Grupprad", "Gruppradliten"}  # bred_tabell: mindre_text: the smaller look
SUM_ROWS = {"Summarad", "Summaradtal", "Summaradliten", "Summaradtalliten"}
CONTINUED = " (forts.)"  # docgen.word.pagination: an outer label repeated on a part inside its group
CONTINUATION_STYLE = "Tabellfortsattning"  # the empty paragraph between the parts of a split table
SHORT_LINE = 80  # characters: a paragraph on one line (pagination keeps it above an introduction)
COLUMN_GAP = 6.0  # points: more space than between two words on a line of table text


@dataclass
class Line:
    text: str
    words: list[tuple[str, float, float]]  # text, xMin, xMax
    top: float
    bottom: float


@dataclass
class Page:
    number: int
    height: float
    lines: list[Line] = field(default_factory=list)
    blocks: list[list[Line]] = field(default_factory=list)

    @property
    def body(self) -> list[Line]:
        return [line for line in self.lines if BODY_TOP <= line.top and line.bottom <= self.height - FOOTER_ZONE]


@dataclass
class Break:
    """A paragraph that starts a new page by force, and whether its template asks for that."""

    text: str
    by_template: bool
    how: str


@dataclass
class Source:
    """What the .docx says: its words, and the texts of its headings, captions and introductions."""

    words: set[str]
    keep_texts: list[tuple[str, str, str]]  # (kind, text, what follows it) that must not part
    chapter_texts: list[str]
    anchors: list[str]
    headings: list[str] = field(default_factory=list)
    table_rows: list[TableRow] = field(default_factory=list)
    breaks: list[Break] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    after_notes: list[tuple[str, str]] = field(default_factory=list)  # (a last note, the text after it)
    short_values: dict[str, int] = field(default_factory=dict)  # value of a column of short values -> its width
    after_lists: list[tuple[str, str]] = field(default_factory=list)  # (a list's last item, the paragraph after it)
    paragraph_pairs: list[tuple[str, str]] = field(default_factory=list)  # two running-text paragraphs in a row
    header_columns: list[str] = field(default_factory=list)  # header paragraphs in columns: their first column
    lists: list[list[str]] = field(default_factory=list)  # the items of each list of two or more
    markers: list[str] = field(default_factory=list)  # the ATT UPPDATERA markers' texts, lower case


@dataclass
class Part:
    """A continued part of a split table: its column headings and the last row of the part above
    it (the texts of their non-empty cells)."""

    title: str
    heading: list[str]
    above: list[str]


@dataclass
class TableRow:
    """A row of a table as the layout check needs it: the text of its non-empty cells and its
    part in a group: 'rubrik' (a header row), 'grupp' (a group row: its label), 'första' (the
    first row of a group labelled in its first column) or 'del' (a row under a group's label)."""

    cells: list[str]
    kind: str
    label: str = ""
    outer: tuple[str, ...] = ()  # the labels of the groups this row's group lies in


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u00ad", "")).strip()


def _token(word: str) -> str:
    return re.sub(r"^[^\w]+|[^\w\-]+$", "", word).lower()


def read_pages(pdf: Path) -> list[Page]:
    xml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True, timeout=120
    ).stdout
    root = etree.fromstring(xml, etree.XMLParser(recover=True, huge_tree=True))
    pages = []
    for number, page_el in enumerate(root.iter(f"{XHTML}page"), 1):
        page = Page(number, float(page_el.get("height")))
        for block_el in page_el.iter(f"{XHTML}block"):
            block = []
            for line_el in block_el.iter(f"{XHTML}line"):
                words = [
                    (w.text or "", float(w.get("xMin")), float(w.get("xMax"))) for w in line_el.iter(f"{XHTML}word")
                ]
                line = Line(
                    " ".join(w[0] for w in words), words, float(line_el.get("yMin")), float(line_el.get("yMax"))
                )
                block.append(line)
                page.lines.append(line)
            page.blocks.append(block)
        page.lines.sort(key=lambda line: (round(line.top), line.words[0][1] if line.words else 0))
        pages.append(page)
    return pages


def _style(paragraph) -> str:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return style.get(f"{W}val") if style is not None else ""


def _text(element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def read_source(docx: Path, template: Path | None = None) -> Source:
    """What the .docx says; with its template, also which forced page breaks the template asks for."""
    with zipfile.ZipFile(docx) as archive:
        parts = {
            n: archive.read(n)
            for n in archive.namelist()
            if re.match(r"word/(document|header\d*|footer\d*|styles)\.xml$", n)
        }
    words: set[str] = set()
    for name, data in parts.items():
        if name == "word/styles.xml":
            continue
        for paragraph in etree.fromstring(data).iter(f"{W}p"):
            words.update(_token(w) for w in _norm(_text(paragraph)).split())
    root = etree.fromstring(parts["word/document.xml"])
    body = [e for e in root.find(f"{W}body") if not _section_break(e)]  # what prints, e.g. a heading and its table
    keep, chapters = [], []
    headings: list[str] = []
    for element, following in zip(body, body[1:] + [None]):
        if element.tag != f"{W}p":
            continue
        style, text = _style(element), _norm(_text(element))
        if not text:
            continue
        if style in CHAPTER_STARTS:
            chapters.append(text)
        if style in HEADINGS | CHAPTER_STARTS:
            headings.append(text.lower())
        after = _norm(_text(following)) if following is not None else ""
        if style in HEADINGS:
            keep.append(("rubrik", text, after))
        elif style in CAPTIONS and following is not None and following.tag == f"{W}tbl":
            keep.append(("tabellrubrik", text, after))
        elif following is not None and (
            following.tag == f"{W}tbl"
            or _style(following) in CAPTIONS | FIGURES
            or following.find(f".//{W}drawing") is not None
        ):
            if style not in CAPTIONS | FIGURES | NOTES:
                keep.append(("inledning", text, after))
                if len(keep) > 1 and keep[-2][0] == "rad" and keep[-2][2] == text:
                    keep[-2] = ("inledning", *keep[-2][1:])  # a title line above an introduction
        elif _title_line(style, text) and following is not None:
            keep.append(("rad", text, after))  # a line of its own: kept only above an introduction
    keep = [k for k in keep if k[0] != "rad"] + _runs_to_tables(body, {text for _kind, text, _after in keep})
    tables = [element for element in body if element.tag == f"{W}tbl"]
    state: dict[str, tuple] = {}  # per table (its parts by their common title): looks seen, labels open
    rows = [row for table in tables for row in table_rows(table, *state.setdefault(_title(table), ([], {})))]
    breaks = forced_breaks(root, parts.get("word/styles.xml"), template) if template is not None else []
    anchors = pagenumbers.toc_anchors(parts["word/document.xml"])
    after_notes = [
        (_norm(_text(note)), _norm(_text(text)))
        for note, text in zip(body, body[1:])
        if note.tag == f"{W}p"
        and text.tag == f"{W}p"
        and _style(note) in NOTES
        and _norm(_text(text))
        and not (_style(text) in NOTES | CAPTIONS or _style(text).startswith("Heading"))
    ]
    running = [(_style(p), _norm(_text(p))) for p in body if p.tag == f"{W}p"]
    lists = _lists(body)
    after_lists = [
        (upper, lower)
        for (style, upper), (next_style, lower) in zip(running, running[1:])
        if style.startswith(LISTS) and upper and lower and next_style in RUNNING_TEXT
    ]
    pairs = [
        (upper, lower)
        for (style, upper), (next_style, lower) in zip(running, running[1:])
        if style in RUNNING_TEXT and next_style in RUNNING_TEXT and upper and lower
    ]
    return Source(
        words,
        keep,
        chapters,
        anchors,
        headings,
        table_rows=rows,
        breaks=breaks,
        parts=table_parts(body),
        after_notes=after_notes,
        short_values=_all_short_values(tables),
        after_lists=after_lists,
        paragraph_pairs=pairs,
        lists=lists,
        header_columns=_header_columns(parts),
        markers=_markers(parts),
    )


def _markers(parts: dict[str, bytes]) -> list[str]:
    """The texts of the runs in the marker style, in the body, headers and footers."""
    found = []
    for name, data in parts.items():
        if name == "word/styles.xml":
            continue
        for run in etree.fromstring(data).iter(f"{W}r"):
            style = run.find(f"{W}rPr/{W}rStyle")
            if style is not None and style.get(f"{W}val") == MARKER_STYLE:
                found.append(_norm(_text(run)).lower())
    return found


def _runs_to_tables(body, known: set[str]) -> list[tuple[str, str, str]]:
    """The paragraphs of a run kept with the next (w:keepNext, a heading) that ends at a table,
    beyond the heading, caption and introduction right above it ('Intern kontroll', its
    introduction, 'Tabell 2': LibreOffice left the first two at a page's foot and moved the
    caption with the table): each, with what follows it, as ("i rad före tabell", text, after)."""
    found = []
    for n, element in enumerate(body):
        if element.tag != f"{W}tbl":
            continue
        k = n - 1
        while k >= 0 and body[k].tag == f"{W}p" and _kept(body[k]):
            text = _norm(_text(body[k]))
            if text and text not in known:
                found.append(("i rad före tabell", text, _norm(_text(body[k + 1]))))
            k -= 1
    return found


def _kept(paragraph) -> bool:
    """Kept with the next paragraph: w:keepNext of its own, or a heading or caption style's."""
    own = paragraph.find(f"{W}pPr/{W}keepNext")
    if own is not None:
        return own.get(f"{W}val") not in ("0", "false")
    return _style(paragraph) in HEADINGS | CAPTIONS


LISTS = ("ListBullet", "ListNumber")
RUNNING_TEXT = {"", "Normal", "BodyText", "Brdtext"}


def _header_columns(parts: dict[str, bytes]) -> list[str]:
    """The first column of each running-header paragraph laid out in columns by a tab
    ('Knivsta kommun' ⇥ the title), or of a table row in the header."""
    found = []
    for name, data in parts.items():
        if not re.match(r"word/header\d*\.xml$", name):
            continue
        for paragraph in etree.fromstring(data).iter(f"{W}p"):
            columns, current = [], ""
            for element in paragraph.iter(f"{W}t", f"{W}tab"):
                if element.getparent().tag == f"{W}tabs":  # a tab stop, not a tab
                    continue
                if element.tag == f"{W}tab":
                    columns.append(current)
                    current = ""
                else:
                    current += element.text or ""
            if columns and _norm(columns[0]) and _norm(current):
                found.append(_norm(columns[0]))
        for row in etree.fromstring(data).iter(f"{W}tr"):  # or in the cells of a table
            cells = [_norm(_text(cell)) for cell in row.iter(f"{W}tc")]
            if len(cells) > 1 and cells[0] and any(cells[1:]):
                found.append(cells[0])
    return found


SHORT_VALUE = 3  # words: a column whose every value is this short holds values, not prose


def _all_short_values(tables) -> dict[str, int]:
    """Each value of the tables' columns of short values, with the narrowest column it stands in."""
    found: dict[str, int] = {}
    for table in tables:
        for value, width in _short_values(table):
            found[value] = min(width, found.get(value, width))
    return found


def _short_values(table) -> list[tuple[str, int]]:
    """The body values of the table's columns of short values ('Årligen', 'Tertial', 'Samtliga
    delårsrapporter'), in lower case, each with its column's width (twips); a column of
    numbers only left out."""
    grid = [int(c.get(f"{W}w", "0")) for c in table.findall(f"{W}tblGrid/{W}gridCol")]
    columns: dict[int, list[str]] = {}
    for row in table.iterchildren(f"{W}tr"):
        if row.find(f"{W}trPr/{W}tblHeader") is not None:
            continue
        for column, cell in enumerate(row.iterchildren(f"{W}tc")):
            columns.setdefault(column, []).extend(t for p in cell.iter(f"{W}p") if (t := _norm(_text(p))))
    return [
        (t.lower(), grid[column] if column < len(grid) else 0)
        for column, texts in columns.items()
        if texts and all(len(t.split()) <= SHORT_VALUE for t in texts)
        for t in texts
        if any(c.isalpha() for c in t)
    ]


def _title_line(style: str, text: str) -> bool:
    """A body paragraph of one short line without a full stop: above an introduction it reads as
    the title of what is introduced ("Diagram 3–5: Standardiserade vårdförlopp cancer")."""
    if style in CAPTIONS | FIGURES | NOTES or style.startswith(("Heading", "List", "Numrerad", "Title", "Subtitle")):
        return False
    return len(text) <= SHORT_LINE and not text.endswith((".", "!", "?"))


def table_parts(body) -> list[Part]:
    """The continued parts of split tables: a table right after a table, with only an empty
    Tabellfortsättning paragraph without space before it between them (a paragraph with space
    sets two tables apart)."""
    found = []
    for before, between, table in zip(body, body[1:], body[2:]):
        if before.tag != f"{W}tbl" or table.tag != f"{W}tbl" or between.tag != f"{W}p":
            continue
        if (
            _style(between) != CONTINUATION_STYLE
            or _norm(_text(between))
            or between.find(f"{W}pPr/{W}spacing[@{W}before]") is not None
        ):
            continue
        rows, above = list(table.iterchildren(f"{W}tr")), list(before.iterchildren(f"{W}tr"))
        texts = lambda row: [t for t in _cell_texts(row) if t]  # noqa: E731
        found.append(Part(_title(table), texts(rows[0]), texts(above[-1])))
    return found


def _cell_texts(row) -> list[str]:
    return [_norm(" ".join(_text(p) for p in cell.iter(f"{W}p"))) for cell in row.iterchildren(f"{W}tc")]


def _is_group_row(row, columns: int) -> bool:
    cells = list(row.iterchildren(f"{W}tc"))
    if len(cells) == 1 and columns > 1:
        return True
    first = cells[0].find(f"{W}p") if cells else None
    return first is not None and _style(first) in GROUP_ROWS


def _title(table) -> str:
    caption = table.find(f"{W}tblPr/{W}tblCaption")
    title = caption.get(f"{W}val", "") if caption is not None else ""
    return title.removesuffix(CONTINUED)


def _look(row) -> tuple[str, str]:
    """A group row's paragraph style and shading: group rows of two looks are two levels."""
    cell = row.find(f"{W}tc")
    paragraph = cell.find(f"{W}p") if cell is not None else None
    shading = cell.find(f"{W}tcPr/{W}shd") if cell is not None else None
    fill = shading.get(f"{W}fill", "") if shading is not None else ""
    return (_style(paragraph) if paragraph is not None else "", "" if fill.upper() in ("FFFFFF", "AUTO") else fill)


def table_rows(table, looks: list | None = None, open_labels: dict | None = None) -> list[TableRow]:
    """The rows of one table with their part in its groups. The parts of one table share
    `looks` (group row looks, the outer level's seen first) and `open_labels` (level -> the
    label of the group row last seen at that level: an outer group runs on into the next part)."""
    looks = [] if looks is None else looks
    open_labels = {} if open_labels is None else open_labels
    columns = len(table.findall(f"{W}tblGrid/{W}gridCol"))
    rows = list(table.iterchildren(f"{W}tr"))
    header = 0
    while header < len(rows) and rows[header].find(f"{W}trPr/{W}tblHeader") is not None:
        header += 1
    out: list[TableRow] = []

    def enter(row, texts) -> TableRow:
        look = _look(row)
        if look not in looks:
            looks.append(look)
        level = looks.index(look)
        for deeper in [n for n in open_labels if n >= level]:
            del open_labels[deeper]
        outer = tuple(open_labels[n] for n in sorted(open_labels))
        label = (texts[0] if texts else "").removesuffix(_norm(CONTINUED))
        open_labels[level] = label
        return TableRow(texts, "grupp", label, outer)

    def under() -> tuple[str, tuple[str, ...]]:
        labels = [open_labels[n] for n in sorted(open_labels)]
        return (labels[-1], tuple(labels[:-1])) if labels else ("", ())

    for n, row in enumerate(rows[:header]):
        texts = [t for t in _cell_texts(row) if t]
        if _is_group_row(row, columns) and (n or header > 1 and _is_group_row(rows[1], columns)):
            out.append(enter(row, texts))  # a group row repeated with the header
        else:
            out.append(TableRow(texts, "rubrik"))
    body = rows[header:]
    repeated = any(row.kind == "grupp" for row in out)
    by_row = any(_is_group_row(row, columns) for row in body)
    firsts = [_cell_texts(row)[0] if _cell_texts(row) else "" for row in body]
    label = ""
    for n, row in enumerate(body):
        texts = [t for t in _cell_texts(row) if t]
        if by_row and _is_group_row(row, columns):
            out.append(enter(row, texts))
        elif repeated or (by_row and open_labels):  # a row under the group rows above it
            label, outer = under()
            out.append(TableRow(texts, "del", label, outer))
            named = re.search(rf"(?<!\w){re.escape(label.casefold())}(?!\w)", " ".join(texts).casefold())
            if by_row and named and SUM_ROWS & {_style(p) for p in row.iter(f"{W}p")}:
                open_labels.pop(max(open_labels), None)  # the sum that names the group closes it
        elif not by_row and firsts[n] and n + 1 < len(body) and not firsts[n + 1]:
            label = firsts[n]
            out.append(TableRow(texts, "första", label))
        elif not by_row and firsts[n]:
            label = ""
            out.append(TableRow(texts, ""))
        else:
            out.append(TableRow(texts, "del" if label else "", label))
    return out


def _section_break(element) -> bool:
    """An empty paragraph that only ends a section (a landscape table's, bred_tabell)."""
    return element.tag == f"{W}p" and element.find(f"{W}pPr/{W}sectPr") is not None and not _norm(_text(element))


def _on(element) -> bool:
    return element is not None and element.get(f"{W}val") not in ("0", "false", "off")


def _breaking_styles(styles_xml: bytes | None) -> set[str]:
    """The paragraph styles whose own or inherited properties start a new page."""
    if not styles_xml:
        return set()
    styles = {s.get(f"{W}styleId"): s for s in etree.fromstring(styles_xml).iter(f"{W}style")}

    def breaks(style_id, seen=()) -> bool:
        style = styles.get(style_id)
        if style is None or style_id in seen:
            return False
        own = style.find(f"{W}pPr/{W}pageBreakBefore")
        if own is not None:
            return _on(own)
        based = style.find(f"{W}basedOn")
        return based is not None and breaks(based.get(f"{W}val"), (*seen, style_id))

    return {style_id for style_id in styles if breaks(style_id)}


@dataclass
class _Template:
    """Where an editor's template starts a new page: its styles, its paragraphs, its sections."""

    styles: set[str]
    paragraphs: list[tuple[str, str]]  # (style, text) of a paragraph with a page break
    sections: bool

    @classmethod
    def read(cls, template: Path) -> _Template:
        with zipfile.ZipFile(template) as archive:
            document = etree.fromstring(archive.read("word/document.xml"))
            styles = archive.read("word/styles.xml") if "word/styles.xml" in archive.namelist() else None
        paragraphs = [
            (_style(p), _norm(_text(p)))
            for p in document.iter(f"{W}p")
            if _on(p.find(f"{W}pPr/{W}pageBreakBefore")) or p.find(f".//{W}br[@{W}type='page']") is not None
        ]
        return cls(_breaking_styles(styles), paragraphs, document.find(f".//{W}pPr/{W}sectPr") is not None)

    def asks(self, style: str, text: str) -> bool:
        """A page break on this paragraph of the built document comes from one of the template's
        (the same style, and the same text or a text the template fills in)."""
        return any(s == style and (t == text or "{{" in t or "{%" in t) for s, t in self.paragraphs)


def forced_breaks(root, styles_xml: bytes | None, template: Path) -> list[Break]:
    """The paragraphs of the built document that start a new page by force, each with whether
    the template asks for that break: its heading style or its own paragraph says so."""
    editor = _Template.read(template)
    built_styles = _breaking_styles(styles_xml)
    found: list[Break] = []
    pending: tuple[bool, str] | None = None  # a break the element before ends with
    for element in root.find(f"{W}body"):
        text = _norm(_text(element))
        if element.tag == f"{W}p":
            style, ppr = _style(element), element.find(f"{W}pPr")
            direct = _on(ppr.find(f"{W}pageBreakBefore")) if ppr is not None else False
            if text and direct:
                found.append(Break(text, editor.asks(style, text), "page break before the paragraph"))
            elif text and style in built_styles:
                found.append(Break(text, style in editor.styles, f"the style {style} starts a new page"))
            elif text and pending is not None:
                found.append(Break(text, *pending))
            if text:
                pending = None
            if element.find(f".//{W}br[@{W}type='page']") is not None:
                pending = (editor.asks(style, text), "a page break")
            section = ppr.find(f"{W}sectPr") if ppr is not None else None
            kind = section.find(f"{W}type") if section is not None else None
            if section is not None and (kind is None or kind.get(f"{W}val") in ("nextPage", "oddPage", "evenPage")):
                pending = (editor.sections, "a section break")
        elif text and pending is not None:
            found.append(Break(text, *pending))
            pending = None
    return found


def _filled(pdf: Path, pages: list[Page]) -> list[float]:
    """How much of each page's text area holds something (text, table rules, pictures), from
    a low-resolution rendering: the lowest inked row."""
    import numpy
    from PIL import Image

    fills = []
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["pdftoppm", "-r", "20", "-gray", str(pdf), f"{folder}/p"], check=True, timeout=120)
        for image_path, page in zip(sorted(Path(folder).glob("p*.pgm")), pages):
            image = Image.open(image_path)
            height = image.size[1]
            scale = height / page.height
            top, bottom = int(BODY_TOP * scale) + 1, int((page.height - FOOTER_ZONE) * scale) - 1
            inked = (numpy.asarray(image)[top:bottom] < 200).any(axis=1).nonzero()[0]
            lowest = inked[-1] if len(inked) else 0
            fills.append(lowest / (bottom - top))
    return fills


def problems(pdf: Path, docx: Path, template: Path | None = None) -> list[str]:
    """Every layout problem of one PDF (with its template: also the page breaks docgen forced)."""
    pages = read_pages(pdf)
    source = read_source(docx, template)
    name = pdf.name
    found = []
    if source.anchors:
        toc_shown = pagenumbers.shown_pages(zipfile.ZipFile(docx).read("word/document.xml"))
        found += toc_problems(name, pages, source, pagenumbers.destinations(pdf), toc_shown)
    found += broken_words(name, pages, source)
    found += hyphenated_headings(name, pages, source)
    found += hyphenated_addresses(name, pages, source)
    found += stranded_lines(name, pages, source)
    found += underfilled_pages(name, pages, source, _filled(pdf, pages))
    found += unlabelled_groups(name, pages, source)
    found += midpage_parts(name, pages, source)
    found += idle_columns(name, docx)
    found += cramped_notes(name, pages, source)
    found += illegible_markers(name, docx)
    found += cramped_lists(name, pages, source)
    found += header_under_name(name, pages, source)
    found += lone_list_items(name, pages, source)
    found += hyphenated_values(name, pages, source)
    found += broken_markers(name, pages, source)
    return found


LIST_STYLES = ("List", "Numrerad")  # List Bullet, List Number, List Paragraph, Numrerad lista


def _lists(body) -> list[list[str]]:
    """The items (their texts) of every list of two or more items in the body: a run of
    paragraphs in a list style or numbered by their own properties."""
    found, current = [], []
    for element in [*body, None]:
        item = element is not None and element.tag == f"{W}p"
        item = item and (_style(element).startswith(LIST_STYLES) or element.find(f"{W}pPr/{W}numPr") is not None)
        if item:
            text = _norm(_text(element))
            if text:
                current.append(text)
            continue
        if len(current) > 1:
            found.append(current)
        current = []
    return found


def _ends(text: str, line: str) -> bool:
    """The PDF line is the end of the text (a word hyphenated at the line's end excepted)."""
    line = _norm(line)
    return len(line) >= 4 and _norm(text).replace("\u00ad", "").endswith(line)


def _within(text: str, line: str) -> bool:
    line = _norm(line).rstrip("-")
    return len(line) >= 4 and line in text


def _item_line(segments: list[str]) -> str:
    """A visual line as text, without the bullet or number a list item's first line begins with."""
    text = _norm(re.sub(r"[\ue000-\uf8ff•▪◦·]", " ", " ".join(segments)))
    return re.sub(r"^(\d+|[a-z])[.)]\s+", "", text)


def lone_list_items(name, pages, source) -> list[str]:
    """A list's last item alone at the top of a page under the rest of its list on the page
    before, or its first item alone at the foot of a page above the rest."""
    found = []
    lines = [[_item_line(s) for s in visual_lines(page)] for page in pages]
    for page, following, above, below in zip(pages, pages[1:], lines, lines[1:]):
        above, below = [t for t in above if t], [t for t in below if t]
        if not above or not below:
            continue
        last, first = above[-1], below[0]
        for items in source.lists:
            if items[-1][:12] == first[:12] and _within(" ".join(items[:-1]), last):
                found.append(
                    f"{name} p{following.number}: the list's last item '{items[-1][:40]}' opens the page alone"
                )
                break
            if _ends(items[0], last) and items[1][:12] == first[:12]:
                found.append(f"{name} p{page.number}: the list's first item '{items[0][:40]}' stands alone at the foot")
                break
    return found


LIST_SLACK = 2.0  # points: a list may end this much closer to the next paragraph than paragraphs stand


def _gaps(pages, pairs) -> list[tuple[int, float, str]]:
    """(page, the space between them, the lower text) of each pair of paragraphs found as
    consecutive lines: the upper's last line, the lower's first."""
    found = []
    for page in pages:
        for upper, lower in zip(page.body, page.body[1:]):
            last, first = _norm(upper.text), _norm(lower.text)
            if len(last) < 4 or len(first) < 4 or lower.top < upper.bottom - 1:
                continue
            if any(a.endswith(last) and b.startswith(first[:30]) for a, b in pairs):
                found.append((page.number, lower.top - upper.bottom, first))
    return found


def cramped_lists(name, pages, source) -> list[str]:
    """A bullet list closer to the paragraph after it than the document's paragraphs stand to each
    other (List Bullet's 3 pt after its last item against 6 pt between paragraphs: the list and the
    text under it read as one block). Measured against the same PDF's own paragraph spacing."""
    between = sorted(gap for _page, gap, _text in _gaps(pages, source.paragraph_pairs))
    if not between:
        return []
    usual = between[len(between) // 2]
    return [
        f"{name} p{page}: '{text[:40]}' stands {gap:.1f} pt under a list (paragraphs {usual:.1f} pt apart)"
        for page, gap, text in _gaps(pages, source.after_lists)
        if gap < usual - LIST_SLACK
    ]


def header_under_name(name, pages, source) -> list[str]:
    """A running-header line that continues a paragraph laid out in columns ('Knivsta kommun' ⇥
    the title) back at the left margin, under the name: the title's second line belongs under
    the title."""
    found = []
    for page in pages:
        header = [line for line in page.lines if line.bottom <= BODY_TOP and line.words]
        if not header:
            continue
        margin = min(line.words[0][1] for line in header)
        rows: dict[float, list] = {}
        for line in header:
            rows.setdefault(round(line.top), []).append(line)
        ordered = [sorted(rows[top], key=lambda line: line.words[0][1]) for top in sorted(rows)]
        for above, row in zip(ordered, ordered[1:]):
            first = row[0]
            text = _norm(first.text)
            if first.words[0][1] > margin + 2 or any(text.startswith(c) for c in source.header_columns):
                continue
            joined = _norm(" ".join(line.text for line in above))
            if any(joined.startswith(c) and len(joined) > len(c) for c in source.header_columns):
                found.append(
                    f"{name} p{page.number}: the running header's '{text[:40]}' wraps under '{_norm(above[0].text)}'"
                )
    return found


MARKER_STYLE = "Attuppdatera"


def illegible_markers(name, docx: Path) -> list[str]:
    """An ATT UPPDATERA marker (yellow) in a paragraph whose text is light (a table's header
    row, white on dark blue) while the marker style sets no colour of its own: white on yellow,
    unreadable (Uppsala's 'Tidpunkt för [ATT UPPDATERA: …]' column heading). Read from the
    .docx: the styles' own colours along their basedOn chains."""
    with zipfile.ZipFile(docx) as archive:
        styles = etree.fromstring(archive.read("word/styles.xml"))
        root = etree.fromstring(archive.read("word/document.xml"))
    by_id = {s.get(f"{W}styleId"): s for s in styles.iter(f"{W}style")}

    def colour(style_id: str, seen: int = 0) -> str:
        style = by_id.get(style_id)
        if style is None or seen > 10:
            return ""
        own = style.find(f"{W}rPr/{W}color")
        if own is not None:
            return own.get(f"{W}val", "").upper()
        based = style.find(f"{W}basedOn")
        return colour(based.get(f"{W}val"), seen + 1) if based is not None else ""

    if colour(MARKER_STYLE) not in ("", "AUTO"):
        return []
    found = []
    for run in root.iter(f"{W}r"):
        style = run.find(f"{W}rPr/{W}rStyle")
        if style is None or style.get(f"{W}val") != MARKER_STYLE:
            continue
        paragraph = run.getparent()
        while paragraph is not None and paragraph.tag != f"{W}p":
            paragraph = paragraph.getparent()
        text = colour(_style(paragraph)) if paragraph is not None else ""
        if text and text != "AUTO" and sum(int(text[i : i + 2], 16) for i in (0, 2, 4)) > 3 * 0xC0:
            found.append(
                f"{name}: the marker '{_norm(_text(run))[:40]}' is light text on yellow (its paragraph's colour {text})"
            )
    return found


def hyphenated_values(name, pages, source) -> list[str]:
    """A value of a table's column of short values hyphenated ('Samtliga delårsrappor-' / 'ter'
    under 'Uppföljningsfrekvens', twelve times in the årsplan): a value that short belongs on
    one line, or broken between its words. Its cell's first line and the line straight below it
    make the start of the value; a word longer than its column is let be."""
    from docgen.word.textwidth import CELL_PADDING, width

    found = []
    for page in pages:
        for upper in page.lines:
            if not upper.words or not upper.words[-1][0].endswith("-"):
                continue
            left, height = upper.words[0][1], upper.bottom - upper.top
            below = [
                line
                for line in page.lines
                if line.words and abs(line.words[0][1] - left) < 1.0 and 0 < line.top - upper.top < 1.6 * height
            ]
            if not below:
                continue
            joined = (_norm(upper.text)[:-1] + below[0].words[0][0]).lower()
            word = upper.words[-1][0][:-1] + below[0].words[0][0]
            columns = [w for value, w in source.short_values.items() if joined and value.startswith(joined)]
            if columns and width(word) + CELL_PADDING <= min(columns):  # a longer word must be hyphenated
                found.append(f"{name} p{page.number}: the table value '{joined}' is hyphenated")
    return found


def broken_markers(name, pages, source) -> list[str]:
    """An ATT UPPDATERA marker hyphenated ('[ATT UPPDA-' / 'TERA: målvär-' / 'det för 2027' in a
    narrow value column): a note to the editor is read at a glance, its words whole. A line's last word and the first
    word of a line just below it (any column: a cell's lines are not always each other's
    neighbours) that join to a word of a marker which the marker does not write with a hyphen."""
    found = []
    for page in pages:
        for upper in page.lines:
            if not upper.words:
                continue
            end = _norm(" ".join(word for word, _left, _right in upper.words[-2:])).lower()  # in its context
            if not end.endswith("-") or len(end) < 3:
                continue
            height = upper.bottom - upper.top
            for lower in page.lines:
                if not lower.words or not 0 < lower.top - upper.top < 1.6 * height:
                    continue
                start = _norm(lower.words[0][0]).lower()
                joined, written = end[:-1] + start, end + start
                if any(joined in marker and written not in marker for marker in source.markers):
                    found.append(f"{name} p{page.number}: the marker's word '{joined.split()[-1]}' is hyphenated")
                    break
    return found


NOTE_GAP = 3.0  # points: less between a table's last note and the text under it reads as one block


def cramped_notes(name, pages, source) -> list[str]:
    """Text right under the notes of a table or figure without space between them (the SVN's
    '2024 minskade kostnaderna …' 0,7 pt under 'Summorna kan avvika på grund av avrundning.'):
    the note reads as the first line of the text."""
    found = []
    for page in pages:
        for upper, lower in zip(page.lines, page.lines[1:]):
            last, first = _norm(upper.text), _norm(lower.text)
            if len(last) < 4 or len(first) < 4 or lower.top - upper.bottom >= NOTE_GAP:
                continue
            if any(note.endswith(last) and text.startswith(first[:20]) for note, text in source.after_notes):
                found.append(f"{name} p{page.number}: '{first[:40]}' stands right under the note '{last[:40]}'")
    return found


IDLE_WIDTH = 1000  # twips (1,8 cm): a text column this much wider than its longest text needs


def idle_columns(name, docx: Path) -> list[str]:
    """A table's text column much wider than its longest text needs on one line, while the texts
    of another of its text columns wrap (the SVN's Systemmått: 'Riket' a third of the page for
    '39 % (nationellt mål 80 %)', the labels beside it over four lines). Read from the .docx:
    its column widths, its texts in Arial at the table styles' sizes (docgen.word.textwidth,
    the widths LibreOffice lays out)."""
    root = etree.fromstring(zipfile.ZipFile(docx).read("word/document.xml"))
    found = []
    for table in root.iter(f"{W}tbl"):
        if table.find(f".//{W}tbl") is not None:
            continue
        grid = [int(c.get(f"{W}w", "0")) for c in table.findall(f"{W}tblGrid/{W}gridCol")]
        need, numbers = _one_line_widths(table, len(grid))
        text = [c for c in range(len(grid)) if need[c] and not numbers[c]]
        wrapping = [c for c in text if need[c] > grid[c]]
        idle = [c for c in text if grid[c] - need[c] >= IDLE_WIDTH]
        if wrapping and idle:
            heading = _cell_texts(table.find(f"{W}tr"))
            title = lambda c: heading[c] if c < len(heading) else str(c + 1)  # noqa: E731
            found.append(
                f"{name}: the table '{(_title(table) or ' '.join(heading))[:40]}' gives the column "
                f"'{title(idle[0])}' {(grid[idle[0]] - need[idle[0]]) / 567:.1f} cm more than its texts need "
                f"while the texts of '{title(wrapping[0])}' wrap"
            )
    return found


def _one_line_widths(table, columns: int) -> tuple[list[int], list[bool]]:
    """Per grid column: the widest of its texts on one line (twips, with the cell margins), and
    whether its body holds numbers only (cells spanning several columns left out)."""
    from docgen.word.textwidth import CELL_PADDING, width
    from docgen.word.widths import BOLD_STYLES, NUMERIC, SMALL_SIZES, TABLE_SIZE

    need, numbers, body = [0] * columns, [True] * columns, [False] * columns
    for row in table.iterchildren(f"{W}tr"):
        header = row.find(f"{W}trPr/{W}tblHeader") is not None
        column = 0
        for cell in row.iterchildren(f"{W}tc"):
            span = cell.find(f"{W}tcPr/{W}gridSpan")
            span = int(span.get(f"{W}val")) if span is not None else 1
            for paragraph in cell.iter(f"{W}p") if span == 1 and column < columns else ():
                text, style = _norm(_text(paragraph)), _style(paragraph)
                if not text:
                    continue
                bold = header or style in BOLD_STYLES or paragraph.find(f".//{W}b") is not None
                need[column] = max(need[column], width(text, SMALL_SIZES.get(style, TABLE_SIZE), bold) + CELL_PADDING)
                if not header:
                    body[column] = True
                    numbers[column] = numbers[column] and bool(NUMERIC.match(text))
            column += span
    return need, [n and b for n, b in zip(numbers, body)]


def midpage_parts(name, pages, source) -> list[str]:
    """A continued table part whose repeated column headings stand in the middle of a page, right
    under the last row of the part above, instead of at the top of a page."""
    found = []
    for part in source.parts:
        heading = TableRow(part.heading, "rubrik")
        for page in pages:
            lines = visual_lines(page)
            if any(_opens(lines[n], heading) and _of_row(lines[n - 1], part.above) for n in range(1, len(lines))):
                found.append(
                    f"{name} p{page.number}: a part of the table '{part.title[:40]}' repeats its column headings "
                    "in the middle of the page"
                )
    return found


def _of_row(segments: list[str], cells: list[str]) -> bool:
    """Every segment of the line stands in one of the row's cells (a line of that row)."""
    return bool(segments) and all(any(segment.rstrip("-") in cell for cell in cells) for segment in segments)


def toc_problems(name, pages, source, destinations, in_docx) -> list[str]:
    """The TOC's numbers (in the PDF and in the .docx) are the pages of its headings' bookmarks."""
    found = []
    wanted = [destinations.get(a, (None,))[0] for a in source.anchors]
    shown = [int(m[1]) for page in pages for line in page.lines if (m := re.search(r"\.{4,}\s*(\d+)$", line.text))]
    if shown != wanted:
        found.append(f"{name}: TOC shows pages {shown}, the headings are on {wanted}")
    if in_docx and [in_docx.get(a) for a in source.anchors] != wanted:
        found.append(f"{name}: the .docx TOC shows other pages than the PDF's headings are on")
    return found


def broken_words(name, pages, source) -> list[str]:
    """A PDF word that is not a word of the document but joins with a word below it to one."""
    found = []
    for page in pages:
        for upper, lower in zip(page.lines, page.lines[1:]):
            if not 0 < lower.top - upper.top < 2.2 * (upper.bottom - upper.top):
                continue
            for word, x_min, _x_max in upper.words:
                piece = _token(word)
                if not piece or piece.endswith("-") or piece in source.words or any(c.isdigit() for c in piece):
                    continue
                for below, below_min, _ in lower.words:
                    if below_min <= x_min + 1 and piece + _token(below) in source.words:
                        found.append(f"{name} p{page.number}: '{word}' / '{below}' is broken without a hyphen")
    return found


def hyphenated_headings(name, pages, source) -> list[str]:
    """A heading (in the body or as a TOC line), or a word of the running header or footer,
    hyphenated at a line's end: Swedish typesetting does not hyphenate headings. A word written with its hyphen ("Hälso- och") is not one."""
    found = []
    for page in pages:
        for upper, lower in zip(page.lines, page.lines[1:]):
            if not upper.words or not lower.words or not 0 < lower.top - upper.top < 2.2 * (upper.bottom - upper.top):
                continue
            line = _norm(upper.text).lower()
            if not line.endswith("-") or len(line) < 12 or _token(upper.words[-1][0]) in source.words:
                continue
            joined = line[:-1] + _norm(lower.words[0][0]).lower()
            if any(joined in heading for heading in source.headings):
                found.append(f"{name} p{page.number}: the heading '{joined[-40:]}' is hyphenated")
            elif upper.top < BODY_TOP or upper.bottom > page.height - FOOTER_ZONE:
                word = _token(upper.words[-1][0][:-1] + lower.words[0][0])
                if word in source.words:
                    found.append(f"{name} p{page.number}: '{word}' is hyphenated in the running header or footer")
    return found


def hyphenated_addresses(name, pages, source) -> list[str]:
    """A web address broken at a line's end with a hyphen of its own (".../politiskt-styran-" /
    "de-dokument"): read or copied, it is an address that does not exist. A break at a hyphen
    the address has ("politiskt-" / "styrande-dokument") is none."""
    addresses = [word for word in source.words if "://" in word or word.startswith("www.")]
    found = []
    for page in pages:
        for upper, lower in zip(page.lines, page.lines[1:]):
            if not upper.words or not lower.words or not 0 < lower.top - upper.top < 2.2 * (upper.bottom - upper.top):
                continue
            end, start = upper.words[-1][0].lower(), lower.words[0][0].lower()
            if not end.endswith("-") or not any(mark in end for mark in ("://", "www.", "/")):
                continue
            if any(end[:-1] + start in a for a in addresses) and not any(end + start in a for a in addresses):
                found.append(f"{name} p{page.number}: the web address '{(end + start)[-50:]}' is hyphenated")
    return found


def stranded_lines(name, pages, source) -> list[str]:
    """A heading, a caption above a table or an introduction as the last line of a page."""
    found = []
    for page, following in zip(pages, pages[1:]):
        if not page.body or not following.body:
            continue
        last, first = _norm(page.body[-1].text), _norm(following.body[0].text)
        for kind, text, after in source.keep_texts:
            # the same text may stand in several places: it is this one when what follows it
            # in the document (a figure has no text) opens the next page
            parted = not after or first[:12] == after[:12]
            if len(last) >= 4 and text.endswith(last) and (last == text or len(last) >= 15) and parted:
                found.append(f"{name} p{page.number}: {kind} '{text[:60]}' is the last line of the page")
                break
    return found


def underfilled_pages(name, pages, source, fills) -> list[str]:
    """A page (not the last) under a third full while the next page continues its chapter, or
    starts on a new page by a break docgen forced (not one its template asks for); not where
    the page turns (a landscape section the editor declared, bred_tabell: liggande). A chapter
    that starts on a new page because its heading came there, or because the template's style
    or paragraph says so, leaves the page before it as it is. An empty page, anywhere but last."""
    found = []
    for page, fill, following in zip(pages, fills, pages[1:]):
        if fill == 0 and not page.body:
            found.append(f"{name} p{page.number}: the page is empty")
            continue
        if page.height != following.height or fill >= 1 / 3:
            continue
        first = _norm(following.body[0].text) if following.body else ""
        starts = lambda text: len(first) >= 3 and text.startswith(first)  # noqa: E731
        forced = next((b for b in source.breaks if starts(b.text)), None)
        if forced is not None and not forced.by_template:
            found.append(
                f"{name} p{page.number}: filled {fill:.0%} because docgen starts page {following.number} "
                f"on a new page ({forced.how}: '{forced.text[:40]}'), which the template does not ask for"
            )
        elif forced is None and not any(starts(text) for text in source.chapter_texts):
            found.append(
                f"{name} p{page.number}: filled {fill:.0%} while page {following.number} continues the chapter"
            )
    return found


def visual_lines(page: Page) -> list[list[str]]:
    """The page's body lines from the top, each as its column segments (words closer than a
    column gap joined), lines of one table row at the same height taken together."""
    found: list[tuple[float, list[tuple[str, float, float]]]] = []
    for line in sorted(page.body, key=lambda line: line.top):
        if found and abs(line.top - found[-1][0]) < 2.0:
            found[-1][1].extend(line.words)
        else:
            found.append((line.top, list(line.words)))
    out = []
    for _top, words in found:
        segments: list[list] = []
        for text, x_min, x_max in sorted(words, key=lambda w: w[1]):
            if segments and x_min - segments[-1][2] < COLUMN_GAP:
                segments[-1][0] += " " + text
                segments[-1][2] = x_max
            else:
                segments.append([text, x_min, x_max])
        out.append([_norm(segment[0]) for segment in segments])
    return out


def _opens(segments: list[str], row: TableRow) -> bool:
    """The line is the first line of the row: each segment begins its cell (a word broken at
    the line's end by a hyphen)."""
    if len(segments) != len(row.cells) or sum(len(s) for s in segments) < 6:
        return False
    return all(cell.startswith(segment.rstrip("-")) for segment, cell in zip(segments, row.cells))


def unlabelled_groups(name, pages, source, lines_read: int = 12) -> list[str]:
    """A page that opens with rows of a group whose label, or the label of the outer group it
    lies in, is not above them on that page."""
    found = []
    for page in pages[1:]:
        seen: set[str] = set()
        in_table = False
        for segments in visual_lines(page)[:lines_read]:
            matches = [row for row in source.table_rows if _opens(segments, row)]
            kinds = {row.kind for row in matches}
            if not matches or kinds <= {"rubrik"}:
                in_table = in_table or bool(matches)
                continue
            missing = [row for row in matches if _unseen(row, seen)]
            if kinds <= {"rubrik", "grupp"}:
                # a group row under the column headings, without the label of its outer group
                # (a heading of the text that reads like a group row is no part of a table)
                if in_table and missing and len(missing) == len(matches):
                    found.append(_unlabelled(name, page, missing))
                    break
                seen.update(row.label for row in matches if row.kind == "grupp")
                continue
            if matches and len(missing) == len(matches) and all(row.kind == "del" for row in matches):
                found.append(_unlabelled(name, page, missing))
            break
    return found


def _unseen(row: TableRow, seen: set[str]) -> bool:
    labels = list(row.outer) + ([row.label] if row.kind == "del" else [])
    return any(label and label not in seen for label in labels)


def _unlabelled(name, page, rows: list[TableRow]) -> str:
    row = rows[0]
    if row.kind == "grupp":
        return f"{name} p{page.number}: the page opens with the group '{row.label[:50]}' without the label of '{row.outer[-1][:40]}' it lies in"
    return f"{name} p{page.number}: the page opens with rows of the group '{row.label[:50]}' without its label" + (
        f" or that of '{row.outer[-1][:40]}' it lies in" if row.outer else ""
    )


def templates(project=None) -> dict[str, Path]:
    """The template of every document the sources define, by its output's path under the build
    folder (organisation/name.docx)."""
    from docgen.pipeline import Project, buildable, document_folders, load_buildable, output_path

    project = project or Project()
    found = {}
    for folder in document_folders(project):
        if buildable(folder):
            _, sources = load_buildable(folder, project)
            output = output_path(folder, sources, project)
            found[output.relative_to(project.build).as_posix()] = project.templates / sources.document.template
    return found


def template_of(docx: Path, known: dict[str, Path]) -> Path | None:
    return next((t for name, t in known.items() if docx.as_posix().endswith("/" + name)), None)


def main(folder: str) -> int:
    count = 0
    known = templates()
    for pdf in sorted(Path(folder).rglob("*.pdf")):
        docx = pdf.with_suffix(".docx")
        for problem in problems(pdf, docx, template_of(docx.resolve(), known)):
            print(problem)
            count += 1
    print(f"{count} problems")
    return 1 if count else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
