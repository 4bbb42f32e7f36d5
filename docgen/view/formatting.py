"""Swedish formatting of numbers, amounts, percentages and dates (babel, locale sv_SE).

Thousands are separated by a non-breaking space, decimals by a comma, negative numbers get
the typographic minus sign (U+2212) that the Swedish locale prescribes. These functions are
the template filters; see FILTERS at the bottom for their Swedish names.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel.dates import format_date
from babel.numbers import get_minus_sign_symbol, parse_pattern

LOCALE = "sv_SE"
NBSP = "\u00a0"
MINUS = get_minus_sign_symbol(LOCALE)  # "−"


_QUANTUM = [Decimal(1).scaleb(-n) for n in range(6)]  # 1, 0.1, 0.01, …: the step of n decimals


@lru_cache(maxsize=None)
def _pattern(decimals: int):
    return parse_pattern("#,##0" + ("." + "0" * decimals if decimals else ""))


def number(value, decimals: int = 0) -> str:
    """15979439 -> "15 979 439", -50 with 1 decimal -> "−50,0" (non-breaking spaces). Rounded
    half away from zero, as Excel and Swedish practice round ("1 117,25" with one decimal ->
    "1 117,3"; babel alone rounds half to even: "1 117,2")."""
    value = (
        Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    )  # str: the shortest form (2.675, not 2.67499…)
    if value.is_finite():
        value = value.quantize(
            _QUANTUM[decimals] if decimals < len(_QUANTUM) else Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP
        )
    text = _pattern(decimals).apply(value, LOCALE)
    if text.startswith("-"):
        stripped = text[1:]
        # a value that rounds to zero is shown without a sign
        text = stripped if not any(c in "123456789" for c in stripped) else MINUS + stripped
    return text


amount = number


def percent(value, decimals: int = 0) -> str:
    """68 -> "68 %" (the value is already in percent)."""
    return f"{number(value, decimals)}{NBSP}%"


def percent_words(value, decimals: int = 1) -> str:
    """3.1 -> "3,1 procent", as in running text."""
    return f"{number(value, decimals)}{NBSP}procent"


def with_unit(value, unit: str, decimals: int = 0) -> str:
    """15979, "mnkr" -> "15 979 mnkr"."""
    return f"{number(value, decimals)}{NBSP}{unit}"


def date_long(value: dt.date) -> str:
    """2024-11-04 -> "4 november 2024"."""
    return format_date(value, "d MMMM y", locale=LOCALE)


def weekday(value: dt.date) -> str:
    """2011-11-14 -> "måndag": a kallelse's "måndagen den 14 november 2011" is written
    `{{ d|veckodag }}en den {{ d|datum }}` in the template."""
    return format_date(value, "EEEE", locale=LOCALE)


def date_iso(value: dt.date) -> str:
    """The numeric Swedish date, "2025-12-31"."""
    return value.isoformat()


def month_name(value, capital: bool = True) -> str:
    """2025-02 (a date) or 2 (a month number) -> "Februari"."""
    if isinstance(value, int):
        value = dt.date(2000, value, 1)
    name = format_date(value, "LLLL", locale=LOCALE)
    return name[:1].upper() + name[1:] if capital else name


def measure(value) -> str:
    """A styrtal value (schema.Measure) in running text: "87 %", "−200 mnkr", "≥ 80 procent",
    "77–80", "5 av 8": the unit as the editor wrote it, a comparator spaced from its number
    as a sign read as a word ("större än eller lika med"; Svenska skrivregler: only + and −
    as signs of a number stand close)."""
    if value is None:
        return ""
    if value.kind == "text":  # "minst 1,5 procent": one quantity, never parted on a line
        return _BOUND.sub(lambda m: m[1] + NBSP + (m[2] + NBSP if m[2] else ""), prose(value.text))
    unit = NBSP + value.unit if value.unit else ""
    if value.kind == "range":
        return f"{number(value.number, value.decimals)}–{number(value.high, value.decimals)}{unit}"
    comparator = _SIGNS.get(value.comparator, value.comparator) + NBSP if value.comparator else ""
    return f"{comparator}{number(value.number, value.decimals)}{unit}"


_SIGNS = {">=": "≥", "<=": "≤"}  # as typed on a keyboard, as printed
_PERCENT_WORD = re.compile(r"(?<=\d\u00a0)procent\b")


def table_value(value) -> str:
    """A styrtal value in a table cell: as measure(), with "procent" after a number written
    "%" ("≥ 75 procent" -> "≥ 75 %"), as the outcome beside it is: the sign is for tables,
    where room is short; running text says "procent" (Språkrådet, Frågelådan)."""
    return _PERCENT_WORD.sub("%", measure(value))


# "minst 75", "Minst NKI 75" (an index named before its figure): bound to the figure
_BOUND = re.compile(r"^(minst|högst|lägst|max|min|under|över|cirka|ca)\s+(?:([A-ZÅÄÖ]{2,6})\s+)?(?=[−\-+]?\d)", re.I)
# a relation sign before a number, read as words ("≥ 80": "minst 80"), is spaced from it by a
# space that never breaks, whether the editor wrote "≥80" or "≥ 80"; an arrow ("->") is none
_RELATION = re.compile(r"(?:(?<=[\s(])|^)([<>≤≥])[ \u00a0]?(?=[−\-]?\d)")


def swedish_list(items, conjunction: str = "och") -> str:
    """["A", "B", "C"] -> "A, B och C"."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


