"""Stage 1, load: read a document's YAML sources, keeping the line of every value.

Every mapping becomes a `SourceMap` and every sequence a `SourceList`; both remember the file
and the line of each entry, so that later stages can name the exact line of a mistake.
Timestamps are not resolved by YAML (dates are validated by the schema, which gives a clear
message for a date that does not exist), floats become `Decimal` so that sums are exact, and
a key written twice is an error (plain PyYAML keeps the last one silently).
"""

from __future__ import annotations

import operator
import re
import unicodedata
from decimal import Decimal
from pathlib import Path

from docgen.sources.yamlimport import yaml
from docgen.errors import DocgenError, Problem, fail
from docgen.freshness import file_digest, note_folder
from docgen.sources.schema import MERGEABLE_KEYS

try:  # the C parser is about six times faster and still gives line numbers
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - pure-Python fallback
    _BaseLoader = yaml.SafeLoader


class SourceMap(dict):
    """A YAML mapping that remembers where it and each of its keys stand."""

    file: str = ""
    line: int = 0
    key_lines: dict

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)

    def file_of(self, key) -> str:
        """The file a key stands in (a merged mapping's keys come from several files)."""
        return getattr(self, "key_files", {}).get(key, self.file)


class SourceList(list):
    """A YAML sequence that remembers where it and each of its items stand."""

    file: str = ""
    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        if isinstance(index, int) and 0 <= index < len(self.item_lines):
            return self.item_lines[index]
        return self.line

    def file_of(self, index: int) -> str:
        """The file of an item; items read from a workbook each name their own cell."""
        files = getattr(self, "item_files", None)
        if files and isinstance(index, int) and 0 <= index < len(files):
            return files[index]
        return self.file


_ScalarNode, _MappingNode, _SequenceNode = yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode


class _Loader(_BaseLoader):
    source_text = ""
    tight_comments: frozenset | set = frozenset()  # see _tight_comment_lines

    def __init__(self, stream):
        super().__init__(stream)
        self.building = set()  # the collections _value is building (a node met again holds itself)
        self.resolved: dict[str, str] = {}  # a plain scalar's tag by its text (keys come again and again)

    # PyYAML's composer calls these for every node, to follow path resolvers; without any
    # (asserted below) PyYAML's own return at once. Calls of C no-ops, not of Python methods:
    # slice(parent, index) and tuple() make an object and nothing else (a type is no descriptor,
    # so they get no `self`).
    descend_resolver = slice
    ascend_resolver = tuple

    def resolve(self, kind, value, implicit):
        """PyYAML's Resolver.resolve, which libyaml calls for every node, with each first
        character's patterns put together once (_BY_FIRST_CHARACTER) instead of on every call,
        and a plain scalar's tag looked up once per text. The same tags: docgen's loader has
        no path resolvers."""
        if kind is _ScalarNode:
            if implicit[0]:
                tag = self.resolved.get(value)
                if tag is None:
                    tag = self.resolved[value] = _implicit_tag(value)
                return tag
            return _SCALAR_TAG
        if kind is _MappingNode:
            return _MAP_TAG
        if kind is _SequenceNode:
            return _SEQ_TAG
        return super().resolve(kind, value, implicit)


# YAML 1.1's numbers in base 60: "18:30" was the integer 1110, so `tid: 18:30` showed "1110"
_SEXAGESIMAL = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")


def _implicit_tag(value: str) -> str:
    """The tag of a plain scalar (PyYAML's implicit resolvers, timestamps left out); a time of
    day written "18:30" stays a text (no one writes a number in base 60)."""
    if ":" in value and _SEXAGESIMAL.match(value):
        return _SCALAR_TAG
    for tag, pattern in _BY_FIRST_CHARACTER.get(value[:1], _ANY_FIRST_CHARACTER):
        if pattern.match(value):
            return tag
    return _SCALAR_TAG


# No implicit timestamps: "2025-12-31" stays a string and the schema parses it.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.copy().items()
}
_ANY_FIRST_CHARACTER = _Loader.yaml_implicit_resolvers.get(None, [])
_BY_FIRST_CHARACTER = {
    first: resolvers + _ANY_FIRST_CHARACTER
    for first, resolvers in _Loader.yaml_implicit_resolvers.items()
    if first is not None
}
assert not _Loader.yaml_path_resolvers  # resolve above relies on it
_SCALAR_TAG, _MAP_TAG, _SEQ_TAG = _Loader.DEFAULT_SCALAR_TAG, _Loader.DEFAULT_MAPPING_TAG, _Loader.DEFAULT_SEQUENCE_TAG
assert (_MAP_TAG, _SEQ_TAG) == ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


