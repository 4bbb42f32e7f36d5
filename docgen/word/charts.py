"""Charts drawn from data with matplotlib, with alt text generated from the same data.

matplotlib is imported only when a chart must be drawn: a build without charts, or whose
charts are all in the cache, never pays for it. A chart is cached by the hash of its data,
its kind and the drawing code's version, so the same data gives the same image bytes.
"""

from __future__ import annotations

import hashlib
import io
import json
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field

from docgen.caches import FileCache
from docgen.view.formatting import month_name, swedish_list

STYLE_VERSION = "3"  # change when the look of the charts changes: redraws every cached chart
INK = "#1A1A1A"
ACCENT = "#1F3864"
LIGHT = "#D9E2F3"
FIGURE_WIDTH_CM = 15.0
NARROW_WIDTH_CM = 9.0  # the web edition's chart on a phone: its labels as large as the page's small text


@dataclass(frozen=True)
class Chart:
    png: bytes
    alt_text: str
    width_cm: float
    height_cm: float


@dataclass(frozen=True)
class ChartData:
    """A chart's values as a table (recorded when the chart is drawn, by its alt text)."""

    caption: str  # "Värdena i Diagram 3"
    summary: str  # "Värdena i Diagram 3 som tabell"
    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    # the chart drawn for a phone's width (PNG), drawn only when the web edition asks for it
    narrow: Callable[[], bytes] | None = field(default=None, compare=False)

    @classmethod
    def of(cls, label: str, words, headings: tuple[str, ...], rows) -> ChartData:
        """The table of a chart labelled `label` ("Diagram 3"), in benämningar.diagramtexter's words."""
        return cls(words.fill("values", chart=label), words.fill("show", chart=label), headings, tuple(rows))


def chart_values(label: str, chart, words) -> ChartData:
    """A chart's values (schema.Chart) as the sources write them (the chart's labels round to
    one decimal: 84,2 % for 84,23 %, which the table beside says), with the target line: a row
    per bar, or for a line chart a row per period and a column per series ("–" where a period
    has no value); `words`: benämningar.diagramtexter."""
    if chart.series:
        rows = [
            (
                period,
                *("–" if s.values[n] is None else _value_text(s.values[n], chart.unit, True) for s in chart.series),
            )
            for n, period in enumerate(chart.periods)
        ]
        headings = (words.period, *(s.text for s in chart.series))
        if chart.target is not None:
            target = _value_text(chart.target.value, chart.unit, True)
            rows.append((f"{chart.target.text} ({words.dashed})", target, *("" for _ in chart.series[1:])))
        return ChartData.of(label, words, headings, rows)
    rows = [(bar.text, _value_text(bar.value, chart.unit, True)) for bar in chart.bars]
    if chart.target is not None:
        rows.append((f"{chart.target.text} ({words.dashed})", _value_text(chart.target.value, chart.unit, True)))
    return ChartData.of(label, words, (words.bar, words.value), rows)


class ChartCache(FileCache):
    """PNG files under a cache folder (build/.cache/diagram by default), by content hash."""

    SUFFIX = ".png"


def _key(kind: str, data) -> str:
    payload = json.dumps({"kind": kind, "style": STYLE_VERSION, "data": data}, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


def _cached(cache: ChartCache, kind: str, data, draw) -> bytes:
    """The chart's PNG from the cache, or drawn now (draw()) and kept."""
    key = _key(kind, data)
    png = cache.get(key)
    if png is None:
        png = draw()
        cache.put(key, png)
    return png


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {
            "font.family": "DejaVu Sans",
            "font.size": 9,
            "text.color": INK,
            "axes.labelcolor": INK,
            "xtick.color": INK,
            "ytick.color": INK,
            "svg.hashsalt": "docgen",
            "path.simplify": False,
        }
    )
    return plt


def _png(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=200, metadata={"Software": None}, facecolor="white")
    return buffer.getvalue()


