"""In a real browser: the HTML editions pass axe-core, and `docgen serve` previews a document
live while its sources are edited.

Needs Chromium and its driver (Debian: chromium chromium-driver; .ci/run installs them). One
browser session serves every test here. axe-core (MPL-2.0) is vendored in tests/vendor.
"""

from __future__ import annotations

import http.client
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from docgen.pipeline import ROOT

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or DRIVER is None,
    reason="Chromium is not installed (Debian: apt-get install chromium chromium-driver)",
)


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="docgen-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument("--window-size=1200,900")
    driver = webdriver.Chrome(options=options, service=Service(DRIVER))
    driver.set_script_timeout(60)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def axe_violations(browser, rules: list[str] | None = None) -> list[dict]:
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    options = "{resultTypes: ['violations']" + (f", runOnly: {rules!r}" if rules else "") + "}"
    return browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        f"axe.run(document, {options}).then(r => done(r.violations), e => done([{{id: 'axe-fel', help: String(e), nodes: []}}]));"
    )


def _described(violations) -> str:
    return "\n".join(
        f"{v['id']}: {v['help']} ({len(v['nodes'])} st, t.ex. {v['nodes'][0]['html'][:120] if v['nodes'] else ''})"
        for v in violations
    )


def test_every_html_edition_passes_axe(browser, html_editions):
    for docx in html_editions:
        browser.get(docx.with_suffix(".html").as_uri())
        violations = axe_violations(browser)
        assert violations == [], f"{docx.with_suffix('.html').name}:\n{_described(violations)}"


def test_axe_sees_a_picture_without_alt_text(browser, html_editions):
    """The check can fail: the same page with one alt text removed has a violation."""
    with_figure = next(d for d in html_editions if b"<figure>" in d.with_suffix(".html").read_bytes())
    browser.get(with_figure.with_suffix(".html").as_uri())
    browser.execute_script("document.querySelector('figure img').removeAttribute('alt');")
    assert [v["id"] for v in axe_violations(browser, ["image-alt"])] == ["image-alt"]


