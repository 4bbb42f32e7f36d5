"""Follow-up: status rules, outcomes (sources and CSV), computed counts and shares, charts."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from docx import Document

from docgen.commands.check import check_all
from docgen.errors import DocgenError
from docgen.pipeline import ROOT, Project, build
from docgen.view.status import GREEN, RED, UNKNOWN, summary
from docgen.word.charts import ChartCache, bar_alt_text, bar_chart

from .conftest import assert_matches_golden
from .test_errors import edit
from .test_hostile import refused
from .test_new import assess_first_uppdrag, empty, new_follow_up  # noqa: F401 (the fixture)

STATUS_DOC = ROOT / "sources" / "region-orebro-lan" / "hsn-vp-2026-styrtalsstatus"
FOLLOW_UP = ROOT / "sources" / "okand-region" / "uppfoljning-plan-2025"


def test_summary_counts_are_computed():
    counts = summary([("A", GREEN), ("A", RED), ("B", UNKNOWN)])
    assert counts["A"] == {"green": 1, "yellow": 0, "red": 1, "unknown": 0, "total": 2}
    assert counts["B"]["total"] == 1


@pytest.fixture(scope="module")
def status_report(tmp_path_factory):
    return build(STATUS_DOC, Project(build=tmp_path_factory.mktemp("status")))


def test_status_report_on_the_plans_own_outcomes(status_report):
    document = Document(str(status_report))
    summary_table = document.tables[0]
    rows = [[c.text for c in r.cells] for r in summary_table.rows]
    assert rows[0] == ["Målsättning", "Grön", "Gul", "Röd", "Ingen uppgift", "Totalt"]
    assert rows[-1][0] == "Totalt" and rows[-1][-1] == "17"  # every styrtal, sub-indicators included, not their heading
    totals = [int(x) for x in rows[-1][1:5]]
    assert sum(totals) == 17
    cells = [c.text for t in document.tables[1:] for r in t.rows for c in r.cells]
    assert "Röd" in cells and "Grön" in cells  # the word, never colour alone
    operation = next(r for t in document.tables[1:] for r in t.rows if r.cells[0].text.startswith("3 a. Operation"))
    assert [c.text for c in operation.cells[1:]] == ["56\u00a0% (2023)", "65\u00a0%", "Röd"]
    fills = operation.cells[3]._tc.xml
    assert 'w:fill="C00000"' in fills


def test_outcomes_from_a_csv_export_and_its_errors(workspace):
    folder = workspace.sources / "region-orebro-lan" / "hsn-vp-2026-styrtalsstatus"
    edit(folder / "uppfoljning.yaml", "  utfall_ur_planen: true\n", "  utfall_fil: utfall.csv\n")
    (folder / "utfall.csv").write_text(
        "styrtal;period;värde;föregående\nms1/3 a;senast kända värde;66;56\n", encoding="utf-8"
    )
    built = build(folder, workspace)
    operation = next(
        r for t in Document(str(built)).tables[1:] for r in t.rows if r.cells[0].text.startswith("3 a. Operation")
    )
    assert [c.text for c in operation.cells[1:]] == ["66\u00a0%", "65\u00a0%", "Grön"]
    (folder / "utfall.csv").write_text(
        "styrtal;period;värde\nms1/9;senast kända värde;1\nms1/3 a;2025-06;60\nms1/3 c;senast kända värde;mycket\n",
        encoding="utf-8",
    )
    with pytest.raises(DocgenError) as failure:
        build(folder, workspace)
    message = str(failure.value)
    assert "utfall.csv, rad 2: styrtalet 'ms1/9' finns inte i planen." in message
    assert "utfall.csv, rad 3: perioden '2025-06' är inte uppföljningens (senast kända värde)." in message
    assert "utfall.csv, rad 4: värdet ska vara ett tal, men är 'mycket'." in message


def test_override_needs_a_reason_and_is_shown(workspace):
    folder = workspace.sources / "region-orebro-lan" / "hsn-vp-2026-styrtalsstatus"
    edit(
        folder / "uppfoljning.yaml",
        "  utfall_ur_planen: true\n",
        "  utfall_ur_planen: true\n  överskrivningar:\n    - styrtal: ms1/3 a\n      status: gul\n"
        "      skäl: Utfallet är från 2023; nyare mätning pågår.\n",
    )
    built = build(folder, workspace)
    operation = next(
        r for t in Document(str(built)).tables[1:] for r in t.rows if r.cells[0].text.startswith("3 a. Operation")
    )
    assert operation.cells[3].text == "Gul"
    assert "Statusen är ändrad från röd: Utfallet är från 2023; nyare mätning pågår." in operation.cells[0].text


def test_follow_up_counts_and_shares_are_computed(workspace):
    path = workspace.sources / "okand-region" / "uppfoljning-plan-2025" / "arende.yaml"
    texts = [p.text for p in Document(str(build(path.parent, workspace))).paragraphs]
    assert any(
        "26 kortsiktiga nyckeltal och 27 uppdrag, inalles 53. Detta är en minskning från föregående års 74" in t
        for t in texts
    )
    assert any("766 aktiviteter, varav 421 (55\u00a0%)" in t and "345 (45\u00a0%)" in t for t in texts)
    edit(path, "aktiviteter_enligt_plan: 421", "aktiviteter_enligt_plan: 500")
    texts = [p.text for p in Document(str(build(path.parent, workspace))).paragraphs]
    assert any("varav 500 (65\u00a0%)" in t and "266 (35\u00a0%)" in t for t in texts)


def test_prose_naming_an_unknown_figure(workspace):
    path = workspace.sources / "okand-region" / "uppfoljning-plan-2025" / "arende.yaml"
    line = edit(path, "{{ uppgifter.foregaende_ar|tal }}", "{{ uppgifter.forra_aret|tal }}")
    with pytest.raises(DocgenError) as failure:
        build(path.parent, workspace)
    assert "använder 'forra_aret', som inte finns i källorna" in str(failure.value)
    assert f"arende.yaml, rad {line}:" in str(failure.value)
    assert list(workspace.build.rglob("*.docx")) == []


def test_bar_chart_alt_text_and_determinism(tmp_path):
    bars = [("RJL", D("74.3")), ("RÖ", D("73.3")), ("RKL", D("70.3")), ("Riket", D("73.4"))]
    alt = bar_alt_text("Bra självskattad hälsa", bars, "procent", "högt", ("Nationellt mål", D(60)))
    assert alt == (
        "Stapeldiagram: Bra självskattad hälsa. RJL 74,3\u00a0%, RÖ 73,3\u00a0%, RKL 70,3\u00a0%, "
        "Riket 73,4\u00a0%. Högt värde eftersträvas. Nationellt mål: 60\u00a0% (streckad linje)."
    )
    first = bar_chart("Bra självskattad hälsa", bars, "procent", "högt", ("Nationellt mål", D(60)), ChartCache(None))
    second = bar_chart("Bra självskattad hälsa", bars, "procent", "högt", ("Nationellt mål", D(60)), ChartCache(None))
    assert first.png == second.png and first.alt_text == alt


def test_golden_status_report(status_report):
    assert_matches_golden(status_report, "styrtalsstatus-vp-2026")


SVN = ROOT / "sources" / "sydostra-sjukvardsregionen" / "svn-uppfoljning-2024"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


@pytest.fixture(scope="module")
def svn_path(tmp_path_factory):
    return build(SVN, Project(build=tmp_path_factory.mktemp("svn")))


def test_svn_chapters_and_tables(svn_path):
    from .test_plan_2025 import table_after

    document = Document(str(svn_path))
    chapters = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert chapters[1:] == [
        "Samverkansnämnden",
        "Sjukvårdsregional samverkan",
        "Avtalsmodell",
        "Sjukvårdsregionala systemmått",
        "Tabeller och diagram",
    ]
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    agreement = next(c for c in captions if c.startswith("Tabell") and "Vård i Region Östergötland 2024" in c)
    rows = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in table_after(document, agreement).rows}
    assert rows["Summa"] == ["674", "325", "353", "999", "1\u00a0027"]
    cost = next(c for c in captions if "Kostnader" in c)
    table = table_after(document, cost)
    assert [c.text for c in table.rows[0].cells][1:4] == ["2021", "2021", "2021"]  # a year over Akut, Plan, PV
    assert [c.text for c in table.rows[1].cells][1:4] == ["Akut", "Plan", "PV"]
    system = next(c for c in captions if c.endswith("Systemmått"))
    groups = [r.cells[0].text for r in table_after(document, system).rows if len(r._tr.tc_lst) == 1]
    assert groups[:2] == ["Förebyggande och hälsofrämjande", "Jämlik vård"]


def test_svn_sum_columns_are_checked(workspace):
    path = workspace.sources / "sydostra-sjukvardsregionen" / "svn-uppfoljning-2024" / "tabeller.yaml"
    text = path.read_text(encoding="utf-8")
    assert "[369, 181, 201, 550, 570]" in text
    path.write_text(text.replace("[369, 181, 201, 550, 570]", "[369, 181, 201, 552, 570]"), encoding="utf-8")
    with pytest.raises(DocgenError) as failure:
        build(path.parent, workspace)
    assert "'Summa utfall' är 552 men Fast + Rörligt utfall ger 550" in str(failure.value)


def test_svn_charts_with_alt_text(svn_path):
    document = Document(str(svn_path))
    pictures = [e.get("descr") for e in document.element.body.iter(WP + "docPr")]
    assert len(pictures) == 12  # twelve charts, Diagram 11 drawn from Tabell 10
    assert pictures[0].startswith(
        "Stapeldiagram: Bra självskattad hälsa. RJL 74,3\u00a0%, RÖ 73,3\u00a0%, RKL 70,3\u00a0%, "
        "Riket 73,4\u00a0%. Högt värde eftersträvas."
    )
    assert "Nationellt mål: 60\u00a0% (streckad linje)" in pictures[1]
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption" and p.text.startswith("Diagram")]
    assert len(captions) == 12 and captions[0] == "Diagram 1. Bra självskattad hälsa"
    texts = [p.text for p in document.paragraphs]
    assert not any("ATT UPPDATERA" in t for t in texts)


def test_svn_golden(svn_path):
    assert_matches_golden(svn_path, "uppfoljning-overenskommelse-2024")


def test_assessed_uppdrag_in_the_report(workspace):
    folder = workspace.sources / "region-orebro-lan" / "hsn-vp-2026-styrtalsstatus"
    edit(
        folder / "uppfoljning.yaml",
        "  utfall_ur_planen: true\n",
        "  utfall_ur_planen: true\n  bedömningar:\n    - uppdrag: rf/10\n      status: gul\n"
        "      kommentar: Samverkansformerna ses över under hösten.\n    - uppdrag: hs/1\n      status: grön\n",
    )
    document = Document(str(build(folder, workspace)))
    table = document.tables[-1]
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == ["Uppdrag", "Status", "Kommentar"]
    assert rows[1][0].startswith("Nr 10. Att arbeta med omställning till nära vård")
    assert rows[1][1:] == ["Gul", "Samverkansformerna ses över under hösten."]
    assert rows[2][1] == "Grön"


def test_assessment_errors(workspace):
    folder = workspace.sources / "region-orebro-lan" / "hsn-vp-2026-styrtalsstatus"
    edit(
        folder / "uppfoljning.yaml",
        "  utfall_ur_planen: true\n",
        "  utfall_ur_planen: true\n  bedömningar:\n    - uppdrag: rf/99\n      status: grön\n"
        "    - uppdrag: rf/10\n      status: röd\n",
    )
    with pytest.raises(DocgenError) as failure:
        build(folder, workspace)
    message = str(failure.value)
    assert "status röd kräver en kommentar" in message
    with pytest.raises(DocgenError) as failure:
        edit(folder / "uppfoljning.yaml", "      status: röd\n", "      status: röd\n      kommentar: Ej påbörjat.\n")
        build(folder, workspace)
    assert "uppdraget 'rf/99' finns inte i planen" in str(failure.value)


ASSESSED = "  utfall_ur_planen: true\n"
OWN_WORDS = "benämningar:\n  uppdragsstatus:\n    Genomfört: grön\n    Pågår: gul\n    Ej påbörjat: röd\n"


def _assess(folder, *entries: str) -> int:
    """Write bedömningar under the follow-up; returns the line of the first entry's status."""
    line = edit(folder / "uppfoljning.yaml", ASSESSED, ASSESSED + "  bedömningar:\n" + "".join(entries))
    return line + 3


