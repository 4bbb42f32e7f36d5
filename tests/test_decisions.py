"""Decision drafts, the agenda, revisions between versions, and next year's plan."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from docx import Document

from docgen.commands.newyear import new_year
from docgen.errors import DocgenError
from docgen.pipeline import ROOT, Project, build, load_validated
from docgen.view.revisions import as_text, revisions

from .conftest import assert_matches_golden
from .test_errors import DOC, edit, run_docgen, source

SOURCES = ROOT / "sources"
DECISION = SOURCES / "region-ostergotland" / "beslut-arsplan-2025"
FOLLOW_UP = SOURCES / "okand-region" / "uppfoljning-plan-2025"
AGENDA = SOURCES / "region-ostergotland" / "hsn-foredragningslista"
DECIDED = SOURCES / "okand-region" / "plan-2025-beslutad"
REVISED = SOURCES / "okand-region" / "plan-2025-reviderad"

SEED_REVISIONS = """a. Under målområde Hälso- och sjukvård, sidan 10, läggs följande kortsiktiga nyckeltal till:
   1. Antal väntande över 90 dagar till förstabesök inom barn- och ungdomsmedicin, infektion, medicin och rehabilitering – målvärde ska inte överstiga 80 patienter.
   2. Antal väntande över 90 dagar till förstabesök inom hudsjukvården – målvärde ska inte överstiga 200 patienter.
   3. Antal väntande över 90 dagar till förstabesök inom kirurgi, kvinnosjukvård och ortopedi – målvärde ska inte överstiga 200 patienter.
   4. Antal väntande över 90 dagar till förstabesök inom ögonsjukvården – målvärde ska inte överstiga 1200 patienter.
   5. Antal väntande över 90 dagar till förstabesök inom öron- näsa- halssjukvården – målvärde ska inte överstiga 900 patienter.
   6. Antal väntande över 90 dagar till förstabesök inom vuxenpsykiatrin – målvärde ska inte överstiga 25 patienter.
   7. Medelvärde väntedagar till operation – målvärde ska inte överstiga 100 dagar.
