"""Amount tables whose rows and figures are kept in an Excel workbook (`från_excel`).

Part of the load stage. A table in the sources names a workbook in the document's folder and
a range of one of its sheets (`blad` + `område`) or the workbook's own named table (an Excel
"Tabell", or a defined name). The rows of that range become the same records as rows written
in YAML (`grupper`, `rader`, `summa`, `delsumma`), so every check of an amount table applies:
the workbook's own sum rows are checked against their parts like any sum in the sources.

How rows are read (after the heading rows):
- an empty row is skipped;
- a row with text and no figures is a group heading;
- a row whose text begins with `summarad` (default "Summa") is the sum of the group above;
- a row whose text is one of `delsummor` is a subtotal of all groups above it;
- the row whose text is `totalrad`, and an Excel table's totals row, is the table's sum; without
  `totalrad`, the area's last row is the table's sum when its text is "Totalt" or "Total" (a
  controller's own word for the sum row), and it is checked against its parts like any sum;
- a row whose text begins with "varav" or "därav" is a part of the row above (`varav: true`):
  shown indented, not summed;
- any other row is a row of figures. A row of figures that is the sum of the rows above it
  (a sum row under another name) is refused: read as a row among them, it would count every
  amount twice in the sums and shares.

Formulas are read as the values Excel saved with them (openpyxl `data_only=True`); docgen never
evaluates a formula. A workbook saved without those values (by a script, not by Excel or
LibreOffice) is refused with a message saying how to fix it. Every mistake names the workbook,
the sheet and the cell ("budget-2026.xlsx, blad Drift, cell C14").
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from docgen.errors import DocgenError, Problem
from docgen.sources.archives import check_archive  # the zip-bomb guard shared with templates and outcome files
from docgen.sources.load import SourceList, SourceMap
from docgen.sources.schema.values import MARKED_AMOUNT
from docgen.sources.schema import AmountTable, ColumnGroup, ExcelSource, RowGroup, Sources, SumRow, TableRow

# The keys of what this module writes into a table, as the schema spells them ("groups" -> "grupper").
TABLE, GROUP, ROW, SUM = AmountTable.key_of, RowGroup.key_of, TableRow.key_of, SumRow.key_of
KEY = TABLE("from_excel")
EMPTY_MARKS = ("-", "–", "—")
# A figure typed or pasted as text ("100", "1 234,5", "−47"): Excel neither sums nor formats it.
NUMBER_AS_TEXT = re.compile(r"[-−–+]?\d{1,3}(?:[ \u00a0\u202f]?\d{3})*(?:[,.]\d+)?\s*%?")


class WorkbookProblem(Exception):
    def __init__(self, place: str, message: str, hint: str = ""):
        super().__init__(message)
        self.place, self.message, self.hint = place, message, hint


def open_workbook(path: Path, data_only: bool = True):
    """An openpyxl workbook, or a DocgenError naming the file: missing, not .xlsx, too large."""
    from docgen.freshness import note_file
    from docgen.sources.archives import load_workbook

    note_file(path)  # an input of the build, also where it lies outside the document's folder
    if not path.is_file():
        present = sorted(p.name for p in path.parent.glob("*.xlsx")) if path.parent.is_dir() else []
        raise DocgenError(
            Problem(
                path,
                None,
                "arbetsboken finns inte.",
                "Lägg .xlsx-filen i dokumentets mapp och kontrollera filnamnet"
                + (f" (i mappen finns: {', '.join(present)})." if present else "."),
            )
        )
    refused = check_archive(path)
    if refused:
        raise DocgenError(
            Problem(
                path,
                None,
                f"{refused}; den öppnas inte.",
                "Spara om arbetsboken i Excel eller LibreOffice, utan inbäddade filer.",
            )
        )
    try:
        return load_workbook(path, data_only=data_only)
    except Exception as exc:  # not an .xlsx file, or damaged
        from docgen.sources.archives import wrong_kind

        kind = wrong_kind(path, "xlsx")
        if kind:
            raise DocgenError(Problem(path, None, *kind)) from None
        raise DocgenError(
            Problem(
                path,
                None,
                f"filen går inte att läsa som Excel-arbetsbok ({type(exc).__name__}).",
                "Spara den som Excel-arbetsbok (.xlsx).",
            )
        ) from None


# ---------------------------------------------------------------- expanding tables


def expand_excel_tables(merged: SourceMap, folder: Path) -> None:
    """Replace `från_excel` in every table of the loaded sources by the rows it names (in
    memory; the sources are never written)."""
    tables = merged.get(Sources.key_of("tables"))
    if not isinstance(tables, SourceMap):
        return
    problems: list[Problem] = []
    books: dict[Path, tuple] = {}
    for name, table in tables.items():
        if not isinstance(table, SourceMap) or KEY not in table:
            continue
        try:
            _expand(table, folder, books)
        except DocgenError as exc:
            problems.extend(exc.problems)
        except WorkbookProblem as exc:
            problems.append(Problem(exc.place, None, f"tabellen '{name}': {exc.message}", exc.hint))
    if problems:
        raise DocgenError(problems)


def _expand(table: SourceMap, folder: Path, books: dict) -> None:
    from docgen.sources.records import Issue, problems_of

    spec_raw = table[KEY]
    line = table.line_of(KEY)
    here = (table.file, line)
    issues: list[Issue] = []
    try:
        spec = ExcelSource.parse(spec_raw, (KEY,), issues)
    except Exception as exc:  # records.Invalid: not a mapping
        issues.append(Issue((KEY,), getattr(exc, "message", str(exc)), getattr(exc, "hint", "")))
    if issues:
        raise DocgenError(problems_of(issues, table))

    def wrong(message, hint=""):
        raise DocgenError(Problem(here[0], here[1], f"{KEY}: {message}", hint))

    for written in (TABLE("groups"), TABLE("parts"), TABLE("total")):
        if written in table:
            wrong(
                f"tabellen har både '{KEY}' och '{written}'.",
                "Raderna kommer antingen från arbetsboken eller skrivs i källan, inte båda.",
            )
    path = (folder / spec.file).resolve()
    if folder.resolve() not in path.parents:
        wrong(f"arbetsboken '{spec.file}' ligger utanför dokumentets mapp.", "Lägg arbetsboken i dokumentets mapp.")
    if path not in books:
        books[path] = (open_workbook(path, data_only=True), open_workbook(path, data_only=False))
    sheet, bounds, header_rows, total_rows = _locate_range(books[path][0], spec, path, wrong)
    reader = _Reader(path, sheet, books, table.get(TABLE("unit")))
    if spec.header_rows is not None:
        header_rows = spec.header_rows
    min_col, min_row, max_col, max_row = bounds
    text_col = _column(spec.text_column, wrong, ExcelSource.key_of("text_column")) if spec.text_column else min_col
    value_cols = (
        [_column(c, wrong, ExcelSource.key_of("value_columns")) for c in spec.value_columns]
        if spec.value_columns
        else [c for c in range(min_col, max_col + 1) if c != text_col and c not in _hidden_columns(sheet)]
    )
    if not spec.value_columns:
        _refuse_note_column(reader, range(min_row, min_row + header_rows), value_cols)
    if not spec.text_column:
        _refuse_numbering_column(reader, range(min_row + header_rows, max_row + 1), text_col, value_cols, bounds)
    if not spec.value_columns:
        _refuse_text_column(reader, range(min_row + header_rows, max_row + 1), value_cols, header_rows, bounds)
    _headings(table, reader, range(min_row, min_row + header_rows), text_col, value_cols, here, bounds)
    reader.share_cols = _share_columns(table, value_cols)
    if len(value_cols) != _column_count(table):
        wrong(
            f"området har {len(value_cols)} sifferkolumner men tabellen har {_column_count(table)} kolumnrubriker.",
            "Ange 'värdekolumner' (t.ex. [C, D]) eller rätta 'kolumner'.",
        )
    options = {
        "sum": spec.sum_prefix.lower(),
        "subtotals": {t.lower() for t in spec.subtotals},
        "total": spec.total_row.lower() if spec.total_row else None,
        "total_rows": set(range(max_row - total_rows + 1, max_row + 1)) if total_rows else set(),
    }
    data_rows = [r for r in range(min_row + header_rows, max_row + 1) if r not in _hidden_rows(sheet)]
    if spec.total_row is None and not total_rows:
        options["total_rows"] = _default_total_row(reader, data_rows, text_col)
    _refuse_percent_column(reader, data_rows, value_cols, min_row + header_rows - 1 if header_rows else None)
    groups, total = _rows(reader, data_rows, text_col, value_cols, options)
    _refuse_hidden_parts(reader, range(min_row + header_rows, max_row + 1), groups, total, text_col, value_cols)
    if not groups:
        wrong(
            f"området {_range_name(bounds)} på bladet {sheet.title} har inga rader med tal.",
            "Kontrollera 'område' och 'rubrikrader'.",
        )
    if total is None:
        _refuse_sum_row_below(reader, bounds, text_col, value_cols, options, spec.area)
    if spec.total_row and total is None:  # a renamed sum row, or a range that ends above it
        from openpyxl.utils import get_column_letter

        wrong(
            f"området {_range_name(bounds)} på bladet {sheet.title} har ingen rad med texten "
            f"'{spec.total_row}' (totalrad) i kolumn {get_column_letter(text_col)}.",
            "Kontrollera att 'område' räcker ner till summaraden och att 'totalrad' är stavad som i "
            "arbetsboken; ta bort 'totalrad' om tabellen inte har någon summarad.",
        )
    _refuse_unnamed_sum_rows(groups, total, reader, value_cols, table.get(TABLE("tolerance")))
    groups.line = line
    table[TABLE("groups")] = groups
    table.key_lines[TABLE("groups")] = line
    if total is not None:
        table[TABLE("total")] = total
        table.key_lines[TABLE("total")] = line


def _refuse_sum_row_below(reader: "_Reader", bounds, text_col: int, value_cols: list[int], options, area) -> None:
    """The row right under the area is the table's sum ("Totalt", the `totalrad`, "Summa …") with
    figures: a row inserted in Excel (a new nämnd) pushed it out of an `område` written before,
    and the table lost its sum row and the check of its figures, silently. Said with the area
    that reaches it."""
    from openpyxl.utils import get_column_letter

    min_col, min_row, max_col, max_row = bounds
    below = max_row + 1
    if below > reader.sheet.max_row:
        return
    text = reader.text(below, text_col)
    lowered = text.lower()
    is_sum = lowered in TOTAL_WORDS or lowered == options["total"] or lowered.startswith(options["sum"])
    if not text or not is_sum or not any(isinstance(reader.raw(below, c), (int, float)) for c in value_cols):
        return
    reaching = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{below}"
    raise WorkbookProblem(
        reader.place(below, text_col),
        f"raden '{text}' står direkt under området {_range_name(bounds)} och ser ut som tabellens summarad, "
        "men området slutar ovanför den: tabellen skulle byggas utan sin summarad, och summan kontrolleras inte "
        "(har en rad lagts till i arbetsboken?).",
        f"Låt 'område' räcka till rad {below} ('område: {reaching}')"
        + ("" if area else " eller utöka den namngivna tabellen i Excel")
        + ".",
    )


def _hidden_columns(sheet) -> set[int]:
    """Columns hidden in Excel (a controller's account numbers, last year's working figures):
    not part of the table Excel shows and prints, so not of the document's either."""
    from openpyxl.utils import column_index_from_string

    hidden: set[int] = set()
    for letter, dimension in sheet.column_dimensions.items():
        if dimension.hidden:
            first = column_index_from_string(letter)
            hidden.update(range(min(first, dimension.min or first), max(first, dimension.max or first) + 1))
    return hidden


