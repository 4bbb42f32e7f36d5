"""What a new user meets on the way from `docgen new` to a final document (Tanums kommun,
tests/fixtures/tanum-verksamhetsmal-2024): a final build that refuses names each place still
marked ATT UPPDATERA, in a source file and line or in the template; a target written as text
("minst 1,5 procent") keeps its number and unit together on the line."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from docgen.cli import main
from docgen.pipeline import build

from .conftest import assert_only_unfinished
from .test_hostile import refused

TANUM = Path("tanums-kommun") / "verksamhetsmal-2024"


def test_a_final_build_names_the_source_line_of_each_marker(workspace):
    message = refused(
        workspace,
        ["build", "--slutlig", workspace.sources / TANUM],
        r"ett ställe markerat ATT UPPDATERA och kan inte byggas slutligt",
        "verksamhetsmal-2024/avsnitt.yaml, rad 22: står kvar markerat: "
        "[ATT UPPDATERA: De fyra verksamhetsmålen med indikatorer finns inte i underlaget.]",
    )
    assert "eller bygg utan --slutlig" in message


def test_a_final_build_of_a_new_document_names_the_template_and_the_sources(workspace, capsys):
    folder = workspace.sources / "prov-kommun" / "plan-2026"
    argv = ["--kallor", workspace.sources, "--mallar", workspace.templates, "--ut", workspace.build]
    argv += ["new", "plan", folder, "--organisation", "Prov kommun", "--namnd", "Kommunfullmäktige", "--ar", "2026"]
    assert main([str(a) for a in argv]) == 0
    capsys.readouterr()
    message = refused(workspace, ["build", "--slutlig", folder], "10 ställen markerade ATT UPPDATERA")
    template = "prov-kommun/plan.docx: mallen har ett stycke markerat ATT UPPDATERA: [ATT UPPDATERA: Det här dokumentet"
    assert template in message and "Öppna mallen i Word eller LibreOffice" in message
    assert "plan-2026/mal.yaml, rad 9: står kvar markerat: [ATT UPPDATERA: målets namn]" in message
    assert "plan-2026/budget.yaml, rad 30: står kvar markerat: [ATT UPPDATERA: Skriv budgetens rader" in message


def test_a_target_written_as_text_keeps_its_number_and_unit_together(workspace):
    built = build(workspace.sources / TANUM, workspace)
    tables = [t for t in Document(str(built)).tables if t.rows[0].cells[0].text == "Indikator"]
    targets = [t.rows[1].cells[1].text for t in tables]
    assert targets == [
        "minst\u00a01,5\u00a0%",
        "högst\u00a0200\u00a0mnkr",
        "oförändrad 21,56\u00a0kronor",
    ]  # % in a table


TYRESO = Path("tyreso-kommun") / "delarsrapport-2-2018"


def test_a_final_build_tells_what_the_sources_lack_from_what_the_template_says(workspace):
    """The template's stand-in for a missing field ('… if x else [[ATT UPPDATERA: …]]') is
    something to write in the sources, not a paragraph to delete from the template; a short
    marker is never put on another organisation's file."""
    message = refused(
        workspace,
        ["build", "--slutlig", workspace.sources / TYRESO],
        "9 ställen markerade ATT UPPDATERA",
        "delarsrapport-2-2018/arende.yaml, rad 20: uppgiften saknas i källorna och står markerad: "
        "[ATT UPPDATERA: handläggaren saknas i underlaget] Skriv 'handläggare' under 'ärende:'",
    )
    assert (
        "delarsrapport-2-2018/arende.yaml, rad 20: uppgiften saknas i källorna och står markerad: "
        "[ATT UPPDATERA: datum] Skriv 'datum' under 'ärende:'"
    ) in message
    assert "delarsrapport-2-2018/arende.yaml, rad 32: står kvar markerat: [ATT UPPDATERA: namn]" in message
    assert "Öppna mallen" not in message and "okand-region" not in message


