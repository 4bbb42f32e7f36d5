"""The build, stage by stage: load → validate → compute → view → render → write."""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.errors import DocgenError, Problem
from docgen.freshness import (
    BuildRecord,
    Inputs,
    adopt_engine_key,
    input_hashes,
    note_file,
    output_hashes,
    recording,
)
from docgen.sources import schema
from docgen.sources.load import SourceMap, load_document_sources
from docgen.view.node import keyed

# The render-side stages (compute, render, accessibility, write) import docxtpl, python-docx
# and jinja2, a quarter of a second: they are imported where they are used, so that a build
# with nothing to do never pays for them.

if TYPE_CHECKING:
    from docgen.workers import Pool
    from docgen.view.compute import Computed
    from docgen.sources.cache import SourceCache
    from docgen.word.charts import ChartCache
    from docgen.word.compiled import CompiledTemplates

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Project:
    """Where sources, templates and output live (the repository's folders by default)."""

    sources: Path = ROOT / "sources"
    templates: Path = ROOT / "templates"
    build: Path = ROOT / "build"
    reread_sources: bool = False  # --tvinga: no source file taken as read before (build/.cache/kallor)


# Prepared, Built, Batch and Progress are plain classes, not dataclasses: making a dataclass
# (its methods compiled from text) costs some 3 M instructions each, paid by every command.


class Prepared:
    """One document's sources, loaded and computed, and the template's context from them."""

    def __init__(
        self,
        folder: Path,
        raw: SourceMap,
        sources: schema.Sources,
        computed: Computed,
        context: dict,
        template: Path,
        output: Path,
    ):
        self.folder, self.raw, self.sources, self.computed = folder, raw, sources, computed
        self.context, self.template, self.output = context, template, output


def document_folders(project: Project) -> list[Path]:
    """Every folder under sources/ that holds YAML files is one document (an organisation's
    benämningar.yaml is not a document: docgen.sources.vocabulary)."""
    from docgen.sources.vocabulary import is_organisation_file

    return sorted({p.parent for p in project.sources.rglob("*.yaml") if not is_organisation_file(p)})


def named_documents(folders: list[Path], project: Project, buildable_only: bool) -> list[Path]:
    """The documents the folders on the command line stand for: a folder with YAML sources of
    its own is one document; a folder with none but document folders below it (an
    organisation's folder) stands for those (with buildable_only: the ones with a template)."""
    from docgen.sources.vocabulary import is_organisation_file

    named = []
    for folder in folders:
        own = [p for p in folder.glob("*.yaml") if not is_organisation_file(p)] if folder.is_dir() else [None]
        below = [] if own else sorted({p.parent for p in folder.rglob("*.yaml") if not is_organisation_file(p)})
        if buildable_only:
            below = [f for f in below if buildable(f)]
        named.extend(below or [folder])
    return named


def load_validated(folder: Path, project: Project, cache=None, kolada=True) -> tuple[SourceMap, schema.Sources]:
    """Load and validate one document's sources, with references to other documents resolved
    (`cache`: docgen.sources.cache.SourceCache, the files read before) and a plan's senast kända
    värden read from its saved Kolada response (`kolada`: False for the command that fetches it)."""
    if not folder.is_dir():
        raise DocgenError(_not_a_folder(folder, project))
    from docgen.sources.references import Library, resolve_references
    from docgen.sources.validate import validate_sources

    raw = load_document_sources(folder, cache)
    sources = validate_sources(raw)
    resolve_references(sources, Library(project.sources, cache))
    if kolada and sources.document.outcomes_file:
        from docgen.sources.kolada import plan_outcomes

        plan_outcomes(sources, folder)
    return raw, sources


