"""Errors an editor can cause, reported in Swedish with file and line, never as a traceback."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One mistake in a source or template: where it is, what is wrong and what to do. A
    warning (`docgen check` only) is something the build accepts but an editor should fix."""

    file: Path | str | None
    line: int | None
    message: str
    hint: str = ""
    warning: bool = False

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = _shown(self.file)
            if self.line:
                where += f", rad {self.line}"
            where += ": "
        text = f"{where}{self.message}"
        if self.hint:
            text += f" {self.hint}"
        return text


class DocgenError(Exception):
    """One or more problems that stop a build. Exit status 2."""

    exit_status = 2

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def distinct(problems: list[Problem]) -> list[Problem]:
    """Each problem once, in the order found: a template shared by several documents would
    otherwise show the same mistake once per document."""
    seen: set[tuple[str, bool]] = set()
    kept = []
    for problem in problems:
        key = (str(problem), problem.warning)
        if key not in seen:
            seen.add(key)
            kept.append(problem)
    return kept


def fail(file, line, message: str, hint: str = "") -> DocgenError:
    """Shorthand: build a DocgenError with one problem."""
    return DocgenError(Problem(file, line, message, hint))


def _shown(file) -> str:
    """A file as the editor finds it from where they stand: below the current folder (the
    project, when the command runs in it) relative to it, otherwise as given."""
    path = Path(file)
    if not path.is_absolute():
        return str(file)
    try:
        return str(path.relative_to(Path.cwd()))
    except (ValueError, OSError):
        return str(file)
