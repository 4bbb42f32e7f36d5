"""Publishing: the built .docx files as PDF, through LibreOffice in headless mode.

One LibreOffice process converts the whole batch (a second pass converts the documents whose
table of contents got its page numbers from the first, see docgen.pagenumbers; the .docx
files get the same numbers and their page count), with its own
temporary profile (so that concurrent conversions never share one), under a timeout. The PDFs are tagged, PDF/A-2b,
with bookmarks from the headings, the document title shown, and fonts embedded. Each PDF is
written to a temporary folder and moved into build/ only when it is complete.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from docgen import processes
from docgen.errors import DocgenError, Problem
from docgen.word.write import docx_bytes, write_atomically

INSTALL_HINT = (
    "Installera LibreOffice: sudo apt-get update && sudo apt-get install -y libreoffice-writer-nogui (Debian/Ubuntu)."
)
EXPORT_OPTIONS = {
    "UseTaggedPDF": {"type": "boolean", "value": "true"},
    "SelectPdfVersion": {"type": "long", "value": "2"},  # PDF/A-2b: fonts embedded
    "ExportBookmarks": {"type": "boolean", "value": "true"},
    "DisplayPDFDocumentTitle": {"type": "boolean", "value": "true"},
    "ExportNotes": {"type": "boolean", "value": "false"},
    "ExportBookmarksToPDFDestination": {"type": "boolean", "value": "true"},  # headings' bookmarks: TOC page numbers
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
    """Convert .docx files to PDFs beside them (same name, .pdf); returns the PDFs. Each
    .docx gets the page numbers of its table of contents and its page count as laid out
    (docgen.word.pagenumbers), so that the .docx and the PDF say the same."""
    if not documents:
        return []
    soffice = find_libreoffice()
    if soffice is None:
        raise DocgenError(Problem(None, None, "LibreOffice saknas, så inga PDF:er kan skapas.", INSTALL_HINT))
    timeout = timeout or SECONDS_TO_START + SECONDS_PER_DOCUMENT * len(documents)
    with processes.work_folder("docgen-pdf-") as temporary:
        work = Path(temporary)
        profile = work / "profil"
        out = work / "ut"
        out.mkdir()
        names = [d.stem for d in documents]
        if len(set(names)) != len(names):
            raise DocgenError(
                Problem(
                    None,
                    None,
                    "två dokument har samma filnamn; PDF:erna skulle skriva över varandra.",
                    "Ge dokumenten olika 'fil' under 'dokument'.",
                )
            )
        result = _convert(soffice, profile, work, out, documents, timeout)
        numbered = _number_pages(soffice, profile, work, out, documents, timeout)
        written = []
        for document in documents:
            pdf = out / f"{document.stem}.pdf"
            if not _complete_pdf(pdf):
                detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["inget svar"]
                raise DocgenError(
                    Problem(
                        document,
                        None,
                        f"LibreOffice kunde inte skapa en PDF ({detail[0]}); inga PDF:er skrevs.",
                        "Öppna dokumentet i Word eller LibreOffice och kontrollera det.",
                    )
                )
            written.append((pdf, document.with_suffix(".pdf")))
        for pdf, target in written:  # only now, when every PDF of the batch is complete
            write_atomically(target, pdf.read_bytes())  # a killed run's temporary file is removed by the next
        for document, data in numbered.items():
            write_atomically(document, data)
        return [target for _pdf, target in written]


def _convert(soffice, profile: Path, work: Path, out: Path, documents: list[Path], timeout: float):
    command = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        "pdf:writer_pdf_Export:" + json.dumps(EXPORT_OPTIONS),
        "--outdir",
        str(out),
    ] + [str(d) for d in documents]
    try:
        return processes.run(command, timeout, env={**os.environ, "HOME": str(work)}, name="LibreOffice")
    except processes.ProgramTimeout:
        raise DocgenError(
            Problem(
                None,
                None,
                f"LibreOffice blev inte klart inom {timeout:.0f} sekunder; inga PDF:er skrevs.",
                "Försök igen; kvarstår felet, konvertera färre dokument åt gången.",
            )
        )


MAX_PASSES = 3  # numbers in the TOC rarely move a heading; when they do, one more pass settles it


def _number_pages(
    soffice, profile: Path, work: Path, out: Path, documents: list[Path], timeout: float
) -> dict[Path, bytes]:
    """The documents with their TOC page numbers and page count from the laid-out PDFs, as
    .docx bytes; documents whose TOC changed are converted again until the numbers hold.
    Empty when poppler's pdfinfo is missing (the PDFs then keep TOCs without numbers)."""
    from docgen.word import pagenumbers

    if not pagenumbers.available():
        return {}
    parts = {d: pagenumbers.read_parts(d) for d in documents}
    pending = [d for d in documents if _complete_pdf(out / f"{d.stem}.pdf")]
    for number in range(1, MAX_PASSES + 1):
        again = []
        for document in pending:
            pdf = out / f"{document.stem}.pdf"
            found = pagenumbers.destinations(pdf)
            xml = parts[document]["word/document.xml"]
            anchors = pagenumbers.toc_anchors(xml)
            pages = {a: found[a][0] for a in anchors if a in found}
            if "docProps/app.xml" in parts[document]:
                parts[document]["docProps/app.xml"] = pagenumbers.with_page_count(
                    parts[document]["docProps/app.xml"], pagenumbers.page_count(pdf)
                )
            if pages and pagenumbers.shown_pages(xml) != pages:
                parts[document]["word/document.xml"] = pagenumbers.number_toc(xml, pages)
                again.append(document)
        if not again or number == MAX_PASSES:
            break
        folder = work / f"omgång-{number}"
        folder.mkdir()
        copies = []
        for document in again:
            copy = folder / document.name
            copy.write_bytes(docx_bytes(parts[document]))
            copies.append(copy)
        _convert(soffice, profile, work, out, copies, timeout)
        pending = [d for d in again if _complete_pdf(out / f"{d.stem}.pdf")]
    return {d: docx_bytes(p) for d, p in parts.items()}


def _complete_pdf(path: Path) -> bool:
    """A whole PDF file (header and end marker), whatever its size: a one-page PDF can be
    small, and a file under 1 kB must not make the end check fail (or raise)."""
    if not path.is_file():
        return False
    with path.open("rb") as handle:
        head = handle.read(5)
        handle.seek(max(0, path.stat().st_size - 1024))
        tail = handle.read()
    return head == b"%PDF-" and b"%%EOF" in tail
