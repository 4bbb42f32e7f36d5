"""Status rules that never guess: every target form found in the plans, at, just above and just
below its target, with a missing outcome; the build stops (file, line, what to write) where a
target does not say which way is better; the status report read back from the built document."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from docx import Document

from docgen.pipeline import ROOT, Project, build
from docgen.sources.schema import YellowRule
from docgen.view.status import (
    GREEN,
    RED,
    UNKNOWN,
    YELLOW,
    Rule,
    Undecided,
    UnknownTarget,
    Value,
    comparable,
    direction_in_words,
    parse_target,
    styrtal_status,
)
from docgen.word.accessibility import contrast
from docgen.word.readback import document_text

from .test_errors import edit, run_docgen, tree_digest

STATUS_DOC = ROOT / "sources" / "region-orebro-lan" / "hsn-vp-2026-styrtalsstatus"
ACUTE = (
    "Andelen av patienterna som får medicinsk bedömning inom 30 minuter på akutmottagningarna ska vara ≥80 "
    "procent, alternativt förbättras med fem procentenheter jämfört med samma månad år 2024"
)

# (target as written, riktning, the styrtal's own words, [(outcome, status)]): at, just better,
# just worse than the target, and no outcome; every form is one found in a seed or a plan.
FORMS = [
    ("≥80 procent", None, "", [(80, GREEN), ("80.1", GREEN), ("79.9", RED), (None, UNKNOWN)]),
    ("minst 85 %", None, "", [(85, GREEN), ("85.1", GREEN), ("84.9", RED), (None, UNKNOWN)]),
    (">0 mnkr", None, "", [(0, RED), ("0.1", GREEN), ("-0.1", RED), (None, UNKNOWN)]),
    ("ska vara ≤5 procent", None, "", [(5, GREEN), ("4.9", GREEN), ("5.1", RED), (None, UNKNOWN)]),
    ("ska inte överstiga 200 patienter", None, "", [(200, GREEN), (199, GREEN), (201, RED), (None, UNKNOWN)]),
    ("ska inte överstiga 100 dagar", None, "", [(100, GREEN), (99, GREEN), (101, RED), (None, UNKNOWN)]),
    ("Plats 3 av 7", None, "", [(3, GREEN), (2, GREEN), (4, RED), (None, UNKNOWN)]),
    ("6 av 8", "högt", "", [(6, GREEN), (7, GREEN), (5, RED), (None, UNKNOWN)]),
    ("9 av 21", "lågt", "", [(9, GREEN), (8, GREEN), (10, RED), (None, UNKNOWN)]),
    ("77- 80", None, "inom intervallet 77–80", [(77, GREEN), (80, GREEN), ("80.1", RED), ("76.9", RED)]),
    ("90- 100 %", None, "", [(90, GREEN), (100, GREEN), ("89.9", RED), (None, UNKNOWN)]),
    (
        "6,3- 6,1 %",
        None,
        "Sjukfrånvaron ska minska.",
        [("6.3", GREEN), ("6.1", GREEN), ("5.9", GREEN), ("6.4", RED), (None, UNKNOWN)],
    ),
    ("90 %", "högt", "", [(90, GREEN), ("90.1", GREEN), ("89.9", RED), (None, UNKNOWN)]),
    ("100 %", "högt", "", [(100, GREEN), ("99.9", RED), (None, UNKNOWN)]),
    ("3,8", "högt", "", [("3.8", GREEN), ("3.9", GREEN), ("3.7", RED), (None, UNKNOWN)]),
    ("-13 %", "lågt", "", [(-13, GREEN), (-14, GREEN), (-12, RED), (None, UNKNOWN)]),
    (
        "-360 mnkr",
        None,
        "Regionstyrelsens och nämndernas resultat ska vara positiv.",
        [(-360, GREEN), (-200, GREEN), (-361, RED), (None, UNKNOWN)],
    ),
    (
        "-15 %",
        None,
        "Klimatpåverkan från produkter på klimatlistan ska minska med 15 procent.",
        [(-15, GREEN), (-16, GREEN), (-14, RED), (None, UNKNOWN)],
    ),
]


@pytest.mark.parametrize("target, direction, words, cases", FORMS, ids=[f[0] for f in FORMS])
def test_every_target_form_at_and_around_its_target(target, direction, words, cases):
    rule = parse_target(target, direction, words)
    for outcome, expected in cases:
        value = None if outcome is None else D(str(outcome))
        assert styrtal_status(rule, value, yellow=NEVER) == expected, (target, outcome)


@pytest.mark.parametrize(
    "outcome, previous, expected",
    [
        (D(80), None, GREEN),  # boundary: ≥ includes the value
        (D("79.9"), None, RED),
        (D(76), D(70), GREEN),  # improved by six percentage points
        (D(75), D(70), GREEN),  # exactly five: the alternative is met
        (D(74), D(70), YELLOW),  # better than last year, not enough
        (D(70), D(73), RED),
        (None, D(70), UNKNOWN),  # missing outcome: "ingen uppgift", not a crash
    ],
)
def test_threshold_with_improvement_alternative(outcome, previous, expected):
    assert styrtal_status(parse_target(ACUTE), outcome, previous, yellow=ELSE_RED) == expected


NEVER, ELSE_RED, BETTER = YellowRule("never"), YellowRule("better_else_red"), YellowRule("better")


def test_a_missed_target_without_a_comparison_value_is_never_guessed_gul_or_rod():
    with pytest.raises(Undecided) as failure:
        styrtal_status(parse_target("95 %", "högt"), D(86))  # the default rule: better than föregående
    assert "utan ett föregående värde går det inte att säga om statusen är gul" in failure.value.message
    assert "föregående: …" in failure.value.hint and "gul: aldrig" in failure.value.hint
    assert styrtal_status(parse_target("95 %", "högt"), D(96)) == GREEN  # met: no comparison needed
    assert styrtal_status(parse_target("95 %", "högt"), D(86), yellow=ELSE_RED) == RED  # the report's rule
    assert styrtal_status(parse_target("95 %", "högt"), D(86), D(80), yellow=NEVER) == RED  # two levels


@pytest.mark.parametrize(
    "target, direction, outcome, expected",
    [
        ("95 %", "högt", 86, YELLOW),  # 86 is 90,5 % of 95
        ("95 %", "högt", 76, YELLOW),  # exactly 80 %
        ("95 %", "högt", "75.9", RED),
        ("högst 5 dagar", None, 6, YELLOW),  # lower is better: 5 is 83 % of 6
        ("högst 5 dagar", None, 7, RED),  # 71 %
        ("90-100 %", None, 75, YELLOW),  # below the range: 75 of its lower end 90
        ("90-100 %", None, 60, RED),
    ],
)
def test_gul_as_a_share_of_the_target(target, direction, outcome, expected):
    share = YellowRule("share", D(80))
    assert styrtal_status(parse_target(target, direction), D(str(outcome)), yellow=share) == expected


@pytest.mark.parametrize(
    "target, outcome, previous, expected",
    [
        ("Öka", 5, 4, GREEN),
        ("Öka", 4, 4, YELLOW),
        ("Ökning", 3, 4, RED),
        ("Ökad andel", 5, 4, GREEN),
        ("Minska", 3, 4, GREEN),
        ("Minskning", 5, 4, RED),
        ("Minska jämfört med föregående år", 3, 4, GREEN),
        ("Ska minska jämfört med 2023", 5, 4, RED),
    ],
)
def test_a_target_without_a_figure_is_a_direction_against_the_previous_value(target, outcome, previous, expected):
    assert styrtal_status(parse_target(target), D(outcome), D(previous)) == expected


def test_bibehalla_keeps_the_previous_level_on_its_better_side():
    with pytest.raises(UnknownTarget) as failure:
        parse_target("Bibehålla")
    assert "riktning: högt" in failure.value.hint
    keep = parse_target("Bibehålla", "högt")
    assert [styrtal_status(keep, D(v), D(80)) for v in (80, 81, 79)] == [GREEN, GREEN, RED]
    assert styrtal_status(parse_target("Bibehålla", "lågt"), D(79), D(80)) == GREEN
    with pytest.raises(Undecided):
        styrtal_status(keep, D(80))  # no previous level to keep
    assert parse_target("bibehålla 85 %", "högt") == parse_target("85 %", "högt")  # a figure: the plain value


def test_a_share_of_a_negative_target_is_never_guessed():
    with pytest.raises(Undecided) as failure:
        styrtal_status(parse_target("-0,5 %", "lågt"), D("9.4"), yellow=YellowRule("share", D(80)))
    assert "inte är ett positivt tal" in failure.value.message
    assert "överskrivningar" in failure.value.hint


def test_better_than_last_year_is_yellow_whichever_way_is_better():
    assert styrtal_status(parse_target("90 %", "högt"), D(85), D(80)) == YELLOW
    assert styrtal_status(parse_target("90 %", "högt"), D(80), D(85)) == RED
    assert styrtal_status(parse_target("Plats 3 av 7"), D(5), D(6)) == YELLOW
    assert styrtal_status(parse_target("-13 %", "lågt"), D(-10), D(-8)) == YELLOW


def test_decrease_and_increase_against_a_baseline():
    decrease = parse_target("Oplanerade återinläggningar inom 30 dagar för patienter 65+ år ska minska")
    assert styrtal_status(decrease, D(11), baseline=D(12)) == GREEN
    assert styrtal_status(decrease, D(12), baseline=D(12)) == YELLOW
    assert styrtal_status(decrease, D(13), baseline=D(12)) == RED
    with pytest.raises(Undecided) as failure:  # nothing to compare with: asked, never "ingen uppgift" unexplained
        styrtal_status(decrease, D(13))
    assert "'föregående: …'" in failure.value.hint and "'bas: …'" in failure.value.hint
    assert styrtal_status(parse_target("Antalet patienter med fast vårdkontakt ska öka"), D(5), baseline=D(4)) == GREEN


@pytest.mark.parametrize(
    "target, words, said",
    [
        ("90 %", "", "säger inte om ett högre eller ett lägre utfall är bättre."),
        ("3,8", "Målsättningen är att bibehålla befintliga höga betyg.", "säger inte om ett högre"),
        ("6 av 8", "", "'5 av 8' kan vara antal uppnådda mål, '10 av 21' en placering"),
        ("100 %", "", "för en andel är 100 % det bästa möjliga, men för t.ex. en beläggningsgrad"),
        ("-360 mnkr", "ska öka men kostnaderna ska minska", "säger inte om ett högre"),  # the words disagree
    ],
)
def test_a_target_that_does_not_say_which_way_is_better_is_never_guessed(target, words, said):
    with pytest.raises(UnknownTarget) as failure:
        parse_target(target, None, words)
    assert said in failure.value.message
    assert "riktning: högt" in failure.value.hint and "riktning: lågt" in failure.value.hint


def test_riktning_that_contradicts_the_target_is_refused():
    with pytest.raises(UnknownTarget) as failure:
        parse_target("≥80 procent", "lågt")
    assert "säger att ett högre utfall är bättre, men riktning säger 'lågt'" in failure.value.message
    with pytest.raises(UnknownTarget):
        parse_target("Plats 3 av 7", "högt")


def test_words_that_set_the_direction():
    assert direction_in_words("Regionstyrelsens och nämndernas resultat ska vara positiv.") == "högt"
    assert direction_in_words("Sjukfrånvaron ska minska.") == "lågt"
    assert direction_in_words("Antalet ska öka och väntetiden ska minska") is None
    assert direction_in_words("Målsättningen är att bibehålla befintliga höga betyg.") is None


def test_outcomes_in_another_unit_or_scale_are_not_compared():
    from docgen.sources.schema import Explanations

    explain = Explanations()  # the Swedish defaults; a document's benämningar.förklaringar can change them
    assert "ton koldioxidekvivalenter och målvärdet i procent" in comparable(
        parse_target("-15 %", "lågt"), Value(D("1.4"), unit="ton koldioxidekvivalenter"), explain
    )
    assert (
        comparable(parse_target("Plats 3 av 7"), Value(D(10), scale=D(21)), explain)
        == "Utfallet är angivet av 21, målvärdet av 7."
    )
    assert comparable(parse_target("90 %", "högt"), Value(D(66)), explain) is None  # a bare number from an export
    assert parse_target("ska vara ≤5 procent") == Rule("max", high=D(5), unit="%")


# ---------------------------------------------------------------- through the real build


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    return Document(str(build(STATUS_DOC, Project(build=tmp_path_factory.mktemp("status")))))


def _rows(document):
    return {
        r.cells[0].paragraphs[0].text: [c.text for c in r.cells[1:]]
        + ["\n".join(p.text for p in r.cells[0].paragraphs[1:])]
        for t in document.tables[1:]
        for r in t.rows[1:]
    }


# Every styrtal of the plan with its outcome (and the period it refers to), target and status.
EXPECTED = {
    "1. Kvalitetsindikatorer sjukvård.": ("5 av 8 (hösten 2025)", "6 av 8", "Röd"),
    "2. Patientrapporterade resultat": ("87\u00a0% (2025)", "90\u00a0%", "Röd"),
    "3 a. Operation": ("56\u00a0% (2023)", "65\u00a0%", "Röd"),
    "3 b. Barn- och ungdomspsykiatrin": ("79\u00a0% (mars-juni 2025)", "100\u00a0%", "Röd"),
    "3 c. Telefontillgängligheten": ("82\u00a0% (2023)", "90\u00a0%", "Röd"),
    "1. Andel nationella och regionala kriterier": ("89\u00a0% (2024)", "95\u00a0%", "Röd"),
    "2. Egenfinansierad forskning": ("Plats 6 av 7 (2023)", "Plats 3 av 7", "Röd"),
    "3. Forskningsintensiv region": ("10 av 21 (2023)", "9 av 21", "Röd"),
    "1. En hög andel av länets invånare": ("95\u00a0% (2024)", "95\u00a0%", "Grön"),
    "2. 1177 inloggade e-tjänster": ("71\u00a0% (2024)", "76\u00a0%", "Röd"),
    "3 a. Betyg vid digitala möten": ("3,7 (2024)", "3,8", "Röd"),
    "3 b. Betyg vid digitala möten": ("3,9 (2024)", "3,9", "Grön"),
    "3. Klimatpåverkan från produkter": ("1,4\u00a0ton koldioxidekvivalenter (2024)", "−15\u00a0%", "Ingen uppgift"),
    "1. Hållbart medarbetarengagemang": ("75\u00a0% (2024)", "77–80", "Röd"),
    "2. Systematiskt arbetsmiljöarbete": ("79\u00a0% (2024)", "90–100\u00a0%", "Röd"),
    "3. Sjukfrånvaron ska minska.": ("6,6\u00a0% (2024)", "6,3–6,1\u00a0%", "Röd"),
    "3. Regionstyrelsens och nämndernas resultat": (
        "−200\u00a0mnkr (prognos budgetavvikelse 2025 per delår)",
        "−360\u00a0mnkr",
        "Grön",
    ),
}


def test_headings_stand_over_their_columns_as_the_cells_do(report):
    """A heading is right-aligned over numbers and left-aligned over words (the status word
    stood left under a right-aligned 'Status')."""
    for table in report.tables[1:]:
        header, first = table.rows[0].cells, table.rows[1].cells
        for head, cell in zip(header, first):
            right = head.paragraphs[0].style.name.lower().endswith(("höger", "hoger"))
            assert right == (cell.paragraphs[0].style.name == "Tabelltal"), (head.text, cell.paragraphs[0].style.name)


def test_every_status_of_the_report(report):
    rows = _rows(report)
    for start, expected in EXPECTED.items():
        found = [cells for label, cells in rows.items() if label.startswith(start)]
        assert found, start
        assert tuple(found[0][:3]) == expected, start
    counted = [
        cells for cells in rows.values() if len(cells) == 4 and cells[2] in ("Grön", "Gul", "Röd", "Ingen uppgift")
    ]
    assert len(counted) == len(EXPECTED) == 17
    total = [c.text for c in report.tables[0].rows[-1].cells]
    assert total == ["Totalt", "3", "0", "13", "1", "17"]  # "3. Vårdgaranti" is a heading, not a measure


def test_report_marks_older_outcomes_and_explains_what_cannot_be_compared(report):
    rows = _rows(report)
    operation = next(cells for label, cells in rows.items() if label.startswith("3 a. Operation"))
    assert "Utfallet avser 2023, målvärdet 2026." in operation[-1]
    climate = next(cells for label, cells in rows.items() if label.startswith("3. Klimatpåverkan"))
    assert "Utfallet är angivet i ton koldioxidekvivalenter och målvärdet i procent" in climate[-1]
    heading = next(r for t in report.tables[1:] for r in t.rows if r.cells[0].text.startswith("3. Vårdgaranti"))
    assert len({id(c._tc) for c in heading.cells}) == 1  # one cell across the row: a heading
    assert [p.text for p in heading.cells[0].paragraphs[1:]] == [
        "Utfall: 2023.",
        "Införande av Cosmic innebär osäkra resultat 2024.",
    ]


def test_report_has_no_tool_words_and_readable_status_colours(report, tmp_path):
    text = "\n".join(p.text for p in report.paragraphs) + "\n".join(
        c.text for t in report.tables for r in t.rows for c in r.cells
    )
    for word in ("docgen", "härledd", "riktningen"):
        assert word not in text.lower()
    seen = set()
    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for table in report.tables[1:]:
        for row in table.rows[1:]:
            cell = row.cells[-1]._tc
            shading = cell.find(f"{ns}tcPr/{ns}shd")
            colour = cell.find(f".//{ns}color")
            if shading is None or colour is None:
                continue
            ratio = contrast(colour.get(f"{ns}val"), shading.get(f"{ns}fill"))
            assert ratio >= 4.5, (row.cells[-1].text, ratio)
            seen.add(row.cells[-1].text)
    assert {"Grön", "Röd", "Ingen uppgift"} <= seen


def test_a_target_without_direction_stops_the_build(workspace):
    plan = workspace.sources / "region-orebro-lan" / "hsn-vp-2026" / "malsattningar.yaml"
    edit(plan, "        riktning: högt   # gäller delarna 3 a–3 c: en högre andel inom vårdgarantin är bättre\n", "")
    text = plan.read_text(encoding="utf-8")
    line = text[: text.index('\n            målvärde: "100 %"')].count("\n") + 2
    before = tree_digest(workspace.sources)
    result = run_docgen(workspace, "build", str(workspace.sources / "region-orebro-lan" / "hsn-vp-2026-styrtalsstatus"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"malsattningar.yaml, rad {line}: styrtalet '3 b. Barn- och ungdomspsykiatrin" in result.stderr
    assert "målvärdet '100 %' säger inte om ett högre eller ett lägre utfall är bättre" in result.stderr
    assert "Skriv under styrtalet 'riktning: högt'" in result.stderr
    assert "3 a. Operation" in result.stderr and "3 c. Telefontillgängligheten" in result.stderr  # every one at once
    assert list(workspace.build.rglob("*")) == []
    assert tree_digest(workspace.sources) == before


SKANE = ("region-skane", "delarsrapport-2022")


def test_a_missed_target_without_a_comparison_value_stops_the_build(workspace):
    follow_up = workspace.sources.joinpath(*SKANE, "uppfoljning.yaml")
    edit(
        follow_up, "  gul: aldrig   # rapporten bedömer de finansiella målen i två steg: målet nås eller nås inte\n", ""
    )
    text = follow_up.read_text(encoding="utf-8")
    line = text[: text.index("      värde: 1.4")].count("\n") + 1
    before = tree_digest(workspace.sources)
    result = run_docgen(workspace, "build", str(workspace.sources.joinpath(*SKANE)))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"uppfoljning.yaml, rad {line}: styrtalet 'Resultatet över en rullande femårsperiod" in result.stderr
    assert "utan ett föregående värde går det inte att säga om statusen är gul (bättre än föregående) eller röd" in (
        result.stderr
    )
    assert "'föregående: …'" in result.stderr and "'gul: aldrig'" in result.stderr
    assert list(workspace.build.rglob("*")) == []
    assert tree_digest(workspace.sources) == before


def test_a_missed_target_from_the_plan_is_asked_about_where_the_plan_writes_the_outcome(workspace):
    follow_up = STATUS_DOC.relative_to(ROOT / "sources")
    edit(
        workspace.sources / follow_up / "uppfoljning.yaml",
        "  gul: bättre än föregående, annars röd",
        "  gul: bättre än föregående",
    )
    plan = workspace.sources / "region-orebro-lan" / "hsn-vp-2026" / "malsattningar.yaml"
    text = plan.read_text(encoding="utf-8")
    line = text[: text.index('utfall: "56 %"')].count("\n") + 1
    before = tree_digest(workspace.sources)
    result = run_docgen(workspace, "build", str(workspace.sources / follow_up))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert (
        f"malsattningar.yaml, rad {line}: styrtalet '3 a. Operation (< 90 dagar).': utfallet når inte" in result.stderr
    )
    assert list(workspace.build.rglob("*")) == []
    assert tree_digest(workspace.sources) == before


def test_an_unknown_rule_for_gul_stops_the_build(workspace):
    follow_up = workspace.sources.joinpath(*SKANE, "uppfoljning.yaml")
    line = edit(follow_up, "  gul: aldrig", "  gul: när det nästan nås")
    before = tree_digest(workspace.sources)
    result = run_docgen(workspace, "build", str(workspace.sources.joinpath(*SKANE)))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"uppfoljning.yaml, rad {line}" in result.stderr
    assert "'när det nästan nås' säger inte när ett styrtal som inte når målvärdet är gult" in result.stderr
    assert "'minst 80 procent av målvärdet'" in result.stderr
    assert list(workspace.build.rglob("*")) == []
    assert tree_digest(workspace.sources) == before


SKANE_PLAN = ("region-skane", "finansiella-mal-2022", "mal.yaml")


def test_a_limit_for_gul_in_counts_and_places():
    from docgen.sources.schema import Measure
    from docgen.view.status import WrongLimit, limit_rule

    def limit(text):
        return Measure.parse(text, (), [])

    of_eight = parse_target("6 av 8", "högt")
    assert [styrtal_status(of_eight, D(n), yellow=limit_rule(of_eight, limit("5 av 8"))) for n in (6, 5, 4)] == [
        GREEN,
        YELLOW,
        RED,
    ]
    place = parse_target("Plats 3 av 7")
    assert [styrtal_status(place, D(n), yellow=limit_rule(place, limit("Plats 5 av 7"))) for n in (3, 5, 6)] == [
        GREEN,
        YELLOW,
        RED,
    ]
    with pytest.raises(WrongLimit):
        limit_rule(of_eight, limit("5 av 21"))  # another scale
    with pytest.raises(WrongLimit):
        limit_rule(parse_target("77-80"), limit("75"))  # a range has no worse side


def test_a_styrtals_own_limit_for_gul_goes_before_the_follow_ups_rule(workspace):
    plan = workspace.sources.joinpath(*SKANE_PLAN)
    edit(plan, 'målvärde: "minst 2 procent"', 'målvärde: "minst 2 procent"\n        gul_gräns: "1 procent"')
    rows = _rows(Document(str(build(workspace.sources.joinpath(*SKANE), workspace))))
    result = next(cells for label, cells in rows.items() if label.startswith("Resultatet över"))
    assert result[:3] == ["1,4\u00a0%", "minst\u00a02\u00a0%", "Gul"]  # 1,4 reaches 1: gul, though gul: aldrig
    edit(plan, 'gul_gräns: "1 procent"', 'gul_gräns: "1,5 procent"')
    rows = _rows(Document(str(build(workspace.sources.joinpath(*SKANE), workspace))))
    assert next(c for label, c in rows.items() if label.startswith("Resultatet över"))[2] == "Röd"


@pytest.mark.parametrize(
    "limit, said",
    [
        ('"3 procent"', "gul_gräns '3 procent' ligger inte på den sämre sidan av målvärdet (2)"),
        ('"1 mnkr"', "gul_gräns '1 mnkr' är inte i målvärdets enhet (procent)"),
        ("nästan", "gul_gräns 'nästan' är inget tal"),
    ],
)
def test_a_limit_for_gul_that_is_no_limit_stops_the_build(workspace, limit, said):
    plan = workspace.sources.joinpath(*SKANE_PLAN)
    line = edit(plan, 'målvärde: "minst 2 procent"', f'målvärde: "minst 2 procent"\n        gul_gräns: {limit}') + 1
    before = tree_digest(workspace.sources)
    result = run_docgen(workspace, "build", str(workspace.sources.joinpath(*SKANE)))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"mal.yaml, rad {line}: styrtalet 'Resultatet över en rullande" in result.stderr
    assert said in result.stderr
    assert list(workspace.build.rglob("*")) == []
    assert tree_digest(workspace.sources) == before


def test_the_reports_own_status_settles_what_the_rule_cannot(workspace):
    follow_up = workspace.sources.joinpath(*SKANE, "uppfoljning.yaml")
    edit(follow_up, "  gul: aldrig", "  gul: minst 60 procent av målvärdet")  # 1,4 of 2 is 70 %
    rows = _rows(Document(str(build(workspace.sources.joinpath(*SKANE), workspace))))
    result = next(cells for label, cells in rows.items() if label.startswith("Resultatet över"))
    assert result[2] == "Gul"
    edit(
        follow_up,
        "  överskrivningar:\n",
        "  överskrivningar:\n    - styrtal: finansiella-mal/Resultatet över en rullande femårsperiod, andel av "
        "intäkterna från skatt, kommunalekonomisk utjämning och generella statliga bidrag\n"
        "      status: röd\n      skäl: Resultatmålet nås inte.\n",
    )
    edit(
        follow_up, "  gul: minst 60 procent av målvärdet", "  gul: bättre än föregående"
    )  # undecided without föregående
    rows = _rows(Document(str(build(workspace.sources.joinpath(*SKANE), workspace))))
    result = next(cells for label, cells in rows.items() if label.startswith("Resultatet över"))
    assert result[2] == "Röd"
    assert "Bedömd status: Resultatmålet nås inte." in result[-1]
    assert "ändrad" not in result[-1]  # docgen computed nothing that was changed


def test_an_outcome_of_the_followed_up_year_is_not_marked_older(workspace):
    plan = workspace.sources / "region-orebro-lan" / "hsn-vp-2026" / "malsattningar.yaml"
    edit(
        plan,
        '            utfall_period: "2023"\n            utfall: "56 %"',
        '            utfall_period: "2026"\n            utfall: "66 %"',
    )
    built = build(workspace.sources / "region-orebro-lan" / "hsn-vp-2026-styrtalsstatus", workspace)
    rows = _rows(Document(str(built)))
    operation = next(cells for label, cells in rows.items() if label.startswith("3 a. Operation"))
    assert operation[:3] == ["66\u00a0% (2026)", "65\u00a0%", "Grön"]
    assert "Utfallet avser" not in operation[-1]
    assert "avser 2026" not in document_text(built)


def test_the_reason_an_outcome_is_not_compared_is_in_the_documents_own_words(workspace):
    (workspace.sources / "region-orebro-lan" / "benämningar.yaml").write_text(
        "benämningar:\n  förklaringar:\n"
        '    annan_enhet: "Går inte att jämföra: {utfallets_enhet} mot {målvärdets_enhet}."\n',
        encoding="utf-8",
    )
    text = document_text(build(workspace.sources / "region-orebro-lan" / "hsn-vp-2026-styrtalsstatus", workspace))
    assert "Går inte att jämföra: ton koldioxidekvivalenter mot procent." in text
    assert "så de kan inte jämföras" not in text
