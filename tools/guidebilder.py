"""`make guidebilder`: the pictures in docs/ny-organisation.md, made from built PDFs.

Builds a fresh starter document (as `docgen new plan` gives it, in a temporary project) and
the two real organisations' documents in sources/, converts them to PDF with LibreOffice and
writes chosen pages as PNG to docs/bilder/. Run it after a change to the starter kit or the
engine's look, and commit the pictures.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from docgen.commands.new import new_document
from docgen.commands.pdf import to_pdf
from docgen.pipeline import ROOT, Project, build

OUT = ROOT / "docs" / "bilder"
RESOLUTION = "45"


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split(":")[1] for line in info.splitlines() if line.startswith("Pages:")))


def pages(pdf: Path, name: str, first: int, last: int) -> list[Path]:
    """Pages first..last (as many as the PDF has) as PNG; pictures of pages no longer there are removed."""
    for old in OUT.glob(f"{name}-sida-*.png"):
        old.unlink()
    written = []
    for number in range(first, min(last, page_count(pdf)) + 1):
        target = OUT / f"{name}-sida-{number}.png"
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                RESOLUTION,
                "-f",
                str(number),
                "-l",
                str(number),
                "-singlefile",
                str(pdf),
                str(target.with_suffix("")),
            ],
            check=True,
        )
        written.append(target)
    return written


def main() -> int:
    if shutil.which("pdftoppm") is None:
        print("pdftoppm saknas: installera poppler-utils.", file=sys.stderr)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="guidebilder-") as temporary:
        work = Path(temporary)
        project = Project(work / "sources", work / "templates", work / "build")
        shutil.copytree(ROOT / "templates" / "startpaket", project.templates / "startpaket")
        folder = project.sources / "exempel-kommun" / "mal-och-budget-2026"
        new_document("plan", folder, "Exempels kommun", "Kommunfullmäktige", 2026, None, project)
        starter = build(folder, project)
        built = Project(build=work / "byggt")
        sjobo = build(ROOT / "sources" / "sjobo-kommun" / "budget-2025", built)
        klippan = build(ROOT / "sources" / "klippans-kommun" / "kultur-och-fritidsnamnden-mal-2024", built)
        starter_pdf, sjobo_pdf, klippan_pdf = to_pdf([starter, sjobo, klippan])
        written = (
            pages(starter_pdf, "startpaket-plan", 1, 3)
            + pages(sjobo_pdf, "sjobo-budget-2025", 1, 2)
            + pages(klippan_pdf, "klippan-mal-2024", 1, 2)
        )
    for path in written:
        print(f"skrev {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
