"""Page numbers for the table of contents of a published PDF.

A .docx cannot know its page numbers: they exist only once the document is laid out. The
PDF is laid out by LibreOffice, so publishing converts once, reads on which page each heading
landed (pdftotext), writes those numbers into a copy of the document's table of contents
(dot leader, right-aligned), and converts that copy. The .docx in build/ keeps its TOC
without numbers (never a stale number in Word); the PDF readers get page numbers that are
right for the PDF they read.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
TEXT_WIDTH = 9070


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def available() -> bool:
    return shutil.which("pdftotext") is not None


def toc_entries(docx: Path) -> list[tuple[str, str]]:
    """(anchor, heading text) of every TOC entry, in order."""
    with zipfile.ZipFile(docx) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    entries = []
    for link in root.iter(_w("hyperlink")):
        anchor = link.get(_w("anchor")) or ""
        if anchor.startswith("_Toc"):
            entries.append((anchor, "".join(t.text or "" for t in link.iter(_w("t")))))
    return entries


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def heading_pages(pdf: Path, entries: list[tuple[str, str]]) -> dict[str, int]:
    """The page of each heading, found in order after the table of contents."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = [[_normalise(line) for line in page.splitlines() if line.strip()] for page in text.split("\f")]
    found: dict[str, int] = {}
    # the TOC lists every heading: start looking after the last page that holds the last entry's text
    start = 0
    if entries:
        last = _normalise(entries[-1][1])
        toc_pages = [n for n, lines in enumerate(pages) if any(line.startswith(last[:40]) for line in lines)]
        start = toc_pages[0] + 1 if toc_pages else 0
    page = start
    for anchor, heading in entries:
        wanted = _normalise(heading)
        for n in range(page, len(pages)):
            if any(line == wanted or (len(wanted) > 30 and line.startswith(wanted[:30])) for line in pages[n]):
                found[anchor] = n + 1
                page = n
                break
    return found


def with_page_numbers(docx: Path, pages: dict[str, int], target: Path) -> None:
    """A copy of `docx` whose TOC entries end with their page number after a dot leader."""
    with zipfile.ZipFile(docx) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    for link in list(root.iter(_w("hyperlink"))):
        anchor = link.get(_w("anchor")) or ""
        if anchor not in pages:
            continue
        paragraph = link.getparent()
        ppr = paragraph.find("w:pPr", NS)
        tabs = etree.SubElement(ppr, _w("tabs"))
        tab = etree.SubElement(tabs, _w("tab"))
        tab.set(_w("val"), "right")
        tab.set(_w("leader"), "dot")
        tab.set(_w("pos"), str(TEXT_WIDTH))
        for text, is_tab in (("", True), (str(pages[anchor]), False)):
            run = etree.SubElement(link, _w("r"))
            if is_tab:
                etree.SubElement(run, _w("tab"))
            else:
                t = etree.SubElement(run, _w("t"))
                t.text = text
    for instruction in root.iter(_w("instrText")):
        if instruction.text and instruction.text.strip().startswith("TOC"):
            instruction.text = re.sub(r'\\n "[^"]*" ', "", instruction.text)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    target.write_bytes(buffer.getvalue())