_MERGE_TAGS = frozenset(
    ("tag:yaml.org,2002:merge", "tag:yaml.org,2002:value")
)  # '<<' and '=' keys: PyYAML flattens them
_TAG, _FIRST = operator.attrgetter("tag"), operator.itemgetter(0)
_STR_TAG = "tag:yaml.org,2002:str"
_NULL_TAG = "tag:yaml.org,2002:null"


def _value(loader: _Loader, node):
    """What a node holds. Plain scalars, mappings and lists (all a source file has) are built
    here, depth first; PyYAML's construct_object would keep every node in its bookkeeping and
    build each collection through a generator, for structures that hold themselves. Anything
    else (an explicit tag, a node reached again through an alias while it is being built)
    goes through construct_object, as before."""
    kind = node.__class__
    if kind is _ScalarNode:
        constructor = _CONSTRUCTORS.get(node.tag)
        if constructor is not None:
            return constructor(loader, node)
    else:
        built_here = _BUILT_HERE.get((kind, node.tag))
        if built_here is not None and node not in loader.building:
            new, fill = built_here
            loader.building.add(node)
            data = new(loader, node)
            fill(loader, node, data)
            loader.building.discard(node)
            return data
    return loader.construct_object(node, deep=True)


def _new_map(loader: _Loader, node) -> SourceMap:
    data = SourceMap()
    data.file = loader.source_file
    data.line = node.start_mark.line + 1
    data.key_lines = {}
    return data


def _fill_map(loader: _Loader, node, data: SourceMap) -> None:
    pairs = node.value
    if not _MERGE_TAGS.isdisjoint(map(_TAG, map(_FIRST, pairs))):  # keys' tags looked at in C
        loader.flatten_mapping(node)
        pairs = node.value
    key_lines = data.key_lines
    as_written = _CUT_STYLES if loader.tight_comments else _WHOLE_STYLES
    for key_node, value_node in pairs:
        if key_node.__class__ is _ScalarNode and key_node.tag == _STR_TAG and key_node.style in as_written:
            key = key_node.value
        else:
            key = _value(loader, key_node)
            if not isinstance(key, (str, int)):
                raise _YamlProblem(key_node, "en nyckel måste vara ett ord eller ett tal.")
        if key in data:
            raise _YamlProblem(
                key_node,
                f"nyckeln '{key}' står två gånger i samma avsnitt (första gången på rad {key_lines[key]}).",
                "Ta bort eller slå ihop den ena.",
            )
        key_lines[key] = key_node.start_mark.line + 1
        if node.flow_style:
            _refuse_text_cut_at_comma(loader, key_node, value_node, data)
        if value_node.__class__ is _ScalarNode and value_node.tag == _STR_TAG and value_node.style in as_written:
            data[key] = value_node.value
        else:
            data[key] = _value(loader, value_node)


# The styles of a text scalar that is its node's value as it stands (what _construct_str would
# return without looking further): not double-quoted (escapes may make characters Word cannot
# hold), and, when the file has a ' #' right before a word (_tight_comment_lines), not plain
# (PyYAML's plain style is '', None in nodes made elsewhere): it may have been cut.
_WHOLE_STYLES = frozenset((None, "", "'", "|", ">"))
_CUT_STYLES = frozenset(("'", "|", ">"))


def _construct_map(loader: _Loader, node):
    data = _new_map(loader, node)
    yield data
    _fill_map(loader, node, data)


def _new_list(loader: _Loader, node) -> SourceList:
    data = SourceList()
    data.file = loader.source_file
    data.line = node.start_mark.line + 1
    data.item_lines = [child.start_mark.line + 1 for child in node.value]
    return data


def _fill_list(loader: _Loader, node, data: SourceList) -> None:
    as_written = _CUT_STYLES if loader.tight_comments else _WHOLE_STYLES  # see _fill_map
    data.extend(
        [
            child.value
            if child.__class__ is _ScalarNode and child.tag == _STR_TAG and child.style in as_written
            else _value(loader, child)
            for child in node.value
        ]
    )


def _construct_seq(loader: _Loader, node):
    data = _new_list(loader, node)
    yield data
    _fill_list(loader, node, data)