def test_a_case_without_consequence_sections_has_no_consequences_heading(workspace):
    from .test_hostile import edit

    source = workspace.sources / TYRESO / "arende.yaml"
    edit(source, "  beslutsunderlag:", "  konsekvenser: []\n  beslutsunderlag:")
    texts = [p.text for p in Document(str(build(workspace.sources / TYRESO, workspace))).paragraphs]
    assert not [t for t in texts if "onsekvens" in t]
    assert "Beslutsunderlag" in texts


def _tanum_follow_up(workspace, monkeypatch, capsys) -> Path:
    """`docgen new uppfoljning` on Tanum's plan, run from the project folder as an editor does."""
    monkeypatch.chdir(workspace.sources.parent)
    folder = Path("sources") / "tanums-kommun" / "uppfoljning-2024"
    argv = ["--kallor", "sources", "--mallar", "templates", "--ut", "build"]
    argv += ["new", "uppfoljning", folder, "--foljer-upp", Path("sources") / TANUM]
    argv += ["--organisation", "Tanums kommun", "--namnd", "Kommunfullmäktige", "--ar", "2024"]
    assert main([str(a) for a in argv]) == 0
    capsys.readouterr()
    return folder


def test_a_follow_up_names_its_plans_file_as_the_editor_wrote_it(workspace, monkeypatch, capsys):
    """An exact target ('oförändrad 21,56 kronor') with a riktning that contradicts it stops the
    follow-up, and the message names the plan's file relative to the project, as for the
    document's own files (it was an absolute path)."""
    from .test_hostile import Case, edit

    folder = _tanum_follow_up(workspace, monkeypatch, capsys)
    plan = Path("sources") / TANUM / "mal.yaml"
    line = edit(
        plan,
        '        målvärde: "oförändrad 21,56 kronor"',
        '        målvärde: "oförändrad 21,56 kronor"\n        riktning: lågt',
    )
    case = Case(workspace, ["build", folder])
    assert case.status == 2 and "Traceback" not in case.err
    assert case.err.startswith(
        f"fel: sources/tanums-kommun/verksamhetsmal-2024/mal.yaml, rad {line}: styrtalet 'Skattesats': "
        "målvärdet 'oförändrad 21,56 kronor' säger att utfallet ska vara just 21,56, men riktning säger 'lågt'."
    ), case.err
    assert case.build_after == case.build_before and case.outside_after == case.outside_before


def test_an_exact_target_is_met_by_its_value_and_an_outcome_keeps_its_decimals(workspace, monkeypatch, capsys):
    """Tanum's tax rate is to stay 21,56 kronor: an outcome of 21,56 meets it (it could not be
    followed up: neither 'riktning: högt' nor 'lågt' is true), and is shown 21,56, not 21,6.
    The outcomes below are test data, not Tanum's."""
    from .test_hostile import edit, refused

    folder = _tanum_follow_up(workspace, monkeypatch, capsys)
    source = folder / "uppfoljning.yaml"
    result = (
        "resultatmal/Resultat i förhållande till skatteintäkter och kommunalekonomisk utjämning, genomsnitt 2023–2026"
    )
    edit(
        source,
        "  utfall_ur_planen: true",
        f'  gul: aldrig\n  utfall:\n    - styrtal: skattesats/Skattesats\n      värde: 21.56\n    - styrtal: "{result}"\n      värde: 1.2',
    )
    built = build(workspace.sources / "tanums-kommun" / "uppfoljning-2024", workspace)
    rows = [[c.text for c in r.cells] for t in Document(str(built)).tables for r in t.rows]
    assert ["Skattesats", "21,56\u00a0kronor", "oförändrad 21,56\u00a0kronor", "Grön"] in rows
    assert [result.split("/", 1)[1], "1,2\u00a0%", "minst\u00a01,5\u00a0%", "Röd"] in rows
    line = edit(source, "    - styrtal: skattesats/Skattesats", "    - styrtal: Skattesats")
    refused(
        workspace,
        ["build", folder],
        "styrtalet 'Skattesats' finns inte i planen. Ange styrtalet som målsättningens id/nummer "
        r"\(id/text när det saknar nummer\), som i planen: 'resultatmal/Resultat i förhållande",
        f"uppfoljning.yaml, rad {line}",
    )


