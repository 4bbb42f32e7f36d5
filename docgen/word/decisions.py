"""A lone att-sats without its number, where the organisation writes it so.

Many organisations write a proposal of one att-sats without "1." ("Kommunfullmäktige föreslås
besluta att fastställa …"). The templates number every att-sats ("{{ loop.index }}." and a
tab, in the style Numrerad lista); when the organisation's benämningar say
`ensam_att_sats: utan_nummer`, the att-sats of a proposal that has only one loses its "1." and
tab and takes the style Ensam att-sats: Numrerad lista's look without the hanging indent, which an
editor changes in the template. The att-sats is recognised by its text (the proposal's own, given
by the caller), not by its layout alone: a one-item numbered Markdown list in running text is a
lone numbered paragraph too, and keeps its "1.".
"""

from __future__ import annotations

import re

from lxml import etree

from docgen.word.namedstyles import LONE_CLAUSE

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
NUMBERED = "Numreradlista"  # the att-satser's style (docgen.word.styles: Numrerad lista)
UNNUMBERED = "utan_nummer"  # benämningar: ensam_att_sats
_P, _T, _TAB = (f"{{{W}}}{t}" for t in ("p", "t", "tab"))
_STYLE = etree.XPath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS)
_FIRST = re.compile(r"1\.\t")


def _text(paragraph) -> str:
    return "".join("\t" if e.tag == _TAB else e.text or "" for e in paragraph.iter(_T, _TAB))


def _numbered(element) -> bool:
    return element is not None and element.tag == _P and _STYLE(element) == NUMBERED


def _plain(text: str) -> str:
    """A clause's words as compared: spaces of any kind as one, the marker's brackets and the
    minus sign as the sources write them ("[[ATT UPPDATERA: …]]" is shown "[ATT UPPDATERA: …]")."""
    text = text.replace("\u2212", "-").replace("[", "").replace("]", "")
    return " ".join(text.split())


def unnumber_lone_clauses(root, clauses) -> None:
    """Every lone "1." paragraph of the body that is one of `clauses` (the texts of the
    proposals that have a single att-sats or beslutsmening), without its number."""
    wanted = {_plain(c) for c in clauses}
    wanted.discard("")
    if not wanted:
        return
    body = root.find("w:body", NS)
    for paragraph in list(body.iterchildren(_P)):
        if not _numbered(paragraph):
            continue
        text = _text(paragraph)
        if not _FIRST.match(text) or _plain(text[3:]) not in wanted:
            continue
        if _numbered(paragraph.getprevious()) or _numbered(paragraph.getnext()):
            continue
        _drop_number(paragraph)
        paragraph.find("w:pPr/w:pStyle", NS).set(f"{{{W}}}val", LONE_CLAUSE)


def _drop_number(paragraph) -> None:
    """Remove the leading "1." and the tab after it, wherever the runs split them."""
    left = "1."
    for element in list(paragraph.iter(_T, _TAB)):
        if left:
            text = (element.text or "") if element.tag == _T else ""
            taken = min(len(left), len(text))
            element.text = text[taken:]
            left = left[taken:]
            continue
        if element.tag == _TAB:
            element.getparent().remove(element)
            return
        if (element.text or "").startswith("\t"):
            element.text = element.text[1:]
            return
