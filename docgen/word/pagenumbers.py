"""Page numbers for the table of contents, found by the headings' identity.

A .docx cannot know its page numbers: they exist only once the document is laid out. The
write stage bookmarks every heading the TOC lists (_Toc00000001, …) and links each TOC entry
to its bookmark. Publishing lays the document out with LibreOffice, exporting the bookmarks
as named destinations of the PDF; `pdfinfo -dests` (poppler) then says on which page each
bookmark, and so each heading, landed. Driven through UNO, LibreOffice numbers its own TOC
and says its lines: the n-th line is the n-th entry (pages_in_order), checked against the
entry's text. Those numbers go into the TOC as Word writes them
(a tab with a dot leader and a PAGEREF field per entry, so that F9 in Word updates them),
and the page count into the document properties. Nothing here finds a heading by its text.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
TEXT_WIDTH = 9070  # twips: the right tab of a TOC entry, at the text width of an A4 page
BOOKMARK = re.compile(r"_?(?:5F)?(Toc\d{8})$")  # LibreOffice writes "_" as "5F" in destination names


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def available() -> bool:
    return shutil.which("pdfinfo") is not None


def toc_anchors(document_xml: bytes) -> list[str]:
    """The bookmark of every TOC entry, in order."""
    root = etree.fromstring(document_xml)
    return [
        link.get(_w("anchor"))
        for link in root.iter(_w("hyperlink"))
        if (link.get(_w("anchor")) or "").startswith("_Toc")
    ]


def toc_entries(document_xml: bytes) -> list[tuple[str, str]]:
    """(bookmark, text) of every TOC entry, in order: the text is the heading's, as the entry
    shows it before its tab and page number."""
    root = etree.fromstring(document_xml)
    found = []
    for link in root.iter(_w("hyperlink")):
        anchor = link.get(_w("anchor")) or ""
        if not anchor.startswith("_Toc"):
            continue
        text = []
        for run in link.findall("w:r", NS):
            if run.find("w:tab", NS) is not None or run.find("w:fldChar", NS) is not None:
                break
            text.extend(run.itertext())
        found.append((anchor, "".join(text)))
    return found


def pages_in_order(document_xml: bytes, lines: list) -> dict[str, int] | None:
    """The page of each TOC entry's bookmark from the lines ([text, page]) of the same TOC as
    LibreOffice laid it out: the n-th line is the n-th entry. None unless every line is the
    entry it stands beside (the same count, each line ending with its entry's text): then
    the caller finds the pages another way."""
    entries = toc_entries(document_xml)
    if not entries:
        return {}  # no TOC: nothing to number
    if len(entries) != len(lines):
        return None
    pages = {}
    for (anchor, text), line in zip(entries, lines):
        shown, page = line
        if not isinstance(page, int) or not _plain(shown).endswith(_plain(text)):
            return None
        pages[anchor] = page
    return pages


def _plain(text: str) -> str:
    """Text as compared: no soft hyphens, every kind of space one space."""
    return " ".join(str(text).replace("\u00ad", "").replace("\u2011", "-").split())


def destinations(pdf: Path) -> dict[str, tuple[int, float]]:
    """Page and height on the page (points from the bottom) of each heading bookmark of a
    PDF exported with ExportBookmarksToPDFDestination."""
    out = _pdfinfo("-dests", str(pdf))
    found: dict[str, tuple[int, float]] = {}
    for line in out.splitlines():
        m = re.match(r'\s*(\d+)\s+\[\s*XYZ\s+(-?[\d.]+)\s+(-?[\d.]+).*\]\s+"(.*)"\s*$', line)
        if m and (name := BOOKMARK.match(m[4])):
            found["_" + name[1]] = (int(m[1]), float(m[3]))
    return found


def page_count(pdf: Path) -> int | None:
    """The PDF's page count; None when pdfinfo cannot read it (then no count is written)."""
    m = re.search(r"^Pages:\s+(\d+)", _pdfinfo(str(pdf)), re.M)
    return int(m[1]) if m and int(m[1]) > 0 else None


def _pdfinfo(*args: str) -> str:
    """pdfinfo's output ('' when it fails), in its own process group with a timeout."""
    from docgen.processes import ProgramTimeout, run

    try:
        result = run(["pdfinfo", *args], timeout=60)
    except ProgramTimeout:
        return ""
    return result.stdout if result.returncode == 0 else ""


def shown_pages(document_xml: bytes) -> dict[str, int]:
    """The page number each TOC entry shows now (empty for entries without one)."""
    root = etree.fromstring(document_xml)
    shown = {}
    for link in root.iter(_w("hyperlink")):
        anchor = link.get(_w("anchor")) or ""
        separate = link.find("w:r/w:fldChar[@w:fldCharType='separate']", NS)
        result = separate.getparent().getnext() if separate is not None else None
        if anchor.startswith("_Toc") and result is not None and (result.findtext("w:t", namespaces=NS) or "").isdigit():
            shown[anchor] = int(result.findtext("w:t", namespaces=NS))
    return shown


def number_toc(document_xml: bytes, pages: dict[str, int]) -> bytes:
    """document.xml with each TOC entry ending in a dot leader and its page number, as a
    PAGEREF field (what Word writes, and what F9 updates)."""
    root = etree.fromstring(document_xml)
    for link in list(root.iter(_w("hyperlink"))):
        anchor = link.get(_w("anchor")) or ""
        if not anchor.startswith("_Toc"):
            continue
        for old in link.findall("w:r", NS)[1:]:  # an earlier number: the first run is the heading's text
            link.remove(old)
        if anchor not in pages:
            continue
        ppr = link.getparent().find("w:pPr", NS)
        if ppr is not None and ppr.find("w:tabs", NS) is None:
            tabs = etree.Element(_w("tabs"))
            tab = etree.SubElement(tabs, _w("tab"))
            tab.set(_w("val"), "right")
            tab.set(_w("leader"), "dot")
            tab.set(_w("pos"), str(TEXT_WIDTH))
            style = ppr.find("w:pStyle", NS)
            (style.addnext(tabs) if style is not None else ppr.insert(0, tabs))
        link.extend(
            etree.fromstring(xml)
            for xml in (
                f'<w:r xmlns:w="{W}"><w:tab/></w:r>',
                f'<w:r xmlns:w="{W}"><w:fldChar w:fldCharType="begin"/></w:r>',
                f'<w:r xmlns:w="{W}"><w:instrText xml:space="preserve"> PAGEREF {anchor} \\h </w:instrText></w:r>',
                f'<w:r xmlns:w="{W}"><w:fldChar w:fldCharType="separate"/></w:r>',
                f'<w:r xmlns:w="{W}"><w:t>{pages[anchor]}</w:t></w:r>',
                f'<w:r xmlns:w="{W}"><w:fldChar w:fldCharType="end"/></w:r>',
            )
        )
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def read_parts(docx: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(docx) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def with_page_count(app_xml: bytes | None, pages: int | None) -> bytes | None:
    """docProps/app.xml with <Pages> set to the laid-out page count."""
    if app_xml is None or not pages:
        return app_xml
    text = app_xml.decode("utf-8")
    text = re.sub(r"<Pages>\d*</Pages>", "", text)
    text = re.sub(r"(<Properties[^>]*>)", rf"\1<Pages>{pages}</Pages>", text, count=1)
    return text.encode("utf-8")
