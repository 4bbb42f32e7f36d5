"""Pages a board member gets as they are, from a kommun's plan made with `docgen new` (goals with
strategies and expected results written as Markdown lists, indicators without values yet, as in
Tibro kommun's plan) and from the sources' own documents: a goal's results and its indicator
table on one page, no lone list item at a page's top or foot, no value column empty in every
row, the diarienummer on a follow-up's first page, notes in a table cell without a hanging
indent. Read back from the built .docx (python-docx, lxml) and from its PDF (LibreOffice)."""

from __future__ import annotations

import shutil
import textwrap

import pytest
from docx import Document

from docgen.cli import main
from docgen.pipeline import build

from . import layout
from .test_hostile import edit

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ORG = ["--organisation", "Prov kommun", "--namnd", "Kommunfullmäktige", "--ar", "2026"]
GOALS = [
    (
        "Ett hållbart och attraktivt Provby",
        "Kommunen ska växa på ett hållbart sätt med attraktiva boendemiljöer, goda kommunikationer och "
        "ett levande centrum där människor vill bo, verka och vistas. Detta kräver långsiktig planering "
        "och samverkan med näringsliv och civilsamhälle.",
    ),
    (
        "Goda förutsättningar för barn och unga",
        "Alla barn och unga ska ges förutsättningar att lyckas i skolan och i livet. Förskola och skola "
        "ska präglas av trygghet, studiero och höga förväntningar, och verksamheterna ska samverka kring "
        "barn i behov av stöd.",
    ),
    (
        "En trygg vård och omsorg",
        "Äldre och personer med funktionsnedsättning ska få en trygg, säker och värdig vård och omsorg "
        "med hög kvalitet och med den enskildes behov i centrum.",
    ),
    (
        "Ett växande näringsliv",
        "Kommunen ska vara en aktiv part i att skapa ett gott företagsklimat och fler arbetstillfällen, "
        "genom god service, snabba handläggningstider och dialog med företagen.",
    ),
    (
        "En attraktiv arbetsgivare",
        "Kommunen ska vara en attraktiv arbetsgivare som kan rekrytera, utveckla och behålla kompetenta "
        "medarbetare. Ledarskapet ska vara tydligt och medarbetarna ska ha goda förutsättningar att "
        "utföra sitt uppdrag.",
    ),
    (
        "En god ekonomisk hushållning",
        "Kommunens ekonomi ska vara långsiktigt hållbar så att kommande generationer inte får bära "
        "kostnaderna för dagens verksamhet. Resurserna ska användas effektivt och med god kontroll.",
    ),
]
STRATEGIES = [
    "Vi samverkar med andra aktörer för att nå målet och följer upp arbetet löpande under året.",
    "Vi utvecklar arbetssätt som gör det enklare för invånare och företag att ta del av kommunens service.",
    "Vi prioriterar insatser som ger störst effekt för dem vi är till för.",
]
RESULTS = [
    "Fler invånare är nöjda med kommunens service jämfört med föregående år.",
    "Verksamheten håller en jämn och hög kvalitet i alla delar av kommunen.",
    "Kostnaderna ligger inom tilldelad budgetram.",
    "Resultaten redovisas i delårsrapport och årsredovisning.",
]
INDICATORS = [
    "Andel invånare som är nöjda med kommunens service (%)",
    "Antal nya bostäder som färdigställts under året",
    "Andel som upplever trygghet i sitt bostadsområde (%)",
]


def _goals_yaml() -> str:
    """Six goals as a kommun writes them: text, strategies and results as lists, indicators
    without values (2 or 3 of each, so that the page breaks fall in different places)."""
    out = ["målsättningar:"]
    for number, (name, text) in enumerate(GOALS, 1):
        out += [f"  - id: mal-{number}", f"    nummer: {number}", f'    namn: "{name}"', "    text: |"]
        out += ["      " + line for line in textwrap.wrap(text, 90)]
        out += ["", "      **Strategier**", ""] + [f"      - {s}" for s in STRATEGIES[: 2 + number % 2]]
        out += ["", "      **Förväntat resultat**", ""] + [f"      - {r}" for r in RESULTS[: 2 + number % 3]]
        out += ["    styrtal:"]
        for n, indicator in enumerate(INDICATORS[: 2 + number % 2], 1):
            out += [f'      - nummer: "{number}.{n}"', f'        text: "{indicator}"']
    return "\n".join(out) + "\n"


