"""Amount tables (computed in docgen.view.compute) as WordprocessingML, in the template's styles.

The engine draws these tables, not the template, because their shape follows the data:
any number of year-columns, groups with subtotals, a share column, notes. Every table gets
a numbered caption ("Tabell 2. …") above it, a header row repeated on every page, numbers
right-aligned, sum rows set off, and no merged cells.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from docgen.word.xmltext import escape, quoteattr

from docgen.sources import schema
from docgen.view.formatting import number, percent, prose, swedish_list, with_unit
from docgen.word.markdown import paragraph, run
from docgen.word.namedstyles import (
    CELL_NOTE,
    GROUP,
    SMALL_HEADER,
    SMALL_HEADER_CENTRE,
    SMALL_HEADER_RIGHT,
    SMALL_GROUP,
    SMALL_NUMBER,
    SMALL_SUBHEADING,
    SMALL_SUM_NUMBER,
    SMALL_SUM_TEXT,
    SMALL_TEXT,
    SUBHEADING,
    SUM_NUMBER,
    SUM_TEXT,
)

if TYPE_CHECKING:
    from docgen.view.compute import ComputedTable, TableLine

TABLE_STYLE = "Docgentabell"
TEXT = "Tabelltext"
NUMBER = "Tabelltal"
HEADER = "Tabellrubrik"
FOOTNOTE = "Tabellfotnot"
CAPTION = "Caption"

TEXT_WIDTH = 9070  # twips between the margins of the template's A4 page
LANDSCAPE_TEXT_WIDTH = (
    TEXT_WIDTH + 16838 - 11906
)  # the same margins on the A4 page turned (sections.landscape rescales)
# bred_tabell: liggande. The table stands between two section breaks whose properties
# docgen.word.sections fills in from the document's own section: the one before ends the portrait
# section, the one after ends the table's landscape section.
PORTRAIT_END = "<w:p><w:pPr><w:sectPr/></w:pPr></w:p>"
LANDSCAPE_END = '<w:p><w:pPr><w:sectPr><w:pgSz w:orient="landscape"/></w:sectPr></w:pPr></w:p>'
# bred_tabell: automatiskt. Breaks that docgen.word.sections turns into the two above when the table's
# columns do not fit the portrait width, and removes otherwise.
AUTO_START = '<w:p><w:pPr><w:sectPr><w:pgSz w:orient="portrait"/></w:sectPr></w:pPr></w:p>'
AUTO_END = '<w:p><w:pPr><w:sectPr><w:pgSz w:orient="landscape" w:code="0"/></w:sectPr></w:pPr></w:p>'
VALUE_WIDTH = 1450
SHARE_WIDTH = 1000
NOTE_WIDTH = 600
MIN_TEXT_WIDTH = 1600
OF_INDENT = 284  # twips (0,5 cm): a varav row under the row it is a part of


def caption(number_: int, text: str, label: str = "Tabell") -> str:  # noqa: D401
    """A caption with a SEQ field whose cached result is the right number already."""
    runs = (
        run(f"{label} ")
        + '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        + f'<w:r><w:instrText xml:space="preserve"> SEQ {label} \\* ARABIC </w:instrText></w:r>'
        + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + run(str(number_))
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        + run(f". {prose(text)}")  # typeset as the text is: "a - b" is "a – b"
    )
    return paragraph(runs, CAPTION, keep_next=True)


def _terms(terms):
    """The document's vocabulary, or the Swedish defaults (schema.Terms)."""
    if terms is None:
        from docgen.sources.schema import Terms

        return Terms()
    return terms


def missing_table(number_: int, table: "ComputedTable", terms=None) -> str:
    note = run(f"[ATT UPPDATERA: {table.source.missing}]", highlight=True)
    return caption(number_, table.source.caption, _terms(terms).labels.table) + paragraph(note)


def _table(number_: int, title: str, widths: list[int], rows: list[str], terms=None) -> str:
    """Caption and table in the table style: fixed widths, header row(s) first in `rows`,
    the caption also as the table's accessible title."""
    label = _terms(terms).labels.table
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    props = (
        f'<w:tblPr><w:tblStyle w:val="{TABLE_STYLE}"/><w:tblW w:w="5000" w:type="pct"/>'
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
        'w:noHBand="1" w:noVBand="1"/>'
        f"<w:tblCaption w:val={quoteattr(f'{label} {number_}. {title}')}/>"
        "</w:tblPr>"
    )
    return caption(number_, title, label) + f"<w:tbl>{props}<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"


