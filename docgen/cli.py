"""`docgen`: build and check documents. Messages are in Swedish; never a traceback.

Exit status: 0 done, 1 `check` found problems (warnings alone give 0), 2 a source or template error stopped the
build, 3 an internal error in docgen itself.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.errors import DocgenError, Problem, distinct

if TYPE_CHECKING:  # imported where used: after command() has turned the garbage collector off
    from docgen.pipeline import Batch, Project

BUILDING = ("build", "pdf", "html", "publicera")  # the commands that build documents


class _SwedishHelp(argparse.HelpFormatter):
    """argparse's help with its one English word left, "usage:", in Swedish."""

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "användning: " if prefix is None else prefix)


class _SwedishParser(argparse.ArgumentParser):
    """argparse with its help and its mistakes in Swedish, and exit status 2 as for other errors."""

    MESSAGES = (
        (r"argument kommando: invalid choice: '([^']*)' \(choose from (.*)\)", "okänt kommando '{0}'; välj ett av {1}"),
        (r"unrecognized arguments: (.*)", "okända argument: {0}"),
        (r"the following arguments are required: (.*)", "följande argument saknas: {0}"),
        (r"argument (\S+): invalid int value: '([^']*)'", "{0} ska vara ett heltal, inte '{1}'"),
        (r"argument (\S+): expected one argument", "{0} ska följas av ett värde"),
        (r"ambiguous option: (\S+) could match (.*)", "{0} kan vara flera flaggor: {1}; skriv ut hela namnet"),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _SwedishHelp)
        super().__init__(*args, **kwargs)
        # The group titles and -h's text are argparse's own English; these are the documented
        # attributes of the two default groups and of the help action.
        self._positionals.title = "argument"
        self._optionals.title = "flaggor"
        for action in self._actions:
            if isinstance(action, argparse._HelpAction):
                action.help = "visa den här hjälpen och avsluta"

    def error(self, message):
        import re

        for pattern, swedish in self.MESSAGES:
            match = re.fullmatch(pattern, message)
            if match:
                message = swedish.format(*match.groups())
                break
        self.exit(2, f"fel: {message}. Se '{self.prog} --help'.\n")


class _Commands(argparse._SubParsersAction):
    """docgen's commands, each command's parser made only when that command is parsed (or its
    help shown): making all of them cost argparse some 12 M instructions per run (each parser
    looks its texts up in gettext's catalogues on disk and makes help formatters), for the one
    used. add_parser lists the command (name and help, for the top-level help and the check
    of its name) and returns a _Later that keeps the calls made on it; they are made on the
    real parser, in their order, when the command is parsed (argparse's registered 'parsers'
    action, given as add_subparsers(action=...))."""

    def add_parser(self, name, **kwargs):
        aliases = kwargs.get("aliases", ())
        if "help" in kwargs:
            self._choices_actions.append(self._ChoicesPseudoAction(name, aliases, kwargs.pop("help")))
        later = _Later(name, kwargs)
        for each in (name, *aliases):
            self._name_parser_map[each] = later
        return later

    def __call__(self, parser, namespace, values, option_string=None):
        later = self._name_parser_map.get(values[0])
        if isinstance(later, _Later):
            for each in (later.name, *later.kwargs.get("aliases", ())):
                del self._name_parser_map[each]
            later.made_on(super().add_parser(later.name, **later.kwargs))
        super().__call__(parser, namespace, values, option_string)


class _Later:
    """Calls on an object not made yet (a command's parser), kept to be made on it later; what
    a call returns is a _Later too (a command's own subcommands)."""

    def __init__(self, name: str = "", kwargs=None):
        self.name, self.kwargs = name, kwargs or {}  # a command's name and add_parser's arguments
        self.calls: list = []

    def __getattr__(self, method: str):
        def call(*args, **kwargs):
            result = _Later()
            self.calls.append((method, args, kwargs, result))
            return result

        return call

    def made_on(self, target):
        for method, args, kwargs, result in self.calls:
            result.made_on(getattr(target, method)(*args, **kwargs))
        return target


