"""The .docx file itself: its zip written the same way every time, and written to disk so that
build/ never holds half a file. Apart from word.write (and its imports of python-docx and the
finishing stages) so that `docgen pdf`, which rewrites built files, does not import those."""

from __future__ import annotations

import errno
import glob
import io
import os
import time
import zipfile
from pathlib import Path

from docgen.errors import DocgenError, Problem

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
# pictures whose format is compressed already: deflating them again costs a build more time
# than any other part (a chart's PNG) and saves some 5 %
COMPRESSED_ALREADY = (".png", ".jpeg", ".jpg", ".gif")


def docx_bytes(parts: dict[str, bytes]) -> bytes:
    """A zip with fixed timestamps and [Content_Types].xml first, as Word writes it."""
    names = sorted(parts, key=lambda n: (n != "[Content_Types].xml", n))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            info = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
            info.compress_type = (
                zipfile.ZIP_STORED if name.lower().endswith(COMPRESSED_ALREADY) else zipfile.ZIP_DEFLATED
            )
            info.external_attr = 0o644 << 16
            archive.writestr(info, parts[name])
    return buffer.getvalue()


def write_atomically(path: Path, data: bytes, inside: Path | None = None) -> None:
    """Write to a temporary file beside `path`, then rename: never a half-written file.

    `inside`: the folder the file must stay in, symlinks resolved (build/): a path that leads
    out of it is refused. The temporary file's name carries this process's pid, so that the
    next write of the same file removes what a killed run left. A file system that refuses
    (read-only, full, a file where a folder should be) is a Swedish message, not a traceback."""
    if inside is not None:
        ensure_inside(path, inside)
    temporary = path.parent / f".{path.name}.{os.getpid()}.tmp"
    created = not path.parent.exists()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if inside is not None:
            ensure_inside(path, inside)
        _remove_stale_temporaries(path)
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(temporary, 0o644)
            os.replace(temporary, path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    except OSError as exc:
        if created:  # leave build/ as it was
            try:
                path.parent.rmdir()
            except OSError:
                pass
        raise DocgenError(_write_problem(path, exc)) from None


def ensure_inside(path: Path, root: Path) -> None:
    """Refuse a path that leads out of `root` once symlinks are resolved."""
    real_root = root.resolve()
    real = path.resolve()
    if real != real_root and real_root not in real.parents:
        raise DocgenError(
            Problem(
                path,
                None,
                f"sökvägen leder ut ur {root} (till {real}), via en symbolisk länk "
                f"eller '..'; docgen skriver bara i {root}.",
                "Ta bort länken, eller ange en annan mapp för byggda dokument med --ut.",
            )
        )


def _remove_stale_temporaries(path: Path) -> None:
    """Temporary files of `path` left by runs that were killed (their pid no longer runs)."""
    for stale in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        middle = stale.name[len(path.name) + 2 : -4]
        if middle.isdigit() and not _alive(int(middle)):
            stale.unlink(missing_ok=True)
        elif not middle.isdigit() and time.time() - stale.stat().st_mtime > 3600:  # an older docgen's name
            stale.unlink(missing_ok=True)


def _write_problem(path: Path, exc: OSError) -> Problem:
    reason = exc.strerror or str(exc)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return Problem(
            path,
            None,
            f"docgen får inte skriva här ({reason}).",
            "Mappen är skrivskyddad eller låst: ge skrivrätt, eller ange en annan mapp med --ut.",
        )
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return Problem(
            path,
            None,
            f"filen kunde inte skrivas: disken är full eller filen för stor ({reason}).",
            "Frigör utrymme på disken och bygg igen.",
        )
    if exc.errno == errno.EISDIR:
        return Problem(
            path,
            None,
            "det finns en mapp med dokumentets namn, så dokumentet kan inte skrivas dit.",
            "Ta bort eller byt namn på mappen.",
        )
    if exc.errno in (errno.ENOTDIR, errno.EEXIST):
        return Problem(
            path,
            None,
            f"en del av sökvägen är en fil, inte en mapp ({exc.filename}).",
            "Ta bort eller byt namn på filen, eller ange en annan mapp med --ut.",
        )
    return Problem(path, None, f"filen kunde inte skrivas ({reason}).", "Kontrollera mappen och bygg igen.")


def _alive(pid: int) -> bool:
    """Whether process `pid` runs (docgen.processes, imported only when a leftover file is found:
    it brings subprocess and ctypes, which a build does not otherwise need)."""
    from docgen.processes import alive

    return alive(pid)
