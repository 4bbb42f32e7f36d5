"""The accessible HTML edition (`docgen html`): built from the same finished document as the
.docx, so it says what the .docx says; its structure for screen readers; same bytes each time.

The check in a real browser (axe-core in headless Chromium) is in test_browser.py.
"""

from __future__ import annotations

import copy
import re
import zipfile

import lxml.html
import pytest
from docx import Document

from docgen.cli import main
from docgen.pipeline import ROOT, Project, build

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SVN_2024 = ROOT / "sources" / "sydostra-sjukvardsregionen" / "svn-uppfoljning-2024"


@pytest.fixture(scope="module")
def editions(html_editions):
    """[(docx path, parsed html)] for every buildable document."""
    return [(docx, lxml.html.fromstring(docx.with_suffix(".html").read_bytes())) for docx in html_editions]


def _words(text: str) -> str:
    return " ".join(text.split())


def _docx_tables(path):
    """Each table's cells as text, row by row, as python-docx reads the written file; the parts
    of a table split at a long group (a paragraph in the style Tabellfortsättning between them)
    as one table, without the header rows and outer labels each part repeats; two tables set apart by such a
    paragraph with space before it (docgen.word.write) as two."""
    document = Document(str(path))
    tables, previous = [], []
    for element in document.element.body.iterchildren():
        style = element.find(f"{{{W}}}pPr/{{{W}}}pStyle")
        if element.find(f"{{{W}}}pPr/{{{W}}}spacing[@{{{W}}}before]") is not None:
            style = None  # a gap between two tables, not between the parts of one
        previous = (
            previous
            + ["tabell" if element.tag == f"{{{W}}}tbl" else style.get(f"{{{W}}}val") if style is not None else ""]
        )[-3:]
        if element.tag != f"{{{W}}}tbl":
            continue
        rows = []
        for row in element.iterchildren(f"{{{W}}}tr"):
            rows.append(
                [
                    _words(" ".join("".join(t.text or "" for t in p.iter(f"{{{W}}}t")) for p in tc.iter(f"{{{W}}}p")))
                    for tc in row.iterchildren(f"{{{W}}}tc")
                ]
            )
        if previous == ["tabell", "Tabellfortsattning", "tabell"]:
            repeated = 0
            while repeated < len(rows) and rows[repeated] == tables[-1][repeated]:
                repeated += 1
            # without the outer group's label a part repeats, marked (forts.) (pagination)
            tables[-1].extend(r for r in rows[repeated:] if not (len(r) == 1 and r[0].endswith("(forts.)")))
        else:
            tables.append(rows)
    return tables


def test_the_browser_tab_names_the_organisation_once(editions):
    """A tab or a search result reading only "Budget 2020" does not say whose budget it is: the
    organisation follows the document's title, unless the title names it already."""
    titles = {docx.stem: page.findtext(".//title") for docx, page in editions}
    assert titles["budget-2020"] == "Budget 2020 – Åmåls kommun"
    assert [t for t in titles.values() if t.startswith("Budget 2019 för Västra Götalandsregionen")] == [
        "Budget 2019 för Västra Götalandsregionen"
    ]


