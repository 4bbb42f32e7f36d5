"""The årsplan och budget 2025 built from the real sources and read back with python-docx."""

from __future__ import annotations

import zipfile

import yaml

from docgen.pipeline import Project, build

from .conftest import PLAN_2025, assert_matches_golden, joined_rows

NBSP = "\u00a0"
MINUS = "\u2212"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def headings(doc, level):
    return [p.text for p in doc.paragraphs if p.style.name == f"Heading {level}"]


def table_after(doc, caption_start):
    """The table that follows the caption beginning with `caption_start`."""
    body = list(doc.element.body.iterchildren())
    for n, child in enumerate(body):
        if child.tag == W + "p" and "".join(t.text or "" for t in child.iter(W + "t")).startswith(caption_start):
            for later in body[n + 1 :]:
                if later.tag == W + "tbl":
                    return next(t for t in doc.tables if t._tbl is later)
    raise AssertionError(f"no table after caption {caption_start!r}")


def table_with_header(doc, first_header, nth=0):
    found = [t for t in doc.tables if t.rows[0].cells[0].text == first_header]
    return found[nth]


def test_sections_in_order(plan_2025):
    assert headings(plan_2025, 1) == [
        "Årets planering",
        "Patientlöften",
        "Hantering av mål, uppdrag och styrtal från Treårsbudget",
        "Pågående uppdrag från Treårsbudget tidigare år",
        "Nämndens beredningar",
        "Uppdrag till hälso- och sjukvårdsdirektör",
        "Aktuella styrande dokument",
        "Årsbudget",
        "Bilaga 1 – Resultaträkning och balansräkning 2025",
    ]
    level2 = headings(plan_2025, 2)
    assert level2[:4] == [
        "Långsiktigt hållbar ekonomi",
        "En hållbar och säker organisation med god beredskap",
        "God vård och hälsa",
        "Tillgänglig hälso- och sjukvård",
    ]
    assert [h for h in level2 if h.startswith("Behovsstyrningsberedning")] == [
        f"Behovsstyrningsberedning {n}" for n in range(1, 5)
    ]
    assert "Samordningsberedningen" not in level2  # no section without a behovsgrupp


def test_decision_proposal_numbered(plan_2025):
    clauses = [p.text for p in plan_2025.paragraphs if p.style.name == "Numrerad lista"]
    assert clauses == [
        "1.\tatt fastställa aktuella styrande dokument för nämnden enligt årsplanens avsnitt ”Styrande dokument”.",
        "2.\tatt fastställa hälso- och sjukvårdsnämndens årsplan och budget för år 2025.",
    ]


def test_report_calendar_months(plan_2025):
    texts = [p.text for p in plan_2025.paragraphs]
    start = texts.index("Februari")
    assert texts[start : start + 7] == [
        "Februari",
        "Mars",
        "April (inklusive helårsbedömning)",
        "Juni",
        "Augusti (inklusive helårsbedömning)",
        "Oktober",
        "December (årsredovisning)",
    ]


def test_assignment_table_with_following_committee(plan_2025):
    table = table_with_header(plan_2025, "Uppdrag till nämnden", nth=1)  # God vård och hälsa
    assert table.rows[0].cells[1].text == "Hantering och inriktning"
    first = table.rows[1].cells
    assert first[0].text == "Utarbeta en definition och finansieringsmodell för närsjukvårdsplatser."
    assert first[1].paragraphs[-1].text == "Uppdraget ska följas av behovsstyrningsberedning 4."
    fourth = table.rows[4].cells
    assert fourth[1].paragraphs[-1].text == (
        "Uppdraget ska följas av behovsstyrningsberedning 4 respektive behovsstyrningsberedning 1."
    )


def test_indicator_table_rows(plan_2025):
    table = table_with_header(plan_2025, "Styrtal", nth=1)  # Tillgänglig hälso- och sjukvård
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[1] == [
        "Oplanerade återinläggningar inom 30 dagar för patienter 65+ år ska minska",
        "Beställningar till PE som bedriver slutenvård för 2025 (samtliga utom PC och DC).",
        "Produktionsenhet",
        "Samtliga delårsrapporter",
    ]
    # a styrtal with two rows: the second row leaves the styrtal cell empty
    patient = next(i for i, r in enumerate(rows) if r[0].startswith("Andel patienter i nationell patientenkät"))
    assert rows[patient][2:] == ["Vårdcentral", "Årligen"]
    assert rows[patient + 1][0] == "" and rows[patient + 1][2:] == ["Produktionsenhet", "Årligen"]
    assert len(rows) == 1 + 15  # header + 12 styrtal with 15 rows


