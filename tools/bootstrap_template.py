"""Create the first version of docgen's templates.

    .venv/bin/python tools/bootstrap_template.py [arsplan|verksamhetsplan ...]

The .docx files in templates/ are the truth: editors change them in Word. This script is how
their first versions were made (styles, page, header and footer, tags), kept so that their
construction can be read and repeated. Running it overwrites the templates it names.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent

FONT = "Arial"
INK = RGBColor(0x1A, 0x1A, 0x1A)
ACCENT = RGBColor(0x1F, 0x38, 0x64)  # contrast 11.9:1 on white
ACCENT_HEX = "1F3864"
GROUP_FILL = "D9E2F3"
# soft hyphen: breaks as "Uppföljnings-/frekvens" in narrow columns  # group rows: dark text on light blue, 11:1
FREQUENCY = "Uppföljnings\u00adfrekvens"


# ---------------------------------------------------------------- styles


def setup_styles(doc) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10.5)
    normal.font.color.rgb = INK
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    _fonts(normal)
    for name, size, before in (("Heading 1", 16, 18), ("Heading 2", 13, 14), ("Heading 3", 11, 10), ("Heading 4", 10.5, 8)):
        style = styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = ACCENT
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
        _fonts(style)
    title = styles["Title"]
    title.font.name = FONT
    title.font.size = Pt(24)
    title.font.bold = True
    title.font.color.rgb = ACCENT
    title.paragraph_format.space_after = Pt(12)
    _fonts(title)
    _remove_border(title)
    subtitle = styles["Subtitle"]
    subtitle.font.name = FONT
    subtitle.font.size = Pt(13)
    subtitle.font.italic = False
    subtitle.font.color.rgb = INK
    _fonts(subtitle)
    caption = styles["Caption"]
    caption.font.name = FONT
    caption.font.size = Pt(9.5)
    caption.font.bold = True
    caption.font.color.rgb = INK
    caption.paragraph_format.space_before = Pt(10)
    caption.paragraph_format.space_after = Pt(4)
    caption.paragraph_format.keep_with_next = True
    _fonts(caption)
    bullet = styles["List Bullet"]
    bullet.font.name = FONT
    bullet.paragraph_format.space_after = Pt(3)
    toc_heading = styles["TOC Heading"]
    toc_heading.font.color.rgb = ACCENT
    toc_heading.font.name = FONT
    _fonts(toc_heading)

    def paragraph_style(name, size=10.5, bold=False, italic=False, right=False, after=6, before=0, base="Normal"):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = italic
        style.paragraph_format.space_after = Pt(after)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.line_spacing = 1.0
        if right:
            style.paragraph_format.alignment = 2
        style.quick_style = True
        return style

    paragraph_style("Tabelltext", size=9.5, after=2)
    paragraph_style("Tabelltal", size=9.5, after=2, right=True)
    for name, alignment in (("Tabellrubrik", None), ("TabellrubrikHoger", 2), ("TabellrubrikMitt", 1)):
        heading = paragraph_style(name, size=9.5, bold=True, after=2)
        heading.paragraph_format.alignment = alignment
        heading.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)  # on the header row's dark fill
    footnote = paragraph_style("Tabellfotnot", size=8.5, after=2)
    footnote.paragraph_format.left_indent = Cm(0.6)
    footnote.paragraph_format.first_line_indent = Cm(-0.6)
    footnote.paragraph_format.tab_stops.add_tab_stop(Cm(0.6))
    numbered = paragraph_style("Numreradlista", after=6)
    numbered.paragraph_format.left_indent = Cm(0.75)
    numbered.paragraph_format.first_line_indent = Cm(-0.75)
    numbered.paragraph_format.line_spacing = 1.15
    lead = paragraph_style("Beslutsrubrik", bold=True, before=12, after=6)
    lead.paragraph_format.keep_with_next = True
    indented = paragraph_style("Tabelltext indrag", size=9.5, after=2)
    indented.paragraph_format.left_indent = Cm(0.5)
    listed = paragraph_style("Uppdragslista", after=4)
    listed.paragraph_format.left_indent = Cm(2.0)
    listed.paragraph_format.first_line_indent = Cm(-2.0)
    listed.paragraph_format.tab_stops.add_tab_stop(Cm(2.0))
    listed.paragraph_format.line_spacing = 1.15
    group_lead = paragraph_style("Uppdragsrubrik", italic=True, before=8, after=4)
    group_lead.paragraph_format.keep_with_next = True
    for level, indent in ((2, 1.5), (3, 2.25)):
        nested = paragraph_style(f"Numreradlista {level}", after=4)
        nested.paragraph_format.left_indent = Cm(indent)
        nested.paragraph_format.first_line_indent = Cm(-0.75)
        nested.paragraph_format.line_spacing = 1.15
    figure = paragraph_style("Figur", before=6, after=2)
    figure.paragraph_format.alignment = 1
    figure.paragraph_format.keep_with_next = True
    cell_bullet = paragraph_style("Tabellpunkt", size=9.5, after=1)
    cell_bullet.paragraph_format.left_indent = Cm(0.4)
    cell_bullet.paragraph_format.first_line_indent = Cm(-0.3)
    for level in (1, 2):
        toc = styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
        toc.element.set(qn("w:styleId"), f"TOC{level}")  # Word's id for its built-in "toc N"
        toc.base_style = styles["Normal"]
        toc.paragraph_format.space_after = Pt(3)
        toc.paragraph_format.left_indent = Cm(0.5 * (level - 1))
        if level == 1:
            toc.font.bold = True
            toc.paragraph_format.space_before = Pt(4)
    hyperlink_style = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    hyperlink_style.font.color.rgb = RGBColor(0x1F, 0x38, 0x64)
    styles.element.append(parse_xml(TABLE_STYLE))


TABLE_STYLE = f"""
<w:style {nsdecls('w')} w:type="table" w:customStyle="1" w:styleId="Docgentabell">
  <w:name w:val="Docgen tabell"/>
  <w:basedOn w:val="TableNormal"/>
  <w:uiPriority w:val="59"/>
  <w:qFormat/>
  <w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
  <w:rPr><w:sz w:val="19"/></w:rPr>
  <w:tblPr>
    <w:tblBorders>
      <w:top w:val="single" w:sz="8" w:space="0" w:color="{ACCENT_HEX}"/>
      <w:bottom w:val="single" w:sz="8" w:space="0" w:color="{ACCENT_HEX}"/>
      <w:insideH w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/>
    </w:tblBorders>
    <w:tblCellMar>
      <w:top w:w="40" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>
      <w:bottom w:w="40" w:type="dxa"/><w:right w:w="85" w:type="dxa"/>
    </w:tblCellMar>
  </w:tblPr>
  <w:tblStylePr w:type="firstRow">
    <w:rPr><w:b/><w:color w:val="FFFFFF"/></w:rPr>
    <w:tblPr/>
    <w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{ACCENT_HEX}"/></w:tcPr>
  </w:tblStylePr>
