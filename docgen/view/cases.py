"""Cases for a board's agenda (part of the compute stage): the decision draft of a document,
and the agenda of a meeting, built from the sources the decisions come from.

A decision draft names the document it puts forward (`avser`); its att-satser are that
document's, so the plan and its decision draft cannot drift apart. A clause with
`revideringar` lists the revisions between two versions of a plan (docgen.view.revisions); any
generated sentence can be replaced by the editor's wording (`egen_lydelse`), matched against
the sentence it replaces, so a change in the plans that changes that sentence stops the build
instead of leaving a stale wording in a decision.
"""

from __future__ import annotations

import re
from pathlib import Path

from docgen.errors import DocgenError, Problem
from docgen.sources import schema
from docgen.sources.unfinished import StandIn
from docgen.sources.references import Library
from docgen.view import formatting as fmt
from docgen.view.language import UnknownVerb, as_decided
from docgen.view.node import Node, node
from docgen.view.revisions import Revision, as_text, revisions

# The consequence sections a board expects of a tjänsteskrivelse when the case's sources do
# not list their own (`konsekvenser`): each is shown, marked ATT UPPDATERA until written.
CONSEQUENCES = (
    "Ekonomiska konsekvenser",
    "Konsekvenser för jämställdhet",
    "Konsekvenser för barn",
    "Konsekvenser för miljön",
)


def unbroken(case_number: str | None) -> str | None:
    """A diarienummer ("2018/KS 0290 10") is one identifier: its spaces are no-break spaces, so
    that a line or a narrow table column never parts it."""
    return case_number.replace(" ", "\u00a0") if case_number else case_number


def _consequences(case) -> list[Node]:
    written = case.consequences
    if written is None:
        return [
            node(schema.Consequence, heading=heading, text=f"[[ATT UPPDATERA: {heading.lower()} saknas i underlaget]]")
            for heading in CONSEQUENCES
        ]
    return [
        node(
            schema.Consequence,
            heading=c.heading,
            text=c.text or f"[[ATT UPPDATERA: {c.heading.lower()} saknas i underlaget]]",
        )
        for c in written
    ]


def _officer(case) -> Node | None:
    officer = case.officer
    if officer is None:
        return None
    return node(schema.Officer, name=officer.name, title=officer.title, phone=officer.phone, email=officer.email)


def _own_paper(case, name: str) -> str | None:
    """The tjänsteskrivelse itself as the first item of its beslutsunderlag ("Tjänsteskrivelse
    28 augusti 2018"), named as the organisation names it (benämningar: tjänsteskrivelse, e.g.
    "Ordförandeförslag 9 januari 2020"), when it has a date and the editor has not listed it in
    their own words with the same date ("Tjänsteskrivelse daterad 2018-08-28", "Kommunkontorets
    skrivelse den 30 augusti 2012", "Ordförandeförslag daterat 2020-01-09"), which would stand twice."""
    if case.date is None:
        return None
    dates = (fmt.date_long(case.date), fmt.date_iso(case.date))
    for item in case.basis:
        plain = item.replace("\u00a0", " ").lower()
        if ("skrivelse" in plain or name.lower() in plain) and any(d in plain for d in dates):
            return None
    return f"{name} {fmt.date_long(case.date)}"