# ---------------------------------------------------------------- the planning wheel


def _words(terms):
    """The document's chart words (benämningar.diagramtexter) and explanations, or the defaults."""
    if terms is None:
        from docgen.sources.schema import Terms

        terms = Terms()
    return terms.chart_words, terms.explanations


def wheel_alt_text(title: str, steps: list[tuple[str, int]], terms=None) -> str:
    """The wheel in words: every step with its month, in the order of the year as drawn."""
    listed = [f"{name} ({month_name(_month(month), capital=False)})" for name, month in steps]
    return _words(terms)[0].fill("wheel", caption=title, steps=swedish_list(listed))


def _month(number: int):
    import datetime as dt

    return dt.date(2000, number, 1)


def planning_wheel(title: str, steps: list[tuple[str, int]], cache: ChartCache, terms=None) -> Chart:
    """A circular year: the twelve months around, each step placed at its month.
    `steps` are (name, month 1–12) in the order they are read."""
    alt = wheel_alt_text(title, steps, terms)
    png = _cached(cache, "hjul", {"title": title, "steps": steps}, lambda: _draw_wheel(steps))
    return Chart(png, alt, FIGURE_WIDTH_CM, FIGURE_WIDTH_CM * 0.8)


def _draw_wheel(steps: list[tuple[str, int]]) -> bytes:
    import math
    import textwrap

    plt = _pyplot()
    figure = plt.figure(figsize=(15 / 2.54, 12 / 2.54))
    axes = figure.add_axes([0.22, 0.12, 0.56, 0.76], projection="polar")
    axes.set_theta_zero_location("N")
    axes.set_theta_direction(-1)
    sector = 2 * math.pi / 12
    axes.bar(
        [sector * (m + 0.5) for m in range(12)],
        [1] * 12,
        width=sector,
        bottom=0.55,
        color=[LIGHT if m % 2 else "white" for m in range(12)],
        edgecolor=ACCENT,
        linewidth=0.8,
    )
    for m in range(12):
        label = month_name(_month(m + 1), capital=False)[:3]
        axes.text(sector * (m + 0.5), 1.3, label, ha="center", va="center", fontsize=9, color=INK)
    counts: dict[int, int] = {}
    for _name, month in steps:
        counts[month] = counts.get(month, 0) + 1
    placed: dict[int, int] = {}
    for name, month in steps:
        index = placed.get(month, 0)
        placed[month] = index + 1
        spread = (index - (counts[month] - 1) / 2) * 0.32
        centre = sector * (month - 0.5)
        point = (centre + spread * 0.35, 1.0)
        label_angle = (centre + spread) % (2 * math.pi)
        right_side = 0.15 < label_angle < math.pi - 0.15
        left_side = math.pi + 0.15 < label_angle < 2 * math.pi - 0.15
        horizontal = "left" if right_side else "right" if left_side else "center"
        axes.plot([point[0]], [point[1]], "o", color=ACCENT, markersize=6, zorder=3)
        axes.annotate(
            "\n".join(textwrap.wrap(name, 22, break_long_words=False)),
            xy=point,
            xytext=(label_angle, 1.95),
            ha=horizontal,
            va="center",
            fontsize=8.5,
            color=INK,
            annotation_clip=False,
            arrowprops={"arrowstyle": "-", "color": ACCENT, "linewidth": 0.6},
        )
    axes.set_ylim(0, 1.55)
    axes.set_axis_off()
    buffer = io.BytesIO()
    figure.savefig(
        buffer,
        format="png",
        dpi=200,
        metadata={"Software": None},
        facecolor="white",
        bbox_inches="tight",
        pad_inches=0.15,
    )
    plt.close(figure)
    return buffer.getvalue()


# ---------------------------------------------------------------- bar charts per region


