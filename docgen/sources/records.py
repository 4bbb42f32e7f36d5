"""A small declarative validator for sources: records with Swedish keys and English names.

Why not pydantic: importing it and building the source models cost about 140 ms of every
build (measured here: pydantic 57 ms, models 81 ms), more than a third of the whole render
budget. What sources need is small: mappings with known keys, a handful of value types,
nested lists, and messages in Swedish naming the exact path, which we would have had to
translate from pydantic's English anyway. Every problem in a file is collected, not just the
first.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from decimal import Decimal, InvalidOperation
from typing import Any, Callable

Path = tuple  # ("målområden", 2, "uppdrag", 0, "text"): where a value stands in the sources


class Invalid(Exception):
    """A value that does not fit; the message is Swedish and completes "<path>: …"."""

    def __init__(self, message: str, hint: str = "", at: Path = ()):
        super().__init__(message)
        self.message, self.hint, self.at = message, hint, at


class Issue:
    """One problem found while validating: where (path) and what."""

    __slots__ = ("path", "message", "hint")

    def __init__(self, path: Path, message: str, hint: str = ""):
        self.path, self.message, self.hint = path, message, hint


def path_text(path: Path) -> str:
    """målområden[3].uppdrag[2] (items counted from 1, as editors count)."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += ("." if text else "") + str(part)
    return text or "filen"


# ---------------------------------------------------------------- value types
# A type is a function (value, path, issues) -> parsed value, raising Invalid.

Type = Callable[[Any, Path, list], Any]


def _shown(value) -> str:
    if isinstance(value, dict):
        return "ett avsnitt med nycklar"
    if isinstance(value, list):
        return "en lista"
    if value is None:
        return "tomt"
    return f"'{value}'"


def text(value, path, issues):
    if value.__class__ is str:  # nearly every value: what the rest would return, found sooner
        stripped = value.strip()
        if stripped and len(stripped) <= LONGEST_TEXT:
            return stripped
    if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
        raise Invalid(f"ska vara en text, men är {_shown(value)}")
    value = str(value).strip()
    if not value:
        raise Invalid("är tom", "Skriv texten eller ta bort fältet.")
    if len(value) > LONGEST_TEXT:
        raise Invalid(
            f"är {len(value):,} tecken lång; högst {LONGEST_TEXT:,} tecken får stå i ett fält".replace(",", " "),
            "Dela upp texten i flera stycken eller avsnitt.",
        )
    return value


LONGEST_TEXT = 1_000_000  # a whole plan is about 200 000 characters


def integer(value, path, issues):
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, Decimal) and value == value.to_integral_value():
            return int(value)
        raise Invalid(f"ska vara ett heltal, men är {_shown(value)}")
    return value


def between(low: int, high: int) -> Type:
    def parse(value, path, issues):
        number = integer(value, path, issues)
        if not low <= number <= high:
            raise Invalid(f"värdet {number} är utanför det tillåtna ({low}–{high})")
        return number

    parse.shape = ("between", low, high)  # for docgen.sources.jsonschema (JSON Schema, the source guide)
    return parse


def boolean(value, path, issues):
    if not isinstance(value, bool):
        raise Invalid(f"ska vara true eller false, men är {_shown(value)}")
    return value


_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def identifier(value, path, issues):
    value = text(value, path, issues)
    if not _ID.match(value):
        raise Invalid(
            f"'{value}' är inget giltigt id",
            "Använd små bokstäver a–z, siffror och bindestreck, t.ex. 'fast-lakarkontakt'.",
        )
    return value


LARGEST = Decimal(10) ** 15  # beyond any amount a governance document shows (and below float's exactness)
SMALLEST_EXPONENT = -20  # more decimals than any value has (a float from Excel has at most 17)