def test_every_document_has_an_html_edition_that_says_what_the_docx_says(editions):
    assert len(editions) >= 8
    for docx, page in editions:
        assert page.get("lang") == "sv"
        core = zipfile.ZipFile(docx).read("docProps/core.xml").decode()
        title = re.search(r"<dc:title>(.*?)</dc:title>", core).group(1)
        assert page.findtext(".//title").startswith(title.replace("&amp;", "&"))
        document = Document(str(docx))
        headings = [
            _words(p.text) for p in document.paragraphs if p.style.name.startswith("Heading") and p.text.strip()
        ]
        outline = "//main//*[self::h2 or self::h3 or self::h4 or self::h5 or self::h6][not(ancestor::nav)]"
        shown = [_words(h.text_content()) for h in page.xpath(outline)]
        assert shown == headings, docx.name
        # the document's title is the page's one h1, and Rubrik 1, 2, … are h2, h3, … under it
        (h1,) = page.xpath("//h1")
        titles = [p.text for p in document.paragraphs if p.style.name == "Title" and p.text.strip()]
        assert _words(h1.text_content()) == _words(titles[0]), docx.name
        levels = [int(h.tag[1]) for h in page.xpath(outline)]
        assert [
            int(p.style.name[-1]) + 1
            for p in document.paragraphs
            if p.style.name.startswith("Heading") and p.text.strip()
        ] == levels
        every = [
            int(h.tag[1]) for h in page.xpath("//main//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5]")
        ]
        assert every[0] == 1 and all(b <= a + 1 for a, b in zip(every, every[1:])), f"{docx.name}: {every}"
        html_tables = page.xpath("//table[not(ancestor::details)]")
        docx_tables = _docx_tables(docx)
        assert len(html_tables) == len(docx_tables), docx.name
        for html_table, cells in zip(html_tables, docx_tables):
            html_cells = [
                [_words(c.text_content()) for c in row.xpath("./th|./td")] for row in html_table.xpath(".//tr")
            ]
            assert html_cells == cells, f"{docx.name}: {html_table.findtext('caption')}"
        body_text = _words(_numbered(page).xpath("string(//main)"))
        for paragraph in document.paragraphs:
            if paragraph.text.strip() and not paragraph.style.name.startswith(("toc", "TOC")):
                assert _words(paragraph.text) in body_text, f"{docx.name}: {paragraph.text[:60]}"


def _numbered(page):
    """The page with each numbered list item's number written before it, as the .docx has it
    in its text ("1." and a tab) and a browser shows it beside the item."""
    page = copy.deepcopy(page)
    for ol in page.xpath("//main//ol[not(ancestor::nav)]"):
        number = int(ol.get("start", "1"))
        for li in ol.xpath("./li"):
            number = int(li.get("value", number))
            li.text = f"{number}. " + (li.text or "")
            number += 1
    return page


def test_outline_toc_tables_and_charts_are_marked_for_screen_readers(editions):
    pages = {docx.stem: page for docx, page in editions}
    plan = pages["arsplan-och-budget-2025"]
    toc = plan.xpath("//nav[@aria-labelledby]")[0]
    links = toc.xpath(".//a/@href")
    assert len(links) == len(plan.xpath("//main/h2|//main/h3")) and links
    ids = set(plan.xpath("//@id"))
    assert all(link[1:] in ids for link in links)
    for _docx, page in editions:
        for table in page.xpath("//table"):
            assert _words(table.findtext("caption") or table.xpath("string(caption)")), "every table has a caption"
            assert table.xpath(".//th[@scope='col' or @scope='colgroup']"), "header cells with scope"
            assert not table.xpath(".//th[not(@scope)]")
    budget = [
        t
        for t in plan.xpath("//table")
        if "Treårsbudget" in t.xpath("string(caption)") or "budget" in t.xpath("string(caption)").lower()
    ]
    assert plan.xpath("//tr[@class='summa']/th[@scope='row']"), "sum rows are marked"
    assert plan.xpath("//tbody/tr[@class='grupp']/th[@scope='rowgroup']"), "group rows head their row group"
    assert budget
    marked = [m.text_content() for m in plan.xpath("//mark")]
    assert marked and all(m.startswith("[ATT UPPDATERA:") for m in marked), "ATT UPPDATERA highlighted as in the .docx"
    svn = pages["uppfoljning-overenskommelse-2024"]
    figures = svn.xpath("//figure")
    assert len(figures) == 12  # Diagram 11 drawn from Tabell 10 (issue 10)
    for figure in figures:
        image = figure.find(".//img")
        assert image.get("src").startswith("data:image/png;base64,") and image.get("alt").startswith("Stapeldiagram")
        # on a phone the chart drawn for a narrow screen, in the same picture (one alt text)
        narrow = figure.find("picture/source")
        assert narrow.get("media") == "(max-width: 36rem)" and narrow.get("srcset").startswith("data:image/png;base64,")
        # the values after the notes under the chart
        values = figure.xpath("following-sibling::*[not(contains(@class, 'stil-Tabellfotnot'))][1]")[0]
        assert values.tag == "details" and values.xpath(".//table/caption")
        # every value in the alt text is a cell of the table beside it
        cells = [_words(td.text_content()) for td in values.xpath(".//td")]
        assert cells and all(cell in _words(image.get("alt")) for cell in cells[:4])
    status = pages["styrtalsstatus-vp-2026"]
    words = {_words(td.text_content()) for td in status.xpath("//td[@style]")}
    assert {"Röd", "Grön", "Ingen uppgift"} <= words, "status in words, not colour alone"


