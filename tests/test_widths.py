"""Column widths from content (docgen.word.widths), on tables as the engine and templates write them."""

from __future__ import annotations

from lxml import etree

from docgen.word.textwidth import CELL_PADDING, width
from docgen.word.widths import VALUE_LINE_WIDTH, fit_columns

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _cell(text: str, style: str) -> str:
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="0" w:type="dxa"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>'
        f"<w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"
    )


def _table(grid: list[int], rows: list[list[tuple[str, str]]]):
    cols = "".join(f'<w:gridCol w:w="{w}"/>' for w in grid)
    body = "".join("<w:tr>" + "".join(_cell(t, s) for t, s in row) + "</w:tr>" for row in rows)
    root = etree.fromstring(f'<w:body xmlns:w="{W}"><w:tbl><w:tblGrid>{cols}</w:tblGrid>{body}</w:tbl></w:body>')
    fit_columns(root)
    return [int(c.get(f"{{{W}}}w")) for c in root.iter(f"{{{W}}}gridCol")]


def test_a_column_of_short_values_keeps_each_on_one_line():
    """Tanum's Målvärde column: "oförändrad 21,56 kronor" wrapped in the template's narrow column."""
    value = "oförändrad 21,56\u00a0kronor"
    widths = _table([7500, 1500], [[("Skattesats", "Tabelltext"), (value, "Tabelltal")]])
    assert widths[1] >= min(width(value, 19, False) + CELL_PADDING, VALUE_LINE_WIDTH)
    assert sum(widths) == 9000


def test_a_long_value_widens_only_to_the_cap_and_the_text_keeps_its_room():
    value = "minst 1,5 procent i förhållande till skatteintäkter och kommunalekonomisk utjämning"
    widths = _table([7500, 1500], [[("Resultat", "Tabelltext"), (value, "Tabelltal")]])
    assert widths[1] == VALUE_LINE_WIDTH and widths[0] == 9000 - VALUE_LINE_WIDTH
    crowded = _table([2500, 1500], [[("Resultat", "Tabelltext"), ("oförändrad 21,56\u00a0kronor", "Tabelltal")]])
    assert crowded[0] >= 1600 and sum(crowded) == 4000


def test_a_column_of_prose_is_not_a_value_column():
    widths = _table(
        [7500, 1500], [[("Skattesats", "Tabelltext"), ("ska vara oförändrad under perioden", "Tabelltext")]]
    )
    assert widths == [7500, 1500]


def test_a_short_label_beside_counts_stays_on_one_line(tmp_path):
    """Vansbro's status summary: 'Medborgare och kunder' was hyphenated in a 2050-twip column
    beside five count columns kept wide for the heading 'Ingen uppgift'; the counts give room
    (the heading runs onto two lines instead) and stay alike."""
    import zipfile

    from docgen.pipeline import ROOT, Project, build

    built = build(ROOT / "sources" / "vansbro-kommun" / "maluppfyllelse-2021", Project(build=tmp_path))
    root = etree.fromstring(zipfile.ZipFile(built).read("word/document.xml"))
    table = next(root.iter(f"{{{W}}}tbl"))
    grid = [int(c.get(f"{{{W}}}w")) for c in table.iter(f"{{{W}}}gridCol")]
    assert grid[0] >= width("Medborgare och kunder", 19, False) + CELL_PADDING
    assert len(set(grid[1:])) == 1 and sum(grid) == 2050 + 5 * 1404


def test_a_label_column_takes_nothing_a_number_needs():
    label, amount = "Medborgare och kunder i hela kommunen", "12\u00a0345\u00a0678"
    widths = _table([2000, 1500, 1500], [[(label, "Tabelltext"), (amount, "Tabelltal"), (amount, "Tabelltal")]])
    needed = width(amount, 19, False) + CELL_PADDING
    assert widths[1] == widths[2] == max(needed, 900)  # as narrow as the number allows, never narrower
    assert widths[0] == 5000 - 2 * widths[1] < width(label, 19, False) + CELL_PADDING  # the label still wraps


def _unhyphenated(paragraphs: list[str]):
    """The body of `paragraphs` after the pass, and per paragraph whether it is kept from hyphenation."""
    from docgen.word.widths import unhyphenated_addresses

    root = etree.fromstring(f'<w:body xmlns:w="{W}">{"".join(paragraphs)}</w:body>')
    unhyphenated_addresses(root)
    return root, [p.find(f"{{{W}}}pPr/{{{W}}}suppressAutoHyphens") is not None for p in root.iter(f"{{{W}}}p")]