def amount(value, path, issues):
    """A number, or Swedish-formatted text such as "15 979", "50,0", "−48" or "50,0-".
    Not-a-number, infinity and numbers no document can show are refused, not carried on."""
    if isinstance(value, bool):
        raise Invalid("ska vara ett tal, inte true/false")
    if isinstance(value, (int, Decimal)):
        return showable(Decimal(value), value)
    if isinstance(value, str):
        cleaned = value.strip().replace("\u00a0", "").replace(" ", "").replace("\u2212", "-").replace(",", ".")
        if cleaned.endswith("-") and cleaned[:-1].replace(".", "").isdigit():
            cleaned = "-" + cleaned[:-1]
        if re.fullmatch(r"[-+]?(\d[\d_]*)?(\.\d+)?([eE][-+]?\d+)?", cleaned) and any(c.isdigit() for c in cleaned):
            try:
                return showable(Decimal(cleaned), value)
            except InvalidOperation:
                pass
    raise Invalid(f"ska vara ett tal, men är {_shown(value)}")


def showable(number: Decimal, written) -> Decimal:
    """`number` if a document can show it: finite, below 10^15, at most 20 decimals."""
    shown = _shown(written) if len(str(written)) <= 40 else f"'{str(written)[:37]}…' ({len(str(written))} tecken)"
    if not number.is_finite():
        raise Invalid(f"ska vara ett tal, men är {shown}", "Skriv ett tal, t.ex. 82,5 (inte NaN eller Infinity).")
    if abs(number) >= LARGEST:
        raise Invalid(
            f"talet {shown} är för stort för ett dokument (högst 15 siffror före decimaltecknet)",
            "Kontrollera talet; skriv stora belopp i tkr eller mnkr.",
        )
    if number.as_tuple().exponent < SMALLEST_EXPONENT:
        raise Invalid(f"talet {shown} har fler än 20 decimaler", "Avrunda talet.")
    return number


def tolerance(value, path, issues):
    """tolerans: the largest rounding difference a sum may have, a small number (0–100)."""
    number = amount(value, path, issues)
    if not 0 <= number <= 100:
        raise Invalid(
            f"tolerans {_shown(value)} är utanför det tillåtna (0–100, i tabellens enhet)",
            "Toleransen är för avrundning, t.ex. 1; en större avvikelse är ett fel i tabellen.",
        )
    return number


def date(value, path, issues):
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise Invalid(f"datumet {value} finns inte i kalendern")
    raise Invalid(f"'{value}' är inte ett datum", "Skriv datum som 2025-12-31.")


def month(value, path, issues):
    if isinstance(value, str) and (m := re.fullmatch(r"(\d{4})-(\d{2})", value.strip())) and 1 <= int(m[2]) <= 12:
        return dt.date(int(m[1]), int(m[2]), 1)
    raise Invalid(f"'{value}' är inte en månad", "Skriv år och månad som 2025-02.")


def one_of(*choices: str) -> Type:
    def parse(value, path, issues):
        if value not in choices:
            raise Invalid(f"'{value}' är inte tillåtet", f"Tillåtet: {', '.join(choices)}.")
        return value

    parse.shape = ("one_of", choices)
    return parse


def list_of(item: Type, min_items: int = 0) -> Type:
    def parse(value, path, issues):
        if not isinstance(value, list):
            raise Invalid(f"ska vara en lista (rader som börjar med '- '), men är {_shown(value)}")
        if len(value) < min_items:
            raise Invalid("är tom", "Lägg till minst en post.")
        out = []
        for index, entry in enumerate(value):
            try:
                out.append(item(entry, path + (index,), issues))
            except Invalid as exc:
                issues.append(Issue(path + (index,) + exc.at, exc.message, exc.hint))
                out.append(None)
        return out

    parse.shape = ("list_of", item, min_items)
    return parse


