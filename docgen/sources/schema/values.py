"""Value types used by several sections of the guide (docs/kallformat.md): prose (*md*),
periods, Kolada ids, references to other documents, styrtal values (Measure) and amounts."""

from __future__ import annotations

import re
from decimal import Decimal

from docgen.sources.records import Invalid, amount, text


HIGH, LOW = DIRECTIONS = ("högt", "lågt")  # riktning: which outcome is better

markdown = text  # prose; turned into Word paragraphs by docgen.word.markdown


def period(value, path, issues):
    """A period: free text ("senast kända värde", "2025"), or a month written 2020-08, which is
    a date and reads "augusti 2020"."""
    from docgen.view.formatting import period as swedish_period

    value = text(value, path, issues)
    month = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", value)
    if month and not 1 <= int(month.group(2)) <= 12:
        raise Invalid(f"'{value}' är inte en månad", "Skriv år och månad som 2025-08, eller perioden i ord.")
    return swedish_period(value)


def kolada_kpi(value, path, issues):
    """A Kolada KPI id: a letter and five digits ("N00945", "U28116")."""
    value = text(value, path, issues)
    if not re.fullmatch(r"[A-Z]\d{5}", value):
        raise Invalid(
            f"'{value}' är inget nyckeltal i Kolada", "Skriv nyckeltalets id som det står i Kolada, t.ex. N00945."
        )
    return value


def reference(value, path, issues):
    """A reference to an item of another document: "<organisation>/<dokument>#<id>"."""
    value = text(value, path, issues)
    folder, _, item = value.partition("#")
    if not folder or not item or folder.count("/") != 1 or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", item):
        raise Invalid(
            f"'{value}' är ingen giltig hänvisning",
            "Skriv den som organisation/dokument#id, t.ex. region-ostergotland/planeringsaret-2024#tab2024-egenmonitorering.",
        )
    return value


MARKED_AMOUNT = re.compile(r"\[\[\s*att\s+uppdatera\b.*\]\]", re.I | re.S)


class MarkedAmount(str):
    """An amount the sources lack, written as its marker ("[[ATT UPPDATERA: budgeten]]"): shown
    as the marker, never counted as zero; a sum, difference or share over it is marked too
    (docgen.view.compute). Region Gävleborg's årsredovisning gives the budget of the year's
    result, not of the rows above it."""


def optional_amount(value, path, issues):
    """An amount, or null for an empty cell (counted as zero in sums)."""
    return None if value is None else amount(value, path, issues)


def marked_or(number, marked, hint: str):
    """A converter for a number the sources may lack: `number` reads it, an ATT UPPDATERA marker
    becomes `marked(marker)`, and anything else is refused with `hint` (what to write instead)."""

    def parse(value, path, issues):
        if isinstance(value, str) and MARKED_AMOUNT.fullmatch(value.strip()):
            return marked(value.strip())
        try:
            return number(value, path, issues)
        except Invalid as exc:
            raise Invalid(exc.message, hint) from None

    return parse


# An amount table's cell: an amount, null for an empty cell (counted as zero in sums), or an
# ATT UPPDATERA marker for an amount the sources lack.
table_amount = marked_or(
    optional_amount,
    MarkedAmount,
    "Skriv beloppet som ett tal; saknas det i underlaget, skriv '[[ATT UPPDATERA: …]]' "
    "(summor och avvikelser över det markeras då också), eller null för en tom cell (räknas som noll).",
)


class Measure:
    """A styrtal value: a number with its unit or comparator ("87 %", "-200 mnkr", ">0 mnkr",
    "1,4 ton koldioxidekvivalenter"), a range ("77-80") or text ("5 av 8", "Plats 6 av 7").
    Numbers are formatted by docgen; text is shown as written."""

    __slots__ = ("kind", "number", "high", "unit", "comparator", "text", "decimals")

    PATTERN = re.compile(
        r"^(?P<cmp>[<>≤≥]=?)?\s*(?P<num>[-−]?\d[\d\s\u00a0]*(?:[.,]\d+)?)"
        r"(?:\s*[-–]\s*(?P<high>\d[\d\s\u00a0]*(?:[.,]\d+)?))?"
        r"\s*(?P<unit>%|[a-zåäöA-ZÅÄÖ][\wåäöÅÄÖ ]*)?$"
    )

    def __init__(self, kind, text, number=None, high=None, unit=None, comparator=None, decimals=0):
        self.kind, self.text, self.number, self.high, self.unit, self.comparator = (
            kind,
            text,
            number,
            high,
            unit,
            comparator,
        )
        self.decimals = decimals  # as many as the editor wrote

    @classmethod
    def parse(cls, value, path, issues):
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            value = amount(value, path, issues)
            exponent = Decimal(value).as_tuple().exponent
            return cls("number", str(value), number=Decimal(value), decimals=max(0, -exponent))
        written = text(value, path, issues)
        match = cls.PATTERN.match(written)
        if match is None or (match["unit"] and match["unit"].strip() in ("av",)):
            return cls("text", written)
        unit = (match["unit"] or "").strip() or None
        if unit and unit.split()[0] in ("av", "till", "per"):  # "5 av 8" is text, not a unit
            return cls("text", written)
        number = amount(match["num"], path, issues)
        decimals = len(re.split(r"[.,]", match["num"])[1]) if re.search(r"[.,]", match["num"]) else 0
        if match["high"]:
            return cls(
                "range", written, number=number, high=amount(match["high"], path, issues), unit=unit, decimals=decimals
            )
        return cls("number", written, number=number, unit=unit, comparator=match["cmp"], decimals=decimals)

    def __str__(self):
        from docgen.view.formatting import measure

        return measure(self)


def measure_or_empty(value, path, issues):
    """A table value as written ("74,3 %", "1 018", "71,5"), or null / "-" for no value."""
    if value is None or (isinstance(value, str) and value.strip() in ("-", "–", "")):
        return None
    return Measure.parse(value, path, issues)


def text_name(value, path, issues):
    value = text(value, path, issues)
    if not all(c.isalnum() or c == "_" for c in value) or not value.islower():
        raise Invalid(f"'{value}' är inget giltigt namn på ett textblock", "Använd små bokstäver och understreck.")
    return value
