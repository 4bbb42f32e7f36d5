"""Status of a styrtal from its outcome and target; status of an uppdrag as assessed.

A styrtal's status is computed, never typed:
- grön: the target is met;
- gul: not met, but better than the comparison value (last year's value, or the baseline);
- röd: not met and not better;
- ingen uppgift: no outcome for the period (never an error).
Target forms (the seeds' own wording): a threshold ("≥80 procent", "≤5 procent", "ska inte
överstiga 200 patienter", "minst 85 %"), the same with "alternativt förbättras med fem
procentenheter jämfört med samma månad år 2024" (met also by that improvement over last
year's value), "ska minska" / "ska öka" against a baseline, a range ("77-80"), or a plain
value with a declared direction (högt or lågt värde eftersträvas).
A person may override a computed status only with a reason; an uppdrag's status is
assessed by a person and needs a comment when it is not grön (the guidance for röd, gul and
grön is the follow-up's own text, in its sources).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

GREEN, YELLOW, RED, UNKNOWN = "grön", "gul", "röd", "ingen uppgift"
COLOURS = {GREEN: "00703C", YELLOW: "FFC000", RED: "C00000", UNKNOWN: "7F7F7F"}  # marker fills; the word is always shown

_NUMBER = r"([-−]?\d[\d\s\u00a0]*(?:[.,]\d+)?)"
_WORDS = {"en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8, "nio": 9,
          "tio": 10, "femton": 15, "tjugo": 20}


def _number(text: str) -> Decimal:
    return Decimal(text.replace("\u00a0", "").replace(" ", "").replace("−", "-").replace(",", "."))


@dataclass(frozen=True)
class Rule:
    """A target as docgen understands it."""

    kind: str  # "min", "max", "range", "decrease", "increase"
    low: Decimal | None = None
    high: Decimal | None = None
    improvement: Decimal | None = None  # "alternativt förbättras med N procentenheter"


class UnknownTarget(ValueError):
    pass


def parse_target(text: str, direction: str | None = None) -> Rule:
    """The rule of a target written as in the plans (see module docstring)."""
    written = " ".join(str(text).split()).replace("\u00a0", " ")
    lower = written.lower()
    improvement = None
    better = re.search(r"förbättras med (\d+|\w+)[\s-]*procentenheter", lower)
    if better:
        amount = better.group(1)
        improvement = Decimal(amount) if amount.isdigit() else Decimal(_WORDS.get(amount, 0)) or None
    if m := re.search(r"(≥|>=|minst)\s*" + _NUMBER, lower):
        return Rule("min", low=_number(m.group(2)), improvement=improvement)
    if m := re.search(r"(≤|<=|högst|inte överstiga|ej överstiga|max)\s*" + _NUMBER, lower):
        return Rule("max", high=_number(m.group(2)), improvement=improvement)
    if "ska minska" in lower:
        return Rule("decrease")
    if "ska öka" in lower:
        return Rule("increase")
    if m := re.fullmatch(r"\s*" + _NUMBER + r"\s*[-–]\s*" + _NUMBER + r"\s*(%|procent)?\s*", lower):
        low, high = sorted((_number(m.group(1)), _number(m.group(2))))  # "6,3–6,1 %" is the same range
        return Rule("range", low=low, high=high)
    if m := re.fullmatch(r"\s*([<>])\s*" + _NUMBER + r".*", lower):
        return Rule("min", low=_number(m.group(2))) if m.group(1) == ">" else Rule("max", high=_number(m.group(2)))
    if m := re.fullmatch(r"\s*" + _NUMBER + r"\s*(%|procent|[a-zåäö ]+)?\s*", lower):
        if direction == "högt":
            return Rule("min", low=_number(m.group(1)))
        if direction == "lågt":
            return Rule("max", high=_number(m.group(1)))
    raise UnknownTarget(written)


def styrtal_status(rule: Rule, outcome: Decimal | None, previous: Decimal | None = None,
                   baseline: Decimal | None = None) -> str:
    """The computed status of one styrtal for one period."""
    if outcome is None:
        return UNKNOWN
    compare = previous if previous is not None else baseline
    if rule.kind in ("decrease", "increase"):
        if compare is None:
            return UNKNOWN
        better = outcome < compare if rule.kind == "decrease" else outcome > compare
        return GREEN if better else (YELLOW if outcome == compare else RED)
    if rule.kind == "min":
        met = outcome >= rule.low
        improving = compare is not None and outcome > compare
    elif rule.kind == "max":
        met = outcome <= rule.high
        improving = compare is not None and outcome < compare
    else:  # range
        met = rule.low <= outcome <= rule.high
        improving = compare is not None and abs(outcome - _middle(rule)) < abs(compare - _middle(rule))
    if met:
        return GREEN
    if rule.improvement is not None and previous is not None:
        change = outcome - previous if rule.kind == "min" else previous - outcome
        if change >= rule.improvement:
            return GREEN
    return YELLOW if improving else RED


def _middle(rule: Rule) -> Decimal:
    return (rule.low + rule.high) / 2


def assessed_status(status: str, comment: str | None) -> str:
    """An uppdrag's status as a person assessed it: röd and gul need a comment."""
    if status not in (GREEN, YELLOW, RED):
        raise ValueError(f"status ska vara grön, gul eller röd, inte '{status}'")
    if status != GREEN and not (comment or "").strip():
        raise ValueError(f"status {status} kräver en kommentar")
    return status


def summary(statuses: list[tuple[str, str]]) -> dict[str, dict[str, int]]:
    """Counts per group and colour, computed: {group: {grön: n, gul: n, röd: n, ingen uppgift: n, totalt: n}}."""
    counts: dict[str, dict[str, int]] = {}
    for group, status in statuses:
        row = counts.setdefault(group, {GREEN: 0, YELLOW: 0, RED: 0, UNKNOWN: 0, "totalt": 0})
        row[status] += 1
        row["totalt"] += 1
    return counts
