"""Guide: "# Uppföljning": "## värdetabeller", "## diagram", "## uppföljning" (utfall, bedömningar,
överskrivningar) and "## godkända avvikelser (typografi)"."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from decimal import Decimal

from docgen.sources.records import (
    F,
    Invalid,
    Record,
    amount,
    boolean,
    dict_of,
    identifier,
    list_of,
    one_of,
    record,
    text,
)
from docgen.sources.schema.tables import WIDE_TABLE, ColumnGroup
from docgen.sources.schema.terms import GREEN, RED, TRENDS, YELLOW
from docgen.sources.schema.values import (
    DIRECTIONS,
    Measure,
    marked_or,
    measure_or_empty,
    optional_amount,
    period,
)


class ValueRow(Record):
    """värderad: a row of a value table, or a sub-heading over the rows below it (mellanrubrik:
    a row with no values, not a measure)."""

    KIND = "värderad"
    SHOWN_BY = "diagram"

    FIELDS = (
        F("text", "text", text),
        F("values", "värden", list_of(measure_or_empty, min_items=1), required=False, default=list),
        F("subheading", "mellanrubrik", boolean, required=False, default=False),
    )

    def check(self):
        if self.subheading and self.values:
            raise Invalid(
                "en mellanrubrik har inga värden", "Ta bort 'värden' eller 'mellanrubrik: true'.", at=("värden",)
            )
        if not self.subheading and not self.values:
            raise Invalid(
                f"raden '{self.text}' har inga 'värden'",
                "Skriv radens värden, eller 'mellanrubrik: true' om raden är en rubrik utan värden.",
            )


class ValueGroup(Record):
    """värdegrupp: rows under an optional heading (e.g. a patientlöfte)."""

    KIND = "värdegrupp"
    SHOWN_BY = "diagram"

    FIELDS = (
        F("heading", "rubrik", text, required=False),
        F("rows", "rader", list_of(record(ValueRow)), required=False, default=list),
    )


class ValueTable(Record):
    """värdetabell: a table of values that are not summed (rates, counts, scores)."""

    KIND = "värdetabell"
    SHOWN_BY = "diagram"

    FIELDS = (
        F("caption", "rubrik", text),
        F("first_column", "första_kolumn", text, required=False),
        F("columns", "kolumner", list_of(text, min_items=1), required=False, default=list),
        F("column_groups", "kolumngrupper", list_of(record(ColumnGroup), min_items=1), required=False, default=list),
        F("groups", "grupper", list_of(record(ValueGroup), min_items=1)),
        F("footnote", "fotnot", text, required=False),
        # a row that is another row in percent of a third, in every column: checked (docgen.sources.validate)
        F("share_rows", "andelsrader", dict_of(text, list_of(text)), required=False, default=dict),
        WIDE_TABLE,
    )

    def row(self, written: str):
        """The row whose text is `written` (spaces aside), or None."""
        wanted = " ".join(written.split())
        return next((r for g in self.groups for r in g.rows if " ".join(r.text.split()) == wanted), None)

    def _check_share_rows(self):
        """andelsrader: each names a row of the table, the share of two other rows of it."""
        texts = [r.text for g in self.groups for r in g.rows if not r.subheading]
        for share, parts in self.share_rows.items():
            if len(parts) != 2:
                raise Invalid(
                    f"'{share}' ska räknas ur två rader, men har {len(parts)}",
                    "Skriv två rader: delen och det hela, t.ex. [Årets resultat, Skatteintäkter].",
                    at=("andelsrader", share),
                )
            for name in [share, *parts]:
                row = self.row(name)
                if row is None or row.subheading:
                    close = difflib.get_close_matches(name, texts, n=1)
                    raise Invalid(
                        f"'{name}' är ingen rad med värden i tabellen",
                        "Skriv radens text exakt som under 'rader'" + (f", t.ex. '{close[0]}'." if close else "."),
                        at=("andelsrader", share),
                    )

    def check(self):
        self._check_share_rows()
        if self.column_groups:
            if self.columns:
                raise Invalid("skriv antingen 'kolumner' eller 'kolumngrupper', inte båda")
            self.columns = [c for g in self.column_groups for c in g.columns]
        if not self.columns:
            raise Invalid("'kolumner' saknas")
        for g, group in enumerate(self.groups):
            for r, row in enumerate(group.rows):
                if row.values and len(row.values) != len(self.columns):
                    raise Invalid(
                        f"raden '{row.text}' har {len(row.values)} värden men tabellen har "
                        f"{columns_count(len(self.columns))}",
                        _VALUES_HINT if len(row.values) > len(self.columns) else "Ange ett värde per kolumn.",
                        at=("grupper", g, "rader", r, "värden"),
                    )


# [23,38] is the two values 23 and 38 in YAML: the likeliest reason for a row one value too long
_VALUES_HINT = (
    "Ange ett värde per kolumn. I en lista inom [ ] skiljer kommat värdena åt, så ett decimalkomma delar "
    'talet i två (23,38 blir 23 och 38): skriv värdena inom citattecken, som i originalet ("23,38").'
)


def columns_count(n: int) -> str:
    """ "1 kolumn", "3 kolumner"."""
    return f"{n} kolumn" if n == 1 else f"{n} kolumner"


class Bar(Record):
    """stapel: one bar of a chart (a region, or Riket)."""

    KIND = "stapel"
    SHOWN_BY = "diagram"

    FIELDS = (F("text", "text", text), F("value", "värde", amount))


class Target(Record):
    """mål: a target drawn as a dashed line."""

    KIND = "mål"
    SHOWN_BY = "diagram"

    FIELDS = (F("value", "värde", amount), F("text", "text", text, required=False, default="Mål"))


class BarsFrom(Record):
    """staplar ur: a chart's bars taken from one row of a value table, one bar per column."""

    KIND = "staplar ur"
    SHOWN_BY = "diagram"

    FIELDS = (F("table", "tabell", identifier), F("row", "rad", text))


