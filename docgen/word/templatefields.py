"""The template's fields checked against the sources' record kinds, without any data.

A render checks a field only where it runs: a misspelt field in a loop over something the
sources have none of this year (`{% for s in ms.styrtal %}{{ s.utfalx }}{% endfor %}`) is
never read, so neither the build nor `docgen check` would name it until the data comes. Here
the template's jinja code is read as a tree (jinja's own parser), and each `x.fält` whose `x`
is known to be a record of the sources (a loop variable over a list of them, a section, a
view docgen builds) is looked up among that kind's fields (docgen.sources.schema: the
records' FIELDS and the views' keys and shapes); a name the template uses that neither the
sources, docgen nor the template itself defines is named too (a filter that ignores its
argument would otherwise hide it).

Only what is known for certain is said: an expression whose kind cannot be known (a macro's
argument, a `set` variable, a filter's result, `loop`, a mapping's entries, a beredning's
följda_uppdrag) is passed over, and so is a field tested with `is defined` or given a
`|default`. A false alarm would stop a build that is right. A reference by id (serie, bild,
följs_av) is the item it names, as the view declares (schema.views: GROUP_SERIES, …).
"""

from __future__ import annotations

import contextlib
import difflib
from functools import lru_cache

from jinja2 import nodes
from jinja2.exceptions import TemplateRuntimeError, TemplateSyntaxError

from docgen.sources import schema
from docgen.sources.records import Record

# ---------------------------------------------------------------- what a value is known to be


class Shape:
    """A record kind or a view: the fields a Node of it may have, and what each holds."""

    def __init__(self, kind: str, fields):
        self.kind, self._fields = kind, fields

    @property
    def fields(self) -> dict:
        if callable(self._fields):
            self._fields = self._fields()
        return self._fields


class ListOf:
    """A list whose items are all of one known kind."""

    def __init__(self, item):
        self.item = item


class MapOf:
    """A named collection (tabeller, bilder): any key, each value of one known kind."""

    def __init__(self, item):
        self.item = item


class Either:
    """One of several shapes (a status table's rows: a styrtal's status or a heading over its parts)."""

    def __init__(self, shapes: tuple):
        self.shapes = shapes

    @property
    def kind(self) -> str:
        return " eller ".join(s.kind for s in self.shapes)

    @property
    def fields(self) -> dict:
        joined: dict = {}
        for shape in self.shapes:
            for key, value in shape.fields.items():
                joined[key] = value if joined.get(key, value) is value else None
        return joined


UNKNOWN = None


@lru_cache(maxsize=None)
def shape_of(kind) -> Shape:
    """The shape of a record class or a schema.View, with the fields the views add to it."""
    if isinstance(kind, schema.View):
        base = shape_of(kind.extends) if kind.extends is not None else None
        return Shape(kind.kind(), lambda: _view_fields(kind, base))
    return Shape(kind.kind(), lambda: _record_fields(kind))


def _record_fields(kind: type[Record]) -> dict:
    fields = {f.key: described(f.type) for f in kind.FIELDS}
    for view in _views():
        if view.extends is kind:  # fields the view stage adds to every such record (beredning: följda_uppdrag)
            fields.update(_view_fields(view, None))
    return fields


def _view_fields(view, base: Shape | None) -> dict:
    fields = dict(base.fields) if base is not None else {}
    for name, key in view.keys.items():
        fields[key] = declared(view.shapes.get(name))
    return fields


def _views() -> list:
    return [value for value in vars(schema).values() if isinstance(value, schema.View)]


def described(parse):
    """What a source value parsed by `parse` (a records type function) is in the template."""
    shape = getattr(parse, "shape", ("",))
    if getattr(parse, "gives", None) is not None:  # a record written as a text or a mapping (an att-sats)
        return shape_of(parse.gives)
    if shape[0] == "record":
        return shape_of(shape[1])
    if shape[0] == "list_of":
        item = described(shape[1])
        return ListOf(item) if item is not UNKNOWN else UNKNOWN
    if shape[0] == "dict_of":
        item = described(shape[2])
        return MapOf(item) if item is not UNKNOWN else UNKNOWN
    return UNKNOWN  # a text, a number, a date, either of several: nothing to look up in it