def test_a_table_property_the_template_repeats_is_written_once(workspace):
    """A template whose table repeats w:tblLayout (as the starter kit's goal table once did,
    copied into Tanum's template): the built document has each table property once, as the
    file format requires."""
    import zipfile
    from collections import Counter

    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    path = workspace.templates / "tanums-kommun" / "plan.docx"
    with zipfile.ZipFile(path) as archive:
        parts = {i.filename: archive.read(i.filename) for i in archive.infolist()}
    layout = b'<w:tblLayout w:type="fixed"/>'
    assert parts["word/document.xml"].count(layout) == 2
    parts["word/document.xml"] = parts["word/document.xml"].replace(layout, layout + layout)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    built = build(workspace.sources / TANUM, workspace)
    root = etree.fromstring(zipfile.ZipFile(built).read("word/document.xml"))
    properties = list(root.iter(f"{w}tblPr"))
    assert len(properties) == 6
    for tbl_pr in properties:
        assert max(Counter(child.tag for child in tbl_pr).values()) == 1
        assert tbl_pr.find(f"{w}tblLayout") is not None


VANSBRO = Path("vansbro-kommun") / "maluppfyllelse-2021"


def test_a_follow_up_shows_each_indicators_comment_under_it(workspace):
    """Vansbro's report comments on every indicator: `kommentar` under an utfall stands in the
    indicator's cell as prose (Tabelltext, not a note), below its name; the status is computed
    from the plan's target and direction ('Låg brottslighet', 632 against 700: Grön)."""
    built = build(workspace.sources / VANSBRO, workspace)
    table = Document(str(built)).tables[1]
    assert [c.text for c in table.rows[0].cells] == ["Indikator", "Utfall", "Mål", "Trend", "Status"]  # Vansbro's words
    cell = table.rows[1].cells[0]
    assert [(p.text, p.style.name) for p in cell.paragraphs] == [
        ("Låg brottslighet (antal anmälda våldsbrott per 100\u00a0000 invånare)", "Tabelltext"),
        (
            "Vansbro hade 43 polisanmälda våldsbrott under 2021. Antalet har sjunkit stadigt de senaste åren, "
            "däremot har fler kvinnor utsatts får våld i nära relation, vilket är ett mönster i hela landet till "
            "följd av pandemin.",
            "Tabelltext",
        ),
    ]
    assert [c.text for c in table.rows[1].cells[1:]] == ["632", "700", "+", "Grön"]
    assert [c.text for c in table.rows[2].cells[1:]] == ["2,7\u00a0%", "3\u00a0%", "+", "Grön"]


def test_a_final_build_names_the_line_of_a_comment_still_marked(workspace):
    message = refused(
        workspace,
        ["build", "--slutlig", workspace.sources / VANSBRO],
        "ett ställe markerat ATT UPPDATERA och kan inte byggas slutligt",
        "maluppfyllelse-2021/uppfoljning.yaml, rad 30: står kvar markerat: [ATT UPPDATERA: Kommentaren bryts",
    )
    assert "strategisk-plan-2021" not in message


def test_a_comment_alone_keeps_the_outcome_of_the_plan(workspace):
    """An utfall with only `kommentar` adds the comment; the outcome stays the plan's."""
    from .test_hostile import edit

    plan = workspace.sources / "vansbro-kommun" / "strategisk-plan-2021" / "mal.yaml"
    edit(plan, '        målvärde: "3 %"', '        utfall: "2,9 %"\n        målvärde: "3 %"')
    source = workspace.sources / VANSBRO / "uppfoljning.yaml"
    edit(source, "      värde: 2.7\n", "")
    edit(source, "  utfall:\n", "  utfall_ur_planen: true\n  utfall:\n")
    rows = Document(str(build(workspace.sources / VANSBRO, workspace))).tables[1].rows
    assert rows[2].cells[0].paragraphs[1].text.startswith("Arbetslösheten är fortsatt låg")
    assert [c.text for c in rows[2].cells[1:]] == ["2,9\u00a0%", "3\u00a0%", "+", "Grön"]


