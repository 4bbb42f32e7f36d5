"""Many documents at once: everything is checked before anything is written, and every message
tells the truth about what was written. Also the error positions of the load stage (YAML errors
in Swedish at the line where the broken construct begins, unknown top-level keys at file and
line), `docgen diff` naming git versions as git names them, and internal errors (exit 3)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import yaml

from docgen import cli, freshness
from docgen.errors import DocgenError
from docgen.sources.load import load_yaml_file

from .test_errors import edit, run_docgen, tree_digest

CASE = "region-ostergotland/beslut-arsplan-2025"
AGENDA = "region-ostergotland/hsn-foredragningslista"


def folder(workspace, name):
    return workspace.sources / name


def break_agenda(workspace) -> int:
    """An unknown key in the agenda's sources; returns its line."""
    path = folder(workspace, AGENDA) / "foredragningslista.yaml"
    return edit(path, "  fil: foredragningslista-hsn\n", "  fil: foredragningslista-hsn\n  filnamn: x\n") + 1


def test_batch_with_one_broken_document_writes_nothing(workspace):
    line = break_agenda(workspace)
    before = tree_digest(workspace.sources)
    result = run_docgen(workspace, "build", str(folder(workspace, CASE)), str(folder(workspace, AGENDA)))
    assert result.returncode == 2, result.stderr
    assert f"foredragningslista.yaml, rad {line}: okänt fält 'filnamn'" in result.stderr
    assert "Inget dokument skrevs, inte heller de som gick att bygga" in result.stderr
    assert "beslut-arsplan-2025" in result.stderr and "--skriv-godkanda" in result.stderr
    assert "byggt:" not in result.stdout
    assert list(workspace.build.rglob("*")) == []
    assert tree_digest(workspace.sources) == before


def test_a_mistake_in_a_shared_template_is_said_once(workspace):
    """Two documents built from one template with a broken tag: one message, not one per
    document; nothing written, sources and templates untouched."""
    template = workspace.templates / "gemensam" / "tjansteskrivelse.docx"
    rezip_text(template, "{{ ärendet.beslutsinledning }}", "{{ ärendet.beslutsinledning }")
    before = tree_digest(workspace.sources), tree_digest(workspace.templates)
    other = "okand-region/uppfoljning-plan-2025"
    for command, status in (("build", 2), ("check", 1)):
        result = run_docgen(workspace, command, str(folder(workspace, CASE)), str(folder(workspace, other)))
        assert result.returncode == status, result.stderr
        said = [line for line in result.stderr.splitlines() if line.startswith("fel: ")]
        assert len(said) == 1, result.stderr
        assert "gemensam/tjansteskrivelse.docx: mallens tagg «{{ ärendet.beslutsinledning }»" in said[0]
    assert [p for p in workspace.build.rglob("*") if p.is_file()] == []
    assert (tree_digest(workspace.sources), tree_digest(workspace.templates)) == before


def rezip_text(path, old: str, new: str) -> None:
    """The template with one text of its document.xml replaced, as an editor's typing would."""
    import io
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    xml = archive.read("word/document.xml").decode("utf-8")
    assert old in xml
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as rewritten:
        for item in archive.infolist():
            data = archive.read(item.filename)
            rewritten.writestr(
                item, xml.replace(old, new, 1).encode("utf-8") if item.filename == "word/document.xml" else data
            )
    path.write_bytes(out.getvalue())


