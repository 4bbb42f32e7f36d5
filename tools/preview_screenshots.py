"""Screenshots of `docgen serve` for the editor's guide (docs/forhandsvisning.md): `make bilder`.

Starts the preview on a copy of the sources and templates, takes a picture of a document and
of the page that shows a mistake, in headless Chromium (Debian: chromium chromium-driver).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_browser import CHROMIUM, DRIVER, FLAGS, Served  # noqa: E402

FOLDER = "sources/region-orebro-lan/hsn-vp-2026"
OUT = ROOT / "docs" / "bilder"


def main() -> int:
    if CHROMIUM is None or DRIVER is None:
        print("Chromium saknas: installera med 'sudo apt-get install -y chromium chromium-driver'.", file=sys.stderr)
        return 2
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="docgen-bilder-") as temporary:
        work = Path(temporary)
        shutil.copytree(ROOT / "sources", work / "sources")
        shutil.copytree(ROOT / "templates", work / "templates")
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in FLAGS + ("--hide-scrollbars", "--window-size=1200,850", f"--user-data-dir={work / 'profil'}"):
            options.add_argument(flag)
        browser = webdriver.Chrome(options=options, service=Service(DRIVER))
        served = Served(work, FOLDER)
        try:
            browser.get(served.url)
            browser.execute_script(
                "var t = document.querySelectorAll('main table')[1]; t.scrollIntoView();window.scrollBy(0, -160);"
            )
            time.sleep(0.5)
            browser.save_screenshot(str(OUT / "forhandsvisning.png"))
            budget = work / FOLDER / "budget.yaml"
            text = budget.read_text(encoding="utf-8")
            budget.write_text(text.replace("värden: [3.4, 5.4, 3.5]", "värden: [3.4, 5.4, 3.5"), encoding="utf-8")
            deadline = time.monotonic() + 30
            while not browser.find_elements("id", "docgen-fel") and time.monotonic() < deadline:
                time.sleep(0.2)
            time.sleep(0.3)
            browser.save_screenshot(str(OUT / "forhandsvisning-fel.png"))
        finally:
            served.stop()
            browser.quit()
    for name in ("forhandsvisning.png", "forhandsvisning-fel.png"):
        print(f"skrivet: docs/bilder/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
