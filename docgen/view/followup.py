"""Follow-up of a plan (part of the compute stage): outcomes of one period against the plan's
targets, statuses computed (docgen.view.status), overrides with their reasons, and the counts per
målsättning and colour, computed, never typed.

Outcomes come from the follow-up's sources (`utfall`), from a controller's export (a CSV file
with one row per styrtal and period, read as is), or from the plan's own last known values.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from docgen.errors import DocgenError, Problem
from docgen.freshness import note_file
from docgen.sources import schema
from docgen.sources.records import Invalid, amount
from docgen.sources.references import Library
from docgen.sources.vocabulary import status_column_problem
from docgen.view.formatting import period as swedish_period
from docgen.view.node import Node, node
from docgen.view.status import (
    UNKNOWN,
    Undecided,
    UnknownTarget,
    Value,
    WrongLimit,
    limit_rule,
    comparable,
    development,
    fulfilment,
    parse_target,
    styrtal_status,
    summary,
)


def indicators(plan: schema.Sources):
    """(key, målsättning, styrtal, parent) for every styrtal of a plan, sub-indicators after
    their parent. The key is '<målsättning-id>/<nummer>' (or the text when it has no number);
    parent is the styrtal a sub-indicator belongs to (itself for a styrtal)."""
    for objective in plan.objectives:
        for indicator in objective.indicators:
            yield f"{objective.id}/{indicator.number or indicator.text}", objective, indicator, indicator
            for item in indicator.parts:
                yield f"{objective.id}/{item.number or item.text}", objective, item, indicator


def _known_hint(entries) -> str:
    """What to write instead: the plan's own keys (målsättningens id/nummer, or id/text)."""
    keys = [key for key, *_ in entries]
    shown = ", ".join(f"'{k}'" for k in keys[:4]) + (f" och {len(keys) - 4} till" if len(keys) > 4 else "")
    return f"Ange styrtalet som målsättningens id/nummer (id/text när det saknar nummer), som i planen: {shown}."


def _value(measure) -> Value | None:
    """An outcome as a comparable number: a number with its unit, or the N of "N av M"."""
    if measure is None:
        return None
    if isinstance(measure, Decimal):
        return Value(measure)
    if measure.kind == "number":
        return Value(measure.number, unit="%" if measure.unit == "procent" else measure.unit)
    if measure.kind == "text":
        found = re.fullmatch(r"(?:plats\s+)?(\d+)\s+av\s+(\d+)", " ".join(measure.text.lower().split()))
        if found:
            return Value(Decimal(found.group(1)), scale=Decimal(found.group(2)))
    return None


def _year(text: str | None) -> int | None:
    found = re.search(r"\b(19|20)\d\d\b", text or "")
    return int(found.group(0)) if found else None


_PERIOD_WORDS = {
    "hösten",
    "våren",
    "sommaren",
    "vintern",
    "prognos",
    "helår",
    "helåret",
    "delår",
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
}


def outcome_period(item, parent) -> tuple[str, str]:
    """The period an outcome from the plan refers to, as the plan writes it ("2023", "mars-juni
    2025"), and what the plan adds after it ("Införande av Cosmic innebär osäkra resultat 2024")."""
    written = " ".join((item.outcome_period or (parent.outcome_period if parent is not item else "") or "").split())
    parts = re.split(r"(?<=\S)[.,] ", written, maxsplit=1)
    period, rest = parts[0], (parts[1] if len(parts) > 1 else "")
    rest = rest.strip().rstrip(".")
    period = period.rstrip(".")
    if period.split(" ")[0].lower() in _PERIOD_WORDS:  # "(hösten 2025)" inside a sentence
        period = period[:1].lower() + period[1:]
    return period, (rest[:1].upper() + rest[1:] + ".") if rest else ""


COLUMN = schema.OUTCOME_FILE_COLUMNS  # the outcome file's column headings, by English name
OUTCOME_COLUMNS = tuple(COLUMN.values())
REQUIRED_COLUMNS = tuple(COLUMN[name] for name in schema.OUTCOME_FILE_REQUIRED)
TARGET_WORDS = schema.OUTCOME_FILE_TARGETS
MAX_REPORTED = 20  # errors reported from one outcome file; the rest are counted


