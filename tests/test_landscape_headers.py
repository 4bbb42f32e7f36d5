"""The running header and footer of a landscape page (bred_tabell: liggande): at the landscape
page's margins, with the template's content, markers and running page numbers."""

from __future__ import annotations

import dataclasses
import re
import shutil
import zipfile

import pytest
from lxml import etree

from docgen.commands.pdf import find_libreoffice, to_pdf
from docgen.pipeline import ROOT

from . import layout
from .test_vocabulary import kommun  # noqa: F401  (the fixture)
from .test_wide_tables import _build, _sections

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
TEMPLATE = "gemensam/uppfoljning.docx"
MARGIN = 1417 / 20  # points: the template's left and right page margins
CENTRED_FOOTER = '<w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="center"/></w:pPr>'
# what an editor does in Word: the footer's page number moved to a right tab at the margin (the
# footer style's own stops cleared), with a note still to be written at its left
RIGHT_FOOTER = (
    '<w:pPr><w:pStyle w:val="Footer"/><w:tabs><w:tab w:val="clear" w:pos="4680"/><w:tab w:val="clear" w:pos="9360"/>'
    '<w:tab w:val="right" w:pos="9071"/></w:tabs></w:pPr>'
    '<w:r><w:rPr><w:sz w:val="18"/></w:rPr><w:t>[ATT UPPDATERA: sidfot]</w:t><w:tab/></w:r>'
)