def test_paragraphs_with_a_web_address_are_not_hyphenated():
    """Own runs with '://' or 'www.', a hyperlink's runs with '://'; not a hyperlink's 'www.' only,
    nor a text outside a run, nor a paragraph without an address."""
    paragraphs = [
        "<w:p><w:r><w:t>Läs mer på https://www.regionostergotland.se/politiskt-styrande-dokument</w:t></w:r></w:p>",
        '<w:p><w:pPr><w:pStyle w:val="Brodtext"/><w:jc w:val="left"/></w:pPr><w:r><w:t>se www.example.se</w:t></w:r></w:p>',
        '<w:p><w:hyperlink r:id="x" xmlns:r="r"><w:r><w:t>http://a.se/b-c</w:t></w:r></w:hyperlink></w:p>',
        '<w:p><w:hyperlink r:id="x" xmlns:r="r"><w:r><w:t>www.a.se</w:t></w:r></w:hyperlink></w:p>',
        "<w:p><w:r><w:t>Ingen adress, men ett bindestreck-ord</w:t></w:r></w:p>",
        "<w:p><w:ins><w:r><w:t>https://a.se</w:t></w:r></w:ins></w:p>",
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>https://i.en.cell</w:t><w:t>www.två</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
    ]
    root, unhyphenated = _unhyphenated(paragraphs)
    assert unhyphenated == [True, True, True, False, False, False, True]
    jc = root.find(f"{{{W}}}p[2]/{{{W}}}pPr/{{{W}}}jc")
    assert jc.getprevious().tag == f"{{{W}}}suppressAutoHyphens"  # schema order: before jc
    assert len(root.findall(f".//{{{W}}}suppressAutoHyphens")) == 4  # once per paragraph


def test_a_paragraph_with_an_e_mail_address_is_not_hyphenated():
    """A kallelse's "Anmäl eventuellt förhinder till … elisabeth.persson@botkyrka.se" (Botkyrka):
    LibreOffice broke the address as "bot-kyrka.se"; a paragraph without one is left alone."""
    _root, unhyphenated = _unhyphenated(
        [
            "<w:p><w:r><w:t>Anmäl eventuellt förhinder till elisabeth.persson@botkyrka.se.</w:t></w:r></w:p>",
            "<w:p><w:r><w:t>Anmäl eventuellt förhinder till sekreteraren.</w:t></w:r></w:p>",
        ]
    )
    assert unhyphenated == [True, False]


def _headed(grid: list[int], heading: list[str], rows: list[list[tuple[str, str]]]):
    """A table with a heading row (tblHeader), fitted; its column widths."""
    cols = "".join(f'<w:gridCol w:w="{w}"/>' for w in grid)
    head = "<w:tr><w:trPr><w:tblHeader/></w:trPr>" + "".join(_cell(t, "Tabellrubrik") for t in heading) + "</w:tr>"
    body = "".join("<w:tr>" + "".join(_cell(t, s) for t, s in row) + "</w:tr>" for row in rows)
    root = etree.fromstring(f'<w:body xmlns:w="{W}"><w:tbl><w:tblGrid>{cols}</w:tblGrid>{head}{body}</w:tbl></w:body>')
    fit_columns(root)
    return [int(c.get(f"{{{W}}}w")) for c in root.iter(f"{{{W}}}gridCol")]


def test_a_wrapping_heading_takes_the_room_a_short_label_leaves():
    """Västra Götalandsregionen's plan, Mål 4: one short indicator kept the template's wide label
    column while the heading "Utfall, senast kända värde" broke over two lines beside it."""
    heading = "Utfall, senast kända värde"
    widths = _headed(
        [5500, 1800, 1700],
        ["Indikator", heading, "Årets målvärde"],
        [
            [
                ("1. Utsläpp av fossilt CO2", "Tabelltext"),
                ("10,2\u00a0miljoner ton", "Tabelltal"),
                ("10,1 miljoner ton", "Tabelltal"),
            ]
        ],
    )
    assert widths[1] >= width(heading, 19, True) + CELL_PADDING
    assert sum(widths) == 9000


