"""Outcomes from Kolada and from controllers' exports: the same statuses from a Kolada API v3
response as from the same outcomes in CSV, every unknown KPI, period and value reported with
file and line, and `docgen kolada hämta` without a network.

The Kolada responses here are made for the tests, in the format of Kolada API v3's data
response (see docgen/sources/kolada.py); the KPI ids N90001… are invented for the tests and are not
Kolada's key figures.
"""

from __future__ import annotations

import io
import json
import re
import urllib.error
from pathlib import Path

import pytest
from docx import Document

from docgen.cli import main
from docgen.errors import DocgenError
from docgen.pipeline import build

from .test_errors import edit, run_docgen, tree_digest

PLAN = Path("region-orebro-lan") / "hsn-vp-2026"
STATUS = Path("region-orebro-lan") / "hsn-vp-2026-styrtalsstatus"

# styrtal (as written in the plan) -> (KPI id made for the test, gender the styrtal names)
KPIS = {
    '        utfall: "87 %"\n': ("N90001", None),  # ms1/2, target 90 %
    '            utfall: "56 %"\n': ("N90002", None),  # ms1/3 a, target 65 %
    '            utfall: "82 %"\n': ("N90003", None),  # ms1/3 c, target 90 %
    '        utfall: "89 %"\n': ("N90004", None),  # ms6/1, target 95 %
    '        utfall: "71 %"\n': ("N90005", "K"),  # ms7/2, target 76 %, women's value
}
# KPI -> {year: {gender: value}}: the outcomes of 2025 and the comparison values of 2024
VALUES = {
    "N90001": {2025: {"T": 91.2}},
    "N90002": {2025: {"T": 60}, 2024: {"T": 56}},
    "N90003": {2025: {"T": 80.5}, 2024: {"T": 82}},
    "N90004": {2025: {"T": None}},
    "N90005": {2025: {"T": 74, "K": 77.5, "M": 70.1}},
}
CSV = (
    "styrtal;period;värde;föregående\n"
    "ms1/2;2025;91,2;\n"
    "ms1/3 a;2025;60;56\n"
    "ms1/3 c;2025;80,5;82\n"
    "ms6/1;2025;;\n"
    "ms7/2;2025;77,5;\n"
)


def kolada_response(values: dict, municipality: str = "0018") -> dict:
    """A response in Kolada API v3's data format (made for the tests)."""
    entries = []
    for kpi, years in values.items():
        for year, genders in sorted(years.items()):
            entries.append(
                {
                    "kpi": kpi,
                    "municipality": municipality,
                    "period": year,
                    "values": [{"count": 1, "gender": g, "status": "", "value": v} for g, v in genders.items()],
                }
            )
    return {"count": len(entries), "values": entries}


def _prepare(workspace, outcome_file: str) -> Path:
    plan = workspace.sources / PLAN
    for written, (kpi, gender) in KPIS.items():
        indent = written[: len(written) - len(written.lstrip())]
        extra = f"{indent}kolada: {kpi}\n" + (f"{indent}kolada_kön: {gender}\n" if gender else "")
        edit(plan / "malsattningar.yaml", written, written + extra)
    edit(
        plan / "dokument.yaml",
        "  organisation: Region Örebro län\n",
        '  organisation: Region Örebro län\n  kolada_id: "0018"\n',
    )
    folder = workspace.sources / STATUS
    edit(
        folder / "uppfoljning.yaml",
        "  period: senast kända värde\n  utfall_ur_planen: true\n",
        f'  period: "2025"\n  utfall_fil: {outcome_file}\n',
    )
    return folder


def _status_rows(docx: Path) -> list[list[str]]:
    return [[c.text for c in row.cells] for table in Document(str(docx)).tables for row in table.rows]


def _row(rows, start: str) -> list[str]:
    return next(r for r in rows if r[0].startswith(start))


