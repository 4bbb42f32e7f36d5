"""Västra Götalandsregionen's delårsrapport augusti 2019 (tests/fixtures/vgr-delarsrapport-augusti-2019),
a region's follow-up of its prioritised goals, made from `docgen new`: what the walk found, through
the real path (the sources built, the document read back)."""

from __future__ import annotations

import re
import shutil

from docx import Document

from docgen.pipeline import ROOT, Project, build
from docgen.view.status import parse_target

from .test_new import assess_first_uppdrag, empty, new_follow_up  # noqa: F401 (the fixture)

FOLLOW_UP = ROOT / "sources" / "vastra-gotalandsregionen" / "delarsrapport-augusti-2019"


def _rows(path) -> dict[str, list[str]]:
    """Every table row of a built document by its first cell."""
    rows = {}
    for table in Document(str(path)).tables:
        for row in table.rows:
            cells = [c.text for c in row.cells]
            rows[cells[0].split("\n")[0]] = cells
    return rows


def test_a_target_in_millions_of_tonnes_keeps_its_unit(tmp_path):
    """ "10,1 miljoner ton" is in 'miljoner ton', not 'miljoner': the outcome showed "10,2 miljoner"."""
    assert parse_target("10,1 miljoner ton", "lågt").unit == "miljoner ton"
    assert parse_target("högst 2 miljarder kronor").unit == "miljarder kronor"
    assert parse_target("ska inte överstiga 200 patienter").unit == "patienter"
    built = build(FOLLOW_UP, Project(build=tmp_path))
    row = _rows(built)["1. Utsläpp av fossilt CO2"]
    assert row[1:3] == ["10,2\u00a0miljoner ton", "10,1\u00a0miljoner ton"]
    assert row[-1] == "Gul" and "Statusen är ändrad från röd" in row[0]  # the report's colour, with its reason


def test_an_outcome_written_in_the_plan_in_millions_of_tonnes_compares(tmp_path):
    """The plan's own utfall "10,2 miljoner ton" against the target "10,1 miljoner ton": the same
    unit, so a status (it was 'ingen uppgift': another unit)."""
    sources = tmp_path / "sources" / "vastra-gotalandsregionen"
    shutil.copytree(ROOT / "sources" / "vastra-gotalandsregionen", sources)
    follow = sources / "delarsrapport-augusti-2019" / "uppfoljning.yaml"
    text = follow.read_text(encoding="utf-8")
    text = re.sub(r'    - styrtal: "klimat/1"\n      värde: 10.2\n      föregående: 10.2\n', "", text)
    text = text.replace(
        '  period: "januari–augusti 2019"\n', '  period: "januari–augusti 2019"\n  utfall_ur_planen: true\n'
    )
    start = text.index("  överskrivningar:")
    text = text[:start] + "  gul: aldrig\n" + text[text.index("  bedömningar:") :]  # the rule decides alone
    follow.write_text(text, encoding="utf-8")
    project = Project(tmp_path / "sources", ROOT / "templates", tmp_path / "build")
    row = _rows(build(sources / "delarsrapport-augusti-2019", project))["1. Utsläpp av fossilt CO2"]
    assert row[1].startswith("10,2\u00a0miljoner ton")
    assert row[-1] == "Röd"  # compared with the target: not 'Ingen uppgift' (another unit)