def case_view(src: schema.Sources, library: Library) -> Node | None:
    """What a decision draft shows, resolved: heading, description, clauses in the chosen
    form, basis, signatories, recipients and the files of the documents it concerns."""
    case = src.case
    if case is None:
        return None
    file, line = case.where()
    decision, concerned = src.decision, None
    if case.concerns:
        concerned = library.document(case.concerns)
        if concerned is None:
            raise DocgenError(
                Problem(file, line, f"ärendet avser '{case.concerns}', som inte finns under sources/.", "")
            )
        decision = _concerned_decision(src, concerned, case.concerns)
    if decision is None:
        raise DocgenError(
            Problem(
                file,
                line,
                "ärendet har inget förslag till beslut ('beslut' saknas).",
                "Skriv 'beslut' här eller ange med 'avser' dokumentet vars beslut föreslås.",
            )
        )
    form = case.decision_form or decision.form
    if form == schema.CLAUSES and decision.form == schema.SENTENCES:
        raise DocgenError(
            Problem(
                file,
                line,
                "beslutet är skrivet som beslutsmeningar och kan inte visas som att-satser.",
                "Skriv om beslutet som att-satser eller välj beslutsform: beslutsmeningar.",
            )
        )
    if form == schema.SENTENCES and decision.form == schema.CLAUSES and decision.continues_intro():
        raise DocgenError(
            Problem(
                file,
                line,
                f"att-satserna fortsätter inledningen '{decision.intro}' och kan inte skrivas om till "
                "beslutsmeningar (docgen gissar aldrig en mening i ett beslut).",
                "Välj beslutsform: att-satser, eller skriv ärendets eget 'beslut' med form: beslutsmeningar "
                "och meningarna som de ska stå i protokollet.",
            )
        )
    clauses = []
    for number, clause in enumerate(decision.clauses, 1):
        text = clause.text
        if form == schema.SENTENCES and decision.form == schema.CLAUSES:
            try:
                text = as_decided(text, src.document.board)
            except UnknownVerb as exc:
                raise DocgenError(
                    Problem(
                        file,
                        line,
                        f"att-sats {number} börjar med verbet '{exc}', som docgen inte kan "
                        "skriva om till en beslutsmening.",
                        "Skriv beslutet med beslutsform: beslutsmeningar och meningarna som de ska stå i protokollet.",
                    )
                ) from None
        # "83 mnkr" and "1 000 kr" kept on one line, as in all running text (the .json has plain spaces)
        clauses.append(node(schema.PROPOSAL, text=fmt.prose(text), revisions=_revisions(clause, library, file, line)))
    concerned_title = concerned.document.title if concerned else None
    files = [f"{concerned.document.file_name}.docx"] if concerned else []
    description = case.description or (concerned.texts.get(schema.DESCRIPTION_TEXT) if concerned else None)
    return node(
        schema.CASE,
        heading=fmt.prose(case.heading or concerned_title or src.document.title),
        meeting=case.meeting,
        case_number=unbroken(case.case_number),
        summary=case.summary,
        description=description,
        intro=decision.intro,
        decision_form=form,
        proposals=clauses,
        basis=([concerned_title] if concerned_title else []) + list(case.basis),
        signatories=[node(schema.Signatory, name=s.name, title=s.title) for s in case.signatories],
        recipients=list(case.recipients),
        document_files=files,
        date=case.date,
        own_paper=_own_paper(case, src.document.terms.own_paper),
        officer=_officer(case),
        consequences=_consequences(case),
    )


def _concerned_decision(src: schema.Sources, concerned: schema.Sources, folder: str):
    """The decision a case that concerns a document proposes: the document's own beslut (a
    plan whose att-satser are the decision), or the case's when the document has none (a
    verksamhetsplan: "Kulturnämnden fastställer verksamhetsplan 2018"); never one of two in
    silence."""
    own, theirs = src.decision, concerned.decision
    if own is not None and theirs is not None:
        file, line = own.where()
        raise DocgenError(
            Problem(
                file,
                line,
                f"ärendet har ett eget 'beslut' och avser '{folder}', som har sitt eget beslut: "
                "docgen väljer inte ett av dem.",
                f"Ta bort 'beslut' här för att föreslå beslutet i '{folder}', eller ta bort 'avser' "
                "under ärende för att föreslå det här beslutet.",
            )
        )
    if own is None and theirs is None:
        file, line = src.case.where()
        raise DocgenError(
            Problem(
                file,
                line,
                f"ärendet har inget förslag till beslut: varken här eller i '{folder}', som det avser, står något 'beslut'.",
                "Skriv förslaget under 'beslut' här (t.ex. 'Nämnden fastställer verksamhetsplanen'), "
                f"eller i dokumentet '{folder}'.",
            )
        )
    return own if own is not None else theirs