def _hidden_rows(sheet) -> set[int]:
    """Rows hidden in Excel: skipped as Excel skips them when it shows and prints the sheet."""
    return {row for row, dimension in sheet.row_dimensions.items() if dimension.hidden}


def _refuse_hidden_parts(reader: "_Reader", rows: range, groups, total, text_col: int, value_cols: list[int]) -> None:
    """A hidden row whose amounts a shown sum row counts: the document would show parts that do
    not add up to their sum. Said with the hidden row, instead of a sum that seems wrong."""
    hidden = [r for r in rows if r in _hidden_rows(reader.sheet)]
    if not hidden:
        return
    sums = [(g[GROUP("total")], g[GROUP("rows")]) for g in groups if GROUP("total") in g]
    if total is not None:
        sums.append((total, [r for g in groups if GROUP("rows") in g for r in g[GROUP("rows")]]))
    for row in hidden:
        try:
            figures = [reader.number(row, c) for c in value_cols]
        except WorkbookProblem:
            continue
        if all(f is None or f == 0 for f in figures):
            continue
        for summed, parts in sums:
            values = summed.get(SUM("values")) or []
            shown = [r for r in parts if not r.get(ROW("part_of"))]
            for i, value in enumerate(values):
                if value is None or figures[i] is None:
                    continue
                total_shown = sum((r[ROW("values")][i] or Decimal(0) for r in shown), Decimal(0))
                if total_shown != value and total_shown + figures[i] == value:
                    text = reader.text(row, text_col) or "utan text"
                    raise WorkbookProblem(
                        reader.place(row, text_col),
                        f"rad {row} ('{text}') är dold i arbetsboken, men summaraden '{summed[SUM('text')]}' "
                        "räknar med dess belopp: docgen visar inte dolda rader, och tabellens rader skulle "
                        "inte gå ihop med summan.",
                        f"Visa rad {row} i Excel (markera raderna runt den, högerklicka, Visa) så står den i "
                        "tabellen, eller ta bort den ur summaformeln om den inte hör till tabellen.",
                    )


