"""A line chart over periods (perioder, serier), as a new organisation writes one: the
development of Luleå kommun's population 2015–2020 by sex, from Luleå's public follow-up of
its indicators (Kolada, SCB): http://programuppfoljning.lulea.se/indikatorer-per-forvaltning/
kommunstaben/antal-invanare/table/. Also: a block a template has no place for stops the build
(it used to stay out of the document without a word); a bar chart keeps a negative value on its axis."""

from __future__ import annotations

import zipfile

from lxml import etree

from docgen.cli import main
from docgen.pipeline import build
from docgen.word.charts import value_range

from .test_hostile import edit, refused

FOLDER = ("lulea-kommun", "plan-2021")

CHART = """
diagram:
  invanare:
    rubrik: Antal invånare
    enhet: antal
    källa: Kolada (SCB)
    perioder: [2015, 2016, 2017, 2018, 2019, 2020]
    serier:
      - text: Kvinnor
        värden: [37512, 37747, 37992, 38107, 38144, 38279]
      - text: Män
        värden: [38576, 39023, 39478, 39725, 39961, 40270]
"""


def new_plan(workspace, capsys):
    """`docgen new plan` for Luleå kommun, the chart in its own file, placed in the first chapter."""
    folder = workspace.sources.joinpath(*FOLDER)
    argv = ["--kallor", workspace.sources, "--mallar", workspace.templates, "--ut", workspace.build]
    argv += ["new", "plan", folder, "--organisation", "Luleå kommun", "--namnd", "Kommunstyrelsen", "--ar", "2021"]
    assert main([str(a) for a in argv]) == 0
    capsys.readouterr()
    (folder / "diagram.yaml").write_text(
        "# yaml-language-server: $schema=../../../docs/schema/tabeller.schema.json" + CHART, encoding="utf-8"
    )
    edit(
        folder / "avsnitt.yaml", "      - målsättningar: alla", "      - diagram: invanare\n      - målsättningar: alla"
    )
    return folder


def test_a_line_chart_says_every_value_of_every_series(workspace, capsys):
    built = build(new_plan(workspace, capsys), workspace, html=True)
    with zipfile.ZipFile(built) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
        pictures = [n for n in archive.namelist() if n.startswith("word/media/")]
    described = [e.get("descr") for e in body.iter("{*}docPr")]
    nbsp = "\u00a0"
    assert described == [
        "Linjediagram: Antal invånare. "
        f"Kvinnor: 2015 37{nbsp}512, 2016 37{nbsp}747, 2017 37{nbsp}992, 2018 38{nbsp}107, 2019 38{nbsp}144, "
        f"2020 38{nbsp}279; Män: 2015 38{nbsp}576, 2016 39{nbsp}023, 2017 39{nbsp}478, 2018 39{nbsp}725, "
        f"2019 39{nbsp}961, 2020 40{nbsp}270."
    ]
    assert len(pictures) == 1
    page = built.with_suffix(".html").read_text(encoding="utf-8")
    assert (
        '<th scope="col">Period</th><th scope="col" class="tal">Kvinnor</th><th scope="col" class="tal">Män</th>'
        in page
    )
    assert f'<th scope="row">2017</th><td class="tal">37{nbsp}992</td><td class="tal">39{nbsp}478</td>' in page


def test_a_series_without_a_value_per_period_stops_the_build_at_its_chart(workspace, capsys):
    folder = new_plan(workspace, capsys)
    line = edit(folder / "diagram.yaml", "38144, 38279]", "38144]")
    assert line == 10
    refused(
        workspace,
        ["build", folder],
        "serien 'Kvinnor' har 5 värden men diagrammet har 6 perioder",
        "plan-2021/diagram.yaml, rad 10: diagram.invanare.serier[1].värden:",
    )


def test_a_block_the_template_has_no_place_for_stops_the_build_at_its_line(workspace, capsys):
    """A plan's chapters show text, tables, pictures, charts and goals: a follow-up block placed
    in one would silently stay out of the document."""
    folder = new_plan(workspace, capsys)
    line = edit(folder / "avsnitt.yaml", "      - diagram: invanare", "      - uppföljning: alla")
    refused(
        workspace,
        ["build", folder],
        r"blocket 'uppföljning: alla' i avsnittet 'Mål och indikatorer' visas inte: mallen "
        r"lulea-kommun/plan.docx har ingen plats för 'uppföljning' i ett avsnitt",
        f"plan-2021/avsnitt.yaml, rad {line}:",
    )


