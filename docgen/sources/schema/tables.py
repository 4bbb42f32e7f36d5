"""Guide: "## tabeller (sifferstabeller med summor som kontrolleras)", "## tabeller ur en
Excel-arbetsbok", "## fler tabellformer", "## andelar av en summa utanför tabellen" and
"## summakolumner i sifferstabeller" and "## avvikelse och andel av budget (skillnadskolumner,
andelskolumner)": amount tables whose sums docgen checks."""

from __future__ import annotations

from decimal import Decimal

from docgen.sources.records import (
    F,
    Invalid,
    Record,
    amount,
    between,
    boolean,
    dict_of,
    list_of,
    one_of,
    record,
    text,
    tolerance,
)
from docgen.sources.schema.values import table_amount


class TableRow(Record):
    """rad: a row of an amount table."""

    KIND = "rad"
    SHOWN_BY = "tabeller"

    FIELDS = (
        F("text", "text", text),
        F("values", "värden", list_of(table_amount, min_items=1)),
        F("note", "not", between(1, 999), required=False),
        F("share", "andel", amount, required=False),
        F("part_of", "varav", boolean, required=False, default=False),  # a part of the row above: shown, not summed
    )


class SumRow(Record):
    """summarad: a sum row; its values are checked against its parts or computed."""

    KIND = "summarad"
    SHOWN_BY = "tabeller"

    FIELDS = (F("text", "text", text), F("values", "värden", list_of(table_amount, min_items=1), required=False))


class RowGroup(Record):
    """grupp: a group of rows with an optional heading and sum, or a subtotal of all the
    groups above it (delsumma)."""

    KIND = "grupp"
    SHOWN_BY = "tabeller"

    FIELDS = (
        F("heading", "rubrik", text, required=False),
        F("rows", "rader", list_of(record(TableRow), min_items=1), required=False, default=list),
        F("total", "summa", record(SumRow), required=False),
        F("subtotal", "delsumma", record(SumRow), required=False),
    )

    def check(self):
        if self.subtotal is not None:
            if self.rows or self.total is not None or self.heading is not None:
                raise Invalid("en delsumma står ensam: skriv den som en egen grupp med bara 'delsumma'")
        elif not self.rows:
            raise Invalid("gruppen har inga rader", "Lägg till 'rader:' eller skriv en 'delsumma'.")
        elif self.rows[0] is not None and self.rows[0].part_of:
            raise Invalid(
                "en varav-rad kan inte stå först i gruppen: den är en del av raden ovanför",
                "Flytta raden under den rad den är en del av, eller ta bort 'varav: true'.",
                at=("rader", 0, "varav"),
            )


class TablePart(Record):
    """del: a part of a table (e.g. TILLGÅNGAR) with its groups and sum."""

    KIND = "del"
    SHOWN_BY = "tabeller"

    FIELDS = (
        F("heading", "rubrik", text, required=False),
        F("groups", "grupper", list_of(record(RowGroup), min_items=1)),
        F("total", "summa", record(SumRow), required=False),
    )


class ShareColumn(Record):
    """andel: a computed share-of-total column."""

    KIND = "andel"
    SHOWN_BY = "tabeller"

    FIELDS = (F("heading", "rubrik", text),)


class OutsideShareRow(Record):
    """andelsrad: a row showing a share (in percent) of an amount outside the table."""

    KIND = "andelsrad"
    SHOWN_BY = "tabeller"

    FIELDS = (
        F("text", "text", text),
        F("value", "värde", amount),
        F("except_rows", "utom", list_of(text), required=False, default=list),
    )


class OutsideBase(Record):
    """bas: the amount outside the table that shares are taken of (null when not known)."""

    KIND = "bas"
    SHOWN_BY = "tabeller"

    FIELDS = (F("text", "text", text), F("amount", "belopp", amount, required=False))


class OutsideShares(Record):
    """andelar: shares of the table's sum relative to an amount outside the table."""

    KIND = "andelar"
    SHOWN_BY = "tabeller"

    FIELDS = (F("base", "bas", record(OutsideBase)), F("rows", "rader", list_of(record(OutsideShareRow), min_items=1)))


