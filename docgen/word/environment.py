"""The template's vocabulary: source items as Nodes and the sandboxed strict jinja environment;
its filters (md, tabell, diagram, …) are in docgen.word.filters.

Used by the render stage (docgen.word.render) and by `docgen check` (docgen.commands.check).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jinja2 import StrictUndefined, Undefined
from jinja2.exceptions import UndefinedError
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import missing

from docgen.sources import schema
from docgen.view.node import Node
from docgen.word import limits

if TYPE_CHECKING:
    from docgen.view.compute import Computed

TOC_MARKER_STYLE = "DocgenInnehall"


# ---------------------------------------------------------------- the jinja environment


@dataclass
class RenderState:
    """What one render counts and records: table numbers, and (for `docgen check`) what the
    template read from the sources."""

    computed: "Computed"
    chart_cache: object = None  # charts.ChartCache; None draws every chart
    template: object = None  # the DocxTemplate being rendered, for adding images
    context: dict | None = None  # what prose with {{ … }} may name
    table_number: int = 0
    figure_number: int = 0
    chart_number: int = 0
    sources: object = None  # schema.Sources, for items the template names by id (diagram)
    source_folder: object = None  # the document's folder, to place a mistake in prose at its line
    read: set = field(default_factory=set)
    shown: set = field(default_factory=set)  # ids of chapters and blocks whose content the template read
    tables_placed: set = field(default_factory=set)
    internal_control_drawn: bool = False  # the internkontrolltabell filter drew the plan's table
    missing: list = field(default_factory=list)
    charts: dict = field(default_factory=dict)  # alt text → charts.ChartData: the values for the HTML edition


class SourceUndefined(StrictUndefined):
    """An undefined name in a template: an error naming the name and the kind of item."""

    __slots__ = ()

    def __init__(self, hint=None, obj=missing, name=None, exc=UndefinedError):
        super().__init__(hint, obj, name, exc)
        if exc is UndefinedError:  # keep the sandbox's SecurityError as it is
            self._undefined_exception = lambda _message: TemplateNameError(name, obj)


class RecordingUndefined(Undefined):
    """For `docgen check`: records every undefined name with the template text around it,
    and lets the render go on so that all of them are found in one run."""

    __slots__ = ()
    records: list | None = None

    def __init__(self, hint=None, obj=missing, name=None, exc=UndefinedError):
        super().__init__(hint, obj, name, exc)
        if RecordingUndefined.records is not None and name is not None:
            line = _template_line()
            lines = RENDERING[0].splitlines()
            paragraph = lines[line - 1] if line and 0 < line <= len(lines) else ""
            RecordingUndefined.records.append((name, getattr(obj, "kind", None), paragraph, known_names(obj)))


def _template_line() -> int | None:
    """The template line being rendered, from the calling jinja frame (jinja's debug_info
    maps the generated Python's lines to the template's)."""
    frame = sys._getframe(2)
    while frame is not None and frame.f_code.co_filename != "<template>":
        frame = frame.f_back
    if frame is None:
        return None
    pairs = [tuple(map(int, pair.split("="))) for pair in frame.f_globals.get("debug_info", "").split("&") if pair]
    line = None
    for template_line, code_line in pairs:
        if code_line <= frame.f_lineno:
            line = template_line
    return line


class TemplateNameError(UndefinedError):
    def __init__(self, name, owner):
        self.name = name
        self.owner_kind = getattr(owner, "kind", None)
        self.known = known_names(owner)
        super().__init__(f"'{name}' är inte definierat")


def known_names(owner) -> list[str]:
    """The names a template could have meant where it named one `owner` lacks: the fields of
    the owner's kind (as docgen.word.templatefields knows them, so that a mistake found while
    rendering and the same one found without data are told alike), or the template's top-level
    names for a name of its own."""
    from docgen.word.templatefields import known_fields, template_names

    if owner is missing:
        return template_names()
    if isinstance(owner, Node):
        return known_fields(owner.shape) if owner.shape is not None else list(owner)
    return []


# what the template must read of an item for it to count as shown (render.unshown_blocks):
# a chapter its content, a block any field it fills in
_SHOWN_BY = {schema.Chapter.kind(): schema.Chapter.key_of("content"), schema.ChapterBlock.kind(): None}


class DocgenEnvironment(SandboxedEnvironment):
    """Sandboxed and limited (docgen.word.limits: ranges, repetition, powers, sizes, output);
    attribute access on source items reads their Swedish keys only (a key named like a dict
    method, e.g. 'values', is never shadowed by the method)."""

    state: RenderState | None = None
    intercepted_binops = frozenset({"*", "**", "%", "+"})
    concat = staticmethod(limits.bounded_concat)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.globals["range"] = limits.safe_range
        self.globals["lipsum"] = limits.lipsum
        self.filters.update(limits.limited_filters(self.filters))

    def call_binop(self, context, operator, left, right):
        return limits.call_binop(operator, left, right, self.binop_table[operator])

    def getattr(self, obj, attribute):
        if isinstance(obj, Node):
            if self.state is not None:
                self.state.read.add((obj.kind, attribute))
            if attribute in obj:
                value = obj[attribute]
                if self.state is not None and obj.kind in _SHOWN_BY and value is not None and value != "":
                    if _SHOWN_BY[obj.kind] in (None, attribute):
                        self.state.shown.add(id(obj))
                return value
            return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj, argument):
        if isinstance(obj, Node) and isinstance(argument, str):
            return self.getattr(obj, argument)
        return super().getitem(obj, argument)


MISSING_VALUE = "[ATT UPPDATERA: uppgiften saknas i källorna]"


def missing_value_marked(value):
    """A value the sources leave empty (None) is shown as a marker for the editor, never as
    the word "None" in a board's document; a final build refuses it like any other marker."""
    return MISSING_VALUE if value is None else value


def make_environment(state: RenderState, undefined=SourceUndefined) -> DocgenEnvironment:
    """The sandboxed environment of one render, with the filters and functions of docgen.word.filters."""
    from docgen.word.filters import FILTERS, GLOBALS  # filters build on this module's classes

    env = DocgenEnvironment(undefined=undefined, autoescape=True, finalize=missing_value_marked)
    env.state = state
    env.filters.update(FILTERS)
    env.globals.update(GLOBALS)
    document = getattr(state.sources, "document", None)
    if getattr(document, "toc", None) is not None:  # the sources decide whether the template's TOC is shown
        from docgen.word.toc import NAME, marker

        env.globals[NAME] = marker(shown=document.toc)
    return env


RENDERING = [""]  # the template part being rendered now (set by docgen.word.render), for RecordingUndefined


def text_around(xml: str, limit: int = 90, focus: str | None = None) -> str:
    """The template's text (tags included) of a paragraph; with `focus`, the tag naming it."""
    text = re.sub(r"<[^>]+>", "", xml or "")
    text = re.sub(r"\s+", " ", text).strip()
    if focus:
        tag = re.search(
            r"\{\{[^}]*\b%s\b[^}]*\}\}|\{%%[^%%]*\b%s\b[^%%]*%%\}" % (re.escape(focus), re.escape(focus)), text
        )
        if tag:
            return tag.group(0)
    return text if len(text) <= limit else text[: limit - 1] + "…"
