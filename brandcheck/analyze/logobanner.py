"""A kit logo drawn inside a larger image: a hero banner, an email header picture (optional search).

The whole-image identification (`logoshape`) answers "is this image a logo?"; a 600x200 email
header picture with the logo in its top-left corner next to a photo and a slogan is not one, so
the logo in it was never seen: an outdated logo baked into a banner went unreported and
`logo.Missing` fired although the logo was there. This module looks for each kit drawing inside
such a picture, in two stages:

1. **Search.** The picture is reduced to `SEARCH_H` px high and turned into an edge map: the
   gradient magnitude of its CIELAB channels, softly saturated. Edges are what a logo shares with
   its kit file whatever it is drawn on (orange on white, white on a dark photo, the inverse
   variant): they ignore the background color and the ink's polarity, and the saturation makes
   a pale and a strong outline count alike. Each kit drawing (primary and inverse are one
   drawing) is rendered as the edge map of its own ink mask at heights from `MIN_FRACTION` of
   the picture's height (never below `MIN_LOGO_PX`) up to the whole height, in steps of
   `SCALE_STEP`, and slid over the picture with normalised cross correlation (the sum
   `skimage.feature.match_template` computes, with the picture's FFT shared by every template size:
   `_Correlator`). The best few windows over all scales and
   drawings (non-overlapping) go on.
2. **Confirmation.** Each window is cut from the picture at full resolution with a margin, its
   ink told from its surroundings the way a logo's crop is (`logoshape.ink_mask` against the
   dominant color of the margin; over a gradient, against a plane fitted to it), restricted to
   where the search put the logo, and identified with the same normalised-mask SSIM against every
   kit logo as every other candidate (`logos.shape_scores`). So the confidence means what it
   means elsewhere; the bar is higher (`BANNER_MIN`) because a search that tries thousands of
   windows gives chance more opportunities than one whole image does.

Correlation alone is not trusted: text and photo texture correlate with a wordmark's edges at
0.3-0.6. SSIM of the segmented window alone would be too slow to slide. The two stages together
cost about 0.1 s of CPU per picture (median 92-104 ms, p95 about 200 ms on the project's shared
machine; `benchmarks/logo_banner.py`), which is why the analyzer searches only pictures in the
header region, at most `logos.MAX_BANNERS` per touchpoint.

Limits, said rather than guessed: a logo drawn straight over a busy photo (no plain or smoothly
graded area around it) cannot be segmented and is not confirmed; a logo drawn distorted inside a
picture is searched at the kit's proportions and may be missed; images larger than `MAX_SIDE` px
on a side are searched reduced.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from . import logoshape as ls

if TYPE_CHECKING:
    from .kitlogos import KitLogoModel, KitLogoSet

#: Height (px) the picture is reduced to for the search: a logo of a fifth of it is still 22 px
#: high (its parts apart), and a search over every scale costs tens of milliseconds (at 160 px it
#: cost twice as much for no better recall).
SEARCH_H = 112
#: ...and the longest width searched at that height (a very wide strip is reduced further).
SEARCH_W_MAX = 800
#: Smallest logo searched, as a share of the picture's height, and in search pixels.
MIN_FRACTION = 0.15
MIN_LOGO_PX = 14
#: Ratio between successive template heights (the SSIM confirmation absorbs the rest).
SCALE_STEP = 1.15
#: Windows confirmed per picture and per kit drawing, and the correlation below which a window
#: is not worth it.
MAX_CONFIRM = 6
PER_DRAWING = 2
NCC_MIN = 0.25
#: The shape score (SSIM, as in `logos.MATCH_MIN`) a window needs to be a logo. Set from
#: `benchmarks/logo_banner.py`: over 388 searches of banners without a logo (the corpus sites'
#: photos, illustrations, client logos and icons; noise photos, gradients, slogans) against every
#: corpus kit, the best window scored 0.80 (three round dots against a mark of three rounded
#: squares); 99 % of 798 banners with a kit logo (20-70 % of their height, PNG and JPEG) score
#: above 0.85. The whole-image bar (0.75) would have let that 0.80 through: a search tries far
#: more windows than a whole image has.
BANNER_MIN = 0.85
#: Long side (px) of the full-resolution pixels a window is confirmed on.
MAX_SIDE = 1600
#: Long side (px) a window is identified at.
CONFIRM_SIDE = 320
#: Margin cut around a window for its background, as a share of the logo's height.
MARGIN = 0.2


@dataclass
class BannerMatch:
    """A kit logo found inside a picture. Boxes are (x0, y0, x1, y1) in the searched picture's px."""

    model: KitLogoModel  # the kit logo whose shape matched best (the drawing; colors pick the variant)
    score: float  # shape score of the confirmed window (SSIM, as elsewhere)
    ncc: float  # the search's correlation
    window: tuple[float, float, float, float]  # the window cut for confirmation (logo + margin)
    ink: tuple[float, float, float, float]  # the confirmed ink box
    rgba: np.ndarray  # the window's pixels, at most CONFIRM_SIDE px long (evidence, colors)
    mask: np.ndarray  # the ink mask of `rgba` (restricted to the logo's place)
    background: np.ndarray | None  # the plain color around the logo, when there is one
    scores: dict[str, float] = field(default_factory=dict)


