"""How wide a text is set in Arial: for column widths that fit their longest word and widest
number. Arial is metric-compatible with Helvetica, whose Adobe font metrics ship with
matplotlib (already a dependency, for the charts); the same widths on every machine, so the
same sources still give the same bytes whatever fonts are installed.
"""

from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from itertools import repeat
from pathlib import Path

# glyph names of the characters outside ASCII that Swedish documents use
_NAMES = {
    "å": "aring",
    "ä": "adieresis",
    "ö": "odieresis",
    "Å": "Aring",
    "Ä": "Adieresis",
    "Ö": "Odieresis",
    "é": "eacute",
    "É": "Eacute",
    "ü": "udieresis",
    "Ü": "Udieresis",
    "–": "endash",
    "—": "emdash",
    "\u2212": "endash",
    "\u00a0": "space",
    "’": "quoteright",
    "”": "quotedblright",
    "≥": "endash",
    "≤": "endash",
    "•": "bullet",
    "§": "section",
    "½": "onehalf",
}
DEFAULT = 556  # an average character, in 1/1000 em
CELL_PADDING = 200  # twips: left and right cell margins of the table styles, and a little air


@lru_cache(maxsize=2)
def _metrics(bold: bool) -> dict[str, int]:
    spec = importlib.util.find_spec("matplotlib")
    folder = Path(spec.origin).parent / "mpl-data" / "fonts" / "afm"
    widths: dict[str, int] = {}
    by_name: dict[str, int] = {}
    text = (folder / ("phvb8a.afm" if bold else "phvr8a.afm")).read_text(encoding="latin-1")
    for m in re.finditer(r"^C (-?\d+) ; WX (\d+) ; N (\S+)", text, re.M):
        code, width, name = int(m[1]), int(m[2]), m[3]
        by_name[name] = width
        if 32 <= code < 127:
            widths[chr(code)] = width
    for char, name in _NAMES.items():
        widths[char] = by_name.get(name, DEFAULT)
    return widths


@lru_cache(maxsize=8192)
def width(text: str, half_points: int = 19, bold: bool = False) -> int:
    """The width of `text` in twips at a font size in half points (19 = 9.5 pt)."""
    metrics = _metrics(bold)
    units = sum(map(metrics.get, text, repeat(DEFAULT)))  # metrics.get(c, DEFAULT) for each c, in C
    return -(-units * half_points * 10 // 1000)  # em/1000 × size (half points × 10 = twips), rounded up


@lru_cache(maxsize=8192)
def longest_word(text: str, half_points: int = 19, bold: bool = False) -> int:
    """The widest word of `text` (words part at spaces and after a slash or hyphen; a no-break
    space holds a number together)."""
    pieces = re.split(r"[ \t\n]+|(?<=[/\-])", text)
    return max((width(p, half_points, bold) for p in pieces if p), default=0)
