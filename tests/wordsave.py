"""A template as Microsoft Word (a Swedish Word 2016/365) writes it when an editor saves it.

Word does not keep the XML it read: it writes its own. What it writes is modelled here on
Word-saved files, deterministically (the same input gives the same bytes):
- python-docx-template's test templates saved by Word 12 and 16 (tests/templates in
  github.com/elapouya/python-docx-template; comments_tpl.docx by a Swedish Word 16,
  get_undeclared_variables.docx, header_footer_inline_image_tpl.docx and
  header_footer_image_tpl.docx by Word 16);
- Open-Xml-PowerTools issue 181 (a Word in another language writes its own style ids) and
  PHPOffice/PHPWord pull request 1434 (Titre1, Ttulo1, berschrift1 for "heading 1").

What Word does, each in a function below:
- style ids: Word makes every style's id from its name in Word's language when it saves, so a
  Swedish Word writes "Rubrik1" for "heading 1", "Sidhuvud" for "header", "Innehll1" for
  "toc 1" (the name's letters outside a-z dropped: "Tabellrutnät" gives "Tabellrutnt"), and
  renames the "… Char" styles linked to them ("Rubrik 1 Char"); every reference follows;
- runs: text typed at different times keeps the revision session (w:rsidR) it was typed in,
  so a tag an editor typed or corrected is split into several runs; the spelling and grammar
  checker brackets the words it flags (w:proofErr spellStart/spellEnd, gramStart/gramEnd,
  between the runs) and the identifiers of a tag ("dokument.titel") are such words;
- every paragraph and row gets Word 2010's ids (w14:paraId, w14:textId) and rsid attributes;
- the cursor's place at saving is a bookmark, _GoBack (Word 2010–2013), here inside a tag;
- the first line of each page Word laid out starts with w:lastRenderedPageBreak in its run;
- simple fields (w:fldSimple, as python-docx and LibreOffice write PAGE) become complex
  fields (begin, instruction, separate, result, end runs);
- settings.xml: compatibility mode 15, the revision session ids, a document id, proof state;
- Word 2013 and later do not write stylesWithEffects.xml (Word 2010's copy of the styles);
- docProps/app.xml names Microsoft Office Word.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
NS = {"w": W}
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


# Word's built-in style names (w:name) as a Swedish Word shows them; the id is made from these
SWEDISH_NAMES = {
    **{f"heading {n}": f"Rubrik {n}" for n in range(1, 10)},
    "Title": "Rubrik",
    "Subtitle": "Underrubrik",
    "Normal Table": "Normal tabell",
    "No List": "Ingen lista",
    "Default Paragraph Font": "Standardstycketeckensnitt",
    "Table Grid": "Tabellrutnät",
    "header": "Sidhuvud",
    "footer": "Sidfot",
    "caption": "Beskrivning",
    **{f"toc {n}": f"Innehåll {n}" for n in range(1, 10)},
    "TOC Heading": "Innehållsförteckningsrubrik",
    "List Bullet": "Punktlista",
    **{f"List Bullet {n}": f"Punktlista {n}" for n in range(2, 6)},
    "List Number": "Numrerad lista",
    **{f"List Number {n}": f"Numrerad lista {n}" for n in range(2, 6)},
    "List Paragraph": "Liststycke",
    "List": "Lista",
    **{f"List {n}": f"Lista {n}" for n in range(2, 6)},
    "List Continue": "Listfortsättning",
    **{f"List Continue {n}": f"Listfortsättning {n}" for n in range(2, 6)},
    "Hyperlink": "Hyperlänk",
    "FollowedHyperlink": "AnvändHyperlänk",
    "Strong": "Stark",
    "Emphasis": "Betoning",
    "Quote": "Citat",
    "Intense Quote": "Starkt citat",
    "Subtle Emphasis": "Diskret betoning",
    "Intense Emphasis": "Stark betoning",
    "Subtle Reference": "Diskret referens",
    "Intense Reference": "Stark referens",
    "No Spacing": "Inget avstånd",
    "macro": "Makrotext",
    "footnote text": "Fotnotstext",
    "footnote reference": "Fotnotsreferens",
    "annotation text": "Kommentarer",
    "annotation reference": "Kommentarsreferens",
    "Balloon Text": "Ballongtext",
    "Body Text": "Brödtext",
    "page number": "Sidnummer",
}
_REFERENCES = ("pStyle", "rStyle", "tblStyle", "basedOn", "next", "link", "styleLink", "numStyleLink")
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_FLAGGED = re.compile(r"[^\W\d]\w*(?:[._]\w+)+")  # what the speller flags in a tag: dokument.titel, att_satser
_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")


def _word_id(name: str) -> str:
    """Word's id for a style name: its ASCII letters, digits and hyphens."""
    return "".join(c for c in name if c.isascii() and (c.isalnum() or c == "-"))


