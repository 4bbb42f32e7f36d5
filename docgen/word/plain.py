"""A template part's XML as Word or LibreOffice saved it after an editor's edits, made plain
before docxtpl reads its tags.

An editor's tool leaves more than text and runs around a template's tags; docxtpl joins the
runs of a tag only when they are siblings, and would render a deleted tag. So, on the part's
XML, in this order:
- tracked changes are accepted (w:ins/w:moveTo kept, w:del/w:moveFrom and their text gone, a
  deleted paragraph mark joins its paragraph to the next, property changes dropped): the built
  document reads as the template does in Word's "Ingen markering" view, and never carries the
  template's revision marks to a board;
- comments are taken out (their anchors here; the comment parts in `drop_comment_parts`):
  they are the editors' notes about the template, not text for the board;
- a table of contents inserted in Word or LibreOffice becomes the template's TOC tag (its
  entries are the template's headings, tags and all, not the document's);
- what wraps a tag is unwrapped: a content control (w:sdt), a smart tag or custom XML element,
  and a field whose result holds a tag (the editor typed the tag over a field's text: Word
  would put the field's own result back when fields are updated);
- a tag spread over runs in different places (half in a link, an insertion, a content
  control) is put whole into its first run;
- inside a tag, what Word's AutoCorrect typed is undone: curly quotes („ ” “ ‚ ’ ‘) become
  straight ones, and a dash (– —) or minus sign (−) outside a quoted text becomes a hyphen;
  so does a non-breaking space (Ctrl+Shift+Space, or a tag copied from a web page) become a
  space: Word shows it as one unless formatting marks are on, and docxtpl's {%p …%} and the
  tag words are read only with a plain space.
A part with none of these comes back as it went in, byte for byte. A tag that does not end in
the paragraph it starts in (an Enter pressed inside it, a brace left out) is refused: docxtpl
would join it with the next paragraph's text up to the next closing braces.
"""

from __future__ import annotations

import re

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


# removed with their content (a tracked deletion or the source of a tracked move)
_DELETED = {_w(t) for t in ("del", "moveFrom")}
# tracked insertions: their content stays
_INSERTED = {_w(t) for t in ("ins", "moveTo")}
# marks of a tracked change with nothing to keep: range markers and the previous properties
_REVISION_MARKS = {
    _w(t)
    for t in (
        "moveFromRangeStart",
        "moveFromRangeEnd",
        "moveToRangeStart",
        "moveToRangeEnd",
        "rPrChange",
        "pPrChange",
        "sectPrChange",
        "tblPrChange",
        "tblPrExChange",
        "tblGridChange",
        "trPrChange",
        "tcPrChange",
        "numberingChange",
        "cellIns",
        "cellMerge",
    )
}
_COMMENT_MARKS = {_w("commentRangeStart"), _w("commentRangeEnd")}
_WRAPPERS = {_w("smartTag"), _w("customXml")}  # unwrapped wherever they are
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "‘": "'", "’": "'", "‚": "'", "‛": "'"})
_DASHES = "–—−"
_SPACES = "\u00a0\u202f\u2007"  # no-break, narrow no-break, figure space
_BRACE = re.compile(r"[{}]")
# '{ name }' or '{ name|filter }' written with single braces: meant as a tag
# '{ %p if … %}', '{ {p x }}': a space inside the tag's opening, so it is no tag
_SPACED_BRACE = re.compile(r"\{\s+([{%#]).*?(?:\}\}|%\}|#\})")
_SINGLE_BRACE = re.compile(r"(?<![{%#])\{(?![{%#])\s*([^\W\d][\w.]*(?:\s*\|\s*\w+)?)\s*\}\}?(?![}%#])")


class SingleBraces(Exception):
    """A text written as a tag with single braces, and the paragraph (or alt text) it stands in."""

    def __init__(self, text: str, paragraph: str, where: str = "i stycket"):
        super().__init__(text)
        self.text, self.paragraph, self.where = text, paragraph, where