# the collections _value builds itself: a plain mapping and a plain list
_BUILT_HERE = {
    (yaml.MappingNode, _MAP_TAG): (_new_map, _fill_map),
    (yaml.SequenceNode, _SEQ_TAG): (_new_list, _fill_list),
}


def _construct_float(loader: _Loader, node):
    text = loader.construct_scalar(node).replace("_", "")
    try:
        return Decimal(text)
    except Exception:  # .inf, .nan: not amounts an editor means
        raise _YamlProblem(node, f"'{text}' är inget tal som docgen kan räkna med.")


# Characters XML 1.0 cannot hold (control characters but tab and line breaks, U+FFFE/U+FFFF,
# lone surrogates). YAML lets them in through escapes in double quotes ("G:\budget" holds a
# backspace); in a Word document they would be dropped or break the file. Written as the set
# itself, not as "everything but [\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]": the
# same characters, but re compiles the negated form of those wide ranges character by
# character (53 M instructions of a cold build). Only a double-quoted value is searched: YAML's
# reader refuses these characters written in the file itself (the message for an invisible
# control character, load_yaml_text), so only a double-quoted value's escapes make them.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ESCAPES = {"\b": "\\b", "\f": "\\f", "\v": "\\v", "\a": "\\a", "\x00": "\\0", "\x1b": "\\e"}


def _construct_str(loader: _Loader, node):
    value = node.value if node.__class__ is yaml.ScalarNode else loader.construct_scalar(node)
    if loader.tight_comments and not node.style and node.end_mark.line in loader.tight_comments:
        _refuse_cut_value(loader, node, value)
    bad = NOT_IN_XML.search(value) if node.style == '"' else None
    if bad:
        char = bad.group(0)
        escape = _ESCAPES.get(char)
        written = f", skrivet {escape}" if escape else ""
        line_offset = value[: bad.start()].count("\n") if node.style == "|" else 0
        raise _YamlProblem(
            node,
            f"texten innehåller tecknet U+{ord(char):04X}{written}, som inte kan stå i ett Word-dokument.",
            'Ett omvänt snedstreck (\\) inom dubbla citattecken är en kod i YAML ("G:\\budget" ger ett styrtecken): '
            "skriv texten inom enkla citattecken ('G:\\budget') eller skriv \\\\ för ett snedstreck.",
            line_offset,
        )
    return value


# ' #' right after a value and '#' right before a word: 'titel: Plan #2'. YAML reads ' #' as
# the start of a comment and keeps 'Plan'; comments in sources are written '  # text'.
# Looked for as ' #' before a word, then checked for the value before it: a pattern that begins
# with a space is found by re's fast literal search; one that begins with \S is tried at every
# character of the file.
_TIGHT_COMMENT = re.compile(r" #(?=\S)")


def _tight_comment_lines(text: str) -> set[int]:
    """The 0-based lines with a ' #' as described above (nearly always none)."""
    if " #" not in text:
        return set()
    return {
        text.count("\n", 0, m.start())
        for m in _TIGHT_COMMENT.finditer(text)
        if m.start() and not text[m.start() - 1].isspace()
    }


def _refuse_cut_value(loader: _Loader, node, value: str) -> None:
    """A plain value cut short by a comment that was meant as text ('Plan #2' read as 'Plan')."""
    line = loader.source_text.splitlines()[node.end_mark.line]
    cut = re.match(r" (#\S.*?)(?=\s+#\s|\s*$)", line[node.end_mark.column :])  # up to a real comment
    if not cut:
        return
    raise _YamlProblem(
        node,
        f"värdet blir bara '{value}': ' #' inleder en kommentar i YAML, så '{cut.group(1)}' kommer inte med.",
        f'Skriv värdet inom citattecken om #-tecknet hör till texten: "{value} {cut.group(1)}". '
        "Är det en kommentar, skriv ett mellanslag efter #-tecknet.",
        node.end_mark.line - node.start_mark.line,
    )