def declared(shape):
    """A view field's declared shape (schema.View's `shapes`): a record class or a View, [X]
    for a list of them, (X, Y) for either."""
    if shape is None:
        return UNKNOWN
    if isinstance(shape, list):
        return ListOf(declared(shape[0]))
    if isinstance(shape, tuple):
        return Either(tuple(shape_of(s) for s in shape))
    return shape_of(shape)


def template_shape() -> Shape:
    """What the template's top level holds: the sources' sections and docgen's own names."""
    return shape_of(schema.TEMPLATE)


def template_names() -> list[str]:
    """The names a template's own tags may start with: the sources' sections, docgen's names
    and docgen's functions (andel, summa, …)."""
    from docgen.word.filters import GLOBALS

    return [*template_shape().fields, *GLOBALS]


def known_fields(shape) -> list[str]:
    """The fields of a Node's shape (a record class or a View) as a template may name them."""
    return list(shape_of(shape).fields) if shape is not None else []


# ---------------------------------------------------------------- the walk


class Finding:
    """A name the template uses that its kind does not have: `kind` is None for a top-level name."""

    def __init__(self, name: str, kind: str | None, line: int, known: list[str]):
        self.name, self.kind, self.line, self.known = name, kind, line, known


# filters that give back the list they are given (in some order, or some of its items), and
# those that give one of its items
_SAME_LIST = frozenset({"sort", "reverse", "list", "selectattr", "rejectattr", "unique"})
_ONE_ITEM = frozenset({"first", "last"})
_GUARDS = frozenset({"defined", "undefined"})  # tests a template may ask of a field it is unsure of
_DEFAULTS = frozenset({"default", "d"})
_JINJA_NAMES = frozenset({"loop", "caller", "varargs", "kwargs", "self", "super"})


def unknown_fields(source: str, environment) -> list[Finding]:
    """The fields and names in a template part's jinja source that the sources cannot have.
    A source jinja cannot parse gives none: the render names its syntax error."""
    try:
        tree = environment.parse(source)
        walk = _Walk(environment, _stored_names(tree))
        walk.visit(tree, {})
    except (TemplateSyntaxError, RecursionError):  # nested past Python's depth: the render says so
        return []
    _refuse_unknown_filters_and_tests(tree, environment)
    return walk.found


def _refuse_unknown_filters_and_tests(tree, environment) -> None:
    """A filter docgen does not have (`|tabel` for `|tabell`), or a test jinja does not (`is
    defind`), raised as jinja raises it when it runs, so that the render names it with its tag
    and the nearest name: jinja 3 raises only where it runs, and a typo in a branch that does
    not run this year (a table in a chapter, where this year's chapters have none) would be
    built without a word until it did."""
    for used in tree.find_all(nodes.Filter):
        if used.name not in environment.filters:
            raise TemplateRuntimeError(f"No filter named '{used.name}'.")
    for used in tree.find_all(nodes.Test):
        if used.name not in environment.tests:
            raise TemplateRuntimeError(f"No test named '{used.name}'.")


def _stored_names(tree) -> set[str]:
    """Names the template binds other than as a loop's variable (set, with, macro and call
    arguments, imports): their kind is never known, wherever they are used."""
    stored = set()
    loop_targets = {id(n) for f in tree.find_all(nodes.For) for n in _names(f.target)}
    for name in tree.find_all(nodes.Name):
        if name.ctx in ("store", "param") and id(name) not in loop_targets:
            stored.add(name.name)
    for imported in tree.find_all(nodes.FromImport):
        stored.update(n if isinstance(n, str) else n[-1] for n in imported.names)
    for imported in tree.find_all(nodes.Import):
        stored.add(imported.target)
    for macro in tree.find_all(nodes.Macro):
        stored.add(macro.name)
    return stored