class SpacedBraces(SingleBraces):
    """A tag written with a space inside its opening ('{ %p if x %}', '{ {p x }}'), and the
    paragraph it stands in."""


class UnclosedTag(Exception):
    """A tag opened in a paragraph and not closed in it, the paragraph, and where it stands."""

    def __init__(self, tag: str, paragraph: str, place: str):
        super().__init__(tag)
        self.tag, self.paragraph, self.place = tag, paragraph, place


class UnreadableSpan(Exception):
    """A merged table cell whose w:gridSpan gives no whole number of columns, and its text."""

    def __init__(self, value: str | None, cell: str):
        super().__init__(cell)
        self.value, self.cell = value, cell


def plain(xml: str) -> str:
    """The part's XML made plain as described above; unchanged when nothing needs doing.
    Raises SingleBraces for '{ name }' in the text, UnclosedTag for a tag that does not end in
    its paragraph, UnreadableSpan for a merged cell without its count of columns."""
    root = etree.fromstring(xml)
    if "gridSpan" in xml:
        _refuse_unreadable_spans(root)
    changed = accept_tracked_changes(root)
    changed |= _remove_comment_anchors(root)
    changed |= _contents_as_tag(root)
    changed |= _unwrap(root)
    changed |= _unwrap_fields(root)
    for paragraph in root.iter(_w("p")):
        changed |= _join_tags(paragraph)
    for text in _ALT_TEXTS(root):
        _refuse_single_braces(text, "i alternativtexten")
    return etree.tostring(root, encoding="unicode") if changed else xml


def _refuse_unreadable_spans(root) -> None:
    """A cell's w:gridSpan must say how many grid columns it spans: w:val is required and an
    integer (ECMA-376 Part 1, §17.4.17, CT_DecimalNumber). Word and LibreOffice always write it;
    without it (a template edited by another tool or by hand) the table cannot be laid out."""
    for span in root.iter(_w("gridSpan")):
        value = span.get(_w("val"))
        try:
            int(value)
        except (TypeError, ValueError):
            cell = next(span.iterancestors(_w("tc")), None)
            row = next(span.iterancestors(_w("tr")), None)
            text = " ".join(_text(cell).split()) if cell is not None else ""
            raise UnreadableSpan(value, text or (" ".join(_text(row).split()) if row is not None else "")) from None


def _text(element) -> str:
    return "".join(t.text or "" for t in element.iter(_w("t")))


def _unwrap_element(element) -> None:
    """Put the element's children in its place (a wrapper's properties are dropped)."""
    parent = element.getparent()
    at = parent.index(element)
    children = [c for c in element if not c.tag.endswith("Pr")]
    for offset, child in enumerate(children):
        parent.insert(at + offset, child)
    _remove_keeping_tail(element)


def _remove_keeping_tail(element) -> None:
    element.getparent().remove(element)


def accept_tracked_changes(root) -> bool:
    """Accept every tracked change in the part, as Word's Granska › Godkänn alla ändringar."""
    changed = False
    for element in list(root.iter(*_DELETED, *_INSERTED, *_REVISION_MARKS)):
        if element.getparent() is None or _detached(element, root):
            continue
        parent = element.getparent()
        changed = True
        if parent.tag in (_w("rPr"), _w("trPr")):
            changed |= _accept_mark(element, parent)
        elif element.tag in _DELETED:
            _remove_keeping_tail(element)
        elif element.tag in _INSERTED:
            _unwrap_element(element)
        else:
            _remove_keeping_tail(element)
    return changed


def _detached(element, root) -> bool:
    """Whether an element was taken out of the tree with an ancestor already."""
    for ancestor in element.iterancestors():
        if ancestor is root:
            return False
    return element is not root


