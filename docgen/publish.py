"""Publishing: the built .docx files as PDF, through LibreOffice in headless mode.

One LibreOffice process converts the whole batch (a second pass converts the documents whose
table of contents got its page numbers from the first, see docgen.pagenumbers), with its own
temporary profile (so that concurrent conversions never share one), under a timeout. The PDFs are tagged, PDF/A-2b,
with bookmarks from the headings, the document title shown, and fonts embedded. Each PDF is
written to a temporary folder and moved into build/ only when it is complete.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import DocgenError, Problem

INSTALL_HINT = ("Installera LibreOffice: sudo apt-get update && sudo apt-get install -y "
                "libreoffice-writer-nogui (Debian/Ubuntu).")
EXPORT_OPTIONS = {
    "UseTaggedPDF": {"type": "boolean", "value": "true"},
    "SelectPdfVersion": {"type": "long", "value": "2"},  # PDF/A-2b: fonts embedded
    "ExportBookmarks": {"type": "boolean", "value": "true"},
    "DisplayPDFDocumentTitle": {"type": "boolean", "value": "true"},
    "ExportNotes": {"type": "boolean", "value": "false"},
}
SECONDS_PER_DOCUMENT = 60
SECONDS_TO_START = 60


def find_libreoffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        path = shutil.which(name)
        if path:
            return path
    return None


def to_pdf(documents: list[Path], timeout: float | None = None) -> list[Path]:
    """Convert .docx files to PDFs beside them (same name, .pdf); returns the PDFs."""
    if not documents:
        return []
    soffice = find_libreoffice()
    if soffice is None:
        raise DocgenError(Problem(None, None, "LibreOffice saknas, så inga PDF:er kan skapas.", INSTALL_HINT))
    timeout = timeout or SECONDS_TO_START + SECONDS_PER_DOCUMENT * len(documents)
    with tempfile.TemporaryDirectory(prefix="docgen-pdf-") as temporary:
        work = Path(temporary)
        profile = work / "profil"
        out = work / "ut"
        out.mkdir()
        names = [d.stem for d in documents]
        if len(set(names)) != len(names):
            raise DocgenError(Problem(None, None, "två dokument har samma filnamn; PDF:erna skulle skriva över varandra.",
                                      "Ge dokumenten olika 'fil' under 'dokument'."))
        result = _convert(soffice, profile, work, out, documents, timeout)
        numbered = _with_toc_page_numbers(documents, out, work)
        if numbered:  # a second pass for the documents whose TOC now has page numbers
            result = _convert(soffice, profile, work, out, numbered, timeout)
        written = []
        for document in documents:
            pdf = out / f"{document.stem}.pdf"
            if not _complete_pdf(pdf):
                detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["inget svar"]
                raise DocgenError(Problem(document, None, f"LibreOffice kunde inte skapa en PDF ({detail[0]}); "
                                          "inga PDF:er skrevs.", "Öppna dokumentet i Word eller LibreOffice och kontrollera det."))
            written.append((pdf, document.with_suffix(".pdf")))
        for pdf, target in written:  # only now, when every PDF of the batch is complete
            shutil.move(str(pdf), str(target.with_name(f".{target.name}.tmp")))
            os.replace(target.with_name(f".{target.name}.tmp"), target)
        return [target for _pdf, target in written]


def _convert(soffice, profile: Path, work: Path, out: Path, documents: list[Path], timeout: float):
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--nolockcheck", "--convert-to", "pdf:writer_pdf_Export:" + json.dumps(EXPORT_OPTIONS),
               "--outdir", str(out)] + [str(d) for d in documents]
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              env={**os.environ, "HOME": str(work)})
    except subprocess.TimeoutExpired:
        raise DocgenError(Problem(None, None, f"LibreOffice blev inte klart inom {timeout:.0f} sekunder; "
                                  "inga PDF:er skrevs.", "Försök igen; kvarstår felet, konvertera färre dokument åt gången."))


def _with_toc_page_numbers(documents: list[Path], out: Path, work: Path) -> list[Path]:
    """Copies of the documents with page numbers in their TOC, read from the first PDFs
    (docgen.pagenumbers); empty when pdftotext is missing or no document has a TOC."""
    from . import pagenumbers

    if not pagenumbers.available():
        return []
    from concurrent.futures import ThreadPoolExecutor

    def numbered(document: Path) -> Path | None:
        pdf = out / f"{document.stem}.pdf"
        entries = pagenumbers.toc_entries(document)
        if not entries or not _complete_pdf(pdf):
            return None
        pages = pagenumbers.heading_pages(pdf, entries)  # pdftotext: the slow part, run two at a time
        if not pages:
            return None
        copy = work / "sidnummer" / document.name
        copy.parent.mkdir(exist_ok=True)
        pagenumbers.with_page_numbers(document, pages, copy)
        return copy

    with ThreadPoolExecutor(max_workers=2) as pool:
        return [copy for copy in pool.map(numbered, documents) if copy is not None]


def _complete_pdf(path: Path) -> bool:
    if not path.is_file() or path.stat().st_size < 1000:
        return False
    with path.open("rb") as handle:
        head = handle.read(5)
        handle.seek(-1024, os.SEEK_END)
        tail = handle.read()
    return head == b"%PDF-" and b"%%EOF" in tail
