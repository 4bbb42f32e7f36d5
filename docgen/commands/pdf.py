"""Publishing: the built .docx files as PDF, through LibreOffice in headless mode.

One LibreOffice process per core (at most PROCESSES) converts its share of the batch (the
documents dealt out by size), each with its own temporary profile (so that concurrent
conversions never share one), under a timeout, in one pass per document: driven
through UNO (docgen/commands/libreoffice_uno.py, run by the Python that has LibreOffice's `uno`
module), LibreOffice loads each .docx, updates its table of contents from its own layout (the
page numbers) and exports the PDF. The .docx files get the page numbers that TOC shows (its
lines, as LibreOffice says them) and their page count from that same layout, while LibreOffice
goes on with the next document; LibreOffice never saves a .docx. `docgen pdf` starts
LibreOffice before it builds when a PDF is expected (pdf_expected), otherwise when the build
writes its first .docx, so that LibreOffice's start overlaps the build. Without UNO (python3-uno missing) the batch is converted
twice instead: once to lay it out, once with the page numbers read from those PDFs
(docgen.word.pagenumbers) filled in. The PDFs are tagged, PDF/A-2b, with bookmarks from the
headings, the document title shown, and fonts embedded. Each PDF is written to a temporary
folder and moved into build/ only when every PDF of the batch is complete.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import struct
import sys
import time
import zipfile
import zlib
from pathlib import Path

from docgen import processes
from docgen.errors import DocgenError, Problem

INSTALL_HINT = (
    "Installera LibreOffice: från libreoffice.org (Windows, Mac), eller "
    "sudo apt-get update && sudo apt-get install -y libreoffice-writer-nogui (Debian/Ubuntu)."
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
# LibreOffice processes for one batch at most, one per core: each converts its share of the
# documents, with its own profile (bench/bench_pdf.py measures it against the bare call, which
# uses one). DOCGEN_PDF_PROCESSES=1 converts in one (the bench's single-process figure).
PROCESSES = int(os.environ.get("DOCGEN_PDF_PROCESSES") or 2)
SECONDS_PER_DOCUMENT = 60
SECONDS_TO_START = 60
SECONDS_TO_END = 10  # for LibreOffice to terminate by itself (removing its pipes in /tmp) before it is killed
TIMINGS = False  # the helper says where each document's time went (bench/bench_pdf.py --stages)
UNO_HELPER = Path(__file__).with_name("libreoffice_uno.py")
SYSTEM_PYTHON = Path("/usr/bin/python3")  # Debian's python3-uno installs `uno` for it


# Where LibreOffice's own installers put it, which is not on PATH (Windows, macOS).
INSTALLED = (
    Path(os.environ.get("PROGRAMFILES", r"C:\Program Files")) / "LibreOffice" / "program" / "soffice.exe",
    Path(os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)")) / "LibreOffice" / "program" / "soffice.exe",
    Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"),
)


def find_libreoffice() -> str | None:
    """LibreOffice on PATH, else where its installer puts it."""
    for name in ("soffice", "libreoffice"):
        path = shutil.which(name)
        if path:
            return path
    return next((str(p) for p in INSTALLED if p.is_file()), None)


def pdf_expected(build: Path, sources: Path, folders: list[Path] | None) -> int:
    """How many PDFs `docgen pdf` of these folders (all when None) will make, guessed before
    building so that LibreOffice can start at once (0: none): the .docx files whose PDF is
    missing or made from other bytes, or, with no .docx built yet where they go (the build
    writes them), as many as the folders named (all: PROCESSES, enough to start every
    LibreOffice). A build that changes a .docx whose PDF was current is not foreseen
    (LibreOffice then starts when the build writes it)."""
    from docgen.freshness import PdfRecord

    places = {build}
    if folders:
        places = set()
        for folder in folders:
            try:
                relative = folder.resolve().relative_to(sources.resolve())
            except ValueError:
                relative = Path()
            places.add(build / relative.parts[0] if relative.parts else build)
    documents = [d for place in places for d in place.rglob("*.docx") if ".cache" not in d.parts]
    if not documents:
        return len(folders) if folders else PROCESSES
    return len(PdfRecord(build).stale(documents))


def processes_for(documents: int) -> int:
    """How many LibreOffice processes convert a batch: one per core, at most PROCESSES, never
    more than documents."""
    return max(1, min(documents, _cores(), PROCESSES))


def _cores() -> int:
    """The cores docgen may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def shares(documents: list[Path], count: int) -> list[list[Path]]:
    """The documents dealt out to `count` LibreOffice processes, each about as much work (the
    .docx files' sizes: the largest first, each to the lightest share), each share in the
    batch's order."""
    loads = [0] * count
    dealt: list[list[Path]] = [[] for _ in range(count)]
    for document in sorted(documents, key=lambda d: -_size(d)):
        lightest = min(range(count), key=lambda n: (loads[n], len(dealt[n])))
        dealt[lightest].append(document)
        loads[lightest] += _size(document)
    order = {d: n for n, d in enumerate(documents)}
    return [sorted(share, key=order.__getitem__) for share in dealt if share]


