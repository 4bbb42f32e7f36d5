"""The template contract: the named styles the engine writes, found in the editor's template.

The engine writes paragraphs and tables in named styles (Rubrik 2, Beskrivning, Tabelltext,
Tabelltal, the table style "Docgen tabell", …); their look is the template's. A template
saved by LibreOffice may keep a style under another id (Word's "toc 1" becomes
"Contents1", "caption" becomes "Caption1"), and an editor may delete a style. After
rendering, every style the document uses is looked up in the template: by Word's built-in
name, by id, then by name ignoring case and spaces; a style the template lacks is added
with the starter kit's definition (templates/startpaket), so the build never fails on it,
and `docgen check` reports it with how to add it in Word and in LibreOffice.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

from docgen.shipped import shipped

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
STARTER = shipped("templates/startpaket/plan.docx")


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass(frozen=True)
class Contract:
    style_id: str  # the id the engine writes
    word_name: str  # Word's name of the style in styles.xml (built-in styles: lower case)
    shown: str  # the name an editor sees in a Swedish Word / LibreOffice
    use: str  # what the engine writes in it


CONTRACT = (
    Contract("Heading1", "heading 1", "Rubrik 1", "kapitelrubriker"),
    Contract("Heading2", "heading 2", "Rubrik 2", "rubriker i löptext (## …) och avsnitt"),
    Contract("Heading3", "heading 3", "Rubrik 3", "underrubriker (### …)"),
    Contract("Heading4", "heading 4", "Rubrik 4", "rubriker på fjärde nivån"),
    Contract("ListBullet", "List Bullet", "Punktlista", "punktlistor i löptext (- …)"),
    Contract("ListBullet2", "List Bullet 2", "Punktlista 2", "punktlistor på andra nivån (indrag två blanksteg)"),
    Contract("ListBullet3", "List Bullet 3", "Punktlista 3", "punktlistor på tredje nivån"),
    Contract("Numreradlista", "Numrerad lista", "Numrerad lista", "numrerade listor i löptext (1. …) och att-satser"),
    Contract("Caption", "caption", "Beskrivning", "tabell- och diagramrubriker (Tabell 1. …)"),
    Contract("Tabelltext", "Tabelltext", "Tabelltext", "text i tabellceller"),
    Contract("Tabelltal", "Tabelltal", "Tabelltal", "tal i tabellceller (högerställda)"),
    Contract("Tabellrubrik", "Tabellrubrik", "Tabellrubrik", "tabellers rubrikrad, textkolumnen"),
    Contract("TabellrubrikHoger", "Tabellrubrik höger", "Tabellrubrik höger", "tabellers rubrikrad, sifferkolumner"),
    Contract("TabellrubrikMitt", "Tabellrubrik mitten", "Tabellrubrik mitten", "rubriker över kolumngrupper"),
    Contract("Summarad", "Summarad", "Summarad", "summa- och totalrader i tabeller, textkolumnen"),
    Contract("Summaradtal", "Summarad tal", "Summarad tal", "summa- och totalrader i tabeller, tal"),
    Contract("Grupprad", "Grupprad", "Grupprad", "grupp- och delrubriker i tabeller"),
    Contract("Attuppdatera", "Att uppdatera", "Att uppdatera", "teckenformatet för ATT UPPDATERA-markeringar"),
    Contract("Tabellfotnot", "Tabellfotnot", "Tabellfotnot", "noter och fotnoter under tabeller"),
    Contract("Figur", "Figur", "Figur", "stycket som håller ett diagram eller en bild"),
    Contract("TOC1", "toc 1", "Innehållsförteckning 1", "innehållsförteckningens rader, nivå 1"),
    Contract("TOC2", "toc 2", "Innehållsförteckning 2", "innehållsförteckningens rader, nivå 2"),
    Contract("Docgentabell", "Rapporttabell", "Rapporttabell", "tabellformatet för alla tabeller docgen ritar"),
)
BY_ID = {c.style_id: c for c in CONTRACT}


def _key(name: str) -> str:
    return "".join(name.lower().split())


def _index(styles_root):
    by_id, by_name, by_key = {}, {}, {}
    for style in styles_root.findall("w:style", NS):
        style_id = style.get(_w("styleId"))
        name_el = style.find("w:name", NS)
        name = name_el.get(_w("val")) if name_el is not None else style_id
        by_id[style_id] = style
        by_name.setdefault(name, style_id)
        by_key.setdefault(_key(name), style_id)
    return by_id, by_name, by_key


def resolve(style_id: str, styles_root, index=None) -> str | None:
    """The id under which the template keeps the style the engine calls `style_id`, or None."""
    by_id, by_name, by_key = index or _index(styles_root)
    contract = BY_ID.get(style_id)
    if contract and contract.word_name in by_name:
        return by_name[contract.word_name]
    if style_id in by_id:
        return style_id
    for key in ((_key(contract.word_name),) if contract else ()) + (_key(style_id),):
        if key in by_key:
            return by_key[key]
    return None


def missing_styles(styles_root) -> list[Contract]:
    """The contract's styles the template lacks (under any id or name)."""
    index = _index(styles_root)
    return [c for c in CONTRACT if resolve(c.style_id, styles_root, index) is None]