def _revisions(clause, library: Library, file, line) -> list[Node]:
    if clause.revisions is None:
        return []
    versions = []
    for folder in (clause.revisions.old, clause.revisions.new):
        document = library.document(folder)
        if document is None:
            raise DocgenError(
                Problem(file, line, f"revideringarna jämför med '{folder}', som inte finns under sources/.", "")
            )
        versions.append(document)
    found = _reworded(revisions(*versions), clause.revisions.rewordings)
    return [node(schema.REVISION, sentence=r.sentence, items=list(r.items)) for r in found]


def _same(a: str, b: str) -> bool:
    """Equal but for spacing and the minus sign the editor typed."""

    def plain(text: str) -> str:
        return " ".join(text.replace("\u00a0", " ").replace("−", "-").split())

    return plain(a) == plain(b)


def _reworded(found: list[Revision], rewordings) -> list[Revision]:
    """The generated revisions with each sentence (or listed item) the editor reworded replaced."""
    problems = []
    for rewording in rewordings:
        hits = [(r, None) for r in found if _same(r.sentence, rewording.generated)]
        hits += [(r, n) for r in found for n, item in enumerate(r.items) if _same(item, rewording.generated)]
        if not hits:
            file, line = rewording.where("generated")
            problems.append(
                Problem(
                    file,
                    line,
                    f"meningen '{rewording.generated}' är inte en av revideringarna som jämförelsen av planerna ger.",
                    "Skriv under 'genererad' en av de genererade meningarna (som `docgen diff` visar "
                    "dem), ordagrant:\n" + as_text(found),
                )
            )
            continue
        for revision, index in hits:
            if index is None:
                revision.sentence = rewording.text
            else:
                revision.items[index] = rewording.text
    if problems:
        raise DocgenError(problems)
    return found


def agenda_view(src: schema.Sources, library: Library) -> list[Node]:
    """The meeting's items, numbered, each with its proposed decision."""
    if src.meeting is None:
        return []
    items = []
    for number, item in _numbered(src.meeting):
        file, line = item.where()
        if item.case is None:
            items.append(
                node(
                    schema.AGENDA_ITEM,
                    number=number,
                    heading=fmt.prose(item.heading or item.group),  # a heading is typeset as the text is
                    case_number=item.case_number,
                    description=item.description,
                    summary=None,
                    proposals=[],
                    proposal_text=item.proposal,
                    presenter=item.presenter,
                    time=item.time,
                    case_number_shown=item.case_number or "",
                    presenter_shown=item.presenter or "",
                    onward=item.onward,
                    group=item.group is not None,
                )
            )
            continue
        case_sources = library.document(item.case)
        if case_sources is None or case_sources.case is None:
            raise DocgenError(
                Problem(
                    file,
                    line,
                    f"punkten pekar på '{item.case}', som inte är en ärendemapp under sources/.",
                    "Ange mappen för ett ärende (med 'ärende' i källorna).",
                )
            )
        view = case_view(case_sources, library)
        officer = view.of("officer")
        presenter = item.presenter or (
            officer.of("name") + (f", {officer.of('title')}" if officer.of("title") else "") if officer else None
        )
        items.append(
            node(
                schema.AGENDA_ITEM,
                number=number,
                heading=view.of("heading"),
                case_number=view.of("case_number"),
                description=None,
                summary=view.of("summary"),
                proposals=view.of("proposals"),
                proposal_text=item.proposal,
                intro=view.of("intro"),
                presenter=presenter,
                time=item.time,
                case_number_shown=view.of("case_number") or _missing_case_number(number, item, view, case_sources),
                presenter_shown=presenter or _missing_presenter(number, item, view, case_sources),
                onward=item.onward,
                group=False,
            )
        )
    return items


def _missing_in_case(what: str, lacks: str, where: tuple, number: int | None, view: Node, hint: str) -> StandIn:
    """The table's marker for what a case folder's item lacks ("dnr saknas"), carrying the
    problem told at `where` (file, line): "punkt 3 på föredragningslistan ('…') har inget …"."""
    heading = view.of("heading")
    named = f"punkt {number} på föredragningslistan ('{heading}')" if number else f"punkten '{heading}'"
    marker = f"[ATT UPPDATERA: {what} saknas]"
    problem = Problem(*where, f"{named} har {lacks} och står markerad: {marker}", hint + " Eller bygg utan --slutlig.")
    return StandIn(f"[{marker}]", problem)