def _size(document: Path) -> int:
    try:
        return document.stat().st_size
    except OSError:
        return 0


def uno_python(soffice: str) -> str | None:
    """The Python to run the UNO helper with: LibreOffice's own, beside the soffice found
    (program/python in LibreOffice's Linux builds, program\\python.exe on Windows,
    Contents/Resources/python on a Mac) or, for a soffice elsewhere on PATH (a shortcut), in the
    folders LibreOffice's installers use; else the system's (Debian's python3-uno). Whether it
    has `uno` the helper itself says (exit status NO_UNO)."""
    for candidate in _uno_pythons(soffice):
        if candidate.is_file() and (candidate.suffix == ".exe" or os.access(candidate, os.X_OK)):
            return str(candidate)
    return None


def _uno_pythons(soffice: str) -> list[Path]:
    folders = [Path(soffice).resolve().parent] + [p.parent for p in INSTALLED]
    found = []
    for folder in folders:
        found += [folder / "python", folder / "python.exe", folder.parent / "Resources" / "python"]
    return found + [SYSTEM_PYTHON]


class LibreOffice:
    """One LibreOffice driven through UNO, for one batch: started when made (LibreOffice
    itself, then the helper that drives it), so that `docgen pdf` can start it while it builds;
    without LibreOffice or a Python for the helper nothing is started, and when that Python has
    no `uno` LibreOffice is stopped. Closing it ends both and removes the work folder with the
    profile."""

    def __init__(self):
        self.soffice = find_libreoffice()
        self.session = None
        self.office = None  # LibreOffice itself, started here so that the helper's start overlaps its own
        self.answered = False  # every document answered: LibreOffice is terminating by itself
        self.places: dict[Path, Path] = {}  # document: where its PDF is written (send)
        self.folder = processes.work_folder("docgen-pdf-") if self.soffice else None
        python = uno_python(self.soffice) if self.soffice else None
        if python is None:
            return
        pipe = f"docgen-{os.getpid()}-{self.work.name}"
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
        env["HOME"] = str(self.work)
        self.office = processes.start(
            [
                self.soffice,
                f"-env:UserInstallation={(self.work / 'profil').as_uri()}",
                "--headless",
                "--invisible",
                "--nologo",
                "--nodefault",
                "--norestore",
                "--nolockcheck",
                f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
            ],
            self.work / "libreoffice.log",
            env=env,
            name="LibreOffice",
        )
        job = self.work / "uppdrag.json"
        settings = {"office": self.office.pid, "pipe": pipe, "export": EXPORT_OPTIONS, "timings": TIMINGS}
        job.write_text(json.dumps(settings, ensure_ascii=False), encoding="utf-8")
        (self.work / "ut").mkdir()
        self.session = processes.Session(
            [python, str(UNO_HELPER), str(job)], stderr=self.work / "uno.log", env=env, name="LibreOffice"
        )

    @property
    def work(self) -> Path:
        return Path(self.folder.name)

    def pdf(self, document: Path) -> Path:
        """Where LibreOffice writes the PDF of `document` (a folder of its own for each document
        sent: two documents of one batch may have the same file name in different folders)."""
        return self.places[document]

    def send(self, documents: list[Path], deadline: float) -> bool:
        """Give LibreOffice its documents, all at once (it converts them while docgen reads the
        answers); False when there is no UNO here (LibreOffice is stopped: the caller converts
        without it)."""
        if self.session is None:
            return False
        if not self._answer(deadline).get("uno"):
            processes.stop(self.office)  # started for nothing: the caller converts without UNO
            self.office = None
            return False
        self.places = _own_folders(documents, self.work / "ut")
        for document in documents:
            self.session.send(json.dumps([str(document), str(self.pdf(document))]))
        self.session.end_input()
        return True

    def answers(self, documents: list[Path], deadline: float):
        """(document, answer) for each document sent, as LibreOffice finishes it, in order:
        answer {"pages": count, "entries": [[text, page], …]} (its TOC's lines) or {"error": text}."""
        for document in documents:
            answer = self._answer(deadline)
            if answer.get("office") is False:
                raise DocgenError(
                    Problem(
                        None,
                        None,
                        f"LibreOffice kunde inte startas ({self._said() or 'inget svar'}); inga PDF:er skrevs.",
                        INSTALL_HINT,
                    )
                )
            yield document, answer if "pdf" in answer else {"error": self._said() or "LibreOffice avslutades"}
        self.answered = True

    def _answer(self, deadline: float) -> dict:
        line = self.session.read_line(deadline)
        try:
            answer = json.loads(line) if line else {}
        except ValueError:
            answer = {}
        return answer if isinstance(answer, dict) else {}

    def _said(self) -> str:
        """The last line LibreOffice (or the helper) wrote to its log."""
        for name in ("uno.log", "libreoffice.log"):
            log = self.work / name
            if log.exists() and (line := _last_line(log.read_text(encoding="utf-8", errors="replace"))):
                return line
        return ""

    def close(self) -> None:
        wait = SECONDS_TO_END if self.answered else 0
        if self.session is not None:
            self.session.close(wait=wait)
            self.session = None
        if self.office is not None:
            processes.stop(self.office, wait=wait)
            self.office = None
        if self.folder is not None:
            self.folder.cleanup()
            self.folder = None

    def __enter__(self) -> LibreOffice:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def to_pdf(documents: list[Path], timeout: float | None = None, office=None) -> list[Path]:
    """Convert .docx files to PDFs beside them (same name, .pdf); returns the PDFs. Each
    .docx gets the page numbers of its table of contents and its page count as laid out, so
    that the .docx and the PDF say the same. `office`: LibreOffice started ahead, one or a
    list (closed here). The batch is shared out to processes_for(documents) LibreOffice
    processes (started here when fewer came), each converting its share in one pass per
    document."""
    ahead = [o for o in (office if isinstance(office, list) else [office]) if o is not None]
    with contextlib.ExitStack() as stack:
        for started in ahead:
            stack.enter_context(started)
        if not documents:
            return []
        wanted = processes_for(len(documents))
        offices = ahead[:wanted]
        for spare in ahead[wanted:]:  # started ahead for more documents than came
            spare.close()
        while len(offices) < wanted:
            offices.append(stack.enter_context(LibreOffice()))
        return _convert_batch(documents, timeout, offices)


