"""The compiled template code is kept between processes in Jinja's own bytecode cache (its
per-user folder in the temporary folder), and only there: a later build uses it and gives the
same bytes; a damaged entry or a folder Jinja does not trust changes nothing but the time."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from docgen.pipeline import ROOT

AGENDA = ROOT / "sources" / "region-ostergotland" / "hsn-foredragningslista"

# docgen in a fresh process, telling how many template parts jinja compiled from their text
COUNTING = """
import sys, jinja2
compiled = []
original = jinja2.Environment.compile
def counting(self, source, *args, **kwargs):
    compiled.append(1)
    return original(self, source, *args, **kwargs)
jinja2.Environment.compile = counting
from docgen import cli
code = cli.main(sys.argv[1:])
print("kompilerade", len(compiled))
sys.exit(code)
"""


def build(tmp_path: Path, temporary: Path) -> tuple[int, bytes]:
    """Build the agenda with `temporary` as the temporary folder: (parts compiled, .docx bytes)."""
    out = tmp_path / "build"
    env = {**os.environ, "TMPDIR": str(temporary)}
    done = subprocess.run(
        [sys.executable, "-c", COUNTING, "--ut", str(out), "build", "--tvinga", str(AGENDA)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    count = int(done.stdout.split("kompilerade")[-1])
    (docx,) = out.rglob("*.docx")
    return count, docx.read_bytes()


def entries(temporary: Path) -> list[Path]:
    return sorted((temporary / f"_jinja2-cache-{os.getuid()}").glob("__jinja2_*.cache"))


def test_a_later_build_uses_the_compiled_code_and_gives_the_same_bytes(tmp_path):
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    first_count, first = build(tmp_path, temporary)
    stored = entries(temporary)
    assert first_count > 0 and len(stored) == first_count
    assert (temporary / f"_jinja2-cache-{os.getuid()}").stat().st_mode & 0o777 == 0o700
    second_count, second = build(tmp_path, temporary)
    assert second_count == 0  # nothing compiled again
    assert second == first


def test_a_damaged_entry_is_compiled_again(tmp_path):
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    _, first = build(tmp_path, temporary)
    for entry in entries(temporary):
        entry.write_bytes(entry.read_bytes()[:40])  # cut off inside the stored code
    count, again = build(tmp_path, temporary)
    assert count > 0 and again == first


def test_a_cache_folder_jinja_does_not_trust_is_not_used(tmp_path):
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (temporary / f"_jinja2-cache-{os.getuid()}").symlink_to(elsewhere)  # another's folder in disguise
    _, first = build(tmp_path, temporary)
    count, again = build(tmp_path, temporary)
    assert count > 0 and again == first  # compiled in each process, in memory only
    assert list(elsewhere.iterdir()) == []
