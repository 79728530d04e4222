"""Text that XML 1.0 can hold: the workbook, the SVG charts and plan.html all are XML or
close to it, and none can hold the C0 control characters but tab and line breaks. The CSV
and JSON copies keep such characters as the source has them (the plan's pages have a few
U+0002 left from a PDF); the documents show U+FFFD in their place."""

from __future__ import annotations

import re
from html import escape

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def safe(text: str) -> str:
    """The text with each character XML cannot hold replaced by U+FFFD."""
    return CONTROL.sub("\ufffd", text)


def escaped(text: str, quote: bool = True) -> str:
    """The text escaped for XML or HTML, and safe."""
    return escape(safe(text), quote=quote)
