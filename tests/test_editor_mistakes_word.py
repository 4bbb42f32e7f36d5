"""Templates as Word and LibreOffice save them after an editor's edits: the XML they write around
a template's tags (ECMA-376 Part 1, §17.13 revisions and comments, §17.5 content controls,
§17.16 fields, §17.6.20 smart tags), made into the starter kit's template, built through the
command line and read back.

What Word's AutoCorrect types inside a tag, tracked changes, comments, links, content controls
and fields around or inside a tag build: the document reads as the template does with every
change accepted and without its comments. A tag written with single braces, or a tag keyword
Word capitalised, stops the build with one Swedish message naming the template and the text.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document

from docgen.word.plain import plain
from tests import test_editor_mistakes as mistakes
from tests.test_editor_mistakes import KIT_TEMPLATE, digest, kit, refused, rezip, run

base, ws = mistakes.base, mistakes.ws  # the same fixtures: sources/ and templates/ with the starter kit

TITLE = "<w:r><w:t>{{ dokument.titel }}</w:t></w:r>"
CHANGE = 'w:author="Anna Andersson" w:date="2026-11-20T10:00:00Z"'


def _run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def _p(content: str) -> str:
    return f"<w:p>{content}</w:p>"


def _field(instruction: str, result: str) -> str:
    """A field as Word writes it: begin, instruction, separate, result runs, end."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + result + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