TOTAL_WORDS = ("totalt", "total")
PART_OF = re.compile(r"(varav|därav)\b", re.IGNORECASE)  # as `varav: true` in YAML


def _default_total_row(reader: "_Reader", rows: range, text_col: int) -> set[int]:
    """The area's last row when its text is "Totalt" or "Total": the table's sum row, as
    `totalrad` names it (and checked against its parts like any sum)."""
    for row in reversed(rows):
        text = reader.text(row, text_col)
        if text:
            return {row} if text.rstrip(":").strip().lower() in TOTAL_WORDS else set()
    return set()


def _refuse_unnamed_sum_rows(groups, total, reader: "_Reader", value_cols: list[int], tolerance) -> None:
    """A row of figures that is the sum of the rows above it is a sum row under a name docgen
    does not know ("Kommunen", "Nämnderna"): read as one of the rows, each amount would count
    twice in the table's sums and shares, silently. Said with the cell and the key to write."""
    if reader.unit == "procent":  # rates of different rows (1,5 % + 1 % beside 2,5 %) are not parts of a sum
        return
    allowed = Decimal(str(tolerance or 0))
    columns = [i for i, col in enumerate(value_cols) if col not in reader.share_cols]

    def is_sum_of(row, parts) -> bool:
        values = row.get(ROW("values")) or []
        figures = [i for i in columns if i < len(values) and isinstance(values[i], Decimal)]
        if len(parts) < 2 or not figures or all(values[i] == 0 for i in figures):
            return False
        for i in figures:
            column = [p[ROW("values")][i] for p in parts if i < len(p[ROW("values")])]
            if not all(isinstance(v, Decimal) for v in column) or abs(sum(column, Decimal(0)) - values[i]) > allowed:
                return False
        return True

    ordinary = [g for g in groups if GROUP("rows") in g]
    for index, group in enumerate(ordinary):
        rows = [r for r in group[GROUP("rows")] if not r.get(ROW("part_of"))]
        if not rows or GROUP("total") in group:
            continue
        last = rows[-1]
        is_table_end = index == len(ordinary) - 1 and total is None and group is groups[-1]
        everything_above = [
            r for g in ordinary for r in g[GROUP("rows")] if r is not last and not r.get(ROW("part_of"))
        ]
        text = last[ROW("text")]
        if is_table_end and is_sum_of(last, everything_above):
            raise WorkbookProblem(
                last.file,
                f"raden '{text}' är summan av raderna ovanför, men läses som en rad bland dem: varje belopp "
                "skulle räknas två gånger i tabellens summor och andelar.",
                f"Skriv 'totalrad: {text}' under 'från_excel', så blir raden tabellens summarad och "
                "kontrolleras mot raderna ovanför.",
            )
        if is_sum_of(last, list(rows[:-1])):
            first_word = text.split()[0]
            raise WorkbookProblem(
                last.file,
                f"raden '{text}' är summan av gruppens rader ovanför, men läses som en rad bland dem: varje "
                "belopp skulle räknas två gånger i tabellens summor och andelar.",
                f"Skriv 'summarad: {first_word}' under 'från_excel' (rader vars text börjar så är gruppernas "
                "summor; utan 'summarad' gäller 'Summa'), eller låt radens text börja med 'Summa' i arbetsboken.",
            )


def _share_columns(table, value_cols: list[int]) -> set[int]:
    """The sheet columns that hold the table's andelskolumner (utfall in percent of budget)."""
    shares = table.get(TABLE("share_columns")) or {}
    if not isinstance(shares, dict) or not shares:
        return set()
    columns = table.get(TABLE("columns")) or [
        c
        for g in (table.get(TABLE("column_groups")) or [])
        if isinstance(g, dict)
        for c in g.get(ColumnGroup.key_of("columns"), [])
    ]
    return {col for col, name in zip(value_cols, columns) if name in shares}


