"""The template's vocabulary: source items as Nodes, the sandboxed strict jinja environment,
and the filters that turn sources into Swedish, well-formed Word (md, tabell, diagram, …).

Used by the render stage (docgen.render) and by `docgen check` (docgen.contract).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jinja2 import StrictUndefined, TemplateError, Undefined
from jinja2.exceptions import UndefinedError
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import missing
from markupsafe import Markup

from . import formatting as fmt
from . import limits
from .errors import DocgenError, Problem
from .html import ChartData, chart_values
from .markdown import to_ooxml
from .tables import table_xml

if TYPE_CHECKING:
    from .compute import Computed

TOC_MARKER_STYLE = "DocgenInnehall"


class Node(dict):
    """A source item as the template sees it: Swedish keys, and the kind of item it is."""

    __slots__ = ("kind",)

    def __init__(self, kind: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind


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
    tables_placed: set = field(default_factory=set)
    missing: list = field(default_factory=list)
    charts: dict = field(default_factory=dict)  # alt text → html.ChartData: the values for the HTML edition


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
            RecordingUndefined.records.append((name, getattr(obj, "kind", None), paragraph))


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
        super().__init__(f"'{name}' är inte definierat")


class DocgenEnvironment(SandboxedEnvironment):
    """Sandboxed and limited (docgen.limits: ranges, repetition, powers, sizes, output);
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
                return obj[attribute]
            return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj, argument):
        if isinstance(obj, Node) and isinstance(argument, str):
            return self.getattr(obj, argument)
        return super().getitem(obj, argument)


