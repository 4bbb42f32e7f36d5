"""Pictures in the running header and footer (a logo) without alt text.

A header is repeated on every page and is an artifact in the tagged PDF (LibreOffice tags it
so), but Word's accessibility checker (Granska › Kontrollera tillgänglighet) flags any picture
without alt text that is not marked decorative, and a screen reader in Word reads it out as a
picture without a name. A template's logo without alt text is therefore marked decorative in
the built document (Word's "Markera som dekorativ", what the checker accepts for a picture that
says nothing a reader needs), and `docgen check` tells the editor, naming the template, how to
give the logo its alt text or mark it decorative in the template themselves. The template is
the editor's file and is never changed.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

from docgen.errors import Problem

WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
ADEC = "http://schemas.microsoft.com/office/drawing/2017/decorative"
DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"  # Word's extension for "Markera som dekorativ"
PART = re.compile(r"word/(header|footer)\d*\.xml$")


def undescribed(root) -> list:
    """The pictures (wp:docPr) of a header or footer part with neither alt text nor the
    decorative mark."""
    return [
        picture
        for picture in root.iter(f"{{{WP}}}docPr")
        if not (picture.get("descr") or "").strip() and not _decorative(picture)
    ]


def _decorative(picture) -> bool:
    mark = picture.find(f"{{{A}}}extLst/{{{A}}}ext/{{{ADEC}}}decorative")
    return mark is not None and mark.get("val") in ("1", "true")


def mark_decorative(root) -> None:
    """Mark each picture of a header or footer part without alt text decorative, as Word does
    (wp:docPr/a:extLst/a:ext/adec:decorative val="1"; a:extLst is the last child of wp:docPr)."""
    for picture in undescribed(root):
        extensions = picture.find(f"{{{A}}}extLst")
        if extensions is None:
            extensions = etree.SubElement(picture, f"{{{A}}}extLst")
        extension = etree.SubElement(extensions, f"{{{A}}}ext", uri=DECORATIVE_URI)
        etree.SubElement(extension, f"{{{ADEC}}}decorative", {"val": "1"}, nsmap={"adec": ADEC})


def template_warnings(template: Path) -> list[Problem]:
    """A warning per header or footer picture of the template without alt text (docgen check)."""
    try:
        with zipfile.ZipFile(template) as archive:
            parts = {n: archive.read(n) for n in archive.namelist() if PART.match(n)}
    except (OSError, zipfile.BadZipFile):
        return []  # the build says what is wrong with the template itself
    problems = []
    for name in sorted(parts):
        where = "sidhuvudet" if "header" in name else "sidfoten"
        for picture in undescribed(etree.fromstring(parts[name])):
            named = picture.get("name") or "bild"
            problems.append(
                Problem(
                    template,
                    None,
                    f"{where} har en bild utan alternativtext ('{named}', t.ex. en logotyp). I de byggda "
                    "dokumenten märks den som dekorativ: Words tillgänglighetskontroll godtar den och en "
                    "skärmläsare hoppar över den.",
                    "Ska bilden läsas upp (er logotyp): öppna mallen i Word, dubbelklicka i "
                    f"{where}, högerklicka på bilden › Redigera alternativtext och skriv vad den visar, "
                    "t.ex. 'Exempelby kommuns logotyp' (LibreOffice: högerklicka › Egenskaper › Alternativ › "
                    "Textalternativ). Är den bara utsmyckning: kryssa i Markera som dekorativ i samma "
                    "ruta, så försvinner varningen.",
                    warning=True,
                )
            )
    return problems
