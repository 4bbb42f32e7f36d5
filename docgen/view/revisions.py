"""Revisions between two versions of a document's sources, in the language of a decision.

    docgen diff <gammal> <ny>      two source folders, or git revisions: REV:sources/…/mapp

Lists, as a board would decide them: "Under målområde X läggs följande kortsiktiga
nyckeltal till: …", "Under målområde Y justeras målvärdet för det kortsiktiga nyckeltalet Z
från −22 % till −13 %.", uppdrag added, removed or moved, table rows whose amounts
change (old and new), and prose changes as a readable text difference.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from docgen.sources import schema
from docgen.view.formatting import measure, number


@dataclass
class Revision:
    """One revision: a sentence, and for additions the items added (a numbered sub-list)."""

    sentence: str
    items: list[str] = field(default_factory=list)
    detail: str = ""  # a text difference, for prose


def revisions(old: schema.Sources, new: schema.Sources) -> list[Revision]:
    terms = _Terms(new.document.terms, _pages(old, new))
    found: list[Revision] = []
    found += _goal_area_revisions(old, new, terms)
    found += _objective_revisions(old, new, terms)
    found += _table_revisions(old, new)
    found += _governing_document_revisions(old, new)
    found += _text_revisions(old, new)
    return found


# ---------------------------------------------------------------- items under headings


def _pages(old, new) -> dict[str, int]:
    """målområde/målsättning name -> its page (`sida`) in the plan, the new version's first."""
    pages = {}
    for src in (old, new):
        for container in list(src.goal_areas) + list(src.objectives):
            if container.page is not None:
                pages[container.name] = container.page
    return pages


class _Terms:
    """The plan's own words (benämningar), and where a decision says a change is made:
    "målområde Hälso- och sjukvård, sidan 10," when the plan gives the page (`sida`)."""

    def __init__(self, terms, pages: dict[str, int]):
        self._terms, self._pages = terms, pages

    def __getattr__(self, name):
        return getattr(self._terms, name)

    def at(self, container: str) -> str:
        page = self._pages.get(container)
        return f"{self._terms.goal_area} {container}" + (f", sidan {page}," if page else "")


def _indicator_key(indicator) -> str:
    return getattr(indicator, "id", None) or indicator.text


def _indicator_line(indicator) -> str:
    target = getattr(indicator, "target", None)
    return f"{indicator.text}" + (f" – målvärde {measure(target)}" if target is not None else "") + "."


def _placed(containers) -> dict:
    """item key -> (container name, item) for items under named containers."""
    placed = {}
    for name, items, key in containers:
        for item in items:
            placed[key(item)] = (name, item)
    return placed


def _compare_items(
    old_placed: dict, new_placed: dict, terms, kind_plural: str, kind_definite: str, describe, compare
) -> list[Revision]:
    found: list[Revision] = []
    added: dict[str, list] = {}
    for key, (container, item) in new_placed.items():
        if key not in old_placed:
            added.setdefault(container, []).append(describe(item))
    for container, items in added.items():
        found.append(Revision(f"Under {terms.at(container)} läggs följande {kind_plural} till:", items))
    for key, (container, item) in old_placed.items():
        if key not in new_placed:
            found.append(Revision(f"Under {terms.at(container)} tas {kind_definite} {_quoted(item.text)} bort."))
    for key, (container, item) in new_placed.items():
        if key in old_placed:
            old_container, old_item = old_placed[key]
            if old_container != container:
                found.append(
                    Revision(
                        f"{kind_definite[0].upper() + kind_definite[1:]} {_quoted(item.text)} flyttas "
                        f"från {terms.goal_area} {old_container} till {terms.goal_area} {container}."
                    )
                )
            found.extend(compare(container, old_item, item))
    return found


def _quoted(text: str) -> str:
    return text.rstrip(".") if len(text) <= 80 else text[:77].rstrip() + "…"


