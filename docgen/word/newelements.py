"""New, empty elements for the finishing passes, copied from one made before.

`etree.Element(tag)` checks the tag's namespace on every call (libxml2 parses it as a URI):
about 15 000 instructions for a w:keepNext put into a paragraph, and copying an element
already made (same tag, no attributes, no children) costs half of that (callgrind, 5 000
elements). The passes add such elements to every row and to many paragraphs of every table
(keepNext, cantSplit, trPr, pPr, suppressAutoHyphens): a cost paid again for each added goal
area. In the document the copy is the same element, written as the same bytes. Each thread
copies its own (lxml keeps the names of a thread's elements in that thread's dictionary;
`docgen serve` builds in threads).
"""

from __future__ import annotations

import threading
from functools import cache

from lxml import etree


@cache
def _made(tag: str, _thread: int):
    return etree.Element(tag)


def new_element(tag: str):
    """A new, empty element `tag` ('{namespace}name'), as etree.Element(tag) makes it."""
    return _made(tag, threading.get_ident()).__copy__()
