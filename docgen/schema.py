"""The source vocabulary: what editors may write in sources/, and its English names in code.

This module is the one place where the Swedish words of sources and templates (the aliases)
meet the English names of the code (the field names). Each model rejects unknown keys, so a
misspelt key is reported instead of being ignored.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Literal, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

# ---------------------------------------------------------------- value types


def _parse_amount(value):
    """An amount: a number, or Swedish-formatted text such as "15 979", "50,0" or "−48"."""
    if isinstance(value, bool):
        raise ValueError("ska vara ett tal, inte ja/nej")
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, str):
        text = value.strip().replace("\u00a0", "").replace(" ", "").replace("\u2212", "-")
        text = text.replace(",", ".")
        if text.endswith("-") and text[:-1].replace(".", "").isdigit():  # "50,0-" as in Excel exports
            text = "-" + text[:-1]
        try:
            return Decimal(text)
        except InvalidOperation:
            pass
    raise ValueError(f"'{value}' är inte ett tal")


def _parse_month(value):
    """A month written 2025-02."""
    if isinstance(value, str) and (m := re.fullmatch(r"(\d{4})-(\d{2})", value.strip())):
        year, month = int(m[1]), int(m[2])
        if 1 <= month <= 12:
            return dt.date(year, month, 1)
    raise ValueError(f"'{value}' är inte en månad; skriv år och månad som 2025-02")


def _parse_date(value):
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"datumet {value} finns inte i kalendern")
    raise ValueError(f"'{value}' är inte ett datum; skriv datum som 2025-12-31")


class Verbatim(BaseModel):
    """ordagrant: a value kept exactly as in the decided original although docgen cannot check it."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    text: str = Field(alias="ordagrant")
    reason: str = Field(alias="skäl", min_length=3)


UNTIL_FURTHER = "Tills vidare"


def _parse_validity(value):
    """Gäller till och med: a date, several dates, "Tills vidare" or a verbatim value."""
    if isinstance(value, dict):
        return Verbatim.model_validate(value)
    if isinstance(value, str) and value.strip().lower() == UNTIL_FURTHER.lower():
        return UNTIL_FURTHER
    if isinstance(value, list):
        if not value:
            raise ValueError("listan av datum är tom")
        return tuple(_parse_date(v) for v in value)
    return (_parse_date(value),)


def _text(value):
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return str(value)
    raise ValueError("ska vara en text")


Amount = Annotated[Decimal, BeforeValidator(_parse_amount)]
Month = Annotated[dt.date, BeforeValidator(_parse_month)]
Date = Annotated[dt.date, BeforeValidator(_parse_date)]
Validity = Annotated[Union[str, tuple, Verbatim], BeforeValidator(_parse_validity)]
Text = Annotated[str, BeforeValidator(_text), Field(min_length=1)]
Markdown = Text  # prose; turned into Word paragraphs by docgen.markdown
Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]


class Model(BaseModel):
    """Base of every source model: unknown keys are errors, aliases are the Swedish keys."""

    model_config = ConfigDict(extra="forbid", populate_by_name=False)


def swedish_name(model_cls) -> str:
    """The Swedish name of a kind of source item: the docstring's first word(s) before ':'."""
    return model_cls.__doc__.split(":")[0].strip() if model_cls.__doc__ else model_cls.__name__


# ---------------------------------------------------------------- the document


class DocumentInfo(Model):
    """dokument: the document's identity and properties."""

    title: Text = Field(alias="titel")
    organisation: Text = Field(alias="organisation")
    board: Text = Field(alias="nämnd")
    year: int = Field(alias="år", ge=1990, le=2100)
    template: Text = Field(alias="mall")
    file_name: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")] = Field(alias="fil")
    author: Text | None = Field(None, alias="författare")
    subject: Text | None = Field(None, alias="ämne")
    date: Date | None = Field(None, alias="datum")