def test_other_follow_up_table(plan_2025):
    table = table_with_header(plan_2025, "Annan uppföljning", nth=1)  # God vård och hälsa
    first = [c.text for c in table.rows[1].cells]
    assert first == [
        "Aktuella uppdrag och utvecklingsområden: Förstärkt föräldraförmåga",
        "Uppdraget delas mellan BKC och PVC. Ska följas av behovsstyrningsberedning 1.",
        "Årligen",
    ]
    texts = [r.cells[1].text for r in table.rows]
    assert "Uppdraget delas mellan NSC, NSV och NSÖ. Ska följas av hälso- och sjukvårdsnämndens presidium." in texts


def test_committee_lists_are_the_referenced_assignments(plan_2025):
    """The lists under each beredning come from följs_av: the text is the uppdrag's own."""
    paragraphs = [(p.style.name, p.text) for p in plan_2025.paragraphs]
    start = paragraphs.index(("Heading 2", "Behovsstyrningsberedning 4"))
    section = [text for _style, text in paragraphs[start:]]
    intro = next(i for i, t in enumerate(section) if t.startswith("Beredningen ska därutöver följa följande uppdrag"))
    assert section[intro].endswith("under målområde God vård och hälsa och målområde Tillgänglig hälso- och sjukvård:")
    sources = yaml.safe_load((PLAN_2025 / "malomraden.yaml").read_text(encoding="utf-8"))
    texts = {u["id"]: u["text"] for area in sources["målområden"] for u in area.get("uppdrag", [])}
    assert section[intro + 1 : intro + 4] == [
        texts["narsjukvardsplatser"],
        texts["individer-i-risk"],
        texts["overenskommelse-utskrivning"],
    ]
    follow = next(i for i, t in enumerate(section) if t.startswith("Beredningen ska därutöver följa upp"))
    assert section[follow + 1 : follow + 6] == [
        "Utökat vårdansvar vid utskrivning av patienter från sjukhus",
        "Fast läkarkontakt",
        "Läkarmedverkan i den kommunala omsorgen",
        "Piloter med utökade öppettider inom primärvården",
        "Undvika att patienter avlider ensamma",
    ]


def test_director_assignments_with_case_numbers(plan_2025):
    bullets = [p.text for p in plan_2025.paragraphs if p.text.endswith(")") and "(RÖ " in p.text]
    assert "Upphandla vuxenpsykiatrisk öppenvård (RÖ 2024/4382)" in bullets
    assert len(bullets) == 6


def test_governing_documents_table(plan_2025):
    table_rows = joined_rows(plan_2025, "Styrande dokument")
    rows = [[c.text for c in r.cells] for r in table_rows]
    assert rows[1][0] == "Beställning av Hälso- och sjukvård (styrande dokument utifrån HSNs budget)"
    ambulance = next(r for r in rows if r[0].startswith("Avtal om ambulanssjukvård"))
    assert ambulance[1:] == ["2028-02-01\n2031-02-01", "Januari 2025", "HSN"]
    ivpa = next(r for r in rows if r[0].startswith("Avtal om IVPA"))
    assert ivpa[1:] == ["Tills vidare", "6 månaders uppsägning", "HSN"]
    utskrivning = next(r for r in rows if r[0].startswith("Överenskommelse om samverkan för trygg, säker och effektiv"))
    assert utskrivning[1] == "2025-06-31"  # kept verbatim, with its reason in the sources
    psoriasis = next(r for r in rows if "Psoriasis" in r[0])
    assert psoriasis[3] == ""
    documents = [r for r in table_rows[1:] if len(r._tr.tc_lst) == 4]  # group rows are one spanning cell
    assert len(documents) == 42
    groups = [r.cells[0].text for r in table_rows[1:] if len(r._tr.tc_lst) == 1]
    assert groups[-4:] == ["Ekonomi", "Folkhälsa", "Kommunsamverkan inom vård och omsorg", "Övrigt"]


def test_redistribution_table_sums(plan_2025):
    table = table_after(plan_2025, "Tabell 2. Omfördelning")
    rows = {r.cells[0].text: r.cells[1].text for r in table.rows}
    assert rows["Ramförstärkning hälso- och sjukvårdsnämnden (treårsbudget)"] == "50,0"
    assert rows["Utökad ersättning till primärvården för allmänläkemedel"] == f"{MINUS}50,0"
    assert rows["Summa utökade ramar enligt treårsbudget 2025–2027"] == "163,1"
    assert rows["Summa omfördelningar inom hälso- och sjukvårdsnämnden"] == "0,0"
    header = table.rows[0]
    assert header._tr.trPr.find(W + "tblHeader") is not None