def _range_name(bounds) -> str:
    from openpyxl.utils import get_column_letter

    min_col, min_row, max_col, max_row = bounds
    return f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{max_row}"


def _column(letter, wrong, key) -> int:
    from openpyxl.utils import column_index_from_string

    try:
        return column_index_from_string(str(letter).strip().upper())
    except ValueError:
        wrong(f"'{letter}' i '{key}' är ingen kolumn.", "Skriv kolumnens bokstav, t.ex. C.")


def _column_count(table: SourceMap) -> int:
    groups = table.get(TABLE("column_groups"))
    if isinstance(groups, list):
        return sum(len(g.get(ColumnGroup.key_of("columns")) or []) for g in groups if isinstance(g, dict))
    return len(table.get(TABLE("columns")) or [])


def _sheet_and_area(spec, wrong) -> tuple[str, str]:
    """`blad` and `område`, also from a reference copied out of Excel ('Drift 2026'!$A$4:$C$11,
    Drift!A4:C11): its sheet is the sheet, and a `blad` that names another one is a mistake."""
    if "!" not in spec.area:
        return spec.sheet, spec.area
    named, area = spec.area.rsplit("!", 1)
    named = named.strip()
    if len(named) > 1 and named[0] == named[-1] == "'":
        named = named[1:-1].replace("''", "'")
    if spec.sheet is not None and spec.sheet != named:
        wrong(
            f"'område' ({spec.area}) är på bladet '{named}', men 'blad' säger '{spec.sheet}'.",
            f"Skriv samma blad på båda ställena, eller bara området ('område: {area.replace('$', '')}') "
            "med bladet under 'blad'.",
        )
    return named, area.strip()


def _locate_range(book, spec, path: Path, wrong):
    """(sheet, (min_col, min_row, max_col, max_row), heading rows, totals rows) of the range."""
    from openpyxl.utils.cell import range_boundaries

    if spec.area is not None:
        name, area = _sheet_and_area(spec, wrong)
        if name not in book.sheetnames:
            wrong(f"bladet '{name}' finns inte i {path.name}.", f"Bladen heter: {', '.join(book.sheetnames)}.")
        try:
            bounds = range_boundaries(area.replace("$", ""))
        except ValueError:
            wrong(f"'{spec.area}' är inget område.", "Skriv området som A3:F40.")
        if None in bounds:
            wrong(f"'{spec.area}' är inget avgränsat område.", "Skriv området med hörnen, som A3:F40.")
        return book[name], bounds, 1, 0
    wanted = spec.table
    for sheet in book.worksheets:
        for table in sheet.tables.values():
            if table.displayName.lower() == wanted.lower():
                return (
                    sheet,
                    range_boundaries(table.ref),
                    table.headerRowCount if table.headerRowCount is not None else 1,
                    table.totalsRowCount or 0,
                )
    defined = book.defined_names.get(wanted)
    if defined is not None:
        destinations = list(defined.destinations)
        if len(destinations) != 1 or destinations[0][0] not in book.sheetnames:
            wrong(f"namnet '{wanted}' i {path.name} pekar inte på ett område på ett blad.")
        sheet_name, ref = destinations[0]
        return book[sheet_name], range_boundaries(ref.replace("$", "")), 1, 0
    known = [n for s in book.worksheets for n in s.tables] + list(book.defined_names)
    wrong(
        f"arbetsboken {path.name} har ingen tabell eller namngivet område som heter '{wanted}'.",
        f"Namn i arbetsboken: {', '.join(known)}." if known else "Ange 'blad' och 'område' i stället.",
    )


class _Reader:
    """Cells of one sheet, with their places named as an editor finds them. `unit` is the
    table's enhet: a cell Excel shows as a percentage belongs only in a table of percentages."""

    def __init__(self, path: Path, sheet, books: dict, unit=None):
        self.path, self.sheet, self.books, self.unit = path, sheet, books, unit
        self.share_cols: set[int] = set()  # sheet columns of the table's andelskolumner: percentages belong there

    def place(self, row: int, col: int) -> str:
        from openpyxl.utils import get_column_letter

        return f"{self.path}, blad {self.sheet.title}, cell {get_column_letter(col)}{row}"

    def raw(self, row: int, col: int):
        return self.sheet.cell(row=row, column=col).value

    def text(self, row: int, col: int) -> str:
        value = self.raw(row, col)
        if value is None:
            self._formula_check(row, col)
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return " ".join(str(value).split())

    def number(self, row: int, col: int) -> Decimal | str | None:
        """The cell's figure, None for an empty cell or a dash, the text of an ATT UPPDATERA
        marker (an amount the workbook lacks, as a YAML amount may be); anything else is refused."""
        value = self.raw(row, col)
        if value is None:
            self._formula_check(row, col)
            return None
        if isinstance(value, bool):
            raise WorkbookProblem(
                self.place(row, col),
                f"cellen innehåller {value} (sant/falskt), inte ett tal.",
                "Skriv ett tal i cellen.",
            )
        if isinstance(value, (int, float)):
            shown_format = self.sheet.cell(row=row, column=col).number_format or ""
            if "%" in shown_format:
                percent = _decimal(value) * 100  # 0,05 formatted as a percentage: 5 %, as Excel shows it
                if self.unit not in (None, "procent") and col not in self.share_cols:
                    raise WorkbookProblem(
                        self.place(row, col),
                        f"cellen visar en procentsats ({_as_shown(percent, shown_format)}) i en tabell "
                        f"med enheten {self.unit}; procent och belopp kan inte stå i samma sifferkolumn.",
                        "Låt 'område' sluta ovanför raden och skriv procentsatsen i texten (eller i en "
                        "värdetabell, 'värdetabeller:'), eller ange 'enhet: procent' om hela tabellen är procent.",
                    )
                return percent
            return _decimal(value)
        if isinstance(value, str):
            shown = value.strip()
            if shown in EMPTY_MARKS or not shown:
                return None
            if MARKED_AMOUNT.fullmatch(shown):  # an amount the workbook lacks, marked as in YAML
                return shown
            if shown.startswith("#"):
                raise WorkbookProblem(
                    self.place(row, col),
                    f"cellen visar felet {shown} i Excel.",
                    "Rätta formeln i arbetsboken och spara den igen.",
                )
            if NUMBER_AS_TEXT.fullmatch(shown):
                raise WorkbookProblem(
                    self.place(row, col),
                    f"cellen innehåller talet {shown} sparat som text (Excel visar en grön triangel i cellens "
                    "hörn): Excel räknar inte med det i sina summor, och docgen läser det inte som ett tal.",
                    "Gör det till ett tal: markera cellen och välj Konvertera till tal vid den gröna triangeln, "
                    "eller skriv talet på nytt i cellen (utan apostrof före), och spara arbetsboken.",
                )
            raise WorkbookProblem(
                self.place(row, col),
                f"cellen innehåller texten '{shown}' där ett tal ska stå.",
                "Skriv ett tal (Excel räknar inte med text i sina summor), eller lämna cellen tom.",
            )
        kind = "ett datum" if hasattr(value, "year") else "en tid" if hasattr(value, "hour") else type(value).__name__
        raise WorkbookProblem(
            self.place(row, col), f"cellen innehåller {kind}, inte ett tal.", "Skriv ett tal i cellen."
        )

    def _formula_check(self, row: int, col: int) -> None:
        """An empty value that is a formula means the workbook was saved without its values."""
        written = self.books[self.path][1][self.sheet.title].cell(row=row, column=col).value
        if isinstance(written, str) and written.startswith("="):
            raise WorkbookProblem(
                self.place(row, col),
                f"formeln {written} har inget sparat värde: arbetsboken har sparats av ett "
                "program som inte räknar ut formler.",
                "Öppna arbetsboken i Excel eller LibreOffice och spara den igen; docgen räknar aldrig själv ut formler.",
            )


