"""Colors as a browser means them: CSS parsing, compositing, CIEDE2000 and WCAG contrast.

Every measurement of a color goes through here so that a kit hex, a computed `rgba()` from
Chromium and a `hsl()` in a static stylesheet compare on the same footing. Parsing accepts CSS
Color 4 syntax (named colors, #rgb[a], #rrggbb[aa], rgb()/rgba()/hsl()/hsla() with commas or
spaces and a slash alpha, hwb(), color(srgb ...)); keywords that depend on context
(`currentColor`, `inherit`, ...) are returned as such for the caller to resolve.
"""

from __future__ import annotations

import colorsys
import math
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np


@dataclass(frozen=True)
class RGBA:
    """sRGB color with channels 0-255 (floats, so compositing does not round twice) and alpha 0-1."""

    r: float
    g: float
    b: float
    a: float = 1.0

    @property
    def hex(self) -> str:
        return "#{:02X}{:02X}{:02X}".format(*(_clamp8(c) for c in (self.r, self.g, self.b)))

    @property
    def opaque(self) -> bool:
        return self.a >= 0.999

    @property
    def transparent(self) -> bool:
        return self.a <= 0.001

    def with_alpha(self, a: float) -> RGBA:
        return RGBA(self.r, self.g, self.b, max(0.0, min(1.0, a)))

    def over(self, backdrop: RGBA) -> RGBA:
        """Source-over compositing of self on `backdrop` (which should be opaque)."""
        a = self.a + backdrop.a * (1 - self.a)
        if a <= 0:
            return RGBA(0, 0, 0, 0)
        r = (self.r * self.a + backdrop.r * backdrop.a * (1 - self.a)) / a
        g = (self.g * self.a + backdrop.g * backdrop.a * (1 - self.a)) / a
        b = (self.b * self.a + backdrop.b * backdrop.a * (1 - self.a)) / a
        return RGBA(r, g, b, a)

    def css(self) -> str:
        if self.opaque:
            return self.hex
        return f"rgba({_clamp8(self.r)}, {_clamp8(self.g)}, {_clamp8(self.b)}, {round(self.a, 3)})"


WHITE = RGBA(255, 255, 255, 1.0)
BLACK = RGBA(0, 0, 0, 1.0)
TRANSPARENT = RGBA(0, 0, 0, 0.0)

CONTEXT_KEYWORDS = frozenset({"currentcolor", "inherit", "initial", "unset", "revert", "revert-layer"})


def _clamp8(c: float) -> int:
    return max(0, min(255, round(c)))