class Decision(Model):
    """beslut: the decision proposal with its numbered att-satser."""

    intro: Text = Field(alias="inledning")
    clauses: list[Text] = Field(alias="att_satser", min_length=1)

    @model_validator(mode="after")
    def _clauses_begin_with_att(self):
        for number, clause in enumerate(self.clauses, 1):
            if not clause.startswith("att "):
                raise ValueError(f"att-sats {number} ska börja med 'att ' (den börjar '{clause[:20]}')")
        return self


class ReportMonth(Model):
    """rapportkalender: one report of the year."""

    month: Month = Field(alias="månad")
    note: Text | None = Field(None, alias="anmärkning")


class Assignment(Model):
    """uppdrag: an assignment given to the board and how the board handles it."""

    id: Id
    text: Text
    handling: Markdown | None = Field(None, alias="hantering")
    followed_by: list[Id] = Field(default_factory=list, alias="följs_av")


class IndicatorRow(Model):
    """styrtalsrad: where a styrtal is worked in and how it is followed up."""

    incorporated_in: Text = Field(alias="inarbetas_i")
    followed_up_per: Text = Field(alias="uppföljning_per")
    frequency: Text = Field(alias="frekvens")


class Indicator(Model):
    """styrtal: a steering indicator and its handling rows."""

    id: Id
    text: Text
    rows: list[IndicatorRow] = Field(alias="rader", min_length=1)


class FollowUpRow(Model):
    """uppföljningsrad: one handling of an item of annan uppföljning."""

    handling: Text = Field(alias="hantering")
    frequency: Text = Field(alias="frekvens")


class OtherFollowUp(Model):
    """annan uppföljning: a follow-up besides the styrtal."""

    id: Id
    category: Text | None = Field(None, alias="kategori")
    text: Text
    handling: Text | None = Field(None, alias="hantering")
    frequency: Text | None = Field(None, alias="frekvens")
    rows: list[FollowUpRow] = Field(default_factory=list, alias="rader")
    followed_by: list[Id] = Field(default_factory=list, alias="följs_av")

    @model_validator(mode="after")
    def _one_form(self):
        single = self.handling is not None or self.frequency is not None
        if single and self.rows:
            raise ValueError("skriv antingen 'hantering' och 'frekvens' eller 'rader', inte båda")
        if single:
            if self.handling is None or self.frequency is None:
                raise ValueError("'hantering' och 'frekvens' ska anges tillsammans")
            self.rows = [FollowUpRow.model_validate({"hantering": self.handling, "frekvens": self.frequency})]
            self.handling = self.frequency = None  # one shape for templates: always rader
        if not self.rows:
            raise ValueError("ange 'hantering' och 'frekvens' (eller 'rader')")
        return self


class GoalArea(Model):
    """målområde: a goal area with its uppdrag, styrtal and annan uppföljning."""

    id: Id
    name: Text = Field(alias="namn")
    intro: Markdown | None = Field(None, alias="inledning")
    assignments: list[Assignment] = Field(default_factory=list, alias="uppdrag")
    executive_board_assignments: list[Text] = Field(default_factory=list, alias="uppdrag_till_regionstyrelsen")
    indicator_heading: Text = Field("Styrtal", alias="styrtal_rubrik")
    indicator_intro: Markdown | None = Field(None, alias="styrtal_inledning")
    indicators: list[Indicator] = Field(default_factory=list, alias="styrtal")
    other_intro: Markdown | None = Field(None, alias="annan_uppföljning_inledning")
    other_follow_ups: list[OtherFollowUp] = Field(default_factory=list, alias="annan_uppföljning")


class FocusArea(Model):
    """fokusområde: a focus area of an earlier treårsbudget."""

    name: Text = Field(alias="namn")
    assignments: list[Assignment] = Field(alias="uppdrag", min_length=1)


class EarlierBudget(Model):
    """pågående uppdrag: uppdrag still ongoing from an earlier treårsbudget."""

    budget: Text = Field(alias="treårsbudget")
    focus_areas: list[FocusArea] = Field(alias="fokusområden", min_length=1)


