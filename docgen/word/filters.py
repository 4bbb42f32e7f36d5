"""The template's filters and functions: what `{{ x|name }}` and `{{ name(…) }}` do.

Each is one small function registered by name in FILTERS or GLOBALS (the only place a new
filter is added, besides its line in the guide, README.md). A filter that needs the render
(table numbers, the sources, the document's words) takes the environment first
(given it by jinja through the render's context, see _filter) and reads `env.state`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

from jinja2 import TemplateError, Undefined, pass_context, pass_environment
from markupsafe import Markup

from docgen.errors import DocgenError, Problem
from docgen.sources import schema
from docgen.view import formatting as fmt
from docgen.view.node import Node
from docgen.word.charts import ChartData, chart_values
from docgen.word import limits
from docgen.word.environment import (
    DocgenEnvironment,
    RecordingUndefined,
    RenderState,
    SourceUndefined,
    TemplateNameError,
    text_around,
)
from docgen.word.markdown import to_ooxml
from docgen.word import toc
from docgen.word.tables import table_xml

FILTERS: dict = {  # the Swedish forms that need nothing but the value
    "tal": fmt.number,
    "belopp": fmt.number,
    "procent": fmt.percent,
    "procent_text": fmt.percent_words,
    "med_enhet": fmt.with_unit,
    "datum": fmt.date_long,
    "iso": fmt.date_iso,
    "veckodag": fmt.weekday,
    "månad": fmt.month_name,
    "lista": fmt.swedish_list,
    "värde": fmt.table_value,  # a styrtal value, as in a table cell
}
_WANTS = {  # what each of those filters shows, said in the message when it gets something else
    "tal": "ett tal",
    "belopp": "ett tal",
    "procent": "ett tal",
    "procent_text": "ett tal",
    "med_enhet": "ett tal",
    "datum": "ett datum",
    "iso": "ett datum",
    "veckodag": "ett datum",
    "månad": "en månad",
    "lista": "en lista",
    "värde": "ett värde",
}


class FilterValueError(TemplateError):
    """A filter given a value it cannot show (|tal on a text, |datum on a year): the message is
    Swedish and names the filter and the value."""


def _checked(name: str, function):
    """`function` as a filter whose wrong values are a Swedish FilterValueError, not a Python error."""

    def checked(value, *args, **kwargs):
        try:
            return function(value, *args, **kwargs)
        except (TypeError, ValueError, ArithmeticError, AssertionError, AttributeError) as exc:
            if isinstance(value, Undefined):
                raise
            shown = repr(value) if isinstance(value, (str, int, float, Decimal)) else f"en {type(value).__name__}"
            shown = shown if len(shown) <= 60 else shown[:59] + "…"
            raise FilterValueError(
                f"filtret '{name}' visar {_WANTS[name]}, men fick {shown}. "
                f"Använd filtret på ett fält som är {_WANTS[name]}, eller ta bort '|{name}'."
            ) from exc

    checked.__name__ = getattr(function, "__name__", name)
    checked.__doc__ = function.__doc__
    return checked


FILTERS.update({name: _checked(name, function) for name, function in FILTERS.items()})

GLOBALS: dict = {
    toc.NAME: toc.marker(),  # the sources' choice replaces it in the context (view.context)
}


def _filter(name: str):
    """Registers a filter that needs the render (it gets the environment first). Jinja passes it
    the render's context, not the environment: a filter given the environment Jinja calls while
    compiling when its value is a constant ({{p 'nyckeltal'|tabell }}), and the compiled code is
    kept between builds (docgen.word.compiled), so the table stood as it was first compiled,
    whatever its figures said later, and its placement was never counted."""

    def register(function):
        def in_render(context, value=None, *args, **kwargs):
            if isinstance(value, Undefined):  # a name the sources lack: stops here even where the
                str(value)  # filter would not read its value (internkontrolltabell draws from the sources)
                return Markup("")  # `docgen check` recorded it and goes on
            return function(context.environment, value, *args, **kwargs)

        in_render.__name__, in_render.__doc__ = function.__name__, function.__doc__
        FILTERS[name] = pass_context(in_render)
        return function

    return register


def _global(name: str, needs_render: bool = True):
    """Registers a function the template calls by name."""

    def register(function):
        GLOBALS[name] = pass_environment(function) if needs_render else function
        return function

    return register


def _terms(state: RenderState):
    """The document's words (dokument.benämningar, with the organisation's and the defaults)."""
    return state.sources.document.terms if state.sources is not None else schema.Terms()


def _whole(whole):
    """The whole a share is taken of: not zero (a share of nothing cannot be computed)."""
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


def _rounded_share(part, whole, decimals) -> Decimal:
    """part of whole in percent, rounded half up."""
    return (Decimal(part) * 100 / _whole(whole)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


@_filter("md")
def md(env, text, stil=None, etikett=""):
    if text is None:
        return Markup("")
    text = str(text)
    if "{{" in text or "{%" in text:
        text = computed_prose(env, text)
    return Markup(to_ooxml(text, stil, etikett))


def computed_prose(env, text):
    """Prose with {{ … }}: figures computed from the sources (uppgifter, tables), in the
    same sandbox; a name that does not exist stops the build with the expression."""
    state = env.state
    prose_env = DocgenEnvironment(undefined=RecordingUndefined, autoescape=False)
    prose_env.finalize = _marked_when_from_marked_tables(prose_env)
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
        raise _unknown_name(state, text, missing[0][0])
    prose_env.undefined = SourceUndefined
    prose_env.table_marks = []
    try:
        return prose_env.from_string(text).render(state.context or {})
    except (limits.RenderLimit, RecursionError, ArithmeticError) as exc:
        file, line = _where_expression(state, _failing_expression(prose_env, text, state.context or {}))
        what = {RecursionError: "ett makro anropar sig självt utan slut", OverflowError: "ett tal blir för stort"}.get(
            type(exc), "division med noll" if str(exc) == "division by zero" else str(exc)
        )
        if isinstance(exc, ZeroDivisionError):
            raise DocgenError(
                Problem(
                    file,
                    line,
                    f"texten «{text_around(text, 70)}» kan inte räknas ut ({what}).",
                    "Rätta uttrycket inom {{ … }}.",
                )
            ) from None
        raise DocgenError(
            Problem(
                file,
                line,
                f"texten «{text_around(text, 70)}» ber om mer än något dokument behöver ({what}).",
                "Rätta uttrycket inom {{ … }}.",
            )
        ) from None
    except TemplateNameError as exc:
        raise _unknown_name(state, text, exc.name) from None
    except TemplateError as exc:
        raise _broken_prose(state, text, exc) from None


def _marked_when_from_marked_tables(prose_env):
    """What a {{ … }} in prose writes (fmt.prose_value), followed by the att_uppdatera of each
    table marked to be updated whose sum the expression read (summa records them as it runs,
    before the expression's value comes here)."""
    prose_env.table_marks = []

    def finalize(value):
        shown = fmt.prose_value(value)
        marks, prose_env.table_marks = prose_env.table_marks, []
        if not marks:
            return shown
        return f"{shown} " + " ".join(f"[[ATT UPPDATERA: {mark}]]" for mark in dict.fromkeys(marks))

    return finalize


def _broken_prose(state: RenderState, text: str, exc: TemplateError) -> DocgenError:
    """Prose whose {{ … }} or {% … %} Jinja cannot read or run: said in Swedish, at the
    source line holding the failing text line."""
    from jinja2 import TemplateSyntaxError

    from docgen.word.render import _UNKNOWN_FILTER, swedish_syntax_error

    lines = text.splitlines()
    lineno = getattr(exc, "lineno", None)
    failing = lines[lineno - 1].strip() if isinstance(lineno, int) and 0 < lineno <= len(lines) else ""
    file, line = _where_expression(state, failing) if failing else _where_in_sources(state, "{{")
    unknown = _UNKNOWN_FILTER.search(str(exc))
    if unknown:
        why = f"filtret '{unknown.group(1)}' finns inte"
    elif isinstance(exc, TemplateSyntaxError):
        why = swedish_syntax_error(exc.message or "")
    else:
        why = str(exc)
    return DocgenError(
        Problem(
            file,
            line,
            f"texten «{text_around(text, 70)}» har ett trasigt uttryck inom {{{{ … }}}} ({why}).",
            "Rätta uttrycket.",
        )
    )


def _unknown_name(state: RenderState, text: str, name: str) -> DocgenError:
    file, line = _where_in_sources(state, name)
    return DocgenError(
        Problem(
            file,
            line,
            f"texten «{text_around(text, 70)}» använder '{name}', som inte finns i källorna.",
            "Rätta namnet inom {{ … }} (t.ex. uppgifter.namn).",
        )
    )


def _where_in_sources(state: RenderState, name: str) -> tuple[object, int | None]:
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


@_filter("tabell")
def tabell(env, table_id):
    state = env.state
    table = state.computed.tables.get(str(table_id))
    if table is None and state.sources is not None and str(table_id) in state.sources.value_tables:
        from docgen.word.tables import value_table_xml

        state.table_number += 1
        state.tables_placed.add(str(table_id))
        return Markup(value_table_xml(state.table_number, state.sources.value_tables[str(table_id)], _terms(state)))
    if table is None:
        raise TemplateNameError(str(table_id), Node(schema.Sources.key_of("tables")))
    state.table_number += 1
    state.tables_placed.add(table.id)
    return Markup(table_xml(state.table_number, table, _terms(state)))


@_filter("internkontrolltabell")
def internkontrolltabell(env, plan=None):
    """The internkontrollplan as one table, in the columns its sources name (kolumner)."""
    from docgen.word.tables import internal_control_xml

    state = env.state
    if state.sources is None or state.sources.internal_control is None:
        raise TemplateNameError("internkontroll", Node(schema.Sources.key_of("internal_control")))
    state.table_number += 1
    state.internal_control_drawn = True
    return Markup(internal_control_xml(state.table_number, state.sources.internal_control, _terms(state)))


@_filter("flöde")
def flode(env, blocks):
    """Text and tables in order (an årsbudget, a bilaga, or a chapter's content); a chapter's
    block placed here counts as shown (render.unshown_blocks)."""
    out = []
    for block in blocks or []:
        text, table = _field(block, schema.FlowBlock, "text"), _field(block, schema.FlowBlock, "table")
        if text is not None:
            out.append(md(env, text))
        elif table is not None:
            out.append(tabell(env, table))
        else:
            continue
        if env.state is not None:
            env.state.shown.add(id(block))
    return Markup("".join(out))


def _field(item, shape, name: str):
    """The field with the English `name` of a mapping a template passed (read by `shape`'s key)."""
    return item.get(shape.key_of(name))


@_filter("giltighet")
def giltighet(env, value):
    if isinstance(value, Node):  # ordagrant
        return _field(value, schema.Verbatim, "text")
    if isinstance(value, (list, tuple)):
        return Markup('</w:t><w:br/><w:t xml:space="preserve">').join(fmt.date_iso(d) for d in value)
    return value


@_filter("bild")
def bild(env, picture):
    """A picture; one missing from the sources is a highlighted marker with its description."""
    described = _field(picture, schema.Picture, "description")
    shows = _terms(env.state).explanations.fill("picture", description=described)
    text = f"[ATT UPPDATERA: {_field(picture, schema.Picture, 'missing')} {shows}]"
    return Markup(to_ooxml(f"[[{text[1:-1]}]]"))


@_filter("hjul")
def hjul(env, steps, rubrik="Planeringsåret"):
    """The planning wheel drawn from calendar steps (namn, månad), with its alt text."""
    from docgen.word.charts import ChartCache, planning_wheel
    from docgen.word.figures import figure_xml

    state = env.state
    terms = _terms(state)
    words = terms.chart_words
    wheel_steps = [_wheel_step(s, words.report) for s in steps]
    chart = planning_wheel(str(rubrik), wheel_steps, state.chart_cache or ChartCache(None), terms)
    state.figure_number += 1
    state.charts[chart.alt_text] = ChartData.of(
        f"{terms.labels.figure} {state.figure_number}",
        words,
        (words.step, words.month),
        ((name, fmt.month_name(month, capital=False)) for name, month in wheel_steps),
    )
    return Markup(
        figure_xml(
            state.template.docx,
            chart.png,
            chart.alt_text,
            str(rubrik),
            state.figure_number,
            chart.width_cm,
            chart.height_cm,
            800000 + state.figure_number,
            label=_terms(state).labels.figure,
        )
    )


def _narrow_chart(chart, target, cache):
    """How to draw the chart for a phone (the web edition asks; a .docx never does)."""
    from docgen.word.charts import narrow_bars, narrow_lines

    if chart.series:
        lines = [(s.text, s.values) for s in chart.series]
        return lambda: narrow_lines(chart.periods, lines, chart.unit, target, cache)
    bars = [(b.text, b.value) for b in chart.bars]
    return lambda: narrow_bars(bars, chart.unit, target, cache)


def _wheel_step(step, report: str = "Rapport") -> tuple[str, int]:
    """(label, month) of a planning step (namn, månad 1–12) or of a report of the report
    calendar (månad as a date, anmärkning), a report called `report` (benämningar.diagramtexter)."""
    if schema.PlanningStep.key_of("name") in step:
        return str(_field(step, schema.PlanningStep, "name")), int(_field(step, schema.PlanningStep, "month"))
    note = _field(step, schema.ReportMonth, "note")
    label = report + (f", {note}" if note else "")
    return label, _field(step, schema.ReportMonth, "month").month


@_filter("diagram")
def diagram(env, chart_id):
    """A chart from the sources: bars or lines with alt text, or a marker where its values are missing.
    Below it: what it shows, which direction is good, and the source."""
    from docgen.word.charts import ChartCache, bar_chart, line_chart
    from docgen.word.figures import figure_xml
    from docgen.word.tables import caption

    state = env.state
    chart = state.sources.charts[str(chart_id)]
    state.chart_number += 1
    label = _terms(state).labels.chart
    below = chart_text(chart, _terms(state).explanations)
    if chart.missing is not None:
        marker = to_ooxml(f"[[ATT UPPDATERA: {chart.missing}]]")
        return Markup(
            caption(state.chart_number, chart.caption, label)
            + marker
            + (to_ooxml(below, "Tabellfotnot") if below else "")
        )
    target = (chart.target.text, chart.target.value) if chart.target else None
    cache = state.chart_cache or ChartCache(None)
    shown = fmt.prose(chart.caption)  # typeset as a table's caption is, in the alt text too ("a – b")
    if chart.series:
        lines = [(s.text, s.values) for s in chart.series]
        drawn = line_chart(shown, chart.periods, lines, chart.unit, chart.direction, target, cache, _terms(state))
    else:
        bars = [(b.text, b.value) for b in chart.bars]
        drawn = bar_chart(shown, bars, chart.unit, chart.direction, target, cache, _terms(state))
    values = chart_values(f"{label} {state.chart_number}", chart, _terms(state).chart_words)
    state.charts[drawn.alt_text] = replace(values, narrow=_narrow_chart(chart, target, cache))
    return Markup(
        figure_xml(
            state.template.docx,
            drawn.png,
            drawn.alt_text,
            shown,
            state.chart_number,
            drawn.width_cm,
            drawn.height_cm,
            810000 + state.chart_number,
            label=label,
            below=fmt.prose(below),
        )
    )


def _sentence(text: str | None) -> str:
    """The text ending with one full stop (never "behandling..")."""
    text = (text or "").rstrip()
    return text if not text or text[-1] in ".!?" else text + "."


def chart_text(chart, explain=None) -> str:
    """The text below a chart: what it shows, which direction is good, a note and the source,
    each sentence ended once ("… och behandling. Högt värde eftersträvas."); the fixed words
    from benämningar.förklaringar."""
    if explain is None:
        from docgen.sources.schema import Explanations

        explain = Explanations()
    direction = explain.fill("direction", direction=chart.direction) if chart.direction else ""
    shown = (chart.description or "").rstrip()
    if shown and direction:
        shown = f"{shown} {direction.capitalize()}" if shown[-1] in ".!?" else f"{shown}, {direction}"
    elif direction:
        shown = direction.capitalize()
    return " ".join(
        part
        for part in (
            _sentence(shown),
            _sentence(chart.note),
            _sentence(explain.fill("source", source=chart.source) if chart.source else ""),
        )
        if part
    )


@_filter("statusrapport")
def statusrapport(env, view):
    from docgen.word.tables import status_report_xml

    state = env.state
    xml, used = status_report_xml(state.table_number + 1, view, _terms(state))
    state.table_number += used
    return Markup(xml)


@_global("andel", needs_render=False)
def andel(part, whole, decimaler=0):
    """'421 av 766' as a share: "55 %" (half up)."""
    return fmt.percent(_rounded_share(part, whole, decimaler), decimaler)


@_global("procent_av", needs_render=False)
def procent_av(part, whole, decimaler=0):
    """'373 av 398' as "94 procent", for running text."""
    return fmt.percent_words(_rounded_share(part, whole, decimaler), decimaler)


@_global("summa")
def summa(env, table_id, column):
    """A table's total in one column, as computed and checked (for figures in prose). In prose,
    a table marked to be updated (att_uppdatera: its amounts are last year's after new-year, or
    not yet final) marks the figure it gives, and whatever is computed from it, too
    (computed_prose): the sentence reads as this year's, and a reader of the draft must see
    that it is not."""
    table = env.state.computed.tables.get(str(table_id))
    if table is None or table.total is None:
        raise TemplateNameError(str(table_id), Node(schema.Sources.key_of("tables")))
    if str(column) not in table.source.columns:
        raise TemplateNameError(str(column), Node(f"tabellen {table_id}"))
    if table.source.to_update and isinstance(getattr(env, "table_marks", None), list):
        env.table_marks.append(table.source.to_update.strip().rstrip("."))
    return table.total[table.source.columns.index(str(column))]
