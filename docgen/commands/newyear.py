"""`docgen new-year <organisation> 2025 2026`: next year's sources from this year's.

Copies every document of the organisation whose `år` is the old year into a new folder
(the year in its name moved forward), and in the copy: moves the year forward in titles,
file names, column headings and report months; turns each amount table's "Budget <år>"
column into the comparison column beside a new budget column to be revised; flags every
figure still to be revised (an amount table's, a value table's, and each indicator's målvärde for
the year, which becomes a marker quoting last year's), every styrande dokument whose validity has passed and every
uppdrag marked done, with `att_uppdatera` (shown highlighted in the document; a final build
refuses them); an internkontrollplan's results of last year's controls become ATT UPPDATERA
markers for the new year's; every att-sats or beslutsmening is kept as last year's words with a
marker after it (an adopted sentence is never guessed: "för år 2025" stays until the editor
writes the new year's). It never overwrites a folder and never changes last year's sources.
The edits are made line by line, so the editors' comments and layout are kept; which lines hold
a table's columns or a control's result is found from the parsed records (where each field was
written), not from the key alone: an internkontroll's `kolumner` is not an amount table's.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import dataclass, field
from decimal import Decimal

from docgen.errors import DocgenError, Problem
from docgen.pipeline import Project, load_validated
from docgen.sources import schema

# The keys this line-by-line editor looks for, as the schema spells them.
EXCEL = schema.AmountTable.key_of("from_excel")
EXCEL_FILE = schema.ExcelSource.key_of("file")
YEAR, DATE = schema.DocumentInfo.key_of("year"), schema.DocumentInfo.key_of("date")
MONTH = schema.ReportMonth.key_of("month")
PERIOD = schema.FollowUp.key_of("period")
COLUMNS, VALUES = schema.AmountTable.key_of("columns"), schema.TableRow.key_of("values")
TO_UPDATE = schema.AmountTable.key_of("to_update")
NAME, ID = schema.GoverningDocument.key_of("name"), schema.Assignment.key_of("id")
WITH_YEARS = (  # text whose years move forward: titles, file names, captions, headings
    schema.DocumentInfo.key_of("title"),
    schema.DocumentInfo.key_of("subject"),
    schema.DocumentInfo.key_of("file_name"),
    schema.AmountTable.key_of("caption"),
    schema.AmountTable.key_of("missing"),  # "Nämndernas ramar 2024 finns inte i underlaget." beside its caption
    schema.AmountTable.key_of("first_column"),
)

TABLE_FLAG = "Beloppen är kopierade från {old} års källor och ska revideras."
EXCEL_FLAG = (
    "Raderna läses ur {file}, arbetsboken för {old}: lägg nästa års arbetsbok i mappen och ange den under 'från_excel'."
)
BUDGET_FLAG = "Budget {new} är kopierad från budget {old} och ska revideras; budget {old} står kvar som jämförelse."
RESULT = schema.ControlRisk.key_of("result")
RESULT_FLAG = "[[ATT UPPDATERA: resultatet av {new} års kontroll ({old} års resultat står i källorna för {old})]]"
CLAUSE_FLAG = "[[ATT UPPDATERA: att-satsen är {old} års: skriv den för {new} och ta bort markeringen]]"
SENTENCE_FLAG = "[[ATT UPPDATERA: beslutsmeningen är {old} års: skriv den för {new} och ta bort markeringen]]"
# Fields found by where their records were written (record class, field) -> what is done to the line
BY_RECORD = {
    (schema.AmountTable, "columns"): "columns",  # an amount table's columns: the year's budget moves
    (schema.ControlRisk, "result"): "result",  # last year's control result: to be written for the new year
    (schema.TargetIndicator, "target"): "target",  # the year's target: to be decided for the new year
    (schema.SubIndicator, "target"): "target",
}
TARGET = schema.TargetIndicator.key_of("target")
TARGET_FLAG = "[[ATT UPPDATERA: målvärdet för {new} ({old}: {value})]]"
VALUE_TABLE_FLAG = "[[ATT UPPDATERA: Värdena är kopierade från {old} års källor och ska revideras.]]"
# A follow-up's outcomes and assessments are last year's: each is asked for again, never carried
# on as the new year's (a status would follow from them); last year's outcome becomes the new
# year's comparison value (föregående), last year's trend is dropped.
OUTCOME_VALUE, OUTCOME_PREVIOUS = schema.Outcome.key_of("value"), schema.Outcome.key_of("previous")
OUTCOME_TREND, OUTCOME_COMMENT = schema.Outcome.key_of("trend"), schema.Outcome.key_of("comment")
STATUS, STATUS_COMMENT = schema.Assessment.key_of("status"), schema.Assessment.key_of("comment")
LAST_YEARS = {  # what is marked -> (its key, the marker; {value}: last year's, as written)
    "outcome": (OUTCOME_VALUE, "[[ATT UPPDATERA: utfallet för {new} ({old}: {value})]]"),
    "outcome-comment": (OUTCOME_COMMENT, "[[ATT UPPDATERA: kommentaren för {new} ({old}: {value})]]"),
    "status": (STATUS, "[[ATT UPPDATERA: uppdragets status för {new} ({old}: {value})]]"),
    "status-comment": (STATUS_COMMENT, "[[ATT UPPDATERA: kommentaren för {new} ({old}: {value})]]"),
}
FOOTNOTE = schema.ValueTable.key_of("footnote")
# A saved Kolada response (a plan's senast kända värden under 'dokument', a follow-up's outcomes
# under 'uppföljning') is last year's fetch: the copy reads it until the editor fetches again.
OUTCOMES_FILE = schema.DocumentInfo.key_of("outcomes_file")


@dataclass
class Summary:
    created: list[str] = field(default_factory=list)
    expired: list[str] = field(default_factory=list)
    done: list[str] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)
    results: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    clauses: list[str] = field(default_factory=list)
    outcomes: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    sums: list[str] = field(default_factory=list)
    kolada: list[str] = field(default_factory=list)
    exports: list[str] = field(default_factory=list)

    def text(self, old: int, new: int) -> str:
        always = [  # listed with "inga" when empty
            ("Tabeller vars belopp ska revideras", self.tables),
            ("Styrande dokument vars giltighet har gått ut och som behöver nytt beslut", self.expired),
            ("Uppdrag markerade som klara, att ta bort", self.done),
        ]
        marked = [  # listed when there are any
            (f"Målvärden att besluta för {new}", self.targets),
            (f"Förslag till beslut att skriva för {new}, förra årets ord kvar", self.clauses),
            (f"Utfall och uppdragens status att skriva in för {new}", self.outcomes),
            (f"Internkontrollens resultat att skriva in för {new}", self.results),
        ]
        unmarked = [  # copied as they are: what the editor must read or replace
            (
                f"Sparade svar från Kolada, kopierade som de hämtades för {old} och inte markerade: "
                f"dokumentet visar de värden som fanns då tills du hämtar för {new}",
                self.kolada,
            ),
            (
                f"Utfallsfiler (controllerns export), kopierade med {old} års utfall och inte markerade: lägg "
                f"{new} års export i mappen med samma namn innan du bygger; en period utan år ('senast kända "
                f"värde') läser annars {old} års utfall som {new} års och räknar statusen ur dem när målvärdena "
                f"för {new} är skrivna",
                self.exports,
            ),
            (
                f"Summor i löptexten som följer sina kolumner till {new} och räknas ur en tabell vars belopp "
                f"ska revideras: läs meningen när tabellen har {new} års belopp",
                self.sums,
            ),
            (f"Löptext som nämner {old}, kopierad som den är och inte markerad: läs den för {new}", self.texts),
        ]
        lines = [f"Skapade {len(self.created)} mappar för {new} (källorna för {old} är orörda):"]
        lines += [f"  {c}" for c in self.created]
        for heading, items in always:
            lines += _listed(heading, items) or [f"{heading} (0):", "  inga"]
        for heading, items in marked:
            lines += _listed(heading, items)
        lines.append(
            "Allt detta är markerat 'att_uppdatera' i källorna och syns gulmarkerat i dokumenten; "
            "ett slutligt bygge (--slutlig) vägrar tills det är åtgärdat."
        )
        for heading, items in unmarked:
            lines += _listed(heading, items)
        return "\n".join(lines)


def _listed(heading: str, items: list[str]) -> list[str]:
    """A heading with its count and the items under it, indented; nothing when there are none."""
    return [f"{heading} ({len(items)}):", *(f"  {item}" for item in items)] if items else []


def new_year(organisation: str, old: int, new: int, project: Project) -> Summary:
    root = project.sources / organisation
    if root.resolve().parent != project.sources.resolve():
        raise DocgenError(
            Problem(
                root,
                None,
                f"'{organisation}' är ingen organisationsmapp direkt under "
                f"{project.sources}; docgen new-year skriver bara där.",
                "Ange organisationens mapp under sources/, t.ex. region-ostergotland.",
            )
        )
    if not root.is_dir():
        raise DocgenError(Problem(root, None, "organisationen finns inte under sources/.", ""))
    if new != old + 1:
        raise DocgenError(Problem(None, None, f"det nya året ska vara året efter {old}, inte {new}.", ""))
    documents = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        raw, sources = load_validated(folder, project)
        if sources.document.year == old:
            documents.append((folder, sources))
    if not documents:
        raise DocgenError(Problem(root, None, f"inga dokument för {old} i {organisation}.", ""))
    renamed = {f"{organisation}/{f.name}": f"{organisation}/{_shift_name(f.name, old, new)}" for f, _ in documents}
    targets = [(folder, root / _shift_name(folder.name, old, new), sources) for folder, sources in documents]
    for _folder, target, _sources in targets:
        if target.exists():
            raise DocgenError(
                Problem(
                    target,
                    None,
                    "mappen finns redan; docgen new-year skriver aldrig över.",
                    "Ta bort eller byt namn på mappen först.",
                )
            )
    summary = Summary()
    for folder, target, sources in targets:
        if folder.name == target.name:
            raise DocgenError(
                Problem(
                    folder,
                    None,
                    f"mappens namn innehåller inte {old}; den nya mappen kan inte namnges.",
                    "Ge mappen ett namn med året, t.ex. hsn-arsplan-2025.",
                )
            )
        temporary = target.with_name(f".{target.name}.tmp")
        shutil.rmtree(temporary, ignore_errors=True)
        shutil.copytree(folder, temporary)
        lines = _record_lines(sources, old, new)
        moved = _moved_columns(sources, old)
        for path in sorted(temporary.glob("*.yaml")):
            path.write_text(
                _shift_file(
                    path.read_text(encoding="utf-8"),
                    old,
                    new,
                    renamed,
                    sources,
                    summary,
                    f"{organisation}/{target.name}/{path.name}",
                    lines.get((folder / path.name).resolve(), {}),
                    moved,
                ),
                encoding="utf-8",
            )
        temporary.rename(target)
        summary.created.append(f"{organisation}/{target.name}")
        for file, line, name in _outcome_files(target):
            where = f"{organisation}/{target.name}/{file}: rad {line} ({name})"
            if name.lower().endswith(".json"):
                summary.kolada.append(
                    f"{where}: kör 'docgen kolada hämta {project.sources / organisation / target.name}'"
                )
            else:
                summary.exports.append(f"{where}: ersätt {target.name}/{name} med {new} års export")
    return summary


def _outcome_files(folder) -> list[tuple[str, int, str]]:
    """Where the copied sources name a file of outcomes ('utfall_fil' under 'dokument' or
    'uppföljning': a saved Kolada response, .json, or a controller's CSV or Excel export): file,
    line and the named file."""
    found = []
    for path in sorted(folder.glob("*.yaml")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            named = re.match(rf"  {OUTCOMES_FILE}:\s*(\S.*?)\s*(#.*)?$", line)
            if named:
                found.append((path.name, number, named.group(1).strip("\"'")))
    return found


def _budget_moves(table, old: int) -> bool:
    """A plan's budget table ([Budget 2024, Plan 2025, …]): the new year's budget column comes
    first and last year's stays beside it as the comparison; its other columns do not move."""
    return (
        bool(table.columns)
        and str(table.columns[0]) == f"Budget {old}"
        and len(table.columns) > 1
        and not _related_columns(table)
    )


def _moved_columns(sources, old: int) -> set[str]:
    """The amount tables whose columns all move a year forward (a follow-up's 'Utfall 2024'
    becomes 'Utfall 2025'): a summa() in the text over one of them follows its column."""
    return {
        table_id
        for table_id, table in sources.tables.items()
        if COLUMNS in table.written and not _budget_moves(table, old)
    }


# summa('tabell', 'Kolumn') in running text: the table's id and the column's name
_SUM_REFERENCE = re.compile(r"""(summa\(\s*)(['"])([^'"]+)\2(\s*,\s*)(['"])([^'"]+)\5""")


def _moved_sums(line: str, moved: set[str], old: int, new: int) -> tuple[str, list[str]]:
    """The line with each summa() over a table whose columns move a year forward moved with
    them ('Utfall 2024' -> 'Utfall 2025'), and what was moved, as the summary says it."""
    said: list[str] = []

    def follow(found: re.Match) -> str:
        column = _shift_years(found.group(6), old, new)
        if found.group(3) not in moved or column == found.group(6):
            return found.group(0)
        said.append(f"summa('{found.group(3)}', '{found.group(6)}') → '{column}'")
        call, quote, table, comma, column_quote = found.group(1, 2, 3, 4, 5)
        return f"{call}{quote}{table}{quote}{comma}{column_quote}{column}{column_quote}"

    return _SUM_REFERENCE.sub(follow, line), said


def _related_columns(table) -> bool:
    """Whether a table's columns are named by its own rules (skillnadskolumner, andelskolumner,
    summakolumner): a follow-up's Budget, Utfall, Avvikelse, not a plan's budget over years."""
    return bool(table.difference_columns or table.share_columns or table.sum_columns)


def _record_lines(sources, old: int, new: int) -> dict:
    """file -> {line: what} for every field of BY_RECORD the sources write, from the parsed records.
    A table the editor has marked 'att_uppdatera' already gets no second key (YAML allows one):
    its columns line is 'columns-flagged' and its own line ('own-flag', the flag) says both."""
    from pathlib import Path

    from docgen.sources.records import Record

    found: dict = {}

    def walk(value):
        if isinstance(value, Record):
            for (cls, name), what in BY_RECORD.items():
                if isinstance(value, cls) and cls.key_of(name) in value.written:
                    file, line = value.where(name)
                    if file and line:
                        found.setdefault(Path(file).resolve(), {})[line] = what
            if isinstance(value, schema.Decision):
                _clause_lines(value, old, new, found)
            if isinstance(value, (schema.Outcome, schema.Assessment)):
                _last_years_lines(value, found)
            if isinstance(value, schema.ValueTable) and COLUMNS in value.written:
                _value_table_lines(value, old, found)
            if isinstance(value, schema.AmountTable) and _related_columns(value) and COLUMNS in value.written:
                # its columns are named by its skillnads-, andels- or summakolumner (Avvikelse =
                # Utfall − Budget): the years move in both, no column moves or is dropped
                (columns_file, columns_line) = value.where("columns")
                if columns_file and columns_line and TO_UPDATE not in value.written:
                    found.setdefault(Path(columns_file).resolve(), {})[columns_line] = "columns-related"
                for rule in ("difference_columns", "share_columns", "sum_columns"):
                    rule_file, rule_line = value.where(rule)
                    if getattr(value, rule) and rule_file and rule_line:
                        found.setdefault(Path(rule_file).resolve(), {})[rule_line] = "column-rule"
            if isinstance(value, schema.AmountTable) and TO_UPDATE in value.written and COLUMNS in value.written:
                file, line = value.where("to_update")
                (columns_file, columns_line) = value.where("columns")
                if file and line and columns_file and columns_line:
                    budget = _budget_moves(value, old)
                    flag = BUDGET_FLAG.format(new=new, old=old) if budget else TABLE_FLAG.format(old=old)
                    found.setdefault(Path(columns_file).resolve(), {})[columns_line] = "columns-flagged"
                    found.setdefault(Path(file).resolve(), {})[line] = ("own-flag", flag)
            for entry in value.FIELDS:
                walk(getattr(value, entry.name))
                _prose_line(value, entry.name, old, found)
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)

    walk(sources)
    return found


