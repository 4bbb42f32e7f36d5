"""Guide: "## benämningar: orden som docgen skriver": what a document calls its items and every
word the engine writes, with the Swedish defaults of the seeds."""

from __future__ import annotations

import re

from docgen.sources.records import F, Invalid, Record, dict_of, list_of, one_of, record, text


def phrase(**placeholders: str):
    """A phrase the engine writes, with {placeholders} it fills in (only the named ones), given
    as English name = the Swedish name editors write between braces."""
    import string

    allowed_names = tuple(placeholders.values())

    def parse(value, path, issues):
        written = text(value, path, issues)
        try:
            used = [name for _, name, _, _ in string.Formatter().parse(written) if name is not None]
        except ValueError:
            raise Invalid(
                f"'{written}' har en ensam {{ eller }}",
                "Skriv platshållare som {namn}; en klammer som ska synas skrivs {{ eller }}.",
            ) from None
        unknown = [name for name in used if name not in allowed_names]
        if unknown:
            allowed = ", ".join("{" + p + "}" for p in allowed_names) or "inga"
            raise Invalid(f"platshållaren {{{unknown[0]}}} finns inte här", f"Tillåtna platshållare: {allowed}.")
        return written

    parse.placeholders = allowed_names  # for the JSON Schema (docgen.sources.jsonschema)
    parse.names = placeholders
    return parse


class _Phrases:
    """Records of phrases: `fill` puts values, named in English, into a phrase's placeholders."""

    def fill(self, field: str, /, **values) -> str:
        """The phrase of `field` with its placeholders filled in: fill("group", name="Mål 1")."""
        keys = next(f for f in self.FIELDS if f.name == field).type.names
        return getattr(self, field).format(**{keys[k]: v for k, v in values.items()})


# A status as sources (bedömning, överskrivning) write it and as the code names it; UNKNOWN is
# only computed (no outcome, or one that cannot be compared with its target).
STATUSES = {"green": "grön", "yellow": "gul", "red": "röd", "unknown": "ingen uppgift"}
GREEN, YELLOW, RED, UNKNOWN = STATUSES.values()
# A styrtal's development since the previous period (utfall: trend, or värde against föregående).
TRENDS = {"better": "bättre", "worse": "sämre", "same": "oförändrad"}
BETTER, WORSE, SAME = TRENDS.values()


class StatusWords(Record):
    """benämningar.statusord: the word shown for each status (the colour never stands alone)."""

    KIND = "benämningar.statusord"
    FIELDS = (
        F("green", "grön", text, required=False, default="Grön"),
        F("yellow", "gul", text, required=False, default="Gul"),
        F("red", "röd", text, required=False, default="Röd"),
        F("unknown", "ingen_uppgift", text, required=False, default="Ingen uppgift"),
    )

    def word(self, status: str) -> str:
        """The shown word of a status (one of STATUSES' values)."""
        return {GREEN: self.green, YELLOW: self.yellow, RED: self.red, UNKNOWN: self.unknown}[status]


class TrendWords(Record):
    """benämningar.trendord: what the status table's trend column shows for each development
    ("+" and "−", arrows, or words)."""

    KIND = "benämningar.trendord"
    FIELDS = (
        F("better", "bättre", text, required=False, default="Bättre"),
        F("worse", "sämre", text, required=False, default="Sämre"),
        F("same", "oförändrad", text, required=False, default="Oförändrad"),
    )

    def word(self, trend: str) -> str:
        """The shown word of a trend (one of TRENDS' values)."""
        return {BETTER: self.better, WORSE: self.worse, SAME: self.same}[trend]


class ColumnHeadings(Record):
    """benämningar.kolumner: the headings of the columns the engine draws."""

    KIND = "benämningar.kolumner"
    FIELDS = (
        F("objective", "målsättning", text, required=False, default="Målsättning"),
        F("indicator", "styrtal", text, required=False, default="Styrtal"),
        F("outcome", "utfall", text, required=False, default="Utfall"),
        F("target", "målvärde", text, required=False, default="Målvärde"),
        F("status", "status", text, required=False, default="Status"),
        F("trend", "trend", text, required=False, default="Trend"),
        F("fulfilment", "måluppfyllnad", text, required=False, default="Måluppfyllnad"),
        F("assignment", "uppdrag", text, required=False, default="Uppdrag"),
        F("comment", "kommentar", text, required=False, default="Kommentar"),
        F("total", "totalt", text, required=False, default="Totalt"),
        F("note", "not", text, required=False, default="Not"),
    )


class Captions(_Phrases, Record):
    """benämningar.rubriker: the captions of the tables the engine draws, and group names."""

    KIND = "benämningar.rubriker"
    FIELDS = (
        F(
            "objective",
            "målsättning_nr",
            phrase(number="nummer", name="namn"),
            required=False,
            default="Målsättning nr {nummer}: {namn}",
        ),
        F(
            "summary",
            "status_per_målsättning",
            phrase(period="period"),
            required=False,
            default="Styrtalens status per målsättning, {period}",
        ),
        F("group", "status_för", phrase(name="namn"), required=False, default="Status för {namn}"),
        F(
            "assignments",
            "uppdragens_status",
            phrase(period="period"),
            required=False,
            default="Uppdragens status, {period}",
        ),
    )


