"""Revisions between two versions of a document's sources, in the language of a decision.

    docgen diff <gammal> <ny>      two source folders, or git revisions: REV:sources/…/mapp

Lists, as a board would decide them: "Under målområde X läggs följande kortsiktiga
nyckeltal till: …", "Under målområde Y justeras målvärdet för det kortsiktiga nyckeltalet Z
från −22 % till −13 %.", uppdrag added, removed or moved, table rows whose amounts
change (old and new), and prose changes as a readable text difference. Every other field of
the schema is compared by walking both versions' records (_other_revisions): an internkontroll's
risks, columns and scale, and whatever field is added to the schema next, are never left out.
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
    objectives = frozenset(o.name for src in (old, new) for o in src.objectives)
    terms = _Terms(new.document.terms, _pages(old, new), objectives)
    found: list[Revision] = []
    found += _goal_area_revisions(old, new, terms)
    found += _objective_revisions(old, new, terms)
    found += _table_revisions(old, new)
    found += _governing_document_revisions(old, new)
    found += _text_revisions(old, new)
    found += _other_revisions(old, new)
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
    "målområde Hälso- och sjukvård, sidan 10," when the plan gives the page (`sida`). A
    målsättning is named by the plan's word for one (kolumner: målsättning), not as a
    målområde: Region Gävleborg's "Uppdrag till nämnderna" is no målområde."""

    def __init__(self, terms, pages: dict[str, int], objectives: frozenset = frozenset()):
        self._terms, self._pages, self._objectives = terms, pages, objectives

    def __getattr__(self, name):
        return getattr(self._terms, name)

    def noun(self, container: str) -> str:
        if container in self._objectives:
            word = self._terms.columns.objective
            return word[:1].lower() + word[1:] if not word[1:2].isupper() else word
        return self._terms.goal_area

    def at(self, container: str) -> str:
        page = self._pages.get(container)
        return f"{self.noun(container)} {container}" + (f", sidan {page}," if page else "")


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
                        f"från {terms.noun(old_container)} {old_container} till {terms.noun(container)} {container}."
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
        (g.series, a.key): (o.name, a) for o in old.objectives for g in o.assignment_groups for a in g.assignments
    }
    new_numbered = {
        (g.series, a.key): (o.name, a) for o in new.objectives for g in o.assignment_groups for a in g.assignments
    }
    prefixes = {s.id: s.prefix for s in new.series} | {
        s.id: s.prefix for s in old.series if s.id not in {x.id for x in new.series}
    }

    def label(key, item) -> str:
        """ "uppdrag Nr 10", or the uppdrag's own words when the plan gives it no number."""
        if item.number is None:
            return f"uppdraget ”{item.text}”"
        return f"uppdrag {prefixes.get(key[0], key[0])} {key[1]}"

    for key, (name, item) in new_numbered.items():
        if key not in old_numbered:
            added = f"uppdrag {prefixes.get(key[0], key[0])} {key[1]}" if item.number is not None else "uppdraget"
            found.append(Revision(f"Under {terms.at(name)} läggs {added} till: {item.text}"))
        elif old_numbered[key][1].text != item.text:
            shown = label(key, old_numbered[key][1])
            found.append(
                Revision(
                    f"{shown[0].upper()}{shown[1:]} ändras.", detail=_text_diff(old_numbered[key][1].text, item.text)
                )
            )
    for key, (name, item) in old_numbered.items():
        if key not in new_numbered:
            found.append(Revision(f"Under {terms.at(name)} tas {label(key, item)} bort."))
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
    shown = [v if isinstance(v, str) else number(v, table.decimals) if v is not None else "–" for v in values]
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
        elif _plain((before[name].valid_until, before[name].new_decision)) != _plain(
            (document.valid_until, document.new_decision)
        ):
            found.append(Revision(f"För det styrande dokumentet {name} ändras giltighet eller nytt beslut."))
    for name in before:
        if name not in after:
            found.append(Revision(f"Det styrande dokumentet {name} tas bort."))
    return found


