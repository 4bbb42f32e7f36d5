"""The source vocabulary: what editors may write in sources/, and its English names in code.

This module is the one place where the Swedish words of sources and templates (each field's
key) meet the English names of the code (each field's name). Unknown keys are reported, so
a misspelt key is never silently ignored.
"""

from __future__ import annotations

import re
from decimal import Decimal

from docgen.sources.records import (
    F,
    Invalid,
    Record,
    amount,
    between,
    boolean,
    date,
    dict_of,
    identifier,
    list_of,
    month,
    one_of,
    record,
    text,
    tolerance,
)

markdown = text  # prose; turned into Word paragraphs by docgen.word.markdown


def period(value, path, issues):
    """A period: free text ("senast kända värde", "2025"), or a month written 2020-08, which is
    a date and reads "augusti 2020"."""
    from docgen.view.formatting import period as swedish_period

    return swedish_period(text(value, path, issues))


# ---------------------------------------------------------------- the document


class Answers(Record):
    """svarar på: the treårsbudget this plan answers, and which of its recipients the board is."""

    KIND = "svarar på"
    ENGINE_READS = ("budget", "body")  # read by docgen check

    FIELDS = (F("budget", "treårsbudget", text), F("body", "organ", identifier))


def phrase(*placeholders: str):
    """A phrase the engine writes, with {placeholders} it fills in (only the named ones)."""
    import string

    def parse(value, path, issues):
        written = text(value, path, issues)
        try:
            used = [name for _, name, _, _ in string.Formatter().parse(written) if name is not None]
        except ValueError:
            raise Invalid(
                f"'{written}' har en ensam {{ eller }}",
                "Skriv platshållare som {namn}; en klammer som ska synas skrivs {{ eller }}.",
            ) from None
        unknown = [name for name in used if name not in placeholders]
        if unknown:
            allowed = ", ".join("{" + p + "}" for p in placeholders) or "inga"
            raise Invalid(f"platshållaren {{{unknown[0]}}} finns inte här", f"Tillåtna platshållare: {allowed}.")
        return written

    parse.placeholders = placeholders  # for the JSON Schema (docgen.sources.jsonschema)
    return parse


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
        """The shown word of an internal status ("grön", "gul", "röd", "ingen uppgift")."""
        return {"grön": self.green, "gul": self.yellow, "röd": self.red, "ingen uppgift": self.unknown}[status]


class ColumnHeadings(Record):
    """benämningar.kolumner: the headings of the columns the engine draws."""

    KIND = "benämningar.kolumner"
    FIELDS = (
        F("objective", "målsättning", text, required=False, default="Målsättning"),
        F("indicator", "styrtal", text, required=False, default="Styrtal"),
        F("outcome", "utfall", text, required=False, default="Utfall"),
        F("target", "målvärde", text, required=False, default="Målvärde"),
        F("status", "status", text, required=False, default="Status"),
        F("assignment", "uppdrag", text, required=False, default="Uppdrag"),
        F("comment", "kommentar", text, required=False, default="Kommentar"),
        F("total", "totalt", text, required=False, default="Totalt"),
        F("note", "not", text, required=False, default="Not"),
    )


class Captions(Record):
    """benämningar.rubriker: the captions of the tables the engine draws, and group names."""

    KIND = "benämningar.rubriker"
    FIELDS = (
        F(
            "objective",
            "målsättning_nr",
            phrase("nummer", "namn"),
            required=False,
            default="Målsättning nr {nummer}: {namn}",
        ),
        F(
            "summary",
            "status_per_målsättning",
            phrase("period"),
            required=False,
            default="Styrtalens status per målsättning, {period}",
        ),
        F("group", "status_för", phrase("namn"), required=False, default="Status för {namn}"),
        F("assignments", "uppdragens_status", phrase("period"), required=False, default="Uppdragens status, {period}"),
    )


class Labels(Record):
    """benämningar.bildtexter: the first word of numbered captions ("Tabell 2. …")."""

    KIND = "benämningar.bildtexter"
    FIELDS = (
        F("table", "tabell", text, required=False, default="Tabell"),
        F("chart", "diagram", text, required=False, default="Diagram"),
        F("figure", "figur", text, required=False, default="Figur"),
    )


class ChartWords(Record):
    """benämningar.diagramtexter: the words of a chart's alternative text (what a screen reader
    reads) and of its values as a table in the web edition."""

    KIND = "benämningar.diagramtexter"
    FIELDS = (
        F(
            "bars",
            "stapeldiagram",
            phrase("rubrik", "värden"),
            required=False,
            default="Stapeldiagram: {rubrik}. {värden}.",
        ),
        F(
            "dashed", "streckad_linje", text, required=False, default="streckad linje"
        ),  # the target line: "(streckad linje)"
        F(
            "wheel",
            "hjul",
            phrase("rubrik", "steg"),
            required=False,
            default="{rubrik}: ett år som ett hjul med tolv månader. Stegen i ordning: {steg}.",
        ),
        F("report", "rapport", text, required=False, default="Rapport"),  # a report of the calendar in the wheel
        F("bar", "stapel", text, required=False, default="Stapel"),  # the web edition's table of the values
        F("value", "värde", text, required=False, default="Värde"),
        F("step", "steg", text, required=False, default="Steg"),
        F("month", "månad", text, required=False, default="Månad"),
        F("values", "värdena_i", phrase("diagram"), required=False, default="Värdena i {diagram}"),
        F("show", "visa_värdena", phrase("diagram"), required=False, default="Värdena i {diagram} som tabell"),
    )


