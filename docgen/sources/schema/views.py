"""What docgen builds for templates, under the names templates use (`{{ ärendet.dnr }}`,
`{{ rad.målvärde }}`): the views of "## ärende" and "## sammanträde", the status tables of
"## uppföljning", and what the template sees besides the sources (`antal`, a beredning's
`följda_uppdrag`). Editors write these names in their Word templates, so they never change;
the code names each field in English and asks the view for its Swedish name.
"""

from __future__ import annotations

from docgen.sources.records import Record
from docgen.sources.schema.goals import Committee
from docgen.sources.schema.root import Sources


class View:
    """A kind of item docgen builds for templates (never written in sources): its kind and the
    Swedish name of each field (English name -> key). `extends` is the record it adds fields to."""

    def __init__(self, kind: str, extends: type[Record] | None = None, **keys: str):
        self.KIND, self.extends, self.keys = kind, extends, keys

    def kind(self) -> str:
        return self.KIND

    def key_of(self, name: str) -> str:
        """The Swedish name templates use for the field with the English `name`."""
        if name in self.keys or self.extends is None:
            return self.keys[name]
        return self.extends.key_of(name)


# ---------------------------------------------------------------- the template's own names

# The names a template sees besides the sources' sections (Sources.SHOWN_AS calls this kind "mall").
TEMPLATE = View(
    "mall",
    extends=Sources,
    case="ärendet",
    agenda="föredragningslista",
    onward="ärenden_vidare",
    follow_up="uppföljningen",
    counts="antal",
)
COUNTS = View(
    "antal", assignments="uppdrag", indicators="styrtal", other_follow_ups="annan_uppföljning", total="totalt"
)
COMMITTEE = View(
    "beredning", extends=Committee, followed_assignments="följda_uppdrag", followed_follow_ups="följd_uppföljning"
)
FOLLOWED = View("följt uppdrag", section="avsnitt")  # an uppdrag or annan uppföljning, and where it stands

# ---------------------------------------------------------------- ärende and sammanträde

CASE = View(
    "ärendevy",
    heading="rubrik",
    meeting="sammanträde",
    case_number="dnr",
    summary="sammanfattning",
    description="ärendebeskrivning",
    intro="beslutsinledning",
    decision_form="beslutsform",
    proposals="förslag",
    basis="beslutsunderlag",
    signatories="i_tjänsten",
    recipients="utdrag_till",
    document_files="dokumentfiler",
    date="datum",
    own_paper="egen_tjänsteskrivelse",  # "Tjänsteskrivelse 28 augusti 2018", first in the beslutsunderlag
    officer="handläggare",
    consequences="konsekvenser",
)
PROPOSAL = View("förslag", text="text", revisions="revideringar")  # one att-sats or beslutsmening
REVISION = View("revidering", sentence="mening", items="punkter")
# The agenda's items that go on to another body, by body: "Ärenden till kommunfullmäktige: 12–13, 15".
ONWARD = View("ärenden vidare", body="till", items="punkter")
AGENDA_ITEM = View(
    "punkt",
    number="nummer",
    heading="rubrik",
    case_number="dnr",
    description="beskrivning",  # a short case's background (md)
    summary="sammanfattning",  # a case folder's sammanfattning (md), for a kallelse that prints it; None for a short case
    proposals="förslag",
    proposal_text="förslagstext",
    intro="beslutsinledning",
    presenter="föredragande",
    time="tid",  # "kl. 18.15", or None
    case_number_shown="dnr_i_tabellen",  # with an ATT UPPDATERA marker when missing
    presenter_shown="föredragande_i_tabellen",
    onward="vidare_till",
    group="mellanrubrik",  # true for a heading within the list ("Ärenden till kommunfullmäktige")
)

# What a case-management system takes in beside a decision draft (<fil>.json in build/).
CASE_FILE = View(
    "ärendefil",
    board="nämnd",
    organisation="organisation",
    meeting="sammanträde",
    case_number="diarienummer",
    title="titel",
    decision_form="beslutsform",
    document_files="dokumentfiler",
    date="datum",  # the tjänsteskrivelse's date
    intro="beslutsinledning",
    proposals="förslag_till_beslut",  # the att-satser or beslutsmeningar, in order
)

# ---------------------------------------------------------------- uppföljning

FOLLOW_UP = View(
    "uppföljningsvy",
    plan="plan",
    period="period",
    year="år",
    column_headings="kolumnrubriker",
    objectives="målsättningar",
    summary="sammanfattning",
    total="totalt",
    assignments="uppdrag",
)
STATUS_GROUP = View("statusgrupp", name="namn", indicators="styrtal")  # one målsättning's styrtal
INDICATOR_HEADING = View("styrtalsrubrik", number="nummer", text="text", note="anmärkning")  # over its delindikatorer
INDICATOR_STATUS = View(
    "styrtalsstatus",
    number="nummer",
    text="text",
    outcome="utfall",
    period="period",
    older="äldre",
    target="målvärde",
    trend="trend",  # bättre, sämre, oförändrad or None
    fulfilment="måluppfyllnad",  # the outcome in percent of the target (lower is better: the target of the outcome), or None
    status="status",
    note="anmärkning",
    comment="kommentar",
    columns="kolumner",
)
STATUS_COUNT = View(
    "statusrad", name="namn", green="grön", yellow="gul", red="röd", unknown="ingen_uppgift", total="totalt"
)
# status: the colour (grön, gul, röd, ingen uppgift); word: what the marker says (statusord, or the
# organisation's own word for an uppdrag's status, benämningar: uppdragsstatus)
ASSIGNMENT_STATUS = View(
    "uppdragsstatus", text="text", status="status", word="ord", comment="kommentar", group="gruppens_rubrik"
)
