"""Mistakes planners make, mutated into real sources: the starter kit (`docgen new
verksamhetsplan`) and the seed documents. Each case runs the real command line (docgen.cli.main,
in this process for speed) in a copy of sources/ and templates/ and asserts: a non-zero exit, no
traceback, one Swedish message naming the file (and the line where the file has lines), and
sources/, templates/ and build/ exactly as they were.

A second group are things editors' programs do that are not mistakes (a BOM, Windows line
endings, a tag Word split over runs, lock files, Excel's UTF-16 text export): these build, and
the BOM and line endings give the same document as the file without them.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from docgen.cli import main
from docgen.pipeline import ROOT

KIT = Path("testby-kommun") / "vp-2026"  # made by `docgen new verksamhetsplan` (fixture `base`)
KIT_TEMPLATE = Path("testby-kommun") / "verksamhetsplan.docx"
PLAN = Path("region-ostergotland") / "hsn-arsplan-2025"
EXCEL = Path("region-orebro-lan") / "hsn-vp-2026"  # budget-2026.xlsx, blad Drift, A1:E8
STATUS = Path("region-orebro-lan") / "hsn-vp-2026-styrtalsstatus"
TANUM = Path("tanums-kommun") / "verksamhetsmal-2024"

# English that must never reach an editor (Jinja's, python-docx's, openpyxl's, Python's words)
ENGLISH = re.compile(
    r"\b(Encountered|unexpected|expected|No filter|Package not found|Error|Exception|KeyError|"
    r"BadZipFile|no item named|not found|invalid|Traceback)\b"
)


# ---------------------------------------------------------------- harness


@pytest.fixture(scope="session")
def base(tmp_path_factory) -> Path:
    """sources/ and templates/ with a document made by `docgen new verksamhetsplan` beside the seeds."""
    root = tmp_path_factory.mktemp("mistakes-base")
    shutil.copytree(ROOT / "sources", root / "sources")
    shutil.copytree(ROOT / "templates", root / "templates")
    (root / "build").mkdir()
    args = ["--organisation", "Testby kommun", "--namnd", "Kommunstyrelsen", "--ar", "2026"]
    status, out, err = run(root, "new", "verksamhetsplan", root / "sources" / KIT, *args)
    assert status == 0, err + out
    plan = ["--foljer-upp", root / "sources" / KIT]
    status, out, err = run(root, "new", "uppfoljning", root / "sources" / FOLLOW_UP, *args, *plan)
    assert status == 0, err + out
    return root


@pytest.fixture
def ws(base, tmp_path) -> Path:
    """A copy of `base` a test may break."""
    shutil.copytree(base, tmp_path / "ws")
    return tmp_path / "ws"


def run(root: Path, *args) -> tuple[int, str, str]:
    """docgen's command line on the workspace at `root`: (exit status, stdout, stderr)."""
    argv = ["--kallor", str(root / "sources"), "--mallar", str(root / "templates"), "--ut", str(root / "build")]
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        try:
            status = main([*argv, *map(str, args)])
        except SystemExit as exc:  # argparse's own exit, after its (Swedish) message
            status = exc.code
    return status, out.getvalue(), err.getvalue()


def digest(folder: Path) -> str:
    sha = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        sha.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            sha.update(path.read_bytes())
    return sha.hexdigest()


def refused(ws: Path, args: list, expected: str, file: str, line: int | None = None) -> str:
    """Run docgen; assert one Swedish message matching `expected` naming `file` (and `line`),
    no traceback, and nothing changed. Returns stderr."""
    before = {name: digest(ws / name) for name in ("sources", "templates", "build")}
    status, out, err = run(ws, *args)
    assert status == 2, err + out
    assert "Traceback" not in err and "internt fel" not in err, err
    assert err.startswith("fel: "), err
    assert re.search(expected, err), err
    assert not ENGLISH.search(err), f"English in the message: {err}"
    where = f"{file}, rad {line}" if line else file
    assert where in err, err
    for name, value in before.items():
        assert digest(ws / name) == value, f"{name}/ changed by a failed run"
    return err


def edit(path: Path, old: str, new: str) -> int:
    """Replace `old` by `new` once, as an editor would; the 1-based line of the change."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def rezip(path: Path, part: str, old: str, new: str) -> None:
    """Change the XML of one part of a .docx/.xlsx (what Word or Excel could have saved)."""
    with zipfile.ZipFile(path) as archive:
        parts = [(info, archive.read(info.filename)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts:
            if info.filename == part:
                text = data.decode("utf-8")
                assert old in text, old
                data = text.replace(old, new, 1).encode("utf-8")
            archive.writestr(info, data)


def odf(path: Path, kind: str) -> None:
    """A LibreOffice (OpenDocument) file: a zip with its mimetype first."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", f"application/vnd.oasis.opendocument.{kind}")
        archive.writestr("content.xml", "<office:document-content/>")


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600  # Word's and Excel's old binary formats


def kit(ws: Path, name: str = "") -> Path:
    return ws / "sources" / KIT / name


def build(folder: Path) -> list:
    return ["build", folder]


# ---------------------------------------------------------------- YAML


def tab_indent(ws):
    line = edit(kit(ws, "dokument.yaml"), "  organisation:", "\torganisation:")
    return build(kit(ws)), "tabb", "dokument.yaml", line


def bad_indent(ws):
    line = edit(kit(ws, "dokument.yaml"), "  organisation:", "   organisation:")
    return build(kit(ws)), "indraget stämmer inte", "dokument.yaml", line


