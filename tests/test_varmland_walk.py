"""Region Värmland's delårsrapport 2024 (tests/fixtures/region-varmland-delarsrapport-2024,
README with the addresses), walked from `docgen new` with only the guides: the effektmål of the
regionplan 2024 with their indicators, the outcome the report gives (82 procent) with its unit,
and what the stored pages lack (the target, the prognosis for the year, the uppdrag's status,
the förslag till beslut, the economy) marked, never guessed: each shown marked, with the status
Kan inte bedömas, and named with its file and line by a final build."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from docgen.cli import main
from docgen.pipeline import ROOT, Project, build

from .conftest import assert_matches_golden
from .test_followup_economy import rows_of
from .test_hostile import edit, refused

PLAN = Path("region-varmland") / "regionplan-2024"
FOLLOW_UP = Path("region-varmland") / "delarsrapport-2024"


def _cells(document, caption: str) -> list[list[str]]:
    return [[c.replace("\u00a0", " ") for c in row] for row in rows_of(document, caption)]


def test_the_report_shows_its_outcome_with_its_unit_and_marks_what_the_pages_lack(tmp_path):
    built = build(ROOT / "sources" / FOLLOW_UP, Project(build=tmp_path))
    document = Document(str(built))
    indicator = _cells(document, "Status för Attraktivt")
    assert indicator[0] == ["Indikator", "Utfall", "Målvärde", "Bedömning"]
    # "82 procent" in the report: the unit under utfall (enhet: procent), the target not in the pages
    assert indicator[1][1:] == [
        "82 %",
        "[ATT UPPDATERA: målvärdet 2024; effektmålet som indikatorn hör till är antaget ur delårsrapporten]",
        "Kan inte bedömas",
    ]
    result = _cells(document, "Status för Hållbar")
    assert result[1][0].startswith("Resultat i procent av skatteintäkter och generella statsbidrag\nUtfall saknas.")
    assert result[1][1:] == ["[ATT UPPDATERA: prognosen för helåret]", "minst 2 %", "Kan inte bedömas"]
    assignments = _cells(document, "Uppdragens status")
    assert assignments[1][1] == "[ATT UPPDATERA: uppdragets status]"
    assert_matches_golden(built, "region-varmland-delarsrapport-2024")


def test_a_final_build_names_the_missing_outcome_and_status_at_their_lines(workspace):
    text = (workspace.sources / FOLLOW_UP / "uppfoljning.yaml").read_text(encoding="utf-8").splitlines()
    outcome = next(n for n, line in enumerate(text, 1) if "prognosen för helåret" in line)
    status = next(n for n, line in enumerate(text, 1) if "uppdragets status" in line)
    message = refused(workspace, ["build", "--slutlig", workspace.sources / FOLLOW_UP], r"ATT UPPDATERA")
    assert (
        f"delarsrapport-2024/uppfoljning.yaml, rad {outcome}: står kvar markerat: [ATT UPPDATERA: prognosen" in message
    )
    assert (
        f"delarsrapport-2024/uppfoljning.yaml, rad {status}: står kvar markerat: [ATT UPPDATERA: uppdragets status]"
        in message
    )


def test_an_outcome_that_is_neither_a_number_nor_marked_is_named_with_what_to_write(workspace):
    line = edit(
        workspace.sources / FOLLOW_UP / "uppfoljning.yaml",
        'värde: "[[ATT UPPDATERA: prognosen för helåret]]"',
        "värde: prognos saknas",
    )
    message = refused(
        workspace,
        ["build", workspace.sources / FOLLOW_UP],
        r"ska vara ett tal, men är 'prognos saknas'",
        f"delarsrapport-2024/uppfoljning.yaml, rad {line}",
    )
    assert "[[ATT UPPDATERA: …]]" in message and "enhet: procent" in message


def test_an_outcome_unit_that_is_no_unit_is_named_at_its_line(workspace):
    line = edit(workspace.sources / FOLLOW_UP / "uppfoljning.yaml", "enhet: procent", "enhet: 82 %")
    refused(
        workspace,
        ["build", workspace.sources / FOLLOW_UP],
        r"'82 %' är ingen enhet",
        f"delarsrapport-2024/uppfoljning.yaml, rad {line}",
    )


def test_an_outcome_unit_other_than_the_targets_gives_no_colour(workspace, tmp_path):
    """The unit under utfall is compared as an outcome file's is: days against a target in
    percent are not compared, and the status says why."""
    follow = workspace.sources / FOLLOW_UP / "uppfoljning.yaml"
    edit(
        follow,
        'värde: "[[ATT UPPDATERA: prognosen för helåret]]"',
        "värde: 3\n      enhet: dagar",
    )
    built = build(follow.parent, workspace)
    result = _cells(Document(str(built)), "Status för Hållbar")
    assert result[1][1:] == ["3 dagar", "minst 2 %", "Kan inte bedömas"]
    assert "inte jämföras" in result[1][0]


def test_new_year_asks_for_the_outcomes_and_statuses_instead_of_carrying_last_years(workspace):
    """Vallentuna's månadsuppföljning juni 2015 made into 2016's by new-year showed 2015's helårsprognos
    (16,2 mnkr) under "Prognos helår" with the status Grön, as if it were 2016's. Now each outcome
    and comment is marked, quoting 2015's, the status is Ingen uppgift until 2016's is written, and
    2015's outcome is 2016's comparison value (föregående); an uppdrag's status likewise."""
    argv = ["--kallor", str(workspace.sources), "--mallar", str(workspace.templates), "--ut", str(workspace.build)]
    assert main([*argv, "new-year", "vallentuna-kommun", "2015", "2016"]) == 0
    follow = workspace.sources / "vallentuna-kommun" / "manadsuppfoljning-2016-06"
    text = (follow / "uppfoljning.yaml").read_text(encoding="utf-8")
    assert 'värde: "[[ATT UPPDATERA: utfallet för 2016 (2015: 16,2)]]"\n      föregående: 16.2\n' in text
    built = build(follow, workspace)
    status = _cells(Document(str(built)), "Status för")
    assert [row[1:] for row in status[1:]] == [
        [
            "[ATT UPPDATERA: utfallet för 2016 (2015: 16,2)]",
            "[ATT UPPDATERA: målvärdet för 2016 (2015: minst 2,5 mnkr)]",
            "Ingen uppgift",
        ],
        [
            "[ATT UPPDATERA: utfallet för 2016 (2015: 14,2)]",
            "[ATT UPPDATERA: målvärdet för 2016 (2015: minst 0 mnkr)]",
            "Ingen uppgift",
        ],
    ]
    assert main([*argv, "new-year", "region-varmland", "2024", "2025"]) == 0
    varmland = (workspace.sources / "region-varmland" / "delarsrapport-2025" / "uppfoljning.yaml").read_text(
        encoding="utf-8"
    )
    assert 'status: "[[ATT UPPDATERA: uppdragets status för 2025 (2024: skrevs aldrig in)]]"' in varmland
    assert 'kommentar: "[[ATT UPPDATERA: kommentaren för 2025 (2024: Vårterminen 2024.)]]"' in varmland