def _convert_batch(documents: list[Path], timeout: float | None, offices: list[LibreOffice]) -> list[Path]:
    first = offices[0]
    if first.soffice is None:
        raise DocgenError(Problem(None, None, "LibreOffice saknas, så inga PDF:er kan skapas.", INSTALL_HINT))
    dealt = shares(documents, len(offices))
    timeout = timeout or SECONDS_TO_START + SECONDS_PER_DOCUMENT * max(len(share) for share in dealt)
    for started in offices:
        (started.work / "ut").mkdir(exist_ok=True)
    failures: dict[Path, str] = {}
    numbered: dict[Path, bytes] = {}
    made: dict[Path, Path] = {}  # document: its PDF in a work folder
    try:
        deadline = time.monotonic() + timeout
        uno = [started.send(share, deadline) for started, share in zip(offices, dealt)]
        for started, share in zip(offices, dealt) if all(uno) else []:
            for document, answer in started.answers(share, deadline):  # the other LibreOffice works meanwhile
                made[document] = pdf = started.pdf(document)
                if "error" in answer:
                    failures[document] = answer["error"]
                elif _complete_pdf(pdf):  # numbered while LibreOffice does the next
                    numbered[document] = _numbered(document, answer, pdf)
    except processes.ProgramTimeout:
        raise _timed_out(timeout) from None
    if not all(uno):  # no UNO: lay out, number, lay out again, in one LibreOffice
        for started in offices[1:]:
            started.close()
        print(NO_UNO_NOTE, file=sys.stderr)
        work = first.work
        out = work / "ut"
        profile = work / "profil-utan-uno"  # not the profile of a LibreOffice stopped while it started
        made, said = _convert(first.soffice, profile, work, out, documents, timeout)
        failures = dict.fromkeys(documents, said)
        numbered = _number_pages(first.soffice, profile, work, made, timeout)
    written = []
    for document in documents:
        pdf = made.get(document)
        if pdf is None or not _complete_pdf(pdf):
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
    from docgen.word.files import write_atomically

    for pdf, target in written:  # only now, when every PDF of the batch is complete
        write_atomically(target, pdf.read_bytes())  # a killed run's temporary file is removed by the next
    for document, data in numbered.items():
        write_atomically(document, data)
    return [target for _pdf, target in written]


