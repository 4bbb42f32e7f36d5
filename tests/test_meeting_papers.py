"""A board secretary's meeting papers (Katrineholms kommun, tests/fixtures/katrineholm-*): the
kallelse's headings within the list, what it says besides time and place, the lone decision
sentence, and where `docgen check` says a marker was written."""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document

from docgen.cli import main
from docgen.pipeline import build

from .test_hostile import edit, refused

KATRINEHOLM = Path("katrineholms-kommun")
KS = KATRINEHOLM / "ks-kallelse-2018"
KUN = KATRINEHOLM / "kun-2018-02-20"


def _rows(built: Path) -> list[list]:
    table = Document(str(built)).tables[0]
    return [[c for c in row.cells] for row in table.rows[1:]]


def test_a_mellanrubrik_is_a_bold_row_without_number_and_the_numbering_goes_on(workspace):
    built = build(workspace.sources / KS, workspace)
    rows = _rows(built)
    headings = [r for r in rows if r[0].text == ""]
    assert [r[1].text for r in headings] == [
        "Information",
        "Ärenden till kommunfullmäktige",
        "Ärenden till kommunstyrelsen",
        "Anmälningsärenden",
    ]
    assert all(run.bold for r in headings for run in r[1].paragraphs[0].runs if run.text)
    items = [r for r in rows if r[0].text]
    assert [r[0].text for r in items] == [str(n) for n in range(1, 19)]
    assert not any(run.bold for r in items for run in r[1].paragraphs[0].runs)
    # a row without a diarienummer is as high as the others: its empty cell in the row's style
    assert {p.style.name for r in rows for c in r for p in c.paragraphs} == {"Tabelltext"}
    texts = [p.text for p in Document(str(built)).paragraphs]
    # only the items with a proposal have a section: not the headings, not one with a dnr only
    assert [t for t in texts if re.match(r"\d+\. ", t)] == [
        "6. Årsredovisning och bokslut 2017 för Katrineholms kommun",
        "14. Intern kontroll 2017",
    ]
    assert "Diarienummer: KS/2018:44" not in texts


def test_a_mellanrubrik_with_a_diarienummer_is_refused_with_its_line(workspace):
    source = workspace.sources / KS / "foredragningslista.yaml"
    line = edit(
        source,
        "    - mellanrubrik: Anmälningsärenden\n",
        "    - mellanrubrik: Anmälningsärenden\n      dnr: KS/2018:1\n",
    )
    refused(
        workspace,
        ["build", workspace.sources / KS],
        r"en mellanrubrik \('Anmälningsärenden'\) är bara en rubrik i listan och har inget 'dnr'",
        f"ks-kallelse-2018/foredragningslista.yaml, rad {line + 1}",
    )


def test_what_the_kallelse_says_besides_time_and_place_stands_under_them(workspace):
    texts = [p.text for p in Document(str(build(workspace.sources / KUN, workspace, final=True))).paragraphs]
    assert texts[texts.index("Ordförande: Cecilia Björk") + 1] == "Sammanträdet är öppet för allmänheten"


def test_the_lone_decision_sentence_has_no_number_and_two_are_numbered(workspace):
    def proposal(folder: str) -> list[tuple[str, str]]:
        document = Document(str(build(workspace.sources / KATRINEHOLM / folder, workspace)))
        texts = [p for p in document.paragraphs]
        start = next(n for n, p in enumerate(texts) if p.text == "Kommunledningsförvaltningens förslag till beslut")
        return [(p.style.name, p.text) for p in texts[start + 1 :] if p.text.split("\t")[-1].startswith("Kommun")]

    assert proposal("kf-entledigande-kun-2017") == [
        (
            "Ensam att-sats",
            "Kommunfullmäktige entledigar Gunnar Karlsson (M) från uppdraget som ledamot tillika "
            "1:e vice ordförande i kulturnämnden från den 1 november 2017.",
        )
    ]
    assert [n for n, _ in proposal("kf-val-ersattare-kun-2017")] == ["Numrerad lista", "Numrerad lista"]


