"""The accessible HTML edition of a built document (WCAG 2.1 AA, lagen 2018:1937).

Made from docgen's own view of the finished document in memory, the same WordprocessingML
tree that is written to the .docx (never by reading the .docx back), so the page says
exactly what the .docx says: one self-contained page with lang="sv", the title, the heading
outline, a table of contents with links, tables with caption, th and scope (group and sum
rows marked), charts as embedded images with their alt text and their values as a table,
a print stylesheet, and the template's colours and font. The same document gives the same
bytes.
"""

from __future__ import annotations

import base64
import re
import unicodedata
from dataclasses import dataclass, field
from html import escape

from lxml import etree

from docgen.word.accessibility import Styles, contrast
from docgen.word.charts import ChartData
from docgen.word.markers import MARKER, shown
from docgen.word.namedstyles import GROUP, SMALL_GROUP, SMALL_SUM_NUMBER, SMALL_SUM_TEXT, SUM_NUMBER, SUM_TEXT
from docgen.word.pagination import rejoined

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {
    "w": W,
    "r": R,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "dc": "http://purl.org/dc/elements/1.1/",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
TOC_STYLES = {"TOC1", "TOC2", "TOC3", "TOCHeading"}
TOC_LEVELS = (1, 2)
LIST_STYLES = {"ListBullet", "ListBullet2", "Uppdragslista", "ListParagraph"}
CAPTION = "Caption"
FIGURE_NOTES = {"Tabellfotnot"}  # the lines under a chart: what it shows, its source
NUMBERED_STYLE = "Numreradlista"  # Numrerad lista (2, 3): att-satser and "1." items
TITLE_STYLES = {"Title": "titel", "Subtitle": "undertitel"}
EMU_PER_PX = 9525
FALLBACK_INK = "1F3864"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass
class _Heading:
    level: int  # on the page: the document's own level, one below the title's h1
    text: str
    anchor: str
    outline: int  # in the .docx: Rubrik 1, 2, …


@dataclass
class _Page:
    """What the conversion collects on its way through the body."""

    styles: Styles
    relationships: dict[str, tuple[str, bool]]
    parts: dict[str, bytes]
    charts: dict[str, ChartData]
    headings: list[_Heading] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)
    bookmarks: dict[str, str] = field(default_factory=dict)  # Word bookmark → heading id
    alignment: dict[str | None, str] = field(default_factory=dict)
    title_shown: bool = False  # the first paragraph in the style Title is the page's h1
    tables: int = 0
    paragraph_styles: set[str] = field(default_factory=set)  # the template's own styles used on the page
    numbering: _Numbering | None = None  # Word's own list numbering (word/numbering.xml), counted as Word does


def html_edition(
    parts: dict[str, bytes], root, charts: dict[str, ChartData] | None = None, organisation: str = ""
) -> bytes:
    """The HTML page of the finished document: `parts` as written to the .docx, `root` the
    finished word/document.xml tree, `charts` the charts' values by their alt text,
    `organisation` the one whose document it is (named in the browser tab and search results)."""
    styles = Styles(etree.fromstring(parts["word/styles.xml"]))
    page = _Page(styles, _relationships(parts), parts, charts or {})
    page.numbering = _Numbering(parts.get("word/numbering.xml"), styles)
    body = root.find("w:body", NS)
    _collect_headings(body, page)
    content = "".join(_blocks(list(body), page))
    title = _core_title(parts) or (page.headings[0].text if page.headings else "Dokument")
    if not page.title_shown:  # a template without a Title paragraph: the outline still starts at h1
        content = f'<h1 class="dold">{escape(title)}</h1>\n' + content
    content, skip = _skip_link(content)
    html = (
        "<!DOCTYPE html>\n"
        '<html lang="sv">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(_page_title(title, organisation))}</title>\n"
        '<meta name="generator" content="docgen">\n'
        f"<style>\n{_stylesheet(styles, root)}{_paragraph_styles(page)}</style>\n</head>\n<body>\n"
        f'{skip}<main id="innehall">\n{content}</main>\n{SCROLLING_FRAMES if page.tables else ""}</body>\n</html>\n'
    )
    return html.encode("utf-8")


# ---------------------------------------------------------------- what the page needs first


# A table frame that scrolls sideways (a wide table on a phone) must be reachable by keyboard to
# be scrolled (WCAG 2.1.1; axe scrollable-region-focusable); one that does not scroll must not be
# a tab stop leading nowhere. Which frames scroll depends on the reader's screen, never known when
# the page is built, so the page sets it when it opens and whenever its width changes. Without
# scripts Chromium and Firefox still let the keyboard into a scrolling frame by themselves.
SCROLLING_FRAMES = """<script>
(function () {
  var frames = document.querySelectorAll("div.tabell");
  function mark() {
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].scrollWidth > frames[i].clientWidth + 1) { frames[i].tabIndex = 0; }
      else { frames[i].removeAttribute("tabindex"); }
    }
  }
  mark();
  window.addEventListener("resize", mark);
})();
</script>
"""


SKIP_TARGET = "efter-innehallsforteckningen"


def _skip_link(content: str) -> tuple[str, str]:
    """The page and its skip link: past the table of contents to the document's text (the
    heading right after it, or a mark there), the one block a keyboard user wants to skip.
    A page without a table of contents has nothing before its text to skip, so no link."""
    end = content.find("</nav>\n")
    if end < 0 or 'class="innehallsforteckning"' not in content[:end]:
        return content, ""
    end += len("</nav>\n")
    heading = re.match(r'<h[1-6] id="([^"]+)"', content[end:])
    if heading is not None:
        target = heading[1]
    else:
        target = SKIP_TARGET
        content = content[:end] + f'<span id="{target}"></span>\n' + content[end:]
    return content, f'<a class="hoppa" href="#{target}">Hoppa förbi innehållsförteckningen</a>\n'


GENERIC_ORGANISATION_WORDS = {"kommun", "kommuns", "region", "regionen", "regionens", "stad", "staden", "län", "läns"}


