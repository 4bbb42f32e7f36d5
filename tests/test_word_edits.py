"""What an editor does to a template in Word, saved by Word (tests/wordsave.py), built through
the command line and read back: the starter kit's verksamhetsplan made by `docgen new`.

Each edit either builds (what the editor typed is in the document, the rest reads as before) or
stops the build with one Swedish message naming the template, where in it, and what to do;
never a traceback, and sources/, templates/ and build/ as they were.
"""

from __future__ import annotations

import io
import shutil
import zipfile

from docx import Document
from PIL import Image

from tests import test_editor_mistakes as mistakes
from tests.test_editor_mistakes import KIT_TEMPLATE, digest, kit, refused, rezip, run

from .wordsave import save_as_word

base, ws = mistakes.base, mistakes.ws  # the same fixtures: sources/ and templates/ with the starter kit

TITLE = "<w:r><w:t>{{ dokument.titel }}</w:t></w:r>"
CHANGE = 'w:author="Anna Andersson" w:date="2026-11-20T10:00:00Z"'
HEADER_RUN = '<w:r><w:rPr><w:sz w:val="17"/></w:rPr><w:t xml:space="preserve">{{ dokument.organisation }}</w:t>'
# the styrtal table's last row, {%tr endfor %}, as the starter kit has it
LAST_ROW_END = "<w:t>{%tr endfor %}</w:t></w:r></w:p></w:tc>"


def _paragraph(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def _edited_and_saved(ws, part: str, old: str, new: str) -> None:
    """The editor's change in Word, then Word's save."""
    template = ws / "templates" / KIT_TEMPLATE
    rezip(template, part, old, new)
    save_as_word(template)


def _built(ws) -> Document:
    before = {name: digest(ws / name) for name in ("sources", "templates")}
    status, out, err = run(ws, "build", kit(ws))
    assert status == 0, err + out
    assert {name: digest(ws / name) for name in ("sources", "templates")} == before
    return Document(str(next((ws / "build").rglob("*.docx"))))


def _texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def test_a_new_tag_typed_with_autocorrect(ws):
    """Word's AutoCorrect makes the quotes curly and ' - ' a dash as the editor types."""
    typed = _paragraph("Planen gäller {{ dokument.år }}–{{ dokument.år – 1 + 2 }} ({{ dokument.titel|default(”–”) }}).")
    _edited_and_saved(ws, "word/document.xml", "<w:body>", "<w:body>" + typed)
    assert _texts(_built(ws))[0] == "Planen gäller 2026–2027 (Verksamhetsplan 2026)."


def test_a_tracked_change_left_in_builds_as_accepted(ws):
    """A tag replaced with Spåra ändringar on and never accepted: the document shows the new one."""
    tracked = (
        f'<w:del w:id="801" {CHANGE}><w:r><w:delText>{{{{ dokument.titel }}}}</w:delText></w:r></w:del>'
        f'<w:ins w:id="802" {CHANGE}><w:r><w:t>{{{{ dokument.nämnd }}}}</w:t></w:r></w:ins>'
    )
    _edited_and_saved(ws, "word/document.xml", TITLE, tracked)
    document = _built(ws)
    assert _texts(document)[0] == "Kommunstyrelsen"
    with zipfile.ZipFile(next((ws / "build").rglob("*.docx"))) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    assert "<w:del " not in body and "<w:ins " not in body and "Anna Andersson" not in body


def test_a_row_added_at_the_end_of_a_table(ws):
    """The editor adds a row under the styrtal table (Tab in its last cell) and writes a source
    line in it: every table made from it ends with that row."""
    row = (
        '<w:tr><w:tc><w:tcPr><w:tcW w:type="dxa" w:w="4309"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="Tabelltext"/>'
        "</w:pPr><w:r><w:t>Källa: egen mätning</w:t></w:r></w:p></w:tc>"
        + '<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="1587"/></w:tcPr><w:p/></w:tc>' * 3
        + "</w:tr>"
    )
    template = ws / "templates" / KIT_TEMPLATE
    with zipfile.ZipFile(template) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    end = body.index("</w:tbl>", body.index(LAST_ROW_END))
    _edited_and_saved(
        ws, "word/document.xml", body[end - 200 : end] + "</w:tbl>", body[end - 200 : end] + row + "</w:tbl>"
    )
    document = _built(ws)
    tables = [t for t in document.tables if t.rows[0].cells[0].text == "Indikator"]
    assert tables
    for table in tables:
        assert table.rows[-1].cells[0].text == "Källa: egen mätning"
        assert [c.text for c in table.rows[-2].cells] != ["Källa: egen mätning"] * 4


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 20), (0, 70, 140)).save(buffer, "PNG")
    return buffer.getvalue()


