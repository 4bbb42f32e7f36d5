"""Status of a styrtal from its outcome and target; status of an uppdrag as assessed.

A styrtal's status is computed, never typed and never guessed:
- grön: the target is met;
- gul: not met, but better than the comparison value (last year's value, or the baseline);
- röd: not met and not better;
- ingen uppgift: no outcome, or an outcome that cannot be compared with the target (the
  report says why in plain words).
Which way is better is read from the target's own words, or from the styrtal's `riktning`
(högt/lågt). The forms understood (all found in the plans):
- a threshold: "≥80 procent", "minst 85 %", ">0 mnkr" (higher is better; ">" excludes the
  value itself); "≤5 procent", "ska inte överstiga 200 patienter", "högst 3", "<10" (lower is
  better), optionally with
  "alternativt förbättras med fem procentenheter jämfört med …" (met also by that improvement);
- a rank: "Plats 3 av 7" (a lower place number is better);
- a range: "77-80", "90-100 %" (met inside, both ends included); when `riktning` or the
  styrtal's words say which way is better ("Sjukfrånvaron ska minska", "6,3–6,1 %"), an
  outcome beyond the range's better end meets it too;
- an exact value: "oförändrad 21,56 kronor" (met by that value only; nearer to it is better);
- "ska minska" / "ska öka" as the whole target, or a target with no figure ("Öka", "Minskning",
  "Ökad andel", "Minska jämfört med föregående år"), judged against last year's value or a
  baseline; "Bibehålla" (the previous level, met there or on its better side, which `riktning`
  or the words say); "bibehålla 85 %" is the plain value 85 %;
- a plain value ("90 %", "3,8", "−360 mnkr", "6 av 8") whose direction is `riktning`, or the
  styrtal's own words: "ska öka", "ska vara positiv(t)" (higher is better), "ska minska",
  "ska inte överstiga" (lower is better).
Anything else is not guessed: the build stops and asks for `riktning`. A plain "100 %" is
no exception: it is the best possible value of a share (higher is better), but the highest
allowed value of, say, a bed occupancy (lower is better), so only the editor can say which.
Gul or röd for a target not met follows the styrtal's own gul_gräns (gul from that outcome, as
Stratsys and similar systems set a tolerance per indicator), else the follow-up's rule
(uppföljning: gul, schema.YellowRule): better than the comparison value (the default), never,
or a share of the target ("minst 80 procent av målvärdet"). When the rule needs a value the sources do not give
(no comparison value, a share of a negative target) the status is not guessed: Undecided.
A person may override a computed status only with a reason; an uppdrag's status is
assessed by a person and needs a comment when it is not grön.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from docgen.sources.schema import (
    BETTER,
    DEFAULT_YELLOW,
    GREEN,
    HIGH,
    LOW,
    RED,
    SAME,
    STATUSES,
    UNKNOWN,
    WORSE,
    YELLOW,
    YELLOW_RULES,
    YELLOW_SHARE,
    YellowRule,
)

STATUS_NAME = {status: name for name, status in STATUSES.items()}  # "grön" -> "green"

_NUMBER = r"([-−]?\d[\d\s\u00a0]*(?:[.,]\d+)?)"
_WORDS = {
    "en": 1,
    "ett": 1,
    "två": 2,
    "tre": 3,
    "fyra": 4,
    "fem": 5,
    "sex": 6,
    "sju": 7,
    "åtta": 8,
    "nio": 9,
    "tio": 10,
    "femton": 15,
    "tjugo": 20,
}
_HIGHER = ("ska öka", "ska vara positiv", "ska förbättras", "ska vara så hög")
_LOWER = ("ska minska", "ska inte överstiga", "ska vara negativ", "ska vara så låg")
_PLACE = re.compile(r"plats\s+(\d+)\s+av\s+(\d+)")
_UNCHANGED = re.compile(r"(?:ska vara )?oförändra[dt]e?\s+" + _NUMBER + r"(\s*(?:%|procent|[a-zåäö]+))?")
_OF = re.compile(r"(\d+)\s+av\s+(\d+)")
# A target that is only a direction ("Öka", "Minskning", "Ökad andel"), with or without "jämfört
# med föregående år"; the comparison value is the outcome's föregående or bas.
_BESIDES = re.compile(r"\s*(?:,\s*)?jämfört med .*$")
_CHANGE = re.compile(r"(?:ska\s+)?(öka|ökning|ökad|ökat|minska|minskning|minskad|minskat)(?:\s+[a-zåäö]+)*\.?")
_KEEP = re.compile(
    r"(?:ska\s+)?(?:bibehålla|bibehållas|bibehållen|bibehållet|behålla|oförändrad|oförändrat)(?:\s+nivå[n]?)?\.?"
)
_KEEP_VALUE = re.compile(r"^\s*(?:ska\s+)?(?:bibehålla|bibehållas|behålla)\s+(?=[-−]?\d)")
ASK = (
    "Skriv under styrtalet 'riktning: högt' om ett högre utfall är bättre, eller 'riktning: lågt' om ett "
    "lägre är bättre. Ska utfallet vara just målvärdet, skriv 'oförändrad' före det (t.ex. "
    "'oförändrad 21,56 kronor')."
)


def _number(text: str) -> Decimal:
    return Decimal(text.replace("\u00a0", "").replace(" ", "").replace("−", "-").replace(",", "."))


@dataclass(frozen=True)
class Rule:
    """A target as docgen understands it."""

    kind: str  # "min", "max", "range", "decrease", "increase"
    low: Decimal | None = None
    high: Decimal | None = None
    improvement: Decimal | None = None  # "alternativt förbättras med N procentenheter"
    scale: Decimal | None = None  # the M of "N av M" / "Plats N av M": only outcomes out of as many compare
    unit: str | None = None  # "%", "mnkr", …: an outcome in another unit does not compare
    strict: bool = False  # ">0 mnkr": the value itself does not meet the target
    better: str | None = None  # "keep" (bibehålla): högt or lågt, which side of the kept level is better


class UnknownTarget(ValueError):
    """A target whose better direction neither its words nor `riktning` say. The message is
    for the editor, in Swedish; `hint` says what to write."""

    def __init__(self, written: str, message: str, hint: str = ASK):
        super().__init__(written)
        self.written, self.message, self.hint = written, message, hint


def direction_in_words(words: str) -> str | None:
    """högt or lågt when the styrtal's own text says which way it should go, else None."""
    lower = " ".join(str(words).lower().split())
    higher = any(w in lower for w in _HIGHER)
    lower_better = any(w in lower for w in _LOWER)
    if higher == lower_better:  # neither, or both (then the words do not settle it)
        return None
    return HIGH if higher else LOW