def duplicate_key(ws):
    line = edit(kit(ws, "dokument.yaml"), "  år: 2026\n", "  år: 2026\n  år: 2025\n") + 1
    return build(kit(ws)), "nyckeln 'år' står två gånger", "dokument.yaml", line


def number_with_space(ws):
    line = edit(kit(ws, "dokument.yaml"), "  år: 2026", "  år: 2 026")
    return build(kit(ws)), "ska vara ett heltal, men är '2 026'", "dokument.yaml", line


def decimal_comma_in_list(ws):
    path = ws / "sources" / PLAN / "arsbudget.yaml"
    text = path.read_text(encoding="utf-8")
    found = re.search(r"värden: \[(50\.0)\]", text)
    path.write_text(text[: found.start(1)] + "1234,5" + text[found.end(1) :], encoding="utf-8")
    line = text[: found.start()].count("\n") + 1
    return build(ws / "sources" / PLAN), "ett decimalkomma delar talet i två", "arsbudget.yaml", line


def percent_as_number(ws):
    path = ws / "sources" / PLAN / "arsbudget.yaml"
    line = edit(path, "värden: [50.0]", "värden: [12 %]")
    return build(ws / "sources" / PLAN), "ska vara ett tal, men är '12 %'", "arsbudget.yaml", line


def month_13(ws):
    line = edit(ws / "sources" / TANUM / "dokument.yaml", "datum: 2023-11-27", "datum: 2023-13-27")
    return build(ws / "sources" / TANUM), "datumet 2023-13-27 finns inte i kalendern", "dokument.yaml", line


def date_in_words(ws):
    line = edit(ws / "sources" / TANUM / "dokument.yaml", "datum: 2023-11-27", "datum: 27 nov 2023")
    return build(ws / "sources" / TANUM), "'27 nov 2023' är inte ett datum. Skriv datum som", "dokument.yaml", line


def empty_document_file(ws):
    kit(ws, "dokument.yaml").write_text("", encoding="utf-8")
    return build(kit(ws)), "filen är tom", "dokument.yaml", 1


def list_for_mapping(ws):
    kit(ws, "dokument.yaml").write_text("dokument:\n  - titel: Verksamhetsplan\n", encoding="utf-8")
    return build(kit(ws)), "dokument ska vara ett avsnitt med nycklar, men är en lista", "dokument.yaml", 1


def near_miss_key(ws):
    line = edit(kit(ws, "mal.yaml"), "målsättningar:", "målsätningar:")
    return build(kit(ws)), "okänt fält 'målsätningar'.*Menade du 'målsättningar'", "mal.yaml", line


def quote_not_closed_before_a_comment(ws):
    """The starter's commented example outcome taken in with its closing quote lost: YAML reads
    the next line (a comment with its own quotes) as part of the text and stops there, at a
    line the editor did not touch. The message names the line with the open quote."""
    line = edit(kit(ws, "mal.yaml"), '        # utfall: "87 %"', '        utfall: "87 %')
    return (
        build(kit(ws)),
        'texten inom citattecken \\("87 %\\) stängs inte på sin rad.*till rad \\d+.*Skriv ett " sist i texten',
        "mal.yaml",
        line,
    )


def quote_not_closed_before_a_value(ws):
    """A title whose closing quote is lost, followed by a quoted value: YAML stops at the next line."""
    path = kit(ws, "dokument.yaml")
    title = re.search(r'titel: "([^"]*)"', path.read_text(encoding="utf-8"))
    line = edit(path, title.group(0), title.group(0)[:-1])
    return build(kit(ws)), f'texten inom citattecken \\("{title.group(1)}\\) stängs inte', "dokument.yaml", line


def texts_file_emptied(ws):
    """Älmhult's text.yaml emptied (all its text cut to be pasted elsewhere): the template's
    {{p text.redaktion|md }} has nothing to show, and the message says that the sources have no
    text at all, not an empty list of the fields there are ('Fälten på text: .')."""
    folder = ws / "sources" / "almhults-kommun" / "budget-och-verksamhetsplan-2015"
    (folder / "text.yaml").write_text("", encoding="utf-8")
    return (
        build(folder),
        "mallen använder 'redaktion' på text, men källorna har inget sådant fält.*Källorna har inga fält på text\\.",
        "templates/almhults-kommun/plan.docx",
        None,
    )


def comma_in_unquoted_text(ws):
    """A row's text with a comma inside { … } written without quotes, as in Älmhult's key figures
    ("Låneskuld, mkr"): the comma splits the text, and the schema saw only an unknown field 'mkr'."""
    folder = ws / "sources" / "sjobo-kommun" / "budget-2025"
    quoted = '{text: "Vuxenutbildning, arbetsmarknad och integration",'
    line = edit(folder / "budget.yaml", quoted, quoted.replace('"', ""))
    return (
        build(folder),
        "'arbetsmarknad och integration' står utan kolon inom \\{ … \\}.*delades vid kommatecknet.*"
        'Skriv texten inom citattecken: text: "Vuxenutbildning, arbetsmarknad och integration"',
        "budget.yaml",
        line,
    )


def section_indented_under_another(ws):
    """A plan's decision written under dokument: (the editor indented it as the lines above)."""
    path = kit(ws, "dokument.yaml")
    text = path.read_text(encoding="utf-8")
    line = text.count("\n") + 1 + (0 if text.endswith("\n") else 1)
    path.write_text(
        text
        + '  beslut:\n    inledning: "Kommunstyrelsen beslutar att:"\n    att_satser:\n      - fastställa planen.\n',
        encoding="utf-8",
    )
    return build(kit(ws)), "okänt fält 'beslut' i dokument.*eget avsnitt: skriv det utan indrag", "dokument.yaml", line


