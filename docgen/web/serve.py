"""`docgen serve`: a live preview of documents in the browser while their sources are edited.

Watches sources, templates and outcome files (watchfiles), rebuilds the documents a change
touches (the .docx and its HTML edition, written atomically to build/ as by `docgen html`),
records each good build in build/.cache/byggen.json as `docgen build` does (so the next make
skips it), and shows the HTML edition; the page reloads itself when its document is rebuilt (long
polling, as `mkdocs serve` does). A mistake is shown on the page in Swedish with file, line
and what to do; the last good .docx stays in build/ and can be downloaded from the page.

Only the built documents are served, looked up by number: no request path is ever turned
into a file path, so nothing outside the project can be reached. Listens on 127.0.0.1 by
default and then accepts only requests addressed to this computer (no DNS rebinding).
"""

from __future__ import annotations

import errno
import io
import json
import re
import socket
import sys
import threading
import zipfile
from dataclasses import dataclass, field
from html import escape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

from docgen.errors import DocgenError, Problem
from docgen.freshness import Inputs, input_hashes, recording
from docgen.pipeline import Project, assemble, build_settings, buildable, document_folders, remember_build, write

POLL_SECONDS = 25  # how long a reload request waits for a rebuild before it is answered anyway
DEBOUNCE_MS = 250
IGNORED = re.compile(r"(^~\$|^\.~lock|\.tmp$|^\.#|~$|\.swp$)")  # Word's, LibreOffice's and editors' own files


@dataclass
class Preview:
    """One served document: its last good build, or the problems that stopped the latest."""

    folder: Path
    output: Path | None = None
    page: bytes | None = None
    problems: list[str] | None = None
    excerpts: list[str] = field(default_factory=list)  # per problem: the source lines around it, as HTML
    version: int = 0
    inputs: Inputs | None = None  # what the last good build read: source folders, template, outcome files
    marked: int = 0  # paragraphs of the last good build still marked ATT UPPDATERA (as docgen check counts)


@dataclass
class Previews:
    project: Project
    documents: list[Preview]
    changed: threading.Condition = field(default_factory=threading.Condition)

    def rebuild(self, preview: Preview) -> None:
        """Build one document (.docx and .html); on a mistake keep the last good files."""
        try:
            built, inputs = recording(assemble, preview.folder, self.project, False, True)
            built.inputs, built.input_hashes = inputs, input_hashes(inputs)
            output = write(built)
            remember_build(self.project, built, build_settings(self.project, html=True))  # the next make skips it
            page = built.files[output.with_suffix(".html")]
            preview.inputs = inputs
            preview.marked = _marked_paragraphs(built.files[output])
            problems, excerpts = None, []
            print(f"byggt: {_shown(output)}", flush=True)
        except DocgenError as exc:
            output, page = preview.output, preview.page
            problems = [_problem_text(p) for p in exc.problems]
            excerpts = [_excerpt(p) for p in exc.problems]
            for problem in problems:
                print(f"fel: {problem}", flush=True)
        except Exception as exc:  # a bug in docgen: said so, and the preview keeps running
            output, page = preview.output, preview.page
            problems = [
                f"internt fel i docgen ({type(exc).__name__}: {exc}). Rapportera felet till docgens utvecklare."
            ]
            print(f"fel: {problems[0]}", flush=True)
            excerpts = []
        with self.changed:
            preview.output, preview.page, preview.problems = output, page, problems
            preview.excerpts = excerpts
            preview.version += 1
            self.changed.notify_all()

    def added(self, paths: set[Path]) -> list[Preview]:
        """Document folders made while the preview runs (docgen new), when a saved file lies in
        sources/ outside every known document: appended to the list, to be built."""
        known = [p.folder.resolve() for p in self.documents]
        sources = self.project.sources.resolve()
        if not any(p.is_relative_to(sources) and not any(p.is_relative_to(k) for k in known) for p in paths):
            return []
        added = []
        for folder in document_folders(self.project):
            if folder.resolve() in known:
                continue
            try:
                if not buildable(folder):
                    continue
            except DocgenError:
                pass  # a broken dokument file: listed, and its build says what is wrong
            added.append(Preview(folder))
        with self.changed:
            self.documents.extend(added)
        return added

    def affected(self, paths: set[Path]) -> list[Preview]:
        """The documents a change touches: a file in a source folder that the document's last
        good build loaded (its own, a referenced plan's), its template or an outcome file it
        read. A document whose last build failed is rebuilt on any change."""
        return [preview for preview in self.documents if any(_touches(path, preview) for path in paths)]


