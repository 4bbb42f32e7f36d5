"""Pages a board secretary sends as they are: named styles, pagination rules, TOC by bookmark,
properties (read back from documents built from the real sources)."""

from __future__ import annotations

import re
import zipfile

from docgen.pipeline import ROOT, Project, build

from .conftest import PLAN_2025, VP_2026

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _xml(path, part="word/document.xml") -> str:
    return zipfile.ZipFile(path).read(part).decode("utf-8")


def test_sum_rows_group_rows_and_markers_are_named_styles(vp_2026_path):
    xml = _xml(vp_2026_path)
    sums = re.findall(r'<w:p><w:pPr><w:pStyle w:val="Summarad(?:tal)?"/>.*?</w:p>', xml)
    assert len(sums) > 10 and not any("<w:b/>" in p for p in sums)
    assert '<w:pStyle w:val="Grupprad"/>' in xml
    assert '<w:rStyle w:val="Attuppdatera"/>' in xml and "<w:highlight" not in xml
    styles = _xml(vp_2026_path, "word/styles.xml")
    for name in ("Rapporttabell", "Summarad", "Summarad tal", "Grupprad", "Att uppdatera", "Numrerad lista"):
        assert f'<w:name w:val="{name}"/>' in styles
    assert "Docgen tabell" not in styles


