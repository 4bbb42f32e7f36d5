"""Stage 3, view: everything the template sees of one document. The sources under their
Swedish names (as Nodes), what compute derived, and the views of a case, an agenda and a
follow-up (docgen.view.cases, docgen.view.followup).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from docgen.sources import schema
from docgen.sources.records import Record
from docgen.view import formatting as fmt
from docgen.view.node import Node

if TYPE_CHECKING:
    from docgen.sources.references import Library
    from docgen.view.compute import Computed


def view(src: schema.Sources, computed: "Computed", library: "Library", folder: Path) -> dict:
    """The template's context of one document: its sources and the case, agenda and follow-up views."""
    from docgen.view.cases import agenda_view, case_view
    from docgen.view.followup import follow_up_view

    context = build_context(src, computed)
    context["ärendet"] = case_view(src, library)
    context["föredragningslista"] = agenda_view(src, library)
    context["uppföljningen"] = follow_up_view(src, library, folder)
    return context


def to_node(value, name: str = "samling"):
    """Models to Nodes keyed by their Swedish aliases, recursively. A mapping (such as
    `text` or `tabeller`) becomes a Node whose kind is its key's name."""
    if isinstance(value, Record):
        node = Node(value.kind())
        for field in value.FIELDS:
            node[field.key] = to_node(getattr(value, field.name), field.key)
        return node
    if isinstance(value, (list, tuple)):
        return [to_node(v, name) for v in value]
    if isinstance(value, dict):
        return Node(name, {k: to_node(v, name) for k, v in value.items()})
    if isinstance(value, str):
        return fmt.prose(value)  # non-breaking spaces in numbers and before units, everywhere
    return value


def build_context(src: schema.Sources, computed: "Computed") -> dict:
    """The template's view of one document: sources under Swedish names plus what compute derived."""
    context = to_node(src)
    followers = {}
    for node in context["beredningar"] + context["uppföljare"]:
        followers[node["id"]] = node
    items = {}
    for area in context["målområden"]:
        for item in area["uppdrag"] + area["annan_uppföljning"]:
            items[item["id"]] = item
    for budget in context["pågående_uppdrag"]:
        for focus in budget["fokusområden"]:
            for item in focus["uppdrag"]:
                items[item["id"]] = item
    for item in items.values():
        item["följs_av"] = [followers[ref] for ref in item["följs_av"]]
    for node in context["beredningar"]:
        node["följda_uppdrag"] = [_followed(items, f) for f in computed.followed_assignments[node["id"]]]
        node["följd_uppföljning"] = [_followed(items, f) for f in computed.followed_follow_ups[node["id"]]]
    from docgen.view.compute import counts

    context["antal"] = Node("antal", counts(src))
    series = {node["id"]: node for node in context["uppdragsserier"]}
    for objective in context["målsättningar"]:
        for group in objective["uppdrag"]:
            group["serie"] = series[group["serie"]]
    bodies = {node["id"]: node for node in context["organ"]}
    if context["treårsbudget"] is not None:
        for focus in context["treårsbudget"]["fokusområden"]:
            for assignment in focus["uppdrag"]:
                assignment["till"] = [bodies[ref] for ref in assignment["till"]]
    for chapter in context["avsnitt"]:
        for block in chapter["innehåll"]:
            if block["bild"] is not None:
                block["bild"] = context["bilder"][block["bild"]]
    return dict(context)


def _followed(items, followed) -> Node:
    node = Node("följt uppdrag", items[followed.item.id])
    node["avsnitt"] = followed.section
    return node
