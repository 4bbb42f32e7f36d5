"""Budget tables read from an Excel workbook (`från_excel`): the same document as the tables
written in YAML, and every mistake in the workbook named by workbook, sheet and cell.

The workbook is made here with openpyxl, laid out as a controller keeps a budget: headings
(a merged heading over two columns), group headings, sums as formulas, an empty row, a dash
for "no value", an Excel table with a totals row. openpyxl writes formulas without the values
Excel saves with them, so `_save` writes those values into the file the way Excel does
(each formula's result, computed in binary floating point as Excel computes it).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet.table import Table

from docgen.errors import DocgenError
from docgen.pipeline import build

from .test_errors import run_docgen, tree_digest
from .test_hostile import edit

VP = Path("region-orebro-lan") / "hsn-vp-2026"

RESULT_ROWS = [
    ("Verksamhetens intäkter", None),
    ("Avgifter", [235.7, 221.7, 228.6]),
    ("Såld vård", [868.0, 843.1, 889.9]),
    ("Övriga intäkter", [2451.7, 2448.4, 2433.5]),
    ("Summa intäkter", "sum"),
    (None, None),  # an empty row between the groups
    ("Verksamhetens kostnader", None),
    ("Personalkostnader", [-6975.0, -6662.6, -6649.7]),
    ("Köpt vård", [-470.0, -454.4, -465.3]),
    ("Hyrpersonal", [-135.7, -140.0, -115.7]),
    ("Läkemedel", [-1317.5, -1315.2, -1317.5]),
    ("Övriga kostnader", [-2909.1, -3207.6, -3059.2]),
    ("Avskrivningar, inventarier", [-194.5, -180.0, -189.7]),
    ("Avskrivningar, immateriella tillgångar", [-0.1, -0.1, -0.1]),
    ("Summa kostnader", "sum"),
    ("Verksamhetens nettokostnader", "subtotal"),
    ("Finansnetto", [-23.4, -21.3, -22.8]),
    ("Resultat *)", "total"),
]

DRIFT_ROWS = [
    ("Område nära vård", [-2189.6, -422.9, -2122.8, -413.2]),
    ("Område specialiserad vård", [-8019.4, -6942.0, -7717.8, -6641.3]),
    ("Område psykiatri", [-989.5, -930.0, -930.6, -873.8]),
    ("Område forskning och utbildning", [-568.9, -298.8, -534.3, -281.8]),
    ("Hälso- och sjukvårdsgemensamt", [-257.9, 123.8, -475.7, -57.9]),
]

INVEST_ROWS = [
    ("Immateriella anläggningstillgångar", [1.0, 0.5, 2.1]),
    ("Byggnadsinvesteringar", ["–", "–", "–"]),
    ("Medicinteknisk utrustning", [140.0, 150.0, 345.8]),
    ("It-utrustning", ["–", "–", "–"]),
    ("Övrig utrustning", [40.0, 16.0, 49.4]),
    ("Investeringsbidrag (konto 2322, minusbelopp)", [0.0, -0.5, 0.0]),
]


def _number(sheet, ref: str) -> float:
    value = sheet[ref].value
    return value if isinstance(value, (int, float)) else 0.0


def _sum_formula(sheet, cached: dict, ref: str, cells: list[str]) -> None:
    """A formula summing `cells`, and the value Excel would save with it (summed as doubles)."""
    sheet[ref] = "=" + "+".join(cells) if len(cells) < 3 else f"=SUM({cells[0]}:{cells[-1]})"
    value = 0.0
    for cell in cells:
        value += cached.get((sheet.title, cell), _number(sheet, cell))
    cached[(sheet.title, ref)] = value


def make_budget_workbook(path: Path, cache_values: bool = True) -> None:
    book = Workbook()
    cached: dict = {}
    result = book.active
    result.title = "Resultat"
    result["A1"] = "Resultatbudget hälso- och sjukvård"
    result.append([])
    result.append(["Belopp i mnkr", "Budget 2026", "Prognos 2025", "Budget 2025"])
    first, sums = None, []
    for text, values in RESULT_ROWS:
        result.append([text] + (values if isinstance(values, list) else []))
        row = result.max_row
        if isinstance(values, list) and first is None:
            first = row
        if values == "sum":
            for col in "BCD":
                _sum_formula(result, cached, f"{col}{row}", [f"{col}{r}" for r in range(first, row)])
            sums.append(row)
            first = None
        elif values == "subtotal":
            for col in "BCD":
                _sum_formula(result, cached, f"{col}{row}", [f"{col}{r}" for r in sums])
            subtotal = row
        elif values == "total":
            for col in "BCD":
                _sum_formula(result, cached, f"{col}{row}", [f"{col}{subtotal}", f"{col}{row - 1}"])
    drift = book.create_sheet("Drift")
    drift.append(["Belopp i mnkr", "Budget 2026", None, "Prognos 2025", None])
    drift.append([None, "Omsättning", "Varav budgetram", "Omsättning", "Varav budgetram"])
    drift.merge_cells("B1:C1")  # a heading over two columns, as budget sheets have
    drift.merge_cells("D1:E1")
    drift.merge_cells("A1:A2")
    for text, values in DRIFT_ROWS:
        drift.append([text] + values)
    drift.append(["Summa"])
    for col in "BCDE":
        _sum_formula(drift, cached, f"{col}8", [f"{col}{r}" for r in range(3, 8)])
    invest = book.create_sheet("Investering")
    invest.append(["Belopp i mnkr", "Budget 2026", "Prognos 2025", "Budget 2025"])
    for text, values in INVEST_ROWS:
        invest.append([text] + values)
    invest.append(["Summa"])
    for col in "BCD":
        _sum_formula(invest, cached, f"{col}8", [f"{col}{r}" for r in range(2, 8)])
    invest.add_table(Table(displayName="Investeringar", ref="A1:D8", totalsRowCount=1))
    book.save(path)
    if cache_values:
        _write_cached_values(path, book, cached)


def _write_cached_values(path: Path, book, cached: dict) -> None:
    """Put each formula's value into the saved file, as Excel does (openpyxl leaves <v> empty)."""
    sheets = {name: f"xl/worksheets/sheet{n}.xml" for n, name in enumerate(book.sheetnames, 1)}
    with zipfile.ZipFile(path) as archive:
        parts = {info: archive.read(info.filename) for info in archive.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts.items():
            for (sheet, ref), value in cached.items():
                if sheets[sheet] == info.filename:
                    pattern = rf'(<c r="{ref}"[^>]*><f>[^<]*</f>)<v\s*/?>(</v>)?'
                    data, count = re.subn(pattern.encode(), rb"\1<v>" + repr(value).encode() + b"</v>", data)
                    assert count == 1, (sheet, ref)
            archive.writestr(info, data)


EXCEL_TABLES = """tabeller:
  nyckeltal:
    rubrik: Ekonomiska nyckeltal hälso- och sjukvård
    enhet: procent
    decimaler: 1
    första_kolumn: Procent
    kolumner: [Budget 2026, Prognos 2025, Budget 2025]
    summor: false
    grupper:
      - rader:
          - text: Lönekostnadsökningstakt
            värden: [3.4, 5.4, 3.5]
          - text: Läkemedelskostnadsutveckling
            värden: [3.1, 1.2, -0.7]

  resultatbudget:
    rubrik: Resultatbudget hälso- och sjukvård
    enhet: mnkr
    decimaler: 1
    från_excel:
      fil: budget-2026.xlsx
      blad: Resultat
      område: A3:D22
      delsummor: [Verksamhetens nettokostnader]
      totalrad: Resultat *)
    fotnot: "*) Resultat budget 2026 ska överensstämma med nämndens budgetram från regionfullmäktige"

  driftbudget:
    rubrik: Driftbudget hälso- och sjukvård
    enhet: mnkr
    decimaler: 1
    från_excel: {fil: budget-2026.xlsx, blad: Drift, område: A1:E8, rubrikrader: 2, totalrad: Summa}

  investeringsbudget:
    rubrik: Investeringsbudget
    enhet: mnkr
    decimaler: 1
    från_excel: {fil: budget-2026.xlsx, tabell: Investeringar}
"""


def _excel_variant(workspace) -> Path:
    folder = workspace.sources / VP
    make_budget_workbook(folder / "budget-2026.xlsx")
    (folder / "budget.yaml").write_text(EXCEL_TABLES, encoding="utf-8")
    return folder


def _document_xml(docx: Path) -> bytes:
    with zipfile.ZipFile(docx) as archive:
        return archive.read("word/document.xml")


def test_budget_tables_from_a_workbook_give_the_same_document_as_yaml(workspace, tmp_path):
    from docgen.pipeline import Project

    from_yaml = build(workspace.sources / VP, Project(workspace.sources, workspace.templates, tmp_path / "yaml"))
    folder = _excel_variant(workspace)
    book = load_workbook(folder / "budget-2026.xlsx", data_only=True)
    assert book["Resultat"]["B8"].value == pytest.approx(3555.4)  # the cached value is there, as Excel saves it
    assert load_workbook(folder / "budget-2026.xlsx")["Resultat"]["B8"].value == "=SUM(B5:B7)"
    before = tree_digest(workspace.sources)
    from_excel = build(folder, workspace)
    assert _document_xml(from_excel) == _document_xml(from_yaml)
    assert tree_digest(workspace.sources) == before  # the sources, workbook included, are only read


def _fails(workspace, folder: Path) -> str:
    before = tree_digest(workspace.sources)
    result = run_docgen(workspace, "build", str(folder))
    assert result.returncode == 2, result.stderr + result.stdout
    assert "Traceback" not in result.stderr
    assert list(workspace.build.rglob("*.docx")) == []
    assert tree_digest(workspace.sources) == before
    return result.stderr


def _rewrite_sheet(path: Path, sheet: str, change) -> None:
    """Rewrite one sheet's XML with `change`, keeping every other part (and every saved value)."""
    with zipfile.ZipFile(path) as archive:
        parts = {info: archive.read(info.filename) for info in archive.infolist()}
    index = load_workbook(path, read_only=True).sheetnames.index(sheet) + 1
    name = f"xl/worksheets/sheet{index}.xml"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts.items():
            archive.writestr(info, change(data) if info.filename == name else data)


def _change_cell(path: Path, sheet: str, ref: str, value) -> None:
    """Change one cell, keeping every other cell's saved value (as an editor saving in Excel)."""
    cell = (
        f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'
        if isinstance(value, str)
        else f'<c r="{ref}" t="n"><v>{value}</v></c>'
    )

    def change(data: bytes) -> bytes:
        data, count = re.subn(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)'.encode(), cell.encode(), data)
        assert count == 1
        return data

    _rewrite_sheet(path, sheet, change)


@pytest.mark.parametrize(
    "document, book, sheet, cell, text, expected",
    [
        (
            None,
            "budget-2026.xlsx",
            "Resultat",
            "C14",
            "ca 1 300",
            r"budget-2026\.xlsx, blad Resultat, cell C14: tabellen 'resultatbudget': cellen innehåller "
            r"texten 'ca 1 300' där ett tal ska stå\.",
        ),
        # a figure pasted or typed as text (Excel's green triangle) was "cellen innehåller texten
        # '100' där ett tal ska stå. Skriv ett tal", for a cell that shows a number (Köping)
        (
            Path("kopings-kommun") / "ks-budget-2025",
            "budget-2025.xlsx",
            "Investeringar",
            "C6",
            "100",
            r"budget-2025\.xlsx, blad Investeringar, cell C6: tabellen 'investeringar': cellen innehåller talet "
            r"100 sparat som text \(Excel visar en grön triangel i cellens hörn\).*Konvertera till tal",
        ),
    ],
)
def test_text_where_a_number_belongs_names_workbook_sheet_and_cell(
    workspace, document, book, sheet, cell, text, expected
):
    folder = workspace.sources / document if document else _excel_variant(workspace)
    _change_cell(folder / book, sheet, cell, text)
    message = _fails(workspace, folder)
    assert re.search(expected, message), message
    assert ", rad " not in message


def test_a_sum_row_that_does_not_add_up_names_its_cell(workspace):
    folder = _excel_variant(workspace)
    _change_cell(folder / "budget-2026.xlsx", "Drift", "D8", -11781.0)  # a sum typed over its formula
    message = _fails(workspace, folder)
    assert re.search(
        r"budget-2026\.xlsx, blad Drift, cell D8: tabellen 'Driftbudget hälso- och sjukvård', raden "
        r"'Summa', kolumnen 'Omsättning': summan är −11\u00a0781,0 men delarna ger −11\u00a0781,2 \(skillnad 0,2\)\.",
        message,
    ), message


def test_a_workbook_saved_without_formula_values_is_refused(workspace):
    folder = workspace.sources / VP
    make_budget_workbook(folder / "budget-2026.xlsx", cache_values=False)
    (folder / "budget.yaml").write_text(EXCEL_TABLES, encoding="utf-8")
    message = _fails(workspace, folder)
    assert re.search(
        r"budget-2026\.xlsx, blad Resultat, cell B8: tabellen 'resultatbudget': formeln =SUM\(B5:B7\) "
        r"har inget sparat värde.*Öppna arbetsboken i Excel eller LibreOffice och spara den igen",
        message,
    )


def test_mistakes_in_the_declaration_name_the_yaml_line(workspace):
    folder = _excel_variant(workspace)
    text = (folder / "budget.yaml").read_text(encoding="utf-8")
    (folder / "budget.yaml").write_text(
        text.replace("blad: Drift", "blad: Driftt").replace("tabell: Investeringar", "tabell: Investering"),
        encoding="utf-8",
    )
    message = _fails(workspace, folder)
    line = (
        EXCEL_TABLES.splitlines().index(
            "    från_excel: {fil: budget-2026.xlsx, blad: Drift, område: A1:E8, rubrikrader: 2, totalrad: Summa}"
        )
        + 1
    )
    assert f"budget.yaml, rad {line}: från_excel: bladet 'Driftt' finns inte i budget-2026.xlsx." in message
    assert "Bladen heter: Resultat, Drift, Investering." in message
    assert (
        "har ingen tabell eller namngivet område som heter 'Investering'. Namn i arbetsboken: Investeringar." in message
    )


def test_a_file_that_unpacks_to_too_much_is_not_opened(workspace):
    from docgen.sources.workbook import check_archive

    folder = _excel_variant(workspace)
    bomb = folder / "budget-2026.xlsx"
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/fyllnad.bin", b"\0" * (20 * 1024 * 1024))
    assert "packas upp till" in check_archive(bomb)
    message = _fails(workspace, folder)
    assert "budget-2026.xlsx: delen xl/media/fyllnad.bin packas upp till" in message


def test_outside_the_folder_is_refused(workspace):
    folder = _excel_variant(workspace)
    text = (folder / "budget.yaml").read_text(encoding="utf-8")
    (folder / "budget.yaml").write_text(
        text.replace("{fil: budget-2026.xlsx, tabell", "{fil: ../budget-2026.xlsx, tabell"), encoding="utf-8"
    )
    assert "ligger utanför dokumentets mapp" in _fails(workspace, folder)


def test_load_with_excel_raises_docgen_errors_only(workspace):
    folder = _excel_variant(workspace)
    (folder / "budget-2026.xlsx").write_bytes(b"inte en arbetsbok")
    with pytest.raises(DocgenError, match="är inte en Excel-arbetsbok"):
        build(folder, workspace)


def test_range_bounds_used_by_the_test_workbook():
    assert range_boundaries("A3:D22") == (1, 3, 4, 22)


def test_workbooks_in_the_sources_are_saved_with_their_formula_values():
    """A workbook committed to sources/ is saved as Excel saves it: every formula with its value."""
    from docgen.pipeline import ROOT

    checked = 0
    for path in sorted((ROOT / "sources").rglob("*.xlsx")):
        formulas, values = load_workbook(path), load_workbook(path, data_only=True)
        for sheet in formulas.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str) and cell.value.startswith("="):
                        assert values[sheet.title][cell.coordinate].value is not None, (path, cell.coordinate)
                        checked += 1
    assert checked >= 4  # hsn-vp-2026/budget-2026.xlsx: the driftbudget's sum row