def _parser() -> argparse.ArgumentParser:
    parser = _SwedishParser(
        prog="docgen",
        description="Bygger styrdokument från källor i sources/ och mallar i templates/, i projektets mapp "
        "(den du står i eller en ovanför; 'docgen new projekt <mapp>' skapar ett projekt).",
    )
    # The folders default to the project's the current folder lies in (commands.project.here).
    parser.add_argument("--kallor", type=Path, help="mappen med källor (standard: projektets sources/)")
    parser.add_argument("--mallar", type=Path, help="mappen med mallar (standard: projektets templates/)")
    parser.add_argument("--ut", type=Path, help="mappen för byggda dokument (standard: projektets build/)")
    parser.add_argument("--felsok", action="store_true", help="visa hela felspåret vid ett internt fel i docgen")
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="kommando", parser_class=_SwedishParser, action=_Commands
    )
    b = commands.add_parser("build", help="bygg dokument (alla, eller de angivna källmapparna)")
    b.add_argument("folders", nargs="*", type=Path, metavar="källmapp")
    b.add_argument("--slutlig", action="store_true", help="vägra dokument med innehåll markerat ATT UPPDATERA")
    b.add_argument(
        "--skriv-godkanda",
        action="store_true",
        dest="write_good",
        help="skriv de dokument som gick att bygga även om andra inte gick (annars skrivs inget)",
    )
    b.add_argument(
        "--tvinga", action="store_true", help="bygg om även dokument vars källor, mall och docgen är oförändrade"
    )
    pdf = commands.add_parser("pdf", help="bygg dokument och spara dem även som PDF (kräver LibreOffice)")
    pdf.add_argument("folders", nargs="*", type=Path, metavar="källmapp")
    pdf.add_argument("--slutlig", action="store_true", help="vägra dokument med innehåll markerat ATT UPPDATERA")
    pdf.add_argument(
        "--skriv-godkanda",
        action="store_true",
        dest="write_good",
        help="skriv de dokument som gick att bygga även om andra inte gick (annars skrivs inget)",
    )
    pdf.add_argument(
        "--tvinga", action="store_true", help="bygg om även dokument vars källor, mall och docgen är oförändrade"
    )
    h = commands.add_parser("html", help="bygg dokument och spara dem även som tillgänglig webbsida (.html)")
    p = commands.add_parser("publicera", help="bygg dokument som .docx, .html och PDF i ett svep (kräver LibreOffice)")
    for command in (h, p):
        command.add_argument("folders", nargs="*", type=Path, metavar="källmapp")
        command.add_argument(
            "--slutlig", action="store_true", help="vägra dokument med innehåll markerat ATT UPPDATERA"
        )
        command.add_argument(
            "--skriv-godkanda",
            action="store_true",
            dest="write_good",
            help="skriv de dokument som gick att bygga även om andra inte gick (annars skrivs inget)",
        )
        command.add_argument(
            "--tvinga", action="store_true", help="bygg om även dokument vars källor, mall och docgen är oförändrade"
        )
    s = commands.add_parser(
        "serve", help="förhandsvisa dokument i webbläsaren; byggs om när källor, mallar eller utfall sparas"
    )
    s.add_argument("folder", nargs="?", type=Path, metavar="källmapp")
    s.add_argument("--port", type=int, default=8000, help="porten (standard: 8000)")
    s.add_argument(
        "--adress", default="127.0.0.1", help="adressen att lyssna på (standard: 127.0.0.1, bara den här datorn)"
    )
    c = commands.add_parser("check", help="kontrollera källor, mallar, tillgänglighet och typografi")
    c.add_argument("folders", nargs="*", type=Path, metavar="källmapp")
    c.add_argument(
        "--slutlig",
        action="store_true",
        help="räkna det som står markerat ATT UPPDATERA som fel (som bygget --slutlig)",
    )
    commands.add_parser("list", help="lista dokumenten som källorna definierar")
    n = commands.add_parser("new-year", help="skapa nästa års källor från årets (skriver aldrig över)")
    n.add_argument("organisation", help="mappen under sources/, t.ex. region-ostergotland")
    n.add_argument(
        "old", type=int, metavar="år", help="året vars dokument kopieras (de med år: 2025 i dokument.yaml), t.ex. 2025"
    )
    n.add_argument("new", type=int, metavar="nytt_år", help="året som källorna skapas för, t.ex. 2026")
    commands.add_parser(
        "förnya",
        aliases=["fornya"],
        help="gör projektets guider och scheman (docs/) till den installerade docgens, t.ex. efter en ny "
        "version av docgen (ändrar aldrig sources/ eller templates/)",
    )
    commands.add_parser(
        "schema", help="skriv källfilernas JSON Schema, ett per sorts källfil (docs/schema/), ur docgens schema"
    )
    new = commands.add_parser(
        "new",
        help="skapa ett projekt (en mapp för era dokument), eller ett nytt dokument ur startpaketet: "
        "källmapp och egen mall (skriver aldrig över)",
    )
    new.add_argument(
        "kind",
        metavar="sort",
        help="projekt, plan, verksamhetsplan, uppfoljning, tjansteskrivelse eller foredragningslista",
    )
    new.add_argument(
        "folder", type=Path, metavar="mapp", help="projektets mapp, eller sources/<organisation>/<dokument>"
    )
    new.add_argument("--organisation", help='t.ex. "Sjöbo kommun"')
    new.add_argument("--namnd", help='t.ex. "Kommunfullmäktige" (inte för projekt)')
    new.add_argument("--ar", type=int, help="året dokumentet gäller, t.ex. 2026 (inte för projekt)")
    new.add_argument(
        "--foljer-upp",
        type=Path,
        dest="foljer_upp",
        metavar="planmapp",
        help="för uppfoljning: planens källmapp, t.ex. sources/sjobo-kommun/budget-2026",
    )
    d = commands.add_parser("diff", help="revideringar mellan två versioner av ett dokuments källor")
    d.add_argument("old", metavar="gammal", help="källmapp, eller git-version som REV:sources/…/mapp")
    d.add_argument("new", metavar="ny", help="källmapp, eller git-version som REV:sources/…/mapp")
    k = commands.add_parser("kolada", help="utfall från Kolada (bygget går aldrig ut på nätet)")
    kolada = k.add_subparsers(dest="kolada_command", required=True, metavar="åtgärd", parser_class=_SwedishParser)
    fetch = kolada.add_parser("hämta", help="hämta en uppföljnings utfall från Kolada och spara dem i 'utfall_fil'")
    fetch.add_argument("folder", type=Path, metavar="källmapp", help="uppföljningens mapp under sources/")
    return parser


