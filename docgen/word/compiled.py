"""The template's preparation, done once per template content instead of once per build.

Before rendering, docxtpl rewrites the template's XML (joining tags split across runs, and
more: about a tenth of a build) and jinja compiles the result to Python code (about a quarter
of a build). Both depend only on the template's XML and on docgen's own code:
- the rewritten XML is data (still rendered in the sandbox), so it is kept between builds
  under build/.cache/mallar, keyed by the SHA-256 of docgen's code and the XML; new entries
  are written only after the document is (a failed build leaves build/ as it was);
- the compiled code is kept in memory only, for the rest of the process (`docgen serve`, a
  batch): loading stored Python code from build/ would let anyone who can write there, a
  restored CI cache for instance, run code outside the sandbox.
"""

from __future__ import annotations

import hashlib

from docgen.freshness import engine_key
from docgen.word.charts import ChartCache

_COMPILED: dict[str, object] = {}  # compiled jinja code by key, for this process only


class CompiledTemplates(ChartCache):
    """Patched XML by content hash under a cache folder (kept like the charts: written only by
    save(), after the document); compiled jinja code in memory."""

    SUFFIX = ""

    def _key(self, kind: str, source: str) -> str:
        digest = hashlib.sha256(f"{engine_key()}\0{kind}\0".encode())
        digest.update(source.encode("utf-8"))
        return digest.hexdigest()[:40]

    def patched(self, xml: str, patch) -> str:
        """patch(xml), from the cache when this XML was patched before."""
        key = self._key("patch", xml)
        found = self.get(key)
        if found is not None:
            try:
                return found.decode("utf-8")
            except UnicodeDecodeError:
                pass  # a damaged entry: patch again
        result = patch(xml)
        self.put(key, result.encode("utf-8"))
        return result

    def compiling(self, compile_source):
        """A stand-in for a jinja environment's compile() that keeps what it compiles, in
        memory, for the rest of this process."""

        def compile(source, name=None, filename=None, raw=False, defer_init=False):
            if raw or defer_init or not isinstance(source, str):
                return compile_source(source, name, filename, raw, defer_init)
            key = self._key(f"jinja {name} {filename}", source)
            if key not in _COMPILED:
                _COMPILED[key] = compile_source(source, name, filename, raw, defer_init)
            return _COMPILED[key]

        return compile