def _new_case(workspace, folder: Path) -> None:
    argv = ["--kallor", workspace.sources, "--mallar", workspace.templates, "--ut", workspace.build]
    argv += ["new", "tjansteskrivelse", folder, "--organisation", "Prov kommun", "--namnd", "Kommunstyrelsen"]
    assert main([str(a) for a in argv + ["--ar", "2026"]]) == 0


def _new_case_source(workspace, capsys, folder: Path) -> tuple[Path, int]:
    """A starter case at `folder`: its arende.yaml and the line of its 'ärende:'."""
    _new_case(workspace, folder)
    capsys.readouterr()
    source = folder / "arende.yaml"
    return source, source.read_text(encoding="utf-8").splitlines().index("ärende:") + 1


def test_a_marker_two_cases_share_is_named_in_each_documents_own_file(workspace, capsys):
    first, second = (workspace.sources / "prov-kommun" / name for name in ("ts-a", "ts-b"))
    _new_case(workspace, first)
    _new_case(workspace, second)
    capsys.readouterr()
    message = refused(workspace, ["build", "--slutlig", second], "ställen markerade ATT UPPDATERA")
    assert "ts-b/arende.yaml, rad" in message and "ts-a/" not in message


def test_a_kallelse_without_justering_is_told_to_write_it_not_to_delete_a_template_paragraph(workspace):
    source = workspace.sources / "kramfors-kommun" / "ksau-2018-arendelista" / "foredragningslista.yaml"
    text = source.read_text(encoding="utf-8")
    written = next(line for line in text.splitlines() if line.startswith("  justering:"))
    edit(source, written + "\n", "")
    message = refused(
        workspace,
        ["build", "--slutlig", source.parent],
        "ksau-2018-arendelista/foredragningslista.yaml, rad 17: uppgiften saknas i källorna och står markerad: "
        r"\[ATT UPPDATERA: tid och plats för justering saknas i underlaget\] Skriv 'justering' under 'sammanträde:'",
    )
    assert "Har era dokument inte den uppgiften, ta bort raden ur mallen" in message
    assert "mallen har ett stycke markerat" not in message


def _case_about_a_plan(workspace, capsys) -> tuple[Path, Path]:
    """A kulturnämnd's verksamhetsplan from the starter (no beslut of its own) and a
    tjänsteskrivelse from the starter that concerns it (`avser`), with the starter's beslut."""
    argv = ["--kallor", workspace.sources, "--mallar", workspace.templates, "--ut", workspace.build]
    org = ["--organisation", "Prov kommun", "--namnd", "Kulturnämnden", "--ar", "2026"]
    plan, case = workspace.sources / "prov-kommun" / "vp-2026", workspace.sources / "prov-kommun" / "ts-vp-2026"
    assert main([str(a) for a in [*argv, "new", "verksamhetsplan", plan, *org]]) == 0
    assert main([str(a) for a in [*argv, "new", "tjansteskrivelse", case, *org]]) == 0
    capsys.readouterr()
    edit(case / "arende.yaml", "\närende:\n", "\närende:\n  avser: prov-kommun/vp-2026\n")
    edit(
        case / "arende.yaml",
        '    - "att [[ATT UPPDATERA: … (skriv förslaget till beslut)]]"',
        "    - att fastställa verksamhetsplan 2026.",
    )
    return plan, case


def test_a_case_about_a_plan_without_beslut_proposes_its_own(workspace, capsys):
    """A verksamhetsplan has no beslut: the tjänsteskrivelse that puts it forward writes the
    decision ('att fastställa verksamhetsplan 2026'), and the plan is its beslutsunderlag."""
    _plan, case = _case_about_a_plan(workspace, capsys)
    texts = [p.text for p in Document(str(build(case, workspace))).paragraphs]
    assert "1.\tatt fastställa verksamhetsplan 2026." in texts
    assert "Verksamhetsplan 2026" in texts[texts.index("Beslutsunderlag") :]


