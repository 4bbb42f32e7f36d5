"""The finishing passes see plain lxml elements (docgen.word.plainxml); python-docx gets its
own element classes back afterwards, after a failure too, and keeps them in a process where
another thread may be reading a document."""

from __future__ import annotations

import threading

import pytest
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.text.paragraph import CT_P
from lxml import etree

from docgen.word.plainxml import plain_elements

PARAGRAPH = '<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'


def _kind() -> type:
    return type(parse_xml(PARAGRAPH))


def test_plain_elements_inside_python_docx_classes_after_and_after_a_failure():
    assert _kind() is CT_P
    with plain_elements():
        assert _kind() is etree._Element
        with plain_elements():  # nested: the outer one restores
            assert _kind() is etree._Element
        assert _kind() is etree._Element
    assert _kind() is CT_P
    with pytest.raises(ValueError), plain_elements():
        raise ValueError("a pass failed")
    assert _kind() is CT_P


def test_another_thread_keeps_python_docx_classes():
    started, done = threading.Event(), threading.Event()
    other = threading.Thread(target=lambda: (started.set(), done.wait(10)))
    other.start()
    try:
        started.wait(10)
        with plain_elements():
            assert _kind() is CT_P
    finally:
        done.set()
        other.join()


def test_a_built_document_reads_with_python_docx_after_the_build(plan_2025_path):
    """The build left python-docx's classes in place: a document reads as python-docx objects."""
    document = Document(str(plan_2025_path))
    assert type(document.paragraphs[0]._p) is CT_P
    assert document.tables and document.tables[0].rows[0].cells[0].text is not None
