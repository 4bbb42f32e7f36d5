"""A table too wide for the portrait page, by the rule its editor declares (bred_tabell):
smaller table text (mindre_text) or a landscape section of its own (liggande)."""

from __future__ import annotations

import re
import subprocess
import zipfile

import pytest
from docx import Document
from lxml import etree

from docgen.commands.pdf import find_libreoffice, to_pdf
from docgen.pipeline import build
from docgen.word.tables import TEXT_WIDTH

from . import layout
from .test_errors import edit
from .test_vocabulary import kommun  # noqa: F401  (the fixture)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
YEARS = [f"{kind} {year}" for year in (2024, 2025, 2026) for kind in ("Budget", "Utfall", "Prognos")]


def _table(name: str, rule: str | None) -> str:
    declared = f"    bred_tabell: {rule}\n" if rule else ""
    values = ", ".join(str(100 + n) for n in range(len(YEARS)))
    return (
        f"  {name}:\n    rubrik: Nämndernas nettokostnader 2024–2026 ({rule or 'stående'})\n    enhet: mnkr\n"
        f"{declared}    kolumner: [{', '.join(YEARS)}]\n    grupper:\n      - rader:\n"
        f"          - text: Barn- och utbildningsnämnden\n            värden: [{values}]\n"
        f"          - text: Socialnämnden\n            värden: [{values}]\n"
    )


def _build(kommun, rules, last=False):  # noqa: F811
    folder = kommun.sources / "exempelby-kommun" / "uppfoljning-2026-08"
    names = [f"bred-{n}" for n in range(len(rules))]
    with open(folder / "uppfoljning.yaml", "a", encoding="utf-8") as out:
        out.write("tabeller:\n" + "".join(_table(name, rule) for name, rule in zip(names, rules)))
    shown = "".join(f"\n      - tabell: {name}" for name in names)
    if last:
        edit(folder / "uppfoljning.yaml", "      - uppföljning: alla", "      - uppföljning: alla" + shown)
    else:
        edit(
            folder / "uppfoljning.yaml", "      - uppföljning: alla", shown.lstrip("\n") + "\n      - uppföljning: alla"
        )
    return build(folder, kommun)


def _sections(built):
    root = etree.fromstring(zipfile.ZipFile(built).read("word/document.xml"))
    return root, root.findall(".//w:sectPr", NS)


def test_the_rules_in_the_built_document(kommun):  # noqa: F811
    built = _build(kommun, [None, "mindre_text", "liggande"])
    document = Document(str(built))
    by_rule = {
        t._tbl.find("w:tblPr/w:tblCaption", NS).get(f"{{{W}}}val").rsplit("(", 1)[-1].rstrip(")"): t
        for t in document.tables
        if "nettokostnader" in t._tbl.find("w:tblPr/w:tblCaption", NS).get(f"{{{W}}}val")
    }
    portrait, small, turned = by_rule["stående"], by_rule["mindre_text"], by_rule["liggande"]
    assert {p.style.name for c in portrait.rows[1].cells for p in c.paragraphs} == {"Tabelltext", "Tabelltal"}
    assert {p.style.name for c in small.rows[1].cells for p in c.paragraphs} == {"Tabelltext liten", "Tabelltal liten"}
    styles = {s.name: s for s in document.styles}
    assert styles["Tabelltext liten"].font.size.pt == 8 and styles["Tabelltal liten"].base_style.name == "Tabelltal"
    headings = {p.style.name for c in small.rows[0].cells for p in c.paragraphs}  # the headings follow the body
    assert headings == {"Tabellrubrik liten", "Tabellrubrik höger liten"}
    assert {p.style.name for c in portrait.rows[0].cells for p in c.paragraphs} == {
        "Tabellrubrik",
        "Tabellrubrik höger",
    }
    for name, base in (("Tabellrubrik liten", "Tabellrubrik"), ("Tabellrubrik höger liten", "Tabellrubrik höger")):
        assert styles[name].font.size.pt == 8 and styles[name].base_style.name == base
    assert styles["Tabellrubrik mitten liten"].base_style.name == "Tabellrubrik mitten"
    root, sections = _sections(built)
    final = sections[-1]
    assert final.getparent().tag == f"{{{W}}}body"
    size = final.find("w:pgSz", NS)
    assert size.get(f"{{{W}}}orient") in (None, "portrait")
    landscape = [s for s in sections if s.find("w:pgSz", NS).get(f"{{{W}}}orient") == "landscape"]
    assert len(landscape) == 1 and len(sections) == 3
    turned_size = landscape[0].find("w:pgSz", NS)
    assert (turned_size.get(f"{{{W}}}w"), turned_size.get(f"{{{W}}}h")) == (
        size.get(f"{{{W}}}h"),
        size.get(f"{{{W}}}w"),
    )
    for sect in sections:  # same margins, header and footer as the document's own section (the
        # landscape one's are its widened copies: test_landscape_headers)
        assert etree.tostring(sect.find("w:pgMar", NS)) == etree.tostring(final.find("w:pgMar", NS))
        refs = lambda s, ids: [  # noqa: E731
            (r.tag, r.get(f"{{{W}}}type"), r.get(f"{{{r.nsmap['r']}}}id") if ids else None)
            for r in s
            if r.tag.endswith("Reference")
        ]
        sideways = sect.find("w:pgSz", NS).get(f"{{{W}}}orient") == "landscape"
        assert refs(sect, not sideways) == refs(final, not sideways)
    body = root.find("w:body", NS)
    order = [e for e in body if e.tag == f"{{{W}}}tbl" or e.find("w:pPr/w:sectPr", NS) is not None]
    turned_at = [
        n
        for n, e in enumerate(order)
        if e.tag == f"{{{W}}}tbl" and e.find("w:tblPr/w:tblCaption", NS).get(f"{{{W}}}val").endswith("(liggande)")
    ][0]
    before, after = order[turned_at - 1], order[turned_at + 1]
    assert before.tag == after.tag == f"{{{W}}}p" and after.find("w:pPr/w:sectPr", NS) is landscape[0]
    assert before.find("w:pPr/w:sectPr/w:titlePg", NS) is not None or final.find("w:titlePg", NS) is None
    grid = lambda table: [int(c.get(f"{{{W}}}w")) for c in table._tbl.findall("w:tblGrid/w:gridCol", NS)]  # noqa: E731
    margins = final.find("w:pgMar", NS)
    landscape_width = int(size.get(f"{{{W}}}h")) - int(margins.get(f"{{{W}}}left")) - int(margins.get(f"{{{W}}}right"))
    assert sum(grid(portrait)) == TEXT_WIDTH and landscape_width - 3 <= sum(grid(turned)) <= landscape_width
    assert min(grid(turned)[1:]) > min(grid(portrait)[1:])