# "(?<![\d,.])(\d{1,3})(?: (\d{3}))+(?!\d)", written to begin with a digit (the look back is
# taken after it): re then skips to the digits instead of trying the look back everywhere
_THOUSANDS = re.compile(r"(\d(?<![\d,.]\d)\d{0,2})(?: (\d{3}))+(?!\d)")
# The space between a number and its unit. "%" is not a word character: a \b after it would
# need a letter next ("2 % av" and "68 %." had an ordinary space, and the sign could begin a
# line). Written to begin with the space (re finds it by a fast search for one character, then
# looks at the digit before it) and to match the space alone (replaced by a plain string, no
# call per match): r"(\d) (%|(?:procent|…)\b)" was tried at every character of a text. The
# older units too, which a decided sentence keeps as it was adopted ("begärs 0,8 Mkr").
_UNIT = re.compile(r" (?<=\d )(?=%|(?:procent|mnkr|tkr|kr|kronor|miljoner|miljarder|st|Mkr|mkr|MSEK|kkr)\b)")


_MONTHS = "januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december"
# a hyphen (or minus) used as a minus sign: "på - 462", "var -1,2", "(-5)"; not a dash between
# numbers ("79,6 - 69,2") or before a date ("tillfällen - 19 december"). An en dash right before
# its number is one too ("anslag 2 med –1,0 Mkr", as Word writes it), a spaced one a dash
_MINUS = re.compile(r"(?:(?<=[^\d\s,.])\s|^|(?<=\())(?:[-\u2212]\s*|\u2013)(?=\d)(?![\d\s]*(?:" + _MONTHS + r"|§)\b)")


_DIGIT = re.compile(r"\d")  # what every match of the three patterns above holds
_ASCII_DIGIT = re.compile("[0-9]")  # the same in a text of Latin-1's characters (see _has_digit)
# what every match of _MINUS and of _THOUSANDS holds: most texts have neither (a date's or a
# range's hyphen stands after a digit), and looking for these is a tenth of the cost of the
# full patterns. Only whether they are found counts, so each is written to begin with a
# character re finds by its fast search: the minus signs are looked for by str's search first,
# and r"\d \d{3}" is written to begin with its space (the digit before it looked back at)
_SPACED_MINUS = re.compile(r"[\s(](?:[-\u2212]\s*|\u2013)\d")  # or a text that begins with one
_DIGIT_SPACE_DIGITS = re.compile(r" (?<=\d )\d{3}")


