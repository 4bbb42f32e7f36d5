"""Zip archives (.docx templates, .xlsx workbooks) checked before anything is unpacked.

A small file can unpack to gigabytes (a "zip bomb"): a template whose document.xml holds a
1 GB run took 2.1 GB of memory before failing. Python's zipfile never inflates a member past
the size its directory declares (and checks the CRC at the end), so reading the directory
alone is enough: the declared sizes bound what any reader of the archive (python-docx,
docxtpl, openpyxl) will unpack. Use `refuse_unreadable_archive` before opening any archive a
user gives docgen.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from docgen.errors import DocgenError, Problem

MAX_UNPACKED = 100 * 1024 * 1024  # a template or workbook is well under a few MB unpacked
MAX_RATIO = 200  # unpacked bytes per packed byte of one member (XML packs 10–50 times)
MAX_MEMBERS = 10_000


def check_archive(path: Path, max_unpacked: int = MAX_UNPACKED) -> str | None:
    """Why the archive at `path` must not be opened (too large unpacked), or None.
    Reads only the archive's directory: nothing is unpacked. Not an archive: None (the
    reader's own message says so)."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if len(members) > MAX_MEMBERS:
        return f"filen består av {len(members)} delar, fler än de {MAX_MEMBERS} docgen öppnar"
    total = sum(m.file_size for m in members)
    if total > max_unpacked:
        return (
            f"filen packas upp till {total // (1024 * 1024)} MB, mer än de "
            f"{max_unpacked // (1024 * 1024)} MB docgen öppnar"
        )
    for member in members:
        if member.file_size > 1024 * 1024 and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            return (
                f"delen {member.filename} packas upp till {member.file_size // max(member.compress_size, 1)} "
                "gånger sin packade storlek"
            )
    return None


def refuse_unreadable_archive(path: Path, what: str, hint: str) -> None:
    """A DocgenError naming `path` when its archive is out of proportion (see check_archive)."""
    reason = check_archive(path)
    if reason:
        raise DocgenError(Problem(path, None, f"{what}: {reason}; den öppnas inte.", hint))


def load_workbook(path: Path, **options):
    """openpyxl's load_workbook(path, **options), openpyxl imported without numpy when numpy is
    not imported yet: openpyxl imports numpy (installed for matplotlib's charts) only to accept
    numpy numbers written into cells, which docgen never writes, and numpy's import costs more
    than openpyxl's own (about 0.1 s of the 0.25 s)."""
    import sys

    if "openpyxl" not in sys.modules and "numpy" not in sys.modules:
        sys.modules["numpy"] = None  # makes `import numpy` fail, for the time of this import only
        try:
            import openpyxl  # noqa: F401
        finally:
            del sys.modules["numpy"]
    from openpyxl import load_workbook as load

    return load(path, **options)


# What Word and Excel files look like inside: (the part every such file has, the program, the
# kind's name, the suffix, LibreOffice's "save as" name, the old binary format's suffix)
_KINDS = {
    "docx": ("word/document.xml", "Word", "ett Word-dokument", ".docx", "Word 2007–365 (.docx)", ".doc"),
    "xlsx": ("xl/workbook.xml", "Excel", "en Excel-arbetsbok", ".xlsx", "Excel 2007–365 (.xlsx)", ".xls"),
}
_STRICT = b"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary Office formats (.doc, .xls)


def wrong_kind(path: Path, kind: str) -> tuple[str, str] | None:
    """(what the file at `path` is instead, what to do) when it is not a `kind` ("docx" or
    "xlsx") file: a lock file, empty, the old binary format, LibreOffice's own format, another
    file renamed, a damaged copy. None when it has the parts a `kind` file has."""
    part, program, name, suffix, save_as, old = _KINDS[kind]
    resave = f"Öppna den i {program} eller LibreOffice och spara den som {name.split()[1]} ({suffix})."
    if path.name.startswith("~$"):
        return (
            f"filen är en låsfil som {program} skapar medan filen är öppen, inte själva filen.",
            f"Ange filen utan '~$' i namnet ({path.name[2:]}…).",
        )
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        return f"filen går inte att läsa ({exc.strerror}).", "Kontrollera att du har rätt att läsa den."
    if not head:
        return "filen är tom (0 byte).", resave
    if head == _OLE_MAGIC:
        return f"filen är i {program}s gamla format ({old}), som docgen inte läser.", resave
    if head.startswith(b"{\\rtf"):
        return "filen är i RTF-format, inte " + name + ".", resave
    if head.startswith(b"%PDF"):
        return "filen är en PDF, inte " + name + ".", f"Använd originalet i {suffix}-format."
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype").decode("ascii", "replace") if "mimetype" in names else ""
            types = archive.read("[Content_Types].xml")[:100_000] if "[Content_Types].xml" in names else b""
            package_rels = archive.read("_rels/.rels")[:100_000] if "_rels/.rels" in names else b""
    except (zipfile.BadZipFile, OSError, ValueError):
        if head.startswith(b"PK"):
            return "filen är trasig (avkortad, eller inte helt kopierad eller sparad).", resave
        return f"filen är inte {name} (den är inte ett zip-arkiv, som {suffix}-filer är).", resave
    if mimetype.startswith("application/vnd.oasis.opendocument"):
        return (
            "filen är i LibreOffice-format (OpenDocument), inte " + name + ".",
            f"Spara den i LibreOffice med Arkiv > Spara som, filtyp '{save_as}'.",
        )
    if re.search(rb"\.template\.main\+xml|macroEnabledTemplate", types):  # .dotx/.dotm, .xltx/.xltm
        return (
            f"filen är sparad som {program}-mall (t.ex. .{suffix[1:3]}tx), inte som {name}.",
            f"Öppna den i {program} och spara den som {name.split()[1]} ({suffix}); docgens mallar är vanliga "
            f"{suffix}-filer.",
        )
    if _STRICT in package_rels:  # Word's and Excel's "Strikt Open XML" (ISO 29500 Strict), another vocabulary
        return (
            f"filen är sparad som Strikt Open XML, som docgen inte läser (den har {suffix} som ändelse men andra namn "
            "inuti).",
            f"Öppna den i {program} och spara den med Arkiv › Spara som, filformatet {name.split()[1]} ({suffix}), "
            "inte Strikt Open XML.",
        )
    if part not in names or "[Content_Types].xml" not in names:
        return f"filen är ett zip-arkiv men inte {name} (delen {part} saknas).", resave
    return None