def _unit(text: str) -> str | None:
    """The unit written right after a number at the start of `text` ("%", "mnkr", "patienter")."""
    m = re.match(r"\s*(%|procent|procentenheter|(?:tusen|miljoner|miljarder) [a-zåäö]+|[a-zåäö]+)", text)
    if not m or m.group(1) in ("av", "till", "per", "och", "alternativt"):
        return None
    return "%" if m.group(1) == "procent" else m.group(1)


# An index named before its figure ("Minst NKI 75", Helsingborg's Nöjd-Kund-Index): the name,
# an abbreviation in capitals, is the unit, as in "minst 75 NKI".
_INDEX_FIRST = re.compile(
    r"((?i:≥|>=|minst|högst|≤|<=|max))\s+([A-ZÅÄÖ][A-Za-zÅÄÖåäö]*[A-ZÅÄÖ])\s+(\d[\d\s]*(?:[.,]\d+)?)\s*$"
)


def parse_target(text: str, direction: str | None = None, words: str = "") -> Rule:
    """The rule of a target written as in the plans (see module docstring). `direction` is the
    styrtal's riktning; `words` its own text (for "ska minska", "ska vara positiv")."""
    written = " ".join(str(text).split()).replace("\u00a0", " ")
    written = _INDEX_FIRST.sub(r"\1 \3 \2", written)
    lower = written.lower().replace("−", "-")
    improvement = None
    better = re.search(r"förbättras med (\d+|\w+)[\s-]*procentenheter", lower)
    if better:
        amount = better.group(1)
        improvement = Decimal(amount) if amount.isdigit() else Decimal(_WORDS.get(amount, 0)) or None
    head = lower.split("alternativt")[0].strip().rstrip(",.")
    found = None
    if m := re.search(r"(≥|>=|minst|>)\s*" + _NUMBER, head):
        found = Rule(
            "min",
            low=_number(m.group(2)),
            improvement=improvement,
            unit=_unit(head[m.end() :]),
            strict=m.group(1) == ">",
        )
    elif m := re.search(r"(≤|<=|högst|inte överstiga|ej överstiga|max|<)\s*" + _NUMBER, head):
        found = Rule(
            "max",
            high=_number(m.group(2)),
            improvement=improvement,
            unit=_unit(head[m.end() :]),
            strict=m.group(1) == "<",
        )
    elif m := _PLACE.fullmatch(head.strip()):
        found = Rule("max", high=Decimal(m.group(1)), scale=Decimal(m.group(2)))
    if found is not None:
        expected = HIGH if found.kind == "min" else LOW
        if direction and direction != expected:
            raise UnknownTarget(
                written,
                f"målvärdet '{written}' säger att {_said(expected)} är bättre, men riktning säger '{direction}'.",
                "Ta bort 'riktning' eller rätta målvärdet så att de säger samma sak.",
            )
        return found
    if m := _UNCHANGED.fullmatch(head.strip()):  # "oförändrad 21,56 kronor": met only by that value
        if direction:
            raise UnknownTarget(
                written,
                f"målvärdet '{written}' säger att utfallet ska vara just {m.group(1).strip()}, men riktning säger '{direction}'.",
                "Ta bort 'riktning' eller rätta målvärdet så att de säger samma sak.",
            )
        value = _number(m.group(1))
        return Rule("range", low=value, high=value, unit=_unit(head.strip()[m.end(1) :]))
    if re.fullmatch(r"(.* )?ska (minska|öka)\.?", head):
        return Rule("decrease" if "minska" in head else "increase")
    change = _CHANGE.fullmatch(_BESIDES.sub("", head).strip())
    if change:  # "Öka", "Minskning", "Ökad andel", "Minska jämfört med föregående år": no figure
        return Rule("increase" if change.group(1).startswith("ök") else "decrease")
    if _KEEP.fullmatch(_BESIDES.sub("", head).strip()):  # "Bibehålla": the previous level, which way is better
        chosen = direction or direction_in_words(words)
        if chosen is None:
            raise UnknownTarget(
                written,
                f"målvärdet '{written}' säger inte om ett högre eller ett lägre utfall är bättre än nivån "
                "som ska bibehållas.",
            )
        return Rule("keep", better=chosen)
    head = _KEEP_VALUE.sub("", head)  # "bibehålla 85 %": the value, as a plain target
    if m := re.fullmatch(r"\s*" + _NUMBER + r"\s*[-–]\s*" + _NUMBER + r"\s*(%|procent)?\s*", head):
        low, high = sorted((_number(m.group(1)), _number(m.group(2))))  # "6,3–6,1 %" is the same range
        unit = "%" if m.group(3) else None
        chosen = direction or direction_in_words(words)  # "Sjukfrånvaron ska minska": below the range is met too
        if chosen == HIGH:
            return Rule("min", low=low, unit=unit)
        if chosen == LOW:
            return Rule("max", high=high, unit=unit)
        return Rule("range", low=low, high=high, unit=unit)
    of = _OF.fullmatch(head.strip())
    plain = re.fullmatch(r"\s*" + _NUMBER + r"\s*(%|procent|[a-zåäö ]+)?\s*", head)
    if not (of or plain):
        raise UnknownTarget(
            written,
            f"målvärdet '{written}' går inte att jämföra med ett utfall.",
            "Skriv målvärdet som ett tal (t.ex. 90 %, ≥80 procent, 77-80, Plats 3 av 7) eller ta bort det.",
        )
    chosen = direction or direction_in_words(words)
    if chosen is None:
        raise UnknownTarget(written, _ambiguous(written, head, of is not None))
    value = Decimal(of.group(1)) if of else _number(plain.group(1))
    scale = Decimal(of.group(2)) if of else None
    unit = None if of else _unit(head[plain.end(1) :])
    if chosen == HIGH:
        return Rule("min", low=value, improvement=improvement, scale=scale, unit=unit)
    return Rule("max", high=value, improvement=improvement, scale=scale, unit=unit)