def _refuse_text_cut_at_comma(loader: _Loader, key_node, value_node, data: SourceMap) -> None:
    """A key without a colon in a { … } mapping: the comma in a text before it split the text
    ({text: Låneskuld, mkr, värden: …} gives the field 'mkr'), which the schema would only call
    an unknown field."""
    if value_node.__class__ is not _ScalarNode or value_node.value or value_node.tag != _NULL_TAG:
        return
    after = loader.source_text.splitlines()[key_node.end_mark.line][key_node.end_mark.column :]
    if after.lstrip().startswith(":"):  # written as a field without a value ("värden: ,")
        return
    key = key_node.value
    before = next((k for k in reversed(data) if isinstance(data[k], str)), None) if data else None
    text = f"{data[before]}, {key}" if before else key
    if before is None:
        raise _YamlProblem(
            key_node,
            f"'{key}' står utan kolon inom {{ … }}, så det blev ett fält utan värde.",
            "Skriv ett kolon och ett värde efter fältets namn, eller texten inom citattecken.",
        )
    raise _YamlProblem(
        key_node,
        f"'{key}' står utan kolon inom {{ … }}: där skiljer ett kommatecken fälten åt, så texten "
        f"delades vid kommatecknet och '{key}' blev ett eget fält.",
        f'Skriv texten inom citattecken: {before}: "{text}".',
    )


def _construct_int(loader: _Loader, node):
    try:
        return loader.construct_yaml_int(node)
    except ValueError:  # more digits than Python converts (4300): no document shows such a number
        raise _YamlProblem(
            node, f"talet har {len(node.value)} siffror, för många för ett dokument.", "Kontrollera talet."
        )


_Loader.add_constructor("tag:yaml.org,2002:str", _construct_str)
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)
_Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)
_CONSTRUCTORS = _Loader.yaml_constructors  # add_constructor gave _Loader its own copy


class _YamlProblem(Exception):
    def __init__(self, node, message: str, hint: str = "", line_offset: int = 0):
        self.line = node.start_mark.line + 1 + line_offset
        self.message = message
        self.hint = hint


def load_yaml_file(path: Path, cache=None) -> SourceMap:
    """Parse one YAML file; its top level must be a mapping. With a `cache`
    (docgen.sources.cache.SourceCache), a file read before with the same text is not parsed again."""
    refuse_unreadable(path)
    try:
        written = path.read_bytes()
    except OSError as exc:
        raise fail(
            path,
            None,
            f"filen går inte att läsa ({exc.strerror}).",
            "Kontrollera att du har rätt att läsa filen (chmod, eller fråga den som äger den).",
        )
    try:
        text = written.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = written[: exc.start].count(b"\n") + 1
        raise fail(path, line, "filen är inte sparad som UTF-8.", "Spara om den som UTF-8 i din editor.")
    if "\r" in text:  # line ends as read_text reads them (universal newlines): \r\n and \r are \n
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if cache is None:
        return load_yaml_text(text, path)
    digest = file_digest(path, written)  # the build's inputs take it too (freshness.input_hashes)
    data = cache.read(path, digest)
    if data is None:
        data = load_yaml_text(text, path)
        cache.keep(path, digest, data)
    return data


def load_yaml_text(text: str, path) -> SourceMap:
    """Parse YAML text as if read from `path` (named in messages and line marks)."""
    if not unicodedata.is_normalized("NFC", text):  # å as a + ring (macOS, some web pages): as typed
        text = unicodedata.normalize("NFC", text)
    loader = _Loader(text)
    loader.source_file = str(path)
    loader.source_text = text
    loader.tight_comments = _tight_comment_lines(text)
    try:
        data = loader.get_single_data()
    except _YamlProblem as exc:
        raise fail(path, exc.line, exc.message, exc.hint)
    except yaml.MarkedYAMLError as exc:
        raise DocgenError(yaml_problem(path, text, exc))
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1 if isinstance(exc.position, int) else None
        raise fail(
            path,
            line,
            f"YAML-fel: filen innehåller ett osynligt styrtecken (kod {exc.character!r}).",
            "Ta bort tecknet, t.ex. genom att skriva om raden.",
        )
    except yaml.YAMLError:
        raise fail(
            path, None, "YAML-fel: filen går inte att läsa som YAML.", "Kontrollera indrag, kolon och citattecken."
        )
    finally:
        loader.dispose()
    if data is None:
        return _empty_map(path)
    if not isinstance(data, SourceMap):
        raise fail(path, 1, "filen ska bestå av nycklar på översta nivån (t.ex. 'dokument:').")
    return data


def _empty_map(path: Path) -> SourceMap:
    data = SourceMap()
    data.file, data.line, data.key_lines = str(path), 1, {}
    return data