def _page_title(title: str, organisation: str) -> str:
    """The browser tab's and a search result's title: the document's, then whose it is
    ("Måluppföljning 2023 – Vårgårda kommun"); a tab of several organisations' "Årsplan 2025"
    cannot be told apart otherwise. Not added when the title already names it ("Vårgårda
    kommuns årsredovisning": each of the organisation's own words begins a word of the title)."""
    organisation = " ".join(organisation.split())
    if not organisation:
        return title
    own = [
        w for w in organisation.casefold().split() if w not in GENERIC_ORGANISATION_WORDS
    ] or organisation.casefold().split()
    words = re.findall(r"\w+", title.casefold())
    if all(any(word.startswith(w) for word in words) for w in own):
        return title
    return f"{title} – {organisation}"


def _core_title(parts) -> str:
    core = parts.get("docProps/core.xml")
    if not core:
        return ""
    title = etree.fromstring(core).find("dc:title", NS)
    return (title.text or "").strip() if title is not None else ""


def _relationships(parts) -> dict[str, tuple[str, bool]]:
    """The document part's relationships: id → (target, external)."""
    data = parts.get("word/_rels/document.xml.rels")
    if not data:
        return {}
    out = {}
    for rel in etree.fromstring(data).findall("rel:Relationship", NS):
        out[rel.get("Id")] = (rel.get("Target"), rel.get("TargetMode") == "External")
    return out


def _slug(text: str, taken: set[str]) -> str:
    """A readable, unique id from a heading ("Ekonomi och budget" → "ekonomi-och-budget")."""
    plain = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:60].strip("-") or "avsnitt"
    if slug[0].isdigit():
        slug = f"avsnitt-{slug}"
    candidate, n = slug, 2
    while candidate in taken or candidate in ("innehall", "innehallsforteckning", SKIP_TARGET):
        candidate = f"{slug}-{n}"
        n += 1
    taken.add(candidate)
    return candidate


def _style(paragraph) -> str | None:
    style = paragraph.find("w:pPr/w:pStyle", NS)
    return style.get(_w("val")) if style is not None else None


def _text(element) -> str:
    """The visible text (field instructions are not text; field results are)."""
    out = []
    for node in element.iter(_w("t"), _w("tab"), _w("br"), _w("noBreakHyphen")):
        if node.tag == _w("t"):
            out.append(node.text or "")
        elif node.tag == _w("noBreakHyphen"):
            out.append("\u2011")
        else:
            out.append(" ")
    return "".join(out)


def _top_paragraphs(body):
    for element in body:
        if element.tag == _w("p"):
            yield element
        elif element.tag == _w("sdt"):
            yield from element.findall("w:sdtContent/w:p", NS)


def _collect_headings(body, page: _Page) -> None:
    for paragraph in _top_paragraphs(body):
        level = page.styles.heading_level(_style(paragraph))
        text = " ".join(_text(paragraph).split())
        if level is None or not text or _style(paragraph) in TOC_STYLES:
            continue
        heading = _Heading(min(level + 1, 6), text, _slug(text, page.anchors), level)
        page.headings.append(heading)
        for bookmark in paragraph.findall("w:bookmarkStart", NS):
            page.bookmarks[bookmark.get(_w("name"))] = heading.anchor


# ---------------------------------------------------------------- blocks


def _blocks(elements: list, page: _Page, in_cell: bool = False) -> list[str]:
    """Paragraphs and tables in order; lists grouped, captions joined to their table or figure."""
    out: list[str] = []
    headings = iter(page.headings)
    toc_done = False
    pending_caption = None
    items: list[_Item] = []

    def flush_list():
        if items:
            out.append(_list_html(_nested(items)))
            items.clear()

    elements = [e for e in elements if e.tag in (_w("p"), _w("tbl"), _w("sdt"))]
    expanded = []
    for element in elements:  # content controls: their content, in place
        if element.tag == _w("sdt"):
            expanded.extend(c for c in element.findall("w:sdtContent/*", NS) if c.tag in (_w("p"), _w("tbl")))
        else:
            expanded.append(element)
    expanded = rejoined(expanded)  # a table split at a long group (pagination) is one table here
    values = ""  # a chart's values, shown after the notes under it (its source, its direction)
    break_next = False  # the .docx starts a new page after the element before
    for index, element in enumerate(expanded):
        following = expanded[index + 1] if index + 1 < len(expanded) else None
        if values and not _figure_note(element):
            out.append(values)
            values = ""
        if not in_cell and (break_next or _starts_page(element, page)):
            flush_list()
            out.append(PAGE_BREAK)
        break_next = not in_cell and _ends_page(element)
        if element.tag == _w("tbl"):
            flush_list()
            out.append(_table(element, page, pending_caption))
            pending_caption = None
            continue
        style = _style(element)
        if style in TOC_STYLES:
            flush_list()
            if not toc_done and not in_cell:
                out.append(_toc(page, _toc_label(expanded)))
                toc_done = True
            continue
        drawing = element.find(".//w:drawing", NS)
        if drawing is not None:
            flush_list()
            caption = following if following is not None and _style(following) == CAPTION else None
            figure, values = _figure(element, drawing, caption, page)
            out.append(figure)
            if caption is not None:
                expanded[index + 1] = etree.Element(_w("p"))  # used as the figure's caption
            continue
        content = _inline(element, page)
        if not content.strip():
            continue
        if style == CAPTION and following is not None and following.tag == _w("tbl"):
            pending_caption = element
            continue
        level = page.styles.heading_level(style) if not in_cell else None
        if level is not None:
            flush_list()
            heading = _next_heading(headings, element)
            chapter = ' class="kapitel"' if heading.outline == 1 else ""
            out.append(f'<h{heading.level} id="{heading.anchor}"{chapter}>{content}</h{heading.level}>\n')
            continue
        if style == "Title" and not in_cell and not page.title_shown:
            flush_list()
            page.title_shown = True
            out.append(f"<h1{_paragraph_class(style, element, page)}>{content}</h1>\n")
            continue
        item = _list_item(style, content, page.numbering.item(element, style, content))
        if item is not None:
            items.append(item)
            continue
        flush_list()
        css = _paragraph_class(style, element, page)
        out.append(f"<p{css}>{content}</p>\n")
    flush_list()
    out.append(values)
    return _page_breaks(out)


PAGE_BREAK = "\x00ny-sida\x00"  # where the .docx starts a new page: marked on what follows