def _names(target) -> list:
    """The names a loop's target binds: the one it is, or those of a tuple (`for a, b in …`)."""
    return [target] if isinstance(target, nodes.Name) else list(target.find_all(nodes.Name))


class _Walk:
    def __init__(self, environment, stored: set[str]):
        self.environment, self.stored = environment, stored
        self.top = template_shape()
        self.found: list[Finding] = []
        self.guarded: list = []  # expressions found defined by the tests around (jinja's nodes compare by content)

    def visit(self, node, scope: dict) -> None:
        method = getattr(self, f"_{type(node).__name__}", None)
        if method is not None:
            method(node, scope)
        else:
            self.children(node, scope)

    def children(self, node, scope: dict) -> None:
        for child in node.iter_child_nodes():
            self.visit(child, scope)

    # a loop binds its variable to the kind of its list's items, in its body (and its filter)
    def _For(self, node: nodes.For, scope: dict) -> None:  # noqa: N802 - jinja's node names
        self.visit(node.iter, scope)
        inner = dict(scope)
        item = self.type_of(node.iter, scope)
        bound = [n.name for n in _names(node.target)]
        for name in bound:
            inner[name] = UNKNOWN
        if isinstance(node.target, nodes.Name) and isinstance(item, ListOf) and not node.recursive:
            inner[node.target.name] = item.item
        inner["loop"] = UNKNOWN
        if node.test is not None:
            self.visit(node.test, inner)
        for child in node.body:
            self.visit(child, inner)
        for child in node.else_:
            self.visit(child, scope)

    def _Macro(self, node: nodes.Macro, scope: dict) -> None:  # noqa: N802
        # a macro sees the names around where it is defined (a loop's variable, as it is when
        # called), its kind left unknown, and its own arguments
        inner = dict.fromkeys([*scope, *(arg.name for arg in node.args)], UNKNOWN)
        for default in node.defaults:
            self.visit(default, scope)
        for child in node.body:
            self.visit(child, inner)

    def _CallBlock(self, node: nodes.CallBlock, scope: dict) -> None:  # noqa: N802
        self.visit(node.call, scope)
        inner = dict(scope, **{arg.name: UNKNOWN for arg in node.args})
        for child in node.body:
            self.visit(child, inner)

    def _Test(self, node: nodes.Test, scope: dict) -> None:  # noqa: N802
        if node.name in _GUARDS:
            return  # `x.fält is defined`: the template asks, and its answer may be no
        self.children(node, scope)

    # what is read only where `x.fält is defined` said yes (or `is undefined` said no) is read
    # only when it is there
    def _If(self, node: nodes.If, scope: dict) -> None:  # noqa: N802
        self.visit(node.test, scope)
        with self.guarding(_defined_when(node.test, True)):
            for child in node.body:
                self.visit(child, scope)
        with self.guarding(_defined_when(node.test, False)):
            for child in [*node.elif_, *node.else_]:
                self.visit(child, scope)

    def _CondExpr(self, node: nodes.CondExpr, scope: dict) -> None:  # noqa: N802
        self.visit(node.test, scope)
        with self.guarding(_defined_when(node.test, True)):
            self.visit(node.expr1, scope)
        if node.expr2 is not None:
            with self.guarding(_defined_when(node.test, False)):
                self.visit(node.expr2, scope)

    def _And(self, node: nodes.And, scope: dict) -> None:  # noqa: N802
        self.visit(node.left, scope)
        with self.guarding(_defined_when(node.left, True)):
            self.visit(node.right, scope)

    def _Or(self, node: nodes.Or, scope: dict) -> None:  # noqa: N802
        self.visit(node.left, scope)
        with self.guarding(_defined_when(node.left, False)):
            self.visit(node.right, scope)

    @contextlib.contextmanager
    def guarding(self, expressions: list):
        """`expressions` count as there while the code a test guards is walked."""
        self.guarded.extend(expressions)
        try:
            yield
        finally:
            del self.guarded[len(self.guarded) - len(expressions) :]

    def _Filter(self, node: nodes.Filter, scope: dict) -> None:  # noqa: N802
        if node.name in _DEFAULTS and node.node is not None:
            for child in [*node.args, *(k.value for k in node.kwargs)]:
                self.visit(child, scope)
            return  # `x.fält|default('')`: a field that may be missing, on purpose
        self.children(node, scope)

    def _Getattr(self, node: nodes.Getattr, scope: dict) -> None:  # noqa: N802
        if node not in self.guarded:
            self.look_up(node.node, node.attr, node.lineno, scope)
        self.visit(node.node, scope)

    def _Getitem(self, node: nodes.Getitem, scope: dict) -> None:  # noqa: N802
        if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str) and node not in self.guarded:
            self.look_up(node.node, node.arg.value, node.lineno, scope)
        self.children(node, scope)

    def _Name(self, node: nodes.Name, scope: dict) -> None:  # noqa: N802
        name = node.name
        if node.ctx != "load" or name in scope or name in self.stored or name in _JINJA_NAMES or node in self.guarded:
            return
        if name in self.top.fields or name in self.environment.globals:
            return
        self.found.append(Finding(name, None, node.lineno, template_names()))

    def look_up(self, owner, name: str, line: int, scope: dict) -> None:
        shape = self.type_of(owner, scope)
        if isinstance(shape, (Shape, Either)) and name not in shape.fields:
            self.found.append(Finding(name, shape.kind, line, list(shape.fields)))

    def type_of(self, node, scope: dict):
        """What an expression is known to hold, or UNKNOWN."""
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            if node.name in self.stored or node.name in _JINJA_NAMES:
                return UNKNOWN
            return self.top.fields.get(node.name, UNKNOWN)
        if isinstance(node, nodes.Getattr):
            return _field(self.type_of(node.node, scope), node.attr)
        if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            owner = self.type_of(node.node, scope)
            if isinstance(node.arg.value, int) and not isinstance(node.arg.value, bool):
                return owner.item if isinstance(owner, ListOf) else UNKNOWN
            if isinstance(node.arg.value, str):
                return _field(owner, node.arg.value)
            return UNKNOWN
        if isinstance(node, nodes.Filter) and node.node is not None and node.name not in _own_filters():
            listed = self.type_of(node.node, scope)
            if isinstance(listed, ListOf) and node.name in _SAME_LIST:
                return listed
            if isinstance(listed, ListOf) and node.name in _ONE_ITEM:
                return listed.item
        return UNKNOWN