def _accept_mark(mark, properties) -> bool:
    """A change mark in properties: an inserted paragraph mark or row stays (the mark goes);
    a deleted row goes; a deleted paragraph mark joins its paragraph to the next one."""
    properties.remove(mark)
    if mark.tag not in _DELETED:
        return True
    if properties.tag == _w("trPr"):
        row = properties.getparent()
        row.getparent().remove(row)
        return True
    paragraph_properties = properties.getparent()
    if paragraph_properties is None or paragraph_properties.tag != _w("pPr"):
        return True  # a deleted run mark outside a paragraph's properties: nothing more to do
    paragraph = paragraph_properties.getparent()
    following = paragraph.getnext()
    if following is None or following.tag != _w("p"):
        return True  # the last paragraph of a cell or the document keeps its mark
    content = [c for c in paragraph if c.tag != _w("pPr")]
    at = 1 if following.find(_w("pPr")) is not None else 0
    for offset, child in enumerate(content):
        following.insert(at + offset, child)
    paragraph.getparent().remove(paragraph)
    return True


def _remove_comment_anchors(root) -> bool:
    """Comment ranges and the runs holding their references."""
    anchors = list(root.iter(*_COMMENT_MARKS))
    references = [r.getparent() for r in root.iter(_w("commentReference"))]
    for element in anchors + [r for r in references if r is not None and r.tag == _w("r")]:
        _remove_keeping_tail(element)
    return bool(anchors or references)


def _unwrap(root) -> bool:
    """Smart tags and custom XML elements always; content controls and simple fields that hold
    a tag (a brace in their text)."""
    changed = False
    for element in list(root.iter(*_WRAPPERS)):
        _unwrap_element(element)
        changed = True
    for control in list(root.iter(_w("sdt"))):
        content = control.find(_w("sdtContent"))
        if content is not None and _BRACE.search(_text(content)):
            parent = control.getparent()
            at = parent.index(control)
            for offset, child in enumerate(list(content)):
                parent.insert(at + offset, child)
            parent.remove(control)
            changed = True
    for field in list(root.iter(_w("fldSimple"))):
        if _BRACE.search(_text(field)) and not _is_contents_field(field.get(_w("instr"), "")):
            _unwrap_element(field)
            changed = True
    return changed


def _contents_as_tag(root) -> bool:
    """A table of contents an editor inserted in Word or LibreOffice (Referenser ›
    Innehållsförteckning; Infoga › Förteckningar) stands for the template's TOC tag: its
    entries are the template's headings as they stood when Word last updated it (tags such as
    '{{ kap.rubrik }}', page numbers of the template), not the document's. It becomes the tag
    `{{p innehållsförteckning }}` in its place, its own heading ('Innehåll', kept) above it, so
    the built document gets its TOC of its own headings, as from the tag (docgen.word.toc): a
    content control of the gallery 'Table of Contents' (what both write), or a TOC field
    spread over paragraphs without one."""
    changed = False
    for control in list(root.iter(_w("sdt"))):
        gallery = control.find(f"{_w('sdtPr')}/{_w('docPartObj')}/{_w('docPartGallery')}")
        content = control.find(_w("sdtContent"))
        if gallery is None or gallery.get(_w("val")) != "Table of Contents" or content is None:
            continue
        paragraphs = [child for child in content if child.tag == _w("p")]
        first = next((i for i, p in enumerate(paragraphs) if _contents_field_starts(p) or _is_entry(p)), None)
        kept = paragraphs[:first] if first is not None else [p for p in paragraphs if not _is_entry(p)]
        parent, at = control.getparent(), control.getparent().index(control)
        for offset, element in enumerate([*kept, _toc_tag()]):
            parent.insert(at + offset, element)
        parent.remove(control)
        changed = True
    for paragraph in list(root.iter(_w("p"))):
        if paragraph.getparent() is not None and _contents_field_starts(paragraph):
            _replace_field_paragraphs(paragraph)
            changed = True
    return changed


def _contents_field_starts(paragraph) -> bool:
    """The paragraph begins a TOC field (a complex one, or a simple one)."""
    simple = paragraph.find(_w("fldSimple"))
    if simple is not None and _is_contents_field(simple.get(_w("instr"), "")):
        return True
    code = "".join(t.text or "" for t in paragraph.iter(_w("instrText")))
    return paragraph.find(f"{_w('r')}/{_w('fldChar')}") is not None and code.split()[:1] == ["TOC"]