def _starts_page(element, page: _Page) -> bool:
    """The paragraph starts a new page in the .docx (its own or its style's pageBreakBefore)."""
    if element.tag != _w("p"):
        return False
    own = element.find("w:pPr/w:pageBreakBefore", NS)
    if own is not None:
        return own.get(_w("val")) not in ("0", "false", "off")
    return _style_has(page.styles, _style(element), "w:pPr/w:pageBreakBefore")


def _ends_page(element) -> bool:
    """What follows the element starts a new page: a page break in it, or a section ending with it."""
    if element.tag != _w("p"):
        return False
    return element.find(".//w:br[@w:type='page']", NS) is not None or element.find("w:pPr/w:sectPr", NS) is not None


def _page_breaks(out: list[str]) -> list[str]:
    """Each page break marked on the block after it: a heading gets the class ny-sida, anything
    else an empty mark before it; printed, the page breaks where the .docx does and nowhere else."""
    result: list[str] = []
    pending = False
    for block in out:
        if block == PAGE_BREAK:
            pending = True
            continue
        if pending and block:
            heading = re.match(r"<h[1-6]\b[^>]*>", block)
            if heading is None:
                result.append('<div class="ny-sida"></div>\n')
            elif ' class="' in heading[0]:
                block = block.replace(' class="', ' class="ny-sida ', 1)
            else:
                block = block.replace(">", ' class="ny-sida">', 1)
            pending = False
        result.append(block)
    return result


def _figure_note(element) -> bool:
    """A note under a figure (Tabellfotnot), or the emptied caption paragraph before it."""
    if element.tag != _w("p") or element.find(".//w:drawing", NS) is not None:
        return False
    return _style(element) in FIGURE_NOTES or not _text(element).strip()


@dataclass
class _Item:
    """A list item: bullets (ul) or numbered (ol, its number as the .docx writes it)."""

    kind: str
    level: int
    content: str
    number: int | None = None
    children: list[_Item] = field(default_factory=list)
    kind_type: str = "1"  # a numbered list's <ol type>: 1, a, A, i, I


_NUMBER = re.compile(r"^((?:<(?:strong|em|mark|span)[^>]*>)*)(\d+)\.\s*((?:</(?:strong|em|mark|span)>)*)\s*")


def _list_item(style: str | None, content: str, numbered: _Item | None = None) -> _Item | None:
    """The paragraph as a list item, or None: a numbered paragraph (an att-sats, a "1." item
    of prose) when it starts with its number, which becomes the item's number instead of text,
    so that a screen reader says "lista, 3 objekt" and the numbers hang as in the .docx; else a
    paragraph numbered by Word's own numbering (`numbered`: a template whose att-satser are
    numbered by the style or by Word's numbering button); else bullets by their style (List
    Bullet 2 one level in)."""
    style = style or ""
    if style.startswith(NUMBERED_STYLE):
        match = _NUMBER.match(content)
        if match is not None:
            rest = match[1] + match[3] + content[match.end() :]
            rest = re.sub(r"<(strong|em|mark|span)[^>]*></\1>", "", rest)
            return _Item("ol", _list_level(style.removeprefix(NUMBERED_STYLE)), rest, int(match[2]))
    if numbered is not None and numbered.kind == "ol":
        if style.startswith("ListNumber"):  # List Number 2: a list of its own in Word, one level in
            numbered.level = max(numbered.level, _list_level(style.removeprefix("ListNumber")))
        return numbered
    if style in LIST_STYLES or style.startswith("ListBullet"):
        return _Item("ul", _list_level(style.removeprefix("ListBullet")), content)
    return numbered


# Word's number formats that an HTML list can show (<ol type>); others are counted as decimals
_LIST_TYPES = {"decimal": "1", "lowerLetter": "a", "upperLetter": "A", "lowerRoman": "i", "upperRoman": "I"}


class _Numbering:
    """Word's own list numbering: which paragraphs Word numbers (w:numPr in the paragraph or in
    its style and the styles it is based on) and the number Word gives each one, counted through
    the document as Word counts: per list (its abstract numbering), per level, from the level's
    start or the list's startOverride, a level restarting after an item of a level above it."""

    def __init__(self, data: bytes | None, styles: Styles):
        self.styles = styles
        self.abstract: dict[str, dict[int, tuple[str, int]]] = {}  # abstractNumId → level → (format, start)
        self.lists: dict[str, tuple[str, dict[int, int]]] = {}  # numId → (abstractNumId, level → startOverride)
        self.counters: dict[str, dict[int, int]] = {}  # abstractNumId → level → last number given
        if not data:
            return
        root = etree.fromstring(data)
        for abstract in root.findall("w:abstractNum", NS):
            levels = {}
            for lvl in abstract.findall("w:lvl", NS):
                fmt, start = lvl.find("w:numFmt", NS), lvl.find("w:start", NS)
                levels[int(lvl.get(_w("ilvl"), "0"))] = (
                    fmt.get(_w("val")) if fmt is not None else "decimal",
                    int(start.get(_w("val"))) if start is not None else 1,
                )
            self.abstract[abstract.get(_w("abstractNumId"))] = levels
        for num in root.findall("w:num", NS):
            link = num.find("w:abstractNumId", NS)
            overrides = {
                int(o.get(_w("ilvl"), "0")): int(o.find("w:startOverride", NS).get(_w("val")))
                for o in num.findall("w:lvlOverride", NS)
                if o.find("w:startOverride", NS) is not None
            }
            if link is not None:
                self.lists[num.get(_w("numId"))] = (link.get(_w("val")), overrides)

    def _num_pr(self, paragraph, style: str | None) -> tuple[str | None, int]:
        own = paragraph.find("w:pPr/w:numPr", NS)
        num_id = own.find("w:numId", NS) if own is not None else None
        ilvl = own.find("w:ilvl", NS) if own is not None else None
        num = num_id.get(_w("val")) if num_id is not None else self.styles.inherited(style, "w:pPr/w:numPr/w:numId")
        level = ilvl.get(_w("val")) if ilvl is not None else self.styles.inherited(style, "w:pPr/w:numPr/w:ilvl")
        return num, int(level or 0)

    def item(self, paragraph, style: str | None, content: str) -> _Item | None:
        """The paragraph as Word numbers it (a numbered or bulleted item), or None."""
        num, level = self._num_pr(paragraph, style)
        if not num or num == "0" or num not in self.lists:
            return None
        abstract_id, overrides = self.lists[num]
        fmt, start = self.abstract.get(abstract_id, {}).get(level, ("decimal", 1))
        if fmt == "none":
            return None
        if fmt == "bullet":
            return _Item("ul", level, content)
        counters = self.counters.setdefault(abstract_id, {})
        for deeper in [n for n in counters if n > level]:
            del counters[deeper]
        number = counters[level] + 1 if level in counters else overrides.get(level, start)
        counters[level] = number
        return _Item("ol", level, content, number, kind_type=_LIST_TYPES.get(fmt, "1"))