</w:style>
"""


def _fonts(style) -> None:
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        if fonts.get(qn(attr)) is not None:
            del fonts.attrib[qn(attr)]


def _remove_border(style) -> None:
    ppr = style.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)


def set_language(doc) -> None:
    rpr_default = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr_default.find(qn("w:lang"))
    if lang is None:
        lang = parse_xml(f"<w:lang {nsdecls('w')}/>")
        rpr_default.append(lang)
    lang.set(qn("w:val"), "sv-SE")
    lang.set(qn("w:eastAsia"), "sv-SE")
    fonts = rpr_default.find(qn("w:rFonts"))
    if fonts is not None:
        for attr in list(fonts.attrib):
            del fonts.attrib[attr]
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), FONT)


# ---------------------------------------------------------------- page, header, footer


def setup_page(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
    section.header_distance = section.footer_distance = Cm(1.2)
    header = section.header.paragraphs[0]
    header.text = "{{ dokument.organisation }}\t{{ dokument.titel }}"
    header.style = doc.styles["Header"]
    # the default Header style's tabs are set for US Letter: one right tab at the A4 text width
    tabs = doc.styles["Header"].element.get_or_add_pPr().find(qn("w:tabs"))
    if tabs is not None:
        tabs.getparent().remove(tabs)
    header.paragraph_format.tab_stops.add_tab_stop(Cm(16.0), alignment=2)
    for run in header.runs:
        run.font.size = Pt(8.5)
    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Footer"]
    footer.alignment = 1
    footer._p.append(parse_xml(
        f'<w:r {nsdecls("w")}><w:rPr><w:sz w:val="18"/></w:rPr><w:t xml:space="preserve">Sida </w:t></w:r>'))
    footer._p.append(parse_xml(_field("PAGE", "1")))
    footer._p.append(parse_xml(
        f'<w:r {nsdecls("w")}><w:rPr><w:sz w:val="18"/></w:rPr><w:t xml:space="preserve"> av </w:t></w:r>'))
    footer._p.append(parse_xml(_field("NUMPAGES", "1")))


def _field(instruction: str, shown: str) -> str:
    return (f'<w:fldSimple {nsdecls("w")} w:instr=" {instruction} "><w:r><w:rPr><w:sz w:val="18"/></w:rPr>'
            f"<w:t>{shown}</w:t></w:r></w:fldSimple>")


# ---------------------------------------------------------------- content helpers


def p(doc, text: str = "", style: str | None = None, new_page: bool = False):
    paragraph = doc.add_paragraph(style=style)
    if text:
        paragraph.add_run(text)
    if new_page:  # a property of the paragraph, not an empty paragraph with a break
        paragraph.paragraph_format.page_break_before = True
    return paragraph


def tag(doc, text: str):
    """A paragraph that holds only a docxtpl tag ({%p …%} or {{p …}}); it disappears when rendered."""
    return doc.add_paragraph(text)


def table(doc, headers: list[str], widths_cm: list[float], caption: str):
    """A table in the Docgen style with a repeated header row and an accessible caption."""
    t = doc.add_table(rows=1, cols=len(headers))
    t.style = doc.styles["Docgen tabell"]
    t.autofit = False
    tbl_pr = t._tbl.tblPr
    tbl_pr.append(parse_xml(f'<w:tblLayout {nsdecls("w")} w:type="fixed"/>'))
    tbl_pr.append(parse_xml(f'<w:tblCaption {nsdecls("w")} w:val="{caption}"/>'))
    look = tbl_pr.find(qn("w:tblLook"))
    if look is not None:
        tbl_pr.remove(look)
    tbl_pr.append(parse_xml(f'<w:tblLook {nsdecls("w")} w:val="04A0" w:firstRow="1" w:lastRow="0" '
                            'w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'))
    # python-docx puts tblLook before tblCaption is required: order tblLayout, tblLook, tblCaption
    for element in (tbl_pr.find(qn("w:tblLayout")), tbl_pr.find(qn("w:tblLook")), tbl_pr.find(qn("w:tblCaption"))):
        tbl_pr.remove(element)
        tbl_pr.append(element)
    header = t.rows[0]
    header._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
    header._tr.get_or_add_trPr().append(parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))
    for cell, text, width in zip(header.cells, headers, widths_cm):
        cell.width = Cm(width)
        cell.paragraphs[0].style = doc.styles["Tabellrubrik"]
        cell.paragraphs[0].add_run(text)
    for column, width in zip(t.columns, widths_cm):
        column.width = Cm(width)
    return t


def row(doc, t, cells: list, widths_cm: list[float], span: bool = False, fill: str | None = None,
        styles: list[str] | None = None):
    """Add a row; each cell is a string (one paragraph) or a list of strings (paragraphs).
    With span, the row is one cell over the whole width (a group heading row)."""
    r = t.add_row()
    tr = r._tr
    tr.get_or_add_trPr().append(parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))
    if span:
        merged = r.cells[0].merge(r.cells[-1])
        cells = cells[:1]
        targets = [merged]
    else:
        targets = r.cells
    for cell, content, width in zip(targets, cells, widths_cm):
        if not span:
            cell.width = Cm(width)
        paragraphs = content if isinstance(content, list) else [content]
        first = cell.paragraphs[0]
        for n, text in enumerate(paragraphs):
            paragraph = first if n == 0 else cell.add_paragraph()
            paragraph.style = doc.styles[styles[targets.index(cell)] if styles else "Tabelltext"]
            if text:
                run = paragraph.add_run(text)
                if span:
                    run.bold = True
        if fill:
            cell._tc.get_or_add_tcPr().append(parse_xml(
                f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>'))
    return r


def control_row(doc, t, text: str):
    """A row holding only a {%tr …%} tag; docxtpl removes it when rendering."""
    r = t.add_row()
    r.cells[0].paragraphs[0].add_run(text)
    return r


def assignment_table(doc, loop: str, caption: str):
    widths = [6.0, 10.0]
    t = table(doc, ["Uppdrag till nämnden", "Hantering och inriktning"], widths, caption)
    control_row(doc, t, "{%tr for u in " + loop + " %}")
    row(doc, t, [["{{ u.text }}", "{%p if u.att_uppdatera %}",
                  "{{p ('[[ATT UPPDATERA: ' ~ u.att_uppdatera ~ ']]')|md('Tabelltext') }}", "{%p endif %}"], [
        "{{p u.hantering|md('Tabelltext') }}",
        "{%p if u.följs_av %}",
        "Uppdraget ska följas av {{ u.följs_av|map(attribute='benämning')|lista('respektive') }}.",
        "{%p endif %}",
    ]], widths)
    control_row(doc, t, "{%tr endfor %}")


# ---------------------------------------------------------------- the documents


def new_document() -> Document:
    doc = Document()
    setup_styles(doc)
    set_language(doc)
    setup_page(doc)
    body = doc.element.body
    for paragraph in list(body.iterchildren(qn("w:p"))):
        body.remove(paragraph)
    return doc


def build_arsplan() -> Document:
    """Årsplan och budget: fixed sections, each filled from its part of the sources."""
    doc = new_document()
    p(doc, "{{ dokument.titel }}", "Title")
    p(doc, "{{ dokument.organisation }}", "Subtitle")
    tag(doc, "{{p text.ingress|md }}")
    p(doc, "{{ beslut.inledning }}:", "Beslutsrubrik")
    tag(doc, "{%p for a in beslut.att_satser %}")
    p(doc, "{{ loop.index }}.\t{{ a.text }}", "Numreradlista")
    tag(doc, "{%p endfor %}")
    p(doc, "Innehåll", "TOC Heading", new_page=True)
    tag(doc, "{{p innehållsförteckning }}")

    p(doc, "Årets planering", "Heading 1", new_page=True)
    tag(doc, "{{p text.arets_planering|md }}")
    tag(doc, "{%p for r in rapportkalender %}")
    p(doc, "{{ r.månad|månad }}{% if r.anmärkning %} ({{ r.anmärkning }}){% endif %}", "List Bullet")
    tag(doc, "{%p endfor %}")
    tag(doc, "{{p rapportkalender|hjul('Årets rapporter') }}")
    tag(doc, "{{p text.arets_planering_efter|md }}")

    p(doc, "Patientlöften", "Heading 1")
    tag(doc, "{{p text.patientloften|md }}")
    tag(doc, "{%p for l in patientlöften %}")
    p(doc, "{{ l }}", "List Bullet")
    tag(doc, "{%p endfor %}")

    p(doc, "Hantering av mål, uppdrag och styrtal från Treårsbudget", "Heading 1")
    tag(doc, "{{p text.hantering_tab|md }}")
    tag(doc, "{%p for mo in målområden %}")
    p(doc, "{{ mo.namn }}", "Heading 2")
    tag(doc, "{{p mo.inledning|md }}")
    tag(doc, "{%p if mo.uppdrag %}")
    assignment_table(doc, "mo.uppdrag", "Uppdrag till nämnden inom {{ mo.namn }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if mo.uppdrag_till_regionstyrelsen %}")
    p(doc, "Uppdrag till regionstyrelsen", "Heading 3")
    tag(doc, "{{p text.rs_uppdrag_inledning|md }}")
    tag(doc, "{%p for u in mo.uppdrag_till_regionstyrelsen %}")
    p(doc, "{{ u }}", "List Bullet")
    tag(doc, "{%p endfor %}")
    tag(doc, "{{p text.rs_uppdrag_hantering|md }}")
    tag(doc, "{%p endif %}")

    tag(doc, "{%p if mo.styrtal %}")
    p(doc, "{{ mo.styrtal_rubrik }}", "Heading 3")
    tag(doc, "{{p mo.styrtal_inledning|md }}")
    widths = [5.0, 4.4, 3.3, 3.3]
    t = table(doc, ["Styrtal", "Inarbetas i följande styrdokument", "Uppföljning sker per", FREQUENCY],
              widths, "Styrtal inom {{ mo.namn }}")
    control_row(doc, t, "{%tr for s in mo.styrtal %}")
    control_row(doc, t, "{%tr for r in s.rader %}")
    row(doc, t, ["{% if loop.first %}{{ s.text }}{% endif %}", "{{ r.inarbetas_i }}",
                 "{{ r.uppföljning_per }}", "{{ r.frekvens }}"], widths)
    control_row(doc, t, "{%tr endfor %}")
    control_row(doc, t, "{%tr endfor %}")
    tag(doc, "{%p endif %}")

    tag(doc, "{%p if mo.annan_uppföljning %}")
    p(doc, "Annan uppföljning", "Heading 3")
    tag(doc, "{{p mo.annan_uppföljning_inledning|md }}")
    widths = [4.6, 8.1, 3.3]
    t = table(doc, ["Annan uppföljning", "Hantering", FREQUENCY], widths,
              "Annan uppföljning inom {{ mo.namn }}")
    control_row(doc, t, "{%tr for a in mo.annan_uppföljning %}")
    control_row(doc, t, "{%tr for r in a.rader %}")
    row(doc, t, [
        "{% if loop.first %}{% if a.kategori %}{{ a.kategori }}: {% endif %}{{ a.text }}{% endif %}",
        "{{ r.hantering }}{% if loop.last and a.följs_av %} Ska följas av "
        "{{ a.följs_av|map(attribute='benämning')|lista('respektive') }}.{% endif %}",
        "{{ r.frekvens }}"], widths)
    control_row(doc, t, "{%tr endfor %}")
    control_row(doc, t, "{%tr endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")

    p(doc, "Pågående uppdrag från Treårsbudget tidigare år", "Heading 1")
    tag(doc, "{{p text.pagaende_uppdrag|md }}")
    tag(doc, "{%p for t in pågående_uppdrag %}")
    p(doc, "Pågående uppdrag från {{ t.treårsbudget }}", "Heading 2")
    tag(doc, "{%p for f in t.fokusområden %}")
    p(doc, "Fokusområde: {{ f.namn }}", "Heading 3")
    assignment_table(doc, "f.uppdrag", "Pågående uppdrag inom {{ f.namn }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")

    p(doc, "Nämndens beredningar", "Heading 1")
    tag(doc, "{{p text.beredningar|md }}")
    tag(doc, "{%p for b in beredningar %}")
    tag(doc, "{%p if b.behovsgrupp %}")
    p(doc, "{{ b.namn }}", "Heading 2")
    para = p(doc)
    para.add_run("Behovsgrupp: ").bold = True
    para.add_run("{{ b.behovsgrupp }}")
    para = p(doc)
    para.add_run("Särskilda bevakningsområden: ").bold = True
    para.add_run("{{ b.bevakningsområden }}")
    para = p(doc)
    para.add_run("Koppling till kunskapsstyrning och RPO: ").bold = True
    para.add_run("{{ b.kunskapsstyrning }}")
    tag(doc, "{{p text.beredning_lopande|md }}")
    tag(doc, "{{p b.uppdrag_till_beredningen|md(etikett='Uppdrag till beredningen:') }}")
    tag(doc, "{%p if b.följda_uppdrag %}")
    p(doc, "Beredningen ska därutöver följa följande uppdrag från treårsbudgeten, vilka även beskrivs under "
           "{{ b.följda_uppdrag|map(attribute='avsnitt')|unique|lista }}:")
    tag(doc, "{%p for u in b.följda_uppdrag %}")
    p(doc, "{{ u.text }}", "List Bullet")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if b.följd_uppföljning %}")
    p(doc, "Beredningen ska därutöver följa upp följande aktuella uppdrag, vilka även beskrivs under Annan "
           "uppföljning i {{ b.följd_uppföljning|map(attribute='avsnitt')|unique|lista }}:")
    tag(doc, "{%p for u in b.följd_uppföljning %}")
    p(doc, "{{ u.text }}", "List Bullet")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{{p text.beredning_forslag|md }}")
    tag(doc, "{{p text.beredning_redovisning|md }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")

    p(doc, "Uppdrag till hälso- och sjukvårdsdirektör", "Heading 1")
    tag(doc, "{{p direktörsuppdrag.inledning|md }}")
    tag(doc, "{%p for u in direktörsuppdrag.uppdrag %}")
    p(doc, "{{ u.text }} ({{ u.dnr }})", "List Bullet")
    tag(doc, "{%p endfor %}")
    tag(doc, "{{p direktörsuppdrag.avslutning|md }}")

    p(doc, "Aktuella styrande dokument", "Heading 1")
    tag(doc, "{{p styrande_dokument.inledning|md }}")
    widths = [8.6, 2.4, 3.2, 1.8]
    t = table(doc, ["Styrande dokument", "Gäller till och med", "Nytt beslut", "Beslutad av"], widths,
              "Aktuella styrande dokument")
    control_row(doc, t, "{%tr for g in styrande_dokument.grupper %}")
    row(doc, t, ["{{ g.rubrik }}"], widths, span=True, fill=GROUP_FILL)
    control_row(doc, t, "{%tr for ug in g.undergrupper %}")
    control_row(doc, t, "{%tr if ug.rubrik %}")
    row(doc, t, ["{{ ug.rubrik }}"], widths, span=True)
    control_row(doc, t, "{%tr endif %}")
    control_row(doc, t, "{%tr for d in ug.dokument %}")
    row(doc, t, [["{{ d.namn }}", "{%p if d.att_uppdatera %}",
                  "{{p ('[[ATT UPPDATERA: ' ~ d.att_uppdatera ~ ']]')|md('Tabelltext') }}", "{%p endif %}"],
                 "{{ d.gäller_till_och_med|giltighet }}", "{{ d.nytt_beslut }}", "{{ d.beslutad_av or '' }}"], widths)
    control_row(doc, t, "{%tr endfor %}")
    control_row(doc, t, "{%tr endfor %}")
    control_row(doc, t, "{%tr endfor %}")

    p(doc, "Årsbudget", "Heading 1", new_page=True)
    tag(doc, "{{p årsbudget|flöde }}")

    tag(doc, "{%p for bilaga in bilagor %}")
    p(doc, "{{ bilaga.rubrik }}", "Heading 1", new_page=True)
    tag(doc, "{{p bilaga.innehåll|flöde }}")
    tag(doc, "{%p endfor %}")
    return doc


def chapters_begin(doc) -> None:
    """The table of contents, then the loop over the chapters (avsnitt) and their blocks, up to
    the blocks every flow has (text, tabell); a template adds its own kinds of block after."""
    p(doc, "Innehåll", "TOC Heading")
    tag(doc, "{{p innehållsförteckning }}")
    tag(doc, "{%p for kap in avsnitt %}")
    p(doc, "{% if kap.nummer %}{{ kap.nummer }} {% endif %}{{ kap.rubrik }}", "Heading 1", new_page=True)
    tag(doc, "{%p for b in kap.innehåll %}")
    tag(doc, "{%p if b.text %}")
    tag(doc, "{{p b.text|md }}")
    tag(doc, "{%p elif b.tabell %}")
    tag(doc, "{{p b.tabell|tabell }}")


def chapters_end(doc) -> None:
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")


def build_verksamhetsplan() -> Document:
    """Verksamhetsplan med budget: numbered chapters whose content is a flow of text,
    tables, pictures, the målsättningar and the internkontrollplan, in the sources' order."""
    doc = new_document()
    p(doc, "{{ dokument.titel }}", "Title")
    p(doc, "{{ dokument.organisation }}, {{ dokument.nämnd|lower }}", "Subtitle")
    chapters_begin(doc)
    tag(doc, "{%p elif b.bild %}")
    tag(doc, "{{p b.bild|bild }}")
    tag(doc, "{%p elif b.målsättningar %}")

    tag(doc, "{%p for ms in målsättningar %}")
    p(doc, "{% if ms.nummer %}Målsättning nr {{ ms.nummer }}: {% endif %}{{ ms.namn }}", "Heading 3")
    tag(doc, "{{p ms.text|md }}")
    tag(doc, "{%p if ms.styrtal %}")
    widths = [7.6, 2.8, 2.8, 2.8]
    t = table(doc, ["Styrtal", "Utfall, senast kända värde", "Årets målvärde", "Långsiktigt målvärde"], widths,
              "Styrtal för {{ ms.namn }}")
    for cell in t.rows[0].cells[1:]:
        cell.paragraphs[0].style = doc.styles["TabellrubrikHoger"]
    values = ["{{ s.utfall|värde }}", "{{ s.målvärde|värde }}", "{{ s.långsiktigt_målvärde|värde }}"]
    numbers = ["Tabelltext", "Tabelltal", "Tabelltal", "Tabelltal"]
    control_row(doc, t, "{%tr for s in ms.styrtal %}")
    row(doc, t, ["{{ s.nummer }}. {{ s.text }}{% if s.utfall_period %} (Utfall: {{ s.utfall_period }}){% endif %}"]
        + values, widths, styles=numbers)
    control_row(doc, t, "{%tr for s in s.delar %}")
    row(doc, t, ["{{ s.nummer }}. {{ s.text }}{% if s.utfall_period %} (Utfall: {{ s.utfall_period }}){% endif %}"]
        + values, widths, styles=["Tabelltext indrag"] + numbers[1:])
    control_row(doc, t, "{%tr endfor %}")
    control_row(doc, t, "{%tr endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{{p ms.styrtal_kommentar|md }}")
    tag(doc, "{%p for g in ms.uppdrag %}")
    tag(doc, "{{p g.inledning|md }}")
    p(doc, "{{ g.rubrik }}", "Uppdragsrubrik")
    tag(doc, "{%p for u in g.uppdrag %}")
    p(doc, "{{ g.serie.prefix }} {{ u.nr }}.\t{{ u.text }}", "Uppdragslista")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")

    tag(doc, "{%p elif b.internkontroll %}")
    tag(doc, "{{p internkontroll.inledning|md }}")
    widths = [4.0, 6.0, 6.0]
    t = table(doc, ["Verksamhet", "Risk", "Åtgärd"], widths, "Internkontrollplan")
    control_row(doc, t, "{%tr for v in internkontroll.verksamheter %}")
    control_row(doc, t, "{%tr for r in v.risker %}")
    row(doc, t, ["{% if loop.first %}{{ v.verksamhet }}{% endif %}", "{{ r.risk }}", "{{ r.åtgärd }}"], widths)
    control_row(doc, t, "{%tr endfor %}")
    control_row(doc, t, "{%tr endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    return doc


def build_planeringsaret() -> Document:
    """The planning year: chapters as flows; the calendar as a wheel and a table; the
    treårsbudget's focus areas with styrtal and uppdrag with their recipients."""
    doc = new_document()
    p(doc, "{{ dokument.titel }}", "Title")
    p(doc, "{{ dokument.organisation }}", "Subtitle")
    chapters_begin(doc)
    tag(doc, "{%p elif b.kalender %}")
    tag(doc, "{{p planeringskalender|hjul('Planeringsåret') }}")
    widths = [2.4, 4.6, 9.0]
    t = table(doc, ["Månad", "Steg", "Innehåll"], widths, "Planeringsåret i tabellform")
    control_row(doc, t, "{%tr for steg in planeringskalender %}")
    row(doc, t, ["{{ steg.månad|månad }}", "{{ steg.namn }}", [
        "{%p for punkt in steg.innehåll %}", "• {{ punkt }}", "{%p endfor %}",
        "{%p for del in steg.delar %}", "{{ del.rubrik }}", "{%p for punkt in del.innehåll %}", "• {{ punkt }}",
        "{%p endfor %}", "{%p endfor %}"]], widths)
    control_row(doc, t, "{%tr endfor %}")
    tag(doc, "{%p elif b.fokusområden %}")
    tag(doc, "{%p for f in treårsbudget.fokusområden %}")
    p(doc, "{{ f.namn }}", "Heading 2")
    tag(doc, "{%p if f.styrtal %}")
    p(doc, "Styrtal", "Heading 3")
    tag(doc, "{%p for st in f.styrtal %}")
    p(doc, "{{ st }}", "List Bullet")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if f.uppdrag %}")
    p(doc, "Uppdrag", "Heading 3")
    widths = [13.4, 2.6]
    t = table(doc, ["Uppdrag", "Uppdrag till"], widths, "Uppdrag i {{ treårsbudget.namn }} – {{ f.namn }}")
    control_row(doc, t, "{%tr for u in f.uppdrag %}")
    row(doc, t, ["{{ u.text }}", "{{ u.till|map(attribute='förkortning')|join(', ') }}"], widths)
    control_row(doc, t, "{%tr endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    p(doc, "Förkortningar", "Heading 1", new_page=True)
    widths = [3.0, 13.0]
    t = table(doc, ["Förkortning", "Organ"], widths, "Förkortningar för organ")
    control_row(doc, t, "{%tr for o in organ %}")
    row(doc, t, ["{{ o.förkortning }}", "{{ o.namn }}"], widths)
    control_row(doc, t, "{%tr endfor %}")
    return doc


def build_uppfoljning() -> Document:
    """A follow-up report: chapters as flows of text, tables, pictures and charts."""
    doc = new_document()
    p(doc, "{{ dokument.titel }}", "Title")
    p(doc, "{{ dokument.nämnd }}, {{ dokument.organisation }}", "Subtitle")
    chapters_begin(doc)
    tag(doc, "{%p elif b.diagram %}")
    tag(doc, "{{p b.diagram|diagram }}")
    tag(doc, "{%p elif b.uppföljning %}")
    tag(doc, "{{p uppföljningen|statusrapport }}")
    tag(doc, "{%p elif b.bild %}")
    tag(doc, "{{p b.bild|bild }}")
    chapters_end(doc)
    return doc


MISSING = "[[ATT UPPDATERA: {} saknas i underlaget]]"


def proposed_decision(doc, source: str) -> None:
    """Numbered clauses, each with its lettered revisions and their numbered items."""
    tag(doc, "{%p for a in " + source + " %}")
    p(doc, "{{ loop.index }}.\t{{ a.text }}", "Numreradlista")
    tag(doc, "{%p for r in a.revideringar %}")
    p(doc, "{{ 'abcdefghijklmnopqrstuvwxyz'[loop.index0] }}.\t{{ r.mening }}", "Numreradlista 2")
    tag(doc, "{%p for punkt in r.punkter %}")
    p(doc, "{{ loop.index }}.\t{{ punkt }}", "Numreradlista 3")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")


def build_tjansteskrivelse() -> Document:
    """A decision draft (tjänsteskrivelse) for any document or case: heading, meeting and
    diarienummer, ärendebeskrivning, förslag till beslut, beslutsunderlag, signatures and
    distribution."""
    doc = new_document()
    p(doc, "{{ ärendet.rubrik }}", "Title")
    tag(doc, "{{p ('**' ~ dokument.nämnd ~ '** – sammanträde ' ~ (ärendet.sammanträde|datum if ärendet.sammanträde "
             "else '" + MISSING.format("sammanträdets datum") + "'))|md }}")
    tag(doc, "{{p ('Diarienummer: ' ~ (ärendet.dnr or '" + MISSING.format("diarienumret") + "'))|md }}")
    p(doc, "Ärendebeskrivning", "Heading 1")
    tag(doc, "{{p ärendet.ärendebeskrivning|md }}")
    p(doc, "Förslag till beslut", "Heading 1")
    p(doc, "{{ ärendet.beslutsinledning }}:", "Beslutsrubrik")
    proposed_decision(doc, "ärendet.förslag")
    tag(doc, "{%p if ärendet.beslutsunderlag %}")
    p(doc, "Beslutsunderlag", "Heading 1")
    tag(doc, "{%p for u in ärendet.beslutsunderlag %}")
    p(doc, "{{ u }}", "List Bullet")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if ärendet.i_tjänsten %}")
    p(doc, "I tjänsten", "Beslutsrubrik")
    tag(doc, "{%p for s in ärendet.i_tjänsten %}")
    p(doc, "{{ s.namn }}{% if s.titel %}, {{ s.titel }}{% endif %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if ärendet.utdrag_till %}")
    p(doc, "Utdrag till", "Beslutsrubrik")
    tag(doc, "{%p for mottagare in ärendet.utdrag_till %}")
    p(doc, "{{ mottagare }}", "List Bullet")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    return doc