def test_uppdrag_status_in_the_organisations_own_words(workspace):
    """A plan follows uppdrag up in its own words (Genomfört, Pågår, Ej påbörjat), not in the
    indicators' colours: benämningar uppdragsstatus gives each word its colour, bedömningar are
    written with them, and the marker says the word (case as in benämningar)."""
    folder = workspace.sources / "region-orebro-lan" / "hsn-vp-2026-styrtalsstatus"
    (folder.parent / "benämningar.yaml").write_text(OWN_WORDS, encoding="utf-8")
    _assess(
        folder,
        "    - uppdrag: rf/10\n      status: pågår\n      kommentar: Samverkansformerna ses över under hösten.\n",
        "    - uppdrag: hs/1\n      status: Genomfört\n",
    )
    document = Document(str(build(folder, workspace)))
    table = document.tables[-1]
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[1][1:] == ["Pågår", "Samverkansformerna ses över under hösten."]
    assert rows[2][1] == "Genomfört"
    fills = [c._tc.xpath("./w:tcPr/w:shd/@w:fill")[0] for c in (table.rows[1].cells[1], table.rows[2].cells[1])]
    assert fills == ["FFC000", "00703C"]  # gul and grön markers, as benämningar gives the words


def _status_refused(workspace, status: str, expected: str, own_words: bool = True) -> None:
    """hs/1 assessed with `status` in Örebro's styrtalsstatus (with the organisation's own words
    for an uppdrag's status, or without): refused with `expected` at the assessment's line."""
    folder = workspace.sources / "region-orebro-lan" / "hsn-vp-2026-styrtalsstatus"
    if own_words:
        (folder.parent / "benämningar.yaml").write_text(OWN_WORDS, encoding="utf-8")
    line = _assess(folder, f"    - uppdrag: hs/1\n      status: {status}\n")
    refused(workspace, ["build", folder], expected, f"hsn-vp-2026-styrtalsstatus/uppfoljning.yaml, rad {line}")