def _plain(value):
    """A value compared by what it holds: a record (an 'ordagrant' validity) by its fields, not
    by identity (the same validity read twice was told as changed)."""
    from docgen.sources.records import Record

    if isinstance(value, Record):
        return (type(value).__name__, tuple(_plain(getattr(value, f.name)) for f in value.FIELDS))
    if isinstance(value, (list, tuple)):
        return tuple(_plain(v) for v in value)
    return value


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


# ---------------------------------------------------------------- every other field, from the schema

# What the revisions above say in a decision's words, as paths of the schema's (English) field
# names, list items and mapping entries passing through: lists whose additions and removals are
# told above, and values whose changes are. Everything else the walk tells.
TOLD_ITEMS = {
    ("goal_areas", "assignments"),
    ("goal_areas", "indicators"),
    ("objectives", "indicators"),
    ("objectives", "assignment_groups", "assignments"),
    ("tables", "parts", "groups", "rows"),
    ("governing_documents", "groups", "subgroups", "documents"),
}
TOLD_VALUES = {
    ("goal_areas", "assignments", "text"),
    ("goal_areas", "assignments", "handling"),
    ("goal_areas", "indicators", "text"),
    ("objectives", "indicators", "text"),
    ("objectives", "indicators", "target"),
    ("objectives", "indicators", "long_term_target"),
    ("objectives", "assignment_groups", "assignments", "text"),
    ("objectives", "assignment_groups", "assignments", "number"),
    ("tables", "parts", "groups", "rows", "values"),
    ("governing_documents", "groups", "subgroups", "documents", "valid_until"),
    ("governing_documents", "groups", "subgroups", "documents", "new_decision"),
    ("texts",),
}


def _other_revisions(old, new) -> list[Revision]:
    """Every difference between the two versions that the revisions above do not tell, found by
    walking the schema's records field by field (list items matched by id or their first text)."""
    found: list[Revision] = []
    _walk_record(old, new, (), [], found)
    return found


# Not revisions of what the document says: the document's own particulars (file, date, template,
# the organisation's words) and where in the plan a container stands (its page).
NOT_REVISED = {("document",)}
NOT_REVISED_FIELDS = {"page"}


def _walk_record(old, new, path: tuple, where: list[str], found: list[Revision]) -> None:
    for entry in type(new).FIELDS:
        inner = path + (entry.name,)
        if inner in NOT_REVISED or entry.name in NOT_REVISED_FIELDS:
            continue
        _walk(getattr(old, entry.name), getattr(new, entry.name), inner, where, entry.key, found)


def _walk(before, after, path: tuple, where: list[str], key: str, found: list[Revision]) -> None:
    from docgen.sources.records import Record

    if before == after and not isinstance(after, (Record, list, dict)):
        return
    if isinstance(after, Record) and isinstance(before, Record):
        _walk_record(before, after, path, where + ([key] if not where or key != where[-1] else []), found)
    elif _of_records(before, after):
        _walk_items(_keyed(before), _keyed(after), path, where, key, found)
    elif isinstance(after, dict) and isinstance(before, dict) and path not in TOLD_VALUES | TOLD_ITEMS:
        found.extend(_entries_changed(before, after, where, key))
    elif isinstance(after, dict) and isinstance(before, dict):  # a mapping of texts told above: additions here
        if path not in TOLD_ITEMS:
            for name in after.keys() - before.keys():
                found.append(Revision(f"{_place(where)}{key} {name} läggs till."))
            for name in before.keys() - after.keys():
                found.append(Revision(f"{_place(where)}{key} {name} tas bort."))
    elif path not in TOLD_VALUES and before != after:
        if before is None and isinstance(after, Record):
            found.append(Revision(f"{_place(where)}{key} läggs till."))
        elif after is None and isinstance(before, Record):
            found.append(Revision(f"{_place(where)}{key} tas bort."))
        else:
            found.append(_changed(where, key, _shown_value(before), _shown_value(after)))