class Committee(Model):
    """beredning: a preparatory committee; with a behovsgrupp it gets its own section."""

    id: Id
    name: Text = Field(alias="namn")
    designation: Text = Field(alias="benämning")
    need_group: Text | None = Field(None, alias="behovsgrupp")
    watch_areas: Text | None = Field(None, alias="bevakningsområden")
    knowledge_steering: Text | None = Field(None, alias="kunskapsstyrning")
    own_assignment: Markdown | None = Field(None, alias="uppdrag_till_beredningen")


class Follower(Model):
    """uppföljare: another body that follows up uppdrag (shown by its benämning)."""

    id: Id
    designation: Text = Field(alias="benämning")


class DirectorAssignment(Model):
    """direktörsuppdrag: an uppdrag to the director, with its diarienummer."""

    text: Text
    case_number: Text = Field(alias="dnr")


class DirectorAssignments(Model):
    """direktörsuppdrag: the section on uppdrag to the director."""

    intro: Markdown = Field(alias="inledning")
    assignments: list[DirectorAssignment] = Field(alias="uppdrag", min_length=1)
    closing: Markdown | None = Field(None, alias="avslutning")


class GoverningDocument(Model):
    """styrande dokument: a governing document and its validity."""

    name: Text = Field(alias="namn")
    valid_until: Validity = Field(alias="gäller_till_och_med")
    new_decision: Text = Field(alias="nytt_beslut")
    decided_by: Text | None = Field(None, alias="beslutad_av")


class DocumentSubgroup(Model):
    """undergrupp: a subgroup of styrande dokument."""

    heading: Text | None = Field(None, alias="rubrik")
    documents: list[GoverningDocument] = Field(alias="dokument", min_length=1)


class DocumentGroup(Model):
    """grupp: a group of styrande dokument, with subgroups or documents."""

    heading: Text = Field(alias="rubrik")
    subgroups: list[DocumentSubgroup] = Field(default_factory=list, alias="undergrupper")
    documents: list[GoverningDocument] = Field(default_factory=list, alias="dokument")

    @model_validator(mode="after")
    def _one_form(self):
        if bool(self.subgroups) == bool(self.documents):
            raise ValueError("en grupp ska ha antingen 'undergrupper' eller 'dokument'")
        if self.documents:  # one unnamed subgroup, so that templates need one shape only
            self.subgroups = [DocumentSubgroup.model_construct(heading=None, documents=self.documents)]
        return self


class GoverningDocuments(Model):
    """styrande dokument: the section listing the board's governing documents."""

    intro: Markdown = Field(alias="inledning")
    groups: list[DocumentGroup] = Field(alias="grupper", min_length=1)


class FlowBlock(Model):
    """block: a piece of a flow of text and tables."""

    text: Markdown | None = None
    table: Id | None = Field(None, alias="tabell")

    @model_validator(mode="after")
    def _one_form(self):
        if (self.text is None) == (self.table is None):
            raise ValueError("ett block ska ha antingen 'text' eller 'tabell'")
        return self


class Appendix(Model):
    """bilaga: an appendix with its heading and content."""

    heading: Text = Field(alias="rubrik")
    content: list[FlowBlock] = Field(alias="innehåll", min_length=1)


# ---------------------------------------------------------------- amount tables


class TableRow(Model):
    """rad: a row of an amount table."""

    text: Text
    values: list[Amount] = Field(alias="värden", min_length=1)
    note: int | None = Field(None, alias="not", ge=1)
    share: Amount | None = Field(None, alias="andel")


class SumRow(Model):
    """summarad: a sum row; its values are checked against its parts or computed."""

    text: Text
    values: list[Amount] | None = Field(None, alias="värden")


class RowGroup(Model):
    """grupp: a group of rows with an optional heading and sum."""

    heading: Text | None = Field(None, alias="rubrik")
    rows: list[TableRow] = Field(alias="rader", min_length=1)
    total: SumRow | None = Field(None, alias="summa")