def dict_of(key: Type, item: Type) -> Type:
    def parse(value, path, issues):
        if not isinstance(value, dict):
            raise Invalid(f"ska vara ett avsnitt med namngivna poster, men är {_shown(value)}")
        out = {}
        for name, entry in value.items():
            try:
                parsed_key = key(name, path + (name,), issues)
                out[parsed_key] = item(entry, path + (name,), issues)
            except Invalid as exc:
                issues.append(Issue(path + (name,) + exc.at, exc.message, exc.hint))
        return out

    parse.shape = ("dict_of", key, item)
    return parse


def either(*types: Type, message: str) -> Type:
    """The first type that accepts the value; `message` when none does."""

    def parse(value, path, issues):
        for kind in types:
            try:
                return kind(value, path, [])
            except Invalid:
                continue
        raise Invalid(message)

    parse.shape = ("either", types)
    return parse


# ---------------------------------------------------------------- records


class F:
    """A field: its English name in code, its Swedish key in sources, its type."""

    __slots__ = ("name", "key", "type", "required", "default")

    def __init__(self, name: str, key: str, type_: Type, required: bool = True, default=None):
        self.name, self.key, self.type, self.required, self.default = name, key, type_, required, default


class Record:
    """A mapping in the sources with known keys. Subclasses declare KIND and FIELDS and may
    define `check()` for rules between fields (raise Invalid, optionally with `at`).

    A parsed record knows where it was written: `where()` gives the file and line of the
    record, `where("field", 2)` of a field's value (by its English name) or of an item in it."""

    KIND = ""  # the Swedish name of this kind of item, as messages and the template contract call it
    FIELDS: tuple[F, ...] = ()
    # For `docgen check` (which fields a template must show): fields docgen itself reads, so
    # a template need not show them; fields shown through a view built by docgen (field ->
    # (view kind, view field), or a tuple of such pairs when the view shows it in more than one
    # place, as an agenda's table and its item sections); and what draws the whole record instead of template tags
    # ("tabeller": the table renderer, "diagram": the chart renderer, "uppföljningen": the
    # follow-up report).
    ENGINE_READS: tuple[str, ...] = ()
    SHOWN_AS: dict[str, tuple] = {}
    SHOWN_BY = ""

    written: list = []  # keys given in the sources (set by parse); defaults are not "written"
    _source = None  # the loaded mapping this record was parsed from (it keeps the file and line marks)

    def __init__(self, **values):
        for field in self.FIELDS:
            name = field.name
            setattr(self, name, values[name] if name in values else _default(field))

    @classmethod
    def kind(cls) -> str:
        return cls.KIND

    def where(self, name: str | None = None, *inside) -> tuple[str | None, int | None]:
        """File and line of this record, or of field `name` (English name) and, below it, of
        the list index or mapping key `inside`; as near as the sources go."""
        source = self._source
        if source is None:
            return None, None
        if name is None:
            return getattr(source, "file", None) or None, getattr(source, "line", None) or None
        from docgen.sources.load import locate

        return locate(source, (self._keys()[name],) + inside)

    @classmethod
    def key_of(cls, name: str) -> str:
        """The Swedish source key of the field with the English `name`."""
        return cls._keys()[name]

    @classmethod
    def _keys(cls) -> dict[str, str]:
        keys = cls.__dict__.get("_key_by_name")
        if keys is None:
            keys = {f.name: f.key for f in cls.FIELDS}
            cls._key_by_name = keys
        return keys

    @classmethod
    def keys(cls) -> list[str]:
        return [f.key for f in cls.FIELDS]

    @classmethod
    def _fields_by_key(cls) -> dict[str, F]:
        fields = cls.__dict__.get("_field_by_key")
        if fields is None:
            fields = {f.key: f for f in cls.FIELDS}
            cls._field_by_key = fields
        return fields

    @classmethod
    def _plan(cls) -> tuple:
        """The fields as (name, key, type, required, default) tuples, made once per record kind."""
        plan = cls.__dict__.get("_fields_plan")
        if plan is None:
            plan = tuple((f.name, f.key, f.type, f.required, f.default) for f in cls.FIELDS)
            cls._fields_plan = plan
        return plan

    @classmethod
    def parse(cls, value, path: Path, issues: list):
        if not isinstance(value, dict):
            raise Invalid(f"ska vara ett avsnitt med nycklar, men är {_shown(value)}")
        known = cls._fields_by_key()
        unknown = not known.keys() >= value.keys()  # a key this kind of record does not have
        orphans = _orphaned_fields(cls, value) if not path else {}  # a file's top level: see there
        said = {place for places in orphans.values() for place in places}  # told by the orphans' message
        meant = cls._unknown_keys(value, path, issues, said) if unknown else set()  # see _unknown_keys
        for owner, places in orphans.items():
            meant.add(owner)
            issues.append(_orphans_issue(owner, places))
        fields, complete = {}, True
        for name, key, type_, required, default in cls._plan():
            written = value.get(key)
            if written is None:
                if required:
                    if key not in meant:
                        issues.append(
                            Issue(path + (key,), f"fältet '{key}' saknas i {path_text(path)}", f"Lägg till '{key}: …'.")
                        )
                    complete = False
                fields[name] = default() if callable(default) else default
                continue
            before = len(issues)
            try:
                fields[name] = type_(written, path + (key,), issues)
            except Invalid as exc:
                issues.append(Issue(path + (key,) + exc.at, exc.message, exc.hint))
                fields[name] = default() if callable(default) else default
                complete = False
            if len(issues) > before:
                complete = False
        record = cls.__new__(cls)  # a record kind has no __init__ of its own (Record's sets the fields)
        record.__dict__.update(fields)  # what __init__ would set, in the same order
        if said:  # the fields that joined the section above said once, not as unknown there too
            issues[:] = [i for i in issues if not (i.path in said and i.message.startswith("okänt fält "))]
        record._source = value
        # what the editor wrote, for `docgen check`
        record.written = [key for key in value if key in known] if unknown else list(value)
        if complete:
            try:
                record.check()
            except Invalid as exc:
                issues.append(Issue(path + exc.at, exc.message, exc.hint))
        return record

    @classmethod
    def _unknown_keys(cls, value, path: Path, issues: list, said: set) -> set:
        """An issue for each key this kind of record does not have (but those `said` as fields
        of a missing section); the fields the misspelt keys stand for (their absence is said by
        the misspelt key's message)."""
        known = cls._fields_by_key()
        meant = set()
        for key in value:
            if key not in known and (key,) not in said:
                close = difflib.get_close_matches(str(key), list(known), n=1, cutoff=0.6)
                hint = f"Menade du '{close[0]}'?" if close else f"Tillåtna fält här: {', '.join(known)}."
                meant.update(close if close and close[0] not in value else ())
                if path and _is_top_level_key(key):  # indented under another section by mistake
                    hint = (
                        f"'{key}' är ett eget avsnitt: skriv det utan indrag, först på raden, inte under '{path[-1]}'."
                    )
                hidden = _hidden_characters(str(key))
                if hidden:  # looks right, but holds a character one cannot see (pasted from Word or a web page)
                    hint = f"Namnet innehåller {hidden}, som inte syns; skriv om namnet för hand. {hint}"
                issues.append(Issue(path + (key,), f"okänt fält '{key}' i {path_text(path)}", hint))
        return meant

    def check(self) -> None:
        """Rules between fields; the default has none."""


