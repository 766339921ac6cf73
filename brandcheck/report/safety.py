"""Making scanned content harmless in the HTML report.

Everything a scanned page controls (titles, text, URLs, selectors, attribute values, colors, font
names, SVG) reaches the report. Jinja2's autoescape covers text and attribute values; this module
covers the places where escaping is not enough: URLs that become links (only http and https do),
values that go into CSS (only a strict hex color or a plain font name do) and SVG files (scripts,
event handlers, foreign objects and external references are removed before the file is copied).
The report's Content-Security-Policy is the second wall: even if something slipped through, it
blocks inline scripts and every request that leaves the report folder.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

CSP = ("default-src 'none'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; font-src 'self'; "
       "script-src 'self'; base-uri 'none'; form-action 'none'")

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")
_FAMILY = re.compile(r"^[\w .\-]{1,80}$")
_SLUG = re.compile(r"[^a-z0-9]+")


def safe_href(url: object) -> str | None:
    """The URL if a report may link to it (absolute http or https with a host), else None.

    `javascript:`, `data:`, `file:` and relative URLs from a scanned page are shown as text only.
    """
    if not isinstance(url, str):
        return None
    url = url.strip()
    if any(ord(c) < 32 for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def css_color(value: object) -> str | None:
    """A hex color that may go into a style attribute, or None for anything else."""
    if isinstance(value, str) and _HEX.match(value.strip()):
        return value.strip()
    return None


def css_font_family(value: object) -> str | None:
    """A font family name that may go into a style attribute (letters, digits, spaces, `.-_`)."""
    if not isinstance(value, str):
        return None
    name = value.strip().strip("'\"").strip()
    if _FAMILY.match(name):
        return name
    return None


def slug(text: str, limit: int = 48) -> str:
    """A file-name-safe, lower-case version of a touchpoint id (for page and image names)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return _SLUG.sub("-", ascii_text).strip("-")[:limit].strip("-") or "touchpoint"


def sanitize_svg(data: bytes) -> bytes | None:
    """An SVG with nothing that can run or fetch (the analyzers' sanitiser: no scripts, handlers,
    animations, foreign content or outside links), or None when the bytes are not an SVG document.

    The report only ever shows an SVG through `<img>` (where browsers run no script), but a reader
    can open the file directly.
    """
    from ..analyze.rasterise import ImageLoadError
    from ..analyze.rasterise import sanitize_svg as sanitize

    try:
        return sanitize(data).encode("utf-8")
    except ImageLoadError:
        return None
