"""Where each ATT UPPDATERA marker left in a built document was written, for a final build's
refusal: the source file and line, or the template, so that the editor can go straight to it."""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace
from pathlib import Path

from docgen.errors import Problem

_INNER = re.compile(r"\[\[?\s*att\s+uppdatera\s*:?\s*(.*?)\s*\]\]?", re.I | re.S)
_KEY = 40  # characters of a marker's text that identify it in a source line


class StandIn(str):
    """A marker docgen writes itself for something the sources lack, carrying the problem that
    tells the editor where to write it (an agenda item's case folder without a dnr: the case's
    own file and line, which the marker's text cannot name)."""

    problem: Problem | None

    def __new__(cls, marker: str, problem: Problem | None = None) -> "StandIn":  # None: as pickle remakes it
        made = super().__new__(cls, marker)
        made.problem = problem
        return made


def _plain(text: str) -> str:
    """Text as compared: the typography docgen adds (hard spaces, minus signs) undone, case and
    runs of spaces ignored."""
    text = text.replace("\u00a0", " ").replace("\u2212", "-").replace("\u2013", "-")
    return re.sub(r"\s+", " ", text).strip().lower()


def _key(marked: str) -> str:
    match = _INNER.match(marked)
    inner = match[1] if match else marked
    return _plain(inner)[:_KEY]


class _Cell:
    """A workbook cell that holds a marker (an amount the workbook lacks, `från_excel`): named as
    the workbook's other problems are, "…/budget.xlsx, blad Drift, cell C7"."""

    def __init__(self, path: Path, sheet: str, ref: str):
        self.path, self.sheet, self.ref = path, sheet, ref


def _shown(path: Path | _Cell, root: Path) -> str:
    if isinstance(path, _Cell):
        return f"{_shown(path.path, root)}, blad {path.sheet}, cell {path.ref}"
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def _source_lines(folder: Path) -> tuple[list[tuple[Path, int, str]], list[tuple[Path, int, str]]]:
    """Every line of the document's own sources, and of its organisation's other files (a
    follow-up shows its plan's text, an agenda its cases'); never another organisation's."""
    own: list[Path] = sorted(folder.glob("*.yaml"))
    return _lines(own) + _workbook_cells(folder), _lines(
        [f for f in sorted(folder.parent.rglob("*.yaml")) if f not in own]
    )


def _workbook_cells(folder: Path) -> list[tuple[_Cell, None, str]]:
    """The marked cells of the document's workbooks, as lines without a line number."""
    from docgen.sources.archives import check_archive, load_workbook

    cells = []
    for path in sorted(folder.glob("*.xlsx")):
        try:
            book = None if check_archive(path) else load_workbook(path, data_only=True)
        except Exception:  # a workbook the build could not read has been refused already
            continue
        if book is None:
            continue
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                cells += [
                    (_Cell(path, sheet.title, cell.coordinate), None, _plain(cell.value))
                    for cell in row
                    if isinstance(cell.value, str) and "uppdatera" in cell.value.lower()
                ]
    return cells


def _lines(files: list[Path]) -> list[tuple[Path, int, str]]:
    lines = []
    for file in files:
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        lines += [(file, n, _plain(line)) for n, line in enumerate(text.splitlines(), 1)]
    return lines