class Explanations(Record):
    """benämningar.förklaringar: the notes the engine writes under a styrtal's text and below
    tables and charts."""

    KIND = "benämningar.förklaringar"
    FIELDS = (
        F("missing_target", "målvärde_saknas", phrase(), required=False, default="Målvärde saknas."),
        F("missing_outcome", "utfall_saknas", phrase(), required=False, default="Utfall saknas."),
        F("outcome_period", "utfallets_period", phrase("period"), required=False, default="Utfall: {period}."),
        F(
            "older",
            "äldre_utfall",
            phrase("utfallsår", "år"),
            required=False,
            default="Utfallet avser {utfallsår}, målvärdet {år}.",
        ),
        F(
            "overridden",
            "ändrad",
            phrase("status", "skäl"),
            required=False,
            default="Statusen är ändrad från {status}: {skäl}",
        ),
        F("direction", "eftersträvas", phrase("riktning"), required=False, default="{riktning} värde eftersträvas"),
        F("source", "källa", phrase("källa"), required=False, default="Källa: {källa}"),
        F("funding", "finansieras_av", phrase("lista"), required=False, default="Finansieras av {lista}"),
        F("rounding", "avrundning", phrase(), required=False, default="Summorna kan avvika på grund av avrundning."),
        F("picture", "bilden_visar", phrase("beskrivning"), required=False, default="Bilden visar: {beskrivning}"),
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
            phrase("utfallets_skala", "målvärdets_skala"),
            required=False,
            default="Utfallet är angivet av {utfallets_skala}, målvärdet av {målvärdets_skala}.",
        ),
        F(
            "other_unit",
            "annan_enhet",
            phrase("utfallets_enhet", "målvärdets_enhet"),
            required=False,
            default="Utfallet är angivet i {utfallets_enhet} och målvärdet i {målvärdets_enhet}, så de kan inte jämföras.",
        ),
    )


STATUS_COLUMNS = ("styrtal", "utfall", "målvärde", "status")


def column_name(value, path, issues):
    """The name of one of a styrtal's own columns (benämningar.styrtalskolumner): enhet, agenda_2030."""
    value = text(value, path, issues)
    if not re.fullmatch(r"[a-zåäö0-9_]+", value):
        raise Invalid(
            f"'{value}' är inget giltigt kolumnnamn",
            "Använd små bokstäver, siffror och understreck, t.ex. agenda_2030.",
        )
    if value in STATUS_COLUMNS:
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
        F("labels", "bildtexter", record(Labels), required=False, default=lambda: Labels()),
        F("explanations", "förklaringar", record(Explanations), required=False, default=lambda: Explanations()),
        F("chart_words", "diagramtexter", record(ChartWords), required=False, default=lambda: ChartWords()),
        F("status_columns", "statuskolumner", status_columns, required=False, default=lambda: list(STATUS_COLUMNS)),
        F("indicator_columns", "styrtalskolumner", dict_of(column_name, text), required=False, default=dict),
    )


for _vocabulary in (StatusWords, ColumnHeadings, Captions, Labels, Explanations, ChartWords, Terms):
    _vocabulary.ENGINE_READS = tuple(f.name for f in _vocabulary.FIELDS)  # the engine writes these words


def kolada_id(value, path, issues):
    """An organisation's id in Kolada: four digits ("0018" Region Örebro län, "0580" Linköping)."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 9999:
        return f"{value:04d}"  # written without quotes, the leading zeros are lost in YAML
    value = text(value, path, issues)
    if not re.fullmatch(r"\d{4}", value):
        raise Invalid(f"'{value}' är inget Kolada-id", 'Skriv kommunens eller regionens fyra siffror, t.ex. "0018".')
    return value


def kolada_kpi(value, path, issues):
    """A Kolada KPI id: a letter and five digits ("N00945", "U28116")."""
    value = text(value, path, issues)
    if not re.fullmatch(r"[A-Z]\d{5}", value):
        raise Invalid(
            f"'{value}' är inget nyckeltal i Kolada", "Skriv nyckeltalets id som det står i Kolada, t.ex. N00945."
        )
    return value


class DocumentInfo(Record):
    """dokument: the document's identity and properties."""

    KIND = "dokument"
    ENGINE_READS = (
        "template",
        "file_name",
        "year",
        "author",
        "subject",
        "date",
        "board",
        "answers",
        "kolada_id",
        "terms",
    )  # name, properties, docgen check, outcomes from Kolada, the engine's words

    FIELDS = (
        F("title", "titel", text),
        F("organisation", "organisation", text),
        F("board", "nämnd", text),
        F("year", "år", between(1990, 2100)),
        F("template", "mall", text, required=False),  # without: a source for other documents, not built
        F("file_name", "fil", identifier),
        F("author", "författare", text, required=False),
        F("subject", "ämne", text, required=False),
        F("date", "datum", date, required=False),
        F("answers", "svarar_på", record(Answers), required=False),
        F("terms", "benämningar", record(Terms), required=False, default=lambda: Terms()),
        F("kolada_id", "kolada_id", kolada_id, required=False),  # the organisation in Kolada (docgen.sources.kolada)
    )


