"""Every word the engine writes comes from the sources (benämningar), with Swedish defaults:
a kommun that says "mål" and "indikator" gets a follow-up report without a region's words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document

from docgen.errors import DocgenError
from docgen.pipeline import ROOT, Project, build, document_folders
from docgen.word.readback import document_text

from .test_errors import edit, tree_digest

WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"

PLAN = """\
dokument:
  titel: Mål och budget 2026
  organisation: Exempelby kommun
  nämnd: Kommunfullmäktige
  år: 2026
  fil: mal-och-budget-2026

målsättningar:
  - id: m1
    nummer: 1
    namn: Barn och unga lyckas i skolan
    styrtal:
      - nummer: "1"
        text: Andel elever i årskurs 9 som är behöriga till gymnasiet
        utfall: "81 %"
        målvärde: "≥85 %"
      - nummer: "2"
        text: Andel nöjda vårdnadshavare
        riktning: högt
        utfall: "90 %"
        målvärde: "88 %"
  - id: m2
    nummer: 2
    namn: En ekonomi i balans
    styrtal:
      - nummer: "1"
        text: Resultat i procent av skatteintäkter
        målvärde: "≥2 %"
"""

FOLLOW_UP = """\
dokument:
  titel: Uppföljning av mål och budget 2026, augusti
  organisation: Exempelby kommun
  nämnd: Kommunstyrelsen
  år: 2026
  mall: gemensam/uppfoljning.docx
  fil: uppfoljning-2026-08

uppföljning:
  följer_upp: exempelby-kommun/mal-och-budget-2026
  period: 2026-08
  utfall_ur_planen: true
  gul: bättre än föregående, annars röd
  överskrivningar:
    - styrtal: m1/2
      status: gul
      skäl: Enkäten besvarades av få.

avsnitt:
  - rubrik: Måluppfyllelse
    innehåll:
      - text: Tabellerna visar varje indikator med utfall, målvärde och bedömning.
      - uppföljning: alla
"""

KOMMUN_WORDS = """\
benämningar:
  styrtal: indikator
  styrtalet: indikatorn
  rubriker:
    målsättning_nr: "Mål {nummer}: {namn}"
    status_per_målsättning: "Indikatorernas bedömning per mål, {period}"
    status_för: "Bedömning av {namn}"
  kolumner:
    målsättning: Mål
    styrtal: Indikator
    utfall: Resultat
    status: Bedömning
    totalt: Summa
  statusord:
    grön: Uppfyllt
    gul: Delvis uppfyllt
    röd: Ej uppfyllt
    ingen_uppgift: Kan inte bedömas
  förklaringar:
    ändrad: "bedömningen ändrad från {status}: {skäl}"
    målvärde_saknas: "Målvärde fattas."
    utfall_saknas: "Resultat saknas."
    utfallets_period: "Resultat: {period}."
    äldre_utfall: "Resultatet avser {utfallsår}, målvärdet {år}."