# PyYAML's (libyaml's) problems, by how they begin, in Swedish; {char} is the character at the mark.
_YAML_PROBLEMS = (
    (
        "expected ',' or ']'",
        "en lista inom hakparenteser [ ] stängs aldrig med ']', eller så saknas ett kommatecken mellan två värden",
    ),
    (
        "expected ',' or '}'",
        "ett avsnitt inom klammerparenteser { } stängs aldrig med '}', "
        "eller så saknas ett kommatecken mellan två värden",
    ),
    (
        "did not find expected ',' or ']'",
        "en lista inom hakparenteser [ ] stängs aldrig med ']', eller så saknas ett kommatecken mellan två värden",
    ),
    (
        "did not find expected ',' or '}'",
        "ett avsnitt inom klammerparenteser { } stängs aldrig med '}', "
        "eller så saknas ett kommatecken mellan två värden",
    ),
    ("mapping values are not allowed", "ett kolon följt av mellanslag står mitt i ett värde"),
    ("found character '\\t'", "raden börjar med en tabb"),
    ("found a tab character", "raden är indragen med tabb"),
    ("found character", "tecknet {char} får inte inleda ett värde"),
    ("could not find expected ':'", "ett kolon saknas efter en nyckel"),
    ("did not find expected key", "indraget stämmer inte med raderna runt omkring"),
    ("expected <block end>", "indraget stämmer inte med raderna runt omkring"),
    (
        "did not find expected '-' indicator",
        "indraget i en lista stämmer inte (en rad utan '- ' står bland listans poster)",
    ),
    ("block sequence entries are not allowed", "en listpost ('- ') står där ett värde med nyckel väntades"),
    ("did not find expected node content", "ett värde saknas"),
    ("found undefined alias", "en hänvisning (*namn) pekar på något som inte finns"),
    ("found duplicate anchor", "namnet efter '&' används två gånger"),
    ("second occurrence", "namnet efter '&' används två gånger"),
    ("did not find expected alphabetic or numeric character", "'&' eller '*' följs inte av ett namn"),
    ("expected alphabetic or numeric character", "'&' eller '*' följs inte av ett namn"),
    ("found unexpected end of stream", "ett citattecken eller en parentes stängs aldrig"),
    ("found unexpected document indicator", "en rad med '---' eller '...' står mitt i ett värde"),
    ("found unexpected document separator", "en rad med '---' eller '...' står mitt i ett värde"),
    ("found unknown escape character", "ett omvänt snedstreck (\\) står i en text inom dubbla citattecken"),
    (
        "expected chomping or indentation indicators",
        "efter '|' eller '>' får bara '-', '+' eller en siffra stå på raden",
    ),
    ("expected '>'", "en tagg som börjar med '!<' stängs aldrig med '>'"),
    (
        "did not find expected comment or line break",
        "efter '|' eller '>' får bara '-', '+' eller en siffra stå på raden",
    ),
    ("did not find expected <document start>", "något står efter dokumentets slut"),
    ("but found another document", "filen innehåller flera dokument (åtskilda av '---')"),
    ("could not determine a constructor for the tag", "en tagg som börjar med '!' känns inte igen"),
    ("did not find the expected '>'", "en tagg som börjar med '!<' stängs aldrig med '>'"),
)

# What PyYAML was reading when it noticed the problem (the construct that begins at context_mark).
_YAML_CONTEXTS = (
    ("while parsing a flow sequence", "listan inom [ ]"),
    ("while parsing a flow mapping", "avsnittet inom { }"),
    ("while scanning a quoted scalar", "texten inom citattecken"),
    ("while parsing a quoted scalar", "texten inom citattecken"),
    ("while scanning a double-quoted scalar", "texten inom citattecken"),
    ("while scanning a single-quoted scalar", "texten inom citattecken"),
    ("while parsing a block mapping", "avsnittet"),
    ("while parsing a block collection", "listan"),
    ("while scanning a simple key", "nyckeln"),
    ("while scanning a block scalar", "textblocket"),
    ("while scanning an anchor", "namnet efter '&'"),
    ("while scanning an alias", "hänvisningen"),
    ("while scanning a tag", "taggen"),
    ("expected a single document", "det första dokumentet"),
    ("while parsing", "värdet"),
    ("while scanning", "värdet"),
)

# Constructs whose beginning is where the editor should look (an unclosed bracket or quote).
_OPENED = ("listan inom [ ]", "avsnittet inom { }", "texten inom citattecken")


