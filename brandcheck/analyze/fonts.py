"""Fonts in use: for every text run, the declared font stack and the font actually rendered.

A text run is a visible element with text of its own. Its declared stack comes from the computed
`font-family` (parsed with tinycss2, so quotes and CSS escapes are handled); the rendered font
comes from the browser capture (CDP `CSS.getPlatformFontsForNode`), or is unknown in a static
capture. Whether a rendered font "is" a kit family is decided from the `@font-face` that loaded
it when the capture could map it back (a web font's file often carries another internal name:
"Montserrat Thin", "Merriweather Light 18pt"), else from the platform name by the longest kit
family that prefixes it word by word ("Merriweather Sans Light" is Merriweather Sans, not
Merriweather).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlparse

import tinycss2

from ..kit import Kit, normalize_family
from ..model import Box, Capture, FailedRequest, FontFace, RenderedFont
from .context import Context, measurement
from .dom import Dom

GENERIC = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui", "emoji", "math", "fangsong",
           "ui-serif", "ui-sans-serif", "ui-monospace", "ui-rounded", "-webkit-body", "inherit", "initial"}
ICON_FONT = re.compile(r"icon|awesome|glyph|material symbols|material icons|fontello|icomoon|octicons|dashicons|"
                       r"bootstrap-icons|ionicons|feather", re.I)
CODE_TAGS = {"code", "pre", "kbd", "samp", "tt", "var"}


def parse_stack(value: str | None) -> list[str]:
    """CSS font-family -> family names in order, unquoted and unescaped."""
    if not value:
        return []
    out: list[str] = []
    cur: list[str] = []
    for tok in tinycss2.parse_component_value_list(value):
        if tok.type == "literal" and tok.value == ",":
            if cur:
                out.append(" ".join(cur))
            cur = []
        elif tok.type == "string" or tok.type == "ident":
            cur.append(tok.value)
        elif tok.type == "whitespace" or tok.type == "comment":
            continue
        else:
            cur.append(tinycss2.serialize([tok]))
    if cur:
        out.append(" ".join(cur))
    return [" ".join(f.split()) for f in out if f.strip()]


@dataclass
class FontRun:
    element: int
    selector: str
    box: Box | None
    role: str
    text: str
    stack: list[str]
    weight: int
    size: float
    style: str
    rendered: list[RenderedFont] | None  # None: unknown (static capture)
    icon: bool
    code: bool

    @property
    def first(self) -> str | None:
        return self.stack[0] if self.stack else None

    @property
    def main_rendered(self) -> RenderedFont | None:
        if not self.rendered:
            return None
        return max(self.rendered, key=lambda f: f.glyphs)


@dataclass
class FontReport:
    runs: list[FontRun]
    faces: list[FontFace]
    failed_font_requests: list[FailedRequest]
    rendered_known: bool


def kit_family_of(name: str | None, kit: Kit) -> str | None:
    """The kit family a font name belongs to: exact (case-insensitive) or the longest word prefix."""
    if not name:
        return None
    key = normalize_family(name)
    best = None
    for f in kit.families:
        fk = normalize_family(f.family)
        if key == fk:
            return f.family
        if key.startswith(fk + " ") and (best is None or len(fk) > len(normalize_family(best))):
            best = f.family
    return best


def rendered_family(font: RenderedFont, kit: Kit) -> str | None:
    """The kit family a rendered font is, via its @font-face when known, else by name."""
    if font.face_family:
        return kit_family_of(font.face_family, kit)
    return kit_family_of(font.family, kit)


def is_icon_run(stack: list[str], text: str, classes: str) -> bool:
    if stack and ICON_FONT.search(stack[0]):
        return True
    if re.search(r"(^|\s)(fa[srlbd]?|fa-[\w-]+|bi|bi-[\w-]+|glyphicon[\w-]*|material-icons|icon-[\w-]+)(\s|$)",
                 classes):
        return True
    chars = [c for c in text if not c.isspace()]
    return bool(chars) and all(0xE000 <= ord(c) <= 0xF8FF or ord(c) >= 0xF0000 for c in chars)


def failed_font_requests(cap: Capture) -> list[FailedRequest]:
    out = []
    for r in cap.failed_requests:
        rt = (r.resource_type or "").lower()
        path = urlparse(r.url).path.lower()
        if rt == "font" or path.endswith((".woff2", ".woff", ".ttf", ".otf", ".eot")) or (rt == "stylesheet" and "font" in path):
            out.append(r)
    return out


def faces_for(family: str, cap: Capture) -> list[FontFace]:
    key = normalize_family(family)
    return [f for f in cap.fonts if normalize_family(f.family) == key]


def failed_requests_for(family: str, cap: Capture) -> list[FailedRequest]:
    """Failed requests that explain why `family` did not load: its faces' files, or font stylesheets."""
    srcs = {unquote(s) for f in faces_for(family, cap) for s in f.src}
    failed = failed_font_requests(cap)
    mine = [r for r in failed if unquote(r.url) in srcs]
    if mine:
        return mine
    slug = normalize_family(family).replace(" ", "")
    return [r for r in failed if slug in unquote(r.url).lower().replace("-", "").replace("_", "").replace("%20", "")]


@measurement("fonts")
def fonts(ctx: Context) -> FontReport:
    cap = ctx.capture
    view = ctx.view
    if view is None:
        return FontReport([], cap.fonts, failed_font_requests(cap), False)
    dom: Dom = ctx.get("dom")
    ignored = ctx.get("ignored")
    roles = dom.roles
    rendered_map = view.rendered_fonts
    runs: list[FontRun] = []
    for e in view.elements:
        text = e.own_text
        if not e.visible or not text.strip() or e.id in ignored or e.tag in ("script", "style", "title"):
            continue
        if e.box is not None and e.box.area <= 0:
            continue
        anc = dom.ancestors(e.id)
        if any(dom.el(a).tag == "svg" for a in anc[:10]) or e.tag == "svg":
            continue
        stack = parse_stack(e.style.get("font-family"))
        try:
            weight = int(float(e.style.get("font-weight", "400")))
        except ValueError:
            weight = 400
        try:
            size = float(e.style.get("font-size", "16px").rstrip("px"))
        except ValueError:
            size = 16.0
        code = e.tag in CODE_TAGS or any(dom.el(a).tag in CODE_TAGS for a in anc[:8])
        runs.append(FontRun(
            element=e.id, selector=e.selector, box=e.box, role=roles[e.id], text=" ".join(text.split())[:200],
            stack=stack, weight=weight, size=size, style=e.style.get("font-style", "normal"),
            rendered=rendered_map.get(e.id) if rendered_map is not None else None,
            icon=is_icon_run(stack, text, e.attrs.get("class", "")), code=code,
        ))
    return FontReport(runs=runs, faces=cap.fonts, failed_font_requests=failed_font_requests(cap),
                      rendered_known=rendered_map is not None)