@pytest.mark.parametrize("command", ["build", "pdf"])
def test_write_the_good_ones_says_which(workspace, command):
    break_agenda(workspace)
    if command == "pdf":  # the PDF of the good one is made too: only when LibreOffice is here
        pytest.importorskip("docgen.commands.pdf")
        if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
            pytest.skip("LibreOffice saknas")
    result = run_docgen(
        workspace, command, "--skriv-godkanda", str(folder(workspace, CASE)), str(folder(workspace, AGENDA))
    )
    assert result.returncode == 2, result.stderr
    written = sorted(p.name for p in workspace.build.rglob("*") if p.is_file() and ".cache" not in p.parts)
    expected = ["beslut-arsplan-och-budget-2025.docx", "beslut-arsplan-och-budget-2025.json"]
    if command == "pdf":
        expected = [
            "beslut-arsplan-och-budget-2025.docx",
            "beslut-arsplan-och-budget-2025.json",
            "beslut-arsplan-och-budget-2025.pdf",
        ]
    assert written == expected
    assert re.search(r"Skrevs: .*beslut-arsplan-och-budget-2025\.docx", result.stderr)
    assert re.search(r"Skrevs inte \(fel ovan\): .*hsn-foredragningslista", result.stderr)
    assert "Inget dokument skrevs" not in result.stderr


def test_pdf_batch_with_one_broken_document_writes_nothing(workspace):
    break_agenda(workspace)
    result = run_docgen(workspace, "pdf", str(folder(workspace, CASE)), str(folder(workspace, AGENDA)))
    assert result.returncode == 2, result.stderr
    assert "Inget dokument skrevs" in result.stderr
    assert list(workspace.build.rglob("*")) == []


def test_two_documents_with_one_output_path(workspace):
    copy = folder(workspace, "region-ostergotland/beslut-kopia")
    shutil.copytree(folder(workspace, CASE), copy)
    result = run_docgen(workspace, "build", str(folder(workspace, CASE)), str(copy))
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if "samma fil som" in line]
    assert len(lines) == 1, result.stderr
    assert "region-ostergotland/beslut-arsplan-2025" in lines[0] and "region-ostergotland/beslut-kopia" in lines[0]
    assert "beslut-arsplan-och-budget-2025.docx" in lines[0]
    assert "Inget dokument skrevs." in result.stderr
    assert list(workspace.build.rglob("*")) == []


def test_unknown_top_level_key_names_file_and_line(workspace):
    path = folder(workspace, CASE) / "arende.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\nbilagorna: []\n", encoding="utf-8")
    line = text.count("\n") + 2
    result = run_docgen(workspace, "build", str(folder(workspace, CASE)))
    assert result.returncode == 2
    assert f"arende.yaml, rad {line}: okänt fält 'bilagorna'" in result.stderr, result.stderr
    assert list(workspace.build.rglob("*")) == []


def test_broken_flow_sequence_names_its_first_line(workspace):
    path = folder(workspace, AGENDA) / "foredragningslista.yaml"
    text = path.read_text(encoding="utf-8")
    assert "  punkter:\n" in text
    first = edit(path, "  fil: foredragningslista-hsn\n", "  fil: foredragningslista-hsn\n  nyckelord: [a, b\n") + 1
    before = tree_digest(workspace.sources)
    result = run_docgen(workspace, "build", str(folder(workspace, AGENDA)))
    assert result.returncode == 2
    found = re.search(
        r"foredragningslista\.yaml, rad (\d+): YAML-fel: en lista inom hakparenteser \[ \] stängs "
        r"aldrig.*felet märktes på rad (\d+)",
        result.stderr,
    )
    assert found, result.stderr
    assert int(found[1]) == first and int(found[2]) > first
    assert "Inget dokument skrevs." in result.stderr
    assert list(workspace.build.rglob("*")) == []
    assert tree_digest(workspace.sources) == before


BROKEN_YAML = {
    "a:\n  b: [1, 2,\n  c: 3\n\nd: 4\n": 2,
    "a: {b: 1, c: 2\nd: 3\n": 1,
    "a:\n  b: c: d\n": 2,
    "a:\n\tb: 1\n": 2,
    "a:\n    b: 1\n  c: 2\n": 3,
    "a:\n  - 1\n  - 2\n b: 3\n": 4,
    'a: "abc\nb: 2\n': 1,
    'a: "ab\\qc"\n': 1,
    "a: *x\n": 1,
    "a: &\n": 1,
    "- a\nb: 2\n": 2,
    "a: |x\n  t\n": 1,
    "a: @x\n": 1,
    "a: !<x\n": 1,
    "a: &x 1\nb: &x 2\n": 2,
    "a: !foo 1\n": 1,
    "a: 1\n---\nb: 2\n": 2,
    "a: b\n\x01": 2,
}
ENGLISH = re.compile(r"\b(expected|found|while|parsing|scanning|allowed|character|cannot|stream|mapping)\b")


