"""The layout check (tests/layout.py) on every built PDF, and that each of its rules can fail."""

from __future__ import annotations

import zipfile

import pytest

from . import layout


def test_every_built_document_passes_the_layout_check(all_pdfs):
    assert len(all_pdfs) >= 8
    found = [problem for pdf in all_pdfs for problem in layout.problems(pdf, pdf.with_suffix(".docx"))]
    assert found == []


@pytest.fixture(scope="module")
def vp(all_pdfs):
    pdf = next(p for p in all_pdfs if p.stem == "verksamhetsplan-med-budget-2026")
    return pdf, layout.read_pages(pdf), layout.read_source(pdf.with_suffix(".docx"))


def test_a_toc_number_that_differs_from_the_headings_page_fails(vp):
    from docgen.word import pagenumbers

    pdf, pages, source = vp
    destinations = pagenumbers.destinations(pdf)
    shown = pagenumbers.shown_pages(zipfile.ZipFile(pdf.with_suffix(".docx")).read("word/document.xml"))
    assert layout.toc_problems(pdf.name, pages, source, destinations, shown) == []
    moved = dict(destinations, **{source.anchors[3]: (destinations[source.anchors[3]][0] + 1, 0.0)})
    assert layout.toc_problems(pdf.name, pages, source, moved, shown)


def test_a_word_broken_without_a_hyphen_fails(vp):
    pdf, pages, source = vp
    word = next(w for w in sorted(source.words) if w.isalpha() and len(w) > 8 and w[:-3] not in source.words)
    x_min, x_max = 71.0, 300.0
    upper = layout.Line(word[:-3], [(word[:-3], x_min, x_max)], 100.0, 110.0)
    lower = layout.Line(word[-3:], [(word[-3:], x_min, x_max)], 111.0, 121.0)
    page = layout.Page(1, 842.0, [upper, lower])
    assert layout.broken_words(pdf.name, [page], source)
    hyphenated = layout.Line(word[:-3] + "-", [(word[:-3] + "-", x_min, x_max)], 100.0, 110.0)
    assert layout.broken_words(pdf.name, [layout.Page(1, 842.0, [hyphenated, lower])], source) == []


def test_a_heading_at_the_foot_of_a_page_fails(vp):
    pdf, pages, source = vp
    kind, heading, after = next(k for k in source.keep_texts if k[0] == "rubrik" and k[2])
    first = layout.Page(1, 842.0, [layout.Line(heading, [], 700.0, 712.0)])
    second = layout.Page(2, 842.0, [layout.Line(after[:40], [], 80.0, 92.0)])
    assert layout.stranded_lines(pdf.name, [first, second], source)


def test_an_underfilled_page_within_a_chapter_fails(vp):
    pdf, pages, source = vp
    assert layout.underfilled_pages(pdf.name, pages[:2], source, [0.2, 1.0])  # page 2 continues chapter 1
    chapter = layout.Page(2, 842.0, [layout.Line(source.chapter_texts[-1], [], 80.0, 92.0)])
    assert layout.underfilled_pages(pdf.name, [pages[0], chapter], source, [0.2, 1.0]) == []  # a new chapter


def _line(cells: list[str], top: float) -> layout.Line:
    """A line of table text: each cell's words from its own column, a column gap apart."""
    words, x = [], 71.0
    for cell in cells:
        for word in cell.split()[:4]:
            words.append((word, x, x + 5.0 * len(word)))
            x += 5.0 * len(word) + 2.5
        x += 40.0
    return layout.Line(" ".join(w[0] for w in words), words, top, top + 10.0)


def test_a_page_opening_with_a_group_without_its_label_fails(vp):
    pdf, pages, source = vp
    header = next(r for r in source.table_rows if r.kind == "rubrik")
    row = next(r for r in source.table_rows if r.kind == "del" and len(r.cells) > 1)
    label = next(r for r in source.table_rows if r.kind == "grupp" and r.label == row.label)
    first = layout.Page(1, 842.0, [_line(["Text"], 100.0)])
    continued = layout.Page(2, 842.0, [_line(header.cells, 70.0), _line(row.cells, 84.0)])
    assert layout.unlabelled_groups(pdf.name, [first, continued], source)
    labelled = layout.Page(2, 842.0, [_line(header.cells, 70.0), _line(label.cells, 84.0), _line(row.cells, 98.0)])
    assert layout.unlabelled_groups(pdf.name, [first, labelled], source) == []
    # a group labelled in its first column: the row with the label opens the page
    first_row = next(r for r in source.table_rows if r.kind == "första")
    opening = layout.Page(2, 842.0, [_line(header.cells, 70.0), _line(first_row.cells, 84.0)])
    assert layout.unlabelled_groups(pdf.name, [first, opening], source) == []
