"""`docgen new`: a new organisation's document from the starter kit, built at once; every
mistake a Swedish message that creates nothing."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import zipfile

import jsonschema

import pytest
from docx import Document

from docgen.cli import main
from docgen.commands.check import check_all
from docgen.commands.new import STARTER
from docgen.pipeline import ROOT, Project, build
from docgen.sources.jsonschema import header_kind, schema_header
from docgen.sources.load import load_yaml_file
from docgen.word.readback import document_text

from .conftest import assert_only_unfinished

KINDS = ["plan", "verksamhetsplan", "uppfoljning", "tjansteskrivelse", "foredragningslista"]
FIRST_PAGE = "ATT UPPDATERA: Det här dokumentet är skapat med docgen new."


@pytest.fixture
def empty(tmp_path) -> Project:
    """A project with the starter kit and no sources, as a new organisation starts."""
    shutil.copytree(ROOT / "templates" / "startpaket", tmp_path / "templates" / "startpaket")
    (tmp_path / "sources").mkdir()
    (tmp_path / "build").mkdir()
    return Project(tmp_path / "sources", tmp_path / "templates", tmp_path / "build")


def new(project: Project, *args: str) -> int:
    return main(
        ["--kallor", str(project.sources), "--mallar", str(project.templates), "--ut", str(project.build), "new", *args]
    )


def new_follow_up(project: Project, organisation_folder: str, org: list[str], words: str | None = None):
    """A plan made by `docgen new` under sources/<organisation_folder>/ and a follow-up of it, as a
    new organisation makes them (`org`: --organisation, --namnd, --ar and their values; `words`:
    the organisation's benämningar.yaml, written before the follow-up is made). The follow-up's
    folder and the text of its uppfoljning.yaml."""
    plan = project.sources / organisation_folder / "plan"
    assert new(project, "plan", str(plan), *org) == 0
    if words is not None:
        (plan.parent / "benämningar.yaml").write_text(words, encoding="utf-8")
    follow = project.sources / organisation_folder / "uppfoljning"
    assert new(project, "uppfoljning", str(follow), *org, "--foljer-upp", str(plan)) == 0
    return follow, (follow / "uppfoljning.yaml").read_text(encoding="utf-8")


def assess_first_uppdrag(follow, text: str, status: str) -> None:
    """The new follow-up's commented example bedömning, as written for its first uppdrag with
    `status`, uncommented as an editor does."""
    example = (
        '  # bedömningar:\n  #   - uppdrag: "uppdrag/1"       # uppdragets id, eller serie/nr, som i listan nedan\n'
        f"  #     status: {status}\n"
    )
    assert example in text
    text = text.replace(example, f'  bedömningar:\n    - uppdrag: "uppdrag/1"\n      status: {status}\n')
    (follow / "uppfoljning.yaml").write_text(text, encoding="utf-8")


def tree(project: Project) -> dict[str, str]:
    """Every file under sources/, templates/ and build/ with a hash of its content."""
    found = {}
    for root in (project.sources, project.templates, project.build):
        for path in sorted(root.rglob("*")):
            if path.is_file():
                found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def test_every_kind_builds_at_once_and_passes_check(empty):
    org = ["--organisation", "Sjöbo kommun", "--namnd", "Kommunfullmäktige", "--ar", "2026"]
    plan = empty.sources / "sjobo-kommun" / "budget-2026"
    assert new(empty, "plan", str(plan), *org) == 0
    for kind in KINDS[1:]:
        extra = ["--foljer-upp", str(plan)] if kind == "uppfoljning" else []
        assert new(empty, kind, str(empty.sources / "sjobo-kommun" / kind), *org, *extra) == 0
    folders = sorted(p for p in (empty.sources / "sjobo-kommun").iterdir() if p.is_dir())
    assert len(folders) == len(KINDS)
    assert (empty.sources / "sjobo-kommun" / "benämningar.yaml").is_file()  # the new organisation's words
    checked = {folder: check_all([folder], empty) for folder in folders}
    for folder in folders:
        built = build(folder, empty)  # the accessibility gate runs in every build
        assert assert_only_unfinished(checked[folder], built), folder.name  # a new document is not final
        text = document_text(built)
        first_page = text[: text.index("Innehåll")] if "Innehåll" in text else text[:600]
        assert FIRST_PAGE in first_page, folder.name
        assert "Sjöbo kommun" in text or "Kommunfullmäktige" in text
        core = zipfile.ZipFile(built).read("docProps/core.xml").decode("utf-8")  # the title Word and the web page show
        assert "[[" not in core and "]]" not in core, (folder.name, core)
        body = zipfile.ZipFile(built).read("word/document.xml").decode("utf-8")  # alt texts too: a table's
        assert "[[" not in body and "]]" not in body, folder.name  # "Indikatorer för {{ ms.namn }}"
    for kind in KINDS:
        assert (empty.templates / "sjobo-kommun" / f"{kind}.docx").is_file()
    assert_schema_headers(folders)
    follow_up = (empty.sources / "sjobo-kommun" / "uppfoljning" / "uppfoljning.yaml").read_text(encoding="utf-8")
    assert 'följer_upp: "sjobo-kommun/budget-2026"' in follow_up
    assert "Uppföljning av mål och budget 2026" in follow_up  # a common noun mid-sentence


def test_the_starter_speaks_of_the_documents_year(empty):
    """The starter's examples (a follow-up's period 't.ex. 2026-08', shown in the document as its
    marker, a meeting's date, a diarienummer) are of the year the document is made for: a 2031
    follow-up's marker said 't.ex. 2026-08'. Every year in the new files is 2031 or 2030."""
    org = ["--organisation", "Sjöbo kommun", "--namnd", "Kommunfullmäktige", "--ar", "2031"]
    plan = empty.sources / "sjobo-kommun" / "budget-2031"
    assert new(empty, "plan", str(plan), *org) == 0
    for kind in KINDS[1:]:
        extra = ["--foljer-upp", str(plan)] if kind == "uppfoljning" else []
        assert new(empty, kind, str(empty.sources / "sjobo-kommun" / kind), *org, *extra) == 0
    years = {
        (path.name, year)
        for path in (empty.sources / "sjobo-kommun").rglob("*.yaml")
        for year in re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", path.read_text(encoding="utf-8"))
    }
    assert {year for _, year in years} == {"2030", "2031"}, sorted(years)
    assert "t.ex. 2031-08" in document_text(build(empty.sources / "sjobo-kommun" / "uppfoljning", empty))


def assert_schema_headers(folders) -> None:
    """Each new file starts with the header of its kind's JSON Schema (relative to where it
    lies) and validates against that schema."""
    kinds = {}
    for folder in folders:
        for path in sorted(folder.glob("*.yaml")):
            text = path.read_text(encoding="utf-8")
            kind = header_kind(text)
            assert kind is not None and text.startswith(schema_header(path, kind)), path
            starter = ROOT / "templates" / STARTER / folder.name.replace("budget-2026", "plan") / path.name
            assert header_kind(starter.read_text(encoding="utf-8")) is kind, path
            schema = json.loads(kind.schema_file.read_text(encoding="utf-8"))
            found = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(load_yaml_file(path))]
            assert found == [], (path, found)
            kinds[f"{folder.name}/{path.name}"] = kind.name
    assert kinds == {
        "budget-2026/avsnitt.yaml": "avsnitt",
        "budget-2026/budget.yaml": "tabeller",
        "budget-2026/dokument.yaml": "plan",
        "budget-2026/mal.yaml": "mal",
        "foredragningslista/foredragningslista.yaml": "foredragningslista",
        "tjansteskrivelse/arende.yaml": "arende",
        "uppfoljning/uppfoljning.yaml": "uppfoljning",
        "verksamhetsplan/avsnitt.yaml": "avsnitt",
        "verksamhetsplan/budget.yaml": "tabeller",
        "verksamhetsplan/dokument.yaml": "plan",
        "verksamhetsplan/internkontroll.yaml": "internkontroll",
        "verksamhetsplan/mal.yaml": "mal",
    }