# (what the editor did, the paragraph's XML as Word saves it, its text in the built document)
WORD_SAVED = [
    ("AutoCorrect: ” ” i en tagg", _run("{{ dokument.titel ~ ”: ” ~ dokument.år }}"), "Verksamhetsplan 2026: 2026"),
    ("AutoCorrect: “ ” och ’ ’", _run("{{ dokument.titel ~ “ (” ~ ’x’ ~ ”)” }}"), "Verksamhetsplan 2026 (x)"),
    ("tysk/finsk layout: „ ”", _run("{{ dokument.titel ~ „ – ” ~ dokument.år }}"), "Verksamhetsplan 2026 – 2026"),
    ("AutoCorrect: ' - ' blir ' – '", _run("{{ dokument.år – 1 }}–{{ dokument.år }}"), "2025–2026"),
    ("AutoCorrect: -- blir —", _run("{{ dokument.år — 1 }}"), "2025"),
    ("AutoCorrect: ... blir …", _run("{{ dokument.titel ~ ”…” }}"), "Verksamhetsplan 2026…"),
    ("hårt mellanslag i en tagg", _run("{{\u00a0dokument.titel ~ '\u00a0:' }}"), "Verksamhetsplan 2026\u00a0:"),
    (
        "spårad infogning mitt i en tagg",
        f'<w:r><w:t>{{{{ dokument.</w:t></w:r><w:ins w:id="901" {CHANGE}><w:r><w:t>titel</w:t></w:r></w:ins>'
        + _run(" }}"),
        "Verksamhetsplan 2026",
    ),
    (
        "spårad infogning över taggens slut",
        f'<w:r><w:t>{{{{ dokument.</w:t></w:r><w:ins w:id="902" {CHANGE}><w:r><w:t>titel }}}}</w:t></w:r></w:ins>',
        "Verksamhetsplan 2026",
    ),
    (
        "spårad ändring i en tagg (år → titel)",
        f'<w:r><w:t>{{{{ dokument.</w:t></w:r><w:del w:id="903" {CHANGE}><w:r><w:delText>år</w:delText></w:r>'
        f'</w:del><w:ins w:id="904" {CHANGE}><w:r><w:t>titel</w:t></w:r></w:ins>' + _run(" }}"),
        "Verksamhetsplan 2026",
    ),
    (
        "spårad borttagning av en tagg och en text",
        f'<w:del w:id="905" {CHANGE}><w:r><w:delText xml:space="preserve">{{{{ dokument.nämnd }}}} UTKAST </w:delText>'
        f"</w:r></w:del>" + TITLE,
        "Verksamhetsplan 2026",
    ),
    (
        "spårad flytt",
        f'<w:moveFromRangeStart w:id="906" {CHANGE} w:name="move1"/><w:moveFrom w:id="907" {CHANGE}>'
        + _run("FLYTTAD ")
        + '</w:moveFrom><w:moveFromRangeEnd w:id="906"/>'
        + TITLE
        + f'<w:moveToRangeStart w:id="908" {CHANGE} w:name="move1"/><w:moveTo w:id="909" {CHANGE}>'
        + _run(" FLYTTAD")
        + '</w:moveTo><w:moveToRangeEnd w:id="908"/>',
        "Verksamhetsplan 2026 FLYTTAD",
    ),
    (
        "spårad formatändring",
        f'<w:r><w:rPr><w:b/><w:rPrChange w:id="910" {CHANGE}><w:rPr/></w:rPrChange></w:rPr>'
        "<w:t>{{ dokument.titel }}</w:t></w:r>",
        "Verksamhetsplan 2026",
    ),
    (
        "kommentar mitt i en tagg",
        '<w:r><w:t>{{ dokument.</w:t></w:r><w:commentRangeStart w:id="0"/><w:r><w:t>titel</w:t></w:r>'
        '<w:commentRangeEnd w:id="0"/><w:r><w:rPr><w:rStyle w:val="Kommentarsreferens"/></w:rPr>'
        '<w:commentReference w:id="0"/></w:r>' + _run(" }}"),
        "Verksamhetsplan 2026",
    ),
    (
        "bokmärke mitt i en tagg",
        '<w:r><w:t>{{ dokument.</w:t></w:r><w:bookmarkStart w:id="920" w:name="titel"/><w:r><w:t>titel</w:t></w:r>'
        '<w:bookmarkEnd w:id="920"/>' + _run(" }}"),
        "Verksamhetsplan 2026",
    ),
    (
        "länk runt en tagg",
        '<w:hyperlink w:anchor="_Toc1" w:history="1"><w:r><w:rPr><w:rStyle w:val="Hyperlnk"/></w:rPr>'
        "<w:t>{{ dokument.titel }}</w:t></w:r></w:hyperlink>",
        "Verksamhetsplan 2026",
    ),
    (
        "länk över taggens slut",
        '<w:r><w:t>{{ dokument.</w:t></w:r><w:hyperlink w:anchor="_Toc1" w:history="1"><w:r><w:t>titel }}</w:t>'
        "</w:r></w:hyperlink>",
        "Verksamhetsplan 2026",
    ),
    (
        "innehållskontroll (bunden till Rubrik) runt en tagg",
        '<w:sdt><w:sdtPr><w:alias w:val="Rubrik"/><w:tag w:val=""/><w:id w:val="-1432"/>'
        "<w:dataBinding w:prefixMappings=\"xmlns:ns0='http://purl.org/dc/elements/1.1/'\" "
        'w:xpath="/ns0:title[1]" w:storeItemID="{6C3C8BC8-F283-45AE-878A-BAB7291924A1}"/><w:text/></w:sdtPr>'
        "<w:sdtContent>" + TITLE + "</w:sdtContent></w:sdt>",
        "Verksamhetsplan 2026",
    ),
    (
        "innehållskontroll över taggens slut",
        '<w:r><w:t>{{ dokument.</w:t></w:r><w:sdt><w:sdtPr><w:id w:val="77"/></w:sdtPr><w:sdtContent><w:r>'
        "<w:t>titel }}</w:t></w:r></w:sdtContent></w:sdt>",
        "Verksamhetsplan 2026",
    ),
    ("tagg i ett fälts resultat", _field("DOCPROPERTY Title \\* MERGEFORMAT", TITLE), "Verksamhetsplan 2026"),
    (
        "tagg i ett kopplingsfälts resultat",
        '<w:fldSimple w:instr=" MERGEFIELD Titel \\* MERGEFORMAT ">' + TITLE + "</w:fldSimple>",
        "Verksamhetsplan 2026",
    ),
    (
        "smart tagg över taggens slut",
        '<w:r><w:t>{{ dokument.</w:t></w:r><w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" '
        'w:element="place"><w:r><w:t>titel }}</w:t></w:r></w:smartTag>',
        "Verksamhetsplan 2026",
    ),
]

# a whole paragraph deleted with tracking on: its mark too (it joins the next paragraph on accept)
DELETED_PARAGRAPH = _p(
    f'<w:pPr><w:rPr><w:del w:id="930" {CHANGE}/></w:rPr></w:pPr><w:del w:id="931" {CHANGE}><w:r>'
    "<w:delText>Borttaget stycke {{ dokument.år }}</w:delText></w:r></w:del>"
)


def _table(*rows: str) -> str:
    """A one-column table with a heading row and a title (the accessibility gate asks for both)."""
    return (
        '<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="dxa"/><w:tblCaption w:val="Rader"/></w:tblPr><w:tblGrid>'
        '<w:gridCol w:w="5000"/></w:tblGrid><w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc><w:p><w:r><w:t>Rubrik'
        "</w:t></w:r></w:p></w:tc></w:tr>" + "".join(rows) + "</w:tbl>"
    )


