"""Every mistake an editor can make: one Swedish message with file and line, exit status 2,
no traceback, nothing written to build/ and the sources left as they were."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

DOC = Path("region-ostergotland") / "hsn-arsplan-2025"


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def run_docgen(workspace, *args):
    command = [
        sys.executable,
        "-m",
        "docgen.cli",
        "--kallor",
        str(workspace.sources),
        "--mallar",
        str(workspace.templates),
        "--ut",
        str(workspace.build),
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def edit(path: Path, old: str, new: str, count: int = 1) -> int:
    """Replace `old` by `new` in a file; returns the 1-based line of the (first) change."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return line


def build_fails(workspace, expected: str, file: str | None = None, line: int | None = None):
    folder = workspace.sources / DOC
    before = tree_digest(workspace.sources)
    result = run_docgen(workspace, "build", str(folder))
    assert result.returncode == 2, result.stderr + result.stdout
    assert "Traceback" not in result.stderr
    assert re.search(expected, result.stderr), result.stderr
    if file is not None:
        where = f"{file}, rad {line}" if line is not None else file
        assert where in result.stderr, result.stderr
    assert "Inget dokument skrevs" in result.stderr or "inget dokument skrevs" in result.stderr
    assert list(workspace.build.rglob("*")) == [], "build/ must stay untouched when a build fails"
    assert tree_digest(workspace.sources) == before, "a build must never change the sources"
    return result.stderr


def source(workspace, name: str) -> Path:
    return workspace.sources / DOC / name


def test_invalid_yaml(workspace):
    path = source(workspace, "direktor.yaml")
    line = edit(path, "  uppdrag:\n", "  uppdrag: : \n")
    build_fails(workspace, "YAML-fel", "direktor.yaml", line)


def test_tab_indentation(workspace):
    path = source(workspace, "direktor.yaml")
    line = edit(path, "  uppdrag:\n", "\tuppdrag:\n")
    message = build_fails(workspace, "YAML-fel", "direktor.yaml")
    assert f"rad {line}" in message


def test_missing_field(workspace):
    path = source(workspace, "direktor.yaml")
    text = path.read_text(encoding="utf-8")
    first_dnr = re.search(r"^( +)dnr: .*\n", text, re.M)
    line = text[: first_dnr.start()].count("\n")  # the item's first line, just above
    path.write_text(text[: first_dnr.start()] + text[first_dnr.end() :], encoding="utf-8")
    message = build_fails(workspace, r"fältet 'dnr' saknas i direktörsuppdrag\.uppdrag\[1\]", "direktor.yaml")
    assert "Lägg till 'dnr: …'" in message
    assert f"rad {line}" in message


def test_unknown_field_suggests_the_right_one(workspace):
    path = source(workspace, "styrande-dokument.yaml")
    line = edit(path, "nytt_beslut:", "nyt_beslut:")
    message = build_fails(workspace, "okänt fält 'nyt_beslut'", "styrande-dokument.yaml", line)
    assert "Menade du 'nytt_beslut'?" in message


def test_wrong_type(workspace):
    path = source(workspace, "dokument.yaml")
    line = edit(path, "år: 2025", "år: tjugofemton")
    build_fails(workspace, r"dokument\.år ska vara ett heltal, men är 'tjugofemton'", "dokument.yaml", line)


def test_date_that_does_not_exist(workspace):
    path = source(workspace, "styrande-dokument.yaml")
    line = edit(path, "gäller_till_och_med: 2027-03-31", "gäller_till_och_med: 2027-02-30")
    build_fails(workspace, "datumet 2027-02-30 finns inte i kalendern", "styrande-dokument.yaml", line)


def test_duplicate_id(workspace):
    path = source(workspace, "malomraden.yaml")
    line = edit(path, "id: civilsamhallet", "id: narsjukvardsplatser")
    message = build_fails(workspace, "id 'narsjukvardsplatser' används redan", "malomraden.yaml", line)
    assert "unikt" in message


def test_reference_to_unknown_committee(workspace):
    path = source(workspace, "malomraden.yaml")
    line = edit(path, "följs_av: [bb4, bb1]", "följs_av: [bb4, bb7]")
    build_fails(workspace, "följs_av: 'bb7' finns inte bland beredningar och uppföljare", "malomraden.yaml", line)


def test_reference_to_unknown_table(workspace):
    path = source(workspace, "bilaga.yaml")
    line = edit(path, "tabell: balansrakning", "tabell: balansrakningen")
    build_fails(workspace, "tabellen 'balansrakningen' finns inte.*Menade du 'balansrakning'", "bilaga.yaml", line)


def test_group_sum_that_does_not_add_up(workspace):
    path = source(workspace, "arsbudget.yaml")
    line = edit(path, "[163.1]", "[163.2]")
    message = build_fails(workspace, "summan är 163,2 men delarna ger 163,1", "arsbudget.yaml", line)
    assert "Omfördelning inom" in message and "Summa utökade ramar" in message and "Belopp (mnkr)" in message