def table_xml(number_: int, table: "ComputedTable", terms=None) -> str:
    """Caption, table and the notes below it."""
    terms = _terms(terms)
    if table.source.missing is not None:
        return missing_table(number_, table, terms)
    src = table.source
    has_notes = any(line.note for line in table.lines)
    widths = _widths(len(src.columns), src.share is not None, has_notes, _text_width(src))
    rows = _header_rows(src, widths, has_notes, terms)
    for line in table.lines:
        rows.append(_row(line, src, widths, has_notes))
    return _wide(
        src, _table(number_, src.caption, _ordered(widths, src, has_notes), rows, terms) + _below(table, terms)
    )


def _text_width(src) -> int:
    return LANDSCAPE_TEXT_WIDTH if getattr(src, "wide", schema.PORTRAIT) == schema.LANDSCAPE else TEXT_WIDTH


def _wide(src, xml: str) -> str:
    """The table as its editor declared for a wide table (bred_tabell): as it is (stående),
    its text and numbers in the smaller styles (mindre_text), or in a landscape section of its
    own (liggande), or in one only when its columns do not fit the portrait page (automatiskt)."""
    rule = getattr(src, "wide", schema.PORTRAIT)
    if rule == schema.SMALLER:
        for style, small in SMALLER.items():
            xml = xml.replace(f'<w:pStyle w:val="{style}"/>', f'<w:pStyle w:val="{small}"/>')
        return xml
    if rule == schema.LANDSCAPE:
        return PORTRAIT_END + xml + LANDSCAPE_END
    if rule == schema.AUTOMATIC:
        return AUTO_START + xml + AUTO_END
    return xml


# bred_tabell: mindre_text: the body's, column headings', sums', groups' and sub-headings' styles and
# their smaller versions
SMALLER = {
    TEXT: SMALL_TEXT,
    NUMBER: SMALL_NUMBER,
    HEADER: SMALL_HEADER,
    HEADER + "Hoger": SMALL_HEADER_RIGHT,
    HEADER + "Mitt": SMALL_HEADER_CENTRE,
    SUM_TEXT: SMALL_SUM_TEXT,
    SUM_NUMBER: SMALL_SUM_NUMBER,
    GROUP: SMALL_GROUP,
    SUBHEADING: SMALL_SUBHEADING,
}


def _ordered(cells: list, src, has_notes: bool) -> list:
    """The columns in the declared order: the Not column last, or right after the text
    (notkolumn: efter_texten)."""
    if has_notes and getattr(src, "note_column", schema.NOTES_LAST) == schema.NOTES_AFTER_TEXT:
        return [cells[0], cells[-1]] + cells[1:-1]
    return cells


def _widths(values: int, share: bool, notes: bool, text_width: int = TEXT_WIDTH) -> list[int]:
    """Column widths in twips: the text column takes what the value columns leave, and many
    value columns (e.g. four years of three columns) narrow down to fit the page."""
    extra = (SHARE_WIDTH if share else 0) + (NOTE_WIDTH if notes else 0)
    value_width = min(VALUE_WIDTH, (text_width - MIN_TEXT_WIDTH - extra) // max(values, 1))
    widths = [text_width - values * value_width - extra] + [value_width] * values
    if share:
        widths.append(SHARE_WIDTH)
    if notes:
        widths.append(NOTE_WIDTH)
    return widths


def _cell(text: str, width: int, style: str, bold: bool = False, top_border: bool = False, span: int = 1) -> str:
    borders = (
        '<w:tcBorders><w:top w:val="single" w:sz="8" w:space="0" w:color="1F3864"/></w:tcBorders>' if top_border else ""
    )
    grid_span = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    content = run(text, bold=bold) if text else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid_span}{borders}</w:tcPr>'
        f"{paragraph(content, style)}</w:tc>"
    )


HEADER_ROW = "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{}</w:tr>"