def _touches(path: Path, preview: Preview) -> bool:
    if preview.inputs is None or path.is_relative_to(preview.folder.resolve()):
        return True
    return path in preview.inputs.files or any(path.is_relative_to(f) for f in preview.inputs.folders)


def _shown(path) -> str:
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


EXCERPT_SUFFIXES = {".yaml", ".yml", ".csv", ".md", ".txt", ".json"}


def _excerpt(problem: Problem, around: int = 2) -> str:
    """The lines around a problem's line in a text source, numbered, the line itself marked;
    empty for a template, a workbook or a problem without a line."""
    path = Path(problem.file) if problem.file else None
    if path is None or not problem.line or path.suffix.lower() not in EXCERPT_SUFFIXES:
        return ""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    if not 1 <= problem.line <= len(lines):
        return ""
    first, last = max(1, problem.line - around), min(len(lines), problem.line + around)
    width = len(str(last))
    shown = []
    for number in range(first, last + 1):
        text = f"{number:>{width}}  {escape(lines[number - 1])}"
        shown.append(f"<mark>{text}</mark>" if number == problem.line else text)
    return f'<pre class="utdrag" aria-label="{escape(path.name)}, rad {first}–{last}">' + "\n".join(shown) + "</pre>"


def _problem_text(problem: Problem) -> str:
    if problem.file:
        problem = Problem(_shown(problem.file), problem.line, problem.message, problem.hint)
    return str(problem)


# ---------------------------------------------------------------- pages


VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
BAR_STYLE = (
    "#docgen-forhandsvisning { font-family: Arial, Helvetica, sans-serif; background: #1A1A1A; color: #FFFFFF; "
    "padding: .5rem 1rem; display: flex; position: sticky; top: 0; z-index: 10; gap: 1.5rem; align-items: center; "
    "flex-wrap: wrap; font-size: .95rem; }"
    # a link is a target of at least 24 px (WCAG 2.2, 2.5.8), also in the phone's smaller type
    "#docgen-forhandsvisning a { color: #FFFFFF; font-weight: bold; display: inline-block; min-height: 24px; "
    "line-height: 24px; }"
    "#docgen-fel { font-family: Arial, Helvetica, sans-serif; max-width: 52rem; margin: 1.5rem auto; padding: 1rem 1.5rem; "
    "border: 3px solid #C00000; background: #FFF4F4; color: #1A1A1A; }"
    "#docgen-fel h1 { color: #A00000; font-size: 1.4rem; margin: 0 0 .75rem; border: 0; }"
    "#docgen-fel li { margin-bottom: .75rem; line-height: 1.5; }"
    "#docgen-fel pre { background: #FFFFFF; border: 1px solid #8C8C8C; padding: .5rem; overflow-x: auto; "
    "font-size: .9rem; line-height: 1.4; margin: .5rem 0 0; }"
    "#docgen-fel mark { background: #FFE08A; color: #1A1A1A; display: inline-block; min-width: 100%; }"
    "body { margin: 0; }"
    "html { scroll-padding-top: 3.5rem; }"  # a heading reached by a link is not hidden under the bar
    # on a phone the bar scrolls away with the page and takes two or three short lines, not a
    # third of the screen: smaller type, the status on a line of its own without its second
    # sentence, the links on the line under it
    "@media (max-width: 40rem) { #docgen-forhandsvisning { position: static; font-size: .8rem; line-height: 1.35; "
    "padding: .3rem .75rem; gap: .15rem 1rem; } #docgen-tillstand { flex-basis: 100%; } "
    "#docgen-forhandsvisning .docgen-bred { display: none; } html { scroll-padding-top: 0; } }"
    "@media print { #docgen-forhandsvisning { display: none; } }"
)


def _bar(index: int, preview: Preview, many: bool) -> str:
    links = []
    if many:
        links.append('<a href="/">Alla dokument</a>')
    if preview.output is not None and preview.output.is_file():
        links.append(f'<a href="/dokument/{index}/ladda-ner" download>Ladda ner {escape(preview.output.name)}</a>')
    state = "Fel i källorna: dokumentet byggdes inte." if preview.problems else "Byggt från källorna."
    return (
        f'<div id="docgen-forhandsvisning" role="region" aria-label="Förhandsvisning">'
        f'<span id="docgen-tillstand" role="status">Förhandsvisning: {escape(state)}'
        f' <span class="docgen-bred">Sidan uppdateras när du sparar.</span>'
        f"</span>{''.join(links)}</div>\n"
    )