def _missing_case_number(number: int | None, item, view: Node, case_sources: schema.Sources) -> StandIn:
    """A case folder without a dnr: told at the case's 'ärende:' line in its own sources
    (where the dnr is written), not in the agenda's."""
    case = schema.Sources.key_of("case")
    hint = (
        f"Skriv 'dnr' under '{case}:' i ärendets källor (se docs/kallformat.md). Har era listor ingen kolumn "
        "för diarienummer, ta bort den i mallen i Word eller LibreOffice."
    )
    return _missing_in_case("dnr", "inget diarienummer", case_sources.where("case"), number, view, hint)


def _missing_presenter(number: int | None, item, view: Node, case_sources: schema.Sources) -> StandIn:
    """A case folder with neither a föredragande on the item nor a handläggare in the case:
    told at the item's line, naming both places."""
    case_file, _ = case_sources.where("case")
    hint = (
        f"Skriv 'föredragande' under punkten, eller 'handläggare' under '{schema.Sources.key_of('case')}:' i "
        f"{item.case}/{Path(case_file).name if case_file else 'arende.yaml'} (se docs/kallformat.md)."
    )
    return _missing_in_case("föredragande", "ingen föredragande", item.where(), number, view, hint)


def _numbered(meeting) -> list[tuple[int | str | None, object]]:
    """The items with their numbers, counted from `första_paragraf`: an item with `numrerad:
    false` ("Upprop", a heading such as "Beslutsärenden") has none, and the next item takes the
    number it would have had, as the kallelse numbers only its ärenden. An item with its own
    `nummer` ("4 a") has that one, and the next item goes on from its leading number (5 after
    "4 b"), as a stadsdelsnämnd's list does."""
    numbered, number = [], meeting.first_number
    for item in meeting.items:
        if item.own_number is not None:
            numbered.append((item.own_number, item))
            leading = re.match(r"\d+", item.own_number)
            number = int(leading.group()) + 1 if leading else number
        elif item.numbered and item.group is None:
            numbered.append((number, item))
            number += 1
        else:
            numbered.append((None, item))
    _refuse_numbers_given_twice(numbered)
    return numbered


def _refuse_numbers_given_twice(numbered: list) -> None:
    """Two items under one number ("4 a" written twice, or "3" on the item after 3): the list and
    the minutes would name two cases by it. Said at the second, with the first's line."""
    first: dict[str, object] = {}
    for number, item in numbered:
        if number is None:
            continue
        key = " ".join(str(number).split()).casefold()
        if key not in first:
            first[key] = item
            continue
        file, line = item.where("own_number") if item.own_number is not None else item.where()
        _first_file, first_line = first[key].where()
        raise DocgenError(
            Problem(
                file,
                line,
                f"punkten har nummer {number}, som punkten på rad {first_line} redan har: två ärenden "
                "på föredragningslistan kan inte ha samma nummer.",
                "Ge punkten ett eget nummer under 'nummer' (t.ex. '4 b' efter '4 a'), eller ta bort "
                "'nummer' så att den får nästa nummer i ordningen.",
            )
        )


def onward_view(src: schema.Sources) -> list[Node]:
    """The items that go on to another body, per body in the order first named, their numbers
    as ranges: a kommunstyrelse's "Ärenden till kommunfullmäktige: 12–13, 15"."""
    if src.meeting is None:
        return []
    bodies: dict[str, list[int]] = {}
    for number, item in _numbered(src.meeting):
        if item.onward and number is not None:
            bodies.setdefault(item.onward, []).append(number)
    return [node(schema.ONWARD, body=body, items=number_ranges(numbers)) for body, numbers in bodies.items()]


def number_ranges(numbers: list[int | str]) -> str:
    """[12, 13, 15] -> '12–13, 15' (en dash in a range, as in an agenda); an item's own
    number ("4 a") stands by itself."""
    runs: list[list] = []
    for number in numbers:
        if runs and isinstance(number, int) and isinstance(runs[-1][-1], int) and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs)