def test_a_case_and_the_plan_it_concerns_both_with_a_beslut_is_refused(workspace, capsys):
    plan, case = _case_about_a_plan(workspace, capsys)
    edit(
        plan / "dokument.yaml", "\ndokument:\n", '\nbeslut:\n  att_satser:\n    - "att fastställa planen."\ndokument:\n'
    )
    refused(
        workspace,
        ["build", case],
        r"ärendet har ett eget 'beslut' och avser 'prov-kommun/vp-2026', som har sitt eget beslut",
        "ts-vp-2026/arende.yaml, rad",
    )


def test_a_case_without_beslut_about_a_plan_without_beslut_says_both(workspace, capsys):
    _plan, case = _case_about_a_plan(workspace, capsys)
    source = case / "arende.yaml"
    text = source.read_text(encoding="utf-8")
    source.write_text(text[: text.index("\nbeslut:")] + text[text.index("\närende:") :], encoding="utf-8")
    refused(
        workspace,
        ["build", case],
        r"varken här eller i 'prov-kommun/vp-2026', som det avser, står något 'beslut'",
        "ts-vp-2026/arende.yaml, rad",
    )


def test_an_items_diarienummer_keeps_with_its_proposal_on_the_page(workspace):
    """Katrineholm's kallelse had item 6's heading and 'Diarienummer: KS/2018:88' alone at the
    foot of page 1 and its decision on page 2: the starter's dnr and föredragande lines keep
    with the next paragraph (an editor's 'Håll ihop med nästa')."""
    document = Document(str(build(workspace.sources / KS, workspace)))
    lines = [p for p in document.paragraphs if p.text.startswith("Diarienummer: KS/2018:88")]
    assert lines and all(p.paragraph_format.keep_with_next for p in lines)
    starter = Document(str(workspace.templates / "startpaket" / "foredragningslista.docx"))
    kept = [p.text for p in starter.paragraphs if p.paragraph_format.keep_with_next]
    assert "Diarienummer: {{ punkt.dnr }}" in kept and "Föredragande: {{ punkt.föredragande }}" in kept


HOOR = Path("hoors-kommun") / "bun-2018-06-18"


def test_a_kallelse_whose_dnr_and_foredragande_stand_only_in_the_table_passes_check(workspace):
    """Höör's kallelse: no item has a section of its own (no beskrivning, no förslag), so dnr
    and föredragande are shown by the table alone; `docgen check` said they were never shown."""
    from docgen.commands.check import check_all

    source = workspace.sources / HOOR
    assert [str(p) for p in check_all([source], workspace)] == []
    rows = _rows(build(source, workspace, final=True))
    assert [c.text for c in rows[2]] == ["3", "Arbetsutskottets protokoll 4 juni 2018", "BUN 2018/41", ""]
    assert rows[3][3].text == "Hans Magnusson"


def test_the_kallelse_is_headed_by_its_rubrik_and_a_fixed_heading_says_where_it_was_written(workspace):
    from docgen.commands.check import check_all

    texts = [p.text for p in Document(str(build(workspace.sources / HOOR, workspace))).paragraphs]
    assert texts[0] == "Kallelse"
    # the starter's heading without rubrik is the template's own
    source = workspace.sources / HOOR / "foredragningslista.yaml"
    edit(source, "  rubrik: Kallelse\n", "")
    assert [p.text for p in Document(str(build(source.parent, workspace))).paragraphs][0] == "Föredragningslista"
    # Katrineholm's template writes "Kallelse" itself: a rubrik there is never shown, and check says where
    kun = workspace.sources / KUN / "foredragningslista.yaml"
    line = edit(kun, "sammanträde:\n", "sammanträde:\n  rubrik: Dagordning\n") + 1
    problems = [str(p) for p in check_all([kun.parent], workspace)]
    assert any(
        f"kun-2018-02-20/foredragningslista.yaml, rad {line}: fältet 'rubrik' på sammanträde finns i källorna "
        "men visas aldrig av mallen" in p
        for p in problems
    ), problems