def test_an_uppdrag_status_not_among_the_organisations_words_is_refused(workspace):
    _status_refused(
        workspace,
        "grön",
        r"status 'grön' är ingen status för ett uppdrag\. Skriv ett av organisationens ord för ett "
        r"uppdrags status \(benämningar: uppdragsstatus\): 'Genomfört', 'Pågår', 'Ej påbörjat'\.",
    )


def test_an_unknown_uppdrag_status_names_the_colours_and_the_organisations_words(workspace):
    _status_refused(
        workspace,
        "Genomfört",
        r"status 'Genomfört' är ingen status för ett uppdrag\. Skriv grön, gul eller röd; har er "
        r"organisation egna ord för ett uppdrags status .* under 'uppdragsstatus:' i benämningar\.yaml",
        own_words=False,
    )


def test_an_own_word_coloured_red_needs_a_comment(workspace):
    _status_refused(
        workspace,
        "Ej påbörjat",
        r"status Ej påbörjat kräver en kommentar\. Skriv under 'kommentar' vad som hindrar\.",
    )


def test_the_same_uppdrag_status_twice_is_refused_in_benamningar(workspace):
    folder = workspace.sources / "region-orebro-lan" / "hsn-vp-2026-styrtalsstatus"
    (folder.parent / "benämningar.yaml").write_text(OWN_WORDS + "    pågår: gul\n", encoding="utf-8")
    refused(
        workspace,
        ["build", folder],
        r"uppdragsstatus.*nämner samma ord två gånger",
        "region-orebro-lan/benämningar.yaml, rad 2",
    )