def _translated(english: str | None, table, char: str = "") -> str | None:
    for start, swedish in table:
        if (english or "").startswith(start):
            return swedish.replace("{char}", char)
    return None


# A reference copied from Excel's formula bar or name box: 'Budget 2026'!$A$4:$C$11. Quoted, the
# sheet's name ends the YAML text at its closing apostrophe and the rest breaks the file. The key
# stands first on its line (`område: ...`) or inside braces (`{fil: x.xlsx, område: ...}`).
_EXCEL_REFERENCE = re.compile(
    r"(?:^\s*(?:- )?|[{,]\s*)([^#:\s{},][^#:{},]*):\s*(['\"])([^'\"]+)\2!"
    r"(\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?)\s*(?:[,}#]|$)"
)


class _Pasted:
    def __init__(self, line: int, key: str, sheet: str, area: str, in_braces: bool):
        self.line, self.key, self.sheet, self.area = line, key, sheet, area
        self.in_braces = in_braces

    def at(self, path) -> Problem:
        return Problem(
            path,
            self.line,
            f"YAML-fel: '{self.key}' har en Excel-referens med bladets namn inom apostrofer "
            f"('{self.sheet}'!{self.area}); YAML läser apostroferna som början och slutet på en text, och "
            "resten av raden passar inte in.",
            f"Skriv bara området, utan bladets namn och dollartecken ('{self.key}: {self.area.replace('$', '')}'), "
            + (
                f"och bladet för sig ('blad: {self.sheet}', inom klamrarna)."
                if self.in_braces
                else f"och bladet på en egen rad ('blad: {self.sheet}')."
            ),
        )


def _pasted_excel_reference(lines: list[str], first: int, last: int) -> _Pasted | None:
    for number in range(max(first, 0), min(last, len(lines) - 1) + 1):
        found = _EXCEL_REFERENCE.search(lines[number])
        if found:
            in_braces = found.group(0).lstrip()[:1] in "{,"
            return _Pasted(number + 1, found.group(1).strip(), found.group(3), found.group(4), in_braces)
    return None


# A value that begins with a quote: `utfall: "87 %`, `- "Ekonomi`, `{ text: 'Bygg`
_QUOTED_VALUE = re.compile(r"""(?:^\s*(?:-\s+)?|[{,\[]\s*|:\s+)(["'])""")


class _Unclosed:
    def __init__(self, line: int, quote: str, value: str, to_the_end: bool):
        self.line, self.quote, self.value, self.to_the_end = line, quote, value, to_the_end

    def at(self, path, noticed: int) -> Problem:
        if self.to_the_end:
            later = " YAML läste resten av filen som en del av texten."
        else:
            later = f" YAML läste vidare som text till rad {noticed}." if noticed > self.line else ""
        return Problem(
            path,
            self.line,
            f"YAML-fel: texten inom citattecken ({self.quote}{self.value}) stängs inte på sin rad: "
            f"citattecknet i slutet saknas.{later}",
            f"Skriv ett {self.quote} sist i texten på rad {self.line}: {self.quote}{self.value}{self.quote}.",
        )


def _closing_quote(text: str, start: int, quote: str) -> int | None:
    """Where the quoted text opened at `start` (the index of its quote) ends, as YAML reads it
    ('' is an apostrophe inside '…', \\" a quote inside "…"); None if it never does."""
    at = start + 1
    while True:
        at = text.find(quote, at)
        if at < 0:
            return None
        if quote == "'" and text.startswith("''", at):
            at += 2
            continue
        if quote == '"' and _escaped(text, at):
            at += 1
            continue
        return at


def _escaped(text: str, at: int) -> bool:
    backslashes = 0
    while at - backslashes - 1 >= 0 and text[at - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def _unclosed_quote(text: str, lines: list[str], first: int, last: int) -> _Unclosed | None:
    """The line, among those the parser read before it stopped, where a quoted value opens and
    is not closed before the line the parser stopped at: the missing quote at the end of
    `utfall: "87 %` made YAML read the next lines as the same text, and it stopped a line or
    more later (often at the next value's quote, or on a comment). A text that is closed on an
    earlier line is YAML's own multi-line text and not the mistake."""
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)  # splitlines() of text whose line ends are \n
    for number in range(max(first, 0), min(last, len(lines) - 1) + 1):
        line = lines[number]
        content = line.split(" #")[0] if not line.lstrip().startswith("#") else ""
        opened = _QUOTED_VALUE.search(content)
        if opened is None:
            continue
        at = starts[number] + opened.start(1)
        closing = _closing_quote(text, at, opened.group(1))
        closing_line = None if closing is None else text.count("\n", 0, closing)
        if closing_line is None or (closing_line > number and closing_line >= last):
            value = line[opened.end(1) :].split(" #")[0].rstrip()
            return _Unclosed(number + 1, opened.group(1), value, to_the_end=closing is None)
    return None