def _with_template(kommun, tmp_path, change):  # noqa: F811
    """The project with a copy of the templates whose uppföljning template is changed by `change`
    (part name → new XML, from the part's XML)."""
    templates = tmp_path / "mallar"
    shutil.copytree(ROOT / "templates", templates)
    path = templates / TEMPLATE
    with zipfile.ZipFile(path) as archive:
        parts = {info: archive.read(info) for info in archive.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts.items():
            if info.filename.endswith(".xml"):
                data = change(info.filename, data.decode("utf-8")).encode("utf-8")
            archive.writestr(info, data)
    return dataclasses.replace(kommun, templates=templates)


def _right_footer(name: str, xml: str) -> str:
    if name == "word/footer1.xml":
        assert CENTRED_FOOTER in xml
        return xml.replace(CENTRED_FOOTER, RIGHT_FOOTER)
    return xml


def _words_at_foot_and_head(page) -> tuple[list, list]:
    words = page.extract_words()
    return [w for w in words if w["top"] < 50], [w for w in words if w["bottom"] > page.height - 50]


@pytest.mark.skipif(find_libreoffice() is None, reason="LibreOffice saknas")
def test_the_page_number_and_title_stand_at_the_landscape_pages_right_margin(kommun, tmp_path):  # noqa: F811
    import pdfplumber

    project = _with_template(kommun, tmp_path, _right_footer)
    built = _build(project, ["liggande", "liggande"])  # one after the other: one landscape page
    (pdf,) = to_pdf([built])
    assert layout.problems(pdf, built, project.templates / TEMPLATE) == []
    with pdfplumber.open(pdf) as document:
        pages = list(document.pages)
        assert [page.width > page.height for page in pages] == [False, True, False]
        numbers = []
        for page in pages:
            head, foot = _words_at_foot_and_head(page)
            right = page.width - MARGIN
            assert abs(max(w["x1"] for w in foot) - right) < 3, f"page number of p{page.page_number} not at the margin"
            assert abs(max(w["x1"] for w in head) - right) < 3, f"title of p{page.page_number} not at the margin"
            assert abs(min(w["x0"] for w in foot) - MARGIN) < 3
            numbers.append(" ".join(w["text"] for w in foot if w["x0"] > page.width / 2))
    assert numbers == ["Sida 1 av 3", "Sida 2 av 3", "Sida 3 av 3"]  # the numbering runs on


def _parts(built) -> dict[str, bytes]:
    with zipfile.ZipFile(built) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_landscape_sections_header_and_footer_in_the_docx(kommun, tmp_path):  # noqa: F811
    project = _with_template(kommun, tmp_path, _right_footer)
    built = _build(project, ["liggande", None, "liggande"])
    first = _parts(built)
    root, sections = _sections(built)
    rels = etree.fromstring(first["word/_rels/document.xml.rels"])
    target = {r.get("Id"): r.get("Target") for r in rels}
    r_id = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    landscape = [s for s in sections if s.find("w:pgSz", NS).get(f"{{{W}}}orient") == "landscape"]
    portrait = [s for s in sections if s not in landscape]
    assert len(landscape) == 2
    shown = lambda sect: sorted(target[r.get(r_id)] for r in sect if r.tag.endswith("Reference"))  # noqa: E731
    assert {tuple(shown(s)) for s in portrait} == {("footer1.xml", "header1.xml")}
    assert {tuple(shown(s)) for s in landscape} == {("footer2.xml", "header2.xml")}  # one copy for both
    for sect in landscape:  # page numbers run on: no restart in a landscape piece
        numbering = sect.find("w:pgNumType", NS)
        assert numbering is None or numbering.get(f"{{{W}}}start") is None
    for kind in ("header", "footer"):
        portrait_xml, landscape_xml = first[f"word/{kind}1.xml"].decode(), first[f"word/{kind}2.xml"].decode()
        text = lambda xml: re.sub(r"<[^>]+>", "", xml)  # noqa: E731
        assert text(landscape_xml) == text(portrait_xml)  # the template's content, rendered
        assert 'w:pos="9071"' in portrait_xml and f'w:pos="{9071 * 14004 // 9072}"' in landscape_xml
    footer = first["word/footer2.xml"].decode()
    assert 'w:instr=" PAGE "' in footer and 'w:instr=" NUMPAGES "' in footer
    assert re.search(r'<w:rStyle w:val="Attuppdatera"/>.*?\[ATT UPPDATERA: sidfot\]', footer)
    built.unlink()
    assert _parts(_build_again(project)) == first  # the same sources give the same bytes


def _build_again(project):
    from docgen.pipeline import build

    return build(project.sources / "exempelby-kommun" / "uppfoljning-2026-08", project)


def _no_header(name: str, xml: str) -> str:
    if name == "word/document.xml":
        return re.sub(r"<w:(header|footer)Reference [^>]*/>", "", xml)
    return xml


def test_a_template_without_header_or_footer(kommun, tmp_path):  # noqa: F811
    project = _with_template(kommun, tmp_path, _no_header)
    built = _build(project, ["liggande"])
    root, sections = _sections(built)
    assert len(sections) == 3 and not [r for s in sections for r in s if r.tag.endswith("Reference")]
    assert not [n for n in _parts(built) if re.match(r"word/(header|footer)\d+\.xml$", n) and n.endswith("2.xml")]


def test_the_copies_do_not_touch_a_portrait_only_document(kommun):  # noqa: F811
    built = _build(kommun, [None])
    names = [n for n in _parts(built) if re.match(r"word/(header|footer)\d+\.xml$", n)]
    assert sorted(names) == ["word/footer1.xml", "word/header1.xml"]


def _png(width: int = 30, height: int = 10) -> bytes:
    """A small dark-blue PNG (a logo), written without an image library."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"\x1f\x38\x64" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


LOGO_AT = 6120000  # EMU from the page's left edge: a logo at the top right of the portrait page
LOGO_SIZE = (900000, 300000)
LOGO = (
    '<w:r><w:drawing><wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" '
    'relativeHeight="251659264" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
    '<wp:simplePos x="0" y="0"/>'
    f'<wp:positionH relativeFrom="page"><wp:posOffset>{LOGO_AT}</wp:posOffset></wp:positionH>'
    '<wp:positionV relativeFrom="page"><wp:posOffset>180000</wp:posOffset></wp:positionV>'
    f'<wp:extent cx="{LOGO_SIZE[0]}" cy="{LOGO_SIZE[1]}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
    '<wp:docPr id="101" name="Logotyp" descr="Exempelby kommuns logotyp"/>'
    '<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'noChangeAspect="1"/></wp:cNvGraphicFramePr>'
    '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:nvPicPr><pic:cNvPr id="0" name="logotyp.png"/><pic:cNvPicPr/></pic:nvPicPr>'
    '<pic:blipFill><a:blip r:embed="rIdLogotyp"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
    f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{LOGO_SIZE[0]}" cy="{LOGO_SIZE[1]}"/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
    "</wp:anchor></w:drawing></w:r>"
)


def _with_logo(kommun, tmp_path):  # noqa: F811
    """The uppföljning template with a logo in its header placed from the page's left edge, as
    Word places a picture set "In front of text" at an absolute position to the page."""
    project = _with_template(
        kommun,
        tmp_path,
        lambda name, xml: (
            xml.replace("</w:r></w:p></w:hdr>", "</w:r>" + LOGO + "</w:p></w:hdr>")
            if name == "word/header1.xml"
            else xml.replace(
                '<Default Extension="xml"', '<Default Extension="png" ContentType="image/png"/><Default Extension="xml"'
            )
            if name == "[Content_Types].xml"
            else xml
        ),
    )
    path = project.templates / TEMPLATE
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/logotyp.png", _png())
        archive.writestr(
            "word/_rels/header1.xml.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rIdLogotyp" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
            'Target="media/logotyp.png"/></Relationships>',
        )
    return project


def test_a_header_logo_placed_from_the_page_edge_keeps_its_place_on_a_landscape_page(kommun, tmp_path):  # noqa: F811
    """A logo at the top right of the portrait page, placed from the page's left edge: on the
    landscape copy of the header it moves right with the wider page (it stood 246 pt from the
    right edge there, in the middle of the title)."""
    project = _with_logo(kommun, tmp_path)
    built = _build(project, ["liggande"])
    parts = _parts(built)
    assert "posOffset>" + str(LOGO_AT) in parts["word/header1.xml"].decode()
    moved = LOGO_AT + (16838 - 11906) * 635  # the page is 4 932 twips wider
    assert f"<wp:posOffset>{moved}</wp:posOffset>" in parts["word/header2.xml"].decode()
    assert "<wp:posOffset>180000</wp:posOffset>" in parts["word/header2.xml"].decode()  # at the top still
    if find_libreoffice() is None:
        pytest.skip("LibreOffice saknas")
    import pdfplumber

    (pdf,) = to_pdf([built])
    with pdfplumber.open(pdf) as document:
        gaps = []
        for page in document.pages:
            (logo,) = [image for image in page.images if image["top"] < 40]
            gaps.append((page.width > page.height, round(page.width - logo["x1"])))
    assert [turned for turned, _ in gaps] == [False, True, False]
    assert len({gap for _, gap in gaps}) == 1, gaps  # as far from the right edge on every page