def _header_rows(src, widths, has_notes, terms=None) -> list[str]:
    """One header row, or two when value columns are grouped (a year over its columns); the
    group heading spans its columns, the only merged cells docgen makes."""
    rows = []
    if src.column_groups:
        cells = [_cell(src.first_column or "", widths[0], HEADER)]
        column = 1
        for group in src.column_groups:
            span = len(group.columns)
            cells.append(_cell(group.heading or "", sum(widths[column : column + span]), HEADER + "Mitt", span=span))
            column += span
        cells.extend(_cell("", w, HEADER) for w in widths[column:])
        rows.append(HEADER_ROW.format("".join(_ordered(cells, src, has_notes))))
    cells = [_cell("" if src.column_groups else (src.first_column or ""), widths[0], HEADER)]
    for n, heading in enumerate(src.columns, 1):
        cells.append(_cell(heading, widths[n], HEADER + "Hoger"))
    if getattr(src, "share", None) is not None:
        cells.append(_cell(src.share.heading, widths[len(src.columns) + 1], HEADER + "Hoger"))
    if has_notes:
        cells.append(_cell(_terms(terms).columns.note, widths[-1], HEADER + "Hoger"))
    rows.append(HEADER_ROW.format("".join(_ordered(cells, src, has_notes))))
    return rows


def column_units(table) -> list[str | None]:
    """Per column, the one unit its numbers carry ("%"), or None when they carry none or several.
    A number typed without it in such a column ("71,5" among "91,6 %") is shown with it when its
    row writes the unit elsewhere (row_unit)."""
    units = []
    for n in range(len(table.columns)):
        found = {
            v.unit
            for g in table.groups
            for r in g.rows
            if r.values
            for v in [r.values[n]]
            if v is not None and v.kind == "number" and v.unit
        }
        units.append(found.pop() if len(found) == 1 else None)
    return units


def row_unit(values, unit: str | None) -> str | None:
    """The column's unit for the row's numbers typed without one, only when another number of
    the row carries it: a row whose numbers carry none is another measure (hours a week among
    percentages, Vänersborg's KKiK table), and a unit is never put on it."""
    carried = {v.unit for v in values if v is not None and v.kind == "number" and v.unit}
    return unit if unit in carried else None


def _with_unit(value, unit: str | None):
    if unit is None or value.kind != "number" or value.unit:
        return value
    from docgen.sources.schema import Measure

    return Measure(
        "number", value.text, number=value.number, unit=unit, comparator=value.comparator, decimals=value.decimals
    )


def value_table_xml(number_: int, table, terms=None) -> str:
    """A table of values that are not summed (schema.ValueTable): values formatted as written,
    right-aligned; a group heading (e.g. a patientlöfte) is a row across the whole width."""
    from docgen.view.formatting import table_value

    widths = _widths(len(table.columns), False, False, _text_width(table))
    rows = _header_rows(table, widths, False)
    span = len(widths)
    units = column_units(table)
    for group in table.groups:
        if group.heading:
            cell = (
                f'<w:tc><w:tcPr><w:tcW w:w="{sum(widths)}" w:type="dxa"/><w:gridSpan w:val="{span}"/>'
                f'<w:shd w:val="clear" w:color="auto" w:fill="D9E2F3"/></w:tcPr>'
                f"{paragraph(run(prose(group.heading)), GROUP)}</w:tc>"
            )
            rows.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cell}</w:tr>")
        for row in group.rows:
            if row.subheading:
                rows.append(_subheading_row(prose(row.text), widths))
                continue
            cells = [_cell(prose(row.text), widths[0], TEXT)]
            cells += [
                _cell(
                    table_value(_with_unit(value, row_unit(row.values, units[n]))) if value is not None else "–",
                    widths[n + 1],
                    NUMBER,
                )
                for n, value in enumerate(row.values)
            ]
            rows.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{''.join(cells)}</w:tr>")
    below = _footnote(table.footnote) if table.footnote else ""
    return _wide(table, _table(number_, table.caption, widths, rows, terms) + below)


def _footnote(text: str) -> str:
    """A table's fotnot, one paragraph per paragraph of the text (a blank line between, as in
    running text): Helsingborg's "1) …" and "2) …" written as a block were one paragraph whose
    line breaks left "2)" indented under the footnote style's hanging indent."""
    paragraphs = [" ".join(part.split()) for part in re.split(r"\n[ \t]*\n", text.strip())]
    return "".join(paragraph(run(prose(part)), FOOTNOTE) for part in paragraphs if part)


