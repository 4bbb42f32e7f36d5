"""Read a built .docx back as structured text: for golden snapshots, tests and review.

One line per paragraph, prefixed by its style ("# " for Heading 1, "## " for Heading 2,
"- " for bullets, "[Caption] " …), and one line per table row with cells separated by
" | " (header rows start with "H|"). Non-breaking spaces are shown as "⍽" so that a
change in number formatting shows up in review.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

NBSP_SHOWN = "⍽"
PREFIX = {
    "Heading 1": "# ",
    "Heading 2": "## ",
    "Heading 3": "### ",
    "Heading 4": "#### ",
    "List Bullet": "- ",
    "Normal": "",
    "Title": "[Titel] ",
    "Subtitle": "[Undertitel] ",
}


def _style(paragraph: Paragraph) -> str:
    try:
        return paragraph.style.name if paragraph.style is not None else "Normal"
    except (KeyError, ValueError):
        return "Normal"


def _shown(text: str) -> str:
    return text.replace("\u00a0", NBSP_SHOWN)


def paragraph_line(paragraph: Paragraph) -> str | None:
    text = paragraph.text
    if not text.strip():
        return None
    style = _style(paragraph)
    prefix = PREFIX.get(style, f"[{style}] ")
    return prefix + _shown(text)


def table_lines(table: Table) -> list[str]:
    lines = []
    for row in table.rows:
        header = (
            row._tr.trPr is not None
            and row._tr.trPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader") is not None
        )
        cells = []
        seen = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a cell spanning columns is listed once
                continue
            seen.add(id(cell._tc))
            cells.append(" / ".join(_shown(p.text) for p in cell.paragraphs if p.text.strip()))
        lines.append(("H| " if header else "| ") + " | ".join(cells) + " |")
    return lines


def document_lines(path) -> list[str]:
    """Lines of a built document (a path or a binary stream)."""
    document = Document(path if hasattr(path, "read") else str(path))
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            line = paragraph_line(Paragraph(child, document))
            if line is not None:
                lines.append(line)
        elif tag == "tbl":
            lines.extend(table_lines(Table(child, document)))
    return lines


def document_text(path: Path | str) -> str:
    return "\n".join(document_lines(path)) + "\n"


if __name__ == "__main__":
    import sys

    for argument in sys.argv[1:]:
        try:
            sys.stdout.write(document_text(argument))
        except Exception as exc:  # a missing or damaged file: say so, no traceback
            print(f"fel: {argument}: kan inte läsas som Word-dokument ({type(exc).__name__}).", file=sys.stderr)
            sys.exit(2)