def _new(workspace, kind: str, folder, *more) -> None:
    argv = ["--kallor", workspace.sources, "--mallar", workspace.templates, "--ut", workspace.build]
    assert main([str(a) for a in [*argv, "new", kind, folder, *ORG, *more]]) == 0


@pytest.fixture
def plan(workspace):
    """A new kommun's plan with the goals above: its source folder."""
    folder = workspace.sources / "prov-kommun" / "plan-2026"
    _new(workspace, "plan", folder)
    (folder / "mal.yaml").write_text(_goals_yaml(), encoding="utf-8")
    return folder


def _body(document):
    return list(document.element.body)


def _kept(paragraph) -> bool:
    return paragraph.find(f"{W}pPr/{W}keepNext") is not None


def test_a_goals_results_keep_with_its_indicator_table_and_no_item_stands_alone(workspace, plan):
    """The last item alone kept with the table (the rule before) left it at a page's top and the
    rest of the goal's text on the page before (the Tibro plan): the results' title, its items
    and the table now keep together; every list keeps its first two and last two items together."""
    built = build(plan, workspace)
    body = _body(Document(str(built)))
    texts = ["".join(t.text or "" for t in e.iter(f"{W}t")) for e in body]
    tables = [n for n, e in enumerate(body) if e.tag == f"{W}tbl"]
    assert len(tables) >= 6
    for n in tables[:6]:
        title = max(i for i in range(n) if texts[i] == "Förväntat resultat")
        assert all(_kept(body[i]) for i in range(title, n)), texts[title:n]  # title, items: with the table
    strategies = [n for n, t in enumerate(texts) if t == "Strategier"]
    for n in strategies:
        assert _kept(body[n]) and _kept(body[n + 1])  # the title with the first item
    if shutil.which("pdftotext") is None:
        return
    from docgen.commands.pdf import find_libreoffice, to_pdf

    if find_libreoffice() is None:
        pytest.skip("LibreOffice is not installed")
    pdf = to_pdf([built])[0]
    pages, source = layout.read_pages(pdf), layout.read_source(built)
    assert len(source.lists) >= 12 and len(pages) >= 3  # the page breaks fall among the goals
    assert layout.lone_list_items(pdf.name, pages, source) == []
    assert layout.stranded_lines(pdf.name, pages, source) == []
    for page, following in zip(pages, pages[1:]):  # a table's header row never opens a page
        lines = [" ".join(s) for s in layout.visual_lines(following)]  # under its goal's results
        if lines and lines[0].startswith("Indikator"):
            pytest.fail(f"p{following.number} opens with an indicator table apart from its goal's text")


def test_a_lone_list_item_at_a_pages_top_or_foot_fails_the_layout_check():
    source = layout.Source(set(), [], [], [], lists=[RESULTS[:3]])

    def pages(last: str, first: str) -> list:
        return [
            layout.Page(1, 842.0, [layout.Line(last, [(last, 70.0, 300.0)], 700.0, 712.0)]),
            layout.Page(2, 842.0, [layout.Line(first, [(first, 70.0, 300.0)], 80.0, 92.0)]),
        ]

    assert layout.lone_list_items("x", pages("\uf0b7 " + RESULTS[1], RESULTS[2]), source)  # the last alone
    assert layout.lone_list_items("x", pages(RESULTS[0], RESULTS[1]), source)  # the first alone
    assert layout.lone_list_items("x", pages(RESULTS[1], RESULTS[2][:12] + " och mer"), source)
    assert layout.lone_list_items("x", pages("Förväntat resultat", RESULTS[0]), source) == []
    assert layout.lone_list_items("x", pages(RESULTS[0], "Indikator"), source) == []


def _header(table) -> list[str]:
    return [cell.text for cell in table.rows[0].cells]


