"""What three more new users met on the way from `docgen new` to their own document (fixtures in
tests/fixtures/: Östhammars kommun's budget decision, …): each fix read back from a document
built from real sources, or refused with its message, file and line."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from docgen.cli import main
from docgen.pipeline import build

from .test_hostile import edit, refused

OSTHAMMAR = Path("osthammars-kommun") / "budget-2021"


def test_a_decision_whose_intro_ends_with_att_goes_on_in_its_clauses(workspace):
    """Östhammar's 'Kommunfullmäktige beslutar att:' is followed by clauses without 'att' (they
    were refused: 'att-sats 1 ska börja med att'); the starter plan shows the decision, numbered,
    under the Beslutsrubrik, before the first chapter."""
    paragraphs = Document(str(build(workspace.sources / OSTHAMMAR, workspace))).paragraphs
    shown = [(p.style.name, p.text) for p in paragraphs[2:9]]
    assert shown[0] == ("Beslutsrubrik", "Kommunfullmäktige beslutar att:")
    assert [style for style, _ in shown[1:]] == ["Numrerad lista"] * 6
    assert shown[1][1] == "1.\tvid tillämpning av kalkylmässig ränta fastställs räntesatsen till 1,75\u00a0%,"
    assert shown[6][1].startswith("6.\tförvaltningen får i uppdrag att arbeta för att återställa 2\u00a0%-målet")
    assert paragraphs[9].style.name == "Heading 1"


def test_att_twice_is_refused_with_what_to_strike(workspace):
    source = workspace.sources / OSTHAMMAR / "dokument.yaml"
    line = edit(source, "    - kommunägda företag ska", "    - att kommunägda företag ska")
    message = refused(
        workspace,
        ["build", workspace.sources / OSTHAMMAR],
        r"att-sats 5 börjar med 'att ' fast inledningen \('Kommunfullmäktige beslutar att:'\) redan slutar "
        r"med 'att': stryk 'att' i början av att-satsen \(eller i inledningen\)",
        f"budget-2021/dokument.yaml, rad {line}",
    )
    assert "att att" in message


def test_a_clause_without_att_is_told_the_three_ways_to_write_a_decision(workspace):
    source = workspace.sources / OSTHAMMAR / "dokument.yaml"
    edit(source, 'inledning: "Kommunfullmäktige beslutar att:"', "inledning: Kommunfullmäktige beslutar")
    refused(
        workspace,
        ["build", workspace.sources / OSTHAMMAR],
        r"att-sats 1 ska börja med 'att ' \(den börjar 'vid tillämpning av k'\)\. Skriv 'att …' först i "
        r"varje att-sats, eller låt inledningen sluta med 'att:' \('Kommunfullmäktige beslutar att:'\) "
        r"när att-satserna fortsätter den, eller skriv 'form: beslutsmeningar'",
        "budget-2021/dokument.yaml, rad 18",
    )


def test_a_new_plan_shows_the_decision_written_in_its_sources(workspace, capsys):
    """The starter kit's plan and verksamhetsplan have a place for `beslut` (the guide did not
    say where a plan's decision goes, and the starter templates never showed it); without one
    the document has no Beslutsrubrik."""
    argv = ["--kallor", workspace.sources, "--mallar", workspace.templates, "--ut", workspace.build]
    for kind in ("plan", "verksamhetsplan"):
        folder = workspace.sources / "prov-kommun" / kind
        new = ["new", kind, folder, "--organisation", "Prov kommun", "--namnd", "Kommunfullmäktige", "--ar", "2026"]
        assert main([str(a) for a in argv + new]) == 0
        capsys.readouterr()
        styles = [p.style.name for p in Document(str(build(folder, workspace))).paragraphs]
        assert "Beslutsrubrik" not in styles
        with (folder / "dokument.yaml").open("a", encoding="utf-8") as file:
            file.write(
                "beslut:\n  inledning: Kommunfullmäktige föreslås besluta\n  att_satser:\n"
                "    - att fastställa Mål och budget 2026.\n    - att skattesatsen ska vara oförändrad.\n"
            )
        shown = [(p.style.name, p.text) for p in Document(str(build(folder, workspace))).paragraphs]
        start = shown.index(("Beslutsrubrik", "Kommunfullmäktige föreslås besluta"))
        assert shown[start + 1 : start + 3] == [
            ("Numrerad lista", "1.\tatt fastställa Mål och budget 2026."),
            ("Numrerad lista", "2.\tatt skattesatsen ska vara oförändrad."),
        ]


SKANE = Path("region-skane") / "delarsrapport-2022"


def test_a_follow_up_of_a_target_not_yet_written_says_it_is_missing(workspace):
    """Region Skåne's targets for skuldsättning and självfinansiering are not in the report and
    stand marked ATT UPPDATERA in the plan: the follow-up builds (it stopped: 'målvärdet går inte
    att jämföra med ett utfall'), the region's own assessment is the status with its reason, and
    without the assessment the status is Ingen uppgift, 'Målvärde saknas.'. The prognosis 1,4
    procent against 'minst 2 procent' is Röd, as the region says ('inte uppnås'); the row writes
    both with the table's sign, "1,4 %" beside "minst 2 %", not two ways in one row."""
    rows = [
        [c.text for c in r.cells] for r in Document(str(build(workspace.sources / SKANE, workspace))).tables[1].rows
    ]
    assert rows[1][1:] == ["1,4\u00a0%", "minst\u00a02\u00a0%", "Röd"]
    assert rows[2] == [
        "Skuldsättning\nStatusen är ändrad från ingen uppgift: Målet prognostiseras att nås.",
        "–",
        "[ATT UPPDATERA: målvärdet för skuldsättningen står inte i underlaget]",
        "Grön",
    ]
    source = workspace.sources / SKANE / "uppfoljning.yaml"
    text = source.read_text(encoding="utf-8")
    source.write_text(text[: text.index("  överskrivningar:")] + text[text.index("\navsnitt:") :], encoding="utf-8")
    rows = [
        [c.text for c in r.cells] for r in Document(str(build(workspace.sources / SKANE, workspace))).tables[1].rows
    ]
    assert [(row[0].split("\n")[-1], row[-1]) for row in rows[2:]] == [("Målvärde saknas.", "Ingen uppgift")] * 2


def test_a_final_follow_up_names_the_plans_line_of_a_marked_target(workspace):
    refused(
        workspace,
        ["build", "--slutlig", workspace.sources / SKANE],
        "2 ställen markerade ATT UPPDATERA",
        "finansiella-mal-2022/mal.yaml, rad 13: står kvar markerat: "
        "[ATT UPPDATERA: målvärdet för skuldsättningen står inte i underlaget]",
    )


VASTERVIK = Path("vasterviks-kommun") / "ks-2015-05-11"


def _texts(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs]


def test_an_agenda_names_the_items_that_go_on_to_the_council(workspace):
    """Västervik's kommunstyrelse lists 'Ärenden till kommunfullmäktige: 12-13, 15' over its
    agenda (there was no way to write it): `vidare_till` on an item, numbers in a row as a
    range, per body in the order first named. The editor's template has no Dnr or Föredragande
    column."""
    built = build(workspace.sources / VASTERVIK, workspace)
    assert "Ärenden till kommunfullmäktige: 12–13, 15" in _texts(built)
    table = Document(str(built)).tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Nr", "Ärende"] and len(table.rows) == 18
    source = workspace.sources / VASTERVIK / "foredragningslista.yaml"
    edit(source, "    - rubrik: Budget 2016 och", "    - vidare_till: kommunfullmäktige\n      rubrik: Budget 2016 och")
    edit(source, "    - rubrik: Rapporter", "    - vidare_till: revisionen\n      rubrik: Rapporter")
    texts = _texts(build(workspace.sources / VASTERVIK, workspace))
    assert [t for t in texts if t.startswith("Ärenden till")] == [
        "Ärenden till kommunfullmäktige: 12–15",
        "Ärenden till revisionen: 17",
    ]
    edit(source, "  punkter:", "  första_paragraf: 80\n  punkter:")  # numbered on from the minutes' §§
    texts = _texts(build(workspace.sources / VASTERVIK, workspace))
    assert [t for t in texts if t.startswith("Ärenden till")] == [
        "Ärenden till kommunfullmäktige: 91–94",
        "Ärenden till revisionen: 96",
    ]


def test_a_new_agenda_without_onward_items_says_nothing_of_them(workspace, capsys):
    argv = ["--kallor", workspace.sources, "--mallar", workspace.templates, "--ut", workspace.build]
    folder = workspace.sources / "prov-kommun" / "ks-2026-03-12"
    new = ["new", "foredragningslista", folder, "--organisation", "Prov kommun", "--namnd", "Kommunstyrelsen"]
    assert main([str(a) for a in argv + new + ["--ar", "2026"]]) == 0
    capsys.readouterr()
    assert not [t for t in _texts(build(folder, workspace)) if t.startswith("Ärenden till")]
    edit(
        folder / "foredragningslista.yaml",
        "    - rubrik: Val av justerare",
        "    - rubrik: Val av justerare\n      vidare_till: kommunfullmäktige",
    )
    assert "Ärenden till kommunfullmäktige: 2" in _texts(build(folder, workspace))


def test_an_item_with_nothing_but_its_title_stands_only_in_the_table(workspace, capsys):
    """The starter agenda gave each item a section below the table, and 'Sammanträdets
    öppnande' and 'Val av justerare' were headings with nothing under them (a chain of headings
    that the page layout keeps together); an item with a description or a proposal still has its
    section, one with only a dnr does not (Katrineholm: 'Diarienummer: …' alone under a heading
    repeated the table)."""
    argv = ["--kallor", workspace.sources, "--mallar", workspace.templates, "--ut", workspace.build]
    folder = workspace.sources / "prov-kommun" / "ks-2026-04-09"
    new = ["new", "foredragningslista", folder, "--organisation", "Prov kommun", "--namnd", "Kommunstyrelsen"]
    assert main([str(a) for a in argv + new + ["--ar", "2026"]]) == 0
    capsys.readouterr()
    document = Document(str(build(folder, workspace)))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["3. [ATT UPPDATERA: nästa punkt]"]
    assert [r.cells[1].text for r in document.tables[0].rows[1:3]] == ["Sammanträdets öppnande", "Val av justerare"]
    edit(
        folder / "foredragningslista.yaml",
        "    - rubrik: Val av justerare",
        "    - rubrik: Val av justerare\n      dnr: KS 2026/1",
    )
    document = Document(str(build(folder, workspace)))
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"][0] == "3. [ATT UPPDATERA: nästa punkt]"
    edit(
        folder / "foredragningslista.yaml",
        "      dnr: KS 2026/1",
        "      dnr: KS 2026/1\n      beskrivning: Ordföranden föreslår …",
    )
    document = Document(str(build(folder, workspace)))
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"][0] == "2. Val av justerare"


def test_check_names_an_onward_item_a_template_does_not_show(workspace):
    """Region Norrbotten's agenda template predates `vidare_till`: `docgen check` says the field
    is never shown, rather than dropping it silently."""
    from docgen.commands.check import check_all

    folder = workspace.sources / "region-norrbotten" / "regionstyrelsen-2022-03-30"
    source = folder / "foredragningslista.yaml"
    text = source.read_text(encoding="utf-8")
    first = text.index("    - rubrik:")
    source.write_text(
        text[:first] + "    - vidare_till: regionfullmäktige\n      rubrik:" + text[first + len("    - rubrik:") :],
        encoding="utf-8",
    )
    messages = [p.message for p in check_all([folder], workspace)]
    assert any("fältet 'vidare_till' på punkt finns i källorna men visas aldrig av mallen" in m for m in messages), (
        messages
    )


def test_a_new_documents_comments_stay_in_their_column(workspace, capsys):
    """The values docgen new fills in ('mall: "osthammars-kommun/plan.docx"') pushed the comments
    after them out of line in the editor's first file; they keep the starter's column, or stand
    two spaces after a longer value."""
    folder = workspace.sources / "ovanakers-kommun" / "mal-och-budget-2026"
    argv = ["--kallor", workspace.sources, "--mallar", workspace.templates, "--ut", workspace.build]
    new = ["new", "plan", folder, "--organisation", "Ovanåkers kommun", "--namnd", "Kommunfullmäktige", "--ar", "2026"]
    assert main([str(a) for a in argv + new]) == 0
    capsys.readouterr()
    lines = (folder / "dokument.yaml").read_text(encoding="utf-8").splitlines()
    commented = [line for line in lines if line.startswith("  ") and line[2] != "#" and "  # " in line]
    assert {line.index("  # ") + 2 for line in commented} == {41}, commented
    mall = next(line for line in lines if line.startswith("  mall:"))
    assert mall.startswith('  mall: "ovanakers-kommun/plan.docx"  # ') or mall.index("#") == 41


def test_clauses_that_go_on_from_the_intro_are_never_rewritten_as_sentences(workspace, capsys):
    """A case that puts Östhammar's budget forward as decided sentences would have shown its
    clauses as they are ('vid tillämpning av …,'), half a sentence each: it is refused."""
    folder = workspace.sources / "osthammars-kommun" / "beslut-budget-2021"
    argv = ["--kallor", workspace.sources, "--mallar", workspace.templates, "--ut", workspace.build]
    new = ["new", "tjansteskrivelse", folder, "--organisation", "Östhammars kommun", "--namnd", "Kommunstyrelsen"]
    assert main([str(a) for a in argv + new + ["--ar", "2020"]]) == 0
    capsys.readouterr()
    source = folder / "arende.yaml"
    text = source.read_text(encoding="utf-8")
    text = text[: text.index("\nbeslut:")] + text[text.index("\närende:") :]
    case = "\närende:\n  avser: osthammars-kommun/budget-2021\n  beslutsform: beslutsmeningar\n"
    source.write_text(text.replace("\närende:\n", case, 1), encoding="utf-8")
    refused(
        workspace,
        ["build", folder],
        r"att-satserna fortsätter inledningen 'Kommunfullmäktige beslutar att:' och kan inte skrivas om till beslutsmeningar",
        "beslut-budget-2021/arende.yaml, rad",
    )


def test_a_plan_shows_its_case_number_on_its_first_page(workspace, capsys):
    """A plan's own diarienummer ('Dnr: KS 2009/19' on Bollebygd's Mål och budget; seen missing
    with Strängnäs): `dokument.dnr` stands under the board on the starter plan's first page, and
    nothing stands there without it. A template without it is named by docgen check."""
    from docgen.commands.check import check_all

    argv = ["--kallor", workspace.sources, "--mallar", workspace.templates, "--ut", workspace.build]
    folder = workspace.sources / "prov-kommun" / "mal-och-budget-2026"
    org = ["--organisation", "Prov kommun", "--namnd", "Kommunfullmäktige", "--ar", "2026"]
    assert main([str(a) for a in [*argv, "new", "plan", folder, *org]]) == 0
    capsys.readouterr()
    texts = _texts(build(folder, workspace))
    assert texts[1] == "Kommunfullmäktige, Prov kommun" and not any(t.startswith("Diarienummer") for t in texts)
    edit(folder / "dokument.yaml", "  # dnr: KS 2025/123 ", "  dnr: KS 2025/123   ")
    texts = _texts(build(folder, workspace))
    assert texts[1:3] == ["Kommunfullmäktige, Prov kommun", "Diarienummer: KS 2025/123"]
    old = workspace.sources / "osthammars-kommun" / "budget-2021"
    edit(old / "dokument.yaml", "dokument:\n", "dokument:\n  dnr: KS-2020-123\n")
    messages = [p.message for p in check_all([old], workspace)]
    assert any("fältet 'dnr' på dokument finns i källorna men visas aldrig av mallen" in m for m in messages), messages


GAVLEBORG = Path("region-gavleborg") / "arsredovisning-2024"


def test_an_amount_the_sources_lack_is_marked_and_sums_over_it_too(workspace):
    """Region Gävleborg's årsredovisning gives the budget of the year's result (−367 mnkr) but not
    of the rows above it. Each missing budget stands marked ATT UPPDATERA (it was refused: 'ska
    vara ett tal'; null counted as zero made −367 a wrong sum); the sums and avvikelser over it
    are marked too, never computed as if it were zero; the year's result keeps its budget
    unchecked and its avvikelse is computed from its own figures; the outcome column is still
    checked."""
    rows = [
        [c.text for c in r.cells] for r in Document(str(build(workspace.sources / GAVLEBORG, workspace))).tables[0].rows
    ]
    assert rows[1] == [
        "Verksamhetens intäkter",
        "[ATT UPPDATERA: budgeten]",
        "1\u00a0786",
        "[ATT UPPDATERA: avvikelse]",
    ]
    assert rows[3][1] == "[ATT UPPDATERA: summan]" and rows[3][2] == "−12\u00a0455"
    assert rows[3][3] == "[ATT UPPDATERA: avvikelse]"  # a difference, as in the rows above: no sum is missing
    assert rows[-1] == ["Årets resultat", "−367", "−47", "320"]
    line = edit(
        workspace.sources / GAVLEBORG / "uppfoljning.yaml", "värden: [-367, -47, null]", "värden: [-367, -48, null]"
    )
    refused(
        workspace,
        ["build", workspace.sources / GAVLEBORG],
        r"kolumnen 'Utfall 2024': summan är −48 men delarna ger −47",
        f"arsredovisning-2024/uppfoljning.yaml, rad {line}",
    )


def test_a_final_build_names_each_marked_amount_once(workspace):
    """The markers docgen writes over a missing amount (summan, avvikelse) name that amount's
    line, not the template: one problem per line the editor has to fill in."""
    message = refused(
        workspace,
        ["build", "--slutlig", workspace.sources / GAVLEBORG],
        "10 ställen markerade ATT UPPDATERA",
        "arsredovisning-2024/uppfoljning.yaml, rad 62: står kvar markerat: [ATT UPPDATERA: budgeten]",
    )
    assert message.count("står kvar markerat") == 4 and "mallen" not in message