def _list_level(suffix: str) -> int:
    return int(suffix) - 1 if suffix in ("2", "3") else 0


def _nested(items: list[_Item]) -> list[_Item]:
    """Items one level in go under the item before them."""
    top: list[_Item] = []
    open_items: list[_Item] = []  # the last item at each level
    for item in items:
        del open_items[item.level :]
        if open_items:
            open_items[-1].children.append(item)
        else:
            top.append(item)
        open_items.append(item)
    return top


def _list_html(items: list[_Item]) -> str:
    """Consecutive items of one kind as one list; a numbered item whose number is not the
    next one keeps its own (value), as does a list not starting at 1 (start)."""
    out = []
    n = 0
    while n < len(items):
        kind = items[n].kind
        group = [items[n]]
        while n + len(group) < len(items) and items[n + len(group)].kind == kind:
            group.append(items[n + len(group)])
        n += len(group)
        expected = group[0].number if kind == "ol" else None
        start = f' start="{expected}"' if expected not in (None, 1) else ""
        start += f' type="{group[0].kind_type}"' if group[0].kind_type != "1" else ""
        out.append(f"<{kind}{start}>\n")
        for item in group:
            value = ""
            if kind == "ol":
                value = f' value="{item.number}"' if item.number != expected else ""
                expected = item.number + 1
            children = "\n" + _list_html(item.children) if item.children else ""
            out.append(f"<li{value}>{item.content}{children}</li>\n")
        out.append(f"</{kind}>\n")
    return "".join(out)


def _next_heading(headings, paragraph) -> _Heading:
    text = " ".join(_text(paragraph).split())
    for heading in headings:
        if heading.text == text:
            return heading
    raise AssertionError(f"rubriken '{text}' saknas i dispositionen")


def _paragraph_class(style: str | None, paragraph, page: _Page) -> str:
    classes = []
    if style in TITLE_STYLES:
        classes.append(TITLE_STYLES[style])
    elif style == CAPTION:
        classes.append("bildtext")
    elif style:
        classes.append("stil-" + re.sub(r"[^A-Za-z0-9_-]", "", style))
        page.paragraph_styles.add(style)
    align = _alignment(style, paragraph, page)
    if align in ("right", "end"):
        classes.append("hoger")
    elif align == "center":
        classes.append("mitt")
    return f' class="{" ".join(classes)}"' if classes else ""


def _alignment(style: str | None, paragraph, page: _Page) -> str:
    direct = paragraph.find("w:pPr/w:jc", NS)
    if direct is not None:
        return direct.get(_w("val"))
    if style not in page.alignment:
        page.alignment[style] = _style_alignment(style, page.styles)
    return page.alignment[style]


def _style_alignment(style_id: str | None, styles: Styles) -> str:
    return styles.inherited(style_id, "w:pPr/w:jc") or "left"


def _toc_label(elements) -> str:
    for element in elements:
        if element.tag == _w("p") and _style(element) == "TOCHeading":
            label = " ".join(_text(element).split())
            if label:
                return label
    return "Innehåll"


def _toc(page: _Page, label: str) -> str:
    """The table of contents: the outline's first two levels, linked, as nested lists."""
    entries = [h for h in page.headings if h.outline in TOC_LEVELS]
    if not entries:
        return ""
    out = [
        f'<nav class="innehallsforteckning" aria-labelledby="innehallsforteckning">\n'
        f'<h2 id="innehallsforteckning">{escape(label)}</h2>\n<ol>\n'
    ]
    open_sub = False
    for n, entry in enumerate(entries):
        link = f'<a href="#{entry.anchor}">{escape(entry.text)}</a>'
        if entry.outline == 1:
            if open_sub:
                out.append("</ol></li>\n")
                open_sub = False
            elif n:
                out.append("</li>\n")
            out.append(f"<li>{link}")
        else:
            if not open_sub:
                out.append("\n<ol>\n" if n else "<li>\n<ol>\n")
                open_sub = True
            out.append(f"<li>{link}</li>\n")
    out.append("</ol></li>\n" if open_sub else "</li>\n")
    out.append("</ol>\n</nav>\n")
    return "".join(out)


# ---------------------------------------------------------------- text


def _run_format(run, styles: Styles | None = None) -> tuple:
    """(bold, italic, highlighted, superscript, subscript, colour) from the run's own
    properties over its character style's (e.g. the ATT UPPDATERA marker's)."""
    rpr = run.find("w:rPr", NS)
    if rpr is None:
        return (False, False, False, False, False, None)
    layers = [rpr]
    style = rpr.find("w:rStyle", NS)
    if style is not None and styles is not None:
        defined = styles.by_id.get(style.get(_w("val")))
        if defined is not None and defined.find("w:rPr", NS) is not None:
            layers.append(defined.find("w:rPr", NS))

    def find(tag):
        for layer in layers:
            element = layer.find(f"w:{tag}", NS)
            if element is not None:
                return element
        return None

    def on(tag):
        element = find(tag)
        return element is not None and element.get(_w("val")) not in ("0", "false", "off")

    highlight = find("highlight")
    shading = find("shd")
    marked = (highlight is not None and highlight.get(_w("val")) != "none") or (
        shading is not None and (shading.get(_w("fill")) or "").upper() in ("FFFF00", "FFF200", "FFEB3B")
    )
    vertical = find("vertAlign")
    vertical = vertical.get(_w("val")) if vertical is not None else None
    colour = find("color")
    colour = colour.get(_w("val")) if colour is not None and colour.get(_w("val")) not in (None, "auto") else None
    return (on("b"), on("i"), marked, vertical == "superscript", vertical == "subscript", colour)


