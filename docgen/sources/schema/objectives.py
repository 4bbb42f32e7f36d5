"""Guide: "## uppdragsserier och målsättningar" and "## internkontrollplan" (the verksamhetsplan's
objectives with styrtal, numbered uppdrag and internal control)."""

from __future__ import annotations

from docgen.sources.records import F, Invalid, Record, between, dict_of, identifier, list_of, one_of, record, text
from docgen.sources.schema.tables import AUTOMATIC, WIDE_TABLES
from docgen.sources.schema.terms import column_name
from docgen.sources.schema.values import DIRECTIONS, Measure, kolada_kpi, markdown, period


class SubIndicator(Record):
    """delindikator: a sub-indicator (3 a, 3 b) under a styrtal."""

    KIND = "delindikator"
    ENGINE_READS = (
        "direction",
        "yellow_limit",
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
        F("direction", "riktning", one_of(*DIRECTIONS), required=False),
        F("yellow_limit", "gul_gräns", Measure.parse, required=False),  # gul from this outcome (docgen.view.status)
        F("kolada", "kolada", kolada_kpi, required=False),  # outcomes read from Kolada (docgen.sources.kolada)
        F("kolada_gender", "kolada_kön", one_of("T", "K", "M"), required=False, default="T"),
        F(
            "columns", "kolumner", dict_of(column_name, text), required=False, default=dict
        ),  # benämningar.styrtalskolumner
    )


class TargetIndicator(Record):
    """styrtal: a steering indicator with its last outcome and its targets."""

    KIND = "styrtal"
    ENGINE_READS = SubIndicator.ENGINE_READS  # read by a follow-up's status rules and outcomes

    FIELDS = SubIndicator.FIELDS + (
        F("parts", "delar", list_of(record(SubIndicator), min_items=1), required=False, default=list),
    )


class AssignmentSeries(Record):
    """uppdragsserie: how uppdrag given by one body are numbered ("Nr 10.", "HS nr 1.")."""

    KIND = "uppdragsserie"

    FIELDS = (F("id", "id", identifier), F("prefix", "prefix", text))


class NumberedAssignment(Record):
    """numrerat uppdrag: an uppdrag with its number in its series, or with an id when the plan
    gives its uppdrag no numbers (Region Gävleborg's budget lists them by nämnd, unnumbered)."""

    KIND = "numrerat uppdrag"

    FIELDS = (
        F("number", "nr", between(1, 9999), required=False),
        F("id", "id", identifier, required=False),
        F("text", "text", text),
    )

    def check(self):
        if self.number is not None and self.id is not None:
            raise Invalid("har både 'nr' och 'id'", "Ett numrerat uppdrag har 'nr'; ta bort 'id'.")
        if self.number is None and self.id is None:
            raise Invalid(
                "saknar 'nr'",
                "Skriv uppdragets nummer i planen (nr: 1). Har planens uppdrag inga nummer, "
                "ge det ett id i stället (id: parkering): det visas då utan nummer.",
            )

    @property
    def key(self):
        """The uppdrag's identity in its series: its number, or its id when it has none."""
        return self.number if self.number is not None else self.id


class AssignmentGroup(Record):
    """uppdragsgrupp: uppdrag of one series under their introducing sentence."""

    KIND = "uppdragsgrupp"

    FIELDS = (
        F("intro", "inledning", markdown, required=False),
        F("heading", "rubrik", text),
        F("series", "serie", identifier, required=False),  # how its numbered uppdrag are numbered
        F("assignments", "uppdrag", list_of(record(NumberedAssignment), min_items=1)),
    )

    def check(self):
        if self.series is None and any(a.number is not None for a in self.assignments):
            raise Invalid(
                "har numrerade uppdrag men ingen 'serie'",
                "Ange serien som numrerar dem (serie: uppdrag, ett id under 'uppdragsserier').",
            )


