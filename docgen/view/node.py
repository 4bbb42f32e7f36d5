"""A source item as the template sees it (stage 3, view): built by the view modules
(render.build_context, cases, followup), read by the jinja environment (stage 4)."""


class Node(dict):
    """A source item as the template sees it: Swedish keys, and the kind of item it is."""

    __slots__ = ("kind",)

    def __init__(self, kind: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
