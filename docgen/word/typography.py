"""Typography lint: what Swedish official writing avoids, in sources and in built text.

Each finding names file and line (sources) or the place in the document (built text) and
says what to write instead. A finding can be accepted only in the sources, with a reason:

    godkända_avvikelser:
      - text: HÅ04 2024
        skäl: Namnet på prognosen i ekonomisystemet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docgen.errors import Problem
from docgen.sources import schema
from docgen.sources.load import SourceList, SourceMap

# Patterns as text, compiled when first used (re keeps them): a build uses only the two
# "decimalpunkt" rules, and compiling the others cost a build 5 M instructions for nothing.
RULES: list[tuple[str, str, str]] = [
    (
        "enhet",
        r"\b(?:mkr|kkr|MSEK|milj\.? kr|Mkr)\b",
        "skriv mnkr (miljoner kronor) eller tkr (tusen kronor)",
    ),
    (
        "tusentalspunkt",
        r"(?<![\d.])\d{1,3}(?:\.\d{3})+(?![\d.])",
        "skriv tusental med mellanslag: {rättat}, inte {funnet}",
    ),
    (
        "decimalpunkt",
        r"(?<![\d.])\d+\.\d{1,2}(?!\d)\s*(?:procent|%|mnkr|tkr|kr)\b",
        "skriv decimaler med komma: {rättat}",
    ),
    ("procenttecken", r"\d%", "skriv mellanslag före procenttecknet: 68 %"),
    (
        "minustecken",
        r"(?:(?<=\s)|(?<=^)|(?<=\())-(?=\d)",
        "skriv minus med minustecken (−), inte bindestreck",
    ),
    ("intervall", r"\b((?:19|20)\d{2})-((?:19|20)\d{2})\b", "skriv intervall med tankstreck: {rättat}"),
    (
        "förkortat år",
        r"\b((?:19|20)\d{2})/(\d{2})\b|[’']\d{2}\b",
        "skriv året fullt ut: 2024/2025",
    ),
    # "91,9-78.4": a decimal point beside a decimal comma (a section number such as "punkt 4.1" stands alone)
    (
        "decimalpunkt",
        r"(?<![\d.,])\d+,\d+\s*[-–]\s*\d+\.\d+(?![\d.])|(?<![\d.,])\d+\.\d+\s*[-–]\s*\d+,\d+",
        "skriv decimaler med komma: {rättat}",
    ),
]
BUILD_RULES = {"decimalpunkt"}  # checked by every build, not only by docgen check: a wrong number
# What every BUILD_RULES match holds (a digit, a point, a digit): a text without it is skipped.
# Written to begin with the point, the digit before it looked back at: re finds a pattern's
# leading literal by its fast search, where r"\d\.\d" tried \d (Unicode's tables) at every
# character of every text of the sources (0.24 M instructions per added goal area).
BUILD_NEEDLE = re.compile(r"\.(?<=\d\.)\d")


@dataclass
class Finding:
    rule: str
    found: str
    advice: str
    file: str | None
    line: int | None
    place: str = ""

    def problem(self) -> Problem:
        where = f" ({self.place})" if self.place else ""
        return Problem(
            self.file,
            self.line,
            f"typografi{where}: '{self.found}' – {self.advice}.",
            "Rätta texten, eller godkänn avvikelsen under 'godkända_avvikelser' med ett skäl.",
        )


def _is_year_range(rule: str, match: re.Match) -> bool:
    """Whether a match of a rule on years is one: "RÖ 2024-5883" and "KS 2018/14" are case
    numbers (diarienummer), not a range or an abbreviated pair of years."""
    if rule == "intervall":
        first, second = int(match[1]), int(match[2])
        return first < second <= first + 20
    if rule == "förkortat år" and match[1]:
        return int(match[2]) == (int(match[1]) + 1) % 100  # 2024/25, not 2018/14
    return True


# what the advice shows as the editor's own text corrected ({rättat}): "202.000" -> "202 000"
_CORRECTIONS = {
    "tusentalspunkt": lambda text: text.replace(".", " "),
    "decimalpunkt": lambda text: text.replace(".", ","),
    "intervall": lambda text: text.replace("-", "–"),
}


def _corrected(rule: str, text: str) -> str:
    fix = _CORRECTIONS.get(rule)
    return fix(text) if fix else text


def lint_text(text: str, file=None, line=None, place: str = "", rules=None) -> list[Finding]:
    """Findings of `rules` (all RULES by default) in a text, line by line; the same text twice
    on a line is one finding ("55 Mkr … 600 Mkr" was said twice, word for word)."""
    findings = []
    for offset, content in enumerate(text.splitlines() or [text]):
        for rule, pattern, advice in rules or RULES:
            found = {m.group(0): m for m in re.finditer(pattern, content) if _is_year_range(rule, m)}
            for text_found in sorted(found, key=content.index):
                shown = advice.format(funnet=text_found, rättat=_corrected(rule, text_found))
                findings.append(Finding(rule, text_found, shown, file, (line + offset) if line else None, place))
    return findings


def build_problems(raw: SourceMap) -> list[Problem]:
    """What stops a build (BUILD_RULES) in the sources, unless accepted with a reason."""
    findings = lint_sources(raw, [r for r in RULES if r[0] in BUILD_RULES], BUILD_NEEDLE)  # every build pays
    remaining, _unused = accepted(findings, raw)  # unused acceptances are docgen check's business
    return [f.problem() for f in remaining]


def lint_sources(raw: SourceMap, rules=None, needle: re.Pattern | None = None) -> list[Finding]:
    """Findings of `rules` (all RULES by default) in every text value of the loaded sources,
    with the file and line where it stands; only texts in which `needle` is found, when given
    (what every match of `rules` must hold)."""
    findings: list[Finding] = []
    not_prose = schema.NOT_PROSE

    def text(value: str, file, line) -> None:
        # a "|" block starts on the line after its key
        findings.extend(lint_text(value, file, line + 1 if "\n" in value else line, rules=rules))

    def walk(value, file) -> None:
        """Each text's line is looked up only for a text the needle is found in."""
        file = value.file or file
        if isinstance(value, SourceMap):
            for key, child in value.items():
                if key in not_prose:
                    continue
                if isinstance(child, str):
                    if needle is None or needle.search(child):
                        text(child, file, value.line_of(key))
                elif isinstance(child, (SourceMap, SourceList)):
                    walk(child, file)
        else:
            for index, child in enumerate(value):
                if isinstance(child, str):
                    if needle is None or needle.search(child):
                        text(child, file, value.line_of(index))
                elif isinstance(child, (SourceMap, SourceList)):
                    walk(child, file)

    walk(raw, raw.file)
    return findings