class Objective(Record):
    """målsättning: an objective with its prose, its own table, styrtal and numbered uppdrag."""

    KIND = "målsättning"
    ENGINE_READS = ("page",)  # page references in revisions (docgen diff)

    FIELDS = (
        F("id", "id", identifier),
        F("number", "nummer", between(1, 999), required=False),
        F("name", "namn", text),
        F("page", "sida", between(1, 9999), required=False),  # in the laid-out plan, for decisions' references
        F("text", "text", markdown, required=False),
        F("table", "tabell", identifier, required=False),  # id in tabeller or värdetabeller, shown under the text
        F("indicators", "styrtal", list_of(record(TargetIndicator)), required=False, default=list),
        F("indicator_comment", "styrtal_kommentar", markdown, required=False),
        F("assignment_groups", "uppdrag", list_of(record(AssignmentGroup)), required=False, default=list),
    )


# The columns an internkontrollplan may have, by source key, with their default headings (an
# organisation writes its own under `kolumner`); the numeric ones are right-aligned.
CONTROL_COLUMNS = {
    "verksamhet": "Verksamhet",
    "risk": "Risk",
    "kontrollmoment": "Kontrollmoment",
    "sannolikhet": "Sannolikhet",
    "konsekvens": "Konsekvens",
    "riskvärde": "Riskvärde",
    "risknivå": "Risknivå",
    "åtgärd": "Åtgärd",
    "kontrollmetod": "Kontrollmetod",
    "frekvens": "Frekvens",
    "ansvarig": "Ansvarig",
    "rapportering": "Rapportering",
    "resultat": "Resultat",
}
CONTROL_NUMBERS = ("sannolikhet", "konsekvens", "riskvärde")
CONTROL_DEFAULT = ("verksamhet", "risk", "åtgärd")  # the columns of a plan that names none
# A level's colour from the organisation's own scale: (fill, ink) with contrast over 4.5:1
LEVEL_COLOURS = {
    "grön": ("00703C", "FFFFFF"),
    "gul": ("FFC000", "000000"),
    "orange": ("F4B183", "000000"),
    "röd": ("C00000", "FFFFFF"),
}


class ControlRisk(Record):
    """risk: a risk of the internkontrollplan, how it is judged and how it is controlled."""

    KIND = "risk"
    SHOWN_BY = "internkontroll"

    FIELDS = (
        F("risk", "risk", text, required=False),
        F("control_point", "kontrollmoment", text, required=False),
        F("likelihood", "sannolikhet", between(1, 10), required=False),
        F("consequence", "konsekvens", between(1, 10), required=False),
        F("risk_value", "riskvärde", between(1, 100), required=False),  # computed as sannolikhet × konsekvens
        F("risk_level", "risknivå", text, required=False),  # as the plan states it; else from riskskala
        F("action", "åtgärd", text, required=False),
        F("method", "kontrollmetod", text, required=False),
        F("frequency", "frekvens", text, required=False),
        F("responsible", "ansvarig", text, required=False),
        F("reporting", "rapportering", text, required=False),
        F("result", "resultat", markdown, required=False),  # the follow-up's finding
    )

    def check(self):
        if self.risk is None and self.control_point is None:
            raise Invalid(
                "risken har varken 'risk' eller 'kontrollmoment'",
                "Skriv risken ('risk: …') eller vad som kontrolleras ('kontrollmoment: …').",
            )
        if (self.likelihood is None) != (self.consequence is None):
            missing = "konsekvens" if self.consequence is None else "sannolikhet"
            raise Invalid(
                f"'{missing}' saknas: riskvärdet räknas som sannolikhet × konsekvens",
                f"Skriv '{missing}: …' som i planen, eller ta bort den andra.",
                at=("sannolikhet" if missing == "konsekvens" else "konsekvens",),
            )
        if self.likelihood is not None:
            product = self.likelihood * self.consequence
            if self.risk_value is not None and self.risk_value != product:
                raise Invalid(
                    f"riskvärdet {self.risk_value} stämmer inte med sannolikhet × konsekvens "
                    f"({self.likelihood} × {self.consequence} = {product})",
                    "Rätta sannolikhet, konsekvens eller riskvärde så att de stämmer med planen, "
                    "eller ta bort 'riskvärde' (docgen räknar ut det).",
                    at=("riskvärde",),
                )
            self.risk_value = product


class ControlActivity(Record):
    """verksamhet: a process, routine or activity of the internkontrollplan with its risks."""

    KIND = "verksamhet"
    SHOWN_BY = "internkontroll"

    FIELDS = (F("activity", "verksamhet", text), F("risks", "risker", list_of(record(ControlRisk), min_items=1)))