def _row(text: str, change: str = "") -> str:
    properties = f"<w:trPr>{change}</w:trPr>" if change else ""
    return f"<w:tr>{properties}<w:tc><w:p>{_run(text)}</w:p></w:tc></w:tr>"


def _kit_refused(ws, old: str, new: str, expected: str) -> str:
    """The kit's template with `old` in its document.xml replaced by `new`, as an editor typed it:
    the build stops with `expected` naming the template, nothing changed anywhere."""
    rezip(ws / "templates" / KIT_TEMPLATE, "word/document.xml", old, new)
    return refused(ws, ["build", kit(ws)], expected, "verksamhetsplan.docx")


# a table row deleted and one inserted with tracking on
TRACKED_ROWS = _table(
    _row("Rad ett"),
    _row("BORTTAGEN RAD {{ dokument.år }}", f'<w:del w:id="940" {CHANGE}/>'),
    _row("Ny rad {{ dokument.år }}", f'<w:ins w:id="941" {CHANGE}/>'),
)

COMMENTS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:comment w:id="0" w:author="Anna Andersson" w:date="2026-11-20T10:00:00Z" w:initials="AA">'
    "<w:p><w:r><w:annotationRef/></w:r><w:r><w:t>Kolla med Per om titeln.</w:t></w:r></w:p></w:comment></w:comments>"
)


def _add_comments(template) -> None:
    """Word's comments part beside the document (its relationship and content type too)."""
    rezip(
        template,
        "word/_rels/document.xml.rels",
        "</Relationships>",
        '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"'
        ' Target="comments.xml"/></Relationships>',
    )
    rezip(
        template,
        "[Content_Types].xml",
        "</Types>",
        '<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'wordprocessingml.comments+xml"/></Types>',
    )
    with zipfile.ZipFile(template, "a") as archive:
        archive.writestr("word/comments.xml", COMMENTS)


def test_what_word_saves_around_tags_builds_as_the_template_reads(ws):
    template = ws / "templates" / KIT_TEMPLATE
    paragraphs = "".join(_p(xml) for _, xml, _ in WORD_SAVED)
    rezip(template, "word/document.xml", "<w:body>", "<w:body>" + DELETED_PARAGRAPH + paragraphs + TRACKED_ROWS)
    _add_comments(template)
    before = {name: digest(ws / name) for name in ("sources", "templates")}
    status, out, err = run(ws, "build", kit(ws))
    assert status == 0, err + out
    built = next((ws / "build").rglob("*.docx"))
    document = Document(str(built))
    texts = [p.text for p in document.paragraphs[: len(WORD_SAVED)]]
    assert dict(zip((name for name, _, _ in WORD_SAVED), texts)) == {name: text for name, _, text in WORD_SAVED}
    assert [[c.text for c in row.cells] for row in document.tables[0].rows] == [
        ["Rubrik"],
        ["Rad ett"],
        ["Ny rad 2026"],
    ]
    with zipfile.ZipFile(built) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
        everything = b"".join(archive.read(name) for name in archive.namelist())
    for mark in ("<w:ins ", "<w:del ", "<w:moveFrom", "<w:moveTo", "Change ", "<w:comment", "<w:sdt", "fldSimple"):
        assert mark not in body, mark
    assert "UTKAST" not in body and "Borttaget stycke" not in body and "BORTTAGEN" not in body
    assert "MERGEFIELD" not in body and "DOCPROPERTY" not in body
    assert b"Anna Andersson" not in everything and b"Kolla med Per" not in everything  # the comment stays home
    assert not any(name.startswith("word/comments") for name in zipfile.ZipFile(built).namelist())
    assert {name: digest(ws / name) for name in ("sources", "templates")} == before


def test_single_braces_stop_the_build_naming_the_text(ws):
    rezip(ws / "templates" / KIT_TEMPLATE, "word/document.xml", TITLE, _run("Plan för { dokument.år }"))
    err = refused(
        ws,
        ["build", kit(ws)],
        "mallen har texten «{ dokument.år }» med enkla klamrar.*i stycket «Plan för { dokument.år }».*"
        "En tagg skrivs med dubbla klamrar: «{{ dokument.år }}»",
        "verksamhetsplan.docx",
    )
    assert "Inget dokument skrevs" in err