def _is_entry(paragraph) -> bool:
    """A TOC entry: a paragraph in a style 'TOC 1'…'TOC 9' (Word's ids TOC1, Innehll1, Verzeichnis1, …)."""
    style = paragraph.find(f"{_w('pPr')}/{_w('pStyle')}")
    value = style.get(_w("val"), "") if style is not None else ""
    return bool(re.fullmatch(r"(TOC|Innehll|Contents|Inhalt|Verzeichnis)\s*\d", value, re.IGNORECASE))


def _replace_field_paragraphs(first) -> None:
    """The paragraphs of a TOC field, from the one it begins in to the one it ends in, become the tag."""
    depth, paragraphs = 0, []
    for paragraph in [first, *first.itersiblings()]:
        if paragraph.tag != _w("p"):
            break
        paragraphs.append(paragraph)
        for mark in paragraph.iter(_w("fldChar")):
            kind = mark.get(_w("fldCharType"))
            depth += 1 if kind == "begin" else -1 if kind == "end" else 0
        if paragraph.find(_w("fldSimple")) is not None or depth <= 0:
            break
    first.addprevious(_toc_tag())
    for paragraph in paragraphs:
        _remove_keeping_tail(paragraph)


def _toc_tag():
    """A paragraph holding the template's TOC tag, as an editor types it."""
    from docgen.word.toc import NAME

    paragraph = etree.Element(_w("p"))
    etree.SubElement(etree.SubElement(paragraph, _w("r")), _w("t")).text = f"{{{{p {NAME} }}}}"
    return paragraph


def _is_contents_field(instruction: str) -> bool:
    return instruction.split()[:1] in (["TOC"], ["INDEX"])


def _unwrap_fields(root) -> bool:
    """A field (begin … separate … end runs in one paragraph) whose result holds a tag keeps
    only its result."""
    changed = False
    for paragraph in root.iter(_w("p")):
        runs = [r for r in paragraph if r.tag == _w("r")]
        stack: list[dict] = []
        for run in runs:
            kind = run.find(_w("fldChar"))
            kind = kind.get(_w("fldCharType")) if kind is not None else None
            if kind == "begin":
                stack.append({"begin": run, "code": [], "result": [], "separate": None})
            elif not stack:
                continue
            elif kind == "separate":
                stack[-1]["separate"] = run
            elif kind == "end":
                field = stack.pop()
                if not stack and field["separate"] is not None:
                    changed |= _unwrap_field(field, run)
            elif stack[-1]["separate"] is None:
                stack[-1]["code"].append(run)
            else:
                stack[-1]["result"].append(run)
    return changed


def _unwrap_field(field: dict, end) -> bool:
    instruction = "".join(t.text or "" for r in field["code"] for t in r.iter(_w("instrText")))
    result = "".join(_text(r) for r in field["result"])
    if not _BRACE.search(result) or _is_contents_field(instruction.strip()):
        return False
    for run in [field["begin"], *field["code"], field["separate"], end]:
        if run.getparent() is not None:
            _remove_keeping_tail(run)
    return True


def _own_texts(paragraph) -> list:
    """The paragraph's w:t elements, not those of a paragraph nested in it (a text box)."""
    return [t for t in paragraph.iter(_w("t")) if next(t.iterancestors(_w("p"))) is paragraph]