def _not_a_folder(folder: Path, project: Project) -> Problem:
    """A named document that is not a folder: a source file named instead of its folder, or a
    folder's name without its path or with a typo (the nearest document folders are suggested)."""
    import difflib

    if folder.is_file():
        return Problem(
            folder, None, "är en fil, inte en dokumentmapp.", f"Ange mappen som filen ligger i: {folder.parent}."
        )
    try:
        known = sorted({p.parent for p in project.sources.rglob("*.yaml")}) if project.sources.is_dir() else []
    except OSError:
        known = []
    same = [str(k) for k in known if k.name == folder.name]
    by_name = {k.name: str(k) for k in known}
    near = same or [by_name[n] for n in difflib.get_close_matches(folder.name, list(by_name), n=2)]
    hint = f"Menade du {' eller '.join(near[:2])}?" if near else "Ange en mapp under sources/."
    return Problem(folder, None, "mappen finns inte.", hint)


def buildable(folder: Path) -> bool:
    """A document folder whose dokument names a template (others are sources for other documents)."""
    from docgen.sources.load import load_yaml_file

    document, template = schema.Sources.key_of("document"), schema.DocumentInfo.key_of("template")
    for path in sorted(folder.glob("*.yaml")):
        data = load_yaml_file(path)
        if document in data:
            return isinstance(data[document], dict) and template in data[document]
    return True


def prepare(folder: Path, project: Project, cache=None) -> Prepared:
    """One document through the stages before rendering, one call each: sources (load and
    validate) → compute → view (the template's context). `cache`: see load_validated."""
    raw, sources = load_buildable(folder, project, cache)
    from docgen.sources.references import Library
    from docgen.view.compute import compute
    from docgen.view.context import view

    computed = compute(sources)
    context = view(sources, computed, Library(project.sources, cache), folder)
    template = project.templates / sources.document.template
    return Prepared(folder, raw, sources, computed, context, template, output_path(folder, sources, project))


def load_buildable(folder: Path, project: Project, cache=None) -> tuple[SourceMap, schema.Sources]:
    """Load and validate one document's sources, refusing what cannot be built: typography
    an editor must fix, or a document without a template."""
    raw, sources = load_validated(folder, project, cache)
    from docgen.word.typography import build_problems

    if typography := build_problems(raw):
        raise DocgenError(typography)
    if sources.document.template is None:
        file, line = sources.where("document")
        raise DocgenError(
            Problem(
                file,
                line,
                "dokumentet har ingen 'mall' och kan inte byggas.",
                "Ange 'mall' under 'dokument' (en mapp utan mall är en källa för andra dokument).",
            )
        )
    _refuse_template_outside(sources, project)
    return raw, sources


def _refuse_template_outside(sources: schema.Sources, project: Project) -> None:
    """'mall' names a file under templates/: not an absolute path, nothing reached through '..'."""
    from pathlib import PurePosixPath, PureWindowsPath

    name = sources.document.template
    given = PureWindowsPath(name) if "\\" in name else PurePosixPath(name)
    if not (given.is_absolute() or given.drive or ".." in given.parts):
        return
    file, line = sources.document.where("template")
    raise DocgenError(
        Problem(
            file,
            line,
            f"mallen '{name}' ligger inte under templates/.",
            "Lägg mallen i templates/ (t.ex. templates/<organisation>/) och skriv sökvägen därifrån, "
            "t.ex. 'mall: sjobo-kommun/plan.docx'.",
        )
    )


def output_path(folder: Path, sources: schema.Sources, project: Project) -> Path:
    """Where the document is written: build/<organisation>/<fil>.docx."""
    try:
        relative = folder.resolve().relative_to(project.sources.resolve())
        organisation = relative.parts[0] if len(relative.parts) > 1 else ""
    except ValueError:
        organisation = ""
    return project.build / organisation / f"{sources.document.file_name}.docx"


class Built:
    """One document rendered and checked, not yet written: its files and their bytes."""

    def __init__(
        self,
        folder: Path,
        files: dict[Path, bytes],
        charts: ChartCache | None,  # None: nothing new to save (sent back from a worker)
        compiled: CompiledTemplates | None = None,  # the template's preparation, kept for the next build
        read: SourceCache | None = None,  # the source files as read, kept for the next build
        build_root: Path | None = None,  # build/: nothing is written outside it (symlinks resolved)
    ):
        self.folder, self.files, self.charts, self.compiled, self.read = folder, files, charts, compiled, read
        self.build_root = build_root
        self.inputs = Inputs()  # what assembling it read (see freshness)
        self.input_hashes: dict = {}
        self.output_hashes: dict = {}  # made where it was assembled (a worker: not in the batch's tail)

    @property
    def output(self) -> Path:
        return next(iter(self.files))