class Series(Record):
    """serie: one line of a line chart, a value per period (null where the period has none)."""

    KIND = "serie"
    SHOWN_BY = "diagram"

    FIELDS = (F("text", "text", text), F("values", "värden", list_of(optional_amount, min_items=1)))


class Chart(Record):
    """diagram: a bar chart per region with the national value, a line chart over periods
    (perioder and serier), or a chart whose values are missing."""

    KIND = "diagram"
    SHOWN_BY = "diagram"

    FIELDS = (
        F("caption", "rubrik", text),
        F("description", "beskrivning", text, required=False),
        F("direction", "riktning", one_of(*DIRECTIONS), required=False),
        F("unit", "enhet", text, required=False),
        F("source", "källa", text, required=False),
        F("note", "anmärkning", text, required=False),
        F("target", "mål", record(Target), required=False),
        F("bars", "staplar", list_of(record(Bar), min_items=1), required=False, default=list),
        F("bars_from", "staplar_ur", record(BarsFrom), required=False),
        F("periods", "perioder", list_of(text, min_items=2), required=False, default=list),
        F("series", "serier", list_of(record(Series), min_items=1), required=False, default=list),
        F("values_from", "värden_ur", text, required=False),
        F("missing", "saknas", text, required=False),
    )

    def check(self):
        if [bool(self.bars), self.bars_from is not None, bool(self.series), self.missing is not None].count(True) != 1:
            raise Invalid("ett diagram ska ha antingen 'staplar', 'staplar_ur', 'serier' eller 'saknas'")
        if bool(self.series) != bool(self.periods):
            raise Invalid(
                "ett linjediagram ska ha både 'perioder' och 'serier'",
                "Skriv perioderna (t.ex. åren) under 'perioder' och ett värde per period i varje serie.",
            )
        for index, serie in enumerate(self.series):
            if serie is not None and len(serie.values) != len(self.periods):
                raise Invalid(
                    f"serien '{serie.text}' har {len(serie.values)} värden men diagrammet har "
                    f"{len(self.periods)} perioder",
                    "Skriv ett värde per period, i periodernas ordning; null där en period saknar värde.",
                    at=(self.key_of("series"), index, Series.key_of("values")),
                )


# utfall: värde: a number, or the marker of an outcome the report lacks ("[[ATT UPPDATERA:
# prognosen för helåret]]"): shown marked in the table, its status ingen uppgift (Utfall saknas.),
# and a final build refuses it, as it does a marked target.
outcome_value = marked_or(
    amount,
    lambda marker: Measure("text", marker),
    "Skriv talet utan enhet (t.ex. 82,5, med enheten under 'enhet: procent'); saknas utfallet "
    "i underlaget, skriv '[[ATT UPPDATERA: …]]' (statusen blir Ingen uppgift tills talet finns).",
)


OUTCOME_UNIT = re.compile(r"%|[a-zåäö]+(?: [a-zåäö]+)?")  # "%", "procent", "dagar", "kronor per invånare"


def outcome_unit(value, path, issues):
    """utfall: enhet, as an outcome file's column enhet: "%", "procent", "dagar"."""
    written = " ".join(text(value, path, issues).split())
    if not OUTCOME_UNIT.fullmatch(written.lower()):
        raise Invalid(f"'{written[:60]}' är ingen enhet", "Skriv t.ex. %, procent eller dagar.")
    return written


class Outcome(Record):
    """utfall: the outcome of one styrtal for the period (and last year's, for comparisons), and
    what the report says about it (kommentar: shown under the styrtal in its status table)."""

    KIND = "utfall"
    SHOWN_BY = "uppföljningen"

    FIELDS = (
        F("indicator", "styrtal", text),
        F("value", "värde", outcome_value, required=False),
        F("unit", "enhet", outcome_unit, required=False),  # the value's unit; without it, its target's
        F("previous", "föregående", amount, required=False),
        F("baseline", "bas", amount, required=False),
        F("trend", "trend", one_of(*TRENDS.values()), required=False),  # as the source reports it
        F("comment", "kommentar", text, required=False),
    )