class Funding(Record):
    """finansiering: one source that together with the others makes up the table's sum."""

    KIND = "finansiering"
    SHOWN_BY = "tabeller"

    FIELDS = (F("text", "text", text), F("amount", "belopp", amount))


UNITS = ("mnkr", "tkr", "kr", "procent", "st")
# bred_tabell: a wide table as it is, in the smaller styles, on a landscape page, or on one when it does not fit
PORTRAIT, SMALLER, LANDSCAPE, AUTOMATIC = WIDE_TABLES = ("stående", "mindre_text", "liggande", "automatiskt")
WIDE_TABLE = F("wide", "bred_tabell", one_of(*WIDE_TABLES), required=False, default=PORTRAIT)  # amount and value tables
NOTES_LAST, NOTES_AFTER_TEXT = NOTE_COLUMNS = ("sist", "efter_texten")  # notkolumn: where the Not column stands


class ColumnGroup(Record):
    """kolumngrupp: a heading over several value columns (e.g. a year over Omsättning and Budgetram)."""

    KIND = "kolumngrupp"
    SHOWN_BY = "tabeller"

    FIELDS = (
        F("heading", "rubrik", text, required=False),  # without: a column of its own beside the groups (Totalt)
        F("columns", "kolumner", list_of(text, min_items=1)),
    )


class ExcelSource(Record):
    """The workbook range a table's rows and figures are read from (docgen.sources.workbook)."""

    KIND = "från_excel"
    SHOWN_BY = "tabeller"

    FIELDS = (
        F("file", "fil", text),
        F("sheet", "blad", text, required=False),
        F("area", "område", text, required=False),
        F("table", "tabell", text, required=False),
        F("text_column", "textkolumn", text, required=False),
        F("value_columns", "värdekolumner", list_of(text, min_items=1), required=False),
        F("header_rows", "rubrikrader", between(0, 5), required=False),
        F("sum_prefix", "summarad", text, required=False, default="Summa"),
        F("subtotals", "delsummor", list_of(text), required=False, default=list),
        F("total_row", "totalrad", text, required=False),
    )

    def check(self):
        if (self.area is None) == (self.table is None):
            raise Invalid(
                "ange antingen 'blad' och 'område' (t.ex. område: A3:F40) eller 'tabell' "
                "(arbetsbokens namngivna tabell)"
            )
        if self.area is not None and self.sheet is None and "!" not in self.area:  # 'Blad'!A4:C11 names it
            raise Invalid("'blad' saknas: ange bladet som området står på", at=("blad",))


DERIVED = {
    "difference_columns": ("skillnadskolumner", "[Budget, Prognos] (Budget − Prognos)"),
    "share_columns": ("andelskolumner", "[Utfall, Budget] (Utfall i procent av Budget)"),
}