@pytest.mark.parametrize("text", list(BROKEN_YAML))
def test_yaml_errors_in_swedish_only(tmp_path, text):
    path = tmp_path / "kalla.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DocgenError) as caught:
        load_yaml_file(path)
    (problem,) = caught.value.problems
    assert problem.line == BROKEN_YAML[text], str(problem)
    assert problem.message.startswith("YAML-fel: ")
    assert not ENGLISH.search(str(problem)), str(problem)


def test_yaml_problems_all_translated():
    """Every problem PyYAML's C and Python parsers commonly report has a Swedish text."""
    from docgen.sources.load import _YAML_PROBLEMS

    for text in BROKEN_YAML:
        for loader in (yaml.CSafeLoader, yaml.SafeLoader):
            try:
                yaml.load(text, Loader=loader)
            except yaml.MarkedYAMLError as exc:
                assert any((exc.problem or "").startswith(start) for start, _ in _YAML_PROBLEMS), exc.problem
            except yaml.YAMLError:
                pass


def test_diff_names_git_versions_as_git_does(workspace):
    root = workspace.sources.parent
    if shutil.which("git") is None:
        pytest.skip("git saknas")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    plan = folder(workspace, "okand-region/plan-2025-beslutad")
    line = edit(plan / "plan.yaml", "dokument:\n", "dokument:\n  okänd_nyckel: 1\n") + 1
    subprocess.run([*git, "add", "-A"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "trasig"], cwd=root, check=True)
    edit(plan / "plan.yaml", "  okänd_nyckel: 1\n", "")
    result = run_docgen(
        workspace,
        "diff",
        "HEAD:sources/okand-region/plan-2025-beslutad",
        str(folder(workspace, "okand-region/plan-2025-reviderad")),
    )
    assert result.returncode == 2, result.stderr
    assert f"HEAD:sources/okand-region/plan-2025-beslutad/plan.yaml, rad {line}:" in result.stderr, result.stderr
    assert "docgen-diff-" not in result.stderr


def test_internal_error_says_so_and_felsok_shows_the_traceback(workspace, monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("docgen.pipeline.assemble", broken)
    args = _folders(workspace)
    assert cli.main([*args, "build", str(folder(workspace, CASE))]) == 3
    err = capsys.readouterr().err
    assert "internt fel i docgen" in err and "inte ett fel i källorna" in err
    assert "--felsok" in err and "Inget dokument skrevs." in err
    assert "Traceback" not in err
    assert cli.main([*args, "--felsok", "build", str(folder(workspace, CASE))]) == 3
    err = capsys.readouterr().err
    assert "Traceback" in err and "ZeroDivisionError" in err
    assert list(workspace.build.rglob("*")) == []


def test_an_organisations_folder_builds_its_documents(workspace):
    """`docgen build sources/<organisation>` builds the documents below it that have a template,
    as `make all` would, and only those."""
    before = tree_digest(workspace.sources)
    result = run_docgen(workspace, "build", str(workspace.sources / "region-ostergotland"))
    assert result.returncode == 0, result.stderr
    built = sorted(p.name for p in workspace.build.rglob("*.docx"))
    assert built == [
        "arsplan-och-budget-2025.docx",
        "beslut-arsplan-och-budget-2025.docx",
        "foredragningslista-hsn.docx",
        "planeringsaret-2024.docx",
    ]
    assert all(p.parent.name == "region-ostergotland" for p in workspace.build.rglob("*.docx"))
    assert tree_digest(workspace.sources) == before


def test_a_batch_on_two_cores_reports_progress_and_a_bug_in_a_worker(workspace, monkeypatch):
    """Each document's progress line as it is done (plain lines when not on a terminal); a bug
    in a worker process is raised here with the worker's traceback, and nothing is written."""
    from docgen.pipeline import build_batch

    folders = [folder(workspace, name) for name in (CASE, AGENDA, "okand-region/uppfoljning-plan-2025")]
    result = run_docgen(workspace, "build", *map(str, folders))
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if " klar efter " in line]
    assert [line.split("]")[0] for line in lines] == ["[1/3", "[2/3", "[3/3"], result.stderr
    assert sorted(line.split()[1] for line in lines) == sorted([CASE, AGENDA, "okand-region/uppfoljning-plan-2025"])
    assert all(re.search(r" klar efter \d+,\d s$", line) for line in lines), lines
    shutil.rmtree(workspace.build)

    def broken(folder, *args, **kwargs):
        if folder.name == "hsn-foredragningslista":
            raise ZeroDivisionError("division by zero")
        return assemble(folder, *args, **kwargs)

    from docgen import pipeline

    assemble = pipeline.assemble
    monkeypatch.setattr(pipeline, "assemble", broken)  # the workers are forked: they have it too
    with pytest.raises(ZeroDivisionError) as raised:
        build_batch(folders, pipeline.Project(workspace.sources, workspace.templates, workspace.build), workers=2)
    assert "Traceback" in "\n".join(raised.value.__notes__) and "in broken" in "\n".join(raised.value.__notes__)
    assert not workspace.build.exists() or list(workspace.build.rglob("*.docx")) == []