def test_on_a_phone_a_wide_table_scrolls_in_its_own_frame_not_the_page(browser, html_editions):
    """390 px wide (a phone): the page itself never scrolls sideways; a wide table scrolls in a
    frame that the keyboard can reach, with its caption wrapped inside the screen; a frame that
    does not scroll is no tab stop. Made wide again, no frame is a tab stop."""
    status = next(d for d in html_editions if d.stem == "styrtalsstatus-vp-2026")
    frames_script = (
        "return [...document.querySelectorAll('div.tabell')].map(f => [f.scrollWidth > f.clientWidth,"
        " f.hasAttribute('tabindex') && f.tabIndex === 0, f.getAttribute('role'),"
        " f.querySelector('caption').getBoundingClientRect().right])"
    )
    browser.set_window_size(390, 900)
    try:
        browser.get(status.with_suffix(".html").as_uri())
        width = browser.execute_script("return document.documentElement.clientWidth")
        assert browser.execute_script("return document.documentElement.scrollWidth") <= width
        frames = browser.execute_script(frames_script)
        assert any(wide for wide, *_ in frames), "a table wider than the phone"
        assert not all(wide for wide, *_ in frames), "a table that fits the phone"
        assert all(focusable == wide and role == "group" and right <= width for wide, focusable, role, right in frames)
        assert axe_violations(browser, ["scrollable-region-focusable", "heading-order", "page-has-heading-one"]) == []
        browser.set_window_size(1200, 900)
        browser.execute_script("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        assert [focusable for _, focusable, *_ in browser.execute_script(frames_script)] == [False] * len(frames)
    finally:
        browser.set_window_size(1200, 900)


def test_at_320_px_long_words_wrap_inside_the_screen(browser, html_editions):
    """WCAG 1.4.10 (reflow at 320 px, a phone or 400 % zoom): a long Swedish compound in a heading
    ('Föreningsledarstipendium', 'Planeringsförutsättningar') or a paragraph wraps instead of
    widening the page, which then scrolled sideways."""
    stems = {"ks-2015-05-11", "budget-2024-finansiella-mal", "arsplan-och-budget-2025"}
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": 320, "height": 800, "deviceScaleFactor": 1, "mobile": True}
    )
    try:
        for docx in (d for d in html_editions if d.stem in stems):
            browser.get(docx.with_suffix(".html").as_uri())
            widths = browser.execute_script(
                "return [document.documentElement.scrollWidth, document.documentElement.clientWidth];"
            )
            assert widths == [320, 320], (docx.stem, widths)
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_at_320_px_a_heading_breaks_at_its_slash_not_inside_a_word(browser, html_editions):
    """Botkyrka's "Kallelse/föredragningslista" at 320 px: the line ends after the slash, as in
    Word, and "föredragningslista" stands whole on the next line (it was broken as
    "föredragningsl" / "ista"); a diarienummer (TEF/2019:263) is never broken at its slash."""
    kallelse = next(d for d in html_editions if d.stem == "tefn-2020-01-21")
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": 320, "height": 800, "deviceScaleFactor": 1, "mobile": True}
    )
    lines_of = """
        const [selector, word] = arguments;
        for (const element of document.querySelectorAll(selector)) {
            const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const at = node.data.indexOf(word);
                if (at < 0) continue;
                const range = document.createRange();
                range.setStart(node, at);
                range.setEnd(node, at + word.length);
                return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
            }
        }
        return 0;"""
    try:
        browser.get(kallelse.with_suffix(".html").as_uri())
        assert browser.execute_script(lines_of, "h1", "föredragningslista") == 1
        assert browser.execute_script(lines_of, "h1", "Kallelse/") == 1
        assert "/<wbr>" not in browser.page_source.split("TEF/2019")[1][:12]
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_columns_are_as_wide_as_in_the_docx(browser, html_editions):
    """The agenda's Nr column is as narrow as in the .docx and the diarienummer fits its column,
    rather than the browser sharing the width out by itself."""
    from docx import Document

    agenda = next(d for d in html_editions if d.stem == "ksau-2018-arendelista")
    grid = [int(c.get(c.tag.replace("gridCol", "w"))) for c in Document(str(agenda)).tables[0]._tbl.tblGrid]
    browser.get(agenda.with_suffix(".html").as_uri())
    shown = browser.execute_script(
        "const t = document.querySelector('table');"
        "return [...t.rows[0].cells].map(c => c.getBoundingClientRect().width / t.getBoundingClientRect().width);"
    )
    assert len(shown) == len(grid)
    for share, width in zip(shown, grid):
        assert abs(share - width / sum(grid)) < 0.03, (shown, grid)


def test_the_caption_of_a_table_without_rows_is_as_large_as_a_tables_caption(browser, html_editions):
    """Munkedal's nämndernas ramar, which the sources lack: its caption stands over the marker
    instead of a table, in the same size as the captions of the tables above it (it was the
    body text's size, larger than theirs); a figure's caption too."""
    edition = next(d for d in html_editions if d.stem == "budget-2024-finansiella-mal")
    browser.get(edition.with_suffix(".html").as_uri())
    sizes = browser.execute_script(
        "const size = e => getComputedStyle(e).fontSize;"
        "return [[...document.querySelectorAll('caption')].map(size),"
        " [...document.querySelectorAll('p.bildtext, figcaption')].map(size)];"
    )
    captions, others = sizes
    assert captions and others and set(captions) == set(others), sizes


def _accessible_cells(browser, text: str) -> list[tuple[str, bool]]:
    """The table cells holding text, as Chromium tells a screen reader: each cell's role and
    whether it is shown in bold."""
    nodes = browser.execute_cdp_cmd("Accessibility.getFullAXTree", {})["nodes"]
    cells = [
        n["role"]["value"]
        for n in nodes
        if n["role"]["value"] in ("cell", "gridcell", "rowheader", "columnheader")
        and text in n.get("name", {}).get("value", "")
    ]
    bold = browser.execute_script(
        "return [...document.querySelectorAll('td, th')].filter(c => c.textContent.includes(arguments[0]))"
        ".map(c => Number(getComputedStyle(c).fontWeight) >= 600);",
        text,
    )
    return list(zip(cells, bold))