def test_the_starter_writes_no_figures(empty):
    """Placeholders only: the starter's sources hold no number but the year."""
    import re

    new(
        empty,
        "plan",
        str(empty.sources / "x-kommun" / "plan"),
        "--organisation",
        "X kommun",
        "--namnd",
        "KF",
        "--ar",
        "2026",
    )
    document = Document(str(build(empty.sources / "x-kommun" / "plan", empty)))
    texts = [p.text for p in document.paragraphs]
    texts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    numbers = {n.strip() for t in texts for n in re.findall(r"\d[\d\u00a0 ,]*", t)}
    assert numbers <= {"2026", "1"}, numbers  # the year, and the numbers of goal 1, table 1, uppdrag 1


def test_an_existing_template_is_used_not_overwritten(empty):
    org = ["--organisation", "Sjöbo kommun", "--namnd", "KF", "--ar", "2026"]
    new(empty, "plan", str(empty.sources / "sjobo-kommun" / "a"), *org)
    template = empty.templates / "sjobo-kommun" / "plan.docx"
    template.write_bytes(template.read_bytes() + b"")  # the editor's own version
    before = template.stat().st_mtime_ns, template.read_bytes()
    assert new(empty, "plan", str(empty.sources / "sjobo-kommun" / "b"), *org) == 0
    assert (template.stat().st_mtime_ns, template.read_bytes()) == before
    assert "sjobo-kommun/plan.docx" in (empty.sources / "sjobo-kommun" / "b" / "dokument.yaml").read_text(
        encoding="utf-8"
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (["rapport", "{s}/sjobo-kommun/x"], "okänd dokumentsort 'rapport'"),
        (["uppfoljning", "{s}/sjobo-kommun/x"], "en uppföljning måste ange vilken plan den följer upp"),
        (
            ["uppfoljning", "{s}/sjobo-kommun/x", "--foljer-upp", "{s}/sjobo-kommun/saknas"],
            "planen {s}/sjobo-kommun/saknas finns inte",
        ),
        (
            ["plan", "{s}/sjobo-kommun/x", "--foljer-upp", "{s}/sjobo-kommun/finns"],
            "--foljer-upp gäller bara uppfoljning",
        ),
        (["plan", "{s}/../utanfor/x"], "ligger utanför"),
        (["plan", "/tmp/annanstans/x"], "ligger utanför"),
        (["plan", "{s}/sjobo-kommun"], "ska vara en mapp på formen sources/<organisation>/<dokument>"),
        (["plan", "{s}/sjobo-kommun/finns"], "finns redan; docgen new skriver aldrig över"),
        (["plan", "{s}/sjobo-kommun/x", "--ar", "26"], "--ar ska vara ett årtal"),
        (["plan", "{s}/sjobo-kommun/x", "--organisation", " "], "--organisation är tomt"),
    ],
)
def test_mistakes_are_swedish_messages_and_create_nothing(empty, capsys, args, message):
    org = {"--organisation": "Sjöbo kommun", "--namnd": "KF", "--ar": "2026"}
    assert new(empty, "plan", str(empty.sources / "sjobo-kommun" / "finns"), *sum(org.items(), ())) == 0
    capsys.readouterr()
    before = tree(empty)
    s = str(empty.sources)
    args = [a.format(s=s) for a in args]
    for flag, value in org.items():
        if flag not in args:
            args += [flag, value]
    assert new(empty, *args) == 2
    err = capsys.readouterr().err
    assert message.format(s=s) in err
    assert "Traceback" not in err
    assert tree(empty) == before
    assert not (empty.sources.parent / "utanfor").exists()