def read_outcomes_file(path: Path, period: str, known: set[str], comments: dict[str, str]) -> dict[str, tuple]:
    """A controller's export (CSV or the first sheet of an .xlsx, read by docgen.sources.tabular):
    columns styrtal, period, värde (and föregående, enhet, and kommentar, put in `comments`). An
    unknown styrtal, period, value or column is reported with the file and the row (the first
    20, the rest counted); a target never comes from an outcome file (the plan's targets stand)."""
    if not path.is_file():
        raise DocgenError(Problem(path, None, "utfallsfilen finns inte.", "Kontrollera 'utfall_fil'."))
    note_file(path)
    from docgen.sources.tabular import outcome_table

    header, rows = outcome_table(path, REQUIRED_COLUMNS)
    problems = []
    for column in header:
        if column in TARGET_WORDS:
            problems.append(
                Problem(
                    path,
                    1,
                    f"kolumnen '{column}': en utfallsfil kan inte ändra planens målvärden.",
                    "Målvärdena står i planen; ta bort kolumnen ur utfallsfilen.",
                )
            )
        elif column and column not in OUTCOME_COLUMNS:
            problems.append(
                Problem(path, 1, f"kolumnen '{column}' är okänd.", f"Kolumnerna heter {', '.join(OUTCOME_COLUMNS)}.")
            )
    if problems:
        raise DocgenError(problems)
    more, found, first_row = 0, {}, {}

    def report(problem: Problem) -> None:
        nonlocal more
        if len(problems) < MAX_REPORTED:
            problems.append(problem)
        else:
            more += 1

    rows_read = 0
    for number, row in rows:
        rows_read += 1
        if isinstance(row, Problem):
            report(row)
            continue
        cell = {name: row.get(heading) for name, heading in COLUMN.items()}  # by English name
        key = (cell["indicator"] or "").strip()
        if len(problems) >= MAX_REPORTED and (
            key not in known or swedish_period((cell["period"] or "").strip()) != period
        ):
            more += 1  # counted, not described: a file of a million wrong rows stays fast
            continue
        if key not in known:
            report(
                Problem(
                    path,
                    number,
                    f"styrtalet '{key[:60]}' finns inte i planen.",
                    "Ange styrtalet som målsättningens id/nummer, t.ex. ms1/3 a.",
                )
            )
            continue
        if not (cell["period"] or "").strip():
            report(
                Problem(
                    path,
                    number,
                    f"perioden är tom (uppföljningens period är {period}).",
                    f"Skriv '{period}' i kolumnen period på varje rad; i Excel har sammanfogade celler "
                    "sitt värde bara i den översta cellen, så dela upp dem.",
                )
            )
            continue
        if swedish_period((cell["period"] or "").strip()) != period:  # 2020-08 is "augusti 2020"
            report(
                Problem(
                    path,
                    number,
                    f"perioden '{str(cell['period'])[:60]}' är inte uppföljningens ({period}).",
                    "Ta bara med utfall för uppföljningens period.",
                )
            )
            continue
        if key in first_row:
            report(
                Problem(
                    path,
                    number,
                    f"styrtalet '{key}' har redan ett utfall på rad {first_row[key]}.",
                    "Ta bort den ena raden.",
                )
            )
            continue
        first_row[key] = number
        value_text, percent = _percent_stripped(cell["value"])
        previous_text, _ = _percent_stripped(cell["previous"])
        try:
            value = amount(value_text, (), []) if value_text else None
            previous = amount(previous_text, (), []) if previous_text else None
        except Invalid as exc:
            report(Problem(path, number, f"värdet {exc.message}.", "Skriv ett tal, t.ex. 82,5."))
            continue
        unit = " ".join((cell["unit"] or "").split())
        if unit and not schema.OUTCOME_UNIT.fullmatch(unit.lower()):
            report(
                Problem(path, number, f"enheten '{unit[:60]}' är ingen enhet.", "Skriv t.ex. %, procent eller dagar.")
            )
            continue
        if percent and unit and unit.lower() not in ("%", "procent"):
            report(
                Problem(
                    path,
                    number,
                    f"värdet står i procent ({str(cell['value']).strip()}), men enheten är '{unit[:60]}'.",
                    "Skriv värdet i enheten, eller enheten procent.",
                )
            )
            continue
        unit = unit or ("procent" if percent else "")
        found[key] = (_with_unit(value, unit) if unit else value, previous, None)
        if (cell["comment"] or "").strip():
            comments[key] = cell["comment"].strip()
    if problems:
        if more:
            problems.append(
                Problem(
                    path,
                    None,
                    f"och {more:,} fel till i filen (de första {MAX_REPORTED} visas ovan).".replace(",", "\u00a0"),
                    "Rätta dem ovan och bygg igen; är nästan alla rader fel, kontrollera kolumnerna.",
                )
            )
        raise DocgenError(problems)
    if not rows_read:  # an export of the wrong period or report: the document would show no outcome at all
        raise DocgenError(
            Problem(
                path,
                1,
                "utfallsfilen har bara kolumnrubriker, inga rader med utfall.",
                "Exportera utfallen igen (en rad per styrtal: styrtal, period, värde), eller ta bort "
                "'utfall_fil' och skriv 'utfall_ur_planen: true' tills utfallen finns.",
            )
        )
    return found


