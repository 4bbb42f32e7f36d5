"""One LibreOffice for a batch of PDFs, driven through UNO: run by the Python that has LibreOffice's
`uno` module (Debian: /usr/bin/python3 with python3-uno; other builds: LibreOffice's own
program/python), never by docgen's virtualenv, so it imports nothing but the standard library and uno.

    python3 libreoffice_uno.py job.json

job.json: {"soffice": path, "profile": file URL, "pipe": name, "log": path,
"export": {option: {"type": "boolean"|"long", "value": text}}, "documents": [[docx, pdf], …]}.
It starts one headless LibreOffice with that profile, listening on that pipe, and for each
document: loads it (hidden, read only), updates its indexes (the table of contents gets the
page numbers of this very layout) until they hold, refreshes its fields, exports the PDF and
closes it; the .docx is never saved. One JSON line per document on stdout: {"index": i} or
{"index": i, "error": text}. Exit status 3: no uno module here; 4: LibreOffice did not start.
docgen runs this in its own process group under a timeout (docgen.processes), so a hung
LibreOffice is killed with it.
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
        return NO_UNO
    with open(job_path, encoding="utf-8") as handle:
        job = json.load(handle)
    office = _start(job)
    desktop = _desktop(job["pipe"], office)
    if desktop is None:
        return NO_OFFICE
    export = _filter_data(job["export"])
    for index, (docx, pdf) in enumerate(job["documents"]):
        try:
            _convert(desktop, docx, pdf, export)
            print(json.dumps({"index": index}), flush=True)
        except Exception as exc:  # a UNO exception: report it for this document, go on
            message = getattr(exc, "Message", "") or str(exc) or type(exc).__name__
            print(json.dumps({"index": index, "error": message.strip().splitlines()[0][:300]}), flush=True)
    try:
        desktop.terminate()
    except Exception:
        pass  # the process group is killed when this script ends anyway
    return 0


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
        )


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


def _convert(desktop, docx: str, pdf: str, export) -> None:
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
    finally:
        document.close(True)


def _update_indexes(document) -> None:
    """Every index (the TOC) rebuilt from this layout, until an update changes nothing; then
    the fields (page references) refreshed."""
    if not hasattr(document, "getDocumentIndexes"):
        return
    indexes = document.getDocumentIndexes()
    before = None
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