def test_a_new_organisation_gets_the_starter_kits_words_and_its_plans_indicators(workspace, capsys):
    """`docgen new` for an organisation not yet under sources/ writes its benämningar.yaml with
    the starter templates' words, so that a follow-up says 'Indikator' and 'Mål' as the plan
    does (it said 'Styrtal' and 'Målsättning'); a new follow-up lists the plan's indicators as
    an utfall names them. An organisation that already has documents keeps its words."""
    argv = ["--kallor", workspace.sources, "--mallar", workspace.templates, "--ut", workspace.build]
    org = ["--organisation", "Prov kommun", "--namnd", "Kommunfullmäktige", "--ar", "2026"]
    plan = workspace.sources / "prov-kommun" / "plan-2026"
    assert main([str(a) for a in [*argv, "new", "plan", plan, *org]]) == 0
    terms = workspace.sources / "prov-kommun" / "benämningar.yaml"
    assert f"skapade {terms}" in capsys.readouterr().out
    assert terms.read_text(encoding="utf-8").split("\n", 1)[0].endswith("docs/schema/benamningar.schema.json")
    mal = plan / "mal.yaml"
    text = mal.read_text(encoding="utf-8").replace("[[ATT UPPDATERA: målets namn]]", "Trygg kommun")
    mal.write_text(text.replace('# målvärde: "90 %"', 'målvärde: "90 %"\n        riktning: högt'), encoding="utf-8")
    follow = workspace.sources / "prov-kommun" / "uppfoljning-2026"
    assert main([str(a) for a in [*argv, "new", "uppfoljning", follow, "--foljer-upp", plan, *org]]) == 0
    out = capsys.readouterr().out
    assert "benämningar.yaml" not in out and f"skapade {follow}/ med en källfil:\n  uppfoljning.yaml\n" in out
    written = (follow / "uppfoljning.yaml").read_text(encoding="utf-8")
    assert '  #   - styrtal: "mal-1/1"\n' in written
    tables = Document(str(build(follow, workspace))).tables
    assert tables[0].rows[0].cells[0].text == "Mål"
    assert tables[1].rows[0].cells[0].text == "Indikator"
    region = workspace.sources / "region-ostergotland" / "nytt-arende"
    args = ["new", "tjansteskrivelse", region, "--organisation", "Region Östergötland", "--namnd", "Regionstyrelsen"]
    assert main([str(a) for a in [*argv, *args, "--ar", "2026"]]) == 0
    assert not (workspace.sources / "region-ostergotland" / "benämningar.yaml").exists()


VARA = Path("vara-kommun") / "kommunstyrelsen-budget-2016"


def test_a_boards_budget_checks_net_costs_and_the_surplus_as_the_original_does(workspace):
    """Vara's driftsammandrag: intäkter plus kostnader are the net costs (personalkostnader is a
    varav row, not summed), net costs plus the appropriation the surplus (a delsumma); a figure
    mistyped in the appropriation stops the build at the surplus it no longer gives."""
    from .test_hostile import edit

    table = Document(str(build(workspace.sources / VARA, workspace))).tables[0]
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[3] == ["varav personalkostnader", "−78\u00a0766", "−94\u00a0683", "−95\u00a0521", "−99\u00a0499"]
    assert rows[4] == ["Nettokostnader", "−135\u00a0333", "−104\u00a0245", "−94\u00a0005", "−100\u00a0270"]
    assert rows[6] == ["Över-/underskott", "−34\u00a0584", "0", "10\u00a0240", "0"]
    source = workspace.sources / VARA / "budget.yaml"
    line = edit(source, "[100749, 104245, 104245, 100270]", "[100749, 104245, 104245, 100207]")
    refused(
        workspace,
        ["build", workspace.sources / VARA],
        "raden 'Över-/underskott', kolumnen 'Budget 2016': summan är 0 men delarna ger −63",
        f"kommunstyrelsen-budget-2016/budget.yaml, rad {line + 1}: tabellen 'Driftsammandrag, netto",
    )