class Rewording(Record):
    """egen lydelse: the editor's wording in place of one sentence docgen diff generates."""

    KIND = "egen lydelse"
    ENGINE_READS = ("generated", "text")  # replace a generated revision (docgen.view.cases)

    FIELDS = (F("generated", "genererad", text), F("text", "text", text))


class Revisions(Record):
    """revideringar: the changes between two versions of a plan, listed in a decision."""

    KIND = "revideringar"
    SHOWN_AS = {"old": ("revidering", "mening"), "new": ("revidering", "mening")}
    ENGINE_READS = ("rewordings",)

    FIELDS = (
        F("old", "från", text),
        F("new", "till", text),
        F("rewordings", "egen_lydelse", list_of(record(Rewording)), required=False, default=list),
    )


class Clause(Record):
    """att-sats: one clause of a decision, optionally followed by a generated list of revisions."""

    KIND = "att-sats"
    SHOWN_AS = {"text": ("förslag", "text"), "revisions": ("förslag", "revideringar")}

    FIELDS = (F("text", "text", text), F("revisions", "revideringar", record(Revisions), required=False))


def clause(value, path, issues):
    """An att-sats: its text, or a mapping with text and revideringar."""
    if isinstance(value, dict):
        return Clause.parse(value, path, issues)
    return Clause(text=text(value, path, issues), revisions=None)


DECISION_FORMS = ("att-satser", "beslutsmeningar")


class Decision(Record):
    """beslut: the decision proposal: numbered att-satser ("att fastställa …") or sentences
    written as decided ("Hälso- och sjukvårdsnämnden fastställer …")."""

    KIND = "beslut"
    SHOWN_AS = {
        "intro": ("ärendevy", "beslutsinledning"),
        "form": ("ärendevy", "förslag"),
        "clauses": ("förslag", "text"),
    }

    FIELDS = (
        F("intro", "inledning", text),
        F("form", "form", one_of(*DECISION_FORMS), required=False, default="att-satser"),
        F("clauses", "att_satser", list_of(clause, min_items=1)),
    )

    def check(self):
        if self.form != "att-satser":
            return
        for number, item in enumerate(self.clauses):
            if item is not None and not item.text.startswith("att "):
                raise Invalid(
                    f"att-sats {number + 1} ska börja med 'att ' (den börjar '{item.text[:20]}')",
                    at=("att_satser", number),
                )


class ReportMonth(Record):
    """rapportkalender: one report of the year."""

    KIND = "rapportkalender"

    FIELDS = (F("month", "månad", month), F("note", "anmärkning", text, required=False))


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


class Assignment(Record):
    """uppdrag: an assignment given to the board and how the board handles it. With `från`
    its text is the text of the uppdrag it refers to in another document (a treårsbudget)."""

    KIND = "uppdrag"
    ENGINE_READS = ("source", "status")  # resolved into the text; read by docgen new-year

    FIELDS = (
        F("id", "id", identifier),
        F("source", "från", reference, required=False),
        F("text", "text", text, required=False),
        F("handling", "hantering", markdown, required=False),
        F("followed_by", "följs_av", list_of(identifier), required=False, default=list),
        F("status", "status", one_of("pågående", "klar"), required=False),
        F("to_update", "att_uppdatera", text, required=False),
    )

    def check(self):
        if (self.text is None) == (self.source is None):
            raise Invalid(
                "ett uppdrag ska ha antingen 'text' eller 'från' (en hänvisning till treårsbudgetens uppdrag)"
            )


class IndicatorRow(Record):
    """styrtalsrad: where a styrtal is worked in and how it is followed up."""

    KIND = "styrtalsrad"

    FIELDS = (
        F("incorporated_in", "inarbetas_i", text),
        F("followed_up_per", "uppföljning_per", text),
        F("frequency", "frekvens", text),
    )


class Indicator(Record):
    """styrtal: a steering indicator and its handling rows."""

    KIND = "styrtal"

    FIELDS = (
        F("id", "id", identifier),
        F("text", "text", text),
        F("rows", "rader", list_of(record(IndicatorRow), min_items=1)),
    )


class FollowUpRow(Record):
    """uppföljningsrad: one handling of an item of annan uppföljning."""

    KIND = "uppföljningsrad"

    FIELDS = (F("handling", "hantering", text), F("frequency", "frekvens", text))


class OtherFollowUp(Record):
    """annan uppföljning: a follow-up besides the styrtal."""

    KIND = "annan uppföljning"

    FIELDS = (
        F("id", "id", identifier),
        F("category", "kategori", text, required=False),
        F("text", "text", text),
        F("handling", "hantering", text, required=False),
        F("frequency", "frekvens", text, required=False),
        F("rows", "rader", list_of(record(FollowUpRow), min_items=1), required=False, default=list),
        F("followed_by", "följs_av", list_of(identifier), required=False, default=list),
    )

    def check(self):
        single = self.handling is not None or self.frequency is not None
        if single and self.rows:
            raise Invalid("skriv antingen 'hantering' och 'frekvens' eller 'rader', inte båda")
        if single:
            if self.handling is None or self.frequency is None:
                raise Invalid("'hantering' och 'frekvens' ska anges tillsammans")
            self.rows = [FollowUpRow(handling=self.handling, frequency=self.frequency)]
            self.handling = self.frequency = None  # one shape for templates: always rader
        if not self.rows:
            raise Invalid("ange 'hantering' och 'frekvens' (eller 'rader')")