def _subheading_row(text: str, widths: list[int]) -> str:
    """A sub-heading in a value table (mellanrubrik): one cell across the table, in its named
    style, kept with the row below it."""
    cell = (
        f'<w:tc><w:tcPr><w:tcW w:w="{sum(widths)}" w:type="dxa"/><w:gridSpan w:val="{len(widths)}"/></w:tcPr>'
        f"{paragraph(run(text), SUBHEADING)}</w:tc>"
    )
    return f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cell}</w:tr>"


def _row(line: "TableLine", src, widths, has_notes) -> str:
    border = line.kind in ("sum", "total")
    text_style = SUM_TEXT if border else GROUP if line.kind in ("part", "group") else TEXT
    number_style = SUM_NUMBER if border else NUMBER
    text = prose(line.text) + ("*" if line.kind == "total" and src.funding else "")
    cells = [_cell(text, widths[0], text_style, top_border=border)]
    if line.kind == "of":  # "varav …" stands indented under the row it is a part of
        cells[0] = cells[0].replace(
            f'<w:pStyle w:val="{TEXT}"/>', f'<w:pStyle w:val="{TEXT}"/><w:ind w:left="{OF_INDENT}"/>', 1
        )
    for n in range(len(src.columns)):
        if line.kind == "outside":  # a share of an amount outside the table, in percent
            decimals = max(0, -line.values[0].as_tuple().exponent)
            cells.append(_cell(percent(line.values[0], decimals) if n == 0 else "", widths[n + 1], NUMBER))
            continue
        if line.values and isinstance(line.values[n], str):  # an amount the sources lack: its marker
            cells.append(_cell(line.values[n], widths[n + 1], number_style, top_border=border))
            continue
        value = number(line.values[n], src.decimals) if line.values and line.values[n] is not None else ""
        if line.values and src.columns[n] in getattr(src, "share_columns", ()):  # andelskolumner: "33 %"
            # a share that cannot be computed (a budget of 0 or none) is "–", as in value tables: not left blank
            value = percent(line.values[n], src.decimals) if value else "–"
        cells.append(_cell(value, widths[n + 1], number_style, top_border=border))
    if src.share is not None:
        shown = percent(line.share) if line.share is not None else ""
        cells.append(_cell(shown, widths[len(src.columns) + 1], number_style, top_border=border))
    if has_notes:
        cells.append(_cell(f"{line.note})" if line.note else "", widths[-1], NUMBER, top_border=border))
    keep = "<w:cantSplit/>"
    return f"<w:tr><w:trPr>{keep}</w:trPr>{''.join(_ordered(cells, src, has_notes))}</w:tr>"


def _below(table: "ComputedTable", terms=None) -> str:
    src = table.source
    out = []
    if src.column_note:
        out.append(paragraph(run(prose(src.column_note)), FOOTNOTE))
    if src.footnote:
        out.append(_footnote(src.footnote))
    rounding = _terms(terms).explanations.rounding
    if table.rounded and rounding not in (src.footnote or ""):
        out.append(paragraph(run(rounding), FOOTNOTE))
    if src.funding:
        parts = [f"{f.text} {with_unit(f.amount, src.unit, src.decimals)}" for f in src.funding]
        funding = _terms(terms).explanations.fill("funding", list=swedish_list(parts))
        out.append(paragraph(run(f"* {funding}"), FOOTNOTE))
    if src.to_update:
        out.append(paragraph(run(f"[ATT UPPDATERA: {src.to_update}]", highlight=True), FOOTNOTE))
    if src.notes:
        if src.notes_heading:
            out.append(paragraph(run(src.notes_heading + ":", bold=True), FOOTNOTE, keep_next=True))
        for number_ in sorted(src.notes):
            out.append(paragraph(run(f"{number_})\t{prose(src.notes[number_])}"), FOOTNOTE))
    return "".join(out)


STATUS_FILL = {
    schema.GREEN: ("00703C", "FFFFFF"),
    schema.YELLOW: ("FFC000", "000000"),
    schema.RED: ("C00000", "FFFFFF"),
    schema.UNKNOWN: ("D9D9D9", "000000"),
}


