"""docgen runs docxtpl's fix_tables only on a body whose tables may need it (render._Template.fix_tables,
decided by a few XPath queries): every other body is returned as parsed, which must be the tree
docxtpl's fix_tables gives. Checked on random tables: grids narrower and wider than their rows,
spans written plainly and oddly, a cell with two tcPr or two gridSpan, nested tables, rows inside
content controls, a table without a grid."""

from __future__ import annotations

import random

from docxtpl import DocxTemplate
from lxml import etree

from docgen.word.render import _Template

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PLAIN_SPANS = ["1", "2", "3"]
ODD_SPANS = ["02", " 2", "-1", "4", "0"]  # spans docxtpl reads with int() ("2.0" or "x" it cannot read)


class _Odds:
    """How a body is made: plainly (as docgen's templates render them) or with odd cells."""

    def __init__(self, chance: random.Random):
        self.chance, self.odd = chance, chance.random() < 0.4

    def properties_count(self) -> int:
        return self.chance.choice([0, 1, 1, 2]) if self.odd else 1

    def spans(self) -> list[str]:
        count = self.chance.choice([0, 1, 2]) if self.odd else int(self.chance.random() < 0.15)
        return [self.chance.choice(ODD_SPANS if self.odd else PLAIN_SPANS) for _ in range(count)]


def _properties(odds: _Odds) -> str:
    spans = "".join(f'<w:gridSpan w:val="{span}"/>' for span in odds.spans())
    return f'<w:tcPr><w:tcW w:w="100" w:type="dxa"/>{spans}</w:tcPr>'


def _cell(odds: _Odds, depth: int) -> str:
    properties = "".join(_properties(odds) for _ in range(odds.properties_count()))
    nested = _table(odds, depth + 1) + "<w:p/>" if depth < 2 and odds.chance.random() < 0.04 else ""
    return f"<w:tc>{properties}<w:p><w:r><w:t>text</w:t></w:r></w:p>{nested}</w:tc>"


def _row(odds: _Odds, columns: int, depth: int) -> str:
    cells = max(1, columns + odds.chance.choice([-1] + [0] * 12 + [1]))
    row = "<w:tr>" + "".join(_cell(odds, depth) for _ in range(cells)) + "</w:tr>"
    return f"<w:sdt><w:sdtContent>{row}</w:sdtContent></w:sdt>" if odds.chance.random() < 0.04 else row


def _table(odds: _Odds, depth: int = 0) -> str:
    columns = odds.chance.randint(1, 4)
    grid = "".join(f'<w:gridCol w:w="{odds.chance.randint(500, 3000)}"/>' for _ in range(columns))
    grid = "" if odds.chance.random() < 0.02 else f"<w:tblGrid>{grid}</w:tblGrid>"
    rows = "".join(_row(odds, columns, depth) for _ in range(odds.chance.randint(0 if odds.odd else 1, 4)))
    return f"<w:tbl><w:tblPr/>{grid}{rows}</w:tbl>"


def _body(chance: random.Random) -> str:
    odds = _Odds(chance)
    tables = "<w:p/>".join(_table(odds) for _ in range(chance.randint(1, 3)))
    return f'<w:body xmlns:w="{W}"><w:p/>{tables}<w:sectPr/></w:body>'


def test_a_body_whose_tables_docxtpl_would_leave_is_returned_as_docxtpl_returns_it(monkeypatch):
    asked = []
    fix = DocxTemplate.fix_tables
    monkeypatch.setattr(DocxTemplate, "fix_tables", lambda self, xml: asked.append(xml) or fix(self, xml))
    template = object.__new__(_Template)
    template._in_document = lambda xml: None  # parsed alone, as docxtpl parses it
    chance = random.Random(15)
    left_alone = 0
    for _ in range(1500):
        body = _body(chance)
        try:
            expected = etree.tostring(fix(template, body))
        except (TypeError, ValueError, AttributeError):  # docxtpl cannot fix it (a span it cannot read)
            continue
        asked.clear()
        assert etree.tostring(template.fix_tables(body)) == expected, body
        left_alone += not asked
    assert left_alone > 300  # the bodies docgen did not hand to docxtpl
