"""The finishing passes see the document's elements as plain lxml elements.

python-docx parses every part with a parser that gives each element a class of its own
(CT_P, CT_Tbl, …), looked up by tag whenever lxml makes a Python object for an element
(every element a pass touches, every time). The finishing passes use lxml's own API only, so
while they run the parser's lookup is lxml's default: the same tree and the same bytes, a
fifth fewer instructions for each element touched. python-docx code (new parts, properties)
runs outside; an element object made inside keeps its plain class only while a pass holds it.
Only in a process with one thread: another thread may meanwhile read a document with
python-docx (`docgen serve` answers requests in threads), and it would get plain elements.
"""

from __future__ import annotations

import functools
import threading
from contextlib import contextmanager

_depth = 0


@functools.cache
def document_parser():
    """The parser of a rendered document (docgen.word.render): docxtpl's options (entities
    not resolved, blank text kept, never recovering) with python-docx's element classes, as
    its elements would have once moved into python-docx's document; plain_elements() gives
    its elements lxml's own class too."""
    from docx.oxml.parser import element_class_lookup
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False)
    parser.set_element_class_lookup(element_class_lookup)
    return parser


@contextmanager
def plain_elements():
    """Within: elements of python-docx's documents come out as plain lxml elements."""
    global _depth
    if _depth or threading.active_count() > 1:
        yield
        return
    from docx.oxml.parser import element_class_lookup, oxml_parser

    _depth += 1
    parsers = (oxml_parser, document_parser())
    for parser in parsers:
        parser.set_element_class_lookup(None)
    try:
        yield
    finally:
        for parser in parsers:
            parser.set_element_class_lookup(element_class_lookup)
        _depth -= 1