def _status_cell(status: str, width: int, terms=None, word: str | None = None) -> str:
    """The status as a coloured marker that always carries its word (never colour alone): the
    status word of benämningar, or `word` (an uppdrag's status in the organisation's words)."""
    fill, ink = STATUS_FILL[status]
    shown = word if word is not None else _terms(terms).status_words.word(status)
    word = f'<w:r><w:rPr><w:b/><w:color w:val="{ink}"/></w:rPr><w:t xml:space="preserve">{escape(shown)}</w:t></w:r>'
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>'
        f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/></w:tcPr>{paragraph(word, TEXT)}</w:tc>'
    )


def _simple_table(
    number_: int,
    title: str,
    headers: list[str],
    widths: list[int],
    rows: list[str],
    terms=None,
    aligned: list[str] | None = None,
) -> str:
    """A table with one header row; `aligned` gives each header's style (default: the first
    left, the rest right, over the numbers)."""
    aligned = aligned or [HEADER] + [HEADER + "Hoger"] * (len(headers) - 1)
    header = "".join(_cell(h, w, style) for h, w, style in zip(headers, widths, aligned))
    return _table(number_, title, widths, [HEADER_ROW.format(header)] + rows, terms)


COLUMN = schema.STATUS_TABLE_COLUMNS  # the status table's own columns, by English name
STATUS_COLUMN_WIDTHS = {
    COLUMN["outcome"]: 2200,
    COLUMN["target"]: 1500,
    COLUMN["trend"]: 1200,
    COLUMN["fulfilment"]: 1500,
    COLUMN["status"]: 1500,
}


EXTRA_COLUMN_WIDTH = 1300  # one of the styrtal's own columns (benämningar.styrtalskolumner)


