"""PyYAML, imported without the one pattern that makes importing it slow.

PyYAML's pure-Python reader compiles, when the package is imported, a pattern of the
characters YAML may not hold: `[^\\t\\n\\r\\x20-\\x7e\\x85\\xa0-\\ud7ff\\ue000-\\ufffd\\U00010000-\\U0010ffff]`.
re compiles a negated class of such wide ranges character by character: 58 M instructions,
more than the rest of PyYAML's import, on every build. docgen reads with libyaml's C reader,
which never uses the pattern. So the pattern is put in re's cache beforehand, written as the
characters themselves (the complement: the same set, which re compiles in a tenth of the
time); PyYAML's `re.compile` then finds it there. Where re keeps no such cache (another
Python), PyYAML compiles its own, as before. tests/test_yaml_import.py checks that both
patterns match the same characters.
"""

from __future__ import annotations

import re
import sys

PYYAML_NON_PRINTABLE = "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
SAME_CHARACTERS = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"


def _prime_pattern_cache() -> None:
    cache = getattr(re, "_cache", None)
    if "yaml" not in sys.modules and isinstance(cache, dict):
        cache[(str, PYYAML_NON_PRINTABLE, 0)] = re.compile(SAME_CHARACTERS)


_prime_pattern_cache()

import yaml  # noqa: E402 - after the cache holds the pattern

__all__ = ["yaml"]
