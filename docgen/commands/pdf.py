"""Publishing: the built .docx files as PDF, through LibreOffice in headless mode.

One LibreOffice process converts the whole batch, with its own temporary profile (so that
concurrent conversions never share one), under a timeout, in one pass per document: driven
through UNO (docgen/commands/libreoffice_uno.py, run by the Python that has LibreOffice's `uno`
module), LibreOffice loads each .docx, updates its table of contents from its own layout (the
page numbers) and exports the PDF. The .docx files get the same page numbers and their page
count from that PDF (docgen.word.pagenumbers); LibreOffice never saves a .docx. Without UNO
(python3-uno missing) the batch is converted twice instead: once to lay it out, once with the
page numbers filled in. The PDFs are tagged, PDF/A-2b, with bookmarks from the headings, the
document title shown, and fonts embedded. Each PDF is written to a temporary folder and moved
into build/ only when every PDF of the batch is complete.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

from docgen import processes
from docgen.errors import DocgenError, Problem
from docgen.word.write import docx_bytes, write_atomically

INSTALL_HINT = (
    "Installera LibreOffice: sudo apt-get update && sudo apt-get install -y libreoffice-writer-nogui (Debian/Ubuntu)."
)
NO_UNO_NOTE = (
    "obs: LibreOffice kan inte styras via UNO här (paketet python3-uno saknas), så varje PDF görs i två "
    "omgångar och tar ungefär dubbelt så lång tid. Installera det: sudo apt-get install -y python3-uno"
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
UNO_HELPER = Path(__file__).with_name("libreoffice_uno.py")
SYSTEM_PYTHON = Path("/usr/bin/python3")  # Debian's python3-uno installs `uno` for it
NO_UNO, NO_OFFICE = 3, 4  # the helper's exit statuses (libreoffice_uno.py)


def find_libreoffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        path = shutil.which(name)
        if path:
            return path
    return None


def uno_python(soffice: str) -> str | None:
    """The Python to run the UNO helper with: LibreOffice's own (program/python, in
    LibreOffice's builds) or the system's (Debian's python3-uno); whether it has `uno` the
    helper itself says (exit status NO_UNO)."""
    for candidate in (Path(soffice).resolve().parent / "python", SYSTEM_PYTHON):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
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
    with processes.work_folder("docgen-pdf-") as temporary:
        work = Path(temporary)
        profile = work / "profil"
        out = work / "ut"
        out.mkdir()
        failures = _convert_in_one_pass(soffice, profile, work, out, documents, timeout)
        if failures is None:  # no UNO: lay out, number, lay out again
            print(NO_UNO_NOTE, file=sys.stderr)
            result = _convert(soffice, profile, work, out, documents, timeout)
            failures = {d: _last_line(result.stderr or result.stdout) for d in documents}
            numbered = _number_pages(soffice, profile, work, out, documents, timeout)
        else:
            numbered = _number_pages_once(out, documents)
        written = []
        for document in documents:
            pdf = out / f"{document.stem}.pdf"
            if not _complete_pdf(pdf):
                raise DocgenError(
                    Problem(
                        document,
                        None,
                        f"LibreOffice kunde inte skapa en PDF ({failures.get(document) or 'inget svar'}); "
                        "inga PDF:er skrevs.",
                        "Öppna dokumentet i Word eller LibreOffice och kontrollera det.",
                    )
                )
            written.append((pdf, document.with_suffix(".pdf")))
        for pdf, target in written:  # only now, when every PDF of the batch is complete
            write_atomically(target, pdf.read_bytes())  # a killed run's temporary file is removed by the next
        for document, data in numbered.items():
            write_atomically(document, data)
        return [target for _pdf, target in written]


def _convert_in_one_pass(
    soffice: str, profile: Path, work: Path, out: Path, documents: list[Path], timeout: float
) -> dict[Path, str] | None:
    """Every document converted by one LibreOffice driven through UNO, its TOC updated by
    LibreOffice before the export; what went wrong per document (empty when nothing did).
    None when no Python with LibreOffice's `uno` module is found."""
    python = uno_python(soffice)
    if python is None:
        return None
    log = work / "libreoffice.log"
    job = work / "uppdrag.json"
    job.write_text(
        json.dumps(
            {
                "soffice": soffice,
                "profile": profile.as_uri(),
                "pipe": f"docgen-{os.getpid()}-{work.name}",
                "log": str(log),
                "export": EXPORT_OPTIONS,
                "documents": [[str(d), str(out / f"{d.stem}.pdf")] for d in documents],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    try:
        result = processes.run(
            [python, str(UNO_HELPER), str(job)], timeout, env={**env, "HOME": str(work)}, name="LibreOffice"
        )
    except processes.ProgramTimeout:
        raise _timed_out(timeout) from None
    if result.returncode == NO_UNO:
        return None
    said = _last_line(log.read_text(encoding="utf-8", errors="replace") if log.exists() else "")
    if result.returncode == NO_OFFICE:
        raise DocgenError(
            Problem(
                None,
                None,
                f"LibreOffice kunde inte startas ({said or 'inget svar'}); inga PDF:er skrevs.",
                INSTALL_HINT,
            )
        )
    failures = {d: said or _last_line(result.stderr) for d in documents}  # unless the helper says otherwise
    for line in result.stdout.splitlines():
        try:
            report = json.loads(line)
            failures[documents[report["index"]]] = report.get("error", "")
        except (ValueError, KeyError, IndexError, TypeError):
            continue
    return failures


def _number_pages_once(out: Path, documents: list[Path]) -> dict[Path, bytes]:
    """The documents with the TOC page numbers and page count of their PDFs (made with the
    TOC LibreOffice updated), as .docx bytes; empty when poppler's pdfinfo is missing."""
    from docgen.word import pagenumbers

    if not pagenumbers.available():
        return {}
    numbered = {}
    for document in documents:
        pdf = out / f"{document.stem}.pdf"
        if not _complete_pdf(pdf):
            continue
        parts = pagenumbers.read_parts(document)
        _number_parts(parts, pdf)
        numbered[document] = docx_bytes(parts)
    return numbered


def _number_parts(parts: dict[str, bytes], pdf: Path) -> bool:
    """Give a document's parts the TOC page numbers and page count of its PDF; whether the
    numbers its TOC shows changed."""
    from docgen.word import pagenumbers

    found = pagenumbers.destinations(pdf)
    xml = parts["word/document.xml"]
    pages = {a: found[a][0] for a in pagenumbers.toc_anchors(xml) if a in found}
    if "docProps/app.xml" in parts:
        parts["docProps/app.xml"] = pagenumbers.with_page_count(parts["docProps/app.xml"], pagenumbers.page_count(pdf))
    if pages and pagenumbers.shown_pages(xml) != pages:
        parts["word/document.xml"] = pagenumbers.number_toc(xml, pages)
        return True
    return False


def _last_line(text: str) -> str:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return lines[-1][:300] if lines else ""


def _timed_out(timeout: float) -> DocgenError:
    return DocgenError(
        Problem(
            None,
            None,
            f"LibreOffice blev inte klart inom {timeout:.0f} sekunder; inga PDF:er skrevs.",
            "Försök igen; kvarstår felet, konvertera färre dokument åt gången.",
        )
    )


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
        raise _timed_out(timeout) from None


MAX_PASSES = 3  # without UNO: numbers in the TOC rarely move a heading; when they do, one more pass settles it


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
        again = [d for d in pending if _number_parts(parts[d], out / f"{d.stem}.pdf")]
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