def _decimal(value) -> Decimal:
    """A cell's number as Excel shows it at full precision: binary noise from sums of decimals
    (0.1 + 0.2 = 0.30000000000000004) is removed, at nine decimals."""
    if isinstance(value, int):
        return Decimal(value)
    exact = Decimal(repr(value))
    if exact.as_tuple().exponent < -9:
        exact = exact.quantize(Decimal("1e-9"))
        exact = exact.quantize(Decimal(1)) if exact == exact.to_integral_value() else exact.normalize()
    return exact


def _as_shown(percent: Decimal, number_format: str) -> str:
    """A percentage with the decimals of its Excel format, written the Swedish way ("−0,3 %")."""
    decimals = len(number_format.split("%")[0].rpartition(".")[2].rstrip("#")) if "." in number_format else 0
    text = f"{percent:.{decimals}f}".replace(".", ",").replace("-", "\u2212")
    return f"{text}\u00a0%"


def _merged_span(sheet, row: int, col: int) -> tuple[int, int] | None:
    for merged in sheet.merged_cells.ranges:
        if merged.min_row <= row <= merged.max_row and merged.min_col <= col <= merged.max_col:
            return merged.min_col, merged.max_col
    return None


def _merged_down(sheet, top: int, bottom: int, col: int) -> bool:
    """The cell at (top, col) is merged down to the bottom heading row, within its own column."""
    for merged in sheet.merged_cells.ranges:
        if merged.min_row == top and merged.max_row >= bottom and merged.min_col == merged.max_col == col:
            return True
    return False


def _headings(
    table: SourceMap, reader: _Reader, header_rows: range, text_col: int, value_cols: list[int], here, bounds
):
    """Column headings from the workbook when the table does not declare them: one heading row
    gives `kolumner`; two give `kolumngrupper`, the upper row's merged cells spanning their
    columns. The text column's heading becomes `första_kolumn`."""
    rows = list(header_rows)
    if not rows:
        return
    if TABLE("first_column") not in table:
        first = next((reader.text(r, text_col) for r in rows if reader.text(r, text_col)), "")
        if first:
            table[TABLE("first_column")] = first
            table.key_lines[TABLE("first_column")] = here[1]
    if TABLE("columns") in table or TABLE("column_groups") in table:
        return
    bottom = rows[-1]
    names, alone = [], set()
    for col in value_cols:
        _refuse_figure_as_heading(reader, bottom, col, len(rows))
        name = reader.text(bottom, col)
        if not name and len(rows) > 1 and _merged_down(reader.sheet, rows[0], bottom, col):
            name = reader.text(rows[0], col)  # "Totalt" merged over both heading rows: a column of its own
            alone.add(col)
        if not name:
            _refuse_headings_over_two_rows(reader, rows, col, value_cols)
            _refuse_title_in_headings(reader, rows, text_col, value_cols, bounds)
            raise WorkbookProblem(
                reader.place(bottom, col),
                "kolumnen har ingen rubrik i arbetsboken.",
                "Skriv rubriken i cellen, eller ange 'kolumner' i tabellen. Hör kolumnen inte till "
                f"tabellens belopp, ange 'värdekolumner: {_without(value_cols, col)}' under 'från_excel'.",
            )
        names.append(name)
    if len(rows) == 1:
        table[TABLE("columns")] = _listed(names, reader.place(bottom, value_cols[0]))
        table.key_lines[TABLE("columns")] = here[1]
        return
    groups, seen = [], set()
    for col, name in zip(value_cols, names):
        if col in alone:
            group = _mapping({}, reader.place(rows[0], col))
            group[ColumnGroup.key_of("columns")] = _listed([name], reader.place(rows[0], col))
            groups.append(group)
            continue
        span = _merged_span(reader.sheet, rows[0], col) or (col, col)
        heading = reader.text(rows[0], span[0])
        if span in seen:
            groups[-1][ColumnGroup.key_of("columns")].append(name)
            continue
        seen.add(span)
        if not heading:
            raise WorkbookProblem(
                reader.place(rows[0], col),
                "kolumngruppen har ingen rubrik i arbetsboken.",
                "Skriv rubriken i den övre rubrikraden, eller ange 'kolumner' i tabellen. Hör kolumnen inte "
                f"till tabellens belopp, ange 'värdekolumner: {_without(value_cols, col)}' under 'från_excel'.",
            )
        group = _mapping({ColumnGroup.key_of("heading"): heading}, reader.place(rows[0], span[0]))
        group[ColumnGroup.key_of("columns")] = _listed([name], reader.place(rows[0], span[0]))
        groups.append(group)
    table[TABLE("column_groups")] = _listed(groups, reader.place(rows[0], value_cols[0]))
    table.key_lines[TABLE("column_groups")] = here[1]


