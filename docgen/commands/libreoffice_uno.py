"""One LibreOffice for a batch of PDFs, driven through UNO: run by the Python that has LibreOffice's
`uno` module (Debian: /usr/bin/python3 with python3-uno; other builds: LibreOffice's own
program/python), never by docgen's virtualenv, so it imports nothing but the standard library and uno.

    python3 libreoffice_uno.py job.json      (then one JSON line [docx, pdf] per document on stdin)

job.json: {"office": pid, "pipe": name, "export": {option: {"type": "boolean"|"long", "value":
text}}}: docgen has started LibreOffice (process `office`, headless, its own profile) listening on
that pipe. It says {"uno": true} (without `uno`: {"uno": false}, status 3, and docgen stops that
LibreOffice), connects to LibreOffice (when LibreOffice ends first: {"office": false}, status 4).
For each document it reads: loads it (hidden, read only, silent), updates its indexes (the table of
contents gets the page numbers of this very layout) until they hold, refreshes its fields, moves a
run of keep-with-next paragraphs that LibreOffice left apart from the table they lead to onto that
table's page (_keep_runs_with_tables, in the layout the update made; the indexes are updated again
when a run moved), exports the PDF, and answers {"pdf": path, "pages": count, "entries": [[text,
page], …]} with the lines of its table of contents as the PDF shows them (or {"pdf": path,
"error": text}); the .docx is never saved. When its input ends it asks LibreOffice to terminate,
and docgen waits for it to end. docgen reads the answers as they come (docgen.processes.Session),
within its timeout, and kills this script's process group and LibreOffice's when the time is up.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time

NO_UNO = 3
NO_OFFICE = 4
INDEX_ROUNDS = 3  # an update that changes the TOC (a longer line, another page) is followed by one more
CONTENT_INDEX = "com.sun.star.text.ContentIndex"  # a table of contents (not an index of words or figures)
TOC_LINE = re.compile(r"^(.*)\t(\d+)$")  # a TOC line: the heading, a tab (the dot leader), its page
LOAD = {"Hidden": True, "ReadOnly": True, "Silent": True}  # as soffice --convert-to loads a document


def main(job_path: str) -> int:
    try:
        import uno  # noqa: F401
    except ImportError:
        _say({"uno": False})
        return NO_UNO
    _say({"uno": True})
    with open(job_path, encoding="utf-8") as handle:
        job = json.load(handle)
    clock = _Clock(job["office"]) if job.get("timings") else None
    desktop = _desktop(job["pipe"], job["office"])
    if desktop is None:
        _say({"office": False})
        return NO_OFFICE
    export = _filter_data(job["export"])
    for line in sys.stdin:
        docx, pdf = json.loads(line)
        try:
            _say({"pdf": pdf, **_convert(desktop, docx, pdf, export, clock)})
        except Exception as exc:  # a UNO exception: report it for this document, go on
            message = getattr(exc, "Message", "") or str(exc) or type(exc).__name__
            _say({"pdf": pdf, "error": message.strip().splitlines()[0][:300]})
    try:  # a LibreOffice that ends by itself removes its pipes in /tmp; a killed one leaves them
        desktop.terminate()
    except Exception:
        pass  # docgen kills LibreOffice when it has not ended in time
    return 0


def _say(answer: dict) -> None:
    print(json.dumps(answer, ensure_ascii=False), flush=True)


def _desktop(pipe: str, office: int):
    """LibreOffice's desktop once it answers on the pipe; None when LibreOffice (process
    `office`, docgen's child) ended first."""
    import uno
    from com.sun.star.connection import NoConnectException

    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        except NoConnectException:
            if not _running(office):
                return None
            time.sleep(0.02)