def test_kolada_outcomes_give_the_same_statuses_as_the_same_outcomes_in_csv(workspace, tmp_path):
    from docgen.pipeline import Project

    folder = _prepare(workspace, "kolada-2025.json")
    (folder / "kolada-2025.json").write_text(json.dumps(kolada_response(VALUES), indent=2), encoding="utf-8")
    from_kolada = _status_rows(build(folder, workspace))
    edit(folder / "uppfoljning.yaml", "utfall_fil: kolada-2025.json", "utfall_fil: utfall.csv")
    (folder / "utfall.csv").write_text(CSV, encoding="utf-8")
    from_csv = _status_rows(build(folder, Project(workspace.sources, workspace.templates, tmp_path / "csv")))
    assert from_kolada == from_csv
    assert _row(from_kolada, "2. ")[-1] == "Grön"  # 91,2 against ≥90 %
    assert _row(from_kolada, "3 a. ")[-1] == "Gul"  # 60 against 65 %, better than 56 the year before
    assert _row(from_kolada, "3 c. ")[-1] == "Röd"  # 80,5 against 90 %, worse than 82
    assert _row(from_kolada, "3 c. ")[2] == "90\u00a0%"  # the plan's target, untouched by the outcome file
    women = _row(from_kolada, "2. 1177 inloggade e-tjänster")  # ms7/2: the women's value, as the styrtal says
    assert women[1:] == ["77,5\u00a0%", "76\u00a0%", "Grön"]  # the total (74) would not have met the target
    assert _row(from_kolada, "1. Andel nationella")[-1] == "Ingen uppgift"  # Kolada's value is null


def test_kolada_file_mistakes_name_file_and_line(workspace):
    folder = _prepare(workspace, "kolada-2025.json")
    response = kolada_response({**VALUES, "N99999": {2025: {"T": 1}}})
    response["values"].append(
        {"kpi": "N90001", "municipality": "0000", "period": 2025, "values": [{"gender": "T", "value": 88}]}
    )
    response["values"].append(
        {"kpi": "N90002", "municipality": "0018", "period": 2019, "values": [{"gender": "T", "value": 50}]}
    )
    response["values"][0]["values"][0]["value"] = "91,2"
    response["values"] = [v for v in response["values"] if not (v["kpi"] == "N90005")] + [
        {"kpi": "N90005", "municipality": "0018", "period": 2025, "values": [{"gender": "T", "value": 74}]}
    ]
    text = json.dumps(response, indent=2)
    (folder / "kolada-2025.json").write_text(text, encoding="utf-8")
    lines = text.splitlines()
    before = tree_digest(workspace.sources)
    with pytest.raises(DocgenError) as failure:
        build(folder, workspace)
    message = str(failure.value)
    unknown = next(n for n, line in enumerate(lines, 1) if '"N99999"' in line)
    assert f"kolada-2025.json, rad {unknown}: nyckeltalet 'N99999' används inte av något styrtal i planen." in message
    other = next(n for n, line in enumerate(lines, 1) if '"0000"' in line)
    assert f"kolada-2025.json, rad {other}: värdet för N90001 gäller '0000', inte organisationen (0018)." in message
    old = next(n for n, line in enumerate(lines, 1) if "2019" in line)
    assert (
        f"kolada-2025.json, rad {old}: perioden 2019 för N90002 är varken uppföljningens år (2025) eller året före."
        in message
    )
    text_value = next(n for n, line in enumerate(lines, 1) if '"91,2"' in line)
    assert f"kolada-2025.json, rad {text_value}: värdet för N90001 2025 (totalt) är inget tal: '91,2'." in message
    assert "värdet för N90005 2025 saknas för kvinnor (K), som styrtalet ms7/2 anger." in message
    assert tree_digest(workspace.sources) == before
    assert list(workspace.build.rglob("*.docx")) == []