def _percent_stripped(written) -> tuple[str, bool]:
    """An outcome file's number and whether it is a percentage: a cell Excel shows as a
    percentage, or text with its percent sign ("52%", "52 %", "52 procent", as Excel writes a
    percentage to CSV). The unit is the outcome's own, never the target's."""
    from docgen.sources.tabular import ShownAsPercent

    if isinstance(written, ShownAsPercent):
        return str(written), True
    text = " ".join((written or "").split())
    found = re.fullmatch(r"(.*?\d)\s?(?:%|procent)", text, flags=re.IGNORECASE)
    return (found.group(1), True) if found else (text, False)


def _with_unit(value: Decimal | None, unit: str | None):
    """A bare number (read from an outcome file or written as `värde`) with a declared unit,
    as a Measure; "procent" is shown as % in the table."""
    if value is None or not unit:
        return value
    unit = "%" if unit.lower() == "procent" else unit
    decimals = min(max(0, -value.as_tuple().exponent), 2)  # as written: 21,56 stays 21,56
    return schema.Measure("number", str(value), number=value, unit=unit, decimals=decimals)


def _target_unit(item, parent) -> str | None:
    """The unit the styrtal's target declares ("90 %": %, "ska inte överstiga 200 patienter":
    patienter), or None; never one it does not write."""
    if item.target is None:
        return None
    words = item.text if parent is item else f"{parent.text} {item.text}"
    try:
        unit = parse_target(item.target.text, getattr(item, "direction", None) or parent.direction, words).unit
    except UnknownTarget:
        return None
    written = re.search(re.escape(unit), item.target.text, re.IGNORECASE) if unit else None
    return written.group(0) if written else unit  # as the target writes it: "NKI", not "nki"