b. Under målområde Ledningsprocesser, sidan 14, justeras målvärdet för det kortsiktiga nyckeltalet Bruttokostnadsutveckling från \u221222\u00a0% till \u221213\u00a0%."""
# Regiondirektörens förslag as decided (seed uppfoljning-plan-budget-2025-hsn, its lines joined):
# 2b is the editor's wording ('egen_lydelse'), not the generated sentence above.
SEED_PROPOSAL = [
    "1. Uppföljning av Hälso- och sjukvårdsnämndens plan med budget 2025 godkänns och ska beaktas i planeringen "
    "inför 2026.",
    "2. Följande revideringar görs i Hälso- och sjukvårdsnämndens plan med budget 2025:",
    "a. Under målområde Hälso- och sjukvård, sidan 10, läggs följande kortsiktiga nyckeltal till:",
    "1. Antal väntande över 90 dagar till förstabesök inom barn- och ungdomsmedicin, infektion, medicin och "
    "rehabilitering – målvärde ska inte överstiga 80 patienter.",
    "2. Antal väntande över 90 dagar till förstabesök inom hudsjukvården – målvärde ska inte överstiga 200 patienter.",
    "3. Antal väntande över 90 dagar till förstabesök inom kirurgi, kvinnosjukvård och ortopedi – målvärde ska inte "
    "överstiga 200 patienter.",
    "4. Antal väntande över 90 dagar till förstabesök inom ögonsjukvården – målvärde ska inte överstiga 1200 patienter.",
    "5. Antal väntande över 90 dagar till förstabesök inom öron- näsa- halssjukvården – målvärde ska inte överstiga "
    "900 patienter.",
    "6. Antal väntande över 90 dagar till förstabesök inom vuxenpsykiatrin – målvärde ska inte överstiga 25 patienter.",
    "7. Medelvärde väntedagar till operation – målvärde ska inte överstiga 100 dagar.",
    "b. Under målområde Ledningsprocesser, sidan 14, justeras målvärdet för det kortsiktiga nyckeltalet "
    "Bruttokostnadsutveckling till -13%.",
]


def paragraphs(path):
    return [(p.style.name, p.text) for p in Document(str(path)).paragraphs]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("beslut")
    return {
        name: build(folder, Project(build=out))
        for name, folder in (("beslut", DECISION), ("uppfoljning", FOLLOW_UP), ("lista", AGENDA))
    }


def test_decision_draft_takes_the_plans_att_satser(built):
    texts = paragraphs(built["beslut"])
    assert ("Beslutsrubrik", "Hälso- och sjukvårdsnämnden föreslås besluta:") in texts
    assert (
        "Numrerad lista",
        "1.\tatt fastställa aktuella styrande dokument för nämnden enligt årsplanens avsnitt ”Styrande dokument”.",
    ) in texts
    assert (
        "Numrerad lista",
        "2.\tatt fastställa hälso- och sjukvårdsnämndens årsplan och budget för år 2025.",
    ) in texts
    assert ("List Bullet", "Hälso- och sjukvårdsnämndens årsplan och budget 2025") in texts  # beslutsunderlag
    assert any("Diarienummer: [ATT UPPDATERA" in t for _s, t in texts)  # not in the seed: not invented


def test_decision_draft_metadata_file(built):
    data = json.loads(built["beslut"].with_suffix(".json").read_text(encoding="utf-8"))
    assert data == {
        "beslutsform": "att-satser",
        "diarienummer": None,
        "sammanträde": None,
        "dokumentfiler": ["beslut-arsplan-och-budget-2025.docx", "arsplan-och-budget-2025.docx"],
        "nämnd": "Hälso- och sjukvårdsnämnden",
        "organisation": "Region Östergötland",
        "titel": "Hälso- och sjukvårdsnämndens årsplan och budget 2025",
        "datum": None,
        "beslutsinledning": "Hälso- och sjukvårdsnämnden föreslås besluta:",
        "förslag_till_beslut": [
            "att fastställa aktuella styrande dokument för nämnden enligt årsplanens avsnitt ”Styrande dokument”.",
            "att fastställa hälso- och sjukvårdsnämndens årsplan och budget för år 2025.",
        ],
    }


def test_decision_written_as_decided(workspace):
    edit(
        workspace.sources / "region-ostergotland" / "beslut-arsplan-2025" / "arende.yaml",
        "  avser: region-ostergotland/hsn-arsplan-2025\n",
        "  avser: region-ostergotland/hsn-arsplan-2025\n  beslutsform: beslutsmeningar\n",
    )
    path = build(workspace.sources / "region-ostergotland" / "beslut-arsplan-2025", workspace)
    texts = [t for _s, t in paragraphs(path)]
    assert (
        "1.\tHälso- och sjukvårdsnämnden fastställer aktuella styrande dokument för nämnden enligt årsplanens "
        "avsnitt ”Styrande dokument”."
    ) in texts


def test_unknown_verb_asks_for_the_sentence(workspace):
    edit(source(workspace, "dokument.yaml"), "att fastställa hälso-", "att skjuta hälso-")
    edit(
        workspace.sources / "region-ostergotland" / "beslut-arsplan-2025" / "arende.yaml",
        "  avser: region-ostergotland/hsn-arsplan-2025\n",
        "  avser: region-ostergotland/hsn-arsplan-2025\n  beslutsform: beslutsmeningar\n",
    )
    with pytest.raises(DocgenError) as failure:
        build(workspace.sources / "region-ostergotland" / "beslut-arsplan-2025", workspace)
    assert "verbet 'skjuta'" in str(failure.value)


def test_follow_up_proposal_matches_the_seed(built):
    texts = paragraphs(built["uppfoljning"])
    assert (
        "Beslutsrubrik",
        "Regiondirektörens förslag",
    ) in texts  # as in the seed: the heading as the sources write it
    assert (
        "Numrerad lista",
        "1.\tUppföljning av Hälso- och sjukvårdsnämndens plan med budget 2025 godkänns och ska "
        "beaktas i planeringen inför 2026.",
    ) in texts
    listed = [t.replace("\t", " ") for s, t in texts if s.startswith("Numrerad lista")]
    assert listed == SEED_PROPOSAL  # word for word, "sidan 10", "sidan 14" and "till -13%" included
    assert ("Normal", "Sara Lewerentz, Regiondirektör") in texts
    assert ("Normal", "Anna Granevärn, Hälso- och sjukvårdsdirektör") in texts
    assert ("Beslutsrubrik", "Utdrag till") in texts
    assert ("List Bullet", "hälso- och sjukvårdsdirektörens närstöd") in texts


def test_diff_gives_exactly_the_seeds_revision_list():
    _, old = load_validated(DECIDED, Project())
    _, new = load_validated(REVISED, Project())
    assert as_text(revisions(old, new)) == SEED_REVISIONS


def test_a_reworded_revision_must_still_be_generated(workspace):
    """The editor's wording replaces one generated sentence; when the plans no longer give that
    sentence the build stops, names file and line, and shows what is generated now."""
    from .test_errors import tree_digest

    folder = workspace.sources / "okand-region" / "uppfoljning-plan-2025"
    edit(
        workspace.sources / "okand-region" / "plan-2025-reviderad" / "plan.yaml",
        'målvärde: "-13 %"',
        'målvärde: "-12 %"',
    )
    text = (folder / "arende.yaml").read_text(encoding="utf-8")
    line = text[: text.index("          - genererad:")].count("\n") + 1
    before = tree_digest(workspace.sources)
    result = run_docgen(workspace, "build", str(folder))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"arende.yaml, rad {line}: meningen 'Under målområde Ledningsprocesser, sidan 14, justeras" in result.stderr
    assert "är inte en av revideringarna som jämförelsen av planerna ger" in result.stderr
    assert "från \u221222\u00a0% till \u221212\u00a0%." in result.stderr  # what is generated now
    assert list(workspace.build.rglob("*")) == [] and tree_digest(workspace.sources) == before


def test_a_listed_item_can_be_reworded_too(workspace):
    folder = workspace.sources / "okand-region" / "uppfoljning-plan-2025"
    edit(
        folder / "arende.yaml",
        "        egen_lydelse:\n",
        "        egen_lydelse:\n          - genererad: Medelvärde väntedagar till operation – målvärde ska inte "
        "överstiga 100 dagar.\n            text: Medelvärde väntedagar till operation – högst 100 dagar.\n",
    )
    texts = [t for _s, t in paragraphs(build(folder, workspace))]
    assert "7.\tMedelvärde väntedagar till operation – högst 100 dagar." in texts
    assert (
        "b.\tUnder målområde Ledningsprocesser, sidan 14, justeras målvärdet för det kortsiktiga nyckeltalet "
        "Bruttokostnadsutveckling till -13%." in texts
    )


def test_diff_command_and_no_revisions():
    result = subprocess.run(
        [sys.executable, "-m", "docgen.cli", "diff", str(DECIDED), str(REVISED)], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert result.stdout.startswith("Följande revideringar görs i Hälso- och sjukvårdsnämndens plan med budget 2025:")
    same = subprocess.run(
        [sys.executable, "-m", "docgen.cli", "diff", str(DECIDED), str(DECIDED)], capture_output=True, text=True
    )
    assert same.stdout.strip() == "Inga revideringar."


def test_diff_on_the_arsplan_additions_removals_changes_and_moves(workspace):
    before = workspace.sources / DOC
    after = workspace.sources / "region-ostergotland" / "hsn-arsplan-2025-ny"
    import shutil

    shutil.copytree(before, after)
    malomraden = after / "malomraden.yaml"
    text = malomraden.read_text(encoding="utf-8")
    # move 'civilsamhallet' from God vård och hälsa to Tillgänglig hälso- och sjukvård
    start = text.index("      - id: civilsamhallet\n")
    end = text.index("    uppdrag_till_regionstyrelsen", start)
    moved = text[start:end]
    text = text[:start] + text[end:]
    anchor = "      - id: overenskommelse-utskrivning\n"
    text = text.replace(anchor, moved + anchor)
    # remove one uppdrag, add one
    start = text.index("      - id: tidig-identifiering-barn\n")
    end = text.index("      - id: individer-i-risk\n")
    text = text[:start] + text[end:]
    text = text.replace(
        anchor, "      - id: nytt-uppdrag\n        text: Ett nytt uppdrag.\n        hantering: Enligt plan.\n" + anchor
    )
    malomraden.write_text(text, encoding="utf-8")
    edit(
        after / "arsbudget.yaml",
        "värden: [50.0]\n          - text: Fortsatt",
        "värden: [55.0]\n          - text: Fortsatt",
    )
    _, old = load_validated(before, workspace)
    try:
        _, new = load_validated(after, workspace)
    except DocgenError:
        raise
    found = as_text(revisions(old, new))
    assert (
        "Under målområde Tillgänglig hälso- och sjukvård läggs följande uppdrag till:\n   1. Ett nytt uppdrag." in found
    )
    assert "Under målområde God vård och hälsa tas uppdraget Tillsammans med andra samhällsaktörer" in found
    assert "Uppdraget Identifiera lämpliga områden där överenskommelser med civilsamhället" in found
    assert "flyttas från målområde God vård och hälsa till målområde Tillgänglig hälso- och sjukvård." in found
    assert (
        "I tabellen Omfördelning inom Hälso- och sjukvårdsnämndens budget (mnkr=miljoner kronor) ändras "
        "Ramförstärkning hälso- och sjukvårdsnämnden (treårsbudget) från 50,0 mnkr till 55,0 mnkr."
    ) in found.replace("\u00a0", " ")


def test_diff_between_git_revisions(tmp_path):
    repo = tmp_path / "repo"
    (repo / "sources" / "org").mkdir(parents=True)
    import shutil

    shutil.copytree(DECIDED, repo / "sources" / "org" / "plan")
    for command in (
        ["git", "init", "-q"],
        ["git", "add", "-A"],
        ["git", "-c", "user.email=a@b", "-c", "user.name=t", "commit", "-qm", "beslutad"],
    ):
        subprocess.run(command, cwd=repo, check=True)
    shutil.copy(REVISED / "plan.yaml", repo / "sources" / "org" / "plan" / "plan.yaml")
    subprocess.run(
        ["git", "-c", "user.email=a@b", "-c", "user.name=t", "commit", "-qam", "reviderad"], cwd=repo, check=True
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "docgen.cli",
            "--kallor",
            str(repo / "sources"),
            "diff",
            "HEAD~1:sources/org/plan",
            "HEAD:sources/org/plan",
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "justeras målvärdet för det kortsiktiga nyckeltalet Bruttokostnadsutveckling" in result.stdout


def test_agenda_with_three_items(built):
    texts = paragraphs(built["lista"])
    items = [t for s, t in texts if s == "Heading 1"]
    assert items == [
        "1. Sammanträdets öppnande",
        "2. Val av justerare",
        "3. Hälso- och sjukvårdsnämndens årsplan och budget 2025",
    ]
    assert (
        "Numrerad lista",
        "2.\tatt fastställa hälso- och sjukvårdsnämndens årsplan och budget för år 2025.",
    ) in texts


def test_new_year_creates_next_years_sources(workspace):
    before = {p: p.read_bytes() for p in (workspace.sources / "region-ostergotland").rglob("*.yaml")}
    summary = new_year("region-ostergotland", 2025, 2026, workspace)
    after = {p: p.read_bytes() for p in before}
    assert before == after, "last year's sources must not change"
    assert summary.created == ["region-ostergotland/beslut-arsplan-2026", "region-ostergotland/hsn-arsplan-2026"]
    assert len(summary.expired) == 17 and any("Regelbok för vårdval inom primärvård" in e for e in summary.expired)
    plan = workspace.sources / "region-ostergotland" / "hsn-arsplan-2026"
    document = (plan / "dokument.yaml").read_text(encoding="utf-8")
    assert "titel: Hälso- och sjukvårdsnämndens årsplan och budget 2026" in document and "år: 2026" in document
    assert "fil: arsplan-och-budget-2026" in document
    bilaga = (plan / "bilaga.yaml").read_text(encoding="utf-8")
    assert (
        'kolumner: ["Budget 2026", "Budget 2025", "HÅ04 2024"]' in bilaga
        or "kolumner: [Budget 2026, Budget 2025, HÅ04 2024]" in bilaga
    )
    assert "värden: [15979439, 15979439, 15451933]" in bilaga
    assert "månad: 2026-02" in (plan / "planering.yaml").read_text(encoding="utf-8")
    assert "avser: region-ostergotland/hsn-arsplan-2026" in (
        workspace.sources / "region-ostergotland" / "beslut-arsplan-2026" / "arende.yaml"
    ).read_text(encoding="utf-8")
    built_plan = build(plan, workspace)
    texts = [t for _s, t in paragraphs(built_plan)]
    assert texts[0] == "Hälso- och sjukvårdsnämndens årsplan och budget 2026"
    cells = [c.text for t in Document(str(built_plan)).tables for r in t.rows for c in r.cells]
    assert any("[ATT UPPDATERA: Giltigheten har gått ut" in c for c in cells)
    with pytest.raises(DocgenError) as failure:
        build(plan, workspace, final=True)
    assert "markerade ATT UPPDATERA och kan inte byggas slutligt" in str(failure.value)
    with pytest.raises(DocgenError) as again:
        new_year("region-ostergotland", 2025, 2026, workspace)
    assert "skriver aldrig över" in str(again.value)


def test_new_year_never_carries_last_years_decision_as_this_years(workspace):
    """An adopted sentence is never guessed: the 2026 tjänsteskrivelse proposed "att fastställa …
    årsplan och budget för år 2025" as if it were 2026's. Each att-sats keeps last year's words with
    a marker after it, the summary names its line, and a final build refuses until the editor has
    written the year's decision."""
    summary = new_year("region-ostergotland", 2025, 2026, workspace)
    plan = workspace.sources / "region-ostergotland" / "hsn-arsplan-2026" / "dokument.yaml"
    lines = plan.read_text(encoding="utf-8").splitlines()
    assert summary.clauses == [
        "region-ostergotland/hsn-arsplan-2026/dokument.yaml: rad 14 (2025: att fastställa aktuella styrande "
        "dokument för nämnden enlig…)",
        "region-ostergotland/hsn-arsplan-2026/dokument.yaml: rad 15 (2025: att fastställa hälso- och "
        "sjukvårdsnämndens årsplan och bud…)",
    ]
    flag = "[[ATT UPPDATERA: att-satsen är 2025 års: skriv den för 2026 och ta bort markeringen]]"
    assert lines[14] == f'    - "att fastställa hälso- och sjukvårdsnämndens årsplan och budget för år 2025. {flag}"'
    case = workspace.sources / "region-ostergotland" / "beslut-arsplan-2026"
    texts = [p.text for p in Document(str(build(case, workspace))).paragraphs]
    assert f"2.\tatt fastställa hälso- och sjukvårdsnämndens årsplan och budget för år 2025. {flag[1:-1]}" in texts
    with pytest.raises(DocgenError) as refused:
        build(case, workspace, final=True)
    places = {(str(p.file), p.line) for p in refused.value.problems}
    assert ("sources/region-ostergotland/hsn-arsplan-2026/dokument.yaml", 15) in places, places
    # written for 2026, the decision builds as the editor wrote it
    plan.write_text(
        plan.read_text(encoding="utf-8").replace(f"för år 2025. {flag}", "för år 2026.").replace(f" {flag}", ""),
        encoding="utf-8",
    )
    texts = [p.text for p in Document(str(build(case, workspace))).paragraphs]
    assert "2.\tatt fastställa hälso- och sjukvårdsnämndens årsplan och budget för år 2026." in texts


