"""Guide: "# Planeringsåret och treårsbudgeten": "## planeringskalender", "## organ" and
"## treårsbudget"."""

from __future__ import annotations

from docgen.sources.records import F, Invalid, Record, between, identifier, list_of, record, text


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
