"""Region Kalmar län's delårsrapport januari–augusti 2025 (new-user walk, a controller's
follow-up): the outcomes' units as the controller's export gives them, never the target's."""

from __future__ import annotations

from docx import Document

from docgen.pipeline import build

from .test_hostile import edit, refused

PLAN = "region-kalmar-lan/regionplan-2025"
REPORT = "region-kalmar-lan/delarsrapport-2025-08"


def status_rows(path) -> dict[str, list[str]]:
    """The status table's rows by the indicator's number: [utfall, målvärde, status]."""
    table = next(t for t in Document(str(path)).tables if t.rows[0].cells[0].text == "Indikator")
    return {r.cells[0].text.split(".")[0]: [c.text for c in r.cells[1:]] for r in table.rows[1:]}


def with_targets_in_other_units(workspace):
    """The plan as a controller might first write it: the 1177 target ("inom nio minuter") on the
    share answered, and the vårdgaranti's 90 days as the share's target."""
    plan = workspace.sources / PLAN / "mal.yaml"
    edit(
        plan,
        'text: "Andel samtal till 1177 som besvaras inom nio minuter"\n',
        'text: "Andel samtal till 1177 som besvaras inom nio minuter"\n        målvärde: "högst 9 minuter"\n',
    )
    edit(
        plan,
        'inom vårdgarantins 90 dagar"\n      - nummer: "6"',
        'inom vårdgarantins 90 dagar"\n        målvärde: "90 dagar"\n        riktning: lågt\n      - nummer: "6"',
    )
    report = workspace.sources / REPORT / "uppfoljning.yaml"
    text = report.read_text(encoding="utf-8")
    start, end = text.index("  utfall:\n"), text.index("\nuppgifter:")
    report.write_text(text[:start] + "  utfall_fil: utfall.xlsx\n" + text[end:], encoding="utf-8")
    return report.parent


def test_a_percentage_cell_in_the_export_is_a_percentage_whatever_the_target(workspace):
    """Excel shows 0,52 as 52 %: docgen read the number (52) but gave it the target's unit, so
    '52 minuter' against 'högst 9 minuter' was Röd and '70 dagar' against '90 dagar' Grön, a
    status no source says. The cell's percent format is the outcome's unit: the status is
    Ingen uppgift, saying why, and an outcome without a target shows '90 %', not '90'."""
    from openpyxl import Workbook

    folder = with_targets_in_other_units(workspace)
    book = Workbook()
    sheet = book.active
    sheet.append(["styrtal", "period", "värde", "föregående"])
    for key, value, previous in (
        ("tillganglighet/1", 0.9, None),
        ("tillganglighet/3", 13, 7),
        ("tillganglighet/4", 0.52, 0.36),
        ("tillganglighet/5", 0.7, None),
    ):
        sheet.append([key, "januari–augusti 2025", value, previous])
        if value < 1:
            sheet.cell(row=sheet.max_row, column=3).number_format = "0%"
            sheet.cell(row=sheet.max_row, column=4).number_format = "0%"
    book.save(folder / "utfall.xlsx")
    rows = status_rows(build(folder, workspace))
    assert rows["1"] == ["90\u00a0%", "–", "Ingen uppgift"]
    assert rows["3"] == ["13\u00a0minuter", "högst\u00a09 minuter", "Röd"]
    assert rows["4"][0] == "52\u00a0%" and rows["4"][2] == "Ingen uppgift"
    assert rows["5"][0] == "70\u00a0%" and rows["5"][2] == "Ingen uppgift"


def test_a_percentage_written_with_its_sign_in_a_csv_export(workspace):
    """Excel writes a percentage to CSV as '52%': it was refused ('Skriv ett tal, t.ex. 82,5'),
    and the editor who did so lost the unit (52 minutes, Röd). Now '52%', '52 %' and '52 procent'
    are 52 percent; a sign that says another unit than the column enhet is refused at its row."""
    folder = with_targets_in_other_units(workspace)
    edit(folder / "uppfoljning.yaml", "utfall.xlsx", "utfall.csv")
    (folder / "utfall.csv").write_text(
        "styrtal;period;värde;föregående\n"
        "tillganglighet/4;januari–augusti 2025;52%;36 %\n"
        "tillganglighet/5;januari–augusti 2025;70 procent;\n",
        encoding="utf-8",
    )
    rows = status_rows(build(folder, workspace))
    assert rows["4"][0] == "52\u00a0%" and rows["4"][2] == "Ingen uppgift"
    assert rows["5"][0] == "70\u00a0%" and rows["5"][2] == "Ingen uppgift"
    (folder / "utfall.csv").write_text(
        "styrtal;period;värde;enhet\ntillganglighet/5;januari–augusti 2025;70 %;dagar\n", encoding="utf-8"
    )
    refused(
        workspace,
        ["build", folder],
        r"värdet står i procent \(70 %\), men enheten är 'dagar'\. Skriv värdet i enheten, eller enheten procent\.",
        "delarsrapport-2025-08/utfall.csv, rad 2",
    )


def test_the_delarsrapport_as_the_region_reports_it(tmp_path):
    from docgen.pipeline import ROOT, Project

    built = build(ROOT / "sources" / REPORT, Project(build=tmp_path))
    rows = status_rows(built)
    assert rows["3"] == ["13\u00a0minuter", "högst\u00a09 minuter", "Röd"]  # 13 > 9 and worse than 7
    assert all(rows[n][2] == "Ingen uppgift" for n in "12456")  # reported without a target
    economy = Document(str(built)).tables[-1]
    assert [c.text for c in economy.rows[1].cells] == ["Årets resultat", "363,9", "352,3", "−11,6"]