def test_new_year_lists_the_running_text_that_names_last_year(workspace):
    """Chapter text is copied as it is ("Treårsbudget 2025–2027" in a plan for 2026): the summary
    lists each text that names last year by the line its field starts on in the new year's file,
    with the words around the year, and not a title whose year new-year moved forward."""
    summary = new_year("region-ostergotland", 2025, 2026, workspace)
    assert len(summary.texts) >= 30, summary.texts
    entry = "region-ostergotland/hsn-arsplan-2026/malomraden.yaml: rad 5 (”hantering av uppdragen i Treårsbudget "
    assert any(t.startswith(entry) for t in summary.texts), summary.texts
    lines = (workspace.sources / "region-ostergotland" / "hsn-arsplan-2026" / "malomraden.yaml").read_text(
        encoding="utf-8"
    )
    assert lines.splitlines()[4] == "    inledning: |"
    assert "Treårsbudget 2025–2027" in lines.splitlines()[5]
    assert not any("/arende.yaml" in t or "/dokument.yaml" in t for t in summary.texts), summary.texts
    assert "Löptext som nämner 2025, kopierad som den är och inte markerad: läs den för 2026" in summary.text(
        2025, 2026
    )


def test_new_year_command(workspace):
    result = run_docgen(workspace, "new-year", "region-ostergotland", "2025", "2026")
    assert result.returncode == 0 and "Skapade 2 mappar för 2026" in result.stdout
    result = run_docgen(workspace, "new-year", "region-ostergotland", "2025", "2026")
    assert result.returncode == 2 and "skriver aldrig över" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("name", ["beslut", "uppfoljning", "lista"])