def yaml_problem(path, text: str, exc: yaml.MarkedYAMLError) -> Problem:
    """A parser error in Swedish, at the line where the broken construct begins (context_mark)
    and naming the line where the parser noticed it (problem_mark)."""
    mark, begins = exc.problem_mark, exc.context_mark
    char = ""
    if mark is not None and isinstance(getattr(mark, "index", None), int) and mark.index < len(text):
        char = f"'{text[mark.index]}'"
        if text[mark.index] == "\t":
            return Problem(
                path, mark.line + 1, "YAML-fel: raden börjar med en tabb.", "Använd mellanslag för indrag, inte tabb."
            )
    lines = text.splitlines()
    first, last = (begins.line if begins is not None else mark.line if mark else 0), (mark.line if mark else 0)
    for number in range(min(first, last), min(max(first, last), len(lines) - 1) + 1):
        indent = lines[number][: len(lines[number]) - len(lines[number].lstrip())]
        if "\u00a0" in indent or "\u202f" in indent or "\u3000" in indent:
            return Problem(
                path,
                number + 1,
                "YAML-fel: raden är indragen med hårda mellanslag (U+00A0), som ser ut som vanliga mellanslag "
                "men inte räknas som indrag.",
                "Skriv om indraget med vanliga mellanslag (hårda mellanslag följer ofta med text som klistrats "
                "in från Word eller en webbsida).",
            )
    pasted = _pasted_excel_reference(lines, min(first, last), max(first, last))
    if pasted is not None:
        return pasted.at(path)
    unclosed = _unclosed_quote(text, lines, min(first, last), max(first, last))
    if unclosed is not None:
        return unclosed.at(path, noticed=last + 1)
    problem = _translated(exc.problem, _YAML_PROBLEMS, char) or "filen följer inte YAML:s regler här"
    context = _translated(exc.context, _YAML_CONTEXTS)
    noticed = mark.line + 1 if mark is not None else None
    started = begins.line + 1 if begins is not None else None
    if (exc.context or "").startswith("found duplicate anchor") and started:
        return Problem(
            path, noticed, f"YAML-fel: {problem} (första gången på rad {started}).", "Ge det ena ett annat namn."
        )
    if context is None or started is None or started == noticed:
        return Problem(path, noticed or started, f"YAML-fel: {problem}.", _yaml_hint(exc))
    if context in _OPENED or noticed is None:
        where = (
            f"{context} börjar på rad {started}; felet märktes på rad {noticed}" if noticed else f"{context} börjar här"
        )
        return Problem(path, started, f"YAML-fel: {problem} ({where}).", _yaml_hint(exc))
    return Problem(path, noticed, f"YAML-fel: {problem} (i {context} som börjar på rad {started}).", _yaml_hint(exc))