def test_an_outcome_file_never_changes_a_target_and_reports_its_rows(workspace):
    folder = _prepare(workspace, "utfall.csv")
    (folder / "utfall.csv").write_text("styrtal;period;värde;målvärde\nms1/2;2025;91;95\n", encoding="utf-8")
    with pytest.raises(DocgenError) as failure:
        build(folder, workspace)
    assert "utfall.csv, rad 1: kolumnen 'målvärde': en utfallsfil kan inte ändra planens målvärden." in str(
        failure.value
    )
    (folder / "utfall.csv").write_text("styrtal;period;värde\nms1/2;2025;91\n\nms1/2;2025;92\n", encoding="utf-8")
    with pytest.raises(DocgenError) as failure:
        build(folder, workspace)
    assert "utfall.csv, rad 4: styrtalet 'ms1/2' har redan ett utfall på rad 2." in str(failure.value)


def test_kolada_fetch_saves_the_response_and_the_build_reads_it(workspace, monkeypatch, capsys):
    folder = _prepare(workspace, "kolada-2025.json")
    first, second = kolada_response(dict(list(VALUES.items())[:2])), kolada_response(dict(list(VALUES.items())[2:]))
    first["next_url"] = "https://api.kolada.se/v3/data/kpi/N90001/municipality/0018/year/2024,2025?page=2"
    pages = {"N90001,N90002,N90003,N90004,N90005/municipality/0018/year/2024,2025": first, "page=2": second}
    asked = []

    def fake_urlopen(request, timeout):
        asked.append((request.full_url, timeout))
        body = next(page for tail, page in pages.items() if request.full_url.endswith(tail))
        return io.BytesIO(json.dumps(body).encode())

    monkeypatch.setattr("urllib.request.urlopen", fake_urlopen)
    assert (
        main(
            [
                "--kallor",
                str(workspace.sources),
                "--mallar",
                str(workspace.templates),
                "--ut",
                str(workspace.build),
                "kolada",
                "hämta",
                str(folder),
            ]
        )
        == 0
    )
    assert asked[0] == (
        "https://api.kolada.se/v3/data/kpi/N90001,N90002,N90003,N90004,N90005/municipality/0018/year/2024,2025",
        20,
    )
    saved = json.loads((folder / "kolada-2025.json").read_text(encoding="utf-8"))
    assert saved["count"] == 7 and {v["kpi"] for v in saved["values"]} == set(VALUES)
    assert "hämtat: 7 värden för 5 nyckeltal" in capsys.readouterr().out
    rows = _status_rows(build(folder, workspace))
    assert _row(rows, "3 a. ")[-1] == "Gul"


