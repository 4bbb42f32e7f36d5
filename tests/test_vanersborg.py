"""Vänersborgs kommun's KKiK summary (tests/fixtures/vanersborg-kkik-2018): measures in percent,
hours a week and kronor side by side in the same columns, as a new user wrote them."""

from __future__ import annotations

from docx import Document

from docgen.pipeline import ROOT, Project, build

KKIK = ROOT / "sources" / "vanersborgs-kommun" / "kkik-2018"


def test_a_row_of_another_measure_keeps_its_numbers_without_the_columns_unit(tmp_path):
    """Hours a week and kronor among percentages get no '%' (it was '14 %' and '139 305,27 %');
    a number typed without '%' in a row of percentages still gets it (Sydöstra's '71,5')."""
    built = build(KKIK, Project(build=tmp_path))
    rows = {r.cells[0].text: [c.text for c in r.cells[1:]] for t in Document(str(built)).tables for r in t.rows}
    assert rows["Bibliotekets öppethållande utöver 08-17 på vardagar, timmar/vecka"] == ["14", "20", "21,23"]
    assert rows["Kostnad förskola, kr/inskrivet barn"] == ["139\u00a0305,27", "152\u00a0390,15", "151\u00a0857,54"]
    assert rows["Inskrivna barn per årsarbetare i förskolan, antal"] == ["5,86", "5,18", "5,13"]
    assert rows["Andel som får svar på e-post inom två dagar (%)"] == ["76\u00a0%", "84,23\u00a0%", "86\u00a0%"]
    svn = build(ROOT / "sources" / "sydostra-sjukvardsregionen" / "svn-uppfoljning-2024", Project(build=tmp_path))
    cells = [c.text for t in Document(str(svn)).tables for r in t.rows for c in r.cells]
    assert "71,5\u00a0%" in cells and "71,5" not in cells