@dataclass
class _Template:
    group: str
    model: KitLogoModel
    mask: np.ndarray  # the kit logo's ink mask trimmed to its ink box
    aspect: float
    edges: dict[tuple[int, int, int], np.ndarray] = field(default_factory=dict)  # (h, w, pad) -> edge map

    def edge_map(self, h: int, w: int, pad: int) -> np.ndarray:
        """The edge map of the kit ink mask drawn h x w px with `pad` px of empty margin, computed
        as the picture's edges are (ink at ΔE 100 from its background); kept with the kit's
        templates, since pictures of the same size ask for the same ones."""
        key = (h, w, pad)
        got = self.edges.get(key)
        if got is None:
            t = np.zeros((h + 2 * pad, w + 2 * pad, 1), np.float32)
            t[pad:pad + h, pad:pad + w, 0] = np.clip(ls._resize(self.mask, (h, w)), 0, 1) * 100.0
            got = _soft_edges(t)
            if len(self.edges) > 512:
                self.edges.clear()
            self.edges[key] = got
        return got


_TEMPLATES: dict[int, list[_Template]] = {}


def _templates(kit: KitLogoSet) -> list[_Template]:
    """One template per drawing (a primary and its inverse share it), current and deprecated."""
    key = id(kit)
    if key in _TEMPLATES:
        return _TEMPLATES[key]
    out: list[_Template] = []
    seen: set[str] = set()
    for m in kit.models:
        if m.group in seen:
            continue
        mask, _ = ls.ink_mask(m.loaded.rgba)
        if mask is None:
            continue
        x0, y0, x1, y1 = m.shape.box
        sub = mask[int(np.floor(y0)):int(np.ceil(y1)), int(np.floor(x0)):int(np.ceil(x1))]
        if sub.size == 0:
            continue
        seen.add(m.group)
        out.append(_Template(group=m.group, model=m, mask=sub.astype(np.float32), aspect=m.ink_aspect))
    if len(_TEMPLATES) > 16:
        _TEMPLATES.clear()
    _TEMPLATES[key] = out
    return out


def _opaque(rgba: np.ndarray) -> np.ndarray:
    """RGB of a picture as a page shows it; transparent parts over mid grey, from which both a
    white and a dark logo stand out (the page's own background is not known here)."""
    rgb = rgba[..., :3]
    if rgba.shape[-1] == 4 and float(rgba[..., 3].min()) < 0.999:
        a = rgba[..., 3:4]
        rgb = rgb * a + 0.5 * (1.0 - a)
    return np.ascontiguousarray(rgb, dtype=np.float32)