def section_line_deleted(ws):
    """The line 'dokument:' deleted: its fields stand at the file's top level. One message at
    the first of them names the missing line, not one unknown field each (and a missing
    'dokument' said at the folder)."""
    line = edit(kit(ws, "dokument.yaml"), "dokument:\n", "")
    return (
        build(kit(ws)),
        "^fel: [^\n]*dokument.yaml, rad \\d+: fälten 'titel', 'organisation', .* hör till avsnittet 'dokument', som saknas"
        ".*Skriv raden 'dokument:' \\(utan indrag\\) ovanför 'titel:'[^\n]*\nInget dokument skrevs",
        "dokument.yaml",
        line,
    )


def case_line_deleted(ws):
    """A tjänsteskrivelse's line 'ärende:' deleted: its fields joined 'beslut' above it."""
    folder = ws / "sources" / "katrineholms-kommun" / "ks-intern-kontroll-2017"
    line = edit(folder / "arende.yaml", "ärende:\n", "")
    return (
        build(folder),
        "^fel: [^\n]*arende.yaml, rad \\d+: fälten 'rubrik', 'dnr', .* hör till avsnittet 'ärende', som saknas: de står under"
        " 'beslut:'.*Skriv raden 'ärende:' \\(utan indrag\\) ovanför 'rubrik:'[^\n]*\nInget dokument skrevs",
        "arende.yaml",
        line,
    )


def undefined_alias(ws):
    line = edit(kit(ws, "dokument.yaml"), '  organisation: "Testby kommun"', "  organisation: *org")
    return build(kit(ws)), "en hänvisning \\(\\*namn\\) pekar på något som inte finns", "dokument.yaml", line


def hard_space_indent(ws):
    line = edit(kit(ws, "dokument.yaml"), "  titel:", "\u00a0\u00a0titel:")
    return build(kit(ws)), "indragen med hårda mellanslag \\(U\\+00A0\\)", "dokument.yaml", line


def hard_space_in_key(ws):
    line = edit(kit(ws, "dokument.yaml"), "  titel:", "  titel\u00a0:")
    return (
        build(kit(ws)),
        "Namnet innehåller ett hårt mellanslag \\(U\\+00A0\\).*Menade du 'titel'",
        "dokument.yaml",
        line,
    )


def saved_with_txt(ws):
    kit(ws, "internkontroll.yaml").rename(kit(ws, "internkontroll.yaml.txt"))
    return (
        build(kit(ws)),
        "filen läses inte.*Byt namn på filen till 'internkontroll.yaml'",
        "internkontroll.yaml.txt",
        None,
    )


def upper_case_suffix(ws):
    kit(ws, "mal.yaml").rename(kit(ws, "MAL.YAML"))
    return build(kit(ws)), "filen läses inte.*Byt namn på filen till 'MAL.yaml'", "MAL.YAML", None


def not_utf8(ws):
    path = kit(ws, "dokument.yaml")
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252", "replace"))
    return build(kit(ws)), "inte sparad som UTF-8", "dokument.yaml", None


def same_id_twice(ws):
    goal = "  - id: mal-1\n    nummer: 2\n    namn: Ett andra mål\n    text: Text.\n"
    path = kit(ws, "mal.yaml")
    text = path.read_text(encoding="utf-8")
    at = text.index("\n# Hur uppdragen")
    path.write_text(text[:at] + "\n" + goal + text[at:], encoding="utf-8")
    line = text[:at].count("\n") + 2
    return build(kit(ws)), "id 'mal-1' används redan .*mal.yaml, rad 7", "mal.yaml", line


def section_in_two_files(ws):
    path = kit(ws, "budget.yaml")
    path.write_text(path.read_text(encoding="utf-8") + "\nuppdragsserier:\n  - id: x\n    prefix: X\n")
    return build(kit(ws)), "'uppdragsserier' finns redan i", "mal.yaml", None


def missing_reference(ws):
    line = edit(kit(ws, "mal.yaml"), "        serie: uppdrag", "        serie: uppdrg")
    return build(kit(ws)), "serien 'uppdrg' finns inte.*Menade du 'uppdrag'", "mal.yaml", line


def prose(ws, sentence: str) -> int:
    """Put `sentence` first in the starter kit's first text block; its line."""
    path = kit(ws, "avsnitt.yaml")
    text = path.read_text(encoding="utf-8")
    at = text.index("      - text: |\n") + len("      - text: |\n")
    path.write_text(text[:at] + f"          {sentence}\n\n" + text[at:], encoding="utf-8")
    return text[:at].count("\n") + 1


def prose_brace_missing(ws):
    line = prose(ws, "Summan är {{ dokument.år }.")
    return build(kit(ws)), "trasigt uttryck .*tecknet '}' står på fel plats", "avsnitt.yaml", line


def prose_filter_typo(ws):
    line = prose(ws, "År {{ dokument.år|tall }}.")
    return build(kit(ws)), "filtret 'tall' finns inte", "avsnitt.yaml", line


def prose_division_by_zero(ws):
    line = prose(ws, "Kvoten är {{ dokument.år / 0 }}.")
    return build(kit(ws)), "kan inte räknas ut \\(division med noll\\)", "avsnitt.yaml", line


def prose_endif_alone(ws):
    line = prose(ws, "Året {% endif %}.")
    return build(kit(ws)), "{% endif %} står utan något {% if %} före", "avsnitt.yaml", line


FOLLOW_UP = Path("testby-kommun") / "upp-2026"  # `docgen new uppfoljning` of KIT (fixture `base`)