def _segments(element, page: _Page, link: str | None = None) -> list[tuple[tuple, str | None, str]]:
    """(format, link, text) for every piece of visible text, in order."""
    out = []
    for child in element:
        tag = child.tag
        if tag == _w("r"):
            fmt = _run_format(child, page.styles)
            for node in child:
                if node.tag == _w("t"):
                    out.append((fmt, link, node.text or ""))
                elif node.tag == _w("tab"):
                    out.append((fmt, link, " "))
                elif node.tag in (_w("br"), _w("cr")):
                    out.append((fmt, link, "\n"))
                elif node.tag == _w("noBreakHyphen"):
                    out.append((fmt, link, "\u2011"))
        elif tag == _w("hyperlink"):
            out.extend(_segments(child, page, _href(child, page)))
        elif tag in (_w("fldSimple"), _w("ins"), _w("smartTag"), _w("customXml")):
            out.extend(_segments(child, page, link))
        elif tag == _w("sdt"):
            content = child.find("w:sdtContent", NS)
            if content is not None:
                out.extend(_segments(content, page, link))
    return out


def _href(hyperlink, page: _Page) -> str | None:
    anchor = hyperlink.get(_w("anchor"))
    if anchor:
        return "#" + page.bookmarks.get(anchor, anchor)
    rid = hyperlink.get(f"{{{R}}}id")
    if rid and rid in page.relationships:
        target, _external = page.relationships[rid]
        if re.match(r"^(https?:|mailto:)", target):
            return target
    return None


# a slash between letters ("Kallelse/föredragningslista", "och/eller") may end a line, as in Word
# and LibreOffice: a narrow screen breaks there, not inside a word ("föredragningsl" / "ista");
# not between digits or in an address (TEF/2019:263, https://…)
_SLASH_IN_WORD = re.compile(r"(?<=[^\W\d_]{2})/(?=[^\W\d_]{2})")


# An e-mail or web address written as text (a handläggare's e-post, "Anmäl förhinder till …
# elisabeth.persson@botkyrka.se.", "återfinns via …: https://…"): a link on the web page, as Word
# makes one when the address is typed. A full stop, comma or bracket after it ends the sentence,
# not the address.
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|https?://[^\s<>\"]+")
_AFTER_ADDRESS = ".,;:!?)]»”’'"


def _addresses(text: str) -> list[tuple[str, str | None]]:
    """`text` in pieces, each with the link it is (mailto: or the address) or None."""
    pieces: list[tuple[str, str | None]] = []
    at = 0
    for found in _ADDRESS.finditer(text):
        address = found.group(0).rstrip(_AFTER_ADDRESS)
        if found.start() > 0 and (text[found.start() - 1].isalnum() or text[found.start() - 1] in "/:@"):
            continue  # inside a longer word or address: not one of its own
        if found.start() > at:
            pieces.append((text[at : found.start()], None))
        pieces.append((address, address if address.startswith("http") else "mailto:" + address))
        at = found.start() + len(address)
    if at < len(text):
        pieces.append((text[at:], None))
    return pieces


def _inline(element, page: _Page) -> str:
    """The paragraph's text as HTML: bold, italic, highlighted (ATT UPPDATERA), links (also an
    e-mail or web address written as text)."""
    pieces = _segments(element, page)
    out: list[str] = []
    current_link = None
    groups: list[tuple[tuple, str | None, str]] = []
    for fmt, link, text in pieces:
        if groups and groups[-1][0] == fmt and groups[-1][1] == link:
            groups[-1] = (fmt, link, groups[-1][2] + text)
        else:
            groups.append((fmt, link, text))
    groups = [
        (fmt, href, piece)
        for fmt, link, text in groups
        for piece, href in (_addresses(text) if link is None else [(text, link)])
    ]
    for fmt, link, text in groups:
        html = _SLASH_IN_WORD.sub("/<wbr>", escape(text, quote=False)).replace("\n", "<br>")
        bold, italic, mark, sup, sub, colour = fmt
        if colour:
            html = f'<span style="color:#{colour}">{html}</span>'
        for flag, tag in zip((bold, italic, mark, sup, sub), ("strong", "em", "mark", "sup", "sub")):
            if flag:
                html = f"<{tag}>{html}</{tag}>"
        if link != current_link:
            if current_link is not None:
                out.append("</a>")
            if link is not None:
                out.append(f'<a href="{escape(link)}">')
            current_link = link
        out.append(html)
    if current_link is not None:
        out.append("</a>")
    return "".join(out).strip()


# ---------------------------------------------------------------- figures


def _figure(paragraph, drawing, caption, page: _Page) -> tuple[str, str]:
    """The picture embedded as a data URI with its alt text; and a chart's values as a table,
    shown after the notes that belong to the picture."""
    doc_pr = drawing.find(".//wp:docPr", NS)
    alt = (doc_pr.get("descr") or "").strip() if doc_pr is not None else ""
    blip = drawing.find(".//a:blip", NS)
    src = ""
    if blip is not None:
        target = page.relationships.get(blip.get(f"{{{R}}}embed"), ("", False))[0]
        data = page.parts.get("word/" + target.lstrip("/").removeprefix("word/"))
        if data is not None:
            kind = "jpeg" if target.lower().endswith((".jpg", ".jpeg")) else "png"
            src = f"data:image/{kind};base64," + base64.b64encode(data).decode("ascii")
    extent = drawing.find(".//wp:extent", NS)
    size = ""
    if extent is not None:
        width = int(extent.get("cx")) // EMU_PER_PX
        height = int(extent.get("cy")) // EMU_PER_PX
        size = f' width="{width}" height="{height}"'
    caption_html = _inline(caption, page) if caption is not None else ""
    chart = page.charts.get(alt)
    image = f'<img src="{src}" alt="{escape(alt)}"{size}>'
    if chart is not None and chart.narrow is not None:
        image = f"<picture>{_narrow_source(chart.narrow())}{image}</picture>"
    out = [f"<figure>\n{image}\n"]
    if caption_html:
        out.append(f"<figcaption>{caption_html}</figcaption>\n")
    out.append("</figure>\n")
    return "".join(out), _chart_table(chart) if chart is not None else ""


NARROW_SCREEN = "(max-width: 36rem)"  # a phone: the 15 cm chart would be shrunk to about a third
CHART_DPI = 200  # docgen.word.charts draws at 200 dots per inch


