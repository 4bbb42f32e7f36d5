"""References between documents: a board's plan names the treårsbudget's uppdrag by id.

Part of the validate stage. An uppdrag written `från: region-ostergotland/planeringsaret-2024#id`
takes its text from that uppdrag, so the two can never drift apart. The referenced
document is loaded and validated (not rendered) once per build.
"""

from __future__ import annotations

from pathlib import Path

from docgen.errors import DocgenError, Problem
from docgen.sources import schema
from docgen.sources.load import load_document_sources


class Library:
    """Other documents' validated sources, loaded on first use."""

    def __init__(self, sources_root: Path, cache=None):
        self.root = sources_root
        self.cache = cache  # docgen.sources.cache.SourceCache: files read before are not parsed again
        self.loaded: dict[str, schema.Sources] = {}

    def document(self, folder: str) -> schema.Sources | None:
        if folder not in self.loaded:
            from docgen.sources.validate import validate_sources

            path = self.root / folder
            if not path.is_dir():
                return None
            if path.is_absolute() and path.is_relative_to(Path.cwd()):  # named as the editor's own files are
                path = path.relative_to(Path.cwd())
            sources = validate_sources(load_document_sources(path, self.cache))
            if sources.document.outcomes_file and sources.follow_up is None:  # a plan's senast kända värden
                from docgen.sources.kolada import plan_outcomes

                plan_outcomes(sources, path)
            self.loaded[folder] = sources
        return self.loaded[folder]

    def missing_hint(self, folder: str) -> str:
        """What to write instead of a document name that is not under sources/: the name
        without a leading 'sources/', or the nearest document folders."""
        import difflib

        if folder.startswith(("sources/", "./sources/")) and (self.root / folder.partition("sources/")[2]).is_dir():
            return f"Skriv sökvägen från sources/, utan 'sources/': '{folder.partition('sources/')[2]}'."
        try:
            known = sorted({str(p.parent.relative_to(self.root)) for p in self.root.glob("*/*/*.yaml")})
        except OSError:
            known = []
        near = difflib.get_close_matches(folder, known, n=2, cutoff=0.7)
        if near:
            return f"Menade du {' eller '.join(repr(n) for n in near)}?"
        return "Skriv dokumentets mapp under sources/ som organisation/dokument, t.ex. 'sjobo-kommun/budget-2026'."

    def budget_assignment(self, reference: str):
        folder, _, item = reference.partition("#")
        document = self.document(folder)
        if document is None:
            return "folder", None
        if document.three_year_budget is None:
            return "budget", None
        for focus in document.three_year_budget.focus_areas:
            for assignment in focus.assignments:
                if assignment.id == item:
                    return "ok", assignment
        return "item", None


def referring_assignments(src: schema.Sources):
    """Every uppdrag of a plan that refers to a treårsbudget."""
    for area in src.goal_areas:
        yield from (item for item in area.assignments if item.source)
    for budget in src.ongoing:
        for focus in budget.focus_areas:
            yield from (item for item in focus.assignments if item.source)


def resolve_references(src: schema.Sources, library: Library) -> None:
    """Give every referring uppdrag the text of the uppdrag it names; every broken
    reference is an error at the line of its `från`."""
    problems = []
    for item in referring_assignments(src):
        status, target = library.budget_assignment(item.source)
        file, line = item.where("source")
        folder, _, name = item.source.partition("#")
        if status == "folder":
            problems.append(
                Problem(
                    file,
                    line,
                    f"dokumentet '{folder}' finns inte under sources/.",
                    "Skriv mappen som organisation/dokument, t.ex. region-ostergotland/planeringsaret-2024.",
                )
            )
        elif status == "budget":
            problems.append(Problem(file, line, f"dokumentet '{folder}' har ingen treårsbudget.", ""))
        elif status == "item":
            problems.append(
                Problem(
                    file,
                    line,
                    f"treårsbudgeten i '{folder}' har inget uppdrag '{name}'.",
                    "Kontrollera id:t i treårsbudgetens källor.",
                )
            )
        else:
            item.text = target.text
    if problems:
        raise DocgenError(problems)


def coverage_problems(src: schema.Sources, library: Library, folder: Path) -> list[Problem]:
    """For a plan that says which treårsbudget it answers: every uppdrag given to the board
    that the plan does not handle, and every handled uppdrag not given to the board."""
    answers = src.document.answers
    if answers is None:
        return []
    file, line = src.document.where("answers")
    budget_doc = library.document(answers.budget)
    if budget_doc is None or budget_doc.three_year_budget is None:
        return [Problem(file, line, f"'{answers.budget}' är ingen dokumentmapp med en treårsbudget.", "")]
    handled = {
        item.source.partition("#")[2]: item
        for item in referring_assignments(src)
        if item.source.partition("#")[0] == answers.budget
    }
    problems = []
    given = {}
    for focus in budget_doc.three_year_budget.focus_areas:
        for assignment in focus.assignments:
            given[assignment.id] = (assignment, focus)
            if answers.body in assignment.to and assignment.id not in handled:
                problems.append(
                    Problem(
                        file,
                        line,
                        f"treårsbudgetens uppdrag '{assignment.id}' ({focus.name}: "
                        f"«{_start(assignment.text)}») ges till {answers.body.upper()} men hanteras "
                        "inte i planen.",
                        f"Lägg till ett uppdrag med 'från: {answers.budget}#{assignment.id}' och dess hantering.",
                    )
                )
    for item_id, item in handled.items():
        if item_id in given and answers.body not in given[item_id][0].to:
            item_file, item_line = item.where("source")
            problems.append(
                Problem(
                    item_file,
                    item_line,
                    f"uppdraget '{item_id}' ges i treårsbudgeten inte till "
                    f"{answers.body.upper()} utan till {', '.join(t.upper() for t in given[item_id][0].to)}.",
                    "Kontrollera hänvisningen.",
                )
            )
    return problems


def _start(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")