def follow_up_view(src: schema.Sources, library: Library, folder: Path) -> Node | None:
    follow = src.follow_up
    if follow is None:
        return None
    file, line = follow.where("plan")
    if (library.root / follow.plan).resolve() == folder.resolve():
        raise DocgenError(
            Problem(
                file,
                line,
                f"uppföljningen följer upp sig själv ('{follow.plan}').",
                "Ange planens mapp under sources/, t.ex. 'sjobo-kommun/budget-2026'.",
            )
        )
    plan = library.document(follow.plan)
    if plan is None:
        raise DocgenError(
            Problem(file, line, f"planen '{follow.plan}' finns inte under sources/.", library.missing_hint(follow.plan))
        )
    entries = list(indicators(plan))
    known = {key for key, *_ in entries}
    outcomes: dict[str, tuple] = {}
    comments: dict[str, str] = {}  # the report's comment per styrtal: the file's, then the sources'
    if follow.outcomes_from_plan:
        outcomes = {key: (item.outcome, None, None) for key, _o, item, _p in entries}
    if follow.outcomes_file and follow.outcomes_file.lower().endswith(".json"):
        from docgen.sources.kolada import read_kolada_file

        municipality = src.document.kolada_id or plan.document.kolada_id
        outcomes.update(
            read_kolada_file(folder / follow.outcomes_file, follow.period, entries, municipality, follow.where)
        )
    elif follow.outcomes_file:
        outcomes.update(read_outcomes_file(folder / follow.outcomes_file, follow.period, known, comments))
    problems = []
    for outcome in follow.outcomes:
        if outcome.indicator not in known:
            at_file, at_line = outcome.where("indicator")
            problems.append(
                Problem(at_file, at_line, f"styrtalet '{outcome.indicator}' finns inte i planen.", _known_hint(entries))
            )
        if outcome.value is None and outcome.previous is None and outcome.baseline is None and outcome.comment:
            continue  # only a comment: the outcome stays the file's or the plan's
        value = _with_unit(outcome.value, outcome.unit) if isinstance(outcome.value, Decimal) else outcome.value
        outcomes[outcome.indicator] = (value, outcome.previous, outcome.baseline)
    comments.update({o.indicator: o.comment for o in follow.outcomes if o.comment})
    reported = {o.indicator: o for o in follow.outcomes if o.trend}  # a trend as the source reports it
    overrides = {o.indicator: o for o in follow.overrides}
    for override in follow.overrides:
        if override.indicator not in known:
            at_file, at_line = override.where("indicator")
            problems.append(
                Problem(
                    at_file, at_line, f"styrtalet '{override.indicator}' finns inte i planen.", _known_hint(entries)
                )
            )
    year = _year(follow.period) or src.document.year
    terms = src.document.terms
    explain = terms.explanations
    headings = {**plan.document.terms.indicator_columns, **terms.indicator_columns}  # the styrtal's own columns
    wrong = status_column_problem(terms, headings, follow.where("plan"))
    if wrong:
        problems.append(wrong)
    groups: dict[str, list] = {}
    statuses = []
    for key, objective, item, parent in entries:
        name = (
            terms.captions.fill("objective", number=objective.number, name=objective.name)
            if objective.number
            else objective.name
        )
        rows = groups.setdefault(name, [])
        if item is parent and item.parts:  # a heading over its sub-indicators, never a measure itself
            period, remark = outcome_period(item, item)
            rows.append(
                node(
                    schema.INDICATOR_HEADING,
                    number=item.number,
                    text=item.text,
                    note=_period_note(period, remark, explain),
                )
            )
            continue
        value, previous, baseline = outcomes.get(key, (None, None, None))
        label = f"{item.number}. {item.text}" if item.number else item.text
        try:
            status, note = _status(item, parent, _value(value), previous, baseline, explain, follow.yellow)
        except WrongLimit as exc:
            at_file, at_line = (item if item.yellow_limit is not None else parent).where("yellow_limit")
            problems.append(Problem(at_file, at_line, f"styrtalet {_short(label)}: {exc.message}", exc.hint))
            continue
        except UnknownTarget as exc:
            at_file, at_line = item.where("target")
            problems.append(Problem(at_file, at_line, f"styrtalet {_short(label)}: {exc.message}", exc.hint))
            continue
        except Undecided as exc:
            if key not in overrides:  # the report's own status, with its reason, settles it
                at_file, at_line = _outcome_where(key, follow, item)
                problems.append(Problem(at_file, at_line, f"styrtalet {_short(label)}: {exc.message}", exc.hint))
                continue
            status, note = None, ""  # not computed: the override is the report's own assessment
        trend = _trend(item, parent, value, previous, reported.get(key), explain, problems)
        own_limit = item.yellow_limit is not None or parent.yellow_limit is not None  # goes before the share
        share = _fulfilment(item, parent, value, explain, None if own_limit else follow.yellow)
        if isinstance(value, Decimal):  # a bare number shows the unit its target declares ("87" against "90 %")
            value = _with_unit(value, _target_unit(item, parent))
        period, remark = outcome_period(item, parent) if follow.outcomes_from_plan and value is not None else ("", "")
        older = _year(period) is not None and _year(period) < year
        notes = [note] if note else []
        if older:
            notes.append(explain.fill("older", outcome_year=_year(period), year=year))
        if remark:
            notes.append(remark)
        if key in overrides:
            reason = overrides[key].reason
            if status is None:  # the rule could not decide: nothing was changed, the report assessed it
                notes = [explain.fill("assessed", reason=reason)]
            else:
                notes = [explain.fill("overridden", status=terms.status_words.word(status).lower(), reason=reason)]
            status = overrides[key].status
        statuses.append((name, status))
        rows.append(
            node(
                schema.INDICATOR_STATUS,
                number=item.number,
                text=item.text,
                outcome=value,
                period=period,
                older=older,
                target=item.target,
                trend=trend,
                fulfilment=share,
                status=status,
                note="\n".join(notes),
                comment=comments.get(key, ""),
                columns={**parent.columns, **item.columns},
            )
        )
    if problems:
        raise DocgenError(problems)
    assessed = _assessments(follow, plan, terms)
    counts = summary(statuses)
    totals = {name: sum(row[name] for row in counts.values()) for name in (*schema.STATUSES, "total")}
    return node(
        schema.FOLLOW_UP,
        plan=plan.document.title,
        period=follow.period,
        year=year,
        column_headings=headings,
        objectives=[
            node(schema.STATUS_GROUP, name=name, indicators=rows)
            for name, rows in groups.items()
            if any(row.shape is schema.INDICATOR_STATUS for row in rows)
        ],
        summary=[node(schema.STATUS_COUNT, name=name, **row) for name, row in counts.items()],
        total=node(schema.STATUS_COUNT, name=terms.columns.total, **totals),
        assignments=assessed,
    )