def test_a_controllers_export_may_carry_the_comments(workspace):
    """The export's `kommentar` column stands under each indicator as the sources' does; a
    comment written under `utfall` goes before the file's. The figures are Vansbro's 2021."""
    from .test_hostile import edit

    folder = workspace.sources / VANSBRO
    source = folder / "uppfoljning.yaml"
    text = source.read_text(encoding="utf-8")
    start, end = text.index("  utfall:\n"), text.index("  # utfall:")
    source.write_text(text[:start] + "  utfall_fil: utfall.csv\n" + text[end:], encoding="utf-8")
    crime = "medborgare/Låg brottslighet (antal anmälda våldsbrott per 100 000 invånare)"
    (folder / "utfall.csv").write_text(
        "styrtal;period;värde;kommentar\n"
        f"{crime};2021;632;Vansbro hade 43 polisanmälda våldsbrott under 2021.\n"
        "medborgare/Låg arbetslöshet;2021;2,7;Filens kommentar, som utfall ersätter.\n",
        encoding="utf-8",
    )
    edit(
        source,
        "  utfall_fil: utfall.csv\n",
        "  utfall_fil: utfall.csv\n  utfall:\n"
        '    - styrtal: "medborgare/Låg arbetslöshet"\n      kommentar: Arbetslösheten är fortsatt låg.\n',
    )
    rows = Document(str(build(folder, workspace))).tables[1].rows
    assert [p.text for p in rows[1].cells[0].paragraphs][1:] == ["Vansbro hade 43 polisanmälda våldsbrott under 2021."]
    assert [c.text for c in rows[1].cells[1:]] == ["632", "700", "–", "Grön"]  # no trend in the file
    assert [p.text for p in rows[2].cells[0].paragraphs][1:] == ["Arbetslösheten är fortsatt låg."]
    assert [c.text for c in rows[2].cells[1:]] == ["2,7\u00a0%", "3\u00a0%", "–", "Grön"]
    assert [c.text for c in rows[3].cells[1:]] == ["–", "72,4\u00a0%", "–", "Ingen uppgift"]


KNIVSTA = Path("knivsta-kommun") / "smn-budgetdialog-2017"


def test_a_final_build_names_every_line_that_writes_the_same_marker(workspace):
    """Knivsta's title and heading both lack the years: each line is named (only the first was,
    so an editor who fixed it met the second on the next build)."""
    message = refused(
        workspace,
        ["build", "--slutlig", workspace.sources / KNIVSTA],
        "3 ställen markerade ATT UPPDATERA",
        "smn-budgetdialog-2017/arende.yaml, rad 9: står kvar markerat: [ATT UPPDATERA: åren;",
    )
    assert "smn-budgetdialog-2017/arende.yaml, rad 23: står kvar markerat: [ATT UPPDATERA: åren;" in message
    assert "uppgiften saknas i källorna och står markerad: [ATT UPPDATERA: sammanträdets datum" in message


def test_a_case_ends_with_its_signature_and_recipients_on_one_page(workspace):
    """The starter's tjänsteskrivelse keeps the signature and the recipients with what follows,
    so the last recipient never stands alone on a page (Knivsta's 'Kommunstyrelsen Heby
    kommun' did); the recipients' heading is Knivsta's own, as edited in its template."""
    paragraphs = Document(str(build(workspace.sources / KNIVSTA, workspace))).paragraphs
    texts = [p.text for p in paragraphs]
    end = paragraphs[texts.index("I tjänsten") :]
    assert [p.text for p in end] == [
        "I tjänsten",
        "Åsa Franzén, Kanslichef/Biträdande kommundirektör",
        "Beslutet ska expedieras till",
        "Akten",
        "Handläggare",
        "Kommunstyrelsen Heby kommun",
    ]
    for paragraph in end:
        assert paragraph.paragraph_format.keep_with_next or paragraph.style.paragraph_format.keep_with_next


def test_a_new_plan_names_its_board_as_the_board_writes_itself(workspace, capsys):
    """The starter plan's subtitle is 'nämnd, organisation' as in the follow-up, with the board's
    name as written: 'Nämnden för Service' (Kungsbacka) was lower-cased to 'nämnden för service'."""
    argv = ["--kallor", workspace.sources, "--mallar", workspace.templates, "--ut", workspace.build]
    folder = workspace.sources / "kungsbacka-kommun" / "namndbudget-2021"
    org = ["--organisation", "Kungsbacka kommun", "--namnd", "Nämnden för Service", "--ar", "2021"]
    assert main([str(a) for a in [*argv, "new", "plan", folder, *org]]) == 0
    capsys.readouterr()
    subtitles = [p.text for p in Document(str(build(folder, workspace))).paragraphs if p.style.name == "Subtitle"]
    assert subtitles == ["Nämnden för Service, Kungsbacka kommun"]