def _value_text(value, unit: str | None, exact: bool = False) -> str:
    """The value as the chart labels it (one decimal at most), or `exact`: as the sources write it."""
    from docgen.view.formatting import NBSP, number

    decimals = max(0, -value.as_tuple().exponent) if hasattr(value, "as_tuple") else 0
    shown = number(value, decimals if exact else min(decimals, 1))
    return f"{shown}{NBSP}%" if unit == "procent" else shown


def bar_alt_text(
    caption: str,
    bars: list[tuple[str, object]],
    unit: str | None,
    direction: str | None,
    target: tuple[str, object] | None,
    terms=None,
) -> str:
    """The chart in words: what it compares and every value, in the document's words."""
    words, _explain = _words(terms)
    values = ", ".join(f"{label} {_value_text(value, unit)}" for label, value in bars)
    return _with_direction_and_target(
        words.fill("bars", caption=caption, values=values), unit, direction, target, terms
    )


def _with_direction_and_target(text: str, unit, direction, target, terms) -> str:
    """A chart's alt text followed by which direction is good and the target line, if any."""
    words, explain = _words(terms)
    if direction:
        wanted = explain.fill("direction", direction=direction)
        text += f" {wanted[:1].upper()}{wanted[1:]}."
    if target:
        text += f" {target[0]}: {_value_text(target[1], unit)} ({words.dashed})."
    return text


def _target_line(axes, target, unit, x) -> None:
    """The target as a dashed line across the chart, labelled at its right end (x)."""
    axes.axhline(float(target[1]), color=INK, linestyle="--", linewidth=1)
    _target_label(axes, target, unit, (x, float(target[1])), ha="right")


def _target_label(axes, target, unit, at, **placement) -> None:
    """The target's name and value just above the point `at` of its dashed line."""
    axes.annotate(
        f"{target[0]} {_value_text(target[1], unit)}",
        at,
        va="bottom",
        fontsize=8,
        color=INK,
        xytext=(0, 2),
        textcoords="offset points",
        **placement,
    )


def bar_chart(
    caption: str,
    bars: list[tuple[str, object]],
    unit: str | None,
    direction: str | None,
    target: tuple[str, object] | None,
    cache: ChartCache,
    terms=None,
) -> Chart:
    """Bars per region; the national value (Riket) set apart; a target as a dashed line."""
    alt = bar_alt_text(caption, bars, unit, direction, target, terms)
    data = {
        "caption": caption,
        "bars": [(label, str(value)) for label, value in bars],
        "unit": unit,
        "target": [target[0], str(target[1])] if target else None,
    }
    png = _cached(cache, "stapel", data, lambda: _draw_bars(bars, unit, target))
    return Chart(png, alt, FIGURE_WIDTH_CM, FIGURE_WIDTH_CM * 0.5)


def _draw_bars(bars, unit, target) -> bytes:
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(15 / 2.54, 7.5 / 2.54))
    labels = [label for label, _value in bars]
    values = [float(value) for _label, value in bars]
    national = [label.lower() == "riket" for label in labels]
    colours = [LIGHT if n else ACCENT for n in national]
    drawn = axes.bar(labels, values, color=colours, edgecolor=ACCENT, linewidth=0.8, hatch=None, width=0.6)
    for bar, is_national in zip(drawn, national):
        if is_national:
            bar.set_hatch("//")
    for bar, (label, value) in zip(drawn, bars):
        below = bar.get_height() < 0  # a negative value's label under its bar
        axes.annotate(
            _value_text(value, unit),
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            ha="center",
            va="top" if below else "bottom",
            fontsize=8,
            color=INK,
            xytext=(0, -2 if below else 2),
            textcoords="offset points",
        )
    axes.set_ylim(*value_range(values + ([float(target[1])] if target else [])))
    if min(values) < 0:
        axes.axhline(0, color=INK, linewidth=0.8)
    if target:
        _target_line(axes, target, unit, len(bars) - 0.5)
    _whole_steps(axes, values)
    _swedish_axis(axes, unit)
    axes.tick_params(axis="x", length=0)
    figure.tight_layout()
    png = _png(figure)
    plt.close(figure)
    return png