def test_a_spaced_hyphen_between_words_is_a_dash_and_a_subtraction_stays_one(workspace):
    from docgen.view.formatting import prose

    texts = [c.text for row in _rows(build(workspace.sources / KUN, workspace)) for c in row]
    assert "Årsredovisning 2017\u00a0– kulturnämnden" in texts
    assert prose("var - 1,2 miljarder") == "var \u22121,2\u00a0miljarder"  # a minus, not a dash
    assert prose("a - b {{ (x - y)|tal }}") == "a\u00a0– b {{ (x - y)|tal }}"
    assert prose("- en punkt\n- en till") == "- en punkt\n- en till"  # Markdown's list stays


def test_a_consequence_docgen_marks_is_told_at_the_line_to_write_it(workspace, capsys):
    """The starter case has no konsekvenser: docgen marks the four sections itself, and a final
    build names 'ärende:' and what to write there; a section written without a text is told at
    its rubrik's line."""
    folder = workspace.sources / "prov-kommun" / "ts-konsekvenser"
    source, case_line = _new_case_source(workspace, capsys, folder)
    message = refused(
        workspace,
        ["build", "--slutlig", folder],
        r"konsekvensavsnittet 'Ekonomiska konsekvenser' saknas i källorna och står markerat: "
        r"\[ATT UPPDATERA: ekonomiska konsekvenser saknas i underlaget\] Skriv 'konsekvenser' under 'ärende:'",
        f"ts-konsekvenser/arende.yaml, rad {case_line}: konsekvensavsnittet 'Ekonomiska",
    )
    assert "konsekvenser: []" in message
    assert f"rad {case_line}: konsekvensavsnittet 'Konsekvenser för barn' saknas" in message
    line = (
        edit(
            source,
            "\närende:\n",
            "\närende:\n  konsekvenser:\n    - rubrik: Konsekvenser för barn\n",
        )
        + 3
    )
    refused(
        workspace,
        ["build", "--slutlig", folder],
        r"konsekvensavsnittet 'Konsekvenser för barn' har ingen text och står markerat: .* Skriv 'text' under avsnittet",
        f"ts-konsekvenser/arende.yaml, rad {line}: konsekvensavsnittet",
    )


def test_an_agenda_column_no_item_fills_is_left_out_and_its_width_goes_to_the_items(workspace):
    """A kallelse where nobody presents an item and no item has a dnr: the template's Dnr and
    Föredragande columns said nothing in every row; they go, and Ärende takes their width."""
    source = workspace.sources / HOOR / "foredragningslista.yaml"
    text = source.read_text(encoding="utf-8")
    kept = [line for line in text.splitlines() if not line.lstrip().startswith(("föredragande:", "dnr:"))]
    source.write_text("\n".join(kept) + "\n", encoding="utf-8")
    table = Document(str(build(source.parent, workspace))).tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Nr", "Ärende"]
    assert [c.text for c in table.rows[3].cells] == ["3", "Arbetsutskottets protokoll 4 juni 2018"]
    grid = [int(col.width.twips) for col in table.columns]
    assert grid[0] < grid[1] and sum(grid) > 8500  # the number column as narrow as before; the page's width kept
    # one item with a dnr keeps the Dnr column, its cell empty elsewhere
    edit(source, "    - rubrik: Information GDPR\n", "    - rubrik: Information GDPR\n      dnr: BUN 2018/7\n")
    table = Document(str(build(source.parent, workspace))).tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Nr", "Ärende", "Dnr"]


