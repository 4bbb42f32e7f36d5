"""A table read in one walk (docgen.word.tablefacts) gives what reading it element by element
gives, in built documents and in the tables the walk leaves to the slower reading."""

from __future__ import annotations

import copy
import zipfile

from docx.oxml import parse_xml

from docgen.word.tablefacts import Facts, _looked_up, _walked

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _data(table) -> list:
    """A table's facts as comparable values (the width elements by identity)."""
    return [
        (
            row.element,
            row.header,
            row.text,
            [(c.element, c.span, c.width, c.paragraphs, c.inner, c.text) for c in row.cells],
        )
        for row in table.rows
    ]


def _tables(docx) -> list:
    root = parse_xml(zipfile.ZipFile(docx).read("word/document.xml"))  # python-docx's element classes, as built
    return list(root.iter(f"{{{W}}}tbl"))


def test_the_walk_reads_every_table_of_built_documents_as_element_by_element(plan_2025_path, vp_2026_path):
    tables = _tables(plan_2025_path) + _tables(vp_2026_path)
    assert len(tables) > 20
    headers = spans = 0
    for table in tables:
        walked = _walked(table)
        assert walked is not None
        assert _data(walked) == _data(_looked_up(table))
        headers += sum(row.header for row in walked.rows)
        spans += sum(cell.span is not None for row in walked.rows for cell in row.cells)
    assert headers and spans  # the comparison covered header rows and spanned cells


def _cell(content: str, properties: str = '<w:tcW w:w="2000" w:type="dxa"/>') -> str:
    return f"<w:tc><w:tcPr>{properties}</w:tcPr>{content}</w:tc>"


def _paragraph(text: str, style: str = "Tabelltext", bold: bool = False) -> str:
    run = f"<w:r>{'<w:rPr><w:b/></w:rPr>' if bold else ''}<w:t>{text}</w:t></w:r>"
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{run}</w:p>'


def _table_xml(rows: str) -> str:
    return f'<w:tbl><w:tblGrid><w:gridCol w:w="2000"/><w:gridCol w:w="2000"/></w:tblGrid>{rows}</w:tbl>'


def _table(rows: str):
    return parse_xml(f'<w:body xmlns:w="{W}">{_table_xml(rows)}</w:body>')[0]


def test_a_table_the_walk_does_not_follow_is_read_element_by_element():
    """A table inside a cell, a text box, a change of a cell's properties: the walk cannot tell
    which cell or paragraph what it meets belongs to, so the table is read element by element;
    a cell's own paragraphs and every paragraph in it (the inner table's too) stay apart."""
    header = "<w:tr><w:trPr><w:tblHeader/></w:trPr>" + _cell(_paragraph("Mål", bold=True)) * 2 + "</w:tr>"
    inner = _table_xml("<w:tr>" + _cell(_paragraph("inre", "Tabelltal")) + "</w:tr>")
    nested = _table(header + "<w:tr>" + _cell(_paragraph("yttre") + inner) + _cell(_paragraph("b")) + "</w:tr>")
    changed = _table(
        "<w:tr>"
        + _cell(
            _paragraph("a"),
            '<w:tcW w:w="2000" w:type="dxa"/><w:tcPrChange w:id="1" w:author="x"><w:tcPr/></w:tcPrChange>',
        )
        + "</w:tr>"
    )
    box = _table(
        "<w:tr>"
        + _cell(
            "<w:p><w:r><w:t>före </w:t></w:r><w:r><w:txbxContent><w:p><w:r><w:t>i rutan</w:t></w:r></w:p>"
            "</w:txbxContent></w:r><w:r><w:t>efter</w:t></w:r></w:p>"
        )
        + "</w:tr>"
    )
    for table in (nested, changed, box):
        assert _walked(table) is None
        assert _data(Facts().table(table)) == _data(_looked_up(table))
    cell = Facts().table(nested).rows[1].cells[0]
    assert [text for _style, text, _bold in cell.paragraphs] == ["yttre"]
    assert [(style, text) for style, text, _bold in cell.inner] == [("Tabelltext", "yttre"), ("Tabelltal", "inre")]
    assert Facts().table(nested).rows[0].header and Facts().table(nested).rows[0].cells[0].paragraphs[0][2]
    first = Facts().table(box).rows[0].cells[0]
    assert first.paragraphs[0][1] == "före i rutanefter" and first.inner[1][1] == "i rutan"


