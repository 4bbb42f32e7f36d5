"""Where each ATT UPPDATERA marker left in a built document was written, for a final build's
refusal: the source file and line, or the template, so that the editor can go straight to it."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from docgen.errors import Problem

SHOWN = 20  # markers named one by one; the rest are counted
_INNER = re.compile(r"\[\[?\s*att\s+uppdatera\s*:?\s*(.*?)\s*\]\]?", re.I | re.S)
_KEY = 40  # characters of a marker's text that identify it in a source line


def _plain(text: str) -> str:
    """Text as compared: the typography docgen adds (hard spaces, minus signs) undone, case and
    runs of spaces ignored."""
    text = text.replace("\u00a0", " ").replace("\u2212", "-").replace("\u2013", "-")
    return re.sub(r"\s+", " ", text).strip().lower()


def _key(marked: str) -> str:
    match = _INNER.match(marked)
    inner = match[1] if match else marked
    return _plain(inner)[:_KEY]


def _shown(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def _source_lines(folder: Path, sources_root: Path) -> list[tuple[Path, int, str]]:
    """Every line of the document's own sources first, then its organisation's files, then the
    rest of sources/ (a follow-up shows its plan's text)."""
    files: list[Path] = sorted(folder.glob("*.yaml"))
    for more in (sorted(folder.parent.glob("*.yaml")), sorted(sources_root.rglob("*.yaml"))):
        files += [f for f in more if f not in files]
    lines = []
    for file in files:
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        lines += [(file, n, _plain(line)) for n, line in enumerate(text.splitlines(), 1)]
    # a line that carries the marker itself before one that only has its text ("saknas: …")
    return sorted(lines, key=lambda entry: "uppdatera" not in entry[2])


def _template_text(template: Path) -> str:
    try:
        with zipfile.ZipFile(template) as docx:
            xml = " ".join(
                docx.read(name).decode("utf-8", "replace")
                for name in docx.namelist()
                if re.match(r"word/(document|header\d*|footer\d*)\.xml$", name)
            )
    except (OSError, zipfile.BadZipFile, KeyError):
        return ""
    return _plain("".join(re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", xml)))


def unfinished_problems(marked: list[str], folder: Path, template: Path, sources_root: Path) -> list[Problem]:
    """One problem per marker left in the document, naming the source file and line, or the
    template, it was written in."""
    root = sources_root.parent
    lines = _source_lines(folder, sources_root)
    in_template = _template_text(template)
    problems, seen = [], set()
    for text in marked:
        key = _key(text)
        if key in seen:
            continue
        seen.add(key)
        quoted = text if len(text) <= 100 else text[:99].rstrip() + "…"
        place = next(((file, n) for file, n, line in lines if key and key in line), None)
        if place:
            problems.append(
                Problem(
                    _shown(place[0], root),
                    place[1],
                    f"står kvar markerat: {quoted}",
                    "Skriv in det som saknas och ta bort markeringen, eller bygg utan --slutlig.",
                )
            )
        elif key and key in in_template:
            problems.append(
                Problem(
                    _shown(template, root),
                    None,
                    f"mallen har ett stycke markerat ATT UPPDATERA: {quoted}",
                    "Öppna mallen i Word eller LibreOffice och ta bort eller ersätt stycket, eller bygg utan --slutlig.",
                )
            )
        else:
            problems.append(
                Problem(
                    None,
                    None,
                    f"står kvar markerat: {quoted}",
                    "Skriv in det som saknas i källorna, eller bygg utan --slutlig.",
                )
            )
    if len(problems) > SHOWN:
        rest = len(problems) - SHOWN
        problems = problems[:SHOWN] + [Problem(None, None, f"och {rest} ställen till markerade ATT UPPDATERA.")]
    return problems
