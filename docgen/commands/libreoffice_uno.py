"""One LibreOffice for a batch of PDFs, driven through UNO: run by the Python that has LibreOffice's
`uno` module (Debian: /usr/bin/python3 with python3-uno; other builds: LibreOffice's own
program/python), never by docgen's virtualenv, so it imports nothing but the standard library and uno.

    python3 libreoffice_uno.py job.json      (then one JSON line [docx, pdf] per document on stdin)

job.json: {"soffice": path, "profile": file URL, "pipe": name, "log": path,
"export": {option: {"type": "boolean"|"long", "value": text}}}. It says {"uno": true} (or
{"uno": false} and ends with status 3), starts one headless LibreOffice with that profile,
listening on that pipe (when it cannot: {"office": false}, status 4), and for each document it
reads: loads it (hidden, read only), updates its indexes (the table of contents gets the page
numbers of this very layout) until they hold, refreshes its fields, exports the PDF, and answers
{"pdf": path, "pages": count, "toc": {bookmark: page}} with the page of every _Toc bookmark in
that layout (or {"pdf": path, "error": text}); the .docx is never saved. When its input ends it
asks LibreOffice to terminate and waits for it. docgen reads the answers as they come
(docgen.processes.Session), within its timeout, and kills the process group, this LibreOffice
with it, when the time is up or this script has ended.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

NO_UNO = 3
NO_OFFICE = 4
INDEX_ROUNDS = 3  # an update that changes the TOC (a longer line, another page) is followed by one more


def main(job_path: str) -> int:
    try:
        import uno  # noqa: F401
    except ImportError:
        _say({"uno": False})
        return NO_UNO
    _say({"uno": True})
    with open(job_path, encoding="utf-8") as handle:
        job = json.load(handle)
    office = _start(job)
    desktop = _desktop(job["pipe"], office)
    if desktop is None:
        _say({"office": False})
        return NO_OFFICE
    export = _filter_data(job["export"])
    for line in sys.stdin:
        docx, pdf = json.loads(line)
        try:
            _say({"pdf": pdf, **_convert(desktop, docx, pdf, export)})
        except Exception as exc:  # a UNO exception: report it for this document, go on
            message = getattr(exc, "Message", "") or str(exc) or type(exc).__name__
            _say({"pdf": pdf, "error": message.strip().splitlines()[0][:300]})
    try:  # a LibreOffice that ends by itself removes its pipes in /tmp; a killed one leaves them
        desktop.terminate()
        office.wait(timeout=30)
    except Exception:
        pass  # docgen kills the process group when this script has ended
    return 0


def _say(answer: dict) -> None:
    print(json.dumps(answer, ensure_ascii=False), flush=True)


def _start(job) -> subprocess.Popen:
    with open(job["log"], "ab") as log:
        return subprocess.Popen(
            [
                job["soffice"],
                f"-env:UserInstallation={job['profile']}",
                "--headless",
                "--invisible",
                "--nologo",
                "--nodefault",
                "--norestore",
                "--nolockcheck",
                f"--accept=pipe,name={job['pipe']};urp;StarOffice.ComponentContext",
            ],
            stdin=subprocess.DEVNULL,
            stdout=log,  # never this script's pipes: docgen reads them to their end
            stderr=log,
            preexec_fn=_die_with_parent,
        )


def _die_with_parent() -> None:
    """Killed when this script dies (docgen killed: this script gets SIGKILL the same way)."""
    import ctypes
    import signal

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _desktop(pipe: str, office: subprocess.Popen):
    """LibreOffice's desktop once it answers on the pipe; None when it ended first."""
    import uno
    from com.sun.star.connection import NoConnectException

    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        except NoConnectException:
            if office.poll() is not None:
                return None
            time.sleep(0.02)


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


def _convert(desktop, docx: str, pdf: str, export) -> dict:
    import uno

    url = uno.systemPathToFileUrl(os.path.abspath(docx))
    document = desktop.loadComponentFromURL(url, "_blank", 0, _properties({"Hidden": True, "ReadOnly": True}))
    if document is None:
        raise RuntimeError("dokumentet kunde inte läsas")
    try:
        _update_indexes(document)
        target = uno.systemPathToFileUrl(os.path.abspath(pdf))
        properties = _properties({"FilterName": "writer_pdf_Export", "FilterData": export, "Overwrite": True})
        uno.invoke(document, "storeToURL", (target, properties))
        return _pages(document)
    finally:
        document.close(True)


def _pages(document) -> dict:
    """The page count and the page of each heading bookmark (_Toc…) in the exported layout."""
    controller = document.getCurrentController()
    cursor = controller.getViewCursor()
    bookmarks = document.getBookmarks()
    toc = {}
    for name in bookmarks.getElementNames():
        if name.startswith("_Toc"):
            cursor.gotoRange(bookmarks.getByName(name).getAnchor(), False)
            toc[name] = cursor.getPage()
    return {"pages": controller.getPropertyValue("PageCount"), "toc": toc}


def _update_indexes(document) -> None:
    """Every index (the TOC) rebuilt from this layout, until an update changes nothing; then
    the fields (page references) refreshed."""
    if not hasattr(document, "getDocumentIndexes"):
        return
    indexes = document.getDocumentIndexes()
    before = [indexes.getByIndex(n).getAnchor().getString() for n in range(indexes.getCount())]
    for _round in range(INDEX_ROUNDS):
        for number in range(indexes.getCount()):
            indexes.getByIndex(number).update()
        after = [indexes.getByIndex(n).getAnchor().getString() for n in range(indexes.getCount())]
        if after == before:
            break
        before = after
    document.getTextFields().refresh()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