class Labels(Record):
    """benämningar.bildtexter: the first word of numbered captions ("Tabell 2. …")."""

    KIND = "benämningar.bildtexter"
    FIELDS = (
        F("table", "tabell", text, required=False, default="Tabell"),
        F("chart", "diagram", text, required=False, default="Diagram"),
        F("figure", "figur", text, required=False, default="Figur"),
    )


class ChartWords(_Phrases, Record):
    """benämningar.diagramtexter: the words of a chart's alternative text (what a screen reader
    reads) and of its values as a table in the web edition."""

    KIND = "benämningar.diagramtexter"
    FIELDS = (
        F(
            "bars",
            "stapeldiagram",
            phrase(caption="rubrik", values="värden"),
            required=False,
            default="Stapeldiagram: {rubrik}. {värden}.",
        ),
        F(
            "lines",
            "linjediagram",
            phrase(caption="rubrik", series="serier"),
            required=False,
            default="Linjediagram: {rubrik}. {serier}.",
        ),
        F(
            "dashed", "streckad_linje", text, required=False, default="streckad linje"
        ),  # the target line: "(streckad linje)"
        F(
            "wheel",
            "hjul",
            phrase(caption="rubrik", steps="steg"),
            required=False,
            default="{rubrik}: ett år som ett hjul med tolv månader. Stegen i ordning: {steg}.",
        ),
        F("report", "rapport", text, required=False, default="Rapport"),  # a report of the calendar in the wheel
        F("bar", "stapel", text, required=False, default="Stapel"),  # the web edition's table of the values
        F("period", "period", text, required=False, default="Period"),  # a line chart's table: one row per period
        F("value", "värde", text, required=False, default="Värde"),
        F("step", "steg", text, required=False, default="Steg"),
        F("month", "månad", text, required=False, default="Månad"),
        F("values", "värdena_i", phrase(chart="diagram"), required=False, default="Värdena i {diagram}"),
        F("show", "visa_värdena", phrase(chart="diagram"), required=False, default="Värdena i {diagram} som tabell"),
    )


class Explanations(_Phrases, Record):
    """benämningar.förklaringar: the notes the engine writes under a styrtal's text and below
    tables and charts."""

    KIND = "benämningar.förklaringar"
    FIELDS = (
        F("missing_target", "målvärde_saknas", phrase(), required=False, default="Målvärde saknas."),
        F("missing_outcome", "utfall_saknas", phrase(), required=False, default="Utfall saknas."),
        F("outcome_period", "utfallets_period", phrase(period="period"), required=False, default="Utfall: {period}."),
        F(
            "older",
            "äldre_utfall",
            phrase(outcome_year="utfallsår", year="år"),
            required=False,
            default="Utfallet avser {utfallsår}, målvärdet {år}.",
        ),
        F(
            "overridden",
            "ändrad",
            phrase(status="status", reason="skäl"),
            required=False,
            default="Statusen är ändrad från {status}: {skäl}",
        ),
        F(
            "assessed",
            "bedömd",
            phrase(reason="skäl"),
            required=False,
            default="Bedömd status: {skäl}",
        ),
        F(
            "direction",
            "eftersträvas",
            phrase(direction="riktning"),
            required=False,
            default="{riktning} värde eftersträvas",
        ),
        F("source", "källa", phrase(source="källa"), required=False, default="Källa: {källa}"),
        F("funding", "finansieras_av", phrase(list="lista"), required=False, default="Finansieras av {lista}"),
        F("rounding", "avrundning", phrase(), required=False, default="Summorna kan avvika på grund av avrundning."),
        F(
            "picture",
            "bilden_visar",
            phrase(description="beskrivning"),
            required=False,
            default="Bilden visar: {beskrivning}",
        ),
        F(
            "not_comparable",
            "ej_jämförbara",
            phrase(),
            required=False,
            default="Utfallet och målvärdet är inte angivna på samma sätt och kan inte jämföras.",
        ),
        F(
            "other_scale",
            "annan_skala",
            phrase(outcome_scale="utfallets_skala", target_scale="målvärdets_skala"),
            required=False,
            default="Utfallet är angivet av {utfallets_skala}, målvärdet av {målvärdets_skala}.",
        ),
        F(
            "other_unit",
            "annan_enhet",
            phrase(outcome_unit="utfallets_enhet", target_unit="målvärdets_enhet"),
            required=False,
            default="Utfallet är angivet i {utfallets_enhet} och målvärdet i {målvärdets_enhet}, så de kan inte jämföras.",
        ),
    )


# The status table's own columns (statuskolumner), by the English name of their heading in
# ColumnHeadings; a plan's styrtalskolumner may stand among them.
STATUS_TABLE_COLUMNS = {
    "indicator": "styrtal",
    "outcome": "utfall",
    "target": "målvärde",
    "trend": "trend",
    "fulfilment": "måluppfyllnad",
    "status": "status",
}
STATUS_COLUMNS = ("styrtal", "utfall", "målvärde", "status")  # the columns shown unless statuskolumner says