def test_a_bar_chart_keeps_a_negative_value_on_its_axis():
    assert value_range([-22.0, 5.0]) == (-22.0 * 1.15, 5.0 * 1.15)
    assert value_range([-3.0, -1.0]) == (-3.0 * 1.15, 0.0)
    assert value_range([74.3, 73.4]) == (0.0, 74.3 * 1.15)


def test_a_chapter_placed_with_the_flow_filter_counts_as_shown(workspace, capsys):
    """A template may show a chapter's text and tables with {{p kap.innehåll|flöde }}: those
    blocks are placed, not left out, so the build goes through."""
    from docx import Document

    folder = new_plan(workspace, capsys)
    edit(folder / "avsnitt.yaml", "      - diagram: invanare\n      - målsättningar: alla\n", "")
    template = workspace.templates / "lulea-kommun" / "plan.docx"
    document = Document(str(template))
    body = document.element.body
    for element in list(body):
        if not element.tag.endswith("sectPr"):  # paragraphs and tables go; the page setup stays
            body.remove(element)
    document.add_paragraph("{%p for kap in avsnitt %}")
    document.add_paragraph("{{ kap.rubrik }}", style="Heading 1")
    document.add_paragraph("{{p kap.innehåll|flöde }}")
    document.add_paragraph("{%p endfor %}")
    document.save(str(template))
    built = build(folder, workspace)
    text = [p.text for p in Document(str(built)).paragraphs]
    assert "Inledning" in text and "Budget" in text


def test_a_template_that_shows_only_the_chapter_headings_is_left_to_docgen_check(workspace, capsys):
    """Content of chapters whose content the template never reads is not the build's business
    (docgen check names it): a template listing only the headings builds."""
    from docx import Document

    folder = new_plan(workspace, capsys)
    template = workspace.templates / "lulea-kommun" / "plan.docx"
    document = Document(str(template))
    body = document.element.body
    for element in list(body):
        if not element.tag.endswith("sectPr"):
            body.remove(element)
    document.add_paragraph("{%p for kap in avsnitt %}")
    document.add_paragraph("{{ kap.rubrik }}", style="Heading 1")
    document.add_paragraph("{%p endfor %}")
    document.save(str(template))
    text = [p.text for p in Document(str(build(folder, workspace))).paragraphs]
    assert text == ["Inledning", "Mål och indikatorer", "Budget"]


def test_periods_without_series_stop_the_build_at_the_chart(workspace, capsys):
    folder = new_plan(workspace, capsys)
    text = (folder / "diagram.yaml").read_text(encoding="utf-8")
    (folder / "diagram.yaml").write_text(
        text.split("    serier:")[0] + "    staplar:\n      - {text: Luleå, värde: 78549}\n", encoding="utf-8"
    )
    refused(
        workspace,
        ["build", folder],
        "ett linjediagram ska ha både 'perioder' och 'serier'",
        "plan-2021/diagram.yaml, rad 3:",
    )


def test_a_chart_of_counts_steps_its_axis_in_whole_numbers(monkeypatch):
    """Vårgårda's delmål by assessment (8, 3, 19): the value axis read 2,5, 7,5, 12,5 and 17,5
    delmål; counts now step in whole numbers, in the .docx's chart and the phone's. Values with
    decimals keep their decimal steps."""
    from docgen.word import charts

    drawn = []
    monkeypatch.setattr(charts, "_png", lambda figure: drawn.append(figure) or b"")

    def ticks(figure):
        figure.canvas.draw()
        axes = figure.axes[0]
        low, high = axes.get_ylim()
        shown = zip(axes.get_yticks(), axes.get_yticklabels())
        return [label.get_text() for value, label in shown if low <= value <= high]

    counts = [("Uppfyllda", 8), ("Delvis uppfyllda", 3), ("Inte uppfyllda", 19)]
    charts._draw_bars(counts, "antal", None)
    assert ticks(drawn[-1]) == ["0", "5", "10", "15", "20"]
    charts._draw_lines(["2021", "2022", "2023"], [("Delmål", [8, 3, 19])], "antal", None, narrow=True)
    assert all("," not in t for t in ticks(drawn[-1]))
    charts._draw_bars([("A", 1.5), ("B", 3.25)], "procent", None)
    assert any("," in t for t in ticks(drawn[-1]))