class RiskLevel(Record):
    """risknivå: one step of the organisation's own risk scale (riskvärden från–till, its word
    and, when the organisation uses one, its colour)."""

    KIND = "risknivå"
    SHOWN_BY = "internkontroll"

    FIELDS = (
        F("name", "nivå", text),
        F("low", "från", between(1, 100)),
        F("high", "till", between(1, 100)),
        F("colour", "färg", one_of(*LEVEL_COLOURS), required=False),
    )

    def check(self):
        if self.low > self.high:
            raise Invalid(f"'från' ({self.low}) är större än 'till' ({self.high})", "Byt plats på talen.", at=("från",))


class InternalControl(Record):
    """internkontroll: the internkontrollplan, drawn as one table whose columns the plan names."""

    KIND = "internkontroll"
    ENGINE_READS = ("columns", "caption", "scale", "wide")  # read by the internkontrolltabell filter

    FIELDS = (
        F("intro", "inledning", markdown, required=False),
        F("caption", "rubrik", text, required=False, default="Internkontrollplan"),
        F("columns", "kolumner", dict_of(one_of(*CONTROL_COLUMNS), text), required=False, default=dict),
        F("scale", "riskskala", list_of(record(RiskLevel), min_items=1), required=False, default=list),
        F("activities", "verksamheter", list_of(record(ControlActivity), min_items=1)),
        # many columns do not fit a portrait page: by default the plan gets a landscape page then
        F("wide", "bred_tabell", one_of(*WIDE_TABLES), required=False, default=AUTOMATIC),
    )

    def shown_columns(self) -> dict[str, str]:
        """The columns in order with their headings (the default three when none are named)."""
        return self.columns or {key: CONTROL_COLUMNS[key] for key in CONTROL_DEFAULT}

    def level(self, value: int):
        """The step of the organisation's scale that holds `value`, or None."""
        return next((step for step in self.scale if step.low <= value <= step.high), None)

    def check(self):
        for n, step in enumerate(self.scale):
            for other in self.scale[:n]:
                if step.low <= other.high and other.low <= step.high:
                    raise Invalid(
                        f"nivån '{step.name}' ({step.low}–{step.high}) överlappar '{other.name}' "
                        f"({other.low}–{other.high})",
                        "Ett riskvärde får höra till en nivå: rätta 'från' och 'till' som i organisationens riskskala.",
                        at=("riskskala", n, "från"),
                    )
        shows_level = "risknivå" in self.columns
        for a, activity in enumerate(self.activities):
            for r, risk in enumerate(activity.risks):
                self._check_level(risk, ("verksamheter", a, "risker", r), shows_level)

    def _check_level(self, risk: ControlRisk, at: tuple, shows_level: bool) -> None:
        """A level comes from the organisation's own scale or is written as the plan states it;
        never guessed from the value."""
        if not self.scale:
            if shows_level and risk.risk_level is None:
                raise Invalid(
                    "kolumnen 'risknivå' visas, men risken har ingen risknivå och planen ingen 'riskskala'",
                    "Skriv organisationens riskskala under 'internkontroll: riskskala:' (nivå, från, till, "
                    "och färg om skalan har en), eller 'risknivå: …' under risken som det står i planen.",
                    at=at,
                )
            return
        if risk.risk_value is None:
            return
        step = self.level(risk.risk_value)
        if step is None:
            raise Invalid(
                f"riskvärdet {risk.risk_value} finns inte i riskskalan "
                f"({', '.join(f'{s.name} {s.low}–{s.high}' for s in self.scale)})",
                "Rätta riskvärdet, eller skalan så att den täcker alla riskvärden som organisationens skala gör.",
                at=at + ("riskvärde" if "riskvärde" in risk.written else "sannolikhet",),
            )
        if risk.risk_level is not None and risk.risk_level.casefold() != step.name.casefold():
            raise Invalid(
                f"risknivån '{risk.risk_level}' stämmer inte med riskskalan: riskvärdet {risk.risk_value} är '{step.name}'",
                "Rätta risknivån eller riskvärdet så att de stämmer med planen, eller ta bort 'risknivå' "
                "(docgen tar den ur skalan).",
                at=at + ("risknivå",),
            )