def _refuse_figure_as_heading(reader: _Reader, row: int, col: int, depth: int) -> None:
    """A heading row holding an amount (−2189,6 where "Omsättning" should stand): the area begins
    below the headings (a row deleted above the table, an area written a row too low) or
    `rubrikrader` counts a row of figures. Read on, the figure became the column's heading and
    every sum was wrong against it. A whole year (2025) is a heading, as Excel writes years."""
    value = reader.raw(row, col)
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return
    if float(value).is_integer() and 1900 <= value <= 2100:
        return
    from docgen.view.formatting import number

    figure = _decimal(value)
    shown = number(figure, max(0, -figure.normalize().as_tuple().exponent))
    raise WorkbookProblem(
        reader.place(row, col),
        f"cellen står på en rubrikrad (rad {row}, 'rubrikrader: {depth}') men innehåller beloppet {shown}, "
        "inte en kolumnrubrik.",
        "Låt 'område' börja vid kolumnrubrikerna och ange i 'rubrikrader' hur många rader de är; har "
        "en rad ovanför tabellen tagits bort, flytta 'område' lika många rader uppåt.",
    )


def _refuse_headings_over_two_rows(reader: _Reader, rows: list[int], col: int, value_cols: list[int]) -> None:
    """One heading row read where the headings stand on two ("Budget" merged over 2024 and 2025,
    the years on the row under it): the merged cell's other columns have no heading on the upper
    row. Said as two heading rows and `rubrikrader: 2`, instead of as a column without a heading."""
    from openpyxl.utils import get_column_letter

    top = rows[-1]
    span = _merged_span(reader.sheet, top, col)
    if len(rows) != 1 or span is None or span[0] == span[1]:
        return
    below = [reader.raw(top + 1, c) for c in value_cols]
    if not all(_is_heading_value(v) for v in below):
        return
    heading = reader.text(top, span[0])
    raise WorkbookProblem(
        reader.place(top, col),
        f"kolumnrubrikerna står på två rader (rad {top} och {top + 1}): '{heading}' är sammanfogad över "
        f"kolumnerna {get_column_letter(span[0])}–{get_column_letter(span[1])}, och kolumnernas egna rubriker "
        f"står på rad {top + 1}.",
        "Skriv 'rubrikrader: 2' under 'från_excel'.",
    )


def _is_heading_value(value) -> bool:
    """A column heading: a text, or a year as Excel keeps a typed 2025 (a number)."""
    if isinstance(value, str):
        return bool(value.strip()) and value.strip() not in EMPTY_MARKS
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and float(value).is_integer()
        and 1900 <= value <= 2100
    )


def _refuse_title_in_headings(reader: _Reader, rows: list[int], text_col: int, value_cols: list[int], bounds) -> None:
    """An area that begins at the sheet's title ("Nämndernas kostnader 2022", above the column
    headings) has no headings where docgen reads them: said as that, with the rows where the
    headings are, instead of as a column without a heading."""
    from openpyxl.utils import get_column_letter

    top = rows[0]
    title = reader.text(top, text_col)
    spans_alone = all(reader.raw(top, c) is None for c in value_cols)
    if not title or not spans_alone:
        return
    limit = reader.sheet.max_row
    start = next((r for r in range(top + 1, limit + 1) if _headings_in(reader, r, value_cols)), None)
    if start is None:
        return
    depth = 1
    while (
        start + depth <= limit
        and _headings_in(reader, start + depth, value_cols)
        and not reader.text(start + depth, text_col)
    ):
        depth += 1
    min_col, _, max_col, max_row = bounds
    area = f"{get_column_letter(min_col)}{start}:{get_column_letter(max_col)}{max_row}"
    raise WorkbookProblem(
        reader.place(top, text_col),
        f"området börjar på rad {top} med '{title}', som är bladets titel och inte kolumnrubrikerna: "
        f"rubrikerna står på rad {start}" + (f"–{start + depth - 1}" if depth > 1 else "") + ".",
        f"Låt 'område' börja vid kolumnrubrikerna, på rad {start} ('område: {area}')"
        + (f", med 'rubrikrader: {depth}'" if depth > 1 else "")
        + "; bladets titel skriver du i tabellens 'rubrik'.",
    )


NOTE_HEADINGS = ("not", "noter", "not nr", "not nr.")


def _without(value_cols: list[int], col: int) -> str:
    """The `värdekolumner` to write when column `col` is not one of the amounts: "[C, D, E]"."""
    from openpyxl.utils import get_column_letter

    return "[" + ", ".join(get_column_letter(c) for c in value_cols if c != col) + "]"