def test_a_new_follow_up_offers_the_organisations_own_uppdrag_words(empty):  # noqa: F811
    """An organisation with its own words for an uppdrag's status: the new follow-up's example
    bedömning says them and uses the first, so the example uncommented builds (with 'grön' it
    would be refused)."""
    org = ["--organisation", "Prov kommun", "--namnd", "Kommunfullmäktige", "--ar", "2026"]
    follow, text = new_follow_up(empty, "prov-kommun", org, words=OWN_WORDS)
    assert "status Genomfört, Pågår eller Ej påbörjat (benämningar: uppdragsstatus), och för gul och röd" in text
    assess_first_uppdrag(follow, text, '"Genomfört"')
    table = Document(str(build(follow, empty))).tables[-1]
    assert [c.text for c in table.rows[1].cells][1] == "Genomfört"


def test_plan_counts_are_computed():
    from docgen.pipeline import load_validated
    from docgen.view.compute import counts

    _raw, plan = load_validated(ROOT / "sources" / "region-ostergotland" / "hsn-arsplan-2025", Project())
    assert counts(plan) == {"assignments": 16, "indicators": 14, "other_follow_ups": 29, "total": 30}


def test_outcomes_from_an_xlsx_export(workspace):
    from openpyxl import Workbook

    folder = workspace.sources / "region-orebro-lan" / "hsn-vp-2026-styrtalsstatus"
    edit(folder / "uppfoljning.yaml", "  utfall_ur_planen: true\n", "  utfall_fil: utfall.xlsx\n")
    book = Workbook()
    sheet = book.active
    sheet.append(["styrtal", "period", "värde", "föregående"])
    sheet.append(["ms1/3 c", "senast kända värde", 91.5, 82])
    sheet.append(["ms1/2", "senast kända värde", "inget", None])
    book.save(folder / "utfall.xlsx")
    with pytest.raises(DocgenError) as failure:
        build(folder, workspace)
    assert "utfall.xlsx, rad 3: värdet ska vara ett tal, men är 'inget'." in str(failure.value)
    sheet.delete_rows(3)
    book.save(folder / "utfall.xlsx")
    row = next(
        r
        for t in Document(str(build(folder, workspace))).tables[1:]
        for r in t.rows
        if r.cells[0].text.startswith("3 c.")
    )
    assert [c.text for c in row.cells[1:]] == ["91,5\u00a0%", "90\u00a0%", "Grön"]