def test_print_stylesheet_and_the_templates_colours(editions, workspace):
    _docx, page = editions[0]
    style = page.findtext(".//style")
    assert "@media print" in style and "@page" in style
    # the template's own paragraph styles keep their bold and italics (Uppdragsrubrik, Beslutsrubrik)
    for docx, page in editions:
        css = page.findtext(".//style")
        styles = Document(str(docx)).styles
        for used in sorted({c for e in page.xpath("//p[@class]") for c in e.get("class").split()}):
            if not used.startswith("stil-") or used.removeprefix("stil-") not in [st.style_id for st in styles]:
                continue
            defined = next(st for st in styles if st.style_id == used.removeprefix("stil-"))
            italic = defined.font.italic or (
                defined.font.italic is None and defined.base_style is not None and defined.base_style.font.italic
            )
            assert (
                f".{used} {{" in css and "font-style: italic" in css.split(f".{used} {{")[-1].split("}")[0]
            ) == bool(italic), f"{docx.name}: {used}"
    assert "--rubrik: #1F3864" in style, "the heading colour of the template's Rubrik 1"
    # an editor changes Rubrik 1's colour in the template: the web page follows
    template = workspace.templates / "region-orebro-lan" / "verksamhetsplan-med-budget.docx"
    _restyle_heading(template, "1F3864", "7B2C2C")
    built = build(workspace.sources / "region-orebro-lan" / "hsn-vp-2026", workspace, html=True)
    assert "--rubrik: #7B2C2C" in built.with_suffix(".html").read_text(encoding="utf-8")


def _restyle_heading(template, old: str, new: str) -> None:
    """What Word does when Rubrik 1's font colour is changed: the style's w:color in styles.xml."""
    with zipfile.ZipFile(template) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    styles = parts["word/styles.xml"].decode("utf-8")
    start = styles.index('w:styleId="Heading1"')
    end = styles.index("</w:style>", start)
    section = styles[start:end]
    assert f'w:val="{old}"' in section
    parts["word/styles.xml"] = (
        styles[:start] + section.replace(f'w:val="{old}"', f'w:val="{new}"') + styles[end:]
    ).encode("utf-8")
    with zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_same_sources_give_the_same_html_bytes(tmp_path):
    first = build(SVN_2024, Project(build=tmp_path / "a"), html=True).with_suffix(".html").read_bytes()
    second = build(SVN_2024, Project(build=tmp_path / "b"), html=True).with_suffix(".html").read_bytes()
    assert first == second


def test_docgen_html_command_writes_beside_each_docx(workspace, capsys):
    folder = workspace.sources / "region-ostergotland" / "hsn-foredragningslista"
    status = main(
        [
            "--kallor",
            str(workspace.sources),
            "--mallar",
            str(workspace.templates),
            "--ut",
            str(workspace.build),
            "html",
            str(folder),
        ]
    )
    assert status == 0
    written = sorted(p.name for p in (workspace.build / "region-ostergotland").iterdir())
    assert written == ["foredragningslista-hsn.docx", "foredragningslista-hsn.html"]
    assert "foredragningslista-hsn.html" in capsys.readouterr().out


def test_a_mistake_writes_neither_docx_nor_html(workspace, capsys):
    folder = workspace.sources / "region-ostergotland" / "hsn-foredragningslista"
    before = {p: p.read_bytes() for p in workspace.sources.rglob("*") if p.is_file()}
    source = next(folder.glob("*.yaml"))
    text = source.read_text(encoding="utf-8")
    source.write_text(text + "\nokänt_fält_här: [\n", encoding="utf-8")
    status = main(
        [
            "--kallor",
            str(workspace.sources),
            "--mallar",
            str(workspace.templates),
            "--ut",
            str(workspace.build),
            "html",
            str(folder),
        ]
    )
    err = capsys.readouterr().err
    assert status == 2
    assert f"{source.name}, rad " in err and "Inget dokument skrevs." in err
    assert list(workspace.build.rglob("*.htm*")) == [] and list(workspace.build.rglob("*.docx")) == []
    source.write_text(text, encoding="utf-8")
    assert {p: p.read_bytes() for p in workspace.sources.rglob("*") if p.is_file()} == before