def test_a_worker_that_dies_is_an_internal_error_not_a_hang(workspace, monkeypatch):
    import os

    from docgen import pipeline
    from docgen.workers import WorkerFailed

    monkeypatch.setattr(pipeline, "assemble", lambda *args, **kwargs: os._exit(9))  # killed, as by the OOM killer
    project = pipeline.Project(workspace.sources, workspace.templates, workspace.build)
    with pytest.raises(WorkerFailed, match="avslutades oväntat"):
        pipeline.build_batch([folder(workspace, CASE), folder(workspace, AGENDA)], project, workers=2)


def test_documents_that_share_a_template_or_a_workbook_go_to_one_worker():
    """The schedule (docgen.workers): the largest first; the documents that share what a worker
    prepares once (a template's compiled code, openpyxl) on the worker that started on one of
    them; the same sources always give the same schedule."""
    from docgen.pipeline import ROOT, Project, buildable, document_folders
    from docgen.workers import Schedule, plan

    project = Project()
    documents = document_folders(project)
    folders = [f for f in documents if buildable(f)]
    jobs = plan(folders, documents, project.sources, "mall")
    assert [j.folder for j in jobs] == [j.folder for j in plan(folders, documents, project.sources, "mall")]
    assert [j.cost for j in jobs] == sorted((j.cost for j in jobs), reverse=True)
    by_name = {j.folder.relative_to(ROOT / "sources").as_posix(): j for j in jobs}
    vp, status = by_name["region-orebro-lan/hsn-vp-2026"], by_name["region-orebro-lan/hsn-vp-2026-styrtalsstatus"]
    follow_up = by_name["sydostra-sjukvardsregionen/svn-uppfoljning-2024"]  # the status's template
    assert vp.shared == status.shared == follow_up.shared  # the status reads the plan's workbook
    assert by_name[CASE].shared == by_name["okand-region/uppfoljning-plan-2025"].shared  # one template
    assert by_name[CASE].shared != vp.shared

    schedule, taken = Schedule(list(jobs)), {0: [], 1: []}
    for worker in [0, 1] * len(jobs):  # the workers free in turn: each takes one while any wait
        job = schedule.next(worker)
        if job is not None:
            taken[worker].append(job.folder)
    assert sorted(taken[0] + taken[1]) == sorted(folders)
    together = [w for w in taken if vp.folder in taken[w]][0]
    assert {status.folder, follow_up.folder} <= set(taken[together])