def _join_tags(paragraph) -> bool:
    """Each tag whose runs lie in different places, or whose text AutoCorrect changed, is put
    whole (and plain) into the w:t where it starts. Raises SingleBraces."""
    texts = _own_texts(paragraph)
    if not texts:
        return False
    pieces = [t.text or "" for t in texts]
    whole = "".join(pieces)
    owner = [i for i, piece in enumerate(pieces) for _ in piece]
    _refuse_single_braces(whole)
    _refuse_unclosed(whole, paragraph)
    new = [[] for _ in pieces]
    at, changed = 0, False
    for match in _TAG.finditer(whole):
        for position in range(at, match.start()):
            new[owner[position]].append(whole[position])
        tag = _plain_tag(match.group(0))
        places = {texts[owner[p]].getparent().getparent() for p in range(match.start(), match.end())}
        if tag != match.group(0) or len(places) > 1:
            changed = True
            new[owner[match.start()]].append(tag)
        else:
            for position in range(match.start(), match.end()):
                new[owner[position]].append(whole[position])
        at = match.end()
    if not changed:
        return False
    for position in range(at, len(whole)):
        new[owner[position]].append(whole[position])
    for t, characters in zip(texts, new):
        t.text = "".join(characters)
        if t.text != t.text.strip():
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return True


def _plain_tag(tag: str) -> str:
    """The tag without AutoCorrect's typography: straight quotes, and a hyphen for a dash or
    minus sign and a space for a no-break space outside a quoted text (inside one, they are
    text to show)."""
    tag = tag.translate(_QUOTES)
    characters, quote = [], None
    for character in tag:
        if quote:
            quote = None if character == quote else quote
        elif character in "\"'":
            quote = character
        elif character in _DASHES:
            character = "-"
        elif character in _SPACES:
            character = " "
        characters.append(character)
    return "".join(characters)


_OPENING = re.compile(r"\{[{%#]")
# where a paragraph stands, told by the element it is in (the nearest first)
_WHERE = (  # (element, words): the nearest box first, then the part
    (_w("tc"), "i en tabellcell "),
    (_w("txbxContent"), "i en textruta "),
)
_PART = ((_w("hdr"), "i sidhuvudet "), (_w("ftr"), "i sidfoten "), (_w("footnote"), "i en fotnot "))


def _refuse_unclosed(text: str, paragraph) -> None:
    """A tag must end in the paragraph it starts in: docxtpl would otherwise join it with the
    next paragraph's text up to the next closing braces (an Enter pressed inside a tag, a brace
    left out), making two paragraphs one or breaking a table."""
    for match in _TAG.finditer(text):
        inner = _OPENING.search(text, match.start() + 2, match.end())
        if inner:  # '{{ a }{{ b }}': the first tag runs into the next one
            _unclosed(text[match.start() : inner.start()], text, paragraph)
    outside = _TAG.sub(lambda m: " " * len(m.group(0)), text)
    found = _OPENING.search(outside)
    if found:
        _unclosed(text[found.start() :], text, paragraph)


def _unclosed(tag: str, text: str, paragraph) -> None:
    raise UnclosedTag(tag if len(tag) <= 50 else tag[:50] + " …", text, _where(paragraph))


def _where(paragraph) -> str:
    """Where the paragraph stands: in a table cell or a text box, in the header, footer or a
    footnote ("i en tabellcell i sidhuvudet "); nothing in the body's own text."""
    ancestors = {ancestor.tag for ancestor in paragraph.iterancestors()}
    box = next((words for tag, words in _WHERE if tag in ancestors), "")
    return box + next((words for tag, words in _PART if tag in ancestors), "")


def _refuse_single_braces(text: str, where: str = "i stycket") -> None:
    outside = _TAG.sub(lambda m: " " * len(m.group(0)), text)
    spaced = _SPACED_BRACE.search(outside)
    if spaced:
        raise SpacedBraces(spaced.group(0), text, where)
    found = _SINGLE_BRACE.search(outside)
    if found:
        raise SingleBraces(found.group(0), text, where)


# the alt texts an editor writes in Word (a table's Alternativ text, a picture's), tags and all
_ALT_TEXTS = etree.XPath(
    "//w:tblCaption/@w:val | //w:tblDescription/@w:val | //wp:docPr/@descr | //wp:docPr/@title",
    namespaces={"w": W, "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"},
)