def _defined_when(test, holds: bool) -> list:
    """The expressions `test` finds defined when it holds (or, `holds` false, when it fails):
    `x is defined` (`x is undefined`), a `not` turning one into the other, and those of each
    part of an `and` (an `or`)."""
    if isinstance(test, nodes.Test) and test.name == ("defined" if holds else "undefined"):
        return [test.node]
    if isinstance(test, nodes.Not):
        return _defined_when(test.node, not holds)
    if isinstance(test, nodes.And if holds else nodes.Or):
        return _defined_when(test.left, holds) + _defined_when(test.right, holds)
    return []


def _field(owner, name: str):
    if isinstance(owner, (Shape, Either)):
        return owner.fields.get(name, UNKNOWN)
    if isinstance(owner, MapOf):
        return owner.item
    return UNKNOWN


def _own_filters() -> frozenset:
    from docgen.word.filters import FILTERS

    return frozenset(FILTERS)


# ---------------------------------------------------------------- the message


def suggestion(name: str, kind: str | None, known: list[str]) -> str:
    """What to write instead: the closest names, or (for a field) the fields there are."""
    near = difflib.get_close_matches(name, known, n=2, cutoff=0.6)
    if near:
        return f"Menade du {' eller '.join(repr(n) for n in near)}?"
    if kind and known:
        return f"Fälten på {kind}: {', '.join(known)}."
    if kind:  # text.yaml emptied, or every text of it commented out
        return f"Källorna har inga fält på {kind}."
    return ""
