"""Vallentuna kommun's månadsuppföljning januari–juni 2015 (tests/fixtures/
vallentuna-manadsuppfoljning-2015-06, README with the address), walked from `docgen new` with
only the guides: the kommunplan's result and the balanskrav as indicators, the helårsprognos
against them with the status docgen computes (no colour the report does not follow from),
kommunstyrelsen's förslag till beslut, and every figure as the tjänsteskrivelse gives it."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from docgen.commands.check import check_all
from docgen.pipeline import ROOT, Project, build

from .conftest import assert_matches_golden
from .test_followup_economy import rows_of
from .test_hostile import edit, refused

PLAN = Path("vallentuna-kommun") / "kommunplan-2015"
FOLLOW_UP = Path("vallentuna-kommun") / "manadsuppfoljning-2015-06"


def test_the_follow_up_gives_every_figure_and_status_as_the_report_does(tmp_path):
    project = Project(build=tmp_path)
    sources = [ROOT / "sources" / PLAN, ROOT / "sources" / FOLLOW_UP]
    assert [str(p) for p in check_all(sources, project)] == []  # finished: nothing marked, nothing unused
    built = build(ROOT / "sources" / FOLLOW_UP, project)
    document = Document(str(built))
    styled = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Beslutsrubrik", "Förslag till beslut") in styled
    assert ("Ensam att-sats", "Kommunstyrelsen godkänner månadsuppföljningen.") in styled
    text = "\n".join(p.text for p in document.paragraphs).replace("\u00a0", " ")
    for sentence in (
        "per den 30 juni är 28,3 miljoner kronor",
        "förra året var 27,9 miljoner kronor",
        "ett resultat om 16,2 miljoner kronor",
        "beräknas bli 14,2 miljoner kronor",
        "ett resultat på 2,5 miljoner kronor enligt kommunplan",
        "ett överskott på 13,7 miljoner kronor jämfört med budget",  # 16,2 − 2,5, computed
    ):
        assert sentence in text
    assert rows_of(document, "Årets resultat, budget och prognos") == [
        ["(mnkr)", "Kommunplan", "Prognos helår", "Avvikelse"],
        ["Årets resultat", "2,5", "16,2", "13,7"],
    ]
    assert rows_of(document, "Prognosens avvikelse mot budget") == [
        ["(mnkr)", "Avvikelse"],
        ["Återbetalning av premier från AFA Försäkring", "7,5"],
        ["Exploateringsintäkter", "6,4"],
        ["Nämndernas resultat", "6,3"],
        ["Skatter och bidrag", "−8,4"],
    ]
    status = [[c.replace("\u00a0", " ") for c in row] for row in rows_of(document, "Status för")]
    assert status[0] == ["Indikator", "Prognos helår", "Målvärde", "Status"]
    assert [row[0].split("\n")[0] for row in status[1:]] == [
        "1. Årets resultat",
        "2. Balanskravsresultat, efter avdrag av realisationsvinster",
    ]
    # 16,2 ≥ 2,5 and 14,2 ≥ 0: both reached, as the tjänsteskrivelse's figures say
    assert [row[1:] for row in status[1:]] == [
        ["16,2 mnkr", "minst 2,5 mnkr", "Grön"],
        ["14,2 mnkr", "minst 0 mnkr", "Grön"],
    ]
    assert_matches_golden(built, "vallentuna-manadsuppfoljning-2015-06")


def test_a_target_that_does_not_say_which_way_is_better_is_asked_for_at_its_line(workspace):
    """Written as the kommunplan's bare figure ("2,5 mnkr"), the target does not say whether a
    higher result is better: the build asks, at the plan's line, instead of choosing a colour."""
    line = edit(workspace.sources / PLAN / "mal.yaml", 'målvärde: "minst 2,5 mnkr"', 'målvärde: "2,5 mnkr"')
    refused(
        workspace,
        ["build", workspace.sources / FOLLOW_UP],
        r"riktning: högt",
        f"kommunplan-2015/mal.yaml, rad {line}",
    )


def test_a_prognosis_missing_its_outcome_gives_no_colour(workspace):
    """Without the balanskrav's prognosis the indicator has no status, never a guessed green."""
    source = workspace.sources / FOLLOW_UP / "uppfoljning.yaml"
    edit(source, '    - styrtal: "resultat/2"\n      värde: 14.2\n', "")
    document = Document(str(build(workspace.sources / FOLLOW_UP, workspace)))
    status = rows_of(document, "Status för")
    assert status[2][0].startswith("2. Balanskravsresultat")
    assert status[2][-1] == "Ingen uppgift"


def test_a_row_left_empty_under_a_written_sum_is_named_with_the_amount_it_lacks(workspace):
    """The tjänsteskrivelse names the main causes of the 13,7 mnkr; an editor who adds a row for
    the rest and leaves it empty (null, as the economy columns are computed) is told that the row
    counts as nothing, what it would have to be, and how to mark it when the report does not say."""
    source = workspace.sources / FOLLOW_UP / "uppfoljning.yaml"
    row = (
        edit(
            source,
            "          - {text: Skatter och bidrag, värden: [-8.4]}\n",
            "          - {text: Skatter och bidrag, värden: [-8.4]}\n"
            "          - {text: Övrigt, värden: [null]}\n"
            "        summa: {text: Prognosens avvikelse mot budget, värden: [13.7]}\n",
        )
        + 1
    )
    refused(
        workspace,
        ["build", workspace.sources / FOLLOW_UP],
        r"summan är 13,7 men delarna ger 11,8 \(skillnad 1,9\)\. Raden 'Övrigt' \(rad \d+\) är tom \(null\) i kolumnen "
        r"och räknas som inget belopp; med 1,9 där stämmer summan\. Skriv beloppet om underlaget anger det, annars "
        r"'\[\[ATT UPPDATERA: …\]\]' i cellen",
        f"manadsuppfoljning-2015-06/uppfoljning.yaml, rad {row + 1}:",
    )


def test_next_years_follow_up_follows_next_years_plan_and_guesses_no_colour(workspace):
    """`docgen new-year` on Vallentuna: the 2016 månadsuppföljning follows kommunplan-2016 (its
    följer_upp written in quotes moves too) for januari–juni 2016, so no status is computed from
    2015's targets: both indicators have none until 2016's targets are decided."""
    from docgen.commands.newyear import new_year

    new_year("vallentuna-kommun", 2015, 2016, workspace)
    folder = workspace.sources / "vallentuna-kommun" / "manadsuppfoljning-2016-06"
    text = (folder / "uppfoljning.yaml").read_text(encoding="utf-8")
    assert 'följer_upp: "vallentuna-kommun/kommunplan-2016"' in text
    assert 'period: "januari–juni 2016"' in text
    status = rows_of(Document(str(build(folder, workspace))), "Status för")
    assert [row[-1] for row in status[1:]] == ["Ingen uppgift", "Ingen uppgift"]
