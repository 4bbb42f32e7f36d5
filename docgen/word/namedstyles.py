"""Named styles the engine writes instead of direct formatting, so that an editor changes
their look in the template: sum rows, group rows, the ATT UPPDATERA marker, the smaller
table text, column headings, sum, group and sub-heading rows of a wide table (bred_tabell:
mindre_text), the sub-heading rows
of value tables (mellanrubrik), the paragraph between the parts of a table split at a long group
a note inside a table's cell (Cellnot: a table note's look without its hanging indent) and an
att-sats that stands alone without its number (Ensam att-sats).

A template made before these styles existed gets them with these definitions at build time
(the template's own definition always wins).
"""

from __future__ import annotations

from functools import lru_cache

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}

SUM_TEXT = "Summarad"
SUM_NUMBER = "Summaradtal"
GROUP = "Grupprad"
SUBHEADING = "Mellanrubrikrad"  # värdetabeller: a row with mellanrubrik: true
MARKER = "Attuppdatera"
SMALL_TEXT = "Tabelltextliten"  # bred_tabell: mindre_text
SMALL_NUMBER = "Tabelltalliten"
CONTINUATION = "Tabellfortsattning"  # between the parts of a table split at a long group (pagination)
SMALL_HEADER = "Tabellrubrikliten"  # the column headings of a mindre_text table
SMALL_SUM_TEXT = "Summaradliten"  # a mindre_text table's sum rows, group and sub-heading rows
SMALL_SUM_NUMBER = "Summaradtalliten"
SMALL_GROUP = "Gruppradliten"
SMALL_SUBHEADING = "Mellanrubrikradliten"
SMALL_HEADER_RIGHT = "Tabellrubrikhogerliten"
SMALL_HEADER_CENTRE = "Tabellrubrikmittliten"
LONE_CLAUSE = "Ensamattsats"  # an att-sats alone, without its number (benämningar: ensam_att_sats)
CELL_NOTE = "Cellnot"  # a note under a styrtal inside its cell: the look of a table note, no hanging indent