NORRBOTTEN = Path("region-norrbotten") / "regionstyrelsen-2022-03-30"


def test_a_short_agenda_item_carries_its_description_and_case_number(workspace):
    """Region Norrbotten's items have a background ('Av 11 kap kommunallagen …') before the
    proposal; a short item's dnr stands in the table and under its heading."""
    from .test_hostile import edit

    source = workspace.sources / NORRBOTTEN / "foredragningslista.yaml"
    edit(
        source,
        "    - rubrik: Patientnämndens årsrapport 2021\n",
        "    - rubrik: Patientnämndens årsrapport 2021\n      dnr: RS 2022/17\n",
    )
    document = Document(str(build(workspace.sources / NORRBOTTEN, workspace)))
    texts = [p.text for p in document.paragraphs]
    heading = texts.index("2. Patientnämndens årsrapport 2021")
    assert texts[heading + 1] == "Diarienummer: RS 2022/17"
    assert texts[heading + 2].startswith("Av 11 kap kommunallagen följer att styrelsen")
    assert texts[heading + 3 : heading + 5] == [
        "Regionstyrelsen beslutar att",
        "Föreslå regionfullmäktige besluta att godkänna patientnämndens årsrapport 2021.",
    ]
    rows = [[c.text for c in r.cells] for r in document.tables[0].rows]
    assert rows[2] == ["2", "Patientnämndens årsrapport 2021", "RS 2022/17"]  # nobody presents: no Föredragande
    assert rows[1][2] == ""


def test_an_agenda_item_of_a_case_folder_takes_its_case_number_from_the_folder(workspace):
    from .test_hostile import edit

    source = workspace.sources / "region-ostergotland" / "hsn-foredragningslista" / "foredragningslista.yaml"
    text = source.read_text(encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.strip().startswith("- ärende:"))
    old = text.splitlines()[line - 1] + "\n"
    edit(source, old, old + "      dnr: HSN 2024/1\n")
    refused(
        workspace,
        ["build", source.parent],
        "hämtar diarienumret och ärendebeskrivningen ur ärendemappen",
        f"foredragningslista.yaml, rad {line}:",
    )


VANSBRO_FOLLOW_UP = Path("vansbro-kommun") / "maluppfyllelse-2021"


def _trend_cells(built: Path) -> list[str]:
    table = next(t for t in Document(str(built)).tables if t.rows[0].cells[0].text == "Indikator")
    column = [c.text for c in table.rows[0].cells].index("Trend")
    return [row.cells[column].text for row in table.rows[1:]]


def test_a_follow_up_shows_the_trend_the_source_reports_in_its_own_signs(workspace):
    """Vansbro's column Trend ('+' against the year before) in benämningar.statuskolumner, the
    signs in trendord."""
    assert _trend_cells(build(workspace.sources / VANSBRO_FOLLOW_UP, workspace)) == ["+", "+", "+"]


def test_a_trend_is_computed_from_the_previous_value_by_the_targets_direction(workspace):
    from .test_hostile import edit

    source = workspace.sources / VANSBRO_FOLLOW_UP / "uppfoljning.yaml"
    edit(source, "      värde: 632\n      trend: bättre", "      värde: 632\n      föregående: 650")  # fewer crimes
    edit(source, "      värde: 2.7\n      trend: bättre", "      värde: 2.7\n      föregående: 2.4")  # more unemployed
    edit(source, "      värde: 77.6\n      trend: bättre", "      värde: 77.6\n      föregående: 77.6")
    benämningar = workspace.sources / "vansbro-kommun" / "benämningar.yaml"
    edit(benämningar, '    sämre: "−"\n', '    sämre: "−"\n    oförändrad: "±0"\n')
    assert _trend_cells(build(workspace.sources / VANSBRO_FOLLOW_UP, workspace)) == ["+", "−", "±0"]


