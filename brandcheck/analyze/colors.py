"""Colors in use: every color a customer sees, with the area it covers and the elements it is on.

Sources are the computed styles of visible elements: text color (elements with their own text),
background color, visible borders and outlines, SVG fill and stroke, and gradient stops.
Translucency is resolved the way the screen shows it: a color with alpha, or on an element with
`opacity` (its own and its ancestors'), is composited over the element's effective backdrop, the
stack of ancestor backgrounds down to the first opaque one. When a photo or gradient sits in that
stack the backdrop is unknown; the color is then judged by its declared value and marked as such,
never guessed.

Content images (photos) are not brand colors and are not sampled; logos are the logo analyzer's,
so colors painted inside a logo instance are left out here.

Every color is matched against the kit in CIELAB with CIEDE2000: on palette (within the kit color's
tolerance), deprecated, a "needs review" band just beyond tolerance, or off palette.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from ..color import RGBA, WHITE, delta_e, parse_color, to_lab, try_parse
from ..kit import Kit, KitColor
from ..model import Box, View
from .context import Context, MeasurementError, measurement
from .dom import Dom

SIDES = ("top", "right", "bottom", "left")
GRADIENT_RE = re.compile(r"(?:repeating-)?(?:linear|radial|conic)-gradient\(")
_STOP_COLOR_RE = re.compile(r"rgba?\([^)]*\)|hsla?\([^)]*\)|#[0-9a-fA-F]{3,8}\b")


@dataclass
class ColorSample:
    element: int
    prop: str  # text | background | border | outline | fill | stroke | gradient
    declared: RGBA  # the computed value, alpha included
    seen: RGBA  # composited over the backdrop, with opacity (opaque); = declared if backdrop unknown
    area: float
    box: Box | None
    translucent: bool  # alpha < 1 or opacity < 1 shaped the color the customer sees
    backdrop_known: bool = True


@dataclass
class ColorMatch:
    status: str  # palette | tint | deprecated | review | off
    nearest: KitColor | None  # nearest palette color
    delta_e: float  # to the nearest palette color
    tolerance: float
    deprecated: KitColor | None = None  # when status == deprecated
    deprecated_delta_e: float | None = None
    declared_nearest: KitColor | None = None  # for tints: the palette color that was made translucent


@dataclass
class ColorUse:
    hex: str
    samples: list[ColorSample] = field(default_factory=list)
    match: ColorMatch | None = None

    @property
    def area(self) -> float:
        return sum(s.area for s in self.samples)

    @property
    def elements(self) -> list[int]:
        seen: dict[int, float] = {}
        for s in self.samples:
            seen[s.element] = seen.get(s.element, 0.0) + s.area
        return [e for e, _ in sorted(seen.items(), key=lambda kv: -kv[1])]

    @property
    def props(self) -> list[str]:
        return sorted({s.prop for s in self.samples})


@dataclass
class ColorReport:
    uses: list[ColorUse]
    page_area: float
    backdrops: dict[int, RGBA | None]  # element id -> opaque effective background (None: unknown)
    opacities: dict[int, float]


# --------------------------------------------------------------------------- backdrops


def _float(v: str | None, default: float) -> float:
    try:
        return float(str(v).rstrip("px")) if v not in (None, "", "auto") else default
    except ValueError:
        return default


def effective_opacity(dom: Dom) -> list[float]:
    out: list[float] = []
    for e in dom.elements:
        own = max(0.0, min(1.0, _float(e.style.get("opacity"), 1.0)))
        parent = out[e.parent] if e.parent is not None and e.parent < len(out) else 1.0
        out.append(own * parent)
    return out


def _has_image(e_style: dict[str, str]) -> bool:
    bg = e_style.get("background-image", "none")
    return bool(bg) and bg != "none"


def backdrops(dom: Dom) -> list[RGBA | None]:
    """The opaque color behind each element's content, or None where an image/gradient makes it unknown.

    Computed top-down: an element's backdrop is its parent's surface (the parent's own background
    composited over the parent's backdrop)."""
    surfaces: list[RGBA | None] = []  # what an element paints, over its backdrop
    out: list[RGBA | None] = []
    for e in dom.elements:
        if e.parent is None or e.parent >= len(surfaces):
            back: RGBA | None = WHITE  # the canvas
        elif e.style.get("position") in ("fixed", "absolute", "sticky"):
            back = None  # lifted out of the flow: it may sit over anything (a navbar over a photo)
        else:
            back = surfaces[e.parent]
        out.append(back)
        bg = try_parse(e.style.get("background-color"))
        surface = back
        if bg is not None and not bg.transparent:
            if bg.opaque:
                surface = bg
            elif surface is not None:
                surface = bg.over(surface)
        if _has_image(e.style):
            surface = None  # a photo or gradient paints over it: what is behind the content is unknown
        surfaces.append(surface)
    return out


def gradient_stops(value: str) -> list[RGBA]:
    if not GRADIENT_RE.search(value or ""):
        return []
    out = []
    for m in _STOP_COLOR_RE.finditer(value):
        c = try_parse(m.group(0))
        if c is not None and not c.transparent:
            out.append(c)
    return out


# --------------------------------------------------------------------------- sampling


def _border_visible(style: dict[str, str], side: str) -> float:
    if style.get(f"border-{side}-style", "none") in ("none", "hidden"):
        return 0.0
    w = style.get(f"border-{side}-width", "0")
    if w in ("thin",):
        return 1.0
    if w == "medium":
        return 3.0
    if w == "thick":
        return 5.0
    return _float(w, 0.0)


def sample_colors(dom: Dom, excluded: set[int]) -> tuple[list[ColorSample], list[RGBA | None], list[float]]:
    view: View = dom.view
    backs = backdrops(dom)
    opac = effective_opacity(dom)
    samples: list[ColorSample] = []

    def add(eid: int, prop: str, declared: RGBA, area: float, box: Box | None, backdrop: RGBA | None) -> None:
        if declared.transparent:
            return
        alpha = declared.a * opac[eid]
        translucent = alpha < 0.999
        if not translucent:
            seen = RGBA(declared.r, declared.g, declared.b, 1.0)
            known = True
        elif backdrop is not None:
            seen = declared.with_alpha(alpha).over(backdrop)
            known = True
        else:
            seen = RGBA(declared.r, declared.g, declared.b, 1.0)
            known = False
        samples.append(ColorSample(eid, prop, declared, seen, area, box, translucent, known))

    for e in view.elements:
        if not e.visible or e.id in excluded:
            continue
        box = e.box
        if box is not None and box.area <= 0 and e.tag != "svg":
            continue
        st = e.style
        area = box.area if box else 0.0
        # text
        if e.own_text and e.tag not in ("svg", "style", "script"):
            c = try_parse(st.get("color"))
            if c is not None:
                add(e.id, "text", c, area * 0.3, box, _text_backdrop(e.id, backs, st))
        # background
        bg = try_parse(st.get("background-color"))
        if bg is not None and not bg.transparent:
            add(e.id, "background", bg, area, box, backs[e.id])
        for stop in gradient_stops(st.get("background-image", "")):
            add(e.id, "gradient", stop, area / 2, box, backs[e.id])
        # borders and outline
        for side in SIDES:
            w = _border_visible(st, side)
            if w <= 0:
                continue
            c = try_parse(st.get(f"border-{side}-color"))
            if c is not None:
                length = (box.w if side in ("top", "bottom") else box.h) if box else 0.0
                add(e.id, "border", c, length * w, box, backs[e.id])
        if st.get("outline-style", "none") not in ("none", "hidden") and _float(st.get("outline-width"), 0) > 0:
            c = try_parse(st.get("outline-color"))
            if c is not None:
                add(e.id, "outline", c, (2 * (box.w + box.h) if box else 0.0) * _float(st.get("outline-width"), 1),
                    box, backs[e.id])
        # SVG paint (icons; logos are excluded by the caller)
        if _in_svg(dom, e.id):
            for prop in ("fill", "stroke"):
                v = st.get(prop, "none")
                if v in ("none", "") or v.startswith("url("):
                    continue
                c = try_parse(v)
                if c is not None and e.tag not in ("svg", "g", "defs", "symbol"):
                    add(e.id, prop, c, area * (0.5 if prop == "fill" else 0.1), box, backs[e.id])
    return samples, backs, opac


def _text_backdrop(eid: int, backs: list[RGBA | None], st: dict[str, str]) -> RGBA | None:
    """Text sits on the element's own background when it has one, else on its backdrop."""
    own = try_parse(st.get("background-color"))
    back = backs[eid]
    if _has_image(st):
        return None
    if own is not None and not own.transparent:
        if own.opaque:
            return own
        return own.over(back) if back is not None else None
    return back


def _in_svg(dom: Dom, eid: int) -> bool:
    e = dom.el(eid)
    if e.tag == "svg":
        return True
    return any(dom.el(a).tag == "svg" for a in dom.ancestors(eid)[:12])


# --------------------------------------------------------------------------- matching


class KitMatcher:
    """Matches colors to the kit in CIELAB with CIEDE2000 (vectorised: one call per page)."""

    def __init__(self, kit: Kit, review_band: float = 2.0) -> None:
        self.palette = list(kit.palette)
        self.deprecated = list(kit.deprecated_colors)
        self.review_band = review_band
        self._pal_lab = to_lab([c.rgba for c in self.palette]) if self.palette else np.zeros((0, 3))
        self._dep_lab = to_lab([c.rgba for c in self.deprecated]) if self.deprecated else np.zeros((0, 3))

    def distances(self, colors: list[RGBA]) -> tuple[np.ndarray, np.ndarray]:
        labs = to_lab(colors) if colors else np.zeros((0, 3))
        pal = delta_e(labs[:, None, :], self._pal_lab[None, :, :]) if len(self.palette) else np.zeros((len(colors), 0))
        dep = delta_e(labs[:, None, :], self._dep_lab[None, :, :]) if len(self.deprecated) else np.zeros((len(colors), 0))
        return np.atleast_2d(pal), np.atleast_2d(dep)

    def match_many(self, colors: list[RGBA], declared: list[RGBA] | None = None) -> list[ColorMatch]:
        if not colors:
            return []
        pal, dep = self.distances(colors)
        decl_pal = self.distances(declared)[0] if declared is not None else None
        out = []
        for i in range(len(colors)):
            out.append(self._classify(pal[i] if pal.size else np.zeros(0), dep[i] if dep.size else np.zeros(0),
                                      decl_pal[i] if decl_pal is not None and decl_pal.size else None))
        return out

    def match(self, color: RGBA) -> ColorMatch:
        return self.match_many([color])[0]

    def _classify(self, pal_d: np.ndarray, dep_d: np.ndarray, decl_d: np.ndarray | None) -> ColorMatch:
        if len(self.palette) == 0:
            return ColorMatch("palette", None, 0.0, 0.0)
        j = int(np.argmin(pal_d))
        nearest, d = self.palette[j], float(pal_d[j])
        # within any palette color's own tolerance
        within = [k for k in range(len(self.palette)) if pal_d[k] <= self.palette[k].tolerance]
        if within:
            k = min(within, key=lambda k: pal_d[k])
            return ColorMatch("palette", self.palette[k], float(pal_d[k]), self.palette[k].tolerance)
        if len(self.deprecated):
            q = int(np.argmin(dep_d))
            dq = float(dep_d[q])
            if dq <= self.deprecated[q].tolerance:
                return ColorMatch("deprecated", nearest, d, nearest.tolerance, self.deprecated[q], dq)
        if decl_d is not None and len(decl_d):
            k = int(np.argmin(decl_d))
            if decl_d[k] <= self.palette[k].tolerance:
                return ColorMatch("tint", nearest, d, nearest.tolerance, declared_nearest=self.palette[k])
        if d <= nearest.tolerance + self.review_band:
            return ColorMatch("review", nearest, d, nearest.tolerance)
        return ColorMatch("off", nearest, d, nearest.tolerance)


def logo_elements(ctx: Context) -> set[int]:
    """Elements that belong to a logo instance (their colors are the logo analyzer's to judge)."""
    try:
        logos = ctx.get("logos")
    except MeasurementError:
        return set()
    dom: Dom = ctx.get("dom")
    out: set[int] = set()
    for inst in getattr(logos, "instances", []) or []:
        eid = getattr(inst, "element", None)
        if eid is not None and getattr(inst, "is_logo", True):
            out.update(dom.subtree(eid))
    return out


@measurement("colors")
def colors(ctx: Context) -> ColorReport:
    view = ctx.view
    if view is None:
        return ColorReport([], 0.0, {}, {})
    dom: Dom = ctx.get("dom")
    excluded = set(ctx.get("ignored")) | logo_elements(ctx)
    samples, backs, opac = sample_colors(dom, excluded)
    groups: dict[str, ColorUse] = {}
    for s in samples:
        key = s.seen.hex if s.backdrop_known or not s.translucent else f"{s.declared.hex}~"
        groups.setdefault(key, ColorUse(hex=s.seen.hex)).samples.append(s)
    uses = list(groups.values())
    matcher = KitMatcher(ctx.kit)
    seen_colors = [u.samples[0].seen for u in uses]
    declared = [RGBA(u.samples[0].declared.r, u.samples[0].declared.g, u.samples[0].declared.b, 1.0) for u in uses]
    for u, m in zip(uses, matcher.match_many(seen_colors, declared), strict=True):
        if m.status == "tint" and not any(s.translucent for s in u.samples):
            m.status = "review" if m.delta_e <= m.tolerance + matcher.review_band else "off"
        u.match = m
    page_area = float(view.viewport[0]) * float(view.page_height or view.viewport[1] or 1)
    return ColorReport(uses=sorted(uses, key=lambda u: -u.area), page_area=page_area,
                       backdrops=dict(enumerate(backs)), opacities=dict(enumerate(opac)))


def parse_css_color_value(value: str) -> RGBA | str | None:
    """For rules that report malformed values: RGBA, a context keyword, or None when malformed."""
    try:
        return parse_color(value)
    except ValueError:
        return None