def test_the_måluppfyllnad_never_stands_on_the_other_side_of_the_status(workspace):
    """A share rounded to whole percent could say what the status does not: 26,9 against "27 %" is
    99,6 % of the target, shown "100 %" beside a status that is not grön; 68 against "minst 75 %" is
    90,7 %, shown "91 %" beside red under "gul: minst 91 procent av målvärdet". Such a share keeps
    one decimal; every other stays whole."""
    from decimal import Decimal

    from docgen.sources.schema import YellowRule
    from docgen.view.status import fulfilment

    share = YellowRule("share", Decimal(91))
    assert fulfilment(parse_target("minst 75 %"), Decimal(68), share) == Decimal("90.7")
    assert fulfilment(parse_target("minst 75 %"), Decimal(68)) == 91  # no such rule: whole percent
    assert fulfilment(parse_target("minst 75 %"), Decimal("68.3"), share) == 91
    assert fulfilment(parse_target("högst 6,5 %"), Decimal("6.52")) == Decimal("99.7")
    outcomes = workspace.sources / "vastra-gotalandsregionen" / "delarsrapport-augusti-2019" / "uppfoljning.yaml"
    text = outcomes.read_text(encoding="utf-8")
    assert '- styrtal: "kultur/1"\n      värde: 25\n' in text
    outcomes.write_text(
        text.replace('- styrtal: "kultur/1"\n      värde: 25\n', '- styrtal: "kultur/1"\n      värde: 26.9\n')
    )
    row = _rows(build(outcomes.parent, workspace))["1. Andel barn- och ungdomsbesök till kulturinstitutioner"]
    assert row[3] == "99,6\u00a0%" and row[5] != "Grön", row


def test_a_new_follow_up_lists_the_plans_uppdrag_to_assess(empty):  # noqa: F811
    """The starter listed only the plan's indicators: an uppdrag without a bedömning is not in the
    follow-up, and nothing said so. Now each uppdrag is listed as a bedömning names it, and the
    example, uncommented, puts it in the document with its status."""
    org = ["--organisation", "Västra Götalandsregionen", "--namnd", "Regionfullmäktige", "--ar", "2019"]
    follow, text = new_follow_up(empty, "vastra-gotalandsregionen", org)
    assert '  #   - uppdrag: "uppdrag/1"   # Uppdrag 1. [[ATT UPPDATERA: uppdragets text]]' in text
    assess_first_uppdrag(follow, text, "grön")
    rows = _rows(build(follow, empty))
    assert rows["Uppdrag 1. [ATT UPPDATERA: uppdragets text]"][1] == "Grön"


def test_the_måluppfyllnad_column_gives_the_reports_figures(tmp_path):
    """VGR's status table shows måluppfyllnad, the outcome in percent of the target (lower is
    better: the target in percent of the outcome): statuskolumner with måluppfyllnad computes
    it, and each figure is the report's (100, 100, 93, 121, 99, 98, 105 %)."""
    from decimal import Decimal

    from docgen.view.status import fulfilment

    assert fulfilment(parse_target("minst 27 %"), Decimal(25)) == 93
    assert fulfilment(parse_target("högst 6,5 %"), Decimal("6.2")) == 105
    assert fulfilment(parse_target("77-80"), Decimal(78)) is None  # a range: no share
    assert fulfilment(parse_target("ska minska"), Decimal(3)) is None
    rows = _rows(build(FOLLOW_UP, Project(build=tmp_path)))
    heading = rows["Indikator"]
    assert heading == ["Indikator", "Utfall", "Målvärde", "Måluppfyllnad", "Trend", "Status"]
    shown = {
        label.split(" / ")[0]: cells[3] for label, cells in rows.items() if len(cells) == 6 and label[:1].isdigit()
    }
    assert shown == {
        "1. Kollektivtrafikens marknadsandel av de motoriserade resorna i regionen": "100\u00a0%",
        "1. Andel invånare med <\u00a060 min till ett pendlingsnav med kollektivtrafik": "–",  # no target
        "2. Sysselsättningsgrad i Västra Götalands lokala arbetsmarknader (ökning i samtliga)": "100\u00a0%",
        "1. Andel barn- och ungdomsbesök till kulturinstitutioner": "93\u00a0%",
        "2. Antal unika deltagare i kurser på folkhögskolor": "121\u00a0%",
        "1. Utsläpp av fossilt CO2": "99\u00a0%",
        "1. Andel chefer med 10–35 underställda medarbetare (normtal)": "98\u00a0%",
        "2. Sjukfrånvaro i procent av ordinarie tid (obligatorisk redovisning enligt lag)": "105\u00a0%",
    }