def _said(direction: str) -> str:
    return "ett högre utfall" if direction == HIGH else "ett lägre utfall"


def _ambiguous(written: str, lower: str, counted: bool) -> str:
    """Why a plain target does not tell which way is better, for the editor."""
    if counted:
        return (
            f"målvärdet '{written}' säger inte om ett högre eller ett lägre tal är bättre ('5 av 8' kan vara "
            f"antal uppnådda mål, '10 av 21' en placering)."
        )
    if re.fullmatch(r"\s*100\s*(%|procent)\s*", lower):
        return (
            f"målvärdet '{written}' säger inte om ett högre eller ett lägre utfall är bättre: för en andel "
            f"är 100 % det bästa möjliga, men för t.ex. en beläggningsgrad är 100 % det högsta tillåtna."
        )
    return f"målvärdet '{written}' säger inte om ett högre eller ett lägre utfall är bättre."


@dataclass(frozen=True)
class Value:
    """An outcome as a number, with the M of "N av M" and its unit when written."""

    number: Decimal
    scale: Decimal | None = None
    unit: str | None = None


def comparable(rule: Rule, outcome: Value | None, explain) -> str | None:
    """Why this outcome cannot be judged against this target, in the document's words
    (`explain`: benämningar.förklaringar), or None."""
    if outcome is None:
        return None
    if rule.scale != outcome.scale:
        if rule.scale is None or outcome.scale is None:
            return explain.not_comparable
        return explain.fill("other_scale", outcome_scale=outcome.scale, target_scale=rule.scale)
    if rule.unit and outcome.unit and rule.unit != outcome.unit:
        return explain.fill("other_unit", outcome_unit=_unit_words(outcome.unit), target_unit=_unit_words(rule.unit))
    return None