@lru_cache(maxsize=1)
def _starter_styles() -> dict[str, bytes]:
    """The starter kit's style definitions by id (the fallback for a missing style)."""
    try:
        with zipfile.ZipFile(STARTER) as archive:
            root = etree.fromstring(archive.read("word/styles.xml"))
    except (OSError, KeyError, zipfile.BadZipFile):
        return {}
    return {s.get(_w("styleId")): etree.tostring(s) for s in root.findall("w:style", NS)}


_USED = tuple(_w(tag) for tag in ("pStyle", "tblStyle", "rStyle"))  # lxml's iter: a tag filter in C


# the values of the paragraph style references, as strings: no Python object made for each element
_PARAGRAPH_STYLE_VALUES = etree.XPath(".//w:pStyle/@w:val", namespaces=NS, smart_strings=False)


def apply_contract(document_root, styles_root, paragraph_styles: set[str] | None = None) -> None:
    """Point every style reference in the document at the template's own style (see above);
    add the starter kit's definition of a contract style the template lacks.
    `paragraph_styles`: a superset of the paragraph style ids the document uses, when a walk
    already met them all (write._insert_toc's): else read here."""
    index = _index(styles_root)
    used = set(_PARAGRAPH_STYLE_VALUES(document_root)) if paragraph_styles is None else set(paragraph_styles)
    for element in document_root.iter(*_USED[1:]):  # the table and character styles: few
        used.update(element.values())
    if all(_kept(wanted, styles_root, index) for wanted in used):
        return  # every style the document uses is the template's own, under its id: nothing to change
    resolved: dict[str, str | None] = {}
    for element in document_root.iter(*_USED):
        wanted = element.get(_w("val"))
        if wanted not in resolved:
            resolved[wanted] = resolve(wanted, styles_root, index)
            if resolved[wanted] is None and wanted in BY_ID:
                resolved[wanted] = _add_fallback(wanted, styles_root)
                index = _index(styles_root)
        found = resolved[wanted]
        if found is not None and found != wanted:
            element.set(_w("val"), found)


def _kept(style_id: str, styles_root, index) -> bool:
    """Whether apply_contract leaves references to the style as they are, and adds nothing."""
    found = resolve(style_id, styles_root, index)
    return found == style_id or (found is None and style_id not in BY_ID)


def _add_fallback(style_id: str, styles_root) -> str | None:
    definition = _starter_styles().get(style_id)
    if definition is None:
        return None
    style = etree.fromstring(definition)
    for link in ("basedOn", "next", "link"):  # keep references only to styles this template has
        element = style.find(f"w:{link}", NS)
        if element is not None and resolve(element.get(_w("val")), styles_root) is None:
            style.remove(element)
    styles_root.append(style)
    return style_id


def check_message(contract: Contract) -> tuple[str, str]:
    """What `docgen check` says about a missing style, and how to add it in Word and LibreOffice."""
    table = contract.style_id == "Docgentabell"
    character = contract.style_id == "Attuppdatera"
    what = "tabellformatet" if table else "teckenformatet" if character else "formatmallen"
    message = (
        f"mallen saknar {what} '{contract.shown}' ({contract.use}); docgen använder startpaketets "
        f"version tills den finns i mallen."
    )
    if table:
        how = (
            "Lägg till den: i Word Tabelldesign › Tabellformat › Nytt tabellformat, namnge det 'Rapporttabell'; "
            "i LibreOffice finns inga tabellformat i .docx: kopiera en tabell från templates/startpaket/plan.docx "
            "in i mallen och ta bort den igen, så följer formatet med."
        )
    else:
        kind = " (formattyp Tecken)" if character else ""
        how = (
            f"Lägg till den: i Word Start › Format › Ny formatmall{kind}, namnge den '{contract.shown}'; i "
            f"LibreOffice Format › Formatmallar (F11) › {'Teckenformatmallar' if character else 'Styckeformatmallar'} "
            f"› Ny formatmall från markering, namnge den '{contract.shown}'."
        )
    return message, how


