"""The template's preparation, done once per template content instead of once per build.

Before rendering, docxtpl rewrites the template's XML (joining tags split across runs, and
more: about a tenth of a build) and jinja compiles the result to Python code (about a tenth
more). Both depend only on the template's XML and on docgen's own code:
- the rewritten XML is data (still rendered in the sandbox), so it is kept between builds
  under build/.cache/mallar, keyed by the SHA-256 of docgen's code and the XML; new entries
  are written only after the document is (a failed build leaves build/ as it was);
- the compiled code is kept by Jinja's own bytecode cache (jinja2.FileSystemBytecodeCache)
  in its per-user folder in the system's temporary folder, which Jinja creates readable and
  writable by the user alone and refuses to use when anyone else owns it or may write there:
  the same trust as Python's own __pycache__. Not under build/: whoever can write there (a
  restored CI cache, a shared project folder) could otherwise put code in front of docgen.
  An entry is found by docgen's code, the template's XML and the versions of Jinja and
  Python (Jinja's checks); where that folder cannot be used, the code is kept in memory only.
"""

from __future__ import annotations

import hashlib

from jinja2 import FileSystemBytecodeCache
from jinja2.bccache import Bucket

from docgen.freshness import engine_key
from docgen.word.charts import ChartCache

_COMPILED: dict[str, object] = {}  # compiled jinja code by key, for the rest of this process
_BYTECODE: list = []  # Jinja's bytecode cache, made on first use (None: no safe folder)


def _bytecode_cache() -> FileSystemBytecodeCache | None:
    if not _BYTECODE:
        try:
            _BYTECODE.append(FileSystemBytecodeCache())
        except (OSError, RuntimeError):  # no temporary folder only this user can write
            _BYTECODE.append(None)
    return _BYTECODE[0]


class CompiledTemplates(ChartCache):
    """Patched XML by content hash under a cache folder (kept like the charts: written only by
    save(), after the document); compiled jinja code in memory and in Jinja's bytecode cache."""

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

    def key_of_fields(self, source: str) -> str:
        """The key under which a template part's source is remembered as checked (its fields
        all known to the sources' record kinds: docgen.word.templatefields)."""
        return self._key("fields", source)

    def compiling(self, environment):
        """A stand-in for the environment's compile() that keeps what it compiles: in memory
        for the rest of this process, and in Jinja's bytecode cache for the next one."""
        compile_source = environment.compile

        def compile(source, name=None, filename=None, raw=False, defer_init=False):
            if raw or defer_init or not isinstance(source, str):
                return compile_source(source, name, filename, raw, defer_init)
            key = self._key(f"jinja {name} {filename}", source)
            if key not in _COMPILED:
                _COMPILED[key] = _cached_code(
                    environment, key, source, lambda: compile_source(source, name, filename, raw, defer_init)
                )
            return _COMPILED[key]

        return compile


def _cached_code(environment, key: str, source: str, compile_source):
    """The code for `source` from Jinja's bytecode cache, or compiled now and stored there."""
    cache = _bytecode_cache()
    if cache is None:
        return compile_source()
    bucket = Bucket(environment, cache.get_cache_key(key), cache.get_source_checksum(source))
    try:
        cache.load_bytecode(bucket)
    except Exception:  # a damaged entry (cut short, not Jinja's format): compile again
        bucket.reset()
    if bucket.code is None:
        bucket.code = compile_source()
        try:
            cache.dump_bytecode(bucket)
        except OSError:  # a full or read-only temporary folder: the next build compiles again
            pass
    return bucket.code