def _last_years_lines(record, found: dict) -> None:
    """A follow-up's outcome or assessment: the lines of last year's value, status, trend and
    comment, each with what was written (the outcome's number becomes the new comparison)."""
    from pathlib import Path

    if isinstance(record, schema.Outcome):
        fields = {"value": "outcome", "comment": "outcome-comment", "previous": "previous", "trend": "trend"}
        last = record.value if isinstance(record.value, Decimal) else None
    else:
        fields, last = {"status": "status", "comment": "status-comment"}, None
    has_previous = schema.Outcome.key_of("previous") in record.written
    for name, kind in fields.items():
        file, line = record.where(name)
        if file and line and record.key_of(name) in record.written:
            shown = getattr(record, name)
            if isinstance(shown, Decimal):
                shown = str(shown).replace(".", ",")  # as the report writes it: "82,5"
            shown = shown.text if isinstance(shown, schema.Measure) else str(shown)
            found.setdefault(Path(file).resolve(), {})[line] = (kind, shown, last, has_previous)


def _value_table_lines(table, old: int, found: dict) -> None:
    """A value table's figures are last year's: its columns line gets the marker as a footnote
    written before it (valid whether the columns are a [list] or lines of '- '), or its one-line
    footnote gets the marker before the editor's own text."""
    from pathlib import Path

    file, line = table.where("columns")
    if not (file and line):
        return
    flag = VALUE_TABLE_FLAG.format(old=old)
    if FOOTNOTE not in table.written:
        found.setdefault(Path(file).resolve(), {})[line] = ("value-columns", flag)
        return
    found.setdefault(Path(file).resolve(), {})[line] = ("value-columns", None)
    note_file, note_line = table.where("footnote")
    if note_file and note_line:
        found.setdefault(Path(note_file).resolve(), {})[note_line] = ("value-footnote", flag)