def build_foredragningslista() -> Document:
    """A board meeting's agenda: numbered items, each with its proposed decision."""
    doc = new_document()
    p(doc, "Föredragningslista", "Title")
    tag(doc, "{{p ('**' ~ dokument.nämnd ~ '** – sammanträde ' ~ (sammanträde.datum|datum if sammanträde.datum "
             "else '" + MISSING.format("sammanträdets datum") + "') ~ (', ' ~ sammanträde.plats if sammanträde.plats "
             "else ''))|md }}")
    tag(doc, "{%p for punkt in föredragningslista %}")
    p(doc, "{{ punkt.nummer }}. {{ punkt.rubrik }}", "Heading 1")
    tag(doc, "{%p if punkt.dnr %}")
    p(doc, "Diarienummer: {{ punkt.dnr }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{{p punkt.förslagstext|md }}")
    tag(doc, "{%p if punkt.förslag %}")
    p(doc, "{{ punkt.beslutsinledning }}:", "Beslutsrubrik")
    proposed_decision(doc, "punkt.förslag")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    return doc


TEMPLATES = {
    "arsplan": (build_arsplan, "region-ostergotland/arsplan-och-budget.docx"),
    "verksamhetsplan": (build_verksamhetsplan, "region-orebro-lan/verksamhetsplan-med-budget.docx"),
    "planeringsaret": (build_planeringsaret, "region-ostergotland/planeringsaret.docx"),
    "tjansteskrivelse": (build_tjansteskrivelse, "gemensam/tjansteskrivelse.docx"),
    "uppfoljning": (build_uppfoljning, "gemensam/uppfoljning.docx"),
    "foredragningslista": (build_foredragningslista, "gemensam/foredragningslista.docx"),
}


def main(names: list[str]) -> int:
    for name in names or list(TEMPLATES):
        builder, relative = TEMPLATES[name]
        doc = builder()
        target = ROOT / "templates" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        doc.save(target)
        print(f"skrev {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
