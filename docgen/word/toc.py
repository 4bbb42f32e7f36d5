"""Whether a document gets its table of contents: the rule, and how an editor overrides it.

A contents list with one or two lines tells a reader nothing the first page does not (a
tjänsteskrivelse, a one-chapter budget), so the template's TOC is left out, with its heading
(the paragraph in the style Innehållsförteckningsrubrik/TOC Heading right above it), when it
would list fewer than three headings (FEWEST). The template can set another number,
`{{p innehållsförteckning(minst=1) }}`, and a document's sources decide over both:
`dokument: innehållsförteckning: true` (always) or `false` (never).
"""

from __future__ import annotations

from markupsafe import Markup

from docgen.word.environment import TOC_MARKER_STYLE

NAME = "innehållsförteckning"  # the template's word for the TOC's place (a template name, not a source key)
HEADING_STYLES = {"tocheading", "contentsheading", "innehållsförteckningsrubrik"}  # names, spaces and case aside
LEVELS = {"Heading1": 1, "Heading2": 2}  # the heading styles a TOC lists, and their levels
FEWEST = 3  # headings (levels 1-2) a TOC lists at least, unless the template or the sources say otherwise
ALWAYS, NEVER = "alltid", "aldrig"


class TocMarker(Markup):
    """The TOC's place in the rendered template: an empty paragraph in the marker style whose
    text says when the TOC is shown ("minst 3", "alltid", "aldrig"); write.py replaces it."""

    shown: bool | None = None  # the sources' dokument.innehållsförteckning

    def __call__(self, *args, **kwargs) -> TocMarker:
        """{{p innehållsförteckning(minst=1) }}: the template's own least number of headings;
        anything else is said in Swedish (a FilterValueError: the render names the tag)."""
        fewest = kwargs.pop("minst", args[0] if len(args) == 1 else FEWEST)
        if kwargs or len(args) > 1 or isinstance(fewest, bool) or not isinstance(fewest, int) or fewest < 0:
            from docgen.word.filters import FilterValueError  # the filters module builds on this one

            given = ", ".join([*map(repr, args), *(f"{k}={v!r}" for k, v in kwargs.items())]) or repr(fewest)
            raise FilterValueError(
                f"{NAME}(…) tar ett heltal, det minsta antal rubriker förteckningen visas för, "
                f"t.ex. {NAME}(minst=1), men fick {given}. Skriv {NAME}(minst=1) eller bara {NAME}."
            )
        return marker(fewest, self.shown)


def marker(fewest: int = FEWEST, shown: bool | None = None) -> TocMarker:
    rule = ALWAYS if shown is True else NEVER if shown is False else f"minst {int(fewest)}"
    made = TocMarker(f'<w:p><w:pPr><w:pStyle w:val="{TOC_MARKER_STYLE}"/></w:pPr><w:r><w:t>{rule}</w:t></w:r></w:p>')
    made.shown = shown
    return made


def wanted(rule: str, entries: int) -> bool:
    """Whether a TOC of `entries` lines is shown under the marker's rule (a marker without a
    rule, from an older cache of the template, is the default)."""
    rule = rule.strip()
    if rule == ALWAYS:
        return True
    if rule == NEVER:
        return False
    try:
        fewest = int(rule.removeprefix("minst").strip())
    except ValueError:
        fewest = FEWEST
    return entries >= max(fewest, 1)


def heading_styles(styles_root) -> set[str]:
    """The ids of the TOC heading's style (Word's TOC Heading; LibreOffice gives it another id
    when it saves the template), found by name."""
    found = {"TOCHeading"}
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for style in styles_root.iterchildren(f"{w}style"):
        name = style.find(f"{w}name")
        if name is not None and "".join((name.get(f"{w}val") or "").lower().split()) in HEADING_STYLES:
            found.add(style.get(f"{w}styleId"))
    return found