class _Session:
    """Deterministic revision session ids (w:rsid…) and Word 2010 paragraph ids."""

    def __init__(self):
        self.count = 0

    def next(self) -> str:
        self.count += 1
        return f"{(self.count * 2654435761) % 0xFFFFFF:08X}"


def localize_styles(styles_root) -> dict[str, str]:
    """Give each style the id (and each linked '… Char' style the name) a Swedish Word writes;
    returns old id → new id."""
    renamed, taken = {}, set()
    styles = styles_root.findall("w:style", NS)
    names = {}
    for style in styles:
        name_el = style.find("w:name", NS)
        name = name_el.get(_w("val")) if name_el is not None else style.get(_w("styleId"))
        names[style.get(_w("styleId"))] = SWEDISH_NAMES.get(name, name)
    for style in styles:
        old = style.get(_w("styleId"))
        shown = names[old]
        link = style.find("w:link", NS)
        name_el = style.find("w:name", NS)
        if style.get(_w("type")) == "character" and link is not None and name_el is not None:
            if name_el.get(_w("val")).endswith(" Char") and link.get(_w("val")) in names:
                shown = names[link.get(_w("val"))] + " Char"  # Word renames a linked style after its paragraph style
                name_el.set(_w("val"), shown)
        new = _word_id(shown) or old
        candidate, n = new, 0
        while candidate in taken:
            n += 1
            candidate = f"{new}{n}"
        taken.add(candidate)
        renamed[old] = candidate
    return renamed


def _rename_references(root, renamed: dict[str, str]) -> None:
    for element in root.iter(*(_w(tag) for tag in _REFERENCES)):
        value = element.get(_w("val"))
        if value in renamed:
            element.set(_w("val"), renamed[value])


def _run_with(run, text: str, session: str):
    """A copy of the run (its properties) holding `text`, typed in `session`."""
    new = etree.Element(_w("r"))
    properties = run.find("w:rPr", NS)
    if properties is not None:
        new.append(etree.fromstring(etree.tostring(properties)))
    new.set(_w("rsidR"), session)
    t = etree.SubElement(new, _w("t"))
    t.text = text
    if text != text.strip():
        t.set(XML_SPACE, "preserve")
    return new


def _pieces(text: str) -> list[tuple[str, bool]]:
    """The text cut where an editor's typing and Word's speller cut a tag: after its opening
    braces, around each flagged identifier, before its closing braces. (piece, flagged)."""
    pieces: list[tuple[str, bool]] = []
    at = 0
    for tag in _TAG.finditer(text):
        if tag.start() > at:
            pieces.append((text[at : tag.start()], False))
        inner_start, inner_end = tag.start() + 2, tag.end() - 2
        pieces.append((text[tag.start() : inner_start], False))
        inside = inner_start
        for word in _FLAGGED.finditer(text, inner_start, inner_end):
            if word.start() > inside:
                pieces.append((text[inside : word.start()], False))
            pieces.append((word.group(0), True))
            inside = word.end()
        if inner_end > inside:
            pieces.append((text[inside:inner_end], False))
        pieces.append((text[inner_end : tag.end()], False))
        at = tag.end()
    if at < len(text):
        pieces.append((text[at:], False))
    return [(p, flagged) for p, flagged in pieces if p]


def split_runs(paragraph, session: _Session) -> None:
    """Each run holding a tag in one w:t (and nothing else) becomes the runs Word writes for it."""
    for run in [r for r in paragraph if r.tag == _w("r")]:
        children = [c for c in run if c.tag != _w("rPr")]
        if len(children) != 1 or children[0].tag != _w("t") or not _TAG.search(children[0].text or ""):
            continue
        at = paragraph.index(run)
        new = []
        for piece, flagged in _pieces(children[0].text):
            if flagged:
                new.append(etree.Element(_w("proofErr"), {_w("type"): "spellStart"}))
            new.append(_run_with(run, piece, session.next()))
            if flagged:
                new.append(etree.Element(_w("proofErr"), {_w("type"): "spellEnd"}))
        paragraph.remove(run)
        for offset, element in enumerate(new):
            paragraph.insert(at + offset, element)