def test_value_columns_empty_in_every_row_are_left_out_and_a_value_keeps_its_column(workspace, plan):
    tables = [t for t in Document(str(build(plan, workspace))).tables if t.rows[0].cells[0].text == "Indikator"]
    assert len(tables) == 6 and all(_header(t) == ["Indikator"] for t in tables)
    assert tables[0].rows[1].cells[0].text.startswith("1.1. Andel invånare")
    widths = [c.get(f"{W}w") for c in tables[0]._tbl.findall(f"{W}tblGrid/{W}gridCol")]
    assert widths == ["9070"]  # the whole text width
    source = plan / "mal.yaml"
    text = source.read_text(encoding="utf-8")
    source.write_text(
        text.replace('text: "Antal nya bostäder', 'målvärde: "120"\n        text: "Antal nya bostäder', 1)
    )
    tables = [t for t in Document(str(build(plan, workspace))).tables if t.rows[0].cells[0].text == "Indikator"]
    assert _header(tables[0]) == ["Indikator", "Årets målvärde"]
    assert [r.cells[1].text for r in tables[0].rows[1:]] == ["", "120", ""]
    assert all(_header(t) == ["Indikator"] for t in tables[1:])


def test_a_table_still_marked_att_uppdatera_keeps_its_columns(workspace):
    """Uppsala's internal control plan lacks its rows (a marker): its columns say what to write."""
    built = build(workspace.sources / "uppsala-kommun" / "mhn-intern-kontrollplan-2016", workspace)
    table = Document(str(built)).tables[0]
    assert len(table.columns) == 6 and "ATT UPPDATERA" in table.rows[1].cells[0].text


def test_a_goal_whose_indicators_are_not_known_yet_shows_the_marker_across_its_table(workspace):
    """Köping's budget 2025: the sources name no indicators of the goal areas, so the walk wrote
    one marker as the indicator ('[ATT UPPDATERA: målområdets indikatorer och målvärden; …]').
    The marker held the Indikator column wide (about 1,9 cm more than its heading needs) and
    'Utfall, senast kända värde' wrapped; now the marker's row spans the table, which keeps its
    columns (what is to be written), each heading on one line. The starter kit's indicator
    ('1. [ATT UPPDATERA: indikatorns namn och hur den mäts]') spans the same way."""
    folder = workspace.sources / "kopings-kommun" / "ks-budget-2025"
    marker = "[[ATT UPPDATERA: målområdets indikatorer och målvärden; de finns inte i underlaget.]]"
    edit(
        folder / "mal.yaml",
        f"fokuserar på bostäder.]]\n\n      {marker}\n",
        f'fokuserar på bostäder.]]\n    styrtal:\n      - text: "{marker}"\n',
    )
    built = build(folder, workspace)
    table = next(t for t in Document(str(built)).tables if t.rows[0].cells[0].text == "Indikator")
    assert _header(table) == ["Indikator", "Utfall, senast kända värde", "Årets målvärde", "Långsiktigt målvärde"]
    row = table._tbl.findall(f"{W}tr")[1]
    cells = row.findall(f"{W}tc")
    assert len(cells) == 1 and cells[0].find(f"{W}tcPr/{W}gridSpan").get(f"{W}val") == "4"
    assert "".join(t.text for t in cells[0].iter(f"{W}t")).startswith("[ATT UPPDATERA: målområdets indikatorer")
    grid = [int(c.get(f"{W}w")) for c in table._tbl.findall(f"{W}tblGrid/{W}gridCol")]
    need, _numbers = layout._one_line_widths(table._tbl, len(grid))
    assert all(n <= g for n, g in zip(need, grid)), (need, grid)  # every heading on one line
    assert layout.idle_columns("ks-budget-2025", built) == []


def test_the_starter_follow_up_shows_its_diarienummer_on_the_first_page(workspace, plan):
    follow = workspace.sources / "prov-kommun" / "uppfoljning-2026"
    _new(workspace, "uppfoljning", follow, "--foljer-upp", plan)
    texts = [p.text for p in Document(str(build(follow, workspace))).paragraphs]
    assert not [t for t in texts if "Diarienummer" in t]  # no dnr: no line, no marker
    source = follow / "uppfoljning.yaml"
    written = source.read_text(encoding="utf-8")
    assert "  # dnr: KS 2026/123" in written
    source.write_text(written.replace("  # dnr: KS 2026/123", "  dnr: KS 2026/45"), encoding="utf-8")
    texts = [p.text for p in Document(str(build(follow, workspace))).paragraphs]
    assert texts[2] == "Diarienummer: KS 2026/45"  # under the title and the board