def follows_itself(ws):
    path = ws / "sources" / FOLLOW_UP / "uppfoljning.yaml"
    line = edit(path, 'följer_upp: "testby-kommun/vp-2026"', 'följer_upp: "testby-kommun/upp-2026"')
    return build(path.parent), "uppföljningen följer upp sig själv", "uppfoljning.yaml", line


def follows_with_sources_prefix(ws):
    path = ws / "sources" / FOLLOW_UP / "uppfoljning.yaml"
    line = edit(path, 'följer_upp: "testby-kommun/vp-2026"', 'följer_upp: "sources/testby-kommun/vp-2026"')
    return build(path.parent), "utan 'sources/': 'testby-kommun/vp-2026'", "uppfoljning.yaml", line


def follows_a_misspelt_plan(ws):
    path = ws / "sources" / FOLLOW_UP / "uppfoljning.yaml"
    line = edit(path, 'följer_upp: "testby-kommun/vp-2026"', 'följer_upp: "testby-kommun/vp-2062"')
    return build(path.parent), "Menade du 'testby-kommun/vp-2026'", "uppfoljning.yaml", line


def month_13_period(ws):
    path = ws / "sources" / FOLLOW_UP / "uppfoljning.yaml"
    text = path.read_text(encoding="utf-8")
    found = re.search(r'  period: "[^"\n]*"', text)
    path.write_text(text.replace(found.group(0), '  period: "2025-13"'), encoding="utf-8")
    line = text[: found.start()].count("\n") + 1
    return build(path.parent), "'2025-13' är inte en månad", "uppfoljning.yaml", line


# ---------------------------------------------------------------- templates


def template_outside(ws):
    line = edit(kit(ws, "dokument.yaml"), '"testby-kommun/verksamhetsplan.docx"', '"../../dokument.docx"')
    return build(kit(ws)), "mallen '../../dokument.docx' ligger inte under templates/", "dokument.yaml", line


def template_not_a_zip(ws):
    (ws / "templates" / KIT_TEMPLATE).write_text("Verksamhetsplan", encoding="utf-8")
    return build(kit(ws)), "filen är inte ett Word-dokument", "verksamhetsplan.docx", None


def template_saved_as_doc(ws):
    (ws / "templates" / KIT_TEMPLATE).with_suffix(".doc").write_bytes(OLE)
    edit(kit(ws, "dokument.yaml"), "verksamhetsplan.docx", "verksamhetsplan.doc")
    return build(kit(ws)), "Words gamla format \\(.doc\\)", "verksamhetsplan.doc", None


def template_saved_as_odt(ws):
    odf((ws / "templates" / KIT_TEMPLATE).with_suffix(".odt"), "text")
    edit(kit(ws, "dokument.yaml"), "verksamhetsplan.docx", "verksamhetsplan.odt")
    return build(kit(ws)), "LibreOffice-format.*'Word 2007–365 \\(.docx\\)'", "verksamhetsplan.odt", None


def template_cut_short(ws):
    path = ws / "templates" / KIT_TEMPLATE
    path.write_bytes(path.read_bytes()[:3000])
    return build(kit(ws)), "filen är trasig", "verksamhetsplan.docx", None


def _kit_edited(ws, old: str, new: str, expected: str):
    """A case of the kit's template edited as in Word (one text of its document.xml replaced):
    its build, the message expected and the template it names."""
    rezip(ws / "templates" / KIT_TEMPLATE, "word/document.xml", old, new)
    return build(kit(ws)), expected, "verksamhetsplan.docx", None


def template_field_typo(ws):
    return _kit_edited(ws, "{{ dokument.titel }}", "{{ dokument.titell }}", "mallen använder 'titell' på dokument")


def template_field_typo_under_md(ws):
    """A misspelt field given to |md was shown as nothing by the build (docgen check named it)."""
    expected = "mallen använder 'texx' på block, men källorna har inget sådant fält"
    return _kit_edited(ws, "{{p b.text|md }}", "{{p b.texx|md }}", expected)


def template_filter_typo(ws):
    expected = "filtret 'mdd', som inte finns \\(i texten «{{ b.text\\|mdd }}»\\).*Menade du 'md'"
    return _kit_edited(ws, "{{p b.text|md }}", "{{p b.text|mdd }}", expected)


def template_filter_typo_where_nothing_runs_it(ws):
    """A filter misspelt where no source of this year reaches it (the chapters' pictures, and the
    kit has none): jinja 3 raises only where a filter runs, so the build went through and the
    typo waited for the first picture; it is named at once, as where it runs."""
    expected = "filtret 'bil', som inte finns \\(i texten «{{ b.bild\\|bil }}»\\).*Menade du 'bild'"
    return _kit_edited(ws, "{{p b.bild|bild }}", "{{p b.bild|bil }}", expected)


def template_test_typo(ws):
    """'is defind' for 'is defined': it was jinja's English ('No test named …') inside the message."""
    expected = "mallen frågar 'is defind', men testet 'defind' finns inte.*Menade du 'is defined'"
    return _kit_edited(ws, "{%p elif b.bild %}", "{%p elif b.bild is defind %}", expected)


def template_unclosed_if(ws):
    expected = "{% if %} saknar sitt {% endif %} före {% endfor %}"
    return _kit_edited(ws, "<w:t>{%p endif %}</w:t>", "<w:t></w:t>", expected)


def template_endif_without_if(ws):
    expected = "{% endif %} står utan något {% if %} före"
    return _kit_edited(ws, "{{ dokument.titel }}", "{{ dokument.titel }}{% endif %}", expected)