def _soft_edges(lab: np.ndarray) -> np.ndarray:
    """Edge strength of a CIELAB image (H x W x 3), saturating: a step of ΔE 15 counts half."""
    from scipy.ndimage import gaussian_filter, sobel

    g2 = np.zeros(lab.shape[:2], np.float32)
    for c in range(lab.shape[2]):
        ch = gaussian_filter(lab[..., c], 0.6)
        g2 += sobel(ch, axis=0) ** 2 + sobel(ch, axis=1) ** 2
    g = np.sqrt(g2) / 4.0  # Sobel's gain on a one-pixel step
    return (g / (g + 15.0)).astype(np.float32)


def _heights(search_h: int, search_w: int, aspect: float) -> list[int]:
    lo = max(MIN_LOGO_PX, round(MIN_FRACTION * search_h))
    hi = min(search_h - 2, int((search_w - 2) / max(aspect, 1e-3)))
    out: list[int] = []
    h = float(lo)
    while h <= hi:
        out.append(round(h))
        h *= SCALE_STEP
    if hi >= lo and (not out or out[-1] < hi - 1):
        out.append(hi)
    return sorted(set(out))


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    """Intersection over the smaller box."""
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    small = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return ix * iy / max(small, 1e-6)


class _Correlator:
    """Normalised cross correlation of one image with many templates (`match_template`'s "valid"
    result): the image's FFT and its integral images are computed once, each template costs one
    forward and one inverse FFT. `skimage.feature.match_template` recomputes both per call, which
    was three quarters of the search's time over 30 template sizes."""

    def __init__(self, image: np.ndarray) -> None:
        from scipy import fft

        self.h, self.w = image.shape
        self.shape = (fft.next_fast_len(2 * self.h, real=True), fft.next_fast_len(2 * self.w, real=True))
        img = image.astype(np.float64)
        self.spec = fft.rfft2(img.astype(np.float32), self.shape)
        self.s1 = np.pad(img.cumsum(0).cumsum(1), ((1, 0), (1, 0)))
        self.s2 = np.pad((img * img).cumsum(0).cumsum(1), ((1, 0), (1, 0)))

    def _window(self, s: np.ndarray, th: int, tw: int) -> np.ndarray:
        return s[th:, tw:] - s[:-th, tw:] - s[th:, :-tw] + s[:-th, :-tw]

    def match(self, template: np.ndarray) -> np.ndarray:
        from scipy import fft

        th, tw = template.shape
        t = template.astype(np.float64) - float(template.mean())
        tnorm = float(np.sqrt((t * t).sum()))
        n = th * tw
        corr = fft.irfft2(self.spec * fft.rfft2(t[::-1, ::-1].astype(np.float32), self.shape), self.shape)
        num = corr[th - 1:self.h, tw - 1:self.w]
        s1 = self._window(self.s1, th, tw)
        var = self._window(self.s2, th, tw) - s1 * s1 / n
        den = np.sqrt(np.maximum(var, 0.0)) * tnorm
        out = np.zeros_like(num)
        ok = den > 1e-6 * max(1.0, tnorm) * np.sqrt(n)
        out[ok] = num[ok] / den[ok]
        return out