def test_a_column_of_short_values_gives_its_room_to_labels_that_wrap():
    """Its status table, Mål 3: 'Utfall' 2 cm wider than "18 078 st" while the indicators beside it
    broke over two lines; the values stay on one line."""
    label = "2. Antal unika deltagare i kurser på folkhögskolor"
    widths = _headed(
        [3800, 2200, 1500],
        ["Indikator", "Utfall", "Målvärde"],
        [[(label, "Tabelltext"), ("18\u00a0078\u00a0st", "Tabelltal"), ("14\u00a0978\u00a0st", "Tabelltal")]],
    )
    assert widths[0] > 3800 and sum(widths) == 7500
    assert widths[1] >= width("18\u00a0078\u00a0st", 19, False) + CELL_PADDING


def test_long_labels_beside_counts_take_the_room_the_counts_do_not_need():
    """Its status summary: goal names of a hundred characters broke over five hyphenated lines in
    a 4 cm column beside five count columns kept wide for the heading 'Ingen uppgift'; the label
    column widens to LABEL_LINE_WIDTH and the counts stay alike (the heading runs onto two lines)."""
    from docgen.word.widths import LABEL_LINE_WIDTH

    label = "Mål 2: Hela regionen ska växa. Jobb, kommunikationer samt delaktighet och attraktivitet i både stad och land ska öka"
    counts = [(n, "Tabelltal") for n in ("1", "0", "0", "1", "2")]
    widths = _headed(
        [2300] + [1340] * 5,
        ["Mål", "Grön", "Gul", "Röd", "Ingen uppgift", "Totalt"],
        [[(label, "Tabelltext"), *counts]],
    )
    assert widths[0] == LABEL_LINE_WIDTH and sum(widths) == 2300 + 5 * 1340
    assert len(set(widths[1:])) == 1


def test_alike_number_columns_become_unlike_when_only_that_keeps_every_label_whole():
    """Gnesta kommun's driftredovisning 2013: four amount columns alike as wide as the heading word
    "Budgetavvikelse", and "Kansli- och nämndserviceenheten" broke over two lines beside
    "Utfall 2013"; each amount column now gives down to its own heading words and numbers, and the
    labels stay on one line. (Alike they stay when even that would not keep the labels whole: the
    test above.)"""
    label = "Kansli- och nämndserviceenheten"
    heading = ["(tkr)", "Utfall 2013", "Förändring 2012/2013", "Budget 2013", "Budgetavvikelse"]
    amounts = [(a, "Tabelltal") for a in ("\u22124\u00a0823", "\u2212563", "\u22124\u00a0799", "\u221224")]
    rows = [[(label, "Tabelltext"), *amounts], [("Skatter/statsbidrag", "Tabelltext"), *amounts]]
    widths = _headed([2270, 1700, 1700, 1700, 1700], heading, rows)
    assert widths[0] >= width(label, 19, False) + CELL_PADDING
    assert widths[4] >= width("Budgetavvikelse", 19, True) + CELL_PADDING  # a heading word stays whole
    assert len(set(widths[1:])) > 1 and sum(widths) == 2270 + 4 * 1700


def test_a_long_label_beside_numbers_and_a_column_of_short_values_widens():
    """Vårgårda's delmål table: a 30-word Mätmetod beside four two- or three-digit columns
    headed "Utfall 2021" and a column of short values ("Ej uppfyllt"). The label broke over
    fifteen lines in a 4 cm column while the number columns kept their headings on one line;
    now the label widens as it does beside numbers alone (the headings wrap instead)."""
    label = (
        "Enkät till vårdnadshavare. Andelen (%) vårdnadshavare som på en fyrgradig skala svarat "
        "instämmer helt och hållet och stämmer ganska bra (positiva svar) på frågan "
        "”Förskolan stimulerar mitt barns språkutveckling”"
    )
    heading = ["Mätmetod", "Utfall 2021", "Utfall 2022", "Målvärde 2023", "Utfall 2023", "Utfallssymbol"]
    body = (
        [(label, "Tabelltext")] + [(v, "Tabelltal") for v in ("95", "91", "100", "90")] + [("Ej uppfyllt", "Tabelltal")]
    )
    widths = _headed([1512] * 6, heading, [body])
    assert sum(widths) == 1512 * 6
    assert widths[0] >= 2 * max(widths[1:5]), widths
    assert widths[5] >= width("Ej uppfyllt", 19) + CELL_PADDING, widths  # the short value keeps its line


