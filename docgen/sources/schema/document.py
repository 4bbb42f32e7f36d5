"""Guide: "## dokument" (the document's identity), "## text", "## rapportkalender" and
"## patientlöften" (their values are plain text and lists, declared in root.Sources)."""

from __future__ import annotations

import re

from docgen.sources.records import F, Invalid, Record, between, boolean, date, identifier, month, record, text
from docgen.sources.schema.terms import Terms


class Answers(Record):
    """svarar på: the treårsbudget this plan answers, and which of its recipients the board is."""

    KIND = "svarar på"
    ENGINE_READS = ("budget", "body")  # read by docgen check

    FIELDS = (F("budget", "treårsbudget", text), F("body", "organ", identifier))


def kolada_id(value, path, issues):
    """An organisation's id in Kolada: four digits ("0018" Region Örebro län, "0580" Linköping)."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 9999:
        return f"{value:04d}"  # written without quotes, the leading zeros are lost in YAML
    value = text(value, path, issues)
    if not re.fullmatch(r"\d{4}", value):
        raise Invalid(f"'{value}' är inget Kolada-id", 'Skriv kommunens eller regionens fyra siffror, t.ex. "0018".')
    return value


class DocumentInfo(Record):
    """dokument: the document's identity and properties."""

    KIND = "dokument"
    ENGINE_READS = (
        "title",  # the document's title property (Word, PDF, the web edition's <title>), shown or not
        "template",
        "file_name",
        "year",
        "author",
        "subject",
        "date",
        "board",
        "answers",
        "kolada_id",
        "outcomes_file",
        "terms",
        "toc",
    )  # name, properties, docgen check, outcomes from Kolada, the engine's words, the TOC

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
        F("case_number", "dnr", text, required=False),  # the plan's diarienummer, on its first page
        F("answers", "svarar_på", record(Answers), required=False),
        F("terms", "benämningar", record(Terms), required=False, default=lambda: Terms()),
        F("kolada_id", "kolada_id", kolada_id, required=False),  # the organisation in Kolada (docgen.sources.kolada)
        # a plan's senast kända värden from a saved Kolada response (docgen.sources.kolada.plan_outcomes)
        F("outcomes_file", "utfall_fil", text, required=False),
        # true: a TOC whatever its length; false: none; without: as the template says (docgen.word.toc)
        F("toc", "innehållsförteckning", boolean, required=False),
    )


class ReportMonth(Record):
    """rapportkalender: one report of the year."""

    KIND = "rapportkalender"

    FIELDS = (F("month", "månad", month), F("note", "anmärkning", text, required=False))