# CSS named colors (CSS Color 4).
NAMED: dict[str, str] = {
    "aliceblue": "f0f8ff", "antiquewhite": "faebd7", "aqua": "00ffff", "aquamarine": "7fffd4",
    "azure": "f0ffff", "beige": "f5f5dc", "bisque": "ffe4c4", "black": "000000",
    "blanchedalmond": "ffebcd", "blue": "0000ff", "blueviolet": "8a2be2", "brown": "a52a2a",
    "burlywood": "deb887", "cadetblue": "5f9ea0", "chartreuse": "7fff00", "chocolate": "d2691e",
    "coral": "ff7f50", "cornflowerblue": "6495ed", "cornsilk": "fff8dc", "crimson": "dc143c",
    "cyan": "00ffff", "darkblue": "00008b", "darkcyan": "008b8b", "darkgoldenrod": "b8860b",
    "darkgray": "a9a9a9", "darkgreen": "006400", "darkgrey": "a9a9a9", "darkkhaki": "bdb76b",
    "darkmagenta": "8b008b", "darkolivegreen": "556b2f", "darkorange": "ff8c00", "darkorchid": "9932cc",
    "darkred": "8b0000", "darksalmon": "e9967a", "darkseagreen": "8fbc8f", "darkslateblue": "483d8b",
    "darkslategray": "2f4f4f", "darkslategrey": "2f4f4f", "darkturquoise": "00ced1",
    "darkviolet": "9400d3", "deeppink": "ff1493", "deepskyblue": "00bfff", "dimgray": "696969",
    "dimgrey": "696969", "dodgerblue": "1e90ff", "firebrick": "b22222", "floralwhite": "fffaf0",
    "forestgreen": "228b22", "fuchsia": "ff00ff", "gainsboro": "dcdcdc", "ghostwhite": "f8f8ff",
    "gold": "ffd700", "goldenrod": "daa520", "gray": "808080", "green": "008000",
    "greenyellow": "adff2f", "grey": "808080", "honeydew": "f0fff0", "hotpink": "ff69b4",
    "indianred": "cd5c5c", "indigo": "4b0082", "ivory": "fffff0", "khaki": "f0e68c",
    "lavender": "e6e6fa", "lavenderblush": "fff0f5", "lawngreen": "7cfc00", "lemonchiffon": "fffacd",
    "lightblue": "add8e6", "lightcoral": "f08080", "lightcyan": "e0ffff",
    "lightgoldenrodyellow": "fafad2", "lightgray": "d3d3d3", "lightgreen": "90ee90",
    "lightgrey": "d3d3d3", "lightpink": "ffb6c1", "lightsalmon": "ffa07a", "lightseagreen": "20b2aa",
    "lightskyblue": "87cefa", "lightslategray": "778899", "lightslategrey": "778899",
    "lightsteelblue": "b0c4de", "lightyellow": "ffffe0", "lime": "00ff00", "limegreen": "32cd32",
    "linen": "faf0e6", "magenta": "ff00ff", "maroon": "800000", "mediumaquamarine": "66cdaa",
    "mediumblue": "0000cd", "mediumorchid": "ba55d3", "mediumpurple": "9370db",
    "mediumseagreen": "3cb371", "mediumslateblue": "7b68ee", "mediumspringgreen": "00fa9a",
    "mediumturquoise": "48d1cc", "mediumvioletred": "c71585", "midnightblue": "191970",
    "mintcream": "f5fffa", "mistyrose": "ffe4e1", "moccasin": "ffe4b5", "navajowhite": "ffdead",
    "navy": "000080", "oldlace": "fdf5e6", "olive": "808000", "olivedrab": "6b8e23",
    "orange": "ffa500", "orangered": "ff4500", "orchid": "da70d6", "palegoldenrod": "eee8aa",
    "palegreen": "98fb98", "paleturquoise": "afeeee", "palevioletred": "db7093",
    "papayawhip": "ffefd5", "peachpuff": "ffdab9", "peru": "cd853f", "pink": "ffc0cb",
    "plum": "dda0dd", "powderblue": "b0e0e6", "purple": "800080", "rebeccapurple": "663399",
    "red": "ff0000", "rosybrown": "bc8f8f", "royalblue": "4169e1", "saddlebrown": "8b4513",
    "salmon": "fa8072", "sandybrown": "f4a460", "seagreen": "2e8b57", "seashell": "fff5ee",
    "sienna": "a0522d", "silver": "c0c0c0", "skyblue": "87ceeb", "slateblue": "6a5acd",
    "slategray": "708090", "slategrey": "708090", "snow": "fffafa", "springgreen": "00ff7f",
    "steelblue": "4682b4", "tan": "d2b48c", "teal": "008080", "thistle": "d8bfd8",
    "tomato": "ff6347", "turquoise": "40e0d0", "violet": "ee82ee", "wheat": "f5deb3",
    "white": "ffffff", "whitesmoke": "f5f5f5", "yellow": "ffff00", "yellowgreen": "9acd32",
}

# CSS system colors, resolved as Chromium resolves them in a light color scheme.
SYSTEM: dict[str, str] = {
    "canvas": "ffffff", "canvastext": "000000", "linktext": "0000ee", "visitedtext": "551a8b",
    "buttonface": "efefef", "buttontext": "000000", "buttonborder": "767676", "field": "ffffff",
    "fieldtext": "000000", "highlight": "3390ff", "highlighttext": "ffffff", "graytext": "6d6d6d",
    "mark": "ffff00", "marktext": "000000", "window": "ffffff", "windowtext": "000000",
}