def test_kolada_fetch_without_a_network_says_so(workspace, monkeypatch, capsys):
    folder = _prepare(workspace, "kolada-2025.json")

    def offline(request, timeout):
        raise urllib.error.URLError("Temporary failure in name resolution")

    monkeypatch.setattr("urllib.request.urlopen", offline)
    before = tree_digest(workspace.sources)
    assert (
        main(
            [
                "--kallor",
                str(workspace.sources),
                "--mallar",
                str(workspace.templates),
                "--ut",
                str(workspace.build),
                "kolada",
                "hämta",
                str(folder),
            ]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert "Kolada (api.kolada.se) gick inte att nå (Temporary failure in name resolution)." in err
    assert "bygget använder den sparade filen och går aldrig ut på nätet" in err
    assert "Traceback" not in err
    assert tree_digest(workspace.sources) == before


def test_an_outcome_from_a_file_shows_the_unit_its_file_or_target_declares_and_no_other(workspace):
    folder = _prepare(workspace, "utfall.csv")
    (folder / "utfall.csv").write_text(
        "styrtal;period;värde;föregående;enhet\n"
        "ms1/2;2025;91,2;;\n"  # target 90 %: the target's unit
        "ms1/3 a;2025;60;56;procent\n"  # the file's unit, shown as % in the table
        "ms1/3 c;2025;80,5;82;dagar\n"  # the file says dagar, the target 90 %: not comparable
        "ms7/3 a;2025;3,9;;\n",  # target 3,8: no unit declared, none shown
        encoding="utf-8",
    )
    rows = _status_rows(build(folder, workspace))
    assert _row(rows, "2. ")[1:] == ["91,2\u00a0%", "90\u00a0%", "Grön"]
    assert _row(rows, "3 a. ")[1:3] == ["60\u00a0%", "65\u00a0%"]
    unlike = _row(rows, "3 c. ")
    assert unlike[1] == "80,5\u00a0dagar" and unlike[-1] == "Ingen uppgift"
    assert "Utfallet är angivet i dagar och målvärdet i procent, så de kan inte jämföras." in unlike[0]
    assert _row(rows, "3 a. Betyg vid digitala möten")[1:3] == ["3,9", "3,8"]
    (folder / "utfall.csv").write_text("styrtal;period;värde;enhet\nms1/2;2025;91;12 st\n", encoding="utf-8")
    with pytest.raises(DocgenError) as failure:
        build(folder, workspace)
    assert "utfall.csv, rad 2: enheten '12 st' är ingen enhet." in str(failure.value)


def test_kolada_fetch_for_a_plan_says_which_document_reads_kolada(workspace):
    """`docgen kolada hämta` on a plan (Köping's budget 2025) said "dokumentet läser inga utfall
    från Kolada. Ange 'utfall_fil: …' under 'uppföljning'" at "rad 1" of the folder: a plan has
    no uppföljning. It says a follow-up reads Kolada and how to make one, at the plan's dokument."""
    folder = workspace.sources / "kopings-kommun" / "ks-budget-2025"
    before = tree_digest(workspace.sources)
    result = run_docgen(workspace, "kolada", "hämta", str(folder))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert re.search(
        r"kopings-kommun/ks-budget-2025/dokument\.yaml, rad \d+: dokumentet är ingen uppföljning: 'docgen kolada hämta' "
        r"hämtar de utfall som en uppföljning läser ur Kolada.*docgen new uppfoljning .*--foljer-upp ",
        result.stderr,
    ), result.stderr
    assert tree_digest(workspace.sources) == before and not list(workspace.build.rglob("*.json"))


BOLLEBYGD = Path("bollebygds-kommun") / "mal-och-budget-2018"
ABSENCE = '      - text: "Sjukfrånvaro bland kommunens anställda"\n        målvärde: "ska minska"\n'


def _plan_reading_kolada(workspace, values: dict) -> Path:
    """Bollebygd's plan with its sick-leave styrtal naming a Kolada KPI (made for the tests, as the
    values are) and the saved response named under 'dokument'."""
    folder = workspace.sources / BOLLEBYGD
    edit(folder / "mal.yaml", ABSENCE, ABSENCE.replace('"ska minska"\n', '"ska minska"\n        kolada: N90001\n'))
    edit(folder / "dokument.yaml", '  kolada_id: "1443"\n', '  kolada_id: "1443"\n  utfall_fil: kolada.json\n')
    text = json.dumps(kolada_response(values, municipality="1443"), indent=2)
    (folder / "kolada.json").write_text(text, encoding="utf-8")
    return folder


def _indicator_rows(docx: Path) -> list[list[str]]:
    table = next(t for t in Document(str(docx)).tables if t.rows[0].cells[0].text == "Indikator")
    return [[c.text for c in r.cells] for r in table.rows]


def _kolada_answers(monkeypatch, values: dict) -> list[str]:
    """Kolada answering every request with these values for Bollebygd; the URLs asked for."""
    asked = []

    def fake_urlopen(request, timeout):
        asked.append(request.full_url)
        return io.BytesIO(json.dumps(kolada_response(values, municipality="1443")).encode())

    monkeypatch.setattr("urllib.request.urlopen", fake_urlopen)
    return asked


def test_a_plan_takes_its_senast_kanda_varde_from_a_saved_kolada_response(workspace):
    """A plan's 'Utfall, senast kända värde' from Kolada: the latest year up to the plan's own
    with a value (2017 has none), with its year as the outcome's period. Before, Kolada gave
    outcomes only to a follow-up, and 'utfall_fil' under a plan's 'dokument' was an unknown field."""
    folder = _plan_reading_kolada(workspace, {"N90001": {2015: {"T": 5.8}, 2016: {"T": 6.1}, 2017: {"T": None}}})
    result = run_docgen(workspace, "build", str(folder))
    assert result.returncode == 0, result.stderr
    rows = _indicator_rows(workspace.build / "bollebygds-kommun" / "mal-och-budget-2018.docx")
    assert rows[-1] == ["Sjukfrånvaro bland kommunens anställda (Utfall: 2016)", "6,1", "ska minska"]


def test_a_plans_kolada_response_and_written_outcome_are_refused_with_file_and_line(workspace):
    """Two sources of one figure (an utfall written on the styrtal and one read from Kolada) and a
    year after the plan's are refused where they stand; nothing is written."""
    folder = _plan_reading_kolada(workspace, {"N90001": {2016: {"T": 6.1}, 2019: {"T": 5.0}}})
    written = '        utfall: "[[ATT UPPDATERA: senaste placering]]"\n'
    line = edit(folder / "mal.yaml", written, written + "        kolada: N90001\n")
    lines = (folder / "kolada.json").read_text(encoding="utf-8").splitlines()
    later = next(n for n, text in enumerate(lines, 1) if "2019" in text)
    before = tree_digest(workspace.sources)
    result = run_docgen(workspace, "build", str(folder))
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert re.search(
        rf"mal-och-budget-2018/kolada\.json, rad {later}: perioden 2019 för N90001 är senare än planens år \(2018\)\.",
        result.stderr,
    ), result.stderr
    edit(folder / "kolada.json", '"period": 2019', '"period": 2015')
    result = run_docgen(workspace, "build", str(folder))
    assert re.search(
        rf"mal-och-budget-2018/mal\.yaml, rad {line}: styrtalet arbete/Placering i Svenskt näringslivs ranking av "
        r"lokalt företagsklimat har ett skrivet utfall, men dess senast kända värde läses ur Kolada \(kolada\.json, "
        r"nyckeltalet N90001\)\. Ta bort 'utfall' och 'utfall_period' på styrtalet, eller ta bort 'kolada'",
        result.stderr,
    ), result.stderr
    assert tree_digest(workspace.sources) != before  # the edit above; nothing else changed them
    assert not list(workspace.build.rglob("*.docx"))


def test_kolada_fetch_for_a_plan_saves_the_plans_years(workspace, monkeypatch, capsys):
    """'docgen kolada hämta <planens mapp>' asks for the plan's year and the four before and saves
    the response to the plan's utfall_fil, which the build then reads."""
    folder = _plan_reading_kolada(workspace, {})
    (folder / "kolada.json").unlink()
    asked = _kolada_answers(monkeypatch, {"N90001": {2016: {"T": 6.1}, 2017: {"T": 6.4}}})
    arguments = ["--kallor", str(workspace.sources), "--mallar", str(workspace.templates), "--ut", str(workspace.build)]
    assert main([*arguments, "kolada", "hämta", str(folder)]) == 0
    assert asked == ["https://api.kolada.se/v3/data/kpi/N90001/municipality/1443/year/2014,2015,2016,2017,2018"]
    assert "hämtat: 2 värden för 1 nyckeltal (N90001), 1443, 2014–2018" in capsys.readouterr().out
    rows = _indicator_rows(build(folder, workspace))
    assert rows[-1][:2] == ["Sjukfrånvaro bland kommunens anställda (Utfall: 2017)", "6,4"]


def test_new_year_says_where_the_plan_reads_last_years_kolada_response_and_the_fetch_takes_the_new_years(
    workspace, monkeypatch, capsys
):
    """Next year's editor: 'docgen new-year' copies the plan's saved Kolada response as it was
    fetched for 2018, and the copy shows those values ('6,1 (Utfall: 2016)') until it is fetched
    again. The summary names the file and line that read it and the command that fetches it; the
    fetch then asks for 2015–2019 and the new year's plan shows what it brought. Before, new-year
    said nothing about the response, and the copy's senast kända värden stood as last year's fetch."""
    _plan_reading_kolada(workspace, {"N90001": {2015: {"T": 5.8}, 2016: {"T": 6.1}}})
    arguments = ["--kallor", str(workspace.sources), "--mallar", str(workspace.templates), "--ut", str(workspace.build)]
    assert main([*arguments, "new-year", "bollebygds-kommun", "2018", "2019"]) == 0
    said = capsys.readouterr().out
    folder = workspace.sources / "bollebygds-kommun" / "mal-och-budget-2019"
    lines = (folder / "dokument.yaml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("  utfall_fil:"))
    assert re.search(
        r"Sparade svar från Kolada, kopierade som de hämtades för 2018 och inte markerade: dokumentet visar de "
        r"värden som fanns då tills du hämtar för 2019 \(1\):\n"
        rf"  bollebygds-kommun/mal-och-budget-2019/dokument\.yaml: rad {line} \(kolada\.json\): "
        rf"kör 'docgen kolada hämta {re.escape(str(folder))}'",
        said,
    ), said
    assert _indicator_rows(build(folder, workspace))[-1][:2] == [
        "Sjukfrånvaro bland kommunens anställda (Utfall: 2016)",
        "6,1",
    ]
    asked = _kolada_answers(monkeypatch, {"N90001": {2016: {"T": 6.1}, 2018: {"T": 6.6}}})
    assert main([*arguments, "kolada", "hämta", str(folder)]) == 0
    assert asked == ["https://api.kolada.se/v3/data/kpi/N90001/municipality/1443/year/2015,2016,2017,2018,2019"]
    rows = _indicator_rows(build(folder, workspace))
    assert rows[-1] == [
        "Sjukfrånvaro bland kommunens anställda (Utfall: 2018)",
        "6,6",
        "[ATT UPPDATERA: målvärdet för 2019 (2018: ska minska)]",
    ]


def test_kolada_without_any_styrtal_naming_a_nyckeltal_is_said_where_the_file_is_named(workspace):
    """A plan that names a saved Kolada response while no styrtal names a nyckeltal, and a fetch
    for a follow-up of a plan whose styrtal name none: each refused at the line that asks for Kolada
    (the plan's utfall_fil, the follow-up's period), saying what to write; nothing is written."""
    folder = _plan_reading_kolada(workspace, {"N90001": {2016: {"T": 6.1}}})
    edit(folder / "mal.yaml", "        kolada: N90001\n", "")
    named = _line_starting(folder / "dokument.yaml", "  utfall_fil:")
    _refused_at(
        workspace,
        ["build", str(folder)],
        rf"mal-och-budget-2018/dokument\.yaml, rad {named}: inget styrtal i planen anger ett nyckeltal i Kolada\. "
        r"Skriv 'kolada: N00945' \(nyckeltalets id\) på de styrtal vars senast kända värde ska läsas ur filen\.",
    )
    follow_up = _prepare(workspace, "kolada.json")
    goals = workspace.sources / PLAN / "malsattningar.yaml"
    goals.write_text(re.sub(r"\n *kolada(_kön)?: .*", "", goals.read_text(encoding="utf-8")), encoding="utf-8")
    assert "kolada" not in goals.read_text(encoding="utf-8")  # the plan names no nyckeltal
    period = _line_starting(follow_up / "uppfoljning.yaml", "  period:")
    _refused_at(
        workspace,
        ["kolada", "hämta", str(follow_up)],
        rf"hsn-vp-2026-styrtalsstatus/uppfoljning\.yaml, rad {period}: inget styrtal i planen anger ett nyckeltal "
        r"i Kolada\. Skriv 'kolada: N00945' \(nyckeltalets id\) på styrtalen\.",
    )


def _line_starting(path: Path, start: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, text in enumerate(lines, 1) if text.startswith(start))


def _refused_at(workspace, args: list[str], message: str) -> None:
    """docgen with `args` stops with `message` (a pattern) and changes neither sources/ nor build/."""
    before = tree_digest(workspace.sources)
    result = run_docgen(workspace, *args)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert re.search(message, result.stderr), result.stderr
    assert tree_digest(workspace.sources) == before
    assert not list(workspace.build.rglob("*.docx"))