def test_share_that_does_not_match(workspace):
    path = source(workspace, "arsbudget.yaml")
    text = path.read_text(encoding="utf-8")
    match = re.search(r"andel: 68\b", text)
    line = text[: match.start()].count("\n") + 1
    path.write_text(text[: match.start()] + "andel: 67" + text[match.end() :], encoding="utf-8")
    build_fails(workspace, "andelen är 67 % men 10.997 av 16.071 ger 68 %", "arsbudget.yaml", line)


def test_funding_that_does_not_match(workspace):
    path = source(workspace, "arsbudget.yaml")
    edit(path, "belopp: 92", "belopp: 93")
    build_fails(workspace, "finansieringen 15.979 \\+ 93 = 16.072 stämmer inte med summan 16.071", "arsbudget.yaml")


def test_balance_sheet_that_does_not_balance(workspace):
    path = source(workspace, "bilaga.yaml")
    text = path.read_text(encoding="utf-8")
    # change both an amount and its sum so that the part is consistent but the sheet does not balance
    # TILLGÅNGAR consistent in itself (a row and its two sums raised by 100), but no longer balancing
    text = text.replace("[0, -1596]", "[100, -1596]").replace("[121118, 119522]", "[121218, 119522]", 2)
    path.write_text(text, encoding="utf-8")
    message = build_fails(
        workspace, "tabellen 'Balansräkning 2025 \\(tkr\\)' balanserar inte i kolumnen '2025-12-31'", "bilaga.yaml"
    )
    assert "'TILLGÅNGAR' är 121\u00a0218 men 'EGET KAPITAL, AVSÄTTN o SKULDER' är 121\u00a0118" in message


def test_unknown_template_variable(workspace):
    from docx import Document

    path = workspace.templates / "region-ostergotland" / "arsplan-och-budget.docx"
    document = Document(str(path))
    heading = next(p for p in document.paragraphs if p.text == "{{ mo.namn }}")
    heading.runs[0].text = "{{ mo.namnet }}"
    document.save(str(path))
    message = build_fails(
        workspace,
        "mallen använder 'namnet' på målområde, men källorna har inget sådant fält",
        "arsplan-och-budget.docx",
    )
    assert "«{{ mo.namnet }}»" in message or "mo.namnet" in message


def test_broken_template_tag(workspace):
    from docx import Document

    path = workspace.templates / "region-ostergotland" / "arsplan-och-budget.docx"
    document = Document(str(path))
    heading = next(p for p in document.paragraphs if p.text == "{{ mo.namn }}")
    heading.runs[0].text = "{{ mo.namn | }}"
    document.save(str(path))
    build_fails(workspace, "mallen har en trasig tagg", "arsplan-och-budget.docx")


def test_template_cannot_reach_python(workspace):
    from docx import Document

    path = workspace.templates / "region-ostergotland" / "arsplan-och-budget.docx"
    document = Document(str(path))
    heading = next(p for p in document.paragraphs if p.text == "{{ mo.namn }}")
    heading.runs[0].text = "{{ mo.namn.__class__.__mro__ }}"
    document.save(str(path))
    result = run_docgen(workspace, "build", str(workspace.sources / DOC))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert list(workspace.build.rglob("*")) == []


def test_duplicate_section_across_files(workspace):
    path = source(workspace, "direktor.yaml")
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\npatientlöften:\n  - något\n", encoding="utf-8")
    build_fails(workspace, "'patientlöften' finns redan", "direktor.yaml")


def test_a_failed_build_keeps_the_previous_document(workspace):
    folder = workspace.sources / DOC
    assert run_docgen(workspace, "build", str(folder)).returncode == 0
    built = next(workspace.build.rglob("*.docx"))
    before = built.read_bytes()
    edit(source(workspace, "arsbudget.yaml"), "[163.1]", "[163.2]")
    result = run_docgen(workspace, "build", str(folder))
    assert result.returncode == 2
    assert built.read_bytes() == before
    assert [p.name for p in built.parent.iterdir()] == [built.name]  # no temporary file left


@pytest.mark.parametrize("args", [["build", "sources/finns-inte"], ["check", "sources/finns-inte"]])
def test_missing_folder(workspace, args):
    result = run_docgen(workspace, *args)
    assert result.returncode in (1, 2) and "Traceback" not in result.stderr
    assert "mappen finns inte" in result.stderr


VP = Path("region-orebro-lan") / "hsn-vp-2026"


def vp_build_fails(workspace, expected: str, file: str, line: int | None = None):
    result = run_docgen(workspace, "build", str(workspace.sources / VP))
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert re.search(expected, result.stderr), result.stderr
    assert (f"{file}, rad {line}" if line else file) in result.stderr, result.stderr
    assert list(workspace.build.rglob("*")) == []


