"""Guide: "## årsbudget och andra flöden av text och tabeller" and "## avsnitt (dokumentets
kapitel i ordning …)": flows of text, tables, pictures and lists placed by the flöde filter."""

from __future__ import annotations

from docgen.sources.records import F, Invalid, Record, identifier, list_of, one_of, record, text
from docgen.sources.schema.values import markdown


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
