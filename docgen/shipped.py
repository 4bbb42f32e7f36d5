"""Files docgen ships beside its code: the starter kit (templates/startpaket), that `docgen new`
copies, the source files' JSON Schemas (docs/schema), that their first line points at, and the
editors' guides with their pictures, that `docgen new projekt` copies into a project's docs/.

Run from the repository (or installed from it with `pip install -e`) docgen reads them where
they are kept. Installed from it with `pip install <repository>` it has no repository beside
it: setup.py then copies them into the package, under docgen/_delat/ with the same paths.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGED = Path(__file__).resolve().parent / "_delat"
GUIDES = ("docs/ny-organisation.md", "docs/kallformat.md", "docs/forhandsvisning.md", "docs/bilder")
SHIPPED = ("templates/startpaket", "docs/schema", *GUIDES)  # setup.py copies the same


def shipped(relative: str) -> Path:
    """A file or folder docgen ships (`relative` to the repository's root)."""
    kept = ROOT / relative
    return kept if kept.exists() else PACKAGED / relative
