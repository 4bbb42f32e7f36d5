"""A picture in the template's running header (a logo) without alt text: marked decorative in the
built document (Word's accessibility checker accepts it, the template is unchanged) and told by
`docgen check` in Swedish, naming the template and what to do in Word or LibreOffice."""

from __future__ import annotations

import hashlib
import zipfile

import pytest
from lxml import etree

from docgen.commands.check import check_document
from docgen.word.headerpictures import ADEC, DECORATIVE_URI

from . import test_landscape_headers as headers
from .test_vocabulary import kommun  # noqa: F401  (the fixture)

WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
FOLDER = ("exempelby-kommun", "uppfoljning-2026-08")
DESCRIBED = 'descr="Exempelby kommuns logotyp"'


@pytest.fixture(params=["utan", "med"])
def logo(request, kommun, tmp_path, monkeypatch):  # noqa: F811
    """The uppföljning template with a logo in its header, without or with alt text."""
    if request.param == "utan":
        monkeypatch.setattr(headers, "LOGO", headers.LOGO.replace(" " + DESCRIBED, ""))
    return request.param, headers._with_logo(kommun, tmp_path)


def _header_pictures(docx) -> list:
    with zipfile.ZipFile(docx) as archive:
        return [
            picture
            for name in archive.namelist()
            if name.startswith("word/header")
            for picture in etree.fromstring(archive.read(name)).iter(f"{WP}docPr")
        ]


def test_a_header_logo_without_alt_text_is_marked_decorative_and_checked(logo):
    from docgen.pipeline import build

    kind, project = logo
    template = project.templates / headers.TEMPLATE
    before = hashlib.sha256(template.read_bytes()).hexdigest()
    assert (DESCRIBED in "".join(p.decode() for p in _parts(template))) == (kind == "med")
    built = build(project.sources.joinpath(*FOLDER), project)
    pictures = _header_pictures(built)
    assert pictures
    marks = [p.find(f"{{*}}extLst/{{*}}ext[@uri='{DECORATIVE_URI}']/{{{ADEC}}}decorative") for p in pictures]
    if kind == "utan":
        assert all(m is not None and m.get("val") == "1" for m in marks)
        assert all(not p.get("descr") for p in pictures)
    else:
        assert all(m is None for m in marks) and all(p.get("descr") for p in pictures)
    assert hashlib.sha256(template.read_bytes()).hexdigest() == before  # the editor's file as it was
    warned = [p for p in check_document(project.sources.joinpath(*FOLDER), project) if "alternativtext" in p.message]
    if kind == "med":
        assert warned == []
        return
    (warning,) = warned
    assert warning.warning and warning.file == template
    assert warning.message.startswith("sidhuvudet har en bild utan alternativtext ('Logotyp'")
    assert "Redigera alternativtext" in warning.hint and "Markera som dekorativ" in warning.hint


def _parts(template) -> list[bytes]:
    with zipfile.ZipFile(template) as archive:
        return [archive.read(n) for n in archive.namelist() if n.startswith("word/header")]