def _refuse_percent_column(reader: _Reader, rows: range, value_cols: list[int], heading_row: int | None) -> None:
    """A whole column of percentages beside columns of amounts ("Förändring %") is one mistake
    of the area, told once for the column with the ways out, not as a stray cell. A table whose
    every column is percentages gets the cell's message (its way out is 'enhet: procent')."""
    if reader.unit in (None, "procent"):
        return
    from openpyxl.utils import get_column_letter

    def shown_as_percent(col):
        """Per figure of the column: is it shown as a percentage?"""
        return [
            "%" in (reader.sheet.cell(row=row, column=col).number_format or "")
            for row in rows
            if isinstance(reader.raw(row, col), (int, float)) and not isinstance(reader.raw(row, col), bool)
        ]

    kinds = {col: shown_as_percent(col) for col in value_cols if col not in reader.share_cols}
    if not any(False in shown for shown in kinds.values()):
        return
    for col, shown in kinds.items():
        if shown and all(shown):
            first = next(r for r in rows if "%" in (reader.sheet.cell(row=r, column=col).number_format or ""))
            leave_out = f"'värdekolumner: {_without(value_cols, col)}' under 'från_excel'"
            heading = (reader.text(heading_row, col) if heading_row else "") or "Andel"
            raise WorkbookProblem(
                reader.place(first, col),
                f"kolumn {get_column_letter(col)} visar procent på varje rad, i en tabell med enheten "
                f"{reader.unit}: en kolumn i procent kan inte stå bland tabellens belopp.",
                "Är kolumnens tal belopp, ge cellerna ett talformat utan procent i Excel; är den varje rads "
                f"andel av tabellens summa, lämna den utanför med {leave_out} och skriv "
                f"'andel: {{rubrik: \"{heading}\"}}' i tabellen (docgen räknar ut andelarna ur beloppen); är "
                "den utfallet i procent av en annan kolumn (förbrukat av budgeten), skriv den under "
                f"'andelskolumner' (se docs/kallformat.md); annars lämna den utanför med {leave_out}.",
            )


def _refuse_note_column(reader: _Reader, header_rows: range, value_cols: list[int]) -> None:
    """A column headed "Not" (a resultatbudget's note numbers) is no column of amounts: taken as
    one, its 1, 2, 3 would stand among the millions."""
    for row in header_rows:
        for col in value_cols:
            heading = reader.text(row, col)
            if heading.lower() in NOTE_HEADINGS:
                raise WorkbookProblem(
                    reader.place(row, col),
                    f"kolumnen '{heading}' har notnummer, inte belopp, men läses som en av tabellens sifferkolumner.",
                    f"Ange vilka kolumner som är belopp: 'värdekolumner: {_without(value_cols, col)}' under "
                    "'från_excel'.",
                )


def _is_words(value) -> bool:
    """A cell of words: text that is neither a dash, an ATT UPPDATERA marker, an error nor a figure."""
    if not isinstance(value, str):
        return False
    shown = value.strip()
    return bool(shown) and not (
        shown in EMPTY_MARKS
        or MARKED_AMOUNT.fullmatch(shown)
        or shown.startswith("#")
        or NUMBER_AS_TEXT.fullmatch(shown)
    )


def _refuse_text_column(reader: _Reader, rows: range, value_cols: list[int], header_rows: int, bounds) -> None:
    """A column of words beside the amounts (the controller's "Kommentar": what each frame
    covers) is one mistake of the area, told once for the column: cell by cell it was refused as
    "cellen innehåller texten … där ett tal ska stå. Skriv ett tal", which is no way out."""
    from openpyxl.utils import get_column_letter

    filled = {col: [r for r in rows if reader.raw(r, col) is not None] for col in value_cols}
    with_figures = [col for col, at in filled.items() if any(isinstance(reader.raw(r, col), (int, float)) for r in at)]
    for col, at in filled.items():
        if not at or col in with_figures or not with_figures or not all(_is_words(reader.raw(r, col)) for r in at):
            continue
        letter = get_column_letter(col)
        heading = reader.text(rows.start - 1, col) if header_rows else ""
        named = f"kolumn {letter} ('{heading}')" if heading else f"kolumn {letter}"
        min_col, min_row, max_col, max_row = bounds
        narrower = (
            f"Låt området sluta före kolumn {letter} ('område: {get_column_letter(min_col)}{min_row}:"
            f"{get_column_letter(col - 1)}{max_row}'), eller ange"
            if col == max_col
            else "Ange"
        )
        raise WorkbookProblem(
            reader.place(at[0], col),
            f"{named} har text på varje rad, inga belopp, men läses som en av tabellens sifferkolumner.",
            f"{narrower} vilka kolumner som är belopp: 'värdekolumner: {_without(value_cols, col)}' under "
            "'från_excel'. Kolumnens text visas inte i tabellen; behövs den, skriv den i dokumentets text.",
        )


NUMBERING = re.compile(r"^\d{1,3}(\.\d{1,3})*[.)]?$")  # "1.", "2)", "1.2": a row's number in the plan


def _refuse_numbering_column(reader: _Reader, rows: range, text_col: int, value_cols: list[int], bounds) -> None:
    """An area that starts at a column of row numbers ("Nr.": 1., 2.) with the rows' texts in the
    next column: read as it stands, the texts would be refused as amounts ("cellen innehåller
    texten 'Skatteintäkter' där ett tal ska stå"), which says nothing of the real mistake."""
    from openpyxl.utils import get_column_letter

    if not value_cols:
        return
    numbers = [reader.text(r, text_col) for r in rows]
    numbered = [n for n in numbers if n]
    if not numbered or not all(NUMBERING.match(n) for n in numbered):
        return
    next_col = value_cols[0]
    texts = [reader.raw(r, next_col) for r in rows]
    if not any(isinstance(t, str) and t.strip() and not NUMBERING.match(t.strip()) for t in texts):
        return
    first = next(r for r, n in zip(rows, numbers) if n)
    min_col, min_row, max_col, max_row = bounds
    letter, amounts = get_column_letter(next_col), value_cols[1:]
    area = f"{letter}{min_row}:{get_column_letter(max_col)}{max_row}"
    raise WorkbookProblem(
        reader.place(first, text_col),
        f"kolumn {get_column_letter(text_col)} har radernas nummer ('{numbers[first - rows.start]}'), "
        f"och radernas text står i kolumn {letter}.",
        f"Låt området börja i kolumn {letter} ('område: {area}'), eller skriv 'textkolumn: {letter}' "
        f"och 'värdekolumner: {_without(amounts, 0)}' under 'från_excel'. Numret visas inte i tabellen; "
        "behövs det, skriv det i radens text i arbetsboken.",
    )