def test_a_missing_option_is_a_swedish_message(empty, capsys):
    assert new(empty, "plan", str(empty.sources / "a" / "b"), "--organisation", "X") == 2
    assert "följande argument saknas: --namnd, --ar" in capsys.readouterr().err
    assert not (empty.sources / "a").exists()


def test_every_marker_of_a_new_plan_is_highlighted(empty):
    """A marker in a run that also holds a number and a tab ("Uppdrag 1.", tab, text) is
    highlighted like any other: no "[[ATT UPPDATERA" is left as typed."""
    plan = empty.sources / "ystad-kommun" / "budget-2026"
    assert (
        new(empty, "plan", str(plan), "--organisation", "Ystads kommun", "--namnd", "Kommunfullmäktige", "--ar", "2026")
        == 0
    )
    document = Document(str(build(plan, empty)))
    runs = [run for paragraph in document.paragraphs for run in paragraph.runs]
    typed = [run.text for run in runs if "[[" in run.text]
    assert typed == []
    marked = [run for run in runs if "ATT UPPDATERA" in run.text]
    assert marked and all(run.style.name == "Att uppdatera" for run in marked), [
        (run.text, run.style.name) for run in marked if run.style.name != "Att uppdatera"
    ]


def test_the_starter_budget_does_not_choose_a_unit_for_the_editor(empty, capsys):
    """The starter's budget table said `enhet: mnkr` beside `saknas:`: an editor who wrote the
    rows of a budget in tkr (Region Blekinge's driftbudget per nämnd) kept a unit docgen had
    chosen. Now rows written without a unit are refused with the file and line, and what to
    write, and nothing is built."""
    folder = empty.sources / "prov-region" / "plan"
    org = ["--organisation", "Prov region", "--namnd", "Regionstyrelsen", "--ar", "2018"]
    assert new(empty, "plan", str(folder), *org) == 0
    budget = folder / "budget.yaml"
    text = budget.read_text(encoding="utf-8")
    start = text.index('    saknas: "Skriv budgetens rader')
    rows = '    kolumner: ["Budget 2018"]\n    grupper:\n      - rader:\n          - {text: Regionstyrelsen, värden: [1]}\n'
    budget.write_text(text[:start] + rows + text[text.index("\n", start) + 1 :], encoding="utf-8")
    table_line = text[: text.index("  budget:\n    rubrik")].count("\n") + 1  # the table's own line
    capsys.readouterr()
    argv = ["--kallor", empty.sources, "--mallar", empty.templates, "--ut", empty.build, "build", folder]
    assert main([str(a) for a in argv]) == 2
    err = capsys.readouterr().err
    assert (
        f"plan/budget.yaml, rad {table_line}: tabeller.budget: 'enhet' saknas: ange mnkr, tkr, kr, procent eller st."
        in err
    )
    assert not list(empty.build.rglob("*.docx"))