def test_with_the_charts_to_draw_the_document_with_charts_goes_first():
    """An empty chart cache (a first build): the charts are drawn (matplotlib, 1.5 s for the
    SVN's twelve), so that document starts first instead of behind others."""
    from docgen.pipeline import Project, buildable, document_folders
    from docgen.workers import plan

    project = Project()
    documents = document_folders(project)
    folders = [f for f in documents if buildable(f)]
    drawn, to_draw = (
        plan(folders, documents, project.sources, "mall"),
        plan(folders, documents, project.sources, "mall", "diagram"),
    )
    svn = "svn-uppfoljning-2024"
    assert drawn[0].folder.name != svn and to_draw[0].folder.name == svn


def _two_cores(monkeypatch) -> list:
    """Two cores whatever the machine has; returns the worker pools the batch starts."""
    import os

    from docgen import workers

    pools = []
    start = workers.Pool.__init__

    def started(pool, *args, **kwargs):
        start(pool, *args, **kwargs)
        pools.append(pool)

    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1})
    monkeypatch.setattr(workers.Pool, "__init__", started)
    return pools


def test_every_document_on_two_cores_gives_the_bytes_of_one(workspace, tmp_path, monkeypatch, capsys):
    """`make all` forced on two cores: the workers start before the documents are listed
    (their imports meanwhile); every file the same bytes as a build on one core, a progress
    line for each document, and the workers gone when docgen is."""
    import os

    arguments = ["--kallor", str(workspace.sources), "--mallar", str(workspace.templates)]
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0})
    assert cli.main([*arguments, "--ut", str(tmp_path / "one"), "build"]) == 0
    capsys.readouterr()
    pools = _two_cores(monkeypatch)
    monkeypatch.setattr(freshness, "_engine_key", [])  # as in a new process: the workers get the parent's
    assert cli.main([*arguments, "--ut", str(tmp_path / "two"), "build", "--tvinga"]) == 0
    said = capsys.readouterr()
    assert len(pools) == 1 and len(pools[0].pids) == 2  # started by the command, both workers used
    for pid in [pools[0].first, *pools[0].pids.values()]:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    one = {
        p.relative_to(tmp_path / "one"): p.read_bytes()
        for p in (tmp_path / "one").rglob("*.*")
        if ".cache" not in p.parts
    }
    two = {
        p.relative_to(tmp_path / "two"): p.read_bytes()
        for p in (tmp_path / "two").rglob("*.*")
        if ".cache" not in p.parts
    }
    assert len(one) > 16 and one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []
    compiled = [sorted(os.listdir(tmp_path / run / ".cache" / "mallar")) for run in ("one", "two")]
    assert (
        compiled[0] and compiled[0] == compiled[1]
    )  # keyed by the parent's hash of docgen's code, sent to the workers
    done = [line for line in said.err.splitlines() if " klar efter " in line]
    total = said.out.count(".docx")
    assert [line.split("]")[0] for line in done] == [f"[{n}/{total}" for n in range(1, total + 1)], said.err


def _folders(workspace) -> list[str]:
    """docgen's options naming the workspace's sources, templates and build folders."""
    return ["--kallor", str(workspace.sources), "--mallar", str(workspace.templates), "--ut", str(workspace.build)]


def test_a_broken_source_found_while_the_workers_start_stops_the_batch(workspace, monkeypatch, capsys):
    """A YAML error found while listing the documents, with the workers already starting: one
    message with file and line, nothing written, sources untouched, the workers ended."""
    import os

    path = workspace.sources / "region-ostergotland/hsn-arsplan-2025/arsbudget.yaml"
    line = edit(path, "årsbudget:\n", "årsbudget: []\nårsbudget:\n") + 1  # a key written twice
    before = tree_digest(workspace.sources)
    pools = _two_cores(monkeypatch)
    code = cli.main([*_folders(workspace), "build"])
    said = capsys.readouterr().err
    assert code == 2
    assert re.search(rf"arsbudget\.yaml, rad {line}: .*årsbudget", said), said
    assert said.count("fel:") == 1 and "Inget dokument skrevs." in said and "Traceback" not in said
    assert len(pools) == 1
    for pid in [pools[0].first, *pools[0].pids.values()]:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    assert list(workspace.build.rglob("*")) == []
    assert tree_digest(workspace.sources) == before