def _yaml_hint(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or ""
    if problem.startswith("mapping values are not allowed"):
        return "Sätt värdet inom citattecken eller skriv det som ett textblock med '|'."
    if "expected ',' or" in problem:
        return "Stäng parentesen, eller skriv värdena som en lista med '- ' på egna rader."
    return "Kontrollera indrag, kolon och citattecken på raden och raderna före."


def refuse_unreadable(path: Path) -> None:
    """A source named *.yaml that is a folder, a pipe or a device is an error (reading a
    pipe would wait for ever)."""
    if path.is_dir():
        raise fail(path, None, "är en mapp, inte en källfil.", "Byt namn på mappen: bara källfiler får sluta på .yaml.")
    if path.exists() and not path.is_file():
        raise fail(
            path,
            None,
            "är ingen vanlig fil (t.ex. en namngiven pipe) och kan inte läsas som källa.",
            "Ta bort den eller byt namn på den.",
        )


def _refuse_misnamed(path: Path) -> None:
    """A source docgen would pass over because of its name: 'mal.yaml.txt' (Notepad adds .txt)
    or 'MAL.YAML' (only .yaml and .yml are read)."""
    name = path.name
    if name.startswith((".", "~$")):
        return
    if name.lower().endswith((".yaml.txt", ".yml.txt")):
        fixed = name[:-4]
    elif path.suffix.lower() in (".yaml", ".yml"):
        fixed = path.stem + path.suffix.lower()
    else:
        return
    raise fail(
        path,
        None,
        "filen läses inte: en källfils namn ska sluta på .yaml, med små bokstäver.",
        f"Byt namn på filen till '{fixed}' (i Anteckningar: spara med filtypen 'Alla filer').",
    )


def discover_source_files(folder: Path) -> list[Path]:
    """The YAML files of one document, in a stable order."""
    for path in folder.iterdir():
        if path.suffix in (".yaml", ".yml"):
            refuse_unreadable(path)
        else:
            _refuse_misnamed(path)
    files = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    if not files:
        raise fail(folder, None, "mappen innehåller inga .yaml-filer.", "Ange mappen med dokumentets källor.")
    return files


def load_document_sources(folder: Path, cache=None) -> SourceMap:
    """Load and merge all YAML files of one document folder into one mapping (`cache`: see
    load_yaml_file).

    A top-level key may stand in one file only, except the named collections in
    MERGEABLE_KEYS, whose entries are merged (a name used twice is an error).
    """
    note_folder(folder)
    merged = _empty_map(folder)
    merged.key_files = {}
    problems: list[Problem] = []
    empty: list[Path] = []
    for path in discover_source_files(folder):
        data = load_yaml_file(path, cache)
        if not data:
            empty.append(path)
        for key, value in data.items():
            line = data.line_of(key)
            if key not in merged:
                merged[key] = value
                merged.key_lines[key] = line
                merged.key_files[key] = str(path)
                continue
            if key in MERGEABLE_KEYS and isinstance(value, SourceMap) and isinstance(merged[key], SourceMap):
                for name, entry in value.items():
                    if name in merged[key]:
                        first = merged[key]
                        problems.append(
                            Problem(
                                path,
                                value.line_of(name),
                                f"'{key}.{name}' finns redan i {first.file}, rad {first.line_of(name)}.",
                                "Ge det ena ett annat namn.",
                            )
                        )
                        continue
                    merged[key][name] = entry
                    merged[key].key_lines[name] = value.line_of(name)
                    if not hasattr(merged[key], "key_files"):
                        merged[key].key_files = {}
                    merged[key].key_files[name] = str(path)
                continue
            first_file = getattr(merged[key], "file", "") or "en annan fil"
            problems.append(
                Problem(
                    path,
                    line,
                    f"'{key}' finns redan i {first_file}.",
                    "Varje avsnitt får bara stå i en fil; flytta innehållet dit.",
                )
            )
    document = "dokument"  # the schema's key (docgen.sources.schema.Sources), not imported here
    if empty and document not in merged:  # emptied by mistake (saved blank, or all of it commented out)
        problems.append(
            Problem(
                empty[0],
                1,
                "filen är tom (bara kommentarer eller ingenting), och 'dokument:' står inte i någon annan fil.",
                "Skriv tillbaka innehållet (t.ex. från en säkerhetskopia eller versionshanteringen); "
                "vad 'dokument:' ska innehålla står i docs/kallformat.md.",
            )
        )
    if problems:
        raise DocgenError(problems)
    from docgen.sources.workbook import expand_excel_tables  # tables whose rows are kept in a workbook

    expand_excel_tables(merged, folder)
    return merged


def locate(data, loc: tuple) -> tuple[str | None, int | None]:
    """File and line of the value at path `loc` (a path of keys and indexes) in loaded data.

    Walks as far as the path exists; a missing key is reported at its parent's line.
    """
    node = data
    file, line = getattr(data, "file", None), getattr(data, "line", None)
    for part in loc:
        if isinstance(node, SourceMap) and part in node:
            line = node.line_of(part)
            file = node.file_of(part) or file
            node = node[part]
        elif isinstance(node, SourceList) and isinstance(part, int) and 0 <= part < len(node):
            line = node.line_of(part)
            file = node.file_of(part) or file
            node = node[part]
        else:
            break
        if isinstance(node, (SourceMap, SourceList)) and node.file:
            file = node.file
            if not node.line:  # read from a workbook: the file names the cell, there is no line
                line = None
    return file, line


SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