def test_a_template_without_a_title_paragraph_still_gives_the_page_one_h1(workspace):
    """An editor who sets the title paragraph's style to Normal in Word: the outline on the page
    still starts at a (visually hidden) h1 with the document's title, so no h2 comes first."""
    template = workspace.templates / "region-orebro-lan" / "verksamhetsplan-med-budget.docx"
    with zipfile.ZipFile(template) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    document = parts["word/document.xml"].decode("utf-8")
    assert document.count('<w:pStyle w:val="Title"/>') == 1
    parts["word/document.xml"] = document.replace('<w:pStyle w:val="Title"/>', '<w:pStyle w:val="Normal"/>').encode()
    with zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    built = build(workspace.sources / "region-orebro-lan" / "hsn-vp-2026", workspace, html=True)
    page = lxml.html.fromstring(built.with_suffix(".html").read_bytes())
    (h1,) = page.xpath("//h1")
    assert h1.get("class") == "dold" and h1.text_content() == "Verksamhetsplan med budget 2026"
    assert page.xpath("//main/*")[0] is h1
    assert page.xpath("//main/h2")[0].text_content() == "1 Inledning"


def test_a_charts_values_follow_its_notes_as_the_sources_write_them(editions):
    """Under a chart: its caption, then its note (what it shows, its source), then its values as
    a table, each as written in the sources (the chart's labels round: 84,2 % for 84,23 %)."""
    pages = {docx.stem: page for docx, page in editions}
    svn = pages["uppfoljning-overenskommelse-2024"]
    figures = svn.xpath("//figure[following-sibling::*[1][self::p]]")
    assert figures
    for figure in figures:
        note, after = figure.xpath("following-sibling::*[position() <= 2]")
        assert "stil-Tabellfotnot" in note.get("class") and after.tag == "details", _words(note.text_content())
    kkik = pages["kkik-2018"]
    tables = {t.findtext("caption"): t for t in kkik.xpath("//details/table")}
    rows = [
        [_words(c.text_content()) for c in r.xpath("./th|./td")] for r in tables["Värdena i Diagram 1"].xpath(".//tr")
    ]
    assert rows[1:] == [["Vänersborg", "76 %"], ["VGR medel", "84,23 %"], ["Riket", "86 %"]]
    rows = [
        [_words(c.text_content()) for c in r.xpath("./th|./td")] for r in tables["Värdena i Diagram 3"].xpath(".//tr")
    ]
    assert rows[1] == ["2016", "130 505,22", "139 799,56", "142 232,39"]


def test_pages_break_where_the_docx_does(editions):
    """Printed, a page breaks where the .docx breaks one (Region Östergötland's årsplan: before
    its table of contents, its first chapter and its appendix) and before no other chapter."""
    pages = {docx.stem: page for docx, page in editions}
    plan = pages["arsplan-och-budget-2025"]
    breaks = plan.xpath("//main//*[contains(concat(' ', @class, ' '), ' ny-sida ')]")
    assert [b.get("id") or b.getnext().tag for b in breaks] == [
        "nav",
        "arets-planering",
        "bilaga-1-resultatrakning-och-balansrakning-2025",
    ]
    assert not pages["kkik-2018"].xpath("//*[contains(@class, 'ny-sida')]")
    style = plan.findtext(".//style")
    assert ".ny-sida { break-before: page; }" in style and "kapitel ~" not in style