"""

REGION_WORDS = (
    "Målsättning",
    "målsättning",
    "Styrtal",
    "styrtal",
    "Grön",
    "Gul",
    "Röd",
    "Ingen uppgift",
    "Totalt",
    "Utfall",
)


@pytest.fixture
def kommun(tmp_path) -> Project:
    """A kommun's plan and follow-up, with the kommun's words in sources/<org>/benämningar.yaml."""
    org = tmp_path / "sources" / "exempelby-kommun"
    (org / "mal-och-budget-2026").mkdir(parents=True)
    (org / "uppfoljning-2026-08").mkdir()
    (org / "mal-och-budget-2026" / "plan.yaml").write_text(PLAN, encoding="utf-8")
    (org / "uppfoljning-2026-08" / "uppfoljning.yaml").write_text(FOLLOW_UP, encoding="utf-8")
    (org / "benämningar.yaml").write_text(KOMMUN_WORDS, encoding="utf-8")
    (tmp_path / "build").mkdir()
    return Project(tmp_path / "sources", ROOT / "templates", tmp_path / "build")


def test_a_kommun_follow_up_has_none_of_the_regions_words(kommun):
    built = build(kommun.sources / "exempelby-kommun" / "uppfoljning-2026-08", kommun)
    text = document_text(built)
    for word in REGION_WORDS:
        assert word not in text, f"'{word}' is a region's word, left in the kommun's report:\n{text}"
    tables = Document(str(built)).tables
    assert [c.text for c in tables[0].rows[0].cells] == [
        "Mål",
        "Uppfyllt",
        "Delvis uppfyllt",
        "Ej uppfyllt",
        "Kan inte bedömas",
        "Summa",
    ]
    assert [c.text for c in tables[0].rows[-1].cells] == ["Summa", "0", "1", "1", "1", "3"]
    assert tables[0].rows[1].cells[0].text == "Mål 1: Barn och unga lyckas i skolan"
    assert [c.text for c in tables[1].rows[0].cells] == ["Indikator", "Resultat", "Målvärde", "Bedömning"]
    second = tables[1].rows[2].cells
    assert second[3].text == "Delvis uppfyllt"
    assert "bedömningen ändrad från uppfyllt: Enkäten besvarades av få." in second[0].text
    assert "Tabell 1. Indikatorernas bedömning per mål, augusti 2026" in text  # 2026-08 is a month
    assert "Tabell 2. Bedömning av Mål 1: Barn och unga lyckas i skolan" in text


def test_the_defaults_are_the_seeds_words_and_a_document_overrides_its_organisation(kommun):
    folder = kommun.sources / "exempelby-kommun" / "uppfoljning-2026-08"
    (kommun.sources / "exempelby-kommun" / "benämningar.yaml").unlink()
    text = document_text(build(folder, kommun))
    assert "Tabell 1. Styrtalens status per målsättning, augusti 2026" in text
    assert "H| Målsättning | Grön | Gul | Röd | Ingen uppgift | Totalt |" in text
    assert "Målsättning nr 1: Barn och unga lyckas i skolan" in text
    (kommun.sources / "exempelby-kommun" / "benämningar.yaml").write_text(KOMMUN_WORDS, encoding="utf-8")
    edit(
        folder / "uppfoljning.yaml",
        "  fil: uppfoljning-2026-08\n",
        "  fil: uppfoljning-2026-08\n  benämningar:\n    kolumner:\n      status: Status\n"
        "    statuskolumner: [styrtal, målvärde, utfall, status]\n",
    )
    table = Document(str(build(folder, kommun))).tables[1]
    assert [c.text for c in table.rows[0].cells] == ["Indikator", "Målvärde", "Resultat", "Status"]
    assert [c.text for c in table.rows[1].cells][1:] == ["≥\u00a085\u00a0%", "81\u00a0%", "Ej uppfyllt"]


def test_the_organisation_file_is_not_a_document(kommun):
    folders = [f.relative_to(kommun.sources).as_posix() for f in document_folders(kommun)]
    assert folders == ["exempelby-kommun/mal-och-budget-2026", "exempelby-kommun/uppfoljning-2026-08"]


@pytest.mark.parametrize(
    "old, new, message",
    [
        (
            '    status_för: "Bedömning av {namn}"',
            '    status_för: "Bedömning av {mål}"',
            r"benämningar\.rubriker\.status_för: platshållaren \{mål\} finns inte här\..*Tillåtna platshållare: \{namn\}",
        ),
        ("    gul: Delvis uppfyllt", "    gult: Delvis uppfyllt", r"okänt fält 'gult' i benämningar\.statusord"),
        ("benämningar:", "tabeller: {}\nbenämningar:", r"'tabeller' hör inte hemma här"),
    ],
)
def test_mistakes_in_the_organisations_words_name_file_and_line(kommun, old, new, message):
    words = kommun.sources / "exempelby-kommun" / "benämningar.yaml"
    line = edit(words, old, new)
    if new.startswith("tabeller"):
        line = 1
    before = tree_digest(kommun.sources)
    with pytest.raises(DocgenError) as failure:
        build(kommun.sources / "exempelby-kommun" / "uppfoljning-2026-08", kommun)
    problem = failure.value.problems[0]
    assert Path(problem.file).name == "benämningar.yaml" and problem.line == line, str(problem)
    assert re.search(message, str(problem), re.S), str(problem)
    assert list(kommun.build.rglob("*")) == []
    assert tree_digest(kommun.sources) == before


def test_status_columns_must_show_the_indicator_and_its_status(kommun):
    folder = kommun.sources / "exempelby-kommun" / "uppfoljning-2026-08"
    line = (
        edit(
            folder / "uppfoljning.yaml",
            "  fil: uppfoljning-2026-08\n",
            "  fil: uppfoljning-2026-08\n  benämningar:\n    statuskolumner: [styrtal, utfall]\n",
        )
        + 2
    )
    with pytest.raises(DocgenError) as failure:
        build(folder, kommun)
    problem = failure.value.problems[0]
    assert (Path(problem.file).name, problem.line) == ("uppfoljning.yaml", line)
    assert "statuskolumner: saknar kolumnen 'status'" in str(problem)


def test_a_region_document_keeps_its_words(workspace):
    """Golden files are unchanged by the vocabulary: the defaults are the seeds' words."""
    text = document_text(build(workspace.sources / "region-orebro-lan" / "hsn-vp-2026-styrtalsstatus", workspace))
    assert "H| Styrtal | Utfall | Målvärde | Status |" in text


