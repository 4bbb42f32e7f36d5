"""Guide: "## styrande dokument": the board's governing documents and how long they are valid."""

from __future__ import annotations

from docgen.sources.records import F, Invalid, Record, date, list_of, record, text
from docgen.sources.schema.values import markdown


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