def _narrow_source(png: bytes) -> str:
    """The chart drawn for a phone, which the browser shows instead on a narrow screen (its
    size from the PNG's header, in CSS pixels of 96 to the inch)."""
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    css = 96 / CHART_DPI
    return (
        f'<source media="{NARROW_SCREEN}" srcset="data:image/png;base64,{base64.b64encode(png).decode("ascii")}"'
        f' width="{round(width * css)}" height="{round(height * css)}">'
    )


def _chart_table(chart: ChartData) -> str:
    """The chart's values, for screen readers and anyone who wants the figures."""
    head = "".join(
        f'<th scope="col"{" class=" + chr(34) + "tal" + chr(34) if n else ""}>{escape(h)}</th>'
        for n, h in enumerate(chart.headings)
    )
    rows = "".join(
        "<tr>"
        + f'<th scope="row">{escape(row[0])}</th>'
        + "".join(f'<td class="tal">{escape(v)}</td>' for v in row[1:])
        + "</tr>\n"
        for row in chart.rows
    )
    return (
        f'<details class="diagramdata">\n<summary>{escape(chart.summary)}</summary>\n'
        f"<table>\n<caption>{escape(chart.caption)}</caption>\n<thead><tr>{head}</tr></thead>\n"
        f"<tbody>\n{rows}</tbody>\n</table>\n</details>\n"
    )


# ---------------------------------------------------------------- tables


def _table(table, page: _Page, caption) -> str:
    """A table with its caption, header rows as th scope=col, the first column as row headers,
    group rows as th scope=rowgroup starting their own tbody, and sum rows marked."""
    rows = table.findall("w:tr", NS)
    columns = len(table.findall("w:tblGrid/w:gridCol", NS)) or max(
        (len(r.findall("w:tc", NS)) for r in rows), default=1
    )
    header_rows = []
    for row in rows:
        if row.find("w:trPr/w:tblHeader", NS) is None:
            break
        header_rows.append(row)
    body_rows = rows[len(header_rows) :]
    caption_html = _inline(caption, page) if caption is not None else _marked(_table_caption(table))
    page.tables += 1
    label = f' aria-labelledby="tabell-{page.tables}"' if caption_html else ' aria-label="Tabell"'
    # a wide table scrolls sideways in its own frame on a phone, not the whole page (WCAG 1.4.10;
    # a group, not a landmark: a document has dozens of tables, some with the same caption);
    # the page's script makes the frame a tab stop only while it scrolls (SCROLLING_FRAMES)
    out = [f'<div class="tabell" role="group"{label}>\n<table>\n']
    if caption_html:
        out.append(f'<caption id="tabell-{page.tables}">{caption_html}</caption>\n')
    out.append(_columns(table, columns))
    if header_rows:
        out.append("<thead>\n")
        for row in header_rows:
            out.append("<tr>" + "".join(_header_cell(cell, page) for cell in row.findall("w:tc", NS)) + "</tr>\n")
        out.append("</thead>\n")
    out.append("<tbody>\n")
    has_header = bool(header_rows)
    kinds = _heading_rows(body_rows, columns)
    for n_row, row in enumerate(body_rows):
        cells = row.findall("w:tc", NS)
        kind = kinds[n_row]
        if kind == "grupp" and has_header:
            if n_row:  # a group row starts its own row group (no empty one before the first)
                out.append("</tbody>\n<tbody>\n")
            first = _cell_content(cells[0], page)
            span = _span(cells[0])
            span_attr = f' colspan="{span}"' if span > 1 else ""
            rest = "".join(_data_cell(c, page) for c in cells[1:])
            out.append(
                f'<tr class="grupp"><th scope="rowgroup"{span_attr}{_shading(cells[0])}>{first}</th>{rest}</tr>\n'
            )
            continue
        css = ' class="summa"' if kind == "summa" else ""
        html_cells = []
        for n, cell in enumerate(cells):
            if n == 0 and has_header and _text(cell).strip() and not _across(cell, columns):
                span = _span(cell)
                span_attr = f' colspan="{span}"' if span > 1 else ""
                html_cells.append(f'<th scope="row"{span_attr}{_shading(cell)}>{_cell_content(cell, page)}</th>')
            else:
                html_cells.append(_data_cell(cell, page))
        out.append(f"<tr{css}>{''.join(html_cells)}</tr>\n")
    out.append("</tbody>\n</table>\n</div>\n")
    return "".join(out)


def _columns(table, columns: int) -> str:
    """The columns' widths as in the .docx (its grid), as shares of the table: a browser left to
    itself gives a two-character Nr column as much room as a diarienummer."""
    widths = []
    for column in table.findall("w:tblGrid/w:gridCol", NS):
        try:
            widths.append(max(int(column.get(_w("w")) or 0), 0))
        except ValueError:
            return ""
    total = sum(widths)
    if len(widths) != columns or len(widths) < 2 or not total:
        return ""
    cols = "".join(f'<col style="width:{100 * w / total:.1f}%">' for w in widths)
    return f"<colgroup>{cols}</colgroup>\n"


def _marked(text: str) -> str:
    """A plain text (a table's title) as HTML, its ATT UPPDATERA markers highlighted as the
    marker style shows them in the text (bold on yellow)."""
    out, pos = [], 0
    for match in MARKER.finditer(text):
        out += [escape(text[pos : match.start()]), f"<mark><strong>{escape(shown(match))}</strong></mark>"]
        pos = match.end()
    return "".join([*out, escape(text[pos:])])


def _table_caption(table) -> str:
    caption = table.find("w:tblPr/w:tblCaption", NS)
    return caption.get(_w("val")) if caption is not None else ""


def _across(cell, columns: int) -> bool:
    """A cell across a table of several columns: a row of its own, no header of other cells."""
    return columns > 1 and _span(cell) == columns


def _span(cell) -> int:
    span = cell.find("w:tcPr/w:gridSpan", NS)
    return int(span.get(_w("val"))) if span is not None else 1


def _bold_text(cell) -> bool:
    runs = [r for r in cell.iter(_w("r")) if (r.findtext("w:t", namespaces=NS) or "").strip()]
    return bool(runs) and all(_run_format(r)[0] for r in runs)