def test_an_items_time_stands_in_the_tid_column_which_no_time_leaves_out(workspace, capsys):
    """Höör's kallelse of 8 May 2017 gives some items a time ("Kl. 18:15" when a presenter
    comes): `tid` under the item, "kl. 18.15" in the starter's Tid column; a kallelse without
    any time has no such column."""
    argv = ["--kallor", workspace.sources, "--mallar", workspace.templates, "--ut", workspace.build]
    folder = workspace.sources / "prov-kommun" / "bun-2017-05-08"
    org = ["--organisation", "Prov kommun", "--namnd", "Barn- och utbildningsnämnden", "--ar", "2017"]
    assert main([str(a) for a in [*argv, "new", "foredragningslista", folder, *org]]) == 0
    capsys.readouterr()
    # the meeting's time written 18:30 without quotes was YAML's number 1110 in base 60 ("Tid: 1110")
    edit(folder / "foredragningslista.yaml", "sammanträde:\n", "sammanträde:\n  tid: 18:30\n")
    document = Document(str(build(folder, workspace)))
    assert "Tid: kl. 18.30" in [p.text for p in document.paragraphs]
    assert "Tid" not in [c.text for c in document.tables[0].rows[0].cells]
    edit(
        folder / "foredragningslista.yaml",
        "    - rubrik: Val av justerare\n",
        "    - rubrik: Val av justerare\n      tid: 18:15\n",
    )
    table = Document(str(build(folder, workspace))).tables[0]
    assert [c.text for c in table.rows[0].cells][:3] == ["Nr", "Ärende", "Tid"]
    assert [c.text for c in table.rows[2].cells][1:3] == ["Val av justerare", "kl. 18.15"]
    line = edit(folder / "foredragningslista.yaml", "      tid: 18:15\n", "      tid: 25:15\n")
    refused(
        workspace,
        ["build", folder],
        r"'25:15' är inget klockslag \(25\.15\)",
        f"bun-2017-05-08/foredragningslista.yaml, rad {line}",
    )


def test_a_case_folder_without_dnr_or_foredragande_is_told_at_the_lines_to_write_them(workspace):
    """An agenda item pointing at a case folder whose case has no dnr and no handläggare: the
    table's two markers were told with the general message and no file or line. Now the dnr at
    the case's 'ärende:' line in its own arende.yaml, the föredragande at the item's line."""
    source = workspace.sources / "region-ostergotland" / "hsn-foredragningslista" / "foredragningslista.yaml"
    item_line = (
        source.read_text(encoding="utf-8").splitlines().index("    - ärende: region-ostergotland/beslut-arsplan-2025")
    )
    case = workspace.sources / "region-ostergotland" / "beslut-arsplan-2025" / "arende.yaml"
    case_line = case.read_text(encoding="utf-8").splitlines().index("ärende:") + 1
    message = refused(
        workspace,
        ["build", "--slutlig", source.parent],
        f"beslut-arsplan-2025/arende.yaml, rad {case_line}: punkt 3 på föredragningslistan "
        r"\('Hälso- och sjukvårdsnämndens årsplan och budget 2025'\) har inget diarienummer och står markerad: "
        r"\[ATT UPPDATERA: dnr saknas\] Skriv 'dnr' under 'ärende:' i ärendets källor",
        f"hsn-foredragningslista/foredragningslista.yaml, rad {item_line + 1}: punkt 3 på föredragningslistan "
        "('Hälso- och sjukvårdsnämndens årsplan och budget 2025') har ingen föredragande och står markerad: "
        "[ATT UPPDATERA: föredragande saknas] Skriv 'föredragande' under punkten, eller 'handläggare' under "
        "'ärende:' i region-ostergotland/beslut-arsplan-2025/arende.yaml",
    )
    assert "Skriv in uppgiften i dokumentets källor" not in message


