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


@lru_cache(maxsize=8192)
def lines(text: str, room: int, half_points: int = 19, bold: bool = False, hyphenate: bool = True) -> int:
    """How many lines `text` takes in a column `room` twips wide: words wrapped at spaces, a
    word that does not fit hyphenated (Swedish hyphenation is on) where at least three letters
    stand on each side, a word wider than the column broken. An estimate for keeping rows and
    groups of a table together, close to what LibreOffice lays out. Without `hyphenate` (a
    paragraph kept from hyphenation) no word is hyphenated and a no-break space binds."""
    space, hyphen = width(" ", half_points, bold), width("-", half_points, bold)
    count, used = 1, 0
    for word in text.split() if hyphenate else re.split(r"[ \t\n]+", text.strip()):
        wide = width(word, half_points, bold)
        if used and used + space + wide <= room:
            used += space + wide
            continue
        if used:
            if hyphenate:
                word = _hyphenated(word, room - used - space - hyphen, half_points, bold)
            count += 1
        while len(word) > 1 and width(word, half_points, bold) > room:
            cut = len(word) - 1
            while cut > 1 and width(word[:cut], half_points, bold) + hyphen > room:
                cut -= 1
            word, count = word[cut:], count + 1
        used = width(word, half_points, bold)
    return count


def _hyphenated(word: str, room: int, half_points: int, bold: bool) -> str:
    """What of `word` goes on the next line when as much of it as fits in `room` is hyphenated
    onto the line before (letters only, three at least on each side)."""
    if len(word) < 6 or not word.isalpha():
        return word
    cut = 0
    for end in range(3, len(word) - 2):
        if width(word[:end], half_points, bold) > room:
            break
        cut = end
    return word[cut:] if cut else word