def complex_fields(root) -> None:
    """w:fldSimple as Word writes a field: begin, instruction, separate, its result, end."""
    for field in list(root.iter(_w("fldSimple"))):
        parent, at = field.getparent(), field.getparent().index(field)
        properties = field.find("w:r/w:rPr", NS)

        def run(child, properties=properties):
            r = etree.Element(_w("r"))
            if properties is not None:
                r.append(etree.fromstring(etree.tostring(properties)))
            r.append(child)
            return r

        instruction = etree.Element(_w("instrText"), {XML_SPACE: "preserve"})
        instruction.text = field.get(_w("instr"))
        new = [
            run(etree.Element(_w("fldChar"), {_w("fldCharType"): "begin"})),
            run(instruction),
            run(etree.Element(_w("fldChar"), {_w("fldCharType"): "separate"})),
            *[c for c in field if c.tag == _w("r")],
            run(etree.Element(_w("fldChar"), {_w("fldCharType"): "end"})),
        ]
        parent.remove(field)
        for offset, element in enumerate(new):
            parent.insert(at + offset, element)


def mark_ids(root, session: _Session) -> None:
    """Word 2010's paragraph ids and the revision session attributes on paragraphs and rows."""
    for element in root.iter(_w("p"), _w("tr")):
        element.set(f"{{{W14}}}paraId", session.next())
        element.set(f"{{{W14}}}textId", "77777777")
        element.set(_w("rsidR"), session.next())
        element.set(_w("rsidRDefault" if element.tag == _w("p") else "rsidTr"), session.next())


def go_back(root) -> bool:
    """The _GoBack bookmark between the first two runs of a tag (the cursor after a correction)."""
    for paragraph in root.iter(_w("p")):
        runs = [r for r in paragraph if r.tag == _w("r")]
        for first, second in zip(runs, runs[1:]):
            if "".join(t.text or "" for t in first.iter(_w("t"))) in ("{{", "{%", "{{p ", "{%p "):
                at = paragraph.index(second)
                paragraph.insert(at, etree.Element(_w("bookmarkStart"), {_w("id"): "0", _w("name"): "_GoBack"}))
                paragraph.insert(at + 1, etree.Element(_w("bookmarkEnd"), {_w("id"): "0"}))
                return True
    return False


def page_breaks(root, every: int = 12) -> None:
    """w:lastRenderedPageBreak at the start of a run every `every` paragraphs with text, as
    where Word's layout began a page; the page begins inside a tag where the run is one."""
    with_text = [p for p in root.iter(_w("p")) if any((t.text or "").strip() for t in p.iter(_w("t")))]
    for paragraph in with_text[every - 1 :: every]:
        runs = [r for r in paragraph if r.tag == _w("r") and r.find("w:t", NS) is not None]
        run = runs[len(runs) // 2]
        properties = run.find("w:rPr", NS)
        run.insert(1 if properties is not None else 0, etree.Element(_w("lastRenderedPageBreak")))


def _declare_word_namespaces(xml: str) -> str:
    """The root as Word 2016 writes it: w14 and w15 declared and ignorable."""
    for prefix, uri in (("w14", W14), ("w15", "http://schemas.microsoft.com/office/word/2012/wordml")):
        if f"xmlns:{prefix}=" not in xml[:5000]:
            xml = re.sub(r"(<w:(?:document|hdr|ftr|footnotes|endnotes) )", rf'\1xmlns:{prefix}="{uri}" ', xml, count=1)
    if "mc:Ignorable=" in xml[:5000]:
        xml = re.sub(r'mc:Ignorable="([^"]*)"', lambda m: f'mc:Ignorable="{_ignorable(m.group(1))}"', xml, count=1)
    elif f'xmlns:mc="{MC}"' in xml[:5000]:
        xml = re.sub(r"(<w:(?:document|hdr|ftr|footnotes|endnotes) )", r'\1mc:Ignorable="w14 w15" ', xml, count=1)
    return xml


def _ignorable(value: str) -> str:
    words = value.split()
    return " ".join(words + [w for w in ("w14", "w15") if w not in words])


def _settings(xml: str, sessions: list[str]) -> str:
    root = etree.fromstring(xml.encode("utf-8"))
    for name in ("compat", "rsids", "proofState"):
        for old in root.findall(f"w:{name}", NS):
            root.remove(old)
    proof = etree.Element(_w("proofState"), {_w("spelling"): "clean", _w("grammar"): "clean"})
    root.insert(min(2, len(root)), proof)
    compat = etree.SubElement(root, _w("compat"))
    for name, value in (("compatibilityMode", "15"), ("overrideTableStyleFontSizeAndJustification", "1")):
        etree.SubElement(
            compat,
            _w("compatSetting"),
            {_w("name"): name, _w("uri"): "http://schemas.microsoft.com/office/word", _w("val"): value},
        )
    rsids = etree.SubElement(root, _w("rsids"))
    etree.SubElement(rsids, _w("rsidRoot"), {_w("val"): sessions[0]})
    for session in sorted(set(sessions)):
        etree.SubElement(rsids, _w("rsid"), {_w("val"): session})
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True).decode("utf-8")


