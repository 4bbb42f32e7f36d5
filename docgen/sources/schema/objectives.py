"""Guide: "## uppdragsserier och målsättningar" and "## internkontrollplan" (the verksamhetsplan's
objectives with styrtal, numbered uppdrag and internal control)."""

from __future__ import annotations

from docgen.sources.records import F, Record, between, dict_of, identifier, list_of, one_of, record, text
from docgen.sources.schema.terms import column_name
from docgen.sources.schema.values import DIRECTIONS, Measure, kolada_kpi, markdown, period


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
        F("direction", "riktning", one_of(*DIRECTIONS), required=False),
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
