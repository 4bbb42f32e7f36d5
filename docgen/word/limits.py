"""Limits no template and no prose with {{ … }} can exceed while rendering.

Templates are data that editors share, so rendering one must end, and soon: the sandbox caps
ranges, string and list repetition, powers, string formatting widths and the size-taking
filters, and the output of every template part and macro; the render of one document runs
under a limit of CPU time (SIGPROF: a busy machine, or valgrind's fifty-fold slowdown, does not
stop a document the way a wall-clock limit did) and a memory ceiling (RLIMIT_AS, raised back afterwards),
in this process, which costs microseconds instead of the tens of milliseconds a subprocess
would. A macro that calls itself without end stops at Python's recursion limit.
"""

from __future__ import annotations

import contextlib
import os
import re
import resource
import signal
import threading
from numbers import Number

from jinja2.exceptions import SecurityError

LONGEST = 2_000_000  # characters (or items) an operator or filter may make in one go
LARGEST_OUTPUT = 20_000_000  # characters of one rendered template part (the seeds' are under 1 MB)
LARGEST_EXPONENT = 100
LARGEST_RANGE = 100_000
RENDER_SECONDS = 30.0  # CPU seconds of one document's render; the seeds render in under a second
RENDER_MEMORY_MB = 1024  # above what the process holds when the render begins


class RenderLimit(SecurityError):
    """A template or prose asked for more than any document needs (a Swedish message)."""


class RenderTimeout(BaseException):
    """The render of one document used more than RENDER_SECONDS of CPU time (raised by SIGPROF;
    a BaseException, so that no `except Exception` on the way can swallow it)."""


def _size(value) -> int | None:
    return len(value) if isinstance(value, (str, list, tuple)) else None


def _integer(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def call_binop(operator: str, left, right, operate):
    """`left operator right` unless it would make something no document needs."""
    if operator == "**" and isinstance(left, Number) and isinstance(right, Number):
        if abs(right) > LARGEST_EXPONENT and abs(left) > 1:
            raise RenderLimit(
                f"potensen {_short(left)}**{_short(right)} är för stor (högst exponent {LARGEST_EXPONENT})"
            )
    if operator == "*":
        for sequence, count in ((left, right), (right, left)):
            size = _size(sequence)
            if size is not None and _integer(count) and size * count > LONGEST:
                raise RenderLimit(
                    f"upprepningen gör {size * count:,} tecken eller poster (högst {LONGEST:,})".replace(",", "\u00a0")
                )
    if operator == "%" and isinstance(left, str):
        _check_format(left)
    result = operate(left, right)
    size = _size(result)
    if size is not None and size > LONGEST:
        raise RenderLimit(f"uttrycket gör {size:,} tecken eller poster (högst {LONGEST:,})".replace(",", "\u00a0"))
    return result


_WIDTH = re.compile(r"%[-#0 +]*(\*|\d+)(?:\.(\*|\d+))?")


def _check_format(pattern: str) -> None:
    for width, precision in _WIDTH.findall(pattern):
        for number in (width, precision):
            if number == "*" or (number and int(number) > 1000):
                raise RenderLimit("en formateringsbredd över 1000 tecken")


def _short(value) -> str:
    text = str(value)
    return text if len(text) < 20 else text[:17] + "…"


def bounded_concat(parts) -> str:
    """''.join(parts), stopping as soon as the output passes LARGEST_OUTPUT."""
    out, size = [], 0
    for part in parts:
        size += len(part)
        if size > LARGEST_OUTPUT:
            raise RenderLimit(f"mallen ger mer än {LARGEST_OUTPUT // 1_000_000} miljoner tecken text")
        out.append(part)
    return "".join(out)


def safe_range(*args):
    """range() of at most LARGEST_RANGE numbers."""
    numbers = range(*args)
    if len(numbers) > LARGEST_RANGE:
        raise RenderLimit(f"range() med {len(numbers):,} tal (högst {LARGEST_RANGE:,})".replace(",", "\u00a0"))
    return numbers


# Filters that take a size: (name, positions of the size arguments after the value, keyword names)
_SIZED_FILTERS = {
    "center": ((0,), ("width",)),
    "indent": ((0,), ("width",)),
    "wordwrap": ((0,), ("width",)),
    "truncate": ((0,), ("length",)),
    "batch": ((0,), ("linecount",)),
    "slice": ((0,), ("slices",)),
}


def limited_filters(filters: dict) -> dict:
    """The size-taking built-in filters with their sizes capped, and `format` checked."""
    limited = {}
    for name, (positions, keywords) in _SIZED_FILTERS.items():
        if name in filters:
            limited[name] = _capped(filters[name], name, positions, keywords)
    if "format" in filters:
        original = filters["format"]

        def format_(value, *args, **kwargs):
            _check_format(str(value))
            return original(value, *args, **kwargs)

        limited["format"] = format_
    return limited


def _capped(function, name, positions, keywords):
    def wrapper(value, *args, **kwargs):
        sizes = [args[p] for p in positions if p < len(args)] + [kwargs[k] for k in keywords if k in kwargs]
        for size in sizes:
            if _integer(size) and abs(size) > LONGEST:
                raise RenderLimit(
                    f"filtret {name} med storleken {_short(size)} (högst {LONGEST:,})".replace(",", "\u00a0")
                )
        return function(value, *args, **kwargs)

    for attribute in ("jinja_pass_arg",):  # keep jinja's pass_context/pass_environment marks
        if hasattr(function, attribute):
            setattr(wrapper, attribute, getattr(function, attribute))
    return wrapper


def lipsum(n=5, html=True, min=20, max=100):  # noqa: A002 - jinja's signature
    from jinja2.utils import generate_lorem_ipsum

    if not _integer(n) or n > 100 or (_integer(max) and max > 1000):
        raise RenderLimit("lipsum() med fler än 100 stycken")
    return generate_lorem_ipsum(n, html, min, max)


@contextlib.contextmanager
def render_limits(seconds: float | None = None, memory_mb: int | None = None):
    """CPU-time limit and memory ceiling for one render (main thread only: elsewhere
    signals cannot be used, and the caps above still hold)."""
    seconds = RENDER_SECONDS if seconds is None else seconds
    memory_mb = RENDER_MEMORY_MB if memory_mb is None else memory_mb
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(_signum, _frame):
        raise RenderTimeout()

    previous_handler = signal.signal(signal.SIGPROF, expired)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    current = _address_space()
    ceiling = current + memory_mb * 1024 * 1024
    limited = (
        bool(current)
        and (hard == resource.RLIM_INFINITY or ceiling < hard)
        and (soft == resource.RLIM_INFINITY or ceiling < soft)
    )
    if limited:
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous_handler)
        if limited:
            resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _address_space() -> int:
    """The process's virtual memory now, in bytes (what RLIMIT_AS counts)."""
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0