class TablePart(Model):
    """del: a part of a table (e.g. TILLGÅNGAR) with its groups and sum."""

    heading: Text | None = Field(None, alias="rubrik")
    groups: list[RowGroup] = Field(alias="grupper", min_length=1)
    total: SumRow | None = Field(None, alias="summa")


class ShareColumn(Model):
    """andel: a computed share-of-total column."""

    heading: Text = Field(alias="rubrik")


class Funding(Model):
    """finansiering: one source that together with the others makes up the table's sum."""

    text: Text
    amount: Amount = Field(alias="belopp")


Unit = Literal["mnkr", "tkr", "kr", "procent", "st"]


class AmountTable(Model):
    """tabell: a table of amounts whose sums and shares docgen checks."""

    caption: Text = Field(alias="rubrik")
    missing: Text | None = Field(None, alias="saknas")
    unit: Unit | None = Field(None, alias="enhet")
    decimals: int = Field(0, alias="decimaler", ge=0, le=3)
    first_column: Text | None = Field(None, alias="första_kolumn")
    columns: list[Text] = Field(default_factory=list, alias="kolumner")
    column_note: Text | None = Field(None, alias="kolumn_fotnot")
    tolerance: Amount = Field(Decimal(0), alias="tolerans")
    groups: list[RowGroup] = Field(default_factory=list, alias="grupper")
    parts: list[TablePart] = Field(default_factory=list, alias="delar")
    total: SumRow | None = Field(None, alias="summa")
    share: ShareColumn | None = Field(None, alias="andel")
    funding: list[Funding] = Field(default_factory=list, alias="finansiering")
    balance: bool = Field(False, alias="balans")
    notes: dict[int, Text] = Field(default_factory=dict, alias="noter")
    notes_heading: Text | None = Field(None, alias="noter_rubrik")

    @model_validator(mode="after")
    def _shape(self):
        if self.missing is not None:
            if self.groups or self.parts:
                raise ValueError("en tabell med 'saknas' ska inte ha rader")
            return self
        if not self.columns:
            raise ValueError("'kolumner' saknas: ange rubrikerna för sifferkolumnerna")
        if self.unit is None:
            raise ValueError("'enhet' saknas: ange mnkr, tkr, kr, procent eller st")
        if bool(self.groups) == bool(self.parts):
            raise ValueError("en tabell ska ha antingen 'grupper' eller 'delar'")
        if self.groups:  # one unnamed part, so that later stages need one shape only
            self.parts = [TablePart.model_construct(heading=None, groups=self.groups, total=self.total)]
        elif self.total is not None:
            raise ValueError("'summa' står i varje del när tabellen har 'delar'")
        return self


# ---------------------------------------------------------------- the whole source


class Sources(Model):
    """källor: everything one document's sources may contain."""

    document: DocumentInfo = Field(alias="dokument")
    decision: Decision | None = Field(None, alias="beslut")
    texts: dict[Annotated[str, Field(pattern=r"^[a-zåäö0-9_]+$")], Markdown] = Field(default_factory=dict, alias="text")
    report_calendar: list[ReportMonth] = Field(default_factory=list, alias="rapportkalender")
    patient_promises: list[Text] = Field(default_factory=list, alias="patientlöften")
    goal_areas: list[GoalArea] = Field(default_factory=list, alias="målområden")
    ongoing: list[EarlierBudget] = Field(default_factory=list, alias="pågående_uppdrag")
    committees: list[Committee] = Field(default_factory=list, alias="beredningar")
    followers: list[Follower] = Field(default_factory=list, alias="uppföljare")
    director: DirectorAssignments | None = Field(None, alias="direktörsuppdrag")
    governing_documents: GoverningDocuments | None = Field(None, alias="styrande_dokument")
    annual_budget: list[FlowBlock] = Field(default_factory=list, alias="årsbudget")
    appendices: list[Appendix] = Field(default_factory=list, alias="bilagor")
    tables: dict[Id, AmountTable] = Field(default_factory=dict, alias="tabeller")