def candidates(rgb: np.ndarray, kit: KitLogoSet) -> list[tuple[float, _Template, tuple[float, float, float, float]]]:
    """The search: the best windows (correlation, template, ink box in `rgb`'s px), best first."""
    from skimage.feature import peak_local_max

    H, W = rgb.shape[:2]
    k = min(1.0, SEARCH_H / H, SEARCH_W_MAX / W)
    sh, sw = max(1, round(H * k)), max(1, round(W * k))
    small = np.stack([ls._resize(rgb[..., c], (sh, sw)) for c in range(3)], axis=-1) if k < 1.0 else rgb
    edges = _soft_edges(ls.lab_of(np.clip(small, 0, 1)))
    if float(edges.max()) < 0.05:
        return []  # a plain picture
    corr = _Correlator(edges)
    kx, ky = sw / W, sh / H
    found: list[tuple[float, _Template, tuple[float, float, float, float]]] = []
    for tpl in _templates(kit):
        for th in _heights(sh, sw, tpl.aspect):
            tw = max(2, round(th * tpl.aspect))
            pad = max(2, round(0.08 * th))
            if th + 2 * pad > sh or tw + 2 * pad > sw:
                pad = 0  # the logo fills the picture edge to edge: no margin to search with
                if th > sh or tw > sw:
                    continue
            t = tpl.edge_map(th, tw, pad)
            if float(t.std()) < 1e-4:
                continue
            r = corr.match(t)
            peaks = peak_local_max(r, min_distance=max(2, th // 3), threshold_abs=NCC_MIN, num_peaks=3,
                                   exclude_border=False)
            for py, px in peaks:
                x0, y0 = (px + pad) / kx, (py + pad) / ky
                found.append((float(r[py, px]), tpl, (x0, y0, x0 + tw / kx, y0 + th / ky)))
    # the best windows of each drawing apart: a lockup contains its own mark, and a window of the
    # mark must not hide the lockup's
    found.sort(key=lambda f: -f[0])
    kept: list[tuple[float, _Template, tuple[float, float, float, float]]] = []
    per_group: dict[str, int] = {}
    for f in found:
        g = f[1].group
        if per_group.get(g, 0) >= PER_DRAWING:
            continue
        if all(_overlap(f[2], o[2]) < 0.3 for o in kept if o[1].group == g):
            kept.append(f)
            per_group[g] = per_group.get(g, 0) + 1
    return sorted(kept, key=lambda f: -f[0])[:MAX_CONFIRM]


def _plane_mask(rgb: np.ndarray) -> tuple[np.ndarray | None, np.ndarray | None]:
    """Ink mask against a background that changes smoothly (a gradient): a plane fitted to the
    window's border ring in CIELAB. None when the ring is not smooth either (a photo)."""
    h, w = rgb.shape[:2]
    lab = ls.lab_of(rgb)
    t = 2 if min(h, w) >= 16 else 1
    ring = np.zeros((h, w), bool)
    ring[:t], ring[-t:], ring[:, :t], ring[:, -t:] = True, True, True, True
    ys, xs = np.nonzero(ring)
    A = np.stack([np.ones_like(xs, dtype=np.float64), xs / w, ys / h], axis=1)
    coef, *_ = np.linalg.lstsq(A, lab[ring].astype(np.float64), rcond=None)
    yy, xx = np.mgrid[0:h, 0:w]
    plane = (coef[0][None, None, :] + (xx / w)[..., None] * coef[1][None, None, :]
             + (yy / h)[..., None] * coef[2][None, None, :]).astype(np.float32)
    d = ls.delta_e76(lab, plane)
    ring_d = d[ring]
    if float(np.percentile(ring_d, 75)) > 6.0:
        return None, None  # the surroundings are not a gradient: a photo or other content
    noise = float(np.percentile(ring_d, 90))
    peak = float(np.percentile(d, 99.5))
    lo = max(6.0, noise * 1.5, 0.2 * peak)
    hi = max(24.0, lo + 12.0, 0.6 * peak)
    return np.clip((d - lo) / (hi - lo), 0.0, 1.0).astype(np.float32), None


def confirm(rgba: np.ndarray, ink: tuple[float, float, float, float], kit: KitLogoSet, ncc: float
            ) -> BannerMatch | None:
    """Identify the window the search proposes, on the picture's own pixels (see the module docstring)."""
    from .logos import shape_scores

    H, W = rgba.shape[:2]
    x0, y0, x1, y1 = ink
    lh = y1 - y0
    m = max(3.0, MARGIN * lh)
    wx0, wy0 = max(0, int(np.floor(x0 - m))), max(0, int(np.floor(y0 - m)))
    wx1, wy1 = min(W, int(np.ceil(x1 + m))), min(H, int(np.ceil(y1 + m)))
    if wx1 - wx0 < 8 or wy1 - wy0 < 8:
        return None
    win = rgba[wy0:wy1, wx0:wx1].copy()
    # identified on the window reduced as any candidate is (`logos.WORK_SIDE`-like): the shape
    # needs no more, and a 900 px window costs ten times a 300 px one
    f = min(1.0, CONFIRM_SIDE / max(win.shape[:2]))
    small = ls.work_size(win, CONFIRM_SIDE) if f < 1.0 else win
    if small.shape[1] != win.shape[1]:
        f = small.shape[1] / win.shape[1]
    rgb = small.copy()
    if rgb.shape[-1] == 4:
        rgb[..., :3] = _opaque(small)
        rgb[..., 3] = 1.0
    mask, bg = ls.ink_mask(rgb)
    if mask is None:
        mask, bg = _plane_mask(rgb[..., :3])
    if mask is None:
        return None
    # only the ink where the search put the logo: a slogan or a photo edge next to it is not part
    # of it. First with a slack for the scale steps and the search's pixels; if that does not
    # identify the logo, tight to the window (content close beside a logo falls in the slack).
    best_match: BannerMatch | None = None
    for slack in (0.1 * lh + 1.0, 0.03 * lh + 1.0):
        keep = np.zeros_like(mask)
        ky0, ky1 = max(0, int(np.floor((y0 - slack - wy0) * f))), int(np.ceil((y1 + slack - wy0) * f))
        kx0, kx1 = max(0, int(np.floor((x0 - slack - wx0) * f))), int(np.ceil((x1 + slack - wx0) * f))
        keep[ky0:ky1, kx0:kx1] = 1.0
        kept = mask * keep
        shape = ls.shape_of(kept)
        if shape is None:
            continue
        scores = shape_scores(shape, kit)
        if not scores:
            continue
        best = max(scores, key=lambda n: scores[n])
        model = kit.by_name(best)
        if model is None:
            continue
        if best_match is None or scores[best] > best_match.score:
            bx0, by0, bx1, by1 = shape.box
            best_match = BannerMatch(model=model, score=float(scores[best]), ncc=ncc, window=(wx0, wy0, wx1, wy1),
                                     ink=(wx0 + bx0 / f, wy0 + by0 / f, wx0 + bx1 / f, wy0 + by1 / f), rgba=small,
                                     mask=kept,
                                     background=bg, scores={n: round(v, 4) for n, v in scores.items()})
        if best_match.score >= BANNER_MIN:
            break
    return best_match


def search(rgba: np.ndarray, kit: KitLogoSet, *, min_score: float = BANNER_MIN) -> list[BannerMatch]:
    """Every kit logo found inside a picture (RGBA floats 0..1), best first; boxes in its pixels.

    Overlapping finds are one logo; an empty list when there is no logo (or no kit logo to look
    for). `min_score` below `BANNER_MIN` is for measuring (the benchmark's score distributions)."""
    if not kit.models or rgba.ndim != 3 or min(rgba.shape[:2]) < 8:
        return []
    H, W = rgba.shape[:2]
    scale = 1.0
    if max(H, W) > MAX_SIDE:
        scale = MAX_SIDE / max(H, W)
        rgba = ls.work_size(rgba, MAX_SIDE)
    rgb = _opaque(rgba)
    found: list[BannerMatch] = []
    for ncc, _tpl, ink in candidates(rgb, kit):
        got = confirm(rgba, ink, kit, ncc)
        if got is not None and got.score >= min_score:
            found.append(got)
    # overlapping finds are one logo: the larger one when it holds the other (a lockup holds its
    # mark), else the better score
    found.sort(key=lambda o: -(o.ink[2] - o.ink[0]) * (o.ink[3] - o.ink[1]))
    out: list[BannerMatch] = []
    for got in found:
        clash = [o for o in out if _overlap(got.ink, o.ink) >= 0.3]
        if not clash:
            out.append(got)
        elif all(got.score > o.score and (_overlap(got.ink, o.ink) < 0.8 or o.score < BANNER_MIN) for o in clash):
            out = [o for o in out if o not in clash] + [got]
    if scale != 1.0:
        for o in out:
            o.window = tuple(v / scale for v in o.window)  # type: ignore[assignment]
            o.ink = tuple(v / scale for v in o.ink)  # type: ignore[assignment]
    return sorted(out, key=lambda o: -o.score)