def _template_text(template: Path) -> str:
    try:
        with zipfile.ZipFile(template) as docx:
            xml = " ".join(
                docx.read(name).decode("utf-8", "replace")
                for name in docx.namelist()
                if re.match(r"word/(document|header\d*|footer\d*)\.xml$", name)
            )
    except (OSError, zipfile.BadZipFile, KeyError):
        return ""
    return _plain("".join(re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", xml)))


def _written(key: str) -> re.Pattern:
    """The marker itself, as an editor writes it ("[[ATT UPPDATERA: key") or as a record's
    own key says it (`att_uppdatera: "key`, which every table written alike repeats). A key
    shorter than `_KEY` is the marker's whole text, so it must end where the marker does: the
    template's "[[ATT UPPDATERA: datum]]" is not the source's "[[ATT UPPDATERA: datum för
    fullmäktiges beslut]]"."""
    ending = "" if len(key) >= _KEY else r"\s*(?:\]|[\"']|$)"
    return re.compile(r"att[ _]uppdatera\s*:?\s*[\"']?" + re.escape(key) + ending)


def _in_source(key: str, lines) -> list[tuple[Path, int]]:
    """Every line of the document's own sources that writes the marker (a title and a heading
    may say the same), else of its organisation's other files (two cases from the starter kit
    write the same marker: each document's is its own), or (a long enough text) the first line
    that holds the text the engine marks (a table's `saknas: …`)."""
    own, others = lines
    return _in_lines(key, own) or _in_lines(key, others)


def _in_lines(key: str, lines) -> list[tuple[Path, int]]:
    written = _written(key)
    places = [(file, n) for file, n, line in lines if written.search(line)]
    if places or len(key) < 20:
        return places
    return next(([(file, n)] for file, n, line in lines if key in line), [])


def _in_template(key: str, text: str) -> str | None:
    """'stycke' when the template itself says it (the starter kit's first-page paragraph),
    'saknas' when it is the template's stand-in for something the sources lack (`… if x else
    '[[ATT UPPDATERA: …]]'`), None when the template does not have it."""
    match = _written(key).search(text)
    if not match:
        return None
    opening = max(text.rfind("{{", 0, match.start()), text.rfind("{%", 0, match.start()))
    closing = max(text.rfind("}}", 0, match.start()), text.rfind("%}", 0, match.start()))
    tag = text[opening : match.start()] if opening > closing else ""
    if re.search(r"\b(if|else|or)\b|\|\s*default", tag):
        return "saknas"
    last = text.rfind("{%", 0, match.start())  # "{% else %}[[ATT UPPDATERA: datum]]{% endif %}"
    if last >= 0 and re.match(r"\{%-?\s*(?:p|tr|tc|r)?\s*(if|elif|else)\b", text[last:]):
        return "saknas"  # also a paragraph's "{%p else %}" (the starter case's signatories)
    return "stycke"


_NAME = re.compile(r"[^\W\d]\w*(?:\.[^\W\d]\w*)+")
# a template's if, elif, else or endif, in a run or as docxtpl's paragraph, row or cell tag ("{%p if …%}")
_BRANCH = re.compile(r"\{%-?\s*(?:p|tr|tc|r)?\s*(if|elif|else|endif)\b(.*?)-?%\}")


def _open_condition(text: str, end: int) -> str | None:
    """The condition of the innermost if still open at `end`: the one a stand-in after its else
    replaces ("{%p if ärendet.i_tjänsten %}…{% if s.titel %}…{% endif %}…{%p else %}[[…"), not
    the last if written before it."""
    opened: list[str] = []
    for branch in _BRANCH.finditer(text, 0, end):
        if branch[1] == "if":
            opened.append(branch[2])
        elif branch[1] == "endif" and opened:
            opened.pop()
        elif branch[1] == "elif" and opened:
            opened[-1] = branch[2]
    return opened[-1] if opened else None


def _missing_field(key: str, text: str) -> tuple[str, str] | None:
    """The part of the sources and the field a template's stand-in replaces, read from the tag
    it stands in: "sammanträde.justering or '[[ATT UPPDATERA: …]]'" -> ('sammanträde', 'justering')."""
    match = _written(key).search(text)
    if not match:
        return None
    opening = max(text.rfind("{{", 0, match.start()), text.rfind("{%", 0, match.start()))
    closing = max(text.rfind("}}", 0, match.start()), text.rfind("%}", 0, match.start()))
    names = _NAME.findall(text[opening : match.start()]) if opening > closing else []
    if not names:  # "{% if ärendet.datum %}…{% else %}[[ATT UPPDATERA: datum]]{% endif %}"
        condition = _open_condition(text, match.start())
        names = _NAME.findall(condition) if condition else []
    if not names:
        return None
    section, field = names[-1].split(".")[:2]
    from docgen.sources import schema

    # a template's name for a part of the sources -> its key there ("ärendet" -> "ärende")
    in_sources = {schema.TEMPLATE.key_of("case"): schema.Sources.key_of("case")}
    return in_sources.get(section, section), field


def _section_line(section: str, lines) -> tuple[Path, int] | None:
    """Where the document's own sources open `section:` (a mapping on the lines below)."""
    return next(((file, n) for file, n, line in lines if line == f"{section}:"), None)


def _missing(quoted: str, key: str, template_text: str, own_lines, root: Path) -> Problem | None:
    """A stand-in whose field the template names, told as the field to write under its part of
    the document's own sources, at that part's line ("Skriv 'justering' under 'sammanträde:'")."""
    found = _missing_field(key, template_text)
    place = _section_line(found[0], own_lines) if found else None
    if place is None:
        return None
    section, field = found
    return Problem(
        _shown(place[0], root),
        place[1],
        f"uppgiften saknas i källorna och står markerad: {quoted}",
        f"Skriv '{field}' under '{section}:' (se docs/kallformat.md). Har era dokument inte den uppgiften, "
        "ta bort raden ur mallen i Word eller LibreOffice. Eller bygg utan --slutlig.",
    )


_ENGINE_STAND_IN = re.compile(r"(.+?) saknas i underlaget")  # a consequence docgen marks (docgen.view.cases)


def _consequence(quoted: str, text: str, own_lines, root: Path) -> Problem | None:
    """A consequence section docgen marks itself: one written without a text is told at its
    'rubrik' line; one the sources do not write (the four of the starter kit) at 'ärende:',
    with what to write there."""
    from docgen.sources import schema
    from docgen.view.cases import CONSEQUENCES

    match = _INNER.match(text)
    found = _ENGINE_STAND_IN.fullmatch(_plain(match[1] if match else text))
    if found is None:
        return None
    heading = found[1]
    shown = heading[:1].upper() + heading[1:]
    rubrik = f"rubrik: {heading}"
    written = next(
        ((f, n) for f, n, line in own_lines if line.lstrip("- ").replace('"', "").replace("'", "") == rubrik), None
    )
    if written is not None:
        return Problem(
            _shown(written[0], root),
            written[1],
            f"konsekvensavsnittet '{shown}' har ingen text och står markerat: {quoted}",
            "Skriv 'text' under avsnittet i 'konsekvenser' (se docs/kallformat.md), eller ta bort avsnittet. "
            "Eller bygg utan --slutlig.",
        )
    case = schema.Sources.key_of("case")
    place = _section_line(case, own_lines)
    if place is None or heading not in {c.lower() for c in CONSEQUENCES}:
        return None
    return Problem(
        _shown(place[0], root),
        place[1],
        f"konsekvensavsnittet '{shown}' saknas i källorna och står markerat: {quoted}",
        f"Skriv 'konsekvenser' under '{case}:', med 'rubrik' och 'text' för varje avsnitt ni har "
        "(se docs/kallformat.md); har era tjänsteskrivelser inga konsekvensavsnitt, skriv 'konsekvenser: []'. "
        "Eller bygg utan --slutlig.",
    )


def unfinished_problems(
    marked: list[str], folder: Path, template: Path, sources_root: Path, stand_ins: list[StandIn] = ()
) -> list[Problem]:
    """One problem per marker left in the document, naming the source file and line, or the
    template, it was written in; a marker docgen wrote itself (`stand_ins`) by the problems it
    carries, one for each place it stands for."""
    root = sources_root.parent
    told: dict[str, list[Problem]] = {}
    for stand_in in stand_ins:
        known = told.setdefault(_key(stand_in), [])
        problem = replace(stand_in.problem, file=_shown(Path(stand_in.problem.file), root))
        if problem not in known:
            known.append(problem)
    lines = _source_lines(folder)
    template_text = _template_text(template)
    problems, seen = [], set()
    for text in marked:
        key = _key(text)
        if not key or key in seen:
            continue
        seen.add(key)
        if key in told:
            problems += told[key]
            continue
        quoted = text if len(text) <= 100 else text[:99].rstrip() + "…"
        places = _in_source(key, lines)
        kind = None if places else _in_template(key, template_text)
        if places:
            problems += [
                Problem(
                    _shown(file, root),
                    line,
                    f"står kvar markerat: {quoted}",
                    "Skriv in det som saknas och ta bort markeringen, eller bygg utan --slutlig.",
                )
                for file, line in places
            ]
            continue
        if kind == "stycke":
            problem = Problem(
                _shown(template, root),
                None,
                f"mallen har ett stycke markerat ATT UPPDATERA: {quoted}",
                "Öppna mallen i Word eller LibreOffice och ta bort eller ersätt stycket, eller bygg utan --slutlig.",
            )
        else:  # the template's or docgen's stand-in for something the sources do not say
            problem = (
                _missing(quoted, key, template_text, lines[0], root)
                or _consequence(quoted, text, lines[0], root)
                or Problem(
                    _shown(folder, root),
                    None,
                    f"uppgiften saknas i källorna och står markerad: {quoted}",
                    "Skriv in uppgiften i dokumentets källor (se docs/kallformat.md). Har era dokument inte "
                    "den uppgiften, ta bort raden ur mallen i Word eller LibreOffice. Eller bygg utan --slutlig.",
                )
            )
        problems.append(problem)
    # once each (a sum marked over an amount the sources lack names that amount's line), in the
    # order an editor goes through the files: by file and line; what has no line after
    problems = list(dict.fromkeys(problems))
    problems.sort(key=lambda p: (0, str(p.file), p.line) if p.line else (1, "", 0))
    return problems
