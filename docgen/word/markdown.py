"""Prose in sources (a small Markdown) to WordprocessingML paragraphs in the template's styles.

Supported, because that is what board documents use: paragraphs, `- ` bullets, `1. ` numbered
items (the number is kept as text so that it survives copy and paste into a protokoll), lists
nested by indenting an item two spaces per level (up to three levels: List Bullet 2, 3),
`## ` and `### ` headings, **bold**, *italic*, and `[[ATT UPPDATERA: …]]` markers, shown
highlighted, for content still to be supplied.
"""

from __future__ import annotations

import re
from functools import lru_cache
from docgen.word.xmltext import escape

from docgen.view.formatting import prose
from docgen.word.markers import normalise
from docgen.word.namedstyles import MARKER as MARKER_STYLE

# Style ids of the template (Word's built-in styles keep English ids in every language).
BODY = None  # Normal
BULLET = "ListBullet"
NUMBERED = "Numreradlista"
HEADINGS = {2: "Heading2", 3: "Heading3", 4: "Heading4"}

_INLINE = re.compile(
    r"(\*\*(?P<b>.+?)\*\*|\*(?P<i>[^*\s][^*]*?)\*|(?P<todo>\[\[\s*(?i:att\s+uppdatera)\b.+?\]\]))", re.S
)
_BULLET = re.compile(r"^(\s*)[-*•]\s+(.*)$")
_NUMBER = re.compile(r"^(\s*)(\d+)[.)]\s+(.*)$")


def _level(style: str, indent: str) -> str:
    """The list style for an item indented `indent`: two spaces a level, three levels."""
    depth = min(len(indent.expandtabs(2)) // 2, 2)
    return style + (str(depth + 1) if depth else "")


_HEADING = re.compile(r"^(#{2,4})\s+(.*)$")


def run(text: str, bold: bool = False, italic: bool = False, highlight: bool = False) -> str:
    """A run of text; `highlight` marks content still to be supplied, in the character style
    "Att uppdatera" (bold on yellow unless the template says otherwise)."""
    props = ""
    if highlight:
        props += f'<w:rStyle w:val="{MARKER_STYLE}"/>'
    elif bold:
        props += "<w:b/>"
    if italic:
        props += "<w:i/>"
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def inline(text: str) -> str:
    """Runs for one paragraph's text with **bold**, *italic* and [[ATT UPPDATERA: …]]."""
    out, pos = [], 0
    for m in _INLINE.finditer(text):
        if m.start() > pos:
            out.append(run(prose(text[pos : m.start()])))
        if m["b"] is not None:
            out.append(run(prose(m["b"]), bold=True))
        elif m["i"] is not None:
            out.append(run(prose(m["i"]), italic=True))
        else:
            out.append(run(normalise(m["todo"]), bold=True, highlight=True))
        pos = m.end()
    if pos < len(text):
        out.append(run(prose(text[pos:])))
    return "".join(out)


def paragraph(runs_xml: str, style: str | None = None, keep_next: bool = False) -> str:
    props = ""
    if style:
        props += f'<w:pStyle w:val="{style}"/>'
    if keep_next:
        props += "<w:keepNext/>"
    ppr = f"<w:pPr>{props}</w:pPr>" if props else ""
    return f"<w:p>{ppr}{runs_xml}</w:p>"


@lru_cache(maxsize=4096)
def to_ooxml(text: str, body_style: str | None = BODY, label: str = "") -> str:
    """Markdown text to paragraphs. `label` (e.g. "Uppdrag till beredningen:") starts the
    first paragraph in bold."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line.rstrip() for line in block.splitlines() if line.strip()]
        pending: list[str] = []

        def flush():
            if pending:
                paragraphs.append((body_style, " ".join(pending)))
                pending.clear()

        for line in lines:
            if m := _HEADING.match(line):
                flush()
                paragraphs.append((HEADINGS[len(m[1])], m[2].strip()))
            elif m := _BULLET.match(line):
                flush()
                paragraphs.append((_level(BULLET, m[1]), m[2].strip()))
            elif m := _NUMBER.match(line):
                flush()
                paragraphs.append((_level(NUMBERED, m[1]), f"{m[2]}.\t{m[3].strip()}"))
            elif (
                paragraphs
                and (paragraphs[-1][0] or "").startswith((BULLET, NUMBERED))
                and not pending
                and line.startswith("  ")
            ):
                style, previous = paragraphs[-1]  # continuation line of a list item
                paragraphs[-1] = (style, previous + " " + line.strip())
            else:
                pending.append(line.strip())
        flush()
    out = []
    for n, (style, content) in enumerate(paragraphs):
        runs = inline(content)
        if n == 0 and label:
            runs = run(label + " ", bold=True) + runs
        out.append(paragraph(runs, style, keep_next=style in HEADINGS.values()))
    return "".join(out)