def _numbered(document: Path, answer: dict, pdf: Path) -> bytes:
    """The .docx with the TOC page numbers its PDF shows and the page count LibreOffice laid it
    out with. The numbers are the lines of LibreOffice's TOC, in order; should they not match
    the entries (another TOC than docgen's), the pages of the headings' bookmarks in the PDF.
    Only the two parts that change are read and written again (_replaced)."""
    from docgen.word import pagenumbers

    docx = document.read_bytes()
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        names = set(archive.namelist())
        parts = {name: archive.read(name) for name in NUMBERED_PARTS if name in names}
    original = dict(parts)
    pages = pagenumbers.pages_in_order(parts["word/document.xml"], answer.get("entries") or [])
    if pages is None and pagenumbers.available():
        pages = _laid_out(pdf)[0]
    _number_parts(parts, pages or {}, answer.get("pages"))
    return _replaced(docx, {name: data for name, data in parts.items() if data != original[name]})


NUMBERED_PARTS = ("word/document.xml", "docProps/app.xml")


def _replaced(docx: bytes, changed: dict[str, bytes]) -> bytes:
    """docx_bytes of the .docx's parts with those in `changed` replaced, without compressing
    the others again: their compressed bytes are copied as they are, which gives the same bytes
    when docx_bytes wrote the .docx (names in its order, its time, compression and
    attributes: checked; otherwise docx_bytes writes it all)."""
    from docgen.word.files import docx_bytes

    archive = zipfile.ZipFile(io.BytesIO(docx))
    infos = archive.infolist()
    if not changed:
        return docx
    if not all(_as_docx_bytes_writes(info) for info in infos) or [i.filename for i in infos] != sorted(
        (i.filename for i in infos), key=lambda n: (n != "[Content_Types].xml", n)
    ):
        return docx_bytes({**{i.filename: archive.read(i) for i in infos}, **changed})
    out = io.BytesIO()
    for info in infos:
        offset = out.tell()
        if info.filename in changed:
            data = changed[info.filename]
            if info.compress_type == zipfile.ZIP_DEFLATED:
                packer = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)  # as zipfile's
                raw = packer.compress(data) + packer.flush()
            else:
                raw = data
            info.CRC, info.file_size, info.compress_size = zlib.crc32(data), len(data), len(raw)
        else:
            name_length, extra_length = struct.unpack("<HH", docx[info.header_offset + 26 : info.header_offset + 30])
            start = info.header_offset + 30 + name_length + extra_length
            raw = docx[start : start + info.compress_size]
        info.header_offset = offset
        out.write(info.FileHeader())
        out.write(raw)
    directory = out.tell()
    for info in infos:
        name = info.filename.encode("ascii")
        date, clock = info.date_time, info.date_time
        dosdate = (date[0] - 1980) << 9 | date[1] << 5 | date[2]
        dostime = clock[3] << 11 | clock[4] << 5 | (clock[5] // 2)
        out.write(
            struct.pack(
                "<4s4B4HL2L5H2L",
                b"PK\x01\x02",
                info.create_version,
                info.create_system,
                info.extract_version,
                info.reserved,
                info.flag_bits,
                info.compress_type,
                dostime,
                dosdate,
                info.CRC,
                info.compress_size,
                info.file_size,
                len(name),
                0,
                0,
                0,
                info.internal_attr,
                info.external_attr,
                info.header_offset,
            )
            + name
        )
    end = out.tell()
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(infos), len(infos), end - directory, directory, 0))
    return out.getvalue()


def _as_docx_bytes_writes(info: zipfile.ZipInfo) -> bool:
    from docgen.word.files import COMPRESSED_ALREADY, FIXED_ZIP_TIME

    compression = zipfile.ZIP_STORED if info.filename.lower().endswith(COMPRESSED_ALREADY) else zipfile.ZIP_DEFLATED
    return (
        info.filename.isascii()
        and info.date_time == FIXED_ZIP_TIME
        and info.compress_type == compression
        and info.external_attr == 0o644 << 16
        and not info.extra
        and not info.comment
        and info.flag_bits == 0
        and info.file_size < 0xFFFFFFFF
    )