class AmountTable(Record):
    """tabell: a table of amounts whose sums and shares docgen checks."""

    KIND = "tabell"
    SHOWN_BY = "tabeller"

    FIELDS = (
        F("caption", "rubrik", text),
        F("missing", "saknas", text, required=False),
        F("unit", "enhet", one_of(*UNITS), required=False),
        F("decimals", "decimaler", between(0, 3), required=False, default=0),
        F("first_column", "första_kolumn", text, required=False),
        F("columns", "kolumner", list_of(text, min_items=1), required=False, default=list),
        F("column_groups", "kolumngrupper", list_of(record(ColumnGroup), min_items=1), required=False, default=list),
        F("column_note", "kolumn_fotnot", text, required=False),
        F("footnote", "fotnot", text, required=False),
        F("sums", "summor", boolean, required=False, default=True),
        F("tolerance", "tolerans", tolerance, required=False, default=lambda: Decimal(0)),
        F("groups", "grupper", list_of(record(RowGroup), min_items=1), required=False, default=list),
        F(
            "from_excel", "från_excel", record(ExcelSource), required=False
        ),  # grupper filled in by docgen.sources.workbook
        F("parts", "delar", list_of(record(TablePart), min_items=1), required=False, default=list),
        F("total", "summa", record(SumRow), required=False),
        F("share", "andel", record(ShareColumn), required=False),
        F("funding", "finansiering", list_of(record(Funding), min_items=1), required=False, default=list),
        F("outside_shares", "andelar", record(OutsideShares), required=False),
        F("sum_columns", "summakolumner", dict_of(text, list_of(text, min_items=2)), required=False, default=dict),
        # avvikelse = budget − prognos: the first column less the second, on every row
        F("difference_columns", "skillnadskolumner", dict_of(text, list_of(text)), required=False, default=dict),
        # förbrukat = utfall / budget in percent: never summed, a sum row's share is that of its sums
        F("share_columns", "andelskolumner", dict_of(text, list_of(text)), required=False, default=dict),
        F("balance", "balans", boolean, required=False, default=False),
        F("notes", "noter", dict_of(between(1, 999), text), required=False, default=dict),
        F("notes_heading", "noter_rubrik", text, required=False),
        F("note_column", "notkolumn", one_of(*NOTE_COLUMNS), required=False, default=NOTES_LAST),
        F("to_update", "att_uppdatera", text, required=False),
        WIDE_TABLE,
    )

    def _check_derived_columns(self):
        """skillnadskolumner and andelskolumner: each names a column of the table, made of two
        other columns of it; a column is derived one way only."""
        derived = set(self.sum_columns)
        for name, (key, example) in DERIVED.items():
            for column, parts in getattr(self, name).items():
                if len(parts) != 2:
                    raise Invalid(
                        f"'{column}' ska räknas ur två kolumner, men har {len(parts)}",
                        f"Skriv två kolumner, t.ex. {column}: {example}.",
                        at=(key, column),
                    )
                unknown = [c for c in [column] + parts if c not in self.columns]
                if unknown:
                    raise Invalid(
                        f"'{column}' nämner '{unknown[0]}', som inte är en av kolumnerna ({', '.join(self.columns)})",
                        "Skriv kolumnernas rubriker exakt som under 'kolumner'.",
                        at=(key, column),
                    )
                if column in parts or column in derived:
                    raise Invalid(
                        f"'{column}' räknas ut på mer än ett sätt (eller ur sig själv)",
                        "Låt varje kolumn räknas ut på ett sätt: under summakolumner, skillnadskolumner "
                        "eller andelskolumner.",
                        at=(key, column),
                    )
                derived.add(column)

    def check(self):
        self.written_with_groups = bool(self.groups)
        if self.missing is not None:
            if self.groups or self.parts:
                raise Invalid("en tabell med 'saknas' ska inte ha rader")
            return
        if self.column_groups:
            if self.columns:
                raise Invalid("skriv antingen 'kolumner' eller 'kolumngrupper', inte båda")
            self.columns = [column for group in self.column_groups for column in group.columns]
        if not self.columns:
            raise Invalid("'kolumner' saknas: ange rubrikerna för sifferkolumnerna")
        for total, parts in self.sum_columns.items():
            unknown = [c for c in [total] + parts if c not in self.columns]
            if unknown:
                raise Invalid(
                    f"summakolumnen '{total}' nämner '{unknown[0]}', som inte är en av kolumnerna",
                    at=("summakolumner", total),
                )
        self._check_derived_columns()
        if self.unit is None:
            raise Invalid("'enhet' saknas: ange mnkr, tkr, kr, procent eller st")
        if bool(self.groups) == bool(self.parts):
            raise Invalid("en tabell ska ha antingen 'grupper' eller 'delar'")
        if self.groups:  # one unnamed part, so that later stages need one shape only
            self.parts = [TablePart(heading=None, groups=self.groups, total=self.total)]
            self.parts[0]._source = self._source  # its 'grupper' and 'summa' stand in the table
        elif self.total is not None:
            raise Invalid("'summa' står i varje del när tabellen har 'delar'")
        if not self.sums:
            has_sums = any(p.total or any(g.total or g.subtotal for g in p.groups) for p in self.parts)
            if has_sums or self.share or self.funding or self.balance:
                raise Invalid("tabellen har 'summor: false' men innehåller summor eller andelar")