HEX_RE = re.compile(r"^#([0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")
_FUNC_RE = re.compile(r"^([a-z-]+)\((.*)\)$", re.S)


class ColorParseError(ValueError):
    pass


def parse_hex(value: str) -> RGBA:
    m = HEX_RE.match(value.strip())
    if not m:
        raise ColorParseError(f"not a hex color: {value!r}")
    h = m.group(1)
    if len(h) in (3, 4):
        h = "".join(c * 2 for c in h)
    r, g, b = int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)
    a = int(h[6:8], 16) / 255 if len(h) == 8 else 1.0
    return RGBA(r, g, b, a)


def is_hex(value: object) -> bool:
    return isinstance(value, str) and bool(HEX_RE.match(value.strip()))


def _split_args(body: str) -> tuple[list[str], str | None]:
    """Split a color function's arguments: legacy commas or modern spaces with `/ alpha`."""
    body = body.strip()
    alpha: str | None = None
    if "/" in body:
        body, alpha = body.split("/", 1)
        alpha = alpha.strip()
    parts = [p for p in re.split(r"[\s,]+", body.strip()) if p]
    if alpha is None and "," in body and len(parts) == 4:
        alpha = parts.pop()
    return parts, alpha


def _num(tok: str, scale_pct: float = 1.0) -> float:
    tok = tok.strip()
    if tok == "none":
        return 0.0
    if tok.endswith("%"):
        return float(tok[:-1]) * scale_pct / 100.0
    return float(tok)


def _alpha(tok: str | None) -> float:
    if tok is None:
        return 1.0
    return max(0.0, min(1.0, _num(tok, 1.0)))


def _hue(tok: str) -> float:
    tok = tok.strip().lower()
    for unit, factor in (("deg", 1.0), ("grad", 0.9), ("rad", 180 / math.pi), ("turn", 360.0)):
        if tok.endswith(unit):
            return float(tok[: -len(unit)]) * factor
    return float(tok)


@lru_cache(maxsize=4096)
def parse_color(value: str) -> RGBA | str:
    """Parse a CSS color; returns RGBA, or a lower-case context keyword such as 'currentcolor'.

    Raises ColorParseError for anything else, so callers can report the malformed value.
    """
    v = value.strip()
    low = v.lower()
    if not low:
        raise ColorParseError("empty color")
    if low in CONTEXT_KEYWORDS:
        return low
    if low == "transparent":
        return TRANSPARENT
    if low.startswith("#"):
        return parse_hex(low)
    if low in NAMED:
        return parse_hex("#" + NAMED[low])
    if low in SYSTEM:
        return parse_hex("#" + SYSTEM[low])
    m = _FUNC_RE.match(low)
    if not m:
        raise ColorParseError(f"not a CSS color: {value!r}")
    fn, body = m.group(1), m.group(2)
    try:
        parts, alpha = _split_args(body)
        if fn in ("rgb", "rgba"):
            if len(parts) != 3:
                raise ColorParseError(f"rgb() needs three channels: {value!r}")
            r, g, b = (_num(p, 255.0) for p in parts)
            return RGBA(r, g, b, _alpha(alpha))
        if fn in ("hsl", "hsla"):
            if len(parts) != 3:
                raise ColorParseError(f"hsl() needs three channels: {value!r}")
            h = _hue(parts[0]) % 360
            s = _num(parts[1], 100.0) / 100.0 if parts[1].endswith("%") else float(parts[1]) / 100.0
            light = _num(parts[2], 100.0) / 100.0 if parts[2].endswith("%") else float(parts[2]) / 100.0
            rr, gg, bb = colorsys.hls_to_rgb(h / 360.0, max(0, min(1, light)), max(0, min(1, s)))
            return RGBA(rr * 255, gg * 255, bb * 255, _alpha(alpha))
        if fn == "hwb":
            h = _hue(parts[0]) % 360
            w = _num(parts[1], 1.0) if parts[1].endswith("%") else float(parts[1]) / 100.0
            bl = _num(parts[2], 1.0) if parts[2].endswith("%") else float(parts[2]) / 100.0
            if w + bl >= 1:
                grey = w / (w + bl) * 255
                return RGBA(grey, grey, grey, _alpha(alpha))
            rr, gg, bb = colorsys.hls_to_rgb(h / 360.0, 0.5, 1.0)
            conv = [(c * (1 - w - bl) + w) * 255 for c in (rr, gg, bb)]
            return RGBA(conv[0], conv[1], conv[2], _alpha(alpha))
        if fn == "color":
            space, *chan = parts
            if space not in ("srgb", "srgb-linear", "display-p3") or len(chan) != 3:
                raise ColorParseError(f"unsupported color space in {value!r}")
            vals = [_num(c, 1.0) for c in chan]
            if space == "srgb-linear":
                vals = [_linear_to_srgb(c) for c in vals]
            elif space == "display-p3":
                vals = _p3_to_srgb(vals)
            return RGBA(*(max(0.0, min(1.0, c)) * 255 for c in vals), _alpha(alpha))
    except (ValueError, IndexError) as ex:
        if isinstance(ex, ColorParseError):
            raise
        raise ColorParseError(f"malformed color {value!r}") from None
    raise ColorParseError(f"unsupported color function {fn}(): {value!r}")