def _orphaned_fields(cls, value: dict) -> dict[str, list[tuple]]:
    """Fields of a section missing from the sources (its line "dokument:" or "ärende:" deleted)
    found where its line was: at a file's top level, or inside the section above it, whose
    fields they joined. By that section's key, each with its path. A key that more than one
    missing section has belongs to the required one among them, or to the one the other keys
    belong to, or to none (no guess)."""
    missing = [
        (f.key, f.required, f.type.shape[1]._fields_by_key())
        for f in cls.FIELDS
        if f.key not in value and getattr(f.type, "shape", ("",))[0] == "record"
    ]
    if not missing:
        return {}
    known = cls._fields_by_key()
    strays = [((key,), key) for key in value if key not in known]
    for section, written in value.items():
        shape = getattr(known[section].type, "shape", ("",)) if section in known else ("",)
        if shape[0] == "record" and isinstance(written, dict):
            own = shape[1]._fields_by_key()
            strays += [((section, key), key) for key in written if key not in own]
    candidates = [(place, [(s, required) for s, required, fields in missing if key in fields]) for place, key in strays]
    sure = {owners[0][0] for _, owners in candidates if len(owners) == 1}
    found: dict[str, list[tuple]] = {}
    for place, owners in candidates:  # in the order written
        if len(owners) > 1:  # the required section, or the one other fields already point to
            owners = [o for o in owners if o[1]] or [o for o in owners if o[0] in sure]
        if len(owners) == 1:
            found.setdefault(owners[0][0], []).append(place)
    return found