class GoalArea(Record):
    """målområde: a goal area with its uppdrag, styrtal and annan uppföljning."""

    KIND = "målområde"
    ENGINE_READS = ("page",)  # page references in revisions (docgen diff)

    FIELDS = (
        F("id", "id", identifier),
        F("name", "namn", text),
        F("page", "sida", between(1, 9999), required=False),  # in the laid-out plan, for decisions' references
        F("intro", "inledning", markdown, required=False),
        F("assignments", "uppdrag", list_of(record(Assignment)), required=False, default=list),
        F("executive_board_assignments", "uppdrag_till_regionstyrelsen", list_of(text), required=False, default=list),
        F("indicator_heading", "styrtal_rubrik", text, required=False, default="Styrtal"),
        F("indicator_intro", "styrtal_inledning", markdown, required=False),
        F("indicators", "styrtal", list_of(record(Indicator)), required=False, default=list),
        F("other_intro", "annan_uppföljning_inledning", markdown, required=False),
        F("other_follow_ups", "annan_uppföljning", list_of(record(OtherFollowUp)), required=False, default=list),
    )


class FocusArea(Record):
    """fokusområde: a focus area of an earlier treårsbudget."""

    KIND = "fokusområde"

    FIELDS = (F("name", "namn", text), F("assignments", "uppdrag", list_of(record(Assignment), min_items=1)))


class EarlierBudget(Record):
    """pågående uppdrag: uppdrag still ongoing from an earlier treårsbudget."""

    KIND = "pågående uppdrag"

    FIELDS = (
        F("budget", "treårsbudget", text),
        F("focus_areas", "fokusområden", list_of(record(FocusArea), min_items=1)),
    )


class Committee(Record):
    """beredning: a preparatory committee; with a behovsgrupp it gets its own section."""

    KIND = "beredning"

    FIELDS = (
        F("id", "id", identifier),
        F("name", "namn", text),
        F("designation", "benämning", text),
        F("need_group", "behovsgrupp", text, required=False),
        F("watch_areas", "bevakningsområden", text, required=False),
        F("knowledge_steering", "kunskapsstyrning", text, required=False),
        F("own_assignment", "uppdrag_till_beredningen", markdown, required=False),
    )


class Follower(Record):
    """uppföljare: another body that follows up uppdrag (shown by its benämning)."""

    KIND = "uppföljare"

    FIELDS = (F("id", "id", identifier), F("designation", "benämning", text))


class DirectorAssignment(Record):
    """direktörsuppdrag: an uppdrag to the director, with its diarienummer."""

    KIND = "direktörsuppdrag"

    FIELDS = (F("text", "text", text), F("case_number", "dnr", text))


class DirectorAssignments(Record):
    """direktörsuppdrag: the section on uppdrag to the director."""

    KIND = "direktörsuppdrag"

    FIELDS = (
        F("intro", "inledning", markdown),
        F("assignments", "uppdrag", list_of(record(DirectorAssignment), min_items=1)),
        F("closing", "avslutning", markdown, required=False),
    )


class Verbatim(Record):
    """ordagrant: a value kept exactly as in the decided original although docgen cannot check it."""

    KIND = "ordagrant"
    ENGINE_READS = ("text", "reason")  # shown by the giltighet filter; the reason is for editors

    FIELDS = (F("text", "ordagrant", text), F("reason", "skäl", text))


UNTIL_FURTHER = "Tills vidare"


def validity(value, path, issues):
    """Gäller till och med: a date, several dates, "Tills vidare" or a verbatim value."""
    if isinstance(value, dict):
        return Verbatim.parse(value, path, issues)
    if isinstance(value, str) and value.strip().lower() == UNTIL_FURTHER.lower():
        return UNTIL_FURTHER
    if isinstance(value, list):
        if not value:
            raise Invalid("listan av datum är tom")
        return tuple(date(v, path, issues) for v in value)
    return (date(value, path, issues),)


class GoverningDocument(Record):
    """styrande dokument: a governing document and its validity."""

    KIND = "styrande dokument"

    FIELDS = (
        F("name", "namn", text),
        F("valid_until", "gäller_till_och_med", validity),
        F("new_decision", "nytt_beslut", text),
        F("decided_by", "beslutad_av", text, required=False),
        F("to_update", "att_uppdatera", text, required=False),
    )


class DocumentSubgroup(Record):
    """undergrupp: a subgroup of styrande dokument."""

    KIND = "undergrupp"

    FIELDS = (
        F("heading", "rubrik", text, required=False),
        F("documents", "dokument", list_of(record(GoverningDocument), min_items=1)),
    )


class DocumentGroup(Record):
    """grupp: a group of styrande dokument, with subgroups or documents."""

    KIND = "grupp"

    FIELDS = (
        F("heading", "rubrik", text),
        F("subgroups", "undergrupper", list_of(record(DocumentSubgroup), min_items=1), required=False, default=list),
        F("documents", "dokument", list_of(record(GoverningDocument), min_items=1), required=False, default=list),
    )

    def check(self):
        if bool(self.subgroups) == bool(self.documents):
            raise Invalid("en grupp ska ha antingen 'undergrupper' eller 'dokument'")
        if self.documents:  # one unnamed subgroup, so that templates need one shape only
            self.subgroups = [DocumentSubgroup(heading=None, documents=self.documents)]
            self.documents = []