def test_new_year_keeps_the_workbook_and_marks_the_table_to_update(workspace):
    from docgen.commands.newyear import new_year

    summary = new_year("region-orebro-lan", 2026, 2027, workspace)
    assert any("(ur budget-2026.xlsx)" in t for t in summary.tables)
    text = (workspace.sources / "region-orebro-lan" / "hsn-vp-2027" / "budget.yaml").read_text(encoding="utf-8")
    assert (
        '    att_uppdatera: "Raderna läses ur budget-2026.xlsx, arbetsboken för 2026: lägg nästa års arbetsbok i '
        "mappen och ange den under 'från_excel'.\"\n    från_excel:\n      fil: budget-2026.xlsx\n"
    ) in text
    built = build(workspace.sources / "region-orebro-lan" / "hsn-vp-2027", workspace)
    from docgen.word.readback import document_text

    assert "[ATT UPPDATERA: Raderna läses ur budget-2026.xlsx" in document_text(built)


def test_a_defined_name_reads_the_same_rows_as_its_range(workspace):
    """`tabell:` also finds a defined name (Formler > Namnhanteraren), not only an Excel table."""
    from openpyxl.workbook.defined_name import DefinedName

    from docgen.pipeline import load_validated

    folder = _excel_variant(workspace)
    path = folder / "budget-2026.xlsx"
    book = load_workbook(path)
    book.defined_names["Driftbudget"] = DefinedName("Driftbudget", attr_text="Drift!$A$1:$E$8")
    values = load_workbook(path, data_only=True)
    cached = {("Drift", f"{c}8"): values["Drift"][f"{c}8"].value for c in "BCDE"}
    cached.update(
        {
            ("Resultat", cell.coordinate): values["Resultat"][cell.coordinate].value
            for row in book["Resultat"].iter_rows()
            for cell in row
            if isinstance(cell.value, str) and cell.value.startswith("=")
        }
    )
    cached.update({("Investering", f"{c}8"): values["Investering"][f"{c}8"].value for c in "BCD"})
    book.save(path)
    _write_cached_values(path, book, cached)
    _raw, by_range = load_validated(folder, workspace)
    text = (folder / "budget.yaml").read_text(encoding="utf-8")
    (folder / "budget.yaml").write_text(
        text.replace("blad: Drift, område: A1:E8", "tabell: Driftbudget"), encoding="utf-8"
    )
    _raw, by_name = load_validated(folder, workspace)
    rows = [
        [(r.text, r.values) for g in t.groups for r in g.rows] + [t.total.values]
        for t in (by_range.tables["driftbudget"], by_name.tables["driftbudget"])
    ]
    assert rows[0] == rows[1] and len(rows[0]) == 6
    assert by_name.tables["driftbudget"].columns == ["Omsättning", "Varav budgetram", "Omsättning", "Varav budgetram"]


