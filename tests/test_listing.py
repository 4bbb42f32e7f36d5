"""docgen resolves tabs, line breaks and page breaks in the rendered body as docxtpl's
resolve_listing does, looking only at the paragraphs around those characters."""

from __future__ import annotations

import random

from docxtpl import DocxTemplate

from docgen.word.render import _LISTING_CHARACTER, _PARAGRAPH, _Template, listing_paragraphs

PIECES = [
    "<w:p>",
    '<w:p w:rsidR="00A1">',
    "<w:p/>",
    '<w:p w:rsidR="00A1"/>',
    "</w:p>",
    "<w:pPr><w:pStyle w:val='Tabellfotnot'/></w:pPr>",
    "<w:r><w:rPr><w:b/></w:rPr><w:t>1)</w:t></w:r>",
    "<w:r><w:t xml:space='preserve'>a\tb</w:t></w:r>",
    "\t",
    "\n",
    "\f",
    "\a",
    "text",
    "<w:tbl><w:tr><w:tc>",
    "</w:tc></w:tr></w:tbl>",
    "<w:p ",  # an opening tag not closed before the next tag (not well-formed XML)
    ">",
    "<w:proofErr/>",
]


def _by_pattern(xml: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _PARAGRAPH.finditer(xml) if _LISTING_CHARACTER.search(m.group(0))]


def test_the_paragraphs_found_are_the_patterns_matches_with_a_listing_character():
    chance = random.Random(15)
    for _ in range(20000):
        xml = "".join(chance.choice(PIECES) for _ in range(chance.randint(0, 30)))
        assert listing_paragraphs(xml) == _by_pattern(xml), repr(xml)


def test_a_body_resolves_as_docxtpl_resolves_it(tmp_path):
    body = (
        "<w:body>"
        "<w:p><w:r><w:t>Utan tecken</w:t></w:r></w:p>"
        "<w:p><w:pPr><w:pStyle w:val='Tabellfotnot'/></w:pPr><w:r><w:t xml:space='preserve'>1)\tAvser budget</w:t></w:r></w:p>"
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>rad ett\nrad två</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        "<w:p><w:r><w:t>före\fefter</w:t></w:r><w:r><w:t>och\ahär</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>Sista</w:t></w:r></w:p>"
        "</w:body>"
    )
    ours = _Template.resolve_listing(object.__new__(_Template), body)
    assert ours == DocxTemplate.resolve_listing(object.__new__(DocxTemplate), body)
    assert "<w:tab/>" in ours and "<w:br/>" in ours and 'w:type="page"' in ours