def test_att_satser_numbered_by_words_own_numbering_are_a_numbered_list(workspace):
    """An editor who lets Word number the att-satser (deletes '{{ loop.index }}.' and the tab
    and presses the numbering button: w:numPr in the paragraph) gets the numbers on the web
    too, counted as Word counts them; they showed as paragraphs without numbers."""
    template = workspace.templates / "gemensam" / "tjansteskrivelse.docx"
    document = Document(str(template))
    clause = next(p for p in document.paragraphs if p.text == "{{ loop.index }}.\t{{ a.text }}")
    run = clause.runs[0]._r
    for number in (run.find(f"{{{W}}}t"), run.find(f"{{{W}}}tab")):
        run.remove(number)
    numbering = clause._p.get_or_add_pPr().get_or_add_numPr()
    numbering.get_or_add_ilvl().val = 0
    numbering.get_or_add_numId().val = 5  # a decimal list of the template's numbering.xml
    document.save(str(template))
    folder = workspace.sources / "region-ostergotland" / "beslut-arsplan-2025"
    docx = build(folder, workspace, html=True)
    clauses = [p.text for p in Document(str(docx)).paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None]
    assert len(clauses) >= 2 and not re.match(r"\d", clauses[0])
    page = lxml.html.fromstring(docx.with_suffix(".html").read_bytes())
    lists = [ol for ol in page.iter("ol") if ol.getparent().tag != "nav" and ol.xpath("ancestor::nav") == []]
    items = [_words(li.text_content()) for ol in lists for li in ol.findall("li")]
    assert items == [_words(c) for c in clauses]
    assert [ol.get("start") for ol in lists] == [None]


def test_an_e_mail_or_web_address_written_as_text_is_a_link(workspace):
    """A contact line's e-mail (Botkyrka's kallelse: "… eller elisabeth.persson@botkyrka.se.") is
    a mailto link on the web page, the full stop after it outside the link; a web address in the
    text (Region Östergötland's styrande dokument) is a link to itself. The text reads as before."""
    folders = [
        workspace.sources / "botkyrka-kommun" / "tefn-2020-01-21",
        workspace.sources / "region-ostergotland" / "hsn-arsplan-2025",
    ]
    argv = ["--kallor", str(workspace.sources), "--mallar", str(workspace.templates), "--ut", str(workspace.build)]
    assert main([*argv, "html", *map(str, folders)]) == 0
    agenda = lxml.html.fromstring((workspace.build / "botkyrka-kommun" / "tefn-2020-01-21.html").read_bytes())
    (mail,) = agenda.xpath("//main//a[starts-with(@href, 'mailto:')]")
    assert mail.get("href") == "mailto:elisabeth.persson@botkyrka.se"
    assert mail.text_content() == "elisabeth.persson@botkyrka.se"
    assert _words(mail.getparent().text_content()).endswith("0708 90 40 56 eller elisabeth.persson@botkyrka.se.")
    plan = lxml.html.fromstring((workspace.build / "region-ostergotland" / "arsplan-och-budget-2025.html").read_bytes())
    address = "https://www.regionostergotland.se/ro/politik-och-insyn/politisk-styrning/politiskt-styrande-dokument"
    (web,) = plan.xpath(f"//main//a[@href='{address}']")
    assert web.text_content() == address


def test_a_marker_in_a_tables_title_is_written_and_shown_as_in_the_text(workspace):
    """Sollentuna's verksamhetsplan: the indicator table's title, 'Indikatorer för {{ mål.namn }}'
    in the template, took the goal's name as the sources write a marker: a screen reader read
    'Indikatorer för [[ATT UPPDATERA: målets namn]]' in the .docx, and the web edition showed it
    so, unhighlighted, as the table's caption. Now the title says the marker as the text does
    ('[ATT UPPDATERA: målets namn]') and the web edition highlights it as it does in the text."""
    built = build(workspace.sources / "sollentuna-kommun" / "bun-verksamhetsplan-2016", workspace, html=True)
    (table,) = Document(str(built)).tables
    title = table._tbl.find(f"{{{W}}}tblPr/{{{W}}}tblCaption").get(f"{{{W}}}val")
    assert title == "Indikatorer för [ATT UPPDATERA: målets namn]"
    page = lxml.html.fromstring(built.with_suffix(".html").read_bytes())
    (caption,) = page.xpath("//table/caption")
    assert caption.text_content() == title
    assert [m.text_content() for m in caption.xpath(".//mark")] == ["[ATT UPPDATERA: målets namn]"]
