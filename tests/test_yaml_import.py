"""PyYAML's pattern of printable characters, primed in re's cache (docgen.sources.yamlimport)."""

import re
import subprocess
import sys

from docgen.sources.yamlimport import PYYAML_NON_PRINTABLE, SAME_CHARACTERS

EVERY_CHARACTER = "".join(map(chr, range(0x110000)))


def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def test_primed_pattern_matches_the_same_characters_as_pyyamls():
    theirs = re.compile(PYYAML_NON_PRINTABLE, re.UNICODE)  # other flags: compiled, not taken from the cache
    ours = re.compile(SAME_CHARACTERS)
    assert theirs.findall(EVERY_CHARACTER) == ours.findall(EVERY_CHARACTER)
    assert len(ours.findall(EVERY_CHARACTER)) == 2048 + 2 + 29 + 32  # surrogates, U+FFFE/F, C0 and C1 controls


def test_pyyaml_still_compiles_the_pattern_primed():
    """If PyYAML changes its pattern, the primed entry no longer saves anything: this says so."""
    assert _run("import yaml.reader; print(ascii(yaml.reader.Reader.NON_PRINTABLE.pattern))") == ascii(
        PYYAML_NON_PRINTABLE
    )


def test_docgen_imports_pyyaml_with_the_primed_pattern():
    assert _run(
        "import docgen.sources.load, yaml.reader; print(ascii(yaml.reader.Reader.NON_PRINTABLE.pattern))"
    ) == ascii(SAME_CHARACTERS)


def test_not_in_xml_is_the_complement_of_xmls_characters():
    from docgen.sources.load import NOT_IN_XML

    allowed = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]", re.UNICODE)
    assert NOT_IN_XML.findall(EVERY_CHARACTER) == allowed.findall(EVERY_CHARACTER)