def test_an_unknown_rule_names_the_choices(kommun):  # noqa: F811
    from docgen.errors import DocgenError

    with pytest.raises(DocgenError) as error:
        _build(kommun, ["tvärs"])
    message = str(error.value)
    assert "bred_tabell" in message and "liggande" in message and "uppfoljning.yaml" in message


@pytest.mark.skipif(find_libreoffice() is None, reason="LibreOffice saknas")
def test_the_landscape_page_in_the_pdf(kommun, tmp_path):  # noqa: F811
    built = _build(kommun, ["liggande"], last=True)
    (pdf,) = to_pdf([built])
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(pdf)], capture_output=True, text=True).stdout
    sizes = [tuple(round(float(v)) for v in m) for m in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]
    # the table ends the document: its section is the last (no empty portrait page after it)
    assert sizes[0] == (595, 842) and sizes[-1] == (842, 595)
    pages = layout.read_pages(pdf)
    assert all(page.lines for page in pages)
    turned = [p for p, s in zip(pages, sizes) if s == (842, 595)]
    assert any("(liggande)" in line.text for p in turned for line in p.lines)
    assert layout.problems(pdf, built) == []


def test_wide_tables_one_after_the_other_share_one_landscape_section(kommun):  # noqa: F811
    built = _build(kommun, ["liggande", "liggande", None, "liggande"])
    root, sections = _sections(built)
    body = root.find("w:body", NS)
    turned = lambda e: e.find("w:pPr/w:sectPr/w:pgSz[@w:orient='landscape']", NS) is not None  # noqa: E731
    order = "".join(
        "T" if e.tag == f"{{{W}}}tbl" else "L" if turned(e) else "|"
        for e in body
        if e.tag == f"{{{W}}}tbl" or e.find("w:pPr/w:sectPr", NS) is not None
    )
    # the first two wide tables in one landscape section: no portrait section between them,
    # which would hold nothing and print as an empty page
    assert order.startswith("|TTL" + "T|TL")
    assert len(sections) == 5


def test_the_heading_and_introduction_turn_with_the_table(kommun):  # noqa: F811
    """The chapter heading and the paragraph right before a landscape table start its landscape
    section, not the foot of the portrait page before it."""
    built = _build(kommun, ["liggande"])
    root, sections = _sections(built)
    body = list(root.find("w:body", NS))
    kinds = [
        "|"
        if e.find("w:pPr/w:sectPr", NS) is not None
        else "T"
        if e.tag == f"{{{W}}}tbl"
        else e.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS) or "text"
        for e in body
    ]
    portrait = kinds[: kinds.index("|")]
    assert portrait[:2] == ["Title", "Subtitle"] and "Heading1" not in portrait
    assert kinds[kinds.index("|") + 1 : kinds.index("T")] == ["Heading1", "text", "Caption"]