def narrow_bars(bars, unit, target, cache: ChartCache) -> bytes:
    """The bar chart for a phone's width: bars lying down, one under the other, each label on
    its left (wrapped) and its value at its end, so that nothing shrinks to unreadable as a
    15 cm chart does when a phone scales it to a third."""
    data = {"bars": [(label, str(value)) for label, value in bars], "unit": unit}
    data["target"] = [target[0], str(target[1])] if target else None
    return _cached(cache, "stapel-smal", data, lambda: _draw_narrow_bars(bars, unit, target))


def _draw_narrow_bars(bars, unit, target) -> bytes:
    plt = _pyplot()
    height = 1.6 + 0.85 * len(bars) + (0.5 if target else 0)
    figure, axes = plt.subplots(figsize=(NARROW_WIDTH_CM / 2.54, height / 2.54))
    labels = [textwrap.fill(label, 16) for label, _value in bars]
    values = [float(value) for _label, value in bars]
    national = [label.lower() == "riket" for label, _value in bars]
    positions = list(range(len(bars)))
    drawn = axes.barh(positions, values, color=[LIGHT if n else ACCENT for n in national], edgecolor=ACCENT, height=0.6)
    for bar, is_national in zip(drawn, national):
        if is_national:
            bar.set_hatch("//")
    for bar, (_label, value) in zip(drawn, bars):
        left = bar.get_width() < 0
        axes.annotate(
            _value_text(value, unit),
            (bar.get_width(), bar.get_y() + bar.get_height() / 2),
            ha="right" if left else "left",
            va="center",
            fontsize=9,
            color=INK,
            xytext=(-3 if left else 3, 0),
            textcoords="offset points",
        )
    axes.set_yticks(positions, labels)
    axes.invert_yaxis()  # the first bar on top, as the sources list them
    low, high = value_range(values + ([float(target[1])] if target else []))
    axes.set_xlim(low * 1.1, high * 1.1)
    if min(values) < 0:
        axes.axvline(0, color=INK, linewidth=0.8)
    if target:
        axes.axvline(float(target[1]), color=INK, linestyle="--", linewidth=1)
        _target_label(axes, target, unit, (float(target[1]), 1.0), xycoords=("data", "axes fraction"), ha="center")
    axes.xaxis.set_visible(False)  # every bar says its value
    for side in ("top", "right", "bottom"):
        axes.spines[side].set_visible(False)
    axes.tick_params(axis="y", length=0)
    figure.tight_layout()
    png = _png(figure)
    plt.close(figure)
    return png


def value_range(values: list[float]) -> tuple[float, float]:
    """The value axis of a bar chart: from zero (or below the lowest negative value) to above
    the highest value (or to zero when every value is negative), with room for the labels."""
    low, high = min(values + [0.0]), max(values + [0.0])
    return (low * 1.15, high * 1.15) if (low, high) != (0.0, 0.0) else (0.0, 1.0)


def _whole_steps(axes, values) -> None:
    """Counts (every value a whole number: 8 delmål, 19 patienter) get whole steps on the value
    axis: "2,5" delmål between 0 and 5 is a step nobody counts in."""
    from matplotlib.ticker import MaxNLocator

    if all(float(v) == int(float(v)) for v in values if v is not None):
        axes.yaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))


def _swedish_axis(axes, unit: str | None) -> None:
    """The value axis in Swedish (decimal comma, real minus sign, "%" for percentages); no box."""
    from matplotlib.ticker import FuncFormatter

    from docgen.view.formatting import number

    suffix = "\u00a0%" if unit == "procent" else ""
    axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: number(round(v, 1), 0 if v == int(v) else 1) + suffix))
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)


# ---------------------------------------------------------------- line charts over periods


