"""Pictures in the document: an image part, an inline drawing with its alt text, and a
numbered caption ("Figur 1. …") below it, in the template's styles."""

from __future__ import annotations

import io
from docgen.word.xmltext import quoteattr

from docgen.word.markdown import paragraph, run

EMU_PER_CM = 360000
FIGURE_STYLE = "Figur"
CAPTION = "Caption"


def figure_xml(
    document,
    png: bytes,
    alt_text: str,
    caption: str,
    number: int,
    width_cm: float,
    height_cm: float,
    drawing_id: int,
    label: str = "Figur",
    below: str = "",
) -> str:
    """Add the image to `document` (a python-docx Document) and return the paragraphs that show it."""
    relationship, _image = document.part.get_or_add_image(io.BytesIO(png))
    cx, cy = int(width_cm * EMU_PER_CM), int(height_cm * EMU_PER_CM)
    name = quoteattr(f"{label} {number}")
    descr = quoteattr(alt_text)
    drawing = (
        "<w:r><w:drawing>"
        '<wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{cx}" cy="{cy}"/>'
        f'<wp:docPr id="{drawing_id}" name={name} descr={descr}/>'
        '<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'noChangeAspect="1"/></wp:cNvGraphicFramePr>'
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        f'<pic:nvPicPr><pic:cNvPr id="0" name="figur-{number}.png" descr={descr}/><pic:cNvPicPr/></pic:nvPicPr>'
        '<pic:blipFill><a:blip xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        f'r:embed="{relationship}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
        f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
        "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    )
    caption_runs = (
        run(f"{label} ")
        + '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        + f'<w:r><w:instrText xml:space="preserve"> SEQ {label} \\* ARABIC </w:instrText></w:r>'
        + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + run(str(number))
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        + run(f". {caption}")
    )
    after = paragraph(run(below), "Tabellfotnot") if below else ""
    return paragraph(drawing, FIGURE_STYLE, keep_next=True) + paragraph(caption_runs, CAPTION) + after