# a hyphen with a space on each side between words is a dash ("Årsredovisning 2017 - kulturnämnden",
# "tillfällen - 19 december"): the tankstreck, kept on the line of the word before it
_SPACED_HYPHEN = re.compile(r"(?<=\S) - (?=\S)")
DASH = NBSP + "\u2013 "


def _has_digit(text: str) -> bool:
    """Whether `text` holds a digit, as _DIGIT finds one: \\d is any script's digit, which re
    looks up in Unicode's tables character by character (most of the cost of prose on a
    text without a digit). In a text of Latin-1's characters only (Swedish text nearly always;
    str.encode copies such a text as it stands) the only digits are 0–9, a range re checks
    cheaply; any other text is searched with \\d."""
    if _ASCII_DIGIT.search(text):
        return True
    if text.isascii():
        return False
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return _DIGIT.search(text) is not None
    return False


def prose(text: str) -> str:
    """Typography for running text: "15 979 miljoner" gets non-breaking spaces, a minus
    sign is the typographic one, joined to its number ("- 462" -> "−462", never parted), and
    a spaced hyphen between words a spaced dash ("a - b" -> "a – b")."""
    if _has_digit(text):
        if text.startswith(("-", "\u2212", "\u2013")) or (
            ("-" in text or "\u2212" in text or "\u2013" in text) and _SPACED_MINUS.search(text)
        ):
            text = _MINUS.sub(lambda m: (" " if m.group(0)[:1].isspace() else "") + MINUS, text)
        if _DIGIT_SPACE_DIGITS.search(text):
            text = _THOUSANDS.sub(lambda m: m.group(0).replace(" ", NBSP), text)
        text = _UNIT.sub(NBSP, text)
        if "<" in text or ">" in text or "\u2264" in text or "\u2265" in text:  # the relation signs
            text = _RELATION.sub(lambda m: m[1] + NBSP, text)
    if " - " in text:  # the minus signs are taken first: "på - 462" is no dash
        text = _dashes(text)
    return text


_EXPRESSION = re.compile(r"(\{\{.*?\}\}|\{%.*?%\})", re.S)  # {{ a - b }} in the sources' prose is a subtraction


def _dashes(text: str) -> str:
    """The spaced hyphens of a text made dashes, outside the {{ … }} and {% … %} it computes."""
    if "{{" not in text and "{%" not in text:
        return _SPACED_HYPHEN.sub(DASH, text)
    parts = _EXPRESSION.split(text)
    return "".join(part if index % 2 else _SPACED_HYPHEN.sub(DASH, part) for index, part in enumerate(parts))


PROSE_DECIMALS = 2  # a quotient computed in prose ({{ a / b }}) is shown with at most two decimals


def prose_value(value):
    """What a {{ … }} in the sources' prose writes, without a filter: a number from the sources
    (uppgifter) or computed from them in Swedish form ("1 234,5", "−48"), at most
    PROSE_DECIMALS decimals (half up); a whole number of the engine (a year, a count) without
    thousands separator below 10 000, so that {{ dokument.år + 1 }} reads "2026"; a date as
    "4 november 2024". Anything else as it is."""
    from decimal import ROUND_HALF_UP

    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            return value
        decimals = min(max(0, -value.as_tuple().exponent), PROSE_DECIMALS)
        value = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        return number(value, decimals)
    if isinstance(value, int):
        return number(value) if abs(value) >= 10000 else str(value).replace("-", MINUS)
    if isinstance(value, dt.date):
        return date_long(value)
    return value


_PERIOD = re.compile(r"(\d{4})-(\d{2})")


def period(text: str) -> str:
    """A period written as a month, "2020-08", reads "augusti 2020"; other text as written."""
    match = _PERIOD.fullmatch(text.strip())
    if match and 1 <= int(match[2]) <= 12:
        return f"{month_name(dt.date(int(match[1]), int(match[2]), 1), capital=False)} {match[1]}"
    return text