def test_a_paragraph_naming_a_file_is_not_hyphenated():
    """The starter's first-page note names the template (templates/…/plan.docx) and the guide
    (docs/ny-organisation.md): LibreOffice broke the path as "plan.-docx"."""
    paragraphs = [
        "<w:p><w:r><w:t>ge mallen templates/gnesta-kommun/plan.docx ert eget utseende</w:t></w:r></w:p>",
        "<w:p><w:r><w:t>Se docs/ny-organisation.md.</w:t></w:r></w:p>",
        "<w:p><w:r><w:t>Planen antas m.m. i december.</w:t></w:r></w:p>",
    ]
    _root, unhyphenated = _unhyphenated(paragraphs)
    assert unhyphenated == [True, True, False]


def test_status_words_in_their_coloured_cells_are_not_hyphenated(tmp_path):
    """A status's own words stay whole in its filled cell: Helsingborg's 'Uppfyllelse 90 procent
    eller lägre' was hyphenated 'el-' / 'ler lägre' in the status column (LibreOffice hyphenates to
    fill a line), while a text column's prose keeps its hyphenation."""
    from docx import Document

    from docgen.pipeline import ROOT, Project, build

    def cells(folder):
        document = Document(str(build(ROOT / "sources" / folder, Project(build=tmp_path))))
        filled, prose = [], []
        for table in document.tables:
            for row in table.rows[1:]:
                for cell in row.cells:
                    shading = cell._tc.find(f"{{{W}}}tcPr/{{{W}}}shd")
                    kept = [p._p.find(f"{{{W}}}pPr/{{{W}}}suppressAutoHyphens") is not None for p in cell.paragraphs]
                    (filled if shading is not None else prose).append((cell.text, all(kept)))
        return filled, prose

    filled, _prose = cells("helsingborgs-stad/socialnamnden-arsredovisning-2016")
    assert ("Uppfyllelse 90 procent eller lägre", True) in filled
    assert filled and all(kept for _text, kept in filled), filled
    # Helsingborg's one long text in a cell is now a marker (kept whole: markers.unhyphenated_markers)
    filled, prose = cells("region-orebro-lan/hsn-vp-2026-styrtalsstatus")
    assert filled and all(kept for _text, kept in filled), filled
    assert any(len(text.split()) > 6 and not kept for text, kept in prose), prose


def test_columns_of_short_values_set_wider_by_hand_give_their_room_to_titles_that_wrap(tmp_path):
    """An agenda whose Dnr, Föredragande and Tid were set wider by hand than their values (Lindesberg's
    secretary widened Tid so that 'kl. 09.00–09.10' stands on one line) gives that room to the Ärende
    titles beside them, which broke over five lines: each short column keeps its widest value and
    heading on one line and no more, whatever the cells' style."""
    from docx import Document

    from docgen.pipeline import ROOT, Project, build
    from docgen.word.widths import _grid, _layout, _measure

    folder = ROOT / "sources" / "lindesbergs-kommun" / "ks-beredande-2011-11-14"
    table = Document(str(build(folder, Project(build=tmp_path)))).tables[-1]
    assert [c.text for c in table.rows[0].cells] == ["Nr", "Ärende", "Dnr", "Föredr.", "Tid"]
    grid = _grid(table._tbl)
    _minimum, _number, _numeric, _body, header_line, _value, body_line, _wordy = _measure(
        _layout(table._tbl), len(grid)
    )
    for column in (2, 3, 4):  # as wide as the widest value or heading on one line, and no wider
        assert 0 <= grid[column] - max(body_line[column], header_line[column]) < 50, (column, grid)
    assert grid[1] > 3500, grid  # the titles took the rest (2770 before)


def test_a_marker_standing_in_for_a_target_widens_its_column_while_rows_get_shorter():
    """Region Skåne's plan: "[ATT UPPDATERA: målvärdet för skuldsättningen står inte i
    underlaget]" under Årets målvärde ran over four right-aligned lines in the column kept for
    "minst 2 %" (2700 twips) while the indicator beside it had room; the column widens until the
    table's rows take the fewest lines, and the indicator keeps what its words need."""
    from docgen.word.textwidth import lines

    label = "Resultatet över en rullande femårsperiod, andel av intäkterna från skatt, kommunalekonomisk utjämning och generella statliga bidrag"
    marker = "[ATT UPPDATERA: målvärdet för skuldsättningen står inte i underlaget]"
    rows = [
        [(label, "Tabelltext"), ("minst\u00a02\u00a0%", "Tabelltal")],
        [("Skuldsättning", "Tabelltext"), (marker, "Tabelltal")],
        [("Självfinansiering", "Tabelltext"), (marker.replace("skuldsättningen", "självfinansieringen"), "Tabelltal")],
    ]
    widths = _table([6370, 2700], rows)
    assert sum(widths) == 9070 and widths[1] > VALUE_LINE_WIDTH
    assert lines(marker, widths[1] - CELL_PADDING, 19, True) < lines(marker, VALUE_LINE_WIDTH - CELL_PADDING, 19, True)
    assert lines(label, widths[0] - CELL_PADDING) <= lines(marker, VALUE_LINE_WIDTH - CELL_PADDING, 19, True)