def template_brace_missing(ws):
    expected = "mallens tagg «{{ dokument.titel }» slutar inte i sitt stycke.*Skriv taggens slut, «}}»"
    return _kit_edited(ws, "{{ dokument.titel }}", "{{ dokument.titel }", expected)


def template_saved_as_dotx(ws):
    path = (ws / "templates" / KIT_TEMPLATE).with_suffix(".dotx")
    shutil.copy(ws / "templates" / KIT_TEMPLATE, path)
    main_part = "wordprocessingml.document.main+xml"
    rezip(path, "[Content_Types].xml", main_part, "wordprocessingml.template.main+xml")
    edit(kit(ws, "dokument.yaml"), "verksamhetsplan.docx", "verksamhetsplan.dotx")
    return (
        build(kit(ws)),
        "sparad som Word-mall .*spara den som Word-dokument \\(.docx\\)",
        "verksamhetsplan.dotx",
        None,
    )


def template_number_filter_on_text(ws):
    expected = "«{{ dokument.titel\\|tal }}»: filtret 'tal' visar ett tal, men fick 'Verksamhetsplan 2026'"
    return _kit_edited(ws, "{{ dokument.titel }}", "{{ dokument.titel|tal }}", expected)


def template_date_filter_on_year(ws):
    expected = "filtret 'datum' visar ett datum, men fick 2026"
    return _kit_edited(ws, "{{ dokument.titel }}", "{{ dokument.år|datum }}", expected)


def template_adds_text_to_number(ws):
    expected = "'\\+' går inte att använda mellan tal och text"
    return _kit_edited(ws, "{{ dokument.titel }}", "{{ dokument.år + dokument.titel }}", expected)


# ---------------------------------------------------------------- Excel and CSV


def workbook_renamed_sheet(ws):
    import openpyxl

    path = ws / "sources" / EXCEL / "budget-2026.xlsx"
    rezip(path, "xl/workbook.xml", 'name="Drift"', 'name="Driftbudget"')
    assert "Driftbudget" in openpyxl.load_workbook(path, read_only=True).sheetnames
    return build(ws / "sources" / EXCEL), "bladet 'Drift' finns inte.*Bladen heter: Driftbudget", "budget.yaml", 64


def workbook_cached_error(ws):
    path = ws / "sources" / EXCEL / "budget-2026.xlsx"
    cell = '<c r="B3" s="3" t="n"><v>-2189.6</v></c>'
    rezip(path, "xl/worksheets/sheet1.xml", cell, '<c r="B3" t="e"><f>1/0</f><v>#DIV/0!</v></c>')
    return build(ws / "sources" / EXCEL), "cellen visar felet #DIV/0!", "budget-2026.xlsx, blad Drift, cell B3", None


def workbook_lock_file(ws):
    folder = ws / "sources" / EXCEL
    (folder / "~$budget-2026.xlsx").write_bytes(b"\x05Anna" + b"\0" * 160)
    edit(folder / "budget.yaml", "fil: budget-2026.xlsx", "fil: ~$budget-2026.xlsx")
    return build(folder), "en låsfil som Excel skapar", "~$budget-2026.xlsx", None


def workbook_saved_as_xls(ws):
    folder = ws / "sources" / EXCEL
    (folder / "budget-2026.xls").write_bytes(OLE)
    edit(folder / "budget.yaml", "fil: budget-2026.xlsx", "fil: budget-2026.xls")
    return build(folder), "Excels gamla format \\(.xls\\)", "budget-2026.xls", None


def workbook_saved_as_ods(ws):
    folder = ws / "sources" / EXCEL
    odf(folder / "budget-2026.ods", "spreadsheet")
    edit(folder / "budget.yaml", "fil: budget-2026.xlsx", "fil: budget-2026.ods")
    return build(folder), "LibreOffice-format.*'Excel 2007–365 \\(.xlsx\\)'", "budget-2026.ods", None


def workbook_empty(ws):
    (ws / "sources" / EXCEL / "budget-2026.xlsx").write_bytes(b"")
    return build(ws / "sources" / EXCEL), "filen är tom \\(0 byte\\)", "budget-2026.xlsx", None


def workbook_total_row_renamed(ws):
    folder = ws / "sources" / EXCEL
    line = edit(folder / "budget.yaml", "totalrad: Summa", "totalrad: Totalt")
    return build(folder), "ingen rad med texten 'Totalt' \\(totalrad\\) i kolumn A", "budget.yaml", line - 5


def workbook_range_above_total(ws):
    folder = ws / "sources" / EXCEL
    line = edit(folder / "budget.yaml", "område: A1:E8", "område: A1:E6")
    return build(folder), "området A1:E6 .* ingen rad med texten 'Summa'", "budget.yaml", line - 3


def outcomes(ws, name: str, data: bytes):
    folder = ws / "sources" / STATUS
    edit(folder / "uppfoljning.yaml", "  utfall_ur_planen: true\n", f"  utfall_fil: {name}\n")
    (folder / name).write_bytes(data)
    return folder


def outcome_comma_separated_decimal_comma(ws):
    folder = outcomes(ws, "utfall.csv", "styrtal,period,värde\nms1/3 a,senast kända värde,66,5\n".encode())
    return build(folder), "delar ett decimalkomma talet", "utfall.csv", 2


def outcome_percent_sign(ws):
    """'12 %' is 12 percent (as Excel writes a percentage to CSV); a column enhet saying another
    unit contradicts it."""
    data = "styrtal;period;värde;enhet\nms1/3 a;senast kända värde;12 %;dagar\n"
    folder = outcomes(ws, "utfall.csv", data.encode())
    return build(folder), r"värdet står i procent \(12 %\), men enheten är 'dagar'", "utfall.csv", 2