def _of_records(before, after) -> bool:
    from docgen.sources.records import Record

    items = (
        [*(before or []), *(after or [])] if isinstance(before or [], list) and isinstance(after or [], list) else []
    )
    items += (
        [*(before or {}).values(), *(after or {}).values()]
        if isinstance(after, dict) and isinstance(before, dict)
        else []
    )
    return bool(items) and all(isinstance(i, Record) for i in items)


def _keyed(items) -> dict:
    """List items or mapping entries by what identifies them: a mapping's key, an item's id, its
    first text, else its place."""
    if isinstance(items, dict):
        return {str(k): (str(k), v) for k, v in items.items()}
    keyed = {}
    for n, item in enumerate(items or []):
        label = _label(item)
        ident = getattr(item, "id", None)
        key = ident if isinstance(ident, str) and ident else label or f"nr {n + 1}"
        while key in keyed:
            key += " (igen)"
        keyed[key] = (label or key, item)
    return keyed


def _label(item) -> str | None:
    """What an item is called in a sentence: its first text (a name), else its id."""
    for entry in type(item).FIELDS:
        value = getattr(item, entry.name)
        if entry.name != "id" and isinstance(value, str) and value.strip():
            return _quoted(" ".join(value.split()))
    return None


def _walk_items(before: dict, after: dict, path: tuple, where: list[str], key: str, found: list[Revision]) -> None:
    told = path in TOLD_ITEMS
    for name, (label, item) in after.items():
        if name not in before:
            if not told:
                found.append(Revision(f"{_place(where)}{item.KIND or key} {label} läggs till."))
            continue
        _walk_record(before[name][1], item, path, where + [f"{item.KIND or key} {before[name][0]}"], found)
    if not told:
        for name, (label, item) in before.items():
            if name not in after:
                found.append(Revision(f"{_place(where)}{item.KIND or key} {label} tas bort."))


def _entries_changed(before: dict, after: dict, where: list[str], key: str) -> list[Revision]:
    """A mapping of plain values (an internkontroll's kolumner: key and heading), entry by entry."""
    found = []
    for name, value in after.items():
        if name not in before:
            found.append(Revision(f"{_place(where)}{key}: {name} ({_shown_value(value)}) läggs till."))
        elif before[name] != value:
            found.append(_changed(where, f"{key}: {name}", _shown_value(before[name]), _shown_value(value)))
    found += [Revision(f"{_place(where)}{key}: {name} tas bort.") for name in before if name not in after]
    kept = [name for name in after if name in before]
    if not found and kept != [name for name in before if name in after]:
        found.append(Revision(f"{_place(where)}{key} får ordningen {', '.join(after)}."))
    return found


def _place(where: list[str]) -> str:
    if not where:
        return ""
    place = " › ".join(where)
    return place[0].upper() + place[1:] + ": "


def _changed(where: list[str], key: str, before: str, after: str) -> Revision:
    if len(before) > 80 or len(after) > 80:
        return Revision(f"{_place(where)}{key} ändras.", detail=_text_diff(before, after))
    return Revision(f"{_place(where)}{key} ändras från {before} till {after.rstrip('.')}.")


def _shown_value(value) -> str:
    """A value as an editor wrote it, in Swedish: numbers with a decimal comma, dates in words."""
    import datetime as dt
    from decimal import Decimal

    from docgen.view.formatting import date_long

    if value is None or value in ([], {}, ""):
        return "(inget)"
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, (int, float, Decimal)):
        return str(value).replace(".", ",").replace("-", "\u2212")
    if isinstance(value, dt.date):
        return date_long(value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_shown_value(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(_shown_value(v) for v in value)
    if hasattr(value, "kind") and hasattr(value, "text"):  # a styrtal value
        return measure(value)
    return " ".join(str(value).split())


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