def line_alt_text(
    caption: str,
    periods: list[str],
    series: list[tuple[str, list]],
    unit: str | None,
    direction: str | None,
    target: tuple[str, object] | None,
    terms=None,
) -> str:
    """The line chart in words: every series with its value in every period (a period without
    a value is left out), in the document's words."""
    words, _explain = _words(terms)
    listed = "; ".join(
        f"{name}: "
        + ", ".join(
            f"{period} {_value_text(value, unit)}" for period, value in zip(periods, values) if value is not None
        )
        for name, values in series
    )
    return _with_direction_and_target(
        words.fill("lines", caption=caption, series=listed), unit, direction, target, terms
    )


def line_chart(
    caption: str,
    periods: list[str],
    series: list[tuple[str, list]],
    unit: str | None,
    direction: str | None,
    target: tuple[str, object] | None,
    cache: ChartCache,
    terms=None,
) -> Chart:
    """A line per series over the periods, each point marked; the national series (Riket)
    set apart (grey); a legend when there are several lines; a target as a dashed line."""
    alt = line_alt_text(caption, periods, series, unit, direction, target, terms)
    data = {
        "periods": periods,
        "series": [(name, [None if v is None else str(v) for v in values]) for name, values in series],
        "unit": unit,
        "target": [target[0], str(target[1])] if target else None,
    }
    png = _cached(cache, "linje", data, lambda: _draw_lines(periods, series, unit, target))
    return Chart(png, alt, FIGURE_WIDTH_CM, FIGURE_WIDTH_CM * 0.5)


_LINE_COLOURS = (ACCENT, "#C55A11", "#548235", "#7030A0")  # dark enough on white (WCAG 3:1 for graphics)


def narrow_lines(periods, series, unit, target, cache: ChartCache) -> bytes:
    """The line chart for a phone's width: 9 cm wide, the legend under it, slanted periods
    when they are many, so that its text keeps its size on a phone."""
    data = {
        "periods": periods,
        "series": [(name, [None if v is None else str(v) for v in values]) for name, values in series],
        "unit": unit,
        "target": [target[0], str(target[1])] if target else None,
    }
    return _cached(cache, "linje-smal", data, lambda: _draw_lines(periods, series, unit, target, narrow=True))


def _draw_lines(periods, series, unit, target, narrow: bool = False) -> bytes:
    plt = _pyplot()
    size = (NARROW_WIDTH_CM, 8.0 + (0.6 * ((len(series) + 1) // 2) if len(series) > 1 else 0)) if narrow else (15, 7.5)
    figure, axes = plt.subplots(figsize=(size[0] / 2.54, size[1] / 2.54))
    positions = list(range(len(periods)))
    markers = ("o", "s", "^", "D", "v")
    for index, (name, values) in enumerate(series):
        national = name.lower() == "riket"
        points = [(x, float(v)) for x, v in zip(positions, values) if v is not None]
        axes.plot(
            [x for x, _ in points],
            [y for _, y in points],
            marker=markers[index % len(markers)],
            markersize=4,
            linewidth=1.6,
            color="#8C8C8C" if national else _LINE_COLOURS[index % len(_LINE_COLOURS)],
            label=name,
        )
    if target:
        _target_line(axes, target, unit, positions[-1])
    axes.set_xticks(positions, periods)
    _whole_steps(axes, [v for _name, values in series for v in values])
    if narrow and len(periods) > 5:
        axes.tick_params(axis="x", labelrotation=45)
        for tick in axes.get_xticklabels():
            tick.set_horizontalalignment("right")
    _swedish_axis(axes, unit)
    if len(series) > 1 and narrow:
        axes.legend(frameon=False, fontsize=9, loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=2)
    elif len(series) > 1:
        axes.legend(frameon=False, fontsize=8)
    figure.tight_layout()
    png = _png(figure)
    plt.close(figure)
    return png