class Assessment(Record):
    """bedömning: a person's status of an uppdrag; röd and gul need a comment."""

    KIND = "bedömning"
    SHOWN_BY = "uppföljningen"

    FIELDS = (
        F("assignment", "uppdrag", text),
        # grön, gul or röd, or one of the organisation's words (benämningar: uppdragsstatus):
        # checked, with its colour, by the follow-up (docgen.view.followup)
        F("status", "status", text),
        F("comment", "kommentar", text, required=False),
    )


class Override(Record):
    """överskrivning: a computed status replaced by a person, with the reason (shown in the report)."""

    KIND = "överskrivning"
    SHOWN_BY = "uppföljningen"

    FIELDS = (
        F("indicator", "styrtal", text),
        F("status", "status", one_of(GREEN, YELLOW, RED)),
        F("reason", "skäl", text),
    )


# How a follow-up tells gul from röd when a styrtal does not meet its target (uppföljning: gul).
# English kind -> the words editors write; "share" is written "minst 80 procent av målvärdet".
YELLOW_RULES = {
    "better": "bättre än föregående",
    "better_else_red": "bättre än föregående, annars röd",
    "never": "aldrig",
}
YELLOW_SHARE = "minst {procent} procent av målvärdet"
_SHARE = re.compile(r"minst\s+(\d+(?:[.,]\d+)?)\s*(?:%|procent)\s+av\s+målvärdet")


@dataclass(frozen=True)
class YellowRule:
    """When a styrtal that does not meet its target is gul rather than röd:
    - better: its outcome is better than föregående (or bas); without either the build asks;
    - better_else_red: the same, but without föregående or bas it is röd (the report says so);
    - never: it is röd (two levels: uppfyllt, ej uppfyllt);
    - share: its outcome reaches `share` procent of the target (a lower-is-better target:
      the target reaches that share of the outcome);
    - limit: its outcome reaches the styrtal's own `gul_gräns` (`limit`), as systems like
      Stratsys set a tolerance per indicator; it goes before the follow-up's rule."""

    kind: str
    share: Decimal | None = None
    limit: Decimal | None = None


def yellow_rule(value, path, issues) -> YellowRule:
    """uppföljning: gul, as the organisation's rule is written (see YELLOW_RULES)."""
    written = " ".join(text(value, path, issues).lower().split())
    for kind, words in YELLOW_RULES.items():
        if written == words:
            return YellowRule(kind)
    share = _SHARE.fullmatch(written)
    if share and 0 < Decimal(share.group(1).replace(",", ".")) < 100:
        return YellowRule("share", Decimal(share.group(1).replace(",", ".")))
    allowed = ", ".join(f"'{w}'" for w in YELLOW_RULES.values())
    raise Invalid(
        f"'{value}' säger inte när ett styrtal som inte når målvärdet är gult",
        f"Skriv {allowed} eller '{YELLOW_SHARE.format(procent=80)}' (ett tal mellan 0 och 100).",
    )


DEFAULT_YELLOW = YellowRule("better")


class FollowUp(Record):
    """uppföljning: outcomes of one period for a plan's styrtal, and assessments of its uppdrag."""

    KIND = "uppföljning"
    SHOWN_BY = "uppföljningen"

    FIELDS = (
        F("plan", "följer_upp", text),
        F("period", "period", period),
        F("outcomes_from_plan", "utfall_ur_planen", boolean, required=False, default=False),
        F("outcomes_file", "utfall_fil", text, required=False),
        F("outcomes", "utfall", list_of(record(Outcome)), required=False, default=list),
        F("assessments", "bedömningar", list_of(record(Assessment)), required=False, default=list),
        F("overrides", "överskrivningar", list_of(record(Override)), required=False, default=list),
        F("yellow", "gul", yellow_rule, required=False, default=lambda: DEFAULT_YELLOW),
    )


class AcceptedDeviation(Record):
    """godkänd avvikelse: a typography finding accepted, with the reason why."""

    KIND = "godkänd avvikelse"
    ENGINE_READS = ("text", "reason")  # read by the typography lint

    FIELDS = (F("text", "text", text), F("reason", "skäl", text))

    def check(self):
        if len(self.reason) < 10:
            raise Invalid("skälet är för kort", "Skriv varför avvikelsen godkänns (minst en mening).", at=("skäl",))


# The columns of an outcome file (guide: "## utfallsfil (CSV eller Excel)"): English name -> heading.
OUTCOME_FILE_COLUMNS = {
    "indicator": "styrtal",
    "period": "period",
    "value": "värde",
    "previous": "föregående",
    "unit": "enhet",
    "comment": "kommentar",
}
OUTCOME_FILE_REQUIRED = ("indicator", "period", "value")
# Headings an outcome file may not have: a target never comes from one (the plan's targets stand).
OUTCOME_FILE_TARGETS = ("målvärde", "mål", "målvärden", "långsiktigt_målvärde", "långsiktigt målvärde")