def _goal_area_revisions(old, new, terms) -> list[Revision]:
    def assignments(src):
        return _placed([(area.name, area.assignments, lambda a: a.id) for area in src.goal_areas])

    def indicators(src):
        return _placed([(area.name, area.indicators, lambda i: i.id) for area in src.goal_areas])

    def compare_assignment(container, old_item, item):
        changes = []
        if old_item.text != item.text:
            changes.append(
                Revision(
                    f"Under {terms.at(container)} ändras uppdraget {_quoted(old_item.text)}.",
                    detail=_text_diff(old_item.text, item.text),
                )
            )
        if (old_item.handling or "") != (item.handling or ""):
            changes.append(
                Revision(
                    f"Under {terms.at(container)} ändras hanteringen av uppdraget {_quoted(item.text)}.",
                    detail=_text_diff(old_item.handling or "", item.handling or ""),
                )
            )
        return changes

    def compare_indicator(container, old_item, item):
        if old_item.text != item.text:
            return [
                Revision(
                    f"Under {terms.at(container)} ändras {terms.indicator_definite} {_quoted(old_item.text)}.",
                    detail=_text_diff(old_item.text, item.text),
                )
            ]
        return []

    return _compare_items(
        assignments(old), assignments(new), terms, "uppdrag", "uppdraget", lambda a: a.text, compare_assignment
    ) + _compare_items(
        indicators(old),
        indicators(new),
        terms,
        _plural(terms),
        terms.indicator_definite,
        lambda i: i.text,
        compare_indicator,
    )


def _plural(terms) -> str:
    """'kortsiktigt nyckeltal' -> 'kortsiktiga nyckeltal'; 'styrtal' stays."""
    words = terms.indicator.split()
    if len(words) > 1 and words[0].endswith("t"):
        words[0] = words[0][:-1] + "a"
    return " ".join(words)


def _objective_revisions(old, new, terms) -> list[Revision]:
    def indicators(src):
        return _placed([(o.name, o.indicators, _indicator_key) for o in src.objectives])

    def compare(container, old_item, item):
        changes = []
        if measure(old_item.target) != measure(item.target):
            if old_item.target is None:
                sentence = (
                    f"sätts målvärdet för det {terms.indicator_definite} {item.text} till {measure(item.target)}."
                )
            else:
                sentence = (
                    f"justeras målvärdet för det {terms.indicator_definite} {item.text} från "
                    f"{measure(old_item.target)} till {measure(item.target) or '(inget)'}."
                )
            changes.append(Revision(f"Under {terms.at(container)} {sentence}"))
        if measure(old_item.long_term_target) != measure(item.long_term_target):
            changes.append(
                Revision(
                    f"Under {terms.at(container)} justeras det långsiktiga målvärdet för det "
                    f"{terms.indicator_definite} {item.text} från {measure(old_item.long_term_target)} "
                    f"till {measure(item.long_term_target)}."
                )
            )
        return changes

    found = _compare_items(
        indicators(old), indicators(new), terms, _plural(terms), terms.indicator_definite, _indicator_line, compare
    )
    old_numbered = {
        (g.series, a.number): (o.name, a) for o in old.objectives for g in o.assignment_groups for a in g.assignments
    }
    new_numbered = {
        (g.series, a.number): (o.name, a) for o in new.objectives for g in o.assignment_groups for a in g.assignments
    }
    prefixes = {s.id: s.prefix for s in new.series} | {
        s.id: s.prefix for s in old.series if s.id not in {x.id for x in new.series}
    }
    for key, (name, item) in new_numbered.items():
        label = f"{prefixes.get(key[0], key[0])} {key[1]}"
        if key not in old_numbered:
            found.append(Revision(f"Under {terms.at(name)} läggs uppdrag {label} till: {item.text}"))
        elif old_numbered[key][1].text != item.text:
            found.append(Revision(f"Uppdrag {label} ändras.", detail=_text_diff(old_numbered[key][1].text, item.text)))
    for key, (name, item) in old_numbered.items():
        if key not in new_numbered:
            found.append(Revision(f"Under {terms.at(name)} tas uppdrag {prefixes.get(key[0], key[0])} {key[1]} bort."))
    return found