class GoverningDocuments(Record):
    """styrande dokument: the section listing the board's governing documents."""

    KIND = "styrande dokument"

    FIELDS = (F("intro", "inledning", markdown), F("groups", "grupper", list_of(record(DocumentGroup), min_items=1)))


class FlowBlock(Record):
    """block: a piece of a flow of text and tables."""

    KIND = "block"
    ENGINE_READS = ("text", "table")  # placed by the flöde filter

    FIELDS = (F("text", "text", markdown, required=False), F("table", "tabell", identifier, required=False))

    def check(self):
        if (self.text is None) == (self.table is None):
            raise Invalid("ett block ska ha antingen 'text' eller 'tabell'")


class Appendix(Record):
    """bilaga: an appendix with its heading and content."""

    KIND = "bilaga"

    FIELDS = (F("heading", "rubrik", text), F("content", "innehåll", list_of(record(FlowBlock), min_items=1)))


# ---------------------------------------------------------------- amount tables


def optional_amount(value, path, issues):
    """An amount, or null for an empty cell (counted as zero in sums)."""
    return None if value is None else amount(value, path, issues)


class TableRow(Record):
    """rad: a row of an amount table."""

    KIND = "rad"
    SHOWN_BY = "tabeller"

    FIELDS = (
        F("text", "text", text),
        F("values", "värden", list_of(optional_amount, min_items=1)),
        F("note", "not", between(1, 999), required=False),
        F("share", "andel", amount, required=False),
        F("part_of", "varav", boolean, required=False, default=False),  # a part of the row above: shown, not summed
    )


class SumRow(Record):
    """summarad: a sum row; its values are checked against its parts or computed."""

    KIND = "summarad"
    SHOWN_BY = "tabeller"

    FIELDS = (F("text", "text", text), F("values", "värden", list_of(amount, min_items=1), required=False))


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


class ColumnGroup(Record):
    """kolumngrupp: a heading over several value columns (e.g. a year over Omsättning and Budgetram)."""

    KIND = "kolumngrupp"
    SHOWN_BY = "tabeller"

    FIELDS = (F("heading", "rubrik", text), F("columns", "kolumner", list_of(text, min_items=1)))


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
        if self.area is not None and self.sheet is None:
            raise Invalid("'blad' saknas: ange bladet som området står på", at=("blad",))


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
        F("balance", "balans", boolean, required=False, default=False),
        F("notes", "noter", dict_of(between(1, 999), text), required=False, default=dict),
        F("notes_heading", "noter_rubrik", text, required=False),
        F("note_column", "notkolumn", one_of("sist", "efter_texten"), required=False, default="sist"),
        F("to_update", "att_uppdatera", text, required=False),
        F(
            "wide",
            "bred_tabell",
            one_of("stående", "mindre_text", "liggande", "automatiskt"),
            required=False,
            default="stående",
        ),
    )

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


# ---------------------------------------------------------------- objectives, numbered uppdrag, chapters


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


class SubIndicator(Record):
    """delindikator: a sub-indicator (3 a, 3 b) under a styrtal."""

    KIND = "delindikator"
    ENGINE_READS = (
        "direction",
        "kolada",
        "kolada_gender",
        "columns",
    )  # read by a follow-up's status rules and outcomes

    FIELDS = (
        F("number", "nummer", text, required=False),
        F("text", "text", text),
        F("outcome_period", "utfall_period", period, required=False),
        F("outcome", "utfall", Measure.parse, required=False),
        F("target", "målvärde", Measure.parse, required=False),
        F("long_term_target", "långsiktigt_målvärde", Measure.parse, required=False),
        F("direction", "riktning", one_of("högt", "lågt"), required=False),
        F("kolada", "kolada", kolada_kpi, required=False),  # outcomes read from Kolada (docgen.sources.kolada)
        F("kolada_gender", "kolada_kön", one_of("T", "K", "M"), required=False, default="T"),
        F(
            "columns", "kolumner", dict_of(column_name, text), required=False, default=dict
        ),  # benämningar.styrtalskolumner
    )


class TargetIndicator(Record):
    """styrtal: a steering indicator with its last outcome and its targets."""

    KIND = "styrtal"
    ENGINE_READS = (
        "direction",
        "kolada",
        "kolada_gender",
        "columns",
    )  # read by a follow-up's status rules and outcomes

    FIELDS = SubIndicator.FIELDS + (
        F("parts", "delar", list_of(record(SubIndicator), min_items=1), required=False, default=list),
    )


class AssignmentSeries(Record):
    """uppdragsserie: how uppdrag given by one body are numbered ("Nr 10.", "HS nr 1.")."""

    KIND = "uppdragsserie"

    FIELDS = (F("id", "id", identifier), F("prefix", "prefix", text))


class NumberedAssignment(Record):
    """numrerat uppdrag: an uppdrag with its number in its series."""

    KIND = "numrerat uppdrag"

    FIELDS = (F("number", "nr", between(1, 9999)), F("text", "text", text))


class AssignmentGroup(Record):
    """uppdragsgrupp: uppdrag of one series under their introducing sentence."""

    KIND = "uppdragsgrupp"

    FIELDS = (
        F("intro", "inledning", markdown, required=False),
        F("heading", "rubrik", text),
        F("series", "serie", identifier),
        F("assignments", "uppdrag", list_of(record(NumberedAssignment), min_items=1)),
    )