def test_a_template_without_the_named_styles_gets_them(workspace):
    template = workspace.templates / "region-orebro-lan" / "verksamhetsplan-med-budget.docx"
    with zipfile.ZipFile(template) as archive:
        parts = {i: archive.read(i) for i in archive.namelist()}
    styles = parts["word/styles.xml"].decode("utf-8")
    for style_id in ("Summarad", "Summaradtal", "Grupprad", "Attuppdatera"):
        styles = re.sub(rf'<w:style [^>]*w:styleId="{style_id}".*?</w:style>', "", styles, flags=re.S)
    parts["word/styles.xml"] = styles.encode("utf-8")
    with zipfile.ZipFile(template, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    built = build(workspace.sources / VP_2026.relative_to(VP_2026.parents[1]), workspace)
    built_styles = _xml(built, "word/styles.xml")
    assert 'w:styleId="Summaradtal"' in built_styles and 'w:styleId="Attuppdatera"' in built_styles


def test_toc_is_a_field_word_updates_with_entries_linked_to_heading_bookmarks(plan_2025_path):
    xml = _xml(plan_2025_path)
    assert ' TOC \\o "1-2" \\h \\z \\u ' in xml and "\\n" not in xml
    anchors = re.findall(r'<w:hyperlink w:anchor="(_Toc\d{8})"', xml)
    bookmarks = re.findall(r'<w:bookmarkStart w:id="\d+" w:name="(_Toc\d{8})"/>', xml)
    assert anchors and anchors == bookmarks
    assert "PAGEREF" not in xml  # page numbers only where the document has been laid out
    settings = _xml(plan_2025_path, "word/settings.xml")
    assert "updateFields" not in settings  # Word never asks to update fields


def test_properties_name_docgen_and_the_sources(plan_2025_path, tmp_path):
    app = _xml(plan_2025_path, "docProps/app.xml")
    assert "<Application>docgen</Application>" in app and "Microsoft" not in app
    assert "<Company>Region Östergötland</Company>" in app and "<Pages>" not in app  # not laid out
    again = build(PLAN_2025, Project(build=tmp_path))
    assert again.read_bytes() == plan_2025_path.read_bytes()
    # the template's preview picture (a blank page from python-docx) is not the document's
    assert "thumbnail" not in _xml(plan_2025_path, "_rels/.rels")
    with zipfile.ZipFile(plan_2025_path) as package:
        assert not [name for name in package.namelist() if "thumbnail" in name]
    with zipfile.ZipFile(ROOT / "templates" / "region-ostergotland" / "arsplan-och-budget.docx") as template:
        assert "docProps/thumbnail.jpeg" in template.namelist()  # the template keeps its own


def test_chapters_start_a_page_only_where_the_template_says(plan_2025_path, vp_2026_path):
    for path in (plan_2025_path, vp_2026_path):
        xml = _xml(path)
        chapters = re.findall(r'<w:p><w:pPr><w:pStyle w:val="Heading1"/>(.*?)</w:p>', xml)
        forced = [c for c in chapters if "pageBreakBefore" in c]
        assert len(forced) <= 2, (path.name, len(forced))


def test_captions_introductions_and_small_tables_keep_together(vp_2026_path):
    xml = _xml(vp_2026_path)
    for caption in re.findall(r'<w:p><w:pPr><w:pStyle w:val="Caption"/>.*?</w:p>', xml):
        assert "<w:keepNext/>" in caption
    rows = re.findall(r"<w:tr>.*?</w:tr>", xml, re.S)
    assert rows and all("<w:cantSplit/>" in r for r in rows)


def test_case_documents_have_the_parts_of_a_swedish_tjansteskrivelse_and_agenda(workspace):
    from docgen.word.readback import document_text

    case = workspace.sources / "region-ostergotland" / "beslut-arsplan-2025" / "arende.yaml"
    case.write_text(
        case.read_text(encoding="utf-8")
        + (
            "  dnr: HSN 2024-123\n  datum: 2024-10-15\n"
            "  handläggare: {namn: Maria Berg, titel: Controller, telefon: 010-103 00 00}\n"
            "  konsekvenser:\n    - rubrik: Ekonomiska konsekvenser\n      text: Ryms inom nämndens budgetram.\n"
            "    - rubrik: Konsekvenser för barn\n"
            "  i_tjänsten: [{namn: Anna Granevärn, titel: Hälso- och sjukvårdsdirektör}]\n"
        ),
        encoding="utf-8",
    )
    agenda = workspace.sources / "region-ostergotland" / "hsn-foredragningslista" / "foredragningslista.yaml"
    agenda.write_text(
        agenda.read_text(encoding="utf-8").replace(
            "sammanträde:\n",
            "sammanträde:\n  datum: 2024-11-04\n  tid: 13.00–16.00\n  plats: Regionhuset, Linköping\n"
            "  justering: Protokollet justeras den 11 november 2024.\n",
        ),
        encoding="utf-8",
    )
    written = build(workspace.sources / "region-ostergotland" / "beslut-arsplan-2025", workspace)
    text = document_text(written)
    assert "Handläggare: Maria Berg, Controller, 010-103 00 00" in text
    assert "Datum: 15 oktober 2024. Diarienummer: HSN⍽2024-123" in text  # one identifier: never parted
    assert "## Ekonomiska konsekvenser\nRyms inom nämndens budgetram." in text
    assert "## Konsekvenser för barn\n[ATT UPPDATERA: konsekvenser för barn saknas i underlaget]" in text
    assert "Konsekvenser för miljön" not in text  # the sources list their own sections
    assert "- Tjänsteskrivelse 15 oktober 2024\n- Hälso- och sjukvårdsnämndens årsplan och budget 2025" in text
    assert "[Beslutsrubrik] I tjänsten\nAnna Granevärn, Hälso- och sjukvårdsdirektör" in text
    assert '<dcterms:created xsi:type="dcterms:W3CDTF">2024-10-15T00:00:00Z</dcterms:created>' in _xml(
        written, "docProps/core.xml"
    )  # the date from the sources
    assert '"diarienummer": "HSN 2024-123"' in written.with_suffix(".json").read_text(encoding="utf-8")  # as written
    header = _xml(written, "word/header1.xml")
    assert "Datum 2024-10-15" in header and "Diarienummer HSN\u00a02024-123" in header
    listing = document_text(build(workspace.sources / "region-ostergotland" / "hsn-foredragningslista", workspace))
    assert (
        "Tid: kl. 13.00–16.00\nPlats: Regionhuset, Linköping\nJustering: Protokollet justeras den 11 november 2024."
        in listing
    )
    assert "H| Nr | Ärende | Dnr | Föredragande |" in listing
    assert (
        "| 3 | Hälso- och sjukvårdsnämndens årsplan och budget 2025 | HSN⍽2024-123 | Maria Berg, Controller |"
        in listing
    )


def test_case_documents_mark_what_the_sources_lack(workspace):
    from docgen.word.readback import document_text

    written = build(workspace.sources / "region-ostergotland" / "beslut-arsplan-2025", workspace)
    text = document_text(written)
    header = _xml(written, "word/header1.xml")  # the date and dnr the header lacks, highlighted too
    assert header.count('<w:rStyle w:val="Attuppdatera"/>') == 2, header
    for missing in (
        "handläggaren saknas",
        "ekonomiska konsekvenser saknas",
        "konsekvenser för jämställdhet saknas",
        "vem som undertecknar saknas",
        "diarienumret saknas",
    ):
        assert f"[ATT UPPDATERA: {missing}" in text
    listing = document_text(build(workspace.sources / "region-ostergotland" / "hsn-foredragningslista", workspace))
    assert "Tid: [ATT UPPDATERA" in listing and "Justering: [ATT UPPDATERA" in listing
    assert "[ATT UPPDATERA: dnr saknas] | [ATT UPPDATERA: föredragande saknas] |" in listing


def _body_tables(path):
    from lxml import etree

    body = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml")).find(f"{W}body")
    return body, [t for t in body if t.tag == f"{W}tbl"]


def _texts(row) -> list[str]:
    return ["".join(t.text or "" for t in cell.iter(f"{W}t")) for cell in row.iterchildren(f"{W}tc")]


def test_a_group_up_to_half_a_page_is_kept_whole_in_one_table(vp_2026_path):
    """The internkontroll's groups (Ekonomi, Informationssäkerhet, Patientsäkerhet: under half a
    page each) are kept whole on one page: the table is not split, so its column headings stand
    only at its top and at the top of the pages it runs onto (as parts, they stood again in the
    middle of pages 17, 18 and 19)."""
    body, tables = _body_tables(vp_2026_path)
    parts = [t for t in tables if "Internkontrollplan" in t.find(f"{W}tblPr/{W}tblCaption").get(f"{W}val")]
    assert len(parts) == 1
    rows = parts[0].findall(f"{W}tr")
    economy = next(n for n, r in enumerate(rows) if _texts(r)[0] == "Ekonomi")
    group = rows[economy : economy + 6]
    assert all(r.find(f"{W}tc/{W}p/{W}pPr/{W}keepNext") is not None for r in group[:-1])


def test_a_long_group_is_a_table_part_that_repeats_header_and_group_label(workspace):
    """A group longer than half a page (the internkontroll's Ekonomi with twice its risks) becomes
    a table part whose column headings and label (moved from the first column to a row across
    the table) repeat on every page."""
    source = workspace.sources / "region-orebro-lan" / "hsn-vp-2026" / "internkontroll.yaml"
    text = source.read_text(encoding="utf-8")
    start = text.index("    - verksamhet: Ekonomi\n      risker:\n") + len("    - verksamhet: Ekonomi\n      risker:\n")
    end = text.index("\n    - verksamhet: Informationssäkerhet")
    risks = text[start:end].rstrip("\n") + "\n"
    source.write_text(text[:start] + risks + risks + text[start + len(risks) :], encoding="utf-8")
    built = build(workspace.sources / "region-orebro-lan" / "hsn-vp-2026", workspace)
    body, tables = _body_tables(built)
    parts = [t for t in tables if "Internkontrollplan" in t.find(f"{W}tblPr/{W}tblCaption").get(f"{W}val")]
    assert len(parts) == 3  # before Ekonomi, Ekonomi, after it
    grid = [etree_cols(parts[0])] * len(parts)
    assert [etree_cols(p) for p in parts] == grid  # identical column widths
    captions = [p.find(f"{W}tblPr/{W}tblCaption").get(f"{W}val") for p in parts]
    assert captions[1:] == [captions[0] + " (forts.)"] * (len(parts) - 1)
    column_header = _texts(parts[0].find(f"{W}tr"))
    for part in parts[1:]:
        separator = part.getprevious()
        assert separator.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "Tabellfortsattning"
        assert separator.getprevious() in parts and not "".join(separator.itertext()).strip()
        rows = part.findall(f"{W}tr")
        assert _texts(rows[0]) == column_header and rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    rows = parts[1].findall(f"{W}tr")
    assert rows[1].find(f"{W}trPr/{W}tblHeader") is not None and _texts(rows[1]) == ["Ekonomi"]
    assert _texts(rows[2])[0] == "" and len(rows) == 2 + 12  # the label stands once, over its 12 risks
    assert parts[2].findall(f"{W}tr")[1].find(f"{W}trPr/{W}tblHeader") is None
    cells = [c for t in parts for r in t.findall(f"{W}tr") for c in _texts(r)]
    assert cells.count("Ekonomi") == 1  # the label moved, not copied: nothing invented


def test_a_group_that_fits_on_a_page_is_kept_whole_and_begins_no_part(plan_2025_path):
    """The styrande dokument: 'Upphandlad vård' (0.51 of a page, estimated from its text as
    LibreOffice lays it out) is kept whole under 'Beställning av Hälso- och sjukvård …', whose
    label repeats on every page of the first part; as a part of its own it began with the column
    headings again in the middle of page 17, and the part after it in the middle of page 18."""
    body, tables = _body_tables(plan_2025_path)
    styrande = [t for t in tables if "styrande dokument" in t.find(f"{W}tblPr/{W}tblCaption").get(f"{W}val")]
    outer = "Beställning av Hälso- och sjukvård (styrande dokument utifrån HSNs budget)"
    first = styrande[0].findall(f"{W}tr")
    assert _texts(first[1]) == [outer] and first[1].find(f"{W}trPr/{W}tblHeader") is not None
    assert len(styrande) == 2 and _texts(styrande[1].findall(f"{W}tr")[1]) == ["Ekonomi"]  # after the outer group
    start = next(n for n, r in enumerate(first) if _texts(r)[0] == "Upphandlad vård")
    end = next(n for n, r in enumerate(first) if _texts(r)[0] == "Tandvård")
    assert all(r.find(f"{W}tc/{W}p/{W}pPr/{W}keepNext") is not None for r in first[start : end - 1])
    assert first[end - 1].find(f"{W}tc/{W}p/{W}pPr/{W}keepNext") is None


def test_a_part_inside_an_outer_group_repeats_the_outer_label(workspace):
    """'Upphandlad vård' with twice its documents (more than a page) becomes a part of its own
    inside 'Beställning av Hälso- och sjukvård …': the part repeats the outer label too, marked
    (forts.), so that a reader of the continued page knows both."""
    source = workspace.sources / "region-ostergotland" / "hsn-arsplan-2025" / "styrande-dokument.yaml"
    text = source.read_text(encoding="utf-8")
    start = text.index("        - rubrik: Upphandlad vård\n          dokument:\n") + len(
        "        - rubrik: Upphandlad vård\n          dokument:\n"
    )
    end = text.index("        - rubrik: Tandvård")
    source.write_text(text[:start] + text[start:end] * 2 + text[start:], encoding="utf-8")
    built = build(workspace.sources / "region-ostergotland" / "hsn-arsplan-2025", workspace)
    body, tables = _body_tables(built)
    styrande = [t for t in tables if "styrande dokument" in t.find(f"{W}tblPr/{W}tblCaption").get(f"{W}val")]
    outer = "Beställning av Hälso- och sjukvård (styrande dokument utifrån HSNs budget)"
    repeated = [
        [_texts(r)[0] for r in t.findall(f"{W}tr")[1:] if r.find(f"{W}trPr/{W}tblHeader") is not None]
        for t in styrande[1:]
    ]
    assert [outer + " (forts.)", "Upphandlad vård"] in repeated
    cells = [c for t in styrande for r in t.findall(f"{W}tr") for c in _texts(r)]
    assert cells.count(outer) == 1  # the label itself stands once; the part repeats a marked copy
    # the rest of the outer group ('Tandvård', 'Övrigt': under two thirds of a page) is no part of its own
    # (it began with the column headings again mid-page): it stays in Upphandlad vård's part,
    # kept with its last two rows, so that it never opens a page under that label
    assert len(styrande) == 3 and _texts(styrande[2].findall(f"{W}tr")[1]) == ["Ekonomi"]
    rows = styrande[1].findall(f"{W}tr")
    tail = next(n for n, r in enumerate(rows) if _texts(r)[0] == "Tandvård")
    assert all(r.find(f"{W}tc/{W}p/{W}pPr/{W}keepNext") is not None for r in rows[tail - 2 : -1])
    from docgen.commands.pdf import find_libreoffice, to_pdf

    if find_libreoffice() is not None:
        from . import layout

        pdf = to_pdf([built])[0]
        pages, read = layout.read_pages(pdf), layout.read_source(built)
        # every page it runs onto opens with the labels its rows lie in (a part over a page
        # long, and the one after its outer group, still begin mid-page: they have to)
        assert layout.unlabelled_groups(pdf.name, pages, read) == []
        assert len(read.parts) == 2 and len(layout.midpage_parts(pdf.name, pages, read)) <= 2


def etree_cols(table) -> list[str]:
    return [c.get(f"{W}w") for c in table.findall(f"{W}tblGrid/{W}gridCol")]


def test_small_tables_and_small_groups_are_not_split(plan_2025_path):
    body, tables = _body_tables(plan_2025_path)
    captions = [t.find(f"{W}tblPr/{W}tblCaption").get(f"{W}val") for t in tables]
    for name in ("Resultaträkning", "Omfördelning", "Balansräkning", "Styrtal inom Tillgänglig"):
        assert sum(name in c for c in captions) == 1, name  # grouped, long, but no group of a third of a page
    styrtal = tables[next(n for n, c in enumerate(captions) if "Styrtal inom Tillgänglig" in c)]
    assert sum(r.find(f"{W}trPr/{W}tblHeader") is not None for r in styrtal.findall(f"{W}tr")) == 1
    # a group runs to the sum that names it, over the sums of its parts; a total below it is no part of it
    from docgen.word.pagination import groups

    balance = tables[next(n for n, c in enumerate(captions) if "Balansräkning" in c)]
    rows = balance.findall(f"{W}tr")
    spans = [(_texts(rows[start])[0], _texts(rows[end - 1])[0]) for start, end, _ in groups(balance)]
    assert spans == [
        ("TILLGÅNGAR", "SUMMA TILLGÅNGAR"),
        ("EGET KAPITAL, AVSÄTTN o SKULDER", "SUMMA EGET KAPITAL, AVSÄTTN o SKULDER"),
    ]
    redistribution = tables[next(n for n, c in enumerate(captions) if "Omfördelning" in c)]
    rows = redistribution.findall(f"{W}tr")
    last_start, last_end, _ = groups(redistribution)[-1]
    assert _texts(rows[last_end - 1])[0] == "Summa övriga justeringar" and last_end == len(rows) - 1


def test_a_note_under_a_figure_does_not_hold_on_to_the_next_figure(tmp_path):
    """Sydöstra's follow-up: the note under Diagram 1 kept with Diagram 2, which kept with its
    caption and note, so two charts moved to a new page together and left page 13 a quarter
    full. A note belongs to what stands above it; a caption still keeps with its note."""
    from lxml import etree

    from docgen.pipeline import ROOT

    folder = ROOT / "sources" / "sydostra-sjukvardsregionen" / "svn-uppfoljning-2024"
    built = build(folder, Project(build=tmp_path))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    body = etree.fromstring(zipfile.ZipFile(built).read("word/document.xml")).find(f"{w}body")
    children = list(body)

    def style(element):
        found = element.find(f"{w}pPr/{w}pStyle")
        return found.get(f"{w}val") if found is not None else None

    def keeps(element):
        return element.find(f"{w}pPr/{w}keepNext") is not None

    notes_before_figures = [
        (note, caption)
        for caption, note, following in zip(children, children[1:], children[2:])
        if style(note) == "Tabellfotnot"
        and style(caption) == "Caption"
        and following.find(f".//{w}drawing") is not None
    ]
    assert notes_before_figures  # Diagram 1's note, then Diagram 2
    assert not any(keeps(note) for note, _caption in notes_before_figures)
    assert all(keeps(caption) for _note, caption in notes_before_figures)


def test_the_line_above_a_heading_is_not_kept_with_it_as_a_title(tmp_path):
    """Gävleborg's budget: the last uppdrag of a list, a short line right above the heading
    Budget (which keeps with its caption and table), was kept with the heading as if it were
    the title of what the heading introduces; the chain moved it alone onto page 2. A short
    line above an introduction in body text still keeps with it."""
    from lxml import etree

    folder = ROOT / "sources" / "region-gavleborg" / "budget-2024"
    built = build(folder, Project(build=tmp_path))
    body = etree.fromstring(zipfile.ZipFile(built).read("word/document.xml")).find(f"{W}body")
    children = list(body)
    heading = [c for c in children if "".join(c.itertext()) == "Budget"][-1]  # the chapter, not its TOC line
    above = children[children.index(heading) - 1]
    assert "".join(above.itertext()) == "Ökad självfinansiering av kulturen (från budget 23)"
    assert above.find(f"{W}pPr/{W}keepNext") is None
    assert heading.find(f"{W}pPr/{W}keepNext") is not None or "Heading" in heading.find(f"{W}pPr/{W}pStyle").get(
        f"{W}val"
    )


def test_tables_of_one_shape_under_each_other_keep_their_columns_in_line(tmp_path):
    """Sydöstra's tables per region: the label column widened for 'Region Östergötland' in
    two of them; all three take the same widths."""
    from lxml import etree

    from docgen.pipeline import ROOT
    from docgen.word.textwidth import CELL_PADDING, width

    folder = ROOT / "sources" / "sydostra-sjukvardsregionen" / "svn-uppfoljning-2024"
    built = build(folder, Project(build=tmp_path))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    root = etree.fromstring(zipfile.ZipFile(built).read("word/document.xml"))
    grids = {}
    for table in root.iter(f"{w}tbl"):
        caption = table.find(f"{w}tblPr/{w}tblCaption")
        if caption is not None and "2024 (belopp i mnkr)" in caption.get(f"{w}val"):
            grids[caption.get(f"{w}val")] = [int(c.get(f"{w}w")) for c in table.iter(f"{w}gridCol")]
    assert len(grids) == 3 and len({tuple(g) for g in grids.values()}) == 1
    assert next(iter(grids.values()))[0] >= width("Region Östergötland", 19, False) + CELL_PADDING


def _toc(path) -> tuple[list[str], list[str]]:
    """The TOC heading(s) and the TOC's lines of a built document."""
    from lxml import etree

    body = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml")).find(f"{W}body")
    styles = {
        p: (p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") if p.find(f"{W}pPr/{W}pStyle") is not None else "")
        for p in body.iter(f"{W}p")
    }
    text = lambda p: "".join(t.text or "" for t in p.iter(f"{W}t"))  # noqa: E731
    headings = [text(p) for p, s in styles.items() if s == "TOCHeading"]
    lines = [text(p) for p, s in styles.items() if s.startswith("TOC") and s != "TOCHeading"]
    return headings, lines


def test_a_contents_list_of_fewer_than_three_lines_is_left_out(all_pdfs):
    """Vara's budget (one page, one chapter) got a contents list with one line and its heading
    'Innehåll'; Vansbro's strategic plan two lines on a one-page document. A TOC is shown from
    three headings (levels 1-2) on: read back from the PDFs."""
    import subprocess

    def text(stem):
        pdf = next(p for p in all_pdfs if p.stem == stem)
        return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout

    for stem in ("kommunstyrelsen-budget-2016", "strategisk-plan-2021", "budget-2025"):
        assert "Innehåll" not in text(stem), stem
        assert _toc(next(p for p in all_pdfs if p.stem == stem).with_suffix(".docx")) == ([], []), stem
    vp = text("verksamhetsplan-med-budget-2026")
    assert "Innehåll" in vp and "7.1 Internkontrollplan" in vp.split("Innehåll", 1)[1][:3000]
    assert _toc(next(p for p in all_pdfs if p.stem == "verksamhetsmal-2024").with_suffix(".docx"))[0] == ["Innehåll"]


def test_the_sources_and_the_template_decide_over_the_contents_rule(workspace):
    """dokument.innehållsförteckning: true shows Vara's one-line TOC, false leaves out the
    vp's; a template with {{p innehållsförteckning(minst=1) }} shows it, the sources still decide."""
    vara = workspace.sources / "vara-kommun" / "kommunstyrelsen-budget-2016"
    source = vara / "dokument.yaml"
    original = source.read_text(encoding="utf-8")
    marker = '  fil: "kommunstyrelsen-budget-2016"'
    assert marker in original
    source.write_text(original.replace(marker, marker + "\n  innehållsförteckning: true"), encoding="utf-8")
    assert _toc(build(vara, workspace)) == (["Innehåll"], ["Nämndspecifik budget 2016"])
    vp = workspace.sources / "region-orebro-lan" / "hsn-vp-2026"
    text = (vp / "dokument.yaml").read_text(encoding="utf-8")
    (vp / "dokument.yaml").write_text(
        text.replace("dokument:\n", "dokument:\n  innehållsförteckning: false\n", 1), encoding="utf-8"
    )
    assert _toc(build(vp, workspace)) == ([], [])
    # the template's own rule, typed in the template as an editor would in Word
    template = workspace.templates / "vara-kommun" / "plan.docx"
    with zipfile.ZipFile(template) as archive:
        parts = {i: archive.read(i) for i in archive.infolist()}
    document = next(i for i in parts if i.filename == "word/document.xml")
    xml = parts[document].decode("utf-8")
    assert xml.count("{{p innehållsförteckning }}") == 1
    parts[document] = xml.replace("{{p innehållsförteckning }}", "{{p innehållsförteckning(minst=1) }}").encode("utf-8")
    with zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts.items():
            archive.writestr(info, data)
    source.write_text(original, encoding="utf-8")
    assert _toc(build(vara, workspace)) == (["Innehåll"], ["Nämndspecifik budget 2016"])
    source.write_text(original.replace(marker, marker + "\n  innehållsförteckning: false"), encoding="utf-8")
    assert _toc(build(vara, workspace)) == ([], [])


def test_a_wrong_number_for_the_contents_list_in_the_template_is_said_in_swedish(workspace):
    """{{p innehållsförteckning(minst="tre") }}: one Swedish message naming the template and the
    tag (was a Python ValueError); nothing written, the sources untouched."""
    import pytest

    from docgen.errors import DocgenError

    template = workspace.templates / "vara-kommun" / "plan.docx"
    with zipfile.ZipFile(template) as archive:
        parts = {i: archive.read(i) for i in archive.infolist()}
    document = next(i for i in parts if i.filename == "word/document.xml")
    parts[document] = (
        parts[document]
        .decode("utf-8")
        .replace("{{p innehållsförteckning }}", '{{p innehållsförteckning(minst="tre") }}')
        .encode("utf-8")
    )
    with zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts.items():
            archive.writestr(info, data)
    folder = workspace.sources / "vara-kommun" / "kommunstyrelsen-budget-2016"
    before = {p: p.read_bytes() for p in workspace.sources.rglob("*") if p.is_file()}
    with pytest.raises(DocgenError) as raised:
        build(folder, workspace)
    (problem,) = raised.value.problems
    assert problem.file == template and problem.line is None
    assert 'innehållsförteckning(minst="tre")' in problem.message
    assert "tar ett heltal" in problem.message and "innehållsförteckning(minst=1)" in problem.message
    assert "ValueError" not in str(problem)
    assert not [p for p in workspace.build.rglob("*") if p.is_file()]
    assert {p: p.read_bytes() for p in workspace.sources.rglob("*") if p.is_file()} == before
