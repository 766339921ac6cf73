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

from lxml import etree

CSP = ("default-src 'none'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; font-src 'self'; "
       "script-src 'self'; base-uri 'none'; form-action 'none'")

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")
_FAMILY = re.compile(r"^[\w .\-]{1,80}$")
_SLUG = re.compile(r"[^a-z0-9]+")
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
_SVG_DROP = {"script", "foreignObject", "iframe", "embed", "object", "audio", "video", "animate", "set",
             "animateMotion", "animateTransform", "handler", "listener"}


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


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


_SAFE_HREF_PREFIXES = ("#", "data:image/png", "data:image/jpeg", "data:image/gif")


def _unsafe_attribute(local: str, value: str) -> bool:
    """An SVG attribute that can run code (on*) or fetch something (href, style with url())."""
    if local.startswith("on"):
        return True
    if local == "href":
        return not value.startswith(_SAFE_HREF_PREFIXES)
    return local == "style" and any(k in value for k in ("url(", "expression", "@import"))


def sanitize_svg(data: bytes) -> bytes | None:
    """An SVG with nothing that can run or fetch: no scripts, handlers, foreign content or outside links.

    Returns None when the bytes are not a well-formed SVG document. The report only ever shows an
    SVG through `<img>` (where browsers run no script), but a reader can open the file directly.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True, remove_pis=True,
                             huge_tree=False, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError):
        return None
    if _local(root.tag) != "svg":
        return None
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue
        if _local(el.tag) in _SVG_DROP:
            parent = el.getparent()
            if parent is not None:
                parent.remove(el)
            continue
        for name in list(el.attrib):
            local = _local(name).lower()
            if _unsafe_attribute(local, el.attrib[name].strip().lower()):
                del el.attrib[name]
        if _local(el.tag) == "style" and el.text and ("url(" in el.text.lower() or "@import" in el.text.lower()):
            el.text = ""
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")