PROSE = 60  # characters: a text this long is running text, read again for the new year


def _prose_line(record, name: str, old: int, found: dict) -> None:
    """A running text that names last year (or a range through it): copied as it is, and listed
    for the editor to read for the new year, at the line its field starts on."""
    from pathlib import Path

    value = getattr(record, name)
    if not isinstance(value, str) or len(value) < PROSE or record.key_of(name) in WITH_YEARS:
        return  # a title's or caption's years are moved forward
    mention = re.search(rf"(?<!\d){old}(?!\d)", value)
    if mention is None:
        return
    file, line = record.where(name)
    if file and line:
        start = max(value.rfind(" ", 0, max(mention.start() - 30, 0)) + 1, 0)
        excerpt = " ".join(value[start:].split()[:10])
        found.setdefault(Path(file).resolve(), {}).setdefault(line, ("prose", excerpt))


def _clause_lines(decision, old: int, new: int, found: dict) -> None:
    """Each att-sats (or beslutsmening) of a decision: the line its text starts on, with the text
    and the marker to put after it."""
    from pathlib import Path

    flag = (CLAUSE_FLAG if decision.form == schema.CLAUSES else SENTENCE_FLAG).format(old=old, new=new)
    for number, clause in enumerate(decision.clauses):
        if clause is None:
            continue
        inside = (number, schema.Clause.key_of("text")) if isinstance(clause._source, dict) else (number,)
        file, line = decision.where("clauses", *inside)
        if file and line:
            found.setdefault(Path(file).resolve(), {})[line] = ("clause", clause.text, flag)