def test_a_note_under_a_styrtal_in_its_cell_has_no_hanging_indent(workspace):
    built = build(workspace.sources / "region-orebro-lan" / "hsn-vp-2026-styrtalsstatus", workspace)
    document = Document(str(built))
    notes = [p for t in document.tables for c in t._cells for p in c.paragraphs if p.text.startswith("Utfallet avser")]
    assert notes and {p.style.name for p in notes} == {"Cellnot"}
    style = document.styles["Cellnot"]
    assert style.base_style.name == "Tabellfotnot"  # the notes' look, which the editor sets
    assert style.paragraph_format.first_line_indent == 0 and style.paragraph_format.left_indent == 0


def _case(workspace, clauses: list[str]):
    """A tjänsteskrivelse from the starter with these att-satser; its proposal's paragraphs."""
    folder = workspace.sources / "prov-kommun" / "ts-2026"
    if not folder.exists():
        _new(workspace, "tjansteskrivelse", folder)
    source = folder / "arende.yaml"
    text = source.read_text(encoding="utf-8")
    start = text.index("  att_satser:\n") + len("  att_satser:\n")
    end = text.index("\n\n", start)
    listed = "".join(f'    - "{c}"\n' for c in clauses).rstrip("\n")
    source.write_text(text[:start] + listed + text[end:], encoding="utf-8")
    document = Document(str(build(folder, workspace)))
    return [(p.style.name, p.text) for p in document.paragraphs if p.text.lstrip("0123456789.\t").startswith("att ")]


LONE = "att godkänna delårsrapporten för januari–augusti 2026."


def test_a_lone_att_sats_is_numbered_unless_the_organisation_writes_it_without(workspace):
    assert _case(workspace, [LONE]) == [("Numrerad lista", "1.\t" + LONE)]  # never guessed
    terms = workspace.sources / "prov-kommun" / "benämningar.yaml"
    written = terms.read_text(encoding="utf-8")
    assert "  # ensam_att_sats: utan_nummer\n" in written  # offered by the starter
    terms.write_text(written.replace("  # ensam_att_sats: utan_nummer", "  ensam_att_sats: utan_nummer"), "utf-8")
    assert _case(workspace, [LONE]) == [("Ensam att-sats", LONE)]
    two = [LONE, "att lägga informationen till handlingarna."]
    assert _case(workspace, two) == [("Numrerad lista", f"{n}.\t{c}") for n, c in enumerate(two, 1)]
    style = Document(str(workspace.build / "prov-kommun" / "ts-2026.docx")).styles["Ensam att-sats"]
    assert style.base_style.name == "Numrerad lista" and style.paragraph_format.first_line_indent == 0


def test_a_one_item_numbered_list_in_the_text_keeps_its_number_beside_a_lone_att_sats(workspace):
    """The lone att-sats is recognised as the proposal's own, not by its layout: a numbered
    Markdown list of one item in the ärendebeskrivning is a lone "1." paragraph too."""
    folder = workspace.sources / "prov-kommun" / "ts-2026"
    _new(workspace, "tjansteskrivelse", folder)
    source = folder / "arende.yaml"
    written = source.read_text(encoding="utf-8")
    listed = "    Nämnden har tidigare beslutat:\n\n    1. Delårsrapporten ska följa den nya mallen.\n"
    marker = "    [[ATT UPPDATERA: Beskriv ärendet: bakgrund, vad som föreslås och varför.]]\n"
    assert marker in written
    source.write_text(written.replace(marker, listed), encoding="utf-8")
    terms = workspace.sources / "prov-kommun" / "benämningar.yaml"
    terms.write_text(
        terms.read_text(encoding="utf-8").replace("  # ensam_att_sats: utan_nummer", "  ensam_att_sats: utan_nummer"),
        "utf-8",
    )
    listed_item = "1.\tDelårsrapporten ska följa den nya mallen."
    for clauses in ([LONE], [LONE, "att lägga informationen till handlingarna."]):
        proposal = _case(workspace, clauses)
        paragraphs = [
            (p.style.name, p.text) for p in Document(str(workspace.build / "prov-kommun" / "ts-2026.docx")).paragraphs
        ]
        assert ("Numrerad lista", listed_item) in paragraphs  # the text's list keeps its number
        if len(clauses) == 1:
            assert proposal == [("Ensam att-sats", LONE)]
        else:
            assert proposal == [("Numrerad lista", f"{n}.\t{c}") for n, c in enumerate(clauses, 1)]


