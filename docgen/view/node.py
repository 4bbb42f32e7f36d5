"""A source item as the template sees it (stage 3, view): built by the view modules
(view.context, cases, followup), read by the jinja environment (stage 4) and the table
renderer. Templates read a Node by its Swedish keys; code reads and writes it by the English
names of its shape (a schema record, or a schema.View for what docgen builds)."""


class Node(dict):
    """A source item as the template sees it: Swedish keys, the kind of item it is, and its
    shape (what maps the code's English names to those keys)."""

    __slots__ = ("kind", "shape")

    def __init__(self, kind: str, *args, shape=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind, self.shape = kind, shape

    def of(self, name: str):
        """The value of the field with the English `name`."""
        return self[self.shape.key_of(name)]

    def put(self, name: str, value) -> None:
        """Set the field with the English `name`."""
        self[self.shape.key_of(name)] = value


def node(shape, **values) -> Node:
    """A Node of `shape` (a schema record class or schema.View) from values by English name."""
    return Node(shape.kind(), {shape.key_of(name): value for name, value in values.items()}, shape=shape)


def keyed(shape, **values) -> dict:
    """Values by English name as a plain mapping by the template's Swedish names."""
    return {shape.key_of(name): value for name, value in values.items()}