def assemble(folder: Path, project: Project | None = None, final: bool = False, html: bool = False) -> Built:
    """Load, validate, compute, render and check one document, writing nothing. A final build
    refuses a document that still has content marked ATT UPPDATERA. With `html`, the
    accessible HTML edition is made from the same finished document (docgen.web.html)."""
    project = project or Project()
    from docgen.sources.cache import SourceCache

    read = SourceCache(project.build / ".cache" / "kallor", reading=not project.reread_sources)
    prepared = prepare(folder, project, read)
    from docgen.word.accessibility import check_document
    from docgen.word.charts import ChartCache
    from docgen.word.compiled import CompiledTemplates
    from docgen.word.environment import RenderState
    from docgen.word.render import render, unshown_blocks
    from docgen.word.write import docx_bytes, ensure_inside, finish_document, set_properties

    for place in (prepared.output, project.build / ".cache"):  # refused before anything is written
        ensure_inside(place, project.build)
    note_file(prepared.template)
    charts = ChartCache(project.build / ".cache" / "diagram")
    state = RenderState(prepared.computed, chart_cache=charts, sources=prepared.sources, source_folder=prepared.folder)
    compiled = CompiledTemplates(project.build / ".cache" / "mallar")
    rendered = render(prepared.template, prepared.context, state, compiled=compiled)
    _lone_clauses(rendered, prepared.sources, prepared.context)
    problems: list[Problem] = unshown_blocks(prepared.sources, prepared.context, state, prepared.template)

    def gate(parts, root, styles_root):
        set_properties(parts, prepared.sources.document, sources=prepared.sources)
        problems.extend(check_document(parts, prepared.output.name, root, styles_root))
        if final:
            problems.extend(_unfinished(root, parts, prepared, project))

    finished = []
    parts = finish_document(
        rendered, inspect=lambda parts, root, styles: (gate(parts, root, styles), finished.append(root))
    )
    if problems:
        raise DocgenError(problems)
    files = {prepared.output: docx_bytes(parts)}
    if html:
        from docgen.web.html import html_edition

        document = getattr(prepared.sources, "document", None)
        organisation = (document.organisation or "") if document is not None else ""
        files[prepared.output.with_suffix(".html")] = html_edition(parts, finished[0], state.charts, organisation)
    if prepared.context[schema.TEMPLATE.key_of("case")] is not None:
        files[prepared.output.with_suffix(".json")] = case_metadata(prepared)
    return Built(prepared.folder, files, charts, compiled, read, build_root=project.build)


def _lone_clauses(rendered, sources, context) -> None:
    """A lone att-sats without its number where the organisation's benämningar say so."""
    from docgen.word.decisions import UNNUMBERED, unnumber_lone_clauses

    document = getattr(sources, "document", None)
    if document is not None and document.terms.lone_clause == UNNUMBERED:
        unnumber_lone_clauses(rendered.docx.element, _single_clauses(sources, context))


def _single_clauses(sources, context) -> list[str]:
    """The text of every proposal in the document that has a single att-sats: the document's
    own beslut, its tjänsteskrivelse's and each agenda item's."""
    proposals = []
    decision = getattr(sources, "decision", None)
    if decision is not None:
        proposals.append([c.text for c in decision.clauses])
    case = context.get(schema.TEMPLATE.key_of("case"))
    if case is not None:
        proposals.append([p.of("text") for p in case.of("proposals")])
    for item in context.get(schema.TEMPLATE.key_of("agenda")) or []:
        proposals.append([p.of("text") for p in item.of("proposals")])
    return [texts[0] for texts in proposals if len(texts) == 1]