def test_svn_shares_in_prose_are_computed_from_the_tables(svn_path, workspace):
    texts = [p.text for p in Document(str(svn_path)).paragraphs]
    assert any(
        "rörligt utfall 94\u00a0procent av budgeterad volym, medan totalt utfall är 98\u00a0procent." in t
        for t in texts
    )
    path = workspace.sources / "sydostra-sjukvardsregionen" / "svn-uppfoljning-2024" / "tabeller.yaml"
    text = path.read_text(encoding="utf-8")
    # Region Jönköping's variable outcome in Östergötland: 181 -> 221, with its row and the sums
    text = text.replace("[369, 181, 201, 550, 570]", "[369, 221, 201, 590, 570]")
    text = text.replace("[674, 325, 353, 999, 1027]", "[674, 365, 353, 1039, 1027]")
    path.write_text(text, encoding="utf-8")
    texts = [p.text for p in Document(str(build(path.parent, workspace))).paragraphs]
    assert any(
        "rörligt utfall 104\u00a0procent av budgeterad volym, medan totalt utfall är 101\u00a0procent." in t
        for t in texts
    )


def test_an_outcome_file_with_only_its_headings_stops_the_build(workspace, capsys):
    """An export with the column headings and no rows (the wrong report or period) would have
    built a follow-up without a single outcome: the build says so at the file, nothing written."""
    from docgen import cli

    from .test_errors import tree_digest

    folder = workspace.sources / "region-orebro-lan" / "hsn-vp-2026-styrtalsstatus"
    edit(folder / "uppfoljning.yaml", "  utfall_ur_planen: true\n", "  utfall_fil: utfall.csv\n")
    (folder / "utfall.csv").write_text("styrtal;period;värde\n\n", encoding="utf-8")
    sources_before = tree_digest(workspace.sources)
    options = ["--kallor", str(workspace.sources), "--mallar", str(workspace.templates), "--ut", str(workspace.build)]
    assert cli.main([*options, "build", str(folder)]) == 2
    said = capsys.readouterr().err
    assert "utfall.csv, rad 1: utfallsfilen har bara kolumnrubriker, inga rader med utfall." in said, said
    assert "utfall_ur_planen: true" in said and "Traceback" not in said
    assert not any(workspace.build.rglob("*.docx")) and tree_digest(workspace.sources) == sources_before