def _running(pid: int) -> bool:
    """Whether process `pid` runs (an ended child of docgen that docgen has not reaped yet is a
    zombie: state Z)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except (OSError, IndexError):
        return False


def _properties(values: dict):
    from com.sun.star.beans import PropertyValue

    return tuple(PropertyValue(Name=name, Value=value) for name, value in values.items())


def _filter_data(options: dict):
    import uno

    typed = {
        name: (option["value"] == "true" if option["type"] == "boolean" else int(option["value"]))
        for name, option in options.items()
    }
    return uno.Any("[]com.sun.star.beans.PropertyValue", _properties(typed))


def _convert(desktop, docx: str, pdf: str, export, clock=None) -> dict:
    import uno

    clock and clock.lap("wait")  # since the last document: reading the next line, connecting to LibreOffice
    url = uno.systemPathToFileUrl(os.path.abspath(docx))
    document = desktop.loadComponentFromURL(url, "_blank", 0, _properties(LOAD))
    clock and clock.lap("load")
    if document is None:
        raise RuntimeError("dokumentet kunde inte läsas")
    try:
        entries = _update_indexes(document)
        clock and clock.lap("toc")
        for _round in range(KEEP_ROUNDS):  # a run moved moves the text under it: the TOC's numbers again
            if not _keep_runs_with_tables(document) or not entries:
                break
            entries = _update_indexes(document)
        clock and clock.lap("keep")
        target = uno.systemPathToFileUrl(os.path.abspath(pdf))
        properties = _properties({"FilterName": "writer_pdf_Export", "FilterData": export, "Overwrite": True})
        uno.invoke(document, "storeToURL", (target, properties))
        clock and clock.lap("export")
        answer = {"pages": document.getCurrentController().getPropertyValue("PageCount"), "entries": entries}
        clock and clock.lap("readback")
    finally:
        document.close(True)
    if clock:
        clock.lap("close")
        answer["seconds"] = clock.taken()
    return answer


CHAIN = 6  # paragraphs in a run kept with the next before a table: a heading, its introductions and a caption
KEEP_ROUNDS = 2  # the TOC updated after a run moved can move the text under it again: one more look


def _keep_runs_with_tables(document) -> int:
    """A heading, its introduction and a table's caption, each kept with the next, start the
    table's page when LibreOffice has left them apart: LibreOffice moves the caption (or the last
    one or two paragraphs) with a table that does not fit at a page's foot but leaves the
    paragraphs above them at that foot (Word moves the whole run; LibreOffice 7.4, also with the
    keep set on each paragraph itself). The run's first paragraph gets a page break before it in
    this layout only (the .docx is never saved): not when it opens its page already, nor when it
    starts a page style or has a break of its own. Returns how many runs were moved.

    Such a run is parted by a page's top, so only the pages' tops are looked at, in order, with
    LibreOffice's view cursor (a call over the pipe per step: the body's paragraphs are not
    walked, and no object is made unless the paragraph before a page's top is kept with the next).
    The layout asked for is the one the export uses."""
    import uno

    cursor = document.getCurrentController().getViewCursor()
    cursor.jumpToLastPage()
    pages, page, moved, models = cursor.getPage(), 2, 0, None
    while page <= pages:
        cursor.jumpToPage(page)
        cursor.jumpToStartOfPage()
        # a parted run leaves one of its paragraphs (or a part of one) on the line above the page's
        # top (up, not left: left from a list item's start stops before its number, in the item)
        if cursor.goUp(1, False) and cursor.getPropertyValue("ParaKeepTogether") and not _in_table(cursor):
            text = document.getText()
            models = models or (text.createTextCursor(), text.createTextCursor())
            if _parted_run(cursor, *models, page):
                models[0].setPropertyValue("BreakType", uno.Enum("com.sun.star.style.BreakType", "PAGE_BEFORE"))
                moved += 1
                cursor.jumpToLastPage()
                pages = cursor.getPage()
        page += 1
    return moved


def _parted_run(view, first, ahead, page: int) -> bool:
    """`view` (the view cursor) stands in a body paragraph kept with the next, on the line above the
    top of `page`: whether that paragraph belongs to a run of such paragraphs (at most CHAIN, with a
    paragraph or a table above it) that leads to a table on another page than the run's first
    paragraph, and that does not open its page already; if so, `first` (a text cursor) is left in
    the run's first paragraph, which has neither a page style nor a break of its own. `ahead`: a
    text cursor to walk on with."""
    first.gotoRange(view.getStart(), False)
    ahead.gotoRange(first, False)
    length = 1
    while True:  # on to the table
        ahead.gotoEndOfParagraph(False)
        view.gotoRange(ahead, False)
        if not view.goRight(1, False):
            return False  # the document ends
        if _in_table(view):
            table_page = view.getPage()
            break
        if length == CHAIN or not view.getPropertyValue("ParaKeepTogether"):
            return False
        length += 1
        ahead.gotoNextParagraph(False)  # the paragraph the view cursor is in (a text cursor skips tables)
    while True:  # back to the run's first paragraph
        first.gotoStartOfParagraph(False)
        view.gotoRange(first, False)
        first_page = view.getPage()
        if not view.goUp(1, False):
            return False  # the run starts the document
        if not view.getPropertyValue("ParaKeepTogether") or _in_table(view):
            prior_page = view.getPage()  # the end of the paragraph or table above the run
            break
        if length == CHAIN:
            return False
        length += 1
        first.gotoPreviousParagraph(False)
    if first_page == table_page or prior_page != first_page:
        return False  # not parted, or the run opens its page: moving it gains nothing
    return not first.getPropertyValue("PageDescName") and first.getPropertyValue("BreakType").value == "NONE"


def _in_table(view) -> bool:
    return view.getPropertyValue("TextTable") is not None


def _update_indexes(document) -> list:
    """Every index rebuilt from this layout, until an update changes nothing; then the fields
    (page references) refreshed. Returns [text, page] of each line of the tables of contents,
    as the PDF shows them: docgen numbers the .docx's TOC from these, in order (reading them
    costs nothing more: the update's check reads them anyway). A document without an index is
    left as loaded, fields too (as soffice --convert-to leaves it)."""
    indexes = document.getDocumentIndexes()
    listed = [indexes.getByIndex(n) for n in range(indexes.getCount())]
    if not listed:
        return []
    before = [index.getAnchor().getString() for index in listed]
    for _round in range(INDEX_ROUNDS):
        for index in listed:
            index.update()
        after = [index.getAnchor().getString() for index in listed]
        if after == before:
            break
        before = after
    document.getTextFields().refresh()
    contents = [text for index, text in zip(listed, after) if index.supportsService(CONTENT_INDEX)]
    return [[m[1], int(m[2])] for text in contents for line in text.splitlines() if (m := TOC_LINE.match(line))]


class _Clock:
    """Where the time goes, per stage of each document (bench/bench_pdf.py --stages asks for it):
    wall seconds, CPU seconds of LibreOffice (its processes, from /proc: Linux) and of this helper."""

    def __init__(self, office: int):
        self.office = office
        self.tree: list[int] = []  # found at the first lap, once LibreOffice answers (its launcher starts others first)
        self.laps: dict = {}
        self.then = (time.perf_counter(), 0.0, time.process_time())

    def _now(self) -> tuple:
        self.tree = self.tree or _descendants(self.office)
        return time.perf_counter(), sum(_cpu(pid) for pid in self.tree), time.process_time()

    def lap(self, stage: str) -> None:
        now = self._now()
        self.laps[stage] = [round(b - a, 4) for a, b in zip(self.then, now)]
        self.then = now

    def taken(self) -> dict:
        laps, self.laps = self.laps, {}
        return laps


def _cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by process `pid` (Linux; 0 elsewhere)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def _descendants(pid: int) -> list[int]:
    """`pid` and the processes it started, and theirs (Linux; [pid] elsewhere)."""
    parents = {}
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                    parents[int(entry)] = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    found = [pid]
    for member in found:
        found += [child for child, parent in parents.items() if parent == member]
    return found


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