def write(built: Built, on_written=None, staged: Staged | None = None) -> Path:
    """Write one assembled document's files (each atomically) and its new charts;
    `on_written(path)` is told of each file as soon as it is written. Files `staged` ahead are
    put in place."""
    from docgen.word.files import ensure_inside, write_atomically

    for path, data in built.files.items():
        if staged is None or not staged.put(path):
            write_atomically(path, data, inside=built.build_root)
        if on_written:
            on_written(path)
    caches = [cache for cache in (built.charts, built.compiled, built.read) if cache is not None]
    if built.build_root is not None:
        for cache in caches:
            if cache.folder is not None and cache.pending:
                ensure_inside(cache.folder, built.build_root)
    for cache in caches:
        cache.save()
    return built.output


def build(folder: Path, project: Project | None = None, final: bool = False, html: bool = False) -> Path:
    """Build one document (with `html`, also its HTML edition); returns the path of the written .docx."""
    return write(assemble(folder, project, final, html))


class Staged:
    """A batch's files, written as each document is assembled beside the file they will replace
    under a temporary name (write_atomically's, with this process's id: what a killed run
    leaves is removed by the next write of that file), and put in place by a rename when the
    batch is written: the writing overlaps the assembling of the documents still in the workers.
    When the batch is not written (a failure, Ctrl-C), they are removed, with the folders made
    for them."""

    def __init__(self):
        self.files: dict[Path, Path] = {}  # where a file goes -> its temporary file
        self.folders: list[Path] = []  # folders made for them, outermost first
        self.stopped = False

    def stage(self, built: Built) -> None:
        """Write a document's files under their temporary names. A file system that refuses
        stops the staging: the files are then written at the end, where the same refusal is
        reported as it always was (after every document's own problems)."""
        import os

        from docgen.word.files import write_atomically

        if self.stopped:
            return
        try:
            for path, data in built.files.items():
                if path in self.files:  # two documents, one file: both are refused (_shared_outputs)
                    continue
                self._note_new_folders(path.parent)
                temporary = path.parent / f".{path.name}.{os.getpid()}.tmp"
                write_atomically(temporary, data, inside=built.build_root)
                self.files[path] = temporary
        except DocgenError:
            self.stopped = True
            self.discard()

    def _note_new_folders(self, folder: Path) -> None:
        missing = []
        while not folder.exists() and folder != folder.parent:
            missing.append(folder)
            folder = folder.parent
        self.folders.extend(f for f in reversed(missing) if f not in self.folders)

    def put(self, path: Path) -> bool:
        """Put a staged file in place; False when it was not staged or cannot be put there (a
        folder in its place: write_atomically then says why, in Swedish)."""
        import os

        temporary = self.files.pop(path, None)
        if temporary is None:
            return False
        try:
            os.replace(temporary, path)
        except OSError:
            temporary.unlink(missing_ok=True)
            return False
        return True

    def discard(self) -> None:
        """Remove the files not put in place, and the folders made for them that are empty."""
        import contextlib

        for temporary in self.files.values():
            temporary.unlink(missing_ok=True)
        self.files.clear()
        for folder in reversed(self.folders):
            with contextlib.suppress(OSError):
                folder.rmdir()
        self.folders.clear()


class Batch:
    """The outcome of building several documents: what was written, what failed and why."""

    def __init__(
        self,
        written: list[Path],
        failed: dict[Path, list[Problem]],  # source folder -> its problems
        not_written: list[Path],  # source folders that succeeded but were held back by another's failure
        unchanged: list[Path] | None = None,  # files kept: nothing they depend on changed
    ):
        self.written, self.failed, self.not_written = written, failed, not_written
        self.unchanged = [] if unchanged is None else unchanged


class Progress:
    """What a long batch reports after each document: done of total, which, seconds so far."""

    def __init__(self, done: int, total: int, folder: Path, elapsed: float):
        self.done, self.total, self.folder, self.elapsed = done, total, folder, elapsed


def build_settings(project: Project, final: bool = False, html: bool = False) -> dict:
    """What besides its inputs shapes a build's output, as the no-change record keeps it."""
    return {
        "slutlig": final,
        "html": html,
        "källor": str(project.sources.resolve()),
        "mallar": str(project.templates.resolve()),
    }


