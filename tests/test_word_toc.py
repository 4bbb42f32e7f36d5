"""A table of contents an editor inserts in the template with Word's Referenser ›
Innehållsförteckning (instead of the template's `{{p innehållsförteckning }}`): the built
document's TOC lists the document's own headings, as from the tag. Word's TOC holds the
template's headings as they stood when Word made it ('{% if kap.nummer %}… {{ kap.rubrik }}',
page numbers of the template): those must not reach the board, nor be rendered as tags."""

from __future__ import annotations

import re
import zipfile

from docx import Document

from docgen.pipeline import build

from .conftest import edit_part
from .test_board_pages import plan  # noqa: F401  (the fixture)
from .wordsave import save_as_word

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TAG_PLACE = (
    '<w:p><w:pPr><w:pStyle w:val="TOCHeading"/></w:pPr><w:r><w:t>Innehåll</w:t></w:r></w:p>'
    "<w:p><w:r><w:t>{{p innehållsförteckning }}</w:t></w:r></w:p>"
)
END = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
HEADING = "{% if kap.nummer %}{{ kap.nummer }} {% endif %}{{ kap.rubrik }}"


def _entry(style: str, text: str, page: str, anchor: str, first: bool = False, last: bool = False) -> str:
    """A line of Word's TOC as Word writes it: a hyperlink to the heading's bookmark, a tab,
    the page number as a PAGEREF field; the TOC field begins in the first line, ends in the last."""
    begin = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h \\z \\u </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    )
    return (
        f'<w:p><w:pPr><w:pStyle w:val="{style}"/><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9062"/></w:tabs>'
        f"<w:rPr><w:noProof/></w:rPr></w:pPr>{begin if first else ''}"
        f'<w:hyperlink w:anchor="{anchor}" w:history="1"><w:r><w:rPr><w:noProof/></w:rPr><w:t>{text}</w:t></w:r>'
        "<w:r><w:rPr><w:noProof/><w:webHidden/></w:rPr><w:tab/></w:r>"
        '<w:r><w:rPr><w:noProof/><w:webHidden/></w:rPr><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:rPr><w:noProof/><w:webHidden/></w:rPr><w:instrText xml:space="preserve"> PAGEREF {anchor} \\h </w:instrText></w:r>'
        '<w:r><w:rPr><w:noProof/><w:webHidden/></w:rPr><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r><w:rPr><w:noProof/><w:webHidden/></w:rPr><w:t>{page}</w:t></w:r>"
        '<w:r><w:rPr><w:noProof/><w:webHidden/></w:rPr><w:fldChar w:fldCharType="end"/></w:r></w:hyperlink>'
        + (END if last else "")
        + "</w:p>"
    )


WORD_TOC = (
    '<w:sdt><w:sdtPr><w:id w:val="-1503042516"/><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
    "<w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtEndPr><w:rPr><w:b/><w:bCs/></w:rPr></w:sdtEndPr><w:sdtContent>"
    '<w:p><w:pPr><w:pStyle w:val="TOCHeading"/></w:pPr><w:r><w:t>Innehåll</w:t></w:r></w:p>'
    + _entry("TOC1", HEADING, "2", "_Toc180000001", first=True)
    + _entry("TOC1", "Mallens gamla rubrik", "3", "_Toc180000002", last=True)
    + "</w:sdtContent></w:sdt>"
)


def _with_word_toc(template) -> None:
    """The editor's change: the tag's place deleted, Word's TOC inserted there; saved by Word."""

    def change(xml: str) -> str:
        assert xml.count(TAG_PLACE) == 1
        return xml.replace(TAG_PLACE, WORD_TOC)

    edit_part(template, "word/document.xml", change)
    save_as_word(template)


def _toc_lines(document) -> list[str]:
    return [p.text.split("\t")[0] for p in document.paragraphs if re.fullmatch(r"(TOC|Innehll)\d", p.style.style_id)]


def _headings(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.style_id in ("Heading1", "Heading2", "Rubrik1", "Rubrik2")]


def test_a_toc_inserted_in_word_lists_the_documents_headings(workspace, plan):  # noqa: F811
    template = next((workspace.templates / "prov-kommun").rglob("plan*.docx"))
    built = Document(str(build(plan, workspace)))
    expected = _toc_lines(built)
    assert len(expected) >= 3 and expected == [h for h in _headings(built) if h in expected]
    _with_word_toc(template)
    with zipfile.ZipFile(template) as archive:
        saved = archive.read("word/document.xml").decode("utf-8")
    assert "Table of Contents" in saved and "innehållsförteckning" not in saved  # the tag is gone
    document = Document(str(build(plan, workspace)))
    assert _toc_lines(document) == expected  # the document's headings, in order
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Mallens gamla rubrik" not in text and "kap.rubrik" not in text
    assert [p.text for p in document.paragraphs if p.style.name == "TOC Heading"] == ["Innehåll"]