def test_no_break_spaces_in_a_paragraph_tag_read_as_spaces(ws):
    """{%p if %} typed with Ctrl+Shift+Space, or copied from a web page: Word shows the spaces
    as spaces; docxtpl reads {%p …%} only with a plain one (was 'taggen {% p %} finns inte')."""
    nbsp = "\u00a0"
    shown = (
        _p(_run(f"{{%p{nbsp}if{nbsp}dokument.titel{nbsp}%}}")) + _p(_run("Synlig")) + _p(_run(f"{{%p{nbsp}endif %}}"))
    )
    rezip(ws / "templates" / KIT_TEMPLATE, "word/document.xml", "<w:body>", "<w:body>" + shown)
    status, out, err = run(ws, "build", kit(ws))
    assert status == 0, err + out
    texts = [p.text for p in Document(str(next((ws / "build").rglob("*.docx")))).paragraphs]
    assert texts[0] == "Synlig" and not any("%" in text for text in texts)


@pytest.mark.parametrize(
    "typed, fixed",
    [
        ("{ %if dokument.titel %}x{% endif %}", "{%if dokument.titel %}"),
        ("{ {p dokument.titel|md }}", "{{p dokument.titel|md }}"),  # was built, braces and all, into the document
    ],
)
def test_a_space_inside_a_tags_opening_is_named_with_its_fix(ws, typed, fixed):
    err = _kit_refused(
        ws,
        TITLE,
        _run(typed),
        f"mallen har texten «{re.escape(typed.split('x{%')[0])}» med ett mellanslag inne i taggens början, så den är "
        f"ingen tagg.*Ta bort mellanslaget: «{re.escape(fixed)}»",
    )
    assert "Inget dokument skrevs" in err


def test_a_broken_tag_in_a_tables_alt_text_is_named(ws):
    """Word's Tabellegenskaper › Alternativ text holds tags too; '{ { x }}' there was built into
    the document's alt text as typed."""
    table = _table(_row("Rad ett")).replace('w:val="Rader"', 'w:val="Rader för { { dokument.år }}"')
    _kit_refused(
        ws,
        "<w:body>",
        "<w:body>" + table,
        "mallen har texten «{ { dokument.år }}» med ett mellanslag inne i taggens början.*"
        "i alternativtexten «Rader för { { dokument.år }}».*Ta bort mellanslaget: «{{ dokument.år }}»",
    )


@pytest.mark.parametrize(
    "typed, expected",
    [
        (  # Word's AutoCorrect capitalises a sentence's first letter
            "{% If dokument.titel %}x{% endif %}",
            "taggen {% If %} finns inte; skriv den med liten bokstav, {% if %} \\(Words autokorrigering",
        ),
        (
            "{% if dokument.titel %}x{% end if %}",
            "taggen {% end %} finns inte; skriv {% endif %} i ett ord, utan mellanslag",
        ),
    ],
)
def test_a_tag_word_mistyped_is_named_with_its_fix(ws, typed, expected):
    _kit_refused(ws, TITLE, _run(typed), expected)


def test_an_if_in_a_table_cell_ending_after_the_table_is_named(ws):
    """{%p if %} in a cell and its {%p endif %} after the table would cut the table in two
    when the condition is false: named before rendering (was libxml's 'tag mismatch' in English)."""
    table = _table(_row("{%p if not dokument.titel %}")) + _p(_run("{%p endif %}"))
    _kit_refused(
        ws,
        "<w:body>",
        "<w:body>" + table,
        "mallens «{% if not dokument.titel %}» står i en tabellcell men «{% endif %}» står utanför "
        "tabellcellen.*båda i samma tabellcell, båda utanför tabellen",
    )


def test_a_document_the_template_breaks_is_named_in_swedish(ws):
    """XML a tag breaks (here a |safe text opening a run it never closes): libxml's words in
    Swedish, and the text near it without Word's markup."""
    tag = "{{ '&lt;w:r&gt;&lt;w:t&gt;trasig'|safe }}"
    rezip(ws / "templates" / KIT_TEMPLATE, "word/document.xml", TITLE, _run(tag))
    refused(
        ws,
        ["build", kit(ws)],
        "inte går att läsa \\(Words element t avslutas av p: en tagg eller en text med \\|safe delar ett stycke, "
        "en tabell eller en länk i två\\) nära texten «trasig",
        "verksamhetsplan.docx",
    )