def outcome_after_excels_sep_line(ws):
    data = "sep=;\nstyrtal;period;värde\nms1/3 a;senast kända värde;tolv\n"
    folder = outcomes(ws, "utfall.csv", data.encode())
    return build(folder), "värdet ska vara ett tal, men är 'tolv'", "utfall.csv", 3


def outcome_is_a_pdf(ws):
    folder = outcomes(ws, "utfall.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    return build(folder), "filen är en PDF, inte en CSV-fil eller Excel-arbetsbok", "utfall.pdf", None


def outcome_saved_as_ods(ws):
    folder = outcomes(ws, "utfall.ods", b"")
    odf(folder / "utfall.ods", "spreadsheet")
    return build(folder), "LibreOffice-format", "utfall.ods", None


def outcome_sheet(ws, rows: list, percent_cell: str | None = None):
    from openpyxl import Workbook

    folder = outcomes(ws, "utfall.xlsx", b"")
    book = Workbook()
    sheet = book.active
    sheet.title = "Utfall"
    for row in [["styrtal", "period", "värde"], *rows]:
        sheet.append(row)
    if percent_cell:
        sheet[percent_cell].number_format = "0.0%"
    return folder, sheet, book


def outcome_cached_error(ws):
    folder, _sheet, book = outcome_sheet(ws, [["ms1/3 a", "senast kända värde", 1]])
    book.save(folder / "utfall.xlsx")
    cell = '<c r="C2" t="n"><v>1</v></c>'
    rezip(folder / "utfall.xlsx", "xl/worksheets/sheet1.xml", cell, '<c r="C2" t="e"><f>1/0</f><v>#DIV/0!</v></c>')
    return build(folder), "cellen C2 visar felet #DIV/0! i Excel", "utfall.xlsx", 2


def outcome_merged_period(ws):
    folder, sheet, book = outcome_sheet(ws, [["ms1/3 a", "senast kända värde", 66.5], ["ms1/3 b", None, 5]])
    sheet.merge_cells("B2:B3")
    book.save(folder / "utfall.xlsx")
    return build(folder), "perioden är tom .*sammanfogade celler", "utfall.xlsx", 3


# ---------------------------------------------------------------- command line


def folder_misspelt(ws):
    return build(kit(ws).with_name("vp-2062")), "mappen finns inte. Menade du .*vp-2026", "vp-2062", None


def folder_without_path(ws):
    return ["build", "vp-2026"], "mappen finns inte. Menade du .*testby-kommun/vp-2026", "vp-2026", None


def file_for_folder(ws):
    return build(kit(ws, "dokument.yaml")), "är en fil, inte en dokumentmapp", "dokument.yaml", None


def output_into_sources(ws):
    args = ["--ut", ws / "sources" / "ut", "build", kit(ws)]
    return args, "--ut .* ligger i källmappen", "sources/ut", None


def port_out_of_range(ws):
    return ["serve", "--port", "99999"], "--port 99999 är ingen port", "--port", None


def unknown_flag(ws):
    return ["build", "--slutligt", kit(ws)], "okända argument: --slutligt", "--slutligt", None


MISTAKES = [
    tab_indent,
    bad_indent,
    duplicate_key,
    number_with_space,
    decimal_comma_in_list,
    percent_as_number,
    month_13,
    date_in_words,
    empty_document_file,
    list_for_mapping,
    near_miss_key,
    comma_in_unquoted_text,
    quote_not_closed_before_a_comment,
    quote_not_closed_before_a_value,
    texts_file_emptied,
    section_indented_under_another,
    section_line_deleted,
    case_line_deleted,
    undefined_alias,
    hard_space_indent,
    saved_with_txt,
    upper_case_suffix,
    hard_space_in_key,
    not_utf8,
    same_id_twice,
    section_in_two_files,
    missing_reference,
    prose_brace_missing,
    prose_filter_typo,
    prose_division_by_zero,
    prose_endif_alone,
    follows_itself,
    follows_with_sources_prefix,
    follows_a_misspelt_plan,
    month_13_period,
    template_outside,
    template_not_a_zip,
    template_saved_as_doc,
    template_saved_as_odt,
    template_cut_short,
    template_field_typo,
    template_field_typo_under_md,
    template_filter_typo,
    template_filter_typo_where_nothing_runs_it,
    template_test_typo,
    template_unclosed_if,
    template_endif_without_if,
    template_brace_missing,
    template_saved_as_dotx,
    template_number_filter_on_text,
    template_date_filter_on_year,
    template_adds_text_to_number,
    workbook_renamed_sheet,
    workbook_cached_error,
    workbook_lock_file,
    workbook_saved_as_xls,
    workbook_saved_as_ods,
    workbook_empty,
    workbook_total_row_renamed,
    workbook_range_above_total,
    outcome_comma_separated_decimal_comma,
    outcome_percent_sign,
    outcome_saved_as_ods,
    outcome_after_excels_sep_line,
    outcome_is_a_pdf,
    outcome_cached_error,
    outcome_merged_period,
    folder_misspelt,
    folder_without_path,
    file_for_folder,
    output_into_sources,
    port_out_of_range,
    unknown_flag,
]


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.__name__ for m in MISTAKES])
def test_a_mistake_is_one_swedish_message_and_changes_nothing(ws, mistake):
    args, expected, file, line = mistake(ws)
    err = refused(ws, args, expected, file, line)
    if args[0] == "build" and args[1:2] != ["--slutligt"]:
        assert "nget dokument skrevs" in err, err