def _reload_script(index: int, version: int) -> str:
    return f"""<script>
(function () {{
  var version = {version};
  var saved = sessionStorage.getItem("docgen-rullning");
  if (saved !== null) {{ sessionStorage.removeItem("docgen-rullning"); window.scrollTo(0, +saved); }}
  var stopped = false;  // the preview was ended (Ctrl-C): said in the bar; reloaded once it runs again
  function poll() {{
    fetch("/dokument/{index}/andringar?sedan=" + version, {{cache: "no-store"}})
      .then(function (r) {{ return r.json(); }})
      .then(function (d) {{
        if (d.version !== version || stopped) {{
          sessionStorage.setItem("docgen-rullning", window.scrollY); location.reload();
        }}
        else {{ poll(); }}
      }})
      .catch(function () {{
        var state = document.getElementById("docgen-tillstand");
        if (!stopped && state) {{
          state.textContent = "Förhandsvisningen är avslutad: sidan uppdateras inte längre. " +
            "Starta den igen med docgen serve, så laddas sidan om.";
        }}
        stopped = true;
        setTimeout(poll, 1000);
      }});
  }}
  poll();
}})();
</script>
"""


def preview_page(index: int, preview: Preview, many: bool) -> bytes:
    """The HTML edition with a bar above it and the reload script; or the problems, in Swedish."""
    bar = _bar(index, preview, many)
    script = _reload_script(index, preview.version)
    style = f"<style>{BAR_STYLE}</style>\n"
    if preview.problems or preview.page is None:
        problems = preview.problems or ["dokumentet har inte byggts än."]
        excerpts = preview.excerpts + [""] * (len(problems) - len(preview.excerpts))
        items = "".join(f"<li>{escape(p)}{x}</li>" for p, x in zip(problems, excerpts))
        title = escape(preview.folder.name)
        return (
            f'<!DOCTYPE html>\n<html lang="sv">\n<head>\n<meta charset="utf-8">\n{VIEWPORT}<title>Fel: {title}</title>\n'
            f'{style}</head>\n<body>\n{bar}<main id="docgen-fel" role="alert">\n'
            f"<h1>Dokumentet kunde inte byggas</h1>\n<ul>{items}</ul>\n"
            "<p>Rätta felet och spara filen, så visas dokumentet igen. Det senast byggda dokumentet "
            "ligger kvar orört i build/.</p>\n</main>\n"
            f"{script}</body>\n</html>\n"
        ).encode("utf-8")
    page = preview.page.decode("utf-8")
    page = page.replace("</head>", f"{style}</head>", 1)
    # after the skip link, which stays the first thing the keyboard reaches; a page without one
    # (no table of contents to skip) gets one past the bar
    own_skip = re.match(r"[\s\S]*?<body>\n<a class=\"hoppa\"", page) is not None
    skip = "" if own_skip else '<a class="hoppa" href="#innehall">Hoppa till dokumentet</a>\n'
    page = re.sub(r"<body>\n(<a class=\"hoppa\"[^\n]*\n)?", lambda m: m.group(0) + skip + bar, page, count=1)
    page = page.replace("</body>", script + "</body>", 1)
    return page.encode("utf-8")


def index_page(previews: Previews) -> bytes:
    """Every document by its title (its file name beside it), under its organisation, with
    what is left to do in it: a mistake in its sources, or how many paragraphs are still
    marked ATT UPPDATERA (as `docgen check` counts them)."""
    groups: dict[Path, list[tuple[int, Preview, str]]] = {}
    for n, preview in enumerate(previews.documents):
        found = re.search(r"<title>(.*?)</title>", preview.page.decode("utf-8")) if preview.page else None
        title = found.group(1) if found else ""  # escaped already, as the page wrote it
        groups.setdefault(preview.folder.parent, []).append((n, preview, title))
    sections = []
    for folder, documents in groups.items():
        organisation = _common_suffix([title for _, _, title in documents if title]) or escape(folder.name)
        items = "".join(_index_item(n, preview, title, organisation) for n, preview, title in documents)
        sections.append(f"<h2>{organisation}</h2>\n<ul>{items}</ul>\n")
    return (
        f'<!DOCTYPE html>\n<html lang="sv">\n<head>\n<meta charset="utf-8">\n{VIEWPORT}'
        "<title>docgen: förhandsvisning</title>\n"
        "<style>body { font-family: Arial, Helvetica, sans-serif; max-width: 52rem; margin: 2rem auto; "
        "padding: 0 1rem; line-height: 1.5; } li { margin-bottom: .5rem; } strong { color: #A00000; } "
        ".kvar { color: #595959; }</style>\n"
        "</head>\n<body>\n<main>\n<h1>Förhandsvisning</h1>\n"
        f"{''.join(sections)}</main>\n</body>\n</html>\n"
    ).encode("utf-8")