def test_a_reported_trend_that_the_values_contradict_stops_the_build_at_its_line(workspace):
    from .test_hostile import edit

    source = workspace.sources / VANSBRO_FOLLOW_UP / "uppfoljning.yaml"
    line = edit(source, "      värde: 632\n", "      värde: 632\n      föregående: 600\n") + 2
    refused(
        workspace,
        ["build", source.parent],
        r"trenden 'bättre' stämmer inte med utfallet och det föregående värdet, som säger 'sämre'",
        f"maluppfyllelse-2021/uppfoljning.yaml, rad {line}:",
    )


MONSTERAS = Path("monsteras-kommun") / "budget-2024"


def test_a_budget_cut_short_in_the_source_keeps_its_figures_and_marks_the_rest(workspace):
    """Mönsterås's table per nämnd ends in the source after Socialnämnden's budget 2024: the plan
    years stand empty (null), the rest is a marker under the table, the result keeps its minus
    and its two decimals ('0,00'), and a final build names the marker's line."""
    table = Document(str(build(workspace.sources / MONSTERAS, workspace))).tables[0]
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == ["Nämnd, förvaltning", "Budget 2024", "Plan 2025", "Plan 2026"]
    assert rows[1] == ["Resultat", "−37,57", "−8,40", "0,00"]
    assert rows[-1] == ["Socialnämnd", "367,43", "", ""]
    refused(
        workspace,
        ["build", "--slutlig", workspace.sources / MONSTERAS],
        "ett ställe markerat ATT UPPDATERA",
        "budget-2024/budget.yaml, rad 44: står kvar markerat: [ATT UPPDATERA: Underlaget slutar efter Socialnämndens",
    )


MALMO = Path("malmo-stad") / "arsredovisning-2014-finansiellt-mal"


def test_a_table_over_years_keeps_the_originals_figures_and_minus_signs(workspace):
    """Malmö's 'Finansiellt mål, Mkr' 2014–2011 (a target that is never below 0 is no sum: a
    värdetabell); the header's first cell is empty, as in the original."""
    table = Document(str(build(workspace.sources / MALMO, workspace))).tables[0]
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == ["", "2014", "2013", "2012", "2011"]
    assert rows[2] == ["Värdesäkra justerat eget kapital", "−20", "7", "−6", "139"]
    assert rows[5] == ["Målavvikelse", "−149", "154", "181", "449"]


def test_the_check_says_a_deviation_once_per_line(workspace):
    """'55 Mkr … 600 Mkr' on one line was two identical messages; Malmö's acceptance removed,
    docgen check names the line once."""
    from docgen.commands.check import check_all

    from .test_hostile import edit

    dokument = workspace.sources / MALMO / "dokument.yaml"
    edit(dokument, "\ngodkända_avvikelser:\n  - text: Mkr\n", "\n# godkända_avvikelser:\n#   - text: Mkr\n")
    edit(dokument, "    skäl: Malmö", "#     skäl: Malmö")
    messages = [str(p) for p in check_all([workspace.sources / MALMO], workspace)]
    said = [m for m in messages if "avsnitt.yaml, rad 17: typografi: 'Mkr'" in m]
    assert len(said) == 1, messages


KRAMFORS = Path("kramfors-kommun") / "ksau-2018-arendelista"


def test_an_agenda_of_short_items_shows_each_case_number_and_the_check_takes_none_for_a_year(workspace):
    """Kramfors's arbetsutskott lists twelve items with their diarienummer; 'KS 2018/14' is a
    case number, not the abbreviated years 2018/19 (docgen check said it was)."""
    from docgen.commands.check import check_all

    built = build(workspace.sources / KRAMFORS, workspace)
    document = Document(str(built))
    rows = [[c.text for c in r.cells] for r in document.tables[0].rows]
    assert rows[1] == ["26", "Information", "KS 2018/14"]  # första_paragraf: 26, as in the minutes
    assert rows[-1][0] == "37"
    assert [r[2] for r in rows[1:]][-2:] == ["KS 2018/62", "KS 2018/85"]
    assert_only_unfinished(check_all([workspace.sources / KRAMFORS], workspace), built)
