"""The texts of a part that hold a given character sequence, found without an XPath query.

An XPath `descendant::w:t[contains(., '…')]` makes libxml2 copy the string value of every
node it visits, which on a large body costs more than lxml's own iteration: iter() filters
the w:t elements by tag in C and only their text is looked at in Python (the same elements,
in the same document order)."""

from __future__ import annotations

import functools

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_T = f"{{{W}}}t"


def texts_holding(root, *needles: str) -> list:
    """The w:t elements under `root` whose text (XPath's string value) holds one of `needles`."""
    found = []
    for text in root.iterdescendants(_T):  # as descendant::w:t (the root itself never)
        value = text.text or ""
        if len(text):  # not a plain text node: its string value, as XPath's contains() reads it
            value = _string_value()(text)
        for needle in needles:
            if needle in value:
                found.append(text)
                break
    return found


@functools.cache
def _string_value():
    from lxml import etree  # here: docgen.sources reads markers (which use this module) without lxml

    return etree.XPath("string(.)")