def test_a_marker_row_across_an_indicator_table_is_a_plain_row_not_a_group_heading(browser, html_editions):
    """Sollentuna's verksamhetsplan, the starter kit's indicator: its one row, '1. [ATT
    UPPDATERA: indikatorns namn och hur den mäts]' across the table, stands in for the indicators.
    The web edition made it a row group's heading (bold, th scope=rowgroup) over no rows; now a
    screen reader meets a plain cell, in the .docx's weight (the marker alone bold)."""
    plan = next(d for d in html_editions if d.stem == "bun-verksamhetsplan-2016")
    browser.get(plan.with_suffix(".html").as_uri())
    assert _accessible_cells(browser, "indikatorns namn och hur den mäts") == [("cell", False)]
    group = next(d for d in html_editions if d.stem == "styrtalsstatus-vp-2026")
    browser.get(group.with_suffix(".html").as_uri())  # a group row over rows stays the group's heading
    assert _accessible_cells(browser, "3. Vårdgaranti (exkl medicinsk") == [("rowheader", True)]


def _accessible_lists(browser) -> list[list[str]]:
    """The lists as Chromium tells a screen reader (its accessibility tree): each list's items."""
    nodes = browser.execute_cdp_cmd("Accessibility.getFullAXTree", {})["nodes"]
    by_id = {n["nodeId"]: n for n in nodes}

    def text(node) -> str:
        own = node.get("name", {}).get("value", "") if node["role"]["value"] in ("StaticText", "ListMarker") else ""
        return own + "".join(text(by_id[c]) for c in node.get("childIds", []) if c in by_id)

    return [
        [
            " ".join(text(by_id[c]).split())
            for c in n.get("childIds", [])
            if by_id.get(c, {}).get("role", {}).get("value") == "listitem"
        ]
        for n in nodes
        if n["role"]["value"] == "list"
    ]


def test_att_satser_are_a_numbered_list_for_a_screen_reader(browser, html_editions):
    """A tjänsteskrivelse's two att-satser: one list of two items that a screen reader announces,
    numbered 1. and 2. by the list as in the .docx, not two paragraphs starting with a digit."""
    decision = next(d for d in html_editions if d.stem == "beslut-arsplan-och-budget-2025")
    browser.get(decision.with_suffix(".html").as_uri())
    clauses = [items for items in _accessible_lists(browser) if items and all("att fastställa" in i for i in items)]
    assert len(clauses) == 1 and len(clauses[0]) == 2, _accessible_lists(browser)
    assert clauses[0][0].startswith("1") and clauses[0][1].startswith("2"), clauses
    shown = browser.execute_script(
        "return [...document.querySelectorAll('main ol > li')].map(li => [li.innerText, getComputedStyle(li).listStyleType])"
    )
    assert shown == [
        [
            "att fastställa aktuella styrande dokument för nämnden enligt årsplanens avsnitt ”Styrande dokument”.",
            "decimal",
        ],
        ["att fastställa hälso- och sjukvårdsnämndens årsplan och budget för år 2025.", "decimal"],
    ]


def test_a_printed_page_has_the_chart_values_of_a_closed_table(browser, html_editions):
    """Printed (Chromium's own print to PDF), a chart's values are on the paper below it,
    although "som tabell" is closed on the screen, where nobody can open it on paper."""
    import base64
    import io

    import pdfplumber

    follow_up = next(d for d in html_editions if d.stem == "uppfoljning-overenskommelse-2024")
    browser.get(follow_up.with_suffix(".html").as_uri())
    assert browser.execute_script("return document.querySelector('details.diagramdata').open") is False
    pdf = base64.b64decode(browser.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})["data"])
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        text = "\n".join(page.extract_text() or "" for page in document.pages)
    assert "Värdena i Diagram 1" in text and "som tabell" not in text
    assert re.search(r"RJL 74,3 %\nRÖ 73,3 %\nRKL 70,3 %\nRiket 73,4 %", text), text[text.find("Diagram 1") :][:400]