def test_the_same_mistake_through_the_installed_command(ws):
    """Once through a separate process (the console script's path), as an editor runs it."""
    import subprocess
    import sys

    line = edit(kit(ws, "dokument.yaml"), "  organisation:", "\torganisation:")
    before = digest(ws / "sources")
    command = [sys.executable, "-m", "docgen.cli", "--kallor", ws / "sources", "--mallar", ws / "templates"]
    result = subprocess.run(
        [*map(str, command), "--ut", str(ws / "build"), "build", str(kit(ws))], capture_output=True, text=True
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert f"dokument.yaml, rad {line}: YAML-fel: raden börjar med en tabb" in result.stderr
    assert digest(ws / "sources") == before and list((ws / "build").iterdir()) == []


# ---------------------------------------------------------------- not mistakes: these build


def built(ws: Path, folder: Path) -> bytes:
    status, out, err = run(ws, "build", "--tvinga", folder)
    assert status == 0, err + out
    return next((ws / "build").rglob("*.docx")).read_bytes()


@pytest.mark.parametrize(
    "change",
    [
        lambda data: b"\xef\xbb\xbf" + data,  # a BOM (Notepad)
        lambda data: data.replace(b"\n", b"\r\n"),  # Windows line endings
    ],
    ids=["bom", "crlf"],
)
def test_what_windows_editors_save_builds_the_same_document(ws, change):
    plain = built(ws, kit(ws))
    for path in kit(ws).glob("*.yaml"):
        path.write_bytes(change(path.read_bytes()))
    shutil.rmtree(ws / "build")
    (ws / "build").mkdir()
    assert built(ws, kit(ws)) == plain


def test_a_tag_word_split_over_runs_and_lock_files_build(ws):
    from docx import Document

    template = ws / "templates" / KIT_TEMPLATE
    split = (
        '<w:r><w:t>{{ dokument.</w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:rPr><w:b/></w:rPr>'
        '<w:t>titel</w:t></w:r><w:proofErr w:type="spellEnd"/><w:r><w:t xml:space="preserve"> }}</w:t></w:r>'
    )
    rezip(template, "word/document.xml", "<w:r><w:t>{{ dokument.titel }}</w:t></w:r>", split)
    (template.parent / "~$rksamhetsplan.docx").write_bytes(b"\x05Anna" + b"\0" * 160)  # Word has it open
    (kit(ws) / "~$budget.xlsx").write_bytes(b"\x05Anna" + b"\0" * 160)
    (kit(ws) / ".~lock.budget.xlsx#").write_text("Anna,anna,dator,26.11.2026 10:00,file:///x;", encoding="utf-8")
    document = Document(__import__("io").BytesIO(built(ws, kit(ws))))
    assert document.paragraphs[0].text == "Verksamhetsplan 2026"


@pytest.mark.parametrize(
    "name, data",
    [
        ("utfall.txt", "styrtal\tperiod\tvärde\nms1/3 a\tsenast kända värde\t66,5\n".encode("utf-16")),
        ("utfall.csv", "sep=;\nstyrtal;period;värde\nms1/3 a;senast kända värde;66,5\n".encode("cp1252")),
    ],
    ids=["unicode-text", "sep-line"],
)
def test_excel_text_exports_are_read(ws, name, data):
    """Excel's 'Unicode-text (*.txt)' (UTF-16 with a byte order mark, tab separated), and a CSV
    whose first line names its separator (sep=;), as Excel writes and reads it."""
    folder = outcomes(ws, name, data)
    from docx import Document

    document = Document(__import__("io").BytesIO(built(ws, folder)))
    row = next(r for t in document.tables[1:] for r in t.rows if r.cells[0].text.startswith("3 a. Operation"))
    assert row.cells[1].text == "66,5\u00a0%"


def test_a_percentage_in_excel_is_read_as_excel_shows_it(ws):
    """0,665 formatted as a percentage is 66,5 % in Excel, and in the document."""
    folder, _sheet, book = outcome_sheet(ws, [["ms1/3 a", "senast kända värde", 0.665]], percent_cell="C2")
    book.save(folder / "utfall.xlsx")
    from docx import Document

    document = Document(__import__("io").BytesIO(built(ws, folder)))
    row = next(r for t in document.tables[1:] for r in t.rows if r.cells[0].text.startswith("3 a. Operation"))
    assert row.cells[1].text == "66,5\u00a0%"


def test_keys_typed_decomposed_are_the_keys(ws):
    """'å' as 'a' + a combining ring (some Mac editors, text copied from web pages) is the same key."""
    import unicodedata

    plain = built(ws, kit(ws))
    path = kit(ws, "mal.yaml")
    path.write_text(unicodedata.normalize("NFD", path.read_text(encoding="utf-8")), encoding="utf-8")
    assert "målsättningar:" not in path.read_text(encoding="utf-8")
    shutil.rmtree(ws / "build")
    (ws / "build").mkdir()
    assert built(ws, kit(ws)) == plain


def test_a_percentage_in_a_budget_workbook_is_read_as_excel_shows_it(ws):
    """A budget cell holding 0,0523 formatted as a percentage is 5,23, as in Excel: in a table
    of percentages it stands so; in a table of mnkr a column of them is refused at its first cell,
    with the ways out (it was shown among the millions without its per cent sign)."""
    from openpyxl import load_workbook

    folder = ws / "sources" / EXCEL
    book = load_workbook(folder / "budget-2026.xlsx")
    sheet = book["Drift"]
    for row in range(3, 8):
        sheet.cell(row, 3).value = round(sheet.cell(row, 3).value / 100, 6)
        sheet.cell(row, 3).number_format = "0.0%"
    sheet["C8"].number_format = "0.0%"
    sheet["C8"] = round(sum(sheet.cell(row, 3).value for row in range(3, 8)), 6)
    for column in "BDE":
        sheet[f"{column}8"] = round(sum(sheet[f"{column}{row}"].value for row in range(3, 8)), 6)
    book.save(folder / "budget-2026.xlsx")
    refused(
        ws,
        ["build", folder],
        r"cell C3: tabellen 'driftbudget': kolumn C visar procent på varje rad, i en tabell med enheten mnkr: "
        r"en kolumn i procent kan inte stå bland tabellens belopp\. Är kolumnens tal belopp, ge cellerna ett "
        r"talformat utan procent.*'andelskolumner'.*'värdekolumner: \[B, D, E\]' under 'från_excel'",
        "budget-2026.xlsx, blad Drift",
    )
    budget = folder / "budget.yaml"
    text = budget.read_text(encoding="utf-8")
    start = text.index("  driftbudget:")
    budget.write_text(text[:start] + text[start:].replace("enhet: mnkr", "enhet: procent", 1), encoding="utf-8")
    from docx import Document

    document = Document(__import__("io").BytesIO(built(ws, folder)))
    row = next(r for t in document.tables for r in t.rows if r.cells[0].text == "Område psykiatri")
    assert [c.text for c in row.cells[1:]] == ["\u2212989,5", "\u2212930,0", "\u2212930,6", "\u2212873,8"]


# ---------------------------------------------------------------- random edits


def _random_edit(text: str, rng) -> str:
    """One slip of the keyboard in a YAML source: a line deleted, doubled, indented or dedented,
    its colon or list dash lost, a number written the Swedish way, the file cut short, or a
    stray character at a line's end."""
    lines = text.split("\n")
    i = rng.randrange(len(lines))
    kind = rng.randrange(9)
    if kind == 0:
        del lines[i]
    elif kind == 1:
        lines.insert(i, lines[i])
    elif kind == 2:
        lines[i] = "  " + lines[i]
    elif kind == 3:
        lines[i] = lines[i].removeprefix("  ")
    elif kind == 4:
        lines[i] = lines[i].replace(": ", " ", 1)
    elif kind == 5:
        lines[i] = re.sub(r"\d+(\.\d+)?", "1 234,5", lines[i], count=1)
    elif kind == 6:
        lines[i] = lines[i].replace("- ", "", 1)
    elif kind == 7:
        return text[: rng.randrange(len(text))]
    else:
        lines[i] += " " + rng.choice(["[", "{", '"', "'", "*x", "&a", "|", ">", "%", "@", "`", "!x", "\t"])
    return "\n".join(lines)


def test_random_slips_in_the_sources_never_escape(base, tmp_path):
    """40 seeded random edits across every document's sources: each builds, or stops with exit
    status 2 and Swedish messages naming a file, without a traceback, with sources/ unchanged
    and build/ unchanged when it stops."""
    import random

    rng = random.Random(2026)
    files = sorted(p for p in (base / "sources").rglob("*.yaml") if p.name != "benämningar.yaml")
    for n in range(40):
        ws = tmp_path / f"ws{n}"
        shutil.copytree(base, ws)
        path = ws / rng.choice(files).relative_to(base)
        path.write_text(_random_edit(path.read_text(encoding="utf-8"), rng), encoding="utf-8")
        sources, built_before = digest(ws / "sources"), digest(ws / "build")
        status, out, err = run(ws, "build", path.parent)
        case = f"{path.relative_to(ws)} ({n}): {err or out}"
        assert status in (0, 2) and "Traceback" not in err and "internt fel" not in err, case
        assert digest(ws / "sources") == sources, case
        if status == 2:
            assert err.startswith("fel: ") and not ENGLISH.search(err), case
            assert re.search(r"\.(yaml|docx|xlsx|csv)\b", err), case
            assert digest(ws / "build") == built_before, case
        shutil.rmtree(ws)


def test_a_misspelt_required_key_is_one_message(ws):
    """'tittel:' for 'titel:' is one mistake: the unknown key says which field was meant, and
    that field is not reported missing as well (before: 'okänt fält' and 'fältet saknas')."""
    line = edit(kit(ws, "dokument.yaml"), "  titel:", "  tittel:")
    err = refused(ws, build(kit(ws)), "okänt fält 'tittel'.*Menade du 'titel'", "dokument.yaml", line)
    assert "saknas" not in err, err


@pytest.mark.parametrize(
    "tag, swedish",
    [
        ("{{ / x }}", "tecknet '/' står på fel plats i taggen"),
        ("{{ x / }}", "taggen slutar med }} mitt i ett uttryck (något saknas före }})"),
        ("{% if x = 1 %}a{% endif %}", "'=' står där %} ska stå (för att jämföra skriv ==)"),
        ("{{ x | }}", "'}}' står där ett namn ska stå"),
        ("{% for %}{% endfor %}", "ett uttryck (ett fältnamn eller ett värde) saknas före %}"),
        (
            "{% if x %}a{% endfor %}",
            "{% if %} saknar sitt {% endif %} före {% endfor %}",
        ),  # was: '{% endfor %} finns inte'
    ],
)
def test_a_broken_template_tag_is_said_in_swedish(tag, swedish):
    """Jinja's own message for a tag an editor broke in Word, as the build shows it: in Swedish,
    with the characters the editor typed (before: "Jinja säger: unexpected '/'")."""
    from jinja2 import Environment, TemplateSyntaxError

    from docgen.word.render import swedish_syntax_error

    with pytest.raises(TemplateSyntaxError) as raised:
        Environment().parse(tag)
    assert swedish_syntax_error(str(raised.value)) == swedish