def _status_widths(columns: list[str]) -> list[int]:
    """The styrtal's text takes what the other columns leave; many columns narrow down so that
    the text keeps MIN_TEXT_WIDTH."""
    text = COLUMN["indicator"]
    widths = [0 if name == text else STATUS_COLUMN_WIDTHS.get(name, EXTRA_COLUMN_WIDTH) for name in columns]
    room = TEXT_WIDTH - MIN_TEXT_WIDTH
    if sum(widths) > room:
        widths = [w * room // sum(widths) for w in widths]
    return [TEXT_WIDTH - sum(widths) if name == text else w for name, w in zip(columns, widths)]


_FIGURE = re.compile(r"[−-]?\d[\d\s\u00a0]*(?:,\d+)?(?:[\s\u00a0]*%)?")


def _figure_columns(columns: list[str], indicators) -> set[str]:
    """The styrtal's own columns (benämningar.styrtalskolumner) whose every value in the table is
    a figure ("59 %", "78", or none), in every table of the report alike: right-aligned as the
    outcome beside them (Helsingborg's Utfall 2014 and Utfall 2015 stood left of Utfall 2016).
    An Agenda 2030 target ("3.8") is no figure."""
    own = [c for c in columns if c not in COLUMN.values()]
    figures = set()
    for name in own:
        values = [str(item.of("columns").get(name) or "").strip() for item in indicators]
        written = [v for v in values if v not in ("", "–", "-")]
        if written and all(_FIGURE.fullmatch(v) for v in written):
            figures.add(name)
    return figures


def _status_row(item, columns: list[str], widths: list[int], terms, figures: set[str] = frozenset()) -> str:
    """One styrtal: its text (and what the report says about it), the outcome with the period it
    refers to, the target and the status in words, in the declared order; a heading over
    sub-indicators spans the row."""
    text = prose(item.of("text"))  # the editor's words, with the typography of the plan's own table
    label = f"{item.of('number')}. {text}" if item.of("number") else text
    note = "".join(paragraph(run(line), CELL_NOTE) for line in item.of("note").split("\n") if line)
    if item.shape is schema.INDICATOR_STATUS:  # the report's comment: prose under the styrtal, not a note
        note += "".join(paragraph(run(prose(line)), TEXT) for line in item.of("comment").split("\n") if line.strip())
    if item.shape is schema.INDICATOR_HEADING:
        first = _cell(label, sum(widths), TEXT, span=len(widths)).replace("</w:tc>", note + "</w:tc>")
        return f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{first}</w:tr>"
    cells = [_status_column(name, item, width, terms, label, note, figures) for name, width in zip(columns, widths)]
    return f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{''.join(cells)}</w:tr>"


def _written_decimals(value) -> int:
    """An outcome's decimals as written ("21,56" keeps both; it was shown "21,6"), at most two."""
    exponent = value.as_tuple().exponent if hasattr(value, "as_tuple") else -1
    return min(max(0, -exponent), 2) if isinstance(exponent, int) else 1


def _status_column(name: str, item, width: int, terms, label: str, note: str, figures=frozenset()) -> str:
    """One cell of a styrtal's row in the status table."""
    from docgen.view.formatting import table_value

    if name == COLUMN["indicator"]:
        return _cell(label, width, TEXT).replace("</w:tc>", note + "</w:tc>")
    if name == COLUMN["outcome"]:
        outcome = item.of("outcome")
        if outcome is None:
            return _cell("–", width, NUMBER)
        shown = table_value(outcome) if hasattr(outcome, "kind") else number(outcome, _written_decimals(outcome))
        if item.of("period"):
            shown += f" ({item.of('period')})"
        return _cell(shown, width, NUMBER)
    if name == COLUMN["target"]:
        target = item.of("target")
        return _cell(table_value(target) if target is not None else "–", width, NUMBER)
    if name == COLUMN["status"]:
        return _status_cell(item.of("status"), width, terms)
    if name == COLUMN["fulfilment"]:
        share = item.of("fulfilment")
        decimals = max(0, -share.as_tuple().exponent) if share is not None else 0  # 99,6 % where whole would mislead
        return _cell(percent(share, decimals) if share is not None else "–", width, NUMBER)
    if name == COLUMN["trend"]:
        trend = item.of("trend")
        return _cell(terms.trend_words.word(trend) if trend else "–", width, NUMBER)
    own = item.of("columns").get(name) or "–"  # one of the styrtal's own columns
    if name in figures:  # a figure keeps its unit on its line ("59 %"), as the outcome beside it
        return _cell(prose(own), width, NUMBER)
    return _cell(own, width, TEXT)


def status_report_xml(first_number: int, view, terms=None) -> tuple[str, int]:
    """The counts per målsättning and colour, then one table per målsättning with every
    styrtal's outcome, target and status (benämningar.statuskolumner: which, in what order), and
    the uppdrag's status. Every word comes from the vocabulary (schema.Terms). Returns the XML
    and how many tables it numbered."""
    terms = _terms(terms)
    heads, words, captions = terms.columns, terms.status_words, terms.captions
    counted = [*schema.STATUSES, "total"]
    widths = [TEXT_WIDTH - 5 * 1000] + [1000] * 5
    rows = []
    for row in list(view.of("summary")) + [view.of("total")]:
        bold = row is view.of("total")
        cells = [_cell(row.of("name"), widths[0], SUM_TEXT if bold else TEXT, top_border=bold)]
        cells += [
            _cell(str(row.of(name)), widths[n + 1], SUM_NUMBER if bold else NUMBER, top_border=bold)
            for n, name in enumerate(counted)
        ]
        rows.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{''.join(cells)}</w:tr>")
    # a plan without styrtal (only uppdrag, as Region Gävleborg's budget) has nothing to count:
    # no table of zeros
    counts_anything = bool(view.of("objectives")) or bool(view.of("summary"))
    out = (
        [
            _simple_table(
                first_number,
                captions.fill("summary", period=view.of("period")),
                [heads.objective, words.green, words.yellow, words.red, words.unknown, heads.total],
                widths,
                rows,
                terms,
            )
        ]
        if counts_anything
        else []
    )
    number_ = first_number if counts_anything else first_number - 1
    columns = list(terms.status_columns)
    widths = _status_widths(columns)
    fixed = {key: getattr(heads, name) for name, key in COLUMN.items()}
    # headings over numbers (outcome, target) and over how they developed (trend: "+", "−")
    # right, as their values are; over words (the styrtal, its status) left
    over_numbers = {COLUMN["outcome"], COLUMN["target"], COLUMN["trend"], COLUMN["fulfilment"]}
    figures = _figure_columns(columns, [item for group in view.of("objectives") for item in group.of("indicators")])
    aligned = [HEADER + "Hoger" if name in over_numbers | figures else HEADER for name in columns]
    for group in view.of("objectives"):
        number_ += 1
        rows = [_status_row(item, columns, widths, terms, figures) for item in group.of("indicators")]
        headers = [fixed.get(c) or view.of("column_headings")[c] for c in columns]
        caption = captions.fill("group", name=group.of("name"))
        out.append(_simple_table(number_, caption, headers, widths, rows, terms, aligned))
    if view.of("assignments"):
        number_ += 1
        out.append(_assignments_table(number_, view, terms))
    return "".join(out), number_ - first_number + 1


def _assignments_table(number_: int, view, terms) -> str:
    """The uppdrag's status: under a row with the plan's group heading (the nämnd the uppdrag was
    given to) when the plan has more than one group; the comment column only when a comment is
    written (an empty column the width of the status is no help to a reader)."""
    heads = terms.columns
    items = list(view.of("assignments"))
    commented = any(item.of("comment").strip() for item in items)
    widths = [TEXT_WIDTH - 1600 - 3000, 1600, 3000] if commented else [TEXT_WIDTH - 1600, 1600]
    grouped = len({item.of("group") for item in items}) > 1
    rows, heading = [], None
    for item in items:
        if grouped and item.of("group") != heading:
            heading = item.of("group")
            rows.append(
                "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
                f"{_cell(prose(heading), sum(widths), TEXT, bold=True, span=len(widths))}</w:tr>"
            )
        cells = _cell(item.of("text"), widths[0], TEXT) + _status_cell(
            item.of("status"), widths[1], terms, item.of("word")
        )
        if commented:
            cells += _cell(item.of("comment"), widths[2], TEXT)
        rows.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr>")
    headers = [heads.assignment, heads.status, heads.comment][: len(widths)]
    return _simple_table(
        number_,
        terms.captions.fill("assignments", period=view.of("period")),
        headers,
        widths,
        rows,
        terms,
        [HEADER] * len(widths),  # words, not numbers
    )


CONTROL_NUMBER_WIDTH = 1100  # sannolikhet, konsekvens, riskvärde: a number of one or two digits


def internal_control_xml(number_: int, plan, terms=None) -> str:
    """The internkontrollplan (schema.InternalControl) as one table in the columns the plan
    names: a process's name on its first risk only, numbers right-aligned, the risk value as
    sannolikhet × konsekvens (checked by the schema), a level only from the organisation's own
    scale or as written, in words and, when the scale gives one, in its colour."""

    columns = plan.shown_columns()
    numbers = [key in schema.CONTROL_NUMBERS for key in columns]
    text_width = _text_width(plan)
    narrow = CONTROL_NUMBER_WIDTH * sum(numbers)
    wide = (text_width - narrow) // max(1, len(columns) - sum(numbers))
    widths = [CONTROL_NUMBER_WIDTH if n else wide for n in numbers]
    widths[0] += text_width - sum(widths)
    header = "".join(
        _cell(prose(heading), w, HEADER + "Hoger" if n else HEADER)
        for heading, w, n in zip(columns.values(), widths, numbers)
    )
    rows = [HEADER_ROW.format(header)]
    for activity in plan.activities:
        for index, risk in enumerate(activity.risks):
            cells = [
                _control_cell(plan, key, activity, risk, index, width, numeric)
                for key, width, numeric in zip(columns, widths, numbers)
            ]
            rows.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{''.join(cells)}</w:tr>")
    return _wide(plan, _table(number_, plan.caption, widths, rows, terms))


def _control_cell(plan, key: str, activity, risk, index: int, width: int, numeric: bool) -> str:

    if key == schema.ControlActivity.key_of("activity"):
        return _cell(prose(activity.activity) if index == 0 else "", width, TEXT)
    if key == schema.ControlRisk.key_of("risk_level"):
        step = plan.level(risk.risk_value) if plan.scale and risk.risk_value is not None else None
        if step is None or step.colour is None:
            return _cell(prose(risk.risk_level or (step.name if step else "")), width, TEXT)
        fill, ink = schema.LEVEL_COLOURS[step.colour]
        word = (
            f'<w:r><w:rPr><w:color w:val="{ink}"/></w:rPr>'
            f'<w:t xml:space="preserve">{escape(prose(step.name))}</w:t></w:r>'
        )
        return (
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>'
            f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/></w:tcPr>{paragraph(word, TEXT)}</w:tc>'
        )
    field = {f.key: f.name for f in schema.ControlRisk.FIELDS}[key]
    value = getattr(risk, field)
    if value is None:
        return _cell("", width, NUMBER if numeric else TEXT)
    return _cell(str(value) if numeric else prose(str(value)), width, NUMBER if numeric else TEXT)