def test_automatiskt_turns_only_the_table_that_does_not_fit(kommun):  # noqa: F811
    folder = kommun.sources / "exempelby-kommun" / "uppfoljning-2026-08"
    wide_values = ", ".join(str(1234567.5 + n) for n in range(len(YEARS)))
    narrow = (
        "  smal:\n    rubrik: Smal tabell\n    enhet: mnkr\n    bred_tabell: automatiskt\n    kolumner: [Budget 2026]\n"
        "    grupper:\n      - rader:\n          - text: Socialnämnden\n            värden: [100]\n"
    )
    wide = (
        f"  bred:\n    rubrik: Bred tabell\n    enhet: tkr\n    decimaler: 1\n    bred_tabell: automatiskt\n"
        f"    kolumner: [{', '.join(YEARS)}]\n    grupper:\n      - rader:\n"
        f"          - text: Socialnämnden\n            värden: [{wide_values}]\n"
    )
    with open(folder / "uppfoljning.yaml", "a", encoding="utf-8") as out:
        out.write("tabeller:\n" + narrow + wide)
    edit(
        folder / "uppfoljning.yaml",
        "      - uppföljning: alla",
        "      - tabell: smal\n      - tabell: bred\n      - uppföljning: alla",
    )
    built = build(folder, kommun)
    root, sections = _sections(built)
    landscape = [s for s in sections if s.find("w:pgSz", NS).get(f"{{{W}}}orient") == "landscape"]
    assert len(sections) == 3 and len(landscape) == 1
    body = root.find("w:body", NS)
    order = [e for e in body if e.tag == f"{{{W}}}tbl" or e.find("w:pPr/w:sectPr", NS) is not None]
    captions = [e.find("w:tblPr/w:tblCaption", NS).get(f"{{{W}}}val") if e.tag == f"{{{W}}}tbl" else "|" for e in order]
    assert captions[:4] == ["Tabell 1. Smal tabell", "|", "Tabell 2. Bred tabell", "|"]
    assert order[3].find("w:pPr/w:sectPr", NS) is landscape[0]
    grid = [int(c.get(f"{{{W}}}w")) for c in order[2].findall("w:tblGrid/w:gridCol", NS)]
    assert sum(grid) > 13000


def test_a_smaller_tables_group_and_sum_rows_are_small_too(kommun):  # noqa: F811
    """bred_tabell: mindre_text made the rows and headings smaller but left a group's heading,
    its sum and the table's sum in the full-size Grupprad and Summarad (a board member saw the
    sums stand out larger than the rows they add up): each now has a smaller style of its own,
    based on the full-size one (an editor's Summarad look carries over), and is still read as a
    group or sum (the web edition's classes)."""
    folder = kommun.sources / "exempelby-kommun" / "uppfoljning-2026-08"
    values = ", ".join(str(100 + n) for n in range(len(YEARS)))
    sums = ", ".join(str(2 * (100 + n)) for n in range(len(YEARS)))
    with open(folder / "uppfoljning.yaml", "a", encoding="utf-8") as out:
        out.write(
            "tabeller:\n  liten:\n    rubrik: Nämndernas nettokostnader\n    enhet: mnkr\n"
            f"    bred_tabell: mindre_text\n    kolumner: [{', '.join(YEARS)}]\n    grupper:\n"
            "      - rubrik: Nämnderna\n        rader:\n"
            f"          - text: Barn- och utbildningsnämnden\n            värden: [{values}]\n"
            f"          - text: Socialnämnden\n            värden: [{values}]\n"
            f"        summa: {{text: Summa nämnderna, värden: [{sums}]}}\n"
            f"    summa: {{text: Summa, värden: [{sums}]}}\n"
        )
    edit(folder / "uppfoljning.yaml", "      - uppföljning: alla", "      - tabell: liten\n      - uppföljning: alla")
    built = build(folder, kommun)
    document = Document(str(built))
    table = next(
        t for t in document.tables if "Nämndernas" in t._tbl.find("w:tblPr/w:tblCaption", NS).get(f"{{{W}}}val")
    )
    looks = {row.cells[0].text: {p.style.name for c in row.cells for p in c.paragraphs} for row in table.rows}
    assert "Grupprad liten" in looks["Nämnderna"] and "Grupprad" not in looks["Nämnderna"]
    assert looks["Summa nämnderna"] == looks["Summa"] == {"Summarad liten", "Summarad tal liten"}
    assert looks["Socialnämnden"] == {"Tabelltext liten", "Tabelltal liten"}
    styles = {s.name: s for s in document.styles}
    for name, base in (
        ("Grupprad liten", "Grupprad"),
        ("Summarad liten", "Summarad"),
        ("Summarad tal liten", "Summarad tal"),
    ):
        assert styles[name].font.size.pt == 8 and styles[name].base_style.name == base
    from docgen.web.html import _row_kind

    rows = table._tbl.findall("w:tr", NS)
    kinds = [_row_kind(r.findall("w:tc", NS), len(YEARS) + 1) for r in rows]
    assert kinds.count("summa") == 2 and kinds.count("grupp") == 1