def test_the_workers_start_before_the_command_line_is_parsed(workspace, monkeypatch, capsys):
    """`docgen build --tvinga` on two cores: the first worker starts (its imports) before
    argparse builds its parser; a command line that then turns out wrong ends it at once,
    with argparse's message in Swedish as before and nothing written."""
    import os

    pools = _two_cores(monkeypatch)
    parser = cli._parser
    started = []
    monkeypatch.setattr(cli, "_parser", lambda: (started.append(len(pools)), parser())[1])
    with pytest.raises(SystemExit) as stopped:
        cli.main([*_folders(workspace), "build", "--tvinga", "--okänd"])
    assert stopped.value.code == 2
    said = capsys.readouterr().err
    assert said.startswith("fel: okända argument: --okänd. Se 'docgen --help'.") and "Traceback" not in said
    assert started == [1] and pools[0].pids == {}
    with pytest.raises(ProcessLookupError):
        os.kill(pools[0].first, 0)
    assert list(workspace.build.rglob("*")) == []


def test_a_worker_process_never_returns_into_the_code_that_forked_it():
    """A worker ends its process whatever happens in it (an exception, Ctrl-C, SIGTERM from
    docgen ending a failed batch): nothing runs on in a copy of docgen or of a test runner."""
    import os
    import signal
    import time

    from docgen.workers import _as_worker

    def interrupted():
        raise KeyboardInterrupt

    def busy():
        os.kill(os.getppid(), signal.SIGUSR1)  # tells the test it has started
        time.sleep(30)

    for work, ends in ((interrupted, 1), (busy, -signal.SIGTERM)):
        started = []
        previous = signal.signal(signal.SIGUSR1, lambda *_: started.append(True))
        try:
            pid = os.fork()
            if pid == 0:
                try:
                    _as_worker(work)
                finally:
                    os._exit(99)  # only if it returned
            if work is busy:
                while not started:
                    time.sleep(0.01)
                os.kill(pid, signal.SIGTERM)
            _, status = os.waitpid(pid, 0)
        finally:
            signal.signal(signal.SIGUSR1, previous)
        assert os.waitstatus_to_exitcode(status) == ends


def test_a_worker_with_nothing_left_ends_before_the_batch_is_written():
    """A worker that finds no document left to take is told to end at once: its exit overlaps
    the writing instead of following it (the pool's first worker ends after the others)."""
    import os
    import time
    from pathlib import Path

    from docgen.workers import Job, Pool

    with Pool(2, str) as pool:
        done = []
        pool.run([Job(Path("a"), 1.0, frozenset())], lambda folder, result: done.append(result))
        deadline = time.monotonic() + 20
        while os.waitpid(pool.first, os.WNOHANG) == (0, 0):  # not closed: the workers end by themselves
            assert time.monotonic() < deadline, "the workers were not told to end"
            time.sleep(0.01)
        assert done == ["a"]


_made: list = []  # in a worker: a weak reference to the cycle made for the last folder


def _cyclic(folder):
    """A worker's document that leaves objects pointing at each other (as python-docx's package
    and parts do); returns whether the previous document's were freed before this one began."""
    import gc
    import weakref

    gc.disable()  # in this worker only (a fork): no collection but the ones docgen asks for
    freed = [made() is None for made in _made]

    class Part:
        pass

    part = Part()
    part.package = part
    _made[:] = [weakref.ref(part)]
    return freed