def test_a_marker_does_not_widen_its_column_when_the_labels_beside_it_would_grow_taller():
    """A status table whose indicators already wrap: widening the marker's column would add more
    lines to the labels than it takes from the marker, so the column is no wider than its marker
    needs set unhyphenated ('[ATT UPPDATERA:' whole, markers.unhyphenated_markers) and the labels keep the
    rest: their rows no taller than with the column of values' 2700 twips."""
    from docgen.word.textwidth import lines

    label = "Resultatet över en rullande femårsperiod, andel av intäkterna från skatt, kommunalekonomisk utjämning och generella statliga bidrag"
    marker = "[ATT UPPDATERA: målvärdet för skuldsättningen står inte i underlaget]"
    marked = _table(
        [4000, 2700],
        [
            [(label, "Tabelltext"), ("minst\u00a02\u00a0%", "Tabelltal")],
            [(label, "Tabelltext"), (marker, "Tabelltal")],
        ],
    )
    assert sum(marked) == 6700 and marked[1] < VALUE_LINE_WIDTH
    assert marked[1] >= width("[ATT\u00a0UPPDATERA:", 19, True) + CELL_PADDING
    kept = marker.replace("ATT UPPDATERA", "ATT\u00a0UPPDATERA")  # as the widths measure it
    assert lines(label, marked[0] - CELL_PADDING) < lines(label, 4000 - CELL_PADDING)
    assert lines(kept, marked[1] - CELL_PADDING, 19, True, hyphenate=False) <= lines(label, 4000 - CELL_PADDING)


def test_a_new_years_target_markers_leave_the_label_its_room(workspace):
    """docgen new-year turns every target into a marker ('[ATT UPPDATERA: målvärdet för 2027 (2026:
    −15 %)]'): a marker is no value to keep on one line, so it no longer takes the indicator's room
    (Örebro's Klimatpåverkan label was squeezed from 2977 to 1600 twips, twelve lines of one or two
    words); the marker column widens only as far as the rows then take fewer lines."""
    from docx import Document

    from docgen.commands.newyear import new_year
    from docgen.pipeline import build
    from docgen.word.widths import _grid

    new_year("region-orebro-lan", 2026, 2027, workspace)
    labels = {}
    for year in (2026, 2027):
        folder = workspace.sources / "region-orebro-lan" / f"hsn-vp-{year}"
        tables = Document(str(build(folder, workspace))).tables
        labels[year] = [_grid(t._tbl)[0] for t in tables if t.rows[0].cells[0].text == "Styrtal"]
    assert len(labels[2027]) == len(labels[2026]) >= 6
    for before, after in zip(labels[2026], labels[2027]):
        assert after >= 0.7 * before, labels


def test_a_column_of_short_values_set_too_narrow_takes_what_its_values_need(workspace):
    """The other way from the test above: Lindesberg's secretary drags the Tid column's border
    to 1000 twips (Ärende 900 wider), so 'kl. 09.00–09.10' broke after its dash on every row while
    Ärende had room. A column of short values too narrow for them widens to keep each on one
    line, taking from the titles while the table's rows take no more lines."""
    from docx import Document

    from docgen.pipeline import build
    from docgen.word.widths import _grid, _layout, _measure

    from .conftest import edit_part

    def narrower_tid(xml: str) -> str:
        assert xml.count('w:w="1900"') == xml.count('w:w="2970"') == 5
        return xml.replace('w:w="1900"', 'w:w="1000"').replace('w:w="2970"', 'w:w="3870"')

    edit_part(workspace.templates / "lindesbergs-kommun" / "foredragningslista.docx", "word/document.xml", narrower_tid)
    folder = workspace.sources / "lindesbergs-kommun" / "ks-beredande-2011-11-14"
    table = Document(str(build(folder, workspace))).tables[-1]
    assert [c.text for c in table.rows[0].cells] == ["Nr", "Ärende", "Dnr", "Föredr.", "Tid"]
    grid = _grid(table._tbl)
    _minimum, _number, _numeric, _body, _header, _value, body_line, _wordy = _measure(_layout(table._tbl), len(grid))
    assert grid[4] >= body_line[4], grid  # 'kl. 09.00–09.10' on one line
    assert sum(grid) == 700 + 3870 + 1700 + 1800 + 1000 and grid[1] >= 3000, grid