def test_distribution_table_shares_and_funding(plan_2025):
    table = table_after(plan_2025, "Tabell 3. Fördelning")
    rows = {r.cells[0].text: (r.cells[1].text, r.cells[2].text) for r in table.rows}
    assert rows["Specialiserad vård i egen regi"] == (f"10{NBSP}997", f"68{NBSP}%")
    assert rows["Budgetbalanspost"] == (f"{MINUS}48", f"0{NBSP}%")
    assert rows["Summa*"] == (f"16{NBSP}071", f"100{NBSP}%")
    paragraphs = [p.text for p in plan_2025.paragraphs]
    assert f"* Finansieras av regionbidrag 15{NBSP}979{NBSP}mnkr och koncernbidrag 92{NBSP}mnkr" in paragraphs


def test_numbers_right_aligned(plan_2025):
    table = table_after(plan_2025, "Tabell 4. Resultaträkning")
    for cell in table.rows[2].cells[1:4]:
        assert cell.paragraphs[0].style.name == "Tabelltal"
        assert cell.paragraphs[0].style.paragraph_format.alignment == 2  # right


def test_income_statement_and_balance_sheet(plan_2025):
    income = table_after(plan_2025, "Tabell 4. Resultaträkning")
    rows = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in income.rows}
    assert rows["Regionbidrag"] == [f"15{NBSP}979{NBSP}439", f"15{NBSP}451{NBSP}933", f"14{NBSP}952{NBSP}398", ""]
    assert rows["Koncernbidrag"][3] == "1)"
    assert rows["Summa Övriga kostnader"][:3] == [
        f"{MINUS}16{NBSP}329{NBSP}303",
        f"{MINUS}15{NBSP}656{NBSP}124",
        f"{MINUS}15{NBSP}338{NBSP}095",
    ]
    assert rows["Årets resultat"][:3] == ["0", f"{MINUS}46{NBSP}407", f"{MINUS}21{NBSP}294"]
    balance = table_after(plan_2025, "Tabell 5. Balansräkning")
    rows = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in balance.rows}
    assert (
        rows["SUMMA TILLGÅNGAR"][:2]
        == rows["SUMMA EGET KAPITAL, AVSÄTTN o SKULDER"][:2]
        == [f"121{NBSP}118", f"119{NBSP}522"]
    )
    paragraphs = [p.text for p in plan_2025.paragraphs]
    assert "*(enl helårsbedömning 04 2024)" in paragraphs
    assert (
        "4)\tJustering av årets resultat är utfört i enlighet med Region Östergötlands ekonomiska styrprinciper."
        in paragraphs
    )


def test_missing_figures_are_flagged_not_invented(plan_2025):
    paragraphs = [p.text for p in plan_2025.paragraphs]
    assert "Tabell 1. Regionbidrag 2025" in paragraphs
    marker = paragraphs[paragraphs.index("Tabell 1. Regionbidrag 2025") + 1]
    assert marker.startswith("[ATT UPPDATERA:")


def test_document_properties_and_language(plan_2025, plan_2025_path):
    props = plan_2025.core_properties
    assert props.title == "Hälso- och sjukvårdsnämndens årsplan och budget 2025"
    assert props.author == "Region Östergötland, hälso- och sjukvårdsnämnden"
    assert props.language == "sv-SE"
    with zipfile.ZipFile(plan_2025_path) as archive:
        styles = archive.read("word/styles.xml").decode()
        settings = archive.read("word/settings.xml").decode()
    assert 'w:lang w:val="sv-SE"' in styles
    assert "updateFields" not in settings  # Word must not ask to update fields


def test_table_of_contents_filled_in(plan_2025):
    toc = [p.text for p in plan_2025.paragraphs if p.style.name in ("toc 1", "toc 2")]
    assert toc[:4] == [
        "Årets planering",
        "Patientlöften",
        "Hantering av mål, uppdrag och styrtal från Treårsbudget",
        "Långsiktigt hållbar ekonomi",
    ]
    assert toc == [p.text for p in plan_2025.paragraphs if p.style.name in ("Heading 1", "Heading 2")]
    instructions = "".join(t.text for t in plan_2025.element.body.iter(W + "instrText"))
    assert "TOC \\o" in instructions


def test_header_and_footer(plan_2025):
    section = plan_2025.sections[0]
    assert (
        section.header.paragraphs[0].text == "Region Östergötland\tHälso- och sjukvårdsnämndens årsplan och budget 2025"
    )
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml


def test_every_table_repeats_its_header_row(plan_2025):
    for table in plan_2025.tables:
        assert table.rows[0]._tr.trPr.find(W + "tblHeader") is not None


def test_golden_text_snapshot(plan_2025_path):
    assert_matches_golden(plan_2025_path, "arsplan-och-budget-2025")


def test_reproducible_bytes(plan_2025_path, tmp_path):
    again = build(PLAN_2025, Project(build=tmp_path))
    assert again.read_bytes() == plan_2025_path.read_bytes()