def test_golden_text_snapshots(built, name):
    assert_matches_golden(built[name], built[name].stem)


def test_diff_names_an_unnumbered_uppdrag_by_its_words(workspace):
    """Region Gävleborg's budget gives its uppdrag no numbers: a revision names an uppdrag by its
    own words ('Uppdraget ”Genomlysning av parkeringsbehoven” ändras.'), never 'Uppdrag None'."""
    import shutil

    before = workspace.sources / "region-gavleborg" / "budget-2024"
    after = workspace.sources / "region-gavleborg" / "budget-2024-reviderad"
    shutil.copytree(before, after)
    goals = after / "mal.yaml"
    text = goals.read_text(encoding="utf-8")
    text = text.replace(
        "text: Genomlysning av parkeringsbehoven", "text: Genomlysning av parkeringsbehoven vid sjukhusen"
    )
    text = text.replace("          - id: hsn-klimatvard\n            text: Utredning klimatvård\n", "")
    text = text.replace(
        "          - id: kkn-konst\n            text: Inventera regionens konst\n",
        "          - id: kkn-konst\n            text: Inventera regionens konst\n"
        "          - id: kkn-bibliotek\n            text: Utred regionbiblioteket\n",
    )
    goals.write_text(text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "docgen.cli", "diff", str(before), str(after)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "a. Uppdraget ”Genomlysning av parkeringsbehoven” ändras." in lines
    assert "b. Under avsnitt Uppdrag till nämnderna läggs uppdraget till: Utred regionbiblioteket" in lines
    assert "c. Under avsnitt Uppdrag till nämnderna tas uppdraget ”Utredning klimatvård” bort." in lines
    assert "None" not in result.stdout