def _heading_rows(rows, columns: int) -> list[str]:
    """Each body row's kind (_row_kind), where a group row heads rows: one with no ordinary row
    after it in the table heads nothing and is an ordinary row (the starter kit's '1. [ATT
    UPPDATERA: indikatorns namn …]' across an indicator table stands in for the table's rows, and
    a screen reader should not announce it as the heading of an empty group). A group row over
    a group row (Östergötland's Beställning over Specialiserad vård i egen regi) stays one."""
    kinds = [_row_kind(row.findall("w:tc", NS), columns) for row in rows]
    heads_rows = False
    for n in reversed(range(len(kinds))):
        if kinds[n] != "grupp":
            heads_rows = True
        elif not heads_rows:
            kinds[n] = ""
    return kinds


def _row_kind(cells, columns: int) -> str:
    """'grupp': a heading over the rows that follow (style Grupprad, a cell across the table,
    or bold with no values); 'summa': a sum or total (style Summarad, or bold with values)."""
    if not cells or not _text(cells[0]).strip():
        return ""
    first = cells[0].find("w:p", NS)
    style = _style(first) if first is not None else None
    if style in (GROUP, SMALL_GROUP):
        return "grupp"
    if style in (SUM_TEXT, SUM_NUMBER, SMALL_SUM_TEXT, SMALL_SUM_NUMBER):
        return "summa"
    rest = [_text(c).strip() for c in cells[1:]]
    if len(cells) == 1 and _across(cells[0], columns):
        return "grupp"
    if _bold_text(cells[0]):
        return "summa" if any(rest) else ("grupp" if len(cells) > 1 else "")
    return ""


def _shading(cell) -> str:
    shd = cell.find("w:tcPr/w:shd", NS)
    fill = shd.get(_w("fill")) if shd is not None else None
    if fill and fill != "auto" and re.fullmatch(r"[0-9A-Fa-f]{6}", fill):
        return f' style="background:#{fill}"'
    return ""


def _cell_content(cell, page: _Page) -> str:
    """One paragraph as inline text; several as blocks (lists kept)."""
    children = [c for c in cell if c.tag in (_w("p"), _w("tbl"))]
    texts = [c for c in children if c.tag == _w("tbl") or _text(c).strip() or c.find(".//w:drawing", NS) is not None]
    if (
        len(texts) == 1
        and texts[0].tag == _w("p")
        and _style(texts[0]) not in LIST_STYLES
        and texts[0].find(".//w:drawing", NS) is None
    ):
        return _inline(texts[0], page)
    return "".join(_blocks(children, page, in_cell=True)).strip()


def _cell_class(cell, page: _Page) -> str:
    paragraph = cell.find("w:p", NS)
    if paragraph is None:
        return ""
    align = _alignment(_style(paragraph), paragraph, page)
    return ' class="tal"' if align in ("right", "end") else ' class="mitt"' if align == "center" else ""


def _header_cell(cell, page: _Page) -> str:
    span = _span(cell)
    content = _cell_content(cell, page)
    align = _cell_class(cell, page)
    if not content:
        return f"<td{f' colspan={chr(34)}{span}{chr(34)}' if span > 1 else ''}></td>"
    scope = "colgroup" if span > 1 else "col"
    span_attr = f' colspan="{span}"' if span > 1 else ""
    return f'<th scope="{scope}"{span_attr}{align}>{content}</th>'


def _data_cell(cell, page: _Page) -> str:
    span = _span(cell)
    span_attr = f' colspan="{span}"' if span > 1 else ""
    return f"<td{span_attr}{_cell_class(cell, page)}{_shading(cell)}>{_cell_content(cell, page)}</td>"


# ---------------------------------------------------------------- the look


def _hex(colour: str | None, fallback: str) -> str:
    return colour if colour and re.fullmatch(r"[0-9A-Fa-f]{6}", colour) else fallback


def _readable(colour: str, background: str = "FFFFFF") -> str:
    """The template's colour when it is readable on the background (4.5:1), else a dark one."""
    return colour if contrast(colour, background) >= 4.5 else FALLBACK_INK


def _font(styles: Styles) -> str:
    root_fonts = None
    for style_id in ("Normal",):
        style = styles.by_id.get(style_id)
        if style is not None:
            root_fonts = style.find("w:rPr/w:rFonts", NS)
    name = root_fonts.get(_w("ascii")) if root_fonts is not None else None
    quoted = f'"{name}", ' if name and re.fullmatch(r"[A-Za-z0-9 ]+", name) else ""
    return f"{quoted}Arial, Helvetica, sans-serif"


def _style_has(styles: Styles, style_id: str | None, path: str) -> bool:
    """Whether the style, or the nearest style it is based on that says, sets the on/off property."""
    seen = set()
    while style_id and style_id not in seen:
        seen.add(style_id)
        style = styles.by_id.get(style_id)
        if style is None:
            return False
        found = style.find(path, NS)
        if found is not None:
            return found.get(_w("val")) not in ("0", "false", "off")
        based = style.find("w:basedOn", NS)
        style_id = based.get(_w("val")) if based is not None else None
    return False


def _paragraph_styles(page: _Page) -> str:
    """Bold and italic of the template's own paragraph styles (Uppdragsrubrik in italics,
    Beslutsrubrik in bold), as the .docx shows them."""
    rules = []
    for style in sorted(page.paragraph_styles):
        declarations = []
        if _style_has(page.styles, style, "w:rPr/w:b"):
            declarations.append("font-weight: bold;")
        if _style_has(page.styles, style, "w:rPr/w:i"):
            declarations.append("font-style: italic;")
        if declarations:
            rules.append(f".stil-{re.sub(r'[^A-Za-z0-9_-]', '', style)} {{ {' '.join(declarations)} }}\n")
    return "".join(rules)