def _where_in_sources(state: "RenderState", name: str) -> tuple[object, int | None]:
    """File and line of the first {{ … }} in the document's sources that names `name`
    (prose reaches the template as text, without its line)."""
    folder = state.source_folder
    if folder is None:
        return None, None
    for path in sorted(folder.glob("*.yaml")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for expression in re.findall(r"\{\{(.*?)\}\}", line):
                if name == "{{" or re.search(rf"\b{re.escape(name)}\b", expression):
                    return path, number
    return folder, None


def _whole(whole):
    """The whole a share is taken of: not zero (a share of nothing cannot be computed)."""
    from decimal import Decimal

    value = Decimal(whole)
    if value == 0:
        raise ZeroDivisionError("andelen av en helhet som är 0 går inte att räkna ut")
    return value


def _failing_expression(env, text: str, context) -> str:
    """The first {{ … }} of prose that fails alone (to name its line)."""
    for expression in re.findall(r"\{\{.*?\}\}", text, re.S):
        try:
            env.from_string(expression).render(context)
        except (Exception, RecursionError):
            return expression
    return "{{"


def _where_expression(state: "RenderState", expression: str) -> tuple[object, int | None]:
    """File and line of the source line holding `expression` (else of the first {{ … }})."""
    folder = state.source_folder
    for path in sorted(folder.glob("*.yaml")) if folder is not None else []:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if expression in line:
                return path, number
    return _where_in_sources(state, "{{")


def _wheel_step(step) -> tuple[str, int]:
    """(label, month) of a planning step (namn, månad 1–12) or of a report of the report
    calendar (månad as a date, anmärkning)."""
    if "namn" in step:
        return str(step["namn"]), int(step["månad"])
    note = step.get("anmärkning")
    label = "Rapport" + (f", {note}" if note else "")
    return label, step["månad"].month


MISSING_VALUE = "[ATT UPPDATERA: uppgiften saknas i källorna]"


def missing_value_marked(value):
    """A value the sources leave empty (None) is shown as a marker for the editor, never as
    the word "None" in a board's document; a final build refuses it like any other marker."""
    return MISSING_VALUE if value is None else value


def make_environment(state: RenderState, undefined=SourceUndefined) -> DocgenEnvironment:
    env = DocgenEnvironment(undefined=undefined, autoescape=True, finalize=missing_value_marked)
    env.state = state

    def _terms():
        """The document's words (dokument.benämningar, with the organisation's and the defaults)."""
        from .schema import Terms

        return state.sources.document.terms if state.sources is not None else Terms()

    def md(text, stil=None, etikett=""):
        if text is None or isinstance(text, Undefined):
            return Markup("")
        text = str(text)
        if "{{" in text:
            text = computed_prose(text)
        return Markup(to_ooxml(text, stil, etikett))

    def computed_prose(text):
        """Prose with {{ … }}: figures computed from the sources (uppgifter, tables), in the
        same sandbox; a name that does not exist stops the build with the expression."""
        prose_env = DocgenEnvironment(undefined=RecordingUndefined, autoescape=False, finalize=fmt.prose_value)
        prose_env.state = state
        prose_env.filters.update(env.filters)
        prose_env.globals.update(env.globals)
        missing: list = []
        previous, RecordingUndefined.records = RecordingUndefined.records, missing
        try:  # first find every name the text uses that the sources do not have
            prose_env.from_string(text).render(state.context or {})
        except (TemplateError, TypeError, ValueError, ArithmeticError, RecursionError):
            pass
        finally:
            RecordingUndefined.records = previous
        if missing:
            file, line = _where_in_sources(state, missing[0][0])
            raise DocgenError(Problem(file, line, f"texten «{text_around(text, 70)}» använder '{missing[0][0]}', som "
                                      "inte finns i källorna.", "Rätta namnet inom {{ … }} (t.ex. uppgifter.namn)."))
        prose_env.undefined = SourceUndefined
        try:
            return prose_env.from_string(text).render(state.context or {})
        except (limits.RenderLimit, RecursionError, ArithmeticError) as exc:
            file, line = _where_expression(state, _failing_expression(prose_env, text, state.context or {}))
            what = {RecursionError: "ett makro anropar sig självt utan slut",
                    OverflowError: "ett tal blir för stort"}.get(type(exc), str(exc))
            raise DocgenError(Problem(file, line, f"texten «{text_around(text, 70)}» ber om mer än något dokument "
                                      f"behöver ({what}).", "Rätta uttrycket inom {{ … }}.")) from None
        except TemplateNameError as exc:
            file, line = _where_in_sources(state, exc.name)
            raise DocgenError(Problem(file, line, f"texten «{text_around(text, 70)}» använder '{exc.name}', som "
                                      "inte finns i källorna.", "Rätta namnet inom {{ … }} (t.ex. uppgifter.namn).")) from None
        except TemplateError as exc:
            file, line = _where_in_sources(state, "{{")
            raise DocgenError(Problem(file, line, f"texten «{text_around(text, 70)}» har ett trasigt uttryck "
                                      f"inom {{{{ … }}}} ({exc}).", "Rätta uttrycket.")) from None

    def andel(part, whole, decimaler=0):
        """'421 av 766' as a share: "55 %" (half up)."""
        from decimal import ROUND_HALF_UP, Decimal

        share = (Decimal(part) * 100 / _whole(whole)).quantize(Decimal(1).scaleb(-decimaler), rounding=ROUND_HALF_UP)
        return fmt.percent(share, decimaler)

    def tabell(table_id):
        table = state.computed.tables.get(str(table_id))
        if table is None and state.sources is not None and str(table_id) in state.sources.value_tables:
            from .tables import value_table_xml

            state.table_number += 1
            state.tables_placed.add(str(table_id))
            return Markup(value_table_xml(state.table_number, state.sources.value_tables[str(table_id)], _terms()))
        if table is None:
            raise TemplateNameError(str(table_id), Node("tabeller"))
        state.table_number += 1
        state.tables_placed.add(table.id)
        return Markup(table_xml(state.table_number, table, _terms()))

    def flode(blocks):
        out = []
        for block in blocks or []:
            if block.get("text") is not None:
                out.append(md(block["text"]))
            elif block.get("tabell") is not None:
                out.append(tabell(block["tabell"]))
        return Markup("".join(out))

    def bild(picture):
        """A picture; one missing from the sources is a highlighted marker with its description."""
        shows = _terms().explanations.picture.format(beskrivning=picture["beskrivning"])
        text = f"[ATT UPPDATERA: {picture['saknas']} {shows}]"
        return Markup(to_ooxml(f"[[{text[1:-1]}]]"))

    def hjul(steps, rubrik="Planeringsåret"):
        """The planning wheel drawn from calendar steps (namn, månad), with its alt text."""
        from .charts import ChartCache, planning_wheel
        from .figures import figure_xml

        wheel_steps = [_wheel_step(s) for s in steps]
        chart = planning_wheel(str(rubrik), wheel_steps, state.chart_cache or ChartCache(None))
        state.figure_number += 1
        state.charts[chart.alt_text] = ChartData(
            f"Figur {state.figure_number}", ("Steg", "Månad"),
            tuple((name, fmt.month_name(month, capital=False)) for name, month in wheel_steps))
        return Markup(figure_xml(state.template.docx, chart.png, chart.alt_text, str(rubrik), state.figure_number,
                                 chart.width_cm, chart.height_cm, 800000 + state.figure_number,
                                 label=_terms().labels.figure))

    def diagram(chart_id):
        """A chart from the sources: bars with alt text, or a marker where its values are missing.
        Below it: what it shows, which direction is good, and the source."""
        from .charts import ChartCache, bar_chart
        from .figures import figure_xml
        from .tables import caption

        chart = state.sources.charts[str(chart_id)]
        state.chart_number += 1
        label = _terms().labels.chart
        below = chart_text(chart, _terms().explanations)
        if chart.missing is not None:
            marker = to_ooxml(f"[[ATT UPPDATERA: {chart.missing}]]")
            return Markup(caption(state.chart_number, chart.caption, label) + marker
                          + (to_ooxml(below, "Tabellfotnot") if below else ""))
        target = (chart.target.text, chart.target.value) if chart.target else None
        drawn = bar_chart(chart.caption, [(b.text, b.value) for b in chart.bars], chart.unit, chart.direction, target,
                          state.chart_cache or ChartCache(None))
        state.charts[drawn.alt_text] = chart_values(f"Diagram {state.chart_number}", chart)
        return Markup(figure_xml(state.template.docx, drawn.png, drawn.alt_text, chart.caption, state.chart_number,
                                 drawn.width_cm, drawn.height_cm, 810000 + state.chart_number, label=label,
                                 below=fmt.prose(below)))

    def statusrapport(view):
        from .tables import status_report_xml

        xml, used = status_report_xml(state.table_number + 1, view, _terms())
        state.table_number += used
        return Markup(xml)

    def giltighet(value):
        if isinstance(value, Node):  # ordagrant
            return value["ordagrant"]
        if isinstance(value, (list, tuple)):
            return Markup('</w:t><w:br/><w:t xml:space="preserve">').join(fmt.date_iso(d) for d in value)
        return value

    env.filters.update({
        "md": md,
        "flöde": flode,
        "tabell": tabell,
        "tal": fmt.number,
        "belopp": fmt.number,
        "procent": fmt.percent,
        "procent_text": fmt.percent_words,
        "med_enhet": fmt.with_unit,
        "datum": fmt.date_long,
        "iso": fmt.date_iso,
        "månad": fmt.month_name,
        "lista": fmt.swedish_list,
        "giltighet": giltighet,
        "bild": bild,
        "hjul": hjul,
        "diagram": diagram,
        "statusrapport": statusrapport,
        "värde": fmt.measure,
    })
    def summa(table_id, column):
        """A table's total in one column, as computed and checked (for figures in prose)."""
        table = state.computed.tables.get(str(table_id))
        if table is None or table.total is None:
            raise TemplateNameError(str(table_id), Node("tabeller"))
        if str(column) not in table.source.columns:
            raise TemplateNameError(str(column), Node(f"tabellen {table_id}"))
        return table.total[table.source.columns.index(str(column))]

    def procent_av(part, whole, decimaler=0):
        """'373 av 398' as "94 procent", for running text."""
        from decimal import ROUND_HALF_UP, Decimal

        share = (Decimal(part) * 100 / _whole(whole)).quantize(Decimal(1).scaleb(-decimaler), rounding=ROUND_HALF_UP)
        return fmt.percent_words(share, decimaler)

    env.globals["andel"] = andel
    env.globals["summa"] = summa
    env.globals["procent_av"] = procent_av
    env.globals["innehållsförteckning"] = Markup(
        f'<w:p><w:pPr><w:pStyle w:val="{TOC_MARKER_STYLE}"/></w:pPr></w:p>')
    return env


def _sentence(text: str | None) -> str:
    """The text ending with one full stop (never "behandling..")."""
    text = (text or "").rstrip()
    return text if not text or text[-1] in ".!?" else text + "."


def chart_text(chart, explain=None) -> str:
    """The text below a chart: what it shows, which direction is good, a note and the source,
    each sentence ended once ("… och behandling. Högt värde eftersträvas."); the fixed words
    from benämningar.förklaringar."""
    if explain is None:
        from .schema import Explanations

        explain = Explanations()
    direction = explain.direction.format(riktning=chart.direction) if chart.direction else ""
    shown = (chart.description or "").rstrip()
    if shown and direction:
        shown = f"{shown} {direction.capitalize()}" if shown[-1] in ".!?" else f"{shown}, {direction}"
    elif direction:
        shown = direction.capitalize()
    return " ".join(part for part in (_sentence(shown), _sentence(chart.note),
                                      _sentence(explain.source.format(källa=chart.source) if chart.source else "")) if part)


RENDERING = [""]  # the template part being rendered now (set by docgen.render), for RecordingUndefined


def text_around(xml: str, limit: int = 90, focus: str | None = None) -> str:
    """The template's text (tags included) of a paragraph; with `focus`, the tag naming it."""
    text = re.sub(r"<[^>]+>", "", xml or "")
    text = re.sub(r"\s+", " ", text).strip()
    if focus:
        tag = re.search(r"\{\{[^}]*\b%s\b[^}]*\}\}|\{%%[^%%]*\b%s\b[^%%]*%%\}" % (re.escape(focus), re.escape(focus)), text)
        if tag:
            return tag.group(0)
    return text if len(text) <= limit else text[: limit - 1] + "…"