def remember_build(project: Project, built: Built, settings: dict) -> None:
    """Record a written build in build/.cache/byggen.json, so that the next build of the same
    inputs is skipped (docgen build, and docgen serve's rebuilds)."""
    record = BuildRecord(project.build)
    record.remember(built.folder, settings, built.inputs, built.input_hashes, output_hashes(built.files))
    record.save()


def build_batch(
    folders: list[Path],
    project: Project,
    final: bool = False,
    write_good: bool = False,
    on_written=None,
    force: bool = False,
    on_progress=None,
    workers: int | None = None,
    html: bool = False,
    pool: Pool | None = None,
) -> Batch:
    """Assemble every document first; write them only when all succeeded, or (write_good) the
    ones that succeeded. Two documents with one output path both fail, naming each other.

    A document whose inputs hash as at its last build is not built again (unless `force`);
    the others are assembled on all cores, each in its own process (`pool`: the workers
    started ahead, batch_workers)."""
    record = BuildRecord(project.build)
    settings = build_settings(project, final, html)
    if force:
        project = replace(project, reread_sources=True)
    kept: dict[Path, list[Path]] = {}
    for folder in folders:
        previous = None if force else record.unchanged(folder, settings)
        if previous is not None:
            kept[folder] = previous
    staged = Staged()
    try:
        results = assemble_all(
            [f for f in folders if f not in kept], project, final, on_progress, workers, html, pool, staged.stage
        )
        assembled = {f: r for f, r in results.items() if isinstance(r, Built)}
        failed = {f: r for f, r in results.items() if not isinstance(r, Built)}
        outputs = {f: list(b.files) for f, b in assembled.items()} | kept
        for folder, problems in _shared_outputs(outputs, project).items():
            failed[folder] = problems
            assembled.pop(folder, None)
            kept.pop(folder, None)
        unchanged = [path for paths in kept.values() for path in paths]
        if failed and not write_good:
            return Batch([], failed, list(assembled), unchanged)
        written = []
        for folder, built in assembled.items():
            written.append(write(built, on_written, staged))
            outputs = built.output_hashes or output_hashes(built.files)
            record.remember(folder, settings, built.inputs, built.input_hashes, outputs)
        record.save()
        return Batch(written, failed, [], unchanged)
    finally:
        staged.discard()


def assemble_all(
    folders: list[Path],
    project: Project,
    final: bool,
    on_progress=None,
    workers: int | None = None,
    html: bool = False,
    pool: Pool | None = None,
    on_built=None,
) -> dict[Path, Built | list[Problem]]:
    """Each folder's Built document or its problems, in the order given. With more than one
    document and more than one core, documents are assembled in forked worker processes
    (docgen.workers: the largest first, each worker kept to the templates it has compiled);
    `pool`, when given, is the workers started ahead (batch_workers). `on_built(built)` is
    called with each document assembled, as soon as it is (Staged.stage)."""
    import time

    start = time.monotonic()
    results: dict[Path, Built | list[Problem]] = {}

    def done(folder: Path, result) -> None:
        results[folder] = result
        if on_progress:
            on_progress(Progress(len(results), len(folders), folder, time.monotonic() - start))
        if on_built and isinstance(result, Built):
            on_built(result)

    if not folders:
        return {}
    if pool is None:
        count = min(workers or _cores(), len(folders))
        if count <= 1:
            for n, folder in enumerate(folders):
                if n:
                    _release()
                done(folder, _assemble_recorded(folder, project, final, html))
            return {f: results[f] for f in folders}
        with batch_workers(project, final, html, count) as started:
            started.run(batch_plan(folders, project), done)
    else:
        pool.run(batch_plan(folders, project), done)
    return {f: results[f] for f in folders}


def _release() -> None:
    """With the garbage collector off (cli.command: `docgen build`), free what the last
    document was made of before the next: its objects point at each other (python-docx's
    package and parts), so only a collection frees them, as a batch's workers do
    (workers._release). With the collector on, it does that by itself."""
    import gc

    if not gc.isenabled():
        gc.collect()
        gc.freeze()  # what survives (the documents assembled) is not looked through again