def _orphans_issue(owner: str, places: list[tuple]) -> Issue:
    """One message for the fields of a section whose own line is missing, at the first of them."""
    keys = [place[-1] for place in places]
    named = " och ".join(", ".join(f"'{k}'" for k in keys).rsplit(", ", 1))
    one = len(keys) == 1
    fields, they, indented = ("fältet", "det", "indraget") if one else ("fälten", "de", "indragna")
    where = "överst i filen" if len(places[0]) == 1 else f"under '{places[0][0]}:'"
    return Issue(
        places[0],
        f"{fields} {named} hör till avsnittet '{owner}', som saknas: {they} står {where}, inte under '{owner}:'",
        f"Skriv raden '{owner}:' (utan indrag) ovanför '{keys[0]}:', med {fields} {indented} under den (två mellanslag).",
    )


def _is_top_level_key(key) -> bool:
    """Whether `key` names a section of a source file's top level (dokument, beslut, mål …)."""
    from docgen.sources.schema import Sources

    return key in Sources._fields_by_key()


def _default(field: F):
    return field.default() if callable(field.default) else field.default


def record(cls: type[Record]) -> Type:
    def parse(value, path, issues):
        return cls.parse(value, path, issues)

    parse.shape = ("record", cls)
    return parse


def problems_of(issues: list[Issue], loaded) -> list:
    """Each validation issue as a Problem at the file and line where its path stands in `loaded`,
    the YAML mapping that was parsed: a value that did not validate has no record to ask."""
    from docgen.errors import Problem
    from docgen.sources.load import locate

    return [Problem(*locate(loaded, issue.path), prefix_issue(issue.path, issue), issue.hint) for issue in issues]


def prefix_issue(path: Path, issue: Issue) -> str:
    """The message of an issue with its path in front when the message does not name it."""
    if issue.message.startswith(("fältet ", "fälten ", "okänt fält ")):
        return issue.message + "."
    if issue.message.startswith(("ska ", "är ")):  # "dokument.år ska vara ett heltal, …"
        return f"{path_text(issue.path)} {issue.message}."
    return f"{path_text(issue.path)}: {issue.message}."


_HIDDEN = {
    "\u00a0": "ett hårt mellanslag (U+00A0)",
    "\u202f": "ett smalt hårt mellanslag (U+202F)",
    "\u2007": "ett siffermellanslag (U+2007)",
    "\u200b": "ett osynligt tecken (U+200B)",
    "\u200c": "ett osynligt tecken (U+200C)",
    "\u200d": "ett osynligt tecken (U+200D)",
    "\u2060": "ett osynligt tecken (U+2060)",
    "\ufeff": "ett osynligt tecken (U+FEFF)",
    "\u00ad": "ett mjukt bindestreck (U+00AD)",
}


def _hidden_characters(name: str) -> str:
    """The characters in `name` that look like nothing or like a plain space, said in Swedish."""
    return ", ".join(dict.fromkeys(_HIDDEN[c] for c in name if c in _HIDDEN))