# ---------------------------------------------------------------- tables, documents, prose


def _table_revisions(old, new) -> list[Revision]:
    found = []
    for table_id, table in new.tables.items():
        before = old.tables.get(table_id)
        if before is None or table.missing or before.missing:
            continue
        old_rows = {row.text: row for p in before.parts for g in p.groups for row in g.rows}
        for row in (r for p in table.parts for g in p.groups for r in g.rows):
            previous = old_rows.get(row.text)
            if previous is None:
                found.append(
                    Revision(f"I tabellen {table.caption} läggs raden {row.text} till ({_amounts(row.values, table)}).")
                )
            elif previous.values != row.values:
                found.append(
                    Revision(
                        f"I tabellen {table.caption} ändras {row.text} från "
                        f"{_amounts(previous.values, table)} till {_amounts(row.values, table)}."
                    )
                )
        new_rows = {r.text for p in table.parts for g in p.groups for r in g.rows}
        for text in old_rows:
            if text not in new_rows:
                found.append(Revision(f"I tabellen {table.caption} tas raden {text} bort."))
    return found


def _amounts(values, table) -> str:
    shown = [number(v, table.decimals) if v is not None else "–" for v in values]
    unit = f" {table.unit}" if table.unit else ""
    if len(shown) == 1:
        return shown[0] + unit
    return ", ".join(f"{column} {value}" for column, value in zip(table.columns, shown)) + unit


def _governing_document_revisions(old, new) -> list[Revision]:
    if old.governing_documents is None or new.governing_documents is None:
        return []

    def documents(src):
        return {d.name: d for g in src.governing_documents.groups for sg in g.subgroups for d in sg.documents}

    before, after = documents(old), documents(new)
    found = []
    for name, document in after.items():
        if name not in before:
            found.append(Revision(f"Det styrande dokumentet {name} läggs till."))
        elif (before[name].valid_until, before[name].new_decision) != (document.valid_until, document.new_decision):
            found.append(Revision(f"För det styrande dokumentet {name} ändras giltighet eller nytt beslut."))
    for name in before:
        if name not in after:
            found.append(Revision(f"Det styrande dokumentet {name} tas bort."))
    return found


def _text_revisions(old, new) -> list[Revision]:
    found = []
    for name, text in new.texts.items():
        previous = old.texts.get(name)
        if previous is not None and previous != text:
            found.append(Revision(f"Texten {name} ändras.", detail=_text_diff(previous, text)))
    return found


def _text_diff(old: str, new: str) -> str:
    """A readable word-level difference: [-removed-] {+added+}."""
    old_words, new_words = old.split(), new.split()
    out = []
    for tag, a1, a2, b1, b2 in difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False).get_opcodes():
        if tag == "equal":
            words = old_words[a1:a2]
            out.append(" ".join(words if len(words) <= 12 else words[:5] + ["…"] + words[-5:]))
        if tag in ("delete", "replace"):
            out.append("[-" + " ".join(old_words[a1:a2]) + "-]")
        if tag in ("insert", "replace"):
            out.append("{+" + " ".join(new_words[b1:b2]) + "+}")
    return " ".join(out)


def as_text(found: list[Revision]) -> str:
    """The revisions as the lettered list of a decision (a., b., …)."""
    lines = []
    for index, revision in enumerate(found):
        letter = chr(ord("a") + index) if index < 26 else str(index + 1)
        lines.append(f"{letter}. {revision.sentence}")
        lines.extend(f"   {n}. {item}" for n, item in enumerate(revision.items, 1))
        if revision.detail:
            lines.append(f"   {revision.detail}")
    return "\n".join(lines)
