"""Files docgen ships beside its code: the starter kit (templates/startpaket), that `docgen new`
copies, and the source files' JSON Schemas (docs/schema), that their first line points at.

Run from the repository (or installed from it with `pip install -e`) docgen reads them where
they are kept. Installed from it with `pip install <repository>` it has no repository beside
it: setup.py then copies them into the package, under docgen/_delat/ with the same paths.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGED = Path(__file__).resolve().parent / "_delat"
SHIPPED = ("templates/startpaket", "docs/schema")  # setup.py copies the same folders


def shipped(relative: str) -> Path:
    """A file or folder docgen ships (`relative` to the repository's root)."""
    kept = ROOT / relative
    return kept if kept.exists() else PACKAGED / relative