def try_parse(value: str | None) -> RGBA | None:
    """Parse or return None (context keywords and malformed values alike)."""
    if not value:
        return None
    try:
        c = parse_color(value)
    except ColorParseError:
        return None
    return c if isinstance(c, RGBA) else None


def _linear_to_srgb(c: float) -> float:
    return 12.92 * c if c <= 0.0031308 else 1.055 * (c ** (1 / 2.4)) - 0.055


def _srgb_to_linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _p3_to_srgb(vals: list[float]) -> list[float]:
    lin = [_srgb_to_linear(c) for c in vals]
    m = [
        [1.2249401, -0.2249404, 0.0],
        [-0.0420569, 1.0420571, 0.0],
        [-0.0196376, -0.0786361, 1.0982735],
    ]
    out = [sum(m[i][j] * lin[j] for j in range(3)) for i in range(3)]
    return [_linear_to_srgb(max(0.0, c)) for c in out]


# --------------------------------------------------------------------------- comparisons


def to_lab(colors: list[RGBA] | np.ndarray) -> np.ndarray:
    """CIELAB (D65) of sRGB colors, as an (n, 3) array."""
    from skimage.color import rgb2lab

    if isinstance(colors, np.ndarray):
        arr = colors.astype(float).reshape(-1, 3)
    else:
        arr = np.array([[c.r, c.g, c.b] for c in colors], dtype=float).reshape(-1, 3)
    arr = np.clip(arr / 255.0, 0, 1)
    return rgb2lab(arr.reshape(1, -1, 3)).reshape(-1, 3)


def delta_e(lab1: np.ndarray, lab2: np.ndarray) -> np.ndarray:
    """CIEDE2000 between broadcastable arrays of Lab colors."""
    from skimage.color import deltaE_ciede2000

    return deltaE_ciede2000(lab1, lab2)


def delta_e_rgba(a: RGBA, b: RGBA) -> float:
    la, lb = to_lab([a, b])
    return float(delta_e(la, lb))


def relative_luminance(c: RGBA) -> float:
    def ch(v: float) -> float:
        s = max(0.0, min(255.0, v)) / 255.0
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    return 0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b)


def contrast_ratio(fg: RGBA, bg: RGBA) -> float:
    """WCAG 2.x contrast ratio of two opaque colors (composite first)."""
    l1, l2 = relative_luminance(fg), relative_luminance(bg)
    hi, lo = max(l1, l2), min(l1, l2)
    return (hi + 0.05) / (lo + 0.05)
