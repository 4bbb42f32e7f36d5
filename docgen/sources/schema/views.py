"""What docgen builds for templates, under the names templates use (`{{ ärendet.dnr }}`,
`{{ rad.målvärde }}`): the views of "## ärende" and "## sammanträde", the status tables of
"## uppföljning", and what the template sees besides the sources (`antal`, a beredning's
`följda_uppdrag`). Editors write these names in their Word templates, so they never change;
the code names each field in English and asks the view for its Swedish name.
"""

from __future__ import annotations

from docgen.sources.records import Record
from docgen.sources.schema.cases import Consequence, Officer, Signatory
from docgen.sources.schema.flows import ChapterBlock, Picture
from docgen.sources.schema.goals import Assignment, Committee, Follower, OtherFollowUp
from docgen.sources.schema.objectives import AssignmentGroup, AssignmentSeries
from docgen.sources.schema.planning import Body, BudgetAssignment
from docgen.sources.schema.root import Sources


class View:
    """A kind of item docgen builds for templates (never written in sources): its kind and the
    Swedish name of each field (English name -> key). `extends` is the record it adds fields to.

    `shapes` says what a field holds where that is an item or a list of items (English name ->
    a record class or View, [X] for a list of them, (X, Y) for either), so that `docgen check`
    and the build can look up a field of it that a template names inside a loop the sources
    leave empty this year (docgen.word.templatefields). Declare only what every node built
    for the field is, with no key its kind lacks; a field not declared is not looked into."""

    def __init__(self, kind: str, extends: type[Record] | None = None, shapes: dict | None = None, **keys: str):
        self.KIND, self.extends, self.keys, self.shapes = kind, extends, keys, shapes or {}

    def kind(self) -> str:
        return self.KIND

    def key_of(self, name: str) -> str:
        """The Swedish name templates use for the field with the English `name`."""
        if name in self.keys or self.extends is None:
            return self.keys[name]
        return self.extends.key_of(name)


# ---------------------------------------------------------------- ärende and sammanträde
# (each view after the views its fields hold: see View.shapes)

REVISION = View("revidering", sentence="mening", items="punkter")
# one att-sats or beslutsmening
PROPOSAL = View("förslag", shapes={"revisions": [REVISION]}, text="text", revisions="revideringar")
CASE = View(
    "ärendevy",
    shapes={"proposals": [PROPOSAL], "signatories": [Signatory], "officer": Officer, "consequences": [Consequence]},
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
# The agenda's items that go on to another body, by body: "Ärenden till kommunfullmäktige: 12–13, 15".
ONWARD = View("ärenden vidare", body="till", items="punkter")
AGENDA_ITEM = View(
    "punkt",
    shapes={"proposals": [PROPOSAL]},
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
# one målsättning's styrtal: each a styrtal's status, or a heading over its delindikatorer
STATUS_GROUP = View(
    "statusgrupp", shapes={"indicators": [(INDICATOR_STATUS, INDICATOR_HEADING)]}, name="namn", indicators="styrtal"
)
FOLLOW_UP = View(
    "uppföljningsvy",
    shapes={
        "objectives": [STATUS_GROUP],
        "summary": [STATUS_COUNT],
        "total": STATUS_COUNT,
        "assignments": [ASSIGNMENT_STATUS],
    },
    plan="plan",
    period="period",
    year="år",
    column_headings="kolumnrubriker",
    objectives="målsättningar",
    summary="sammanfattning",
    total="totalt",
    assignments="uppdrag",
)

# ---------------------------------------------------------------- the template's own names

COUNTS = View(
    "antal", assignments="uppdrag", indicators="styrtal", other_follow_ups="annan_uppföljning", total="totalt"
)
COMMITTEE = View(
    "beredning", extends=Committee, followed_assignments="följda_uppdrag", followed_follow_ups="följd_uppföljning"
)
# A reference by id in the sources is the item it names in the template (view.context.build_context:
# `{{ g.serie.prefix }}`, `{{ b.bild|bild }}`): what the field holds there, for the template check.
GROUP_SERIES = View("uppdragsgrupp", extends=AssignmentGroup, shapes={"series": AssignmentSeries}, series="serie")
BLOCK_PICTURE = View("block", extends=ChapterBlock, shapes={"picture": Picture}, picture="bild")
BUDGET_ASSIGNMENT_BODIES = View("uppdrag", extends=BudgetAssignment, shapes={"to": [Body]}, to="till")
ASSIGNMENT_FOLLOWERS = View(
    "uppdrag", extends=Assignment, shapes={"followed_by": [(COMMITTEE, Follower)]}, followed_by="följs_av"
)
FOLLOW_UP_FOLLOWERS = View(
    "annan uppföljning", extends=OtherFollowUp, shapes={"followed_by": [(COMMITTEE, Follower)]}, followed_by="följs_av"
)
# an uppdrag or annan uppföljning, and where it stands: the item's own fields and `avsnitt`, so no
# field of a beredning's följda_uppdrag declares it as its shape (it has keys this view lacks)
FOLLOWED = View("följt uppdrag", section="avsnitt")
# The names a template sees besides the sources' sections (Sources.SHOWN_AS calls this kind "mall").
TEMPLATE = View(
    "mall",
    extends=Sources,
    shapes={"case": CASE, "agenda": [AGENDA_ITEM], "onward": [ONWARD], "follow_up": FOLLOW_UP, "counts": COUNTS},
    case="ärendet",
    agenda="föredragningslista",
    onward="ärenden_vidare",
    follow_up="uppföljningen",
    counts="antal",
)