def _stylesheet(styles: Styles, root) -> str:
    """Screen and print styles, in the template's heading colour, table header and font."""
    heading = _readable(_hex(styles.color("Heading1"), FALLBACK_INK))
    heading2 = _readable(_hex(styles.color("Heading2"), heading))
    table_style = root.find(".//w:tblPr/w:tblStyle", NS)
    header_fill = _hex(styles.header_fill(table_style.get(_w("val")) if table_style is not None else None), "E7E6E6")
    header_ink = "FFFFFF" if contrast("FFFFFF", header_fill) >= 4.5 else "1A1A1A"
    return f""":root {{ --rubrik: #{heading}; --rubrik2: #{heading2}; --tabellhuvud: #{header_fill};
  --tabellhuvud-text: #{header_ink}; --text: #1A1A1A; --linje: #8C8C8C; }}
* {{ box-sizing: border-box; }}
body {{ font-family: {_font(styles)}; color: var(--text); background: #FFFFFF; line-height: 1.5;
  margin: 0; font-size: 1rem; }}
main {{ max-width: 52rem; margin: 0 auto; padding: 1.5rem 1rem 4rem; overflow-wrap: break-word; }}
.hoppa {{ position: absolute; left: -999px; top: 0; background: #FFFFFF; color: var(--rubrik); padding: .5rem; }}
.hoppa:focus {{ left: .5rem; z-index: 20; }}
h1, h2, h3, h4, h5, h6 {{ color: var(--rubrik); line-height: 1.25; margin: 2rem 0 .5rem; hyphens: auto; }}
h2 {{ font-size: 1.75rem; border-bottom: 2px solid var(--rubrik); padding-bottom: .25rem; }}
h3 {{ font-size: 1.35rem; color: var(--rubrik2); }}
h4 {{ font-size: 1.1rem; }}
@media (max-width: 30rem) {{ h2 {{ font-size: 1.45rem; }} h3 {{ font-size: 1.2rem; }} }}
.titel {{ font-size: clamp(1.6rem, 6vw, 2.2rem); font-weight: bold; color: var(--rubrik); margin: 1rem 0 .25rem;
  line-height: 1.2; border: 0; padding: 0; }}
.dold {{ position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }}
.undertitel {{ font-size: 1.3rem; color: var(--rubrik); margin: 0 0 1.5rem; }}
a {{ color: var(--rubrik); }}
a:focus, summary:focus, .tabell:focus {{ outline: 3px solid #C55A11; outline-offset: 2px; }}
mark {{ background: #FFFF00; color: #000000; }}
.hoger {{ text-align: right; }} .mitt {{ text-align: center; }}
nav.innehallsforteckning {{ border-left: 4px solid var(--rubrik); padding: .25rem 1rem; margin: 1.5rem 0; }}
nav.innehallsforteckning h2 {{ margin-top: .5rem; font-size: 1.35rem; border: 0; padding: 0; }}
nav ol {{ list-style: none; padding-left: 0; }} nav ol ol {{ padding-left: 1.25rem; }}
nav li {{ margin: .15rem 0; }}
.tabell {{ overflow-x: auto; margin: 1rem 0 1.5rem;
  background: linear-gradient(to right, #FFFFFF 30%, rgba(255, 255, 255, 0)) left / 2.5rem 100% no-repeat local,
    linear-gradient(to left, #FFFFFF 30%, rgba(255, 255, 255, 0)) right / 2.5rem 100% no-repeat local,
    radial-gradient(farthest-side at 0 50%, rgba(0, 0, 0, .3), rgba(0, 0, 0, 0)) left / .9rem 100% no-repeat scroll,
    radial-gradient(farthest-side at 100% 50%, rgba(0, 0, 0, .3), rgba(0, 0, 0, 0)) right / .9rem 100% no-repeat scroll; }}
table {{ border-collapse: collapse; width: 100%; font-size: .9rem; }}
caption {{ text-align: left; font-weight: bold; padding: .25rem 0 .5rem; color: var(--text);
  position: sticky; left: 0; max-width: calc(100vw - 2rem); }}
th, td {{ padding: .3rem .5rem; vertical-align: top; text-align: left; border-bottom: 1px solid var(--linje); }}
thead th, thead td {{ background: var(--tabellhuvud); color: var(--tabellhuvud-text); vertical-align: bottom; }}
tbody th {{ font-weight: normal; }}
th.tal, td.tal {{ text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }}
thead th.tal, td.tal mark {{ white-space: normal; }}
tr.summa th, tr.summa td {{ font-weight: bold; border-top: 2px solid var(--rubrik); }}
tr.grupp th {{ font-weight: bold; }}
td p, th p {{ margin: 0 0 .25rem; }} td ul, th ul, td ol, th ol {{ margin: 0; padding-left: 1.1rem; }}
main > ol > li + li, main > ul > li + li {{ margin-top: .35rem; }}
figure {{ margin: 1.5rem 0 .5rem; }}
figure img {{ width: 100%; max-width: 48rem; height: auto; }}
@media {NARROW_SCREEN} {{ figure picture img {{ max-width: 28rem; }} }}
figcaption, .bildtext {{ font-weight: bold; margin-top: .25rem; font-size: .9rem; }}  /* as a table's caption */
.stil-Tabellfotnot {{ font-size: .85rem; margin-top: -.75rem; }}
figure + .stil-Tabellfotnot {{ margin-top: 0; }}
.stil-Numreradlista, .stil-Numreradlista2, .stil-Numreradlista3 {{ padding-left: 1.5em; text-indent: -1.5em; }}
td .stil-Tabellfotnot, th .stil-Tabellfotnot, td .stil-Cellnot, th .stil-Cellnot {{ margin: .15rem 0 0; font-size: .8rem; }}
details.diagramdata {{ margin: 0 0 1.5rem; overflow-x: auto; }}
details.diagramdata table {{ width: auto; min-width: 50%; }}
details.diagramdata summary {{ cursor: pointer; color: var(--rubrik); }}
@media print {{
  @page {{ size: A4; margin: 2cm; }}
  body {{ font-size: 10.5pt; }}
  main {{ max-width: none; padding: 0; }}
  .hoppa, details.diagramdata summary {{ display: none; }}
  details.diagramdata::details-content {{ content-visibility: visible; display: block; }}
  a {{ color: inherit; text-decoration: none; }}
  .tabell {{ overflow: visible; background: none; }}
  .ny-sida {{ break-before: page; }}
  h1, h2, h3, h4, caption, figcaption {{ break-after: avoid; }}
  tr, figure, details.diagramdata table {{ break-inside: avoid; }}
  thead {{ display: table-header-group; }}
  /* the header's fill and the marker's yellow on paper too: browsers leave backgrounds out of
     print by default, which left a table header's white text on white */
  thead th, thead td, mark {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
}}
"""