def batch_workers(project: Project, final: bool = False, html: bool = False, count: int | None = None) -> Pool:
    """Worker processes for a batch (docgen.workers.Pool), to be given to build_batch; started
    before the documents are listed, their imports run while this process lists them."""
    return put_to_work(start_workers(html, count), project, final, html)


def start_workers(html: bool = False, count: int | None = None) -> Pool:
    """Worker processes for a batch, started before it is known which project they build
    (put_to_work tells them): their imports begin at once."""
    from docgen import workers as parallel

    return parallel.Pool(count or _cores(), warm_up=functools.partial(_warm_up, html))


def put_to_work(pool: Pool, project: Project, final: bool = False, html: bool = False) -> Pool:
    """Workers from start_workers, told what they assemble, with the hash of docgen's code that
    keys the caches (freshness.engine_key): made here, while the first worker imports (this
    process needs it for the build record anyway), not by the workers before they can start."""
    from docgen.freshness import engine_key

    pool.assign(functools.partial(_assemble_in_worker, project=project, final=final, html=html, engine=engine_key()))
    return pool


def _cores() -> int:
    import os

    return len(os.sched_getaffinity(0))


def batch_plan(folders: list[Path], project: Project):
    """The jobs of a batch on several cores, largest first (docgen.workers.plan)."""
    from docgen import workers as parallel

    charts = project.build / ".cache" / "diagram"
    drawn = charts.is_dir() and any(charts.glob("*.png"))  # else every chart is drawn (matplotlib)
    template, chart = schema.DocumentInfo.key_of("template"), schema.ChapterBlock.key_of("chart")
    return parallel.plan(folders, document_folders(project), project.sources, template, None if drawn else chart)


def _warm_up(html: bool = False) -> None:
    """What every assembly imports or works out once per process, done by the first worker
    before it forks the others: they inherit it (copy-on-write) instead of each doing it again.
    (Charts' matplotlib, workbooks' openpyxl, the HTML edition when none is asked for, and the
    starter kit's fallback styles stay with the worker whose document needs them.)"""
    import docgen.sources.references
    import docgen.sources.validate
    import docgen.sources.workbook
    import docgen.view.cases
    import docgen.view.compute
    import docgen.view.context
    import docgen.view.followup
    import docgen.view.language
    import docgen.view.revisions
    import docgen.word.accessibility
    import docgen.word.compiled
    import docgen.word.figures
    import docgen.word.filters
    import docgen.word.render
    import docgen.word.typography
    import docgen.word.write  # noqa: F401

    if html:
        import docgen.web.html  # noqa: F401
    from docgen.word.textwidth import _metrics

    _metrics(False), _metrics(True)  # Arial's widths, for the column widths


def _assemble_recorded(folder: Path, project: Project, final: bool, html: bool = False) -> Built | list[Problem]:
    """assemble(), noting every input it reads and hashing them, and the files it will write;
    problems are returned (they cross a process boundary), not raised."""
    try:
        built, inputs = recording(assemble, folder, project, final, html)
    except DocgenError as exc:
        return exc.problems
    built.inputs, built.input_hashes = inputs, input_hashes(inputs)
    built.output_hashes = output_hashes(built.files)
    return built


def _assemble_in_worker(
    folder: Path, project: Project, final: bool, html: bool, engine: str | None = None
) -> Built | list[Problem]:
    """_assemble_recorded() in a worker process (`engine`: the parent's engine_key): caches with
    nothing new to save are not sent back, so that the parent, which writes, need not import
    their modules to receive it."""
    if engine is not None:
        adopt_engine_key(engine)
    result = _assemble_recorded(folder, project, final, html)
    if isinstance(result, Built):
        if not result.charts.pending:
            result.charts = None
        if result.compiled is not None and not result.compiled.pending:
            result.compiled = None
        if result.read is not None and not result.read.pending:
            result.read = None
    return result