def test_the_kallelse_lists_the_members_and_substitutes_called(workspace, capsys):
    """Lindesberg's kallelse names the ledamöter and ersättare called (Höör's too): 'ledamöter'
    and 'ersättare' under sammanträde stand in the starter kallelse, one name a line under their
    label, after the secretary; a kallelse without them has neither label."""
    argv = ["--kallor", workspace.sources, "--mallar", workspace.templates, "--ut", workspace.build]
    folder = workspace.sources / "prov-kommun" / "ks-2011-11-14"
    org = ["--organisation", "Prov kommun", "--namnd", "Kommunstyrelsen", "--ar", "2011"]
    assert main([str(a) for a in [*argv, "new", "foredragningslista", folder, *org]]) == 0
    capsys.readouterr()
    source = folder / "foredragningslista.yaml"
    assert "# ledamöter:" in source.read_text(encoding="utf-8")  # the starter tells the field
    texts = [p.text for p in Document(str(build(folder, workspace))).paragraphs]
    assert not {"Ledamöter", "Ersättare"} & set(texts)
    called = (
        "sammanträde:\n  sekreterare: Malin Sjöberg\n"
        "  ledamöter:\n    - Anders Ceder (S), ordf.\n    - Irja Gustavsson (S), vice ordf.\n"
        "  ersättare:\n    - Bengt Storbacka (S)\n"
    )
    edit(source, "sammanträde:\n", called)
    texts = [p.text for p in Document(str(build(folder, workspace))).paragraphs]
    start = texts.index("Sekreterare: Malin Sjöberg")
    assert texts[start + 1 : start + 6] == [
        "Ledamöter",
        "Anders Ceder (S), ordf.",
        "Irja Gustavsson (S), vice ordf.",
        "Ersättare",
        "Bengt Storbacka (S)",
    ]


def test_a_meeting_ending_about_a_time_is_written_as_swedish_writes_clock_times(workspace):
    """Lindesberg's kallelse: "kl. 09:00- ca 12:00". The end written with 'ca' was no clock time
    to docgen and stood as written (colons, a hyphen); now "kl. 09.00–ca 12.00", as an exact
    end is written."""
    from docgen.sources.schema.cases import clock_time

    assert clock_time("09:00- ca 12:00", (), []) == "kl. 09.00–ca 12.00"
    assert clock_time("kl. 9.00 – cirka 12.00", (), []) == "kl. 9.00–cirka 12.00"
    assert clock_time("09.00–12.00", (), []) == "kl. 09.00–12.00"
    assert clock_time("efter kommunstyrelsens sammanträde", (), []) == "efter kommunstyrelsens sammanträde"


def test_a_fresh_starter_kallelse_shows_the_dnr_and_foredragande_columns_to_fill(workspace, capsys):
    """A secretary's first build of the starter kallelse showed Nr and Ärende only: no item had
    a dnr or a föredragande, so the template's columns were left out, and nothing told that the
    list has them. The starter's item now has both, marked at their lines; deleted, the columns go."""
    argv = ["--kallor", workspace.sources, "--mallar", workspace.templates, "--ut", workspace.build]
    folder = workspace.sources / "prov-kommun" / "ks-2026-05-07"
    org = ["--organisation", "Prov kommun", "--namnd", "Kommunstyrelsen", "--ar", "2026"]
    assert main([str(a) for a in [*argv, "new", "foredragningslista", folder, *org]]) == 0
    capsys.readouterr()
    table = Document(str(build(folder, workspace))).tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Nr", "Ärende", "Dnr", "Föredragande"]
    assert [c.text for c in table.rows[3].cells][2:] == ["[ATT UPPDATERA: dnr]", "[ATT UPPDATERA: föredragande]"]
    source = folder / "foredragningslista.yaml"
    lines = source.read_text(encoding="utf-8").splitlines()
    dnr = next(n for n, line in enumerate(lines, 1) if line.lstrip().startswith("dnr:"))
    message = refused(workspace, ["build", "--slutlig", folder], "ställen markerade ATT UPPDATERA")
    assert f"ks-2026-05-07/foredragningslista.yaml, rad {dnr}: står kvar markerat: [ATT UPPDATERA: dnr]" in message
    kept = [line for line in lines if not line.lstrip().startswith(("dnr:", "föredragande:"))]
    source.write_text("\n".join(kept) + "\n", encoding="utf-8")
    table = Document(str(build(folder, workspace))).tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Nr", "Ärende"]


