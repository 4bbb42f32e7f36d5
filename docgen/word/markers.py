"""ATT UPPDATERA markers: content still to be supplied, highlighted wherever it stands.

An editor writes `[[ATT UPPDATERA: what is missing]]` in prose, a table cell, a note, a value
or a caption (any case and spacing: `[[ att uppdatera : … ]]`); the engine writes
`[ATT UPPDATERA: …]` where the sources lack something. After rendering, every such marker in
the document becomes its own run in the character style "Att uppdatera" (bold, yellow
highlight; an editor may restyle it in the template: docgen.word.namedstyles), written the one way,
"[ATT UPPDATERA: …]". A final build (`--slutlig`) refuses a document with any marker left, page headers and
footers included.
"""

from __future__ import annotations

import copy
import re

from docgen.word.namedstyles import MARKER as MARKER_STYLE
from docgen.word.textsearch import texts_holding

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STYLE_ID = MARKER_STYLE  # "Att uppdatera"; added to a template that lacks it (docgen.word.namedstyles)

# "[[ att  uppdatera : x ]]", "[ATT UPPDATERA: x]": the text inside is group 1
MARKER = re.compile(r"\[\[?\s*att\s+uppdatera\s*:?\s*(.*?)\s*\]\]?", re.I | re.S)
ANY_MARKER = re.compile(r"\[\s*\[?\s*att\s+uppdatera\b", re.I)


def shown(match: re.Match) -> str:
    """The one written form of a marker."""
    return f"[ATT UPPDATERA: {match[1]}]" if match[1] else "[ATT UPPDATERA]"


def normalise(text: str) -> str:
    """Every marker of a text in its written form."""
    return MARKER.sub(shown, text)


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def mark(root, texts: list | None = None) -> int:
    """Put every marker of a part (the body, a page header or footer) in its own run in the
    marker style; returns how many there are. `texts`: the part's w:t elements holding a '['
    (and maybe others), when a walk shared with another pass found them."""
    found = 0
    for text in texts_holding(root, "[") if texts is None else texts:  # every marker has a '['
        if not text.text or not ANY_MARKER.search(text.text):
            continue
        run = text.getparent()
        if run is None or run.tag != _w("r") or _styled(run):
            continue
        if len(run) - (run.find(_w("rPr")) is not None) > 1:  # "Uppdrag 1.", a tab, the text
            run = _isolate(run, text)
        found += _split(run, text.text)
    return found


def _isolate(run, text):
    """Split a run of several children (texts, tabs, breaks) so that `text` stands in a run
    of its own with the same properties; returns that run."""
    from lxml import etree

    props = run.find(_w("rPr"))
    children = [child for child in run if child is not props]
    at = children.index(text)
    parent, index = run.getparent(), run.getparent().index(run)
    isolated = None
    for group in (children[:at], [text], children[at + 1 :]):
        if not group:
            continue
        new = etree.Element(_w("r"), dict(run.attrib))
        if props is not None:
            new.append(copy.deepcopy(props))
        new.extend(group)  # moves the children out of the old run
        parent.insert(index, new)
        index += 1
        if text in group:
            isolated = new
    parent.remove(run)
    return isolated


def _split(run, value: str) -> int:
    """Replace `run` by runs for the text around each marker and the markers themselves."""
    pieces, pos = [], 0
    for match in MARKER.finditer(value):
        if match.start() > pos:
            pieces.append((value[pos : match.start()], False))
        pieces.append((shown(match), True))
        pos = match.end()
    if pos < len(value):
        pieces.append((value[pos:], False))
    parent, index = run.getparent(), run.getparent().index(run)
    for offset, (piece, marked) in enumerate(pieces):
        new = copy.deepcopy(run)
        new.find(_w("t")).text = piece
        new.find(_w("t")).set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        if marked:
            _style(new)
        parent.insert(index + offset, new)
    parent.remove(run)
    return sum(1 for _, marked in pieces if marked)


def _style(run) -> None:
    from lxml import etree

    props = run.find(_w("rPr"))
    if props is None:
        props = etree.Element(_w("rPr"))
        run.insert(0, props)
    for old in props.findall(_w("rStyle")):
        props.remove(old)
    style = etree.Element(_w("rStyle"))
    style.set(_w("val"), STYLE_ID)
    props.insert(0, style)