def _unit_words(unit: str) -> str:
    return "procent" if unit == "%" else unit


class Undecided(ValueError):
    """A target not met, and the follow-up's rule for gul needs what the sources do not give.
    The message and hint are for the editor, in Swedish."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.message, self.hint = message, hint


class WrongLimit(UnknownTarget):
    """A styrtal's gul_gräns that is no limit for gul of its target (on the target's better side,
    in another unit, not a number); reported at the gul_gräns line."""


def limit_rule(rule: Rule, limit) -> YellowRule:
    """The styrtal's own rule for gul from its gul_gräns (a Measure), checked against its target:
    the limit lies on the worse side of a threshold, in the target's unit."""
    written = getattr(limit, "text", str(limit))
    said = re.sub(r"^plats\s+", "", " ".join(written.lower().split()))  # "Plats 5 av 7" against "Plats 3 av 7"
    counted = _OF.fullmatch(said) if getattr(limit, "kind", None) == "text" else None
    if counted:  # "5 av 8", against a target "6 av 8"
        number, unit, scale = Decimal(counted.group(1)), None, Decimal(counted.group(2))
    elif getattr(limit, "kind", None) == "number" and limit.number is not None:
        number, unit, scale = limit.number, ("%" if limit.unit == "procent" else limit.unit), None
    else:
        raise WrongLimit(written, f"gul_gräns '{written}' är inget tal.", "Skriv gränsen som ett tal, t.ex. '85 %'.")
    if scale != rule.scale:
        raise WrongLimit(
            written,
            f"gul_gräns '{written}' är inte angiven på samma sätt som målvärdet.",
            "Skriv gränsen som målvärdet, t.ex. '5 av 8' mot målvärdet '6 av 8'.",
        )
    if rule.kind not in ("min", "max"):
        raise WrongLimit(
            written,
            f"gul_gräns '{written}' går bara att använda med ett målvärde som är en gräns (t.ex. 'minst 90 %', "
            "'högst 5 dagar' eller ett tal med riktning).",
            "Ta bort 'gul_gräns', eller skriv regeln för gul under 'uppföljning: gul'.",
        )
    if rule.unit and unit and rule.unit != unit:
        raise WrongLimit(
            written,
            f"gul_gräns '{written}' är inte i målvärdets enhet ({_unit_words(rule.unit)}).",
            "Skriv gränsen i samma enhet som målvärdet.",
        )
    worse = number < rule.low if rule.kind == "min" else number > rule.high
    if not worse:
        target = rule.low if rule.kind == "min" else rule.high
        side = "lägre" if rule.kind == "min" else "högre"
        raise WrongLimit(
            written,
            f"gul_gräns '{written}' ligger inte på den sämre sidan av målvärdet ({target}): gult är ett utfall "
            "som inte når målvärdet men når gränsen.",
            f"Skriv en gräns som är {side} än målvärdet, eller ta bort 'gul_gräns'.",
        )
    return YellowRule("limit", limit=number)