def _common_suffix(titles: list[str]) -> str:
    """The organisation every title ends with (" – Falu kommun"), or "" when they differ."""
    endings = {title.rsplit(" – ", 1)[1] for title in titles if " – " in title}
    return endings.pop() if len(endings) == 1 and all(" – " in title for title in titles) else ""


def _index_item(n: int, preview: Preview, title: str, organisation: str) -> str:
    name = escape(preview.output.name if preview.output is not None else preview.folder.name)
    shown = title.removesuffix(f" – {organisation}") if title else name
    if preview.problems:
        state = " <strong>Fel i källorna.</strong>"
    elif preview.page is None:
        state = ""
    else:
        count = preview.marked
        left = (
            "inget kvar att uppdatera"
            if not count
            else f"{count} {'stycke' if count == 1 else 'stycken'} att uppdatera"
        )
        state = f' <span class="kvar">– {left}</span>'
    return f'<li><a href="/dokument/{n}/">{shown}</a> ({name}){state}</li>'


def _marked_paragraphs(docx: bytes) -> int:
    """How many paragraphs of a built .docx (body, page headers and footers) are still marked
    ATT UPPDATERA: the count `docgen check` gives and a final build refuses."""
    from lxml import etree

    from docgen.word.markers import marked_paragraphs
    from docgen.word.write import HEADER_FOOTER

    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        names = ["word/document.xml"] + sorted(n for n in package.namelist() if HEADER_FOOTER.match(n))
        roots = [etree.fromstring(package.read(name)) for name in names]
    return len(marked_paragraphs(roots))


# ---------------------------------------------------------------- the server


ROUTE = re.compile(r"^/dokument/(\d{1,4})/(ladda-ner|andringar)?$")


def _handler(previews: Previews, allowed_hosts: set[str] | None):
    class Handler(BaseHTTPRequestHandler):
        server_version = "docgen"
        sys_version = ""

        def log_message(self, format, *args):  # noqa: A002 - quiet: the terminal shows builds, not requests
            pass

        def do_GET(self):  # noqa: N802
            if allowed_hosts is not None and self.headers.get("Host", "").lower() not in allowed_hosts:
                return self._send(HTTPStatus.FORBIDDEN, b"fel adress", "text/plain; charset=utf-8")
            url = urlsplit(self.path)
            many = len(previews.documents) > 1  # a document made while the preview runs is added
            if url.path == "/":
                if not many:
                    return self._redirect("/dokument/0/")
                return self._send(HTTPStatus.OK, index_page(previews), "text/html; charset=utf-8")
            match = ROUTE.match(url.path)
            if match is None or int(match[1]) >= len(previews.documents):
                return self._send(HTTPStatus.NOT_FOUND, "Sidan finns inte.".encode(), "text/plain; charset=utf-8")
            index, action = int(match[1]), match[2]
            preview = previews.documents[index]
            if action is None:
                with previews.changed:
                    body = preview_page(index, preview, many)
                return self._send(HTTPStatus.OK, body, "text/html; charset=utf-8")
            if action == "andringar":
                return self._changes(preview, url.query)
            return self._download(preview)

        def _changes(self, preview: Preview, query: str) -> None:
            try:
                since = int(parse_qs(query).get("sedan", ["-1"])[0])
            except ValueError:
                since = -1
            with previews.changed:
                previews.changed.wait_for(lambda: preview.version != since, timeout=POLL_SECONDS)
                version = preview.version
            self._send(HTTPStatus.OK, json.dumps({"version": version}).encode(), "application/json")

        def _download(self, preview: Preview) -> None:
            output = preview.output
            if output is None or not output.is_file():
                return self._send(
                    HTTPStatus.NOT_FOUND, "Inget byggt dokument än.".encode(), "text/plain; charset=utf-8"
                )
            data = output.read_bytes()
            self._send(
                HTTPStatus.OK,
                data,
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(output.name)}"},
            )

        def _redirect(self, location: str) -> None:
            self.send_response(HTTPStatus.FOUND)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _send(self, status, body: bytes, content_type: str, headers: dict | None = None) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.send_header("X-Content-Type-Options", "nosniff")
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the browser went away (a reload): nothing to answer

    return Handler