def _unknown_assignment_status(assessment, terms) -> Problem:
    """A bedömning whose status is not one of the words an uppdrag can have."""
    at_file, at_line = assessment.where("status")
    if terms.assignment_statuses:
        words = ", ".join(f"'{word}'" for word in terms.assignment_statuses)
        hint = f"Skriv ett av organisationens ord för ett uppdrags status (benämningar: uppdragsstatus): {words}."
    else:
        hint = (
            "Skriv grön, gul eller röd; har er organisation egna ord för ett uppdrags status (t.ex. "
            "Genomfört, Pågår, Ej påbörjat), skriv dem med sina färger under 'uppdragsstatus:' i "
            "benämningar.yaml (docs/kallformat.md, avsnittet benämningar)."
        )
    return Problem(at_file, at_line, f"status '{assessment.status}' är ingen status för ett uppdrag.", hint)


_MARKED = re.compile(r"\[\[?\s*att\s+uppdatera", re.I)  # a target the sources still lack


def _outcome_where(key: str, follow, item) -> tuple:
    """Where the outcome of a styrtal is written: its entry under utfall, the outcome file, or
    the plan's own utfall (utfall_ur_planen)."""
    written = [o for o in follow.outcomes if o.indicator == key and o.value is not None]
    if written:
        return written[-1].where("value")
    if follow.outcomes_file:
        return follow.where("outcomes_file")
    return item.where("outcome")


def _status(item, parent, value: Value | None, previous, baseline, explain, yellow) -> tuple[str, str]:
    """The status of one styrtal and, when it is ingen uppgift, why (words for the board)."""
    if item.target is None or _MARKED.search(item.target.text):  # not yet decided: never compared
        return UNKNOWN, explain.missing_target
    words = item.text if parent is item else f"{parent.text} {item.text}"
    rule = parse_target(item.target.text, getattr(item, "direction", None) or parent.direction, words)
    limit = item.yellow_limit if item.yellow_limit is not None else parent.yellow_limit
    if limit is not None:  # the styrtal's own limit for gul goes before the follow-up's rule
        yellow = limit_rule(rule, limit)
    if value is None:
        return UNKNOWN, explain.missing_outcome
    reason = comparable(rule, value, explain)
    if reason:
        return UNKNOWN, reason
    return styrtal_status(rule, value.number, previous, baseline, yellow), ""


def _trend(item, parent, value, previous, reported, explain, problems: list) -> str | None:
    """The styrtal's development since the previous period: computed from värde and föregående
    by the target's direction, or as the source reports it (utfall: trend), which must then
    agree with the computed one."""
    computed = None
    if value is not None and previous is not None and item.target is not None and not _MARKED.search(item.target.text):
        words = item.text if parent is item else f"{parent.text} {item.text}"
        rule = parse_target(item.target.text, getattr(item, "direction", None) or parent.direction, words)
        outcome = _value(value)  # None for a marked outcome: no trend without it
        if outcome is not None and comparable(rule, outcome, explain) is None:
            computed = development(rule, outcome.number, previous)
    if reported is None:
        return computed
    if computed is not None and computed != reported.trend:
        at_file, at_line = reported.where("trend")
        problems.append(
            Problem(
                at_file,
                at_line,
                f"trenden '{reported.trend}' stämmer inte med utfallet och det föregående värdet, "
                f"som säger '{computed}'.",
                "Rätta trenden eller värdena, eller ta bort raden trend: så räknar docgen ut trenden.",
            )
        )
    return reported.trend