def column_name(value, path, issues):
    """The name of one of a styrtal's own columns (benämningar.styrtalskolumner): enhet, agenda_2030."""
    value = text(value, path, issues)
    if not re.fullmatch(r"[a-zåäö0-9_]+", value):
        raise Invalid(
            f"'{value}' är inget giltigt kolumnnamn",
            "Använd små bokstäver, siffror och understreck, t.ex. agenda_2030.",
        )
    if value in STATUS_TABLE_COLUMNS.values():
        raise Invalid(f"'{value}' är redan en kolumn i statustabellen", "Ge kolumnen ett annat namn.")
    return value


def status_columns(value, path, issues):
    """statuskolumner: which columns the status table of each målsättning shows, in order: the
    four of STATUS_COLUMNS and any of the plan's own styrtalskolumner (checked by the follow-up)."""
    names = list_of(text, min_items=1)(value, path, issues)
    for needed in ("styrtal", "status"):
        if needed not in names:
            raise Invalid(f"saknar kolumnen '{needed}'", "Tabellen visar alltid styrtalet och dess status i ord.")
    if len(set(names)) != len(names):
        raise Invalid("nämner en kolumn två gånger", "Varje kolumn får stå en gång.")
    return names


LONE_CLAUSE = ("numrerad", "utan_nummer")  # benämningar: ensam_att_sats


def assignment_statuses(value, path, issues):
    """uppdragsstatus: the words an uppdrag's bedömning is written and shown with (Genomfört,
    Pågår, Ej påbörjat), each with the colour of its marker; two words differing only in case
    would make a bedömning ambiguous."""
    words = _STATUS_WORDS(value, path, issues)
    folded = [word.casefold() for word in words]
    if len(set(folded)) != len(folded):
        raise Invalid("nämner samma ord två gånger", "Varje status får stå en gång.")
    return words


_STATUS_WORDS = dict_of(text, one_of(*STATUSES.values()))
assignment_statuses.shape = _STATUS_WORDS.shape  # for the JSON Schema (docgen.sources.jsonschema)


class Terms(Record):
    """benämningar: what this document calls its items, and every word the engine writes
    (defaults: the Swedish of the seeds). An organisation's sources/<org>/benämningar.yaml
    gives defaults for all of its documents (docgen.sources.vocabulary)."""

    KIND = "benämningar"

    FIELDS = (
        F("indicator", "styrtal", text, required=False, default="styrtal"),
        F("indicator_definite", "styrtalet", text, required=False, default="styrtalet"),
        F("goal_area", "målområde", text, required=False, default="målområde"),
        F("captions", "rubriker", record(Captions), required=False, default=lambda: Captions()),
        F("columns", "kolumner", record(ColumnHeadings), required=False, default=lambda: ColumnHeadings()),
        F("status_words", "statusord", record(StatusWords), required=False, default=lambda: StatusWords()),
        F("trend_words", "trendord", record(TrendWords), required=False, default=lambda: TrendWords()),
        F("labels", "bildtexter", record(Labels), required=False, default=lambda: Labels()),
        F("explanations", "förklaringar", record(Explanations), required=False, default=lambda: Explanations()),
        F("chart_words", "diagramtexter", record(ChartWords), required=False, default=lambda: ChartWords()),
        F("status_columns", "statuskolumner", status_columns, required=False, default=lambda: list(STATUS_COLUMNS)),
        F("indicator_columns", "styrtalskolumner", dict_of(column_name, text), required=False, default=dict),
        # an uppdrag's status in the organisation's own words ("Genomfört: grön"), as bedömningar write it
        F("assignment_statuses", "uppdragsstatus", assignment_statuses, required=False, default=dict),
        # a proposal of one att-sats: "1." before it (as every att-sats) or none (docgen.word.decisions)
        F("lone_clause", "ensam_att_sats", one_of(*LONE_CLAUSE), required=False, default=LONE_CLAUSE[0]),
        # what the organisation calls a case's own paper, first in its beslutsunderlag with its date
        # ("Tjänsteskrivelse 9 januari 2020"; Botkyrka's "Ordförandeförslag", Stockholm's "Tjänsteutlåtande")
        F("own_paper", "tjänsteskrivelse", text, required=False, default="Tjänsteskrivelse"),
    )

    def assignment_status(self, written: str) -> tuple[str, str] | None:
        """(colour, shown word) of a bedömning's status: one of the organisation's own words
        (uppdragsstatus) when it has them, else grön, gul or röd shown by statusord; None when
        the written word is not among them. Case is not significant."""
        own = self.assignment_statuses or {word: word for word in (GREEN, YELLOW, RED)}
        for word, colour in own.items():
            if word.casefold() == written.strip().casefold():
                return colour, (word if self.assignment_statuses else self.status_words.word(colour))
        return None


for _vocabulary in (StatusWords, TrendWords, ColumnHeadings, Captions, Labels, Explanations, ChartWords, Terms):
    _vocabulary.ENGINE_READS = tuple(f.name for f in _vocabulary.FIELDS)  # the engine writes these words
