"""Text escaped for XML, as xml.sax.saxutils does it (same output), without importing
xml.sax.saxutils: that module imports urllib.request, http.client and email, a seventh of
docgen's import time, for functions of three lines."""

from __future__ import annotations

from html import escape as _html_escape


def escape(data: str) -> str:
    """&, < and > escaped (xml.sax.saxutils.escape)."""
    return _html_escape(data, quote=False)


def quoteattr(data: str) -> str:
    """An attribute value escaped and quoted (xml.sax.saxutils.quoteattr)."""
    data = escape(data).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in data:
        return f'"{data}"'
    if "'" not in data:
        return f"'{data}'"
    return '"%s"' % data.replace('"', "&quot;")