def _grids(folder: str, tmp_path) -> list[tuple[list[str], list[int]]]:
    """(heading texts, grid widths) of every table of the document built from `folder`."""
    import zipfile

    from docgen.pipeline import ROOT, Project, build

    built = build(ROOT / "sources" / folder, Project(build=tmp_path))
    root = etree.fromstring(zipfile.ZipFile(built).read("word/document.xml"))
    found = []
    for table in root.iter(f"{{{W}}}tbl"):
        heading = ["".join(cell.itertext()) for row in table.iter(f"{{{W}}}tr") for cell in row.iter(f"{{{W}}}tc")]
        found.append((heading, [int(c.get(f"{{{W}}}w")) for c in table.iter(f"{{{W}}}gridCol")]))
    return found


def test_a_number_columns_heading_takes_the_room_a_label_column_leaves(tmp_path):
    """Tidaholm's kostnader: "Kostnad, mnkr" broke over two lines in a column kept at 1450 twips
    beside nämnder with 3 cm to spare; both number columns widen alike, the labels stay on one line."""
    heading = "Kostnad, mnkr"
    cells, grid = next(
        found for found in _grids("tidaholms-kommun/strategisk-plan-2025", tmp_path) if heading in found[0]
    )
    assert grid[1] >= width(heading, 19, True) + CELL_PADDING and grid[1] == grid[2]
    assert grid[0] >= max(width(label, 19, False) + CELL_PADDING for label in cells if "nämnden" in label)
    assert sum(grid) == 6170 + 2 * 1450


def test_tables_in_line_stay_in_line_when_one_cannot_widen_for_its_heading(tmp_path):
    """Enköping's two goal tables: the first's short indicator would leave room for "Årets målvärde"
    on one line, the second's long one not; they keep the same widths, one under the other."""
    found = _grids("enkopings-kommun/kultur-och-fritid-2019", tmp_path)
    grids = [grid for cells, grid in found if cells[:2] == ["Indikator", "Årets målvärde"] and len(grid) == 2]
    assert len(grids) == 2 and grids[0] == grids[1]


def test_every_address_of_the_finished_body_is_unhyphenated():
    """finish_document looks for addresses where the markers' walk found a text with an address or
    a marker (before the markers split their runs) and in the TOC it makes: every paragraph a walk
    of the finished body finds with an address is kept from hyphenation, the TOC's line of a
    heading with an address and a marker's paragraph with an e-mail address among them."""
    from types import SimpleNamespace

    import docx

    from docgen.word.widths import _address_paragraphs
    from docgen.word.write import finish_document

    document = docx.Document()
    paragraphs = [
        '<w:p><w:pPr><w:pStyle w:val="DocgenInnehall"/></w:pPr><w:r><w:t>alltid</w:t></w:r></w:p>',
        '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Läs på https://a.se/plan</w:t></w:r></w:p>',
        "<w:p><w:r><w:t>Kontakt [[att uppdatera: namn@kommun.se]] i dag</w:t></w:r></w:p>",
        "<w:p><w:r><w:t>Uppdrag 1.</w:t><w:tab/><w:t>[[ATT UPPDATERA: se www.a.se]]</w:t></w:r></w:p>",
        "<w:p><w:r><w:t>Ingen adress.</w:t></w:r></w:p>",
    ]
    section = document.element.body[-1]
    for xml in paragraphs:
        section.addprevious(etree.fromstring(f'<w:body xmlns:w="{W}">{xml}</w:body>')[0])
    root = etree.fromstring(finish_document(SimpleNamespace(docx=document))["word/document.xml"])
    found = _address_paragraphs(root)
    texts = ["".join(p.itertext()) for p in found]
    assert len(found) == 4 and texts[0].endswith(" \\u Läs på https://a.se/plan"), texts  # the TOC's line
    assert texts[1:3] == ["Läs på https://a.se/plan", "Kontakt [ATT UPPDATERA: namn@kommun.se] i dag"], texts
    assert all(p.find(f"{{{W}}}pPr/{{{W}}}suppressAutoHyphens") is not None for p in found), texts