UNNUMBERED = """målsättningar:
  - id: uppdrag-2024
    namn: Uppdrag till nämnderna
    uppdrag:
      - rubrik: Regionstyrelsen
        uppdrag:
          - id: rs-parkering
            text: Genomlysning av parkeringsbehoven
          - id: rs-lokalforsorjning
            text: Revidera lokalförsörjningsplanen
      - rubrik: Hälso- och sjukvårdsnämnden
        uppdrag:
          - id: hsn-klimatvard
            text: Utredning klimatvård
"""


def test_unnumbered_uppdrag_by_nämnd_from_plan_to_follow_up(empty):  # noqa: F811
    """Region Gävleborg's budget gives each nämnd its uppdrag without numbers: a plan made by
    docgen new writes them with an id instead of a number and shows them unnumbered; the
    follow-up assesses them by id and shows them under their nämnd, without a table counting
    the styrtal the plan does not have, and without an empty comment column."""
    org = ["--organisation", "Prov region", "--namnd", "Regionfullmäktige", "--ar", "2024"]
    follow, text = new_follow_up(empty, "prov-region", org, words=OWN_WORDS)
    plan = follow.parent / "plan"
    (plan / "mal.yaml").write_text(UNNUMBERED, encoding="utf-8")
    lines = [p.text for p in Document(str(build(plan, empty))).paragraphs]
    assert "Genomlysning av parkeringsbehoven" in lines  # no "Uppdrag 1." the plan does not have
    assert not [p.message for p in check_all([plan], empty) if not p.warning]  # no serie needed, none unused
    assessed = (
        "  bedömningar:\n    - uppdrag: rs-parkering\n      status: Genomfört\n"
        "    - uppdrag: rs-lokalforsorjning\n      status: Genomfört\n"
        "    - uppdrag: hsn-klimatvard\n      status: Genomfört\n"
    )
    (follow / "uppfoljning.yaml").write_text(
        text.replace("  utfall_ur_planen: true", assessed + "  utfall_ur_planen: true"), encoding="utf-8"
    )
    document = Document(str(build(follow, empty)))
    assert len(document.tables) == 1  # the uppdrag's status; no counts of styrtal (all zero)
    rows = [[c.text for c in r.cells] for r in document.tables[0].rows]
    assert rows == [
        ["Uppdrag", "Status"],
        ["Regionstyrelsen", "Regionstyrelsen"],
        ["Genomlysning av parkeringsbehoven", "Genomfört"],
        ["Revidera lokalförsörjningsplanen", "Genomfört"],
        ["Hälso- och sjukvårdsnämnden", "Hälso- och sjukvårdsnämnden"],
        ["Utredning klimatvård", "Genomfört"],
    ]


def test_an_uppdrag_under_a_goal_without_number_or_id_is_one_message(empty):  # noqa: F811
    org = ["--organisation", "Prov region", "--namnd", "Regionfullmäktige", "--ar", "2024"]
    follow, _text = new_follow_up(empty, "prov-region", org)
    plan = follow.parent / "plan"
    unnumbered = UNNUMBERED.replace("          - id: rs-parkering\n            text:", "          - text:")
    (plan / "mal.yaml").write_text(unnumbered, encoding="utf-8")
    refused(
        empty,
        ["build", plan],
        r"saknar 'nr'\. Skriv uppdragets nummer i planen \(nr: 1\)\. Har planens uppdrag inga nummer, "
        r"ge det ett id i stället",
        "prov-region/plan/mal.yaml, rad 7",
    )