def _rows(reader: _Reader, rows: range, text_col: int, value_cols: list[int], options: dict):
    """The groups (and the table's sum row) of the range, as the records YAML would give."""
    groups = _listed([], None)
    current = None
    total = None
    for row in rows:
        text = reader.text(row, text_col)
        has_values = any(reader.raw(row, c) is not None for c in value_cols)
        if not text and not has_values:
            continue  # an empty row
        if not text:
            headings = _headings_in(reader, row, value_cols)
            if headings:
                raise WorkbookProblem(
                    reader.place(row, text_col),
                    f"raden har text i sifferkolumnerna ({', '.join(repr(h) for h in headings)}) men ingen "
                    "i textkolumnen: den ser ut som en rad av kolumnrubriker, men läses som en rad med tal.",
                    "Står kolumnrubrikerna på två rader (t.ex. en sammanfogad rubrik över flera kolumner), "
                    "skriv 'rubrikrader: 2' under 'från_excel'; "
                    "annars skriv radens text i cellen.",
                )
            raise WorkbookProblem(
                reader.place(row, text_col),
                "raden har tal men ingen text.",
                "Skriv radens text i cellen, eller töm raden.",
            )
        lowered = text.lower()
        is_total = row in options["total_rows"] or (options["total"] is not None and lowered == options["total"])
        if is_total:
            total, total_at = _sum_row(reader, row, text, text_col, value_cols), row
            continue
        if total is not None:
            raise WorkbookProblem(
                reader.place(row, text_col),
                f"raden '{text}' står efter tabellens summarad (rad {total_at}).",
                f"Tabellens summarad ska vara områdets sista rad: låt 'område' sluta på rad {total_at}.",
            )
        if lowered in options["subtotals"]:
            groups.append(
                _mapping(
                    {GROUP("subtotal"): _sum_row(reader, row, text, text_col, value_cols)}, reader.place(row, text_col)
                )
            )
            current = None
            continue
        if options["sum"] and lowered.startswith(options["sum"]):
            if current is None or not current.get(GROUP("rows")):
                raise WorkbookProblem(
                    reader.place(row, text_col),
                    f"summaraden '{text}' har inga rader ovanför sig.",
                    "Kontrollera området, eller ange 'delsummor' för en delsumma av allt ovanför.",
                )
            current[GROUP("total")] = _sum_row(reader, row, text, text_col, value_cols)
            current = None
            continue
        if not has_values and not any(reader.number(row, c) is not None for c in value_cols):
            current = _mapping(
                {GROUP("heading"): text, GROUP("rows"): _listed([], reader.place(row, text_col))},
                reader.place(row, text_col),
            )
            groups.append(current)
            continue
        if current is None:
            current = _mapping({GROUP("rows"): _listed([], reader.place(row, text_col))}, reader.place(row, text_col))
            groups.append(current)
        values = [reader.number(row, c) for c in value_cols]
        written = {ROW("text"): text, ROW("values"): _cells(values, reader, row, value_cols)}
        if PART_OF.match(text):
            written[ROW("part_of")] = True  # "varav gymnasieskola": a part of the row above, not summed
        current[GROUP("rows")].append(_mapping(written, reader.place(row, text_col)))
    for group in groups:
        if GROUP("heading") in group and not group[GROUP("rows")]:
            raise WorkbookProblem(
                group.file,
                f"rubriken '{group[GROUP('heading')]}' har inga rader under sig.",
                "Rader utan tal läses som gruppens rubrik; skriv talen eller ta bort raden.",
            )
    return groups, total


def _headings_in(reader: _Reader, row: int, value_cols: list[int]) -> list[str]:
    """The texts of a row whose every filled value cell is a text (no figure, no dash): a row
    of column headings. Empty for a row with any figure."""
    cells = [reader.raw(row, c) for c in value_cols]
    filled = [v for v in cells if v is not None]
    if not filled or not all(isinstance(v, str) and v.strip() and v.strip() not in EMPTY_MARKS for v in filled):
        return []
    return [" ".join(v.split()) for v in filled]


def _sum_row(reader: _Reader, row: int, text: str, text_col: int, value_cols: list[int]) -> SourceMap:
    values = [reader.number(row, c) for c in value_cols]
    written = {SUM("text"): text}
    if any(v is not None for v in values):
        missing = [c for c, v in zip(value_cols, values) if v is None and c not in reader.share_cols]
        if missing:
            raise WorkbookProblem(
                reader.place(row, missing[0]),
                f"summaraden '{text}' saknar ett värde.",
                "Skriv summan (eller formeln) i cellen, eller töm hela raden så räknar docgen ut den.",
            )
        written[SUM("values")] = _cells(values, reader, row, value_cols)
    return _mapping(written, reader.place(row, text_col))


def _mapping(values: dict, place) -> SourceMap:
    """A mapping as the loader makes one, its place the workbook cell instead of a YAML line."""
    data = SourceMap(values)
    data.file, data.line, data.key_lines = place or "", 0, {}
    return data


def _listed(items: list, place) -> SourceList:
    data = SourceList(items)
    data.file, data.line, data.item_lines = place or "", 0, []
    return data


def _cells(values: list, reader: _Reader, row: int, cols: list[int]) -> SourceList:
    """A row's figures, each remembering its own cell (for a sum that does not add up)."""
    data = _listed(values, reader.place(row, cols[0]))
    data.item_files = [reader.place(row, c) for c in cols]
    return data