def _override_hint() -> str:
    return (
        "Anger rapporten statusen, skriv den under 'överskrivningar' med rapportens skäl (docs/kallformat.md, "
        "uppföljning)."
    )


def _undecided_without_comparison() -> Undecided:
    return Undecided(
        "utfallet når inte målvärdet, och utan ett föregående värde går det inte att säga om statusen är gul "
        "(bättre än föregående) eller röd.",
        "Skriv förra periodens värde under utfallet ('föregående: …'), eller skriv under 'uppföljning' er regel "
        f"för gul: 'gul: {YELLOW_RULES['never']}' (ett mål som inte nås är alltid rött), 'gul: "
        f"{YELLOW_SHARE.format(procent=80)}' eller 'gul: {YELLOW_RULES['better_else_red']}'. " + _override_hint(),
    )


def _share_of_target(rule: Rule, outcome: Decimal) -> Decimal:
    """How much of the target a missed outcome reaches (lower is better: how much of the outcome
    the target is); only for positive numbers, where a share means something."""
    if rule.kind == "min" or (rule.kind == "range" and outcome < rule.low):
        target, reached = rule.low, outcome
    elif rule.kind == "max" or (rule.kind == "range" and outcome > rule.high):
        target, reached = outcome, rule.high
    else:  # ska minska / ska öka: no value to take a share of
        target = reached = None
    if target is None or target <= 0 or reached < 0:
        raise Undecided(
            "utfallet når inte målvärdet, och regeln för gul (en andel av målvärdet) går inte att räkna för "
            "ett målvärde som inte är ett positivt tal.",
            "Skriv statusen under 'överskrivningar' med skäl, eller ange en annan regel under 'uppföljning: gul'. "
            + _override_hint(),
        )
    return reached / target * 100


def fulfilment(rule: Rule, outcome: Decimal, yellow: YellowRule = DEFAULT_YELLOW) -> Decimal | None:
    """Måluppfyllnad: the outcome in percent of a target that is a limit ("minst 27 %": 25 gives
    93), or, when lower is better ("högst 6,5 %"), the target in percent of the outcome (6,2 gives
    105); whole percent, or one decimal where a whole percent would stand on the other side of what
    decided the status (99,6 % of a target not reached is not "100 %"; 90,7 % against "gul: minst
    91 procent av målvärdet" is not "91 %" beside red). None for a range, "ska minska" and figures
    that are not positive, where a share means nothing."""
    if rule.kind == "min" and rule.low is not None and rule.low > 0 and outcome >= 0:
        share = outcome / rule.low * 100
    elif rule.kind == "max" and rule.high is not None and rule.high >= 0 and outcome > 0:
        share = rule.high / outcome * 100
    else:
        return None
    thresholds = [Decimal(100)] + ([yellow.share] if yellow.kind == "share" and yellow.share is not None else [])
    for step in (Decimal(1), Decimal("0.1")):
        shown = share.quantize(step, rounding=ROUND_HALF_UP)
        if all((shown >= t) == (share >= t) for t in thresholds):
            return shown
    return share.quantize(Decimal("0.1"), rounding=ROUND_FLOOR)  # below a threshold by less than 0,05


