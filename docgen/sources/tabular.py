"""Rows of a controller's export, CSV or .xlsx, read exactly or refused with a message.

CSV: UTF-8 (with or without BOM) or Windows-1252 (what Swedish Excel writes as "CSV
(semikolonavgränsad)"); semicolon, tab or comma between fields, told by the header row, which
must name the columns. A comma-separated file whose numbers have decimal commas is ambiguous
(66,5 is two fields): such a row is refused, never read as 66. Excel: the first sheet, its
first row the column names; a formula saved without its value, data on another sheet, an
empty sheet or a missing column is an error, never an empty value.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Iterator

from docgen.errors import DocgenError, Problem
from docgen.sources.archives import load_workbook, refuse_unreadable_archive

LARGEST_FILE = 50 * 1024 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary Excel format (.xls)
XLS_HINT = "Spara filen som Excel-arbetsbok (.xlsx) eller som CSV (semikolonavgränsad) i Excel."
DELIMITERS = {";": "semikolon", "\t": "tabb", ",": "komma"}


def outcome_table(path: Path, required: tuple[str, ...]) -> tuple[list[str], Iterator[tuple[int, dict]]]:
    """The column names (lower case) and (line or row number, {column name: text}) for every
    non-empty row after the header; a row that cannot be read is a Problem in place of the
    mapping. The rows are read as they are iterated (a file of a million rows is never held)."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise DocgenError(
            Problem(
                path,
                None,
                f"filen går inte att läsa ({exc.strerror}).",
                "Kontrollera att filen finns och att du har rätt att läsa den.",
            )
        ) from None
    if head.startswith(b"%PDF"):
        raise DocgenError(Problem(path, None, "filen är en PDF, inte en CSV-fil eller Excel-arbetsbok.", XLS_HINT))
    if head == OLE_MAGIC or path.suffix.lower() == ".xls":
        raise DocgenError(
            Problem(path, None, "filen är i Excels gamla format (.xls), som docgen inte läser.", XLS_HINT)
        )
    if size > LARGEST_FILE:
        raise DocgenError(
            Problem(
                path,
                None,
                f"filen är {size // (1024 * 1024)} MB, mer än de "
                f"{LARGEST_FILE // (1024 * 1024)} MB en utfallsfil kan vara.",
                "Ta bara med uppföljningens styrtal och period.",
            )
        )
    if path.suffix.lower() in (".xlsx", ".xlsm") or head.startswith(b"PK"):
        return _sheet_table(path, required)
    return _csv_table(path, required)


# ---------------------------------------------------------------- CSV


def _decoded(path: Path) -> str:
    data = path.read_bytes()
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # Excel's "Unicode-text (*.txt)": UTF-16 with its byte order mark
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DocgenError(
            Problem(
                path,
                line,
                "filen är varken UTF-8 eller Windows-1252 (tecknet på raden går inte att läsa).",
                "Spara den i Excel som 'CSV UTF-8 (kommaavgränsad)' eller 'CSV (semikolonavgränsad)'.",
            )
        ) from None


def _header(path: Path, first_line: str, required: tuple[str, ...]) -> tuple[str, list[str]]:
    """The delimiter that splits the header into the required columns, and the column names."""
    best = None
    for delimiter in DELIMITERS:
        names = [n.strip().lower() for n in next(csv.reader([first_line], delimiter=delimiter), [])]
        found = [r for r in required if r in names]
        if len(found) == len(required):
            return delimiter, names
        if best is None or len(found) > len(best[1]):
            best = (names, found)
    names, found = best
    if not found:
        shown = first_line if len(first_line) <= 80 else first_line[:79] + "…"
        raise DocgenError(
            Problem(
                path,
                1,
                f"första raden ska vara kolumnrubrikerna {', '.join(required)} (och föregående), men är «{shown}».",
                "Skriv rubrikerna på första raden, åtskilda med semikolon, tabb eller komma.",
            )
        )
    missing = [r for r in required if r not in found]
    raise DocgenError(
        Problem(
            path,
            1,
            f"kolumnen {', '.join(repr(m) for m in missing)} saknas (rubrikraden har "
            f"{', '.join(n for n in names if n)}).",
            "Lägg till kolumnen och dess värden.",
        )
    )