def _tostring(root) -> str:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True).decode("utf-8")


def save_as_word(path: Path) -> None:
    """Rewrite the .docx at `path` as a Swedish Word saves it (see the module's docstring)."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    session = _Session()
    renamed: dict[str, str] = {}
    if "word/styles.xml" in parts:
        styles = etree.fromstring(parts["word/styles.xml"])
        renamed = localize_styles(styles)
        for style in styles.findall("w:style", NS):
            style.set(_w("styleId"), renamed[style.get(_w("styleId"))])
        _rename_references(styles, renamed)
        parts["word/styles.xml"] = _tostring(styles).encode("utf-8")
    if "word/numbering.xml" in parts:
        numbering = etree.fromstring(parts["word/numbering.xml"])
        _rename_references(numbering, renamed)
        parts["word/numbering.xml"] = _tostring(numbering).encode("utf-8")
    bookmarked = False
    sessions_used = []
    for name in sorted(parts, key=lambda n: (n != "word/document.xml", n)):
        if not _PARTS.fullmatch(name):
            continue
        root = etree.fromstring(parts[name])
        _rename_references(root, renamed)
        complex_fields(root)
        for paragraph in list(root.iter(_w("p"))):
            split_runs(paragraph, session)
        if not bookmarked:
            bookmarked = go_back(root)
        if name == "word/document.xml":
            page_breaks(root)
        mark_ids(root, session)
        parts[name] = _declare_word_namespaces(_tostring(root)).encode("utf-8")
    sessions_used = [session.next() for _ in range(3)]
    if "word/settings.xml" in parts:
        parts["word/settings.xml"] = _settings(parts["word/settings.xml"].decode("utf-8"), sessions_used).encode(
            "utf-8"
        )
    _drop_part(parts, "word/stylesWithEffects.xml")
    if "docProps/app.xml" in parts:
        app = parts["docProps/app.xml"].decode("utf-8")
        app = re.sub(r"<Application>[^<]*</Application>", "<Application>Microsoft Office Word</Application>", app)
        app = re.sub(r"<AppVersion>[^<]*</AppVersion>", "<AppVersion>16.0000</AppVersion>", app)
        parts["docProps/app.xml"] = app.encode("utf-8")
    order = ["[Content_Types].xml", "_rels/.rels", "word/document.xml"]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(parts, key=lambda n: (order.index(n) if n in order else len(order), n)):
            archive.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), parts[name], zipfile.ZIP_DEFLATED)


def _drop_part(parts: dict[str, bytes], name: str) -> None:
    if name not in parts:
        return
    del parts[name]
    target = name.removeprefix("word/")
    rels = parts["word/_rels/document.xml.rels"].decode("utf-8")
    parts["word/_rels/document.xml.rels"] = re.sub(
        rf'<Relationship [^>]*Target="{re.escape(target)}"[^>]*/>', "", rels
    ).encode("utf-8")
    types = parts["[Content_Types].xml"].decode("utf-8")
    parts["[Content_Types].xml"] = re.sub(rf'<Override PartName="/{re.escape(name)}"[^>]*/>', "", types).encode("utf-8")
