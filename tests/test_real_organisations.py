"""Real organisations outside the seeds, made with `docgen new` plus YAML and template
edits only (no change to docgen/): their documents build, pass the accessibility gate and
`docgen check`, and reproduce the text of the originals kept in tests/fixtures/."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from docx import Document

from docgen.commands.check import check_all
from docgen.pipeline import ROOT, Project, build

from .conftest import assert_matches_golden, assert_only_unfinished

FIXTURES = Path(__file__).parent / "fixtures"
TRIALS = [
    # (sources folder, fixture, the share of the original's words the document must reproduce)
    ("sjobo-kommun/budget-2025", "sjobo-kommun-budget-2025", 0.98),
    ("klippans-kommun/kultur-och-fritidsnamnden-mal-2024", "klippan-kultur-och-fritidsnamnden-mal-2024", 0.95),
    ("tanums-kommun/verksamhetsmal-2024", "tanum-verksamhetsmal-2024", 0.95),
    ("tyreso-kommun/delarsrapport-2-2018", "tyreso-delarsrapport-2-2018", 0.95),
    ("vansbro-kommun/maluppfyllelse-2021", "vansbro-maluppfyllelse-2021", 0.95),
    ("vara-kommun/kommunstyrelsen-budget-2016", "vara-kommunstyrelsen-budget-2016", 0.9),
    ("knivsta-kommun/smn-budgetdialog-2017", "knivsta-smn-budgetdialog-2017", 0.95),
    ("region-norrbotten/regionstyrelsen-2022-03-30", "norrbotten-regionstyrelsen-2022-03-30", 0.65),
    ("monsteras-kommun/budget-2024", "monsteras-budget-2024", 0.9),
    ("malmo-stad/arsredovisning-2014-finansiellt-mal", "malmo-finansiellt-mal-2014", 0.9),
    ("kramfors-kommun/ksau-2018-arendelista", "kramfors-ksau-2018-arendelista", 0.5),
    ("osthammars-kommun/budget-2021", "osthammar-budget-2021", 0.9),
    ("region-skane/delarsrapport-2022", "skane-delarsrapport-2022", 0.8),
    ("vasterviks-kommun/ks-2015-05-11", "vastervik-ks-2015-05-11", 0.8),
    ("region-jamtland-harjedalen/rs-uppfoljning-2024", "jamtland-harjedalen-nyckeltal-2024", 0.9),
    ("upplands-bro-kommun/sn-riktlinjer-ekonomiskt-bistand-2018", "upplands-bro-sn-riktlinjer-2018", 0.9),
    ("upplands-bro-kommun/ks-sporthall-bordtennis-2017", "upplands-bro-ks-sporthall-2017", 0.9),
    ("upplands-bro-kommun/kf-2020-09-30", "upplands-bro-kf-2020-09-30", 0.8),
    ("munkedals-kommun/budget-2024", "munkedal-budget-2024", 0.95),
    ("amals-kommun/budget-2020", "amal-driftbudget-2020", 0.9),
    ("sollentuna-kommun/bun-prognos-april-2016", "sollentuna-bun-prognosrapport-april-2016", 0.85),
    # the yearly series are in the charts (their alt text and the web edition), not in the text
    ("vanersborgs-kommun/kkik-2018", "vanersborg-kkik-2018", 0.75),
    ("katrineholms-kommun/kun-2018-02-20", "katrineholm-kun-2018-02-20", 0.9),
    ("katrineholms-kommun/ks-kallelse-2018", "katrineholm-ks-kallelse-2018", 0.7),
    ("katrineholms-kommun/kf-entledigande-kun-2017", "katrineholm-kf-entledigande-2017", 0.95),
    ("katrineholms-kommun/kf-val-ersattare-kun-2017", "katrineholm-kf-val-ersattare-2017", 0.95),
    ("hoors-kommun/bun-2018-06-18", "hoor-bun-2018-06-18", 0.9),
    ("hoors-kommun/kf-2023-12-06", "hoor-kf-2023-12-06", 0.9),
    ("vastra-gotalandsregionen/delarsrapport-augusti-2019", "vgr-delarsrapport-augusti-2019", 0.75),
    # the outcome symbols (three faces) are written in words; "Utfalls-symbol" wraps in the original
    ("vargarda-kommun/maluppfoljning-2023", "vargarda-maluppfoljning-2023", 0.95),
    ("enkopings-kommun/kultur-och-fritid-2019", "enkoping-kultur-och-fritid-2019", 0.95),
    ("helsingborgs-stad/socialnamnden-arsredovisning-2016", "helsingborg-sn-mal-2016", 0.95),
    ("lindesbergs-kommun/ks-beredande-2011-11-14", "lindesberg-ks-beredande-2011-11-14", 0.9),
    # the plan's second page ("Region Blekinge Dnr:", "Version: A beslutad i RS 20170913 Utskriven …")
    ("region-blekinge/budget-och-verksamhetsplan-2018", "blekinge-budget-och-verksamhetsplan-2018", 0.9),
    # the statuses in capitals on the page ("AVSLUTAT") are the region's words in the status cells
    ("region-gavleborg/arsredovisning-2024", "gavleborg-arsredovisning-2024", 0.85),
    # the address and telephone are in the page footer, which the count does not read; the
    # administration's name (Kommunkontoret) and "Dnr" are not written; the e-mail is hidden in the copy
    ("sundbybergs-stad/ks-planeringsdirektiv-2013", "sundbyberg-ks-planeringsdirektiv-2013", 0.8),
    # a misprint corrected (Kassalikviditet), a word split at a line end joined (nettobudgeten)
    ("almhults-kommun/budget-och-verksamhetsplan-2015", "almhult-budget-och-verksamhetsplan-2015", 0.95),
    # the kallelse's own date, its "Justering" column and the page header are not counted; a misprint corrected
    ("botkyrka-kommun/tefn-2020-01-21", "botkyrka-tefn-2020-01-21", 0.9),
    # the header (date, Dnr, item number) is not counted; words split at line ends in the copy ("all-varliga")
    ("botkyrka-kommun/tefn-internkontrollplan-2020", "botkyrka-tefn-internkontrollplan-2020", 0.85),
    # the share figures are in the table's Andel column ("39 %"), the page writes "39 procent"
    ("tidaholms-kommun/strategisk-plan-2025", "tidaholm-strategisk-plan-2025", 0.88),
    # the Nr. column ("1.") is not shown: the rows' numbers are not read from the workbook
    ("norrkopings-kommun/budget-2022", "norrkoping-budget-2022", 0.9),
    # the tjänsteutlåtande and the list of the same meeting; the list holds the original's text
    ("stockholms-stad/sdn-spanga-tensta-2004-12-16", "stockholm-spanga-tensta-2004-12-16", 0.9),
    ("stockholms-stad/sdn-spanga-tensta-2004-12-16-vp2005", "stockholm-spanga-tensta-2004-12-16-vp2005", 0.9),
    # three news pages, rephrased as a plan's text; the pages' headlines and bylines are not in it
    ("kopings-kommun/ks-budget-2025", "koping-budget-2025", 0.55),
    # a document's first pages and a news page; the plan takes the förord's sentences it needs
    ("bollebygds-kommun/mal-och-budget-2018", "bollebygd-mal-och-budget-2018", 0.6),
    # a news page on the delårsrapport: its figures as the status table's outcomes and comments
    ("region-kalmar-lan/delarsrapport-2025-08", "region-kalmar-lan-delarsrapport-2025", 0.7),
    # the list's columns Från utskott, Beslutsinstans and Sida (EU, KS, KF, 1–3) have no match in docgen
    ("bastads-kommun/ks-2013-02-13", "bastad-ks-2013-02-13", 0.8),
    # the protokollsutdrag's yrkanden and who did not take part are the minutes', not the tjänsteskrivelse's
    ("bastads-kommun/kssu-strandskydd-norrviken", "bastad-kssu-strandskydd-norrviken", 0.55),
]
_WORD = re.compile(r"\d+(?:,\d+)?|[^\W\d_]+(?:-[^\W\d_]+)*-?")


def words(text: str) -> Counter:
    """The words and numbers of a text, lower case; a minus sign of any kind is not a word."""
    return Counter(w.lower() for w in _WORD.findall(text.replace("\u00a0", " ")))


def document_words(path: Path) -> Counter:
    document = Document(str(path))
    texts = [p.text for p in document.paragraphs]
    texts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    return words("\n".join(texts))


def share_reproduced(original: Counter, built: Counter) -> float:
    return sum((original & built).values()) / sum(original.values())


@pytest.mark.parametrize("folder, fixture, expected", TRIALS)
def test_a_real_organisation_built_from_the_starter(folder, fixture, expected, tmp_path):
    project = Project(build=tmp_path)
    source = ROOT / "sources" / folder
    checked = check_all([source], project)
    built = build(source, project)
    assert_only_unfinished(checked, built)
    original = words((FIXTURES / fixture / "original.txt").read_text(encoding="utf-8"))
    share = share_reproduced(original, document_words(built))
    print(f"{fixture}: {share:.1%} of {sum(original.values())} words reproduced")
    assert share >= expected
    if not fixture.startswith(("sjobo", "klippan")):  # the trials since Tanum keep a golden snapshot
        assert_matches_golden(built, fixture)


def test_gavleborg_uppdrag_statuses_and_result_as_the_region_reports_them(tmp_path):
    """Region Gävleborg's årsredovisning 2024: every uppdrag under its nämnd with the status the
    page gives it (in the region's words, no colour guessed), and the result against the budget
    with the avvikelse computed and the resultaträkning's sums checked."""
    built = build(ROOT / "sources" / "region-gavleborg" / "arsredovisning-2024", Project(build=tmp_path))
    document = Document(str(built))
    original = (FIXTURES / "gavleborg-arsredovisning-2024" / "original.txt").read_text(encoding="utf-8")
    expected = re.findall(r"^(.+) (AVSLUTAT|PÅGÅENDE)$", original, flags=re.M)
    rows = [[c.text for c in r.cells] for r in document.tables[-1].rows]
    assessed = [(text, status.upper()) for text, status in rows[1:] if text != status]
    assert assessed == expected and len(expected) == 14
    nämnder = [text for text, status in rows[1:] if text == status]
    assert nämnder == [
        "Regionstyrelsen",
        "Hållbarhetsnämnden",
        "Hälso- och sjukvårdsnämnden",
        "Kultur- och kompetensnämnden",
    ]
    fills = {f for r in document.tables[-1].rows[1:] for f in r.cells[1]._tc.xpath("./w:tcPr/w:shd/@w:fill")}
    assert not fills & {"00703C", "FFC000", "C00000"}  # no green, yellow or red the page does not give
    result = [[c.text for c in r.cells] for r in document.tables[0].rows]
    assert result[-1] == ["Årets resultat", "−367", "−47", "320"]  # the budget the årsredovisning gives
    statement = {row[0]: row[1:] for row in result}
    assert statement["Verksamhetens nettokostnader"][1] == "−12\u00a0455"
    assert statement["Finansnetto"] == ["[ATT UPPDATERA: budgeten]", "399", "[ATT UPPDATERA: avvikelse]"]


def test_tidaholm_costs_per_namnd_from_the_controllers_workbook(tmp_path):
    """Tidaholms kommun's costs per nämnd 2022, read from the controller's workbook (title row,
    headings over two rows, shares as percentage formulas, the sum row "Totalt"): every nämnd's
    amount and share as the page gives them, and the total checked against its parts."""
    built = build(ROOT / "sources" / "tidaholms-kommun" / "strategisk-plan-2025", Project(build=tmp_path))
    document = Document(str(built))
    original = (FIXTURES / "tidaholm-strategisk-plan-2025" / "original.txt").read_text(encoding="utf-8")
    page = {}
    for line in original.splitlines():
        said = re.match(r"(.+?(?:nämnden|styrelsen)) står för ", line)
        if said:
            amount = re.search(r"(\d+,\d) miljoner", line).group(1)
            page[said.group(1)] = (amount, re.search(r"(\d+) ?(?:%|procent)", line).group(1))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Nämnd")
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[:2] == [["Nämnd", "Bokslut 2022", ""], ["", "Kostnad, mnkr", "Andel"]]
    shown = {name: (amount, share.replace("\u00a0%", "")) for name, amount, share in rows[2:-1]}
    assert shown == page and len(page) == 5
    assert rows[-1] == ["Totalt", "1\u00a0086,6", "100\u00a0%"]  # "1086,6 miljoner kronor" on the page