def test_an_items_time_range_stands_on_one_line_in_the_starter_tid_column(workspace, capsys):
    """Lindesberg's kallelse gives each item a time slot, "09:00-09:10": in the starter's Tid
    column (as wide as "kl. 18.15") "kl. 09.00–09.10" broke after its dash on every row."""
    from docgen.word.textwidth import CELL_PADDING, width

    argv = ["--kallor", workspace.sources, "--mallar", workspace.templates, "--ut", workspace.build]
    folder = workspace.sources / "prov-kommun" / "ks-2011-11-14"
    org = ["--organisation", "Prov kommun", "--namnd", "Kommunstyrelsen", "--ar", "2011"]
    assert main([str(a) for a in [*argv, "new", "foredragningslista", folder, *org]]) == 0
    capsys.readouterr()
    edit(
        folder / "foredragningslista.yaml",
        "    - rubrik: Val av justerare\n",
        "    - rubrik: Val av justerare\n      tid: 09:00-09:10\n",
    )
    table = Document(str(build(folder, workspace))).tables[0]
    column = [c.text for c in table.rows[0].cells].index("Tid")
    assert table.rows[2].cells[column].text == "kl. 09.00–09.10"
    assert table.columns[column].width.twips >= width("kl. 09.00–09.10", 19, False) + CELL_PADDING


def test_a_short_marker_is_not_told_at_a_longer_marker_that_begins_with_its_words(workspace, capsys):
    """Båstad's tjänsteskrivelse (tests/fixtures/bastad-ks-2013): the description marks the date of
    fullmäktige's decision ("[[ATT UPPDATERA: datum för fullmäktiges beslut]]") and the case has no
    'datum', so the template's header says "[ATT UPPDATERA: datum]". That marker was told at the
    description's line ("står kvar markerat"), where nothing is to be written; it is told at
    'ärende:', with the field to write there."""
    folder = workspace.sources / "prov-kommun" / "ts-datum"
    source, case_line = _new_case_source(workspace, capsys, folder)
    line = edit(
        source,
        "[[ATT UPPDATERA: Beskriv ärendet: bakgrund, vad som föreslås och varför.]]",
        "Kommunfullmäktige fattade beslut [[ATT UPPDATERA: datum för fullmäktiges beslut]] i fråga om "
        "det utvidgade strandskyddet.",
    )
    message = refused(
        workspace,
        ["build", "--slutlig", folder],
        f"ts-datum/arende.yaml, rad {case_line}: uppgiften saknas i källorna och står markerad: "
        r"\[ATT UPPDATERA: datum\] Skriv 'datum' under 'ärende:'",
        f"ts-datum/arende.yaml, rad {line}: står kvar markerat: [ATT UPPDATERA: datum för fullmäktiges",
    )
    assert f"rad {line}: står kvar markerat: [ATT UPPDATERA: datum] " not in message


def test_a_case_without_signatories_is_told_to_write_them_not_to_delete_a_template_paragraph(workspace, capsys):
    """Båstad's tjänsteskrivelse names no one who signs it. The starter's stand-in for them, after
    a paragraph's '{%p else %}', was told as a paragraph of the template to delete ("Öppna mallen
    … ta bort eller ersätt stycket"), which would leave every later case without signatories; it is
    told at 'ärende:', with the field to write there."""
    folder = workspace.sources / "prov-kommun" / "ts-utan-undertecknare"
    source, case_line = _new_case_source(workspace, capsys, folder)
    edit(source, '  i_tjänsten:\n    - namn: "[[ATT UPPDATERA: namn]]"\n      titel: "[[ATT UPPDATERA: titel]]"\n', "")
    message = refused(
        workspace,
        ["build", "--slutlig", folder],
        f"ts-utan-undertecknare/arende.yaml, rad {case_line}: uppgiften saknas i källorna och står markerad: "
        r"\[ATT UPPDATERA: vem som undertecknar saknas i underlaget\] Skriv 'i_tjänsten' under 'ärende:'",
    )
    assert "mallen har ett stycke markerat ATT UPPDATERA: [ATT UPPDATERA: vem som undertecknar" not in message