def test_assignment_number_used_twice_in_a_series(workspace):
    path = workspace.sources / VP / "malsattningar.yaml"
    line = edit(path, "- nr: 11\n", "- nr: 10\n")
    vp_build_fails(workspace, "uppdrag nr 10 i serien 'rf' finns redan", "malsattningar.yaml", line)


def test_unknown_assignment_series(workspace):
    path = workspace.sources / VP / "malsattningar.yaml"
    line = edit(path, "serie: hs\n", "serie: hss\n")
    vp_build_fails(
        workspace, "serien 'hss' finns inte under 'uppdragsserier'.*Menade du 'hs'", "malsattningar.yaml", line
    )


def test_subtotal_that_does_not_add_up(workspace):
    path = workspace.sources / VP / "budget.yaml"
    line = edit(path, "[-8446.5, -8446.7, -8245.2]", "[-8446.5, -8446.8, -8245.2]")
    vp_build_fails(
        workspace,
        "raden 'Verksamhetens nettokostnader', kolumnen 'Prognos 2025': summan är "
        "\u22128\u00a0446,8 men delarna ger \u22128\u00a0446,7",
        "budget.yaml",
        line,
    )


def test_chapter_block_with_two_kinds(workspace):
    path = workspace.sources / VP / "avsnitt.yaml"
    line = edit(path, "      - målsättningar: alla\n", "      - målsättningar: alla\n        tabell: nyckeltal\n")
    vp_build_fails(workspace, "ett block ska ha precis en av", "avsnitt.yaml", line)


@pytest.mark.parametrize(
    "args, expected",
    [
        (["byggg"], "fel: okänt kommando 'byggg'"),
        (["build", "--okand"], "fel: okända argument: --okand"),
        (["new-year", "region-ostergotland", "20x5", "2026"], "fel: år ska vara ett heltal, inte '20x5'"),
    ],
)
def test_command_line_mistakes_in_swedish(workspace, args, expected):
    result = run_docgen(workspace, *args)
    assert result.returncode == 2 and expected in result.stderr and "usage" not in result.stderr


@pytest.mark.parametrize("args", [["--help"], ["new", "--help"], ["build", "--help"], ["kolada", "hämta", "--help"]])
def test_help_is_in_swedish(workspace, args):
    result = run_docgen(workspace, *args)
    assert result.returncode == 0
    assert result.stdout.startswith("användning: docgen")
    assert "flaggor:" in result.stdout and "visa den här hjälpen och avsluta" in result.stdout
    for english in ("usage:", "options:", "positional arguments", "show this help"):
        assert english not in result.stdout


@pytest.mark.parametrize("flag", ["--kallor", "--mallar"])
def test_a_given_folder_that_is_not_there(workspace, tmp_path, flag):
    """--kallor or --mallar misspelt: named, exit 2, nothing written (it used to build nothing, silently)."""
    before = tree_digest(workspace.sources)
    missing = tmp_path / "finns-inte"
    command = [sys.executable, "-m", "docgen.cli", "--kallor", str(workspace.sources), "--mallar"]
    command += [str(workspace.templates), "--ut", str(workspace.build), flag, str(missing), "build"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"fel: {missing} ({flag}) finns inte. Rätta sökvägen efter {flag}" in result.stderr
    assert "Inget dokument skrevs" in result.stderr
    assert list(workspace.build.rglob("*")) == []
    assert tree_digest(workspace.sources) == before


@pytest.mark.parametrize(
    "command, expected",
    [("build", "inget att bygga: "), ("check", "inget att kontrollera: "), ("list", "inget att lista: ")],
)
def test_a_project_without_documents_says_so(workspace, command, expected):
    """A project just made has an empty sources/: every command for all documents says there is
    nothing yet and how to make a document, instead of saying nothing (or 'inga problem')."""
    import shutil

    shutil.rmtree(workspace.sources)
    workspace.sources.mkdir()
    result = run_docgen(workspace, command)
    assert result.returncode == 0, result.stderr
    assert expected + f"{workspace.sources} har ingen källmapp" in result.stderr
    assert "docgen new plan sources/<organisation>/<dokument>" in result.stderr
    assert "inga problem" not in result.stdout + result.stderr
    assert list(workspace.build.rglob("*")) == []


def test_a_file_below_the_folder_one_stands_in_is_named_from_there(tmp_path, monkeypatch):
    """In an organisation's project the sources' paths are absolute; a message names them from
    the project folder the editor stands in (as 'sources/…'), other files as they are."""
    from docgen.errors import Problem

    monkeypatch.chdir(tmp_path)
    inside = tmp_path / "sources" / "org" / "plan" / "mal.yaml"
    assert str(Problem(inside, 45, "fel.")) == "sources/org/plan/mal.yaml, rad 45: fel."
    assert str(Problem(Path("/elsewhere/mal.yaml"), 3, "fel.")) == "/elsewhere/mal.yaml, rad 3: fel."
    assert str(Problem("sources/mal.yaml", None, "fel.")) == "sources/mal.yaml: fel."
