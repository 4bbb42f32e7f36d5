"""Follow-up of a plan (part of the compute stage): outcomes of one period against the plan's
targets, statuses computed (docgen.status), overrides with their reasons, and the counts per
målsättning and colour, computed, never typed.

Outcomes come from the follow-up's sources (`utfall`), from a controller's export (a CSV file
with one row per styrtal and period, read as is), or from the plan's own last known values.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from . import schema
from .errors import DocgenError, Problem
from .freshness import note_file
from .records import Invalid, amount
from .references import Library
from .environment import Node
from .status import GREEN, RED, UNKNOWN, YELLOW, UnknownTarget, parse_target, styrtal_status, summary


def indicators(plan: schema.Sources):
    """(key, målsättning, styrtal) for every styrtal with a target, sub-indicators included.
    The key is '<målsättning-id>/<nummer>' (or the text when it has no number)."""
    for objective in plan.objectives:
        for indicator in objective.indicators:
            for item in [indicator] + list(indicator.parts):
                yield f"{objective.id}/{item.number or item.text}", objective, item, indicator


def _numeric(measure) -> Decimal | None:
    if measure is None:
        return None
    if measure.kind in ("number",):
        return measure.number
    if measure.kind == "text":  # "5 av 8": the first number, when the target counts the same way
        parts = measure.text.split()
        if len(parts) == 3 and parts[1] == "av" and parts[0].isdigit():
            return Decimal(parts[0])
    return None


def _direction(item, parent) -> tuple[str | None, bool]:
    """The declared direction, or one inferred from this year's and the long-term target."""
    declared = getattr(item, "direction", None) or getattr(parent, "direction", None)
    if declared:
        return declared, False
    target, long_term = _numeric(item.target), _numeric(item.long_term_target)
    if target is not None and long_term is not None and target != long_term:
        return ("högt" if long_term > target else "lågt"), True
    return None, False


def read_outcomes_file(path: Path, period: str, known: set[str]) -> dict[str, tuple]:
    """A controller's CSV export: columns styrtal, period, värde (and föregående); ; or , as
    separator; Swedish decimal comma. Errors name the file and the row."""
    if not path.is_file():
        raise DocgenError(Problem(path, None, "utfallsfilen finns inte.", "Kontrollera 'utfall_fil'."))
    note_file(path)
    rows = _spreadsheet_rows(path) if path.suffix.lower() == ".xlsx" else _csv_rows(path)
    problems, found = [], {}
    for number, row in enumerate(rows, 2):
        key = (row.get("styrtal") or "").strip()
        if key not in known:
            problems.append(Problem(path, number, f"styrtalet '{key}' finns inte i planen.",
                                    "Ange styrtalet som målsättningens id/nummer, t.ex. ms1/3 a."))
            continue
        if (row.get("period") or "").strip() != period:
            problems.append(Problem(path, number, f"perioden '{row.get('period')}' är inte uppföljningens ({period}).",
                                    "Ta bara med utfall för uppföljningens period."))
            continue
        try:
            value = amount(row.get("värde"), (), []) if (row.get("värde") or "").strip() else None
            previous = amount(row.get("föregående"), (), []) if (row.get("föregående") or "").strip() else None
        except Invalid as exc:
            problems.append(Problem(path, number, f"värdet {exc.message}.", "Skriv ett tal, t.ex. 82,5."))
            continue
        found[key] = (value, previous, None)
    if problems:
        raise DocgenError(problems)
    return found


def _csv_rows(path: Path) -> list[dict]:
    text = path.read_text(encoding="utf-8-sig")
    dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=";,\t")
    return list(csv.DictReader(text.splitlines(), dialect=dialect))


def _spreadsheet_rows(path: Path) -> list[dict]:
    """The first sheet of an .xlsx export, its first row the column names (openpyxl)."""
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
    except Exception as exc:  # not an .xlsx file, or damaged
        raise DocgenError(Problem(path, None, f"filen går inte att läsa som Excel-fil ({type(exc).__name__}).",
                                  "Spara exporten som .xlsx eller .csv.")) from None
    rows = list(sheet.iter_rows(values_only=True))
    header = [str(h).strip() if h is not None else "" for h in rows[0]] if rows else []
    return [{name: ("" if value is None else str(value)) for name, value in zip(header, row)} for row in rows[1:]]