def test_final_build_refuses_markers_in_any_case_and_spacing(kommun):
    folder = kommun.sources / "exempelby-kommun" / "uppfoljning-2026-08"
    edit(folder / "uppfoljning.yaml", "och bedömning.", "och bedömning. [[ att  Uppdatera :siffror ]]")
    build(folder, kommun)
    with pytest.raises(DocgenError) as failure:
        build(folder, kommun, final=True)
    assert "ATT UPPDATERA" in str(failure.value)


def test_check_accepts_the_vocabulary_and_riktning(kommun):
    """`docgen check` never calls benämningar or a styrtal's riktning unused: the engine reads them."""
    from docgen.commands.check import check_all

    problems = [str(p) for p in check_all(document_folders(kommun), kommun)]
    assert not [p for p in problems if "benämningar" in p or "riktning" in p or "statusord" in p], problems


def test_changing_the_organisations_words_rebuilds_its_documents(kommun):
    from docgen.pipeline import build_batch

    folder = kommun.sources / "exempelby-kommun" / "uppfoljning-2026-08"
    words = kommun.sources / "exempelby-kommun" / "benämningar.yaml"
    built = build_batch([folder], kommun).written[0]
    assert build_batch([folder], kommun).written == []  # nothing changed: not built again
    edit(words, "    totalt: Summa", "    totalt: Hela kommunen")
    assert build_batch([folder], kommun).written == [built]
    assert "Hela kommunen" in document_text(built)


def _with_columns(kommun):
    org = kommun.sources / "exempelby-kommun"
    with open(org / "benämningar.yaml", "a", encoding="utf-8") as out:
        out.write("  styrtalskolumner:\n    enhet: Enhet\n    agenda_2030: Agenda 2030-mål\n")
    plan = org / "mal-och-budget-2026" / "plan.yaml"
    edit(
        plan,
        '        utfall: "81 %"\n',
        '        utfall: "81 %"\n        kolumner: {enhet: procent, agenda_2030: "4.1"}\n',
    )
    follow = org / "uppfoljning-2026-08" / "uppfoljning.yaml"
    edit(
        follow,
        "  fil: uppfoljning-2026-08\n",
        "  fil: uppfoljning-2026-08\n  benämningar:\n"
        "    statuskolumner: [styrtal, agenda_2030, utfall, målvärde, status]\n",
    )
    return plan, follow