def test_the_skip_link_skips_the_table_of_contents(browser, html_editions):
    """Keyboard only: the first Tab reaches the skip link, Enter on it, and the next Tab lands
    in the document's text after the table of contents, not on its first link."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    plan = next(d for d in html_editions if d.stem == "arsplan-och-budget-2025")
    browser.get(plan.with_suffix(".html").as_uri())
    ActionChains(browser).send_keys(Keys.TAB).perform()
    skip = browser.switch_to.active_element
    assert skip.text == "Hoppa förbi innehållsförteckningen"
    ActionChains(browser).send_keys(Keys.ENTER).pause(0.2).send_keys(Keys.TAB).perform()
    after = browser.execute_script(
        "const nav = document.querySelector('nav.innehallsforteckning'), a = document.activeElement;"
        "return [nav.contains(a), !!(nav.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING), a.outerHTML.slice(0, 80)];"
    )
    assert after[:2] == [False, True], after
    # a page without a table of contents has nothing to skip, so no link that skips nothing
    decision = next(d for d in html_editions if d.stem == "beslut-arsplan-och-budget-2025")
    browser.get(decision.with_suffix(".html").as_uri())
    assert browser.find_elements("css selector", "a.hoppa") == []


def _printed_pages(browser) -> list[str]:
    """The open page printed by Chromium (its own print to PDF), each page's text."""
    import base64
    import io

    import pdfplumber

    pdf = base64.b64decode(browser.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})["data"])
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [page.extract_text() or "" for page in document.pages]


def test_a_printed_chart_table_is_not_split_between_pages(browser, html_editions):
    """A chart's values stand whole on one page: the same table printed 24 times, each a little
    lower on the page than the one before, so that some fall across a page break (Vänersborg's
    first chart table was split after its first row); each keeps its caption and last row together."""
    kkik = next(d for d in html_editions if d.stem == "kkik-2018")
    browser.get(kkik.with_suffix(".html").as_uri())
    browser.execute_script(
        "const values = document.querySelector('details.diagramdata');"
        "for (let n = 0; n < 24; n++) {"
        "  const space = document.createElement('div'); space.style.height = (n * 29) + 'px';"
        "  const copy = values.cloneNode(true); copy.querySelector('caption').textContent = 'Kopia ' + n;"
        "  values.parentNode.append(space, copy); }"
    )
    pages = [" ".join(text.split()) for text in _printed_pages(browser)]
    for n in range(24):
        on = [text for text in pages if f"Kopia {n} " in text + " "]
        assert len(on) == 1, (n, len(on))
        table = on[0].split(f"Kopia {n} ", 1)[1].split("Kopia ", 1)[0]
        assert table.startswith("Stapel Värde Vänersborg 76 %") and "Riket 86 %" in table, (n, table)


def test_printed_pages_break_where_the_docx_does(browser, html_editions):
    """Vänersborg's .docx runs its three chapters on from the title and contents (three pages):
    printed, the web page does too, instead of a page for the contents and one per chapter
    (six pages, Inledning's three lines alone on one)."""
    kkik = next(d for d in html_editions if d.stem == "kkik-2018")
    browser.get(kkik.with_suffix(".html").as_uri())
    pages = [" ".join(text.split()) for text in _printed_pages(browser)]
    first = pages[0]
    assert (
        first.index("Innehåll") < first.index("Kommunens kvalitet i korthet (KKiK) jämför") < first.index("Tabell 1.")
    )
    assert len(pages) <= 4, len(pages)


def _edge_shade(browser, frame) -> tuple[float, float]:
    """How dark the frame's left and right edges are in a screenshot (0 white, 255 black), over
    its body rows: a shade there says that the table goes on beyond the edge."""
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(frame.screenshot_as_png)).convert("L")
    top = browser.execute_script(
        "const f = arguments[0]; return f.querySelector('tbody').getBoundingClientRect().top - f.getBoundingClientRect().top;",
        frame,
    )
    scale = image.width / frame.size["width"]
    band = range(int((top + 4) * scale), image.height - 2)

    def shade(x):
        return sum(255 - image.getpixel((x, y)) for y in band) / len(band)

    return shade(1), shade(image.width - 2)


