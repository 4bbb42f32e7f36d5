"""Stage 3, view: everything the template sees of one document. The sources under their
Swedish names (as Nodes), what compute derived, and the views of a case, an agenda and a
follow-up (docgen.view.cases, docgen.view.followup).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.sources import schema
from docgen.sources.records import Record
from docgen.view import formatting as fmt
from docgen.view.node import Node, keyed, node

if TYPE_CHECKING:
    from docgen.sources.references import Library
    from docgen.view.compute import Computed


def view(src: schema.Sources, computed: "Computed", library: "Library", folder: Path) -> dict:
    """The template's context of one document: its sources and the case, agenda and follow-up views.
    The modules of those views are imported only by a document that has one (a plan has none)."""
    context = build_context(src, computed)
    case, agenda, onward, follow_up = None, [], [], None
    if src.case is not None or src.meeting is not None:
        from docgen.view.cases import agenda_view, case_view, onward_view

        case, agenda, onward = case_view(src, library), agenda_view(src, library), onward_view(src)
    if src.follow_up is not None:
        from docgen.view.followup import follow_up_view

        follow_up = follow_up_view(src, library, folder)
    context.update(keyed(schema.TEMPLATE, case=case, agenda=agenda, onward=onward, follow_up=follow_up))
    return context


_AS_WRITTEN = frozenset({type(None), bool, int, float, Decimal, dt.date})  # most values: kept as they are


def to_node(value, name: str = "samling"):
    """Records to Nodes keyed by their Swedish keys, recursively. A mapping (such as
    `text` or `tabeller`) becomes a Node whose kind is its key's name."""
    kind = value.__class__
    if kind in _AS_WRITTEN:
        return value
    if kind is str or isinstance(value, str):
        return fmt.prose(value)  # non-breaking spaces in numbers and before units, everywhere
    if isinstance(value, Record):
        return _record_node(value, kind)
    if isinstance(value, (list, tuple)):
        return [to_node(v, name) for v in value]
    if isinstance(value, dict):
        return Node(name, {k: to_node(v, name) for k, v in value.items()})
    return value


def _record_node(value: Record, kind: type[Record]) -> Node:
    """A record as a Node (see to_node); its plain values, texts and lists of records, the
    most of what a record holds, are shown here without a call of to_node each."""
    shown = _new_node(Node)  # Node(kind.KIND, shape=kind), without Node.__init__'s arguments
    shown.kind, shown.shape = kind.KIND, kind
    prose = fmt.prose
    for name, key in _FIELD_PAIRS.get(kind) or _names_and_keys(kind):
        field = getattr(value, name)
        shape = field.__class__
        if shape in _AS_WRITTEN:
            shown[key] = field
        elif shape is str:
            shown[key] = prose(field)
        elif shape is list:
            shown[key] = [
                _record_node(item, item.__class__) if isinstance(item, Record) else to_node(item, key) for item in field
            ]
        else:
            shown[key] = to_node(field, key)
    return shown


_new_node = dict.__new__


def _names_and_keys(kind: type[Record]) -> tuple:
    """A record kind's fields as (English name, Swedish key) pairs, made once per kind."""
    pairs = _FIELD_PAIRS[kind] = tuple((field.name, field.key) for field in kind.FIELDS)
    return pairs


_FIELD_PAIRS: dict = {}


def build_context(src: schema.Sources, computed: "Computed") -> dict:
    """The template's view of one document: sources under Swedish names plus what compute
    derived; references by id (följs_av, serie, till, bild) become the items they name."""
    context = to_node(src)
    context.shape = schema.TEMPLATE
    followers = {}
    for follower in context.of("committees") + context.of("followers"):
        followers[follower.of("id")] = follower
    items = {}
    for area in context.of("goal_areas"):
        for item in area.of("assignments") + area.of("other_follow_ups"):
            items[item.of("id")] = item
    for budget in context.of("ongoing"):
        for focus in budget.of("focus_areas"):
            for item in focus.of("assignments"):
                items[item.of("id")] = item
    for item in items.values():
        item.put("followed_by", [followers[ref] for ref in item.of("followed_by")])
    for committee in context.of("committees"):
        committee.shape = schema.COMMITTEE
        followed = computed.followed_assignments[committee.of("id")]
        committee.put("followed_assignments", [_followed(items, f) for f in followed])
        followed = computed.followed_follow_ups[committee.of("id")]
        committee.put("followed_follow_ups", [_followed(items, f) for f in followed])
    from docgen.view.compute import counts

    context.put("counts", node(schema.COUNTS, **counts(src)))
    series = {s.of("id"): s for s in context.of("series")}
    for objective in context.of("objectives"):
        for group in objective.of("assignment_groups"):
            if group.of("series") is not None:  # a group of unnumbered uppdrag has none
                group.put("series", series[group.of("series")])
    bodies = {b.of("id"): b for b in context.of("bodies")}
    if context.of("three_year_budget") is not None:
        for focus in context.of("three_year_budget").of("focus_areas"):
            for assignment in focus.of("assignments"):
                assignment.put("to", [bodies[ref] for ref in assignment.of("to")])
    for chapter in context.of("chapters"):
        for block in chapter.of("content"):
            if block.of("picture") is not None:
                block.put("picture", context.of("pictures")[block.of("picture")])
    return dict(context)


def _followed(items, followed) -> Node:
    shown = Node(schema.FOLLOWED.kind(), items[followed.item.id], shape=schema.FOLLOWED)
    shown.put("section", followed.section)
    return shown