class Objective(Record):
    """målsättning: an objective with its prose, styrtal and numbered uppdrag."""

    KIND = "målsättning"
    ENGINE_READS = ("page",)  # page references in revisions (docgen diff)

    FIELDS = (
        F("id", "id", identifier),
        F("number", "nummer", between(1, 999), required=False),
        F("name", "namn", text),
        F("page", "sida", between(1, 9999), required=False),  # in the laid-out plan, for decisions' references
        F("text", "text", markdown, required=False),
        F("indicators", "styrtal", list_of(record(TargetIndicator)), required=False, default=list),
        F("indicator_comment", "styrtal_kommentar", markdown, required=False),
        F("assignment_groups", "uppdrag", list_of(record(AssignmentGroup)), required=False, default=list),
    )


class ControlRisk(Record):
    """risk: a risk of the internkontrollplan and its action."""

    KIND = "risk"

    FIELDS = (F("risk", "risk", text), F("action", "åtgärd", text))


class ControlActivity(Record):
    """verksamhet: an activity of the internkontrollplan with its risks."""

    KIND = "verksamhet"

    FIELDS = (F("activity", "verksamhet", text), F("risks", "risker", list_of(record(ControlRisk), min_items=1)))


class InternalControl(Record):
    """internkontroll: the internkontrollplan."""

    KIND = "internkontroll"

    FIELDS = (
        F("intro", "inledning", markdown, required=False),
        F("activities", "verksamheter", list_of(record(ControlActivity), min_items=1)),
    )


class Picture(Record):
    """bild: a picture, described for readers who cannot see it."""

    KIND = "bild"
    ENGINE_READS = ("description", "missing")  # shown by the bild filter

    FIELDS = (
        F("description", "beskrivning", text),
        F("missing", "saknas", text, required=False),
    )

    def check(self):
        if self.missing is None:
            raise Invalid("bilder kan ännu bara anges som saknade ('saknas: …')")


ALL = "alla"


class ChapterBlock(Record):
    """block: a piece of a chapter: text, a table, a picture, or a list of the document's items."""

    KIND = "block"
    ENGINE_READS = ("text", "table")  # placed by the flöde filter

    FIELDS = (
        F("text", "text", markdown, required=False),
        F("table", "tabell", identifier, required=False),
        F("picture", "bild", identifier, required=False),
        F("objectives", "målsättningar", one_of(ALL), required=False),
        F("internal_control", "internkontroll", one_of(ALL), required=False),
        F("calendar", "kalender", one_of(ALL), required=False),
        F("focus_areas", "fokusområden", one_of(ALL), required=False),
        F("chart", "diagram", identifier, required=False),
        F("follow_up", "uppföljning", one_of(ALL), required=False),
    )

    def check(self):
        given = [f.key for f in self.FIELDS if getattr(self, f.name) is not None]
        if len(given) != 1:
            raise Invalid(
                "ett block ska ha precis en av "
                + ", ".join(f"'{f.key}'" for f in self.FIELDS)
                + (f" (här: {', '.join(given)})" if given else "")
            )


class Chapter(Record):
    """kapitel: a chapter of the document with its heading and content."""

    KIND = "kapitel"

    FIELDS = (
        F("number", "nummer", text, required=False),
        F("heading", "rubrik", text),
        F("content", "innehåll", list_of(record(ChapterBlock), min_items=1)),
    )


class StepPart(Record):
    """del av steg: a headed list of what a step of the planning year contains."""

    KIND = "del av steg"

    FIELDS = (F("heading", "rubrik", text), F("items", "innehåll", list_of(text, min_items=1)))


class PlanningStep(Record):
    """steg: a step of the planning year, decided in its month."""

    KIND = "steg"

    FIELDS = (
        F("id", "id", identifier),
        F("name", "namn", text),
        F("month", "månad", between(1, 12)),
        F("items", "innehåll", list_of(text, min_items=1), required=False, default=list),
        F("parts", "delar", list_of(record(StepPart), min_items=1), required=False, default=list),
    )

    def check(self):
        if bool(self.items) == bool(self.parts):
            raise Invalid("ett steg ska ha antingen 'innehåll' eller 'delar'")


class Body(Record):
    """organ: a body that receives uppdrag (RS, HSN, …)."""

    KIND = "organ"

    FIELDS = (F("id", "id", identifier), F("abbreviation", "förkortning", text), F("name", "namn", text))


class BudgetAssignment(Record):
    """treårsbudgetsuppdrag: an uppdrag of the treårsbudget and the bodies it is given to."""

    KIND = "treårsbudgetsuppdrag"

    FIELDS = (F("id", "id", identifier), F("text", "text", text), F("to", "till", list_of(identifier, min_items=1)))


class FocusAreaOfBudget(Record):
    """fokusområde: a focus area of the treårsbudget with its styrtal and uppdrag."""

    KIND = "fokusområde"

    FIELDS = (
        F("id", "id", identifier),
        F("name", "namn", text),
        F("indicators", "styrtal", list_of(text), required=False, default=list),
        F("assignments", "uppdrag", list_of(record(BudgetAssignment)), required=False, default=list),
    )


class ThreeYearBudget(Record):
    """treårsbudget: the region's three-year budget with its focus areas."""

    KIND = "treårsbudget"

    FIELDS = (
        F("name", "namn", text),
        F("focus_areas", "fokusområden", list_of(record(FocusAreaOfBudget), min_items=1)),
    )