def follow_up_view(src: schema.Sources, library: Library, folder: Path) -> Node | None:
    follow = src.follow_up
    if follow is None:
        return None
    file, line = follow.where("plan")
    plan = library.document(follow.plan)
    if plan is None:
        raise DocgenError(Problem(file, line, f"planen '{follow.plan}' finns inte under sources/.", ""))
    entries = list(indicators(plan))
    known = {key for key, *_ in entries}
    outcomes: dict[str, tuple] = {}
    if follow.outcomes_from_plan:
        outcomes = {key: (_numeric(item.outcome), None, None) for key, _o, item, _p in entries}
    if follow.outcomes_file:
        outcomes.update(read_outcomes_file(folder / follow.outcomes_file, follow.period, known))
    problems = []
    for outcome in follow.outcomes:
        if outcome.indicator not in known:
            f, l = outcome.where("indicator")
            problems.append(Problem(f, l, f"styrtalet '{outcome.indicator}' finns inte i planen.", ""))
        outcomes[outcome.indicator] = (outcome.value, outcome.previous, outcome.baseline)
    overrides = {o.indicator: o for o in follow.overrides}
    for override in follow.overrides:
        if override.indicator not in known:
            f, l = override.where("indicator")
            problems.append(Problem(f, l, f"styrtalet '{override.indicator}' finns inte i planen.", ""))
    if problems:
        raise DocgenError(problems)
    groups: dict[str, list] = {}
    statuses = []
    for key, objective, item, parent in entries:
        value, previous, baseline = outcomes.get(key, (None, None, None))
        direction, inferred = _direction(item, parent)
        status, note = UNKNOWN, ""
        if item.target is not None:
            target_number = _numeric(item.target)
            try:
                written = item.target.text if item.target.kind != "text" or target_number is None else str(target_number)
                rule = parse_target(written, direction)
                status = styrtal_status(rule, value, previous, baseline)
            except UnknownTarget:
                if value is not None and target_number is not None and value == target_number:
                    status = GREEN  # the target is met, whichever way is better
                else:
                    note = "målvärdet går inte att jämföra med ett tal"
        if status == UNKNOWN and value is not None and not note:
            note = "målvärdet går inte att jämföra med ett tal"
        if key in overrides:
            note = f"ändrad från {status}: {overrides[key].reason}"
            status = overrides[key].status
        elif inferred and status != UNKNOWN:
            note = f"riktningen ({direction} värde eftersträvas) härledd ur målvärdena"
        name = f"Målsättning nr {objective.number}: {objective.name}" if objective.number else objective.name
        statuses.append((name, status))
        groups.setdefault(name, []).append(Node("styrtalsstatus", {
            "nummer": item.number, "text": item.text, "utfall": item.outcome if follow.outcomes_from_plan else value,
            "målvärde": item.target, "status": status, "anmärkning": note}))
    assessed = _assessments(follow, plan)
    counts = summary(statuses)
    totals = {colour: sum(row[colour] for row in counts.values()) for colour in (GREEN, YELLOW, RED, UNKNOWN, "totalt")}
    return Node("uppföljningsvy", {
        "plan": plan.document.title, "period": follow.period,
        "målsättningar": [Node("statusgrupp", {"namn": name, "styrtal": rows}) for name, rows in groups.items()],
        "sammanfattning": [Node("statusrad", {"namn": name, **{k.replace(" ", "_"): v for k, v in row.items()}})
                           for name, row in counts.items()],
        "totalt": Node("statusrad", {"namn": "Totalt", **{k.replace(" ", "_"): v for k, v in totals.items()}}),
        "uppdrag": assessed,
    })


def plan_assignments(plan: schema.Sources) -> dict[str, str]:
    """key -> text of every uppdrag of a plan: its id, or '<serie>/<nr>' for numbered ones."""
    found = {a.id: a.text for area in plan.goal_areas for a in area.assignments}
    found.update({a.id: a.text for b in plan.ongoing for f in b.focus_areas for a in f.assignments})
    prefixes = {s.id: s.prefix for s in plan.series}
    for objective in plan.objectives:
        for group in objective.assignment_groups:
            for a in group.assignments:
                found[f"{group.series}/{a.number}"] = f"{prefixes.get(group.series, group.series)} {a.number}. {a.text}"
    return found


def _assessments(follow, plan) -> list[Node]:
    """The uppdrag a person assessed, each with its status and comment (checked against the plan)."""
    known = plan_assignments(plan)
    problems, rows = [], []
    for assessment in follow.assessments:
        if assessment.assignment not in known:
            f, l = assessment.where("assignment")
            problems.append(Problem(f, l, f"uppdraget '{assessment.assignment}' finns inte i planen.",
                                    "Ange uppdragets id, eller serie/nr för numrerade uppdrag (t.ex. rf/10)."))
            continue
        rows.append(Node("uppdragsstatus", {"text": known[assessment.assignment], "status": assessment.status,
                                            "kommentar": assessment.comment or ""}))
    if problems:
        raise DocgenError(problems)
    return rows