def _fulfilment(item, parent, value, explain, yellow) -> Decimal | None:
    """The outcome in percent of the target (måluppfyllnad), when the target is a limit and the
    outcome compares with it (same unit, a number); None otherwise."""
    outcome = _value(value)
    if outcome is None or item.target is None or _MARKED.search(item.target.text):
        return None
    words = item.text if parent is item else f"{parent.text} {item.text}"
    rule = parse_target(item.target.text, getattr(item, "direction", None) or parent.direction, words)
    if comparable(rule, outcome, explain) is not None:
        return None
    return fulfilment(rule, outcome.number, yellow) if yellow is not None else fulfilment(rule, outcome.number)


def _period_note(period: str, remark: str, explain) -> str:
    return "\n".join(x for x in (explain.fill("outcome_period", period=period) if period else "", remark) if x)


def _short(label: str, words: int = 8) -> str:
    parts = label.split()
    return "'" + " ".join(parts[:words]) + (" …'" if len(parts) > words else "'")


def plan_assignments(plan: schema.Sources) -> dict[str, str]:
    """key -> text of every uppdrag of a plan: its id, or '<serie>/<nr>' for numbered ones."""
    found = {a.id: a.text for area in plan.goal_areas for a in area.assignments}
    found.update({a.id: a.text for b in plan.ongoing for f in b.focus_areas for a in f.assignments})
    prefixes = {s.id: s.prefix for s in plan.series}
    for objective in plan.objectives:
        for group in objective.assignment_groups:
            for a in group.assignments:
                if a.number is None:  # an unnumbered uppdrag is known by its id, and shown without a number
                    found[a.id] = a.text
                else:
                    found[f"{group.series}/{a.number}"] = (
                        f"{prefixes.get(group.series, group.series)} {a.number}. {a.text}"
                    )
    return found


def assignment_groups(plan: schema.Sources) -> dict[str, str]:
    """id -> the heading of the plan's group an unnumbered uppdrag stands in (the nämnd it was
    given to, in Region Gävleborg's budget): its only context, where a numbered one has its
    series' prefix ("Nr 10.", "HS nr 1.")."""
    return {
        a.id: group.heading
        for objective in plan.objectives
        for group in objective.assignment_groups
        for a in group.assignments
        if a.number is None
    }


def _assessments(follow, plan, terms) -> list[Node]:
    """The uppdrag a person assessed, each with its status (in the organisation's words when it
    has them: benämningar uppdragsstatus) and comment, checked against the plan; gul and röd
    need a comment."""
    known = plan_assignments(plan)
    groups = assignment_groups(plan)
    problems, rows = [], []
    for assessment in follow.assessments:
        if assessment.assignment not in known:
            at_file, at_line = assessment.where("assignment")
            problems.append(
                Problem(
                    at_file,
                    at_line,
                    f"uppdraget '{assessment.assignment}' finns inte i planen.",
                    "Ange uppdragets id, eller serie/nr för numrerade uppdrag (t.ex. rf/10).",
                )
            )
            continue
        if schema.MARKED_AMOUNT.fullmatch(assessment.status):  # the report gives no status: asked, never guessed
            found = (UNKNOWN, assessment.status)
        else:
            found = terms.assignment_status(assessment.status)
        if found is None:
            problems.append(_unknown_assignment_status(assessment, terms))
            continue
        colour, word = found
        if colour in (schema.YELLOW, schema.RED) and not (assessment.comment or "").strip():
            at_file, at_line = assessment.where("status")
            problems.append(
                Problem(
                    at_file,
                    at_line,
                    f"status {assessment.status} kräver en kommentar.",
                    "Skriv under 'kommentar' vad som hindrar.",
                )
            )
            continue
        rows.append(
            node(
                schema.ASSIGNMENT_STATUS,
                text=known[assessment.assignment],
                status=colour,
                word=word,
                comment=assessment.comment or "",
                group=groups.get(assessment.assignment, ""),
            )
        )
    if problems:
        raise DocgenError(problems)
    return rows