def test_reading_a_workbook_does_not_import_numpy():
    """openpyxl imports numpy, when installed, only for writing numpy numbers: docgen reads
    workbooks without it (a tenth of a second of every build with a workbook)."""
    import subprocess
    import sys

    from docgen.pipeline import ROOT

    probe = (
        "import sys; from pathlib import Path; from docgen.sources.load import load_document_sources; "
        f"load_document_sources(Path({str(ROOT / 'sources' / VP)!r})); "
        "print('openpyxl' in sys.modules, 'numpy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "False"]


# Lunds kommun, Ekonomi- och verksamhetsplan 2023–2025, resultatbudget in miljoner kronor, as
# published (https://lund.se/rapporter/ekonomi--och-verksamhetsplan/ekonomisk-beskrivning/resultatbudget):
# rounded figures, so some printed sums differ by 1 from their printed parts; the last row is a
# percentage (Excel format 0.0%). Laid out as a controller's sheet: a title row, an empty row,
# two heading rows with merged cells, a "Not" column.
LUND_ROWS = [
    ("Verksamhetens intäkter", None, [1868, 1929, 1913, 1959, 2006]),
    ("Verksamhetens kostnader", None, [-8490, -8992, -9518, -9932, -10296]),
    ("Avskrivningar", None, [-439, -415, -409, -416, -410]),
    ("Jämförelsestörande poster", None, [56, 0, 0, 0, 0]),
    ("Verksamhetens nettokostnad", None, [-7005, -7479, -8014, -8389, -8700]),
    ("Skatteintäkter", None, [6363, 6526, 7003, 7319, 7621]),
    ("Generella statsbidrag och utjämning", 1, [1009, 954, 980, 1038, 1086]),
    ("Verksamhetens resultat", None, [367, 2, -31, -32, 8]),
    ("Finansiella intäkter", 2, [189, 206, 171, 178, 185]),
    ("Finansiella kostnader", 3, [-33, -59, -164, -144, -172]),
    ("Finansiella jämförelsestörande poster", None, [75, 0, 0, 0, 0]),
    ("Resultat före extraordinära poster", None, [598, 150, -23, 2, 21]),
    ("Årets resultat", None, [598, 150, -23, 2, 21]),
]
LUND_PERCENT = ("Årets resultat i procent av skatteintäkter, generella statsbidrag och utjämning", None)


def make_lund_workbook(path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Resultat"
    sheet["A1"] = "Resultatbudget i miljoner kronor"
    sheet.merge_cells("A1:G1")
    sheet["C3"], sheet["E3"], sheet["F3"] = "Bokslut", "Budget", "Plan"
    sheet.merge_cells("C3:D3")
    sheet.merge_cells("F3:G3")
    sheet.append(["Fördelning av resultatbudget", "Not", 2021, 2022, 2023, 2024, 2025])
    for text, note, values in LUND_ROWS:
        sheet.append([text, note, *values])
        for cell in sheet[sheet.max_row][2:]:
            cell.number_format = "#,##0;-#,##0"
    sheet.append([*LUND_PERCENT, 0.081, 0.020, -0.003, 0.0, 0.002])
    for cell in sheet[sheet.max_row][2:]:
        cell.number_format = "0.0%"
    book.save(path)


LUND_TABLE = """    från_excel:
      fil: lund.xlsx
      blad: Resultat
      område: {area}
      rubrikrader: 2
      värdekolumner: [C, D, E, F, G]
      delsummor: [Verksamhetens nettokostnad, Verksamhetens resultat, Resultat före extraordinära poster]
{total}"""


def _lund_variant(
    workspace, area="A3:G17", total="      totalrad: Årets resultat\n", extra="", table=LUND_TABLE
) -> Path:
    folder = _excel_variant(workspace)
    make_lund_workbook(folder / "lund.xlsx")
    text = EXCEL_TABLES.replace("    decimaler: 1\n    från_excel:\n      fil: budget-2026.xlsx\n", "")
    start = EXCEL_TABLES.index("  resultatbudget:")
    end = EXCEL_TABLES.index("    fotnot:", start)
    block = (
        "  resultatbudget:\n    rubrik: Resultatbudget (mnkr)\n    enhet: mnkr\n    decimaler: 0\n"
        + extra
        + table.format(area=area, total=total)
    )
    text = EXCEL_TABLES[:start] + block + EXCEL_TABLES[end:]
    (folder / "budget.yaml").write_text(text, encoding="utf-8")
    return folder


def test_a_percentage_in_a_table_of_amounts_names_its_cell(workspace):
    """Excel shows 0,081 formatted 0.0% as 8,1 %: in an mnkr table it was shown as '8' among the
    millions, silently. It is refused, naming the cell and what to do."""
    folder = _lund_variant(workspace, area="A3:G18", total="", extra="    tolerans: 1\n")
    message = _fails(workspace, folder)
    assert re.search(
        r"lund\.xlsx, blad Resultat, cell C18: tabellen 'resultatbudget': cellen visar en procentsats "
        r"\(8,1\u00a0%\) i en tabell med enheten mnkr; .*Låt 'område' sluta ovanför raden",
        message,
    ), message


def test_a_row_after_the_total_row_says_where_the_range_should_end(workspace):
    folder = _lund_variant(workspace, area="A3:G18", extra="    tolerans: 1\n")
    message = _fails(workspace, folder)
    assert re.search(
        r"lund\.xlsx, blad Resultat, cell A18: tabellen 'resultatbudget': raden 'Årets resultat i procent .*' "
        r"står efter tabellens summarad \(rad 17\)\. .*låt 'område' sluta på rad 17\.",
        message,
    ), message


def test_rounded_published_sums_name_the_cell_and_tolerans(workspace):
    """Figures copied from a printed table do not add up to the last unit: the message names the
    workbook's cell, says to fix it there (not 'utelämna värden', which is for YAML), and names
    `tolerans`; with `tolerans: 1` the table stands as published."""
    folder = _lund_variant(workspace)
    message = _fails(workspace, folder)
    assert re.search(
        r"lund\.xlsx, blad Resultat, cell D9: tabellen 'Resultatbudget \(mnkr\)', raden 'Verksamhetens "
        r"nettokostnad', kolumnen '2022': summan är −7\u00a0479 men delarna ger −7\u00a0478\. Rätta cellen eller "
        r"delarna i arbetsboken .* ange 'tolerans: 1' i tabellen",
        message,
    ), message
    assert "utelämna 'värden'" not in message
    assert "cell E16" in message and "cell G12" in message  # every cell that does not add up

    _lund_variant(workspace, extra="    tolerans: 1\n")
    from docx import Document

    built = build(folder, workspace)
    rows = next(
        [[c.text for c in r.cells] for r in t.rows]
        for t in Document(str(built)).tables
        if t.rows[0].cells[0].text == "Fördelning av resultatbudget"
    )
    assert rows[1][1:] == ["2021", "2022", "2023", "2024", "2025"]
    assert [
        "Verksamhetens nettokostnad",
        "−7\u00a0005",
        "−7\u00a0479",
        "−8\u00a0014",
        "−8\u00a0389",
        "−8\u00a0700",
    ] in rows
    assert rows[-1] == ["Årets resultat", "598", "150", "−23", "2", "21"]


@pytest.mark.parametrize(
    "heading, expected",
    [
        ("Not", r"cell B4: tabellen 'resultatbudget': kolumnen 'Not' har notnummer, inte belopp"),
        (None, r"cell B4: tabellen 'resultatbudget': kolumnen har ingen rubrik i arbetsboken\."),
    ],
    ids=["not", "no-heading"],
)
def test_a_column_that_is_no_amount_names_the_value_columns_to_write(workspace, heading, expected):
    """Lund's Not column, read as one of the amounts when 'värdekolumner' is not given: the
    message names the header cell and the 'värdekolumner' that leave it out."""
    folder = _lund_variant(workspace, table=LUND_TABLE.replace("      värdekolumner: [C, D, E, F, G]\n", ""))
    if heading is None:
        book = load_workbook(folder / "lund.xlsx")
        book["Resultat"]["B4"] = None
        book.save(folder / "lund.xlsx")
    message = _fails(workspace, folder)
    assert re.search(expected, message), message
    assert "'värdekolumner: [C, D, E, F, G]' under 'från_excel'" in message, message


# ---------------------------------------------------------------- a controller's own workbook (Tidaholm)

TIDAHOLM = Path("tidaholms-kommun") / "strategisk-plan-2025"


def _tidaholm(workspace, old: str = "", new: str = "") -> Path:
    """Tidaholm's plan, its budget.yaml edited as an editor would (one text replaced)."""
    folder = workspace.sources / TIDAHOLM
    if old:
        budget = folder / "budget.yaml"
        text = budget.read_text(encoding="utf-8")
        assert old in text
        budget.write_text(text.replace(old, new), encoding="utf-8")
    return folder


def _table_rows(docx: Path, first: str) -> list[list[str]]:
    from docx import Document

    table = next(t for t in Document(str(docx)).tables if t.rows[0].cells[0].text == first)
    return [[c.text for c in r.cells] for r in table.rows]


def test_a_sum_row_named_totalt_is_the_tables_sum_and_is_checked(workspace):
    """A controller's sum row says "Totalt", not "Summa". Without `totalrad` it was read as a sixth
    nämnd: the shares were counted against twice the total (20 %, and "Totalt 50 %"), silently.
    The area's last row "Totalt" is the table's sum, checked against its parts."""
    folder = _tidaholm(workspace)  # its budget.yaml has no 'totalrad'
    rows = _table_rows(build(folder, workspace), "Nämnd")
    assert rows[2] == ["Barn- och utbildningsnämnden", "429,2", "39\u00a0%"]
    assert rows[-1] == ["Totalt", "1\u00a0086,6", "100\u00a0%"]
    for docx in workspace.build.rglob("*.docx"):
        docx.unlink()
    _change_cell(folder / "budget-2022.xlsx", "Kostnad per nämnd", "B11", 1068.6)  # a total typed over its formula
    message = _fails(workspace, folder)
    assert re.search(
        r"budget-2022\.xlsx, blad Kostnad per nämnd, cell B11: .*raden 'Totalt'.*summan är 1\u00a0068,6", message
    ), message


def test_a_sum_off_in_decimals_the_table_hides_shows_the_decimals_that_differ(workspace):
    """A controller's amounts carry decimals the number format hides (429,24 shown as 429,2) and a
    total typed over its formula: the message said "summan är 1 086,6 men delarna ger 1 086,6",
    two equal figures, nothing to look for. It shows the decimals where they differ and says why."""
    folder = _tidaholm(workspace)
    book = folder / "budget-2022.xlsx"
    _change_cell(book, "Kostnad per nämnd", "B6", 429.24)
    _change_cell(book, "Kostnad per nämnd", "B11", 1086.6)  # typed over =SUM(B6:B10)
    message = _fails(workspace, folder)
    assert re.search(
        r"cell B11: .*raden 'Totalt', kolumnen 'Kostnad, mnkr': summan är 1\u00a0086,60 men delarna ger "
        r"1\u00a0086,64: cellerna i arbetsboken har fler decimaler än de 1 som tabellen visar \('decimaler: 1'\)",
        message,
    ), message


def test_a_sum_row_under_another_name_is_refused_with_its_cell(workspace):
    """A sum row the workbook names after the kommun is the sum of the rows above it: read as a row
    among them it would count every amount twice. Refused with the cell and the `totalrad` to write."""
    folder = _tidaholm(workspace)
    _change_cell(folder / "budget-2022.xlsx", "Kostnad per nämnd", "A11", "Tidaholms kommun")
    message = _fails(workspace, folder)
    assert re.search(
        r"budget-2022\.xlsx, blad Kostnad per nämnd, cell A11: tabellen 'kostnader': raden 'Tidaholms kommun' är "
        r"summan av raderna ovanför, men läses som en rad bland dem.*Skriv 'totalrad: Tidaholms kommun' under "
        r"'från_excel'",
        message,
    ), message


def test_a_share_column_in_percent_names_andel(workspace):
    """The controller's Andel column (=B6/B$11 as 0 %) is each row's share of the total: the message
    says to leave it out and write `andel`, which docgen computes from the amounts."""
    folder = _tidaholm(workspace, "      värdekolumner: [B]\n")
    message = _fails(workspace, folder)
    assert re.search(
        r"cell C6: tabellen 'kostnader': kolumn C visar procent på varje rad.*är den varje rads andel av tabellens "
        r"summa, lämna den utanför med 'värdekolumner: \[B\]' under 'från_excel' och skriv 'andel: \{rubrik: "
        r"\"Andel\"\}' i tabellen",
        message,
    ), message


@pytest.mark.parametrize(
    "old, new, expected",
    [
        # The area written from A1 takes the sheet's title as the column headings; the message said
        # "cell B2: kolumnen har ingen rubrik" (and to write one there). It says where the headings are.
        (
            "område: A4:C11",
            "område: A1:C11",
            r"cell A1: tabellen 'kostnader': området börjar på rad 1 med 'Tidaholms kommun – nämndernas kostnader "
            r"2022', som är bladets titel och inte kolumnrubrikerna: rubrikerna står på rad 4–5\. Låt 'område' börja "
            r"vid kolumnrubrikerna, på rad 4 \('område: A4:C11'\), med 'rubrikrader: 2'",
        ),
        # Without `rubrikrader: 2` the lower heading row ("Kostnad, mnkr") was "raden har tal men ingen
        # text", though it has no figure: the message says it looks like headings and names the key.
        (
            "      rubrikrader: 2\n",
            "",
            r"cell A5: tabellen 'kostnader': raden har text i sifferkolumnerna \('Kostnad, mnkr'\) men ingen i "
            r"textkolumnen: den ser ut som en rad av kolumnrubriker.*skriv 'rubrikrader: 2' under 'från_excel'",
        ),
        # An area a row too low (a row above the table deleted, the area left as it was) read the first
        # amounts as column headings: "kolumnen '-2189.6': summan är …", one such line per column.
        (
            "område: A4:C11",
            "område: A5:C11",
            r"budget-2022\.xlsx, blad Kostnad per nämnd, cell B6: tabellen 'kostnader': cellen står på en "
            r"rubrikrad \(rad 6, 'rubrikrader: 2'\) men innehåller beloppet 429,2, inte en kolumnrubrik\. Låt "
            r"'område' börja vid kolumnrubrikerna",
        ),
        # A new nämnd inserted in Excel pushes "Totalt" one row down, out of the `område` written the
        # year before: the table was built without its sum row and its figures unchecked, silently.
        (
            "område: A4:C11",
            "område: A4:C10",
            r"budget-2022\.xlsx, blad Kostnad per nämnd, cell A11: tabellen 'kostnader': raden 'Totalt' står "
            r"direkt under området A4:C10 och ser ut som tabellens summarad, men området slutar ovanför den.*Låt "
            r"'område' räcka till rad 11 \('område: A4:C11'\)",
        ),
        # 'Budget-2022.xlsx' for budget-2022.xlsx (a shared drive that tells the cases apart): the
        # message names the workbooks that are in the document's folder.
        (
            "fil: budget-2022.xlsx",
            "fil: Budget-2022.xlsx",
            r"strategisk-plan-2025/Budget-2022\.xlsx: arbetsboken finns inte\. Lägg \.xlsx-filen i dokumentets mapp "
            r"och kontrollera filnamnet \(i mappen finns: budget-2022\.xlsx\)\.",
        ),
    ],
    ids=["title", "second-heading-row", "amount-on-heading-row", "sum-row-below", "workbook-name"],
)
def test_a_workbook_source_written_wrong_says_what_to_write(workspace, old, new, expected):
    folder = _tidaholm(workspace, old, new)
    message = _fails(workspace, folder)
    assert re.search(expected, message), message
    assert "ingen rubrik" not in message
    assert message.count("fel:") == 1


def test_a_dash_in_a_table_with_shares_is_a_row_without_amount_or_share(workspace):
    """A dash (no amount) in a table with `andel` was 'internt fel' (TypeError): the share of no
    amount. The row stands without amount and share; the total is checked against the rest."""
    folder = _tidaholm(workspace)
    book = folder / "budget-2022.xlsx"
    _change_cell(book, "Kostnad per nämnd", "B7", "–")
    message = _fails(workspace, folder)
    assert "internt fel" not in message
    assert re.search(
        r"cell B11: .*raden 'Totalt'.*summan är 1\u00a0086,6 men delarna ger 697,9 \(skillnad 388,7\)\. Raden "
        r"'Social- och omvårdnadsnämnden' \(cell B7\) är tom eller har ett streck i kolumnen",
        message,
    ), message
    _change_cell(book, "Kostnad per nämnd", "B11", 697.9)
    rows = _table_rows(build(folder, workspace), "Nämnd")
    assert rows[3] == ["Social- och omvårdnadsnämnden", "", ""]
    assert rows[2] == ["Barn- och utbildningsnämnden", "429,2", "61\u00a0%"]
    assert rows[-1] == ["Totalt", "697,9", "100\u00a0%"]


def test_a_marker_in_a_workbook_cell_is_an_amount_the_sources_lack(workspace):
    """'[[ATT UPPDATERA: …]]' where an amount is missing was refused in a workbook ("texten … där ett
    tal ska stå"), though the sum message tells the editor to write it in the cell and YAML takes it.
    It stands as in YAML (the total unchecked over it), and a final build names the cell."""
    folder = _tidaholm(workspace)
    _change_cell(folder / "budget-2022.xlsx", "Kostnad per nämnd", "B7", "[[ATT UPPDATERA: beloppet saknas]]")
    rows = _table_rows(build(folder, workspace), "Nämnd")
    assert rows[3] == ["Social- och omvårdnadsnämnden", "[ATT UPPDATERA: beloppet saknas]", ""]
    assert rows[-1] == ["Totalt", "1\u00a0086,6", "100\u00a0%"]
    for docx in workspace.build.rglob("*.docx"):
        docx.unlink()
    before = tree_digest(workspace.sources)
    result = run_docgen(workspace, "build", "--slutlig", str(folder))
    assert result.returncode == 2, result.stdout + result.stderr
    assert re.search(
        r"budget-2022\.xlsx, blad Kostnad per nämnd, cell B7: står kvar markerat: \[ATT UPPDATERA: beloppet saknas\]",
        result.stderr,
    ), result.stderr
    assert list(workspace.build.rglob("*.docx")) == []
    assert tree_digest(workspace.sources) == before


def test_a_varav_row_in_the_workbook_is_shown_and_not_summed(workspace):
    """A controller's "varav gymnasieskola" under the nämnd it belongs to: read as a row, it was
    summed with the others and the total refused ("delarna ger 1 207,1"), with no way to say in the
    workbook that it is a part. A row whose text begins with "varav" or "därav" is a `varav` row."""
    folder = _tidaholm(workspace, "område: A4:C11", "område: A4:C12")
    path = folder / "budget-2022.xlsx"
    book = load_workbook(path, data_only=True)  # the saved values: totals and shares typed as figures
    sheet = book["Kostnad per nämnd"]
    sheet.insert_rows(7)
    sheet["A7"], sheet["B7"] = "varav gymnasieskola", 120.5
    book.save(path)
    rows = _table_rows(build(folder, workspace), "Nämnd")
    assert rows[2:4] == [["Barn- och utbildningsnämnden", "429,2", "39\u00a0%"], ["varav gymnasieskola", "120,5", ""]]
    assert rows[-1] == ["Totalt", "1\u00a0086,6", "100\u00a0%"]


# ---------------------------------------------------------------- a controller's workbook (Norrköping)

NORRKOPING = Path("norrkopings-kommun") / "budget-2022"


def _norrkoping(workspace, old: str = "", new: str = "") -> Path:
    """Norrköping's tilläggsbudget, its budget.yaml edited once as an editor would."""
    folder = workspace.sources / NORRKOPING
    if old:
        edit(folder / "budget.yaml", old, new)
    return folder


def _hide_row(path: Path, sheet: str, row: int) -> None:
    """Hide one row, as Excel writes it (Format › Dölj rader), keeping every saved value."""

    def change(data: bytes) -> bytes:
        tag = re.search(rf'<row r="{row}"[^>]*>'.encode(), data).group(0)
        return data.replace(tag, re.sub(rb' hidden="[^"]*"', b"", tag).replace(b"<row ", b'<row hidden="1" '))

    _rewrite_sheet(path, sheet, change)


def test_norrkoping_tables_are_the_originals_and_the_hidden_column_is_not_read(workspace):
    """Every figure of the three tables as on pages 116–119 of the original. Column C (Konto) is
    hidden in the controller's workbook; it was read as a fifth column of amounts ("cell C7:
    summaraden saknar ett värde", for a column the controller never sees)."""
    docx = build(_norrkoping(workspace), workspace)
    assert _table_rows(docx, "Intäkter") == [
        ["Intäkter", "2022", "2023", "2024", "2025"],
        ["Skatteintäkter", "68,2", "99,7", "121,1", "131,4"],
        ["Kommunalekonomisk utjämning", "35,1", "48,6", "90,8", "91,0"],
        ["Förändringar jämfört med beslut om budget 21 juni", "103,3", "148,3", "211,9", "222,4"],
    ]
    assert _table_rows(docx, "Kostnader")[1:] == [
        ["Nämnder", "13,3", "16,7", "17,2", "15,5"],
        ["Finansiering av investeringar", "90,0", "49,0", "22,0", "0,6"],
        ["Förändringar jämfört med beslut om budget 21 juni", "103,3", "65,7", "39,2", "16,1"],
    ]
    shown = [["1\u00a0500"] * 5 + ["0"] * 3] * 2
    assert [r[1:] for r in _table_rows(docx, "Kommunfullmäktige")[2:]] == shown


def test_a_hidden_row_that_a_sum_counts_is_named(workspace):
    """A hidden row is not shown (as in Excel), but the sum row under it counts its amounts: the
    table's rows would not add up to the sum. Said with the hidden row, not as a wrong sum."""
    folder = _norrkoping(workspace)
    _hide_row(folder / "tillaggsbudget-2022.xlsx", "Förändringar TB", 6)
    message = _fails(workspace, folder)
    assert re.search(
        r"tillaggsbudget-2022\.xlsx, blad Förändringar TB, cell B6: tabellen 'intakter': rad 6 \('Kommunalekonomisk "
        r"utjämning'\) är dold i arbetsboken, men summaraden 'Förändringar jämfört med beslut om budget 21 juni' "
        r"räknar med dess belopp.*Visa rad 6 i Excel",
        message,
    ), message


def test_an_area_that_begins_at_the_row_numbers_names_the_text_column(workspace):
    """The area from column A (Nr.: "1.") took "1." as the rows' text and refused 'Skatteintäkter'
    as an amount ("Skriv ett tal"). It says the texts are in column B and what to write."""
    folder = _norrkoping(workspace, "område: B4:G7", "område: A4:G7")
    message = _fails(workspace, folder)
    assert re.search(
        r"blad Förändringar TB, cell A5: tabellen 'intakter': kolumn A har radernas nummer \('1\.'\), och radernas "
        r"text står i kolumn B\. Låt området börja i kolumn B \('område: B4:G7'\), eller skriv 'textkolumn: B' och "
        r"'värdekolumner: \[D, E, F, G\]'",
        message,
    ), message


def test_an_excel_reference_pasted_into_omrade(workspace):
    """'Förändringar TB'!$B$4:$G$7, copied from Excel: quoted, the sheet's name ended the YAML text
    and the file gave a message about indentation. Now the line says what the reference is and
    what to write; written without the apostrophes, the reference is read (its sheet is the sheet)."""
    lines = (workspace.sources / NORRKOPING / "budget.yaml").read_text(encoding="utf-8").splitlines()
    area_line = lines.index("      område: B4:G7") + 1
    folder = _norrkoping(workspace, "område: B4:G7", "område: 'Förändringar TB'!$B$4:$G$7")
    message = _fails(workspace, folder)
    assert re.search(
        rf"budget\.yaml, rad {area_line}: YAML-fel: 'område' har en Excel-referens med bladets namn inom apostrofer "
        r"\('Förändringar TB'!\$B\$4:\$G\$7\).*'område: B4:G7'.*'blad: Förändringar TB'",
        message,
    ), message
    edit(folder / "budget.yaml", "'Förändringar TB'!$B$4:$G$7", "Blad1!$B$4:$G$7")
    message = _fails(workspace, folder)
    assert (
        f"rad {area_line - 3}: från_excel: 'område' (Blad1!$B$4:$G$7) är på bladet 'Blad1', men 'blad' säger" in message
    )
    edit(folder / "budget.yaml", "Blad1!$B$4:$G$7", "\"'Förändringar TB'!$B$4:$G$7\"")
    assert _table_rows(build(folder, workspace), "Intäkter")[1][1] == "68,2"


def test_an_excel_reference_pasted_into_omrade_within_braces(workspace):
    """The same reference in a från_excel written on one line within braces got YAML's general
    message ("filen följer inte YAML:s regler här"). It gets the reference's own, and the
    sheet's place is within the braces, not on a line of its own."""
    written = (
        "      fil: tillaggsbudget-2022.xlsx\n      blad: Förändringar TB\n      område: B4:G7\n"
        "      totalrad: Förändringar jämfört med beslut om budget 21 juni\n"
    )
    folder = _norrkoping(workspace)
    lines = (folder / "budget.yaml").read_text(encoding="utf-8").splitlines()
    line = lines.index("      fil: tillaggsbudget-2022.xlsx")
    edit(folder / "budget.yaml", "    från_excel:\n" + written, "")  # intakter's, the first
    edit(
        folder / "budget.yaml",
        "    decimaler: 1\n  kostnader:",
        "    decimaler: 1\n    från_excel: {fil: tillaggsbudget-2022.xlsx, område: 'Förändringar TB'!$B$4:$G$7, "
        "totalrad: Förändringar jämfört med beslut om budget 21 juni}\n  kostnader:",
    )
    message = _fails(workspace, folder)
    assert re.search(
        rf"budget\.yaml, rad {line}: YAML-fel: 'område' har en Excel-referens med bladets namn inom apostrofer "
        r"\('Förändringar TB'!\$B\$4:\$G\$7\).*'område: B4:G7'.*'blad: Förändringar TB', inom klamrarna",
        message,
    ), message


def test_hidden_decimals_that_do_not_add_up_as_shown_get_the_rounding_note(workspace):
    """Amounts with decimals the workbook's number format hides (68,24 and 35,14 shown with one
    decimal) add up exactly to their sum (103,38), but the page showed 68,2 + 35,1 beside 103,4
    without a word. The table gets the rounding note, as a printed budget has it."""
    folder = _norrkoping(workspace)
    for ref, value in (("D5", 68.24), ("D6", 35.14), ("D7", 103.38)):
        _change_cell(folder / "tillaggsbudget-2022.xlsx", "Förändringar TB", ref, value)
    docx = build(folder, workspace)
    rows = _table_rows(docx, "Intäkter")
    assert [r[1] for r in rows[1:]] == ["68,2", "35,1", "103,4"]
    from docx import Document

    texts = [p.text for p in Document(str(docx)).paragraphs]
    assert texts[texts.index("Tabell 1. Intäkter (mnkr)") + 1] == "Summorna kan avvika på grund av avrundning."


def test_a_column_headed_over_both_heading_rows_stands_beside_the_groups(workspace):
    """A Totalt column whose heading is merged down over both heading rows (K3:K4) beside the years
    under their merged headings: refused as "cell K4: kolumnen har ingen rubrik". It is a column
    of its own, headed Totalt, with no group heading over it."""
    folder = _norrkoping(workspace, "område: B3:J6", "område: B3:K6")
    path = folder / "tillaggsbudget-2022.xlsx"
    book = load_workbook(path, data_only=True)  # the saved values, as Excel would keep them
    sheet = book["Nämnder"]
    sheet["K3"], sheet["K5"], sheet["K6"] = "Totalt", 6000, 6000
    sheet.merge_cells("K3:K4")
    book.save(path)
    rows = _table_rows(build(folder, workspace), "Kommunfullmäktige")
    assert rows[0][-1] == "" and rows[1][-1] == "Totalt"
    assert rows[2][-1] == "6\u00a0000"


# ---------------------------------------------------------------- a controller's workbook (Köping)

KOPING = Path("kopings-kommun") / "ks-budget-2025"


def test_koping_tables_are_the_originals_and_a_rate_table_is_not_a_sum(workspace):
    """Köping's budget 2025: every figure as the pages give it. The efficiency rates (1,5 % and
    1 %, beside 'Övriga förvaltningar' 2,5 %) were refused as a sum row in disguise ("raden
    'Övriga förvaltningar' är summan av raderna ovanför … Skriv 'totalrad: Övriga
    förvaltningar'"): rates of different nämnder are no parts of a sum."""
    docx = build(workspace.sources / KOPING, workspace)
    assert _table_rows(docx, "Nämnd/förvaltning") == [
        ["Nämnd/förvaltning", "Krav 2024", "Krav 2025"],
        ["Utbildningsnämnden", "1,5", "1,5"],
        ["Vård- och omsorgsnämnden", "1,0", "1,0"],
        ["Övriga förvaltningar", "2,5", "2,5"],
    ]
    assert _table_rows(docx, "Resultat")[1:] == [
        ["Underskott vid årsskiftet", "−47"],
        ["Prognos under våren 2024", "−144"],
    ]
    assert _table_rows(docx, "(mnkr)")[2:] == [
        ["Investeringsram", "[ATT UPPDATERA: investeringsramen 2024, finns inte i underlaget]", "200"],
        ["varav Nyckelbergsskolan och tillfälliga moduler", "", "100"],
    ]


def test_headings_on_two_rows_read_as_one_say_rubrikrader(workspace):
    """Köping's investments have "Budget" merged over 2024 and 2025, the years on the row under
    it. Without `rubrikrader: 2` the build said "cell C3: kolumnen har ingen rubrik i arbetsboken.
    Skriv rubriken i cellen" for the merged cell's second column. It says the headings stand on
    two rows and what to write."""
    folder = workspace.sources / KOPING
    edit(folder / "budget.yaml", "      rubrikrader: 2\n", "")
    message = _fails(workspace, folder)
    assert re.search(
        r"budget-2025\.xlsx, blad Investeringar, cell C3: tabellen 'investeringar': kolumnrubrikerna står på två "
        r"rader \(rad 3 och 4\): 'Budget' är sammanfogad över kolumnerna B–C, och kolumnernas egna rubriker står "
        r"på rad 4\. Skriv 'rubrikrader: 2' under 'från_excel'\.",
        message,
    ), message


BOLLEBYGD = Path("bollebygds-kommun") / "mal-och-budget-2018"


def test_bollebygd_budget_from_the_controllers_workbook(workspace):
    """Bollebygd's driftbudget 2018: the sheet's name has a space, the area is pasted as Excel
    shows it, the sum row is a formula; the amounts are the kommun's own."""
    docx = build(workspace.sources / BOLLEBYGD, workspace)
    assert _table_rows(docx, "Nämnd") == [
        ["Nämnd", "Budget 2018, mnkr"],
        ["Kommunstyrelsen", "56"],
        ["Bildnings- och omsorgsnämnden", "389"],
        ["Samhällsbyggnadsnämnden", "35"],
        ["Summa", "480"],
    ]


def test_a_column_of_comments_beside_the_amounts_is_named_with_the_way_out(workspace):
    """The controller's column Kommentar (what each frame covers) within the area was refused at
    its first cell as "cellen innehåller texten … där ett tal ska stå. Skriv ett tal", which is no
    way out. It names the column and the area or value columns that leave it out."""
    folder = workspace.sources / BOLLEBYGD
    edit(folder / "budget.yaml", "$A$3:$B$7", "$A$3:$C$7")
    message = _fails(workspace, folder)
    assert re.search(
        r"mal-och-budget-2018/driftbudget-2018\.xlsx, blad Driftbudget 2018, cell C4: tabellen 'budget': kolumn C "
        r"\('Kommentar'\) har text på varje rad, inga belopp, men läses som en av tabellens sifferkolumner\. Låt "
        r"området sluta före kolumn C \('område: A3:B7'\), eller ange vilka kolumner som är belopp: "
        r"'värdekolumner: \[B\]' under 'från_excel'\.",
        message,
    ), message
    assert "Skriv ett tal" not in message
    edit(folder / "budget.yaml", "$A$3:$C$7}", "$A$3:$C$7, värdekolumner: [B]}")
    assert _table_rows(build(folder, workspace), "Nämnd")[-1] == ["Summa", "480"]