def test_a_wrong_word_for_the_lone_att_sats_is_said_in_swedish(workspace):
    from .test_hostile import refused

    _case(workspace, [LONE])
    terms = workspace.sources / "prov-kommun" / "benämningar.yaml"
    lines = terms.read_text(encoding="utf-8").split("\n")
    line = lines.index("  # ensam_att_sats: utan_nummer") + 1
    lines[line - 1] = "  ensam_att_sats: nej"
    terms.write_text("\n".join(lines), encoding="utf-8")
    refused(
        workspace,
        ["build", workspace.sources / "prov-kommun" / "ts-2026"],
        "'nej' är inte tillåtet",
        f"benämningar.yaml, rad {line}",
    )
    assert terms.read_text(encoding="utf-8").split("\n")[line - 1] == "  ensam_att_sats: nej"


def test_a_marker_in_a_value_cell_leaves_the_other_empty_columns_out(workspace):
    """Region Skåne's financial goals: the targets are marked ATT UPPDATERA (the sources lack
    two of them), the outcome columns are empty in every row: those are left out, the targets'
    column with its markers stays."""
    built = build(workspace.sources / "region-skane" / "finansiella-mal-2022", workspace)
    table = next(t for t in Document(str(built)).tables if t.rows[0].cells[0].text == "Indikator")
    assert _header(table) == ["Indikator", "Årets målvärde"]
    assert any("ATT UPPDATERA" in row.cells[1].text for row in table.rows[1:])


def test_a_heading_its_introduction_and_a_caption_open_their_tables_page_in_the_pdf(workspace):
    """The starter verksamhetsplan's 'Intern kontroll', its introduction and 'Tabell 2', each
    kept with the next, stand at the foot of page 1 while the internal control plan does not fit
    there: LibreOffice moved the caption alone with the table and left heading and introduction
    at the foot (its keep-with-next holds for the one or two paragraphs right above a table);
    `docgen pdf` now starts the table's page with the heading, as Word lays the .docx out."""
    from docgen.commands.pdf import SYSTEM_PYTHON, find_libreoffice, to_pdf, uno_python

    soffice = find_libreoffice()
    if soffice is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice or poppler is not installed")
    if uno_python(soffice or str(SYSTEM_PYTHON)) is None:
        pytest.skip("LibreOffice cannot be driven through UNO here")
    folder = workspace.sources / "prov-kommun" / "vp-2026"
    _new(workspace, "verksamhetsplan", folder)
    built = build(folder, workspace)
    pdf = to_pdf([built])[0]
    pages, source = layout.read_pages(pdf), layout.read_source(built)

    def page_of(text: str) -> int:
        return max(p.number for p in pages for line in p.body if layout._norm(line.text) == text)

    assert len(pages) == 2
    assert page_of("Intern kontroll") == page_of("Tabell 2. Internkontrollplan") == 2
    assert layout.stranded_lines(pdf.name, pages, source) == []
    # a column of short values is not hyphenated while its words fit: 'kontrollåt-' / 'gärden'
    assert layout.hyphenated_values(pdf.name, pages, source) == []


@pytest.mark.parametrize("kind", ["tjansteskrivelse", "foredragningslista"])
def test_the_starter_headers_title_stands_at_the_right_margin_with_the_date(workspace, kind):
    """The starter tjänsteskrivelse's and föredragningslista's running header hung the title at a
    tab of 5 cm while Datum and Diarienummer below it stood at the right margin (Knivsta's
    header, mended last time, had the same look): the first line is now a table of two columns,
    as an editor makes it in Word or LibreOffice, the name and the title right-aligned, so the
    title ends at the right margin above the date (a long one wraps in its column)."""
    from docgen.commands.pdf import find_libreoffice, to_pdf

    if find_libreoffice() is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice or poppler is not installed")
    folder = workspace.sources / "prov-kommun" / kind
    _new(workspace, kind, folder)
    built = build(folder, workspace)
    pdf = to_pdf([built])[0]
    pages, source = layout.read_pages(pdf), layout.read_source(built)
    header = [line for line in pages[0].lines if line.bottom <= layout.BODY_TOP and line.words]
    rows: dict[int, list] = {}
    for line in header:
        rows.setdefault(round(line.top), []).append(line)
    first, second = (sorted(rows[top], key=lambda line: line.words[0][1]) for top in sorted(rows)[:2])
    assert first[0].text.startswith("Prov kommun") and len(first) == 2  # the name, the title apart
    title_end, date_end = first[-1].words[-1][2], second[-1].words[-1][2]
    assert abs(title_end - date_end) < 2, (first[-1].text, second[-1].text)
    assert layout.header_under_name(pdf.name, pages, source) == []


