"""The top level of one document's sources: every section the guide (docs/kallformat.md) names,
with its Swedish key and the module that declares it."""

from __future__ import annotations

from docgen.sources.records import F, Record, amount, dict_of, identifier, list_of, record, text
from docgen.sources.schema.cases import Case, Decision, Meeting
from docgen.sources.schema.document import DocumentInfo, ReportMonth
from docgen.sources.schema.flows import Appendix, Chapter, FlowBlock, Picture
from docgen.sources.schema.followup import AcceptedDeviation, Chart, FollowUp, ValueTable
from docgen.sources.schema.goals import Committee, DirectorAssignments, EarlierBudget, Follower, GoalArea
from docgen.sources.schema.governing import GoverningDocuments
from docgen.sources.schema.objectives import AssignmentSeries, InternalControl, Objective
from docgen.sources.schema.planning import Body, PlanningStep, ThreeYearBudget
from docgen.sources.schema.tables import AmountTable
from docgen.sources.schema.values import markdown, text_name


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


# Sections that are named collections and may be spread over several files of a document's
# folder (a name used twice is an error); every other section stands in one file.
MERGEABLE_KEYS = frozenset(Sources.key_of(name) for name in ("texts", "tables"))

# Keys whose values are data, not text for readers (ids, dates, file names, numbers): the
# typography lint (docgen.word.typography) does not read them, nor the accepted deviations.
NOT_PROSE = frozenset(
    {
        "id",
        "mall",
        "fil",
        "månad",
        "gäller_till_och_med",
        "värden",
        "andel",
        "belopp",
        "nr",
        "nummer",
        "följs_av",
        "tabell",
        "bild",
        "serie",
        "dnr",
        "prefix",
        "enhet",
        "ordagrant",
        "skäl",
        "datum",
        "utfall",
        "målvärde",
        "långsiktigt_målvärde",
        Sources.key_of("accepted_deviations"),
    }
)