def test_a_worker_frees_each_documents_objects_before_the_next():
    """A worker frees what a document was made of (its reference cycles) as soon as it is sent
    back: the next document reuses that memory instead of taking new pages from the system."""
    from pathlib import Path

    from docgen.workers import Job, Pool

    done = {}
    with Pool(1, _cyclic) as pool:
        jobs = [Job(Path("a"), 2.0, frozenset()), Job(Path("b"), 1.0, frozenset())]
        pool.run(jobs, lambda folder, freed: done.update({folder.name: freed}))
    assert done == {"a": [], "b": [True]}


def test_a_batch_on_one_core_frees_each_documents_objects_before_the_next(tmp_path, monkeypatch):
    """`docgen build` runs with the garbage collector off (cli.command); a batch assembled in
    its own process (one core) still frees what each document was made of (the template and
    python-docx's package and parts point at each other) before the next begins, so that its
    memory does not grow with the number of documents."""
    import gc
    import weakref

    import docxtpl

    from docgen import pipeline

    made = []
    init = docxtpl.DocxTemplate.__init__

    def remembered(self, *args, **kwargs):
        made.append(weakref.ref(self))
        init(self, *args, **kwargs)

    assemble = pipeline._assemble_recorded
    alive = []  # templates of earlier documents still in memory as each document begins

    def counted(*args, **kwargs):
        alive.append(sum(ref() is not None for ref in made))
        return assemble(*args, **kwargs)

    monkeypatch.setattr(docxtpl.DocxTemplate, "__init__", remembered)
    monkeypatch.setattr(pipeline, "_assemble_recorded", counted)
    project = pipeline.Project(build=tmp_path)
    documents = [project.sources / CASE, project.sources / AGENDA]
    gc.collect()
    gc.disable()
    try:
        batch = pipeline.build_batch(documents, project, workers=1)
    finally:
        gc.unfreeze()
        gc.enable()
    assert len(batch.written) == 2 and len(made) == 2
    assert alive == [0, 0]


def test_only_the_building_commands_run_without_the_garbage_collector(monkeypatch, tmp_path):
    """cli.command turns the collector off for its run; every command but those that build
    (build, pdf, html, publicera) turns it back on: `docgen serve` builds again at every save for
    as long as it runs, and would otherwise keep every build's objects."""
    import gc

    seen = {}
    monkeypatch.setattr(cli, "_run", lambda args, *rest: seen.setdefault(args.command, gc.isenabled()) and 0)
    monkeypatch.chdir(tmp_path)
    try:
        for words in (["serve"], ["check"], ["build"], ["pdf"]):
            monkeypatch.setattr("sys.argv", ["docgen", *words])
            cli.command()
            gc.unfreeze()
    finally:
        gc.enable()
    assert seen == {"serve": True, "check": True, "build": False, "pdf": False}


def test_files_are_written_as_each_document_is_done_and_removed_when_the_batch_stops(workspace, monkeypatch):
    """A batch writes each document's files as soon as it is assembled, under a temporary name
    beside their place (the writing overlaps the rest of the batch); stopped (Ctrl-C) before it
    is written, it leaves nothing in build/: neither those files nor the folders made for them."""
    from docgen import pipeline

    assemble = pipeline.assemble
    seen = []

    def interrupted(folder, *args, **kwargs):
        if folder.name == "hsn-foredragningslista":
            seen.extend(p.name for p in workspace.build.rglob("*") if p.is_file())
            raise KeyboardInterrupt
        return assemble(folder, *args, **kwargs)

    monkeypatch.setattr(pipeline, "assemble", interrupted)
    project = pipeline.Project(workspace.sources, workspace.templates, workspace.build)
    before = tree_digest(workspace.sources)
    with pytest.raises(KeyboardInterrupt):
        pipeline.build_batch([folder(workspace, CASE), folder(workspace, AGENDA)], project, workers=1)
    assert any(re.fullmatch(r"\.beslut-arsplan-och-budget-2025\.docx\.\d+\.tmp", name) for name in seen), seen
    assert not workspace.build.exists() or list(workspace.build.rglob("*")) == []
    assert tree_digest(workspace.sources) == before