@pytest.mark.parametrize("kind", ["plan", "verksamhetsplan", "uppfoljning"])
def test_the_starter_plans_header_title_ends_at_the_right_margin(workspace, plan, kind):
    """The starter plan's, verksamhetsplan's and uppföljning's running header stood the title at a
    left tab of 5 cm: the first line is now the meeting papers' table of two columns (an editor's
    change in Word or LibreOffice), the title right-aligned, so it ends at the right margin where
    the body's tables end (a long title wraps in its own column, as the meeting papers' does)."""
    from docgen.commands.pdf import find_libreoffice, to_pdf

    if find_libreoffice() is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice or poppler is not installed")
    folder = plan
    if kind != "plan":
        folder = workspace.sources / "prov-kommun" / kind
        _new(workspace, kind, folder, *(["--foljer-upp", plan] if kind == "uppfoljning" else []))
    built = build(folder, workspace)
    pdf = to_pdf([built])[0]
    pages, source = layout.read_pages(pdf), layout.read_source(built)
    header = [line for line in pages[0].lines if line.bottom <= layout.BODY_TOP and line.words]
    first = sorted(
        (line for line in header if round(line.top) == round(min(h.top for h in header))),
        key=lambda line: line.words[0][1],
    )
    assert first[0].text.startswith("Prov kommun") and len(first) == 2, [line.text for line in header]
    right_margin = 595.3 - 1417 / 20  # A4, the starter's margins
    assert abs(first[-1].words[-1][2] - right_margin) < 2, first[-1].text
    assert layout.header_under_name(pdf.name, pages, source) == []