def test_indicator_columns_declared_in_the_sources(kommun):
    _plan, follow = _with_columns(kommun)
    table = Document(str(build(follow.parent, kommun))).tables[1]
    assert [c.text for c in table.rows[0].cells] == [
        "Indikator",
        "Agenda 2030-mål",
        "Resultat",
        "Målvärde",
        "Bedömning",
    ]
    assert [c.text for c in table.rows[1].cells][1:] == ["4.1", "81\u00a0%", "≥\u00a085\u00a0%", "Ej uppfyllt"]
    assert table.rows[2].cells[1].text == "–"  # no value for this styrtal


def test_undeclared_indicator_columns_name_file_and_line(kommun):
    plan, follow = _with_columns(kommun)
    line = edit(plan, 'agenda_2030: "4.1"', 'agenda2030: "4.1"')
    with pytest.raises(DocgenError) as failure:
        build(follow.parent, kommun)
    problem = failure.value.problems[0]
    assert (Path(problem.file).name, problem.line) == ("plan.yaml", line)
    assert "kolumnen 'agenda2030', som inte finns bland benämningar.styrtalskolumner" in str(problem)
    edit(plan, 'agenda2030: "4.1"', 'agenda_2030: "4.1"')
    line = edit(follow, "[styrtal, agenda_2030,", "[styrtal, källa,")
    with pytest.raises(DocgenError) as failure:
        build(follow.parent, kommun)
    problem = failure.value.problems[0]
    assert (Path(problem.file).name, problem.line) == ("uppfoljning.yaml", line)
    assert "statuskolumner: 'källa' är ingen kolumn i statustabellen." in str(problem)


CHART_WORDS = """\
benämningar:
  förklaringar:
    eftersträvas: "{riktning} värde är bättre"
  diagramtexter:
    stapeldiagram: "Diagram med staplar, {rubrik}: {värden}."
    streckad_linje: målnivå
    hjul: "{rubrik} som årshjul: {steg}."
    rapport: Delrapport
    stapel: Region
    värde: Andel
    steg: Händelse
    månad: Tid
    värdena_i: "Tabell över {diagram}"
    visa_värdena: "Visa {diagram} som tabell"
"""


def test_chart_alt_texts_and_value_tables_speak_the_organisations_words(workspace):
    import lxml.html

    (workspace.sources / "sydostra-sjukvardsregionen" / "benämningar.yaml").write_text(CHART_WORDS, encoding="utf-8")
    (workspace.sources / "region-ostergotland" / "benämningar.yaml").write_text(CHART_WORDS, encoding="utf-8")
    svn = build(workspace.sources / "sydostra-sjukvardsregionen" / "svn-uppfoljning-2024", workspace, html=True)
    plan = build(workspace.sources / "region-ostergotland" / "hsn-arsplan-2025", workspace)
    alts = [e.get("descr") for path in (svn, plan) for e in Document(str(path)).element.body.iter(WP + "docPr")]
    bars = [a for a in alts if a.startswith("Diagram med staplar, ")]
    assert len(bars) == 12 and not [a for a in alts if "Stapeldiagram" in a or "streckad" in a or "eftersträvas" in a]
    assert any(a.endswith(" Högt värde är bättre.") for a in bars)
    assert any(re.search(r"Nationellt mål: \d+\u00a0% \(målnivå\)\.$", a) for a in bars)
    (wheel,) = [a for a in alts if " som årshjul: " in a]
    assert wheel.startswith("Årets rapporter som årshjul: Delrapport") and "hjul med tolv månader" not in wheel
    page = lxml.html.fromstring(svn.with_suffix(".html").read_bytes())
    summaries = page.xpath("//details[@class='diagramdata']/summary/text()")
    assert summaries[0] == "Visa Diagram 1 som tabell" and len(summaries) == 12
    assert page.xpath("//details[@class='diagramdata']/table/caption/text()")[0] == "Tabell över Diagram 1"
    assert page.xpath("//details[@class='diagramdata']/table/thead//th/text()")[:2] == ["Region", "Andel"]
    assert not [t for t in page.xpath("//details//text()") if "streckad" in t or "Stapel" in t]