class Signatory(Record):
    """undertecknare: who signs a case ("I tjänsten"), with the title if known."""

    KIND = "undertecknare"

    FIELDS = (F("name", "namn", text), F("title", "titel", text, required=False))


class Officer(Record):
    """handläggare: who prepared a case, and how to reach them."""

    KIND = "handläggare"

    FIELDS = (
        F("name", "namn", text),
        F("title", "titel", text, required=False),
        F("phone", "telefon", text, required=False),
        F("email", "e_post", text, required=False),
    )


class Consequence(Record):
    """konsekvens: one consequence section of a tjänsteskrivelse (ekonomiska konsekvenser, …)."""

    KIND = "konsekvens"

    FIELDS = (F("heading", "rubrik", text), F("text", "text", markdown, required=False))


class Case(Record):
    """ärende: a case for a board's agenda: the decision draft (tjänsteskrivelse) of a
    document, or a case of its own."""

    KIND = "ärende"
    SHOWN_AS = {
        "heading": ("ärendevy", "rubrik"),
        "meeting": ("ärendevy", "sammanträde"),
        "case_number": ("ärendevy", "dnr"),
        "description": ("ärendevy", "ärendebeskrivning"),
        "basis": ("ärendevy", "beslutsunderlag"),
        "signatories": ("ärendevy", "i_tjänsten"),
        "recipients": ("ärendevy", "utdrag_till"),
        "concerns": ("ärendevy", "förslag"),
        "decision_form": ("ärendevy", "förslag"),
        "date": ("ärendevy", "datum"),
        "officer": ("ärendevy", "handläggare"),
        "consequences": ("ärendevy", "konsekvenser"),
    }

    FIELDS = (
        F("heading", "rubrik", text, required=False),
        F("concerns", "avser", text, required=False),  # organisation/dokument whose beslut is proposed
        F("meeting", "sammanträde", date, required=False),
        F("case_number", "dnr", text, required=False),
        F("description", "ärendebeskrivning", markdown, required=False),
        F("decision_form", "beslutsform", one_of(*DECISION_FORMS), required=False),
        F("basis", "beslutsunderlag", list_of(text), required=False, default=list),
        F("signatories", "i_tjänsten", list_of(record(Signatory)), required=False, default=list),
        F("recipients", "utdrag_till", list_of(text), required=False, default=list),
        F("date", "datum", date, required=False),  # the tjänsteskrivelse's own date
        F("officer", "handläggare", record(Officer), required=False),
        F("consequences", "konsekvenser", list_of(record(Consequence)), required=False),
    )


class AgendaItem(Record):
    """punkt: an item of a board meeting's agenda: a case (a document folder) or a short case."""

    KIND = "punkt"
    SHOWN_AS = {
        "case": ("punkt", "förslag"),
        "proposal": ("punkt", "förslagstext"),
        "presenter": ("punkt", "föredragande"),
    }

    FIELDS = (
        F("case", "ärende", text, required=False),  # organisation/dokument of a case folder
        F("heading", "rubrik", text, required=False),
        F("proposal", "förslag", markdown, required=False),
        F("presenter", "föredragande", text, required=False),
    )

    def check(self):
        if (self.case is None) == (self.heading is None):
            raise Invalid("en punkt ska ha antingen 'ärende' (en ärendemapp) eller 'rubrik' (ett kort ärende)")


class Meeting(Record):
    """sammanträde: a board meeting and its agenda."""

    KIND = "sammanträde"
    SHOWN_AS = {"items": ("punkt", "rubrik")}

    FIELDS = (
        F("date", "datum", date, required=False),
        F("time", "tid", text, required=False),  # "13.00–16.00"
        F("place", "plats", text, required=False),
        F("adjustment", "justering", text, required=False),  # when, where and by whom the minutes are checked
        F("items", "punkter", list_of(record(AgendaItem), min_items=1)),
    )


def measure_or_empty(value, path, issues):
    """A table value as written ("74,3 %", "1 018", "71,5"), or null / "-" for no value."""
    if value is None or (isinstance(value, str) and value.strip() in ("-", "–", "")):
        return None
    return Measure.parse(value, path, issues)


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
        F(
            "wide",
            "bred_tabell",
            one_of("stående", "mindre_text", "liggande", "automatiskt"),
            required=False,
            default="stående",
        ),
    )

    def check(self):
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
                        f"{len(self.columns)} kolumner",
                        at=("grupper", g, "rader", r, "värden"),
                    )


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


class Chart(Record):
    """diagram: a bar chart per region with the national value, or a chart whose values are missing."""

    KIND = "diagram"
    SHOWN_BY = "diagram"

    FIELDS = (
        F("caption", "rubrik", text),
        F("description", "beskrivning", text, required=False),
        F("direction", "riktning", one_of("högt", "lågt"), required=False),
        F("unit", "enhet", text, required=False),
        F("source", "källa", text, required=False),
        F("note", "anmärkning", text, required=False),
        F("target", "mål", record(Target), required=False),
        F("bars", "staplar", list_of(record(Bar), min_items=1), required=False, default=list),
        F("bars_from", "staplar_ur", record(BarsFrom), required=False),
        F("values_from", "värden_ur", text, required=False),
        F("missing", "saknas", text, required=False),
    )

    def check(self):
        if [bool(self.bars), self.bars_from is not None, self.missing is not None].count(True) != 1:
            raise Invalid("ett diagram ska ha antingen 'staplar', 'staplar_ur' eller 'saknas'")