def main(argv: list[str] | None = None) -> int:
    workers = _workers_before_parsing(argv)
    try:
        return _main(argv, workers)
    finally:
        if workers is not None:
            workers.close(gracefully=False)  # not put to work (else closed already)


def _main(argv: list[str] | None, workers) -> int:
    args = _parser().parse_args(argv)
    if args.command not in BUILDING:
        gc.enable()  # off since command() began: see there
    try:
        Path.cwd()
    except FileNotFoundError:  # the folder the editor stands in was removed or moved meanwhile
        print(
            "fel: mappen du står i finns inte längre (den har tagits bort eller flyttats). "
            "Gå till projektmappen med cd och kör kommandot igen. Inget dokument skrevs.",
            file=sys.stderr,
        )
        return 2
    from docgen.commands.project import here

    project = here(args.kallor, args.mallar, args.ut)
    written: list[Path] = []  # every file written so far, so that each message tells the truth
    previous = _terminate_as_interrupt()
    try:
        with contextlib.ExitStack() as resources:  # programs docgen started (LibreOffice), ended on the way out
            return _run(args, project, written, resources, workers)
    except DocgenError as exc:
        for problem in exc.problems:
            print(f"fel: {problem}", file=sys.stderr)
        if len(exc.problems) > 1:
            print(f"{len(exc.problems)} fel.", file=sys.stderr)
        print("Inget skapades." if args.command == "new" else _what_was_written(written), file=sys.stderr)
        return exc.exit_status
    except KeyboardInterrupt:
        print(f"avbrutet. {_what_was_written(written)}", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug in docgen, not an editor's mistake
        if args.felsok:
            import traceback

            traceback.print_exc()
        print(
            f"internt fel i docgen: ett programfel ({type(exc).__name__}), inte ett fel i källorna eller mallarna. "
            f"{_what_was_written(written)} Kör samma kommando med --felsok (t.ex. 'docgen --felsok build') "
            "för att se var felet uppstod, och rapportera det till docgens utvecklare.",
            file=sys.stderr,
        )
        return 3
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _terminate_as_interrupt():
    """SIGTERM (kill, a CI timeout) ends docgen as Ctrl-C does: temporary files removed and the
    programs it started (LibreOffice) killed on the way out. Returns the previous handler."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        return None

    def interrupt(_signum, _frame):
        raise KeyboardInterrupt

    return signal.signal(signal.SIGTERM, interrupt)


def _run(args, project: Project, written: list[Path], resources, workers=None) -> int:
    from docgen.pipeline import build_batch, buildable, document_folders, named_documents

    if args.command == "new" and args.kind == "projekt":
        from docgen.commands.project import new_project

        print("\n".join(new_project(args.folder, args.organisation, args.namnd, args.ar, args.foljer_upp)))
        return 0
    if args.command != "schema":
        from docgen.commands.project import require_given_folders, require_project

        require_project(project)
        require_given_folders(args.kallor, args.mallar)
    if args.command == "list":
        from docgen.pipeline import load_validated
        from docgen.view.compute import counts

        listed = document_folders(project)
        if not listed:
            from docgen.commands.project import nothing_to_build

            print(nothing_to_build(project, "lista"), file=sys.stderr)
        for folder in listed:
            _raw, sources = load_validated(folder, project)
            found = counts(sources)
            content = (
                (
                    f": {found['assignments']} uppdrag, {found['indicators']} styrtal, "
                    f"{found['other_follow_ups']} annan uppföljning"
                )
                if found["total"]
                else ""
            )
            kind = "" if sources.document.template else " (källa, byggs inte)"
            print(f"{folder.relative_to(project.sources)}{kind}{content}")
        return 0
    if args.command == "kolada":
        from docgen.sources.kolada import fetch_command

        print(fetch_command(args.folder, project))
        return 0
    if args.command == "new-year":
        from docgen.commands.newyear import new_year

        print(new_year(args.organisation, args.old, args.new, project).text(args.old, args.new))
        return 0
    if args.command in ("förnya", "fornya"):
        from docgen.commands.refresh import refresh, version

        print(refresh(project).text(version()))
        return 0
    if args.command == "schema":
        from docgen.sources.jsonschema import write_schemas

        written = write_schemas()
        print(f"skrev {len(written)} scheman i {_shown(written[0].parent)}/: " + ", ".join(p.name for p in written))
        return 0
    if args.command == "new":
        from docgen.commands.new import new_document

        created = new_document(args.kind, args.folder, args.organisation, args.namnd, args.ar, args.foljer_upp, project)
        print(created.text(_shown))
        return 0
    if args.command == "diff":
        from docgen.sources.versions import diff_command

        print(diff_command(args.old, args.new, project))
        return 0
    if args.command == "serve":
        from docgen.web.serve import serve

        return serve(project, args.folder, args.port, args.adress)
    building = args.command in BUILDING
    if building:
        _refuse_output_among_inputs(project)
    pool = _workers_ahead(args, project, resources, workers) if building else None
    ahead = _LibreOfficeAhead(args.command, resources, written, project, args.folders)
    folders = named_documents(args.folders, project, building) if args.folders else document_folders(project)
    if building:
        if not args.folders:
            folders = [f for f in folders if buildable(f)]
            if not folders:
                from docgen.commands.project import nothing_to_build

                print(nothing_to_build(project), file=sys.stderr)
                return 0
        progress = _progress_reporter(project) if len(folders) > 1 else None
        batch = build_batch(
            folders,
            project,
            final=args.slutlig,
            write_good=args.write_good,
            on_written=ahead,
            force=args.tvinga,
            on_progress=progress,
            html=args.command in ("html", "publicera"),
            pool=pool,
        )
        if pool is not None:
            pool.close()  # idle workers are not kept through the PDF conversion
        if progress:
            progress.finish()
        for path in batch.written:
            print(f"byggt: {_shown(path)}")
            if args.command in ("html", "publicera"):
                print(f"byggt: {_shown(path.with_suffix('.html'))}")
        for path in batch.unchanged:
            print(f"oförändrat: {_shown(path)}")
        if batch.unchanged and not batch.failed:
            print(
                "Oförändrade filer byggdes inte om: källor, mallar och docgen är desamma som vid förra bygget "
                "(--tvinga bygger om dem ändå)."
            )
        if args.command in ("pdf", "publicera"):
            for pdf in _pdfs(batch, project, ahead.offices):
                written.append(pdf)
                batch.written.append(pdf)
                print(f"byggt: {_shown(pdf)}")
        if batch.failed:
            _report_failures(batch)
            return 2
        return 0
    if args.command == "check":
        from docgen.commands.check import check_all, summary

        if not folders:
            from docgen.commands.project import nothing_to_build

            print(nothing_to_build(project, "kontrollera"), file=sys.stderr)
            return 0

        problems = check_all(folders, project, final=args.slutlig)
        for problem in problems:
            print(f"{'varning' if problem.warning else 'fel'}: {problem}", file=sys.stderr)
        text, status = summary(problems, final=args.slutlig)
        print(text, file=sys.stderr if status else sys.stdout)
        return status
    return 0


def _refuse_output_among_inputs(project: Project) -> None:
    """--ut inside (or the same as) the sources or templates folder would write the built
    documents among the editors' files; the sources are never changed by a build."""
    output = project.build.resolve()
    for folder, name in ((project.sources, "källmappen"), (project.templates, "mallmappen")):
        inside = folder.resolve()
        if output == inside or inside in output.parents:
            raise DocgenError(
                Problem(
                    None,
                    None,
                    f"--ut {_shown(project.build)} ligger i {name} {_shown(folder)}: dokumenten skulle skrivas "
                    "bland källorna och mallarna.",
                    "Välj en mapp utanför sources/ och templates/, t.ex. build/ (standard).",
                )
            )


def _workers_ahead(args, project: Project, resources, started=None):
    """For a batch that will assemble several documents on several cores (_batch_ahead), the
    worker processes start before the documents are listed: their imports run meanwhile
    (pipeline.batch_workers). Other batches start them, if needed, once they know what to
    build. `started`: workers started before the arguments were parsed, put to work here or
    ended at once."""
    html = args.command in ("html", "publicera")
    if not _batch_ahead(len(args.folders), args.tvinga, lambda: project.build):
        if started is not None:
            started.close(gracefully=False)
        return None
    from docgen.pipeline import batch_workers, put_to_work

    if started is not None:
        return resources.enter_context(put_to_work(started, project, args.slutlig, html))
    return resources.enter_context(batch_workers(project, args.slutlig, html))


def _batch_ahead(folders: int, forced: bool, build) -> bool:
    """Whether a build will assemble several documents on several cores: every document
    (`folders` 0), or several folders, with --tvinga or with no earlier build recorded in
    build() (the build folder, asked for only then)."""
    import os

    if len(os.sched_getaffinity(0)) < 2 or folders == 1:
        return False
    if forced:
        return True
    from docgen.freshness import BuildRecord

    folder = build()
    return folder is not None and not BuildRecord(folder).entries


def _workers_before_parsing(argv: list[str] | None):
    """The workers of a batch started before the command line is parsed (building the
    parser takes argparse some 8 ms), so that this overlaps the first worker's imports: when
    the words plainly ask for a batch (_batch_ahead; options written in full). A guess: the
    parsed arguments decide (_workers_ahead), and a wrong guess costs the other core a few
    ms, never a different result or message."""
    words = list(sys.argv[1:] if argv is None else argv)
    given = dict.fromkeys(("--kallor", "--mallar", "--ut"))
    while words and words[0].startswith("-"):
        name, equals, value = words.pop(0).partition("=")
        if name in given:
            given[name] = Path(value if equals else (words.pop(0) if words else ""))
        elif name != "--felsok":
            return None
    if not words or words[0] not in BUILDING:
        return None
    rest = words[1:]
    if not _batch_ahead(len([w for w in rest if not w.startswith("-")]), "--tvinga" in rest, lambda: _build(given)):
        return None
    from docgen.pipeline import start_workers

    return start_workers(html=words[0] in ("html", "publicera"))


def _build(given: dict):
    """The build folder of the project the options and the current folder name (None outside
    any project, or when the current folder is gone: the command will say so)."""
    from docgen.commands.project import here

    try:
        project = here(*given.values())
        return project.build if project.sources.is_dir() else None
    except OSError:
        return None


class _LibreOfficeAhead:
    """For pdf and publicera, LibreOffice is started before the build when a PDF is expected
    (commands.pdf.pdf_expected: a .docx built earlier without a current PDF; as many processes
    as that batch gets), otherwise at the first .docx the build writes (one; to_pdf starts more
    for a larger batch), so that its start overlaps the build (a build that writes nothing and
    has its PDFs current starts none); `resources` ends them whatever happens. Told of each file
    the build writes."""

    def __init__(self, command: str, resources, written: list[Path], project: Project, folders: list[Path]):
        self.wanted = command in ("pdf", "publicera")
        self.resources = resources
        self.written = written
        self.offices: list = []
        if self.wanted:
            from docgen.commands.pdf import pdf_expected, processes_for

            expected = pdf_expected(project.build, project.sources, folders)
            if expected:
                self._start(processes_for(expected))

    def __call__(self, path: Path) -> None:
        self.written.append(path)
        if self.wanted and not self.offices and path.suffix == ".docx":
            self._start(1)

    def _start(self, count: int) -> None:
        from docgen.commands.pdf import LibreOffice

        self.offices = [self.resources.enter_context(LibreOffice()) for _ in range(count)]


def _pdfs(batch, project: Project, offices=None) -> list[Path]:
    """PDFs of the documents built now, and of unchanged documents whose PDF is missing or
    older than their .docx; the .docx files (given their page numbers by the conversion)
    stay recorded as the build's output, so the next build keeps them."""
    from docgen.commands.pdf import to_pdf
    from docgen.freshness import BuildRecord, PdfRecord

    record = PdfRecord(project.build)
    documents = [p for p in [*batch.written, *batch.unchanged] if p.suffix == ".docx"]
    stale = record.stale(documents)
    for document in documents:
        if document not in stale:
            print(f"oförändrat: {_shown(document.with_suffix('.pdf'))}")
    if not stale:
        return []
    pdfs = to_pdf(stale, office=offices)
    builds = BuildRecord(project.build)
    for document in stale:
        builds.rehash_output(document)
    builds.save()
    record.remember(stale)
    return pdfs


class _progress_reporter:
    """Progress of a batch on stderr: one line rewritten in place on a terminal, a plain line
    per document otherwise (a log, CI)."""

    def __init__(self, project: Project):
        self.project = project
        self.terminal = sys.stderr.isatty()

    def __call__(self, progress) -> None:
        try:
            name = progress.folder.resolve().relative_to(self.project.sources.resolve())
        except ValueError:
            name = progress.folder
        seconds = f"{progress.elapsed:.1f}".replace(".", ",")
        line = f"[{progress.done}/{progress.total}] {name} klar efter {seconds} s"
        if self.terminal:
            print(f"\r\033[K{line}", end="", file=sys.stderr, flush=True)
        else:
            print(line, file=sys.stderr, flush=True)

    def finish(self) -> None:
        if self.terminal:
            print("\r\033[K", end="", file=sys.stderr, flush=True)


def _report_failures(batch: Batch) -> None:
    """Every problem, then exactly which documents were written and which were not."""
    problems = distinct([problem for found in batch.failed.values() for problem in found])
    for problem in problems:
        print(f"fel: {problem}", file=sys.stderr)
    if len(problems) > 1:
        print(f"{len(problems)} fel.", file=sys.stderr)
    if not batch.written:
        if batch.not_written:
            held = ", ".join(_shown(f) for f in batch.not_written)
            print(
                f"Inget dokument skrevs, inte heller de som gick att bygga ({held}). Rätta felen, "
                "eller bygg med --skriv-godkanda för att skriva dem som gick att bygga.",
                file=sys.stderr,
            )
        else:
            print("Inget dokument skrevs.", file=sys.stderr)
        return
    print(f"Skrevs: {', '.join(_shown(p) for p in batch.written)}.", file=sys.stderr)
    print(f"Skrevs inte (fel ovan): {', '.join(_shown(f) for f in batch.failed)}.", file=sys.stderr)


def _what_was_written(written: list[Path]) -> str:
    if not written:
        return "Inget dokument skrevs."
    return f"Dessa filer hann skrivas: {', '.join(_shown(p) for p in written)}."


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        from docgen.commands.project import shown_from_here

        return shown_from_here(path)


def command() -> int:
    """The `docgen` command: main() with the garbage collector off for a building command
    (its collections cost 40 M of the årsplan's 1.6 G instructions and freed 0.5 of its 52 MB
    peak memory, which the exit gives back anyway); a batch frees each document's objects
    itself before the next (pipeline.assemble_all, workers._release). Other commands turn it
    back on once parsed (serve: builds for as long as it runs). Then an exit that skips the
    interpreter's last collections (gc.freeze), which only free memory the system takes back
    anyway: 0.07 s of CPU after a batch. (Tests call main() in their own process: it leaves
    the collector as it found it, or on.)"""
    gc.disable()
    status = main()
    gc.freeze()
    return status


if __name__ == "__main__":
    sys.exit(command())
