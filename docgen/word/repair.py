"""What an editor's tool may drop from a template, re-created in the built document.

LibreOffice Writer keeps a template's text, styles and tables when it saves a .docx, but
not a table's title (w:tblCaption, Word's Tabellegenskaper › Alternativtext › Rubrik): it
has no place for it. A table in the built document without a title gets one from the
nearest heading above it (what a reader sees as the table's subject), or from its header
row when no heading precedes it, so that a template saved in LibreOffice still passes the
accessibility gate. A title set in Word is kept as it is, but for an ATT UPPDATERA marker in it,
written as the text shows it ('[ATT UPPDATERA: målets namn]', not the sources' '[[…]]' that a
goal's name brought into 'Indikatorer för {{ mål.namn }}'): a screen reader reads the title,
and the web edition shows it as the table's caption.
"""

from __future__ import annotations

from lxml import etree

from docgen.word.markers import normalise

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
_HEADING_STYLES = ("Heading", "Rubrik")  # Word's style ids, and Swedish ids LibreOffice may write


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _text(element) -> str:
    return " ".join("".join(t.text or "" for t in element.iter(_w("t"))).split())


def _is_heading(paragraph) -> bool:
    style = paragraph.find("w:pPr/w:pStyle", NS)
    value = style.get(_w("val"), "") if style is not None else ""
    return value.startswith(_HEADING_STYLES) or paragraph.find("w:pPr/w:outlineLvl", NS) is not None


def _title_for(tbl) -> str:
    """The text of the nearest heading before the table, else its header row's text."""
    for element in tbl.itersiblings(preceding=True):
        if element.tag == _w("p") and _is_heading(element) and _text(element):
            return _text(element)
    first_row = tbl.find("w:tr", NS)
    cells = [_text(tc) for tc in first_row.findall("w:tc", NS)] if first_row is not None else []
    return ", ".join(c for c in cells if c)


def title_untitled_tables(root) -> None:
    """Give every table without a title (w:tblCaption) one, as described above."""
    for tbl in root.iter(_w("tbl")):
        tbl_pr = tbl.find("w:tblPr", NS)
        if tbl_pr is None:
            continue
        for described in tbl_pr.iterchildren(_w("tblCaption"), _w("tblDescription")):
            if "[" in described.get(_w("val"), ""):
                described.set(_w("val"), normalise(described.get(_w("val"))))
        caption = tbl_pr.find("w:tblCaption", NS)
        if caption is not None and caption.get(_w("val"), "").strip():
            continue
        title = normalise(_title_for(tbl))
        if not title:
            continue  # the accessibility gate reports it, with the fix for Word and LibreOffice
        if caption is None:
            caption = etree.Element(_w("tblCaption"))
            description = tbl_pr.find("w:tblDescription", NS)
            if description is not None:  # schema order: tblCaption before tblDescription
                description.addprevious(caption)
            else:
                tbl_pr.append(caption)
        caption.set(_w("val"), title)


def single_table_properties(root) -> None:
    """Keep each table property once: a template may repeat one (the starter kit's tables had
    w:tblLayout twice), which the file format does not allow and Word may refuse to open."""
    for tbl_pr in root.iter(_w("tblPr")):
        seen = set()
        for child in list(tbl_pr):
            if child.tag in seen:
                tbl_pr.remove(child)
            seen.add(child.tag)