def test_any_paragraph_of_a_run_kept_with_a_table_at_a_pages_foot_fails_the_layout_check(workspace, tmp_path):
    """Only a heading, a caption and the paragraph right above a table were checked at a page's
    foot: a run of three or more kept paragraphs (a heading, two paragraphs of introduction, a
    caption) left at the foot by LibreOffice with its second paragraph last passed. Every
    paragraph of a run kept with the next that ends at a table is checked now."""
    import zipfile

    folder = workspace.sources / "prov-kommun" / "vp-2026"
    _new(workspace, "verksamhetsplan", folder)
    built = build(folder, workspace)
    added = "Kontrollen omfattar alla verksamheter i kommunen."
    copy = tmp_path / built.name
    with zipfile.ZipFile(built) as source, zipfile.ZipFile(copy, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode()
                at = text.index("<w:p>", text.rindex("Intern kontroll"))  # the heading's introduction
                paragraph = f"<w:p><w:pPr><w:keepNext/></w:pPr><w:r><w:t>{added}</w:t></w:r></w:p>"
                data = (text[:at] + paragraph + text[at:]).encode()
            target.writestr(item, data)
    source = layout.read_source(copy)
    intro = "[ATT UPPDATERA: Beskriv hur den interna kontrollen bedrivs.]"

    def pages(last: str, first: str) -> list:
        return [
            layout.Page(1, 842.0, [layout.Line(last, [(last, 70.0, 300.0)], 700.0, 712.0)]),
            layout.Page(2, 842.0, [layout.Line(first, [(first, 70.0, 300.0)], 80.0, 92.0)]),
        ]

    assert layout.stranded_lines("x", pages(added, intro), source)  # the run's second paragraph last
    assert layout.stranded_lines("x", pages("Intern kontroll", added), source)  # the heading last
    assert layout.stranded_lines("x", pages(intro, "Tabell 2. Internkontrollplan"), source)
    assert layout.stranded_lines("x", pages("Uppdrag 1. [ATT UPPDATERA: uppdragets text]", "Budget"), source) == []


def test_a_document_that_is_one_wide_table_under_its_title_is_landscape_throughout(workspace):
    """Uppsala's internkontrollplan: the title and subtitle stood alone on a portrait first page
    (its TOC left out: too few headings), the plan's heading, introduction and table on a
    landscape second page. The title block turns with the table, as a typesetter sets a
    document that is one wide table: one landscape section, one page."""
    from docgen.commands.pdf import find_libreoffice, to_pdf

    built = build(workspace.sources / "uppsala-kommun" / "mhn-intern-kontrollplan-2016", workspace)
    body = Document(str(built)).element.body
    sections = body.findall(f".//{W}sectPr")
    assert len(sections) == 1, len(sections)
    assert sections[0].find(f"{W}pgSz").get(f"{W}orient") == "landscape"
    if find_libreoffice() is None or shutil.which("pdfinfo") is None:
        pytest.skip("LibreOffice or poppler is not installed")
    pdf = to_pdf([built])[0]
    pages = layout.read_pages(pdf)
    assert len(pages) == 1 and pages[0].height < 600, [(p.number, p.height) for p in pages]
    assert any(layout._norm(line.text) == "Intern kontrollplan 2016" for line in pages[0].lines)


def _alignment(cell) -> str | None:
    jc = cell.paragraphs[0]._p.find(f"{W}pPr/{W}jc")
    return jc.get(f"{W}val") if jc is not None else None


def test_a_marker_running_over_lines_in_a_number_column_is_set_flush_left(workspace):
    """A marker standing in for a value in a right-aligned column reads as a note, not as a
    figure: over two or three lines it is set flush left (right-aligned, its lines started
    ragged: Skåne's Målvärde, Gävleborg's Budget 2024), and its whole text stays (nothing missing
    is hidden). A marker that fits on one line (Gävleborg's Avvikelse) and the figures keep the
    column's right alignment."""
    skane = Document(str(build(workspace.sources / "region-skane" / "delarsrapport-2022", workspace)))
    status = skane.tables[1].rows
    assert status[2].cells[2].text.startswith("[ATT UPPDATERA: målvärdet för skuldsättningen")
    assert _alignment(status[2].cells[2]) == "left"
    assert _alignment(status[1].cells[2]) is None  # "minst 2 %": the column's own (right)
    gavleborg = Document(str(build(workspace.sources / "region-gavleborg" / "arsredovisning-2024", workspace)))
    result = gavleborg.tables[0].rows
    assert result[1].cells[1].text == "[ATT UPPDATERA: budgeten]" and _alignment(result[1].cells[1]) == "left"
    assert result[1].cells[3].text == "[ATT UPPDATERA: avvikelse]" and _alignment(result[1].cells[3]) is None
    assert _alignment(result[1].cells[2]) is None


@pytest.mark.parametrize(
    "case",
    [
        ("knivsta-kommun", "smn-budgetdialog-2017", "Beslutsunderlag"),
        ("upplands-bro-kommun", "sn-riktlinjer-ekonomiskt-bistand-2018", "Beslutsunderlag"),
        ("okand-region", "uppfoljning-plan-2025", "Konsekvenser för miljön"),
    ],
)
def test_who_signs_a_case_is_never_alone_on_its_last_page(workspace, case):
    """A tjänsteskrivelse's closing lines (I tjänsten with who signs, who the decision is sent
    to) did not fit under its last section and stood alone on the last page, as Knivsta's,
    Upplands-Bro's and the unknown region's did: a secretary keeps the signature with the last
    lines of the text. The last section (its heading and the short list or paragraph under it)
    goes over with them; the page before keeps everything above it."""
    from docgen.commands.pdf import find_libreoffice, to_pdf

    organisation, folder, last_heading = case
    built = build(workspace.sources / organisation / folder, workspace)
    body = Document(str(built)).element.body
    signed = next(p for p in body.iter(f"{W}p") if "".join(t.text for t in p.iter(f"{W}t")) == "I tjänsten")
    above = signed.getprevious()
    assert above.find(f"{W}pPr/{W}keepNext") is not None  # the last text above keeps with the signature
    if find_libreoffice() is None or shutil.which("pdfinfo") is None:
        pytest.skip("LibreOffice or poppler is not installed")
    pages = layout.read_pages(to_pdf([built])[0])
    last = [layout._norm(line.text) for line in pages[-1].lines]
    assert "I tjänsten" in last and last_heading in last, last
    assert last.index(last_heading) < last.index("I tjänsten")