def styrtal_status(
    rule: Rule,
    outcome: Decimal | None,
    previous: Decimal | None = None,
    baseline: Decimal | None = None,
    yellow: YellowRule = DEFAULT_YELLOW,
) -> str:
    """The computed status of one styrtal for one period; Undecided when the rule for gul
    needs a value the sources do not give."""
    if outcome is None:
        return UNKNOWN
    compare = previous if previous is not None else baseline
    if rule.kind in ("decrease", "increase", "keep") and compare is None:
        raise Undecided(
            "målvärdet säger bara åt vilket håll utfallet ska gå, och utan ett föregående värde (eller ett "
            "utgångsvärde) går det inte att säga om det har gjort det.",
            "Skriv förra periodens värde under utfallet ('föregående: …') eller utgångsvärdet ('bas: …'). "
            + _override_hint(),
        )
    if rule.kind == "keep":  # bibehålla: met at the kept level or on its better side
        met = outcome >= compare if rule.better == HIGH else outcome <= compare
        if met:
            return GREEN
        kept = Rule("min", low=compare) if rule.better == HIGH else Rule("max", high=compare)
        return YELLOW if yellow.kind == "share" and _share_of_target(kept, outcome) >= yellow.share else RED
    if rule.kind in ("decrease", "increase"):
        better = outcome < compare if rule.kind == "decrease" else outcome > compare
        return GREEN if better else (YELLOW if outcome == compare and yellow.kind != "never" else RED)
    if rule.kind == "min":
        met = outcome > rule.low if rule.strict else outcome >= rule.low
        improving = compare is not None and outcome > compare
    elif rule.kind == "max":
        met = outcome < rule.high if rule.strict else outcome <= rule.high
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
    if yellow.kind == "limit":  # the styrtal's own gul_gräns, on the worse side of its target
        return YELLOW if (outcome >= yellow.limit if rule.kind == "min" else outcome <= yellow.limit) else RED
    if yellow.kind == "never":
        return RED
    if yellow.kind == "share":
        return YELLOW if _share_of_target(rule, outcome) >= yellow.share else RED
    if compare is None and yellow.kind == "better":
        raise _undecided_without_comparison()
    return YELLOW if improving else RED


def development(rule: Rule, outcome: Decimal | None, previous: Decimal | None) -> str | None:
    """How the outcome developed since the previous period, better or worse by the target's
    direction (bättre, sämre, oförändrad), or None without both values."""
    if outcome is None or previous is None:
        return None
    if rule.kind in ("min", "increase") or (rule.kind == "keep" and rule.better == HIGH):
        change = outcome - previous
    elif rule.kind in ("max", "decrease", "keep"):
        change = previous - outcome
    else:  # range: nearer the middle is better
        change = abs(previous - _middle(rule)) - abs(outcome - _middle(rule))
    return BETTER if change > 0 else (WORSE if change < 0 else SAME)


def _middle(rule: Rule) -> Decimal:
    return (rule.low + rule.high) / 2


def summary(statuses: list[tuple[str, str]]) -> dict[str, dict[str, int]]:
    """Counts per group and colour, computed: {group: {green: n, yellow: n, red: n, unknown: n, total: n}}."""
    counts: dict[str, dict[str, int]] = {}
    for group, status in statuses:
        row = counts.setdefault(group, dict.fromkeys([*STATUSES, "total"], 0))
        row[STATUS_NAME[status]] += 1
        row["total"] += 1
    return counts
