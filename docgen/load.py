"""Stage 1, load: read a document's YAML sources, keeping the line of every value.

Every mapping becomes a `SourceMap` and every sequence a `SourceList`; both remember the file
and the line of each entry, so that later stages can name the exact line of a mistake.
Timestamps are not resolved by YAML (dates are validated by the schema, which gives a clear
message for a date that does not exist), floats become `Decimal` so that sums are exact, and
a key written twice is an error (plain PyYAML keeps the last one silently).
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import yaml

from .errors import DocgenError, Problem, fail

try:  # the C parser is about six times faster and still gives line numbers
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - pure-Python fallback
    _BaseLoader = yaml.SafeLoader

# Top-level keys that are named collections and may be spread over several files.
MERGEABLE_KEYS = {"text", "tabeller"}


class SourceMap(dict):
    """A YAML mapping that remembers where it and each of its keys stand."""

    file: str = ""
    line: int = 0
    key_lines: dict

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


class SourceList(list):
    """A YAML sequence that remembers where it and each of its items stand."""

    file: str = ""
    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        if isinstance(index, int) and 0 <= index < len(self.item_lines):
            return self.item_lines[index]
        return self.line


class _Loader(_BaseLoader):
    pass


# No implicit timestamps: "2025-12-31" stays a string and the schema parses it.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.copy().items()
}


def _construct_map(loader: _Loader, node):
    data = SourceMap()
    data.file = loader.source_file
    data.line = node.start_mark.line + 1
    data.key_lines = {}
    yield data
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int)):
            raise _YamlProblem(key_node, "en nyckel måste vara ett ord eller ett tal.")
        if key in data:
            raise _YamlProblem(
                key_node,
                f"nyckeln '{key}' står två gånger i samma avsnitt (första gången på rad "
                f"{data.key_lines[key]}).",
                "Ta bort eller slå ihop den ena.",
            )
        data.key_lines[key] = key_node.start_mark.line + 1
        data[key] = loader.construct_object(value_node, deep=True)


def _construct_seq(loader: _Loader, node):
    data = SourceList()
    data.file = loader.source_file
    data.line = node.start_mark.line + 1
    data.item_lines = [child.start_mark.line + 1 for child in node.value]
    yield data
    data.extend(loader.construct_object(child, deep=True) for child in node.value)


def _construct_float(loader: _Loader, node):
    text = loader.construct_scalar(node).replace("_", "")
    try:
        return Decimal(text)
    except Exception:  # .inf, .nan: not amounts an editor means
        raise _YamlProblem(node, f"'{text}' är inget tal som docgen kan räkna med.")


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)
_Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)


class _YamlProblem(Exception):
    def __init__(self, node, message: str, hint: str = ""):
        self.line = node.start_mark.line + 1
        self.message = message
        self.hint = hint


def load_yaml_file(path: Path) -> SourceMap:
    """Parse one YAML file; its top level must be a mapping."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise fail(path, line, "filen är inte sparad som UTF-8.", "Spara om den som UTF-8 i din editor.")
    loader = _Loader(text)
    loader.source_file = str(path)
    try:
        data = loader.get_single_data()
    except _YamlProblem as exc:
        raise fail(path, exc.line, exc.message, exc.hint)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise fail(path, mark.line + 1 if mark else None, _yaml_message(exc), _yaml_hint(exc))
    except yaml.YAMLError as exc:
        raise fail(path, None, f"filen går inte att läsa som YAML ({exc}).")
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


_YAML_PROBLEMS = {
    "mapping values are not allowed": "ett kolon följt av mellanslag står mitt i ett värde",
    "could not find expected ':'": "ett kolon saknas efter en nyckel",
    "found character '\\t' that cannot start any token": "raden börjar med en tabb",
    "did not find expected key": "indraget stämmer inte med raderna runt omkring",
    "did not find expected '-' indicator": "indraget i en lista stämmer inte",
    "found undefined alias": "en hänvisning (*namn) pekar på något som inte finns",
    "found unexpected end of stream": "ett citattecken eller en parentes stängs aldrig",
    "found unknown escape character": "ett omvänt snedstreck (\\) i ett värde inom dubbla citattecken",
}


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or ""
    for english, swedish in _YAML_PROBLEMS.items():
        if problem.startswith(english):
            return f"YAML-fel: {swedish}."
    return f"YAML-fel: filen går inte att läsa ({problem})."


def _yaml_hint(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or ""
    if problem.startswith("mapping values are not allowed"):
        return "Sätt värdet inom citattecken eller skriv det som ett textblock med '|'."
    if "\\t" in problem:
        return "Använd mellanslag för indrag, inte tabb."
    return "Kontrollera indrag, kolon och citattecken på raden och raden före."


def discover_source_files(folder: Path) -> list[Path]:
    """The YAML files of one document, in a stable order."""
    files = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    if not files:
        raise fail(folder, None, "mappen innehåller inga .yaml-filer.", "Ange mappen med dokumentets källor.")
    return files


def load_document_sources(folder: Path) -> SourceMap:
    """Load and merge all YAML files of one document folder into one mapping.

    A top-level key may stand in one file only, except the named collections in
    MERGEABLE_KEYS, whose entries are merged (a name used twice is an error).
    """
    merged = _empty_map(folder)
    problems: list[Problem] = []
    for path in discover_source_files(folder):
        data = load_yaml_file(path)
        for key, value in data.items():
            line = data.line_of(key)
            if key not in merged:
                merged[key] = value
                merged.key_lines[key] = line
                continue
            if key in MERGEABLE_KEYS and isinstance(value, SourceMap) and isinstance(merged[key], SourceMap):
                for name, entry in value.items():
                    if name in merged[key]:
                        first = merged[key]
                        problems.append(Problem(
                            path, value.line_of(name),
                            f"'{key}.{name}' finns redan i {first.file}, rad {first.line_of(name)}.",
                            "Ge det ena ett annat namn.",
                        ))
                        continue
                    merged[key][name] = entry
                    merged[key].key_lines[name] = value.line_of(name)
                continue
            first_file = getattr(merged[key], "file", "") or "en annan fil"
            problems.append(Problem(
                path, line,
                f"'{key}' finns redan i {first_file}.",
                "Varje avsnitt får bara stå i en fil; flytta innehållet dit.",
            ))
    if problems:
        raise DocgenError(problems)
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
            file = node.file or file
            node = node[part]
        elif isinstance(node, SourceList) and isinstance(part, int) and 0 <= part < len(node):
            line = node.line_of(part)
            file = node.file or file
            node = node[part]
        else:
            break
        if isinstance(node, (SourceMap, SourceList)) and node.file:
            file = node.file
    return file, line


SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