def test_the_repositorys_templates_are_left_as_they_are():
    """No template in the repository has anything to make plain: each part comes back unchanged."""
    from lxml import etree

    from docgen.pipeline import ROOT

    templates = sorted((ROOT / "templates").rglob("*.docx"))
    assert len(templates) >= 15
    for template in templates:
        with zipfile.ZipFile(template) as archive:
            for name in archive.namelist():
                if re.fullmatch(r"word/(document|header\d*|footer\d*|footnotes)\.xml", name):
                    root = etree.parse(io.BytesIO(archive.read(name))).getroot()
                    xml = etree.tostring(root, encoding="unicode")
                    assert plain(xml) is xml, (template, name)


# ---------------------------------------------------------------- small surprises in the sources


def test_a_hash_meant_as_text_stops_the_build_at_its_line(ws):
    """'titel: Plan #2' is 'Plan' in YAML (' #' starts a comment): said, with the line and the fix."""
    line = mistakes.edit(kit(ws, "dokument.yaml"), '  titel: "Verksamhetsplan 2026"', "  titel: Plan #2")
    refused(
        ws,
        ["build", kit(ws)],
        "värdet blir bara 'Plan': ' #' inleder en kommentar i YAML, så '#2' kommer inte med. "
        'Skriv värdet inom citattecken om #-tecknet hör till texten: "Plan #2"',
        "dokument.yaml",
        line,
    )


def test_comments_after_values_in_the_seeds_and_starter_kit_are_still_comments():
    """The rule never fires on a comment written '  # text' (every source and the starter kit load)."""
    from docgen.pipeline import ROOT
    from docgen.sources.load import load_yaml_text

    files = [*(ROOT / "sources").rglob("*.yaml"), *(ROOT / "templates" / "startpaket").rglob("*.yaml")]
    commented = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        if "«" in text:  # the starter kit's files before `docgen new` fills them in
            continue
        load_yaml_text(text, path)
        commented += bool(re.search(r"\S\s+# ", text))
    assert commented >= 10


AGENDA = Path("kramfors-kommun") / "ksau-2018-arendelista"


def test_an_agenda_numbered_from_the_minutes_paragraph(ws):
    """första_paragraf: 26 numbers Kramfors's twelve items 26–37, in the table and the headings."""
    folder = ws / "sources" / AGENDA
    status, out, err = run(ws, "build", folder)
    assert status == 0, err + out
    document = Document(str(next((ws / "build").rglob("*.docx"))))
    rows = [[c.text for c in r.cells] for r in document.tables[0].rows]
    assert [r[0] for r in rows[1:]] == [str(n) for n in range(26, 38)]
    # nobody presents an item at this meeting: the template's Föredragande column is left out
    assert rows[0] == ["Nr", "Ärende", "Dnr"]
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "26. Information" and headings[-1].startswith("37. ")


def test_a_first_paragraph_that_is_no_number_is_named_at_its_line(ws):
    path = ws / "sources" / AGENDA / "foredragningslista.yaml"
    line = mistakes.edit(path, "  första_paragraf: 26", "  första_paragraf: §26")
    refused(ws, ["build", path.parent], "första_paragraf.*'§26'", "foredragningslista.yaml", line)


@pytest.mark.parametrize("span", ["<w:gridSpan/>", '<w:gridSpan w:val="2.0"/>'])
def test_a_merged_cell_without_its_column_count_is_named_with_what_to_do(ws, span):
    """A cell's w:gridSpan (Word's Sammanfoga celler) without w:val: ECMA-376 §17.4.17 requires
    the count (CT_DecimalNumber, val required); neither Word nor LibreOffice writes one without
    it, but a template edited by another tool or by hand may (or one that is no whole number). Named
    in Swedish with the template and the cell's text, never 'internt fel' (the accessibility gate's
    or docxtpl's int()); build/, templates/ and sources/ untouched."""
    wide = (
        '<w:tbl><w:tblPr><w:tblW w:w="6000" w:type="dxa"/><w:tblCaption w:val="Rader"/></w:tblPr><w:tblGrid>'
        '<w:gridCol w:w="3000"/><w:gridCol w:w="3000"/></w:tblGrid>'
        "<w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc><w:p><w:r><w:t>Rubrik</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>Belopp</w:t></w:r></w:p></w:tc></w:tr>"
        f"<w:tr><w:tc><w:tcPr>{span}</w:tcPr><w:p><w:r><w:t>Summa för året</w:t></w:r></w:p></w:tc></w:tr>"
        "</w:tbl>"
    )
    _kit_refused(
        ws,
        "<w:body>",
        "<w:body>" + wide,
        "en sammanfogad tabellcell \\(cellen «Summa för året»\\) som inte anger hur många kolumner den spänner över.*"
        "Öppna mallen i Word eller LibreOffice Writer, dela cellen",
    )