def accepted(findings: list[Finding], raw: SourceMap) -> tuple[list[Finding], list[Problem]]:
    """Remove findings the sources accept with a reason; an acceptance without a reason, or
    one that matches nothing, is itself a problem."""
    rules = raw.get(schema.Sources.key_of("accepted_deviations")) or []
    text_key, reason_key = schema.AcceptedDeviation.key_of("text"), schema.AcceptedDeviation.key_of("reason")
    problems: list[Problem] = []
    accepted_texts = []
    for index, entry in enumerate(rules):
        line = rules.line_of(index) if isinstance(rules, SourceList) else None
        file = getattr(rules, "file", None)
        if not isinstance(entry, dict) or not str(entry.get(text_key, "")).strip():
            problems.append(Problem(file, line, "en godkänd avvikelse saknar 'text'.", "Ange texten som godkänns."))
            continue
        if len(str(entry.get(reason_key, "")).strip()) < 10:
            problems.append(
                Problem(
                    file,
                    line,
                    f"avvikelsen '{entry[text_key]}' godkänns utan skäl.",
                    "Skriv varför under 'skäl' (minst en mening).",
                )
            )
            continue
        accepted_texts.append((str(entry[text_key]), file, line))
    remaining = []
    used = set()
    for finding in findings:
        # every acceptance that holds the finding is in use: two accepted sentences with 'Mkr'
        matches = [t[0] for t in accepted_texts if finding.found in t[0] or t[0] in finding.found]
        if matches:
            used.update(matches)
        else:
            remaining.append(finding)
    for text, file, line in accepted_texts:
        if text not in used:
            problems.append(
                Problem(
                    file,
                    line,
                    f"den godkända avvikelsen '{text}' förekommer inte längre.",
                    "Ta bort den ur 'godkända_avvikelser'.",
                )
            )
    return remaining, problems