def test_on_a_phone_a_table_that_goes_on_to_the_right_is_shaded_at_that_edge(browser, html_editions):
    """390 px wide: Vänersborg's table goes beyond the screen (Riket out of sight): its right edge
    is shaded, its left not; scrolled to the end, the other way round. On a wide screen the
    table fits (a long ATT UPPDATERA marker in a number cell wraps) and no edge is shaded."""
    kkik = next(d for d in html_editions if d.stem == "kkik-2018")
    browser.set_window_size(390, 900)
    try:
        browser.get(kkik.with_suffix(".html").as_uri())
        frame = browser.find_element("css selector", "div.tabell")
        browser.execute_script("arguments[0].scrollIntoView();", frame)
        assert browser.execute_script("return arguments[0].scrollWidth > arguments[0].clientWidth;", frame)
        left, right = _edge_shade(browser, frame)
        assert right > 8 and left < 3, (left, right)
        browser.execute_script("arguments[0].scrollLeft = arguments[0].scrollWidth;", frame)
        left, right = _edge_shade(browser, frame)
        assert left > 8 and right < 3, (left, right)
    finally:
        browser.set_window_size(1200, 900)
    # wide enough for the table, whose cell marked ATT UPPDATERA wraps as the .docx does
    browser.get(kkik.with_suffix(".html").as_uri())
    frame = browser.find_element("css selector", "div.tabell")
    browser.execute_script("arguments[0].scrollIntoView();", frame)
    assert browser.execute_script("return arguments[0].scrollWidth <= arguments[0].clientWidth;", frame)
    assert max(_edge_shade(browser, frame)) < 3


# ---------------------------------------------------------------- docgen serve


class Served:
    """`docgen serve` in its own process on a copy of the sources and templates."""

    def __init__(self, root: Path, folder: str):
        self.root = root
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "docgen.cli",
                "--kallor",
                "sources",
                "--mallar",
                "templates",
                "--ut",
                "build",
                "serve",
                folder,
                "--port",
                "0",
            ],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            preexec_fn=_ctrl_c_as_from_a_terminal,
        )
        threading.Thread(target=self._read, daemon=True).start()
        self.url = self._wait_for_url()

    def _read(self):
        for line in self.process.stdout:
            self.lines.put(line)
            self.output.append(line)

    def _wait_for_url(self) -> str:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                assert self.process.poll() is None, "".join(self.output)
                continue
            match = re.search(r"http://\S+/", line)
            if match:
                return match.group(0)
        raise AssertionError("docgen serve started no server:\n" + "".join(self.output))

    def raw(self, path: str, host: str | None = None) -> tuple[int, bytes]:
        """A request with the path sent exactly as written (no client-side normalising)."""
        address = self.url.split("//")[1].rstrip("/")
        hostname, port = address.rsplit(":", 1)
        connection = http.client.HTTPConnection("127.0.0.1", int(port), timeout=10)
        connection.putrequest("GET", path, skip_host=True)
        connection.putheader("Host", host or address)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise


def _ctrl_c_as_from_a_terminal() -> None:
    """docgen serve as an editor starts it, where Ctrl-C (SIGINT) ends it: a test run started in
    the background by a script (`make test &`) passes SIGINT on ignored, and a process that
    inherits it ignored rightly keeps ignoring it (as under nohup), so stop() would wait in vain."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _wait(browser, condition, what: str, seconds: float = 30):
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        return WebDriverWait(
            browser, seconds, ignored_exceptions=(StaleElementReferenceException, WebDriverException)
        ).until(lambda d: condition(d))
    except Exception:
        raise AssertionError(f"{what} syntes inte; sidan:\n{browser.find_element('tag name', 'body').text[:1500]}")


def _row(browser, heading: str) -> str:
    return browser.find_element("xpath", f"//tr[th[normalize-space()='{heading}']]").text


def test_serve_previews_live_shows_mistakes_and_serves_nothing_else(browser, tmp_path):
    shutil.copytree(ROOT / "sources", tmp_path / "sources")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    folder = "sources/region-orebro-lan/hsn-vp-2026"
    budget = tmp_path / folder / "budget.yaml"
    original = budget.read_text(encoding="utf-8")
    assert "värden: [3.4, 5.4, 3.5]" in original
    served = Served(tmp_path, folder)
    try:
        browser.get(served.url)
        assert browser.title == "Verksamhetsplan med budget 2026 – Region Örebro län"
        assert browser.find_element("css selector", "main > h2").text == "1 Inledning"
        assert _row(browser, "Lönekostnadsökningstakt") == "Lönekostnadsökningstakt 3,4 5,4 3,5"
        # a link in the table of contents shows its heading below the preview's bar, not under it
        link = browser.find_elements("css selector", "nav.innehallsforteckning a")[-1]
        link.click()
        target = browser.find_element("id", link.get_attribute("href").split("#")[1])
        assert browser.execute_script(
            "return arguments[0].getBoundingClientRect().top >="
            " document.getElementById('docgen-forhandsvisning').getBoundingClientRect().bottom",
            target,
        )
        browser.execute_script("window.scrollTo(0, 0);")
        # on a phone the bar takes two short lines, not a third of the screen (it was 108 px)
        browser.set_window_size(390, 844)
        try:
            bar = browser.execute_script(
                "return document.getElementById('docgen-forhandsvisning').getBoundingClientRect().height"
            )
            assert bar <= 56, bar
            # its links are targets of at least 24 px (WCAG 2.2, 2.5.8; they were 18 px)
            heights = browser.execute_script(
                "return [...document.querySelectorAll('#docgen-forhandsvisning a')]"
                ".map(a => a.getBoundingClientRect().height)"
            )
            assert heights and min(heights) >= 24, heights
        finally:
            browser.set_window_size(1200, 900)
        docx = tmp_path / "build" / "region-orebro-lan" / "verksamhetsplan-med-budget-2026.docx"
        link = browser.find_element("partial link text", "Ladda ner")
        assert link.get_attribute("href").endswith("/dokument/0/ladda-ner")
        with urllib.request.urlopen(link.get_attribute("href"), timeout=10) as response:
            assert response.read() == docx.read_bytes()

        # an editor changes a figure and saves: the page shows it without a reload by hand
        browser.execute_script("window.docgenTest = 'före';")
        budget.write_text(original.replace("värden: [3.4, 5.4, 3.5]", "värden: [3.7, 5.4, 3.5]"), encoding="utf-8")
        _wait(
            browser,
            lambda d: _row(d, "Lönekostnadsökningstakt") == "Lönekostnadsökningstakt 3,7 5,4 3,5",
            "den nya siffran 3,7",
        )
        assert browser.execute_script("return window.docgenTest;") is None, "the page reloaded itself"
        good = docx.read_bytes()

        # a broken YAML line: the Swedish error with file and line, the last good .docx kept
        budget.write_text(original.replace("värden: [3.4, 5.4, 3.5]", "värden: [3.7, 5.4, 3.5"), encoding="utf-8")
        error = _wait(browser, lambda d: d.find_element("id", "docgen-fel").text, "felmeddelandet")
        assert "Dokumentet kunde inte byggas" in error
        assert re.search(r"sources/region-orebro-lan/hsn-vp-2026/budget\.yaml, rad 1[23]: YAML-fel", error), error
        assert "Rätta felet och spara filen" in error
        assert docx.read_bytes() == good
        status, body = served.raw("/dokument/0/ladda-ner")
        assert status == 200 and body == good

        # mended: the document comes back
        budget.write_text(original.replace("värden: [3.4, 5.4, 3.5]", "värden: [3.7, 5.4, 3.5]"), encoding="utf-8")
        _wait(
            browser,
            lambda d: _row(d, "Lönekostnadsökningstakt") == "Lönekostnadsökningstakt 3,7 5,4 3,5",
            "dokumentet igen",
        )
        assert not browser.find_elements("id", "docgen-fel")

        # only the built document is served: no path reaches a file, inside the project or outside
        for path in (
            "/../pyproject.toml",
            "/%2e%2e/%2e%2e/etc/passwd",
            "//etc/passwd",
            "/dokument/0/../../sources/region-orebro-lan/hsn-vp-2026/budget.yaml",
            "/dokument/0/ladda-ner/../../../../etc/passwd",
            "/dokument/0/..%2f..%2fpyproject.toml",
            "/build/region-orebro-lan/verksamhetsplan-med-budget-2026.docx",
            "/dokument/1/",
            "/sources/region-orebro-lan/hsn-vp-2026/budget.yaml",
            "/dokument/-1/",
        ):
            status, body = served.raw(path)
            assert status == 404, path
            assert b"root:" not in body and "värden".encode() not in body
        assert served.raw("/", host="angripare.example")[0] == 403
    finally:
        status = served.stop()
        budget.write_text(original, encoding="utf-8")
    # the page left open says that the preview has ended, instead of silently showing an old build
    _wait(
        browser,
        lambda d: "Förhandsvisningen är avslutad" in d.find_element("id", "docgen-tillstand").text,
        "att förhandsvisningen är avslutad",
        seconds=10,
    )
    output = "".join(served.output)
    assert status == 0, output
    assert "förhandsvisningen avslutad." in output and "Traceback" not in output


def _tab_path(browser, stops: int) -> list[str]:
    """What the keyboard reaches, Tab after Tab from the top of the page: each stop's tag and class."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    path = []
    for _ in range(stops):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        path.append(browser.execute_script("const a = document.activeElement; return a.tagName + '.' + a.className;"))
    return path