class Outcome(Record):
    """utfall: the outcome of one styrtal for the period (and last year's, for comparisons)."""

    KIND = "utfall"
    SHOWN_BY = "uppföljningen"

    FIELDS = (
        F("indicator", "styrtal", text),
        F("value", "värde", amount, required=False),
        F("previous", "föregående", amount, required=False),
        F("baseline", "bas", amount, required=False),
    )


class Assessment(Record):
    """bedömning: a person's status of an uppdrag; röd and gul need a comment."""

    KIND = "bedömning"
    SHOWN_BY = "uppföljningen"

    FIELDS = (
        F("assignment", "uppdrag", text),
        F("status", "status", one_of("grön", "gul", "röd")),
        F("comment", "kommentar", text, required=False),
    )

    def check(self):
        if self.status != "grön" and not self.comment:
            raise Invalid(f"status {self.status} kräver en kommentar", "Skriv under 'kommentar' vad som hindrar.")


class Override(Record):
    """överskrivning: a computed status replaced by a person, with the reason (shown in the report)."""

    KIND = "överskrivning"
    SHOWN_BY = "uppföljningen"

    FIELDS = (
        F("indicator", "styrtal", text),
        F("status", "status", one_of("grön", "gul", "röd")),
        F("reason", "skäl", text),
    )


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
    )


class AcceptedDeviation(Record):
    """godkänd avvikelse: a typography finding accepted, with the reason why."""

    KIND = "godkänd avvikelse"
    ENGINE_READS = ("text", "reason")  # read by the typography lint

    FIELDS = (F("text", "text", text), F("reason", "skäl", text))

    def check(self):
        if len(self.reason) < 10:
            raise Invalid("skälet är för kort", "Skriv varför avvikelsen godkänns (minst en mening).", at=("skäl",))


# ---------------------------------------------------------------- the whole source


def text_name(value, path, issues):
    value = text(value, path, issues)
    if not all(c.isalnum() or c == "_" for c in value) or not value.islower():
        raise Invalid(f"'{value}' är inget giltigt namn på ett textblock", "Använd små bokstäver och understreck.")
    return value


class Sources(Record):
    """källor: everything one document's sources may contain."""

    KIND = "källor"
    # For `docgen check`: sections docgen reads itself or places where items refer to them
    # (tables, pictures and charts through flows), and sections shown through a view it builds.
    ENGINE_READS = (
        "document",
        "tables",
        "pictures",
        "followers",
        "series",
        "accepted_deviations",
        "value_tables",
        "charts",
    )
    SHOWN_AS = {"follow_up": ("mall", "uppföljningen"), "case": ("mall", "ärendet"), "decision": ("mall", "ärendet")}

    FIELDS = (
        F("document", "dokument", record(DocumentInfo)),
        F("decision", "beslut", record(Decision), required=False),
        F("texts", "text", dict_of(text_name, markdown), required=False, default=dict),
        F("report_calendar", "rapportkalender", list_of(record(ReportMonth)), required=False, default=list),
        F("patient_promises", "patientlöften", list_of(text), required=False, default=list),
        F("goal_areas", "målområden", list_of(record(GoalArea)), required=False, default=list),
        F("ongoing", "pågående_uppdrag", list_of(record(EarlierBudget)), required=False, default=list),
        F("committees", "beredningar", list_of(record(Committee)), required=False, default=list),
        F("followers", "uppföljare", list_of(record(Follower)), required=False, default=list),
        F("director", "direktörsuppdrag", record(DirectorAssignments), required=False),
        F("governing_documents", "styrande_dokument", record(GoverningDocuments), required=False),
        F("annual_budget", "årsbudget", list_of(record(FlowBlock)), required=False, default=list),
        F("appendices", "bilagor", list_of(record(Appendix)), required=False, default=list),
        F("tables", "tabeller", dict_of(identifier, record(AmountTable)), required=False, default=dict),
        F("chapters", "avsnitt", list_of(record(Chapter)), required=False, default=list),
        F("pictures", "bilder", dict_of(identifier, record(Picture)), required=False, default=dict),
        F("series", "uppdragsserier", list_of(record(AssignmentSeries)), required=False, default=list),
        F("objectives", "målsättningar", list_of(record(Objective)), required=False, default=list),
        F("internal_control", "internkontroll", record(InternalControl), required=False),
        F(
            "accepted_deviations",
            "godkända_avvikelser",
            list_of(record(AcceptedDeviation)),
            required=False,
            default=list,
        ),
        F(
            "planning_calendar",
            "planeringskalender",
            list_of(record(PlanningStep), min_items=1),
            required=False,
            default=list,
        ),
        F("bodies", "organ", list_of(record(Body)), required=False, default=list),
        F("three_year_budget", "treårsbudget", record(ThreeYearBudget), required=False),
        F("case", "ärende", record(Case), required=False),
        F("meeting", "sammanträde", record(Meeting), required=False),
        F("value_tables", "värdetabeller", dict_of(identifier, record(ValueTable)), required=False, default=dict),
        F("charts", "diagram", dict_of(identifier, record(Chart)), required=False, default=dict),
        F("follow_up", "uppföljning", record(FollowUp), required=False),
        F("facts", "uppgifter", dict_of(text_name, amount), required=False, default=dict),
    )


def swedish_name(cls) -> str:
    return cls.KIND