_DEFINITIONS = {
    SUM_TEXT: (
        '<w:style w:type="paragraph" w:customStyle="1" w:styleId="Summarad"><w:name w:val="Summarad"/>'
        '<w:basedOn w:val="Tabelltext"/><w:qFormat/><w:rPr><w:b/><w:bCs/></w:rPr></w:style>'
    ),
    SUM_NUMBER: (
        '<w:style w:type="paragraph" w:customStyle="1" w:styleId="Summaradtal"><w:name w:val="Summarad tal"/>'
        '<w:basedOn w:val="Tabelltal"/><w:qFormat/><w:rPr><w:b/><w:bCs/></w:rPr></w:style>'
    ),
    GROUP: (
        '<w:style w:type="paragraph" w:customStyle="1" w:styleId="Grupprad"><w:name w:val="Grupprad"/>'
        '<w:basedOn w:val="Tabelltext"/><w:qFormat/><w:pPr><w:keepNext/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr></w:style>'
    ),
    SUBHEADING: (
        '<w:style w:type="paragraph" w:customStyle="1" w:styleId="Mellanrubrikrad"><w:name w:val="Mellanrubrikrad"/>'
        '<w:basedOn w:val="Tabelltext"/><w:qFormat/><w:pPr><w:keepNext/></w:pPr><w:rPr><w:b/><w:bCs/><w:i/><w:iCs/></w:rPr></w:style>'
    ),
    SMALL_TEXT: (
        '<w:style w:type="paragraph" w:customStyle="1" w:styleId="Tabelltextliten">'
        '<w:name w:val="Tabelltext liten"/><w:basedOn w:val="Tabelltext"/><w:qFormat/>'
        '<w:rPr><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr></w:style>'
    ),
    SMALL_NUMBER: (
        '<w:style w:type="paragraph" w:customStyle="1" w:styleId="Tabelltalliten">'
        '<w:name w:val="Tabelltal liten"/><w:basedOn w:val="Tabelltal"/><w:qFormat/>'
        '<w:rPr><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr></w:style>'
    ),
    # no text and no height: only keeps Word from joining the two tables around it
    CONTINUATION: (
        '<w:style w:type="paragraph" w:customStyle="1" w:styleId="Tabellfortsattning">'
        '<w:name w:val="Tabellfortsättning"/><w:basedOn w:val="Normal"/><w:qFormat/>'
        '<w:pPr><w:keepNext/><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/></w:pPr>'
        '<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:style>'
    ),
    SMALL_HEADER: (
        '<w:style w:type="paragraph" w:customStyle="1" w:styleId="Tabellrubrikliten">'
        '<w:name w:val="Tabellrubrik liten"/><w:basedOn w:val="Tabellrubrik"/><w:qFormat/>'
        '<w:rPr><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr></w:style>'
    ),
    SMALL_HEADER_RIGHT: (
        '<w:style w:type="paragraph" w:customStyle="1" w:styleId="Tabellrubrikhogerliten">'
        '<w:name w:val="Tabellrubrik höger liten"/><w:basedOn w:val="TabellrubrikHoger"/><w:qFormat/>'
        '<w:rPr><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr></w:style>'
    ),
    SMALL_HEADER_CENTRE: (
        '<w:style w:type="paragraph" w:customStyle="1" w:styleId="Tabellrubrikmittliten">'
        '<w:name w:val="Tabellrubrik mitten liten"/><w:basedOn w:val="TabellrubrikMitt"/><w:qFormat/>'
        '<w:rPr><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr></w:style>'
    ),
    # a mindre_text table's sums, groups and sub-headings: the full-size style's look, smaller
    **{
        small: (
            f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{small}"><w:name w:val="{name}"/>'
            f'<w:basedOn w:val="{full}"/><w:qFormat/><w:rPr><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr></w:style>'
        )
        for small, name, full in (
            (SMALL_SUM_TEXT, "Summarad liten", SUM_TEXT),
            (SMALL_SUM_NUMBER, "Summarad tal liten", SUM_NUMBER),
            (SMALL_GROUP, "Grupprad liten", GROUP),
            (SMALL_SUBHEADING, "Mellanrubrikrad liten", SUBHEADING),
        )
    },
    LONE_CLAUSE: (
        '<w:style w:type="paragraph" w:customStyle="1" w:styleId="Ensamattsats"><w:name w:val="Ensam att-sats"/>'
        '<w:basedOn w:val="Numreradlista"/><w:qFormat/><w:pPr><w:ind w:left="0" w:hanging="0"/></w:pPr></w:style>'
    ),
    CELL_NOTE: (
        '<w:style w:type="paragraph" w:customStyle="1" w:styleId="Cellnot"><w:name w:val="Cellnot"/>'
        '<w:basedOn w:val="Tabellfotnot"/><w:qFormat/><w:pPr><w:ind w:left="0" w:hanging="0"/></w:pPr></w:style>'
    ),
    # highlight for Word, shading for LibreOffice (which keeps no highlight in a character style)
    MARKER: (
        '<w:style w:type="character" w:customStyle="1" w:styleId="Attuppdatera"><w:name w:val="Att uppdatera"/>'
        '<w:qFormat/><w:rPr><w:b/><w:bCs/><w:color w:val="000000"/><w:highlight w:val="yellow"/>'
        '<w:shd w:val="clear" w:color="auto" w:fill="FFFF00"/></w:rPr></w:style>'
    ),
}


def definitions() -> dict[str, str]:
    """The styles' definitions as they stand in styles.xml (w: prefix)."""
    return dict(_DEFINITIONS)


@lru_cache(maxsize=None)
def _parsed(style_id: str) -> bytes:
    return etree.tostring(etree.fromstring(_DEFINITIONS[style_id].replace("<w:style ", f'<w:style xmlns:w="{W}" ', 1)))


def ensure_named_styles(styles_root) -> None:
    """Add the named styles a template lacks (by id), with the definitions above."""
    present = {s.get(f"{{{W}}}styleId") for s in styles_root.findall("w:style", NS)}
    for style_id in _DEFINITIONS:
        if style_id not in present:
            styles_root.append(etree.fromstring(_parsed(style_id)))
