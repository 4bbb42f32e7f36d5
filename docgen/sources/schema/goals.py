"""Guide: "## målområden", "## pågående uppdrag från tidigare treårsbudgetar", "## beredningar
och andra som följer uppdrag" and "## direktörsuppdrag": the årsplan's goal areas and uppdrag."""

from __future__ import annotations

from docgen.sources.records import F, Invalid, Record, between, identifier, list_of, one_of, record, text
from docgen.sources.schema.values import markdown, reference


ONGOING, DONE = ASSIGNMENT_STATES = ("pågående", "klar")  # an uppdrag's status


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
        F("status", "status", one_of(*ASSIGNMENT_STATES), required=False),
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