# Word's built-in styles the engine and its passes refer to by id, by their name in styles.xml
# (the name is the same in every language; the id is not: see engine_ids)
_BUILT_IN_IDS = {
    **{f"heading {n}": f"Heading{n}" for n in range(1, 10)},
    **{f"toc {n}": f"TOC{n}" for n in range(1, 10)},
    "TOC Heading": "TOCHeading",
    "Title": "Title",
    "Subtitle": "Subtitle",
    "Normal": "Normal",
    "header": "Header",
    "footer": "Footer",
    "caption": "Caption",
    "List Paragraph": "ListParagraph",
    "List Bullet": "ListBullet",
    **{f"List Bullet {n}": f"ListBullet{n}" for n in range(2, 6)},
    "List Number": "ListNumber",
    **{f"List Number {n}": f"ListNumber{n}" for n in range(2, 6)},
    "Hyperlink": "Hyperlink",
    "footnote text": "FootnoteText",
    "footnote reference": "FootnoteReference",
    "Table Grid": "TableGrid",
    "Default Paragraph Font": "DefaultParagraphFont",
    "Normal Table": "TableNormal",
    "No List": "NoList",
}
_STYLE_REFERENCES = tuple(
    _w(tag) for tag in ("pStyle", "rStyle", "tblStyle", "basedOn", "next", "link", "styleLink", "numStyleLink")
)


def _engine_names() -> dict[str, str]:
    """Style name → the id the engine writes, for every style the engine writes or looks for."""
    from docgen.word.namedstyles import definitions

    names = {_key(name): style_id for name, style_id in _BUILT_IN_IDS.items()}
    for definition in definitions().values():
        root = etree.fromstring(definition.replace("<w:style ", f'<w:style xmlns:w="{W}" ', 1))
        names.setdefault(_key(root.find("w:name", NS).get(_w("val"))), root.get(_w("styleId")))
    for contract in CONTRACT:
        names.setdefault(_key(contract.word_name), contract.style_id)
    return names


def engine_ids(styles_root) -> dict[str, str]:
    """The template's style ids that differ from the engine's for the same style: template id →
    engine id. Word writes a style's id in its own language when it saves ("Rubrik1" for
    "heading 1" in a Swedish Word, "Innehll1" for "toc 1", "Tabellrubrikhger" for
    "Tabellrubrik höger"), LibreOffice its own ("Contents1"); the name stays. An id the
    template already gives another style is left as it is (found by name, see `resolve`)."""
    names = _engine_names()
    wanted: dict[str, str] = {}
    for style in styles_root.findall("w:style", NS):
        name = style.find("w:name", NS)
        new = names.get(_key(name.get(_w("val")))) if name is not None else None
        if new is not None and new != style.get(_w("styleId")):
            wanted[style.get(_w("styleId"))] = new
    kept = {s.get(_w("styleId")) for s in styles_root.findall("w:style", NS)} - set(wanted)
    renamed: dict[str, str] = {}
    for old, new in wanted.items():
        if new not in kept and new not in renamed.values():
            renamed[old] = new
    return renamed


def rename_styles(root, renamed: dict[str, str]) -> bool:
    """Every style reference (and, in styles.xml, every style's id) in `root` renamed; whether
    anything changed."""
    changed = False
    for element in root.iter(_w("style"), *_STYLE_REFERENCES):
        attribute = _w("styleId") if element.tag == _w("style") else _w("val")
        value = element.get(attribute)
        if value in renamed:
            element.set(attribute, renamed[value])
            changed = True
    return changed


# the parts whose style references follow a renamed style: python-docx keeps no tree for these
_STORY_TYPES = re.compile(r"wordprocessingml\.(footnotes|endnotes|comments)\+xml$")


def adopt_engine_ids(document) -> None:
    """Give the template's styles the engine's ids (engine_ids) in every part of the template
    (a python-docx Document, before rendering), so that what the template writes in Rubrik 1 and
    what the engine writes in it are one style to every pass that follows. A template whose
    ids are the engine's is left untouched."""
    renamed = engine_ids(document.styles.element)
    if not renamed:
        return
    for part in document.part.package.parts:
        element = getattr(part, "_element", None)
        if element is not None:
            rename_styles(element, renamed)
        elif _STORY_TYPES.search(part.content_type):
            root = etree.fromstring(part.blob)
            if rename_styles(root, renamed):
                part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