def _last_years(line: str, what: tuple, old: int, new: int) -> list[str]:
    """The new year's lines for one line of last year's outcome or assessment (`what`: kind,
    last year's value, the outcome's number, whether föregående is written): the value, status or
    comment replaced by a marker quoting last year's; föregående set to last year's outcome (a line
    added after the value when there was none); last year's trend dropped. A key inside braces
    ("{styrtal: …, värde: 3}") is edited in place."""
    kind, shown, last, has_previous = what
    stripped = line.strip().lstrip("- ")
    if kind == "trend":
        if stripped.startswith(OUTCOME_TREND + ":"):
            return []
        return [re.sub(r",?\s*" + _FLOW_VALUE.format(key=OUTCOME_TREND), "", line, count=1)]
    if kind == "previous":
        if last is None:
            return [line]  # last year's outcome was no number: the comparison stays as written
        return [re.sub(_FLOW_VALUE.format(key=OUTCOME_PREVIOUS), lambda m: m.group(1) + str(last), line, count=1)]
    key, flag = LAST_YEARS[kind]
    value = "skrevs aldrig in" if "att uppdatera" in shown.lower() else " ".join(shown.split())
    marker = _quoted(flag.format(new=new, old=old, value=value))
    edited = re.sub(_FLOW_VALUE.format(key=key), lambda m: m.group(1) + marker, line, count=1)
    if stripped.startswith(key + ":"):  # a block value (kommentar: |) ends at this line now
        edited = line[: line.index(key)] + f"{key}: {marker}\n"
    lines = [edited]
    if kind == "outcome" and last is not None and not has_previous:
        if stripped.startswith(key + ":"):
            lines.append(" " * line.index(key) + f"{OUTCOME_PREVIOUS}: {last}\n")
        else:
            lines = [edited.replace(marker, f"{marker}, {OUTCOME_PREVIOUS}: {last}", 1)]
    return lines


