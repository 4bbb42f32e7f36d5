"""PDF through LibreOffice: tagged PDF/A with title, language, bookmarks and embedded fonts.

These tests need LibreOffice (Debian: libreoffice-writer-nogui) and poppler-utils; where
they are missing the tests are skipped with that reason. CI installs both (.ci/run).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from docgen.commands.pdf import find_libreoffice, to_pdf
from docgen.errors import DocgenError
from docgen.pipeline import Project, build

from .conftest import PLAN_2025

needs_libreoffice = pytest.mark.skipif(
    find_libreoffice() is None or shutil.which("pdfinfo") is None,
    reason="LibreOffice (libreoffice-writer-nogui) or poppler-utils is not installed",
)


def pdfinfo(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in out.splitlines() if ":" in line)}


@pytest.fixture(scope="module")
def pdfs(all_pdfs):
    """The plan's and the verksamhetsplan's PDFs, from the one conversion of every document."""
    by_stem = {pdf.stem: pdf for pdf in all_pdfs}
    return [by_stem["arsplan-och-budget-2025"], by_stem["verksamhetsplan-med-budget-2026"]]


@needs_libreoffice
def test_one_pdf_per_document_with_title_and_pages(pdfs):
    plan, vp = pdfs
    assert plan.suffix == ".pdf" and plan.with_suffix(".docx").exists()
    info = pdfinfo(plan)
    assert info["Title"] == "Hälso- och sjukvårdsnämndens årsplan och budget 2025"
    assert info["Tagged"] == "yes"
    assert info["Page size"].endswith("(A4)")
    assert 20 <= int(info["Pages"]) <= 40
    assert pdfinfo(vp)["Title"] == "Verksamhetsplan med budget 2026"


@needs_libreoffice
def test_language_bookmarks_pdfa_and_embedded_fonts(pdfs):
    data = pdfs[0].read_bytes()
    assert b"/Lang(sv-SE)" in data
    assert b"/Outlines" in data
    assert b"<pdfaid:part>2</pdfaid:part>" in data
    fonts = subprocess.run(["pdffonts", str(pdfs[0])], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
    assert rows and all("yes" == row[-5] for row in rows), fonts  # the "emb" column


@needs_libreoffice
def test_text_and_table_of_contents_in_the_pdf(pdfs):
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdfs[0]), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Innehåll" in text and "Behovsstyrningsberedning 4" in text
    assert "Sida 1 av" in text
    assert "15\u00a0979\u00a0439" in text or "15 979 439" in text


@needs_libreoffice
def test_concurrent_conversions_do_not_collide(tmp_path):
    first = build(PLAN_2025, Project(build=tmp_path / "a"))
    second = build(PLAN_2025, Project(build=tmp_path / "b"))
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda d: to_pdf([d]), [first, second]))
    assert all(r[0].exists() for r in results)


@needs_libreoffice
def test_a_conversion_that_times_out_leaves_no_pdf(tmp_path):
    document = build(PLAN_2025, Project(build=tmp_path))
    with pytest.raises(DocgenError) as failure:
        to_pdf([document], timeout=0.01)
    assert "blev inte klart inom" in str(failure.value)
    assert not document.with_suffix(".pdf").exists()
    assert [p.name for p in tmp_path.rglob("*") if p.is_file() and ".cache" not in p.parts] == [document.name]


def test_missing_libreoffice_is_a_clear_message(tmp_path, monkeypatch):
    monkeypatch.setattr("docgen.commands.pdf.find_libreoffice", lambda: None)
    with pytest.raises(DocgenError) as failure:
        to_pdf([tmp_path / "x.docx"])
    assert "LibreOffice saknas" in str(failure.value) and "libreoffice-writer-nogui" in str(failure.value)


def test_docgen_pdf_without_libreoffice_exits_2(tmp_path):
    env_path = str(Path(sys.executable).parent)  # the venv's bin only: no soffice there
    result = subprocess.run(
        [sys.executable, "-m", "docgen.cli", "--ut", str(tmp_path), "pdf", str(PLAN_2025)],
        capture_output=True,
        text=True,
        env={"PATH": env_path, "HOME": str(tmp_path)},
    )
    assert result.returncode == 2 and "LibreOffice saknas" in result.stderr and "Traceback" not in result.stderr


def test_libreoffice_starts_before_the_build_only_when_a_pdf_is_expected(tmp_path):
    from docgen.commands.pdf import pdf_expected
    from docgen.freshness import PdfRecord

    project = Project(build=tmp_path)
    assert pdf_expected(tmp_path, project.sources, None)  # nothing built yet: the build writes the .docx files
    document = build(PLAN_2025, project)
    assert pdf_expected(tmp_path, project.sources, None)  # a .docx without its PDF
    document.with_suffix(".pdf").write_bytes(b"%PDF-")
    PdfRecord(tmp_path).remember([document])
    assert not pdf_expected(tmp_path, project.sources, None)  # every PDF current: `make pdf` twice starts none
    assert not pdf_expected(tmp_path, project.sources, [PLAN_2025])
    assert pdf_expected(tmp_path, project.sources, [project.sources / "sjobo-kommun"])  # nothing built there yet
    document.write_bytes(document.read_bytes() + b" ")  # the .docx changed since its PDF was made
    assert pdf_expected(tmp_path, project.sources, [PLAN_2025])


@needs_libreoffice
def test_pdf_table_of_contents_has_the_right_page_numbers(pdfs):
    import re

    plan = pdfs[0]
    toc = subprocess.run(
        ["pdftotext", "-f", "2", "-l", "2", "-layout", str(plan), "-"], capture_output=True, text=True, check=True
    ).stdout
    listed = dict(re.findall(r"^\s*(Årsbudget|Nämndens beredningar|Aktuella styrande dokument)\.{3,}(\d+)$", toc, re.M))
    assert set(listed) == {"Årsbudget", "Nämndens beredningar", "Aktuella styrande dokument"}
    for heading, page in listed.items():
        text = subprocess.run(
            ["pdftotext", "-f", page, "-l", page, str(plan), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert heading in text.splitlines(), (heading, page)
    # the .docx has the same numbers, in a TOC field that F9 in Word updates (no \\n switch)
    import zipfile

    from docx import Document

    entries = [p.text for p in Document(str(plan.with_suffix(".docx"))).paragraphs if p.style.name == "toc 1"]
    assert f"Årsbudget\t{listed['Årsbudget']}" in entries
    xml = zipfile.ZipFile(plan.with_suffix(".docx")).read("word/document.xml").decode("utf-8")
    assert ' TOC \\o "1-2" \\h \\z \\u ' in xml and "\\n" not in xml and "PAGEREF _Toc" in xml
    app = zipfile.ZipFile(plan.with_suffix(".docx")).read("docProps/app.xml").decode("utf-8")
    assert f"<Pages>{pdfinfo(plan)['Pages']}</Pages>" in app and "<Application>docgen</Application>" in app


KLIPPAN = PLAN_2025.parent.parent / "klippans-kommun" / "kultur-och-fritidsnamnden-mal-2024"


def _has_uno() -> bool:
    from docgen.commands.pdf import SYSTEM_PYTHON, uno_python

    python = uno_python(find_libreoffice() or str(SYSTEM_PYTHON))
    return python is not None and subprocess.run([python, "-c", "import uno"], capture_output=True).returncode == 0


@pytest.fixture(scope="module")
def wrong_toc(tmp_path_factory) -> bytes:
    """A built document whose TOC shows page 99 for every heading, as .docx bytes: a plain
    conversion would print those numbers."""
    from docgen.word import pagenumbers
    from docgen.word.write import docx_bytes

    document = build(KLIPPAN, Project(build=tmp_path_factory.mktemp("wrong-toc")))
    parts = pagenumbers.read_parts(document)
    xml = parts["word/document.xml"]
    anchors = pagenumbers.toc_anchors(xml)
    assert len(anchors) >= 3
    parts["word/document.xml"] = pagenumbers.number_toc(xml, {a: 99 for a in anchors})
    return docx_bytes(parts)


def _toc_right(pdf: Path) -> list[str]:
    """What is wrong with the TOC page numbers of a PDF and of its .docx (empty: nothing)."""
    import zipfile

    from docgen.word import pagenumbers

    from . import layout

    docx = pdf.with_suffix(".docx")
    shown = pagenumbers.shown_pages(zipfile.ZipFile(docx).read("word/document.xml"))
    assert shown and 99 not in shown.values()
    pages, source = layout.read_pages(pdf), layout.read_source(docx)
    return layout.toc_problems(pdf.name, pages, source, pagenumbers.destinations(pdf), shown)


@needs_libreoffice
@pytest.mark.skipif(not _has_uno(), reason="python3-uno is not installed (CI installs it: .ci/run)")
def test_one_libreoffice_pass_numbers_the_toc_and_leaves_no_profile(wrong_toc, tmp_path, monkeypatch):
    import tempfile

    from docgen import processes
    from docgen.commands.pdf import UNO_HELPER

    document = tmp_path / "mal.docx"
    document.write_bytes(wrong_toc)
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    started, ran = [], []
    real_session, real_run = processes.Session, processes.run
    monkeypatch.setattr(
        processes, "Session", lambda command, **k: started.append(command) or real_session(command, **k)
    )
    monkeypatch.setattr(processes, "run", lambda command, *a, **k: ran.append(command) or real_run(command, *a, **k))
    pipes = set(Path("/tmp").glob(f"OSL_PIPE_*_docgen-{os.getpid()}-*"))
    (pdf,) = to_pdf([document])
    assert set(Path("/tmp").glob(f"OSL_PIPE_*_docgen-{os.getpid()}-*")) == pipes  # LibreOffice ended by itself
    assert [c[1] for c in started] == [str(UNO_HELPER)] and ran == []  # one LibreOffice, no second pass, no pdfinfo
    assert _toc_right(pdf) == []  # the PDF's TOC numbered by LibreOffice itself, the .docx's from its layout
    assert list((tmp_path / "tmp").iterdir()) == []  # the profile went with the work folder


@needs_libreoffice
def test_without_uno_two_passes_number_the_toc_and_say_why(wrong_toc, tmp_path, monkeypatch, capsys):
    document = tmp_path / "mal.docx"
    document.write_bytes(wrong_toc)
    monkeypatch.setattr("docgen.commands.pdf.uno_python", lambda soffice: sys.executable)  # the venv: no uno
    (pdf,) = to_pdf([document])
    assert "python3-uno saknas" in capsys.readouterr().err
    assert _toc_right(pdf) == []


def test_toc_lines_number_the_entries_in_order_only_when_each_is_its_entry(wrong_toc):
    import io
    import zipfile

    from docgen.word import pagenumbers

    xml = zipfile.ZipFile(io.BytesIO(wrong_toc)).read("word/document.xml")
    entries = pagenumbers.toc_entries(xml)
    lines = [[f"{text}\u00ad ", number] for number, (_anchor, text) in enumerate(entries, 1)]
    assert pagenumbers.pages_in_order(xml, lines) == {anchor: n for n, (anchor, _t) in enumerate(entries, 1)}
    assert pagenumbers.pages_in_order(xml, lines[:-1]) is None  # another count: another TOC
    assert pagenumbers.pages_in_order(xml, [lines[1], lines[0], *lines[2:]]) is None  # not the same headings
    assert pagenumbers.pages_in_order(b'<w:document xmlns:w="%s"/>' % pagenumbers.W.encode(), []) == {}


@needs_libreoffice
def test_toc_lines_that_are_not_the_entries_number_the_docx_from_the_pdf(pdfs, tmp_path):
    import io
    import zipfile

    from docgen.commands.pdf import _numbered
    from docgen.word import pagenumbers

    plan = pdfs[0]
    document = tmp_path / "plan.docx"
    document.write_bytes(plan.with_suffix(".docx").read_bytes())
    numbered = _numbered(document, {"pages": 3, "entries": [["Något annat", 1]]}, plan)
    shown = pagenumbers.shown_pages(zipfile.ZipFile(io.BytesIO(numbered)).read("word/document.xml"))
    assert shown == {a: page for a, (page, _y) in pagenumbers.destinations(plan).items() if a in shown}
    assert len(shown) == len(pagenumbers.toc_entries(zipfile.ZipFile(document).read("word/document.xml")))


def test_libreoffices_own_python_is_found_where_its_installer_puts_it(tmp_path, monkeypatch):
    """On Windows the single-pass UNO route runs LibreOffice's own python.exe (program\\python.exe
    beside soffice.exe); found beside the soffice found, or, for a soffice shortcut elsewhere on
    PATH, in the folders LibreOffice's installers use; a Mac's in Contents/Resources."""
    from docgen.commands import pdf

    program = tmp_path / "Program Files" / "LibreOffice" / "program"
    program.mkdir(parents=True)
    soffice, python = program / "soffice.exe", program / "python.exe"
    soffice.write_bytes(b"")
    monkeypatch.setattr(pdf, "SYSTEM_PYTHON", tmp_path / "ingen" / "python3")
    monkeypatch.setattr(pdf, "INSTALLED", (soffice,))
    assert pdf.uno_python(str(soffice)) is None  # LibreOffice without its Python, no system Python
    python.write_bytes(b"")  # an .exe: runnable without a Unix execute bit
    assert Path(pdf.uno_python(str(soffice))) == python.resolve()
    shortcut = tmp_path / "bin" / "soffice.exe"
    shortcut.parent.mkdir()
    shortcut.write_bytes(b"")
    assert Path(pdf.uno_python(str(shortcut))) == python.resolve()
    mac = tmp_path / "LibreOffice.app" / "Contents"
    (mac / "MacOS").mkdir(parents=True)
    (mac / "Resources").mkdir()
    (mac / "MacOS" / "soffice").write_bytes(b"")
    (mac / "Resources" / "python").write_bytes(b"")
    monkeypatch.setattr(pdf, "INSTALLED", ())
    assert pdf.uno_python(str(mac / "MacOS" / "soffice")) is None  # not executable: not run
    (mac / "Resources" / "python").chmod(0o755)
    assert Path(pdf.uno_python(str(mac / "MacOS" / "soffice"))) == (mac / "Resources" / "python").resolve()


def test_a_batch_is_dealt_out_by_size_each_document_once_in_order(tmp_path, monkeypatch):
    from docgen.commands import pdf

    sizes = {"a": 900, "b": 100, "c": 500, "d": 400, "e": 50}
    documents = []
    for name, size in sizes.items():
        (document := tmp_path / f"{name}.docx").write_bytes(b"x" * size)
        documents.append(document)
    dealt = pdf.shares(documents, 2)
    assert [[d.stem for d in share] for share in dealt] == [["a", "b"], ["c", "d", "e"]]  # 1 000 and 950
    assert pdf.shares(documents, 1) == [documents]
    assert len(pdf.shares(documents[:1], 2)) == 1
    missing = [tmp_path / "x.docx", tmp_path / "y.docx"]  # no size known: still one each
    assert pdf.shares(missing, 2) == [[missing[0]], [missing[1]]]
    monkeypatch.setattr(pdf, "_cores", lambda: 1)
    assert pdf.processes_for(30) == 1
    monkeypatch.setattr(pdf, "_cores", lambda: 8)
    assert pdf.processes_for(30) == pdf.PROCESSES and pdf.processes_for(1) == 1


@needs_libreoffice
@pytest.mark.skipif(not _has_uno(), reason="python3-uno is not installed (CI installs it: .ci/run)")
def test_two_libreoffices_give_the_bytes_and_numbers_of_one(tmp_path, monkeypatch):
    """A batch shared by two LibreOffice processes (both cores) gives the .docx bytes and the PDF
    text one LibreOffice gives, the TOC numbered right."""
    from docgen import processes
    from docgen.commands import pdf

    root = PLAN_2025.parent.parent
    folders = [KLIPPAN, root / "vansbro-kommun" / "strategisk-plan-2021", root / "region-skane" / "delarsrapport-2022"]
    monkeypatch.setattr(pdf, "_cores", lambda: 2)
    helpers, made = [], {}
    real_session = processes.Session
    monkeypatch.setattr(
        processes, "Session", lambda command, **k: helpers.append(command) or real_session(command, **k)
    )
    for count in (1, 2):
        monkeypatch.setattr(pdf, "PROCESSES", count)
        project = Project(build=tmp_path / str(count))
        made[count] = to_pdf([build(folder, project) for folder in folders])
    assert len(helpers) == 1 + 2
    for one, two in zip(made[1], made[2]):
        assert one.with_suffix(".docx").read_bytes() == two.with_suffix(".docx").read_bytes()
        text = [subprocess.run(["pdftotext", str(p), "-"], capture_output=True, check=True).stdout for p in (one, two)]
        assert text[0] == text[1]
    assert _toc_right(made[2][0]) == []


def test_numbering_rewrites_two_parts_and_gives_docx_bytes_own_bytes(wrong_toc):
    """docgen pdf gives each .docx its page numbers without compressing its other parts again
    (styles, images): the same bytes as docx_bytes writing every part."""
    import io
    import zipfile

    from docgen.commands.pdf import _replaced
    from docgen.word import pagenumbers
    from docgen.word.write import docx_bytes

    archive = zipfile.ZipFile(io.BytesIO(wrong_toc))
    parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts["word/document.xml"]
    changed = {
        "docProps/app.xml": pagenumbers.with_page_count(parts["docProps/app.xml"], 3),
        "word/document.xml": pagenumbers.number_toc(xml, {a: 4 for a in pagenumbers.toc_anchors(xml)}),
    }
    assert _replaced(wrong_toc, changed) == docx_bytes({**parts, **changed})
    assert _replaced(wrong_toc, {"docProps/app.xml": changed["docProps/app.xml"]}) == docx_bytes(
        {**parts, "docProps/app.xml": changed["docProps/app.xml"]}
    )
    assert _replaced(wrong_toc, {}) == wrong_toc
    other = io.BytesIO()  # zipped by another program (Word's order and times): docx_bytes writes it all
    with zipfile.ZipFile(other, "w", zipfile.ZIP_DEFLATED) as word:
        for name in reversed(list(parts)):
            word.writestr(zipfile.ZipInfo(name, (2024, 5, 6, 7, 8, 10)), parts[name])
    assert _replaced(other.getvalue(), changed) == docx_bytes({**parts, **changed})


@needs_libreoffice
@pytest.mark.parametrize("uno", [True, False], ids=["uno", "utan-uno"])
def test_documents_with_one_file_name_in_two_folders_get_their_own_pdfs(uno, wrong_toc, tmp_path, monkeypatch):
    """Two documents called the same in different folders of build/ (two nämnders'
    verksamhetsplan-2025.docx) are converted in one batch, each to its own PDF; before, the batch
    was refused ('två dokument har samma filnamn')."""
    if uno and not _has_uno():
        pytest.skip("python3-uno is not installed (CI installs it: .ci/run)")
    if not uno:
        monkeypatch.setattr("docgen.commands.pdf.uno_python", lambda soffice: sys.executable)  # the venv: no uno
    vansbro = build(PLAN_2025.parent.parent / "vansbro-kommun" / "strategisk-plan-2021", Project(build=tmp_path / "v"))
    first, second = tmp_path / "a" / "mal.docx", tmp_path / "b" / "mal.docx"
    for document, data in ((first, wrong_toc), (second, vansbro.read_bytes())):
        document.parent.mkdir()
        document.write_bytes(data)
    assert to_pdf([first, second]) == [first.with_suffix(".pdf"), second.with_suffix(".pdf")]
    text = [
        subprocess.run(["pdftotext", str(d.with_suffix(".pdf")), "-"], capture_output=True, text=True).stdout
        for d in (first, second)
    ]
    assert "Klippan" in text[0] and "Vansbro" not in text[0]
    assert "Vansbro" in text[1] and "Klippan" not in text[1]
    assert _toc_right(first.with_suffix(".pdf")) == []


@needs_libreoffice
@pytest.mark.skipif(not _has_uno(), reason="python3-uno is not installed (CI installs it: .ci/run)")
def test_pages_begin_where_libreoffice_begins_them_when_no_run_is_parted(all_pdfs, tmp_path):
    """`docgen pdf` gives a run of paragraphs kept with the next a page break only where
    LibreOffice's layout parts the run from its table; elsewhere each page begins where
    LibreOffice's own conversion of the same .docx begins it. Region Östergötland's planeringsår:
    page 7 opens with a list item kept with the next; a step left from its start stays in the
    item (in front of its number), so a pass stepping left took the item for the run's paragraph
    above the page's top and moved the item above it, which ends a page fine, onto page 7."""
    from . import layout

    pdf = next(pdf for pdf in all_pdfs if pdf.stem == "planeringsaret-2024")
    out = tmp_path / "ut"
    subprocess.run(
        [
            find_libreoffice(),
            f"-env:UserInstallation={(tmp_path / 'profil').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(pdf.with_suffix(".docx")),  # as `docgen pdf` left it: its TOC numbered
        ],
        capture_output=True,
        check=True,
        timeout=120,
        env={**os.environ, "HOME": str(tmp_path)},
    )

    def openings(path: Path) -> list[str]:
        """Each page's first line of words (a list item's bullet stands on a line of its own)."""
        texts = [[layout._norm(line.text) for line in page.body] for page in layout.read_pages(path)]
        return [next((t for t in page if any(c.isalpha() for c in t)), "") for page in texts]

    own = openings(out / pdf.name)
    assert len(own) >= 7 and "Slutenvården" in own[6]
    assert openings(pdf) == own
