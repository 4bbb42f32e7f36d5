"""A goal (målsättning) with its own table (`tabell: <id>` in mal.yaml): the table stands right
under the goal's text in the .docx and in the HTML edition, set apart from the indicator table
that follows; a table id that does not exist, or a table placed both under a goal and in a
chapter, stops the build with file and line; a template that does not show the goal's table
is told by `docgen check`. Tanums kommun's "Verksamhetsmål 2024" has a table under each of
its three financial goals."""

from __future__ import annotations

import zipfile
from pathlib import Path

import lxml.html
from lxml import etree

from docgen.commands.check import check_all
from docgen.pipeline import build

from .test_hostile import edit, refused

TANUM = Path("tanums-kommun") / "verksamhetsmal-2024"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _body(docx: Path) -> list[tuple[str, str]]:
    """The body in order: ("p", style: text) for paragraphs, ("tbl", first header cell) for tables."""
    root = etree.fromstring(zipfile.ZipFile(docx).read("word/document.xml"))
    out = []
    for element in root.find(f"{W}body"):
        text = "".join(t.text or "" for t in element.iter(f"{W}t"))
        if element.tag == f"{W}tbl":
            first = element.find(f"{W}tr/{W}tc")
            out.append(("tbl", "".join(t.text or "" for t in first.iter(f"{W}t"))))
        elif element.tag == f"{W}p":
            style = element.find(f"{W}pPr/{W}pStyle")
            out.append(("p", f"{style.get(f'{W}val') if style is not None else ''}: {text}"))
    return out


def test_each_goal_shows_its_own_table_under_its_text_in_the_docx_and_the_html(workspace):
    built = build(workspace.sources / TANUM, workspace, html=True)
    body = _body(built)
    start = body.index(("p", "Heading2: Resultatmål"))
    assert body[start + 1][1].startswith(": Resultat över mandatperioden")
    assert body[start + 2 : start + 6] == [
        ("p", "Caption: Tabell 1. Resultatmål"),
        ("tbl", "Resultatmål"),
        ("p", "Tabellfortsattning: "),  # Word would join two tables that touch
        ("tbl", "Indikator"),
    ]
    start = body.index(("p", "Heading2: Investeringsmål"))
    assert body[start + 2 : start + 4] == [("p", "Caption: Tabell 2. Investeringsmål (mnkr)"), ("tbl", "(mnkr)")]
    start = body.index(("p", "Heading2: Skattesats"))
    assert body[start + 2 : start + 4] == [("p", "Caption: Tabell 3. Skattesats (kronor)"), ("tbl", "Kronor")]

    page = lxml.html.fromstring(built.with_suffix(".html").read_bytes())
    order = [
        e.findtext("caption").strip() if e.tag == "table" else f"{e.tag}: {e.text_content().strip()}"
        for e in page.xpath("//main//*[self::h3 or self::table]")
    ]
    heading = order.index("h3: Resultatmål")
    assert order[heading : heading + 4] == [
        "h3: Resultatmål",
        "Tabell 1. Resultatmål",
        "Indikatorer för Resultatmål",  # two tables, not joined
        "h3: Investeringsmål",
    ]


def test_a_goals_table_that_does_not_exist_is_refused_with_file_and_line(workspace):
    goals = workspace.sources / TANUM / "mal.yaml"
    line = edit(goals, "    tabell: investeringar", "    tabell: investering")
    refused(
        workspace,
        ["build", workspace.sources / TANUM],
        r"målsättningen 'investeringsmal' har tabell: 'investering', men den finns inte under 'tabeller' "
        r"eller 'värdetabeller'\. Menade du 'investeringar'\?",
        f"mal.yaml, rad {line}",
    )


def test_a_table_under_a_goal_and_in_a_chapter_is_refused(workspace):
    chapters = workspace.sources / TANUM / "avsnitt.yaml"
    line = edit(chapters, "      - målsättningar: alla\n", "      - målsättningar: alla\n      - tabell: resultatmal\n")
    goals = (workspace.sources / TANUM / "mal.yaml").read_text(encoding="utf-8").splitlines()
    refused(
        workspace,
        ["build", workspace.sources / TANUM],
        rf"tabellen 'resultatmal' placeras 2 gånger \(första gången i avsnitt\.yaml, rad {line + 1}\)\. "
        "En tabell får stå på ett ställe: ta bort den ena placeringen.",
        f"mal.yaml, rad {goals.index('    tabell: resultatmal') + 1}",
    )


def test_check_tells_when_the_template_does_not_show_the_goals_table(workspace):
    template = workspace.templates / "tanums-kommun" / "plan.docx"
    with zipfile.ZipFile(template) as archive:
        parts = {i.filename: archive.read(i.filename) for i in archive.infolist()}
    shown = b"".join(
        b"<w:p><w:r><w:t>" + tag + b"</w:t></w:r></w:p>"
        for tag in (b"{%p if ms.tabell %}", b"{{p ms.tabell|tabell }}", b"{%p endif %}")
    )
    assert shown in parts["word/document.xml"]
    parts["word/document.xml"] = parts["word/document.xml"].replace(shown, b"")
    with zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    problems = [str(p) for p in check_all([workspace.sources / TANUM], workspace)]
    goals = (workspace.sources / TANUM / "mal.yaml").read_text(encoding="utf-8").splitlines()
    where = f"mal.yaml, rad {goals.index('    tabell: resultatmal') + 1}: "  # the field, where the editor wrote it
    assert any(
        where + "fältet 'tabell' på målsättning finns i källorna men visas aldrig av mallen plan.docx" in p
        for p in problems
    ), problems