def _clause(line: str, text: str, flag: str) -> tuple[str, int]:
    """The att-sats's line with last year's text and the marker after it, quoted on one line (a
    text that went on over several lines is joined), and the column beyond which its value's
    further lines were indented (they are left out: the text is all on this line now)."""
    stripped = line.lstrip(" ")
    indent = len(line) - len(stripped)
    key = schema.Clause.key_of("text")
    head = re.match(rf"(-\s+)?({key}\s*:\s*)?", stripped).group(0)
    column = indent + head.index(key) if key in head else indent
    return f"{' ' * indent}{head}{_quoted(text.rstrip() + ' ' + flag)}\n", column


def _short(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _target_flag(new: int, old: int, last: str) -> str:
    """The marker for the new year's target, quoting last year's; a target that was itself still
    to be written is said so, not quoted (a marker inside a marker broke its brackets)."""
    if "att uppdatera" in last.lower():
        return TARGET_FLAG.format(new=new, old=old, value="skrevs aldrig in")
    return TARGET_FLAG.format(new=new, old=old, value=last)


def _shift_name(name: str, old: int, new: int) -> str:
    return name.replace(str(old), str(new))


def _shift_years(text: str, old: int, new: int) -> str:
    """Every year from old−5 to old+5 one year forward (titles, ranges, headings)."""
    return re.sub(
        r"(?<!\d)(19|20)(\d{2})(?!\d)",
        lambda m: str(int(m.group(0)) + 1) if old - 5 <= int(m.group(0)) <= old + 5 else m.group(0),
        text,
    )


def _shift_file(
    text: str,
    old: int,
    new: int,
    renamed: dict,
    sources,
    summary: Summary,
    where: str,
    marked: dict | None = None,
    moved: set[str] = frozenset(),
) -> str:
    """The file's lines for the new year; `marked`: line number -> what BY_RECORD does there;
    `moved`: the tables whose columns move a year forward (a summa() over them follows)."""
    marked = marked or {}
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    budget_table_indent = None
    expired_names = {
        d.name
        for g in (sources.governing_documents.groups if sources.governing_documents else [])
        for sg in g.subgroups
        for d in sg.documents
        if _expired(d.valid_until, new)
    }
    done_ids = {a.id for area in sources.goal_areas for a in area.assignments if a.status == schema.DONE} | {
        a.id for b in sources.ongoing for f in b.focus_areas for a in f.assignments if a.status == schema.DONE
    }
    pending_flag: tuple[int, str] | None = None
    block_marker = None  # a value table's marker waiting for the first line of its block footnote
    excel_indent = None  # inside a table's från_excel: the workbook is last year's, kept as it is
    replaced_indent = None  # inside a block value replaced by a marker (a control's result)
    for number, line in enumerate(lines):
        stripped = line.strip()
        indent = len(line) - len(line.lstrip(" "))
        key = stripped.split(":", 1)[0].lstrip("- ").strip() if ":" in stripped else ""
        if replaced_indent is not None and (not stripped or indent > replaced_indent):
            continue
        replaced_indent = None
        if excel_indent is not None and (not stripped or indent > excel_indent):
            out.append(line)
            continue
        excel_indent = None
        at = len(out) + 1  # the line's number in the new year's file, where the editor finds it
        if key == RESULT and marked.get(number + 1) == "result" and stripped.startswith((RESULT, "- " + RESULT)):
            start = line[: line.index(RESULT)]
            out.append(f"{start}{RESULT}: {_quoted(RESULT_FLAG.format(new=new, old=old))}\n")
            summary.results.append(f"{where}: rad {at}")
            replaced_indent = indent
            continue
        what = marked.get(number + 1)
        if isinstance(what, tuple) and what[0] == "clause":
            written, replaced_indent = _clause(line, what[1], what[2])
            out.append(written)
            summary.clauses.append(f"{where}: rad {at} ({old}: {_short(what[1])})")
            continue
        if isinstance(what, tuple) and what[0] == "prose":
            summary.texts.append(f"{where}: rad {at} (”{what[1]} …”)")
            what = None
        inline = _inline_marked(line, what, old, new)
        if inline is not None:
            out.append(inline.line)
            summary.targets += [f"{where}: rad {at} ({old}: {shown})" for shown in inline.targets]
            summary.tables += [f"{where}: rad {at} (värdetabell)"] * inline.tables
            continue
        if isinstance(what, tuple) and what[0] in (*LAST_YEARS, "previous", "trend"):
            written = _last_years(line, what, old, new)
            if what[0] in LAST_YEARS and written != [line]:
                summary.outcomes.append(f"{where}: rad {at} ({old}: {_short(what[1])})")
            out.extend(written)
            replaced_indent = indent if written != [line] and line.rstrip().endswith(("|", ">", "|-", ">-")) else None
            continue
        if key == TARGET and what == "target" and stripped.startswith((TARGET + ":", "- " + TARGET + ":")):
            value = stripped.split(":", 1)[1].strip()
            if value and value[0] not in "|>{[":
                shown = value.strip("\"'")
                start = line[: line.index(TARGET)]
                out.append(f"{start}{TARGET}: {_quoted(_target_flag(new, old, shown))}\n")
                summary.targets.append(f"{where}: rad {at} ({old}: {shown})")
                continue
        if isinstance(what, tuple) and what[0] == "value-columns" and key == COLUMNS and not stripped.startswith("- "):
            if what[1]:
                out.append(" " * indent + f"{FOOTNOTE}: {_quoted(what[1])}\n")
                summary.tables.append(f"{where}: rad {at} (värdetabell)")
            out.append(_shift_years(line, old, new))  # else the marker goes into the table's own footnote
            continue
        if block_marker is not None and stripped:
            # the first line of a block footnote, a paragraph of its own: glued to the first
            # footnote ("[[ATT UPPDATERA: …]] * 2015 har …") it read as part of it
            out.append(" " * indent + block_marker + "\n\n")
            block_marker = None
        if isinstance(what, tuple) and what[0] == "value-footnote" and key == FOOTNOTE:
            value = stripped.split(":", 1)[1].strip()
            summary.tables.append(f"{where}: rad {at} (värdetabell)")
            if value and value[0] not in "|>":
                own = value.strip("\"'")
                out.append(line[: line.index(FOOTNOTE)] + f"{FOOTNOTE}: {_quoted(what[1] + ' ' + own)}\n")
                continue
            block_marker = what[1]
        if key == EXCEL:
            found = re.search(rf"{EXCEL_FILE}:\s*([^,}}\n]+)", "".join(lines[number : number + 12]))
            file = found.group(1).strip().strip("\"'") if found else "arbetsboken"
            out.append(" " * indent + f"{TO_UPDATE}: {_quoted(EXCEL_FLAG.format(file=file, old=old))}\n")
            summary.tables.append(f"{where}: rad {at} (ur {file})")
            out.append(line)
            excel_indent = None if "{" in stripped else indent
            continue
        if moved and "summa(" in line:  # the template's function, not the key
            line, said = _moved_sums(line, moved, old, new)
            summary.sums += [f"{where}: rad {at}: {s}" for s in said]
        for old_ref, new_ref in renamed.items():
            line = (
                line.replace(old_ref + "\n", new_ref + "\n")
                .replace(old_ref + "#", new_ref + "#")
                .replace(old_ref + " ", new_ref + " ")
                .replace(old_ref + '"', new_ref + '"')  # följer_upp: "org/plan-2015", quoted
                .replace(old_ref + "'", new_ref + "'")
            )
        if key == YEAR and stripped.endswith(str(old)):
            line = line.replace(str(old), str(new))
        elif key in WITH_YEARS or (key == PERIOD and indent == 2):  # the follow-up's period: "januari–juni 2015"
            line = _shift_years(line, old, new)
        elif key == MONTH and re.search(rf"\b{old}-\d\d\b", line):
            line = line.replace(f"{old}-", f"{new}-")
        elif key == DATE and indent == 2:
            continue  # the new document has not been decided yet
        elif key == TO_UPDATE and isinstance(marked.get(number + 1), tuple):
            value = stripped.split(":", 1)[1].strip()
            if value and value[0] not in "|>":  # one line: the editor's note after docgen's
                own = value.strip("\"'")
                line = line[: line.index(TO_UPDATE)] + f"{TO_UPDATE}: {_quoted(marked[number + 1][1] + ' ' + own)}\n"
        elif marked.get(number + 1) == "column-rule":  # Avvikelse: [Utfall 2024, Budget 2024], as its columns
            line = _shift_years(line, old, new)
        elif key == COLUMNS and marked.get(number + 1) in ("columns", "columns-flagged", "columns-related"):
            flagged = marked.get(number + 1) == "columns-flagged"
            match = re.match(rf"(\s*{COLUMNS}:\s*)\[(.*)\]\s*$", line)
            columns = [c.strip() for c in match.group(2).split(",")] if match else []
            related = marked.get(number + 1) == "columns-related"
            if columns and columns[0].strip("\"'") == f"Budget {old}" and len(columns) > 1 and not related:
                line = f"{match.group(1)}[Budget {new}, Budget {old}, {', '.join(columns[1:-1])}]\n".replace(", ]", "]")
                budget_table_indent = indent
                out.append(line)
                if not flagged:
                    out.append(" " * indent + f"{TO_UPDATE}: {_quoted(BUDGET_FLAG.format(new=new, old=old))}\n")
                summary.tables.append(
                    f"{where}: rad {at}: {columns[0]} → Budget {new} (att revidera), Budget {old} som jämförelse"
                )
                continue
            line = _shift_years(line, old, new)
            flag = [] if flagged else [" " * indent + f"{TO_UPDATE}: {_quoted(TABLE_FLAG.format(old=old))}\n"]
            # kolumner written as a block list (Helsingborg's "kolumner:" with "- …" below): the
            # marker goes above it, not between the key and its items (the new file did not load)
            out.extend(flag + [line] if stripped == f"{COLUMNS}:" else [line] + flag)
            summary.tables.append(f"{where}: rad {at}")
            continue
        elif f"{VALUES}:" in line and budget_table_indent is not None and indent >= budget_table_indent:
            match = re.match(rf"(.*{VALUES}:\s*)\[(.*)\](.*)$", line.rstrip("\n"))
            if match:
                values = [v.strip() for v in match.group(2).split(",")]
                shifted = [values[0], values[0]] + values[1:-1]
                line = f"{match.group(1)}[{', '.join(shifted)}]{match.group(3)}\n"
        elif "{" in line:
            line = _shift_inline_years(line, old, new)
        if budget_table_indent is not None and stripped and indent < budget_table_indent:
            budget_table_indent = None  # the next table
        if key == NAME and stripped.split(":", 1)[1].strip().strip("\"'") in expired_names:
            name = stripped.split(":", 1)[1].strip().strip("\"'")
            summary.expired.append(f"{where}: {name}")
            pending_flag = (
                indent + (2 if stripped.startswith("- ") else 0),
                "Giltigheten har gått ut: nytt beslut behövs.",
            )
        if key == ID and stripped.split(":", 1)[1].strip() in done_ids:
            summary.done.append(f"{where}: {stripped.split(':', 1)[1].strip()}")
            pending_flag = (indent + (2 if stripped.startswith("- ") else 0), "Uppdraget är klart: ta bort det.")
        out.append(line)
        if pending_flag is not None:
            out.append(" " * pending_flag[0] + f"{TO_UPDATE}: {_quoted(pending_flag[1])}\n")
            pending_flag = None
    return "".join(out)


# A key inside a flow mapping ("{text: …, målvärde: "90 %"}") and its value (quoted or plain)
_FLOW_VALUE = r"""(?<![\w])({key}\s*:\s*)("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^,}}\]\n]+)"""
_FLOW_LIST = r"(?<![\w])({key}\s*:\s*)(\[[^\]\n]*\])"


@dataclass
class _Inline:
    line: str
    targets: list[str] = field(default_factory=list)
    tables: int = 0


def _inline_marked(line: str, what, old: int, new: int) -> _Inline | None:
    """A marked field written inside a flow mapping on its line ("- {text: …, målvärde: 50 %}"), where
    the line-by-line edits that expect the key first on its line do not reach: the same marker put in
    place of the value (a target, a value table's footnote) or before the columns (a value table
    without a footnote). None when the marked key is written first on its line (handled there)."""
    stripped = line.strip().lstrip("- ")
    kind = what[0] if isinstance(what, tuple) else what
    key = {"target": TARGET, "value-columns": COLUMNS, "value-footnote": FOOTNOTE}.get(kind)
    if key is None or stripped.startswith(key + ":") or "{" not in line:
        return None
    edited = _Inline(_shift_inline_years(line, old, new))
    line = edited.line
    if kind == "target":
        pattern = re.compile(_FLOW_VALUE.format(key=TARGET))

        def marker(found):
            shown = _unquoted(found.group(2).strip())
            edited.targets.append(shown)
            return found.group(1) + _quoted(_target_flag(new, old, shown))

        edited.line = pattern.sub(marker, line)
    elif kind == "value-columns":
        pattern = re.compile(_FLOW_LIST.format(key=COLUMNS))
        found = pattern.search(line)
        if found is None:
            return None
        columns = found.group(1) + _shift_years(found.group(2), old, new)
        note = f"{FOOTNOTE}: {_quoted(what[1])}, " if what[1] else ""
        edited.line = line[: found.start()] + note + columns + line[found.end() :]
        edited.tables = 1
    else:
        pattern = re.compile(_FLOW_VALUE.format(key=FOOTNOTE))
        edited.line = pattern.sub(
            lambda found: found.group(1) + _quoted(what[1] + " " + _unquoted(found.group(2).strip())), line
        )
    return edited


def _shift_inline_years(line: str, old: int, new: int) -> str:
    """The years of titles, captions and headings written inside a flow mapping moved forward."""
    for key in WITH_YEARS:
        line = re.sub(_FLOW_VALUE.format(key=key), lambda m: m.group(1) + _shift_years(m.group(2), old, new), line)
    return line


def _unquoted(value: str) -> str:
    if len(value) > 1 and value[0] == value[-1] == '"':
        return value[1:-1].replace('\\"', '"')
    if len(value) > 1 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    return value


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _expired(valid_until, new_year_number: int) -> bool:
    """True when every date of 'gäller till och med' is before the new year."""
    if isinstance(valid_until, tuple) and valid_until:
        return max(valid_until) < dt.date(new_year_number, 1, 1)
    return False