def test_a_comparison_value_against_a_target_the_plan_lacks_gives_no_trend(workspace, tmp_path):
    """föregående under an outcome whose target is still marked in the plan stopped the build with
    'internt fel' (the marker read as a target to find the trend by); now no trend, Kan inte bedömas."""
    edit(
        workspace.sources / FOLLOW_UP / "uppfoljning.yaml",
        "      enhet: procent\n",
        "      enhet: procent\n      föregående: 80\n",
    )
    built = build(workspace.sources / FOLLOW_UP, workspace)
    indicator = _cells(Document(str(built)), "Status för Attraktivt")
    assert indicator[1][1] == "82 %" and indicator[1][3] == "Kan inte bedömas"


def test_an_unnumbered_uppdrag_has_no_hanging_indent(tmp_path):
    """Kulturskjuts, an uppdrag without a number (id:), stood in the style for "Uppdrag 1.<tab>…",
    whose hanging indent set its second line in under the first, as if a number were missing.
    The starter kit's plan and verksamhetsplan (and Region Värmland's copy, as an editor changes
    it in Word) give an unnumbered uppdrag a paragraph without the hanging indent; a numbered one
    is as before."""
    built = build(ROOT / "sources" / PLAN, Project(build=tmp_path))
    (paragraph,) = [p for p in Document(str(built)).paragraphs if p.text.startswith("Kulturskjuts")]
    assert paragraph.style.name == "Uppdragslista"
    assert paragraph.paragraph_format.left_indent == 0 and paragraph.paragraph_format.first_line_indent == 0
    for kit in ("plan", "verksamhetsplan"):
        texts = [p.text for p in Document(str(ROOT / "templates" / "startpaket" / f"{kit}.docx")).paragraphs]
        at = texts.index("{{ g.serie.prefix }} {{ u.nr }}.\t{{ u.text }}")
        assert texts[at - 1 : at + 4] == [
            "{%p if u.nr %}",
            "{{ g.serie.prefix }} {{ u.nr }}.\t{{ u.text }}",
            "{%p else %}",
            "{{ u.text }}",
            "{%p endif %}",
        ]