def _logo(descr: str) -> str:
    """An inline picture in a run, as Word 365 writes Infoga › Bilder (one docPr, its alt text)."""
    return (
        '<w:r><w:rPr><w:noProof/></w:rPr><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
        '<wp:extent cx="571500" cy="190500"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="1" name="Bild 1" descr="{descr}"/><wp:cNvGraphicFramePr>'
        '<a:graphicFrameLocks xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" noChangeAspect="1"/>'
        '</wp:cNvGraphicFramePr><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr>'
        '<pic:cNvPr id="1" name="Bild 1"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="rId1"/>'
        '<a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
        '<a:ext cx="571500" cy="190500"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
        "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    )


def _with_logo(ws, descr: str) -> None:
    template = ws / "templates" / KIT_TEMPLATE
    rezip(template, "word/header1.xml", HEADER_RUN, _logo(descr) + HEADER_RUN)
    rezip(
        template,
        "[Content_Types].xml",
        "<Default ",
        '<Default Extension="png" ContentType="image/png"/><Default ',
    )
    with zipfile.ZipFile(template, "a") as archive:
        archive.writestr("word/media/image1.png", _png())
        archive.writestr(
            "word/_rels/header1.xml.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"'
            ' Target="media/image1.png"/></Relationships>',
        )
    save_as_word(template)


def test_a_logo_in_the_header(ws):
    _with_logo(ws, "Testby kommuns logotyp")
    document = _built(ws)
    header = document.sections[0].header
    assert header.tables[0].cell(0, 0).text == "Testby kommun"  # the logo beside the name
    assert header.part.rels and any(r.reltype.endswith("/image") for r in header.part.rels.values())


def test_an_unknown_field_typed_in_word_is_named_whole(ws):
    """Word splits the new tag into runs with its speller's marks: the message quotes it whole."""
    _edited_and_saved(ws, "word/document.xml", "<w:body>", "<w:body>" + _paragraph("Plan för {{ dokument.titl }} i år"))
    refused(
        ws,
        ["build", kit(ws)],
        "mallen använder 'titl' på dokument, men källorna har inget sådant fält \\(i texten «{{ dokument.titl }}»\\)",
        "verksamhetsplan.docx",
    )


def test_an_enter_inside_a_tag_is_named(ws):
    """Enter pressed inside a tag: docxtpl would join the two paragraphs into one."""
    split = _paragraph("Plan för {{ dokument.") + _paragraph("titel }} i år")
    _edited_and_saved(ws, "word/document.xml", "<w:body>", "<w:body>" + split)
    refused(
        ws,
        ["build", kit(ws)],
        "mallens tagg «{{ dokument.» slutar inte i sitt stycke \\(i stycket «Plan för {{ dokument.»\\)\\. "
        "Skriv taggens slut, «}}», i samma stycke\\. Har taggen delats av ett Enter, ta bort styckebrytningen",
        "verksamhetsplan.docx",
    )


def test_an_enter_inside_a_tag_in_a_table_cell_is_named(ws):
    """In a cell the joined paragraphs would have broken the table (unreadable XML)."""
    cell = "<w:t>{{ s.utfall|värde }}</w:t></w:r></w:p>"
    split = '<w:t>{{ s.</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val="Tabelltal"/></w:pPr><w:r><w:t>utfall|värde }}</w:t></w:r></w:p>'
    _edited_and_saved(ws, "word/document.xml", cell, split)
    refused(
        ws, ["build", kit(ws)], "mallens tagg «{{ s.» i en tabellcell slutar inte i sitt stycke", "verksamhetsplan.docx"
    )


def test_a_brace_left_out_in_the_header_is_named(ws):
    _edited_and_saved(ws, "word/header1.xml", "{{ dokument.organisation }}", "{{ dokument.organisation }")
    refused(
        ws,
        ["build", kit(ws)],
        "mallens tagg «{{ dokument.organisation }» i en tabellcell i sidhuvudet slutar inte i sitt stycke.*Skriv taggens slut, «}}»",
        "verksamhetsplan.docx",
    )


# Word's Arkiv › Spara som › "Strikt Open XML-dokument (*.docx)": ISO 29500 Strict's names
STRICT = (
    (
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "http://purl.oclc.org/ooxml/wordprocessingml/main",
    ),
    (
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        "http://purl.oclc.org/ooxml/officeDocument/relationships",
    ),
    ("http://schemas.openxmlformats.org/drawingml/2006/main", "http://purl.oclc.org/ooxml/drawingml/main"),
)


def test_a_template_saved_as_strict_open_xml_is_named_with_the_format_to_choose(ws):
    """It was python-docx's English ('no relationship of type … in collection')."""
    template = ws / "templates" / KIT_TEMPLATE
    with zipfile.ZipFile(template) as archive:
        parts = [(info, archive.read(info.filename)) for info in archive.infolist()]
    with zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts:
            if info.filename.endswith((".xml", ".rels")):
                text = data.decode("utf-8")
                for transitional, strict in STRICT:
                    text = text.replace(transitional, strict)
                data = text.encode("utf-8")
            archive.writestr(info, data)
    refused(
        ws,
        ["build", kit(ws)],
        "mallen går inte att öppna: filen är sparad som Strikt Open XML, som docgen inte läser.*"
        "spara den med Arkiv › Spara som, filformatet Word-dokument \\(\\.docx\\), inte Strikt Open XML",
        "verksamhetsplan.docx",
    )


def test_a_content_control_around_the_att_satser_builds_as_before(ws):
    """Utvecklare › Kontroller › RTF-innehållskontroll around the proposal's paragraphs (a block
    content control holding the {%p for %} … {%p endfor %} paragraphs): unwrapped, the same text."""
    template = ws / "templates" / KIT_TEMPLATE
    with zipfile.ZipFile(template) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    start = body.rindex("<w:p>", 0, body.index("{%p for a in beslut.att_satser %}"))
    end = body.index("</w:p>", body.index("{%p endfor %}", start)) + len("</w:p>")
    before = _built(ws)
    shutil.rmtree(ws / "build")
    (ws / "build").mkdir()
    control = (
        '<w:sdt><w:sdtPr><w:alias w:val="Förslag"/><w:tag w:val="förslag"/><w:id w:val="-1745"/></w:sdtPr>'
        f"<w:sdtContent>{body[start:end]}</w:sdtContent></w:sdt>"
    )
    _edited_and_saved(ws, "word/document.xml", body[start:end], control)
    assert _texts(_built(ws)) == _texts(before)