def _watched(project: Project, previews: Previews) -> list[Path]:
    """The sources and templates folders, and the folders of outcome files kept elsewhere."""
    paths = [project.sources.resolve(), project.templates.resolve()]
    for preview in previews.documents:
        for file in sorted(preview.inputs.files if preview.inputs else ()):
            if file.parent.is_dir() and not any(file.is_relative_to(p) for p in paths):
                paths.append(file.parent)
    return [p for p in paths if p.is_dir()]


def _relevant(_change, path: str) -> bool:
    return not IGNORED.search(Path(path).name)


def _listen(address: str, port: int, folder: Path | None) -> ThreadingHTTPServer:
    """The server's socket, or a Swedish message that says why not and what to do."""
    try:
        return ThreadingHTTPServer((address, port), None)
    except OSError as exc:
        command = "docgen serve" + (f" {_shown(folder)}" if folder is not None else "")
        if exc.errno == errno.EADDRINUSE:
            free = _free_port(address, port)
            other = f"{command} --port {free}" if free else f"{command} --port 8001"
            raise DocgenError(
                Problem(
                    None,
                    None,
                    f"port {port} används redan, kanske av en förhandsvisning som fortfarande är igång "
                    "i ett annat terminalfönster.",
                    f"Avsluta den med Ctrl-C, eller välj en annan port: {other}",
                )
            ) from None
        if exc.errno == errno.EACCES:
            raise DocgenError(
                Problem(
                    None, None, f"port {port} får inte användas här.", f"Välj en port över 1024: {command} --port 8000"
                )
            ) from None
        raise DocgenError(
            Problem(
                None,
                None,
                f"kan inte lyssna på adressen {address} (finns den på den här datorn?).",
                "Utan --adress lyssnar förhandsvisningen på den här datorn (127.0.0.1).",
            )
        ) from None


def _free_port(address: str, busy: int) -> int | None:
    """The first free port after the busy one, to suggest."""
    for candidate in range(busy + 1, min(busy + 20, 65536)):
        with socket.socket(socket.AF_INET6 if ":" in address else socket.AF_INET) as probe:
            try:
                probe.bind((address, candidate))
            except OSError:
                continue
            return candidate
    return None


def serve(project: Project, folder: Path | None, port: int, address: str = "127.0.0.1") -> int:
    """Build, serve and rebuild on change until Ctrl-C."""
    from watchfiles import watch

    if not 0 <= port <= 65535:
        raise DocgenError(
            Problem(
                None, None, f"--port {port} är ingen port.", "Ange en port mellan 1024 och 65535, t.ex. --port 8000."
            )
        )
    folders = [folder] if folder is not None else [f for f in document_folders(project) if buildable(f)]
    if folder is not None and not folder.is_dir():
        raise DocgenError(Problem(folder, None, "mappen finns inte.", "Ange en mapp under sources/."))
    if not folders:  # a project just made: say what to do, rather than serve an empty page
        from docgen.commands.project import nothing_to_build

        print(nothing_to_build(project, "förhandsvisa"), file=sys.stderr)
        return 0
    server = _listen(address, port, folder)  # before anything is built: a busy port writes nothing
    previews = Previews(project, [Preview(f) for f in folders])
    for preview in previews.documents:
        previews.rebuild(preview)
    port = server.server_address[1]
    hosts = {f"{address}:{port}", f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}"}
    local = address in ("127.0.0.1", "localhost", "::1")  # another address is the user's choice to share it
    server.RequestHandlerClass = _handler(previews, {h.lower() for h in hosts} if local else None)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="docgen-serve", daemon=True).start()
    shown = "localhost" if address == "127.0.0.1" else address
    print(f"förhandsvisning: http://{shown}:{port}/  (avsluta med Ctrl-C)", flush=True)
    stop = threading.Event()
    try:
        for changes in watch(
            *_watched(project, previews),
            watch_filter=_relevant,
            debounce=DEBOUNCE_MS,
            stop_event=stop,
            raise_interrupt=True,
        ):
            paths = {Path(path).resolve() for _change, path in changes}
            for preview in previews.affected(paths):
                previews.rebuild(preview)
            if folder is None:
                for preview in previews.added(paths):
                    print(f"nytt dokument: {_shown(preview.folder)}", flush=True)
                    previews.rebuild(preview)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
    print("förhandsvisningen avslutad.", flush=True)
    return 0