# relationship types of the comment parts (Word 2007's, 2010's, 2016's) and of the list of
# people who commented or changed the template
_COMMENT_PARTS = re.compile(r"/(comments|commentsExtended|commentsIds|commentsExtensible|people)$")


def drop_comment_parts(document_part) -> None:
    """Leave the template's comments (and the names of those who wrote them) out of the built
    document: the anchors are gone from the text (see `plain`), so the parts go too."""
    for r_id, relationship in list(document_part.rels.items()):
        if _COMMENT_PARTS.search(relationship.reltype):
            document_part.rels.pop(r_id)


# After docxtpl's patch: a jinja block's tags and the XML elements they stand in
_TOKEN = re.compile(r"(\{%-?\s*(\w+)[^%]*?%\})|\{\{.*?\}\}|\{#.*?#\}|<(/?)([\w:]+)[^>]*?(/?)>", re.DOTALL)
_OPENS = {"if": "endif", "for": "endfor"}
_MIDDLES = {"elif": "if", "else": None}  # else belongs to an if or a for
_PLACES = (
    ("w:tc", "i en tabellcell"),
    ("w:tbl", "i en tabell"),
    ("w:txbxContent", "i en textruta"),
    ("w:p", "i ett stycke"),
)


class SplitBlock(Exception):
    """A block's start and end (or middle) tag stand in different XML elements: rendering it
    would cut a table, row or paragraph in two."""

    def __init__(self, start: str, start_place: str, end: str, end_place: str):
        super().__init__(start)
        self.start, self.start_place, self.end, self.end_place = start, start_place, end, end_place


def check_blocks(patched: str) -> None:
    """Raise SplitBlock for the first {% if %}/{% for %} whose {% elif %}, {% else %} or end
    tag stands in another element than the block's start (an {%p if %} in a table cell and its
    {%p endif %} after the table)."""
    elements: list[tuple[str, int]] = []  # open XML elements: (name, position)
    blocks: list[tuple[str, str, tuple]] = []  # open jinja blocks: (keyword, tag, elements then)
    for match in _TOKEN.finditer(patched):
        if match.group(1):
            keyword, tag = match.group(2), match.group(1)
            if keyword in _OPENS:
                blocks.append((keyword, tag, _level(elements)))
            elif blocks and (keyword in _MIDDLES or keyword in _OPENS.values()):
                opener, start, where = blocks[-1]
                if keyword in _OPENS.values():
                    if keyword != _OPENS[opener]:
                        return  # a nesting mistake: jinja names it
                    blocks.pop()
                if _level(elements) != where:
                    raise SplitBlock(start, _place(where, elements), tag, _place(_level(elements), where))
        elif match.group(4):
            if match.group(5):  # <x/>
                continue
            if match.group(3):
                if elements and elements[-1][0] == match.group(4):
                    elements.pop()
            else:
                elements.append((match.group(4), match.start()))


def _level(elements: list[tuple[str, int]]) -> tuple:
    """Where a tag stands, but for the run and text it is written in: a block may start in one
    run and end in another of the same paragraph ("{% if x %}", a bold "{{ y }}", "{% else %}"),
    since the XML between two sibling runs is always whole."""
    end = len(elements)
    while end and elements[end - 1][0] in ("w:t", "w:r"):
        end -= 1
    return tuple(elements[:end])


_OUTSIDE = {"w:tc": "tabellcellen", "w:tbl": "tabellen", "w:txbxContent": "textrutan", "w:p": "stycket"}


def _place(here: tuple, other) -> str:
    """Where a tag stands, told by the elements it is in that the other tag is not in."""
    common = _common(here, tuple(other))
    own = [name for name, _ in here[common:]]
    for name, words in _PLACES:
        if name in own:
            return words
    theirs = [name for name, _ in tuple(other)[common:]]
    return next((f"utanför {_OUTSIDE[name]}" for name, _ in _PLACES if name in theirs), "på en annan nivå")


def _common(a: tuple, b: tuple) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n
