"""A field the sources leave empty, shown by a template, is an ATT UPPDATERA marker for the
editor (which a final build refuses), never the word "None" in a board's document."""

from __future__ import annotations

import zipfile

import pytest

from docgen.errors import DocgenError
from docgen.pipeline import build
from docgen.word.readback import document_text

STATUS = "region-orebro-lan/hsn-vp-2026-styrtalsstatus"
TEMPLATE = "gemensam/uppfoljning.docx"


def add_tag_to_template(path, tag: str) -> None:
    """What an editor does in Word: type a tag into the first paragraph of the body."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    first_text = xml.index("<w:t>") + len("<w:t>") if "<w:t>" in xml else xml.index("<w:t ")
    if xml[first_text - 1] != ">":
        first_text = xml.index(">", first_text) + 1
    parts["word/document.xml"] = (xml[:first_text] + tag + " " + xml[first_text:]).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_an_empty_field_is_marked_not_written_none(workspace):
    add_tag_to_template(workspace.templates / TEMPLATE, "{{ dokument.ämne }}")
    text = document_text(build(workspace.sources / STATUS, workspace))
    assert "None" not in text
    assert "[ATT UPPDATERA: uppgiften saknas i källorna]" in text


def test_a_final_build_refuses_an_empty_field(workspace):
    add_tag_to_template(workspace.templates / TEMPLATE, "{{ dokument.ämne }}")
    with pytest.raises(DocgenError) as refused:
        build(workspace.sources / STATUS, workspace, final=True)
    assert "ATT UPPDATERA" in str(refused.value)