def test_a_forgotten_table_is_read_again():
    facts = Facts()
    table = _table("<w:tr>" + _cell(_paragraph("före")) + "</w:tr>")
    assert facts.table(table).rows[0].text == "före"
    next(table.iter(f"{{{W}}}t")).text = "efter"
    assert facts.table(table).rows[0].text == "före"  # kept for the passes that follow
    facts.forget(table)
    assert facts.table(table).rows[0].text == "efter"


def _unkept(table):
    """The table with every w:keepNext of its paragraphs taken out (as rendered, before pagination)."""
    for keep in list(table.iter(f"{{{W}}}keepNext")):
        keep.getparent().remove(keep)
    return table


def test_rows_kept_by_the_walks_facts_as_by_querying_each_row(plan_2025_path, vp_2026_path):
    """pagination._keep_row by a walked table's facts (each paragraph's style element, whether it
    keeps already) sets the same w:keepNext, in the same places, as the query of the row; a row
    with a paragraph without a style, and a paragraph that keeps already, are kept as before."""
    from lxml import etree

    from docgen.word.pagination import _keep_row

    odd = _table(
        "<w:tr>"
        + _cell('<w:p><w:r><w:t>utan stil</w:t></w:r></w:p><w:p><w:pPr><w:jc w:val="right"/></w:pPr></w:p>')
        + _cell('<w:p><w:pPr><w:pStyle w:val="Tabelltext"/><w:keepNext/></w:pPr></w:p>')
        + "</w:tr><w:tr>"
        + _cell('<w:p><w:pPr><w:pStyle w:val="Tabelltext"/><w:keepNext/></w:pPr></w:p>' + _paragraph("b"))
        + "</w:tr>"
    )
    tables = [_unkept(table) for table in _tables(plan_2025_path) + _tables(vp_2026_path)] + [odd]
    by_facts = 0
    for original in tables:
        table, queried = copy.deepcopy(original), copy.deepcopy(original)
        facts = Facts()
        for row, read in zip(table.iterchildren(f"{{{W}}}tr"), facts.table(table).rows):
            by_facts += all(p[3] is not None for cell in read.cells for p in cell.keeps)
            _keep_row(row, read)
            _keep_row(row, read)  # twice: nothing more
        for row in queried.iterchildren(f"{{{W}}}tr"):
            _keep_row(row)
        assert etree.tostring(table) == etree.tostring(queried)
    assert by_facts > 100


def test_what_the_walk_found_of_rows_and_paragraph_properties_is_what_the_tree_holds(plan_2025_path, vp_2026_path):
    """A walked row is unsplit exactly when it has w:trPr/w:cantSplit (pagination then leaves its
    rows as they are), and the paragraph properties widths reaches through the walk's style
    elements are each own paragraph's first w:pPr."""
    from docgen.word.widths import _own_properties

    tables = _tables(plan_2025_path) + _tables(vp_2026_path)
    unsplit = 0
    for table in tables:
        for row in Facts().table(table).rows:
            assert row.unsplit == (row.element.find(f"{{{W}}}trPr/{{{W}}}cantSplit") is not None)
            unsplit += row.unsplit
            for cell in row.cells:
                found = [p.find(f"{{{W}}}pPr") for p in cell.element.iterchildren(f"{{{W}}}p")]
                assert _own_properties(cell) == found
    assert unsplit > 100
    split = _table("<w:tr>" + _cell(_paragraph("a")) + "</w:tr>")
    assert not Facts().table(split).rows[0].unsplit
