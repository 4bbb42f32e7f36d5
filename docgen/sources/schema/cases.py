"""Guide: "# Ärenden, beslut och föredragningslistor": "## beslut" (att-satser, revideringar),
"## ärende" (tjänsteskrivelse) and "## sammanträde" (föredragningslista)."""

from __future__ import annotations

import re

from docgen.sources.records import F, Invalid, Record, between, boolean, date, list_of, one_of, record, text
from docgen.sources.schema.values import markdown


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


clause.gives = Clause  # what it always gives (a text or a mapping): the template check reads its fields


CLAUSES, SENTENCES = DECISION_FORMS = ("att-satser", "beslutsmeningar")  # beslut.form, ärende.beslutsform


class Decision(Record):
    """beslut: the decision proposal: numbered att-satser ("att fastställa …") or sentences
    written as decided ("Hälso- och sjukvårdsnämnden fastställer …")."""

    KIND = "beslut"
    # form decides how the att-satser are checked ("att …" or sentences as decided), wherever
    # the template shows them: through the ärende's view or as beslut.att_satser in a plan.
    ENGINE_READS = ("form",)
    SHOWN_AS = {
        "intro": ("ärendevy", "beslutsinledning"),
        "clauses": ("förslag", "text"),
    }

    FIELDS = (
        # valfri: a tjänsteskrivelse whose heading "Förslag till beslut" stands alone over its sentences
        F("intro", "inledning", text, required=False),
        F("form", "form", one_of(*DECISION_FORMS), required=False, default=CLAUSES),
        F("clauses", "att_satser", list_of(clause, min_items=1)),
    )

    def continues_intro(self) -> bool:
        """'Kommunfullmäktige beslutar att:': the clauses go on from the intro's 'att'."""
        return bool(self.intro) and self.intro.rstrip().rstrip(":").rstrip().endswith(" att")

    def check(self):
        if self.form != CLAUSES:
            return
        continued = self.continues_intro()
        for number, item in enumerate(self.clauses):
            if item is None:
                continue
            if continued and item.text.startswith("att "):
                raise Invalid(
                    f"att-sats {number + 1} börjar med 'att ' fast inledningen ('{self.intro}') redan "
                    "slutar med 'att': stryk 'att' i början av att-satsen (eller i inledningen), så "
                    "står inte 'att att' i beslutet",
                    at=("att_satser", number),
                )
            if not continued and not item.text.startswith("att "):
                raise Invalid(
                    f"att-sats {number + 1} ska börja med 'att ' (den börjar '{item.text[:20]}'). "
                    "Skriv 'att …' först i varje att-sats, eller låt inledningen sluta med 'att:' "
                    "('Kommunfullmäktige beslutar att:') när att-satserna fortsätter den, eller skriv "
                    "'form: beslutsmeningar' under beslut för beslutade meningar",
                    at=("att_satser", number),
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


# The text block (under `text`) of the document a case concerns that stands as the case's
# ärendebeskrivning when the case writes none.
DESCRIPTION_TEXT = "ingress"


class Case(Record):
    """ärende: a case for a board's agenda: the decision draft (tjänsteskrivelse) of a
    document, or a case of its own."""

    KIND = "ärende"
    SHOWN_AS = {
        "heading": ("ärendevy", "rubrik"),
        "meeting": ("ärendevy", "sammanträde"),
        "case_number": ("ärendevy", "dnr"),
        "summary": ("ärendevy", "sammanfattning"),
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
        F("summary", "sammanfattning", markdown, required=False),  # the case in brief, before the description
        F("description", "ärendebeskrivning", markdown, required=False),
        F("decision_form", "beslutsform", one_of(*DECISION_FORMS), required=False),
        F("basis", "beslutsunderlag", list_of(text), required=False, default=list),
        F("signatories", "i_tjänsten", list_of(record(Signatory)), required=False, default=list),
        F("recipients", "utdrag_till", list_of(text), required=False, default=list),
        F("date", "datum", date, required=False),  # the tjänsteskrivelse's own date
        F("officer", "handläggare", record(Officer), required=False),
        F("consequences", "konsekvenser", list_of(record(Consequence)), required=False),
    )


_CLOCK = re.compile(
    r"^(?:(?:kl\.?|klockan)\s*)?(\d{1,2})[.:](\d{2})"
    r"(?:\s*[–—-]\s*((?:ca\.?|cirka)\s+)?(\d{1,2})[.:](\d{2}))?$",  # an end 'ca 12.00' as the kallelse writes it
    re.I,
)


def clock_time(value, path, issues):
    """sammanträde.tid: a time of day ("18:30", "kl 13.00–16.00") is written as Swedish
    writes it, "kl. 18.30", "kl. 13.00–16.00"; any other text ("efter kommunstyrelsens
    sammanträde") stands as written."""
    written = text(value, path, issues)
    found = _CLOCK.match(written)
    if found is None:
        return written
    hours, minutes, about = found.group(1, 4), found.group(2, 5), found[3]
    for hour, minute in zip(hours, minutes):
        if hour is not None and (int(hour) > 23 or int(minute) > 59):
            raise Invalid(
                f"'{written}' är inget klockslag ({hour}.{minute})",
                "Skriv tiden som timmar och minuter, t.ex. 13.00 eller 13.00–16.00.",
            )
    shown = f"kl. {hours[0]}.{minutes[0]}"
    if hours[1] is None:
        return shown
    about = f"{about.strip().lower().rstrip('.')} " if about else ""
    return f"{shown}–{about}{hours[1]}.{minutes[1]}"


class AgendaItem(Record):
    """punkt: an item of a board meeting's agenda: a case (a document folder) or a short case."""

    KIND = "punkt"
    ENGINE_READS = ("numbered", "own_number")  # the numbering of the items (docgen.view.cases)
    SHOWN_AS = {
        "case": ("punkt", "förslag"),
        "proposal": ("punkt", "förslagstext"),
        # in the table (the starter's) or in the item's own section below it
        "presenter": (("punkt", "föredragande"), ("punkt", "föredragande_i_tabellen")),
        "case_number": (("punkt", "dnr"), ("punkt", "dnr_i_tabellen")),
        "description": ("punkt", "beskrivning"),
        "onward": ("ärenden vidare", "punkter"),
        "group": ("punkt", "rubrik"),
    }

    FIELDS = (
        F("case", "ärende", text, required=False),  # organisation/dokument of a case folder
        F("heading", "rubrik", text, required=False),
        # a heading within the list ("Ärenden till kommunfullmäktige"): no number, bold in the table
        F("group", "mellanrubrik", text, required=False),
        F("case_number", "dnr", text, required=False),  # a short case's diarienummer
        F("description", "beskrivning", markdown, required=False),  # a short case's background
        F("proposal", "förslag", markdown, required=False),
        F("presenter", "föredragande", text, required=False),
        F("time", "tid", clock_time, required=False),  # the item's time at the meeting: "18.15", shown "kl. 18.15"
        F("onward", "vidare_till", text, required=False),  # the body it goes on to: "kommunfullmäktige"
        # false: no number of its own ("Upprop", a heading such as "Beslutsärenden"); the next item goes on
        F("numbered", "numrerad", boolean, required=False, default=True),
        # the item's number as the list writes it ("4 a", "4 b" in a stadsdelsnämnd's list); the next
        # item goes on from its leading number (5 after "4 b")
        F("own_number", "nummer", text, required=False),
    )

    def check(self):
        if self.group is not None:
            others = [key for name, key in _GROUP_ALONE if getattr(self, name) is not None] + (
                [] if self.numbered else ["numrerad"]
            )
            if others:
                raise Invalid(
                    f"en mellanrubrik ('{self.group}') är bara en rubrik i listan och har inget "
                    f"{', '.join(repr(k) for k in others)}: skriv punkten under mellanrubriken som en egen "
                    "punkt (med 'rubrik' eller 'ärende'), eller ta bort fälten",
                    at=(others[0],),
                )
            return
        if (self.case is None) == (self.heading is None):
            raise Invalid(
                "en punkt ska ha antingen 'ärende' (en ärendemapp), 'rubrik' (ett kort ärende) eller "
                "'mellanrubrik' (en rubrik i listan, som Beslutsärenden)"
            )
        if self.case is not None and (self.case_number is not None or self.description is not None):
            raise Invalid(
                "en punkt med 'ärende' hämtar diarienumret och ärendebeskrivningen ur ärendemappen: "
                "skriv 'dnr' och 'beskrivning' där, eller ta bort dem här"
            )
        if not self.numbered and self.own_number is not None:
            raise Invalid(
                f"en punkt utan nummer (numrerad: false) kan inte ha nummer '{self.own_number}': "
                "ta bort 'numrerad: false' eller 'nummer'",
                at=("nummer",),
            )
        if not self.numbered and self.onward is not None:
            raise Invalid(
                "en punkt utan nummer (numrerad: false) kan inte räknas upp bland ärendena till "
                f"{self.onward}: ta bort 'numrerad: false' eller 'vidare_till'",
                at=("numrerad",),
            )


# What a mellanrubrik never has: it stands alone in the list (the English name, the key written).
_GROUP_ALONE = (
    ("case", "ärende"),
    ("heading", "rubrik"),
    ("case_number", "dnr"),
    ("description", "beskrivning"),
    ("proposal", "förslag"),
    ("presenter", "föredragande"),
    ("time", "tid"),
    ("onward", "vidare_till"),
    ("own_number", "nummer"),
)


class Meeting(Record):
    """sammanträde: a board meeting and its agenda."""

    KIND = "sammanträde"
    SHOWN_AS = {"items": ("punkt", "rubrik"), "first_number": ("punkt", "nummer")}

    FIELDS = (
        # the document's heading when it is not the template's own: "Kallelse", "Kallelse och föredragningslista"
        F("title", "rubrik", text, required=False),
        F("date", "datum", date, required=False),
        F("time", "tid", clock_time, required=False),  # "13.00–16.00", shown "kl. 13.00–16.00"
        F("place", "plats", text, required=False),
        F("adjustment", "justering", text, required=False),  # when, where and by whom the minutes are checked
        F("chair", "ordförande", text, required=False),  # who calls the meeting: "Anders Åkerlind (M)"
        F("secretary", "sekreterare", text, required=False),
        # who is called, as the kallelse lists them: "Anders Ceder (S), ordf."
        F("members", "ledamöter", list_of(text), required=False, default=list),
        F("substitutes", "ersättare", list_of(text), required=False, default=list),
        F("notes", "upplysningar", markdown, required=False),  # "Sammanträdet är öppet för allmänheten."
        F("items", "punkter", list_of(record(AgendaItem), min_items=1)),
        # the first item's number: the § it gets in the minutes, when they number on from earlier meetings
        F("first_number", "första_paragraf", between(1, 9999), required=False, default=1),
    )