def test_vargarda_on_a_phone_and_a_wide_screen(browser, html_editions):
    """Vårgårda kommun's måluppföljning (tests/fixtures/vargarda-maluppfoljning-2023) as its
    readers get it. On a phone (390 px) the chart is the one drawn for a narrow screen, shown at
    about its drawn size (the 15 cm chart shrunk its labels to 7 px), the page does not scroll
    sideways, and the keyboard reaches the table that scrolls; on a wide screen the wide chart,
    and the table, which fits, is no tab stop. The tab names the kommun."""
    page = next(d for d in html_editions if d.stem == "maluppfoljning-2023").with_suffix(".html").as_uri()
    chart = (
        "const i = document.querySelector('figure img');"
        "return [i.currentSrc === i.src, i.clientWidth / (i.naturalWidth * 96 / 200), i.clientWidth];"
    )
    browser.set_window_size(390, 900)
    try:
        browser.get(page)
        assert browser.title == "Måluppföljning per den 31 december 2023 – Vårgårda kommun"
        width = browser.execute_script("return document.documentElement.clientWidth")
        assert browser.execute_script("return document.documentElement.scrollWidth") <= width
        wide, scale, shown = browser.execute_script(chart)
        assert not wide and scale >= 0.9 and shown <= width, (wide, scale, shown)
        path = _tab_path(browser, 10)
        assert path[0] == "A.hoppa" and "DIV.tabell" in path, path
        assert path.index("SUMMARY.") < path.index("DIV.tabell"), path  # the chart's values, then the table
    finally:
        browser.set_window_size(1200, 900)
    browser.get(page)
    wide, _scale, _shown = browser.execute_script(chart)
    assert wide
    path = _tab_path(browser, 10)
    assert "DIV.tabell" not in path and "SUMMARY." in path, path
    # printed with the browser's defaults (no background graphics), the table header keeps its
    # fill behind its white text: it printed white on white
    import base64
    import io

    import pdfplumber

    pdf = base64.b64decode(browser.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})["data"])
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        fills = [
            r["non_stroking_color"]
            for p in document.pages
            for w in p.extract_words()
            if w["text"] == "Mätmetod"
            for r in p.rects
            if r["fill"]
            and r["x0"] <= w["x0"]
            and r["x1"] >= w["x1"]
            and r["top"] <= w["top"]
            and r["bottom"] >= w["bottom"]
        ]
    assert fills and max(fills[0]) < 0.5, fills