def _shared_outputs(outputs: dict[Path, list[Path]], project: Project) -> dict[Path, list[Problem]]:
    """Documents whose files would overwrite each other's: one problem naming both folders."""
    owners: dict[Path, list[Path]] = {}
    for folder, paths in outputs.items():
        for path in paths:
            owners.setdefault(path.resolve(), []).append(folder)
    clashes: dict[Path, list[Problem]] = {}
    reported: set[frozenset] = set()
    for path, folders in owners.items():
        if len(folders) < 2 or frozenset(folders) in reported:
            continue
        reported.add(frozenset(folders))
        first, *others = folders
        named = " och ".join(_shown_folder(f, project) for f in others)
        clashes.setdefault(first, []).append(
            Problem(
                _shown_folder(first, project),
                None,
                f"dokumentet skulle skrivas till {path.name}, samma fil som {named}; det ena skulle skriva över det andra.",
                "Ge dokumenten olika 'fil' under 'dokument'.",
            )
        )
        for other in others:
            clashes.setdefault(other, [])
    return clashes


def _shown_folder(folder: Path, project: Project) -> str:
    try:
        return str(folder.resolve().relative_to(project.sources.resolve().parent))
    except ValueError:
        return str(folder)


def _unfinished(root, parts: dict[str, bytes], prepared: Prepared, project: Project) -> list[Problem]:
    """Every paragraph still marked ATT UPPDATERA (for a final build), after a line that counts them."""
    count, places = unfinished_places(root, parts, prepared, project)
    if not count:
        return []
    summary = Problem(
        prepared.output.name,
        None,
        f"dokumentet har {_places(count)} ATT UPPDATERA och kan inte byggas slutligt:",
    )
    return [summary, *places]


def unfinished_places(root, parts: dict[str, bytes], prepared: Prepared, project: Project) -> tuple[int, list[Problem]]:
    """How many paragraphs are still marked ATT UPPDATERA, in the body and in the page headers
    and footers, and where each was written (source line or template): a final build's refusal
    and `docgen check`'s count."""
    from lxml import etree

    from docgen.sources.unfinished import unfinished_problems
    from docgen.word.markers import marked_paragraphs
    from docgen.word.write import HEADER_FOOTER

    roots = [root] + [etree.fromstring(data) for part, data in sorted(parts.items()) if HEADER_FOOTER.match(part)]
    marked = marked_paragraphs(roots)
    if not marked:
        return 0, []
    from docgen.view.compute import computed_stand_ins

    stand_ins = stand_ins_of(prepared.context) + computed_stand_ins(prepared.computed)
    return len(marked), unfinished_problems(marked, prepared.folder, prepared.template, project.sources, stand_ins)


def stand_ins_of(context: dict) -> list:
    """The markers docgen wrote itself in the agenda's table, each with where to write what it
    stands for (docgen.view.cases)."""
    from docgen.sources.unfinished import StandIn

    agenda = context.get(schema.TEMPLATE.key_of("agenda")) or []
    return [value for item in agenda for value in item.values() if isinstance(value, StandIn)]


def _places(count: int) -> str:
    return "ett ställe markerat" if count == 1 else f"{count} ställen markerade"


def _plain(text: str) -> str:
    """A sentence of the decision as a case-management system takes it in: ordinary spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def case_metadata(prepared: Prepared) -> bytes:
    """What a case-management system takes in beside the decision draft (JSON)."""
    import json

    case = prepared.context[schema.TEMPLATE.key_of("case")]
    meeting = case.of("meeting")
    data = keyed(
        schema.CASE_FILE,
        board=prepared.sources.document.board,
        organisation=prepared.sources.document.organisation,
        meeting=meeting.isoformat() if meeting else None,
        case_number=(case.of("case_number") or "").replace("\u00a0", " ") or None,  # as the source has it
        title=_plain(case.of("heading")),
        decision_form=case.of("decision_form"),
        document_files=[prepared.output.name] + case.of("document_files"),
        date=case.of("date").isoformat() if case.of("date") else None,
        intro=case.of("intro"),
        proposals=[_plain(p.of("text")) for p in case.of("proposals")],  # numbered 1, 2, … in the document
    )
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