def _csv_table(path: Path, required: tuple[str, ...]):
    text = _decoded(path)
    if not text.strip():
        raise DocgenError(
            Problem(
                path,
                None,
                "filen är tom.",
                f"Skriv kolumnerna {', '.join(required)} på första raden och ett utfall per rad under.",
            )
        )
    first_line = text.lstrip("\r\n").splitlines()[0]
    skip = 1
    if re.fullmatch(r"sep=[;,\t]", first_line.strip(" ")):  # Excel's line naming the separator, before the header
        first_line, skip = (text.lstrip("\r\n").splitlines() + [""])[1], 2
    delimiter, names = _header(path, first_line, required)
    return names, _csv_rows(path, text, delimiter, names, skip)


def _csv_rows(path: Path, text: str, delimiter: str, names: list[str], skip: int = 1) -> Iterator[tuple[int, dict]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for _ in range(skip):  # the header (and Excel's sep= line before it)
        next(reader, None)
    while True:
        start = reader.line_num + 1  # a quoted field may run over several lines
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # the reader cannot go on after this
            yield (
                start,
                Problem(
                    path,
                    start,
                    _csv_message(str(exc)),
                    "Kontrollera citattecknen på raden, eller spara om filen som CSV i Excel.",
                ),
            )
            return
        if not any(field.strip() for field in row):
            continue
        if len(row) != len(names):
            yield start, _width_problem(path, start, row, names, delimiter)
            continue
        yield start, dict(zip(names, row))


def _width_problem(path, line: int, row: list, names: list, delimiter: str) -> Problem:
    if len(row) > len(names) and delimiter == ",":
        return Problem(
            path,
            line,
            f"raden har {len(row)} fält men rubrikraden {len(names)}: i en kommaavgränsad fil "
            "delar ett decimalkomma talet (66,5 blir 66 och 5), så raden kan inte läsas säkert.",
            "Spara filen som 'CSV (semikolonavgränsad)' i Excel, eller skriv talen inom citattecken "
            '("66,5") eller med decimalpunkt (66.5).',
        )
    return Problem(
        path,
        line,
        f"raden har {len(row)} fält men rubrikraden {len(names)} (avgränsare: {DELIMITERS[delimiter]}).",
        "Ge raden ett värde per kolumn.",
    )


def _csv_message(english: str) -> str:
    if "field larger than field limit" in english:
        return f"ett fält är längre än {csv.field_size_limit():,} tecken (ett citattecken som aldrig stängs?)".replace(
            ",", " "
        )
    if "NUL" in english or "null byte" in english:
        return "raden innehåller ett NUL-tecken; filen är inte en textfil"
    return f"raden går inte att läsa som CSV ({english})"


# ---------------------------------------------------------------- Excel


def _sheet_table(path: Path, required: tuple[str, ...]):
    """The first sheet's header and rows. Formula cells are read as the values Excel saved
    with them."""
    refuse_unreadable_archive(path, "utfallsfilen", "Spara om exporten i Excel eller LibreOffice, eller som CSV.")
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # not an .xlsx file, or damaged
        from docgen.sources.archives import wrong_kind

        kind = wrong_kind(path, "xlsx")
        if kind:
            raise DocgenError(Problem(path, None, *kind)) from None
        raise DocgenError(
            Problem(
                path,
                None,
                f"filen går inte att läsa som Excel-fil ({type(exc).__name__}).",
                "Spara exporten som .xlsx eller .csv.",
            )
        ) from None
    sheets = book.worksheets
    rows = (tuple(_shown_value(cell) for cell in row) for row in sheets[0].iter_rows())
    header = [str(h).strip().lower() if h is not None else "" for h in next(rows, ())]
    if not all(r in header for r in required):
        try:
            _sheet_problem(path, sheets[0], header, required, sheets)
        finally:
            book.close()
    return header, _sheet_rows(path, book, rows, header, required)


EXCEL_ERRORS = {"#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}


class ShownAsPercent(str):
    """The text of a number Excel shows as a percentage: the number is in procent, whatever the
    target's unit (0,52 shown as 52 % is never 52 minutes)."""


def _shown_value(cell):
    """A cell's value as Excel shows it: a number formatted as a percentage (0,665 shown as
    66,5 %) is the percentage, as the editor reads it in Excel."""
    value = getattr(cell, "value", None)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in (cell.number_format or ""):
        from decimal import Decimal

        return ShownAsPercent(format((Decimal(repr(value)) * 100).normalize(), "f"))
    return value


def _sheet_rows(path: Path, book, rows, header: list[str], required: tuple[str, ...]) -> Iterator[tuple[int, dict]]:
    from openpyxl.utils import get_column_letter

    try:
        empty_values = set()
        for number, row in enumerate(rows, 2):
            if all(v is None or str(v).strip() == "" for v in row):
                continue
            failed = next((c for c, v in enumerate(row, 1) if isinstance(v, str) and v in EXCEL_ERRORS), None)
            if failed is not None:
                yield (
                    number,
                    Problem(
                        path,
                        number,
                        f"cellen {get_column_letter(failed)}{number} visar felet {row[failed - 1]} i Excel.",
                        "Rätta formeln i arbetsboken och spara den igen, eller skriv värdet själv.",
                    ),
                )
                continue
            values = {}
            for column, (name, value) in enumerate(zip(header, row), 1):
                if value is None and name in required:
                    empty_values.add((number, column))
                values[name] = "" if value is None else value if isinstance(value, ShownAsPercent) else str(value)
            yield number, values
    finally:
        book.close()
    if empty_values:
        _refuse_uncached_formulas(path, empty_values)


def _sheet_problem(path, sheet, header, required, sheets) -> None:
    for other in sheets[1:]:
        names = [str(h).strip().lower() if h is not None else "" for h in next(other.iter_rows(values_only=True), ())]
        if all(r in names for r in required):
            raise DocgenError(
                Problem(
                    path,
                    None,
                    f"utfallen står på bladet '{other.title}', men docgen läser det första bladet ('{sheet.title}').",
                    f"Flytta bladet '{other.title}' först i arbetsboken, eller ta bort de andra bladen.",
                )
            )
    if not any(header):
        raise DocgenError(
            Problem(
                path,
                None,
                f"bladet '{sheet.title}' är tomt.",
                f"Skriv kolumnerna {', '.join(required)} på första raden och ett utfall per rad under.",
            )
        )
    missing = [r for r in required if r not in header]
    raise DocgenError(
        Problem(
            path,
            1,
            f"kolumnen {', '.join(repr(m) for m in missing)} saknas på bladet "
            f"'{sheet.title}' (rubrikraden har {', '.join(h for h in header if h)}).",
            "Lägg till kolumnen och dess värden.",
        )
    )


def _refuse_uncached_formulas(path: Path, cells: set) -> None:
    """Empty values that are formulas saved without their values (by a script, not by Excel)."""
    from openpyxl.utils import get_column_letter

    book = load_workbook(path, read_only=True, data_only=False)
    try:
        sheet = book.worksheets[0]
        formulas = []
        for number, row in enumerate(sheet.iter_rows(values_only=True), 1):
            for column, value in enumerate(row, 1):
                if (number, column) in cells and isinstance(value, str) and value.startswith("="):
                    formulas.append(f"{get_column_letter(column)}{number}")
    finally:
        book.close()
    if formulas:
        shown = ", ".join(formulas[:5]) + (f" och {len(formulas) - 5} till" if len(formulas) > 5 else "")
        raise DocgenError(
            Problem(
                path,
                None,
                f"cellerna {shown} på bladet '{sheet.title}' har formler utan sparade "
                "värden (filen är skapad av ett program, inte sparad i Excel).",
                "Öppna filen i Excel eller LibreOffice och spara den, så sparas formlernas värden; "
                "eller exportera som CSV.",
            )
        )