def unhyphenated_markers(root) -> None:
    """A paragraph holding a marker is kept from automatic hyphenation: a marker is a note to
    the editor, read at a glance, its words whole ('[ATT UPPDA-' / 'TERA: målvär-' / 'det för
    2027' in a narrow value column), as a typesetter leaves a term in capitals and a note
    unhyphenated. The column widths measure '[ATT UPPDATERA:' as one word (docgen.word.widths),
    so in a table the label is not parted either. Its text is left as written: an editor finds
    every marker by searching for 'ATT UPPDATERA', so '[ATT' may still end a line of running
    text (7 places in 5 PDFs of sources/). Nothing that would keep the two words together keeps
    that search: LibreOffice 7.4's Find ('ATT UPPDATERA', XSearchable.findAll from a Basic
    macro) finds '[ATT UPPDATERA' but neither '[ATT' + no-break space + 'UPPDATERA' nor the
    words with a word joiner (U+2060) beside the space, and Word's Find matches a no-break space
    only by its code ^s; neither has a character property that keeps two words on one line. A
    long marker alone in a number column is set flush left (_left_aligned_if_long)."""
    from docgen.word.widths import unhyphenated

    done = None
    for run in _marker_styled_runs(root):
        paragraph = run.getparent()
        while paragraph is not None and paragraph.tag != _w("p"):  # a run in a hyperlink or a field
            paragraph = paragraph.getparent()
        if paragraph is not None and paragraph is not done:
            unhyphenated(paragraph)
            _left_aligned_if_long(paragraph)
            done = paragraph


RIGHT = ("right", "end")


def _left_aligned_if_long(paragraph) -> None:
    """A cell of a right-aligned (number) column that holds only a marker running over more
    than one line is set flush left: the marker is a note to the editor, read as text, and
    right-aligned over three lines its lines start ragged ('[ATT UPPDATERA: målvärdet' /
    'för skuldsättningen står inte i' / 'underlaget]' in Skåne's Målvärde column). A marker
    that fits on one line keeps the column's alignment, beside the figures above and below it.
    Nothing is shortened: the cell still says what is missing."""
    from docgen.word.textwidth import CELL_PADDING, lines
    from docgen.word.widths import KEPT_MARKER, SMALL_SIZES, TABLE_SIZE, VALUE_STYLES
    from docgen.word.widths import MARKER as MARKER_LABEL

    cell = paragraph.getparent()
    width = cell.find(f"{_w('tcPr')}/{_w('tcW')}") if cell is not None and cell.tag == _w("tc") else None
    if width is None or width.get(_w("type"), "dxa") != "dxa" or not (width.get(_w("w")) or "").isdigit():
        return
    text = "".join(t.text or "" for t in paragraph.iter(_w("t"))).strip()
    if not MARKER.fullmatch(text) or not ANY_MARKER.match(text):
        return
    props = paragraph.find(_w("pPr"))
    style = props.find(_w("pStyle")) if props is not None else None
    style = style.get(_w("val")) if style is not None else None
    jc = props.find(_w("jc")) if props is not None else None
    right = jc.get(_w("val")) in RIGHT if jc is not None else style in VALUE_STYLES
    room = int(width.get(_w("w"))) - CELL_PADDING
    size = SMALL_SIZES.get(style, TABLE_SIZE)
    if right and lines(text.replace(MARKER_LABEL, KEPT_MARKER), room, size, True, hyphenate=False) > 1:
        _align_left(paragraph)


def _align_left(paragraph) -> None:
    from lxml import etree

    props = paragraph.find(_w("pPr"))
    if props is None:
        props = etree.Element(_w("pPr"))
        paragraph.insert(0, props)
    jc = props.find(_w("jc"))
    if jc is None:
        jc = etree.Element(_w("jc"))
        later = next((c for c in props.iterchildren("*") if c.tag.rpartition("}")[2] in _AFTER_JC), None)
        if later is None:
            props.append(jc)
        else:
            later.addprevious(jc)
    jc.set(_w("val"), "left")


# Paragraph properties that come after w:jc in a w:pPr (ECMA-376 CT_PPrBase order)
_AFTER_JC = frozenset(
    "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange".split()
)


def _marker_styled_runs(root):
    """The runs of a part in the marker style (_styled), in document order: found from their
    w:rStyle elements (lxml's iter, a tag filter in C; a part has few) instead of by a look into
    every run of the part in Python."""
    seen = None
    for style in root.iter(_w("rStyle")):
        if style.get(_w("val")) != STYLE_ID:
            continue
        props = style.getparent()
        run = props.getparent()
        if run is None or run is seen or props.tag != _w("rPr") or run.tag != _w("r") or not _styled(run):
            continue
        seen = run
        yield run


def _styled(run) -> bool:
    """A run the engine already wrote in the marker style (prose, notes)."""
    style = run.find(f"{_w('rPr')}/{_w('rStyle')}")
    return style is not None and style.get(_w("val")) == STYLE_ID


def marked_paragraphs(roots) -> list[str]:
    """The paragraphs of the XML parts `roots` (body, page headers and footers) still marked
    ATT UPPDATERA, each from its marker on: what a final build refuses and `docgen check` counts."""
    texts = ["".join(t.text or "" for t in p.iter(_w("t"))) for root in roots for p in root.iter(_w("p"))]
    return unfinished(texts)


def unfinished(texts: list[str]) -> list[str]:
    """The texts (paragraphs) that still carry a marker, each from its marker on."""
    found = []
    for text in texts:
        match = ANY_MARKER.search(text)
        if match:
            found.append(text[match.start() :])
    return found