def _number_parts(parts: dict[str, bytes], toc: dict[str, int], count: int | None) -> bool:
    """Give a document's parts the page of each TOC entry's bookmark and the page count; whether
    the numbers its TOC shows changed."""
    from docgen.word import pagenumbers

    xml = parts["word/document.xml"]
    pages = {a: toc[a] for a in pagenumbers.toc_anchors(xml) if a in toc}
    if "docProps/app.xml" in parts:
        parts["docProps/app.xml"] = pagenumbers.with_page_count(parts["docProps/app.xml"], count)
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


def _own_folders(documents: list[Path], out: Path) -> dict[Path, Path]:
    """Where each document's PDF is written: out/<its number in the batch>/<its name>.pdf, so
    that documents with the same file name (in different folders of build/) never overwrite
    each other's PDF."""
    places = {}
    for number, document in enumerate(documents, 1):
        folder = out / str(number)
        folder.mkdir(parents=True, exist_ok=True)
        places[document] = folder / f"{document.stem}.pdf"
    return places


def _rounds(documents: list[Path]) -> list[list[Path]]:
    """The documents in as few rounds as their file names allow: `soffice --convert-to` writes
    <name>.pdf into one folder, so documents of one name go to different rounds."""
    rounds: list[list[Path]] = []
    for document in documents:
        free = next((r for r in rounds if all(d.stem != document.stem for d in r)), None)
        if free is None:
            rounds.append(free := [])
        free.append(document)
    return rounds


def _convert(
    soffice, profile: Path, work: Path, out: Path, documents: list[Path], timeout: float
) -> tuple[dict[Path, Path], str]:
    """Convert without UNO, one `soffice --convert-to` per round of distinct file names; returns
    where each document's PDF is and the last line LibreOffice said."""
    made, said = {}, ""
    for number, round_ in enumerate(_rounds(documents), 1):
        folder = out / str(number)
        command = [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf:writer_pdf_Export:" + json.dumps(EXPORT_OPTIONS),
            "--outdir",
            str(folder),
        ] + [str(d) for d in round_]
        try:
            result = processes.run(command, timeout, env={**os.environ, "HOME": str(work)}, name="LibreOffice")
        except processes.ProgramTimeout:
            raise _timed_out(timeout) from None
        said = _last_line(result.stderr or result.stdout) or said
        made.update({d: folder / f"{d.stem}.pdf" for d in round_})
    return made, said


MAX_PASSES = 3  # without UNO: numbers in the TOC rarely move a heading; when they do, one more pass settles it


def _number_pages(soffice, profile: Path, work: Path, made: dict[Path, Path], timeout: float) -> dict[Path, bytes]:
    """The documents with their TOC page numbers and page count from the laid-out PDFs (`made`:
    each document's PDF), as .docx bytes; documents whose TOC changed are converted again until
    the numbers hold. Empty when poppler's pdfinfo is missing (the PDFs then keep TOCs without
    numbers)."""
    from docgen.word import pagenumbers
    from docgen.word.files import docx_bytes

    if not pagenumbers.available():
        return {}
    parts = {d: pagenumbers.read_parts(d) for d in made}
    pending = [d for d in made if _complete_pdf(made[d])]
    for number in range(1, MAX_PASSES + 1):
        again = [d for d in pending if _number_parts(parts[d], *_laid_out(made[d]))]
        if not again or number == MAX_PASSES:
            break
        folder = work / f"omgång-{number}"
        copies = {}
        for document, place in _own_folders(again, folder).items():
            copy = place.with_suffix(".docx")
            copy.write_bytes(docx_bytes(parts[document]))
            copies[copy] = document
        converted, _said = _convert(soffice, profile, work, folder / "ut", list(copies), timeout)
        made.update({copies[copy]: pdf for copy, pdf in converted.items()})
        pending = [d for d in again if _complete_pdf(made[d])]
    return {d: docx_bytes(p) for d, p in parts.items()}


def _laid_out(pdf: Path) -> tuple[dict[str, int], int | None]:
    """The page of each heading bookmark of a PDF, and its page count (poppler's pdfinfo)."""
    from docgen.word import pagenumbers

    return {a: page for a, (page, _y) in pagenumbers.destinations(pdf).items()}, pagenumbers.page_count(pdf)


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