def test_follow_up_title_keeps_a_name_and_lowers_a_plan_noun(empty):
    """ "Uppföljning av …": the plan's title mid-sentence. A plan noun loses its capital
    ("Uppföljning av mål och budget 2026"); a title starting with a name keeps it."""
    org = ["--organisation", "Falu kommun", "--namnd", "Kultur- och fritidsnämnden", "--ar", "2026"]
    plan = empty.sources / "falu-kommun" / "plan"
    assert new(empty, "plan", str(plan), *org) == 0
    plan_file = next(p for p in plan.glob("*.yaml") if "titel: " in p.read_text(encoding="utf-8"))
    text = plan_file.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.strip().startswith("titel: "))
    plan_file.write_text(text.replace(title, '  titel: "Falu kommuns mål och budget 2026"'), encoding="utf-8")
    follow = empty.sources / "falu-kommun" / "uppfoljning"
    assert new(empty, "uppfoljning", str(follow), *org, "--foljer-upp", str(plan)) == 0
    assert 'titel: "Uppföljning av Falu kommuns mål och budget 2026"' in (follow / "uppfoljning.yaml").read_text(
        encoding="utf-8"
    )


def test_a_follow_up_shows_its_decision_proposal(empty):
    """A månadsuppföljning or delårsrapport goes to the board with a förslag till beslut
    (Vallentuna's "Kommunstyrelsen godkänner månadsuppföljningen."): the starter follow-up
    shows `beslut` as the starter plan does, and `docgen check` does not call its form unused."""
    org = ["--organisation", "Vallentuna kommun", "--namnd", "Kommunstyrelsen", "--ar", "2015"]
    follow, text = new_follow_up(empty, "vallentuna-kommun", org)
    decision = (
        "beslut:\n  inledning: Förslag till beslut\n  form: beslutsmeningar\n"
        "  att_satser:\n    - Kommunstyrelsen godkänner månadsuppföljningen.\n\n"
    )
    (follow / "uppfoljning.yaml").write_text(
        text.replace("uppföljning:\n", decision + "uppföljning:\n", 1), encoding="utf-8"
    )
    problems = check_all([follow], empty)
    assert [str(p) for p in problems if "beslut" in str(p)] == []
    document = Document(str(build(follow, empty)))
    styled = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Beslutsrubrik", "Förslag till beslut") in styled
    assert ("Numrerad lista", "1.\tKommunstyrelsen godkänner månadsuppföljningen.") in styled
